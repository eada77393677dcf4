"""Bar charts of a comparison as PNG bytes, drawn with matplotlib's object API (no global pyplot state,
so the bot may draw from several threads).  Labels are Persian: matplotlib 3.11 shapes Persian script and
lays it right to left by itself, with the DejaVu Sans it bundles.  Values read as 1.2M / 3.4G, never «1e8».
"""

from __future__ import annotations

import io

from cnn_demos import messages as msg

_COLOURS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52")


def bar_chart(title: str, labels: list[str],
              panels: list[tuple[str, list[float], list[tuple[float, float]] | None]]) -> bytes:
    """One panel per metric (parameters, MACs, measured ms with its spread), one bar per variant,
    the ratio in each panel's title."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    figure = Figure(figsize=(3.4 * len(panels) + 0.6, 4.0), dpi=110, layout="constrained")
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for ax, (metric, values, spread) in zip(axes, panels):
        errors = None
        if spread:
            errors = [[v - lo for v, (lo, _) in zip(values, spread)], [hi - v for v, (_, hi) in zip(values, spread)]]
        bars = ax.bar(range(len(values)), values, color=_COLOURS[: len(values)], yerr=errors, capsize=4)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _short(v)))
        ax.set_xticks(range(len(values)), labels, fontsize=8)
        low = min(v for v in values if v > 0) if any(v > 0 for v in values) else 0
        ratio = msg.CHART_RATIO.format(ratio=msg.fa(f"{max(values) / low:.2f}")) if low else ""
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
