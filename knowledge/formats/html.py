"""Saved web pages (blog posts, course pages): the main text with its headings, without the page around it.

Parsed with BeautifulSoup (the standard library's parser underneath, so nothing
to compile).  Scripts, styles, navigation, headers, footers, sidebars and forms
are dropped; when the page marks its content with ``<main>`` or ``<article>``
only that is kept.
"""

from __future__ import annotations

from knowledge.formats import Format, Part, text
from knowledge.html_tables import markdown_rows

FORMAT = Format(
    {".html": "html", ".htm": "html"}, order=50, library="BeautifulSoup", checked=True,
    summary=("only `<main>`/`<article>` when present; scripts, styles, navigation, header, footer, sidebars and "
             "forms dropped; `<h1>`–`<h6>` kept as headings; a table a row a line."),
)

_DROP = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
         "iframe", "svg", "canvas", "select", "input"]
_BLOCKS = {"p", "li", "pre", "blockquote", "td", "th", "dt", "dd", "figcaption", "caption"}
_HEADINGS = {f"h{i}": i for i in range(1, 7)}


def read(data: bytes) -> list[Part]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(_DROP):
        tag.decompose()
    for tag in soup.select('[role="navigation"], [role="banner"], [role="contentinfo"], [aria-hidden="true"]'):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    lines: list[str] = []
    for element in root.find_all([*_HEADINGS, *_BLOCKS, "table"]):
        if element.find_parent(list(_BLOCKS)) is not None:  # a <p> inside an <li>: its parent speaks for it
            continue
        if element.name == "table":  # a row a line, as Markdown's tables (``knowledge/html_tables.py``)
            lines += ["", *markdown_rows(element), ""]
            continue
        if element.name in ("td", "th") and element.find_parent("table") is not None:
            continue
        content = element.get_text(" ", strip=True)
        if not content:
            continue
        if element.name in _HEADINGS:
            lines += ["", "#" * (_HEADINGS[element.name] + 1) + " " + content, ""]
        else:
            lines += [content, ""]
    if not any(line.strip() for line in lines):
        loose = root.get_text("\n", strip=True)  # a page without block tags: its bare text
        lines = [loose]
    _, sections = text.sections("\n".join(lines))
    if not title:
        first_h1 = root.find("h1")
        title = first_h1.get_text(" ", strip=True) if first_h1 else ""
    return [Part(title, tuple(sections))]
