"""Finglish (Persian typed in Latin letters) → Persian script, for search; technical terms stay Latin.

«lenet kei omad?» and «skip connection chie» are Persian sentences; searched as
they are, BM25 meets none of the course's words and the refusal logic counts
«kei» and «omad» as words the course never uses.  So a Latin-script question is
first classified (Finglish or English, by counting each language's function
words), and a Finglish one is rewritten word by word:

1. the common colloquial words (question words, verbs, pronouns) come from the
   table below: the ``finglish`` package reads «dare» as «در», «mishe» as
   «میش» and «chetori» as «چتری», which the table fixes;
2. a course term (a glossary spelling, or a Latin word the material itself
   uses: «skip», «pooling», «lenet») stays as it is; the glossary and the
   multilingual dense model take it from there;
3. every other word goes through ``finglish.f2p`` (PyPI), which knows a large
   Persian word list.  It turns «lenet» into «لعنت», hence rule 2 before it.

Measured on the development set (``benchmarks/answers.py``): see the README.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from functools import lru_cache

from knowledge.lexicon import is_word

ENGLISH_SHARE = 0.85  # of the letters Latin, for a question to be English or Finglish
# A Latin word standing alone: one glued to digits ("1x1", "vgg16", "conv2d") is a term, left whole.
_LATIN_WORD = re.compile(r"(?<![\w])[A-Za-z]+(?:['’][A-Za-z]+)?(?![\w])")
_LETTER = re.compile(r"[^\W\d_]")

# The ezafe typed after a hyphen («miangin-e nemune», «biased-e»), or glued to an English word of five
# letters or more («robote», «vectore»): the word is read without it.
_HYPHEN_EZAFE = re.compile(r"(?<=[A-Za-z])-y?e(?![\w-])")
_EZAFE_E = re.compile(r"^[a-z]{4,}[^e]e$")

# Colloquial Finglish as students type it → Persian (search form is applied later).
_COMMON = {
    # question words
    "chi": "چی", "chie": "چیه", "chiye": "چیه", "chiie": "چیه", "chia": "چیا", "chiyan": "چین", "chin": "چین",
    "chera": "چرا", "chand": "چند", "chanta": "چندتا", "chandta": "چندتا",
    "cheghadr": "چقدر", "cheghad": "چقدر", "chegadr": "چقدر", "chetor": "چطور", "chetori": "چطوری",
    "chejoori": "چجوری", "chejori": "چجوری", "chejuri": "چجوری", "che": "چه", "chejur": "چجور",
    "kei": "کی", "key": "کی", "ki": "کی", "kie": "کیه", "kiye": "کیه", "koja": "کجا", "kojast": "کجاست",
    "kodom": "کدوم", "kodoom": "کدوم", "kodum": "کدوم", "kodooma": "کدوما", "kodoomaan": "کدوما",
    "kodoma": "کدوما", "kodoomeh": "کدومه", "kodome": "کدومه", "aya": "آیا",
    "mage": "مگه", "yani": "یعنی", "yaani": "یعنی", "chikar": "چیکار", "chekar": "چکار",
    # verbs
    "dare": "داره", "daran": "دارن", "darim": "داریم", "daram": "دارم", "nadare": "نداره", "dasht": "داشت",
    "mishe": "میشه", "mishan": "میشن", "nemishe": "نمیشه", "shod": "شد", "shode": "شده", "shodan": "شدن",
    "bashe": "باشه", "bashan": "باشن", "hast": "هست", "hastan": "هستن", "hastesh": "هستش", "nist": "نیست",
    "omad": "اومد", "oomad": "اومد", "umad": "اومد", "omade": "اومده", "kard": "کرد", "kardan": "کردن",
    "kone": "کنه", "konim": "کنیم", "konam": "کنم", "konan": "کنن", "mikone": "میکنه", "mikonan": "میکنن",
    "mikonim": "میکنیم", "mikonam": "میکنم", "mikoni": "میکنی", "mide": "میده", "midan": "میدن",
    "mikhad": "میخواد", "mikham": "میخوام", "mitune": "میتونه", "mitoone": "میتونه", "mitunim": "میتونیم",
    "mitoonim": "میتونیم", "mirize": "میریزه", "mire": "میره", "miad": "میاد", "miyad": "میاد",
    "mikhore": "میخوره", "mikhoran": "میخورن", "mioftad": "میفته", "miofte": "میفته", "mifte": "میفته",
    "dadan": "دادن", "dad": "داد", "bede": "بده",
    "bedid": "بدید", "begid": "بگید", "begin": "بگین", "bego": "بگو", "karbord": "کاربرد", "estefade": "استفاده",
    "kar": "کار", "karesh": "کارش", "bar": "بار", "man": "من", "sade": "ساده", "asan": "آسان",
    # pronouns, particles, prepositions
    "in": "این", "una": "اونا", "ina": "اینا", "oon": "اون", "un": "اون", "an": "آن", "ro": "رو", "ra": "را",
    "az": "از", "ba": "با", "va": "و", "ya": "یا", "ham": "هم", "to": "تو", "tu": "تو", "too": "تو",
    "dar": "در", "be": "به", "bara": "برای", "baraye": "برای", "vase": "واسه", "vaseye": "واسه", "ke": "که",
    "ye": "یه", "yek": "یک", "na": "نه", "e": "", "do": "دو", "se": "سه", "ta": "تا", "bad": "بعد",
    # the comparative typed apart («sari tar», «bozorg tarin»), and «sari» (fast; a series is «seri»)
    "tar": "تر", "tarin": "ترین", "sari": "سریع", "sarie": "سریع", "sarij": "سریع",
    # everyday words the package's list reads as others («niaz» «نیز», «misal» «میسل», «masalan» «مسؤلان», «ghalat»
    # «غلات», «soale» «سال», «hamishe» left Latin)
    "mige": "میگه", "migi": "میگی", "niaz": "نیاز", "misal": "مثال", "mesal": "مثال", "masalan": "مثلا",
    "rahha": "راه‌ها", "rahhaye": "راه‌های", "rahaye": "راه‌های", "rahhayi": "راه‌هایی", "ghalat": "غلط",
    "soale": "سوال", "biaram": "بیارم", "biarim": "بیاریم", "baze": "بازه", "bazeh": "بازه", "aslan": "اصلا",
    "hamishe": "همیشه", "hamisheh": "همیشه",
    "ghabl": "قبل", "bishtar": "بیشتر", "kamtar": "کمتر", "ziad": "زیاد", "ziyad": "زیاد", "kam": "کم",
    "khob": "خوب", "khoob": "خوب", "behtar": "بهتر", "behtare": "بهتره", "badtar": "بدتر", "fargh": "فرق",
    "farq": "فرق", "farghe": "فرق", "farghesh": "فرقش", "tafavot": "تفاوت", "beyne": "بین", "bein": "بین",
    "beine": "بین", "ghabli": "قبلی", "aval": "اول", "avval": "اول", "akhar": "آخر", "vaghti": "وقتی",
    "age": "اگه", "agar": "اگر", "chon": "چون", "pas": "پس", "vali": "ولی", "ama": "اما", "hamin": "همین",
    "laye": "لایه", "shabake": "شبکه", "shabakeh": "شبکه", "tasvir": "تصویر", "aks": "عکس",
    "vorudi": "ورودی", "voroodi": "ورودی", "khoruji": "خروجی", "khorooji": "خروجی", "tedad": "تعداد",
    "sal": "سال", "sale": "سال", "sali": "سالی", "mamulan": "معمولا", "mamoolan": "معمولا", "ma'mulan": "معمولا",
    "maamoolan": "معمولا", "ma'moolan": "معمولا", "maamulan": "معمولا", "raveshaye": "روش‌های", "raveshhaye": "روش‌های",
    "dige": "دیگه", "digeh": "دیگه", "nerkh": "نرخ", "nerkhe": "نرخ", "yadgiri": "یادگیری", "amoozesh": "آموزش",
    "amuzesh": "آموزش", "parametr": "پارامتر", "parametra": "پارامترها", "parametrash": "پارامترهاش",
    "sepas": "سپاس", "mamnoon": "ممنون", "mamnun": "ممنون", "merci": "مرسی", "mersi": "مرسی", "tashakor": "تشکر",
    "damet": "دمت", "garm": "گرم", "ali": "عالی", "aali": "عالی",
    # «e» alone is the ezafe typed apart («model e toy»)
    "ha": "ها", "haye": "های", "hay": "های", "hash": "هاش",  # the plural suffix typed apart («voroodi ha»)
    "andaze": "اندازه", "andazeh": "اندازه", "moshkel": "مشکل", "hal": "حل", "amigh": "عمیق",
}
# Words that mark a Latin-script sentence as one language or the other; ambiguous ones
# ("to", "in", "do", "be", "man", "are") are left out of the vote.
_FINGLISH_MARKERS = frozenset(set(_COMMON) - {"to", "in", "do", "be", "an", "ham", "bad", "key", "pas", "se",
                                              "hal", "ta", "ye", "ki", "e"})
_ENGLISH_WORDS = (
    "what why how when who which where whom whose is are was were does did the a of on for with from by "
    "and or this that these those many much has have had use uses used using between than more less "
    "there their its it they can could should would will difference explain does work works happen "
    "mean means"
)
_ENGLISH_MARKERS = frozenset(_ENGLISH_WORDS.split())


def latin_share(text: str) -> float:
    """Share of the letters of ``text`` that are Latin."""
    letters = _LETTER.findall(text)
    if not letters:
        return 0.0
    return sum(ch.isascii() for ch in letters) / len(letters)


def language(text: str) -> str:
    """"persian" (Persian script, English terms allowed), "finglish" or "english".

    A question with Persian words in it («weight decay با L2 فرق داره؟») is Persian with
    English terms, not English.
    """
    if latin_share(text) < ENGLISH_SHARE:
        return "persian"
    words = [w.lower() for w in _LATIN_WORD.findall(text)]
    finglish = sum(w in _FINGLISH_MARKERS for w in words)
    english = sum(w in _ENGLISH_MARKERS for w in words)
    if finglish == english:
        # no function word tips it («random forest ghabele tafsire?»): Finglish when most of its words are no
        # English words
        long = [w for w in words if len(w) > 1]
        return "english" if 2 * sum(is_english_word(w) for w in long) > len(long) else "finglish"
    return "finglish" if finglish > english else "english"


def load() -> None:
    """Read the ``finglish`` word lists now (about a second) rather than on the first Finglish question."""
    _readings()


@lru_cache(maxsize=1)
def _readings() -> Callable[..., list[tuple[str, float]]]:
    """``finglish``'s readings of a word, likeliest first, each with its confidence (the first's is 1)."""
    # finglish prints "Loading ..." while it reads its word lists (about a second): load on first use,
    # with its chatter kept off our standard output (which carries --json).
    with contextlib.redirect_stdout(io.StringIO()):
        from finglish import f2p_word

    return f2p_word


# An English word inside Finglish stays English («beam width chie» is not «بم ویدته»): a word common in
# English (wordfreq's Zipf scale: 3 is once per million words) that the colloquial table does not claim,
# or one built like English technical words.  Finglish words that are also English ones (bar, man, kar)
# sit below the cut or in the table.
ENGLISH_ZIPF = 3.3
ENGLISH_ZIPF_LONG = 2.5  # for words of six letters or more («transpose», «estimator»)
# A rarer English word ("bayes") stays English too when ``finglish`` can only spell it letter by letter:
# what it writes («بیس») is no Persian word (hazm's lexicon), so the word was not Persian either.
ENGLISH_ZIPF_RARE = 2.0
_ENGLISH_SHAPE = re.compile(r"[a-z]{3,}(tion|sion|ing|ment|ness|ity|ize|izer|ization|ism|able|ance|ence|ure|ous)s?$")


@lru_cache(maxsize=20_000)
def is_english_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    word = word.lower()
    cut = ENGLISH_ZIPF_LONG if len(word) >= 6 else ENGLISH_ZIPF
    return bool(_ENGLISH_SHAPE.match(word)) or zipf_frequency(word, "en") >= cut


def _rare_english(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= ENGLISH_ZIPF_RARE


# How likely (``finglish``'s own confidence, the first reading's being 1) another reading must be for the
# material's word to win: «hafeze» reads first as «حفظ», then «حافظ» 0.60 and «حافظه» 0.54; «khooshe» as «خوش»,
# then «خوشه» 0.36; «jaleb» as «جلب», then «جالب» 0.83.
MATERIAL_READING = 0.2


def _reading(word: str, used: Callable[[str], bool] | None) -> str:
    """``finglish``'s reading of ``word``, or the likeliest of its other readings that the material uses when the
    first is not one the material uses (a course on clustering says «خوشه», hardly «خوش»)."""
    readings = _readings()(word, cutoff=5)
    first = readings[0][0] if readings else word
    if used is None or used(first):
        return first
    return next((persian for persian, confidence in readings[1:] if confidence >= MATERIAL_READING and used(persian)),
                first)


def to_persian(text: str, keep: Callable[[str], bool], used: Callable[[str], bool] | None = None) -> str:
    """Rewrite the Finglish words of ``text`` in Persian script; ``keep(word)`` says a word is a term, ``used(word)``
    that the material uses a Persian word (it chooses between readings).

    Digits, sizes ("1x1", "3x3") and anything not Latin letters pass through.
    """

    def word(match: re.Match[str]) -> str:
        raw = match.group(0)
        lower = raw.lower().replace("’", "'")
        if lower in _COMMON:
            return _COMMON[lower]
        if keep(lower) or is_english_word(lower):
            return raw
        if _EZAFE_E.search(lower) and (keep(lower[:-1]) or is_english_word(lower[:-1])):
            return raw[:-1]  # «robote» is robot with the ezafe: the English word stays
        persian = _reading(lower, used)
        if _rare_english(lower) and not is_word(persian):
            return raw
        return persian

    return _LATIN_WORD.sub(word, _HYPHEN_EZAFE.sub("", text))
