"""One worker process for real runs: requests queue for it, and one that overruns its time limit is killed.

A thread cannot be stopped from outside, and a CUDA kernel cannot be
interrupted, so the only sure time limit is a separate process.  It is a fresh
interpreter (``python -c "...worker.main()"``: CUDA does not survive ``fork``, and
``multiprocessing``'s spawn would re-run the caller's main script), started on
first use and restarted after a kill.  Jobs travel as pickles over two pipes.
Counting never comes here; it needs no device.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from cnn_demos import messages as msg

STARTUP_TIMEOUT_S = 120.0


class RunTimeout(TimeoutError):
    """The real run took longer than allowed; ``str()`` is Persian."""


class RunFailed(RuntimeError):
    """The job raised inside the worker; ``str()`` carries its message."""


def _serve(jobs: Connection, results: Connection) -> None:
    import cnn_demos.timing  # noqa: F401  (import torch once, before saying ready)

    results.send(("ready", None))
    while True:
        try:
            job = jobs.recv()
        except EOFError:  # the parent went away
            return
        if job is None:
            return
        fn, args, kwargs = job
        try:
            results.send(("ok", fn(*args, **kwargs)))
        except Exception as exc:  # noqa: BLE001 - reported to the caller, the worker stays up
            results.send(("error", f"{type(exc).__name__}: {exc}"))


class Worker:
    def __init__(self, timeout_s: float = 60.0) -> None:
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._send: Connection | None = None
        self._conn: Connection | None = None

    def _start(self) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        self._process = subprocess.Popen(
            [sys.executable, "-c", "from cnn_demos.worker import main; main()", str(to_child_r), str(from_child_w)],
            pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._send, self._conn = Connection(to_child_w, readable=False), Connection(from_child_r, writable=False)
        if not self._conn.poll(STARTUP_TIMEOUT_S):
            self._kill()
            raise RunTimeout(msg.TIMEOUT.format(seconds=msg.fa(int(STARTUP_TIMEOUT_S))))
        self._conn.recv()

    def _kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(5)
        for conn in (self._send, self._conn):
            if conn is not None:
                conn.close()
        self._process = self._send = self._conn = None

    def call(self, fn: Callable, *args: Any, timeout_s: float | None = None, **kwargs: Any) -> Any:
        """Run ``fn(*args, **kwargs)`` (a module-level function) in the worker; one call at a time."""
        timeout = self.timeout_s if timeout_s is None else timeout_s
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._kill()
                self._start()
            try:
                self._send.send((fn, args, kwargs))
                ready = self._conn.poll(timeout)
            except (BrokenPipeError, EOFError, OSError):
                ready = False
            if not ready:
                self._kill()
                raise RunTimeout(msg.TIMEOUT.format(seconds=msg.fa(int(timeout))))
            try:
                status, value = self._conn.recv()
            except EOFError:
                self._kill()
                raise RunFailed("worker process died") from None
        if status == "error":
            raise RunFailed(value)
        return value

    def close(self) -> None:
        with self._lock:
            if self._send is not None:
                try:
                    self._send.send(None)
                    self._process.wait(2)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            self._kill()


_default: Worker | None = None
_default_lock = threading.Lock()


def default_worker() -> Worker:
    """The process-wide worker the CLI and the bot share."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Worker()
            atexit.register(_default.close)
        return _default


def main() -> None:
    """The worker process's entry point: job and result pipes are passed as file descriptors."""
    _serve(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False))
