"""The check between a reader and the index: is the text a PDF, Word or HTML reader extracted what was written?

These readers hand back whatever their library makes of the file, and a file
can look fine to them and still give gibberish: Persian backwards, mojibake,
or a font without a Unicode map giving symbols and control characters.
Indexed, such text is quoted back to students as an answer.  So every such
file is checked here, in this order, before it is indexed:

1. mojibake is read again the right way (:mod:`knowledge.mojibake`), or the file refused;
2. pages (sections, in a file without pages) that are mostly symbols are dropped, and
   the file refused when they are most of it: the rest is then headers and page numbers;
3. Persian in drawing order is put back in reading order (:mod:`knowledge.visual_order`);
4. a file whose Persian words are still mostly not words is refused.

A repair is logged (INFO, ``daneshyar.ingest``); a refusal is an :class:`UnreadableFile`.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from itertools import groupby

from knowledge import mojibake, visual_order
from knowledge.formats import Part, UnreadableFile
from knowledge.lexicon import known_share, persian_words
from knowledge.types import Section

# Mixed into a repaired file's content hash (knowledge.ingest): bump when a repair changes, so that
# files repaired the old way are indexed again.
REPAIRED = "extraction-repair-1"
log = logging.getLogger("daneshyar.ingest")

# A token is junk when it holds a control, private-use or unassigned character, is pdfminer's
# "(cid:12)", or has a sign inside it once the punctuation around it is stripped and no name either
# ("#$%&'", "3$45*"; not «layers.Conv2D(64,»).  Sections of the course corpus and built-in notes have
# at most 7% junk tokens, 40-line pages of the course's pasted Keras/PyTorch code at most 8%; the
# course notes with each character turned into a glyph code read as ASCII (a font without a Unicode
# map) 20-80%, half of them above 50%.  A page is dropped from 20%.
MAX_JUNK_SHARE = 0.2
_EDGES = ".,;:!?()[]{}<>\"'«»؛،؟*`$…“”‘’|"  # «|»: a table's cell mark
_INSIDE = "-_./'’×+=%٫٬"
_CID = re.compile(r"\(cid:\d+\)")
_NAME = re.compile(r"[^\W\d_]{3}")  # code has signs inside its tokens too, and names: «layers.Conv2D(64,»
# Persian as written: 0.81-0.98 of its words are in hazm's lexicon (every file of the course corpus).
MIN_PERSIAN_WORDS, MIN_KNOWN_SHARE = 20, 0.4


def check(parts: list[Part], fmt: str, name: str = "") -> list[Part]:
    """``parts`` as read from a ``fmt`` file, repaired where that is safe; raises UnreadableFile otherwise.

    Called for the formats that declare ``checked`` (:class:`knowledge.formats.Format`)."""
    kind = fmt.upper()
    parts = _fix_encoding(parts, kind, name)
    parts = _drop_junk(parts, kind, name)
    parts = _fix_visual_order(parts, name)
    words = persian_words(_text(parts))
    if len(words) >= MIN_PERSIAN_WORDS and known_share(words) < MIN_KNOWN_SHARE:
        raise UnreadableFile("garbled_text", fmt=kind, detail=f"only {known_share(words):.0%} of its Persian "
                             "words are words: its fonts map letters wrongly")
    return parts


def _fix_encoding(parts: list[Part], kind: str, name: str) -> list[Part]:
    text = _text(parts, titles=True)
    reading = mojibake.better_reading(text)
    if reading is not None:
        log.info("%s: mojibake repaired (%s)", name, reading.name)
        return [_map(part, reading.apply, titles=True) for part in parts]
    if mojibake.looks_garbled(text):
        if kind == "PDF":  # nothing to save again in another encoding: its fonts put letters at wrong codes
            raise UnreadableFile("garbled_text", fmt=kind, detail=f"letters of a pre-Unicode font such as "
                                 f"{mojibake.sample(text)!r}")
        raise UnreadableFile("mojibake", fmt=kind, sample=mojibake.sample(text))
    return parts


def _drop_junk(parts: list[Part], kind: str, name: str) -> list[Part]:
    """Without the pages (or page-less sections) that are mostly junk tokens."""
    kept: list[Part] = []
    dropped, total, pages = 0, 0, []
    for part in parts:
        sections: list[Section] = []
        # a page at a time; a section at a time in a file without pages
        for _, group in groupby(part.sections, key=lambda s: s.page if s.page is not None else id(s)):
            unit = list(group)
            tokens = " ".join(s.text for s in unit).split()
            junk = sum(map(_is_junk, tokens))
            total += len(tokens)
            if tokens and junk >= MAX_JUNK_SHARE * len(tokens):
                dropped += len(tokens)
                pages.append(unit[0].page)
            else:
                sections += unit
        kept.append(Part(part.title, tuple(sections), part.key))
    if dropped and dropped * 2 >= total:
        raise UnreadableFile("garbled_text", fmt=kind, detail="mostly symbols or unknown characters: "
                             "a font without a Unicode map")
    if dropped:
        where = ", ".join(f"p. {p}" for p in pages if p is not None) or f"{len(pages)} section(s)"
        log.info("%s: dropped %s, mostly symbols or unknown characters", name, where)
    return kept


def _is_junk(token: str) -> bool:
    if _CID.fullmatch(token) or any(unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") or ch == "\ufffd"
                                    for ch in token):
        return True
    inside = token.strip(_EDGES)
    signs = any(unicodedata.category(ch)[0] in "PS" and ch not in _INSIDE for ch in inside)
    return signs and not _NAME.search(inside)


def _fix_visual_order(parts: list[Part], name: str) -> list[Part]:
    """Persian back in reading order.  Titles are left alone: PDF metadata is stored in reading order."""
    verdict = visual_order.judge(_text(parts))
    if not verdict:
        return parts
    what = " and ".join(w for w, on in (("letters", verdict.letters_reversed), ("words", verdict.words_reversed))
                        if on)
    log.info("%s: Persian %s were in reverse order; repaired", name, what)
    return [_map(part, verdict.repair, titles=False) for part in parts]


def _text(parts: list[Part], titles: bool = False) -> str:
    strings = [p.title for p in parts] if titles else []
    for part in parts:
        for section in part.sections:
            strings += [*section.headings, section.text]
    return "\n".join(strings)


def _map(part: Part, fix: Callable[[str], str], titles: bool) -> Part:
    sections = tuple(Section(tuple(map(fix, s.headings)), fix(s.text), s.page) for s in part.sections)
    return Part(fix(part.title) if titles else part.title, sections, part.key)
