"""Files maintainers send: saved before anything else, and watched while they are added.

A received file is written to ``uploads/`` (atomically, so a crash leaves the
whole file or none) and journaled in the bot's records before it is read, so a
restart can finish it and tell the sender.  :class:`UploadWatch` turns the
knowledge base's :class:`~knowledge.types.Step` reports into the text of one
progress message, edited in place at most every few seconds.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

from bot import formatting as fmt
from bot import messages as msg
from knowledge.types import COMPLETE, EMBEDDING, SEARCHABLE, STORED, Step

EDIT_EVERY_S = 3.0  # Telegram allows about one edit a second per chat; every few seconds is plenty to watch


def save_upload(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/NAME`` (a safe version of the sent name), replacing an earlier file of that name."""
    safe = re.sub(r"[^\w.\-]+", "_", Path(name).name).strip("._") or "upload.txt"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe
    tmp = folder / f".{safe}.{os.getpid()}.part"
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


class UploadWatch:
    """The progress message of one upload: a line a step, with an estimate while embedding.

    ``send`` gets the new text: at once when the new text becomes searchable, otherwise at most every
    ``every_s`` seconds (the final report replaces the message when the update is complete).
    """

    def __init__(self, name: str, send: Callable[[str], None] | None = None, started: float | None = None,
                 clock: Callable[[], float] = time.time, every_s: float = EDIT_EVERY_S) -> None:
        self.name = name
        self.send = send or (lambda text: None)
        self.clock = clock
        self.every_s = every_s
        self.started = clock() if started is None else started  # when the file was received
        self.passages: int | None = None
        self.searchable_s: float | None = None  # seconds after receiving: found by words
        self.complete_s: float | None = None    # ... and by meaning
        self.embedding: tuple[int, int] | None = None
        self._embedding_since: tuple[float, int] | None = None
        self._sent_at = self.started

    def __call__(self, step: Step) -> None:
        now = self.clock()
        if step.stage == STORED:
            self.passages = step.done
        elif step.stage == SEARCHABLE:
            self.searchable_s = now - self.started
        elif step.stage == EMBEDDING:
            self.embedding = (step.done, step.total)
            if self._embedding_since is None:
                self._embedding_since = (now, step.done)
        elif step.stage == COMPLETE:
            self.complete_s = now - self.started
        if step.stage == SEARCHABLE or now - self._sent_at >= self.every_s:
            self._sent_at = now
            self.send(self.text())

    def eta_s(self) -> float | None:
        """Seconds left embedding, from the rate so far (None before two reports)."""
        if self.embedding is None or self._embedding_since is None:
            return None
        since, first = self._embedding_since
        done, total = self.embedding
        elapsed = self.clock() - since
        if done <= first or elapsed <= 0 or done >= total:
            return None
        return (total - done) * elapsed / (done - first)

    def text(self) -> str:
        lines = [msg.RECEIVED.format(name=fmt.esc(self.name))]
        if self.passages is None:
            return "\n".join([*lines, msg.STEP_READING])
        lines.append(msg.STEP_STORED.format(passages=self.passages))
        if self.searchable_s is not None:
            lines.append(msg.STEP_SEARCHABLE.format(seconds=_seconds(self.searchable_s)))
        if self.complete_s is not None:
            lines.append(msg.STEP_DENSE_DONE.format(seconds=_seconds(self.complete_s)))
        elif self.embedding and self.embedding[1]:
            eta = self.eta_s()
            lines.append(msg.STEP_EMBEDDING.format(done=self.embedding[0], total=self.embedding[1])
                         + (msg.STEP_ETA.format(seconds=_seconds(eta)) if eta is not None else ""))
        return "\n".join(lines)

    def timing(self) -> str:
        """The report's line on when the new text became searchable ("" when nothing new was indexed)."""
        if self.complete_s is None or not self.passages:
            return ""
        if self.searchable_s is not None:
            return msg.SEARCHABLE_AFTER.format(lexical=_seconds(self.searchable_s), dense=_seconds(self.complete_s))
        return msg.COMPLETE_AFTER.format(dense=_seconds(self.complete_s))


def _seconds(value: float) -> str:
    return f"{value:.1f}" if value < 10 else str(round(value))
