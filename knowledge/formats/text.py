"""Plain text and Markdown: headings become the heading path.

Markdown headings ("#", "##", ...) are headings.  Plain text from the course
(homework answers, forum dumps) marks its parts with short lines standing
alone, such as "سوال ۳)" or "مزایا و معایب:"; those are headings too, one level
below the last Markdown heading, with "سوال/تمرین/بخش …" lines above other ones.
A short line is still body text when it is a list item, a bracketed list, a table
row, a formula or code: it stays in the passage and no citation names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from knowledge.formats import Format, Part, UnreadableFile
from knowledge.html_tables import tables_as_rows
from knowledge.types import Section

FORMAT = Format(
    {".txt": "txt", ".md": "md", ".markdown": "md", ".mdx": "md"}, order=10, library="charset-normalizer",
    note="UTF-8, UTF-16 or Windows-1256, detected",
    summary=("UTF-8, UTF-16 (BOM) or a detected legacy encoding; Windows-1256 wins over the detector's guess "
             "when it reads as Persian (detectors take short cp1256 texts for Chinese)."),
)

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_PART = re.compile(r"^(سوال|سؤال|تمرین|بخش|فصل|قسمت|question|part|chapter)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?؟…]$")
# Short standalone lines that are body text, not headings: list items and emphasis («- …», «۱. …»,
# «2) …», "**bold**"), bracketed lists and links («[مجموعه آموزش، مجموعه اعتبارسنجی، مجموعه آزمایش]», "[text](url)"),
# table rows («| a | b |», "a | b | c"), formulas and code ("$x = 0$", "model.summary()").
_LIST_ITEM = re.compile(r"^(?:[+–—▪●◦]|[0-9۰-۹٠-٩]{1,3}[.)])(?:\s|$)")
_TABLE_ROW = re.compile(r"^\||\|.*\|")
_FORMULA_OR_CODE = re.compile(r"\$|=|^[A-Za-z_][\w.]*\(")
_MAX_PLAIN_HEADING = 50


def _arabic_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0600" <= ch <= "\u06ff" for ch in letters) / len(letters)


def decode(data: bytes) -> str:
    """Bytes → text: UTF-8 or UTF-16 (by BOM or validity), else detected with charset-normalizer.

    Old Persian files are mostly Windows-1256, which detectors confuse with East
    Asian code pages on short texts; when the detector's guess is not Arabic-script
    but a cp1256 reading is, cp1256 wins.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data[:4096]:
            raise UnreadableFile("binary")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _detect(data)
    if not text.strip():
        raise UnreadableFile("empty")
    return text


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = str(best) if best is not None else ""
    try:
        legacy = data.decode("cp1256")
    except UnicodeDecodeError:
        legacy = ""
    if legacy and _arabic_share(legacy) >= 0.6 and _arabic_share(guess) < 0.6:
        return legacy
    if best is None or best.chaos > 0.3:
        raise UnreadableFile("encoding")
    return guess


def _strip_markup(heading: str) -> str:
    plain = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a linked heading names its words, not the link
    plain = re.sub(r"<[^>]+>", "", plain).replace("**", "").replace("__", "").replace("`", "")
    return plain.strip(" \t:*_#") or heading.strip()


def _plain_heading_rank(line: str, prev_blank: bool, next_blank: bool) -> int | None:
    """The rank of a short standalone line used as a heading, or None for body text."""
    text = line.strip()
    if not (prev_blank and next_blank) or not text or len(text) > _MAX_PLAIN_HEADING:
        return None
    if line.startswith(("    ", "\t")):  # indented four spaces: a Markdown code block («    import numpy as np»)
        return None
    if _SENTENCE_END.search(text) or len(text.split()) > 7:
        return None
    if text.startswith(("-", "•", "*", "[")) or _LIST_ITEM.match(text) or _TABLE_ROW.search(text) \
            or _FORMULA_OR_CODE.search(text):
        return None
    if not re.search(r"[^\W\d_]{2}", text):  # "ر ر", ".", "75/75": debris, not a heading
        return None
    return _PART_RANK if _PART.match(text) else _PLAIN_RANK


def _announces_formula(lines: list[str], i: int) -> bool:
    """«تابع سیگموید به صورت زیر تعریف می‌شود:» over a display formula: a sentence leading in to the formula, read
    with it, not a heading over it (the quote would show the formula alone).  A label («فرمول:») still heads it."""
    line = lines[i]
    if not line.rstrip().endswith((":", "：")) or len(line.split()) < 4:
        return False
    after = next((lines[j].strip() for j in range(i + 1, len(lines)) if lines[j].strip()), "")
    return after.startswith("$$")


# One heading stack for both kinds: "سوال ۳)" parts outrank everything, Markdown
# headings rank by their level, and plain standalone lines sit below them all.
_PART_RANK, _PLAIN_RANK = 0, 7


def sections(text: str) -> tuple[str, list[Section]]:
    """Split Markdown or plain text into sections; returns (the document's own title or "", sections)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stack: list[tuple[int, str]] = []  # (rank, heading), outermost first
    out: list[Section] = []
    body: list[str] = []
    title = ""
    in_code = False

    def flush() -> None:
        joined = "\n".join(body).strip("\n")
        if joined.strip():
            out.append(Section(tuple(h for _, h in stack), joined))
        body.clear()

    # a short line taken for a heading that a heading of its rank or above follows with no text between was a
    # line of text («Use case: SVM classification», «کاربرد: طبقه‌بندی با SVM», «Formula:» in a row): a heading
    # over nothing would drop it from every passage, so it goes back into the text («سوال ۱)» then «الف)» nest)
    bare: list[tuple[int, str]] = []  # (rank, line) of the plain heading last pushed, while nothing stands under it

    def unbare(rank: int = _PART_RANK) -> None:
        if bare and bare[0][0] >= rank and not any(b.strip() for b in body):
            stack.pop()
            body.append(bare.pop()[1])

    def add(line: str) -> None:
        body.append(line)
        if line.strip():
            bare.clear()

    def push(rank: int, heading: str, line: str | None = None) -> None:
        unbare(rank)
        flush()
        stack[:] = [(r, h) for r, h in stack if r < rank] + [(rank, heading)]
        bare[:] = [(rank, line)] if line is not None else []

    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_code = not in_code
            add(line)
            continue
        if in_code:
            add(line)
            continue
        m = _MD_HEADING.match(line)
        if m:
            heading = _strip_markup(m.group(2))
            if len(m.group(1)) == 1 and not title and not any(ln.strip() for ln in lines[:i]):
                title = heading  # a "# Title" opening the file names the document
                continue
            push(_PART_RANK if _PART.match(heading) else len(m.group(1)), heading)
            continue
        prev_blank = i == 0 or not lines[i - 1].strip()
        next_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
        rank = _plain_heading_rank(line, prev_blank, next_blank)
        if rank is not None and not _announces_formula(lines, i):
            push(rank, _strip_markup(line), line)
            continue
        add(line)
    unbare()
    flush()
    return title, out


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title:\s*[\"']?(.+?)[\"']?\s*$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def front_matter(text: str) -> tuple[str, str]:
    """(the ``title:`` of a Jekyll/Hugo front matter block or "", the text without the block).  Static-site
    notes open with one («---\\nlang: fa\\ntitle: …\\n---»): metadata, not prose to quote."""
    m = _FRONT_MATTER.match(text)
    if not m or len(m.group(1)) > 3000 or not re.search(r"^[\w-]+:", m.group(1), re.MULTILINE):
        return "", text
    found = _FRONT_TITLE.search(m.group(1))
    return (found.group(1).strip() if found else ""), text[m.end():]


# A display formula set over lines («$$\nf(0) = 0.5\n$$») is one statement: on one line it is read, and quoted,
# whole («$$ f(0) = 0.5 $$»), not as three lines of which the middle one is a stray.  A pair of «$$» around a
# blank line or more than a screen of text is no formula.
_DISPLAY_MATH = re.compile(r"\$\$((?:(?!\$\$|\n[ \t]*\n).){1,1500}?)\$\$", re.DOTALL)
# A static site's page links to its neighbours, each an HTML anchor alone on its line («<a class="btn" …>⬅︎ قبلی:
# تمرین ۲</a>»): the site's navigation, not the lesson.
_LINK_LINE = re.compile(r"^[ \t]*<a\s[^>]*>[^<\n]*</a>[ \t]*\n?", re.MULTILINE)


# A picture pasted into a notebook's Markdown cell is stored in the text itself («![lenet-5.png](data:image/png;
# base64,iVBORw0…)»: a Sharif course's CNN notebook held a megabyte of it), and became a thousand passages of
# base64 that were embedded, searched and matched words by chance.  The picture keeps its name, without its bytes.
_DATA_URI = re.compile(r"(?<=\])\(data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]*\)")
# A chart a notebook exported into a Markdown page (Plotly's «<script>…Plotly.newPlot(…)</script>», its «<svg>»):
# code and drawing no reader sees as text, and it filled a lesson's passages with JSON.
_NOT_SHOWN = re.compile(r"<(script|style|svg)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def _site_markup_out(prose: str) -> str:
    prose = _NOT_SHOWN.sub("", _DATA_URI.sub("()", prose))
    return _html_flowed(_LINK_LINE.sub("", _DISPLAY_MATH.sub(_on_one_line, prose)))


# Persian notebooks and notes wrap their prose in HTML for its direction and font («<div dir="rtl">», «<font
# face="XB Zar">»), often a tag or an English term to a line: «در هر لایه پارامتر» / «<font face="Roboto">unit</font>» /
# «بُعد خروجی را مشخص میکند.».  HTML flows a block's lines into one paragraph, and the page shows one sentence;
# read line by line it was three fragments, none quotable whole.  A block runs from a line opening with a tag to
# the next blank line; its lines are joined except where a block tag (a line break, a division, a list item, a
# heading) or a Markdown construct (a heading, an item, a table row, a fence, a display formula) stands.
_BLOCK_TAG = re.compile(r"</?(?:div|p|br|hr|li|ul|ol|h[1-6]|table|thead|tbody|tr|td|th|center|blockquote|details|"
                        r"summary|figure|figcaption|pre|section|article|header|footer|nav|img|iframe|video)\b[^<>]*/?>",
                        re.IGNORECASE)
_ENDS_IN_BLOCK_TAG = re.compile(_BLOCK_TAG.pattern + r"\s*$", re.IGNORECASE)
_MARKDOWN_LINE = re.compile(r"^\s*(?:#{1,6}\s|[-*+•]\s|\d{1,3}[.)]\s|\||>|```|~~~|\$\$|\{[#/:]|!\[)")


def _html_flowed(prose: str) -> str:
    """``prose`` with the lines of each HTML block joined as a browser shows them."""
    out: list[str] = []
    joined: list[str] = []  # the lines of the paragraph being flowed
    in_block = False

    def flush() -> None:
        if joined:
            out.append(" ".join(part.strip() for part in joined))
            joined.clear()

    for line in prose.split("\n"):
        if not line.strip():
            flush()
            in_block = False
            out.append(line)
            continue
        in_block = in_block or bool(_HTML_TAG.match(line.lstrip()))
        words = _HTML_TAG.sub("", line).strip()
        if not in_block or _MARKDOWN_LINE.match(line) or (not words and _BLOCK_TAG.search(line)):
            flush()
            out.append(line)
            continue
        if _BLOCK_TAG.match(line.lstrip()):  # «<p>…», «<li>…»: a line of its own from here
            flush()
        joined.append(line)
        if words and _ENDS_IN_BLOCK_TAG.search(line):  # «…</p>», «…<br>»: and up to here
            flush()
    flush()
    return "\n".join(out)


def _on_one_line(formula: re.Match[str]) -> str:
    body = formula.group(1)
    return "$$ " + " ".join(body.split()) + " $$" if "\n" in body else formula.group(0)


def without_comments(text: str) -> str:
    """The text a reader sees: HTML comments (``<!-- … -->``) outside code fences are not shown by any
    Markdown renderer, and translated notes keep the original English in them."""
    return _outside_code(text, lambda prose: _COMMENT.sub("", prose))


def _outside_code(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` applied to what lies outside its code fences (a fence's lines kept as written)."""
    out, in_code = [], False
    for part in re.split(r"(^\s*(?:```|~~~).*$)", text, flags=re.MULTILINE):
        if _FENCE.match(part):
            in_code = not in_code
            out.append(part)
        else:
            out.append(part if in_code else change(part))
    return "".join(out)


# HTML that Markdown notes carry for layout («<div dir="ltr">», «<center><img …><br>», «<span dir="ltr">`x`</span>»)
# and the components of MDX pages («<Youtube id="…"/>», «<CourseFloatingBanner … />»): markup, not words.  Only
# HTML's own tag names and CamelCase components are taken, so an NLP text's tokens («<s>»، «</s>»، «<EOS>»،
# «<unk>») stay, and «a<b» inside a formula.
_HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|big|blockquote|br|center|code|dd|del|details|div|dl|dt|em|figcaption|figure|font|h[1-6]|hr|i|"
    r"iframe|img|ins|kbd|li|link|mark|meta|ol|p|pre|small|source|span|strong|sub|summary|sup|table|tbody|td|th|"
    r"thead|tr|"
    r"u|ul|video)(?:\s[^<>]*)?/?>"
    r"|</?[A-Z][A-Z0-9]*[a-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>",
)
_FOOTNOTE_MARK = re.compile(r"\[\^[\w-]+\](?!:)")  # «محقق[^5]»: the reference, not its note «[^5]: …»
_KEPT = re.compile(r"(`[^`\n]*`|\$[^$\n]+\$)")  # inline code and formulas keep their «<» and «>»
# A blockquote's «>» marks (a note, an exercise, a book's credits «> **مترجم:** …»): layout, not words; quoted
# they showed as «> تمرین۲: …».  A lone «>» line is the blank line between its paragraphs.  «>>>», a Python
# prompt, is not one.
_QUOTE_MARK = re.compile(r"^[ \t]{0,3}(?:>(?!>>)[ \t]?)+", re.MULTILINE)


def without_markup(text: str) -> str:
    """Prose without HTML tags, footnote marks and blockquote marks, outside code fences, inline code and formulas
    (``<b>`` in a code sample is code); a line that held only tags is dropped, so it splits no paragraph."""
    return _outside_code(text, _unmarked)


_GONE = "\x00"  # where a tag stood, until the lines it leaves empty are dropped


def _unmarked(prose: str) -> str:
    # tags before blockquote marks: a tag's attributes may run over several lines and its «>» close alone on one
    pieces = _KEPT.split(prose)
    text = "".join(p if i % 2 else _FOOTNOTE_MARK.sub("", _HTML_TAG.sub(_GONE, p)) for i, p in enumerate(pieces))
    text = _QUOTE_MARK.sub("", text)
    if _GONE not in text:
        return text
    lines = text.split("\n")
    return "\n".join(line for line in lines if _GONE not in line or line.replace(_GONE, "").strip()).replace(_GONE, "")


def read(data: bytes) -> list[Part]:
    content = decode(data)
    from knowledge.formats import subtitles

    if subtitles.looks_like(content):  # a lecture's subtitles saved as text: its words, not its timings
        return subtitles.parts(content)
    meta_title, content = front_matter(content)
    content = _outside_code(without_comments(content), lambda prose: tables_as_rows(_site_markup_out(prose)))
    # markup goes after the text is split: a figure's caption between «<b>» lines is body text, not a heading
    title, found = sections(content)
    title = without_markup(title or meta_title).strip()
    if not found and not title:  # a line or two, all taken for headings: keep them as the text
        found = [Section((), content.strip())]
    return [Part(title, tuple(_unmarked_section(s) for s in found))]


def _unmarked_section(section: Section) -> Section:
    return replace(section, headings=tuple(without_markup(h).strip() for h in section.headings),
                   text=without_markup(section.text).strip())
