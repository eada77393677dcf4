"""Lexical analysis shared by passages and queries: the terms BM25 sees, and the query the dense model sees.

The choices here were made by measurement on the development questions
(``benchmarks/retrieval.py``): stripping plural and adjective suffixes helps
("لایه‌های" finds "لایه"), hazm's full stemmer hurts (see ``stem``), and
dropping hazm's stop words keeps "را"/"از"/"چیه" from outweighing the one
content word of a short question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.glossary import Glossary, Match, Term
from knowledge.normalize import NORMALIZER_VERSION, formal, search_form, tokens

# Bump when the stop words, the stemmer or the reading of glossary spellings change: indexed terms must be
# analysed again.
ANALYZER_VERSION = 7

# Words a question is made of that say nothing about its topic, on top of hazm's list.
_QUESTION_WORDS = (
    "چیست چیستند چگونه چرا کدام چه چی چند چقدر آیا کی کیست کجا یعنی منظور فرق تفاوت "
    "سلام ممنون مرسی لطفا لطفاً دوستان توضیح بدید بدین بگید بگین استفاده کار درباره "
    "چندتا تا میشود میکند میکنند دارد دارند است هست بود شد کرد چیکار چکار بده بگو اتفاق میافتد "
    "درد دردی میخورد بخورد "  # «به چه دردی میخوره»: what is it good for
    "اسلاید اسلایدها اسلایدا جزوه جزوات "  # «طبق اسلایدها»: where the student read it, not what it is about
)
# In hazm's list, but what a question turns on here: a learning rate «کم» or «زیاد», a «بزرگ» stride,
# the «اول» layer.  Measured: kept as terms, they pick the sentence about the case asked for.
_MEANINGFUL = "کم زیاد بالا پایین بزرگ کوچک بیشتر کمتر اول آخر دوم بهتر بدتر کند سریع"
# ... and said two ways: a learning rate «زیاد» is the material's «بالا», «کم» its «پایین».
_SAME = {"زیاد": "بالا", "کم": "پایین"}

# English function words and the verbs questions are built with: an English question over Persian
# material must not be refused because "does" or "many" never occur in it.
_ENGLISH_STOP_WORDS = (
    "a an the of in on at to for from by with without about into onto over under between among through "
    "and or but nor so if then than as is are was were be been being am do does did doing done have has had "
    "having can could should would will shall may might must it its it's this that these those there here "
    "what why how which when who whom whose where i you we they he she me my your our their them us "
    "not no yes any some many much more most less least very too also just only each every all both "
    "use uses used using worked working happens make makes made get gets "
    "difference different differ better worse best vs versus compare explain tell give show "
    "one ones someone something thing things way ways kind type doesnt dont isnt arent "
    "slide slides according mentioned listed"
)


# Inflectional suffixes only, longest first.  hazm's Stemmer also strips "تر", "م", "ت"
# and "ان", which in this domain merges فیلتر/فیلم into "فیل" and turns لنت into "لن";
# measured on the development and abstention questions, the light version is better.
_SUFFIXES = ("هایی", "هایم", "هایت", "هایش", "های", "ها", "ترین", "یی", "ی", "ای")


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Plural and adjectival suffixes off Persian words; a plural "s" off English words."""
    if token.isascii():
        if token.isalpha() and len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
            return token[:-1]
        return token
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


# Spoken suffixes a question glues to a word the material writes bare: plural «ـا» (کانالا), possessive
# «ـش/ـشون/ـم/ـت» (عیبش), «ـه/ـست» for «is» (زیاده، دره‌ست), «ـن» for «are» (وصلن).  Tried on question words
# only, longest first, and only when what remains is a word the material uses.
_SPOKEN_SUFFIXES = ("هاشون", "هاش", "اشون", "شون", "تون", "مون", "است", "ست", "اش", "ش", "ا", "ه", "ن", "م", "ت", "ی")


_MODEL_NUMBER = re.compile(r"([a-z]+)-?\d+")


def backoff(term: str, known: Callable[[str], bool]) -> str:
    """``term`` if the material uses it, else a word it is a spoken form of, else ``term``.

    "" when that word is a stop word («بالاست» is «بالا» + «است»): it says nothing either way.
    """
    if known(term):
        return term
    if term.isascii():  # «vgg16», «resnet50»: the model the material names, without its number
        glued = _MODEL_NUMBER.fullmatch(term)
        return glued.group(1) if glued and known(glued.group(1)) else term
    for suffix in _SPOKEN_SUFFIXES:
        bare = term[: -len(suffix)]
        if term.endswith(suffix) and len(bare) >= 2:
            if bare in stop_words():
                return ""
            if known(bare):
                return bare
    return term


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from hazm import stopwords_list

    words = list(stopwords_list()) + _QUESTION_WORDS.split() + _ENGLISH_STOP_WORDS.split()
    keep = {stem(formal(w)) for w in tokens(_MEANINGFUL)}
    return frozenset(stem(formal(w)) for word in words for w in tokens(word)) - keep


@dataclass(frozen=True)
class AnalyzerOptions:
    stem: bool = True
    stop_words: bool = True
    glossary: bool = True


class Analyzer:
    """Turns text into BM25 terms and questions into dense-model queries, the same way on both sides."""

    def __init__(self, glossary_path: Path | None = None, options: AnalyzerOptions = AnalyzerOptions()):
        self.options = options
        self.glossary = Glossary.load(self.plain, glossary_path)

    def plain(self, text: str) -> list[str]:
        """Every token of ``text`` as BM25 sees it, stop words included (positions match ``matches``)."""
        toks = [_SAME.get(t, t) for t in tokens(text)]
        return [stem(t) for t in toks] if self.options.stem else toks

    def terms_of_word(self, word: str) -> str:
        """The one term a single word analyses to ("" for none)."""
        found = self.plain(word)
        return found[0] if found else ""

    def matches(self, text: str) -> list[Match]:
        """Glossary spellings found in ``text``, with their token positions."""
        return self.glossary.matches(self.plain(text)) if self.options.glossary else []

    def content_terms(self, text: str) -> list[str]:
        """The tokens of ``text`` that are not stop words (no glossary keys)."""
        stops = stop_words()
        return [t for t in self.plain(text) if t not in stops]

    def recognised(self, text: str, known: Callable[[str], bool]) -> set[str]:
        """Words of ``text`` the glossary vouches for: every spelling of a concept the material has.

        A concept the material lacks (a glossary entry for MobileNet in a base without it)
        vouches for nothing: asking about it is asking about something not covered.
        """
        plain = self.plain(text)
        found: set[str] = set()
        for match in self.matches(text):
            if match.term.kind == "word" or known(match.term.key):
                found.add(match.term.key)
                found.update(plain[match.start : match.end])
        return found

    def query_terms(self, text: str, known: Callable[[str], bool]) -> list[str]:
        """:meth:`terms` of a question, each unknown word backed off to a known form («کانالا» → «کانال»),
        plus the Persian of the English words the glossary translates ("layer" → «لایه»)."""
        plain = self.plain(text)
        found = self.glossary.matches(plain) if self.options.glossary else []
        translated = [t for m in found if m.term.kind == "word" for t in self.plain(m.term.translation)]
        terms = self._terms(plain, found)
        return [t for t in dict.fromkeys([*(backoff(t, known) for t in terms), *translated]) if t]

    def terms(self, text: str) -> list[str]:
        """BM25 terms: stems without stop words, plus one key per glossary concept mentioned."""
        plain = self.plain(text)
        return self._terms(plain, self.glossary.matches(plain) if self.options.glossary else [])

    def _terms(self, plain: list[str], found: list[Match]) -> list[str]:
        keys = list(dict.fromkeys(m.term.key for m in found if m.term.kind != "word"))
        if self.options.stop_words:
            stops = stop_words()
            plain = [t for t in plain if t not in stops]
        return plain + [k for k in keys if k not in plain]

    def concepts(self, text: str) -> list[Term]:
        return self.glossary.find(self.plain(text))

    def dense_query(self, question: str) -> str:
        """The question with the canonical names of the concepts it mentions appended.

        "لنت کی اومد؟" becomes "لنت کی اومد؟ (LeNet)", so the dense model meets
        the English name the slides use even when the student wrote it in Persian.
        """
        if not self.options.glossary:
            return question
        present = search_form(question)
        extra = [t.canonical for t in self.concepts(question)
                 if t.kind != "word" and search_form(t.canonical) not in present]
        return f"{question} ({', '.join(extra)})" if extra else question

    @property
    def signature(self) -> str:
        """What an index built with this analyser depends on; a different signature means a rebuild."""
        o = self.options
        return (f"n{NORMALIZER_VERSION}-a{ANALYZER_VERSION}-s{int(o.stem)}-w{int(o.stop_words)}"
                f"-g{self.glossary.digest if o.glossary else 0}")
