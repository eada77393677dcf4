"""The records a layer family registers: which node types it defines (each with its shape rule, its torch
builder and examples that make it), and how the student may write them (compact words, Keras or PyTorch calls).

:mod:`cnn_demos.spec`, :mod:`cnn_demos.shapes` and :mod:`cnn_demos.build` read these tables and hold no
per-layer code of their own; ``tests/test_layer_registry.py`` checks that every record is complete.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cnn_demos.layers.arguments import Args
from cnn_demos.layers.node import Node

if TYPE_CHECKING:  # torch is imported when a model is built, not when a spec is parsed
    from torch import nn

    from cnn_demos.layers.shaped import Shape, Shaped
    from cnn_demos.shapes import Walker

ShapeRule = Callable[["Walker", Any, "Shape"], "Shaped"]
Builder = Callable[["Shaped", str], "nn.Module"]
Example = str | Callable[[], list[Node]]


@dataclass(frozen=True)
class Layer:
    """One node type, defined once: how its shapes are checked and which torch module counts it."""

    node: type[Node]
    shape: ShapeRule | None          # None: the checking pass handles it itself (the input)
    build: Builder                   # (checked node, device) → a module; imports torch itself
    examples: tuple[Example, ...]    # specs (or, for what only pasted programs make, node lists) using it
    keeps_channels: bool = False     # its input's channels pass through: a later layer stating them is believed
    from_code_only: bool = False     # only the code reader makes it (a Keras Lambda, a merge of tensors)


@dataclass(frozen=True)
class Compact:
    """Words of the compact language: ``parse(word, args, base)`` → a node, or None when it is not one.

    With ``braces``, ``head{a ; b -> c}``: ``parse(head, branches, base)`` gets the branches already parsed.
    """

    pattern: str                     # full match on the lower-case word
    parse: Callable[..., Node | None]
    braces: bool = False

    def matches(self, word: str) -> re.Match | None:
        return re.fullmatch(self.pattern, word)


@dataclass(frozen=True)
class Call:
    """One Keras or PyTorch class: which names, which framework, the positional signature, the maker."""

    pattern: str                      # full match on the lower-case class name
    framework: str                    # "keras", "torch" or "any"
    signature: tuple[str, ...]        # positional parameters, in order
    make: Callable[[Args, re.Match], Node | list[Node]]
    keywords: tuple[str, ...] = ()    # keyword-only parameters the maker reads
    formats: bool = False             # reads data_format (conv-like layers)
