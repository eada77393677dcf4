"""Re-compute the ground truth of ``pasted_code_thirteenth.jsonl`` by building every model, and report mismatches.

    python benchmarks/data/pasted_code_thirteenth_truth.py [--keras-python PY] [--torch-python PY] [--only ID ...]
                                                          [--update] [--render ID] [--json]

``pasted_code_thirteenth.jsonl`` is a thirteenth set of 30 real pastes, gathered after the twelfth and scored untouched,
from repositories no earlier set uses (``USED_SOURCES`` lists the earlier sources and the sanity check refuses them):

* Keras (11): amanchadha/coursera-deep-learning-specialization (NMT attention with shared global layers, the Jazz
  ``djmodel`` with one shared LSTM cell in a loop, the SIGNS ``convolutional_model`` in a messy notebook, the
  Transformer ``Encoder`` of subclassed layers), mrdbourke/tensorflow-deep-learning (N-BEATS: 30 subclassed blocks
  joined with subtract/add; a messy pizza/steak notebook with model_4 and model_5), maxpumperla/
  deep_learning_and_the_game_of_go (the chapter 6 CNN script, the AlphaGo value net built in a loop, the AlphaGo Zero
  dual residual network whose Dense heads act on a 4-D tensor, the ``large`` layer list with train_and_store.py),
  rcmalli/keras-squeezenet (fire modules with ``concatenate``).
* PyTorch (16 + 3 prints): akamaster/pytorch_resnet_cifar10, bearpaw/pytorch-classification (DenseNet-BC-100, WRN-28-10,
  PreResNet-110; AlexNet printed), yenchenlin/nerf-pytorch (create_nerf; a NeRF printed), lucidrains/mlp-mixer-pytorch,
  AntixK/PyTorch-VAE, sgrvinod/a-PyTorch-Tutorial-to-Super-Resolution (SRGAN discriminator), ultralytics/yolov5
  (BottleneckCSP; a C3 printed), jcjohnson/pytorch-examples (nn.Sequential, a module class, DynamicNet reusing a layer),
  mrdbourke/pytorch-deep-learning (TinyVGG in a messy notebook, nn.Parameter regression, CircleModelV2, ModelV1).

Five are messy notebook pastes (imports of course helpers, data loading, training loops, plots) and most carry a
question in Persian before the code, some giving sizes the paste lacks (a config, a vocabulary size).  Each ``origin``
names the repository, path, commit and the cells or lines taken.  Ground truth is the framework's own count of the model
the paste (or its question) names: Keras 3 ``count_params()`` with the ``trainable_weights`` / ``non_trainable_weights``
split (BatchNormalization statistics non-trainable); PyTorch ``sum(p.numel() for p in model.parameters())`` with
``requires_grad`` deciding trainable (BatchNorm running statistics are buffers).

How to run.  ``cd /work/main && python benchmarks/data/pasted_code_thirteenth_truth.py`` (any Python 3 for the parent).
Every case runs in its own child process in a fresh temporary directory: Keras cases with Keras 3 on the torch backend
(``--keras-python``, default ``/tmp/kv13/bin/python`` or ``$KERAS_PYTHON``; make it with
``python3 -m venv /tmp/kv13 && /tmp/kv13/bin/pip install keras torch``), PyTorch cases with the project's
``.venv/bin/python`` (``--torch-python`` or ``$TORCH_PYTHON``).  A missing interpreter makes its cases *skipped*.  The
child strips the question (``QUESTIONS``) and IPython ``%``/``!`` lines, applies ``SUBS`` (Keras 3 spellings, a second
``from __future__`` when two files are pasted, imports of the pasted function or of repo-only modules), drops
``SKIP`` stretches, runs ``PRELUDE`` (stand-ins for cells not pasted, data, and sizes from the question), the code up to
``CUT`` (training is not run), ``POST`` (build the model the question names), then counts ``TARGET`` (default
``model``).  Missing packages get stand-ins: ``tensorflow`` mapped onto Keras 3, Keras 2 module paths onto
``keras.layers``, course helper modules, matplotlib, pandas and similar become inert, ``einops`` layers become
parameter-free modules when einops is absent, the broken ``torchvision`` of the project's venv is replaced by a stub.
``print(model)`` cases rebuild the model from ``PRINTS`` and assert that ``str(model)`` equals the pasted text.
``out_shape`` is checked where ``TRUTH_INPUT`` or a Keras output shape allows.  The sanity check refuses ids of earlier
sets, origins from earlier sources, and code of 7,000 characters or more than 160 lines.

``--update`` writes the computed numbers into the jsonl; ``--render ID`` prints the ``print(model)`` text of a print
case.  Exit status 1 on any mismatch or error.
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
DEFAULT_CASES = HERE / "pasted_code_thirteenth.jsonl"
LIMIT = 7000
LINES = 160

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
    # the twelfth set
    "Kulbear/", "eriklindernoren/", "bnsreenu/", "nicknochnack/", "krishnaik06/", "aymericdamien/",
    "leriomaggio/", "weiaicunzai/", "chenyuntc/", "harveyslash/", "msmrexe/", "harvardnlp/", "howsam/",
    "machinelearningmastery", "pytorch/pytorch", "pytorch/vision",
)

QUESTIONS = {
    'amanchadha-nmt-attention-shared-layers':
        'سلام، این مدل ترجمه تاریخ با attention از کورس Sequence Models هست. Tx = 30 و Ty = 10 و len(human_vocab) = 37 و len(machine_vocab) = 11. model چند تا پارامتر داره؟ لایه\u200cهای shared توی حلقه چند بار حساب میشن؟',
    'amanchadha-jazz-djmodel-shared-lstm-messy':
        'سلام، دارم تمرین Jazz با LSTM رو انجام میدم. n_values = 90 و Tx = 30. model که با djmodel ساختم چند تا پارامتر داره؟',
    'amanchadha-signs-convolutional-model-messy':
        'این مدل convolutional_model تمرین SIGNS هست (عکس\u200cهای ۶۴ در ۶۴ رنگی، ۶ کلاس). conv_model چند پارامتر داره؟',
    'amanchadha-transformer-encoder-subclass-layers':
        'Encoder این تمرین Transformer رو با num_layers=2, embedding_dim=128, num_heads=4, fully_connected_dim=512, input_vocab_size=8000, maximum_position_encoding=100 ساختم. چند تا پارامتر داره؟ (positional_encoding پارامتر نداره)',
    'mrdbourke-tf-nbeats-block-subclass-stack':
        'سلام، مدل N-BEATS دوره TensorFlow رو زدم. WINDOW_SIZE = 7 و HORIZON = 1 هست. model_7 چند تا پارامتر داره؟',
    'mrdbourke-tf-pizza-steak-model-5-messy':
        'سلام. model_4 خیلی پارامتر داشت، بعد model_5 رو با MaxPool ساختم. model_5 چند تا پارامتر داره؟',
    'dlgo-mcts-go-cnn-script':
        'این اسکریپت فصل ۶ کتاب Deep Learning and the Game of Go هست. model چند پارامتر داره؟',
    'dlgo-alphago-value-net-loop':
        'alphago_model((49, 19, 19), is_policy_net=False) رو برای value network ساختم (49 صفحه\u200cی encoder آلفاگو). چند میلیون پارامتر داره؟',
    'dlgo-alphago-zero-dual-residual':
        'dual_residual_network(input_shape=(11, 19, 19), blocks=20) چند تا پارامتر داره؟ چندتاش BatchNorm غیرقابل آموزش هست؟',
    'dlgo-large-layers-train-and-store':
        'سلام، شبکه large کتاب Go رو با SevenPlaneEncoder (هفت صفحه، صفحه 19x19) آموزش میدم. model چند تا پارامتر داره؟',
    'rcmalli-squeezenet-fire-concatenate':
        'SqueezeNet(weights=None) رو بدون وزن\u200cهای imagenet ساختم (include_top=True, classes=1000). چند پارامتر داره؟',
    'akamaster-resnet20-option-a-lambda':
        'resnet20() از این فایل چند تا پارامتر داره؟ شورتکات option A پارامتر داره؟',
    'bearpaw-densenet-bc-100-12':
        'سلام، densenet(depth=100, growthRate=12, num_classes=100) برای CIFAR-100 چند پارامتر داره؟',
    'bearpaw-wrn-28-10':
        'wrn(depth=28, widen_factor=10, dropRate=0.3, num_classes=10) چند میلیون پارامتر داره؟',
    'nerf-pytorch-create-nerf-coarse':
        'سلام. NeRF رو با کانفیگ lego اجرا می\u200cکنم: multires=10, multires_views=4, i_embed=0, use_viewdirs=True, N_importance=64, netdepth=8, netwidth=256. مدل coarse یعنی model توی create_nerf چند تا پارامتر داره؟',
    'lucidrains-mlp-mixer-function-sequential':
        'model = MLPMixer(image_size = 256, channels = 3, patch_size = 16, dim = 512, depth = 12, num_classes = 1000) چند تا پارامتر داره؟',
    'antixk-vanilla-vae-hidden-dims-loop':
        'VanillaVAE(in_channels=3, latent_dim=128) رو با hidden_dims پیش\u200cفرض ساختم (عکس\u200cهای 64x64 CelebA). چند تا پارامتر داره؟',
    'sgrvinod-srgan-discriminator-blocks':
        'Discriminator() مدل SRGAN با مقدارهای پیش\u200cفرض (n_blocks=8, fc_size=1024) چند تا پارامتر داره؟',
    'yolov5-bottleneck-csp-blocks':
        'BottleneckCSP(256, 256, n=3) از yolov5 چند تا پارامتر داره؟',
    'jcjohnson-dynamic-net-reused-middle-messy':
        'سلام، توی این DynamicNet لایه middle_linear توی forward تا سه بار تکرار میشه. model چند تا پارامتر داره؟ تکرارها پارامتر اضافه می\u200cکنن؟',
    'mrdbourke-fashionmnist-tinyvgg-model-2-messy':
        'سلام، این TinyVGG روی FashionMNIST هست (۱۰ کلاس، عکس ۲۸ در ۲۸ خاکستری). model_2 چند پارامتر داره؟ conv_layer و conv_layer_2 که پایینش ساختم جزوش حساب میشن؟',
    'mrdbourke-linear-regression-nn-parameter':
        'model_0 چند تا پارامتر داره؟',
    'mrdbourke-circle-model-v2-relu':
        'model_3 چند پارامتر داره؟ (device رو قبلش cpu گذاشتم)',
    'bearpaw-preresnet-110':
        'preresnet(depth=110, num_classes=10) چند پارامتر داره؟',
    'mrdbourke-fashionmnist-model-v1-flatten':
        'model_1 چند پارامتر داره؟ class_names ده تا کلاس FashionMNIST هست.',
    'print-bearpaw-alexnet-cifar':
        'print(model) مدل AlexNet برای CIFAR-10. چند تا پارامتر داره؟',
    'print-nerf-no-viewdirs':
        'این خروجی print(model) برای NeRF بدون viewdirs هست. کل مدل چند پارامتر داره؟',
    'print-yolov5-c3-block':
        'print این بلوک C3 از yolov5 هست. چند پارامتر داره؟ BatchNorm ها چقدر non-trainable دارن؟',
}

SUBS = {
    # Keras 3 names LSTM's first argument `sequences`
    "amanchadha-jazz-djmodel-shared-lstm-messy": [("LSTM_cell(inputs=x, ", "LSTM_cell(x, ")],
    # Keras 3 takes non-tensor call arguments by keyword only
    "amanchadha-transformer-encoder-subclass-layers": [("self.enc_layers[i](x,training, mask)", "self.enc_layers[i](x, training=training, mask=mask)"),
        ("self.mha(x, x, x, mask)", "self.mha(x, x, x, attention_mask=mask)")],  # Keras 2: the 4th argument was attention_mask
    "nerf-pytorch-create-nerf-coarse": [("    grad_vars = list(model.parameters())\n", "    grad_vars = list(model.parameters())\n    return model\n")],
    "rcmalli-squeezenet-fire-concatenate": [(", Dropout, warnings\n", ", Dropout\n"), ("s_id = 'fire' + str(fire_id) + '/'", "s_id = 'fire' + str(fire_id) + '_'"),  # Keras 3: no "/" in names
                                             ("from keras.utils import layer_utils\n", "")],
    "dlgo-large-layers-train-and-store": [("from __future__ import print_function\n", ""), ("from dlgo.networks.large import layers\n", "")],
    "antixk-vanilla-vae-hidden-dims-loop": [("from .types_ import *\n", "")],
    # Keras 3 wants a tuple for Input's shape
    "mrdbourke-tf-nbeats-block-subclass-stack": [("layers.Input(shape=(INPUT_SIZE), ", "layers.Input(shape=(INPUT_SIZE,), ")],
}

SKIP = {
    "amanchadha-jazz-djmodel-shared-lstm-messy": [("X, Y, n_values, indices_values, chords", "# number of dimensions")],
}

PRELUDE = {
    # nmt_utils (not pasted) brings a softmax over axis 1; the question gives Tx, Ty and the vocabulary sizes
    "amanchadha-nmt-attention-shared-layers":
        "import keras\nsoftmax = lambda x, axis=1: keras.ops.softmax(x, axis=axis)\nTx, Ty = 30, 10\n"
        "human_vocab = {str(i): i for i in range(37)}\nmachine_vocab = {str(i): i for i in range(11)}\n",
    "amanchadha-signs-convolutional-model-messy":
        "import numpy as np\n"
        "load_signs_dataset = lambda: (np.zeros((1080, 64, 64, 3)), np.zeros((1, 1080), dtype=int), "
        "np.zeros((120, 64, 64, 3)), np.zeros((1, 120), dtype=int), np.arange(6))\n"
        "convert_to_one_hot = lambda Y, C: np.eye(C)[Y.reshape(-1)].T\n",
    # positional_encoding (cell 8, not pasted) has no weights
    "amanchadha-transformer-encoder-subclass-layers":
        "import keras\npositional_encoding = lambda positions, d: keras.ops.zeros((1, positions, d))\n",
    "mrdbourke-tf-nbeats-block-subclass-stack": "import tensorflow as tf\nfrom tensorflow.keras import layers\nWINDOW_SIZE, HORIZON = 7, 1\n",
    # earlier cells built train_data/test_data generators; fit is not run
    "mrdbourke-tf-pizza-steak-model-5-messy":
        "import types, keras\nimport matplotlib.pyplot as plt\ntrain_data = test_data = [0] * 47\n"
        "keras.Model.fit = lambda self, *a, **k: types.SimpleNamespace(history={k2: [0.0] * 5 for k2 in "
        "('loss', 'val_loss', 'accuracy', 'val_accuracy')})\n",
    "dlgo-mcts-go-cnn-script": "import numpy as np\nnp.load = lambda *a, **k: np.zeros((12000, 81))\n",
    "dlgo-large-layers-train-and-store":
        "import sys, types, numpy as np\n"
        "for _n in ('dlgo', 'dlgo.data', 'dlgo.data.parallel_processor', 'dlgo.encoders', 'dlgo.encoders.sevenplane'):\n"
        "    sys.modules[_n] = types.ModuleType(_n)\n"
        "class SevenPlaneEncoder:\n    num_planes = 7\n    def __init__(self, board_size): pass\n    def name(self): return 'sevenplane'\n"
        "class GoDataProcessor:\n    def __init__(self, encoder): pass\n"
        "    def load_go_data(self, num_samples): return np.zeros((4, 7, 19, 19)), np.zeros(4, dtype=int)\n"
        "sys.modules['dlgo.data.parallel_processor'].GoDataProcessor = GoDataProcessor\n"
        "sys.modules['dlgo.encoders.sevenplane'].SevenPlaneEncoder = SevenPlaneEncoder\n",
    "rcmalli-squeezenet-fire-concatenate":
        "import sys, types\n_m = types.ModuleType('keras_applications')\n_u = types.ModuleType('keras_applications.imagenet_utils')\n"
        "_u._obtain_input_shape = lambda input_shape, default_size, min_size, data_format, require_flatten: "
        "input_shape or (default_size, default_size, 3)\n_m.imagenet_utils = _u\n"
        "sys.modules.update({'keras_applications': _m, 'keras_applications.imagenet_utils': _u})\n",
    "nerf-pytorch-create-nerf-coarse":
        "import types\nargs = types.SimpleNamespace(multires=10, multires_views=4, i_embed=0, use_viewdirs=True, N_importance=64, "
        "netdepth=8, netwidth=256)\ndevice = 'cpu'\n",
    "antixk-vanilla-vae-hidden-dims-loop":
        "import sys, types, torch\n_m = types.ModuleType('models')\n_m.BaseVAE = torch.nn.Module\nsys.modules['models'] = _m\n"
        "from typing import List, Any\nfrom torch import Tensor\n",
    "mrdbourke-fashionmnist-tinyvgg-model-2-messy":
        "import sys, types\n_tv = types.ModuleType('torchvision')\n_ds = types.ModuleType('torchvision.datasets')\n"
        "_tr = types.ModuleType('torchvision.transforms')\n_tr.ToTensor = lambda: None\n"
        "_ds.FashionMNIST = lambda **k: types.SimpleNamespace(classes=['T-shirt/top', 'Trouser', 'Pullover', 'Dress', "
        "'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'])\n_tv.datasets, _tv.transforms = _ds, _tr\n"
        "_tv.__version__ = '0'\nsys.modules.update({'torchvision': _tv, 'torchvision.datasets': _ds, 'torchvision.transforms': _tr})\n",
    "mrdbourke-linear-regression-nn-parameter": "import torch\nfrom torch import nn\n",
    "mrdbourke-circle-model-v2-relu": "import torch\ndevice = 'cpu'\n",
    "mrdbourke-fashionmnist-model-v1-flatten":
        "import torch\nfrom torch import nn\ndevice = 'cpu'\nclass_names = list(range(10))\n",
}

CUT = {
    "amanchadha-jazz-djmodel-shared-lstm-messy": "opt = Adam(",
    "amanchadha-signs-convolutional-model-messy": "conv_model.compile(",
    "mrdbourke-tf-nbeats-block-subclass-stack": "model_7.compile(",
    "dlgo-mcts-go-cnn-script": "model.compile(",
    "dlgo-large-layers-train-and-store": "model.compile(",
    "jcjohnson-two-layer-net-nn-sequential": "loss_fn = ",
    "jcjohnson-dynamic-net-reused-middle-messy": "criterion = ",
    "jcjohnson-two-layer-net-module-class": "loss_fn = ",
}

POST = {
    "amanchadha-transformer-encoder-subclass-layers":
        "import numpy as np\nmodel = Encoder(num_layers=2, embedding_dim=128, num_heads=4, fully_connected_dim=512, "
        "input_vocab_size=8000, maximum_position_encoding=100)\nmodel(np.zeros((1, 10), dtype='int32'), training=False, mask=None)\n",
    "dlgo-alphago-value-net-loop": "model = alphago_model((49, 19, 19), is_policy_net=False)\n",
    "dlgo-alphago-zero-dual-residual": "model = dual_residual_network(input_shape=(11, 19, 19), blocks=20)\n",
    "rcmalli-squeezenet-fire-concatenate": "model = SqueezeNet(weights=None)\n",
}

TARGET = {
    "amanchadha-signs-convolutional-model-messy": "conv_model",
    "mrdbourke-tf-nbeats-block-subclass-stack": "model_7",
    "mrdbourke-tf-pizza-steak-model-5-messy": "model_5",
    "akamaster-resnet20-option-a-lambda": "resnet20()",
    "bearpaw-densenet-bc-100-12": "densenet(depth=100, growthRate=12, num_classes=100)",
    "bearpaw-wrn-28-10": "wrn(depth=28, widen_factor=10, dropRate=0.3, num_classes=10)",
    "lucidrains-mlp-mixer-function-sequential":
        "MLPMixer(image_size = 256, channels = 3, patch_size = 16, dim = 512, depth = 12, num_classes = 1000)",
    "antixk-vanilla-vae-hidden-dims-loop": "VanillaVAE(in_channels=3, latent_dim=128)",
    "sgrvinod-srgan-discriminator-blocks": "Discriminator()",
    "yolov5-bottleneck-csp-blocks": "BottleneckCSP(256, 256, n=3)",
    "mrdbourke-fashionmnist-tinyvgg-model-2-messy": "model_2",
    "mrdbourke-linear-regression-nn-parameter": "model_0",
    "mrdbourke-circle-model-v2-relu": "model_3",
    "nerf-pytorch-create-nerf-coarse": "create_nerf(args)",
    "bearpaw-preresnet-110": "preresnet(depth=110, num_classes=10)",
    "mrdbourke-fashionmnist-model-v1-flatten": "model_1",
}

TRUTH_INPUT = {
    "akamaster-resnet20-option-a-lambda": (1, 3, 32, 32),
    "bearpaw-densenet-bc-100-12": (1, 3, 32, 32),
    "bearpaw-wrn-28-10": (1, 3, 32, 32),
    "bearpaw-preresnet-110": (1, 3, 32, 32),
    "lucidrains-mlp-mixer-function-sequential": None,  # einops may be a stub here: no forward pass
    "sgrvinod-srgan-discriminator-blocks": (1, 3, 96, 96),
    "yolov5-bottleneck-csp-blocks": (1, 256, 20, 20),
    "mrdbourke-fashionmnist-tinyvgg-model-2-messy": (1, 1, 28, 28),
}
TRUTH_INPUT = {k: v for k, v in TRUTH_INPUT.items() if v is not None}

# the real code behind each print(model) case: it must rebuild `model` whose str() is the pasted text
PRINTS = {
    'print-bearpaw-alexnet-cifar': '\'\'\'AlexNet for CIFAR10. FC layers are removed. Paddings are adjusted.\nWithout BN, the start learning rate should be 0.01\n(c) YANG, Wei \n\'\'\'\nimport torch.nn as nn\n\n\n__all__ = [\'alexnet\']\n\n\nclass AlexNet(nn.Module):\n\n    def __init__(self, num_classes=10):\n        super(AlexNet, self).__init__()\n        self.features = nn.Sequential(\n            nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=5),\n            nn.ReLU(inplace=True),\n            nn.MaxPool2d(kernel_size=2, stride=2),\n            nn.Conv2d(64, 192, kernel_size=5, padding=2),\n            nn.ReLU(inplace=True),\n            nn.MaxPool2d(kernel_size=2, stride=2),\n            nn.Conv2d(192, 384, kernel_size=3, padding=1),\n            nn.ReLU(inplace=True),\n            nn.Conv2d(384, 256, kernel_size=3, padding=1),\n            nn.ReLU(inplace=True),\n            nn.Conv2d(256, 256, kernel_size=3, padding=1),\n            nn.ReLU(inplace=True),\n            nn.MaxPool2d(kernel_size=2, stride=2),\n        )\n        self.classifier = nn.Linear(256, num_classes)\n\n    def forward(self, x):\n        x = self.features(x)\n        x = x.view(x.size(0), -1)\n        x = self.classifier(x)\n        return x\n\n\ndef alexnet(**kwargs):\n    r"""AlexNet model architecture from the\n    `"One weird trick..." <https://arxiv.org/abs/1404.5997>`_ paper.\n    """\n    model = AlexNet(**kwargs)\n    return model\n\nmodel = alexnet(num_classes=10)\n',
    'print-nerf-no-viewdirs': 'import torch\n# torch.autograd.set_detect_anomaly(True)\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport numpy as np\n# Model\nclass NeRF(nn.Module):\n    def __init__(self, D=8, W=256, input_ch=3, input_ch_views=3, output_ch=4, skips=[4], use_viewdirs=False):\n        """ \n        """\n        super(NeRF, self).__init__()\n        self.D = D\n        self.W = W\n        self.input_ch = input_ch\n        self.input_ch_views = input_ch_views\n        self.skips = skips\n        self.use_viewdirs = use_viewdirs\n        \n        self.pts_linears = nn.ModuleList(\n            [nn.Linear(input_ch, W)] + [nn.Linear(W, W) if i not in self.skips else nn.Linear(W + input_ch, W) for i in range(D-1)])\n        \n        ### Implementation according to the official code release (https://github.com/bmild/nerf/blob/master/run_nerf_helpers.py#L104-L105)\n        self.views_linears = nn.ModuleList([nn.Linear(input_ch_views + W, W//2)])\n\n        ### Implementation according to the paper\n        # self.views_linears = nn.ModuleList(\n        #     [nn.Linear(input_ch_views + W, W//2)] + [nn.Linear(W//2, W//2) for i in range(D//2)])\n        \n        if use_viewdirs:\n            self.feature_linear = nn.Linear(W, W)\n            self.alpha_linear = nn.Linear(W, 1)\n            self.rgb_linear = nn.Linear(W//2, 3)\n        else:\n            self.output_linear = nn.Linear(W, output_ch)\n\n    def forward(self, x):\n        input_pts, input_views = torch.split(x, [self.input_ch, self.input_ch_views], dim=-1)\n        h = input_pts\n        for i, l in enumerate(self.pts_linears):\n            h = self.pts_linears[i](h)\n\nmodel = NeRF(D=8, W=256, input_ch=63, output_ch=4, skips=[4], input_ch_views=27, use_viewdirs=False)\n',
    'print-yolov5-c3-block': 'import torch\nimport torch.nn as nn\n\ndef autopad(k, p=None, d=1):\n    """Pads kernel to \'same\' output shape, adjusting for optional dilation; returns padding size.\n\n    `k`: kernel, `p`: padding, `d`: dilation.\n    """\n    if d > 1:\n        k = d * (k - 1) + 1 if isinstance(k, int) else [d * (x - 1) + 1 for x in k]  # actual kernel-size\n    if p is None:\n        p = k // 2 if isinstance(k, int) else [x // 2 for x in k]  # auto-pad\n    return p\n\n\nclass Conv(nn.Module):\n    """Applies a convolution, batch normalization, and activation function to an input tensor in a neural network."""\n\n    default_act = nn.SiLU()  # default activation\n\n    def __init__(self, c1, c2, k=1, s=1, p=None, g=1, d=1, act=True):\n        """Initializes a standard convolution layer with optional batch normalization and activation."""\n        super().__init__()\n        self.conv = nn.Conv2d(c1, c2, k, s, autopad(k, p, d), groups=g, dilation=d, bias=False)\n        self.bn = nn.BatchNorm2d(c2)\n        self.act = self.default_act if act is True else act if isinstance(act, nn.Module) else nn.Identity()\n\n    def forward(self, x):\n        """Applies a convolution followed by batch normalization and an activation function to the input tensor `x`."""\n        return self.act(self.bn(self.conv(x)))\n\n    def forward_fuse(self, x):\n        """Applies a fused convolution and activation function to the input tensor `x`."""\n        return self.act(self.conv(x))\n\n\n\nclass Bottleneck(nn.Module):\n    """A bottleneck layer with optional shortcut and group convolution for efficient feature extraction."""\n\n    def __init__(self, c1, c2, shortcut=True, g=1, e=0.5):\n        """Initializes a standard bottleneck layer with optional shortcut and group convolution, supporting channel\n        expansion.\n        """\n        super().__init__()\n        c_ = int(c2 * e)  # hidden channels\n        self.cv1 = Conv(c1, c_, 1, 1)\n        self.cv2 = Conv(c_, c2, 3, 1, g=g)\n        self.add = shortcut and c1 == c2\n\n    def forward(self, x):\n        """Processes input through two convolutions, optionally adds shortcut if channel dimensions match; input is a\n        tensor.\n        """\n        return x + self.cv2(self.cv1(x)) if self.add else self.cv2(self.cv1(x))\n\n\n\nclass C3(nn.Module):\n    """Implements a CSP Bottleneck module with three convolutions for enhanced feature extraction in neural networks."""\n\n    def __init__(self, c1, c2, n=1, shortcut=True, g=1, e=0.5):\n        """Initializes C3 module with options for channel count, bottleneck repetition, shortcut usage, group\n        convolutions, and expansion.\n        """\n        super().__init__()\n        c_ = int(c2 * e)  # hidden channels\n        self.cv1 = Conv(c1, c_, 1, 1)\n        self.cv2 = Conv(c1, c_, 1, 1)\n        self.cv3 = Conv(2 * c_, c2, 1)  # optional act=FReLU(c2)\n        self.m = nn.Sequential(*(Bottleneck(c_, c_, shortcut, g, e=1.0) for _ in range(n)))\n\n    def forward(self, x):\n        """Performs forward propagation using concatenated outputs from two convolutions and a Bottleneck sequence."""\n        return self.cv3(torch.cat((self.m(self.cv1(x)), self.cv2(x)), 1))\n\n\n\nmodel = C3(64, 64, n=2)\n',
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


INERT = ["faker", "babel", "babel.dates", "nmt_utils", "music21", "grammar", "qa", "preprocess", "music_utils",
         "data_utils", "outputs", "test_utils", "cnn_utils", "transformers", "h5py", "matplotlib", "matplotlib.pyplot", "tqdm", "pandas", "sklearn", "sklearn.model_selection",
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
        tf.math = types.SimpleNamespace(sqrt=ops.sqrt)
        tf.cast = lambda x, dtype: ops.cast(x, dtype)
        tf.shape = lambda x: ops.shape(x)
        tf.squeeze = ops.squeeze
        tf.data = _inert_module("tensorflow.data")
        tf.config = _inert_module("tensorflow.config")
        mapping.update({"tensorflow": tf, "tensorflow.keras": keras})
        for sub in ("layers", "models", "datasets", "utils", "regularizers", "optimizers", "callbacks",
                    "initializers", "losses", "activations", "metrics"):
            mapping["tensorflow.keras." + sub] = getattr(keras, sub)
        mapping["tensorflow.keras.datasets.mnist"] = keras.datasets.mnist
        mapping["tensorflow.keras.backend"] = keras.backend
        for inert in ("tensorflow.python", "tensorflow.python.framework", "keras.engine", "keras.engine.topology"):
            mapping[inert] = _inert_module(inert)
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


def _einops_stub():
    import types

    import torch.nn as nn
    try:
        import einops  # noqa: F401
        return
    except Exception:
        pass

    class _NoParams(nn.Module):  # Rearrange / Reduce: reshapes and means, no parameters
        def __init__(self, *a, **k):
            super().__init__()

    e = types.ModuleType("einops")
    e.__path__ = []
    lt = types.ModuleType("einops.layers")
    lt.__path__ = []
    t = types.ModuleType("einops.layers.torch")
    t.Rearrange = t.Reduce = _NoParams
    e.layers, lt.torch = lt, t
    sys.modules.update({"einops": e, "einops.layers": lt, "einops.layers.torch": t})


def _torch_shims() -> None:
    _einops_stub()
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
    with tempfile.TemporaryDirectory(prefix="paste13-") as cwd:  # pastes that write files write them here
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
        if len(c["code"]) >= LIMIT or c["code"].count("\n") > LINES:
            problems.append(f"{c['id']}: code of {len(c['code'])} characters, {c['code'].count(chr(10))} lines")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    ap.add_argument("--keras-python", default=os.environ.get("KERAS_PYTHON", "/tmp/kv13/bin/python"))
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
