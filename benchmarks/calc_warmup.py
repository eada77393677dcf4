"""The first calculation after start-up, cold and after the calculator's warm-up (``commands.warm``).

Each case runs in a fresh interpreter, as the bot is after a restart, with the bot's options (comparisons
timed for real in the worker process, with a chart).  Prints one JSON line per case, in seconds::

    python benchmarks/calc_warmup.py            # /params and /stacked, each first after start
    python benchmarks/calc_warmup.py --repeat 3 # the median of three fresh starts per case
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASE = r"""
import json, sys, time
from cnn_demos import commands
from cnn_demos.worker import Worker

worker = Worker()
figures = {}
if sys.argv[1] == "warm":
    started = time.perf_counter()
    commands.warm(worker)
    figures["warm_up_s"] = time.perf_counter() - started
for name in sys.argv[2:]:
    command = commands.COMMANDS[name]
    options = commands.Options(run=command.compares, chart=command.compares, worker=worker)
    started = time.perf_counter()
    commands.run(name, command.example, options)
    figures[name + ("_again_s" if name + "_s" in figures else "_s")] = time.perf_counter() - started
worker.close()
print(json.dumps(figures))
"""


def case(mode: str, commands: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", CASE, mode, *commands], cwd=ROOT, check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="fresh starts per case (the median is printed)")
    repeat = parser.parse_args().repeat
    for commands in (["params"], ["stacked"], ["params", "stacked", "stacked"]):
        for mode in ("cold", "warm"):
            runs = [case(mode, commands) for _ in range(repeat)]
            keys = list(runs[0])
            figures = {k: round(statistics.median(r[k] for r in runs), 2) for k in keys}
            print(json.dumps({"mode": mode, "commands": commands, **figures}))


if __name__ == "__main__":
    main()
