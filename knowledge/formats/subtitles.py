"""Subtitles and transcripts of recorded lectures (SubRip ``.srt``, WebVTT ``.vtt``, YouTube's ``.sbv``).

A course often has its lectures on video, and their subtitles are the lectures' words.  Read as plain text,
a subtitle file is a cue number, a timing line and a line or two of text, over and over: a sentence is cut
into three-second pieces with timings between them, and a machine translation's cue often ends in the middle
of a word group («تا در ذهن ما تازه» / «شود و سپس …»).  Here the cues are joined back into running text, a
passage at a time, and each passage is headed by the time it starts at («04:31»), so a citation tells the
student where in the video to look.

Parsed with webvtt-py (its SRT and SBV readers too): it drops the cue settings, WebVTT's ``NOTE`` blocks and
the inline tags (``<c>``, ``<i>``, karaoke timings).  YouTube's automatic captions repeat the previous line at
the start of each cue (a roll-up): that line is read once.
"""

from __future__ import annotations

import html
import io
import re

from knowledge.formats import Format, Part, UnreadableFile, text
from knowledge.messages import SUBTITLES
from knowledge.types import Section

FORMAT = Format(
    {".srt": "srt", ".vtt": "vtt", ".sbv": "sbv"}, order=45, library="webvtt-py",
    note="lecture subtitles, joined into passages headed by their time", chat_name=SUBTITLES,
    summary=("the cues are joined into running text (a roll-up caption's repeated line once), a passage of about "
             "a paragraph at a time, each headed by the time it starts at («04:31»); timings, cue settings, "
             "notes and inline tags dropped. A `.txt` holding subtitles is read the same way."),
)

# A passage ends at the first cue boundary after this many characters where the speaker ends a sentence or
# pauses, and at any boundary after the most; the chunker (``knowledge/chunking.py``) packs about 700.
PASSAGE_CHARS = 500
PASSAGE_MAX = 850
PAUSE_SECONDS = 1.5
_SENTENCE_END = re.compile(r"[.!?؟…]\W*$")
_SBV_TIMING = re.compile(r"^\d+:\d{2}:\d{2}\.\d{3},\d+:\d{2}:\d{2}\.\d{3}\s*$", re.MULTILINE)
_SRT_START = re.compile(r"\A\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{3}\s*-->")
_FLASH_SECONDS = 0.1  # a roll-up caption shows its last line alone this long before the next cue


def looks_like(content: str) -> bool:
    """Whether text is subtitles whatever the file is called (a lecture's .srt saved or sent as .txt)."""
    return content.lstrip().startswith("WEBVTT") or bool(_SRT_START.match(content))


def _format_of(content: str) -> str:
    if content.lstrip().startswith("WEBVTT"):
        return "vtt"
    if _SBV_TIMING.search(content[:2000]):
        return "sbv"
    return "srt"


def _cues(content: str) -> list[tuple[float, float, str]]:
    """(start, end, text) of every cue with text, in order; seconds."""
    import webvtt
    from webvtt.errors import MalformedFileError

    kind = _format_of(content)
    try:
        captions = webvtt.from_buffer(io.StringIO(content), format=kind)
    except (MalformedFileError, ValueError, IndexError) as exc:
        raise UnreadableFile("bad_subtitles", detail=str(exc) or type(exc).__name__) from None
    cues, before = [], []
    for caption in captions:
        lines = [" ".join(html.unescape(line).split()) for line in caption.text.split("\n")]
        lines = [line for line in lines if line]
        begin, end = _seconds(caption.start), _seconds(caption.end)
        new = _after_repeat(before, lines, end - begin)
        if lines:
            before = lines
        if new:
            cues.append((begin, end, " ".join(new)))
    return cues


def _after_repeat(before: list[str], lines: list[str], duration: float) -> list[str]:
    """A roll-up caption's new lines: YouTube's automatic captions start each cue with the line the previous
    cue ended with, and show it alone for a moment in between.  A line said twice is otherwise kept."""
    for size in range(min(len(before), len(lines)), 0, -1):
        if before[-size:] == lines[:size] and (size < len(lines) or duration < _FLASH_SECONDS):
            return lines[size:]
    return lines


def _seconds(timestamp: str) -> float:
    hours, minutes, seconds = timestamp.replace(",", ".").split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _clock(seconds: float) -> str:
    """«04:31», or «1:02:09» past the first hour."""
    whole = int(seconds)
    hours, minutes, secs = whole // 3600, whole // 60 % 60, whole % 60
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def passages(cues: list[tuple[float, float, str]]) -> list[Section]:
    """The cues as running text, a section a passage, headed by the time the passage starts at."""
    sections: list[Section] = []
    start, words, last_end = 0.0, [], 0.0

    def close() -> None:
        sections.append(Section((_clock(start),), " ".join(words)))
        words.clear()

    for begin, end, cue in cues:
        new = cue.split()
        if words and _size(words) >= PASSAGE_CHARS and begin - last_end >= PAUSE_SECONDS:
            close()  # the speaker paused after a paragraph's worth
        if not words:
            start = begin
        words += new
        last_end = max(last_end, end)
        if words and (_size(words) >= PASSAGE_MAX or (_size(words) >= PASSAGE_CHARS
                                                     and _SENTENCE_END.search(words[-1]))):
            close()
    if words:
        close()
    return sections


def _size(words: list[str]) -> int:
    return sum(len(w) + 1 for w in words)


def read(data: bytes) -> list[Part]:
    return parts(text.decode(data))


def parts(content: str) -> list[Part]:
    """Decoded subtitles → the one part of the file."""
    return [Part("", tuple(passages(_cues(content))))]
