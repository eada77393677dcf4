"""The Telegram bot end to end: the real python-telegram-bot client, over HTTP, against a fake Bot API
server on 127.0.0.1 (tests/fake_bot_api.py), with a real knowledge base and real calculations."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
from pathlib import Path

from fake_bot_api import BOT_ID, TOKEN, FakeBotAPI, TelegramLimits

from bot import messages as msg
from bot.app import DaneshyarBot, build_application, protect_logs
from bot.conversation import BotConfig, Conversation
from bot.state import BotState
from knowledge import KBConfig, KnowledgeBase
from knowledge import messages as knowledge_messages

ADMIN = {"id": 42, "is_bot": False, "first_name": "Maryam"}
STUDENT = {"id": 7, "is_bot": False, "first_name": "Ali"}
OTHER = {"id": 8, "is_bot": False, "first_name": "Sara"}


def make_conversation(home, **config) -> Conversation:
    kb = KnowledgeBase.open(KBConfig(home=home))
    defaults = {"admin_ids": frozenset({ADMIN["id"]}), "run_bottleneck": False}
    return Conversation(kb, BotState(home / "bot.sqlite3"), BotConfig(**{**defaults, **config}),
                        writer=lambda: KnowledgeBase.open(KBConfig(home=home)))


@contextlib.asynccontextmanager
async def running(conversation: Conversation, webhook_port: int | None = None, limits: TelegramLimits | None = None,
                  api: FakeBotAPI | None = None):
    """The bot against a fake server (a fresh one unless ``api`` is given), long polling (or on a webhook at
    ``webhook_port``); ``limits`` switches on Telegram's flood limits."""
    api = api or FakeBotAPI(limits)
    url = await api.start()
    bot = DaneshyarBot(conversation)
    app = build_application(bot, TOKEN, url)
    await app.initialize()
    await app.post_init(app)
    await app.start()
    if webhook_port is None:
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
    else:
        await app.updater.start_webhook(listen="127.0.0.1", port=webhook_port, url_path="telegram",
                                        webhook_url=f"http://127.0.0.1:{webhook_port}/telegram",
                                        secret_token="s3cret")
    try:
        yield api
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        bot.workers.shutdown()
        await api.stop()


def run(scenario):
    asyncio.run(scenario())


async def upload_report(api: FakeBotAPI, chat: dict, since: int = 0) -> str:
    """The final text of the progress message an upload got (it is edited in place, then into the report)."""
    done = msg.ADDED.split(":")[0]
    final = lambda: [c for c in api.sent("editMessageText", chat["id"], since) if done in c.params["text"]]
    await api.wait_for(final, timeout=120)
    received = api.replies(chat["id"], since)[0]
    assert received.params["text"].startswith(msg.RECEIVED.split("«")[0])  # answered at once
    return final()[-1].params["text"]


def test_private_question_answer_buttons_and_feedback(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            chat = api.private_chat(STUDENT)
            assert api.sent("getMe") and api.sent("setMyCommands")
            commands = [c["command"] for c in api.sent("setMyCommands")[0].params["commands"]]
            assert {"ask", "params", "bottleneck", "help"} <= set(commands)

            api.send_text(chat, STUDENT, "لنت کی اومد؟")
            await api.wait_for(lambda: api.replies(chat["id"]))
            actions = api.sent("sendChatAction", chat["id"])
            assert actions and actions[0].params["action"] == "typing"
            answer = api.replies(chat["id"])[0]
            assert answer.params["parse_mode"] == "HTML"
            assert "۱۹۹۸" in answer.params["text"] and "LeNet-5" in answer.params["text"]
            keyboard = answer.params["reply_markup"]["inline_keyboard"]
            data = [b["callback_data"] for row in keyboard for b in row]
            assert any(d.startswith("src:") for d in data) and any(d.startswith("more:") for d in data)
            sent = api.messages[(chat["id"], max(m for c, m in api.messages if c == chat["id"]))]

            before = len(api.calls)
            api.press(chat, STUDENT, sent, next(d for d in data if d.startswith("src:")))
            await api.wait_for(lambda: api.replies(chat["id"], before))
            assert "LeNet-5" in api.replies(chat["id"], before)[0].params["text"]
            assert api.sent("answerCallbackQuery", since=before)

            before = len(api.calls)
            api.press(chat, STUDENT, sent, next(d for d in data if d.startswith("more:")))
            await api.wait_for(lambda: api.replies(chat["id"], before))
            assert msg.MORE_RESULTS.split(":")[0].replace("<b>", "") in api.replies(chat["id"], before)[0].params["text"]

            before = len(api.calls)
            api.press(chat, STUDENT, sent, next(d for d in data if d.startswith("fb:") and d.endswith(":1")))
            await api.wait_for(lambda: api.sent("editMessageText", since=before))
            edited = api.sent("editMessageText", since=before)[0].params
            labels = [b["text"] for row in edited["reply_markup"]["inline_keyboard"] for b in row]
            assert "👍 1" in labels and "👎" in labels  # the buttons stay for everyone, with the count

            before = len(api.calls)
            api.send_text(chat, STUDENT, "طرز تهیه قورمه سبزی چیه؟")
            await api.wait_for(lambda: api.replies(chat["id"], before))
            assert api.replies(chat["id"], before)[0].params["text"] == msg.NOT_COVERED

            admin_chat = api.private_chat(ADMIN)
            before = len(api.calls)
            api.send_text(admin_chat, ADMIN, "/stats")
            await api.wait_for(lambda: api.replies(admin_chat["id"], before))
            stats = api.replies(admin_chat["id"], before)[0].params["text"]
            assert "پرسش‌ها: 2 (بی‌پاسخ از منابع: 1)" in stats and "👍 1" in stats
            assert "طرز تهیه قورمه سبزی چیه؟ (1)" in stats  # what maintainers should add next
    run(scenario)


def test_group_triggers_and_chatter(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            group = api.group_chat()
            api.send_text(group, STUDENT, "سلام بچه‌ها کی کلاس داریم؟")  # chatter: ignored
            api.send_text(group, STUDENT, "/ask نقطه زینی چیه؟")
            await api.wait_for(lambda: len(api.replies(group["id"])) == 1)
            assert "زینی" in api.replies(group["id"])[0].params["text"]

            api.send_text(group, OTHER, "@daneshyar_test_bot لنت کی اومد؟")
            await api.wait_for(lambda: len(api.replies(group["id"])) == 2)
            assert "۱۹۹۸" in api.replies(group["id"])[1].params["text"]

            bot_message = next(m for (c, _), m in sorted(api.messages.items()) if c == group["id"]
                               and m["from"]["id"] == BOT_ID)
            api.send_text(group, OTHER, "چرا از کانولوشن 1x1 استفاده میکنن؟", reply_to=bot_message)
            await api.wait_for(lambda: len(api.replies(group["id"])) == 3)
            await asyncio.sleep(0.5)
            assert len(api.replies(group["id"])) == 3  # the chatter never got a reply
    run(scenario)


def bot_messages(api: FakeBotAPI, chat_id: int) -> list[dict]:
    """What the bot has sent to a chat, as the chat sees it, oldest first."""
    return [m for (c, _), m in sorted(api.messages.items()) if c == chat_id and m["from"]["id"] == BOT_ID]


def test_thanks_get_silence_in_a_group_and_one_line_in_private(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            group = api.group_chat()
            api.send_text(group, STUDENT, "/ask AlexNet چند لایه داره؟")
            await api.wait_for(lambda: api.replies(group["id"]))
            answer = bot_messages(api, group["id"])[0]
            before = len(api.calls)
            api.send_text(group, OTHER, "مرسی 🙏", reply_to=answer)
            api.send_text(group, OTHER, "@daneshyar_test_bot ممنون 🙏")
            api.send_text(group, OTHER, "/ask لنت کی اومد؟")  # a question after them, to know they were read
            await api.wait_for(lambda: api.replies(group["id"], before))
            await asyncio.sleep(0.5)
            replies = api.replies(group["id"], before)
            assert len(replies) == 1 and "۱۹۹۸" in replies[0].params["text"]

            chat = api.private_chat(STUDENT)
            before = len(api.calls)
            api.send_text(chat, STUDENT, "مرسی 🙏")
            await api.wait_for(lambda: api.replies(chat["id"], before))
            await asyncio.sleep(0.3)
            replies = api.replies(chat["id"], before)
            assert len(replies) == 1 and replies[0].params["text"] == msg.NOT_A_QUESTION_REPLY
            assert "reply_markup" not in replies[0].params

            admin_chat = api.private_chat(ADMIN)
            before = len(api.calls)
            api.send_text(admin_chat, ADMIN, "/stats")
            await api.wait_for(lambda: api.replies(admin_chat["id"], before))
            stats = api.replies(admin_chat["id"], before)[0].params["text"]
            assert "پرسش‌ها: 2 (بی‌پاسخ از منابع: 0)" in stats
            assert "مرسی" not in stats and "ممنون" not in stats
    run(scenario)


def test_a_reply_to_an_answer_is_read_as_its_follow_up(kb_copy):
    searched = knowledge_messages.SEARCHED_AS.split("{")[0]

    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            group = api.group_chat()
            api.send_text(group, STUDENT, "/ask AlexNet چند لایه داره؟")
            await api.wait_for(lambda: api.replies(group["id"]))
            assert "هشت لایه" in api.replies(group["id"])[0].params["text"]
            answer = bot_messages(api, group["id"])[0]
            # the bot notes which message carried the answer just after sending it; a person replies later
            await api.wait_for(lambda: conversation.state.answer_in_message(group["id"], answer["message_id"]))

            before = len(api.calls)
            api.send_text(group, OTHER, "و GoogLeNet چی؟", reply_to=answer)
            await api.wait_for(lambda: api.replies(group["id"], before))
            text = api.replies(group["id"], before)[0].params["text"]
            line = next((x for x in text.splitlines() if x.startswith(searched)), "")
            assert "GoogLeNet" in line
            assert "GoogLeNet" in text.replace(line, "") and "۲۲" in text
    run(scenario)


def test_calculations_with_table_chart_and_persian_errors(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy, run_bottleneck=True)) as api:
            chat = api.private_chat(STUDENT)
            api.send_text(chat, STUDENT, "/params input 28x28x1 | conv 8 3x3 | flatten | dense 10")
            await api.wait_for(lambda: len(api.replies(chat["id"])) == 1)
            table = api.replies(chat["id"])[0].params["text"]
            assert "<pre>" in table and "54,170" in table  # 80 + 26*26*8*10 + 10

            api.send_text(chat, STUDENT, "/params input 5x5x3 | conv 8 7x7")
            await api.wait_for(lambda: len(api.replies(chat["id"])) == 2)
            assert "لایه ۲" in api.replies(chat["id"])[1].params["text"]

            before = len(api.calls)
            api.send_text(chat, STUDENT, "/bottleneck 28x28x192 5 32 16")
            await api.wait_for(lambda: api.sent("sendPhoto", chat["id"], before))
            texts = [c.params.get("text", "") for c in api.replies(chat["id"], before)]
            assert any("120,422,400" in t and "اجرای واقعی روی cpu" in t for t in texts)  # timed in the worker
            photo = api.sent("sendPhoto", chat["id"], before)[0].params["photo"]
            assert photo.startswith(b"\x89PNG")
            assert any(c.params["action"] == "upload_photo" for c in api.sent("sendChatAction", since=before))

            api.send_text(chat, STUDENT, "/model resnet50")
            await api.wait_for(lambda: any("25,557,032" in c.params.get("text", "") for c in api.replies(chat["id"])))
    run(scenario)


def test_pasted_code_and_zoo_names_in_the_chat(kb_copy):
    code = (Path(__file__).parent / "data" / "pasted" / "blitz_net.py").read_text(encoding="utf-8")

    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            chat = api.private_chat(STUDENT)
            api.send_text(chat, STUDENT, "/params\n" + code)
            await api.wait_for(lambda: len(api.replies(chat["id"])) == 1)
            reply = api.replies(chat["id"])[0].params["text"]
            assert "61,706" in reply and "<pre>" in reply and "1x32x32" in reply

            api.send_text(chat, STUDENT, "/params import os\nos.system('ls')")
            await api.wait_for(lambda: len(api.replies(chat["id"])) == 2)
            assert "خط ۲" in api.replies(chat["id"])[1].params["text"]

            api.send_text(chat, STUDENT, "/model ResNet 18")
            await api.wait_for(lambda: len(api.replies(chat["id"])) == 3)
            assert "11,689,512" in api.replies(chat["id"])[2].params["text"]
    run(scenario)


def test_admin_upload_refusal_and_learn(kb_copy):
    note = "# یادداشت تازه\n\nشبکه پلنگ‌نت در سال ۲۰۳۱ با ۹ لایه معرفی شد.\n".encode()

    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            student_chat, admin_chat, group = api.private_chat(STUDENT), api.private_chat(ADMIN), api.group_chat()
            docs_before = {d.id for d in conversation.kb.documents()}
            api.send_document(student_chat, STUDENT, "panther.md", note, caption="/add")
            await api.wait_for(lambda: api.replies(student_chat["id"]))
            assert api.replies(student_chat["id"])[0].params["text"] == msg.NOT_ADMIN
            assert {d.id for d in conversation.kb.documents()} == docs_before

            api.send_document(admin_chat, ADMIN, "panther.md", note, caption="/add")
            assert "panther.md" in await upload_report(api, admin_chat)
            assert "پلنگ" in conversation.kb.search("پلنگ‌نت", 1)[0].chunk.text

            before = len(api.calls)
            bad = api.send_document(admin_chat, ADMIN, "broken.pdf", b"%PDF-1.4 nonsense")  # no caption: a hint
            await api.wait_for(lambda: api.replies(admin_chat["id"], before))
            assert msg.MEDIA_ADD_HINT in api.replies(admin_chat["id"], before)[0].params["text"]
            before = len(api.calls)
            api.send_text(admin_chat, ADMIN, "/add", reply_to=bad)
            report = await upload_report(api, admin_chat, before)
            assert "broken.pdf" in report and "خراب" in report  # the reason, in Persian

            question = api.send_text(group, STUDENT, "فرق گوزن‌نت با بقیه شبکه‌ها چیه؟")
            good = api.send_text(group, OTHER, "گوزن‌نت به جای پولینگ از کانولوشن با گام ۲ استفاده می‌کند.",
                                 reply_to=question)
            before = len(api.calls)
            api.send_text(group, STUDENT, "/learn", reply_to=good)
            await api.wait_for(lambda: api.replies(group["id"], before))
            assert api.replies(group["id"], before)[0].params["text"] == msg.NOT_ADMIN
            before = len(api.calls)
            api.send_text(group, ADMIN, "/learn", reply_to=good)
            await api.wait_for(lambda: api.replies(group["id"], before))
            assert "یاد گرفتم" in api.replies(group["id"], before)[0].params["text"]
            hit = conversation.kb.search("گوزن‌نت پولینگ گام", 1)[0]
            assert "فرق گوزن‌نت" in hit.chunk.text and "گام ۲" in hit.chunk.text
            assert "Sara" not in hit.chunk.text and "گروه درس یادگیری عمیق" in hit.chunk.heading_path
    run(scenario)


def test_rate_limit_and_message_length(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy, questions_per_minute=2, max_question_chars=200)) as api:
            chat = api.private_chat(STUDENT)
            for question in ("لنت کی اومد؟", "نقطه زینی چیه؟", "dropout چیه؟"):
                api.send_text(chat, STUDENT, question)
            await api.wait_for(lambda: len(api.replies(chat["id"])) == 3)
            texts = [c.params["text"] for c in api.replies(chat["id"])]
            assert sum("آهسته‌تر" in t for t in texts) == 1
            other = api.private_chat(OTHER)
            api.send_text(other, OTHER, "الف " * 150)
            await api.wait_for(lambda: api.replies(other["id"]))
            assert "بیش از حد بلند" in api.replies(other["id"])[0].params["text"]
    run(scenario)


def test_an_exception_in_a_handler_gets_an_apology_and_the_bot_goes_on(kb_copy, caplog):
    conversation = make_conversation(kb_copy)
    real_ask = conversation.ask
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom inside the handler")
        return real_ask(*args, **kwargs)

    conversation.ask = flaky

    async def scenario():
        async with running(conversation) as api:
            chat = api.private_chat(STUDENT)
            api.send_text(chat, STUDENT, "لنت کی اومد؟")
            await api.wait_for(lambda: api.replies(chat["id"]))
            assert api.replies(chat["id"])[0].params["text"] == msg.SORRY
            api.send_text(chat, STUDENT, "لنت کی اومد؟")
            await api.wait_for(lambda: len(api.replies(chat["id"])) == 2)
            assert "۱۹۹۸" in api.replies(chat["id"])[1].params["text"]

    with caplog.at_level(logging.INFO):
        protect_logs(TOKEN)
        run(scenario)
    assert "boom inside the handler" in caplog.text
    assert TOKEN not in caplog.text


def test_no_token_exits_with_a_clear_message(monkeypatch):
    from click.testing import CliRunner

    from daneshyar.cli import cli

    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["bot"])
    assert result.exit_code == 2
    assert "TELEGRAM_BOT_TOKEN" in result.output and "daneshyar chat" in result.output


def test_console_chat_runs_the_same_conversation(kb_copy, tmp_path):
    from bot.console import LOCAL_USER
    from bot.console import run as run_console

    conversation = make_conversation(kb_copy, admin_ids=frozenset({LOCAL_USER}))
    out = io.StringIO()
    run_console(conversation, io.StringIO("لنت کی اومد؟\n/shape 28 5 1 2\n/params conv 8 3\n/stats\n"), out,
                charts=tmp_path / "charts")
    text = out.getvalue()
    assert [p.suffix for p in (tmp_path / "charts").iterdir()] == [".png"]  # /stats' chart, saved where asked
    assert "۱۹۹۸" in text and "⌊27 / 1⌋" in text and "input" in text and "پرسش‌ها: 1" in text
    assert "<b>" not in text
    assert json.dumps(text)  # plain text, printable


def test_webhook_mode_checks_the_secret_and_answers(kb_copy):
    import socket

    import aiohttp

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def scenario():
        async with running(make_conversation(kb_copy), webhook_port=port) as api:
            assert api.sent("setWebhook")[0].params["secret_token"] == "s3cret"
            chat = api.private_chat(STUDENT)
            hook = f"http://127.0.0.1:{port}/telegram"
            async with aiohttp.ClientSession() as client:
                forged = await client.post(hook, json=api.text_update(chat, STUDENT, "لنت کی اومد؟"),
                                           headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
                assert forged.status == 403
                ok = await client.post(hook, json=api.text_update(chat, STUDENT, "لنت کی اومد؟"),
                                       headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
                assert ok.status == 200
            await api.wait_for(lambda: api.replies(chat["id"]))
            await asyncio.sleep(0.3)
            replies = api.replies(chat["id"])
            assert len(replies) == 1 and "۱۹۹۸" in replies[0].params["text"]

    run(scenario)


def test_help_and_file_size_limit(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy, max_file_mb=1)) as api:
            chat = api.private_chat(ADMIN)
            api.send_text(chat, ADMIN, "/help")
            await api.wait_for(lambda: api.replies(chat["id"]))
            assert "/bottleneck" in api.replies(chat["id"])[0].params["text"]
            api.send_document(chat, ADMIN, "huge.txt", b"x" * (1024 * 1024 + 10), caption="/add")
            await api.wait_for(lambda: len(api.replies(chat["id"])) == 2)
            assert "حداکثر 1 مگابایت" in api.replies(chat["id"])[1].params["text"]
            assert not api.sent("getFile")  # refused before downloading anything
            api.send_text(chat, ADMIN, "/add")  # no document given or replied to
            await api.wait_for(lambda: len(api.replies(chat["id"])) == 3)
            assert api.replies(chat["id"])[2].params["text"] == msg.ADD_WHAT
    run(scenario)


def long_notes(count: int, word: str) -> bytes:
    """A markdown file of ``count`` sections, each long enough to be its own passage."""
    sections = [f"## بخش {i}\n\n" + " ".join(f"شبکه {word}{i} در آزمایش {j} روی داده‌های تصویری {i + j} لایه داشت."
                                               for j in range(8)) for i in range(count)]
    return ("# یادداشت‌های " + word + "\n\n" + "\n\n".join(sections) + "\n").encode()


def test_an_upload_shows_its_progress_and_is_searchable_by_words_before_it_is_complete(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            chat = api.private_chat(ADMIN)
            api.send_document(chat, ADMIN, "okapi.md", long_notes(24, "اوکاپی‌نت"), caption="/add")
            report = await upload_report(api, chat)
            assert "okapi.md" in report and "ثانیه پس از دریافت" in report  # when each search covered it
            edits = [c.params["text"] for c in api.sent("editMessageText", chat["id"])]
            assert len(api.replies(chat["id"])) == 1  # one message, edited in place
            searchable = msg.STEP_SEARCHABLE.split("(")[0]
            assert any(searchable in e and msg.STEP_STORED.format(passages=24) in e for e in edits[:-1])
            assert len({c.params["message_id"] for c in api.sent("editMessageText", chat["id"])}) == 1
            assert "اوکاپی‌نت17" in conversation.kb.search("اوکاپی‌نت17", 1)[0].chunk.text

            before = len(api.calls)  # the same file again: truthfully unchanged
            api.send_document(chat, ADMIN, "okapi.md", long_notes(24, "اوکاپی‌نت"), caption="/add")
            report = await upload_report(api, chat, before)
            assert "بدون تغییر: okapi.md" in report and msg.COMPLETED.split(";")[0] not in report
    run(scenario)
