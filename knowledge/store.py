"""SQLite storage for documents, chunks and cached embeddings.

SQLite is the source of truth; the FAISS and BM25 indexes (``knowledge/index.py``)
are derived from it and can always be rebuilt.  Each document's replacement
happens in one transaction, so a crash leaves either the old chunks or the new
ones.  The schema changes through numbered migrations run on open, as in
simonw/llm, so later formats and features add a migration instead of a rewrite.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.types import HEADING_SEP, Chunk, StoredChunk, chunk_id


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, which would break the migration's transaction.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _m001_initial(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            format TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            added_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE TABLE chunks (
            rowid INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            headings TEXT NOT NULL,      -- JSON list, outermost first
            text TEXT NOT NULL,          -- as written, for display
            norm_text TEXT NOT NULL,     -- analysed terms, space-separated, for BM25
            text_hash TEXT NOT NULL,     -- of what the embedder saw, keys the vector cache
            UNIQUE (doc_id, position)
        );
        CREATE TABLE vectors (
            embedder TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (embedder, text_hash)
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )


def _m002_pages_and_versions(db: sqlite3.Connection) -> None:
    # page: where a chunk of a paged source (PDF) starts.  data_version: bumped by every change of
    # documents or chunks, so an index generation knows whether it is still the latest.
    db.execute("ALTER TABLE chunks ADD COLUMN page INTEGER")
    db.execute("INSERT OR IGNORE INTO meta VALUES ('data_version', '0')")


def _m003_section_marks(db: sqlite3.Connection) -> None:
    # sections: JSON [[text a merged section begins with, its heading path], ...], so a quote is cited
    # under the section it sits in.  Chunks stored before this have none and cite their first heading.
    db.execute("ALTER TABLE chunks ADD COLUMN sections TEXT NOT NULL DEFAULT '[]'")


def _m004_verified(db: sqlite3.Connection) -> None:
    # The course's verified question-answer pairs (knowledge/verified.py says why they live here).
    # phrasings: JSON list; status: active | retired; replaces: the id of the pair this one took over from.
    _run_script(
        db,
        """
        CREATE TABLE verified (
            id TEXT PRIMARY KEY,
            course TEXT NOT NULL,
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at REAL NOT NULL,
            phrasings TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'active',
            replaces TEXT NOT NULL DEFAULT ''
        )
        """
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _m001_initial, _m002_pages_and_versions, _m003_section_marks, _m004_verified)


def _like_escaped(text: str) -> str:
    """``text`` for a LIKE pattern with ESCAPE '\\': its own %, _ and \\ match only themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    source: str
    title: str
    format: str
    content_hash: str
    chunks: int
    updated_at: float


@dataclass(frozen=True)
class ChunkRow:
    """What the index builder needs of a chunk: its row id, BM25 terms and vector-cache key."""

    rowid: int
    norm_text: str
    text_hash: str
    embed_text: str
    doc_id: str


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Store:
    """One SQLite file; open it per process (connections are not shared across threads)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction():
                migration(self.db)
                self.db.execute(f"PRAGMA user_version={number}")

    def transaction(self) -> sqlite3.Connection:
        """``with store.transaction():`` - BEGIN IMMEDIATE ... COMMIT, rolled back on error."""
        return Transaction(self.db)  # type: ignore[return-value]

    def close(self) -> None:
        self.db.close()

    # -- documents -------------------------------------------------------------------------

    def document_by_source(self, source: str) -> DocumentInfo | None:
        rows = self._documents("WHERE d.source = ?", (source,))
        return rows[0] if rows else None

    def document(self, doc_id: str) -> DocumentInfo | None:
        rows = self._documents("WHERE d.id = ?", (doc_id,))
        return rows[0] if rows else None

    def documents(self) -> list[DocumentInfo]:
        return self._documents("", ())

    def _documents(self, where: str, args: tuple) -> list[DocumentInfo]:
        rows = self.db.execute(
            "SELECT d.id, d.source, d.title, d.format, d.content_hash, "
            "(SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.id), d.updated_at "
            f"FROM documents d {where} ORDER BY d.id",
            args,
        ).fetchall()
        return [DocumentInfo(*row) for row in rows]

    def new_doc_id(self, stem: str) -> str:
        """A readable id from the file name, made unique with a counter."""
        base = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem.casefold()).strip("-") or "doc"
        base = base[:48]
        candidate, n = base, 2
        while self.db.execute("SELECT 1 FROM documents WHERE id = ?", (candidate,)).fetchone():
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def put_document(
        self,
        doc_id: str,
        source: str,
        title: str,
        fmt: str,
        content_hash: str,
        chunks: Sequence[Chunk],
        norm_texts: Sequence[str],
        embed_texts: Sequence[str],
    ) -> None:
        """Insert or replace a document and all its chunks, atomically."""
        now = time.time()
        with self.transaction():
            old = self.db.execute("SELECT added_at FROM documents WHERE id = ?", (doc_id,)).fetchone()
            self.db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
            self.db.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc_id, source, title, fmt, content_hash, old[0] if old else now, now),
            )
            self.db.executemany(
                "INSERT INTO chunks (doc_id, position, headings, text, norm_text, text_hash, page, sections) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (doc_id, c.position, json.dumps(list(c.headings), ensure_ascii=False), c.text, n, text_hash(e),
                     c.page, json.dumps([list(m) for m in c.sections], ensure_ascii=False))
                    for c, n, e in zip(chunks, norm_texts, embed_texts, strict=True)
                ],
            )
            self._bump()

    def remove_document(self, doc_id: str) -> bool:
        with self.transaction():
            self.db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
            removed = self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount > 0
            if removed:
                self._bump()
            return removed

    def _bump(self) -> None:
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'")

    @property
    def data_version(self) -> int:
        """Changes so far; an index built at this version is up to date."""
        return int(self.get_meta("data_version") or 0)

    def sources(self, prefix: str) -> tuple[int, int]:
        """(documents whose source starts with ``prefix``, the others): the built-in notes and the course's own."""
        within, total = self.db.execute("SELECT COALESCE(SUM(source LIKE ? ESCAPE '\\'), 0), COUNT(*) FROM documents",
                                        (_like_escaped(prefix) + "%",)).fetchone()
        return int(within), int(total) - int(within)

    def documents_from(self, source: str) -> list[DocumentInfo]:
        """The document read from ``source`` and, for a chat export, each of its threads (``source#...``)."""
        return self._documents("WHERE d.source = ? OR d.source LIKE ? ESCAPE '\\'", (source, _like_escaped(source) + "#%"))

    # -- chunks ----------------------------------------------------------------------------

    def chunk_rows(self) -> list[ChunkRow]:
        """Every chunk in a stable order (row id), with the text the embedder sees."""
        rows = self.db.execute(
            "SELECT c.rowid, c.norm_text, c.text_hash, d.title, c.headings, c.text, c.doc_id "
            "FROM chunks c JOIN documents d ON d.id = c.doc_id ORDER BY c.rowid"
        ).fetchall()
        return [ChunkRow(r[0], r[1], r[2], embed_text(r[3], json.loads(r[4]), r[5]), r[6]) for r in rows]

    def chunk_texts(self) -> list[str]:
        """Every passage's own text (what quotes are taken from)."""
        return [r[0] for r in self.db.execute("SELECT text FROM chunks ORDER BY rowid")]

    def chunk_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def snapshot(self, target: Path) -> None:
        """Copy the passages, in index order (position ``pos`` = row ``pos`` of the indexes), into a
        generation's own read-only database, so its readers never touch this one."""
        self.db.execute("ATTACH DATABASE ? AS gen", (str(target),))
        try:
            self.db.execute(SNAPSHOT_TABLE.format(schema="gen."))
            self.db.execute(
                f"INSERT INTO gen.chunks SELECT row_number() OVER (ORDER BY c.rowid) - 1, {CHUNK_COLUMNS} "
                "FROM chunks c JOIN documents d ON d.id = c.doc_id ORDER BY c.rowid"
            )
            self.db.execute(SNAPSHOT_INDEX.format(schema="gen."))
        finally:
            self.db.execute("DETACH DATABASE gen")

    # -- vector cache ----------------------------------------------------------------------

    def cached_vectors(self, embedder: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(hashes), 500):
            batch = list(hashes[start : start + 500])
            marks = ",".join("?" * len(batch))
            for h, blob in self.db.execute(
                f"SELECT text_hash, vector FROM vectors WHERE embedder = ? AND text_hash IN ({marks})",
                [embedder, *batch],
            ):
                found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_vectors(self, embedder: str, hashes: Sequence[str], vectors: np.ndarray) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(embedder, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in zip(hashes, vectors)],
            )

    # -- meta ------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


# What a search result needs of a chunk, in this order (also copied into each index generation).
CHUNK_COLUMNS = ("c.rowid, c.doc_id, c.position, d.title, d.source, c.headings, c.text, c.norm_text, c.page, "
                 "c.sections")


# A generation's copy of the passages (knowledge/index.py reads it): ``pos`` is the row in its indexes.
SNAPSHOT_TABLE = ("CREATE TABLE {schema}chunks (pos INTEGER PRIMARY KEY, rowid_ INTEGER, doc_id TEXT, "
                  "position INTEGER, title TEXT, source TEXT, headings TEXT, text TEXT, norm_text TEXT, page INTEGER, "
                  "sections TEXT)")
SNAPSHOT_INDEX = "CREATE INDEX {schema}chunk_ids ON chunks (doc_id, position)"
SNAPSHOT_COLUMNS = "rowid_, doc_id, position, title, source, headings, text, norm_text, page, sections"  # stored_chunk's


def stored_chunk(row: Sequence) -> StoredChunk:
    _, doc_id, position, title, source, headings, text, norm_text, page, sections = row
    return StoredChunk(chunk_id(doc_id, position), doc_id, title, source, HEADING_SEP.join(json.loads(headings)),
                       text, tuple(norm_text.split()), page, tuple(tuple(m) for m in json.loads(sections or "[]")))


def embed_text(title: str, headings: Sequence[str], text: str) -> str:
    """What the dense model reads for a passage: where it sits (title, headings), then the passage."""
    where = HEADING_SEP.join([title, *headings] if title else headings)
    return f"{where}\n{text}" if where else text


class Transaction:
    """``with Transaction(db):`` - BEGIN IMMEDIATE ... COMMIT, rolled back on error (the bot's records use it too)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
