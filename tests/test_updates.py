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

from knowledge import Busy, KBConfig, KnowledgeBase


def make_notes(folder: Path, count: int, word: str) -> None:
    folder.mkdir()
    for i in range(count):
        (folder / f"note-{i:02d}.md").write_text(
            f"# یادداشت {i}\n\nشبکه {word}{i} معماری آزمایشی شماره {i} است و {i + 3} لایه دارد.\n", "utf-8")


def start_writer(home: Path, folder: Path) -> subprocess.Popen:
    env = {**os.environ, "DANESHYAR_NO_PROGRESS": "1"}
    return subprocess.Popen([sys.executable, "-m", "daneshyar", "--kb", str(home), "kb", "add", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


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

    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    answer = kb.ask("لنت کی اومد؟")  # the previous base, fully answering
    assert answer.answered and answer.citations[0].doc == "02-lenet-alexnet"
    assert not [h for h in kb.search("سمورنت29", 5) if "سمورنت29" in h.chunk.text]
    assert kb.index().manifest.data_version < data_version(kb_copy)  # the store is ahead of the index

    report = kb.add([folder])  # the next update finishes the job
    assert len(report.added) + len(report.unchanged) == 30 and not report.skipped
    assert kb.index().manifest.data_version == data_version(kb_copy)
    for i in (0, 17, 29):
        assert "سمورنت" + str(i) in kb.search(f"سمورنت{i}", 1)[0].chunk.text
    assert kb.ask("لنت کی اومد؟").answered


def test_a_reader_keeps_answering_while_another_process_writes(kb_copy, tmp_path):
    folder = tmp_path / "inbox"
    make_notes(folder, 12, "قاقم‌نت")
    reader = KnowledgeBase.open(KBConfig(home=kb_copy))
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
