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
from knowledge.types import ANSWER, CALCULATION, NOT_A_QUESTION, NOT_COVERED, Answer, Hit

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
    """The questions of a development file that name the facts their passage must hold."""
    return [EvalQuestion(c.q, c.any) for c in load_cases(path) if c.any and not c.context]


def matches(text: str, wanted: Sequence[str]) -> bool:
    haystack = loose(text)
    return any(loose(w) in haystack for w in wanted)


def _rank(hits: Sequence[Hit], wanted: Sequence[str]) -> int | None:
    """1-based rank of the first passage holding one of ``wanted``."""
    return next((i for i, h in enumerate(hits, 1) if matches(h.chunk.text, wanted)), None)


def evaluate(questions: Sequence[EvalQuestion], search: Search, depth: int = 10) -> EvalReport:
    results = []
    for question in questions:
        hits = search(question.q, depth)
        results.append(QuestionResult(question.q, _rank(hits, question.any), hits[0].chunk.id if hits else ""))
    n = max(len(results), 1)

    def recall(k: int) -> float:
        return round(sum(1 for r in results if r.rank and r.rank <= k) / n, 4)

    mrr = round(sum(1 / r.rank for r in results if r.rank and r.rank <= 10) / n, 4)
    return EvalReport(len(results), recall(1), recall(5), recall(10), mrr, results)


# -- answers ------------------------------------------------------------------------------------
# A development file in every style (../shared/eval/README.md): course questions with the fact the
# answer must contain ("any"), questions the course does not cover ("covered": false), messages that
# are not questions ("noise": true), and follow-ups asked after earlier questions ("context").

Ask = Callable[[str, Sequence[str]], Answer]


@dataclass(frozen=True)
class AnswerCase:
    q: str
    style: str
    any: tuple[str, ...] = ()
    covered: bool = True
    noise: bool = False
    context: tuple[str, ...] = ()

    @property
    def expects(self) -> str:
        return NOT_A_QUESTION if self.noise else NOT_COVERED if not self.covered else ANSWER


@dataclass(frozen=True)
class CaseResult:
    q: str
    style: str
    expects: str
    kind: str
    ok: bool
    rank: int | None  # of the first passage holding the fact, searching the resolved question
    resolved: str
    answer: str


@dataclass(frozen=True)
class StyleScore:
    cases: int
    ok: int
    share: float


@dataclass(frozen=True)
class AnswerReport:
    cases: int
    ok: int
    fact_in_answer: float  # course questions whose answer contains the fact
    wrongly_refused: float  # course questions refused
    refused_off_topic: float  # off-topic questions refused
    noise_silent: float  # noise recognised as not a question
    recall_at_5: float
    mrr_at_10: float
    per_style: dict[str, StyleScore] = field(default_factory=dict)
    per_case: list[CaseResult] = field(default_factory=list)


def load_cases(path: Path, default_style: str = "kb") -> list[AnswerCase]:
    """Read a development file; lines without a style (dev_kb.jsonl) get ``default_style``."""
    cases = []
    for lineno, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            cases.append(AnswerCase(
                q=str(obj["q"]), style=str(obj.get("style", default_style)),
                any=tuple(str(a) for a in obj.get("any", ())), covered=bool(obj.get("covered", True)),
                noise=bool(obj.get("noise", False)), context=tuple(str(c) for c in obj.get("context", ()))))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{lineno}: expected {{\"q\": ..., \"any\"|\"covered\"|\"noise\": ...}} ({exc})") \
                from None
        if cases[-1].covered and not cases[-1].noise and not cases[-1].any:
            raise ValueError(f"{path}:{lineno}: a course question needs \"any\": [facts the answer must contain]")
    return cases


def evaluate_answers(cases: Sequence[AnswerCase], ask: Ask, search: Search, depth: int = 10) -> AnswerReport:
    """Score what a student would see: the fact in the answer, honest refusals, silence on noise."""
    results = []
    for case in cases:
        answer = ask(case.q, case.context)
        shown = " ".join(answer.quotes)
        if case.expects == ANSWER:
            ok = answer.kind in (ANSWER, CALCULATION) and matches(shown, case.any)
            resolved = answer.resolved_question or case.q
            rank = _rank(search(resolved, depth), case.any) if answer.kind != NOT_A_QUESTION else None
        else:
            ok, rank = answer.kind == case.expects, None
        results.append(CaseResult(case.q, case.style, case.expects, answer.kind, ok, rank,
                                  answer.resolved_question, shown))
    return _answer_report(results)


def _share(results: Sequence[CaseResult], predicate: Callable[[CaseResult], bool]) -> float:
    return round(sum(1 for r in results if predicate(r)) / len(results), 4) if results else 0.0


def _answer_report(results: list[CaseResult]) -> AnswerReport:
    course = [r for r in results if r.expects == ANSWER and r.style != "calc"]
    per_style = {}
    for style in dict.fromkeys(r.style for r in results):
        mine = [r for r in results if r.style == style]
        per_style[style] = StyleScore(len(mine), sum(r.ok for r in mine), _share(mine, lambda r: r.ok))
    return AnswerReport(
        cases=len(results), ok=sum(r.ok for r in results),
        fact_in_answer=_share(course, lambda r: r.ok),
        wrongly_refused=_share(course, lambda r: r.kind in (NOT_COVERED, NOT_A_QUESTION)),
        refused_off_topic=_share([r for r in results if r.expects == NOT_COVERED], lambda r: r.ok),
        noise_silent=_share([r for r in results if r.expects == NOT_A_QUESTION], lambda r: r.ok),
        recall_at_5=_share(course, lambda r: bool(r.rank and r.rank <= 5)),
        mrr_at_10=round(sum(1 / r.rank for r in course if r.rank) / len(course), 4) if course else 0.0,
        per_style=per_style, per_case=results,
    )
