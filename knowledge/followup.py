"""A follow-up, read in the context of the question before it.

Replying «و VGG چی؟», «توسط کی؟», «چرا؟» or «بیشتر توضیح بده» to an answer asks
about the *previous* question.  Searched alone, those words find nothing (or
the forum's posting rules).  :func:`resolve` turns a follow-up into the
question it stands for, in one of four ways:

- **more**: «بیشتر توضیح بده», «ادامه», "tell me more" → the previous question
  again; the answer then shows what the previous one did not;
- **substitute**: «و VGG چی؟», "what about VGG?" → the previous question with
  its course term of the same kind (a model for a model) replaced;
- **merge**: a question with no topic of its own («توسط کی؟», «چند تا پارامتر
  داره؟») or one pointing back («پیش‌فرضش», «اون») → the previous question
  followed by this one, so both the topic and the new ask are searched;
- **alone**: a question that names its own topic ignores the context, so a new
  question sent as a reply (or soon after an answer, in a private chat) is not
  bent towards the old one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.glossary import Match
from knowledge.normalize import search_form, tokens

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
    r"^(?:(?:و|ولی|حالا|پس|اما|and|what about|how about|and what about) )(?:(?:تو|در|با|برای|به|in|for|with) )?(?P<x>.+?)(?: (?:چی|چیست|چطور|چگونه|چه|چی میشود|را بگو|رو بگو|چطوره))?$"
    r"|^(?:(?:تو|در|با|برای|به|in|for|with) )?(?P<y>.+?) (?:چی|چیست|چطور|چگونه|چطوره)$"
)
_DEFINITION = re.compile(r"(چیست|چیستند|یعنی|what is|what are)( |$)")
_POINTING = frozenset(tokens("این اون آن همین اونا اینا آنها ایشون ش اش it its this that they them these those"))
_POSSESSIVE = ("شون", "شان", "اش", "ش")


@dataclass(frozen=True)
class Resolved:
    question: str  # what to search
    mode: str  # more | substitute | merge | alone
    previous: str = ""  # the question it was read against ("" when alone)


Matches = Callable[[str], list[Match]]
Known = Callable[[str], bool]


def _bare(text: str) -> str:
    return " ".join(search_form(text).replace("?", " ").replace("؟", " ").split())


def _points_back(words: list[str], known: Known) -> bool:
    """A pronoun, or a possessive ending on a word the course knows only without it («پیش‌فرضش»)."""
    for word in words:
        if word in _POINTING:
            return True
        for suffix in _POSSESSIVE:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 2 and not known(word) and known(stem):
                return True
    return False


def _has_topic(question: str, matches: Matches, informative: Callable[[str], list[str]]) -> bool:
    """Names something of its own: a course term that is not generic, or two informative words."""
    if any(m.term.kind != "generic" for m in matches(question)):
        return True
    return len(informative(question)) >= 2


def _spelled(text: str) -> str:
    """A pattern finding ``text`` (search form) in typed text: any case, spaces or half-spaces between letters."""
    return r"[\s\u200c\-_]*".join(re.escape(ch) for ch in text.replace(" ", ""))


def _as_typed(found: str, typed: str) -> str:
    """``found`` (search form) as the user typed it («googlenet» → «GoogLeNet»), when it can be found."""
    match = re.search(_spelled(found), typed, flags=re.IGNORECASE)
    return match.group(0) if match else found


def _substitute(previous: str, new: str, matches: Matches, same_kind: bool = False) -> str | None:
    """``previous`` with the course term most like ``new``'s replaced by ``new`` (None: nothing to replace).

    ``same_kind``: only a term of the same kind is replaced (a model for a model); otherwise the
    first term is, when none is of that kind.
    """
    incoming = [m for m in matches(new) if m.term.kind != "generic"]
    words = tokens(previous)
    found = [m for m in matches(previous) if m.term.kind != "generic"]
    kind = incoming[0].term.kind if incoming else "model"
    alike = [m for m in found if m.term.kind == kind]
    if not found or (same_kind and not alike):
        return None
    target = (alike or found)[0]
    start, end = _with_digits(words, target)
    # Replace it in the question as typed, so the rest keeps its spelling; the search-form words
    # are the fallback when the spelling cannot be found again (a colloquial form was rewritten).
    typed, count = re.subn(_spelled("".join(words[start:end])), new.strip(), previous, count=1, flags=re.IGNORECASE)
    if count:
        return typed
    return " ".join([*words[:start], new.strip(), *words[end:]]) + "؟"


def _with_digits(words: list[str], match: Match) -> tuple[int, int]:
    """The match's token span with a model number after it («resnet 50», «vgg 16»)."""
    end = match.end
    while end < len(words) and words[end].isdigit():
        end += 1
    return match.start, end


def _only_a_name(question: str, matches: Matches, informative: Callable[[str], list[str]]) -> str | None:
    """The course term a short follow-up consists of («VGG-19 چی؟», «AlexNet چند تا؟»), as typed."""
    words = tokens(question)
    named = [m for m in matches(question) if m.term.kind != "generic"]
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
    if new and _has_topic(new, matches, informative) and not _MORE.match(new):
        replaced = _substitute(previous, new, matches)
    else:  # «VGG-19 چی؟», «AlexNet چند تا؟»: a name in place of one of the same kind, unless it asks what it is
        name = None if _DEFINITION.search(bare) else _only_a_name(question, matches, informative)
        replaced = _substitute(previous, name, matches, same_kind=True) if name else None
    if replaced:
        return Resolved(replaced, SUBSTITUTE, previous)
    words = tokens(question)
    if _points_back(words, known) or not _has_topic(question, matches, informative):
        # the whole previous question, not only its terms: «توسط کی؟» needs «معرفی شد» as much as «LeNet»
        return Resolved(f"{previous.rstrip()} {question.strip()}", MERGE, previous)
    return Resolved(question, ALONE)
