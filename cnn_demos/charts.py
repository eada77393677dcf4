"""Bar charts of a comparison as PNG bytes, drawn with matplotlib's object API (no global pyplot state,
so the bot may draw from several threads).  Labels are English: matplotlib does not shape Persian text.
"""

from __future__ import annotations

import io

_COLOURS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52")


def bar_chart(title: str, labels: list[str], panels: list[tuple[str, list[float]]]) -> bytes:
    """One panel per metric (e.g. parameters, MACs, measured ms), one bar per variant, ratios in the titles."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(3.2 * len(panels) + 0.6, 3.8), dpi=110, layout="constrained")
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for ax, (metric, values) in zip(axes, panels):
        bars = ax.bar(range(len(values)), values, color=_COLOURS[: len(values)])
        ax.set_xticks(range(len(values)), labels, fontsize=8)
        low = min(v for v in values if v > 0) if any(v > 0 for v in values) else 0
        ratio = f"  ({max(values) / low:.2f}x)" if low else ""
        ax.set_title(metric + ratio, fontsize=10)
        ax.bar_label(bars, labels=[_short(v) for v in values], fontsize=8)
        ax.margins(y=0.15)
        ax.spines[["top", "right"]].set_visible(False)
    figure.suptitle(title, fontsize=11)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _short(value: float) -> str:
    for factor, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= factor:
            return f"{value / factor:.3g}{suffix}"
    return f"{value:.3g}"
