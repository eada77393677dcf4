"""Generated answers held to the course: the prompt a model gets, and every sentence it writes checked.

Abstention happens before any of this: a question the material does not cover never reaches a model.
The model sees the question (as searched: after context and Finglish), the passages the extractive
answer would cite, numbered with their titles, and is told to answer in Persian from them only, citing
each claim as [n], or to reply with a fixed marker.  Its reply is then read sentence by sentence:

- a sentence must cite a passage it was given;
- it must be supported by one it cites: enough of its informative words appear there (above
  ``WORDS_SURE`` that settles it; below ``WORDS_LEAST`` it fails), and in between e5 must put the
  sentence close to the passage (``MEANING_LEAST``);
- every number in it must appear in a passage it cites (or in the calculation being explained).

Unsupported sentences are dropped; when too little survives, the extractive answer is sent instead.
Thresholds were calibrated on the development questions (``benchmarks/generated.py``, figures in the
README).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, replace

import numpy as np

from knowledge.chunking import sentences
from knowledge.llm import DEADLINE, EMPTY, ModelError
from knowledge.normalize import search_form
from knowledge.types import Citation

NOT_IN_PASSAGES = "NOT_IN_PASSAGES"
WORDS_SURE = 0.8      # share of a sentence's informative words found in the passage: supported outright
WORDS_LEAST = 0.34    # below this share, unsupported whatever the embedding says
MEANING_LEAST = 0.86  # e5 similarity (query-side sentence, passage-side passage) needed in between
KEEP_LEAST = 0.5      # the share of the reply (by characters) that must survive, else the extractive answer
# Why a generated answer was not used (besides knowledge.llm's reasons).
NOT_ANSWERED, TOO_LITTLE = "not_in_passages", "too_little_verified"
# Why a sentence was dropped.
NO_CITATION, BAD_CITATION, UNSUPPORTED, NUMBER = "no_citation", "bad_citation", "unsupported", "number"

SYSTEM = (
    "You are a teaching assistant for a deep-learning course. Answer the student's question in Persian, "
    "in two to four short sentences, using ONLY the numbered course passages given. End every sentence "
    "with the number of the passage it comes from, like [1] or [2]. Copy numbers exactly as the passages "
    "write them. Do not add anything the passages do not say. If the passages do not answer the "
    f"question, reply with exactly {NOT_IN_PASSAGES} and nothing else."
)
_CITE = re.compile(r"\[(\d+)\]")
_LEADING_CITES = re.compile(r"^((?:\s*\[\d+\])+)\s*")
_AFTER_CITES = re.compile(r"(?<=\])\s+(?=[^\s\[.؟?!])")  # "… [1] • next claim": cut after the citation
_NUMBER = re.compile(r"\d+(?:[.٫]\d+)?")
_NAMED_NUMBER = re.compile(r"[^\W\d_]+-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class CheckedSentence:
    text: str                    # as written, citations included
    cites: tuple[int, ...]       # passage numbers, 1-based
    passed: bool
    why: str = ""                # NO_CITATION, BAD_CITATION, UNSUPPORTED, NUMBER


@dataclass(frozen=True)
class Generated:
    """A model's answer after checking; ``used`` false means: send the extractive answer (``fallback`` says why)."""

    text: str                                 # the sentences that passed, in order
    sentences: tuple[CheckedSentence, ...]
    model: str
    model_s: float                            # seconds the model took
    used: bool
    fallback: str = ""
    check_ms: float = 0.0                     # what we add to the model's time: the prompt, the checks left after it
    cut: bool = False                         # stopped at the deadline: only the sentences complete by then


def prompt(question: str, passages: Sequence[Citation]) -> list[dict]:
    """The chat messages: our instructions, then the passages numbered with their titles and the question."""
    numbered = "\n\n".join(f"[{i}] {p.title}" + (f" › {p.section}" if p.section else "") + f"\n{p.text}"
                           for i, p in enumerate(passages, 1))
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Passages:\n\n{numbered}\n\nQuestion: {question}"}]


def split(reply: str) -> list[str]:
    """The reply's claims, each with the citations that close it: sentences, also cut after a citation that
    more text follows (list items without full stops); a model may put [1] after the full stop."""
    units: list[str] = []
    for sentence in sentences(reply):
        lead = _LEADING_CITES.match(sentence)
        if lead and units:
            units[-1] += " " + lead.group(1).strip()
            sentence = sentence[lead.end():]
        units += [claim.strip() for claim in _AFTER_CITES.split(sentence) if claim.strip()]
    return units


class Checker:
    """Checks sentences against passages.  ``words`` analyses text into informative terms as retrieval does,
    ``embed`` gives e5 query vectors for sentences, ``passage_vector`` the stored vector of a passage."""

    def __init__(self, words: Callable[[str], Iterable[str]], embed: Callable[[str], np.ndarray],
                 passage_vector: Callable[[Citation], np.ndarray | None]) -> None:
        self.words = words
        self.embed = embed
        self.passage_vector = passage_vector

    def check(self, sentence: str, passages: Sequence[Citation], extra_numbers: frozenset[str] = frozenset()
              ) -> CheckedSentence:
        cites = tuple(dict.fromkeys(int(n) for n in _CITE.findall(sentence)))
        if not cites:
            return CheckedSentence(sentence, cites, False, NO_CITATION)
        if any(not 1 <= n <= len(passages) for n in cites):
            return CheckedSentence(sentence, cites, False, BAD_CITATION)
        cited = [passages[n - 1] for n in cites]
        claim = _CITE.sub(" ", sentence)
        allowed = extra_numbers | {n for p in cited for n in numbers(p.text)}
        if not numbers(claim) <= allowed:
            return CheckedSentence(sentence, cites, False, NUMBER)
        if not any(self._supports(claim, passage) for passage in cited):
            return CheckedSentence(sentence, cites, False, UNSUPPORTED)
        return CheckedSentence(sentence, cites, True)

    def _supports(self, claim: str, passage: Citation) -> bool:
        informative = set(self.words(claim))
        if not informative:
            return False
        share = len(informative & set(self.words(f"{passage.title} {passage.section} {passage.text}"))) / len(informative)
        if share >= WORDS_SURE:
            return True
        if share < WORDS_LEAST:
            return False
        vector = self.passage_vector(passage)
        return vector is not None and float(self.embed(claim) @ vector) >= MEANING_LEAST


def numbers(text: str) -> set[str]:
    """The numbers in ``text``, in one form: Latin digits, thousands separators dropped, «٫» as «.»; a number
    that is part of a name («LeNet-5», «VGG16», «top-5») as the whole name, so «LeNet-16» is not vouched
    for by a «16» elsewhere in the passage."""
    form = re.sub(r"(?<=\d)[,٬](?=\d{3})", "", search_form(text)).replace("٫", ".")
    named = {m.group(0).replace("-", "") for m in _NAMED_NUMBER.finditer(form)}
    return named | set(_NUMBER.findall(_NAMED_NUMBER.sub(" ", form)))


def verify(reply: str, passages: Sequence[Citation], checker: Checker, model: str, model_s: float,
           extra_numbers: frozenset[str] = frozenset(), checked: dict[str, CheckedSentence] | None = None
           ) -> Generated:
    """Check every sentence of ``reply`` (``checked``: sentences already checked while it streamed);
    keep the reply only if enough of it survives."""
    started = time.perf_counter()
    if NOT_IN_PASSAGES in reply:
        return Generated("", (), model, model_s, False, NOT_ANSWERED)
    memo = {} if checked is None else checked
    results = tuple(memo[s] if s in memo else checker.check(s, passages, extra_numbers) for s in split(reply))
    kept = [c.text for c in results if c.passed]
    total = sum(len(c.text) for c in results)
    used = bool(kept) and sum(len(k) for k in kept) >= KEEP_LEAST * total
    return Generated(" ".join(kept), results, model, model_s, used, "" if used else TOO_LITTLE,
                     check_ms=(time.perf_counter() - started) * 1000)


def generate(question: str, passages: Sequence[Citation], model, checker: Checker,
             on_text: Callable[[str], None] | None = None, extra_numbers: frozenset[str] = frozenset(),
             deadline: float | None = None) -> Generated:
    """Ask ``model`` (a :class:`knowledge.llm.ChatModel`) by ``deadline`` (``time.monotonic()``; None: the
    model's own ``deadline_s``) and verify its reply.

    With ``on_text`` the reply is streamed, and each sentence is checked as soon as the next one begins,
    while the model is still writing; ``on_text`` gets only the sentences that passed, whenever one more
    has, so nothing unchecked is ever shown (an invented sentence, a wrong number, the not-answered
    marker half-written).  What a student waits for beyond the model (``check_ms``: building the prompt,
    checking what was left) stays small.  A model failure is not an error here: it is a Generated with
    ``used`` false and the reason.

    At the deadline a streamed reply is judged by its complete sentences, by the same rule as a whole
    one: the student has been reading checked sentences, and would expect them to stay and be finished
    with the sources, not to vanish for a different text; the last, cut-off sentence is dropped unseen.
    When those sentences are too little of what was written (or none completed), the extractive answer
    replaces them, as it would for a complete reply.
    """
    started = time.perf_counter()
    messages = prompt(question, passages)
    build_ms = (time.perf_counter() - started) * 1000
    checked: dict[str, CheckedSentence] = {}
    started = time.perf_counter()
    reply, cut = "", False
    try:
        if on_text is None:
            reply = model.complete(messages, deadline)
        else:
            with closing(model.stream(messages, deadline)) as pieces:
                for piece in pieces:
                    reply += piece
                    if NOT_IN_PASSAGES in reply:
                        break  # not to be used: stop the model writing
                    _check_complete(reply, passages, checker, extra_numbers, checked, on_text)
    except ModelError as exc:
        if exc.reason != DEADLINE or not split(reply)[:-1]:
            return Generated("", (), model.name, time.perf_counter() - started, False, exc.reason)
        reply, cut = " ".join(split(reply)[:-1]), True
    model_s = time.perf_counter() - started
    if not reply.strip():
        return Generated("", (), model.name, model_s, False, EMPTY)
    result = verify(reply, passages, checker, model.name, model_s, extra_numbers, checked)
    fallback = DEADLINE if cut and not result.used else result.fallback  # the log says the deadline cut it
    return replace(result, check_ms=result.check_ms + build_ms, cut=cut, fallback=fallback)


def _check_complete(reply: str, passages: Sequence[Citation], checker: Checker, extra_numbers: frozenset[str],
                    checked: dict[str, CheckedSentence], on_text: Callable[[str], None]) -> None:
    """Check the sentences of ``reply`` that are complete (another has begun) and not yet checked; when one
    more passes, give ``on_text`` every sentence passed so far."""
    complete = split(reply)[:-1]
    new = [s for s in complete if s not in checked]
    for sentence in new:
        checked[sentence] = checker.check(sentence, passages, extra_numbers)
    if any(checked[s].passed for s in new):
        on_text(" ".join(s for s in complete if checked[s].passed))
