"""Re-compute the ground truth of ``pasted_code_reader.jsonl`` by running every case, and report mismatches.

    python benchmarks/data/pasted_code_reader_truth.py [--cases FILE] [--only ID ...] [--update] [--json]
        [--keras-python PY] [--torch-python PY]

``pasted_code_reader.jsonl`` is a fifth set, gathered for the issue "Calculations a student can trust: never
silently wrong" before the reader was changed for it: whole notebook cells (training loops, metrics helpers,
plots written with typographic quotes, a pasted ``fit`` log), ``summary(model, input_size=...)`` lines of
torchinfo/torchsummary as the only statement of the input, class-level annotations, ``nn.Parameter(...,
requires_grad=False)``, ``hasattr`` in ``forward``, a demo tensor that does not fit, unindented layer lines,
Lambdas and custom layers that change the width, and constructs the reader may refuse (namedtuple
configurations, nested classes, ``torch.jit.script`` in ``__init__``, a ``forward`` taking a dict:
``refusal_ok``).  It is checked exactly as ``pasted_code_fourth_truth.py`` checks its set (same runner, same
stand-ins and counting conventions: read the chain of docstrings).  One Python with Keras 3 (torch backend),
torch and torchvision serves both frameworks (``--keras-python`` and ``--torch-python`` may be the same).

What a real Python could not run is changed in the scratch copy only (``SCRATCH``): the typographic quotes
of a plot cell, the ``fit`` log pasted after the code, the unindented layer lines (wrapped in the
``keras.Sequential([...])`` they were cut from), and the demo tensor that does not fit (its call is dropped:
the counts do not depend on it).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pasted_code_fourth_truth as fourth

base = fourth.base
base.DEFAULT_CASES = HERE / "pasted_code_reader.jsonl"

_TYPOGRAPHIC = [("\u201c", '"'), ("\u201d", '"'), ("\u00ab", '"'), ("\u00bb", '"')]
# the real matplotlib (Keras imports it first) would check the stand-in data's lengths
_NO_PLOTS = [("import matplotlib.pyplot as plt", "plt = _Whatever()")]
base.SCRATCH.update({
    "r5-torchinfo-input-size-4d-gap": _TYPOGRAPHIC[:2] + _NO_PLOTS,
    "r5-keras-functional-plot-typographic": _TYPOGRAPHIC + _NO_PLOTS,
    "r5-torch-randn-loop-metrics": _NO_PLOTS,
    "r5-keras-bidirectional-imdb-plot": _NO_PLOTS,
    # TorchScript needs the source file, which exec'd code has not; Swish has no parameters either way
    "r5-jit-script-in-init": [("torch.jit.script(Swish())", "Swish()")],
    "r5-keras-unindented-layer-lines": [("keras.layers.Input(", "model = keras.Sequential([keras.layers.Input("),
                                        ("activation='softmax'),\n", "activation='softmax'),\n])\n")],
    "r5-keras-epoch-log-pasted": [("Epoch 1/3\n", "'''\n"), ("accuracy: 0.9654\n", "'''\n")],
    "r5-torch-demo-tensor-does-not-fit": [("y = model(X)", "pass")],
})
base.PRELUDE.update({
    "r5-torch-downsample-hasattr-none": "summary = lambda *a, **k: None\n",
    # one batch of zeros, so the loop's division by len(train_loader) runs as with real data
    "r5-torch-randn-loop-metrics": "train_loader = [(torch.zeros(2, 1, 28, 28), torch.zeros(2, dtype=torch.long))]\n",
    "r5-torchinfo-input-size-4d-gap": "train_loader = [(torch.zeros(1, 3, 64, 64), torch.zeros(1, dtype=torch.long))]\n",
    "r5-keras-functional-plot-typographic": "x_train = y_train = None\n",
    "r5-keras-bidirectional-imdb-plot": "x_train = y_train = x_val = y_val = None\n",
    "r5-keras-epoch-log-pasted": "x_train = y_train = None\n",
})
base.TRUTH_INPUT.update({
    "r5-torchinfo-input-size-4d-gap": "input 3x224x224",
    "r5-torchsummary-chw-flatten": "input 1x28x28",
    "r5-torch-downsample-hasattr-none": "input 3x64x64",
    "r5-torchinfo-batch-first-lstm": "input 80",
    "r5-keras-reshape-input-from-data": "input 28x28x1",
    "r5-class-annotation-no-value": "input 784",
    "r5-parameter-requires-grad-false": "input 3x32x32",
    "r5-hasattr-shortcut-forward": "input 3x32x32",
    "r5-torch-randn-loop-metrics": "input 1x28x28",
    "r5-namedtuple-config": "input 32",
    "r5-jit-script-in-init": "input 20",
    "r5-nested-class-outer-inner": "input 1x28x28",
})
base.NO_FORWARD = base.NO_FORWARD | {"r5-forward-takes-dict", "r5-torch-demo-tensor-does-not-fit"}
_EARLIER = ("pasted_code.jsonl", "pasted_code_heldout.jsonl", "pasted_code_students.jsonl", "pasted_code_fourth.jsonl")


if __name__ == "__main__":
    fourth._EARLIER = _EARLIER
    cases_arg = sys.argv[sys.argv.index("--cases") + 1] if "--cases" in sys.argv else base.DEFAULT_CASES
    fourth.check_cases_are_new(Path(cases_arg))
    base.main()
