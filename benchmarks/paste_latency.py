"""How long a pasted model takes to count inside a warm bot: every public paste, one after another, in one
process that has run the bot's warm-up (``commands.warm``) first.

The target (issue 24) is p95 ≤ 1 s.  ``benchmarks/pasted_code.py`` times each case in a forked child,
which judges correctness and survives a hang; this one measures what a student waits for in a running
bot, where caches, torch's kernels and the reader's imports are already warm::

    python benchmarks/paste_latency.py                 # every public set, p50/p95/max as one JSON line
    python benchmarks/paste_latency.py --slowest 10    # and the ten slowest cases
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cnn_demos  # noqa: E402
from cnn_demos import commands  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
SETS = ("pasted_code", "pasted_code_heldout", "pasted_code_reader", "pasted_code_students", "pasted_code_fourth")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def text_of(case: dict) -> str:
    """As ``benchmarks/pasted_code.py`` sends it: the input a student would add, then the code."""
    return case["code"] if case.get("input") is None else case["input"] + "\n" + case["code"]


def timed(text: str) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        cnn_demos.params(text)
        outcome = "counted"
    except cnn_demos.SpecError:
        outcome = "refused"
    except Exception as exc:  # noqa: BLE001 - a crash is timed and named, not hidden
        outcome = f"crashed: {type(exc).__name__}"
    return time.perf_counter() - started, outcome


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile: the value below which ``q`` of the cases fall."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=list(SETS), help="names of benchmarks/data/*.jsonl")
    parser.add_argument("--slowest", type=int, default=5, help="how many of the slowest cases to name")
    options = parser.parse_args()
    started = time.perf_counter()
    commands.warm(run=False)   # what the bot does before its first update (no timing worker here)
    warm_s = time.perf_counter() - started
    rows = []
    for name in options.sets:
        for case in load(DATA / f"{name}.jsonl"):
            seconds, outcome = timed(text_of(case))
            rows.append({"id": f"{name}:{case['id']}", "s": round(seconds, 3), "outcome": outcome})
    times = [r["s"] for r in rows]
    print(json.dumps({
        "cases": len(rows), "warm_up_s": round(warm_s, 2),
        "p50_s": round(statistics.median(times), 3), "p95_s": round(percentile(times, 0.95), 3),
        "max_s": max(times), "over_1s": sum(t > 1 for t in times),
        "slowest": sorted(rows, key=lambda r: -r["s"])[:options.slowest],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
