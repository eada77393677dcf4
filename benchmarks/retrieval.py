"""Retrieval quality and latency on the course corpus, with the baselines our choices beat.

    python benchmarks/retrieval.py [--corpus ../shared/corpus] [--questions ../shared/eval/dev_kb.jsonl] [--json]

Indexes the corpus into a temporary knowledge base (no built-in notes), then
prints Recall@1/5/10 and MRR@10 for: plain BM25 (no stemming, stop words or
glossary), our BM25, dense (mE5-small), naive reciprocal-rank fusion, and our
hybrid; then p50/p95 latency of `search` and `ask` on the built-in base, and
the start-up time of one CLI call.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge import KBConfig, KnowledgeBase
from knowledge.analyzer import Analyzer, AnalyzerOptions
from knowledge.evaluation import evaluate, load_questions
from knowledge.retrieve import FusionConfig


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def quality(corpus: Path, questions_path: Path) -> dict:
    questions = load_questions(questions_path)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase.open(KBConfig(home=Path(tmp), builtin=False))
        kb.add([corpus])

        def run(name: str, mode: str, kb_: KnowledgeBase) -> None:
            r = evaluate(questions, lambda q, k: kb_.search(q, k, mode))
            out[name] = {"R@1": r.recall_at_1, "R@5": r.recall_at_5, "R@10": r.recall_at_10, "MRR@10": r.mrr_at_10}

        run("dense (mE5-small)", "dense", kb)
        run("bm25 (ours: normalised, light stems, stop words, glossary)", "bm25", kb)
        run("hybrid (ours: linear fusion, w=0.5)", "hybrid", kb)
        kb.config = replace(kb.config, fusion=FusionConfig("rrf", 0.5))
        run("hybrid (naive RRF k=60)", "hybrid", kb)
        kb.close()
    with tempfile.TemporaryDirectory() as tmp:
        plain = KnowledgeBase(KBConfig(home=Path(tmp), builtin=False))
        plain.analyzer = Analyzer(options=AnalyzerOptions(stem=False, stop_words=False, glossary=False))
        plain.add([corpus])
        run("bm25 (plain: normalised tokens only)", "bm25", plain)
        plain.close()
    return out


def latency(repeats: int = 20) -> dict:
    questions = [
        "لنت کی اومد؟", "چرا از کانولوشن 1x1 استفاده میکنن؟", "فرق SGD و Adam چیه؟",
        "global average pooling بهتره یا flatten؟", "نرخ یادگیری زیاد باشه چی میشه؟", "طرز تهیه قورمه سبزی چیه؟",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase.open(KBConfig(home=Path(tmp)))
        kb.ask(questions[0])  # warm: load index and models
        search_ms, ask_ms = [], []
        for _ in range(repeats):
            for q in questions:
                t = time.perf_counter()
                kb.search(q, 5)
                search_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                kb.ask(q)
                ask_ms.append((time.perf_counter() - t) * 1000)
        cli = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "daneshyar", "--kb", tmp, "ask", questions[1]],
                           check=True, capture_output=True)
            cli.append(time.perf_counter() - t)
        kb.close()
    return {
        "search_p50_ms": round(statistics.median(search_ms), 1), "search_p95_ms": round(_pct(search_ms, 0.95), 1),
        "ask_p50_ms": round(statistics.median(ask_ms), 1), "ask_p95_ms": round(_pct(ask_ms, 0.95), 1),
        "cli_ask_wall_s": round(statistics.median(cli), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--questions", type=Path, default=ROOT.parent / "shared" / "eval" / "dev_kb.jsonl")
    parser.add_argument("--no-latency", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = {"quality": quality(args.corpus, args.questions)}
    if not args.no_latency:
        result["latency"] = latency()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    for name, m in result["quality"].items():
        print(f"{name:<62} R@1 {m['R@1']:.2f}  R@5 {m['R@5']:.2f}  R@10 {m['R@10']:.2f}  MRR@10 {m['MRR@10']:.3f}")
    for key, value in result.get("latency", {}).items():
        print(f"{key:<20} {value}")


if __name__ == "__main__":
    main()
