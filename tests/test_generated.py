"""Generated answers through `daneshyar ask --json`, against a fake OpenAI-compatible server on 127.0.0.1
(tests/helpers/fake_llm.py): each scripted behaviour of a model and what a student is shown."""

from __future__ import annotations

import asyncio
import json

import pytest
from click.testing import CliRunner
from helpers.fake_llm import (
    ECHO,
    HTTP_500,
    INVENTED,
    INVENTED_FIRST,
    INVENTED_SENTENCE,
    MALFORMED,
    MARKER,
    NO_CITATION,
    STALL,
    WRONG_NUMBER,
    FakeLLM,
    scripted_reply,
)

from bot.formatting import plain
from daneshyar.cli import cli
from knowledge.grounded import NO_CITATION as WHY_NO_CITATION
from knowledge.grounded import NOT_ANSWERED, NOT_IN_PASSAGES, NUMBER, TOO_LITTLE, UNSUPPORTED, split
from knowledge.llm import DEADLINE

QUESTION = "لنت کی اومد؟"


def ask(kb: str, llm: FakeLLM | None, *extra: str, question: str = QUESTION) -> dict:
    env = {"DANESHYAR_LLM_URL": llm.url, "DANESHYAR_LLM_MODEL": "fake-7b", "DANESHYAR_LLM_API_KEY": "sk-secret",
           "DANESHYAR_LLM_TIMEOUT": "1"} if llm else {}
    result = CliRunner(env=env).invoke(cli, ["--kb", kb, "ask", question, "--json", *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "sk-secret" not in result.output
    return json.loads(result.output)


def test_a_grounded_answer_is_used_with_its_checks(kb_copy):
    with FakeLLM(ECHO) as llm:
        out = ask(str(kb_copy), llm)
    assert out["generated"] is True and out["generation"]["model"] == "fake-7b"
    sentences = out["generation"]["sentences"]
    assert sentences and all(s["passed"] and s["citations"] == [1] for s in sentences)
    assert "[1]" in out["answer"] and "fake-7b" in out["answer"]
    request = llm.requests[0]
    assert request["authorization"] == "Bearer sk-secret" and request["model"] == "fake-7b"
    user = request["messages"][-1]["content"]
    assert out["sources"][0]["title"] in user and QUESTION in user  # numbered passages with titles
    assert out["generation"]["check_ms"] < 1000 and out["generation"]["model_s"] >= 0


def test_an_invented_sentence_is_dropped_and_the_rest_kept(kb_copy):
    with FakeLLM(INVENTED) as llm:
        out = ask(str(kb_copy), llm)
    dropped = [s for s in out["generation"]["sentences"] if not s["passed"]]
    assert [s["why"] for s in dropped] == [UNSUPPORTED]
    assert "نوبل" not in out["answer"] and out["generated"] is True


def test_a_sentence_with_a_wrong_number_is_dropped(kb_copy):
    with FakeLLM(WRONG_NUMBER) as llm:
        out = ask(str(kb_copy), llm)
    wrong = [s for s in out["generation"]["sentences"] if s["why"] == NUMBER]
    assert len(wrong) == 1 and not wrong[0]["passed"]
    assert wrong[0]["text"] not in out["answer"]


def test_no_citations_leave_too_little_and_the_extractive_answer_is_sent(kb_copy):
    with FakeLLM(NO_CITATION) as llm:
        out = ask(str(kb_copy), llm)
    assert out["generated"] is False and out["generation"]["fallback"] == TOO_LITTLE
    assert {s["why"] for s in out["generation"]["sentences"]} == {WHY_NO_CITATION}
    assert "۱۹۹۸" in out["answer"] and "fake-7b" not in out["answer"]  # the extractive answer


@pytest.mark.parametrize("behaviour, reason", [(MARKER, NOT_ANSWERED), (STALL, "timeout"), (HTTP_500, "http_error"),
                                               (MALFORMED, "malformed")])
def test_model_failures_fall_back_to_the_extractive_answer(kb_copy, behaviour, reason):
    with FakeLLM(behaviour, stall_s=2.5) as llm:
        out = ask(str(kb_copy), llm)
    assert out["generated"] is False and out["generation"]["fallback"] == reason
    assert out["answered"] is True and "۱۹۹۸" in out["answer"]


def test_no_model_configured_or_no_llm_or_not_covered_never_calls_it(kb_copy):
    out = ask(str(kb_copy), None)
    assert out["generated"] is False and "generation" not in out
    with FakeLLM(ECHO) as llm:
        assert ask(str(kb_copy), llm, "--no-llm")["generated"] is False
        assert ask(str(kb_copy), llm, question="طرز تهیه قورمه سبزی چیه؟")["answered"] is False
        calc = ask(str(kb_copy), llm, question="یه کانولوشن ۳ در ۳ با ۶۴ فیلتر روی ورودی ۳ کاناله چند پارامتر داره؟")
        assert calc["kind"] == "calculation" and "generated" not in calc  # calculations are never generated
        assert llm.requests == []  # abstention and calculations decide before any call
    assert INVENTED_SENTENCE not in json.dumps(out, ensure_ascii=False)


# -- through the bot, against the fake Bot API ------------------------------------------------------------


def bot_with_model(kb_copy, llm: FakeLLM, timeout_s: float = 1.0, deadline_s: float = 30.0):
    from helpers.bot import make_conversation

    from knowledge.llm import ChatModel, ModelConfig

    conversation = make_conversation(kb_copy)
    conversation.model = ChatModel(ModelConfig(llm.url, "fake-7b", "sk-secret", timeout_s, deadline_s=deadline_s))
    return conversation


def sent_texts(api, chat) -> list[str]:
    """Every text the bot put in the chat, sent or edited in, in order."""
    return [c.params["text"] for c in api.sent(chat_id=chat["id"]) if c.method in ("sendMessage", "editMessageText")]


def streamed(api, chat) -> list[str]:
    """What the student saw while the model wrote: each streamed text, without the cursor and the note."""
    from bot import messages as msg

    return [plain(text.split(" ▍")[0]).strip() for text in sent_texts(api, chat) if msg.WRITING in text]


def final_text(api, chat) -> tuple[str, list[str]]:
    message = api.messages[(chat["id"], max(m for c, m in api.messages if c == chat["id"]))]
    buttons = [b["callback_data"] for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
               for b in row]
    return message["text"], buttons


def test_the_bot_streams_a_grounded_answer_then_puts_the_checked_one_in_place(kb_copy):
    from helpers.bot import STUDENT, run, running

    from bot import messages as msg

    async def scenario():
        with FakeLLM(INVENTED) as llm:
            async with running(bot_with_model(kb_copy, llm)) as api:
                chat = api.private_chat(STUDENT)
                api.send_text(chat, STUDENT, QUESTION)
                await api.wait_for(lambda: any("[1]" in c.params["text"] and msg.WRITING not in c.params["text"]
                                               for c in api.sent("editMessageText", chat["id"])))
                streamed = api.replies(chat["id"])[0].params["text"]
                assert msg.WRITING in streamed  # the first checked sentence, sent as soon as it passed
                text, buttons = final_text(api, chat)
                assert "[1]" in text and "fake-7b" in text and "نوبل" not in text  # the invented sentence dropped
                assert any(b.startswith("src:") for b in buttons) and any(b.startswith("fb:") for b in buttons)
                assert len(api.replies(chat["id"])) == 1 and not api.rejected
                assert llm.requests[0]["stream"] is True
    run(scenario)


@pytest.mark.parametrize("behaviour, reason", [(STALL, "timeout"), (HTTP_500, "http_error"),
                                               (MALFORMED, "malformed"), (NO_CITATION, TOO_LITTLE)])
def test_the_bot_sends_the_extractive_answer_when_the_model_fails(kb_copy, behaviour, reason, caplog):
    import logging

    from helpers.bot import OTHER, STUDENT, run, running
    from helpers.fake_bot_api import TOKEN

    from bot.app import protect_logs

    async def scenario():
        with FakeLLM(behaviour, stall_s=2.5) as llm:
            async with running(bot_with_model(kb_copy, llm, timeout_s=2.0)) as api:
                chat, other = api.private_chat(STUDENT), api.private_chat(OTHER)
                api.send_text(chat, STUDENT, QUESTION)
                if behaviour == STALL:  # a slow model holds up no one else's question
                    await api.wait_for(lambda: llm.requests)
                    api.send_text(other, OTHER, "طرز تهیه قورمه سبزی چیه؟")
                    await api.wait_for(lambda: api.replies(other["id"]), timeout=1.5)
                await api.wait_for(lambda: final_text(api, chat)[1])  # the answer with its buttons
                text, _ = final_text(api, chat)
                assert "۱۹۹۸" in text and "fake-7b" not in text and not api.rejected
    with caplog.at_level(logging.INFO):
        protect_logs(TOKEN, "sk-secret")
        run(scenario)
    assert f"not used ({reason})" in caplog.text  # the log says why
    assert "sk-secret" not in caplog.text


@pytest.mark.parametrize("behaviour", [INVENTED_FIRST, WRONG_NUMBER])
def test_only_checked_sentences_are_ever_shown_while_the_model_writes(kb_copy, behaviour):
    from helpers.bot import STUDENT, run, running

    async def scenario():
        with FakeLLM(behaviour, trickle_s=0.3) as llm:  # pieces slower than the edits: each could be shown
            async with running(bot_with_model(kb_copy, llm)) as api:
                chat = api.private_chat(STUDENT)
                api.send_text(chat, STUDENT, QUESTION)
                await api.wait_for(lambda: final_text(api, chat)[1])
                correct = split(scripted_reply(ECHO, llm.requests[0]))
                wrong = [s for s in split(scripted_reply(behaviour, llm.requests[0])) if s not in correct]
                assert wrong and all(split(body) and set(split(body)) <= set(correct) for body in streamed(api, chat))
                assert not any(w in text for w in wrong for text in sent_texts(api, chat))
                if behaviour == INVENTED_FIRST:  # the next sentence passed while the model wrote: shown then
                    assert streamed(api, chat)[0] == correct[0] and "fake-7b" in final_text(api, chat)[0]
                assert len(api.replies(chat["id"])) == 1 and not api.rejected  # one message, edited
    run(scenario)


def test_in_a_group_a_sentence_passed_between_edits_waits_for_the_next_edit(kb_copy):
    from helpers.bot import STUDENT, run, running

    from bot import messages as msg
    from bot.app import STREAM_EDIT_EVERY_S_GROUP

    async def scenario():
        # the first sentence at once; the second complete some 2 s later, inside the group's 3 s between
        # edits; the invented third some 2 s after that
        with FakeLLM(INVENTED, trickle_s=0.3, trickle_from=1) as llm:
            async with running(bot_with_model(kb_copy, llm, timeout_s=5.0)) as api:
                group = api.group_chat()
                api.send_text(group, STUDENT, f"/ask {QUESTION}")
                await api.wait_for(lambda: final_text(api, group)[1])
                first, second = split(scripted_reply(ECHO, llm.requests[0]))
                assert streamed(api, group) == [first, f"{first} {second}"]  # not lost to the throttle
                edits = [c.at for c in api.sent(chat_id=group["id"]) if msg.WRITING in c.params.get("text", "")]
                assert edits[1] - edits[0] >= STREAM_EDIT_EVERY_S_GROUP - 0.05  # and still throttled
                assert "نوبل" not in final_text(api, group)[0] and not api.rejected
    run(scenario)


def test_a_not_in_passages_reply_shows_no_trace_of_the_marker(kb_copy, caplog):
    import logging

    from helpers.bot import STUDENT, run, running

    async def scenario():
        with FakeLLM(MARKER, trickle_s=1.2) as llm:  # «NOT_IN_PASSA», then «GES» after an edit could be made
            async with running(bot_with_model(kb_copy, llm, timeout_s=5.0)) as api:
                chat = api.private_chat(STUDENT)
                api.send_text(chat, STUDENT, QUESTION)
                await api.wait_for(lambda: final_text(api, chat)[1])
                texts = sent_texts(api, chat)
                assert not any(NOT_IN_PASSAGES[:n] in text for n in range(4, len(NOT_IN_PASSAGES) + 1)
                               for text in texts)
                assert len(texts) == 1 and "۱۹۹۸" in texts[0] and "fake-7b" not in texts[0]  # the extractive answer
    with caplog.at_level(logging.INFO):
        run(scenario)
    assert f"not used ({NOT_ANSWERED})" in caplog.text


def test_past_the_deadline_the_stream_is_closed_and_the_extractive_answer_sent(kb_copy, caplog):
    import logging

    from helpers.bot import STUDENT, run, running

    deadline_s, trickle_s = 3.0, 2.0  # all of the reply would take some 30 s, as a slow model's did

    async def scenario():
        with FakeLLM(ECHO, trickle_s=trickle_s) as llm:
            async with running(bot_with_model(kb_copy, llm, timeout_s=10.0, deadline_s=deadline_s)) as api:
                chat = api.private_chat(STUDENT)
                api.send_text(chat, STUDENT, QUESTION)
                await api.wait_for(lambda: final_text(api, chat)[1])
                answered = max(c.at for c in api.sent(chat_id=chat["id"]) if c.params.get("reply_markup"))
                assert answered - llm.asked_at[0] < deadline_s + 1.5  # by about the deadline, not the model's end
                text, _ = final_text(api, chat)
                assert "۱۹۹۸" in text and "fake-7b" not in text and len(sent_texts(api, chat)) == 1
                await asyncio.sleep(trickle_s + 0.5)  # the fake's next write finds the connection closed
                assert llm.gone_after is not None and llm.gone_after < deadline_s + trickle_s + 0.5
    with caplog.at_level(logging.INFO):
        run(scenario)
    assert f"not used ({DEADLINE})" in caplog.text


def test_checked_sentences_shown_before_the_deadline_stay_as_the_answer(kb_copy):
    from helpers.bot import STUDENT, run, running

    from bot import messages as msg

    async def scenario():
        with FakeLLM(ECHO, trickle_s=2.0, trickle_from=1) as llm:  # the first sentence at once, then slowly
            async with running(bot_with_model(kb_copy, llm, timeout_s=10.0, deadline_s=3.0)) as api:
                chat = api.private_chat(STUDENT)
                api.send_text(chat, STUDENT, QUESTION)
                await api.wait_for(lambda: final_text(api, chat)[1])
                first, second = split(scripted_reply(ECHO, llm.requests[0]))
                assert streamed(api, chat) == [first]
                text, buttons = final_text(api, chat)
                assert first in plain(text) and second not in plain(text) and "fake-7b" in text
                assert msg.WRITING not in text and any(b.startswith("src:") for b in buttons)
                assert len(api.replies(chat["id"])) == 1 and not api.rejected
    run(scenario)
