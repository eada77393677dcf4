"""Course analytics and the digest, per course: two courses in two groups, and neither's questions or material
ever appear in the other's ``/stats`` or digest.  The digest lists the questions still waiting for a human
(«هنوز سؤال دارم», or not covered in a group) with a link to each, until a TA or admin replies in the thread;
``/stats`` counts where each question's answer came from (the material, a human, unanswered)."""

from __future__ import annotations

import asyncio
import json

from helpers.bot import ADMIN, OTHER, STUDENT, bot_messages, make_conversation, run, running, upload_report

from bot import messages as msg
from bot.analytics import course_report
from bot.kinds import HUMAN, MATERIAL, UNANSWERED
from bot.state import BotState

PANTHER = "# پلنگ‌نت\n\nشبکه پلنگ‌نت در سال ۲۰۳۱ با ۹ لایه کانولوشنی معرفی شد.\n".encode()
DEER = "# گوزن‌نت\n\nشبکه گوزن‌نت به جای پولینگ از کانولوشن با گام ۲ استفاده می‌کند.\n".encode()
ASK_PANTHER = "پلنگ‌نت در چه سالی معرفی شد؟"
ASK_DEER = "گوزن‌نت به جای پولینگ از چه چیزی استفاده می‌کند؟"
ASK_STEW = "طرز تهیه قورمه سبزی چیه؟"      # course A's, not covered
ASK_WALNUT = "فسنجان را با چه گردویی بپزیم؟"  # course B's, not covered
A_WORDS, B_WORDS = ("پلنگ", "قورمه"), ("گوزن", "فسنجان")


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _texts(api, chat_id: int, since: int = 0) -> list[str]:
    return [c.params.get("text") or c.params.get("caption") or "" for c in api.replies(chat_id, since)]


async def _ask(api, chat, user, text: str) -> dict:
    """Send ``text``; returns the message sent, once the bot has replied to it and recorded its answer."""
    before = len(api.calls)
    sent = api.send_text(chat, user, text)
    await api.wait_for(lambda: api.replies(chat["id"], before))
    return sent


async def _until(predicate, timeout: float = 30.0) -> None:
    """Wait for what the bot records without a word to Telegram (the fake's wait_for wakes on calls only)."""
    for _ in range(int(timeout / 0.1)):
        if predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("timed out waiting for the records")


def _waiting_section(digest: str) -> str:
    title = msg.WAITING.split("\n")[-2]
    return digest.split(title, 1)[1] if title in digest else ""


def test_two_courses_stats_and_digests_never_mix_and_a_tas_reply_ends_the_wait(kb_copy):
    async def scenario():
        clock = Clock()
        conversation = make_conversation(kb_copy, questions_per_minute=100, digest_hours=24, digest_check_s=0.1)
        conversation.clock = clock
        async with running(conversation) as api:
            group_a = api.group_chat(-1001000001, "یادگیری عمیق الف")
            group_b = api.group_chat(-1001000002, "یادگیری عمیق ب")
            admin, student = api.private_chat(ADMIN), api.private_chat(STUDENT)
            await api.wait_for(lambda: conversation.state.get_meta("digest_at") is not None)  # the period began
            await _ask(api, group_a, ADMIN, "/course dl_a")
            await _ask(api, group_b, ADMIN, "/course dl_b")
            for group, name, data in ((group_a, "panther.md", PANTHER), (group_b, "deer.md", DEER)):
                before = len(api.calls)
                api.send_document(group, ADMIN, name, data, caption="/add")
                assert name in await upload_report(api, group, before)

            panther = await _ask(api, group_a, STUDENT, f"/ask {ASK_PANTHER}")
            stew = await _ask(api, group_a, STUDENT, f"/ask {ASK_STEW}")
            await _ask(api, group_b, OTHER, f"/ask {ASK_DEER}")
            walnut = await _ask(api, group_b, OTHER, f"/ask {ASK_WALNUT}")
            answer = next(m for m in bot_messages(api, group_a["id"]) if "۲۰۳۱" in m.get("text", ""))
            human = next(b["callback_data"] for row in answer["reply_markup"]["inline_keyboard"] for b in row
                         if b["text"] == msg.BUTTON_HUMAN)
            before = len(api.calls)
            api.press(group_a, STUDENT, answer, human)  # «هنوز سؤال دارم» on A's answer from the material
            await api.wait_for(lambda: api.sent("answerCallbackQuery", since=before))
            api.send_text(group_a, ADMIN, "دستورش در جلسه‌ی بعد گفته می‌شود.", reply_to=stew)  # a TA answers it
            state: BotState = conversation.state
            await _until(lambda: course_report(state, "dl_a", clock()).sources[HUMAN] == 1)

            # /stats in A's group: privately, A's only
            before = len(api.calls)
            api.send_text(group_a, ADMIN, "/stats")
            await api.wait_for(lambda: any(c.method == "sendPhoto" for c in api.replies(admin["id"], before))
                               and api.replies(group_a["id"], before))
            report_a = _texts(api, admin["id"], before)
            assert "dl_a" in report_a[0] and "پلنگ‌نت در چه سالی" in report_a[0]  # among the most asked
            assert msg.STATS_SOURCE_LINE.format(label=msg.SOURCE_LABELS[MATERIAL], count=1, percent=50) in report_a[0]
            assert msg.STATS_SOURCE_LINE.format(label=msg.SOURCE_LABELS[HUMAN], count=1, percent=50) in report_a[0]
            assert report_a[1] == msg.CHART_CAPTION
            assert not any(word in text for text in report_a for word in B_WORDS)
            assert _texts(api, group_a["id"], before) == [msg.REPORT_SENT_PRIVATELY]

            # /stats dl_b from the admin's private chat: B's only; a student may not ask for it
            before = len(api.calls)
            api.send_text(admin, ADMIN, "/stats dl_b")
            await api.wait_for(lambda: any(c.method == "sendPhoto" for c in api.replies(admin["id"], before)))
            report_b = _texts(api, admin["id"], before)
            assert "dl_b" in report_b[0] and "گوزن‌نت" in report_b[0] and "فسنجان" in report_b[0]
            assert msg.STATS_SOURCE_LINE.format(label=msg.SOURCE_LABELS[UNANSWERED], count=1, percent=50) in report_b[0]
            assert not any(word in text for text in report_b for word in A_WORDS)
            await _ask(api, student, STUDENT, "/stats dl_b")
            assert _texts(api, student["id"])[-1] == msg.NOT_ADMIN

            # the digest: one message a course, to the admin (no staff chat), each with its own waiting list
            title = msg.DIGEST_TITLE.split("(")[0]
            digests = lambda course: [t for t in _texts(api, admin["id"])
                                      if title in t and msg.DIGEST_COURSE.format(course=course) in t]
            clock.now += 24 * 3600 + 1
            await api.wait_for(lambda: digests("dl_a") and digests("dl_b"))
            digest_a, digest_b = digests("dl_a")[0], digests("dl_b")[0]
            assert not any(word in digest_a for word in B_WORDS) and not any(word in digest_b for word in A_WORDS)
            waiting_a, waiting_b = _waiting_section(digest_a), _waiting_section(digest_b)
            assert ASK_PANTHER in waiting_a and f"https://t.me/c/1000001/{panther['message_id']}" in waiting_a
            assert ASK_STEW not in waiting_a  # the TA replied to it
            assert ASK_WALNUT in waiting_b and f"https://t.me/c/1000002/{walnut['message_id']}" in waiting_b

            # the TA replies to the bot's answer under the panther question: A's waiting list is empty, and
            # the next digest has nothing of A's to say; B's question still waits
            api.send_text(group_a, ADMIN, "سال ۲۰۳۱، در کنفرانس بعدی.", reply_to=answer)
            await _until(lambda: not state.waiting_for_human(0.0, "dl_a"))
            assert [w.question for w in state.waiting_for_human(0.0, "dl_b")] == [ASK_WALNUT]
            clock.now += 24 * 3600 + 1
            await api.wait_for(lambda: len(digests("dl_b")) == 2)
            assert len(digests("dl_a")) == 1 and ASK_WALNUT in _waiting_section(digests("dl_b")[1])
            assert not api.rejected
    run(scenario)


def test_the_cli_reports_one_course_as_stats_does(kb_copy):
    from click.testing import CliRunner

    from daneshyar.cli import cli

    state = BotState(kb_copy / "bot.sqlite3")
    state.record_answer(-1001000001, 7, ASK_PANTHER, True, "x", [])
    for question in (ASK_WALNUT, "فسنجان با کدام گردو خوب می‌شود؟"):
        state.answer_course(state.record_answer(-1001000002, 8, question, False, "x", []), "dl_b")
    state.close()
    runner = CliRunner()
    result = runner.invoke(cli, ["--kb", str(kb_copy), "--course", "dl_b", "db", "stats", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["course"] == "dl_b" and report["questions"] == 2 and report["sources"][UNANSWERED] == 2
    assert report["shares"][UNANSWERED] == 1.0 and "پلنگ" not in result.output
    assert [t["count"] for t in report["topics"]] == [2]  # two wordings of one question, grouped by meaning
    result = runner.invoke(cli, ["--kb", str(kb_copy), "db", "stats", "--no-topics"])
    assert result.exit_code == 0 and "course default: 1 questions" in result.output and "فسنجان" not in result.output
