"""Where each course's knowledge base lives: one home directory, several courses.

A course is a name and a knowledge base of its own (its own ``kb.sqlite3`` and index generations).  The
default course is the home directory's own base, exactly where a single-course install always kept it,
so an existing home *is* the default course: nothing moves, nothing is lost, and every command that
names no course works on it as before.  Another course lives in ``courses/NAME/`` under the home.
The bot's records (``bot.sqlite3``) stay in the home: one bot serves every course.
"""

from __future__ import annotations

import re
from pathlib import Path

DEFAULT_COURSE = "default"
COURSES_FOLDER = "courses"
# Letters of any script, digits, '_' and '-': a folder name everywhere, and short enough for a button's
# callback data (64 bytes: «course:» and 24 Persian letters of two bytes each fit).
_NAME = re.compile(r"[^\W_][\w-]{0,23}")


class CourseNameError(ValueError):
    """A course name that cannot be a folder or a button's data."""


def course_name(raw: str) -> str:
    """``raw`` as a course name (Latin letters lower-cased: «DL» and «dl» are one course), or CourseNameError."""
    name = (raw or "").strip().lower()
    if not _NAME.fullmatch(name):
        raise CourseNameError(f"a course name is 1-24 letters, digits, '_' or '-', starting with a letter or "
                              f"digit, not {raw!r}")
    return name


def course_home(home: Path, name: str) -> Path:
    """The directory of course ``name``'s knowledge base under ``home``."""
    name = course_name(name)
    return Path(home) if name == DEFAULT_COURSE else Path(home) / COURSES_FOLDER / name


def course_homes(home: Path) -> dict[str, Path]:
    """Every course that has a knowledge base under ``home``, the default first, the others by name."""
    found = {DEFAULT_COURSE: Path(home)}
    folder = Path(home) / COURSES_FOLDER
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_dir() and _NAME.fullmatch(path.name) and (path / "kb.sqlite3").exists():
                found[path.name] = path
    return found


__all__ = ["COURSES_FOLDER", "DEFAULT_COURSE", "CourseNameError", "course_home", "course_homes", "course_name"]
