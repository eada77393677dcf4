"""The bot's records on both engines (SQLite, and PostgreSQL on a throwaway cluster): the same calls give
the same results, the schema migrates once, and a password in the database URL never shows."""

from __future__ import annotations

import logging

import pytest

from bot.migrations import migrate
from bot.state import BotState
from bot.storage import open_database, redact
from daneshyar.application import settings as settings_mod

DAY = 86400.0


def test_every_record_reads_back_the_same(records_url):
    state = BotState(records_url)
    first = state.record_answer(-1001234567890, 7, "سلام", True, "<b>x</b>", ["c1", "c2"], at=DAY)
    second = state.record_answer(-1001234567890, 7, "و GoogLeNet چی؟", False, "نمی‌دانم", [], resolved="GoogLeNet",
                                 at=DAY + 10)
    state.record_answer(-1001234567890, 7, "/shape 28 5", True, "s", [], at=DAY + 20, calculation="shape 28 5")
    state.update_shown(first, "<b>y</b>")
    shown = state.answer(first)
    assert (shown.question, shown.answered, shown.chunks, shown.resolved) == ("سلام", True, ("c1", "c2"), "سلام")
    state.remember_message(-1001234567890, 501, first)
    state.remember_message(-1001234567890, 501, second)  # the same message again: the later answer
    assert state.answer_in_message(-1001234567890, 501).id == second
    assert state.answer_in_message(-1001234567890, 502) is None
    assert state.last_answer(-1001234567890, 7, 0.0).question == "/shape 28 5"
    assert state.last_answer(-1001234567890, 7, 0.0, questions=True).id == second
    assert state.last_answer(-1001234567890, 7, 0.0, before=second).id == first
    assert state.last_answer(None, None, 0.0) is None
    assert state.unanswered() == ["و GoogLeNet چی؟"] and state.unanswered(until=DAY) == []
    assert state.vote(first, 8, 1, at=DAY) == (1, 0, 1)
    assert state.vote(first, 9, -1, at=DAY + 5) == (1, 1, -1)
    assert state.vote(first, 8, 1) == (0, 1, 0)  # the same vote again takes it back
    assert state.vote(first, 9, 1) == (1, 0, 1)  # the other one replaces it
    state.vote(second, 8, -1, at=DAY + 30)
    assert state.voted_down() == [("و GoogLeNet چی؟", 0, 1)]
    assert state.daily(0.0, 3 * DAY) == [("1970-01-02", 2, 1)]
    assert state.first_record_at() == DAY
    state.record_calculation("shape", True)
    state.set_meta("digest_at", "1.5")
    state.set_meta("digest_at", "2.5")
    assert state.get_meta("digest_at") == "2.5" and state.get_meta("other") is None
    upload = state.start_upload(42, 42, 77, "", "bn2.pdf", file_id="f-1")
    state.saved_upload(upload.id, "/home/uploads/bn2.pdf")
    state.upload_progress(upload.id, 1001)
    [pending] = state.unfinished_uploads()
    assert (pending.path, pending.file_id, pending.progress_id) == ("/home/uploads/bn2.pdf", "f-1", 1001)
    state.finish_upload(upload.id)
    assert state.unfinished_uploads() == []
    stats = state.stats()
    assert (stats.questions, stats.abstained, stats.calculations, stats.up, stats.down) == (2, 1, 1, 1, 1)
    state.close()
    again = BotState(records_url)  # reopening migrates nothing and keeps everything
    assert again.answer(first).question == "سلام" and again.stats() == stats
    again.close()


def test_the_schema_migrates_once(records_url):
    db = open_database(records_url)
    assert migrate(db) == [1, 2, 3, 4, 5]
    assert migrate(db) == []
    db.close()


def test_a_database_password_never_shows(postgres_url, caplog, monkeypatch):
    password = postgres_url.split(":")[2].split("@")[0]
    assert password not in redact(postgres_url) and "***" in redact(postgres_url)
    assert password not in repr(settings_mod.load({"DANESHYAR_HOME": "/tmp/h", "DANESHYAR_DATABASE_URL": postgres_url}))
    wrong = postgres_url.replace(password, password + "-wrong")
    caplog.set_level(logging.DEBUG)
    with pytest.raises(RuntimeError) as refused:
        BotState(wrong)
    assert password not in str(refused.value) and "***" in str(refused.value)
    assert password not in caplog.text
    with pytest.raises(settings_mod.SettingsError) as bad:
        settings_mod.load({"DANESHYAR_HOME": "/tmp/h", "DANESHYAR_DATABASE_URL": f"mysql://u:{password}@h/db"})
    assert password not in str(bad.value)


def test_the_records_url_defaults_to_the_file_beside_the_knowledge_base(kb_copy):
    from bot import create_conversation

    settings = settings_mod.load({"DANESHYAR_HOME": str(kb_copy)})
    assert settings.database_url == ""
    conversation = create_conversation(settings, use_llm=False)
    assert conversation.state.db.url == f"sqlite:///{kb_copy / 'bot.sqlite3'}"
    conversation.state.close()


def test_course_records_read_back_the_same(records_url):
    state = BotState(records_url)
    assert state.create_course("nlp", 42) is True
    assert state.create_course("nlp", 43) is False  # it existed: its first admin stays
    assert state.courses() == ["nlp"] and state.course_admins("nlp") == frozenset({42})
    assert state.admin_courses(42) == ["nlp"] and state.admin_courses(43) == []
    state.bind_course(-1001234567890, None, "nlp", 42)
    state.bind_course(-1001234567890, 77, "vision", 42)  # a topic of the same forum, to another course
    assert state.bound_course(-1001234567890, 77) == "vision"
    assert state.bound_course(-1001234567890, 5) == "nlp"  # any other topic: the chat's course
    assert state.bound_course(-1009, None) is None
    state.seen_in_course(7, "vision")
    state.seen_in_course(7, "nlp")
    state.seen_in_course(7, "nlp")
    assert state.member_courses(7) == ["nlp", "vision"]
    state.choose_private_course(7, "nlp")
    state.choose_private_course(7, "vision")
    assert state.private_course(7) == "vision" and state.private_course(8) is None
    answer = state.record_answer(-1001234567890, 7, "سلام", True, "x", [])
    state.answer_course(answer, "vision")
    assert state.course_of_answer(answer) == "vision"
    assert state.ask_human(answer, 7) is True and state.ask_human(answer, 7) is False  # passed on once
    upload = state.start_upload(-1001234567890, 42, 9, "", "a.pdf", "file-1")
    state.upload_place(upload.id, "nlp", 77)
    assert state.place_of_upload(upload.id) == ("nlp", 77)


def _migrated_to(url: str, version: int) -> None:
    """A records database as a release with migrations up to ``version`` left it."""
    from bot.migrations import migrations, statements

    db = open_database(url)
    with db.transaction() as session:
        session.run("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)")
        for number, sql in migrations():
            if number <= version:
                for statement in statements(sql, db.dialect.serial):
                    session.run(statement)
                session.run("INSERT INTO schema_migrations VALUES (?, ?)", (number, 0.0))
    db.close()


def test_migration_4_on_existing_records_loses_nothing_and_reads_each_answers_kind(records_url):
    _migrated_to(records_url, 3)
    db = open_database(records_url)
    rows = [  # (question, answered, resolved, calculation): as the bot before kinds recorded them
        ("لنت کی اومد؟", 1, "", ""), ("طرز تهیه قورمه سبزی چیه؟", 0, "", ""), ("/shape 28 5", 1, "", "shape 28 5"),
        ("با stride 2 چی؟", 1, "/shape 28 5 2", ""), ("خروجی conv 28 با کرنل 5؟", 1, "", "shape 28 5")]
    for i, (question, answered, resolved, calculation) in enumerate(rows):
        db.run("INSERT INTO answers (chat_id, user_id, question, question_key, answered, shown, chunks, created_at, "
               "resolved, calculation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (-1001234567890, 7, question, question, answered, "x", "[]", DAY + i, resolved, calculation))
    db.run("INSERT INTO feedback VALUES (1, 8, -1, ?)", (DAY,))
    db.run("INSERT INTO human_requests VALUES (2, 7, ?)", (DAY,))
    db.run("INSERT INTO answer_courses VALUES (2, 'nlp')")
    before = {table: db.one(f"SELECT COUNT(*) FROM {table}")[0] for table in
              ("answers", "feedback", "human_requests", "answer_courses")}
    db.close()

    state = BotState(records_url)  # opening runs 0004 (and what came after it)
    assert [v for (v,) in state.db.rows("SELECT version FROM schema_migrations ORDER BY version")] == [1, 2, 3, 4, 5]
    assert {table: state.db.one(f"SELECT COUNT(*) FROM {table}")[0] for table in before} == before
    kinds = [row[0] for row in state.db.rows("SELECT kind FROM answers ORDER BY id")]
    assert kinds == ["material", "unanswered", "calculation", "calculation", "calculation"]
    assert state.answer(2).question == "طرز تهیه قورمه سبزی چیه؟" and state.votes(1) == (0, 1)
    assert [w.question for w in state.waiting_for_human(0.0, "nlp")] == ["طرز تهیه قورمه سبزی چیه؟"]
    assert state.waiting_for_human(0.0, "default") == []  # course nlp's question is nlp's only
    # a TA's reply to the bot's answer (remembered before 0004) ends the wait
    state.remember_message(-1001234567890, 900, 2)
    assert state.staff_replied(-1001234567890, 900, 42, 901, at=DAY + 60) == 2
    assert state.waiting_for_human(0.0, "nlp") == [] and state.sources(0.0, 2 * DAY, "nlp") == [(DAY + 1, "human")]
    state.close()
