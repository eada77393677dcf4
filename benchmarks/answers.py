"""What a student sees, measured: the fact in the answer, honest refusals, silence on noise, follow-ups.

    python benchmarks/answers.py [--questions FILE ...] [--json]
    python benchmarks/answers.py --calibrate      # the course-only fit (the shipped weights come from
                                                  # benchmarks/generalisation.py --calibrate, six corpora)

Indexes the built-in notes plus the course corpus (``../shared/corpus``) into a
temporary knowledge base, then scores every development file given (default:
``../shared/eval/dev_styles.jsonl``, ``../shared/eval/dev_kb.jsonl`` and our own
``benchmarks/data/dev_answers.jsonl``) with :func:`knowledge.evaluation.evaluate_answers`:
per style, the share of course questions whose answer contains the fact,
Recall@5 and MRR@10 of the question as resolved, off-topic questions refused,
noise recognised; then the latency of ``ask`` in-process and of one CLI call.

``--calibrate`` fits the abstention score (:class:`knowledge.answer.Evidence`)
by logistic regression on course questions against near-domain and off-topic
ones (``tests/data/abstain.jsonl`` and the development files), reports 5-fold
cross-validated error rates, and prints the weights to paste into
``AnswerConfig`` (or a settings file's ``[answer]`` table).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge import KBConfig, KnowledgeBase
from knowledge.evaluation import evaluate_answers, load_cases

SHARED = ROOT.parent / "shared"
DEFAULT_FILES = [SHARED / "eval" / "dev_styles.jsonl", SHARED / "eval" / "dev_kb.jsonl",
                 ROOT / "benchmarks" / "data" / "dev_answers.jsonl"]
CALIBRATION = ROOT / "tests" / "data" / "abstain.jsonl"


def open_course_base(home: Path, corpus: Path) -> KnowledgeBase:
    kb = KnowledgeBase.open(KBConfig(home=home))
    if corpus.exists():
        kb.add([corpus])
    return kb


def score(kb: KnowledgeBase, files: list[Path]) -> dict:
    out = {}
    for path in files:
        cases = load_cases(path)
        report = evaluate_answers(cases, lambda q, c: kb.ask(q, context=c), lambda q, k: kb.search(q, k))
        out[path.name] = {k: v for k, v in asdict(report).items() if k != "per_case"}
        out[path.name]["misses"] = [f"[{r.style}] {r.q} → {r.kind}: {r.answer[:120]}"
                                    for r in report.per_case if not r.ok]
    return out


def latency(kb: KnowledgeBase, repeats: int = 10) -> dict:
    questions = ["لنت کی اومد؟", "چرا از کانولوشن 1x1 استفاده میکنن؟", "فرق SGD و Adam چیه؟",
                 "global average pooling behtare ya flatten?", "What is a saddle point?", "طرز تهیه قورمه سبزی چیه؟",
                 "مرسی 🙏"]
    kb.ask(questions[0])
    kb.ask(questions[3])  # load the Finglish word lists once
    ask_ms = []
    for _ in range(repeats):
        for q in questions:
            t = time.perf_counter()
            kb.ask(q)
            ask_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        kb.ask("توسط کی؟", context=["LeNet کی معرفی شد؟"])
        ask_ms.append((time.perf_counter() - t) * 1000)
    cli = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "daneshyar", "--kb", str(kb.home), "ask", questions[1]],
                       check=True, capture_output=True)
        cli.append(time.perf_counter() - t)
    ask_ms.sort()
    return {"ask_p50_ms": round(statistics.median(ask_ms), 1),
            "ask_p95_ms": round(ask_ms[min(len(ask_ms) - 1, round(0.95 * (len(ask_ms) - 1)))], 1),
            "cli_ask_wall_s": round(statistics.median(cli), 2)}


# -- calibration ---------------------------------------------------------------------------------

def _calibration_cases(files: list[Path]) -> list[tuple[str, tuple[str, ...], bool]]:
    """(question, context, covered) for every course or not-covered question (noise and calculations left out)."""
    cases = []
    for line in CALIBRATION.read_text("utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            if not obj.get("noise"):
                cases.append((obj["q"], (), bool(obj["covered"])))
    for path in files:
        for case in load_cases(path):
            if not case.noise and case.style != "calc":
                cases.append((case.q, case.context, case.covered))
    return cases


def logistic_fit(x: np.ndarray, y: np.ndarray, refused_weight: float, l2: float = 0.05) -> tuple[np.ndarray, float]:
    """Logistic regression by gradient descent; not-covered examples weigh ``refused_weight`` each."""
    w, b = np.zeros(x.shape[1]), 0.0
    sample = np.where(y == 1, 1.0, refused_weight)
    for _ in range(4000):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = (p - y) * sample
        w -= 0.2 * (x.T @ g / len(y) + l2 * w)
        b -= 0.2 * g.mean()
    return w, b


def calibrate(kb: KnowledgeBase, files: list[Path], refused_weight: float) -> dict:
    cases = _calibration_cases(files)
    rows, labels = [], []
    for q, context, covered in cases:
        features = kb.evidence(q, context)
        if features is None:
            continue
        rows.append(features.vector())
        labels.append(float(covered))
    x, y = np.array(rows), np.array(labels)
    mean, std = x.mean(0), x.std(0) + 1e-9
    xn = (x - mean) / std
    folds = np.random.default_rng(0).integers(0, 5, len(y))
    predicted = np.zeros(len(y))
    for fold in range(5):
        w, b = logistic_fit(xn[folds != fold], y[folds != fold], refused_weight)
        predicted[folds == fold] = xn[folds == fold] @ w + b
    w, b = logistic_fit(xn, y, refused_weight)
    weights = w / std  # back to the raw features' scale
    bias = b - float((w * mean / std).sum())
    answered = predicted >= 0
    return {
        "examples": {"course": int(y.sum()), "not_covered": int((1 - y).sum())},
        "cross_validated": {"course_refused": round(float(np.mean(~answered[y == 1])), 4),
                            "not_covered_answered": round(float(np.mean(answered[y == 0])), 4)},
        "abstain_weights": [round(float(v), 4) for v in weights],
        "abstain_bias": round(bias, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, nargs="*", default=[p for p in DEFAULT_FILES if p.exists()])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--refused-weight", type=float, default=2.0,
                        help="how much a not-covered example weighs against a course one when calibrating")
    parser.add_argument("--no-latency", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        kb = open_course_base(Path(tmp), args.corpus)
        if args.calibrate:
            result = calibrate(kb, args.questions, args.refused_weight)
            print(json.dumps(result, ensure_ascii=False, indent=1))
            print(f"\n[answer]\nabstain_weights = {result['abstain_weights']}\nabstain_bias = {result['abstain_bias']}")
            return
        result = {"files": score(kb, args.questions)}
        if not args.no_latency:
            result["latency"] = latency(kb)
        kb.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    for name, report in result["files"].items():
        print(f"\n{name}: {report['ok']}/{report['cases']}")
        print(f"  fact in answer {report['fact_in_answer']:.3f}   wrongly refused {report['wrongly_refused']:.3f}   "
              f"off-topic refused {report['refused_off_topic']:.3f}   noise silent {report['noise_silent']:.3f}   "
              f"R@5 {report['recall_at_5']:.3f}   MRR@10 {report['mrr_at_10']:.3f}")
        for style, s in report["per_style"].items():
            print(f"    {style:<12} {s['ok']:>3}/{s['cases']:<3} {s['share']:.3f}")
    for key, value in result.get("latency", {}).items():
        print(f"{key:<16} {value}")


if __name__ == "__main__":
    main()
