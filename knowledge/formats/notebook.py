"""Jupyter notebooks (homework solutions, a course's worked examples): read as the Markdown they hold.

A notebook is JSON: Markdown cells carry the explanations and the headings, code cells the code.  It is
turned into one Markdown text, each Markdown cell as written and each code cell fenced with the notebook's
language, then read by the Markdown reader (:mod:`knowledge.formats.text`), so its headings build the
heading path and its code stays code (quotable only where a comment explains a line).  Outputs (tables,
images, tracebacks) are left out: they are the run's, not the author's words.
"""

from __future__ import annotations

import json

from knowledge.formats import Format, Part, UnreadableFile
from knowledge.formats import text as markdown

FORMAT = Format(
    {".ipynb": "ipynb"}, order=45, library="json (the notebook format 4)",
    summary=("Markdown cells as written (their headings build the heading path), code cells as fenced code; "
             "outputs left out, and a picture pasted into a cell (a base64 data URI) keeps its name, not its bytes. "
             "Read as the Markdown it makes."),
)


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def as_markdown(data: bytes) -> str:
    """The notebook's cells as one Markdown text."""
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
        cells = notebook["cells"]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFile("bad_notebook", detail=type(exc).__name__) from None
    except (KeyError, TypeError):
        raise UnreadableFile("bad_notebook", detail="no cells") from None
    language = str(((notebook.get("metadata") or {}).get("kernelspec") or {}).get("language") or "python")
    blocks = []
    for cell in cells if isinstance(cells, list) else ():
        if not isinstance(cell, dict):
            continue
        source = _source(cell).strip()
        if not source:
            continue
        if cell.get("cell_type") == "markdown":
            blocks.append(source)
        elif cell.get("cell_type") == "code":
            blocks.append(f"```{language}\n{source}\n```")
    return "\n\n".join(blocks) + "\n"


def read(data: bytes) -> list[Part]:
    return markdown.read(as_markdown(data).encode("utf-8"))
