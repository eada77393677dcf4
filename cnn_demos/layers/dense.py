"""Fully connected layers: ``Dense`` (Keras: on the last axis of any tensor; PyTorch ``nn.Linear``).

Compact ``dense 10 relu`` / ``fc 128 nobias``; a bare ``linear`` is the identity activation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.activation import Activation
from cnn_demos.layers.arguments import Args, flag, positive_int
from cnn_demos.layers.node import Node, SpecError
from cnn_demos.layers.registry import Call, Compact, Layer
from cnn_demos.layers.shaped import Shape, Shaped, replaced, tensor_axes

if TYPE_CHECKING:
    from torch import nn

    from cnn_demos.shapes import Walker


@dataclass(frozen=True, kw_only=True)
class Dense(Node):
    units: int
    bias: bool = True
    activation: str | None = None
    in_features: int | None = None
    last_axis: bool = False         # Keras: a non-flat input is transformed along its channel axis


# ---------------------------------------------------------------- written as


def _compact_dense(word: str, args: list[str], base: dict) -> Node:
    number, path = base["number"], base["path"]
    if word == "linear" and not args:
        return Activation(fn="linear", **base)
    if not args:
        raise SpecError(msg.MISSING_ARG.format(what="تعداد واحدها"), number, path, base["source"])
    units = positive_int(args[0], number, path)
    bias, activation = True, None
    for tok in args[1:]:
        bias, activation = flag(tok, bias, activation, base)
    return Dense(units=units, bias=bias, activation=activation, **base)


def _k_dense(a: Args, m: re.Match) -> Node:
    return Dense(units=a.int("units"), activation=a.activation(), bias=a.bool("use_bias", True), last_axis=True,
                 **a.common())


def _t_linear(a: Args, m: re.Match) -> Node:
    return Dense(in_features=a.int("in_features"), units=a.int("out_features"), bias=a.bool("bias", True),
                 **a.common())


# ---------------------------------------------------------------- shapes


def _dense_shape(w: Walker, node: Dense, shape: Shape) -> Shaped:
    if len(shape) != 1 and not node.last_axis:
        raise w.error(node, msg.DENSE_NEEDS_FLAT.format(shape=w.show(shape)))
    axis = w.axis(node, -1, shape)  # Keras: the last axis, the channels of a channels-last tensor
    if node.in_features is not None and node.in_features != shape[axis]:
        raise w.error(node, msg.IN_CHANNELS_MISMATCH.format(expected=node.in_features, got=shape[axis]))
    w.limit(node, node.units, w.limits.max_units, msg.TOO_MANY_CHANNELS)
    w.limit(node, shape[axis] * node.units, w.limits.max_layer_params, msg.TOO_MANY_PARAMS)
    return Shaped(node, shape, replaced(shape, axis, node.units))


# ---------------------------------------------------------------- torch


def _build_dense(shaped: Shaped, device: str) -> nn.Module:
    from torch import nn

    from cnn_demos.layers.torch_modules import OnAxis, with_activation

    node, shape = shaped.node, shaped.in_shape
    axis = tensor_axes(shaped, (-1,))
    linear = nn.Linear(shape[axis[0] - 1], node.units, bias=node.bias)
    layer = linear if len(shape) == 1 else OnAxis(linear, axis)
    return with_activation(layer, node.activation)


LAYERS = (
    Layer(Dense, _dense_shape, _build_dense, ("input 12 | dense 10 relu", "input 12 | fc 4 nobias",
                                              "Input(shape=(5, 12))\nDense(3, activation='softmax')",
                                              "input 12 | nn.Linear(12, 6)")),
)
COMPACT = (Compact(r"dense|fc|linear", _compact_dense),)
CALLS = (
    Call(r"dense", "keras", ("units", "activation", "use_bias"), _k_dense),
    Call(r"linear", "any", ("in_features", "out_features", "bias"), _t_linear),
)
