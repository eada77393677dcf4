"""Course analytics for the staff (``/stats``, ``daneshyar db stats``): how many questions a week, where their
answers came from, and what is asked most, for one course only.

Every count is read with the course's filter (:meth:`BotState.sources`), so one course's report never shows
another's questions.  The most asked topics are the course's questions grouped by meaning with the same rule
the digest uses (:func:`bot.digest.group_questions`: the course's e5 query vectors, and a shared informative
term unless the two are near-identical), measured in ``benchmarks/topic_grouping.py``.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.digest import QuestionGroup
from bot.kinds import SOURCES
from bot.state import BotState

DAY_S = 86400.0
STATS_WEEKS = 4     # the period /stats reports: questions in each of the last four weeks, and their sources
STATS_TOPICS = 5    # the most asked topics shown
TOPICS_AMONG = 100  # the newest questions grouped (about 2 s of embedding, in the questions' thread)


@dataclass(frozen=True)
class CourseReport:
    course: str
    weeks: tuple[int, ...]                 # questions in each of the last STATS_WEEKS weeks, oldest first
    sources: dict[str, int]                # questions of those weeks by source (bot.kinds.SOURCES, in order)
    days: tuple[tuple[str, dict[str, int]], ...]  # (UTC day, questions by source) of the chart's days
    topics: tuple[QuestionGroup, ...] = ()  # the most asked, biggest first

    @property
    def questions(self) -> int:
        return sum(self.weeks)

    def share(self, source: str) -> float:
        """The share of the period's questions answered from ``source``, 0..1 (0 when nothing was asked)."""
        return self.sources.get(source, 0) / self.questions if self.questions else 0.0


def course_report(state: BotState, course: str, now: float | None = None, chart_days: int = 14,
                  group: Callable[[Sequence[str]], list[QuestionGroup]] | None = None) -> CourseReport:
    """The report of ``course`` over the last :data:`STATS_WEEKS` weeks (the chart: the last ``chart_days``);
    ``group`` groups the newest questions by meaning (None: no topics)."""
    now = time.time() if now is None else now
    since = now - max(STATS_WEEKS * 7, chart_days) * DAY_S
    until = math.nextafter(now, math.inf)  # up to now itself: a question asked this very second counts
    asked = state.sources(since, until, course)
    weeks = [0] * STATS_WEEKS
    sources: Counter[str] = Counter()
    per_day: dict[str, Counter[str]] = {}
    for at, source in asked:
        age = int((now - at) // (7 * DAY_S))
        if age < STATS_WEEKS:
            weeks[STATS_WEEKS - 1 - age] += 1
            sources[source] += 1
        per_day.setdefault(_utc_day(at), Counter())[source] += 1
    days = tuple((day, {s: per_day.get(day, Counter())[s] for s in SOURCES})
                 for day in (_utc_day(now - DAY_S * i) for i in range(chart_days - 1, -1, -1)))
    topics = group(state.questions(now - STATS_WEEKS * 7 * DAY_S, until, TOPICS_AMONG, course)) if group else []
    return CourseReport(course, tuple(weeks), {s: sources[s] for s in SOURCES}, days,
                        tuple(topics[:STATS_TOPICS]))


def _utc_day(at: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(at))


__all__ = ["STATS_TOPICS", "STATS_WEEKS", "CourseReport", "course_report"]
