"""Re-compute the ground truth of ``pasted_code_students.jsonl`` by running every case, and report mismatches.

    python benchmarks/data/pasted_code_students_truth.py [--cases FILE] [--only ID ...] [--update] [--json]

``pasted_code_students.jsonl`` is an independent test set of what students of a university deep-learning
course paste into the course's Telegram group while doing homework (Keras ``model.add`` CNNs with Persian or
Finglish comments, blog/YouTube/Kaggle models, hand-written PyTorch classics, ``print(model)`` output), each
under Telegram's 4,000-character limit.  It is checked exactly as ``pasted_code_truth.py`` checks
``pasted_code.jsonl``, with everything ``pasted_code_heldout_truth.py`` adds (same runner, same virtual
environments ``/tmp/kenv`` and ``/tmp/tvenv``, same counting conventions: read those two docstrings).  This
script only adds the per-case tables for these cases and the stand-ins their paste noise needs:

* modules a Colab notebook has and the two virtual environments do not (``google.colab``, ``pandas``,
  ``sklearn``, ``seaborn``, ``cv2``, ``hazm``, ``tqdm``) are stand-ins whose every attribute is a do-nothing
  object (``tqdm`` returns its iterable), so ``drive.mount(...)`` and data preparation run without data;
* Keras 3 no longer has ``ImageDataGenerator`` or the text ``Tokenizer``: ``keras.preprocessing.image`` gets a
  do-nothing ``ImageDataGenerator`` (``flow_from_directory`` needs no folder), and
  ``keras.preprocessing.text.Tokenizer`` is a stand-in whose ``word_index`` has ``_TOKENIZER_WORDS`` entries
  (set per case in ``PRELUDE``: that is the data-dependent vocabulary of a ``refusal_ok`` case);
* ``OLDER_TORCH_PRINT`` cases are ``print(model)`` text as torch before 2.13 printed it (no ``bias=True`` in
  BatchNorm lines, as most students' Colab still shows); the check compares against that form.

Before comparing it refuses ids or origins that already exist in ``pasted_code.jsonl`` or
``pasted_code_heldout.jsonl``, and code of 4,000 characters or more (Telegram's message limit).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pasted_code_heldout_truth as held

base = held.base
base.DEFAULT_CASES = HERE / "pasted_code_students.jsonl"
TELEGRAM_LIMIT = 4000

_STUBS = '''
import sys as _sys, types as _types
class _Whatever:
    def __init__(self, *a, **k): pass
    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        return _Whatever()
    def __call__(self, *a, **k): return _Whatever()
    def __iter__(self): return iter(())
    def __len__(self): return 0
    def __getitem__(self, key): return _Whatever()
    def __setitem__(self, key, value): pass
    def __format__(self, spec): return '?'
def _module_getattr(attr):
    if attr.startswith('__'):
        raise AttributeError(attr)
    return _Whatever()
def _stub_module(name, **attrs):
    try:
        __import__(name)
        return
    except ImportError:
        pass
    module = _types.ModuleType(name)
    module.__getattr__ = _module_getattr
    module.__path__ = []
    module.__dict__.update(attrs)
    _sys.modules[name] = module
for _name in ('google', 'google.colab', 'pandas', 'sklearn', 'sklearn.preprocessing', 'sklearn.model_selection',
              'sklearn.metrics', 'seaborn', 'cv2', 'hazm'):
    _stub_module(_name)
_stub_module('tqdm', tqdm=lambda iterable=None, *a, **k: iterable)
'''

_KERAS_EXTRA = '''
_TOKENIZER_WORDS = 10000
class _ImageDataGenerator(_Whatever):
    """Keras 2's ImageDataGenerator, which Keras 3 dropped: augmentation settings, no data needed."""
class _Tokenizer:
    """Keras 2's text Tokenizer, which Keras 3 dropped; word_index has _TOKENIZER_WORDS entries."""
    def __init__(self, num_words=None, *a, **k):
        self.num_words = num_words
        self.word_index = {'w%d' % i: i for i in range(1, _TOKENIZER_WORDS + 1)}
    def fit_on_texts(self, texts): pass
    def texts_to_sequences(self, texts): return [[1, 2, 3]] * 8
keras.preprocessing.image.ImageDataGenerator = _ImageDataGenerator
_text = _types.ModuleType('keras.preprocessing.text')
_text.Tokenizer = _Tokenizer
keras.preprocessing.text = _text
for _name in ('keras.preprocessing.text', 'tensorflow.keras.preprocessing.text'):
    _sys.modules[_name] = _text
'''

base.COMMON_PRELUDE = dict(base.COMMON_PRELUDE)
base.COMMON_PRELUDE["keras"] += _STUBS + _KERAS_EXTRA
base.COMMON_PRELUDE["pytorch"] += _STUBS

base.SCRATCH.update({
    # the data comes from a CSV; the model's window (60 steps) is what the loop would give
    "student-stock-lstm-four-layers": [("X_train, y_train = np.array(X_train), np.array(y_train)",
                                        "X_train, y_train = np.zeros((8, 60)), np.zeros(8)")],
    # the empty stand-in loader has length 0; the loss print is not part of the model
    "student-torch-mnist-sequential-torchsummary": [("running_loss/len(train_loader)", "running_loss")],
    # the stand-in Fashion-MNIST has 8 test images; the plot shows 10
    "student-denoising-autoencoder-conv2dtranspose": [("n = 10\n", "n = 8\n")],
})
base.PRELUDE.update({
    "student-har-conv1d-shape-from-data": (
        "def load_dataset(path):\n"
        "    return (np.zeros((8, 128, 9), 'float32'), np.ones((8, 1), 'int64'),\n"
        "            np.zeros((8, 128, 9), 'float32'), np.ones((8, 1), 'int64'))\n"),
    "student-digikala-tokenizer-vocab-from-data": "_TOKENIZER_WORDS = 31457\n",
    "student-utkface-age-gender-two-heads": "X = y_gender = y_age = None\n",
    "student-subclass-fashion-gradienttape": "tf.data = _Whatever()\n",
    # one batch of zeros: the loop then defines loss for its print, as a real loader would
    "student-torch-linear-bottleneck-autoencoder": "train_loader = [(torch.zeros(2, 1, 28, 28), torch.zeros(2))]\n",
})
base.TARGET.update({
    "mlm-cifar10-vgg3-define-model": "define_model()",   # the model only exists inside the harness function
})
base.TRUTH_INPUT.update({
    "student-imdb-lstm-spatialdropout": "input 250",
    "student-subclass-convblock-layer-call-zeros": "input 32x32x3",
    "student-torch-mnist-sequential-torchsummary": "input 1x28x28",
    "student-torch-resnet9ish-conv-block-torchinfo": "input 3x32x32",
})

base.PRINT_SOURCES.update({
    "print-student-cifar-cnn-bn": '''
import torch.nn as nn
import torch.nn.functional as F
class CNN(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(64)
        self.conv3 = nn.Conv2d(64, 128, 3, padding=1)
        self.bn3 = nn.BatchNorm2d(128)
        self.pool = nn.MaxPool2d(2, 2)
        self.dropout = nn.Dropout(0.4)
        self.fc1 = nn.Linear(128 * 4 * 4, 512)
        self.fc2 = nn.Linear(512, num_classes)
    def forward(self, x):
        x = self.pool(F.relu(self.bn1(self.conv1(x))))
        x = self.pool(F.relu(self.bn2(self.conv2(x))))
        x = self.pool(F.relu(self.bn3(self.conv3(x))))
        x = x.view(x.size(0), -1)
        x = self.dropout(F.relu(self.fc1(x)))
        return self.fc2(x)
model = CNN()
''',
    "print-student-mnist-sequential": '''
import torch.nn as nn
model = nn.Sequential(
    nn.Conv2d(1, 32, kernel_size=3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, kernel_size=3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Dropout(0.25), nn.Flatten(),
    nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))
''',
    "print-student-vgg-mini-nested": '''
import torch
import torch.nn as nn
class VGGMini(nn.Module):
    def __init__(self, num_classes=4):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
            nn.Conv2d(32, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
            nn.MaxPool2d(2, 2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(inplace=True),
            nn.Conv2d(64, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(inplace=True),
            nn.MaxPool2d(2, 2),
            nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(inplace=True),
            nn.MaxPool2d(2, 2),
            nn.Conv2d(128, 256, 3, padding=1), nn.BatchNorm2d(256), nn.ReLU(inplace=True),
        )
        self.avgpool = nn.AdaptiveAvgPool2d((2, 2))
        self.classifier = nn.Sequential(
            nn.Dropout(0.5), nn.Linear(256 * 2 * 2, 256), nn.ReLU(inplace=True), nn.Dropout(0.5),
            nn.Linear(256, num_classes))
    def forward(self, x):
        x = self.avgpool(self.features(x))
        return self.classifier(torch.flatten(x, 1))
model = VGGMini()
''',
})

# print(model) as a student's Colab showed it before torch 2.13, whose BatchNorm repr has no "bias=True" (the
# numbers are the same: affine BatchNorm has weight and bias either way).  The run's print must equal the case's
# text once that field is taken out.
OLDER_TORCH_PRINT = {"print-student-cifar-cnn-bn"}
_base_compute = base.compute


def _older_repr(text: str) -> str:
    return text.replace(", affine=True, bias=True, track_running_stats", ", affine=True, track_running_stats")


def compute(cases: list[dict], python: str, framework: str) -> dict[str, dict]:
    """The base computation, with the torch < 2.13 BatchNorm repr for the cases in ``OLDER_TORCH_PRINT``."""
    results = _base_compute(cases, python, framework)
    for case in cases:
        got = results.get(case["id"], {})
        if case["id"] in OLDER_TORCH_PRINT and "printed" in got:
            got["printed"] = _older_repr(got["printed"])
            got["print_matches"] = got["printed"].strip() == case["code"].strip()
    return results


base.compute = compute   # main() looks compute up in its module at call time


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def check_cases_are_new(cases_file: Path) -> None:
    """Refuse ids/origins of the two earlier sets, repeated ids, and pastes Telegram would not accept."""
    earlier = _load(HERE / "pasted_code.jsonl") + _load(HERE / "pasted_code_heldout.jsonl")
    old_ids, old_origins = {c["id"] for c in earlier}, {c["origin"] for c in earlier}
    problems = []
    seen_ids, seen_origins = set(), set()
    for case in _load(cases_file):
        if case["id"] in old_ids:
            problems.append(f"id already used by an earlier set: {case['id']}")
        if case["origin"] in old_origins:
            problems.append(f"{case['id']}: origin already used by an earlier set: {case['origin']}")
        if case["id"] in seen_ids or case["origin"] in seen_origins:
            problems.append(f"{case['id']}: id or origin repeated in this file")
        seen_ids.add(case["id"])
        seen_origins.add(case["origin"])
        if len(case["code"]) >= TELEGRAM_LIMIT:
            problems.append(f"{case['id']}: {len(case['code'])} characters, over Telegram's {TELEGRAM_LIMIT}")
    if problems:
        sys.exit("\n".join(problems))


if __name__ == "__main__":
    cases_arg = sys.argv[sys.argv.index("--cases") + 1] if "--cases" in sys.argv else base.DEFAULT_CASES
    check_cases_are_new(Path(cases_arg))
    base.main()
