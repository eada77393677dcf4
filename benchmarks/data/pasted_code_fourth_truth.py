"""Re-compute the ground truth of ``pasted_code_fourth.jsonl`` by running every case, and report mismatches.

    python benchmarks/data/pasted_code_fourth_truth.py [--cases FILE] [--only ID ...] [--update] [--json]

``pasted_code_fourth.jsonl`` is a fourth set of pasted model code (keras.io examples, TensorFlow tutorials,
old Keras 2 examples, d2l.ai, pytorch.org tutorials and students' variants of them, ``print(model)`` of small
student models).  It is checked exactly as ``pasted_code_students_truth.py`` checks its set (which chains to
``pasted_code_heldout_truth.py`` and ``pasted_code_truth.py``: same runner, same virtual environments
``/tmp/kenv`` and ``/tmp/tvenv``, same counting conventions and stand-ins; read those docstrings).  This
script only adds the per-case tables for these cases:

* ``PRELUDE`` defines what earlier notebook cells define (``data_dir``, ``val_ds``, the tf.data sets);
* ``SCRATCH`` maps Keras 2 / old torchvision spellings that no longer run (``pretrained=True``,
  ``vgg16.VGG16(weights='imagenet')`` which would download) to ones with the same counts;
* ``TRUTH_INPUT`` gives the forward-pass input where the code fixes it (a test tensor, ``maxlen``).

Before comparing it refuses ids or origins already used by ``pasted_code.jsonl``, ``pasted_code_heldout.jsonl``
or ``pasted_code_students.jsonl``, and code of 4,000 characters or more (Telegram's message limit).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pasted_code_students_truth as students

base = students.base
base.DEFAULT_CASES = HERE / "pasted_code_fourth.jsonl"

base.SCRATCH.update({
    "student-torch-finetune-resnet50-ants-bees": [("models.resnet50(pretrained=True)", "models.resnet50(weights=None)")],
    "keras2-conv-filter-visualization-vgg16-notop": [("vgg16.VGG16(weights='imagenet'", "vgg16.VGG16(weights=None")],
    # tf.keras 2 let Model.__init__ take (and ignore) the stray positional `self`; Keras 3 refuses it
    # and Keras 3's get_initial_state takes the batch size, not a tensor
    "tf-text-generation-gru-mymodel": [("super().__init__(self)", "super().__init__()"),
                                       ("self.gru.get_initial_state(x)", "self.gru.get_initial_state(x.shape[0])")],
})
base.PRELUDE.update({
    "tf-load-preprocess-images-small-cnn": "data_dir = 'flower_photos'\nval_ds = None\n",
    "tf-text-classification-rnn-bilstm": "train_dataset = test_dataset = None\n",
    "torch-examples-mnist-net-2017": "train_loader = []\n",
})
base.TRUTH_INPUT.update({
    "d2l-lenet-tf": "input 28x28x1",
    "keras2-imdb-bidirectional-lstm": "input 100",   # maxlen
})
base.NO_FORWARD = base.NO_FORWARD | {"torch-names-charrnn-nn-rnn"}
base.PRINT_SOURCES.update({
    "print-student-conv-autoencoder-sequential": '''
import torch.nn as nn
class ConvAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(32, 64, 7))
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(64, 32, 7), nn.ReLU(),
            nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid())
    def forward(self, x):
        return self.decoder(self.encoder(x))
model = ConvAutoencoder()
''',
    "print-student-gru-text-classifier": '''
import torch.nn as nn
class GRUClassifier(nn.Module):
    def __init__(self, vocab_size=8000, embed_dim=128, hidden=96, num_classes=4):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.gru = nn.GRU(embed_dim, hidden, num_layers=2, batch_first=True, dropout=0.2, bidirectional=True)
        self.norm = nn.LayerNorm(2 * hidden)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(2 * hidden, num_classes)
    def forward(self, x):
        out, h = self.gru(self.embedding(x))
        return self.fc(self.dropout(self.norm(out[:, -1, :])))
model = GRUClassifier()
''',
})

_EARLIER = ("pasted_code.jsonl", "pasted_code_heldout.jsonl", "pasted_code_students.jsonl")


def check_cases_are_new(cases_file: Path) -> None:
    """Refuse ids/origins of the three earlier sets, repeated ids, and pastes Telegram would not accept."""
    earlier = [case for name in _EARLIER for case in students._load(HERE / name)]
    old_ids, old_origins = {c["id"] for c in earlier}, {c["origin"] for c in earlier}
    problems = []
    seen_ids, seen_origins = set(), set()
    for case in students._load(cases_file):
        if case["id"] in old_ids:
            problems.append(f"id already used by an earlier set: {case['id']}")
        if case["origin"] in old_origins:
            problems.append(f"{case['id']}: origin already used by an earlier set: {case['origin']}")
        if case["id"] in seen_ids or case["origin"] in seen_origins:
            problems.append(f"{case['id']}: id or origin repeated in this file")
        seen_ids.add(case["id"])
        seen_origins.add(case["origin"])
        if len(case["code"]) >= students.TELEGRAM_LIMIT:
            problems.append(f"{case['id']}: {len(case['code'])} characters, over Telegram's {students.TELEGRAM_LIMIT}")
    if problems:
        sys.exit("\n".join(problems))


if __name__ == "__main__":
    cases_arg = sys.argv[sys.argv.index("--cases") + 1] if "--cases" in sys.argv else base.DEFAULT_CASES
    check_cases_are_new(Path(cases_arg))
    base.main()
