"""Misspelt course names matched to the glossary by edit distance: «alexnt», «googlnet», «resent».

Only words the course material never uses are corrected, and only towards a
glossary spelling (a name or term maintainers listed), never towards any word
of the material: correcting «transformer» into «transform» would make an
off-topic question look covered.  Distance is the optimal string alignment
(Damerau-Levenshtein with adjacent transpositions, from rapidfuzz), so
«resent» is one edit from «resnet».  Short words are left alone: at five
letters or fewer one edit turns «patch» into «batch» and «rnn» into «cnn».
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.lexicon import POSSESSIVE_ENDINGS, is_listed

MIN_LENGTH = 6  # shorter words are never corrected: one edit turns «patch» into «batch»
# An English word this common (wordfreq's Zipf scale: 4 is ten times a million words) is meant as written:
# «context» is not a typo of the glossary's «contest», though «resent» (3.4) still is one of «resnet».
EVERYDAY_ZIPF = 4.0


def everyday_english(word: str) -> bool:
    """A common English word («context», «features»): never a typo of a rarer term."""
    from wordfreq import zipf_frequency

    return word.isascii() and zipf_frequency(word, "en") >= EVERYDAY_ZIPF


def allowed_edits(word: str) -> int:
    """One edit from six letters, two from nine ("convolution" → "convoluton" and worse)."""
    return 0 if len(word) < MIN_LENGTH else 1 if len(word) < 9 else 2


class Speller:
    """Corrects unknown words towards a fixed vocabulary of names."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted({n for n in names if len(n) >= MIN_LENGTH - 1 and not n.isdigit()})

    def correct(self, word: str, known: Callable[[str], bool]) -> str | None:
        """The name ``word`` is a misspelling of, or None (known words and near-misses of nothing)."""
        edits = allowed_edits(word)
        if not edits or word in self.names or known(word) or any(ch.isdigit() for ch in word) \
                or everyday_english(word) or _possessive(word, lambda bare: bare in self.names or known(bare) or is_listed(bare)):
            return None
        found = process.extractOne(word, self.names, scorer=OSA.distance, score_cutoff=edits)
        if found is None:
            return None
        name = found[0]
        # Same script and same first letter: typos keep the start of a word, while a different
        # first letter is another word («سگمنتیشن» is not «آگمنتیشن»).
        if name.isascii() != word.isascii() or name[0] != word[0]:
            return None
        return name


def _possessive(word: str, is_word: Callable[[str], bool]) -> bool:
    """A word with a pronoun ending, after «ها» or not («معایبش», «یادگیریش», «لایه‌هاش»): a follow-up's pointer
    («معایبش چی؟»), not a typo (one edit from the glossary's spellings, «یادگیریش» had become «یادگیریب»).  So is
    a known word with the spoken «ـه» for «است» («برا کی مناسبه؟» had become «محاسبه»)."""
    for ending in (*POSSESSIVE_ENDINGS, "ه"):
        bare = word.removesuffix(ending)
        if bare != word and len(bare) >= 3 and (is_word(bare) or is_word(bare.removesuffix("ها"))):
            return True
    return False
