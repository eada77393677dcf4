"""The model zoo: the classic CNNs the course discusses, built from the same layer nodes a student types.

Each entry states the version it follows and the published parameter count it
must reproduce (checked by the tests).  ImageNet models follow torchvision's
definitions, whose counts are the ones usually quoted; the course's own models
are written in the course's own Keras code, read by the spec parser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    GlobalPool,
    Input,
    Node,
    Pool,
    Residual,
    parse,
)


@dataclass(frozen=True)
class ZooModel:
    key: str
    title: str
    source: str                 # which definition it follows
    published_params: int | None  # the figure usually quoted, in the model's own convention
    build: Callable[[], list[Node]]
    convention: str = "pytorch"   # whose headline count: torchvision's models are PyTorch, the blog's Keras


# ---------------------------------------------------------------- small builders


def _input(*shape: int, layout: str = "channels_first") -> Input:
    return Input(shape=shape, layout=layout, layout_given=True, source="input " + "x".join(map(str, shape)))


def _conv(filters: int, k: int, s: int = 1, p: int = 0, *, bias: bool = True, act: str | None = None,
          groups: int = 1, name: str = "") -> Conv:
    return Conv(filters=filters, kernel=(k,), stride=(s,), padding=(p,), groups=groups, bias=bias,
                activation=act, name=name, source=f"conv {filters} {k}x{k}" + (f" s{s}" if s > 1 else ""))


def _conv_bn(filters: int, k: int, s: int = 1, p: int = 0, act: str | None = "relu", groups: int = 1) -> list[Node]:
    """conv (no bias) → BatchNorm → activation: torchvision's BasicConv2d / Conv2dNormActivation."""
    layers: list[Node] = [_conv(filters, k, s, p, bias=False, groups=groups), BatchNorm()]
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


_VGG = {
    11: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    16: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
    19: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
}


def vgg(depth: int) -> list[Node]:
    layers: list[Node] = [_input(3, 224, 224)]
    block, conv_index = 1, 1
    for item in _VGG[depth]:
        if item == "M":
            layers.append(_pool("max", 2, 2, name=f"pool{block}"))
            block, conv_index = block + 1, 1
        else:
            layers.append(_conv(item, 3, 1, 1, act="relu", name=f"conv{block}_{conv_index}"))
            conv_index += 1
    return layers + [
        Flatten(name="flatten"), _dense(4096, "relu", "fc6"), Dropout(rate=0.5, name="dropout"),
        _dense(4096, "relu", "fc7"), Dropout(rate=0.5, name="dropout"), _dense(1000, name="fc8"),
    ]


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


def _bottleneck(name: str, width: int, stride: int, in_channels: int) -> Residual:
    out = width * 4
    body = _conv_bn(width, 1) + _conv_bn(width, 3, stride, 1) + _conv_bn(out, 1, act=None)
    shortcut = _conv_bn(out, 1, stride, 0, act=None) if stride != 1 or in_channels != out else []
    return Residual(name=name, body=tuple(body), shortcut=tuple(shortcut), activation="relu")


def resnet(depth: int) -> list[Node]:
    """ResNet-18 (basic blocks) and ResNet-50 (1x1-3x3-1x1 bottlenecks, stride on the 3x3 as torchvision)."""
    blocks = {18: [2, 2, 2, 2], 50: [3, 4, 6, 3]}[depth]
    bottleneck = depth >= 50
    layers: list[Node] = [_input(3, 224, 224), _block("conv1 7x7/2", _conv_bn(64, 7, 2, 3)),
                          _pool("max", 3, 2, 1, name="maxpool")]
    channels = 64
    for stage, (count, width) in enumerate(zip(blocks, [64, 128, 256, 512]), 1):
        for i in range(count):
            stride = 2 if stage > 1 and i == 0 else 1
            name = f"layer{stage}.{i}"
            if bottleneck:
                layers.append(_bottleneck(name, width, stride, channels))
                channels = width * 4
            else:
                layers.append(_basic_block(name, width, stride, channels))
                channels = width
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

MODELS: dict[str, ZooModel] = {m.key: m for m in [
    ZooModel("lenet5", "LeNet-5", "the course (d2l): 28x28x1, padding 2, sigmoid, average pooling", 61_706, lenet5),
    ZooModel("alexnet", "AlexNet", "torchvision (ImageNet, 224x224x3)", 61_100_840, alexnet),
    ZooModel("vgg11", "VGG-11", "torchvision (ImageNet)", 132_863_336, lambda: vgg(11)),
    ZooModel("vgg16", "VGG-16", "torchvision (ImageNet)", 138_357_544, lambda: vgg(16)),
    ZooModel("vgg19", "VGG-19", "torchvision (ImageNet)", 143_667_240, lambda: vgg(19)),
    ZooModel("nin", "Network in Network", "the course (d2l): 224x224x1, 10 classes", None, nin),
    ZooModel("googlenet", "GoogLeNet (Inception v1)", "torchvision (BatchNorm; 3x3 in the '5x5' branch)",
             6_624_904, googlenet),
    ZooModel("googlenet-aux", "GoogLeNet with auxiliary classifiers", "torchvision, aux_logits=True",
             13_004_888, lambda: googlenet(aux=True)),
    ZooModel("googlenet-paper", "GoogLeNet as in the paper", "Szegedy et al. 2014: biases, real 5x5, no BN",
             None, lambda: googlenet(paper=True)),
    ZooModel("googlenet-paper-aux", "GoogLeNet as in the paper, with auxiliary classifiers",
             "Szegedy et al. 2014", None, lambda: googlenet(aux=True, paper=True)),
    ZooModel("resnet18", "ResNet-18", "torchvision (ImageNet)", 11_689_512, lambda: resnet(18)),
    ZooModel("resnet50", "ResNet-50", "torchvision (ImageNet, v1.5)", 25_557_032, lambda: resnet(50)),
    ZooModel("mobilenetv2", "MobileNet-v2", "torchvision (ImageNet, width 1.0)", 3_504_872, mobilenet_v2),
    ZooModel("blog-flatten", "The blog's toy network with Flatten", "the course blog (Keras)", 11_574_090,
             lambda: parse(BLOG_FLATTEN), "keras"),
    ZooModel("blog-gap", "The blog's toy network with GlobalAveragePooling2D", "the course blog (Keras)",
             66_602, lambda: parse(BLOG_GAP), "keras"),
    ZooModel("homework-1x1", "The homework's 1x1 model", "the course homework (Keras)", 2_097_330,
             lambda: parse(HOMEWORK_1X1), "keras"),
]}

_ALIASES = {"lenet": "lenet5", "lenet-5": "lenet5", "vgg": "vgg16", "inception": "googlenet",
            "inception-v1": "googlenet", "resnet": "resnet50", "mobilenet": "mobilenetv2",
            "mobilenet-v2": "mobilenetv2", "resnet-18": "resnet18", "resnet-50": "resnet50"}


class UnknownModel(KeyError):
    def __str__(self) -> str:
        return self.args[0]


def get(name: str) -> ZooModel:
    key = name.strip().lower().replace("_", "-")
    key = _ALIASES.get(key, key)
    if key not in MODELS:
        raise UnknownModel(msg.UNKNOWN_MODEL.format(name=name, known=", ".join(MODELS)))
    return MODELS[key]
