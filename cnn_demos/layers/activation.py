"""Activations: ``Activation`` (no weights, whatever it is called) and ``PReLU`` (learned slopes).

Compact ``relu`` / ``activation gelu``; Keras ``Activation('relu')``, ``ReLU()``, ``LeakyReLU(0.1)``,
``PReLU(shared_axes=[1, 2])``; PyTorch ``nn.ReLU(inplace=True)``, ``nn.PReLU(64)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.arguments import ACTIVATIONS, Args
from cnn_demos.layers.node import Node
from cnn_demos.layers.registry import Call, Compact, Layer
from cnn_demos.layers.shaped import Shape, Shaped, tensor_axes

if TYPE_CHECKING:
    from torch import nn

    from cnn_demos.shapes import Walker


@dataclass(frozen=True, kw_only=True)
class Activation(Node):
    fn: str


@dataclass(frozen=True, kw_only=True)
class PReLU(Node):
    shared_axes: tuple[int, ...] = ()     # Keras axes (batch = 0) that share one alpha
    num_parameters: int | None = None     # PyTorch's nn.PReLU(num_parameters): 1 or the channels


# ---------------------------------------------------------------- written as


def _compact_activation(word: str, args: list[str], base: dict) -> Activation | None:
    if word == "activation" and args:
        word = args[0].lower()
    return Activation(fn=word, **base) if word in ACTIVATIONS else None


def _k_activation(a: Args, m: re.Match) -> Node:
    return Activation(fn=a.activation() or "linear", **a.common())


_ACTIVATION_LAYERS = {"leakyrelu": "leakyrelu", "relu": "relu", "relu6": "relu6", "softmax": "softmax", "elu": "elu",
                      "thresholdedrelu": "relu", "hardsigmoid": "hard_sigmoid", "logsoftmax": "log_softmax",
                      "identity": "linear", "hardtanh": "hard_tanh", "softsign": "softsign"}


def _activation_layer(a: Args, m: re.Match) -> Node:
    """ReLU(), LeakyReLU(0.1), nn.ReLU(inplace=True), ...: no weights, so their options cannot change a count."""
    low = m.group(0)
    fn = _ACTIVATION_LAYERS.get(low, low)
    if low == "relu" and a.raw("max_value", None) == 6:
        fn = "relu6"
    return Activation(fn=fn, **a.common())


def _k_prelu(a: Args, m: re.Match) -> Node:
    shared = a.axes("shared_axes") or ()
    return PReLU(shared_axes=shared, **a.common())


def _t_prelu(a: Args, m: re.Match) -> Node:
    return PReLU(num_parameters=a.int("num_parameters", 1), **a.common())


# ---------------------------------------------------------------- shapes


def _same_shape(w: Walker, node: Node, shape: Shape) -> Shaped:
    return Shaped(node, shape, shape)


def _prelu_shape(w: Walker, node: PReLU, shape: Shape) -> Shaped:
    for axis in node.shared_axes:
        w.axis(node, axis, shape)
    if node.num_parameters not in (None, 1, shape[0]):
        raise w.error(node, msg.PRELU_PARAMETERS.format(count=node.num_parameters, channels=shape[0]))
    return Shaped(node, shape, shape)


# ---------------------------------------------------------------- torch


def _build_activation(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import activation

    return activation(shaped.node.fn)


def _build_prelu(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import KerasPReLU

    node, shape = shaped.node, shaped.in_shape
    if node.num_parameters is not None:  # PyTorch: one alpha, or one per channel
        return KerasPReLU((node.num_parameters, *[1] * (len(shape) - 1)) if node.num_parameters > 1 else (1,))
    shared = {a - 1 for a in tensor_axes(shaped, node.shared_axes)} if node.shared_axes else set()
    return KerasPReLU(tuple(1 if i in shared else s for i, s in enumerate(shape)))


_ACT_NAMES = "|".join(sorted({*(n.replace("_", "") for n in ACTIVATIONS - {"linear"}), *_ACTIVATION_LAYERS},
                             key=len, reverse=True))

LAYERS = (
    Layer(Activation, _same_shape, _build_activation,
          ("input 8x8x3 | relu", "input 10 | activation softmax", "input 4x6 | Activation('gelu')",
           "input 10 | LeakyReLU(0.1)", "input 10 | nn.ReLU6()", "input 3x4x4 | Softmax()",
           "Input(shape=(10,))\nActivation('exponential')"), keeps_channels=True),
    Layer(PReLU, _prelu_shape, _build_prelu, ("Input(shape=(6, 6, 3))\nPReLU(shared_axes=[1, 2])",
                                              "Input(shape=(6, 6, 3))\nPReLU()", "input 3x6x6 | nn.PReLU(3)")),
)
COMPACT = (Compact("activation|" + "|".join(sorted(ACTIVATIONS)), _compact_activation),)
CALLS = (
    Call(r"activation", "keras", ("activation",), _k_activation),
    Call(r"prelu", "keras", ("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes"), _k_prelu),
    Call(r"prelu", "torch", ("num_parameters", "init"), _t_prelu),
    Call(rf"{_ACT_NAMES}", "any", ("*",), _activation_layer),
)
