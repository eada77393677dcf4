"""A client for any OpenAI-compatible chat server (Ollama, llama.cpp's server, vLLM, a hosted API).

Plain ``httpx`` (installed with python-telegram-bot): one POST to ``{url}/chat/completions``, either
whole (``stream: false``) or as server-sent events (``stream: true``, ``data: {...}`` lines ending with
``data: [DONE]``).  Every way it can fail — no answer in time, an HTTP error, a body that is not what
the protocol promises — becomes one :class:`ModelError` with a stable ``reason``, and the caller falls
back to the extractive answer.  The API key is sent, never logged or printed.

Two limits, because a student waits for both: ``timeout_s`` is httpx's, per connect and per read, so a
model that trickles a piece every few seconds never trips it (one kept a student waiting 108 s);
``deadline_s`` bounds the whole call.  The blocking methods run httpx's async client on an event loop of
their own (:class:`asyncio.Runner`), because a cancelled async read is the one way httpx offers to stop a
stream between two pieces: at the deadline the read is cancelled and the connection closed, so the model
server sees the client go and nothing is left reading in a thread.  The price is a client and a
connection per call: about 8 ms more than a kept sync client against a local server (median of 30, 2-core
CPU), plus a TLS handshake to a hosted API; against seconds of writing.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

# Why a model call gave nothing usable (``ask --json`` "fallback", the bot's log).
TIMEOUT, HTTP_ERROR, UNREACHABLE, MALFORMED, EMPTY = "timeout", "http_error", "unreachable", "malformed", "empty"
DEADLINE = "deadline"  # the whole call ran past ``deadline_s`` (``timeout`` is one connect or read)


class ModelError(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class ModelConfig:
    url: str                                   # the OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1
    model: str
    api_key: str = field(default="", repr=False)
    timeout_s: float = 20.0                    # per connect or read: a server that says nothing this long
    max_tokens: int = 400                      # the longest answer asked for
    deadline_s: float = 30.0                   # the whole call, first byte to last, however the pieces trickle


class ChatModel:
    """Blocking calls (the bot runs them in their own threads), each within the deadline.

    ``deadline`` (a :func:`time.monotonic` time) lets a caller count time already spent waiting, e.g. in a
    queue of model calls; without it the call gets ``deadline_s`` from its start."""

    def __init__(self, config: ModelConfig) -> None:
        import httpx

        self.config = config
        self._headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self._tls = httpx.create_ssl_context()  # once: loading the CA bundle took ~50 ms of every call

    @property
    def name(self) -> str:
        return self.config.model

    def _body(self, messages: list[dict], stream: bool) -> dict:
        return {"model": self.config.model, "messages": messages, "max_tokens": self.config.max_tokens,
                "temperature": 0, "stream": stream}

    def _client(self):
        import httpx

        return httpx.AsyncClient(base_url=self.config.url.rstrip("/"), headers=self._headers, verify=self._tls,
                                 timeout=httpx.Timeout(self.config.timeout_s))

    def complete(self, messages: list[dict], deadline: float | None = None) -> str:
        """The whole reply at once."""
        with asyncio.Runner() as runner:
            text = runner.run(self._before(self._deadline(deadline), self._complete(messages)))
        return _non_empty(text)

    def stream(self, messages: list[dict], deadline: float | None = None) -> Iterator[str]:
        """The reply piece by piece, as the server sends it; closing the iterator early closes the stream."""
        deadline = self._deadline(deadline)
        with asyncio.Runner() as runner:
            pieces = self._pieces(messages)
            try:
                while (piece := runner.run(self._before(deadline, anext(pieces, None)))) is not None:
                    yield piece
            finally:
                runner.run(pieces.aclose())

    def _deadline(self, deadline: float | None) -> float:
        return time.monotonic() + self.config.deadline_s if deadline is None else deadline

    async def _before(self, deadline: float, step: Awaitable):
        """``step``, cancelled (its connection closed) if it is not done by ``deadline``."""
        try:
            return await asyncio.wait_for(step, max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise ModelError(DEADLINE, f"{self.config.deadline_s:g} s") from None

    async def _complete(self, messages: list[dict]) -> object:
        with _calling():
            async with self._client() as http:
                response = await http.post("/chat/completions", json=self._body(messages, False))
                response.raise_for_status()
                try:
                    return response.json()["choices"][0]["message"]["content"]
                except (ValueError, KeyError, IndexError, TypeError) as exc:
                    raise ModelError(MALFORMED, f"{type(exc).__name__} in the reply body") from None

    async def _pieces(self, messages: list[dict]) -> AsyncIterator[str]:
        with _calling():
            async with self._client() as http, \
                    http.stream("POST", "/chat/completions", json=self._body(messages, True)) as response:
                response.raise_for_status()
                got = False
                async for line in response.aiter_lines():
                    piece = _event_text(line)
                    if piece is None:
                        break
                    if piece:
                        got = True
                        yield piece
                if not got:
                    raise ModelError(EMPTY)

    def close(self) -> None:
        """Nothing is held between calls (each has its own connection); kept for callers that close."""


@contextmanager
def _calling() -> Iterator[None]:
    """httpx's failures → ModelError with a reason (an error body may echo the key: it is not kept)."""
    import httpx

    try:
        yield
    except httpx.TimeoutException as exc:
        raise ModelError(TIMEOUT, type(exc).__name__) from None
    except httpx.HTTPStatusError as exc:
        raise ModelError(HTTP_ERROR, str(exc.response.status_code)) from None
    except httpx.TransportError as exc:
        raise ModelError(UNREACHABLE, type(exc).__name__) from None


def _event_text(line: str) -> str | None:
    """The text an SSE line adds ("" for none), or None at the end of the stream."""
    line = line.strip()
    if not line.startswith("data:"):
        return ""
    data = line[5:].strip()
    if data == "[DONE]":
        return None
    try:
        delta = json.loads(data)["choices"][0].get("delta") or {}
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise ModelError(MALFORMED, "an event that is not a chat completion chunk") from None
    content = delta.get("content")
    return content if isinstance(content, str) else ""


def _non_empty(text: object) -> str:
    if not isinstance(text, str):
        raise ModelError(MALFORMED, "no text in the reply")
    if not text.strip():
        raise ModelError(EMPTY)
    return text
