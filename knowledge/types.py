"""The small value types that flow through the pipeline: file → Document → Chunk → Hit → Answer.

Each is a frozen dataclass; what the CLI prints with ``--json`` is built from
them and the bot renders the same objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.verified import VerifiedPair

HEADING_SEP = " › "


@dataclass(frozen=True)
class Section:
    """A run of text under one heading path (outermost heading first)."""

    headings: tuple[str, ...]
    text: str
    page: int | None = None  # for paged formats (PDF), cited as "p. N"


@dataclass(frozen=True)
class Document:
    """A source file's text, split into sections, before chunking."""

    source: str  # where it came from: an absolute path, or "builtin:NAME"
    title: str
    format: str  # "txt", "md", ...
    content_hash: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Chunk:
    """A passage short enough to quote in one chat message, never cut mid-sentence."""

    doc_id: str
    position: int
    headings: tuple[str, ...]
    text: str  # as written in the source, for display
    page: int | None = None  # where the chunk starts, in a paged source
    # Sections that begin inside the chunk after its first one: (the text they begin with, heading path).
    # A quote is cited under the section it sits in, not the one the chunk starts with.
    sections: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        return chunk_id(self.doc_id, self.position)

    @property
    def heading_path(self) -> str:
        return HEADING_SEP.join(self.headings)


def chunk_id(doc_id: str, position: int) -> str:
    return f"{doc_id}:{position}"


BUILTIN_PREFIX = "builtin:"  # the source of a built-in note: "builtin:NAME"


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as the store returns it, with what a citation needs."""

    id: str
    doc_id: str
    title: str
    source: str
    heading_path: str
    text: str
    terms: tuple[str, ...] = ()  # the analysed terms BM25 indexed (title, headings and text)
    page: int | None = None
    sections: tuple[tuple[str, str], ...] = ()  # as Chunk.sections

    @property
    def builtin(self) -> bool:
        """Part of the built-in notes, not of the course's own material."""
        return self.source.startswith(BUILTIN_PREFIX)

    def section_at(self, offset: int) -> str:
        """The heading path of the section that the text at ``offset`` belongs to."""
        path = self.heading_path
        for marker, heading_path in self.sections:
            where = self.text.find(marker)
            if 0 <= where <= offset:
                path = heading_path
        return path


@dataclass(frozen=True)
class Hit:
    chunk: StoredChunk
    score: float
    dense: float | None = None  # cosine similarity, when the dense side saw it
    lexical: float | None = None  # BM25 score, when the lexical side saw it


@dataclass(frozen=True)
class Citation:
    doc: str
    title: str
    section: str
    chunk_id: str
    text: str  # the whole passage
    quote: str  # the sentences of it the answer uses
    page: int | None = None


# What kind of reply a message gets; ``ask --json`` reports it as "kind" and the bot routes on it.
ANSWER = "answer"                  # quotes from the material, cited
NOT_COVERED = "not_covered"        # a question the material does not answer: an honest refusal
NOT_A_QUESTION = "not_a_question"  # thanks, greetings, emoji, "ok": silence in a group, one line in private
CALCULATION = "calculation"        # computed by cnn_demos (the issue on calculations asked in a sentence)
VERIFIED = "verified"              # a TA's verified answer to the same question (knowledge/verified.py)
KINDS = (ANSWER, NOT_COVERED, NOT_A_QUESTION, CALCULATION, VERIFIED)
RETIRED_REASON = "retired"  # NOT_COVERED because the answer this question had was retired (marked wrong)


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    quotes: tuple[str, ...]
    citations: tuple[Citation, ...] = field(default_factory=tuple)
    reason: str = ""  # why it abstained: "weak-evidence", "no-index", ...
    confidence: float = 0.0
    kind: str = ANSWER
    resolved_question: str = ""  # what was searched: after context and transliteration ("" = the question)
    # VERIFIED: the pair answering it (its citations: the material's quote, when the material has one);
    # NOT_COVERED with reason RETIRED_REASON: the retired pair standing for the question
    verified: VerifiedPair | None = None


# The stages of an update, in order; ``Step`` reports one to whoever watches (the CLI's bar, the bot's
# progress message).  SEARCHABLE: the new passages are found by their words (a generation with the BM25
# side complete is serving) while their vectors are still being computed; COMPLETE: dense search has them too.
READ, STORED, SEARCHABLE, EMBEDDING, COMPLETE = "read", "stored", "searchable", "embedding", "complete"


@dataclass(frozen=True)
class Step:
    stage: str
    done: int = 0
    total: int = 0
    name: str = ""  # the file being read, for READ
