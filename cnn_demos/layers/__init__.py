"""Every layer type, defined once: one module per family holds its node types, how the student may write them
(compact words, Keras and PyTorch calls), their shape rules and their torch builders.

To add a layer type: write it in its family's module (node, parser, shape rule, builder, and an example
in its :class:`~cnn_demos.layers.registry.Layer` record); ``tests/test_layer_registry.py`` then checks it end to
end.  A new family is one more module here in :data:`FAMILIES`.  :mod:`cnn_demos.spec`, :mod:`cnn_demos.shapes`
and :mod:`cnn_demos.build` read the tables below and hold only the machinery.

No family imports torch when it is imported: a builder imports it when a model is built, so parsing a
spec (routing a chat message) stays fast.
"""

from __future__ import annotations

from cnn_demos.layers import (
    activation,
    attention,
    conv,
    custom,
    dense,
    dropout,
    input,
    merge,
    norm,
    pool,
    recurrent,
    reshape,
    scored_attention,
    spatial,
)
from cnn_demos.layers.registry import Call, Compact, Layer

# The order matters only where two compact words could match: ``linear`` is Dense's before it is an activation.
FAMILIES = (input, conv, dense, pool, norm, dropout, reshape, activation, recurrent, attention, scored_attention,
            spatial, merge, custom)

LAYERS: tuple[Layer, ...] = tuple(layer for family in FAMILIES for layer in family.LAYERS)
COMPACT: tuple[Compact, ...] = tuple(word for family in FAMILIES for word in getattr(family, "COMPACT", ()))
CALLS: tuple[Call, ...] = tuple(call for family in FAMILIES for call in getattr(family, "CALLS", ()))

__all__ = ["CALLS", "COMPACT", "FAMILIES", "LAYERS", "Call", "Compact", "Layer"]
