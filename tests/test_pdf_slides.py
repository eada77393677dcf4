"""Slide decks and handouts exported to PDF: what their text layer loses, put back (knowledge.page_text), read
through the public reader on PDFs built here with fpdf2, and the pure page functions on the text pypdf gave
for a real Persian deck (glued words, picture-font bullets, numbers drawn right to left)."""

from __future__ import annotations

import matplotlib

from knowledge import page_text
from knowledge.formats import pdf

FONT = matplotlib.get_data_path() + "/fonts/ttf/DejaVuSans.ttf"


def _deck(pages: list[list[str]], landscape: bool = True, title: str = "") -> bytes:
    from fpdf import FPDF

    doc = FPDF(orientation="L" if landscape else "P")
    doc.add_font("body", fname=FONT)
    doc.set_font("body", size=14)
    if title:
        doc.set_title(title)
    for lines in pages:
        doc.add_page()
        for line in lines:
            doc.multi_cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


FOOTER = "Dr. Example / Example University / 2020"


def _lecture() -> list[list[str]]:
    return [
        ["Deep learning", "Training neural networks", FOOTER, "1"],
        ["Dropout", "■ Randomly drops neurons in every training step", "■ Benefits:",
         "– neurons learn independently", "– prevents over-fitting", FOOTER, "2"],
        ["Stride", "■ Input 7x7 and filter 3x3", FOOTER, "3"],  # a build step: the next page repeats it
        ["Stride", "■ Input 7x7 and filter 3x3", "■ Output 5x5", FOOTER, "4"],
        ["Optimisers", "■ SGD + Momentum", "■ Adam", FOOTER, "5"],
    ]


def test_a_deck_is_read_a_slide_a_page_titled_by_its_first_line():
    part, = pdf.read(_deck(_lecture(), title="PowerPoint Presentation"))
    titles = [s.headings for s in part.sections]
    assert titles == [("Dropout",), ("Stride",), ("Optimisers",)]  # the title slide is no passage
    assert part.title == ""  # a template's title the slides never show: the file's name is cited instead


def test_a_slide_keeps_its_points_as_items_and_loses_the_footer_and_page_number():
    part, = pdf.read(_deck(_lecture()))
    dropout = next(s for s in part.sections if s.headings == ("Dropout",))
    assert dropout.text.splitlines() == ["- Randomly drops neurons in every training step", "- Benefits:",
                                         "  - neurons learn independently", "  - prevents over-fitting"]
    assert dropout.page == 2
    assert not any(FOOTER in s.text for s in part.sections)


def test_a_build_step_the_next_page_repeats_is_read_once():
    part, = pdf.read(_deck(_lecture()))
    stride = [s for s in part.sections if s.headings == ("Stride",)]
    assert [(s.page, s.text) for s in stride] == [(4, "- Input 7x7 and filter 3x3\n- Output 5x5")]


def test_a_handout_is_read_as_running_text_with_its_recorded_title():
    words = "gradient loss weight layer chain rule error signal output input bias update step batch epoch".split()
    text = [f"Backpropagation sends the {a} back through the {b}, then the {c} is used for the {d}."
            for a, b, c, d in zip(words, words[3:] + words[:3], words[5:] + words[:5], words[7:] + words[:7])]
    text += [f"Table row {i}: {i * 7} units" for i in range(20)]  # rows that differ only in their numbers
    part, = pdf.read(_deck([["Backpropagation", *text[:18]], text[18:]], landscape=False, title="Backpropagation"))
    assert part.title == "Backpropagation"
    body = " ".join(" ".join(s.text for s in part.sections).split())  # wrapped lines joined
    assert all(line in body for line in text)


def test_a_recorded_title_the_first_page_shows_names_the_file():
    part, = pdf.read(_deck([["Convolutional networks", "Lecture 3", FOOTER]] + _lecture()[1:],
                           title="Convolutional networks"))
    assert part.title == "Convolutional networks"


# --- the page functions on a real deck's text layer ----------------------------------------------

def test_picture_font_bullets_and_right_to_left_numbers_become_items():
    page = "انتخاب معماری شبکه\n■تعداد لایه ها\n.1استفاده از معماری مدل های آماده\n\uf0a7 هدف\n–حذف اطلاعات\n9"
    assert page_text.clean_page(page, 9, set()).splitlines() == [
        "انتخاب معماری شبکه", "- تعداد لایه ها", "1. استفاده از معماری مدل های آماده", "- هدف", "  - حذف اطلاعات"]


def test_scripts_glued_by_a_missing_space_are_spaced_apart():
    assert page_text.clean_page("■ معماری مخصوصSegmentation با حداقل8 GB", 1, set()) == \
        "- معماری مخصوص Segmentation با حداقل 8 GB"


def test_persian_words_glued_together_split_only_where_the_file_uses_them_apart():
    pages = ["آموزش شبکه\nآموزش مدل\nشبکه عمیق", "آموزششبکه های عصبی\nمادربرد"]
    cleaned = page_text.clean_pages(pages)
    assert "آموزش شبکه های عصبی" in cleaned[1]
    assert "مادربرد" in cleaned[1]  # «مادر» and «برد» never stand alone here: not split


def test_running_lines_are_those_on_most_pages_numbers_aside():
    titles = ["مقدمه", "شبکه عصبی", "کانولوشن", "پولینگ", "دراپ اوت", "بهینه سازی", "آدام", "ریزنت", "گن", "پایان"]
    pages = [f"{title}\nسعید محققی / دانشگاه شاهد / {1398 + i % 2}" for i, title in enumerate(titles)]
    assert page_text.clean_pages(pages) == titles


def test_a_deck_is_told_from_a_handout_by_its_pages():
    assert page_text.is_slide_deck([(720, 405)] * 3, ["a\nb"] * 3)
    assert not page_text.is_slide_deck([(595, 842)] * 3, ["a\nb"] * 3)
    assert not page_text.is_slide_deck([(720, 405)] * 3, ["line\n" * 40] * 3)


def test_a_point_that_ran_into_the_margin_is_one_line_again():
    page = ("پیش پردازش داده ها\n■تغییر داده ها برای داشتن یک توزیع استاندارد\nمیانگین 0 و واریانس 1\n"
            "■ مثال\n7x7\nEncoder")
    assert page_text.clean_page(page, 5, set()).splitlines() == [
        "پیش پردازش داده ها", "- تغییر داده ها برای داشتن یک توزیع استاندارد میانگین 0 و واریانس 1", "- مثال",
        "7x7", "Encoder"]  # a short point's label and a diagram's words stay lines of their own


# --- a handout's pages: paragraphs, footnotes, headings over page breaks ---------------------------

RULE = " " * 49  # the rule of spaces Word draws above a page's footnotes, as pypdf gives it

HANDOUT_PAGE = "\n".join([
    "7 ",
    "3-1-1-1: افزایش داده9 ",
    " ",
    " یادگیری عمیق یک فرایند داده محور است. از تقویت یا افزایش دادهها میتوان برای گسترش موثر دادهها ",
    "استفاده کرد و از بیشبرازش و کمبرازش مدلها جلوگیری کرد. در این بخش، از دو نوع روش افزایش داده ",
    "استفاده کرده است، برش10 با تغییر اندازه تصادفی ]6[ که به بهبود صحت کمک میکنند.11 ",
    " ",
    RULE,
    "9  Data Augmentation ",
    "10  Crop ",
    "11   منظور از صحت، صحت Top-1 روی دادگان ImageNet است که در جدول 2-3 آمده ",
    "است. ",
])


def test_a_handouts_wrapped_lines_are_one_paragraph_and_its_english_footnotes_stand_by_their_words():
    page = page_text.clean_page(HANDOUT_PAGE, 13, set(), prose=True)
    heading, body, note = (paragraph.strip() for paragraph in page.split("\n\n"))
    assert heading == "3-1-1-1: افزایش داده (Data Augmentation)"
    assert body.startswith("یادگیری عمیق یک فرایند داده محور است.")
    assert "\n" not in body and "برش (Crop) با تغییر اندازه تصادفی [6] که" in body  # a citation drawn RTL too
    assert body.endswith("کمک میکنند.")  # the Persian note's marker is dropped …
    assert note == "منظور از صحت، صحت Top-1 روی دادگان ImageNet است که در جدول 2-3 آمده است."  # … its note kept


def test_a_table_of_contents_and_a_front_matters_letter_page_numbers_are_dropped():
    page = "ت\nفهرست عناوین\nفصل اول: مقدمه ........................................ 1\nفصل دوم: بررسی شبکه SqueezeNet .......... 3"
    assert page_text.clean_page(page, 3, set(), prose=True) == "فهرست عناوین"


def test_a_number_in_the_text_is_not_taken_for_a_footnotes_marker():
    page = "\n".join(["در سال 2012 تا 2016 صحت به 05/7 % رسید و 8 ماژول آتش دارد.", RULE, "7  Accuracy"])
    assert page_text.clean_page(page, 1, set(), prose=True) == \
        "در سال 2012 تا 2016 صحت به 05/7 % رسید و 8 ماژول آتش دارد.\n\nAccuracy"


def test_a_handouts_section_goes_on_over_the_page_break_under_its_heading():
    first = ["Optimisation", " ", "Gradient descent moves the weights against the gradient of the loss, one small "
             "step at a time, for every batch.", " ", "Momentum"]
    part, = pdf.read(_deck([first, ["It keeps a running average of past gradients so the steps do not zigzag."]],
                           landscape=False))
    assert [(s.page, s.headings) for s in part.sections] == [(1, ("Optimisation",)), (2, ("Momentum",))]
    assert part.sections[0].text.startswith("Gradient descent") and "\n" not in part.sections[0].text


def test_rows_shaped_like_a_footer_are_dropped_only_at_the_pages_edge():
    """A training log over several pages puts rows of one shape («Epoch 3: loss 0.3») at most pages' feet, where
    they look like a footer whose number changes; in the middle of a page they are still the log."""
    topics = ["Gradient descent", "Momentum", "Adam", "Dropout", "Batch norm"]
    pages = [f"{topic}\nWhat {topic.lower()} changes in training.\n"
             + "\n".join(f"Epoch {e}: loss 0.{e}" for e in range(10 * n, 10 * n + 5)) for n, topic in enumerate(topics)]
    cleaned = page_text.clean_pages(pages)
    assert all(f"Epoch {e}: loss 0.{e}" in cleaned[1] for e in (10, 11, 12))  # the rows between its edges


def test_a_handouts_cover_is_no_passage():
    """A report's cover (university, course, title, author, date) names the report's subject in a few words: as a
    passage it came first for every question on that subject, and answers none of them."""
    cover = ["Amirkabir University of Technology", "Neural Networks course", "SqueezeNet", "A study report",
             "Student: Example Student", "Spring 2022"]
    body = ["SqueezeNet replaces most 3x3 filters with 1x1 filters, which have nine times fewer parameters, and "
            "squeezes the channels that reach the remaining 3x3 filters."]
    part, = pdf.read(_deck([cover, body, body[:0] + ["Its fire module has a squeeze layer and an expand layer."]],
                           landscape=False))
    assert [s.page for s in part.sections] == [2, 3]
    assert page_text.is_cover("\n".join(cover)) and not page_text.is_cover("\n".join(body))
    assert not page_text.is_cover("Contents of the course\n- Convolution\n- Pooling")  # a list is no cover


def test_a_pdf_that_is_only_a_cover_keeps_it_rather_than_reading_as_needing_ocr():
    """A two-page file whose second page is blank: its first page is all the text it has, not a cover to drop
    (dropped, the file read as having no text layer, and the message said it needed OCR)."""
    cover = ["Amirkabir University of Technology", "Neural Networks course", "SqueezeNet", "Spring 2022"]
    part, = pdf.read(_deck([cover, []], landscape=False))
    assert "SqueezeNet" in " ".join(s.text for s in part.sections)
