"""The calculation commands, defined once: name, Persian help, argument parsing, the ``cnn_demos`` call.

The bot (``/params``…), its console, the CLI (``daneshyar calc …``) and the prose router
(:mod:`cnn_demos.prose`, questions asked in a sentence) all go through :func:`run`, so a
command parses its arguments one way everywhere.  Adding a command is one :class:`Command`
in :data:`COMMANDS` plus its tests.

Arguments are one line of text, as typed after ``/name`` in Telegram:

* ``params``  a model: the layer notation, Keras/PyTorch code or ``print(net)`` output;
* ``layer``   one layer's parameters and working: ``conv 32 5x5 in=1 [size=28x28] [s=2] [p=1] [d=2] [nobias]
  [macs]`` (``macs``: the multiply-accumulates are what was asked, so they lead the reply),
  ``conv1d 128 5 in=100``, ``dense 10 in=84``; ``lstm 128 in=64 [keras|pytorch] [bidirectional]`` (gru, rnn), ``bn 64``:
  the count explained term by term (:mod:`cnn_demos.explained`);
* ``model``   a zoo model's name (``resnet 18``);
* ``shape``   the output-size rule: ``SIZE KERNEL [STRIDE [PADDING [DILATION]]]`` (SIZE may be ``32x32``)
  or a layer spec;
* ``bottleneck`` ``HxWxC KERNEL FILTERS REDUCE``; ``pooling`` ``HxWxC UNITS[,UNITS…]``;
  ``stacked`` ``HxWxC KERNEL [FILTERS]`` (FILTERS: output channels, when not C);
  ``separable`` ``HxWxC KERNEL FILTERS [nobias]``.

Arguments are declared once per command (:attr:`Command.args`, read by :mod:`cnn_demos.arguments`):
positional in that order or named (``kernel=5``), each checked; a missing one is asked for, and a
default is used only where the usage documents it, with the reply saying so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cnn_demos import messages as msg
from cnn_demos.arguments import Arg, Parsed, arg, parse
from cnn_demos.spec import SpecError


@dataclass(frozen=True)
class Options:
    """How a command may run: comparisons can also time both variants for real (in the worker)."""

    run: bool = False
    chart: bool = False
    batch: int = 16
    device: str = "auto"
    worker: object | None = None


@dataclass(frozen=True)
class Calculation:
    """What any front end shows: a monospace table, Persian notes, the JSON, an optional chart."""

    command: str
    headline: str                  # one Persian sentence with the number that was asked for
    table: str = ""                # ASCII, for <pre> or a terminal
    notes: tuple[str, ...] = ()    # Persian lines: the working, the conventions
    data: dict = field(default_factory=dict)
    chart_png: bytes | None = field(default=None, repr=False)
    caption: str = ""              # Persian caption of the chart

    def text(self) -> str:
        parts = [self.table] if self.table else []
        parts.append("\n".join(self.notes))
        return "\n\n".join(p for p in parts if p)

    def to_json(self) -> dict:
        return {"command": self.command, "headline": self.headline, **self.data}


@dataclass(frozen=True)
class Command:
    name: str
    summary: str                   # Persian, one line: /help and Telegram's command menu
    usage: str                     # Persian usage with an example, shown when arguments are missing or wrong
    run: Callable[[str, Options], Calculation]
    example: str                   # arguments, as typed after /name or `daneshyar calc name`
    help: str                      # English, for `daneshyar calc name --help`
    compares: bool = False         # a comparison: may run for real and draws a chart
    args: tuple[Arg, ...] = ()     # its arguments, when it takes a fixed list (shape: its rule form)


def _thousands(value: float) -> str:
    return f"{value:,}"  # Latin digits, as in every table and formula beside it


# ---------------------------------------------------------------- params and model


def _report_calculation(command: str, report, headline: str, title: str = "") -> Calculation:
    from cnn_demos.report import notes, table

    lines = ([title] if title else []) + notes(report)
    return Calculation(command, headline, table(report), tuple(lines), report.to_json())


def _params(args: str, options: Options) -> Calculation:
    import cnn_demos

    report = cnn_demos.params(args)
    said = msg.HEADLINE_LAYER_PARAMS if report.name == "layer" else msg.HEADLINE_PARAMS  # «layer = nn.Conv2d(…)»
    headline = said.format(total=_thousands(report.total_params), convention=msg.CONVENTION_NAMES[report.convention])
    return _report_calculation("params", report, headline)


_VERSUS = re.compile(r"\s+(?:vs\.?|versus)\s+|\s*,\s*", re.IGNORECASE)


def _model(args: str, options: Options) -> Calculation:
    import cnn_demos
    from cnn_demos.zoo import get

    names = [n for n in _VERSUS.split(args.strip()) if n]
    if len(names) == 2:
        return _comparison("model", cnn_demos.models_compared(*names))
    entry = get(args)
    report = cnn_demos.model(args)
    headline = msg.HEADLINE_MODEL.format(title=entry.title, total=_thousands(report.total_params),
                                         millions=msg.fa(f"{report.total_params / 1e6:.1f}").replace(".", "٫"),
                                         macs=_giga(report.macs), flops=_giga(report.flops))
    calc = _report_calculation("model", report, headline, f"{entry.title} ({entry.source})")
    data = {"model": entry.key, "title": entry.title, "source": entry.source,
            "published_params": entry.published_params, **calc.data}
    return Calculation("model", headline, calc.table, calc.notes, data)


def _giga(count: int) -> str:
    return f"{count / 1e9:.2f} G" if count >= 10**8 else f"{count / 1e6:.1f} M"


# ---------------------------------------------------------------- one layer


# the kinds ``layer`` takes, named once: the patterns, the arguments of each and the unknown-kind message read them
_CONV_KINDS = ("conv", "conv1d", "conv2d", "conv3d")
_DENSE_KINDS = ("dense", "linear", "fc")
_RECURRENT_KINDS = ("lstm", "gru", "rnn", "simplernn")
_EXPLAINED_KINDS = (*_RECURRENT_KINDS, "bn", "batchnorm", "embedding")
LAYER_KINDS = (*_CONV_KINDS, *_DENSE_KINDS, *_EXPLAINED_KINDS)


def _kinds(kinds: tuple[str, ...]) -> str:
    return "|".join(sorted(kinds, key=len, reverse=True))  # «conv2d» before «conv», «simplernn» before «rnn»


_LAYER = re.compile(rf"^(?P<kind>{_kinds(_CONV_KINDS + _DENSE_KINDS)})(?:\s+(?P<rest>.*))?$", re.IGNORECASE | re.DOTALL)
_LAYER_FLAGS = ("nobias", "same", "valid", "macs")
CONV_ARGS = (arg("out", "int"), arg("kernel", "size"), arg("in", "int", positional=False, ask=msg.ASK_INPUT_CHANNELS),
             arg("size", "size", positional=False, optional=True),
             arg("stride", "int", short="s", positional=False, default=1),
             arg("padding", "padding", short="p", positional=False, default=0),
             arg("dilation", "int", short="d", positional=False, default=1),
             arg("groups", "int", short="g", positional=False, default=1))
DENSE_ARGS = (arg("out", "int"), arg("in", "int", positional=False, ask=msg.ASK_INPUT_FEATURES))


@dataclass(frozen=True)
class LayerRequest:
    kind: str                      # "conv" | "dense"
    dims: int                      # 1, 2, 3 for convolutions
    out: int                       # filters or units
    kernel: tuple[int, ...] = ()
    inputs: int | None = None      # input channels or features
    size: tuple[int, ...] | None = None  # spatial size, when the student gave one
    stride: int = 1
    padding: int | str = 0
    bias: bool = True
    assumed: tuple[Arg, ...] = ()  # stride, padding: left out, their documented defaults used
    dilation: int = 1
    macs_asked: bool = False       # "how many MACs": the reply leads with them
    groups: int = 1                # a grouped convolution: each filter sees in/groups channels


def parse_layer(args: str) -> LayerRequest:
    """``conv 32 5x5 in=1 [size=28x28] [s=2] [p=1|same] [nobias]`` or ``dense 10 in=84 [nobias]``; raises
    :class:`SpecError` naming a wrong, extra or missing value (the input channels: a question back)."""
    match = _LAYER.match(args.strip())
    if not match:
        kind = args.split()[0] if args.split() else ""
        raise SpecError(msg.LAYER_UNKNOWN_KIND.format(kind=kind, known="، ".join(LAYER_KINDS), usage=msg.LAYER_USAGE)
                        if kind and not kind[0].isdigit() else msg.LAYER_USAGE, token=kind)
    kind, words = match.group("kind").lower(), (match.group("rest") or "").split()
    flags = {w.lower() for w in words if w.lower() in _LAYER_FLAGS}
    rest = " ".join(w for w in words if w.lower() not in _LAYER_FLAGS)
    if "same" in flags or "valid" in flags:
        rest += f" p={'same' if 'same' in flags else 'valid'}"
    bias, macs = "nobias" not in flags, "macs" in flags
    if kind in _DENSE_KINDS:
        parsed = parse(rest, DENSE_ARGS, msg.LAYER_USAGE)
        return LayerRequest("dense", 0, parsed["out"], inputs=parsed["in"], bias=bias, macs_asked=macs)
    parsed = parse(rest, CONV_ARGS, msg.LAYER_USAGE)
    kernel = parsed["kernel"]
    dims = int(kind[4]) if len(kind) > 4 else (len(kernel) if len(kernel) > 1 else 2)
    kernel = kernel * dims if len(kernel) == 1 else kernel
    size = parsed.values.get("size")
    if len(kernel) != dims or (size is not None and len(size) not in (1, dims)):
        raise SpecError(msg.LAYER_DIMS.format(kernel="x".join(map(str, kernel)), dims=msg.fa(dims), usage=msg.LAYER_USAGE))
    groups = parsed["groups"]
    if groups < 1 or parsed["in"] is not None and (parsed["in"] % groups or parsed["out"] % groups):
        raise SpecError(msg.LAYER_GROUPS.format(groups=groups, inputs=parsed["in"], out=parsed["out"]))
    return LayerRequest("conv", dims, parsed["out"], kernel, parsed["in"], size * dims if size and len(size) == 1
                        else size, parsed["stride"], parsed["padding"], bias,
                        tuple(a for a in parsed.assumed if a.name != "groups"),  # an ordinary conv: nothing to say
                        parsed["dilation"], macs, groups)


def layer_formula(request: LayerRequest) -> tuple[int, str]:
    """The parameter count and its working, with the student's numbers."""
    if request.kind == "dense":
        weights = request.inputs * request.out
        bias = request.out if request.bias else 0
        return weights + bias, f"{request.inputs}×{request.out}" + (f" + {bias}" if bias else "") + \
            f" = {weights + bias:,}"
    kernel = "×".join(str(k) for k in request.kernel)
    weights = 1
    for k in request.kernel:
        weights *= k
    per_filter = request.inputs // request.groups  # a grouped filter sees its group's channels only
    weights *= per_filter * request.out
    bias = request.out if request.bias else 0
    seen = f"{request.inputs}/{request.groups}" if request.groups > 1 else f"{request.inputs}"
    return weights + bias, f"({kernel}×{seen})×{request.out}" + (f" + {bias}" if bias else "") + \
        f" = {weights + bias:,}"


_EXPLAINED = re.compile(rf"^(?P<kind>{_kinds(_EXPLAINED_KINDS)})\b(?P<rest>.*)$",
                        re.IGNORECASE | re.DOTALL)
BN_ARGS = (arg("out", "int"),)
EMBEDDING_ARGS = (arg("vocab", "int", ask=msg.ASK_EMBEDDING), arg("dim", "int", ask=msg.ASK_EMBEDDING))
FRAMEWORK_WORDS = ("pytorch", "torch", "keras")


def recurrent_args(cell: str) -> tuple[Arg, ...]:
    """An LSTM's, GRU's or RNN's arguments: a missing input is asked for by the layer's own name."""
    return (arg("out", "int"), arg("in", "int", positional=False,
                                   ask=msg.ASK_RECURRENT_INPUT.format(cell=_cell(cell).upper())),
            arg("layers", "int", positional=False, default=1))


BIDIRECTIONAL_WORD = "bidirectional"  # ``lstm 64 in=100 bidirectional``: a second cell reads the sequence backwards


def _cell(kind: str) -> str:
    return "rnn" if kind == "simplernn" else kind


def layer_args(kind: str) -> tuple[Arg, ...]:
    """The arguments of ``layer KIND …`` (what a follow-up changing one of them reads)."""
    kind = kind.lower()
    if kind in _DENSE_KINDS:
        return DENSE_ARGS
    if kind in _RECURRENT_KINDS:
        return recurrent_args(kind)
    return {"bn": BN_ARGS, "batchnorm": BN_ARGS, "embedding": EMBEDDING_ARGS}.get(kind, CONV_ARGS)


def _explained(kind: str, rest: str) -> Calculation:
    """A recurrent layer, BatchNorm or Embedding: the count with what each term is, in both frameworks' conventions."""
    from cnn_demos import explained

    words = rest.split()
    framework = "pytorch" if any(w.lower() in ("pytorch", "torch") for w in words) else "keras"
    both_ways = any(w.lower() == BIDIRECTIONAL_WORD for w in words)
    rest = " ".join(w for w in words if w.lower() not in (*FRAMEWORK_WORDS, BIDIRECTIONAL_WORD))
    if kind == "embedding":
        given = parse(rest, EMBEDDING_ARGS, msg.LAYER_USAGE)
        found = explained.embedding(given["vocab"], given["dim"])
        headline = msg.HEADLINE_EMBEDDING.format(total=_thousands(found.total))
    elif kind in ("bn", "batchnorm"):
        found = explained.batchnorm(parse(rest, BN_ARGS, msg.LAYER_USAGE)["out"])
        headline = msg.HEADLINE_BATCHNORM.format(total=_thousands(found.total), trainable=_thousands(found.trainable))
    else:
        given = parse(rest, recurrent_args(kind), msg.LAYER_USAGE)
        cell = _cell(kind)
        found = explained.recurrent(cell, given["out"], given["in"], framework, given["layers"], both_ways)
        named = msg.BIDIRECTIONAL_CELL.format(cell=cell.upper()) if both_ways else cell.upper()
        headline = msg.HEADLINE_RECURRENT.format(cell=named, total=_thousands(found.total),
                                                 framework=msg.FRAMEWORK_NAMES[framework])
    data = {"params": found.total, "framework": found.framework, "other_framework_params": found.other_total}
    return Calculation("layer", headline, "", found.lines, data)


def _layer(args: str, options: Options) -> Calculation:
    special = _EXPLAINED.match(args.strip())
    if special:
        return _explained(special.group("kind").lower(), special.group("rest"))
    request = parse_layer(args)
    if request.inputs is None:
        raise SpecError(msg.ASK_INPUT_CHANNELS if request.kind == "conv" else msg.ASK_INPUT_FEATURES)
    total, working = layer_formula(request)
    spec = _layer_spec(request)
    import cnn_demos

    report = cnn_demos.params(spec)  # torch counts it too: the formula and the module must agree
    if report.total_params != total:
        raise AssertionError(f"formula {total} vs torch {report.total_params} for {spec}")
    notes = [msg.LAYER_WORKING[request.kind].format(formula=working)]
    if request.kind == "conv" and request.bias:  # why 1,792 and not 576 or 1,728: the weights and biases apart
        notes[0] += msg.LAYER_SPLIT.format(weights=total - request.out, bias=request.out)
    shape, macs = None, None
    if request.size is not None:
        shape = report.rows[-1].output_shape
        notes.append(msg.LAYER_OUTPUT.format(shape=shape))
        notes += _rule_steps(request)
    if request.size is not None or request.kind == "dense":  # MACs need the output's positions
        macs = report.macs
        notes.append(_macs_line(request, shape, macs))
    if request.size is not None:  # the defaults taken, last, as every command says them
        notes += assumed_note(Parsed({"stride": request.stride, "padding": request.padding,
                                      "dilation": request.dilation}, request.assumed))
    headline = msg.HEADLINE_LAYER.format(total=_thousands(total))
    if request.macs_asked and macs is not None:
        headline = msg.HEADLINE_LAYER_MACS.format(macs=_thousands(macs), flops=_thousands(2 * macs),
                                                  total=_thousands(total))
    elif request.macs_asked:  # MACs asked without the input's size: say what is missing
        notes.append(msg.MACS_NEED_SIZE)
    data = {"params": total, "formula": working, "spec": spec, "output_shape": shape, "macs": macs}
    return Calculation("layer", headline, "", tuple(notes), data)


def _rule_steps(request: LayerRequest) -> list[str]:
    """The output-size rule with every number the student gave (stride, padding, dilation), once per distinct side."""
    import cnn_demos

    return [step for size, kernel in dict.fromkeys(zip(request.size, request.kernel))
            for step in cnn_demos.explain(size, kernel, request.stride, request.padding, request.dilation).steps]


def _macs_line(request: LayerRequest, shape: str | None, macs: int) -> str:
    """MACs = output values × the weights each one multiplies, written with the student's numbers."""
    if request.kind == "dense":
        return msg.LAYER_MACS_DENSE.format(inputs=request.inputs, out=request.out, macs=macs, flops=2 * macs)
    kernel = "×".join(str(k) for k in request.kernel)
    positions = "×".join(shape.split("x")[:-1])
    return msg.LAYER_MACS.format(positions=positions, out=request.out, kernel=kernel, inputs=request.inputs,
                                 macs=macs, flops=2 * macs)


def _layer_spec(request: LayerRequest) -> str:
    if request.kind == "dense":
        return f"input {request.inputs} | dense {request.out}" + ("" if request.bias else " nobias")
    size = request.size or request.kernel  # without a size, the smallest input the kernel fits
    shape = "x".join(str(s) for s in (*size, request.inputs))
    padding = request.padding if isinstance(request.padding, str) else \
        f"p{request.padding}" if request.padding else "valid"
    kernel = "x".join(str(k) for k in request.kernel)
    dilation = f" d{request.dilation}" if request.dilation != 1 else ""
    groups = f" g{request.groups}" if request.groups != 1 else ""
    return (f"input {shape} cl | conv{request.dims}d {request.out} {kernel} s{request.stride} {padding}{dilation}"
            f"{groups}" + ("" if request.bias else " nobias"))


# ---------------------------------------------------------------- the output-size rule


SHAPE_ARGS = (arg("size", "size"), arg("kernel", "int", short="k"), arg("stride", "int", short="s", default=1),
              arg("padding", "padding", short="p", default=0), arg("dilation", "int", short="d", default=1))


def assumed_note(parsed: Parsed) -> list[str]:
    """The line saying which documented defaults were used, when any were: never a silent default."""
    if not parsed.assumed:
        return []
    values = "، ".join(msg.CALC_ASSUMED_VALUE.format(label=a.label, value=parsed[a.name]) for a in parsed.assumed)
    return [msg.CALC_ASSUMED.format(values=values)]


def is_rule(args: str) -> bool:
    """Whether ``shape``'s arguments are the rule's numbers (``28 5 1 2``, ``size=28 …``), not a layer spec."""
    first = args.split()[0].lower() if args.split() else ""
    return re.match(r"[-+.]?\d", first) is not None or first.split("=")[0] in {
        name for a in SHAPE_ARGS for name in a.names()}


def _shape(args: str, options: Options) -> Calculation:
    import cnn_demos

    if is_rule(args):
        return _shape_rule(parse(args, SHAPE_ARGS, msg.CALC_USAGE["shape"]))
    lines, last = [], ""
    for layer in cnn_demos.shapes(args):
        lines.append(f"{layer.number}. {layer.source} → {layer.output_shape}")
        lines.extend("   " + step for e in layer.rule for step in e.steps)
        last = layer.output_shape
    return Calculation("shape", msg.HEADLINE_SHAPE.format(shape=last), "\n".join(lines), (),
                       {"output": last, "steps": lines})


def _shape_rule(parsed: Parsed) -> Calculation:
    import cnn_demos

    sizes = parsed["size"]
    explanations = {s: cnn_demos.explain(s, parsed["kernel"], parsed["stride"], parsed["padding"], parsed["dilation"])
                    for s in dict.fromkeys(sizes)}
    smallest = min(e.output for e in explanations.values())
    if smallest < 1:
        raise SpecError(msg.ZERO_OUTPUT.format(size=smallest))
    shape = "x".join(str(explanations[s].output) for s in sizes)
    steps = [step for e in explanations.values() for step in e.steps]
    return Calculation("shape", msg.HEADLINE_SHAPE.format(shape=shape), "\n".join(steps), tuple(assumed_note(parsed)),
                       {"output": shape, "steps": steps})


# ---------------------------------------------------------------- comparisons


def _comparison(command: str, comparison) -> Calculation:
    lines = comparison.text().splitlines()
    return Calculation(command, comparison.headline, "", (lines[0], *lines[1:]), comparison.to_json(),
                       comparison.chart_png, comparison.caption)


def _run_kwargs(options: Options) -> dict:
    return {"run": options.run, "chart": options.chart, "batch": options.batch, "device": options.device,
            "worker": options.worker}


BOTTLENECK_ARGS = (arg("input", "map"), arg("kernel", "int", short="k"), arg("filters", "int", short="f"),
                   arg("reduce", "int", short="r"))
POOLING_ARGS = (arg("input", "map"), arg("units", "units"))
STACKED_ARGS = (arg("input", "map"), arg("kernel", "int", short="k"), arg("filters", "int", short="f", optional=True))
SEPARABLE_ARGS = (arg("input", "map"), arg("kernel", "int", short="k"), arg("filters", "int", short="f"))


def _size_text(values: tuple[int, ...]) -> str:
    return "x".join(map(str, values))


def _bottleneck(args: str, options: Options) -> Calculation:
    import cnn_demos

    args, flags = _flags(args, ("expand", "nobias", "nominal"))
    given = parse(args, BOTTLENECK_ARGS, msg.CALC_USAGE["bottleneck"])
    return _comparison("bottleneck", _nominal(cnn_demos.bottleneck(
        _size_text(given["input"]), given["kernel"], given["filters"], given["reduce"], "expand" in flags,
        "nobias" not in flags, **_run_kwargs(options)), flags))


def _pooling(args: str, options: Options) -> Calculation:
    import cnn_demos

    given = parse(args, POOLING_ARGS, msg.CALC_USAGE["pooling"])
    return _comparison("pooling", cnn_demos.pooling(_size_text(given["input"]), given["units"],
                                                    **_run_kwargs(options)))


def _flags(args: str, names: tuple[str, ...]) -> tuple[str, set[str]]:
    """The arguments without the bare words in ``names`` (``nobias``, ``nominal``), and which of them were there."""
    words = args.split()
    return " ".join(w for w in words if w.lower() not in names), {w.lower() for w in words if w.lower() in names}


def _nominal(comparison, flags: set[str]):
    """``nominal``: the map's side was not given (a question in a sentence) and the one used is said, never silent."""
    from dataclasses import replace

    if "nominal" not in flags:
        return comparison
    side = comparison.variants[0].report.rows[0].output_shape.split("x")[0]
    return replace(comparison, note=msg.NOMINAL_SIZE.format(side=side))


def _stacked(args: str, options: Options) -> Calculation:
    import cnn_demos

    args, flags = _flags(args, ("nobias", "nominal"))
    given = parse(args, STACKED_ARGS, msg.CALC_USAGE["stacked"])
    return _comparison("stacked", _nominal(cnn_demos.stacked(_size_text(given["input"]), given["kernel"],
                                                             given.values.get("filters"), "nobias" not in flags,
                                                             **_run_kwargs(options)), flags))


def _separable(args: str, options: Options) -> Calculation:
    import cnn_demos

    args, flags = _flags(args, ("nobias", "nominal"))
    given = parse(args, SEPARABLE_ARGS, msg.CALC_USAGE["separable"])
    return _comparison("separable", _nominal(cnn_demos.separable(_size_text(given["input"]), given["kernel"],
                                                                 given["filters"], "nobias" not in flags,
                                                                 **_run_kwargs(options)), flags))


_FILTERLESS_CONV = re.compile(r"\b(conv|conv[123]d)\s+(?=\d+x\d+|\d+\b(?!\s+\d))", re.IGNORECASE)


_FILLER = re.compile(r"\b(conv|conv[123]d) 1 ")  # the filter count put in only to read the layer


def _receptive(args: str, options: Options) -> Calculation:
    """The receptive field of the layers written, worked out layer by layer (filters and an input are not needed:
    «receptive conv 3x3 | conv 3x3 s2 | maxpool 2»)."""
    from cnn_demos.receptive import receptive_field
    from cnn_demos.spec import parse as parse_spec

    layers = _FILTERLESS_CONV.sub(lambda m: f"{m.group(1)} 1 ", args)
    given = layers.lstrip().lower().startswith(("input", "in "))
    if not given:
        layers = "input 4096x4096x1 | " + layers  # only to read the layers: the field does not depend on it
    try:
        steps = receptive_field(parse_spec(layers))
    except SpecError as exc:  # named as the student numbered the layers, not counting the input put in front
        if given or not exc.number or exc.path:
            raise
        raise SpecError(exc.detail, exc.number - 1, exc.path, exc.token) from None
    lines = [msg.RECEPTIVE_STEP.format(number=msg.fa(str(s.number)), source=_FILLER.sub(r"\1 ", s.source), before=s.before,
                                       kernel=s.kernel, jump=s.step_before, field=s.field, next_jump=s.jump)
             for s in steps]
    field = steps[-1].field
    return Calculation("receptive", msg.HEADLINE_RECEPTIVE.format(field=field), "\n".join(lines),
                       (msg.RECEPTIVE_RULE,), {"field": field, "jump": steps[-1].jump, "output": f"{field}x{field}"})


COMMANDS: dict[str, Command] = {c.name: c for c in [
    Command("params", msg.CALC_SUMMARY["params"], msg.CALC_USAGE["params"], _params,
            "input 28x28x1 | conv 8 3x3 same relu | maxpool 2 | flatten | dense 10",
            "Parameters, output shapes, MACs and memory of a model: the layer notation, Keras or PyTorch code, "
            "or what print(net) prints ('-' reads it from stdin)."),
    Command("layer", msg.CALC_SUMMARY["layer"], msg.CALC_USAGE["layer"], _layer, "conv 128 3x3 in=64",
            "One layer's parameters with the formula: 'conv 32 5x5 in=1 [size=28x28]' or 'dense 10 in=84'.",
            args=CONV_ARGS),
    Command("model", msg.CALC_SUMMARY["model"], msg.CALC_USAGE["model"], _model, "resnet 18",
            "A zoo model by name ('resnet 18', 'VGG-16'); --list shows them all."),
    Command("shape", msg.CALC_SUMMARY["shape"], msg.CALC_USAGE["shape"], _shape, "224 7 2 3",
            "The output-size rule worked out: 'SIZE KERNEL [STRIDE [PADDING [DILATION]]]' (or size= kernel= "
            "stride= padding= dilation=) or a layer spec.", args=SHAPE_ARGS),
    Command("bottleneck", msg.CALC_SUMMARY["bottleneck"], msg.CALC_USAGE["bottleneck"], _bottleneck,
            "28x28x192 5 32 16", "A k x k convolution directly vs after a 1x1 reduction: "
            "'HxWxC KERNEL FILTERS REDUCE' (or input= kernel= filters= reduce=).", compares=True, args=BOTTLENECK_ARGS),
    Command("pooling", msg.CALC_SUMMARY["pooling"], msg.CALC_USAGE["pooling"], _pooling, "53x53x64 64,32,10",
            "Flatten vs global average pooling before the same head: 'HxWxC UNITS[,UNITS...]' (or input= units=).",
            compares=True, args=POOLING_ARGS),
    Command("stacked", msg.CALC_SUMMARY["stacked"], msg.CALC_USAGE["stacked"], _stacked, "56x56x64 7",
            "Stacked 3x3 convolutions vs one large kernel with the same receptive field: 'HxWxC KERNEL' "
            "(or input= kernel=).", compares=True, args=STACKED_ARGS),
    Command("receptive", msg.CALC_SUMMARY["receptive"], msg.CALC_USAGE["receptive"], _receptive,
            "conv 3x3 | conv 3x3 | maxpool 2 | conv 3x3",
            "The receptive field of layers in a row, layer by layer: kernels, strides ('s2') and dilations ('d2')."),
    Command("separable", msg.CALC_SUMMARY["separable"], msg.CALC_USAGE["separable"], _separable, "112x112x32 3 64",
            "A standard convolution vs a depthwise-separable one (Keras SeparableConv2D): 'HxWxC KERNEL FILTERS "
            "[nobias]' (or input= kernel= filters=).", compares=True, args=SEPARABLE_ARGS),
]}


def warm(worker=None, run: bool = True) -> None:
    """Pay before the first student waits: every command's example counted once (torch's import and first
    use, the flop counter, the charts' fonts), and, when comparisons also run for real, the worker process
    started with a tiny timed run on its device.  Measured by benchmarks/calc_warmup.py.

    Meta's own imports are paid first (:func:`cnn_demos.count_device.pay_for_meta`): a pasted PyTorch model
    and any large model are counted there, and a warm bot counts everything there."""
    from cnn_demos.count_device import pay_for_meta

    pay_for_meta()
    for command in COMMANDS.values():
        command.run(command.example, Options(chart=command.compares))
    if run:
        from cnn_demos.timing import warm_up
        from cnn_demos.worker import default_worker

        (worker or default_worker()).call(warm_up)


def run(name: str, args: str, options: Options = Options()) -> Calculation:
    """Run one command; raises :class:`SpecError` (or ``UnknownModel``) with a Persian sentence."""
    command = COMMANDS[name]
    if not args.strip():
        raise SpecError(command.usage)
    return command.run(args.strip(), options)


__all__ = ["COMMANDS", "Calculation", "Command", "LayerRequest", "Options", "layer_formula", "parse_layer", "run",
           "warm"]
