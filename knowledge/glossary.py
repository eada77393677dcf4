"""The course glossary: Persian spellings, transliterations and English names of one concept.

A student writes "لنت", the slides say "LeNet-5"; the forum says "کانالوشن 1x1",
the homework "convolution یک در یک".  The glossary is a data file maintainers
edit (``knowledge/data/glossary.tsv``, or their own file through the settings):
every spelling of a concept maps to one canonical term, which is added to the
lexical terms of both passages and queries, and appended to the query the dense
model sees.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

Analyse = Callable[[str], list[str]]
KINDS = ("model", "concept", "generic", "word")


@dataclass(frozen=True)
class Term:
    canonical: str  # as shown to users and given to the dense model, e.g. "learning rate"
    key: str  # one lexical token for it, e.g. "learning_rate"
    spellings: tuple[str, ...]
    # "model" (an architecture), "concept", "generic" (says nothing of a topic alone), or "word": an
    # English word translated for questions only (no key: «لایه» is everywhere, a key would double it)
    kind: str = "concept"
    # the broader concept this one is a kind of (its canonical name: «max pooling» → "pooling"), or a family's
    # name for the broadest ("layer"); "" for none.  Two concepts of one family, neither within the other, are
    # alternatives: a question about one is not a question about the other (knowledge/verified.py)
    broader: str = ""

    @property
    def translation(self) -> str:
        """The first Persian spelling (what a "word" entry searches for)."""
        return next((s for s in self.spellings if not s.isascii()), "")


@dataclass(frozen=True)
class Match:
    start: int  # token positions [start, end) of the spelling found
    end: int
    term: Term


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    digest: str  # content hash, recorded in the index: a changed glossary means a rebuild
    _by_first: dict[str, list[tuple[tuple[str, ...], Term]]] = field(default_factory=dict, compare=False)
    _by_name: dict[str, Term] = field(default_factory=dict, compare=False)
    _written: set[str] = field(default_factory=set, compare=False)  # tokens of the spellings as written

    @classmethod
    def parse(cls, text: str, analyse: Analyse) -> Glossary:
        """Parse the TSV text; ``analyse`` turns a spelling into the same tokens as the texts searched."""
        terms: list[Term] = []
        for lineno, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            canonical, _, rest = line.partition("\t")
            rest, _, kind = rest.partition("\t")
            kind, _, broader = kind.partition("\t")
            canonical, kind = canonical.strip(), kind.strip() or "concept"
            if not canonical:
                raise ValueError(f"glossary line {lineno}: empty canonical term")
            if kind not in KINDS:
                raise ValueError(f"glossary line {lineno}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
            spellings = tuple(s.strip() for s in rest.split("|") if s.strip())
            key = "_".join(analyse(canonical)) or canonical.casefold()
            terms.append(Term(canonical, key, (canonical, *spellings), kind, broader.strip()))
        glossary = cls(tuple(terms), hashlib.sha256(text.encode()).hexdigest()[:16])
        glossary._by_name.update((term.canonical, term) for term in glossary.terms)
        for term in glossary.terms:
            glossary._written.update(token for s in term.spellings for token in analyse(s))
            for spelling in (variant for s in term.spellings for variant in _joined(s)):
                seq = tuple(analyse(spelling))
                if seq:
                    glossary._by_first.setdefault(seq[0], []).append((seq, term))
        for candidates in glossary._by_first.values():
            candidates.sort(key=lambda c: -len(c[0]))  # longest spelling wins
        return glossary

    @classmethod
    def load(cls, analyse: Analyse, path: Path | None = None) -> Glossary:
        """The maintainers' file at ``path``, or the one shipped with the package."""
        if path is None:
            text = resources.files("knowledge").joinpath("data/glossary.tsv").read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        return cls.parse(text, analyse)

    def matches(self, tokens: list[str]) -> list[Match]:
        """Every spelling found in ``tokens`` (analysed), left to right, the longest at each place."""
        found: list[Match] = []
        i = 0
        while i < len(tokens):
            step = 1
            for seq, term in self._by_first.get(tokens[i], ()):
                if tuple(tokens[i : i + len(seq)]) == seq:
                    found.append(Match(i, i + len(seq), term))
                    step = len(seq)
                    break
            i += step
        return found

    def family(self, term: Term) -> tuple[str, ...]:
        """The keys of ``term`` and of each broader concept it is a kind of, then the family's name («global average
        pooling» → global_average_pooling, average_pooling, pooling, layer); () for a term in no family."""
        if not term.broader:
            return ()
        chain = [term.key]
        while term.broader and term.broader in self._by_name and self._by_name[term.broader].key not in chain:
            term = self._by_name[term.broader]
            chain.append(term.key)
        return (*chain, term.broader) if term.broader and term.broader not in self._by_name else tuple(chain)

    def find(self, tokens: list[str]) -> list[Term]:
        """Terms whose spelling occurs in ``tokens`` (analysed), in order of appearance, each once."""
        return list(dict.fromkeys(m.term for m in self.matches(tokens)))

    def spelling_tokens(self) -> set[str]:
        """Every analysed token of every spelling as the glossary writes it: the names a typo can be corrected to.
        Not the variants joined without their half-spaces («یادگیریبا» of «یادگیری با …»): matched as typed, they
        are no words to correct towards («یادگیریش» had become «یادگیریب»)."""
        return set(self._written)


_PERSIAN_WORDS = re.compile(r"^[\u0600-\u06ff\u200c]+(?: [\u0600-\u06ff\u200c]+){1,3}$")


def _joined(spelling: str) -> list[str]:
    """A Persian spelling of a few words, and the same with the half-spaces students leave out: «بیش برازش»
    is also typed «بیشبرازش», «نرمال سازی دسته ای» «نرمالسازی دسته ای» (each space kept or dropped)."""
    if not _PERSIAN_WORDS.match(spelling):
        return [spelling]
    words = spelling.split(" ")
    variants = []
    for gaps in itertools.product((" ", ""), repeat=len(words) - 1):
        variants.append(words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True)))
    return variants
