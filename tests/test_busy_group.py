"""A busy course group through a fake Bot API that enforces Telegram's flood limits (20 messages a minute in a
group, 429 with ``retry_after`` past them): every question gets exactly one answer, none is lost."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from helpers.bot import ADMIN, make_conversation, run, running
from helpers.fake_bot_api import BOT_USERNAME, TelegramLimits

from bot import messages as msg

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


def group_answer(api, group: dict, question: dict) -> dict:
    """The bot's message that replies to ``question``."""
    return next(m for (c, _), m in api.messages.items() if c == group["id"] and m.get("from", {}).get("is_bot")
                and m.get("reply_to_message", {}).get("message_id") == question["message_id"])


def buttons(message: dict) -> list[str]:
    return [b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


def test_stats_in_a_group_goes_to_the_admins_private_chat_and_leaks_nothing(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            api.only_started_users = True
            group = api.group_chat()
            private = api.private_chat(STUDENTS[0])
            api.send_text(private, STUDENTS[0], "طرز تهیه قورمه سبزی چیه؟")  # unanswered, in a private chat
            await api.wait_for(lambda: api.replies(private["id"]))
            api.send_text(group, ADMIN, "/stats")  # the admin never started the bot: told how to
            await api.wait_for(lambda: api.replies(group["id"]))
            said = api.replies(group["id"])[0].params["text"]
            assert "قورمه" not in said and f"t.me/{BOT_USERNAME}" in said
            admin_chat = api.private_chat(ADMIN)
            before = len(api.calls)
            api.send_text(group, ADMIN, "/stats")
            await api.wait_for(lambda: api.replies(admin_chat["id"], before) and api.replies(group["id"], before))
            assert "قورمه" in api.replies(admin_chat["id"], before)[0].params["text"]
            assert [c.params["text"] for c in api.replies(group["id"], before)] == [msg.REPORT_SENT_PRIVATELY]
            before = len(api.calls)
            api.send_text(group, STUDENTS[1], "/stats")
            await api.wait_for(lambda: api.replies(group["id"], before))
            assert api.replies(group["id"], before)[0].params["text"] == msg.NOT_ADMIN
            assert all("قورمه" not in c.params.get("text", "") for c in api.replies(group["id"]))
    run(scenario)


def test_source_and_more_buttons_answer_the_presser_alone(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            api.only_started_users = True
            group = api.group_chat()
            question = api.send_text(group, STUDENTS[0], "/ask لنت کی اومد؟")
            await api.wait_for(lambda: api.replies(group["id"]))
            answer = group_answer(api, group, question)
            source = next(d for d in buttons(answer) if d.startswith("src:"))
            more = next(d for d in buttons(answer) if d.startswith("more:"))
            posts_in_group = len(api.replies(group["id"]))
            api.press(group, STUDENTS[1], answer, source)  # never started the bot: a start link
            await api.wait_for(lambda: api.sent("answerCallbackQuery"))
            link = api.sent("answerCallbackQuery")[-1].params["url"]
            assert link == f"https://t.me/{BOT_USERNAME}?start={source.replace(':', '_')}"
            chat = api.private_chat(STUDENTS[1])  # the link opens the private chat with /start PAYLOAD
            api.send_text(chat, STUDENTS[1], "/start " + link.split("=")[1])
            await api.wait_for(lambda: api.replies(chat["id"]))
            full = api.replies(chat["id"])[0].params["text"]
            assert "۱۹۹۸" in full or "1998" in full
            for _ in range(6):  # pressed again and again: each time to the presser, never to the group
                api.press(group, STUDENTS[1], answer, source)
            api.press(group, STUDENTS[1], answer, more)
            await api.wait_for(lambda: len(api.replies(chat["id"])) >= 8)
            assert len(api.replies(group["id"])) == posts_in_group
            assert msg.SENT_PRIVATELY in [c.params.get("text") for c in api.sent("answerCallbackQuery")]
    run(scenario)


def test_a_start_link_that_is_garbled_or_stale_gets_a_clear_reply(kb_copy):
    """A start payload typed by hand, cut short, or naming an answer this bot never gave: the greeting or a
    Persian notice, never silence and never a crash."""
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            chat = api.private_chat(STUDENTS[2])
            for n, payload in enumerate(("hello", "src_", "src_abc_0", "src_99999_0", "more_99999")):
                api.send_text(chat, STUDENTS[2], f"/start {payload}")
                await api.wait_for(lambda n=n: len(api.replies(chat["id"])) > n)
            texts = [c.params["text"] for c in api.replies(chat["id"])]
            assert len(texts) == 5 and all(texts), texts
            assert texts[:3] == [msg.START] * 3  # not a button's payload: the greeting
            assert texts[3:] == [msg.EXPIRED] * 2  # a button's payload naming no answer of ours: it says so
    run(scenario)


def test_learn_on_the_bots_own_answers_to_ask_and_to_a_mention(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            group = api.group_chat()
            for n, text in enumerate(("/ask پلنگ‌نت چند لایه دارد؟", f"@{BOT_USERNAME} گوزن‌نت چند لایه دارد؟")):
                question = api.send_text(group, STUDENTS[0], text)
                await api.wait_for(lambda n=n: len(api.replies(group["id"])) >= 2 * n + 1)
                answer = group_answer(api, group, question)
                api.send_text(group, ADMIN, "/learn", reply_to=answer)
                await api.wait_for(lambda n=n: len(api.replies(group["id"])) >= 2 * n + 2)
                said = api.replies(group["id"])[-1].params["text"]
                assert "یاد گرفتم" in said and BOT_USERNAME not in said and "/ask" not in said, said
            learned = sorted(p.read_text("utf-8") for p in (kb_copy / "learned").iterdir())
            assert any(t.startswith("# پلنگ‌نت چند لایه دارد؟") for t in learned)
            assert any(t.startswith("# گوزن‌نت چند لایه دارد؟") for t in learned)
    run(scenario)


def test_an_edited_question_edits_its_answer_and_a_deleted_one_gets_none(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            group = api.group_chat()
            question = api.send_text(group, STUDENTS[0], "/ask لنت کی اومد")
            await api.wait_for(lambda: api.replies(group["id"]))
            before = len(api.calls)
            api.edit_text(group, question, "/ask نقطه زینی چیه؟")
            await api.wait_for(lambda: api.sent("editMessageText", group["id"], before))
            assert len(api.replies(group["id"])) == 1  # no second answer
            assert "زینی" in group_answer(api, group, question)["text"]
            before = len(api.calls)
            api.send_text(group, STUDENTS[0], "/params conv 8 3")
            await api.wait_for(lambda: api.replies(group["id"], before))
            calc = api.replies(group["id"], before)[0]
            target = calc.params["reply_parameters"]["message_id"]
            before = len(api.calls)
            api.edit_text(group, api.messages[(group["id"], target)], "/params conv 16 3")
            await api.wait_for(lambda: api.sent("editMessageText", group["id"], before))
            assert not api.replies(group["id"], before)

            doomed = api.send_text(group, STUDENTS[1], "/ask dropout چیه؟")
            api.delete(group, doomed)  # deleted before the answer is ready
            await asyncio.sleep(3.0)
            texts = [c.params["text"] for c in api.replies(group["id"])]
            assert len(texts) == 2 and not any(msg.SORRY.split("؛")[0] in t for t in texts)
    run(scenario)


def test_photos_meant_for_another_bot_or_asking_nothing_get_no_reply_in_a_group(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            group = api.group_chat()
            question = api.send_text(group, STUDENTS[0], "/ask لنت کی اومد؟")
            await api.wait_for(lambda: api.replies(group["id"]))
            answer = group_answer(api, group, question)
            api.send_photo(group, STUDENTS[1], caption="/ask@other_bot این خطا چیه؟")
            api.send_photo(group, STUDENTS[1], reply_to=answer)  # a bare photo replying to the bot
            api.send_photo(group, STUDENTS[2], caption=f"/ask@{BOT_USERNAME} نقطه زینی چیه؟")  # ours: answered
            await api.wait_for(lambda: len(api.replies(group["id"])) >= 2)
            await asyncio.sleep(2.0)
            texts = [c.params["text"] for c in api.replies(group["id"])]
            assert len(texts) == 2 and "زینی" in texts[1]
    run(scenario)


def test_a_follow_up_sent_right_behind_its_question_is_read_after_it(kb_copy):
    """Questions run on several threads; one student's messages still go in order, so «توسط کی؟» sent at
    once after «لنت کی اومد؟» is read as its follow-up (alone, the material does not answer it) and answered
    below it.  Five students at once, so the threads finish their work in every order."""
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            chats = [api.private_chat(student) for student in STUDENTS]
            for chat, student in zip(chats, STUDENTS):
                api.send_text(chat, student, "لنت کی اومد؟")
                api.send_text(chat, student, "توسط کی؟")
            await api.wait_for(lambda: all(len(api.replies(chat["id"])) >= 2 for chat in chats), timeout=60)
            for chat in chats:
                first, second = (c.params["text"] for c in api.replies(chat["id"]))
                assert "۱۹۹۸" in first and "لکان" in second
    run(scenario)
