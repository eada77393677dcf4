"""Verified answers: question–answer pairs a course's TA or admin vouched for, matched question to question
before any retrieval (as MongoDB's chatbot does with its "verified answers").

Where they live: in the course's own knowledge base, a ``verified`` table of its ``kb.sqlite3``, not in the
bot's records.  A course's pairs are then part of the course, like its material: ``daneshyar ask`` answers
from them without any bot, ``daneshyar kb verified export/import`` copies them with the course, a pair can
never answer in another course (another course is another base), and every bot worker reads them from the
disk the workers already share for the material.  Writing them is a knowledge-base write like adding a file:
one process at a time, under the base's write lock (and the workers' one-writer lock, ``bot/workers.py``).
The bot's records keep only the bot's side of the flow: the offers waiting for an admin's tap.

A pair is never deleted.  Retiring one (its answer marked wrong by several 👎) keeps it, so that the question
it stands for still matches and the retired answer is *not* given again; a correction is a new pair whose
``replaces`` names the one it took over from.  A bot answer from the material that was marked wrong becomes a
retired pair of role ``bot`` for the same reason.

Matching reads a question the way retrieval does (Finglish to Persian, spelling; ``KnowledgeBase.understand``),
then scores it against every phrasing of every pair by meaning (the course's e5 embedder, both sides embedded
as queries: question to question is query to query; and as passages, against the course's other pairs) and by
words (the analyser's BM25 terms, glossary keys included, so «لنت» and "LeNet" are one word).  One threshold
decides (:data:`MATCH_THRESHOLD`).
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from knowledge.analyzer import Analyzer, stop_words
from knowledge.glossary import Match as GlossaryMatch
from knowledge.intent import QuestionType, question_type

ACTIVE, RETIRED = "active", "retired"
STATUSES = (ACTIVE, RETIRED)
# Who vouched for an answer: a course's own admin (its TA), one of the bot's admins, or nobody (a bot answer
# from the material that was marked wrong, kept retired).  Never a name.
TA, ADMIN, BOT = "ta", "admin", "bot"
ROLES = (TA, ADMIN, BOT)

# Two stages.  The first ranks the pairs by meaning: the cosine of the two questions' e5 query vectors (the best
# phrasing of each pair).  The second asks whether the best is the *same* question, and not a near miss that
# keeps the frame and changes one thing («VGG16 یا VGG19 روی ImageNet»، «zero یا reflect padding» beside «same
# یا valid»): what the e5 cosine scores as high as a paraphrase.
#
#   score = cosine + MARGIN_WEIGHT * min(cosine - the runner-up pair's cosine, MARGIN_CAP)
#           - SWAP_PENALTY * swaps + CONTRAST_WEIGHT * contrast + RELEVANCE_WEIGHT * relevance
#
# ``swaps``: how many distinctive things (a glossary concept, an English term, a number) each side names that
# the other does not cover, the smaller of the two counts: a paraphrase adds or drops a word, a near miss puts
# one thing in place of another.  The margin: a question well ahead of every other pair is the one it asks
# again, one tied with another pair sits between the two (capped at MARGIN_CAP; a course's only pair counts as
# that far ahead).  ``contrast``: the two questions' cosine as e5 *passages*, less the question's mean passage
# cosine to the course's other pairs (each by its best phrasing; CONTRAST_PRIOR counts as one more pair, so
# that a course of one or two pairs still has a level), plus the same for the pair's question and answer
# embedded as one passage (ANSWERED_PRIOR): e5 scores any two Persian course questions around 0.87, so what
# says "this pair and no other" is how far one pair stands above the question's level for the course.
# Measured with benchmarks/verified.py, fitted on the odd half and read on the even half: without a contrast
# 79/120 answered and 3/62 matched wrongly; the questions' passages alone 73 and 0/62; with the question and
# answer too, 88 and 0/62.  Over the query vectors, over the answer alone, against the nearest few pairs
# instead of all, or as a z-score, the fit gave a contrast no weight.  It costs one more e5 call a question
# (the question as a passage; the query vector is retrieval's), and one a pair when the matcher is built.
# ``relevance``: e5's own task, the question's *query* vector against the pair's question and answer as one
# passage (the vector the contrast already has), less its mean for the other pairs (RELEVANCE_PRIOR counting as
# one more): a paraphrase searches for this pair's answer, a near miss for another answer.  No e5 call more.
# Fitted on the odd half with the rest (2026-12-05): 80/120 answered there against 75, the even half 90/120
# against 88, 0/62 matched wrongly both ways; over the answer alone, or the question's passage vector against
# the answers, the fit gave it no weight.
# And still no match at all when the question names a number the phrasing does not («۱۲۸ فیلتر» is not «۶۴
# فیلتر»), names another architecture in place of the phrasing's («AlexNet» for «LeNet»), asks about the other
# end of a scale, or names another layer in place of the phrasing's: each names a layer of the glossary's
# "layer" family (its column 4) that the other names neither itself nor as a broader or narrower one («dense»
# for «convolution», «LSTM» for «GRU», «max pooling» for «average pooling»; «Conv2D» is a convolution).  The
# fresh file's «FLOPs یه لایه fully connected» matched the conv-FLOPs pair: both are "generic" glossary terms,
# so only a swap told them apart.  On the benchmark and the fresh file it rules out 8 near misses on their
# pair (only that one was matched before) and no paraphrase.  A pair ruled out still counts as the runner-up of
# the margin (:func:`ranked`): without it, the fresh «Global Max Pooling چیکار میکنه؟», no longer tied between
# «GAP» and «max یا average pooling», passed on the second (docs/benchmarks.md).  An English word the glossary
# does not know right before a layer names a kind of it («min pooling»: :func:`_layers`).
# A number is one the question asks about: standing alone («64 فیلتر», «3x3», «۲۲لایه»), not the digits of a
# name («Conv2D», «LeNet-5», «MaxPooling2D», «رزنت ۵۰»), which ruled out 16 paraphrases of the benchmark and the
# two fresh files that wrote a name the pair wrote otherwise, or «0» where it wrote «صفر» (what covers a number
# is every number a phrasing has, in digits or words).  An architecture's digits are its variant: «ResNet152»
# is another architecture than «ResNet50», «LeNet-5» is «LeNet» (:class:`Reading`).
#
# The threshold and the four weights were fitted together on half of benchmarks/data/verified_pairs.jsonl (the
# pairs of odd ids) by ``python benchmarks/verified.py --fit`` (the most paraphrases answered from their pair
# with no wrong answer on that half: no different question matched, no paraphrase answered from another pair;
# MARGIN_CAP is kept from before, the priors are means measured on the same file), and are reported on
# the other half and on a fresh file written apart (figures in docs/benchmarks.md).  None was chosen by looking
# at the held-out half; the fit's rule (no wrong answer rather than at most 2 %) was, see FIT_WRONG there.
MATCH_THRESHOLD = 1.01
MARGIN_WEIGHT = 0.5
MARGIN_CAP = 0.05
SWAP_PENALTY = 0.01
CONTRAST_WEIGHT = 0.5
CONTRAST_PRIOR = 0.87  # e5's mean passage cosine of a question to another pair's (the benchmark's 60 pairs: 0.87-0.88)
ANSWERED_PRIOR = 0.84  # the same to another pair's question and answer as one passage (0.84)
RELEVANCE_WEIGHT = 0.25
RELEVANCE_PRIOR = 0.83  # e5's mean cosine of a question's *query* vector to another pair's question and answer (0.83)
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


class VerifiedFormatError(ValueError):
    """A line of a verified-answers file that cannot be a pair; the message names the line and why."""


@dataclass(frozen=True)
class VerifiedPair:
    """A question and the answer a TA or admin vouched for, in one course."""

    id: str
    course: str
    question: str
    answer: str
    role: str
    created_at: float
    phrasings: tuple[str, ...] = ()  # other ways the question was asked (the question itself not repeated)
    status: str = ACTIVE
    replaces: str = ""  # the id of the pair this one took over from ("" for none)

    @property
    def date(self) -> str:
        """The UTC day it was verified, YYYY-MM-DD (what the reply shows)."""
        return time.strftime("%Y-%m-%d", time.gmtime(self.created_at))

    @property
    def questions(self) -> tuple[str, ...]:
        """Every phrasing, the question first."""
        return tuple(dict.fromkeys((self.question, *self.phrasings)))

    def to_json(self) -> str:
        """One JSON Lines record (the export format; :func:`parse_line` reads it back)."""
        record = asdict(self)
        record["phrasings"] = list(self.phrasings)
        record["date"] = self.date
        return json.dumps(record, ensure_ascii=False)


def new_id() -> str:
    return "v" + secrets.token_hex(5)


def new_pair(course: str, question: str, answer: str, role: str, at: float | None = None,
             phrasings: Iterable[str] = (), status: str = ACTIVE, replaces: str = "") -> VerifiedPair:
    """A pair with a fresh id, checked (ValueError for an empty question or answer, an unknown role)."""
    pair = VerifiedPair(new_id(), course, question.strip(), answer.strip(), role,
                        time.time() if at is None else at, _phrasings(question, phrasings), status, replaces)
    _check(pair)
    return pair


def _phrasings(question: str, phrasings: Iterable[str]) -> tuple[str, ...]:
    question = question.strip()
    return tuple(p for p in dict.fromkeys(p.strip() for p in phrasings) if p and p != question)


def _check(pair: VerifiedPair) -> None:
    if not pair.question:
        raise ValueError("the question is empty")
    if not pair.answer:
        raise ValueError("the answer is empty")
    if pair.role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {pair.role!r}")
    if pair.status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {pair.status!r}")


def parse_line(line: str, course: str, number: int = 0) -> VerifiedPair:
    """A pair from one JSON Lines record, imported into ``course``.  Only ``question`` and ``answer`` are
    required; an id is made, the role defaults to ``ta``, the date to now.  VerifiedFormatError says
    which line (``number``) and why."""
    where = f"line {number}: " if number else ""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise VerifiedFormatError(f"{where}not JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise VerifiedFormatError(f"{where}not a JSON object")
    text = lambda key, default="": record.get(key, default) if isinstance(record.get(key, default), str) else None
    question, answer = text("question"), text("answer")
    phrasings = record.get("phrasings", [])
    if not question or not question.strip() or not answer or not answer.strip():
        raise VerifiedFormatError(f"{where}a pair needs a non-empty \"question\" and \"answer\"")
    if not isinstance(phrasings, list) or not all(isinstance(p, str) for p in phrasings):
        raise VerifiedFormatError(f"{where}\"phrasings\" must be a list of strings")
    created = record.get("created_at", time.time())
    if not isinstance(created, (int, float)) or isinstance(created, bool):
        raise VerifiedFormatError(f"{where}\"created_at\" must be a number (unix time)")
    pair = VerifiedPair(text("id") or new_id(), course, question.strip(), answer.strip(), text("role", TA) or "",
                        float(created), _phrasings(question, phrasings), text("status", ACTIVE) or "",
                        text("replaces") or "")
    try:
        _check(pair)
    except ValueError as exc:
        raise VerifiedFormatError(f"{where}{exc}") from None
    return pair


def parse_lines(lines: Iterable[str], course: str) -> list[VerifiedPair]:
    """Every pair of a JSON Lines file (blank lines skipped), or VerifiedFormatError for the first bad line:
    a file is imported whole or not at all."""
    return [parse_line(line, course, number) for number, line in enumerate(lines, 1) if line.strip()]


# -- matching -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A question matched to a pair.  ``pair`` is what stands for it now: the pair matched, or the newest pair
    that took over from it; ``served`` False when that one is retired (its answer is not to be given)."""

    pair: VerifiedPair
    matched: VerifiedPair
    phrasing: str
    score: float

    @property
    def served(self) -> bool:
        return self.pair.status == ACTIVE


def score(cosine: float, margin: float, swaps: int, margin_weight: float = MARGIN_WEIGHT,
          swap_penalty: float = SWAP_PENALTY, contrast: float = 0.0, contrast_weight: float = CONTRAST_WEIGHT,
          relevance: float = 0.0, relevance_weight: float = RELEVANCE_WEIGHT) -> float:
    """How surely a question asks a pair again: its e5 cosine, how far ahead of the runner-up pair, how many
    things it names in place of the pair's, how far above the course's level it stands, and how far the pair's
    answer stands above the others' as what the question searches for (see the constants)."""
    return (cosine + margin_weight * min(max(margin, 0.0), MARGIN_CAP) - swap_penalty * swaps
            + contrast_weight * contrast + relevance_weight * relevance)


_DIMENSIONS = re.compile(r"\d+(?:x\d+)*")  # «64», «3x3», «7x7x512»: numbers a question asks about
_GLUED = re.compile(r"([a-z]+)(\d+(?:x\d+)*)(d?)([a-z]*)")  # «resnet50», «maxpooling2d», «conv2dtranspose», «conv3x3»
_LATIN = re.compile(r"[a-z]")
_LATIN_WORD = re.compile(r"[a-z]{2,}")
_DISTINCT_KINDS = ("model", "concept", "generic")  # not "word": «لایه», «مدل», «مشکل» name no topic
LAYER_FAMILY = "layer"  # the glossary's family of layers (its column 4): two of them are alternatives
# Numbers written as words: what a phrasing with «صفر» or «ده کلاس» covers of a question's "0" or "10".  Only on
# the covering side: «یک»/"one" is also "a", and «دو بعدی» is a Conv2D, not a number asked about.
_NUMBER_WORDS = {"صفر": "0", "zero": "0", "یک": "1", "یه": "1", "one": "1", "دو": "2", "two": "2", "سه": "3",
                 "three": "3", "چهار": "4", "four": "4", "پنج": "5", "five": "5", "شش": "6", "six": "6",
                 "هفت": "7", "seven": "7", "هشت": "8", "eight": "8", "نه": "9", "nine": "9", "ده": "10", "ten": "10"}


# Words that ask about one end of a scale: «learning rate خیلی کم» is another question than «خیلی زیاد», and
# «دیتاستم بزرگه» than «دیتاستم کوچیکه», though e5 puts each pair of questions at 0.98 (a spoken «ه»
# or «تر» may follow).  Measured on the fresh file: two of its three wrong matches were such opposites.
_SCALE = {
    "low": re.compile(r"(?<!\w)(کم|کمتر|پایین|پائین|کوچک|کوچیک|ریز|low|lower|small|smaller|tiny|few|fewer|less)(ه|تر|ی)?(?!\w)"),
    "high": re.compile(r"(?<!\w)(زیاد|زیادی|بیشتر|بالا|بزرگ|گنده|درشت|high|higher|large|larger|big|bigger|huge|many|more)(ه|تر|ی)?(?!\w)"),
}


def scale(text: str) -> frozenset[str]:
    """Which ends of a scale ``text`` asks about ("low", "high", both or neither)."""
    lowered = text.lower()
    return frozenset(end for end, pattern in _SCALE.items() if pattern.search(lowered))


def opposite(asked: frozenset[str], written: frozenset[str]) -> bool:
    """One question asks about one end of a scale and the other only about the other end."""
    return bool(asked and written and not asked & written)


@dataclass(frozen=True)
class Reading:
    """What a question or phrasing names, read once (:func:`reading`): what the hard rules and the swaps compare.

    A number asked about is one standing alone («64 فیلتر», «3x3»); the digits of a name («Conv2D», «LeNet-5»,
    «ResNet50», «MaxPooling2D») are the name's, so a paraphrase that writes the name is not another question
    for them.  What a phrasing covers is every number it has, its names' digits and numbers in words included."""

    names: frozenset[str] = frozenset()  # what tells it from a near question (see :func:`swaps`)
    numbers: frozenset[str] = frozenset()  # the numbers it asks about
    written: frozenset[str] = frozenset()  # every number in it: what covers another's ``numbers``
    models: frozenset[tuple[str, str]] = frozenset()  # (architecture, variant): ("resnet", "50"), ("lenet", "")
    layers: frozenset[tuple[str, ...]] = frozenset()  # each layer named, as its chain of broader concepts
    ends: frozenset[str] = frozenset()  # the ends of a scale it asks about (:func:`scale`)
    asks: frozenset[QuestionType] = frozenset()  # asks who or when (:data:`_PERSON_OR_DATE`), or neither


def bare_reading(text: str) -> Reading:
    """The numbers and the ends of a scale of ``text`` without a glossary (a matcher given no analyser)."""
    words = re.findall(r"\w+", text.translate(_DIGITS).lower())
    return Reading(numbers=_asked_numbers(words, set()), written=_written_numbers(words), ends=scale(text),
                   asks=_asks(text))


def reading(analyzer: Analyzer, text: str) -> Reading:
    """``text`` read once through the analyser and its glossary (see :class:`Reading`): its glossary concepts (by
    key, whatever the spelling or the language), the English terms the glossary does not know («reflect»,
    «validation») and the numbers asked about; its architectures («لنت» and "LeNet" alike) with their variants
    («ResNet-50», «رزنت ۵۰»); its layers of the glossary's "layer" family, each as its chain of broader concepts
    (:meth:`Glossary.family`)."""
    plain = analyzer.plain(text)
    tokens, variants = _unglued(analyzer, plain)
    found = analyzer.glossary.matches(tokens)
    models, named_at = _models(found, tokens, variants)
    keys = {m.term.key for m in found if m.term.kind in _DISTINCT_KINDS}
    parts = {part for m in found for part in m.term.key.split("_")}
    stops = stop_words()
    latin = {t for t in tokens if _LATIN_WORD.fullmatch(t) and t not in stops and t not in parts}
    asked = _asked_numbers(tokens, named_at)
    return Reading(frozenset(keys | latin | asked), asked, _written_numbers(plain), models,
                   _layers(analyzer, found, tokens), scale(text), _asks(text))


# a question for a person or a date is another question than one for what a thing is or holds, however alike
# («VGG توسط چه کسانی معرفی شد؟» beside «یه بلوک VGG از چه لایه‌هایی تشکیل شده؟»)
_PERSON_OR_DATE = frozenset({QuestionType.WHO, QuestionType.WHEN})


def _asks(text: str) -> frozenset[QuestionType]:
    return frozenset({question_type(text)}) & _PERSON_OR_DATE


def other_ask(asked: frozenset[QuestionType], written: frozenset[QuestionType]) -> bool:
    """The question asks who or when, the phrasing neither."""
    return bool(asked) and not written


def _layers(analyzer: Analyzer, found: list[GlossaryMatch], tokens: list[str]) -> frozenset[tuple[str, ...]]:
    """Each layer of the glossary's "layer" family named, as its chain of broader concepts.  An English word the
    glossary does not know right before one names a kind of it: English puts the kind before the thing («min
    pooling», «dilated convolution»), so «min pooling» is a pooling beside «max pooling» and «average pooling»,
    not the «pooling» they are kinds of."""
    spelled = {i for m in found for i in range(m.start, m.end)}
    stops = stop_words()
    chains = set()
    for m in found:
        chain = analyzer.glossary.family(m.term)
        if not chain or chain[-1] != LAYER_FAMILY:
            continue
        kind = tokens[m.start - 1] if m.start and m.start - 1 not in spelled else ""
        chains.add((f"{kind}_{chain[0]}", *chain) if _LATIN_WORD.fullmatch(kind) and kind not in stops else chain)
    return frozenset(chains)


def _unglued(analyzer: Analyzer, tokens: list[str]) -> tuple[list[str], dict[int, str]]:
    """``tokens`` with each name the glossary does not spell with its digits taken apart («resnet50» → «resnet»,
    variant 50; «conv2dtranspose» → «conv2d», «transpose»), and the variants by position: the glossary then
    knows the name, and its digits are not a number asked about.  Sizes glued to a name stay sizes: «conv3x3» is
    «conv», «3x3»."""
    out: list[str] = []
    variants: dict[int, str] = {}
    for token in tokens:
        glued = _GLUED.fullmatch(token)
        if glued is None or analyzer.glossary.matches([token]):
            out.append(token)
            continue
        stem, digits, dimension, rest = glued.groups()
        if "x" in digits:
            out.extend([stem, digits + dimension])
        elif analyzer.glossary.matches([stem + digits + dimension]):
            out.append(stem + digits + dimension)
        else:
            variants[len(out)] = digits
            out.append(stem)
        out.extend([rest] if rest else [])
    return out, variants


def _models(found: list[GlossaryMatch], tokens: list[str], variants: dict[int, str]
            ) -> tuple[frozenset[tuple[str, str]], set[int]]:
    """The architectures named, each with its variant (digits glued to it, or the number right after it: «ResNet-50»,
    «رزنت ۵۰»), and the positions of the numbers that were a variant."""
    models: set[tuple[str, str]] = set()
    named_at: set[int] = set()
    for m in (m for m in found if m.term.kind == "model"):
        variant = variants.get(m.end - 1, "")
        if not variant and m.end < len(tokens) and tokens[m.end].isdigit():
            variant = tokens[m.end]
            named_at.add(m.end)
        models.add((m.term.key, variant))
    return frozenset(models), named_at


def _asked_numbers(tokens: list[str], named_at: set[int]) -> frozenset[str]:
    """The numbers of tokens standing alone or glued to Persian («۲۲لایه», a space left out): not the digits of a
    Latin name («conv2d», «beta1») nor a number that was an architecture's variant."""
    return frozenset(number for i, token in enumerate(tokens) if i not in named_at
                     and (_DIMENSIONS.fullmatch(token) or not _LATIN.search(token))
                     for number in re.findall(r"\d+", token))


def _written_numbers(tokens: list[str]) -> frozenset[str]:
    """Every number of ``tokens``, in digits anywhere or in words."""
    return frozenset({number for token in tokens for number in re.findall(r"\d+", token)}
                     | {_NUMBER_WORDS[token] for token in tokens if token in _NUMBER_WORDS})


def other_model(asked: frozenset[tuple[str, str]], written: frozenset[tuple[str, str]]) -> bool:
    """Each names an architecture the other does not cover: «AlexNet» for «LeNet», «ResNet152» for «ResNet50»;
    not «LeNet-5» for «LeNet» (a name without a variant covers its variants)."""
    return _uncovered_model(asked, written) and _uncovered_model(written, asked)


def _uncovered_model(models: frozenset[tuple[str, str]], other: frozenset[tuple[str, str]]) -> bool:
    """Some architecture of ``models`` is none of ``other``'s, or the same with another variant."""
    return any(all(key != theirs or (variant and their_variant and variant != their_variant)
                   for theirs, their_variant in other) for key, variant in models)


def distinctive(analyzer: Analyzer, text: str) -> frozenset[str]:
    """What ``text`` names that tells one question from a near one (see :func:`reading`)."""
    return reading(analyzer, text).names


def uncovered(names: frozenset[str], other: frozenset[str]) -> int:
    """How many of ``names`` the other question does not cover.  Covered: named there too, sharing a part of a
    glossary key («classifier» and «auxiliary_classifier»), or one English word a clipping of the other
    («conv» and «convolution», «beta» and «beta1»)."""
    parts = {part for name in other for part in (name, *name.split("_"))}
    return sum(1 for name in names if name not in other and not _covered(name, parts))


def _covered(name: str, parts: set[str]) -> bool:
    if set(name.split("_")) & parts:
        return True
    return name.isalpha() and len(name) >= 3 and any(
        len(part) >= 3 and (part.startswith(name) or name.startswith(part)) for part in parts)


def other_layer(asked: frozenset[tuple[str, ...]], written: frozenset[tuple[str, ...]]) -> bool:
    """Each question names a layer that the other names neither itself, nor as a kind of one it names, nor as
    a broader one («dense» for «convolution», «max pooling» for «average pooling»; not «conv2d» for «convolution»,
    nor «pooling» for «max pooling»): the same frame about another layer is another question."""
    return _alone(asked, written) and _alone(written, asked)


def _alone(layers: frozenset[tuple[str, ...]], other: frozenset[tuple[str, ...]]) -> bool:
    """Some layer of ``layers`` is none of ``other``'s, nor within or above one of them."""
    return any(all(chain[0] not in theirs and theirs[0] not in chain for theirs in other) for chain in layers)


def swaps(names: frozenset[str], other: frozenset[str]) -> int:
    """Things one question names in place of the other's: the fewer of the two sides' uncovered names."""
    return min(uncovered(names, other), uncovered(other, names))


@dataclass(frozen=True)
class Alike:
    """How alike a question is to one phrasing of a pair: what :func:`score` combines."""

    pair: VerifiedPair
    phrasing: str
    cosine: float
    swaps: int
    other_numbers: bool  # the question names a number the phrasing does not
    other_model: bool = False  # each names an architecture the other does not («AlexNet» for «LeNet»)
    contrast: float = 0.0  # passage cosine over the question's level for the other pairs (see the constants)
    other_end: bool = False  # each asks about another end of a scale («خیلی کم» for «خیلی زیاد»)
    other_layer: bool = False  # each names a layer the other does not («dense» for «convolution»)
    relevance: float = 0.0  # the pair's question and answer as what the question searches for (see the constants)
    other_ask: bool = False  # the question asks who or when, the phrasing neither (:func:`other_ask`)


def ranked(alike: Iterable[Alike], margin_weight: float = MARGIN_WEIGHT, swap_penalty: float = SWAP_PENALTY,
           contrast_weight: float = CONTRAST_WEIGHT,
           relevance_weight: float = RELEVANCE_WEIGHT) -> list[tuple[float, VerifiedPair, str]]:
    """(score, pair, phrasing) of each pair's best phrasing, best first.  The first stage ranks by cosine; a
    phrasing with other numbers, another architecture, the other end of a scale or another layer does not
    count.  The margin is each pair's cosine over the best other pair's, ruled out or not (:func:`_nearest`): a
    question as near a pair it cannot be («ResNet18's basic block» beside «ResNet50's bottleneck block», «Global
    Max Pooling» beside «GAP») sits among near misses, and is no further ahead of the rest for that."""
    alike = list(alike)
    best: dict[str, Alike] = {}
    for row in alike:
        if not _ruled_out(row) and (row.pair.id not in best or row.cosine > best[row.pair.id].cosine):
            best[row.pair.id] = row
    nearest = _nearest(alike)
    scored = [(score(row.cosine, row.cosine - _runner_up(nearest, row), row.swaps, margin_weight, swap_penalty,
                     row.contrast, contrast_weight, row.relevance, relevance_weight), row.pair, row.phrasing)
              for row in best.values()]
    return sorted(scored, key=lambda item: -item[0])


def _nearest(alike: list[Alike]) -> list[tuple[float, str]]:
    """The two pairs nearest by cosine (cosine of the best phrasing, pair id), ruled out or not, but for a
    phrasing without a number the question asks about: the question is then more specific than it, not a near
    miss of it (beside «1x1 conv یعنی چی؟» «با 1x1 از ۱۴×۱۴×۵۱۲ به ۱۴×۱۴×۲۵۶» asks the one pair that has
    those numbers; counted too, the benchmark's paraphrases answered fell from 173 to 168, without, to 170)."""
    cosines: dict[str, float] = {}
    for row in alike:
        if not row.other_numbers:
            cosines[row.pair.id] = max(cosines.get(row.pair.id, -1.0), row.cosine)
    return sorted(((cosine, pair_id) for pair_id, cosine in cosines.items()), reverse=True)[:2]


def _runner_up(nearest: list[tuple[float, str]], row: Alike) -> float:
    """The cosine of the nearest pair other than ``row``'s; a course's only pair counts as MARGIN_CAP ahead."""
    other = [cosine for cosine, pair_id in nearest if pair_id != row.pair.id]
    return other[0] if other else row.cosine - MARGIN_CAP


def _ruled_out(row: Alike) -> bool:
    """The hard rules: the question asks another thing than this phrasing, however alike by meaning."""
    return row.other_numbers or row.other_model or row.other_end or row.other_layer or row.other_ask


def _above(cosine: float, cosines: dict[str, float], key: str, prior: float) -> float:
    """``cosine`` over the mean of the ``cosines`` of the others than ``key``, ``prior`` counting as one more."""
    return cosine - (sum(cosines.values()) - cosines[key] + prior) / len(cosines)


def _by_chain(chain: dict[str, str], values: Iterable[tuple[str, float]]) -> dict[str, float]:
    """The best of each chain's ``(pair id, value)``, keyed by its newest pair (a pair and the corrections that
    took over from it are one question)."""
    best: dict[str, float] = {}
    for pair_id, value in values:
        best[chain[pair_id]] = max(best.get(chain[pair_id], -1.0), value)
    return best


@dataclass(frozen=True)
class _Phrasing:
    """One phrasing of a pair, read once when the matcher is built."""

    pair: VerifiedPair
    text: str
    read: Reading


def _alike(asked: Reading, row: _Phrasing, cosine: float, contrast: float, relevance: float) -> Alike:
    """How alike a question read as ``asked`` is to one phrasing: its signals, and which hard rules rule it out."""
    written = row.read
    return Alike(row.pair, row.text, cosine, swaps(asked.names, written.names), bool(asked.numbers - written.written),
                 other_model(asked.models, written.models), contrast, opposite(asked.ends, written.ends),
                 other_layer(asked.layers, written.layers), relevance, other_ask(asked.asks, written.asks))


@dataclass
class Matcher:
    """The pairs of one course, ready to match: each phrasing's vector and reading, computed once.

    ``read``: a question as searched (``KnowledgeBase.understand(...).searched``); ``embed``: its e5 query
    vector (unit length); ``reading``: what it names (:func:`reading`; without an analyser only its numbers and
    ends of a scale); ``passage``: its e5 passage vector, and ``answered``: a pair's question and answer as one
    e5 passage (for the contrast; without them every contrast is 0)."""

    pairs: Sequence[VerifiedPair]
    read: Callable[[str], str]
    embed: Callable[[str], np.ndarray]
    reading: Callable[[str], Reading] = bare_reading
    passage: Callable[[str], np.ndarray] | None = None
    answered: Callable[[VerifiedPair], np.ndarray] | None = None
    _rows: list[_Phrasing] = field(init=False, default_factory=list)
    _vectors: np.ndarray | None = field(init=False, default=None)
    _passages: np.ndarray | None = field(init=False, default=None)
    _answered: dict[str, np.ndarray] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        vectors, passages = [], []
        for pair in self.pairs:
            for phrasing in pair.questions:
                searched = self.read(phrasing)
                self._rows.append(_Phrasing(pair, phrasing, self.reading(searched)))
                vectors.append(self.embed(searched))
                if self.passage is not None:
                    passages.append(self.passage(searched))
        self._vectors = np.stack(vectors) if vectors else None
        self._passages = np.stack(passages) if passages else None
        if self.answered is not None:
            self._answered = {pair.id: self.answered(pair) for pair in self.pairs}
        # a correction names the pair it replaced: follow the chain to the newest
        self._successor = {p.replaces: p for p in sorted(self.pairs, key=lambda p: p.created_at) if p.replaces}
        self._chain = {pair.id: self.current(pair).id for pair in self.pairs}  # each pair's newest, for the contrast

    def alike(self, question: str, searched: str | None = None) -> list[Alike]:
        """How alike ``question`` is to every phrasing (the benchmark fits the constants on them).
        ``searched``: the question already read (``KnowledgeBase.ask`` has), so as not to read it twice."""
        if self._vectors is None:
            return []
        searched = self.read(question) if searched is None else searched
        query = self.embed(searched)
        dense = self._vectors @ query
        asked = self.reading(searched)
        contrasts, relevance = self._contrasts(searched), self._relevance(query)
        return [_alike(asked, row, float(cosine), contrast, relevance.get(self._chain[row.pair.id], 0.0))
                for row, cosine, contrast in zip(self._rows, dense, contrasts, strict=True)]

    def _relevance(self, query: np.ndarray) -> dict[str, float]:
        """Each chain's relevance (see the constants): the question's query vector against the pair's question and
        answer as one passage, over its mean for the other chains (RELEVANCE_PRIOR counting as one more)."""
        if not self._answered:
            return {}
        found = _by_chain(self._chain, ((pair_id, float(v @ query)) for pair_id, v in self._answered.items()))
        return {key: _above(value, found, key, RELEVANCE_PRIOR) for key, value in found.items()}

    def _contrasts(self, searched: str) -> list[float]:
        """Each phrasing's contrast (see the constants): its passage cosine with the question over the question's
        mean for the other pairs (each by its best phrasing), plus the same for the pair's question and answer.
        A pair and the corrections that took over from it are one question, not two: "the other pairs" are the
        other chains (the newest of each standing for it), or a correction would halve its own contrast."""
        if self._passages is None or self.passage is None:
            return [0.0] * len(self._rows)
        vector = self.passage(searched)
        cosines = [float(c) for c in self._passages @ vector]
        chain = self._chain
        best = _by_chain(chain, ((row.pair.id, cosine) for row, cosine in zip(self._rows, cosines, strict=True)))
        answered = _by_chain(chain, ((pair_id, float(v @ vector)) for pair_id, v in self._answered.items()))
        return [_above(cosine, best, chain[row.pair.id], CONTRAST_PRIOR)
                + (_above(answered[chain[row.pair.id]], answered, chain[row.pair.id], ANSWERED_PRIOR) if answered else 0.0)
                for row, cosine in zip(self._rows, cosines, strict=True)]

    def scores(self, question: str, searched: str | None = None) -> list[tuple[float, VerifiedPair, str]]:
        """(score, pair, phrasing) of the best phrasing of every pair, best first; a phrasing with other
        numbers than the question's does not count."""
        return ranked(self.alike(question, searched))

    def match(self, question: str, threshold: float = MATCH_THRESHOLD, searched: str | None = None) -> Match | None:
        """The pair ``question`` asks again, or None (then the question is answered from the material)."""
        best = self.scores(question, searched)
        if not best or best[0][0] < threshold:
            return None
        s, matched, phrasing = best[0]
        return Match(self.current(matched), matched, phrasing, s)

    def current(self, pair: VerifiedPair) -> VerifiedPair:
        """The newest pair that took over from ``pair`` (itself when none did)."""
        seen = {pair.id}
        while pair.id in self._successor and self._successor[pair.id].id not in seen:
            pair = self._successor[pair.id]
            seen.add(pair.id)
        return pair


# -- storage --------------------------------------------------------------------------------------------

_COLUMNS = "id, course, question, answer, role, created_at, phrasings, status, replaces"
VERSION_KEY = "verified_version"  # bumped by every write, so each process's matcher knows when to reload


def _row(pair: VerifiedPair) -> tuple:
    return (pair.id, pair.course, pair.question, pair.answer, pair.role, pair.created_at,
            json.dumps(list(pair.phrasings), ensure_ascii=False), pair.status, pair.replaces)


def _pair(row: Sequence) -> VerifiedPair:
    return VerifiedPair(row[0], row[1], row[2], row[3], row[4], float(row[5]), tuple(json.loads(row[6])),
                        row[7], row[8])


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    unchanged: int


class VerifiedAnswers:
    """A course's pairs in its ``kb.sqlite3`` (``store`` is the base's :class:`~knowledge.store.Store`), and the
    matcher over them, rebuilt when any process has written since (a version number in ``meta``).

    Reading is safe from several threads; writing (:meth:`put`, :meth:`verify`, :meth:`retire`,
    :meth:`load`) is for a caller holding the base's write lock (``KnowledgeBase`` does)."""

    def __init__(self, store, course: str, make_matcher: Callable[[Sequence[VerifiedPair]], Matcher]) -> None:
        self.store = store
        self.course = course
        self._make_matcher = make_matcher
        self._matcher: tuple[str | None, Matcher] | None = None
        self._lock = threading.Lock()

    def pairs(self, status: str | None = None) -> list[VerifiedPair]:
        """Every pair (or those of one ``status``), oldest first."""
        where, args = ("WHERE status = ?", (status,)) if status else ("", ())
        rows = self.store.db.execute(f"SELECT {_COLUMNS} FROM verified {where} ORDER BY created_at, id", args)
        return [_pair(r) for r in rows.fetchall()]

    def get(self, pair_id: str) -> VerifiedPair | None:
        row = self.store.db.execute(f"SELECT {_COLUMNS} FROM verified WHERE id = ?", (pair_id,)).fetchone()
        return _pair(row) if row else None

    def matcher(self) -> Matcher:
        version = self.store.get_meta(VERSION_KEY)
        with self._lock:
            if self._matcher is None or self._matcher[0] != version:
                self._matcher = (version, self._make_matcher(self.pairs()))
            return self._matcher[1]

    def match(self, question: str, searched: str | None = None) -> Match | None:
        """``searched``: the question already read (see :meth:`Matcher.alike`)."""
        return self.matcher().match(question, searched=searched)

    # -- writing (under the base's write lock) ------------------------------------------------------------

    def put(self, pairs: Sequence[VerifiedPair]) -> None:
        """Insert or replace ``pairs`` by id, in one transaction."""
        with self.store.transaction() as db:
            db.executemany(f"INSERT OR REPLACE INTO verified ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [_row(p) for p in pairs])
            db.execute("INSERT INTO meta VALUES (?, '1') ON CONFLICT (key) DO UPDATE "
                       "SET value = CAST(value AS INTEGER) + 1", (VERSION_KEY,))

    def verify(self, question: str, answer: str, role: str, phrasings: Iterable[str] = (),
               replaces: str = "", at: float | None = None) -> VerifiedPair:
        """A new active pair.  When the question already matches a pair (or ``replaces`` names one), the new
        one takes over from it: the old is retired and its phrasings carried over."""
        old = self.get(replaces) if replaces else None
        if old is None:
            found = self.match(question)
            old = found.pair if found is not None else None
        carried = old.questions if old is not None else ()
        pair = new_pair(self.course, question, answer, role, at, [*phrasings, *carried],
                        replaces=old.id if old is not None else "")
        self.put([pair] + ([replace(old, status=RETIRED)] if old is not None and old.status == ACTIVE else []))
        return pair

    def retire(self, question: str, shown: str, pair_id: str = "", phrasings: Iterable[str] = (),
               at: float | None = None) -> VerifiedPair:
        """Stop giving an answer to ``question``: the pair ``pair_id`` when the answer was one, else a retired
        pair of role ``bot`` holding what was ``shown`` (a bot answer from the material)."""
        pair = self.get(pair_id) if pair_id else None
        if pair is not None:
            pair = replace(pair, status=RETIRED)
        else:
            pair = new_pair(self.course, question, shown or "—", BOT, at, phrasings, status=RETIRED)
        self.put([pair])
        return pair

    def load(self, pairs: Sequence[VerifiedPair]) -> ImportReport:
        """Import ``pairs`` (already parsed: a file goes in whole or not at all): new ids added, known ones updated."""
        known = {p.id: p for p in self.pairs()}
        changed = [replace(p, course=self.course) for p in pairs if known.get(p.id) != replace(p, course=self.course)]
        if changed:
            self.put(changed)
        updated = sum(1 for p in changed if p.id in known)
        return ImportReport(len(changed) - updated, updated, len(pairs) - len(changed))


__all__ = ["ACTIVE", "ADMIN", "BOT", "MARGIN_CAP", "MARGIN_WEIGHT", "MATCH_THRESHOLD", "ANSWERED_PRIOR", "CONTRAST_PRIOR", "CONTRAST_WEIGHT", "LAYER_FAMILY", "RELEVANCE_PRIOR", "RELEVANCE_WEIGHT", "RETIRED", "ROLES", "SWAP_PENALTY", "TA", "Alike", "ImportReport",
           "Match", "Matcher", "VerifiedAnswers", "VerifiedFormatError", "VerifiedPair", "new_pair", "parse_line",
           "Reading", "bare_reading", "distinctive", "other_layer", "other_model", "reading", "parse_lines", "ranked", "score", "swaps"]
