"""The errors a front end shows the user as one sentence, named once.

A front end turns these into one line (the CLI a ``ClickException``, the bot its reply) and lets anything
else reach its error handler: a bug is never dressed up as a message to the user.  The domain packages
keep their own classes (they import nothing from here); the tuples below say which of theirs carry a
sentence for the user.  :data:`KNOWLEDGE_ERRORS` is made on first use, so that a front end that only
calculates (``daneshyar calc``) does not import the knowledge base.
"""

from __future__ import annotations

from cnn_demos.spec import SpecError
from cnn_demos.zoo import UnknownModel


class DaneshyarError(Exception):
    """Base of the application's own errors."""


class UserError(DaneshyarError):
    """Something the user can correct; ``str()`` is the sentence to show them."""


class SettingsError(UserError):
    """A setting (environment variable or settings file) with a value that cannot be used; the sentence
    names the variable."""


# A calculation refused: the numbers make no valid layer (SpecError) or the zoo has no such model.
CALCULATION_ERRORS: tuple[type[Exception], ...] = (SpecError, UnknownModel)
KNOWLEDGE_ERRORS: tuple[type[Exception], ...]  # no value here: made by __getattr__ on first use


def __getattr__(name: str) -> tuple[type[Exception], ...]:
    """``KNOWLEDGE_ERRORS``: the knowledge base refused to open or to answer: an index built by another
    embedder, an embedder that cannot load, a busy or broken base, and ValueError for a glossary or question
    file with a bad line."""
    if name == "KNOWLEDGE_ERRORS":
        from knowledge import EmbedderError, IndexMismatch, KnowledgeBaseError

        return (UserError, KnowledgeBaseError, IndexMismatch, EmbedderError, ValueError)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CALCULATION_ERRORS", "KNOWLEDGE_ERRORS", "DaneshyarError", "SettingsError", "UserError"]
