"""``daneshyar db migrate``: an SQLite home's records copied into PostgreSQL and back, nothing lost, counts
checked, ids kept, the password never printed."""

from __future__ import annotations

import json

from click.testing import CliRunner

from bot.state import BotState
from bot.transfer import RECORDS
from daneshyar.cli import cli


def fill(state: BotState) -> None:
    for i in range(1500):  # more than one batch
        answer = state.record_answer(-1001234567890 - i % 3, 7 + i % 5, f"پرسش {i} درباره‌ی لنت؟", i % 4 != 0,
                                     f"<b>پاسخ {i}</b>", [f"c{i}", "c0"], resolved=f"لنت {i}", at=1000.0 + i,
                                     calculation="shape 28 5" if i % 10 == 0 else "")
        state.remember_message(-1001234567890 - i % 3, 5000 + i, answer)
        if i % 7 == 0:
            state.vote(answer, 8, 1 if i % 2 else -1, at=2000.0 + i)
    state.record_calculation("shape", True)
    state.set_meta("digest_at", "12345.5")
    upload = state.start_upload(42, 42, 77, "", "bn2.pdf", "file-1")
    state.saved_upload(upload.id, "/home/uploads/bn2.pdf")
    state.start_upload(42, 42, 78, "/home/uploads/x.md", "x.md")
    state.finish_upload(upload.id)


def dump(state: BotState) -> dict[str, list[tuple]]:
    with state.db.transaction() as session:
        return {table: sorted(session.rows(f"SELECT {', '.join(sorted(session.columns(table)))} FROM {table}"),
                              key=repr) for table in RECORDS}


def migrate(*args: str):
    return CliRunner().invoke(cli, ["db", "migrate", *args])


def test_records_round_trip_through_postgresql(tmp_path, postgres_cluster, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("DANESHYAR_HOME", str(home))
    original = BotState(home / "bot.sqlite3")
    fill(original)
    before = dump(original)
    original.close()
    to = postgres_cluster.create_database("migrated")
    password = to.split(":")[2].split("@")[0]

    result = migrate("--to", to, "--json")
    assert result.exit_code == 0, result.output
    assert password not in result.output
    report = json.loads(result.output)
    counts = {t["table"]: (t["source"], t["target"]) for t in report["tables"]}
    assert counts["answers"] == (1500, 1500) and counts["answer_messages"] == (1500, 1500)
    assert counts["feedback"] == (215, 215) and counts["uploads"] == (2, 2) and counts["meta"] == (1, 1)

    target = BotState(to)
    assert dump(target) == before  # every row, ids and all
    assert target.record_answer(1, 1, "تازه", True, "x", []) == 1501  # new ids go on after the copied ones
    assert target.answer_in_message(-1001234567890, 5000).question == "پرسش 0 درباره‌ی لنت؟"
    target.close()

    again = migrate("--to", to)  # the target has records now: refused, and nothing changes
    assert again.exit_code != 0 and "already has records" in again.output and password not in again.output

    back = tmp_path / "back.sqlite3"
    result = migrate("--from", to, "--to", f"sqlite:///{back}")
    assert result.exit_code == 0, result.output
    returned = dump(BotState(back))
    assert len(returned["answers"]) == 1501
    returned["answers"] = [row for row in returned["answers"] if "تازه" not in row]
    assert returned == before


def test_nothing_to_copy_is_said_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("DANESHYAR_HOME", str(tmp_path / "empty"))
    result = migrate("--to", "postgresql://u:p@127.0.0.1:1/x")
    assert result.exit_code != 0 and "no records to copy" in result.output and "Traceback" not in result.output
    result = migrate("--from", f"sqlite:///{tmp_path / 'x.sqlite3'}", "--to", "mysql://u:secret@h/db")
    assert result.exit_code != 0 and "secret" not in result.output
