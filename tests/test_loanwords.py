"""English terms in Persian letters reach the material's Latin terms by sound; English inside Finglish stays English."""

from __future__ import annotations

import pytest

from knowledge import KBConfig, KnowledgeBase
from knowledge.loanwords import MAX_DISTANCE, closest, distance
from knowledge.transliterate import to_persian
from knowledge.types import ANSWER
from knowledge.vocabulary import Vocabulary


@pytest.mark.parametrize(("persian", "latin"), [
    ("ترینینگ", "training"), ("فولی", "fully"), ("ماینینگ", "mining"), ("رگرشن", "regression"),
    ("لاجستیک", "logistic"), ("مکانیزم", "mechanism"), ("کامیلیون", "chameleon"), ("وان هات", "one hot"),
    ("بچ نرم", "batch norm"), ("تریپلت لاس", "triplet loss"),
])
def test_a_loanword_sounds_like_its_latin_term(persian, latin):
    assert distance(persian, latin) <= MAX_DISTANCE


@pytest.mark.parametrize(("persian", "latin"), [("شبکه", "shake"), ("لایه", "layer"), ("میانترم", "momentum"),
                                                ("دقت", "data"), ("تابع", "table")])
def test_a_persian_word_does_not_sound_like_a_latin_look_alike(persian, latin):
    assert distance(persian, latin) > MAX_DISTANCE


def test_the_closest_sounding_word_wins_among_those_of_one_skeleton():
    assert closest("ترینینگ", {"training", "trying", "turning", "turing"}) == ["training"]
    assert closest("فولی", {"fill", "fully", "follow", "fall"}) == ["fully"]


MATERIAL = [
    "در روش One-Hot Encoding هر دسته یک ستون جدا می‌گیرد و فقط در ستون خودش مقدار 1 دارد.",
    "نرمال‌سازی دسته‌ای (batch normalization) را batch norm هم می‌گویند و آموزش را پایدار می‌کند.",
    "تابع triplet loss روی سه تصویر لنگر، مثبت و منفی حساب می‌شود.",
    "در لایه‌ی fully connected هر نورون به همه‌ی نورون‌های لایه‌ی قبل وصل است.",
    "واژه‌های training و turning و trying و fill و follow هم در این متن آمده‌اند.",
]


@pytest.mark.parametrize(("question", "expected"), [
    ("وان هات انکودینگ چطوری کار میکنه؟", "one-hot"),  # as the material writes it
    ("بچ نرم چه فایده‌ای داره؟", "batch norm"),
    ("بچ نرمالیزیشن چیه؟", "batch normalization"),
    ("تریپلت لاس روی چه تصاویری حساب میشه؟", "triplet loss"),
    ("فولی کانکتد یعنی چی؟", "fully connected"),
])
def test_two_persian_letter_words_reach_the_materials_two_word_term(question, expected):
    vocabulary = Vocabulary.learn(MATERIAL)
    extra, covered = vocabulary.bridge(question, lambda word: word in {"چیه", "یعنی", "چی"})
    assert expected in extra
    assert all(word in covered for word in question.split()[:2])


def test_the_materials_persian_gloss_comes_with_the_latin_term_found():
    vocabulary = Vocabulary.learn(MATERIAL)
    extra, _ = vocabulary.bridge("بچ نرمالیزیشن چیه؟", lambda word: False)
    assert "نرمال‌سازی دسته‌ای" in " ".join(extra)


def test_one_latin_word_among_look_alikes_is_chosen():
    vocabulary = Vocabulary.learn(MATERIAL)
    extra, _ = vocabulary.bridge("ترینینگ چیه؟", lambda word: word == "چیه")
    assert extra == ["training"]


def test_a_rarer_english_word_inside_finglish_stays_english():
    # «bayes» is no common English word, but finglish can only spell it letter by letter («بیس»)
    assert to_persian("naive bayes che farzi mikone?", keep=lambda w: False) == "naive bayes چه فرضی میکنه?"
    assert to_persian("dropout chikar mikone ba voroodi ha?", keep=lambda w: False) == \
        "dropout چیکار میکنه با ورودی ها?"


@pytest.fixture(scope="module")
def encoding_kb(tmp_path_factory):
    home = tmp_path_factory.mktemp("loanwords")
    notes = home / "notes.md"
    notes.write_text(
        "# کدگذاری ویژگی‌ها\n\n## One-Hot Encoding\n"
        "در One-Hot Encoding به ازای هر مقدار یک ستون ساخته می‌شود و در هر سطر فقط یک ستون مقدار 1 دارد.\n\n"
        "## Label Encoding\n"
        "در Label Encoding به هر دسته یک عدد صحیح داده می‌شود که ترتیبی میان دسته‌ها می‌سازد.\n", "utf-8")
    kb = KnowledgeBase.open(KBConfig(home=home / "kb", builtin=False))
    kb.add([notes])
    yield kb
    kb.close()


def test_a_two_word_loanword_question_finds_the_uploaded_answer(encoding_kb):
    answer = encoding_kb.ask("وان هات انکودینگ چطوری عدد میده؟")
    assert answer.kind == ANSWER, answer
    assert "فقط یک ستون مقدار 1" in " ".join(answer.quotes)


def test_finglish_comparatives_typed_apart_are_read_as_persian():
    # «sari tar» is «سریع‌تر»: the suffix typed as a word of its own stayed Latin, and «sari» read as «سری» (series)
    read = to_persian("TCN chera az RNN sari tar train mishe?", keep=lambda w: w.lower() in {"tcn", "rnn", "train"})
    assert read == "TCN چرا از RNN سریع تر train میشه?"
