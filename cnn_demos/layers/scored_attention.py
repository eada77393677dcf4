"""Keras' ``Attention`` (Luong-style) and ``AdditiveAttention`` (Bahdanau-style): attention without projections.

Called on ``[query, value]`` or ``[query, value, key]`` (key defaults to value), each a sequence (T, dim): the
query scores the keys, and the output is the values weighted by those scores, the query's length with the
value's features.  Their only weights are a scale: none for ``Attention`` unless ``use_scale=True`` (one number),
one more number for ``score_mode='concat'``, and for ``AdditiveAttention`` one per feature of the query (its
default ``use_scale=True``); Keras 3's ``build`` (keras/src/layers/attention/) makes exactly these.  The layer
needs its inputs as a list, so it is shaped in the functional graph (:func:`attend`); alone in a Sequential it
is refused, as Keras refuses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.arguments import Args
from cnn_demos.layers.node import Node
from cnn_demos.layers.registry import Call, Layer
from cnn_demos.layers.shaped import Shape, Shaped
from cnn_demos.messages import fa

if TYPE_CHECKING:
    from torch import nn

    from cnn_demos.shapes import Walker


@dataclass(frozen=True, kw_only=True)
class ScoredAttention(Node):
    """``score``: "dot" (Attention's default), "concat" (Attention's other mode) or "additive" (AdditiveAttention)."""

    score: str = "dot"
    scale: bool = False


def layer_name(node: ScoredAttention) -> str:
    """The Keras class the student wrote, for messages."""
    return "AdditiveAttention" if node.score == "additive" else "Attention"


def scored_attention_params(node: ScoredAttention, features: int) -> int:
    """A scale (one number; one per query feature when additive) and concat's score weight (one number)."""
    scale = (features if node.score == "additive" else 1) if node.scale else 0
    return scale + (node.score == "concat")


# ---------------------------------------------------------------- written as


def _k_attention(a: Args, m: re.Match) -> Node:
    score = a.choice("score_mode", ("dot", "concat"), "dot")
    return ScoredAttention(score=score, scale=a.bool("use_scale", False), **a.common())


def _k_additive(a: Args, m: re.Match) -> Node:
    return ScoredAttention(score="additive", scale=a.bool("use_scale", True), **a.common())


# ---------------------------------------------------------------- shapes


def attend(w: Walker, node: ScoredAttention, shapes: list[Shape]) -> Shaped:
    """``[query, value(, key)]``, each (dim, T) inside → (value's dim, query's T).  Keras' scores need the query's
    and key's features alike (a matmul, or their sum), and the weighted sum the value's and key's lengths."""
    layer = layer_name(node)
    if len(shapes) not in (2, 3):
        raise w.error(node, msg.ATTENTION_INPUTS.format(layer=layer, got=fa(len(shapes))))
    for shape in shapes:
        if len(shape) != 2:
            raise w.error(node, msg.WRONG_RANK.format(layer=layer, want=fa(2), shape=w.show(shape)))
    query, value = shapes[0], shapes[1]
    key = shapes[2] if len(shapes) == 3 else value
    if query[0] != key[0] or value[1] != key[1]:
        raise w.error(node, msg.ATTENTION_MISMATCH.format(layer=layer, query=w.show(query), value=w.show(value),
                                                          key=w.show(key)))
    w.limit(node, scored_attention_params(node, query[0]), w.limits.max_layer_params, msg.TOO_MANY_PARAMS)
    shaped = Shaped(node, query, (value[0], query[1]), in_shapes=tuple(shapes), layout=w.axes)
    return w.checked(node, shaped)


def _alone_shape(w: Walker, node: ScoredAttention, shape: Shape) -> Shaped:
    """One tensor, not a list: Keras raises that the layer must be called on [query, value]."""
    raise w.error(node, msg.ATTENTION_INPUTS.format(layer=layer_name(node), got=fa(1)))


# ---------------------------------------------------------------- torch


def _build(shaped: Shaped, device: str) -> nn.Module:
    from cnn_demos.layers.torch_modules import KerasScoredAttention

    return KerasScoredAttention(shaped.node, shaped.in_shape[0])


def _an_attention() -> list[Node]:
    from cnn_demos.layers.input import Input

    return [Input(shape=(7, 16), layout="channels_last"), ScoredAttention(score="additive", scale=True)]


LAYERS = (Layer(ScoredAttention, _alone_shape, _build, (_an_attention,), from_code_only=True),)
CALLS = (
    Call(r"attention", "keras", ("use_scale", "score_mode", "dropout", "seed"), _k_attention),
    Call(r"additiveattention", "keras", ("use_scale", "dropout"), _k_additive),
)
