"""HTML tables as Markdown table rows, one row a line.

Notes on GitHub often write their tables in HTML inside the Markdown (to set ``dir="rtl"`` or to keep formulas
in cells), and saved web pages have nothing else.  With the tags dropped, each cell became a line of its own:
«Sigmoid», «σ(x) = …», «σ'(x) = …» one under the other, the row that ties a function to its derivative lost.
As ``| Sigmoid | σ(x) = … | σ'(x) = … |`` under its header row, a row is one sentence read with its column names
(``knowledge/answer.py``), as Markdown's own tables are.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bs4 import Tag

_TABLE = re.compile(r"<table\b[^>]*>.*?</table\s*>", re.IGNORECASE | re.DOTALL)


def markdown_rows(table: Tag) -> list[str]:
    """A BeautifulSoup ``<table>`` as Markdown rows: the first row, a rule under it when its cells are
    ``<th>`` (or it sits in ``<thead>``), then the others.  A nested table's rows are its own."""
    rows = []
    header = False
    for i, tr in enumerate(r for r in table.find_all("tr") if r.find_parent("table") is table):
        cells = tr.find_all(["th", "td"], recursive=False)
        if not cells:
            continue
        words = [re.sub(r"\s+", " ", c.get_text(" ", strip=True)).replace("|", "/") for c in cells]
        if not any(words):
            continue
        rows.append("| " + " | ".join(words) + " |")
        if i == 0 and (all(c.name == "th" for c in cells) or tr.find_parent("thead") is not None):
            header = True
    if header and len(rows) > 1:
        rows.insert(1, "|" + "---|" * rows[0].count(" | ") + "---|")
    return rows


def tables_as_rows(text: str) -> str:
    """``text`` (Markdown) with each HTML ``<table>…</table>`` written as Markdown rows between blank lines."""
    if "<table" not in text.lower():
        return text
    from bs4 import BeautifulSoup

    def rows(match: re.Match[str]) -> str:
        table = BeautifulSoup(match.group(0), "html.parser").find("table")
        found = markdown_rows(table) if table is not None else []
        return "\n\n" + "\n".join(found) + "\n\n" if found else match.group(0)

    return _TABLE.sub(rows, text)
