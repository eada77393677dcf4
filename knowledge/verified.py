"""Verified answers: question–answer pairs a course's TA or admin vouched for, matched question to question
before any retrieval (as MongoDB's chatbot does with its "verified answers").

Where they live: in the course's own knowledge base, a ``verified`` table of its ``kb.sqlite3``, not in the
bot's records.  A course's pairs are then part of the course, like its material: ``daneshyar ask`` answers
from them without any bot, ``daneshyar kb verified export/import`` copies them with the course, a pair can
never answer in another course (another course is another base), and every bot worker reads them from the
disk the workers already share for the material.  Writing them is a knowledge-base write like adding a file:
one process at a time, under the base's write lock (and the workers' one-writer lock, ``bot/workers.py``).
The bot's records keep only the bot's side of the flow: the offers waiting for an admin's tap.

A pair is never deleted.  Retiring one (its answer marked wrong by several 👎) keeps it, so that the question
it stands for still matches and the retired answer is *not* given again; a correction is a new pair whose
``replaces`` names the one it took over from.  A bot answer from the material that was marked wrong becomes a
retired pair of role ``bot`` for the same reason.

Matching reads a question the way retrieval does (Finglish to Persian, spelling; ``KnowledgeBase.understand``),
then scores it against every phrasing of every pair by meaning (the course's e5 embedder, both sides embedded
as queries: question to question is query to query) and by words (the analyser's BM25 terms, glossary keys
included, so «لنت» and "LeNet" are one word).  One threshold decides (:data:`MATCH_THRESHOLD`).
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace

import numpy as np

ACTIVE, RETIRED = "active", "retired"
STATUSES = (ACTIVE, RETIRED)
# Who vouched for an answer: a course's own admin (its TA), one of the bot's admins, or nobody (a bot answer
# from the material that was marked wrong, kept retired).  Never a name.
TA, ADMIN, BOT = "ta", "admin", "bot"
ROLES = (TA, ADMIN, BOT)

# score = (1 - LEXICAL_WEIGHT) * cosine of the two questions' e5 query vectors
#         + LEXICAL_WEIGHT * the share of their words in common (Jaccard over analysed terms),
# and no match at all when the question names a number the phrasing does not («۱۲۸ فیلتر» is not «۶۴ فیلتر»:
# in this course a changed number is a different question, and the one thing neither the embedder nor the
# words see).  Fitted on half of benchmarks/data/verified_pairs.jsonl and checked on the other half
# (benchmarks/verified.py); the figures, and those of the first constants tried (0.75, 0.3), are in
# docs/benchmarks.md.  The words barely count: where they differ the meaning usually does not, and a near miss
# shares most of its words with the question it resembles.
LEXICAL_WEIGHT = 0.05
MATCH_THRESHOLD = 0.90
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


class VerifiedFormatError(ValueError):
    """A line of a verified-answers file that cannot be a pair; the message names the line and why."""


@dataclass(frozen=True)
class VerifiedPair:
    """A question and the answer a TA or admin vouched for, in one course."""

    id: str
    course: str
    question: str
    answer: str
    role: str
    created_at: float
    phrasings: tuple[str, ...] = ()  # other ways the question was asked (the question itself not repeated)
    status: str = ACTIVE
    replaces: str = ""  # the id of the pair this one took over from ("" for none)

    @property
    def date(self) -> str:
        """The UTC day it was verified, YYYY-MM-DD (what the reply shows)."""
        return time.strftime("%Y-%m-%d", time.gmtime(self.created_at))

    @property
    def questions(self) -> tuple[str, ...]:
        """Every phrasing, the question first."""
        return tuple(dict.fromkeys((self.question, *self.phrasings)))

    def to_json(self) -> str:
        """One JSON Lines record (the export format; :func:`parse_line` reads it back)."""
        record = asdict(self)
        record["phrasings"] = list(self.phrasings)
        record["date"] = self.date
        return json.dumps(record, ensure_ascii=False)


def new_id() -> str:
    return "v" + secrets.token_hex(5)


def new_pair(course: str, question: str, answer: str, role: str, at: float | None = None,
             phrasings: Iterable[str] = (), status: str = ACTIVE, replaces: str = "") -> VerifiedPair:
    """A pair with a fresh id, checked (ValueError for an empty question or answer, an unknown role)."""
    pair = VerifiedPair(new_id(), course, question.strip(), answer.strip(), role,
                        time.time() if at is None else at, _phrasings(question, phrasings), status, replaces)
    _check(pair)
    return pair


def _phrasings(question: str, phrasings: Iterable[str]) -> tuple[str, ...]:
    question = question.strip()
    return tuple(p for p in dict.fromkeys(p.strip() for p in phrasings) if p and p != question)


def _check(pair: VerifiedPair) -> None:
    if not pair.question:
        raise ValueError("the question is empty")
    if not pair.answer:
        raise ValueError("the answer is empty")
    if pair.role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {pair.role!r}")
    if pair.status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {pair.status!r}")


def parse_line(line: str, course: str, number: int = 0) -> VerifiedPair:
    """A pair from one JSON Lines record, imported into ``course``.  Only ``question`` and ``answer`` are
    required; an id is made, the role defaults to ``ta``, the date to now.  VerifiedFormatError says
    which line (``number``) and why."""
    where = f"line {number}: " if number else ""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise VerifiedFormatError(f"{where}not JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise VerifiedFormatError(f"{where}not a JSON object")
    text = lambda key, default="": record.get(key, default) if isinstance(record.get(key, default), str) else None
    question, answer = text("question"), text("answer")
    phrasings = record.get("phrasings", [])
    if not question or not question.strip() or not answer or not answer.strip():
        raise VerifiedFormatError(f"{where}a pair needs a non-empty \"question\" and \"answer\"")
    if not isinstance(phrasings, list) or not all(isinstance(p, str) for p in phrasings):
        raise VerifiedFormatError(f"{where}\"phrasings\" must be a list of strings")
    created = record.get("created_at", time.time())
    if not isinstance(created, (int, float)) or isinstance(created, bool):
        raise VerifiedFormatError(f"{where}\"created_at\" must be a number (unix time)")
    pair = VerifiedPair(text("id") or new_id(), course, question.strip(), answer.strip(), text("role", TA) or "",
                        float(created), _phrasings(question, phrasings), text("status", ACTIVE) or "",
                        text("replaces") or "")
    try:
        _check(pair)
    except ValueError as exc:
        raise VerifiedFormatError(f"{where}{exc}") from None
    return pair


def parse_lines(lines: Iterable[str], course: str) -> list[VerifiedPair]:
    """Every pair of a JSON Lines file (blank lines skipped), or VerifiedFormatError for the first bad line:
    a file is imported whole or not at all."""
    return [parse_line(line, course, number) for number, line in enumerate(lines, 1) if line.strip()]


# -- matching -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A question matched to a pair.  ``pair`` is what stands for it now: the pair matched, or the newest pair
    that took over from it; ``served`` False when that one is retired (its answer is not to be given)."""

    pair: VerifiedPair
    matched: VerifiedPair
    phrasing: str
    score: float

    @property
    def served(self) -> bool:
        return self.pair.status == ACTIVE


def score(dense: float, words: float) -> float:
    """How alike two questions are: their e5 cosine and the share of words in common (see the constants)."""
    return (1 - LEXICAL_WEIGHT) * dense + LEXICAL_WEIGHT * words


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def numbers(text: str) -> frozenset[str]:
    """The numbers written in ``text`` in digits, Persian or Latin («۳×۳» and "3x3" alike)."""
    return frozenset(_NUMBER.findall(text.translate(_DIGITS)))


@dataclass
class Matcher:
    """The pairs of one course, ready to match: each phrasing's vector and words, computed once.

    ``read``: a question as searched (``KnowledgeBase.understand(...).searched``); ``embed``: its e5 query
    vector (unit length); ``words``: its analysed terms."""

    pairs: Sequence[VerifiedPair]
    read: Callable[[str], str]
    embed: Callable[[str], np.ndarray]
    words: Callable[[str], frozenset[str]]
    _rows: list[tuple[VerifiedPair, str, frozenset[str], frozenset[str]]] = field(init=False, default_factory=list)
    _vectors: np.ndarray | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        vectors = []
        for pair in self.pairs:
            for phrasing in pair.questions:
                searched = self.read(phrasing)
                self._rows.append((pair, phrasing, self.words(searched), numbers(searched)))
                vectors.append(self.embed(searched))
        self._vectors = np.stack(vectors) if vectors else None
        # a correction names the pair it replaced: follow the chain to the newest
        self._successor = {p.replaces: p for p in sorted(self.pairs, key=lambda p: p.created_at) if p.replaces}

    def alike(self, question: str) -> list[tuple[VerifiedPair, str, float, float, bool]]:
        """(pair, phrasing, cosine, words in common, names a number the phrasing does not) of every phrasing:
        what :func:`score` combines (the benchmark fits the constants on them)."""
        if self._vectors is None:
            return []
        searched = self.read(question)
        dense = self._vectors @ self.embed(searched)
        words, named = self.words(searched), numbers(searched)
        return [(pair, phrasing, float(cosine), jaccard(words, terms), bool(named - written))
                for (pair, phrasing, terms, written), cosine in zip(self._rows, dense, strict=True)]

    def scores(self, question: str) -> list[tuple[float, VerifiedPair, str]]:
        """(score, pair, phrasing) of the best phrasing of every pair, best first; a phrasing with other
        numbers than the question's does not count."""
        best: dict[str, tuple[float, VerifiedPair, str]] = {}
        for pair, phrasing, cosine, words, other_numbers in self.alike(question):
            s = -1.0 if other_numbers else score(cosine, words)
            if pair.id not in best or s > best[pair.id][0]:
                best[pair.id] = (s, pair, phrasing)
        return sorted(best.values(), key=lambda row: -row[0])

    def match(self, question: str, threshold: float = MATCH_THRESHOLD) -> Match | None:
        """The pair ``question`` asks again, or None (then the question is answered from the material)."""
        ranked = self.scores(question)
        if not ranked or ranked[0][0] < threshold:
            return None
        s, matched, phrasing = ranked[0]
        return Match(self.current(matched), matched, phrasing, s)

    def current(self, pair: VerifiedPair) -> VerifiedPair:
        """The newest pair that took over from ``pair`` (itself when none did)."""
        seen = {pair.id}
        while pair.id in self._successor and self._successor[pair.id].id not in seen:
            pair = self._successor[pair.id]
            seen.add(pair.id)
        return pair


# -- storage --------------------------------------------------------------------------------------------

_COLUMNS = "id, course, question, answer, role, created_at, phrasings, status, replaces"
VERSION_KEY = "verified_version"  # bumped by every write, so each process's matcher knows when to reload


def _row(pair: VerifiedPair) -> tuple:
    return (pair.id, pair.course, pair.question, pair.answer, pair.role, pair.created_at,
            json.dumps(list(pair.phrasings), ensure_ascii=False), pair.status, pair.replaces)


def _pair(row: Sequence) -> VerifiedPair:
    return VerifiedPair(row[0], row[1], row[2], row[3], row[4], float(row[5]), tuple(json.loads(row[6])),
                        row[7], row[8])


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    unchanged: int


class VerifiedAnswers:
    """A course's pairs in its ``kb.sqlite3`` (``store`` is the base's :class:`~knowledge.store.Store`), and the
    matcher over them, rebuilt when any process has written since (a version number in ``meta``).

    Reading is safe from several threads; writing (:meth:`put`, :meth:`verify`, :meth:`retire`,
    :meth:`load`) is for a caller holding the base's write lock (``KnowledgeBase`` does)."""

    def __init__(self, store, course: str, make_matcher: Callable[[Sequence[VerifiedPair]], Matcher]) -> None:
        self.store = store
        self.course = course
        self._make_matcher = make_matcher
        self._matcher: tuple[str | None, Matcher] | None = None
        self._lock = threading.Lock()

    def pairs(self, status: str | None = None) -> list[VerifiedPair]:
        """Every pair (or those of one ``status``), oldest first."""
        where, args = ("WHERE status = ?", (status,)) if status else ("", ())
        rows = self.store.db.execute(f"SELECT {_COLUMNS} FROM verified {where} ORDER BY created_at, id", args)
        return [_pair(r) for r in rows.fetchall()]

    def get(self, pair_id: str) -> VerifiedPair | None:
        row = self.store.db.execute(f"SELECT {_COLUMNS} FROM verified WHERE id = ?", (pair_id,)).fetchone()
        return _pair(row) if row else None

    def matcher(self) -> Matcher:
        version = self.store.get_meta(VERSION_KEY)
        with self._lock:
            if self._matcher is None or self._matcher[0] != version:
                self._matcher = (version, self._make_matcher(self.pairs()))
            return self._matcher[1]

    def match(self, question: str) -> Match | None:
        return self.matcher().match(question)

    # -- writing (under the base's write lock) ------------------------------------------------------------

    def put(self, pairs: Sequence[VerifiedPair]) -> None:
        """Insert or replace ``pairs`` by id, in one transaction."""
        with self.store.transaction() as db:
            db.executemany(f"INSERT OR REPLACE INTO verified ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [_row(p) for p in pairs])
            db.execute("INSERT INTO meta VALUES (?, '1') ON CONFLICT (key) DO UPDATE "
                       "SET value = CAST(value AS INTEGER) + 1", (VERSION_KEY,))

    def verify(self, question: str, answer: str, role: str, phrasings: Iterable[str] = (),
               replaces: str = "", at: float | None = None) -> VerifiedPair:
        """A new active pair.  When the question already matches a pair (or ``replaces`` names one), the new
        one takes over from it: the old is retired and its phrasings carried over."""
        old = self.get(replaces) if replaces else None
        if old is None:
            found = self.match(question)
            old = found.pair if found is not None else None
        carried = old.questions if old is not None else ()
        pair = new_pair(self.course, question, answer, role, at, [*phrasings, *carried],
                        replaces=old.id if old is not None else "")
        self.put([pair] + ([replace(old, status=RETIRED)] if old is not None and old.status == ACTIVE else []))
        return pair

    def retire(self, question: str, shown: str, pair_id: str = "", phrasings: Iterable[str] = (),
               at: float | None = None) -> VerifiedPair:
        """Stop giving an answer to ``question``: the pair ``pair_id`` when the answer was one, else a retired
        pair of role ``bot`` holding what was ``shown`` (a bot answer from the material)."""
        pair = self.get(pair_id) if pair_id else None
        if pair is not None:
            pair = replace(pair, status=RETIRED)
        else:
            pair = new_pair(self.course, question, shown or "—", BOT, at, phrasings, status=RETIRED)
        self.put([pair])
        return pair

    def load(self, pairs: Sequence[VerifiedPair]) -> ImportReport:
        """Import ``pairs`` (already parsed: a file goes in whole or not at all): new ids added, known ones updated."""
        known = {p.id: p for p in self.pairs()}
        changed = [replace(p, course=self.course) for p in pairs if known.get(p.id) != replace(p, course=self.course)]
        if changed:
            self.put(changed)
        updated = sum(1 for p in changed if p.id in known)
        return ImportReport(len(changed) - updated, updated, len(pairs) - len(changed))


__all__ = ["ACTIVE", "ADMIN", "BOT", "LEXICAL_WEIGHT", "MATCH_THRESHOLD", "RETIRED", "ROLES", "TA", "ImportReport",
           "Match", "Matcher", "VerifiedAnswers", "VerifiedFormatError", "VerifiedPair", "new_pair", "parse_line",
           "parse_lines", "score"]
