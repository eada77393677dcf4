"""Pooling: windows (``Pool``: max or average, 1-3D) and global pooling (``GlobalPool``).

Compact ``maxpool 2``, ``avgpool 3 s1 p1``, ``gap``/``gmp``; Keras ``MaxPooling2D``, ``GlobalAveragePooling2D``;
PyTorch ``nn.MaxPool2d``, ``nn.AdaptiveAvgPool2d(1)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.arguments import NUMBERS, OPTION, Args, size_tuple
from cnn_demos.layers.node import Node, SpecError
from cnn_demos.layers.registry import Call, Compact, Layer
from cnn_demos.layers.shaped import Shape, Shaped, per_axis

if TYPE_CHECKING:
    from torch import nn

    from cnn_demos.shapes import Walker


@dataclass(frozen=True, kw_only=True)
class Pool(Node):
    op: str                         # "max" | "avg"
    kernel: tuple[int, ...]
    dims: int | None = None
    stride: tuple[int, ...] | None = None      # None = kernel
    padding: str | tuple[int, ...] = "valid"
    ceil: bool = False


@dataclass(frozen=True, kw_only=True)
class GlobalPool(Node):
    op: str                         # "avg" | "max"
    keepdims: bool = False          # Keras keepdims=True: (1, 1, C) instead of (C,)

    def other_format_read(self, layout: str) -> bool:
        """Keras' ``data_format`` other than the model's: the axes pooled are others.  keras.io's time-series
        transformer ends in ``GlobalAveragePooling1D(data_format="channels_first")`` on (steps, features): the
        features are averaged, one value per step remains."""
        return self.data_format is not None and self.data_format != layout and not self.keepdims


# ---------------------------------------------------------------- written as


def _compact_pool(word: str, args: list[str], base: dict) -> Pool:
    match = re.fullmatch(r"(max|avg|average)_?pool(ing)?([123])d?", word) or re.fullmatch(
        r"(max|avg|average)_?pool(ing)?", word)
    return _pool_from(match, args, base)


def _pool_from(match: re.Match, args: list[str], base: dict) -> Pool:
    number, path = base["number"], base["path"]
    op = "max" if match.group(1) == "max" else "avg"
    dims = int(match.group(3)) if match.lastindex and match.lastindex >= 3 and match.group(3) else None
    kernel, stride, padding = (2,), None, "valid"
    numbers = [a for a in args if re.fullmatch(NUMBERS, a)]
    if numbers:
        kernel = size_tuple(numbers[0], number, path)
    if len(numbers) > 1:
        stride = size_tuple(numbers[1], number, path)
    for tok in args:
        low = tok.lower()
        if tok in numbers[:2]:
            continue
        if low in ("same", "valid"):
            padding = low
        elif (m := OPTION.match(low)) and m.group(1) in ("s", "stride", "strides", "p", "pad", "padding"):
            value = size_tuple(m.group(2), number, path)
            if m.group(1).startswith("s"):
                stride = value
            else:
                padding = value
        else:
            raise SpecError(msg.BAD_OPTION.format(token=tok), number, path, tok)
    return Pool(op=op, kernel=kernel, dims=dims, stride=stride, padding=padding, **base)


def _compact_global(word: str, args: list[str], base: dict) -> GlobalPool:
    return GlobalPool(op="max" if "max" in word or word == "gmp" else "avg", **base)


def _k_pool(a: Args, m: re.Match) -> Node:
    return Pool(op="max" if m.group(1) == "max" else "avg", dims=int(m.group(2)), kernel=a.ints("pool_size", (2,)),
                stride=a.ints("strides", None), padding=a.choice("padding", ("valid", "same"), "valid"), **a.common())


def _t_pool(a: Args, m: re.Match) -> Node:
    if a.has("dilation") and a.ints("dilation") != (1,) * len(a.ints("dilation")):
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="dilation", layer=a.layer, why=msg.WHY_DEFAULT_ONLY))
    return Pool(op=m.group(1), dims=int(m.group(2)), kernel=a.ints("kernel_size"), stride=a.ints("stride", None),
                padding=a.ints("padding", (0,), minimum=0), ceil=a.bool("ceil_mode", False), **a.common())


def _k_global_pool(a: Args, m: re.Match) -> Node:
    return GlobalPool(op="max" if m.group(1) == "max" else "avg", keepdims=a.bool("keepdims", False), **a.common())


def _t_adaptive_pool(a: Args, m: re.Match) -> Node:
    if set(a.ints("output_size")) != {1}:
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="output_size", layer=a.layer, why=msg.WHY_DEFAULT_ONLY))
    return GlobalPool(op=m.group(1), **a.common())


# ---------------------------------------------------------------- shapes


def _pool_shape(w: Walker, node: Pool, shape: Shape) -> Shaped:
    stride = node.stride or node.kernel
    kernel, _, _, pads, outs = w.window(node, shape, node.dims, node.kernel, stride, (1,), node.padding,
                                        node.ceil)
    if node.padding not in ("same", "valid"):
        for (left, _), k in zip(pads, kernel):
            if left > k // 2:
                raise w.error(node, msg.POOL_PADDING.format(padding=left, kernel=k))
    return w.checked(node, Shaped(node, shape, (shape[0], *outs), padding=pads))


def _global_pool_shape(w: Walker, node: GlobalPool, shape: Shape) -> Shaped:
    if len(shape) < 2:
        raise w.error(node, msg.WRONG_RANK.format(layer="Global pooling", want="چند", shape=w.show(shape)))
    if node.other_format_read(w.layout):  # (C, d1, …) in our order: d1 stays, the rest are pooled
        return Shaped(node, shape, (shape[1],))
    return Shaped(node, shape, (shape[0], *[1] * (len(shape) - 1)) if node.keepdims else (shape[0],))


# ---------------------------------------------------------------- torch


def _build_pool(shaped: Shaped, device: str) -> nn.Module:
    from torch import nn

    from cnn_demos.layers.torch_modules import symmetric, with_activation

    node, dims = shaped.node, len(shaped.in_shape) - 1
    pool_cls = {("max", 1): nn.MaxPool1d, ("max", 2): nn.MaxPool2d, ("max", 3): nn.MaxPool3d,
                ("avg", 1): nn.AvgPool1d, ("avg", 2): nn.AvgPool2d, ("avg", 3): nn.AvgPool3d}[node.op, dims]
    pads = shaped.padding
    kernel = per_axis(node.kernel, dims)
    pool = pool_cls(kernel, per_axis(node.stride or node.kernel, dims),
                    padding=tuple(p for p, _ in pads) if symmetric(pads) else 0, ceil_mode=node.ceil)
    return with_activation(pool, None, None if symmetric(pads) else pads)


def _build_global_pool(shaped: Shaped, device: str) -> nn.Module:
    from torch import nn

    from cnn_demos.layers.torch_modules import KeepAxis

    node, dims = shaped.node, len(shaped.in_shape) - 1
    if len(shaped.out_shape) == 1 and shaped.out_shape[0] != shaped.in_shape[0]:  # pooled all but the first axis
        return KeepAxis(node.op, 2)
    pool_cls = {"avg": (nn.AdaptiveAvgPool1d, nn.AdaptiveAvgPool2d, nn.AdaptiveAvgPool3d),
                "max": (nn.AdaptiveMaxPool1d, nn.AdaptiveMaxPool2d, nn.AdaptiveMaxPool3d)}[node.op][dims - 1]
    return pool_cls(1) if node.keepdims else nn.Sequential(pool_cls(1), nn.Flatten(1))


LAYERS = (
    Layer(Pool, _pool_shape, _build_pool, ("input 16x16x3 | maxpool 2", "input 3x15x15 | avgpool 3 s2 p1",
                                           "input 16x16x3 | maxpool2d 3 s2 same", "input 4x20 | avgpool1d 2",
                                           "input 3x9x9 | nn.MaxPool2d(3, stride=2, ceil_mode=True)"),
          keeps_channels=True),
    Layer(GlobalPool, _global_pool_shape, _build_global_pool,
          ("input 8x8x3 | gap", "input 8x8x3 | gmp", "Input(shape=(8, 8, 3))\nGlobalAveragePooling2D(keepdims=True)",
           "input 3x8x8 | nn.AdaptiveAvgPool2d(1)")),
)
COMPACT = (
    Compact(r"(max|avg|average)_?pool(ing)?([123]d?)?", _compact_pool),
    Compact(r"gap|globalavgpool|globalaveragepooling|gmp|globalmaxpool|globalmaxpooling", _compact_global),
)
CALLS = (
    Call(r"(max|average|avg)pool(?:ing)?([123])d", "keras", ("pool_size", "strides", "padding", "data_format"),
         _k_pool, formats=True),
    Call(r"(max)pool([123])d", "torch", ("kernel_size", "stride", "padding", "dilation", "return_indices",
                                         "ceil_mode"), _t_pool),
    Call(r"(avg)pool([123])d", "torch", ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
                                         "divisor_override"), _t_pool),
    Call(r"global(max|average|avg)pool(?:ing)?[123]d", "keras", ("data_format", "keepdims"), _k_global_pool,
         formats=True),
    Call(r"adaptive(max|avg)pool[123]d", "torch", ("output_size", "return_indices"), _t_adaptive_pool),
)
