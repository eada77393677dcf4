"""Re-compute the ground truth of ``pasted_code_seventh.jsonl`` by running every case, and report mismatches.

    python benchmarks/data/pasted_code_seventh_truth.py [--keras-python PY] [--torch-python PY] [--only ID ...] [--update] [--json]

``pasted_code_seventh.jsonl`` is a seventh set, gathered after the sixth and scored untouched, aimed at three
kinds of paste: transfer learning with ``keras.applications`` (frozen bases, ``layers[:N]`` loops, unfreezing,
``preprocess_input``, bases whose layers are flattened into the outer model by ``input_tensor=``), PyTorch
transfer learning with torchvision models (``requires_grad = False`` helpers, replaced heads), and Keras
transformer / attention / ``Lambda``-slicing sequence models.  Sources (each ``origin`` names the repository,
path, commit and the cells or lines taken):

* keras-team/keras-io (Apache-2.0): guides/transfer_learning.py, examples/vision/image_classification_efficientnet_fine_tuning.py,
  examples/vision/siamese_network.py, examples/timeseries/timeseries_classification_transformer.py,
  examples/nlp/ner_transformers.py;
* tensorflow/docs (Apache-2.0): site/en/tutorials/images/transfer_learning.ipynb, images/segmentation.ipynb,
  structured_data/time_series.ipynb, site/en/r1/tutorials/images/transfer_learning.ipynb;
* fchollet/deep-learning-with-python-notebooks (MIT): second_edition chapter08 and chapter11_part03;
* pytorch/tutorials (BSD-3-Clause): beginner_source/finetuning_torchvision_models_tutorial.py;
* d2l-ai/d2l-en (code under the MIT-0-style LICENSE-SAMPLECODE, text CC BY-SA 4.0): chapter_computer-vision
  fine-tuning.md, kaggle-dog.md, fcn.md (PyTorch tabs).

It runs exactly as ``pasted_code_fifth_truth.py`` does (same runner and counting conventions: read
``pasted_code_truth.py``).  Defaults here: Keras 3 on the torch backend from ``/tmp/kv/bin/python``
(``python3 -m venv /tmp/kv && /tmp/kv/bin/pip install torch==2.13.0 keras``), PyTorch cases with the project's
own ``.venv/bin/python`` (torch 2.13, torchvision 0.28).  No weights are downloaded: ``weights='imagenet'``
and ``pretrained=True`` become ``weights=None`` in the scratch copy (same counts; torchvision's GoogLeNet, whose
auxiliary heads differ with and without weights, is not used).

Per-case tables: ``SCRATCH`` (no downloads, ``tensorflow.compat.v1``, the FordA file read replaced by 8 rows
of zeros with labels -1/1, so ``n_classes`` = 2 and the length 500 as in the real data), ``PRELUDE`` (a
stand-in ``tensorflow_examples`` pix2pix.upsample written as the real one, ``tf.shape``/``tf.range``/
``tf.math.not_equal`` on the ``tensorflow`` stand-in, names earlier cells define), ``TARGET`` and
``TRUTH_INPUT``.  Before comparing it refuses ids or origins already used by the earlier sets, and code of
4,000 characters or more.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pasted_code_sixth_truth as sixth

fifth = sixth.fifth
base = sixth.base
base.DEFAULT_CASES = HERE / "pasted_code_seventh.jsonl"

_NO_DOWNLOAD_TORCH = [("pretrained=use_pretrained", "weights=None")]
_FINETUNE_IDS = ("squeezenet-feature-extract", "resnet-feature-extract", "alexnet-feature-extract", "vgg-feature-extract",
                 "densenet-feature-extract", "inception-feature-extract", "resnet-finetune-all")
base.SCRATCH.update({
    **{f"torch-finetuning-tutorial-{name}": _NO_DOWNLOAD_TORCH for name in _FINETUNE_IDS},
    "d2l-fine-tuning-hotdog-resnet18": [("resnet18(pretrained=True)", "resnet18(weights=None)")],
    "d2l-fine-tuning-exercise-freeze-all": [("resnet18(pretrained=True)", "resnet18(weights=None)")],
    "d2l-fcn-resnet18-transpose-conv": [("resnet18(pretrained=True)", "resnet18(weights=None)")],
    "d2l-kaggle-dog-resnet34-output-new": [("resnet34(pretrained=True)", "resnet34(weights=None)"),
                                           ("d2l.try_all_gpus()", "[torch.device('cpu')]")],
    # keras.applications.<module>.<Model> is not the patched top-level name: no download, same counts
    "kerasio-siamese-resnet50-embedding": [('weights="imagenet", input_shape', "weights=None, input_shape")],
    "dlwp2-vgg16-feature-extraction-augmentation": [('weights="imagenet",', "weights=None,")],
    "dlwp2-vgg16-fine-tune-last-four": [('weights="imagenet",', "weights=None,")],
    # Keras 3 binds call()'s arguments before it fills `training`; tf.keras 2 accepted a required `training`
    "kerasio-ner-transformer-subclass": [("def call(self, inputs, training):", "def call(self, inputs, training=None):")],
    # the matplotlib stand-in has no submodules; plotting is not needed
    "tf1-transfer-mobilenetv2-sequential-frozen": [("import tensorflow.compat.v1 as tf", "import tensorflow as tf"),
                                                   ("import matplotlib.image as mpimg", "mpimg = None")],
    "tf1-transfer-mobilenetv2-sequential-fine-tune-at-100": [("import tensorflow.compat.v1 as tf", "import tensorflow as tf"),
                                                             ("import matplotlib.image as mpimg", "mpimg = None")],
    # FordA: 500 time steps, labels -1/1 (n_classes = 2); 8 rows of zeros stand in for the downloaded file
    "kerasio-timeseries-transformer-forda": [
        ('data = np.loadtxt(filename, delimiter="\\t")',
         "data = np.concatenate([np.tile([[-1.0], [1.0]], (4, 1)), np.zeros((8, 500))], axis=1)")],
})

_TF_OPS = ("tf.shape = keras.ops.shape\n"
           "tf.range = lambda start=0, limit=None, delta=1, **k: keras.ops.arange(start, limit, delta)\n"
           "import types as _types\n"
           "tf.math = _types.SimpleNamespace(not_equal=keras.ops.not_equal, sqrt=keras.ops.sqrt)\n")
_PIX2PIX = '''import sys as _sys, types as _types
def _upsample(filters, size, norm_type='batchnorm', apply_dropout=False):
    initializer = keras.initializers.RandomNormal(0., 0.02)
    result = keras.Sequential()
    result.add(keras.layers.Conv2DTranspose(filters, size, strides=2, padding='same',
                                            kernel_initializer=initializer, use_bias=False))
    result.add(keras.layers.BatchNormalization())
    if apply_dropout:
        result.add(keras.layers.Dropout(0.5))
    result.add(keras.layers.ReLU())
    return result
_p2p = _types.ModuleType('tensorflow_examples.models.pix2pix.pix2pix')
_p2p.upsample = _upsample
_pkg = _types.ModuleType('tensorflow_examples.models.pix2pix')
_pkg.pix2pix = _p2p
for _n, _m in (('tensorflow_examples', _types.ModuleType('tensorflow_examples')),
               ('tensorflow_examples.models', _types.ModuleType('tensorflow_examples.models')),
               ('tensorflow_examples.models.pix2pix', _pkg), ('tensorflow_examples.models.pix2pix.pix2pix', _p2p)):
    _sys.modules[_n] = _m
'''
_TS_CELLS = ("import types as _t\nIPython = _t.SimpleNamespace(display=_t.SimpleNamespace(clear_output=lambda: None))\n"
             "compile_and_fit = lambda model, window: None\nmulti_window = _t.SimpleNamespace(val=None, test=None, plot=lambda *a, **k: None)\n"
             "multi_val_performance, multi_performance = {}, {}\n")
base.PRELUDE.update({
    **dict.fromkeys(("tf-timeseries-multi-linear-lambda", "tf-timeseries-multi-dense-lambda", "tf-timeseries-multi-lstm-reshape"), _TS_CELLS),
    "tf-segmentation-mobilenetv2-unet-pix2pix": _PIX2PIX,
    "dlwp2-transformer-encoder-imdb": _TF_OPS,
    "dlwp2-positional-embedding-transformer-imdb": _TF_OPS,
    "kerasio-ner-transformer-subclass": _TF_OPS,
    "kerasio-transfer-guide-xception-frozen": "train_ds = validation_ds = None\n",
    "kerasio-transfer-guide-xception-unfrozen": "train_ds = validation_ds = None\n",
    "kerasio-transfer-guide-xception-custom-loop": "new_dataset = []\n",
    "tf-transfer-mobilenetv2-fine-tune-at-100": "train_dataset = validation_dataset = None\n",
    "d2l-fine-tuning-scratch-resnet18": "train_fine_tuning = lambda *a, **k: None\n",
})
base.TARGET.update({
    "kerasio-siamese-resnet50-embedding": "embedding",
    "d2l-fine-tuning-hotdog-resnet18": "finetune_net",
    "d2l-fine-tuning-exercise-freeze-all": "finetune_net",
    "d2l-fine-tuning-scratch-resnet18": "scratch_net",
    "kerasio-ner-transformer-subclass": "ner_model",
    "tf-segmentation-mobilenetv2-unet-pix2pix": "model",
    "d2l-kaggle-dog-resnet34-output-new": "net",
    "d2l-fcn-resnet18-transpose-conv": "net",
})
base.TRUTH_INPUT.update({
    "d2l-fcn-resnet18-transpose-conv": "input 3x320x480",   # the X the paste runs through net
})

_EARLIER = (*sixth._EARLIER, "pasted_code_sixth.jsonl")


def _default(flag: str, value: str) -> None:
    if flag not in sys.argv:
        sys.argv[1:1] = [flag, value]


if __name__ == "__main__":
    _default("--keras-python", "/tmp/kv/bin/python")
    _default("--torch-python", str(HERE.parent.parent / ".venv" / "bin" / "python"))
    cases_arg = sys.argv[sys.argv.index("--cases") + 1] if "--cases" in sys.argv else base.DEFAULT_CASES
    fifth.fourth._EARLIER = _EARLIER
    fifth.fourth.check_cases_are_new(Path(cases_arg))
    base.main()
