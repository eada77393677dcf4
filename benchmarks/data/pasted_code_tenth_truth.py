"""Re-compute the ground truth of ``pasted_code_tenth.jsonl`` by building every model, and report mismatches.

    python benchmarks/data/pasted_code_tenth_truth.py [--keras-python PY] [--torch-python PY] [--only ID ...]
                                                      [--update] [--render ID] [--json]

``pasted_code_tenth.jsonl`` is a tenth set of 30 real pastes, gathered after the ninth and scored untouched,
from sources no earlier set uses:

* Keras (12): aladdinpersson/Machine-Learning-Collection's TensorFlow tutorials (a subclassed ResNet-like
  model cut at its second block, a custom ``Dense`` defined twice with ``build()``, five Sequentials of
  which the last counts, a two-output functional CNN, a DCGAN of list Sequentials), two Persian courses
  (pooya-mohammadi/AdvancedDeepLearning: ResNet v1-20 built in loops, an AC-GAN whose adversarial model
  freezes the discriminator, a word-level LSTM whose vocabulary comes from a tokenizer;
  DaneshJoy/DeepLearning_Practical: three functional models in one paste, a convolutional denoising
  autoencoder with its training cells), amingolnari/Deep-Learning-Course (a tab-indented Keras 2 GAN,
  discriminator frozen by a helper, built inside ``main()``), jeffheaton/t81_558_deep_learning (a
  time-series transformer of ``MultiHeadAttention`` and ``Conv1D``).
* PyTorch (15): aladdinpersson (DCGAN ``_block`` helpers with ``bias=False``, VGG16-BN from a config loop,
  a bidirectional LSTM script, a pretrained VGG16 frozen with ``requires_grad = False`` and a new
  classifier), rasbt/LLMs-from-scratch (GPT-2 124M config, no weight tying: 163,009,536),
  rasbt/deeplearning-models (a hand-made ``nn.Parameter`` bias, a char GRU sized by ``string.printable``
  with an ``init_hidden`` parameter), k-ghiasi/DeepLearningCourse-1398-Fall (hidden layers that share one
  weight and bias), mamintoosi-cs/pytorch-workshop (an image LSTM), owenmarshall1/Song-Genre-Classification
  (Conv1d audio CNN), MohammadDehghan/page (a Persian blog's ``nn.ModuleDict`` post: a decoder fed the wrong
  sizes, an unused last layer), udacity/deep-learning-v2-pytorch (a sentiment LSTM sized by data, an
  ``OrderedDict`` ``nn.Sequential``, a ``ConvTranspose2d`` autoencoder).
* ``print(model)`` (3): udacity's char-RNN and DCGAN discriminator, aladdinpersson's CycleGAN discriminator
  (``InstanceNorm2d`` without affine parameters), generated here with torch 2.13 from the code in ``PRINTS``.

Several pastes are messy notebook cells (magics, data loading, training loops, plots) and many carry a
question in Persian before the code, as students write them.  Each ``origin`` names the repository, path,
commit and the cells or lines taken.  Ground truth is the framework's own count of the model the paste (or
its question) names: Keras 3 ``count_params()`` with the ``trainable_weights`` / ``non_trainable_weights``
split (BatchNormalization statistics non-trainable); PyTorch ``sum(p.numel() for p in model.parameters())``
(shared Parameters once) with ``requires_grad`` deciding trainable.

How it runs.  Every case is executed in its own child process: the Keras cases with Keras 3 on the torch
backend (``--keras-python``, default ``/tmp/kv/bin/python``, or ``$KERAS_PYTHON``; make one with
``python3 -m venv /tmp/kv && /tmp/kv/bin/pip install keras torch``), the PyTorch cases with the project's
``.venv/bin/python`` (``--torch-python``, or ``$TORCH_PYTHON``).  An interpreter that is missing or cannot
import its framework makes its cases *skipped* (reported, exit status 0 if nothing else is wrong).  The
child strips the question (``QUESTIONS``), IPython ``%``/``!`` lines, applies ``SUBS`` (Keras 3 spellings:
``learning_rate=`` for ``lr=``, no ``ImageDataGenerator`` / ``Tokenizer`` import; hooks that hand over a
model built inside a function), runs ``PRELUDE`` (stand-ins for what cells not pasted or data provide), the
code up to ``CUT`` (training loops are not run), ``POST`` (build a subclassed model on its input), then
counts ``TARGET`` (default ``model``).  When a package is missing the child installs stand-ins:
``tensorflow`` is mapped onto Keras 3 (``tf.keras``, ``tf.nn.relu``, ``tf.matmul``, ``tf.config``), dataset
downloads return zeros, ``plot_model`` does nothing, ``torchvision`` (broken in the project's venv) gets a
stub whose ``models.vgg16`` rebuilds torchvision's VGG16 layer for layer (asserted at 138,357,544
parameters), and matplotlib/tqdm/pandas/torchtext/unidecode become inert modules.  The ``print(model)``
cases rebuild the model from ``PRINTS`` and also assert that ``str(model)`` equals the pasted text.  Where
``TRUTH_INPUT`` or a Keras output shape allows, ``out_shape`` is checked too.  Before comparing it refuses
ids used by the earlier sets, origins from sources the earlier sets used, and code of 4,000 characters or
more.

``--update`` writes the computed numbers into the jsonl (``pytorch_total`` = the total for PyTorch cases);
``--render ID`` prints the ``print(model)`` text of a print case (how those cases were made).  Exit status 1
on any mismatch or error.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from paste_truth import load, paste_builtins, usable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_CASES = HERE / "pasted_code_tenth.jsonl"
LIMIT = 4000

# sources the earlier sets drew on: none of them may appear in an origin here
USED_SOURCES = (
    "kuangliu/pytorch-cifar", "fchollet/deep-learning-with-python", "keras.io", "keras-team/keras-io", "d2l",
    "tensorflow.org", "tensorflow/docs", "pytorch/examples", "keras-team/keras ", "pytorch/tutorials",
    "pytorch.org", "yunjey/pytorch-tutorial", "Alireza-Akhavan", "MorvanZhou", "ageron/handson-ml",
    "eriklindernoren/PyTorch-GAN", "Atcold/NYU-DLSP20", "bentrevett", "milesial", "karpathy/ng-video-lecture",
    "facebookresearch/ConvNeXt", "spro/char-rnn", "torchvision.models", "fum-cs/deep-learning ",
    "tztechno/tz_kaggle", "semantic_segmentation_unet",
)

QUESTIONS = {
    "pooya-resnet-v1-20-loop-add-shortcut":
        "سلام، این resnet_v1_20 کلاس رو اجرا کردم، تعداد پارامترهاش (trainable و non-trainable) چقدر میشه؟",
    "pooya-acgan-adversarial-frozen-discriminator":
        "مدل adversarial (همون adv که توی build_and_train ساخته میشه) چند تا پارامتر داره؟ چند تاش trainable هست؟",
    "pooya-word-level-embedding-lstm-vocab-from-tokenizer":
        "vocab size برام 7410 چاپ شد. این مدل زبانی (Embedding + دو تا LSTM) چند تا پارامتر داره؟",
    "daneshjoy-functional-api-three-models-ask-model3":
        "تو این کد سه تا مدل ساختم. model3 (همون که دو تا شاخه داره و concatenate میشه) چند تا پارامتر داره؟",
    "daneshjoy-conv-denoising-autoencoder-messy":
        "بچه‌ها این autoencoder_cnn من چند تا پارامتر داره؟ میخوام تو گزارش بنویسم",
    "golnari-gan-sequential-frozen-discriminator":
        "سلام. gan توی تابع main چند تا پارامتر داره و چند تاش trainable هست؟ (discriminator رو با Trainable فریز کردم)",
    "aladdin-tf-dcgan-sequential-generator": "generator این DCGAN چند تا پارامتر داره؟",
    "aladdin-dcgan-generator-block-helper": "ژنراتور (gen) با این هایپرپارامترها چند تا پارامتر داره؟",
    "aladdin-vgg16-pretrained-frozen-new-classifier":
        "سلام، vgg16 رو با pretrained=True لود کردم و همه پارامترهاش رو فریز کردم، بعد classifier رو عوض کردم. "
        "الان کل مدل چند تا پارامتر داره و چند تاش trainable ـه؟",
    "rasbt-llms-gpt2-124m-config-no-weight-tying":
        "طبق کتاب Build a LLM from scratch مدل GPT-2 small رو ساختم، الان واقعا ۱۲۴ میلیون پارامتر داره؟ تعداد دقیقش چنده؟",
    "kghiasi-mlff-shared-hidden-weights-messy":
        "استاد گفت وزن‌های لایه‌های مخفی رو share کنیم. الان net چند تا پارامتر یادگرفتنی داره؟ "
        "print(net) پنج تا Linear(100,100) نشون میده ولی مطمئن نیستم همشون جدا حساب میشن",
    "mamintoosi-image-lstm-three-layers": "این ImageLSTM با این تنظیمات (num_layers=3, hidden_size=10) چند تا پارامتر داره؟",
    "owen-audio-cnn-conv1d-batchnorm-default-classes": "مدل AudioCNN با num_classes پیش‌فرض چند پارامتر داره؟",
    "print-udacity-charrnn-lstm-83-chars": "این خروجی print(net) مدل char-rnn منه، چند تا پارامتر داره؟",
    "print-aladdin-cyclegan-discriminator-instancenorm": "print(model) دیسکریمینیتور CycleGAN من اینه. تعداد پارامترهاش؟",
}

SUBS = {
    # Keras 3: an InputLayer's .input is empty, its .output is the Input tensor that Keras 2 returned
    "aladdin-tf-resnet-like-truncated-at-block2": [
        ("base_input = model.layers[0].input", "base_input = model.layers[0].output")],
    "aladdin-tf-rnn-five-sequentials-last-bidirectional": [("Adam(lr=0.001)", "Adam(learning_rate=0.001)")],
    "pooya-resnet-v1-20-loop-add-shortcut": [
        ("from keras.preprocessing.image import ImageDataGenerator\n", "")],
    "pooya-acgan-adversarial-frozen-discriminator": [
        ("RMSprop(lr=dis_lr, decay=dis_decay)", "RMSprop(learning_rate=dis_lr)"),
        ("RMSprop(lr=adv_lr, decay=adv_decay)", "RMSprop(learning_rate=adv_lr)")],
    "pooya-word-level-embedding-lstm-vocab-from-tokenizer": [
        ("from keras.preprocessing.text import Tokenizer\n", ""),
        ("from keras.preprocessing.sequence import pad_sequences\n", "")],
    "golnari-gan-sequential-frozen-discriminator": [
        ("lr = .0001", "learning_rate = .0001"),
        ("\tgan.summary()\n", "\tgan.summary()\n\tglobal GAN\n\tGAN = gan\n")],
}

PRELUDE = {
    "pooya-resnet-v1-20-loop-add-shortcut": "import numpy as np\nx_train = np.zeros((50000, 32, 32, 3))\n",
    # cell 11 (train) is not pasted: build_and_train() hands its models to this stand-in
    "pooya-acgan-adversarial-frozen-discriminator":
        "CAPTURED = []\ndef train(models):\n    CAPTURED.extend(models)\n",
    "pooya-word-level-embedding-lstm-vocab-from-tokenizer":
        "import numpy as np\nclass _Tok:\n    word_index = {str(i): i for i in range(1, 7410)}\n"
        "tokenizer = _Tok()\nsequences = np.zeros((10, 51), dtype=int)\n",
    "daneshjoy-conv-denoising-autoencoder-messy":
        "import numpy as np\nimport keras\nx_train = np.zeros((10, 28, 28))\nx_test = np.zeros((10, 28, 28))\n"
        "x_train_noisy = np.zeros((10, 28, 28))\nx_test_noisy = np.zeros((10, 28, 28))\n"
        "x_train_normalized = np.zeros((10, 28, 28))\n",
    "heaton-transformer-timeseries-mha-conv1d": "import numpy as np\nx_train = np.zeros((100, 10, 1))\n",
    "golnari-gan-sequential-frozen-discriminator": "def ShowImages(*a, **k):\n    pass\n",
    "mamintoosi-image-lstm-three-layers":
        "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\ndevice = torch.device('cpu')\n",
    "dehghan-moduledict-final-mismatched-decoder": "import torch.nn as nn\n",
    "udacity-sentiment-lstm-vocab-from-data":
        "import torch\ntrain_on_gpu = False\nvocab_to_int = {str(i): i for i in range(1, 74073)}\n",
    "udacity-sequential-ordereddict-hidden-sizes":
        "import torch\nfrom torch import nn\nclass _H:\n    def view_classify(self, *a, **k):\n        pass\n"
        "helper = _H()\ntrainloader = [(torch.zeros(64, 1, 28, 28), torch.zeros(64))]\n",
}

CUT = {  # run only what comes before the first line starting with this
    "aladdin-tf-resnet-like-truncated-at-block2": "model.compile(",
    "aladdin-tf-custom-dense-defined-twice-build": "model.compile(",
    "aladdin-tf-rnn-five-sequentials-last-bidirectional": "print(model.summary())",
    "daneshjoy-conv-denoising-autoencoder-messy": "history_cnn = ",
    "heaton-transformer-timeseries-mha-conv1d": "callbacks = ",
    "aladdin-tf-dcgan-sequential-generator": "opt_gen = ",
    "aladdin-bidirectional-lstm-mnist-script": "# Loss and optimizer",
    "aladdin-vgg16-pretrained-frozen-new-classifier": "# Load Data",
    "kghiasi-mlff-shared-hidden-weights-messy": "num_epochs = 2",
    "mamintoosi-image-lstm-three-layers": "lstm_model = lstm_model.to(device)",
}

POST = {
    "aladdin-tf-custom-dense-defined-twice-build": "import numpy as np\nmodel(np.zeros((1, 784), dtype='float32'))\n",
}

TARGET = {
    "pooya-acgan-adversarial-frozen-discriminator": "CAPTURED[2]",
    "daneshjoy-functional-api-three-models-ask-model3": "model3",
    "daneshjoy-conv-denoising-autoencoder-messy": "autoencoder_cnn",
    "golnari-gan-sequential-frozen-discriminator": "GAN",
    "aladdin-tf-dcgan-sequential-generator": "generator",
    "aladdin-dcgan-generator-block-helper": "gen",
    "kghiasi-mlff-shared-hidden-weights-messy": "net",
    "mamintoosi-image-lstm-three-layers": "lstm_model",
    "owen-audio-cnn-conv1d-batchnorm-default-classes": "AudioCNN()",
    "udacity-sentiment-lstm-vocab-from-data": "net",
}

# PyTorch cases whose out_shape is checked with one forward pass (batch of 1; first element of a tuple)
TRUTH_INPUT = {
    "aladdin-dcgan-generator-block-helper": (1, 100, 1, 1),
    "aladdin-vgg16-bn-config-loop": (1, 3, 224, 224),
    "aladdin-bidirectional-lstm-mnist-script": (1, 28, 28),
    "aladdin-vgg16-pretrained-frozen-new-classifier": (1, 3, 32, 32),
    "rasbt-cnn-weight-sharing-manual-bias-parameter": (1, 1, 28, 28),
    "kghiasi-mlff-shared-hidden-weights-messy": (1, 784),
    "mamintoosi-image-lstm-three-layers": (1, 1, 32, 32),
    "owen-audio-cnn-conv1d-batchnorm-default-classes": (1, 1, 64000),
    "udacity-sequential-ordereddict-hidden-sizes": (1, 784),
    "udacity-conv-autoencoder-transpose": (1, 1, 28, 28),
}

# the real code behind each print(model) case: it must rebuild `model` whose str() is the pasted text
PRINTS = {
    # udacity/deep-learning-v2-pytorch recurrent-neural-networks/char-rnn/Character_Level_RNN_Solution.ipynb,
    # code cells 11 and 13; anna.txt has 83 distinct characters
    "print-udacity-charrnn-lstm-83-chars": '''
import torch
from torch import nn
train_on_gpu = False
class CharRNN(nn.Module):

    def __init__(self, tokens, n_hidden=256, n_layers=2,
                               drop_prob=0.5, lr=0.001):
        super().__init__()
        self.drop_prob = drop_prob
        self.n_layers = n_layers
        self.n_hidden = n_hidden
        self.lr = lr

        # creating character dictionaries
        self.chars = tokens
        self.int2char = dict(enumerate(self.chars))
        self.char2int = {ch: ii for ii, ch in self.int2char.items()}

        ## TODO: define the LSTM
        self.lstm = nn.LSTM(len(self.chars), n_hidden, n_layers,
                            dropout=drop_prob, batch_first=True)

        ## TODO: define a dropout layer
        self.dropout = nn.Dropout(drop_prob)

        ## TODO: define the final, fully-connected output layer
        self.fc = nn.Linear(n_hidden, len(self.chars))

chars = tuple(chr(c) for c in range(40, 40 + 83))
n_hidden=512
n_layers=2

model = CharRNN(chars, n_hidden, n_layers)
''',
    # udacity/deep-learning-v2-pytorch dcgan-svhn/DCGAN_Solution.ipynb, code cells 6, 7 and 10
    "print-udacity-dcgan-discriminator-conv-helper": '''
import torch.nn as nn
def conv(in_channels, out_channels, kernel_size, stride=2, padding=1, batch_norm=True):
    layers = []
    conv_layer = nn.Conv2d(in_channels, out_channels,
                           kernel_size, stride, padding, bias=False)
    layers.append(conv_layer)
    if batch_norm:
        layers.append(nn.BatchNorm2d(out_channels))
    return nn.Sequential(*layers)

class Discriminator(nn.Module):
    def __init__(self, conv_dim=32):
        super(Discriminator, self).__init__()
        self.conv_dim = conv_dim
        self.conv1 = conv(3, conv_dim, 4, batch_norm=False)
        self.conv2 = conv(conv_dim, conv_dim*2, 4)
        self.conv3 = conv(conv_dim*2, conv_dim*4, 4)
        self.fc = nn.Linear(conv_dim*4*4*4, 1)

conv_dim = 32
model = Discriminator(conv_dim)
''',
    # aladdinpersson/Machine-Learning-Collection ML/Pytorch/GANs/CycleGAN/discriminator_model.py (commit 2a397b1)
    "print-aladdin-cyclegan-discriminator-instancenorm": '''
import torch
import torch.nn as nn

class Block(nn.Module):
    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, 4, stride, 1, bias=True, padding_mode="reflect"),
            nn.InstanceNorm2d(out_channels),
            nn.LeakyReLU(0.2, inplace=True),
        )

class Discriminator(nn.Module):
    def __init__(self, in_channels=3, features=[64, 128, 256, 512]):
        super().__init__()
        self.initial = nn.Sequential(
            nn.Conv2d(
                in_channels,
                features[0],
                kernel_size=4,
                stride=2,
                padding=1,
                padding_mode="reflect",
            ),
            nn.LeakyReLU(0.2, inplace=True),
        )

        layers = []
        in_channels = features[0]
        for feature in features[1:]:
            layers.append(Block(in_channels, feature, stride=1 if feature==features[-1] else 2))
            in_channels = feature
        layers.append(nn.Conv2d(in_channels, 1, kernel_size=4, stride=1, padding=1, padding_mode="reflect"))
        self.model = nn.Sequential(*layers)

model = Discriminator(in_channels=3)
''',
}


# --------------------------------------------------------------------------------------------------------
# child side: one case, one process
# --------------------------------------------------------------------------------------------------------

def _inert_module(name: str):
    import types

    class _Inert:
        def __init__(self, *a, **k):
            pass

        def __call__(self, *a, **k):
            return _Inert()

        def __getattr__(self, item):
            return _Inert()

        def __iter__(self):
            return iter(())

    def attr(item):
        if item.startswith("__"):
            raise AttributeError(item)
        return _Inert()

    mod = types.ModuleType(name)
    mod.__getattr__ = attr
    mod.__path__ = []
    return mod


def _stub_missing(names) -> None:
    import importlib
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:
            sys.modules[name] = _inert_module(name)


def _keras_shims() -> None:
    import types

    import keras
    import numpy as np

    def fake_load(shape_train, shape_test):
        def load_data(*a, **k):
            return ((np.zeros(shape_train, dtype="uint8"), np.zeros(shape_train[0], dtype="uint8")),
                    (np.zeros(shape_test, dtype="uint8"), np.zeros(shape_test[0], dtype="uint8")))
        return load_data

    keras.datasets.mnist.load_data = fake_load((60000, 28, 28), (10000, 28, 28))
    keras.datasets.cifar10.load_data = fake_load((50000, 32, 32, 3), (10000, 32, 32, 3))
    keras.utils.plot_model = lambda *a, **k: None

    class _Data:
        def map(self, *a, **k):
            return self
    keras.preprocessing.image_dataset_from_directory = lambda *a, **k: _Data()

    try:
        import tensorflow  # noqa: F401
        return None
    except Exception:
        tf = types.ModuleType("tensorflow")
        tf.keras = keras
        tf.nn = types.SimpleNamespace(relu=keras.ops.relu, softmax=keras.ops.softmax)
        tf.math = types.SimpleNamespace(maximum=keras.ops.maximum)
        tf.matmul = keras.ops.matmul
        tf.config = types.SimpleNamespace(
            list_physical_devices=lambda *a: [None],
            experimental=types.SimpleNamespace(set_memory_growth=lambda *a: None))
        mapping = {"tensorflow": tf, "tensorflow.keras": keras}
        for sub in ("layers", "models", "datasets", "utils", "regularizers", "optimizers", "callbacks",
                    "initializers", "losses", "activations"):
            mapping["tensorflow.keras." + sub] = getattr(keras, sub)
        return mapping



def _torchvision_stub():
    import types

    import torch
    import torch.nn as nn

    tv = types.ModuleType("torchvision")

    class _OneSample(list):
        def __init__(self, *a, **k):
            super().__init__([(torch.zeros(1, 28, 28), 0)])
            self.train = k.get("train", True)

    datasets = types.ModuleType("torchvision.datasets")
    def dataset(item):
        if item.startswith("__"):
            raise AttributeError(item)
        return _OneSample

    datasets.__getattr__ = dataset
    transforms = _inert_module("torchvision.transforms")

    def vgg16(*a, **k):  # torchvision.models.vgg16, layer for layer
        cfg = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
        layers, c = [], 3
        for v in cfg:
            if v == "M":
                layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
            else:
                layers += [nn.Conv2d(c, v, kernel_size=3, padding=1), nn.ReLU(inplace=True)]
                c = v

        class VGG(nn.Module):
            def __init__(self):
                super().__init__()
                self.features = nn.Sequential(*layers)
                self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
                self.classifier = nn.Sequential(
                    nn.Linear(512 * 7 * 7, 4096), nn.ReLU(True), nn.Dropout(p=0.5),
                    nn.Linear(4096, 4096), nn.ReLU(True), nn.Dropout(p=0.5), nn.Linear(4096, 1000))

            def forward(self, x):
                x = self.features(x)
                x = self.avgpool(x)
                x = torch.flatten(x, 1)
                return self.classifier(x)

        net = VGG()
        assert sum(p.numel() for p in net.parameters()) == 138357544
        return net

    models = types.ModuleType("torchvision.models")
    models.vgg16 = vgg16
    tv.datasets, tv.transforms, tv.models = datasets, transforms, models
    tv.utils = _inert_module("torchvision.utils")
    sys.modules.update({"torchvision": tv, "torchvision.datasets": datasets,
                        "torchvision.transforms": transforms, "torchvision.models": models,
                        "torchvision.utils": tv.utils})


def _torch_shims() -> None:
    try:
        import torchvision  # noqa: F401
    except Exception:
        for name in [n for n in sys.modules if n == "torchvision" or n.startswith("torchvision.")]:
            del sys.modules[name]
        _torchvision_stub()
    _stub_missing(["matplotlib", "matplotlib.pyplot", "tqdm", "torchtext", "unidecode", "scipy", "scipy.io"])


def scratch_code(case: dict) -> str:
    code = case["code"]
    q = QUESTIONS.get(case["id"])
    if q is not None:
        assert code.startswith(q + "\n\n"), f"{case['id']}: the question is not where QUESTIONS says"
        code = code[len(q) + 2:]
    code = "\n".join(line for line in code.split("\n") if not line.lstrip().startswith(("%", "!")))
    for old, new in SUBS.get(case["id"], []):
        assert old in code, f"{case['id']}: SUBS text not found: {old!r}"
        code = code.replace(old, new)
    marker = CUT.get(case["id"])
    if marker is not None:
        lines = code.split("\n")
        cut = next(i for i, line in enumerate(lines) if line.startswith(marker))
        code = "\n".join(lines[:cut]) + "\n"
    return code


def child(case: dict) -> dict:
    fw = case["framework"]
    mapping = None
    if fw == "keras":
        os.environ.setdefault("KERAS_BACKEND", "torch")
        mapping = _keras_shims()
        _stub_missing(["matplotlib", "matplotlib.pyplot", "tqdm", "pandas", "sklearn"])
    else:
        _torch_shims()
    ns = {"__name__": "__main__", "__builtins__": paste_builtins(mapping)}
    if case["kind"] == "torch-print":
        exec(compile(PRINTS[case["id"]], "<print-source>", "exec"), ns)
        model = ns["model"]
        text = case["code"]
        q = QUESTIONS.get(case["id"])
        if q is not None:
            text = text[len(q) + 2:]
        rendered = str(model)
        out = {"printed_matches": rendered.strip() == text.strip(), "rendered": rendered}
    else:
        exec(compile(PRELUDE.get(case["id"], ""), "<prelude>", "exec"), ns)
        exec(compile(scratch_code(case), "<paste>", "exec"), ns)
        if case["id"] in POST:
            exec(compile(POST[case["id"]], "<post>", "exec"), ns)
        model = eval(TARGET.get(case["id"], "model"), ns)
        out = {}
    if fw == "keras":
        import numpy as np
        size = lambda ws: int(sum(int(np.prod(w.shape)) for w in ws))  # noqa: E731
        out.update(total=int(model.count_params()), trainable=size(model.trainable_weights),
                   non_trainable=size(model.non_trainable_weights))
        try:
            shape = model.output_shape
            out["out_shape"] = list(shape[1:]) if isinstance(shape, tuple) else None
        except Exception:
            out["out_shape"] = None
    else:
        import torch
        params = list(model.parameters())
        total = sum(p.numel() for p in params)
        trainable = sum(p.numel() for p in params if p.requires_grad)
        out.update(total=int(total), trainable=int(trainable), non_trainable=int(total - trainable))
        if case["id"] in TRUTH_INPUT:
            model.eval()
            with torch.no_grad():
                y = model(torch.randn(*TRUTH_INPUT[case["id"]]))
            if isinstance(y, (tuple, list)):
                y = y[0]
            out["out_shape"] = list(y.shape[1:])
    assert out["total"] == out["trainable"] + out["non_trainable"]
    return out


# --------------------------------------------------------------------------------------------------------
# parent side
# --------------------------------------------------------------------------------------------------------


def run_case(python: str, case: dict) -> dict:
    env = dict(os.environ, KERAS_BACKEND="torch", TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([python, __file__, "--child"], input=json.dumps(case), capture_output=True,
                          text=True, env=env, timeout=900)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("@@RESULT@@")]
    if proc.returncode != 0 or not lines:
        return {"error": (proc.stderr or proc.stdout)[-3000:]}
    return json.loads(lines[-1][len("@@RESULT@@"):])


def sanity(cases: list[dict], path: Path) -> list[str]:
    problems = []
    earlier_ids = set()
    for other in HERE.glob("pasted_code*.jsonl"):
        if other.resolve() != path.resolve():
            earlier_ids |= {c.get("id") for c in load(other)}
    for c in cases:
        if c["id"] in earlier_ids:
            problems.append(f"{c['id']}: id used by an earlier set")
        if any(s in c["origin"] + " " for s in USED_SOURCES):
            problems.append(f"{c['id']}: origin from a source an earlier set used")
        if len(c["code"]) >= LIMIT:
            problems.append(f"{c['id']}: code of {len(c['code'])} characters")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    ap.add_argument("--keras-python", default=os.environ.get("KERAS_PYTHON", "/tmp/kv/bin/python"))
    ap.add_argument("--torch-python", default=os.environ.get("TORCH_PYTHON", str(ROOT / ".venv" / "bin" / "python")))
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--render")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        result = child(json.loads(sys.stdin.read()))
        print("@@RESULT@@" + json.dumps(result))
        return 0

    cases = load(args.cases)
    if args.render:
        case = next(c for c in cases if c["id"] == args.render)
        q = QUESTIONS.get(case["id"])
        got = run_case(args.torch_python, dict(case, code=(q + "\n\n" if q else "")))
        print(got.get("rendered", got))
        return 0

    problems = sanity(cases, args.cases)
    pythons = {"keras": args.keras_python, "pytorch": args.torch_python}
    ok = {"keras": usable(args.keras_python, "keras"), "pytorch": usable(args.torch_python, "torch")}
    rows, skipped = [], []
    for case in cases:
        if args.only and case["id"] not in args.only:
            continue
        fw = case["framework"]
        if not ok[fw]:
            skipped.append(case["id"])
            continue
        got = run_case(pythons[fw], case)
        row = {"id": case["id"], "kind": case["kind"]}
        if "error" in got:
            row["error"] = got["error"]
        else:
            row.update({k: got[k] for k in ("total", "trainable", "non_trainable")})
            if case["kind"] == "torch-print" and not got.get("printed_matches"):
                row["error"] = "str(model) differs from the pasted print:\n" + got.get("rendered", "")
            if case.get("out_shape") is not None and got.get("out_shape") is not None \
                    and got["out_shape"] != case["out_shape"]:
                row["error"] = f"out_shape {got['out_shape']} != {case['out_shape']}"
            if args.update:
                case.update(total=got["total"], trainable=got["trainable"], non_trainable=got["non_trainable"],
                            pytorch_total=got["total"] if fw == "pytorch" else None)
            mine = (case["total"], case["trainable"], case["non_trainable"])
            if mine != (got["total"], got["trainable"], got["non_trainable"]):
                row["mismatch"] = {"jsonl": mine, "framework": (got["total"], got["trainable"], got["non_trainable"])}
            if fw == "pytorch" and case.get("pytorch_total") != got["total"]:
                row.setdefault("mismatch", {})["pytorch_total"] = case.get("pytorch_total")
        rows.append(row)

    if args.update:
        args.cases.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), "utf-8")

    bad = [r for r in rows if "error" in r or "mismatch" in r]
    if args.json:
        print(json.dumps({"rows": rows, "skipped": skipped, "problems": problems}, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            state = "ERROR" if "error" in r else ("MISMATCH" if "mismatch" in r else "ok")
            print(f"{state:8} {r['id']:58} {r.get('total')!s:>11} {r.get('trainable')!s:>11} "
                  f"{r.get('non_trainable')!s:>9}")
            if "error" in r:
                print("   " + r["error"].strip().replace("\n", "\n   "))
            if "mismatch" in r:
                print(f"   {r['mismatch']}")
        for p in problems:
            print("PROBLEM  " + p)
        if skipped:
            print(f"skipped {len(skipped)} cases (no usable interpreter): {', '.join(skipped)}")
        print(f"{len(rows) - len(bad)}/{len(rows)} agree with the framework")
    return 1 if bad or problems else 0


if __name__ == "__main__":
    sys.exit(main())
