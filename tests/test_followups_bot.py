"""Threads and noise in the bot's conversation, without Telegram: follow-ups are asked with the question
they follow, thanks and emoji are not questions (one line in private, nothing in a group, no record).

Real knowledge base and real SQLite; the knowledge base's ``ask`` is only watched (``AskSpy``), to see
the context the conversation gives it.
"""

from __future__ import annotations

import io
import sqlite3

import pytest

from bot import formatting as fmt
from bot import messages as msg
from bot.conversation import BotConfig, Conversation
from bot.state import BotState
from knowledge import KBConfig, KnowledgeBase
from knowledge import messages as knowledge_messages
from knowledge.types import Answer, Citation

STUDENT, OTHER = 7, 8
GROUP = -100123
ALEXNET = "AlexNet چند لایه داره؟"
GOOGLENET = "و GoogLeNet چی؟"
THANKS = "مرسی 🙏"
SEARCHED = knowledge_messages.SEARCHED_AS.split("{")[0]  # how the searched-question line starts


class AskSpy:
    """Stands in front of a real ``KnowledgeBase.ask`` and records each question with its context."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.real = kb.ask
        self.calls: list[tuple[str, tuple[str, ...], Answer]] = []
        kb.ask = self

    def __call__(self, question: str, k: int = 5, context=()) -> Answer:
        answer = self.real(question, k, context=context)
        self.calls.append((question, tuple(context), answer))
        return answer

    @property
    def last_context(self) -> tuple[str, ...]:
        return self.calls[-1][1]


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def conversation(kb_copy, clock, records_url) -> Conversation:
    """On each engine: follow-up threads are the records two workers must share."""
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    return Conversation(kb, BotState(records_url),
                        BotConfig(questions_per_minute=3, followup_minutes=10, run_bottleneck=False), clock=clock)


@pytest.fixture
def spy(conversation) -> AskSpy:
    return AskSpy(conversation.kb)


def searched_line(html: str) -> str:
    return next((line for line in fmt.plain(html).splitlines() if line.startswith(SEARCHED)), "")


# -- follow-ups: what the conversation passes on (the bot's side of the contract) ----------------------------

def test_a_reply_to_an_answer_is_asked_with_that_answers_question(conversation, spy):
    first = conversation.ask(ALEXNET, GROUP, STUDENT, private=False)
    conversation.remember_sent(GROUP, 501, first)
    assert spy.last_context == ()

    conversation.ask(GOOGLENET, GROUP, OTHER, private=False, reply_to=501)
    assert spy.last_context == (ALEXNET,)

    conversation.ask("نقطه زینی چیه؟", GROUP, STUDENT, private=False)  # a group has no time window
    assert spy.last_context == ()
    conversation.ask("نقطه زینی چیه؟", GROUP, STUDENT, private=False, reply_to=999)  # not an answer
    assert spy.last_context == ()


def test_a_chain_of_follow_ups_carries_the_question_searched(conversation, spy):
    conversation.remember_sent(GROUP, 501, conversation.ask(ALEXNET, GROUP, STUDENT, private=False))
    second = conversation.ask(GOOGLENET, GROUP, STUDENT, private=False, reply_to=501)
    conversation.remember_sent(GROUP, 502, second)
    searched = spy.calls[-1][2].resolved_question or GOOGLENET
    assert conversation.state.answer(second.answer_id).resolved == searched

    conversation.ask("و VGG چی؟", GROUP, STUDENT, private=False, reply_to=502)
    assert spy.last_context == (searched,)


def test_a_private_message_soon_after_an_answer_follows_it(conversation, spy, clock):
    conversation.ask(ALEXNET, STUDENT, STUDENT)
    clock.now += 9 * 60
    conversation.ask(GOOGLENET, STUDENT, STUDENT)
    assert spy.last_context == (ALEXNET,)
    conversation.ask(GOOGLENET, OTHER, OTHER)  # someone else's chat: no thread
    assert spy.last_context == ()

    clock.now += 11 * 60  # past the window counted from the last answer
    conversation.ask("و VGG چی؟", STUDENT, STUDENT)
    assert spy.last_context == ()


def test_more_results_search_the_question_searched(conversation, spy):
    conversation.remember_sent(GROUP, 501, conversation.ask(ALEXNET, GROUP, STUDENT, private=False))
    follow_up = conversation.ask(GOOGLENET, GROUP, STUDENT, private=False, reply_to=501)
    searched = spy.calls[-1][2].resolved_question or GOOGLENET
    more = conversation.callback(f"more:{follow_up.answer_id}", STUDENT).reply
    assert more is not None and msg.MORE_RESULTS.format(question=fmt.esc(searched)) in more.html


def test_the_console_keeps_its_own_thread(conversation, spy):
    from bot.console import run as run_console

    run_console(conversation, io.StringIO(f"{ALEXNET}\n/shape 28 5 1 2\n{GOOGLENET}\n"), io.StringIO())
    assert [context for _, context, _ in spy.calls] == [(), (ALEXNET,)]


def test_the_answer_shows_the_question_searched_escaped():
    citation = Citation("d", "GoogLeNet", "", "d:0", "text", "این شبکه ۲۲ لایه عمق دارد.")
    typed = Answer(GOOGLENET, True, (citation.quote,), (citation,), resolved_question=GOOGLENET)
    assert not searched_line(fmt.answer_html(typed))
    html = fmt.answer_html(Answer(GOOGLENET, True, (citation.quote,), (citation,),
                                  resolved_question="GoogLeNet <b>چند</b> لایه داره؟"))
    assert html.splitlines()[0] == fmt.esc(knowledge_messages.SEARCHED_AS.format(
        question="GoogLeNet <b>چند</b> لایه داره؟"))


def test_an_older_records_file_gains_the_new_column_and_table(tmp_path):
    path = tmp_path / "bot.sqlite3"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER, user_id INTEGER, "
                "question TEXT NOT NULL, question_key TEXT NOT NULL, answered INTEGER NOT NULL, shown TEXT NOT NULL, "
                "chunks TEXT NOT NULL, created_at REAL NOT NULL)")
    old.execute("INSERT INTO answers VALUES (1, 7, 7, 'لنت کی اومد؟', 'لنت', 1, 'x', '[\"a:0\"]', 0)")
    old.commit()
    old.close()

    state = BotState(path)
    assert state.answer(1).resolved == "لنت کی اومد؟"  # the question itself: nothing was resolved then
    state.remember_message(7, 900, 1)
    assert state.answer_in_message(7, 900).id == 1
    new = state.record_answer(7, 7, GOOGLENET, True, "y", [], resolved="GoogLeNet چند لایه داره؟", at=10.0)
    state.close()

    state = BotState(path)  # opening again changes nothing
    assert state.answer(new).resolved == "GoogLeNet چند لایه داره؟"
    assert state.last_answer(7, 7, since=5.0).id == new and state.last_answer(7, 7, since=11.0) is None
    assert state.stats().questions == 2


# -- against the knowledge base's answers (its follow-up and noise detection) -------------------------------

def test_a_follow_up_is_answered_in_its_thread(conversation):
    conversation.remember_sent(GROUP, 501, conversation.ask(ALEXNET, GROUP, STUDENT, private=False))
    reply = conversation.ask(GOOGLENET, GROUP, OTHER, private=False, reply_to=501)
    assert "GoogLeNet" in searched_line(reply.html)
    assert "۲۲" in reply.html


def test_thanks_get_one_line_in_private_and_nothing_in_a_group(conversation):
    conversation.remember_sent(GROUP, 501, conversation.ask(ALEXNET, GROUP, STUDENT, private=False))
    for text, reply_to in ((THANKS, 501), ("🙏", None)):
        silent = conversation.ask(text, GROUP, OTHER, private=False, reply_to=reply_to)
        assert not silent.html and silent.photo is None and not silent.buttons

    private = conversation.ask(THANKS, STUDENT, STUDENT)
    assert private.html == msg.NOT_A_QUESTION_REPLY and not private.buttons and private.answer_id is None

    stats = conversation.state.stats()
    assert stats.questions == 1 and not conversation.state.unanswered()  # thanks are not unanswered questions


def test_thanks_do_not_use_up_the_question_limit(conversation):
    for _ in range(5):  # the limit is 3 a minute
        assert conversation.ask(THANKS, STUDENT, STUDENT).html == msg.NOT_A_QUESTION_REPLY
    assert "LeNet" in conversation.ask("لنت کی اومد؟", STUDENT, STUDENT).html


def test_thanks_in_the_console_get_the_private_line(conversation):
    from bot.console import run as run_console

    out = io.StringIO()
    run_console(conversation, io.StringIO(f"{ALEXNET}\n{THANKS}\n"), out)
    assert fmt.plain(msg.NOT_A_QUESTION_REPLY) in out.getvalue()
