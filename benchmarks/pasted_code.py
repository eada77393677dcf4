"""Real model code as students paste it: is the parameter count right, refused honestly, or a crash?

    python benchmarks/pasted_code.py [--cases FILE] [--bad FILE] [--kind KIND ...] [--timeout S] [--json] [--verbose]

Reads ``benchmarks/data/pasted_code.jsonl`` (Keras Sequential/add/functional/subclass code, PyTorch
``nn.Sequential`` and ``nn.Module`` code, ``print(model)`` output and d2l.ai helper functions, each with
the count the framework itself reports: see ``benchmarks/data/pasted_code_truth.py``) and, for each case,
calls ``cnn_demos.params(code)``, or ``cnn_demos.params(input + "\\n" + code)`` when the case names the
input a student would add.  Each call runs in a forked child with a time limit (``--timeout``, default
10 s) and is timed; a few warm-up calls in the parent first load whatever the reader imports lazily, so
the times are those of one call in a running bot, not of the first.  A case ends as

* **right**: ``total_params``, ``trainable_params`` and ``non_trainable_params`` of ``Report.to_json()``
  all equal the framework's own numbers (Keras: ``summary()``'s, BatchNorm statistics non-trainable;
  PyTorch: ``sum(p.numel() for p in model.parameters())``);
* **wrong**: a report with other numbers (ours vs expected; "split" when only the total is right; "warned" when
  the reply itself doubts its number with a ⚠️ and says why);
* **refused**: :class:`cnn_demos.SpecError` (its Persian message is shown, first 80 characters);
  "fair" when the case says ``refusal_ok`` (a notebook fragment whose sizes come from cells not pasted,
  or Python 2 code): there a clear refusal is as good an answer as the count;
* **crashed**: any other exception (its type; never expected);
* **timeout**: no answer within the limit (the child is killed).

Then ``benchmarks/data/pasted_code_bad.jsonl`` (million-step loops, recursion, ``os.system``,
``__import__``, ``eval``, ``open``, ``while True``, a lambda, Keras and PyTorch mixed, ...): each must be
refused with a Persian :class:`~cnn_demos.SpecError` in under a second; anything else (a report, a slow or
non-Persian refusal, a crash, a timeout) counts as not.

Per kind it prints the counts and the median/maximum time; ``--verbose`` lists every case that was not
right with its full message (or traceback) and time; ``--json`` prints the same as JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import re
import statistics
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cnn_demos  # imported once in the parent: every forked child inherits it, torch included

DATA = ROOT / "benchmarks" / "data"
KINDS = ("keras-sequential", "keras-add", "keras-functional", "keras-subclass",
         "torch-sequential", "torch-module", "torch-print", "d2l-helper")
OUTCOMES = ("right", "wrong", "refused", "crashed", "timeout")
PERSIAN = re.compile(r"[\u0600-\u06FF]")
BAD_LIMIT_S = 1.0
WARM_UP = ("input 28x28x1 | conv 8 3x3 | flatten | dense 10",
           "input 4\nimport torch.nn as nn\nnet = nn.Sequential(nn.Linear(4, 2), nn.BatchNorm1d(2))",
           "from keras import layers, models\nmodel = models.Sequential([layers.Input((4,)), layers.Dense(2)])",
           "from keras import layers, models\nmodel = models.Sequential([layers.Input((5, 4)), layers.LSTM(2)])",
           "Net(\n  (fc): Linear(in_features=4, out_features=2, bias=True)\n)")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def text_of(case: dict) -> str:
    return case["code"] if case.get("input") is None else case["input"] + "\n" + case["code"]


def _child(text: str, conn) -> None:
    """Runs in the forked child: one call, its result (or exception) sent back as plain data."""
    start = time.perf_counter()
    try:
        report = cnn_demos.params(text)
        data = report.to_json()
        result = {"status": "report", "report": {k: data.get(k) for k in
                                                 ("total_params", "trainable_params", "non_trainable_params",
                                                  "learnable_params", "convention", "input_shape")},
                  "last_shape": (data.get("layers") or [{}])[-1].get("output_shape"),
                  "warned": "⚠" in (data.get("input_note") or "")}
    except cnn_demos.SpecError as exc:
        result = {"status": "refused", "message": str(exc)}
    except BaseException as exc:  # noqa: BLE001 - a crash is what this benchmark is looking for
        result = {"status": "crashed", "type": type(exc).__name__, "message": str(exc)[:500],
                  "traceback": traceback.format_exc()[-2000:]}
    result["seconds"] = time.perf_counter() - start
    try:
        conn.send(result)
    finally:
        conn.close()


def run_one(text: str, timeout_s: float) -> dict:
    """``cnn_demos.params(text)`` in a forked child, killed after ``timeout_s``."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    start = time.perf_counter()
    process = ctx.Process(target=_child, args=(text, child), daemon=True)
    process.start()
    child.close()
    result = None
    if parent.poll(timeout_s):
        try:
            result = parent.recv()
        except EOFError:
            result = {"status": "crashed", "type": "ChildDied", "message": "the child process died without an answer"}
    elif not process.is_alive():   # died without answering (killed by the OS, a segfault, os._exit)
        result = {"status": "crashed", "type": "ChildDied", "message": f"exit code {process.exitcode}"}
    else:
        result = {"status": "timeout", "message": f"no answer in {timeout_s:g} s"}
    result.setdefault("seconds", time.perf_counter() - start)
    process.join(0.5)
    if process.is_alive():
        process.kill()
        process.join()
    result["wall_seconds"] = time.perf_counter() - start
    parent.close()
    return result


def judge(case: dict, result: dict) -> dict:
    expected = {"total_params": case["total"], "trainable_params": case["trainable"],
                "non_trainable_params": case["non_trainable"]}
    row = {"id": case["id"], "kind": case["kind"], "framework": case["framework"],
           "ms": round(result["seconds"] * 1000, 1)}
    status = result["status"]
    if status == "report":
        got = result["report"]
        ours = {k: got.get(k) for k in expected}
        if ours == expected:
            row["outcome"] = "right"
        else:
            row["outcome"] = "wrong"
            row["ours"], row["expected"] = ours, expected
            row["split_only"] = ours["total_params"] == expected["total_params"]
            row["warned"] = result.get("warned", False)  # a wrong number the reply itself doubts (⚠️)
            if case["framework"] == "pytorch" and got.get("learnable_params") == case["total"]:
                row["hint"] = "learnable_params matches: only the convention differs"
        if got.get("convention") is not None:
            row["convention"] = got["convention"]
        row["last_shape"] = result.get("last_shape")
        if case.get("out_shape") is not None:
            row["expected_out_shape"] = case["out_shape"]
    elif status == "refused":
        row["outcome"], row["message"] = "refused", result["message"]
        row["fair"] = bool(case.get("refusal_ok"))
    elif status == "timeout":
        row["outcome"], row["message"] = "timeout", result["message"]
    else:
        row["outcome"] = "crashed"
        row["error"] = f"{result['type']}: {result.get('message', '')}"
        row["traceback"] = result.get("traceback", "")
    return row


def judge_bad(case: dict, result: dict) -> dict:
    row = {"id": case["id"], "ms": round(result["seconds"] * 1000, 1), "status": result["status"]}
    if result["status"] == "refused":
        message = result["message"]
        row["message"] = message
        persian, fast = bool(PERSIAN.search(message)), result["seconds"] < BAD_LIMIT_S
        row["ok"] = persian and fast
        if not row["ok"]:
            row["why_not"] = " and ".join(w for w, bad in (("not Persian", not persian),
                                                            (f"took {result['seconds']:.2f} s", not fast)) if bad)
    else:
        row["ok"] = False
        row["why_not"] = {"report": "counted instead of refused", "timeout": result.get("message", "timeout"),
                          "crashed": f"crashed: {result.get('type')}"}[result["status"]]
        if result["status"] == "report":
            row["report"] = result["report"]
        if result["status"] == "crashed":
            row["traceback"] = result.get("traceback", "")
    return row


def summarise(rows: list[dict]) -> dict:
    per_kind = {}
    for kind in [k for k in KINDS if any(r["kind"] == k for r in rows)]:
        mine = [r for r in rows if r["kind"] == kind]
        times = sorted(r["ms"] for r in mine)
        per_kind[kind] = {
            "cases": len(mine), **{o: sum(r["outcome"] == o for r in mine) for o in OUTCOMES},
            "refused_fair": sum(r["outcome"] == "refused" and r["fair"] for r in mine),
            "p50_ms": round(statistics.median(times), 1), "max_ms": max(times),
            "ids": [r["id"] for r in mine],
            "wrong_cases": [f"{r['id']}: ours {r['ours']['total_params']}/{r['ours']['trainable_params']}/"
                      f"{r['ours']['non_trainable_params']} vs expected {r['expected']['total_params']}/"
                      f"{r['expected']['trainable_params']}/{r['expected']['non_trainable_params']}"
                      + (" (split only)" if r["split_only"] else "") + (" (warned)" if r["warned"] else "")
                      + (f" [{r['hint']}]" if r.get("hint") else "")
                      for r in mine if r["outcome"] == "wrong"],
            "refused_messages": dict(Counter(("(fair) " if r["fair"] else "") + " ".join(r["message"].split())[:80]
                                             for r in mine if r["outcome"] == "refused").most_common()),
            "crashed_types": dict(Counter(r["error"].split(":")[0] for r in mine if r["outcome"] == "crashed")),
        }
    totals = {o: sum(r["outcome"] == o for r in rows) for o in OUTCOMES}
    totals["refused_fair"] = sum(r["outcome"] == "refused" and r["fair"] for r in rows)
    totals["wrong_warned"] = sum(r["outcome"] == "wrong" and r["warned"] for r in rows)
    return {"cases": len(rows), **totals, "per_kind": per_kind}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DATA / "pasted_code.jsonl")
    parser.add_argument("--bad", type=Path, default=DATA / "pasted_code_bad.jsonl")
    parser.add_argument("--kind", nargs="*", choices=KINDS, help="only these kinds (bad cases still run)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per case before the child is killed")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print every case that was not right")
    args = parser.parse_args()

    cases = [c for c in load(args.cases) if not args.kind or c["kind"] in args.kind]
    bad = load(args.bad) if args.bad.exists() else []
    for warm_up in WARM_UP:   # lazy imports happen once in the parent, so children time the call alone
        with contextlib.suppress(Exception):   # a warm-up that fails still loaded what it could
            cnn_demos.params(warm_up)
    rows = [judge(case, run_one(text_of(case), args.timeout)) for case in cases]
    bad_rows = [judge_bad(case, run_one(case["code"], args.timeout)) for case in bad]
    result = {"good": summarise(rows),
              "bad": {"cases": len(bad_rows), "refused_persian_under_1s": sum(r["ok"] for r in bad_rows),
                      "not": {r["id"]: r["why_not"] for r in bad_rows if not r["ok"]}}}
    if args.verbose or args.json:
        result["failing"] = [r for r in rows if r["outcome"] != "right"]
        result["bad_cases"] = bad_rows
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return

    good = result["good"]
    print(f"pasted code: {good['cases']} cases   right {good['right']}   wrong {good['wrong']} (warned {good['wrong_warned']})   "
          f"refused {good['refused']} (fair {good['refused_fair']})   crashed {good['crashed']}   "
          f"timeout {good['timeout']}")
    print(f"\n{'kind':<18}{'cases':>6}{'right':>7}{'wrong':>7}{'refused':>9}{'(fair)':>7}{'crashed':>9}"
          f"{'timeout':>9}{'p50 ms':>9}{'max ms':>9}")
    for kind, s in good["per_kind"].items():
        print(f"{kind:<18}{s['cases']:>6}{s['right']:>7}{s['wrong']:>7}{s['refused']:>9}{s['refused_fair']:>7}"
              f"{s['crashed']:>9}{s['timeout']:>9}{s['p50_ms']:>9}{s['max_ms']:>9}")
    for kind, s in good["per_kind"].items():
        if not (s["wrong"] or s["refused"] or s["crashed"]):
            continue
        print(f"\n[{kind}]")
        for line in s["wrong_cases"]:
            print(f"  wrong    {line}")
        for message, n in s["refused_messages"].items():
            print(f"  refused  {n:>2} × {message}")
        for error, n in s["crashed_types"].items():
            print(f"  CRASHED  {n:>2} × {error}")
    bad_summary = result["bad"]
    print(f"\nbad inputs: {bad_summary['cases']} cases, refused in Persian in under {BAD_LIMIT_S:g} s: "
          f"{bad_summary['refused_persian_under_1s']}, not: {len(bad_summary['not'])}")
    for case_id, why in bad_summary["not"].items():
        print(f"  {case_id}: {why}")
    if args.verbose:
        print("\n--- cases not right ---")
        for r in result["failing"]:
            print(f"\n{r['id']} [{r['kind']}] {r['outcome']} ({r['ms']} ms)")
            if r["outcome"] == "wrong":
                print(f"  ours {r['ours']}\n  expected {r['expected']}")
                print(f"  last layer shape {r.get('last_shape')}, expected output {r.get('expected_out_shape')}")
                if r.get("hint"):
                    print(f"  {r['hint']}")
            elif r["outcome"] == "crashed":
                print("  " + r["error"] + "\n" + r.get("traceback", ""))
            else:
                print("  " + r["message"])
        print("\n--- bad inputs ---")
        for r in result["bad_cases"]:
            print(f"{r['id']}: {'ok' if r['ok'] else 'NOT: ' + r['why_not']} ({r['ms']} ms) {r.get('message', '')[:200]}")


if __name__ == "__main__":
    main()
