"""The services the settings describe, built in one place: the knowledge base and the model client.

The calculator needs no building: :mod:`cnn_demos.commands` is a table of functions, and the bot starts
its worker itself (``commands.warm``).  Front ends call these instead of opening things their own way,
so the CLI, the bot and its console run the same base with the same model.
"""

from __future__ import annotations

from collections.abc import Callable

from daneshyar.application.settings import Settings
from knowledge import KnowledgeBase
from knowledge.llm import ChatModel
from knowledge.types import Step


def open_knowledge(settings: Settings, progress: Callable[[Step], None] | None = None,
                   check_embedder: bool = True, **overrides) -> KnowledgeBase:
    """The knowledge base of ``settings`` (``overrides`` change its :class:`~knowledge.KBConfig`)."""
    if settings.embedder.startswith("st:"):
        _torchvision_loadable()
    return KnowledgeBase.open(settings.kb_config(**overrides), progress=progress, check_embedder=check_embedder)


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
