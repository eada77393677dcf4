"""Which reader reads which file: every module of :mod:`knowledge.formats` that declares ``FORMAT``.

Before this registry the formats were written out by hand in the ingest table,
the extraction check's list, ``kb add --help``, the bot's /help, three places in
the README and a benchmark, and had drifted apart: ``.markdown`` was read but named
in none of the others.  Now a reader module is found by looking, and those lists are
made here, so adding a format is its reader module and its test.  ``python -m
knowledge.formats docs/formats.md`` then rewrites that page's table (a test
fails while it is stale).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import knowledge.formats as package
from knowledge.formats import Format, Part

_NOT_READERS = {Path(__file__).stem, "__main__"}
# docs/formats.md's table sits between these two lines.
TABLE_START = "<!-- formats table: `python -m knowledge.formats docs/formats.md` rewrites it -->"
TABLE_END = "<!-- end of formats table -->"


@dataclass(frozen=True)
class Reader:
    format: Format
    read: Callable[[bytes], list[Part]]


@functools.cache
def formats() -> tuple[Reader, ...]:
    """Every reader of the package, in the order lists show them."""
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name in _NOT_READERS:
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        declared = getattr(module, "FORMAT", None)
        if isinstance(declared, Format):
            found.append(Reader(declared, module.read))
    return tuple(sorted(found, key=lambda r: r.format.order))


@functools.cache
def _by_extension() -> dict[str, Reader]:
    readers: dict[str, Reader] = {}
    for reader in formats():
        for extension in reader.format.extensions:
            if extension in readers:
                raise ValueError(f"{extension} is claimed by two readers: {readers[extension].format.names} "
                                 f"and {reader.format.names}")
            readers[extension] = reader
    return readers


def reader_for(extension: str) -> Reader | None:
    """The reader of files ending in ``extension`` (".pdf"; any case), or None."""
    return _by_extension().get(extension.lower())


def extensions() -> tuple[str, ...]:
    """Every extension read, sorted (".docx", ".htm", ...)."""
    return tuple(sorted(_by_extension()))


def cli_help() -> str:
    """The formats as ``kb add --help`` lists them: «.pdf (text layer), .docx, …»."""
    return ", ".join("/".join(r.format.extensions) + (f" ({r.format.note})" if r.format.note else "")
                     for r in formats())


def chat_names() -> list[str]:
    """The formats as the bot's /help names them, in order (bot/messages.py joins them in Persian)."""
    return [name for r in formats() for name in ((r.format.chat_name,) if r.format.chat_name else r.format.names)]


def markdown_table() -> str:
    """The table of docs/formats.md, between its markers."""
    rows = [TABLE_START, "| file | read with | what becomes of it |", "| --- | --- | --- |"]
    for reader in formats():
        files = ", ".join(f"`{extension}`" for extension in reader.format.extensions)
        rows.append(f"| {files} | {reader.format.library} | {reader.format.summary} |")
    return "\n".join([*rows, TABLE_END])


def write_table(page: Path) -> None:
    """Put the current table in ``page`` in place of the one between the markers."""
    text = page.read_text("utf-8")
    start, end = text.index(TABLE_START), text.index(TABLE_END) + len(TABLE_END)
    page.write_text(text[:start] + markdown_table() + text[end:], "utf-8")
