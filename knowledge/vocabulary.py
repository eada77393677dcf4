"""What the material calls things, learned from its own text: bridges from a student's word to the material's.

A course uploads text by authors with their own vocabulary.  Students ask with the
English term («overfitting»), the term written in Persian letters («اورفیتینگ»,
«اتوانکودر», «نرمالیزیشن»), or the translator's word that they have never seen.
The hand-written glossary cannot list every material's words, so when the
serving index changes this module reads the material itself:

- **glosses**: an English term in parentheses after a Persian one, or the other
  way round («بیش‌برازش (overfitting)», «dropout (برون‌اندازی)»), pairs them;
- **loanwords by sound**: a word in Persian letters and a Latin word are the same
  term when their consonant skeletons agree (:func:`skeletons`: «اتوانکودر» and
  "autoencoder" both read ``tnkdr``).  Only words the material itself uses are
  targets, and only question words the material does not know are read this way;
  short skeletons must agree exactly.  Among the words a skeleton finds, the one
  that sounds closest wins (``knowledge/loanwords.py``: «ترینینگ» is "training",
  not "turning"); two words may write one term («وان هات» "one hot», «بچ نرم»
  "batch norm"), matched against the material's pairs of Latin words, and the
  material's own Persian gloss of the term found is searched with it.

:meth:`Vocabulary.bridge` returns what to add to a question ("(autoencoder)",
«(بیش‌برازش)») and which of its words were accounted for, so that abstention does
not count them as words the material never uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import product

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge import letter_names
from knowledge.lexicon import fold, is_word
from knowledge.loanwords import PAIR_WORD_DISTANCE, closest, distance
from knowledge.spelling import everyday_english

# -- consonant skeletons ----------------------------------------------------------------------------
# Vowels, and the letters that mostly write vowels in loanwords (ا و ی; v/w/y after the first letter),
# are dropped; letters that sound alike share a class (s/z/ث/ص/ذ/ض/ظ, t/ط, k/q/ق, h/ح).
_PERSIAN = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j", "چ": "C", "ح": "h", "خ": "x",
    "د": "d", "ذ": "s", "ز": "s", "ض": "s", "ظ": "s", "ر": "r", "ژ": "j", "ش": "S", "غ": "g", "ق": "k", "ف": "f",
    "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h",
}
_PERSIAN_FIRST = {"و": "v", "ی": "y"}
_ENGLISH_SPELLINGS = [  # (pattern, replacement or alternatives), applied in order
    (r"tion|tian|cian", "Sn"), (r"s?sion", ("Sn", "sn")), (r"ture", "Cr"), (r"tch", "C"), (r"sh", "S"), (r"ph", "f"), (r"th", "t"),
    (r"ck", "k"), (r"qu", "k"), (r"q", "k"), (r"x", "ks"), (r"kh", "x"), (r"gh", "g"),
    (r"c(?=[eiy])", "s"), (r"ch", ("C", "k")), (r"c", "k"), (r"z", "s"), (r"j", "j"),
    (r"g(?=[eiy])", ("g", "j")),
]
_ENGLISH_ANY = re.compile("|".join(f"({pattern})" for pattern, _ in _ENGLISH_SPELLINGS))
MIN_SKELETON = 2
FUZZY_FROM = 4  # skeletons this long may differ by a final consonant


def _squeeze(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def persian_skeleton(word: str) -> str:
    """«اتوانکودر» → ``tnkdr``: consonants of a Persian-letter word, by sound class."""
    word = fold(word).replace("\u200c", "")
    out = []
    for i, ch in enumerate(word):
        if i == 0 and ch in _PERSIAN_FIRST:
            out.append(_PERSIAN_FIRST[ch])
        elif ch == "ه" and i == len(word) - 1:
            continue  # a final «ه» writes a vowel («اسکیپ کانکشنه»)
        else:
            out.append(_PERSIAN.get(ch, ""))
    return _squeeze("".join(out))


def skeletons(word: str) -> set[str]:
    """Every skeleton of a Latin word ("ch" is «چ» or «ک», a soft "g" «گ» or «ج»)."""
    word = word.lower()
    if not word.isascii() or not word.isalpha():
        return set()
    pieces: list[tuple[str, ...]] = []
    i = 0
    while i < len(word):
        m = _ENGLISH_ANY.match(word, i)  # the first rule that matches here, as the rules are ordered
        if m:
            repl = _ENGLISH_SPELLINGS[m.lastindex - 1][1]
            pieces.append(repl if isinstance(repl, tuple) else (repl,))
            i = m.end()
        else:
            ch = word[i]
            if ch in "aeiou" or (ch in "vwy" and i > 0):
                pieces.append(("",))
            elif ch in "vw":
                pieces.append(("v",))
            else:
                pieces.append((ch,))
            i += 1
    return {_squeeze("".join(p)) for p in product(*pieces)}


# -- glosses: «بیش‌برازش (overfitting)» ---------------------------------------------------------------
_LETTERS = "\u0621-\u065f\u0670-\u06d3\u06fa-\u06ff\u200c"  # Persian letters, not «،» «؛» «؟» or digits
_PERSIAN_RUN = rf"[{_LETTERS}]+(?:[ \u200c][{_LETTERS}]+){{0,3}}"
_LATIN_RUN = r"[A-Za-z][A-Za-z\-]{2,}(?: [A-Za-z][A-Za-z\-]*){0,3}"
_MATH = re.compile(r"\$[^$]*\$|\\[A-Za-z]+")  # LaTeX: \frac, \mathbb are not the material's words
_PERSIAN_THEN_LATIN = re.compile(rf"({_PERSIAN_RUN})\s*[(\[]\s*({_LATIN_RUN})\s*[)\]]")
_LATIN_THEN_PERSIAN = re.compile(rf"({_LATIN_RUN})\s*[(\[]\s*({_PERSIAN_RUN})\s*[)\]]")


def glosses(text: str) -> Iterable[tuple[str, str]]:
    """(English, Persian) pairs written as a term with its translation in parentheses."""
    for m in _PERSIAN_THEN_LATIN.finditer(text):
        english = m.group(2).strip().lower()
        words = m.group(1).split()
        # the Persian term is the words just before the parenthesis, about as many as the English has
        take = min(len(words), len(english.split()) + 1, 3)
        yield english, " ".join(words[-take:])
    for m in _LATIN_THEN_PERSIAN.finditer(text):
        yield m.group(1).strip().lower(), m.group(2).strip()


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}")
_LATIN_TOKEN = re.compile(r"(?<![\w])[A-Za-z][A-Za-z0-9_]{4,}")  # "r2_score", "PolynomialFeatures" as one token
_DIGITS = re.compile(r"\d+")
_INFLECTIONS = ("s", "es", "ed", "er", "ing", "ly")
# Two Latin words side by side (a space, "-" or "_" between): "one hot", "batch norm", "zero_grad".
_LATIN_PAIR = re.compile(r"(?<![A-Za-z])(?=([A-Za-z]{2,}[ _\-][A-Za-z]{2,})(?![A-Za-z]))")
_JOINER = re.compile(r"[ _\-]")
_FUNCTION = frozenset("the of and to in is are be an as at by for from on or with that this it its we".split())
_PERSIAN_WORD = re.compile(rf"[{_LETTERS}]{{3,}}")
_PERSIAN_LOAN_WORD = re.compile(rf"[{_LETTERS}]{{2,}}")  # «بچ» of «بچ نرم» has two letters
MIN_LOAN_LETTERS = 4  # a question word read by sound has at least this many letters
TYPO_LETTERS = 5  # a misspelt word is corrected from this length: one edit turns shorter words into others


def _inflected(word: str, token: str) -> bool:
    """``word`` is ``token`` with an English ending, or the other way round: another form, not a typo."""
    short, long = sorted((word, token), key=len)
    return long.startswith(short) and long[len(short):] in _INFLECTIONS


def _only_near(word: str, candidates: list[str], fits: Callable[[str], bool]) -> str | None:
    """The one candidate one edit from ``word`` with its first letter that ``fits``; None for none or several."""
    found = [w for w, _, _ in process.extract(word, candidates, scorer=OSA.distance, score_cutoff=1, limit=3)
             if w[0] == word[0] and fits(w)]
    return found[0] if len(found) == 1 else None


def _common_english(phrase: str) -> bool:
    """One everyday English word ("model", "function"): a gloss of it says little about a question."""
    from wordfreq import zipf_frequency

    return " " not in phrase and zipf_frequency(phrase, "en") >= COMMON_ZIPF


COMMON_ZIPF = 4.5


def _deletions(skeleton: str) -> list[str]:
    """``skeleton`` and, from four consonants, each of it less one (shorter ones meet too many words)."""
    if len(skeleton) < FUZZY_FROM:
        return [skeleton]
    return [skeleton, *{skeleton[:i] + skeleton[i + 1:] for i in range(len(skeleton))}]


def _pairs(text: str) -> Iterable[str]:
    """Pairs of Latin words side by side, lower case, as written ("one hot", "zero_grad": searched so, they
    meet the material's own tokens); none with a function word."""
    for m in _LATIN_PAIR.finditer(text):
        pair = m.group(1).lower()
        if not _FUNCTION.intersection(_JOINER.split(pair)):
            yield pair


@dataclass
class Vocabulary:
    """Bridges learned from one body of material (rebuilt when the serving index changes)."""

    english_to_persian: dict[str, set[str]] = field(default_factory=dict)
    latin_by_skeleton: dict[str, set[str]] = field(default_factory=dict)  # Latin words the material uses
    pair_by_skeleton: dict[str, set[str]] = field(default_factory=dict)  # its pairs of Latin words ("one hot")
    loan_by_skeleton: dict[str, set[str]] = field(default_factory=dict)  # its Persian-letter loanwords
    # Latin words and pairs by skeleton and by each skeleton less one consonant: one edit apart, found by
    # looking up a skeleton and its own deletions (no scan of every skeleton per question word)
    near_index: dict[str, set[str]] = field(default_factory=dict)
    latin: set[str] = field(default_factory=set)  # every Latin word of the material (lower case)
    persian_words: list[str] = field(default_factory=list)  # its Persian words, for typos
    latin_tokens: list[str] = field(default_factory=list)  # its Latin tokens as written ("r2_score"), for typos
    spelled: dict[str, str] = field(default_factory=dict)  # its acronyms as spelled in Persian letters: «آیدیتری» → id3

    @classmethod
    def learn(cls, texts: Iterable[str], extra_latin: Iterable[str] = ()) -> Vocabulary:
        vocab = cls()
        latin: set[str] = {w.lower() for w in extra_latin if w.isascii() and w.isalpha() and len(w) >= 3}
        loans: set[str] = set()
        pairs: set[str] = set()
        tokens: set[str] = set()
        acronyms: set[str] = set()
        for text in texts:
            text = _MATH.sub(" ", text)
            acronyms.update(letter_names.ACRONYM.findall(text))
            for english, persian in glosses(text):
                if not _common_english(english):
                    vocab.english_to_persian.setdefault(english, set()).add(persian)
            latin.update(w.lower() for w in _LATIN_WORD.findall(text))
            tokens.update(w.lower() for w in _LATIN_TOKEN.findall(text))
            pairs.update(_pairs(text))
            loans.update(fold(w) for w in _PERSIAN_WORD.findall(text))
        vocab.latin = latin
        vocab.spelled = letter_names.spelled(acronyms)
        vocab.latin_tokens = sorted(tokens)
        vocab.persian_words = sorted({w.replace("\u200c", "") for w in loans if len(w) >= TYPO_LETTERS - 1})
        for word in latin:
            if len(word) < MIN_LOAN_LETTERS:
                continue
            for skeleton in skeletons(word):
                if len(skeleton) >= MIN_SKELETON:
                    vocab.latin_by_skeleton.setdefault(skeleton, set()).add(word)
        for pair in pairs:
            for skeleton in skeletons(_JOINER.sub("", pair)):
                if len(skeleton) >= MIN_SKELETON + 1:
                    vocab.pair_by_skeleton.setdefault(skeleton, set()).add(pair)
        for table in (vocab.latin_by_skeleton, vocab.pair_by_skeleton):
            for skeleton, entries in table.items():
                for key in _deletions(skeleton):
                    vocab.near_index.setdefault(key, set()).update(entries)
        for word in loans:
            if len(word) >= MIN_LOAN_LETTERS and not is_word(word):  # a loanword: not in the Persian lexicon
                skeleton = persian_skeleton(word)
                if len(skeleton) >= MIN_LOAN_LETTERS:
                    vocab.loan_by_skeleton.setdefault(skeleton, set()).add(word)
        return vocab

    def _by_skeleton(self, skeleton: str, table: dict[str, set[str]]) -> set[str]:
        if skeleton in table:
            return table[skeleton]
        if len(skeleton) < FUZZY_FROM:
            return set()
        # one consonant more or less at the end only: «گرادیان» is "gradient", but «میانترم» is not "momentum"
        near = [s for s in table if abs(len(s) - len(skeleton)) == 1 and (s.startswith(skeleton) or skeleton.startswith(s))]
        return table[near[0]] if len(near) == 1 else set()

    def _near(self, skeleton: str) -> set[str]:
        """Latin words and pairs whose skeleton is ``skeleton`` or one edit from it (from three consonants):
        candidates for the sound comparison, which decides."""
        found: set[str] = set()
        for key in _deletions(skeleton):
            found |= self.near_index.get(key, set())
        return found

    def is_latin_term(self, word: str) -> bool:
        """A Latin word the material uses or glosses: in a Finglish question it stays English."""
        word = word.lower()
        return word in self.latin or word in self.english_to_persian

    def latin_for(self, persian_word: str) -> set[str]:
        """Latin words of the material that ``persian_word`` (Persian letters) sounds like, the closest only."""
        skeleton = persian_skeleton(persian_word)
        if len(skeleton) < MIN_SKELETON:
            return set()
        return set(closest(persian_word, self._near(skeleton)))

    def pair_for(self, first: str, second: str) -> set[str]:
        """The material's Latin term two Persian-letter words write together: «وان هات» → "one hot",
        «دراپ اوت» → "dropout"."""
        skeleton = persian_skeleton(first + second)
        if len(skeleton) < MIN_SKELETON + 1:
            return set()
        candidates = self._near(skeleton)
        # a pair of Latin words must also sound like the two words one by one: «تو ترینینگ» is not "about training"
        candidates = {c for c in candidates if not _JOINER.search(c) or all(
            distance(p, latin) <= PAIR_WORD_DISTANCE for p, latin in zip((first, second), _JOINER.split(c), strict=True))}
        return set(closest(f"{first} {second}", candidates))

    def gloss_of(self, latin: str) -> set[str]:
        """The material's Persian for a Latin term, if it glosses it."""
        return self.english_to_persian.get(latin.lower().replace("_", " ").replace("-", " "), set())

    def corrected(self, persian_word: str) -> str | None:
        """The material's word a misspelt Persian word stands for («معکوص» → «معکوس»): one edit away,
        the same first letter, and the only such word; words of five letters or more only."""
        word = fold(persian_word).replace("\u200c", "")
        if len(word) < TYPO_LETTERS:
            return None
        return _only_near(word, self.persian_words, lambda w: True)

    def latin_corrected(self, token: str) -> str | None:
        """The material's Latin token a misspelt one stands for ("PolynomialFeaturs", "XGBoots", "r2_scroe"):
        one edit away, the same first letter and digits, and the only such token.  Not an everyday English
        word («context» is no typo), not an inflection of the token («transforms», «transformer»), and from
        six letters, or five when two letters only swapped places («scroe»): one edit turns shorter words
        into others («patch», «batch»)."""
        word = token.lower()
        if len(word) < TYPO_LETTERS or everyday_english(word):
            return None
        return _only_near(word, self.latin_tokens, lambda w: w != word and _DIGITS.findall(w) == _DIGITS.findall(word)
                          and not _inflected(word, w) and (len(word) > TYPO_LETTERS or sorted(w) == sorted(word)))

    def persian_for(self, latin_word: str) -> set[str]:
        """The material's loanwords in Persian letters that ``latin_word`` may be."""
        found: set[str] = set()
        for skeleton in skeletons(latin_word):
            if len(skeleton) >= 4:
                found |= self._by_skeleton(skeleton, self.loan_by_skeleton)
        return found

    def bridge(self, text: str, known: Callable[[str], bool]) -> tuple[list[str], set[str]]:
        """(what to add to the question, the question's words it accounts for).

        ``known(word)``: the material uses this word as typed (through the analyser).
        """
        extra: list[str] = []
        covered: set[str] = set()
        lower = text.lower()
        for english, persian in self.english_to_persian.items():
            if re.search(rf"(?<![a-z]){re.escape(english)}(?![a-z])", lower):
                extra += sorted(persian)
                covered.update(english.split())
        for acronym, words in letter_names.found_in(text, self.spelled):  # «آی دی تری»: ID3
            extra += [acronym, *sorted(self.gloss_of(acronym))]
            covered.update(words)
        persian_words = _PERSIAN_LOAN_WORD.findall(text)
        skip = False
        for word, following in zip(persian_words, [*persian_words[1:], ""], strict=False):
            if skip or word in covered:
                skip = False
                continue
            loan = not known(word) and not is_word(fold(word))
            found: set[str] = set()
            # «وان هات»: short words the material or the lexicon knows («وان», «نرم») may still write a term
            if following and not (is_word(fold(word)) and is_word(fold(following))):
                found = self.pair_for(word, following)  # «وان هات», «بچ نرم», «دراپ اوت»
                if found:
                    covered.add(following)
                    skip = True
            if not found and loan and len(word) >= MIN_LOAN_LETTERS:
                found = self.latin_for(word)
                if not found:
                    fixed = self.corrected(word)
                    found = {fixed} if fixed else set()
            if found:
                extra += sorted(found)
                extra += sorted(p for latin in found for p in self.gloss_of(latin))
                covered.add(word)
        for word in _LATIN_WORD.findall(text):
            if not known(word) and len(word) >= 4:
                found = self.persian_for(word)
                if found:
                    extra += sorted(found)
                    covered.add(word)
        for token in _LATIN_TOKEN.findall(text):
            fixed = None if known(token) or token.lower() in covered else self.latin_corrected(token)
            if fixed:  # "PolynomialFeaturs" → "polynomialfeatures", and the material's gloss of it
                extra += [fixed, *sorted(self.gloss_of(fixed))]
                covered.add(token)
        return list(dict.fromkeys(e for e in extra if e.lower() not in lower)), covered
