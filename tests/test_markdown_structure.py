"""Short standalone lines that are body text stay in the passages: lists, table rows, formulas, code.

Plain text marks its parts with short lines standing alone («مزایا و معایب:», «سوال ۳)»), so such
lines become headings; but a bracketed list («[مجموعه آموزش، مجموعه اعتبارسنجی، مجموعه آزمایش]»), a
table row or a list item is what a section says, not its name.  Read through ``read_documents`` and
chunked as the knowledge base does; one test reads the real CS-229 cheat sheet from ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KBConfig, KnowledgeBase
from knowledge.chunking import chunk_sections
from knowledge.ingest import read_documents
from knowledge.types import HEADING_SEP

from .conftest import SHARED

TIPS = SHARED / "corpus_external" / "cs-229-machine-learning-tips-and-tricks.md"


def read(text: str, tmp_path: Path, name: str = "note.md"):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    (doc,) = read_documents(path)
    return doc


def headings_of(doc) -> list[tuple[str, ...]]:
    return [s.headings for s in doc.sections]


def body_of(doc) -> str:
    return "\n".join(s.text for s in doc.sections)


@pytest.mark.parametrize("line", [
    "[مجموعه آموزش، مجموعه اعتبارسنجی، مجموعه آزمایش]",
    "[[CDF F, PDF f, ویژگی‌های PDF]]",
    "[راهنمای کامل](https://example.com/guide)",
    "| معیار | فرمول | تفسیر |",
    "|---|---|---|",
    "معیار | فرمول | تفسیر",
    "- مجموعه آموزش",
    "* مجموعه آزمایش",
    "+ مجموعه اعتبارسنجی",
    "۱. ورودی: تابع هفت پارامتر دارد",
    "2) خروجی لایه آخر",
    "$x = 0$ و $N(x) = 0$",
    "model.summary()",
    "model = keras.Sequential((",
])
def test_a_standalone_list_table_row_or_formula_is_body_text(tmp_path, line):
    doc = read(f"# یادداشت\n\n## انتخاب مدل\n\nسه بخش داده را مشخص می‌کنیم.\n\n{line}\n\nسپس مدل آموزش می‌بیند.\n",
               tmp_path)
    assert headings_of(doc) == [("انتخاب مدل",)]
    assert line in body_of(doc)
    (chunk,) = chunk_sections("d", doc.sections)
    assert chunk.headings == ("انتخاب مدل",) and line in chunk.text


def test_a_markdown_table_stays_whole_under_its_heading(tmp_path):
    doc = read("## معیارها\n\nجدول زیر معیارها را نشان می‌دهد.\n\n| معیار | فرمول |\n\n| دقت | TP/(TP+FP) |\n\n"
               "| فراخوانی | TP/(TP+FN) |\n", tmp_path)
    assert headings_of(doc) == [("معیارها",)]
    assert "| فراخوانی | TP/(TP+FN) |" in body_of(doc)


def test_short_lines_that_name_a_part_are_still_headings(tmp_path):
    doc = read("سوال ۳)\n\nپاسخ سوال سوم.\n\nمزایا و معایب:\n\nسریع است.\n\n- ولی حافظه زیادی می‌خواهد\n\n"
               "Conv3D: کاربردها\n\nویدیو و تصاویر پزشکی.\n", tmp_path, "answers.txt")
    assert headings_of(doc) == [("سوال ۳)",), ("سوال ۳)", "مزایا و معایب"), ("سوال ۳)", "Conv3D: کاربردها")]
    assert "- ولی حافظه زیادی می‌خواهد" in doc.sections[1].text


def test_short_lines_in_a_row_are_text_not_headings_over_nothing(tmp_path):
    """Bilingual notes put a short line and its translation each alone («Use case: …», «کاربرد: …»): taken for
    headings with nothing under them, they vanished from every passage."""
    doc = read("## Hinge Loss\n\nUse case: SVM classification\n\nکاربرد: طبقه‌بندی با SVM\n\nFormula:\n\n"
               "فرمول:\n\n$$\\max(0, 1 - y \\hat{y})$$\n\n    import numpy as np\n\nتوضیح: جریمه می‌کند.\n",
               tmp_path)
    body = body_of(doc)
    for line in ("Use case: SVM classification", "کاربرد: طبقه‌بندی با SVM", "Formula:", "import numpy as np"):
        assert line in body
    assert ("Hinge Loss", "فرمول") in headings_of(doc)  # the last of the run stands over the formula
    (chunk,) = chunk_sections("d", doc.sections)
    assert "کاربرد: طبقه‌بندی با SVM" in chunk.text


@pytest.fixture
def tips() -> Path:
    if not TIPS.exists():
        pytest.skip("../shared/corpus_external is not present")
    return TIPS


def test_the_cheat_sheets_bracketed_lists_are_in_its_passages_not_its_headings(tips):
    (doc,) = read_documents(tips)
    names = {h for s in doc.sections for h in s.headings}
    assert not [h for h in names if h.startswith(("[", "|", "-"))], sorted(names)
    choosing = next(s for s in doc.sections if s.headings == ("انتخاب مدل",))
    assert "[مجموعه آموزش، مجموعه اعتبارسنجی، مجموعه آزمایش]" in choosing.text
    assert "[معیار، فرمول، تفسیر]" in body_of(doc)
    chunks = chunk_sections("d", doc.sections)
    assert any("[مجموعه آموزش، مجموعه اعتبارسنجی، مجموعه آزمایش]" in c.text for c in chunks)
    for chunk in chunks:
        for _, path in chunk.sections:
            assert not any(h.startswith("[") for h in path.split(HEADING_SEP)), chunk.sections


def test_citations_from_the_cheat_sheet_name_real_sections(tips, kb_copy):
    kb = KnowledgeBase.open(KBConfig(home=kb_copy))
    kb.add([tips])
    answer = kb.ask("مجموعه اعتبارسنجی چیست؟")
    assert answer.citations, answer
    for citation in answer.citations:
        assert not any(h.strip().startswith("[") for h in citation.section.split(HEADING_SEP)), citation.section


def test_a_display_formula_over_lines_is_one_line_under_its_lead_in(tmp_path):
    # a Jekyll lesson (MathJax): «$$» on lines of their own around each formula, a lead-in ending in «:» over it
    doc = read("# نورون\n\n## گام دوم\n\nتابع سیگموید به صورت زیر تعریف می‌شود:\n\n$$\nf(z) = \\frac{1}{1 + e^{-z}}\n"
               "$$\n\n$$\n\\begin{aligned}\nz &= 0.3 + 0.72 - 0.4 \\\\\n  &= 0.62\n\\end{aligned}\n$$\n\n"
               "در جدول $$x_1$$ و $$x_2$$ ورودی‌اند.\n", tmp_path)
    assert headings_of(doc) == [("گام دوم",)]
    body = body_of(doc)
    assert "تابع سیگموید به صورت زیر تعریف می‌شود:\n\n$$ f(z) = \\frac{1}{1 + e^{-z}} $$" in body
    assert "$$ \\begin{aligned} z &= 0.3 + 0.72 - 0.4 \\\\ &= 0.62 \\end{aligned} $$" in body
    assert "در جدول $$x_1$$ و $$x_2$$ ورودی‌اند." in body  # a formula on one line is left as written


def test_a_static_sites_links_to_the_next_and_previous_lesson_are_not_text(tmp_path):
    doc = read("# تمرین ۱\n\nیک شبکه عصبی ساده طراحی کنید.\n\n"
               '<div class="lesson-nav" style="display:flex;">\n'
               "  <a class=\"btn btn--inverse\" href=\"{{ '/teaching/ai-fa/anns' | relative_url }}\">⬅︎ قبلی: "
               "مقدمه‌ای بر شبکه‌های عصبی</a>\n"
               "  <a class=\"btn btn--primary\" href=\"{{ '/teaching/ai-fa/hw2' | relative_url }}\">بعدی: تمرین ۲ ➡︎</a>\n"
               "</div>\n\nپاسخ را تا هفته‌ی بعد بفرستید.\n", tmp_path)
    body = body_of(doc)
    assert "قبلی" not in body and "بعدی" not in body and "relative_url" not in body
    assert "یک شبکه عصبی ساده طراحی کنید." in body and "پاسخ را تا هفته‌ی بعد بفرستید." in body
