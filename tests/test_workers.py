"""Several bot workers on one database (bot/workers.py): each update handled once, a dead worker's work
taken over by exactly one live worker, limits counted together, one digest sender, one knowledge-base writer."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

from helpers.bot import STUDENT, make_conversation, run, running

from bot.ratelimit import SharedRateLimiter
from bot.state import BotState
from bot.workers import DEAD_AFTER_S, DIGEST, Worker


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_redelivered_update_is_answered_once(kb_copy, records_url):
    """Telegram delivers an update again when it did not see the 200 (a timeout, a proxy's error): the
    second delivery is answered 200 and dropped; the update is recorded handled."""
    port = free_port()

    async def scenario():
        conversation = make_conversation(kb_copy, records_url)
        async with running(conversation, webhook_port=port) as api:
            chat = api.private_chat(STUDENT)
            update = api.text_update(chat, STUDENT, "لنت کی اومد؟")
            assert await api.deliver(update) == 1
            assert await api.deliver(update) == 1  # the same update_id again
            await api.wait_for(lambda: api.replies(chat["id"]))
            await asyncio.sleep(1.0)
            replies = api.replies(chat["id"])
            assert len(replies) == 1 and "۱۹۹۸" in replies[0].params["text"]
            done = await asyncio.to_thread(conversation.state.db.one,
                                           "SELECT done_at FROM updates WHERE update_id = ?", (update["update_id"],))
            assert done is not None and done[0] is not None
            assert conversation.state.stats().questions == 1

    run(scenario)


def test_a_dead_workers_update_and_upload_are_taken_over_by_one_worker(postgres_url):
    clock = Clock()
    dead, first, second = (Worker(BotState(postgres_url), name, clock) for name in ("dead", "first", "second"))
    for worker in (dead, first, second):
        worker.heartbeat()
    assert dead.receive(501, '{"update_id": 501}') and not first.receive(501, '{"update_id": 501}')
    assert dead.receive(502, '{"update_id": 502}')
    dead.handled(502)
    upload = dead.state.start_upload(42, 42, 77, "", "bn2.pdf", "file-1", worker="dead")
    assert first.take_over_updates() == [] and first.take_over_uploads() == []  # "dead" is still alive
    clock.now += DEAD_AFTER_S + 1
    first.heartbeat()
    second.heartbeat()
    assert first.take_over_updates() == ['{"update_id": 501}']  # not 502: it was handled
    assert second.take_over_updates() == []
    assert [u.id for u in second.take_over_uploads()] == [upload.id]
    assert first.take_over_uploads() == []
    second.leave()  # a clean stop: its work is another's at once
    assert [u.id for u in first.take_over_uploads()] == [upload.id]


def test_the_limits_are_counted_across_workers(postgres_url):
    clock = Clock()
    one, other = (SharedRateLimiter(BotState(postgres_url).db, "questions", 3, clock=clock) for _ in range(2))
    assert [one.check(7), other.check(7), one.check(7)] == [0.0, 0.0, 0.0]
    wait = other.check(7)
    assert 0 < wait <= 60 and one.check(8) == 0.0  # another user has a window of their own
    assert one.notice(7, wait) and not other.notice(7, wait)  # told once, by whichever worker
    one.refund(7)
    assert other.check(7) == 0.0  # the refunded request no longer counts
    clock.now += 61
    assert [one.check(7), other.check(7), one.check(7)] == [0.0, 0.0, 0.0]


def test_one_worker_sends_the_digest_until_it_stops(postgres_url):
    clock = Clock()
    one, other = (Worker(BotState(postgres_url), name, clock) for name in ("one", "other"))
    assert one.lead(DIGEST, 180) and not other.lead(DIGEST, 180)
    clock.now += 60
    assert one.lead(DIGEST, 180) and not other.lead(DIGEST, 180)  # renewed by its holder
    clock.now += 181  # "one" stopped renewing
    assert other.lead(DIGEST, 180) and not one.lead(DIGEST, 180)


def test_one_knowledge_base_writer_among_the_workers(postgres_url):
    one, other = Worker(BotState(postgres_url)), Worker(BotState(postgres_url))
    order = []

    def write(worker: Worker, name: str) -> None:
        with worker.writing():
            order.append(f"{name} in")
            time.sleep(0.5)
            order.append(f"{name} out")

    threads = [threading.Thread(target=write, args=(w, n)) for w, n in ((one, "a"), (other, "b"))]
    threads[0].start()
    time.sleep(0.1)
    threads[1].start()
    for thread in threads:
        thread.join()
    assert order == ["a in", "a out", "b in", "b out"]


def test_a_vote_taken_over_is_applied_once(records_url):
    """A worker killed after recording a click but before finishing its update: the worker taking the update
    over must not apply the click again (a second 👍 would take the first back)."""
    from bot.state import HANDLING

    state = BotState(records_url)
    worker = Worker(state)
    answer = state.record_answer(1, 7, "لنت؟", True, "x", [])
    assert worker.receive(9001, "{}")
    handling = HANDLING.set(9001)
    try:
        assert state.vote(answer, 8, 1) == (1, 0, 1)
        assert state.vote(answer, 8, 1) == (1, 0, 1)  # the same update handled again: nothing changes
        upload = state.start_upload(42, 42, 77, "", "x.md", "file-1")  # journaling completes an update too
    finally:
        HANDLING.reset(handling)
    assert state.vote(answer, 8, 1) == (0, 0, 0)  # a new click of the same button takes it back
    assert [u.id for u in state.unfinished_uploads()] == [upload.id]


def test_on_sqlite_a_restarted_bot_takes_over_at_once(tmp_path):
    """One process per SQLite file: the worker before a restart is gone, however fresh its heartbeat."""
    state = BotState(tmp_path / "bot.sqlite3")
    old = Worker(state, "old")
    old.heartbeat()
    assert old.receive(1, "{}")
    upload = state.start_upload(42, 42, 77, "", "x.md", "file-1", worker="old")
    new = Worker(state, "new")
    new.heartbeat()
    assert new.take_over_updates() == ["{}"] and [u.id for u in new.take_over_uploads()] == [upload.id]
    assert new.take_over_updates() == [] and new.take_over_uploads() == []  # never its own
