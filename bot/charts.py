"""The /stats chart: questions a day and the share answered from the material, labelled in Persian.

matplotlib's object API (no pyplot state, safe from worker threads); matplotlib 3.11 shapes Persian
and lays it right to left by itself.
"""

from __future__ import annotations

import io

from bot import messages as msg

CHART_DAYS = 14


def activity_chart(days: list[tuple[str, int, int]]) -> bytes:
    """PNG of (day, questions, answered): bars for questions and answered ones, the answered share as a line."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = [day[5:] for day, _, _ in days]  # MM-DD
    questions = [n for _, n, _ in days]
    answered = [ok for _, _, ok in days]
    figure = Figure(figsize=(7.0, 3.6), dpi=110, layout="constrained")
    ax = figure.subplots()
    ax.bar(range(len(days)), questions, color="#C9D6EA", label=msg.CHART_QUESTIONS)
    ax.bar(range(len(days)), answered, color="#4C72B0", width=0.5, label=msg.CHART_ANSWERED)
    ax.set_xticks(range(len(days)), labels, fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # questions are counted, never 2.5
    ax.spines[["top"]].set_visible(False)
    share = ax.twinx()
    # a day without questions has no share (a gap, not 0 %)
    share.plot(range(len(days)), [100 * ok / n if n else float("nan") for _, n, ok in days], color="#DD8452", marker="o",
               label=msg.CHART_SHARE)
    share.set_ylim(0, 105)
    share.set_ylabel(msg.CHART_SHARE, fontsize=9)
    # below the plot, so it never hides a bar
    figure.legend(loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    figure.suptitle(msg.CHART_TITLE.format(days=CHART_DAYS), fontsize=11)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
