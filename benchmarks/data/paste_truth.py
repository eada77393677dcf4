"""What the pasted-code truth scripts share (``pasted_code_tenth_truth.py`` … ``…_thirteenth_truth.py``): reading a
set, checking that an interpreter can import a framework, cutting a paste's cell, and the builtins a paste runs
with.  Standard library only: the child side runs in a Keras venv that may not have the project installed.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path


def load(path: Path) -> list[dict]:
    """A JSON-lines set's cases."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def usable(python: str, module: str) -> bool:
    """Whether ``python`` exists and imports ``module`` (Keras on its torch backend)."""
    if not python or not Path(python).exists():
        return False
    env = dict(os.environ, KERAS_BACKEND="torch")
    return subprocess.run([python, "-c", f"import {module}"], env=env, capture_output=True).returncode == 0


def drop_lines(code: str, start: str, end: str) -> str:
    """``code`` without the lines from the one starting with ``start`` up to the next starting with ``end``."""
    lines = code.split("\n")
    a = next(i for i, line in enumerate(lines) if line.startswith(start))
    b = next(i for i, line in enumerate(lines) if i > a and line.startswith(end))
    return "\n".join(lines[:a] + lines[b:])


def paste_builtins(mapping):
    """builtins for the pasted code whose import sees `mapping` (Keras' own imports never do)"""
    import builtins
    if not mapping:
        return builtins.__dict__
    real = builtins.__import__

    def imp(name, globals=None, locals=None, fromlist=(), level=0):
        if name in mapping:
            return mapping[name] if fromlist else mapping[name.split(".")[0]]
        return real(name, globals, locals, fromlist, level)

    return dict(builtins.__dict__, __import__=imp)
