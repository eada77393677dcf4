"""Extracted text is checked before it is indexed: Persian drawn backwards is put right, mojibake read
again, pages of symbols dropped, and what cannot be put right refused with a reason.

Every file is built here the way the broken ones were made (fpdf2 without text shaping, matplotlib,
a font without a Unicode map, a page saved in the wrong code page) and read through the public
``read_documents``.  tests/data/extraction/shaped_fa.pdf is Persian laid out right to left by
HarfBuzz (fpdf2 with uharfbuzz), as a word processor draws it.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest

from knowledge.formats import UnreadableFile
from knowledge.ingest import read_documents
from knowledge.visual_order import unreverse_words

DATA = Path(__file__).resolve().parent / "data" / "extraction"

PERSIAN = [
    "شبکه‌های کانولوشنی برای پردازش تصویر به کار می‌روند.",
    "AlexNet در سال 2012 برنده‌ی مسابقه‌ی ImageNet شد.",
    "لایه‌ی ادغام ابعاد نقشه‌ی ویژگی را نصف می‌کند و پارامتری ندارد.",
    "در هر لایه‌ی کانولوشنی چند فیلتر کوچک روی تصویر می‌لغزند.",
]
ENGLISH = [
    "Convolutional networks are used for image processing.",
    "AlexNet won the ImageNet challenge in 2012.",
    "A pooling layer halves the feature map and has no parameters.",
]


def _font() -> str:
    import matplotlib

    return matplotlib.get_data_path() + "/fonts/ttf/DejaVuSans.ttf"


def fpdf_pdf(lines: list[str], font: str | None = None) -> bytes:
    """fpdf2 without text shaping: Persian is stored in reading order and pypdf reverses it."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if font:
        pdf.add_font("body", fname=font)
        pdf.set_font("body", size=12)
    else:
        pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def shapes_pdf(lines: list[str]) -> bytes:
    """As XePersian's older fonts (XB Zar) draw Persian: each letter's drawn shape (a presentation form), a word at
    a time right to left, the spaces only gaps.  pypdf reads «ﯾﺎﺩﮔﯿﺮﯼﻋﻤﯿﻖ»."""
    import arabic_reshaper
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("body", fname=_font())
    pdf.set_font("body", size=12)
    for number, line in enumerate(lines):
        right = 190.0
        for word in line.split():
            drawn = arabic_reshaper.reshape(word)[::-1] if re.search("[\u0600-\u06ff]", word) else word
            right -= pdf.get_string_width(drawn)
            pdf.text(right, 20 + 10 * number, drawn)
            right -= 2.5
    return bytes(pdf.output())


def matplotlib_pdf(lines: list[str]) -> bytes:
    """matplotlib shapes Persian and draws it right to left, a word at a time."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    for i, line in enumerate(lines):
        fig.text(0.05, 0.9 - 0.1 * i, line)
    out = io.BytesIO()
    fig.savefig(out, format="pdf")
    plt.close(fig)
    return out.getvalue()


def without_unicode_maps(data: bytes, pages: set[int]) -> bytes:
    """The PDF with the fonts of ``pages`` (0-based) stripped of their ToUnicode maps: glyph codes come out."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for number in pages:
        for font in writer.pages[number]["/Resources"]["/Font"].values():
            font.get_object().pop(NameObject("/ToUnicode"), None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read(tmp_path: Path, name: str, data: bytes) -> str:
    """The text of every section (headings too) ``read_documents`` makes of the file."""
    docs = read_documents(_write(tmp_path, name, data))
    return "\n".join("\n".join([*s.headings, s.text]) for d in docs for s in d.sections)


def refused(tmp_path: Path, name: str, data: bytes) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as caught:
        read_documents(_write(tmp_path, name, data))
    return caught.value


def words(text: str) -> list[str]:
    return [w.strip(".،؛:؟()") for w in text.split()]


# --- Persian drawn backwards -------------------------------------------------------------------

def test_fpdf_without_shaping_comes_out_letters_reversed_and_is_repaired(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="daneshyar.ingest"):
        text = read(tmp_path, "fpdf.pdf", fpdf_pdf(PERSIAN, font=_font()))
    assert "ینشولوناک" not in text                      # what pypdf makes of it
    assert "شبکه‌های کانولوشنی برای پردازش تصویر به کار می‌روند." in text
    assert "AlexNet در سال 2012" in text
    assert "letters" in caplog.text and "repaired" in caplog.text


def test_matplotlib_comes_out_words_reversed_and_is_repaired(tmp_path):
    text = read(tmp_path, "figure.pdf", matplotlib_pdf(PERSIAN))
    lines = text.split("\n")
    assert "شبکه‌های کانولوشنی برای پردازش تصویر به کار می‌روند." in lines
    assert words(lines[1])[:4] == ["AlexNet", "در", "سال", "2012"]
    assert "را نصف می‌کند" in text
    assert not any(line.startswith(".") for line in lines)


def test_two_line_figure_is_repaired(tmp_path):
    text = read(tmp_path, "figure.pdf", matplotlib_pdf(PERSIAN[:2]))
    assert text.startswith("شبکه‌های کانولوشنی")


def test_a_repaired_file_is_new_to_the_base(tmp_path):
    import hashlib

    data = fpdf_pdf(PERSIAN, font=_font())
    assert read_documents(_write(tmp_path, "fpdf.pdf", data))[0].content_hash != hashlib.sha256(data).hexdigest()


def test_persian_laid_out_right_to_left_passes_unchanged(tmp_path):
    from knowledge.formats import pdf

    data = (DATA / "shaped_fa.pdf").read_bytes()
    as_read = "\n".join(s.text for p in pdf.read(data) for s in p.sections)
    text = read(tmp_path, "shaped.pdf", data)
    assert text == as_read
    assert "یادگیری انتقالی یعنی استفاده از وزن‌های یک مدل" in text


def test_persian_stored_in_drawing_order_passes_unchanged(tmp_path):
    from knowledge.formats import pdf

    lines = [PERSIAN[0][::-1], PERSIAN[2][::-1], PERSIAN[3][::-1]]  # Persian only: drawn right to left
    data = fpdf_pdf(lines, font=_font())
    text = read(tmp_path, "visual.pdf", data)
    assert text == "\n".join(s.text for p in pdf.read(data) for s in p.sections)
    assert "شبکه‌های کانولوشنی برای پردازش تصویر به کار می‌روند" in text


def test_persian_in_drawn_shapes_without_spaces_is_read_by_its_glyphs(tmp_path):
    lines = [PERSIAN[0], PERSIAN[2], PERSIAN[3]]
    text = read(tmp_path, "xepersian.pdf", shapes_pdf(lines))
    assert "\ufee3" not in text and "ﺷﺒﮑﻪ" not in text   # what pypdf makes of it: shapes, no spaces
    for line in lines:
        assert line in text


def test_a_hyphened_english_term_in_drawn_shapes_keeps_its_order(tmp_path):
    # PDFium reads «U-Net» drawn in a Persian line as «Net-U», «tf-idf» as «idf-tf»
    lines = ["معماری U-Net برای قطعه‌بندی تصاویر پزشکی به کار می‌رود.",
             "با استفاده از tf-idf و KL-Divergence به صورت real-time کار می‌کند."]
    text = read(tmp_path, "xepersian.pdf", shapes_pdf(lines))
    for line in lines:
        assert line in text


def xb_glyphs_pdf(lines: list[str]) -> bytes:
    """:func:`shapes_pdf` as XB Zar's own glyphs for the joined «ک», «گ» and «ی» come out of its maps: as code points
    of combining and Greek marks (a Sharif homework's «شبͺه», «یͷ», «الͽوریتم», «مͬ شود»)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    marks = {"FB91": "037A", "FB8F": "0377", "FB95": "037D", "FBFD": "036C", "FBFF": "036C"}
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(shapes_pdf(lines))))
    for font in writer.pages[0]["/Resources"]["/Font"].values():
        stream = font.get_object()["/ToUnicode"].get_object()
        cmap = stream.get_data().decode()
        for shape, mark in marks.items():
            cmap = cmap.replace(f"> <{shape}>", f"> <{mark}>")
        stream.set_data(cmap.encode())
        stream.pop(NameObject("/Filter"), None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_letters_xb_fonts_draw_from_unmapped_glyphs_are_read_as_letters(tmp_path):
    import pypdfium2

    line = "این شبکه یک الگوریتم است که داده‌ها را دسته‌بندی می کند."
    data = xb_glyphs_pdf([line])
    drawn = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(data))
    assert "\u037a" in drawn and "\u036c" in drawn  # what PDFium makes of it: «شبͺه»
    assert line in read(tmp_path, "xb.pdf", data)
    # Roman numerals drawn for Latin letters («teaⅽher forⅽing») are letters inside a Latin word
    from knowledge.page_text import glyph_letters

    assert glyph_letters("نام آن teaⅽher forⅽing است. ReⅬU و ⅯNIST و ⅽⅼipping") == \
        "نام آن teacher forcing است. ReLU و MNIST و clipping"
    assert glyph_letters("فصل Ⅳ و ͬ تنها") == "فصل Ⅳ و ͬ تنها"  # alone, they are what they are


def test_a_file_of_letters_keeps_its_lam_alef_and_half_spaces(tmp_path):
    # PDFium reads this file's lam-alef ligature the wrong way round and drops its half-spaces («الیههای اول»)
    assert "لایه‌های اول ثابت" in read(tmp_path, "shaped.pdf", (DATA / "shaped_fa.pdf").read_bytes())


def test_english_pdf_passes_unchanged(tmp_path):
    text = read(tmp_path, "english.pdf", fpdf_pdf(ENGLISH))
    assert text.split("\n") == ENGLISH


def test_a_line_drawn_left_to_right_keeps_its_latin_start():
    assert unreverse_words("AlexNet شد برنده 2012 سال در.") == "AlexNet در سال 2012 برنده شد."
    assert unreverse_words(".می‌دهد کاهش را خطا ResNet مدل") == "مدل ResNet خطا را کاهش می‌دهد."


# --- mojibake ----------------------------------------------------------------------------------

HTML = """<html><head><meta charset="{charset}"><title>کانولوشن</title></head>
<body><main><h1>شبکه‌های کانولوشنی</h1>{body}</main></body></html>"""
BODY = "".join(f"<p>{line}</p>" for line in PERSIAN)


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1256"])
def test_html_saved_as_utf8_but_declared_otherwise_is_read_again(tmp_path, charset):
    page = HTML.format(charset=charset, body=BODY).encode("utf-8")
    text = read(tmp_path, "page.html", page)
    assert "شبکه‌های کانولوشنی برای پردازش تصویر به کار می‌روند." in text
    assert "Ø" not in text and "ط´" not in text


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1", "utf-8"])
def test_html_in_windows_1256_declared_otherwise_is_read_again(tmp_path, charset):
    page = HTML.format(charset=charset, body=BODY).replace("ی", "ي").replace("ک", "ك")  # as Windows-1256 has them
    page = page.encode("cp1256")
    text = read(tmp_path, "page.html", page)  # read as Windows-1252, Latin-1 or (by the detector) Mac Cyrillic
    assert "شبكه‌هاي كانولوشني براي پردازش تصوير به كار مي‌روند." in text


def test_word_file_with_pasted_mojibake_is_read_again(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("شبکه‌های کانولوشنی".encode().decode("latin-1"), level=1)
    for line in PERSIAN:
        document.add_paragraph(line.encode().decode("latin-1"))
    out = io.BytesIO()
    document.save(out)
    text = read(tmp_path, "answers.docx", out.getvalue())
    assert "در هر لایه‌ی کانولوشنی چند فیلتر کوچک روی تصویر می‌لغزند." in text


def test_mojibake_that_cannot_be_read_again_is_refused(tmp_path):
    garbled = "".join(line.encode().decode("cp1256") for line in PERSIAN)
    garbled = "".join(ch for i, ch in enumerate(garbled) if i % 7)  # bytes lost on the way
    error = refused(tmp_path, "page.html", HTML.format(charset="utf-8", body=f"<p>{garbled}</p>").encode())
    assert error.code == "mojibake"
    assert "UTF-8" in error.persian() and "کدگذاری" in error.persian()


# --- symbols -----------------------------------------------------------------------------------

def test_pdf_whose_font_has_no_unicode_map_is_refused(tmp_path):
    error = refused(tmp_path, "nomap.pdf", without_unicode_maps(fpdf_pdf(PERSIAN, font=_font()), {0}))
    assert error.code == "garbled_text"
    assert error.persian() == "متن این فایل PDF درست استخراج نمی‌شود؛ نسخه‌ی متنی یا Word آن را بفرستید"


def test_a_page_of_symbols_among_good_pages_is_dropped(tmp_path, caplog):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("body", fname=_font())
    for page in range(3):
        pdf.add_page()
        pdf.set_font("body" if page == 1 else "Helvetica", size=12)
        pdf.multi_cell(0, 8, " ".join(ENGLISH))
    with caplog.at_level(logging.INFO, logger="daneshyar.ingest"):
        docs = read_documents(_write(tmp_path, "mixed.pdf", without_unicode_maps(bytes(pdf.output()), {1})))
    assert [s.page for s in docs[0].sections] == [1, 3]
    assert "p. 2" in caplog.text


def test_html_of_symbols_and_private_use_characters_is_refused(tmp_path):
    soup = "!\"#$%& '()*+,-./ \ue001\ue002\ue003 (cid:12)(cid:7) %&'$ #$%!\" ()*+ \ue010\ue011 ,-.*"
    page = HTML.format(charset="utf-8", body=f"<p>{soup}</p><p>{soup}</p>").replace("<h1>شبکه‌های کانولوشنی</h1>", "")
    error = refused(tmp_path, "symbols.html", page.encode())
    assert error.code == "garbled_text"


def test_persian_whose_letters_are_not_words_is_refused(tmp_path):
    swapped = str.maketrans("انیرکمهدشبلتوس", "ناریمکدهبشتلسو")  # a font that puts letters at wrong places
    page = HTML.format(charset="utf-8", body=BODY.translate(swapped)).replace("شبکه‌های کانولوشنی", "")
    error = refused(tmp_path, "page.html", page.encode())
    assert error.code == "garbled_text" and "words" in str(error)


def test_code_and_formulas_are_not_symbols(tmp_path):
    body = ("<p>اندازه‌ی خروجی: w_o = floor((w_i + 2p - k) / s) + 1 و برای ۳×۳ با padding=1 همان می‌ماند.</p>"
            "<pre>model.add(Conv2D(64, (3, 3), activation='relu'))\nmodel.add(MaxPooling2D((2, 2)))</pre>")
    text = read(tmp_path, "code.html", HTML.format(charset="utf-8", body=body).encode())
    assert "model.add(Conv2D(64, (3, 3), activation='relu'))" in text
