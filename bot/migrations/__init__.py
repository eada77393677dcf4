"""The bot's schema as numbered plain-SQL files (``0001_records.sql``, ...), run in order on either engine.

``schema_migrations`` remembers which ran.  A file is split at ``;`` and ``{serial}`` is the only word
the engines spell differently (:class:`bot.storage.Dialect`).  A migration runs in one transaction,
after the dialect's schema lock: two workers starting at once on one PostgreSQL migrate one after the
other, and the second finds nothing left to do.
"""

from __future__ import annotations

import time
from importlib import resources

from bot.storage import Database

# Columns added after the first release: a file from then gains them when missing (before versioning,
# columns were added this way; 0001 creates them on a new database).
LATER_COLUMNS = {
    "answers": {"resolved": "TEXT", "calculation": "TEXT"},
    "uploads": {"file_id": "TEXT", "progress_id": "INTEGER"},
}


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) of every migration file, oldest first."""
    files = [f for f in resources.files(__package__).iterdir() if f.name.endswith(".sql")]
    return sorted((int(f.name.split("_", 1)[0]), f.read_text("utf-8")) for f in files)


def statements(sql: str, serial: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in sql.replace("{serial}", serial).splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def migrate(db: Database) -> list[int]:
    """Run the migrations this database has not run; returns their versions."""
    ran = []
    with db.transaction() as session:
        session.run(db.dialect.schema_lock)
        session.run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                    "applied_at DOUBLE PRECISION NOT NULL)")
        done = {row[0] for row in session.rows("SELECT version FROM schema_migrations")}
        for version, sql in migrations():
            if version in done:
                continue
            for statement in statements(sql, db.dialect.serial):
                session.run(statement)
            if version == 1:
                _add_later_columns(session)
            session.run("INSERT INTO schema_migrations VALUES (?, ?)", (version, time.time()))
            ran.append(version)
    return ran


def _add_later_columns(session) -> None:
    for table, columns in LATER_COLUMNS.items():
        present = set(session.columns(table))
        for name, definition in columns.items():
            if name not in present:
                session.run(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")

