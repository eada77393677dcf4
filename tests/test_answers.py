"""What a student sees, through KnowledgeBase.ask on the built-in notes: every case issue 10 reported, as a test.

Real SQLite, FAISS, bm25s and e5 underneath; the questions are the ones that
failed before (refused Finglish and English, stitched quotes, wrong sections,
thanks answered with an apology, follow-ups read alone).
"""

from __future__ import annotations

import pytest

from knowledge import KBConfig, KnowledgeBase
from knowledge.chunking import sentences
from knowledge.normalize import loose
from knowledge.types import ANSWER, NOT_A_QUESTION, NOT_COVERED


def shown(answer) -> str:
    return loose(" ".join(answer.quotes))


@pytest.mark.parametrize(("question", "fact"), [
    ("lenet kei omad?", "1998"),
    ("skip connection chie", "skipconnection"),
    ("googlenet che sali barande shod?", "2014"),
    ("nerkhe yadgiri ziad bashe chi mishe?", "واگرا"),
    ("LeNet how many layers?", "5لایه"),
    ("What activation function did AlexNet use?", "relu"),
    ("وقتی لرنینگ ریت بالاست چه اتفاقی میفته؟", "واگرا"),
    ("طبقه بند های کمکی گوگل نت چه فایده ای دارن؟", "گرادیانقوی"),
])
def test_finglish_english_and_colloquial_questions_are_answered_with_the_fact(builtin_kb, question, fact):
    answer = builtin_kb.ask(question)
    assert answer.kind == ANSWER, answer
    assert fact in shown(answer), answer.quotes


@pytest.mark.parametrize(("typed", "name"), [("alexnt چند لایه داره؟", "alexnet"),
                                             ("googlnet کی برنده شد؟", "googlenet"),
                                             ("resent چیه؟", "resnet")])
def test_misspelt_names_are_matched_to_the_glossary(builtin_kb, typed, name):
    answer = builtin_kb.ask(typed)
    assert name in answer.resolved_question.lower()
    assert answer.kind == ANSWER


def test_an_everyday_english_word_is_not_corrected_into_a_glossary_name(builtin_kb):
    """«context» is one edit from the glossary's «contest», but an English question means the word it wrote."""
    read = builtin_kb.understand("Which loss function is generally used in the context of neural networks?")
    assert "context" in read.searched and "contest" not in read.searched


def test_finglish_is_searched_in_persian_with_terms_kept_latin(builtin_kb):
    read = builtin_kb.understand("lenet kei omad?")
    assert read.language == "finglish"
    assert "lenet" in read.searched and "اومد" in read.searched  # not «لعنت», which finglish alone gives
    assert builtin_kb.understand("LeNet how many layers?").language == "english"
    assert builtin_kb.understand("weight decay با L2 فرق داره؟").language == "persian"


@pytest.mark.parametrize("question", [
    "ترنسفورمر کی معرفی شد",
    "BERT چطوری آموزش میبینه؟",
    "امتحان میانترم کیه؟",
    "بهترین رستوران نزدیک دانشگاه کجاست؟",
    "how does k-means clustering work?",
    "LSTM گیت‌هاش چیکار میکنن",
])
def test_near_domain_and_off_topic_questions_are_refused(builtin_kb, question):
    answer = builtin_kb.ask(question)
    assert answer.kind == NOT_COVERED and not answer.answered and not answer.citations, answer.quotes


@pytest.mark.parametrize("message", ["مرسی 🙏", "👍", "😂😂", "ok thanks", "سلام به همه", "ممنون از توضیحات",
                                     "دمت گرم", "آهان فهمیدم"])
def test_thanks_greetings_and_emoji_are_not_questions(builtin_kb, message):
    answer = builtin_kb.ask(message)
    assert answer.kind == NOT_A_QUESTION and not answer.answered


@pytest.mark.parametrize("message", ["dropout", "padding?", "مرسی، ولی dropout چیه؟"])
def test_a_bare_term_or_a_question_after_thanks_is_still_a_question(builtin_kb, message):
    assert builtin_kb.ask(message).kind != NOT_A_QUESTION


def test_a_quote_is_consecutive_sentences_of_one_passage(builtin_kb):
    for question in ("چرا از کانولوشن 1x1 استفاده میکنن؟", "فرق SGD و Adam چیه؟", "نقطه زینی چیه؟"):
        answer = builtin_kb.ask(question)
        for citation in answer.citations:
            assert "…" not in citation.quote
            assert citation.quote in " ".join(sentences(citation.text)), question  # whole, in order


def test_the_quote_starts_from_the_best_scoring_candidate_sentence(builtin_kb):
    """What ``benchmarks/quote_choice.py`` fits on is what answering does: the candidate with the highest score
    under ``quote_weights`` starts the first quote."""
    weights = builtin_kb.config.answer.quote_weights
    for question in ("چرا از کانولوشن 1x1 استفاده میکنن؟", "لنت کی معرفی شد؟", "dropout chie?"):
        found = builtin_kb.quote_candidates(question)
        best = max(found, key=lambda c: sum(w * f for w, f in zip(weights, c.features.vector(), strict=True)))
        assert builtin_kb.ask(question).quotes[0] == best.quote, question


@pytest.mark.parametrize(("context", "question", "searched", "fact"), [
    (["AlexNet چند لایه داره؟"], "و GoogLeNet چی؟", "GoogLeNet چند لایه", "22لایه"),
    (["LeNet کی معرفی شد؟"], "توسط کی؟", "LeNet", "لکان"),
    (["Adam چیه؟"], "نرخ یادگیری پیش فرضش چنده؟", "Adam", "0.001"),
    (["ResNet-50 از چه بلوکی استفاده میکنه؟"], "چند تا پارامتر داره؟", "ResNet-50", "میلیونپارامتر"),
    (["ResNet چطوری مشکل عمیق شدن رو حل کرد؟"], "what about GoogLeNet?", "GoogLeNet", ""),
])
def test_follow_ups_are_read_in_their_thread(builtin_kb, context, question, searched, fact):
    answer = builtin_kb.ask(question, context=context)
    assert searched in answer.resolved_question
    assert answer.kind == ANSWER
    assert fact in shown(answer), answer.quotes


def test_why_after_an_answer_gives_the_reason_and_more_gives_something_new(builtin_kb):
    first = builtin_kb.ask("طبقه بند کمکی تو گوگل نت چیه؟")
    why = builtin_kb.ask("چرا؟", context=["طبقه بند کمکی تو گوگل نت چیه؟"])
    assert "گرادیانقوی" in shown(why)
    more = builtin_kb.ask("بیشتر توضیح بده", context=["طبقه بند کمکی تو گوگل نت چیه؟"])
    assert more.kind == ANSWER and more.resolved_question == "طبقه بند کمکی تو گوگل نت چیه؟"
    assert set(more.quotes).isdisjoint(first.quotes)


def test_a_question_that_stands_alone_ignores_the_context(builtin_kb):
    answer = builtin_kb.ask("padding چیه؟", context=["AlexNet چند لایه داره؟"])
    assert answer.resolved_question == "padding چیه؟"


def test_a_quote_is_cited_under_the_section_it_sits_in(kb_copy, tmp_path):
    note = tmp_path / "sections.md"
    note.write_text(
        "# یادداشت شبکه‌ها\n\n## شبکه کهکشان‌نت\nشبکه کهکشان‌نت در سال ۲۰۳۱ با ۴ لایه معرفی شد.\n\n"
        "## شبکه ستاره‌نت\nشبکه ستاره‌نت در سال ۲۰۳۵ معرفی شد و ۱۲ لایه آموزش‌پذیر دارد.\n", "utf-8")
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    kb.add([note])
    answer = kb.ask("ستاره‌نت چند لایه داره؟")
    assert answer.kind == ANSWER
    citation = next(c for c in answer.citations if "ستاره" in c.quote)
    assert citation.section.endswith("شبکه ستاره‌نت"), citation.section  # not the chunk's first heading


def test_english_glossary_terms_are_not_unknown_words(builtin_kb):
    """«saddle point» and «learning rate» are course words in English: the question is answered."""
    for question in ("What is a saddle point?", "What happens when the learning rate is too high?"):
        assert builtin_kb.ask(question).kind == ANSWER, question


@pytest.mark.parametrize(("context", "question", "searched"), [
    ("بچ نرمالیزیشن تو رزنت کجاست", "و تو VGG؟", "بچ نرمالیزیشن تو VGG کجاست"),
    ("سر Flatten تو VGG چند پارامتر داره؟", "با GAP چی؟", "سر GAP تو VGG چند پارامتر داره؟"),
])
def test_a_swapped_term_keeps_the_previous_questions_preposition(builtin_kb, context, question, searched):
    assert builtin_kb.understand(question, [context]).searched == searched


def test_how_far_the_best_sentence_stands_out_from_the_material_is_evidence(builtin_kb):
    """e5 scores an English question against Persian notes lower than a Persian one, and every Persian pair
    high; measured against the question's similarity to the material at large, the best sentence stands out
    for a question the notes answer, in either language, and not for one they do not."""
    english = builtin_kb.evidence("What activation function did AlexNet use?")
    persian = builtin_kb.evidence("الکس‌نت از چه تابع فعال‌سازی استفاده کرد؟")
    off_topic = builtin_kb.evidence("What is the capital of France?")
    assert english.sentence_lift > 0 and persian.sentence_lift > 0
    assert min(english.sentence_lift, persian.sentence_lift) > off_topic.sentence_lift
    assert english.sentence_lift < english.sentence  # a lift, not the similarity itself


def test_whether_the_words_find_the_passages_the_meaning_found_is_evidence(builtin_kb):
    """e5 brings up some passage for any question; BM25 finds one only where the material uses the question's
    words.  A question the notes answer is found by both sides, a cooking question by the meaning side alone."""
    covered = builtin_kb.evidence("الکس‌نت از چه تابع فعال‌سازی استفاده کرد؟")
    cooking = builtin_kb.evidence("طرز تهیه قورمه سبزی با لوبیا قرمز چیه؟")
    assert covered.lexical_agreement > cooking.lexical_agreement
    assert 0.0 <= cooking.lexical_agreement <= covered.lexical_agreement <= 1.0


def test_an_answers_confidence_is_its_own_fit_not_the_abstention_score(builtin_home):
    """Whether to answer and how sure to be are two fits on the same evidence: an answer's confidence is the
    chance that answers on such evidence held the fact (``confidence_weights``), a refusal's stays below 0.5."""
    from dataclasses import replace

    from knowledge.answer import AnswerConfig

    flat = replace(AnswerConfig(), confidence_weights=(0.0,) * 10, confidence_bias=0.0)  # knows nothing: even odds
    kb = KnowledgeBase.open(KBConfig(home=builtin_home, answer=flat))
    answered = kb.ask("الکس‌نت از چه تابع فعال‌سازی استفاده کرد؟")
    refused = kb.ask("طرز تهیه قورمه سبزی با لوبیا قرمز چیه؟")
    assert answered.kind == ANSWER and answered.confidence == 0.5
    assert refused.kind == NOT_COVERED and refused.confidence < 0.5
    kb.close()
    kb = KnowledgeBase.open(KBConfig(home=builtin_home))
    shipped = kb.ask("الکس‌نت از چه تابع فعال‌سازی استفاده کرد؟")
    kb.close()
    assert shipped.kind == ANSWER and shipped.quotes == answered.quotes and shipped.confidence != 0.5


@pytest.mark.parametrize(("question", "fact"), [("لنت کی اومد؟", "۱۹۹۸"), ("LeNet-5 رو کی معرفی کرد؟", "لکان")])
def test_a_date_or_the_people_asked_for_is_one_quote(builtin_kb, question, fact):
    """The year or the names asked for, found in the best quote: a second passage about the same model (its
    parameter counts) would only lengthen the answer."""
    answer = builtin_kb.ask(question)
    assert answer.kind == ANSWER and len(answer.quotes) == 1 and fact in answer.quotes[0]
