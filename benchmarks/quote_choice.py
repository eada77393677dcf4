"""Which sentence a quote starts from: ``AnswerConfig.quote_weights`` fitted and measured leave-one-corpus-out.

    python benchmarks/quote_choice.py            # shipped weights against weights fitted without each corpus
    python benchmarks/quote_choice.py --json

The right passage is often ranked first while the quote is taken from the wrong sentence of it.  For every
in-scope question of every corpus (``benchmarks/generalisation.py`` finds them) this reads each sentence a quote
could start from (:func:`knowledge.answer.candidates`: its features, and the quote it would start) and whether
that quote holds the fact.  The weights are fitted as a conditional logit (softmax over a question's
sentences, the likelihood of the sentences whose quote holds the fact) on every corpus but one, and scored on
that one:

- ``first``: the question's best-scoring sentence starts a quote holding the fact;
- ``quoted``: a quote holding the fact is among the ones an answer shows (each passage's best sentence, best
  first, while it scores ``second_quote_ratio`` of the best and shares a term; at most ``max_quotes``).

Abstention is not applied: this measures the choice of sentence alone.  The figure that counts is
``generalisation.py --loco``, which uses the weights fitted here for each corpus without it.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generalisation import Corpus, corpora, course_base  # noqa: E402

from knowledge.answer import AnswerConfig, SentenceFeatures  # noqa: E402
from knowledge.evaluation import load_cases, matches  # noqa: E402
from knowledge.types import ANSWER  # noqa: E402

NAMES = [f.name for f in fields(SentenceFeatures)]
OVERLAP = NAMES.index("overlap")


class Question:
    """One question's candidate sentences: features, passage rank, whether the quote holds the fact."""

    def __init__(self, x: np.ndarray, ranks: np.ndarray, holds: np.ndarray) -> None:
        self.x, self.ranks, self.holds = x, ranks, holds


def collect(corpus: Corpus) -> list[Question]:
    questions = []
    with course_base(corpus) as kb:
        for path in corpus.questions:
            for case in load_cases(path):
                if case.expects != ANSWER or case.style == "calc" or not case.any:
                    continue
                found = kb.quote_candidates(case.q, case.context)
                if not found:
                    continue
                questions.append(Question(np.array([c.features.vector() for c in found]),
                                          np.array([c.rank for c in found]),
                                          np.array([matches(c.quote, case.any) for c in found])))
    return questions


def fit(questions: list[Question], l2: float = 0.3) -> np.ndarray:
    """Conditional logit on standardised features; returns raw-scale weights with the overlap weight 1."""
    useful = [q for q in questions if q.holds.any() and not q.holds.all()]
    stacked = np.vstack([q.x for q in useful])
    std = stacked.std(0) + 1e-9
    xs = [q.x / std for q in useful]
    masks = [q.holds for q in useful]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = l2 * w @ w, 2 * l2 * w
        for x, holds in zip(xs, masks, strict=True):
            s = x @ w
            s = s - s.max()
            p = np.exp(s) / np.exp(s).sum()
            pos = np.exp(s[holds]) / np.exp(s[holds]).sum()
            total -= np.log(np.exp(s[holds]).sum() / np.exp(s).sum())
            grad -= x[holds].T @ pos - x.T @ p
        return total / len(xs), grad / len(xs)

    result = minimize(loss, np.zeros(len(NAMES)), jac=True, method="L-BFGS-B")
    w = result.x / std
    return w / w[OVERLAP] if w[OVERLAP] > 0 else w


def score(questions: list[Question], w: np.ndarray, config: AnswerConfig) -> dict:
    """How often the best sentence's quote, and any quote shown, holds the fact."""
    first = quoted = 0
    for q in questions:
        s = q.x @ w
        first += bool(q.holds[s.argmax()])
        best = sorted(((s[q.ranks == r].max(), int(np.flatnonzero(q.ranks == r)[s[q.ranks == r].argmax()]))
                       for r in np.unique(q.ranks)), reverse=True)
        top = best[0][0]
        shown = [i for value, i in best if value >= 0 and (i == best[0][1] or (
            value >= config.second_quote_ratio * top and q.x[i, OVERLAP] > 0))][: config.max_quotes]
        quoted += bool(q.holds[shown].any()) if shown else False
    return {"questions": len(questions), "first": first, "quoted": quoted,
            "reachable": sum(bool(q.holds.any()) for q in questions)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", nargs="*", help="corpus names (default: all found)")
    parser.add_argument("--l2", type=float, default=0.3, help="the fit's L2 penalty on standardised features")
    parser.add_argument("--data", type=Path, help="read the candidates from (or, if missing, save them to) here")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    selected = [c for c in corpora() if not args.corpus or c.name in args.corpus]
    data: dict[str, list[Question]]
    if args.data and args.data.exists():
        raw = json.loads(args.data.read_text("utf-8"))
        data = {n: [Question(np.array(q["x"]), np.array(q["ranks"]), np.array(q["holds"], dtype=bool)) for q in qs]
                for n, qs in raw.items() if n in {c.name for c in selected}}
    else:
        data = {c.name: collect(c) for c in selected}
        if args.data:
            args.data.write_text(json.dumps({n: [{"x": q.x.tolist(), "ranks": q.ranks.tolist(),
                                                  "holds": q.holds.tolist()} for q in qs]
                                             for n, qs in data.items()}), "utf-8")
    config = AnswerConfig()
    shipped = np.array(config.quote_weights)
    report: dict = {"corpora": {}}
    for name, questions in data.items():
        held_out = fit([q for n, qs in data.items() if n != name for q in qs], args.l2)
        report["corpora"][name] = {"shipped": score(questions, shipped, config),
                                   "held_out": score(questions, held_out, config),
                                   "weights": [round(float(v), 4) for v in held_out]}
    report["fitted_on_all"] = [round(float(v), 4) for v in fit([q for qs in data.values() for q in qs], args.l2)]
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    print(f"{'corpus':<28} {'questions':>9} {'reachable':>9}   first: shipped  held out   quoted: shipped  held out")
    for name, r in report["corpora"].items():
        a, b = r["shipped"], r["held_out"]
        print(f"{name:<28} {a['questions']:>9} {a['reachable']:>9}   {a['first']:>14} {b['first']:>9}"
              f"   {a['quoted']:>15} {b['quoted']:>9}")
    print("\nfitted on every corpus (quote_weights, in SentenceFeatures order):")
    print(", ".join(f"{n}={v}" for n, v in zip(NAMES, report["fitted_on_all"], strict=True)))


if __name__ == "__main__":
    main()
