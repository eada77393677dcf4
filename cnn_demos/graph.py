"""Count a Keras model that is a graph, not a stack: the functional API and subclassed models.

The code reader records each layer call as a step (layer, input tensors, output
tensor).  Here the steps reachable from the model's outputs are given shapes by
the same checking rules as a Sequential model (:mod:`cnn_demos.shapes`), built as
torch modules on ``meta`` (:mod:`cnn_demos.build`) and run once in order, so the
parameters are PyTorch's and MACs are cross-checked by ``flop_counter``.  A layer
called twice (shared weights) is one module: its parameters count once.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, replace

import torch

from cnn_demos import messages as msg
from cnn_demos.build import module as build_module
from cnn_demos.counting import _bn_statistics, _macs_of
from cnn_demos.flops import FlopCount
from cnn_demos.layers.scored_attention import ScoredAttention, attend
from cnn_demos.report import KERAS, LayerRow, Report
from cnn_demos.shapes import DEFAULT_LIMITS, Limits, Shaped, Walker, display, to_internal
from cnn_demos.spec import Block, Input, Node, SpecError


@dataclass(frozen=True)
class Step:
    """One layer call of a graph: which layer (``key`` identifies shared ones), on which tensors."""

    key: int
    node: Node
    inputs: tuple[int, ...]
    output: int
    line: int = 0


def _shape_step(walker, step: Step, in_shapes: list[tuple[int, ...]]) -> Shaped:
    if _is_merge(step.node):
        merge = importlib.import_module("cnn_demos.shapes").merge  # the package's shapes() shadows the module
        return merge(step.node, in_shapes, walker.layout)
    if isinstance(step.node, ScoredAttention):  # [query, value, key]: the value's features make the output's
        return attend(walker, step.node, in_shapes)
    # One input, or a weightless layer / an RNN given initial states: shaped by the first input; the other
    # inputs are there only so that what produced them (an encoder) stays in the model.  Attention's
    # (query, value, key) keep theirs: the value's and key's features size their projections.
    shaped = walker.node(step.node, in_shapes[0])
    return replace(shaped, in_shapes=tuple(in_shapes)) if _is_attention(step.node) else shaped


def _is_merge(node: Node) -> bool:
    return type(node).__name__ == "Merge"


def _is_attention(node: Node) -> bool:
    return type(node).__name__ == "Attention"


def _takes_all_inputs(node: Node) -> bool:
    """Run on every input it was called on; other layers get the first (the rest only keep their producers)."""
    return _is_merge(node) or _is_attention(node) or isinstance(node, ScoredAttention)


def count_graph(inputs: list[tuple[int, Input]], outputs: list[int], steps: list[Step], name: str = "model",
                limits: Limits = DEFAULT_LIMITS) -> Report:
    """``inputs``: (tensor id, Input node); ``outputs``: tensor ids; ``steps`` in the order the code made them."""
    needed = _reachable(outputs, steps)
    steps = [s for s in steps if s.output in needed]
    layout = inputs[0][1].layout if inputs else "channels_last"
    walker = Walker(limits, layout)
    shapes: dict[int, tuple[int, ...]] = {}
    for tensor, node in inputs:
        shapes[tensor] = to_internal(node.shape, node.layout)
    shaped: list[Shaped] = []
    for step in steps:
        missing = [t for t in step.inputs if t not in shapes]
        if missing:
            raise SpecError(f"{msg.line(step.line)}: {msg.GRAPH_DISCONNECTED}")
        result = _shape_step(walker, step, [shapes[t] for t in step.inputs])
        shapes[step.output] = result.out_shape
        shaped.append(result)
    return _count(inputs, outputs, steps, shaped, shapes, name, layout)


def _reachable(outputs: list[int], steps: list[Step]) -> set[int]:
    producer = {s.output: s for s in steps}
    needed, stack = set(), list(outputs)
    while stack:
        tensor = stack.pop()
        if tensor in needed:
            continue
        needed.add(tensor)
        if tensor in producer:
            stack.extend(producer[tensor].inputs)
    return needed


def _count(inputs, outputs, steps, shaped, shapes, name, layout) -> Report:
    modules: dict[int, torch.nn.Module] = {}
    for step, s in zip(steps, shaped):
        if step.key not in modules:
            modules[step.key] = build_module(s)
    for mod in modules.values():
        mod.eval()
    values = {t: torch.empty((1, *shapes[t]), device="meta") for t, _ in inputs}
    macs = [0] * len(steps)
    kept = [sum(math.prod(shapes[t]) for t, _ in inputs)]
    counter = FlopCount()
    with torch.no_grad(), counter:
        for index, step in enumerate(steps):
            mod = modules[step.key]
            handles = [sub.register_forward_hook(_hook(macs, index)) for sub in mod.modules()]
            args = [values[t] for t in step.inputs]
            if len(args) > 1 and not _takes_all_inputs(step.node):
                args = args[:1]  # the other inputs (initial states, a custom layer's extras) only keep them counted
            out = mod(*args) if len(args) > 1 else mod(args[0])
            for handle in handles:
                handle.remove()
            values[step.output] = out
            kept[0] += out.numel()
    seen: set[int] = set()
    rows = []
    for step, s, step_macs in zip(steps, shaped, macs):
        mod = modules[step.key]
        first = step.key not in seen
        seen.add(step.key)
        params = sum(p.numel() for p in mod.parameters()) + _bn_statistics(mod) if first else 0
        trainable = sum(p.numel() for p in mod.parameters() if p.requires_grad) if first else 0
        label = " ".join((s.node.name or s.node.source or type(s.node).__name__).split())
        rows.append(LayerRow(label, type(s.node).__name__, display(s.out_shape, layout), params, trainable, step_macs))
    unique = list(modules.values())
    input_text = ", ".join(display(to_internal(n.shape, n.layout), layout) for _, n in inputs)
    return Report.counted(
        name=name, layout=layout, input_shape=input_text, rows=tuple(rows),
        learnable=sum(p.numel() for m in unique for p in m.parameters()),
        trainable=sum(p.numel() for m in unique for p in m.parameters() if p.requires_grad),
        statistics=sum(_bn_statistics(m) for m in unique), macs=sum(macs), kept=kept[0], convention=KERAS,
        flop_counter_flops=int(counter.get_total_flops()),
    )


def _hook(macs: list[int], index: int):
    def hook(mod, inputs, output):
        if isinstance(output, torch.Tensor):
            macs[index] += _macs_of(mod, output, inputs)
    return hook


def block_of(layers: list[Node], name: str = "") -> Block:
    return Block(layers=tuple(layers), name=name, source=name)


__all__ = ["Step", "block_of", "count_graph"]
