"""A message as typed → the question to search: script, typos, context, and whether it asks at all.

The steps, each its own module, run here in order:

1. not a question? (``intent``) — thanks, greetings and emoji stop here;
2. Finglish → Persian script, technical terms kept Latin (``transliterate``);
3. misspelt names → glossary names (``spelling``);
4. a follow-up → the question it stands for (``followup``);
5. the kind of fact asked for (``intent.question_type``).

What comes out (:class:`Question`) carries the searched text, shown to the
student when it differs from what they typed, and the words the steps
recognised, which abstention must not count as "unknown to the course".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.analyzer import Analyzer, backoff, stop_words
from knowledge.followup import ALONE, resolve
from knowledge.intent import QuestionType, is_not_a_question, question_type
from knowledge.normalize import formal
from knowledge.spelling import Speller
from knowledge.transliterate import language, to_persian
from knowledge.vocabulary import Vocabulary

Known = Callable[[str], bool]
_LATIN_OR_PERSIAN_WORD = re.compile(r"[A-Za-z]+|[\u0600-\u06ff]+")


@dataclass(frozen=True)
class Question:
    typed: str
    searched: str  # after transliteration, typo fixes and context
    language: str  # persian | finglish | english
    mode: str  # how the context was used: alone | more | substitute | merge
    previous: str = ""  # the question it was read against
    not_a_question: bool = False
    qtype: QuestionType = QuestionType.OTHER
    recognised: frozenset[str] = frozenset()  # analysed terms vouched for by the glossary or the speller
    # what is searched: ``searched`` plus the material's own words for its terms («(autoencoder)»,
    # «(بیش‌برازش)»), which are not shown to the student
    expanded: str = ""

    @property
    def query(self) -> str:
        return self.expanded or self.searched


class Reader:
    """Reads messages against one analyser (glossary) and the vocabulary of the serving index."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.speller = Speller(analyzer.glossary.spelling_tokens())
        self.latin_terms = frozenset(t for t in analyzer.glossary.spelling_tokens() if t.isascii())

    def _plain_word(self, known: Known) -> Known:
        """A word the material has, a stop word, or a spoken form of either («ماتریسیه», «میکنه»): not a term
        to read by its sound or to correct as a typo."""
        def plain(word: str) -> bool:
            term = self.analyzer.terms_of_word(word)
            spoken = backoff(term, known)
            return not term or not spoken or known(term) or known(spoken) or term in stop_words() \
                or formal(term) != term

        return plain

    def _word_known(self, known: Known) -> Known:
        """``known`` for a word as typed (the term it analyses to), not an analysed term."""
        return lambda word: known(self.analyzer.terms_of_word(word))

    def _normalise(self, text: str, known: Known, keep: Known | None = None) -> tuple[str, str, set[str]]:
        """(text in Persian script with typos fixed, its language, the words this changed)."""
        lang = language(text)
        word_known = self._word_known(known)
        changed: set[str] = set()

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            corrected = self.speller.correct(word.lower(), word_known)
            if corrected:
                changed.add(corrected)
                return corrected
            return word

        text = _LATIN_OR_PERSIAN_WORD.sub(fix, text)
        if lang == "finglish":
            text = to_persian(text, keep=lambda w: w in self.latin_terms or word_known(w) or bool(keep and keep(w)),
                              used=word_known)
        return text, lang, changed

    def read(self, typed: str, context: Sequence[str], known: Known, vocabulary: Vocabulary | None = None) -> Question:
        """``known(term)``: the serving index has this analysed term; ``vocabulary``: what the material
        calls things (its glosses and loanwords), bridging the question's words to the material's."""
        keep = vocabulary.is_latin_term if vocabulary is not None else None
        text, lang, changed = self._normalise(typed, known, keep)
        has_term = any(m.term.kind != "generic" for m in self.analyzer.matches(text))
        if is_not_a_question(text, has_course_term=has_term):
            return Question(typed, text, lang, ALONE, not_a_question=True)
        earlier = [self._normalise(c, known, keep)[0] for c in context if c and c.strip()]
        resolved = resolve(text, earlier, self.analyzer.matches, self._informative(known), self._word_known(known))
        qtype = question_type(text)
        if qtype is QuestionType.OTHER and resolved.previous:
            qtype = question_type(resolved.question)
        searched = expanded = resolved.question
        if vocabulary is not None:
            # a word of a glossary phrase the material has («تریک» of «کرنل تریک») needs no bridge of its own
            glossed = self.analyzer.recognised(searched, known)
            plain = self._plain_word(known)
            extra, covered = vocabulary.bridge(
                searched, lambda word: plain(word) or self.analyzer.terms_of_word(word) in glossed)
            changed |= covered
            if extra:  # the material's own words for what was asked, as the glossary's names are added
                expanded = f"{searched.rstrip()} ({'، '.join(extra)})"
        recognised = frozenset(self.analyzer.recognised(expanded, known)) | {
            t for word in changed for t in self.analyzer.plain(word)}
        return Question(typed, searched, lang, resolved.mode, resolved.previous, False, qtype, recognised, expanded)

    def _informative(self, known: Known) -> Callable[[str], list[str]]:
        def informative(text: str) -> list[str]:
            return [t for t in self.analyzer.content_terms(text) if known(t)]

        return informative
