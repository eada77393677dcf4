"""Persian text normalisation for search.

Students type Persian the way they speak it: half-spaces missing or replaced by
spaces, Arabic ي/ك from old keyboards, Persian, Arabic or Latin digits, "3x3"
or "۳×۳", English terms in any case, and colloquial verbs ("میکنن", "میشه").
The course material has the same mess in the other direction (OCR'd slides with
Arabic letters and dropped half-spaces).  Everything here maps both sides onto
one *search form* so that they meet.  It is pure ``str -> str`` / ``str ->
list[str]``: no I/O, no model, easy to test.

hazm's :class:`Normalizer` does the character-level work (Arabic presentation
forms, Persian punctuation and quotes, special characters).  Its spacing
corrections ("می کند" → "می‌کند") load hazm's word and verb lists, which costs
about two seconds per process; search does not need them, since the search form
treats ZWNJ, space and nothing alike anyway (see ``_PREFIX``/``_SUFFIX``), so
they are turned off.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set as AbstractSet
from functools import cached_property, lru_cache

from knowledge.lexicon import is_listed

# Bump when the search form changes: an index built with another version must be rebuilt.
NORMALIZER_VERSION = 9

ZWNJ = "\u200c"
_HALF_SPACES = "\u200c\u200d\u200e\u200f\u00ad\u2060\ufeff"

_LETTERS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "ؤ": "و",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ـ": None,  # tatweel
    }
)
LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")  # Persian and Arabic digits
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
# 3x3, 3 × 3, 3*3, 224x224x3: one token "3x3" whatever the script or sign.
_TIMES = re.compile(r"(?<=\d)\s*[x×*✕✖X]\s*(?=\d)")
_WORD = re.compile(r"[^\W_]+(?:_[^\W_]+)*", re.UNICODE)
# After half-spaces become spaces, the verb prefix and the plural/comparative suffixes
# are glued back so "می‌کند", "می کند" and "میکند" are one word while a half-space
# typed between two real words ("نرخ‌یادگیری") still separates them.
_PREFIX = re.compile(r"(?<!\S)(ن?می) (?=\S)")
_SUFFIX = re.compile(r"(?<=\S) (ها|های|هایی|هایم|هایت|هایش|تر|ترین|تری|ای|ام|اید|ایم|اند)(?!\S)")
# The ezafe written as a letter of its own («حقه‌ی هسته», «شبکه ی عصبی») links two words of one phrase: left
# as a word «ی», it stood between them, so «حقه هسته» (kernel trick) or «شبکه عصبی» never matched as a phrase.
_EZAFE = re.compile(r"(?<=\S) ی(?!\S)")
# «شده‌ست», «گفته‌ست»: the spoken «… است» joined to a participle by a half-space.  Apart, «ست» read as a word
# of its own (the material's «ست کردن», to set), so «کی تعریف شده‌ست؟» seemed to name a topic of its own and
# was not read as a follow-up.  Only the half-space form: «… ه ست کنید» with a space is the verb.
_JOINED_AST = re.compile(r"(?<=\Sه)\u200cست(?![\w\u200c])")

# Colloquial spoken forms mapped to the written forms used in course material.
# Keys and values are in search form (no half-space).  Verb endings that follow
# a regular pattern are handled by _colloquial_verb below.
_COLLOQUIAL = {
    "چیه": "چیست",
    "کیه": "کیست",
    "چیان": "چیستند",
    "چین": "چیستند",
    "کدومه": "کدام",
    "کدوم": "کدام",
    "چجوری": "چگونه",
    "چطوری": "چگونه",
    "چطور": "چگونه",
    "میشه": "میشود",
    "میشن": "میشوند",
    "نمیشه": "نمیشود",
    "میره": "میرود",
    "میرن": "میروند",
    "میده": "میدهد",
    "میدن": "میدهند",
    "میخواد": "میخواهد",
    "میخوان": "میخواهند",
    "میتونه": "میتواند",
    "میتونن": "میتوانند",
    "میتونم": "میتوانم",
    "نمیتونه": "نمیتواند",
    "میگن": "میگویند",
    "میگه": "میگوید",
    "میاد": "میآید",
    "میفته": "میافتد",
    "میافته": "میافتد",
    "میفتن": "میافتند",
    "میان": "میآیند",
    "اومد": "آمد",
    "اومده": "آمده",
    "داره": "دارد",
    "دارن": "دارند",
    "نداره": "ندارد",
    "ندارن": "ندارند",
    "بده": "بدهد",
    "هستش": "است",
    "هست": "است",
    "بشه": "بشود",
    "باشه": "باشد",
    "کنه": "کند",
    "کنن": "کنند",
    "رو": "را",
    "یه": "یک",
    "اگه": "اگر",
    "واسه": "برای",
    "واسا": "برای",
    "چیکار": "چکار",
    "چن": "چند",  # «چن تا لایه داره؟»: the spoken «چند», typed as said
    "چنتا": "چندتا",
    "فرقشون": "فرق",
    "فرقش": "فرق",
    "خوبه": "خوب",
    "بهتره": "بهتر",
}
_MI_VERB = re.compile(r"^(ن?می)(.{2,})(ه|ن)$")


def _colloquial_verb(token: str) -> str:
    """میکنه → میکند, میکنن → میکنند, نمیخوره → نمیخورد: the spoken present tense."""
    m = _MI_VERB.match(token)
    if not m or is_listed(token):  # «میلیون», «میانگین», «میانه» are nouns, not «میلیوند»
        return token
    prefix, stem, ending = m.groups()
    if stem.endswith(("ه", "ا")):  # میده/میخوان: irregular, listed above
        return token
    return prefix + stem + ("د" if ending == "ه" else "ند")


def formal(token: str) -> str:
    """Written form of a colloquial search-form token (unchanged when not colloquial)."""
    if token in _COLLOQUIAL:
        return _COLLOQUIAL[token]
    return _colloquial_verb(token)


@lru_cache(maxsize=1)
def _hazm_normalizer():
    # hazm imports scikit-learn and friends (about a second): load it on first use only.
    from hazm import Normalizer

    return Normalizer(
        persian_numbers=False, correct_spacing=False, decrease_repeated_chars=False, seperate_mi=False
    )


def clean(text: str) -> str:
    """Display-safe cleanup: Unicode compatibility forms, Arabic letters, diacritics, hazm spacing.

    The result is still readable Persian with half-spaces, suitable to show a user;
    :func:`search_form` goes further.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_LETTERS)
    text = _DIACRITICS.sub("", text)
    return _hazm_normalizer().normalize(text)


@lru_cache(maxsize=8192)
def search_form(text: str) -> str:
    """One canonical string for matching: no half-spaces, Latin digits, case-folded.

    Cached: a question is read by several steps (intent, glossary, follow-ups, abstention) and
    the same passages' sentences are scored question after question, while hazm's Normalizer
    rebuilds its translation tables on every call.
    """
    text = clean(text)
    text = text.translate(LATIN_DIGITS)
    text = _TIMES.sub("x", text)
    text = _JOINED_AST.sub(" است", text)
    for ch in _HALF_SPACES:
        text = text.replace(ch, " ")
    text = _EZAFE.sub("", _SUFFIX.sub(r"\1", _PREFIX.sub(r"\1", text)))
    return text.casefold()


def words(text: str) -> list[str]:
    """Word tokens of already search-formed text ("1x1" and "vgg_block" stay whole)."""
    return _WORD.findall(text)


def tokens(text: str) -> list[str]:
    """Search-form words with colloquial verbs and question words made formal."""
    return [formal(w) for w in words(search_form(text))]


class WordSet(AbstractSet):
    """A module's word list as :func:`tokens`, tokenised on first use rather than at import.

    Why: ``tokens`` loads hazm (3 s with scikit-learn), and a word list built at import made
    every ``import knowledge`` pay it, even ``daneshyar calc``, which never reads Persian.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(tokens(self.text))

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __iter__(self):
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)


def loose(text: str) -> str:
    """The loose comparison of the evaluation files: digits and the percent sign unified («95٪» is «95%»), ي/ك →
    ی/ک, no case, spaces or ZWNJ, and no Markdown bold marks (a quote shows «**WordPiece**» as the chat prints it,
    «WordPiece»)."""
    text = unicodedata.normalize("NFKC", text).translate(_LETTERS).translate(LATIN_DIGITS).replace("**", "").replace("٪", "%")
    text = re.sub(r"[\s" + _HALF_SPACES + "]+", "", text)
    return text.casefold()
