"""Reports as text: a ``model.summary()``-style table narrow enough for a phone, and Persian prose around it.

The table is plain ASCII (left-to-right, monospace), so it survives Telegram's
``<pre>`` and a right-to-left chat alike; the prose lines outside it are Persian.
"""

from __future__ import annotations

from cnn_demos import messages as msg
from cnn_demos.counting import Report

NAME_WIDTH = 24


def human(n: float, unit: str = "") -> str:
    """11,574,090 → '11.57M'; keeps small numbers exact."""
    for factor, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K")):
        if abs(n) >= factor:
            return f"{n / factor:.2f}{suffix}{unit}"
    return f"{n:g}{unit}"


def human_bytes(n: int) -> str:
    for factor, suffix in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
        if n >= factor:
            return f"{n / factor:.1f} {suffix}"
    return f"{n} B"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(report: Report) -> str:
    """One row per layer: name, output shape, parameters, MACs."""
    shape_width = max(12, *(len(r.output_shape) for r in report.rows))
    header = f"{'Layer':<{NAME_WIDTH}} {'Output':<{shape_width}} {'Params':>11} {'MACs':>9}"
    lines = [header, "-" * len(header)]
    for row in report.rows:
        lines.append(f"{_clip(row.name, NAME_WIDTH):<{NAME_WIDTH}} {row.output_shape:<{shape_width}} "
                     f"{row.params:>11,} {human(row.macs) if row.macs else '0':>9}")
    lines.append("=" * len(header))
    lines.append(f"Total params:         {report.total_params:,}")
    lines.append(f"Trainable params:     {report.trainable_params:,}")
    lines.append(f"Non-trainable params: {report.non_trainable_params:,}")
    if not report.shapes_known:
        lines.append(f"Weights: {human_bytes(report.weight_bytes_fp32)} float32")
        return "\n".join(lines)
    lines.append(f"MACs: {report.macs:,} ({human(report.macs)})   FLOPs: {human(report.flops)}")
    lines.append(f"Weights: {human_bytes(report.weight_bytes_fp32)} float32, "
                 f"{human_bytes(report.weight_bytes_fp16)} float16")
    lines.append(f"Activations per sample: {human_bytes(report.activation_bytes_fp32)} float32")
    return "\n".join(lines)


def notes(report: Report) -> list[str]:
    """The Persian lines that say which conventions the numbers follow."""
    if not report.shapes_known:
        first = report.input_note or msg.NO_INPUT_SHAPES
        return [first, _convention_line(report)] if report.keras_params != report.learnable_params else [first]
    lines = [f"چیدمان ابعاد: {msg.LAYOUT_NAMES[report.layout]}؛ ورودی {report.input_shape}"]
    if report.input_note:
        lines.append(report.input_note)
    if report.keras_params != report.learnable_params:
        lines.append(_convention_line(report))
    lines.append(msg.CONVENTION)
    if report.flop_counter_flops == report.flops:
        lines.append(msg.FLOP_CHECK_OK)
    else:
        lines.append(msg.FLOP_CHECK_DIFF.format(other=f"{report.flop_counter_flops:,}"))
    return lines


def _convention_line(report: Report) -> str:
    other = report.learnable_params if report.convention == "keras" else report.keras_params
    return msg.PARAMS_CONVENTION[report.convention].format(other=f"{other:,}")


def report_text(report: Report) -> str:
    return table(report) + "\n\n" + "\n".join(notes(report))
