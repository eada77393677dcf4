"""The receptive field of a stack of layers: how many input pixels one pixel of the last output sees.

Students ask it of the stacks they draw («سه تا کانو ۳در۳ بعد مکس‌پول … رسپتیو فیلد؟», "three 3x3 convs with
dilations 1, 2 and 4"), and it is the argument for stacking 3x3 kernels.  Layer by layer, with r the field and j
the distance between neighbouring output pixels measured in input pixels (the product of the strides so far):

    r ← r + (k_eff − 1)·j,   k_eff = d·(k − 1) + 1,   j ← j·s

Padding does not change it.  Layers that see one position (BatchNorm, activations, a 1x1) leave it; a Flatten,
a Dense or a global pool sees the whole input, so the field is not a number of pixels after one.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnn_demos import messages as msg
from cnn_demos.layers.conv import Conv, ConvTranspose, SeparableConv
from cnn_demos.layers.dense import Dense
from cnn_demos.layers.input import Input
from cnn_demos.layers.node import Node, SpecError
from cnn_demos.layers.pool import GlobalPool, Pool
from cnn_demos.layers.reshape import Flatten


@dataclass(frozen=True)
class Step:
    """One layer's contribution: its effective kernel and stride, the field and the jump after it."""

    number: int
    source: str
    kernel: int
    stride: int
    field: int
    jump: int
    before: int  # the field before this layer
    step_before: int  # the jump before it


def receptive_field(nodes: list[Node]) -> list[Step]:
    """Each windowed layer's step; raises :class:`SpecError` (Persian) for a layer that sees the whole input."""
    field, jump, steps = 1, 1, []
    for number, node in enumerate((n for n in nodes if not isinstance(n, Input)), 1):
        if isinstance(node, (Flatten, Dense, GlobalPool)):
            raise SpecError(msg.RECEPTIVE_WHOLE.format(layer=node.source or type(node).__name__))
        if isinstance(node, ConvTranspose):
            raise SpecError(msg.RECEPTIVE_TRANSPOSED)
        if not isinstance(node, (Conv, SeparableConv, Pool)):
            continue
        kernel = node.kernel[0]
        dilation = getattr(node, "dilation", (1,))[0]
        stride = (node.stride or node.kernel)[0] if isinstance(node, Pool) else node.stride[0]
        effective = dilation * (kernel - 1) + 1
        before, step_before = field, jump
        field, jump = field + (effective - 1) * jump, jump * stride
        steps.append(Step(number, node.source or type(node).__name__, effective, stride, field, jump, before,
                          step_before))
    if not steps:
        raise SpecError(msg.RECEPTIVE_NONE)
    return steps


__all__ = ["Step", "receptive_field"]
