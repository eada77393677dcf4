"""Every registered layer type is complete and agrees with torch: a new layer needs only its family module.

For each :class:`~cnn_demos.layers.registry.Layer`: some example is parsed into it (unless only the code
reader makes it), its shape rule runs, its builder gives a module, and that module, run on a zero tensor,
gives exactly the shape the rule promised.
"""

from __future__ import annotations

import pytest
import torch

from cnn_demos.build import module
from cnn_demos.layers import CALLS, COMPACT, LAYERS
from cnn_demos.layers.input import Input
from cnn_demos.layers.merge import Merge
from cnn_demos.layers.node import Node
from cnn_demos.layers.scored_attention import ScoredAttention, attend
from cnn_demos.shapes import DEFAULT_LIMITS, Walker, infer, merge
from cnn_demos.spec import parse


def _nodes(example) -> list[Node]:
    return parse(example) if isinstance(example, str) else example()


def _types(nodes) -> set[type]:
    """Node types in a model, children (branches, bodies, wrapped layers) included."""
    found: set[type] = set()
    for node in nodes:
        found.add(type(node))
        for value in vars(node).values():
            for item in value if isinstance(value, tuple) else (value,):
                found |= _types(n for n in (item if isinstance(item, tuple) else (item,)) if isinstance(n, Node))
    return found


def _all_node_types() -> set[type]:
    pending, found = [Node], set()
    while pending:
        for sub in pending.pop().__subclasses__():
            found.add(sub)
            pending.append(sub)
    return found


def test_every_node_type_is_registered_once():
    registered = [layer.node for layer in LAYERS]
    assert len(registered) == len(set(registered))
    assert _all_node_types() - set(registered) == set()


def test_every_way_of_writing_a_layer_lives_in_a_family_module():
    makers = [c.make for c in CALLS] + [w.parse for w in COMPACT]
    assert all(m.__module__.startswith("cnn_demos.layers.") for m in makers)
    assert {c.framework for c in CALLS} <= {"keras", "torch", "any"}


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.node.__name__)
def test_layer_is_complete(layer):
    assert layer.examples, "every layer gives at least one example"
    assert callable(layer.build)
    assert layer.shape is not None or layer.node is Input  # the input is shaped by the checking pass itself
    if not layer.from_code_only:
        made = set().union(*(_types(_nodes(e)) for e in layer.examples if isinstance(e, str)))
        assert layer.node in made, "no example parses into this layer"


def _examples():
    for layer in LAYERS:
        for index, example in enumerate(layer.examples):
            yield pytest.param(layer, example, id=f"{layer.node.__name__}-{index}")


@pytest.mark.parametrize(("layer", "example"), list(_examples()))
def test_shape_rule_agrees_with_the_module_it_builds(layer, example):
    """Build every row on the CPU, run zeros through it, compare with the rule's shape (and the row's input)."""
    nodes = _nodes(example)
    if layer.node in (Merge, ScoredAttention):  # several inputs: shaped together, built and run with two equal ones
        first = infer(nodes[:1])[0]
        if layer.node is Merge:
            shaped = merge(nodes[1], [first.out_shape, first.out_shape], first.layout)
        else:
            shaped = attend(Walker(DEFAULT_LIMITS, first.layout), nodes[1], [first.out_shape, first.out_shape])
        x = torch.zeros((1, *first.out_shape))
        assert tuple(module(shaped, "cpu")(x, x).shape[1:]) == shaped.out_shape
        return
    shaped = infer(nodes)
    assert any(layer.node in _types([s.node]) for s in shaped)
    x = torch.zeros((1, *shaped[0].in_shape))
    for row in shaped:
        assert tuple(x.shape[1:]) == row.in_shape
        built = module(row, "cpu").eval()
        with torch.no_grad():
            x = built(x)
        assert tuple(x.shape[1:]) == row.out_shape, f"{type(row.node).__name__}: torch {tuple(x.shape[1:])}"
