"""Several bot workers on one database: each update handled once, a dead worker's work taken over, and
the jobs only one of them should run.

A worker is alive while it keeps its ``workers`` row fresh (every :data:`HEARTBEAT_S`); past
:data:`DEAD_AFTER_S` without, it is dead and a live one takes over what it left: updates received but
not handled, and uploads journaled but not finished.  A worker that stops cleanly deletes its row, so
a restart on one machine resumes at once.

**Exactly once.** :class:`Inbox` is the application's update queue: an update enters only if its
``update_id`` was not recorded before, and the record is written before ``put`` returns, that is before
the webhook answers Telegram 200 (python-telegram-bot's handler awaits the queue).  A redelivered update
is dropped; a worker killed after the 200 leaves a row another worker takes over.  An update is marked
handled as soon as Telegram accepted its first reply, and a vote or a journaled upload marks it in the
same transaction that records it (``bot.state.HANDLING``), so a take-over never applies a vote twice.  The
one window left: a worker killed between Telegram accepting its reply and that commit (one UPDATE); the
update is then answered again (Telegram's sendMessage has no idempotency key to close it).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import socket
import threading
import time
from contextlib import AbstractContextManager

from telegram import Update
from telegram.ext import Application

from bot.state import HANDLING, UPLOAD_COLUMNS, BotState, Upload

log = logging.getLogger("daneshyar.bot")
HEARTBEAT_S = 2.0   # how often a worker says it is alive, and looks for a dead one's work
# silent this long, a worker is dead: seven missed heartbeats, not one slow query (on the loaded 2-core test
# machine a heartbeat took up to 0.2 s)
DEAD_AFTER_S = 15.0
KEEP_HANDLED_S = 86400.0  # a handled update's id is remembered this long (redeliveries come within minutes)
KB_WRITER = 726174  # the advisory lock held while the knowledge base is written (one writer at a time)
DIGEST = "staff-digest"


def worker_name() -> str:
    """Unique per process, readable in the records: host, pid and a random tail (a pid is reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Worker:
    """This process among the workers sharing ``state``'s database."""

    def __init__(self, state: BotState, name: str | None = None, clock=time.time) -> None:
        self.state, self.db = state, state.db
        self.name = name or worker_name()
        self.clock = clock
        self._stopped = threading.Event()

    def keep_alive(self) -> None:
        """Heartbeats from a thread of their own, from now until :meth:`leave`: not a JobQueue job, which
        starts only after the bot's warm-up (half a minute on a loaded machine) while updates may already
        arrive, nor the event loop, which a long handler may hold."""
        self.heartbeat()
        threading.Thread(target=self._beat, name="heartbeat", daemon=True).start()

    def _beat(self) -> None:
        while not self._stopped.wait(HEARTBEAT_S):
            try:
                self.heartbeat()
            except Exception:  # the database away for a moment: the next beat tries again
                log.warning("heartbeat failed", exc_info=True)

    def heartbeat(self) -> None:
        """Alive now; and updates handled over a day ago are forgotten (Telegram may reuse an id after a
        week without updates)."""
        now = self.clock()
        self.db.run("INSERT INTO workers VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at",
                    (self.name, now))
        self.db.run("DELETE FROM updates WHERE done_at < ?", (now - KEEP_HANDLED_S,))

    def leave(self) -> None:
        """A clean stop: dead at once, so what it left is taken over without waiting."""
        self._stopped.set()
        self.db.run("DELETE FROM workers WHERE id = ?", (self.name,))

    def receive(self, update_id: int, body: str) -> bool:
        """Record an update as this worker's; False when its id was received before (a redelivery)."""
        return self.db.run("INSERT INTO updates (update_id, body, worker, received_at) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT (update_id) DO NOTHING", (update_id, body, self.name, self.clock())) == 1

    def handled(self, update_id: int | None = None) -> None:
        """Mark an update handled (by default the one being handled now, :data:`~bot.state.HANDLING`)."""
        update_id = HANDLING.get() if update_id is None else update_id
        if update_id is not None:
            self.db.run("UPDATE updates SET done_at = ? WHERE update_id = ? AND done_at IS NULL",
                        (self.clock(), update_id))

    def _others_dead(self) -> tuple[str, tuple]:
        """SQL and its parameters: the row's worker is not this one and not alive (NULL: journaled before
        workers were recorded).  On SQLite this process is the only worker, so every other one is gone: a
        restart resumes at once rather than after :data:`DEAD_AFTER_S`."""
        alive_since = self.clock() - DEAD_AFTER_S if self.state.shared else float("inf")
        return ("(worker IS NULL OR (worker <> ? AND worker NOT IN (SELECT id FROM workers WHERE seen_at >= ?)))",
                (self.name, alive_since))

    def take_over_updates(self) -> list[str]:
        """The bodies of updates a dead worker received and never handled, now this worker's, oldest first.
        Each is claimed by a compare-and-set on its worker: two live workers never both take one."""
        dead, params = self._others_dead()
        rows = self.db.rows(f"SELECT update_id, body, worker FROM updates WHERE done_at IS NULL AND {dead} "
                            "ORDER BY update_id", params)
        return [body for update_id, body, worker in rows
                if self.db.run("UPDATE updates SET worker = ? WHERE update_id = ? AND worker = ? AND done_at IS NULL",
                               (self.name, update_id, worker)) == 1]

    def take_over_uploads(self) -> list[Upload]:
        """Uploads journaled by a dead worker (or before workers were recorded) and not finished, now this
        worker's, oldest first."""
        dead, params = self._others_dead()
        with self.db.transaction() as session:
            rows = session.rows(f"SELECT {UPLOAD_COLUMNS}, worker FROM uploads WHERE finished_at IS NULL AND {dead} "
                                "ORDER BY id", params)
            taken = [Upload(*row[:-1]) for row in rows
                     if session.run("UPDATE uploads SET worker = ? WHERE id = ? AND worker IS NOT DISTINCT FROM ? "
                                    "AND finished_at IS NULL", (self.name, row[0], row[-1])) == 1]
        return taken

    def lead(self, job: str, seconds: float) -> bool:
        """Whether this worker runs ``job`` now: it holds the lease (taken when free or expired, renewed by
        its holder) for ``seconds`` more."""
        now = self.clock()
        row = self.db.one("INSERT INTO leases VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                          "holder = excluded.holder, expires_at = excluded.expires_at "
                          "WHERE leases.expires_at < ? OR leases.holder = excluded.holder RETURNING holder",
                          (job, self.name, now + seconds, now))
        return row is not None

    def writing(self) -> AbstractContextManager[None]:
        """Held while this worker writes the knowledge base: one writer among all workers."""
        return self.db.advisory_lock(KB_WRITER)


class Inbox(asyncio.Queue):
    """The application's update queue: each ``update_id`` enters once, recorded before the webhook's 200."""

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.worker = worker

    async def put(self, item) -> None:
        if isinstance(item, Update):
            body = json.dumps(item.to_dict(), ensure_ascii=False)
            if not await asyncio.to_thread(self.worker.receive, item.update_id, body):
                log.info("update %s was received before: not handled again", item.update_id)
                return
        await super().put(item)

    async def take_over(self, update: Update) -> None:
        """Queue an update a dead worker left (recorded already: past the check)."""
        await super().put(update)


class RecordedApplication(Application):
    """An Application that marks each update handled in the records once its handlers are done (an error
    a handler raised counts as handled: the error handler told the user).  A cancelled one stays unhandled,
    for another worker to take over."""

    async def process_update(self, update: object) -> None:
        if not isinstance(update, Update):
            await super().process_update(update)
            return
        handling = HANDLING.set(update.update_id)  # seen by the records written while it is handled
        try:
            await super().process_update(update)
        finally:
            HANDLING.reset(handling)
        if isinstance(self.update_queue, Inbox):
            await asyncio.to_thread(self.update_queue.worker.handled, update.update_id)
