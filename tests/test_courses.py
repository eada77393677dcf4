"""Several courses on one bot: two courses, two groups (and a forum whose topic has a course of its own),
students in one or both; no course's material reaches a student outside its groups, in answers,
sources, start links or ``/docs``.  Then the CLI's ``--course``, and an existing single-course home
opened by this version: nothing moved, nothing lost."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner
from helpers.bot import ADMIN, OTHER, STUDENT, make_conversation, run, running, upload_report

from bot import messages as msg
from bot.courses import CHOOSE, Courses
from bot.formatting import course_title
from bot.state import BotState
from daneshyar.application.courses import DEFAULT_COURSE, course_home
from daneshyar.cli import cli

PANTHER = "# پلنگ‌نت\n\nشبکه پلنگ‌نت در سال ۲۰۳۱ با ۹ لایه کانولوشنی معرفی شد.\n".encode()
DEER = "# گوزن‌نت\n\nشبکه گوزن‌نت به جای پولینگ از کانولوشن با گام ۲ استفاده می‌کند.\n".encode()
ASK_PANTHER = "پلنگ‌نت در چه سالی معرفی شد؟"
ASK_DEER = "گوزن‌نت به جای پولینگ از چه چیزی استفاده می‌کند؟"


def _texts(api, chat_id: int, since: int = 0) -> list[str]:
    return [c.params.get("text") or c.params.get("caption") or "" for c in api.replies(chat_id, since)]


async def _ask(api, chat, user, text: str, topic: int | None = None) -> str:
    before = len(api.calls)
    api.send_text(chat, user, text, topic=topic)
    await api.wait_for(lambda: api.replies(chat["id"], before))
    return _texts(api, chat["id"], before)[0]


def test_two_courses_two_groups_no_material_crosses(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy, questions_per_minute=100)  # students ask a lot here
        async with running(conversation) as api:
            group_a, group_b = api.group_chat(-1001, "یادگیری عمیق الف"), api.group_chat(-1002, "یادگیری عمیق ب")
            admin, student, other = api.private_chat(ADMIN), api.private_chat(STUDENT), api.private_chat(OTHER)

            refused = await _ask(api, group_a, STUDENT, "/course dl_a")
            assert refused == msg.COURSE_UNKNOWN.format(course="dl_a")  # only the bot's admins create courses
            bound = await _ask(api, group_a, ADMIN, "/course DL_A")
            assert "dl_a" in bound and "ساخته شد" in bound
            assert "dl_b" in await _ask(api, group_b, ADMIN, "/course dl_b")
            for group, name, data in ((group_a, "panther.md", PANTHER), (group_b, "deer.md", DEER)):
                before = len(api.calls)
                api.send_document(group, ADMIN, name, data, caption="/add")
                assert name in await upload_report(api, group, before)

            # each group gets its own course's material, and nothing of the other's (nor the default's)
            assert "۲۰۳۱" in await _ask(api, group_a, STUDENT, f"/ask {ASK_PANTHER}")
            assert await _ask(api, group_b, OTHER, f"/ask {ASK_PANTHER}") == msg.NOT_COVERED
            assert "گام ۲" in await _ask(api, group_b, OTHER, f"/ask {ASK_DEER}")
            assert await _ask(api, group_a, STUDENT, f"/ask {ASK_DEER}") == msg.NOT_COVERED
            assert await _ask(api, group_a, STUDENT, "/ask لنت کی اومد؟") == msg.NOT_COVERED  # built-in notes: default's
            assert msg.COURSE_HERE.format(course="dl_a") == await _ask(api, group_a, STUDENT, "/course")

            # a source button of A's answer: A's passage, privately; a start link to it from a student of B only:
            # refused
            answer_a = next(m for (c, _), m in sorted(api.messages.items())
                            if c == group_a["id"] and "۲۰۳۱" in m.get("text", ""))
            source = next(b["callback_data"] for row in answer_a["reply_markup"]["inline_keyboard"] for b in row
                          if b["callback_data"].startswith("src:"))
            before = len(api.calls)
            api.press(group_a, STUDENT, answer_a, source)
            await api.wait_for(lambda: api.replies(student["id"], before))
            assert "پلنگ‌نت" in _texts(api, student["id"], before)[0]
            link = source.replace(":", "_")
            assert await _ask(api, other, OTHER, f"/start {link}") == msg.EXPIRED

            # /docs in B (to the admin, privately): B's documents only
            before = len(api.calls)
            api.send_text(group_b, ADMIN, "/docs")
            await api.wait_for(lambda: api.replies(admin["id"], before))
            docs = _texts(api, admin["id"], before)[0]  # no staff chat: nothing else is sent to the admin
            assert "گوزن" in docs and "پلنگ" not in docs and "لنت" not in docs

            # a private chat: OTHER was seen in B only, so B is theirs without asking
            assert await _ask(api, other, OTHER, ASK_PANTHER) == msg.NOT_COVERED
            assert "گام ۲" in await _ask(api, other, OTHER, ASK_DEER)

            # STUDENT was seen in both groups: their first private question asks which course, as a reply to it;
            # a thanks asks nothing, so it gets its one line, not the choice
            await _ask(api, group_b, STUDENT, f"/ask {ASK_DEER}")
            assert await _ask(api, student, STUDENT, "مرسی 🙏") == msg.NOT_A_QUESTION_REPLY
            before = len(api.calls)
            question = api.send_text(student, STUDENT, ASK_PANTHER)
            await api.wait_for(lambda: api.replies(student["id"], before))
            offer = api.replies(student["id"], before)[0]
            assert offer.params["text"] == msg.COURSE_CHOOSE
            assert offer.params["reply_parameters"]["message_id"] == question["message_id"]
            names = [b["callback_data"] for row in offer.params["reply_markup"]["inline_keyboard"] for b in row]
            assert names == [CHOOSE + "dl_a", CHOOSE + "dl_b"]
            offered = max(m for (c, m) in api.messages if c == student["id"])
            before = len(api.calls)
            api.press(student, STUDENT, api.messages[(student["id"], offered)], CHOOSE + "dl_a")
            await api.wait_for(lambda: api.replies(student["id"], before))
            assert "۲۰۳۱" in _texts(api, student["id"], before)[0]  # the waiting question, answered from A
            assert "dl_a" in api.sent("editMessageText", student["id"], before)[0].params["text"]
            assert await _ask(api, student, STUDENT, ASK_DEER) == msg.NOT_COVERED  # remembered: still A
            assert "dl_b" in await _ask(api, student, STUDENT, "/course dl_b")
            assert "گام ۲" in await _ask(api, student, STUDENT, ASK_DEER)
            assert await _ask(api, other, OTHER, "/course dl_a") == msg.COURSE_NOT_YOURS.format(course="dl_a")

            # a forum bound to A whose one topic is bound to B
            forum = api.forum_chat()
            general_topic, deer_topic = api.topic(forum, ADMIN, "عمومی"), api.topic(forum, ADMIN, "گوزن")
            await _ask(api, forum, ADMIN, "/course dl_a")
            assert msg.COURSE_PLACE_TOPIC in await _ask(api, forum, ADMIN, "/course dl_b", topic=deer_topic)
            assert "۲۰۳۱" in await _ask(api, forum, STUDENT, f"/ask {ASK_PANTHER}", topic=general_topic)
            assert await _ask(api, forum, STUDENT, f"/ask {ASK_PANTHER}", topic=deer_topic) == msg.NOT_COVERED
            assert "گام ۲" in await _ask(api, forum, STUDENT, f"/ask {ASK_DEER}", topic=deer_topic)
            assert not api.rejected

        # one model for every course: the courses' bases share the default's embedder
        courses = Courses.around(conversation)
        assert courses.conversation("dl_a").kb.embedder is conversation.kb.embedder
        assert course_home(kb_copy, "dl_b") == kb_copy / "courses" / "dl_b"
        assert (kb_copy / "courses" / "dl_b" / "kb.sqlite3").exists()
    run(scenario)


def test_a_bad_course_name_is_named_and_changes_nothing(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy)) as api:
            group, student = api.group_chat(-1003, "یادگیری عمیق"), api.private_chat(STUDENT)
            assert await _ask(api, group, ADMIN, "/course bad name!") == msg.COURSE_BAD_NAME
            assert await _ask(api, group, ADMIN, "/course " + "x" * 40) == msg.COURSE_BAD_NAME
            assert await _ask(api, student, STUDENT, "/course دانش!") == msg.COURSE_BAD_NAME
            # nothing was created or bound: the group still asks the default course
            assert await _ask(api, group, STUDENT, "/course") == msg.COURSE_HERE.format(course=course_title(DEFAULT_COURSE))
            assert not api.rejected
    run(scenario)


def _cli(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert (result.exit_code == 0) == ok, result.output
    return result


def test_an_existing_home_is_the_default_course_and_the_cli_works_per_course(kb_copy, tmp_path):
    """A home written by the single-course version (a base, the bot's records with an answer, a vote and an
    upload) opened by this one: the same files, documents and records; the default course is that base, and
    ``--course`` puts a new course beside it."""
    old = make_conversation(kb_copy)
    reply = old.ask("لنت کی اومد؟", 7, STUDENT["id"])
    old.state.vote(reply.answer_id, OTHER["id"], 1)
    old.state.start_upload(-1001, ADMIN["id"], 5, "", "late.md")
    old.state.close()
    before = {p.relative_to(kb_copy): p.read_bytes() for p in kb_copy.rglob("*") if p.is_file()
              and p.name != "bot.sqlite3" and "-wal" not in p.name and "-shm" not in p.name}
    docs = json.loads(_cli("--kb", str(kb_copy), "kb", "list", "--json").output)["documents"]

    conversation = make_conversation(kb_copy)  # this version: the courses' tables are added to the records
    courses = Courses.around(conversation)
    assert courses.names() == [DEFAULT_COURSE]
    state = BotState(kb_copy / "bot.sqlite3")
    assert state.answer(reply.answer_id).question == "لنت کی اومد؟" and state.votes(reply.answer_id) == (1, 0)
    assert [u.name for u in state.unfinished_uploads()] == ["late.md"]
    assert state.course_of_answer(reply.answer_id) is None  # an answer from before courses: the default's
    source = courses.of_answer(reply.answer_id, STUDENT["id"], private=True).callback(f"src:{reply.answer_id}:0", 7)
    assert "LeNet" in source.reply.html
    assert courses.in_group(-1001, None, STUDENT["id"]).kb.home == kb_copy  # unbound groups: the default course

    note = tmp_path / "nlp.md"
    note.write_text("# ترنسفورمر فارسی\n\nمدل پارسبرت روی متن فارسی پیش‌آموزش دید.\n", "utf-8")
    added = json.loads(_cli("--kb", str(kb_copy), "--course", "nlp", "kb", "add", str(note), "--json").output)
    assert added["added"] == [str(note)]
    nlp = json.loads(_cli("--kb", str(kb_copy), "--course", "NLP", "kb", "list", "--json").output)["documents"]
    assert [d["id"] for d in nlp] == ["nlp"]  # a new course starts empty: no built-in notes
    assert json.loads(_cli("--kb", str(kb_copy), "kb", "list", "--json").output)["documents"] == docs
    listed = [json.loads(line) for line in _cli("--kb", str(kb_copy), "kb", "courses", "--json").output.splitlines()]
    assert [(c["course"], c["documents"]) for c in listed] == [(DEFAULT_COURSE, len(docs)), ("nlp", 1)]
    stats = json.loads(_cli("--kb", str(kb_copy), "--course", "nlp", "kb", "stats", "--json").output)
    assert stats["course"] == "nlp" and stats["home"] == str(kb_copy / "courses" / "nlp")
    assert "پارسبرت" in _cli("--kb", str(kb_copy), "--course", "nlp", "ask", "پارسبرت روی چه متنی پیش‌آموزش دید؟").output
    assert courses.names() == [DEFAULT_COURSE, "nlp"]  # the bot sees a course the CLI made
    assert "a course name is" in _cli("--kb", str(kb_copy), "--course", "a/b", "kb", "list", ok=False).output

    after = {p.relative_to(kb_copy): p.read_bytes() for p in kb_copy.rglob("*") if p.is_file()
             and p.relative_to(kb_copy).parts[0] != "courses" and p.name != "bot.sqlite3"
             and "-wal" not in p.name and "-shm" not in p.name}
    assert after.keys() >= before.keys() and all(after[k] == v for k, v in before.items() if k.suffix != ".lock")
    shutil.rmtree(kb_copy / "courses")
