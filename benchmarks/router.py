"""Calculations asked in a sentence: does the router send each message the right way, and is the number right?

For every line of a JSON-lines file (``{"q", "calc": true|false, "kind", "any", "lang"}``, optionally ``all``,
default ``benchmarks/data/router.jsonl``) the message goes through :func:`cnn_demos.prose.route` and its command is
run, as the bot does it (:func:`daneshyar.application.calculating.calculate`, no knowledge base).
Printed: the confusion counts (calculation vs course question, both directions), and for the
calculations the share whose reply carries one of ``any`` (the exact number) and every one of ``all`` (the
terms a "why" must explain), per kind and language;
``kind == "missing"`` expects a question back; a message the reader takes over ``HANG_S`` seconds on is
reported as stalled (a bot would have hung on it).  No knowledge base is needed: the passage a
calculation cites does not change its number.

    python benchmarks/router.py [FILE] [--json] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from daneshyar.application.calculating import calculate

DEFAULT = Path(__file__).parent / "data" / "router.jsonl"
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٫٬", "0123456789.,")


def _loose(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_DIGITS).replace("×", "x").lower())


HANG_S = 30  # a question that takes longer has stalled the reader (a pattern backtracking): reported, not waited on


class _Stalled(Exception):
    pass


def _stalled(*_: object) -> None:
    raise _Stalled


def judge(case: dict) -> dict:
    started = time.perf_counter()
    signal.signal(signal.SIGALRM, _stalled)
    signal.alarm(HANG_S)
    try:
        calculated = calculate(None, case["q"])  # routed and run as the bot does it: the reply it would show
    except _Stalled:
        return {"q": case["q"], "kind": case.get("kind", ""), "lang": case.get("lang", ""), "calc": case["calc"],
                "routed": False, "command": None, "ok": False, "shown": f"stalled: no answer in {HANG_S} s",
                "ms": round((time.perf_counter() - started) * 1000, 1)}
    finally:
        signal.alarm(0)
    found = calculated.route if calculated is not None else None
    outcome = {"q": case["q"], "kind": case.get("kind", ""), "lang": case.get("lang", ""), "calc": case["calc"],
               "routed": found is not None, "command": found.command if found else None, "ok": False, "shown": ""}
    if calculated is not None and calculated.calculation is not None:
        outcome["shown"] = "\n".join(calculated.lines())
    elif calculated is not None and calculated.error:
        outcome["shown"] = f"refused: {calculated.error}"
    elif found is not None and found.answer:  # read from the sentence itself, nothing to run
        outcome["shown"] = found.answer
    elif found is not None:
        outcome["shown"] = f"asked: {found.missing}"
    if case["calc"] and case.get("kind") == "missing":
        outcome["ok"] = found is not None and bool(found.missing)
    elif case["calc"]:
        shown = _loose(outcome["shown"])
        outcome["ok"] = any(_loose(a) in shown for a in case.get("any", [])) and \
            all(_loose(a) in shown for a in case.get("all", []))
    else:
        outcome["ok"] = found is None
    outcome["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print every case that was not right")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = [judge(c) for c in cases]
    confusion = Counter((r["calc"], r["routed"]) for r in results)
    per = defaultdict(lambda: [0, 0])
    for r in results:
        for key in (f"kind:{r['kind']}", f"lang:{r['lang']}"):
            per[key][0] += r["ok"]
            per[key][1] += 1
    summary = {
        "cases": len(results), "right": sum(r["ok"] for r in results),
        "confusion": {"calc_routed": confusion[(True, True)], "calc_missed": confusion[(True, False)],
                      "course_kept": confusion[(False, False)], "course_taken": confusion[(False, True)]},
        "per": {k: {"right": v[0], "cases": v[1]} for k, v in sorted(per.items())},
        "p50_ms": sorted(r["ms"] for r in results)[len(results) // 2] if results else 0,
    }
    if args.json:
        print(json.dumps({**summary, "results": results}, ensure_ascii=False, indent=1))
        return 0
    c = summary["confusion"]
    print(f"router: {summary['right']}/{summary['cases']} right   p50 {summary['p50_ms']} ms")
    print(f"  calculation → calculator {c['calc_routed']}, → knowledge base {c['calc_missed']}")
    print(f"  course question → knowledge base {c['course_kept']}, → calculator {c['course_taken']}")
    for key, value in summary["per"].items():
        print(f"  {key:<18} {value['right']:>3}/{value['cases']:<3}")
    if args.verbose:
        for r in results:
            if not r["ok"]:
                print(f"\n[{r['kind']}/{r['lang']}] {r['q']}\n  → {r['command']} {r['shown'][:160]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
