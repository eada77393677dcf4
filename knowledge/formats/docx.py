"""Word documents (homework solutions) through python-docx: "Heading N" paragraphs build the heading path.

Tables are kept, a row a line with cells separated by " | ", in document order.
"""

from __future__ import annotations

import io
import zipfile

from knowledge.formats import Format, Part, UnreadableFile
from knowledge.types import Section

FORMAT = Format(
    {".docx": "docx"}, order=40, library="python-docx", checked=True,
    summary="`Heading N` paragraphs build the heading path, `Title` names the document; tables kept a row a line.",
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

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            line = block.text.strip()
            level = _heading_level(block.style.name if block.style is not None else "")
            if level is not None and line:
                if level == 0 and not title:
                    title = line
                    continue
                flush()
                stack[:] = [(r, h) for r, h in stack if r < level] + [(level, line)]
            elif line:
                body.append(line)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [c.text.strip() for c in row.cells]
                if any(cells):
                    body.append(" | ".join(cells))
    flush()
    return [Part(title, tuple(sections))]
