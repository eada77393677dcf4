"""PDF (slides, handouts) through pypdf's text layer; every section remembers its page for citations.

A PDF typeset with XePersian's older fonts (XB Zar, XB Niloofar: most Persian theses, homework and lecture notes
made in LaTeX) maps each glyph to the letter's drawn shape (Arabic presentation forms) and draws no spaces, only
gaps; pypdf gives «ﯾﺎدﮔﯿﺮیﻋﻤﯿﻖ», whose words are found by nothing.  PDFium (Chrome's reader) puts the letters and
the spaces back from the glyphs' positions, so such a file is read through it.  Not every file: PDFium turns a
Word file's lam-alef ligature around («الیه» for «لایه»), which pypdf reads right.

A PDF has no reliable headings.  A slide deck exported to PDF (landscape pages of a few short lines) is read a
slide a page, its first line the slide's title, as a ``.pptx`` is.  A handout's pages are read as paragraphs
(wrapped lines joined, footnotes placed: :mod:`knowledge.footnotes`) through the plain-text heading rules, as one
text cut at its page breaks.  Either way the text layer is first made into lines (:mod:`knowledge.page_text`:
running lines and page numbers dropped, picture-font bullets as items, glued scripts spaced apart).  NFKC in the
normaliser later folds the Arabic presentation forms many Persian PDFs are written in.
"""

from __future__ import annotations

import io
import logging
import re

from knowledge import page_text
from knowledge.formats import Format, Part, UnreadableFile, text
from knowledge.types import Section

FORMAT = Format(
    {".pdf": "pdf"}, order=30, library="pypdf; PDFium for letters in drawn shapes", note="text layer", checked=True,
    summary=("a slide deck (landscape pages of a few lines) a slide a page, titled by its first line, each step of a "
             "slide's build read once; a handout's pages as paragraphs through the plain-text heading rules, a section "
             "going on over a page break, an English footnote placed beside the word it glosses («صحت (Accuracy)»), "
             "a table of contents and a cover dropped. Running headers and "
             "footers, page numbers and picture-font bullets («■», Wingdings) are dropped or made list items, "
             "words the layout glued are spaced apart; a file in XePersian's older fonts (letters as drawn shapes, no "
             "spaces) is read through PDFium, the joined «ک», «گ» and «ی» it draws from unmapped glyphs read as "
             "letters. Every passage keeps its page, cited as «ص. N»; a passage never spans two pages. A recorded title the first pages do not show (a template's) gives way to the "
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
        if page_text.drawn_shapes(pages):
            pages = _pdfium_pages(data) or pages
        sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
        title = ((reader.metadata or {}).get("/Title") or "").strip()
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableFile("corrupt_pdf", detail=f"{type(exc).__name__}: {exc}") from None
    slides = page_text.is_slide_deck(sizes, pages)
    cleaned = page_text.clean_pages(pages, prose=not slides)
    title = _title(str(title), pages)
    opening = cleaned[0] if cleaned else ""
    if (page_text.is_title_slide(opening) if slides else page_text.is_cover(opening)) \
            and any(page.strip() for page in cleaned[1:]):  # a file that is its cover alone keeps it
        # a deck's title slide (course, lecture, lecturer) or a handout's cover answers nothing, but would come first
        # for every question naming the subject (as the deck's title it was worse: every passage's meaning took it in)
        cleaned = ["", *cleaned[1:]]
    if slides:
        sections = [s for number, page in enumerate(cleaned, 1) if page.strip() for s in _slide(page, number)]
    else:
        sections = _pages(cleaned)
    if not sections:
        raise UnreadableFile("no_text_layer")
    return [Part(title, tuple(sections))]


def _pdfium_pages(data: bytes) -> list[str]:
    """Each page's text as PDFium lays it out: letters from their glyphs' shapes, spaces from the gaps; nothing
    when PDFium cannot open what pypdf could (pypdf's reading is still better than none)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return []
    try:
        return [page_text.hyphened_in_order(_PDFIUM_MARKS.sub("", page.get_textpage().get_text_range())
                                             .replace("\r\n", "\n")) for page in document]
    finally:
        document.close()


_PDFIUM_MARKS = re.compile("[\x02\ufffe]")  # PDFium's marks for a hyphen or break the layout made, not the text


_PAGE_BREAK = re.compile(r"\f(\d+)\f")  # a line no text has, between two pages: «\f12\f» opens page 12


def _pages(pages: list[str]) -> list[Section]:
    """A handout's pages through the plain-text heading rules as one text, then cut at its page breaks: a section
    runs over a page break under the headings it started under («فصل سوم» over all of chapter three), and every
    passage keeps its page."""
    joined = "\n\n".join(f"\f{number}\f\n\n{page}" for number, page in enumerate(pages, 1))
    _, found = text.sections(joined)
    sections: list[Section] = []
    page = 1
    for section in found:
        pieces = _PAGE_BREAK.split(section.text)  # text, a page's number, text, …
        for at, piece in enumerate(pieces):
            if at % 2:
                page = int(piece)
            elif piece.strip():
                sections.append(Section(section.headings, piece.strip("\n"), page=page))
    return sections


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
