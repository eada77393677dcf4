"""Layers with several paths: blocks of our own (``Concat``, ``Residual``, ``Gate``, ``Block``, ``Aux``) and Keras' merge
layers of several tensors (``Merge``: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate).

Compact ``concat{conv 64 1 ; conv 96 1 -> conv 128 3 same}`` and ``residual{body ; shortcut}``: the spec
language parses the branches, :data:`COMPACT` says which block its head names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.arguments import Args, as_int
from cnn_demos.layers.node import Node, SpecError
from cnn_demos.layers.registry import Call, Compact, Layer
from cnn_demos.layers.shaped import Shape, Shaped, display, internal_axis, replaced
from cnn_demos.messages import fa

if TYPE_CHECKING:
    from torch import nn

    from cnn_demos.shapes import Walker


@dataclass(frozen=True, kw_only=True)
class Concat(Node):
    branches: tuple[tuple[Node, ...], ...]


@dataclass(frozen=True, kw_only=True)
class Residual(Node):
    body: tuple[Node, ...]
    shortcut: tuple[Node, ...] = ()  # empty = identity
    activation: str | None = None    # applied after the add (ResNet's ReLU)


@dataclass(frozen=True, kw_only=True)
class Gate(Node):
    """The input times what a branch makes of it, broadcast: squeeze-and-excitation's channel weights
    (keras.applications' EfficientNet), which a Residual's add cannot say."""

    layers: tuple[Node, ...]


@dataclass(frozen=True, kw_only=True)
class Block(Node):
    """Layers shown as one table row (a zoo model's stage, a MobileNet block without a shortcut)."""

    layers: tuple[Node, ...]
    # which of its parameters train, in order, when that is decided weight by weight (Keras' own layers of a
    # keras.applications model frozen one by one: ``base.layers[:100]``); empty: each layer's own flag
    parameter_trainable: tuple[bool, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Aux(Node):
    """A side head that reads the input and lets it pass on unchanged (GoogLeNet's auxiliary classifiers)."""

    layers: tuple[Node, ...]


@dataclass(frozen=True, kw_only=True)
class Merge(Node):
    """Add, Subtract, Multiply, Average, Maximum, Minimum or Concatenate: several inputs, one output."""

    op: str                               # "add" | "subtract" | "multiply" | "average" | "maximum" | ...
    axis: int = -1                        # Concatenate's Keras axis (batch = 0; -1 = channels)


# ---------------------------------------------------------------- written as


def _concat_braces(head: str, branches: list[tuple[Node, ...]], base: dict) -> Concat:
    return Concat(branches=tuple(branches), **base)


def _residual_braces(head: str, branches: list[tuple[Node, ...]], base: dict) -> Residual:
    if len(branches) > 2:
        raise SpecError(msg.BAD_OPTION.format(token=";"), base["number"], base["path"], ";")
    return Residual(body=branches[0], shortcut=branches[1] if len(branches) > 1 else (), activation="relu", **base)


def _block_braces(head: str, branches: list[tuple[Node, ...]], base: dict) -> Block | Aux | None:
    if len(branches) != 1:
        return None
    return (Aux if head == "aux" else Block)(layers=branches[0], **base)


def keras_merge(a: Args, m: re.Match) -> Node:
    op = m.group(0)
    axis = a.raw("axis", -1) if op == "concatenate" else -1
    if as_int(axis) is None:
        raise a.bad("axis", msg.WANT_AXIS)
    return Merge(op=op, axis=axis, **a.common())


# ---------------------------------------------------------------- shapes


def _concat_shape(w: Walker, node: Concat, shape: Shape) -> Shaped:
    branches = [w.sequence(b, shape) for b in node.branches]
    outs = [out for _, out in branches]
    if len({o[1:] for o in outs}) > 1 or any(len(o) != len(shape) for o in outs):
        raise w.error(node, msg.CONCAT_MISMATCH.format(shapes=", ".join(w.show(o) for o in outs)))
    out = (sum(o[0] for o in outs), *outs[0][1:])
    return Shaped(node, shape, out, tuple(tuple(b) for b, _ in branches))


def _residual_shape(w: Walker, node: Residual, shape: Shape) -> Shaped:
    body, body_out = w.sequence(node.body, shape)
    short, short_out = w.sequence(node.shortcut, shape)
    if body_out != short_out:
        raise w.error(node, msg.RESIDUAL_MISMATCH.format(body=w.show(body_out), shortcut=w.show(short_out)))
    return Shaped(node, shape, body_out, (tuple(body), tuple(short)))


def _gate_shape(w: Walker, node: Gate, shape: Shape) -> Shaped:
    """The branch must end in a shape that broadcasts to the input's (1x1xC for one weight per channel)."""
    layers, out = w.sequence(node.layers, shape)
    if len(out) != len(shape) or any(o not in (1, s) for o, s in zip(out, shape, strict=True)):
        raise w.error(node, msg.GATE_MISMATCH.format(branch=w.show(out), shape=w.show(shape)))
    return Shaped(node, shape, shape, (tuple(layers),))


def _block_shape(w: Walker, node: Block, shape: Shape) -> Shaped:
    layers, out = w.sequence(node.layers, shape)
    return Shaped(node, shape, out, (tuple(layers),))


def _aux_shape(w: Walker, node: Aux, shape: Shape) -> Shaped:
    """A side head (GoogLeNet's auxiliary classifiers): the input passes on."""
    layers, _ = w.sequence(node.layers, shape)
    return Shaped(node, shape, shape, (tuple(layers),))


def _merge_alone_shape(w: Walker, node: Merge, shape: Shape) -> Shaped:
    raise w.error(node, msg.MERGE_NEEDS_INPUTS.format(layer=_merge_name(node)))


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
        if len({replaced(s, axis, 0) for s in shapes}) > 1:
            raise SpecError(msg.CONCAT_AXIS_MISMATCH.format(axis=node.axis, shapes=shown), *where)
        out = replaced(shapes[0], axis, sum(s[axis] for s in shapes))
    else:
        out = []
        for sizes in zip(*shapes):
            wide = {s for s in sizes if s != 1}
            if len(wide) > 1:
                raise SpecError(msg.MERGE_MISMATCH.format(layer=name, shapes=shown), *where)
            out.append(wide.pop() if wide else 1)
        out = tuple(out)
    return Shaped(node, shapes[0], out, in_shapes=tuple(shapes), layout=layout)


# ---------------------------------------------------------------- torch


def _build_concat(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.build import sequential
    from cnn_demos.layers.torch_modules import ConcatBranches

    return ConcatBranches([sequential(b, device) for b in shaped.branches])


def _build_residual(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.build import sequential
    from cnn_demos.layers.torch_modules import AddResidual, activation

    body, shortcut = shaped.branches
    return AddResidual(sequential(body, device), sequential(shortcut, device), activation(shaped.node.activation))


def _build_gate(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.build import sequential
    from cnn_demos.layers.torch_modules import GateBranch

    return GateBranch(sequential(shaped.branches[0], device))


def _a_gate() -> list[Node]:
    from cnn_demos.layers.conv import Conv
    from cnn_demos.layers.input import Input
    from cnn_demos.layers.pool import GlobalPool

    squeeze = (GlobalPool(op="avg", keepdims=True), Conv(filters=2, kernel=(1,), activation="swish"),
               Conv(filters=4, kernel=(1,), activation="sigmoid"))
    return [Input(shape=(6, 6, 4), layout="channels_last"), Gate(layers=squeeze)]


def _build_block(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.build import sequential

    return sequential(shaped.branches[0], device)


def _build_aux(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.build import sequential
    from cnn_demos.layers.torch_modules import SideHead

    return SideHead(sequential(shaped.branches[0], device))


def _build_merge(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import MergeInputs

    node = shaped.node
    if node.op != "concatenate":
        return MergeInputs(node.op)
    return MergeInputs(node.op, 1 + internal_axis(node.axis, shaped.in_shape, shaped.layout))


def _a_merge() -> list[Node]:
    from cnn_demos.layers.input import Input

    return [Input(shape=(4, 4, 3), layout="channels_last"), Merge(op="add")]


LAYERS = (
    Layer(Concat, _concat_shape, _build_concat, ("input 8x8x3 | concat{conv 4 1 ; conv 2 1 -> maxpool 1 ; }",
                                                 "input 8x8x3 | inception{conv 4 3 same ; avgpool 3 s1 p1}")),
    Layer(Residual, _residual_shape, _build_residual, ("input 8x8x4 | residual{conv 4 3 same ; }",
                                                       "input 8x8x3 | res{conv 4 3 s2 p1 ; conv 4 1 s2}")),
    Layer(Gate, _gate_shape, _build_gate, (_a_gate,), from_code_only=True),  # only the zoo builds one
    Layer(Block, _block_shape, _build_block, ("input 8x8x3 | block{conv 4 3 -> bn -> relu}",)),
    Layer(Aux, _aux_shape, _build_aux, ("input 8x8x3 | aux{gap -> dense 10}",)),
    Layer(Merge, _merge_alone_shape, _build_merge, (_a_merge,), from_code_only=True),
)
COMPACT = (
    Compact(r"concat|concatenate|inception|branch|branches", _concat_braces, braces=True),
    Compact(r"residual|res|add|resblock", _residual_braces, braces=True),
    Compact(r"block|seq|sequence|aux", _block_braces, braces=True),
)
CALLS = (Call(r"add|subtract|multiply|average|maximum|minimum|concatenate", "keras", ("axis",), keras_merge),)
