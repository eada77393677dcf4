"""What a student pasted → a :class:`~cnn_demos.counting.Report`.

Three kinds of text arrive: the compact layer notation (``input 28x28x1 | conv 8 3x3``),
``print(net)`` output, and Python code.  Code is read by :mod:`cnn_demos.reader`; this
module decides the input shape (the student's ``input`` line, an example tensor the
code creates, or — for PyTorch — what the layers themselves fix) and hands the model
to the counter that fits it.  An input we cannot determine is never guessed: PyTorch
parameters are counted without one and the report asks for it; Keras cannot count
without one, so the student is asked.
"""

from __future__ import annotations

import ast
import logging
import warnings
from dataclasses import replace

import torch
from torch import nn

from cnn_demos import messages as msg
from cnn_demos import printed, reader
from cnn_demos.counting import count_nodes
from cnn_demos.graph import Step, block_of, count_graph
from cnn_demos.layers.conv import Conv, SeparableConv
from cnn_demos.layers.dense import Dense
from cnn_demos.layers.pool import Pool
from cnn_demos.layers.recurrent import ConvRecurrent, Embedding, Recurrent
from cnn_demos.modules import count_module
from cnn_demos.report import KERAS, PYTORCH, Report
from cnn_demos.shapes import DEFAULT_LIMITS, Limits, to_internal
from cnn_demos.spec import Input, Node, SpecError, parse, resolve_input
from cnn_demos.stated import input_stated
from cnn_demos.textkind import looks_like_code, looks_printed, split_input_line, surely_code

log = logging.getLogger(__name__)

# Square image sizes tried when a PyTorch model's first Linear fixes its input (LeNet's 16*5*5).
_TRIED_SIZES = (28, 32, 224, 227, 299, 64, 96, 128, 256, 150, 100, 48, 56, 112, 84, 160, 192, 24, 16, 40)


def kind_of(text: str) -> str:
    """'printed' (``print(net)`` output), 'code' (Python) or 'spec' (the compact notation)."""
    if looks_printed(text):
        return "printed"
    _, rest = split_input_line(text)
    if surely_code(rest) or looks_like_code(rest) and _parses_as_python(rest):
        return "code"
    return "spec"


def _parses_as_python(text: str) -> bool:
    try:
        tree, _ = reader.parse(reader.prepare(text))
    except SpecError:
        return False
    return any(not isinstance(s, ast.Expr) or isinstance(s.value, ast.Call) for s in tree.body) and not all(
        isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) and _is_single_layer_call(s.value)
        for s in tree.body)


def _is_single_layer_call(call) -> bool:
    """Lines like ``Conv2D(32, 3)`` alone: the line-per-layer notation handles those already."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name not in ("Sequential", "Model") and name[:1].isupper() and not isinstance(func, ast.Call)


def count_text(text: str, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Count whatever was pasted; raises :class:`SpecError` with a Persian message naming the line."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's deprecation advice is for the code's author, not the student
        try:
            return _count_text(text, limits)
        except SpecError:
            raise
        except (TypeError, ValueError, AttributeError, KeyError, IndexError, RuntimeError, RecursionError,
                AssertionError, NotImplementedError, OverflowError) as exc:
            # A construct our reader got wrong: the student gets a sentence, the log keeps the traceback.
            log.warning("could not count pasted text", exc_info=exc)
            raise SpecError(msg.CODE_INTERNAL) from None


def _count_text(text: str, limits: Limits) -> Report:
    kind = kind_of(text)
    if kind == "spec":
        return count_nodes(parse(text), "model", limits)
    input_line, rest = split_input_line(text)
    given = parse(input_line)[0] if input_line else _input_asked(rest)
    if kind == "printed":
        model = printed.read(rest, limits)
        report = _count_torch(model, given, None, "model", limits, traceable=printed.traceable(model))
        doubts = printed.doubts(model)
        note = msg.PRINTED_NO_FORWARD if doubts and report.input_note == msg.PRINTED_NO_SHAPES else report.input_note
        return _with_note(report, " ".join(filter(None, (*doubts, note))))
    program = reader.read(rest, limits, _channels_last(given))
    if program.framework == "torch":
        found, note = _fitting_input(program)
        report = _count_torch(program.model, given, found, program.name, limits)
        notes = (report.input_note, note if given is None else "", *program.notes)
        return _with_note(report, " ".join(filter(None, notes)))
    report = _count_keras(program, given, limits)
    if msg.NOMINAL_LENGTH.format(length=limits.nominal_length) in report.input_note:
        _check_length_free(report, rest, given, replace(limits, nominal_length=limits.nominal_length + 1))
    if program.open_size:
        _check_image_free(report, rest, given, replace(limits, nominal_image=limits.other_image), program.open_size)
    return report


def _input_asked(text: str) -> Input | None:
    """The input the question typed with the code gives («ورودی مدل ۲۲۴×۲۲۴×۳ هست»), as an ``input`` line would."""
    shape = input_stated(reader.question_text(text))
    return parse("input " + "x".join(map(str, shape)))[0] if shape else None


def _channels_last(given: Input | None) -> tuple[int, ...] | None:
    """The input line's shape as a Keras ``Input`` takes it."""
    if given is None:
        return None
    shape = tuple(given.shape)
    return shape[1:] + shape[:1] if given.layout == "channels_first" and len(shape) > 1 else shape


def _check_image_free(report: Report, code: str, given: Input | None, other: Limits, name: str) -> None:
    """An application's open input size was taken as its usual one: the parameters must not depend on it (a
    Flatten before a Dense makes them; Keras refuses to build that model at all)."""
    again = _count_keras(reader.read(code, other, _channels_last(given)), given, other)
    if again.total_params != report.total_params:
        raise SpecError(msg.IMAGE_DECIDES_PARAMS.format(name=name))


def _check_length_free(report: Report, code: str, given: Input | None, other: Limits) -> None:
    """A sequence of unknown length was given a nominal one: the parameters must not depend on it.

    They do when the time axis reaches a Dense (``Flatten`` after ``Embedding``): Keras itself cannot build
    such a model without the length, so the student is asked for it instead of being given a guess."""
    again = _count_keras(reader.read(code, other, _channels_last(given)), given, other)
    if again.total_params != report.total_params:
        raise SpecError(msg.LENGTH_DECIDES_PARAMS)


# ---------------------------------------------------------------- PyTorch


def _count_torch(model: nn.Module, given: Input | None, found: tuple[int, ...] | None, name: str,
                 limits: Limits, traceable: bool = True) -> Report:
    shape, note = None, ""
    if not traceable:
        note = msg.PRINTED_NO_SHAPES
    elif reader.forward_arity(model) > 1:
        note = msg.MULTI_INPUT_FORWARD
    elif given is not None:
        shape = _torch_shape(model, given)
    elif found is not None:
        shape = tuple(found)
    else:
        shape, note = _infer_torch_input(model)
    if shape is None and _lazy(model) and traceable:
        raise SpecError(msg.LAZY_NEEDS_INPUT)
    report = count_module(model, shape, name, PYTORCH)
    return _with_note(report, note)


def _fitting_input(program: reader.Program) -> tuple[tuple[int, ...] | None, str]:
    """The first input the code names that the model accepts; a demo tensor that does not fit is said as that."""
    candidates = program.input_candidates or ((program.input_shape,) if program.input_shape else ())
    if not candidates or reader.forward_arity(program.model) > 1:
        return (candidates[0] if candidates else None), ""
    for shape in candidates:
        if _runs(program.model, shape):
            return shape, ""
    shown = "x".join(str(s) for s in candidates[0])
    return None, msg.INPUT_DOES_NOT_FIT.format(shape=shown)


def _first_leaf(model: nn.Module) -> nn.Module | None:
    for mod in model.modules():
        if not any(True for _ in mod.children()) and any(True for _ in mod.parameters(recurse=False)):
            return mod
    return None


def _lazy(model: nn.Module) -> bool:
    return any(isinstance(p, nn.parameter.UninitializedParameter) for p in model.parameters())


def _torch_shape(model: nn.Module, given: Input) -> tuple[int, ...]:
    """The student's input in PyTorch's order: as written unless marked channels-last.

    In an ``nn.Sequential`` the first layer is the first to run, so its stated input channels
    settle an unmarked image input written the other way round (``input 32x32x3``).
    """
    shape = tuple(given.shape)
    marked_last = given.layout_given and given.layout == "channels_last"
    as_written = to_internal(shape, "channels_last") if marked_last else shape
    if len(shape) < 3 or given.layout_given or not isinstance(model, nn.Sequential):
        return as_written
    channels = getattr(_first_leaf(model), "in_channels", None) or None  # lazy layers say 0
    if channels is None or as_written[0] == channels:
        return as_written
    other = to_internal(shape, "channels_last")
    if other[0] == channels:
        return other
    raise SpecError(msg.IN_CHANNELS_MISMATCH.format(expected=channels, got=as_written[0]))


def _infer_torch_input(model: nn.Module) -> tuple[tuple[int, ...] | None, str]:
    """Only when the code fixes it: an MLP's first Linear, or a CNN whose Flatten→Linear admits one image size."""
    first = _first_leaf(model)
    if isinstance(first, nn.Linear):  # unless forward takes something else (a dict of tensors): then no shapes
        if not _runs(model, (first.in_features,)):
            return None, ""
        return (first.in_features,), msg.INPUT_FROM_LINEAR.format(shape=first.in_features)
    conv = first if isinstance(first, nn.modules.conv._ConvNd) else None
    if conv is None or not any(isinstance(m, nn.Linear) for m in model.modules()):
        return None, ""
    if any(isinstance(m, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d, nn.AdaptiveAvgPool1d, nn.AdaptiveMaxPool1d))
           for m in model.modules()):
        return None, ""
    dims = len(conv.kernel_size)
    fits = []
    for size in _TRIED_SIZES:
        shape = (conv.in_channels, *([size] * dims))
        if _runs(model, shape):
            fits.append(shape)
            if len(fits) > 1:
                return None, ""
    if len(fits) == 1:
        text = "x".join(str(s) for s in fits[0])
        return fits[0], msg.INPUT_INFERRED.format(shape=text)
    return None, ""


def _runs(model: nn.Module, shape: tuple[int, ...]) -> bool:
    model.eval()
    tokens = isinstance(_first_leaf(model), (nn.Embedding, nn.EmbeddingBag))
    try:
        with torch.no_grad():
            model(torch.empty((1, *shape), device="meta", dtype=torch.long if tokens else torch.float32))
    except Exception:  # noqa: BLE001 - any failure means this size does not fit
        return False
    return True


def _with_note(report: Report, note: str) -> Report:
    return replace(report, input_note=note) if note else report


# ---------------------------------------------------------------- Keras


def _count_keras(program: reader.Program, given: Input | None, limits: Limits) -> Report:
    try:
        report = _count_keras_model(program, given, limits)
    except MissingInput as exc:
        if not (program.input_from_data and exc.example):
            raise
        token, line = program.input_from_data[0]  # the line that takes the size from data, beside the example
        raise SpecError(msg.MISSING_INPUT_FROM.format(token=token, line=msg.fa(line), example=exc.example)) from None
    except SpecError as exc:
        if exc.number:  # nodes of pasted code carry their line number: name the line, not "layer N"
            raise SpecError(f"{msg.line(exc.number)}: {exc.detail}", token=exc.token) from None
        raise
    return _with_note(report, " ".join(filter(None, (report.input_note, *program.notes))))


def _count_keras_model(program: reader.Program, given: Input | None, limits: Limits) -> Report:
    model = program.model
    if isinstance(model, reader.KSequential) and reader.has_subclassed(model):
        shape = given.shape if given is not None else program.input_shape
        if shape is None:
            raise SpecError(msg.MISSING_INPUT)
        inputs, outputs, steps = program.trace_sequential(tuple(shape))
        return _count_functional(inputs, outputs, steps, program.name, None, limits)
    if isinstance(model, reader.KSequential):
        nodes, note = _sequential_nodes(model, given, program.input_shape, limits)
        return _with_note(count_nodes(nodes, program.name, limits, KERAS), note)
    if isinstance(model, reader.KModel):
        return _count_functional(model.inputs, model.outputs, program.steps, program.name, given, limits)
    if isinstance(model, reader.KerasInstance):
        shape = given.shape if given is not None else program.input_shape
        if shape is None:
            raise SpecError(msg.MISSING_INPUT)
        inputs, outputs, steps = program.trace(tuple(shape))
        return _count_functional(inputs, outputs, steps, program.name, None, limits)
    raise SpecError(msg.CODE_NO_MODEL)


def _keras_input(shape: tuple[int, ...], source: str) -> Input:
    return Input(shape=tuple(shape), layout="channels_last", layout_given=True, from_keras=True, source=source,
                 number=1)


def _sequential_nodes(model: reader.KSequential, given: Input | None, found,
                      limits: Limits) -> tuple[list[Node], str]:
    layers: list[Node] = []
    if model.stages and model.layer_trainable is not None:
        layers = _layer_nodes(model)  # frozen layer by layer: one row, as its weights are set in Keras' order
    else:
        for layer in model.layers:
            layers.extend(_layer_nodes(layer))
    first, note = model.input or given or (_keras_input(found, "input") if found else None), ""
    if first is None and layers and isinstance(layers[0], Embedding):
        # Sequential([Embedding(10000, 32), SimpleRNN(32)]): token sequences of any length, as Keras 2 built it
        first, note = _keras_input((limits.nominal_length,), "input"), msg.NOMINAL_LENGTH.format(
            length=limits.nominal_length)
    if first is None:
        raise missing_input(layers[0] if layers else None)
    return [resolve_input(first, layers, keras=True), *layers], note


class MissingInput(SpecError):
    """No input shape for a Keras model; ``example`` is an input line of the model's kind, for a refusal that
    names where the code takes the size from data."""

    def __init__(self, text: str, example: str = "") -> None:
        super().__init__(text)
        self.example = example


def missing_input(first: Node | None) -> SpecError:
    """No input shape: the refusal shows an input line of the model's own kind, not an image for a time series."""
    if isinstance(first, Embedding):
        example = msg.INPUT_EXAMPLE_TOKENS
    elif isinstance(first, (Recurrent, ConvRecurrent)) or isinstance(first, (Conv, Pool)) and first.dims == 1:
        example = msg.INPUT_EXAMPLE_SEQUENCE
    elif isinstance(first, Dense):
        example = msg.INPUT_EXAMPLE_FEATURES
    elif isinstance(first, (Conv, Pool, SeparableConv)):
        example = msg.INPUT_EXAMPLE_IMAGE
    else:
        return MissingInput(msg.MISSING_INPUT)
    return MissingInput(msg.MISSING_INPUT_EXAMPLE.format(example=example), example)


def _layer_nodes(layer) -> list[Node]:
    if isinstance(layer, reader.KSequential):
        inner: list[Node] = []
        for sub in layer.layers:
            inner.extend(_layer_nodes(sub))
        block = block_of(inner, layer.title or layer.name or "Sequential")
        if layer.layer_trainable is not None:  # base.layers[:100] frozen: Keras' own layers, weight by weight
            order = layer.keras_order or range(len(layer.keras_layers))
            flags = tuple(layer.layer_trainable[i] for i in order for _ in range(layer.keras_layers[i][1]))
            block = replace(block, parameter_trainable=flags)
        return [block]
    return [n for n in layer.nodes if not isinstance(n, Input)]


def _count_functional(inputs, outputs, steps: list[reader.KStep], name: str, given: Input | None,
                      limits: Limits) -> Report:
    graph_inputs = []
    for tensor in inputs:
        shape = tensor.shape
        if shape is None and given is not None and len(inputs) == 1:
            shape = tuple(given.shape)  # Input(shape=x_train.shape[1:]): the student's input line says it
        if shape is None:
            first = next((step.layer for step in steps if tensor in step.inputs), None)
            raise missing_input(first.node if isinstance(first, reader.KLayer) else None)
        graph_inputs.append((tensor.id, _keras_input(shape, f"Input{shape}")))
    graph_steps = []
    for step in steps:
        layer = step.layer
        if isinstance(layer, reader.KLayer):
            node = layer.node
        elif isinstance(layer, reader.KSequential):
            node = _layer_nodes(layer)[0]
        else:
            raise SpecError(f"{msg.line(step.line)}: {msg.CODE_UNSUPPORTED.format(token=type(layer).__name__)}")
        graph_steps.append(Step(id(layer), node, tuple(t.id for t in step.inputs), step.output.id, step.line))
    return count_graph(graph_inputs, [t.id for t in outputs], graph_steps, name, limits)


__all__ = ["count_text", "kind_of"]
