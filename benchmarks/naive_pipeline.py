"""The baseline every answer figure is reported beside: about forty lines, no rules, no abstention.

RRF (k = 60) of BM25 and multilingual-e5-small over blank-line paragraphs, then the
4 sentences of the top 3 paragraphs closest to the question by the same embedder.
Issue 21 measured it at 48% on hidden material by other authors, where the full
pipeline reached 44%: anything Daneshyar adds must beat this on material it was
not tuned on, in the same run (``benchmarks/generalisation.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from knowledge.embed import Embedder
from knowledge.ingest import read_documents
from knowledge.normalize import tokens

_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\n+")


def paragraphs(files: Sequence[Path]) -> list[str]:
    """Blank-line paragraphs of every file, as our readers extract its text."""
    found = []
    for path in files:
        for doc in read_documents(path):
            for section in doc.sections:
                found += [p.strip() for p in re.split(r"\n\s*\n", section.text) if len(p.strip()) >= 20]
    return found


class NaivePipeline:
    def __init__(self, files: Sequence[Path], embedder: Embedder) -> None:
        self.passages = paragraphs(files)
        self.embedder = embedder
        self.bm25 = bm25s.BM25()
        self.bm25.index([tokens(p) or ["_"] for p in self.passages], show_progress=False)
        self.vectors = embedder.embed_passages(self.passages)

    def search(self, question: str, k: int = 3) -> list[str]:
        n = len(self.passages)
        ids, _ = self.bm25.retrieve([tokens(question) or ["_"]], k=min(n, 20), show_progress=False)
        dense = np.argsort(-(self.vectors @ self.embedder.embed_query(question)))[:20]
        fused: dict[int, float] = {}
        for ranking in (list(ids[0]), list(dense)):
            for rank, i in enumerate(ranking):
                fused[int(i)] = fused.get(int(i), 0.0) + 1 / (60 + rank + 1)
        return [self.passages[i] for i in sorted(fused, key=lambda i: -fused[i])[:k]]

    def answer(self, question: str) -> str:
        candidates = [s.strip() for p in self.search(question) for s in _SENTENCE_END.split(p) if len(s.strip()) > 3]
        if not candidates:
            return ""
        similarity = self.embedder.embed_passages(candidates) @ self.embedder.embed_query(question)
        return " ".join(candidates[i] for i in np.argsort(-similarity)[:4])
