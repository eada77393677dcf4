"""Layers that change an image's size without weights: ``UpSampling``, ``ZeroPadding``, ``Cropping`` and
Keras' ``Resizing`` (``Resize``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.arguments import Args, as_int
from cnn_demos.layers.node import Node
from cnn_demos.layers.registry import Call, Layer
from cnn_demos.layers.shaped import Shape, Shaped, per_axis

if TYPE_CHECKING:
    from torch import nn

    from cnn_demos.shapes import Walker


@dataclass(frozen=True, kw_only=True)
class UpSampling(Node):
    size: tuple[int, ...]
    dims: int
    interpolation: str = "nearest"


@dataclass(frozen=True, kw_only=True)
class ZeroPadding(Node):
    amounts: tuple[tuple[int, int], ...]   # (before, after) per spatial axis
    dims: int


@dataclass(frozen=True, kw_only=True)
class Cropping(Node):
    amounts: tuple[tuple[int, int], ...]
    dims: int


@dataclass(frozen=True, kw_only=True)
class Resize(Node):
    """Keras Resizing: images to (height, width), interpolated; no weights."""

    height: int
    width: int
    crop: bool = False               # crop_to_aspect_ratio: the same output size, so the same counts


# ---------------------------------------------------------------- written as


def _k_upsampling(a: Args, m: re.Match) -> Node:
    dims = int(m.group(1))
    interpolation = a.raw("interpolation", "nearest")
    return UpSampling(size=a.ints("size", (2,)), dims=dims,
                      interpolation="bilinear" if interpolation == "bilinear" and dims == 2 else "nearest",
                      **a.common())


def _amounts(a: Args, key: str, dims: int, default) -> tuple[tuple[int, int], ...]:
    """Keras' padding/cropping forms: 1, (1, 2) and ((1, 2), (3, 4)) → (before, after) per axis."""
    value = a.raw(key, default)
    if as_int(value) is not None:
        value = (value,) * dims
    if dims == 1 and isinstance(value, (tuple, list)) and len(value) == 2 and all(as_int(v) is not None
                                                                                   for v in value):
        value = (tuple(value),)
    if not isinstance(value, (tuple, list)) or len(value) != dims:
        raise a.bad(key, msg.WANT_PADS) if key in a.bound else a.error(msg.MISSING_KEY.format(layer=a.layer, arg=key))
    pairs = []
    for item in value:
        pair = (item, item) if as_int(item) is not None else item
        numbers = [as_int(v) for v in pair] if isinstance(pair, (tuple, list)) and len(pair) == 2 else [None]
        if None in numbers or min(numbers) < 0:
            raise a.bad(key, msg.WANT_PADS)
        pairs.append((numbers[0], numbers[1]))
    return tuple(pairs)


def _k_zero_padding(a: Args, m: re.Match) -> Node:
    dims = int(m.group(1))
    return ZeroPadding(amounts=_amounts(a, "padding", dims, 1), dims=dims, **a.common())


def _k_cropping(a: Args, m: re.Match) -> Node:
    dims = int(m.group(1))
    return Cropping(amounts=_amounts(a, "cropping", dims, 0 if dims == 2 else 1), dims=dims, **a.common())


def _k_resizing(a: Args, m: re.Match) -> Node:
    return Resize(height=a.int("height"), width=a.int("width"), crop=a.bool("crop_to_aspect_ratio", False),
                  **a.common())


# ---------------------------------------------------------------- shapes


def _upsampling_shape(w: Walker, node: UpSampling, shape: Shape) -> Shaped:
    w.rank(node, shape, node.dims, f"UpSampling{node.dims}D")
    size = w.spatial(node, "size", node.size, node.dims, w.limits.max_step)
    return w.grown(node, Shaped(node, shape, (shape[0], *(s * f for s, f in zip(shape[1:], size)))))


def _zero_padding_shape(w: Walker, node: ZeroPadding, shape: Shape) -> Shaped:
    w.rank(node, shape, node.dims, f"ZeroPadding{node.dims}D")
    for before, after in node.amounts:
        w.limit(node, max(before, after), w.limits.max_spatial, msg.TOO_LARGE_SPATIAL)
    outs = tuple(s + before + after for s, (before, after) in zip(shape[1:], node.amounts))
    return w.grown(node, Shaped(node, shape, (shape[0], *outs), padding=node.amounts))


def _cropping_shape(w: Walker, node: Cropping, shape: Shape) -> Shaped:
    w.rank(node, shape, node.dims, f"Cropping{node.dims}D")
    for size, (before, after) in zip(shape[1:], node.amounts):
        if before + after >= size:
            raise w.error(node, msg.CROP_TOO_MUCH.format(crop=f"{before}+{after}", size=size))
    outs = tuple(s - before - after for s, (before, after) in zip(shape[1:], node.amounts))
    return Shaped(node, shape, (shape[0], *outs), padding=node.amounts)


def _resize_shape(w: Walker, node: Resize, shape: Shape) -> Shaped:
    w.rank(node, shape, 2, "Resizing")
    return w.grown(node, Shaped(node, shape, (shape[0], node.height, node.width)))


# ---------------------------------------------------------------- torch


def _build_upsampling(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import Upsample

    node = shaped.node
    return Upsample(per_axis(node.size, node.dims), node.interpolation)


def _build_zero_padding(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import Pad

    return Pad(shaped.node.amounts)


def _build_cropping(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import Pad

    return Pad(tuple((-before, -after) for before, after in shaped.node.amounts))


def _build_resize(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import Resample

    return Resample((shaped.node.height, shaped.node.width))


LAYERS = (
    Layer(UpSampling, _upsampling_shape, _build_upsampling,
          ("Input(shape=(4, 4, 3))\nUpSampling2D()", "Input(shape=(4, 4, 3))\nUpSampling2D((2, 3), interpolation='bilinear')",
           "Input(shape=(5, 3))\nUpSampling1D(3)"), keeps_channels=True),
    Layer(ZeroPadding, _zero_padding_shape, _build_zero_padding,
          ("Input(shape=(4, 4, 3))\nZeroPadding2D(1)", "Input(shape=(4, 4, 3))\nZeroPadding2D(((1, 2), (0, 3)))",
           "Input(shape=(5, 3))\nZeroPadding1D((1, 2))"), keeps_channels=True),
    Layer(Cropping, _cropping_shape, _build_cropping,
          ("Input(shape=(6, 6, 3))\nCropping2D(1)", "Input(shape=(6, 6, 3))\nCropping2D(((1, 2), (0, 3)))"),
          keeps_channels=True),
    Layer(Resize, _resize_shape, _build_resize, ("Input(shape=(6, 6, 3))\nResizing(4, 9)",)),
)
CALLS = (
    Call(r"resizing", "keras", ("height", "width", "interpolation", "crop_to_aspect_ratio", "pad_to_aspect_ratio",
                                "fill_mode", "fill_value", "data_format"), _k_resizing, formats=True),
    Call(r"upsampling([123])d", "keras", ("size", "data_format", "interpolation"), _k_upsampling, formats=True),
    Call(r"zeropadding([123])d", "keras", ("padding", "data_format"), _k_zero_padding, formats=True),
    Call(r"cropping([123])d", "keras", ("cropping", "data_format"), _k_cropping, formats=True),
)
