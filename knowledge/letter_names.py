"""An acronym as students spell it in Persian letters: «آی دی تری» is ID3, «اس وی ام» SVM, «سی فور پوینت فایو» C4.5.

Students say an acronym letter by letter and type what they say, a letter's English name a word; the material
writes the acronym in Latin.  Sound matching (:mod:`knowledge.loanwords`) cannot find it: «آی دی تری» sounds like
no word.  So every acronym the material uses is spelled here the ways it is said, and a question's run of words
that spells one is read as it.  The hand-written glossary knows a few («سی ان ان»); this knows the material's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import product

from knowledge.lexicon import fold
from knowledge.normalize import LATIN_DIGITS

# each letter's name as typed in Persian letters; the common alternatives after the first
_LETTERS = {
    "A": ("ای", "ا"), "B": ("بی",), "C": ("سی",), "D": ("دی",), "E": ("ای",), "F": ("اف",), "G": ("جی",),
    "H": ("اچ", "ایچ"), "I": ("آی",), "J": ("جی",), "K": ("کی",), "L": ("ال",), "M": ("ام",), "N": ("ان",),
    "O": ("او",), "P": ("پی",), "Q": ("کیو",), "R": ("آر",), "S": ("اس",), "T": ("تی",), "U": ("یو",),
    "V": ("وی",), "W": ("دبلیو", "دابلیو"), "X": ("ایکس",), "Y": ("وای",), "Z": ("زد", "زی"),
}
_DIGITS = {
    "0": ("زیرو",), "1": ("وان",), "2": ("تو",), "3": ("تری", "ثری"), "4": ("فور",), "5": ("فایو",),
    "6": ("سیکس",), "7": ("سون",), "8": ("ایت",), "9": ("ناین",), ".": ("پوینت", "دات"),
}
# ID3, C4.5, SVM, VGG16: capitals (two or more, or one before a number), perhaps a number after
ACRONYM = re.compile(r"(?<![\w.])(?:[A-Z]{2,6}[0-9]*|[A-Z]{1,5}[0-9]+(?:\.[0-9]+)?)(?![\w])")
# a question's words and numbers, as runs to match against spellings («آیدی ۳», «سی۴.۵»)
_PIECE = re.compile(r"[\u0621-\u06d3\u200c]+|[0-9۰-۹٠-٩]+(?:\.[0-9۰-۹٠-٩]+)?")
MAX_WORDS = 8  # «سی فور پوینت فایو»: the longest spelling looked for, in words


def key(text: str) -> str:
    """One form of a spelling for lookup: no spaces or half-spaces, «آ» as «ا», Latin digits."""
    return fold("".join(text.split())).replace("\u200c", "").replace("آ", "ا").translate(LATIN_DIGITS)


def spellings(acronym: str) -> set[str]:
    """The keys of the ways ``acronym`` is spelled: each letter by its name; its number said a digit at a time
    («تری»), or written as it is («آی دی 3»)."""
    letters = [_LETTERS[c] for c in acronym if c.isalpha()]
    number = acronym[len(letters):]
    spoken = [_DIGITS[c] for c in number if c in _DIGITS]
    found = {key("".join(names)) for names in product(*letters, *spoken)}
    if number:
        found |= {key("".join(names) + number) for names in product(*letters)}
    return found


def spelled(acronyms: Iterable[str]) -> dict[str, str]:
    """Each spelling of ``acronyms`` → the acronym (as the index reads it, lower case)."""
    found: dict[str, str] = {}
    for acronym in sorted(acronyms):
        for spelling in spellings(acronym):
            found.setdefault(spelling, acronym.lower())
    return found


def found_in(text: str, spelled: dict[str, str]) -> list[tuple[str, list[str]]]:
    """The acronyms a question spells, each with the words that spell it (two or more: one word alone is a
    Persian word far more often than a spelling, «سی» is thirty)."""
    pieces = _PIECE.findall(text)
    found: list[tuple[str, list[str]]] = []
    start = 0
    while start < len(pieces):
        for end in range(min(len(pieces), start + MAX_WORDS), start + 1, -1):
            acronym = spelled.get(key("".join(pieces[start:end])))
            if acronym:
                found.append((acronym, pieces[start:end]))
                start = end
                break
        else:
            start += 1
    return found
