"""A busy course group through a fake Bot API that enforces Telegram's flood limits (20 messages a minute in a
group, 429 with ``retry_after`` past them): every question gets exactly one answer, none is lost."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from fake_bot_api import TelegramLimits
from test_bot import make_conversation, run, running

QUESTIONS = [json.loads(line)["q"] for line in
             (Path(__file__).parent / "data" / "abstain.jsonl").read_text("utf-8").splitlines()[:24]]
STUDENTS = [{"id": 100 + i, "is_bot": False, "first_name": f"student{i}"} for i in range(5)]


def answers_by_question(api, chat_id: int) -> dict[int, int]:
    """How many of the bot's messages reply to each message of the chat."""
    counted: dict[int, int] = {}
    for call in api.replies(chat_id):
        target = (call.params.get("reply_parameters") or {}).get("message_id")
        counted[target] = counted.get(target, 0) + 1
    return counted


def test_a_burst_of_five_students_gets_every_answer_within_telegrams_limits(kb_copy):
    """5 students × 6 questions in 3 s: 30 answers, more than a group may receive in a minute."""
    async def scenario():
        async with running(make_conversation(kb_copy), limits=TelegramLimits()) as api:
            group = api.group_chat()
            asked = []
            for round_ in range(6):
                for i, student in enumerate(STUDENTS):
                    asked.append(api.send_text(group, student, "/ask " + QUESTIONS[(round_ * 5 + i) % len(QUESTIONS)]))
                await asyncio.sleep(0.5)
            ids = {m["message_id"] for m in asked}
            started = time.monotonic()
            await api.wait_for(lambda: ids <= set(answers_by_question(api, group["id"])), timeout=150)
            counted = answers_by_question(api, group["id"])
            assert all(counted[i] == 1 for i in ids)  # exactly one answer each
            assert set(counted) == ids  # and nothing else posted: no notice, no apology
            assert not api.flooded  # never refused: the bot kept to Telegram's window itself
            assert time.monotonic() - started > 30  # the last ten waited for the window, as they must
            await asyncio.sleep(1.0)
            assert len(api.replies(group["id"])) == 30
    run(scenario)


def test_a_refusal_by_telegram_is_retried_after_the_time_it_asks(kb_copy):
    """Telegram's own count may be stricter than ours (other bots' admins, an older burst): a 429 is waited
    out and retried, and the answer still arrives exactly once."""
    async def scenario():
        limits = TelegramLimits(group_messages=3, group_window_s=4.0)
        async with running(make_conversation(kb_copy), limits=limits) as api:
            group = api.group_chat()
            asked = [api.send_text(group, STUDENTS[i % 5], "/ask " + QUESTIONS[i]) for i in range(6)]
            ids = {m["message_id"] for m in asked}
            await api.wait_for(lambda: ids <= set(answers_by_question(api, group["id"])), timeout=60)
            assert api.flooded  # Telegram did refuse some
            assert all(n == 1 for n in answers_by_question(api, group["id"]).values())
    run(scenario)
