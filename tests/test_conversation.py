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
    ("bottleneck", "28x28x192 five", "عددها را نفهمیدم"),
    ("bottleneck", "28xx28", "اندازه‌ی معتبری نیست"),
    ("stacked", "56x56x64 4", "فرد"),
    ("model", "resnet1000", "resnet50"),
    ("shape", "2 5", "صفر"),
    ("params", "", "مدل را بعد از دستور بنویس"),
])
def test_bad_calculations_get_a_persian_reason(conversation, command, args, expected):
    replies = conversation.calc(command, args, 7)
    assert len(replies) == 1 and expected in replies[0].html


def test_maintainer_commands_without_their_argument(conversation):
    documents = conversation.kb.documents()
    assert conversation.remove("", ADMIN).html == msg.REMOVE_WHAT
    assert "پیدا نشد" in conversation.remove("no-such-doc", ADMIN).html
    assert conversation.learn("", "a good answer", "chat", 0.0, "k1", ADMIN).html == msg.LEARN_NO_QUESTION
    assert conversation.learn("a question?", "  ", "chat", 0.0, "k2", ADMIN).html == msg.LEARN_WHAT
    assert "empty" in conversation.add_file("empty.md", b"", ADMIN).html
    for refused in (conversation.remove("02-lenet-alexnet", 7), conversation.reindex(7), conversation.docs(7),
                    conversation.stats(7), conversation.add_file("x.md", b"# x\n\ntext\n", 7)):
        assert refused.html == msg.NOT_ADMIN
    assert conversation.kb.documents() == documents  # nothing changed
