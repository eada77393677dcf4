"""What a message gets, decided once for every front end: a calculation, a course answer (which a
configured model may rewrite: a generated answer), a refusal, or nothing (not a question).

``daneshyar ask``/``eval``, the bot and its console all call :func:`respond`; the bot then renders,
records and limits, the CLI prints.  :func:`rewrite` is the model's checked version of a course answer,
shared the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from daneshyar.application.calculating import Calculated, calculate
from knowledge import KnowledgeBase
from knowledge.grounded import Generated, generate
from knowledge.llm import ChatModel
from knowledge.types import ANSWER, Answer

GENERATED = "generated"  # a course answer that a configured model rewrites, checked sentence by sentence


@dataclass(frozen=True)
class Response:
    """``answer`` is what the knowledge base (or the calculation, as an :class:`Answer`) says; its ``kind``
    is CALCULATION, ANSWER, NOT_COVERED or NOT_A_QUESTION (:mod:`knowledge.types`).  ``rewrite``: a
    model is configured and the material answers the question (a question it does not cover never
    reaches the model)."""

    answer: Answer
    calculated: Calculated | None = None
    rewrite: bool = False

    @property
    def kind(self) -> str:
        return GENERATED if self.rewrite else self.answer.kind


def respond(kb: KnowledgeBase, question: str, context: Sequence[str] = (), model: bool = False) -> Response:
    """The response to ``question`` after the thread's earlier questions ``context``; ``model``: a model
    is configured to rewrite course answers."""
    calculated = calculate(kb, question, context)
    if calculated is not None:
        return Response(calculated.as_answer(), calculated)
    answer = kb.ask(question, context=context)
    return Response(answer, rewrite=model and answer.kind == ANSWER)


def rewrite(answer: Answer, model: ChatModel, kb: KnowledgeBase, on_text: Callable[[str], None] | None = None,
            deadline: float | None = None) -> Generated:
    """The model's answer from the passages ``answer`` cites, each sentence checked against its source."""
    return generate(answer.resolved_question or answer.question, answer.citations, model, kb.checker(), on_text,
                    deadline=deadline)


__all__ = ["GENERATED", "Response", "respond", "rewrite"]
