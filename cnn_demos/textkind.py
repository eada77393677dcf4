"""What kind of text a student sent: the layer notation, Python code, or ``print(net)`` output.

Plain regular expressions, so that routing a chat message never imports torch.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"^\s*\([\w.-]+\):\s*(\d+\s*x\s*)?\w+\(", re.MULTILINE)


_INPUT_LINE = re.compile(r"^\s*(input|in)\s+[\dx×*,() ]+(\s+(cf|cl|channels_first|channels_last|nchw|nhwc|chw|hwc))?\s*$",
                         re.IGNORECASE)


def split_input_line(text: str) -> tuple[str, str]:
    """A spec-language ``input 3x32x32`` line the student (or the bot) put before the code."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if _INPUT_LINE.match(line):
            return line.strip(), "\n".join(lines[:index] + [""] + lines[index + 1:])  # keep line numbers
    return "", text


def looks_printed(text: str) -> bool:
    """At least two ``(name): Layer(`` lines and no Python statements."""
    if re.search(r"^\s*(import |from |class |def |\w+\s*=)", text, re.MULTILINE):
        return False
    return len(_LINE.findall(text)) >= 2


def surely_code(text: str) -> bool:
    """Statements no layer notation has: imports, class/def, ``name = …``, ``model.add(``."""
    return bool(re.search(r"^\s*(import \w|from [\w.]+ import |class \w+\s*[(:]|def \w+\(|[\w.]+\s*=[^=]|"
                          r"[\w.]+\.add\(|(while|for|if|with)\s.*:\s*$)", text, re.MULTILINE))


def looks_like_code(text: str) -> bool:
    """Python code (or ``print(net)`` output) rather than the compact layer notation."""
    return bool(re.search(r"^\s*(import |from \S+ import |class \w+\(|def \w+\(|\w+\s*=\s*\S)", text, re.MULTILINE)
                or re.search(r"\.add\(|Sequential\(|nn\.\w+\(|layers\.\w+\(", text))


__all__ = ["looks_like_code", "looks_printed", "split_input_line", "surely_code"]
