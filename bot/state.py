"""The bot's own records, in SQLite beside the knowledge base: answers shown, feedback, calculations.

What maintainers need from the chat (``/stats``: how many questions, how many the
material did not cover, what students asked that went unanswered, 👍/👎) and what
the inline buttons need later (the question, the passages behind an answer).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from knowledge.normalize import search_form

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
"""


@dataclass(frozen=True)
class ShownAnswer:
    id: int
    question: str
    answered: bool
    chunks: tuple[str, ...]


@dataclass(frozen=True)
class Stats:
    questions: int
    abstained: int
    calculations: int
    up: int
    down: int
    top_unanswered: tuple[tuple[str, int], ...]


class BotState:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self._lock = threading.Lock()
        with self._lock:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)

    def record_answer(self, chat_id: int | None, user_id: int | None, question: str, answered: bool, shown: str,
                      chunks: list[str]) -> int:
        with self._lock:
            cursor = self.db.execute(
                "INSERT INTO answers (chat_id, user_id, question, question_key, answered, shown, chunks, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (chat_id, user_id, question, " ".join(search_form(question).split()), int(answered), shown,
                 json.dumps(chunks), time.time()))
            return int(cursor.lastrowid)

    def answer(self, answer_id: int) -> ShownAnswer | None:
        with self._lock:
            row = self.db.execute("SELECT id, question, answered, chunks FROM answers WHERE id = ?",
                                  (answer_id,)).fetchone()
        return ShownAnswer(row[0], row[1], bool(row[2]), tuple(json.loads(row[3]))) if row else None

    def vote(self, answer_id: int, user_id: int, vote: int) -> None:
        with self._lock:
            self.db.execute("INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?)",
                            (answer_id, user_id, 1 if vote > 0 else -1, time.time()))

    def record_calculation(self, kind: str, ok: bool) -> None:
        with self._lock:
            self.db.execute("INSERT INTO calculations (kind, ok, created_at) VALUES (?, ?, ?)",
                            (kind, int(ok), time.time()))

    def stats(self, top: int = 5) -> Stats:
        with self._lock:
            questions, abstained = self.db.execute(
                "SELECT COUNT(*), COALESCE(SUM(answered = 0), 0) FROM answers").fetchone()
            calcs = self.db.execute("SELECT COUNT(*) FROM calculations").fetchone()[0]
            up, down = self.db.execute(
                "SELECT COALESCE(SUM(vote > 0), 0), COALESCE(SUM(vote < 0), 0) FROM feedback").fetchone()
            unanswered = self.db.execute(
                "SELECT MIN(question), COUNT(*) AS n FROM answers WHERE answered = 0 "
                "GROUP BY question_key ORDER BY n DESC, MAX(created_at) DESC LIMIT ?", (top,)).fetchall()
        return Stats(questions, abstained, calcs, up, down, tuple((q, n) for q, n in unanswered))

    def close(self) -> None:
        self.db.close()
