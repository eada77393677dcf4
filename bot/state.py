"""The bot's own records, in SQLite beside the knowledge base: answers shown, feedback, calculations.

What maintainers need from the chat (``/stats``: how many questions, how many the
material did not cover, what students asked that went unanswered, 👍/👎), what
the inline buttons need later (the question, the passages behind an answer) and
what follow-ups need (which sent message carried which answer, and the question
that answer actually searched, so "و GoogLeNet چی؟" can be read in its thread).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from knowledge.normalize import search_form
from knowledge.store import Transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER, user_id INTEGER,
    question TEXT NOT NULL, question_key TEXT NOT NULL,
    answered INTEGER NOT NULL,
    shown TEXT NOT NULL,          -- the answer as sent
    chunks TEXT NOT NULL,         -- JSON list of the chunk ids behind it, best first
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    user_id INTEGER NOT NULL,
    vote INTEGER NOT NULL,        -- +1 or -1
    created_at REAL NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
CREATE TABLE IF NOT EXISTS calculations (
    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, ok INTEGER NOT NULL, created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS answer_messages (   -- a reply to one of these messages follows up its answer
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX IF NOT EXISTS answers_by_chat_user ON answers (chat_id, user_id, created_at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (   -- files maintainers sent: a restart finishes those not finished
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER, user_id INTEGER,
    message_id INTEGER,          -- the maintainer's message carrying the file
    path TEXT NOT NULL,          -- where it was saved (uploads/ beside the knowledge base), '' until saved
    name TEXT NOT NULL,          -- the file name as sent
    received_at REAL NOT NULL,
    finished_at REAL             -- NULL until its outcome was reported
);
"""
# Courses and forum topics (issue 25): kept apart from the tables above, in plain portable SQL.
# A course is named by its ``name``; the default course (the home directory's own base) has no row and
# needs none.  ``thread_id`` 0 stands for a whole chat (a group without topics, or all its topics).
COURSES_SCHEMA = """
CREATE TABLE IF NOT EXISTS courses (
    name TEXT PRIMARY KEY, created_by INTEGER, created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS course_admins (
    course TEXT NOT NULL, user_id INTEGER NOT NULL, PRIMARY KEY (course, user_id)
);
CREATE TABLE IF NOT EXISTS course_bindings (   -- which course a group, or one of its topics, asks
    chat_id INTEGER NOT NULL, thread_id INTEGER NOT NULL, course TEXT NOT NULL,
    bound_by INTEGER, bound_at REAL NOT NULL, PRIMARY KEY (chat_id, thread_id)
);
CREATE TABLE IF NOT EXISTS course_members (    -- a student seen in a course's group
    user_id INTEGER NOT NULL, course TEXT NOT NULL, seen_at REAL NOT NULL, PRIMARY KEY (user_id, course)
);
CREATE TABLE IF NOT EXISTS private_courses (   -- the course a student picked for their private chat
    user_id INTEGER PRIMARY KEY, course TEXT NOT NULL, chosen_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS answer_courses (    -- the course whose material an answer showed
    answer_id INTEGER PRIMARY KEY, course TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS upload_places (     -- the course and topic an upload came from
    upload_id INTEGER PRIMARY KEY, course TEXT NOT NULL, thread_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS human_requests (    -- an answer whose question was passed to the course's staff
    answer_id INTEGER PRIMARY KEY, user_id INTEGER, created_at REAL NOT NULL
);
"""
# Columns added after the first release, with their definitions: added to an existing database when missing.
LATER_COLUMNS = {
    "answers": {"resolved": "TEXT",  # the question searched (after context and transliteration)
                "calculation": "TEXT"},  # a calculation's command and arguments ("shape 28 5 1 2"): to recompute
    # an upload is journaled before it is downloaded: Telegram's id of the file fetches it again after a
    # restart, and the bot's progress message about it is edited to say what became of it
    "uploads": {"file_id": "TEXT", "progress_id": "INTEGER"},
}
_SHOWN = ("SELECT id, question, answered, chunks, COALESCE(NULLIF(resolved, ''), question), "
          "COALESCE(calculation, '') FROM answers")
COMMAND = "/"  # how a calculation command's answer is recorded: its question is "/shape 28 5 1 2"
_FROM_COMMAND = "COALESCE(NULLIF(resolved, ''), question) LIKE '/%'"  # ShownAnswer.from_command, in SQL


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


class BotState:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        # in WAL mode NORMAL loses no record when the bot crashes, only the last ones on a power cut, and
        # saves an fsync per answer (two a question: the answer and the message that carried it)
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._lock = threading.Lock()
        with self._lock:
            self._migrate()

    def _migrate(self) -> None:
        """Create what is missing, in one write transaction: a bot and ``daneshyar chat`` may open
        the same older file at once, and only one of them may add a column."""
        with Transaction(self.db):
            for statement in (SCHEMA + COURSES_SCHEMA).split(";"):
                if statement.strip():
                    self.db.execute(statement)
            for table, columns in LATER_COLUMNS.items():
                present = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
                for name, definition in columns.items():
                    if name not in present:
                        self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")

    def record_answer(self, chat_id: int | None, user_id: int | None, question: str, answered: bool, shown: str,
                      chunks: list[str], resolved: str = "", at: float | None = None, calculation: str = "") -> int:
        """Store an answer shown; ``resolved`` is the question searched, ``at`` its time (default: now),
        ``calculation`` the command and arguments of a calculation it showed (a follow-up recomputes it)."""
        with self._lock:
            cursor = self.db.execute(
                "INSERT INTO answers (chat_id, user_id, question, question_key, answered, shown, chunks, "
                "created_at, resolved, calculation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (chat_id, user_id, question, " ".join(search_form(question).split()), int(answered), shown,
                 json.dumps(chunks), time.time() if at is None else at, resolved, calculation))
            return int(cursor.lastrowid)

    def update_shown(self, answer_id: int, shown: str) -> None:
        """The answer as finally sent (a generated rewrite replaced the extractive one)."""
        with self._lock:
            self.db.execute("UPDATE answers SET shown = ? WHERE id = ?", (shown, answer_id))

    def answer(self, answer_id: int) -> ShownAnswer | None:
        with self._lock:
            return ShownAnswer.from_row(self.db.execute(f"{_SHOWN} WHERE id = ?", (answer_id,)).fetchone())

    def remember_message(self, chat_id: int, message_id: int, answer_id: int) -> None:
        """The chat message that carried an answer, so a reply to it can be read as a follow-up."""
        with self._lock:
            self.db.execute("INSERT OR REPLACE INTO answer_messages VALUES (?, ?, ?)",
                            (chat_id, message_id, answer_id))

    def answer_in_message(self, chat_id: int | None, message_id: int) -> ShownAnswer | None:
        """The answer a chat message carried, or None (not an answer, or sent before this was recorded)."""
        with self._lock:
            row = self.db.execute(
                f"{_SHOWN} WHERE id = "
                "(SELECT answer_id FROM answer_messages WHERE chat_id = ? AND message_id = ?)",
                (chat_id, message_id)).fetchone()
        return ShownAnswer.from_row(row)

    def last_answer(self, chat_id: int | None, user_id: int | None, since: float, before: int | None = None,
                    questions: bool = False) -> ShownAnswer | None:
        """The newest answer given to ``user_id`` in ``chat_id`` at or after ``since``; with ``before``, older
        than that answer; with ``questions``, not a calculation command's."""
        with self._lock:
            row = self.db.execute(
                f"{_SHOWN} WHERE chat_id IS ? AND user_id IS ? AND created_at >= ? AND id < ? "
                f"AND NOT (? AND {_FROM_COMMAND}) ORDER BY created_at DESC, id DESC LIMIT 1",
                (chat_id, user_id, since, before or 2**62, questions)).fetchone()
        return ShownAnswer.from_row(row)

    def unanswered(self, since: float = 0.0, until: float | None = None, limit: int = 500) -> list[str]:
        """Questions the material did not answer, asked in [since, until), newest first."""
        with self._lock:
            rows = self.db.execute(
                f"SELECT question FROM answers WHERE answered = 0 AND NOT {_FROM_COMMAND} AND created_at >= ? "
                "AND created_at < ? "
                "ORDER BY created_at DESC, id DESC LIMIT ?", (since, until or float("inf"), limit)).fetchall()
        return [row[0] for row in rows]

    def voted_down(self, since: float = 0.0, until: float | None = None, limit: int = 10) -> list[tuple[str, int, int]]:
        """(question, 👍, 👎) of the answers voted down in [since, until), the most 👎 first."""
        with self._lock:
            rows = self.db.execute(
                "SELECT a.question, SUM(f.vote > 0), SUM(f.vote < 0) FROM answers a JOIN feedback f "
                "ON f.answer_id = a.id GROUP BY a.id HAVING SUM(f.vote < 0) > 0 "
                "AND MAX(CASE WHEN f.vote < 0 THEN f.created_at END) >= ? "
                "AND MAX(CASE WHEN f.vote < 0 THEN f.created_at END) < ? "
                "ORDER BY SUM(f.vote < 0) DESC, a.id DESC LIMIT ?", (since, until or float("inf"), limit)).fetchall()
        return [(q, int(up), int(down)) for q, up, down in rows]

    def daily(self, since: float, until: float) -> list[tuple[str, int, int]]:
        """(UTC day, questions, answered) for each day with questions in [since, until), oldest first."""
        with self._lock:
            rows = self.db.execute(
                "SELECT date(created_at, 'unixepoch') AS day, COUNT(*), SUM(answered) FROM answers "
                f"WHERE created_at >= ? AND created_at < ? AND NOT {_FROM_COMMAND} GROUP BY day ORDER BY day",
                (since, until)).fetchall()
        return [(day, int(n), int(ok or 0)) for day, n, ok in rows]

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def vote(self, answer_id: int, user_id: int, vote: int, at: float | None = None) -> tuple[int, int, int]:
        """One vote per user and answer: the same vote again takes it back, the other one replaces it.
        Returns the answer's 👍 and 👎 counts after it, and the user's own vote (0: taken back)."""
        vote = 1 if vote > 0 else -1
        with self._lock, Transaction(self.db):
            row = self.db.execute("SELECT vote FROM feedback WHERE answer_id = ? AND user_id = ?",
                                  (answer_id, user_id)).fetchone()
            if row and row[0] == vote:
                self.db.execute("DELETE FROM feedback WHERE answer_id = ? AND user_id = ?", (answer_id, user_id))
                vote = 0
            else:
                self.db.execute("INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?)",
                                (answer_id, user_id, vote, time.time() if at is None else at))
        return (*self.votes(answer_id), vote)

    def votes(self, answer_id: int) -> tuple[int, int]:
        with self._lock:
            up, down = self.db.execute("SELECT COALESCE(SUM(vote > 0), 0), COALESCE(SUM(vote < 0), 0) FROM feedback "
                                       "WHERE answer_id = ?", (answer_id,)).fetchone()
        return int(up), int(down)

    def record_calculation(self, kind: str, ok: bool) -> None:
        with self._lock:
            self.db.execute("INSERT INTO calculations (kind, ok, created_at) VALUES (?, ?, ?)",
                            (kind, int(ok), time.time()))

    def start_upload(self, chat_id: int | None, user_id: int | None, message_id: int | None, path: str,
                     name: str, file_id: str | None = None) -> Upload:
        """Journal a received file before anything else is done with it (``path`` '' when it is not downloaded
        yet), so a crash cannot make it vanish unreported."""
        now = time.time()
        with self._lock:
            cursor = self.db.execute(
                "INSERT INTO uploads (chat_id, user_id, message_id, path, name, received_at, file_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (chat_id, user_id, message_id, path, name, now, file_id))
        return Upload(int(cursor.lastrowid), chat_id, user_id, message_id, path, name, now, file_id)

    def saved_upload(self, upload_id: int, path: str) -> None:
        """Where a journaled file was saved: from now on a restart reads it from there."""
        with self._lock:
            self.db.execute("UPDATE uploads SET path = ? WHERE id = ?", (path, upload_id))

    def upload_progress(self, upload_id: int, progress_id: int) -> None:
        """The progress message the bot sent about an upload, for a restart to say what became of it."""
        with self._lock:
            self.db.execute("UPDATE uploads SET progress_id = ? WHERE id = ?", (progress_id, upload_id))

    def finish_upload(self, upload_id: int) -> None:
        with self._lock:
            self.db.execute("UPDATE uploads SET finished_at = ? WHERE id = ?", (time.time(), upload_id))

    def unfinished_uploads(self) -> list[Upload]:
        """Files received whose outcome was never reported (the bot stopped while downloading or adding them),
        oldest first."""
        with self._lock:
            rows = self.db.execute("SELECT id, chat_id, user_id, message_id, path, name, received_at, file_id, "
                                   "progress_id FROM uploads WHERE finished_at IS NULL ORDER BY id").fetchall()
        return [Upload(*row) for row in rows]

    def first_record_at(self) -> float | None:
        """When the oldest answer or vote was recorded (None: nothing yet): where the first digest begins."""
        with self._lock:
            row = self.db.execute("SELECT MIN(at) FROM (SELECT MIN(created_at) AS at FROM answers "
                                  "UNION ALL SELECT MIN(created_at) FROM feedback)").fetchone()
        return row[0]

    def stats(self) -> Stats:
        with self._lock:
            questions, abstained = self.db.execute(  # calculation commands are counted as calculations
                f"SELECT COUNT(*), COALESCE(SUM(answered = 0), 0) FROM answers WHERE NOT {_FROM_COMMAND}").fetchone()
            calcs = self.db.execute("SELECT COUNT(*) FROM calculations").fetchone()[0]
            up, down = self.db.execute(
                "SELECT COALESCE(SUM(vote > 0), 0), COALESCE(SUM(vote < 0), 0) FROM feedback").fetchone()
        return Stats(questions, abstained, calcs, up, down)

    # -- courses and forum topics (issue 25) -----------------------------------------------------
    # Only the tables of COURSES_SCHEMA; upserts are ``INSERT ... ON CONFLICT (...) DO UPDATE``, which
    # SQLite and PostgreSQL both read.

    def create_course(self, name: str, user_id: int | None) -> bool:
        """Record a course and its first admin; False when it existed already (nothing changes then)."""
        with self._lock, Transaction(self.db):
            if self.db.execute("SELECT 1 FROM courses WHERE name = ?", (name,)).fetchone():
                return False
            self.db.execute("INSERT INTO courses (name, created_by, created_at) VALUES (?, ?, ?)",
                            (name, user_id, time.time()))
            if user_id is not None:
                self.db.execute("INSERT INTO course_admins (course, user_id) VALUES (?, ?)", (name, user_id))
            return True

    def courses(self) -> list[str]:
        """The courses created so far, by name (the default course is not among them)."""
        with self._lock:
            return [row[0] for row in self.db.execute("SELECT name FROM courses ORDER BY name")]

    def course_admins(self, course: str) -> frozenset[int]:
        with self._lock:
            rows = self.db.execute("SELECT user_id FROM course_admins WHERE course = ?", (course,)).fetchall()
        return frozenset(row[0] for row in rows)

    def bind_course(self, chat_id: int, thread_id: int | None, course: str, user_id: int | None) -> None:
        """From now on the chat (``thread_id`` None) or that topic of it asks ``course``."""
        with self._lock:
            self.db.execute(
                "INSERT INTO course_bindings (chat_id, thread_id, course, bound_by, bound_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (chat_id, thread_id) DO UPDATE SET course = excluded.course, "
                "bound_by = excluded.bound_by, bound_at = excluded.bound_at",
                (chat_id, thread_id or 0, course, user_id, time.time()))

    def bound_course(self, chat_id: int, thread_id: int | None) -> str | None:
        """The course a topic is bound to, else its chat's; None: neither is bound."""
        with self._lock:
            row = self.db.execute(
                "SELECT course FROM course_bindings WHERE chat_id = ? AND thread_id IN (?, 0) "
                "ORDER BY thread_id DESC LIMIT 1", (chat_id, thread_id or 0)).fetchone()
        return row[0] if row else None

    def seen_in_course(self, user_id: int, course: str) -> None:
        """``user_id`` wrote in (or pressed a button in) a group of ``course``."""
        with self._lock:
            self.db.execute(
                "INSERT INTO course_members (user_id, course, seen_at) VALUES (?, ?, ?) "
                "ON CONFLICT (user_id, course) DO UPDATE SET seen_at = excluded.seen_at",
                (user_id, course, time.time()))

    def member_courses(self, user_id: int) -> list[str]:
        """The courses of the groups ``user_id`` was seen in, by name."""
        with self._lock:
            rows = self.db.execute("SELECT course FROM course_members WHERE user_id = ? ORDER BY course",
                                   (user_id,)).fetchall()
        return [row[0] for row in rows]

    def choose_private_course(self, user_id: int, course: str) -> None:
        with self._lock:
            self.db.execute(
                "INSERT INTO private_courses (user_id, course, chosen_at) VALUES (?, ?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET course = excluded.course, chosen_at = excluded.chosen_at",
                (user_id, course, time.time()))

    def private_course(self, user_id: int) -> str | None:
        """The course ``user_id`` last picked for their private chat, or None."""
        with self._lock:
            row = self.db.execute("SELECT course FROM private_courses WHERE user_id = ?", (user_id,)).fetchone()
        return row[0] if row else None

    def answer_course(self, answer_id: int, course: str) -> None:
        with self._lock:
            self.db.execute("INSERT INTO answer_courses (answer_id, course) VALUES (?, ?)", (answer_id, course))

    def course_of_answer(self, answer_id: int) -> str | None:
        """The course whose material an answer showed; None: recorded before courses (the default course's)."""
        with self._lock:
            row = self.db.execute("SELECT course FROM answer_courses WHERE answer_id = ?", (answer_id,)).fetchone()
        return row[0] if row else None

    def upload_place(self, upload_id: int, course: str, thread_id: int | None) -> None:
        with self._lock:
            self.db.execute("INSERT INTO upload_places (upload_id, course, thread_id) VALUES (?, ?, ?)",
                            (upload_id, course, thread_id or 0))

    def place_of_upload(self, upload_id: int) -> tuple[str, int | None] | None:
        """(course, topic or None) of an upload; None: journaled before courses (the default course's)."""
        with self._lock:
            row = self.db.execute("SELECT course, thread_id FROM upload_places WHERE upload_id = ?",
                                  (upload_id,)).fetchone()
        return (row[0], row[1] or None) if row else None

    def ask_human(self, answer_id: int, user_id: int | None, at: float | None = None) -> bool:
        """Pass an answer's question to the staff: True the first time, False when it already was."""
        with self._lock, Transaction(self.db):
            if self.db.execute("SELECT 1 FROM human_requests WHERE answer_id = ?", (answer_id,)).fetchone():
                return False
            self.db.execute("INSERT INTO human_requests (answer_id, user_id, created_at) VALUES (?, ?, ?)",
                            (answer_id, user_id, time.time() if at is None else at))
            return True

    def close(self) -> None:
        self.db.close()
