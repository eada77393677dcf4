"""Every supported format, built inside the test, goes in searchable; bad files are skipped and named."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from knowledge import KBConfig, KnowledgeBase
from knowledge.formats import UnreadableFile
from knowledge.ingest import read_documents


def make_pdf(pages: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Efficient CNNs")
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("پاسخ تمرین ۴", level=0)
    document.add_heading("معماری رستم‌نت", level=1)
    document.add_paragraph("شبکه رستم‌نت از بلوک‌های باقیمانده با کانولوشن ۳×۳ ساخته شده است.")
    document.add_heading("تعداد پارامترها", level=2)
    document.add_paragraph("این شبکه حدود ۴ میلیون پارامتر دارد.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "لایه"
    table.rows[0].cells[1].text = "سهراب‌نت"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_pptx() -> bytes:
    """A lecture deck: a title slide, a slide with bullets, a table and speaker's notes, a picture-only slide."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = "جلسه ۶: شبکه‌های گرازنت"
    lecture = deck.slides.add_slide(deck.slide_layouts[1])
    lecture.shapes.title.text = "بلوک گرازنت"
    lecture.placeholders[1].text_frame.text = "گرازنت هر دو لایه را با یک میان‌بر دور می‌زند"
    table = lecture.shapes.add_table(2, 2, Inches(1), Inches(5), Inches(4), Inches(1)).table
    table.cell(0, 0).text, table.cell(0, 1).text = "مدل", "پارامتر"
    table.cell(1, 0).text, table.cell(1, 1).text = "گرازنت-۱۸", "۱۱ میلیون"
    lecture.notes_slide.notes_text_frame.text = "میان‌بر گرادیان را بی‌کم‌وکاست به لایه‌های اول می‌رساند."
    deck.slides.add_slide(deck.slide_layouts[6])  # blank: a picture would be all it holds
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


HTML = """<!doctype html><html><head><meta charset="utf-8"><title>وبلاگ درس: دراپ‌اوت</title>
<style>.x { color: red } /* cssword */</style>
<script>var scriptword = "zzscriptzz"; trackVisit();</script></head>
<body><nav><a href="/">خانه</a> navwordzz</nav>
<header>سربرگ سایت headerzz</header>
<main><article><h1>دراپ‌اوت</h1>
<h2>چرا سیمرغ‌دراپ کار می‌کند</h2>
<p>روش سیمرغ‌دراپ در هر گام نیمی از نورون‌ها را خاموش می‌کند تا شبکه به یک نورون تکیه نکند.</p>
<ul><li>نرخ معمول ۰٫۵ است</li></ul></article></main>
<footer>کپی‌رایت footerzz</footer></body></html>"""

TELEGRAM = {
    "name": "گروه درس یادگیری عمیق",
    "type": "private_supergroup",
    "id": 123,
    "messages": [
        {"id": 1, "type": "service", "date": "2023-03-01T09:00:00", "actor": "Admin", "action": "pin_message"},
        {"id": 2, "type": "message", "date": "2023-03-01T10:00:00", "from": "Ali Rezaei", "from_id": "user1",
         "text": ["چرا ", {"type": "bold", "text": "کفتارنت"}, " از کانولوشن ۱x۱ استفاده می‌کند؟"]},
        {"id": 3, "type": "message", "date": "2023-03-01T10:05:00", "from": "Sara Ahmadi", "from_id": "user2",
         "reply_to_message_id": 2, "text": "چون کفتارنت با کانولوشن ۱x۱ تعداد کانال‌ها را پیش از ۳x۳ کم می‌کند."},
        {"id": 4, "type": "message", "date": "2023-03-01T10:06:00", "from": "Ali Rezaei", "from_id": "user1",
         "reply_to_message_id": 3, "text": "مرسی 🙏"},
        {"id": 5, "type": "message", "date": "2023-03-01T10:07:00", "from": "Reza", "from_id": "user3",
         "reply_to_message_id": 3, "text": "", "media_type": "sticker", "sticker_emoji": "👍"},
        {"id": 6, "type": "message", "date": "2023-03-01T10:09:00", "from": "Reza", "from_id": "user3",
         "reply_to_message_id": 3, "text": "و در نتیجه محاسبات حدود ده برابر کم می‌شود."},
        {"id": 7, "type": "message", "date": "2023-03-02T08:00:00", "from": "Admin", "from_id": "user9",
         "text": "جلسه فردا لغو شد شترمرغ"},
    ],
}


@pytest.fixture
def kb(kb_copy) -> KnowledgeBase:
    return KnowledgeBase.open(KBConfig(home=kb_copy))


def test_pdf_text_layer_with_pages(kb, tmp_path):
    path = tmp_path / "slides.pdf"
    path.write_bytes(make_pdf(["Efficient CNNs. Lecture 7.",
                               "The Fire module of SqueezeNet first squeezes channels with 1x1 filters, then expands."]))
    report = kb.add([path])
    assert report.added == [str(path)]
    hit = kb.search("Fire module SqueezeNet squeeze", 1)[0]
    assert hit.chunk.doc_id == "slides" and hit.chunk.title == "Efficient CNNs"
    assert hit.chunk.page == 2 and "Fire module" in hit.chunk.text


def test_docx_headings_become_the_heading_path(kb, tmp_path):
    path = tmp_path / "hw4.docx"
    path.write_bytes(make_docx())
    kb.add([path])
    hits = kb.search("رستم‌نت بلوک باقیمانده", 3)
    assert hits[0].chunk.title == "پاسخ تمرین ۴"
    assert "معماری رستم‌نت" in hits[0].chunk.heading_path
    assert any("سهراب‌نت" in h.chunk.text for h in kb.search("سهراب نت", 3))  # table cells too


def test_slides_are_sections_headed_by_their_titles_with_tables_and_speakers_notes(kb, tmp_path):
    path = tmp_path / "lecture6.pptx"
    path.write_bytes(make_pptx())
    kb.add([path])
    hit = kb.search("گرازنت میان‌بر دو لایه", 1)[0]
    assert hit.chunk.title == "جلسه ۶: شبکه‌های گرازنت" and "بلوک گرازنت" in hit.chunk.heading_path
    assert "گرازنت-۱۸ | ۱۱ میلیون" in hit.chunk.text  # the table, a row a line
    assert "بی‌کم‌وکاست" in hit.chunk.text  # the speaker's notes
    (tmp_path / "broken.pptx").write_bytes(b"not a zip")
    assert "pptx" in kb.add([tmp_path / "broken.pptx"]).skipped[0].reason


def test_a_slides_points_typed_into_its_title_box_are_its_text_not_its_title(tmp_path):
    from pptx import Presentation

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only: a student typed the points into it
    slide.shapes.title.text = "DALL·E:\vاین مدل از متن تصویر می‌سازد\vWhisper:\vاین مدل صدا را به متن تبدیل می‌کند"
    titled = deck.slides.add_slide(deck.slide_layouts[5])
    titled.shapes.title.text = "شبکه‌های عصبی\vبخش دوم"  # a title wrapped by hand is still a title
    out = io.BytesIO()
    deck.save(out)
    path = tmp_path / "openai.pptx"
    path.write_bytes(out.getvalue())
    points, wrapped = read_documents(path)[0].sections
    assert points.headings == ()
    assert points.text.split("\n") == ["DALL·E:", "این مدل از متن تصویر می‌سازد", "Whisper:",
                                       "این مدل صدا را به متن تبدیل می‌کند"]
    assert wrapped.headings == ("شبکه‌های عصبی بخش دوم",)


def test_html_main_text_only(kb, tmp_path):
    path = tmp_path / "dropout.html"
    path.write_text(HTML, "utf-8")
    kb.add([path])
    hit = kb.search("سیمرغ دراپ نورون", 1)[0]
    assert hit.chunk.doc_id == "dropout" and "چرا سیمرغ‌دراپ کار می‌کند" in hit.chunk.heading_path
    stored = " ".join(kb.chunk(f"dropout:{i}").text for i in range(3) if kb.chunk(f"dropout:{i}"))
    for dropped in ("zzscriptzz", "cssword", "navwordzz", "headerzz", "footerzz", "trackVisit"):
        assert dropped not in stored
    assert not [h for h in kb.search("zzscriptzz", 5, mode="bm25") if h.chunk.doc_id == "dropout"]


def test_a_notebooks_markdown_cells_are_text_and_its_code_stays_code(kb, tmp_path):
    """A homework solution as a Jupyter notebook: its Markdown headings build the heading path, a code line
    its comment explains is found, outputs are not text."""
    notebook = {"nbformat": 4, "metadata": {"kernelspec": {"language": "python"}}, "cells": [
        {"cell_type": "markdown", "source": ["# پاسخ تمرین ۵\n", "## شبکه پلنگ‌نت\n",
                                             "پلنگ‌نت با بلوک‌های پرشی آموزش را پایدار می‌کند."]},
        {"cell_type": "code", "source": "model.fit(x, y, epochs=3)  # آموزش پلنگ‌نت روی داده‌های آموزش",
         "outputs": [{"output_type": "stream", "text": ["Epoch 1/3 خروجی موقت\n"]}]},
        {"cell_type": "raw", "source": "چیزی برای خواندن نیست"},
    ]}
    path = tmp_path / "hw5.ipynb"
    path.write_text(json.dumps(notebook, ensure_ascii=False), "utf-8")
    kb.add([path])
    hit = kb.search("پلنگ نت بلوک پرشی", 1)[0]
    assert hit.chunk.title == "پاسخ تمرین ۵" and "شبکه پلنگ‌نت" in hit.chunk.heading_path
    assert "```python" in hit.chunk.text and "model.fit" in hit.chunk.text
    assert all("خروجی موقت" not in h.chunk.text and "چیزی برای خواندن" not in h.chunk.text
               for h in kb.search("خروجی موقت چیزی برای خواندن", 5))
    (tmp_path / "broken.ipynb").write_text("{not json", "utf-8")
    report = kb.add([tmp_path / "broken.ipynb"])
    assert "notebook" in report.skipped[0].reason


def test_a_picture_pasted_into_a_notebook_cell_keeps_its_name_not_its_bytes(tmp_path):
    """A notebook's Markdown cell holds a pasted picture as a data URI: its base64 is no text (a course's CNN
    notebook held a megabyte of it, read as a thousand passages), and the cell's words around it stay one text."""
    import base64

    from knowledge.formats import notebook as reader

    picture = base64.b64encode(bytes(range(256)) * 40).decode()
    cells = [{"cell_type": "markdown", "source": ["## لنت\n", "معماری این شبکه را در شکل زیر میبینیم:\n\n",
                                                  f"![lenet-5.png](data:image/png;base64,{picture})\n",
                                                  "لایه‌های پولینگ وزنی ندارند."]}]
    data = json.dumps({"nbformat": 4, "metadata": {}, "cells": cells}).encode()
    text = " ".join(s.text for part in reader.read(data) for s in part.sections)
    assert "base64" not in text and picture[:40] not in text and len(text) < 200
    assert "معماری این شبکه" in text and "لایه‌های پولینگ وزنی ندارند." in text


def test_prose_in_an_html_block_reads_as_the_page_shows_it():
    """A Persian notebook's cell wraps its prose in HTML for direction and font, a tag or an English term to a
    line: a browser flows the lines into one paragraph, so a sentence is one sentence, not three fragments; a
    block tag («</br>», «<hr/>») still ends a line, and a Markdown heading or item in the block stays one."""
    from knowledge.formats.text import read

    cell = ('<div dir="rtl" id="architecture">\n    <font face="XB Zar" size=4>\n      <font color="red" size=5>\n'
            '        تعریف معماری مدل\n      </font>\n      <hr />\nدر این مدل از چند لایه \n'
            '<font face="Roboto">LSTM</font>\nاستفاده میکنیم.\n</br>\nدر هر لایه پارامتر\n'
            '<font face="Roboto">unit</font>\nبُعد خروجی را مشخص میکند.\n## پارامترها\n- لایه اول\n- لایه دوم\n</div>\n')
    lines = [ln.strip() for part in read(cell.encode()) for s in part.sections
             for ln in [*s.headings, *s.text.split("\n")] if ln.strip()]
    assert "در این مدل از چند لایه LSTM استفاده میکنیم." in lines
    assert "در هر لایه پارامتر unit بُعد خروجی را مشخص میکند." in lines
    assert "تعریف معماری مدل" in lines and "پارامترها" in lines and "- لایه اول" in lines


def test_markdown_front_matter_and_comments_are_not_text(tmp_path):
    """A translated static-site note: its front matter titles it, and the English original kept in HTML
    comments is neither searched nor quoted (code in a fence keeps its «<!--»)."""
    path = tmp_path / "week02.md"
    path.write_text(
        "---\nlang: fa\ntitle: گرادیان در شبکه‌های عصبی\ntranslator: someone\n---\n\n"
        "<!--\n## Example\nThe gradients get summed in a splitter.\n-->\n"
        "## [مثال](https://example.org/video)\n"
        "در یک شاخه‌ی دوتایی گرادیان‌ها هنگام پس‌انتشار با هم جمع می‌شوند.\n\n"
        "```html\n<!-- kept -->\n```\n", "utf-8")
    [doc] = read_documents(path)
    text = " ".join(s.text for s in doc.sections)
    assert doc.title == "گرادیان در شبکه‌های عصبی"
    assert "summed" not in text and "lang: fa" not in text and "<!-- kept -->" in text
    assert doc.sections[0].headings == ("مثال",)


def test_html_and_mdx_markup_in_markdown_is_not_text(tmp_path):
    """Layout HTML in Markdown notes («<div dir="ltr">», a figure's «<center><img …><br><b>…</b>») and MDX
    components were quoted as the answer's words; code keeps its tags, a formula its «<»."""
    path = tmp_path / "chapter2.mdx"  # an MDX page (Hugging Face course) is Markdown with components
    path.write_text(
        "## توکِنایزر\n\n<CourseFloatingBanner chapter={2}\n  classNames=\"absolute z-10 right-0 top-0\"\n/>\n\n"
        "کتابخانه یک تابع <span dir=\"ltr\">`create_optimizer()`</span> دارد که بهینه‌ساز AdamW می‌سازد.\n"
        "**سیلوین گوجر**[^5] مهندس محقق است و اگر $a<b$ باشد.\n"
        "توکن‌های ویژه‌ی <s> و </s> و <EOS> و <unk> را توکِنایزر اضافه می‌کند. <Tip>نکته</Tip>\n\n"
        "<center>\n<img src=\"{{site.baseurl}}/images/notes.png\" width=\"500px\" />\n<br>\n<b>\n"
        "شکل ۱: نت‌های یک قطعه\n</b>\n</center>\n\n<div dir=\"ltr\">\n\n```py\nhtml = \"<div>\"\n```\n\n</div>\n"
        "<div\n  dir=\"rtl\"\n  style=\"text-align: right; line-height: 1.8;\"\n>\nیک Vector Store این مشکل را حل می‌کند.\n</div>\n",
        "utf-8")
    [doc] = read_documents(path)
    text = " ".join(s.text for s in doc.sections)
    assert "<span" not in text and "</span>" not in text and "<center>" not in text and "<img" not in text
    assert "CourseFloatingBanner" not in text and "classNames" not in text and "[^5]" not in text
    assert "`create_optimizer()` دارد" in text and "$a<b$" in text and 'html = "<div>"' in text
    assert "شکل ۱: نت‌های یک قطعه" in text
    assert "style=" not in text and "یک Vector Store این مشکل" in text  # a tag over lines, its «>» alone on one
    assert "<s> و </s> و <EOS> و <unk>" in text and "<Tip>" not in text  # an NLP text's tokens are words


def test_blockquote_marks_in_markdown_are_not_text(tmp_path):
    """A Markdown note or exercise in a blockquote was quoted with its «>» («> تمرین2: …»); its paragraphs stay
    apart, and a Python prompt or a code block keeps its «>»."""
    path = tmp_path / "classification.md"
    path.write_text(
        "## دسته‌بندی اخبار\n\n> تمرین2: برای مجموعه داده همشهری، یک مدل LSTM آموزش دهید.\n>\n"
        "> توجه: از یک لایه تعبیه، یک لایه LSTM و یک لایه تماما متصل استفاده کنید.\n> > نقل در نقل.\n\n"
        "اندازه‌ی واژگان را ببینید:\n>>> len(vocab)\n\n```python\n> kept\n```\n\nاگر a > b باشد.\n", "utf-8")
    [doc] = read_documents(path)
    text = "\n".join(s.text for s in doc.sections)
    assert "تمرین2: برای" in text and "> تمرین" not in text and "\nنقل در نقل." in text
    assert "آموزش دهید.\n\nتوجه: از یک لایه" in text  # the lone «>» line still parts the paragraphs
    assert ">>> len(vocab)" in text and "> kept" in text and "a > b" in text


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16"])
def test_legacy_and_utf16_text_is_detected_not_guessed(kb, tmp_path, encoding):
    text = "یادداشت قدیمی\n\nشبکه عقاب‌نت با کانولوشن‌های گروهی ساخته شده و بسیار سبک است."
    if encoding == "cp1256":
        text = text.replace("ی", "ي")  # Windows-1256 writes Persian yeh as Arabic yeh
    path = tmp_path / f"old-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert kb.add([path]).added == [str(path)]
    assert kb.search("عقاب‌نت کانولوشن گروهی", 1)[0].chunk.doc_id == f"old-{encoding}"


def test_telegram_export_threads(kb, tmp_path):
    path = tmp_path / "result.json"
    path.write_text(json.dumps(TELEGRAM, ensure_ascii=False), "utf-8")
    report = kb.add([path])
    assert report.added == [f"{path}#thread-2"]  # one thread; the lone announcement is not indexed
    assert "result-thread-2" in {d.id for d in kb.documents()}
    hit = kb.search("چرا کفتارنت کانولوشن ۱x۱", 1)[0]
    assert hit.chunk.heading_path.startswith("گروه درس یادگیری عمیق")
    assert "2023-03-01" in hit.chunk.heading_path
    text = hit.chunk.text
    assert "چرا کفتارنت" in text and "تعداد کانال‌ها" in text and "ده برابر" in text  # question with its answers
    assert "مرسی" not in text
    everything = " ".join(h.chunk.text + h.chunk.title + h.chunk.heading_path for h in kb.search("کفتارنت", 10))
    for name in ("Ali", "Sara", "Reza", "Admin"):
        assert name not in everything  # authors are not stored
    assert not [h for h in kb.search("شترمرغ", 5) if "شترمرغ" in h.chunk.text]
    assert kb.remove([str(path)]).removed == [hit.chunk.doc_id]  # the export's path removes its threads


def test_re_adding_changes_nothing(kb, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "slides.pdf").write_bytes(make_pdf(["Depthwise separable convolutions split space and channels."]))
    (folder / "hw.docx").write_bytes(make_docx())
    (folder / "page.html").write_text(HTML, "utf-8")
    (folder / "result.json").write_text(json.dumps(TELEGRAM, ensure_ascii=False), "utf-8")
    first = kb.add([folder])
    assert len(first.added) == 4 and not first.skipped
    listing = kb.documents()
    version = kb.index().manifest.built_at
    again = kb.add([folder])
    assert not again.added and not again.replaced and len(again.unchanged) == 4
    assert kb.documents() == listing
    assert kb.index().manifest.built_at == version  # no rebuild either


def test_bad_files_each_skipped_with_its_reason(kb, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    (folder / "notzip.docx").write_bytes(b"this is not a zip file at all")
    (folder / "junk.md").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.html").write_bytes(b"")
    (folder / "chat.json").write_text('{"not": "an export"}', "utf-8")
    (folder / "slides.key").write_bytes(b"keynote")
    (folder / "fine.md").write_text("# خوب\n\nیادداشت درست درباره شبکه آهونت.\n", "utf-8")
    before = {d.id for d in kb.documents()}
    report = kb.add([folder])
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {"broken.pdf", "notzip.docx", "junk.md", "empty.html", "chat.json", "slides.key"}
    assert "PDF" in reasons["broken.pdf"] and "docx" in reasons["notzip.docx"]
    assert "binary" in reasons["junk.md"] and "empty" in reasons["empty.html"]
    assert "Telegram" in reasons["chat.json"] and "unsupported" in reasons["slides.key"]
    assert [Path(p).name for p in report.added] == ["fine.md"]
    assert before <= {d.id for d in kb.documents()}


def test_size_limit(tmp_path, monkeypatch):
    from knowledge import ingest

    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("متن " * 100, "utf-8")
    with pytest.raises(UnreadableFile, match="too large"):
        read_documents(path)


def test_an_html_table_is_read_a_row_a_line_in_markdown_and_in_web_pages(tmp_path):
    """A table written in HTML (GitHub notes do, for formulas in cells; web pages always do) lost its rows: each
    cell became a line, «Sigmoid» no longer beside its derivative.  Each row is now one line under its header."""
    table = ("<table>\n  <thead>\n    <tr>\n      <th>تابع</th>\n      <th>مشتق</th>\n    </tr>\n  </thead>\n"
             "  <tbody>\n    <tr>\n      <td><strong>Sigmoid</strong></td>\n"
             "      <td><code>σ(x)(1 - σ(x))</code></td>\n    </tr>\n    <tr>\n      <td>Tanh</td>\n"
             "      <td>1 - tanh²(x)</td>\n    </tr>\n  </tbody>\n</table>\n")
    note = tmp_path / "derivatives.md"
    note.write_text("## مشتق توابع فعال‌سازی\n\nمشتق‌های معروف در جدول زیر آمده‌اند.\n\n" + table, "utf-8")
    page = tmp_path / "derivatives.html"
    page.write_text(f"<html><body><main><h2>مشتق‌ها</h2><p>جدول مشتق‌ها.</p>{table}</main></body></html>", "utf-8")
    for path in (note, page):
        (doc,) = read_documents(path)
        text = "\n".join(s.text for s in doc.sections)
        assert "| تابع | مشتق |\n|---|---|\n| Sigmoid | σ(x)(1 - σ(x)) |\n| Tanh | 1 - tanh²(x) |" in text, text


def test_a_broken_or_empty_html_table_loses_no_text(tmp_path):
    """A table left unclosed, or with no rows, is no table to rewrite: its words stay in the passage as they were."""
    note = tmp_path / "broken.md"
    note.write_text("## جدول ناقص\n\nمتن پیش از جدول اینجاست.\n\n<table><tr><td>سلول یک</td><td>سلول دو</td>\n\n"
                    "<table></table>\n\nمتن پس از جدول هم هست.\n", "utf-8")
    (doc,) = read_documents(note)
    text = "\n".join(s.text for s in doc.sections)
    for words in ("متن پیش از جدول اینجاست.", "سلول یک", "سلول دو", "متن پس از جدول هم هست."):
        assert words in text, text


def _with_footnotes(data: bytes, notes: dict[int, str]) -> bytes:
    """A docx whose «[[N]]» marks are Word footnote references to ``notes``, as Word writes them."""
    import re
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "word/document.xml":
                content = re.sub(rb"\[\[(\d+)\]\]", rb'</w:t></w:r><w:r><w:footnoteReference w:id="\1"/></w:r><w:r><w:t xml:space="preserve">',
                                 content)
            elif item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                          b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif item.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", b'<Relationship Id="rIdNotes" Type="http://schemas.'
                                          b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                          b'Target="footnotes.xml"/></Relationships>')
            dst.writestr(item, content)
        body = "".join(f'<w:footnote w:id="{n}"><w:p><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
                       for n, text in notes.items())
        dst.writestr("word/footnotes.xml", f'<w:footnotes xmlns:w="{w}">{body}</w:footnotes>')
    return out.getvalue()


def test_a_docx_footnote_naming_a_term_in_english_stands_beside_its_word():
    import docx

    from knowledge.formats import docx as docx_reader

    document = docx.Document()
    document.add_paragraph("با فرض صحت[[1]] یکسان، شبکه‌های کوچکتر سه مزیت دارند[[2]].")
    buffer = io.BytesIO()
    document.save(buffer)
    part, = docx_reader.read(_with_footnotes(buffer.getvalue(), {1: "Accuracy", 2: "این سه مزیت در فصل دوم آمده‌اند."}))
    assert part.sections[0].text.splitlines() == ["با فرض صحت (Accuracy) یکسان، شبکه‌های کوچکتر سه مزیت دارند.",
                                                  "این سه مزیت در فصل دوم آمده‌اند."]


def test_a_line_break_inside_a_slides_paragraph_keeps_the_words_apart():
    """Shift+Enter on a slide is a break inside one paragraph, not a run: read by its runs alone, the words either
    side of it ran together («آشنایانمراجعه»)."""
    from pptx import Presentation

    from knowledge.formats import slides

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "پشتیبانی"
    paragraph = slide.placeholders[1].text_frame.paragraphs[0]
    paragraph.add_run().text = "برای نصب به آشنایان"
    paragraph.add_line_break()
    paragraph.add_run().text = "مراجعه کنید"
    out = io.BytesIO()
    deck.save(out)
    part, = slides.read(out.getvalue())
    assert part.sections[0].text.splitlines() == ["برای نصب به آشنایان", "مراجعه کنید"]


def test_a_docx_whose_footnotes_part_is_broken_keeps_its_text():
    """A malformed footnotes part costs the notes, not the document."""
    import zipfile

    import docx

    from knowledge.formats import docx as docx_reader

    document = docx.Document()
    document.add_paragraph("با فرض صحت[[1]] یکسان، شبکه‌های کوچکتر سه مزیت دارند.")
    buffer = io.BytesIO()
    document.save(buffer)
    noted = _with_footnotes(buffer.getvalue(), {1: "Accuracy"})
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(noted)) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, b"<w:footnotes broken" if item.filename == "word/footnotes.xml" else src.read(item))
    part, = docx_reader.read(broken.getvalue())
    assert part.sections[0].text == "با فرض صحت یکسان، شبکه‌های کوچکتر سه مزیت دارند."


SRT = """1
00:00:04,180 --> 00:00:07,280
در ویدیوی قبل ساختار شبکه‌ی گوزن‌نت را دیدیم.

2
00:00:07,680 --> 00:00:10,353
امروز می‌بینیم که گوزن‌نت چطور با نزول گرادیان وزن‌هایش را تنظیم

3
00:00:10,353 --> 00:00:12,600
می‌کند و چرا <i>نرخ یادگیری</i> کوچک به آن کمک می&#39;کند.

4
00:01:20,000 --> 00:01:23,000
بخش دوم درباره‌ی پس‌انتشار خطاست.
"""


def test_a_lectures_subtitles_are_its_words_headed_by_their_time(kb, tmp_path):
    path = tmp_path / "lecture2.srt"
    path.write_text(SRT, "utf-8")
    assert kb.add([path]).added == [str(path)]
    hit = kb.search("گوزن‌نت نزول گرادیان نرخ یادگیری", 1)[0]
    # a sentence cut over two cues is one sentence again; no cue numbers, timings or tags
    assert "وزن‌هایش را تنظیم می‌کند و چرا نرخ یادگیری کوچک به آن کمک می'کند." in hit.chunk.text
    assert "-->" not in hit.chunk.text and "<i>" not in hit.chunk.text and "\n3\n" not in hit.chunk.text
    assert hit.chunk.heading_path == "00:04"  # where in the video to look
    from knowledge.formats import subtitles, text

    assert text.read(SRT.encode("utf-8")) == subtitles.read(SRT.encode("utf-8"))  # saved or sent as .txt


def test_subtitle_passages_start_at_a_pause_or_a_sentence_end_once_a_paragraph_long():
    from knowledge.formats.subtitles import PASSAGE_CHARS, passages

    sentence = "شبکه‌ی گوزن‌نت لایه‌های زیادی دارد."
    cues, t = [], 0.0
    while sum(len(c[2]) + 1 for c in cues) < 3 * PASSAGE_CHARS:
        cues.append((t, t + 2.0, sentence))
        t += 2.0
    parts = passages(cues)
    assert len(parts) >= 3 and all(s.text.endswith(".") for s in parts[:-1])
    assert parts[1].headings == (f"00:{int(cues[len(parts[0].text.split(sentence)) - 1][0]):02d}",)
    assert " ".join(s.text for s in parts) == " ".join(c[2] for c in cues)  # nothing lost, nothing repeated
    pause = passages([(0.0, 2.0, "الف " * 260), (9.0, 10.0, "ب ادامه"), (3725.0, 3726.0, "پ")])
    assert [s.headings for s in pause] == [("00:00",), ("00:09",)] and pause[1].text == "ب ادامه پ"


def test_webvtt_and_youtubes_captions_once_each_line():
    from knowledge.formats import subtitles

    vtt = ("WEBVTT\nKind: captions\nLanguage: fa\n\n"
           "00:00:00.000 --> 00:00:02.500 align:start position:0%\n"
           "سلام<00:00:00.500><c> به</c><00:00:01.000><c> همه</c>\n\n"
           "00:00:02.500 --> 00:00:02.510 align:start position:0%\nسلام به همه\n \n\n"
           "00:00:02.510 --> 00:00:05.000 align:start position:0%\n"
           "سلام به همه\nامروز<00:00:03.000><c> درباره</c><00:00:03.500><c> شبکه</c>\n\n"
           "NOTE a comment the viewer never sees\n\n"
           "00:00:05.000 --> 00:00:07.000\n<v Roger>امروز درباره شبکه\nعصبی &amp; <i>گرادیان</i> صحبت می‌کنیم\n")
    [part] = subtitles.read(vtt.encode("utf-8"))
    assert [s.text for s in part.sections] == ["سلام به همه امروز درباره شبکه عصبی & گرادیان صحبت می‌کنیم"]
    sbv = "0:00:00.000,0:00:02.000\nگرادیان کاهشی\n\n0:01:02.000,0:01:04.000\nگام به گام پایین می‌رود.\n"
    assert subtitles.read(sbv.encode("utf-8"))[0].sections[0].text == "گرادیان کاهشی گام به گام پایین می‌رود."
    # a word said at the end of one cue and again at the start of the next is said twice
    twice = "1\n00:00:01,000 --> 00:00:02,000\nاین مدل مدل\n\n2\n00:00:02,000 --> 00:00:03,000\nمدل خوبی است\n"
    assert subtitles.read(twice.encode())[0].sections[0].text == "این مدل مدل مدل خوبی است"


def test_a_file_with_no_timings_is_not_subtitles(kb, tmp_path):
    path = tmp_path / "notes.srt"
    path.write_text("این فقط یادداشت است\nبدون زمان‌بندی\n", "utf-8")
    [skipped] = kb.add([path]).skipped
    assert "subtitle" in skipped.reason
    (tmp_path / "empty.vtt").write_text("WEBVTT\n\nNOTE nothing is said\n", "utf-8")
    [skipped] = kb.add([tmp_path / "empty.vtt"]).skipped
    assert "no text" in skipped.reason


TEX = r"""\documentclass{article}
\usepackage{xepersian}
\settextfont{XB Niloofar}
\title{جزوه‌ی گوزن‌نت}
\begin{document}
\maketitle
% ---------------------------------------
% TODO: the second half
\section{
معرفی گوزن‌نت
}
گوزن‌نت
\LTRfootnote{
DeerNet
} \cite{deernet2031}
شبکه‌ای است که در سال ۲۰۳۱ معرفی شد و
\textbf{سه لایه‌ی کانولوشنی} دارد.\label{sec:intro}

یک پاراگراف دوم با فرمول $y = \sigma(Wx + b)$ و یک \lr{learning rate} کوچک.\footnote{این پانویس بلند توضیح می‌دهد که نرخ یادگیری را از مقاله‌ی اصلی برداشته‌ایم.}

\subsection{مزایا}
\begin{itemize}
\item پارامترهای کم
\item آموزش سریع
\end{itemize}
\begin{equation}
L = \sum_i (y_i - \hat{y}_i)^2 \label{eq:loss}
\end{equation}
\begin{tabular}{|c|c|}
\hline
لایه & پارامترها \\ \hline
conv1 & 1792 \\
\end{tabular}
\begin{figure}\includegraphics{deer.png}\caption{ساختار گوزن‌نت}\end{figure}
نرخ ۵۰\% کاهش یافت.
\end{document}
"""


def test_a_latex_notes_text_is_read_as_a_reader_sees_it(kb, tmp_path):
    from knowledge.formats import latex

    text = latex.as_markdown(TEX.encode("utf-8"))
    assert text.startswith("# جزوه‌ی گوزن‌نت\n\n## معرفی گوزن‌نت\n\n")
    # a line break is a space; the English name stands beside its word; citations, labels, comments dropped
    assert "گوزن‌نت (DeerNet) شبکه‌ای است که در سال ۲۰۳۱ معرفی شد و سه لایه‌ی کانولوشنی دارد." in text
    assert not any(w in text for w in ("cite", "label", "TODO", "usepackage", "Niloofar", "deer.png", "maketitle"))
    # inline math as written; a long footnote after its paragraph
    assert "یک پاراگراف دوم با فرمول $y = \\sigma(Wx + b)$ و یک learning rate کوچک.\n\nاین پانویس بلند" in text
    assert "### مزایا\n\n- پارامترهای کم\n- آموزش سریع\n\n$$ L = \\sum_i (y_i - \\hat{y}_i)^2 $$\n\n" in text
    assert text.endswith("لایه | پارامترها\nconv1 | 1792\n\nساختار گوزن‌نت\n\nنرخ ۵۰% کاهش یافت.\n")
    path = tmp_path / "deernet.tex"
    path.write_text(TEX, "utf-8")
    assert kb.add([path]).added == [str(path)]
    hit = kb.search("گوزن‌نت چند لایه کانولوشنی دارد", 1)[0]
    assert "سه لایه‌ی کانولوشنی" in hit.chunk.text and hit.chunk.heading_path.endswith("معرفی گوزن‌نت")


def test_a_latex_file_without_a_preamble_is_read_whole():
    from knowledge.formats import latex

    chapter = "\\chapter{مقدمه}\n% comment\nمتن فصل \\emph{اول} است~و\n\\begin{enumerate}\\item یک\\item دو\\end{enumerate}\n"
    assert latex.as_markdown(chapter.encode("utf-8")) == "# مقدمه\n\nمتن فصل اول است و\n\n1. یک\n2. دو\n"
    slide = "\\begin{frame}[fragile]{گرادیان کاهشی}\n\\begin{itemize}\\item گام کوچک \\item تکرار\\end{itemize}\n\\end{frame}"
    assert latex.as_markdown(slide.encode("utf-8")) == "### گرادیان کاهشی\n\n- گام کوچک\n- تکرار\n"  # a beamer slide
    code = "متن\n\\begin{lstlisting}[language=Python]\ndef f(x):\n  return x\n\\end{lstlisting}\nو \\[ a = b \\label{e} \\] پایان"
    assert latex.as_markdown(code.encode("utf-8")) == "متن\n\n```\ndef f(x):\n  return x\n```\n\nو\n\n$$ a = b $$\n\nپایان\n"


def test_a_latex_file_that_says_nothing_or_is_not_text_is_skipped_with_its_reason(kb, tmp_path):
    (tmp_path / "comments.tex").write_text("% only comments\n\\usepackage{xepersian}\n", "utf-8")
    (tmp_path / "binary.tex").write_bytes(b"\x00\x01\x02 not text")
    result = kb.add([tmp_path / "comments.tex", tmp_path / "binary.tex"])
    reasons = {Path(s.path).name: s.reason for s in result.skipped}
    assert "no text" in reasons["comments.tex"] and "binary" in reasons["binary.tex"]
    # braces left open lose no words: the parser is tolerant
    from knowledge.formats import latex

    assert "متن بدون بستن" in latex.as_markdown("\\section{عنوان\nمتن بدون بستن".encode())
