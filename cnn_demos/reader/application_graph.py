"""Keras' own layers of a zoo-built ``keras.applications`` model, one graph step each, so that
``base.get_layer("block_13_expand_relu").output`` is a tensor of the student's graph (a U-Net's encoder).

The zoo builds an application as stages (one row per block), which is all a whole-model count needs; a layer
inside a block has no tensor there.  Here the stages are unfolded into their layers, and the layers are paired,
in order, with Keras' own list (names and classes written from Keras 3): a Conv with a Conv2D or
DepthwiseConv2D, a BatchNorm with a BatchNormalization, a Residual's add with an Add, a squeeze-and-excitation
Gate's product with a Multiply, and so on.  Keras' own ZeroPadding2D before a strided convolution has no layer of
ours (the zoo pads inside the convolution, which gives the same shapes), nor do a few layers without weights the
zoo leaves out (EfficientNet's Rescaling and drop-connect Dropout); asking for their output is refused.  Any other
difference (a block we cannot unfold, a class that does not pair, a layer left over) means there is no graph: a
count on a graph that is not Keras' own would be silently wrong, so the caller refuses instead.  MobileNet,
MobileNetV2, ResNet (v1 and v2), VGG and EfficientNet (and V2) pair today.  This module imports no torch.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cnn_demos.spec import (
    Activation,
    BatchNorm,
    Block,
    Conv,
    Dense,
    Dropout,
    Flatten,
    Gate,
    GlobalPool,
    Merge,
    Node,
    Normalization,
    Pool,
    Residual,
)

# Keras' class → the node kind that stands for it in the zoo's build
_PAIRS = {"Conv2D": Conv, "DepthwiseConv2D": Conv, "BatchNormalization": BatchNorm, "ReLU": Activation,
          "Activation": Activation, "Add": Merge, "Multiply": Merge, "GlobalAveragePooling2D": GlobalPool,
          "GlobalMaxPooling2D": GlobalPool, "Dense": Dense, "Dropout": Dropout, "MaxPooling2D": Pool,
          "AveragePooling2D": Pool, "Flatten": Flatten, "Normalization": Normalization, "Reshape": GlobalPool}
_MERGES = {"Add": "add", "Multiply": "multiply"}
_POOLS = {"GlobalAveragePooling2D": "avg", "GlobalMaxPooling2D": "max", "MaxPooling2D": "max", "AveragePooling2D": "avg"}
# Keras' layers the zoo leaves out (and :func:`_left_out`): ZeroPadding2D, folded into the next convolution's
# padding, and the input's Rescaling (no weights, the same shape)
_NOT_OURS = ("ZeroPadding2D", "Rescaling")
_OURS = {kind for kind in _PAIRS.values() if kind is not Merge}   # the zoo's own nodes that unfold as they are


@dataclass(frozen=True)
class Piece:
    """One Keras layer as a graph step: its node (titled as Keras names it) and the tensors it reads
    (0 is the model's input, k the k-th piece's output)."""

    node: Node
    inputs: tuple[int, ...]
    keras_index: int = -1


@dataclass(frozen=True)
class ApplicationGraph:
    pieces: tuple[Piece, ...]
    # Keras' layer index → the tensor it outputs; a layer of Keras' with no piece of ours is missing
    outputs: dict[int, int]


def application_graph(nodes: list[Node], listed: tuple[tuple[str, int, str], ...]) -> ApplicationGraph | None:
    """The zoo's stages (``nodes``, without the input) unfolded and paired with Keras' ``listed`` layers
    (name, trainable weight tensors, class); None where they do not pair one to one."""
    steps: list[tuple[Node, tuple[int, ...]]] = []
    if not _unfold(nodes, steps, 0):
        return None
    pieces: list[Piece] = []
    outputs: dict[int, int] = {}
    position = 0
    for index, (name, weights, kind) in enumerate(listed):
        if kind == "InputLayer" and index == 0:
            outputs[index] = 0
            continue
        node = steps[position][0] if position < len(steps) else None
        if kind in _NOT_OURS or _left_out(node, kind, listed[index + 1:index + 2]):
            continue
        if node is None or not _pairs(node, kind, weights):
            return None
        inputs = steps[position][1]
        pieces.append(Piece(replace(node, name=f"{name} ({kind})", source=name), inputs, index))
        position += 1
        outputs[index] = position
    return ApplicationGraph(tuple(pieces), outputs) if position == len(steps) else None


def _left_out(node: Node | None, kind: str, following: tuple) -> bool:
    """Whether Keras' layer of class ``kind`` has no step of ours, where ours is ``node``: a Dropout the zoo
    leaves out (EfficientNet's drop-connect, its top's), and squeeze-and-excitation's GlobalAveragePooling2D, whose
    flat output Keras' Reshape makes 1x1xC, the shape of our pooling (which pairs with the Reshape)."""
    if kind == "Dropout":
        return not isinstance(node, Dropout)
    if kind == "Normalization":   # EfficientNetV2's, by ImageNet's fixed mean and variance: no weights
        return not isinstance(node, Normalization)
    squeezed = isinstance(node, GlobalPool) and node.keepdims
    return kind == "GlobalAveragePooling2D" and squeezed and bool(following) and following[0][2] == "Reshape"


def _unfold(nodes, steps: list, tensor: int) -> int | None:
    """Append each layer of ``nodes`` read from ``tensor`` to ``steps``; the tensor it ends on, None for a block
    that cannot be unfolded (branches side by side)."""
    for node in nodes:
        if isinstance(node, Block):
            tensor = _unfold(node.layers, steps, tensor)
        elif isinstance(node, Residual):
            tensor = _residual(node, steps, tensor)
        elif isinstance(node, Gate):
            tensor = _gate(node, steps, tensor)
        elif type(node) in _OURS:
            steps.append((node, (tensor,)))
            tensor = len(steps)
        else:
            return None
        if tensor is None:
            return None
    return tensor


def _residual(node: Residual, steps: list, start: int) -> int | None:
    """The shortcut's layers and the body's side by side as Keras lists them, then Keras' Add of the two and the
    activation if any.

    Keras lists a functional model's layers by their depth (the longest way to the output), deepest first, so
    within a block by their distance to its Add; at equal distance the one its traversal from the output meets
    first, that is the Add's first input's.  ResNet's (v1 and v2) Add is ``Add()([shortcut, x])``: the projection
    ``_0_conv`` comes just before ``_3_conv``, ``_0_bn`` before ``_3_bn``.  (Xception adds ``[x, residual]``, body
    first; its layers do not pair with this order, so it stays refused rather than mis-named.)"""
    if not node.shortcut:
        return _joined(node, steps, start, _unfold(node.body, steps, start))
    body, shortcut = _chain(node.body), _chain(node.shortcut)
    if body is None or shortcut is None:
        return None
    ends = [start, start]   # the shortcut's last tensor, the body's
    placed = sorted([(len(shortcut) - i, 0, layer) for i, layer in enumerate(shortcut)]
                    + [(len(body) - i, 1, layer) for i, layer in enumerate(body)], key=lambda item: (-item[0], item[1]))
    for _, branch, layer in placed:
        steps.append((layer, (ends[branch],)))
        ends[branch] = len(steps)
    return _joined(node, steps, ends[0], ends[1])


def _joined(node: Residual, steps: list, shortcut: int, body: int | None) -> int | None:
    """Keras' Add of the shortcut's tensor and the body's, then the block's activation if any."""
    if body is None:
        return None
    steps.append((Merge(op="add", source="add"), (shortcut, body)))
    if node.activation:
        steps.append((Activation(fn=node.activation), (len(steps),)))
    return len(steps)


def _gate(node: Gate, steps: list, start: int) -> int | None:
    """Squeeze-and-excitation: its layers from the block's tensor, then Keras' Multiply of that tensor and theirs
    (EfficientNet's ``multiply([inputs, se])``)."""
    tensor = _unfold(node.layers, steps, start)
    if tensor is None:
        return None
    steps.append((Merge(op="multiply", source="multiply"), (start, tensor)))
    return len(steps)


def _chain(nodes) -> list[Node] | None:
    """A branch's layers one after another (blocks opened); None where it has branches of its own or a gate."""
    chain: list[Node] = []
    for node in nodes:
        if isinstance(node, Block):
            inner = _chain(node.layers)
            if inner is None:
                return None
            chain += inner
        elif type(node) in _OURS:
            chain.append(node)
        else:
            return None
    return chain


def _pairs(node: Node, kind: str, weights: int) -> bool:
    """Whether our node is Keras' layer of class ``kind`` with ``weights`` trainable weight tensors."""
    if not isinstance(node, _PAIRS.get(kind, ())):
        return False
    if isinstance(node, Conv):
        depthwise = node.depthwise or node.groups > 1 and node.groups == node.filters
        return (kind == "DepthwiseConv2D") == depthwise and weights == 1 + node.bias
    if isinstance(node, BatchNorm):
        return weights == node.scale + node.center
    if isinstance(node, Dense):
        return weights == 2
    if isinstance(node, Merge):
        return node.op == _MERGES[kind]
    if isinstance(node, Pool):
        return node.op == _POOLS[kind]
    if isinstance(node, GlobalPool):   # Keras' Reshape after its pooling is our pooling that keeps 1x1xC
        return node.keepdims if kind == "Reshape" else node.op == _POOLS[kind]
    return weights == 0


__all__ = ["ApplicationGraph", "Piece", "application_graph"]
