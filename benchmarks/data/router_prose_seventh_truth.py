"""Check ``router_prose_seventh.jsonl``: a seventh set of prose calculation questions, written before the prose reader was read.

    KERAS_BACKEND=torch python benchmarks/data/router_prose_seventh_truth.py   # Keras 3 optional, see below

Thirty calculations as students write them in a course's Telegram group (Persian with Persian digits and
typos, Finglish, English, Persian sentences full of English terms, "mixed"; numbers such as "30k" and
«هزار»), three of them missing a number the bot must ask for, and ten course questions that only mention
numbers or layers.  The file was written by hand; this script recomputes every expected number and asserts
that the first entry of ``any`` (and each entry of ``all``) is what torch says:

* one layer: ``sum(p.numel())`` of the ``torch.nn`` module; shapes from running a zero tensor through it;
  MACs = output positions × weights per position, FLOPs = 2 × MACs;
* Keras conventions (Conv1D, SimpleRNN, GRU's ``reset_after`` second bias, one bias per LSTM gate,
  SeparableConv2D without a depthwise bias, MobileNet's BatchNorm moving statistics): from Keras 3 itself
  when it can be imported, otherwise from the formula, tied to the torch count where one exists;
* whole models: ``torchvision.models`` built without weights (``keras.applications.MobileNet`` for the
  question that names Keras; torchvision has no MobileNet v1);
* ratios: two decimals.
"""

from __future__ import annotations

import json
import os
import sys
import types
from pathlib import Path

import torch
from torch import nn

FILE = Path(__file__).with_name("router_prose_seventh.jsonl")

# torchvision's import registers fake kernels for its C++ ops (nms); where the compiled ops are not loaded
# that import fails.  Counting parameters needs none of them.
try:
    import torchvision.models as tvm
except RuntimeError:
    for name in [m for m in sys.modules if m.startswith("torchvision")]:
        del sys.modules[name]
    sys.modules["torchvision._meta_registrations"] = types.ModuleType("torchvision._meta_registrations")
    import torchvision.models as tvm

os.environ.setdefault("KERAS_BACKEND", "torch")
try:
    import keras
except ImportError:
    keras = None


def params(*modules: nn.Module) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def out_hw(layer: nn.Module, hw: int, cin: int = 1) -> str:
    shape = layer(torch.zeros(1, cin, hw, hw)).shape
    return f"{shape[-2]}x{shape[-1]}"


def macs(conv: nn.Conv2d, hw: int) -> int:
    out = conv(torch.zeros(1, conv.in_channels, hw, hw)).shape
    return out[1] * out[2] * out[3] * (conv.weight.numel() // conv.out_channels)


def keras_count(build, fallback: int) -> int:
    """Keras' own ``count_params`` where Keras is installed; the formula otherwise."""
    if keras is None:
        return fallback
    value = build()
    assert value == fallback, (value, fallback)
    return value


def kl(layer, shape) -> int:
    return keras.Sequential([keras.Input(shape), layer]).count_params()


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}"


def expected() -> list[tuple[object, list[object]]]:
    """(first of ``any``, ``all``) per numbered line, in file order."""
    rows: list[tuple[object, list[object]]] = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ---- one layer
    add(params(nn.Conv2d(3, 64, 7, bias=False)))
    conv1d = nn.Conv1d(16, 32, 5)
    add(keras_count(lambda: kl(keras.layers.Conv1D(32, 5), (100, 16)), params(conv1d)))
    add(params(nn.Embedding(30_000, 300)))
    add(params(nn.Linear(2048, 512)))
    add(params(nn.BatchNorm1d(300)))  # running mean/var are buffers, not parameters

    # ---- recurrent
    # Keras SimpleRNN has one bias; torch's nn.RNN has two (bias_ih and bias_hh)
    add(keras_count(lambda: kl(keras.layers.SimpleRNN(64), (5, 32)), params(nn.RNN(32, 64)) - 64))
    add(params(nn.LSTM(300, 256, num_layers=2)))
    add(keras_count(lambda: kl(keras.layers.GRU(128), (5, 64)), params(nn.GRU(64, 128))))  # reset_after

    # ---- depthwise separable
    dw, pw = nn.Conv2d(32, 32, 3, groups=32), nn.Conv2d(32, 64, 1)
    add(keras_count(lambda: kl(keras.layers.SeparableConv2D(64, 3), (8, 8, 32)), params(dw, pw) - 32))
    add(ratio(params(nn.Conv2d(256, 512, 3, bias=False)),
              params(nn.Conv2d(256, 256, 3, groups=256, bias=False), nn.Conv2d(256, 512, 1, bias=False))))

    # ---- output sizes
    add(out_hw(nn.Conv2d(1, 1, 11, stride=4, padding=2), 224))
    add(out_hw(nn.MaxPool2d(2, stride=2), 75))
    add(out_hw(nn.Conv2d(1, 1, 3, dilation=2), 64))

    # ---- MACs / FLOPs
    add(macs(nn.Conv2d(64, 128, 3, padding=1), 56))
    add(2 * macs(nn.Conv2d(3, 32, 5, padding=2), 32))

    # ---- the 1x1 bottleneck
    add(ratio(macs(nn.Conv2d(192, 32, 5, padding=2), 28),
              macs(nn.Conv2d(192, 16, 1), 28) + macs(nn.Conv2d(16, 32, 5, padding=2), 28)))
    add(params(nn.Conv2d(128, 128, 3, bias=False))
        - params(nn.Conv2d(128, 32, 1, bias=False), nn.Conv2d(32, 128, 3, bias=False)))

    # ---- Flatten vs global average pooling
    add(params(nn.Linear(7 * 7 * 2048, 1000)) - params(nn.Linear(2048, 1000)))
    add(ratio(params(nn.Linear(4 * 4 * 512, 256)), params(nn.Linear(512, 256))))

    # ---- stacked 3x3 vs one big kernel
    add(params(nn.Conv2d(256, 256, 5, bias=False)) - params(*[nn.Conv2d(256, 256, 3, bias=False) for _ in range(2)]))
    add(params(*[nn.Conv2d(32, 32, 3) for _ in range(3)]), params(nn.Conv2d(32, 32, 7)))

    # ---- whole models
    add(params(tvm.alexnet()))
    add(params(tvm.efficientnet_b0()) - params(tvm.mobilenet_v2()))
    # MobileNet v1 is not in torchvision: Keras' count, or the recorded figure without Keras
    add(keras.applications.MobileNet(weights=None).count_params() if keras else 4_253_864)
    add(ratio(params(tvm.resnet50()), params(tvm.densenet121())))

    # ---- why
    conv = params(nn.Conv2d(16, 32, 3))
    add(conv, conv - 32)
    lstm = keras_count(lambda: kl(keras.layers.LSTM(32), (5, 8)), params(nn.LSTM(8, 32)) - 4 * 32)
    rnn = keras_count(lambda: kl(keras.layers.SimpleRNN(32), (5, 8)), params(nn.RNN(8, 32)) - 32)
    assert lstm == 4 * rnn
    add(lstm, rnn)
    return rows


def shown(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def main() -> int:
    cases = [json.loads(line) for line in FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    numbered = [c for c in cases if c["calc"] and c["kind"] != "missing"]
    truth = expected()
    assert len(numbered) == len(truth), (len(numbered), len(truth))
    for case, (value, all_) in zip(numbered, truth):
        assert case["any"][0] == shown(value), (case["q"], case["any"], shown(value))
        if isinstance(value, int):
            assert str(value) in case["any"], case["q"]
        for term in all_:
            term = shown(term)
            assert term in case.get("all", []) or term in case["any"], (case["q"], term, case.get("all"))
        print(f"ok  {case['kind']:<11} {case['lang']:<9} {case['any'][0]:>14}  {case['working']}")
    assert all(not c["any"] for c in cases if not c["calc"] or c["kind"] == "missing")
    assert sum(c["calc"] for c in cases) == 30 and sum(c["kind"] == "missing" for c in cases) == 3
    print(f"{len(numbered)} numbers match ({'Keras ' + keras.__version__ if keras else 'Keras formulas'}, "
          f"torch {torch.__version__}); {len(cases) - len(numbered)} lines carry none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
