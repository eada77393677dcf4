"""Question → ranked passages: dense, lexical (BM25) or both fused.

Fusion was chosen by measurement (``benchmarks/retrieval.py`` on the course
corpus and the development questions; figures in the README).  Reciprocal rank
fusion throws away how *sure* each side is, and on short Persian questions the
two sides are sure about different things: BM25 nails rare exact tokens
("0.9733", "SqueezeNet", "1x1"), e5 carries paraphrase and colloquial wording.
Scores normalised per query and mixed linearly keep that information; RRF is
kept as an option for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np

from knowledge.analyzer import Analyzer
from knowledge.embed import Embedder
from knowledge.index import SearchIndex
from knowledge.types import Hit

# How many candidates each side contributes before fusion.
CANDIDATES = 50
# Reciprocal rank fusion constant; 60 is the value of Cormack et al. (2009).
RRF_K = 60


class Mode(str, Enum):
    HYBRID = "hybrid"
    BM25 = "bm25"
    DENSE = "dense"

    @classmethod
    def from_str(cls, value: str) -> Mode:
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(f"unknown mode {value!r}; choose one of: {', '.join(m.value for m in cls)}") from None


@dataclass(frozen=True)
class FusionConfig:
    method: str = "linear"  # "linear" (normalised scores) or "rrf"
    dense_weight: float = 0.5

    def __post_init__(self) -> None:
        if self.method not in ("linear", "rrf"):
            raise ValueError(f"fusion method must be 'linear' or 'rrf', got {self.method!r}")
        if not 0.0 <= self.dense_weight <= 1.0:
            raise ValueError("dense_weight must be between 0 and 1")


def _normalise(scores: np.ndarray, floor: float | None = None) -> np.ndarray:
    """Scale to [0, 1] within this query's candidates (``floor`` fixes the bottom of the scale)."""
    if len(scores) == 0:
        return scores
    low = float(scores.min()) if floor is None else floor
    span = float(scores.max()) - low
    return np.clip((scores - low) / span, 0.0, 1.0) if span > 1e-9 else np.ones_like(scores)


def fuse(
    dense: tuple[np.ndarray, np.ndarray], lexical: tuple[np.ndarray, np.ndarray], config: FusionConfig
) -> dict[int, float]:
    """Row position → fused score, from each side's (positions, scores) ranked lists."""
    fused: dict[int, float] = {}
    w = config.dense_weight
    if config.method == "rrf":
        for weight, (rows, _) in ((w, dense), (1 - w, lexical)):
            for rank, row in enumerate(rows):
                fused[int(row)] = fused.get(int(row), 0.0) + weight / (RRF_K + rank + 1)
        return fused
    d_rows, d_scores = dense
    l_rows, l_scores = lexical
    for row, s in zip(d_rows, _normalise(d_scores)):
        fused[int(row)] = w * float(s)
    # BM25 is scaled against 0 (no match), not against the weakest candidate.
    for row, s in zip(l_rows, _normalise(l_scores, floor=0.0)):
        fused[int(row)] = fused.get(int(row), 0.0) + (1 - w) * float(s)
    return fused


def rank(index: SearchIndex, vector: np.ndarray | None, terms: list[str], k: int = 5, mode: Mode = Mode.HYBRID,
         fusion: FusionConfig = FusionConfig()) -> list[Hit]:
    """The search itself, on an already embedded and analysed query (the scale benchmark times this)."""
    if k <= 0:
        raise ValueError("k must be positive")
    depth = max(CANDIDATES, k)
    dense = lexical = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    if mode in (Mode.HYBRID, Mode.DENSE) and vector is not None:
        dense = index.dense(vector, depth)
    if mode in (Mode.HYBRID, Mode.BM25):
        lexical = index.lexical(terms, depth)
    if mode is Mode.DENSE:
        ranked = {int(r): float(s) for r, s in zip(*dense)}
    elif mode is Mode.BM25:
        ranked = {int(r): float(s) for r, s in zip(*lexical)}
    else:
        ranked = fuse(dense, lexical, fusion)
    top = sorted(ranked.items(), key=lambda item: -item[1])[:k]
    dense_of = {int(r): float(s) for r, s in zip(*dense)}
    lexical_of = {int(r): float(s) for r, s in zip(*lexical)}
    chunks = index.chunks(pos for pos, _ in top)
    return [Hit(chunks[pos], score, dense_of.get(pos), lexical_of.get(pos)) for pos, score in top if pos in chunks]


class Retriever:
    """Embeds and analyses a query, then searches one loaded index generation with :func:`rank`."""

    def __init__(self, embedder: Embedder, analyzer: Analyzer, fusion: FusionConfig = FusionConfig()):
        self.embedder = embedder
        self.analyzer = analyzer
        self.fusion = fusion

    def search(self, index: SearchIndex, query: str, k: int = 5, mode: Mode = Mode.HYBRID) -> list[Hit]:
        vector = None
        if mode in (Mode.HYBRID, Mode.DENSE):
            vector = self.embedder.embed_query(self.analyzer.dense_query(query))
        terms = self.analyzer.query_terms(query, lambda t: index.idf(t) > 0) if mode in (Mode.HYBRID, Mode.BM25) else []
        return rank(index, vector, terms, k, mode, self.fusion)

    def background(self, index: SearchIndex, query: str) -> float | None:
        """The question's mean cosine similarity to the passages the dense side brings up first (its
        :data:`CANDIDATES`): how alike *any* of this material looks to it.  e5 scores every Persian pair
        around 0.8 and an English question against Persian text lower, so a similarity means something
        only against this floor.  The query vector is the one :meth:`search` embedded (remembered)."""
        vector = self.embedder.embed_query(self.analyzer.dense_query(query))
        _, scores = index.dense(vector, CANDIDATES)
        return float(np.mean(scores)) if len(scores) else None
