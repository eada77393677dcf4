"""``daneshyar db``: the bot's records database (``DANESHYAR_DATABASE_URL``): where it is, and moving it."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from daneshyar.application.settings import Settings
from daneshyar.cli.output import echo_json


def records_url(settings: Settings) -> str:
    """The configured records database: ``DANESHYAR_DATABASE_URL``, else ``bot.sqlite3`` in the home directory."""
    from bot.storage import sqlite_url

    return settings.database_url or sqlite_url(Path(settings.home) / "bot.sqlite3")


@click.group()
def db() -> None:
    """The bot's records (answers, votes, uploads, the digest): SQLite beside the base, or PostgreSQL."""


@db.command("migrate")
@click.option("--to", "to_url", required=True, metavar="URL",
              help="The database to copy into: postgresql://USER:PASSWORD@HOST:PORT/DB (empty, or new).")
@click.option("--from", "from_url", default=None, metavar="URL",
              help="The database to copy from (default: the configured one, bot.sqlite3 beside the base).")
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
@click.pass_context
def migrate(ctx: click.Context, to_url: str, from_url: str | None, json_: bool) -> None:
    """Copy every record into another database, ids kept, and check the counts on both sides.

    The copy is one transaction on the target: when a count differs nothing is kept.  Then point the
    workers at the target with DANESHYAR_DATABASE_URL.

    Example usage:

        daneshyar db migrate --to postgresql://daneshyar:PASSWORD@127.0.0.1:5432/daneshyar
    """
    from bot.state import BotState
    from bot.storage import engine_of, redact
    from bot.transfer import TargetNotEmpty, copy_records

    source_url = from_url or records_url(ctx.obj)
    try:
        engine_of(to_url)
        if source_url.startswith("sqlite:///") and not Path(source_url[len("sqlite:///"):]).exists():
            raise click.ClickException(f"no records to copy: {source_url} does not exist")
        source, target = BotState(source_url), BotState(to_url)
        copied = copy_records(source, target)
    except (ValueError, RuntimeError, TargetNotEmpty) as exc:
        raise click.ClickException(str(exc)) from None
    if json_:
        echo_json({"from": redact(source_url), "to": redact(to_url), "tables": [asdict(c) for c in copied]})
        return
    click.echo(f"{redact(source_url)} → {redact(to_url)}")
    for c in copied:
        click.echo(f"  {c.table:<16} {c.source:>8} → {c.target:>8}  ✓")


@db.command("stats")
@click.option("--topics/--no-topics", default=True, show_default=True,
              help="Group the most asked questions by meaning (loads the course's embedder).")
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
@click.pass_context
def stats(ctx: click.Context, topics: bool, json_: bool) -> None:
    """A course's analytics, as /stats reports them: questions a week, where their answers came from, the
    most asked topics (the course of --course; default: the home's own).

    Example usage:

        daneshyar --course dl1404 db stats --json
    """
    from bot.analytics import course_report
    from bot.digest import group_in
    from bot.state import BotState
    from daneshyar.application.courses import DEFAULT_COURSE
    from daneshyar.application.wiring import open_knowledge

    course = ctx.obj.course or DEFAULT_COURSE
    state = BotState(records_url(ctx.obj))
    kb = open_knowledge(ctx.obj, check_embedder=False) if topics else None
    report = course_report(state, course, group=(lambda questions: group_in(kb, questions)) if kb else None)
    state.close()
    if json_:
        echo_json({**asdict(report), "questions": report.questions,
                   "shares": {source: round(report.share(source), 4) for source in report.sources}})
        return
    click.echo(f"course {course}: {report.questions} questions in the last {len(report.weeks)} weeks "
               f"({', '.join(str(n) for n in report.weeks)}, oldest first)")
    for source, count in report.sources.items():
        click.echo(f"  {source:<12} {count:>6}  {100 * report.share(source):5.1f} %")
    for group in report.topics:
        click.echo(f"  ({group.count}) {group.question}")
