"""Persian text that came out of a PDF backwards: tell it by its words, and put it back in reading order.

A PDF stores glyphs where they are drawn, not in reading order, and pypdf
guesses: it reverses every right-to-left run it meets.  That is right for a
PDF drawn right to left, and wrong in two ways we have met (see
tests/test_extraction_quality.py, which builds both):

* *letters reversed*: fpdf2 without text shaping stores Persian in reading
  order, so pypdf's reversal turns «شبکه‌های کانولوشنی» into «ینشولوناک یاه‌هکبش».
  Told by the lexicon: spelt backwards, far more of the words are words.
* *words reversed*: matplotlib draws each word by itself, left to right, so each
  word comes out right and the line backwards: «.می‌روند کار به ... شبکه‌های».
  Told by a word-order model (below): the line read backwards is more likely.

Each check looks at a whole file, so that one odd line decides nothing, and
repairs only on strong evidence; the thresholds are explained where they are set.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from knowledge.lexicon import ARABIC_WORD, known_share, persian_words, word_class

_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe"  # pypdf's right-to-left ranges (less the BOM)
_NEUTRAL = "\x00-\x2f\x3a-\x40\u2000-\u206f\u20a0-\u21ff"  # pypdf's neutral ranges: keep the run going
_LTR = "A-Za-z0-9\u00c0-\u024f"
# What pypdf reversed as one run: right-to-left characters and the neutral ones between them; neutral
# signs right before it (a sentence's final "." or "،") were the run's last characters.
_SIGNS = "!-/:-@\u2010-\u206f\u20a0-\u21ff"  # the neutral ones that are not spaces
_RTL_RUN = re.compile(rf"[{_SIGNS}]*[{_RTL}](?:[{_RTL}{_NEUTRAL}]*[{_RTL}])?")
# The units a backwards line is reversed by: a Latin run («Attention is all you need», «ResNet-50»)
# keeps its inside order, and so does a Persian word; a space or a sign is a unit of its own.
_UNIT = re.compile(rf"[{_LTR}]+(?:[\s\-_.,:/+×x]+[{_LTR}]+)*|[\u0600-\u06ff\u200c]+|\s+|.")
# In a line drawn left to right, what the renderer drew right to left: Persian and what stands between.
_PERSIAN_STRETCH = re.compile(r"[\u0600-\u06ff](?:[^A-Za-z\u00c0-\u024f\n]*[\u0600-\u06ff])?")
_PERSIAN_DIGITS = "\u06f0-\u06f9\u0660-\u0669"
_PERSIAN_NUMBER = re.compile(rf"[{_PERSIAN_DIGITS}]+(?:[٫٬.,/][{_PERSIAN_DIGITS}]+)*")
# A line's words for the word-order model: Persian words, numbers, and Latin runs («Attention is all you
# need», «AlexNet 2012») as one word each.
_WORD = re.compile(rf"{ARABIC_WORD.pattern}|[{_PERSIAN_DIGITS}]+|[{_LTR}]+(?:[^\w\u0600-\u06ff]+[{_LTR}]+)*")

# Letters: Persian scores 0.81-0.98 as written and 0.12-0.21 spelt backwards (every file of the course
# corpus and built-in notes), and no line of 5 words or more in them has the reversal ahead at all
# (at best 0.29 behind).  Repair when the reversal is ahead by 0.4 and makes most words words, over at
# least 5 of them; the PDFs of fpdf2 without shaping score 0.82-1.0 reversed, 0.10-0.33 as extracted.
MIN_WORDS, MIN_LEAD, MIN_REVERSED_SHARE = 5, 0.4, 0.6
# Word order: lines of at least 4 words (3 of them Persian) are judged.  The model (learnt on the built-in
# notes only) reads 92% of the course corpus's lines better forwards, +0.28 nats a word on average; the
# rest are list items and fragments.  Repair when 7 in 10 judged lines read better backwards and
# backwards wins overall by 0.15 nats a word, or 0.3 when only 2 lines are judged (never on 1).
# Drawn at random from the corpus (50,000 draws), real lines pass that test 1 time in 2,800 as a pair,
# 1 in 10,000 as 3 lines, 1 in 16,000 as 4, never as 5 or more; reversed, 45% of pairs do, 74% of
# triples, 91% of groups of 5.  Whole files: the corpus scores +0.20 to +0.48 a word with at most 1 line
# in 4 backwards; the matplotlib PDFs made of its files -0.19 to -0.89, and 29 of 33 two-sentence
# matplotlib figures -0.38 or below.
MIN_LINE_WORDS, MIN_LINES, MIN_LINE_SHARE = 4, 2, 0.7
MIN_NATS_PER_WORD, MIN_NATS_PER_WORD_2_LINES = 0.15, 0.3


@dataclass(frozen=True)
class Verdict:
    letters_reversed: bool
    words_reversed: bool

    def __bool__(self) -> bool:
        return self.letters_reversed or self.words_reversed

    def repair(self, text: str) -> str:
        """``text`` (any string of the file it was judged on) in reading order, a line at a time."""
        lines = text.split("\n")
        if self.letters_reversed:
            lines = [unreverse_letters(line) for line in lines]
        if self.words_reversed:
            lines = [unreverse_words(line) for line in lines]
        return "\n".join(lines)


def unreverse_letters(line: str) -> str:
    """Undo pypdf's reversal of a line stored in reading order: each right-to-left run reversed back."""
    return _tidy(_RTL_RUN.sub(lambda m: m.group()[::-1], line))


def unreverse_words(line: str) -> str:
    """A line whose words are right but in drawing order, in reading order (a bidi-aware reversal).

    The line's direction is that of its first letter, as the renderer decided it: a right-to-left
    line is reversed whole, a left-to-right one («AlexNet شد برنده 2012 سال در.») only inside its
    Persian stretches.  Latin runs keep their own order either way.
    """
    first = re.search(rf"[{_LTR}{_RTL}]", line)
    if first is None:
        return line
    if re.match(f"[{_RTL}]", first.group()):
        line = _reverse_units(line)
    else:
        line = _PERSIAN_STRETCH.sub(lambda m: _reverse_units(m.group()), line)
    # pypdf took the Persian digits of a word drawn by itself for part of its right-to-left run
    return _PERSIAN_NUMBER.sub(lambda m: m.group()[::-1], line)


def _reverse_units(text: str) -> str:
    return "".join(reversed(_UNIT.findall(text)))


def _tidy(line: str) -> str:
    """Spaces where reversal left them wrong: between a Persian letter and a Latin one, not doubled."""
    line = re.sub(rf"(?<=[\u0600-\u06ff])(?=[{_LTR}])|(?<=[{_LTR}])(?=[\u0600-\u06ff])", " ", line)
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", line).strip(" ")


def judge(text: str) -> Verdict:
    """Is ``text`` (a whole file's) Persian with its letters, or its words, in reverse?"""
    words = persian_words(text)
    letters = (
        len(words) >= MIN_WORDS
        and (reversed_share := known_share([w[::-1] for w in words])) >= MIN_REVERSED_SHARE
        and reversed_share - known_share(words) >= MIN_LEAD
    )
    return Verdict(letters, _words_reversed(Verdict(letters, False).repair(text)))


def _words_reversed(text: str) -> bool:
    margins = []  # per judged line: (log-likelihood forwards - backwards, words)
    for line in text.split("\n"):
        classes = [word_class(w) for w in _WORD.findall(line)]
        if len(classes) >= MIN_LINE_WORDS and sum(c not in ("LAT", "NUM") for c in classes) >= 3:
            margins.append((_model().margin(classes), len(classes)))
    backwards = sum(m < 0 for m, _ in margins)
    total = sum(m for m, _ in margins)
    nats = MIN_NATS_PER_WORD if len(margins) > 2 else MIN_NATS_PER_WORD_2_LINES
    return (
        len(margins) >= MIN_LINES
        and backwards >= MIN_LINE_SHARE * len(margins)
        and -total >= nats * sum(n for _, n in margins)
    )


class _WordOrder:
    """A bigram model over word classes (function words, verbs, hazm's tags), learnt from Persian prose.

    Persian is verb-final, puts "را" after its object, prepositions and "این" before nouns and
    adjectives after them; classes carry that from the prose it learnt on to any other, whatever the
    topic.  ``margin`` is how much likelier a line is read forwards than backwards.
    """

    def __init__(self, lines: list[str]) -> None:
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.firsts: Counter[str] = Counter()
        for line in lines:
            classes = ["<s>", *(word_class(w) for w in _WORD.findall(line)), "</s>"]
            if len(classes) >= 2 + MIN_LINE_WORDS:
                self.pairs.update(pairwise(classes))
                self.firsts.update(classes[:-1])
        self.size = len({c for pair in self.pairs for c in pair})

    def log_likelihood(self, classes: list[str]) -> float:
        seq = ["<s>", *classes, "</s>"]
        return sum(
            math.log((self.pairs[a, b] + 0.5) / (self.firsts[a] + 0.5 * self.size)) for a, b in pairwise(seq)
        )

    def margin(self, classes: list[str]) -> float:
        return self.log_likelihood(classes) - self.log_likelihood(classes[::-1])


@lru_cache(maxsize=1)
def _model() -> _WordOrder:
    """The model learnt on the built-in course notes, a line (a paragraph, a list item) a sentence."""
    from importlib import resources

    folder = resources.files("knowledge").joinpath("data/builtin")
    lines = []
    for entry in folder.iterdir():
        if entry.name.endswith(".md"):
            lines += [ln.strip().lstrip("#-*• ") for ln in entry.read_text(encoding="utf-8").splitlines()]
    return _WordOrder([ln for ln in lines if len(persian_words(ln)) >= 3])
