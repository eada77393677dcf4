"""The progress message of an upload and the saving of a sent file, without Telegram."""

from __future__ import annotations

from bot import messages as msg
from bot.uploads import UploadWatch, save_upload
from knowledge.types import COMPLETE, EMBEDDING, READ, SEARCHABLE, STORED, Step


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_progress_is_sent_when_searchable_then_every_few_seconds_with_an_estimate():
    clock, sent = Clock(), []
    watch = UploadWatch("bn2.pdf", sent.append, clock=clock, every_s=3.0)
    watch(Step(READ, 0, 1, "bn2.pdf"))
    clock.now += 0.5
    watch(Step(STORED, 100, 100))
    assert sent == []  # nothing worth an edit yet
    clock.now += 0.5
    watch(Step(SEARCHABLE, 0, 100))
    assert len(sent) == 1 and msg.STEP_SEARCHABLE.format(seconds="1.0") in sent[0]
    assert msg.STEP_STORED.format(passages=100) in sent[0]
    watch(Step(EMBEDDING, 0, 100))
    for done in (32, 64):
        clock.now += 2.0
        watch(Step(EMBEDDING, done, 100))
    assert len(sent) == 2  # 4 s after the last edit, not at every batch
    assert msg.STEP_EMBEDDING.format(done=64, total=100) in sent[1]
    assert msg.STEP_ETA.format(seconds="2.2") in sent[1]  # 64 in 4 s: 36 more take 2.25 s
    clock.now += 2.0
    watch(Step(EMBEDDING, 100, 100))
    watch(Step(COMPLETE, 124, 124))
    assert watch.timing() == msg.SEARCHABLE_AFTER.format(lexical="1.0", dense="7.0")


def test_a_small_upload_is_complete_at_once_and_an_unchanged_one_reports_no_timing():
    clock = Clock()
    watch = UploadWatch("a.md", clock=clock)
    watch(Step(STORED, 3, 3))
    clock.now += 1.5
    watch(Step(COMPLETE, 3, 3))
    assert watch.timing() == msg.COMPLETE_AFTER.format(dense="1.5")
    unchanged = UploadWatch("a.md", clock=clock)
    unchanged(Step(STORED, 0, 0))
    unchanged(Step(COMPLETE, 3, 3))
    assert unchanged.timing() == ""


def test_a_sent_file_is_saved_under_a_safe_name_replacing_the_earlier_one(tmp_path):
    first = save_upload(tmp_path / "uploads", "../../etc/passwd", b"one")
    assert first.parent == tmp_path / "uploads" and first.name == "passwd"
    again = save_upload(tmp_path / "uploads", "passwd", b"two")
    assert again == first and first.read_bytes() == b"two"
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == ["passwd"]  # no partial file left
    assert save_upload(tmp_path / "uploads", "جزوه فصل ۳.pdf", b"x").name == "جزوه_فصل_۳.pdf"
    assert save_upload(tmp_path / "uploads", "...", b"x").name == "upload.txt"


def test_the_updates_thread_yields_the_cpu_to_questions():
    import os
    import threading

    from bot.app import Workers
    from knowledge.embed import BACKGROUND_NICE

    workers = Workers.create()
    try:
        mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        writer = workers.updates.submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())).result()
        reader = workers.questions.submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())).result()
        assert writer == mine + BACKGROUND_NICE and reader == mine
    finally:
        workers.shutdown()
