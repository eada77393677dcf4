"""Where an answer came from, defined once: what the records store (``answers.kind``) and how ``/stats`` counts.

The bot records what it showed: the material, a verified pair, nothing (not covered) or a calculation.  A TA
or admin replying in the thread afterwards is recorded beside it (``staff_replies``), and counts first: the
staff had to step in, whatever the bot had said.  So every question falls in exactly one :data:`SOURCES`
bucket and the shares add up to 100 %.
"""

from __future__ import annotations

MATERIAL = "material"        # an answer from the course's material
VERIFIED = "verified"        # a verified question-answer pair (issue 25, item 3, records these)
UNANSWERED = "unanswered"    # the material did not cover it
CALCULATION = "calculation"  # a calculation, asked in a sentence or with a command
HUMAN = "human"              # not stored as a kind: a staff member replied in the thread
KINDS = (MATERIAL, VERIFIED, UNANSWERED, CALCULATION)
SOURCES = (MATERIAL, VERIFIED, HUMAN, UNANSWERED, CALCULATION)  # /stats' buckets, in the order shown


def kind_of(answered: bool, calculation: str = "") -> str:
    """The kind of an answer recorded without one (callers from before kinds; :meth:`BotState.record_answer`)."""
    return CALCULATION if calculation else MATERIAL if answered else UNANSWERED


# The bucket of a question in SQL (answers as ``a``): a staff reply first, then the kind stored.
SOURCE_SQL = (f"CASE WHEN EXISTS (SELECT 1 FROM staff_replies s WHERE s.answer_id = a.id) THEN '{HUMAN}' "
              f"ELSE COALESCE(a.kind, CASE WHEN a.answered = 0 THEN '{UNANSWERED}' ELSE '{MATERIAL}' END) END")

__all__ = ["CALCULATION", "HUMAN", "KINDS", "MATERIAL", "SOURCES", "SOURCE_SQL", "UNANSWERED", "VERIFIED", "kind_of"]
