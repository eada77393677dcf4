"""The model zoo: the classic CNNs the course discusses, built from the same layer nodes a student types.

Each entry states the version it follows and the published parameter count it
must reproduce (checked by the tests).  ImageNet models follow torchvision's
definitions, whose counts are the ones usually quoted; the course's own models
are written in the course's own Keras code, read by the spec parser; keras.applications'
own versions (biases, BatchNorm statistics, EfficientNet's squeeze-and-excitation as a
``Gate``, DenseNet's dense connections as a ``Concat`` of the input and its new channels) are
built to Keras 3's counts.  Models whose layers our nodes cannot say (channel shuffle,
attention), and torchvision's other ImageNet models, are torchvision's own modules, built on
``meta`` and counted by :func:`cnn_demos.modules.count_module`; torchvision is imported only
for them.

Names are matched after :func:`normalise` («ResNet 18», «resnet-18», «vgg_19»): an
exact key or alias, nothing closer-but-different.  A family name with several
members («resnet», «inception») asks which one; an unknown name gets suggestions.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from cnn_demos import messages as msg
from cnn_demos.spec import (
    Activation,
    Aux,
    BatchNorm,
    Block,
    Concat,
    Conv,
    Dense,
    Dropout,
    Flatten,
    Gate,
    GlobalPool,
    Input,
    LayerNorm,
    LayerScale,
    Node,
    Normalization,
    Pool,
    Residual,
    SeparableConv,
    parse,
)
from cnn_demos.torchvision_compat import importable_torchvision

if TYPE_CHECKING:  # torch is imported when a model is counted, not when a name is looked up
    from torch import nn

    from cnn_demos.report import Report


@dataclass(frozen=True)
class ZooModel:
    """One model: ``build`` gives our layer nodes (a named row per stage), ``module`` torchvision's own."""

    key: str
    title: str
    source: str                 # which definition it follows
    published_params: int | None  # the figure usually quoted, in the model's own convention
    build: Callable[[], list[Node]] | None = None
    convention: str = "pytorch"   # whose headline count: torchvision's models are PyTorch, the blog's Keras
    module: Callable[[], nn.Module] | None = None  # for layers our nodes lack; built on meta, no weights
    input_shape: tuple[int, ...] = (3, 224, 224)   # what ``module`` is run on (channels-first)

    def __post_init__(self) -> None:
        if (self.build is None) == (self.module is None):
            raise ValueError(f"{self.key}: give build or module, not both or neither")

    def report(self) -> Report:
        """Count it: our nodes through count_nodes, torchvision's module through count_module."""
        from cnn_demos.counting import count_nodes

        if self.build is not None:
            return count_nodes(self.build(), self.key, convention=self.convention)
        from cnn_demos.modules import count_module  # only torchvision's entries need it

        try:
            module = self.module()
        except ImportError:
            raise ModelUnavailable(msg.UNKNOWN_MODEL_TORCHVISION.format(title=self.title)) from None
        return count_module(module, self.input_shape, self.key, convention=self.convention)


# ---------------------------------------------------------------- small builders


def _input(*shape: int, layout: str = "channels_first") -> Input:
    return Input(shape=shape, layout=layout, layout_given=True, source="input " + "x".join(map(str, shape)))


def _conv(filters: int, k: int, s: int = 1, p: int = 0, *, bias: bool = True, act: str | None = None,
          groups: int = 1, name: str = "") -> Conv:
    return Conv(filters=filters, kernel=(k,), stride=(s,), padding=(p,), groups=groups, bias=bias,
                activation=act, name=name, source=f"conv {filters} {k}x{k}" + (f" s{s}" if s > 1 else ""))


def _conv_bn(filters: int, k: int, s: int = 1, p: int = 0, act: str | None = "relu", groups: int = 1,
             bias: bool = False) -> list[Node]:
    """conv (no bias but in Keras' ResNet) → BatchNorm → activation: torchvision's Conv2dNormActivation."""
    layers: list[Node] = [_conv(filters, k, s, p, bias=bias, groups=groups), BatchNorm()]
    if act:
        layers.append(Activation(fn=act))
    return layers


def _pool(op: str, k: int, s: int | None = None, p: int = 0, ceil: bool = False, name: str = "") -> Pool:
    return Pool(op=op, kernel=(k,), stride=(s or k,), padding=(p,), ceil=ceil, name=name,
                source=f"{op}pool {k}" + (f" s{s}" if s and s != k else ""))


def _dense(units: int, act: str | None = None, name: str = "") -> Dense:
    return Dense(units=units, activation=act, name=name, source=f"dense {units}")


def _block(name: str, layers: list[Node]) -> Block:
    return Block(layers=tuple(layers), name=name)


# ---------------------------------------------------------------- models


def lenet5() -> list[Node]:
    """The course's (d2l) LeNet-5: 28x28 input, padding 2 on the first conv, sigmoid, average pooling."""
    return [
        _input(1, 28, 28),
        _conv(6, 5, p=2, act="sigmoid", name="conv1"), _pool("avg", 2, 2, name="pool1"),
        _conv(16, 5, act="sigmoid", name="conv2"), _pool("avg", 2, 2, name="pool2"),
        Flatten(name="flatten"),
        _dense(120, "sigmoid", "fc1"), _dense(84, "sigmoid", "fc2"), _dense(10, name="fc3"),
    ]


def alexnet() -> list[Node]:
    return [
        _input(3, 224, 224),
        _conv(64, 11, 4, 2, act="relu", name="conv1"), _pool("max", 3, 2, name="pool1"),
        _conv(192, 5, 1, 2, act="relu", name="conv2"), _pool("max", 3, 2, name="pool2"),
        _conv(384, 3, 1, 1, act="relu", name="conv3"), _conv(256, 3, 1, 1, act="relu", name="conv4"),
        _conv(256, 3, 1, 1, act="relu", name="conv5"), _pool("max", 3, 2, name="pool5"),
        Flatten(name="flatten"), Dropout(rate=0.5, name="dropout"), _dense(4096, "relu", "fc6"),
        Dropout(rate=0.5, name="dropout"), _dense(4096, "relu", "fc7"), _dense(1000, name="fc8"),
    ]


VGG_LAYERS = {  # filters per convolution, 'M' a 2x2 max pooling (also keras.applications' VGG)
    11: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    13: [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    16: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
    19: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
}


def _vgg_positions(depth: int) -> Iterator[tuple[int, int, int | str]]:
    """Each item of ``VGG_LAYERS[depth]`` (a conv's filters, or "M" for a pool) with its block's number and, for a
    conv, its number within the block: both naming schemes (torchvision's conv1_2, Keras' block1_conv2) count so."""
    block, conv_index = 1, 1
    for item in VGG_LAYERS[depth]:
        yield block, conv_index, item
        if item == "M":
            block, conv_index = block + 1, 1
        else:
            conv_index += 1


def vgg(depth: int, bn: bool = False) -> list[Node]:
    """torchvision's VGG; ``bn`` puts BatchNorm between each conv and its ReLU (the conv keeps its bias)."""
    layers: list[Node] = [_input(3, 224, 224)]
    for block, conv_index, item in _vgg_positions(depth):
        name = f"conv{block}_{conv_index}"
        if item == "M":
            layers.append(_pool("max", 2, 2, name=f"pool{block}"))
        elif bn:
            layers.append(_block(name, [_conv(item, 3, 1, 1), BatchNorm(), Activation(fn="relu")]))
        else:
            layers.append(_conv(item, 3, 1, 1, act="relu", name=name))
    return layers + [
        Flatten(name="flatten"), _dense(4096, "relu", "fc6"), Dropout(rate=0.5, name="dropout"),
        _dense(4096, "relu", "fc7"), Dropout(rate=0.5, name="dropout"), _dense(1000, name="fc8"),
    ]


def keras_vgg(depth: int) -> list[Node]:
    """keras.applications' VGG16/VGG19: torchvision's convolutions and pools, named as Keras names them
    (``block5_conv3``, the layer perceptual losses and style transfer read), and Keras' own head: Flatten, fc1 and
    fc2 of 4096 and the classes, without torchvision's Dropout (no weights: the same count)."""
    layers: list[Node] = [_input(224, 224, 3, layout="channels_last")]
    for block, conv_index, item in _vgg_positions(depth):
        if item == "M":
            layers.append(_pool("max", 2, 2, name=f"block{block}_pool"))
        else:
            layers.append(_conv(item, 3, 1, 1, act="relu", name=f"block{block}_conv{conv_index}"))
    return layers + [Flatten(name="flatten"), _dense(4096, "relu", "fc1"), _dense(4096, "relu", "fc2"),
                     _dense(1000, act="softmax", name="predictions")]


def _nin_block(name: str, filters: int, k: int, s: int, p: int) -> Block:
    return _block(name, [_conv(filters, k, s, p, act="relu"), _conv(filters, 1, act="relu"),
                         _conv(filters, 1, act="relu")])


def nin() -> list[Node]:
    """The course's (d2l) Network in Network for 224x224 Fashion-MNIST: no Dense layer, GAP at the end."""
    return [
        _input(1, 224, 224),
        _nin_block("nin1", 96, 11, 4, 0), _pool("max", 3, 2, name="pool1"),
        _nin_block("nin2", 256, 5, 1, 2), _pool("max", 3, 2, name="pool2"),
        _nin_block("nin3", 384, 3, 1, 1), _pool("max", 3, 2, name="pool3"), Dropout(rate=0.5, name="dropout"),
        _nin_block("nin4", 10, 3, 1, 1), GlobalPool(op="avg", name="global avg pool"),
    ]


def _inception(name: str, c1: int, c3r: int, c3: int, c5r: int, c5: int, proj: int, paper: bool) -> Concat:
    if paper:  # the paper: convolutions with bias and ReLU, a real 5x5
        conv = lambda f, k, p=0: [_conv(f, k, 1, p, act="relu")]
        k5, p5 = 5, 2
    else:      # torchvision: conv without bias + BatchNorm + ReLU, and a 3x3 in the "5x5" branch
        conv = lambda f, k, p=0: _conv_bn(f, k, 1, p)
        k5, p5 = 3, 1
    return Concat(name=name, branches=(
        tuple(conv(c1, 1)),
        tuple(conv(c3r, 1) + conv(c3, 3, 1)),
        tuple(conv(c5r, 1) + conv(c5, k5, p5)),
        tuple([_pool("max", 3, 1, 1, ceil=True)] + conv(proj, 1)),
    ))


def _aux(name: str, paper: bool) -> Aux:
    conv = [_conv(128, 1, act="relu")] if paper else _conv_bn(128, 1)
    return Aux(name=name, layers=tuple([_pool("avg", 5, 3)] + conv + [
        Flatten(), _dense(1024, "relu"), Dropout(rate=0.7), _dense(1000)]))


def googlenet(aux: bool = False, paper: bool = False) -> list[Node]:
    """GoogLeNet / Inception v1 on 224x224x3; ``paper`` switches from torchvision's version to the paper's."""
    stem = ([_conv(64, 7, 2, 3, act="relu")] if paper else _conv_bn(64, 7, 2, 3))
    conv2 = ([_conv(64, 1, act="relu"), _conv(192, 3, 1, 1, act="relu")] if paper
             else _conv_bn(64, 1) + _conv_bn(192, 3, 1, 1))
    layers: list[Node] = [
        _input(3, 224, 224),
        _block("conv1 7x7/2", stem), _pool("max", 3, 2, ceil=True, name="pool1"),
        _block("conv2 1x1 + 3x3", conv2), _pool("max", 3, 2, ceil=True, name="pool2"),
        _inception("inception 3a", 64, 96, 128, 16, 32, 32, paper),
        _inception("inception 3b", 128, 128, 192, 32, 96, 64, paper), _pool("max", 3, 2, ceil=True, name="pool3"),
        _inception("inception 4a", 192, 96, 208, 16, 48, 64, paper),
    ]
    if aux:
        layers.append(_aux("aux classifier 1", paper))
    layers += [
        _inception("inception 4b", 160, 112, 224, 24, 64, 64, paper),
        _inception("inception 4c", 128, 128, 256, 24, 64, 64, paper),
        _inception("inception 4d", 112, 144, 288, 32, 64, 64, paper),
    ]
    if aux:
        layers.append(_aux("aux classifier 2", paper))
    layers += [
        _inception("inception 4e", 256, 160, 320, 32, 128, 128, paper),
        _pool("max", 2 if not paper else 3, 2, ceil=True, name="pool4"),
        _inception("inception 5a", 256, 160, 320, 32, 128, 128, paper),
        _inception("inception 5b", 384, 192, 384, 48, 128, 128, paper),
        GlobalPool(op="avg", name="global avg pool"), Dropout(rate=0.4 if paper else 0.2, name="dropout"),
        _dense(1000, name="fc"),
    ]
    return layers


def _basic_block(name: str, channels: int, stride: int, in_channels: int) -> Residual:
    body = _conv_bn(channels, 3, stride, 1) + _conv_bn(channels, 3, 1, 1, act=None)
    shortcut = _conv_bn(channels, 1, stride, 0, act=None) if stride != 1 or in_channels != channels else []
    return Residual(name=name, body=tuple(body), shortcut=tuple(shortcut), activation="relu")


def _bottleneck(name: str, planes: int, stride: int, in_channels: int, groups: int = 1,
                width_per_group: int = 64, keras: bool = False) -> Residual:
    """1x1 → 3x3 (stride here, torchvision's v1.5) → 1x1 to 4×planes; ResNeXt widens and groups the 3x3.

    ``keras``: keras.applications' v1, with the stride in the first 1x1 and a bias in every convolution.
    """
    width, out = int(planes * width_per_group / 64) * groups, planes * 4
    first, middle = (stride, 1) if keras else (1, stride)
    body = (_conv_bn(width, 1, first, bias=keras) + _conv_bn(width, 3, middle, 1, groups=groups, bias=keras)
            + _conv_bn(out, 1, act=None, bias=keras))
    shortcut = _conv_bn(out, 1, stride, 0, act=None, bias=keras) if stride != 1 or in_channels != out else []
    return Residual(name=name, body=tuple(body), shortcut=tuple(shortcut), activation="relu")


# blocks per stage; 18 and 34 use basic blocks (two 3x3), 50 and deeper bottlenecks
_RESNET = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3], 50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3]}


def resnet(depth: int, groups: int = 1, width_per_group: int = 64, keras: bool = False) -> list[Node]:
    """torchvision's ResNet-18/34/50/101/152; at depth 50, ``groups=32, width_per_group=4`` is ResNeXt-50.

    ``keras``: keras.applications' ResNet50/101/152 (v1, convolutions with biases; see :func:`_bottleneck`).
    """
    bottleneck = depth >= 50
    first = _input(224, 224, 3, layout="channels_last") if keras else _input(3, 224, 224)
    layers: list[Node] = [first, _block("conv1 7x7/2", _conv_bn(64, 7, 2, 3, bias=keras)),
                          _pool("max", 3, 2, 1, name="maxpool")]
    channels = 64
    for stage, (count, planes) in enumerate(zip(_RESNET[depth], [64, 128, 256, 512]), 1):
        for i in range(count):
            stride = 2 if stage > 1 and i == 0 else 1
            name = f"layer{stage}.{i}"
            if bottleneck:
                layers.append(_bottleneck(name, planes, stride, channels, groups, width_per_group, keras))
                channels = planes * 4
            else:
                layers.append(_basic_block(name, planes, stride, channels))
                channels = planes
    return layers + [GlobalPool(op="avg", name="global avg pool"), _dense(1000, name="fc")]


def mobilenet_v2() -> list[Node]:
    """torchvision's MobileNet-v2 (width 1.0): inverted residuals of depthwise 3x3 convolutions."""
    layers: list[Node] = [_input(3, 224, 224), _block("conv 3x3/2", _conv_bn(32, 3, 2, 1, act="relu6"))]
    channels = 32
    for t, c, n, s in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
                       (6, 160, 3, 2), (6, 320, 1, 1)]:
        for i in range(n):
            stride = s if i == 0 else 1
            hidden = channels * t
            body = (_conv_bn(hidden, 1, act="relu6") if t != 1 else []) + _conv_bn(
                hidden, 3, stride, 1, act="relu6", groups=hidden) + _conv_bn(c, 1, act=None)
            name = f"inverted residual t={t} {c}" + (f"/{stride}" if stride > 1 else "")
            if stride == 1 and channels == c:
                layers.append(Residual(name=name, body=tuple(body), activation=None))
            else:
                layers.append(_block(name, body))
            channels = c
    return layers + [_block("conv 1x1 1280", _conv_bn(1280, 1, act="relu6")),
                     GlobalPool(op="avg", name="global avg pool"), Dropout(rate=0.2, name="dropout"),
                     _dense(1000, name="fc")]


def _preact_block(name: str, filters: int, stride: int, projection: bool) -> list[Node]:
    """keras.applications' ResNetV2 block: BatchNorm and ReLU first; 1x1 → 3x3 (stride) → 1x1 with a bias.

    The first block of a stage projects its shortcut from the pre-activated input; the others add the
    input itself (max-pooled 1x1 when they stride).
    """
    preact = [BatchNorm(), Activation(fn="relu")]
    body = (_conv_bn(filters, 1) + _conv_bn(filters, 3, stride, 1)
            + [_conv(4 * filters, 1, name=f"{name} conv 1x1 {4 * filters}")])
    if projection:
        return [_block(f"{name} pre-activation", preact),
                Residual(name=name, body=tuple(body), shortcut=(_conv(4 * filters, 1, stride),))]
    shortcut = (_pool("max", 1, stride),) if stride > 1 else ()
    return [Residual(name=name, body=tuple(preact + body), shortcut=shortcut)]


def keras_resnet_v2(depth: int) -> list[Node]:
    """keras.applications' ResNet50V2/101V2/152V2 (pre-activation): each stage strides in its last block."""
    layers: list[Node] = [_input(224, 224, 3, layout="channels_last"), _conv(64, 7, 2, 3, name="conv1 7x7/2"),
                          _pool("max", 3, 2, 1, name="maxpool")]
    for stage, (count, filters) in enumerate(zip(_RESNET[depth], [64, 128, 256, 512]), 1):
        for i in range(count):
            stride = 2 if i == count - 1 and stage < 4 else 1
            layers += _preact_block(f"conv{stage + 1}_block{i + 1}", filters, stride, projection=i == 0)
    return layers + [_block("post BatchNorm, ReLU", [BatchNorm(), Activation(fn="relu")]),
                     GlobalPool(op="avg", name="global avg pool"), _dense(1000, act="softmax", name="predictions")]


def _separable_bn(filters: int, relu_first: bool = True) -> list[Node]:
    """Xception's unit: (ReLU →) 3x3 separable convolution without bias → BatchNorm."""
    conv = SeparableConv(filters=filters, kernel=(3,), dims=2, padding="same", bias=False,
                         source=f"separable conv {filters} 3x3")
    return ([Activation(fn="relu")] if relu_first else []) + [conv, BatchNorm()]


def _xception_down(name: str, filters: tuple[int, int], relu_first: bool = True) -> Residual:
    """Two separable units and a 3x3/2 max pooling, added to a 1x1/2 projection of the input."""
    body = _separable_bn(filters[0], relu_first) + _separable_bn(filters[1])
    pool = Pool(op="max", kernel=(3,), stride=(2,), padding="same", source="maxpool 3 s2 same")
    return Residual(name=name, body=(*body, pool), shortcut=tuple(_conv_bn(filters[1], 1, 2, act=None)))


def keras_xception() -> list[Node]:
    """keras.applications' Xception (299x299x3): entry flow, 8 middle blocks of 728, exit flow."""
    layers: list[Node] = [_input(299, 299, 3, layout="channels_last"),
                          _block("conv 3x3/2, conv 3x3", _conv_bn(32, 3, 2) + _conv_bn(64, 3)),
                          _xception_down("entry block 128", (128, 128), relu_first=False),
                          _xception_down("entry block 256", (256, 256)), _xception_down("entry block 728", (728, 728))]
    for i in range(8):
        layers.append(Residual(name=f"middle block {i + 1}", body=tuple(_separable_bn(728) * 3)))
    return layers + [_xception_down("exit block 1024", (728, 1024)),
                     _block("separable 1536, 2048", _separable_bn(1536, False) + [Activation(fn="relu")]
                            + _separable_bn(2048, False) + [Activation(fn="relu")]),
                     GlobalPool(op="avg", name="global avg pool"), _dense(1000, act="softmax", name="predictions")]


def mobilenet_v1() -> list[Node]:
    """keras.applications' MobileNet (alpha 1.0): a 3x3 convolution, then 13 depthwise 3x3 / pointwise 1x1 pairs.

    Keras' head is a 1x1 convolution on the pooled 1x1x1024 map; a Dense layer has the same weights.
    """
    layers: list[Node] = [_input(224, 224, 3, layout="channels_last"),
                          _block("conv 3x3/2", _conv_bn(32, 3, 2, 1, act="relu6"))]
    channels = 32
    for filters, stride in [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), *[(512, 1)] * 5,
                            (1024, 2), (1024, 1)]:
        body = _conv_bn(channels, 3, stride, 1, act="relu6", groups=channels) + _conv_bn(filters, 1, act="relu6")
        layers.append(_block(f"depthwise 3x3{'/2' if stride > 1 else ''} → 1x1 {filters}", body))
        channels = filters
    return layers + [GlobalPool(op="avg", name="global avg pool"), Dropout(rate=0.001, name="dropout"),
                     _dense(1000, act="softmax", name="conv_preds (1x1)")]


def _fire(name: str, squeeze: int, expand: int) -> Block:
    """SqueezeNet's Fire module: a 1x1 squeeze, then 1x1 and 3x3 expands side by side, concatenated."""
    return _block(name, [_conv(squeeze, 1, act="relu"), Concat(branches=(
        (_conv(expand, 1, act="relu"),), (_conv(expand, 3, 1, 1, act="relu"),)))])


def squeezenet(version: str) -> list[Node]:
    """torchvision's SqueezeNet 1.0 / 1.1: no Dense layer, a 1x1 conv to 1000 classes + ReLU, then GAP.

    1.1 moves the pools earlier and starts with a 3x3/2 of 64 filters: the same accuracy for 2.4× fewer MACs.
    """
    fires = {  # (squeeze, expand) per Fire module, 0 where a pool goes
        "1_0": [(16, 64), (16, 64), (32, 128), 0, (32, 128), (48, 192), (48, 192), (64, 256), 0, (64, 256)],
        "1_1": [(16, 64), (16, 64), 0, (32, 128), (32, 128), 0, (48, 192), (48, 192), (64, 256), (64, 256)],
    }[version]
    stem = _conv(96, 7, 2, act="relu") if version == "1_0" else _conv(64, 3, 2, act="relu")
    layers: list[Node] = [_input(3, 224, 224), _block("conv1", [stem]),
                          _pool("max", 3, 2, ceil=True, name="maxpool1")]
    number, pools = 2, 1
    for item in fires:
        if item == 0:
            pools += 1
            layers.append(_pool("max", 3, 2, ceil=True, name=f"maxpool{pools}"))
        else:
            layers.append(_fire(f"fire{number}", *item))
            number += 1
    return layers + [Dropout(rate=0.5, name="dropout"), _block("conv10 1x1", [_conv(1000, 1, act="relu")]),
                     GlobalPool(op="avg", name="global avg pool")]


# keras.applications' MobileNetV3 (alpha 1.0, not minimalistic): (expansion, filters, kernel, stride, squeeze, swish)
# per block; squeeze-and-excitation to a quarter of the expanded channels, hard swish where not ReLU
_MOBILENETV3 = {
    "Small": [(1, 16, 3, 2, True, False), (72 / 16, 24, 3, 2, False, False), (88 / 24, 24, 3, 1, False, False),
              (4, 40, 5, 2, True, True), (6, 40, 5, 1, True, True), (6, 40, 5, 1, True, True),
              (3, 48, 5, 1, True, True), (3, 48, 5, 1, True, True), (6, 96, 5, 2, True, True),
              (6, 96, 5, 1, True, True), (6, 96, 5, 1, True, True)],
    "Large": [(1, 16, 3, 1, False, False), (4, 24, 3, 2, False, False), (3, 24, 3, 1, False, False),
              (3, 40, 5, 2, True, False), (3, 40, 5, 1, True, False), (3, 40, 5, 1, True, False),
              (6, 80, 3, 2, False, True), (2.5, 80, 3, 1, False, True), (2.3, 80, 3, 1, False, True),
              (2.3, 80, 3, 1, False, True), (6, 112, 3, 1, True, True), (6, 112, 3, 1, True, True),
              (6, 160, 5, 2, True, True), (6, 160, 5, 1, True, True), (6, 160, 5, 1, True, True)],
}
_MOBILENETV3_TOP = {"Small": 1024, "Large": 1280}   # the head's 1x1 convolution (with bias) before the classes


def _mobilenet_v3_block(index: int, channels: int, block: tuple) -> Node:
    """MobileNetV3's inverted residual: (1x1 expand, but in the first block →) depthwise → (squeeze-and-excitation,
    a hard-sigmoid gate →) 1x1 project; no biases but the gate's, the input added where the shape allows."""
    expansion, out, kernel, stride, squeeze, swish = block
    act = "hard_swish" if swish else "relu"
    hidden = _round_filters(channels, expansion)
    body = _conv_bn(hidden, 1, act=act) if index else []
    body += _conv_bn(hidden, kernel, stride, kernel // 2, act=act, groups=hidden)
    if squeeze:
        body.append(Gate(name="squeeze-and-excitation", layers=(
            GlobalPool(op="avg", keepdims=True), _conv(_round_filters(hidden, 0.25), 1, act="relu"),
            _conv(hidden, 1, act="hard_sigmoid"))))
    body += _conv_bn(out, 1, act=None)
    name = f"expanded_conv_{index}" if index else "expanded_conv"
    if stride == 1 and channels == out:
        return Residual(name=name, body=tuple(body), activation=None)
    return _block(name, body)


def keras_mobilenet_v3(size: str) -> list[Node]:
    """keras.applications' MobileNetV3Small/Large: a 3x3/2 stem of 16, the blocks, a 1x1 to six times the last
    width; the head pools, then a 1x1 with bias and hard swish, then the classes (1x1 convolutions on the pooled
    1x1 map, which a Dense says with the same weights).  Its input Rescaling has no weights and is left out."""
    layers: list[Node] = [_input(224, 224, 3, layout="channels_last"),
                          _block("conv 3x3/2", _conv_bn(16, 3, 2, 1, act="hard_swish"))]
    channels = 16
    for index, block in enumerate(_MOBILENETV3[size]):
        layers.append(_mobilenet_v3_block(index, channels, block))
        channels = block[1]
    last = _round_filters(channels * 6, 1.0)
    return layers + [_block(f"conv 1x1 {last}", _conv_bn(last, 1, act="hard_swish")),
                     GlobalPool(op="avg", name="avg_pool"),
                     _dense(_MOBILENETV3_TOP[size], act="hard_swish", name="conv_2 (1x1)"),
                     Dropout(rate=0.2, name="dropout"), _dense(1000, act="softmax", name="logits (1x1)")]


def _unit(filters: int, kernel: tuple[int, int], stride: int = 1, padding: str = "same") -> tuple[Node, ...]:
    """keras.applications' InceptionV3 unit: a convolution without bias, BatchNorm without scale (beta only), ReLU."""
    conv = Conv(filters=filters, kernel=kernel, stride=(stride,), padding=padding, bias=False,
                source=f"conv {filters} {kernel[0]}x{kernel[1]}" + (f" s{stride}" if stride > 1 else ""))
    return conv, BatchNorm(scale=False), Activation(fn="relu")


def _units(*specs: tuple) -> tuple[Node, ...]:
    """Units one after another: ``(filters, kernel)`` or ``(filters, kernel, stride, padding)`` each."""
    return tuple(node for spec in specs for node in _unit(*spec))


def _same_pool(op: str) -> Pool:
    return Pool(op=op, kernel=(3,), stride=(1,), padding="same", source=f"{op}pool 3 same")


def _inception_a(name: str, pool_filters: int) -> Concat:
    return Concat(name=name, branches=(_units((64, (1, 1))), _units((48, (1, 1)), (64, (5, 5))),
                                       _units((64, (1, 1)), (96, (3, 3)), (96, (3, 3))),
                                       (_same_pool("avg"), *_units((pool_filters, (1, 1))))))


def _inception_c(name: str, width: int) -> Concat:
    """The 17x17 block: 7x7 convolutions factored into 1x7 and 7x1, ``width`` filters inside."""
    seven = ((width, (1, 7)), (192, (7, 1)))
    double = ((width, (7, 1)), (width, (1, 7)), (width, (7, 1)), (192, (1, 7)))
    return Concat(name=name, branches=(_units((192, (1, 1))), _units((width, (1, 1)), *seven),
                                       _units((width, (1, 1)), *double),
                                       (_same_pool("avg"), *_units((192, (1, 1))))))


def _inception_e(name: str) -> Concat:
    """The 8x8 block: 1x3 and 3x1 side by side at the end of two branches."""
    split = Concat(branches=(_units((384, (1, 3))), _units((384, (3, 1)))))
    return Concat(name=name, branches=(_units((320, (1, 1))), (*_units((384, (1, 1))), split),
                                       (*_units((448, (1, 1)), (384, (3, 3))), split),
                                       (_same_pool("avg"), *_units((192, (1, 1))))))


def keras_inception_v3() -> list[Node]:
    """keras.applications' InceptionV3 (299x299x3, no auxiliary head), in Keras' code order: mixed0…mixed10."""
    max_pool = Pool(op="max", kernel=(3,), stride=(2,), source="maxpool 3 s2")
    layers: list[Node] = [_input(299, 299, 3, layout="channels_last"),
                          _block("stem", [*_units((32, (3, 3), 2, "valid"), (32, (3, 3), 1, "valid"), (64, (3, 3))),
                                          max_pool, *_units((80, (1, 1), 1, "valid"), (192, (3, 3), 1, "valid")),
                                          max_pool]),
                          _inception_a("mixed0", 32), _inception_a("mixed1", 64), _inception_a("mixed2", 64),
                          Concat(name="mixed3", branches=(_units((384, (3, 3), 2, "valid")),
                                                          _units((64, (1, 1)), (96, (3, 3)), (96, (3, 3), 2, "valid")),
                                                          (max_pool,))),
                          _inception_c("mixed4", 128), _inception_c("mixed5", 160), _inception_c("mixed6", 160),
                          _inception_c("mixed7", 192),
                          Concat(name="mixed8", branches=(
                              _units((192, (1, 1)), (320, (3, 3), 2, "valid")),
                              _units((192, (1, 1)), (192, (1, 7)), (192, (7, 1)), (192, (3, 3), 2, "valid")),
                              (max_pool,))),
                          _inception_e("mixed9"), _inception_e("mixed10")]
    return layers + [GlobalPool(op="avg", name="avg_pool"), _dense(1000, act="softmax", name="predictions")]


# keras.applications' DenseNet: dense layers per block (each adds 32 channels; a transition halves them)
KERAS_DENSENET = {121: (6, 12, 24, 16), 169: (6, 12, 32, 32), 201: (6, 12, 48, 32)}


def _dense_layer(name: str) -> Concat:
    """DenseNet's layer: its input, and beside it 32 new channels (BN → ReLU → 1x1 128 → BN → ReLU → 3x3 32,
    no biases), concatenated; the identity branch is empty."""
    new = (BatchNorm(), Activation(fn="relu"), _conv(128, 1, bias=False), BatchNorm(), Activation(fn="relu"),
           _conv(32, 3, 1, 1, bias=False))
    return Concat(name=name, branches=((), new))


def keras_densenet(depth: int) -> list[Node]:
    """keras.applications' DenseNet121/169/201: a 7x7/2 stem, four dense blocks joined by transitions (BN → ReLU
    → 1x1 to half the channels → 2x2 average pooling), BN → ReLU before the head."""
    layers: list[Node] = [_input(224, 224, 3, layout="channels_last"), _block("conv1 7x7/2", _conv_bn(64, 7, 2, 3)),
                          _pool("max", 3, 2, 1, name="pool1")]
    channels = 64
    for stage, count in enumerate(KERAS_DENSENET[depth], 2):
        layers += [_dense_layer(f"conv{stage}_block{i + 1}") for i in range(count)]
        channels += 32 * count
        if stage < 5:
            channels //= 2
            layers.append(_block(f"pool{stage} transition", [BatchNorm(), Activation(fn="relu"),
                                                              _conv(channels, 1, bias=False), _pool("avg", 2, 2)]))
    return layers + [_block("bn, relu", [BatchNorm(), Activation(fn="relu")]),
                     GlobalPool(op="avg", name="avg_pool"), _dense(1000, act="softmax", name="predictions")]


# keras.applications' EfficientNet B0: (kernel, repeats, filters in, filters out, expansion, stride) per stage
_EFFICIENTNET_STAGES = [(3, 1, 32, 16, 1, 1), (3, 2, 16, 24, 6, 2), (5, 2, 24, 40, 6, 2), (3, 3, 40, 80, 6, 2),
                        (5, 3, 80, 112, 6, 1), (5, 4, 112, 192, 6, 2), (3, 1, 192, 320, 6, 1)]
# B0…B7 scale it: (width, depth, input side, dropout before the head)
EFFICIENTNET = {0: (1.0, 1.0, 224, 0.2), 1: (1.0, 1.1, 240, 0.2), 2: (1.1, 1.2, 260, 0.3),
                3: (1.2, 1.4, 300, 0.3), 4: (1.4, 1.8, 380, 0.4), 5: (1.6, 2.2, 456, 0.4),
                6: (1.8, 2.6, 528, 0.5), 7: (2.0, 3.1, 600, 0.5)}


def _round_filters(filters: int, width: float, within_10_percent: bool = True) -> int:
    """Keras' rounding of a widened stage to a multiple of 8, never more than 10% below the width asked
    (EfficientNetV2 drops that check: its B3 keeps 16 filters where B3 of the first EfficientNet has 24)."""
    scaled = filters * width
    rounded = max(8, int(scaled + 4) // 8 * 8)
    return rounded + 8 if within_10_percent and rounded < 0.9 * scaled else rounded


def _mbconv(name: str, filters: tuple[int, int], kernel: int, stride: int, expansion: int) -> Node:
    """EfficientNet's block: (1x1 expand →) depthwise → squeeze-and-excitation → 1x1 project, no bias, swish.

    The excitation squeezes to a quarter of the block's input channels; the block adds its input where the
    shape allows (Keras' drop-connect Dropout before the add has no weights, and is left out)."""
    channels, out = filters
    hidden = channels * expansion
    body = _conv_bn(hidden, 1, act="swish") if expansion != 1 else []
    body += _conv_bn(hidden, kernel, stride, kernel // 2, act="swish", groups=hidden)
    body.append(Gate(name="squeeze-and-excitation", layers=(
        GlobalPool(op="avg", keepdims=True), _conv(max(1, channels // 4), 1, act="swish"),
        _conv(hidden, 1, act="sigmoid"))))
    body += _conv_bn(out, 1, act=None)
    if stride == 1 and channels == out:
        return Residual(name=name, body=tuple(body), activation=None)
    return _block(name, body)


def keras_efficientnet(variant: int) -> list[Node]:
    """keras.applications' EfficientNetB0…B7, as Keras 3 builds it: the input rescaled and normalised (the
    Normalization layer's mean, variance and count are non-trainable weights ``count_params()`` includes),
    a 3x3/2 stem, seven stages of :func:`_mbconv` widened and deepened by the variant, a 1x1 top."""
    width, depth, side, dropout = EFFICIENTNET[variant]
    layers: list[Node] = [_input(side, side, 3, layout="channels_last"), Normalization(name="normalization"),
                          _block("stem conv 3x3/2", _conv_bn(_round_filters(32, width), 3, 2, 1, act="swish"))]
    for stage, (kernel, repeats, first, out, expansion, stride) in enumerate(_EFFICIENTNET_STAGES, 1):
        channels, out = _round_filters(first, width), _round_filters(out, width)
        for i in range(math.ceil(depth * repeats)):
            name = f"block{stage}{chr(97 + i)}"
            layers.append(_mbconv(name, (channels, out), kernel, stride if i == 0 else 1, expansion))
            channels = out
    top = _round_filters(1280, width)
    return layers + [_block(f"top conv 1x1 {top}", _conv_bn(top, 1, act="swish")),
                     GlobalPool(op="avg", name="avg_pool"), Dropout(rate=dropout, name="top_dropout"),
                     _dense(1000, act="softmax", name="predictions")]


# keras.applications' EfficientNetV2: (fused, repeats, filters in, filters out, expansion, stride) per stage, every
# kernel 3x3; a fused block has no squeeze-and-excitation, an MBConv one squeezes to a quarter (se_ratio 0.25)
_EFFICIENTNETV2_STAGES = {
    "B": [(True, 1, 32, 16, 1, 1), (True, 2, 16, 32, 4, 2), (True, 2, 32, 48, 4, 2), (False, 3, 48, 96, 4, 2),
          (False, 5, 96, 112, 6, 1), (False, 8, 112, 192, 6, 2)],
    "S": [(True, 2, 24, 24, 1, 1), (True, 4, 24, 48, 4, 2), (True, 4, 48, 64, 4, 2), (False, 6, 64, 128, 4, 2),
          (False, 9, 128, 160, 6, 1), (False, 15, 160, 256, 6, 2)],
    "M": [(True, 3, 24, 24, 1, 1), (True, 5, 24, 48, 4, 2), (True, 5, 48, 80, 4, 2), (False, 7, 80, 160, 4, 2),
          (False, 14, 160, 176, 6, 1), (False, 18, 176, 304, 6, 2), (False, 5, 304, 512, 6, 1)],
    "L": [(True, 4, 32, 32, 1, 1), (True, 7, 32, 64, 4, 2), (True, 7, 64, 96, 4, 2), (False, 10, 96, 192, 4, 2),
          (False, 19, 192, 224, 6, 1), (False, 25, 224, 384, 6, 2), (False, 7, 384, 640, 6, 1)],
}
# B0…B3 scale the "B" stages, S, M and L are their own: (width, depth, input side); dropout 0.2 before the head
EFFICIENTNETV2 = {"B0": (1.0, 1.0, 224), "B1": (1.0, 1.1, 240), "B2": (1.1, 1.2, 260), "B3": (1.2, 1.4, 300),
                  "S": (1.0, 1.0, 384), "M": (1.0, 1.0, 480), "L": (1.0, 1.0, 480)}


def _fused_mbconv(name: str, filters: tuple[int, int], stride: int, expansion: int) -> Node:
    """EfficientNetV2's fused block: one 3x3 convolution does the expansion and the stride, then a 1x1 projects
    (without expansion the 3x3 projects itself, followed by swish); no bias, the input added where it fits."""
    channels, out = filters
    if expansion == 1:
        body = _conv_bn(out, 3, stride, 1, act="swish")
    else:
        body = _conv_bn(channels * expansion, 3, stride, 1, act="swish") + _conv_bn(out, 1, act=None)
    if stride == 1 and channels == out:
        return Residual(name=name, body=tuple(body), activation=None)
    return _block(name, body)


def keras_efficientnet_v2(variant: str) -> list[Node]:
    """keras.applications' EfficientNetV2B0…B3, S, M and L, as Keras 3 builds them: fused blocks first, then
    :func:`_mbconv`.  The input's preprocessing (Rescaling, and for B0…B3 a Normalization by ImageNet's fixed
    mean and variance) has no weights, unlike the first EfficientNet's adapted Normalization, so it is left out:
    ``include_preprocessing`` changes Keras' list of layers, not the counts."""
    width, depth, side = EFFICIENTNETV2[variant]
    stages = _EFFICIENTNETV2_STAGES[variant[0]]
    rounded = lambda filters: _round_filters(filters, width, within_10_percent=False)
    layers: list[Node] = [_input(side, side, 3, layout="channels_last"),
                          _block("stem conv 3x3/2", _conv_bn(rounded(stages[0][2]), 3, 2, 1, act="swish"))]
    for stage, (fused, repeats, first, out, expansion, stride) in enumerate(stages, 1):
        channels, out = rounded(first), rounded(out)
        for i in range(math.ceil(depth * repeats)):
            name, step = f"block{stage}{chr(97 + i)}", stride if i == 0 else 1
            layers.append(_fused_mbconv(name, (channels, out), step, expansion) if fused
                          else _mbconv(name, (channels, out), 3, step, expansion))
            channels = out
    top = rounded(1280)
    return layers + [_block(f"top conv 1x1 {top}", _conv_bn(top, 1, act="swish")),
                     GlobalPool(op="avg", name="avg_pool"), Dropout(rate=0.2, name="top_dropout"),
                     _dense(1000, act="softmax", name="predictions")]


# keras.applications' ConvNeXt: blocks per stage, channels per stage
CONVNEXT = {"Tiny": ((3, 3, 9, 3), (96, 192, 384, 768)), "Small": ((3, 3, 27, 3), (96, 192, 384, 768)),
            "Base": ((3, 3, 27, 3), (128, 256, 512, 1024)), "Large": ((3, 3, 27, 3), (192, 384, 768, 1536)),
            "XLarge": ((3, 3, 27, 3), (256, 512, 1024, 2048))}


def _convnext_block(name: str, dim: int) -> Residual:
    """ConvNeXt's block: a 7x7 depthwise convolution (with bias), LayerNorm, Dense to 4×dim, GELU, Dense back (on
    the channels of each position, as Keras' Dense on a 4D tensor),
    a LayerScale of each channel, added to the input (Keras' ``inputs + x``, an op rather than a layer)."""
    depthwise = Conv(filters=dim, kernel=(7,), padding="same", groups=dim, source=f"depthwise conv {dim} 7x7")
    pointwise = [Dense(units=units, last_axis=True, source=f"dense {units}") for units in (4 * dim, dim)]
    return Residual(name=name, body=(depthwise, LayerNorm(), pointwise[0], Activation(fn="gelu"), pointwise[1],
                                     LayerScale()))


def keras_convnext(size: str) -> list[Node]:
    """keras.applications' ConvNeXtTiny…XLarge (224x224x3): a 4x4/4 stem with LayerNorm, four stages of
    :func:`_convnext_block` joined by LayerNorm and a 2x2/2 convolution, the head pooling, a LayerNorm and the
    classes.  The input's Normalization by ImageNet's fixed mean and variance has no weights and is left out."""
    depths, dims = CONVNEXT[size]
    layers: list[Node] = [_input(224, 224, 3, layout="channels_last"),
                          _block("stem conv 4x4/4", [_conv(dims[0], 4, 4), LayerNorm()])]
    for stage, (depth, dim) in enumerate(zip(depths, dims)):
        if stage:
            layers.append(_block(f"downsampling {stage - 1}", [LayerNorm(), _conv(dim, 2, 2)]))
        layers += [_convnext_block(f"stage_{stage}_block_{i}", dim) for i in range(depth)]
    return layers + [GlobalPool(op="avg", name="head_gap"), LayerNorm(name="head_layernorm"),
                     _dense(1000, act="softmax", name="head_dense")]


def torchvision_models() -> ModuleType:
    """``torchvision.models``, imported on first use so that ``import cnn_demos`` stays fast."""
    return importable_torchvision().models


def _torchvision(name: str, **kwargs: object) -> Callable[[], nn.Module]:
    """A builder of torchvision's own ``name`` on the meta device: no weights, no download, no memory."""
    def build() -> nn.Module:
        import torch

        models = torchvision_models()
        with torch.device("meta"):
            return getattr(models, name)(weights=None, **kwargs)

    return build


# The course's own models, in the course's own Keras code.
BLOG_FLATTEN = """
keras.layers.Input(shape=(224, 224, 3)),
keras.layers.Conv2D(32, (3, 3), activation='relu'),
keras.layers.Conv2D(32, (3, 3), activation='relu'),
keras.layers.MaxPooling2D((2, 2), (2, 2)),
keras.layers.BatchNormalization(),
keras.layers.Conv2D(64, (3, 3), activation='relu'),
keras.layers.Conv2D(64, (3, 3), activation='relu'),
keras.layers.MaxPooling2D((2, 2), (2, 2)),
keras.layers.BatchNormalization(),
keras.layers.Flatten(),
keras.layers.Dropout(0.3),
keras.layers.Dense(64, activation='relu'),
keras.layers.Dense(32, activation='relu'),
keras.layers.Dense(10, activation='softmax')
"""
BLOG_GAP = BLOG_FLATTEN.split("keras.layers.Flatten()")[0] + """keras.layers.GlobalAveragePooling2D(),
keras.layers.Dropout(0.3),
keras.layers.Dense(10, activation='softmax')
"""
HOMEWORK_1X1 = """
Conv2D(8, kernel_size=(1, 1), padding='same', activation='relu', input_shape=(256, 256, 3)),
Conv2D(16, kernel_size=(1, 1), activation='relu'),
Flatten(),
Dense(2, activation='sigmoid')
"""

_TV = "torchvision (ImageNet)"
_TV_OWN = "torchvision's own module (ImageNet)"
_KA = "keras.applications (ImageNet, 224x224x3)"

MODELS: dict[str, ZooModel] = {m.key: m for m in [
    ZooModel("lenet5", "LeNet-5", "the course (d2l): 28x28x1, padding 2, sigmoid, average pooling", 61_706, lenet5),
    ZooModel("alexnet", "AlexNet", "torchvision (ImageNet, 224x224x3)", 61_100_840, alexnet),
    ZooModel("vgg11", "VGG-11", _TV, 132_863_336, lambda: vgg(11)),
    ZooModel("vgg13", "VGG-13", _TV, 133_047_848, lambda: vgg(13)),
    ZooModel("vgg16", "VGG-16", _TV, 138_357_544, lambda: vgg(16)),
    ZooModel("vgg19", "VGG-19", _TV, 143_667_240, lambda: vgg(19)),
    ZooModel("vgg11_bn", "VGG-11 with BatchNorm", _TV, 132_868_840, lambda: vgg(11, bn=True)),
    ZooModel("vgg13_bn", "VGG-13 with BatchNorm", _TV, 133_053_736, lambda: vgg(13, bn=True)),
    ZooModel("vgg16_bn", "VGG-16 with BatchNorm", _TV, 138_365_992, lambda: vgg(16, bn=True)),
    ZooModel("vgg19_bn", "VGG-19 with BatchNorm", _TV, 143_678_248, lambda: vgg(19, bn=True)),
    ZooModel("nin", "Network in Network", "the course (d2l): 224x224x1, 10 classes", None, nin),
    ZooModel("googlenet", "GoogLeNet (Inception v1)", "torchvision (BatchNorm; 3x3 in the '5x5' branch)",
             6_624_904, googlenet),
    ZooModel("googlenet-aux", "GoogLeNet with auxiliary classifiers", "torchvision, aux_logits=True",
             13_004_888, lambda: googlenet(aux=True)),
    ZooModel("googlenet-paper", "GoogLeNet as in the paper", "Szegedy et al. 2014: biases, real 5x5, no BN",
             None, lambda: googlenet(paper=True)),
    ZooModel("googlenet-paper-aux", "GoogLeNet as in the paper, with auxiliary classifiers",
             "Szegedy et al. 2014", None, lambda: googlenet(aux=True, paper=True)),
    # torchvision's published 27,161,264 includes the auxiliary head (aux_logits=True, its default);
    # in eval mode the head does not run, so the MACs are the main path's.
    ZooModel("inception_v3", "Inception v3",
             "torchvision's own module (ImageNet, 299x299x3, with the aux head)", 27_161_264,
             module=_torchvision("inception_v3", init_weights=False), input_shape=(3, 299, 299)),
    ZooModel("resnet18", "ResNet-18", _TV, 11_689_512, lambda: resnet(18)),
    ZooModel("resnet34", "ResNet-34", _TV, 21_797_672, lambda: resnet(34)),
    ZooModel("resnet50", "ResNet-50", "torchvision (ImageNet, v1.5)", 25_557_032, lambda: resnet(50)),
    ZooModel("resnet101", "ResNet-101", "torchvision (ImageNet, v1.5)", 44_549_160, lambda: resnet(101)),
    ZooModel("resnet152", "ResNet-152", "torchvision (ImageNet, v1.5)", 60_192_808, lambda: resnet(152)),
    ZooModel("resnext50_32x4d", "ResNeXt-50 32x4d", "torchvision (ImageNet): 32 groups of width 4",
             25_028_904, lambda: resnet(50, groups=32, width_per_group=4)),
    ZooModel("densenet121", "DenseNet-121", _TV_OWN, 7_978_856, module=_torchvision("densenet121")),
    ZooModel("squeezenet1_0", "SqueezeNet 1.0", _TV, 1_248_424, lambda: squeezenet("1_0")),
    ZooModel("squeezenet1_1", "SqueezeNet 1.1", _TV, 1_235_496, lambda: squeezenet("1_1")),
    ZooModel("mobilenetv2", "MobileNet-v2", "torchvision (ImageNet, width 1.0)", 3_504_872, mobilenet_v2),
    ZooModel("mobilenet_v3_large", "MobileNet-v3 Large", _TV_OWN, 5_483_032,
             module=_torchvision("mobilenet_v3_large")),
    ZooModel("mobilenet_v3_small", "MobileNet-v3 Small", _TV_OWN, 2_542_856,
             module=_torchvision("mobilenet_v3_small")),
    ZooModel("shufflenet_v2_x1_0", "ShuffleNet v2 (1.0x)", _TV_OWN, 2_278_604,
             module=_torchvision("shufflenet_v2_x1_0")),
    ZooModel("efficientnet_b0", "EfficientNet-B0", _TV_OWN, 5_288_548,
             module=_torchvision("efficientnet_b0")),
    ZooModel("vit_b_16", "ViT-B/16 (Vision Transformer)",
             "torchvision's own module (ImageNet, 16x16 patches)", 86_567_656,
             module=_torchvision("vit_b_16")),
    # keras.applications (weights=None, ImageNet's 1000 classes): model.count_params(), BatchNorm statistics in
    ZooModel("keras_resnet50", "ResNet50 (keras.applications)", _KA, 25_636_712, lambda: resnet(50, keras=True),
             "keras"),
    ZooModel("keras_resnet101", "ResNet101 (keras.applications)", _KA, 44_707_176,
             lambda: resnet(101, keras=True), "keras"),
    ZooModel("keras_resnet152", "ResNet152 (keras.applications)", _KA, 60_419_944,
             lambda: resnet(152, keras=True), "keras"),
    ZooModel("keras_resnet50v2", "ResNet50V2 (keras.applications)", _KA, 25_613_800, lambda: keras_resnet_v2(50),
             "keras"),
    ZooModel("keras_resnet101v2", "ResNet101V2 (keras.applications)", _KA, 44_675_560,
             lambda: keras_resnet_v2(101), "keras"),
    ZooModel("keras_resnet152v2", "ResNet152V2 (keras.applications)", _KA, 60_380_648,
             lambda: keras_resnet_v2(152), "keras"),
    ZooModel("keras_xception", "Xception (keras.applications)", "keras.applications (ImageNet, 299x299x3)",
             22_910_480, keras_xception, "keras"),
    ZooModel("keras_mobilenet", "MobileNet (keras.applications)", _KA, 4_253_864, mobilenet_v1, "keras"),
    ZooModel("keras_mobilenetv2", "MobileNetV2 (keras.applications)", _KA, 3_538_984, mobilenet_v2, "keras"),
    *(ZooModel(f"keras_efficientnetb{v}", f"EfficientNetB{v} (keras.applications)",
               f"keras.applications (ImageNet, {side}x{side}x3)", total, lambda v=v: keras_efficientnet(v), "keras")
      for v, side, total in [(0, 224, 5_330_571), (1, 240, 7_856_239), (2, 260, 9_177_569), (3, 300, 12_320_535),
                             (4, 380, 19_466_823), (5, 456, 30_562_527), (6, 528, 43_265_143),
                             (7, 600, 66_658_687)]),
    *(ZooModel(f"keras_efficientnetv2{v.lower()}", f"EfficientNetV2{v} (keras.applications)",
               f"keras.applications (ImageNet, {side}x{side}x3)", total, lambda v=v: keras_efficientnet_v2(v), "keras")
      for v, side, total in [("B0", 224, 7_200_312), ("B1", 240, 8_212_124), ("B2", 260, 10_178_374),
                             ("B3", 300, 14_467_622), ("S", 384, 21_612_360), ("M", 480, 54_431_388),
                             ("L", 480, 119_027_848)]),
    ZooModel("keras_mobilenetv3small", "MobileNetV3Small (keras.applications)", _KA, 2_554_968,
             lambda: keras_mobilenet_v3("Small"), "keras"),
    ZooModel("keras_mobilenetv3large", "MobileNetV3Large (keras.applications)", _KA, 5_507_432,
             lambda: keras_mobilenet_v3("Large"), "keras"),
    ZooModel("keras_inceptionv3", "InceptionV3 (keras.applications)", "keras.applications (ImageNet, 299x299x3)",
             23_851_784, keras_inception_v3, "keras"),
    *(ZooModel(f"keras_densenet{depth}", f"DenseNet{depth} (keras.applications)", _KA, total,
               lambda depth=depth: keras_densenet(depth), "keras")
      for depth, total in [(121, 8_062_504), (169, 14_307_880), (201, 20_242_984)]),
    ZooModel("keras_vgg16", "VGG16 (keras.applications)", _KA, 138_357_544, lambda: keras_vgg(16), "keras"),
    ZooModel("keras_vgg19", "VGG19 (keras.applications)", _KA, 143_667_240, lambda: keras_vgg(19), "keras"),
    *(ZooModel(f"keras_convnext{size.lower()}", f"ConvNeXt{size} (keras.applications)", _KA, total,
               lambda size=size: keras_convnext(size), "keras")
      for size, total in [("Tiny", 28_589_128), ("Small", 50_223_688), ("Base", 88_591_464), ("Large", 197_767_336),
                          ("XLarge", 350_196_968)]),
    ZooModel("blog-flatten", "The blog's toy network with Flatten", "the course blog (Keras)", 11_574_090,
             lambda: parse(BLOG_FLATTEN), "keras"),
    ZooModel("blog-gap", "The blog's toy network with GlobalAveragePooling2D", "the course blog (Keras)",
             66_602, lambda: parse(BLOG_GAP), "keras"),
    ZooModel("homework-1x1", "The homework's 1x1 model", "the course homework (Keras)", 2_097_330,
             lambda: parse(HOMEWORK_1X1), "keras"),
]}


# ---------------------------------------------------------------- keras.applications called in pasted code

# The class name code calls → the zoo's own entry (built with its ImageNet head) and the name Keras gives the model.
_KERAS_APPLICATIONS: dict[str, tuple[str, str]] = {
    "ResNet50": ("keras_resnet50", "resnet50"), "ResNet101": ("keras_resnet101", "resnet101"),
    "ResNet152": ("keras_resnet152", "resnet152"), "ResNet50V2": ("keras_resnet50v2", "resnet50v2"),
    "ResNet101V2": ("keras_resnet101v2", "resnet101v2"), "ResNet152V2": ("keras_resnet152v2", "resnet152v2"),
    "Xception": ("keras_xception", "xception"), "MobileNet": ("keras_mobilenet", "mobilenet_1.00_{side}"),
    "MobileNetV2": ("keras_mobilenetv2", "mobilenetv2_1.00_{side}"),
    **{f"EfficientNetB{v}": (f"keras_efficientnetb{v}", f"efficientnetb{v}") for v in EFFICIENTNET},
    **{f"EfficientNetV2{v}": (f"keras_efficientnetv2{v.lower()}", f"efficientnetv2-{v.lower()}") for v in EFFICIENTNETV2},
    **{f"DenseNet{depth}": (f"keras_densenet{depth}", f"densenet{depth}") for depth in KERAS_DENSENET},
    "InceptionV3": ("keras_inceptionv3", "inception_v3"),
    "MobileNetV3Small": ("keras_mobilenetv3small", "MobileNetV3Small"),
    "MobileNetV3Large": ("keras_mobilenetv3large", "MobileNetV3Large"),
    "VGG16": ("keras_vgg16", "vgg16"), "VGG19": ("keras_vgg19", "vgg19"),
    **{f"ConvNeXt{size}": (f"keras_convnext{size.lower()}", f"convnext_{size.lower()}") for size in CONVNEXT},
}


# Those whose preprocessing layers ``include_preprocessing=False`` leaves out; the others do not take the option.
_TAKES_PREPROCESSING = (*(f"EfficientNetV2{v}" for v in EFFICIENTNETV2), "MobileNetV3Small", "MobileNetV3Large",
                        *(f"ConvNeXt{size}" for size in CONVNEXT))
# Those that normalise their features where they have no head (ConvNeXt's LayerNormalization, after any pooling)
_NORMALISED_FEATURES = tuple(f"ConvNeXt{size}" for size in CONVNEXT)
# Those whose ImageNet head is more than pooling and the classes' Dense (MobileNetV3's 1x1 with bias before them,
# VGG's Flatten and two Dense of 4096): their own head is kept, its last Dense given the classes asked
_OWN_HEAD = ("MobileNetV3Small", "MobileNetV3Large", "VGG16", "VGG19", *_NORMALISED_FEATURES)
_PREPROCESSING = ("Rescaling", "Normalization")


def keras_application_name(key: str) -> str | None:
    """The ``keras.applications`` class of a zoo model named in a question («VGG16 with include_top=False»), if
    Keras ships it: its convolutional base is counted as Keras builds it."""
    plain = re.sub(r"[^a-z0-9]", "", key.lower().removeprefix("keras_"))
    return next((name for name in _KERAS_APPLICATIONS if name.lower() == plain), None)


@lru_cache(maxsize=1)
def _keras_layer_table() -> dict:
    path = Path(__file__).parent / "data" / "keras_application_layers.json"
    return json.loads(path.read_text("utf-8"))


def keras_layer_list(name: str, include_top: bool, pooling: str | None, weights: object = None,
                     preprocessing: bool = True) -> tuple[tuple[tuple[str, int, str], ...], tuple[int, ...]]:
    """Keras' own layers of an application (``base.layers``), each with its number of trainable weight tensors
    and its Keras class, and the layers' indices in the order the zoo's build holds their weights (() when it is
    Keras' own); ((), ()) where unknown.  Written from Keras 3 by
    ``benchmarks/data/make_keras_application_layers.py``: the layers without the head, then those the head adds
    (or the pooling asked).

    The lists are written with ``weights=None``; with ImageNet's weights (Keras' default) EfficientNet has one
    layer more, a Rescaling without weights after its Normalization, so ``base.layers[:100]`` counts it.
    EfficientNetV2's ``include_preprocessing=False`` (``preprocessing``) leaves out its Rescaling (and B0…B3's
    Normalization) after the input; neither has weights."""
    table = _keras_layer_table()
    base = table.get(name)
    if base is None:
        return (), ()
    classes = table["classes"]
    listed = [(str(n), int(k), classes[c]) for n, k, c in base]
    if weights == "imagenet" and re.fullmatch(r"EfficientNetB\d", name):
        after = [layer[0] for layer in listed].index("normalization") + 1
        listed.insert(after, ("rescaling_1", 0, "Rescaling"))
    if not preprocessing:
        listed = [layer for layer in listed[:3] if layer[2] not in _PREPROCESSING] + listed[3:]
    if include_top:
        listed += [(str(n), int(k), classes[c]) for n, k, c in table[f"{name} top"]]
    elif pooling in ("avg", "max"):
        kind = "GlobalAveragePooling2D" if pooling == "avg" else "GlobalMaxPooling2D"
        listed.append((f"global_{'average' if pooling == 'avg' else 'max'}_pooling2d", 0, kind))
    if not include_top:
        listed += [(str(n), int(k), classes[c]) for n, k, c in table.get(f"{name} features", ())]
    order = tuple(table.get(f"{name} order", ()))
    return tuple(listed), order + tuple(range(len(base), len(listed))) if order else ()


def keras_application(name: str, side: int | None, include_top: bool, pooling: str | None,
                      classes: int, preprocessing: bool = True) -> tuple[str, Input, list[Node]] | None:
    """``keras.applications.MobileNetV2(include_top=False, pooling='avg')`` as transfer-learning code builds it:
    its name, the input Keras takes when none is given (its ImageNet size), and the zoo's layers with the
    ImageNet head replaced by what was asked; None for one the zoo lacks.

    Everything before the head is convolutional, so any input size gives the same parameters; ``side`` only
    names the model as Keras does (``mobilenetv2_1.00_160``).  ``preprocessing=False`` (``include_preprocessing``)
    is refused where Keras does not take it."""
    entry = _KERAS_APPLICATIONS.get(name)
    if entry is None or not (preprocessing or name in _TAKES_PREPROCESSING):
        return None
    key, title = entry
    first, *layers = MODELS[key].build()
    # the head starts at its pooling (VGG's at its Flatten: it has no pooling)
    cut = max(i for i, node in enumerate(layers) if isinstance(node, (GlobalPool, Flatten)))
    body, own_head = layers[:cut], layers[cut:]
    if include_top and name in _OWN_HEAD:
        head = [*own_head[:-1], replace(own_head[-1], units=classes)]
    elif include_top:
        head = [GlobalPool(op="avg", name="avg_pool"), _dense(classes, act="softmax", name="predictions")]
    elif pooling in ("avg", "max"):
        head = [GlobalPool(op=pooling, name=f"{pooling}_pool")]
    else:
        head = []
    if not include_top and name in _NORMALISED_FEATURES:
        head.append(LayerNorm(name="layer_normalization"))
    # Keras' own input is channels-last (224x224x3): the zoo's is torchvision's 3x224x224, which read as Keras'
    # counted 224 input channels (MobileNetV2(weights=None) 3,602,632 instead of Keras' 3,538,984)
    keras_input = _channels_last(first)
    return title.format(side=side or keras_input.shape[0]), keras_input, body + head


def _channels_last(first: Input) -> Input:
    """The zoo's input as Keras shapes it: height, width, channels."""
    if first.layout != "channels_first" or len(first.shape) != 3:
        return first
    channels, height, width = first.shape
    return replace(first, shape=(height, width, channels), layout="channels_last")


# ---------------------------------------------------------------- names

_FA_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_SEPARATORS = re.compile(r"[\s\-_./\u200c\u2010-\u2015]+")


def normalise(name: str) -> str:
    """«ResNet 18», «resnet-18», «resnet_18», «resnet ۱۸» → ``resnet18``: students type all of them."""
    return _SEPARATORS.sub("", name.lower().translate(_FA_DIGITS))


# Other names for one model, or a family name that asks which member (a tuple): never a silent pick
# among several.  Keys are normalised; every zoo key already matches itself.
_ALIASES: dict[str, str | tuple[str, ...]] = {
    "lenet": "lenet5",
    "networkinnetwork": "nin",
    "vgg": ("vgg11", "vgg13", "vgg16", "vgg19", "vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn"),
    "vggbn": ("vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn"),
    "inception": ("googlenet", "inception_v3"),
    "inceptionv1": "googlenet",
    "googlenetv1": "googlenet",
    "resnet": ("resnet18", "resnet34", "resnet50", "resnet101", "resnet152"),
    "resnext": "resnext50_32x4d",
    "resnext50": "resnext50_32x4d",
    "densenet": "densenet121",  # the zoo's only DenseNet, and the one the paper's tables start with
    "squeezenet": ("squeezenet1_0", "squeezenet1_1"),
    "mobilenet": ("keras_mobilenet", "mobilenetv2", "mobilenet_v3_large", "mobilenet_v3_small"),
    "mobilenetv1": "keras_mobilenet",
    "mobilenetv3": ("mobilenet_v3_large", "mobilenet_v3_small"),
    "shufflenetv2": "shufflenet_v2_x1_0",
    "shufflenetv2x1": "shufflenet_v2_x1_0",
    "efficientnet": "efficientnet_b0",  # B0 is the base network the others scale
    "efficientnetv2": tuple(f"keras_efficientnetv2{v.lower()}" for v in EFFICIENTNETV2),  # no base: B0…B3, S, M, L
    **{f"efficientnetv2{v.lower()}": f"keras_efficientnetv2{v.lower()}" for v in EFFICIENTNETV2},  # Keras' only
    "vit": "vit_b_16",
    "xception": "keras_xception",
    "convnext": tuple(f"keras_convnext{size.lower()}" for size in CONVNEXT),   # Keras' only ConvNeXt
    **{f"convnext{size.lower()}": f"keras_convnext{size.lower()}" for size in CONVNEXT},
    "vitb": "vit_b_16",
    "vitbase": "vit_b_16",
    "blog": ("blog-flatten", "blog-gap"),
}
_BY_NAME: dict[str, str | tuple[str, ...]] = {normalise(key): key for key in MODELS} | _ALIASES


class UnknownModel(Exception):
    """A name the zoo cannot answer; ``str()`` is the Persian sentence for the student.

    Not a ``KeyError``: a caller names it (``daneshyar.application.errors.CALCULATION_ERRORS``), so a
    catch of this never hides a real ``KeyError`` in the code that counts."""

    def __init__(self, text: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(text)
        self.suggestions = suggestions


class AmbiguousModel(UnknownModel):
    """A family name with several members («resnet», «inception»): the student picks, we never guess."""

    def __init__(self, text: str, candidates: tuple[str, ...]) -> None:
        super().__init__(text, candidates)
        self.candidates = candidates


class ModelUnavailable(UnknownModel):
    """Built by torchvision, which is missing; an UnknownModel so that the bot and CLI show its sentence."""


def get(name: str) -> ZooModel:
    """The zoo entry for a name as a student types it; raises :class:`UnknownModel` or a subclass."""
    found = _BY_NAME.get(normalise(name))
    if isinstance(found, str):
        return MODELS[found]
    if found:
        candidates = msg.UNKNOWN_MODEL_OR.join(f"{key} ({MODELS[key].title})" for key in found)
        text = msg.UNKNOWN_MODEL_AMBIGUOUS.format(name=name.strip(), candidates=candidates)
        raise AmbiguousModel(text, found)
    suggestions = suggest(name)
    if suggestions:
        names = msg.UNKNOWN_MODEL_OR.join(suggestions)
        text = msg.UNKNOWN_MODEL_SUGGEST.format(name=name.strip(), suggestions=names)
    else:
        text = msg.UNKNOWN_MODEL.format(name=name.strip())
    raise UnknownModel(text, suggestions)


def suggest(name: str, limit: int = 3) -> tuple[str, ...]:
    """The zoo keys closest in spelling to ``name`` (edit distance on the normalised forms), best first."""
    names = [n for n, target in _BY_NAME.items() if isinstance(target, str)]
    found: list[str] = []
    matches = process.extract(normalise(name), names, scorer=fuzz.ratio, score_cutoff=60, limit=None)
    for match, _, _ in matches:
        key = _BY_NAME[match]
        if key not in found:
            found.append(key)
    return tuple(found[:limit])
