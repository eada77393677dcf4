"""A custom Keras layer that makes its own weights with ``add_weight`` (the Keras guide's ``Linear``): the code
reader runs its ``build`` for the weights' shapes and follows its ``call`` for the output's; counting needs
only those, so the layer stands as one node with its weights, its output shape and the work its matmuls do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.node import Node
from cnn_demos.layers.registry import Layer
from cnn_demos.layers.shaped import Shape, Shaped, to_internal

if TYPE_CHECKING:
    from torch import nn

    from cnn_demos.shapes import Walker


@dataclass(frozen=True, kw_only=True)
class OwnWeights(Node):
    """A layer's own weights, each (shape, trainable), and what following its ``call`` found."""

    layer: str
    weights: tuple[tuple[tuple[int, ...], bool], ...]
    out_shape: tuple[int, ...]   # as Keras writes it (channels-last, no batch)
    macs: int = 0                # per sample: the matmuls of its call


def _own_weights_shape(w: Walker, node: OwnWeights, shape: Shape) -> Shaped:
    total = sum(math.prod(size) for size, _ in node.weights)
    w.limit(node, total, w.limits.max_layer_params, msg.TOO_MANY_PARAMS)
    return Shaped(node, shape, to_internal(tuple(node.out_shape), w.layout))


def _build_own_weights(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import OwnWeightsModule

    return OwnWeightsModule(shaped.node.weights, shaped.out_shape, shaped.node.macs)


def _an_own_weights_layer() -> list[Node]:
    from cnn_demos.layers.input import Input

    return [Input(shape=(8,), layout="channels_last"),
            OwnWeights(layer="Linear", weights=(((8, 4), True), ((4,), True)), out_shape=(4,), macs=32)]


LAYERS = (Layer(OwnWeights, _own_weights_shape, _build_own_weights, (_an_own_weights_layer,), from_code_only=True),)
