"""What the prose-calculation truth scripts share (``router_prose_sixth_truth.py``, ``…_seventh_truth.py``):
torch's own counts of a layer, Keras 3's where it is installed, and the check of a set's ``any``/``all``
strings against them.  Each script keeps its questions' numbers (``expected()``) and calls :func:`check`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import torch
from torch import nn

from cnn_demos.torchvision_compat import importable_torchvision

tvm = importable_torchvision().models  # built without weights: only their parameters are counted

os.environ.setdefault("KERAS_BACKEND", "torch")
try:
    import keras
except ImportError:
    keras = None

Truth = list[tuple[object, list[object]]]  # (first of ``any``, ``all``) per numbered line, in file order


def params(*modules: nn.Module) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def keras_rnn(rnn: nn.RNNBase) -> int:
    """Keras' SimpleRNN / LSTM: one bias per gate, torch has two."""
    return params(rnn) - sum(p.numel() for n, p in rnn.named_parameters() if n.startswith("bias_hh"))


def receptive(layers: list[tuple[int, int, int]]) -> int:
    """The receptive field of layers given as (kernel, stride, dilation): ``r += (k - 1)·d·j; j *= s``."""
    r, j = 1, 1
    for k, s, d in layers:
        r += (k - 1) * d * j
        j *= s
    return r


def mb(n_bytes: int) -> str:
    """Bytes as MiB (2**20), two decimals."""
    return f"{n_bytes / 2**20:.2f}"


def run(net: nn.Module, *shape: int) -> torch.Size:
    """The shape of ``net``'s output for one zero input of ``shape``."""
    with torch.no_grad():
        return net.eval()(torch.zeros(1, *shape)).shape


def hwc(net: nn.Module, *shape: int) -> str:
    """The output of a 2D net as HxWxC (the files also accept CxHxW)."""
    _, c, h, w = run(net, *shape)
    return f"{h}x{w}x{c}"


def out_hw(layer: nn.Module, hw: int, cin: int = 1) -> str:
    shape = layer(torch.zeros(1, cin, hw, hw)).shape
    return f"{shape[-2]}x{shape[-1]}"


def macs(conv: nn.Conv2d, hw: int) -> int:
    out = conv(torch.zeros(1, conv.in_channels, hw, hw)).shape
    return out[1] * out[2] * out[3] * (conv.weight.numel() // conv.out_channels)


def count_macs(net: nn.Module, *shape: int) -> int:
    """Multiply-accumulates of every Conv2d and Linear for one input of ``shape``."""
    total = 0

    def hook(module: nn.Module, _inputs, output: torch.Tensor) -> None:
        nonlocal total
        if isinstance(module, nn.Conv2d):
            per_out = module.weight.numel() // module.out_channels  # in/groups · kh · kw
            total += output[0].numel() * per_out
        elif isinstance(module, nn.Linear):
            total += module.in_features * module.out_features

    handles = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    run(net, *shape)
    for h in handles:
        h.remove()
    return total


def keras_count(build: Callable[[], int], fallback: int) -> int:
    """Keras' own ``count_params`` where Keras is installed; the formula otherwise."""
    if keras is None:
        return fallback
    value = build()
    assert value == fallback, (value, fallback)
    return value


def kl(layer, shape) -> int:
    model = keras.Sequential([keras.Input(shape), layer])
    return model.count_params()


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}"


def shown(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def check(file: Path, truth: Truth, calculations: int | None = None, missing: int | None = None) -> int:
    """Assert every numbered line's strings are the computed ones (and, when given, how many calculations and
    missing-number lines the set has); print one line per case."""
    cases = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    numbered = [c for c in cases if c["calc"] and c["kind"] != "missing"]
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
    if calculations is not None:
        assert sum(c["calc"] for c in cases) == calculations
    if missing is not None:
        assert sum(c["kind"] == "missing" for c in cases) == missing
    print(f"{len(numbered)} numbers match ({'Keras ' + keras.__version__ if keras else 'Keras formulas'}, "
          f"torch {torch.__version__}); {len(cases) - len(numbered)} lines carry none")
    return 0


def main(file: Path, expected: Callable[[], Truth], calculations: int, missing: int) -> int:
    """A truth script's entry point: ``--values`` lists each numbered line's expected value; otherwise the check of
    ``file`` against them, as an exit status."""
    if "--values" in sys.argv:
        for i, (value, every) in enumerate(expected(), 1):
            print(i, value, every)
        return 0
    return check(file, expected(), calculations=calculations, missing=missing)

