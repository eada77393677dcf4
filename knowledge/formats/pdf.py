"""PDF (slides, handouts) through pypdf's text layer; every section remembers its page for citations.

A PDF has no reliable headings, so each page's text goes through the plain-text
heading rules; NFKC in the normaliser later folds the Arabic presentation forms
many Persian PDFs are written in.
"""

from __future__ import annotations

import io
import logging

from knowledge.formats import Format, Part, UnreadableFile, text
from knowledge.types import Section

FORMAT = Format(
    {".pdf": "pdf"}, order=30, library="pypdf (text layer)", note="text layer", checked=True,
    summary=("one section per page run through the plain-text heading rules; every passage keeps its page, "
             "cited as «ص. N»; a passage never spans two pages. A scanned PDF without a text layer is skipped "
             "(\"needs OCR\")."),
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
        title = ((reader.metadata or {}).get("/Title") or "").strip()
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableFile("corrupt_pdf", detail=f"{type(exc).__name__}: {exc}") from None
    sections: list[Section] = []
    for number, page_text in enumerate(pages, 1):
        if not page_text.strip():
            continue
        _, page_sections = text.sections(page_text)
        sections.extend(Section(s.headings, s.text, page=number) for s in page_sections)
    if not sections:
        raise UnreadableFile("no_text_layer")
    return [Part(str(title), tuple(sections))]
