"""A PDF page's text layer made into lines a reader can use: what a slide deck or handout exported to PDF loses.

pypdf returns what the page draws, and a page draws more than its text and less than its structure:

- running lines (a lecturer's name and course on every slide, the page number) repeat on most pages, so every
  passage would carry them;
- bullets are glyphs of a picture font («■», Wingdings arrows in Unicode's private-use area U+F000–U+F0FF),
  not list marks, so a slide's points run together as one list-less block;
- a right-to-left item number comes out after its dot («.1استفاده از …» for «1. استفاده از …»);
- the spaces between runs of different scripts are often not in the file at all, only in the layout
  («مخصوصSegmentation», «حداقل8 GB»), so the words are glued in every quote; Persian words glue to each other
  too («آموزششبکه»), and are then found by neither word.

:func:`clean_pages` puts back what it can, for every page of a file at once (running lines are found across
pages).  :func:`is_slide_deck` tells a deck (landscape pages, a few short lines each) from a handout, whose
pages are read as running text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

from knowledge.footnotes import placed, split_notes

# glyphs a deck uses as bullets: geometric shapes, arrows and Wingdings' private-use code points
_BULLET_CHARS = "■□▪▫●○◦•◆◇❖➢➤►▶▸✓✔➔→⇒" + "".join(chr(c) for c in range(0xF000, 0xF100))
_BULLET = re.compile(f"^\\s*[{re.escape(_BULLET_CHARS)}]\\s*")
_SUB_BULLET = re.compile(r"^\s*(?:[–—]|o\s)\s*")  # «–حذف …»: a point under the point above
_PRIVATE = re.compile("[\uf000-\uf0ff]")
_RTL_NUMBER = re.compile(r"^\s*\.([0-9۰-۹]{1,2})\s*")  # «.2 شروع با …» drawn right to left: «2. شروع با …»
_PAGE_NUMBER = re.compile(r"^\s*[0-9۰-۹]{1,4}\s*$")
_LETTER_PAGE = re.compile(r"^\s*[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]\s*$")
_PERSIAN = "\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff"
_GLUED = re.compile(f"(?<=[{_PERSIAN}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{_PERSIAN}])")
_DIGITS = re.compile(r"[0-9۰-۹]+")
_WORD = re.compile(f"[{_PERSIAN}]+")
# pieces a glued word may split into though short or rare: the prepositions and the plural ending a space or a
# half-space («های», «ها‌ی») should have kept apart from the word beside them
_FUNCTION_WORDS = frozenset("با در از به که برای های".split())
_SUFFIXES = frozenset("ها های سازی بندی".split())  # joined to the word before by a half-space, not a space
RUNNING_SHARE = 0.3  # a line on this share of the pages or more (and on three at least) is a running header
MAX_SLIDE_LINES = 25  # a deck's pages hold a few short lines; a handout's, long paragraphs


_SHAPES = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_LETTERS = re.compile(f"[{_PERSIAN}]")
SHAPED_SHARE = 0.5  # a real file of this kind is almost all shapes; a good one has none, or a stray ligature


def drawn_shapes(pages: Sequence[str]) -> bool:
    """Whether a file's Persian came out as the letters' drawn shapes (presentation forms U+FB50–U+FEFF) rather
    than letters: the mark of a font that maps glyphs to shapes, which also leaves the spaces out of the text."""
    text = "".join(pages)
    letters = len(_ARABIC_LETTERS.findall(text))
    return letters > 0 and len(_SHAPES.findall(text)) / letters >= SHAPED_SHARE


_HYPHENED = re.compile(r"(?<![\w-])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?![\w-])")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


# XePersian's XB fonts (XB Zar, XB Niloofar) draw the joined forms of «ی», «ک» and «گ» from glyphs no letter maps
# to, and PDFium names them by code points of combining and Greek marks: «مͬ شود», «شبͺه», «یͷ», «الͽوریتم».  Quoted
# so, the words are found by nothing (a Sharif homework's «شبکه» 72 times, «می» 188).  Read as letters only inside a
# Persian word: nowhere else do these marks stand between Persian letters.
_XB_LETTERS = {"\u036c": "ی", "\u0377": "ک", "\u037a": "ک", "\u037d": "گ"}
_XB_MARKS = "".join(_XB_LETTERS)
_XB_GLYPH = re.compile(f"(?<=[\u0600-\u06ff{_XB_MARKS}])[{_XB_MARKS}]|[{_XB_MARKS}](?=[\u0600-\u06ff])")
# … and draw some Latin letters from the Roman numerals' glyphs («teaⅽher forⅽing», «ReⅬU»): inside a Latin word a
# Roman numeral is a letter
_LATIN_OR_NUMERAL = re.compile(r"[A-Za-z\u2160-\u217f]*[\u2160-\u217f][A-Za-z\u2160-\u217f]*")


def glyph_letters(page: str) -> str:
    """A page with the letters its fonts drew from unmapped glyphs put back (:data:`_XB_LETTERS`)."""
    page = _XB_GLYPH.sub(lambda m: _XB_LETTERS[m.group()], page)
    return _LATIN_OR_NUMERAL.sub(lambda m: unicodedata.normalize("NFKC", m.group())
                                 if _LATIN_LETTER.search(m.group()) else m.group(), page)


def hyphened_in_order(page: str) -> str:
    """A page PDFium read from drawn shapes, its hyphened Latin terms put back in order: in a Persian line it reads
    them backwards, part by part («Net-U» for U-Net, «idf-tf», «Divergence-KL», «time-real»), as in every such line
    of the XePersian reports we have; a line mostly Latin (a reference) it reads right."""
    def in_order(line: str) -> str:
        if len(_ARABIC_LETTERS.findall(line)) <= len(_LATIN_LETTER.findall(line)):
            return line
        return _HYPHENED.sub(lambda m: "-".join(reversed(m.group().split("-"))) if _LATIN_LETTER.search(m.group())
                             else m.group(), line)

    return "\n".join(in_order(line) for line in page.split("\n"))


def _key(line: str) -> str:
    return " ".join(line.split())


def _masked(line: str) -> str:
    """A line as a footer repeats from page to page: its numbers (a page number, a date) may change."""
    return _DIGITS.sub("#", _key(line))


EDGE_LINES = 2  # a footer whose numbers change is looked for this many lines from either end of a page


def running_lines(pages: Sequence[str]) -> set[str]:
    """The lines that repeat on most pages (a header, a footer, a lecturer's name), as :func:`_key` reads them,
    and, as :func:`_masked` reads them, those at a page's edge that repeat but for their numbers («ص. 3 از 20»);
    lines in the middle that differ only in numbers are a table's rows or a list, not a footer."""
    least = max(3, RUNNING_SHARE * len(pages))
    exact: Counter[str] = Counter()
    masked: Counter[str] = Counter()
    for page in pages:
        lines = [ln for ln in page.splitlines() if ln.strip()]
        exact.update({_key(ln) for ln in lines})
        masked.update({_masked(ln) for ln in lines[:EDGE_LINES] + lines[-EDGE_LINES:]})
    return {key for key, n in exact.items() if n >= least} | {key for key, n in masked.items() if n >= least}


def _is_page_number(line: str, number: int, edge: bool) -> bool:
    """A bare number that opens or closes the page, or is close to the page's own (decks often number from the
    title slide, or skip it; a Beamer frame keeps its number over all its steps)."""
    if _LETTER_PAGE.match(line):
        return edge  # «ب», «ت»: a front matter's pages are numbered in letters
    if not _PAGE_NUMBER.match(line):
        return False
    return edge or abs(int(line) - number) <= 3  # int() reads Persian digits as they are


def _item(line: str, under_point: bool) -> tuple[str, bool]:
    """A line with its picture-font bullet as a Markdown item; returns it and whether it is a point."""
    if _BULLET.match(line):
        return "- " + _BULLET.sub("", line), True
    if under_point and _SUB_BULLET.match(line):
        return "  - " + _SUB_BULLET.sub("", line), True
    numbered = _RTL_NUMBER.match(line)
    if numbered:
        return f"{numbered.group(1)}. " + line[numbered.end():], True
    return line, False


_CITED = re.compile(r"\]\s?([0-9۰-۹]{1,3})\s?\[")  # «]9[»: a citation's brackets drawn right to left
_LEADERS = re.compile(r"(?:\.\s?){8,}|…{3,}")  # a table of contents' dots between a heading and its page


def clean_page(text: str, number: int, running: set[str], prose: bool = False) -> str:
    """One page's lines, running lines, the page number and a table of contents' lines dropped, bullets as items,
    scripts spaced apart.  A handout's page (``prose``) is read as paragraphs: the lines a paragraph wrapped
    over are one line again, a blank line stays between paragraphs, and its footnotes go where their markers are
    (:mod:`knowledge.footnotes`)."""
    out: list[str] = []
    under_point = False
    lines, notes = split_notes(text.splitlines()) if prose else (text.splitlines(), [])
    edges = [at for at, ln in enumerate(lines) if ln.strip()]
    if not edges:
        return ""
    for at, raw in enumerate(lines):
        if not raw.strip():
            if prose and out and out[-1]:
                out.append("")  # a paragraph ends
            continue
        edge = at in (edges[0], edges[-1])
        # a footer whose numbers change is found at a page's edge (:func:`running_lines`), and dropped only there:
        # a table's rows of one shape («Epoch 3: loss 0.2») in the middle of the page are text (a bare number is
        # not: a diagram's label, «32», dropped anywhere)
        margin = at in edges[:EDGE_LINES] + edges[-EDGE_LINES:] or not re.search(r"[^\W\d_]", raw)
        if _key(raw) in running or (margin and _masked(raw) in running) or _is_page_number(raw, number, edge) \
                or _LEADERS.search(raw):
            continue
        line, point = _item(raw.rstrip(), under_point)
        line = _GLUED.sub(" ", _PRIVATE.sub(" – ", line))
        line = re.sub(r"(?<=\S)[ \t]{2,}", " ", line).rstrip()
        under_point = under_point or point
        out.append(line)
    if not prose:
        return "\n".join(_unwrapped(out))
    out = [_CITED.sub(r"[\1]", line) for line in out]
    return placed("\n".join(_paragraphs(out)).strip("\n"), notes)


_ITEM_LINE = re.compile(r"^\s*(?:- |[0-9۰-۹]{1,2}\. )")
_ENDS = re.compile(r"[.:!?؟]\s*$")
WRAP_SHARE = 0.75  # a line this close to the page's longest ran into the margin and went on below


def _rejoined(lines: list[str], goes_on: Callable[[str, str], bool]) -> list[str]:
    """``lines`` with a line that ran into the margin (at least ``WRAP_SHARE`` of the page's widest, no sentence
    ended) joined to the next, when ``goes_on(line, next)`` and the next is no list item."""
    widest = max((len(ln) for ln in lines), default=0)
    out: list[str] = []
    for line in lines:
        before = out[-1] if out else ""
        if before and line and len(before) >= 30 and len(before) >= WRAP_SHARE * widest \
                and not _ITEM_LINE.match(line) and not _ENDS.search(before) and goes_on(before, line):
            out[-1] = f"{before} {line.strip()}"
        else:
            out.append(line)
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    """A handout's lines with a paragraph's wrapped lines joined (a blank line ends a paragraph)."""
    return _rejoined(lines, lambda before, line: True)


def _unwrapped(lines: list[str]) -> list[str]:
    """A slide's point whose words went on to the next line (it reached the text box's edge), put back on its
    line: «- تغییر داده ها برای داشتن» over «میانگین 0 و واریانس 1» is one point."""
    return _rejoined(lines, lambda before, line: bool(_ITEM_LINE.match(before) and re.match(r"\s*[^\W\d_]", line)))


def clean_pages(pages: Sequence[str], prose: bool = False) -> list[str]:
    """Every page cleaned (:func:`clean_page`; a handout's as ``prose``), running lines found across them all,
    glued words split; a page that the next page repeats whole is left empty (:func:`_built_on`)."""
    pages = [glyph_letters(page) for page in pages]
    running = running_lines(pages) if len(pages) >= 3 else set()
    cleaned = [clean_page(page, number, running, prose) for number, page in enumerate(pages, 1)]
    cleaned = ["" if _built_on(page, after) else page for page, after in zip(cleaned, [*cleaned[1:], ""])]
    counts = Counter(_WORD.findall("\n".join(cleaned)))
    return [_WORD.sub(lambda m: _unglued(m.group(), counts), page) for page in cleaned]


def _built_on(page: str, after: str) -> bool:
    """Whether ``after`` holds every line of ``page``: one step of a slide's build (a Beamer ``\\pause``, an
    animation exported a state a page), which the next step shows again with one more point.  Kept, the steps
    fill the results with the same slide ten times over."""
    lines = {ln.strip() for ln in page.splitlines() if ln.strip()}
    return bool(lines) and lines <= {ln.strip() for ln in after.splitlines()}


def _unglued(word: str, counts: Counter[str]) -> str:
    """A word that is two words the same file uses apart more often than together («آموزششبکه» where «آموزش»
    and «شبکه» stand alone elsewhere), split; anything else as it is.  Only the file's own words vouch for the
    pieces: a dictionary would split compounds it lacks («مادربرد» into «مادر برد»)."""
    if len(word) < 5:
        return word

    def known(piece: str) -> bool:
        return piece in _FUNCTION_WORDS or (len(piece) >= 3 and counts[piece] > max(1, counts[word]))

    splits = [(min(counts[word[:i]], counts[word[i:]]), i) for i in range(2, len(word) - 1)
              if known(word[:i]) and known(word[i:])]
    if not splits:
        return word
    _, at = max(splits)
    return word[:at] + ("\u200c" if word[at:] in _SUFFIXES else " ") + word[at:]


MAX_TITLE_WORDS = 10


def is_title(line: str) -> bool:
    """A slide's first line as its title: short, not a point of the list, not a sentence or a formula."""
    words = line.split()
    return 0 < len(words) <= MAX_TITLE_WORDS and not line.lstrip().startswith(("- ", "  - ")) \
        and not re.search(r"[.!?؟:=]\s*$", line) and re.search(r"[^\W\d_]{2}", line) is not None


MAX_TITLE_SLIDE_LINES = 6


def is_title_slide(page: str) -> bool:
    """A deck's opening slide as title slides are: a few short lines (course, lecture, lecturer, date), no points."""
    lines = [ln for ln in page.splitlines() if ln.strip()]
    return 0 < len(lines) <= MAX_TITLE_SLIDE_LINES and not any(ln.lstrip().startswith("- ") for ln in lines) \
        and all(len(ln.split()) <= MAX_TITLE_WORDS for ln in lines)


def is_slide_deck(sizes: Sequence[tuple[float, float]], pages: Sequence[str]) -> bool:
    """Landscape pages with few lines each: slides exported to PDF, a slide a page, its first line its title."""
    if not sizes or not pages:
        return False
    landscape = sum(w > h for w, h in sizes) / len(sizes)
    lines = sorted(len([ln for ln in p.splitlines() if ln.strip()]) for p in pages)
    return landscape >= 0.8 and lines[len(lines) // 2] <= MAX_SLIDE_LINES


MAX_COVER_LINES = 14


def is_cover(page: str) -> bool:
    """A handout's cover as covers are: a few short lines (university, course, title, author, date), no sentence
    and no list."""
    lines = [ln for ln in page.splitlines() if ln.strip()]
    return 0 < len(lines) <= MAX_COVER_LINES and all(len(ln.split()) <= 2 * MAX_TITLE_WORDS for ln in lines) \
        and not any(re.search(r"[.!?؟]\s*$", ln) or _ITEM_LINE.match(ln) for ln in lines)
