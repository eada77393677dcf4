"""Message reactions on the bot's answers as votes, like the 👍/👎 buttons (one vote per person and answer).

Telegram sends a ``message_reaction`` update with a person's reactions before and after each change
(a Premium user may set up to three).  The table below is the only place a reaction's meaning is
defined; any other reaction is ignored.  The vote after a change is the sign of the mapped reactions
now set (👍 and 👎 together: no vote).  A change between reactions that carry no vote leaves the vote
alone (a 😁 added beside a button's 👍 takes nothing back); a voting reaction removed takes the vote back.

Not counted: ``message_reaction_count`` updates, which carry anonymous totals only.  Telegram sends
them for channels, where the bot does not answer; in groups and private chats each reaction comes with
its person.  An anonymous group admin's reaction comes with the group as ``actor_chat`` and no user:
it is ignored too, since one vote per person cannot be kept without the person.  In a group the bot
receives reactions only when it is an administrator there and asks for them (``allowed_updates``,
:data:`bot.app.ALLOWED_UPDATES`).
"""

from __future__ import annotations

from collections.abc import Iterable

UP = ("👍", "❤", "🔥", "👏", "🎉", "🤩", "💯")
DOWN = ("👎", "🤔", "😢", "💩", "🤮")
VOTES = {**dict.fromkeys(UP, 1), **dict.fromkeys(DOWN, -1)}
_VARIATION = "\ufe0f"  # «❤️» and «❤» are one reaction


def _score(emojis: Iterable[str]) -> tuple[int, bool]:
    """(up - down, whether any of ``emojis`` votes)."""
    votes = [VOTES[e.replace(_VARIATION, "")] for e in emojis if e.replace(_VARIATION, "") in VOTES]
    return sum(votes), bool(votes)


def reaction_vote(old: Iterable[str], new: Iterable[str]) -> int | None:
    """The vote a change of reactions makes: +1, -1, 0 (taken back), or None (neither side votes: no change)."""
    (_, voted_before), (score, votes_now) = _score(old), _score(new)
    if not (voted_before or votes_now):
        return None
    return (score > 0) - (score < 0)


__all__ = ["DOWN", "UP", "VOTES", "reaction_vote"]
