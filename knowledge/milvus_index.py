"""Milvus as the second index backend: the same generations as ``knowledge/index.py``, on a search engine.

Past one machine the index must live on an engine several bot workers can share, and Milvus does dense
vectors and BM25 full text in one collection.  The same ``pymilvus`` code talks to a Milvus server or
cluster (``milvus://HOST:PORT``) and, on one machine and in tests, to Milvus Lite (``milvus-lite:PATH``).

A generation is one collection (``daneshyar_gen_<ns>``) holding every passage with its display fields,
its analysed terms, its vector and the BM25 sparse field Milvus derives from the terms, plus a side
collection (``<generation>_terms``) with the manifest and each term's document frequency (Milvus does not
expose df, and answers need IDF).  The serving generation is the alias ``daneshyar_current``, switched
only once both collections are complete and loaded, so readers never see a half-built base, exactly
like ``index/CURRENT``.  A loaded ``MilvusIndex`` reads its own collection by name, not the alias, so it
keeps answering while a writer publishes; the generation before the newest is kept for those readers.

Our normaliser and analyser run before Milvus; Milvus' tokenizer (``standard``: split at non-word
characters, lowercase) must keep each of our terms whole.  Terms it would split (ZWNJ in «می‌خواهم»,
``1.5``, ``c++``) are written as ``zq`` + UTF-8 hex, a form no kept term has.  BM25 uses bm25s' k1 and b;
Milvus scores carry an extra ``k1 + 1`` factor, divided out so scores equal the local backend's.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from itertools import islice
from pathlib import Path

import numpy as np

from knowledge.embed import Embedder
from knowledge.index import (
    FORMAT,
    HNSW_EF_CONSTRUCTION,
    HNSW_EF_SEARCH,
    HNSW_M,
    IVF_MIN_NPROBE,
    IVF_PROBE_SHARE,
    Manifest,
    Progress,
    bm25_idf,
    cached,
    choose_kind,
    embed_missing,
)
from knowledge.store import SNAPSHOT_COLUMNS, Store, stored_chunk
from knowledge.types import COMPLETE, Step, StoredChunk

log = logging.getLogger(__name__)

ALIAS = "daneshyar_current"
PREFIX = "daneshyar_gen_"
TERMS_SUFFIX = "_terms"
MANIFEST_KEY = "#manifest"  # a key no term has: stored terms are letters and digits only
INSERT_BATCH = 256           # rows per insert call: a killed writer leaves a partial, never-aliased collection
BM25_K1, BM25_B = 1.5, 0.75  # bm25s' defaults, so lexical scores equal the local backend's
ANALYZER = {"tokenizer": "standard"}  # the one Milvus Lite and Milvus share; our terms arrive pre-encoded
MAX_TEXT = 65_535            # Milvus' VARCHAR limit, in bytes
_ESCAPE = "zq"
_ID_FIELDS = ["pk"]
_CHUNK_FIELDS = ["pk", "doc_id", "position", "title", "source", "headings", "text", "norm_text", "page",
                 "sections"]
_DENSE_TYPES = {"flat": "FLAT", "ivf": "IVF_FLAT", "hnsw": "HNSW"}


# -- settings and connections -------------------------------------------------------------------------


def parse_index_setting(value: str) -> tuple[str, str]:
    """``local`` | ``milvus-lite:PATH`` | ``milvus://HOST:PORT`` → (kind, target), checked here, not on first use."""
    value = (value or "local").strip()
    if value == "local":
        return "local", ""
    if value.startswith("milvus-lite:"):
        path = value.removeprefix("milvus-lite:")
        if not path.endswith(".db"):  # pymilvus starts Milvus Lite only for paths ending in .db
            raise ValueError(f"a Milvus Lite path must end in .db, got {path!r}")
        return "milvus-lite", path
    if value.startswith("milvus://"):
        address = value.removeprefix("milvus://").rstrip("/")
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"expected milvus://HOST:PORT, got {value!r}")
        return "milvus", address
    raise ValueError(f"unknown index setting {value!r}; choose local, milvus-lite:PATH or milvus://HOST:PORT")


def connect(uri: str, token: str = ""):
    """A ``MilvusClient`` for an index setting (the token goes to the server only, never to a log)."""
    from pymilvus import MilvusClient

    kind, target = parse_index_setting(uri)
    if kind == "milvus-lite":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        return MilvusClient(target)
    if kind == "milvus":
        return MilvusClient(uri=f"http://{target}", token=token)
    raise ValueError("the local index is not served by Milvus")


def release(uri: str) -> None:
    """Stop this process's Milvus Lite server for ``uri``, freeing its file lock for another process.

    Milvus Lite takes an exclusive lock on its data directory: only one process at a time may open a
    ``milvus-lite:PATH`` base (several processes share one through ``milvus-lite server`` and ``milvus://``).
    """
    kind, target = parse_index_setting(uri)
    if kind == "milvus-lite":
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(target)


# -- terms --------------------------------------------------------------------------------------------


def milvus_term(term: str) -> str:
    """One of our analysed terms as a token Milvus' standard tokenizer keeps whole (injective)."""
    if term and not term.startswith(_ESCAPE) and all(_kept(c) for c in term):
        return term
    return _ESCAPE + term.encode("utf-8").hex()


def _kept(char: str) -> bool:
    # Letters without case, lowercase letters and decimal digits: one word to every Unicode segmenter.
    return unicodedata.category(char) in ("Lo", "Ll", "Nd")


def plain_term(token: str) -> str:
    """The analysed term a stored token stands for (inverse of :func:`milvus_term`)."""
    return bytes.fromhex(token[len(_ESCAPE):]).decode("utf-8") if token.startswith(_ESCAPE) else token


def milvus_text(terms: Iterable[str]) -> str:
    return " ".join(milvus_term(t) for t in terms)


# -- reading a generation -----------------------------------------------------------------------------


class MilvusIndex:
    """One published generation in Milvus, read through the same methods as ``knowledge.index.Index``.

    Ids are the store's chunk row ids (the collection's primary key), so callers pass back to
    :meth:`chunks` exactly what :meth:`dense` and :meth:`lexical` returned.
    """

    def __init__(self, client, name: str, manifest: Manifest, lite_dir: Path | None = None) -> None:
        self.client = client
        self.name = name
        self.manifest = manifest
        self.lite_dir = lite_dir  # Milvus Lite's data directory, where this generation's size can be read
        self._df: dict[str, int] = {}

    @classmethod
    def load(cls, client, name: str, lite_dir: Path | None = None) -> MilvusIndex:
        manifest = read_manifest(client, name)
        ensure_loaded(client, name)
        return cls(client, name, manifest, lite_dir)

    @property
    def generation(self) -> str:
        return self.name

    @property
    def size(self) -> int:
        return self.manifest.chunks

    @property
    def max_idf(self) -> float:
        """The IDF of a term found in one passage: the rarest a known term can be."""
        return bm25_idf(self.size, 1)

    def stored_bytes(self) -> int:
        """Bytes of this generation on disk where that can be known (Milvus Lite); 0 on a server."""
        if self.lite_dir is None:
            return 0
        folders = [self.lite_dir / "collections" / c for c in (self.name, self.name + TERMS_SUFFIX)]
        return sum(f.stat().st_size for folder in folders for f in folder.rglob("*") if f.is_file())

    def dense(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, cosine scores) of the ``k`` nearest passages, best first."""
        if self.size == 0 or k <= 0:
            return _empty()
        vector = np.asarray(query, dtype=np.float32).reshape(-1).tolist()
        hits = self.client.search(self.name, data=[vector], anns_field="vector", limit=min(k, self.size),
                                  output_fields=_ID_FIELDS, search_params=dense_search_params(self.manifest))
        return _ids_scores(hits[0], lambda d: d)

    def lexical(self, terms: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, BM25 scores on bm25s' scale) of the ``k`` best passages with a positive score."""
        dfs = self._dfs(terms)
        known = [t for t in terms if dfs[t]]  # repeated terms count twice, as in the local backend
        if self.size == 0 or k <= 0 or not known:
            return _empty()
        hits = self.client.search(self.name, data=[milvus_text(known)], anns_field="sparse",
                                  limit=min(k, self.size), output_fields=_ID_FIELDS,
                                  search_params={"metric_type": "BM25"})
        # Milvus Lite reports BM25 as a negative distance, a Milvus server as a positive score.
        ids, scores = _ids_scores(hits[0], lambda d: abs(d) / (BM25_K1 + 1))
        keep = scores > 0
        return ids[keep], scores[keep]

    def fused(self, query: np.ndarray, terms: list[str], k: int, ranker: str = "rrf",
              dense_weight: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
        """Milvus' own fusion (``hybrid_search`` with RRF or weighted scores), to measure against ours."""
        from pymilvus import AnnSearchRequest, RRFRanker, WeightedRanker

        depth = max(k, 50)
        requests = [AnnSearchRequest(data=[np.asarray(query, dtype=np.float32).reshape(-1).tolist()],
                                     anns_field="vector", param=dense_search_params(self.manifest), limit=depth)]
        if terms:
            requests.append(AnnSearchRequest(data=[milvus_text(terms)], anns_field="sparse",
                                             param={"metric_type": "BM25"}, limit=depth))
        chosen = RRFRanker(60) if ranker == "rrf" else WeightedRanker(*[dense_weight, 1 - dense_weight][:len(requests)])
        hits = self.client.hybrid_search(self.name, requests, ranker=chosen, limit=k, output_fields=_ID_FIELDS)
        return _ids_scores(hits[0], lambda d: d)

    def chunks(self, ids: Iterable[int]) -> dict[int, StoredChunk]:
        """The passages with these ids, from this generation's collection."""
        wanted = sorted({int(i) for i in ids})
        if not wanted:
            return {}
        rows = self.client.query(self.name, ids=wanted, output_fields=_CHUNK_FIELDS)
        return {int(row["pk"]): _stored(row) for row in rows}

    def chunk(self, doc_id: str, position: int) -> StoredChunk | None:
        rows = self._where(doc_id, position, _CHUNK_FIELDS)
        return _stored(rows[0]) if rows else None

    def vector(self, chunk_id: str) -> np.ndarray | None:
        """The stored vector of a passage (None when it is not in this generation)."""
        doc_id, _, position = chunk_id.rpartition(":")
        if not position.isdigit():
            return None
        rows = self._where(doc_id, int(position), ["vector"])
        return np.asarray(rows[0]["vector"], dtype=np.float32) if rows else None

    def idf(self, term: str) -> float:
        """BM25 inverse document frequency of an analysed term (0 when unknown), as the local backend's."""
        df = self._dfs([term]).get(term, 0)
        return bm25_idf(self.size, df) if df else 0.0

    def _dfs(self, terms: Iterable[str]) -> dict[str, int]:
        """Document frequencies, fetched in one query for the terms not asked before, then cached."""
        terms = list(dict.fromkeys(terms))
        missing = [t for t in terms if t not in self._df]
        if missing:
            rows = self.client.query(self.name + TERMS_SUFFIX, ids=[milvus_term(t) for t in missing],
                                     output_fields=["key", "df"])
            found = {plain_term(row["key"]): int(row["df"]) for row in rows}
            self._df.update({t: found.get(t, 0) for t in missing})
        return {t: self._df[t] for t in terms}

    def _where(self, doc_id: str, position: int, fields: list[str]) -> list[dict]:
        # Lite has no filter templating: the id is written as a JSON string literal (quotes escaped).
        expr = f"doc_id == {json.dumps(doc_id, ensure_ascii=False)} and position == {int(position)}"
        return self.client.query(self.name, filter=expr, output_fields=fields, limit=1)


def read_manifest(client, name: str) -> Manifest:
    ensure_loaded(client, name + TERMS_SUFFIX)
    rows = client.query(name + TERMS_SUFFIX, ids=[MANIFEST_KEY], output_fields=["value"])
    if not rows:
        raise LookupError(f"generation {name} has no manifest")
    return Manifest.from_json(json.loads(rows[0]["value"]))


def ensure_loaded(client, name: str) -> None:
    """Load a collection into memory if it is not (Milvus Lite reopens a base with every collection released)."""
    from pymilvus.client.types import LoadState

    if client.get_load_state(name)["state"] != LoadState.Loaded:
        client.load_collection(name)


def dense_search_params(manifest: Manifest) -> dict:
    """Search-time settings mirroring ``knowledge.index._tune`` (>= 0.95 top-10 overlap there)."""
    if manifest.dense_index == "hnsw":
        return {"metric_type": "COSINE", "params": {"ef": HNSW_EF_SEARCH}}
    if manifest.dense_index == "ivf":
        nlist = _nlist(manifest.chunks)
        return {"metric_type": "COSINE", "params": {"nprobe": min(nlist, max(IVF_MIN_NPROBE, nlist // IVF_PROBE_SHARE))}}
    return {"metric_type": "COSINE"}


def _nlist(n: int) -> int:
    return max(16, min(65_536, int(4 * np.sqrt(max(n, 1)))))


def _stored(row: dict) -> StoredChunk:
    terms = " ".join(plain_term(t) for t in row["norm_text"].split())
    return stored_chunk((row["pk"], row["doc_id"], row["position"], row["title"], row["source"], row["headings"],
                         row["text"], terms, row["page"], row["sections"]))


def _ids_scores(hits: list[dict], score) -> tuple[np.ndarray, np.ndarray]:
    ids = np.fromiter((int(h["pk"] if "pk" in h else h["id"]) for h in hits), dtype=np.int64, count=len(hits))
    scores = np.fromiter((score(float(h["distance"])) for h in hits), dtype=np.float32, count=len(hits))
    return ids, scores


def _empty() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)


# -- the backend: finding, building and publishing generations ----------------------------------------


def current(client) -> str | None:
    """The collection the alias names (None before the first publication)."""
    if ALIAS not in client.list_aliases().get("aliases", []):  # asked first: pymilvus logs a missing alias as an error
        return None
    return client.describe_alias(ALIAS)["collection_name"]


def open_current(uri: str, token: str = "") -> MilvusIndex | None:
    """The serving generation at ``uri``, or None when nothing is published there yet."""
    client = connect(uri, token)
    name = current(client)
    return MilvusIndex.load(client, name, lite_dir(uri)) if name else None


def lite_dir(uri: str) -> Path | None:
    kind, target = parse_index_setting(uri)
    return Path(target) if kind == "milvus-lite" else None


class MilvusBackend:
    """``knowledge.index.Backend`` on Milvus: generations are collections, the alias names the serving one."""

    def __init__(self, uri: str, token: str = "") -> None:
        self.uri = uri
        self._token = token
        self.client = connect(uri, token)

    def __repr__(self) -> str:  # never the token
        return f"MilvusBackend({self.uri!r})"

    def current(self) -> str | None:
        return current(self.client)

    def manifest(self, generation: str) -> Manifest:
        return read_manifest(self.client, generation)

    def load(self, generation: str) -> MilvusIndex:
        return MilvusIndex.load(self.client, generation, lite_dir(self.uri))

    def covers(self, generation: str, doc_id: str) -> bool:
        """Whether that generation serves the document (its passages always carry vectors here)."""
        expr = f"doc_id == {json.dumps(doc_id, ensure_ascii=False)}"
        ensure_loaded(self.client, generation)
        return bool(self.client.query(generation, filter=expr, output_fields=["pk"], limit=1))

    def build(self, store: Store, embedder: Embedder, analyzer_signature: str, progress: Progress | None = None,
              dense_kind: str = "auto") -> str:
        return build_generation(self.client, store, embedder, analyzer_signature, progress, dense_kind)

    def close(self) -> None:
        self.client.close()
        release(self.uri)


def build_milvus(store: Store, embedder: Embedder, analyzer_signature: str, uri: str,
                 progress: Progress | None = None, token: str = "", dense_kind: str = "auto") -> str:
    """Build a generation from the store in the Milvus at ``uri`` and publish it; returns its name."""
    return build_generation(connect(uri, token), store, embedder, analyzer_signature, progress, dense_kind)


def build_generation(client, store: Store, embedder: Embedder, analyzer_signature: str,
                     progress: Progress | None = None, dense_kind: str = "auto") -> str:
    """Embed what the vector cache lacks, write the passages into a new collection, then publish it.

    Unlike the local backend there is no early lexical-only generation: every passage goes in with its
    vector, so ``Manifest.pending`` is always 0.  The caller holds the write lock.
    """
    report = progress or (lambda step: None)
    version = store.data_version
    rows = store.chunk_rows()
    vectors, missing = cached(store, embedder, rows)
    embed_missing(store, embedder, missing, vectors, report)
    kind = choose_kind(dense_kind, len(rows))
    manifest = Manifest(embedder.name, embedder.dim, analyzer_signature, len(rows), time.time(), kind, version,
                        FORMAT)
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = Path(tmp) / "chunks.sqlite3"
        store.snapshot(snapshot)  # the passages in row-id order, through the store's own SQL
        db = sqlite3.connect(snapshot)
        try:
            passages = _passages(db, {r.rowid: vectors[r.text_hash] for r in rows})
            name = publish(client, manifest, passages, Counter(t for r in rows for t in set(r.norm_text.split())))
        finally:
            db.close()
    report(Step(COMPLETE, len(rows), len(rows)))
    return name


def _passages(db: sqlite3.Connection, vectors: dict[int, np.ndarray]) -> Iterator[dict]:
    cursor = db.execute(f"SELECT {SNAPSHOT_COLUMNS} FROM chunks ORDER BY pos")
    for pk, doc_id, position, title, source, headings, text, norm_text, page, sections in cursor:
        yield {"pk": pk, "doc_id": doc_id, "position": position, "title": title, "source": source,
               "headings": headings, "text": text, "norm_text": milvus_text(norm_text.split()), "page": page,
               "sections": sections or "[]", "vector": vectors[pk].astype(np.float32).tolist()}


def publish(client, manifest: Manifest, passages: Iterable[dict], dfs: Counter) -> str:
    """Write one generation (passages + terms/manifest), then switch the alias to it and drop stale ones.

    ``passages``: rows with every field of the collection but ``sparse`` (Milvus derives it from
    ``norm_text``, already encoded with :func:`milvus_term`).  The benchmark calls this with synthetic rows.
    """
    name = f"{PREFIX}{time.time_ns()}"
    _create_passages(client, name, manifest)
    for batch in _batches(passages, INSERT_BATCH):
        client.insert(name, batch)
    _create_terms(client, name + TERMS_SUFFIX)
    terms = ({"key": milvus_term(t), "df": int(n), "value": "", "unused": [0.0, 0.0]} for t, n in dfs.items())
    manifest_row = {"key": MANIFEST_KEY, "df": 0, "value": json.dumps(asdict(manifest)), "unused": [0.0, 0.0]}
    for batch in _batches(terms, 4096):
        client.insert(name + TERMS_SUFFIX, batch)
    client.insert(name + TERMS_SUFFIX, [manifest_row])  # last: a generation with a manifest is complete
    for collection in (name, name + TERMS_SUFFIX):
        client.flush(collection)
        client.load_collection(collection)
    _check_complete(client, name, manifest.chunks)
    previous = current(client)
    _switch_alias(client, name, previous)
    _drop_stale(client, keep={name, previous})
    log.info("published Milvus generation %s (%d passages)", name, manifest.chunks)
    return name


def _create_passages(client, name: str, manifest: Manifest) -> None:
    from pymilvus import DataType, Function, FunctionType, MilvusClient

    schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("pk", DataType.INT64, is_primary=True)  # the store's chunk row id
    schema.add_field("doc_id", DataType.VARCHAR, max_length=1024)
    schema.add_field("position", DataType.INT64)
    for text_field in ("title", "source", "headings", "text", "sections"):
        schema.add_field(text_field, DataType.VARCHAR, max_length=MAX_TEXT)
    schema.add_field("norm_text", DataType.VARCHAR, max_length=MAX_TEXT, enable_analyzer=True,
                     analyzer_params=ANALYZER)
    schema.add_field("page", DataType.INT64, nullable=True)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=manifest.dim)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["norm_text"],
                                 output_field_names=["sparse"]))
    params = client.prepare_index_params()
    params.add_index("vector", **_dense_index(manifest))
    params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                     params={"bm25_k1": BM25_K1, "bm25_b": BM25_B})
    client.create_collection(name, schema=schema, index_params=params)


def _dense_index(manifest: Manifest) -> dict:
    """Build-time settings mirroring ``knowledge.index.make_dense_index``."""
    kind = manifest.dense_index
    params = {}
    if kind == "hnsw":
        params = {"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION}
    elif kind == "ivf":
        params = {"nlist": _nlist(manifest.chunks)}
    return {"index_type": _DENSE_TYPES[kind], "metric_type": "COSINE", "params": params}


def _create_terms(client, name: str) -> None:
    """Document frequencies and the manifest; Milvus wants a vector field in every collection."""
    from pymilvus import DataType, MilvusClient

    schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=MAX_TEXT)
    schema.add_field("df", DataType.INT64)
    schema.add_field("value", DataType.VARCHAR, max_length=MAX_TEXT)
    schema.add_field("unused", DataType.FLOAT_VECTOR, dim=2)
    params = client.prepare_index_params()
    params.add_index("unused", index_type="FLAT", metric_type="L2")
    client.create_collection(name, schema=schema, index_params=params)


def _check_complete(client, name: str, expected: int) -> None:
    rows = client.query(name, filter="", output_fields=["count(*)"], consistency_level="Strong")
    found = int(rows[0]["count(*)"])
    if found != expected:
        raise RuntimeError(f"generation {name} holds {found} passages, expected {expected}; not published")


def _switch_alias(client, name: str, previous: str | None) -> None:
    """The one atomic step of publishing: the alias names the new collection from here on."""
    if previous is None:
        client.create_alias(name, ALIAS)
    else:
        client.alter_alias(name, ALIAS)


def _drop_stale(client, keep: set[str | None]) -> None:
    """Drop every generation but the new one and the one before (readers may still hold it), and the
    leftovers of builds that were killed before publishing."""
    kept = {n for n in keep if n} | {n + TERMS_SUFFIX for n in keep if n}
    for collection in client.list_collections():
        if collection.startswith(PREFIX) and collection not in kept:
            client.drop_collection(collection)


def _batches(items: Iterable[dict], size: int) -> Iterator[list[dict]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
