"""The rules of the chat's verified-answer flow (``Conversation.offer_answer`` / ``verify_offer`` apply them).

Who is a TA: a course's own admins (``/course`` made them so; ``BotState.course_admins``) sign their answers as
``ta``; the bot's admins (the ``admin_ids`` setting) as ``admin``.  Either may have an answer offered, and
either may verify one with a tap: both are the course's staff.  A student's answer is never offered.

What is offered, always to the course's staff (the staff chat when there is one, else each admin privately,
else in place), never verified without a tap:

* a TA's or admin's reply, in the group, to a student's question (a person's message that asks something);
* an admin's ``/learn`` on any answer (the bot's or a person's);
* a TA's or admin's reply to one of the bot's answers that does not itself ask something: a correction.
  Once verified it takes over from that answer (:meth:`knowledge.KnowledgeBase.verify` with ``replaces``).

An answer marked wrong by :data:`RETIRE_AFTER_DOWNVOTES` 👎 (more 👎 than 👍) is retired for its question:
asked again, the question gets the correction when there is one, else "not settled" and a human.
"""

from __future__ import annotations

import re

from bot import formatting as fmt
from bot import messages as msg
from bot.offers import CORRECTION, Offer
from knowledge.verified import ADMIN, TA

VERIFY = "verify:"  # the offer button's callback data: «verify:ID»
# "Several 👎": three students, and more of them than 👍.  One 👎 is a matter of taste; three that outnumber the
# 👍 are a pattern worth a TA's time.
RETIRE_AFTER_DOWNVOTES = 3
_ASKS = re.compile(r"[?؟]\s*$")


def role_of(user_id: int | None, course_admins: frozenset[int], is_admin: bool) -> str | None:
    """``ta`` for a course admin, ``admin`` for one of the bot's admins, None for anyone else."""
    if user_id is None:
        return None
    if user_id in course_admins:
        return TA
    return ADMIN if is_admin else None


def retires(up: int, down: int) -> bool:
    """Whether an answer's votes mark it wrong."""
    return down >= RETIRE_AFTER_DOWNVOTES and down > up


def asks(text: str) -> bool:
    """A reply ending in a question mark asks something (a follow-up), it does not correct."""
    return bool(_ASKS.search(text or ""))


def offer_html(offer: Offer) -> str:
    """The note the staff get, with the one button (:func:`verify_button`)."""
    template = msg.STAFF_VERIFY_CORRECTION if offer.kind == CORRECTION else msg.STAFF_VERIFY_OFFER
    return fmt.clip(template.format(role=msg.ROLE_NAMES.get(offer.role, offer.role),
                                    course=fmt.esc(fmt.course_title(offer.course)),
                                    question=fmt.esc(offer.question), answer=fmt.esc(offer.answer)))


def verify_data(offer: Offer) -> str:
    return f"{VERIFY}{offer.id}"


def offer_of(data: str) -> int | None:
    """The offer id a button's data names, or None."""
    match = re.fullmatch(rf"{VERIFY}(\d+)", data or "")
    return int(match.group(1)) if match else None


__all__ = ["RETIRE_AFTER_DOWNVOTES", "VERIFY", "asks", "offer_html", "offer_of", "retires", "role_of", "verify_data"]
