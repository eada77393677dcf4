"""A client for any OpenAI-compatible chat server (Ollama, llama.cpp's server, vLLM, a hosted API).

Plain ``httpx`` (installed with python-telegram-bot): one POST to ``{url}/chat/completions``, either
whole (``stream: false``) or as server-sent events (``stream: true``, ``data: {...}`` lines ending with
``data: [DONE]``).  Every way it can fail — no answer in time, an HTTP error, a body that is not what
the protocol promises — becomes one :class:`ModelError` with a stable ``reason``, and the caller falls
back to the extractive answer.  The API key is sent, never logged or printed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

# Why a model call gave nothing usable (``ask --json`` "fallback", the bot's log).
TIMEOUT, HTTP_ERROR, UNREACHABLE, MALFORMED, EMPTY = "timeout", "http_error", "unreachable", "malformed", "empty"


class ModelError(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class ModelConfig:
    url: str                                   # the OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1
    model: str
    api_key: str = field(default="", repr=False)
    timeout_s: float = 20.0
    max_tokens: int = 400                      # the longest answer asked for


class ChatModel:
    """Blocking calls (the bot runs them in their own threads)."""

    def __init__(self, config: ModelConfig) -> None:
        import httpx

        self.config = config
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self._http = httpx.Client(base_url=config.url.rstrip("/"), headers=headers,
                                  timeout=httpx.Timeout(config.timeout_s))

    @property
    def name(self) -> str:
        return self.config.model

    def _body(self, messages: list[dict], stream: bool) -> dict:
        return {"model": self.config.model, "messages": messages, "max_tokens": self.config.max_tokens,
                "temperature": 0, "stream": stream}

    def complete(self, messages: list[dict]) -> str:
        """The whole reply at once."""
        with _calling():
            response = self._http.post("/chat/completions", json=self._body(messages, False))
            response.raise_for_status()
            try:
                text = response.json()["choices"][0]["message"]["content"]
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                raise ModelError(MALFORMED, f"{type(exc).__name__} in the reply body") from None
        return _non_empty(text)

    def stream(self, messages: list[dict]) -> Iterator[str]:
        """The reply piece by piece, as the server sends it."""
        with _calling(), self._http.stream("POST", "/chat/completions", json=self._body(messages, True)) as response:
            response.raise_for_status()
            got = False
            for line in response.iter_lines():
                piece = _event_text(line)
                if piece is None:
                    break
                if piece:
                    got = True
                    yield piece
            if not got:
                raise ModelError(EMPTY)

    def close(self) -> None:
        self._http.close()


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
