"""The ``daneshyar`` command, a front end: :mod:`~daneshyar.cli.main` (the group, the knowledge base's
commands, ``chat`` and ``bot``), :mod:`~daneshyar.cli.calc` (``daneshyar calc``, imported on first use),
:mod:`~daneshyar.cli.output` (``--json``)."""

from daneshyar.cli.front import cli

__all__ = ["cli"]
