"""Text decoded with the wrong code page ("mojibake"): read again the right way, or named for what it is.

Three mix-ups are common in Persian material: UTF-8 read as Windows-1252 or
Latin-1 («Ø³Ù„Ø§Ù…»), which ftfy undoes; UTF-8 read as Windows-1256 («ط³ظ„ط§ظ…»),
and Windows-1256 read as Windows-1252 («ÓáÇã») or Mac Cyrillic («я«джбж‘дн»),
which ftfy does not know, so they are read back here and kept only when the
lexicon finds Persian words in the result.  The Persian mix-ups are easy to
see: every Persian letter of the first becomes ط/ظ/ع/غ and a sign, the others
are all accented Latin or Cyrillic letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.lexicon import known_share, persian_words

# Real Persian: ط/ظ/ع/غ are 1-3% of the Arabic letters, accented Latin letters a few % of Western text.
# Mojibake: about half of the Arabic letters, nearly all of the Latin ones.
MAX_TAH_ZAH_SHARE, MAX_ACCENTED_SHARE = 0.25, 0.3
MIN_WORDS, MIN_KNOWN_SHARE = 5, 0.6  # a re-reading must give Persian that reads as Persian


@dataclass(frozen=True)
class Reading:
    name: str
    apply: Callable[[str], str]


def _utf8_as_western(text: str) -> str:
    import ftfy

    return ftfy.fix_encoding(text)


def _utf8_as_arabic(text: str) -> str:
    try:
        return text.encode("cp1256").decode("utf-8")
    except UnicodeError:  # not all of it was UTF-8 read as Windows-1256: leave it
        return text


def _rereading(mistaken_for: str) -> Callable[[str], str]:
    def reread(text: str) -> str:
        try:
            return text.encode(mistaken_for).decode("cp1256")
        except UnicodeError:  # this string was not read that way (a title in real Persian): leave it
            return text

    return reread


# What Windows-1256 bytes get read as: Windows-1252/Latin-1 when a page says so, Mac Cyrillic when it
# says nothing or something they are not (BeautifulSoup's detector's guess for a Persian page), and the
# other one-byte code pages a detector may take them for.  ftfy's "sloppy" Windows-1252 keeps the five
# bytes Windows-1252 lacks (پ چ گ and the half-space among them).
_MISTAKEN_FOR_1256 = ("sloppy-windows-1252", "latin-1", "mac-cyrillic", "cp1251", "cp1250", "cp1253", "cp1254",
                      "cp1257", "koi8-r", "iso8859-5", "cp866")

READINGS = (
    Reading("UTF-8 read as a Western code page", _utf8_as_western),
    Reading("UTF-8 read as Windows-1256", _utf8_as_arabic),
    *(Reading(f"Windows-1256 read as {name}", _rereading(name)) for name in _MISTAKEN_FOR_1256),
)


def sample(text: str) -> str:
    """A few words of ``text`` that show the mojibake, to name it in a message."""
    words = [w for w in text.split() if looks_garbled(w)]
    return " ".join(words[:3])[:40]


def looks_garbled(text: str) -> bool:
    """Mojibake by its letters: Arabic ones mostly ط/ظ/ع/غ, or Latin ones mostly accented."""
    arabic = re.findall(r"[\u0621-\u064a\u067e-\u06cc]", text)
    if arabic and len(re.findall("[طظعغ]", text)) / len(arabic) > MAX_TAH_ZAH_SHARE and len(arabic) >= 4:
        return True
    latin = re.findall(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]", text)  # letters, not × or ÷
    accented = [ch for ch in latin if ch >= "\u00c0"]
    return len(latin) >= 4 and len(accented) / len(latin) > MAX_ACCENTED_SHARE


def better_reading(text: str) -> Reading | None:
    """The reading that turns ``text`` (a whole file's) from mojibake into text, or None.

    ftfy's repair is taken whenever it changes something: it is built to leave text that is not
    mojibake alone (it changes none of the course corpus).  The Persian re-readings are tried only
    on text that looks garbled or is mostly letters of neither English nor Persian, and kept when
    most of the words they give are Persian words.
    """
    import ftfy.bad_codecs  # noqa: F401  registers "sloppy-windows-1252"

    fixed = _utf8_as_western(text)
    if fixed != text and not looks_garbled(fixed):
        return READINGS[0]
    if not (looks_garbled(text) or _foreign_share(text) > MAX_ACCENTED_SHARE):
        return None
    for reading in READINGS[1:]:
        fixed = reading.apply(text)
        words = persian_words(fixed)
        if len(words) >= MIN_WORDS and known_share(words) >= MIN_KNOWN_SHARE and not looks_garbled(fixed):
            return reading
    return None


def _foreign_share(text: str) -> float:
    """The share of letters that are neither ASCII nor Arabic script (Cyrillic from a wrong code page)."""
    letters = [ch for ch in text if ch.isalpha()]
    foreign = [ch for ch in letters if not ch.isascii() and not "\u0600" <= ch <= "\u06ff"]
    return len(foreign) / len(letters) if letters else 0.0
