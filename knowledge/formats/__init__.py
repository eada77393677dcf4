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
    """A file that cannot be ingested: ``code`` is stable (knowledge.messages.SKIP_REASONS), ``str(exc)``
    the English reason for the CLI, :meth:`persian` the sentence for the chat."""

    def __init__(self, code: str, **params: object) -> None:
        from knowledge.messages import skip_reason

        self.code, self.params = code, params
        super().__init__(skip_reason(code, **params))

    def persian(self) -> str:
        from knowledge.messages import skip_reason

        return skip_reason(self.code, persian=True, **self.params)


@dataclass(frozen=True)
class Part:
    title: str                      # "" = name it after the file
    sections: tuple[Section, ...]
    key: str = ""                   # tells the parts of one file apart (a thread's first message id)
