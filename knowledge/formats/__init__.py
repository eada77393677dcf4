"""Readers that turn one file's bytes into a :class:`~knowledge.types.Document`.

One module a format.  Each reader raises :class:`UnreadableFile` with a short
reason when it cannot make sense of the file; the caller skips and names it.
"""

from __future__ import annotations


class UnreadableFile(Exception):
    """A file that cannot be ingested; ``str(exc)`` is the reason shown to the maintainer."""
