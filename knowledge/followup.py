"""A follow-up, read in the context of the question before it.

Replying «و VGG چی؟», «توسط کی؟», «چرا؟» or «بیشتر توضیح بده» to an answer asks
about the *previous* question.  Searched alone, those words find nothing (or
the forum's posting rules).  :func:`resolve` turns a follow-up into the
question it stands for, in one of four ways:

- **more**: «بیشتر توضیح بده», «ادامه», "tell me more" → the previous question
  again; the answer then shows what the previous one did not;
- **substitute**: «و VGG چی؟», "what about VGG?" → the previous question with
  its course term of the same kind (a model for a model) replaced;
- **merge**: a question pointing back («کی معرفیش کرد؟», «پیش‌فرضش چنده؟», «اون»,
  "who introduced it?") → this question with the previous one's *topic* in place of
  the pronoun or possessive ending («کی معرفی LSTM و GRU کرد؟»); a question with no
  topic of its own («توسط کی؟», «چند تا پارامتر داره؟») → that topic followed by
  this question.  The topic is what the previous question is about, not what it
  asked: its course terms and informative words, without «فرق», «چیه», "what"...,
  so «کی معرفیش کرد؟» after «فرق LSTM با GRU چیه؟» is not the comparison again;
- **alone**: a question that names its own topic ignores the context, so a new
  question sent as a reply (or soon after an answer, in a private chat) is not
  bent towards the old one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import OSA

from knowledge.analyzer import stem
from knowledge.glossary import Match
from knowledge.intent import ASKING
from knowledge.lexicon import POSSESSIVE_ENDINGS
from knowledge.normalize import WordSet, search_form, tokens

MORE, SUBSTITUTE, MERGE, ALONE = "more", "substitute", "merge", "alone"

_MORE = re.compile(
    r"^(لطفا |لطفاً |میشه |می شه |میشود )?(بیشتر|کامل ?تر|دقیق ?تر|واضح ?تر|ادامه|توضیح بیشتر|بیشتر توضیح|باز هم|بازم|یعنی چی|"
    r"یعنی چه|منظور ?ت چیست|منظور چیست|متوجه نشدم|نفهمیدم|more|tell me more|explain more|explain|go on|continue|"
    r"elaborate|what do you mean)( بده| بدید| بدین| میدی| میدین| بگو| بگید| بگین| توضیح بده| توضیح بدید| please| pls)*"
    r"( لطفا| لطفاً)?$"
)
# «و VGG چی؟», «و تو VGG؟», «VGG چطور؟», «حالا VGG؟», "what about VGG", "and VGG?" (a preposition stays
# with the previous question's own: «... تو رزنت ...» becomes «... تو VGG ...», not «... تو تو VGG ...»)
_SUBSTITUTE = re.compile(
    r"^(?:(?:و|ولی|حالا|پس|اما|and|what about|how about|and what about) )(?:(?P<p>تو|در|با|برای|به|in|for|with) )?(?P<x>.+?)(?: (?:چی|چیست|چطور|چگونه|چه|چی میشود|را بگو|رو بگو|چطوره))?$"
    r"|^(?:(?P<q>تو|در|با|برای|به|in|for|with) )?(?P<y>.+?) (?:چی|چیست|چطور|چگونه|چطوره)$"
)
_DEFINITION = re.compile(r"(چیست|چیستند|یعنی|what is|what are)( |$)")
_POINTING = WordSet("این اون آن همین اونا اینا آنها ایشون ش اش it its this that they them these those")
# A preposition with a pronoun ending, as spoken: «یه مثال ازش بزن», «بهش چی میگن؟», «توش چی هست؟» («روش» is
# also "method" and «باش» "be", so neither is one)
_PREPOSITION_PRONOUN = {f"{spoken}{ending}": preposition
                        for spoken, preposition in (("از", "از"), ("ازا", "از"), ("به", "به"), ("تو", "تو"),
                                                    ("باها", "با"), ("برا", "برای"))
                        for ending in ("ش", "شون", "شان")}
# A question that opens by carrying on («پس چرا …»، «حالا چرا …»، «بعدش از کجا …»): with no course term of its
# own it asks about what the previous one was about, though it has words enough to stand alone
# «و نسبت تقسیم چقدره؟», «یعنی از چه لحاظ …», «بعد برای … هم جواب داد؟», «اگه خالی باشه چی؟» (what if) too; not
# «خب» or «بعد از»: they open new questions as often
_CARRIES_ON = WordSet("پس حالا بعدش بعد اونوقت آنوقت و یعنی اگه اگر and")
_DEMONSTRATIVE = WordSet("این اون آن همین this that these those")
# What a question asks rather than what it is about; the rest of the ask (چیه، چرا، what...) is
# already left out as stop words by ``informative``.
_ASK = WordSet("فرق تفاوت مقایسه تمایز شباهت difference differences compare comparison similarity")
# The side of a topic a question asks for: «چالشاش چی؟» after «مزایای هوش مصنوعی تو آموزش چیه؟» asks for AI's
# challenges in teaching, not for the advantages' challenges; compared by stem («مزایای», «معایبش»)
_ASPECT = WordSet("مزایا مزیت معایب عیب ایراد ایرادات چالش کاربرد advantage advantages disadvantage disadvantages "
                  "drawback drawbacks benefit benefits pros cons challenge challenges")

# Between two names: «فرق LSTM با GRU» is about «LSTM و GRU»; «طبقه‌بند کمکی تو GoogLeNet» keeps «تو».
_LINK = WordSet("با و یا and or vs versus with")
_PREPOSITION = WordSet("تو در از برای به روی of in for on at from")


@cache
def _aspects() -> frozenset[str]:
    return frozenset(stem(word) for word in _ASPECT)


@dataclass(frozen=True)
class Resolved:
    question: str  # what to search
    mode: str  # more | substitute | merge | alone
    previous: str = ""  # the question it was read against ("" when alone)


Matches = Callable[[str], list[Match]]
Known = Callable[[str], bool]


def _is_name(match: Match) -> bool:
    """A course term that names a topic: not a generic one, nor an English word's translation («لایه»)."""
    return match.term.kind not in ("generic", "word")


def _bare(text: str) -> str:
    return " ".join(search_form(text).replace("?", " ").replace("؟", " ").split())


# «لایه سومش», «اولیش», «آخرش»: an ordinal with a possessive ending is the n-th *of* what was asked before
_ORDINAL = re.compile(r"^(اول|دوم|سوم|چهارم|پنجم|ششم|هفتم|هشتم|نهم|دهم|آخر|اخر|وسط)(ی|ین|ی‌)?$")


def _points_back(words: list[str], known: Known) -> bool:
    """A pronoun, or a possessive ending on a word the course knows only without it («پیش‌فرضش») or on an
    ordinal («لایه سومش»)."""
    for word in words:
        if word in _POINTING or word in _PREPOSITION_PRONOUN:
            return True
        for suffix in POSSESSIVE_ENDINGS:
            bare = word[: -len(suffix)]
            if word.endswith(suffix) and len(bare) >= 2 and not known(word) and (known(bare) or _ORDINAL.match(bare)):
                return True
    return False


def _english(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) > len(letters) / 2


def _joined(names: list[str], english: bool) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {'and' if english else 'و'} {names[-1]}"


def _topic(previous: str, matches: Matches, informative: Callable[[str], list[str]]) -> tuple[list[str], str]:
    """What ``previous`` is about, as typed: (its course terms, its topic as one phrase).

    The topic keeps the course terms (a glossary term that is not generic or an English word's
    translation) and the informative words, in order, and drops the ask (question words, «فرق»).
    «فرق LSTM با GRU چیه؟» → (["LSTM", "GRU"], "LSTM و GRU"); «LeNet کی معرفی شد؟» → (["LeNet"], "LeNet معرفی").
    """
    words = tokens(previous)
    runs: list[tuple[int, int, bool]] = []  # token spans [start, end) and whether it is a course term
    named = sorted((m for m in matches(previous) if _is_name(m)), key=lambda m: m.start)
    spans: dict[int, int] = {}
    for match in named:
        start, end = _with_digits(words, match)
        if all(start >= e or end <= s for s, e in spans.items()):
            spans[start] = end
    english = _english(previous)
    i = 0
    while i < len(words):
        if i in spans:
            runs.append((i, spans[i], True))
            i = spans[i]
            continue
        if words[i] not in _ASK and stem(words[i]) not in _aspects() and informative(words[i]):
            if runs and not runs[-1][2] and runs[-1][1] == i:  # a run of plain words grows
                runs[-1] = (runs[-1][0], i + 1, False)
            else:
                runs.append((i, i + 1, False))
        i += 1
    names = [_as_typed("".join(words[s:e]), previous) for s, e in _first_group(words, runs)]
    if not english and any(_latin(words[i]) for s, e, name in runs if not name for i in range(s, e)):
        # a Latin word the glossary does not know is the material's own term: «temperature تو softmax» is about
        # temperature, «OpenSubtitle … turn detection» about the dataset; the topic says them, the names would not
        names = []
    parts: list[str] = []
    for n, (start, end, _name) in enumerate(runs):
        if n:
            before = runs[n - 1]
            gap = words[before[1]:start]
            if gap and set(gap) <= _LINK:
                parts.append("and" if english else "و")
            elif gap and set(gap) <= _PREPOSITION:
                parts.append(" ".join(gap))
        parts.append(_as_typed("".join(words[start:end]), previous, " ".join(words[start:end])))
    return names, " ".join(parts)


def _latin(word: str) -> bool:
    return bool(_LATIN_WORD.fullmatch(word))


def _first_group(words: list[str], runs: list[tuple[int, int, bool]]) -> list[tuple[int, int]]:
    """The course terms a pronoun can stand for: the first one, with those joined to it by «و», «با», «یا» or a
    preposition («فرق LSTM با GRU» → LSTM, GRU; «طبقه‌بند کمکی تو GoogLeNet» → both).  A term later in the
    question after other words is what the subject acts on: «بگینگ چطور واریانس را کاهش می‌دهد؟» is about
    bagging, so «معایبش چیه؟» asks for bagging's drawbacks, not variance's."""
    named = [(s, e) for s, e, name in runs if name]
    group = named[:1]
    for start, end in named[1:]:
        gap = words[group[-1][1]:start]
        if not all(w in _LINK or w in _PREPOSITION for w in gap):
            break
        group.append((start, end))
    return group


_TYPED_WORD = re.compile(r"[^\W_]+(?:[\u200c\-][^\W_]+)*")


def _refer(question: str, referent: str, known: Known, informative: Callable[[str], list[str]],
           english: bool) -> str | None:
    """``question`` with ``referent`` in place of its first pronoun or possessive ending (None: none found).

    «کی معرفیش کرد؟» → «کی معرفی X کرد؟»; «اون چند لایه داره؟» → «X چند لایه داره؟»; «این مدل ...» →
    «مدل X ...» ("this model" → "X model"); "who introduced it?" → "who introduced X?".
    """
    found = list(_TYPED_WORD.finditer(question))
    for n, match in enumerate(found):
        typed = match.group(0)
        parts = tokens(typed)
        if not parts:
            continue
        if len(parts) == 1 and parts[0] in _POINTING:
            after = found[n + 1] if n + 1 < len(found) else None
            if parts[0] in _DEMONSTRATIVE and after and not english and informative(after.group(0)):
                # «این مدل» → «مدل X»: the demonstrative goes, its noun takes the name (once: «این مشکل» after
                # «مشکل روش MC …» is «مشکل روش MC …»)
                said = referent if tokens(referent)[:1] == tokens(after.group(0)) else f"{after.group(0)} {referent}"
                return question[:match.start()] + said + question[after.end():]
            return question[:match.start()] + referent + question[match.end():]
        if len(parts) == 1 and parts[0] in _PREPOSITION_PRONOUN:  # «ازش» → «از X»
            return question[:match.start()] + f"{_PREPOSITION_PRONOUN[parts[0]]} {referent}" + question[match.end():]
        last = parts[-1]
        if len(parts) > 1 and last in _POINTING:  # «معرفی‌اش»: the ending written apart
            stem = re.sub(r"[\u200c\-]*[^\u200c\-]+$", "", typed)
            return question[:match.start()] + f"{stem} {referent}" + question[match.end():]
        for suffix in POSSESSIVE_ENDINGS:
            stem = last[: -len(suffix)]
            if last.endswith(suffix) and len(stem) >= 2 and not known(last) and known(stem):
                bare = typed[: -len(suffix)] if typed.endswith(suffix) else stem
                return question[:match.start()] + f"{bare.rstrip(chr(0x200c))} {referent}" + question[match.end():]
    return None


def _has_topic(question: str, matches: Matches, informative: Callable[[str], list[str]]) -> bool:
    """Names something of its own: a course term that is not generic, or two informative words."""
    if any(_is_name(m) for m in matches(question)):
        return True
    return len(informative(question)) >= 2


def _spelled(text: str) -> str:
    """A pattern finding ``text`` (search form) in typed text: any case; spaces, half-spaces or the dot
    of ``torch.rand`` between letters; a decimal point as typed («0.7» for the search form's «0٫7»)."""
    return r"[\s\u200c\-_.]*".join("[.٫]" if ch == "٫" else re.escape(ch) for ch in text.replace(" ", ""))


def _as_typed(found: str, typed: str, fallback: str | None = None) -> str:
    """``found`` (search form) as the user typed it («googlenet» → «GoogLeNet»), when it can be found;
    else ``fallback`` (``found`` itself when None): words, unlike a term's parts, keep their spaces."""
    match = re.search(_spelled(found), typed, flags=re.IGNORECASE)
    return match.group(0) if match else (found if fallback is None else fallback)


def _substitute(previous: str, new: str, matches: Matches, same_kind: bool = False) -> str | None:
    """``previous`` with the course term most like ``new``'s replaced by ``new`` (None: nothing to replace).

    ``same_kind``: only a term of the same kind is replaced (a model for a model); otherwise the
    first term is, when none is of that kind.
    """
    incoming = [m for m in matches(new) if _is_name(m)]
    words = tokens(previous)
    found = [m for m in matches(previous) if _is_name(m)]
    kind = incoming[0].term.kind if incoming else "model"
    alike = [m for m in found if m.term.kind == kind]
    if not found or (same_kind and not alike):
        return None
    target = (alike or found)[0]
    start, end = _with_digits(words, target)
    # Replace it in the question as typed, so the rest keeps its spelling; the search-form words
    # are the fallback when the spelling cannot be found again (a colloquial form was rewritten).
    return _replace(previous, words, start, end, new)


def _replace(previous: str, words: list[str], start: int, end: int, new: str) -> str:
    """``previous`` with its words ``words[start:end]`` (search form) replaced by ``new``."""
    typed, count = re.subn(_spelled("".join(words[start:end])), new.strip(), previous, count=1, flags=re.IGNORECASE)
    if count:
        return typed
    return " ".join([*words[:start], new.strip(), *words[end:]]) + "؟"


def _after_preposition(previous: str, preposition: str, new: str, matches: Matches,
                       informative: Callable[[str], list[str]]) -> str | None:
    """``previous`` with the name after ``preposition`` replaced by ``new`` (None: no name follows it there).

    «برای رگرسیون چطور؟» after «برای طبقه‌بندی دودویی تو لایه خروجی …» and «برای بینایی کامپیوتر چی؟» after «تو
    طراحی سیستم ML برای NLP …»: the same preposition says which name is replaced, more surely than a kind.
    """
    words = tokens(previous)
    said = tokens(preposition)
    names = {m.start: _with_digits(words, m) for m in matches(previous) if _is_name(m)}
    for i, word in enumerate(words[:-1]):
        if [word] != said:
            continue
        start, end = names.get(i + 1, (i + 1, i + 1))
        if end == start:  # not a glossary name: a run of Latin words («برای NLP»)
            while end < len(words) and _latin(words[end]):
                end += 1
        if end == start:  # or of up to three plain words, up to the next preposition («برای طبقه‌بندی دودویی تو …»)
            while (end < len(words) and end - start < 3 and words[end] not in _PREPOSITION
                   and words[end] not in _LINK and words[end] not in ASKING):
                end += 1
            if end >= len(words) or words[end] not in _PREPOSITION or not informative(" ".join(words[start:end])):
                end = start  # the phrase goes on, or says nothing: what to replace is unclear
        if end > start:
            return _replace(previous, words, start, end, new)
    return None


# How alike two Latin words must be for one to stand for the other in a follow-up (OSA similarity):
# «rand»/«randn» 0.8, «MAE»/«MAPE» 0.75, «L2»/«L1» 0.5; «same»/«valid» 0.2 is not enough.
PARALLEL_SIMILARITY = 0.5
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    terms: tuple[str, ...]  # its search-form tokens
    latin: bool


# as _TYPED_WORD, with «zeros_like» one word, and a number with its decimals one word: «0.7» after «با γ=0.8 …»
# replaces «0.8», not the «8» of it after a shared «0»
_NAME_WORD = re.compile(r"\d+(?:[.٫/]\d+)+|\w+(?:[\u200c\-]\w+)*")


def _typed_words(text: str) -> list[_Word]:
    return [_Word(m.start(), m.end(), tuple(tokens(m.group(0))), _latin(m.group(0)))
            for m in _NAME_WORD.finditer(text)]


def _parallel(previous: str, new: str, matches: Matches, shared_only: bool = False) -> str | None:
    """``previous`` with the words ``new`` stands for replaced, when the material's terms are not in the
    glossary (None: no word of ``previous`` is clearly its counterpart).

    The glossary's kinds (a model for a model) pair «VGG» with «AlexNet»; on a new course's material
    the names are its own, so the pairing comes from the two questions themselves:
    - **shared words**: «و شبکه کاملا متصل چی؟» after «دقت شبکه کانولوشنی روی MNIST ...» keeps «شبکه»
      and replaces what follows it (up to a preposition); «کم باشه چی» after «... زیاد باشه ...» what
      precedes «باشه»;
    - **a Latin name like another**: «و randn چی؟» after «torch.rand ...», «MAPE چی؟» after «MAE چیه؟»;
    - **the one other Latin name**: «و StandardScaler چی؟» after «MinMaxScaler چیکار میکنه؟»; a glossary
      term («padding» in «padding same») is not the one replaced.

    ``shared_only``: shared words alone, which say what is replaced more surely than a glossary term's kind.
    """
    old, fresh = _typed_words(previous), _typed_words(new)
    if not old or not fresh:
        return None
    span = _after_shared(old, fresh) or (None if shared_only else _like_latin(old, fresh, previous, matches))
    if span is None:
        return None
    start, end = span
    return previous[:start] + new.strip() + previous[end:]


def _after_shared(old: list[_Word], fresh: list[_Word]) -> tuple[int, int] | None:
    """The words of ``old`` beside the words ``fresh`` shares with it, on the side ``fresh`` adds to."""
    # the same word a plural or ezafe apart: «پارامتر زیاد چی؟» shares «پارامتر» with «… پارامترهای کم …»
    shared = [bool(w.terms) and any(_stems(w.terms) == _stems(o.terms) for o in old) for w in fresh]
    if True not in shared:
        return None
    first = shared.index(True)
    last = len(shared) - 1 - shared[::-1].index(True)
    if not all(shared[first : last + 1]) or (first == 0 and last == len(fresh) - 1):
        return None
    # «شبکه | کاملا متصل»: shared first, new after; «کم | باشه»: new first, shared after; «بایاس | نورون | NAND»
    # after «… وزن‌های نورون OR …»: new on both sides, each replacing its counterpart
    start, end = _position(old, fresh[first]), _position(old, fresh[last])
    if start is None or end is None or (first and last < len(fresh) - 1 and end - start != last - first):
        return None  # a shared word not found again, or shared words standing apart: which is which is unclear
    english = all(o.latin for o in old)  # «OR» in a Persian question is a gate, not the word "or"
    kept = old[start : end + 1]  # ``new`` says the shared words again: they are replaced with their neighbours
    if first:
        before = _neighbours(old, start, -1, first, fresh[0].latin, english)
        if not before:
            return None
        kept += before
    if last < len(fresh) - 1:
        after = _neighbours(old, end, 1, len(fresh) - 1 - last, fresh[last + 1].latin, english)
        if not after:
            return None
        kept += after
    return min(w.start for w in kept), max(w.end for w in kept)


def _position(old: list[_Word], word: _Word) -> int | None:
    return next((i for i, o in enumerate(old) if _stems(o.terms) == _stems(word.terms)), None)


def _neighbours(old: list[_Word], at: int, step: int, count: int, latin: bool, english: bool) -> list[_Word]:
    """Up to ``count`` words of ``old`` from ``at`` on in direction ``step``, in the script the new words are in
    (what is replaced is), stopping at a preposition or a link word of the question's language."""
    taken: list[_Word] = []
    i = at + step
    while 0 <= i < len(old) and len(taken) < count:
        word = old[i]
        joins = (english or not word.latin) and any(t in _PREPOSITION or t in _LINK for t in word.terms)
        if joins or word.latin != latin:
            break
        taken.append(word)
        i += step
    return taken


def _stems(terms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(stem(t) for t in terms)


def _like_latin(old: list[_Word], fresh: list[_Word], previous: str, matches: Matches) -> tuple[int, int] | None:
    latin = all(w.latin for w in fresh)
    if not latin and len(fresh) > 2:  # «آنتروپی چی؟» after «شاخص GINI …»: a short term may stand for the name
        return None
    text = " ".join(t for w in fresh for t in w.terms)
    candidates = [w for w in old if w.latin and " ".join(w.terms) != text]
    if not candidates:
        return None
    likeness, best = max((OSA.normalized_similarity(" ".join(w.terms), text), i) for i, w in enumerate(candidates))
    if latin and likeness >= PARALLEL_SIMILARITY:
        return candidates[best].start, candidates[best].end
    words = tokens(previous)
    named = {t for m in matches(previous) if _is_name(m) for t in words[m.start:m.end]}
    free = [i for i, w in enumerate(old) if w in candidates and not set(w.terms) <= named]
    if not free or free != list(range(free[0], free[-1] + 1)):  # none, or not one run: which is unclear
        return None
    return old[free[0]].start, old[free[-1]].end


def _with_digits(words: list[str], match: Match) -> tuple[int, int]:
    """The match's token span with a model number after it («resnet 50», «vgg 16»)."""
    end = match.end
    while end < len(words) and words[end].isdigit():
        end += 1
    return match.start, end


def _only_a_name(question: str, matches: Matches, informative: Callable[[str], list[str]]) -> str | None:
    """The course term a short follow-up consists of («VGG-19 چی؟», «AlexNet چند تا؟»), as typed."""
    words = tokens(question)
    named = [m for m in matches(question) if _is_name(m)]
    if len(named) != 1 or len(words) > 4:
        return None
    start, end = _with_digits(words, named[0])
    rest = informative(" ".join(words[:start] + words[end:]))
    return None if rest else _as_typed("".join(words[start:end]), question)


def resolve(question: str, context: Sequence[str], matches: Matches, informative: Callable[[str], list[str]],
            known: Known) -> Resolved:
    """Read ``question`` against ``context`` (earlier questions, oldest first; each may itself be a follow-up)."""
    previous = ""
    for earlier in context:
        if earlier.strip():
            previous = resolve(earlier, [previous] if previous else [], matches, informative, known).question
    if not previous:
        return Resolved(question, ALONE)
    bare = _bare(question)
    if _MORE.match(bare):
        return Resolved(previous, MORE, previous)
    sub = _SUBSTITUTE.match(bare) if len(bare.split()) <= 6 else None
    new = _as_typed(sub.group("x") or sub.group("y"), question) if sub else None
    if new and any(word in ASKING for word in tokens(new)):
        new = None  # «پس VGG چند تا لایه داره؟» asks a whole question of its own, not «و VGG چی؟»
    if new and tokens(new)[:1] in (["اگر"], ["if"]):
        new = None  # «اگه λ=1 باشه چی؟» asks what follows from a value: the previous topic, not a name in its place
    elliptical = bool(new) and not _DEFINITION.search(bare)  # «برای رگرسیون چطور؟»: no verb of its own
    # «معایبش چی؟» after «مزایای CNN …» asks for CNN's drawbacks: «معایب» stands for no term of it
    back = bool(new) and _points_back(tokens(new), known)
    if back:
        new = None
    if new and _has_topic(new, matches, informative) and not _MORE.match(new):
        # a word the two share says which words ``new`` stands for («با پارامتر زیاد چی؟» after «… با پارامترهای
        # کم …»), more surely than the first course term of ``previous`` (which would be «شبکه عصبی»)
        # and so does a preposition the two share («برای رگرسیون چطور؟» after «برای طبقه‌بندی دودویی …»); then a
        # term of the same kind, then a Latin name in place of another («و sigma^2 چی؟» after «اگه C تو SVM …»
        # replaces «C», not the glossary's «SVM»), and only then the first term of any kind
        preposition = sub.group("p") or sub.group("q")
        replaced = (_parallel(previous, new, matches, shared_only=True)
                    or (preposition and _after_preposition(previous, preposition, new, matches, informative))
                    or _substitute(previous, new, matches, same_kind=True)
                    or _parallel(previous, new, matches) or _substitute(previous, new, matches))
    else:  # «VGG-19 چی؟», «AlexNet چند تا؟»: a name in place of one of the same kind, unless it asks what it is
        name = None if _DEFINITION.search(bare) or back else _only_a_name(question, matches, informative)
        replaced = _substitute(previous, name, matches, same_kind=True) if name else None
    if not replaced and new and not _MORE.match(new) and not _DEFINITION.search(bare):
        replaced = _parallel(previous, new, matches)  # names the glossary does not know
    if replaced:
        return Resolved(replaced, SUBSTITUTE, previous)
    words = tokens(question)
    pointing = _points_back(words, known)
    opens = bool(words) and words[0] in _CARRIES_ON and words[:2] != ["بعد", "از"]
    carries_on = elliptical or (opens and not any(_is_name(m) for m in matches(question)))
    if not pointing and not carries_on and _has_topic(question, matches, informative):
        return Resolved(question, ALONE)
    names, topic = _topic(previous, matches, informative)
    if not topic:  # nothing to carry over but the previous question itself
        return Resolved(f"{previous.rstrip()} {question.strip()}", MERGE, previous)
    english = _english(question)
    referred = _refer(question, _joined(names, english) or topic, known, informative, english) if pointing else None
    if referred:
        return Resolved(referred, MERGE, previous)
    # no pronoun to put it in: the topic, then the new ask («LeNet معرفی» + «توسط کی؟»); its
    # informative words too, not only its names: «توسط کی؟» needs «معرفی» as much as «LeNet»
    return Resolved(f"{topic} {question.strip()}", MERGE, previous)
