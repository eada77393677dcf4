"""Reactions on the bot's answers are votes, like the 👍/👎 buttons: one per person and answer, changed or
taken back when the reaction is, the answer's buttons showing the counts; other reactions, anonymous ones
and reactions on people's messages change nothing.  The bot asks Telegram for them (allowed_updates)."""

from __future__ import annotations

import asyncio

from helpers.bot import ADMIN, OTHER, STUDENT, bot_messages, make_conversation, run, running
from helpers.fake_bot_api import FakeBotAPI

from bot import messages as msg
from bot.reactions import reaction_vote

THIRD = {"id": 9, "is_bot": False, "first_name": "Reza"}


async def _answer_id(api, conversation, chat: dict, answer: dict) -> int:
    """The recorded answer a sent message carries (recorded just after it is sent)."""
    shown = lambda: conversation.state.answer_in_message(chat["id"], answer["message_id"])
    await api.wait_for(lambda: shown() is not None)
    return shown().id


def _labels(message: dict) -> list[str]:
    return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


def test_the_table_reads_a_change_of_reactions_as_a_vote():
    assert reaction_vote([], ["👍"]) == 1 and reaction_vote([], ["❤️"]) == 1 and reaction_vote([], ["🤔"]) == -1
    assert reaction_vote(["🔥"], ["😢"]) == -1 and reaction_vote(["👍"], []) == 0
    assert reaction_vote([], ["👍", "👎"]) == 0  # both at once: no vote
    assert reaction_vote([], ["😁"]) is None and reaction_vote(["😁"], ["🥱"]) is None  # no meaning: no change
    assert reaction_vote(["👍"], ["😁"]) == 0  # the voting reaction went away: the vote with it


def test_reactions_on_an_answer_count_change_and_are_taken_back(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            group = api.group_chat()
            question = api.send_text(group, STUDENT, "/ask لنت کی اومد؟")
            await api.wait_for(lambda: api.replies(group["id"]))
            answer = bot_messages(api, group["id"])[0]
            answer_id = await _answer_id(api, conversation, group, answer)
            votes = lambda: conversation.state.votes(answer_id)
            edits = lambda: api.sent("editMessageReplyMarkup", group["id"])

            api.react(group, STUDENT, answer, ["👍"])
            await api.wait_for(lambda: votes() == (1, 0) and edits())
            assert "👍 1" in _labels(api.messages[(group["id"], answer["message_id"])])
            api.react(group, OTHER, answer, ["🤔"])
            await api.wait_for(lambda: votes() == (1, 1))
            api.react(group, STUDENT, answer, ["😢"])  # changed its mind: one vote, now down
            await api.wait_for(lambda: votes() == (0, 2))
            api.react(group, OTHER, answer, [])  # took its reaction back: its vote too
            await api.wait_for(lambda: votes() == (0, 1))
            await api.wait_for(lambda: "👎 1" in _labels(api.messages[(group["id"], answer["message_id"])]))

            before = len(api.calls)
            api.react(group, THIRD, answer, ["🥱"])  # no meaning in the table
            api.react(group, None, answer, ["👍"])   # an anonymous admin: nobody to count
            api.react(group, OTHER, question, ["👍"])  # a person's message, not an answer
            api.send_text(group, OTHER, "/ask نقطه زینی چیه؟")  # a later update, to know those were handled
            await api.wait_for(lambda: api.replies(group["id"], before))
            await asyncio.sleep(0.3)
            assert votes() == (0, 1) and not api.sent("editMessageReplyMarkup", since=before)

            # a button press and a reaction are one vote: the reaction after the button replaces it
            button = next(b["callback_data"] for row in answer["reply_markup"]["inline_keyboard"] for b in row
                          if b["callback_data"].startswith("fb:") and b["callback_data"].endswith(":1"))
            api.press(group, THIRD, answer, button)
            await api.wait_for(lambda: votes() == (1, 1))
            api.react(group, THIRD, answer, ["👎"])
            await api.wait_for(lambda: votes() == (0, 2))
            assert conversation.state.stats().down == 2
            assert not api.dropped and not api.rejected  # the bot asked for reactions: none was held back
    run(scenario)


def test_reactions_in_a_private_chat_count_too(kb_copy):
    async def scenario():
        conversation = make_conversation(kb_copy)
        async with running(conversation) as api:
            chat = api.private_chat(ADMIN)
            api.send_text(chat, ADMIN, "نقطه زینی چیه؟")
            await api.wait_for(lambda: api.replies(chat["id"]))
            answer = bot_messages(api, chat["id"])[0]
            answer_id = await _answer_id(api, conversation, chat, answer)
            api.react(chat, ADMIN, answer, ["💯"])
            await api.wait_for(lambda: conversation.state.votes(answer_id) == (1, 0))
    run(scenario)


def test_a_streak_of_down_reactions_retires_the_answer_and_tells_the_staff(kb_copy):
    """Reactions are votes all the way: three 👎-like reactions retire an answer as three 👎 presses do
    (bot/verifying.py), the staff chat is told with a link to the answer, and the question asked again gets
    «the material does not settle it» instead of the answer marked wrong."""
    async def scenario():
        api = FakeBotAPI()
        staff = api.group_chat(-100555, "دستیاران")
        conversation = make_conversation(kb_copy, staff_chat=staff["id"], digest_hours=0)
        async with running(conversation, api=api):
            group = api.group_chat(-100123)
            api.send_text(group, STUDENT, "/ask لنت کی اومد؟")
            await api.wait_for(lambda: api.replies(group["id"]))
            answer = bot_messages(api, group["id"])[0]
            answer_id = await _answer_id(api, conversation, group, answer)
            for voter, emoji in zip((STUDENT, OTHER, THIRD), ("👎", "🤔", "💩")):
                api.react(group, voter, answer, [emoji])
            await api.wait_for(lambda: api.replies(staff["id"]))
            note = api.replies(staff["id"])[0].params["text"]
            assert "لنت کی اومد؟" in note and f"t.me/c/123/{answer['message_id']}" in note
            assert conversation.state.votes(answer_id) == (0, 3)

            before = len(api.calls)
            api.send_text(group, OTHER, "/ask لنت کی اومده؟")
            await api.wait_for(lambda: api.replies(group["id"], before))
            again = api.replies(group["id"], before)[0].params["text"]
            assert msg.RETIRED in again and "۱۹۹۸" not in again
    run(scenario)
