"""What the material calls things: terms learned from uploaded text reach questions in other forms."""

from __future__ import annotations

import pytest

from knowledge import KBConfig, KnowledgeBase
from knowledge.transliterate import is_english_word, language, to_persian
from knowledge.types import ANSWER
from knowledge.vocabulary import Vocabulary, glosses, persian_skeleton, skeletons


@pytest.mark.parametrize(("persian", "english"), [
    ("اتوانکودر", "autoencoder"), ("نرمالیزیشن", "normalization"), ("اورفیتینگ", "overfitting"),
    ("دراپاوت", "dropout"), ("ولیدیشن", "validation"), ("مکانیزم", "mechanism"), ("اپتیمایزر", "optimizer"),
    ("رگرسیون", "regression"), ("لاجستیک", "logistic"), ("آنسامبل", "ensemble"), ("یولو", "yolo"),
])
def test_a_loanword_in_persian_letters_has_the_skeleton_of_its_english_word(persian, english):
    assert persian_skeleton(persian) in skeletons(english)


@pytest.mark.parametrize(("persian", "english"), [("شبکه", "shake"), ("دقت", "data"), ("لایه", "layer")])
def test_different_words_have_different_skeletons(persian, english):
    assert persian_skeleton(persian) not in skeletons(english)


def test_glosses_pair_a_term_with_its_translation_in_parentheses():
    text = ("مدلی که داده‌ی آموزش را حفظ کند دچار بیش‌برازش (overfitting) می‌شود. "
            "برای مقابله با آن از dropout (برون‌اندازی) استفاده می‌کنیم. فرمول $x (y)$ چیزی نیست.")
    found = dict(glosses(text))
    assert "بیش‌برازش" in found["overfitting"]
    assert found["dropout"] == "برون‌اندازی"
    assert "y" not in found


MATERIAL = [
    "برون‌اندازی (dropout) روشی برای جلوگیری از بیش‌برازش است که در آن نورون‌ها به طور تصادفی حذف می‌شوند.",
    "یک autoencoder ورودی را به نمایشی فشرده می‌برد و دوباره می‌سازد.",
    "الگوریتم انتشار معکوس گرادیان را لایه به لایه حساب می‌کند.",
]


def _known(vocab_words: set[str]):
    return lambda word: word in vocab_words


def test_the_bridge_reaches_the_materials_words_from_english_persian_letters_and_typos():
    vocabulary = Vocabulary.learn(MATERIAL)
    known = _known({"انتشار", "معکوس", "الگوریتم", "چیست", "چیه", "چطور"})
    extra, covered = vocabulary.bridge("what does dropout do?", known)
    assert "برون‌اندازی" in extra
    extra, covered = vocabulary.bridge("اتوانکودر چیه؟", known)
    assert extra == ["autoencoder"] and "اتوانکودر" in covered
    extra, _ = vocabulary.bridge("انتشار معکوص چطور کار میکنه؟", known)
    assert "معکوس" in extra
    # an ordinary Persian word is neither a loanword nor a typo of one
    assert vocabulary.bridge("شبکه چیه؟", lambda w: False)[0] == []


def test_a_misspelt_latin_token_is_read_as_the_materials_own():
    vocabulary = Vocabulary.learn(["از r2_score و PolynomialFeatures(degree=2) و XGBoost و resnet18 و transform "
                                   "و model استفاده می‌کنیم"])
    assert vocabulary.latin_corrected("r2_scroe") == "r2_score"  # two letters swapped, digits kept
    assert vocabulary.latin_corrected("PolynomialFeaturs") == "polynomialfeatures"
    assert vocabulary.latin_corrected("XGBoots") == "xgboost"
    assert vocabulary.bridge("عدد r2_scroe بین چه بازه‌ای است؟", lambda w: False) == (["r2_score"], {"r2_scroe"})
    # another model, another form of a word, an everyday word and a short one are not typos
    for word in ("resnet34", "resnet19", "transformer", "transforms", "context", "modal"):
        assert vocabulary.latin_corrected(word) is None, word


def test_an_acronym_spelled_letter_by_letter_is_read_as_the_materials_own():
    vocabulary = Vocabulary.learn(["الگوریتم ID3 از بهره اطلاعات استفاده می‌کند و C4.5 هرس می‌کند؛ SVM و VGG16 هم هستند."])
    unknown = lambda word: False  # noqa: E731
    assert vocabulary.bridge("ساختار آی دی تری بالا به پایین است؟", unknown) == (["id3"], {"آی", "دی", "تری"})
    assert vocabulary.bridge("سی فور پوینت فایو با داده پیوسته کار می‌کند؟", unknown)[0] == ["c4.5"]
    assert vocabulary.bridge("الگورتم سی۴.۵ چی کار می‌کند", unknown)[0] == ["c4.5", "الگوریتم"]  # a number as such
    assert vocabulary.bridge("آیدی ۳ چیه", unknown)[0] == ["id3"]
    assert vocabulary.bridge("تو اس وی ام کرنل چیه", unknown)[0] == ["svm"]
    assert vocabulary.bridge("وی جی جی 16 چند لایه داره", unknown)[0] == ["vgg16"]
    # one word alone is a Persian word («سی»: thirty), and an acronym the material does not use is not read
    assert vocabulary.bridge("سی و سه تا لایه", unknown)[0] == []
    assert vocabulary.bridge("کی ان ان چیه", unknown)[0] == []


def test_a_glossary_phrase_in_persian_letters_reaches_the_materials_translation(tmp_path):
    """«کرنل تریک» is the glossary's kernel trick, which this material calls «حقه‌ی هسته»: answered, and
    «تریک» is not read by its sound as an English word the material never uses."""
    notes = tmp_path / "svm.md"
    notes.write_text("# ماشین بردار پشتیبان\n\nنکته: می‌گوییم برای محاسبه‌ی تابع هزینه از «حقه‌ی هسته» استفاده "
                     "می‌شود، چرا که برای محاسبه‌ی آن نیازی به دانستن نگاشت ویژگی که معمولا پیچیده است نداریم.\n\n"
                     "## دسته‌بندی\n\nحاشیه‌ی بیشینه مرز تصمیمی است که فاصله‌ی نزدیک‌ترین نمونه‌ها را بیشینه می‌کند.\n",
                     "utf-8")
    kb = KnowledgeBase.open(KBConfig(home=tmp_path / "kb", builtin=False))
    try:
        kb.add([notes])
        answer = kb.ask("کرنل تریک چیه و چرا استفاده میشه؟")
        assert answer.kind == ANSWER and "حقه‌ی هسته" in " ".join(answer.quotes)
    finally:
        kb.close()


def test_english_words_inside_finglish_stay_english():
    assert is_english_word("mechanism") and is_english_word("overfitting")
    assert not is_english_word("chie") and not is_english_word("mikone")
    assert to_persian("attention mechanism chejoori kar mikone?", keep=lambda w: False) == \
        "attention mechanism چجوری کار میکنه?"
    # the ezafe after a hyphen or glued to an English word is read off it; «sale» is «سال» in Finglish
    assert to_persian("miangin-e nemune biased-e ya unbiased?", keep=lambda w: False) == \
        "میانگین نمونه biased یا unbiased?"
    assert to_persian("robote ta chand metr ro mitoonest tashkhis bede?", keep=lambda w: False).startswith("robot تا")
    assert to_persian("alexnet sale chand bord", keep=lambda w: w == "alexnet") == "alexnet سال چند برد"
    # everyday words the word list reads as others («niaz» is not «نیز», «misal» not «میسل», «mige» not «میگ»)
    assert to_persian("chera be gradient niaz darim? misal dare? ketab chi mige? che rahhayi hast?",
                      keep=lambda w: w == "gradient") == "چرا به gradient نیاز داریم? مثال داره? کتاب چی میگه? چه راه‌هایی هست?"


def test_a_finglish_word_is_read_as_the_material_writes_it():
    """«khooshe» reads first as «خوش» ("happy"); a course on clustering writes «خوشه», a likely reading too."""
    material = {"خوشه", "مرکز", "پیدا"}.__contains__
    assert to_persian("markaze khooshe", keep=lambda w: False) == "مرکز خوش"
    assert to_persian("markaze khooshe", keep=lambda w: False, used=material) == "مرکز خوشه"
    assert to_persian("khooshe", keep=lambda w: False, used=lambda w: False) == "خوش"  # none used: the first


@pytest.fixture(scope="module")
def translated_kb(tmp_path_factory):
    home = tmp_path_factory.mktemp("translated")
    notes = home / "notes.md"
    notes.write_text(
        "# یادگیری ماشین\n\n## برون‌اندازی\n"
        "برون‌اندازی (dropout) روشی برای جلوگیری از بیش‌برازش است که در آن واحدهای شبکه با احتمال p "
        "به طور تصادفی کنار گذاشته می‌شوند. مقدار معمول p برابر ۰٫۵ است.\n\n"
        "## خودرمزگذار\n"
        "یک autoencoder ورودی را به نمایش فشرده‌ای در لایه‌ی گلوگاه می‌برد و از روی آن دوباره می‌سازد؛ "
        "خطای بازسازی معیار آموزش آن است.\n", "utf-8")
    kb = KnowledgeBase.open(KBConfig(home=home / "kb", builtin=False))
    kb.add([notes])
    yield kb
    kb.close()


@pytest.mark.parametrize(("question", "fact"), [
    ("what is the usual value of p in dropout?", "۰٫۵"),
    ("اتوانکودر چطوری آموزش میبینه؟", "خطای بازسازی"),
])
def test_questions_in_other_forms_find_the_uploaded_materials_answer(translated_kb, question, fact):
    answer = translated_kb.ask(question)
    assert answer.kind == ANSWER, answer
    assert fact in " ".join(answer.quotes)
    assert answer.resolved_question == answer.question or "(" not in answer.resolved_question


def test_everyday_english_words_of_a_question_are_searched_in_persian():
    """An English question over Persian material: "advantages", "method", "labels" are searched as the
    Persian the material writes («مزیت», «روش», «برچسب»), as "layer" is as «لایه»."""
    from knowledge.analyzer import Analyzer

    analyzer = Analyzer()
    terms = analyzer.query_terms("What are the advantages of this method for labels?", lambda term: True)
    assert {"مزیت", "روش", "برچسب"} <= set(terms)


def test_finglish_without_a_function_word_is_told_from_english_by_its_words():
    """«random forest ghabele tafsire?» has no «chie» or «mikone»: its words, not English ones, make it Finglish."""
    assert language("random forest ghabele tafsire?") == "finglish"
    assert language("random forest interpretability") == "english"
    assert to_persian("sample variance bias dare ya na?", keep=lambda w: False) == "sample variance bias داره یا نه?"
    assert to_persian("model e toy", keep=lambda w: False).split() == ["model", "toy"]  # the ezafe typed apart



def test_everyday_english_words_in_finglish_are_not_terms_the_material_lacks(translated_kb):
    """«meghdare typical p too dropout chande?»: "typical" is how the student says it, not a concept the Persian
    material never names; "yolo" in the same place is one."""
    assert translated_kb.evidence("meghdare typical p too dropout chande?").unknown_latin == 0
    assert translated_kb.ask("meghdare typical p too dropout chande?").kind == ANSWER
    assert translated_kb.evidence("yolo too dropout chie?").unknown_latin == 1
