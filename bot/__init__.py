"""The Telegram bot (python-telegram-bot v22) and the console that runs the same conversation.

``create_conversation(settings)`` puts the services the application builds (the knowledge base, the
model client) together with the bot's records and limits; ``create_courses(settings)`` does it for every
course one bot serves; ``bot.app`` puts Telegram around them, ``bot.console`` a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.conversation import Conversation
from daneshyar.application.settings import Settings

if TYPE_CHECKING:
    from bot.courses import Courses


def create_conversation(settings: Settings, use_llm: bool = True, **config_overrides) -> Conversation:
    """The conversation the bot and the console run, over the settings' course; with a model configured (and
    ``use_llm``), answers are rewritten by it and checked.  ``config_overrides`` change the bot's settings
    (``settings.bot``).  The bot's records stay in the home directory, whichever the course."""
    from dataclasses import replace

    from bot.state import BotState
    from bot.storage import sqlite_url
    from daneshyar.application.wiring import model_client, open_knowledge

    kb = open_knowledge(settings)
    state = BotState(settings.database_url or sqlite_url(settings.home / "bot.sqlite3"))  # one for every course
    return Conversation(kb, state, replace(settings.bot, **config_overrides), writer=lambda: open_knowledge(settings),
                        model=model_client(settings) if use_llm else None, course=settings.course)


def create_courses(settings: Settings, use_llm: bool = True) -> Courses:
    """Every course of the home, for one bot: the default course's conversation, and the others opened on
    first use beside it (:meth:`Courses.around`)."""
    from bot.courses import Courses
    from daneshyar.application.courses import DEFAULT_COURSE

    return Courses.around(create_conversation(settings.with_overrides(course=DEFAULT_COURSE), use_llm=use_llm))
