"""Per-user rate limits: a sliding window of recent requests, one window per user and kind.

In memory on purpose for one process: limits protect a running bot from floods; they need not
survive a restart.  Several workers on one PostgreSQL share theirs (:class:`SharedRateLimiter`),
or a user would get the limit once per worker.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from bot.storage import Database


class RateLimiter:
    def __init__(self, per_minute: int, window_s: float = 60.0, clock=time.monotonic) -> None:
        self.limit = per_minute
        self.window_s = window_s
        self.clock = clock
        self._seen: dict[object, deque[float]] = defaultdict(deque)
        self._quiet_until: dict[object, float] = {}  # told to slow down: silence until then
        self._lock = threading.Lock()

    def check(self, key: object) -> float:
        """0 when ``key`` may go ahead now (and counts it); else the seconds until it may."""
        now = self.clock()
        with self._lock:
            recent = self._seen[key]
            while recent and now - recent[0] >= self.window_s:
                recent.popleft()
            if len(recent) >= self.limit:
                return max(0.1, self.window_s - (now - recent[0]))
            recent.append(now)
            return 0.0

    def notice(self, key: object, wait: float) -> bool:
        """Whether a refused ``key`` should be told to slow down: once, then silence until it may go again
        (twenty refusals in a group would be twenty bot posts about nothing)."""
        now = self.clock()
        with self._lock:
            if now < self._quiet_until.get(key, 0.0):
                return False
            self._quiet_until[key] = now + wait
            return True

    def refund(self, key: object) -> None:
        """Forget ``key``'s latest counted request: it turned out not to be one (a "thanks" to the bot)."""
        with self._lock:
            recent = self._seen.get(key)
            if recent:
                recent.pop()


class SharedRateLimiter:
    """:class:`RateLimiter`'s three calls on the bot's database (``rate_hits``, ``rate_notices``): each is one
    transaction after a lock on its key, so two workers counting one user's requests at once count both."""

    def __init__(self, db: Database, kind: str, per_minute: int, window_s: float = 60.0, clock=time.time) -> None:
        self.db, self.kind = db, kind
        self.limit = per_minute
        self.window_s = window_s
        self.clock = clock  # wall-clock time: the workers may run on different machines

    def _key(self, key: object) -> str:
        return f"{self.kind}:{key}"

    def check(self, key: object) -> float:
        """0 when ``key`` may go ahead now (and counts it); else the seconds until it may."""
        now, name = self.clock(), self._key(key)
        with self.db.transaction() as session:
            session.run(self.db.dialect.key_lock, (name,))
            session.run("DELETE FROM rate_hits WHERE key = ? AND at <= ?", (name, now - self.window_s))
            count, oldest = session.one("SELECT COUNT(*), MIN(at) FROM rate_hits WHERE key = ?", (name,))
            if count >= self.limit:
                return max(0.1, self.window_s - (now - oldest))
            session.run("INSERT INTO rate_hits VALUES (?, ?)", (name, now))
            return 0.0

    def notice(self, key: object, wait: float) -> bool:
        """Whether a refused ``key`` should be told to slow down: once, then silence until it may go again."""
        now, name = self.clock(), self._key(key)
        with self.db.transaction() as session:
            session.run(self.db.dialect.key_lock, (name,))
            row = session.one("SELECT quiet_until FROM rate_notices WHERE key = ?", (name,))
            if row is not None and now < row[0]:
                return False
            session.run("INSERT INTO rate_notices VALUES (?, ?) ON CONFLICT (key) "
                        "DO UPDATE SET quiet_until = excluded.quiet_until", (name, now + wait))
            return True

    def refund(self, key: object) -> None:
        """Forget ``key``'s latest counted request: it turned out not to be one (a "thanks" to the bot)."""
        name = self._key(key)
        self.db.run("DELETE FROM rate_hits WHERE key = ? AND at = (SELECT MAX(at) FROM rate_hits WHERE key = ?)",
                    (name, name))
