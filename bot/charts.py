"""The /stats chart: a course's questions a day, stacked by where their answers came from, labelled in Persian.

matplotlib's object API (no pyplot state, safe from worker threads); matplotlib 3.11 shapes Persian
and lays it right to left by itself.
"""

from __future__ import annotations

import io

from bot import messages as msg
from bot.kinds import SOURCES, UNANSWERED

CHART_DAYS = 14
# one colour per source (bot.kinds.SOURCES), unanswered in the warm one the eye goes to
COLOURS = {"material": "#4C72B0", "verified": "#55A868", "human": "#8172B2", "unanswered": "#DD8452",
           "calculation": "#C9D6EA"}


def activity_chart(days: list[tuple[str, dict[str, int]]]) -> bytes:
    """PNG of (day, questions by source): one stacked bar a day, and the share answered (not unanswered) as
    a line."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = [day[5:] for day, _ in days]  # MM-DD
    figure = Figure(figsize=(7.0, 3.8), dpi=110, layout="constrained")
    ax = figure.subplots()
    bottom = [0] * len(days)
    for source in SOURCES:
        counts = [by_source.get(source, 0) for _, by_source in days]
        if any(counts):
            ax.bar(range(len(days)), counts, bottom=bottom, color=COLOURS[source], label=msg.SOURCE_LABELS[source])
            bottom = [b + n for b, n in zip(bottom, counts)]
    ax.set_xticks(range(len(days)), labels, fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # questions are counted, never 2.5
    ax.spines[["top"]].set_visible(False)
    share = ax.twinx()
    totals = [sum(by_source.values()) for _, by_source in days]
    # a day without questions has no share (a gap, not 0 %)
    share.plot(range(len(days)), [100 * (n - by_source.get(UNANSWERED, 0)) / n if n else float("nan")
                                  for n, (_, by_source) in zip(totals, days)],
               color="#333333", marker="o", label=msg.CHART_SHARE)
    share.set_ylim(0, 105)
    share.set_ylabel(msg.CHART_SHARE, fontsize=9)
    # below the plot, so it never hides a bar
    figure.legend(loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    figure.suptitle(msg.CHART_TITLE.format(days=CHART_DAYS), fontsize=11)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
