"""Pasted text → Python's ``ast``: notebook prompts and magics stripped, typographic quotes straightened,
and a statement with a syntax error skipped when it cannot touch the model.
"""

from __future__ import annotations

import ast
import re
import textwrap

from cnn_demos import messages as msg
from cnn_demos.spec import SpecError

# Word processors and blogs turn quotes and dashes typographic; Python only reads the plain ones.
_TYPOGRAPHIC = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                              "\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
MAX_SKIPPED = 20         # statements with syntax errors skipped before the paste is refused as not Python
# A statement that names these may build or change the model: a syntax error there is refused, never skipped.
_MODEL_WORDS = re.compile(r"\b(class|def|Sequential|Model|Module|add|nn|layers|Input|Parameter)\b"
                          r"|\b[A-Z]\w*(?:[0-9]D|Norm\w*|Pool\w*)\s*\(|\b(?:Dense|Linear|LSTM|GRU|Embedding)\s*\(")


def prepare(text: str) -> str:
    """Code as pasted from notebooks: strip prompts and IPython magics, dedent."""
    lines = []
    for line in text.replace("\t", "    ").splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            line = ""  # notebook magics; the line stays so that line numbers match what was pasted
        if stripped.startswith((">>> ", "... ")):
            line = stripped[4:]
        if re.match(r"print\s+[^\s(=]", stripped):  # Python 2's print statement in old Keras examples
            line = line[: len(line) - len(stripped)] + "pass"
        lines.append(line.rstrip())
    return textwrap.dedent("\n".join(lines))


def parse(source: str) -> tuple[ast.Module, list[int]]:
    """Parse statement by statement: a syntax error outside the model's code is skipped, not fatal.

    Notebook pastes carry plot cells typed with curly quotes and ``fit`` logs; those cannot change the
    model, so the statement is blanked (line numbers kept) and named in the report.  A broken statement
    that may build the model is refused as before: skipping it could make a count silently wrong.
    """
    lines, skipped = source.split("\n"), []
    for _ in range(MAX_SKIPPED + 1):
        try:
            return ast.parse("\n".join(lines)), skipped
        except SyntaxError as exc:
            index = min(max((exc.lineno or 1) - 1, 0), max(len(lines) - 1, 0))
            if lines and lines[index].translate(_TYPOGRAPHIC) != lines[index]:
                lines[index] = lines[index].translate(_TYPOGRAPHIC)
                continue
            if lines and _persian_prose(lines[index]):  # a question typed right above the code, no blank line
                lines[index] = ""
                skipped.append(index + 1)
                continue
            start, end = _statement_span(lines, index) if lines else (0, 0)
            chunk = "\n".join(lines[start:end])
            if not chunk.strip() or _MODEL_WORDS.search(chunk):
                bad = (lines[index].strip() if lines else "")[:60]
                raise SpecError(f"{msg.line(index + 1)}: {msg.CODE_SYNTAX.format(token=bad)}", token=bad) from None
            lines[start:end] = [""] * (end - start)
            skipped.extend(range(start + 1, end + 1))
    raise SpecError(msg.CODE_SYNTAX.format(token=""))


def _statement_span(lines: list[str], index: int) -> tuple[int, int]:
    """Lines [start, end) of the top-level statement (or notebook cell piece) holding line ``index``."""
    def top(i: int) -> bool:
        line = lines[i]
        return bool(line.strip()) and not line[0].isspace() and line.lstrip()[0] not in ")]}"

    start = index
    while start > 0 and not top(start):
        start -= 1
    end = index + 1
    while end < len(lines) and not top(end):
        end += 1
    return start, end


# model names students write in Persian letters, as code names them
_NAMES_IN_PERSIAN = {"ژنراتور": "generator", "جنریتور": "generator", "مولد": "generator",
                     "دیسکریمیناتور": "discriminator", "دیسکریمینیتور": "discriminator", "تمایزگر": "discriminator",
                     "انکودر": "encoder", "رمزگذار": "encoder", "دیکودر": "decoder", "رمزگشا": "decoder"}


def asked_words(source: str) -> tuple[str, ...]:
    """The words of the question typed with the code (its Persian lines), Latin and lower case, in the order said:
    which of several models it asks about («ژنراتورِ این cGAN چند تا پارامتر داره؟» is the generator, not the
    discriminator bound after it; «model_2 چند پارامتر داره؟ conv_layer … جزوش حساب میشن؟» is model_2)."""
    words: list[str] = []
    for line in source.split("\n"):
        if _persian_prose(line):
            plain = re.sub(r"[\u064b-\u065f\u0670]", "", line)
            words += [w.lower() for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]+", plain)]
            words += [latin for persian, latin in _NAMES_IN_PERSIAN.items() if persian in plain]
    return tuple(dict.fromkeys(words))


def asked_subject(source: str) -> str:
    """The code name the question counts: the last Latin name before its first count word («model_4 خیلی پارامتر
    داشت، بعد model_5 رو … ساختم. model_5 چند تا پارامتر داره؟» is model_5; «آخرین model (با …) چند تا» is
    model); "" when the question has none."""
    for line in source.split("\n"):
        if not _persian_prose(line):
            continue
        count = re.search(r"چند|چقدر|چن\s*تا|how\s+many|params?\s+of", line)
        if count is None:
            continue
        names = re.findall(r"[A-Za-z_][A-Za-z0-9_]+", line[:count.start()])
        return names[-1].lower() if names else ""
    return ""


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def question_text(source: str) -> str:
    """The question typed with the code: its lines of Persian prose, joined."""
    return " ".join(line for line in source.split("\n") if _persian_prose(line))


def calls_asked(source: str, names: set[str]) -> list[str]:
    """Calls the question writes of the paste's own classes and functions («برای `vgg16_bn()`», «PoetryModel(8293)
    چند پارامتر داره؟», "build_unet((256, 256, 3))"): the model it asks about, built as it says."""
    found = []
    for line in source.split("\n"):  # (a line naming the call has more Latin letters than prose usually has)
        if not (line == line.lstrip() and re.search(r"[\u0600-\u06ff]{2}", line) and not re.search(r"['\"#]", line)):
            continue
        for match in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", line.translate(_DIGITS)):
            if match.group(1) not in names:
                continue
            depth, end = 0, None
            text = line.translate(_DIGITS)
            for i in range(match.end() - 1, len(text)):
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                if depth == 0:
                    end = i + 1
                    break
            if end is not None:
                found.append(text[match.start(): end])
    return found


def stated_values(source: str) -> dict[str, int]:
    """Sizes the question gives for names of the code («vocab_len برای PennTreeBank میشه 10001», «vocab … 83 تا
    کاراکتر شد»): a Latin name followed, within a few words, by a whole number.  The code takes them from data it
    never shows; the student's number stands in for it."""
    stated: dict[str, int] = {}
    for line in source.split("\n"):
        if not _persian_prose(line):
            continue
        plain = line.translate(_DIGITS)
        for found in re.finditer(r"\b([A-Za-z_][A-Za-z0-9_]*)\b(?:\s*=\s*|[^\d.,،؛:?؟()=\n]{0,40}?)(?<![\w])(\d+)(?!\.?\d|[x×])",
                                 plain):
            stated.setdefault(found.group(1).lower(), int(found.group(2)))
        classes = re.search(r"(\d+)\s*(?:تا\s*)?(?:کلاس|class(?:es)?\b)", plain)
        if classes:  # «(۱۰ کلاس، عکس ۲۸ در ۲۸)»: what len(class_names) and num_classes stand for
            for name in _CLASS_NAMES:
                stated.setdefault(name, int(classes.group(1)))
    return stated


_CLASS_NAMES = ("class_names", "classes", "num_classes", "n_classes", "nb_classes", "class_count")


def _persian_prose(line: str) -> bool:
    """A line of Persian words, not code: most of its letters are Persian («سلام، این لایه Linear رو … چند تا
    پارامتر داره؟»), and it is not indented into a block (a Persian string in code is inside quotes)."""
    letters = re.findall(r"[^\W\d_]", line)
    persian = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff")
    return line == line.lstrip() and bool(letters) and persian / len(letters) >= 0.5 and not re.search(r"['\"#]", line)


def skipped_note(skipped: list[int]) -> str:
    """The report's note naming the lines skipped for syntax errors, in runs (۳–۵، ۹)."""
    runs, first, skipped = [], None, sorted(set(skipped))
    for n, line in enumerate(skipped):
        first = line if first is None else first
        if n + 1 == len(skipped) or skipped[n + 1] != line + 1:
            runs.append(msg.fa(first) if first == line else f"{msg.fa(first)}–{msg.fa(line)}")
            first = None
    return msg.CODE_SKIPPED.format(lines="، ".join(runs))
