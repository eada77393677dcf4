"""The search indexes derived from the store: FAISS for vectors, bm25s for terms.

An index is a *generation*: a directory of plain files (``faiss.index``,
``bm25/``, ``rows.npy``, ``manifest.json``) built next to the serving one and
published by atomically replacing the one-line ``CURRENT`` file.  A reader
holding the old generation keeps answering; the next search notices that
``CURRENT`` changed and loads the new one.  A crash while building leaves a
stray directory, never a half-written serving index.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from knowledge.embed import Embedder
from knowledge.store import Store

Progress = Callable[[int, int], None]  # (done, total)
EMBED_BATCH = 32


class IndexMismatch(Exception):
    """The index was built by another embedder or analyser than the one asked for."""


@dataclass(frozen=True)
class Manifest:
    embedder: str
    dim: int
    analyzer: str
    chunks: int
    built_at: float
    dense_index: str = "flat"


@dataclass
class Index:
    """One loaded generation; row ``i`` of both indexes is chunk ``rows[i]`` of the store."""

    path: Path
    manifest: Manifest
    rows: np.ndarray
    faiss_index: object | None
    bm25: object | None

    @staticmethod
    def load_manifest(path: Path) -> Manifest:
        return Manifest(**json.loads((path / "manifest.json").read_text("utf-8")))

    @classmethod
    def load(cls, path: Path) -> Index:
        import bm25s
        import faiss

        manifest = cls.load_manifest(path)
        rows = np.load(path / "rows.npy")
        faiss_index = faiss.read_index(str(path / "faiss.index")) if len(rows) else None
        bm25 = bm25s.BM25.load(str(path / "bm25")) if len(rows) else None
        return cls(path, manifest, rows, faiss_index, bm25)

    def dense(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(row positions, cosine scores) of the ``k`` nearest passages."""
        if self.faiss_index is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores, idx = self.faiss_index.search(query.reshape(1, -1).astype(np.float32), min(k, len(self.rows)))
        keep = idx[0] >= 0
        return idx[0][keep], scores[0][keep]

    def lexical(self, terms: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """(row positions, BM25 scores) of the ``k`` best passages with a positive score."""
        if self.bm25 is None or not terms:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores = self.bm25.get_scores(terms)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        return top, scores[top]

    def idf(self, term: str) -> float:
        """Inverse document frequency of an analysed term (0 when unknown), for sentence scoring."""
        if self.bm25 is None:
            return 0.0
        vocab = self.bm25.vocab_dict
        if term not in vocab:
            return 0.0
        ids = vocab[term]
        df = int(self.bm25.scores["indptr"][ids + 1] - self.bm25.scores["indptr"][ids])
        return _idf(len(self.rows), df)

    @property
    def max_idf(self) -> float:
        """The IDF of a term found in one passage: the rarest a known term can be."""
        return _idf(len(self.rows), 1)


def _idf(n: int, df: int) -> float:
    return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))


def current_path(root: Path) -> Path | None:
    pointer = root / "CURRENT"
    try:
        name = pointer.read_text("utf-8").strip()
    except FileNotFoundError:
        return None
    path = root / name
    return path if (path / "manifest.json").exists() else None


def _vectors(store: Store, embedder: Embedder, rows, progress: Progress | None) -> np.ndarray:
    """Vectors of all rows, embedding only the texts the cache does not have, in batches."""
    hashes = [r.text_hash for r in rows]
    cached = store.cached_vectors(embedder.name, hashes)
    missing = [r for r in rows if r.text_hash not in cached]
    missing = list({r.text_hash: r for r in missing}.values())
    done = len(rows) - len(missing)
    if progress:
        progress(done, len(rows))
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start : start + EMBED_BATCH]
        vectors = embedder.embed_passages([r.embed_text for r in batch])
        store.put_vectors(embedder.name, [r.text_hash for r in batch], vectors)
        cached.update({r.text_hash: v for r, v in zip(batch, vectors)})
        done += len(batch)
        if progress:
            progress(min(done, len(rows)), len(rows))
    if not rows:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.vstack([cached[h] for h in hashes]).astype(np.float32)


def build(
    store: Store, embedder: Embedder, analyzer_signature: str, root: Path, progress: Progress | None = None
) -> Path:
    """Build a new generation from the store's chunks and publish it; returns its path."""
    import bm25s
    import faiss

    rows = store.chunk_rows()
    vectors = _vectors(store, embedder, rows, progress)
    root.mkdir(parents=True, exist_ok=True)
    name = f"gen-{time.time_ns()}"
    tmp = root / f"{name}.tmp"
    tmp.mkdir()
    np.save(tmp / "rows.npy", np.array([r.rowid for r in rows], dtype=np.int64))
    if rows:
        flat = faiss.IndexFlatIP(embedder.dim)
        flat.add(vectors)
        faiss.write_index(flat, str(tmp / "faiss.index"))
        bm25 = bm25s.BM25()
        bm25.index([r.norm_text.split() for r in rows], show_progress=False)
        bm25.save(str(tmp / "bm25"))
    manifest = Manifest(embedder.name, embedder.dim, analyzer_signature, len(rows), time.time())
    (tmp / "manifest.json").write_text(json.dumps(asdict(manifest), indent=1), "utf-8")
    _fsync_dir(tmp)
    os.replace(tmp, root / name)
    _publish(root, name)
    _remove_stale(root, keep=name)
    return root / name


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
