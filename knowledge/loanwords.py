"""How close a word in Persian letters sounds to a Latin word: «ترینینگ» is "training", not "turning".

A consonant skeleton (``knowledge/vocabulary.py``) finds the candidates quickly but
cannot choose among them: «ترینینگ» has the skeleton of "training", "trying" and
"turning", «فولی» that of "fully", "fill" and "follow".  Here both words become a
string of sounds, vowels kept («ترینینگ» → ``trining``, "training" → ``trining``),
and are aligned: consonants must agree (by sound class), while a vowel one side
writes and the other does not costs little, since Persian leaves short vowels
unwritten.  The cost per consonant is :func:`distance`; a Latin word is taken for
a Persian-letter one only when it is at most :data:`MAX_DISTANCE`.

English spelling is irregular, so a Latin word has a few readings (:func:`latin_sounds`):
"tion" is «شن» or «سیون», "ch" «چ» or «ک», a soft "g" «ج» or «گ».
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from knowledge.lexicon import fold

# Fitted by eye on a dozen loanwords of the unit tests (not on any corpus's questions): true pairs
# score 0.00-0.27 («رگرشن» / regression), look-alike Persian words 0.30 and up («وزن» / vision).
MAX_DISTANCE = 0.28
PAIR_WORD_DISTANCE = 0.4  # each word of a two-word term, alone: short words sound less exactly («وان» / one)
TIE = 0.05  # candidates this close to the best are kept with it («ماینینگ»: mining, meaning)

_VOWELS = frozenset("aeio")
_PERSIAN_CONSONANTS = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j", "چ": "C", "ح": "h", "خ": "x",
    "د": "d", "ذ": "s", "ز": "s", "ض": "s", "ظ": "s", "ر": "r", "ژ": "j", "ش": "S", "غ": "g", "ق": "k", "ف": "f",
    "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h",
}
_PERSIAN_VOWELS = {"ا": "a", "آ": "a", "أ": "a", "و": "o", "ی": "i", "ئ": "i"}
# (spelling, readings), longest first where they overlap
_LATIN_SPELLINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tion", ("Sn", "sion")), ("sion", ("Sn", "sion", "jn")), ("ture", ("Cr",)), ("tch", ("C",)), ("sch", ("S",)),
    ("sh", ("S",)), ("ch", ("C", "k")), ("ph", ("f",)), ("th", ("t",)), ("ck", ("k",)), ("qu", ("kv",)),
    ("kh", ("x",)), ("gh", ("g",)), ("x", ("ks",)), ("ee", ("i",)), ("ea", ("i",)), ("oo", ("o",)), ("ou", ("o", "a")),
    ("ai", ("i",)), ("ay", ("i",)), ("ei", ("i",)), ("ey", ("i",)),
    ("ce", ("se",)), ("ci", ("si",)), ("cy", ("si",)), ("ge", ("ge", "je")), ("gi", ("gi", "ji")),
)
_LATIN_LETTERS = {
    "b": "b", "c": "k", "d": "d", "f": "f", "g": "g", "h": "h", "j": "j", "k": "k", "l": "l", "m": "m", "n": "n",
    "p": "p", "q": "k", "r": "r", "s": "s", "t": "t", "v": "v", "w": "v", "z": "s", "a": "a", "e": "e", "i": "i",
    "o": "o", "u": "o", "y": "i",
}
MAX_READINGS = 8


def _squeeze(sounds: str) -> str:
    return "".join(c for i, c in enumerate(sounds) if i == 0 or c != sounds[i - 1])


@lru_cache(maxsize=50_000)
def persian_sounds(word: str) -> str:
    """«ترینینگ» → ``trining``: consonants by sound class, «ا و ی» as vowels, a final «ه» as "e"."""
    word = fold(word).replace("\u200c", "").replace(" ", "")
    if len(word) > 1 and word[0] == "ا" and word[1] in "وی":
        word = word[1:]  # «او» «ای» open a word with a vowel: the «ا» only carries it
    out = []
    for i, ch in enumerate(word):
        if ch == "ه" and i == len(word) - 1 and i > 0:
            out.append("e")
        elif ch in _PERSIAN_VOWELS:
            out.append(_PERSIAN_VOWELS[ch])
        else:
            out.append(_PERSIAN_CONSONANTS.get(ch, ""))
    return _squeeze("".join(out))


@lru_cache(maxsize=50_000)
def latin_sounds(word: str) -> tuple[str, ...]:
    """The readings of a Latin word ("logistic" → ``logistik``, ``lojistik``); spaces are ignored."""
    word = "".join(ch for ch in word.lower() if ch.isascii() and ch.isalpha())
    pieces: list[tuple[str, ...]] = []
    i = 0
    while i < len(word):
        for spelling, readings in _LATIN_SPELLINGS:
            if word.startswith(spelling, i):
                pieces.append(readings)
                i += len(spelling)
                break
        else:
            pieces.append((_LATIN_LETTERS.get(word[i], ""),))
            i += 1
    readings = []
    for combination in product(*pieces):
        sounds = "".join(combination)
        if len(sounds) > 2 and word.endswith("e") and sounds.endswith("e"):
            sounds = sounds[:-1]  # a silent final "e"
        readings.append(_squeeze(sounds))
        if len(readings) >= MAX_READINGS:
            break
    return tuple(dict.fromkeys(readings))


_SAME_SOUND = frozenset({("o", "v"), ("i", "y")})  # «و» and «ی» also write v and y


def _gaps(sounds: str) -> list[float]:
    """The cost of a sound one side has and the other not: little for a vowel, which Persian may leave out."""
    return [0.3 if c in _VOWELS else 1.0 for c in sounds]


def _consonants(sounds: str) -> int:
    return sum(c not in _VOWELS for c in sounds)


def _align(p: str, latin: str) -> float:
    gap_p, gap_l = _gaps(p), _gaps(latin)
    previous = [0.0]
    for gap in gap_l:
        previous.append(previous[-1] + gap)
    for pc, gap in zip(p, gap_p, strict=True):
        row = [previous[0] + gap]
        for j, lc in enumerate(latin, 1):
            if pc == lc or (pc, lc) in _SAME_SOUND:
                cost = 0.0
            elif pc in _VOWELS and lc in _VOWELS:
                cost = 0.2
            else:
                cost = 1.0
            row.append(min(previous[j] + gap, row[j - 1] + gap_l[j - 1], previous[j - 1] + cost))
        previous = row
    return previous[-1] / max(_consonants(p), _consonants(latin), 1)


@lru_cache(maxsize=100_000)
def distance(persian: str, latin: str) -> float:
    """Alignment cost per consonant between a Persian-letter word and a Latin word (0: they sound the same)."""
    p = persian_sounds(persian)
    return min((_align(p, reading) for reading in latin_sounds(latin)), default=float("inf"))


def closest(persian: str, candidates: set[str], limit: float = MAX_DISTANCE) -> list[str]:
    """The candidates that sound like ``persian``: within ``limit``, and within :data:`TIE` of the best."""
    consonants = _consonants(persian_sounds(persian))
    # a consonant more on one side costs 1 at least: too many more, and the alignment cannot be close
    plausible = {c for c in candidates if abs(_consonants(latin_sounds(c)[0]) - consonants)
                 <= limit * max(consonants, 1) + 1}
    scored = sorted((distance(persian, c), c) for c in plausible)
    if not scored or scored[0][0] > limit:
        return []
    best = scored[0][0]
    return [c for d, c in scored if d <= min(limit, best + TIE)]
