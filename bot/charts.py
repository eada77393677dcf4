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

    labels = [day[5:] for day, _, _ in days]  # MM-DD
    questions = [n for _, n, _ in days]
    answered = [ok for _, _, ok in days]
    figure = Figure(figsize=(7.0, 3.6), dpi=110, layout="constrained")
    ax = figure.subplots()
    ax.bar(range(len(days)), questions, color="#C9D6EA", label=msg.CHART_QUESTIONS)
    ax.bar(range(len(days)), answered, color="#4C72B0", width=0.5, label=msg.CHART_ANSWERED)
    ax.set_xticks(range(len(days)), labels, fontsize=8)
    ax.spines[["top"]].set_visible(False)
    share = ax.twinx()
    share.plot(range(len(days)), [100 * ok / n if n else 0 for _, n, ok in days], color="#DD8452", marker="o")
    share.set_ylim(0, 105)
    share.set_ylabel(msg.CHART_SHARE, fontsize=9)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.set_title(msg.CHART_TITLE.format(days=CHART_DAYS), fontsize=11)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
