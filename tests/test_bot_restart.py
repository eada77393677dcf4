"""A bot killed in the middle of an upload: the real `daneshyar bot` in a subprocess, SIGKILLed while the
file is being downloaded or its vectors computed, restarted, against the fake Bot API (tests/helpers/fake_bot_api.py)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from helpers.bot import ADMIN, long_notes, make_conversation, run, running, upload_report
from helpers.fake_bot_api import TOKEN, FakeBotAPI

from bot import messages as msg
from bot.state import BotState
from knowledge import KBConfig, KnowledgeBase


async def start_bot(home: Path, url: str) -> asyncio.subprocess.Process:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": url, "DANESHYAR_HOME": str(home),
           "DANESHYAR_ADMINS": str(ADMIN["id"]), "DANESHYAR_NO_PROGRESS": "1"}
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "daneshyar", "bot", env=env,
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)


def test_a_bot_killed_mid_upload_finishes_it_after_restart_and_tells_the_admin(kb_copy):
    async def scenario():
        api = FakeBotAPI()
        url = await api.start()
        bot = await start_bot(kb_copy, url)
        try:
            await api.wait_for(lambda: api.sent("setMyCommands"), timeout=180)
            chat = api.private_chat(ADMIN)
            upload = api.send_document(chat, ADMIN, "tapir.md", long_notes(60, "تاپیرنت"), caption="/add")
            searchable = msg.STEP_SEARCHABLE.split("(")[0]
            await api.wait_for(lambda: any(searchable in c.params["text"]
                                           for c in api.sent("editMessageText", chat["id"])), timeout=180)
            bot.kill()  # SIGKILL while the vectors are being computed
            await bot.wait()
            assert not any(msg.ADDED.split(":")[0] in c.params["text"] for c in api.sent("editMessageText"))
            saved = kb_copy / "uploads" / "tapir.md"
            assert saved.read_bytes() == long_notes(60, "تاپیرنت")  # nothing the maintainer sent is lost
            sent_by_bot = [m for (c, _), m in api.messages.items() if c == chat["id"] and m["from"] == api.bot_user]
            assert len(sent_by_bot) == 1  # the progress message, edited in place
            progress_id = sent_by_bot[0]["message_id"]

            before = len(api.calls)
            restarted = msg.RESUMED.split("«")[0]
            told = lambda: [c for c in api.replies(chat["id"], before) if restarted in c.params["text"]]
            bot = await start_bot(kb_copy, url)
            await api.wait_for(told, timeout=300)
            notice = told()[0].params
            assert notice["reply_parameters"]["message_id"] == upload["message_id"]  # under the file it is about
            # the file had been stored before the kill: the truth is that its semantic search is now ready
            assert msg.RESUMED_COMPLETED.format(names="tapir.md") in notice["text"]
            # the old progress message no longer says «⏳ ... از 60»: first that a restart interrupted it,
            # then that it is done, before the report
            edits = [c for c in api.sent("editMessageText", chat["id"], before) if c.params["message_id"] == progress_id]
            assert [c.params["text"] for c in edits] == [msg.PROGRESS_INTERRUPTED.format(name="tapir.md"),
                                                          msg.PROGRESS_RESUMED.format(name="tapir.md")]
            assert edits[-1].at <= told()[0].at

            kb = KnowledgeBase.open(KBConfig(home=kb_copy))
            assert kb.index().manifest.pending == 0 and kb.backend.covers(kb.index().generation, "tapir")
            assert "تاپیرنت41" in kb.search("تاپیرنت41", 1)[0].chunk.text

            before = len(api.calls)  # sent again: it is in the base, and the bot says so
            api.send_document(chat, ADMIN, "tapir.md", long_notes(60, "تاپیرنت"), caption="/add")
            assert "بدون تغییر: tapir.md" in await upload_report(api, chat, before)
        finally:
            if bot.returncode is None:
                bot.kill()
                await bot.wait()
            await api.stop()
    run(scenario)


def test_a_bot_killed_while_downloading_an_upload_downloads_it_again_after_restart(kb_copy):
    """Nothing is said before the file is saved; the journal keeps its Telegram id, which fetches it again."""
    async def scenario():
        api = FakeBotAPI()
        url = await api.start()
        api.hold_downloads()
        bot = await start_bot(kb_copy, url)
        try:
            await api.wait_for(lambda: api.sent("setMyCommands"), timeout=180)
            chat = api.private_chat(ADMIN)
            upload = api.send_document(chat, ADMIN, "walrus.md", long_notes(6, "والوس‌نت"), caption="/add")
            await api.wait_for(lambda: api.downloads_requested, timeout=60)
            bot.kill()  # SIGKILL while the file is being downloaded
            await bot.wait()
            assert not api.replies(chat["id"])  # no «دریافت شد» for a file that is not saved
            state = BotState(kb_copy / "bot.sqlite3")
            journaled = state.unfinished_uploads()
            state.close()
            assert [(u.name, u.saved, u.message_id, u.chat_id) for u in journaled] == [
                ("walrus.md", False, upload["message_id"], chat["id"])]

            api.release_downloads()
            before = len(api.calls)
            restarted = msg.RESUMED.split("«")[0]
            told = lambda: [c for c in api.replies(chat["id"], before) if restarted in c.params["text"]]
            bot = await start_bot(kb_copy, url)
            await api.wait_for(told, timeout=300)
            notice = told()[0].params
            assert notice["reply_parameters"]["message_id"] == upload["message_id"]
            assert msg.ADDED.format(added="walrus.md", replaced="—", unchanged="—") in notice["text"]
            assert (kb_copy / "uploads" / "walrus.md").read_bytes() == long_notes(6, "والوس‌نت")
            kb = KnowledgeBase.open(KBConfig(home=kb_copy))
            assert "والوس‌نت4" in kb.search("والوس‌نت4", 1)[0].chunk.text
            state = BotState(kb_copy / "bot.sqlite3")
            assert state.unfinished_uploads() == []
            state.close()
        finally:
            if bot.returncode is None:
                bot.kill()
                await bot.wait()
            await api.stop()
    run(scenario)


def test_an_interrupted_upload_that_cannot_be_had_again_is_reported_lost_by_name(kb_copy):
    """One journaled before its download whose file Telegram no longer gives, and one whose saved copy is gone:
    the admin is told plainly which file to send again, under it, and the old progress message says so too."""
    state = BotState(kb_copy / "bot.sqlite3")
    api = FakeBotAPI()
    chat = api.private_chat(ADMIN)
    state.start_upload(chat["id"], ADMIN["id"], 501, "", "jozve.pdf", file_id="expired-file-id")
    vanished = state.start_upload(chat["id"], ADMIN["id"], 502, str(kb_copy / "uploads" / "gone.md"), "gone.md")
    progress = api.earlier_message(chat, "⏳ آماده‌سازی جست‌وجوی معنایی: 32 از 60 بخش")
    state.upload_progress(vanished.id, progress["message_id"])
    state.close()

    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation, api=api):
            await api.wait_for(lambda: len(api.replies(chat["id"])) == 2, timeout=60)
            first, second = (c.params for c in api.replies(chat["id"]))
            assert first["text"] == msg.UPLOAD_LOST.format(name="jozve.pdf")
            assert first["reply_parameters"]["message_id"] == 501
            assert second["text"] == msg.UPLOAD_LOST.format(name="gone.md")
            assert second["reply_parameters"]["message_id"] == 502
            assert api.messages[(chat["id"], progress["message_id"])]["text"] == msg.PROGRESS_LOST.format(name="gone.md")
            assert conversation.state.unfinished_uploads() == []  # told once, not at every start
    run(scenario)


def test_an_older_records_file_keeps_its_unfinished_uploads_and_gains_the_journal_columns(tmp_path):
    """Uploads journaled by an earlier version were saved first: they stay saved, with no Telegram id."""
    import sqlite3

    path = tmp_path / "bot.sqlite3"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE uploads (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER, user_id INTEGER, "
                "message_id INTEGER, path TEXT NOT NULL, name TEXT NOT NULL, received_at REAL NOT NULL, "
                "finished_at REAL)")
    old.execute("INSERT INTO uploads VALUES (1, 42, 42, 77, '/home/uploads/bn2.pdf', 'bn2.pdf', 5.0, NULL)")
    old.commit()
    old.close()

    state = BotState(path)
    [earlier] = state.unfinished_uploads()
    assert (earlier.name, earlier.saved, earlier.file_id, earlier.progress_id) == ("bn2.pdf", True, None, None)
    new = state.start_upload(42, 42, 78, "", "notes.md", file_id="file-9")
    state.upload_progress(new.id, 1001)
    state.close()

    state = BotState(path)  # opening again changes nothing
    later = state.unfinished_uploads()[1]
    assert (later.saved, later.file_id, later.progress_id) == (False, "file-9", 1001)
    state.saved_upload(later.id, "/home/uploads/notes.md")
    state.finish_upload(earlier.id)
    assert [(u.name, u.saved) for u in state.unfinished_uploads()] == [("notes.md", True)]
    state.close()


def test_a_file_an_interrupted_update_had_stored_is_reported_as_completed_when_sent_again(kb_copy):
    """No journal to finish it (a `kb add` of the uploads folder was killed): the maintainer re-sends it."""
    import signal
    import time

    from helpers.bot import make_conversation
    from helpers.writer import start_writer

    data = long_notes(40, "گاومیش‌نت")
    (kb_copy / "uploads").mkdir()
    (kb_copy / "uploads" / "buffalo.md").write_bytes(data)
    writer = start_writer(kb_copy, kb_copy / "uploads")
    reader = KnowledgeBase.open(KBConfig(home=kb_copy))
    deadline = time.monotonic() + 120
    while not reader.index().manifest.pending:  # stored, searchable by words, vectors still being computed
        assert writer.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait(30)

    reply = make_conversation(kb_copy).add_file("buffalo.md", data, ADMIN["id"])
    assert msg.COMPLETED.format(names="buffalo.md") in reply.html and "بدون تغییر: —" in reply.html
    again = make_conversation(kb_copy).add_file("buffalo.md", data, ADMIN["id"])
    assert "بدون تغییر: buffalo.md" in again.html and msg.COMPLETED.split(";")[0] not in again.html
