"""Sections → chunks that follow sentences and headings.

A chunk is what the bot quotes, so it must fit comfortably in one Telegram
message (well under 4096 characters) and read as whole sentences.  We pack
sentences into chunks of about ``target`` characters, never above ``maximum``
unless one sentence alone is longer (then it is split at a comma or a space,
the only cut that keeps words whole).  A section too short to stand alone is
joined to the next one, so a heading with one line under it does not become a
20-character passage that BM25's length normalisation would overrate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from knowledge.types import HEADING_SEP, Chunk, Section

_FENCE = re.compile(r"^\s*(```|~~~)")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")  # a Markdown table's row: «| ویژگی | توضیح |»
# A sentence ends at . ! ? ؟ ؛ or … followed by space; "0.9733" and "e.g.x" stay whole.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?؟؛…])\s+(?=\S)")
_SOFT_BREAK = re.compile(r"(?<=[،,:;])\s+|\s+")
_NUMBERED = re.compile(r"[0-9۰-۹٠-٩]{1,3}[.)]\s+")  # «2. امور مالی»: an item's number, not a sentence of its own


@dataclass(frozen=True)
class ChunkSizes:
    minimum: int = 300
    target: int = 700
    maximum: int = 900

    def __post_init__(self) -> None:
        if not 0 < self.minimum <= self.target <= self.maximum:
            raise ValueError(f"chunk sizes must satisfy 0 < minimum <= target <= maximum, got {self}")


def _units(text: str) -> list[tuple[str, bool]]:
    """(unit, continues_line) pairs: sentences of prose, whole lines of lists and code."""
    units: list[tuple[str, bool]] = []
    in_code = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
            units.append((line, False))
        elif in_code or not line.strip() or TABLE_ROW.match(line):
            units.append((line, False))  # a table row is one unit: its cells are not sentences of prose
        else:
            indent = line[: len(line) - len(line.lstrip())]
            number = _NUMBERED.match(line.strip())
            mark = number.group(0) if number else ""
            parts = _SENTENCE_BREAK.split(line.strip()[len(mark):])
            units.append((indent + mark + parts[0], False))
            units.extend((p, True) for p in parts[1:])
    return units


def in_code(text: str, start: int) -> bool:
    """Whether offset ``start`` of ``text`` lies inside a fenced code block (after an odd number of fences).
    Asked of every sentence a quote may use: most passages have no fence at all, and are not split into lines."""
    if "```" not in text and "~~~" not in text:
        return False
    return sum(1 for line in text[:start].split("\n")[:-1] if _FENCE.match(line)) % 2 == 1


def sentences(text: str) -> list[str]:
    """The non-blank sentence-like units of ``text``, in order."""
    return [u.strip() for u, _ in _units(text) if u.strip()]


def sentence_spans(text: str) -> list[tuple[int, str]]:
    """(character offset in ``text``, sentence) for each sentence-like unit, in order."""
    spans, position = [], 0
    for sentence in sentences(text):
        where = text.find(sentence, position)
        if where < 0:
            where = position
        spans.append((where, sentence))
        position = where + len(sentence)
    return spans


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.split("\n") if line.strip()), "")


def _split_long(unit: str, maximum: int) -> Iterator[str]:
    """A sentence longer than ``maximum``: cut after commas, else between words."""
    piece = ""
    for token in re.split(r"(?<=[،,:;\s])", unit):
        if piece and len(piece) + len(token) > maximum:
            yield piece
            piece = token.lstrip()
        else:
            piece += token
    if piece.strip():
        yield piece


def _join(units: list[tuple[str, bool]]) -> str:
    text = ""
    for unit, continues in units:
        if not text:
            text = unit.strip()
        else:
            text += (" " if continues else "\n") + unit
    return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip()


def chunk_sections(doc_id: str, sections: Iterable[Section], sizes: ChunkSizes = ChunkSizes()) -> list[Chunk]:
    """Pack the sentences of ``sections`` into chunks; chunk positions count from 0."""
    chunks: list[Chunk] = []
    units: list[str] = []
    size = 0
    headings: tuple[str, ...] = ()
    page: int | None = None
    marks: list[tuple[str, str]] = []  # sections merged into the chunk: (where they start, heading path)

    def emit() -> None:
        nonlocal size
        text = _join(units)
        if text:
            chunks.append(Chunk(doc_id, len(chunks), headings, text, page, tuple(marks)))
        units.clear()
        marks.clear()
        size = 0

    for section in sections:
        if size >= sizes.minimum or (units and section.page != page):  # a page is a citation unit: never span two
            emit()
        if not units:
            headings, page = section.headings, section.page
        elif section.headings and section.headings[-1] not in _join(units):
            units.append((section.headings[-1], False))  # the merged section's heading, as a line
            size += len(section.headings[-1])
            marks.append((section.headings[-1], HEADING_SEP.join(section.headings)))
        elif section.headings and _first_line(section.text):
            marks.append((_first_line(section.text), HEADING_SEP.join(section.headings)))
        for unit, continues in _units(section.text):
            pieces = [unit] if len(unit) <= sizes.maximum else list(_split_long(unit, sizes.maximum))
            for i, piece in enumerate(pieces):
                if size and (size + len(piece) > sizes.maximum or size >= sizes.target):
                    emit()
                    headings, page = section.headings, section.page
                if not units and not piece.strip():
                    continue
                units.append((piece, continues or i > 0))
                size += len(piece) + 1
    emit()
    return _merge_short_tail(chunks, sizes)


def _merge_short_tail(chunks: list[Chunk], sizes: ChunkSizes) -> list[Chunk]:
    """A last chunk below the minimum joins its predecessor when both fit in one."""
    if len(chunks) >= 2:
        last, prev = chunks[-1], chunks[-2]
        if (len(last.text) < sizes.minimum and len(prev.text) + len(last.text) + 1 <= sizes.maximum
                and last.page == prev.page):
            tail_mark = ((last.text.split("\n", 1)[0].strip(), last.heading_path),) if last.headings else ()
            merged = Chunk(prev.doc_id, prev.position, prev.headings, prev.text + "\n" + last.text, prev.page,
                           prev.sections + tail_mark + last.sections)
            return chunks[:-2] + [merged]
    return chunks
