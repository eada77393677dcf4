"""A Telegram Desktop chat export (``result.json``): the group's questions with their answers.

Each message that others replied to starts a *thread*: it and every reply under
it (replies to replies too), in time order, become one part.  Authors are not
kept, only the chat's title and the dates.  Service messages, stickers, media
without a caption and one-word thanks are dropped; a message nobody replied to
is not indexed alone (a statement answers nobody; a question without an answer
has nothing to quote).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from knowledge.formats import Format, Part, UnreadableFile
from knowledge.messages import TELEGRAM_EXPORT
from knowledge.types import Section

FORMAT = Format(
    {".json": "telegram"}, order=60, library="Telegram Desktop chat export (`result.json`)",
    note="Telegram Desktop chat exports, result.json, whose question threads become one document each",
    chat_name=TELEGRAM_EXPORT,
    summary=("every message that got replies starts a thread: it and all replies under it, in time order, become "
             "one document titled by the question, under «chat title › date». Entity lists are flattened; service "
             "messages, stickers, captionless media and one-word thanks are dropped; a message nobody replied to "
             "is not indexed alone. Author names are never stored."),
)

# Replies that carry no content: thanks, acknowledgements, a lone emoji.
_THANKS = re.compile(
    r"^(مرسی|ممنون|ممنونم|سپاس|سپاسگزارم|متشکرم|تشکر|دمت گرم|عالی|اوکی|باشه|thanks?|thx|tnx|ty|merci|mersi|"
    r"mamnoon|ok|okay)[\s!.؟?🙏❤️👍🌹]*$",
    re.IGNORECASE,
)
_TITLE_WORDS = 10


def flatten(value) -> str:
    """Telegram's ``text``: a string, or a list mixing strings and entity objects ``{"type", "text"}``."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(item if isinstance(item, str) else str(item.get("text", "")) for item in value)
    return ""


def _content(message: dict) -> str:
    if message.get("type") != "message" or message.get("media_type") == "sticker":
        return ""
    body = flatten(message.get("text")).strip()
    if not body or _THANKS.match(body) or not re.search(r"\w", body):
        return ""
    return body


def read(data: bytes) -> list[Part]:
    try:
        export = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFile("bad_json", detail=exc) from None
    if not isinstance(export, dict) or not isinstance(export.get("messages"), list):
        raise UnreadableFile("not_chat_export")
    chat = str(export.get("name") or "Telegram")
    messages = {m["id"]: m for m in export["messages"] if isinstance(m, dict) and "id" in m}
    children: dict[int, list[int]] = defaultdict(list)
    for message in messages.values():
        parent = message.get("reply_to_message_id")
        if parent in messages:
            children[parent].append(message["id"])
    parts = []
    for root_id, root in messages.items():
        if root.get("reply_to_message_id") in messages:
            continue  # not a thread's first message
        question = _content(root)
        answers = [_content(messages[i]) for i in _descendants(root_id, children, messages)]
        answers = [a for a in answers if a]
        if not question or not answers:
            continue
        date = str(root.get("date", ""))[:10]
        heading = (chat, date) if date else (chat,)
        sections = [Section(heading, question)] + [Section(heading, answer) for answer in answers]
        title = " ".join(question.split()[:_TITLE_WORDS]) + ("…" if len(question.split()) > _TITLE_WORDS else "")
        parts.append(Part(title, tuple(sections), key=f"thread-{root_id}"))
    if not parts:
        raise UnreadableFile("no_qa")
    return parts


def _descendants(root: int, children: dict[int, list[int]], messages: dict[int, dict]) -> list[int]:
    found, todo, seen = [], list(children.get(root, ())), {root}
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        found.append(current)
        todo.extend(children.get(current, ()))
    return sorted(found, key=lambda i: (str(messages[i].get("date", "")), i))
