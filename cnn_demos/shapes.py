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
from dataclasses import dataclass, field, replace

from cnn_demos import messages as msg
from cnn_demos.messages import fa
from cnn_demos.spec import (
    Activation,
    Attention,
    Aux,
    BatchNorm,
    Block,
    Concat,
    Conv,
    ConvRecurrent,
    ConvTranspose,
    Cropping,
    Dense,
    Dropout,
    Embedding,
    Flatten,
    GlobalPool,
    Input,
    Lambda,
    LayerNorm,
    Merge,
    Node,
    Normalization,
    PassThrough,
    Permute,
    Pool,
    PReLU,
    Recurrent,
    RepeatVector,
    Reshape,
    Residual,
    Resize,
    SeparableConv,
    SpecError,
    TimeDistributed,
    UpSampling,
    ZeroPadding,
)

Shape = tuple[int, ...]


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


DEFAULT_LIMITS = Limits()


def per_axis(values: tuple[int, ...], dims: int) -> tuple[int, ...]:
    """A kernel, stride or dilation typed once ('3') applies to every spatial axis."""
    return values * dims if len(values) == 1 else values


@dataclass(frozen=True)
class Shaped:
    """A node with the shapes it receives and produces, and its children (per branch) for blocks."""

    node: Node
    in_shape: Shape
    out_shape: Shape
    branches: tuple[tuple[Shaped, ...], ...] = field(default=())
    padding: tuple[tuple[int, int], ...] = ()   # resolved (left, right) per spatial axis (transposed: cropped)
    groups: int = 1
    filters: int = 0
    in_shapes: tuple[Shape, ...] = ()           # a Merge's inputs (in_shape is the first)
    layout: str = "channels_last"               # the order Keras numbers axes in (see :func:`internal_axis`)


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


# ---------------------------------------------------------------- display


def to_internal(shape: Shape, layout: str) -> Shape:
    if len(shape) == 1:
        return shape
    return shape if layout == "channels_first" else (shape[-1], *shape[:-1])


def from_internal(shape: Shape, layout: str) -> Shape:
    """The inverse of :func:`to_internal`: the shape in the order the student (or Keras) writes it."""
    if len(shape) == 1 or layout == "channels_first":
        return shape
    return (*shape[1:], shape[0])


def internal_axis(axis: int, shape: Shape, layout: str = "channels_last") -> int | None:
    """A Keras axis (batch = 0, negatives from the end; -1 = channels when channels-last) → index into ``shape``.

    ``shape`` is internal (channels-first); ``layout`` is the order Keras numbers the axes in.
    None when there is no such axis.
    """
    rank = len(shape)
    index = axis - 1 if axis > 0 else rank + axis
    if axis == 0 or not 0 <= index < rank:
        return None
    if layout == "channels_first" or rank == 1:
        return index
    return 0 if index == rank - 1 else index + 1


def display(shape: Shape, layout: str) -> str:
    """'222x222x32' (channels-last) or '32x222x222' (channels-first); flat shapes are one number."""
    if len(shape) == 1:
        return str(shape[0])
    ordered = shape if layout == "channels_first" else (*shape[1:], shape[0])
    return "x".join(str(s) for s in ordered)


def _dims_text(values: tuple[int, ...]) -> str:
    return "x".join(str(v) for v in values)


# ---------------------------------------------------------------- the checking pass


class _Walker:
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
        if node.data_format and node.data_format != self.layout:
            raise self.error(node, msg.DATA_FORMAT_MISMATCH.format(fmt=node.data_format,
                                                                    layout=msg.LAYOUT_NAMES[self.layout]))
        rule = next((_RULES[cls] for cls in type(node).__mro__ if cls in _RULES), None)
        if rule is None:
            raise self.error(node, msg.UNKNOWN_LAYER.format(token=type(node).__name__, known=""))
        shaped = rule(self, node, shape)
        return shaped if shaped.layout == self.axes else replace(shaped, layout=self.axes)

    def same(self, node: Node, shape: Shape) -> Shaped:
        return Shaped(node, shape, shape)

    def lambda_layer(self, node: Lambda, shape: Shape) -> Shaped:
        if node.out_shape is None:
            return Shaped(node, shape, shape)
        return Shaped(node, shape, to_internal(tuple(node.out_shape), self.layout))

    def global_pool(self, node: GlobalPool, shape: Shape) -> Shaped:
        if len(shape) < 2:
            raise self.error(node, msg.WRONG_RANK.format(layer="Global pooling", want="چند", shape=self.show(shape)))
        return Shaped(node, shape, (shape[0], *[1] * (len(shape) - 1)) if node.keepdims else (shape[0],))

    def flatten(self, node: Flatten, shape: Shape) -> Shaped:
        return Shaped(node, shape, (math.prod(shape),))

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

    def conv(self, node: Conv, shape: Shape) -> Shaped:
        channels = shape[0]
        if node.in_channels is not None and node.in_channels != channels:
            raise self.error(node, msg.IN_CHANNELS_MISMATCH.format(expected=node.in_channels, got=channels))
        if node.depthwise:
            filters = node.filters if node.filters is not None else channels * node.multiplier
            groups = channels
        else:
            filters, groups = node.filters, node.groups
        self.limit(node, filters, self.limits.max_channels, msg.TOO_MANY_CHANNELS)
        if groups < 1 or channels % groups or filters % groups:
            raise self.error(node, msg.GROUPS_MISMATCH.format(channels=channels, filters=filters, groups=groups))
        kernel, _, _, pads, outs = self.window(node, shape, node.dims, node.kernel, node.stride, node.dilation,
                                               node.padding)
        params = math.prod(kernel) * (channels // groups) * filters + (filters if node.bias else 0)
        self.limit(node, params, self.limits.max_layer_params, msg.TOO_MANY_PARAMS)
        return self.checked(node, Shaped(node, shape, (filters, *outs), padding=pads, groups=groups,
                                         filters=filters))

    def pool(self, node: Pool, shape: Shape) -> Shaped:
        stride = node.stride or node.kernel
        kernel, _, _, pads, outs = self.window(node, shape, node.dims, node.kernel, stride, (1,), node.padding,
                                               node.ceil)
        if node.padding not in ("same", "valid"):
            for (left, _), k in zip(pads, kernel):
                if left > k // 2:
                    raise self.error(node, msg.POOL_PADDING.format(padding=left, kernel=k))
        return self.checked(node, Shaped(node, shape, (shape[0], *outs), padding=pads))

    def dense(self, node: Dense, shape: Shape) -> Shaped:
        if len(shape) != 1 and not node.last_axis:
            raise self.error(node, msg.DENSE_NEEDS_FLAT.format(shape=self.show(shape)))
        axis = self.axis(node, -1, shape)  # Keras: the last axis, the channels of a channels-last tensor
        if node.in_features is not None and node.in_features != shape[axis]:
            raise self.error(node, msg.IN_CHANNELS_MISMATCH.format(expected=node.in_features, got=shape[axis]))
        self.limit(node, node.units, self.limits.max_units, msg.TOO_MANY_CHANNELS)
        self.limit(node, shape[axis] * node.units, self.limits.max_layer_params, msg.TOO_MANY_PARAMS)
        return Shaped(node, shape, _replaced(shape, axis, node.units))

    def batch_norm(self, node: BatchNorm, shape: Shape) -> Shaped:
        axis = 0 if node.axis is None else self.axis(node, node.axis, shape)
        if node.num_features is not None and node.num_features != shape[axis]:
            raise self.error(node, msg.IN_CHANNELS_MISMATCH.format(expected=node.num_features, got=shape[axis]))
        return Shaped(node, shape, shape)

    # -- Keras layers beyond convolution and pooling

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

    def conv_transpose(self, node: ConvTranspose, shape: Shape) -> Shaped:
        """Keras' ``deconv_output_length`` (or PyTorch's rule for numeric padding), per spatial axis."""
        channels, dims = shape[0], node.dims
        if node.in_channels is not None and node.in_channels != channels:
            raise self.error(node, msg.IN_CHANNELS_MISMATCH.format(expected=node.in_channels, got=channels))
        self.limit(node, node.filters, self.limits.max_channels, msg.TOO_MANY_CHANNELS)
        if node.groups < 1 or channels % node.groups or node.filters % node.groups:
            raise self.error(node, msg.GROUPS_MISMATCH.format(channels=channels, filters=node.filters,
                                                              groups=node.groups))
        self.rank(node, shape, dims, f"Conv{dims}DTranspose")
        kernel = self.spatial(node, "kernel", node.kernel, dims, self.limits.max_kernel)
        stride = self.spatial(node, "stride", node.stride, dims, self.limits.max_step)
        dilation = self.spatial(node, "dilation", node.dilation, dims, self.limits.max_step)
        extra = (None if node.output_padding is None else
                 self.spatial(node, "output_padding", node.output_padding, dims, self.limits.max_step))
        pads = (node.padding if isinstance(node.padding, str) else
                self.spatial(node, "padding", node.padding, dims, self.limits.max_kernel))
        outs, crops = [], []
        for axis, size in enumerate(shape[1:]):
            op = None if extra is None else extra[axis]
            if op is not None and op >= stride[axis] and op >= dilation[axis]:
                raise self.error(node, msg.OUTPUT_PADDING.format(padding=op, stride=stride[axis]))
            pad = pads if isinstance(pads, str) else pads[axis]
            out, crop = _transposed_size(size, kernel[axis], stride[axis], dilation[axis], pad, op)
            outs.append(out)
            crops.append(crop)
        params = math.prod(kernel) * (channels // node.groups) * node.filters + (node.filters if node.bias else 0)
        self.limit(node, params, self.limits.max_layer_params, msg.TOO_MANY_PARAMS)
        return self.grown(node, Shaped(node, shape, (node.filters, *outs), padding=tuple(crops), groups=node.groups,
                                       filters=node.filters))

    def separable(self, node: SeparableConv, shape: Shape) -> Shaped:
        where = {"number": node.number, "path": node.path, "source": node.source}
        depthwise = Conv(filters=None, depthwise=True, multiplier=node.multiplier, kernel=node.kernel, dims=node.dims,
                         stride=node.stride, padding=node.padding, dilation=node.dilation, bias=False, **where)
        pointwise = Conv(filters=node.filters, kernel=(1,), dims=node.dims, bias=node.bias, **where)
        first = self.conv(depthwise, shape)
        second = self.conv(pointwise, first.out_shape)
        return Shaped(node, shape, second.out_shape, ((first, second),))

    def upsampling(self, node: UpSampling, shape: Shape) -> Shaped:
        self.rank(node, shape, node.dims, f"UpSampling{node.dims}D")
        size = self.spatial(node, "size", node.size, node.dims, self.limits.max_step)
        return self.grown(node, Shaped(node, shape, (shape[0], *(s * f for s, f in zip(shape[1:], size)))))

    def zero_padding(self, node: ZeroPadding, shape: Shape) -> Shaped:
        self.rank(node, shape, node.dims, f"ZeroPadding{node.dims}D")
        for before, after in node.amounts:
            self.limit(node, max(before, after), self.limits.max_spatial, msg.TOO_LARGE_SPATIAL)
        outs = tuple(s + before + after for s, (before, after) in zip(shape[1:], node.amounts))
        return self.grown(node, Shaped(node, shape, (shape[0], *outs), padding=node.amounts))

    def cropping(self, node: Cropping, shape: Shape) -> Shaped:
        self.rank(node, shape, node.dims, f"Cropping{node.dims}D")
        for size, (before, after) in zip(shape[1:], node.amounts):
            if before + after >= size:
                raise self.error(node, msg.CROP_TOO_MUCH.format(crop=f"{before}+{after}", size=size))
        outs = tuple(s - before - after for s, (before, after) in zip(shape[1:], node.amounts))
        return Shaped(node, shape, (shape[0], *outs), padding=node.amounts)

    def embedding(self, node: Embedding, shape: Shape) -> Shaped:
        """Integer tokens of any shape → one vector each: (output_dim, *tokens), the vectors as channels."""
        self.limit(node, node.output_dim, self.limits.max_units, msg.TOO_MANY_CHANNELS)
        self.limit(node, node.input_dim * node.output_dim, self.limits.max_layer_params, msg.TOO_MANY_PARAMS)
        return self.checked(node, Shaped(node, shape, (node.output_dim, *from_internal(shape, self.axes))))

    def recurrent(self, node: Recurrent, shape: Shape) -> Shaped:
        """A sequence (features, steps) → (units, steps) with return_sequences, else (units,)."""
        if len(shape) != 2:
            raise self.error(node, msg.WRONG_RANK.format(layer=node.cell, want=fa(2), shape=self.show(shape)))
        features, steps = shape
        self.limit(node, node.units, self.limits.max_units, msg.TOO_MANY_CHANNELS)
        self.limit(node, recurrent_params(node, features), self.limits.max_layer_params, msg.TOO_MANY_PARAMS)
        width = node.units * (2 if node.merge == "concat" else 1)
        return Shaped(node, shape, (width, steps) if node.return_sequences else (width,))

    def layer_norm(self, node: LayerNorm | Normalization, shape: Shape) -> Shaped:
        self.axes_sizes(node, node.axis, shape)  # every axis exists
        size = getattr(node, "size", None)
        if size is not None and size != shape[0]:
            raise self.error(node, msg.IN_CHANNELS_MISMATCH.format(expected=size, got=shape[0]))
        return Shaped(node, shape, shape)

    def conv_recurrent(self, node: ConvRecurrent, shape: Shape) -> Shaped:
        """(C, T, H, W) → (filters, T, H', W') with return_sequences, else (filters, H', W'); H', W' as Conv2D's."""
        if len(shape) != 4:
            raise self.error(node, msg.WRONG_RANK.format(layer="ConvLSTM2D", want=fa(4), shape=self.show(shape)))
        self.limit(node, node.filters, self.limits.max_channels, msg.TOO_MANY_CHANNELS)
        step = (shape[0], *shape[2:])
        _, _, _, pads, outs = self.window(node, step, 2, node.kernel, node.stride, node.dilation, node.padding)
        self.limit(node, conv_recurrent_params(node, shape[0]), self.limits.max_layer_params, msg.TOO_MANY_PARAMS)
        out = (node.filters, shape[1], *outs) if node.return_sequences else (node.filters, *outs)
        return self.checked(node, Shaped(node, shape, out, padding=pads, filters=node.filters))

    def attention(self, node: Attention, shape: Shape) -> Shaped:
        """A sequence (E, T) attends to itself → (out_dim or E, T)."""
        if len(shape) != 2:
            raise self.error(node, msg.WRONG_RANK.format(layer="MultiHeadAttention", want=fa(2),
                                                          shape=self.show(shape)))
        if node.embed_dim is not None and node.embed_dim != shape[0]:
            raise self.error(node, msg.IN_CHANNELS_MISMATCH.format(expected=node.embed_dim, got=shape[0]))
        for size in (node.heads * node.key_dim, node.heads * (node.value_dim or node.key_dim), node.out_dim or 1):
            self.limit(node, size, self.limits.max_units, msg.TOO_MANY_CHANNELS)
        self.limit(node, attention_params(node, shape[0]), self.limits.max_layer_params, msg.TOO_MANY_PARAMS)
        return self.checked(node, Shaped(node, shape, (node.out_dim or shape[0], shape[1])))

    def time_distributed(self, node: TimeDistributed, shape: Shape) -> Shaped:
        """(C, T, *rest): the layer sees each step (C, *rest) alone; its output (C', *rest') → (C', T, *rest')."""
        if len(shape) < 2:
            raise self.error(node, msg.WRONG_RANK.format(layer="TimeDistributed", want="دست‌کم " + fa(2),
                                                          shape=self.show(shape)))
        inner = self.node(node.layer, (shape[0], *shape[2:]))
        out = inner.out_shape
        return self.checked(node, Shaped(node, shape, (out[0], shape[1], *out[1:]), ((inner,),)))

    def resize(self, node: Resize, shape: Shape) -> Shaped:
        self.rank(node, shape, 2, "Resizing")
        return self.grown(node, Shaped(node, shape, (shape[0], node.height, node.width)))

    def prelu(self, node: PReLU, shape: Shape) -> Shaped:
        for axis in node.shared_axes:
            self.axis(node, axis, shape)
        if node.num_parameters not in (None, 1, shape[0]):
            raise self.error(node, msg.PRELU_PARAMETERS.format(count=node.num_parameters, channels=shape[0]))
        return Shaped(node, shape, shape)

    def reshape(self, node: Reshape, shape: Shape) -> Shaped:
        total = math.prod(shape)
        known = math.prod(t for t in node.target if t != -1)
        target = tuple(total // known if t == -1 else t for t in node.target)
        if math.prod(target) != total:
            text = "x".join(map(str, node.target))
            raise self.error(node, msg.RESHAPE_MISMATCH.format(shape=self.show(shape), size=f"{total:,}", target=text))
        return Shaped(node, shape, to_internal(target, self.axes))

    def permute(self, node: Permute, shape: Shape) -> Shaped:
        if sorted(node.dims) != list(range(1, len(shape) + 1)):
            dims = ",".join(map(str, node.dims))
            raise self.error(node, msg.BAD_PERMUTE.format(dims=f"({dims})", count=fa(len(shape))))
        ordered = from_internal(shape, self.axes)
        return Shaped(node, shape, to_internal(tuple(ordered[d - 1] for d in node.dims), self.axes))

    def repeat_vector(self, node: RepeatVector, shape: Shape) -> Shaped:
        if len(shape) != 1:
            raise self.error(node, msg.WRONG_RANK.format(layer="RepeatVector", want=fa(1), shape=self.show(shape)))
        self.limit(node, node.n, self.limits.max_spatial, msg.TOO_LARGE_SPATIAL)
        return self.checked(node, Shaped(node, shape, (shape[0], node.n)))

    def merge_alone(self, node: Merge, shape: Shape) -> Shaped:
        raise self.error(node, msg.MERGE_NEEDS_INPUTS.format(layer=_merge_name(node)))

    def checked(self, node: Node, shaped: Shaped) -> Shaped:
        for size in shaped.out_shape[1:]:
            if size <= 0:
                raise self.error(node, msg.ZERO_OUTPUT.format(size=size))
        self.limit(node, math.prod(shaped.out_shape), self.limits.max_elements, msg.TOO_MANY_PARAMS)
        return shaped

    def block(self, node: Node, shape: Shape) -> Shaped:
        if isinstance(node, Concat):
            branches = [self.sequence(b, shape) for b in node.branches]
            outs = [out for _, out in branches]
            if len({o[1:] for o in outs}) > 1 or any(len(o) != len(shape) for o in outs):
                raise self.error(node, msg.CONCAT_MISMATCH.format(shapes=", ".join(self.show(o) for o in outs)))
            out = (sum(o[0] for o in outs), *outs[0][1:])
            return Shaped(node, shape, out, tuple(tuple(b) for b, _ in branches))
        if isinstance(node, Residual):
            body, body_out = self.sequence(node.body, shape)
            short, short_out = self.sequence(node.shortcut, shape)
            if body_out != short_out:
                raise self.error(node, msg.RESIDUAL_MISMATCH.format(body=self.show(body_out),
                                                                     shortcut=self.show(short_out)))
            return Shaped(node, shape, body_out, (tuple(body), tuple(short)))
        layers, out = self.sequence(node.layers, shape)
        if isinstance(node, Aux):  # a side head (GoogLeNet's auxiliary classifiers): the input passes on
            return Shaped(node, shape, shape, (tuple(layers),))
        return Shaped(node, shape, out, (tuple(layers),))


def _replaced(shape: Shape, axis: int, size: int) -> Shape:
    return (*shape[:axis], size, *shape[axis + 1:])


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


def attention_params(node: Attention, features: int) -> int:
    """Query and key E → heads·key_dim, value E → heads·value_dim, output heads·value_dim → out_dim; biases."""
    keys, values = node.heads * node.key_dim, node.heads * (node.value_dim or node.key_dim)
    out = node.out_dim or features
    weights = features * (2 * keys + values) + values * out
    return weights + (2 * keys + values + out if node.bias else 0)


_MERGE_NAMES = {"add": "Add", "subtract": "Subtract", "multiply": "Multiply", "average": "Average",
                "maximum": "Maximum", "minimum": "Minimum", "concatenate": "Concatenate"}


def _merge_name(node: Merge) -> str:
    return _MERGE_NAMES.get(node.op, node.op)


def merge(node: Merge, shapes: list[Shape], layout: str) -> Shaped:
    """Several inputs → one: equal shapes (a 1 broadcasts) for Add & co., equal but for ``axis`` for Concatenate.

    ``shapes`` are internal; ``layout`` is the order Keras numbers axes in (channels-last: -1 = channels)
    and the order shapes are shown in errors.
    """
    name = _merge_name(node)
    where = (node.number or None, node.path, node.source)
    shown = ", ".join(display(s, layout) for s in shapes)
    want = 2 if node.op == "subtract" else None
    if len(shapes) < 2 or (want is not None and len(shapes) != want):
        count = fa(want) if want else "دست‌کم " + fa(2)
        raise SpecError(msg.MERGE_COUNT.format(layer=name, want=count, got=fa(len(shapes))), *where)
    if len({len(s) for s in shapes}) > 1:
        raise SpecError(msg.MERGE_MISMATCH.format(layer=name, shapes=shown), *where)
    if node.op == "concatenate":
        axis = internal_axis(node.axis, shapes[0], layout)
        if axis is None:
            raise SpecError(msg.BAD_AXIS.format(axis=node.axis, shape=display(shapes[0], layout)), *where)
        if len({_replaced(s, axis, 0) for s in shapes}) > 1:
            raise SpecError(msg.CONCAT_AXIS_MISMATCH.format(axis=node.axis, shapes=shown), *where)
        out = _replaced(shapes[0], axis, sum(s[axis] for s in shapes))
    else:
        out = []
        for sizes in zip(*shapes):
            wide = {s for s in sizes if s != 1}
            if len(wide) > 1:
                raise SpecError(msg.MERGE_MISMATCH.format(layer=name, shapes=shown), *where)
            out.append(wide.pop() if wide else 1)
        out = tuple(out)
    return Shaped(node, shapes[0], out, in_shapes=tuple(shapes), layout=layout)


_RULES = {
    Conv: _Walker.conv, Pool: _Walker.pool, Dense: _Walker.dense, GlobalPool: _Walker.global_pool,
    Flatten: _Walker.flatten, BatchNorm: _Walker.batch_norm, Dropout: _Walker.same, Activation: _Walker.same,
    PassThrough: _Walker.same, Concat: _Walker.block, Residual: _Walker.block, Block: _Walker.block,
    Aux: _Walker.block, ConvTranspose: _Walker.conv_transpose, SeparableConv: _Walker.separable,
    UpSampling: _Walker.upsampling, ZeroPadding: _Walker.zero_padding, Cropping: _Walker.cropping,
    Embedding: _Walker.embedding, Recurrent: _Walker.recurrent, LayerNorm: _Walker.layer_norm,
    Normalization: _Walker.layer_norm, PReLU: _Walker.prelu, Reshape: _Walker.reshape, Permute: _Walker.permute,
    RepeatVector: _Walker.repeat_vector, Merge: _Walker.merge_alone, Lambda: _Walker.lambda_layer,
    ConvRecurrent: _Walker.conv_recurrent, Attention: _Walker.attention, TimeDistributed: _Walker.time_distributed,
    Resize: _Walker.resize,
}


def axis_layout(first: Input) -> str:
    """How Keras layers number axes in this model: channels-last, unless it is Keras code that said
    ``data_format='channels_first'`` (then its tensors really are channels-first)."""
    return first.layout if first.from_keras else "channels_last"


def infer(nodes: list[Node], limits: Limits = DEFAULT_LIMITS) -> list[Shaped]:
    """Check a parsed spec and give every layer its shapes; raises :class:`SpecError` in Persian."""
    first = nodes[0]
    if not isinstance(first, Input):
        raise SpecError(msg.MISSING_INPUT, 1)
    walker = _Walker(limits, first.layout, axis_layout(first))
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
