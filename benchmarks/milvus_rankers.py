"""Milvus' own rankers against our fusion, on the same Milvus generation and the same questions.

    DANESHYAR_INDEX=milvus-lite:PATH.db python benchmarks/milvus_rankers.py --kb HOME [--questions FILE] [--json]

The base at HOME must be served by Milvus (``DANESHYAR_INDEX``).  For each development question the
query is read, embedded and analysed exactly as ``search`` does; then the passages are ranked by
our fusion (``knowledge.retrieve.rank``: per-query normalised scores mixed linearly), by Milvus'
``hybrid_search`` with ``RRFRanker(60)``, and with ``WeightedRanker(0.5, 0.5)``.  Prints Recall@1/5/10
and MRR@10 of each (``knowledge.evaluation``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]  # bottleneck.py vs pandas
sys.path.insert(0, str(ROOT))

from daneshyar.application import settings as settings_mod
from knowledge import KnowledgeBase
from knowledge.evaluation import evaluate, load_questions
from knowledge.retrieve import rank
from knowledge.types import Hit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=ROOT / "benchmarks" / "data" / "dev_answers.jsonl")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DANESHYAR_INDEX", "").startswith("milvus"):
        sys.exit("set DANESHYAR_INDEX=milvus-lite:PATH.db (or milvus://HOST:PORT) to the base's Milvus")
    kb = KnowledgeBase.open(settings_mod.load().with_overrides(home=args.kb).kb_config())
    index = kb.index()

    def searcher(how: str):
        def search(question: str, k: int) -> list[Hit]:
            read = kb.understand(question)
            vector = kb.embedder.embed_query(kb.analyzer.dense_query(read.searched))
            terms = kb.analyzer.query_terms(read.searched, lambda t: index.idf(t) > 0)
            if how == "ours":
                return rank(index, vector, terms, k)
            ids, scores = index.fused(vector, terms, k, how)
            chunks = index.chunks(ids)
            return [Hit(chunks[int(i)], float(s)) for i, s in zip(ids, scores) if int(i) in chunks]
        return search

    questions = load_questions(args.questions)
    result = {}
    for how in ("ours", "rrf", "weighted"):
        report = asdict(evaluate(questions, searcher(how)))
        report.pop("per_question")
        result[how] = report
    kb.close()
    if args.json:
        print(json.dumps(result))
        return
    for how, report in result.items():
        print(f"{how:<9} " + "  ".join(f"{k} {v}" for k, v in report.items()))


if __name__ == "__main__":
    main()
