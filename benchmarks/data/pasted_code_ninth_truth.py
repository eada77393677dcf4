"""Re-compute the ground truth of ``pasted_code_ninth.jsonl`` by running every case, and report mismatches.

    python benchmarks/data/pasted_code_ninth_truth.py [--keras-python PY] [--torch-python PY] [--only ID ...] [--update] [--json]

``pasted_code_ninth.jsonl`` is a ninth set, gathered after the eighth and scored untouched, from sources the
earlier sets do not use:

* a Persian Keras course (Alireza-Akhavan/deeplearning-tensorflow2-notebooks, with Persian HODA digits and
  Persian topic classification): a GAN whose combined model freezes the discriminator, a two-input MLP + CNN
  concatenation, a subclassed model sized by a reshape of the data, a custom layer with ``build()``, a Conv1D /
  Conv1DTranspose anomaly autoencoder, the Kaggle nuclei U-Net with a ``Lambda``, a DeepSpeech2-like model of
  Bidirectional GRUs;
* ageron/handson-ml2 and handson-ml3 (Apache-2.0): wide & deep with an auxiliary output, WaveNet with a gated
  activation, a dilated causal Conv1D loop, a char-RNN with ``TimeDistributed``, an Embedding(mask_zero) + GRU
  model, a subclassed regressor that applies one residual block four times, a tied-weights autoencoder
  (``DenseTranspose``);
* PyTorch: eriklindernoren/PyTorch-GAN (MIT; cGAN with argparse sizes, CycleGAN's ResNet generator with
  InstanceNorm2d, pix2pix's U-Net generator), bentrevett/pytorch-seq2seq (MIT; Bahdanau attention),
  karpathy/ng-video-lecture (MIT; the char-level GPT), milesial/Pytorch-UNet (GPL-3.0), Atcold/NYU-DLSP20
  (a transformer whose sinusoidal position table is frozen with ``requires_grad = False``, a CNN with ``F.*``
  layers, a spiral-data ``nn.Sequential``), pytorch/tutorials (BSD-3-Clause; the Mario DDQN's deep-copied frozen
  target, global pruning), the ``nn.ModuleDict`` docstring example of pytorch/pytorch, a Kaggle cell of two
  pytorch-lightning modules (tztechno/tz_kaggle), spro/char-rnn.pytorch (MIT), fum-cs/deep-learning (a
  university course's lecture notebook).

Each ``origin`` names the repository, path, commit and the cells or lines taken.  Several carry a question in
Persian before the code, as students write them; three pastes were trimmed to Telegram's 4,000 characters
(comment lines, end-of-line comments, and in one case methods that hold no parameters; each origin says so).

It runs exactly as ``pasted_code_eighth_truth.py`` does (same runner and counting conventions: read
``pasted_code_truth.py``): Keras 3 on the torch backend from ``/tmp/kv/bin/python``, the PyTorch cases with the
project's ``.venv/bin/python``.  Per-case tables: ``SCRATCH`` (the question before the code, Keras 3 spellings
for ``StringLookup``/``TextVectorization`` (they need TensorFlow) and for Keras 2's ``layer.input_shape``,
``parse_args([])``, loops cut to one step), ``PRELUDE`` (stand-ins for what earlier cells, the data or missing
packages provide: HODA digits, California housing, the Shakespeare tokenizer's 39 characters, the vocabularies
7853/5893 of Multi30k, ``tf.matmul``, pytorch_lightning's ``save_hyperparameters``), ``TARGET``,
``TRUTH_INPUT`` and ``NO_FORWARD``.  Before comparing it refuses ids or origins already used by the earlier
sets, and code of 4,000 characters or more.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pasted_code_eighth_truth as eighth

seventh = eighth.seventh
fifth = eighth.fifth
base = eighth.base
base.DEFAULT_CASES = HERE / "pasted_code_ninth.jsonl"

# a student's question before the code is not Python: the scratch copy drops it
_QUESTIONS = {
    "akhavan-hoda-gan-combined-frozen-discriminator":
        "مدل gan آخر (که generator و discriminator رو پشت هم گذاشته) چند تا پارامتر داره و چندتاش قابل آموزشه؟\n",
    "akhavan-custom-linear-layer-build-sequential":
        "سلام، این لایه Linear رو خودم با build نوشتم. مدل Sequential پایینش چند تا پارامتر داره؟\n",
    "handson2-shakespeare-char-gru-timedistributed":
        "این مدل char-rnn شکسپیر چند تا پارامتر داره؟ (max_id رو توی نوت‌بوک چاپ کردم 39 شد)\n",
    "pytorchgan-cgan-generator-label-embedding": "ژنراتورِ این cGAN (با تنظیمات پیش‌فرض argparse) چند تا پارامتر داره؟\n",
    "bentrevett-seq2seq-bahdanau-attention-gru":
        "len(SRC.vocab) = 7853 و len(TRG.vocab) = 5893. این مدل چند تا پارامتر داره؟\n",
    "nyu-dlsp20-convnet-functional-n-feature": "model_cnn توی این کد چند تا پارامتر داره؟ get_n_params رو نمی‌تونم اجرا کنم\n",
    "torch-mario-ddqn-deepcopy-frozen-target":
        "این شبکه DDQN ماریو رو از آموزش پایتورچ برداشتم. state چهار فریم 84x84 هست و 2 تا action داریم. "
        "کل پارامترها چندتاست و چندتاش آموزش می‌بینه؟\n",
    "kaggle-lightning-litclassifier-hparams":
        "توی نوت‌بوک کگل این دو تا مدل lightning هست. LitClassifier با hidden_dim پیش‌فرض چند تا پارامتر داره؟\n",
}
base.SCRATCH.update({case_id: [(question, "")] for case_id, question in _QUESTIONS.items()})

# StringLookup needs TensorFlow: its vocabulary with oov_token="" is [""] + characters (31 entries)
_STRING_LOOKUP_ASR = [
    ('char_to_num = keras.layers.StringLookup(vocabulary=characters, oov_token="")',
     'char_to_num = _types.SimpleNamespace(get_vocabulary=lambda: [""] + characters,\n'
     '                                     vocabulary_size=lambda: len(characters) + 1)'),
    ('num_to_char = keras.layers.StringLookup(\n    vocabulary=char_to_num.get_vocabulary(), oov_token="", invert=True\n)',
     "num_to_char = None"),
]
base.SCRATCH.update({
    "akhavan-hoda-gan-combined-frozen-discriminator": [
        *base.SCRATCH["akhavan-hoda-gan-combined-frozen-discriminator"],
        ("X_train = X_train.reshape(60000, 784)", "X_train = X_train.reshape(-1, 784)")],   # 8 stand-in digits
    "akhavan-persian-topics-embedding-gap": [("layers.TextVectorization(", "dict(")],   # needs real TF; not in the model
    "akhavan-deepspeech2-bigru-ctc": _STRING_LOOKUP_ASR,
    "handson2-shakespeare-char-gru-timedistributed": [
        *base.SCRATCH["handson2-shakespeare-char-gru-timedistributed"],
        ("dataset_size = tokenizer.document_count", "dataset_size = 0")],
    # Keras 3 layers have no input_shape; the kernel's first dimension is the same number
    "handson3-tied-autoencoder-dense-transpose": [("shape=self.dense.input_shape[-1],",
                                                  "shape=(self.dense.kernel.shape[0],),")],
    "pytorchgan-cgan-generator-label-embedding": [*base.SCRATCH["pytorchgan-cgan-generator-label-embedding"],
                                                  ("opt = parser.parse_args()", "opt = parser.parse_args([])")],
    "nyu-dlsp20-spiral-linear-sequential": [("for t in range(1000):", "for t in range(1):")],
    # the notebook sets random.seed and np.random.seed to an int, which would break numpy for the cases run after it
    "akhavan-nuclei-unet-lambda-dropout-concatenate": [("random.seed = seed\nnp.random.seed = seed", "pass")],
    # the PyTorch of the notebook let the sinusoids be written into the leaf weight in place; today's PyTorch
    # needs no_grad for it (same parameters, and the weight still ends with requires_grad = False)
    "nyu-dlsp20-transformer-frozen-sinusoidal-positions": [
        ("    E[:, 0::2] = torch.FloatTensor(np.sin(theta[:, 0::2]))\n    E[:, 1::2] = torch.FloatTensor(np.cos(theta[:, 1::2]))",
         "    with torch.no_grad():\n        E[:, 0::2] = torch.FloatTensor(np.sin(theta[:, 0::2]))\n"
         "        E[:, 1::2] = torch.FloatTensor(np.cos(theta[:, 1::2]))")],
})

_SKLEARN_HOUSING = '''import sys as _s, types as _t
def _split(*arrays, **k):
    out = []
    for a in arrays:
        half = len(a) // 2
        out += [a[:half], a[half:]]
    return out
class _Scaler:
    def fit_transform(self, x): return x
    def transform(self, x): return x
for _n, _attrs in (("sklearn", {}), ("sklearn.datasets", {"fetch_california_housing":
        lambda *a, **k: _t.SimpleNamespace(data=np.zeros((20, 8)), target=np.zeros(20))}),
        ("sklearn.model_selection", {"train_test_split": _split}), ("sklearn.preprocessing", {"StandardScaler": _Scaler})):
    _m = _t.ModuleType(_n)
    _m.__path__ = []
    _m.__dict__.update(_attrs)
    _s.modules[_n] = _m
'''
_LIGHTNING = '''import inspect as _inspect
class _LightningModule(nn.Module):
    def save_hyperparameters(self):
        frame = _inspect.currentframe().f_back
        values = _inspect.getargvalues(frame).locals
        self.hparams = _types.SimpleNamespace(**{k: v for k, v in values.items() if k not in ("self", "__class__")})
    def log(self, *a, **k): pass
pl = _types.SimpleNamespace(LightningModule=_LightningModule)
'''
base.PRELUDE.update({
    "akhavan-hoda-gan-combined-frozen-discriminator":
        "_stub_module('dataset', load_hoda=lambda *a, **k: (np.zeros((8, 28, 28), 'uint8'),) * 4)\n",
    # the tabular part: 7 one-hot zip codes + 3 scaled columns (the notebook's "#10")
    "akhavan-houses-mlp-cnn-concatenate": "trainAttrX = np.zeros((8, 10))\n",
    "akhavan-custom-linear-layer-build-sequential": "tf.matmul = keras.ops.matmul\n",
    "akhavan-nuclei-unet-lambda-dropout-concatenate": "".join(
        f"_stub_module('{m}')\n" for m in ("skimage", "skimage.io", "skimage.transform", "tqdm.notebook")),
    "akhavan-deepspeech2-bigru-ctc": "_stub_module('jiwer')\n_stub_module('IPython')\n",
    "handson2-dilated-causal-conv1d-loop": "last_time_step_mse = 'mse'\nX_train = Y_train = X_valid = Y_valid = None\n",
    # the lower-cased Shakespeare text has 39 distinct characters
    "handson2-shakespeare-char-gru-timedistributed": "_TOKENIZER_WORDS = 39\nshakespeare_text = ''\ndataset = None\n",
    "handson2-imdb-embedding-mask-zero-gru": "train_set = None\n",
    "handson2-residual-regressor-block-reused": _SKLEARN_HOUSING,
    "handson3-tied-autoencoder-dense-transpose": (
        "tf.matmul = lambda a, b, transpose_b=False: keras.ops.matmul(a, keras.ops.transpose(b) if transpose_b else b)\n"),
    # Multi30k with min_freq=2: 7853 German and 5893 English tokens (the notebook's 20,518,405 parameters)
    "bentrevett-seq2seq-bahdanau-attention-gru": ("device = torch.device('cpu')\n"   # an earlier cell of the notebook
                                                  "SRC = _types.SimpleNamespace(vocab=[0] * 7853)\n"
                                                  "TRG = _types.SimpleNamespace(vocab=[0] * 5893)\n"),
    "nyu-dlsp20-convnet-functional-n-feature": "train = test = lambda *a, **k: None\n",   # defined in a cell not pasted
    "nyu-dlsp20-spiral-linear-sequential": ("_stub_module('IPython')\n"
                                            "X = torch.zeros(3000, 2)\ny = torch.zeros(3000, dtype=torch.long)\n"),
    "kaggle-lightning-litclassifier-hparams": _LIGHTNING,
    "fumcs-dsci572-conv-block-helpers": (
        "".join(f"_stub_module('{m}')\n" for m in ("utils", "utils.plotting", "plotly", "plotly.io"))
        + "import matplotlib.pyplot as _plt\n_plt.style = _Whatever()\n_plt.rcParams = _Whatever()\n"),
})
base.TARGET.update({
    "akhavan-hoda-gan-combined-frozen-discriminator": "gan",
    "pytorchgan-cgan-generator-label-embedding": "generator",
    "nyu-dlsp20-convnet-functional-n-feature": "model_cnn",
})
base.TRUTH_INPUT.update({
    "akhavan-subclass-mymodel-mnist-reshape": "input 28x28x1",
    "akhavan-persian-topics-embedding-gap": "input 250",          # sequence_length; counts do not depend on it
    "akhavan-ecg-anomaly-conv1d-transpose-subclass": "input 140x1",
    "handson2-residual-regressor-block-reused": "input 8",
    "handson3-tied-autoencoder-dense-transpose": "input 28x28",
    "pytorchgan-cyclegan-resnet-generator-instancenorm": "input 3x128x128",   # fully convolutional: counts do not depend on it
    "pytorchgan-pix2pix-unet-generator-skips": "input 3x256x256",
    "milesial-unet-bilinear-fpad": "input 3x64x64",
    "nyu-dlsp20-convnet-functional-n-feature": "input 1x28x28",
    "nyu-dlsp20-spiral-linear-sequential": "input 2",
    "kaggle-lightning-litclassifier-hparams": "input 1x28x28",
    "fumcs-dsci572-conv-block-helpers": "input 1x128x128",
})
base.NO_FORWARD = base.NO_FORWARD | {   # forwards taking several tensors or strings, returning tuples, or not pasted
    "akhavan-houses-mlp-cnn-concatenate", "handson2-wide-deep-aux-output", "pytorchgan-cgan-generator-label-embedding",
    "bentrevett-seq2seq-bahdanau-attention-gru", "karpathy-ng-video-gpt-char-level",
    "nyu-dlsp20-transformer-frozen-sinusoidal-positions", "torch-mario-ddqn-deepcopy-frozen-target",
    "torch-pruning-tutorial-lenet-global-unstructured", "torch-docs-moduledict-choices-prelu", "spro-char-rnn-lstm-printable"}

_EARLIER = (*eighth._EARLIER, "pasted_code_eighth.jsonl")

if __name__ == "__main__":
    eighth.main(_EARLIER)
