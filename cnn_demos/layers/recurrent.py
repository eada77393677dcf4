"""Sequences: ``Embedding`` (tokens → vectors), ``Recurrent`` (SimpleRNN, LSTM, GRU; Bidirectional),
``ConvRecurrent`` (ConvLSTM2D) and the ``TimeDistributed`` wrapper.

A sequence of T steps with F features is ``(F, T)`` inside, as Conv1D sees it.  Counts follow Keras' formulas
(GRU's ``reset_after`` second bias included); PyTorch's RNN classes are refused with a Persian reason.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.activation import Activation
from cnn_demos.layers.arguments import Args
from cnn_demos.layers.dense import Dense
from cnn_demos.layers.dropout import Dropout, PassThrough
from cnn_demos.layers.input import Input
from cnn_demos.layers.node import Node
from cnn_demos.layers.registry import Call, Layer
from cnn_demos.layers.shaped import Shape, Shaped, from_internal, per_axis
from cnn_demos.messages import fa

if TYPE_CHECKING:
    from torch import nn

    from cnn_demos.shapes import Walker


@dataclass(frozen=True, kw_only=True)
class Embedding(Node):
    """Integer tokens (T,) → vectors: internally (output_dim, T), displayed T×output_dim channels-last."""

    input_dim: int
    output_dim: int


@dataclass(frozen=True, kw_only=True)
class Recurrent(Node):
    """SimpleRNN, LSTM or GRU over a sequence (F, T); ``merge`` set = wrapped in Bidirectional."""

    cell: str                       # "SimpleRNN" | "LSTM" | "GRU"
    units: int
    return_sequences: bool = False
    bias: bool = True
    reset_after: bool = True        # GRU: TF2's default, a second (recurrent) bias
    merge: str | None = None        # Bidirectional merge_mode: "concat" | "sum" | "mul" | "ave"


@dataclass(frozen=True, kw_only=True)
class ConvRecurrent(Node):
    """Keras ConvLSTM2D over a sequence of images (C, T, H, W): LSTM gates computed by convolutions.

    The input convolution has the layer's stride and padding; the recurrent one keeps the state's size
    ('same', stride 1), as Keras does.
    """

    filters: int
    kernel: tuple[int, ...]
    stride: tuple[int, ...] = (1,)
    padding: str = "valid"
    dilation: tuple[int, ...] = (1,)
    bias: bool = True
    return_sequences: bool = False


@dataclass(frozen=True, kw_only=True)
class TimeDistributed(Node):
    """Keras TimeDistributed: ``layer`` applied to every step of (C, T, *rest) alone, weights shared."""

    layer: Node


# ---------------------------------------------------------------- written as


def _k_embedding(a: Args, m: re.Match) -> Node:
    return Embedding(input_dim=a.int("input_dim"), output_dim=a.int("output_dim"), **a.common())


def _t_embedding(a: Args, m: re.Match) -> Node:
    return Embedding(input_dim=a.int("num_embeddings"), output_dim=a.int("embedding_dim"), **a.common())


_CELLS = {"simplernn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU", "cudnnlstm": "LSTM", "cudnngru": "GRU"}


def _k_recurrent(a: Args, m: re.Match) -> Node:
    if a.bool("return_state", False):
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="return_state=True", layer=a.layer,
                                                    why=msg.WHY_RETURN_STATE))
    a.activation()
    return Recurrent(cell=_CELLS[m.group(0)], units=a.int("units"), bias=a.bool("use_bias", True),
                     return_sequences=a.bool("return_sequences", False),
                     reset_after=a.bool("reset_after", True), **a.common())


def _t_recurrent(a: Args, m: re.Match) -> Node:
    raise a.error(msg.TORCH_RNN.format(token=a.layer))


def _inner(a: Args, key: str) -> tuple[list[Node], Node]:
    """The layer a wrapper holds: a node, or the nodes ``keras_layer`` made (an Input may come first)."""
    value = a.raw(key)
    nodes = list(value) if isinstance(value, (list, tuple)) else [value]
    if not nodes or not all(isinstance(n, Node) for n in nodes):
        raise a.bad(key, msg.WANT_RNN)
    return [n for n in nodes[:-1] if isinstance(n, Input)], nodes[-1]


def _k_bidirectional(a: Args, m: re.Match) -> list[Node]:
    inputs, inner = _inner(a, "layer")
    if not isinstance(inner, Recurrent) or inner.merge is not None:
        raise a.bad("layer", msg.WANT_RNN)
    mode = a.raw("merge_mode", "concat")
    if mode is None:
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="merge_mode=None", layer=a.layer, why=msg.WHY_MERGE_NONE))
    mode = a.choice("merge_mode", ("concat", "sum", "mul", "ave"), "concat")
    if a.raw("backward_layer", None) is not None:
        _, back = _inner(a, "backward_layer")
        if not isinstance(back, Recurrent) or (back.cell, back.units, back.bias, back.reset_after,
                                               back.return_sequences) != (inner.cell, inner.units, inner.bias,
                                                                          inner.reset_after, inner.return_sequences):
            raise a.error(msg.UNSUPPORTED_OPTION.format(option="backward_layer", layer=a.layer,
                                                        why=msg.WHY_BACKWARD_LAYER))
    return [*inputs, _wrapped(inner, a, merge=mode)]


def _wrapped(inner: Node, a: Args, **changes) -> Node:
    """The wrapped layer, placed where the wrapper was typed; frozen if either is."""
    fields = {k: v for k, v in a.common().items() if k != "trainable"}
    return replace(inner, trainable=inner.trainable and a.bool("trainable", True), **fields, **changes)


def _k_time_distributed(a: Args, m: re.Match) -> list[Node]:
    inputs, inner = _inner(a, "layer")
    if isinstance(inner, (Dense, Dropout, Activation, PassThrough)):  # last-axis layers: Keras applies them so
        return [*inputs, _wrapped(inner, a)]
    fields = {k: v for k, v in a.common().items() if k != "trainable"}
    return [*inputs, TimeDistributed(layer=inner, **fields, trainable=inner.trainable and a.bool("trainable", True))]


def _k_conv_lstm(a: Args, m: re.Match) -> Node:
    if a.bool("return_state", False):
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="return_state=True", layer=a.layer,
                                                    why=msg.WHY_RETURN_STATE))
    a.activation()
    return ConvRecurrent(filters=a.int("filters"), kernel=a.ints("kernel_size"), stride=a.ints("strides", (1,)),
                         padding=a.choice("padding", ("valid", "same"), "valid"),
                         dilation=a.ints("dilation_rate", (1,)), bias=a.bool("use_bias", True),
                         return_sequences=a.bool("return_sequences", False), **a.common())


_RNN_KEYWORDS = ("return_sequences", "return_state", "reset_after")


# ---------------------------------------------------------------- shapes


def _embedding_shape(w: Walker, node: Embedding, shape: Shape) -> Shaped:
    """Integer tokens of any shape → one vector each: (output_dim, *tokens), the vectors as channels."""
    w.limit(node, node.output_dim, w.limits.max_units, msg.TOO_MANY_CHANNELS)
    w.limit(node, node.input_dim * node.output_dim, w.limits.max_layer_params, msg.TOO_MANY_PARAMS)
    return w.checked(node, Shaped(node, shape, (node.output_dim, *from_internal(shape, w.axes))))


def _recurrent_shape(w: Walker, node: Recurrent, shape: Shape) -> Shaped:
    """A sequence (features, steps) → (units, steps) with return_sequences, else (units,)."""
    if len(shape) != 2:
        raise w.error(node, msg.WRONG_RANK.format(layer=node.cell, want=fa(2), shape=w.show(shape)))
    features, steps = shape
    w.limit(node, node.units, w.limits.max_units, msg.TOO_MANY_CHANNELS)
    w.limit(node, recurrent_params(node, features), w.limits.max_layer_params, msg.TOO_MANY_PARAMS)
    width = node.units * (2 if node.merge == "concat" else 1)
    return Shaped(node, shape, (width, steps) if node.return_sequences else (width,))


def _conv_recurrent_shape(w: Walker, node: ConvRecurrent, shape: Shape) -> Shaped:
    """(C, T, H, W) → (filters, T, H', W') with return_sequences, else (filters, H', W'); H', W' as Conv2D's."""
    if len(shape) != 4:
        raise w.error(node, msg.WRONG_RANK.format(layer="ConvLSTM2D", want=fa(4), shape=w.show(shape)))
    w.limit(node, node.filters, w.limits.max_channels, msg.TOO_MANY_CHANNELS)
    step = (shape[0], *shape[2:])
    _, _, _, pads, outs = w.window(node, step, 2, node.kernel, node.stride, node.dilation, node.padding)
    w.limit(node, conv_recurrent_params(node, shape[0]), w.limits.max_layer_params, msg.TOO_MANY_PARAMS)
    out = (node.filters, shape[1], *outs) if node.return_sequences else (node.filters, *outs)
    return w.checked(node, Shaped(node, shape, out, padding=pads, filters=node.filters))


def _time_distributed_shape(w: Walker, node: TimeDistributed, shape: Shape) -> Shaped:
    """(C, T, *rest): the layer sees each step (C, *rest) alone; its output (C', *rest') → (C', T, *rest')."""
    if len(shape) < 2:
        raise w.error(node, msg.WRONG_RANK.format(layer="TimeDistributed", want="دست‌کم " + fa(2),
                                                  shape=w.show(shape)))
    inner = w.node(node.layer, (shape[0], *shape[2:]))
    out = inner.out_shape
    return w.checked(node, Shaped(node, shape, (out[0], shape[1], *out[1:]), ((inner,),)))


_GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


def recurrent_params(node: Recurrent, features: int) -> int:
    """Keras' count: gates × (units·(features + units) + biases·units), twice when Bidirectional.

    SimpleRNN has 1 gate, LSTM 4, GRU 3; GRU with ``reset_after=True`` (TF2's default) has two biases.
    """
    biases = (2 if node.cell == "GRU" and node.reset_after else 1) if node.bias else 0
    one = _GATES[node.cell] * (node.units * (features + node.units) + biases * node.units)
    return one * (2 if node.merge else 1)


def conv_recurrent_params(node: ConvRecurrent, channels: int) -> int:
    """Keras' ConvLSTM2D: 4 gates × (input kernel k·k·C·F + recurrent kernel k·k·F·F) + 4·F biases."""
    window = math.prod(per_axis(node.kernel, 2))
    return 4 * window * node.filters * (channels + node.filters) + (4 * node.filters if node.bias else 0)


# ---------------------------------------------------------------- torch


def _build_embedding(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import TokenEmbedding

    return TokenEmbedding(shaped.node.input_dim, shaped.node.output_dim, shaped.layout == "channels_last")


def _build_recurrent(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import Bidirectional, KerasRecurrent

    node = shaped.node

    def make() -> KerasRecurrent:
        return KerasRecurrent(node.cell, shaped.in_shape[0], node.units, node.bias, node.reset_after,
                              node.return_sequences)
    return make() if node.merge is None else Bidirectional(make(), make(), node.merge)


def _build_conv_lstm(shaped: Shaped, device: str) -> nn.Module:
    from torch import nn

    from cnn_demos.layers.torch_modules import ConvLSTM, symmetric, with_activation

    node, pads = shaped.node, shaped.padding
    kernel = per_axis(node.kernel, 2)
    conv = nn.Conv2d(shaped.in_shape[0], 4 * node.filters, kernel, per_axis(node.stride, 2),
                     padding=tuple(p for p, _ in pads) if symmetric(pads) else 0,
                     dilation=per_axis(node.dilation, 2), bias=node.bias)
    recurrent = nn.Conv2d(node.filters, 4 * node.filters, kernel, padding="same", bias=False)
    return ConvLSTM(with_activation(conv, None, None if symmetric(pads) else pads), recurrent,
                    node.return_sequences)


def _build_time_distributed(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.build import module
    from cnn_demos.layers.torch_modules import EachStep

    return EachStep(module(shaped.branches[0][0], device))


LAYERS = (
    Layer(Embedding, _embedding_shape, _build_embedding, ("Input(shape=(10,))\nEmbedding(50, 8)",
                                                          "input 7 | nn.Embedding(30, 4)")),
    Layer(Recurrent, _recurrent_shape, _build_recurrent,
          ("Input(shape=(6, 5))\nLSTM(4)", "Input(shape=(6, 5))\nGRU(3, return_sequences=True, reset_after=False)",
           "Input(shape=(6, 5))\nSimpleRNN(2, use_bias=False)", "Input(shape=(6, 5))\nBidirectional(LSTM(4))",
           "Input(shape=(6, 5))\nBidirectional(GRU(3, return_sequences=True), merge_mode='sum')")),
    Layer(ConvRecurrent, _conv_recurrent_shape, _build_conv_lstm,
          ("Input(shape=(3, 8, 8, 2))\nConvLSTM2D(4, 3)",
           "Input(shape=(3, 8, 8, 2))\nConvLSTM2D(4, 3, strides=2, padding='same', return_sequences=True)")),
    Layer(TimeDistributed, _time_distributed_shape, _build_time_distributed,
          ("Input(shape=(3, 8, 8, 2))\nTimeDistributed(Conv2D(4, 3))", "Input(shape=(5, 6))\nTimeDistributed(LayerNormalization())")),
)
CALLS = (
    Call(r"embedding", "keras", ("input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
                                 "activity_regularizer", "embeddings_constraint", "mask_zero", "input_length"),
         _k_embedding),
    Call(r"embedding", "torch", ("num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type",
                                 "scale_grad_by_freq", "sparse"), _t_embedding),
    Call(r"simplernn", "keras", ("units", "activation", "use_bias"), _k_recurrent, _RNN_KEYWORDS),
    Call(r"lstm|gru|cudnnlstm|cudnngru", "keras", ("units", "activation", "recurrent_activation", "use_bias"),
         _k_recurrent, _RNN_KEYWORDS),
    Call(r"rnn|lstm|gru", "torch", ("*",), _t_recurrent),
    Call(r"bidirectional", "keras", ("layer", "merge_mode", "weights", "backward_layer"), _k_bidirectional),
    Call(r"timedistributed", "keras", ("layer",), _k_time_distributed),
    Call(r"convlstm2d", "keras", ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                                  "activation", "recurrent_activation", "use_bias"), _k_conv_lstm,
         _RNN_KEYWORDS + ("dropout", "recurrent_dropout", "unit_forget_bias", "go_backwards", "stateful")),
)
