"""Convolutions: ``Conv`` (1-3D, grouped, depthwise), ``ConvTranspose`` and ``SeparableConv``.

Compact ``conv 32 3x3 s2 same relu`` / ``dwconv 3x3``; Keras ``Conv2D``, ``Conv2DTranspose``,
``SeparableConv2D``, ``DepthwiseConv2D``; PyTorch ``nn.Conv2d``, ``nn.ConvTranspose2d``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.arguments import NUMBERS, OPTION, Args, flag, positive_int, size_tuple
from cnn_demos.layers.node import Node, SpecError
from cnn_demos.layers.registry import Call, Compact, Layer
from cnn_demos.layers.shaped import Shape, Shaped, per_axis

if TYPE_CHECKING:
    from torch import nn

    from cnn_demos.shapes import Walker


@dataclass(frozen=True, kw_only=True)
class Conv(Node):
    filters: int | None             # None for depthwise (filters = channels × multiplier)
    kernel: tuple[int, ...]
    dims: int | None = None         # 1, 2, 3 or None = from the input's rank
    stride: tuple[int, ...] = (1,)
    padding: str | tuple[int, ...] = "valid"   # "valid", "same" or explicit per-side numbers
    dilation: tuple[int, ...] = (1,)
    groups: int = 1
    depthwise: bool = False
    multiplier: int = 1
    bias: bool = True
    activation: str | None = None
    in_channels: int | None = None  # PyTorch-style calls state it; checked against the real input


@dataclass(frozen=True, kw_only=True)
class ConvTranspose(Node):
    filters: int
    kernel: tuple[int, ...]
    dims: int
    stride: tuple[int, ...] = (1,)
    padding: str | tuple[int, ...] = "valid"   # Keras "valid"/"same", or PyTorch's numbers (cropped per side)
    output_padding: tuple[int, ...] | None = None
    dilation: tuple[int, ...] = (1,)
    groups: int = 1
    bias: bool = True
    activation: str | None = None
    in_channels: int | None = None


@dataclass(frozen=True, kw_only=True)
class SeparableConv(Node):
    """Keras SeparableConvND: a depthwise convolution (no bias) then a 1x1 convolution with bias."""

    filters: int
    kernel: tuple[int, ...]
    dims: int
    stride: tuple[int, ...] = (1,)
    padding: str | tuple[int, ...] = "valid"
    dilation: tuple[int, ...] = (1,)
    multiplier: int = 1
    bias: bool = True
    activation: str | None = None


# ---------------------------------------------------------------- written as


def _compact_conv(word: str, args: list[str], base: dict) -> Conv:
    number, path = base["number"], base["path"]
    depthwise = word.startswith("dw") or word == "depthwise"
    dims = int(word[4]) if re.fullmatch(r"conv[123]d", word) else None
    numbers = [a for a in args if re.fullmatch(NUMBERS, a)]
    rest = [a for a in args if a not in numbers]
    options: dict = {"stride": (1,), "padding": "valid", "dilation": (1,), "groups": 1, "multiplier": 1}
    bias, activation = True, None
    for tok in rest:
        low = tok.lower()
        if low in ("same", "valid"):
            options["padding"] = low
        elif low in ("dw", "depthwise"):
            depthwise = True
        elif (m := OPTION.match(low)) and re.fullmatch(NUMBERS, m.group(2)):
            key = {"s": "stride", "strides": "stride", "p": "padding", "pad": "padding", "d": "dilation",
                   "g": "groups", "m": "multiplier"}.get(m.group(1), m.group(1))
            value = size_tuple(m.group(2), number, path)
            options[key] = value[0] if key in ("groups", "multiplier") else value
        else:
            bias, activation = flag(tok, bias, activation, base)
    if depthwise and len(numbers) <= 1:  # "dwconv 3x3": filters = channels × multiplier
        if not numbers:
            raise SpecError(msg.MISSING_ARG.format(what="اندازه کرنل"), number, path, base["source"])
        filters, kernel_tok = None, numbers[0]
    else:
        if len(numbers) < 2:
            raise SpecError(msg.MISSING_ARG.format(what="تعداد فیلتر و اندازه کرنل (مثلاً conv 32 3x3)"),
                            number, path, base["source"])
        filters, kernel_tok = positive_int(numbers[0], number, path), numbers[1]
    if len(numbers) > 2:
        extra = numbers[2]
        raise SpecError(msg.BAD_OPTION.format(token=extra), number, path, extra)
    kernel = size_tuple(kernel_tok, number, path)
    return Conv(filters=filters, kernel=kernel, dims=dims, depthwise=depthwise, bias=bias,
                activation=activation, **options, **base)


_CONV_K = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation",
           "use_bias")
_CONVT_K = ("filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate",
            "activation", "use_bias")
_SEPARABLE_K = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "depth_multiplier",
                "activation", "use_bias")
_DEPTHWISE_K = ("kernel_size", "strides", "padding", "depth_multiplier", "data_format", "dilation_rate",
                "activation", "use_bias")
_CONV_T = ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias",
           "padding_mode")
_CONVT_T = ("in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding", "groups", "bias",
            "dilation", "padding_mode")


def _k_conv(a: Args, m: re.Match) -> Node:
    dims = int(m.group(1))
    return Conv(filters=a.int("filters"), kernel=a.ints("kernel_size"), dims=dims, stride=a.ints("strides", (1,)),
                padding=a.padding(causal=dims == 1), dilation=a.ints("dilation_rate", (1,)),
                groups=a.int("groups", 1), bias=a.bool("use_bias", True), activation=a.activation(), **a.common())


def _t_conv(a: Args, m: re.Match) -> Node:
    return Conv(in_channels=a.int("in_channels"), filters=a.int("out_channels"), kernel=a.ints("kernel_size"),
                dims=int(m.group(1)), stride=a.ints("stride", (1,)), padding=a.padding(default=(0,)),
                dilation=a.ints("dilation", (1,)), groups=a.int("groups", 1), bias=a.bool("bias", True), **a.common())


def _k_conv_transpose(a: Args, m: re.Match) -> Node:
    return ConvTranspose(filters=a.int("filters"), kernel=a.ints("kernel_size"), dims=int(m.group(1)),
                         stride=a.ints("strides", (1,)), padding=a.choice("padding", ("valid", "same"), "valid"),
                         output_padding=a.ints("output_padding", None, minimum=0),
                         dilation=a.ints("dilation_rate", (1,)), bias=a.bool("use_bias", True),
                         activation=a.activation(), **a.common())


def _t_conv_transpose(a: Args, m: re.Match) -> Node:
    return ConvTranspose(in_channels=a.int("in_channels"), filters=a.int("out_channels"),
                         kernel=a.ints("kernel_size"), dims=int(m.group(1)), stride=a.ints("stride", (1,)),
                         padding=a.ints("padding", (0,), minimum=0),
                         output_padding=a.ints("output_padding", (0,), minimum=0),
                         dilation=a.ints("dilation", (1,)), groups=a.int("groups", 1), bias=a.bool("bias", True),
                         **a.common())


def _k_separable(a: Args, m: re.Match) -> Node:
    return SeparableConv(filters=a.int("filters"), kernel=a.ints("kernel_size"), dims=int(m.group(1)),
                         stride=a.ints("strides", (1,)), padding=a.padding(), dilation=a.ints("dilation_rate", (1,)),
                         multiplier=a.int("depth_multiplier", 1), bias=a.bool("use_bias", True),
                         activation=a.activation(), **a.common())


def _k_depthwise(a: Args, m: re.Match) -> Node:
    return Conv(filters=None, depthwise=True, kernel=a.ints("kernel_size"), dims=int(m.group(1)),
                stride=a.ints("strides", (1,)), padding=a.padding(), dilation=a.ints("dilation_rate", (1,)),
                multiplier=a.int("depth_multiplier", 1), bias=a.bool("use_bias", True), activation=a.activation(),
                **a.common())


# ---------------------------------------------------------------- shapes


def conv_shape(w: Walker, node: Conv, shape: Shape) -> Shaped:
    channels = shape[0]
    if node.in_channels is not None and node.in_channels != channels:
        raise w.error(node, msg.IN_CHANNELS_MISMATCH.format(expected=node.in_channels, got=channels))
    if node.depthwise:
        filters = node.filters if node.filters is not None else channels * node.multiplier
        groups = channels
    else:
        filters, groups = node.filters, node.groups
    w.limit(node, filters, w.limits.max_channels, msg.TOO_MANY_CHANNELS)
    if groups < 1 or channels % groups or filters % groups:
        raise w.error(node, msg.GROUPS_MISMATCH.format(channels=channels, filters=filters, groups=groups))
    kernel, _, _, pads, outs = w.window(node, shape, node.dims, node.kernel, node.stride, node.dilation,
                                        node.padding)
    params = math.prod(kernel) * (channels // groups) * filters + (filters if node.bias else 0)
    w.limit(node, params, w.limits.max_layer_params, msg.TOO_MANY_PARAMS)
    return w.checked(node, Shaped(node, shape, (filters, *outs), padding=pads, groups=groups,
                                  filters=filters))


def _conv_transpose_shape(w: Walker, node: ConvTranspose, shape: Shape) -> Shaped:
    """Keras' ``deconv_output_length`` (or PyTorch's rule for numeric padding), per spatial axis."""
    channels, dims = shape[0], node.dims
    if node.in_channels is not None and node.in_channels != channels:
        raise w.error(node, msg.IN_CHANNELS_MISMATCH.format(expected=node.in_channels, got=channels))
    w.limit(node, node.filters, w.limits.max_channels, msg.TOO_MANY_CHANNELS)
    if node.groups < 1 or channels % node.groups or node.filters % node.groups:
        raise w.error(node, msg.GROUPS_MISMATCH.format(channels=channels, filters=node.filters,
                                                       groups=node.groups))
    w.rank(node, shape, dims, f"Conv{dims}DTranspose")
    kernel = w.spatial(node, "kernel", node.kernel, dims, w.limits.max_kernel)
    stride = w.spatial(node, "stride", node.stride, dims, w.limits.max_step)
    dilation = w.spatial(node, "dilation", node.dilation, dims, w.limits.max_step)
    extra = (None if node.output_padding is None else
             w.spatial(node, "output_padding", node.output_padding, dims, w.limits.max_step))
    pads = (node.padding if isinstance(node.padding, str) else
            w.spatial(node, "padding", node.padding, dims, w.limits.max_kernel))
    outs, crops = [], []
    for axis, size in enumerate(shape[1:]):
        op = None if extra is None else extra[axis]
        if op is not None and op >= stride[axis] and op >= dilation[axis]:
            raise w.error(node, msg.OUTPUT_PADDING.format(padding=op, stride=stride[axis]))
        pad = pads if isinstance(pads, str) else pads[axis]
        out, crop = _transposed_size(size, kernel[axis], stride[axis], dilation[axis], pad, op)
        outs.append(out)
        crops.append(crop)
    params = math.prod(kernel) * (channels // node.groups) * node.filters + (node.filters if node.bias else 0)
    w.limit(node, params, w.limits.max_layer_params, msg.TOO_MANY_PARAMS)
    return w.grown(node, Shaped(node, shape, (node.filters, *outs), padding=tuple(crops), groups=node.groups,
                                filters=node.filters))


def _separable_shape(w: Walker, node: SeparableConv, shape: Shape) -> Shaped:
    where = {"number": node.number, "path": node.path, "source": node.source}
    depthwise = Conv(filters=None, depthwise=True, multiplier=node.multiplier, kernel=node.kernel, dims=node.dims,
                     stride=node.stride, padding=node.padding, dilation=node.dilation, bias=False, **where)
    pointwise = Conv(filters=node.filters, kernel=(1,), dims=node.dims, bias=node.bias, **where)
    first = conv_shape(w, depthwise, shape)
    second = conv_shape(w, pointwise, first.out_shape)
    return Shaped(node, shape, second.out_shape, ((first, second),))


def _transposed_size(size: int, kernel: int, stride: int, dilation: int, padding: str | int,
                     output_padding: int | None) -> tuple[int, tuple[int, int]]:
    """Output size, and how much of PyTorch's full output ``(size-1)·s + d(k-1) + 1`` is cut (left, right);
    a negative cut is zero padding (Keras 'valid' with a kernel smaller than the stride).

    Keras (``deconv_output_length``): valid → ``size·s + max(k - s, 0)``, same → ``size·s``; with
    ``output_padding``: ``(size-1)·s + k - 2·pad + output_padding``.  PyTorch (numeric padding p):
    ``(size-1)·s - 2p + d(k-1) + output_padding + 1``.
    """
    effective = dilation * (kernel - 1) + 1
    full = (size - 1) * stride + effective
    if isinstance(padding, int):
        out, left = full - 2 * padding + (output_padding or 0), padding
    elif output_padding is not None:
        left = effective // 2 if padding == "same" else 0
        out = full - 2 * left + output_padding
    elif padding == "same":
        out = size * stride
        left = max(full - out, 0) // 2
    else:
        out, left = size * stride + max(effective - stride, 0), 0
    return out, (left, full - out - left)


# ---------------------------------------------------------------- torch


def _build_conv(shaped: Shaped, device: str) -> nn.Module:
    from torch import nn

    from cnn_demos.layers.torch_modules import symmetric, with_activation

    node, shape = shaped.node, shaped.in_shape
    dims = len(shape) - 1
    conv_cls = (nn.Conv1d, nn.Conv2d, nn.Conv3d)[dims - 1]
    pads = shaped.padding
    conv = conv_cls(shape[0], shaped.filters, per_axis(node.kernel, dims), per_axis(node.stride, dims),
                    padding=tuple(p for p, _ in pads) if symmetric(pads) else 0,
                    dilation=per_axis(node.dilation, dims), groups=shaped.groups, bias=node.bias)
    return with_activation(conv, node.activation, None if symmetric(pads) else pads)


def _build_conv_transpose(shaped: Shaped, device: str) -> nn.Module:
    from torch import nn

    from cnn_demos.layers.torch_modules import Pad, activation

    node, shape = shaped.node, shaped.in_shape
    dims = len(shape) - 1
    conv_cls = (nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)[dims - 1]
    conv = conv_cls(shape[0], node.filters, per_axis(node.kernel, dims), per_axis(node.stride, dims),
                    groups=node.groups, bias=node.bias, dilation=per_axis(node.dilation, dims))
    crops = tuple((-left, -right) for left, right in shaped.padding)
    parts = [conv] + ([Pad(crops)] if any(left or right for left, right in crops) else [])
    if node.activation is not None:
        parts.append(activation(node.activation))
    return parts[0] if len(parts) == 1 else nn.Sequential(*parts)


def _build_separable(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.build import sequential
    from cnn_demos.layers.torch_modules import with_activation

    return with_activation(sequential(shaped.branches[0], device), shaped.node.activation)


LAYERS = (
    Layer(Conv, conv_shape, _build_conv, ("input 16x16x3 | conv 8 3x3 s2 same relu", "input 3x16x16 | conv 6 3 g3 d2",
                                          "input 16x16x4 | dwconv 3x3 m2", "input 4x20 | conv1d 5 3",
                                          "Input(shape=(8, 8, 8, 2))\nConv3D(4, 3, padding='same')",
                                          "input 3x16x16 | nn.Conv2d(3, 8, 3, stride=2, padding=1)")),
    Layer(ConvTranspose, _conv_transpose_shape, _build_conv_transpose,
          ("Input(shape=(8, 8, 3))\nConv2DTranspose(4, 3, strides=2, padding='same')",
           "input 3x8x8 | nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1)")),
    Layer(SeparableConv, _separable_shape, _build_separable,
          ("Input(shape=(16, 16, 3))\nSeparableConv2D(8, 3, padding='same', activation='relu')",)),
)
COMPACT = (Compact(r"conv|conv[123]d|dwconv|depthwise|dwconv2d", _compact_conv),)
CALLS = (
    Call(r"conv([123])d", "keras", _CONV_K, _k_conv, formats=True),
    Call(r"conv([123])d", "torch", _CONV_T, _t_conv),
    Call(r"conv([123])dtranspose", "keras", _CONVT_K, _k_conv_transpose, formats=True),
    Call(r"convtranspose([123])d", "torch", _CONVT_T, _t_conv_transpose),
    Call(r"separableconv([12])d", "keras", _SEPARABLE_K, _k_separable, formats=True),
    Call(r"depthwiseconv([12])d", "keras", _DEPTHWISE_K, _k_depthwise, formats=True),
)
