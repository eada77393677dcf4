"""Lexical analysis shared by passages and queries: the terms BM25 sees, and the query the dense model sees.

The choices here were made by measurement on the development questions
(``benchmarks/retrieval.py``): stripping plural and adjective suffixes helps
("لایه‌های" finds "لایه"), hazm's full stemmer hurts (see ``stem``), and
dropping hazm's stop words keeps "را"/"از"/"چیه" from outweighing the one
content word of a short question.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.glossary import Glossary, Term
from knowledge.normalize import NORMALIZER_VERSION, formal, search_form, tokens

# Words a question is made of that say nothing about its topic, on top of hazm's list.
_QUESTION_WORDS = (
    "چیست چیستند چگونه چرا کدام چه چی چند چقدر آیا کی کیست کجا یعنی منظور فرق تفاوت "
    "سلام ممنون مرسی لطفا لطفاً دوستان توضیح بدید بدین بگید بگین استفاده کار درباره "
    "what why how which when does do is are the a an of in on for to and or with"
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


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from hazm import stopwords_list

    words = list(stopwords_list()) + _QUESTION_WORDS.split()
    return frozenset(stem(formal(w)) for word in words for w in tokens(word))


@dataclass(frozen=True)
class AnalyzerOptions:
    stem: bool = True
    stop_words: bool = True
    glossary: bool = True


class Analyzer:
    """Turns text into BM25 terms and questions into dense-model queries, the same way on both sides."""

    def __init__(self, glossary_path: Path | None = None, options: AnalyzerOptions = AnalyzerOptions()):
        self.options = options
        self.glossary = Glossary.load(self._plain, glossary_path)

    def _plain(self, text: str) -> list[str]:
        toks = tokens(text)
        return [stem(t) for t in toks] if self.options.stem else toks

    def terms(self, text: str) -> list[str]:
        """BM25 terms: stems without stop words, plus one key per glossary concept mentioned."""
        plain = self._plain(text)
        keys = self.glossary.keys(plain) if self.options.glossary else []
        if self.options.stop_words:
            stops = stop_words()
            plain = [t for t in plain if t not in stops]
        return plain + [k for k in keys if k not in plain]

    def concepts(self, text: str) -> list[Term]:
        return self.glossary.find(self._plain(text))

    def dense_query(self, question: str) -> str:
        """The question with the canonical names of the concepts it mentions appended.

        "لنت کی اومد؟" becomes "لنت کی اومد؟ (LeNet)", so the dense model meets
        the English name the slides use even when the student wrote it in Persian.
        """
        if not self.options.glossary:
            return question
        present = search_form(question)
        extra = [t.canonical for t in self.concepts(question) if search_form(t.canonical) not in present]
        return f"{question} ({', '.join(extra)})" if extra else question

    @property
    def signature(self) -> str:
        """What an index built with this analyser depends on; a different signature means a rebuild."""
        o = self.options
        return f"n{NORMALIZER_VERSION}-s{int(o.stem)}-w{int(o.stop_words)}-g{self.glossary.digest if o.glossary else 0}"
