"""Numbers a student spells out in Persian: «سی و دو کانال», «هزار تا کلاس», «دویست و پنجاه و شش فیلتر».

The sizes in a calculation question are read from digits; a number said in words was either dropped or
asked back for.  A span of number words joined by «و» (or one word of twenty or more: «هزار», «صد»,
«سی») becomes its digits.  A lone small word is left to the caller: «یک لایه» and «یه سوال» are articles,
«نه» is "no", and only a counting context («دو تا فیلتر») makes them numbers.

(persian-tools' ``convert_from_word`` does the arithmetic for a whole phrase but reads «هزار» alone as 0, and
finds no phrase inside a sentence, which is the part needed here.)
"""

from __future__ import annotations

import re

_ONES = {"یک": 1, "یه": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "پنح": 5, "شش": 6, "شیش": 6, "هفت": 7,
         "هشت": 8, "نه": 9}
_TEENS = {"ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15, "پونزده": 15,
          "شانزده": 16, "شونزده": 16, "هفده": 17, "هیفده": 17, "هجده": 18, "هیجده": 18, "نوزده": 19}
_TENS = {"بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90}
_HUNDREDS = {"صد": 100, "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500, "پونصد": 500,
             "ششصد": 600, "شیشصد": 600, "هفتصد": 700, "هشتصد": 800, "نهصد": 900}
_SCALES = {"هزار": 1_000, "میلیون": 1_000_000}
_VALUES = {**_ONES, **_TEENS, **_TENS, **_HUNDREDS}
_WORD = "|".join(sorted([*_VALUES, *_SCALES], key=len, reverse=True))
# number words, each joined to the next by «و» or a space («دو هزار و چهل و هشت», «سی‌ودو»)
# (digits before a scale count it: «۱۰ هزار», «2 میلیون»)
# (a word's edges are letters and marks, not the Arabic comma: «دویست و پنجاه و شش، …» is 256, not 250)
_LETTER = r"[\w\u064b-\u065f\u0670\u200c]"
_SPAN = re.compile(rf"(?<!{_LETTER})(?:(?<![\d.])(\d+(?:\.\d+)?)\s*(?={'|'.join(_SCALES)}))?(?:{_WORD})"
                   rf"(?:(?:\s*و\s*|\s+)(?:{_WORD}))*(?!{_LETTER})")


_SMALL = frozenset([*_ONES, "ده"])  # alone, maybe an article («یه سوال»), "no" («نه») or a village («ده»)


def value(words: str, leading: int = 0) -> int | None:
    """The number a phrase of number words says (``leading``: digits counting the scale word the phrase opens with,
    «۱۰ هزار»), or None where the words do not make one number («دو سه» is two guesses, «صد صد» no number)."""
    total, group, last = 0, leading, None
    for word in re.findall(_WORD, words.replace("\u200c", " ")):
        if word in _SCALES:
            if last in _SCALES:
                return None
            total += (group or 1) * _SCALES[word]
            group, last = 0, word
            continue
        amount = _VALUES[word]
        # within a group each word is smaller than the one before: «صد و بیست و هشت», not «هشت بیست»; and a
        # group ends at its ones or teens: «گام دو و یک پیکسل پدینگ» is 2 and 1, not 3
        if last is not None and last not in _SCALES and (amount >= _VALUES[last] or _VALUES[last] < 20):
            return None
        group += amount
        last = word
    return total + group if last is not None else None


def spoken_numbers(text: str) -> str:
    """``text`` with each number said in words written in digits, where it cannot be an article or "no": a
    phrase of two or more words, or a word of twenty or more («هزار تا کلاس» → «1000 تا کلاس»)."""
    def digits(match: re.Match[str]) -> str:
        said, leading = match.group(0), match.group(1)
        words = said[len(leading):] if leading else said
        if leading and "." in leading:  # «۱.۲ میلیون»: 1,200,000, a scale word alone after a decimal
            scale = _SCALES.get(words.strip())
            return str(round(float(leading) * scale)) if scale else said
        found = re.findall(_WORD, words)
        if not leading and len(found) == 1 and found[0] in _SMALL:
            return said
        number = value(words, int(leading) if leading else 0)
        if number is not None:
            return str(number)
        return _listed(words) if not leading else said

    return _SPAN.sub(digits, text)


def _listed(words: str) -> str:
    """Numbers said one after another («سی و دو و شصت و چهار و صد و بیست و هشت» → «32 و 64 و 128»; «هر دو شصت و
    چهار» → «هر دو 64»): the longest number from each place on, a lone small word after a space left as a word
    («دو» of «هر دو» is "both"); unchanged where a part makes no number."""
    pieces = re.split(r"(\s+و\s+|\s+)", words.strip())  # the word «و», not the letter of «دو»
    parts, gaps = pieces[::2], pieces[1::2]
    out, start = "", 0
    while start < len(parts):
        end = next((j for j in range(len(parts), start, -1) if value(" ".join(parts[start:j])) is not None), None)
        if end is None:
            return words
        said = " ".join(parts[start:end])
        spaced = (start > 0 and not gaps[start - 1].strip()) or (end < len(parts) and not gaps[start].strip())
        lone = end == start + 1 and parts[start] in _SMALL and spaced  # «دو سه تا»: two guesses, left as said
        out += (gaps[start - 1] if start else "") + (parts[start] if lone else str(value(said)))
        start = end
    return out
