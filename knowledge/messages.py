"""Every Persian sentence the knowledge base shows a user, in one place to read and correct.

``knowledge/`` returns data (quotes, sources); these templates turn an
:class:`~knowledge.types.Answer` into plain text for the CLI.  The bot renders
the same data as HTML, with these sentences (``bot/messages.py`` adds the chat's own).
"""

from __future__ import annotations

from knowledge.types import HEADING_SEP, NOT_A_QUESTION, RETIRED_REASON, VERIFIED, Answer

NOT_COVERED = (
    "متأسفانه منابع درس به این پرسش پاسخ روشنی نمی‌دهند. "
    "می‌توانید پرسش را با واژه‌های دیگری (مثلاً نام انگلیسی مفهوم) دوباره بپرسید "
    "یا از یکی از مسئولان درس بخواهید این موضوع را به منابع اضافه کند."
)
EMPTY_BASE = "پایگاه دانش هنوز خالی است؛ مسئولان درس می‌توانند با «daneshyar kb add» منبع اضافه کنند."
# Thanks, greetings, emoji: one short friendly line in a private chat (silence in a group).
NOT_A_QUESTION_REPLY = "🙂 هر پرسشی درباره‌ی درس داشتی بپرس؛ از روی منابع درس جواب می‌دهم."
# Shown above an answer when the question searched differs from the one typed (a follow-up, Finglish).
SEARCHED_AS = "(پرسش جست‌وجوشده: «{question}»)"
FROM_SOURCES = "بر اساس منابع درس:"
# A verified answer (knowledge/verified.py): a TA's or admin's answer to the same question, with the day it was verified.
VERIFIED_TITLE = "✅ پاسخ تأییدشده‌ی دستیار آموزشی ({date})"
VERIFIED_BY_ADMIN = "(تأییدشده‌ی مسئول درس)"
# The answer this question had was marked wrong (several 👎) and nobody has given the right one yet.
RETIRED = ("پاسخی که پیش‌تر به این پرسش داده می‌شد نادرست شناخته شد و منابع درس هم آن را روشن نمی‌کنند؛ "
           "پرسش به دستیاران آموزشی سپرده می‌شود.")
SOURCES = "منابع:"


PAGE = "ص. {page}"


def source_line(title: str, section: str, page: int | None = None) -> str:
    line = f"«{title}»" + (f"{HEADING_SEP}{section}" if section else "")
    return line + (f"، {PAGE.format(page=page)}" if page else "")


def searched_as(answer: Answer) -> str:
    """The line naming the question actually searched, or "" when it is the question as typed."""
    resolved = answer.resolved_question.strip()
    if not resolved or resolved == answer.question.strip():
        return ""
    return SEARCHED_AS.format(question=resolved)


def answer_text(answer: Answer) -> str:
    """The answer as plain text: quotes, then sources; or the honest "not covered"."""
    if answer.kind == NOT_A_QUESTION:
        return NOT_A_QUESTION_REPLY
    if not answer.answered:
        return {"empty-base": EMPTY_BASE, RETIRED_REASON: RETIRED}.get(answer.reason, NOT_COVERED)
    lines = [searched_as(answer)] if searched_as(answer) else []
    if answer.kind == VERIFIED and answer.verified is not None:
        lines += [verified_title(answer), answer.verified.answer]
        if not answer.citations:
            return "\n".join(lines)
        lines.append("")
    lines.append(FROM_SOURCES)
    for citation in answer.citations:
        lines.append(f"«{citation.quote}»")
    lines.append("")
    lines.append(SOURCES)
    for i, citation in enumerate(answer.citations, 1):
        lines.append(f"{i}. {source_line(citation.title, citation.section, citation.page)} [{citation.chunk_id}]")
    return "\n".join(lines)


def verified_title(answer: Answer) -> str:
    """«پاسخ تأییدشده‌ی دستیار آموزشی» with the day it was verified (and who, when an admin did)."""
    pair = answer.verified
    title = VERIFIED_TITLE.format(date=pair.date if pair else "")
    return f"{title} {VERIFIED_BY_ADMIN}" if pair is not None and pair.role == "admin" else title


GENERATED_BY = "(نوشته‌ی مدل زبانی {model} از روی منابع درس؛ هر جمله با منبعی که به آن ارجاع داده سنجیده شده است)"


def generated_text(text: str, model: str, answer: Answer) -> str:
    """A checked generated answer as plain text: its sentences with their [n], then the numbered sources."""
    lines = [searched_as(answer)] if searched_as(answer) else []
    lines += [text, "", GENERATED_BY.format(model=model), "", SOURCES]
    for i, citation in enumerate(answer.citations, 1):
        lines.append(f"[{i}] {source_line(citation.title, citation.section, citation.page)} [{citation.chunk_id}]")
    return "\n".join(lines)


# How the bot's /help names a format that its extension does not name (knowledge.formats.Format.chat_name).
TELEGRAM_EXPORT = "خروجی json تلگرام"
SUBTITLES = "زیرنویس ویدیوی درس (srt/vtt/sbv)"
LATEX = "جزوه‌ی LaTeX (tex)"

# Why a file was not added: a stable code (``kb add --json``), English for the CLI, Persian for the chat.
SKIP_REASONS = {
    "missing": ("no such file or folder", "چنین فایل یا پوشه‌ای نیست"),
    "unsupported": ("unsupported file type {suffix!r}; supported: {supported}",
                    "این نوع فایل ({suffix}) را نمی‌خوانم؛ این‌ها را می‌خوانم: {supported}"),
    "too_large": ("file too large ({size} MB > {limit} MB)", "فایل بیش از حد بزرگ است ({size} مگابایت؛ حداکثر {limit})"),
    "unreadable": ("cannot read: {detail}", "فایل خوانده نشد ({detail})"),
    "empty": ("empty file", "فایل خالی است"),
    "no_text": ("no text found", "متنی در فایل پیدا نشد"),
    "binary": ("binary data, not text", "این فایل متنی نیست (داده‌ی دودویی است)"),
    "encoding": ("not text in a known encoding (binary data?)", "کدگذاری متن این فایل شناخته نشد"),
    "bad_docx": ("not a valid .docx file ({detail})", "این فایل Word سالم نیست"),
    "bad_json": ("not valid JSON ({detail})", "این فایل JSON سالم نیست"),
    "bad_subtitles": ("not a subtitle file ({detail})", "این فایل زیرنویس سالم نیست (زمان‌بندی‌اش خوانده نشد)"),
    "bad_notebook": ("not a Jupyter notebook ({detail})", "این فایل نوت‌بوک ژوپیتر سالم نیست"),
    "bad_latex": ("LaTeX source that could not be parsed ({detail})", "متن LaTeX این فایل خوانده نشد"),
    "bad_pptx": ("not a valid .pptx file ({detail})", "این فایل پاورپوینت سالم نیست"),
    "not_chat_export": ("not a Telegram chat export (no \"messages\" list)",
                        "این فایل خروجی گفت‌وگوی تلگرام نیست (فهرست messages ندارد)"),
    "no_qa": ("no question with an answer found in this chat export",
              "در این خروجی تلگرام پرسشی که پاسخ گرفته باشد پیدا نشد"),
    "encrypted_pdf": ("encrypted PDF", "این PDF رمزگذاری شده است؛ نسخه‌ی بی‌رمز آن را بفرستید"),
    "corrupt_pdf": ("corrupt PDF ({detail})", "این PDF خراب است و باز نمی‌شود"),
    "no_text_layer": ("no text layer (a scanned PDF needs OCR first)",
                      "این PDF لایه‌ی متن ندارد (اسکن است)؛ نسخه‌ی متنی یا Word آن را بفرستید"),
    # knowledge/extraction.py: fmt is "PDF", "DOCX", "PPTX" or "HTML"
    "garbled_text": ("the text extracted from this {fmt} is garbled ({detail}); send a plain-text or Word version",
                     "متن این فایل {fmt} درست استخراج نمی‌شود؛ نسخه‌ی متنی یا Word آن را بفرستید"),
    "mojibake": (("the text of this {fmt} is in the wrong character encoding (mojibake such as {sample!r}); "
                  "save it as UTF-8 and send it again"),
                 ("حروف متن این فایل {fmt} به‌هم‌ریخته است (کدگذاری نویسه‌ها اشتباه است، مثل «{sample}»)؛ "
                  "آن را با کدگذاری UTF-8 ذخیره کنید و دوباره بفرستید")),
}


def skip_reason(code: str, persian: bool = False, **params: object) -> str:
    english, farsi = SKIP_REASONS[code]
    return (farsi if persian else english).format(**params)
