"""Audit 22: a busy course group as its students and staff see it, end to end through the fake Bot API
(Telegram's flood limits on where the scenario is about load).  Each test states what a person in the
chat expects (written by a tester who had not seen the code, before the bot was changed to meet them).

Every scenario also checks the HTML and the length of everything the bot sent (:func:`html_problems`)."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from helpers.bot import ADMIN, make_conversation, run, running
from helpers.fake_bot_api import BOT_USERNAME, TelegramLimits, html_error
from helpers.fake_llm import (
    ECHO,
    INVENTED,
    INVENTED_FIRST,
    INVENTED_SENTENCE,
    MARKER,
    WRONG_NUMBER,
    FakeLLM,
    scripted_reply,
)

from bot import messages as msg
from bot.formatting import plain

QUESTIONS = [json.loads(line)["q"] for line in
             (Path(__file__).parent / "data" / "abstain.jsonl").read_text("utf-8").splitlines()]
COVERED = QUESTIONS[:24]
NOTICE = msg.RATE_LIMITED.split("🙂")[0]
SORRY_PARTS = (msg.SORRY.split("؛")[0], msg.SORRY_STAFF_TOLD.split(".")[0])


def people(first_id: int, count: int, name: str = "student") -> list[dict]:
    return [{"id": first_id + i, "is_bot": False, "first_name": f"{name}{i}"} for i in range(count)]


STUDENTS = people(300, 5)
SEED = {"id": 399, "is_bot": False, "first_name": "Early"}


# -- helpers: what the group saw ----------------------------------------------------------------------


def answers_by_question(api, chat_id: int) -> dict[int, int]:
    """How many of the bot's new messages (sent, not edited) reply to each message of the chat."""
    counted: dict[int, int] = {}
    for call in api.replies(chat_id):
        target = (call.params.get("reply_parameters") or {}).get("message_id") or call.params.get("reply_to_message_id")
        counted[target] = counted.get(target, 0) + 1
    return counted


def answer_to(api, chat: dict, question: dict) -> dict:
    """The bot's message in ``chat`` replying to ``question``."""
    return next(m for (c, _), m in sorted(api.messages.items()) if c == chat["id"] and m["from"].get("is_bot")
                and m.get("reply_to_message", {}).get("message_id") == question["message_id"])


def texts(api, chat_id: int, since: int = 0) -> list[str]:
    return [c.params.get("text") or c.params.get("caption") or "" for c in api.replies(chat_id, since)]


def buttons(message: dict) -> list[tuple[str, str]]:
    return [(b["text"], b["callback_data"]) for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
            for b in row]


def html_problems(api) -> list[str]:
    """Everything the bot asked Telegram to show, checked as Telegram would: HTML it parses (known tags, all
    closed), a text within 4096 characters and a caption within 1024 once the tags are gone, a popup within 200."""
    import html as html_lib
    import re

    problems = []
    for call in [*api.calls, *api.rejected, *api.flooded]:
        for key, limit in (("text", 4096), ("caption", 1024)):
            value = call.params.get(key)
            if not isinstance(value, str) or not value:
                continue
            if call.method == "answerCallbackQuery":
                if len(value) > 200:
                    problems.append(f"{call.method}: popup of {len(value)} characters")
                continue
            if call.params.get("parse_mode") == "HTML":
                error = html_error(value)
                if error:
                    problems.append(f"{call.method}: {error}: {value[:80]!r}")
                shown = html_lib.unescape(re.sub(r"<[^>]+>", "", value))
            else:
                shown = value
            if len(shown) > limit:
                problems.append(f"{call.method}: {key} of {len(shown)} characters")
    problems += [f"refused: {c.method} {c.params.get('text', '')[:60]!r}" for c in api.rejected
                 if html_error(c.params.get("text") or c.params.get("caption"))]
    return problems


def no_apology(api, chat_id: int) -> bool:
    return not any(part in t for t in texts(api, chat_id) for part in SORRY_PARTS)


async def wait_answered(api, conversation, chat: dict, question: dict, timeout: float = 30.0) -> dict:
    """The bot's answer to ``question``, once the bot has recorded which answer it carries."""
    await api.wait_for(lambda: any(m["from"].get("is_bot") and m.get("reply_to_message", {}).get("message_id")
                                   == question["message_id"] for (c, _), m in api.messages.items()
                                   if c == chat["id"]), timeout=timeout)
    answer = answer_to(api, chat, question)
    await api.wait_for(lambda: conversation.state.answer_in_message(chat["id"], answer["message_id"]),
                       timeout=timeout)
    return answer


# -- 1. bursts ---------------------------------------------------------------------------------------------


def test_burst_of_ask_mentions_and_replies_in_one_group_gets_one_answer_each(kb_copy):
    """5 students each send six /ask (some as /ask@bot) within 3 s, and some ask by naming the bot or by
    replying to the bot's earlier answer; chatter between them is not for the bot.  37 answers: more than a
    group may receive in a minute, so some wait for Telegram's window, and none is lost or doubled."""
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation, limits=TelegramLimits()) as api:
            group = api.group_chat()
            seed = api.send_text(group, SEED, "/ask لنت کی اومد؟")
            earlier = await wait_answered(api, conversation, group, seed)
            asked, ignored = [seed], []
            for round_ in range(6):
                for i, student in enumerate(STUDENTS):
                    question = COVERED[(round_ * 5 + i) % len(COVERED)]
                    command = "/ask" if (round_ + i) % 2 else f"/ask@{BOT_USERNAME}"
                    asked.append(api.send_text(group, student, f"{command} {question}"))
                if round_ == 1:
                    asked.append(api.send_text(group, STUDENTS[0], f"@{BOT_USERNAME} فرق SGD و Adam چیه؟"))
                    asked.append(api.send_text(group, STUDENTS[1], f"نقطه زینی چیه @{BOT_USERNAME}"))
                    ignored.append(api.send_text(group, STUDENTS[2], "بچه‌ها کسی جزوه جلسه قبل رو داره؟"))
                if round_ == 3:
                    asked.append(api.send_text(group, STUDENTS[2], f"سلام @{BOT_USERNAME.upper()}، بلوک vgg چیه"))
                    asked.append(api.send_text(group, STUDENTS[3], "AlexNet چند لایه داره؟", reply_to=earlier))
                    ignored.append(api.send_text(group, STUDENTS[4], "@other_bot لنت کی اومد؟"))
                if round_ == 4:
                    asked.append(api.send_text(group, STUDENTS[4], "و GoogLeNet چی؟", reply_to=earlier))
                    asked.append(api.send_text(group, STUDENTS[0], "ماژول اینسپشن چطوری کار میکنه؟",
                                               reply_to=earlier))
                    ignored.append(api.send_text(group, STUDENTS[1], "/ask@other_bot لنت کی اومد؟"))
                await asyncio.sleep(0.5)
            ids = {m["message_id"] for m in asked}
            assert len(ids) == 37
            await api.wait_for(lambda: ids <= set(answers_by_question(api, group["id"])), timeout=150)
            await asyncio.sleep(2.0)
            counted = answers_by_question(api, group["id"])
            assert {i: n for i, n in counted.items() if n != 1} == {}  # exactly one answer each
            assert set(counted) == ids  # nothing for the chatter, no notice, no apology
            assert not api.flooded  # never refused: the bot kept to Telegram's window itself
            assert all(t.strip() for t in texts(api, group["id"]))
            assert html_problems(api) == []
    run(scenario)


def test_three_groups_at_once_each_get_their_own_answers(kb_copy):
    """Three course groups, five students each, 22 questions in each group within 3 s (some by /ask, some
    by naming the bot): every answer replies to its own question in its own group, none twice, none lost."""
    async def scenario():
        async with running(make_conversation(kb_copy), limits=TelegramLimits()) as api:
            groups = [api.group_chat(-100500 - g, f"گروه {g}") for g in range(3)]
            students = [people(400 + 10 * g, 5) for g in range(3)]
            asked: dict[int, set[int]] = {g["id"]: set() for g in groups}
            for round_ in range(5):
                for g, group in enumerate(groups):
                    for i, student in enumerate(students[g]):
                        if round_ == 4 and i >= 2:
                            continue
                        question = COVERED[(round_ * 5 + i + g) % len(COVERED)]
                        text = f"/ask {question}" if (i + round_) % 3 else f"@{BOT_USERNAME} {question}"
                        asked[group["id"]].add(api.send_text(group, student, text)["message_id"])
                await asyncio.sleep(0.6)
            assert all(len(ids) == 22 for ids in asked.values())
            await api.wait_for(lambda: all(ids <= set(answers_by_question(api, chat)) for chat, ids in asked.items()),
                               timeout=150)
            await asyncio.sleep(2.0)
            for chat, ids in asked.items():
                counted = answers_by_question(api, chat)
                assert set(counted) == ids and all(n == 1 for n in counted.values()), chat
            assert not api.flooded and html_problems(api) == []
    run(scenario)


def test_one_student_flooding_a_group_gets_at_most_their_limit_and_no_post_about_it(kb_copy):
    """One student sends 15 /ask within 3 s while two others ask three each.  The flooder gets the answers
    their per-minute limit allows, the group gets no notice about the flood (at most one notice to the
    flooder at all), and the others are answered in full."""
    async def scenario():
        conversation = make_conversation(kb_copy)
        limit = conversation.config.questions_per_minute
        async with running(conversation, limits=TelegramLimits()) as api:
            group = api.group_chat()
            flooder, others = STUDENTS[0], STUDENTS[1:3]
            flooded, fair = [], []
            for n in range(15):
                flooded.append(api.send_text(group, flooder, f"/ask {COVERED[n % len(COVERED)]}"))
                if n % 5 == 0:
                    for other in others:
                        fair.append(api.send_text(group, other, f"/ask {COVERED[(n + 7) % len(COVERED)]}"))
                await asyncio.sleep(0.2)
            fair_ids = {m["message_id"] for m in fair}
            await api.wait_for(lambda: fair_ids <= set(answers_by_question(api, group["id"])), timeout=60)
            await asyncio.sleep(3.0)
            counted = answers_by_question(api, group["id"])
            flood_answers = [m["message_id"] for m in flooded if m["message_id"] in counted]
            assert len(flood_answers) == limit  # the limit, not fewer, not more
            assert flood_answers == [m["message_id"] for m in flooded[:limit]]  # the first ones, in order
            assert all(n == 1 for n in counted.values())
            assert not any(NOTICE in t for t in texts(api, group["id"]))  # nothing about the flood in the group
            notices = [c for c in api.sent("sendMessage") if NOTICE in c.params.get("text", "")]
            assert len(notices) <= 1
            assert not api.flooded and no_apology(api, group["id"]) and html_problems(api) == []
    run(scenario)


def test_one_student_flooding_by_mentions_and_replies(kb_copy):
    """The same flood, by naming the bot and by replying to its answer instead of /ask."""
    async def scenario():
        conversation = make_conversation(kb_copy)
        limit = conversation.config.questions_per_minute
        async with running(conversation, limits=TelegramLimits()) as api:
            group = api.group_chat()
            seed = api.send_text(group, SEED, "/ask لنت کی اومد؟")
            earlier = await wait_answered(api, conversation, group, seed)
            flooder = STUDENTS[3]
            flooded = []
            for n in range(15):
                question = COVERED[(n + 3) % len(COVERED)]
                flooded.append(api.send_text(group, flooder, f"@{BOT_USERNAME} {question}") if n % 2 else
                               api.send_text(group, flooder, question, reply_to=earlier))
                await asyncio.sleep(0.15)
            ids = [m["message_id"] for m in flooded]
            await api.wait_for(lambda: len(set(ids) & set(answers_by_question(api, group["id"]))) >= limit, timeout=60)
            await asyncio.sleep(3.0)
            counted = answers_by_question(api, group["id"])
            assert len([i for i in ids if i in counted]) == limit
            assert all(n == 1 for n in counted.values())
            assert not any(NOTICE in t for t in texts(api, group["id"]))
            assert not api.flooded and no_apology(api, group["id"]) and html_problems(api) == []
    run(scenario)


def test_a_flood_in_a_private_chat_gets_one_notice_per_window(kb_copy):
    """In a private chat the flooder is told once when to retry, and the rest of the window is quiet."""
    async def scenario():
        conversation = make_conversation(kb_copy)
        limit = conversation.config.questions_per_minute
        async with running(conversation) as api:
            chat = api.private_chat(STUDENTS[4])
            for n in range(15):
                api.send_text(chat, STUDENTS[4], COVERED[n % len(COVERED)])
            await api.wait_for(lambda: len(api.replies(chat["id"])) >= limit + 1, timeout=60)
            await asyncio.sleep(3.0)
            said = texts(api, chat["id"])
            assert sum(NOTICE in t for t in said) == 1
            assert len(said) == limit + 1
            assert html_problems(api) == []
    run(scenario)


def test_a_flood_of_calculation_commands_in_a_group(kb_copy):
    """15 /shape commands from one student in a group: the calculation limit's worth of results, no notice in
    the group, and another student's calculation is not held up."""
    async def scenario():
        conversation = make_conversation(kb_copy)
        limit = conversation.config.calculations_per_minute
        async with running(conversation, limits=TelegramLimits()) as api:
            group = api.group_chat()
            flooded = [api.send_text(group, STUDENTS[0], f"/shape {20 + n} 3 1 1") for n in range(15)]
            other = api.send_text(group, STUDENTS[1], "/shape 28 5 1 2")
            await api.wait_for(lambda: other["message_id"] in answers_by_question(api, group["id"]), timeout=60)
            await asyncio.sleep(3.0)
            counted = answers_by_question(api, group["id"])
            assert len([m for m in flooded if m["message_id"] in counted]) == limit
            assert all(n == 1 for n in counted.values())
            assert not any(NOTICE in t for t in texts(api, group["id"]))
            assert not api.flooded and no_apology(api, group["id"]) and html_problems(api) == []
    run(scenario)


# -- 2. privacy: reports typed in a group ------------------------------------------------------------------

PRIVATE_SECRET = "طرز تهیه قورمه سبزی چیه؟"   # asked in a private chat, not covered
OTHER_GROUP_SECRET = "نتیجه بازی پرسپولیس و استقلال چند شد؟"  # asked in another group, not covered
SECRETS = ("قورمه", "پرسپولیس")


async def questions_elsewhere(api, conversation) -> tuple[dict, dict]:
    """A student's question in a private chat and another in a second group, both unanswered by the material."""
    private = api.private_chat(STUDENTS[0])
    api.send_text(private, STUDENTS[0], PRIVATE_SECRET)
    other_group = api.group_chat(-100999, "گروه دیگر")
    question = api.send_text(other_group, STUDENTS[1], f"/ask {OTHER_GROUP_SECRET}")
    await api.wait_for(lambda: api.replies(private["id"]) and api.replies(other_group["id"]))
    await wait_answered(api, conversation, other_group, question)
    return private, other_group


def leaked(api, chat_id: int) -> list[str]:
    return [t for t in texts(api, chat_id) if any(s in t for s in SECRETS)]


@pytest.mark.parametrize("typed", ["/stats", f"/stats@{BOT_USERNAME}", "/docs", f"/docs@{BOT_USERNAME}",
                                   "/stats default", "/reindex"])
def test_a_student_typing_an_admin_command_in_a_group_sees_nothing_of_others(kb_copy, typed):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            await questions_elsewhere(api, conversation)
            group = api.group_chat()
            before = len(api.calls)
            api.send_text(group, STUDENTS[2], typed)
            await api.wait_for(lambda: api.replies(group["id"], before), timeout=30)
            await asyncio.sleep(1.0)
            said = texts(api, group["id"], before)
            assert len(said) == 1, said  # one short refusal
            assert not leaked(api, group["id"]) and "سند" not in said[0], said
            assert not api.sent("sendPhoto", group["id"])  # no chart either
            assert not api.replies(STUDENTS[2]["id"])  # and nothing sent privately to the student
            assert html_problems(api) == []
    run(scenario)


@pytest.mark.parametrize("typed", ["/stats", f"/stats@{BOT_USERNAME}", "/docs", "/stats default"])
def test_an_admins_report_typed_in_a_group_goes_to_their_private_chat(kb_copy, typed):
    """The admin opened a chat with the bot: the report (and the chart) go there, the group is told where
    it went and sees nothing of it."""
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            await questions_elsewhere(api, conversation)
            admin = api.private_chat(ADMIN)
            group = api.group_chat()
            before = len(api.calls)
            api.send_text(group, ADMIN, typed)
            await api.wait_for(lambda: api.replies(group["id"], before) and api.replies(admin["id"], before),
                               timeout=30)
            await asyncio.sleep(1.5)
            assert texts(api, group["id"], before) == [msg.REPORT_SENT_PRIVATELY]
            assert not api.sent("sendPhoto", group["id"]) and not leaked(api, group["id"])
            report = "\n".join(texts(api, admin["id"], before))
            if typed.startswith("/stats"):
                assert "قورمه" in report and "پرسپولیس" in report  # the admin does get the whole report
            assert not api.replies(-100999, before)  # the other group hears nothing of it
            assert html_problems(api) == []
    run(scenario)


@pytest.mark.parametrize("typed", ["/stats", "/docs"])
def test_an_admin_who_never_opened_the_bot_gets_a_link_not_the_report(kb_copy, typed):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            api.only_started_users = True
            await questions_elsewhere(api, conversation)
            group = api.group_chat()
            before = len(api.calls)
            api.send_text(group, ADMIN, typed)
            await api.wait_for(lambda: api.replies(group["id"], before), timeout=30)
            await asyncio.sleep(1.0)
            said = texts(api, group["id"], before)
            assert len(said) == 1 and f"t.me/{BOT_USERNAME}" in said[0], said
            assert not leaked(api, group["id"]) and not api.sent("sendPhoto", group["id"])
            assert html_problems(api) == []
    run(scenario)


def test_a_command_for_another_bot_gets_nothing_from_ours(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            group = api.group_chat()
            api.private_chat(ADMIN)
            for typed in ("/stats@other_bot", "/docs@other_bot", "/shape@other_bot 28 5 1 2"):
                api.send_text(group, ADMIN, typed)
            api.send_text(group, STUDENTS[0], "/ask لنت کی اومد؟")  # a marker that updates were read
            await api.wait_for(lambda: api.replies(group["id"]))
            await asyncio.sleep(1.5)
            assert len(api.replies(group["id"])) == 1 and not api.replies(ADMIN["id"])
    run(scenario)


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_digest_goes_to_the_admins_never_into_a_student_group(kb_copy):
    async def scenario():
        clock = Clock()
        conversation = make_conversation(kb_copy, digest_hours=24, digest_check_s=0.1)
        conversation.clock = clock
        async with running(conversation) as api:
            admin = api.private_chat(ADMIN)
            await api.wait_for(lambda: conversation.state.get_meta("digest_at") is not None)
            _, other_group = await questions_elsewhere(api, conversation)
            group = api.group_chat()
            question = api.send_text(group, STUDENTS[2], "/ask قیمت آیفون ۱۵ چنده؟")
            await wait_answered(api, conversation, group, question)
            title = plain(msg.DIGEST_TITLE.split("(")[0]).strip()
            clock.now += 24 * 3600 + 1
            await api.wait_for(lambda: any(title in t for t in texts(api, admin["id"])), timeout=30)
            await asyncio.sleep(0.5)
            digest = next(t for t in texts(api, admin["id"]) if title in t)
            assert "قورمه" in digest and "پرسپولیس" in digest and "آیفون" in digest
            for chat in (group, other_group):
                assert not any(title in t for t in texts(api, chat["id"]))
                assert len(api.replies(chat["id"])) == 1  # only its own answer
            assert html_problems(api) == []
    run(scenario)


# -- 3. buttons under an answer in a group -----------------------------------------------------------------


def group_posts(api, chat_id: int, since: int = 0) -> list:
    """New messages in the group (edits of an answer's vote counts are not new posts)."""
    return api.replies(chat_id, since)


@pytest.mark.parametrize("ask", ["/ask resnet چیه و اتصال میانبر چه مشکلی را حل می‌کند؟",
                                 f"@{BOT_USERNAME} ماژول اینسپشن چطوری کار میکنه؟"])
def test_pressing_every_button_again_and_again_posts_nothing_to_the_group(kb_copy, ask):
    """Three students press each button under an answer several times: one who opened a chat with the bot,
    one who did not, and the asker.  The group sees no new post; the sources go to the presser alone."""
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            api.only_started_users = True
            group = api.group_chat()
            question = api.send_text(group, STUDENTS[0], ask)
            answer = await wait_answered(api, conversation, group, question)
            labels = buttons(answer)
            assert any(t.startswith("📄") for t, _ in labels) and any(t.startswith("🔎") for t, _ in labels), labels
            started = api.private_chat(STUDENTS[1])
            before = len(api.calls)
            presses = 0
            for _ in range(4):
                for _label, data in labels:
                    for presser in (STUDENTS[1], STUDENTS[2], STUDENTS[0]):
                        api.press(group, presser, answer, data)
                        presses += 1
                await asyncio.sleep(0.3)
            await api.wait_for(lambda: len(api.sent("answerCallbackQuery", since=before)) >= presses, timeout=60)
            await asyncio.sleep(1.5)
            assert group_posts(api, group["id"], before) == []  # nothing new in the group, ever
            edits = api.sent("editMessageText", group["id"], before) + \
                api.sent("editMessageReplyMarkup", group["id"], before)
            assert all(int(c.params["message_id"]) == answer["message_id"] for c in edits)  # the answer's counts only
            assert len(api.sent("answerCallbackQuery", since=before)) == presses  # every press answered once
            sources = [d for t, d in labels if d.startswith(("src:", "more:"))]
            assert len(api.replies(started["id"], before)) == 4 * len(sources)  # each press, to the presser
            assert api.replies(STUDENTS[2]["id"], before) == []  # never opened a chat: a link, nothing forced
            assert html_problems(api) == []
    run(scenario)


def test_the_human_button_pressed_many_times_tells_the_staff_once_and_the_group_nothing(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            admin = api.private_chat(ADMIN)
            group = api.group_chat()
            question = api.send_text(group, STUDENTS[0], "/ask بلوک bottleneck رزنت چیه؟")
            answer = await wait_answered(api, conversation, group, question)
            human = next((d for t, d in buttons(answer) if d.startswith("human:")), None)
            assert human is not None, buttons(answer)
            before = len(api.calls)
            for _ in range(5):
                api.press(group, STUDENTS[0], answer, human)
                api.press(group, STUDENTS[1], answer, human)
            await api.wait_for(lambda: len(api.sent("answerCallbackQuery", since=before)) >= 10, timeout=30)
            await asyncio.sleep(1.0)
            assert group_posts(api, group["id"], before) == []
            notes = [t for t in texts(api, admin["id"], before) if "هنوز سؤال دارد" in t]
            assert len(notes) == 1, notes
            popups = [c.params.get("text") for c in api.sent("answerCallbackQuery", since=before)]
            assert popups.count(msg.HUMAN_TOLD) == 1 and popups.count(msg.HUMAN_ALREADY) == 9
            assert html_problems(api) == []
    run(scenario)


def test_buttons_pressed_while_the_group_is_busy_post_nothing_and_are_all_answered(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation, limits=TelegramLimits()) as api:
            group = api.group_chat()
            started = api.private_chat(STUDENTS[1])
            question = api.send_text(group, SEED, "/ask لنت کی اومد؟")
            answer = await wait_answered(api, conversation, group, question)
            asked = [api.send_text(group, s, f"/ask {COVERED[(n * 5 + i) % len(COVERED)]}")
                     for n in range(5) for i, s in enumerate(STUDENTS)]  # 25 more: the group is busy
            before = len(api.calls)
            presses = 0
            for _ in range(3):
                for _, data in buttons(answer):
                    api.press(group, STUDENTS[1], answer, data)
                    presses += 1
            await api.wait_for(lambda: len(api.sent("answerCallbackQuery", since=before)) >= presses, timeout=30)
            ids = {m["message_id"] for m in asked}
            await api.wait_for(lambda: ids <= set(answers_by_question(api, group["id"])), timeout=150)
            await asyncio.sleep(1.0)
            counted = answers_by_question(api, group["id"])
            assert set(counted) == ids | {question["message_id"]} and all(n == 1 for n in counted.values())
            assert len(api.sent("answerCallbackQuery", since=before)) == presses
            assert api.replies(started["id"], before)  # the sources went privately
            assert not api.flooded and html_problems(api) == []
    run(scenario)


# -- 4. edited questions -----------------------------------------------------------------------------------


async def edited_once(api, chat: dict, question: dict, new_text: str, expect: str, timeout: float = 30.0) -> None:
    """``question`` edited into ``new_text``: its one answer now says ``expect``."""
    before = len(api.calls)
    api.edit_text(chat, question, new_text)
    await api.wait_for(lambda: api.sent("editMessageText", chat["id"], before) or api.replies(chat["id"], before),
                       timeout=timeout)
    await asyncio.sleep(1.0)
    assert api.replies(chat["id"], before) == [], "a second answer to an edited question"
    assert expect in answer_to(api, chat, question)["text"]


@pytest.mark.parametrize("how", ["ask", "ask@bot", "mention", "mention-late", "reply"])
def test_an_edited_group_question_edits_its_answer(kb_copy, how):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            group = api.group_chat()
            seed = api.send_text(group, SEED, "/ask AlexNet چند لایه داره؟")
            earlier = await wait_answered(api, conversation, group, seed)
            form = {"ask": "/ask {}", "ask@bot": f"/ask@{BOT_USERNAME} {{}}", "mention": f"@{BOT_USERNAME} {{}}",
                    "mention-late": f"{{}} @{BOT_USERNAME}", "reply": "{}"}[how]
            reply_to = earlier if how == "reply" else None
            question = api.send_text(group, STUDENTS[0], form.format("لنت کی اومد"), reply_to=reply_to)
            first = await wait_answered(api, conversation, group, question)
            assert "۱۹۹۸" in first["text"]
            await edited_once(api, group, question, form.format("نقطه زینی چیه؟"), "زینی")
            await edited_once(api, group, question, form.format("فرق SGD و Adam چیه؟"), "Adam")  # edited again
            assert answers_by_question(api, group["id"])[question["message_id"]] == 1
            assert html_problems(api) == []
    run(scenario)


def test_an_edited_question_in_a_private_chat_edits_its_answer(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            chat = api.private_chat(STUDENTS[1])
            question = api.send_text(chat, STUDENTS[1], "لنت کی اومد")
            await api.wait_for(lambda: api.replies(chat["id"]))
            before = len(api.calls)
            api.edit_text(chat, question, "نقطه زینی چیه؟")
            await api.wait_for(lambda: api.sent("editMessageText", chat["id"], before) or api.replies(chat["id"], before))
            await asyncio.sleep(1.0)
            assert api.replies(chat["id"], before) == []
            assert "زینی" in api.sent("editMessageText", chat["id"], before)[-1].params["text"]
    run(scenario)


def test_a_question_edited_before_its_answer_is_sent_gets_one_answer_saying_the_new_thing(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            group = api.group_chat()
            question = api.send_text(group, STUDENTS[2], "/ask لنت کی اومد")
            api.edit_text(group, question, "/ask نقطه زینی چیه؟")  # at once: the typo fixed
            await wait_answered(api, conversation, group, question)
            await asyncio.sleep(2.5)
            assert answers_by_question(api, group["id"]) == {question["message_id"]: 1}
            assert "زینی" in answer_to(api, group, question)["text"]
    run(scenario)


def test_an_edited_photo_caption_edits_its_answer(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            group = api.group_chat()
            photo = api.send_photo(group, STUDENTS[3], caption="/ask لنت کی اومد")
            await wait_answered(api, conversation, group, photo)
            before = len(api.calls)
            edited = {**api.messages[(group["id"], photo["message_id"])], "caption": "/ask نقطه زینی چیه؟",
                      "caption_entities": [{"type": "bot_command", "offset": 0, "length": 4}],
                      "edit_date": int(time.time())}
            api.messages[(group["id"], photo["message_id"])] = edited
            api._push({"edited_message": edited})
            await api.wait_for(lambda: api.sent("editMessageText", group["id"], before) or
                               api.replies(group["id"], before))
            await asyncio.sleep(1.0)
            assert api.replies(group["id"], before) == []
            assert "زینی" in answer_to(api, group, photo)["text"]
    run(scenario)


def test_an_edited_calculation_command_in_a_group_edits_its_result(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy, calculations_per_minute=100)
        async with running(conversation) as api:
            group = api.group_chat()
            question = api.send_text(group, STUDENTS[4], "/shape 28 5 1 2")
            await wait_answered(api, conversation, group, question)
            assert "اندازه‌ی خروجی: 28" in answer_to(api, group, question)["text"]
            await edited_once(api, group, question, "/shape 28 5 2 2", "اندازه‌ی خروجی: 14")
            await edited_once(api, group, question, "/ask لنت کی اومد؟", "۱۹۹۸")  # from a command to a question
    run(scenario)


# -- 5. /learn on the bot's own answers ----------------------------------------------------------------------


def learned_titles(home: Path) -> list[str]:
    folder = home / "learned"
    return [p.read_text("utf-8").splitlines()[0] for p in sorted(folder.iterdir())] if folder.exists() else []


@pytest.mark.parametrize("how, text, title", [
    ("ask@bot", f"/ask@{BOT_USERNAME} پلنگ‌نت چند لایه دارد؟", "# پلنگ‌نت چند لایه دارد؟"),
    ("ask+mention", f"/ask @{BOT_USERNAME} پلنگ‌نت چند لایه دارد؟", "# پلنگ‌نت چند لایه دارد؟"),
    ("mention-first", f"@{BOT_USERNAME} گوزن‌نت چند لایه دارد؟", "# گوزن‌نت چند لایه دارد؟"),
    ("mention-last", f"گوزن‌نت چند لایه دارد؟ @{BOT_USERNAME}", "# گوزن‌نت چند لایه دارد؟"),
    ("mention-cased", f"سلام @{BOT_USERNAME.upper()} گوزن‌نت چند لایه دارد؟", "# سلام گوزن‌نت چند لایه دارد؟"),
    ("reply", "روباه‌نت چند لایه دارد؟", "# روباه‌نت چند لایه دارد؟"),
    ("reply+mention", f"@{BOT_USERNAME} روباه‌نت چند لایه دارد؟", "# روباه‌نت چند لایه دارد؟"),
])
def test_learn_on_the_bots_answer_stores_the_question_without_the_bots_name(kb_copy, how, text, title):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            group = api.group_chat()
            api.private_chat(ADMIN)
            reply_to = None
            if how.startswith("reply"):
                seed = api.send_text(group, SEED, "/ask لنت کی اومد؟")
                reply_to = await wait_answered(api, conversation, group, seed)
            question = api.send_text(group, STUDENTS[0], text, reply_to=reply_to)
            answer = await wait_answered(api, conversation, group, question)
            before = len(api.calls)
            command = "/learn" if how != "mention-cased" else f"/learn@{BOT_USERNAME}"
            api.send_text(group, ADMIN, command, reply_to=answer)
            await api.wait_for(lambda: api.replies(group["id"], before), timeout=60)
            said = texts(api, group["id"], before)
            assert any("یاد گرفتم" in t for t in said), said
            assert not any(BOT_USERNAME.lower() in t.lower() or "/ask" in t for t in said), said
            titles = learned_titles(kb_copy)
            assert titles == [title], titles
            assert html_problems(api) == []
    run(scenario)


def test_learn_by_a_student_on_the_bots_answer_is_refused_and_changes_nothing(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            group = api.group_chat()
            question = api.send_text(group, STUDENTS[0], f"@{BOT_USERNAME} گوزن‌نت چند لایه دارد؟")
            answer = await wait_answered(api, conversation, group, question)
            before = len(api.calls)
            api.send_text(group, STUDENTS[1], "/learn", reply_to=answer)
            await api.wait_for(lambda: api.replies(group["id"], before))
            assert texts(api, group["id"], before) == [msg.NOT_ADMIN]
            assert learned_titles(kb_copy) == []
    run(scenario)


# -- 6. calculation follow-ups in a group --------------------------------------------------------------------


@pytest.mark.parametrize("first, follow_up, expected, before", [
    ("/layer conv 64 3x3 in=64", "اگه ۱۲۸ فیلتر باشه چی؟", "73,856", "36,928"),
    ("/layer conv 64 3x3 in=64", "با ۱۲۸ تا فیلتر چی؟", "73,856", "36,928"),
    ("/params input 28x28x1 | conv 8 3x3 same | flatten | dense 10", "اگه ۱۲۸ فیلتر باشه چی؟", "1,004,810", "62,810"),
    ("/ask یه کانولوشن با ۶۴ فیلتر ۳ در ۳ روی ورودی ۶۴ کاناله چند تا وزن داره؟", "اگه ۱۲۸ فیلتر باشه چی؟",
     "73,856", "36,928"),
    ("/shape 28 5 1 2", "با stride 2 چی؟", "اندازه‌ی خروجی: 14", "اندازه‌ی خروجی: 28"),
    ("/shape 28 5 1 2", "با گام ۲ چی؟", "اندازه‌ی خروجی: 14", "اندازه‌ی خروجی: 28"),
    ("/shape 28 5 1 2", f"@{BOT_USERNAME} با stride 2 چی؟", "اندازه‌ی خروجی: 14", "اندازه‌ی خروجی: 28"),
    ("/layer conv 64 3x3 in=32 size=56x56 p=1", "با stride 2 چی؟", "28x28x64", "56x56x64"),
    ("/model vgg", "16", "138,357,544", None),
    ("/model vgg", "۱۶", "138,357,544", None),
    ("/model vgg", "VGG19 چی؟", "143,667,240", None),
])
def test_a_reply_to_a_calculation_recomputes_it(kb_copy, first, follow_up, expected, before):
    async def scenario():
        conversation = make_conversation(kb_copy, calculations_per_minute=100)
        async with running(conversation) as api:
            group = api.group_chat()
            asked = api.send_text(group, STUDENTS[0], first)
            answer = await wait_answered(api, conversation, group, asked)
            if before:
                assert before in answer["text"], answer["text"]
            again = api.send_text(group, STUDENTS[1], follow_up, reply_to=answer)
            recomputed = await wait_answered(api, conversation, group, again)
            assert expected in recomputed["text"], recomputed["text"]
            assert answers_by_question(api, group["id"]) == {asked["message_id"]: 1, again["message_id"]: 1}
            assert html_problems(api) == []
    run(scenario)


def test_a_reply_to_the_vgg_list_with_a_bare_persian_number_and_question_word(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy, calculations_per_minute=100)
        async with running(conversation) as api:
            group = api.group_chat()
            asked = api.send_text(group, STUDENTS[0], "/model vgg")
            listed = await wait_answered(api, conversation, group, asked)
            again = api.send_text(group, STUDENTS[1], "۱۹ چی؟", reply_to=listed)
            recomputed = await wait_answered(api, conversation, group, again)
            assert "143,667,240" in recomputed["text"], recomputed["text"]
    run(scenario)


def test_a_chain_of_follow_ups_keeps_recomputing(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy, calculations_per_minute=100)
        async with running(conversation) as api:
            group = api.group_chat()
            asked = api.send_text(group, STUDENTS[0], "/shape 28 5 1 2")
            answer = await wait_answered(api, conversation, group, asked)
            second = api.send_text(group, STUDENTS[1], "با stride 2 چی؟", reply_to=answer)
            answer2 = await wait_answered(api, conversation, group, second)
            assert "اندازه‌ی خروجی: 14" in answer2["text"]
            third = api.send_text(group, STUDENTS[0], "padding 0 چی؟", reply_to=answer2)
            answer3 = await wait_answered(api, conversation, group, third)
            assert "اندازه‌ی خروجی: 12" in answer3["text"]
    run(scenario)


# -- 7. bad calculation arguments ---------------------------------------------------------------------------

BAD_ARGUMENTS = [
    # (typed, what the reply must name)
    ("/shape 28 5 -1 2", ("گام", "«-1»")),
    (f"/shape@{BOT_USERNAME} 28 5 -1 2", ("گام", "«-1»")),
    ("/pooling 53x53 64", ("«53x53»", "کانال")),
    ("/bottleneck 28x28x192 5", ("«تعداد فیلترها»", "«کانال‌های کاهش")),
    ("/bottleneck 28x28x192 5 32", ("«کانال‌های کاهش",)),
    ("/shape 28", ("«اندازه‌ی کرنل»",)),
    ("/shape 28 5 1 2.0", ("پدینگ", "«2.0»")),
    ("/shape 28,5,1,2", ("«28,5,1,2»",)),
    ("/shape 28 5 1 2 1 9", ("«9»",)),
    ("/shape 28 5 1 2 extra=1", ("«extra=»",)),
    ("/shape -28 5", ("«-28»",)),
    ("/separable 112x112x32 3", ("«تعداد فیلترها»",)),
    ("/stacked 56x56x64 0", ("کرنل", "«0»")),
    ("/layer conv 64 3x3 in=abc", ("(in)", "«abc»")),
    ("/layer conv", ("«تعداد فیلترها یا واحدها»", "«اندازه‌ی کرنل»")),
    ("/pooling 53x53x64 64,x,10", ("«64,x,10»",)),
    ("/receptive conv 3x3 | foo", ("«foo»",)),
    ("/model resnet 99", ("«resnet 99»",)),
    ("/model resnet50 vs", ("resnet50",)),
    ("/params input 28x28x1 | conv 8 3x3 | dense", ("لایه ۳",)),
    ("/shape ۲۸ ۵ -۱ ۲", ("گام", "«-۱»")),
    ("/pooling ۵۳x۵۳ ۶۴", ("«۵۳x۵۳»",)),
    ("/bottleneck ۲۸×۲۸×۱۹۲ ۵", ("«تعداد فیلترها»",)),
    ("/separable 112x112x32 3 0", ("«0»",)),
    ("/shape 28 kernel=5 stride=-1", ("گام", "«-1»")),
]


def calc_reply_problems(said: list[str], named: tuple[str, ...]) -> list[str]:
    problems = []
    if len(said) != 1:
        problems.append(f"{len(said)} replies")
    text = "\n".join(said)
    problems += [f"does not name {part}" for part in named if part not in text]
    if any(part in text for part in SORRY_PARTS) or "Traceback" in text or "Error" in text:
        problems.append("an apology or a traceback")
    if not any("\u0600" <= ch <= "\u06ff" for ch in text):
        problems.append("no Persian")
    return problems


def run_bad_arguments(kb_copy, cases, private: bool = False) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    async def scenario():
        conversation = make_conversation(kb_copy, calculations_per_minute=1000)
        async with running(conversation) as api:
            chat = api.private_chat(STUDENTS[0]) if private else api.group_chat()
            for typed, named in cases:
                before = len(api.calls)
                api.send_text(chat, STUDENTS[0], typed)
                await api.wait_for(lambda before=before: api.replies(chat["id"], before), timeout=60)
                await asyncio.sleep(0.3)
                problems = calc_reply_problems(texts(api, chat["id"], before), named)
                if problems:
                    found[typed] = problems + [texts(api, chat["id"], before)[0][:200]]
            assert html_problems(api) == []
    run(scenario)
    return found


def test_bad_calculation_arguments_are_named_in_persian_in_a_group(kb_copy):
    assert run_bad_arguments(kb_copy, BAD_ARGUMENTS) == {}


def test_bad_calculation_arguments_are_named_in_persian_in_a_private_chat(kb_copy):
    assert run_bad_arguments(kb_copy, BAD_ARGUMENTS[:8], private=True) == {}


@pytest.mark.parametrize("typed, kind", [("/layer lstm 128", "LSTM"), ("/layer gru 64", "GRU"),
                                         ("/layer rnn 32 keras", "RNN")])
def test_a_recurrent_layer_missing_its_input_is_asked_for_it_by_its_own_name(kb_copy, typed, kind):
    async def scenario():
        conversation = make_conversation(kb_copy, calculations_per_minute=100)
        async with running(conversation) as api:
            group = api.group_chat()
            api.send_text(group, STUDENTS[0], typed)
            await api.wait_for(lambda: api.replies(group["id"]))
            text = texts(api, group["id"])[0]
            assert "Dense" not in text and kind.lower() in text.lower(), text
    run(scenario)


@pytest.mark.parametrize("typed, given, expected", [("/layer lstm 128", "64", "98,816"),
                                                    ("/layer gru 64", "32", "18,816")])
def test_answering_the_question_back_about_a_recurrent_layers_input_computes_it(kb_copy, typed, given, expected):
    async def scenario():
        conversation = make_conversation(kb_copy, calculations_per_minute=100)
        async with running(conversation) as api:
            group = api.group_chat()
            asked = api.send_text(group, STUDENTS[0], typed)
            answer = await wait_answered(api, conversation, group, asked)
            again = api.send_text(group, STUDENTS[0], given, reply_to=answer)
            recomputed = await wait_answered(api, conversation, group, again)
            assert expected in recomputed["text"], recomputed["text"]
    run(scenario)


def test_answering_the_question_back_about_a_dense_layers_input_computes_it(kb_copy):
    """The same ask-back for a Dense layer works: the reply gives the input and the count comes."""
    async def scenario():
        conversation = make_conversation(kb_copy, calculations_per_minute=100)
        async with running(conversation) as api:
            group = api.group_chat()
            asked = api.send_text(group, STUDENTS[0], "/layer dense 10")
            answer = await wait_answered(api, conversation, group, asked)
            again = api.send_text(group, STUDENTS[0], "84", reply_to=answer)
            recomputed = await wait_answered(api, conversation, group, again)
            assert "850" in recomputed["text"], recomputed["text"]
    run(scenario)


def test_an_empty_item_in_a_list_of_units_is_named_not_dropped(kb_copy):
    assert run_bad_arguments(kb_copy, [("/pooling 53x53x64 64,,10", ("«64,,10»",))]) == {}


def test_an_unknown_layer_kind_is_named(kb_copy):
    assert run_bad_arguments(kb_copy, [("/layer foo 3", ("«foo»",))]) == {}


# -- 8. generated answers: only checked sentences, cut at the deadline ----------------------------------------

NOT_IN_PASSAGES = "NOT_IN_PASSAGES"


def bot_with_model(kb_copy, llm: FakeLLM, timeout_s: float, deadline_s: float):
    from knowledge.llm import ChatModel, ModelConfig

    conversation = make_conversation(kb_copy)
    conversation.model = ChatModel(ModelConfig(llm.url, "fake-7b", "sk-secret", timeout_s, deadline_s=deadline_s))
    return conversation


def shown_texts(api, chat_id: int) -> list[str]:
    """Every text the bot put in the chat, sent or edited in."""
    return [plain(c.params["text"]) for c in api.sent(chat_id=chat_id)
            if c.method in ("sendMessage", "editMessageText") and c.params.get("text")]


def unchecked_shown(api, chat_id: int, request: dict, behaviour: str) -> list[str]:
    from knowledge.grounded import split

    correct = split(scripted_reply(ECHO, request))
    wrong = [s for s in split(scripted_reply(behaviour, request)) if s not in correct]
    shown = shown_texts(api, chat_id)
    bad = [w for w in wrong for t in shown if plain(w) in t]
    bad += [t for t in shown for n in range(4, len(NOT_IN_PASSAGES) + 1) if NOT_IN_PASSAGES[:n] in t]
    bad += [t for t in shown if "نوبل" in t or INVENTED_SENTENCE[:30] in t]
    return bad


@pytest.mark.parametrize("behaviour, private", [(INVENTED, False), (INVENTED_FIRST, False), (WRONG_NUMBER, False),
                                                (MARKER, False), (INVENTED, True), (MARKER, True)])
def test_a_trickling_model_is_cut_at_the_deadline_and_nothing_unchecked_is_ever_shown(kb_copy, behaviour, private):
    """The model writes a piece every 0.7 s (its whole reply would take some 15 s); the student's answer
    comes by the deadline (4 s) plus a little, in one message, and no sent or edited text ever held a sentence
    that failed its check or a piece of the «NOT_IN_PASSAGES» marker."""
    deadline_s = 4.0

    async def scenario():
        with FakeLLM(behaviour, trickle_s=0.7) as llm:
            async with running(bot_with_model(kb_copy, llm, timeout_s=10.0, deadline_s=deadline_s)) as api:
                chat = api.private_chat(STUDENTS[0]) if private else api.group_chat()
                question = api.send_text(chat, STUDENTS[0], "لنت کی اومد؟" if private else "/ask لنت کی اومد؟")
                await api.wait_for(lambda: any(m["from"].get("is_bot") and (m.get("reply_markup") or {}).get(
                    "inline_keyboard") for (c, _), m in api.messages.items() if c == chat["id"]), timeout=30)
                finished = max(c.at for c in api.sent(chat_id=chat["id"]) if c.params.get("reply_markup"))
                assert finished - llm.asked_at[0] < deadline_s + 2.0, finished - llm.asked_at[0]
                await asyncio.sleep(1.5)
                assert unchecked_shown(api, chat["id"], llm.requests[0], behaviour) == []
                assert len(api.replies(chat["id"])) == 1  # one message, edited in place
                final = [m for (c, _), m in sorted(api.messages.items()) if c == chat["id"] and m["from"].get("is_bot")]
                assert "۱۹۹۸" in final[-1]["text"] and msg.WRITING not in final[-1]["text"]
                if not private:
                    assert answers_by_question(api, chat["id"]) == {question["message_id"]: 1}
                assert html_problems(api) == []
    run(scenario)


def test_generated_answers_in_a_busy_group_show_nothing_unchecked(kb_copy):
    """A busy group (its window full) gets the checked rewrite whole, not streamed; still nothing unchecked."""
    async def scenario():
        with FakeLLM(INVENTED, trickle_s=0.05) as llm:
            conversation = bot_with_model(kb_copy, llm, timeout_s=10.0, deadline_s=6.0)
            async with running(conversation, limits=TelegramLimits()) as api:
                group = api.group_chat()
                asked = [api.send_text(group, s, f"/ask {COVERED[(n * 5 + i) % len(COVERED)]}")
                         for n in range(5) for i, s in enumerate(STUDENTS)]
                ids = {m["message_id"] for m in asked}
                await api.wait_for(lambda: ids <= set(answers_by_question(api, group["id"])), timeout=150)
                await asyncio.sleep(2.0)
                assert all(n == 1 for n in answers_by_question(api, group["id"]).values())
                shown = shown_texts(api, group["id"])
                assert not any("نوبل" in t for t in shown)
                assert not any(NOT_IN_PASSAGES[:6] in t for t in shown)
                assert not api.flooded and html_problems(api) == []
    run(scenario)


# -- 9. deleted questions, photos not for the bot --------------------------------------------------------------


@pytest.mark.parametrize("how", ["/ask dropout چیه؟", f"@{BOT_USERNAME} dropout چیه؟", "reply", "/shape 28 5 1 2",
                                 "/model resnet50 vs mobilenet_v2"])
def test_a_question_deleted_before_its_answer_gets_nothing_and_no_apology(kb_copy, how):
    async def scenario():
        conversation = make_conversation(kb_copy, staff_chat=-100888, calculations_per_minute=100)
        async with running(conversation) as api:
            staff = api.group_chat(-100888, "staff")
            group = api.group_chat()
            seed = api.send_text(group, SEED, "/ask لنت کی اومد؟")
            earlier = await wait_answered(api, conversation, group, seed)
            before = len(api.calls)
            text = "AlexNet چند لایه داره؟" if how == "reply" else how
            doomed = api.send_text(group, STUDENTS[1], text, reply_to=earlier if how == "reply" else None)
            api.delete(group, doomed)
            await asyncio.sleep(6.0 if "model" in how else 3.0)
            assert api.replies(group["id"], before) == [], texts(api, group["id"], before)
            assert not any("فرستاده نشد" in t or "خطا" in t for t in texts(api, staff["id"]))  # no noise for staff
            assert html_problems(api) == []
    run(scenario)


def test_a_question_deleted_in_a_private_chat_gets_nothing(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            chat = api.private_chat(STUDENTS[2])
            doomed = api.send_text(chat, STUDENTS[2], "لنت کی اومد؟")
            api.delete(chat, doomed)
            kept = api.send_text(chat, STUDENTS[2], "نقطه زینی چیه؟")
            await api.wait_for(lambda: api.replies(chat["id"]))
            await asyncio.sleep(2.0)
            said = texts(api, chat["id"])
            # a private answer need not quote its question; a deleted one's answer is still noise at worst,
            # never an apology
            assert any("زینی" in t for t in said) and not any(p in t for t in said for p in SORRY_PARTS)
            assert kept
    run(scenario)


def test_a_question_deleted_while_a_busy_group_queues_its_answer(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation, limits=TelegramLimits()) as api:
            group = api.group_chat()
            asked = [api.send_text(group, s, f"/ask {COVERED[(n * 5 + i) % len(COVERED)]}")
                     for n in range(5) for i, s in enumerate(STUDENTS)]
            doomed = asked[-1]
            await api.wait_for(lambda: len(api.replies(group["id"])) >= 20, timeout=60)
            api.delete(group, doomed)  # its answer is waiting for the window
            ids = {m["message_id"] for m in asked[:-1]}
            await api.wait_for(lambda: ids <= set(answers_by_question(api, group["id"])), timeout=150)
            await asyncio.sleep(2.0)
            counted = answers_by_question(api, group["id"])
            assert set(counted) == ids and all(n == 1 for n in counted.values())
            assert no_apology(api, group["id"]) and not api.flooded
    run(scenario)


def test_photos_and_files_not_meant_for_the_bot_get_silence_in_a_group(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            group = api.group_chat()
            question = api.send_text(group, STUDENTS[0], "/ask لنت کی اومد؟")
            answer = await wait_answered(api, conversation, group, question)
            before = len(api.calls)
            api.send_photo(group, STUDENTS[1], caption="/ask@other_bot این خطا چیه؟")
            api.send_photo(group, STUDENTS[1], caption="/ASK@Other_Bot این خطا چیه؟")
            api.send_photo(group, STUDENTS[1], caption="/ask@other_bot لنت کی اومد؟", reply_to=answer)
            api.send_document(group, STUDENTS[2], "err.txt", b"Traceback", caption="/ask@other_bot چرا؟")
            api.send_photo(group, STUDENTS[2], caption="@other_bot لنت کی اومد؟")
            api.send_photo(group, STUDENTS[3], reply_to=answer)  # no caption, replying to the bot
            api.send_document(group, STUDENTS[3], "notes.md", b"# x\n", reply_to=answer)  # no caption either
            api.send_photo(group, STUDENTS[4], caption="مرسی 🙏", reply_to=answer)  # thanks: silence in a group
            api.send_text(group, STUDENTS[4], "/ask@other_bot لنت کی اومد؟", reply_to=answer)
            marker = api.send_photo(group, STUDENTS[0], caption=f"/ask@{BOT_USERNAME} نقطه زینی چیه؟")  # ours
            await wait_answered(api, conversation, group, marker)
            await asyncio.sleep(2.5)
            said = texts(api, group["id"], before)
            assert len(said) == 1 and "زینی" in said[0], said
            assert not api.sent("getFile") and html_problems(api) == []
    run(scenario)


def test_a_photo_replying_to_the_bot_with_a_question_in_its_caption_is_answered_once(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            group = api.group_chat()
            question = api.send_text(group, STUDENTS[0], "/ask لنت کی اومد؟")
            answer = await wait_answered(api, conversation, group, question)
            photo = api.send_photo(group, STUDENTS[1], caption="نقطه زینی چیه؟", reply_to=answer)
            await wait_answered(api, conversation, group, photo)
            await asyncio.sleep(1.5)
            assert answers_by_question(api, group["id"]) == {question["message_id"]: 1, photo["message_id"]: 1}
    run(scenario)


# -- more variants: a forum's topics, edits and typing in a busy group, /learn on a follow-up ------------------


def test_a_burst_in_a_forum_answers_each_question_in_its_own_topic(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation, limits=TelegramLimits()) as api:
            forum = api.forum_chat()
            topics = [api.topic(forum, ADMIN, "تمرین ۱"), api.topic(forum, ADMIN, "امتحان"), None]
            asked = {}
            for n in range(4):
                for i, student in enumerate(STUDENTS):
                    topic = topics[(n + i) % 3]
                    text = f"/ask {COVERED[(n * 5 + i) % len(COVERED)]}" if i % 2 else \
                        f"@{BOT_USERNAME} {COVERED[(n * 5 + i) % len(COVERED)]}"
                    asked[api.send_text(forum, student, text, topic=topic)["message_id"]] = topic
                await asyncio.sleep(0.5)
            await api.wait_for(lambda: set(asked) <= set(answers_by_question(api, forum["id"])), timeout=150)
            await asyncio.sleep(1.5)
            counted = answers_by_question(api, forum["id"])
            assert set(counted) == set(asked) and all(n == 1 for n in counted.values())
            for call in api.replies(forum["id"]):
                target = call.params["reply_parameters"]["message_id"]
                assert api.topic_of(call) == asked[target], (target, api.topic_of(call), asked[target])
            assert not api.flooded and html_problems(api) == []
    run(scenario)


def test_a_question_edited_while_its_answer_waits_in_a_busy_group_gets_one_answer(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation, limits=TelegramLimits()) as api:
            group = api.group_chat()
            asked = [api.send_text(group, s, f"/ask {COVERED[(n * 5 + i) % len(COVERED)]}")
                     for n in range(5) for i, s in enumerate(STUDENTS)]
            late = asked[-1]
            await api.wait_for(lambda: len(api.replies(group["id"])) >= 20, timeout=60)
            api.edit_text(group, late, "/ask نقطه زینی چیه؟")  # its answer is still waiting for the window
            ids = {m["message_id"] for m in asked}
            await api.wait_for(lambda: ids <= set(answers_by_question(api, group["id"])), timeout=150)
            await api.wait_for(lambda: "زینی" in answer_to(api, group, late)["text"], timeout=60)
            await asyncio.sleep(2.0)
            counted = answers_by_question(api, group["id"])
            assert set(counted) == ids and all(n == 1 for n in counted.values())
            assert not api.flooded and html_problems(api) == []
    run(scenario)


def test_a_refused_calculation_leaves_no_typing_trace_in_a_group(kb_copy):
    """Like a question that gets no reply, a calculation past the student's limit gets no reply in a group,
    and so no "typing…" that ends in nothing either (the docs: «in a group only after a second, so a thanks
    that gets no reply leaves no trace»)."""
    async def scenario():
        conversation = make_conversation(kb_copy)
        limit = conversation.config.calculations_per_minute
        async with running(conversation) as api:
            group = api.group_chat()
            for n in range(limit):
                question = api.send_text(group, STUDENTS[0], f"/shape {20 + n} 3 1 1")
                await wait_answered(api, conversation, group, question)
            before = len(api.calls)
            for n in range(3):
                api.send_text(group, STUDENTS[0], f"/shape {40 + n} 3 1 1")  # past the limit: no reply
            await asyncio.sleep(3.0)
            assert api.replies(group["id"], before) == []
            assert api.sent("sendChatAction", group["id"], before) == [], "typing… for messages that get no reply"
    run(scenario)


def test_a_refused_question_leaves_no_typing_trace_in_a_group(kb_copy):
    """The same for questions past the limit (the control for the test above)."""
    async def scenario():
        conversation = make_conversation(kb_copy, questions_per_minute=2)
        async with running(conversation) as api:
            group = api.group_chat()
            for n in range(2):
                question = api.send_text(group, STUDENTS[0], f"/ask {COVERED[n]}")
                await wait_answered(api, conversation, group, question)
            before = len(api.calls)
            for n in range(3):
                api.send_text(group, STUDENTS[0], f"/ask {COVERED[n + 5]}")
            await asyncio.sleep(3.0)
            assert api.replies(group["id"], before) == []
            assert api.sent("sendChatAction", group["id"], before) == []
    run(scenario)


def test_learn_on_the_answer_to_a_follow_up_names_the_question_as_understood(kb_copy):
    """An admin's /learn on the bot's answer to «و GoogLeNet چی؟» (a reply to the answer about AlexNet's
    layers): the stored document is about GoogLeNet's layers, not titled with the fragment alone."""
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            group = api.group_chat()
            api.private_chat(ADMIN)
            seed = api.send_text(group, SEED, "/ask AlexNet چند لایه داره؟")
            earlier = await wait_answered(api, conversation, group, seed)
            question = api.send_text(group, STUDENTS[0], "و GoogLeNet چی؟", reply_to=earlier)
            answer = await wait_answered(api, conversation, group, question)
            assert "۲۲" in answer["text"] or "22" in answer["text"], answer["text"]
            before = len(api.calls)
            api.send_text(group, ADMIN, "/learn", reply_to=answer)
            await api.wait_for(lambda: api.replies(group["id"], before), timeout=60)
            titles = learned_titles(kb_copy)
            assert len(titles) == 1 and "لایه" in titles[0], titles
    run(scenario)
