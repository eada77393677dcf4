"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests and the load benchmark.

It speaks the real HTTP protocol python-telegram-bot uses (form or multipart
POSTs to ``/bot<token>/<method>``, JSON ``{"ok": ..., "result": ...}`` answers,
file downloads from ``/file/bot<token>/<path>``), keeps updates in a queue that
``getUpdates`` long-polls, and records everything the bot sends so tests can
wait for it.  Messages it returns are shaped like Telegram's, including the
rule that a replied-to message comes without *its* own ``reply_to_message``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import random
import re
import time
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

TOKEN = "123456789:TEST-fake-token-never-logged"
BOT_ID = 123456789
BOT_USERNAME = "daneshyar_test_bot"
# What Telegram leaves out unless a bot's allowed_updates names it (getUpdates, setWebhook); the choice is kept
# until the next call that gives one.
_ONLY_WHEN_ASKED = {"chat_member", "message_reaction", "message_reaction_count"}
_JSON_PARAMS = {"chat_id", "message_id", "reply_markup", "reply_parameters", "commands", "offset", "limit",
                "timeout", "allowed_updates", "show_alert", "cache_time", "link_preview_options",
                "reply_to_message_id", "message_thread_id", "disable_web_page_preview", "drop_pending_updates"}


# What Telegram counts as a message against its flood limits (chat actions and callback answers are not).
_COUNTED = {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup", "copyMessage",
            "forwardMessage", "sendMediaGroup"}


@dataclass(frozen=True)
class TelegramLimits:
    """Telegram's flood limits as the Bot API FAQ gives them: about 20 messages a minute in one group and
    30 a second in all; past them a request is refused with 429 and ``retry_after``."""

    group_messages: int = 20
    group_window_s: float = 60.0
    overall_per_s: int = 30


class BadRequest(Exception):
    """A request Telegram refuses with 400 and this description."""


@dataclass
class Call:
    method: str
    params: dict
    at: float = field(default_factory=time.monotonic)


class FakeBotAPI:
    def __init__(self, limits: TelegramLimits | None = None) -> None:
        self.limits = limits  # None: no flood limits (most tests)
        # Telegram refuses to open a private chat with a user who never started the bot; tests that check
        # it switch this on (a user then "starts" the bot with private_chat)
        self.only_started_users = False
        self.calls: list[Call] = []
        self.rejected: list[Call] = []  # messages refused for invalid HTML
        self.flooded: list[Call] = []   # requests refused with 429 by the flood limits
        self._counted: list[tuple[float, int]] = []  # (when, chat) of each accepted message, for the limits
        self.messages: dict[tuple[int, int], dict] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.chats: dict[int, dict] = {}
        self.topics: dict[int, dict[int, dict]] = {}  # forum chat id → topic id → the topic's opening message
        self._updates: list[dict] = []
        # Telegram numbers updates on from where it left off, or from a random number after a week of silence:
        # a fresh fake is such a bot, so a restarted bot's records never see an old id again by chance
        self._update_ids = itertools.count(random.randint(1, 2**31))
        self._message_ids = itertools.count(1000)
        self._file_ids = itertools.count(1)
        self._changed: asyncio.Condition | None = None
        self._downloads_go: asyncio.Event | None = None  # cleared: file downloads hang (a bot killed mid-download)
        self.downloads_requested = 0
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.webhook = ("", "")  # (url, secret) from setWebhook
        self.deliveries: list[tuple[int, int]] = []  # (update_id, status) of each webhook POST (deliver)
        self.push_to_webhook = False  # True: send_text, press ... deliver to the webhook instead of getUpdates
        self.allowed_updates: list[str] | None = None  # the bot's last choice; None: Telegram's default
        self.dropped: list[dict] = []  # updates not sent because the bot did not ask for their type
        self.reactions: dict[tuple[int, int, int], list[str]] = {}  # (chat, message, user) → emoji set now
        self.delivering: list[asyncio.Task] = []
        self.bot_user = {"id": BOT_ID, "is_bot": True, "first_name": "Daneshyar", "username": BOT_USERNAME,
                         "can_join_groups": True, "can_read_all_group_messages": False,
                         "supports_inline_queries": False}

    # -- server -----------------------------------------------------------------------------

    async def start(self) -> str:
        self._changed = asyncio.Condition()
        self._downloads_go = asyncio.Event()
        self._downloads_go.set()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.*}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self.url + "/bot"

    async def stop(self) -> None:
        if self._downloads_go is not None:
            self._downloads_go.set()  # a held download must not keep the server from closing
        if self._runner is not None:
            await self._runner.cleanup()

    async def _params(self, request: web.Request) -> dict:
        if request.content_type == "application/json":
            return await request.json()
        params = {}
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                params[key] = value.file.read()
            elif key in _JSON_PARAMS:
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    params[key] = value
            else:
                params[key] = value
        return params

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": f"no method {method}"},
                                     status=404)
        if method != "getUpdates":
            self.calls.append(Call(method, params))
        retry_after = self._flood_wait(method, params)
        if retry_after:
            self.flooded.append(self.calls.pop())
            return web.json_response({"ok": False, "error_code": 429, "parameters": {"retry_after": retry_after},
                                      "description": f"Too Many Requests: retry after {retry_after}"}, status=429)
        if self._not_started(params):
            self.rejected.append(self.calls.pop())
            return web.json_response({"ok": False, "error_code": 403,
                                      "description": "Forbidden: bot can't initiate conversation with a user"},
                                     status=403)
        missing = self._missing_reply(params) or self._missing_topic(params)
        if missing:
            self.rejected.append(self.calls.pop())
            return web.json_response({"ok": False, "error_code": 400, "description": f"Bad Request: {missing}"},
                                     status=400)
        error = html_error(params.get("text") or params.get("caption")) if params.get("parse_mode") == "HTML" else None
        if error:  # what Telegram answers to a message its HTML parser rejects
            self.rejected.append(Call(method, params))
            return web.json_response({"ok": False, "error_code": 400,
                                      "description": f"Bad Request: can't parse entities: {error}"}, status=400)
        try:
            result = await handler(params)
        except BadRequest as exc:  # what Telegram answers to an unknown file id or message
            return web.json_response({"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"},
                                     status=400)
        async with self._changed:
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": result})

    def _flood_wait(self, method: str, params: dict) -> int:
        """Seconds to wait when ``method`` now would break the flood limits (0: go ahead, and it is counted)."""
        if self.limits is None or method not in _COUNTED or "chat_id" not in params:
            return 0
        now, chat = time.monotonic(), int(params["chat_id"])
        window = max(self.limits.group_window_s, 1.0)
        self._counted = [(at, c) for at, c in self._counted if now - at < window]
        in_group = [at for at, c in self._counted if c == chat] if chat < 0 else []
        if len(in_group) >= self.limits.group_messages:
            return max(1, math.ceil(self.limits.group_window_s - (now - in_group[0])))
        if sum(1 for at, _ in self._counted if now - at < 1.0) >= self.limits.overall_per_s:
            return 1
        self._counted.append((now, chat))
        return 0

    def _not_started(self, params: dict) -> bool:
        chat = params.get("chat_id")
        return self.only_started_users and chat is not None and int(chat) > 0 and int(chat) not in self.chats

    def _missing_reply(self, params: dict) -> str:
        """Telegram refuses a reply to a deleted message unless told to send it anyway."""
        if "chat_id" not in params:
            return ""
        reply = params.get("reply_parameters") or {}
        target = reply.get("message_id") or params.get("reply_to_message_id")
        anyway = reply.get("allow_sending_without_reply") or params.get("allow_sending_without_reply")
        if target and not anyway and (int(params["chat_id"]), int(target)) not in self.messages:
            return "message to be replied not found"
        if "message_id" in params and (int(params["chat_id"]), int(params["message_id"])) not in self.messages:
            return "message to edit not found"
        return ""

    def _missing_topic(self, params: dict) -> str:
        """Telegram refuses a ``message_thread_id`` that is not a topic of that forum (or any, outside one)."""
        thread = params.get("message_thread_id")
        if thread in (None, "") or "chat_id" not in params:
            return ""
        if int(thread) not in self.topics.get(int(params["chat_id"]), {}):
            return "message thread not found"
        return ""

    def hold_downloads(self) -> None:
        """File downloads hang from now on, until :meth:`release_downloads`."""
        self._downloads_go.clear()

    def release_downloads(self) -> None:
        self._downloads_go.set()

    async def _download(self, request: web.Request) -> web.Response:
        self.downloads_requested += 1
        await self._notify()
        await self._downloads_go.wait()
        for path, data in self.files.values():
            if path == request.match_info["path"]:
                return web.Response(body=data)
        return web.Response(status=404)

    # -- Bot API methods ----------------------------------------------------------------------

    async def _m_getMe(self, params: dict) -> dict:
        return self.bot_user

    async def _m_deleteWebhook(self, params: dict) -> bool:
        return True

    async def _m_setWebhook(self, params: dict) -> bool:
        self.webhook = (params["url"], params.get("secret_token", ""))
        self._allow(params)
        return True

    def _allow(self, params: dict) -> None:
        if params.get("allowed_updates") not in (None, ""):
            self.allowed_updates = list(params["allowed_updates"])

    def _wanted(self, update: dict) -> bool:
        """Whether Telegram would send ``update`` to this bot (its type among those it asked for)."""
        kind = next(key for key in update if key != "update_id")
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in _ONLY_WHEN_ASKED

    async def deliver(self, update: dict, retry_s: float = 0.5, attempts: int = 120) -> int:
        """POST ``update`` to the webhook as Telegram does: again, ``retry_s`` later, until it is answered 200
        (a worker killed meanwhile, a proxy's 502, a refused connection); returns the attempts it took.
        Every attempt is in :attr:`deliveries` as (update_id, HTTP status or 0 for no answer)."""
        url, secret = self.webhook
        timeout = aiohttp.ClientTimeout(total=30)
        for attempt in range(1, attempts + 1):
            status = 0
            try:
                async with aiohttp.ClientSession(timeout=timeout) as client, client.post(
                        url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}) as response:
                    status = response.status
            except (aiohttp.ClientError, TimeoutError):
                pass
            self.deliveries.append((update["update_id"], status))
            if status == 200:
                return attempt
            await asyncio.sleep(retry_s)
        raise AssertionError(f"update {update['update_id']} was never answered 200")

    async def _m_setMyCommands(self, params: dict) -> bool:
        return True

    async def _m_sendChatAction(self, params: dict) -> bool:
        return True

    async def _m_answerCallbackQuery(self, params: dict) -> bool:
        return True

    async def _m_getUpdates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        self._allow(params)
        self.dropped += [u for u in self._updates if not self._wanted(u)]
        self._updates = [u for u in self._updates if u["update_id"] >= offset and self._wanted(u)]
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        async with self._changed:
            while not self._updates and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        return list(self._updates[: int(params.get("limit") or 100)])

    def _outgoing(self, params: dict, **content) -> dict:
        chat_id = int(params["chat_id"])
        chat = self._chat_of(chat_id)
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
                   "from": self.bot_user, **content}
        reply_to = (params.get("reply_parameters") or {}).get("message_id") or params.get("reply_to_message_id")
        # a message lands in the topic it names, or in General: Telegram does not guess it from the reply
        thread = int(params["message_thread_id"]) if params.get("message_thread_id") not in (None, "") else None
        if thread is not None:
            message.update(message_thread_id=thread, is_topic_message=True)
        if reply_to and (chat_id, int(reply_to)) in self.messages:
            message["reply_to_message"] = _shallow(self.messages[(chat_id, int(reply_to))])
        elif thread is not None:
            message["reply_to_message"] = _shallow(self.topics[chat_id][thread])
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat_id, message["message_id"])] = message
        return message

    async def _m_sendMessage(self, params: dict) -> dict:
        return self._outgoing(params, text=_strip_html(params["text"]))

    async def _m_sendPhoto(self, params: dict) -> dict:
        photo = params["photo"]
        file_id = self._register("photos/chart.png", photo if isinstance(photo, bytes) else b"")
        content = {"photo": [{"file_id": file_id, "file_unique_id": file_id, "width": 800, "height": 400,
                              "file_size": len(photo) if isinstance(photo, bytes) else 0}]}
        if params.get("caption"):
            content["caption"] = _strip_html(params["caption"])
        return self._outgoing(params, **content)

    async def _m_editMessageText(self, params: dict) -> dict:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise BadRequest("message to edit not found")
        message = self.messages[key]
        message["text"] = _strip_html(params["text"])
        message["edit_date"] = int(time.time())
        message["reply_markup"] = params.get("reply_markup") or {"inline_keyboard": []}
        return message

    async def _m_editMessageReplyMarkup(self, params: dict) -> dict:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise BadRequest("message to edit not found")
        message = self.messages[key]
        markup = params.get("reply_markup") or {"inline_keyboard": []}
        if message.get("reply_markup", {"inline_keyboard": []}) == markup:
            raise BadRequest("message is not modified: specified new message content and reply markup are "
                             "exactly the same as a current content and reply markup of the message")
        message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        return message

    async def _m_getFile(self, params: dict) -> dict:
        if params["file_id"] not in self.files:
            raise BadRequest("invalid file_id")
        path, data = self.files[params["file_id"]]
        return {"file_id": params["file_id"], "file_unique_id": params["file_id"], "file_size": len(data),
                "file_path": path}

    # -- what tests do ------------------------------------------------------------------------

    def _chat_of(self, chat_id: int) -> dict:
        return self.chats.get(chat_id) or {"id": chat_id, "type": "private", "first_name": "Student"}

    def private_chat(self, user: dict) -> dict:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        self.chats[chat["id"]] = chat
        return chat

    def group_chat(self, chat_id: int = -100123, title: str = "گروه درس یادگیری عمیق") -> dict:
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        self.chats[chat_id] = chat
        return chat

    def forum_chat(self, chat_id: int = -100777, title: str = "انجمن درس یادگیری عمیق") -> dict:
        """A supergroup with forum topics (create them with :meth:`topic`)."""
        chat = {"id": chat_id, "type": "supergroup", "title": title, "is_forum": True}
        self.chats[chat_id] = chat
        self.topics[chat_id] = {}
        return chat

    def topic(self, chat: dict, user: dict, name: str) -> int:
        """A topic created by ``user``: its id (``message_thread_id``) is the id of the service message that
        opened it, as in Telegram."""
        opening = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat, "from": user,
                   "forum_topic_created": {"name": name, "icon_color": 7322096}}
        opening.update(message_thread_id=opening["message_id"], is_topic_message=True)
        self.messages[(chat["id"], opening["message_id"])] = opening
        self.topics[chat["id"]][opening["message_id"]] = opening
        return opening["message_id"]

    def earlier_message(self, chat: dict, text: str) -> dict:
        """A message the bot sent before this server started (a progress message from before a restart)."""
        return self._outgoing({"chat_id": chat["id"]}, text=text)

    def _register(self, path: str, data: bytes) -> str:
        file_id = f"file-{next(self._file_ids)}"
        self.files[file_id] = (f"{file_id}/{path}", data)
        return file_id

    def _push(self, update: dict) -> dict:
        update["update_id"] = next(self._update_ids)
        if self.push_to_webhook and not self._wanted(update):
            self.dropped.append(update)
            return update
        if self.push_to_webhook:  # delivered as Telegram does once a webhook is set, retried until 200
            self.delivering.append(asyncio.get_running_loop().create_task(self.deliver(update)))
            return update
        self._updates.append(update)
        if self._changed is not None:
            asyncio.get_running_loop().create_task(self._notify())
        return update

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def text_update(self, chat: dict, user: dict, text: str) -> dict:
        """An update for a text message, not queued (for posting to a webhook)."""
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat, "from": user,
                   "text": text, "entities": _entities(text)}
        self.messages[(chat["id"], message["message_id"])] = message
        return {"update_id": next(self._update_ids), "message": message}

    def _incoming(self, chat: dict, user: dict, reply_to: dict | None, topic: int | None = None, **content) -> dict:
        """A user's message; in a forum's ``topic`` it carries the topic's id and, when it replies to nothing,
        Telegram makes it a reply to the topic's opening message."""
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat, "from": user,
                   **content}
        if topic is not None:
            message.update(message_thread_id=topic, is_topic_message=True)
            reply_to = reply_to or self.topics[chat["id"]][topic]
        if reply_to is not None:
            message["reply_to_message"] = _shallow(reply_to)
        self.messages[(chat["id"], message["message_id"])] = message
        self._push({"message": message})
        return message

    def send_text(self, chat: dict, user: dict, text: str, reply_to: dict | None = None,
                  topic: int | None = None) -> dict:
        return self._incoming(chat, user, reply_to, topic, text=text, entities=_entities(text))

    def send_document(self, chat: dict, user: dict, name: str, data: bytes, caption: str | None = None,
                      reply_to: dict | None = None, topic: int | None = None) -> dict:
        file_id = self._register(f"documents/{name}", data)
        content: dict = {"document": {"file_id": file_id, "file_unique_id": file_id, "file_name": name,
                                      "file_size": len(data)}}
        if caption:
            content["caption"] = caption
            content["caption_entities"] = _entities(caption)
        return self._incoming(chat, user, reply_to, topic, **content)

    def send_photo(self, chat: dict, user: dict, data: bytes = b"\x89PNG fake", caption: str | None = None,
                   reply_to: dict | None = None) -> dict:
        file_id = self._register("photos/photo.jpg", data)
        content: dict = {"photo": [{"file_id": file_id, "file_unique_id": file_id, "width": 640, "height": 480,
                                    "file_size": len(data)}]}
        if caption:
            content["caption"] = caption
            content["caption_entities"] = _entities(caption)
        return self._incoming(chat, user, reply_to, **content)

    def edit_text(self, chat: dict, message: dict, text: str) -> dict:
        """The user edits a message they sent: Telegram sends an ``edited_message`` update."""
        edited = {**self.messages[(chat["id"], message["message_id"])], "text": text, "entities": _entities(text),
                  "edit_date": int(time.time())}
        self.messages[(chat["id"], message["message_id"])] = edited
        self._push({"edited_message": edited})
        return edited

    def delete(self, chat: dict, message: dict) -> None:
        """A message deleted (by its sender or an admin): replies to it are refused from now on."""
        self.messages.pop((chat["id"], message["message_id"]), None)

    def press(self, chat: dict, user: dict, message: dict, data: str) -> dict:
        query = {"id": str(next(self._update_ids) * 7), "from": user, "chat_instance": str(chat["id"]),
                 "message": self.messages[(chat["id"], message["message_id"])], "data": data}
        return self._push({"callback_query": query})

    def react(self, chat: dict, user: dict | None, message: dict, emojis: list[str],
              actor_chat: dict | None = None) -> dict:
        """``user`` sets their reactions on ``message`` to ``emojis`` ([] removes them): Telegram's
        ``message_reaction`` update, with what they had before.  ``user`` None: an anonymous admin, who
        reacts as ``actor_chat`` (the group)."""
        key = (chat["id"], message["message_id"], user["id"] if user else 0)
        old = self.reactions.get(key, [])
        self.reactions[key] = list(emojis)
        reaction = {"chat": chat, "message_id": message["message_id"], "date": int(time.time()),
                    "old_reaction": [{"type": "emoji", "emoji": e} for e in old],
                    "new_reaction": [{"type": "emoji", "emoji": e} for e in emojis]}
        reaction.update({"user": user} if user else {"actor_chat": actor_chat or chat})
        return self._push({"message_reaction": reaction})

    def sent(self, method: str | None = None, chat_id: int | None = None, since: int = 0) -> list[Call]:
        return [c for c in self.calls[since:] if (method is None or c.method == method)
                and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)]

    def topic_of(self, call: Call) -> int | None:
        """The topic a sent message (or chat action) went to; None: General, or a chat without topics."""
        thread = call.params.get("message_thread_id")
        return int(thread) if thread not in (None, "") else None

    def replies(self, chat_id: int, since: int = 0) -> list[Call]:
        return [c for c in self.sent(chat_id=chat_id, since=since) if c.method in ("sendMessage", "sendPhoto")]

    async def wait_for(self, predicate, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError("timed out waiting for the bot")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    pass


def _entities(text: str) -> list[dict]:
    found = []
    command = re.match(r"^/\w+(@\w+)?", text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": len(command.group(0))})
    for mention in re.finditer(r"@\w+", text):
        if not (command and mention.start() < command.end()):
            found.append({"type": "mention", "offset": _utf16(text[: mention.start()]),
                          "length": _utf16(mention.group(0))})
    return found


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# The tags Telegram's HTML parse mode accepts (core.telegram.org/bots/api#html-style).
TELEGRAM_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
                 "tg-emoji", "code", "pre", "blockquote"}


def html_error(text: str | None) -> str | None:
    """Why Telegram would refuse ``text`` as HTML (an unknown or unclosed tag), or None."""
    from html.parser import HTMLParser

    problems: list[str] = []
    open_tags: list[str] = []

    class Checker(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag not in TELEGRAM_TAGS:
                problems.append(f"unsupported start tag \"{tag}\"")
            open_tags.append(tag)

        def handle_endtag(self, tag):
            if not open_tags or open_tags[-1] != tag:
                problems.append(f"unmatched end tag \"{tag}\"")
            else:
                open_tags.pop()

    Checker(convert_charrefs=True).feed(text or "")
    if open_tags:
        problems.append(f"unclosed tag \"{open_tags[-1]}\"")
    return problems[0] if problems else None


def _shallow(message: dict) -> dict:
    return {k: v for k, v in message.items() if k != "reply_to_message"}


def _strip_html(text: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", text))
