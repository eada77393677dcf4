"""Hits → an answer: the best sentences of the best passages, cited, or an honest "not covered".

No text is generated: the answer *is* the course material, quoted.  The
sentences quoted are those that share the most informative terms (weighted by
IDF) with the question; the dense score of their passage breaks ties.

Abstention is the other half.  Dense similarity alone cannot tell a cooking
question from a course one (e5 scores every Persian pair around 0.8), so the
decision also asks how much of the question's *informative* vocabulary the
evidence contains: words the course never uses ("قورمه", "پرسپولیس") weigh as
much as its rarest terms, so a question built from them is not covered.
Thresholds were calibrated on course and off-topic questions
(``tests/data/abstain.jsonl``, ``benchmarks/retrieval.py --calibrate``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.chunking import sentences
from knowledge.types import Answer, Citation, Hit

Terms = Callable[[str], list[str]]
Idf = Callable[[str], float]


@dataclass(frozen=True)
class AnswerConfig:
    # Calibrated for multilingual-e5-small on tests/data/abstain.jsonl (26 course, 22 off-topic
    # questions): course questions score >= 0.827 dense, off-topic ones <= 0.846.
    min_coverage: float = 0.5  # share of the question's informative terms found in the evidence
    strong_dense: float = 0.855  # a dense score this high answers even with little term overlap
    min_dense: float = 0.82  # below this the passage is unrelated whatever the terms say
    unknown_weight: float = 0.5  # weight of a word the course never uses, as a share of the highest IDF
    max_quotes: int = 3
    max_quote_chars: int = 700
    passages: int = 3  # how many top passages the quotes may come from


def _weights(terms: list[str], idf: Idf, unknown: float) -> dict[str, float]:
    return {t: (idf(t) or unknown) for t in dict.fromkeys(terms)}


def coverage(question_terms: list[str], evidence_terms: set[str], idf: Idf, unknown: float) -> float:
    """IDF-weighted share of the question's terms present in the evidence (1.0 for an empty question)."""
    weights = _weights(question_terms, idf, unknown)
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in weights.items() if t in evidence_terms) / total


def _pick_sentences(question_terms: list[str], hits: Sequence[Hit], terms: Terms, idf: Idf, config: AnswerConfig):
    weights = _weights(question_terms, idf, 0.0)
    scored = []
    for rank, hit in enumerate(hits[: config.passages]):
        for order, sentence in enumerate(sentences(hit.chunk.text)):
            if len(sentence) < 12 or sentence.startswith(("```", "~~~")):
                continue
            found = set(terms(sentence))
            score = sum(w for t, w in weights.items() if t in found)
            # prefer the better passage, then earlier sentences
            scored.append((score - 0.35 * rank, -rank, -order, rank, order, sentence))
    scored.sort(reverse=True)
    chosen, length = [], 0
    for score, *_, rank, order, sentence in scored:
        if len(chosen) >= config.max_quotes or (chosen and length + len(sentence) > config.max_quote_chars):
            break
        if score <= 0 and chosen:
            break
        chosen.append((rank, order, sentence[: config.max_quote_chars]))
        length += len(sentence)
    return sorted(chosen)


def compose(
    question: str,
    hits: Sequence[Hit],
    terms: Terms,
    idf: Idf,
    unknown_idf: float,
    config: AnswerConfig = AnswerConfig(),
) -> Answer:
    """Quote and cite the evidence in ``hits``, or abstain when it is weak."""
    if not hits:
        return Answer(question, False, (), (), reason="no-evidence")
    q_terms = terms(question)
    # The passages' terms were analysed once, at indexing time; no need to redo it per question.
    evidence = {t for hit in hits[:2] for t in hit.chunk.terms}
    cov = coverage(q_terms, evidence, idf, unknown_idf * config.unknown_weight)
    dense = max((h.dense for h in hits[:2] if h.dense is not None), default=None)
    if dense is None:  # lexical evidence only
        confident = cov >= config.min_coverage
    else:
        confident = dense >= config.strong_dense or (dense >= config.min_dense and cov >= config.min_coverage)
    confidence = round(cov, 3)
    if not confident:
        return Answer(question, False, (), (), reason="weak-evidence", confidence=confidence)
    chosen = _pick_sentences(q_terms, hits, terms, idf, config)
    quotes: dict[int, list[str]] = {}
    for rank, _, sentence in chosen:
        quotes.setdefault(rank, []).append(sentence)
    citations = tuple(
        Citation(
            doc=hits[rank].chunk.doc_id,
            title=hits[rank].chunk.title,
            section=hits[rank].chunk.heading_path,
            chunk_id=hits[rank].chunk.id,
            text=hits[rank].chunk.text,
            quote=" … ".join(parts),
            page=hits[rank].chunk.page,
        )
        for rank, parts in sorted(quotes.items())
    )
    return Answer(question, True, tuple(s for _, _, s in chosen), citations, confidence=confidence)
