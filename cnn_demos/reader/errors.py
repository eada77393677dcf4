"""How reading stops: refused outright, or a statement we could not follow (named by line and token).

A :class:`Refusal` ends reading at once (unsafe or too big).  An :class:`Unfollowable` only makes one
statement's result unknown; it becomes the student's :class:`~cnn_demos.spec.SpecError` if the model
needs that statement (:func:`spec_error`).
"""

from __future__ import annotations

import ast

from cnn_demos import messages as msg
from cnn_demos.spec import SpecError


class Refusal(SpecError):
    """Something the reader will not do (unsafe, too big); stops reading at once."""


class Unfollowable(Exception):
    """A construct this statement needs that we do not follow; the statement's targets become opaque."""

    during_forward = False  # raised while running the model on an example: the model itself still stands

    def __init__(self, line: int, token: str, text: str) -> None:
        super().__init__(text)
        self.line, self.token, self.text = line, token, text


class UndefinedClass(Unfollowable):
    """A layer class the paste calls but never defines, or that its framework lacks (``nn.Conv2dd``): what it
    holds is unknown, weights and all, so a model that keeps one is refused, naming it, never counted without it."""


def spec_error(exc: Unfollowable) -> SpecError:
    """The student's error for a statement we could not follow: its line, then why."""
    return SpecError(f"{msg.line(exc.line)}: {exc.text}", token=exc.token)


def snippet(node: ast.AST, width: int = 60) -> str:
    """A piece of the student's code as a message quotes it: one line, at most ``width`` characters."""
    try:
        text = ast.unparse(node)
    except Exception:  # noqa: BLE001 - only for messages
        text = type(node).__name__
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def first_line(exc: BaseException) -> str:
    """A library's error in one short line: the student sees what went wrong, not a traceback."""
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:200]
