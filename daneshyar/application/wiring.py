"""The services the settings describe, built in one place: the knowledge base and the model client.

The calculator needs no building: :mod:`cnn_demos.commands` is a table of functions, and the bot starts
its worker itself (``commands.warm``).  Front ends call these instead of opening things their own way,
so the CLI, the bot and its console run the same base with the same model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from daneshyar.application.courses import DEFAULT_COURSE, course_name
from daneshyar.application.settings import Settings
from knowledge import KnowledgeBase
from knowledge.embed import Embedder
from knowledge.llm import ChatModel
from knowledge.types import Step


def open_knowledge(settings: Settings, progress: Callable[[Step], None] | None = None,
                   check_embedder: bool = True, course: str | None = None, embedder: Embedder | None = None,
                   **overrides) -> KnowledgeBase:
    """The knowledge base of ``course`` (default: the settings' course); ``embedder`` is another open
    base's, shared (one model in memory however many courses are open); ``overrides`` change its
    :class:`~knowledge.KBConfig`.  A course other than the default starts empty: its material is what its
    staff add, not the built-in notes the default course has always started with."""
    if settings.embedder.startswith("st:"):
        _torchvision_loadable()
    if course is not None:
        settings = replace(settings, course=course_name(course))
    if settings.course != DEFAULT_COURSE:
        overrides = {"builtin": False, **overrides}
    return KnowledgeBase.open(settings.kb_config(**overrides), progress=progress, check_embedder=check_embedder,
                              embedder=embedder)


def model_client(settings: Settings) -> ChatModel | None:
    """The configured language model's client, or None when there is none (answers stay extractive)."""
    config = settings.model_config()
    return ChatModel(config) if config is not None else None


def _torchvision_loadable() -> None:
    """transformers imports torchvision whenever it is installed, and this install pairs a CUDA torchvision
    with a CPU torch (for cnn_demos' zoo); the workaround lives beside that zoo, and is applied here, where
    the two domain packages meet, so that ``knowledge`` never imports ``cnn_demos``."""
    from cnn_demos.torchvision_compat import importable_torchvision

    try:
        importable_torchvision()
    except ImportError:
        pass  # no torchvision: transformers does not look for it


__all__ = ["model_client", "open_knowledge"]
