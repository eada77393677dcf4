"""Re-compute the ground truth of ``pasted_code_heldout.jsonl`` by running every case, and report mismatches.

    python benchmarks/data/pasted_code_heldout_truth.py [--cases FILE] [--only ID ...] [--update] [--json]

The held-out set is checked exactly as ``pasted_code_truth.py`` checks ``pasted_code.jsonl`` (same runner,
same virtual environments ``/tmp/kenv`` and ``/tmp/tvenv``, same counting conventions: read that file's
docstring); this script only adds the per-case tables for the held-out cases and three things the held-out
pastes need that the main set does not:

* notebook lines (``%matplotlib inline``, ``!pip install ...``) are IPython, not Python: in the scratch copy a
  line that starts with ``%`` or ``!`` becomes ``pass``;
* ``torchsummary`` and ``torchinfo`` are stand-in modules whose ``summary`` does nothing;
* the ``tensorflow`` stand-in also gets ``random_normal_initializer``, ``initializers``, ``clip_by_value``
  and a ``random.normal`` returning NumPy zeros, and ``keras.utils.image_dataset_from_directory`` returns
  nothing (no data directory is needed to count).

It also refuses held-out ids that already exist in ``pasted_code.jsonl``.
"""

from __future__ import annotations

import json
import string
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pasted_code_truth as base

base.DEFAULT_CASES = HERE / "pasted_code_heldout.jsonl"

base.COMMON_PRELUDE = dict(base.COMMON_PRELUDE)
base.COMMON_PRELUDE["keras"] += (
    "tf.random_normal_initializer = keras.initializers.RandomNormal\n"
    "tf.initializers = keras.initializers\n"
    "tf.clip_by_value = lambda t, clip_value_min, clip_value_max: np.clip(t, clip_value_min, clip_value_max)\n"
    "tf.random.normal = lambda shape, *a, **k: np.zeros(shape, 'float32')\n"
    "keras.utils.image_dataset_from_directory = lambda *a, **k: None\n"
)
base.COMMON_PRELUDE["pytorch"] += (
    "import sys as _sys, types as _types\n"
    "for _name in ('torchsummary', 'torchinfo'):\n"
    "    _stub = _types.ModuleType(_name)\n"
    "    _stub.summary = lambda *a, **k: None\n"
    "    _sys.modules.setdefault(_name, _stub)\n"
)

# 57 distinct characters, as in the lower-cased Nietzsche corpus ("total chars: 57")
_NIETZSCHE = "".join(sorted(set(string.ascii_lowercase + string.digits + " \n!\"'(),-.:;?[]_=äæéë")))
assert len(_NIETZSCHE) == 57, len(_NIETZSCHE)

base.SCRATCH.update({
    "keras2-mnist-irnn": [("RMSprop(lr=learning_rate)", "RMSprop(learning_rate=learning_rate)")],
    "keras2-lstm-text-generation": [
        ("from keras.utils.data_utils import get_file", "get_file = lambda *a, **k: None"),
        ("with io.open(path, encoding='utf-8') as f:\n    text = f.read().lower()", "text = NIETZSCHE_SAMPLE"),
        ("dtype=np.bool)", "dtype=bool)"),                       # removed in NumPy 1.24
        ("RMSprop(lr=0.01)", "RMSprop(learning_rate=0.01)"),
    ],
    "keras2-conv-lstm": [
        ("from keras.layers.convolutional import Conv3D", "from keras.layers import Conv3D"),
        ("from keras.layers.convolutional_recurrent import ConvLSTM2D", "from keras.layers import ConvLSTM2D"),
        ("from keras.layers.normalization import BatchNormalization", "from keras.layers import BatchNormalization"),
        ("import pylab as plt", "pass"),
        ("dtype=np.float)", "dtype=float)"),
        ("generate_movies(n_samples=1200)", "generate_movies(n_samples=2)"),   # data only, not the model
    ],
    "keras2-addition-rnn": [("from six.moves import range\n", ""), ("dtype=np.bool)", "dtype=bool)")],
    "keras2-cifar10-resnet-v1": [("from keras.preprocessing.image import ImageDataGenerator\n", ""),
                                 ("Adam(lr=lr_schedule(0))", "Adam(learning_rate=lr_schedule(0))")],
    "tf-autoencoder-denoise": [("import pandas as pd\n", ""),
                               ("from sklearn.metrics import accuracy_score, precision_score, recall_score\n", ""),
                               ("from sklearn.model_selection import train_test_split\n", "")],
    "d2l-densenet-tf": [("self.listLayers.layers", "self.listLayers")],   # TF 2's ListWrapper.layers
    "d2l-rnn-concise-torch": [
        ("train_iter, vocab = d2l.load_data_time_machine(batch_size, num_steps)",
         "train_iter, vocab = [], ['<unk>', ' '] + list('abcdefghijklmnopqrstuvwxyz')"),
        ("device = d2l.try_gpu()", "device = 'cpu'"),
    ],
    "d2l-seq2seq-encoder": [("class Seq2SeqEncoder(d2l.Encoder):", "class Seq2SeqEncoder(nn.Module):")],
    "torch-finetune-resnet18": [("weights='IMAGENET1K_V1'", "weights=None")],   # same counts, no download
    # Keras 3's Model.build on a subclass without build() creates no weights (0 params); tf.keras 2 built it by
    # calling it, which is what a call does here
    "student-subclass-build-summary": [("model.build(input_shape=(None, 32, 32, 3))",
                                        "model(np.zeros((1, 32, 32, 3), 'float32'))")],
})
base.PRELUDE.update({
    "tf-overfit-small-fragment": "FEATURES = 28\nsize_histories = {}\ncompile_and_fit = lambda model, name: None\n",
    "tf-overfit-large-model": "size_histories = {}\ncompile_and_fit = lambda model, name: None\n",
    "tf-timeseries-multi-conv": (
        "import types\nOUT_STEPS = 24\nnum_features = 19\ncompile_and_fit = lambda model, window: None\n"
        "IPython = types.SimpleNamespace(display=types.SimpleNamespace(clear_output=lambda: None))\n"
        "multi_window = types.SimpleNamespace(val=None, test=None, plot=lambda model: None)\n"
        "multi_val_performance, multi_performance = {}, {}\n"),
    "keras2-lstm-text-generation": f"NIETZSCHE_SAMPLE = {_NIETZSCHE * 3!r}\n",
    "kerasio-weather-lstm-fragment": (
        "class _Batch:\n    def __init__(self, shape): self.shape = shape\n"
        "    def numpy(self): return np.zeros(self.shape, 'float32')\n"
        "class _Dataset:\n    def take(self, n): return [(_Batch((256, 120, 7)), _Batch((256, 1)))]\n"
        "dataset_train = _Dataset()\nlearning_rate = 0.001\n"),
    "kerasio-conv-lstm-next-frame": "x_train = np.zeros((2, 19, 64, 64, 1), 'float32')\n",
    "kerasio-collab-filtering-recommender": "from keras import ops\nnum_users, num_movies = 610, 9724\n",
    "torch-transformer-tutorial-fragment": "vocab = range(28782)\ndevice = torch.device('cpu')\n",
    "torch-text-classification-embeddingbag": (
        "AG_NEWS = lambda split: [(label, 'text') for label in (1, 2, 3, 4)]\n"
        "vocab = range(95811)\ndevice = torch.device('cpu')\n"),
})
base.TARGET.update({
    "torch-buildmodel-seq-modules": "seq_modules",   # flatten, layer1 and a Softmax are modules too
})
base.TRUTH_INPUT.update({
    "student-gru-sentiment": "input 200",
    "keras2-imdb-fasttext": "input 400",
    "keras2-imdb-cnn-lstm": "input 100",
    "tf-autoencoder-denoise": "input 28x28x1",
    "student-torchsummary-sequential": "input 3x224x224",
    "student-tabular-mlp-torchinfo": "input 20",
    "torch-buildmodel-seq-modules": "input 28x28",
    "student-ecg-conv1d-sequential": "input 1x187",
    "student-cnn-tabs-torchsummary": "input 3x32x32",
    "student-small-resnet-torchinfo": "input 3x32x32",
    "d2l-alexnet-tf": "input 224x224x1",
    "d2l-resnext-block": "input 32x96x96",
})
base.NO_FORWARD = base.NO_FORWARD | {
    "torch-word-language-model-tied", "torch-seq2seq-attn-decoder", "torch-transformer-tutorial-fragment",
    "torch-text-classification-embeddingbag", "d2l-rnn-concise-torch", "d2l-seq2seq-encoder",
}
base.PRINT_SOURCES.update({
    "print-torchvision-googlenet": "import torchvision\nmodel = torchvision.models.googlenet()",
    "print-torchvision-shufflenet-v2-x1-0": "import torchvision\nmodel = torchvision.models.shufflenet_v2_x1_0()",
    "print-torchvision-mobilenet-v3-small": "import torchvision\nmodel = torchvision.models.mobilenet_v3_small()",
    "print-torchvision-efficientnet-b0": "import torchvision\nmodel = torchvision.models.efficientnet_b0()",
})

_base_scratch = base.scratch


def scratch(case: dict) -> str:
    """The base scratch copy, with IPython-only lines (``%magic``, ``!shell``) turned into ``pass``."""
    text = _base_scratch(case)
    if case["kind"] == "torch-print":
        return text
    return "\n".join("pass" if line.startswith(("%", "!")) else line for line in text.split("\n"))


base.scratch = scratch   # compute() looks scratch up in its module at call time


def check_ids_are_new(cases_file: Path) -> None:
    main_ids = {json.loads(line)["id"] for line in (HERE / "pasted_code.jsonl").read_text("utf-8").splitlines() if line.strip()}
    held_ids = [json.loads(line)["id"] for line in cases_file.read_text("utf-8").splitlines() if line.strip()]
    clash = sorted(main_ids.intersection(held_ids))
    if clash:
        sys.exit(f"held-out ids already in pasted_code.jsonl: {clash}")


if __name__ == "__main__":
    cases_arg = sys.argv[sys.argv.index("--cases") + 1] if "--cases" in sys.argv else base.DEFAULT_CASES
    check_ids_are_new(Path(cases_arg))
    base.main()
