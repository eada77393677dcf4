"""Attention: ``Attention`` (Keras ``MultiHeadAttention``, PyTorch ``nn.MultiheadAttention``) and PyTorch's
``nn.TransformerEncoderLayer`` written as our nodes (attention, LayerNorm and Dense in residuals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.arguments import Args, as_int
from cnn_demos.layers.dense import Dense
from cnn_demos.layers.merge import Block, Residual
from cnn_demos.layers.node import Node
from cnn_demos.layers.norm import LayerNorm
from cnn_demos.layers.registry import Call, Layer
from cnn_demos.layers.shaped import Shape, Shaped
from cnn_demos.messages import fa

if TYPE_CHECKING:
    from torch import nn

    from cnn_demos.shapes import Walker


@dataclass(frozen=True, kw_only=True)
class Attention(Node):
    """Multi-head attention over a sequence (E, T); self-attention: key and value are the query's sequence.

    Keras' MultiHeadAttention and PyTorch's nn.MultiheadAttention are the same four projections
    (query, key, value: E → heads·dim each; output: heads·value_dim → out_dim), each with a bias.
    """

    heads: int
    key_dim: int                     # per head (PyTorch: embed_dim // num_heads)
    value_dim: int | None = None     # per head; None = key_dim
    out_dim: int | None = None       # Keras output_shape; None = the query's features
    bias: bool = True
    embed_dim: int | None = None     # PyTorch states it; checked against the input


# ---------------------------------------------------------------- written as


def _k_attention(a: Args, m: re.Match) -> Node:
    out = a.raw("output_shape", None)
    if out is not None and not (as_int(out) or isinstance(out, (tuple, list)) and len(out) == 1):
        raise a.bad("output_shape", msg.WANT_INT)
    out = out if out is None or as_int(out) else out[0]
    if a.raw("attention_axes", None) is not None:
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="attention_axes", layer=a.layer, why=msg.WHY_DEFAULT_ONLY))
    return Attention(heads=a.int("num_heads"), key_dim=a.int("key_dim"), value_dim=a.int("value_dim", None),
                     out_dim=None if out is None else as_int(out), bias=a.bool("use_bias", True), **a.common())


def _t_attention(a: Args, m: re.Match) -> Node:
    embed, heads = a.int("embed_dim"), a.int("num_heads")
    for key in ("add_bias_kv", "add_zero_attn"):
        if a.bool(key, False):
            raise a.error(msg.UNSUPPORTED_OPTION.format(option=key, layer=a.layer, why=msg.WHY_DEFAULT_ONLY))
    for key in ("kdim", "vdim"):
        if a.raw(key, None) not in (None, embed):
            raise a.error(msg.UNSUPPORTED_OPTION.format(option=key, layer=a.layer, why=msg.WHY_DEFAULT_ONLY))
    if embed % heads:
        raise a.bad("num_heads", msg.WANT_DIVISOR.format(size=embed))
    return Attention(heads=heads, key_dim=embed // heads, bias=a.bool("bias", True), embed_dim=embed, **a.common())


def _t_encoder_layer(a: Args, m: re.Match) -> Node:
    """nn.TransformerEncoderLayer as our nodes: self-attention and a two-layer feed-forward, each added back
    to its input and layer-normalised (after the add, or before the sublayer with ``norm_first``)."""
    width, bias = a.int("d_model"), a.bool("bias", True)
    where = {"number": a.base.get("number", 0), "path": a.base.get("path", ()), "source": a.base.get("source", "")}
    attention = _t_attention(Args(a.layer, {"embed_dim": width, "num_heads": a.int("nhead"), "bias": bias}, a.base),
                             m)
    act = a.raw("activation", "relu")
    act = a.activation() if isinstance(act, str) else "relu"  # a function (F.gelu) has no weights either
    feed = (Dense(units=a.int("dim_feedforward", 2048), bias=bias, activation=act, last_axis=True, **where),
            Dense(units=width, bias=bias, last_axis=True, **where))
    norm = LayerNorm(center=bias, size=width, **where)
    if a.bool("norm_first", False):
        layers = (Residual(body=(norm, attention), **where), Residual(body=(norm, *feed), **where))
    else:
        layers = (Residual(body=(attention,), **where), norm, Residual(body=feed, **where), norm)
    return Block(layers=layers, **a.common())


# ---------------------------------------------------------------- shapes


def _attention_shape(w: Walker, node: Attention, shape: Shape) -> Shaped:
    """A sequence (E, T) attends to itself → (out_dim or E, T)."""
    if len(shape) != 2:
        raise w.error(node, msg.WRONG_RANK.format(layer="MultiHeadAttention", want=fa(2),
                                                  shape=w.show(shape)))
    if node.embed_dim is not None and node.embed_dim != shape[0]:
        raise w.error(node, msg.IN_CHANNELS_MISMATCH.format(expected=node.embed_dim, got=shape[0]))
    for size in (node.heads * node.key_dim, node.heads * (node.value_dim or node.key_dim), node.out_dim or 1):
        w.limit(node, size, w.limits.max_units, msg.TOO_MANY_CHANNELS)
    w.limit(node, attention_params(node, shape[0]), w.limits.max_layer_params, msg.TOO_MANY_PARAMS)
    return w.checked(node, Shaped(node, shape, (node.out_dim or shape[0], shape[1])))


def attention_params(node: Attention, features: int) -> int:
    """Query and key E → heads·key_dim, value E → heads·value_dim, output heads·value_dim → out_dim; biases."""
    keys, values = node.heads * node.key_dim, node.heads * (node.value_dim or node.key_dim)
    out = node.out_dim or features
    weights = features * (2 * keys + values) + values * out
    return weights + (2 * keys + values + out if node.bias else 0)


# ---------------------------------------------------------------- torch


def _build_attention(shaped: Shaped, device: str) -> nn.Module:
    """Self-attention, or Keras' ``(query, value, key)`` from a graph (``in_shapes``; key defaults to value)."""
    from cnn_demos.layers.torch_modules import MultiHeadAttention

    features = [s[0] for s in shaped.in_shapes] or [shaped.in_shape[0]]
    value = features[1] if len(features) > 1 else features[0]
    return MultiHeadAttention(shaped.node, features[0], value, features[2] if len(features) > 2 else value)


LAYERS = (
    Layer(Attention, _attention_shape, _build_attention,
          ("Input(shape=(7, 16))\nMultiHeadAttention(2, 4)",
           "Input(shape=(7, 16))\nMultiHeadAttention(2, 4, value_dim=3, output_shape=5, use_bias=False)",
           "input 16x7 cf | nn.MultiheadAttention(16, 4)", "input 16x7 cf | nn.TransformerEncoderLayer(16, 2, 32)")),
)
CALLS = (
    Call(r"multiheadattention", "keras", ("num_heads", "key_dim", "value_dim", "dropout", "use_bias",
                                          "output_shape", "attention_axes"), _k_attention, ("seed", "flash_attention")),
    Call(r"multiheadattention", "torch", ("embed_dim", "num_heads", "dropout", "bias", "add_bias_kv",
                                          "add_zero_attn", "kdim", "vdim", "batch_first"), _t_attention),
    Call(r"transformerencoderlayer", "torch", ("d_model", "nhead", "dim_feedforward", "dropout", "activation",
                                               "layer_norm_eps", "batch_first", "norm_first", "bias"),
         _t_encoder_layer),
)
