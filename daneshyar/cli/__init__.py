"""The ``daneshyar`` command, a front end: :mod:`~daneshyar.cli.front` (the group, its options and
settings), :mod:`~daneshyar.cli.main` (the knowledge base's commands, ``chat`` and ``bot``),
:mod:`~daneshyar.cli.calc` (``daneshyar calc``), :mod:`~daneshyar.cli.db`, each imported on first use;
:mod:`~daneshyar.cli.output` (``--json``)."""

from daneshyar.cli.front import cli

__all__ = ["cli"]
