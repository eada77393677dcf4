"""Hits → an answer: one coherent span of the best passage, cited, or an honest "not covered".

No text is generated: the answer *is* the course material, quoted.  What the
student sees must contain the fact asked for, so the quote is chosen sentence
by sentence across the top passages:

- each sentence scores the IDF-weighted share of the question's terms it holds
  (glossary keys included, so «لنت» meets «LeNet-5»), plus a bonus when it
  carries the *kind* of fact asked for (``knowledge/intent.py``: a reason for
  «چرا», a number for «چند», a year for «کی»), plus the rank of its passage;
- the best sentence anchors the quote, which grows into a span of *consecutive*
  sentences of the same passage: the sentence before it when the anchor points
  back («این کار…», «به همین دلیل…»), the ones after it while they keep to the
  question.  No «…» inside a thought, no stitching of passages;
- a second passage is quoted (separately, with its own citation) only when its
  best sentence is nearly as good and says something the first does not;
- the citation names the section the quoted sentences sit in
  (``StoredChunk.section_at``), and the page for PDFs.

Abstention is the other half.  Dense similarity alone cannot tell a cooking
question from a course one (e5 scores every Persian pair around 0.8), so the
decision also asks how much of the question's *informative* vocabulary the
evidence contains: words the course never uses («ترنسفورمر», «پرسپولیس») weigh
as much as its rarest terms, so a question built around them is not covered.
Words the glossary or the typo matcher recognised are not "unknown"; a Finglish
word transliterated into a word the course never uses («ترانسفورمر») still is.  Thresholds live in :class:`AnswerConfig` (settings: ``[answer]``)
and were calibrated with ``benchmarks/answers.py --calibrate``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields

from knowledge.chunking import TABLE_ROW, in_code, sentence_spans
from knowledge.intent import QuestionType
from knowledge.transliterate import is_english_word
from knowledge.types import ANSWER, HEADING_SEP, NOT_COVERED, Answer, Citation, Hit, StoredChunk

Terms = Callable[[str], list[str]]
Idf = Callable[[str], float]
Similarity = Callable[[Sequence[str]], Sequence[float]]  # the question's cosine similarity to each sentence


@dataclass(frozen=True)
class AnswerConfig:
    """Every threshold of answering and abstaining, in one place (the settings file's ``[answer]`` table)."""

    # -- abstention: answer when  bias + Σ weight·feature  >= 0  (features: :class:`Evidence`).
    # Fitted by logistic regression on in-scope against near-domain questions of ten corpora by different
    # authors and the course's off-topic examples (``tests/data/abstain.jsonl``) with
    # ``python benchmarks/generalisation.py --calibrate`` (a near-domain example weighs 2; each corpus's base as
    # a course would have it: the built-in notes giving way to its material, the course's beside it), for
    # multilingual-e5-small; another embedder needs its own fit.  Each corpus's figures in the README come
    # from weights fitted without it (``--loco``).  ``--calibrate`` now fits every question set of 31 corpora
    # (2026-12-07, stop 52): leave-one-corpus-out it answered 1339 → 1349 of 1440 in-scope questions and refused
    # 139 → 146 of 180 near-domain ones on the corpora this fit never saw, but it answered «پلنگ‌نت در چه سالی
    # معرفی شد؟» from a one-file course about another network (``tests/test_courses.py``), so it is not shipped
    # (docs/benchmarks.md).
    abstain_weights: tuple[float, ...] = (13.6734, 1.3865, 1.599, -1.8764, 0.0803, 0.2254, 0.15, 17.9215,
                                          20.2376, 1.3383)
    abstain_bias: float = -29.4658
    # -- confidence of an answer given: the probability that it holds the fact asked for,
    # 1 / (1 + exp(-(bias + Σ weight·feature))) on the same features.  Abstention says whether the material
    # speaks to a question; this says how often answers given on such evidence held the fact, fitted by
    # logistic regression on the answers the shipped abstention gives on the six corpora (an answer to a
    # near-domain question counts as not holding it) with ``python benchmarks/generalisation.py --calibrate``.
    # Leave-one-corpus-out on the five untuned corpora (``--loco``), answers in each band and the share holding
    # the fact: the abstention score's own probability gave 0.50-0.70 39, 0.54; 0.70-0.85 63, 0.57; 0.85-0.95
    # 118, 0.65; 0.95-1.00 91, 0.78; this one gives below 0.50 23, 0.43; 0.50-0.70 110, 0.60; 0.70-0.85 124,
    # 0.76; 0.85-0.95 46, 0.91; 0.95-1.00 1 (refitted with the built-in notes giving way; stop 34's fit with
    # them beside the material: 17, 0.47; 127, 0.59; 124, 0.69; 42, 0.88).
    confidence_weights: tuple[float, ...] = (-2.6435, 0.7416, 0.6934, -0.851, 0.1348, -0.0741, 0.0716, 8.1436,
                                             14.8102, -0.0445)
    confidence_bias: float = -5.3647
    unknown_latin_weight: float = 1.0  # weight of a Latin term the course never uses, as a share of the top IDF
    unknown_word_weight: float = 0.5  # the same for a Persian word (often only a spoken form)
    unknown_english_weight: float = 0.35  # the same for a word of an English question
    min_coverage: float = 0.5  # with no dense side (BM25 only): share of the question's terms in the evidence
    # -- composing the quote
    passages: int = 5  # how many top passages the quote may come from
    # the sentence a quote starts from scores  Σ weight·feature  (features: :class:`SentenceFeatures`).  Set by
    # hand, one at a time (the meaning's weight, with abstention off on five corpora by other authors: 0 → 0.62
    # of facts quoted, 3 → 0.64, 10 → 0.66, 15 → 0.64).  Fitted instead (``benchmarks/quote_choice.py``, a
    # conditional logit, leave-one-corpus-out on ten corpora, 2026-12-06): 357 → 357 questions whose best sentence
    # starts a quote holding the fact, 450 → 446 with a quote holding it among those shown, so these stay; four
    # more features (the sentence's own overlap, length, list item, first of its passage) and a gradient-boosted
    # model did no better (352, 349 first)
    quote_weights: tuple[float, ...] = (1.0, 0.2, 0.3, 10.0, 0.45, -0.1, -0.3, -0.5)
    span_chars: int = 280  # a span keeps growing while shorter than this
    fact_span_chars: int = 280  # the most a quote may hold when its anchor has the date, count or name asked for
    max_span_chars: int = 800
    second_quote_ratio: float = 0.5  # a second passage is quoted when its best sentence scores this close
    # a third passage quoted when its best sentence scores as close: measured 2026-12-05 on nine corpora with the
    # shipped weights, 319 -> 335 of 473 untuned facts in the answer (seven of eight corpora gained, none lost
    # one) and the course 90 -> 96 of 297, for answers about a third longer (docs/benchmarks.md)
    # four quotes, a passage's two best sentences each able to start one, spans grown to 280 characters instead
    # of 420: measured 2026-12-06 on ten corpora by other authors (shipped weights, 608 in-scope questions), 434
    # -> 454 facts in the answer (fitted on five corpora, +10 of 325; then the other five, +10 of 283), answers
    # 585 -> 673 characters on average; four quotes alone gave 438, two anchors with three quotes 435
    max_quotes: int = 4
    # how many of a passage's best sentences may each start a quote: 2 → 3 measured 2026-12-06 (stop 45, with the
    # quote from the anchor's line) on fifteen corpora, shipped weights: 776 → 781 of 1195 facts (+7 −2), near-domain
    # unchanged, answers' p50 652 → 671 characters; the first fresh sets 125 → 126 of 160
    passage_anchors: int = 3
    # a quote starts at its anchor's line when the line (a list item, a short paragraph) begins at most this many
    # characters before the anchor: «- مزایا: ADAM …. … مزایای دو افزونه …» is quoted from «مزایا», which names what
    # the later sentence speaks of.  Measured 2026-12-06 with the shipped weights on fifteen corpora (off → 150 →
    # 300 → 600): 760 → 768 → 770 → 771 of 1195 facts in the answer, near-domain refused 219 → 220 of 282; on two
    # fresh sets written that day (course files, cheatsheets) 120 → 123 of 160; answers' p50 684 → 779 characters.
    # Only for list items and lines led by a label, or not for an anchor holding the kind of fact asked: 762, 767
    line_start_chars: int = 300

    def __post_init__(self) -> None:
        for name, kind in (("abstain_weights", Evidence), ("confidence_weights", Evidence),
                           ("quote_weights", SentenceFeatures)):
            names = [f.name for f in fields(kind)]
            if len(getattr(self, name)) != len(names):
                raise ValueError(f"{name} needs {len(names)} numbers, one per feature ({', '.join(names)}); "
                                 f"got {len(getattr(self, name))}")

    @classmethod
    def from_mapping(cls, values: dict) -> AnswerConfig:
        """From the settings file's ``[answer]`` table; unknown keys are an error that lists the known ones."""
        known = {f.name: f.type for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"unknown [answer] setting(s) {', '.join(unknown)}; known: {', '.join(known)}")
        def cast(name: str, value):
            kind = known[name]
            if kind.startswith("tuple"):
                return tuple(float(v) for v in value)
            return {"int": int, "float": float}[kind](value)

        return cls(**{k: cast(k, v) for k, v in values.items()})


@dataclass(frozen=True)
class QuestionTerms:
    """The analysed question, as composing and abstaining need it."""

    terms: list[str]
    recognised: frozenset[str] = frozenset()  # terms the glossary or the typo matcher vouched for
    qtype: QuestionType = QuestionType.OTHER
    exclude: frozenset[str] = field(default_factory=frozenset)  # sentences already shown ("tell me more")
    entities: frozenset[str] = frozenset()  # glossary keys of the models it names: a quote should name them too
    english: bool = False  # asked in English (its words are not the material's, which is Persian)
    finglish: bool = False  # asked in Finglish: its English words are often everyday ones («minimum converge mikone»)
    concepts: int = 0  # course concepts it names that the material has (glossary entries, not generic ones)
    wants_list: bool = False  # asks for kinds, steps, uses: the list is the answer (``intent.asks_for_list``)


def _weights(terms: list[str], idf: Idf, unknown: Callable[[str], float],
             recognised: frozenset[str]) -> dict[str, float]:
    weights = {}
    for t in dict.fromkeys(terms):
        w = idf(t)
        weights[t] = w if w > 0 else (0.0 if t in recognised else unknown(t))
    return weights


def coverage(question_terms: list[str], evidence_terms: set[str], idf: Idf, unknown: Callable[[str], float],
             recognised: frozenset[str] = frozenset()) -> float:
    """IDF-weighted share of the question's terms present in the evidence."""
    weights = _weights(question_terms, idf, unknown, recognised)
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in weights.items() if t in evidence_terms) / total


@dataclass(frozen=True)
class Evidence:
    """What the abstention decision reads, each feature measured the same way at calibration.

    Dense similarity alone cannot tell a cooking question from a course one (e5 scores
    every Persian pair around 0.8); the terms say what the question is *about*.
    """

    dense: float  # best cosine similarity of the two top passages
    coverage: float  # IDF-weighted share of the question's terms in the two top passages
    coverage_wide: float  # the same over all the passages retrieved
    unknown_latin: float  # 1 when a Persian question names a Latin term the material never uses (BERT, YOLO)
    unknown_words: float  # Persian words the material never uses, at most 3
    english: float  # 1 for an English question
    concepts: float  # course concepts named, at most 2
    sentence: float = 0.0  # the question's best cosine similarity to one sentence of the two top passages
    # ``sentence`` above the question's mean similarity to the passages the dense side brought up: how far
    # the best sentence stands out from the material at large, on one scale for a Persian, Finglish or
    # English question (e5's cross-lingual similarities run lower than Persian-to-Persian ones)
    sentence_lift: float = 0.0
    # the share of the passages retrieved that the words side (BM25) found too, not the meaning side alone: e5
    # finds *some* passage for any question, the words find one only when the material uses the question's
    # words.  Measured leave-one-corpus-out on six corpora (``--loco``), the fit's near-domain weight 3 → 2 with
    # it: material by other authors 197 → 205 of 316 facts in the answer at the same 43 of 65 near-domain
    # refused; the course 213 → 217 of 289, near-domain 41 → 42 of 63.
    lexical_agreement: float = 0.0

    def vector(self) -> tuple[float, ...]:
        return (self.dense, self.coverage, self.coverage_wide, self.unknown_latin, self.unknown_words, self.english,
                self.concepts, self.sentence, self.sentence_lift, self.lexical_agreement)

    def score(self, config: AnswerConfig) -> float:
        """Above 0: answer; below: not covered."""
        return self._linear(config.abstain_weights, config.abstain_bias)

    def confidence(self, config: AnswerConfig) -> float:
        """The probability that an answer on this evidence holds the fact asked for (``confidence_weights``)."""
        return _logistic(self._linear(config.confidence_weights, config.confidence_bias))

    def _linear(self, weights: Sequence[float], bias: float) -> float:
        return bias + sum(w * f for w, f in zip(weights, self.vector(), strict=True))


def _logistic(value: float) -> float:
    return 1 / (1 + math.exp(-max(-50.0, min(50.0, value))))


def _unknown_weight(question: QuestionTerms, max_idf: float, config: AnswerConfig) -> Callable[[str], float]:
    """The weight of a word the material never uses: a share of the rarest known term's IDF, by script."""

    def unknown(term: str) -> float:
        if term.isascii():
            share = config.unknown_english_weight if question.english else config.unknown_latin_weight
        else:
            share = config.unknown_word_weight
        return share * max_idf

    return unknown


def evidence(question: QuestionTerms, hits: Sequence[Hit], idf: Idf, max_idf: float,
             config: AnswerConfig, similarity: Similarity | None = None,
             background: float | None = None) -> Evidence | None:
    """The features of ``hits`` as evidence for ``question``; None when there is no dense side.
    ``background``: the question's mean similarity to the material (``Retriever.background``)."""
    dense = max((h.dense for h in hits[:2] if h.dense is not None), default=None)
    if dense is None:
        return None

    unknown = _unknown_weight(question, max_idf, config)
    top = {t for hit in hits[:2] for t in hit.chunk.terms}
    wide = {t for hit in hits for t in hit.chunk.terms}
    missing = [t for t in dict.fromkeys(question.terms) if idf(t) <= 0 and t not in question.recognised]
    # an everyday English word in Finglish is how the student says it, no concept the material lacks: measured
    # 2026-12-06, shipped weights, fifteen corpora 770 -> 774 of 1195 facts (Finglish +4), near-domain refused
    # 220 -> 218 of 282 (two Finglish ones, «policy gradient ya REINFORCE chie»); two fresh sets 123 -> 126 of 160
    latin = any(t.isascii() and not t.isdigit() and not (question.finglish and is_english_word(t)) for t in missing) \
        and not question.english
    sentence = _best_sentence(hits[:2], similarity)
    return Evidence(
        dense=float(dense),
        coverage=coverage(question.terms, top, idf, unknown, question.recognised),
        coverage_wide=coverage(question.terms, wide, idf, unknown, question.recognised),
        unknown_latin=float(latin),
        unknown_words=float(min(3, sum(not t.isascii() for t in missing))),
        english=float(question.english),
        concepts=float(min(2, question.concepts)),
        sentence=sentence,
        sentence_lift=sentence - background if background is not None and sentence else 0.0,
        lexical_agreement=sum(hit.lexical is not None for hit in hits) / len(hits),
    )


def quotable_sentences(text: str) -> list[str]:
    """The sentences of a passage that a quote may use, each as its meaning is read (:func:`_read_as`): what
    sentence scoring embeds (and what indexing embeds ahead of time, so a question pays for one query vector
    only)."""
    spans = sentence_spans(text)
    return [_read_as(text, spans, i) for i, (_, t) in enumerate(spans) if _quotable(t)]


_ITEM = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)])\s+")


def _indent(text: str, start: int) -> int | None:
    """How deep the line a sentence begins is indented; None for a sentence that continues a line."""
    line = text.rfind("\n", 0, start) + 1
    lead = text[line:start]
    return None if lead.strip() else len(lead.expandtabs(4))


PARENT_REACH = 3  # a quote starting at a nested item's outer item spans at most this many sentences before it


def _parent_index(text: str, sentences: Sequence[tuple[int, str]], index: int) -> int | None:
    """Where the item a nested list item stands under is: slides and notes say the subject once, in the outer
    item («- معماری VGG در سال ۲۰۱۴ …» over «  - ابعاد تمام فیلترها ۳×۳ با گام ۱ است»), and their inner items
    answer questions about it without naming it.  So do the indented lines that continue an item (a numbered
    «6. امور مالی (Finance)» over «    کشف تقلب، معاملات الگوریتمی، …»)."""
    depth = _indent(text, sentences[index][0])
    if not depth:
        return None
    for before in range(index - 1, -1, -1):
        outer_start, outer = sentences[before]
        outer_depth = _indent(text, outer_start)
        if outer_depth is not None and outer_depth < depth:
            return before if _ITEM.match(outer) or _names(outer) else None
    return None


def _list_label(sentences: Sequence[tuple[int, str]], index: int, text: str = "") -> str:
    """The short line ending in «:» that a list item stands under («مزایا:», "Advantages:"), nearest first:
    the items answer what it names («مزایای نایو بیز؟») though none of them repeats its words; else, for a
    nested item (or an item's indented line) of the passage ``text``, the item it stands under
    (:func:`_parent_index`)."""
    parent = _parent_index(text, sentences, index) if text else None
    if parent is not None:
        return sentences[parent][1]
    if not _ITEM.match(sentences[index][1]):
        return ""
    before = index - 1
    while before >= 0:
        line = sentences[before][1]
        if _names(line):
            return line
        if not _ITEM.match(line):
            return ""
        before -= 1
    return ""


def _read_as(text: str, sentences: Sequence[tuple[int, str]], index: int) -> str:
    """A sentence as its meaning is embedded: a list item with the label it stands under («مزایا: - ساده و
    سریع»); alone, an item says too little of what it answers.  A table's row, each cell after its column's
    header («ویژگی: ساختار داخلی، بوستد جت: پیچیده»).  (With the document's title as well, measured on six
    corpora: untuned unchanged, the course one question worse.)"""
    sentence = sentences[index][1]
    if TABLE_ROW.match(sentence):
        return _row_as_words(sentences, index)
    label = _list_label(sentences, index, text)
    return f"{label} {sentence}" if label else sentence


_TABLE_RULE = re.compile(r"^\s*\|[\s:|-]*\|\s*$")


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


_FIGURE = re.compile(r"^[-+~≈]?\s*[0-9۰-۹][0-9۰-۹.,٫/eE+\s-]*\s*%?$")  # «0.8738», «16,814,666», «97 %»


def _measured(row: str) -> bool:
    """A table row of results: one of its cells is a figure alone (its column's header says what it measures)."""
    return any(_FIGURE.match(cell) for cell in _cells(row))


def _table_header(sentences: Sequence[tuple[int, str]], index: int) -> str | None:
    """The header row of the table the row at ``index`` is in: its first row, when a rule («|---|») follows that
    one; None for a sentence that is no row under a header (the header row itself included)."""
    if not TABLE_ROW.match(sentences[index][1]):
        return None
    first = index
    while first > 0 and TABLE_ROW.match(sentences[first - 1][1]):
        first -= 1
    has_header = first + 1 < index and _TABLE_RULE.match(sentences[first + 1][1])
    return sentences[first][1] if has_header else None


def _row_as_words(sentences: Sequence[tuple[int, str]], index: int) -> str:
    """A table row with its header's names («| | Loss | Accuracy |» over «| Training | 0.34 | 0.87 |» reads
    «Training، Loss: 0.34، Accuracy: 0.87»): a row's numbers answer what its columns name, though it never says it."""
    row = _cells(sentences[index][1])
    header = _table_header(sentences, index)
    if header is None:
        return "، ".join(cell for cell in row if cell)
    return "، ".join(f"{name}: {cell}" if name else cell for name, cell in zip(_cells(header), row) if cell)


def _best_sentence(hits: Sequence[Hit], similarity: Similarity | None) -> float:
    texts = [t for hit in hits for t in quotable_sentences(hit.chunk.text)]
    return max((float(v) for v in similarity(texts)), default=0.0) if similarity and texts else 0.0


# Sentence features for each question type, on the search form of the sentence.
_YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20[0-4]\d)(?!\d)")
_NUMBER = re.compile(r"\d")
_TYPE_MARKERS: dict[QuestionType, re.Pattern[str]] = {
    QuestionType.WHY: re.compile(
        r"زیرا|چون|چرا که|به همین دلیل|به این دلیل|دلیل|علت|باعث|برای اینکه|برای این که|تا |کمک|هدف|در نتیجه|بنابراین|"
        r"جلوگیری|کاهش|مقابله|because|so that|in order|reduce|prevent|helps?"),
    # what is wrong with it: the sentence naming a problem, a limit or a cost, or turning with «اما»
    QuestionType.PROBLEM: re.compile(
        r"مشکل|عیب|معایب|ضعف|محدودیت|ایراد|اشکال|نقص|هزینه|گران|کند|حساس|فرض|نمی ?تواند|نمی ?توان|نمیتوان|نمی ?شود|"
        r"اما|ولی|با این حال|متاسفانه|drawback|disadvantage|limitation|weakness|problem|issue|however|cannot|"
        r"unfortunately|expensive|slow|sensitive|assum"),
    QuestionType.WHO: re.compile(r"همکار|توسط|به دست|et al|\b(by)\b|کریژفسکی|لکان|سگدی|سیمونیان|هه و"),
    QuestionType.COMPARE: re.compile(r"بهتر|بدتر|کمتر|بیشتر|برخلاف|در حالی|درحالی|در مقابل|اما|ولی|در برابر|تفاوت|فرق|"
                                     r"than|whereas|unlike|instead"),
    QuestionType.HOW: re.compile(r"با |از طریق|به این صورت|ابتدا|سپس|یعنی|به جای|by |using"),
    QuestionType.DEFINITION: re.compile(r"(^| )(است|هست|یعنی|به معنای|عبارت|نامیده|میگویند|میشود|میکند)( |$)|: | is | are | refers"),
}
# A sentence that opens like this leans on the one before it: quote that one too.
_LEANS_BACK = re.compile(
    r"^(این|آن|اون|همین|همچنین|بنابراین|به همین|از این رو|ازاین رو|در نتیجه|اما|ولی|زیرا|چون|پس|یعنی|البته|"
    r"این کار|این روش|این شبکه|این لایه|هر کدام|\w+\u200cاش|it|this|that|these|those|therefore|so|but|however|thus|hence)\b"
    # … or names what the sentence before said within its first few words: «به این ترفند … می‌گویند»,
    # «ما می‌توانیم این مشکل را …», «چنین ماتریسی را … می‌نامیم»
    r"|^(?:\S+\s+){0,3}(?:این|آن|همین|چنین|اینها|آنها)\s",
    re.IGNORECASE,
)


_DRAWING = re.compile(r"[\u2500-\u257f]")  # a tree or a box drawn with text: «├── PCA»
# a picture alone on its line («![graphs of activation functions](/images/ai2.avif)»): its words name a figure the
# quote cannot show
_IMAGE_LINE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
# an entry of a reference list: «[10] Hong Yu, Ruxia Hong, …», «Huang, “Weight-Quantized SqueezeNet for …,” AI»;
# it names a paper in English words an English question shares, and answers nothing
_REFERENCE = re.compile(r"“[^”]{8,}[,.]”|^\s*\[\d{1,3}\]\s+[A-Z][\w.-]*,?\s+[A-Z]")
# a line of a reference list however it is typeset: numbered («[1] Miguel Campo & …», «13. Alzahrani, A.;»), or
# naming where a paper appeared, with its year; a passage mostly of such lines is a reference list, whose English
# lines (a paper's title cut into sentences, «Study: On twitter, false news travels faster …») answer nothing
_REFERENCE_LINE = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}\.\s+[A-Z][\w-]+,)|(?=.*\b(?:19|20)\d\d\b)(?=.*(?:arXiv|"
                             r"Proceedings|Conference|Journal|Transactions|\bvol\.|\bpp\.|et al\.|CoRR|[,.]\s*[\"“”]))")
REFERENCE_SHARE = 0.4  # of a passage's lines, for it to be a reference list
_REFERENCES = r"(?:فهرست\s+)?(?:منابع|مراجع)(?:\s+و\s+(?:منابع|مراجع|مآخذ))?|references|bibliography|works cited"
# the list's title, as a heading or on a line of its own («## منابع», «۵- مراجع», «📚 منابع», "References:")
_REFERENCES_TITLE = re.compile(rf"^[^\w\n]*(?:\d+[^\w\n]*)?(?:{_REFERENCES})[^\w\n]*$", re.IGNORECASE | re.MULTILINE)
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")  # with or without a "title"


_FILE_NAME = re.compile(r"^\s*[\w.-]+\.(?:png|jpe?g|gif|svg|webp|bmp)\s*$", re.IGNORECASE)


def _link_words(link: re.Match[str]) -> str:
    words = link.group(1)
    return "" if _FILE_NAME.match(words) else words


# «**گران**»: Markdown's bold, which the chat would print with its asterisks (not «f(**kwargs)» nor «a ** b»)
_EMPHASIS = re.compile(r"(?<![\w(*])\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*(?![\w*])")


def shown_text(text: str) -> str:
    """A quote as the student reads it: a Markdown link shows its words, not its address; an image named only
    by its file («![image86.png](../images/image86.png)», the Andrew Ng notes' every figure) shows nothing; bold
    shows its words without the asterisks the chat would print."""
    if "**" in text:
        text = _EMPHASIS.sub(r"\1", text)
    return re.sub(r"\s{2,}", " ", _MARKDOWN_LINK.sub(_link_words, text)) if "](" in text else text


# A line of a code block is quoted only for its Persian comment («optimizer.zero_grad()  # صفر کردن گرادیان‌ها»):
# its English comments («# 3. Add vectors to the index») document the code, and answered English questions by
# resemblance alone
_PERSIAN = re.compile(r"[\u0600-\u06ff]")
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$")  # inline TeX: «ماتریس $A \in \mathbb{R}^{n}$ …» is prose
_URL = re.compile(r"https?://\S+|www\.\S+")  # an address is not words: a bare link answers nothing
_COMMENT = re.compile(r"\s#\s*(.+)$")  # «optimizer.zero_grad()  # صفر کردن گرادیان‌ها»
_WORD = re.compile(r"[^\W\d_]{2,}")
_IMPORT = re.compile(r"^\s*(import |from [\w.]+ import)")


def _prose(sentence: str) -> str:
    """A sentence as words: a Markdown link shows its words, a formula counts as one word, a bare address none."""
    return _URL.sub(" ", _MATH.sub(" x ", shown_text(sentence)))


# «$$ f(0) = 0.5 $$», «- $$ w_1 = 1 $$، $$ b = -1.5 $$», «$$ z &= … = 0.62 $$»: a worked example's values are
# stated in formulas, and the number a student asks for is there and nowhere else
# (a subscript's «i=1» is no value: the number ends the formula or a step of it)
_FORMULA_VALUE = re.compile(r"(?:=|\\approx|≈)\s*[-+−]?\s*\d[\d.,]*\s*(?:\$|\\\\|[,،&]|\\(?:quad|;|Rightarrow|end))")
_CODE_MARKS = re.compile(r"[=(){}\[\]_\\]")


def _states_value(sentence: str) -> bool:
    """A line of formulas, words around them or none, one of which gives a quantity a value."""
    formulas = _MATH.findall(sentence)
    return any(_FORMULA_VALUE.search(f) for f in formulas) and not _CODE_MARKS.search(_MATH.sub(" ", sentence))


def _quotable(sentence: str) -> bool:
    """Prose worth quoting: not a fence, a table row, a drawing or a bare line of code (a quote must read as a
    sentence).  Inline formulas are part of the prose around them; a code line whose comment explains it in
    words reads as a sentence too."""
    if TABLE_ROW.match(sentence):  # a row of a Markdown table: its cells in words, not its rule («|---|---|»)
        words = len(_WORD.findall(_prose(sentence.replace("|", " "))))
        # a row of results names what it measures and gives numbers («| Training | 0.3486 | 0.8738 |»)
        return (words >= 2 or (words >= 1 and _measured(sentence))) and not _TABLE_RULE.match(sentence)
    if _VALUED.match(sentence) and _NUMBER.search(sentence) or _states_value(sentence):
        return True  # «Epochs: 50» is a fact however short
    if len(sentence) < 12 or sentence.startswith(("```", "~~~", "|")) or "\t" in sentence or _DRAWING.search(sentence) \
            or _IMAGE_LINE.match(sentence) or _REFERENCE.search(sentence):
        return False
    prose = _prose(sentence)  # «[بیش‌برازش](/o/overfitting)» is a word, not code
    if len(_WORD.findall(prose)) < 2:
        return False
    code = sum(prose.count(ch) for ch in "()[]{}=_\\") / max(len(prose), 1)
    if code < 0.06 and not _CODE_LINE.match(sentence) and len(_ARGUMENT.findall(prose)) < 2:
        return True
    comment = _COMMENT.search(sentence)  # an import explains nothing, whatever its comment says
    return bool(comment) and len(_WORD.findall(comment.group(1))) >= 3 and not _IMPORT.match(sentence) \
        and "'" not in comment.group(1) and '"' not in comment.group(1)


_BRACKETED = re.compile(r"^\s*\[[^\]]*\]\s*$")
_LEAD_IN = re.compile(r"[:：]\s*$")


def _continues(sentence: str) -> bool:
    """What may follow a sentence ending in «:»: prose, a list item, a bracketed list (not code or a fence)."""
    return len(sentence) >= 3 and not sentence.startswith(("```", "~~~")) and not _CODE_LINE.match(sentence)


_CODE_LINE = re.compile(r"^\s*(import |from [\w.]+ import|def |class |return |model\.|net\.|x = |[\w.]+\s*=\s*[\w.]+\("
                        r"|[A-Za-z_][\w.]*\(.*\)\s*;?$)")  # the last: a bare call («print("BCE:", bce)»)
_ARGUMENT = re.compile(r"[A-Za-z_\\]+\s*=\s*[\w(\"']")  # kernel_size=3, filters=16: an argument list


def type_match(qtype: QuestionType, sentence: str) -> bool:
    """Whether ``sentence`` (search form) carries the kind of fact ``qtype`` asks for."""
    if qtype is QuestionType.WHEN:
        return bool(_YEAR.search(sentence))
    if qtype is QuestionType.COUNT:
        return bool(_NUMBER.search(sentence))
    pattern = _TYPE_MARKERS.get(qtype)
    return bool(pattern and pattern.search(sentence))


@dataclass(frozen=True)
class SentenceFeatures:
    """What the choice of the sentence a quote starts from reads (weights: ``AnswerConfig.quote_weights``).

    A passage ranked first often holds the fact in one sentence among a dozen; the question's words, the kind
    of fact it asks for and its meaning each point at a sentence, and a heading, a question-shaped label or a
    lead-in without its continuation resemble the question without answering it.
    """

    overlap: float  # IDF-weighted share of the question's terms in the sentence, its heading and its list label
    typed: float  # carries the kind of fact asked for: 1, or 0.5 when it shares none of the question's terms
    named: float  # 1 when it (with its heading) names every model the question names
    meaning: float  # the question's cosine similarity to it, centred on the passages' sentences
    rank: float  # its passage's score as a share of the first passage's
    builtin: float  # 1 for a built-in note's sentence when the course's own material is among the hits
    dangling: float  # 1 when it ends in «:» and the text does not have what it announces
    label: float  # 1 for a question (an FAQ's bold «… چیست؟») or a bare label of three words or fewer

    def vector(self) -> tuple[float, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    def score(self, config: AnswerConfig) -> float:
        return sum(w * f for w, f in zip(config.quote_weights, self.vector(), strict=True))


@dataclass(frozen=True)
class _Sentence:
    rank: int  # of the passage among the hits
    index: int  # of the sentence in the passage
    start: int  # character offset in the passage
    text: str
    overlap: float  # IDF-weighted share of the question's terms it holds
    score: float  # -1 for a sentence a quote may not use
    typed: bool  # carries the kind of fact asked for
    features: SentenceFeatures | None = None  # None for a sentence a quote may not use
    row: bool = False  # a table's row, ``text`` naming its cells by their columns


def _score_sentences(question: QuestionTerms, hits: Sequence[Hit], terms: Terms, idf: Idf,
                     form: Callable[[str], str], config: AnswerConfig,
                     similarity: Similarity | None = None) -> list[list[_Sentence]]:
    weights = _weights(question.terms, idf, lambda t: 0.0, question.recognised)
    total = sum(weights.values()) or 1.0
    top_score = hits[0].score or 1.0
    shown = hits[: config.passages]
    spans = [sentence_spans(hit.chunk.text) for hit in shown]
    semantic = _semantic([hit.chunk.text for hit in shown], spans, similarity, config)
    own_material = any(not hit.chunk.builtin for hit in shown)
    passages = []
    for rank, hit in enumerate(shown):
        prior = max(0.0, min(1.0, hit.score / top_score))
        references = _references_from(hit.chunk.text)
        scored = []
        for index, (start, raw) in enumerate(spans[rank]):
            # a table's row under a header is read, and quoted, with its columns' names («Training، Loss: 0.35،
            # Accuracy: 0.87»): its numbers answer what the header names, though the row never says it
            row = _table_header(spans[rank], index) is not None and _measured(raw)
            text = _row_as_words(spans[rank], index) if row else raw
            # a sentence is read under its heading («در مجموع ۶۱۷۰۶ پارامتر» sits under «پارامترهای LeNet-5»), or
            # the document's title where no heading stands over it; and a list item under its label («- ساده و
            # سریع» sits under «مزایا:»).  (The title under a heading too: the words of a section's every
            # sentence alike, so a short sentence that merely names the topic wins «چرا؟».)
            found = set(terms(text)) | set(terms(hit.chunk.section_at(start) or hit.chunk.title)) \
                | set(terms(_list_label(spans[rank], index, hit.chunk.text)))
            overlap = sum(w for t, w in weights.items() if t in found) / total
            typed = type_match(question.qtype, form(text))
            quotable = _quotable(raw)
            setting = not quotable and _setting(question, text, found, weights)
            usable = (quotable or setting) and shown_text(text) not in question.exclude and not (
                _BRACKETED.match(text) and _contents_list(hit, index, spans[rank])) and not _points_away(text) \
                and not (in_code(hit.chunk.text, start) and not _PERSIAN.search(text) and not setting) \
                and not (_PERSIAN.search(text) is None and _in_references(hit, start, references))
            if not usable:
                scored.append(_Sentence(rank, index, start, text, overlap, -1.0, typed, row=row))
                continue
            following = spans[rank][index + 1][1] if index + 1 < len(spans[rank]) else ""
            features = SentenceFeatures(
                overlap=overlap,
                # the sentence giving the reason rarely repeats the subject: half the bonus without overlap
                typed=(1.0 if overlap > 0 else 0.5) if typed else 0.0,
                named=float(bool(question.entities) and question.entities <= found),
                meaning=semantic.get((rank, index), 0.0),
                rank=prior,
                builtin=float(own_material and hit.chunk.builtin),
                # «… به صورت زیر تعریف می‌شود:» before a formula the text does not have answers nothing
                dangling=float(bool(_LEAD_IN.search(text)) and not _continues(following)),
                label=float(_label(text)),
            )
            scored.append(_Sentence(rank, index, start, text, overlap, features.score(config), typed, features, row))
        passages.append(scored)
    return passages


_ASKS = re.compile(r"[?؟]\W*$")


def _label(sentence: str) -> bool:
    """A sentence that asks rather than tells («**تفاوت بوستینگ و بگینگ چیست؟**»), or a label of three
    words or fewer («Reinforcement learning», «Dimensionality Reduction:»): it names the topic the question
    names, so it resembles the question more than any answer does, yet it answers nothing.  A name and its
    value («Batch Size: 8», «Optimizer: Adam», «$$ b = -0.4 $$») is short but tells."""
    if _ASKS.search(sentence):
        return True
    return len(_WORD.findall(_prose(sentence))) <= 3 and not _VALUED.match(sentence) and not _states_value(sentence)


# «Batch Size: 8», «Epochs: 50», «Optimizer: Adam», «نرخ یادگیری: ۰.۰۱»: a report's settings, one a line
_VALUED = re.compile(r"^\s*(?:[-*•]\s*)?[^\W\d_][\w\s\u200c-]{0,30}?\s*[:：]\s*[-+]?[\w.٫,%]+(?:\s+[\w.٫,%]+)?\s*$")


# «به بخش رزنت مراجعه کنید», «مقاله resnet رو مطالعه کنید»: sent elsewhere without a link (a forum reply)
_AWAY = r"مراجعه\s*(?:کنید|نمایید|کن)|(?:را|رو)\s*(?:بخوانید|مطالعه\s*کنید)"
_SENDS_AWAY = re.compile(_AWAY)
# … and beside a link, more: «… به [این لینک](…) مراجعه شود», "click the image below to watch the video ![…](…)"
_SENDS = re.compile(_AWAY + r"|مراجعه\s*شود|کلیک\s*(?:کنید|کن)|(?:را|رو)\s*ببینید|"
                    r"\b(?:see|refer\s+to|click|check\s+out|visit|watch)\b", re.IGNORECASE)


# a list item that is a link and nothing else: «* [دفترچه GAN در PyTorch](…/GANPyTorch.ipynb)»
_LINK_ITEM = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)])\s+!?\[[^\]]*\]\([^)]*\)[\s.،,;]*$")


def _points_away(sentence: str) -> bool:
    """A sentence that sends the reader elsewhere, to a link («… به [این لینک](…) مراجعه کنید») or to another
    text («در فایل پرزنتیشن به بخش رزنت مراجعه کنید»), or a list item that is only a link (a lesson's list of
    notebooks and papers): it names the topic, often in the question's own words, but answers nothing here."""
    if "](" in sentence:
        return _SENDS.search(sentence) is not None or _LINK_ITEM.match(sentence) is not None
    return _SENDS_AWAY.search(sentence) is not None


NAMING_WORDS = 8  # the most words a label naming the next sentence's point has


def _names(sentence: str) -> bool:
    """A short line ending in «:» that names the point the next sentence makes (a list item's bold label
    «**ادغام خوشه‌ها**:»): it belongs to that sentence's quote."""
    return bool(_LEAD_IN.search(sentence)) and not sentence.startswith(("```", "~~~", "|")) \
        and 0 < len(_WORD.findall(_prose(sentence))) <= NAMING_WORDS


# A sentence that announces what follows: «… به صورت زیر است:», «… در جدول زیر آمده‌اند.», "as follows"
_ANNOUNCES = re.compile(r"[:：]\s*$|جدول زیر|در زیر|به شرح زیر|as follows|the following|below\W*$", re.IGNORECASE)


def _references_from(text: str) -> int | None:
    """Where a passage's reference list begins: at a line naming one («منابع», "References") that an entry
    follows, or at its start when most of its lines are entries; None when it holds none."""
    titled = _REFERENCES_TITLE.search(text)
    if titled and _REFERENCE_LINE.search(text[titled.end():]):
        return titled.start()
    lines = [line for line in text.splitlines() if line.strip()]
    entries = sum(bool(_REFERENCE_LINE.search(line)) for line in lines)
    return 0 if lines and entries >= REFERENCE_SHARE * len(lines) else None


def _in_references(hit: Hit, start: int, references: int | None) -> bool:
    """Whether the text at ``start`` is in a reference list: past where the passage's begins, or in a section
    headed as one."""
    heading = hit.chunk.section_at(start).rpartition(HEADING_SEP)[2]
    return (references is not None and start >= references) or bool(_REFERENCES_TITLE.fullmatch(heading))


def _contents_list(hit: Hit, index: int, sentences: list[tuple[int, str]]) -> bool:
    """A bracketed line no sentence announces (ending in «:», or saying «در جدول زیر آمده‌اند»): a contents
    list (a cheatsheet's opening or closing index of topics), not a table row the text announced.
    Bracketed lines in a run share the sentence before the run."""
    before = index - 1
    while before >= 0 and _BRACKETED.match(sentences[before][1]):
        before -= 1
    return before < 0 or not _ANNOUNCES.search(sentences[before][1])


_MEANING = [f.name for f in fields(SentenceFeatures)].index("meaning")


def _semantic(texts: list[str], spans: list[list[tuple[int, str]]], similarity: Similarity | None,
              config: AnswerConfig) -> dict[tuple[int, int], float]:
    """The question's similarity to each quotable sentence, centred on their mean (0 without an embedder)."""
    if similarity is None or config.quote_weights[_MEANING] == 0:
        return {}
    keys = [(r, i) for r, sentences in enumerate(spans) for i, (_, text) in enumerate(sentences) if _quotable(text)]
    if not keys:
        return {}
    values = [float(v) for v in similarity([_read_as(texts[r], spans[r], i) for r, i in keys])]
    mean = sum(values) / len(values)
    return {key: value - mean for key, value in zip(keys, values, strict=True)}


_FACTOID = (QuestionType.WHEN, QuestionType.WHO, QuestionType.COUNT)
_SETTING = re.compile(r"[A-Za-z_]\w*\s*=\s*[-+]?\.?[0-9]")  # «lr=0.001», «test_size = 0.2», «units=64»


def _setting(question: QuestionTerms, line: str, found: set[str], weights: dict[str, float]) -> bool:
    """A line of code that sets the value asked for («RMSprop(lr=0.001, decay=1e-6)» for «با چه لرنینگ ریتی؟»):
    a notebook says its hyper-parameters only in its code, and the line is the answer.  Only for a question
    asking how much or how many, and a line naming a term of the question."""
    return question.qtype in (QuestionType.COUNT, QuestionType.OTHER) and len(line) <= 160 \
        and _SETTING.search(line) is not None and "$" not in line and not _PERSIAN.search(line) \
        and any(w > 0 and t.isascii() and not t.isdigit() for t, w in weights.items() if t in found)


def _settled(question: QuestionTerms, anchor: _Sentence) -> bool:
    """A date or the people asked for, and the best quote has them: a second passage adds length, not the answer
    («لنت کی اومد؟» is the year, not also LeNet-5's parameter counts).  Measured on six corpora with abstention
    off: no fact lost, 17 answers shorter (all on the course corpus); for a count it lost two (any digit passes
    for one)."""
    return question.qtype in (QuestionType.WHEN, QuestionType.WHO) and anchor.typed


def _span(sentences: list[_Sentence], anchor: _Sentence, question: QuestionTerms, config: AnswerConfig,
          text: str = "", lead: bool = False) -> list[_Sentence]:
    """Consecutive sentences around ``anchor``: the one it leans on, then the ones that keep to the question;
    for the ``lead`` quote of a question asking for a list, the whole list its anchor is an item of."""
    first = last = anchor.index
    pairs = [(s.start, s.text) for s in sentences]
    parent = _parent_index(text, pairs, anchor.index) if text else None
    if parent is not None and anchor.index - parent <= PARENT_REACH:
        first = parent  # a nested item's subject is said in the item it stands under
    elif first > 0 and _LEANS_BACK.match(anchor.text) and sentences[first - 1].score >= 0 \
            and not _points_away(sentences[first - 1].text):
        first -= 1
    elif first > 0 and _names(sentences[first - 1].text):
        first -= 1  # «- پیچیدگی محاسباتی:» names what the anchor explains: often the very fact asked for
    elif config.line_start_chars and text:
        first = _line_start(sentences, anchor, text, config.line_start_chars)
    # a row of a flattened table («[…، …]») is read with the sentence that introduces the table
    while first > 0 and _BRACKETED.match(sentences[first].text) and anchor.index - first < 3:
        first -= 1
    length = sum(len(s.text) for s in sentences[first : last + 1])
    # a date, a count or a name is said in a sentence or two: a quote holding it stays short
    budget = config.fact_span_chars if question.qtype in _FACTOID and anchor.typed else config.max_span_chars
    while last + 1 < len(sentences) and length < config.span_chars:
        nxt = sentences[last + 1]
        # an item's own sub-items say what it names («- امتیاز Computational Capability» over «  - حداقل: 3.5»)
        child = bool(text) and first <= (_parent_index(text, pairs, last + 1) or -1) <= last
        if (nxt.score < 0 and not child) or length + len(nxt.text) > budget or _points_away(nxt.text):
            break
        # a flattened table's rows are read on from its header row: the header names, the rows answer
        row = _BRACKETED.match(nxt.text) and _BRACKETED.match(sentences[last].text)
        if not (nxt.overlap > 0 or nxt.typed or _LEANS_BACK.match(nxt.text) or length < 120 or row or child):
            break
        last += 1
        length += len(nxt.text)
    while last + 1 < len(sentences) and _LEAD_IN.search(sentences[last].text) \
            and _continues(sentences[last + 1].text) and length < config.max_span_chars:
        last += 1  # what «:» announces belongs to the quote (a list, a bracketed table row)
        length += len(sentences[last].text)
    if question.wants_list and lead and text:
        first, last = _whole_list(sentences, anchor, text, first, last, config.max_span_chars)
    while last > anchor.index and _LEAD_IN.search(sentences[last].text):
        last -= 1  # never end on «:» without what follows
    return sentences[first : last + 1]


def _whole_list(sentences: list[_Sentence], anchor: _Sentence, text: str, first: int, last: int,
                budget: int) -> tuple[int, int]:
    """The span widened to the list ``anchor`` is an item of (its items at its depth, with theirs under them),
    within ``budget`` characters: asked for kinds or steps, the list is the answer, not the item most like the
    question («انواع خودرمزنگار کدومن؟» over a slide of six «- … Auto-Encoder» points)."""
    if not _ITEM.match(anchor.text):
        return first, last
    depth = _indent(text, anchor.start) or 0

    def in_list(sentence: _Sentence) -> bool:
        at = _indent(text, sentence.start)
        return at is not None and at >= depth and (at > depth or bool(_ITEM.match(sentence.text)))

    length = sum(len(s.text) for s in sentences[first : last + 1])
    while last + 1 < len(sentences) and in_list(sentences[last + 1]) and length + len(sentences[last + 1].text) <= budget:
        last += 1
        length += len(sentences[last].text)
    while first > 0 and in_list(sentences[first - 1]) and _indent(text, sentences[first].start) is not None \
            and length + len(sentences[first - 1].text) <= budget:
        first -= 1
        length += len(sentences[first].text)
    return first, last


def _line_start(sentences: list[_Sentence], anchor: _Sentence, text: str, reach: int) -> int:
    """The first sentence of the anchor's line (a list item, a short paragraph) when the line has at most ``reach``
    characters before the anchor: the line's start names what its later sentences speak of («- مزایا: …»)."""
    line = text.rfind("\n", 0, anchor.start) + 1
    first = anchor.index
    while first > 0 and sentences[first - 1].start >= line and sentences[first - 1].score >= 0:
        first -= 1
    if first < anchor.index and anchor.start - sentences[first].start <= reach:
        return first
    return anchor.index


def _excerpt(span: list[_Sentence]) -> str:
    """Consecutive sentences as quoted."""
    quote = shown_text(_joined_rows([s.text for s in span], [s.row for s in span]))
    if _LEAD_IN.search(quote):  # what «:» announces is a formula or code the quote cannot show: it goes on there
        quote += " …"
    return quote


def _joined_rows(texts: list[str], named: list[bool]) -> str:
    """Sentences joined as a quote shows them: a table's rows as their cells («a | b», or named by their columns),
    one row from the next «؛»."""
    out = ""
    rows = [bool(TABLE_ROW.match(text)) or name for text, name in zip(texts, named, strict=True)]
    for i, text in enumerate(texts):
        if TABLE_ROW.match(text):
            text = " | ".join(cell for cell in _cells(text) if cell)
        out += ("" if i == 0 else "؛ " if rows[i] and rows[i - 1] else " ") + text
    return out


def _add_run(runs: list[list[int]], span: list[int]) -> None:
    """``span`` (consecutive sentence indices) joined to every run it touches, in the place of the first of them,
    or a run of its own after the others."""
    touching = [i for i, run in enumerate(runs) if span[0] <= run[-1] + 1 and run[0] <= span[-1] + 1]
    if not touching:
        runs.append(span)
        return
    joined = [span, *(runs[i] for i in touching)]
    runs[touching[0]] = list(range(min(r[0] for r in joined), max(r[-1] for r in joined) + 1))
    for i in reversed(touching[1:]):
        del runs[i]


def _headed(chunk: StoredChunk, run: list[_Sentence]) -> str:
    """A run quoted with the heading it sits under when the run alone is a label of a few words: a slide's
    point «- ماژول Inception» answers «مال کدوم مدله؟» only under its title «مدل GoogLeNet»."""
    excerpt = _excerpt(run)
    heading = chunk.section_at(run[0].start).rpartition(HEADING_SEP)[2].strip()
    if not heading or len(_WORD.findall(_prose(excerpt))) > 3 or heading.casefold() in excerpt.casefold():
        return excerpt
    return f"{heading}: {_ITEM.sub('', excerpt, count=1)}"


def _citation(hit: Hit, runs: list[list[_Sentence]]) -> Citation:
    """One passage's quote: its runs of sentences, the best first, «…» between (two of its sentences each answering
    a part of the question are one source, not two; the one that answers best leads, as it would alone)."""
    chunk = hit.chunk
    quote = " … ".join(_headed(chunk, run) for run in runs).replace("… …", "…")
    return Citation(doc=chunk.doc_id, title=chunk.title, section=chunk.section_at(runs[0][0].start),
                    chunk_id=chunk.id, text=chunk.text, quote=quote, page=chunk.page)


def is_covered(question: QuestionTerms, hits: Sequence[Hit], idf: Idf, max_idf: float,
               config: AnswerConfig, similarity: Similarity | None = None,
               background: float | None = None) -> tuple[bool, float]:
    """(whether the evidence answers the question, 0..1): for an answer, the probability that it holds the fact
    (:meth:`Evidence.confidence`); for a refusal, the abstention score's own probability, below 0.5."""
    features = evidence(question, hits, idf, max_idf, config, similarity, background)
    if features is None:  # lexical evidence only (no dense side)
        cov = coverage(question.terms, {t for hit in hits[:2] for t in hit.chunk.terms}, idf,
                       _unknown_weight(question, max_idf, config), question.recognised)
        return cov >= config.min_coverage, round(cov, 3)
    score = features.score(config)
    if score >= 0:
        return True, round(features.confidence(config), 3)
    return False, round(_logistic(score), 3)


@dataclass(frozen=True)
class Candidate:
    """A sentence a quote could start from, with what it reads and the quote it would give: what
    ``benchmarks/generalisation.py --fit-quotes`` fits ``AnswerConfig.quote_weights`` on."""

    rank: int
    features: SentenceFeatures
    quote: str


def candidates(hits: Sequence[Hit], analysed: QuestionTerms, terms: Terms, idf: Idf, form: Callable[[str], str],
               config: AnswerConfig = AnswerConfig(), similarity: Similarity | None = None) -> list[Candidate]:
    """Every sentence of the top passages a quote may start from, and the quote each would start."""
    passages = _score_sentences(analysed, hits, terms, idf, form, config, similarity)
    return [Candidate(s.rank, s.features, _excerpt(_span(sentences, s, analysed, config, hits[s.rank].chunk.text)))
            for sentences in passages for s in sentences if s.features is not None]


def compose(
    question: str,
    hits: Sequence[Hit],
    analysed: QuestionTerms,
    terms: Terms,
    idf: Idf,
    max_idf: float,
    form: Callable[[str], str],
    config: AnswerConfig = AnswerConfig(),
    similarity: Similarity | None = None,
    background: float | None = None,
) -> Answer:
    """Quote and cite the evidence in ``hits``, or abstain when it is weak.

    ``terms`` analyses a sentence as the index does; ``form`` gives its search form
    (digits unified), on which the question-type features are matched; ``max_idf`` is
    the IDF of the rarest term the index knows, the scale of a word it does not know;
    ``similarity`` gives the question's cosine similarity to each of a list of sentences, ``background``
    its mean similarity to the material (``Retriever.background``).
    """
    if not hits:
        return Answer(question, False, (), (), reason="no-evidence", kind=NOT_COVERED)
    confident, confidence = is_covered(analysed, hits, idf, max_idf, config, similarity, background)
    if not confident:
        return Answer(question, False, (), (), reason="weak-evidence", confidence=confidence, kind=NOT_COVERED)
    passages = _score_sentences(analysed, hits, terms, idf, form, config, similarity)
    best = [s for p in passages for s in sorted(p, key=lambda s: -s.score)[: config.passage_anchors]
            if s.score >= 0]
    if not best:
        return Answer(question, False, (), (), reason="nothing-new", confidence=confidence, kind=NOT_COVERED)
    best.sort(key=lambda s: (-s.score, s.rank))
    excerpts: list[str] = []
    quoted: dict[int, list[list[int]]] = {}  # passage → its runs of quoted sentences, both in the order chosen
    for anchor in best:
        if excerpts and (len(excerpts) >= config.max_quotes or _settled(analysed, best[0])):
            break
        if anchor is not best[0] and not (anchor.score >= config.second_quote_ratio * best[0].score
                                          and anchor.overlap > 0):
            continue
        if any(anchor.index in run for run in quoted.get(anchor.rank, ())):
            continue
        span = _span(passages[anchor.rank], anchor, analysed, config, hits[anchor.rank].chunk.text,
                     lead=anchor is best[0])
        excerpt = _excerpt(span)
        if not any(_repeats(excerpt, shown) for shown in excerpts):
            excerpts.append(excerpt)
            _add_run(quoted.setdefault(anchor.rank, []), [s.index for s in span])
    citations = [_citation(hits[rank], [[passages[rank][i] for i in run] for run in runs])
                 for rank, runs in quoted.items()]
    return Answer(question, True, tuple(c.quote for c in citations), tuple(citations), confidence=confidence,
                  kind=ANSWER)


def _repeats(quote: str, shown: str) -> bool:
    """Whether ``quote`` says what a quote already shown says: material repeats itself (a slide's bullets again
    inside its code listing, a forum reply quoting the post it answers), and the same words twice take the
    place of a second source."""
    a, b = (re.sub(r"\W+", "", t) for t in (quote, shown))
    return bool(a) and (a in b or b in a)
