"""Retrieval evaluation on question files: one JSON object a line, ``{"q": ..., "any": [...]}``.

A question counts as found at rank r when the passage at rank r contains one of
its ``any`` strings, compared loosely (digits unified across scripts, Arabic
ي/ك as ی/ک, case, whitespace and ZWNJ ignored).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.normalize import loose
from knowledge.types import Hit

Search = Callable[[str, int], list[Hit]]


@dataclass(frozen=True)
class EvalQuestion:
    q: str
    any: tuple[str, ...]


@dataclass(frozen=True)
class QuestionResult:
    q: str
    rank: int | None  # 1-based rank of the first matching passage within the top 10
    top: str  # chunk id ranked first


@dataclass(frozen=True)
class EvalReport:
    questions: int
    recall_at_1: float
    recall_at_5: float
    recall_at_10: float
    mrr_at_10: float
    per_question: list[QuestionResult] = field(default_factory=list)


def load_questions(path: Path) -> list[EvalQuestion]:
    questions = []
    for lineno, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            questions.append(EvalQuestion(str(obj["q"]), tuple(str(a) for a in obj["any"])))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{lineno}: expected {{\"q\": ..., \"any\": [...]}} ({exc})") from None
    return questions


def matches(text: str, wanted: Sequence[str]) -> bool:
    haystack = loose(text)
    return any(loose(w) in haystack for w in wanted)


def evaluate(questions: Sequence[EvalQuestion], search: Search, depth: int = 10) -> EvalReport:
    results = []
    for question in questions:
        hits = search(question.q, depth)
        rank = next((i for i, h in enumerate(hits, 1) if matches(h.chunk.text, question.any)), None)
        results.append(QuestionResult(question.q, rank, hits[0].chunk.id if hits else ""))
    n = max(len(results), 1)

    def recall(k: int) -> float:
        return round(sum(1 for r in results if r.rank and r.rank <= k) / n, 4)

    mrr = round(sum(1 / r.rank for r in results if r.rank and r.rank <= 10) / n, 4)
    return EvalReport(len(results), recall(1), recall(5), recall(10), mrr, results)
