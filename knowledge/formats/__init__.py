"""Readers that turn one file's bytes into the parts a :class:`~knowledge.types.Document` is made of.

One module a format, each with ``read(data: bytes) -> list[Part]`` and a
``FORMAT`` (:class:`Format`) naming its extensions.  Most files give one part; a
Telegram chat export gives one part per question thread.  A reader raises
:class:`UnreadableFile` with a short reason when it cannot make sense of the file;
the caller skips and names it (and a file whose parts have no text at all,
whatever its format).  :mod:`knowledge.formats.registry` finds the readers, so a
new format is its module and its test.
"""

from __future__ import annotations

from collections.abc import Mapping
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


@dataclass(frozen=True)
class Format:
    """What one reader module reads, declared beside its ``read`` so that no other list has to be kept.

    Every list of supported formats people see (``kb add --help``, the bot's /help, the reason an
    unsupported file is skipped, the table of docs/formats.md) is made from these by the registry.
    """

    extensions: Mapping[str, str]   # ".md" → "md": the name stored as Document.format
    order: int                      # its place in the lists shown to people, most used first
    library: str                    # what reads it (docs/formats.md)
    summary: str                    # what becomes of a file (docs/formats.md)
    note: str = ""                  # English, after its extensions in `kb add --help`
    chat_name: str = ""             # how the bot's /help names it; "" = its stored names
    checked: bool = False           # extracted by a library that can garble text: knowledge.extraction checks it

    @property
    def names(self) -> tuple[str, ...]:
        """The stored names, each once, in the order of the extensions."""
        return tuple(dict.fromkeys(self.extensions.values()))
