"""Word documents (homework solutions) through python-docx: "Heading N" paragraphs build the heading path.

Tables are kept, a row a line with cells separated by " | ", in document order.  Footnotes, which python-docx
leaves out of a paragraph's text, are put back where they are referenced (:mod:`knowledge.footnotes` says why: a
Persian report names each term's English original in one).
"""

from __future__ import annotations

import io
import re
import zipfile

from knowledge.footnotes import is_term
from knowledge.formats import Format, Part, UnreadableFile
from knowledge.types import Section

FORMAT = Format(
    {".docx": "docx"}, order=40, library="python-docx", checked=True,
    summary=("`Heading N` paragraphs build the heading path, `Title` names the document; tables kept a row a line; "
             "a footnote giving a term's English name is put beside its word («صحت (Accuracy)»), others kept "
             "after their paragraph."),
)


def _heading_level(style_name: str) -> int | None:
    name = style_name.lower()
    if name == "title":
        return 0
    if name.startswith("heading"):
        digits = "".join(ch for ch in name if ch.isdigit())
        return int(digits) if digits else 1
    return None


def read(data: bytes) -> list[Part]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile("bad_docx", detail=type(exc).__name__) from None
    title = (document.core_properties.title or "").strip()
    stack: list[tuple[int, str]] = []
    sections: list[Section] = []
    body: list[str] = []

    def flush() -> None:
        if any(line.strip() for line in body):
            sections.append(Section(tuple(h for _, h in stack), "\n".join(body).strip()))
        body.clear()

    notes = _footnotes(document)
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            line, explained = _noted(block, notes) if notes else (block.text.strip(), [])
            level = _heading_level(block.style.name if block.style is not None else "")
            if level is not None and line:
                if level == 0 and not title:
                    title = line
                    continue
                flush()
                stack[:] = [(r, h) for r, h in stack if r < level] + [(level, line)]
            elif line:
                body.append(line)
            body.extend(explained)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [c.text.strip() for c in row.cells]
                if any(cells):
                    body.append(" | ".join(cells))
    flush()
    return [Part(title, tuple(sections))]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _footnotes(document) -> dict[str, str]:
    """The document's footnotes by id, as text ({} when it has none): the part its body's relationship names,
    which python-docx has already read but does not parse."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from lxml import etree

    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external), None)
    if part is None:
        return {}
    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return {}
    return {note.get(f"{_W}id"): " ".join("".join(t.text or "" for t in note.iter(f"{_W}t")).split())
            for note in root.iter(f"{_W}footnote")}


def _noted(paragraph, notes: dict[str, str]) -> tuple[str, list[str]]:
    """A paragraph's text with each English-term footnote in brackets at its reference, and its other notes."""
    if not paragraph._p.xpath(".//w:footnoteReference"):
        return paragraph.text.strip(), []
    pieces: list[str] = []
    explained: list[str] = []
    for element in paragraph._p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}footnoteReference"):
        if element.tag == f"{_W}t":
            pieces.append(element.text or "")
        elif element.tag == f"{_W}footnoteReference":
            note = notes.get(element.get(f"{_W}id"), "")
            if note and is_term(note):
                pieces.append(f" ({note}) ")
            elif note:
                explained.append(note)
        else:
            pieces.append("\t" if element.tag == f"{_W}tab" else "\n")
    return re.sub(r" {2,}", " ", "".join(pieces)).strip(), explained
