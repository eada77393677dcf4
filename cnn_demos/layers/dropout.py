"""Layers that keep the shape and have no weights: ``Dropout`` (and its spatial, alpha and Gaussian
kin) and ``PassThrough`` (Rescaling, GaussianNoise, ActivityRegularization, Masking).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnn_demos.layers.activation import _same_shape
from cnn_demos.layers.arguments import Args, rate
from cnn_demos.layers.node import Node
from cnn_demos.layers.registry import Call, Compact, Layer
from cnn_demos.layers.shaped import Shaped

if TYPE_CHECKING:
    from torch import nn



@dataclass(frozen=True, kw_only=True)
class Dropout(Node):
    rate: float = 0.5


@dataclass(frozen=True, kw_only=True)
class PassThrough(Node):
    """A layer that changes no shape and has no weights (Rescaling, GaussianNoise, Masking, ...)."""

    layer: str


# ---------------------------------------------------------------- written as


def _compact_dropout(word: str, args: list[str], base: dict) -> Dropout:
    return Dropout(rate=rate(args[0] if args else "0.5", base), **base)


def _k_dropout(a: Args, m: re.Match) -> Node:
    return Dropout(rate=a.rate("p" if a.has("p") and not a.has("rate") else "rate"), **a.common())


def _t_dropout(a: Args, m: re.Match) -> Node:
    return Dropout(rate=a.rate("p"), **a.common())


def _pass_through(a: Args, m: re.Match) -> Node:
    return PassThrough(layer=a.layer, **a.common())


# ---------------------------------------------------------------- torch


def _build_dropout(shaped: Shaped, device: str) -> nn.Module:
    from torch import nn

    return nn.Dropout(shaped.node.rate)


def _build_pass_through(shaped: Shaped, device: str) -> nn.Module:
    from torch import nn

    return nn.Identity()


LAYERS = (
    Layer(Dropout, _same_shape, _build_dropout, ("input 10 | dropout 0.2", "input 10 | dropout",
                                                 "input 4x4x3 | SpatialDropout2D(0.1)", "input 10 | nn.Dropout(p=0.3)"),
          keeps_channels=True),
    Layer(PassThrough, _same_shape, _build_pass_through,
          ("Input(shape=(8, 8, 3))\nRescaling(1./255)", "input 10 | GaussianNoise(0.1)",
           "Input(shape=(5, 4))\nMasking()"), keeps_channels=True),
)
COMPACT = (Compact(r"dropout", _compact_dropout),)
CALLS = (
    Call(r"dropout|alphadropout|gaussiandropout", "keras", ("rate", "noise_shape", "seed"), _k_dropout, ("p",)),
    Call(r"spatialdropout[123]d", "keras", ("rate", "data_format"), _k_dropout),
    Call(r"dropout[123]?d?|alphadropout|featurealphadropout", "torch", ("p", "inplace"), _t_dropout),
    Call(r"gaussiannoise", "keras", ("stddev", "seed"), _pass_through),
    Call(r"activityregularization", "keras", ("l1", "l2"), _pass_through),
    Call(r"rescaling", "keras", ("scale", "offset"), _pass_through),
    Call(r"masking", "keras", ("mask_value",), _pass_through),
)
