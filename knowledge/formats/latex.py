"""LaTeX sources (lecture notes, handouts and theses written in XePersian): read as the Markdown they make.

Persian course notes are often kept as ``.tex`` files, and a course uploads them as they are.  Read as
plain text they are commands more than prose: ``\\subsection{…}``, a word's English name in
``\\LTRfootnote{Concept Drift}`` on lines of its own, ``\\cite``, ``%`` comments, ``\\begin{itemize}``.  The
source is parsed with pylatexenc's LatexWalker (the parser, not its text conversion, which keeps the
source's line breaks and writes sections as «§»), and each node becomes what a reader sees:

- ``\\chapter``…``\\paragraph`` Markdown headings, so they build the heading path and the citation names them;
- a footnote giving a word's English name stays beside the word («رانش مفهوم (Concept Drift)»), as the
  Word reader does; a longer footnote follows its paragraph;
- ``itemize``/``enumerate`` items list items; ``tabular`` rows «a | b» lines; ``verbatim``/``lstlisting``
  fenced code; equations ``$$…$$`` and inline math ``$…$`` as written (TeX is what the course writes);
- ``\\textbf``, ``\\lr``, ``\\emph`` and the like their text; citations, labels, references, pictures,
  spacing and the preamble dropped; a command the parser does not know keeps the text of its braces.

A single line break is a space in LaTeX and a blank line ends a paragraph; the Markdown made keeps that.
"""

from __future__ import annotations

import re
from functools import cache

from knowledge.footnotes import is_term
from knowledge.formats import Format, Part, UnreadableFile
from knowledge.formats import text as markdown
from knowledge.messages import LATEX

FORMAT = Format(
    {".tex": "tex"}, order=47, library="pylatexenc",
    note="LaTeX source",
    chat_name=LATEX,
    summary=("read as the Markdown it makes: `\\section`-style commands build the heading path, a footnote giving "
             "a word's English name is put beside it («رانش مفهوم (Concept Drift)»), lists, tables (a row a line), "
             "code and formulas kept (TeX as written); citations, labels, pictures, comments and the preamble "
             "dropped, an unknown command keeping the text in its braces."),
)

_HEADING_LEVEL = {"part": 1, "chapter": 1, "section": 2, "subsection": 3, "subsubsection": 4, "paragraph": 5,
                  "subparagraph": 6, "title": 1, "frametitle": 3}
_FOOTNOTE = {"footnote", "LTRfootnote", "RTLfootnote", "footnotetext"}
# Commands whose arguments are not the reader's text
_DROPPED = {"cite", "citep", "citet", "ref", "eqref", "pageref", "autoref", "label", "index", "includegraphics",
            "input", "include", "bibliography", "bibliographystyle", "usepackage", "documentclass", "newcommand",
            "renewcommand", "providecommand", "def", "let", "setlength", "addtolength", "vspace", "hspace",
            "settextfont", "setlatintextfont", "setdigitfont", "defpersianfont", "deflatinfont", "author", "date",
            "maketitle", "tableofcontents", "listoffigures", "listoftables", "newpage", "clearpage", "pagebreak",
            "noindent", "centering", "small", "footnotesize", "large", "Large", "LARGE", "huge", "normalsize",
            "url", "hypersetup", "graphicspath", "pagestyle", "thispagestyle", "setcounter", "addcontentsline",
            "newtheorem", "newenvironment", "bibitem", "nocite", "linespread", "baselineskip"}
_LIST = {"itemize", "enumerate", "description", "compactitem", "compactenum"}
_DISPLAY_MATH = {"equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*",
                 "eqnarray", "eqnarray*", "displaymath", "math", "alignat", "alignat*", "flalign", "flalign*"}
_CODE = {"verbatim", "verbatim*", "lstlisting", "minted", "Verbatim", "code"}
_SKIPPED = {"comment", "thebibliography", "tikzpicture", "filecontents"}
_BREAK = "\n\n"
_BEGIN_DOCUMENT = "\\begin{document}"
_LABEL = re.compile(r"\\(?:label|nonumber|notag)(?:\{[^{}]*\})?")


@cache
def _context():
    """pylatexenc's commands, plus the XePersian ones a Persian note uses, with their arguments."""
    from pylatexenc.latexwalker import get_default_latex_context_db
    from pylatexenc.macrospec import EnvironmentSpec, MacroSpec

    db = get_default_latex_context_db()
    own = [MacroSpec(name, "{") for name in ("LTRfootnote", "RTLfootnote", "lr", "rl", "LR", "RL", "latin",
                                             "persian", "farsi", "textenglish", "textpersian", "frametitle")]
    own += [MacroSpec(name, "[{") for name in ("settextfont", "setlatintextfont", "setdigitfont")]
    own += [MacroSpec("defpersianfont", "{[{"), MacroSpec("deflatinfont", "{[{"), MacroSpec("lstinputlisting", "[{"),
            MacroSpec("minted", "[{"), MacroSpec("caption", "[{")]
    frames = [EnvironmentSpec("frame", "[{")]  # a beamer slide and its title
    db.add_context_category("xepersian", macros=own, environments=frames, prepend=True)
    return db


class _Writer:
    """Markdown from LaTeX nodes: paragraphs, headings, lists; long footnotes wait for their paragraph's end."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.notes: list[str] = []

    def text(self, chars: str) -> None:
        # one line break is a space; a blank line ends a paragraph
        for n, piece in enumerate(re.split(r"\n[ \t]*\n\s*", chars)):
            if n:
                self.paragraph()
            self.out.append(re.sub(r"\s+", " ", piece))

    def paragraph(self) -> None:
        if self.notes:
            self.out.append(_BREAK + " ".join(self.notes))
            self.notes = []
        self.out.append(_BREAK)

    def block(self, text: str) -> None:
        self.paragraph()
        self.out.append(text)
        self.paragraph()

    def markdown(self) -> str:
        self.paragraph()
        lines, fenced = [], False
        for line in "".join(self.out).split("\n"):
            if line.startswith("```"):
                fenced = not fenced
            lines.append(line.rstrip() if fenced else " ".join(line.split()))  # code keeps its indentation
        return re.sub(r"\n{3,}", _BREAK, "\n".join(lines)).strip() + "\n"


def _plain(nodes) -> str:
    """The text of ``nodes`` on one line."""
    writer = _Writer()
    _walk(nodes, writer, lists=[])
    return " ".join(writer.markdown().split())


def _args(node) -> list:
    argd = getattr(node, "nodeargd", None)
    return [a for a in (argd.argnlist if argd else []) if a is not None]


def _body(arg) -> list:
    return arg.nodelist if hasattr(arg, "nodelist") else [arg]


def _walk(nodes, writer: _Writer, lists: list[list[int]]) -> None:
    from pylatexenc import latexwalker as lw

    for node in nodes or ():
        if node is None or isinstance(node, lw.LatexCommentNode):
            continue
        if isinstance(node, lw.LatexCharsNode):
            writer.text(node.chars)
        elif isinstance(node, lw.LatexGroupNode):
            _walk(node.nodelist, writer, lists)
        elif isinstance(node, lw.LatexMathNode):
            verbatim = node.latex_verbatim()
            if node.displaytype == "display":
                _formula(writer, verbatim.strip("$").removeprefix("\\[").removesuffix("\\]"))
            else:
                writer.out.append(" ".join(verbatim.split()))
        elif isinstance(node, lw.LatexSpecialsNode):
            writer.out.append({"~": " ", "``": "«", "''": "»", "--": "–", "---": "—"}.get(node.specials_chars,
                                                                                       node.specials_chars))
        elif isinstance(node, lw.LatexMacroNode):
            _macro(node, writer, lists)
        elif isinstance(node, lw.LatexEnvironmentNode):
            _environment(node, writer, lists)


def _macro(node, writer: _Writer, lists: list[list[int]]) -> None:
    name = node.macroname
    args = _args(node)
    if name in _DROPPED:
        return
    if name in _HEADING_LEVEL:
        title = _plain(_body(args[-1])) if args else ""
        if title:
            writer.block("#" * _HEADING_LEVEL[name] + " " + title)
    elif name in _FOOTNOTE:
        note = _plain(_body(args[-1])) if args else ""
        if note and is_term(note):  # a term's English name, as the Word and PDF readers decide it
            writer.out.append(f" ({note})")
        elif note:
            writer.notes.append(note)
    elif name == "item":
        writer.out.append("\n")
        if lists and lists[-1]:
            lists[-1][0] += 1
            writer.out.append(f"{lists[-1][0]}. ")
        else:
            writer.out.append("- ")
        if args:  # \item[label]
            writer.out.append(_plain(_body(args[0])) + ": ")
    elif name in ("\\", "newline", "linebreak"):
        writer.out.append("\n")
    elif name == "par":
        writer.paragraph()
    elif name == "caption":
        writer.block(_plain(_body(args[-1])) if args else "")
    elif len(name) == 1 and not name.isalpha():  # \%, \&, \_, \$, \#, \{, \}, \, (thin space)
        writer.out.append(name if name in "%&_$#{}" else " ")
    else:  # \textbf{…}, \lr{…}, \emph{…} and commands the parser does not know: the text of their braces
        for arg in args:
            _walk(_body(arg), writer, lists)


def _environment(node, writer: _Writer, lists: list[list[int]]) -> None:
    name = node.environmentname
    if name in _SKIPPED:
        return
    if name in _DISPLAY_MATH:
        _formula(writer, _inside(node))
    elif name in _CODE:  # its options («[language=Python]», minted's «{python}») are not code
        inner = re.sub(r"^\s*(?:\[[^\]\n]*\])?\s*(?:\{\w+\})?\n?", "", _inside(node)).strip("\n")
        writer.block("```\n" + inner + "\n```")
    elif name in _LIST:
        writer.paragraph()
        lists.append([0] if name == "enumerate" else [])
        _walk(node.nodelist, writer, lists)
        lists.pop()
        writer.paragraph()
    elif name in ("tabular", "tabular*", "tabularx", "longtable", "array"):
        writer.block("\n".join(_rows(node)))
    elif name == "frame":  # a slide: its title a heading, as the slide readers do
        title = _plain(_body(_args(node)[-1])) if _args(node) else ""
        if title:
            writer.block("### " + title)
        _walk(node.nodelist, writer, lists)
        writer.paragraph()
    else:  # document, figure, table, theorem, definition, abstract, center, a course's own environments
        _walk(node.nodelist, writer, lists)


def _inside(node) -> str:
    """An environment's source between ``\\begin{…}`` and ``\\end{…}``, as written (code and formulas are not
    parsed: a ``%`` in code is no comment)."""
    source = node.latex_verbatim()
    return source[source.find("}") + 1: source.rfind("\\end")]


def _formula(writer: _Writer, tex: str) -> None:
    """A displayed formula on a line of its own, as written but for its labels."""
    writer.block("$$ " + " ".join(_LABEL.sub("", tex).split()) + " $$")


def _rows(node) -> list[str]:
    """A table's rows as «a | b» lines: cells end at ``&``, rows at ``\\\\``; rules and the column spec dropped."""
    from pylatexenc import latexwalker as lw

    rows: list[list[list]] = [[[]]]
    for child in node.nodelist:
        if isinstance(child, lw.LatexSpecialsNode) and child.specials_chars == "&":
            rows[-1].append([])
        elif isinstance(child, lw.LatexMacroNode) and child.macroname in ("\\", "tabularnewline"):
            rows.append([[]])
        else:
            rows[-1][-1].append(child)
    lines = (" | ".join(_plain(cell) for cell in row) for row in rows)
    return [line for line in lines if line.strip(" |")]


def _parse(source: str) -> list:
    from pylatexenc.latexwalker import LatexWalker

    return LatexWalker(source, latex_context=_context(), tolerant_parsing=True).get_latex_nodes()[0]


def as_markdown(data: bytes) -> str:
    """The LaTeX source's text as Markdown; a file with a preamble is read from ``\\begin{document}`` on."""
    source = markdown.decode(data)
    begin = source.find(_BEGIN_DOCUMENT)
    if begin >= 0:
        titled = re.search(r"\\title\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}", source[:begin])
        end = source.find("\\end{document}", begin)
        source = (f"\\title{{{titled.group(1)}}}\n" if titled else "") + source[begin + len(_BEGIN_DOCUMENT): end if end > 0 else None]
    try:
        nodes = _parse(source)
    except Exception as exc:  # pylatexenc raises its own errors even when tolerant
        raise UnreadableFile("bad_latex", detail=type(exc).__name__) from None
    writer = _Writer()
    _walk(nodes, writer, lists=[])
    return writer.markdown()


def read(data: bytes) -> list[Part]:
    text = as_markdown(data)
    if not text.strip():  # commands and comments only: not an empty file, but nothing a reader sees
        raise UnreadableFile("no_text")
    return markdown.read(text.encode("utf-8"))
