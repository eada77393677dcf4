"""``daneshyar db migrate --to postgresql://...``: the records of one database copied into another, ids kept
(a reply to an old answer still finds it), every row counted on both sides before the copy is committed.

What is copied is what a deploy must not lose (:data:`RECORDS`); what workers keep while they run
(updates being handled, heartbeats, leases, rate-limit windows) starts afresh.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.state import BotState

# the records, in an order that puts answers before what refers to them
RECORDS = ("answers", "feedback", "calculations", "answer_messages", "meta", "uploads",
           "courses", "course_admins", "course_bindings", "course_members", "private_courses", "answer_courses",
           "upload_places", "human_requests", "question_messages", "staff_replies", "verified_offers",
           "answer_pairs", "retired_answers")
NUMBERED = ("answers", "calculations", "uploads", "verified_offers")  # their id column is the database's to number
BATCH = 1000


class TargetNotEmpty(RuntimeError):
    """The target already holds records: copying into it could mix two bots' ids."""


@dataclass(frozen=True)
class Copied:
    table: str
    source: int
    target: int


def copy_records(source: BotState, target: BotState) -> list[Copied]:
    """Copy every record table, in one transaction on the target; raises (and the target keeps nothing)
    when the target was not empty or a count differs after the copy."""
    with source.db.transaction() as reading, target.db.transaction() as writing:
        for table in RECORDS:
            if writing.one(f"SELECT COUNT(*) FROM {table}")[0]:
                raise TargetNotEmpty(f"{target.db.url} already has records ({table}): copy into an empty database")
        copied = []
        for table in RECORDS:
            columns = [c for c in writing.columns(table) if c in set(reading.columns(table))]
            names = ", ".join(columns)
            rows = reading.rows(f"SELECT {names} FROM {table}")
            marks = ", ".join("?" * len(columns))
            for start in range(0, len(rows), BATCH):
                writing.many(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[start:start + BATCH])
            copied.append(Copied(table, len(rows), writing.one(f"SELECT COUNT(*) FROM {table}")[0]))
        if target.db.dialect.name == "postgresql":  # new ids continue after the copied ones
            for table in NUMBERED:
                writing.run(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")
        wrong = [c for c in copied if c.source != c.target]
        if wrong:
            raise RuntimeError("counts differ after the copy, nothing kept: " +
                               ", ".join(f"{c.table} {c.source} → {c.target}" for c in wrong))
    return copied
