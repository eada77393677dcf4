"""Re-compute the ground truth of ``pasted_code_twelfth.jsonl`` by building every model, and report mismatches.

    python benchmarks/data/pasted_code_twelfth_truth.py [--keras-python PY] [--torch-python PY] [--only ID ...]
                                                       [--update] [--render ID] [--json]

``pasted_code_twelfth.jsonl`` is a twelfth set of 30 real pastes, gathered after the eleventh and scored
untouched, from sources no earlier set uses:

* Keras (14): Kulbear/deep-learning-coursera (the Coursera ResNet ``convolutional_block`` with
  ``BatchNormalization(axis=3)`` sized by its TF1 test cell, a messy Happy House notebook, Emojify-v2 with a
  frozen 400,001-word GloVe ``Embedding``), eriklindernoren/Keras-GAN (the DCGAN ``combined`` model after
  ``discriminator.trainable = False``, the CGAN generator with a label ``Embedding`` and ``multiply``),
  bnsreenu/python_for_microscopists (a U-Net of block functions, a 3D U-Net, a tab-indented conditional-GAN
  discriminator), nicknochnack/ActionDetectionforSignLanguage (a messy LSTM notebook with a TensorBoard callback),
  krishnaik06/Predict_customer_Will_Leave_the-Bank (the churn ANN script), aymericdamien/TensorFlow-Examples (three
  TF2 subclassed models: a ConvNet reshaping in ``call``, a DCGAN discriminator with BatchNormalization, a
  bidirectional LSTM with an explicit backward layer), leriomaggio/deep-learning-keras-tensorflow (a messy MNIST
  notebook that redefines ``model``, Keras 2 module paths).
* PyTorch (14): weiaicunzai/pytorch-cifar100 (MobileNetV2, WRN-40-10, VGG-16-BN from a cfg helper, PreAct-ResNet-50),
  chenyuntc/pytorch-book (ResNet34 with a relative import, the DCGAN generator sized by a Config, a poetry
  ``nn.TransformerEncoder``, AdaIN with a frozen VGG-19 encoder and stray ``nn.Parameter``s, three Chapter 4 cells: a
  hand-made ``nn.Parameter`` Linear, a plain list that registers nothing, ``nn.Sequential`` written three ways),
  harveyslash/Facial-Similarity-with-Siamese-Networks-in-Pytorch (a messy Siamese notebook whose one branch runs twice),
  msmrexe/pytorch-persian-text-generation (a GRU text generator sized in the question), harvardnlp/annotated-transformer
  (``MultiHeadedAttention`` built with ``clones``).
* ``print(model)`` (2): howsam/Building-a-ChatGPT-like-Model-from-Scratch (a Persian course's GPT with ``lm_head`` tied
  to ``wte``, the tie stated in the question) and the Annotated Transformer's ``make_model(11, 11, 2)`` (a custom
  ``LayerNorm()`` that prints without its size, stated in the question), generated here with torch 2.13 from the code
  in ``PRINTS``.

Several pastes are messy notebook cells (magics, data loading, training loops, plots) and most carry a question in
Persian before the code, as students write them, some naming the variable, some giving a size in words.  Each
``origin`` names the repository, path, commit and the cells or lines taken.  Ground truth is the framework's own
count of the model the paste (or its question) names: Keras 3 ``count_params()`` with the ``trainable_weights`` /
``non_trainable_weights`` split (BatchNormalization statistics and frozen layers non-trainable); PyTorch
``sum(p.numel() for p in model.parameters())`` (shared Parameters once) with ``requires_grad`` deciding trainable.

How to run.  ``cd /work/main && python benchmarks/data/pasted_code_twelfth_truth.py`` (any Python 3 will do for the
parent).  Every case is executed in its own child process, in a fresh temporary directory: the Keras cases with
Keras 3 on the torch backend (``--keras-python``, default ``/tmp/kv/bin/python``, or ``$KERAS_PYTHON``; make one with
``python3 -m venv /tmp/kv && /tmp/kv/bin/pip install keras torch``), the PyTorch cases with the project's
``.venv/bin/python`` (``--torch-python``, or ``$TORCH_PYTHON``).  An interpreter that is missing or cannot import its
framework makes its cases *skipped* (reported, exit status 0 if nothing else is wrong), so without Keras only the
PyTorch cases are checked.  The child strips the question (``QUESTIONS``) and IPython ``%``/``!`` lines, applies
``SUBS`` (Keras 3 spellings: ``learning_rate=`` for ``lr=``, no ``decay=``, no ``np_utils`` / ``layer_utils`` /
``vis_utils`` imports; no ``.cuda()``; no relative import), drops the data-reading stretches named in ``SKIP``, runs
``PRELUDE`` (stand-ins for what cells not pasted, data or the question provide), the code up to ``CUT`` (training
loops are not run), ``POST`` (build a model on its input), then counts ``TARGET`` (default ``model``).  When a package
is missing the child installs stand-ins: ``tensorflow`` is mapped onto Keras 3 (``tf.keras``, ``tf.nn``,
``tf.reshape``, ...), the Keras 2 module paths ``keras.layers.core`` / ``.convolutional`` / ``.pooling`` /
``.advanced_activations`` / ``.embeddings`` lead to ``keras.layers``, dataset downloads return zeros, ``torchvision``
(broken in the project's venv) gets a stub whose ``models.vgg19`` rebuilds torchvision's VGG-19 ``features`` layer for
layer (asserted at 20,024,384 parameters), and matplotlib, pandas, sklearn, cv2, mediapipe, pydot, PIL, IPython and
similar become inert modules.  The ``print(model)`` cases rebuild the model from ``PRINTS`` and also assert that
``str(model)`` equals the pasted text.  Where ``TRUTH_INPUT`` or a Keras output shape allows, ``out_shape`` is checked
too.  Before comparing it refuses ids used by the earlier sets, origins from sources the earlier sets used, and code
of 4,000 characters or more.

``--update`` writes the computed numbers (and computed out_shapes) into the jsonl (``pytorch_total`` = the total for
PyTorch cases); ``--render ID`` prints the ``print(model)`` text of a print case (how those cases were made).  Exit
status 1 on any mismatch or error.
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
DEFAULT_CASES = HERE / "pasted_code_twelfth.jsonl"
LIMIT = 4000

# sources the earlier sets drew on: none of them may appear in an origin here
USED_SOURCES = (
    "kuangliu/pytorch-cifar", "fchollet/deep-learning-with-python", "keras.io", "keras-team/keras-io", "d2l",
    "tensorflow.org", "tensorflow/docs", "pytorch/examples", "keras-team/keras ", "pytorch/tutorials",
    "pytorch.org", "yunjey/pytorch-tutorial", "Alireza-Akhavan", "MorvanZhou", "ageron/handson-ml",
    "eriklindernoren/PyTorch-GAN", "Atcold/NYU-DLSP20", "bentrevett", "milesial", "karpathy/",
    "facebookresearch/ConvNeXt", "spro/char-rnn", "torchvision.models", "fum-cs/deep-learning ",
    "tztechno/tz_kaggle", "semantic_segmentation_unet", "aladdinpersson", "rasbt/", "udacity/",
    "jeffheaton", "amingolnari", "owenmarshall1", "pooya-mohammadi", "DaneshJoy", "k-ghiasi",
    "mamintoosi-cs", "MohammadDehghan", "dragen1860", "aamini/introtodeeplearning",
    "PacktPublishing/Deep-Learning-with-Keras", "Hvass-Labs", "zhixuhao", "graykode", "hunkim",
    "openai/CLIP", "lucidrains/vit-pytorch", "MRTahasaadat", "jadore801120", "omerbsezer", "alessiaianes",
    "L1aoXingyu", "snrazavi", "huggingface/course", "AINT-TV",
)

QUESTIONS = {
    'coursera-kulbear-convolutional-block-test-cell':
        'سلام، این convolutional_block تمرین ResNet کورسرا هست. توی سلول تست با ورودی 4x4x6 و f=2 و filters=[2, 4, 6] صداش زدم. این بلوک چند تا پارامتر داره و چندتاش non-trainable هست؟',
    'coursera-kulbear-happy-house-messy':
        'سلام. تمرین Happy House کورسرا رو زدم. عکس\u200cها شصت\u200cوچهار در شصت\u200cوچهار رنگی هستن (X_train شکلش (600, 64, 64, 3) هست). happyModel چند تا پارامتر داره؟',
    'coursera-kulbear-emojify-v2-frozen-glove':
        'توی Emojify، فایل GloVe من ۴۰۰ هزار کلمه\u200cی ۵۰ بعدی داره (word_to_index از 1 تا 400000) و maxLen = 10 هست. model چند پارامتر داره و چندتاش trainable نیست؟',
    'kerasgan-dcgan-combined-frozen-discriminator':
        'سلام، توی این DCGAN مدل combined چند تا پارامتر داره و چند تاش trainable هست؟',
    'kerasgan-cgan-generator-label-embedding':
        'generator این CGAN (latent_dim=100 و ۱۰ کلاس MNIST) چند پارامتر داره؟',
    'bnsreenu-unet-functional-blocks-256':
        'build_unet((256, 256, 3)) رو صدا زدم. مدل U-Net چند پارامتر داره؟ BatchNorm ها چقدر non-trainable دارن؟',
    'nick-action-detection-lstm-messy':
        'سلام، دارم پروژه تشخیص زبان اشاره با LSTM رو از روی ویدیوی Nicholas Renotte میزنم (سه تا action). model چند تا پارامتر داره؟',
    'aymeric-tf2-dcgan-discriminator-subclass-bn':
        'discriminator چند تا پارامتر داره؟ (ورودی عکس\u200cهای MNIST)',
    'aymeric-tf2-birnn-subclass-backward-layer':
        'birnn_net رو روی MNIST اجرا می\u200cکنم (هر عکس ۲۸ گام زمانی با ۲۸ ویژگی). چند تا پارامتر داره؟',
    'leriomaggio-mnist-six-cnn-redefined-messy':
        'سلام، توی این نوت\u200cبوک چند بار model رو از نو ساختم. آخرین model (با دو تا Conv2D و MaxPooling) چند تا پارامتر داره؟',
    'weiaicunzai-wideresnet-40-10-block-arg':
        'net = wideresnet() رو با همون مقدارهای پیش\u200cفرض ساختم (depth=40, widen_factor=10). چند میلیون پارامتر داره؟',
    'weiaicunzai-vgg16-bn-make-layers-cfg':
        'vgg16_bn() برای CIFAR-100 چند پارامتر داره؟',
    'weiaicunzai-preactresnet50-expansion-attr':
        'preactresnet50() چند تا پارامتر داره؟',
    'chenyuntc-dcgan-netg-opt-config':
        'مدل\u200cهای DCGAN کتاب چن یون رو دارم. با opt.nz=100 و opt.ngf=64 (Config پیش\u200cفرض)، netg = NetG(opt) چند پارامتر داره؟',
    'chenyuntc-poetry-transformer-encoder-xavier':
        'دیتاست tang من len(word2ix) = 8293 داره. model = PoetryModel(8293) چند تا پارامتر داره؟',
    'chenyuntc-adain-frozen-vgg19-encoder':
        'سلام، Model() این style transfer چند پارامتر داره و چند تاش trainable هست؟ (vgg19 رو pretrained لود میکنه و encoder فریز میشه)',
    'chenyuntc-ch4-sequential-three-ways':
        'net3 چند تا پارامتر داره؟',
    'harveyslash-siamese-shared-branch-messy':
        'سلام بچه\u200cها، شبکه Siamese من دو تا عکس خاکستری ۱۰۰ در ۱۰۰ می\u200cگیره. net چند تا پارامتر داره؟ چون forward_once دو بار صدا زده میشه، پارامترها دو برابر حساب میشن؟',
    'msmrexe-persian-textgen-gru-vocab':
        'سلام، مدل تولید متن فارسی. vocab_size پانزده هزار تا شد و با پیش\u200cفرض\u200cهای train.py ساختمش: TextGenerationRNN(15000, 128, 256, 2, 0.2). چند پارامتر داره؟',
    'annotated-transformer-multiheaded-attention-clones':
        'MultiHeadedAttention(8, 512) که make_model می\u200cسازه چند تا پارامتر داره؟',
    'print-howsam-gpt-tinystories-tied-head':
        'این print(model) مدل GPT منه که توی دوره هوسم ساختم. lm_head وزنش با wte یکیه (weight tying: self.lm_head.weight = self.wte.weight). کل مدل چند پارامتر داره؟',
    'print-annotated-transformer-make-model-11-11-2':
        'این خروجی print(test_model) برای make_model(11, 11, 2) از Annotated Transformer هست. LayerNorm رو خودش تعریف کرده (a_2 و b_2 هر کدوم به طول 512). چند پارامتر داره؟',
}

SUBS = {
    "coursera-kulbear-happy-house-messy": [
        ("from keras.utils import layer_utils\n", ""),
        ("from keras.utils.data_utils import get_file\n", ""),
        ("from keras.utils.vis_utils import model_to_dot\n", "")],
    "bnsreenu-cifar-cgan-discriminator-tabs": [("Adam(lr=0.0002, beta_1=0.5)", "Adam(learning_rate=0.0002, beta_1=0.5)")],
    "leriomaggio-mnist-six-cnn-redefined-messy": [
        ("from keras.utils import np_utils\n", ""),
        ("SGD(lr=0.1, decay=1e-6, momentum=0.9, nesterov=True)", "SGD(learning_rate=0.1, momentum=0.9, nesterov=True)")],
    # Keras 3 wants Python ints for Embedding's output_dim and Dense's units, Keras 2 took numpy's
    "kerasgan-cgan-generator-label-embedding": [
        ("Embedding(self.num_classes, np.prod(self.img_shape))", "Embedding(self.num_classes, int(np.prod(self.img_shape)))"),
        ("Dense(np.prod(self.img_shape), activation='tanh')", "Dense(int(np.prod(self.img_shape)), activation='tanh')")],
    "chenyuntc-resnet34-relative-import": [("from .basic_module import BasicModule\n", "")],
    "harveyslash-siamese-shared-branch-messy": [("net = SiameseNetwork().cuda()", "net = SiameseNetwork()")],
}

SKIP = {  # drop the lines from the first line starting with A up to (not including) the first starting with B
    "nick-action-detection-lstm-messy": [("sequences, labels = [], []", "from tensorflow.keras.models import Sequential")],
    "krishnaik-bank-churn-ann-file": [("# Importing the dataset", "# Part 2 - Now let's make the ANN!")],
    "aymeric-tf2-convnet-subclass-reshape": [("# Use tf.data API", "# Create TF Model.")],
    "leriomaggio-mnist-six-cnn-redefined-messy": [("hist = model.fit(", "model = Sequential()")],
}

PRELUDE = {
    # the notebook's first cell (not pasted) imports these
    "coursera-kulbear-convolutional-block-test-cell":
        "import numpy as np\nfrom keras.layers import Input, Add, Dense, Activation, ZeroPadding2D, BatchNormalization, "
        "Flatten, Conv2D\nfrom keras.initializers import glorot_uniform\n",
    # kt_utils.load_dataset: the Happy House set, 600 train and 150 test images of 64x64x3 (the question says so)
    "coursera-kulbear-happy-house-messy":
        "import sys, types, numpy as _np\n_m = types.ModuleType('kt_utils')\n"
        "_m.load_dataset = lambda: (_np.zeros((600, 64, 64, 3)), _np.zeros((1, 600)), _np.zeros((150, 64, 64, 3)), "
        "_np.zeros((1, 150)), _np.array([0, 1]))\n_m.__all__ = ['load_dataset']\nsys.modules['kt_utils'] = _m\n",
    # earlier cells: imports, read_glove_vecs (400,000 words, indices 1..400000, 50-d vectors), maxLen = 10
    "coursera-kulbear-emojify-v2-frozen-glove":
        "import numpy as np\nfrom keras.models import Model\nfrom keras.layers import Dense, Input, Dropout, LSTM, "
        "Activation, Embedding\n"
        "word_to_index = {'w%d' % i: i for i in range(1, 400001)}\n"
        "class _Vecs(dict):\n    def __missing__(self, key):\n        return np.zeros(50)\n"
        "word_to_vec_map = _Vecs()\nmaxLen = 10\n",
    "leriomaggio-mnist-six-cnn-redefined-messy":
        "import numpy as np, keras\nclass np_utils:\n    to_categorical = staticmethod(keras.utils.to_categorical)\n"
        "Y_train, Y_test = np.zeros(4, dtype=int), np.zeros(4, dtype=int)\n",
    "chenyuntc-resnet34-relative-import":
        "import torch as _t\nclass BasicModule(_t.nn.Module):\n    def __init__(self):\n"
        "        super(BasicModule, self).__init__()\n        self.model_name = str(type(self))\n",
    "chenyuntc-dcgan-netg-opt-config": "import types\nopt = types.SimpleNamespace(nz=100, ngf=64, ndf=64)\n",
    "chenyuntc-adain-frozen-vgg19-encoder":
        "import sys, types\n_u = types.ModuleType('utils')\n_u.AdaIn = _u.calc_mean_std = lambda *a: None\n"
        "sys.modules['utils'] = _u\n",
    "annotated-transformer-multiheaded-attention-clones": "import copy\nimport math\nimport torch\nimport torch.nn as nn\n",
}

CUT = {  # run only what comes before the first line starting with this
    "coursera-kulbear-convolutional-block-test-cell": "tf.reset_default_graph()",
    "coursera-kulbear-happy-house-messy": "happyModel.compile(",
    "nick-action-detection-lstm-messy": "model.compile(",
    "krishnaik-bank-churn-ann-file": "classifier.compile(",
    "harveyslash-siamese-shared-branch-messy": "counter = []",
}

POST = {
    "coursera-kulbear-convolutional-block-test-cell":
        "from keras.models import Model\n_x = Input((4, 4, 6))\n"
        "model = Model(_x, convolutional_block(_x, f=2, filters=[2, 4, 6], stage=1, block='a'))\n",
    "kerasgan-dcgan-combined-frozen-discriminator": "dcgan = DCGAN()\n",
    "kerasgan-cgan-generator-label-embedding": "cgan = CGAN()\n",
    "bnsreenu-unet-functional-blocks-256": "model = build_unet((256, 256, 3))\n",
    # Keras 3 builds a subclassed model by calling it
    "aymeric-tf2-convnet-subclass-reshape": "import numpy as np\nconv_net(np.zeros((1, 784), dtype='float32'))\n",
    "aymeric-tf2-dcgan-discriminator-subclass-bn":
        "import numpy as np\ndiscriminator(np.zeros((1, 784), dtype='float32'))\n",
    "aymeric-tf2-birnn-subclass-backward-layer": "import numpy as np\nbirnn_net(np.zeros((1, 28, 28), dtype='float32'))\n",
}

TARGET = {
    "coursera-kulbear-happy-house-messy": "happyModel",
    "kerasgan-dcgan-combined-frozen-discriminator": "dcgan.combined",
    "kerasgan-cgan-generator-label-embedding": "cgan.generator",
    "bnsreenu-cifar-cgan-discriminator-tabs": "test_discr",
    "krishnaik-bank-churn-ann-file": "classifier",
    "aymeric-tf2-convnet-subclass-reshape": "conv_net",
    "aymeric-tf2-dcgan-discriminator-subclass-bn": "discriminator",
    "aymeric-tf2-birnn-subclass-backward-layer": "birnn_net",
    "weiaicunzai-mobilenetv2-while-make-stage": "mobilenetv2()",
    "weiaicunzai-wideresnet-40-10-block-arg": "wideresnet()",
    "weiaicunzai-vgg16-bn-make-layers-cfg": "vgg16_bn()",
    "weiaicunzai-preactresnet50-expansion-attr": "preactresnet50()",
    "chenyuntc-resnet34-relative-import": "ResNet34()",
    "chenyuntc-dcgan-netg-opt-config": "NetG(opt)",
    "chenyuntc-poetry-transformer-encoder-xavier": "PoetryModel(8293)",
    "chenyuntc-adain-frozen-vgg19-encoder": "Model()",
    "chenyuntc-ch4-perceptron-custom-parameters": "perceptron",
    "chenyuntc-ch4-sequential-three-ways": "net3",
    "harveyslash-siamese-shared-branch-messy": "net",
    "msmrexe-persian-textgen-gru-vocab": "TextGenerationRNN(15000, 128, 256, 2, 0.2)",
    "annotated-transformer-multiheaded-attention-clones": "MultiHeadedAttention(8, 512)",
}

# PyTorch cases whose out_shape is checked with one forward pass (batch of 1; first element of a tuple)
TRUTH_INPUT = {
    "weiaicunzai-mobilenetv2-while-make-stage": (1, 3, 32, 32),
    "weiaicunzai-wideresnet-40-10-block-arg": (1, 3, 32, 32),
    "weiaicunzai-vgg16-bn-make-layers-cfg": (1, 3, 32, 32),
    "weiaicunzai-preactresnet50-expansion-attr": (1, 3, 32, 32),
    "chenyuntc-resnet34-relative-import": (1, 3, 224, 224),
    "chenyuntc-dcgan-netg-opt-config": (1, 100, 1, 1),
}

# the real code behind each print(model) case: it must rebuild `model` whose str() is the pasted text
PRINTS = {
    # howsam/Building-a-ChatGPT-like-Model-from-Scratch 07_Modal/Train_GPT-2.ipynb (commit 044425c): the Model cells
    # (forward methods and _init_weights dropped) and GPTConfig; cfg.model = GPTConfig(vocab_size=10_000, max_seq_len=1024,
    # n_layer=8, n_head=16, n_embd=128, f_expnd=4) from the notebook's MasterConfig cell
    "print-howsam-gpt-tinystories-tied-head": '''
import torch
from torch import nn
from torch.nn import functional as F
from dataclasses import dataclass

class MultiHeadAttention(nn.Module):

    def __init__(self, config):
        super().__init__()
        self.n_embd = config.n_embd
        self.n_head = config.n_head
        self.head_size = self.n_embd // self.n_head

        self.qkv_proj = nn.Linear(self.n_embd, 3*self.n_embd, bias=False)
        self.c_proj = nn.Linear(self.n_embd, self.n_embd, bias=False)
        self.c_proj.residual = True

class FeedForward(nn.Module):

    def __init__(self, config):
        super().__init__()
        self.n_embd = config.n_embd
        self.f_expnd = config.f_expnd

        self.up_proj = nn.Linear(self.n_embd, int(self.f_expnd*self.n_embd), bias=False)
        self.down_proj = nn.Linear(int(self.f_expnd*self.n_embd), self.n_embd, bias=False)
        self.down_proj.residual = True

class DecoderBlock(nn.Module):

    def __init__(self, config):
        super().__init__()
        self.n_embd = config.n_embd
        # Multi Head Attention
        self.ln1 = nn.LayerNorm(config.n_embd)
        self.mha = MultiHeadAttention(config)
        # Feed Forward Neural Network
        self.ln2 = nn.LayerNorm(config.n_embd)
        self.mlp = FeedForward(config)

class GPT(nn.Module):

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.wte = nn.Embedding(config.vocab_size, config.n_embd) # Token embedding
        self.wpe = nn.Embedding(config.max_seq_len, config.n_embd) # Position embedding
        self.decoders = nn.ModuleList([DecoderBlock(config) for _ in range(config.n_layer)]) # Decoders
        self.lnf = nn.LayerNorm(config.n_embd)
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False) # Classifier
        self.lm_head.weight = self.wte.weight # Weight tying

@dataclass
class GPTConfig:
    vocab_size: int = 50257
    max_seq_len: int = 1024
    n_layer: int = 12
    n_head: int = 12
    n_embd: int = 768
    f_expnd: int = 4

model = GPT(GPTConfig(vocab_size=10_000, max_seq_len=1024, n_layer=8, n_head=16, n_embd=128, f_expnd=4))
''',
    # harvardnlp/annotated-transformer the_annotated_transformer.py (commit debc9fd): the classes make_model uses
    # (forward methods, docstrings and the xavier init loop dropped) and test_model = make_model(11, 11, 2)
    "print-annotated-transformer-make-model-11-11-2": '''
import copy
import math
import torch
import torch.nn as nn
class EncoderDecoder(nn.Module):
    def __init__(self, encoder, decoder, src_embed, tgt_embed, generator):
        super(EncoderDecoder, self).__init__()
        self.encoder = encoder
        self.decoder = decoder
        self.src_embed = src_embed
        self.tgt_embed = tgt_embed
        self.generator = generator
class Generator(nn.Module):
    def __init__(self, d_model, vocab):
        super(Generator, self).__init__()
        self.proj = nn.Linear(d_model, vocab)
def clones(module, N):
    return nn.ModuleList([copy.deepcopy(module) for _ in range(N)])
class Encoder(nn.Module):
    def __init__(self, layer, N):
        super(Encoder, self).__init__()
        self.layers = clones(layer, N)
        self.norm = LayerNorm(layer.size)
class LayerNorm(nn.Module):
    def __init__(self, features, eps=1e-6):
        super(LayerNorm, self).__init__()
        self.a_2 = nn.Parameter(torch.ones(features))
        self.b_2 = nn.Parameter(torch.zeros(features))
        self.eps = eps
class SublayerConnection(nn.Module):
    def __init__(self, size, dropout):
        super(SublayerConnection, self).__init__()
        self.norm = LayerNorm(size)
        self.dropout = nn.Dropout(dropout)
class EncoderLayer(nn.Module):
    def __init__(self, size, self_attn, feed_forward, dropout):
        super(EncoderLayer, self).__init__()
        self.self_attn = self_attn
        self.feed_forward = feed_forward
        self.sublayer = clones(SublayerConnection(size, dropout), 2)
        self.size = size
class Decoder(nn.Module):
    def __init__(self, layer, N):
        super(Decoder, self).__init__()
        self.layers = clones(layer, N)
        self.norm = LayerNorm(layer.size)
class DecoderLayer(nn.Module):
    def __init__(self, size, self_attn, src_attn, feed_forward, dropout):
        super(DecoderLayer, self).__init__()
        self.size = size
        self.self_attn = self_attn
        self.src_attn = src_attn
        self.feed_forward = feed_forward
        self.sublayer = clones(SublayerConnection(size, dropout), 3)
class MultiHeadedAttention(nn.Module):
    def __init__(self, h, d_model, dropout=0.1):
        super(MultiHeadedAttention, self).__init__()
        assert d_model % h == 0
        self.d_k = d_model // h
        self.h = h
        self.linears = clones(nn.Linear(d_model, d_model), 4)
        self.attn = None
        self.dropout = nn.Dropout(p=dropout)
class PositionwiseFeedForward(nn.Module):
    def __init__(self, d_model, d_ff, dropout=0.1):
        super(PositionwiseFeedForward, self).__init__()
        self.w_1 = nn.Linear(d_model, d_ff)
        self.w_2 = nn.Linear(d_ff, d_model)
        self.dropout = nn.Dropout(dropout)
class Embeddings(nn.Module):
    def __init__(self, d_model, vocab):
        super(Embeddings, self).__init__()
        self.lut = nn.Embedding(vocab, d_model)
        self.d_model = d_model
class PositionalEncoding(nn.Module):
    def __init__(self, d_model, dropout, max_len=5000):
        super(PositionalEncoding, self).__init__()
        self.dropout = nn.Dropout(p=dropout)
        pe = torch.zeros(max_len, d_model)
        position = torch.arange(0, max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * -(math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        pe = pe.unsqueeze(0)
        self.register_buffer("pe", pe)
def make_model(src_vocab, tgt_vocab, N=6, d_model=512, d_ff=2048, h=8, dropout=0.1):
    c = copy.deepcopy
    attn = MultiHeadedAttention(h, d_model)
    ff = PositionwiseFeedForward(d_model, d_ff, dropout)
    position = PositionalEncoding(d_model, dropout)
    model = EncoderDecoder(
        Encoder(EncoderLayer(d_model, c(attn), c(ff), dropout), N),
        Decoder(DecoderLayer(d_model, c(attn), c(attn), c(ff), dropout), N),
        nn.Sequential(Embeddings(d_model, src_vocab), c(position)),
        nn.Sequential(Embeddings(d_model, tgt_vocab), c(position)),
        Generator(d_model, tgt_vocab),
    )
    return model
model = make_model(11, 11, 2)
''',
}


# --------------------------------------------------------------------------------------------------------
# child side: one case, one process
# --------------------------------------------------------------------------------------------------------

def _inert_module(name: str):
    import importlib.machinery
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
    mod.__spec__ = importlib.machinery.ModuleSpec(name, None)  # torch._dynamo looks modules up by spec
    return mod


INERT = ["matplotlib", "matplotlib.pyplot", "tqdm", "pandas", "sklearn", "sklearn.model_selection",
         "sklearn.preprocessing", "sklearn.metrics", "scipy", "scipy.misc", "seaborn", "IPython", "IPython.display",
         "pydot", "cv2", "mediapipe", "PIL", "PIL.Image", "PIL.ImageOps", "ipdb", "torchnet", "torchnet.meter"]


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
    keras.datasets.cifar10.load_data = fake_load((50000, 32, 32, 3), (10000, 32, 32, 3))
    keras.utils.plot_model = lambda *a, **k: None
    mapping = {}
    for legacy in ("core", "convolutional", "recurrent", "embeddings", "pooling", "normalization",
                   "advanced_activations"):
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
                                      sigmoid=ops.sigmoid, tanh=ops.tanh)
        tf.reshape = lambda tensor, shape: ops.reshape(tensor, shape)
        tf.concat = lambda values, axis: ops.concatenate(values, axis=axis)
        tf.float32, tf.int64, tf.int32 = "float32", "int64", "int32"
        tf.optimizers = keras.optimizers
        tf.random = types.SimpleNamespace(set_seed=lambda *a: None)
        mapping.update({"tensorflow": tf, "tensorflow.keras": keras})
        for sub in ("layers", "models", "datasets", "utils", "regularizers", "optimizers", "callbacks",
                    "initializers", "losses", "activations", "metrics"):
            mapping["tensorflow.keras." + sub] = getattr(keras, sub)
        mapping["tensorflow.keras.datasets.mnist"] = keras.datasets.mnist
        return mapping



def _torchvision_stub():
    import types

    import torch.nn as nn

    tv = types.ModuleType("torchvision")
    tv.__path__ = []

    def vgg19(*a, **k):  # torchvision.models.vgg19: features for layer, no BatchNorm
        layers, c = [], 3
        for v in [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
                  512, 512, 512, 512, "M"]:
            if v == "M":
                layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
            else:
                layers += [nn.Conv2d(c, v, kernel_size=3, padding=1), nn.ReLU(inplace=True)]
                c = v
        net = nn.Module()
        net.features = nn.Sequential(*layers)
        assert sum(p.numel() for p in net.features.parameters()) == 20024384
        return net

    models = types.ModuleType("torchvision.models")
    models.vgg19 = vgg19
    datasets = _inert_module("torchvision.datasets")
    transforms = _inert_module("torchvision.transforms")
    utils = _inert_module("torchvision.utils")
    tv.models, tv.datasets, tv.transforms, tv.utils = models, datasets, transforms, utils
    sys.modules.update({"torchvision": tv, "torchvision.models": models, "torchvision.datasets": datasets,
                        "torchvision.transforms": transforms, "torchvision.utils": utils})


def _torch_shims() -> None:
    try:
        import torchvision  # noqa: F401
    except Exception:
        for name in [n for n in sys.modules if n == "torchvision" or n.startswith("torchvision.")]:
            del sys.modules[name]
        _torchvision_stub()
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
    with tempfile.TemporaryDirectory(prefix="paste12-") as cwd:  # pastes that write files write them here
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
            if args.update:
                case.update(total=got["total"], trainable=got["trainable"], non_trainable=got["non_trainable"],
                            pytorch_total=got["total"] if fw == "pytorch" else None)
                if got.get("out_shape") is not None:
                    case["out_shape"] = got["out_shape"]
            if case.get("out_shape") is not None and got.get("out_shape") is not None \
                    and got["out_shape"] != case["out_shape"]:
                row["error"] = f"out_shape {got['out_shape']} != {case['out_shape']}"
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
