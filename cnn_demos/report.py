"""What a count found (:class:`Report`, one :class:`LayerRow` per table row) and how it reads as text: a
``model.summary()``-style table narrow enough for a phone, and Persian prose around it.

Every counter (our layer nodes, a graph of Keras calls, a real torch module) fills the same record through
:meth:`Report.counted`, so the conventions are worked out in one place.  The table is plain ASCII
(left-to-right, monospace), so it survives Telegram's ``<pre>`` and a right-to-left chat alike; the prose
lines outside it are Persian.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from cnn_demos import messages as msg


@dataclass(frozen=True)
class LayerRow:
    name: str
    kind: str
    output_shape: str
    params: int            # by the report's convention (Keras: BatchNorm statistics included)
    trainable: int
    macs: int


KERAS, PYTORCH = "keras", "pytorch"


@dataclass(frozen=True)
class Report:
    """What was counted.  The headline (``total_params``) follows the framework the model was written in:

    * ``keras``: ``model.summary()``'s total, BatchNorm moving mean/variance counted as non-trainable;
    * ``pytorch``: ``sum(p.numel() for p in model.parameters())``, as torchinfo and torchvision quote it.

    ``keras_params`` and ``learnable_params`` carry both figures whatever the convention.
    """

    name: str
    layout: str
    input_shape: str
    rows: tuple[LayerRow, ...]
    total_params: int       # the headline, by ``convention``
    trainable_params: int
    non_trainable_params: int
    learnable_params: int   # PyTorch: sum(p.numel() for p in model.parameters())
    macs: int
    flops: int
    flop_counter_flops: int
    weight_bytes_fp32: int
    weight_bytes_fp16: int
    activation_bytes_fp32: int  # per sample: the input and every layer's output, as training keeps them
    device: str = "meta"
    convention: str = KERAS
    keras_params: int = 0   # Keras: learnable + BatchNorm moving statistics
    shapes_known: bool = True  # False: PyTorch code counted from its constructors alone, no input given
    input_note: str = ""       # how the input shape was found when the student did not write it

    @classmethod
    def counted(cls, *, learnable: int, trainable: int, statistics: int, macs: int, kept: int,
                convention: str = KERAS, **fields) -> Report:
        """The totals from what was counted, by ``convention``: Keras adds BatchNorm's moving statistics
        (``statistics``) to the headline and to the non-trainable count; weights are stored with them."""
        keras = convention == KERAS
        stored = learnable + statistics
        return cls(total_params=stored if keras else learnable, trainable_params=trainable,
                   non_trainable_params=learnable - trainable + (statistics if keras else 0),
                   learnable_params=learnable, keras_params=stored, convention=convention, macs=macs,
                   flops=2 * macs, weight_bytes_fp32=4 * stored, weight_bytes_fp16=2 * stored,
                   activation_bytes_fp32=4 * kept, **fields)

    def text(self) -> str:
        """The summary table and the Persian notes on conventions."""
        return report_text(self)

    def to_json(self) -> dict:
        data = asdict(self)
        data["layers"] = [
            {"name": r.name, "kind": r.kind, "output_shape": r.output_shape, "params": r.params, "macs": r.macs}
            for r in self.rows
        ]
        del data["rows"]
        return data


# ---------------------------------------------------------------- as text

NAME_WIDTH = 34  # the widest name column: fits «mobilenetv2_1.00_160 (Functional)»; longer names are clipped


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
    width = min(NAME_WIDTH, max(16, *(len(r.name) for r in report.rows)))
    header = f"{'Layer':<{width}} {'Output':<{shape_width}} {'Params':>11} {'MACs':>9}"
    lines = [header, "-" * len(header)]
    for row in report.rows:
        lines.append(f"{_clip(row.name, width):<{width}} {row.output_shape:<{shape_width}} "
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
    other = report.learnable_params if report.convention == KERAS else report.keras_params
    return msg.PARAMS_CONVENTION[report.convention].format(other=f"{other:,}")


def report_text(report: Report) -> str:
    return table(report) + "\n\n" + "\n".join(notes(report))
