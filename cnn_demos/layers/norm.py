"""Normalisation: ``BatchNorm``, ``LayerNorm`` and Keras' preprocessing ``Normalization``.

Compact ``bn``; Keras ``BatchNormalization``, ``LayerNormalization``, ``Normalization``; PyTorch
``nn.BatchNorm2d``, ``nn.LayerNorm``.  Moving statistics are buffers named ``running_*``, which the Keras-style
count adds as non-trainable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.arguments import Args
from cnn_demos.layers.node import Node
from cnn_demos.layers.registry import Call, Compact, Layer
from cnn_demos.layers.shaped import Shape, Shaped, tensor_axes

if TYPE_CHECKING:
    from torch import nn

    from cnn_demos.shapes import Walker


@dataclass(frozen=True, kw_only=True)
class BatchNorm(Node):
    axis: int | None = None         # a Keras axis (batch = 0) the student wrote; None = the channel axis
    center: bool = True             # Keras center=False: no beta
    scale: bool = True              # Keras scale=False: no gamma
    num_features: int | None = None  # PyTorch's BatchNorm2d(64) states it; checked against the input


@dataclass(frozen=True, kw_only=True)
class LayerNorm(Node):
    axis: tuple[int, ...] | None = None   # Keras axes (batch = 0); None = the channel axis
    center: bool = True
    scale: bool = True
    size: int | None = None               # PyTorch's nn.LayerNorm(64) states it; checked against the input


@dataclass(frozen=True, kw_only=True)
class Normalization(Node):
    """Keras' preprocessing Normalization: mean, variance (and Keras 2's count) are non-trainable weights."""

    axis: tuple[int, ...] | None = None   # None = the channel axis; () = one mean for everything (axis=None)
    adapted: bool = True                  # False: mean/variance were given as constants, no weights


@dataclass(frozen=True, kw_only=True)
class LayerScale(Node):
    """ConvNeXt's learned scale of each channel (keras.applications' own ``LayerScale``: ``x * gamma``), one
    trainable weight per channel and the shape unchanged; Keras has no public layer of it, so only the zoo makes
    one (a pasted class of that name is read as the custom layer it is)."""


# ---------------------------------------------------------------- written as


def _compact_bn(word: str, args: list[str], base: dict) -> BatchNorm:
    return BatchNorm(**base)


def _k_batch_norm(a: Args, m: re.Match) -> Node:
    axes = a.axes("axis")
    if axes is not None and len(axes) != 1:
        raise a.bad("axis", msg.WANT_AXIS)
    axis = None if axes is None or axes == (-1,) else axes[0]  # -1, Keras' default, is the channel axis
    return BatchNorm(axis=axis, center=a.bool("center", True), scale=a.bool("scale", True), **a.common())


def _t_batch_norm(a: Args, m: re.Match) -> Node:
    affine = a.bool("affine", True)
    return BatchNorm(num_features=a.int("num_features"), center=affine, scale=affine, **a.common())


def _k_layer_norm(a: Args, m: re.Match) -> Node:
    axes = a.axes("axis")
    rms = a.bool("rms_scaling", False)
    return LayerNorm(axis=None if axes in (None, (-1,)) else axes, center=a.bool("center", True) and not rms,
                     scale=a.bool("scale", True) or rms, **a.common())


def _t_layer_norm(a: Args, m: re.Match) -> Node:
    sizes = a.ints("normalized_shape")
    if len(sizes) != 1:
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="normalized_shape", layer=a.layer,
                                                    why=msg.WHY_LAST_AXIS_ONLY))
    affine = a.bool("elementwise_affine", True)
    return LayerNorm(size=sizes[0], scale=affine, center=affine and a.bool("bias", True), **a.common())


def _k_normalization(a: Args, m: re.Match) -> Node:
    axes = a.axes("axis")
    adapted = a.raw("mean", None) is None and a.raw("variance", None) is None
    return Normalization(axis=None if axes == (-1,) else axes, adapted=adapted, **a.common())


# ---------------------------------------------------------------- shapes


def _batch_norm_shape(w: Walker, node: BatchNorm, shape: Shape) -> Shaped:
    axis = 0 if node.axis is None else w.axis(node, node.axis, shape)
    if node.num_features is not None and node.num_features != shape[axis]:
        raise w.error(node, msg.IN_CHANNELS_MISMATCH.format(expected=node.num_features, got=shape[axis]))
    return Shaped(node, shape, shape)


def _layer_norm_shape(w: Walker, node: LayerNorm | Normalization, shape: Shape) -> Shaped:
    w.axes_sizes(node, node.axis, shape)  # every axis exists
    size = getattr(node, "size", None)
    if size is not None and size != shape[0]:
        raise w.error(node, msg.IN_CHANNELS_MISMATCH.format(expected=size, got=shape[0]))
    return Shaped(node, shape, shape)


def _layer_scale_shape(w: Walker, node: LayerScale, shape: Shape) -> Shaped:
    return Shaped(node, shape, shape)


# ---------------------------------------------------------------- torch


def _build_batch_norm(shaped: Shaped, device: str) -> nn.Module:
    from torch import nn

    from cnn_demos.layers.torch_modules import ToFront

    node, shape = shaped.node, shaped.in_shape
    axis = tensor_axes(shaped, None if node.axis is None else (node.axis,))[0]
    bn_cls = (nn.BatchNorm1d, nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)[min(len(shape), 4) - 1]
    bn = bn_cls(shape[axis - 1])
    if not node.scale:
        bn.weight = None  # F.batch_norm takes weight and bias separately
    if not node.center:
        bn.bias = None
    return bn if axis == 1 else ToFront(bn, axis)


def _build_layer_norm(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import KerasLayerNorm, OnAxis

    node = shaped.node
    axes = tensor_axes(shaped, node.axis)
    sizes = tuple(shaped.in_shape[a - 1] for a in axes)
    return OnAxis(KerasLayerNorm(sizes, node.center, node.scale), axes)


def _build_normalization(shaped: Shaped, device: str) -> nn.Module:
    from torch import nn

    from cnn_demos.layers.torch_modules import KerasNormalization

    node, shape = shaped.node, shaped.in_shape
    if not node.adapted:
        return nn.Identity()
    dims = {a - 1 for a in tensor_axes(shaped, node.axis)}
    return KerasNormalization(tuple(s if i in dims else 1 for i, s in enumerate(shape)))


def _build_layer_scale(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import ChannelScale

    return ChannelScale(shaped.in_shape[0])


def _a_layer_scale() -> list[Node]:
    from cnn_demos.layers.input import Input

    return [Input(shape=(6, 6, 4), layout="channels_last"), LayerScale()]


LAYERS = (
    Layer(BatchNorm, _batch_norm_shape, _build_batch_norm,
          ("input 8x8x3 | bn", "Input(shape=(6, 4))\nBatchNormalization(axis=1, center=False)",
           "input 3x8x8 | nn.BatchNorm2d(3)", "input 12 | BatchNormalization(scale=False)"), keeps_channels=True),
    Layer(LayerNorm, _layer_norm_shape, _build_layer_norm,
          ("Input(shape=(5, 8))\nLayerNormalization()", "Input(shape=(4, 4, 3))\nLayerNormalization(axis=[1, 2, 3])",
           "input 5x8 cf | nn.LayerNorm(5)")),
    Layer(Normalization, _layer_norm_shape, _build_normalization,
          ("Input(shape=(6, 6, 3))\nNormalization()", "Input(shape=(6, 6, 3))\nNormalization(axis=None)",
           "Input(shape=(4,))\nNormalization(mean=0.0, variance=1.0)")),
    Layer(LayerScale, _layer_scale_shape, _build_layer_scale, (_a_layer_scale,), keeps_channels=True,
          from_code_only=True),   # only the zoo builds one (ConvNeXt)
)
COMPACT = (Compact(r"bn|batchnorm|batchnormalization|batch_norm", _compact_bn),)
CALLS = (
    Call(r"batchnormalization", "keras", ("axis", "momentum", "epsilon", "center", "scale"), _k_batch_norm),
    Call(r"batchnorm[123]d", "any", ("num_features", "eps", "momentum", "affine", "track_running_stats"),
         _t_batch_norm),
    Call(r"layernormalization", "keras", ("axis", "epsilon", "center", "scale"), _k_layer_norm, ("rms_scaling",)),
    Call(r"normalization", "keras", ("axis", "mean", "variance", "invert"), _k_normalization),
    Call(r"layernorm", "torch", ("normalized_shape", "eps", "elementwise_affine", "bias"), _t_layer_norm),
)
