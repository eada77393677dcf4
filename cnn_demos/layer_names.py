"""How the frameworks label a layer in their own summaries, so a table row reads like the student's notebook.

Keras: ``conv2d_1 (Conv2D)`` — the ``name=`` given, else the class name in snake case numbered per name as it is
made (``keras.src.utils.naming``). PyTorch's ``nn.Sequential`` prints ``(0): Conv2d(...)``; the table shows
``0: Conv2d``, as it shows ``conv1: Conv2d`` for a named attribute.
"""

from __future__ import annotations

import re


def snake_case(kind: str) -> str:
    """Keras' ``to_snake_case``: MaxPooling2D → max_pooling2d, ReLU → re_lu, LSTM → lstm."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", re.sub(r"\W+", "", kind))
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


class KerasTitles:
    """Labels for the Keras layers of one paste, numbered in the order they are made."""

    def __init__(self) -> None:
        self.made: dict[str, int] = {}

    def title(self, kind: str, given: object = None) -> str:
        if isinstance(given, str) and given:
            return f"{given} ({kind})"
        base = snake_case(kind)
        count = self.made.get(base, 0)
        self.made[base] = count + 1
        return f"{base}_{count} ({kind})" if count else f"{base} ({kind})"


def torch_title(index: int, kind: str) -> str:
    """A layer of an ``nn.Sequential`` by its position."""
    return f"{index}: {kind}"


__all__ = ["KerasTitles", "snake_case", "torch_title"]
