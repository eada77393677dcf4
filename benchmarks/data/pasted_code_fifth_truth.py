"""Re-compute the ground truth of ``pasted_code_fifth.jsonl`` by running every case, and report mismatches.

    python benchmarks/data/pasted_code_fifth_truth.py [--cases FILE] [--only ID ...] [--update] [--json]

``pasted_code_fifth.jsonl`` is a fifth set of pasted model code, gathered after the first four were scored and
fixed: notebook cells of *Deep Learning with Python* (fchollet/deep-learning-with-python-notebooks, MIT; the
first edition's Keras 2 cells and the third edition's Keras 3 cells), whole scripts of yunjey/pytorch-tutorial
(MIT) and parts of pytorch/examples (BSD-3-Clause), each ``origin`` naming the repository, path and cells or
lines taken.  It is checked exactly as ``pasted_code_fourth_truth.py`` checks its set (same runner and
counting conventions; read ``pasted_code_truth.py``).  Keras 3 runs on the torch backend in ``/tmp/kenv``;
on this machine that venv was made by ``/work/main/.venv/bin/python -m venv /tmp/kenv``, a ``.pth`` file
pointing at the project venv's site-packages (for torch) and ``pip install keras``; the PyTorch cases run
with ``--torch-python`` set to the project's own Python (torch 2.13 and torchvision 0.28).

This script adds the per-case tables for these cases:

* ``SCRATCH`` maps Keras 2 spellings Keras 3 refuses (``RMSprop(lr=...)``, ``fit_generator``) and lines
  that read files or the command line (``parser.parse_args()``, ``torch.load``) to ones with the same counts;
* ``PRELUDE`` defines what earlier cells define or the data decides (the 14 Jena features);
* ``TARGET`` names the model a paste with several is asked about (the last one defined).

Before comparing it refuses ids or origins already used by the earlier sets, and code of 4,000 characters or
more (Telegram's message limit).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pasted_code_fourth_truth as fourth

students, base = fourth.students, fourth.base
base.DEFAULT_CASES = HERE / "pasted_code_fifth.jsonl"

_ARGS = ("parser.parse_args()", "parser.parse_args([])")
base.SCRATCH.update({
    "dlwp1-cats-dogs-small-convnet": [("optimizers.RMSprop(lr=1e-4)", "optimizers.RMSprop(learning_rate=1e-4)")],
    "dlwp1-imdb-conv1d": [("RMSprop(lr=1e-4)", "RMSprop(learning_rate=1e-4)"),
                          ("from keras.preprocessing import sequence", "from keras.utils import pad_sequences"),
                          ("sequence.pad_sequences", "pad_sequences")],
    "dlwp1-imdb-reversed-lstm": [("from keras.preprocessing import sequence", "from keras.utils import pad_sequences"),
                                 ("sequence.pad_sequences", "pad_sequences")],
    "dlwp1-imdb-embedding-flatten": [("from keras import preprocessing", "from keras import utils as preprocessing"),
                                     ("preprocessing.sequence.pad_sequences", "preprocessing.pad_sequences")],
    "dlwp1-jena-stacked-gru": [("model.fit_generator(", "model.fit(")],
    "dlwp1-jena-conv1d-gru": [("model.fit_generator(", "model.fit(")],
    "dlwp1-gan-frozen-discriminator": [("RMSprop(lr=0.0008, clipvalue=1.0, decay=1e-8)", "RMSprop(learning_rate=0.0008)"),
                                       ("RMSprop(lr=0.0004, clipvalue=1.0, decay=1e-8)", "RMSprop(learning_rate=0.0004)")],
    "dlwp3-jena-conv1d": [('model = keras.models.load_model("jena_conv.keras")', "pass")],
    "examples-dcgan-generator-discriminator": [],
    "examples-reinforce-policy": [_ARGS],
    "examples-actor-critic-policy": [_ARGS],
    "examples-time-sequence-lstmcell": [_ARGS, ("data = torch.load('traindata.pt')", "data = np.zeros((8, 1000))"),
                                        ("for i in range(opt.steps):", "for i in range(0):")],
    **{case_id: [("100 * correct / total", "100 * correct / max(total, 1)")]   # the stand-in test loader is empty
       for case_id in ("yunjey-feedforward-mnist", "yunjey-logistic-regression-mnist", "yunjey-convnet-mnist",
                       "yunjey-rnn-mnist", "yunjey-birnn-mnist")},
    "examples-regression-poly": [("for batch_idx in count(1):", "for batch_idx in range(1):")],
})
base.PRELUDE.update({
    "dlwp1-reuters-bottleneck-cell": "from keras import models\npartial_x_train = partial_y_train = x_val = y_val = None\n",
    "dlwp1-jena-stacked-gru": "float_data = np.zeros((10, 14))\ntrain_gen = val_gen = None\nval_steps = 1\n",
    "dlwp1-jena-conv1d-gru": "float_data = np.zeros((10, 14))\ntrain_gen = val_gen = None\nval_steps = 1\n"
                             "from keras.models import Sequential\nfrom keras import layers\nfrom keras.optimizers import RMSprop\n",
    "dlwp3-jena-conv1d": "sequence_length = 120\nraw_data = np.zeros((10, 14))\ntrain_dataset = val_dataset = test_dataset = None\n",
    "dlwp3-segmentation-get-model": "input_img_paths = target_paths = []\nload_img = img_to_array = None\n",
    "dlwp3-seq2seq-gru": "import keras\nfrom keras import layers\n",
    "dlwp3-transformer-encoder-decoder": "import keras\nfrom keras import layers\n",
    "dlwp3-residual-block-helper": "import keras\nfrom keras import layers\n",
    "yunjey-resnet-cifar": "train_loader = test_loader = []\n",
    "yunjey-vae-mnist": "x = torch.zeros(2, 784)\n",   # the last batch of the (empty stand-in) loop, used after it
    # the Penn Treebank vocabulary the tutorial's data_utils.Corpus builds has 10,000 words
    "yunjey-rnn-language-model": (
        "import types as _t, sys as _s\n"
        "import collections as _c\nclass _Dictionary(dict):\n    idx2word = _c.defaultdict(str)\n    def __len__(self): return 10000\n"
        "class _Corpus:\n    dictionary = _Dictionary()\n"
        "    def get_data(self, path, batch_size): return torch.zeros(batch_size, 0, dtype=torch.long)\n"
        "_s.modules['data_utils'] = _t.SimpleNamespace(Dictionary=_Dictionary, Corpus=_Corpus)\n"),
    "examples-mnist-forward-forward": "import types as _t\nargs = _t.SimpleNamespace(lr=0.03, threshold=2.0, epochs=1000, log_interval=10)\n"
                                      "device = torch.device('cpu')\n",
    "dlwp1-imdb-embedding-flatten": "from keras.layers import Embedding\n",
    "dlwp1-boston-build-model": (
        "import keras as _k\n_k.datasets.boston_housing.load_data = lambda *a, **k: "
        "((np.zeros((404, 13)), np.zeros(404)), (np.zeros((102, 13)), np.zeros(102)))\n"),
    "examples-reinforce-policy": "import types as _t, sys as _s\n_s.modules['gymnasium'] = _t.SimpleNamespace(make=lambda *a, **k: _Whatever())\n",
    "examples-actor-critic-policy": "import types as _t, sys as _s\n_s.modules['gymnasium'] = _t.SimpleNamespace(make=lambda *a, **k: _Whatever())\n",
})
base.TARGET.update({
    "yunjey-gan-mnist": "G",
    "examples-dcgan-generator-discriminator": "netD",
    "dlwp1-gan-frozen-discriminator": "gan",
    "dlwp3-seq2seq-gru": "seq2seq_rnn",
    "dlwp3-transformer-encoder-decoder": "transformer",
    "dlwp1-boston-build-model": "build_model()",
    "examples-time-sequence-lstmcell": "seq",
})
base.TRUTH_INPUT.update({   # sequence lengths: the counts do not depend on them
    "dlwp1-stacked-simplernn-summaries": "input 100",
    "dlwp1-imdb-reversed-lstm": "input 500",
    "dlwp1-imdb-conv1d": "input 500",
    "dlwp1-imdb-embedding-flatten": "input 20",   # maxlen: Keras 3 ignores input_length
})
base.NO_FORWARD = base.NO_FORWARD | {"examples-siamese-resnet18", "dlwp3-seq2seq-gru", "dlwp3-transformer-encoder-decoder",
                                     "dlwp1-gan-frozen-discriminator", "examples-time-sequence-lstmcell"}

_EARLIER = ("pasted_code.jsonl", "pasted_code_heldout.jsonl", "pasted_code_students.jsonl",
            "pasted_code_reader.jsonl", "pasted_code_fourth.jsonl")


def check_cases_are_new(cases_file: Path) -> None:
    """Refuse ids/origins of the earlier sets, repeated ids, and pastes Telegram would not accept."""
    fourth._EARLIER = _EARLIER
    fourth.check_cases_are_new(cases_file)


if __name__ == "__main__":
    cases_arg = sys.argv[sys.argv.index("--cases") + 1] if "--cases" in sys.argv else base.DEFAULT_CASES
    check_cases_are_new(Path(cases_arg))
    base.main()
