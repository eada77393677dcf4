"""Two ``daneshyar bot --webhook`` processes behind nginx (the documented example config), one PostgreSQL,
one knowledge-base directory, the fake Bot API delivering to the webhook as Telegram does (retried until
200).  An upload to either worker is indexed once and served by both; then one worker is SIGKILLed in the
middle of a burst of questions and votes: every question is answered exactly once and no vote is lost."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.bot import ADMIN, bot_messages, upload_report
from helpers.fake_bot_api import TOKEN, FakeBotAPI
from helpers.postgres import free_port

from bot.state import BotState
from bot.workers import DEAD_AFTER_S

ROOT = Path(__file__).resolve().parents[1]
NOTE = ("# زرافه‌نت\n\nزرافه‌نت یک شبکه‌ی پیچشی آزمایشی است که ۴۲ لایه دارد و گردن بلندی از لایه‌های "
        "باقی‌مانده روی هم می‌گذارد. زرافه‌نت را گروه درس برای آزمودن بارگذاری ساخت.\n").encode()
LENET, GIRAFFE = "لنت کی اومد؟", "زرافه‌نت چند لایه دارد؟"


def students(first: int, count: int) -> list[dict]:
    return [{"id": 1000 + i, "is_bot": False, "first_name": f"s{i}"} for i in range(first, first + count)]


@pytest.fixture
def nginx_binary():
    from helpers.nginx import binary

    if binary() is None:
        pytest.skip("nginx is not installed: .ci/run installs Debian's nginx")


def start_worker(port: int, front: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from daneshyar.cli import cli; cli()", "bot", "--webhook", front,
         "--listen", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(env["WORKER_LOG"] + str(port), "w"))


def test_two_workers_behind_nginx_answer_everything_once_when_one_is_killed(
        kb_copy, postgres_url, nginx_binary, tmp_path):
    from helpers.nginx import Nginx, listening

    ports = [free_port(), free_port()]
    front = Nginx(ports).start()

    async def scenario():
        api = FakeBotAPI()
        url = await api.start()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DANESHYAR_HOME": str(kb_copy), "TELEGRAM_BOT_TOKEN": TOKEN,
               "TELEGRAM_API_URL": url, "DANESHYAR_DATABASE_URL": postgres_url, "DANESHYAR_ADMINS": str(ADMIN["id"]),
               "DANESHYAR_NO_PROGRESS": "1", "WORKER_LOG": str(tmp_path / "worker-"),
               "DANESHYAR_BUILTIN_BESIDE_MATERIAL": "true"}  # the burst asks the notes' question beside the upload
        workers = [start_worker(port, front.url(), env) for port in ports]
        try:
            await api.wait_for(lambda: len(api.sent("setWebhook")) == 2, timeout=240)
            await listening(ports)
            api.push_to_webhook = True

            # an upload to one worker: indexed once, and both answer from it
            admin = api.private_chat(ADMIN)
            api.send_document(admin, ADMIN, "giraffenet.md", NOTE, caption="/add")
            report = await upload_report(api, admin)
            assert "giraffenet.md" in report
            first = students(0, 6)
            chats = {s["id"]: api.private_chat(s) for s in first}
            for student in first:
                api.send_text(chats[student["id"]], student, GIRAFFE)
            await api.wait_for(lambda: all(api.replies(chats[s["id"]]["id"]) for s in first), timeout=120)
            assert all("۴۲" in api.replies(chats[s["id"]]["id"])[0].params["text"] for s in first)
            served = set(front.upstreams()[-6:])
            assert len(served) == 2, served  # nginx spread them over both workers: both serve the new generation

            # the burst: new questions and votes on the first answers; one worker SIGKILLed in the middle
            burst = students(6, 16)
            chats.update({s["id"]: api.private_chat(s) for s in burst})
            for i, student in enumerate(burst):
                api.send_text(chats[student["id"]], student, LENET)
                if i < len(first):
                    voter = first[i]
                    answer = bot_messages(api, chats[voter["id"]]["id"])[-1]
                    vote = next(b["callback_data"] for row in answer["reply_markup"]["inline_keyboard"]
                                for b in row if b["callback_data"].startswith("fb:") and b["callback_data"].endswith(":1"))
                    api.press(chats[voter["id"]], voter, answer, vote)
                if i == 5:
                    await asyncio.sleep(0.3)
                    workers[0].send_signal(signal.SIGKILL)
                    killed_at = time.monotonic()
            everyone = first + burst
            await api.wait_for(lambda: all(api.replies(chats[s["id"]]["id"]) for s in everyone),
                               timeout=DEAD_AFTER_S + 120)
            await asyncio.gather(*api.delivering)
            state = BotState(postgres_url)
            undone = lambda: state.db.one("SELECT COUNT(*) FROM updates WHERE done_at IS NULL")[0]
            deadline = time.monotonic() + DEAD_AFTER_S + 120
            while await asyncio.to_thread(undone) and time.monotonic() < deadline:
                await asyncio.sleep(0.5)  # the killed worker's updates (votes among them) are taken over
            assert undone() == 0
            await asyncio.sleep(3)  # time for a second answer, were one coming
            for student in everyone:
                replies = api.replies(chats[student["id"]]["id"])
                assert len(replies) == 1, (student, [r.params["text"][:40] for r in replies])
            assert all("۱۹۹۸" in api.replies(chats[s["id"]]["id"])[0].params["text"] for s in burst)
            votes = state.db.rows("SELECT user_id, vote FROM feedback")
            assert sorted(votes) == sorted((s["id"], 1) for s in first)
            assert [d.title for d in api_documents(kb_copy)].count("زرافه‌نت") == 1
            assert state.unfinished_uploads() == []
            password = postgres_url.split(":")[2].split("@")[0]
            logs = "".join(path.read_text() for path in tmp_path.glob("worker-*"))
            assert "records in postgresql://daneshyar:***@" in logs and password not in logs
            taken = sum(line.count("taking over update") for line in logs.splitlines())
            print(f"\nworker killed {time.monotonic() - killed_at:.0f} s before the end; deliveries retried: "
                  f"{sum(1 for _, status in api.deliveries if status != 200)}; updates taken over: {taken}")
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.terminate()
            for worker in workers:
                try:
                    worker.wait(30)
                except subprocess.TimeoutExpired:
                    worker.kill()
            await api.stop()

    try:
        asyncio.run(scenario())
    finally:
        front.stop()


def api_documents(home: Path):
    from knowledge import KBConfig, KnowledgeBase

    kb = KnowledgeBase.open(KBConfig(home=home))
    try:
        return kb.documents()
    finally:
        kb.close()
