"""A follow-up pointing back is asked about the previous question's topic, not the previous question again.

«کی معرفیش کرد؟» after «فرق LSTM با GRU چیه؟» asks who introduced LSTM and GRU; searching the two
questions glued together re-answers the comparison.  ``resolve`` is read against a real analyser (the
built-in glossary) and a small material's vocabulary; the knowledge-base tests use real bases.
"""

from __future__ import annotations

import pytest

from knowledge import KBConfig, KnowledgeBase
from knowledge.analyzer import Analyzer
from knowledge.followup import ALONE, MERGE, MORE, SUBSTITUTE, resolve
from knowledge.normalize import loose
from knowledge.types import ANSWER

MATERIAL = (
    "LSTM و GRU دو نوع شبکه بازگشتی هستند. تفاوت LSTM با GRU در تعداد گیت‌هاست. "
    "LSTM را هوکرایتر و اشمیدهوبر در سال ۱۹۹۷ معرفی کردند و GRU را چو در سال ۲۰۱۴. "
    "dropout یک روش منظم‌سازی است. عیب dropout کند شدن همگرایی است. فرمول dropout ساده است. "
    "LeNet را لکان معرفی کرد. Adam نرخ یادگیری پیش فرض 0.001 دارد. "
    "این مدل چند لایه دارد. ResNet-50 از بلوک bottleneck استفاده می‌کند و ۲۵ میلیون پارامتر دارد."
)


@pytest.fixture(scope="module")
def read():
    """``resolve`` as the reader calls it: glossary matches, informative words, known words of MATERIAL."""
    analyzer = Analyzer()
    vocabulary = set(analyzer.terms(MATERIAL))

    def known(term: str) -> bool:
        return bool(term) and term in vocabulary

    def informative(text: str) -> list[str]:
        return [t for t in analyzer.content_terms(text) if known(t)]

    def word_known(word: str) -> bool:
        return known(analyzer.terms_of_word(word))

    return lambda question, *context: resolve(question, list(context), analyzer.matches, informative, word_known)


@pytest.mark.parametrize(("previous", "question", "searched"), [
    ("فرق LSTM با GRU چیه؟", "کی معرفیش کرد؟", "کی معرفی LSTM و GRU کرد؟"),
    ("dropout چیه؟", "عیبش چیه؟", "عیب dropout چیه؟"),
    ("dropout چیه؟", "فرمولش چیه؟", "فرمول dropout چیه؟"),
    ("dropout چیه؟", "معرفی‌اش کی بود؟", "معرفی dropout کی بود؟"),
    ("Adam چیه؟", "نرخ یادگیری پیش فرضش چنده؟", "نرخ یادگیری پیش فرض Adam چنده؟"),
    ("LeNet کی معرفی شد؟", "اون چند لایه داره؟", "LeNet چند لایه داره؟"),
    ("LeNet کی معرفی شد؟", "این مدل چند لایه داره؟", "مدل LeNet چند لایه داره؟"),
    ("What is the difference between LSTM and GRU?", "who introduced it?", "who introduced LSTM and GRU?"),
    # the subject, not what it acts on: the drawbacks of dropout, not of overfitting
    ("dropout چطور overfitting رو کم می‌کنه؟", "عیبش چیه؟", "عیب dropout چیه؟"),
    # a preposition with the ending, as spoken
    ("تفاوت LSTM با GRU چیه؟", "یه مثال ساده ازش میزنی؟", "یه مثال ساده از LSTM و GRU میزنی؟"),
    ("dropout چیه؟", "بهش چی میگن؟", "به dropout چی میگن؟"),
])
def test_the_pronoun_or_possessive_ending_becomes_the_previous_topic(read, previous, question, searched):
    resolved = read(question, previous)
    assert resolved.mode == MERGE and resolved.previous == previous
    assert resolved.question == searched


@pytest.mark.parametrize(("previous", "question", "searched"), [
    ("LeNet کی معرفی شد؟", "توسط کی؟", "LeNet معرفی توسط کی؟"),
    ("ResNet-50 از چه بلوکی استفاده میکنه؟", "چند تا پارامتر داره؟", "ResNet-50 بلوکی چند تا پارامتر داره؟"),
    ("فرق LSTM با GRU چیه؟", "چرا؟", "LSTM و GRU چرا؟"),
    ("AlexNet چیه؟", "چند تا لایه داره؟", "AlexNet چند تا لایه داره؟"),  # «لایه» names no topic
])
def test_a_follow_up_without_a_topic_gets_the_previous_topic_not_its_ask(read, previous, question, searched):
    resolved = read(question, previous)
    assert resolved.mode == MERGE
    assert resolved.question == searched
    for ask in ("فرق", "چیه", "کی معرفی شد", "استفاده"):
        assert ask not in resolved.question.replace(question, "")


def test_a_chain_carries_the_topic_through_each_follow_up(read):
    resolved = read("چرا؟", "فرق LSTM با GRU چیه؟", "کی معرفیش کرد؟")
    assert resolved.previous == "کی معرفی LSTM و GRU کرد؟"
    assert resolved.question == "معرفی LSTM و GRU چرا؟"


@pytest.mark.parametrize(("previous", "question", "mode", "searched"), [
    ("AlexNet چند لایه داره؟", "و GoogLeNet چی؟", SUBSTITUTE, "GoogLeNet چند لایه داره؟"),
    ("dropout چیه؟", "بیشتر توضیح بده", MORE, "dropout چیه؟"),
    ("AlexNet چند لایه داره؟", "padding چیه؟", ALONE, "padding چیه؟"),
])
def test_more_substitute_and_alone_are_unchanged(read, previous, question, mode, searched):
    resolved = read(question, previous)
    assert (resolved.mode, resolved.question) == (mode, searched)


@pytest.mark.parametrize(("previous", "question", "searched"), [
    # a Latin name like the previous one's: it takes that one's place, the rest of the question stays
    ("torch.zeros چه شکلی برمی‌گردونه؟", "و zeros_like چی؟", "torch.zeros_like چه شکلی برمی‌گردونه؟"),
    ("RMSE چطوری حساب میشه؟", "RMSLE چی؟", "RMSLE چطوری حساب میشه؟"),
    ("ورژن v2 چند لایه داره؟", "و v3 چی؟", "ورژن v3 چند لایه داره؟"),
    # the one Latin name the glossary does not know, though the two are not spelt alike
    ("RobustScaler چیکار میکنه؟", "و QuantileTransformer چی؟", "QuantileTransformer چیکار میکنه؟"),
    # the words beside what the two questions share: after «شبکه», before «باشه»
    ("سرعت شبکه بازگشتی روی CPU چقدره؟", "و شبکه کانولوشنی چی؟", "سرعت شبکه کانولوشنی روی CPU چقدره؟"),
    ("batch size بزرگ باشه چی میشه؟", "کوچیک باشه چی", "batch size کوچیک باشه چی میشه؟"),
    # a word shared a plural apart says what is replaced, before the first course term («شبکه عصبی») would be
    ("شبکه عصبی با لایه‌های کم چه مشکلی داره؟", "با لایه زیاد چی؟", "شبکه عصبی با لایه زیاد چه مشکلی داره؟"),
    # new words on both sides of a shared one: each replaces its counterpart
    ("در نسخه سیگموید شبکه XOR، وزن‌های نورون OR چه مقداری دارند؟", "بایاس نورون NAND چطور؟",
     "در نسخه سیگموید شبکه XOR، بایاس نورون NAND چه مقداری دارند؟"),
    # a new value of the same setting: the number whole («0.8», not its «8» after a shared «0»), and every shared
    # word said again replaced once («با نرخ نرخ یادگیری» before)
    ("با γ=0.8 مقدار V*(s1) چند می‌شود؟", "با γ=0.7 چطور؟", "با γ=0.7 مقدار V*(s1) چند می‌شود؟"),
    ("با نرخ یادگیری 0.01 خطا چقدر میشه؟", "با نرخ یادگیری 0.1 چی؟", "با نرخ یادگیری 0.1 خطا چقدر میشه؟"),
])
def test_a_name_the_glossary_does_not_know_replaces_its_counterpart(read, previous, question, searched):
    resolved = read(question, previous)
    assert (resolved.mode, resolved.question) == (SUBSTITUTE, searched)


@pytest.mark.parametrize(("previous", "question"), [
    ("RobustScaler و MinMaxScaler چیکار میکنن؟", "و QuantileTransformer چی؟"),  # two names: which one?
    ("dropout چیه؟", "و QuantileTransformer یعنی چی؟"),  # asks what it is: a question of its own
])
def test_no_counterpart_no_substitution(read, previous, question):
    assert read(question, previous).mode != SUBSTITUTE


def test_a_topic_of_plain_words_keeps_their_spaces(read):
    # a run of words that could not be found again as typed came back glued («میلیوندپارامتر»)
    resolved = read("بیشترش کجاست؟", "ResNet-50 چند میلیون پارامتر داره؟")
    assert resolved.mode == MERGE
    assert "میلیون پارامتر" in resolved.question, resolved.question


# -- through the knowledge base ---------------------------------------------------------------------------

def test_the_knowledge_base_reads_a_possessive_as_the_previous_topic(builtin_kb):
    read = builtin_kb.understand("نرخ یادگیری پیش فرضش چنده؟", ["Adam چیه؟"])
    assert read.mode == MERGE and read.searched == "نرخ یادگیری پیش فرض Adam چنده؟"
    answer = builtin_kb.ask("کی معرفیش کرد؟", context=["LeNet چند لایه داره؟"])
    assert answer.resolved_question == "کی معرفی LeNet کرد؟"
    assert answer.kind == ANSWER and "لکان" in loose(" ".join(answer.quotes)), answer.quotes


def test_a_possessive_on_a_glossary_word_is_not_a_typo_and_points_back(builtin_kb):
    """«معایبش» is «معایب» with «ش»: the speller left it «معایب», which then replaced the previous question's term
    («مزایای معایب …») instead of asking for the drawbacks of what it was about."""
    read = builtin_kb.understand("معایبش چی؟", ["مزایای Adam چیه؟"])
    assert read.mode == MERGE and "معایب" in read.searched and "Adam" in read.searched, read.searched
    assert "مزایا" not in read.searched


def test_a_possessive_on_any_known_word_is_not_corrected_to_a_glossary_spelling(builtin_kb):
    """«یادگیریش» is one edit from «یادگیریب» (the glossary's «یادگیری با …» with its space left out, as students
    type it): the speller turned the follow-up's pointer into that, and the question into nonsense."""
    read = builtin_kb.understand("نرخ یادگیریش چقدره؟", ["Adam چیه؟"])
    assert "یادگیریب" not in read.searched and "نرخ یادگیری" in read.searched and "Adam" in read.searched, read


def test_who_introduced_them_after_a_comparison_is_not_the_comparison_again(kb_copy, tmp_path):
    note = tmp_path / "recurrent.md"
    note.write_text(
        "# شبکه‌های بازگشتی\n\n## مقایسه\nفرق LSTM با GRU در تعداد گیت‌هاست: LSTM سه گیت دارد و GRU دو گیت.\n\n"
        "## تاریخچه\nLSTM را هوکرایتر و اشمیدهوبر در سال ۱۹۹۷ معرفی کردند و GRU را چو در سال ۲۰۱۴ معرفی کرد.\n",
        "utf-8")
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    kb.add([note])
    context = ["فرق LSTM با GRU چیه؟"]
    assert kb.understand("کی معرفیش کرد؟", context).searched == "کی معرفی LSTM و GRU کرد؟"
    answer = kb.ask("کی معرفیش کرد؟", context=context)
    assert answer.kind == ANSWER
    assert "1997" in loose(" ".join(answer.quotes)), answer.quotes
    assert answer.citations[0].section.endswith("تاریخچه"), answer.citations[0].section


def test_an_ordinal_with_a_possessive_ending_points_back(read):
    """«لایه سومش» is the third layer *of* what was asked about: a follow-up, not a question of its own."""
    resolved = read("لایه سومش چند تا پارامتر داره؟", "مدل LeNet چند تا لایه داره؟")
    assert resolved.mode == MERGE and "LeNet" in resolved.question


def test_a_short_term_stands_for_the_one_name_the_glossary_does_not_know(read):
    """«آنتروپی چی؟» after a question about «شاخص GINI» asks the same of entropy: GINI is not a glossary term and
    «آنتروپی» is not Latin, yet it can only stand for the one name the question has."""
    resolved = read("آنتروپی چی؟", "شاخص GINI برای سنجش خلوص یک گره چگونه محاسبه می‌شود؟")
    assert resolved.mode == SUBSTITUTE and "GINI" not in resolved.question and "خلوص" in resolved.question


def test_a_question_carrying_on_without_a_term_of_its_own_is_about_the_previous_topic(read):
    """«پس …», «حالا …» open a question that goes on from the answer: with words enough to stand alone
    («پس چرا قبلش مدل کوچیک آموزش میدن؟») it still asks about what the previous question was about."""
    resolved = read("پس چرا مدل کوچیک آموزش میدن؟", "dropout چیه؟")
    assert resolved.mode == MERGE and resolved.question.startswith("dropout ")
    assert read("پس چرا مدل کوچیک آموزش میدن؟").mode == ALONE  # no previous question: nothing to carry on


def test_a_whole_question_after_a_connective_is_not_a_substitution(read):
    """«پس ResNet-50 چند تا پارامتر داره؟» names its own model and asks its own question: it was read as «و X
    چی؟» with X the whole question, and searched as «ResNet-50 چند تا پارامتر داره تا لایه داره؟»."""
    resolved = read("پس ResNet-50 چند تا پارامتر داره؟", "LeNet چند لایه داره؟")
    assert resolved.mode == ALONE and resolved.question == "پس ResNet-50 چند تا پارامتر داره؟"
    assert read("و ResNet-50 چی؟", "LeNet چند لایه داره؟").mode == SUBSTITUTE  # a name alone still is one


def test_a_persian_word_with_the_spoken_is_is_not_corrected_to_a_glossary_spelling(tmp_path):
    """«مناسبه» is «مناسب است» said aloud, one edit from the glossary's «محاسبه»: on material that never says
    «مناسب» (a deck's list of courses), «دوره fastai مال کدوم دانشگاهه و برا کی مناسبه» had become a question about computation."""
    note = tmp_path / "courses.md"
    note.write_text("# منابع\n\n- دوره fast.ai دانشگاه سان فرانسیسکو: آموزش یادگیری عمیق برای برنامه نویسان\n"
                    "- محاسبه گرادیان در شبکه های عصبی\n", encoding="utf-8")
    kb = KnowledgeBase.open(KBConfig(home=tmp_path / "home", builtin=False))
    kb.add([note])
    read = kb.understand("دوره fastai مال کدوم دانشگاهه و برا کی مناسبه", [])
    assert "محاسبه" not in read.searched and "مناسبه" in read.searched, read.searched


# A second course's material: names the glossary does not know, as a new course's are
OTHER_MATERIAL = (
    "برای طبقه‌بندی دودویی در لایه خروجی از تابع سیگموید و برای رگرسیون از تابع خطی استفاده می‌شود. "
    "مزایای هوش مصنوعی در آموزش زیاد است و چالش‌های آن هم. پارامتر دما در Gumbel-Softmax توزیع را نرم می‌کند. "
    "در تمرین iris داده‌ها به نسبت ۸۰ به ۲۰ تقسیم شدند و داده تست جدا شد. مشکل روش MC در تخمین ارزش واریانس است. "
    "در طراحی سیستم ML برای NLP و برای بینایی کامپیوتر موضوعات متفاوتی هست."
)


@pytest.mark.parametrize(("previous", "question", "searched"), [
    # the same preposition says which name the new one replaces
    ("برای طبقه‌بندی دودویی تو لایه خروجی از چه تابعی استفاده کنیم؟", "برای رگرسیون چطور؟",
     "برای رگرسیون تو لایه خروجی از چه تابعی استفاده کنیم؟"),
    ("تو طراحی سیستم ML برای NLP چه موضوعاتی رو باید بلد باشیم؟", "برای بینایی کامپیوتر چی؟",
     "تو طراحی سیستم ML برای بینایی کامپیوتر چه موضوعاتی رو باید بلد باشیم؟"),
    # the side asked for is not the topic: the challenges of AI in teaching, not of its advantages
    ("مزایای هوش مصنوعی تو آموزش چیه؟", "چالشاش چی؟", "چالش هوش مصنوعی تو آموزش چی؟"),
    # «اگه …» asks what follows from a value of the topic; «و …» carries on; «این مشکل» says «مشکل» once
    ("تو Gumbel-Softmax پارامتر دما چیکار می‌کنه؟", "اگه λ=1 باشه چی؟", "Gumbel Softmax پارامتر دما اگه λ=1 باشه چی؟"),
    ("تو تمرین iris داده‌ها رو چطور تقسیم کرده؟", "و نسبت داده تست چقدره؟", "تمرین iris تقسیم و نسبت داده تست چقدره؟"),
    ("مشکل روش MC در تخمین ارزش چیه؟", "این مشکل کجا بیشتره؟", "مشکل MC در تخمین ارزش کجا بیشتره؟"),
])
def test_a_follow_up_on_a_new_courses_names(previous, question, searched):
    analyzer = Analyzer()
    vocabulary = set(analyzer.terms(OTHER_MATERIAL))

    def informative(text: str) -> list[str]:
        return [t for t in analyzer.content_terms(text) if t in vocabulary]

    def word_known(word: str) -> bool:
        return analyzer.terms_of_word(word) in vocabulary

    resolved = resolve(question, [previous], analyzer.matches, informative, word_known)
    assert resolved.question == searched and resolved.mode != ALONE
