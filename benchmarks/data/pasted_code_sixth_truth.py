"""Re-compute the ground truth of ``pasted_code_sixth.jsonl`` by running every case, and report mismatches.

    python benchmarks/data/pasted_code_sixth_truth.py --torch-python PYTHON [--only ID ...] [--update] [--json]

``pasted_code_sixth.jsonl`` is a sixth set, gathered after the fifth was scored and the reader fixed on it, and
scored untouched: the CIFAR-10 model files of kuangliu/pytorch-cifar (MIT) pasted without their ``test()``
function plus the line that builds the net (``net = DenseNet121()``), and model files of pytorch/examples
(BSD-3-Clause) with the line that builds the model; each ``origin`` names the file and what was left out
(docstrings or comment lines, where a file is over Telegram's 4,000 characters).  All cases are PyTorch:
they run with the project's own Python (torch 2.13, torchvision 0.28), exactly as ``pasted_code_fifth_truth.py``
runs its PyTorch cases (read ``pasted_code_truth.py`` for the runner and the counting conventions).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pasted_code_fifth_truth as fifth

base = fifth.base
base.DEFAULT_CASES = HERE / "pasted_code_sixth.jsonl"

base.SCRATCH.update({
    # same counts, no download
    "examples-fast-neural-style-vgg16-frozen": [("weights=models.VGG16_Weights.IMAGENET1K_V1", "weights=None")],
})
base.PRELUDE.update({
    "kuangliu-simpledla": "def test():\n    pass\n",   # the file's `if __name__ == '__main__': test()` stays
    "examples-mnist-hogwild-net": "import types as _t, sys as _s\n_s.modules['train'] = _t.SimpleNamespace(train=None, test=None)\n",
    "kuangliu-densenet-cifar": "import types as _t, sys as _s\n_s.modules['torchsummary'] = _t.SimpleNamespace(summary=lambda *a, **k: None)\n",
})
base.TARGET.update({"examples-fast-neural-style-vgg16-frozen": "vgg"})
base.NO_FORWARD = base.NO_FORWARD | {"examples-language-translation-translator", "examples-gcn-cora",
                                     "examples-snli-classifier-config", "examples-fast-neural-style-vgg16-frozen"}

_EARLIER = (*fifth._EARLIER, "pasted_code_fifth.jsonl")

if __name__ == "__main__":
    cases_arg = sys.argv[sys.argv.index("--cases") + 1] if "--cases" in sys.argv else base.DEFAULT_CASES
    fifth.fourth._EARLIER = _EARLIER
    fifth.fourth.check_cases_are_new(Path(cases_arg))
    base.main()
