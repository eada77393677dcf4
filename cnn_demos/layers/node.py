"""What every layer is: a :class:`Node` (where the student typed it, and what Keras said of it), and the error
a layer raises when what was typed is wrong."""

from __future__ import annotations

from dataclasses import dataclass

from cnn_demos import messages as msg


class SpecError(ValueError):
    """A spec the student typed is wrong; ``str()`` is a Persian sentence naming the layer and token."""

    def __init__(self, text: str, number: int | None = None, path: tuple[int, ...] = (), token: str = ""):
        self.number, self.path, self.token, self.detail = number, path, token, text
        super().__init__(f"{msg.where(number, path)}: {text}" if number else text)


@dataclass(frozen=True, kw_only=True)
class Node:
    number: int = 0                 # the layer's position in what was typed (1-based)
    path: tuple[int, ...] = ()      # branch/layer indices inside concat{} / residual{}
    source: str = ""                # the text of this layer, for tables and errors
    name: str = ""                  # a label for tables (zoo models set it)
    trainable: bool = True          # Keras trainable=False: the layer's parameters count as non-trainable
    data_format: str | None = None  # a Keras layer's stated data_format; must agree with the model's layout

    def other_format_read(self, layout: str) -> bool:
        """Whether a ``data_format`` other than the model's ``layout`` is a choice of axes this layer reads (a
        global pooling's), not a mismatch to refuse."""
        return False

