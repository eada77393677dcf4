"""PowerPoint slides (.pptx), the course's lectures, through python-pptx: one section a slide.

A slide's title is its heading (under the deck's title), so a citation names the slide the student can find;
the rest of its text is the section's body in reading order: text boxes a paragraph a line, tables a row a
line with cells separated by " | ", grouped shapes looked into, and the speaker's notes after the slide's
own text, where lecturers often write the sentence the bullet points leave out.  A slide without any text
(a picture alone) gives nothing.
"""

from __future__ import annotations

import io
import zipfile

from knowledge.formats import Format, Part, UnreadableFile
from knowledge.types import Section

FORMAT = Format(
    {".pptx": "pptx"}, order=35, library="python-pptx", checked=True, chat_name="PowerPoint",
    summary=("one section a slide, headed by the slide's title (the citation names it); text boxes, tables "
             "(a row a line) and grouped shapes in reading order, then the speaker's notes."),
)


def _lines(shape) -> list[str]:
    """The text of one shape, a line a paragraph (a table a line a row)."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        return [line for inner in _ordered(shape.shapes) for line in _lines(inner)]
    if getattr(shape, "has_table", False):
        rows = ([" ".join(cell.text.split()) for cell in row.cells] for row in shape.table.rows)
        return [" | ".join(cells) for cells in rows if any(cells)]
    if getattr(shape, "has_text_frame", False):
        return [line.strip() for p in shape.text_frame.paragraphs for line in _paragraph_text(p).split("\n")
                if line.strip()]
    return []


def _paragraph_text(paragraph) -> str:
    """A paragraph's text, a line break in it (Shift+Enter, «\\v» in python-pptx) a new line: its runs alone
    would glue the words on either side of the break («آشنایان» + «مراجعه»)."""
    return paragraph.text.replace("\v", "\n")


MAX_TITLE_LINES = 2  # a title may wrap by hand once («شبکه‌های عصبی» / «بخش دوم»)
MAX_TITLE_WORDS = 15


def _is_title(lines: list[str]) -> bool:
    """Whether a title box holds a title: some students type a slide's whole text into it («DALL·E:» / «این مدل
    …» / «Whisper:» / …), which as one heading would be cited and searched as the slide's name."""
    return len(lines) <= MAX_TITLE_LINES and sum(len(line.split()) for line in lines) <= MAX_TITLE_WORDS


def _ordered(shapes) -> list:
    """Shapes top to bottom, then right to left within a row: the order a Persian slide is read in."""
    def place(shape) -> tuple[int, int]:
        return (int(shape.top or 0) // 100_000, -int(shape.left or 0))

    return sorted(shapes, key=place)


def read(data: bytes) -> list[Part]:
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    try:
        deck = Presentation(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise UnreadableFile("bad_pptx", detail=type(exc).__name__) from None
    deck_title = (deck.core_properties.title or "").strip()
    sections: list[Section] = []
    for number, slide in enumerate(deck.slides, 1):
        title_shape = slide.shapes.title
        title = " ".join(title_shape.text.split()) if title_shape is not None and title_shape.has_text_frame else ""
        title_id = title_shape.shape_id if title_shape is not None else None  # proxies differ: compare ids
        body = [line for shape in _ordered(slide.shapes) if shape.shape_id != title_id for line in _lines(shape)]
        if title and not _is_title(_lines(title_shape)):  # the slide's points typed into its title box
            body, title = [*_lines(title_shape), *body], ""
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            body += [line.strip() for line in (notes.text.splitlines() if notes is not None else []) if line.strip()]
        if not body and not title:
            continue
        if not deck_title and number == 1 and title and not body:
            deck_title = title  # a title slide alone names the deck
            continue
        sections.append(Section((title,) if title else (), "\n".join(body or [title])))
    return [Part(deck_title, tuple(sections))]
