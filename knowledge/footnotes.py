"""A handout page's footnotes put where they belong: an English term beside the Persian word it glosses.

Persian reports and theses written in Word give each technical term's English name in a footnote: the body says
«صحت ۲», the page's foot says «2 Accuracy».  In the text layer the two are a page apart, so a passage about
«صحت» never holds "accuracy" (an English question cannot find it), the marker «۲» sits in every quote as a
stray number, and the foot's lines run into the passage as text of their own.  Word draws a rule of spaces
above its footnotes; what follows it, line by line numbered, are the notes.

:func:`split_notes` takes the notes off a page's lines; :func:`placed` writes each English note in brackets where
its marker stands («صحت (Accuracy)»), drops the markers of the others and leaves those notes (explanations in
Persian) as a paragraph of their own at the page's end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_RULE = re.compile(r"^[ \t\u00a0]{20,}$")  # the rule of spaces Word draws above the footnotes
_NOTE = re.compile(r"^\s*([0-9۰-۹]{1,3})\s+(\S.*?)\s*$")
_PERSIAN = "\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff"
_HAS_PERSIAN = re.compile(f"[{_PERSIAN}]")
MAX_TERM_WORDS = 8  # a note this short in Latin letters is a term's English name, not an explanation


def split_notes(lines: Sequence[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """(the page's lines above its footnote rule, its notes as (number, text)); a page without the rule, or whose
    rule is not followed by a numbered line, is all body."""
    for at in range(len(lines) - 1, -1, -1):
        if not _RULE.match(lines[at]):
            continue
        below = [ln for ln in lines[at + 1:] if ln.strip()]
        if not below or not _NOTE.match(below[0]):
            return list(lines), []
        notes: list[tuple[int, str]] = []
        for line in below:
            numbered = _NOTE.match(line)
            if numbered and (not notes or int(numbered.group(1)) > notes[-1][0]):
                notes.append((int(numbered.group(1)), numbered.group(2)))
            else:  # a long note goes on below its first line
                notes[-1] = (notes[-1][0], f"{notes[-1][1]} {line.strip()}")
        return list(lines[:at]), notes
    return list(lines), []


def is_term(note: str) -> bool:
    """Whether a footnote is a term's English name (put beside its word) rather than an explanation."""
    return not _HAS_PERSIAN.search(note) and len(note.split()) <= MAX_TERM_WORDS


def _marker(number: int) -> re.Pattern[str]:
    """The note's number in the body: after a word (a space between or not) or a closing mark, and not a digit of
    a longer number, a decimal or a date («2012», «05/7»)."""
    digits = str(number)
    persian = digits.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    return re.compile(rf"(?:(?<=[{_PERSIAN}A-Za-z.)\]]) ?)(?:{digits}|{persian})(?![0-9۰-۹/.٫,])")


def placed(body: str, notes: Sequence[tuple[int, str]]) -> str:
    """``body`` with each note placed at its marker, in order down the page: an English term in brackets, any other
    note's marker dropped and the note kept as the page's last paragraph.  A note whose marker is not found
    is kept at the end too."""
    kept: list[str] = []
    position = 0
    for number, note in notes:
        found = _marker(number).search(body, position)
        term = is_term(note)
        if found is None:
            kept.append(note)
            continue
        inserted = f" ({note})" if term else ""
        body = body[: found.start()] + inserted + body[found.end():]
        position = found.start() + len(inserted)
        if not term:
            kept.append(note)
    return "\n\n".join([body.rstrip(), *kept]) if kept else body
