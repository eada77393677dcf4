"""Layers that rearrange without weights: ``Flatten``, ``Reshape``, ``Permute``, ``RepeatVector``, and
Keras' ``Lambda`` (arithmetic we do not follow, with the output shape Keras is told).

Keras numbers axes channels-last (batch = 0), so Reshape and Permute work in that order.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.arguments import Args, as_int
from cnn_demos.layers.node import Node
from cnn_demos.layers.registry import Call, Compact, Layer
from cnn_demos.layers.shaped import Shape, Shaped, from_internal, to_internal
from cnn_demos.messages import fa

if TYPE_CHECKING:
    from torch import nn

    from cnn_demos.shapes import Walker


@dataclass(frozen=True, kw_only=True)
class Flatten(Node):
    pass


@dataclass(frozen=True, kw_only=True)
class Reshape(Node):
    target: tuple[int, ...]               # Keras target_shape, channels-last, may hold one -1


@dataclass(frozen=True, kw_only=True)
class Permute(Node):
    dims: tuple[int, ...]                 # Keras: 1-based, channels-last


@dataclass(frozen=True, kw_only=True)
class RepeatVector(Node):
    n: int


@dataclass(frozen=True, kw_only=True)
class Lambda(Node):
    """Keras' ``Lambda(fn, output_shape=...)``: arithmetic we do not follow, no weights, the shape Keras is told."""

    out_shape: tuple[int, ...] | None = None   # as Keras writes it (channels-last, no batch); None = the input's
    # ``lambda t: t[:, -1, :]``: the function is a plain slice of its input, applied to the Keras shape (batch
    # first), each item an int, a (start, stop, step) slice, ``...`` or None (a new axis)
    index: tuple | None = None


# ---------------------------------------------------------------- written as


def _compact_flatten(word: str, args: list[str], base: dict) -> Flatten:
    return Flatten(**base)


def _k_flatten(a: Args, m: re.Match) -> Node:
    return Flatten(**a.common())


def _t_flatten(a: Args, m: re.Match) -> Node:
    if a.raw("start_dim", 1) != 1 or a.raw("end_dim", -1) != -1:
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="start_dim/end_dim", layer=a.layer,
                                                    why=msg.WHY_DEFAULT_ONLY))
    return Flatten(**a.common())


def _k_reshape(a: Args, m: re.Match) -> Node:
    value = a.raw("target_shape")
    values = value if isinstance(value, (tuple, list)) else (value,)
    numbers = [as_int(v) for v in values]
    if not numbers or any(n is None or n == 0 or n < -1 for n in numbers) or numbers.count(-1) > 1:
        raise a.bad("target_shape", msg.WANT_SHAPE)
    return Reshape(target=tuple(numbers), **a.common())


def _k_permute(a: Args, m: re.Match) -> Node:
    return Permute(dims=a.ints("dims"), **a.common())


def _k_repeat_vector(a: Args, m: re.Match) -> Node:
    return RepeatVector(n=a.int("n"), **a.common())


# ---------------------------------------------------------------- shapes


def _flatten_shape(w: Walker, node: Flatten, shape: Shape) -> Shaped:
    return Shaped(node, shape, (math.prod(shape),))


def _reshape_shape(w: Walker, node: Reshape, shape: Shape) -> Shaped:
    total = math.prod(shape)
    known = math.prod(t for t in node.target if t != -1)
    target = tuple(total // known if t == -1 else t for t in node.target)
    if math.prod(target) != total:
        text = "x".join(map(str, node.target))
        raise w.error(node, msg.RESHAPE_MISMATCH.format(shape=w.show(shape), size=f"{total:,}", target=text))
    return Shaped(node, shape, to_internal(target, w.axes))


def _permute_shape(w: Walker, node: Permute, shape: Shape) -> Shaped:
    if sorted(node.dims) != list(range(1, len(shape) + 1)):
        dims = ",".join(map(str, node.dims))
        raise w.error(node, msg.BAD_PERMUTE.format(dims=f"({dims})", count=fa(len(shape))))
    ordered = from_internal(shape, w.axes)
    return Shaped(node, shape, to_internal(tuple(ordered[d - 1] for d in node.dims), w.axes))


def _repeat_vector_shape(w: Walker, node: RepeatVector, shape: Shape) -> Shaped:
    if len(shape) != 1:
        raise w.error(node, msg.WRONG_RANK.format(layer="RepeatVector", want=fa(1), shape=w.show(shape)))
    w.limit(node, node.n, w.limits.max_spatial, msg.TOO_LARGE_SPATIAL)
    return w.checked(node, Shaped(node, shape, (shape[0], node.n)))


def _lambda_shape(w: Walker, node: Lambda, shape: Shape) -> Shaped:
    if node.index is not None:
        return Shaped(node, shape, to_internal(_sliced(w, node, from_internal(shape, w.layout)), w.layout))
    if node.out_shape is None:
        return Shaped(node, shape, shape)
    return Shaped(node, shape, to_internal(tuple(node.out_shape), w.layout))


def _sliced(w: Walker, node: Lambda, shape: tuple[int, ...]) -> tuple[int, ...]:
    """The shape a basic NumPy-style index leaves (as TensorFlow and torch slice), batch kept whole."""
    import numpy as np

    items = tuple(slice(*item) if isinstance(item, tuple) else item for item in node.index)
    if not items or items[0] not in (slice(None), Ellipsis):
        raise w.error(node, msg.LAMBDA_SLICES_BATCH)
    try:
        out = np.broadcast_to(np.empty((), dtype=bool), (1, *shape))[items].shape  # a view: no memory
    except IndexError as exc:
        raise w.error(node, msg.LAMBDA_SLICE_OUT_OF_RANGE.format(shape="x".join(map(str, shape)), detail=exc)) from None
    if not out or out[0] != 1:
        raise w.error(node, msg.LAMBDA_SLICES_BATCH)
    if 0 in out:
        raise w.error(node, msg.LAMBDA_SLICE_EMPTY.format(shape="x".join(map(str, shape))))
    return tuple(out[1:])


# ---------------------------------------------------------------- torch


def _build_flatten(shaped: Shaped, device: str) -> nn.Module:
    from torch import nn

    return nn.Flatten(1)


def _build_reshape(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import KerasReshape

    cl = shaped.layout == "channels_last"
    return KerasReshape(from_internal(shaped.out_shape, shaped.layout), cl)


def _build_permute(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import KerasPermute

    return KerasPermute(shaped.node.dims, shaped.layout == "channels_last")


def _build_repeat_vector(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import Repeat

    return Repeat(shaped.node.n)


def _build_lambda(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import ShapedLike

    return ShapedLike(shaped.out_shape)


def _a_lambda() -> list[Node]:
    from cnn_demos.layers.input import Input

    return [Input(shape=(4, 6, 3), layout="channels_last"), Lambda(out_shape=(8, 9))]


LAYERS = (
    Layer(Flatten, _flatten_shape, _build_flatten, ("input 4x4x3 | flatten", "input 3x4x4 | nn.Flatten()")),
    Layer(Reshape, _reshape_shape, _build_reshape, ("Input(shape=(4, 4, 3))\nReshape((16, 3))",
                                                    "Input(shape=(12,))\nReshape((-1, 2, 3))")),
    Layer(Permute, _permute_shape, _build_permute, ("Input(shape=(5, 4))\nPermute((2, 1))",
                                                    "Input(shape=(2, 3, 4))\nPermute((3, 1, 2))")),
    Layer(RepeatVector, _repeat_vector_shape, _build_repeat_vector, ("Input(shape=(6,))\nRepeatVector(3)",)),
    Layer(Lambda, _lambda_shape, _build_lambda, (_a_lambda,), from_code_only=True),
)
COMPACT = (Compact(r"flatten", _compact_flatten),)
CALLS = (
    Call(r"flatten", "keras", ("data_format",), _k_flatten),
    Call(r"flatten", "torch", ("start_dim", "end_dim"), _t_flatten),
    Call(r"reshape", "keras", ("target_shape",), _k_reshape),
    Call(r"permute", "keras", ("dims",), _k_permute),
    Call(r"repeatvector", "keras", ("n",), _k_repeat_vector),
)
