"""Per-user rate limits: a sliding window of recent requests, one window per user and kind.

In memory on purpose: limits protect a running bot from floods; they need not
survive a restart.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


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
