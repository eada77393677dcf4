"""Shapes before torch: the course's output-size rule, its step-by-step explanation, and a pure-Python
pass over a spec that checks every shape and limit *before* any module or tensor exists.

Why a separate pass when PyTorch can infer shapes itself?  Because its errors are
English stack traces about tensors, and because a 10⁶×10⁶ Dense layer must be
refused before anything is allocated.  Shapes here are channels-first
``(C, *spatial)`` or ``(F,)``; :func:`display` turns them back into the layout
the student typed.  A sequence of T steps with F features is ``(F, T)``, as Conv1D
sees it (shown ``TxF`` channels-last, like Keras' ``(None, T, F)``).  Keras axis
arguments (``axis=``, ``shared_axes=``, ``Reshape``, ``Permute``) are numbered as
Keras numbers them, batch = 0, in channels-last order unless a Keras model said
``data_format='channels_first'`` (:func:`axis_layout`, :func:`internal_axis`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from cnn_demos import messages as msg
from cnn_demos.layers import LAYERS
from cnn_demos.layers.attention import attention_params
from cnn_demos.layers.conv import Conv
from cnn_demos.layers.input import Input
from cnn_demos.layers.merge import merge
from cnn_demos.layers.node import Node, SpecError
from cnn_demos.layers.pool import Pool
from cnn_demos.layers.recurrent import conv_recurrent_params, recurrent_params
from cnn_demos.layers.shaped import (
    Shape,
    Shaped,
    display,
    from_internal,
    internal_axis,
    per_axis,
    to_internal,
)
from cnn_demos.messages import fa


@dataclass(frozen=True)
class Limits:
    """What one request may ask for; generous for real models, far from exhausting a machine."""

    max_layers: int = 1000
    max_channels: int = 65_536
    max_units: int = 1_000_000
    max_spatial: int = 16_384
    max_kernel: int = 1_024
    max_step: int = 1_024
    max_layer_params: int = 20_000_000_000
    max_elements: int = 10**12   # one activation tensor, per sample
    nominal_length: int = 100    # a sequence of unknown length (None) is shaped at this length
    # keras.applications(include_top=False) with no input size: Keras leaves it open, (None, None, 3); its
    # parameters do not depend on it, so it is shaped at the application's usual size and counted again at
    # another (far enough apart that a Flatten after 32-fold downsampling sees a different grid)
    nominal_image: int = 224
    other_image: int = 320


DEFAULT_LIMITS = Limits()


# ---------------------------------------------------------------- the output-size rule


def output_size(size: int, kernel: int, stride: int = 1, pad: tuple[int, int] = (0, 0), dilation: int = 1,
                ceil: bool = False) -> int:
    """``w_o = floor((w_i + p_l + p_r - d(k-1) - 1)/s) + 1`` (ceil, as PyTorch's ``ceil_mode``)."""
    span = size + pad[0] + pad[1] - dilation * (kernel - 1) - 1
    if ceil:
        out = -(-span // stride) + 1
        if (out - 1) * stride >= size + pad[0]:  # PyTorch: the last window must start inside the input
            out -= 1
        return out
    return span // stride + 1


def same_padding(size: int, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
    """Keras/TensorFlow 'same': output = ceil(size/stride); the odd pixel of padding goes on the right."""
    out = -(-size // stride)
    total = max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
    return total // 2, total - total // 2


@dataclass(frozen=True)
class Explanation:
    size: int
    kernel: int
    stride: int
    padding: tuple[int, int]
    dilation: int
    ceil: bool
    output: int
    steps: tuple[str, ...]


def explain(size: int, kernel: int, stride: int = 1, padding: int | str | tuple[int, int] = 0,
            dilation: int = 1, ceil: bool = False) -> Explanation:
    """The rule with the student's numbers substituted, one line per step."""
    if isinstance(padding, str):
        pad = same_padding(size, kernel, stride, dilation) if padding == "same" else (0, 0)
    elif isinstance(padding, int):
        pad = (padding, padding)
    else:
        pad = tuple(padding)
    out = output_size(size, kernel, stride, pad, dilation, ceil)
    rounding = ("⌈", "⌉") if ceil else ("⌊", "⌋")
    pad_text = f"2×{pad[0]}" if pad[0] == pad[1] else f"{pad[0]}+{pad[1]}"
    numerator = size + pad[0] + pad[1] - dilation * (kernel - 1) - 1
    steps = [
        f"w_o = {rounding[0]}(w_i + 2p − d(k−1) − 1) / s{rounding[1]} + 1",
        f"    = {rounding[0]}({size} + {pad_text} − {dilation}×({kernel}−1) − 1) / {stride}{rounding[1]} + 1",
        f"    = {rounding[0]}{numerator} / {stride}{rounding[1]} + 1 = {out - 1} + 1 = {out}",
    ]
    if padding == "same":
        steps.append(f"'same' padding: p = {pad[0]} + {pad[1]} so that w_o = ⌈{size}/{stride}⌉ = {out}")
    return Explanation(size, kernel, stride, pad, dilation, ceil, out, tuple(steps))


def _dims_text(values: tuple[int, ...]) -> str:
    return "x".join(str(v) for v in values)


# ---------------------------------------------------------------- the checking pass


class Walker:
    """Walks a spec's layers in order, each through its family's shape rule; the rules call back here for the
    checks they share (limits, sliding windows, Keras axes), so every layer's errors read alike."""

    def __init__(self, limits: Limits, layout: str, axes: str = "channels_last") -> None:
        self.limits, self.layout, self.axes = limits, layout, axes  # axes: how Keras numbers them
        self.count = 0

    def show(self, shape: Shape) -> str:
        return display(shape, self.layout)

    def error(self, node: Node, text: str, token: str = "") -> SpecError:
        return SpecError(text, node.number or None, node.path, token or node.source)

    def limit(self, node: Node, value: int, limit: int, template: str) -> None:
        if value > limit:
            raise self.error(node, template.format(value=f"{value:,}", limit=f"{limit:,}"))

    def sequence(self, nodes: tuple[Node, ...] | list[Node], shape: Shape) -> tuple[list[Shaped], Shape]:
        out: list[Shaped] = []
        for node in nodes:
            shaped = self.node(node, shape)
            out.append(shaped)
            shape = shaped.out_shape
        return out, shape

    def node(self, node: Node, shape: Shape) -> Shaped:
        self.count += 1
        self.limit(node, self.count, self.limits.max_layers, msg.TOO_MANY_LAYERS)
        if node.data_format and node.data_format != self.layout and not node.other_format_read(self.layout):
            raise self.error(node, msg.DATA_FORMAT_MISMATCH.format(fmt=node.data_format,
                                                                    layout=msg.LAYOUT_NAMES[self.layout]))
        rule = next((_RULES[cls] for cls in type(node).__mro__ if cls in _RULES), None)
        if rule is None:
            raise self.error(node, msg.UNKNOWN_LAYER.format(token=type(node).__name__, known=""))
        shaped = rule(self, node, shape)
        return shaped if shaped.layout == self.axes else replace(shaped, layout=self.axes)

    def spatial(self, node: Node, name: str, values: tuple[int, ...], dims: int, limit: int) -> tuple[int, ...]:
        values = per_axis(values, dims)
        if len(values) != dims:
            raise self.error(node, msg.BAD_OPTION.format(token=f"{name}={_dims_text(values)}"))
        for v in values:
            self.limit(node, v, limit, msg.TOO_LARGE_KERNEL if name == "kernel" else msg.TOO_LARGE_STEP)
        return values

    def padding(self, node: Node, padding, sizes, kernel, stride, dilation) -> tuple[tuple[int, int], ...]:
        if padding == "same":
            return tuple(same_padding(*a) for a in zip(sizes, kernel, stride, dilation))
        if padding == "valid":
            return tuple((0, 0) for _ in sizes)
        if isinstance(padding, str):
            raise self.error(node, msg.BAD_OPTION.format(token=padding))
        values = self.spatial(node, "padding", padding, len(sizes), self.limits.max_kernel)
        return tuple((p, p) for p in values)

    def window(self, node: Node, shape: Shape, dims: int | None, kernel, stride, dilation, padding, ceil=False):
        """Shared by convolution and pooling: the sliding-window output size, with Persian errors."""
        dims = dims or len(shape) - 1
        if len(shape) - 1 != dims or dims < 1:
            layer = f"{type(node).__name__}{dims}D"
            raise self.error(node, msg.WRONG_RANK.format(layer=layer, want=msg.fa(dims + 1),
                                                          shape=self.show(shape)))
        sizes = shape[1:]
        kernel = self.spatial(node, "kernel", kernel, dims, self.limits.max_kernel)
        stride = self.spatial(node, "stride", stride, dims, self.limits.max_step)
        dilation = self.spatial(node, "dilation", dilation, dims, self.limits.max_step)
        pads = self.padding(node, padding, sizes, kernel, stride, dilation)
        outs = []
        for size, k, s, d, pad in zip(sizes, kernel, stride, dilation, pads):
            effective = d * (k - 1) + 1
            if effective > size + pad[0] + pad[1]:
                kernel_text = _dims_text(tuple(d * (kk - 1) + 1 for kk, d in zip(kernel, dilation)))
                if pad == (0, 0):
                    text = msg.KERNEL_TOO_BIG.format(kernel=kernel_text, size=_dims_text(sizes))
                else:
                    padded = _dims_text(tuple(sz + p[0] + p[1] for sz, p in zip(sizes, pads)))
                    text = msg.KERNEL_TOO_BIG_PADDED.format(kernel=kernel_text, size=padded)
                raise self.error(node, text)
            outs.append(output_size(size, k, s, pad, d, ceil))
        return kernel, stride, dilation, pads, tuple(outs)

    def axis(self, node: Node, axis: int, shape: Shape) -> int:
        index = internal_axis(axis, shape, self.axes)
        if index is None:
            raise self.error(node, msg.BAD_AXIS.format(axis=axis, shape=self.show(shape)))
        return index

    def axes_sizes(self, node: Node, axes: tuple[int, ...] | None, shape: Shape) -> tuple[int, ...]:
        """The sizes a per-feature weight has: the channel axis by default, else the Keras axes named."""
        if axes is None:
            return (shape[0],)
        return tuple(shape[self.axis(node, a, shape)] for a in axes)

    def rank(self, node: Node, shape: Shape, dims: int, layer: str) -> None:
        if len(shape) - 1 != dims:
            raise self.error(node, msg.WRONG_RANK.format(layer=layer, want=fa(dims + 1), shape=self.show(shape)))

    def grown(self, node: Node, shaped: Shaped) -> Shaped:
        """Layers that enlarge: every spatial size within the limit, then the usual checks."""
        for size in shaped.out_shape[1:]:
            self.limit(node, size, self.limits.max_spatial, msg.TOO_LARGE_SPATIAL)
        return self.checked(node, shaped)

    def checked(self, node: Node, shaped: Shaped) -> Shaped:
        for size in shaped.out_shape[1:]:
            if size <= 0:
                raise self.error(node, msg.ZERO_OUTPUT.format(size=size))
        self.limit(node, math.prod(shaped.out_shape), self.limits.max_elements, msg.TOO_MANY_PARAMS)
        return shaped


_RULES = {layer.node: layer.shape for layer in LAYERS if layer.shape is not None}


def axis_layout(first: Input) -> str:
    """How Keras layers number axes in this model: channels-last, unless it is Keras code that said
    ``data_format='channels_first'`` (then its tensors really are channels-first)."""
    return first.layout if first.from_keras else "channels_last"


def infer(nodes: list[Node], limits: Limits = DEFAULT_LIMITS) -> list[Shaped]:
    """Check a parsed spec and give every layer its shapes; raises :class:`SpecError` in Persian."""
    first = nodes[0]
    if not isinstance(first, Input):
        raise SpecError(msg.MISSING_INPUT, 1)
    walker = Walker(limits, first.layout, axis_layout(first))
    for size in first.shape:
        walker.limit(first, size, max(limits.max_spatial, limits.max_channels, limits.max_units),
                     msg.TOO_LARGE_SPATIAL)
    shape = to_internal(first.shape, first.layout)
    for size in shape[1:]:
        walker.limit(first, size, limits.max_spatial, msg.TOO_LARGE_SPATIAL)
    walker.limit(first, math.prod(shape), limits.max_elements, msg.TOO_LARGE_SPATIAL)
    shaped, _ = walker.sequence(nodes[1:], shape)
    return [Shaped(first, shape, shape), *shaped]


@dataclass(frozen=True)
class LayerShape:
    number: int
    source: str
    output_shape: str
    rule: tuple[Explanation, ...]   # one per distinct spatial axis of a convolution or pooling layer


def explain_spec(nodes: list[Node], limits: Limits = DEFAULT_LIMITS) -> list[LayerShape]:
    """Every top-level layer's output shape, with the output-size rule worked out where it applies."""
    shaped = infer(nodes, limits)
    layout = nodes[0].layout
    out = []
    for s in shaped:
        node, rule = s.node, []
        if isinstance(node, (Conv, Pool)):
            dims = len(s.in_shape) - 1
            kernel = per_axis(node.kernel, dims)
            stride = per_axis(node.stride or node.kernel, dims)
            dilation = per_axis(getattr(node, "dilation", (1,)), dims)
            seen = set()
            for axis in range(dims):
                args = (s.in_shape[1 + axis], kernel[axis], stride[axis], s.padding[axis],
                        dilation[axis], getattr(node, "ceil", False))
                if args not in seen:
                    seen.add(args)
                    rule.append(explain(*args))
        out.append(LayerShape(node.number, node.source, display(s.out_shape, layout), tuple(rule)))
    return out


__all__ = [
    "DEFAULT_LIMITS", "Explanation", "LayerShape", "Limits", "Shape", "Shaped", "Walker", "attention_params",
    "axis_layout", "conv_recurrent_params", "display", "explain", "explain_spec", "from_internal", "infer",
    "internal_axis", "merge", "output_size", "per_axis", "recurrent_params", "same_padding", "to_internal",
]
