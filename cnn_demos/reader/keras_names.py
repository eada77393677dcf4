"""What Keras, TensorFlow and NumPy names mean to the reader: layer classes and model builders, activations,
example-input makers (``tf.random.uniform``, ``np.zeros``), and the rest of TensorFlow ignored.
"""

from __future__ import annotations

from cnn_demos import spec
from cnn_demos.reader.keras_layers import IMPLICIT_LAYER_NAMES, MERGE_FUNCTIONS, PIX2PIX
from cnn_demos.reader.values import Application, KerasActivation, KerasCallable, KerasMatmul, Namespace
from cnn_demos.spec import Ignored

_KERAS_ROOTS = {"keras", "tensorflow.keras", "tf.keras", "tensorflow.python.keras"}
_KERAS_IGNORED = {"regularizers", "initializers", "constraints", "optimizers", "losses", "metrics", "callbacks",
                  "utils", "backend", "datasets", "preprocessing", "mixed_precision", "random", "applications",
                  "saving", "ops"}
_ACTIVATION_NAMES = set(spec.ACTIVATIONS) | {"log_softmax", "hard_sigmoid", "softsign", "exponential"}
_KERAS_CLASSES_ROOT = {"Sequential", "Model", "Input"}
# tensorflow/examples' pix2pix module, which the segmentation tutorial imports and uses without defining it
_PIX2PIX = ("pix2pix", "tensorflow_examples.models.pix2pix.pix2pix")
_NUMPY_ARRAYS = ("numpy.zeros", "numpy.ones", "numpy.empty", "numpy.random.rand", "numpy.random.randn",
                 "numpy.random.random")

DEFAULT_NAMES = {"tf": Namespace("tf"), "keras": Namespace("keras"), "layers": Namespace("keras.layers"),
                 "models": Namespace("keras.models"), "pix2pix": Namespace("pix2pix"),
                 **{name: KerasCallable(name) for name in IMPLICIT_LAYER_NAMES},
                 # `from keras.layers import *` then `concatenate([drop4, up6], axis=3)` (zhixuhao's U-Net)
                 **{name: KerasCallable(name) for name in ("concatenate", "add", "multiply", "subtract")}}


# tf functions of one tensor value by value (with a number: ``tf.math.maximum(x, 0)``): the shape stays
ELEMENTWISE = {"maximum", "minimum", "abs", "exp", "log", "sqrt", "square", "negative", "sigmoid", "tanh", "sin",
               "cos", "pow", "clip_by_value"}


def keras_name(path: str):
    """A dotted name under Keras, ``tf`` or ``numpy`` → what it means; None for any other name."""
    keras = _keras_path(path)
    if keras is not None:
        return _keras_name(keras)
    if path in ("tf", "tf.nn", "tf.math", "tf.random"):
        return Namespace(path)
    if path.startswith("tf.nn."):
        name = path[len("tf.nn."):]
        return KerasActivation(name) if name in _ACTIVATION_NAMES else Ignored(path)
    if path in _PIX2PIX:
        return Namespace("pix2pix")
    if path.rpartition(".")[0] in _PIX2PIX:
        name = path.rpartition(".")[2]
        return KerasCallable(f"pix2pix.{name}") if name in PIX2PIX else None   # unet_generator…: not followed
    if path in ("numpy", "numpy.random"):
        return Namespace(path)
    if path in _NUMPY_ARRAYS:  # np.zeros((1, 784)) passed to a model: an example input, like tf.zeros
        return KerasCallable("eager:" + path)
    if path.startswith("tf.random.") or path in ("tf.zeros", "tf.ones"):
        return KerasCallable("eager:" + path)
    if path in ("tf.add", "tf.math.add", "tf.concat", "tf.multiply", "tf.math.multiply"):
        return KerasCallable({"concat": "concatenate"}.get(path.rsplit(".", 1)[1], path.rsplit(".", 1)[1]))
    if path in ("tf.matmul", "tf.linalg.matmul"):
        return KerasMatmul(path)
    if path.rpartition(".")[2] in ELEMENTWISE and path.rpartition(".")[0] in ("tf", "tf.math"):
        return KerasCallable("elementwise:" + path)
    if path.startswith("tf."):
        return Ignored(path)
    return None


def _keras_path(path: str) -> str | None:
    """'tf.keras.layers' → 'layers'; '' for the keras root; None when not Keras."""
    for root in sorted(_KERAS_ROOTS, key=len, reverse=True):
        if path == root:
            return ""
        if path.startswith(root + "."):
            return path[len(root) + 1:]
    return None


def _keras_name(rest: str):
    if rest == "":
        return Namespace("keras")
    parts = rest.split(".")
    if rest in ("ops.matmul", "backend.dot"):  # keras.ops.matmul, Keras 2's K.dot
        return KerasMatmul(rest)
    if rest in ("ops", "backend"):  # `from keras import ops`: its names are looked up one by one
        return Namespace(f"keras.{rest}")
    if parts[0] == "applications":
        return Application(rest)
    if parts[0] in _KERAS_IGNORED:
        return Ignored(rest)
    if parts[0] == "activations":
        return KerasActivation(parts[1]) if len(parts) > 1 else Namespace("keras.activations")
    if parts[0] in ("layers", "models") and len(parts) == 1:
        return Namespace(f"keras.{parts[0]}")
    name = parts[-1]
    if parts[0] in ("layers", "models", "experimental") or len(parts) == 1:
        if name in _KERAS_CLASSES_ROOT or name in ("Functional", "InputLayer"):
            return KerasCallable(name)
        if name in MERGE_FUNCTIONS:
            return KerasCallable(name)
        if name[:1].isupper():
            return KerasCallable(name)
    return Ignored(rest)
