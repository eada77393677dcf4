"""The Telegram bot (python-telegram-bot v22) and the console that runs the same conversation.

``create_conversation(settings)`` puts the services the application builds (the knowledge base, the
model client) together with the bot's records and limits; ``bot.app`` puts Telegram around it,
``bot.console`` a terminal.
"""

from __future__ import annotations

from bot.conversation import Conversation
from daneshyar.application.settings import Settings


def create_conversation(settings: Settings, use_llm: bool = True, **config_overrides) -> Conversation:
    """The conversation the bot and the console run; with a model configured (and ``use_llm``), answers are
    rewritten by it and checked.  ``config_overrides`` change the bot's settings (``settings.bot``)."""
    from dataclasses import replace

    from bot.state import BotState
    from bot.storage import sqlite_url
    from daneshyar.application.wiring import model_client, open_knowledge

    kb = open_knowledge(settings)
    state = BotState(settings.database_url or sqlite_url(kb.home / "bot.sqlite3"))
    return Conversation(kb, state, replace(settings.bot, **config_overrides), writer=lambda: open_knowledge(settings),
                        model=model_client(settings) if use_llm else None)
