"""nginx (Debian's package) in front of the bot's workers, for tests: the documented example config
(docs/examples/nginx-daneshyar.conf) with its listen line on a loopback port, plain HTTP, and the workers'
ports put in, in a temp directory removed on stop."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from helpers.postgres import free_port

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "nginx-daneshyar.conf"


def binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


def render(example: str, port: int, workers: list[int]) -> str:
    """The example as the test runs it: the same upstream and location, on ``port`` without TLS."""
    example_ports = (8001, 8002)
    unused = [f"127.0.0.1:{p}" for p in example_ports[len(workers):]]  # fewer workers: their lines go
    lines = [line for line in example.splitlines() if "ssl_certificate" not in line
             and not any(f"server {u}" in line for u in unused)]
    text = "\n".join(lines).replace("listen 8443 ssl;", f"listen 127.0.0.1:{port};")
    extra = "".join(f"    server 127.0.0.1:{w} max_fails=1 fail_timeout=10s;\n" for w in workers[2:])
    text = text.replace("upstream daneshyar_workers {\n", "upstream daneshyar_workers {\n" + extra)
    for example_port, worker in zip(example_ports, workers):
        text = text.replace(f"127.0.0.1:{example_port}", f"127.0.0.1:{worker}")
    return text


class Nginx:
    def __init__(self, workers: list[int]) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="daneshyar-nginx-"))
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        (self.dir / "daneshyar.conf").write_text(render(EXAMPLE.read_text("utf-8"), self.port, workers))
        d = self.dir
        (d / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 256; }}
http {{
    log_format upstream '$status $upstream_addr $upstream_status';
    access_log {d}/access.log upstream;
    client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
    include {d}/daneshyar.conf;
}}
""")
        self.process: subprocess.Popen | None = None

    def start(self) -> Nginx:
        self.process = subprocess.Popen([binary(), "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
                                         "-e", str(self.dir / "error.log")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while not (self.dir / "nginx.pid").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {self.process.stderr.read().decode()}")
            time.sleep(0.05)
        return self

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def upstreams(self) -> list[str]:
        """The worker (host:port) each proxied request went to, in order (retries show as "a, b")."""
        log = self.dir / "access.log"
        return [line.split(" ", 1)[1] for line in log.read_text().splitlines()] if log.exists() else []

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


async def listening(ports: list[int], timeout: float = 300.0) -> None:
    """Wait until every worker accepts connections: python-telegram-bot calls setWebhook before its server
    listens, and nginx would count a refused connection as a failed worker for ``fail_timeout``."""
    import asyncio

    deadline = time.monotonic() + timeout
    for port in ports:
        while True:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no worker listening on port {port}") from None
                await asyncio.sleep(0.2)
