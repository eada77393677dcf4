"""Results → Telegram HTML: escaped, right-to-left safe, within Telegram's message limits.

Telegram sets a message's direction from its first strong character, so every
answer starts with Persian words; passages and quotes that begin with Latin
text (a formula, "1x1 conv") get a right-to-left mark in front so the line does
not flip.  Tables go in ``<pre>``, which Telegram always shows left to right.
"""

from __future__ import annotations

import html
import re

from bot import messages as msg
from daneshyar.application.courses import DEFAULT_COURSE
from knowledge import messages as knowledge_messages
from knowledge.types import RETIRED_REASON, VERIFIED, Answer, StoredChunk

MAX_MESSAGE = 4096
MAX_CAPTION = 1024
# In a group, quotes longer than this (about four lines on a phone) are folded into an expandable blockquote.
FOLD_FROM = 300
RLM = "\u200f"
_LATIN_START = re.compile(r"^[\s\W\d]*[A-Za-z]")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def rtl(text: str) -> str:
    """A right-to-left mark before text whose first strong letter is Latin."""
    return RLM + text if _LATIN_START.match(text) else text


def source_line(title: str, section: str, page: int | None) -> str:
    return esc(knowledge_messages.source_line(title, section, page))


def answer_html(answer: Answer, fold: bool = False) -> str:
    """Quotes and sources, under the question searched when that differs from the one typed
    (a follow-up read in its thread, Finglish), so a student sees how they were understood.

    ``fold`` (in a group): quotes longer than a few lines go in an expandable blockquote, so one
    answer does not fill the screen of everyone in the chat; a tap opens them.
    """
    if not answer.answered:
        return {"empty-base": msg.EMPTY_BASE, RETIRED_REASON: msg.RETIRED}.get(answer.reason, msg.NOT_COVERED)
    searched = knowledge_messages.searched_as(answer)
    lines = [esc(searched)] if searched else []
    if answer.kind == VERIFIED and answer.verified is not None:  # the TA's answer first, then the material's quote
        lines += [f"<b>{esc(knowledge_messages.verified_title(answer))}</b>", rtl(esc(answer.verified.answer))]
        if not answer.citations:
            return clip("\n".join(lines))
        lines.append("")
    lines.append(msg.FROM_SOURCES)
    quotes = [f"«{esc(citation.quote)}»" for citation in answer.citations]
    if fold and sum(len(q) for q in quotes) > FOLD_FROM:
        quotes = ["<blockquote expandable>" + "\n".join(quotes) + "</blockquote>"]
    lines += quotes
    lines += ["", f"<b>{msg.SOURCES}</b>"]
    for i, citation in enumerate(answer.citations, 1):
        lines.append(f"{i}. {source_line(citation.title, citation.section, citation.page)}")
    return clip("\n".join(lines))


def generated_html(text: str, model: str, answer: Answer) -> str:
    """A checked generated answer: its sentences with their [n], who wrote it, then the numbered sources."""
    searched = knowledge_messages.searched_as(answer)
    lines = [esc(searched)] if searched else []
    lines += [rtl(esc(text)), "", f"<i>{esc(knowledge_messages.GENERATED_BY.format(model=model))}</i>", "",
              f"<b>{msg.SOURCES}</b>"]
    lines += [f"[{i}] {source_line(c.title, c.section, c.page)}" for i, c in enumerate(answer.citations, 1)]
    return clip("\n".join(lines))


def streaming_html(text: str) -> str:
    """A generated answer while it is being written: its checked sentences so far (replaced when complete)."""
    return f"{rtl(esc(text))} ▍\n\n<i>{msg.WRITING}</i>"


def chunk_html(chunk: StoredChunk) -> str:
    where = f" › {esc(chunk.heading_path)}" if chunk.heading_path else ""
    if chunk.page:
        where += f"، {msg.PAGE.format(page=chunk.page)}"
    return clip(msg.FULL_SOURCE.format(title=esc(chunk.title), where=where, text=rtl(esc(chunk.text))))


def pre(text: str) -> str:
    return f"<pre>{esc(text)}</pre>"


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    """Keep a message within Telegram's limit, cutting at a line break and never inside a tag."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit - 2)
    cut = cut if cut > limit // 2 else limit - 2
    head = text[:cut]
    if head.count("<pre>") > head.count("</pre>"):
        head = head[: limit - 10] + "</pre>"
    if head.count("<blockquote") > head.count("</blockquote>"):
        head = head[: limit - 16] + "</blockquote>"
    return head + "\n…"


def table_html(table: str, notes: list[str] | None = None, limit: int = MAX_MESSAGE) -> str:
    """A monospace table with Persian notes under it; a table too long keeps its first rows and its totals."""
    notes_html = "\n".join(rtl(esc(n)) for n in notes or [])
    budget = limit - len(notes_html) - 40
    lines = table.split("\n")
    if len(esc(table)) > budget:
        totals = next((i for i, line in enumerate(lines) if line.startswith("=")), len(lines))
        head, rows, tail = lines[:2], lines[2:totals], lines[totals:]
        used = len(esc("\n".join(head + tail))) + 30
        kept: list[str] = []
        for row in rows:
            used += len(esc(row)) + 1
            if used > budget:
                break
            kept.append(row)
        lines = [*head, *kept, f"... {len(rows) - len(kept)} more layers", *tail]
    return pre("\n".join(lines)) + ("\n\n" + notes_html if notes_html else "")


def calculation_html(calculation, source_lines: tuple[str, ...] = ()) -> str:
    """The number first (bold), then the table or working, then where the course teaches it."""
    head = f"<b>{rtl(esc(calculation.headline))}</b>"
    body = table_html(calculation.table, list(calculation.notes)) if calculation.table else \
        "\n".join(rtl(esc(n)) for n in calculation.notes)
    return clip("\n\n".join(part for part in (head, body, "\n".join(source_lines)) if part))


def plain(html_text: str) -> str:
    """The same message for a terminal: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text)).replace(RLM, "")


def course_title(name: str) -> str:
    """A course as users see it: the default course has a Persian name."""
    return msg.DEFAULT_COURSE_TITLE if name == DEFAULT_COURSE else name


def message_link(chat_id: int | None, message_id: int | None, thread_id: int | None = None) -> str | None:
    """A t.me link to a message of a supergroup, by the rule python-telegram-bot's ``Message.link`` follows
    for a group without a public username (the human path's notes use that): ``t.me/c/<id without -100>/<message>``,
    in its forum topic's view when it has one.  None for a private chat or a basic group (no links there)."""
    if chat_id is None or message_id is None or not str(chat_id).startswith("-100"):
        return None
    link = f"https://t.me/c/{str(chat_id)[4:]}/{message_id}"
    return f"{link}?thread={thread_id}" if thread_id else link
