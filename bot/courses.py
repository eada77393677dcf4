"""The courses one bot serves, and which one a chat asks.

Each course has its own knowledge base (``daneshyar/application/courses.py`` says where) and its own
:class:`~bot.conversation.Conversation` over it; they share the bot's records, the users' rate limits, the
language model and the embedders (one model in memory for questions and one for updates, however many
courses there are).  Which course a message asks:

* in a group: the course its forum topic is bound to, else the group's, else the default course;
* in a private chat: the course the student picked, among the courses of the groups they were seen in
  (one such course needs no picking; none: the default course).

So a student only ever gets the material of a course whose group they are in: the courses of private
chats and of start links are checked against the groups the student was seen in.  An admin (of the bot,
or of that course) binds a group or topic with ``/course NAME``; a bot admin's ``/course`` with a new name
creates the course, and that admin becomes its first course admin.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot import formatting as fmt
from bot import messages as msg
from bot.conversation import Button, Conversation, Reply
from bot.state import BotState
from daneshyar.application.courses import (
    DEFAULT_COURSE,
    CourseNameError,
    course_home,
    course_homes,
    course_name,
)
from knowledge import KnowledgeBase

CHOOSE = "course:"  # a course button's callback data: «course:NAME»


@dataclass(frozen=True)
class Choice:
    """A private message whose course the student has to pick first: the buttons to send."""

    reply: Reply


class Courses:
    """The courses' conversations, opened on first use, and the rules for which one a message asks.

    ``open_course(name)`` returns (reader, writer factory) for a course: the bot's wiring opens both on
    the shared embedders (:func:`bot.create_courses`); tests open small bases the same way."""

    def __init__(self, default: Conversation,
                 open_course: Callable[[str], tuple[KnowledgeBase, Callable[[], KnowledgeBase]]] | None = None,
                 known: Callable[[], set[str]] = set) -> None:
        self.default = default
        self._open_course = open_course
        self._known = known  # courses with a knowledge base on disk (created by the CLI, say)
        self._conversations: dict[str, Conversation] = {DEFAULT_COURSE: default}
        self._seen: set[tuple[int, str]] = set()  # (user, course) recorded this run: one write each
        self._lock = threading.Lock()

    @classmethod
    def around(cls, default: Conversation) -> Courses:
        """The courses whose home is ``default``'s (the default course's base is the home's own), each opened
        like it and on its embedders: questions share one model, updates another."""
        def open_base(name: str, embedder) -> KnowledgeBase:  # read when a course opens, not before
            config = replace(default.kb.config, home=course_home(default.kb.home, name), builtin=False, course=name)
            return KnowledgeBase.open(config, embedder=embedder)

        def open_course(name: str) -> tuple[KnowledgeBase, Callable[[], KnowledgeBase]]:
            return open_base(name, default.kb.embedder), lambda: open_base(name, default.writer.embedder)

        return cls(default, open_course, known=lambda: set(course_homes(default.kb.home)))

    @property
    def state(self) -> BotState:
        return self.default.state

    def names(self) -> list[str]:
        """Every course: the default, those created from the chat, and those with a base on disk."""
        return [DEFAULT_COURSE, *sorted({*self.state.courses(), *self._known()} - {DEFAULT_COURSE})]

    def conversation(self, name: str) -> Conversation:
        """Course ``name``'s conversation (its base opened on first use), with its admins."""
        with self._lock:
            if name not in self._conversations:
                if self._open_course is None:
                    raise KeyError(f"no course {name!r}: this bot serves one course")
                kb, writer = self._open_course(name)
                course = self.default.for_course(name, kb, writer)
                course.config = replace(self.default.config,
                                        admin_ids=self.default.config.admin_ids | self.state.course_admins(name))
                self._conversations[name] = course
            return self._conversations[name]

    def opened(self) -> list[Conversation]:
        with self._lock:
            return list(self._conversations.values())

    # -- which course a message asks --------------------------------------------------------------

    def in_group(self, chat_id: int, thread_id: int | None, user_id: int | None) -> Conversation:
        """The course of a group (or its topic); the sender is remembered as one of its students."""
        name = self.state.bound_course(chat_id, thread_id) or DEFAULT_COURSE
        if user_id is not None and (user_id, name) not in self._seen:
            self.state.seen_in_course(user_id, name)
            self._seen.add((user_id, name))
        return self.conversation(name)

    def allowed(self, user_id: int | None) -> list[str]:
        """The courses ``user_id`` may read in a private chat: a bot admin every course, a course admin
        theirs, a student those of the groups they were seen in; nobody seen anywhere, the default."""
        if user_id is None:
            return [DEFAULT_COURSE]
        if self.default.is_admin(user_id):
            return self.names()
        mine = {*self.state.member_courses(user_id), *self.state.admin_courses(user_id)}
        return sorted(mine) or [DEFAULT_COURSE]

    def in_private(self, user_id: int | None) -> Conversation | Choice:
        """The course of a private chat: the one picked (still allowed), the only one allowed, the default
        for a bot admin who picked none, or a :class:`Choice` among several."""
        chosen = self.state.private_course(user_id) if user_id is not None else None
        allowed = self.allowed(user_id)
        if chosen in allowed:
            return self.conversation(chosen)
        if len(allowed) == 1 or self.default.is_admin(user_id):
            return self.conversation(allowed[0])
        return Choice(self.choices(allowed))

    @staticmethod
    def choices(names: list[str]) -> Reply:
        return Reply(msg.COURSE_CHOOSE, tuple((Button(fmt.course_title(name), CHOOSE + name),) for name in names))

    def of_answer(self, answer_id: int, user_id: int | None, private: bool) -> Conversation | None:
        """The course whose material answer ``answer_id`` showed, for its buttons; in a private chat (a
        start link, a button there) None when the user may not read that course."""
        name = self.state.course_of_answer(answer_id) or DEFAULT_COURSE
        if private and name not in self.allowed(user_id):
            return None
        return self.conversation(name)

    # -- what users do -----------------------------------------------------------------------------

    def choose(self, user_id: int | None, raw: str) -> tuple[bool, Reply]:
        """A private chat's course, picked with a button or ``/course NAME``: whether it was, and what to say."""
        try:
            name = course_name(raw)
        except CourseNameError:
            return False, Reply(msg.COURSE_BAD_NAME)
        if user_id is None or name not in self.allowed(user_id):
            return False, Reply(msg.COURSE_NOT_YOURS.format(course=fmt.esc(fmt.course_title(name))))
        self.state.choose_private_course(user_id, name)
        return True, Reply(msg.COURSE_CHOSEN.format(course=fmt.esc(fmt.course_title(name))))

    def private_menu(self, user_id: int | None) -> Reply:
        """``/course`` alone in a private chat: the courses to pick from, or the one it asks."""
        allowed = self.allowed(user_id)
        if len(allowed) > 1:
            return self.choices(allowed)
        course = self.in_private(user_id)
        return self.here(course) if isinstance(course, Conversation) else course.reply

    def bind(self, chat_id: int, thread_id: int | None, raw: str, user_id: int | None) -> Reply:
        """``/course NAME`` in a group or topic: bind it, creating the course on a bot admin's first use."""
        try:
            name = course_name(raw)
        except CourseNameError:
            return Reply(msg.COURSE_BAD_NAME)
        exists = name in self.names()
        if not (self.default.is_admin(user_id) or (exists and user_id in self.state.course_admins(name))):
            return Reply(msg.NOT_ADMIN if exists else msg.COURSE_UNKNOWN.format(course=fmt.esc(name)))
        created = not exists and self.state.create_course(name, user_id)
        self.conversation(name)  # its base opened (created) now, not on the first question
        self.state.bind_course(chat_id, thread_id, name, user_id)
        place = msg.COURSE_PLACE_TOPIC if thread_id else msg.COURSE_PLACE_GROUP
        lines = [msg.COURSE_BOUND.format(place=place, course=fmt.esc(fmt.course_title(name)))]
        return Reply("\n".join(lines + ([msg.COURSE_CREATED.format(course=fmt.esc(name))] if created else [])))

    def for_admin(self, raw: str, user_id: int | None) -> Conversation | Reply:
        """Course ``raw`` for a report about it (``/stats NAME``): its conversation when ``user_id`` is its admin
        (or the bot's), else what to say instead."""
        try:
            name = course_name(raw)
        except CourseNameError:
            return Reply(msg.COURSE_BAD_NAME)
        if name not in self.names():
            return Reply(msg.COURSE_UNKNOWN.format(course=fmt.esc(name)))
        course = self.conversation(name)
        return course if course.is_admin(user_id) else Reply(msg.NOT_ADMIN)

    def digests(self) -> list[tuple[Conversation, Reply]]:
        """When the digest is due, each course's own (those with something to report), the default first:
        one course's questions never appear in another's."""
        period = self.default.digest_period()
        if period is None:
            return []
        found = []
        for name in self.names():
            course = self.conversation(name)
            digest = course.course_digest(*period)
            if digest is not None:
                found.append((course, digest))
        return found

    def here(self, conversation: Conversation) -> Reply:
        return Reply(msg.COURSE_HERE.format(course=fmt.esc(fmt.course_title(conversation.course))))


__all__ = ["CHOOSE", "Choice", "Courses"]
