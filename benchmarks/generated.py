"""Generated answers: how the sentence checks separate supported sentences from invented ones, and what
Daneshyar adds around a model call.

    python benchmarks/generated.py [--kb DIR] [--questions benchmarks/data/dev_answers.jsonl] [--json]

For every development question the material answers, the passages the model would get are taken from
the extractive answer, and scripted "model replies" are checked sentence by sentence:

- echo: each passage's own sentences, cited to it (a faithful model) — should pass;
- compressed: the same sentences with a third of their words dropped (a model that shortens) — should pass;
- foreign: a sentence from another document cited as [1] (an invented claim) — should fail;
- wrong number: an echoed sentence with one number changed — should fail.

It prints the share of each that passes, the distribution of the two measures (informative-word share,
e5 similarity) per kind, and the overhead: building the prompt plus checking a whole reply of the echo
kind (the fake model of the issue) and of the compressed kind, p50/p95 in ms: with the whole reply at once
(every check after the model), and streamed (sentences checked while the model writes; what is left
after its last token).  The base is the built-in
notes plus ../shared/corpus when present.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import tempfile
from pathlib import Path

import numpy as np

from knowledge import KBConfig, KnowledgeBase
from knowledge.chunking import sentences
from knowledge.grounded import Checker, generate, numbers

HERE = Path(__file__).resolve().parent


def open_base(path: Path | None) -> KnowledgeBase:
    if path is not None:
        return KnowledgeBase.open(KBConfig(home=path))
    kb = KnowledgeBase.open(KBConfig(home=Path(tempfile.mkdtemp(prefix="daneshyar-generated-"))))
    corpus = HERE.parent.parent / "shared" / "corpus"
    if corpus.exists():
        kb.add([corpus])
    return kb


class ScriptedModel:
    """A model that answers with a fixed reply at once, whole or in 12-character pieces, so only our own
    work is timed."""

    name = "scripted"

    def __init__(self, reply: str) -> None:
        self.reply = reply

    def complete(self, messages: list[dict], deadline: float | None = None) -> str:
        return self.reply

    def stream(self, messages: list[dict], deadline: float | None = None):
        for start in range(0, len(self.reply), 12):
            yield self.reply[start : start + 12]


def compressed(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    keep = sorted(rng.sample(range(len(words)), max(1, round(len(words) * 2 / 3))))
    return " ".join(words[i] for i in keep)


def changed_number(sentence: str) -> str | None:
    match = re.search(r"\d+", sentence)
    if not match:
        return None
    return sentence[: match.start()] + str(int(match.group()) + 7) + sentence[match.end():]


def measures(checker: Checker, claim: str, passage) -> tuple[float, float]:
    informative = set(checker.words(claim))
    share = len(informative & set(checker.words(f"{passage.title} {passage.section} {passage.text}"))) / max(
        1, len(informative))
    vector = checker.passage_vector(passage)
    return share, float(checker.embed(claim) @ vector) if vector is not None else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=Path, default=None)
    parser.add_argument("--questions", type=Path, default=HERE / "data" / "dev_answers.jsonl")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(0)
    kb = open_base(args.kb)
    checker = kb.checker()
    index = kb.index()
    rows = index.db.execute("SELECT doc_id, position, title, text FROM chunks").fetchall()
    pool = [(doc, s) for doc, _, _, text in rows for s in sentences(text) if len(s.split()) >= 6]
    kinds: dict[str, list[tuple[bool, float, float]]] = {k: [] for k in ("echo", "compressed", "foreign", "number")}
    overhead: dict[str, list[float]] = {f"{k}_{m}": [] for k in ("echo", "compressed") for m in ("whole", "streamed")}
    replies_used: list[bool] = []
    questions = [json.loads(line)["q"] for line in args.questions.read_text("utf-8").splitlines() if line.strip()]
    for question in questions:
        answer = kb.ask(question)
        if not answer.answered or not answer.citations:
            continue
        passages = answer.citations
        for reply_kind in ("echo", "compressed"):
            reply = " ".join(f"{s if reply_kind == 'echo' else compressed(s, rng)} [{i}]"
                             for i, p in enumerate(passages, 1) for s in sentences(p.quote)[:2])
            for streamed in (False, True):
                done = generate(answer.resolved_question or question, passages, ScriptedModel(reply), checker,
                                (lambda text: None) if streamed else None)
                overhead[f"{reply_kind}_{'streamed' if streamed else 'whole'}"].append(done.check_ms)
                if reply_kind == "echo" and not streamed:
                    replies_used.append(done.used)
        for i, passage in enumerate(passages, 1):
            for sentence in sentences(passage.text)[:3]:
                for kind, claim in (("echo", sentence), ("compressed", compressed(sentence, rng)),
                                    ("number", changed_number(sentence))):
                    if claim is None or (kind == "compressed" and not numbers(claim) <= numbers(passage.text)):
                        continue
                    passed = checker.check(f"{claim} [{i}]", passages).passed
                    kinds[kind].append((passed, *measures(checker, claim, passage)))
            _doc, foreign = rng.choice([p for p in pool if p[0] != passage.doc])
            if numbers(foreign) <= numbers(passage.text):
                passed = checker.check(f"{foreign} [{i}]", passages).passed
                kinds["foreign"].append((passed, *measures(checker, foreign, passage)))
    result = {"questions_answered": len(replies_used),
              "echo_replies_used": round(sum(replies_used) / max(1, len(replies_used)), 3)}
    for kind, items in kinds.items():
        passed = np.array([p for p, _, _ in items])
        share = np.array([s for _, s, _ in items])
        dense = np.array([d for _, _, d in items])
        result[kind] = {"sentences": len(items), "passed": round(float(passed.mean()), 3) if len(items) else None,
                        "word_share_p10_p50_p90": [round(float(x), 2) for x in np.nanpercentile(share, [10, 50, 90])],
                        "e5_p10_p50_p90": [round(float(x), 3) for x in np.nanpercentile(dense, [10, 50, 90])]}
    for kind, times in overhead.items():
        result[f"overhead_ms_{kind}"] = {"p50": round(float(np.percentile(times, 50)), 1),
                                         "p95": round(float(np.percentile(times, 95)), 1)}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for key, value in result.items():
        print(f"{key:<22} {value}")
    print("targets: echo passes ~1, foreign and number ~0; overhead <= 30 ms")


if __name__ == "__main__":
    main()
