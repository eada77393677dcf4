"""The Telegram bot (python-telegram-bot v22) and the console that runs the same conversation.

``create_conversation(settings)`` wires the knowledge base, the bot's records and
the limits together; ``bot.app`` puts Telegram around it, ``bot.console`` a terminal.
"""

from __future__ import annotations

from bot.conversation import BotConfig, Conversation
from daneshyar.application.settings import Settings


def bot_config(settings: Settings) -> BotConfig:
    return BotConfig(
        admin_ids=frozenset(settings.admin_ids),
        questions_per_minute=settings.questions_per_minute,
        calculations_per_minute=settings.calculations_per_minute,
        max_question_chars=settings.max_question_chars,
        max_file_mb=settings.max_file_mb,
        followup_minutes=settings.followup_minutes,
        digest_hours=settings.digest_hours,
        staff_chat=settings.staff_chat,
    )


def create_conversation(settings: Settings, use_llm: bool = True, **config_overrides) -> Conversation:
    """The conversation the bot and the console run; with a model configured (and ``use_llm``), answers are
    rewritten by it and checked."""
    from dataclasses import replace

    from bot.state import BotState
    from knowledge import KnowledgeBase
    from knowledge.llm import ChatModel

    kb = KnowledgeBase.open(settings.kb_config())
    state = BotState(kb.home / "bot.sqlite3")
    config = replace(bot_config(settings), **config_overrides)
    model_config = settings.model_config() if use_llm else None
    return Conversation(kb, state, config, writer=lambda: KnowledgeBase.open(settings.kb_config()),
                        model=ChatModel(model_config) if model_config else None)
