"""Calculations asked in a sentence, answered with the number, its working and the course's passage.

Shared by ``daneshyar ask``/``chat``, the bot and ``daneshyar eval``: the question is read as the
knowledge base reads it (a follow-up such as «و VGG چی؟» after «AlexNet چند پارامتر داره؟» becomes a
question of its own), routed by :mod:`cnn_demos.prose`, computed by :mod:`cnn_demos.commands`, and
the concept is looked up in the course so the reply can cite where it is taught.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cnn_demos import commands
from cnn_demos import messages as msg
from cnn_demos.prose import Route, route
from daneshyar.application.errors import CALCULATION_ERRORS
from knowledge import KnowledgeBase
from knowledge.types import CALCULATION, Answer


@dataclass(frozen=True)
class Calculated:
    question: str
    resolved: str                        # the question after context (follow-ups)
    route: Route
    calculation: commands.Calculation | None = None
    error: str = ""                      # a Persian sentence: the numbers did not make a valid layer
    source: Answer | None = None         # the course's passage on the concept, when it has one

    @property
    def reply(self) -> str:
        """The first line a student reads: the number, the answer read from the sentence itself («۱۲۸ فیلتر:
        ۱۲۸ کانال»), the question back, or what was wrong."""
        if self.calculation is not None:
            return self.calculation.headline
        return self.route.answer or self.route.missing or self.error

    def lines(self) -> list[str]:
        out = [self.reply]
        if self.calculation is not None:
            out += [self.calculation.text()]
        return out

    def as_answer(self) -> Answer:
        """The knowledge base's answer type, ``kind`` "calculation": for ``eval`` and the bot's records."""
        citations = self.source.citations[:1] if self.source is not None and self.source.answered else ()
        return Answer(self.question, True, tuple(self.lines()), citations, kind=CALCULATION,
                      resolved_question=self.resolved)

    def to_json(self) -> dict:
        return {
            "command": self.route.command or None, "args": self.route.args or None,
            "answer": self.route.answer or None, "missing": self.route.missing or None, "error": self.error or None,
            "result": self.calculation.to_json() if self.calculation is not None else None,
        }


_QUICK = commands.Options()  # a question in a sentence gets the arithmetic at once, not a timed run


def calculate(kb: KnowledgeBase | None, question: str, context: Sequence[str] = (),
              options: commands.Options = _QUICK) -> Calculated | None:
    """The calculation ``question`` asks for, computed; None when it is a question for the material.

    Without a knowledge base (``kb=None``) follow-ups are not resolved and no passage is cited.
    """
    found, resolved = route(question), question
    if found is None and context and kb is not None:
        read = kb.understand(question, context)
        if read.searched and read.mode != "alone":
            resolved = read.searched
            found = route(resolved)
    if found is None:
        return None
    calculation, error = _run(found, options)
    if calculation is not None and found.answer:  # the quantity asked («چند کانال؟») first, with the result
        output = _output(calculation)
        if "{output}" in found.answer and output in ("", "?"):  # a printout's shapes are unknown: the count alone
            found = replace(found, answer="{headline}")
        headline = found.answer.replace("{output}", output).replace("{headline}", calculation.headline)
        if "{macs}" in headline:  # the MACs asked of a model's run, before its count
            macs = calculation.data.get("macs") or 0
            headline = headline.replace("{macs}", f"{macs:,}").replace("{flops}", f"{2 * macs:,}")
        if "{difference}" in headline:  # two layers compared: the table's two rows
            headline = _compared(headline, calculation)
        if "{flat}" in headline:  # the values a Flatten of that output gives
            headline = headline.replace("{flat}", f"{math.prod(int(v) for v in re.findall(r'[0-9]+', output)):,}")
        calculation = replace(calculation, headline=headline)
    if calculation is not None and found.weight_bytes and _count(calculation) is not None:
        calculation = replace(calculation, headline=_weights_memory(calculation, found.weight_bytes, found.copies)
                              + "\n" + calculation.headline)
    if calculation is not None and found.batch and calculation.data.get("macs"):
        calculation = replace(calculation, headline=_batch_macs(calculation, found.batch) + "\n" + calculation.headline)
    if calculation is not None and found.unread:  # never silently: what the number leaves out, right under it
        calculation = replace(calculation, headline=calculation.headline + "\n" + msg.UNREAD_PARTS.format(
            parts=msg.AND.join(f"«{part}»" for part in found.unread)))
    if calculation is None and found.answer and found.unread:  # read from the sentence: the same warning under it
        found = replace(found, answer=found.answer + "\n" + msg.UNREAD_PARTS.format(
            parts=msg.AND.join(f"«{part}»" for part in found.unread)))
    source = kb.ask(found.topic) if found.topic and kb is not None else None
    return Calculated(question, resolved, found, calculation, error, source)


def _compared(headline: str, calculation: commands.Calculation) -> str:
    """The two layers' counts and their difference, from the first two rows of the table."""
    first, second = (calculation.data.get("layers") or [{}, {}])[:2]
    a, b = first.get("params", 0), second.get("params", 0)
    return headline.format(first_name=first.get("kind", ""), first=f"{a:,}", second_name=second.get("kind", ""),
                           second=f"{b:,}", difference=f"{abs(a - b):,}")


def _weights_memory(calculation: commands.Calculation, width: int, copies: int = 1) -> str:
    """The bytes a model's weights take at ``width`` bytes each, worked out on the count the headline gives; with
    training's ``copies`` (gradients, Adam's two moments) when the question counts them too."""
    count = _count(calculation)
    total = count * width * copies
    if copies > 1:
        return msg.TRAINING_MEMORY.format(total=total, mib=total / 2**20, mb=total / 1e6, count=count, width=width,
                                          copies=copies, what=msg.TRAINING_COPIES[copies])
    return msg.WEIGHTS_MEMORY.format(total=total, mib=total / 2**20, mb=total / 1e6, count=count, width=width)


def _output(calculation: commands.Calculation) -> str:
    """What the calculation ends in: a layer's output, or a model's last layer's."""
    if "output" in calculation.data:
        return str(calculation.data["output"])
    layers = calculation.data.get("layers") or [{}]
    return str(layers[-1].get("output_shape", ""))


def _count(calculation: commands.Calculation) -> int | None:
    """A model's parameters, or one layer's."""
    return calculation.data.get("total_params", calculation.data.get("params"))


def _batch_macs(calculation: commands.Calculation, batch: int) -> str:
    """The MACs of a batch: the command counts one sample."""
    each = calculation.data["macs"]
    return msg.MACS_PER_BATCH.format(batch=batch, macs=each * batch, flops=2 * each * batch, each=each)


def recalculate(question: str, resolved: str, calculation: str, options: commands.Options = _QUICK) -> Calculated:
    """A follow-up that changed a value of an earlier calculation (:func:`cnn_demos.followup.revise`), run:
    ``calculation`` is the new "command args", ``resolved`` the thread's question."""
    command, _, args = calculation.partition(" ")
    found = Route(command, args)
    return Calculated(question, resolved, found, *_run(found, options))


def _run(found: Route, options: commands.Options) -> tuple[commands.Calculation | None, str]:
    """The command's result, or the Persian sentence saying why there is none."""
    if not found.command:
        return None, ""
    try:
        return commands.run(found.command, found.args, options), ""
    except CALCULATION_ERRORS as exc:  # a Persian sentence
        return None, str(exc)


__all__ = ["Calculated", "calculate", "recalculate"]
