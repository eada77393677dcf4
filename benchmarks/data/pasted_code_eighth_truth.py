"""Re-compute the ground truth of ``pasted_code_eighth.jsonl`` by running every case, and report mismatches.

    python benchmarks/data/pasted_code_eighth_truth.py [--keras-python PY] [--torch-python PY] [--only ID ...] [--update] [--json]

``pasted_code_eighth.jsonl`` is an eighth set, gathered after the seventh and scored untouched, aimed at kinds
the earlier sets lack: whole teaching scripts with data, plots and training loops (MorvanZhou/PyTorch-Tutorial,
MIT, with Chinese-style comments; a forward returning a tuple or taking a hidden state, layers made by
``setattr`` in a loop), d2l's builders' guide (a plain tensor attribute, one layer placed twice, lazy layers
sized by a demo ``X``, custom layers of ``nn.Parameter``, a demo tensor for one block before the net's own),
pytorch/tutorials' ``nn_tutorial`` (a user-written ``Lambda`` module, cells pasted without their imports),
the official ConvNeXt code (custom LayerNorm, layer scale, timm imports), and keras-io's RL, GAN, 3-D, OCR and
PixelCNN examples (a ``Lambda`` with ``output_shape``, two-headed and two-input models, ``ZeroPadding2D``/
``Cropping2D``, ``Conv3D``, custom layers wrapping ``Conv2D``, a weightless CTC layer, ``StringLookup``'s
vocabulary, a model cut by ``get_layer(name).output``).  Sources (each ``origin`` names the repository, path,
commit and the cells or lines taken): keras-team/keras-io (Apache-2.0), pytorch/tutorials (BSD-3-Clause),
d2l-ai/d2l-en (sample code MIT-0), MorvanZhou/PyTorch-Tutorial (MIT), facebookresearch/ConvNeXt (MIT).
Several carry a question in Persian before the code, as students write them.

It runs exactly as ``pasted_code_seventh_truth.py`` does (same runner and counting conventions: read
``pasted_code_truth.py``), Keras 3 on the torch backend from ``/tmp/kv/bin/python`` and the PyTorch cases with
the project's ``.venv/bin/python``.  Per-case tables: ``SCRATCH`` (a Keras 3 spelling for Keras 2's
``ctc_batch_cost`` and ``.h5`` checkpoints; ``StringLookup``, which needs TensorFlow, stood in by its
vocabulary ``['[UNK]'] + characters``; d2l helpers that return data; loops of thousands of steps cut to one;
plots that unpack figures; Keras 3's InputLayer without ``.input``; the question before the code), ``PRELUDE`` (stand-in modules: gym, timm, mpl_toolkits; what earlier cells or the
data define: the IMDb vocabulary of 49,346 words, Pendulum's 3 states and 1 action, the anomaly CSV's one
column) and ``TARGET``.  Before comparing it refuses ids or origins already used by the earlier sets, and code
of 4,000 characters or more.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pasted_code_seventh_truth as seventh

fifth = seventh.fifth
base = seventh.base
base.DEFAULT_CASES = HERE / "pasted_code_eighth.jsonl"

_MNIST_TENSORS = ("import torchvision.datasets as _tvd\n"   # the stand-in data set with the tensors these scripts print
                  "_tvd.MNIST.train_data = _tvd.MNIST.test_data = torch.zeros(10, 28, 28, dtype=torch.uint8)\n"
                  "_tvd.MNIST.train_labels = _tvd.MNIST.test_labels = torch.zeros(10, dtype=torch.long)\n")
_NN_TUTORIAL_CELLS = "lr, epochs = 0.1, 2\nloss_func = train_dl = valid_dl = None\nfit = lambda *a, **k: None\n"
_TF_OPS = "tf.cast, tf.shape, tf.ones = keras.ops.cast, keras.ops.shape, keras.ops.ones\n"
# StringLookup(vocabulary=chars, mask_token=None).get_vocabulary() is ['[UNK]'] + chars (one OOV index)
_STRING_LOOKUP = [("char_to_num = layers.StringLookup(vocabulary=list(characters), mask_token=None)",
                   "char_to_num = _types.SimpleNamespace(get_vocabulary=lambda: ['[UNK]'] + list(characters))"),
                  ("self.loss_fn = keras.backend.ctc_batch_cost", "self.loss_fn = lambda *a: keras.ops.zeros((1,))")]

# a student's question before the code is not Python: the scratch copy drops it
_QUESTIONS = {
    "morvan-402-lstm-classifier-script": "این کد LSTM رو از یه آموزش برداشتم، چندتا پارامتر قابل آموزش داره؟\n",
    "morvan-406-gan-discriminator": "سلام. توی این کد GAN، شبکه‌ی D (discriminator) چند تا پارامتر داره؟\n",
    "d2l-dcgan-net-d-with-block-demo": "ممکنه بگید net_D چند تا پارامتر داره و خروجیش چه شکلیه؟\n",
    "kerasio-knowledge-distillation-student": "مدل student چند تا پارامتر داره؟ (teacher رو نمی‌خوام)\n",
}
base.SCRATCH.update({case_id: [(question, "")] for case_id, question in _QUESTIONS.items()})
base.SCRATCH.update({
    "d2l-custom-layer-centered-lazy": [("d2l.tensor([1.0, 2, 3, 4, 5])", "torch.tensor([1.0, 2, 3, 4, 5])"),
                                       ("d2l.rand(4, 8)", "torch.rand(4, 8)")],
    "d2l-textcnn-imdb-frozen-embedding": [
        ("train_iter, test_iter, vocab = d2l.load_data_imdb(batch_size)", "train_iter = test_iter = None\nvocab = [0] * 49346"),
        ("embeds = glove_embedding[vocab.idx_to_token]\nnet.embedding.weight.data.copy_(embeds)\n"
         "net.constant_embedding.weight.data.copy_(embeds)\n", "")],
    "morvan-404-autoencoder-3d-code": [("f, a = plt.subplots(2, N_TEST_IMG, figsize=(5, 2))", "f, a = None, _Whatever()")],
    "morvan-406-gan-discriminator": [*base.SCRATCH["morvan-406-gan-discriminator"],
                                     ("for step in range(10000):", "for step in range(1):")],
    "morvan-503-dropout-two-nets": [("for t in range(500):", "for t in range(1):")],
    "kerasio-3d-ct-scan-classification": [('"3d_image_classification.h5"', '"3d_image_classification.keras"'),
                                          ("fig, ax = plt.subplots(1, 2, figsize=(20, 3))", "fig, ax = None, _Whatever()"),
                                          ('for i, met in enumerate(["acc", "loss"]):', "for i, met in enumerate([]):")],
    "kerasio-captcha-ocr-ctc-two-inputs": _STRING_LOOKUP,
    # Keras 3's InputLayer has no .input of its own: the model's first input is the same tensor
    "kerasio-captcha-ocr-prediction-model": [*_STRING_LOOKUP, ('model.get_layer(name="image").input,', "model.input[0],")],
})
base.PRELUDE.update({
    "morvan-401-cnn-tsne-script": "train_loader = []\ntest_x = test_y = None\n",
    "morvan-402-lstm-classifier-script": _MNIST_TENSORS,
    "morvan-404-autoencoder-3d-code": _MNIST_TENSORS + "_stub_module('mpl_toolkits')\n_stub_module('mpl_toolkits.mplot3d')\n",
    "convnext-official-tiny": "".join(f"_stub_module('{m}')\n" for m in ("timm", "timm.models", "timm.models.layers",
                                                                          "timm.models.registry")),
    "torch-nn-tutorial-lambda-sequential-avgpool": _NN_TUTORIAL_CELLS,
    "torch-nn-tutorial-mnist-cnn-view": _NN_TUTORIAL_CELLS,
    "torch-nn-tutorial-mnist-logistic-parameters": "xb = torch.zeros(64, 784)\nyb = torch.zeros(64, dtype=torch.long)\n"
                                                   "loss_func = F.cross_entropy\n",
    "kerasio-3d-ct-scan-classification": "train_dataset = test_dataset = None\n",
    "kerasio-actor-critic-cartpole-two-heads": "_stub_module('gym')\n",
    # Pendulum-v1: a 3-number observation, one action in [-2, 2]
    "kerasio-ddpg-pendulum-critic-env-sizes": (
        "_env = _types.SimpleNamespace(observation_space=_types.SimpleNamespace(shape=(3,)),\n"
        "    action_space=_types.SimpleNamespace(shape=(1,), high=[2.0], low=[-2.0]))\n"
        "_sys.modules['gymnasium'] = _types.SimpleNamespace(make=lambda *a, **k: _env)\n"),
    # the tutorial's CSV has one column (value): sequences of (288, 1)
    "kerasio-anomaly-conv1d-transpose-data-shape": "plt = _Whatever()\ndf_training_value = _types.SimpleNamespace(values=np.zeros((300, 1)))\n",
    "kerasio-captcha-ocr-ctc-two-inputs": _TF_OPS,
    "kerasio-captcha-ocr-prediction-model": _TF_OPS,
})
base.TARGET.update({
    "morvan-406-gan-discriminator": "D",
    "morvan-503-dropout-two-nets": "net_dropped",   # net_overfitting has the same weights
    "d2l-dcgan-net-g-with-block-demo": "net_G",
    "d2l-dcgan-net-d-with-block-demo": "net_D",
    "kerasio-knowledge-distillation-student": "student",
    "kerasio-ddpg-pendulum-critic-env-sizes": "target_critic",
    "kerasio-captcha-ocr-prediction-model": "prediction_model",
    "kerasio-wgan-gp-discriminator-zeropad": "d_model",
    "kerasio-wgan-gp-generator-cropping": "g_model",
})
base.TRUTH_INPUT.update({
    "convnext-official-tiny": "input 3x224x224",
    "torch-nn-tutorial-lambda-sequential-avgpool": "input 784",
    "torch-nn-tutorial-mnist-cnn-view": "input 784",
    "torch-nn-tutorial-mnist-logistic-parameters": "input 784",
})
base.NO_FORWARD = base.NO_FORWARD | {   # forwards returning a scalar or a tuple, or taking two tensors
    "d2l-builders-fixed-hidden-mlp", "d2l-builders-chimera-nested", "morvan-401-cnn-tsne-script",
    "morvan-403-rnn-regressor-h-state", "morvan-404-autoencoder-3d-code", "kerasio-captcha-ocr-ctc-two-inputs",
    "kerasio-ddpg-pendulum-critic-env-sizes", "kerasio-actor-critic-cartpole-two-heads"}

_EARLIER = (*seventh._EARLIER, "pasted_code_seventh.jsonl")

def main(earlier: tuple[str, ...] = _EARLIER) -> None:
    """Check the cases are new against the ``earlier`` sets, then run them (Keras from /tmp/kv by default)."""
    seventh._default("--keras-python", "/tmp/kv/bin/python")
    seventh._default("--torch-python", str(HERE.parent.parent / ".venv" / "bin" / "python"))
    cases_arg = sys.argv[sys.argv.index("--cases") + 1] if "--cases" in sys.argv else base.DEFAULT_CASES
    fifth.fourth._EARLIER = earlier
    fifth.fourth.check_cases_are_new(Path(cases_arg))
    base.main()


if __name__ == "__main__":
    main()
