"""PDF (slides, handouts) through pypdf's text layer; every section remembers its page for citations.

A PDF has no reliable headings.  A slide deck exported to PDF (landscape pages of a few short lines) is read a
slide a page, its first line the slide's title, as a ``.pptx`` is; a handout's pages go through the plain-text
heading rules.  Either way the text layer is first made into lines (:mod:`knowledge.page_text`: running lines and
page numbers dropped, picture-font bullets as items, glued scripts spaced apart).  NFKC in the normaliser later
folds the Arabic presentation forms many Persian PDFs are written in.
"""

from __future__ import annotations

import io
import logging

from knowledge import page_text
from knowledge.formats import Format, Part, UnreadableFile, text
from knowledge.types import Section

FORMAT = Format(
    {".pdf": "pdf"}, order=30, library="pypdf (text layer)", note="text layer", checked=True,
    summary=("a slide deck (landscape pages of a few lines) a slide a page, titled by its first line, each step of a "
             "slide's build read once; a handout's pages through the plain-text heading rules. Running headers and "
             "footers, page numbers and picture-font bullets («■», Wingdings) are dropped or made list items, "
             "words the layout glued are spaced apart. Every passage keeps its page, cited as «ص. N»; a passage "
             "never spans two pages. A recorded title the first pages do not show (a template's) gives way to the "
             "file's name. A scanned PDF without a text layer is skipped (\"needs OCR\")."),
)


def read(data: bytes) -> list[Part]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on sloppy files are not ours to print
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("encrypted_pdf")
        pages = [page.extract_text() or "" for page in reader.pages]
        sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
        title = ((reader.metadata or {}).get("/Title") or "").strip()
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableFile("corrupt_pdf", detail=f"{type(exc).__name__}: {exc}") from None
    slides = page_text.is_slide_deck(sizes, pages)
    cleaned = page_text.clean_pages(pages)
    title = _title(str(title), pages)
    opening = cleaned[0] if slides and cleaned else ""
    if page_text.is_title_slide(opening) and len(cleaned) > 1:
        # a deck's title slide (course, lecture, lecturer) answers nothing, but would be quoted for every question
        # naming the course's subject (as the deck's title it was worse: every passage's meaning took it in)
        cleaned = ["", *cleaned[1:]]
    sections: list[Section] = []
    for number, page in enumerate(cleaned, 1):
        if page.strip():
            sections.extend(_slide(page, number) if slides else _page(page, number))
    if not sections:
        raise UnreadableFile("no_text_layer")
    return [Part(title, tuple(sections))]


def _page(page: str, number: int) -> list[Section]:
    _, found = text.sections(page)
    return [Section(s.headings, s.text, page=number) for s in found]


def _slide(page: str, number: int) -> list[Section]:
    """A slide: its first line is its title (the citation names it) unless it is a point or a sentence."""
    first, _, rest = page.partition("\n")
    if page_text.is_title(first) and rest.strip():
        return [Section((first.strip(),), rest, page=number)]
    return [Section((), page, page=number)]


def _title(title: str, pages: list[str]) -> str:
    """The file's recorded title when its first pages show it; a template's («عنوان آموزش», "PowerPoint
    Presentation") names nothing a student can find, so the file's name is cited instead."""
    squeezed = "".join(title.split())
    return title if squeezed and squeezed in "".join("".join(pages[:2]).split()) else ""
