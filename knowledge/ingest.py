"""Files and folders → :class:`~knowledge.types.Document` objects, skipping what cannot be read.

The edge of the pipeline that touches the file system.  Every file that is
not ingested is reported with its reason; nothing here raises for one bad file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from knowledge.formats import UnreadableFile, text
from knowledge.types import Document

SUPPORTED = {".txt": "txt", ".md": "md", ".markdown": "md"}
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


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
            skipped.append(Skipped(str(path), "no such file or folder"))
    return files, skipped


def read_document(path: Path, data: bytes | None = None, source: str | None = None) -> Document:
    """Read one file into a Document; raises UnreadableFile with the reason."""
    fmt = SUPPORTED.get(path.suffix.lower())
    if fmt is None:
        raise UnreadableFile(f"unsupported file type {path.suffix or '(none)'!r}; supported: "
                             + ", ".join(sorted(SUPPORTED)))
    if data is None:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFile(f"file too large ({size // 1024 // 1024} MB > {MAX_FILE_BYTES // 1024 // 1024} MB)")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from exc
    content = text.decode_utf8(data)
    own_title, sections = text.sections(content)
    if not sections:
        raise UnreadableFile("no text found")
    title = own_title or path.stem.replace("_", " ").replace("-", " ").strip() or path.name
    return Document(
        source=source or str(path.resolve()),
        title=title,
        format=fmt,
        content_hash=hashlib.sha256(data).hexdigest(),
        sections=tuple(sections),
    )

