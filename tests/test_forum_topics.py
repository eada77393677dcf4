"""A supergroup with forum topics: everything the bot sends about a question goes to the question's topic
(answers, typing, calculation photos, upload progress and reports, follow-ups, votes' edits), and the
staff's digests and notices to the staff topic.  The fake Bot API puts a message without
``message_thread_id`` in General, as Telegram does, and refuses a topic the forum does not have."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from helpers.bot import ADMIN, OTHER, STUDENT, make_conversation, run, running, upload_report
from helpers.fake_bot_api import BOT_ID, FakeBotAPI

from bot import messages as msg


def _to_chat(api, chat_id: int, since: int = 0) -> list:
    """Every message and chat action the bot sent to a chat."""
    return [c for c in api.sent(chat_id=chat_id, since=since)
            if c.method in ("sendMessage", "sendPhoto", "sendChatAction")]


def test_every_reply_about_a_question_goes_to_its_topic(kb_copy):
    note = "# یادداشت تازه\n\nشبکه پلنگ‌نت در سال ۲۰۳۱ با ۹ لایه معرفی شد.\n".encode()

    async def scenario():
        async with running(make_conversation(kb_copy, run_bottleneck=False)) as api:
            forum = api.forum_chat()
            lectures = api.topic(forum, ADMIN, "جلسه‌ها")
            homework = api.topic(forum, ADMIN, "تمرین ۲")

            api.send_text(forum, STUDENT, "/ask لنت کی اومد؟", topic=lectures)
            await api.wait_for(lambda: api.replies(forum["id"]))
            answer = api.replies(forum["id"])[0]
            assert "۱۹۹۸" in answer.params["text"] and api.topic_of(answer) == lectures

            before = len(api.calls)
            api.send_text(forum, OTHER, "/bottleneck 28x28x192 5 32 16", topic=homework)
            await api.wait_for(lambda: api.sent("sendPhoto", forum["id"], before))
            sent = _to_chat(api, forum["id"], before)
            assert {c.method for c in sent} >= {"sendMessage", "sendPhoto", "sendChatAction"}
            assert {api.topic_of(c) for c in sent} == {homework}

            # a follow-up replying to the answer stays in the answer's topic
            shown = next(m for (c, _), m in sorted(api.messages.items())
                         if c == forum["id"] and m["from"]["id"] == BOT_ID and "۱۹۹۸" in m.get("text", ""))
            assert shown["message_thread_id"] == lectures
            before = len(api.calls)
            api.send_text(forum, STUDENT, "و AlexNet چی؟", reply_to=shown, topic=lectures)
            await api.wait_for(lambda: api.replies(forum["id"], before))
            assert {api.topic_of(c) for c in _to_chat(api, forum["id"], before)} == {lectures}

            # a file an admin adds in a topic: its progress message and report are there too
            before = len(api.calls)
            api.send_document(forum, ADMIN, "panther.md", note, caption="/add", topic=homework)
            assert "panther.md" in await upload_report(api, forum, before)
            assert {api.topic_of(c) for c in _to_chat(api, forum["id"], before)} == {homework}

            # a question asked in General (no topic) is answered in General
            before = len(api.calls)
            api.send_text(forum, STUDENT, "/ask نقطه زینی چیه؟")
            await api.wait_for(lambda: api.replies(forum["id"], before))
            assert {api.topic_of(c) for c in _to_chat(api, forum["id"], before)} == {None}
            assert not api.rejected
    run(scenario)


def test_digests_and_staff_notices_go_to_the_staff_topic(kb_copy):
    async def scenario():
        api_forum = {"id": -100888}
        conversation = make_conversation(kb_copy, digest_hours=1e-4, digest_check_s=0.1,
                                         staff_chat=api_forum["id"])
        real_ask = conversation.ask

        def failing(question, *args, **kwargs):
            if "خراب" in question:
                raise RuntimeError("boom")
            return real_ask(question, *args, **kwargs)

        conversation.ask = failing
        api = FakeBotAPI()
        staff = api.forum_chat(api_forum["id"], "دستیاران")
        reports = api.topic(staff, ADMIN, "گزارش‌ها")
        conversation.config = replace(conversation.config, staff_topic=reports)
        async with running(conversation, api=api):
            forum = api.forum_chat()
            questions = api.topic(forum, ADMIN, "پرسش‌ها")
            api.send_text(forum, STUDENT, "/ask طرز تهیه قورمه سبزی چیه؟", topic=questions)
            await api.wait_for(lambda: api.replies(forum["id"]))
            assert api.replies(forum["id"])[0].params["text"] == msg.NOT_COVERED
            assert api.topic_of(api.replies(forum["id"])[0]) == questions

            title = msg.DIGEST_TITLE.split("(")[0].replace("<b>", "").replace("</b>", "").strip()
            digests = lambda: [c for c in api.replies(staff["id"]) if title in c.params["text"]]
            await api.wait_for(digests)
            assert "قورمه" in digests()[0].params["text"] and api.topic_of(digests()[0]) == reports

            # a failure in a topic: the apology in that topic, the notice in the staff topic
            before = len(api.calls)
            api.send_text(forum, OTHER, "/ask این سؤال خراب است", topic=questions)
            await api.wait_for(lambda: api.replies(forum["id"], before) and any(
                "boom" not in c.params["text"] and "⚠️" in c.params["text"] for c in api.replies(staff["id"], before)))
            apology = api.replies(forum["id"], before)[0]
            assert apology.params["text"] == msg.SORRY_STAFF_TOLD and api.topic_of(apology) == questions
            notice = next(c for c in api.replies(staff["id"], before) if "⚠️" in c.params["text"])
            assert api.topic_of(notice) == reports
            await asyncio.sleep(0.2)
            assert not api.rejected
    run(scenario)
