"""KnowledgeBase: the one object the CLI and the bot use.

It ties the stages together (ingest → normalise → chunk → embed → index →
retrieve → answer) around a directory holding ``kb.sqlite3`` and ``index/``.
Writers take an exclusive file lock and publish a new index generation when
they finish; readers pick up the newest generation on their next search.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np

from knowledge import index as index_mod
from knowledge.analyzer import Analyzer
from knowledge.answer import (
    AnswerConfig,
    Candidate,
    Evidence,
    QuestionTerms,
    candidates,
    compose,
    evidence,
    quotable_sentences,
)
from knowledge.chunking import ChunkSizes, chunk_sections, sentences
from knowledge.embed import DEFAULT_EMBEDDER, Embedder, RememberedQueries, embedder_name, make_embedder
from knowledge.followup import MORE
from knowledge.formats import UnreadableFile
from knowledge.grounded import Checker
from knowledge.index import Backend, IndexMismatch, LocalBackend, Manifest, SearchIndex
from knowledge.ingest import Skipped, discover, read_documents
from knowledge.intent import asks_for_list
from knowledge.normalize import search_form
from knowledge.question import Question, Reader
from knowledge.retrieve import FusionConfig, Mode, Retriever
from knowledge.store import DocumentInfo, Store, embed_text, text_hash
from knowledge.types import (
    BUILTIN_PREFIX,
    NOT_A_QUESTION,
    NOT_COVERED,
    READ,
    RETIRED_REASON,
    STORED,
    VERIFIED,
    Answer,
    Document,
    Hit,
    Step,
    StoredChunk,
)
from knowledge.verified import (
    ImportReport,
    Match,
    Matcher,
    VerifiedAnswers,
    VerifiedPair,
    reading,
)
from knowledge.vocabulary import Vocabulary

Progress = Callable[[Step], None]
OWN_DEPTH = 100  # how far down the fused ranking the course's own passages are looked for past the built-in notes


class KnowledgeBaseError(Exception):
    """An expected failure with a one-line message for the user."""


class QueryError(KnowledgeBaseError):
    """The question or query itself is unacceptable (empty, too long)."""


class Busy(KnowledgeBaseError):
    """Another process is updating the knowledge base."""


@dataclass(frozen=True)
class KBConfig:
    home: Path
    embedder: str = DEFAULT_EMBEDDER
    glossary: Path | None = None
    chunk_sizes: ChunkSizes = field(default_factory=ChunkSizes)
    fusion: FusionConfig = field(default_factory=FusionConfig)
    answer: AnswerConfig = field(default_factory=AnswerConfig)
    max_query_chars: int = 1000
    lock_timeout_s: float = 60.0
    builtin: bool = True  # index the built-in course notes into an empty base on first use
    # whether the built-in notes keep answering once the course has added material of its own (see
    # KnowledgeBase._search); by default they are a starter that gives way to the course's own text
    builtin_beside_material: bool = False
    dense_index: str = "auto"  # flat | ivf | hnsw | auto (exact below index.AUTO_APPROXIMATE_FROM passages)
    index: str = "local"       # local | milvus-lite:PATH.db | milvus://HOST:PORT (knowledge/milvus_index.py)
    index_token: str = field(default="", repr=False)  # a Milvus server's token; never printed or logged
    course: str = "default"  # the course this base is (recorded in its verified pairs)


@dataclass
class AddReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # already stored, but an interrupted update had kept them out of the serving index: indexed now
    completed: list[str] = field(default_factory=list)
    # this update gave a base of built-in notes material of its own: from now on the notes give way to it
    notes_gave_way: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced)


class RemoveReport(NamedTuple):
    removed: list[str]                    # document ids
    not_found: list[str]                  # refs that named nothing
    ambiguous: dict[str, list[str]]       # ref → the file names it could mean (nothing removed for it)


def _unwatched(step: Step) -> None:
    pass


def builtin_files() -> list[tuple[str, bytes]]:
    """(name, bytes) of the course notes shipped with the package."""
    folder = resources.files("knowledge").joinpath("data/builtin")
    return sorted((p.name, p.read_bytes()) for p in folder.iterdir() if p.name.endswith(".md"))


class KnowledgeBase:
    """Open with :meth:`open`; ``search``/``ask`` read, ``add``/``remove``/``rebuild`` write."""

    def __init__(self, config: KBConfig, progress: Progress | None = None, embedder: Embedder | None = None) -> None:
        self.config = config
        self.home = Path(config.home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.home / "kb.sqlite3")
        self.analyzer = Analyzer(config.glossary)
        self.reader = Reader(self.analyzer)
        # composing reads the same passages' sentences again and again: analyse each once
        self._sentence_terms = lru_cache(maxsize=50_000)(self.analyzer.terms)
        # given: shared with other bases (one model in memory for many courses), else made on first use
        self._embedder: Embedder | None = embedder
        self.backend: Backend = _backend(config, self.home)
        self._index: SearchIndex | None = None
        self._generation: str | None = None
        self._own_material: tuple[str | None, bool] | None = None  # (generation, whether the course has its own)
        self._vocabulary: tuple[str | None, Vocabulary] | None = None
        self._sentence_vectors: dict[str, np.ndarray] = {}
        self.progress = progress
        self.verified = VerifiedAnswers(self.store, config.course, self._verified_matcher)
        self._question_vectors: dict[str, np.ndarray] = {}  # verified phrasings' vectors, kept across reloads
        self._question_passages: dict[str, np.ndarray] = {}  # the same as passages, and the pairs' answers

    @classmethod
    def open(cls, config: KBConfig, progress: Progress | None = None, check_embedder: bool = True,
             embedder: Embedder | None = None) -> KnowledgeBase:
        """Open (creating if needed) the base in ``config.home``; index the built-in notes on first use.

        Raises IndexMismatch when the index was built by another embedder, unless
        ``check_embedder`` is false (as for ``rebuild``, which replaces it).  ``embedder``: another base's
        (its :attr:`embedder`, of the same ``config.embedder``), so that several bases in one process
        share one model instead of loading one each.
        """
        if embedder is not None and embedder.name != embedder_name(config.embedder):
            raise ValueError(f"a shared embedder must be the configured one ({config.embedder}), not {embedder.name}")
        kb = cls(config, progress, embedder)
        if check_embedder:
            kb._check_embedder()
        if kb.store.get_meta("initialised") is None:
            # First use of this directory: it gets the built-in notes unless asked not to, once.
            with kb._write_lock():
                if kb.store.get_meta("initialised") is None:
                    if config.builtin:
                        kb._add_builtin()
                    kb.store.set_meta("initialised", str(time.time()))
        manifest = kb._manifest()
        if manifest is not None and (manifest.format < index_mod.FORMAT or manifest.analyzer != kb.analyzer.signature):
            # written by an older version, or analysed with another glossary: questions would be read
            # differently from the passages, so re-analyse (vectors are cached) and publish once
            with kb._write_lock():
                kb._publish()
        return kb

    # -- reading ---------------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = RememberedQueries(make_embedder(self.config.embedder))
        return self._embedder

    def _check_embedder(self) -> None:
        manifest = self._manifest()
        if manifest is None:
            return
        built_with = manifest.embedder
        wanted = embedder_name(self.config.embedder)
        if built_with != wanted:
            raise IndexMismatch(
                f"this knowledge base was indexed with embedder '{built_with}', but '{wanted}' was asked for; "
                f"rebuild it with: daneshyar kb rebuild --embedder {self.config.embedder}"
                f" (or keep using --embedder matching '{built_with}')"
            )

    def index(self) -> SearchIndex | None:
        """The newest published generation, reloaded when a writer has published a new one."""
        generation = self.backend.current()
        if generation is None:
            return self._index  # none published yet, or none found this instant: the loaded one still serves
        if generation != self._generation:
            index = self.backend.load(generation)
            if index.manifest.embedder != embedder_name(self.config.embedder):
                self._check_embedder()
            self._index, self._generation = index, generation
        return self._index

    def _manifest(self) -> Manifest | None:
        generation = self.backend.current()
        return self.backend.manifest(generation) if generation is not None else None

    def _clean_query(self, query: str) -> str:
        query = (query or "").strip()
        if not query:
            raise QueryError("the question is empty")
        if len(query) > self.config.max_query_chars:
            raise QueryError(f"the question is too long ({len(query)} characters; at most {self.config.max_query_chars})")
        return query

    def search(self, query: str, k: int = 5, mode: Mode | str = Mode.HYBRID) -> list[Hit]:
        """The passages ranked best for ``query`` (Finglish and misspelt names read as for ``ask``)."""
        query = self._clean_query(query)
        mode = Mode.from_str(mode) if isinstance(mode, str) else mode
        index = self.index()
        if index is None:
            return []
        read = self.reader.read(query, (), self._known(index), self.vocabulary())
        return self._search(index, read.query, k, mode)

    def _search(self, index: SearchIndex, text: str, k: int, mode: Mode = Mode.HYBRID) -> list[Hit]:
        """The passages for ``text``; once the course has material of its own, only its own.

        The built-in notes are a starter for a base with nothing else.  Beside a course's own slides they cite
        material the course never used and answer questions its material does not cover.  Measured leave-one-
        corpus-out on five corpora by other authors (``benchmarks/generalisation.py --loco``), the notes in
        each base: answering beside the material, 205 of 316 facts in the answer and 43 of 65 near-domain
        questions refused; giving way (abstention refitted), 213 and 49.  Of the course's 159 development
        questions whose fact is in its own four files, 90 were answered from those files (75 before); its
        other questions are about the notes alone: a course whose notes they are keeps them answering with
        ``builtin_beside_material``."""
        retriever = Retriever(self.embedder, self.analyzer, self.config.fusion)
        if not self._notes_give_way():
            return retriever.search(index, text, k, mode)
        hits = retriever.search(index, text, max(k, OWN_DEPTH), mode)
        return [hit for hit in hits if not hit.chunk.builtin][:k]

    def _notes_give_way(self) -> bool:
        """Whether the built-in notes are left out of answers: the course has material of its own (checked once
        per published generation)."""
        if self.config.builtin_beside_material:
            return False
        generation = self._generation
        if self._own_material is None or self._own_material[0] != generation:
            self._own_material = (generation, self.store.sources(BUILTIN_PREFIX)[1] > 0)
        return self._own_material[1]

    @staticmethod
    def _known(index: SearchIndex) -> Callable[[str], bool]:
        return lambda term: bool(term) and index.idf(term) > 0

    def understand(self, question: str, context: Sequence[str] = ()) -> Question:
        """How ``question`` is read: its language, what is searched, whether it is a question at all."""
        question = self._clean_query(question)
        index = self.index()
        if index is None:
            return self.reader.read(question, context, lambda term: False)
        return self.reader.read(question, context, self._known(index), self.vocabulary())

    def vocabulary(self) -> Vocabulary:
        """What the material calls things (``knowledge/vocabulary.py``), learned again when the index changes."""
        generation = self._generation  # the one index() loaded just before
        if self._vocabulary is None or self._vocabulary[0] != generation:
            texts = (row.embed_text for row in self.store.chunk_rows())
            self._vocabulary = (generation, Vocabulary.learn(texts, self.reader.latin_terms))
        return self._vocabulary[1]

    def ask(self, question: str, k: int = 5, context: Sequence[str] = ()) -> Answer:
        """Answer ``question``; ``context`` holds the earlier questions of its thread, oldest first.

        A follow-up ("و VGG چی؟", "چرا؟") is understood in that context; a question that
        stands on its own ignores it.  ``Answer.kind`` says whether it was answered, not
        covered, or not a question at all (thanks, greetings, emoji).
        """
        read = self.understand(question, context)
        index = self._index
        if read.not_a_question:
            return Answer(read.typed, False, (), (), reason="not-a-question", kind=NOT_A_QUESTION)
        # question to question, first; the question as already read (reading it again would change it: «…2d» → «…2d2d»)
        found = self.verified.match(read.typed, read.searched) if read.mode != MORE else None
        if found is not None:
            return self._verified_answer(found, index, read, k)
        if index is None:
            return Answer(read.typed, False, (), (), reason="empty-base", kind=NOT_COVERED)
        hits = self._search(index, read.query, k)
        exclude: frozenset[str] = frozenset()
        if read.mode == MORE:  # "tell me more": the same question, showing what its answer did not
            shown = self._compose(index, hits, read.query, read, frozenset())
            exclude = frozenset(s for quote in shown.quotes for s in sentences(quote))
        answer = self._compose(index, hits, read.query, read, exclude)
        return replace(answer, question=read.typed, resolved_question=read.searched)

    def _verified_answer(self, found: Match, index: SearchIndex | None, read: Question, k: int) -> Answer:
        """The verified pair's answer with the material's quote when the material answers too; a retired pair
        with nobody's correction: not covered (the answer marked wrong is not given again)."""
        if not found.served:
            return Answer(read.typed, False, (), (), reason=RETIRED_REASON, kind=NOT_COVERED, verified=found.pair,
                          resolved_question=read.searched)
        material = self._compose(index, self._search(index, read.query, k), read.query, read, frozenset()) \
            if index is not None else None
        quoted = material if material is not None and material.answered else None
        return Answer(read.typed, True, quoted.quotes if quoted else (), quoted.citations if quoted else (),
                      confidence=found.score, kind=VERIFIED, resolved_question=read.searched, verified=found.pair)

    def _verified_matcher(self, pairs: Sequence[VerifiedPair]) -> Matcher:
        """A matcher over ``pairs`` reading questions as :meth:`ask` does, each phrasing embedded once a process."""
        def embed(searched: str) -> np.ndarray:  # the questions asked pass through here too
            return _remembered(self._question_vectors, searched,
                               lambda: self.embedder.embed_query(self.analyzer.dense_query(searched)))

        def passage(searched: str) -> np.ndarray:  # the same text as a passage: the contrast (knowledge/verified.py)
            return _remembered(self._question_passages, searched,
                               lambda: self.embedder.embed_passages([self.analyzer.dense_query(searched)])[0])

        def answered(pair: VerifiedPair) -> np.ndarray:  # a pair's question and answer, one passage
            text = f"{pair.question}\n{pair.answer}"
            return _remembered(self._question_passages, text, lambda: self.embedder.embed_passages([text])[0])

        return Matcher(pairs, lambda text: self.understand(text).searched, embed,
                       lru_cache(maxsize=4096)(partial(reading, self.analyzer)), passage, answered)

    def verify(self, question: str, answer: str, role: str, phrasings: Sequence[str] = (), replaces: str = "",
               at: float | None = None) -> VerifiedPair:
        """Store a verified pair (it takes over from a pair the question already matches; see
        :meth:`VerifiedAnswers.verify`)."""
        with self._write_lock():
            return self.verified.verify(question, answer, role, phrasings, replaces, at)

    def retire(self, question: str, shown: str, pair_id: str = "", phrasings: Sequence[str] = (),
               at: float | None = None) -> VerifiedPair:
        """Stop giving an answer marked wrong to ``question`` (see :meth:`VerifiedAnswers.retire`)."""
        with self._write_lock():
            return self.verified.retire(question, shown, pair_id, phrasings, at)

    def import_verified(self, pairs: Sequence[VerifiedPair]) -> ImportReport:
        with self._write_lock():
            return self.verified.load(pairs)

    def analyse(self, index: SearchIndex, text: str, read: Question, exclude: frozenset[str] = frozenset()) -> QuestionTerms:
        """The searched question as composing and abstaining read it."""
        known = self._known(index)
        concepts = [m.term for m in self.analyzer.matches(text) if m.term.kind != "generic" and known(m.term.key)]
        return QuestionTerms(
            self.analyzer.query_terms(text, known), read.recognised, read.qtype, exclude,
            entities=frozenset(t.key for t in concepts if t.kind == "model"), english=read.language == "english",
            finglish=read.language == "finglish",
            concepts=len({t.key for t in concepts}), wants_list=asks_for_list(text))

    def evidence(self, question: str, context: Sequence[str] = (), k: int = 5) -> Evidence | None:
        """The features abstention judges ``question`` by (for calibration: ``benchmarks/answers.py``)."""
        read = self.understand(question, context)
        index = self._index
        if index is None or read.not_a_question:
            return None
        hits = self._search(index, read.query, k)
        return evidence(self.analyse(index, read.query, read), hits, index.idf, index.max_idf, self.config.answer,
                        self._similarity(read.query), self._background(index, read.query))

    def quote_candidates(self, question: str, context: Sequence[str] = (), k: int = 5) -> list[Candidate]:
        """The sentences a quote could start from, with their features (for fitting: ``--fit-quotes``)."""
        read = self.understand(question, context)
        index = self._index
        if index is None or read.not_a_question:
            return []
        hits = self._search(index, read.query, k)
        return candidates(hits, self.analyse(index, read.query, read), self._sentence_terms, index.idf, search_form,
                          self.config.answer, self._similarity(read.query))

    def _compose(self, index: SearchIndex, hits: list[Hit], text: str, read: Question, exclude: frozenset[str]) -> Answer:
        return compose(text, hits, self.analyse(index, text, read, exclude), self._sentence_terms, index.idf,
                       index.max_idf, search_form, self.config.answer, self._similarity(text),
                       self._background(index, text))

    def _background(self, index: SearchIndex, text: str) -> float | None:
        return Retriever(self.embedder, self.analyzer, self.config.fusion).background(index, text)

    def _similarity(self, question: str) -> Callable[[Sequence[str]], np.ndarray]:
        """The question's cosine similarity to sentences, each sentence embedded once a process (by indexing,
        ahead of time).  Safe from several questions threads at once."""

        def similarity(texts: Sequence[str]) -> np.ndarray:
            # a local view first: another questions thread may clear the shared dict meanwhile
            known = {t: self._sentence_vectors.get(t) for t in dict.fromkeys(texts)}
            missing = [t for t, v in known.items() if v is None]
            if missing:
                known.update(self._stored_sentence_vectors(missing))
                missing = [t for t in missing if known.get(t) is None]
            if missing:  # indexed before sentences were embedded ahead, or a Milvus base another process built
                known.update(zip(missing, self.embedder.embed_passages(missing), strict=True))
            if len(self._sentence_vectors) > 50_000:
                self._sentence_vectors.clear()
            self._sentence_vectors.update(known)
            query = self.embedder.embed_query(self.analyzer.dense_query(question))  # retrieval's, remembered
            return np.stack([known[t] for t in texts]) @ query

        return similarity

    def _stored_sentence_vectors(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Sentence vectors the index build stored in the vector cache (keyed like passages, by text)."""
        by_hash = {text_hash(t): t for t in texts}
        return {by_hash[h]: v for h, v in self.store.cached_vectors(self.embedder.name, list(by_hash)).items()}

    def _embed_sentences(self) -> int:
        """Embed the quotable sentences of every passage that are not in the vector cache yet, so answering
        a question costs one query vector instead of one per unseen sentence (``benchmarks/bot_load.py``:
        the first answers from each passage otherwise spend most of their time here).  Runs after the
        index is published: the new text is already searchable meanwhile.  Returns how many were embedded."""
        texts = list(dict.fromkeys(t for text in self.store.chunk_texts() for t in quotable_sentences(text)))
        hashes = [text_hash(t) for t in texts]
        have = self.store.cached_vectors(self.embedder.name, hashes)
        todo = [(h, t) for h, t in zip(hashes, texts, strict=True) if h not in have]
        for start in range(0, len(todo), index_mod.EMBED_BATCH):
            batch = todo[start : start + index_mod.EMBED_BATCH]
            self.store.put_vectors(self.embedder.name, [h for h, _ in batch],
                                   self.embedder.embed_passages([t for _, t in batch]))
        return len(todo)

    def checker(self) -> Checker:
        """What checks a generated answer against the passages of this base (``knowledge/grounded.py``)."""
        index = self.index()
        words = lru_cache(maxsize=4096)(lambda text: frozenset(self.analyzer.content_terms(text)))
        return Checker(words, self.embedder.embed_query,
                       lambda citation: index.vector(citation.chunk_id) if index is not None else None)

    def warm(self) -> None:
        """Load the index, the embedder, the Finglish word lists and the material's vocabulary before the
        first question needs them.

        A server calls this at start-up: otherwise the first question pays for all of them (about 2 s for
        the vocabulary and the word lists behind it alone), and every question queued behind it waits as long.
        """
        from knowledge import transliterate

        self.index()
        self.embedder.embed_query("warm")
        transliterate.load()
        self.ask("overfitting chie? warm")  # the vocabulary, the lexicon and the spelling lists, first used here

    def documents(self) -> list[DocumentInfo]:
        return self.store.documents()

    def chunk(self, chunk_id: str) -> StoredChunk | None:
        """A passage by id, as the serving generation has it (what search results point at)."""
        index = self.index()
        doc_id, _, position = chunk_id.rpartition(":")
        if index is None or not position.isdigit():
            return None
        return index.chunk(doc_id, int(position))

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def _write_lock(self, wait: bool = True):
        lock_path = self.home / "write.lock"
        with open(lock_path, "a+") as fh:
            deadline = time.monotonic() + (self.config.lock_timeout_s if wait else 0)
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise Busy(
                            "another process is updating this knowledge base; try again when it has finished"
                        ) from None
                    time.sleep(0.2)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _put(self, doc: Document, report: AddReport, label: str) -> int:
        """Store one document unless unchanged (each document its own transaction); returns its passages."""
        existing = self.store.document_by_source(doc.source)
        if existing and existing.content_hash == doc.content_hash and existing.chunks:
            (report.unchanged if self._serves(existing.id) else report.completed).append(label)
            return 0
        if existing:
            doc_id = existing.id
        else:  # from the file name; a chat export's thread adds its key: result-thread-42
            path, _, key = doc.source.removeprefix(BUILTIN_PREFIX).partition("#")
            doc_id = self.store.new_doc_id(Path(path).stem + (f"-{key}" if key else ""))
        chunks = chunk_sections(doc_id, doc.sections, self.config.chunk_sizes)
        if not chunks:
            report.skipped.append(Skipped.of(label, UnreadableFile("no_text")))
            return 0
        embed_texts = [embed_text(doc.title, c.headings, c.text) for c in chunks]
        norm = [" ".join(self.analyzer.terms(t)) for t in embed_texts]
        self.store.put_document(doc_id, doc.source, doc.title, doc.format, doc.content_hash, chunks, norm, embed_texts)
        (report.replaced if existing else report.added).append(label)
        return len(chunks)

    def _serves(self, doc_id: str) -> bool:
        generation = self.backend.current()
        return generation is not None and self.backend.covers(generation, doc_id)

    def add(self, paths: Iterable[Path | str], progress: Progress | None = None) -> AddReport:
        """Add files and folders; unchanged files are skipped by content hash, changed ones replaced.

        ``progress`` (or the base's own watcher) is told each step: files read, passages stored,
        searchable by words, embedding N/M, complete.
        """
        report = AddReport()
        watch = progress or self.progress or _unwatched
        with self._write_lock():
            notes, own = self.store.sources(BUILTIN_PREFIX)
            files, missing = discover(Path(p) for p in paths)
            report.skipped.extend(missing)
            passages = 0
            for number, path in enumerate(files):
                watch(Step(READ, number, len(files), path.name))
                try:
                    docs = read_documents(path)
                except UnreadableFile as exc:
                    report.skipped.append(Skipped.of(str(path), exc))
                    continue
                for doc in docs:  # a chat export's threads are labelled PATH#thread-ID
                    passages += self._put(doc, report, str(path) + doc.source.removeprefix(str(path.resolve())))
            watch(Step(STORED, passages, passages))
            self._publish(progress=watch)
            report.notes_gave_way = bool(notes) and not own and not self.config.builtin_beside_material \
                and self.store.sources(BUILTIN_PREFIX)[1] > 0
        return report

    def recover(self) -> bool:
        """Finish an update that a crash or restart interrupted (documents stored, index not yet built
        from them, or built by their words only); True when it published.  Does nothing, without
        waiting, while another process is updating: that writer finishes the job."""
        try:
            with self._write_lock(wait=False):
                if not self._stale(self._manifest()):
                    return False
                self._publish()
                return True
        except Busy:
            return False

    def _add_builtin(self) -> None:
        report = AddReport()
        for name, data in builtin_files():
            for doc in read_documents(Path(name), data=data, source=BUILTIN_PREFIX + name):
                self._put(doc, report, name)
        self._publish()

    def find(self, ref: str) -> list[DocumentInfo]:
        """The documents ``ref`` names: an id, a source path, the file name the bot reported («bn2.pdf»),
        or an unambiguous prefix of an id or a file name.  Several files for one ref: the caller asks which."""
        doc = self.store.document(ref)
        if doc:
            return [doc]
        docs = self.store.documents_from(ref)
        if not docs and os.path.exists(ref):
            docs = self.store.documents_from(str(Path(ref).resolve()))
        if docs:
            return docs
        everything = self.store.documents()
        wanted = ref.strip().lower()
        name = lambda d: Path(d.source.split("#", 1)[0]).name.lower()
        for match in (lambda d: name(d) == wanted, lambda d: d.title.lower() == wanted,
                      lambda d: d.id.lower().startswith(wanted) or name(d).startswith(wanted)):
            found = [d for d in everything if match(d)]
            if found:
                return found
        return []

    def remove(self, refs: Iterable[str]) -> RemoveReport:
        """Remove documents by id, path, reported file name or unambiguous prefix (see :meth:`find`)."""
        removed, missing, ambiguous = [], [], {}
        with self._write_lock():
            for ref in refs:
                docs = self.find(ref)
                files = {d.source.split("#", 1)[0] for d in docs}
                if not docs:
                    missing.append(ref)
                    continue
                if len(files) > 1:  # two files share the name or prefix: removing both would lose one
                    ambiguous[ref] = sorted(Path(f).name for f in files)
                    continue
                for doc in docs:  # a chat export's file removes all its threads
                    self.store.remove_document(doc.id)
                    removed.append(doc.id)
            self._publish()
        return RemoveReport(removed, missing, ambiguous)

    def rebuild(self) -> int:
        """Re-analyse and re-embed everything with the configured embedder; returns the chunk count."""
        with self._write_lock():
            self._reanalyse()
            self._publish(force=True)
        return self.store.chunk_count()

    def _reanalyse(self) -> None:
        rows = self.store.chunk_rows()
        with self.store.transaction() as db:
            db.executemany(
                "UPDATE chunks SET norm_text = ? WHERE rowid = ?",
                [(" ".join(self.analyzer.terms(r.embed_text)), r.rowid) for r in rows],
            )

    def _stale(self, manifest: Manifest | None) -> bool:
        """Whether the serving generation (its ``manifest``) lags the store, or has passages its dense side lacks."""
        return (manifest is None or manifest.data_version != self.store.data_version or bool(manifest.pending)
                or manifest.format < index_mod.FORMAT or manifest.analyzer != self.analyzer.signature)

    def _publish(self, force: bool = False, progress: Progress | None = None) -> None:
        """Build and publish a generation unless the serving one is already up to date.

        "Up to date" is checked against the store's data_version, not remembered, so
        work left unfinished by a killed writer is completed by the next one.
        """
        manifest = self._manifest()
        if manifest is not None and manifest.analyzer != self.analyzer.signature:
            self._reanalyse()  # the glossary or normaliser changed since the last build
            force = True
        if force or self._stale(manifest):
            self.backend.build(self.store, self.embedder, self.analyzer.signature, progress or self.progress,
                               self.config.dense_index)
            self._embed_sentences()

    def close(self) -> None:
        self.store.close()
        self.backend.close()


REMEMBERED = 20_000  # the most vectors a matcher's cache keeps before it starts again (questions pass through)


def _remembered(cache: dict[str, np.ndarray], key: str, compute: Callable[[], np.ndarray]) -> np.ndarray:
    """``cache[key]``, computed once; a cache grown past :data:`REMEMBERED` starts again."""
    if key not in cache:
        if len(cache) > REMEMBERED:
            cache.clear()
        cache[key] = compute()
    return cache[key]


def _backend(config: KBConfig, home: Path) -> Backend:
    """The engine behind the index: FAISS + bm25s files under ``home/index`` (default) or Milvus."""
    if (config.index or "local") == "local":
        return LocalBackend(home / "index")
    from knowledge.milvus_index import MilvusBackend

    return MilvusBackend(config.index, config.index_token)

