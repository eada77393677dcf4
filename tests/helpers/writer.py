"""A real `daneshyar kb add` in a subprocess, for the tests that kill a writer midway."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def start_writer(home: Path, folder: Path) -> subprocess.Popen:
    env = {**os.environ, "DANESHYAR_NO_PROGRESS": "1"}
    return subprocess.Popen([sys.executable, "-m", "daneshyar", "--kb", str(home), "kb", "add", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
