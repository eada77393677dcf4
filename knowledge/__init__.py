"""Daneshyar's knowledge base: Persian course material in, cited answers out.

    from knowledge import KBConfig, KnowledgeBase
    kb = KnowledgeBase.open(KBConfig(home=Path("~/.daneshyar").expanduser()))
    answer = kb.ask("لنت کی اومد؟")

Knows nothing of Telegram; ``bot/`` and the CLI render what it returns.
"""

from knowledge.base import AddReport, Busy, KBConfig, KnowledgeBase, KnowledgeBaseError, QueryError
from knowledge.embed import EmbedderError
from knowledge.index import IndexMismatch
from knowledge.retrieve import Mode
from knowledge.types import Answer, Citation, Hit

__all__ = [
    "AddReport",
    "Answer",
    "Busy",
    "Citation",
    "EmbedderError",
    "Hit",
    "IndexMismatch",
    "KBConfig",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Mode",
    "QueryError",
]
