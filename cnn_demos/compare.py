"""The comparisons the course is built on, counted by the same machinery as any spec, with the arithmetic
shown and (optionally) both variants run for real through the worker.

* the 1x1 bottleneck (GoogLeNet's argument): a k×k convolution directly vs after a 1x1 reduction;
* Flatten vs global average pooling in front of a classifier head (NiN's argument);
* stacked 3x3 convolutions vs one larger kernel with the same receptive field (VGG's argument);
* a depthwise-separable convolution vs a standard one (MobileNet's argument);
* two zoo models side by side («ResNet-50 چند برابر MobileNetV2 پارامتر داره؟»).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from cnn_demos import messages as msg
from cnn_demos.counting import count_spec
from cnn_demos.report import Report
from cnn_demos.shapes import DEFAULT_LIMITS, Limits, display, to_internal
from cnn_demos.spec import SpecError, guess_layout
from cnn_demos.timing import DEFAULT_RUN_LIMITS, RunLimits, TimingRun, check_work


@dataclass(frozen=True)
class Variant:
    label: str     # short English label, for the JSON
    spec: str      # the layer spec it was counted from (a student can paste it into `calc params`)
    report: Report
    label_fa: str = ""  # the Persian label of its bar in the chart


@dataclass(frozen=True)
class Comparison:
    kind: str
    title: str
    variants: tuple[Variant, ...]
    working: tuple[str, ...]
    param_ratio: float      # first variant / second
    mac_ratio: float
    timing: TimingRun | None = None
    chart_png: bytes | None = field(default=None, repr=False)
    note: str = ""          # why there was no real run, when one was asked for
    kind_fa: str = ""       # the comparison's name in Persian, for the chart's caption
    names: tuple[str, str] = ("", "")  # the two sides in Persian prose, for the headline

    @property
    def headline(self) -> str:
        """One Persian sentence that answers a comparison as asked: both sides' parameters and MACs, and the
        second's difference from the first with the ratio ("how many fewer", "how many times")."""
        a, b = self.variants[0].report, self.variants[1].report
        first, second = (n or v.label_fa or v.label for n, v in zip(self.names, self.variants))
        return msg.HEADLINE_COMPARISON.format(
            first=first, second=second, p1=f"{a.total_params:,}", m1=f"{a.macs:,}", p2=f"{b.total_params:,}",
            m2=f"{b.macs:,}", dp=f"{abs(a.total_params - b.total_params):,}", dm=f"{abs(a.macs - b.macs):,}",
            pdir=msg.FEWER if b.total_params <= a.total_params else msg.MORE,
            mdir=msg.FEWER if b.macs <= a.macs else msg.MORE,
            rp=f"{_times(a.total_params, b.total_params):.2f}", rm=f"{_times(a.macs, b.macs):.2f}",
            pp=_percent(a.total_params, b.total_params), pm=_percent(a.macs, b.macs),
            reverse=msg.REVERSE_SHARE.format(first=first, share=_percent(b.total_params, a.total_params))
            if b.total_params > a.total_params else "")

    @property
    def caption(self) -> str:
        measured = msg.CAPTION_MEASURED.format(device=self.device.split(" ")[0]) if self.timing else ""
        return msg.CAPTION.format(kind=self.kind_fa or self.kind, measured=measured)

    @property
    def measured_speedup(self) -> float | None:
        if self.timing is None:
            return None
        first, second = self.timing.timings[:2]
        return first.median_ms / second.median_ms

    @property
    def device(self) -> str:
        return self.timing.device if self.timing else "meta"

    def text(self) -> str:
        lines = [self.title, "", *self.working]
        if self.timing is not None:
            parts = "، ".join(msg.MEASURED_LINE.format(label=t.label, ms=t.median_ms, low=t.low_ms, high=t.high_ms)
                              for t in self.timing.timings)
            lines.append(msg.MEASURED.format(device=self.timing.device, batch=self.timing.batch, lines=parts,
                                             speedup=self.measured_speedup, theory=self.mac_ratio))
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "kind": self.kind, "title": self.title, "working": list(self.working),
            "param_ratio": self.param_ratio, "mac_ratio": self.mac_ratio, "device": self.device,
            "variants": [{"label": v.label, "spec": v.spec, **v.report.to_json()} for v in self.variants],
            "timing": None if self.timing is None else {
                "device": self.timing.device, "batch": self.timing.batch,
                "measured_speedup": self.measured_speedup,
                "timings": [{"label": t.label, "median_ms": t.median_ms, "p25_ms": t.low_ms, "p75_ms": t.high_ms,
                             "repeats": t.repeats, "tflops": t.tflops} for t in self.timing.timings],
            },
            "note": self.note or None,
        }


def _percent(first: int, second: int) -> str:
    """How much the second differs from the first, as a share of the first's: «۹۷٫۹۶٪ کمتر»."""
    return f"{abs(first - second) / first * 100:.2f}" if first else "-"


def _times(a: int, b: int) -> float:
    """How many times the larger is the smaller (a "fewer" reads as "N times fewer", never "0.2 times")."""
    return max(a, b) / max(min(a, b), 1)


def ratio_line(kind: str, large: Report, small: Report, **names: int) -> str:
    """«نسبت: GAP 48.91 برابر پارامتر کمتر و 49.00 برابر MAC کمتر از Flatten دارد.»: both ratios in one sentence
    with its subject, «بیشتر» where the second variant is not the smaller one."""
    small_name, large_name = (name.format(**names) for name in msg.RATIO_SIDES[kind])

    def part(what: str, big: int, little: int) -> str:
        big, little = max(big, 1), max(little, 1)
        ratio, direction = (big / little, msg.FEWER) if big >= little else (little / big, msg.MORE)
        return msg.RATIO_PART.format(ratio=ratio, what=what, direction=direction)

    return msg.RATIO.format(small=small_name, large=large_name, params=part("پارامتر", large.total_params,
                                                                            small.total_params),
                            macs=part("MAC", large.macs, small.macs))


def parse_size(text: str, dims: int | None = None) -> tuple[tuple[int, ...], str]:
    """'28x28x192' → internal (C, H, W) and the layout it was read in; ``dims`` values exactly, when given."""
    try:
        values = tuple(int(v) for v in text.lower().replace("×", "x").replace(",", "x").split("x"))
    except ValueError:  # "28xx28", "28x28xC": not a size
        values = ()
    if len(values) < 2 or min(values) <= 0 or (dims is not None and len(values) != dims):
        raise SpecError(msg.BAD_SIZE.format(token=text), token=text)
    layout = guess_layout(values)
    return to_internal(values, layout), layout


def _spec_input(shape: tuple[int, ...], layout: str) -> str:
    return f"input {display(shape, layout)} {'cf' if layout == 'channels_first' else 'cl'}"


def _counted(variants: list[tuple[str, str, str]], limits: Limits) -> list[Variant]:
    """Each variant is an ordinary spec, counted like any model a student types."""
    return [Variant(label, spec, count_spec(spec, label, limits), label_fa) for label, label_fa, spec in variants]


def _finish(kind: str, title: str, variants: list[Variant], working: list[str], run: bool, chart: bool,
            batch: int, device: str, worker, run_limits: RunLimits, names: tuple[str, str] = ("", "")) -> Comparison:
    a, b = variants[0].report, variants[1].report
    timing, note = None, ""
    if run:
        from cnn_demos import timing as timing_mod
        from cnn_demos.worker import default_worker

        target = timing_mod.resolve_device(device)
        try:
            check_work([v.report for v in variants], batch, target, run_limits)
        except SpecError as exc:  # too big to run here: the arithmetic above still answers the question
            note = msg.RUN_REFUSED.format(reason=exc)
        else:
            timing = (worker or default_worker()).call(
                timing_mod.time_specs, [(v.label, v.spec, v.report.macs) for v in variants], batch=batch,
                device=target)
    comparison = Comparison(kind, title, tuple(variants), tuple(working),
                            a.total_params / max(b.total_params, 1), a.macs / max(b.macs, 1), timing, note=note,
                            kind_fa=msg.COMPARISON_NAMES.get(kind, kind), names=names)
    if chart:
        from dataclasses import replace

        comparison = replace(comparison, chart_png=chart_for(comparison))
    return comparison


def chart_for(comparison: Comparison) -> bytes:
    """The same numbers as the text: parameters, MACs and (when measured) the median time with its spread."""
    from cnn_demos.charts import bar_chart

    labels = [v.label_fa or v.label for v in comparison.variants]
    panels = [(msg.CHART_PARAMS, [v.report.total_params for v in comparison.variants], None),
              (msg.CHART_MACS, [v.report.macs for v in comparison.variants], None)]
    if comparison.timing is not None:
        timings = comparison.timing.timings
        panels.append((msg.CHART_TIME,
                       [t.median_ms for t in timings], [(t.low_ms, t.high_ms) for t in timings]))
    return bar_chart(comparison.kind_fa or comparison.kind, labels, panels)


def models_compared(first: str, second: str) -> Comparison:
    """Two zoo models: both counts, the difference and the ratio in one sentence, as the other comparisons
    answer (each counted once per process by :func:`cnn_demos.model`)."""
    import cnn_demos
    from cnn_demos.zoo import get

    entries = (get(first), get(second))
    reports = tuple(cnn_demos.model(e.key) for e in entries)
    variants = tuple(Variant(e.key, e.key, r, e.title) for e, r in zip(entries, reports, strict=True))
    working = tuple(msg.MODELS_LINE.format(title=e.title, total=f"{r.total_params:,}", macs=f"{r.macs:,}",
                                           source=e.source) for e, r in zip(entries, reports, strict=True))
    a, b = reports
    return Comparison("models", msg.MODELS_TITLE.format(first=entries[0].title, second=entries[1].title), variants,
                      working, a.total_params / max(b.total_params, 1), a.macs / max(b.macs, 1),
                      kind_fa=msg.MODELS_KIND, names=(entries[0].title, entries[1].title))


def bottleneck(input_size: str, kernel: int = 5, filters: int = 32, reduce: int = 16, expand: bool = False,
               bias: bool = True, *, run: bool = False, chart: bool = False, batch: int = 16, device: str = "auto",
               worker=None, limits: Limits = DEFAULT_LIMITS, run_limits: RunLimits = DEFAULT_RUN_LIMITS) -> Comparison:
    """A k×k convolution directly vs after a 1x1 reduction to ``reduce`` channels; ``expand``: ResNet's block, the
    k×k staying at ``reduce`` channels and a second 1x1 bringing them back up to ``filters``."""
    shape, layout = parse_size(input_size, dims=3)  # a k x k convolution: H x W x C
    c = shape[0]
    head, nb = _spec_input(shape, layout), "" if bias else " nobias"
    k = kernel
    middle = reduce if expand else filters
    reduced = f"{head} | conv {reduce} 1x1{nb} | conv {middle} {k}x{k} same{nb}" + (
        f" | conv {filters} 1x1{nb}" if expand else "")
    variants = _counted([(f"direct {k}x{k}", msg.LABEL_DIRECT, f"{head} | conv {filters} {k}x{k} same{nb}"),
                         (f"1x1 to {reduce}, then {k}x{k}", msg.LABEL_REDUCED.format(b=msg.fa(reduce)), reduced)],
                        limits)
    # The formulae are written out; every total in them is the count PyTorch made.
    a, b = variants[0].report, variants[1].report
    w_direct, w1, w2 = k * k * c * filters, c * reduce, k * k * reduce * middle
    hw = "×".join(str(s) for s in shape[1:])
    with_bias = msg.BOTTLENECK_BIAS if bias else ""
    working = [
        msg.BOTTLENECK_DIRECT.format(k=k, c=c, f=filters, w=w_direct, p=a.total_params,
                                     b=with_bias.format(n=filters)),
        msg.BOTTLENECK_DIRECT_MACS.format(hw=hw, w=w_direct, macs=a.macs),
    ]
    if expand:
        w3 = reduce * filters
        working += [
            msg.BOTTLENECK_EXPANDED.format(k=k, c=c, b=reduce, f=filters, w1=w1, w2=w2, w3=w3, p=b.total_params,
                                           biases=msg.BOTTLENECK_EXPANDED_BIASES.format(b=reduce, f=filters)
                                           if bias else ""),
            msg.BOTTLENECK_EXPANDED_MACS.format(hw=hw, w1=w1, w2=w2, w3=w3, macs=b.macs),
        ]
    else:
        working += [
            msg.BOTTLENECK_REDUCED.format(k=k, c=c, b=reduce, f=filters, w1=w1, w2=w2, p=b.total_params),
            msg.BOTTLENECK_REDUCED_MACS.format(hw=hw, w1=w1, w2=w2, m1=b.rows[1].macs, m2=b.rows[2].macs,
                                               macs=b.macs),
        ]
    working.append(ratio_line("bottleneck", a, b))
    if reduce >= c:  # "reducing" 64 channels to 128 makes the 1x1 layer pure extra cost
        working.append(msg.NOT_A_REDUCTION.format(b=reduce, c=c))
    title = (msg.BOTTLENECK_EXPANDED_TITLE if expand else msg.BOTTLENECK_TITLE).format(
        k=k, f=filters, b=reduce, shape=display(shape, layout))
    names = (msg.NAME_DIRECT.format(k=k), (msg.NAME_EXPANDED if expand else msg.NAME_REDUCED).format(
        k=k, b=reduce, f=filters))
    return _finish("1x1 bottleneck", title, variants, working, run, chart, batch, device, worker, run_limits, names)


def pooling(feature_map: str, head: tuple[int, ...] = (10,), *, run: bool = False, chart: bool = False,
            batch: int = 16, device: str = "auto", worker=None, limits: Limits = DEFAULT_LIMITS,
            run_limits: RunLimits = DEFAULT_RUN_LIMITS) -> Comparison:
    shape, layout = parse_size(feature_map)
    start = _spec_input(shape, layout)
    dense = " | ".join(f"dense {u}" for u in head)
    variants = _counted([("Flatten", msg.LABEL_FLATTEN, f"{start} | flatten | {dense}"),
                         ("GlobalAvgPool", msg.LABEL_GAP, f"{start} | gap | {dense}")], limits)
    n, c, u = math.prod(shape), shape[0], head[0]
    flat_first, gap_first = n * u + u, c * u + u
    rest = variants[0].report.total_params - flat_first
    working = [
        msg.POOLING_FLATTEN.format(dims="×".join(str(s) for s in display(shape, layout).split("x")), n=n, u=u,
                                   p=flat_first),
        msg.POOLING_GAP.format(c=c, u=u, p=gap_first),
    ]
    if rest:
        working.append(msg.POOLING_REST.format(p=rest))
    a, b = variants[0].report, variants[1].report
    working.append(msg.POOLING_TOTAL.format(flat=a.total_params, gap=b.total_params))
    working.append(ratio_line("pooling", a, b))
    title = msg.POOLING_TITLE.format(shape=display(shape, layout))
    return _finish("Flatten vs GAP", title, variants, working, run, chart, batch, device, worker, run_limits,
                   (msg.NAME_FLATTEN, msg.NAME_GAP))


def stacked(input_size: str, kernel: int = 7, filters: int | None = None, bias: bool = True, *, run: bool = False,
            chart: bool = False, batch: int = 16, device: str = "auto", worker=None, limits: Limits = DEFAULT_LIMITS,
            run_limits: RunLimits = DEFAULT_RUN_LIMITS) -> Comparison:
    if kernel < 5 or kernel % 2 == 0:
        raise SpecError(msg.STACKED_KERNEL.format(k=kernel), token=str(kernel))
    shape, layout = parse_size(input_size, dims=3)
    c = shape[0]
    f = filters or c
    n = (kernel - 1) // 2
    start, nb = _spec_input(shape, layout), "" if bias else " nobias"
    small = " | ".join([f"conv {f} 3x3 same relu{nb}"] * n)
    variants = _counted([(f"one {kernel}x{kernel}", msg.LABEL_ONE,
                          f"{start} | conv {f} {kernel}x{kernel} same relu{nb}"),
                         (f"{n} x 3x3", msg.LABEL_STACK.format(n=msg.fa(n)), f"{start} | {small}")], limits)
    big, little = variants[0].report, variants[1].report
    working = [
        msg.STACKED_LARGE.format(k=kernel, c=c, f=f, b=f" + {f}" if bias else "", p=big.total_params,
                                 macs=big.macs),
        msg.STACKED_SMALL.format(n=n, formula=_stack_formula(n, c, f, bias), p=little.total_params,
                                 macs=little.macs),
        ratio_line("stacked", big, little, n=n, k=kernel),
    ]
    title = msg.STACKED_TITLE.format(n=n, k=kernel, shape=display(shape, layout))
    return _finish("stacked 3x3 vs one large kernel", title, variants, working, run, chart, batch, device, worker,
                   run_limits, (msg.NAME_ONE.format(k=kernel), msg.NAME_STACK.format(n=n)))


def separable(input_size: str, kernel: int = 3, filters: int = 64, bias: bool = True, *, run: bool = False,
              chart: bool = False, batch: int = 16, device: str = "auto", worker=None, limits: Limits = DEFAULT_LIMITS,
              run_limits: RunLimits = DEFAULT_RUN_LIMITS) -> Comparison:
    """A k×k convolution vs the same one split into a depthwise k×k and a pointwise 1x1, as Keras's
    SeparableConv2D builds it (the depthwise part has no bias, the pointwise one has the layer's)."""
    shape, layout = parse_size(input_size, dims=3)
    c, k, f = shape[0], kernel, filters
    start, nb = _spec_input(shape, layout), "" if bias else " nobias"
    variants = _counted([(f"standard {k}x{k}", msg.LABEL_STANDARD, f"{start} | conv {f} {k}x{k} same{nb}"),
                         ("depthwise separable", msg.LABEL_SEPARABLE,
                          f"{start} | dwconv {k}x{k} same nobias | conv {f} 1x1{nb}")], limits)
    std, sep = variants[0].report, variants[1].report
    hw = "×".join(str(s) for s in shape[1:])
    b = f" + {f}" if bias else ""
    working = [
        msg.SEPARABLE_STANDARD.format(k=k, c=c, f=f, b=b, p=std.total_params, hw=hw, w=k * k * c * f, macs=std.macs),
        msg.SEPARABLE_SPLIT.format(k=k, c=c, f=f, b=b, w1=k * k * c, w2=c * f, p=sep.total_params, hw=hw,
                                   m1=sep.rows[1].macs, m2=sep.rows[2].macs, macs=sep.macs),
        ratio_line("separable", std, sep),
    ]
    title = msg.SEPARABLE_TITLE.format(k=k, f=f, shape=display(shape, layout))
    return _finish("depthwise separable", title, variants, working, run, chart, batch, device, worker, run_limits,
                   (msg.NAME_STANDARD.format(k=k), msg.NAME_SEPARABLE))


def _stack_formula(n: int, c: int, f: int, bias: bool = True) -> str:
    b = f" + {f}" if bias else ""
    if c == f:
        return f"{n}×(3×3×{c}×{f}{b})"
    return f"(3×3×{c}×{f}{b})" + (f" + {n - 1}×(3×3×{f}×{f}{b})" if n > 1 else "")
