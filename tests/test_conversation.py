"""The bot's conversation without Telegram: every malformed request gets its Persian answer, nothing changes."""

from __future__ import annotations

import pytest

from bot import messages as msg
from bot.conversation import BotConfig, Conversation
from bot.state import BotState
from knowledge import KBConfig, KnowledgeBase

ADMIN = 42


@pytest.fixture
def conversation(kb_copy) -> Conversation:
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    return Conversation(kb, BotState(kb_copy / "bot.sqlite3"),
                        BotConfig(admin_ids=frozenset({ADMIN}), run_bottleneck=False))


def test_empty_question_and_stale_buttons(conversation):
    assert conversation.ask("   ", 1, 7).html == msg.ASK_WHAT
    for data in ("", "garbage", "src:999999:0", "more:999999", "fb:abc:1"):
        assert conversation.callback(data, 7).notice == msg.EXPIRED


@pytest.mark.parametrize("command, args, expected", [
    ("bottleneck", "28x28x192 five", "bottleneck 28x28x192 5 32 16"),  # the usage, from the command table
    ("bottleneck", "28xx28", "ورودی (HxWxC) باید شکلی سه‌بعدی"),  # named, with what was typed
    ("stacked", "56x56x64 4", "فرد"),
    ("model", "resnet1000", "resnet50"),
    ("shape", "2 5", "صفر"),
    ("params", "", "مدل را بنویس"),
    ("layer", "conv 128 3x3", "کانال"),  # asks for the input channels
])
def test_bad_calculations_get_a_persian_reason(conversation, command, args, expected):
    replies = conversation.calc(command, args, 7)
    assert len(replies) == 1 and expected in replies[0].html


def test_a_calculation_asked_in_a_sentence_is_computed_and_cited(conversation):
    reply = conversation.ask("یه کانولوشن با ۱۲۸ فیلتر ۳ در ۳ روی ورودی ۶۴ کاناله چند تا وزن داره؟", 1, 7)
    assert "73,856" in reply.html and "(3×3×64)×128 + 128" in reply.html
    asked_back = conversation.ask("یه کانولوشن ۳ در ۳ با ۳۲ فیلتر چند پارامتر داره؟", 1, 7)
    assert "کانال" in asked_back.html and "896" not in asked_back.html  # a question back, not the course's example
    course = conversation.ask("چرا از کانولوشن ۱×۱ استفاده می‌کنند؟", 1, 7)
    assert "(3×3" not in course.html  # a course question mentioning numbers stays with the material


def test_a_pasted_model_with_a_question_around_it_is_counted(conversation):
    from pathlib import Path

    code = (Path(__file__).parent / "data" / "pasted" / "blitz_net.py").read_text(encoding="utf-8")
    reply = conversation.ask("سلام، این مدل چند تا پارامتر داره؟\n" + code, 1, 7)
    assert "61,706" in reply.html and "<pre>" in reply.html


def test_maintainer_commands_without_their_argument(conversation):
    documents = conversation.kb.documents()
    assert conversation.remove("", ADMIN).html == msg.REMOVE_WHAT
    assert "پیدا نشد" in conversation.remove("no-such-doc", ADMIN).html
    assert conversation.learn("", "a good answer", "chat", 0.0, "k1", ADMIN).html == msg.LEARN_NO_QUESTION
    assert conversation.learn("a question?", "  ", "chat", 0.0, "k2", ADMIN).html == msg.LEARN_WHAT
    assert "empty" in conversation.add_file("empty.md", b"", ADMIN).html
    for refused in (conversation.remove("02-lenet-alexnet", 7), conversation.reindex(7), conversation.docs(7),
                    *conversation.stats(7), conversation.add_file("x.md", b"# x\n\ntext\n", 7)):
        assert refused.html == msg.NOT_ADMIN
    assert conversation.kb.documents() == documents  # nothing changed
