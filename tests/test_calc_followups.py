"""A reply that changes one value of a calculation gets the calculation again with that value: after a
command (/shape, /layer, /params, /model vgg, /bottleneck asking for its filters) or a calculation asked in
a sentence; in the Conversation (real SQLite, real knowledge base) and end to end through the fake Bot API."""

from __future__ import annotations

import asyncio

import pytest
from helpers.bot import OTHER as OTHER_USER
from helpers.bot import STUDENT, bot_messages, make_conversation, running

from bot import formatting as fmt
from cnn_demos.followup import revise

GROUP = -100123
OTHER = 8
ME = STUDENT["id"]


@pytest.fixture
def conversation(kb_copy):
    return make_conversation(kb_copy)


def sent(conversation, replies, message_id: int):
    """The bot sent ``replies`` as message ``message_id`` in the group."""
    conversation.remember_sent(GROUP, message_id, replies[0])
    return replies


@pytest.mark.parametrize("calculation, message, expected", [
    ("layer conv 64 3x3 in=64", "اگه ۱۲۸ فیلتر باشه چی؟", "layer conv out=128 kernel=3x3 in=64"),
    ("shape 28 5 1 2", "با stride 2 چی؟", "shape size=28 kernel=5 stride=2 padding=2"),
    ("shape 28 5 1 2", "padding same چی؟", "shape size=28 kernel=5 stride=1 padding=same"),
    ("shape input 32x32x3 | conv 16 5x5 s2", "با stride 1 چی؟", "shape input 32x32x3 | conv 16 5x5 s1"),
    ("params input 28x28x1 | conv 8 3x3 same | flatten | dense 10", "اگه ۱۲۸ فیلتر باشه چی؟",
     "params input 28x28x1 | conv 128 3x3 same | flatten | dense 10"),
    ("model vgg", "16", "model vgg16"), ("model vgg", "vgg16", "model vgg16"), ("model", "VGG-19 چی؟", "model vgg19"),
    ("bottleneck 28x28x192 5", "32 16", "bottleneck input=28x28x192 kernel=5 filters=32 reduce=16"),
    ("bottleneck 28x28x192 5 32 16", "با کرنل ۳ در ۳ چی؟", "bottleneck input=28x28x192 kernel=3 filters=32 reduce=16"),
    ("layer dense 10 in=84", "با ۱۰۰ نورون چی؟", "layer dense out=100 in=84"),
    ("layer conv 128 3x3", "64", "layer conv out=128 kernel=3x3 in=64"),  # the input channels asked back
])
def test_a_follow_up_changes_one_value(calculation, message, expected):
    assert revise(calculation, message) == expected


@pytest.mark.parametrize("calculation, message", [
    ("shape 28 5 1 2", "و GoogLeNet چی؟"), ("shape 28 5 1 2", "چرا پدینگ لازمه؟"),
    ("params input 8x8x1 | conv 8 3x3 | conv 8 3x3", "اگه ۱۲۸ فیلتر باشه چی؟"),  # which convolution: not guessed
    ("model vgg", "چرا VGG این‌قدر پارامتر داره که حتی از AlexNet هم بیشتره و کندتره؟"),
])
def test_a_message_that_changes_no_value_is_not_a_recalculation(calculation, message):
    assert revise(calculation, message) is None


def test_a_reply_to_a_command_recomputes_it(conversation):
    shape = sent(conversation, conversation.calc("shape", "28 5 1 2", ME, GROUP), 501)
    assert "اندازه‌ی خروجی: 28" in shape[0].html
    reply = conversation.ask("با stride 2 چی؟", GROUP, OTHER, private=False, reply_to=501)
    assert "اندازه‌ی خروجی: 14" in reply.html and "/ 2⌋" in reply.html
    conversation.remember_sent(GROUP, 502, reply)
    again = conversation.ask("padding 0 چی؟", GROUP, OTHER, private=False, reply_to=502)  # a chain
    assert "اندازه‌ی خروجی: 12" in again.html


def test_a_reply_to_the_vgg_list_computes_the_variant(conversation):
    listed = sent(conversation, conversation.calc("model", "vgg", ME, GROUP), 601)
    assert "vgg16" in listed[0].html and "138,357,544" not in listed[0].html
    assert "138,357,544" in conversation.ask("16", GROUP, ME, private=False, reply_to=601).html
    assert "138,357,544" in conversation.ask("vgg16", GROUP, ME, private=False, reply_to=601).html


def test_a_reply_gives_what_a_command_asked_for(conversation):
    asked = sent(conversation, conversation.calc("bottleneck", "28x28x192 5", ME, GROUP), 701)
    assert "«تعداد فیلترها»" in asked[0].html
    assert "120,422,400" in conversation.ask("32 16", GROUP, ME, private=False, reply_to=701).html


def test_a_sentence_calculation_is_followed_up_in_a_private_chat(conversation):
    first = conversation.ask("یه کانولوشن با ۶۴ فیلتر ۳ در ۳ روی ورودی ۶۴ کاناله چند تا وزن داره؟", ME, ME)
    assert "36,928" in first.html
    second = conversation.ask("اگه ۱۲۸ فیلتر باشه چی؟", ME, ME)
    assert "73,856" in second.html and "(3×3×64)×128 + 128" in fmt.plain(second.html)


def test_a_question_after_a_command_continues_the_question_before_it(conversation):
    conversation.ask("AlexNet چند لایه داره؟", ME, ME)
    conversation.calc("shape", "28 5 1 2", ME, ME)
    reply = conversation.ask("و GoogLeNet چی؟", ME, ME)
    assert "۲۲" in reply.html
    stats = conversation.state.stats()
    assert stats.questions == 2 and stats.calculations == 1  # the command is a calculation, not a question


def test_end_to_end_a_reply_to_a_calculation_is_recomputed(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            group = api.group_chat()
            api.send_text(group, STUDENT, "/params input 28x28x1 | conv 8 3x3 same | flatten | dense 10")
            await api.wait_for(lambda: api.replies(group["id"]))
            answer = api.replies(group["id"])[0]
            assert "62,810" in answer.params["text"]  # 80 + 28*28*8*10 + 10
            carried = bot_messages(api, group["id"])[0]
            await api.wait_for(lambda: conversation.state.answer_in_message(group["id"], carried["message_id"]))

            before = len(api.calls)
            api.send_text(group, OTHER_USER, "اگه ۱۲۸ فیلتر باشه چی؟", reply_to=carried)
            await api.wait_for(lambda: api.replies(group["id"], before))
            assert "1,004,810" in api.replies(group["id"], before)[0].params["text"]  # 1280 + 28*28*128*10 + 10

            before = len(api.calls)
            api.send_text(group, STUDENT, "/model vgg")
            await api.wait_for(lambda: api.replies(group["id"], before))
            listed = bot_messages(api, group["id"])[-1]
            await api.wait_for(lambda: conversation.state.answer_in_message(group["id"], listed["message_id"]))
            before = len(api.calls)
            api.send_text(group, STUDENT, "16", reply_to=listed)
            await api.wait_for(lambda: api.replies(group["id"], before))
            assert "138,357,544" in api.replies(group["id"], before)[0].params["text"]
    asyncio.run(scenario())




@pytest.mark.parametrize("before, message, after", [
    ("stacked 56x56x16 5 nominal", "و با کرنل ۷×۷؟", "stacked input=56x56x16 kernel=7 nominal"),
    ("stacked 56x56x16 5 nominal", "و با ورودی ۲۸×۲۸×۱۶؟", "stacked input=28x28x16 kernel=5"),
    ("separable 56x56x16 3 32 nobias", "با ۶۴ فیلتر چی؟", "separable input=56x56x16 kernel=3 filters=64 nobias"),
    ("layer conv 64 3x3 in=32 size=56x56 p=1 macs", "با گام ۲ چی؟",
     "layer conv out=64 kernel=3x3 in=32 size=56x56 stride=2 padding=1 macs"),
])
def test_a_follow_up_keeps_the_bare_words_of_what_was_asked(before, message, after):
    assert revise(before, message) == after
