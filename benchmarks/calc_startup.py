"""`daneshyar calc` from a cold start, side by side with `python -c 'import torch'` alone.

A calculation cannot start faster than torch imports, so that is the yardstick (the target is 1.3×).
Runs alternate (torch, calc, torch, calc, ...) so that a busy machine slows both alike; medians are
printed, with the ratio, as one JSON line.  ``import torch._dynamo`` is shown too: torch 2.13 imports
it on the first operation on a ``meta`` tensor (its Python meta kernels are wrapped to keep
``torch.compile`` out), so it is part of any count made on ``meta``::

    python benchmarks/calc_startup.py                       # this tree, 5 runs each
    python benchmarks/calc_startup.py --tree /tmp/before    # another checkout, e.g. for before/after
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASES = {
    "import_torch_s": ["-c", "import torch"],
    "import_torch_dynamo_s": ["-c", "import torch, torch._dynamo"],
    "calc_s": ["-m", "daneshyar", "calc", "model", "resnet18"],
}


def seconds(args: list[str], tree: Path) -> float:
    """Wall time of one fresh interpreter; ``python -m`` puts ``tree`` first on the path."""
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=tree, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per case (medians are printed)")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose `daneshyar` is run")
    options = parser.parse_args()
    runs: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(options.repeat):
        for name, args in CASES.items():
            runs[name].append(seconds(args, options.tree))
    figures = {name: round(statistics.median(values), 2) for name, values in runs.items()}
    figures["calc_over_torch"] = round(figures["calc_s"] / figures["import_torch_s"], 2)
    print(json.dumps({"tree": str(options.tree), "repeat": options.repeat, **figures}))


if __name__ == "__main__":
    main()
