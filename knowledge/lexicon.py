"""Which Persian words exist, and what part of speech each is: the yardstick for "does this text read as Persian".

Extracted text is judged by how many of its words hazm's lexicon knows (its
word list, plus every form of its verbs through the Lemmatizer): Persian as
written scores 0.81-0.98, the same words spelt backwards 0.12-0.21.  Loading
the lexicon takes about a second, so it happens on first use, once a process.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ZWNJ = "\u200c"
# A Persian word: Arabic-script letters and marks, and the half-space; not «،» «؛» «؟» or digits.
ARABIC_WORD = re.compile(r"[\u0620-\u065f\u066e-\u06d3\u06d5-\u06ed\u06fa-\u06ff\u200c]+")
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ـ": None})
_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")  # short vowels, tanwin, shadda: spelt or not
_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")

# The pronoun endings of a possessive («معایبش», «مزایاشون»), longest first so that stripping one takes it whole.
POSSESSIVE_ENDINGS = ("شون", "شان", "اش", "ش")

# The commonest Persian function words, each its own class in the word-order model: where they stand
# ("را" after its object, "است" last, "از"/"به"/"در" before a noun) is what tells a line's direction.
FUNCTION_WORDS = frozenset(
    ["را", "و", "که", "از", "به", "در", "با", "برای", "تا", "بر", "این", "آن", "هر", "یک", "است", "هستند", "بود",
     "شد", "شود", "باشد"]
)


def fold(token: str) -> str:
    """One spelling for lookup: presentation forms, Arabic ي/ك, short vowels and stray half-spaces folded."""
    token = unicodedata.normalize("NFKC", token).translate(_FOLD)
    return _MARKS.sub("", token).strip(ZWNJ)


def persian_words(text: str) -> list[str]:
    """The Arabic-script words of ``text`` with two letters or more (shorter ones read the same reversed)."""
    words = (fold(w) for w in ARABIC_WORD.findall(unicodedata.normalize("NFKC", text)))
    return [w for w in words if len(_LETTER.findall(w)) >= 2]


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    from hazm.utils import words_list

    return {fold(word): tag for word, _, tag in words_list()}


@lru_cache(maxsize=1)
def _lexicon():
    from hazm import Lemmatizer

    return _tags(), Lemmatizer()


@lru_cache(maxsize=1)
def _listed() -> frozenset[str]:
    return frozenset(word.replace(ZWNJ, "") for word in _tags())  # the list alone: no Lemmatizer to build


def is_listed(word: str) -> bool:
    """The word as it stands is in hazm's word list (half-spaces left out, as the search form writes it).

    Why: «میلیون», «میانگین», «میزان» look like spoken verbs («می...ن»); the list tells them apart.
    """
    return word in _listed()


@lru_cache(maxsize=100_000)
def is_word(word: str) -> bool:
    """A word of hazm's lexicon: listed, a form of a listed verb, or a listed word with a plural/adjective suffix."""
    tags, lemmatizer = _lexicon()
    return word in tags or lemmatizer.lemmatize(word) != word


def known_share(words: list[str]) -> float:
    return sum(map(is_word, words)) / len(words) if words else 0.0


@lru_cache(maxsize=100_000)
def word_class(token: str) -> str:
    """The token's class for the word-order model: a function word itself, V(erb), hazm's tags, or LAT/NUM/UNK.

    All of a word's tags together ("N,AJ"): measured, they tell a line's direction better than the first.
    """
    if token[0].isdigit():
        return "NUM"
    if token.isascii():
        return "LAT"
    word = fold(token)
    if word in FUNCTION_WORDS:
        return word
    tags, lemmatizer = _lexicon()
    lemma = lemmatizer.lemmatize(word)
    if "#" in lemma:
        return "V"
    tag = tags.get(word) or tags.get(lemma)
    return ",".join(tag) if tag else "UNK"
