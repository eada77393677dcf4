"""Re-compute the ground truth of ``pasted_code_eleventh.jsonl`` by building every model, and report mismatches.

    python benchmarks/data/pasted_code_eleventh_truth.py [--keras-python PY] [--torch-python PY] [--only ID ...]
                                                        [--update] [--render ID] [--json]

``pasted_code_eleventh.jsonl`` is an eleventh set of 30 real pastes, gathered after the tenth and scored
untouched, from sources no earlier set uses:

* Keras (11): dragen1860/TensorFlow-2.x-Tutorials (an Inception of nested ``keras.Model`` blocks in a dynamic
  ``Sequential``, a ResNet built in ``main()`` with ``model.build``, a subclassed DCGAN generator sized only by
  its call), aamini/introtodeeplearning (MIT 6.S191: a custom layer with ``build()`` and a ``[1, n]`` bias, a
  stateful music LSTM whose vocabulary comes from the data), PacktPublishing/Deep-Learning-with-Keras (a
  two-input two-output functional model, a tab-indented channels-first LeNet class, a Python 2 sentiment LSTM
  sized by a corpus), Hvass-Labs/TensorFlow-Tutorials (a Sequential sized by a ``mnist`` helper module, a
  translation model whose decoder layers are shared by three models), zhixuhao/unet (the Keras 2 U-Net with
  ``Model(input=, output=)``).
* PyTorch (16): graykode/nlp-tutorial (TextCNN with a hand-made bias ``nn.Parameter``, the NNLM of raw
  parameters, both sized by a word list), hunkim/PyTorchZeroToAll (a toy Inception with four branches),
  openai/CLIP (the ViT-B/32 image tower: ``nn.MultiheadAttention``, ``nn.Parameter`` embeddings and projection),
  lucidrains/vit-pytorch (SimpleViT with einops and a sin-cos position table that is no parameter),
  MRTahasaadat/Deep-learning (a Persian bilingual course: ``nn.Transformer`` with the default six decoder
  layers inside a CNN, a character GRU sized by its corpus, a tiny DDPM U-Net), jadore801120's
  attention-is-all-you-need (``MultiHeadAttention`` without biases), omerbsezer/Fast-Pytorch (a frozen
  ``resnet18`` with a new ``fc``; a 2-space-indented MNIST CNN), alessiaianes/NLU-exam (an LSTM language model
  with tied embedding and output weights), L1aoXingyu/pytorch-beginner (a POS tagger with a character LSTM
  inside), snrazavi/Deep_Learning_in_Python_2018 (Tiny YOLO as an ``OrderedDict`` ``nn.Sequential``),
  huggingface/course (the sketch-recognition ``nn.Sequential`` sized by a label file), AINT-TV/pytorch (a
  Persian YouTube course: one ``Linear`` sized by a config dict).
* ``print(model)`` (3): L1aoXingyu's convolutional GAN generator (``BatchNorm2d`` on one channel),
  hunkim's bidirectional GRU name classifier (18 countries), karpathy/minGPT's ``gpt-nano`` of the sort demo
  (``nn.ModuleDict``, repeated blocks folded by torch), generated here with torch 2.13 from the code in
  ``PRINTS``.

Several pastes are messy notebook cells (magics, data loading, training loops, plots) and many carry a
question in Persian before the code, as students write them.  Each ``origin`` names the repository, path,
commit and the cells or lines taken.  Ground truth is the framework's own count of the model the paste (or
its question) names: Keras 3 ``count_params()`` with the ``trainable_weights`` / ``non_trainable_weights``
split (BatchNormalization statistics non-trainable); PyTorch ``sum(p.numel() for p in model.parameters())``
(shared Parameters once) with ``requires_grad`` deciding trainable.

How to run.  ``cd /work/main && python benchmarks/data/pasted_code_eleventh_truth.py`` (any Python 3 will
do for the parent).  Every case is executed in its own child process, in a fresh temporary directory: the
Keras cases with Keras 3 on the torch backend (``--keras-python``, default ``/tmp/kv/bin/python``, or
``$KERAS_PYTHON``; make one with ``python3 -m venv /tmp/kv && /tmp/kv/bin/pip install keras torch``), the
PyTorch cases with the project's ``.venv/bin/python`` (``--torch-python``, or ``$TORCH_PYTHON``).  An
interpreter that is missing or cannot import its framework makes its cases *skipped* (reported, exit status 0
if nothing else is wrong), so without Keras only the PyTorch cases are checked.  The child strips the
question (``QUESTIONS``), IPython ``%``/``!`` lines, applies ``SUBS`` (Keras 3 spellings: ``learning_rate=``
for ``lr=``, ``inputs=``/``outputs=`` for ``input=``/``output=``, no ``Tokenizer`` import, no
``batch_input_shape``; hooks that hand over a model built inside a function), drops the data-reading
stretches named in ``SKIP``, runs ``PRELUDE`` (stand-ins for what cells not pasted or data provide), the code
up to ``CUT`` (training loops are not run), ``POST`` (build a model on its input), then counts ``TARGET``
(default ``model``).  When a package is missing the child installs stand-ins: ``tensorflow`` is mapped onto
Keras 3 (``tf.keras``, ``tf.nn``, ``tf.concat``, ``tf.reshape``, ``tf.matmul``, ``tf.constant``, ...), the
Keras 2 module paths ``keras.layers.core`` / ``.convolutional`` / ``.recurrent`` / ``.embeddings`` lead to
``keras.layers``, dataset downloads return zeros, ``einops`` gets a parameter-free ``Rearrange``,
``torchvision`` (broken in the project's venv) gets a stub whose ``models.resnet18`` rebuilds torchvision's
ResNet-18 layer for layer (asserted at 11,689,512 parameters), and matplotlib, tqdm, pandas, sklearn, spacy,
nltk, gradio, skimage, comet_ml, mitdeeplearning and onnxruntime become inert modules.  The ``print(model)``
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
import tempfile
from pathlib import Path

from paste_truth import drop_lines, load, paste_builtins, usable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_CASES = HERE / "pasted_code_eleventh.jsonl"
LIMIT = 4000

# sources the earlier sets drew on: none of them may appear in an origin here
USED_SOURCES = (
    "kuangliu/pytorch-cifar", "fchollet/deep-learning-with-python", "keras.io", "keras-team/keras-io", "d2l",
    "tensorflow.org", "tensorflow/docs", "pytorch/examples", "keras-team/keras ", "pytorch/tutorials",
    "pytorch.org", "yunjey/pytorch-tutorial", "Alireza-Akhavan", "MorvanZhou", "ageron/handson-ml",
    "eriklindernoren/PyTorch-GAN", "Atcold/NYU-DLSP20", "bentrevett", "milesial", "karpathy/ng-video-lecture",
    "facebookresearch/ConvNeXt", "spro/char-rnn", "torchvision.models", "fum-cs/deep-learning ",
    "tztechno/tz_kaggle", "semantic_segmentation_unet", "aladdinpersson", "rasbt/", "udacity/",
    "jeffheaton", "amingolnari", "owenmarshall1", "pooya-mohammadi", "DaneshJoy", "k-ghiasi",
    "mamintoosi-cs", "MohammadDehghan",
)

QUESTIONS = {
    "aamini-custom-dense-layer-build-row-bias": "این لایه بعد از layer.build((1,2)) چند تا پارامتر داره؟",
    "aamini-music-lstm-stateful-vocab-83-messy":
        "vocab برای دیتاست آهنگ‌ها 83 تا کاراکتر شد. مدلی که build_model می‌سازه (embedding_dim=256, "
        "rnn_units=1024) چند پارامتر داره؟",
    "dragen-dcgan-generator-subclass-z100": "Generator این DCGAN (ورودی z صدتایی) چند تا پارامتر داره؟",
    "packt-umich-sentiment-lstm-python2-vocab":
        "این کد کتاب Deep Learning with Keras (فصل ۶) هست. مدل LSTM چند تا پارامتر داره؟",
    "hvass-keras-api-sequential-mnist-helper-messy":
        "سلام این کد Keras API از آموزش Hvass هست. مدل Sequential اول چند تا پارامتر داره؟",
    "hvass-nmt-shared-gru-layers-model-decoder-messy":
        "سلام. توی این نوت‌بوک ترجمه سه تا مدل ساخته میشه. model_decoder چند تا پارامتر داره؟",
    "clip-visual-transformer-vit-b32":
        "سلام، VisionTransformer رو از کد CLIP برداشتم و با تنظیمات ViT-B/32 ساختم (خط آخر). visual چند تا "
        "پارامتر داره؟",
    "taha-hybrid-cnn-nn-transformer-default-decoder":
        "این دو تا سلول از نوت‌بوکمه. HybridModel (مدل آخر) چند تا پارامتر داره؟",
    "taha-char-gru-corpus-vocab-messy":
        "بچه‌ها این مدل زبانی کاراکتری منه (روی همین متن کوتاه). model چند تا پارامتر داره؟",
    "taha-ddpm-tiny-unet-defaults": "TinyUNet با مقدارهای پیش‌فرض (time_dim=64, base_ch=64) چند پارامتر داره؟",
    "jadore-multihead-attention-no-bias":
        "MultiHeadAttention رو برای encoder با n_head=8, d_model=512, d_k=d_v=64 ساختم (خط آخر). چند پارامتر داره؟",
    "omer-resnet18-frozen-new-fc-messy":
        "سلام، resnet18 رو pretrained لود کردم، همه لایه‌ها رو فریز کردم و fc رو عوض کردم برای دو کلاس. الان کل "
        "مدل چند پارامتر داره و چند تاش trainable هست؟",
    "alessia-lstm-lm-weight-tying-ptb":
        "vocab_len برای PennTreeBank میشه 10001. با weight tying این مدل (emb و hid هر دو 300) چند تا پارامتر داره؟",
    "omer-improved-cnn-mnist-two-space-messy": "این CNN من برای MNIST چند پارامتر داره؟ BatchNorm ها هم حساب میشن؟",
    "hfcourse-sketch-sequential-100-labels":
        "فایل class_names.txt من ۱۰۰ تا کلاس داره. این مدل Sequential چند پارامتر داره؟",
    "aint-tfidf-single-linear-config-dict-messy":
        "سلام، این مدل ساده‌ی تحلیل احساسات (TF-IDF + یک لایه) چند تا پارامتر داره؟",
    "print-l1ao-conv-gan-generator-batchnorm": "این خروجی print(G) ژنراتور GAN منه. چند تا پارامتر داره؟",
    "print-hunkim-name-classifier-bigru": "print(classifier) مدل دسته‌بندی اسم‌ها اینه. تعداد پارامترها چنده؟",
    "print-mingpt-gpt-nano-sort-demo": "این print(model) مدل gpt-nano از minGPT هست (مثال sort). چند تا پارامتر داره؟",
}

SUBS = {
    "dragen-resnet-subclass-built-in-main": [
        ("    model.summary()\n", "    model.summary()\n    global MODEL\n    MODEL = model\n    return\n")],
    "aamini-custom-dense-layer-build-row-bias": [
        ('self.add_weight("weight", shape=', 'self.add_weight(name="weight", shape='),
        ('self.add_weight("bias", shape=', 'self.add_weight(name="bias", shape=')],
    "aamini-music-lstm-stateful-vocab-83-messy": [
        ("assert len(tf.config.list_physical_devices('GPU')) > 0\n", ""),
        ('assert COMET_API_KEY != "", "Please insert your Comet API Key"', ""),
        (", batch_input_shape=[batch_size, None])", ")")],
    "packt-lenet-channels-first-tab-class": [
        ('K.set_image_dim_ordering("th")', 'K.set_image_data_format("channels_first")'),
        ("from keras.utils import np_utils\n", "")],
    "packt-umich-sentiment-lstm-python2-vocab": [("SpatialDropout1D(Dropout(0.2))", "SpatialDropout1D(0.2)")],
    "hvass-keras-api-sequential-mnist-helper-messy": [("Adam(lr=1e-3)", "Adam(learning_rate=1e-3)")],
    "hvass-nmt-shared-gru-layers-model-decoder-messy": [
        ("from tensorflow.keras.preprocessing.text import Tokenizer\n", ""),
        ("from tensorflow.keras.preprocessing.sequence import pad_sequences\n", "")],
    "zhixuhao-unet-keras2-model-kwargs": [
        ("Model(input = inputs, output = conv10)", "Model(inputs = inputs, outputs = conv10)"),
        ("Adam(lr = 1e-4)", "Adam(learning_rate = 1e-4)")],
}

SKIP = {  # drop the lines from the first line starting with A up to (not including) the first starting with B
    "packt-umich-sentiment-lstm-python2-vocab": [("# Read training data", "# Build model")],
    "aint-tfidf-single-linear-config-dict-messy": [("vectorizer = TfidfVectorizer", "device = ")],
}

PRELUDE = {
    "dragen-inception-subclass-dynamic-blocks":
        "import tensorflow as tf\nfrom tensorflow import keras\n",
    "dragen-resnet-subclass-built-in-main":
        "import tensorflow as tf\nimport numpy as np\nfrom tensorflow import keras\n"
        "x_train = y_train_ohe = x_test = y_test_ohe = np.zeros((1, 28, 28, 1))\n",
    "aamini-custom-dense-layer-build-row-bias": "import tensorflow as tf\n",
    "aamini-music-lstm-stateful-vocab-83-messy": "songs = [''.join(chr(32 + i) for i in range(83))]\n",
    "packt-lenet-channels-first-tab-class":
        "import keras\nclass np_utils:\n    to_categorical = staticmethod(keras.utils.to_categorical)\n",
    # the stretch in SKIP reads the corpus; its own comment says len(word_freqs) is 2313
    "packt-umich-sentiment-lstm-python2-vocab": "vocab_size = min(2000, 2313) + 2\n",
    "hvass-keras-api-sequential-mnist-helper-messy":
        "import sys, types, numpy as np\n_m = types.ModuleType('mnist')\nclass MNIST:\n"
        "    img_size, img_size_flat, img_shape, img_shape_full = 28, 784, (28, 28), (28, 28, 1)\n"
        "    num_classes, num_channels = 10, 1\n"
        "    x_train, y_train = np.zeros((2, 784)), np.zeros((2, 10))\n"
        "    def __init__(self, *a, **k):\n        pass\n"
        "_m.MNIST = MNIST\nsys.modules['mnist'] = _m\n",
    "hunkim-toy-inception-four-branches":  # the file's imports are above the pasted lines
        "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n",
    "jadore-multihead-attention-no-bias":
        "import sys, types\nimport torch.nn as _nn\nclass _SDPA(_nn.Module):\n"
        "    def __init__(self, temperature, attn_dropout=0.1):\n        super().__init__()\n"
        "_p = types.ModuleType('transformer'); _p.__path__ = []\n_mod = types.ModuleType('transformer.Modules')\n"
        "_mod.ScaledDotProductAttention = _SDPA\n_p.Modules = _mod\n"
        "sys.modules.update({'transformer': _p, 'transformer.Modules': _mod})\n",
    "alessia-lstm-lm-weight-tying-ptb":
        "class lang:\n    word2id = {w: i for i, w in enumerate(['<pad>', '<eos>'] + [str(i) for i in range(9999)])}\n"
        "DEVICE = 'cpu'\n",
    "snrazavi-tiny-yolo-ordereddict-sequential":
        "import sys, types\nimport torch.nn as _nn\n"
        "import torch.nn.functional as _F\n"
        "class MaxPoolStride1(_nn.Module):  # darknet.py: replicate-pad right/bottom, 2x2 max pool, stride 1\n"
        "    def forward(self, x):\n        return _F.max_pool2d(_F.pad(x, (0, 1, 0, 1), mode='replicate'), 2, stride=1)\n"
        "class RegionLoss(_nn.Module):\n    def __init__(self, num_classes=0, anchors=[], num_anchors=1):\n"
        "        super().__init__()\n"
        "for _n, _v in (('cfg', {}), ('darknet', {'MaxPoolStride1': MaxPoolStride1}),\n"
        "               ('region_loss', {'RegionLoss': RegionLoss})):\n"
        "    _mod = types.ModuleType(_n); _mod.__dict__.update(_v); sys.modules[_n] = _mod\n",
    "hfcourse-sketch-sequential-100-labels":
        "from pathlib import Path as _P\n_P('class_names.txt').write_text('\\n'.join(f'c{i}' for i in range(100)))\n",
}

CUT = {  # run only what comes before the first line starting with this
    "graykode-textcnn-parameter-bias-modulelist": "    criterion = nn.CrossEntropyLoss()",
    "graykode-nnlm-raw-parameters": "    criterion = nn.CrossEntropyLoss()",
    "aamini-custom-dense-layer-build-row-bias": "x_input = tf.constant",
    "aamini-music-lstm-stateful-vocab-83-messy": "model.summary()",
    "packt-lenet-channels-first-tab-class": "model.compile(",
    "packt-umich-sentiment-lstm-python2-vocab": "model.compile(",
    "hvass-keras-api-sequential-mnist-helper-messy": "model.fit(",
    "taha-char-gru-corpus-vocab-messy": "# ---------- 4) quick training",
    "omer-improved-cnn-mnist-two-space-messy": "iteration=0",
    "l1ao-pos-tagger-char-lstm-inside": "def make_sequence",
    "hfcourse-sketch-sequential-100-labels": "state_dict = torch.load",
    "aint-tfidf-single-linear-config-dict-messy": "loss_fn = ",
    "snrazavi-tiny-yolo-ordereddict-sequential": "if __name__ == '__main__':",
}

POST = {
    # Keras 3 builds a subclassed model by calling it; build(input_shape) alone creates no weights here
    "dragen-inception-subclass-dynamic-blocks": "import numpy as np\nmodel(np.zeros((1, 28, 28, 1), dtype='float32'))\n",
    "dragen-resnet-subclass-built-in-main": "import numpy as np\nMODEL(np.zeros((1, 28, 28, 1), dtype='float32'))\n",
    "dragen-dcgan-generator-subclass-z100":
        "import numpy as np\nmodel = Generator()\nmodel(np.zeros((1, 100), dtype='float32'))\n",
    "aamini-music-lstm-stateful-vocab-83-messy": "model.build((32, 100))\n",
    "packt-umich-sentiment-lstm-python2-vocab": "model.build((None, 40))\n",
}

TARGET = {
    "dragen-resnet-subclass-built-in-main": "MODEL",
    "aamini-custom-dense-layer-build-row-bias": "layer",
    "hvass-nmt-shared-gru-layers-model-decoder-messy": "model_decoder",
    "graykode-nnlm-raw-parameters": "model",
    "clip-visual-transformer-vit-b32": "visual",
    "lucidrains-simple-vit-readme-config": "v",
    "taha-ddpm-tiny-unet-defaults": "TinyUNet()",
    "jadore-multihead-attention-no-bias": "enc_attn",
    "omer-resnet18-frozen-new-fc-messy": "model_conv",
    "snrazavi-tiny-yolo-ordereddict-sequential": "TinyYoloNet()",
    "aint-tfidf-single-linear-config-dict-messy": "simple_nn",
}

# PyTorch cases whose out_shape is checked with one forward pass (batch of 1; first element of a tuple)
TRUTH_INPUT = {
    "hunkim-toy-inception-four-branches": (1, 1, 28, 28),
    "clip-visual-transformer-vit-b32": (1, 3, 224, 224),
    "omer-resnet18-frozen-new-fc-messy": (1, 3, 224, 224),
    "omer-improved-cnn-mnist-two-space-messy": (1, 1, 28, 28),
    "snrazavi-tiny-yolo-ordereddict-sequential": (1, 3, 160, 160),
    "hfcourse-sketch-sequential-100-labels": (1, 1, 28, 28),
    "aint-tfidf-single-linear-config-dict-messy": (1, 1000),
}

# the real code behind each print(model) case: it must rebuild `model` whose str() is the pasted text
PRINTS = {
    # L1aoXingyu/pytorch-beginner 09-Generative Adversarial network/conv_gan.py (commit a57dd7e):
    # class generator and G = generator(z_dimension, 3136) with z_dimension = 100 (.cuda() dropped)
    "print-l1ao-conv-gan-generator-batchnorm": '''
import torch.nn as nn
class generator(nn.Module):
    def __init__(self, input_size, num_feature):
        super(generator, self).__init__()
        self.fc = nn.Linear(input_size, num_feature)  # batch, 3136=1x56x56
        self.br = nn.Sequential(
            nn.BatchNorm2d(1),
            nn.ReLU(True)
        )
        self.downsample1 = nn.Sequential(
            nn.Conv2d(1, 50, 3, stride=1, padding=1),  # batch, 50, 56, 56
            nn.BatchNorm2d(50),
            nn.ReLU(True)
        )
        self.downsample2 = nn.Sequential(
            nn.Conv2d(50, 25, 3, stride=1, padding=1),  # batch, 25, 56, 56
            nn.BatchNorm2d(25),
            nn.ReLU(True)
        )
        self.downsample3 = nn.Sequential(
            nn.Conv2d(25, 1, 2, stride=2),  # batch, 1, 28, 28
            nn.Tanh()
        )
z_dimension = 100
model = generator(z_dimension, 3136)
''',
    # hunkim/PyTorchZeroToAll 13_2_rnn_classification.py (commit e5a260f): RNNClassifier and
    # RNNClassifier(N_CHARS, HIDDEN_SIZE, N_COUNTRIES, N_LAYERS) with 128, 100, 18 (the names data set), 2
    "print-hunkim-name-classifier-bigru": '''
import torch.nn as nn
class RNNClassifier(nn.Module):
    def __init__(self, input_size, hidden_size, output_size, n_layers=1, bidirectional=True):
        super(RNNClassifier, self).__init__()
        self.hidden_size = hidden_size
        self.n_layers = n_layers
        self.n_directions = int(bidirectional) + 1

        self.embedding = nn.Embedding(input_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers,
                          bidirectional=bidirectional)
        self.fc = nn.Linear(hidden_size, output_size)
HIDDEN_SIZE = 100
N_LAYERS = 2
N_CHARS = 128
N_COUNTRIES = 18
model = RNNClassifier(N_CHARS, HIDDEN_SIZE, N_COUNTRIES, N_LAYERS)
''',
    # karpathy/minGPT mingpt/model.py (commit 37baab7), the module structure of GPT.__init__ for
    # demo.ipynb's model_type 'gpt-nano' (n_layer=3, n_head=3, n_embd=48), vocab_size 3, block_size 11
    "print-mingpt-gpt-nano-sort-demo": '''
import torch
import torch.nn as nn
class NewGELU(nn.Module):
    def forward(self, x):
        return x
class CausalSelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd)
        self.c_proj = nn.Linear(config.n_embd, config.n_embd)
        self.attn_dropout = nn.Dropout(config.attn_pdrop)
        self.resid_dropout = nn.Dropout(config.resid_pdrop)
        self.register_buffer("bias", torch.tril(torch.ones(config.block_size, config.block_size))
                                     .view(1, 1, config.block_size, config.block_size))
class Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd)
        self.mlp = nn.ModuleDict(dict(
            c_fc    = nn.Linear(config.n_embd, 4 * config.n_embd),
            c_proj  = nn.Linear(4 * config.n_embd, config.n_embd),
            act     = NewGELU(),
            dropout = nn.Dropout(config.resid_pdrop),
        ))
class GPT(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.transformer = nn.ModuleDict(dict(
            wte = nn.Embedding(config.vocab_size, config.n_embd),
            wpe = nn.Embedding(config.block_size, config.n_embd),
            drop = nn.Dropout(config.embd_pdrop),
            h = nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
            ln_f = nn.LayerNorm(config.n_embd),
        ))
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
import types
config = types.SimpleNamespace(n_layer=3, n_head=3, n_embd=48, vocab_size=3, block_size=11,
                               embd_pdrop=0.1, resid_pdrop=0.1, attn_pdrop=0.1)
model = GPT(config)
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

    import importlib.machinery
    mod = types.ModuleType(name)
    mod.__getattr__ = attr
    mod.__path__ = []
    mod.__spec__ = importlib.machinery.ModuleSpec(name, None)  # torch._dynamo looks modules up by spec
    return mod


INERT = ["matplotlib", "matplotlib.pyplot", "tqdm", "pandas", "sklearn", "sklearn.model_selection",
         "sklearn.feature_extraction", "sklearn.feature_extraction.text", "sklearn.preprocessing", "spacy", "nltk",
         "nltk.stem", "gradio", "skimage", "skimage.io", "skimage.transform", "comet_ml", "mitdeeplearning",
         "onnxruntime", "torchtext", "scipy", "scipy.io", "scipy.io.wavfile", "seaborn", "IPython",
         "IPython.display"]


def _stub_missing(names) -> None:
    import importlib
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:
            sys.modules[name] = _inert_module(name)


def _keras_shims():
    """Keras 3 stand-ins for what the pastes import: returns the import mapping for the pasted code"""
    import types

    import keras
    import numpy as np

    def fake_load(shape_train, shape_test):
        def load_data(*a, **k):
            return ((np.zeros(shape_train, dtype="uint8"), np.zeros(shape_train[0], dtype="uint8")),
                    (np.zeros(shape_test, dtype="uint8"), np.zeros(shape_test[0], dtype="uint8")))
        return load_data

    keras.datasets.mnist.load_data = fake_load((60000, 28, 28), (10000, 28, 28))
    keras.datasets.fashion_mnist.load_data = fake_load((60000, 28, 28), (10000, 28, 28))
    keras.utils.plot_model = lambda *a, **k: None
    mapping = {}
    for legacy in ("core", "convolutional", "recurrent", "embeddings", "pooling", "normalization"):
        mapping["keras.layers." + legacy] = keras.layers
    try:
        import tensorflow  # noqa: F401
        return mapping
    except Exception:
        ops = keras.ops
        tf = types.ModuleType("tensorflow")
        tf.__version__ = "2.99"
        tf.keras = keras
        tf.nn = types.SimpleNamespace(relu=ops.relu, softmax=ops.softmax, leaky_relu=ops.leaky_relu,
                                      sigmoid=ops.sigmoid)
        tf.math = types.SimpleNamespace(maximum=ops.maximum)
        tf.matmul, tf.sigmoid, tf.tanh = ops.matmul, ops.sigmoid, ops.tanh
        tf.reshape = lambda tensor, shape: ops.reshape(tensor, shape)
        tf.concat = lambda values, axis: ops.concatenate(values, axis=axis)
        tf.constant = lambda value, shape=None, dtype="float32": ops.reshape(
            ops.convert_to_tensor(np.array(value, dtype=dtype)), shape if shape is not None else np.shape(value))
        tf.random_normal_initializer = keras.initializers.RandomNormal
        tf.random = types.SimpleNamespace(set_seed=lambda *a: None)
        tf.config = types.SimpleNamespace(
            list_physical_devices=lambda *a: [None],
            experimental=types.SimpleNamespace(set_memory_growth=lambda *a: None))
        mapping.update({"tensorflow": tf, "tensorflow.keras": keras})
        for sub in ("layers", "models", "datasets", "utils", "regularizers", "optimizers", "callbacks",
                    "initializers", "losses", "activations", "metrics"):
            mapping["tensorflow.keras." + sub] = getattr(keras, sub)
        return mapping



def _einops_stub():
    import types

    import torch.nn as nn

    class Rearrange(nn.Module):  # no parameters, like the real one
        def __init__(self, pattern, **axes):
            super().__init__()
            self.pattern, self.axes = pattern, axes

    einops = types.ModuleType("einops")
    einops.rearrange = einops.repeat = einops.reduce = lambda *a, **k: None
    layers = types.ModuleType("einops.layers")
    layers.__path__ = []
    torch_layers = types.ModuleType("einops.layers.torch")
    torch_layers.Rearrange = Rearrange
    einops.layers = layers
    layers.torch = torch_layers
    sys.modules.update({"einops": einops, "einops.layers": layers, "einops.layers.torch": torch_layers})


def _torchvision_stub():
    import types

    import torch
    import torch.nn as nn

    tv = types.ModuleType("torchvision")

    class _OneSample(list):
        def __init__(self, *a, **k):
            super().__init__([(torch.zeros(1, 28, 28), 0)])

    datasets = types.ModuleType("torchvision.datasets")

    def dataset(item):
        if item.startswith("__"):
            raise AttributeError(item)
        return _OneSample

    datasets.__getattr__ = dataset
    transforms = _inert_module("torchvision.transforms")

    def resnet18(*a, **k):  # torchvision.models.resnet18, layer for layer
        class BasicBlock(nn.Module):
            def __init__(self, inplanes, planes, stride=1, downsample=None):
                super().__init__()
                self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
                self.bn1 = nn.BatchNorm2d(planes)
                self.relu = nn.ReLU(inplace=True)
                self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
                self.bn2 = nn.BatchNorm2d(planes)
                self.downsample = downsample

            def forward(self, x):
                idt = x if self.downsample is None else self.downsample(x)
                out = self.relu(self.bn1(self.conv1(x)))
                return self.relu(self.bn2(self.conv2(out)) + idt)

        class ResNet(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
                self.bn1 = nn.BatchNorm2d(64)
                self.relu = nn.ReLU(inplace=True)
                self.maxpool = nn.MaxPool2d(3, 2, 1)
                inplanes = 64
                for i, planes in enumerate((64, 128, 256, 512)):
                    stride = 1 if i == 0 else 2
                    down = None
                    if stride != 1 or inplanes != planes:
                        down = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False),
                                             nn.BatchNorm2d(planes))
                    setattr(self, f"layer{i + 1}", nn.Sequential(BasicBlock(inplanes, planes, stride, down),
                                                                 BasicBlock(planes, planes)))
                    inplanes = planes
                self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
                self.fc = nn.Linear(512, 1000)

            def forward(self, x):
                x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
                x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
                return self.fc(torch.flatten(self.avgpool(x), 1))

        net = ResNet()
        assert sum(p.numel() for p in net.parameters()) == 11689512
        return net

    models = types.ModuleType("torchvision.models")
    models.resnet18 = resnet18
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
    try:
        import einops  # noqa: F401
    except Exception:
        _einops_stub()
    _stub_missing(INERT)



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
    for start, end in SKIP.get(case["id"], []):
        code = drop_lines(code, start, end)
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
        _stub_missing(INERT)
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
    with tempfile.TemporaryDirectory(prefix="paste11-") as cwd:  # pastes that write files write them here
        proc = subprocess.run([python, str(Path(__file__).resolve()), "--child"], input=json.dumps(case),
                              capture_output=True, text=True, env=env, timeout=900, cwd=cwd)
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
