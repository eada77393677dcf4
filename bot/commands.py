"""The bot's commands, defined once: the Telegram handlers, the console, Telegram's command menu and
``/help`` all read :data:`COMMANDS`, as they read :data:`cnn_demos.commands.COMMANDS` for calculations.

Most commands are plain: a row whose ``run`` calls a :class:`~bot.conversation.Conversation` method.
The bot runs it in a worker thread and sends the replies; the console prints them.  Adding such a
command is a row here and its method on the conversation (with its Persian texts in
:mod:`bot.messages`).  A few have a flow of their own on each front end (``run`` is None): ``/ask``
streams a model's answer, ``/add`` downloads a file, ``/learn`` reads the message it replies to, ``/course`` picks or binds a course (:mod:`bot.courses`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from bot import messages as msg
from bot.conversation import Conversation, Reply
from cnn_demos.commands import COMMANDS as CALCULATIONS
from knowledge.formats import registry


@dataclass(frozen=True)
class BotCommand:
    name: str
    menu: str = ""                 # Persian, its line in Telegram's command menu ("": not in the menu)
    usage: str = ""                # its entry in /help's maintainers' line ("": not listed there)
    run: Callable[[Conversation, str, int | None], list[Reply]] | None = None  # (conversation, args, user)
    calculation: bool = False      # a row of cnn_demos' table: Conversation.calc runs it
    writes: bool = False           # changes the base: the bot runs it in the updates' thread, one at a time
    report: bool = False           # lists other students' questions: asked in a group, it goes to the asker
    names_course: bool = False     # «/stats NAME»: about course NAME (for its admins), not the chat's course


COMMANDS: dict[str, BotCommand] = {c.name: c for c in [
    BotCommand("start"),
    BotCommand("ask", msg.ASK_MENU),
    *(BotCommand(name, c.summary, calculation=True) for name, c in CALCULATIONS.items()),
    BotCommand("help", msg.HELP_MENU),
    BotCommand("add"),
    BotCommand("learn"),
    BotCommand("course", msg.COURSE_MENU, usage=msg.COURSE_USAGE),
    BotCommand("docs", usage="/docs", run=lambda c, args, user: [c.docs(user)], report=True),
    BotCommand("remove", usage=msg.REMOVE_USAGE, run=lambda c, args, user: [c.remove(args, user)], writes=True),
    BotCommand("reindex", usage="/reindex", run=lambda c, args, user: [c.reindex(user)], writes=True),
    BotCommand("stats", usage=msg.STATS_USAGE, run=lambda c, args, user: c.stats(user), report=True,
               names_course=True),
]}


def menu() -> dict[str, str]:
    """Telegram's command menu: asking, every calculation, help."""
    return {c.name: c.menu for c in COMMANDS.values() if c.menu}


def help_text(username: str) -> str:
    calculations = [msg.HELP_CALC_LINE.format(name=name, example=html.escape(c.example), summary=c.summary)
                    for name, c in CALCULATIONS.items()]
    staff = msg.HELP_STAFF_SEP.join(f"<code>{c.usage}</code>" for c in COMMANDS.values() if c.usage)
    return msg.HELP.format(username=username, calc="\n".join(calculations), staff=staff,
                           formats=msg.either(registry.chat_names()))


__all__ = ["COMMANDS", "BotCommand", "help_text", "menu"]
