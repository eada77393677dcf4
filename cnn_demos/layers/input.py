"""The model's input: ``Input`` (the shape as typed, and its layout: channels-last or channels-first).

Compact ``input 224x224x3`` (``cf``/``cl`` to say the layout); Keras ``Input(shape=...)``, ``InputLayer``, or a first
layer's ``input_shape=``.  The layout is settled from the whole model in :func:`cnn_demos.spec.resolve_input`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.layers.arguments import Args, as_int, size_tuple
from cnn_demos.layers.node import Node, SpecError
from cnn_demos.layers.registry import Call, Compact, Layer
from cnn_demos.layers.shaped import Shaped

if TYPE_CHECKING:
    from torch import nn



@dataclass(frozen=True, kw_only=True)
class Input(Node):
    shape: tuple[int, ...]          # as typed
    layout: str                     # "channels_last" | "channels_first"
    layout_given: bool = False
    from_keras: bool = False        # Keras' default channels_last, which a layer's data_format may overturn


_SMALL_CHANNELS = (1, 3, 4)



def layout_from_shape(shape: tuple[int, ...]) -> str | None:
    """What the numbers alone say; None when they do not tell.

    Square spatial axes first: ``3x224x224`` and ``192x28x28`` are channels-first, ``28x28x192``
    channels-last (in general the two axes next to the channels are equal on one side only).
    Then a 1, 3 or 4 at one end and not the other marks the channels.  One axis, or all
    equal, reads the same either way.
    """
    if len(shape) < 2 or len(set(shape)) == 1:
        return "channels_last"
    if len(shape) >= 3:
        first_square, last_square = shape[-2] == shape[-1], shape[-3] == shape[-2]
        if first_square != last_square:
            return "channels_first" if first_square else "channels_last"
    if shape[0] in _SMALL_CHANNELS and shape[-1] not in _SMALL_CHANNELS:
        return "channels_first"
    if shape[-1] in _SMALL_CHANNELS and shape[0] not in _SMALL_CHANNELS:
        return "channels_last"
    return None


# ---------------------------------------------------------------- written as


def _compact_input(word: str, args: list[str], base: dict) -> Input:
    number, path = base["number"], base["path"]
    layout, shape = None, None
    for tok in args:
        low = tok.lower()
        if low in ("cl", "channels_last", "nhwc", "hwc", "keras"):
            layout = "channels_last"
        elif low in ("cf", "channels_first", "nchw", "chw", "torch", "pytorch"):
            layout = "channels_first"
        else:
            shape = size_tuple(tok, number, path)
    if shape is None:
        raise SpecError(msg.MISSING_ARG.format(what="شکل ورودی"), number, path, base["source"])
    guessed = layout or layout_from_shape(shape) or "channels_last"  # settled in parse()
    return Input(shape=shape, layout=guessed, layout_given=layout is not None, **base)


def _k_input(a: Args, m: re.Match) -> Node:
    if a.has("batch_shape") and not a.has("shape"):
        shape = tuple(a.raw("batch_shape"))[1:]
    else:
        shape = a.raw("shape") if a.has("shape") else a.raw("input_shape")
    return keras_input(shape, a, a.base.get("source", ""))


def keras_input(shape, a: Args, source: str) -> Input:
    values = shape if isinstance(shape, (tuple, list)) else (shape,)
    if any(v is None for v in values):
        raise a.error(msg.NONE_IN_SHAPE.format(shape=tuple(values)))
    numbers = tuple(as_int(v) for v in values)
    if not numbers or any(n is None or n <= 0 for n in numbers):
        raise a.error(msg.BAD_SHAPE.format(token=shape))
    return Input(shape=numbers, layout="channels_last", layout_given=True, from_keras=True,
                 number=a.base.get("number", 0), path=a.base.get("path", ()), source=source)


# ---------------------------------------------------------------- torch


def _build_input(shaped: Shaped, device: str) -> nn.Module:
    from torch import nn

    return nn.Identity()


LAYERS = (Layer(Input, None, _build_input, ("input 8x8x3", "input 3x8x8 cf", "Input(shape=(8, 8, 3))")),)
COMPACT = (Compact(r"input|in", _compact_input),)
CALLS = (
    Call(r"input|inputlayer", "keras", ("shape", "batch_size", "name", "dtype", "sparse", "tensor", "ragged"),
         _k_input, ("batch_shape", "input_shape", "input_tensor", "type_spec")),
)
