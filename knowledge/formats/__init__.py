"""Readers that turn one file's bytes into the parts a :class:`~knowledge.types.Document` is made of.

One module a format, each with ``read(data: bytes) -> list[Part]``.  Most files
give one part; a Telegram chat export gives one part per question thread.  A
reader raises :class:`UnreadableFile` with a short reason when it cannot make
sense of the file; the caller skips and names it (and a file whose parts have
no text at all, whatever its format).
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.types import Section


class UnreadableFile(Exception):
    """A file that cannot be ingested; ``str(exc)`` is the reason shown to the maintainer."""


@dataclass(frozen=True)
class Part:
    title: str                      # "" = name it after the file
    sections: tuple[Section, ...]
    key: str = ""                   # tells the parts of one file apart (a thread's first message id)
