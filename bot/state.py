"""The bot's own records (SQLite beside the knowledge base, or PostgreSQL): answers shown, feedback, calculations.

What maintainers need from the chat (``/stats``: how many questions, how many the
material did not cover, what students asked that went unanswered, 👍/👎), what
the inline buttons need later (the question, the passages behind an answer) and
what follow-ups need (which sent message carried which answer, and the question
that answer actually searched, so "و GoogLeNet چی؟" can be read in its thread).

The SQL is written once for both engines (``bot/storage.py``); the schema is ``bot/migrations/``.
"""

from __future__ import annotations

import json
import time
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from bot.kinds import SOURCE_SQL, kind_of
from bot.migrations import migrate
from bot.storage import POSTGRESQL, Database, open_database, sqlite_url
from daneshyar.application.courses import DEFAULT_COURSE
from knowledge.normalize import search_form

_SHOWN = ("SELECT id, question, answered, chunks, COALESCE(NULLIF(resolved, ''), question), "
          "COALESCE(calculation, '') FROM answers")
COMMAND = "/"  # how a calculation command's answer is recorded: its question is "/shape 28 5 1 2"


def _from_command(alias: str = "") -> str:
    """ShownAnswer.from_command, in SQL (on the answers table, or its ``alias``)."""
    table = f"{alias}." if alias else ""
    return f"COALESCE(NULLIF({table}resolved, ''), {table}question) LIKE '/%'"


_FROM_COMMAND = _from_command()
# The update being handled (its update_id), set around each update by the bot (bot/workers.py): a record that
# completes an update (a vote, an upload journaled) marks it handled in the same transaction, so a worker
# killed between the two cannot leave it for another worker to apply again.
HANDLING: ContextVar[int | None] = ContextVar("handling", default=None)
_UP, _DOWN = "SUM(CASE WHEN f.vote > 0 THEN 1 ELSE 0 END)", "SUM(CASE WHEN f.vote < 0 THEN 1 ELSE 0 END)"
_END = 1e300  # "until" left open: later than any time (PostgreSQL and SQLite both take it as a number)
UPLOAD_COLUMNS = "id, chat_id, user_id, message_id, path, name, received_at, file_id, progress_id"


def _in_course(course: str | None, answers: str = "answers") -> tuple[str, tuple]:
    """An SQL condition (to follow AND) keeping the answers of ``course`` (None: every course), and its
    parameters.  An answer without an ``answer_courses`` row is the default course's (recorded before courses,
    or in the default course, which writes none)."""
    if course is None:
        return "1 = 1", ()
    return (f"COALESCE((SELECT ac.course FROM answer_courses ac WHERE ac.answer_id = {answers}.id), ?) = ?",
            (DEFAULT_COURSE, course))


@dataclass(frozen=True)
class Waiting:
    """A question passed to the staff that no TA or admin has replied to since."""

    answer_id: int
    question: str
    chat_id: int | None
    message_id: int | None  # the student's question, else the bot's answer to it; None: neither is known
    thread_id: int | None   # its forum topic
    asked_at: float


@dataclass(frozen=True)
class ShownAnswer:
    id: int
    question: str
    answered: bool
    chunks: tuple[str, ...]
    resolved: str  # the question searched; the question itself when nothing changed
    calculation: str = ""  # the calculation it showed, as "command args"; "" for the material's answers

    @property
    def from_command(self) -> bool:
        """A calculation command's answer (or a follow-up of one): nothing the knowledge base can continue."""
        return self.resolved.startswith(COMMAND)

    @classmethod
    def from_row(cls, row: tuple | None) -> ShownAnswer | None:
        return cls(row[0], row[1], bool(row[2]), tuple(json.loads(row[3])), row[4], row[5]) if row else None


@dataclass(frozen=True)
class Upload:
    id: int
    chat_id: int | None
    user_id: int | None
    message_id: int | None
    path: str                       # '' while it is not saved yet (journaled before it is downloaded)
    name: str
    received_at: float
    file_id: str | None = None      # Telegram's id of the file: it can be downloaded again
    progress_id: int | None = None  # the bot's progress message about it, in the same chat

    @property
    def saved(self) -> bool:
        return bool(self.path)


@dataclass(frozen=True)
class Stats:
    questions: int
    abstained: int
    calculations: int
    up: int
    down: int


def _complete_update(session) -> bool:
    """Mark the update being handled (:data:`HANDLING`) handled, in ``session``'s transaction; False when it
    was handled before (its effect must not be applied twice).  Outside an update: True."""
    update_id = HANDLING.get()
    if update_id is None:
        return True
    row = session.one("SELECT done_at FROM updates WHERE update_id = ?", (update_id,))
    if row is not None and row[0] is not None:
        return False
    session.run("UPDATE updates SET done_at = ? WHERE update_id = ?", (time.time(), update_id))
    return True


class BotState:
    """The records, on the database ``where`` names: a path (SQLite) or a URL (``sqlite:///``, ``postgresql://``)."""

    def __init__(self, where: Path | str) -> None:
        self.db: Database = open_database(where if isinstance(where, str) else sqlite_url(where))
        migrate(self.db)

    def record_answer(self, chat_id: int | None, user_id: int | None, question: str, answered: bool, shown: str,
                      chunks: list[str], resolved: str = "", at: float | None = None, calculation: str = "",
                      kind: str | None = None) -> int:
        """Store an answer shown; ``resolved`` is the question searched, ``at`` its time (default: now),
        ``calculation`` the command and arguments of a calculation it showed (a follow-up recomputes it),
        ``kind`` where it came from (:mod:`bot.kinds`; default: read from ``answered`` and ``calculation``)."""
        row = self.db.one(
            "INSERT INTO answers (chat_id, user_id, question, question_key, answered, shown, chunks, "
            "created_at, resolved, calculation, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (chat_id, user_id, question, " ".join(search_form(question).split()), int(answered), shown,
             json.dumps(chunks), time.time() if at is None else at, resolved, calculation,
             kind or kind_of(answered, calculation)))
        return int(row[0])

    def update_shown(self, answer_id: int, shown: str) -> None:
        """The answer as finally sent (a generated rewrite replaced the extractive one)."""
        self.db.run("UPDATE answers SET shown = ? WHERE id = ?", (shown, answer_id))

    def answer(self, answer_id: int) -> ShownAnswer | None:
        return ShownAnswer.from_row(self.db.one(f"{_SHOWN} WHERE id = ?", (answer_id,)))

    def remember_message(self, chat_id: int, message_id: int, answer_id: int) -> None:
        """The chat message that carried an answer, so a reply to it can be read as a follow-up."""
        self.db.run("INSERT INTO answer_messages VALUES (?, ?, ?) ON CONFLICT (chat_id, message_id) "
                    "DO UPDATE SET answer_id = excluded.answer_id", (chat_id, message_id, answer_id))

    def answer_in_message(self, chat_id: int | None, message_id: int) -> ShownAnswer | None:
        """The answer a chat message carried, or None (not an answer, or sent before this was recorded)."""
        return ShownAnswer.from_row(self.db.one(
            f"{_SHOWN} WHERE id = "
            "(SELECT answer_id FROM answer_messages WHERE chat_id = ? AND message_id = ?)",
            (chat_id, message_id)))

    def last_answer(self, chat_id: int | None, user_id: int | None, since: float, before: int | None = None,
                    questions: bool = False) -> ShownAnswer | None:
        """The newest answer given to ``user_id`` in ``chat_id`` at or after ``since``; with ``before``, older
        than that answer; with ``questions``, not a calculation command's."""
        return ShownAnswer.from_row(self.db.one(
            f"{_SHOWN} WHERE chat_id IS NOT DISTINCT FROM ? AND user_id IS NOT DISTINCT FROM ? "
            f"AND created_at >= ? AND id < ? AND NOT (? AND {_FROM_COMMAND}) "
            "ORDER BY created_at DESC, id DESC LIMIT 1",
            (chat_id, user_id, since, before or 2**62, bool(questions))))

    def unanswered(self, since: float = 0.0, until: float | None = None, limit: int = 500,
                   course: str | None = None) -> list[str]:
        """Questions the material did not answer, asked in [since, until) (in ``course``), newest first."""
        return self.questions(since, until, limit, course, unanswered=True)

    def questions(self, since: float = 0.0, until: float | None = None, limit: int = 500, course: str | None = None,
                  unanswered: bool = False) -> list[str]:
        """Questions asked in [since, until) (in ``course``; only those the material did not answer), newest
        first; calculation commands are not questions."""
        where, params = _in_course(course)
        rows = self.db.rows(
            f"SELECT question FROM answers WHERE answered IN (0, ?) AND NOT {_FROM_COMMAND} AND created_at >= ? "
            f"AND created_at < ? AND {where} ORDER BY created_at DESC, id DESC LIMIT ?",
            (0 if unanswered else 1, since, _END if until is None else until, *params, limit))
        return [row[0] for row in rows]

    def voted_down(self, since: float = 0.0, until: float | None = None, limit: int = 10,
                   course: str | None = None) -> list[tuple[str, int, int]]:
        """(question, 👍, 👎) of the answers (of ``course``) voted down in [since, until), the most 👎 first."""
        where, params = _in_course(course, "a")
        rows = self.db.rows(
            f"SELECT a.question, {_UP}, {_DOWN} FROM answers a JOIN feedback f "
            f"ON f.answer_id = a.id WHERE {where} GROUP BY a.id, a.question HAVING {_DOWN} > 0 "
            "AND MAX(CASE WHEN f.vote < 0 THEN f.created_at END) >= ? "
            "AND MAX(CASE WHEN f.vote < 0 THEN f.created_at END) < ? "
            f"ORDER BY {_DOWN} DESC, a.id DESC LIMIT ?", (*params, since, _END if until is None else until, limit))
        return [(q, int(up), int(down)) for q, up, down in rows]

    def daily(self, since: float, until: float, course: str | None = None) -> list[tuple[str, int, int]]:
        """(UTC day, questions, answered) for each day with questions in [since, until), oldest first."""
        day = self.db.dialect.utc_day.format("created_at")
        where, params = _in_course(course)
        rows = self.db.rows(
            f"SELECT {day} AS day, COUNT(*), SUM(answered) FROM answers "
            f"WHERE created_at >= ? AND created_at < ? AND NOT {_FROM_COMMAND} AND {where} GROUP BY day ORDER BY day",
            (since, until, *params))
        return [(day, int(n), int(ok or 0)) for day, n, ok in rows]

    def sources(self, since: float, until: float, course: str | None = None) -> list[tuple[float, str]]:
        """(time, source) of each question asked in [since, until) (in ``course``), oldest first: where its
        answer came from (:mod:`bot.kinds`; a staff member's reply counts first)."""
        where, params = _in_course(course, "a")
        rows = self.db.rows(
            f"SELECT a.created_at, {SOURCE_SQL} FROM answers a WHERE a.created_at >= ? AND a.created_at < ? "
            f"AND NOT {_from_command('a')} "
            f"AND {where} ORDER BY a.created_at, a.id", (since, until, *params))
        return [(float(at), source) for at, source in rows]

    def get_meta(self, key: str) -> str | None:
        row = self.db.one("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.run("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value))

    def vote(self, answer_id: int, user_id: int, vote: int, at: float | None = None) -> tuple[int, int, int]:
        """One vote per user and answer: the same vote again takes it back, the other one replaces it.
        Returns the answer's 👍 and 👎 counts after it, and the user's own vote (0: taken back).

        The upsert comes first, so two workers handling two clicks of one user at once are ordered by the
        row's lock: the second sees the first's vote."""
        vote = 1 if vote > 0 else -1
        with self.db.transaction() as session:
            if not _complete_update(session):  # this very click was applied before: applied once
                mine = session.one("SELECT vote FROM feedback WHERE answer_id = ? AND user_id = ?", (answer_id, user_id))
                return (*self.votes(answer_id), mine[0] if mine else 0)
            row = session.one(
                "INSERT INTO feedback VALUES (?, ?, ?, ?) ON CONFLICT (answer_id, user_id) "
                "DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at "
                "WHERE feedback.vote <> excluded.vote RETURNING vote",
                (answer_id, user_id, vote, time.time() if at is None else at))
            if row is None:  # the same vote again: nothing changed, so it is taken back
                session.run("DELETE FROM feedback WHERE answer_id = ? AND user_id = ?", (answer_id, user_id))
                vote = 0
        return (*self.votes(answer_id), vote)

    def votes(self, answer_id: int) -> tuple[int, int]:
        up, down = self.db.one(f"SELECT COALESCE({_UP}, 0), COALESCE({_DOWN}, 0) FROM feedback f "
                               "WHERE answer_id = ?", (answer_id,))
        return int(up), int(down)

    def record_calculation(self, kind: str, ok: bool) -> None:
        self.db.run("INSERT INTO calculations (kind, ok, created_at) VALUES (?, ?, ?)",
                    (kind, int(ok), time.time()))

    def start_upload(self, chat_id: int | None, user_id: int | None, message_id: int | None, path: str,
                     name: str, file_id: str | None = None, worker: str | None = None) -> Upload:
        """Journal a received file before anything else is done with it (``path`` '' when it is not downloaded
        yet), so a crash cannot make it vanish unreported; ``worker`` is the one handling it."""
        now = time.time()
        with self.db.transaction() as session:  # from now on the journal carries it, not the update
            _complete_update(session)
            row = session.one(
                "INSERT INTO uploads (chat_id, user_id, message_id, path, name, received_at, file_id, worker) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (chat_id, user_id, message_id, path, name, now, file_id, worker))
        return Upload(int(row[0]), chat_id, user_id, message_id, path, name, now, file_id)

    def saved_upload(self, upload_id: int, path: str) -> None:
        """Where a journaled file was saved: from now on a restart reads it from there."""
        self.db.run("UPDATE uploads SET path = ? WHERE id = ?", (path, upload_id))

    def upload_progress(self, upload_id: int, progress_id: int) -> None:
        """The progress message the bot sent about an upload, for a restart to say what became of it."""
        self.db.run("UPDATE uploads SET progress_id = ? WHERE id = ?", (progress_id, upload_id))

    def finish_upload(self, upload_id: int) -> None:
        self.db.run("UPDATE uploads SET finished_at = ? WHERE id = ?", (time.time(), upload_id))

    def unfinished_uploads(self) -> list[Upload]:
        """Files received whose outcome was never reported (the bot stopped while downloading or adding them),
        oldest first."""
        rows = self.db.rows(f"SELECT {UPLOAD_COLUMNS} FROM uploads WHERE finished_at IS NULL ORDER BY id")
        return [Upload(*row) for row in rows]

    def first_record_at(self) -> float | None:
        """When the oldest answer or vote was recorded (None: nothing yet): where the first digest begins."""
        row = self.db.one("SELECT MIN(at) FROM (SELECT MIN(created_at) AS at FROM answers "
                          "UNION ALL SELECT MIN(created_at) FROM feedback) AS firsts")
        return row[0]

    def stats(self, course: str | None = None) -> Stats:
        """The counts of every course, or of ``course`` (its calculations: the answers that showed one)."""
        where, params = _in_course(course)
        questions, abstained = self.db.one(  # calculation commands are counted as calculations
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN answered = 0 THEN 1 ELSE 0 END), 0) FROM answers "
            f"WHERE NOT {_FROM_COMMAND} AND {where}", params)
        if course is None:
            calcs = self.db.one("SELECT COUNT(*) FROM calculations")[0]
        else:  # the calculations table names no course: the answers that showed a calculation do
            calcs = self.db.one(f"SELECT COUNT(*) FROM answers WHERE COALESCE(calculation, '') <> '' AND {where}",
                                params)[0]
        answer_where, answer_params = _in_course(course, "a")
        up, down = self.db.one(f"SELECT COALESCE({_UP}, 0), COALESCE({_DOWN}, 0) FROM feedback f "
                               f"JOIN answers a ON a.id = f.answer_id WHERE {answer_where}", answer_params)
        return Stats(int(questions), int(abstained), int(calcs), int(up), int(down))

    @property
    def shared(self) -> bool:
        """Whether several workers may share these records (PostgreSQL): then their limits live here too."""
        return self.db.dialect.name == POSTGRESQL

    # -- courses and forum topics (bot/courses.py; tables: bot/migrations/0003_courses.sql) ---------------

    def create_course(self, name: str, user_id: int | None) -> bool:
        """Record a course and its first admin; False when it existed already (nothing changes then)."""
        with self.db.transaction() as session:
            if session.one("INSERT INTO courses (name, created_by, created_at) VALUES (?, ?, ?) "
                           "ON CONFLICT (name) DO NOTHING RETURNING name", (name, user_id, time.time())) is None:
                return False
            if user_id is not None:
                session.run("INSERT INTO course_admins (course, user_id) VALUES (?, ?)", (name, user_id))
            return True

    def courses(self) -> list[str]:
        """The courses created so far, by name (the default course is not among them)."""
        return [row[0] for row in self.db.rows("SELECT name FROM courses ORDER BY name")]

    def course_admins(self, course: str) -> frozenset[int]:
        return frozenset(row[0] for row in self.db.rows("SELECT user_id FROM course_admins WHERE course = ?",
                                                         (course,)))

    def admin_courses(self, user_id: int) -> list[str]:
        """The courses ``user_id`` is an admin of, by name: one query, read on every private question."""
        return [row[0] for row in self.db.rows("SELECT course FROM course_admins WHERE user_id = ? ORDER BY course",
                                               (user_id,))]

    def bind_course(self, chat_id: int, thread_id: int | None, course: str, user_id: int | None) -> None:
        """From now on the chat (``thread_id`` None) or that topic of it asks ``course``."""
        self.db.run(
            "INSERT INTO course_bindings (chat_id, thread_id, course, bound_by, bound_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (chat_id, thread_id) DO UPDATE SET course = excluded.course, "
            "bound_by = excluded.bound_by, bound_at = excluded.bound_at",
            (chat_id, thread_id or 0, course, user_id, time.time()))

    def bound_course(self, chat_id: int, thread_id: int | None) -> str | None:
        """The course a topic is bound to, else its chat's; None: neither is bound."""
        row = self.db.one("SELECT course FROM course_bindings WHERE chat_id = ? AND thread_id IN (?, 0) "
                          "ORDER BY thread_id DESC LIMIT 1", (chat_id, thread_id or 0))
        return row[0] if row else None

    def seen_in_course(self, user_id: int, course: str) -> None:
        """``user_id`` wrote in (or pressed a button in) a group of ``course``."""
        self.db.run("INSERT INTO course_members (user_id, course, seen_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (user_id, course) DO UPDATE SET seen_at = excluded.seen_at",
                    (user_id, course, time.time()))

    def member_courses(self, user_id: int) -> list[str]:
        """The courses of the groups ``user_id`` was seen in, by name."""
        return [row[0] for row in self.db.rows("SELECT course FROM course_members WHERE user_id = ? ORDER BY course",
                                               (user_id,))]

    def choose_private_course(self, user_id: int, course: str) -> None:
        self.db.run("INSERT INTO private_courses (user_id, course, chosen_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (user_id) DO UPDATE SET course = excluded.course, chosen_at = excluded.chosen_at",
                    (user_id, course, time.time()))

    def private_course(self, user_id: int) -> str | None:
        """The course ``user_id`` last picked for their private chat, or None."""
        row = self.db.one("SELECT course FROM private_courses WHERE user_id = ?", (user_id,))
        return row[0] if row else None

    def answer_course(self, answer_id: int, course: str) -> None:
        self.db.run("INSERT INTO answer_courses (answer_id, course) VALUES (?, ?)", (answer_id, course))

    def course_of_answer(self, answer_id: int) -> str | None:
        """The course whose material an answer showed; None: recorded before courses (the default course's)."""
        row = self.db.one("SELECT course FROM answer_courses WHERE answer_id = ?", (answer_id,))
        return row[0] if row else None

    def upload_place(self, upload_id: int, course: str, thread_id: int | None) -> None:
        self.db.run("INSERT INTO upload_places (upload_id, course, thread_id) VALUES (?, ?, ?)",
                    (upload_id, course, thread_id or 0))

    def place_of_upload(self, upload_id: int) -> tuple[str, int | None] | None:
        """(course, topic or None) of an upload; None: journaled before courses (the default course's)."""
        row = self.db.one("SELECT course, thread_id FROM upload_places WHERE upload_id = ?", (upload_id,))
        return (row[0], row[1] or None) if row else None

    # -- who answered, and who still waits (tables: bot/migrations/0004_answer_kinds.sql) -------------

    def set_vote(self, answer_id: int, user_id: int, vote: int, at: float | None = None) -> tuple[int, int]:
        """Make ``user_id``'s vote on an answer ``vote`` (+1, -1; 0 removes it), whatever it was: a reaction
        says what the vote is now, where a button toggles (:meth:`vote`).  Returns the 👍 and 👎 counts."""
        with self.db.transaction() as session:
            if _complete_update(session):  # else this very reaction was applied before: applied once
                if vote:
                    session.run("INSERT INTO feedback VALUES (?, ?, ?, ?) ON CONFLICT (answer_id, user_id) "
                                "DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at",
                                (answer_id, user_id, 1 if vote > 0 else -1, time.time() if at is None else at))
                else:
                    session.run("DELETE FROM feedback WHERE answer_id = ? AND user_id = ?", (answer_id, user_id))
        return self.votes(answer_id)

    def remember_question(self, chat_id: int, message_id: int, answer_id: int, thread_id: int | None) -> None:
        """The student's message an answer replied to: the digest links it, and a TA's reply to it is seen."""
        self.db.run("INSERT INTO question_messages (chat_id, message_id, answer_id, thread_id) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (chat_id, message_id) DO UPDATE SET answer_id = excluded.answer_id",
                    (chat_id, message_id, answer_id, thread_id or 0))

    def staff_replied(self, chat_id: int, replied_to: int, user_id: int | None, message_id: int,
                      at: float | None = None) -> int | None:
        """A TA's or admin's message replying to ``replied_to`` in ``chat_id``: when that is a student's question
        or the bot's answer to one, the answer is marked answered by a human (the latest reply kept).  Returns
        the answer's id, or None (the message replied to something else)."""
        row = self.db.one(
            "SELECT answer_id FROM question_messages WHERE chat_id = ? AND message_id = ? UNION ALL "
            "SELECT answer_id FROM answer_messages WHERE chat_id = ? AND message_id = ?",
            (chat_id, replied_to, chat_id, replied_to))
        if row is None:
            return None
        self.db.run("INSERT INTO staff_replies (answer_id, user_id, message_id, replied_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (answer_id) DO UPDATE SET user_id = excluded.user_id, "
                    "message_id = excluded.message_id, replied_at = excluded.replied_at",
                    (row[0], user_id, message_id, time.time() if at is None else at))
        return int(row[0])

    def waiting_for_human(self, since: float, course: str | None = None, limit: int = 20) -> list[Waiting]:
        """The questions waiting for a human since ``since`` (in ``course``), oldest first (the longest waiting):
        those passed to the staff («هنوز سؤال دارم», or not covered with a staff chat told) and those the
        material did not cover in a group (a staff chat or not), that no TA or admin has replied to since."""
        where, params = _in_course(course, "a")
        asked = "COALESCE(h.created_at, a.created_at)"
        rows = self.db.rows(
            "SELECT a.id, a.question, a.chat_id, "
            "(SELECT MIN(q.message_id) FROM question_messages q WHERE q.answer_id = a.id), "
            "(SELECT MIN(m.message_id) FROM answer_messages m WHERE m.answer_id = a.id), "
            f"(SELECT MIN(q.thread_id) FROM question_messages q WHERE q.answer_id = a.id), {asked} "
            f"FROM answers a LEFT JOIN human_requests h ON h.answer_id = a.id WHERE {asked} >= ? "
            f"AND (h.answer_id IS NOT NULL OR (a.answered = 0 AND a.chat_id < 0 AND NOT {_from_command('a')})) "
            f"AND NOT EXISTS (SELECT 1 FROM staff_replies s WHERE s.answer_id = a.id AND s.replied_at >= {asked}) "
            f"AND {where} ORDER BY {asked}, a.id LIMIT ?", (since, *params, limit))
        return [Waiting(answer_id, question, chat_id, question_id or answer_message, thread or None, float(at))
                for answer_id, question, chat_id, question_id, answer_message, thread, at in rows]

    def ask_human(self, answer_id: int, user_id: int | None, at: float | None = None) -> bool:
        """Pass an answer's question to the staff: True the first time, False when it already was (by any worker)."""
        row = self.db.one("INSERT INTO human_requests (answer_id, user_id, created_at) VALUES (?, ?, ?) "
                          "ON CONFLICT (answer_id) DO NOTHING RETURNING answer_id",
                          (answer_id, user_id, time.time() if at is None else at))
        return row is not None

    def close(self) -> None:
        self.db.close()
