"""The errors a front end shows the user as one sentence, named once.

A front end turns these into one line (the CLI a ``ClickException``, the bot its reply) and lets anything
else reach its error handler: a bug is never dressed up as a message to the user.  The domain packages
keep their own classes (they import nothing from here); the tuples below say which of theirs carry a
sentence for the user.
"""

from __future__ import annotations

from cnn_demos.spec import SpecError
from cnn_demos.zoo import UnknownModel
from knowledge import EmbedderError, IndexMismatch, KnowledgeBaseError


class DaneshyarError(Exception):
    """Base of the application's own errors."""


class UserError(DaneshyarError):
    """Something the user can correct; ``str()`` is the sentence to show them."""


class SettingsError(UserError):
    """A setting (environment variable or settings file) with a value that cannot be used; the sentence
    names the variable."""


# The knowledge base refused to open or to answer: an index built by another embedder, an embedder that
# cannot load, a busy or broken base, and ValueError for a glossary or question file with a bad line.
KNOWLEDGE_ERRORS: tuple[type[Exception], ...] = (UserError, KnowledgeBaseError, IndexMismatch, EmbedderError,
                                                 ValueError)
# A calculation refused: the numbers make no valid layer (SpecError) or the zoo has no such model.
CALCULATION_ERRORS: tuple[type[Exception], ...] = (SpecError, UnknownModel)

__all__ = ["CALCULATION_ERRORS", "KNOWLEDGE_ERRORS", "DaneshyarError", "SettingsError", "UserError"]
