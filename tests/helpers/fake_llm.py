"""A fake OpenAI-compatible chat server on 127.0.0.1 with scripted replies, whole or streamed (SSE).

The replies are built from the passages in the request, the way a model would answer: ``echo`` quotes
passage [1]'s first two sentences with their citation; the other behaviours add an invented sentence
(after them or before them), change a number, drop the citations, say the passages do not answer, stall
past the client's timeout, fail with HTTP 500, or answer with a body that is not a chat completion.
Streamed, it can also trickle: the first ``trickle_from`` sentences at once, then a piece every
``trickle_s`` seconds, noting when the client went away (``gone_after``: seconds from the request until
a write found the connection closed).  It runs in its own thread, so a `daneshyar` subprocess and a bot
in the test's event loop can both call it.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from typing import Self

from aiohttp import web

from knowledge.chunking import sentences

ECHO, INVENTED, INVENTED_FIRST, WRONG_NUMBER, NO_CITATION, MARKER, STALL, HTTP_500, MALFORMED = (
    "echo", "invented", "invented_first", "wrong_number", "no_citation", "marker", "stall", "http_500", "malformed")
INVENTED_SENTENCE = "این شبکه بعدها جایزه نوبل فیزیک را هم برد و در تلفن‌های همراه کار گذاشته شد [1]."


def first_passage_sentences(request: dict) -> list[str]:
    user = request["messages"][-1]["content"]
    match = re.search(r"\[1\][^\n]*\n(.*?)(?:\n\n\[2\]|\n\nQuestion:)", user, re.DOTALL)
    return sentences(match.group(1)) if match else []


def scripted_reply(behaviour: str, request: dict) -> str:
    first = first_passage_sentences(request)
    echo = " ".join(f"{s} [1]" for s in first[:2])
    if behaviour == INVENTED:
        return f"{echo} {INVENTED_SENTENCE}"
    if behaviour == INVENTED_FIRST:
        return f"{INVENTED_SENTENCE} {echo}"
    if behaviour == WRONG_NUMBER:
        return re.sub(r"(?<![\w-])\d+(?!\w)", lambda m: str(int(m.group()) + 1000), echo, count=1)
    if behaviour == NO_CITATION:
        return " ".join(first[:2])
    if behaviour == MARKER:
        return "NOT_IN_PASSAGES"
    return echo


class FakeLLM:
    def __init__(self, behaviour: str = ECHO, stall_s: float = 3.0, trickle_s: float = 0.0,
                 trickle_from: int = 0) -> None:
        self.behaviour = behaviour
        self.stall_s = stall_s
        self.trickle_s = trickle_s
        self.trickle_from = trickle_from
        self.requests: list[dict] = []
        self.asked_at: list[float] = []  # time.monotonic() of each request's arrival
        self.gone_after: float | None = None
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None

    def __enter__(self) -> Self:
        self._thread.start()
        self.url = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _start(self) -> str:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._complete)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/v1"

    async def _complete(self, request: web.Request) -> web.StreamResponse:
        self.asked_at.append(time.monotonic())
        body = await request.json()
        self.requests.append({**body, "authorization": request.headers.get("Authorization", "")})
        if self.behaviour == STALL:
            await asyncio.sleep(self.stall_s)
        if self.behaviour == HTTP_500:
            return web.json_response({"error": {"message": "model crashed"}}, status=500)
        if self.behaviour == MALFORMED:
            return web.Response(text="<html>gateway says hello</html>" if not body.get("stream") else
                                "data: {not json}\n\n", content_type="text/event-stream" if body.get("stream")
                                else "application/json")
        reply = scripted_reply(self.behaviour, body)
        if not body.get("stream"):
            return web.json_response({"id": "x", "object": "chat.completion", "model": body["model"],
                                      "choices": [{"index": 0, "message": {"role": "assistant", "content": reply},
                                                   "finish_reason": "stop"}]})
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        started = time.monotonic()
        try:
            await response.prepare(request)
            for i, piece in enumerate(self._pieces(reply)):
                if i and self.trickle_s:
                    await asyncio.sleep(self.trickle_s)
                if request.transport is None or request.transport.is_closing():
                    raise ConnectionResetError
                chunk = {"choices": [{"index": 0, "delta": {"content": piece}}]}
                await response.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            await response.write(b"data: [DONE]\n\n")
        except ConnectionResetError:
            self.gone_after = time.monotonic() - started
        return response

    def _pieces(self, reply: str) -> list[str]:
        """12-character pieces; when trickling, the first ``trickle_from`` sentences (to the space after a
        citation) and the next sentence's first letter come as one."""
        at_once = 0
        for _ in range(self.trickle_from if self.trickle_s else 0):
            at_once = reply.index("] ", at_once) + 3
        head = [reply[:at_once]] if at_once else []
        return head + [reply[start:start + 12] for start in range(at_once, len(reply), 12)]
