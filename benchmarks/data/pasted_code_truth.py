"""Re-compute the ground truth of ``pasted_code.jsonl`` by running every case for real, and report mismatches.

    python benchmarks/data/pasted_code_truth.py [--cases FILE] [--only ID ...] [--update] [--json]

Nothing here is part of the product: this script *executes* the pasted code (in a scratch copy, in a
subprocess) to learn what the frameworks themselves say.  It needs two virtual environments that the
project does not install:

* ``/tmp/kenv``: ``python3 -m venv /tmp/kenv && /tmp/kenv/bin/pip install torch==2.13.0 keras``
  (Keras 3 on the torch backend; the Keras cases run with ``KERAS_BACKEND=torch``);
* ``/tmp/tvenv``: ``python3 -m venv /tmp/tvenv && /tmp/tvenv/bin/pip install torch==2.13.0 torchvision==0.28.0``
  (the PyTorch cases, and the ``torch-print`` cases, whose models are rebuilt from ``PRINT_SOURCES`` below
  and whose ``print(model)`` text must equal the case's ``code``).  On this machine torchvision's compiled
  ops do not load against the CPU torch build; the runner skips registering them (models need none).

Override the locations with ``--keras-python`` / ``--torch-python``.

What the runner does to the scratch copy (the ``code`` field itself is never changed):

* a stand-in ``tensorflow`` package maps ``tf.keras``/``tensorflow.keras.*`` to Keras 3 and provides
  ``tf.nn.relu`` & co., ``tf.zeros``, ``tf.random.uniform``;  a stand-in ``d2l`` package (``d2l.torch``,
  ``d2l.tensorflow``) provides ``d2l.Classifier``, ``d2l.init_cnn`` and no-op data/training helpers;
* data sets are never downloaded: ``keras.datasets.*.load_data`` return a few zero samples of the real
  shape, ``torchvision.datasets.*`` and ``DataLoader`` are empty; ``fit``/``evaluate``/``predict`` and
  ``plot_model`` do nothing; ``keras.applications`` models are built with ``weights=None`` (same counts);
* ``SCRATCH`` below lists per-case text replacements where Keras 3 cannot run the original
  (Keras 1/2-only spellings) or where data would decide a value, and ``TARGET`` names the model when a
  paste defines several.

Counting: Keras: ``model.count_params()`` (= ``summary()``'s "Total params"; BatchNorm moving statistics
and Normalization's mean/variance/count are non-trainable weights), trainable = sum of
``trainable_weights`` sizes.  PyTorch: ``sum(p.numel() for p in model.parameters())``, trainable = those
with ``requires_grad``; lazy modules are materialised by one forward pass on zeros of the case's input.
``out_shape`` is the output of one forward pass (batch dimension dropped) where the model takes one tensor.

``pytorch_total`` is ``total`` for PyTorch cases and null for Keras ones.

``--update`` writes the computed numbers (and, for ``torch-print`` cases, the printed text) into the file,
as done when cases are added; without it the script only compares, and exits 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CASES = HERE / "pasted_code.jsonl"

# Text replacements applied to the scratch copy only, where Keras 3 (or Python 3) cannot run what the
# tutorial printed, or where a line needs the real data.
SCRATCH: dict[str, list[tuple[str, str]]] = {
    "keras1-vgg16-gist": [
        ("from keras.layers.convolutional import Convolution2D, MaxPooling2D, ZeroPadding2D",
         "from keras.layers import Conv2D, MaxPooling2D, ZeroPadding2D"),
        ("from keras.layers.core import Flatten, Dense, Dropout", "from keras.layers import Flatten, Dense, Dropout"),
        ("import cv2, numpy as np", "import numpy as np"),
        ("Convolution2D(64, 3, 3,", "Conv2D(64, (3, 3),"), ("Convolution2D(128, 3, 3,", "Conv2D(128, (3, 3),"),
        ("Convolution2D(256, 3, 3,", "Conv2D(256, (3, 3),"), ("Convolution2D(512, 3, 3,", "Conv2D(512, (3, 3),"),
        ("input_shape=(3,224,224)", "input_shape=(224,224,3)"),   # Theano ordering; same counts
        ('if __name__ == "__main__":', "if False:"),
        ("print np.argmax(out)", "pass"),                          # Python 2
    ],
    "keras2-cifar10-cnn": [("keras.optimizers.RMSprop(lr=0.0001, decay=1e-6)", "keras.optimizers.RMSprop()"),
                           ("from keras.preprocessing.image import ImageDataGenerator\n", "")],
    "student-googlenet-inception-functional": [("from keras.layers.core import Layer", "from keras.layers import Layer")]
    + [(f"{name}/{n}'", f"{name}_{n}'") for name, n in (("conv_1_7x7", 2), ("max_pool_1_3x3", 2), ("conv_2a_3x3", 1),
                                                          ("conv_2b_3x3", 1), ("max_pool_2_3x3", 2), ("avg_pool_5_3x3", 1))],
    "tf-text-classification-embedding": [("layers.TextVectorization(", "dict(")],   # needs real TF; not in the model
    "d2l-resnet-tf": [("self.residual_layers.layers", "self.residual_layers")],   # TF 2's ListWrapper.layers
    "torch-transfer-learning-frozen": [("weights='IMAGENET1K_V1'", "weights=None")],   # same counts, no download
    "d2l1-vgg-lazy-classifier": [("model.apply_init([next(iter(data.get_dataloader(True)))[0]], d2l.init_cnn)", "pass")],
}
# Run before every scratch copy of its framework (many pastes are notebook cells that rely on earlier imports).
COMMON_PRELUDE = {
    "keras": "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n"
             "from tensorflow.keras import layers, losses\nfrom tensorflow.keras.models import Sequential\n",
    "pytorch": "import torch\nfrom torch import nn, optim\nimport torch.nn.functional as F\n",
}
# Values that earlier cells of the tutorial define (or its data would decide).
PRELUDE: dict[str, str] = {
    "tf-regression-normalization": "train_features = np.random.rand(32, 9)\n",
    "tf-flowers-augmentation-nested": "img_height, img_width, num_classes = 180, 180, 5\n",
    "tf-text-classification-embedding": "custom_standardization = 'lower_and_strip_punctuation'\n",
    "tf-overfit-l2-model": "regularizer_histories = {}\ncompile_and_fit = lambda model, name: None\n",
    "torch-dcgan-discriminator": "nc, ndf, ngpu = 3, 64, 1\ndevice = torch.device('cpu')\nweights_init = lambda m: None\n",
    "torch-examples-vae": "device = torch.device('cpu')\n",
    "d2l-vgg-small-comprehension": "from d2l import torch as d2l\n",
}
# The model to count when the paste's "model"/"net" (or its last model) is not the one, as an expression.
TARGET: dict[str, str] = {
    "keras1-vgg16-gist": "VGG_16()",
    "aladdin-unet": "UNET(in_channels=1, out_channels=1)",
}
# Inputs for a forward pass where the case has none because the code fixes it (a test tensor, input_length).
TRUTH_INPUT: dict[str, str] = {
    "keras2-imdb-cnn": "input 400",
    "d2l-lenet-torch": "input 1x28x28",
    "d2l-alexnet-torch": "input 1x224x224",
    "torch-blitz-net": "input 1x32x32",
    "d2l-vgg11-torch": "input 1x224x224",
    "d2l-googlenet-torch": "input 1x96x96",
    "d2l-resnet18-torch": "input 1x224x224",
    "d2l-vgg-tf": "input 224x224x1",
    "d2l-nin-tf": "input 224x224x1",
    "d2l-resnet-tf": "input 224x224x1",
}
# Cases whose forward pass takes more than one tensor (or a non-batched one): no out_shape.
NO_FORWARD = {"torch-char-rnn-tutorial", "torch-lstm-tagger", "torch-sentiment-bilstm", "torch-examples-vae"}

# torch-print cases: the code that builds the model whose print(model) is the case's text.
PRINT_SOURCES: dict[str, str] = {
    "print-torchvision-alexnet": "import torchvision\nmodel = torchvision.models.alexnet()",
    "print-torchvision-resnet18": "import torchvision\nmodel = torchvision.models.resnet18()",
    "print-torchvision-vgg11-bn": "import torchvision\nmodel = torchvision.models.vgg11_bn()",
    "print-torchvision-squeezenet1-0": "import torchvision\nmodel = torchvision.models.squeezenet1_0()",
    "print-torchvision-mobilenet-v2": "import torchvision\nmodel = torchvision.models.mobilenet_v2()",
    "print-blitz-net": '''
import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)
model = Net()
''',
    "print-quickstart-neuralnetwork": '''
from torch import nn
class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28*28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))
model = NeuralNetwork()
''',
    "print-lstm-classifier": '''
from torch import nn
class LSTMClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(5000, 100, padding_idx=0)
        self.lstm = nn.LSTM(100, 128, num_layers=2, batch_first=True, dropout=0.3, bidirectional=True)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(256, 2)
    def forward(self, x):
        out, (h, c) = self.lstm(self.embedding(x))
        return self.fc(self.dropout(out[:, -1, :]))
model = LSTMClassifier()
''',
    "print-d2l-googlenet": '''
import torch
from torch import nn
from torch.nn import functional as F
class Inception(nn.Module):
    def __init__(self, in_channels, c1, c2, c3, c4, **kwargs):
        super(Inception, self).__init__(**kwargs)
        self.p1_1 = nn.Conv2d(in_channels, c1, kernel_size=1)
        self.p2_1 = nn.Conv2d(in_channels, c2[0], kernel_size=1)
        self.p2_2 = nn.Conv2d(c2[0], c2[1], kernel_size=3, padding=1)
        self.p3_1 = nn.Conv2d(in_channels, c3[0], kernel_size=1)
        self.p3_2 = nn.Conv2d(c3[0], c3[1], kernel_size=5, padding=2)
        self.p4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
        self.p4_2 = nn.Conv2d(in_channels, c4, kernel_size=1)
    def forward(self, x):
        p1 = F.relu(self.p1_1(x))
        p2 = F.relu(self.p2_2(F.relu(self.p2_1(x))))
        p3 = F.relu(self.p3_2(F.relu(self.p3_1(x))))
        p4 = F.relu(self.p4_2(self.p4_1(x)))
        return torch.cat((p1, p2, p3, p4), dim=1)
b1 = nn.Sequential(nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3), nn.ReLU(),
                   nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
b2 = nn.Sequential(nn.Conv2d(64, 64, kernel_size=1), nn.ReLU(), nn.Conv2d(64, 192, kernel_size=3, padding=1),
                   nn.ReLU(), nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
b3 = nn.Sequential(Inception(192, 64, (96, 128), (16, 32), 32), Inception(256, 128, (128, 192), (32, 96), 64),
                   nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
b4 = nn.Sequential(Inception(480, 192, (96, 208), (16, 48), 64), Inception(512, 160, (112, 224), (24, 64), 64),
                   Inception(512, 128, (128, 256), (24, 64), 64), Inception(512, 112, (144, 288), (32, 64), 64),
                   Inception(528, 256, (160, 320), (32, 128), 128), nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
b5 = nn.Sequential(Inception(832, 256, (160, 320), (32, 128), 128), Inception(832, 384, (192, 384), (48, 128), 128),
                   nn.AdaptiveAvgPool2d((1,1)), nn.Flatten())
net = nn.Sequential(b1, b2, b3, b4, b5, nn.Linear(1024, 10))
''',
}

RUNNER = r'''
import contextlib, io, json, math, os, sys, tempfile, traceback, types, warnings
warnings.filterwarnings("ignore")
cases = json.load(open(sys.argv[1]))
framework = sys.argv[2]


class Anything:
    """Stands for any object a tutorial's data or training helpers return."""
    def __init__(self, *a, **k): pass
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Anything()
    def __call__(self, *a, **k): return Anything()
    def __iter__(self): return iter(())
    def __len__(self): return 0
    def __getitem__(self, key): return Anything()
    def __format__(self, spec): return "?"


def parse_input(text):
    if not text:
        return None
    return tuple(int(v) for v in text.split()[1].lower().split("x"))


shims = tempfile.mkdtemp()
os.makedirs(os.path.join(shims, "d2l"))
open(os.path.join(shims, "d2l", "__init__.py"), "w").write("")
for stub in ("matplotlib/__init__.py", "matplotlib/pyplot.py", "PIL/__init__.py"):   # plotting: not needed
    os.makedirs(os.path.join(shims, os.path.dirname(stub)), exist_ok=True)
    open(os.path.join(shims, stub), "w").write("def __getattr__(name):\n    return lambda *a, **k: None\n")
workdir = tempfile.mkdtemp()
os.chdir(workdir)

if framework == "keras":
    os.environ["KERAS_BACKEND"] = "torch"
    import numpy as np
    import keras
    os.makedirs(os.path.join(shims, "tensorflow"))
    open(os.path.join(shims, "tensorflow", "__init__.py"), "w").write("""
import sys, types, keras
from keras import ops as _ops
sys.modules[__name__ + '.keras'] = keras
def _register(prefix, mod, depth):
    for name in dir(mod):
        value = getattr(mod, name, None)
        if isinstance(value, types.ModuleType) and value.__name__.startswith('keras') and depth < 3:
            sys.modules[prefix + '.' + name] = value
            _register(prefix + '.' + name, value, depth + 1)
_register('tensorflow.keras', keras, 0)
nn = types.SimpleNamespace(relu=keras.activations.relu, softmax=keras.activations.softmax,
    sigmoid=keras.activations.sigmoid, tanh=keras.activations.tanh, elu=keras.activations.elu,
    leaky_relu=keras.activations.leaky_relu, gelu=keras.activations.gelu, swish=keras.activations.silu,
    relu6=keras.activations.relu6)
zeros, ones, reshape, concat = _ops.zeros, _ops.ones, _ops.reshape, _ops.concatenate
random = types.SimpleNamespace(uniform=lambda shape, *a, **k: keras.random.uniform(shape),
    normal=lambda shape, *a, **k: keras.random.normal(shape), set_seed=lambda seed: None)
float32, int32, int64 = 'float32', 'int32', 'int64'
newaxis = None
metrics, losses, optimizers, activations = keras.metrics, keras.losses, keras.optimizers, keras.activations
__version__ = '2.16.0 (stand-in: Keras ' + keras.__version__ + ')'
def function(f=None, **k):
    return f if f is not None else (lambda g: g)
""")
    open(os.path.join(shims, "d2l", "tensorflow.py"), "w").write("""
def load_data_fashion_mnist(*a, **k):
    return [], []
def __getattr__(name):
    return lambda *a, **k: None
""")

    def zeros_data(x_shape, y_shape, dtype="uint8"):
        return ((np.zeros(x_shape, dtype), np.zeros(y_shape, "uint8")), (np.zeros(x_shape, dtype), np.zeros(y_shape, "uint8")))

    # Keras looks for TensorFlow lazily; it must never take the stand-in for the real one
    from keras.src.utils import module_utils
    module_utils.tensorflow._available = False

    def no_tensorflow():
        raise ImportError("no tensorflow")
    module_utils.tensorflow.initialize = no_tensorflow

    def mnist_data(*a, **k):   # full size: Keras 2's mnist_mlp.py reshapes to (60000, 784)
        return ((np.zeros((60000, 28, 28), "uint8"), np.zeros(60000, "uint8")),
                (np.zeros((10000, 28, 28), "uint8"), np.zeros(10000, "uint8")))

    keras.datasets.mnist.load_data = mnist_data
    keras.datasets.fashion_mnist.load_data = lambda *a, **k: zeros_data((8, 28, 28), (8,))
    keras.datasets.cifar10.load_data = lambda *a, **k: zeros_data((8, 32, 32, 3), (8, 1))
    keras.datasets.cifar100.load_data = lambda *a, **k: zeros_data((8, 32, 32, 3), (8, 1))
    keras.datasets.imdb.load_data = lambda *a, **k: (([[1, 2, 3]] * 8, np.zeros(8, "uint8")), ([[1, 2, 3]] * 8, np.zeros(8, "uint8")))
    keras.Model.fit = lambda self, *a, **k: Anything()
    keras.Model.evaluate = lambda self, *a, **k: [0.0, 0.0]
    keras.Model.predict = lambda self, *a, **k: Anything()
    keras.utils.plot_model = lambda *a, **k: None
    for name in dir(keras.applications):
        original = getattr(keras.applications, name)
        if name[:1].isupper() and callable(original):
            def without_download(*a, _original=original, **k):
                k["weights"] = None
                return _original(*a, **k)
            setattr(keras.applications, name, without_download)
    model_types = (keras.Model,)
else:
    import torch
    import torch.library
    original_register_fake = torch.library.register_fake
    torch.library.register_fake = lambda *a, **k: (lambda f: f)
    try:
        import torchvision
        import torchvision.datasets
    finally:
        torch.library.register_fake = original_register_fake
    import torch.utils.data
    from torch import nn

    class EmptyData:
        def __init__(self, *a, **k): pass
        def __len__(self): return 0
        def __iter__(self): return iter(())
        def __getitem__(self, i): raise IndexError(i)

    for name in ("MNIST", "FashionMNIST", "CIFAR10", "CIFAR100", "ImageFolder"):
        setattr(torchvision.datasets, name, EmptyData)
    torch.utils.data.DataLoader = EmptyData
    open(os.path.join(shims, "d2l", "torch.py"), "w").write("""
import inspect
import torch
from torch import nn
class HyperParameters:
    def save_hyperparameters(self, ignore=[]):
        frame = inspect.currentframe().f_back
        for k, v in inspect.getargvalues(frame).locals.items():
            if k not in set(ignore + ['self']) and not k.startswith('_'):
                setattr(self, k, v)
class Module(nn.Module, HyperParameters):
    def __init__(self, plot_train_per_epoch=2, plot_valid_per_epoch=1):
        super().__init__()
    def forward(self, X):
        return self.net(X)
    def layer_summary(self, X_shape):
        X = torch.randn(*X_shape)
        for layer in self.net:
            X = layer(X)
            print(layer.__class__.__name__, 'output shape:\\t', X.shape)
    def apply_init(self, inputs, init=None):
        self.forward(*inputs)
        if init is not None:
            self.net.apply(init)
class Classifier(Module):
    pass
def init_cnn(module):
    if type(module) == nn.Linear or type(module) == nn.Conv2d:
        nn.init.xavier_uniform_(module.weight)
def load_data_fashion_mnist(*a, **k):
    return [], []
class _Anything:
    def __init__(self, *a, **k): pass
    def __getattr__(self, name): return _Anything()
    def __call__(self, *a, **k): return _Anything()
    def __iter__(self): return iter(())
def __getattr__(name):
    return _Anything()
""")
    model_types = (nn.Module,)
sys.path.insert(0, shims)   # only now: the frameworks must not see the stand-ins while they import


def find_model(ns, target):
    if target:
        return eval(target, ns)
    found = [(k, v) for k, v in ns.items() if isinstance(v, model_types) and not isinstance(v, type)
             and not (framework == "pytorch" and isinstance(v, nn.modules.loss._Loss))]   # criterion = ...
    for name in ("model", "net"):
        if isinstance(ns.get(name), model_types):
            return ns[name]
    if found:
        return found[-1][1]
    if callable(ns.get("net")):   # d2l's TensorFlow chapters: def net(): return tf.keras.Sequential([...])
        return ns["net"]()
    raise LookupError("no model in the namespace")


def keras_counts(model, shape, forward):
    import numpy as np
    if not model.built:
        if shape is None:
            raise ValueError("model not built and no input given")
        if isinstance(model, keras.Sequential):
            model.build((None,) + shape)
        else:
            model(np.zeros((1,) + shape, "float32"))
    total = int(model.count_params())
    trainable = int(sum(math.prod(w.shape) for w in model.trainable_weights))
    out = None
    if forward:
        try:
            out_shape = model.output_shape
            if isinstance(out_shape, tuple) and all(isinstance(v, (int, type(None))) for v in out_shape):
                out = list(out_shape[1:])
        except Exception:
            if shape is not None:
                out = list(model(np.zeros((1,) + shape, "float32")).shape[1:])
    return total, trainable, out


def torch_counts(model, shape, forward):
    out = None
    lazy = any(isinstance(p, nn.parameter.UninitializedParameter) for p in model.parameters())
    if shape is not None and (forward or lazy):
        first = next((m for m in model.modules() if not list(m.children())), None)
        dtype = torch.long if isinstance(first, (nn.Embedding, nn.EmbeddingBag)) else torch.float32
        model.eval()
        with torch.no_grad():
            result = model(torch.zeros((1,) + shape, dtype=dtype))
        if isinstance(result, torch.Tensor):
            out = list(result.shape[1:])
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return total, trainable, out


results = []
for case in cases:
    res = {"id": case["id"]}
    try:
        if framework == "keras":
            keras.backend.clear_session()
        ns = {"__name__": "__main__"}
        source = case["scratch"]
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(source, "<" + case["id"] + ">", "exec"), ns)
            model = find_model(ns, case.get("target"))
            shape = parse_input(case.get("input")) or parse_input(case.get("truth_input"))
            counts = keras_counts if framework == "keras" else torch_counts
            total, trainable, out = counts(model, shape, case["forward"])
        res.update(total=total, trainable=trainable, non_trainable=total - trainable)
        if out is not None:
            res["out_shape"] = out
        if case["kind"] == "torch-print":
            res["print_matches"] = str(model).strip() == case["code"].strip()
            res["printed"] = str(model)
    except Exception as exc:
        res["error"] = type(exc).__name__ + ": " + str(exc)[:300] + "\n" + traceback.format_exc()[-1500:]
    results.append(res)
print("@@RESULTS@@" + json.dumps(results))
'''


def scratch(case: dict) -> str:
    if case["kind"] == "torch-print":
        return PRINT_SOURCES[case["id"]]
    text = case["code"]
    for old, new in SCRATCH.get(case["id"], []):
        if old not in text:
            raise ValueError(f"{case['id']}: scratch replacement target not found: {old!r}")
        text = text.replace(old, new)
    # `from __future__` must open a file; it changes nothing on Python 3, so it goes before the prelude does
    text = "\n".join("" if line.startswith("from __future__ import") else line for line in text.split("\n"))
    return COMMON_PRELUDE[case["framework"]] + PRELUDE.get(case["id"], "") + text


def compute(cases: list[dict], python: str, framework: str) -> dict[str, dict]:
    if not cases:
        return {}
    payload = [{"id": c["id"], "kind": c["kind"], "code": c["code"], "input": c.get("input"),
                "truth_input": TRUTH_INPUT.get(c["id"]), "scratch": scratch(c), "target": TARGET.get(c["id"]),
                "forward": c["id"] not in NO_FORWARD} for c in cases]
    with tempfile.TemporaryDirectory() as tmp:
        cases_file, runner = Path(tmp) / "cases.json", Path(tmp) / "runner.py"
        cases_file.write_text(json.dumps(payload), "utf-8")
        runner.write_text(RUNNER, "utf-8")
        proc = subprocess.run([python, str(runner), str(cases_file), framework], capture_output=True, text=True, check=False,
                              env={"PATH": "/usr/bin:/bin", "HOME": tmp, "KERAS_BACKEND": "torch"}, timeout=3600)
    marker = proc.stdout.rfind("@@RESULTS@@")
    if marker < 0:
        raise RuntimeError(f"{framework} runner failed:\n{proc.stderr[-3000:]}")
    return {r["id"]: r for r in json.loads(proc.stdout[marker + len("@@RESULTS@@"):])}


FIELDS = ("total", "trainable", "non_trainable")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--keras-python", default="/tmp/kenv/bin/python")
    parser.add_argument("--torch-python", default="/tmp/tvenv/bin/python")
    parser.add_argument("--update", action="store_true", help="write the computed numbers into the file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    lines = [json.loads(line) for line in args.cases.read_text("utf-8").splitlines() if line.strip()]
    chosen = [c for c in lines if args.only is None or c["id"] in args.only]
    ids = [c["id"] for c in lines]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    computed = compute([c for c in chosen if c["framework"] == "keras"], args.keras_python, "keras")
    computed |= compute([c for c in chosen if c["framework"] == "pytorch"], args.torch_python, "pytorch")
    problems = {f"duplicate id {i}": "" for i in duplicates}
    for case in chosen:
        got = computed.get(case["id"], {"error": "not computed"})
        if "error" in got:
            problems[case["id"]] = got["error"]
            continue
        if case["kind"] == "torch-print" and not got.get("print_matches"):
            problems[case["id"]] = "print(model) differs from the case's code"
            if args.update:
                case["code"] = got["printed"]
        pytorch_total = got["total"] if case["framework"] == "pytorch" else None
        if args.update:
            for field in FIELDS:
                case[field] = got[field]
            case["pytorch_total"] = pytorch_total
            if "out_shape" in got:
                case["out_shape"] = got["out_shape"]
            continue
        wrong = [f"{f}: file {case.get(f)} vs run {got[f]}" for f in FIELDS if case.get(f) != got[f]]
        if case.get("pytorch_total") != pytorch_total:
            wrong.append(f"pytorch_total: file {case.get('pytorch_total')} vs {pytorch_total}")
        if "out_shape" in got and case.get("out_shape") != got["out_shape"]:
            wrong.append(f"out_shape: file {case.get('out_shape')} vs run {got['out_shape']}")
        if wrong:
            problems[case["id"]] = "; ".join(wrong)
    if args.update:
        args.cases.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in lines), "utf-8")
    if args.json:
        print(json.dumps({"cases": len(chosen), "problems": problems}, ensure_ascii=False, indent=1))
    else:
        print(f"{len(chosen)} cases checked, {len(chosen) - len(problems)} match")
        for key, why in problems.items():
            print(f"  {key}: {why}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
