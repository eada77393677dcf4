"""A fake OpenAI-compatible chat server on 127.0.0.1 with scripted replies, whole or streamed (SSE).

The replies are built from the passages in the request, the way a model would answer: ``echo`` quotes
passage [1]'s first sentence with its citation; the other behaviours add an invented sentence, change
a number, drop the citations, say the passages do not answer, stall past the client's timeout, fail
with HTTP 500, or answer with a body that is not a chat completion.  It runs in its own thread, so a
`daneshyar` subprocess and a bot in the test's event loop can both call it.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from typing import Self

from aiohttp import web

from knowledge.chunking import sentences

ECHO, INVENTED, WRONG_NUMBER, NO_CITATION, MARKER, STALL, HTTP_500, MALFORMED = (
    "echo", "invented", "wrong_number", "no_citation", "marker", "stall", "http_500", "malformed")
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
    if behaviour == WRONG_NUMBER:
        return re.sub(r"(?<![\w-])\d+(?!\w)", lambda m: str(int(m.group()) + 1000), echo, count=1)
    if behaviour == NO_CITATION:
        return " ".join(first[:2])
    if behaviour == MARKER:
        return "NOT_IN_PASSAGES"
    return echo


class FakeLLM:
    def __init__(self, behaviour: str = ECHO, stall_s: float = 3.0) -> None:
        self.behaviour = behaviour
        self.stall_s = stall_s
        self.requests: list[dict] = []
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
        await response.prepare(request)
        for start in range(0, len(reply), 12):
            chunk = {"choices": [{"index": 0, "delta": {"content": reply[start:start + 12]}}]}
            await response.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
        await response.write(b"data: [DONE]\n\n")
        return response
