"""``daneshyar kb verified``: a course's verified answers (``knowledge/verified.py``) as JSON Lines.

``export`` writes every pair, retired ones too (what a correction replaced travels with it); ``import`` reads a
file whole before writing anything, so a broken line imports nothing and loses nothing; ``list`` shows them.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import click

from daneshyar.application.courses import CourseNameError, course_name
from daneshyar.application.errors import KNOWLEDGE_ERRORS
from daneshyar.application.wiring import open_knowledge
from daneshyar.cli.output import echo_json
from knowledge import Busy, KnowledgeBase
from knowledge.verified import ACTIVE, VerifiedFormatError, parse_lines

_COURSE = click.option("--course", "course", default=None, metavar="NAME",
                       help="The course (default: the one given before `kb`, else the home's own).")


def _open(ctx: click.Context, course: str | None) -> KnowledgeBase:
    try:
        return open_knowledge(ctx.obj, course=course_name(course) if course else None)
    except CourseNameError as exc:
        raise click.ClickException(str(exc)) from None
    except KNOWLEDGE_ERRORS as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
def verified() -> None:
    """A course's verified answers: the pairs its TAs' answers became (list, export, import).

    Example usage:

        daneshyar kb verified export --course dl1404 > dl1404-verified.jsonl
        daneshyar kb verified import --course dl1405 dl1404-verified.jsonl
    """


@verified.command("list")
@_COURSE
@click.option("--all", "everything", is_flag=True, help="Retired pairs too.")
@click.option("--json", "json_", is_flag=True, help="Print JSON (one object per pair).")
@click.pass_context
def verified_list(ctx: click.Context, course: str | None, everything: bool, json_: bool) -> None:
    """The verified pairs, oldest first (active ones unless --all).

    Example usage:

        daneshyar kb verified list --course dl1404 --json
    """
    pairs = _open(ctx, course).verified.pairs(None if everything else ACTIVE)
    if json_:
        for pair in pairs:
            echo_json({**asdict(pair), "phrasings": list(pair.phrasings), "date": pair.date})
        return
    for pair in pairs:
        answer = pair.answer if len(pair.answer) <= 60 else pair.answer[:60] + "…"
        click.echo(f"{pair.id}  {pair.status:<7} {pair.role:<5} {pair.date}  {pair.question}  →  {answer}")
    click.echo(f"{len(pairs)} pairs")


@verified.command("export")
@_COURSE
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file to write (default: standard output).")
@click.pass_context
def verified_export(ctx: click.Context, course: str | None, output: Path | None) -> None:
    """Every pair, retired ones too, as JSON Lines.

    Example usage:

        daneshyar kb verified export --course dl1404 -o dl1404-verified.jsonl
    """
    lines = "".join(pair.to_json() + "\n" for pair in _open(ctx, course).verified.pairs())
    if output is None:
        click.echo(lines, nl=False)
    else:
        output.write_text(lines, "utf-8")


@verified.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@_COURSE
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
@click.pass_context
def verified_import(ctx: click.Context, file: Path, course: str | None, json_: bool) -> None:
    """Add the pairs of a JSON Lines FILE ('-': standard input) to the course; a pair whose id is known
    replaces it.  A line that is not a pair stops the import before anything is written.

    Example usage:

        daneshyar kb verified import --course dl1405 dl1404-verified.jsonl
    """
    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text("utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{file}: not UTF-8 text; nothing imported") from None
    base = _open(ctx, course)
    try:
        pairs = parse_lines(text.splitlines(), base.config.course)
    except VerifiedFormatError as exc:
        raise click.ClickException(f"{file}: {exc}; nothing imported") from None
    try:
        report = base.import_verified(pairs)
    except Busy as exc:
        raise click.ClickException(str(exc)) from None
    if json_:
        echo_json({"course": base.config.course, **asdict(report)})
    else:
        click.echo(f"{base.config.course}: added {report.added}, updated {report.updated}, "
                   f"unchanged {report.unchanged}")


__all__ = ["verified"]
