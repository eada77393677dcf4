"""Files and folders → :class:`~knowledge.types.Document` objects, skipping what cannot be read.

The edge of the pipeline that touches the file system.  The reader is chosen by
the file's extension (:mod:`knowledge.formats.registry`) and each reader checks the content itself (a ``.pdf`` that
is not a PDF is skipped with that reason).  Every file that is not ingested is
reported with its reason; nothing here raises for one bad file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from knowledge import extraction
from knowledge.formats import Part, UnreadableFile, registry
from knowledge.types import Document

MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str          # English, for the CLI
    code: str = ""       # stable: knowledge.messages.SKIP_REASONS
    reason_fa: str = ""  # Persian, for the chat

    @classmethod
    def of(cls, path: str, exc: UnreadableFile) -> Skipped:
        return cls(path, str(exc), exc.code, exc.persian())


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Skipped]]:
    """Expand folders (recursively, sorted, hidden files ignored) into files."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    files.append(child)
        elif path.is_file():
            files.append(path)
        else:
            skipped.append(Skipped.of(str(path), UnreadableFile("missing")))
    return files, skipped


# Bump when the readers split the same bytes into other sections (headings, body): a file sent again is
# then read again instead of being reported unchanged.  2: list items, bracketed lists, table rows,
# formulas and code are never headings.  3: a short line that another heading of its rank follows with nothing
# between is text (it was dropped), and an indented code line is never a heading; an HTML table is Markdown rows.
# 4: a PDF slide deck is read a slide a page under its title, its footers, page numbers and build steps dropped.
# 5: a PDF handout is read as paragraphs, its sections over page breaks, its footnotes placed by their words, its
# cover dropped; a Word file's footnotes are placed too; a line break inside a slide's paragraph keeps its words
# apart.
SECTIONS_VERSION = b"\0sections-5"


def read_documents(path: Path, data: bytes | None = None, source: str | None = None) -> list[Document]:
    """Read one file into its Documents (one, or one per thread of a chat export); raises UnreadableFile."""
    reader = registry.reader_for(path.suffix)
    if reader is None:
        raise UnreadableFile("unsupported", suffix=path.suffix or "(none)", supported=", ".join(registry.extensions()))
    if data is None:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFile("too_large", size=size // 1024 // 1024, limit=MAX_FILE_BYTES // 1024 // 1024)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableFile("unreadable", detail=exc.strerror or exc) from exc
    if not data.strip():
        raise UnreadableFile("empty")
    fmt = reader.format.extensions[path.suffix.lower()]
    read = [p for p in reader.read(data) if p.sections]
    parts = read
    if reader.format.checked:
        parts = [p for p in extraction.check(read, fmt, source or path.name) if p.sections]
    if not parts:
        raise UnreadableFile("no_text")
    if parts != read:  # a repaired file is new to the base, even when one indexed before the repair had its bytes
        data += b"\0" + extraction.REPAIRED.encode()
    base = source or str(path.resolve())
    fallback = path.stem.replace("_", " ").replace("-", " ").strip() or path.name
    return [_document(part, base, fallback, fmt, data) for part in parts]


def _document(part: Part, base: str, fallback_title: str, fmt: str, data: bytes) -> Document:
    # A whole file is unchanged when its bytes are; a thread (a keyed part) when its own text is, so
    # re-exporting a chat with new threads leaves the old ones untouched.
    if not part.key:
        digest = hashlib.sha256(data + SECTIONS_VERSION).hexdigest()
    else:
        content = [[list(s.headings), s.text, s.page] for s in part.sections]
        digest = hashlib.sha256(json.dumps([part.title, content], ensure_ascii=False).encode()).hexdigest()
    return Document(
        source=f"{base}#{part.key}" if part.key else base,
        title=part.title or fallback_title,
        format=fmt,
        content_hash=digest,
        sections=part.sections,
    )
