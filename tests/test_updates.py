"""Updates while serving: a writer killed midway loses nothing, readers keep answering, writers queue.

Real processes: the writer is the `daneshyar` command in a subprocess, killed with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.writer import start_writer

from knowledge import Busy, KBConfig, KnowledgeBase
from knowledge.types import COMPLETE, EMBEDDING, READ, SEARCHABLE, STORED, Step


def make_notes(folder: Path, count: int, word: str) -> None:
    folder.mkdir()
    for i in range(count):
        (folder / f"note-{i:02d}.md").write_text(
            f"# یادداشت {i}\n\nشبکه {word}{i} معماری آزمایشی شماره {i} است و {i + 3} لایه دارد.\n", "utf-8")


# the built-in notes' questions probe a base that keeps answering: they answer beside the notes written here
# (by default a course's own material takes their place: tests/test_knowledge_base.py)
NOTES_BESIDE = {"builtin_beside_material": True}


def data_version(home: Path) -> int:
    db = sqlite3.connect(f"file:{home / 'kb.sqlite3'}?mode=ro", uri=True, timeout=30)
    try:
        return int(db.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0])
    finally:
        db.close()


def test_sigkill_midway_leaves_the_previous_base_answering_and_the_next_add_completes(kb_copy, tmp_path):
    folder = tmp_path / "inbox"
    make_notes(folder, 30, "سمورنت")
    before = data_version(kb_copy)
    writer = start_writer(kb_copy, folder)
    deadline = time.monotonic() + 120
    while data_version(kb_copy) < before + 5:  # it has stored some documents and is still working
        assert writer.poll() is None, writer.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait(30)

    kb = KnowledgeBase.open(KBConfig(home=kb_copy, **NOTES_BESIDE))
    answer = kb.ask("لنت کی اومد؟")  # the previous base, fully answering
    assert answer.answered and answer.citations[0].doc == "02-lenet-alexnet"
    assert not [h for h in kb.search("سمورنت29", 5) if "سمورنت29" in h.chunk.text]
    assert kb.index().manifest.data_version < data_version(kb_copy)  # the store is ahead of the index

    report = kb.add([folder])  # the next update finishes the job, and says which files it had stored already
    assert len(report.added) + len(report.completed) == 30 and report.completed and not report.skipped
    assert not report.unchanged  # none of them was searchable before: "unchanged" would be untrue
    assert kb.index().manifest.data_version == data_version(kb_copy)
    for i in (0, 17, 29):
        assert "سمورنت" + str(i) in kb.search(f"سمورنت{i}", 1)[0].chunk.text
    assert kb.ask("لنت کی اومد؟").answered


def test_a_reader_keeps_answering_while_another_process_writes(kb_copy, tmp_path):
    folder = tmp_path / "inbox"
    make_notes(folder, 12, "قاقم‌نت")
    reader = KnowledgeBase.open(KBConfig(home=kb_copy, **NOTES_BESIDE))
    writer = start_writer(kb_copy, folder)
    answered = 0
    while writer.poll() is None:
        hits = reader.search("نقطه زینی چیه؟", 3)
        assert hits and hits[0].chunk.doc_id == "09-optimization"
        answered += 1
    assert writer.returncode == 0, writer.stderr.read().decode()
    assert answered > 5
    hit = reader.search("قاقم‌نت11", 1)[0]  # the new base, without reopening
    assert "قاقم‌نت11" in hit.chunk.text


def test_a_reader_whose_generation_was_just_removed_keeps_answering(kb_copy):
    """Between a reader's look at the pointer and at the generation it names, a writer may publish the next
    one and remove the old: the reader keeps the passages it has loaded instead of finding none."""
    reader = KnowledgeBase.open(KBConfig(home=kb_copy))
    assert reader.search("نقطه زینی چیه؟", 1)[0].chunk.doc_id == "09-optimization"
    root = kb_copy / "index"
    serving = root / (root / "CURRENT").read_text("utf-8").strip()
    serving.rename(root / "removed")  # the pointer now names a generation that is not there
    hits = reader.search("نقطه زینی چیه؟", 1)
    assert hits and hits[0].chunk.doc_id == "09-optimization"
    assert reader.ask("لنت کی اومد؟").answered


def test_a_second_writer_waits_then_refuses_clearly(kb_copy, tmp_path):
    first = KnowledgeBase.open(KBConfig(home=kb_copy))
    second = KnowledgeBase.open(KBConfig(home=kb_copy, lock_timeout_s=0.5))
    (tmp_path / "x.md").write_text("# x\n\nیادداشت ایکس‌نت.\n", "utf-8")
    with first._write_lock():
        started = time.monotonic()
        with pytest.raises(Busy, match="another process is updating"):
            second.add([tmp_path / "x.md"])
        assert time.monotonic() - started >= 0.5
    assert second.add([tmp_path / "x.md"]).added  # once the first is done, the second goes through


def test_new_text_is_searchable_by_its_words_before_its_vectors_are_done(kb_copy, tmp_path):
    folder = tmp_path / "inbox"
    make_notes(folder, 24, "زرافه‌نت")
    reader = KnowledgeBase.open(KBConfig(home=kb_copy, **NOTES_BESIDE))
    seen: dict[str, list[Step]] = {}

    def watch(step: Step) -> None:
        seen.setdefault(step.stage, []).append(step)
        if step.stage == SEARCHABLE:  # the early generation serves: words find the new notes, meaning not yet
            hit = reader.search("زرافه‌نت7", 1, mode="bm25")[0]
            assert "زرافه‌نت7" in hit.chunk.text and hit.chunk.doc_id == "note-07"
            assert reader.index().manifest.pending == 24
            assert not reader.backend.covers(reader.index().generation, "note-07")
            dense = {h.chunk.doc_id for h in reader.search("زرافه‌نت7 معماری آزمایشی", 50, mode="dense")}
            assert not any(d.startswith("note-") for d in dense)
            assert reader.ask("لنت کی اومد؟").answered  # the old passages keep their vectors

    report = KnowledgeBase.open(KBConfig(home=kb_copy, **NOTES_BESIDE)).add([folder], progress=watch)
    assert len(report.added) == 24
    assert list(seen) == [READ, STORED, SEARCHABLE, EMBEDDING, COMPLETE]
    assert seen[STORED][0].done == 24 and seen[READ][-1].total == 24
    assert seen[EMBEDDING][-1].done == seen[EMBEDDING][-1].total == 24
    assert reader.index().manifest.pending == 0 and reader.backend.covers(reader.index().generation, "note-07")


def test_an_interrupted_update_is_finished_by_the_next_kb_command(kb_copy, tmp_path):
    folder = tmp_path / "inbox"
    make_notes(folder, 30, "گورخرنت")
    writer = start_writer(kb_copy, folder)
    deadline = time.monotonic() + 120
    base = KnowledgeBase.open(KBConfig(home=kb_copy))
    while True:  # wait for the early generation: searchable by words, vectors still being computed
        assert writer.poll() is None, writer.stderr.read().decode()
        assert time.monotonic() < deadline
        if base.index().manifest.pending:
            break
        time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait(30)
    # by its words, after the crash too (the early generation fuses it with dense hits of the old passages)
    assert any("گورخرنت12" in h.chunk.text for h in base.search("گورخرنت12", 3))

    env = {**os.environ, "DANESHYAR_NO_PROGRESS": "1"}
    stats = subprocess.run([sys.executable, "-m", "daneshyar", "--kb", str(kb_copy), "kb", "stats", "--json"],
                           check=False, capture_output=True, text=True, env=env, timeout=300)
    assert stats.returncode == 0, stats.stderr
    assert "interrupted" in stats.stderr
    assert '"dense_pending": 0' in stats.stdout and '"up_to_date": true' in stats.stdout
    assert base.index().manifest.pending == 0 and base.index().manifest.data_version == data_version(kb_copy)
    assert not base.recover()  # nothing left to finish
