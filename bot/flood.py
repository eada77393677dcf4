"""Staying inside Telegram's flood limits, so no answer is lost when a group is busy.

Telegram refuses (HTTP 429 with ``retry_after``) what a bot sends past about 20
messages a minute in one group and 30 a second in all.  python-telegram-bot's
:class:`~telegram.ext.AIORateLimiter` throttles every request and, with
``max_retries``, retries a 429 after the time Telegram asks.  Two things are
changed on top of it, both measured against ``tests/helpers/fake_bot_api.py`` with the
limits switched on:

* **Limits are sliding windows**, as Telegram counts them: at most 20 messages
  in any 60 seconds in a group, 30 in any second in all.  The library's leaky
  buckets let a full burst through and then refill steadily (one every 3 s in
  a group), so the message after a burst is refused by a sliding-window counter,
  and one 429 stops *every* chat until it clears: in ``benchmarks/bot_load.py``
  200 questions over 10 groups lost 16 answers to 245 refusals that way.
* **"typing…" is not a message.**  A chat action never waits in a group's queue
  (it would arrive after the answer it announces) and is dropped when the group
  is busy or Telegram refuses it: it is decoration, never worth a retry.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from typing import Any

from telegram.constants import FloodLimit
from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

log = logging.getLogger("daneshyar.bot")

GROUP_MESSAGES = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP  # 20
GROUP_WINDOW_S = 60.0
OVERALL_MESSAGES = FloodLimit.MESSAGES_PER_SECOND  # 30
OVERALL_WINDOW_S = 1.0
MARGIN_S = 0.01  # a slot's window ends after Telegram's already (see SlidingWindow); this only avoids a busy loop
MAX_RETRIES = 5  # a 429 is retried after the wait Telegram asks for, this many times
_DECORATION = frozenset({"sendChatAction"})  # requests worth nothing once late


class SlidingWindow:
    """At most ``limit`` requests in any ``window_s`` seconds, as Telegram counts them; ``async with`` waits
    for a free slot.

    A request holds its slot from the moment it leaves until ``window_s`` after its answer came back:
    Telegram counted it somewhere in between, so the window here never ends before Telegram's does, however
    slow the network or the event loop.  Slots are handed out in arrival order (one lock), so answers
    leave a busy group in the order they were asked."""

    def __init__(self, limit: int, window_s: float, clock=time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._done: deque[float] = deque()  # when each answered request's answer came, oldest first
        self._in_flight = 0
        self._lock = asyncio.Lock()

    def _forget_old(self) -> None:
        now = self.clock()
        while self._done and now - self._done[0] >= self.window_s:
            self._done.popleft()

    def free(self) -> int:
        """Slots free right now."""
        self._forget_old()
        return self.limit - len(self._done) - self._in_flight

    def waiting(self) -> bool:
        """Whether a request is queued for a slot (the group is busy)."""
        return self._lock.locked()

    async def __aenter__(self) -> None:
        async with self._lock:
            while self.free() <= 0:
                wait = self.window_s - (self.clock() - self._done[0]) if self._done else 0.0
                await asyncio.sleep(max(wait, 0.0) + MARGIN_S)
            self._in_flight += 1

    async def __aexit__(self, *exc_info) -> None:
        self._in_flight -= 1
        self._done.append(self.clock())

    def has_capacity(self, amount: float = 1) -> bool:  # what AIORateLimiter asks when it prunes its groups
        return self.free() >= amount and not self.waiting()


class FloodControl(AIORateLimiter):
    """The library's rate limiter with Telegram's own per-group rule and chat actions that never wait."""

    def __init__(self, group_messages: int = GROUP_MESSAGES, group_window_s: float = GROUP_WINDOW_S,
                 overall_messages: int = OVERALL_MESSAGES, overall_window_s: float = OVERALL_WINDOW_S,
                 max_retries: int = MAX_RETRIES) -> None:
        super().__init__(overall_max_rate=overall_messages, overall_time_period=overall_window_s,
                         group_max_rate=group_messages, group_time_period=group_window_s, max_retries=max_retries)
        self._base_limiter = SlidingWindow(overall_messages, overall_window_s)  # type: ignore[assignment]

    def _get_group_limiter(self, group_id: str | int | bool) -> SlidingWindow:  # type: ignore[override]
        limiter = self._group_limiters.get(group_id)
        if limiter is None:
            if len(self._group_limiters) > 512:  # forget idle groups, as the library does
                for key in [k for k, v in self._group_limiters.items() if v.has_capacity(v.limit)]:
                    del self._group_limiters[key]
            limiter = self._group_limiters[group_id] = SlidingWindow(self._group_max_rate, self._group_time_period)
        return limiter  # type: ignore[return-value]

    def busy(self, chat_id: int) -> bool:
        """Whether a group's messages are queued or its window is full: time to send less."""
        limiter = self._group_limiters.get(chat_id)
        return limiter is not None and (limiter.waiting() or limiter.free() <= 0)

    async def process_request(self, callback, args: Any, kwargs: dict[str, Any], endpoint: str,
                              data: dict[str, Any], rate_limit_args: int | None):
        if endpoint in _DECORATION:
            return await self._decoration(callback, args, kwargs, data)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)

    async def _decoration(self, callback, args: Any, kwargs: dict[str, Any], data: dict[str, Any]) -> bool:
        chat_id = data.get("chat_id")
        if (isinstance(chat_id, int) and self.busy(chat_id)) or not self._retry_after_event.is_set():
            return True
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as exc:
            log.info("a chat action was refused by the flood limit (%s); dropped", exc)
            return True
