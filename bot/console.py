"""``daneshyar chat``: the bot's conversation in a terminal, for trying it and for maintainers.

Lines are questions; ``/params ...``, ``/model ...``, ``/bottleneck ...`` and the
other commands work as in Telegram (charts are saved as PNG files).  The local
user counts as an admin, so ``/stats`` and ``/docs`` work too.  Like a private
chat, it is one thread: a line after an answer may follow it up ("و GoogLeNet چی؟"),
and a "thanks" gets one short line.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import TextIO

from bot import messages as msg
from bot.commands import COMMANDS, help_text
from bot.conversation import Conversation, Reply
from bot.formatting import plain

LOCAL_USER = 0
PROMPT = "› "


def _show(replies: list[Reply], out: TextIO, charts: Path) -> None:
    for reply in replies:
        if reply.photo is not None:
            charts.mkdir(parents=True, exist_ok=True)
            path = charts / f"chart-{time.strftime('%Y%m%d-%H%M%S')}-{id(reply) % 1000}.png"
            path.write_bytes(reply.photo)
            out.write(f"[chart: {path}]\n")
        if reply.html:
            out.write(plain(reply.html) + "\n")
        for row in reply.buttons:
            labels = "  ".join(f"[{b.label}]" for b in row if not b.data.startswith("fb:"))
            if labels:
                out.write(labels + "\n")
    out.write("\n")


def handle(conversation: Conversation, line: str, follows: int | None = None) -> list[Reply]:
    """One line typed at the prompt → the replies the bot would send.

    ``follows`` is the id of the last answer shown: a question may be its follow-up.
    """
    match = re.match(r"^/(\w+)\s*(.*)$", line.strip(), re.DOTALL)
    if not match:
        return [conversation.ask(line, None, LOCAL_USER, follows=follows)]
    name, args = match.group(1).lower(), match.group(2)
    command = COMMANDS.get(name)
    if command is not None and command.calculation:
        return conversation.calc(name, args, LOCAL_USER)
    if command is not None and command.run is not None:
        return command.run(conversation, args, LOCAL_USER)
    if name == "start":
        return [Reply(msg.START)]
    if name == "ask":
        return [conversation.ask(args, None, LOCAL_USER, follows=follows)]
    if name == "add":
        return [_add(conversation, args)]
    return [Reply(help_text("daneshyar_bot"))]  # /help, /learn (Telegram's only), anything unknown


def _add(conversation: Conversation, path_text: str) -> Reply:
    """``/add PATH``: a file of this machine, added as a maintainer's upload."""
    path = Path(path_text.strip()).expanduser()
    if not path.is_file():
        return Reply(msg.ADD_WHAT)
    return conversation.add_file(path.name, path.read_bytes(), LOCAL_USER)


def _rewritten(conversation: Conversation, reply: Reply) -> Reply:
    """An answer a configured model may rewrite, as the bot would send it at the end (no streaming here)."""
    return (conversation.generate(reply, LOCAL_USER) or reply) if reply.grounding is not None else reply


def run(conversation: Conversation, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout,
        charts: Path = Path(".")) -> None:
    interactive = stdin.isatty()
    follows: int | None = None  # the last answer shown, kept here rather than by time as in Telegram
    if interactive:
        out.write(plain(msg.START) + "\n\n")
    while True:
        if interactive:
            out.write(PROMPT)
            out.flush()
        line = stdin.readline()
        if not line:
            break
        if line.strip() in ("/quit", "/exit"):
            break
        if line.strip():
            replies = [_rewritten(conversation, r) for r in handle(conversation, line, follows)]
            follows = next((r.answer_id for r in replies if r.answer_id is not None), follows)
            _show(replies, out, charts)
            out.flush()
