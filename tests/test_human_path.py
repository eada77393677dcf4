"""A path to a human: «هنوز سؤال دارم» under an answer, and a question the material did not cover in a group,
reach the course's staff once, with a link to the question (the staff chat's staff topic when there is
one, else each admin privately)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from helpers.bot import ADMIN, OTHER, STUDENT, make_conversation, run, running
from helpers.fake_bot_api import FakeBotAPI

from bot import messages as msg


def _human_button(message: dict) -> str:
    return next(b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row
                if b["text"] == msg.BUTTON_HUMAN)


def _popups(api, since: int) -> list[str]:
    return [c.params.get("text", "") for c in api.sent("answerCallbackQuery", since=since)]


def test_still_a_question_and_not_covered_reach_the_staff_topic_once_with_a_link(kb_copy):
    async def scenario():
        api = FakeBotAPI()
        staff = api.forum_chat(-100555, "دستیاران")
        waiting = api.topic(staff, ADMIN, "منتظر دستیار")
        conversation = make_conversation(kb_copy, staff_chat=staff["id"], digest_hours=0)
        conversation.config = replace(conversation.config, staff_topic=waiting)
        async with running(conversation, api=api):
            group = api.group_chat(-100123)
            notes = lambda since=0: api.replies(staff["id"], since)

            question = api.send_text(group, STUDENT, "/ask طرز تهیه قورمه سبزی چیه؟")
            await api.wait_for(lambda: notes())
            note = notes()[0]
            assert note.params["text"].startswith(msg.STAFF_NOT_COVERED.format(
                course=msg.DEFAULT_COURSE_TITLE, question="طرز تهیه قورمه سبزی چیه؟"))
            assert f'href="https://t.me/c/123/{question["message_id"]}' in note.params["text"]
            assert api.topic_of(note) == waiting

            asked = api.send_text(group, OTHER, "/ask لنت کی اومد؟")
            await api.wait_for(lambda: any("۱۹۹۸" in c.params["text"] for c in api.replies(group["id"])))
            answer = next(m for (c, _), m in sorted(api.messages.items()) if c == group["id"]
                          and "۱۹۹۸" in m.get("text", ""))
            before = len(api.calls)
            api.press(group, OTHER, answer, _human_button(answer))
            await api.wait_for(lambda: notes(before))
            assert msg.HUMAN_TOLD in _popups(api, before)
            told = notes(before)[0].params["text"]
            assert "لنت کی اومد؟" in told and f"https://t.me/c/123/{asked['message_id']}" in told

            before = len(api.calls)
            api.press(group, STUDENT, answer, _human_button(answer))  # the staff already know: once per answer
            await api.wait_for(lambda: api.sent("answerCallbackQuery", since=before))
            await asyncio.sleep(0.3)
            assert msg.HUMAN_ALREADY in _popups(api, before) and not notes(before)
            assert len(api.replies(group["id"])) == 2  # nothing of this was posted in the group
            assert not api.rejected
    run(scenario)


def test_without_a_staff_chat_the_admins_hear_privately(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy, digest_hours=0)) as api:
            student, admin = api.private_chat(STUDENT), api.private_chat(ADMIN)
            api.send_text(student, STUDENT, "نقطه زینی چیه؟")
            await api.wait_for(lambda: api.replies(student["id"]))
            answer = next(m for (c, _), m in sorted(api.messages.items()) if c == student["id"]
                          and m.get("reply_markup"))
            api.press(student, STUDENT, answer, _human_button(answer))
            await api.wait_for(lambda: api.replies(admin["id"]))
            note = api.replies(admin["id"])[0].params["text"]
            assert "نقطه زینی چیه؟" in note and msg.STAFF_WHERE_PRIVATE in note
    run(scenario)


def test_without_a_staff_chat_a_question_not_covered_waits_for_the_digest_and_the_button_still_works(kb_copy):
    conversation = make_conversation(kb_copy)
    reply = conversation.ask("طرز تهیه قورمه سبزی چیه؟", -100123, STUDENT["id"], private=False)
    assert reply.html == msg.NOT_COVERED and reply.staff == ""  # not one private message per question
    pressed = conversation.callback(f"human:{reply.answer_id}", STUDENT["id"])
    assert pressed.notice == msg.HUMAN_TOLD and "قورمه" in pressed.staff  # nobody was told before: told now
    assert conversation.callback(f"human:{reply.answer_id}", OTHER["id"]).notice == msg.HUMAN_ALREADY
