"""Verified answers (issue 25, item 3): a TA's answer becomes the course's verified answer after one admin's tap,
is matched question to question before retrieval, is retired by a 👎 streak, replaced by a TA's correction, and
travels between courses only through `kb verified export/import`."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest
from click.testing import CliRunner
from helpers.bot import ADMIN, OTHER, STUDENT, make_conversation, run, running
from helpers.fake_bot_api import FakeBotAPI

from bot import messages as msg
from bot.kinds import UNANSWERED
from bot.kinds import VERIFIED as FROM_VERIFIED
from bot.verifying import RETIRE_AFTER_DOWNVOTES
from daneshyar.cli import cli
from knowledge import KBConfig, KnowledgeBase
from knowledge import messages as knowledge_messages
from knowledge.types import NOT_COVERED, VERIFIED
from knowledge.verified import ACTIVE, BOT, RETIRED
from knowledge.verified import ADMIN as ADMIN_ROLE

MIDTERM = "امتحان میان‌ترم کی برگزار می‌شود؟"
MIDTERM_AGAIN = "میان ترم کی برگزار میشه؟"
MIDTERM_ANSWER = "میان‌ترم شنبه ۱۵ آذر ساعت ۱۰ در کلاس ۱۰۱ برگزار می‌شود."
THIRD = {"id": 9, "is_bot": False, "first_name": "Reza"}
TITLE = knowledge_messages.VERIFIED_TITLE.split(" (")[0]  # «✅ پاسخ تأییدشده‌ی دستیار آموزشی», the date aside


def _sent_with_button(api: FakeBotAPI, chat_id: int, label: str) -> dict:
    """The newest message the bot sent to ``chat_id`` with a button labelled ``label``."""
    return next(m for (c, _), m in sorted(api.messages.items(), reverse=True) if c == chat_id
                and any(b["text"] == label for row in m.get("reply_markup", {}).get("inline_keyboard", []) for b in row))


def _data(message: dict, label: str) -> str:
    return next(b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row
                if b["text"] == label)


def _popups(api: FakeBotAPI, since: int) -> list[str]:
    return [c.params.get("text", "") for c in api.sent("answerCallbackQuery", since=since)]


def test_a_ta_reply_is_verified_by_one_admin_tap_and_then_answers_a_paraphrase(kb_copy):
    async def scenario():
        api = FakeBotAPI()
        staff = api.group_chat(-100555, "دستیاران")
        async with running(make_conversation(kb_copy, staff_chat=staff["id"], digest_hours=0), api=api):
            group = api.group_chat(-100123)
            question = api.send_text(group, STUDENT, MIDTERM)  # a question to people: the bot stays out of it
            api.send_text(group, OTHER, "فکر کنم هفته‌ی بعد", reply_to=question)  # a student's answer: not offered
            api.send_text(group, ADMIN, MIDTERM_ANSWER, reply_to=question)
            await api.wait_for(lambda: api.replies(staff["id"]))
            assert len(api.replies(staff["id"])) == 1 and not api.replies(group["id"])
            offer = _sent_with_button(api, staff["id"], msg.BUTTON_VERIFY)
            assert MIDTERM in offer["text"] and MIDTERM_ANSWER in offer["text"] and "Maryam" not in offer["text"]
            verify = _data(offer, msg.BUTTON_VERIFY)

            before = len(api.calls)
            api.press(staff, STUDENT, offer, verify)  # not staff: refused
            await api.wait_for(lambda: api.sent("answerCallbackQuery", since=before))
            assert msg.VERIFY_NOT_ADMIN in _popups(api, before)
            assert KnowledgeBase.open(KBConfig(home=kb_copy)).verified.pairs() == []

            before = len(api.calls)
            api.press(staff, ADMIN, offer, verify)
            await api.wait_for(lambda: api.sent("editMessageText", since=before))
            assert any(p.startswith("✅") for p in _popups(api, before))
            assert not offer["reply_markup"]["inline_keyboard"]  # the button is gone from the note

            before = len(api.calls)
            api.send_text(group, OTHER, f"/ask {MIDTERM_AGAIN}")
            await api.wait_for(lambda: api.replies(group["id"], before))
            shown = api.replies(group["id"], before)[0].params["text"]
            assert TITLE in shown and MIDTERM_ANSWER in shown and "Maryam" not in shown

            before = len(api.calls)
            api.press(staff, ADMIN, offer, verify)  # a tap on a stale copy (another admin's screen) changes nothing
            await api.wait_for(lambda: api.sent("answerCallbackQuery", since=before))
            assert msg.VERIFY_ALREADY in _popups(api, before)
            assert not api.rejected
        pairs = KnowledgeBase.open(KBConfig(home=kb_copy)).verified.pairs()
        assert [(p.question, p.answer, p.role, p.status) for p in pairs] == [(MIDTERM, MIDTERM_ANSWER, ADMIN_ROLE, ACTIVE)]
    run(scenario)


def test_a_non_admin_cannot_have_an_answer_offered_or_verify_one(kb_copy):
    conversation = make_conversation(kb_copy)
    assert conversation.offer_answer(MIDTERM, MIDTERM_ANSWER, STUDENT["id"], "reply") is None
    offer = conversation.offer_answer(MIDTERM, MIDTERM_ANSWER, ADMIN["id"], "reply")
    data = offer.buttons[0][0].data
    assert conversation.callback(data, STUDENT["id"]).notice == msg.VERIFY_NOT_ADMIN
    assert conversation.ask(MIDTERM_AGAIN, -100123, OTHER["id"], private=False).html.count(TITLE) == 0
    assert conversation.callback(data, ADMIN["id"]).notice.startswith("✅")
    assert TITLE in conversation.ask(MIDTERM_AGAIN, -100123, OTHER["id"], private=False).html
    # /stats counts it as answered from a verified pair (bot/kinds.py), the earlier one from the material
    assert [kind for _, kind in conversation.state.sources(0, time.time() + 1)] == [UNANSWERED, FROM_VERIFIED]


def test_a_down_vote_streak_retires_an_answer_and_the_question_goes_to_a_human(kb_copy):
    conversation = make_conversation(kb_copy, digest_hours=0)
    question = "لنت کی اومد؟"
    first = conversation.ask(question, -100123, STUDENT["id"], private=False)
    assert "۱۹۹۸" in first.html
    voters = (STUDENT, OTHER, THIRD)[:RETIRE_AFTER_DOWNVOTES]
    notes = [conversation.callback(f"fb:{first.answer_id}:-1", voter["id"], first.html).staff for voter in voters]
    assert notes[:-1] == [""] * (len(voters) - 1) and question in notes[-1]  # retired on the last 👎, once
    again = conversation.ask("لنت کی اومده؟", -100123, OTHER["id"], private=False)
    assert again.html == msg.RETIRED and "۱۹۹۸" not in again.html and "لنت کی اومده؟" in again.staff
    answer = conversation.kb.ask(question)
    assert answer.kind == NOT_COVERED and answer.verified is not None and answer.verified.status == RETIRED
    # a fourth 👎 retires nothing more
    assert conversation.callback(f"fb:{first.answer_id}:-1", ADMIN["id"], first.html).staff == ""
    assert len(conversation.kb.verified.pairs()) == 1


def test_a_ta_correction_of_the_bots_answer_replaces_it_once_tapped(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy, digest_hours=0)
        async with running(conversation) as api:
            group, admin = api.group_chat(-100123), api.private_chat(ADMIN)
            api.send_text(group, STUDENT, "/ask لنت کی اومد؟")
            await api.wait_for(lambda: api.replies(group["id"]))
            answer = next(m for (c, _), m in sorted(api.messages.items()) if c == group["id"] and "۱۹۹۸" in m.get("text", ""))
            api.send_text(group, ADMIN, "LeNet-5 در سال ۱۹۹۸ در مقاله‌ی LeCun معرفی شد؛ نسخه‌های اولش از ۱۹۸۹ بودند.",
                          reply_to=answer)
            await api.wait_for(lambda: api.replies(admin["id"]))  # no staff chat: the admin privately
            offer = _sent_with_button(api, admin["id"], msg.BUTTON_VERIFY)
            assert "لنت کی اومد؟" in offer["text"] and "۱۹۸۹" in offer["text"]
            assert len(api.replies(group["id"])) == 1  # the correction was not read as a follow-up question
            before = len(api.calls)
            api.press(admin, ADMIN, offer, _data(offer, msg.BUTTON_VERIFY))
            await api.wait_for(lambda: api.sent("editMessageText", since=before))
            before = len(api.calls)
            api.send_text(group, OTHER, "/ask لنت کی اومد؟")
            await api.wait_for(lambda: api.replies(group["id"], before))
            shown = api.replies(group["id"], before)[0].params["text"]
            assert TITLE in shown and "۱۹۸۹" in shown
        pairs = {p.status: p for p in conversation.kb.verified.pairs()}
        assert pairs[RETIRED].role == BOT and "۱۹۹۸" in pairs[RETIRED].answer  # what the bot said, kept retired
        assert pairs[ACTIVE].replaces == pairs[RETIRED].id
    run(scenario)


def test_learn_offers_the_answer_for_verification_too(kb_copy):
    async def scenario():
        async with running(make_conversation(kb_copy, digest_hours=0)) as api:
            group, admin = api.group_chat(-100123), api.private_chat(ADMIN)
            question = api.send_text(group, STUDENT, MIDTERM)
            good = api.send_text(group, OTHER, MIDTERM_ANSWER, reply_to=question)
            api.send_text(group, ADMIN, "/learn", reply_to=good)
            await api.wait_for(lambda: api.replies(admin["id"]))
            offer = _sent_with_button(api, admin["id"], msg.BUTTON_VERIFY)
            assert MIDTERM in offer["text"] and MIDTERM_ANSWER in offer["text"]
    run(scenario)


def _cli(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert (result.exit_code == 0) == ok, result.output
    return result


def test_export_import_round_trip_and_courses_stay_apart(tmp_path):
    home = str(tmp_path / "home")
    lines = [{"question": MIDTERM, "answer": MIDTERM_ANSWER, "phrasings": ["midterm kei hast?"]},
             {"question": "پروژه‌ی پایانی را چطور تحویل بدهیم؟", "answer": "در سامانه‌ی درس، تا پایان هفته‌ی ۱۶."}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), "utf-8")
    assert "added 2" in _cli("--kb", home, "kb", "verified", "import", "--course", "dl1", str(source)).output
    exported = _cli("--kb", home, "kb", "verified", "export", "--course", "dl1").output
    (tmp_path / "out.jsonl").write_text(exported, "utf-8")
    first = [json.loads(line) for line in exported.splitlines()]
    assert [p["question"] for p in first] == [line["question"] for line in lines] and first[0]["course"] == "dl1"

    asked = json.loads(_cli("--kb", home, "--course", "dl1", "ask", "میان ترم کی برگزار میشه؟", "--json").output)
    assert asked["kind"] == VERIFIED and asked["verified"]["answer"] == MIDTERM_ANSWER
    other = json.loads(_cli("--kb", home, "--course", "dl2", "ask", "میان ترم کی برگزار میشه؟", "--json").output)
    assert other["kind"] != VERIFIED and MIDTERM_ANSWER not in other["answer"]  # never another course's

    report = json.loads(_cli("--kb", home, "kb", "verified", "import", "--course", "dl2", str(tmp_path / "out.jsonl"),
                             "--json").output)
    assert report == {"course": "dl2", "added": 2, "updated": 0, "unchanged": 0}
    again = json.loads(_cli("--kb", home, "kb", "verified", "import", "--course", "dl1", str(tmp_path / "out.jsonl"),
                            "--json").output)
    assert again["unchanged"] == 2 and again["added"] == 0
    listed = [json.loads(line) for line in _cli("--kb", home, "kb", "verified", "list", "--course", "dl2",
                                                "--json").output.splitlines()]
    assert [(p["id"], p["question"], p["answer"], p["phrasings"]) for p in listed] == \
        [(p["id"], p["question"], p["answer"], p["phrasings"]) for p in first]
    assert {p["course"] for p in listed} == {"dl2"}


def test_a_broken_line_imports_nothing_and_loses_nothing(tmp_path):
    home = str(tmp_path / "home")
    good = json.dumps({"question": MIDTERM, "answer": MIDTERM_ANSWER}, ensure_ascii=False)
    (tmp_path / "good.jsonl").write_text(good + "\n", "utf-8")
    _cli("--kb", home, "kb", "verified", "import", str(tmp_path / "good.jsonl"))
    before = _cli("--kb", home, "kb", "verified", "export").output
    for broken, reason in (('{"question": "x"', "line 2: not JSON"),
                           ('{"question": "x", "answer": ""}', "line 2: a pair needs"),
                           ('{"question": "x", "answer": "y", "role": "student"}', "line 2: role must be")):
        new = json.dumps({"question": "پروژه کی تحویل می‌شود؟", "answer": "هفته‌ی ۱۶"}, ensure_ascii=False)
        (tmp_path / "bad.jsonl").write_text(f"{new}\n{broken}\n", "utf-8")
        result = _cli("--kb", home, "kb", "verified", "import", str(tmp_path / "bad.jsonl"), ok=False)
        assert reason in result.output and "nothing imported" in result.output and "Traceback" not in result.output
        assert _cli("--kb", home, "kb", "verified", "export").output == before


def test_a_pair_is_matched_by_meaning_and_words_and_finglish(kb_copy):
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    kb.verify(MIDTERM, MIDTERM_ANSWER, "ta", phrasings=["midterm kei hast?"])
    assert kb.ask("midterm kei hast?").kind == VERIFIED  # Finglish, read the same way on both sides
    assert kb.ask("میان ترم کی برگزار میشه؟").kind == VERIFIED
    assert kb.ask("میان ترم ۱۴۰۴ کی برگزار میشه؟").kind != VERIFIED  # another number: another question
    unrelated = kb.ask("نقطه زینی چیه؟")
    assert unrelated.kind != VERIFIED and unrelated.answered  # the material's answer, unchanged
    assert replace(unrelated, verified=None) == unrelated


def test_a_near_miss_that_puts_one_thing_in_place_of_another_is_left_alone(kb_copy):
    """The second stage (issue 25): a question that keeps a pair's frame and changes what it is about scores as
    high by meaning as a paraphrase; what it names in place of the pair's («zero/reflect» for «same/valid») and how
    far it stands above the course's other pairs tell it apart, and a paraphrase is still matched."""
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    kb.verify("تو keras فرق padding='same' با padding='valid' چیه؟", "valid صفر اضافه نمی‌کند؛ same …", "ta")
    kb.verify("فرق max pooling با average pooling چیه؟", "max بیشینه‌ی پنجره را نگه می‌دارد …", "ta")
    kb.verify("LeNet رو کی معرفی کرد و برای چه کاری بود؟", "LeCun، برای خواندن رقم‌های دست‌نویس …", "ta")
    assert kb.ask("What's the difference between 'same' and 'valid' padding in Keras?").kind == VERIFIED
    # The bare «same یا valid؟ فرقشون چیه» is not matched here any more: in a course of three pairs it scores
    # as low as the «zero/reflect» near miss below (0.9960 and 0.9959, threshold 0.9975), so no threshold keeps
    # both; a missed paraphrase gets the material's answer, a wrong match would give the wrong one.
    assert kb.ask("max pooling ba average pooling che farghi daran?").kind == VERIFIED
    assert kb.ask("فرق zero padding با reflect padding چیه؟ کدوم بهتره؟").kind != VERIFIED
    # «فرق GlobalMaxPooling با GlobalAveragePooling چیه؟» was asserted here, but it was only ruled out by the «2» of
    # «globalaveragepooling2d» (the glossary spelling reading the question writes) counted as a number the pair
    # lacks; with a name's digits read as the name's (knowledge/verified.py, Reading) nothing tells it from the
    # max/average pair: it names a narrower pooling on each side, which the layer rule counts as the same layers.
    assert kb.ask("AlexNet رو کی معرفی کرد و برای چه کاری بود؟").kind != VERIFIED  # another architecture
    assert kb.ask("لنت رو کی ساخت و واسه چی بود؟").kind == VERIFIED


def test_a_question_about_the_other_end_of_a_scale_is_another_question(kb_copy):
    """«learning rate خیلی کم» and «خیلی زیاد», «دیتاستم بزرگه» and «کوچیکه»: e5 puts them at 0.98, and they
    matched each other's pairs (two of the fresh file's three wrong matches); one end for the other never counts."""
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    kb.verify("اگه learning rate رو خیلی زیاد بذاریم چه اتفاقی میفته؟", "گام‌ها از کمینه رد میشن …", "ta")
    kb.verify("دیتاستم کوچیکه (حدود 2000 تا عکس). چطوری از یه ResNet که روی ImageNet آموزش دیده استفاده کنم؟",
              "لایه‌ی آخر را عوض کن و بقیه را freeze کن …", "ta")
    assert kb.ask("What happens if the learning rate is set too high?").kind == VERIFIED
    assert kb.ask("عواقب lr خیلی بزرگ؟").kind == VERIFIED
    assert kb.ask("age learning rate kheili bala bashe chi mishe?").kind == VERIFIED
    assert kb.ask("اگه learning rate رو خیلی کم بذاریم چی میشه؟").kind != VERIFIED  # matched before
    assert kb.ask("age learning rate kheili paeen bashe chi mishe?").kind != VERIFIED  # matched before
    assert kb.ask("دیتاستم بزرگه (حدود یک میلیون عکس). بازم از ResNet پیش‌آموزش‌دیده استفاده کنم یا از صفر ترین کنم؟"
                  ).kind != VERIFIED  # matched before


def test_scale_reads_which_end_a_question_asks_about():
    from knowledge.verified import opposite, scale

    assert scale("دیتاستم کوچیکه (حدود 2000 تا عکس)") == {"low"} and scale("دیتاستم بزرگه") == {"high"}
    assert scale("چرا لاس مینی‌بچ بالا پایین میره") == {"low", "high"}  # both ends: no end for another
    assert opposite(scale("lr خیلی کم"), scale("lr خیلی زیاد")) and not opposite(scale("lr کم"), scale("بالا پایین"))
    assert not opposite(scale("LeNet چیه؟"), scale("lr خیلی زیاد"))


def test_swaps_count_what_one_question_names_in_place_of_the_others():
    from knowledge.analyzer import Analyzer
    from knowledge.verified import distinctive, swaps

    analyzer = Analyzer()
    names = lambda text: distinctive(analyzer, text)
    same_valid = names("تو keras فرق padding='same' با padding='valid' چیه؟")
    assert swaps(names("فرق zero padding با reflect padding چیه؟"), same_valid) >= 1
    assert swaps(names("same یا valid؟ فرقشون چیه"), same_valid) == 0  # fewer words, nothing in their place
    assert swaps(names("تعداد پارامتر conv با 64 فیلتر"), names("کانولوشن با 64 فیلتر چند پارامتر داره؟")) == 0


def test_the_contrast_is_a_pairs_passage_cosine_over_the_questions_level_for_the_other_pairs():
    """The contrast (knowledge/verified.py): e5 scores every two course questions high, so what counts is how far
    the pair stands above the question's mean for the course's other pairs, CONTRAST_PRIOR counting as one more;
    and the same for the pairs' questions and answers as passages."""
    import numpy as np

    from knowledge.verified import ANSWERED_PRIOR, CONTRAST_PRIOR, Matcher, new_pair

    unit = lambda *v: np.array(v, dtype=np.float32) / np.linalg.norm(v)
    vectors = {"a": unit(1, 0, 0), "a2": unit(1, 1, 0), "b": unit(0, 1, 0), "c": unit(0, 0, 1), "q": unit(1, 0, 0)}
    pairs = [new_pair("dl", "a", "A", "ta", phrasings=["a2"]), new_pair("dl", "b", "B", "ta"),
             new_pair("dl", "c", "C", "ta")]
    matcher = Matcher(pairs, read=lambda text: text, embed=vectors.__getitem__, passage=vectors.__getitem__)
    contrast = {row.phrasing: row.contrast for row in matcher.alike("q")}
    assert contrast["a"] == pytest.approx(1.0 - (0.0 + 0.0 + CONTRAST_PRIOR) / 3)
    assert contrast["a2"] == pytest.approx(np.sqrt(0.5) - CONTRAST_PRIOR / 3)  # the same pair's other phrasing
    assert contrast["b"] == pytest.approx(0.0 - (1.0 + 0.0 + CONTRAST_PRIOR) / 3)  # "a" by its best phrasing
    without = Matcher(pairs, read=lambda text: text, embed=vectors.__getitem__)
    assert {row.contrast for row in without.alike("q")} == {0.0}  # no passage vectors: no contrast
    answers = {"A": unit(1, 0, 0), "B": unit(0, 1, 0), "C": unit(0, 1, 0)}  # the pair's question and answer too
    both = Matcher(pairs, read=lambda text: text, embed=vectors.__getitem__,
                   passage=vectors.__getitem__, answered=lambda pair: answers[pair.answer])
    assert {row.phrasing: row.contrast for row in both.alike("q")}["a"] == pytest.approx(
        contrast["a"] + 1.0 - (0.0 + 0.0 + ANSWERED_PRIOR) / 3)
    # a correction that took over from "a" is the same question, not another pair it must stand above
    correction = replace(new_pair("dl", "a", "A", "ta", phrasings=["a2"]), replaces=pairs[0].id)
    chained = Matcher([*pairs, correction], read=lambda text: text, embed=vectors.__getitem__,
                      passage=vectors.__getitem__)
    assert [row.contrast for row in chained.alike("q") if row.phrasing == "a"] == pytest.approx([contrast["a"]] * 2)


def test_a_question_about_another_layer_in_the_same_frame_is_another_question(kb_copy):
    """«FLOPs یه لایه fully connected» beside a pair about a convolution layer's FLOPs: e5 scores them as alike as
    a paraphrase, and «dense» and «convolution» are both generic glossary terms, so only a small swap told them
    apart (the fresh file's last wrong match).  The glossary's family of layers (its column 4) says they are
    alternatives; a narrower or broader layer («Conv2D», «pooling» for «max pooling») is not another one."""
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    kb.verify("تعداد ضرب‌ها (FLOPs) یه لایه کانولوشن رو چجوری حساب می‌کنن؟", "H_o × W_o × F × k × k × C_in …", "ta")
    kb.verify("LSTM چطوری جلوی محو شدن گرادیان رو می‌گیره؟", "با گیت فراموشی و حالت سلول …", "ta")
    kb.verify("فرق max pooling با average pooling چیه؟", "max بیشینه‌ی پنجره را نگه می‌دارد …", "ta")
    assert kb.ask("FLOPs یه لایه کانولوشن رو چطوری حساب کنیم؟").kind == VERIFIED
    assert kb.ask("FLOPs یه لایه fully connected رو چجوری حساب می‌کنن؟").kind != VERIFIED
    assert kb.ask("GRU چطوری جلوی محو شدن گرادیان رو می‌گیره؟").kind != VERIFIED
    assert kb.ask("max pooling ba average pooling che farghi daran?").kind == VERIFIED


def test_the_glossary_family_reads_which_layers_are_alternatives():
    from knowledge.analyzer import Analyzer
    from knowledge.verified import other_layer, reading

    analyzer = Analyzer()
    layers = lambda text: reading(analyzer, text).layers
    assert other_layer(layers("لایه fully connected"), layers("لایه کانولوشن"))
    assert other_layer(layers("LSTM"), layers("GRU")) and other_layer(layers("maxpool"), layers("avgpool"))
    assert not other_layer(layers("Conv2D"), layers("کانولوشن"))  # a kind of convolution, not another layer
    # (a fresh file's different questions matched as the BatchNorm and convolution pairs)
    assert other_layer(layers("LayerNorm موقع تست"), layers("بچ‌نرم تو inference"))
    assert other_layer(layers("فرق Conv2D با Conv2DTranspose"), layers("کانولوشن یک بعدی و دو بعدی"))
    assert not other_layer(layers("pooling"), layers("max pooling")) and not other_layer(layers("dense"), layers("LeNet"))
    term = next(t for t in analyzer.glossary.terms if t.canonical == "global average pooling")
    assert analyzer.glossary.family(term) == ("global_average_pooling", "average_pooling", "pooling", "layer")


def test_the_relevance_is_the_pairs_question_and_answer_as_what_the_question_searches_for():
    """The question's query vector against each pair's question and answer as one passage, over its mean for the
    other pairs (RELEVANCE_PRIOR counting as one more): e5's own task, query to passage."""
    import numpy as np

    from knowledge.verified import RELEVANCE_PRIOR, Matcher, new_pair

    unit = lambda *v: np.array(v, dtype=np.float32) / np.linalg.norm(v)
    vectors = {"a": unit(1, 1, 0), "b": unit(1, 1, 0), "q": unit(1, 0, 0)}
    answers = {"A": unit(1, 0, 0), "B": unit(0, 0, 1)}  # only A's answer is what q searches for
    pairs = [new_pair("dl", "b", "B", "ta"), new_pair("dl", "a", "A", "ta")]  # on a tie the first would rank first
    matcher = Matcher(pairs, read=lambda text: text, embed=vectors.__getitem__, passage=vectors.__getitem__, answered=lambda pair: answers[pair.answer])
    relevance = {row.phrasing: row.relevance for row in matcher.alike("q")}
    assert relevance["a"] == pytest.approx(1.0 - (0.0 + RELEVANCE_PRIOR) / 2)
    assert relevance["b"] == pytest.approx(0.0 - (1.0 + RELEVANCE_PRIOR) / 2)
    assert matcher.scores("q")[0][1] is pairs[1]  # the questions alike, the answer decides


def test_the_digits_of_a_name_are_not_a_number_asked_about(kb_copy):
    """«MaxPooling2D», «LeNet-5»: the digits are the name's, not a number the pair lacks, so a paraphrase that
    writes the name (or «0» where the pair wrote «صفر») is not ruled out as another question by the number rule
    (both were before); another variant of an architecture («ResNet152» beside «ResNet18 با ResNet50») still is
    another question."""
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    kb.verify("لایه MaxPooling چندتا پارامتر قابل آموزش داره؟ تو summary مدل صفر نوشته درسته؟",
              "لایه‌های pooling هیچ پارامتری ندارن …", "ta")
    kb.verify("تو LeNet از چه تابع فعال‌سازی و چه نوع poolingی استفاده شده؟", "Sigmoid و average pooling …", "ta")
    kb.verify("فرق ResNet18 با ResNet50 چیه به جز تعداد لایه؟", "ResNet50 بلوک bottleneck دارد …", "ta")
    assert kb.ask("چرا تو model.summary جلوی MaxPooling2D نوشته 0؟ یعنی پارامتر نداره؟").kind == VERIFIED
    assert kb.ask("activation و pooling تو LeNet-5؟").kind == VERIFIED
    assert kb.ask("پارامترهای ResNet152 چندتاست؟").kind != VERIFIED
    assert kb.ask("ResNet50 با ResNet101 چه فرقی داره؟").kind != VERIFIED


def test_a_reading_tells_a_names_digits_from_the_numbers_asked_about():
    from knowledge.analyzer import Analyzer
    from knowledge.verified import other_model, reading

    analyzer = Analyzer()
    read = lambda text: reading(analyzer, text)
    assert read("یه Conv2D با 64 فیلتر").numbers == {"64"} and read("لایه MaxPooling2D").numbers == set()
    assert read("LeNet-5 چندتا پارامتر داره؟").models == {("lenet", "5")} and not read("LeNet-5").numbers
    assert read("رزنت ۵۰").models == read("ResNet50").models == {("resnet", "50")}
    assert read("conv 3x3 روی ورودی 224x224").numbers == {"3", "224"}  # sizes are numbers asked about
    assert read("پارامترای conv3x3 با ۶۴فیلتر؟").numbers == {"3", "64"}  # glued to a name or not
    assert "0" in read("تو summary صفر نوشته").written  # a number in words covers the digit
    assert not other_model(read("LeNet-5").models, read("LeNet").models)  # no variant covers every variant
    assert other_model(read("ResNet152").models, read("ResNet18 با ResNet50").models)
    assert other_model(read("VGG16").models, read("ResNet50").models)


def test_a_pair_ruled_out_still_counts_as_the_runner_up(kb_copy):
    """A question as near a pair it cannot be (another variant of the architecture) sits among near misses: the
    pair ruled out is still the runner-up of the margin.  «بلوک basic تو ResNet18» was answered from the ResNet18/50
    pair once the ResNet50 bottleneck pair, nearest by meaning, was ruled out and no longer its runner-up."""
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    kb.verify("بلوک bottleneck تو ResNet50 چه ساختاری داره؟", "سه لایه: 1×1، 3×3 و 1×1 …", "ta")
    kb.verify("فرق ResNet18 با ResNet50 چیه به جز تعداد لایه؟", "ResNet50 بلوک bottleneck دارد …", "ta")
    kb.verify("Global Average Pooling دقیقا چیکار می‌کنه؟ خروجیش چه شکلیه؟", "میانگین هر کانال …", "ta")
    kb.verify("فرق max pooling با average pooling چیه؟", "max بیشینه‌ی پنجره را نگه می‌دارد …", "ta")
    assert kb.ask("بلوک basic تو ResNet18 چه ساختاری داره؟").kind != VERIFIED
    assert kb.ask("Global Max Pooling چیکار میکنه؟").kind != VERIFIED
    assert kb.ask("bottleneck block to ResNet50 che sakhtari dare?").kind == VERIFIED
    assert kb.ask("ResNet18 vs ResNet50 غیر از عمق؟").kind == VERIFIED


def test_an_english_word_before_a_layer_names_a_kind_of_it(kb_copy):
    """«min pooling» beside «max یا average pooling»: the glossary knows no «min pooling», so the question named
    only «pooling», which the pair's two poolings are kinds of, and it was answered from the pair.  English puts
    the kind before the thing: an unknown English word right before a layer names a kind of that layer."""
    from knowledge.analyzer import Analyzer
    from knowledge.verified import other_layer, reading

    layers = lambda text: reading(Analyzer(), text).layers
    assert other_layer(layers("min pooling"), layers("max pooling با average pooling"))
    assert not other_layer(layers("global max pooling"), layers("max pooling"))  # a kind of the layer named
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    kb.verify("فرق max pooling با average pooling چیه؟", "max بیشینه‌ی پنجره را نگه می‌دارد …", "ta")
    kb.verify("Global Average Pooling دقیقا چیکار می‌کنه؟ خروجیش چه شکلیه؟", "میانگین هر کانال …", "ta")
    assert kb.ask("فرق max pooling با min pooling چیه؟").kind != VERIFIED
    assert kb.ask("What is the difference between max pooling and average pooling?").kind == VERIFIED


def test_a_question_for_a_person_or_a_date_is_another_question_than_what_a_thing_holds(kb_copy):
    """«VGG توسط چه کسانی معرفی شد؟» beside a pair about what a VGG block holds: alike by meaning and by name (the
    second fresh file's one wrong match).  Asking who or when, only a phrasing asking who or when can match."""
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    kb.verify("یه بلوک VGG از چه لایه‌هایی تشکیل شده؟", "چند کانولوشن 3×3 و در آخر یه max pooling …", "ta")
    kb.verify("لنت رو کی ساخت و واسه چی بود؟", "یان لکان، برای خواندن رقم‌های دست‌نویس …", "ta")
    assert kb.ask("بلوک VGG از چه لایه‌هایی تشکیل میشه؟").kind == VERIFIED
    assert kb.ask("شبکه VGG توسط چه کسانی و در چه سالی معرفی شد؟").kind != VERIFIED
    assert kb.ask("LeNet رو کی ساخت و واسه چی بود؟").kind == VERIFIED  # a who for a who


def test_who_and_when_are_read_from_the_question():
    from knowledge.intent import QuestionType
    from knowledge.verified import bare_reading, other_ask

    assert bare_reading("VGG رو کی ساخت؟").asks == {QuestionType.WHO}
    assert bare_reading("لنت کی اومد؟").asks == {QuestionType.WHEN}
    assert not bare_reading("یه بلوک VGG از چه لایه‌هایی تشکیل شده؟").asks
    assert other_ask(bare_reading("VGG رو کی ساخت؟").asks, frozenset())
    assert not other_ask(frozenset(), bare_reading("VGG رو کی ساخت؟").asks)
