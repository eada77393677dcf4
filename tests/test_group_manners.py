"""Manners in a course group, end to end through the fake Bot API: floods, votes, students' photos and files,
long answers folded."""

from __future__ import annotations

import asyncio

from helpers.bot import ADMIN, OTHER, STUDENT, make_conversation, run, running
from helpers.fake_bot_api import BOT_USERNAME

from bot import messages as msg


def keyboard_labels(params: dict) -> list[str]:
    return [b["text"] for row in params["reply_markup"]["inline_keyboard"] for b in row]


def test_a_flood_from_one_user_costs_the_group_only_its_answers_and_in_private_one_notice(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy, questions_per_minute=3)) as api:
            group = api.group_chat()
            for _ in range(20):
                api.send_text(group, STUDENT, "/ask لنت کی اومد؟")
            await api.wait_for(lambda: len(api.replies(group["id"])) >= 3)
            api.send_text(group, OTHER, "/ask نقطه زینی چیه؟")  # someone else is not held up
            await api.wait_for(lambda: any("زینی" in c.params["text"] for c in api.replies(group["id"])))
            texts = [c.params["text"] for c in api.replies(group["id"])]
            assert sum("۱۹۹۸" in t for t in texts) == 3  # the user's three questions of the window
            assert not any(msg.RATE_LIMITED.split("🙂")[0] in t for t in texts)  # no post about the flood
            assert len(texts) == 4 and not api.rejected
            private = api.private_chat(OTHER)
            for _ in range(6):
                api.send_text(private, OTHER, "لنت کی اومد؟")
            await api.wait_for(lambda: len(api.replies(private["id"])) >= 3)
            await asyncio.sleep(1.0)
            texts = [c.params["text"] for c in api.replies(private["id"])]
            assert sum(msg.RATE_LIMITED.split("🙂")[0] in t for t in texts) == 1  # told once, in private only
            assert len(texts) == 3  # two answers (one was spent in the group), one notice
    run(scenario)


def test_votes_are_per_user_toggle_and_show_counts_to_everyone(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            group = api.group_chat()
            api.send_text(group, STUDENT, "/ask لنت کی اومد؟")
            await api.wait_for(lambda: api.replies(group["id"]))
            answer = api.messages[(group["id"], max(m for c, m in api.messages if c == group["id"]))]
            data = [b["callback_data"] for row in answer["reply_markup"]["inline_keyboard"] for b in row]
            up = next(d for d in data if d.startswith("fb:") and d.endswith(":1"))
            down = next(d for d in data if d.startswith("fb:") and d.endswith(":-1"))

            async def press(user, button) -> list[str]:
                before = len(api.calls)
                api.press(group, user, answer, button)
                await api.wait_for(lambda: api.sent("editMessageText", since=before))
                return keyboard_labels(api.sent("editMessageText", since=before)[0].params)

            assert {"👍 1", "👎"} <= set(await press(STUDENT, up))
            assert {"👍 2", "👎"} <= set(await press(OTHER, up))  # a second user's vote counts too
            assert {"👍 1", "👎 1"} <= set(await press(OTHER, down))  # a second vote replaces the first
            labels = await press(OTHER, down)  # the same vote again takes it back
            assert {"👍 1", "👎"} <= set(labels)
            assert any(label.startswith("📄") for label in labels)  # the source buttons stay
            notices = [c.params.get("text") for c in api.sent("answerCallbackQuery")]
            assert notices[-1] == msg.VOTE_TAKEN_BACK and notices[0] == msg.THANKS_FEEDBACK
    run(scenario)


def test_photos_with_a_question_in_the_caption_are_answered_files_are_never_ingested(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            private, group = api.private_chat(STUDENT), api.group_chat()
            api.send_photo(private, STUDENT, caption="لنت کی اومد؟")
            await api.wait_for(lambda: api.replies(private["id"]))
            assert "۱۹۹۸" in api.replies(private["id"])[0].params["text"]

            api.send_photo(private, STUDENT)  # no question: a short note on what to send instead
            await api.wait_for(lambda: len(api.replies(private["id"])) == 2)
            assert api.replies(private["id"])[1].params["text"] == msg.MEDIA_NOT_READ

            docs = {d.id for d in conversation.kb.documents()}
            api.send_document(private, STUDENT, "my-notes.md", "# یادداشت\n\nشبکه خرس‌نت.\n".encode())
            await api.wait_for(lambda: len(api.replies(private["id"])) == 3)
            assert api.replies(private["id"])[2].params["text"] == msg.MEDIA_NOT_READ

            api.send_photo(group, STUDENT, caption="کسی میدونه این چیه؟")  # not addressed to the bot: silence
            api.send_document(group, STUDENT, "slides.md", "# اسلاید\n\nشبکه روباه‌نت.\n".encode())
            api.send_photo(group, STUDENT, caption="/ask نقطه زینی چیه؟")
            await api.wait_for(lambda: api.replies(group["id"]))
            api.send_photo(group, OTHER, caption=f"@{BOT_USERNAME} لنت کی اومد؟")
            await api.wait_for(lambda: len(api.replies(group["id"])) == 2)
            texts = [c.params["text"] for c in api.replies(group["id"])]
            assert "زینی" in texts[0] and "۱۹۹۸" in texts[1]
            assert {d.id for d in conversation.kb.documents()} == docs  # nothing a student sent went in
            assert not api.sent("getFile")  # nor was it even downloaded

            admin = api.private_chat(ADMIN)
            api.send_document(admin, ADMIN, "notes.md", "# یادداشت\n\nشبکه خرس‌نت.\n".encode())
            await api.wait_for(lambda: api.replies(admin["id"]))
            assert "/add" in api.replies(admin["id"])[0].params["text"]  # a maintainer is told how to add it
            await api.wait_for(lambda: len(api.replies(group["id"])) == 2)
            assert len(api.replies(group["id"])) == 2 and not api.rejected
    run(scenario)


def test_long_answers_are_folded_in_groups_but_not_in_private(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            group, private = api.group_chat(), api.private_chat(STUDENT)
            question = "resnet چیه و اتصال میانبر چه مشکلی را حل می‌کند؟"
            api.send_text(group, STUDENT, f"/ask {question}")
            api.send_text(private, STUDENT, question)
            await api.wait_for(lambda: api.replies(group["id"]) and api.replies(private["id"]))
            in_group = api.replies(group["id"])[0].params["text"]
            in_private = api.replies(private["id"])[0].params["text"]
            assert "<blockquote expandable>" in in_group and "</blockquote>" in in_group
            assert "blockquote" not in in_private
            assert not api.rejected
    run(scenario)


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_staff_digest_groups_unanswered_questions_on_a_schedule_and_stats_draws_a_chart(kb_copy):
    async def scenario():
        clock = Clock()
        conversation = make_conversation(kb_copy, digest_hours=24, digest_check_s=0.1)
        conversation.clock = clock
        async with running(conversation) as api:
            group, admin = api.group_chat(), api.private_chat(ADMIN)
            await api.wait_for(lambda: conversation.state.get_meta("digest_at") is not None)  # the period began
            asked = ["امتحان میانترم کی هست؟", "میانترم چه روزیه؟", "تاریخ امتحان میان‌ترم کیه؟",
                     "طرز تهیه قورمه سبزی چیه؟", "لنت کی اومد؟"]
            for number, question in enumerate(asked, 1):
                api.send_text(group, STUDENT, f"/ask {question}")
                await api.wait_for(lambda n=number: len(api.replies(group["id"])) == n)
            answer = api.messages[(group["id"], max(m for c, m in api.messages if c == group["id"]))]
            down = next(b["callback_data"] for row in answer["reply_markup"]["inline_keyboard"] for b in row
                        if b["callback_data"].endswith(":-1"))
            api.press(group, OTHER, answer, down)
            await api.wait_for(lambda: api.sent("answerCallbackQuery"))

            title = msg.DIGEST_TITLE.split("(")[0].replace("<b>", "").replace("</b>", "").strip()
            digests = lambda: [c for c in api.replies(admin["id"]) if title in c.params["text"]]
            await asyncio.sleep(0.5)
            assert not digests()  # not due yet
            clock.now += 24 * 3600 + 1
            await api.wait_for(digests)
            text = digests()[0].params["text"]
            lines = text.splitlines()
            exam = next(line for line in lines if "میان" in line and line.startswith("•"))
            assert "(3)" in exam  # three wordings, one line
            assert any("قورمه" in line and "(1)" in line for line in lines)
            assert "لنت کی اومد؟ (👍 0، 👎 1)" in text  # the answer voted down
            await asyncio.sleep(0.5)
            assert len(digests()) == 1  # once a period

            before = len(api.calls)
            api.send_text(admin, ADMIN, "/stats")
            await api.wait_for(lambda: any(c.method == "sendPhoto" for c in api.replies(admin["id"], before)))
            stats = api.replies(admin["id"], before)
            assert "(3)" in stats[0].params["text"] and "👎" in stats[0].params["text"]
            assert stats[1].params["caption"] == msg.CHART_CAPTION and not api.rejected
    run(scenario)
