"""Sizes a student states in words around code or layer calls: «ورودی مدل ۲۲۴×۲۲۴×۳ هست», "for an input of
(1, 3, 32, 32)", «ورودی z صد تایی».  Both the prose reader and the code reader read them, from the same rules."""

from __future__ import annotations

import re

from cnn_demos.number_words import spoken_numbers

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# a tuple «(4, 32, 1000)», Keras' «(None, 28, 28, 1)», or «224x224x3»
SHAPE_SAID = re.compile(r"\(\s*(?:none|batch\w*|\d+)(?:\s*,\s*\d+){1,4}\s*,?\s*\)|(?<![\w.])\d+(?:x\d+){1,4}(?![\w.])")
# the words an input's shape follows: «ورودی مدل ۲۲۴×۲۲۴×۳», «ورودی با شکل (75, 75, 32)», "input shape (64, 64, 3)"
INPUT_BEFORE = (r"(?:ورودی\w*|inputs?|voroodi\w*|vorodi\w*)\W{0,3}(?:\S+\s+){0,2}?(?:با\s+)?"
                r"(?:shape|شکل|ابعاد|سایز|size)?\W{0,3}$")
_VECTOR = re.compile(r"(?:ورودی\w*|inputs?|voroodi\w*)\s*(?:\S+\s+){0,2}?(\d+)\s*(?:تایی|بعدی|-?d\b|dim\w*)")


def as_written(text: str) -> str:
    """Digits and sizes («۲۲۴×۲۲۴», «۲۲۴ در ۲۲۴») in one form, a tuple's order kept, Keras' ``None`` as 0."""
    text = spoken_numbers(text.translate(_DIGITS)).lower().replace("none", "0")
    return re.sub(r"(\d)\s*(?:[×*x]|در)\s*(?=\d)", r"\1x", text)


def shape_said(texts: tuple[str, ...], before: str) -> re.Match[str] | None:
    """The first shape written right after one of ``before``'s words, in the first text having one."""
    return next((m for text in texts for m in SHAPE_SAID.finditer(text)
                 if re.search(before, text[max(0, m.start() - 30): m.start()])), None)


def input_stated(question: str) -> tuple[int, ...] | None:
    """The input a question gives, without the batch: a shape after «ورودی»/"input", or a vector's length
    («ورودی z صد تایی»); None when it gives none."""
    written = as_written(question)
    shape = shape_said((written,), INPUT_BEFORE)
    if shape is not None:
        sizes = [int(v) for v in re.findall(r"\d+", shape.group(0))]
        sizes = sizes[1:] if len(sizes) == 4 or sizes[0] == 0 else sizes  # the batch first
    else:
        vector = _VECTOR.search(written)
        sizes = [int(vector.group(1))] if vector else []
    return tuple(sizes) if sizes and 0 not in sizes else None


__all__ = ["INPUT_BEFORE", "SHAPE_SAID", "as_written", "input_stated", "shape_said"]
