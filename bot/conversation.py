"""What Daneshyar says, independent of Telegram: questions, calculations, buttons and maintainers' commands.

The Telegram handlers (``bot/app.py``) and the console (``daneshyar chat``) both
call these methods and render the :class:`Reply` objects they return.  Methods
block (searching, counting, running a convolution); the Telegram layer calls
them in worker threads so the event loop keeps serving other chats.
"""

from __future__ import annotations

import copy
import logging
import re
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

import cnn_demos
from bot import formatting as fmt
from bot import messages as msg
from bot.analytics import STATS_WEEKS, CourseReport, course_report
from bot.charts import CHART_DAYS, activity_chart
from bot.digest import MAX_QUESTIONS, WAITING_DAYS, QuestionGroup, group_in
from bot.kinds import CALCULATION, MATERIAL, SOURCES, UNANSWERED
from bot.kinds import VERIFIED as FROM_VERIFIED
from bot.offers import CORRECTION, Offers
from bot.permissions import is_admin
from bot.ratelimit import RateLimiter, SharedRateLimiter
from bot.reactions import reaction_vote
from bot.state import BotState, ShownAnswer, Upload
from bot.uploads import UploadWatch, save_upload
from bot.verifying import asks, offer_html, offer_of, retires, role_of, verify_data
from cnn_demos import commands
from cnn_demos.followup import revise
from cnn_demos.prose import route
from cnn_demos.textkind import looks_printed, surely_code
from daneshyar.application.calculating import Calculated, calculate, recalculate
from daneshyar.application.courses import DEFAULT_COURSE
from daneshyar.application.errors import CALCULATION_ERRORS
from daneshyar.application.respond import respond, rewrite
from daneshyar.application.settings import BotSettings
from knowledge import AddReport, Busy, KnowledgeBase
from knowledge.llm import ChatModel
from knowledge.types import NOT_A_QUESTION, RETIRED_REASON, VERIFIED, Answer

log = logging.getLogger("daneshyar.bot")

STATS_AMONG = 100  # /stats groups the newest unanswered questions (about 2 s of embedding, in the questions' thread)
WAITING_SHOWN = 15  # the digest lists at most this many questions waiting for a human, the longest waiting first


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # callback data, at most 64 bytes


@dataclass(frozen=True)
class Reply:
    html: str = ""
    buttons: tuple[tuple[Button, ...], ...] = ()
    photo: bytes | None = None   # sent as a photo, ``html`` as its caption when short enough
    answer_id: int | None = None  # the answer it carries: a reply to the sent message follows it up
    grounding: Answer | None = None  # an extractive answer a configured model may rewrite (Conversation.generate)
    staff: str = ""  # a note for the course's staff about it (a question the material did not cover)


@dataclass(frozen=True)
class CallbackResult:
    notice: str = ""                 # the little popup text (answerCallbackQuery)
    reply: Reply | None = None       # a new message
    edit: Reply | None = None        # replaces the text and buttons of the message whose button was pressed
    staff: str = ""                  # a note for the course's staff (the student still has a question)


@dataclass(frozen=True)
class Resumed:
    """What became of an upload a stop interrupted: the report for its sender, and the new text of the progress
    message the bot had sent about it (which would otherwise say «⏳ 32 از 60» for ever)."""

    reply: Reply
    progress: str


# The bot's part of the settings, as the conversation takes it (``Settings.bot``).
BotConfig = BotSettings


class Conversation:
    def __init__(self, kb: KnowledgeBase, state: BotState, config: BotSettings = BotSettings(),
                 writer: Callable[[], KnowledgeBase] | None = None, worker=None,
                 clock: Callable[[], float] = time.time, model: ChatModel | None = None,
                 course: str = DEFAULT_COURSE) -> None:
        self.kb = kb
        self.course = course  # whose material ``kb`` is
        self.model = model  # optional: answers rewritten by a language model, checked (knowledge/grounded.py)
        self.clock = clock  # wall-clock seconds; the follow-up window is measured with it
        self.state = state
        self.offers = Offers(state.db)  # the verified-answer flow's records (bot/verifying.py)
        self.config = config
        self._writer_factory = writer or (lambda: kb)
        self._writer: KnowledgeBase | None = None
        self.worker = worker
        limiter = (lambda kind, n: SharedRateLimiter(state.db, kind, n)) if state.shared else (
            lambda kind, n: RateLimiter(n))  # several workers count together; one process, in memory
        self.question_limit = limiter("questions", config.questions_per_minute)
        self.calc_limit = limiter("calculations", config.calculations_per_minute)
        self.model_limit = limiter("model", config.questions_per_minute)  # model calls: as many as questions
        # set by the bot when it is one of several workers (bot/workers.py): their one-writer lock, and the
        # uploads a dead worker left
        self.writing: Callable[[], AbstractContextManager] = nullcontext
        self.take_over: Callable[[], list[Upload]] | None = None
        self.worker_name: str | None = None

    def for_course(self, course: str, kb: KnowledgeBase, writer: Callable[[], KnowledgeBase]) -> Conversation:
        """The same conversation over another course's base: the records, the users' rate limits, the model
        and the calculator's worker are shared (a student's limit is theirs, whichever course they ask)."""
        other = copy.copy(self)
        other.course, other.kb, other._writer_factory, other._writer = course, kb, writer, None
        return other

    def _record(self, *args, **kwargs) -> int:
        """Record an answer (:meth:`BotState.record_answer`) and, outside the default course, whose material
        it showed: its buttons read that course's passages."""
        answer_id = self.state.record_answer(*args, **kwargs)
        if self.course != DEFAULT_COURSE:
            self.state.answer_course(answer_id, self.course)
        return answer_id

    # -- students -----------------------------------------------------------------------------

    def ask(self, question: str, chat_id: int | None = None, user_id: int | None = None, private: bool = True,
            reply_to: int | None = None, follows: int | None = None, computed: Calculated | None = None) -> Reply:
        """Answer a message that may be a question.

        ``reply_to`` is the id of the chat message it replies to and ``follows`` the id of an answer
        it comes after (the console's thread): either makes it a possible follow-up, as does coming
        within ``followup_minutes`` of the last answer in a private chat.  Thanks, greetings and
        emoji get one short line in a private chat and an empty reply (send nothing) in a group,
        and leave no record: they are not questions the material failed to answer.  ``computed`` is a
        calculation asked in a sentence, already worked out by :meth:`compute`.
        """
        question = (question or "").strip()
        if not question:
            return Reply(msg.ASK_WHAT)
        code = surely_code(question) or looks_printed(question)  # a pasted model may be as long as Telegram allows
        limit = self.config.max_spec_chars if code else self.config.max_question_chars
        if len(question) > limit:
            return Reply(msg.TOO_LONG.format(length=len(question), limit=limit))
        wait = self.question_limit.check(user_id)
        if wait:
            return self._slow_down(self.question_limit, user_id, wait, private)
        if computed is not None:  # the bot computed it in the calculations' threads (see compute)
            return self.reply_calculated(computed, chat_id, user_id)
        earlier = self._followed(chat_id, user_id, private, reply_to, follows)
        revised = self._revised(question, earlier) if route(question) is None else None
        if revised is not None:  # «با stride 2 چی؟» after a shape: the shape again, with that value
            return self._calculated(revised, chat_id, user_id)
        if earlier is not None and earlier.from_command:  # the material cannot continue a calculation
            earlier = self._before_command(earlier, chat_id, user_id, private, reply_to, follows)
        context = (earlier.resolved,) if earlier else ()
        response = respond(self.kb, question, context, model=self.model is not None)
        if response.calculated is not None:
            return self._calculated(response.calculated, chat_id, user_id)
        answer = response.answer
        if answer.kind == NOT_A_QUESTION:
            self.question_limit.refund(user_id)
            return Reply(msg.NOT_A_QUESTION_REPLY if private else "")
        html = fmt.answer_html(answer, fold=not private)
        chunk_ids = [c.chunk_id for c in answer.citations]
        answer_id = self._record(chat_id, user_id, question, answer.answered, html, chunk_ids,
                                 resolved=answer.resolved_question.strip(), at=self.clock(),
                                 kind=FROM_VERIFIED if answer.kind == VERIFIED
                                 else MATERIAL if answer.answered else UNANSWERED)
        grounding = answer if response.rewrite else None
        staff = ""
        if answer.kind == VERIFIED and answer.verified is not None:
            self.offers.showed(answer_id, answer.verified.id)
        if answer.reason == RETIRED_REASON:  # its answer was marked wrong and nobody gave the right one yet
            if self.state.ask_human(answer_id, None, at=self.clock()):
                staff = msg.STAFF_RETIRED_ASKED.format(course=fmt.esc(fmt.course_title(self.course)),
                                                       question=fmt.esc(question))
        elif (not answer.answered and not private and self.config.staff_chat is not None
                and self.state.ask_human(answer_id, None, at=self.clock())):
            # not covered in a group: a staff chat hears of it (the student need not ask for a human); without
            # one, the admins read such questions in the digest rather than one private message each
            staff = msg.STAFF_NOT_COVERED.format(course=fmt.esc(fmt.course_title(self.course)), question=fmt.esc(question))
        return Reply(html, self._answer_buttons(answer_id, len(chunk_ids)), answer_id=answer_id, grounding=grounding,
                     staff=staff)

    def generate(self, reply: Reply, user_id: int | None, on_text: Callable[[str], None] | None = None,
                 since: float | None = None) -> Reply | None:
        """The model's rewrite of an extractive answer, checked sentence by sentence, with the same buttons;
        None when it is not to be used (no model, the user's model calls used up, a model failure, the
        deadline passed with too little checked, too little verified): the extractive answer stands.
        ``on_text`` gets the checked sentences while the reply streams.  ``since`` (``time.monotonic()``) is
        when the student began waiting for the model: the deadline counts from there, so a call queued
        behind other students' is not given longer."""
        answer = reply.grounding
        if self.model is None or answer is None or self.model_limit.check(user_id):
            return None
        deadline = (time.monotonic() if since is None else since) + self.model.config.deadline_s
        generated = rewrite(answer, self.model, self.kb, on_text, deadline)
        if not generated.used:
            log.info("generated answer not used (%s); the extractive answer stands", generated.fallback)
            return None
        if generated.cut:
            log.info("generated answer cut at the deadline; its checked sentences are used")
        html = fmt.generated_html(generated.text, generated.model, answer)
        if reply.answer_id is not None:
            self.state.update_shown(reply.answer_id, html)
        return replace(reply, html=html, grounding=None)

    @staticmethod
    def _slow_down(limit: RateLimiter, user_id: int | None, wait: float, private: bool = True) -> Reply:
        """The first refusal in a window says when to retry; the rest get no reply at all.  In a group not
        even the first: the notice would be one more post in a chat already flooded."""
        if private and limit.notice(user_id, wait):
            return Reply(msg.RATE_LIMITED.format(seconds=max(1, round(wait))))
        return Reply()

    def compute(self, question: str, chat_id: int | None = None, user_id: int | None = None, private: bool = True,
                reply_to: int | None = None) -> Calculated | None:
        """The arithmetic of a calculation asked in a sentence, or of a follow-up changing a value of an earlier
        calculation, without the knowledge base: the bot runs it in the calculations' threads, so a heavy
        count never queues other students' questions."""
        return calculate(None, question) or self._revised(
            question, self._followed(chat_id, user_id, private, reply_to, None))

    @staticmethod
    def _revised(question: str, earlier: ShownAnswer | None) -> Calculated | None:
        """The earlier calculation recomputed with the value ``question`` changes, or None."""
        new = revise(earlier.calculation, question) if earlier is not None and earlier.calculation else None
        return recalculate(question, earlier.resolved, new) if new else None

    def _before_command(self, command: ShownAnswer, chat_id: int | None, user_id: int | None, private: bool,
                        reply_to: int | None, follows: int | None) -> ShownAnswer | None:
        """The question a message may continue when the last answer was a calculation command's: the one
        before it in the same thread (never when the message replies to the calculation itself)."""
        if reply_to is not None or (follows is None and not private):
            return None
        since = 0.0 if follows is not None else self.clock() - self.config.followup_minutes * 60
        return self.state.last_answer(chat_id, user_id, since, before=command.id, questions=True)

    def reply_calculated(self, calculated: Calculated, chat_id: int | None, user_id: int | None) -> Reply:
        """Cite the course passage for a computed answer and record it (the questions' thread: the KB's)."""
        if calculated.route.topic and calculated.source is None:
            calculated = replace(calculated, source=self.kb.ask(calculated.route.topic))
        return self._calculated(calculated, chat_id, user_id)

    def _calculated(self, calculated: Calculated, chat_id: int | None, user_id: int | None) -> Reply:
        """A calculation asked in a sentence: the number and its working, then where the course teaches it."""
        shown = calculated.as_answer()
        sources = []
        for citation in shown.citations:
            sources += [fmt.rtl(fmt.esc(msg.FROM_SOURCES)), fmt.rtl(f"«{fmt.esc(citation.quote)}»"),
                        fmt.source_line(citation.title, citation.section, citation.page)]
        if calculated.calculation is not None:
            html = fmt.calculation_html(calculated.calculation, tuple(sources))
        else:  # a number is missing (we ask for it) or the numbers make no valid layer (we say why)
            html = fmt.rtl(fmt.esc(calculated.reply))
        self.state.record_calculation(calculated.route.command or "prose", calculated.calculation is not None)
        chunk_ids = [c.chunk_id for c in shown.citations]
        command = f"{calculated.route.command} {calculated.route.args}".strip()  # what a follow-up recomputes
        answer_id = self._record(chat_id, user_id, calculated.question, True, html, chunk_ids,
                                 resolved=calculated.resolved, at=self.clock(), calculation=command, kind=CALCULATION)
        return Reply(html, self._answer_buttons(answer_id, len(chunk_ids)), answer_id=answer_id)

    def _followed(self, chat_id: int | None, user_id: int | None, private: bool, reply_to: int | None,
                  follows: int | None) -> ShownAnswer | None:
        """The earlier answer a message may follow up: the one it replies to, else the one it comes
        after, else (private chats only) the user's last answer there within the follow-up window."""
        earlier = self.state.answer_in_message(chat_id, reply_to) if reply_to is not None else None
        if earlier is None and follows is not None:
            earlier = self.state.answer(follows)
        if earlier is None and private and chat_id is not None:
            since = self.clock() - self.config.followup_minutes * 60
            earlier = self.state.last_answer(chat_id, user_id, since)
        return earlier

    def remember_sent(self, chat_id: int, message_id: int, reply: Reply) -> None:
        """Remember which chat message carried which answer, for replies to it."""
        if reply.answer_id is not None:
            self.state.remember_message(chat_id, message_id, reply.answer_id)

    def remember_question(self, chat_id: int, message_id: int, reply: Reply, thread_id: int | None) -> None:
        """Remember the group message an answer replied to: the digest links it, a TA's reply to it is seen."""
        if reply.answer_id is not None:
            self.state.remember_question(chat_id, message_id, reply.answer_id, thread_id)

    def staff_reply(self, chat_id: int, replied_to: int, user_id: int | None, message_id: int) -> bool:
        """A message in a group replying to ``replied_to``: when its author is staff (an admin of the bot or
        of this course) and it replies to a question or the bot's answer, that question is answered by a
        human (it leaves the digest's waiting list, and /stats counts it so).  Whether it was."""
        if not self.is_admin(user_id):
            return False
        return self.state.staff_replied(chat_id, replied_to, user_id, message_id, at=self.clock()) is not None

    def react(self, chat_id: int, message_id: int, user_id: int | None, old: list[str], new: list[str]
              ) -> CallbackResult:
        """A person's reactions on a message changed (:mod:`bot.reactions`): on one of the bot's answers the
        change is their vote, as a 👍/👎 button's is (a 👎 streak retires the answer, :meth:`after_vote`).
        The answer's buttons with the new counts are the ``edit`` (None: nothing to edit)."""
        vote = reaction_vote(old, new)
        shown = self.state.answer_in_message(chat_id, message_id) if vote is not None and user_id is not None else None
        if shown is None:
            return CallbackResult()
        up, down = votes = self.state.set_vote(shown.id, user_id, vote, at=self.clock())
        edit = None if shown.from_command else Reply(buttons=self._answer_buttons(shown.id, len(shown.chunks), votes))
        return CallbackResult(edit=edit, staff=self.after_vote(shown, up, down))

    def _answer_buttons(self, answer_id: int, sources: int, votes: tuple[int, int] = (0, 0)
                        ) -> tuple[tuple[Button, ...], ...]:
        """Sources, more results, and the votes with their counts (the same buttons for everyone, always)."""
        rows = []
        shown = min(sources, self.config.source_buttons)
        if shown:
            rows.append(tuple(Button(msg.BUTTON_SOURCE.format(n=i + 1), f"src:{answer_id}:{i}") for i in range(shown)))
        rows.append((Button(msg.BUTTON_MORE, f"more:{answer_id}"), Button(msg.BUTTON_HUMAN, f"human:{answer_id}")))
        up, down = (msg.BUTTON_COUNT.format(label=label, count=n) if n else label
                    for label, n in ((msg.BUTTON_UP, votes[0]), (msg.BUTTON_DOWN, votes[1])))
        rows.append((Button(up, f"fb:{answer_id}:1"), Button(down, f"fb:{answer_id}:-1")))
        return tuple(rows)

    def callback(self, data: str, user_id: int | None, message_html: str = "") -> CallbackResult:
        """An inline button under an answer: a full source, more results, or feedback; or an offer's «verify»."""
        offer = offer_of(data)
        if offer is not None:
            return self.verify_offer(offer, user_id, message_html)
        match = re.fullmatch(r"(src|more|fb|human):(\d+)(?::(-?\d+))?", data or "")
        shown = self.state.answer(int(match.group(2))) if match else None
        if shown is None:
            return CallbackResult(msg.EXPIRED)
        kind, extra = match.group(1), match.group(3)
        if kind == "src":
            index = int(extra or 0)
            chunk = self.kb.chunk(shown.chunks[index]) if index < len(shown.chunks) else None
            return CallbackResult(reply=Reply(fmt.chunk_html(chunk))) if chunk else CallbackResult(msg.EXPIRED)
        if kind == "more":  # by the question searched: a follow-up's own words may not stand alone
            hits = [h for h in self.kb.search(shown.resolved, 10) if h.chunk.id not in shown.chunks][:5]
            if not hits:
                return CallbackResult(msg.NO_MORE)
            lines = [msg.MORE_RESULTS.format(question=fmt.esc(shown.resolved)), ""]
            for i, hit in enumerate(hits, 1):
                snippet = hit.chunk.text if len(hit.chunk.text) <= 300 else hit.chunk.text[:300] + "…"
                lines.append(f"{i}. {fmt.source_line(hit.chunk.title, hit.chunk.heading_path, hit.chunk.page)}")
                lines.append(fmt.rtl(fmt.esc(snippet)))
                lines.append("")
            return CallbackResult(reply=Reply(fmt.clip("\n".join(lines))))
        if user_id is None:
            return CallbackResult(msg.EXPIRED)
        if kind == "human":  # «هنوز سؤال دارم»: the staff are told once per answer
            if not self.state.ask_human(shown.id, user_id, at=self.clock()):
                return CallbackResult(msg.HUMAN_ALREADY)
            return CallbackResult(msg.HUMAN_TOLD, staff=msg.STAFF_HUMAN.format(
                course=fmt.esc(fmt.course_title(self.course)), question=fmt.esc(shown.question)))
        up, down, mine = self.state.vote(shown.id, user_id, int(extra or 1), at=self.clock())
        edit = Reply(message_html, self._answer_buttons(shown.id, len(shown.chunks), (up, down))) if message_html \
            else None
        return CallbackResult(msg.THANKS_FEEDBACK if mine else msg.VOTE_TAKEN_BACK, edit=edit,
                              staff=self.after_vote(shown, up, down))

    # -- verified answers (bot/verifying.py) --------------------------------------------------------

    def role(self, user_id: int | None) -> str | None:
        """``ta`` (a course admin), ``admin`` (a bot admin) or None: who may have answers offered and verify them."""
        return role_of(user_id, self.state.course_admins(self.course), self.is_admin(user_id))

    def offer_answer(self, question: str, answer: str, user_id: int | None, kind: str,
                     answer_id: int | None = None, phrasing: str = "") -> Reply | None:
        """A TA's or admin's answer offered to the staff for verification: the note with its one button; None
        when the author is neither, or there is nothing to offer."""
        role = self.role(user_id)
        question, answer = (question or "").strip(), (answer or "").strip()
        if role is None or not question or not answer:
            return None
        offer = self.offers.offer(self.course, question, phrasing.strip() if phrasing.strip() != question else "",
                                  answer, role, kind, answer_id, user_id, at=self.clock())
        return Reply(offer_html(offer), ((Button(msg.BUTTON_VERIFY, verify_data(offer)),),))

    def offer_correction(self, shown: ShownAnswer, answer: str, user_id: int | None) -> Reply | None:
        """A TA's reply to one of the bot's answers: a correction, unless it asks something (a follow-up) or the
        answer was a calculation's."""
        if shown.from_command or asks(answer):
            return None
        return self.offer_answer(shown.question, answer, user_id, CORRECTION, shown.id, shown.resolved)

    def verify_offer(self, offer_id: int, user_id: int | None, message_html: str = "") -> CallbackResult:
        """An admin's tap on an offer: the pair is stored in the course's base, once whoever taps."""
        offer = self.offers.get(offer_id)
        if offer is None or offer.course != self.course:
            return CallbackResult(msg.EXPIRED)
        if self.role(user_id) is None:
            return CallbackResult(msg.VERIFY_NOT_ADMIN)
        if offer.pair_id or not self.offers.claim(offer.id, user_id, at=self.clock()):
            return CallbackResult(msg.VERIFY_ALREADY)
        try:
            replaces = self._corrected_pair(offer.answer_id) if offer.kind == CORRECTION else ""
            with self.writing():
                pair = self.writer.verify(offer.question, offer.answer, offer.role,
                                          [offer.phrasing] if offer.phrasing else [], replaces, at=self.clock())
        except Busy:
            self.offers.release(offer.id)
            return CallbackResult(msg.BUSY)
        self.offers.became(offer.id, pair.id)
        done = msg.VERIFIED_DONE.format(course=fmt.esc(fmt.course_title(self.course)))
        return CallbackResult(done, edit=Reply(f"{message_html}\n\n{done}" if message_html else done))

    def _corrected_pair(self, answer_id: int | None) -> str:
        """The pair a correction of answer ``answer_id`` takes over from: the verified pair it showed, the pair a
        👎 streak left for it, or (a bot answer from the material) a retired pair holding what it said."""
        if answer_id is None:
            return ""
        known = self.offers.pair_of(answer_id) or self.offers.retired_pair(answer_id)
        if known:
            return known
        shown = self.state.answer(answer_id)
        if shown is None:
            return ""
        with self.writing():
            return self.writer.retire(shown.question, fmt.plain(self.offers.shown(answer_id)), "",
                                      [shown.resolved], at=self.clock()).id

    def after_vote(self, shown: ShownAnswer, up: int, down: int) -> str:
        """Retire an answer its votes mark wrong (once, whichever worker sees the vote that does it): the staff
        note to send, or ""."""
        if not retires(up, down) or shown.from_command or not self.offers.retire_once(shown.id, at=self.clock()):
            return ""
        try:
            with self.writing():
                pair = self.writer.retire(shown.question, fmt.plain(self.offers.shown(shown.id)),
                                          self.offers.pair_of(shown.id) or "", [shown.resolved], at=self.clock())
        except Busy:
            self.offers.unretire(shown.id)
            log.info("answer %s not retired: the knowledge base is busy; the next vote tries again", shown.id)
            return ""
        self.offers.retired_as(shown.id, pair.id)
        return msg.STAFF_RETIRED.format(course=fmt.esc(fmt.course_title(self.course)), question=fmt.esc(shown.question))

    # -- calculations -------------------------------------------------------------------------

    def calc(self, command: str, args: str, user_id: int | None = None, chat_id: int | None = None,
             private: bool = True) -> list[Reply]:
        """A calculation command of the table (cnn_demos.commands), as typed after /command.

        The reply is recorded as an answer carrying the command and its arguments, whether it computed,
        refused or asked for a value: a reply to it that changes or gives a value is recomputed (:meth:`ask`)."""
        args = (args or "").strip()
        if len(args) > self.config.max_spec_chars:
            return [Reply(msg.TOO_LONG.format(length=len(args), limit=self.config.max_spec_chars))]
        if command == "model" and not args:
            models = "\n".join(f"<code>{m.key}</code> — {fmt.esc(m.title)}" for m in cnn_demos.MODELS.values())
            return self._recorded(command, args, [Reply(msg.MODEL_LIST.format(models=models))], chat_id, user_id)
        if not args:
            usage = Reply(fmt.rtl(fmt.esc(commands.COMMANDS[command].usage)))
            return self._recorded(command, args, [usage], chat_id, user_id)
        wait = self.calc_limit.check(user_id)
        if wait:
            return [self._slow_down(self.calc_limit, user_id, wait, private)]
        try:
            replies, ok = self._calculation_replies(self._run_calc(command, args)), True
        except CALCULATION_ERRORS as exc:  # one Persian sentence
            replies, ok = [Reply(msg.CALC_FAILED.format(reason=fmt.esc(str(exc))))], False
        self.state.record_calculation(command, ok)
        return self._recorded(command, args, replies, chat_id, user_id)

    def _recorded(self, command: str, args: str, replies: list[Reply], chat_id: int | None,
                  user_id: int | None) -> list[Reply]:
        """Record a command's reply as an answer whose calculation is the command and its arguments."""
        typed = f"{command} {args}".strip()
        answer_id = self._record(chat_id, user_id, f"/{typed}", True, replies[0].html, [],
                                 at=self.clock(), calculation=typed, kind=CALCULATION)
        return [replace(reply, answer_id=answer_id) for reply in replies]

    def warm_calculations(self) -> None:
        """Import and first-use what calculations need, and start the worker when comparisons run for real:
        the first /params after a restart took 5.5 s and /stacked 10.6 s (benchmarks/calc_warmup.py)."""
        commands.warm(self.worker, run=self.config.run_bottleneck)

    def _run_calc(self, command: str, args: str) -> commands.Calculation:
        compares = commands.COMMANDS[command].compares
        options = commands.Options(run=compares and self.config.run_bottleneck, chart=compares, worker=self.worker)
        try:
            return commands.run(command, args, options)
        except cnn_demos.RunTimeout:  # the real run took too long: the arithmetic still answers
            calculation = commands.run(command, args, commands.Options(chart=compares))
            return replace(calculation, notes=(*calculation.notes, msg.CALC_TIMEOUT))

    def _calculation_replies(self, calculation: commands.Calculation, sources: tuple[str, ...] = ()) -> list[Reply]:
        replies = [Reply(fmt.calculation_html(calculation, sources))]
        if calculation.chart_png:
            replies.append(Reply(fmt.esc(calculation.caption), photo=calculation.chart_png))
        return replies

    # -- maintainers --------------------------------------------------------------------------

    def is_admin(self, user_id: int | None) -> bool:
        return is_admin(user_id, self.config.admin_ids)

    @property
    def writer(self) -> KnowledgeBase:
        """A second KnowledgeBase (its own embedder) for updates, so questions are not queued behind them."""
        if self._writer is None:
            self._writer = self._writer_factory()
        return self._writer

    def add_file(self, name: str, data: bytes, user_id: int | None) -> Reply:
        """Receive and add a file in one go (the console; the bot shows progress in between)."""
        received = self.receive_upload(name, data, user_id)
        return received if isinstance(received, Reply) else self.add_upload(received)

    def receive_upload(self, name: str, data: bytes, user_id: int | None, chat_id: int | None = None,
                       message_id: int | None = None) -> Upload | Reply:
        """Journal and save a file already in hand (the console); a refusal is a Reply."""
        journaled = self.journal_upload(name, len(data), user_id, chat_id, message_id)
        return journaled if isinstance(journaled, Reply) else self.save_upload(journaled, data)

    def journal_upload(self, name: str, size: int | None, user_id: int | None, chat_id: int | None = None,
                       message_id: int | None = None, file_id: str | None = None,
                       thread_id: int | None = None) -> Upload | Reply:
        """Journal a maintainer's file before it is downloaded, with Telegram's ``file_id``: a bot killed while
        downloading it fetches it again after the restart (or says it is lost), in the forum topic
        ``thread_id`` it came from and into this course.  A refusal is a Reply."""
        if not self.is_admin(user_id):
            return Reply(msg.NOT_ADMIN)
        if size and size > self.config.max_file_mb * 1024 * 1024:
            return Reply(msg.FILE_TOO_BIG.format(size=size // 2**20, limit=self.config.max_file_mb))
        upload = self.state.start_upload(chat_id, user_id, message_id, "", name, file_id, self.worker_name)
        self.state.upload_place(upload.id, self.course, thread_id)
        return upload

    def save_upload(self, upload: Upload, data: bytes) -> Upload | Reply:
        """Save a journaled file's bytes in ``uploads/`` before reading them; too big a file is dropped."""
        if len(data) > self.config.max_file_mb * 1024 * 1024:
            self.state.finish_upload(upload.id)
            return Reply(msg.FILE_TOO_BIG.format(size=len(data) // 2**20, limit=self.config.max_file_mb))
        path = str(save_upload(self.writer.home / "uploads", upload.name, data))
        self.state.saved_upload(upload.id, path)
        return replace(upload, path=path)

    def upload_progress(self, upload: Upload, progress_id: int) -> Upload:
        """Remember the progress message sent about ``upload``, so a restart can correct it."""
        self.state.upload_progress(upload.id, progress_id)
        return replace(upload, progress_id=progress_id)

    def add_upload(self, upload: Upload, progress: Callable[[str], None] | None = None) -> Reply:
        """Add a saved file; ``progress`` gets the text of its progress message as the update goes on."""
        return Reply(self._add_saved(upload, progress))

    def _add_saved(self, upload: Upload, progress: Callable[[str], None] | None = None, resumed: bool = False
                   ) -> str:
        """The report of adding ``upload``; a resumed one reports no timings (they would count the downtime)."""
        watch = UploadWatch(upload.name, progress, started=upload.received_at)
        try:
            with self.writing():
                report = self.writer.add([upload.path], progress=watch)
        except Busy:
            self.state.finish_upload(upload.id)
            return msg.BUSY
        if report.skipped and not (report.added or report.replaced or report.unchanged or report.completed):
            Path(upload.path).unlink(missing_ok=True)  # nothing of it is in the base; the sender was told why
        self.state.finish_upload(upload.id)
        completed = msg.RESUMED_COMPLETED if resumed else msg.COMPLETED
        return self._add_report(report, "" if resumed else watch.timing(), completed)

    @staticmethod
    def _add_report(report: AddReport, timing: str, completed: str = msg.COMPLETED) -> str:
        names = lambda items: "، ".join(fmt.esc(Path(p).name) for p in items) or "—"
        lines = [msg.ADDED.format(added=names(report.added), replaced=names(report.replaced),
                                  unchanged=names(report.unchanged))]
        if report.completed:
            lines.append(completed.format(names=names(report.completed)))
        if report.notes_gave_way:
            lines.append(msg.NOTES_GAVE_WAY)
        lines += [msg.SKIPPED.format(name=fmt.esc(Path(s.path).name), reason=fmt.esc(s.reason_fa or s.reason))
                  for s in report.skipped]
        return "\n".join(lines + ([timing] if timing else []))

    def interrupted_uploads(self) -> list[Upload]:
        """The uploads a stop interrupted (journaled, outcome never reported), oldest first: with several
        workers (:attr:`take_over`), only those of a worker that is gone, now this one's."""
        return self.take_over() if self.take_over else self.state.unfinished_uploads()

    def resume_upload(self, upload: Upload) -> Resumed:
        """After a restart: add an interrupted upload whose file was saved (one that was not is :meth:`lost_upload`)."""
        if not (upload.saved and Path(upload.path).is_file()):
            return self.lost_upload(upload)
        report = self._add_saved(upload, resumed=True)
        name = fmt.esc(upload.name)
        return Resumed(Reply(msg.RESUMED.format(name=name, report=report)), msg.PROGRESS_RESUMED.format(name=name))

    def lost_upload(self, upload: Upload) -> Resumed:
        """After a restart: an upload that was not saved before the stop and that Telegram would not give again.
        Closed in the journal, and the sender is asked to send it again."""
        self.state.finish_upload(upload.id)
        name = fmt.esc(upload.name)
        return Resumed(Reply(msg.UPLOAD_LOST.format(name=name)), msg.PROGRESS_LOST.format(name=name))

    def download_failed(self, upload: Upload) -> Reply:
        """Telegram would not give a file just sent: closed in the journal, the sender asked to send it again."""
        self.state.finish_upload(upload.id)
        return Reply(msg.DOWNLOAD_FAILED.format(name=fmt.esc(upload.name)))

    def recover(self) -> None:
        """Finish an update a stop interrupted outside any upload (a ``kb add`` killed midway)."""
        with self.writing():
            self.writer.recover()

    def remove(self, args: str, user_id: int | None) -> Reply:
        if not self.is_admin(user_id):
            return Reply(msg.NOT_ADMIN)
        refs = [ref.strip() for ref in re.split(r"[\n،,]+", args) if ref.strip()]  # «bn2.pdf», names with spaces
        if not refs:
            return Reply(msg.REMOVE_WHAT)
        try:
            with self.writing():
                report = self.writer.remove(refs)
        except Busy:
            return Reply(msg.BUSY)
        lines = [msg.REMOVED.format(removed="، ".join(report.removed) or "—")]
        if report.not_found:
            lines.append(msg.NOT_FOUND.format(missing=fmt.esc("، ".join(report.not_found))))
        lines += [msg.AMBIGUOUS_REMOVE.format(ref=fmt.esc(ref), names=fmt.esc("، ".join(names)))
                  for ref, names in report.ambiguous.items()]
        return Reply("\n".join(lines))

    def docs(self, user_id: int | None) -> Reply:
        if not self.is_admin(user_id):
            return Reply(msg.NOT_ADMIN)
        docs = self.kb.documents()
        lines = "\n".join(f"<code>{fmt.esc(d.id)}</code> — {fmt.esc(d.title)} ({d.chunks})" for d in docs)
        return Reply(fmt.clip(msg.DOCS.format(count=len(docs), chunks=sum(d.chunks for d in docs), lines=lines)))

    def reindex(self, user_id: int | None) -> Reply:
        if not self.is_admin(user_id):
            return Reply(msg.NOT_ADMIN)
        try:
            with self.writing():
                return Reply(msg.REINDEXED.format(chunks=self.writer.rebuild()))
        except Busy:
            return Reply(msg.BUSY)

    def learn(self, question: str, answer: str, chat_title: str, when: float, key: str,
              user_id: int | None) -> Reply:
        """A good answer from the group becomes a document: the question, the answer, the chat and the date."""
        if not self.is_admin(user_id):
            return Reply(msg.NOT_ADMIN)
        question, answer = question.strip(), answer.strip()
        if not question:
            return Reply(msg.LEARN_NO_QUESTION)
        if not answer:
            return Reply(msg.LEARN_WHAT)
        title = " ".join(question.split()[:10])
        date = time.strftime("%Y-%m-%d", time.gmtime(when))
        text = f"# {title}\n\n## {msg.LEARNED_FROM.format(chat=chat_title, date=date)}\n\n{question}\n\n{answer}\n"
        folder = self.writer.home / "learned"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{re.sub(r'[^0-9A-Za-z_-]+', '_', key)}.md"
        path.write_text(text, "utf-8")
        try:
            with self.writing():
                self.writer.add([path])
        except Busy:
            return Reply(msg.BUSY)
        return Reply(msg.LEARNED.format(title=fmt.esc(title)))

    def stats(self, user_id: int | None) -> list[Reply]:
        """This course's report: counts, questions a week and where their answers came from, the most asked
        topics, what went unanswered (grouped), the answers voted down, and a chart of the last two weeks."""
        if not self.is_admin(user_id):
            return [Reply(msg.NOT_ADMIN)]
        s = self.state.stats(self.course)
        docs = self.kb.documents()
        text = msg.STATS.format(questions=s.questions, abstained=s.abstained, calcs=s.calculations, up=s.up,
                                down=s.down, documents=len(docs), chunks=sum(d.chunks for d in docs))
        report = self.report()
        text += "\n\n" + self._report_lines(report) + self._topics(report.topics)
        replies = [Reply(fmt.clip(text + self._to_improve(self.kb, 0.0, None, top=5, among=STATS_AMONG)))]
        if any(sum(by_source.values()) for _, by_source in report.days):  # quiet days at zero: a calendar
            replies.append(Reply(msg.CHART_CAPTION, photo=activity_chart(list(report.days))))
        return replies

    def report(self) -> CourseReport:
        """This course's analytics (:mod:`bot.analytics`), its topics grouped with its own embedder."""
        return course_report(self.state, self.course, self.clock(), CHART_DAYS,
                             group=lambda questions: group_in(self.kb, questions))

    @staticmethod
    def _report_lines(report: CourseReport) -> str:
        lines = [msg.STATS_COURSE.format(course=fmt.esc(fmt.course_title(report.course)), weeks=STATS_WEEKS),
                 msg.STATS_WEEKS.format(counts="، ".join(str(n) for n in report.weeks))]
        lines += [msg.STATS_SOURCE_LINE.format(label=msg.SOURCE_LABELS[source], count=report.sources[source],
                                               percent=round(100 * report.share(source)))
                  for source in SOURCES]
        return "\n".join(lines)

    @staticmethod
    def _topics(groups: tuple[QuestionGroup, ...]) -> str:
        return msg.TOP_TOPICS.format(lines="\n".join(Conversation._group_line(g) for g in groups)) if groups else ""

    @staticmethod
    def _group_line(group: QuestionGroup) -> str:
        also = msg.ALSO_ASKED.format(others="، ".join(f"«{fmt.esc(q)}»" for q in group.others[:2]))
        return f"• {fmt.esc(group.question)} ({group.count})" + (also if group.others else "")

    def digest(self) -> Reply | None:
        """This course's staff digest when one is due (:meth:`digest_period`), None when not due or nothing to
        report.  The bot sends every course's (:meth:`bot.courses.Courses.digests`)."""
        period = self.digest_period()
        return None if period is None else self.course_digest(*period)

    def digest_period(self) -> tuple[float, float] | None:
        """(since, until) of the digest when one is due (every ``digest_hours``; one period for every course),
        else None.  Due-ness is kept in the records: a restart neither skips nor repeats a digest."""
        if not self.config.digest_hours:
            return None
        now, stored = self.clock(), self.state.get_meta("digest_at")
        if stored is None:  # the first period starts at the oldest record: no question before it is skipped
            first = self.state.first_record_at()
            stored = repr(now if first is None else min(first, now))
            self.state.set_meta("digest_at", stored)
        last = float(stored)
        if now - last < self.config.digest_hours * 3600:
            return None
        self.state.set_meta("digest_at", repr(now))
        return last, now

    def course_digest(self, since: float, until: float) -> Reply | None:
        """This course's digest of [since, until): what the material did not answer, grouped, the answers
        voted down, and the questions still waiting for a human (of the last ``WAITING_DAYS``, with links).
        None when there is nothing to report.

        Runs in the updates' thread with the writer's embedder: grouping hundreds of questions takes
        seconds, which the students' questions should not wait for."""
        body = self._to_improve(self.writer, since, until, top=10, among=MAX_QUESTIONS) + self._waiting(until)
        if not body:
            return None
        period = msg.DIGEST_PERIOD.format(hours=round((until - since) / 3600))
        course = msg.DIGEST_COURSE.format(course=fmt.esc(fmt.course_title(self.course)))
        return Reply(fmt.clip(msg.DIGEST_TITLE.format(period=period) + "\n" + course + body))

    def _waiting(self, now: float) -> str:
        """The questions of this course still waiting for a TA, each linked where the chat has links."""
        waiting = self.state.waiting_for_human(now - WAITING_DAYS * 86400, self.course, WAITING_SHOWN)
        lines = []
        for question in waiting:
            link = fmt.message_link(question.chat_id, question.message_id, question.thread_id)
            where = msg.WAITING_LINK.format(link=fmt.esc(link)) if link else ""
            lines.append(msg.WAITING_LINE.format(question=fmt.esc(question.question), where=where))
        return msg.WAITING.format(lines="\n".join(lines)) if lines else ""

    def _to_improve(self, kb: KnowledgeBase, since: float, until: float | None, top: int, among: int) -> str:
        """The sections the staff act on, for this course: the ``among`` newest unanswered questions grouped
        by meaning, and the answers voted down."""
        text = ""
        groups = group_in(kb, self.state.unanswered(since, until, among, course=self.course))
        if groups:
            text += msg.TOP_UNANSWERED.format(lines="\n".join(self._group_line(g) for g in groups[:top]))
        voted = self.state.voted_down(since, until, course=self.course)
        if voted:
            lines = "\n".join(msg.VOTED_DOWN_LINE.format(question=fmt.esc(q), up=up, down=down) for q, up, down in voted)
            text += msg.VOTED_DOWN.format(lines=lines)
        return text



__all__ = ["BotConfig", "Button", "CallbackResult", "Conversation", "Reply", "Resumed"]
