"""The quoted sentence answers what was asked: no dangling «:», no table of contents, the course's own text first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from knowledge import KBConfig, KnowledgeBase
from knowledge.intent import QuestionType, question_type
from knowledge.types import ANSWER

CHEATSHEET = """# راهنمای کوتاه یادگیری ماشین

[وایازش خطی، ماتریس درهم‌ریختگی، اعتبارسنجی متقاطع، خوشه‌بندی سلسله‌مراتبی]

## ماتریس درهم‌ریختگی

ماتریس درهم‌ریختگی - از ماتریس درهم‌ریختگی برای دست یافتن به تصویری جامع‌تر در ارزیابی عملکرد مدل استفاده می‌شود. این ماتریس بصورت زیر تعریف می‌شود:

## اعتبارسنجی متقاطع

اعتبارسنجی متقاطع روشی برای انتخاب مدلی است که بیش از حد به مجموعه‌ی آموزش اولیه تکیه نمی‌کند. انواع مختلف آن در جدول زیر آمده‌اند:

[معمولا $k=5$ یا $k=10$، مورد $p=1$ تحت عنوان حذف تک‌مورد گفته می‌شود]

## خوشه‌بندی سلسله‌مراتبی

الگوریتم خوشه‌بندی سلسله‌مراتبی تجمعی خوشه‌های تودرتو را پی‌در‌پی ایجاد می‌کند. ضریب نیم‌رخ کیفیت خوشه‌ها را می‌سنجد و به صورت زیر تعریف می‌شود:
"""


@pytest.fixture(scope="module")
def cheatsheet_kb(tmp_path_factory):
    home = tmp_path_factory.mktemp("cheatsheet")
    path = home / "cheatsheet.md"
    path.write_text(CHEATSHEET, "utf-8")
    kb = KnowledgeBase.open(KBConfig(home=home / "kb"))  # with the built-in notes beside it
    kb.add([path])
    yield kb
    kb.close()


@contextmanager
def _course(tmp_path, name: str, text: str) -> Iterator[KnowledgeBase]:
    """A course holding one uploaded note, beside the built-in notes as a course has it."""
    notes = tmp_path / name
    notes.write_text(text, "utf-8")
    kb = KnowledgeBase.open(KBConfig(home=tmp_path / "kb"))
    try:
        kb.add([notes])
        yield kb
    finally:
        kb.close()


def _shown(kb: KnowledgeBase, question: str):
    answer = kb.ask(question)
    assert answer.kind == ANSWER, answer
    return answer


def _quoted(tmp_path, name: str, text: str, question: str) -> str:
    """What a course holding one uploaded note quotes for ``question``, its quotes joined."""
    with _course(tmp_path, name, text) as kb:
        return " ".join(_shown(kb, question).quotes)


def test_a_quote_never_ends_on_a_colon_without_what_follows(cheatsheet_kb):
    for question in ("ماتریس درهم‌ریختگی به چه دردی میخوره؟", "اعتبارسنجی متقاطع k رو معمولا چند میگیرن؟",
                     "خوشه‌بندی سلسله‌مراتبی چه کار می‌کند؟"):
        for quote in _shown(cheatsheet_kb, question).quotes:
            assert not quote.rstrip().endswith(":") or "[" in quote, (question, quote)


def test_a_table_row_is_quoted_with_the_sentence_that_introduces_it(cheatsheet_kb):
    answer = _shown(cheatsheet_kb, "اعتبارسنجی متقاطع k رو معمولا چند میگیرن؟")
    quote = " ".join(answer.quotes)
    assert "k=10" in quote and "جدول زیر آمده‌اند" in quote


def test_the_table_of_contents_is_not_an_answer(cheatsheet_kb):
    answer = _shown(cheatsheet_kb, "ماتریس درهم‌ریختگی چیست؟")
    assert all(not q.startswith("[وایازش خطی") for q in answer.quotes)
    assert "تصویری جامع‌تر" in " ".join(answer.quotes)


def test_the_uploaded_material_is_quoted_before_a_built_in_note(cheatsheet_kb):
    answer = _shown(cheatsheet_kb, "خوشه‌بندی سلسله‌مراتبی چه کار می‌کند؟")
    assert answer.citations[0].doc.startswith("cheatsheet")


def test_a_list_of_topics_no_sentence_announces_is_not_quoted(tmp_path):
    notes = tmp_path / "unsupervised.md"
    notes.write_text(
        "# راهنمای یادگیری بدون نظارت\n\n## خوشه‌بندی k-میانگین\n\n"
        "الگوریتم k-میانگین هر نمونه را به نزدیک‌ترین مرکز خوشه نسبت می‌دهد و مراکز را تا هم‌گرایی به‌روز می‌کند.\n\n"
        + "مراکز اولیه به طور تصادفی انتخاب می‌شوند و نتیجه به این انتخاب حساس است. " * 12 + "\n\n"
        "## پایان\n\nراهنماهای کوتاه یادگیری ماشین به زبان فارسی در دسترس هستند.\n\n"
        "[خوشه‌بندی، بیشینه‌سازی امید ریاضی، k-میانگین، خوشه‌بندی سلسله‌مراتبی، معیارها]\n", "utf-8")
    kb = KnowledgeBase.open(KBConfig(home=tmp_path / "kb", builtin=False))
    kb.add([notes])
    answer = _shown(kb, "k-means chejoori kar mikone?")
    assert all("[خوشه‌بندی، بیشینه‌سازی" not in quote for quote in answer.quotes), answer.quotes
    assert "نزدیک‌ترین مرکز" in " ".join(answer.quotes)


GLOSSARY = """# واژه‌نامه‌ی یادگیری ماشین

## Generalization Curve — منحنی تعمیم

منحنی‌ای که [میزان اتلاف](/L/loss_curve) [مجموعه آموزش](/t/training_set) و [مجموعه اعتبار سنجی](/v/validation_set) را نشان می‌دهد. یک [منحنی تعمیم](/g/generalization_curve) می‌تواند در تشخیص [بیش‌برازش](/o/overfitting) کمک کند.

## Kernel Trick — ترفند هسته

برخی داده‌ها در فضای اصلی با یک خط جدا نمی‌شوند و بردن آن‌ها به فضایی با ابعاد بیشتر پرهزینه است. مدل با یک تابع هسته فقط ضرب داخلی نقطه‌ها را حساب می‌کند و رفتارش را مثل آن فضا شبیه‌سازی می‌کند. به این ترفند Kernel Trick می‌گویند.
"""


@pytest.fixture(scope="module")
def glossary_kb(tmp_path_factory):
    home = tmp_path_factory.mktemp("glossary")
    path = home / "glossary.md"
    path.write_text(GLOSSARY, "utf-8")
    kb = KnowledgeBase.open(KBConfig(home=home / "kb"))
    kb.add([path])
    yield kb
    kb.close()


def test_a_sentence_with_markdown_links_is_prose_not_code(glossary_kb):
    # a glossary's definitions link every term: «[بیش‌برازش](/o/overfitting)» must not make it "code"
    quote = " ".join(_shown(glossary_kb, "منحنی تعمیم به چه دردی میخوره؟").quotes)
    assert "در تشخیص" in quote and "بیش‌برازش" in quote and "](/" not in quote  # the link's words, not its address


def test_an_image_named_by_its_file_shows_nothing_in_a_quote(tmp_path):
    # the Andrew Ng notes put «![image86.png](../images/image86.png?width=18pc)» in their sentences
    with _course(tmp_path, "week3.md",
                 "# طبقه بندی\n\nبرای هر کلاس i ![image86.png](../images/image86.png?width=18pc) یک دسته‌بند "
                 "رگرسیون لجستیک جداگانه آموزش می‌دهیم که احتمال y=i را پیش‌بینی می‌کند؛ به این روش یکی در برابر "
                 "همه می‌گویند. ![نمودار یکی در برابر همه](one-vs-all.png)\n") as kb:
        quote = " ".join(_shown(kb, "روش یکی در برابر همه در رگرسیون لجستیک چیه؟").quotes)
        assert "image86" not in quote and "برای هر کلاس i یک دسته‌بند" in quote


def test_markdown_bold_shows_its_words_without_asterisks(tmp_path):
    # Telegram prints «**LIME**» with its asterisks; code's «f(**kwargs)» keeps them
    with _course(tmp_path, "lime.md",
                 "# لایم\n\n**LIME** روشی برای برازش یک **مدل جانشین محلی** در همسایگی نمونه است و با "
                 "explain(**kwargs) فراخوانده می‌شود.\n") as kb:
        quote = " ".join(_shown(kb, "لایم چطوری مدل جانشین محلی میسازه؟").quotes)
        assert "LIME روشی برای برازش یک مدل جانشین محلی" in quote and "explain(**kwargs)" in quote


def test_a_sentence_sending_the_reader_to_a_link_is_not_the_answer(tmp_path):
    # a course's notes end each topic with a pointer in the question's own English words
    with _course(tmp_path, "nlp.md",
                 "# تعبیه\n\nبرای آشنایی با contextualized embedding در pytorch به [این لینک](https://pytorch.org/x) "
                 "مراجعه کنید.\n\nتعبیه‌های زمینه‌ای بردار هر واژه را با توجه به جمله‌ای که در آن آمده می‌سازند؛ "
                 "مدل‌هایی نظیر ELMo و BERT از این دسته هستند.\n") as kb:
        quote = " ".join(_shown(kb, "Which models give a contextualized embedding?").quotes)
        assert "ELMo و BERT" in quote and "مراجعه کنید" not in quote


def test_a_reply_sending_the_reader_to_another_text_is_not_the_answer(tmp_path):
    # a forum reply points at the slides before it answers, no link in it
    with _course(tmp_path, "forum.txt",
                 "سلام، برای اینکه بفهمید bottleneck تو ResNet برای چیه در فایل پرزنتیشن به بخش ResNet مراجعه "
                 "کنید.\n\nبلوک bottleneck با یک کانولوشن ۱×۱ عمق را کم می‌کند تا از افزایش شدید تعداد پارامترها "
                 "جلوگیری شود.\n") as kb:
        quote = " ".join(_shown(kb, "bottleneck تو ResNet برای چیه؟").quotes)
        assert "افزایش شدید" in quote and "مراجعه کنید" not in quote


def test_a_sentence_naming_what_came_before_is_quoted_with_it(glossary_kb):
    # «به این ترفند … می‌گویند» names the sentence before it, which holds the answer
    quote = " ".join(_shown(glossary_kb, "kernel trick دقیقا چیکار میکنه؟").quotes)
    assert "شبیه‌سازی" in quote and "Kernel Trick" in quote


def test_a_tree_drawn_with_text_is_not_quoted(tmp_path):
    with _course(tmp_path, "notes.md",
                 "# یادگیری بدون نظارت\n\n"
                 "├── Dimensionality Reduction\n│   └── PCA\n└── Association Rules\n\n"
                 "کاهش ابعاد باعث سریع‌تر شدن آموزش و کاهش حافظه می‌شود و داده را برای نمایش ساده‌تر می‌کند.\n") as kb:
        quote = " ".join(_shown(kb, "کاربرد Dimensionality Reduction چیه؟").quotes)
        assert "├" not in quote and "│" not in quote and "سریع‌تر شدن آموزش" in quote


def test_an_import_of_a_dotted_module_is_code_not_an_answer(tmp_path):
    # «from sklearn.linear_model import SGDRegressor» is a line of code, however its module is spelt
    with _course(tmp_path, "regression.md",
                 "# رگرسیون\n\n"
                 "from sklearn.linear_model import LinearRegression from sklearn.linear_model import SGDRegressor\n\n"
                 "این مدل ضرایب را با الگوریتم gradient descent گام به گام پیدا می‌کند و نه با حل یک معادله.\n") as kb:
        quote = " ".join(_shown(kb, "How is SGDRegressor different from LinearRegression?").quotes)
        assert "import" not in quote and "gradient descent" in quote


def test_inline_formulas_and_commented_code_are_quotable_and_a_bare_question_is_not_the_answer(tmp_path):
    """A cheatsheet's definition carries TeX, a tutorial explains a line of code in its comment, and an FAQ
    asks its question in bold before answering it: the answer is the definition, the comment, the reply."""
    with _course(tmp_path, "notes.md",
                 "# جبر خطی\n\n"
                 "دترمینان - دترمینان یک ماتریس مربعی $A \\in \\mathbb{R}^{n \\times n}$ که با $|A|$ یا $\\det(A)$ "
                 "نمایش داده می‌شود، به صورت یک عبارت بازگشتی بر حسب $A_{\\backslash i, \\backslash j}$ تعریف می‌شود.\n\n"
                 "اثر - اثر ماتریس مربعی مجموع همه‌ی درایه‌های قطری ماتریس است.\n\n"
                 "# آموزش مدل\n\n"
                 "```python\noptimizer.zero_grad()  # صفر کردن گرادیان‌های مرحله‌ی قبل\nloss.backward()\n```\n\n"
                 "# پرسش‌های رایج\n\n"
                 "**تفاوت بگینگ و بوستینگ چیست؟**\n\n"
                 "در بگینگ مدل‌ها به‌طور همزمان و مستقل آموزش می‌بینند، در حالی که در بوستینگ هر مدل خطای مدل قبلی را "
                 "اصلاح می‌کند.\n") as kb:
        assert "عبارت بازگشتی" in " ".join(_shown(kb, "دترمینان ماتریس مربعی چطور تعریف میشه؟").quotes)
        assert "صفر کردن گرادیان" in " ".join(_shown(kb, "optimizer.zero_grad() چی کار میکنه؟").quotes)
        quote = " ".join(_shown(kb, "فرق بگینگ با بوستینگ چیه؟").quotes)
        assert "همزمان و مستقل" in quote
        # the reply is the answer; its bold question may lead it in (it always did: this assertion was
        # `not quote.startswith(…)`, held only by the «**» the quote showed before bold lost its asterisks)
        assert quote.strip() != "تفاوت بگینگ و بوستینگ چیست؟"


def test_a_code_blocks_english_comment_is_not_quoted(tmp_path):
    """«# 3. Add vectors to the index» documents the code; quoted, it answered an English question by resemblance
    alone (a tutorial on FAISS).  The prose that explains the step is the answer."""
    with _course(tmp_path, "faiss.md",
                 "# جستجوی برداری\n\n"
                 "در FAISS ابتدا یک index ساخته می‌شود و سپس بردارها با متد add به آن اضافه می‌شوند تا قابل جستجو باشند.\n\n"
                 "```python\nindex = faiss.IndexFlatL2(d)\n\n# 3. Add the vectors to the index so they can be searched\n"
                 "index.add(xb)\n```\n") as kb:
        quote = " ".join(_shown(kb, "How are the vectors added to the FAISS index so they can be searched?").quotes)
        assert "Add the vectors" not in quote and "با متد add" in quote


def test_a_list_items_label_is_quoted_with_its_sentence_and_a_bare_link_is_not_an_answer(tmp_path):
    """«- پیچیدگی محاسباتی:» names the point the sentence after it makes: often the very fact asked for.
    An address alone on its line («https://…») says nothing, however many words its path spells."""
    with _course(tmp_path, "forest.md",
                 "# جنگل تصادفی\n\n"
                 "## معایب جنگل تصادفی\n\n"
                 "- پیچیدگی محاسباتی:\n  جنگل تصادفی ممکن است زمان‌بر باشد و به منابع محاسباتی بیشتری نیاز داشته باشد.\n\n"
                 "## منابع\n\n"
                 "https://stats.stackexchange.com/questions/133656/how-to-understand-the-drawbacks-of-random-forest\n"
                 ) as kb:
        quote = " ".join(_shown(kb, "عیب جنگل تصادفی چیه؟").quotes)
        assert "پیچیدگی محاسباتی:" in quote and "زمان‌بر" in quote
        assert "stackexchange" not in quote


def test_list_items_are_read_under_the_label_they_stand_under(tmp_path):
    """«مزایا:» and «معایب:», each over its «- …» items: no item says «مزیت» or «عیب», yet each list is what
    «مزایای …؟» or «معایب …؟» asks for."""
    with _course(tmp_path, "bayes.md",
                 "# بیز ساده\n\n"
                 "مزایا:\n- ساده و سریع: به راحتی پیاده‌سازی می‌شود و آموزشش چند ثانیه طول می‌کشد.\n"
                 "- عملکرد خوب با داده‌های کم: حتی با چند صد نمونه نتیجه‌ی قابل قبولی می‌دهد.\n\n"
                 "معایب:\n- فرض استقلال: در داده‌های واقعی ویژگی‌ها اغلب به هم وابسته‌اند.\n"
                 "- احتمال صفر: واژه‌ای که در آموزش نبوده احتمال کل را صفر می‌کند مگر هموارسازی شود.\n"
                 ) as kb:
        advantages = " ".join(_shown(kb, "مزایای بیز ساده چیه؟").quotes)
        drawbacks = " ".join(_shown(kb, "معایب بیز ساده چیه؟").quotes)
        assert ("ساده و سریع" in advantages or "داده‌های کم" in advantages) and "فرض استقلال" not in advantages
        assert ("فرض استقلال" in drawbacks or "احتمال صفر" in drawbacks) and "ساده و سریع" not in drawbacks


def test_a_table_announced_in_prose_is_read_from_its_header_to_its_rows(tmp_path):
    """«… در جدول زیر آمده‌اند.» announces a table as «:» does; its header row names, its rows answer."""
    with _course(tmp_path, "supervised.md",
                 "# یادگیری با نظارت\n\n"
                 "[اعداد پیوسته، دسته، وایازش خطی، وایازش لجستیک]\n\n"
                 "نوع مدل ـ انواع مختلف مدل‌ها در جدول زیر به اختصار آمده‌اند.\n\n"
                 "[مدل متمایزکننده، مدل مولد، هدف، چیزی که یاد گرفته می‌شود]\n\n"
                 "[تخمین مستقیم احتمال پسین، تخمین درست‌نمایی و سپس نتیجه‌گیری پسین، مرز تصمیم‌گیری، توزیع داده‌ها]\n"
                 ) as kb:
        quote = " ".join(_shown(kb, "مدل متمایزکننده و مدل مولد هر کدام چه چیزی را یاد می‌گیرند؟").quotes)
        assert "مرز تصمیم‌گیری" in quote and "جدول زیر" in quote


@pytest.mark.parametrize("question, kind", [
    ("When was Network in Network introduced?", QuestionType.WHEN),
    ("Who proposed LeNet-5 and when?", QuestionType.WHO),
    ("In what year was ResNet published?", QuestionType.WHEN),
    ("لنت کی اومد؟", QuestionType.WHEN),
    # "when" inside a sentence asks for a condition or a consequence, not a date: no bonus for a year
    ("What happens when the learning rate is too high?", QuestionType.OTHER),
    ("When is the gradient of a function with respect to a matrix defined?", QuestionType.OTHER),
    ("when should I use 3D convs instead of 2D ones for video?", QuestionType.OTHER),
])
def test_only_a_question_asking_for_a_date_looks_for_one(question, kind):
    assert question_type(question) is kind


def test_a_nested_item_is_read_and_quoted_under_the_item_it_stands_under(tmp_path):
    """Slides name the subject once, in the outer item; the inner items hold the facts about it without
    naming it («  - ابعاد تمام فیلترها ۳×۳ …» under «- معماری VGG …»)."""
    with _course(tmp_path, "slides.md",
                 "# معماری‌های کلاسیک\n\n"
                 "- معماری VGG در سال ۲۰۱۴ تیم دوم مسابقه ILSVRC شد\n"
                 "  - فیلترهای کوچک‌تر و لایه‌های بیشتر\n"
                 "  - در این معماری ابعاد تمام فیلترها ۳×۳ با گام ۱ است\n"
                 "- معماری AlexNet در سال ۲۰۱۲ برنده مسابقه ILSVRC شد\n"
                 "  - فیلترهای لایه اول ۱۱×۱۱ با گام ۴ هستند\n"
                 "  - از ReLU و Dropout استفاده شده است\n"
                 ) as kb:
        vgg = " ".join(_shown(kb, "VGG از چه اندازه فیلتری استفاده میکنه؟").quotes)
        assert "۳×۳" in vgg and "VGG" in vgg and "۱۱×۱۱" not in vgg
        alexnet = " ".join(_shown(kb, "اندازه فیلترهای لایه اول AlexNet چنده؟").quotes)
        assert "۱۱×۱۱" in alexnet and "AlexNet" in alexnet


def test_the_same_words_are_not_quoted_twice(tmp_path):
    """Slides repeat their bullets inside a code listing further on; the answer shows them once."""
    bullets = ("• شبکه LeNet-5 در سال ۱۹۹۸ برای شناسایی اعداد دست‌نویس پیشنهاد شد\n"
               "• این شبکه دارای ۵ لایه آموزشی است: ۲ لایه کانولوشنی و ۳ لایه کاملا متصل\n")
    with _course(tmp_path, "slides.md",
                 "# شبکه LeNet-5\n\n" + bullets + "# آزمایش‌ها\n\n"
                 + " ".join(f"در آزمایش شماره {i} داده‌های آموزشی با نرخ یادگیری متفاوتی بررسی شد." for i in range(1, 25))
                 + "\n\n# شبکه LeNet-5 در کد\n\n```\n" + bullets + "net = nn.Sequential(nn.Conv2d(1, 6, 5))\n```\n"
                 ) as kb:
        quotes = _shown(kb, "LeNet-5 چند لایه آموزشی داره؟").quotes
        words = [re.sub(r"\W+", "", q) for q in quotes]
        assert any("۵ لایه آموزشی" in q for q in quotes)
        assert not any(a in b for i, a in enumerate(words) for j, b in enumerate(words) if i != j), quotes


def test_a_question_about_a_drawback_quotes_the_drawback(tmp_path):
    """«بزرگ‌ترین مشکلش چیه؟» wants the sentence naming the problem, not the section's opening definition."""
    with _course(tmp_path, "pdp.md",
                 "# نمودار وابستگی جزئی\n\n"
                 "نمودار وابستگی جزئی (PDP) اثر حاشیه‌ای یک یا دو ویژگی را بر پیش‌بینی یک مدل نشان می‌دهد. "
                 "این نمودار برای مدل‌های جعبه‌سیاه هم به کار می‌رود و محاسبه‌اش ساده است. "
                 "بزرگ‌ترین ایراد نمودار وابستگی جزئی فرض استقلال ویژگی‌هاست که در داده‌های واقعی برقرار نیست.\n") as kb:
        quote = " ".join(_shown(kb, "مشکل اصلی نمودار وابستگی جزئی چیه؟").quotes)
        # the paragraph is short: it is quoted from its start, which names what it is about
        assert "فرض استقلال" in quote and quote.startswith("نمودار وابستگی جزئی"), quote
    assert question_type("What are the drawbacks of dropout?") is QuestionType.PROBLEM
    assert question_type("global pooling چه عیبی داره") is QuestionType.PROBLEM


LONG_PASSAGE = """# یادداشت‌های درس

## شبکه‌ی LeNet-5

شبکه‌ی LeNet-5 را یان لکان در سال ۱۹۹۸ برای خواندن ارقام دست‌نویس چک‌های بانکی معرفی کرد. ورودی آن تصویرهای سیاه‌وسفید ۳۲ در ۳۲ است. لایه‌های آن به ترتیب کانولوشن، ادغام میانگین، کانولوشن، ادغام میانگین و سه لایه‌ی کاملاً متصل هستند. تابع فعال‌سازی در همه‌ی لایه‌ها tanh است. آموزش آن روی مجموعه‌ی MNIST چند روز طول می‌کشید. نمونه‌هایی از این شبکه سال‌ها در بانک‌های آمریکا کار می‌کرد. کد اصلی آن به زبان Lush نوشته شده بود. امروز این شبکه بیشتر در کلاس‌های درس برای آموزش مفاهیم پایه به کار می‌رود. در مجموع این شبکه حدود ۶۱ هزار پارامتر دارد که بیشترشان در لایه‌های کاملاً متصل هستند.
"""


def test_two_sentences_of_one_passage_are_one_source(tmp_path):
    """A passage answering two parts of a question in sentences apart is quoted once, «…» where text is left out."""
    with _course(tmp_path, "lenet.md", LONG_PASSAGE) as kb:
        answer = _shown(kb, "ورودی لنت چیه و کل پارامتراش چقدره؟")
    ids = [c.chunk_id for c in answer.citations]
    assert len(ids) == len(set(ids)), ids
    quote = next(c.quote for c in answer.citations if "۳۲ در ۳۲" in c.quote)
    assert "۶۱ هزار" in quote and quote.count(" … ") == 1, quote


def test_a_quote_ending_on_what_it_cannot_show_says_the_text_goes_on(cheatsheet_kb):
    quotes = _shown(cheatsheet_kb, "ضریب نیم‌رخ چی رو میسنجه؟").quotes
    assert any(q.endswith("می‌شود: …") for q in quotes), quotes


def test_a_markdown_tables_row_is_quoted_as_its_cells(tmp_path):
    """A row holds its fact in cells a sentence splitter would cut at each «.»; it is one unit, read with its
    table's header and shown as its cells, not between pipes."""
    with _course(tmp_path, "jets.md",
                 "# جت‌های بوستد\n\n"
                 "ویژگی‌های کلیدی بوستد جت‌ها در این جدول آمده است.\n\n"
                 "| ویژگی | توضیح |\n"
                 "|-------|-------|\n"
                 "| زاویه‌ی واپاشی باریک | محصولات واپاشی در زاویه‌ای بسیار کوچک از هم جدا می‌شوند. |\n"
                 "| استفاده از R بزرگ‌تر | برای بازسازی جت، پارامتر مخروط جت (R) باید بزرگ‌تر باشد (مثلاً R = 0.8). |\n"
                 "| ساختار داخلی پیچیده | جت ممکن است زیرجت داشته باشد. این زیرجت‌ها واپاشی ذره را نشان می‌دهند. |\n"
                 ) as kb:
        quote = " ".join(_shown(kb, "برای بازسازی بوستد جت‌ها پارامتر مخروط R چقدر باید باشد؟").quotes)
        assert "R = 0.8" in quote and "| برای بازسازی جت" in quote and not quote.startswith("|"), quote
        assert "|---" not in quote and "| |" not in quote, quote


def test_a_table_row_is_one_sentence_read_under_its_header():
    from knowledge.answer import quotable_sentences
    from knowledge.chunking import sentences

    table = "| مدل | توضیح |\n|---|---|\n| VGG | فیلترهای ۳×۳. عمق ۱۶ لایه. |\n"
    assert sentences(table)[2] == "| VGG | فیلترهای ۳×۳. عمق ۱۶ لایه. |"
    assert "مدل: VGG، توضیح: فیلترهای ۳×۳. عمق ۱۶ لایه." in quotable_sentences(table)


def test_a_sentence_inside_a_list_item_is_quoted_from_the_items_start(tmp_path):
    """«- مزایا: ADAM … سریع‌تر همگرا می‌شود. … مزایای دو روش دیگر را ترکیب می‌کند.» asked for ADAM's advantage: the
    later sentence matches the question's words, the item's start holds the answer and names what it is about."""
    with _course(tmp_path, "optimisers.md",
                 "# بهینه‌سازها\n\n"
                 "ADAM و SGD دو بهینه‌ساز رایج در آموزش شبکه‌های عصبی هستند.\n\n"
                 "- مزایا: ADAM تمایل دارد سریع‌تر همگرا شود. این نقص واریانس بالای SGD را اصلاح می‌کند. "
                 "مزایای دو افزونه‌ی دیگر SGD یعنی RMSProp و Momentum را ترکیب می‌کند.\n"
                 "- معایب: ADAM به مقدار نرخ یادگیری حساس است و ممکن است به یک کمینه‌ی تیز همگرا شود.\n") as kb:
        quote = " ".join(_shown(kb, "مزیت ADAM نسبت به SGD چیه؟").quotes)
        assert "سریع‌تر همگرا" in quote, quote


def test_a_bare_call_is_code_not_a_sentence_to_quote():
    """An indented notebook line («print("Categorical Cross-Entropy:", loss)») has words and few brackets, but
    it explains nothing: it was quoted for "what does compile set?"; the line with a comment in words still reads."""
    from knowledge.answer import quotable_sentences

    text = ("تابع خطای CCE برای طبقه‌بندی چندکلاسه به کار می‌رود.\n\n"
            '    print("Categorical Cross-Entropy:", loss)\n    plt.show()\n'
            "    model.fit(x, y)  # آموزش مدل روی داده‌های آموزشی\n")
    quotable = quotable_sentences(text)
    assert quotable[0].startswith("تابع خطای CCE")
    assert not any(q.startswith(("print(", "plt.show")) for q in quotable), quotable
    assert any("آموزش مدل روی داده‌های آموزشی" in q for q in quotable), quotable


def test_an_items_indented_lines_are_read_under_the_item(tmp_path):
    """Notes write a numbered item's point on indented lines under it («6. امور مالی (Finance)» over «    کشف تقلب،
    …»): those lines answer what the item names though none repeats its words."""
    quote = _quoted(tmp_path, "applications.md",
                    "# کاربردهای یادگیری عمیق\n\n"
                    "یادگیری عمیق امروز در حوزه‌های بسیاری به کار می‌رود و هر حوزه نیاز خود را دارد.\n\n"
                    "1. پزشکی (Healthcare)\n\n     Medical image analysis, drug discovery\n\n"
                    "     تحلیل تصاویر پزشکی، کشف دارو\n\n"
                    "2. امور مالی (Finance)\n\n     Fraud detection, algorithmic trading, credit scoring\n\n"
                    "     کشف تقلب، معاملات الگوریتمی، امتیازدهی اعتباری\n\n"
                    "3. بازی‌ها (Gaming)\n\n     Agents trained to master complex games\n\n"
                    "     عامل‌های بازی‌کننده، تولید تصاویر و موسیقی\n",
                    "یادگیری عمیق تو امور مالی به چه دردی میخوره؟")
    assert "کشف تقلب، معاملات الگوریتمی" in quote, quote
    from knowledge.answer import quotable_sentences

    item = "2. امور مالی (Finance)\n\n     Fraud detection, credit scoring\n\n     کشف تقلب، امتیازدهی اعتباری\n"
    assert quotable_sentences(item)[-1] == "2. امور مالی (Finance) کشف تقلب، امتیازدهی اعتباری"  # as it is embedded


def test_a_list_item_that_is_only_a_link_is_not_quoted(tmp_path):
    """A lesson's list of notebooks («* [دفترچه GAN در PyTorch](…)») names the topic in the question's words but
    answers nothing: the quote is the sentence that explains."""
    quote = _quoted(tmp_path, "gan.md",
                    "# شبکه‌های مولد تخاصمی\n\n"
                    "فروپاشی حالت در GAN یعنی مولد فقط چند نمونه‌ی شبیه به هم تولید می‌کند و تمایزدهنده را فریب می‌دهد.\n\n"
                    "مولد و تمایزدهنده با هم آموزش می‌بینند و هر کدام دیگری را بهتر می‌کند.\n\n"
                    "## دفترچه‌ها\n\n* [دفترچه GAN در PyTorch](../GANPyTorch.ipynb)\n"
                    "* [فروپاشی حالت در GAN یعنی چی و چرا رخ می‌دهد](../ModeCollapse.ipynb)\n",
                    "فروپاشی حالت در GAN یعنی چی؟")
    assert "چند نمونه‌ی شبیه به هم" in quote and "چرا رخ می‌دهد" not in quote and "دفترچه" not in quote, quote


def test_the_code_line_that_sets_the_value_asked_for_is_quoted(tmp_path):
    """A notebook says its hyper-parameters only in its code: «با چه لرنینگ ریتی؟» is answered by
    «RMSprop(lr=0.001, decay=1e-6)», a code line that names the question's term and sets a number."""
    quote = _quoted(tmp_path, "cifar10.md",
                    "# تمرین CIFAR-10\n\n"
                    "در این تمرین یک شبکه‌ی کانولوشنی روی مجموعه داده CIFAR-10 آموزش می‌دهیم.\n\n"
                    "مدل را کامپایل کنید و بهینه‌ساز RMSprop را به عنوان optimizer به تابع ارسال کنید.\n\n"
                    "```python\nopt_rms = keras.optimizers.RMSprop(lr=0.001, decay=1e-6)\n"
                    "model.compile(loss='categorical_crossentropy', optimizer=opt_rms)\n```\n\n"
                    "سپس مدل را با ۲۵ ایپاک آموزش دهید و دقت را گزارش کنید.\n",
                    "تو تمرین سیفار اپتیمایزر آر ام اس پراپ با چه لرنینگ ریتی تعریف شده؟")
    assert "lr=0.001" in quote, quote


def test_asked_for_kinds_the_whole_list_is_quoted_not_the_item_most_like_the_question(tmp_path):
    """A slide lists the kinds; every item names «Auto-Encoder», so the one item most like the question used to be
    the whole answer («- Convolutional Auto-Encoder (CAE)» to «انواع خودرمزنگار کدومن؟»)."""
    deck = ("# انواع خودرمزنگار\n\n- Stacked Auto-Encoder (SAE)\n- Denoising Auto-Encoder (DAE)\n"
            "- Sparse Auto-Encoder (SAE)\n- Contractive Auto-Encoder (CAE)\n- Convolutional Auto-Encoder (CAE)\n"
            "- Variational Auto-Encoder (VAE)\n\n# کاربردها\n\nخودرمزنگار برای حذف نویز و فشرده سازی داده به کار می رود.\n")
    shown = _quoted(tmp_path, "autoencoders.md", deck, "انواع خودرمزنگار (Auto-Encoder) کدومن؟")
    for kind in ("Stacked", "Denoising", "Sparse", "Contractive", "Convolutional", "Variational"):
        assert kind in shown, shown


def test_a_list_question_is_told_from_others():
    from knowledge.intent import asks_for_list

    assert asks_for_list("مزایای استفاده از Batch Normalization را بیان کنید.")
    assert asks_for_list("مراحل انتقال یادگیری کدام است؟")
    assert asks_for_list("Which models are listed in the slides?")
    assert not asks_for_list("Dropout چیه؟")
    assert not asks_for_list("ترنسفورمر کی اومد؟")


def test_a_reports_settings_are_facts_however_short(tmp_path):
    """A report lists its training settings one a line («Epochs: 50», «Batch Size: 8»): a name and its value
    is the answer to «چن تا بود؟» (the spoken «چند»), not a label to pass over."""
    report = ("# گزارش مدل ترکیبی فازی\n\n## فرآیند آموزش و ارزیابی\n\n"
              "Optimizer: Adam\n\nLoss Function: Binary Cross Entropy\n\nEpochs: 50\n\nBatch Size: 8\n\n"
              "مدل روی داده‌های آموزش train شده و روی validation ارزیابی شده است.\n\n"
              "## نتایج\n\nنمودار ROC ابزاری قدرتمند برای سنجش توانایی مدل در تفکیک کلاس‌ها است.\n")
    assert "Batch Size: 8" in _quoted(tmp_path, "report.md", report, "اندازه بچ مدل فازی چن تا بود")


def test_a_row_of_results_is_quoted_with_its_columns_names(tmp_path):
    """A blog's results table gives a row a label and numbers («| Training | 0.3486 | 0.8738 |»): the row is the
    answer to «دقت ترینینگ چند بود؟», read and quoted under its header's names."""
    post = ("# نتایج مدل LSTM برای ژانر موسیقی\n\nبه هر حال هم اکنون با توجه به این جدول توقع 68 درصدی داریم.\n\n"
            "|  | Loss | Accuracy |\n|---|---|---|\n| Training | 0.3486 | 0.8738 |\n| Validation | 1.0284 | 0.7000 |\n\n"
            "این پست را فعلا این جا می بندم و بعد از تست های بیشتر به خود کد خواهم پرداخت.\n")
    assert "Training، Loss: 0.3486، Accuracy: 0.8738" in _quoted(tmp_path, "lstm.md", post, "دقت ترینینگ مدل lstm چند بود؟")


def test_a_reference_lists_entries_are_not_quoted():
    """A report's reference list names papers in the English words an English question shares: an entry is no
    answer, while a sentence citing one («در [13] …») is."""
    from knowledge.answer import quotable_sentences

    text = ("[10] Hong Yu, Ruxia Hong, XiaoLei Huang, and Zhengyou Wang, “Obstacle Detection with Deep "
            "Convolutional Neural Network,” 2013 Sixth International Symposium.\n"
            "Huang, “Weight-Quantized SqueezeNet for Resource-Constrained Robot Vacuums,” AI, vol. 3.\n"
            "در [13] برای دسته‌بندی سیگنال‌های مغزی از شبکه کانولوشنی زمانی استفاده شد.\n")
    assert quotable_sentences(text) == ["در [13] برای دسته‌بندی سیگنال‌های مغزی از شبکه کانولوشنی زمانی استفاده شد."]


def test_a_reference_list_however_typeset_is_not_quoted(tmp_path):
    """A LaTeX report's reference list: entries numbered but without quoted titles, a title cut into sentences
    («Recommendation System: Application Theatrical Movie Releases,CoRR,2018.»). An English question shares its
    words; the answer is the report's own Persian sentence."""
    report = ("# سیستم پیشنهاددهنده\n\nفیلترینگ مشارکتی بر این فرض استوار است که کاربرانی که نظرهای مشابه درباره یک "
              "آیتم دارند، درباره آیتم‌های دیگر هم نظر مشابه دارند.\n\n# منابع\n\n"
              "[1] Miguel Campo & J. J. Espinoza Collaborative Metric Learning\n"
              "Recommendation System: Application Theatrical Movie Releases,CoRR,2018.\n"
              "[2] Maral Azizi and Hyunsook Do. 2018. A collaborative filtering recommender system for test case "
              "prioritization in web applications. In Proceedings of the 33rd Annual ACM Symposium on Applied Computing.\n")
    quoted = _quoted(tmp_path, "recm.md", report, "What does collaborative filtering in a recommender system assume?")
    assert "کاربرانی که نظرهای مشابه" in quoted
    assert "Recommendation System" not in quoted and "Proceedings" not in quoted and "prioritization" not in quoted
    # a PDF's last page: captions, then a line naming the list and its entries, no heading over them
    page = ("فیلترینگ مشارکتی بر این فرض استوار است که کاربرانی که نظرهای مشابه درباره یک آیتم دارند، درباره "
            "آیتم‌های دیگر هم نظر مشابه دارند.\nشکل ۷: دقت شبکه\nشکل ۸: مدل شبکه\nشکل ۹: خطای شبکه\nمنابع\n"
            "[4] Maral Azizi and Hyunsook Do.\n2018.A collaborative filtering recommender system for\n"
            "test case prioritization in web applications.\n")
    quoted = _quoted(tmp_path, "recm.txt", page, "What does collaborative filtering in a recommender system assume?")
    assert "کاربرانی که نظرهای مشابه" in quoted and "prioritization" not in quoted


def test_a_worked_examples_value_stated_in_a_formula_is_quoted(tmp_path):
    # a lesson works its example in display formulas: the number asked for is there and nowhere in the prose
    lesson = ("# مثال حل‌شده: نورون مصنوعی\n\nفرض کنید یک نورون با دو ورودی داریم.\n\n- **بایاس:**\n\n$$\nb = -0.4\n$$\n\n"
              "## گام اول: محاسبه مجموع وزنی (ورودی خالص)\n\nورودی خالص جمع وزنی ورودی‌ها به‌اضافه‌ی بایاس است.\n\n"
              "**جایگذاری و ساده‌سازی:**\n\n$$\n\\begin{aligned}\nz &= (0.5 \\times 0.6) + (0.8 \\times 0.9) - 0.4 \\\\\n"
              "  &= 0.62\n\\end{aligned}\n$$\n\n## گام دوم: اعمال تابع فعال‌سازی\n\nسپس تابع سیگموید روی ورودی خالص "
              "اعمال می‌شود و خروجی نورون به دست می‌آید.\n")
    quote = _quoted(tmp_path, "neuron.md", lesson, "تو مثال نورون مقدار ورودی خالص z چند شد؟")
    assert "&= 0.62" in quote


def test_a_picture_alone_on_its_line_is_not_quoted(tmp_path):
    # a lesson's figure, named in English: its words match an English question, and the figure is not shown
    quote = _quoted(tmp_path, "intro.md",
                    "# نورون مصنوعی\n\n![how an artificial neuron computes its weighted sum](/images/ai2.avif)\n\n"
                    "هر نورون یک جمع وزنی از ورودی‌ها را محاسبه می‌کند و سپس تابع فعال‌سازی را روی آن اعمال می‌کند.\n",
                    "What does an artificial neuron compute from its inputs?")
    assert "weighted sum" not in quote and "جمع وزنی از ورودی‌ها" in quote
