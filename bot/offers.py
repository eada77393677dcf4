"""The bot's records of verified answers (migration ``0005_verified.sql``): offers waiting for an admin's tap,
which verified pair an answer showed, and which answers a 👎 streak retired.

The pairs themselves are the course's (``knowledge/verified.py``); these records are what the chat flow needs
between one update and the next, shared by every worker on the same database.  Each write that must happen
once (an offer verified, an answer retired) is one conditional statement, so two workers handling two taps
at once cannot both do it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.storage import Database

REPLY, LEARN, CORRECTION = "reply", "learn", "correction"  # what an offer came from
_OFFER = ("SELECT id, course, question, phrasing, answer, role, kind, answer_id, offered_by, created_at, pair_id "
          "FROM verified_offers")


@dataclass(frozen=True)
class Offer:
    id: int
    course: str
    question: str
    phrasing: str      # the question as the bot searched it ('' when the same)
    answer: str
    role: str          # ta | admin
    kind: str          # REPLY | LEARN | CORRECTION
    answer_id: int | None  # a correction: the bot's answer it corrects
    offered_by: int | None
    created_at: float
    pair_id: str | None = None  # the pair it became, once verified


class Offers:
    def __init__(self, db: Database) -> None:
        self.db = db

    def offer(self, course: str, question: str, phrasing: str, answer: str, role: str, kind: str,
              answer_id: int | None, offered_by: int | None, at: float | None = None) -> Offer:
        at = time.time() if at is None else at
        row = self.db.one("INSERT INTO verified_offers (course, question, phrasing, answer, role, kind, answer_id, "
                          "offered_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          (course, question, phrasing, answer, role, kind, answer_id, offered_by, at))
        return Offer(int(row[0]), course, question, phrasing, answer, role, kind, answer_id, offered_by, at)

    def get(self, offer_id: int) -> Offer | None:
        row = self.db.one(f"{_OFFER} WHERE id = ?", (offer_id,))
        return Offer(*row) if row else None

    def claim(self, offer_id: int, admin: int, at: float | None = None) -> bool:
        """Take an offer for verifying: True for the one tap (of any worker) that does it."""
        return self.db.run("UPDATE verified_offers SET decided_by = ?, decided_at = ? "
                           "WHERE id = ? AND decided_at IS NULL", (admin, time.time() if at is None else at,
                                                                    offer_id)) == 1

    def release(self, offer_id: int) -> None:
        """The claimed offer could not be written (the base was busy): the tap can be tried again."""
        self.db.run("UPDATE verified_offers SET decided_by = NULL, decided_at = NULL WHERE id = ? AND pair_id IS NULL",
                    (offer_id,))

    def became(self, offer_id: int, pair_id: str) -> None:
        self.db.run("UPDATE verified_offers SET pair_id = ? WHERE id = ?", (pair_id, offer_id))

    def showed(self, answer_id: int, pair_id: str) -> None:
        """Answer ``answer_id`` showed verified pair ``pair_id`` (a 👎 streak retires that pair)."""
        self.db.run("INSERT INTO answer_pairs (answer_id, pair_id) VALUES (?, ?) ON CONFLICT (answer_id) DO NOTHING",
                    (answer_id, pair_id))

    def pair_of(self, answer_id: int) -> str | None:
        row = self.db.one("SELECT pair_id FROM answer_pairs WHERE answer_id = ?", (answer_id,))
        return row[0] if row else None

    def retire_once(self, answer_id: int, at: float | None = None) -> bool:
        """Claim retiring ``answer_id``: True the first time only (by any worker)."""
        row = self.db.one("INSERT INTO retired_answers (answer_id, retired_at) VALUES (?, ?) "
                          "ON CONFLICT (answer_id) DO NOTHING RETURNING answer_id",
                          (answer_id, time.time() if at is None else at))
        return row is not None

    def retired_as(self, answer_id: int, pair_id: str) -> None:
        """The retired pair that now stands for ``answer_id``'s question."""
        self.db.run("UPDATE retired_answers SET pair_id = ? WHERE answer_id = ?", (pair_id, answer_id))

    def unretire(self, answer_id: int) -> None:
        """The claim could not be written (the base was busy): the next 👎 tries again."""
        self.db.run("DELETE FROM retired_answers WHERE answer_id = ? AND pair_id IS NULL", (answer_id,))

    def retired_pair(self, answer_id: int) -> str | None:
        row = self.db.one("SELECT pair_id FROM retired_answers WHERE answer_id = ?", (answer_id,))
        return row[0] if row else None

    def shown(self, answer_id: int) -> str:
        """The text an answer showed (HTML as sent), what a retired bot answer keeps."""
        row = self.db.one("SELECT shown FROM answers WHERE id = ?", (answer_id,))
        return row[0] if row and row[0] else ""


__all__ = ["CORRECTION", "LEARN", "REPLY", "Offer", "Offers"]
