"""What a message is asking for, before anything is searched: nothing at all, or a kind of fact.

Two decisions, both pure functions of the text:

- **Not a question.**  Thanks, greetings, emoji and "ok" reach the bot as
  replies to its answers.  Treating them as questions fills the chat with
  apologies and the maintainers' list of unanswered questions with «مرسی 🙏».
  A message is *not a question* when nothing in it asks (no question mark, no
  question word, no course term) and it is made of social words, or of nothing
  but emoji and punctuation.
- **Question type.**  «چرا» wants the reason, «چند» the number, «کی/چه سالی» the
  date, «توسط کی» the people, «چیه» the definition.  The answer composer gives
  sentences that carry that kind of fact a bonus (``knowledge/answer.py``).

Words are compared in search form (``knowledge.normalize.tokens``), so «ممنونم»,
«ممنون‌م» and Arabic-letter spellings meet; Finglish has been transliterated
before this runs (``knowledge/transliterate.py``).
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

from knowledge.normalize import WordSet, search_form, tokens

# Thanks, greetings, acknowledgements, praise and laughter in Persian, Finglish and English.
_SOCIAL = WordSet(
    "مرسی مرسیی مرسیییی ممنون ممنونم ممنونیم متشکر متشکرم متشکریم تشکر سپاس سپاسگزارم سپاسگزاریم مچکر مچکرم "
    "دمت دمتون دمش گرم قربونت قربانت قربون فدات لطفت لطفتون زحمت زحمتت زحمتتون زحمات "
    "عالی عالیه عالیی ایول آفرین افرین نکنه نکنید نکنی خسته نباشید نباشی نباشین "
    "اوکی اکی اوکیه باشه حله چشم آهان اهان آها اها آره اره آری بله نخیر فهمیدم گرفتم متوجه شدم "
    "سلام سلامم درود خداحافظ خدافظ بدرود بای بخیر همگی بچه‌ها بچها دوستان خوبی خوبین خوبید چطورین چطورید "
    "جالب جالبه خفن "
    "thanks thank thx tnx tnks ty tysm merci mersi merc mrc mamnoon mamnun mamnunam mamnoonam sepas "
    "sepasgozaram tashakor moteshakeram ok okay okey kk cool nice great awesome perfect lol lmao "
    "hi hello hey bye yes yeah yep yup nope salam dorood dametgarm damet ghorbanet fadat aali "
    "bashe hale ahan aha areh bale bacheha bachea doostan dustan khubi khubin khoobi khoobin khubid chetorin "
    "morning night"
)
# Words and marks that ask: a message containing one is a question whatever else it holds.
ASKING = WordSet(
    "چی چیه چیست چیستند چرا چند چندتا چقدر چطور چطوری چگونه چجوری کی کیه کیست کدام کدوم کجا کجاست "
    "آیا ایا مگه یعنی فرق تفاوت مقایسه توضیح بده بدید بدین بگید بگین بگو "
    "what why how when who whom whose which where explain difference compare"
)
_QUESTION_MARK = re.compile(r"[?؟]")


def _symbols_only(text: str) -> bool:
    """Emoji, punctuation and spaces only (👍, 😂😂, «...»)."""
    return all(unicodedata.category(ch)[0] in "PSZC" or ch.isspace() for ch in text)


_LAUGHTER = re.compile(r"[خه]{3,}|(ha|he|hi|ah){2,}h?|lo+l|l+o+l+|xd+|[😂🤣😅😄😁]+")


def _laughter(word: str) -> bool:
    """«خخخخ», «ههههه», «hahaha», «lol»."""
    return bool(_LAUGHTER.fullmatch(word))


def is_not_a_question(text: str, has_course_term: bool = False) -> bool:
    """True for thanks, greetings, emoji and "ok": messages that ask nothing.

    ``has_course_term``: the caller found a course term (a glossary concept) in the
    text; a bare «dropout» is a question, «مرسی» is not.
    """
    if _symbols_only(text):
        return True
    if has_course_term:
        return False
    words = tokens(text)
    if not words or all(w in _SOCIAL or _laughter(w) for w in words):
        return True  # «سلام خوبین؟» asks nothing of the course, question mark or not
    if _QUESTION_MARK.search(text):
        return False
    if any(w in ASKING for w in words):
        return False
    if any(w.isdigit() for w in words):
        return False
    social = sum(w in _SOCIAL or _laughter(w) for w in words)
    return social > 0 and (len(words) <= 6 or social * 2 >= len(words))


class QuestionType(str, Enum):
    """The kind of fact a question asks for (a bonus for sentences that carry it, never a filter)."""

    WHY = "why"
    PROBLEM = "problem"
    COUNT = "count"
    WHEN = "when"
    WHO = "who"
    DEFINITION = "definition"
    COMPARE = "compare"
    HOW = "how"
    OTHER = "other"


# Checked in this order, on the search form of the question with a space on each side; a word
# may carry a spoken ending («فرقی»، «چنده»، «کیا»), hence the ``\w*`` after stems.
_TYPE_PATTERNS: tuple[tuple[QuestionType, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (QuestionType.WHO, r" (توسط|به دست) (کی|کیا|چه کس) | چه کس| کیا | کی (معرفی|ارائه|پیشنهاد|اختراع|طراحی|ساخت|درست|نوشت)\w* (کرد|داد)?| (ساخت|معرفی کرد|ارائه داد|نوشت)\w* کی | who | whom | invented| proposed by | created by "),
        (QuestionType.WHEN, r" چه (سال|زمان|تاریخ)\w*| (کدوم|کدام) سال| سال چند| کی (اومد|آمد|معرفی شد|منتشر|ارائه شد|برنده|بود|ساخته شد|پیشنهاد شد)| when (was|were|did) | and when $| what year | which year | in what year "),
        (QuestionType.PROBLEM, r" مشکل\w*| عیب\w*| معایب\w*| ضعف\w*| محدودیت\w*| ایراد\w*| اشکال\w*| نقص\w*| "
                               r"drawback| disadvantage| limitation| weakness| downside| problem with | cons "),
        (QuestionType.WHY, r" چرا | علت\w*| دلیل\w*| فایده\w*| مزیت\w*| مزایا\w*| هدف\w*| چه درد\w*| به درد\w*| برای (چی|چه)\w*| واسه چی| چه کمک\w*| نقش\w*| why | benefit| purpose| advantage| point of | what for "),
        (QuestionType.COUNT, r" چند\w*| چقدر\w*| تعداد\w*| how many | how much | number of | how big | how large "),
        (QuestionType.COMPARE, r" فرق\w*| تفاوت\w*| مقایسه\w*| بهتر\w*| بدتر\w*| versus | vs | difference| better | worse | compare"),
        (QuestionType.HOW, r" چطور\w*| چگونه | چجوری\w*| چه (طور|جوری)\w*| how "),
        (QuestionType.DEFINITION, r" چیست | چیستند | چی | یعنی | منظور\w*| چ?(ی)?کار | چه کار\w*| what is | what are | what does | meaning "),
    )
)


def question_type(question: str) -> QuestionType:
    """The kind of fact asked for; ``OTHER`` when no pattern says."""
    padded = f" {' '.join(tokens(question))} "
    raw = f" {search_form(question)} "
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(padded) or pattern.search(raw):
            return kind
    return QuestionType.OTHER


# A question whose answer is a list: its kinds, steps, uses, advantages («انواع خودرمزنگار کدومن؟», «مراحل انتقال
# یادگیری کدام است؟», "which models are listed?").  Its answer is the whole list, not the one item most like it.
_LIST = re.compile(r" (انواع|کدام ?اند|کدامند|کدومن|کدوما|کدوم ?ها|مراحل|گام ?ها|کاربرد ?ها\w*|مزایا\w*|معایب\w*|ویژگی ?ها\w*|"
                   r"روش ?ها|چه \w+ ?هایی|types of|kinds of|steps|which \w+ (are|were)|what are the \w+s|listed|list of) ")


def asks_for_list(question: str) -> bool:
    """Whether ``question`` asks for a list (:data:`_LIST`), read on its words and on its search form."""
    return bool(_LIST.search(f" {' '.join(tokens(question))} ") or _LIST.search(f" {search_form(question)} "))
