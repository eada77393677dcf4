"""The Telegram layer: python-telegram-bot handlers around :class:`~bot.conversation.Conversation`.

Nothing here decides what to say; it decides *when* to speak (private chat:
always; group: ``/ask``, a mention, or a reply to the bot), shows "typing…",
runs the blocking work in worker threads so one slow request never stalls the
others, and turns :class:`~bot.conversation.Reply` objects into Telegram
messages, photos and inline keyboards.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot import messages as msg
from bot.conversation import Conversation, Reply
from bot.formatting import clip, plain, streaming_html
from cnn_demos.commands import COMMANDS
from cnn_demos.prose import route
from knowledge.embed import background_thread, single_thread

log = logging.getLogger("daneshyar.bot")
CALC_COMMANDS = tuple(COMMANDS)  # one table (cnn_demos.commands) for the bot, its console and the CLI
_COMMAND = re.compile(r"^/\w+(@\w+)?\s*", re.DOTALL)
_ASK = re.compile(r"^/ask(@\w+)?(\s|$)", re.IGNORECASE)
# In a group "typing…" waits this long: most answers are back sooner, and a "thanks" that gets no
# reply should leave no trace either.
GROUP_TYPING_DELAY_S = 1.0
# A streamed answer is edited at most this often (Telegram allows about one edit a second in a chat and
# twenty messages a minute in a group).
STREAM_EDIT_EVERY_S, STREAM_EDIT_EVERY_S_GROUP = 1.0, 3.0
# Telegram shows "typing…" for about 5 s (or until a message comes): renewed this often while a model writes
# and no checked sentence is shown yet.
TYPING_EVERY_S = 4.0


class RedactToken(logging.Filter):
    """Keeps secrets (the bot token, a model's API key) out of every log line (httpx logs request URLs,
    which contain the token)."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            if any(secret in message for secret in self.secrets):
                for secret in self.secrets:
                    message = message.replace(secret, "<secret>")
                record.msg, record.args = message, ()
        return True


def protect_logs(*secrets: str) -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    redact = RedactToken(*secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    for name in ("", "telegram", "httpx", "daneshyar"):
        logging.getLogger(name).addFilter(redact)


@dataclass
class Workers:
    """Separate threads for separate kinds of work, so a long upload never queues a question."""

    questions: ThreadPoolExecutor
    calculations: ThreadPoolExecutor
    updates: ThreadPoolExecutor
    models: ThreadPoolExecutor  # waiting on a language model: a slow one never holds up questions

    @classmethod
    def create(cls) -> Workers:
        return cls(ThreadPoolExecutor(1, "kb", initializer=single_thread), ThreadPoolExecutor(2, "calc"),
                   ThreadPoolExecutor(1, "kb-write", initializer=background_thread), ThreadPoolExecutor(4, "llm"))

    def shutdown(self) -> None:
        for pool in (self.questions, self.calculations, self.updates, self.models):
            pool.shutdown(wait=False, cancel_futures=True)


class FromThread:
    """Coroutines a worker thread starts on the event loop (edits of a progress or streamed message),
    awaited before the final word so none of them lands after it."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self._futures: list = []

    def start(self, coroutine) -> None:
        self._futures.append(asyncio.run_coroutine_threadsafe(coroutine, self.loop))

    async def finish(self) -> None:
        await asyncio.gather(*(asyncio.wrap_future(f) for f in self._futures), return_exceptions=True)


class StreamedMessage:
    """One message a generated answer's checked sentences are written into as they pass: sent with the
    first, then edited at most every ``every_s`` seconds (Telegram limits edits, more tightly in groups).
    Sentences that pass between two edits are not lost: one edit waits for the next free slot and shows
    the newest text then, unless the answer is finished first (:meth:`finish`: the final edit shows it)."""

    def __init__(self, replying_to: Message, every_s: float) -> None:
        self.replying_to = replying_to
        self.every_s = every_s
        self.message: Message | None = None
        self._newest = ""
        self._next = float("-inf")   # when the next edit may be made
        self._waiting = False        # an edit is waiting for its slot
        self._lock = asyncio.Lock()
        self._finished = asyncio.Event()

    def offer(self, text: str) -> float | None:
        """Take the newest checked text (from the model's thread): the seconds its edit must wait for a slot
        (0: now), or None when an edit already waiting will show it."""
        self._newest = text
        if self._waiting:
            return None
        now = time.monotonic()
        wait = max(0.0, self._next - now)
        self._next = now + wait + self.every_s
        self._waiting = True
        return wait

    async def show(self, wait: float) -> None:
        """After ``wait`` seconds, the newest text, unless the answer was finished meanwhile."""
        if wait:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._finished.wait(), wait)
        self._waiting = False  # before reading the text: a sentence offered from now on gets its own edit
        if self._finished.is_set():
            return
        async with self._lock:
            try:
                if self.message is None:
                    self.message = await self.replying_to.reply_text(streaming_html(self._newest))
                else:
                    await self.message.edit_text(streaming_html(self._newest))
            except TelegramError as exc:
                log.info("could not show the streamed text: %s", exc)

    def finish(self) -> None:
        """No more streamed edits: an edit still waiting for its slot is dropped (the final one follows)."""
        self._finished.set()


class RecentMessages:
    """The last few thousand group messages seen, so ``/learn`` can find the question an answer replied to
    (the Bot API gives a replied-to message without *its* reply)."""

    def __init__(self, size: int = 5000) -> None:
        self.size = size
        self._items: OrderedDict[tuple[int, int], tuple[str, int | None]] = OrderedDict()

    def remember(self, chat_id: int, message_id: int, text: str, reply_to: int | None) -> None:
        self._items[(chat_id, message_id)] = (text, reply_to)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def get(self, chat_id: int, message_id: int | None) -> tuple[str, int | None] | None:
        return self._items.get((chat_id, message_id)) if message_id is not None else None


def command_name(message: Message) -> str:
    """"/params@daneshyar_bot ..." → "params"."""
    return _COMMAND.match(message.text or "").group(0).strip().lstrip("/").split("@")[0].lower()


def command_args(message: Message) -> str:
    """What follows the command, newlines kept (a pasted Keras model spans lines)."""
    return _COMMAND.sub("", message.text or message.caption or "", count=1)


def _without_ask(text: str) -> str:
    """The question of ``/ask QUESTION`` (a text without the command is returned as it is)."""
    return _COMMAND.sub("", text, count=1) if _ASK.match(text) else text


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                                 for row in reply.buttons])


class DaneshyarBot:
    def __init__(self, conversation: Conversation, workers: Workers | None = None) -> None:
        self.conversation = conversation
        self.workers = workers or Workers.create()
        self.recent = RecentMessages()
        self.resuming: asyncio.Task | None = None  # finishing the uploads a stop interrupted

    # -- plumbing -----------------------------------------------------------------------------

    async def _run(self, pool: ThreadPoolExecutor, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)

    async def _send(self, message: Message, replies: list[Reply]) -> list[Message]:
        sent = []
        for reply in replies:
            if reply.photo is not None:
                await message.chat.send_action(ChatAction.UPLOAD_PHOTO)
                caption = reply.html if reply.html and len(reply.html) <= 1024 else None
                sent.append(await message.reply_photo(reply.photo, caption=caption))
            elif reply.html:
                sent.append(await message.reply_text(reply.html, reply_markup=keyboard(reply),
                                                     disable_web_page_preview=True))
        return sent

    def _remember(self, message: Message) -> None:
        if message.chat.type != ChatType.PRIVATE and (message.text or message.caption):
            reply_to = message.reply_to_message.message_id if message.reply_to_message else None
            self.recent.remember(message.chat_id, message.message_id, message.text or message.caption, reply_to)

    # -- students -----------------------------------------------------------------------------

    async def answer(self, message: Message, question: str) -> None:
        """Ask in a worker thread; a reply to one of the bot's answers is asked as its follow-up."""
        private = message.chat.type == ChatType.PRIVATE
        replied = message.reply_to_message
        computed = None
        if route(question) is not None:  # a calculation: its arithmetic in the calculations' threads
            computed = await self._run(self.workers.calculations, self.conversation.compute, question)
        ask = partial(self.conversation.ask, question, message.chat_id,
                      message.from_user.id if message.from_user else None, private=private,
                      reply_to=replied.message_id if replied else None, computed=computed)
        work = asyncio.ensure_future(self._run(self.workers.questions, ask))
        await self._typing_unless_done(message, work, 0.0 if private else GROUP_TYPING_DELAY_S)
        reply = await work
        sent_messages = (await self._send_generated(message, reply) if reply.grounding is not None
                         else await self._send(message, [reply]))
        for sent in sent_messages:
            self.recent.remember(sent.chat_id, sent.message_id, plain(reply.html), message.message_id)
            # a short write, off the questions' thread: not queued behind other students' questions
            await asyncio.to_thread(self.conversation.remember_sent, sent.chat_id, sent.message_id, reply)

    async def _send_generated(self, message: Message, reply: Reply) -> list[Message]:
        """Stream a model's rewrite into one message, a checked sentence at a time (edits throttled), then
        put the whole checked version with the buttons in its place; the extractive answer when the
        rewrite is not to be used.  Until the first sentence has passed, "typing…" is all there is."""
        private = message.chat.type == ChatType.PRIVATE
        stream = StreamedMessage(message, STREAM_EDIT_EVERY_S if private else STREAM_EDIT_EVERY_S_GROUP)
        edits = FromThread()

        def on_text(text: str) -> None:  # in the model's thread: checked sentences only
            wait = stream.offer(text)
            if wait is not None:
                edits.start(stream.show(wait))

        user = message.from_user.id if message.from_user else None
        generate = partial(self.conversation.generate, reply, user, on_text, time.monotonic())
        work = asyncio.ensure_future(self._run(self.workers.models, generate))
        typing = asyncio.create_task(self._typing_until_shown(message, stream))
        try:
            final = await work
        except Exception:  # whatever a model did, the student still gets the extractive answer
            log.exception("generating an answer failed")
            final = None
        typing.cancel()
        stream.finish()
        await edits.finish()
        final = final or reply
        if stream.message is None:
            return await self._send(message, [final])
        try:
            await stream.message.edit_text(final.html, reply_markup=keyboard(final), disable_web_page_preview=True)
        except TelegramError:
            log.exception("could not put the final answer in place of the streamed one")
            return await self._send(message, [final])
        return [stream.message]

    @staticmethod
    async def _typing_until_shown(message: Message, stream: StreamedMessage) -> None:
        """Keep "typing…" up while the model writes and nothing checked is shown (cancelled when it is done)."""
        while stream.message is None:
            try:
                await message.chat.send_action(ChatAction.TYPING)
            except TelegramError as exc:
                log.info("could not show typing: %s", exc)
            await asyncio.sleep(TYPING_EVERY_S)

    @staticmethod
    async def _typing_unless_done(message: Message, work: asyncio.Future, delay: float) -> None:
        """Show "typing…" when ``work`` is still running after ``delay`` seconds."""
        if delay:
            await asyncio.wait({work}, timeout=delay)
        if not work.done():
            await message.chat.send_action(ChatAction.TYPING)

    async def on_ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.answer(update.effective_message, command_args(update.effective_message))

    async def on_private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.answer(update.effective_message, update.effective_message.text)

    async def on_group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        self._remember(message)
        question = self._group_question(message, message.text or "", context)
        if question is not None:
            await self.answer(message, question)

    @staticmethod
    def _group_question(message: Message, text: str, context: ContextTypes.DEFAULT_TYPE) -> str | None:
        """In a group only ``/ask``, a mention of the bot or a reply to one of its messages is a question."""
        if _ASK.match(text):
            return _without_ask(text)
        mention = f"@{context.bot.username}".lower()
        replied = message.reply_to_message
        if mention in text.lower():
            return re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE).strip()
        if replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id:
            return text
        return None

    async def on_media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo or file from a student: its caption is the question when it asks one (any caption in a
        private chat; ``/ask``, a mention or a reply to the bot in a group).  The file itself is not read,
        and never added to the sources (only ``/add`` from a maintainer does that)."""
        message = update.effective_message
        caption = message.caption or ""
        if message.chat.type == ChatType.PRIVATE:
            question = _without_ask(caption)
            if question.strip():
                await self.answer(message, question)
            else:
                user = message.from_user.id if message.from_user else None
                admin = message.document is not None and self.conversation.is_admin(user)
                await message.reply_text(msg.MEDIA_NOT_READ + (f"\n{msg.MEDIA_ADD_HINT}" if admin else ""))
            return
        self._remember(message)
        question = self._group_question(message, caption, context)
        if question is not None:
            await self.answer(message, question)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        # an old message may come back "inaccessible", without its text
        shown = query.message.text_html if getattr(query.message, "text", None) else ""
        result = await self._run(self.workers.questions, self.conversation.callback, query.data,
                                 query.from_user.id if query.from_user else None, shown)
        await query.answer(result.notice or None)
        if result.edit is not None and query.message is not None:
            await query.edit_message_text(result.edit.html, reply_markup=keyboard(result.edit),
                                          disable_web_page_preview=True)
        if result.reply is not None and query.message is not None:
            await query.message.reply_text(result.reply.html, reply_markup=keyboard(result.reply),
                                           disable_web_page_preview=True)

    # -- calculations -------------------------------------------------------------------------

    async def on_calc(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        command = command_name(message)
        await message.chat.send_action(ChatAction.TYPING)
        replies = await self._run(self.workers.calculations, self.conversation.calc, command,
                                  command_args(message), message.from_user.id if message.from_user else None)
        await self._send(message, replies)

    # -- maintainers --------------------------------------------------------------------------

    async def on_add(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        user = message.from_user.id if message.from_user else None
        target = message if message.document else message.reply_to_message
        if target is None or target.document is None:
            await message.reply_text(msg.ADD_WHAT)
            return
        if not self.conversation.is_admin(user):
            await message.reply_text(msg.NOT_ADMIN)
            return
        document = target.document
        limit = self.conversation.config.max_file_mb
        if document.file_size and document.file_size > limit * 1024 * 1024:
            await message.reply_text(msg.FILE_TOO_BIG.format(size=document.file_size // 2**20, limit=limit))
            return
        name = document.file_name or "upload.txt"
        status = await message.reply_text(msg.RECEIVED.format(name=html.escape(name)))
        file = await document.get_file()
        data = bytes(await file.download_as_bytearray())
        received = await asyncio.to_thread(self.conversation.receive_upload, name, data, user, message.chat_id,
                                           target.message_id)
        if isinstance(received, Reply):
            await self._edit(status, received.html)
            return
        edits = FromThread()
        reply = await self._run(self.workers.updates, self.conversation.add_upload, received,
                                lambda text: edits.start(self._edit(status, text)))
        await edits.finish()  # the report is the last word
        await self._edit(status, reply.html)

    @staticmethod
    async def _edit(message: Message, text: str) -> None:
        """Replace a progress message's text; an edit Telegram refuses (unchanged text, a deleted message)
        is logged, and the upload goes on."""
        try:
            await message.edit_text(clip(text))
        except TelegramError as exc:
            log.info("could not edit the progress message: %s", exc)

    async def _resume_uploads(self, app: Application) -> None:
        """Finish the uploads a stop interrupted and tell each sender, without holding up questions."""
        try:
            finished = await self._run(self.workers.updates, self.conversation.resume_uploads)
            for upload, reply in finished:
                if upload.chat_id is None:
                    continue
                replying = (ReplyParameters(upload.message_id, allow_sending_without_reply=True)
                            if upload.message_id else None)
                await app.bot.send_message(upload.chat_id, clip(reply.html), reply_parameters=replying)
        except Exception:
            log.exception("could not finish the interrupted uploads")

    async def on_admin(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        command = command_name(message)
        user = message.from_user.id if message.from_user else None
        c = self.conversation
        await message.chat.send_action(ChatAction.TYPING)
        if command == "remove":
            replies = [await self._run(self.workers.updates, c.remove, command_args(message), user)]
        elif command == "reindex":
            replies = [await self._run(self.workers.updates, c.reindex, user)]
        elif command == "docs":
            replies = [await self._run(self.workers.questions, c.docs, user)]
        else:
            replies = await self._run(self.workers.questions, c.stats, user)
        await self._send(message, replies)

    async def on_digest_due(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A JobQueue job, every ``digest_check_s``: send the staff digest when one is due.  Due-ness is kept
        in the bot's records, so a restart neither skips nor repeats a digest."""
        config = self.conversation.config
        digest = await self._run(self.workers.updates, self.conversation.digest)
        if digest is None:
            return
        for chat_id in ([config.staff_chat] if config.staff_chat is not None else sorted(config.admin_ids)):
            try:
                await context.bot.send_message(chat_id, digest.html, disable_web_page_preview=True)
            except TelegramError as exc:  # an admin who never opened a chat with the bot cannot be written to
                log.warning("could not send the staff digest to %s: %s", chat_id, exc)

    async def on_learn(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        answer = message.reply_to_message
        if answer is None or not (answer.text or answer.caption):
            await message.reply_text(msg.LEARN_WHAT)
            return
        question = command_args(message).strip()
        if not question:
            parent_id = answer.reply_to_message.message_id if answer.reply_to_message else None
            known = self.recent.get(message.chat_id, answer.message_id)
            parent_id = parent_id or (known[1] if known else None)
            parent = self.recent.get(message.chat_id, parent_id)
            question = parent[0] if parent else ""
        title = message.chat.title or message.chat.full_name or "Telegram"
        reply = await self._run(self.workers.updates, self.conversation.learn, question,
                                answer.text or answer.caption, title, answer.date.timestamp(),
                                f"{message.chat_id}-{answer.message_id}",
                                message.from_user.id if message.from_user else None)
        await self._send(message, [reply])

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(msg.START)

    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(msg.help_text(html.escape(context.bot.username or "")))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Whatever went wrong, the bot keeps running: details to the log, a short apology to the user."""
        log.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await context.bot.send_message(update.effective_chat.id, msg.SORRY)
            except Exception:
                log.exception("could not send the apology")

    # -- wiring -------------------------------------------------------------------------------

    def register(self, app: Application) -> None:
        app.add_handler(CommandHandler("start", self.on_start))
        app.add_handler(CommandHandler("help", self.on_help))
        app.add_handler(CommandHandler("ask", self.on_ask))
        app.add_handler(CommandHandler(list(CALC_COMMANDS), self.on_calc))
        app.add_handler(CommandHandler(["stats", "docs", "remove", "reindex"], self.on_admin))
        app.add_handler(CommandHandler("learn", self.on_learn))
        app.add_handler(CommandHandler("add", self.on_add))
        app.add_handler(MessageHandler(filters.Document.ALL & filters.CaptionRegex(r"^/add(@\w+)?(\s|$)"),
                                       self.on_add))
        app.add_handler(MessageHandler(filters.PHOTO | filters.Document.ALL, self.on_media))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE,
                                       self.on_private_text))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS,
                                       self.on_group_text))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_error_handler(self.on_error)

    async def post_init(self, app: Application) -> None:
        await app.bot.set_my_commands([BotCommand(name, text) for name, text in msg.menu().items()])
        # in the questions' own thread, before the first update arrives
        await self._run(self.workers.questions, self.conversation.kb.warm)
        self.resuming = asyncio.create_task(self._resume_uploads(app))
        if self.conversation.config.digest_hours and app.job_queue is not None:
            app.job_queue.run_repeating(self.on_digest_due, interval=self.conversation.config.digest_check_s,
                                        first=0, name="staff-digest")


def build_application(bot: DaneshyarBot, token: str, api_url: str) -> Application:
    """An Application talking to ``api_url`` (Telegram's, a self-hosted Bot API server, or a test's fake)."""
    base = api_url.rstrip("/")
    file_base = base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file/bot"
    app = (
        Application.builder()
        .token(token)
        .base_url(base)
        .base_file_url(file_base)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .concurrent_updates(64)
        .post_init(bot.post_init)
        .build()
    )
    bot.register(app)
    return app
