"""The bot as the end-to-end tests drive it: the people in its chats, a conversation over a knowledge
base, and the real python-telegram-bot application running against the fake Bot API."""

from __future__ import annotations

import asyncio
import contextlib

from helpers.fake_bot_api import BOT_ID, TOKEN, FakeBotAPI, TelegramLimits

from bot import messages as msg
from bot.app import ALLOWED_UPDATES, DaneshyarBot, build_application
from bot.conversation import BotConfig, Conversation
from bot.state import BotState
from knowledge import KBConfig, KnowledgeBase

ADMIN = {"id": 42, "is_bot": False, "first_name": "Maryam"}
STUDENT = {"id": 7, "is_bot": False, "first_name": "Ali"}
OTHER = {"id": 8, "is_bot": False, "first_name": "Sara"}


def make_conversation(home, records: str | None = None, **config) -> Conversation:
    """A conversation over the base in ``home``; its records in ``records`` (a database URL), else beside it."""
    kb = KnowledgeBase.open(KBConfig(home=home))
    defaults = {"admin_ids": frozenset({ADMIN["id"]}), "run_bottleneck": False}
    return Conversation(kb, BotState(records or home / "bot.sqlite3"), BotConfig(**{**defaults, **config}),
                        writer=lambda: KnowledgeBase.open(KBConfig(home=home)))


@contextlib.asynccontextmanager
async def running(conversation: Conversation, webhook_port: int | None = None, limits: TelegramLimits | None = None,
                  api: FakeBotAPI | None = None):
    """The bot against a fake server (a fresh one unless ``api`` is given), long polling (or on a webhook at
    ``webhook_port``); ``limits`` switches on Telegram's flood limits."""
    api = api or FakeBotAPI(limits)
    url = await api.start()
    bot = DaneshyarBot(conversation)
    app = build_application(bot, TOKEN, url)
    await app.initialize()
    await app.post_init(app)
    await app.start()
    if webhook_port is None:
        await app.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES)
    else:
        await app.updater.start_webhook(listen="127.0.0.1", port=webhook_port, url_path="telegram",
                                        webhook_url=f"http://127.0.0.1:{webhook_port}/telegram",
                                        secret_token="s3cret", allowed_updates=ALLOWED_UPDATES)
    try:
        yield api
    finally:
        await app.updater.stop()
        await app.stop()
        await bot.post_stop(app)  # as run_polling does: the worker's heartbeats end
        await app.shutdown()
        bot.workers.shutdown()
        await api.stop()


def run(scenario):
    asyncio.run(scenario())


async def upload_report(api: FakeBotAPI, chat: dict, since: int = 0) -> str:
    """The final text of the progress message an upload got (it is edited in place, then into the report)."""
    done = msg.ADDED.split(":")[0]
    final = lambda: [c for c in api.sent("editMessageText", chat["id"], since) if done in c.params["text"]]
    await api.wait_for(final, timeout=120)
    received = api.replies(chat["id"], since)[0]
    assert received.params["text"].startswith(msg.RECEIVED.split("«")[0])  # answered at once
    return final()[-1].params["text"]


def bot_messages(api: FakeBotAPI, chat_id: int) -> list[dict]:
    """What the bot has sent to a chat, as the chat sees it, oldest first."""
    return [m for (c, _), m in sorted(api.messages.items()) if c == chat_id and m["from"]["id"] == BOT_ID]


def long_notes(count: int, word: str) -> bytes:
    """A markdown file of ``count`` sections, each long enough to be its own passage."""
    sections = [f"## بخش {i}\n\n" + " ".join(f"شبکه {word}{i} در آزمایش {j} روی داده‌های تصویری {i + j} لایه داشت."
                                               for j in range(8)) for i in range(count)]
    return ("# یادداشت‌های " + word + "\n\n" + "\n\n".join(sections) + "\n").encode()
