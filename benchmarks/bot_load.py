"""Load on the whole bot: many students at once, through HTTP, as in production.

    python benchmarks/bot_load.py [--users 200] [--rate 25] [--seconds 20] [--calc-share 0.2] [--json]

The real ``daneshyar bot`` runs in its own process, pointed (TELEGRAM_API_URL)
at the fake Bot API server of the tests, which runs here with the load
generator.  ``--users`` students send messages at random (Poisson arrivals,
``--rate`` a second in total, over ``--seconds``): questions from the course
(``tests/data/abstain.jsonl`` and the dev set when present) and, for
``--calc-share`` of them, ``/params`` and ``/shape`` calculations.  Time to
reply is measured from the moment the update is queued to the moment the
bot's answer reaches the server.  Afterwards every update must have exactly one
reply.  A second phase sends one message from every user at the same instant
(a burst) to show the most the bot can take.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fake_bot_api import TOKEN, FakeBotAPI

CALCS = ["/params input 28x28x1 | conv 8 3x3 relu | maxpool 2 | flatten | dense 10",
         "/shape 28 5 1 2", "/params input 32x32x3 | conv 16 3 same | gap | dense 10", "/model lenet5"]


def questions() -> list[str]:
    found = []
    for path in (HERE.parent / "tests" / "data" / "abstain.jsonl", HERE.parent.parent / "shared" / "eval" /
                 "dev_kb.jsonl"):
        if path.exists():
            found += [json.loads(line)["q"] for line in path.read_text("utf-8").splitlines() if line.strip()]
    return found


async def wait_replies(api: FakeBotAPI, pending: dict[int, tuple[int, float]], done: dict[int, float],
                       all_sent: asyncio.Event, deadline: float) -> None:
    """Match each reply to its chat's oldest unanswered message (one user, one chat, messages in order)."""
    seen = 0
    while (pending or not all_sent.is_set()) and time.monotonic() < deadline:
        await api.wait_for(lambda seen=seen: len(api.calls) > seen, timeout=max(0.1, deadline - time.monotonic()))
        for call in api.calls[seen:]:
            if call.method in ("sendMessage", "sendPhoto"):
                chat = int(call.params["chat_id"])
                ids = sorted(m for m in pending if pending[m][0] == chat)
                if ids:
                    _, sent_at = pending.pop(ids[0])
                    done[ids[0]] = call.at - sent_at
        seen = len(api.calls)


async def phase(api: FakeBotAPI, users: list[dict], arrivals: list[tuple[float, dict, str]], timeout: float) -> dict:
    chats = {u["id"]: api.private_chat(u) for u in users}
    pending: dict[int, tuple[int, float]] = {}
    done: dict[int, float] = {}
    start = time.monotonic()
    all_sent = asyncio.Event()
    collector = asyncio.create_task(wait_replies(api, pending, done, all_sent, start + timeout))
    for at, user, text in arrivals:
        delay = start + at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        message = api.send_text(chats[user["id"]], user, text)
        pending[message["message_id"]] = (user["id"], time.monotonic())
    sent_all = time.monotonic()
    all_sent.set()
    await collector
    finished = time.monotonic()
    await asyncio.sleep(2)  # anything extra would arrive now
    replies_per_chat: dict[int, int] = {}
    for call in api.calls:
        if call.method in ("sendMessage", "sendPhoto"):
            chat = int(call.params["chat_id"])
            replies_per_chat[chat] = replies_per_chat.get(chat, 0) + 1
    expected: dict[int, int] = {}
    for _, user, _ in arrivals:
        expected[user["id"]] = expected.get(user["id"], 0) + 1
    latencies = np.array(list(done.values())) * 1000
    return {
        "messages": len(arrivals), "answered": len(done), "lost": len(pending),
        "exactly_one_reply_each": all(replies_per_chat.get(c, 0) == n for c, n in expected.items()),
        "throughput_per_s": len(done) / max(finished - start, 1e-9),
        "offered_per_s": len(arrivals) / max(sent_all - start, 1e-9),
        "p50_ms": float(np.percentile(latencies, 50)) if len(latencies) else None,
        "p95_ms": float(np.percentile(latencies, 95)) if len(latencies) else None,
        "max_ms": float(latencies.max()) if len(latencies) else None,
    }


async def main_async(args) -> dict:
    rng = random.Random(0)
    pool = questions()
    api = FakeBotAPI()
    url = await api.start()
    home = Path(tempfile.mkdtemp(prefix="daneshyar-load-"))
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": url, "DANESHYAR_HOME": str(home),
           "DANESHYAR_QUESTIONS_PER_MINUTE": "10000", "DANESHYAR_CALCULATIONS_PER_MINUTE": "10000",
           "DANESHYAR_NO_PROGRESS": "1"}
    await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "daneshyar", "kb", "stats"], env=env,
                            check=True, capture_output=True)  # builds the built-in base before the clock starts
    bot = await asyncio.to_thread(subprocess.Popen, [sys.executable, "-m", "daneshyar", "bot"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        warm_user = {"id": 1, "is_bot": False, "first_name": "warm"}
        await phase(api, [warm_user], [(0.0, warm_user, CALCS[0]), (0.0, warm_user, pool[0])], 120)
        api.calls.clear()
        users = [{"id": 1000 + i, "is_bot": False, "first_name": f"s{i}"} for i in range(args.users)]
        arrivals, t = [], 0.0
        while True:
            t += rng.expovariate(args.rate)
            if t > args.seconds:
                break
            text = rng.choice(CALCS) if rng.random() < args.calc_share else rng.choice(pool)
            arrivals.append((t, rng.choice(users), text))
        steady = await phase(api, users, arrivals, args.seconds + 120)
        api.calls.clear()
        burst_users = [{"id": 5000 + i, "is_bot": False, "first_name": f"b{i}"} for i in range(args.users)]
        burst = await phase(api, burst_users, [(0.0, u, rng.choice(pool)) for u in burst_users], 300)
    finally:
        bot.terminate()
        await asyncio.to_thread(bot.wait, 30)
        await api.stop()
    return {"users": args.users, "rate": args.rate, "seconds": args.seconds, "calc_share": args.calc_share,
            "steady": steady, "burst": burst}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rate", type=float, default=25.0, help="messages a second, all users together")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--calc-share", type=float, default=0.2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = asyncio.run(main_async(args))
    if args.json:
        print(json.dumps(result))
        return
    for name in ("steady", "burst"):
        r = result[name]
        print(f"{name}: {r['answered']}/{r['messages']} answered, lost {r['lost']}, exactly one reply each: "
              f"{r['exactly_one_reply_each']}; offered {r['offered_per_s']:.1f}/s, throughput "
              f"{r['throughput_per_s']:.1f}/s; p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, "
              f"max {r['max_ms']:.0f} ms")


if __name__ == "__main__":
    main()
