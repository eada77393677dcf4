"""The reader's per-layer knowledge of Keras, in one place: which class names a paste may use unimported,
the layers it reads in other terms (augmentation, Keras 1 names, wrappers, RNN states), the functions a
``Lambda`` layer may hold and still keep its input's shape, and ``keras.applications``' VGG.

Building a layer's nodes from its arguments is :func:`cnn_demos.spec.keras_layer`'s; these tables say
what the reader does to a call before it gets there.  They are meant to move into the layer registry.
"""

from __future__ import annotations

import ast
import re

from cnn_demos import messages as msg
from cnn_demos.reader.errors import snippet
from cnn_demos.reader.values import KerasActivation, KLayer, Opaque, UserFunction
from cnn_demos.spec import Ignored, Node

# Bound before the paste runs: code that pasted only the model lines still means keras.layers' classes.
IMPLICIT_LAYER_NAMES = (
    "Sequential", "Model", "Input", "Dense", "Conv2D", "Conv1D", "Conv3D", "MaxPooling2D", "MaxPool2D",
    "AveragePooling2D", "Flatten", "Dropout", "BatchNormalization", "Activation", "GlobalAveragePooling2D",
    "InputLayer", "Embedding", "LSTM", "GRU", "SimpleRNN", "Bidirectional", "MaxPooling1D",
    "GlobalMaxPooling1D", "GlobalAveragePooling1D", "Reshape", "Conv2DTranspose", "UpSampling2D",
    "ZeroPadding2D", "SeparableConv2D", "DepthwiseConv2D", "Concatenate", "Add", "LeakyReLU", "PReLU",
    "ReLU", "Rescaling", "Normalization", "LayerNormalization", "Permute", "Cropping2D",
    "SpatialDropout2D", "SpatialDropout1D", "GlobalMaxPooling2D", "TimeDistributed", "ConvLSTM2D",
    "MultiHeadAttention", "Resizing")
# layers.add([a, b]) and friends: the function form of a merge layer
MERGE_FUNCTIONS = ("add", "concatenate", "multiply", "subtract", "average", "maximum", "minimum", "dot")
WRAPPERS = ("Bidirectional", "TimeDistributed")   # they read their inner layer's node
STATES = {"LSTM": 2}   # return_state=True: the final states an RNN also returns (LSTM h and c; GRU, SimpleRNN h)

# Random augmentation: active only in training, no weights, same shape; read as Keras' pass-through Masking.
AUGMENTATION = {"RandomFlip", "RandomRotation", "RandomZoom", "RandomContrast", "RandomTranslation",
                "RandomBrightness", "RandomHue", "RandomSaturation", "RandomGrayscale", "RandomErasing",
                "RandomSharpness", "RandomColorJitter", "RandomPosterization", "RandomShear", "AutoContrast"}

_KERAS1_KWARGS = {"output_dim": "units", "nb_filter": "filters", "border_mode": "padding", "subsample": "strides",
                  "subsample_length": "strides", "filter_length": "kernel_size", "p": "rate", "bias": "use_bias",
                  "atrous_rate": "dilation_rate", "pool_length": "pool_size", "stride": "strides"}
_KERAS1_DROPPED = {"init", "W_regularizer", "b_regularizer", "activity_regularizer", "W_constraint", "b_constraint",
                   "dim_ordering", "weights", "inner_init", "forget_bias_init", "consume_less", "dropout_W",
                   "dropout_U", "input_length"}  # input_length became input_shape before this
_KERAS1_NAMES = {"Convolution1D": "Conv1D", "Convolution2D": "Conv2D", "Convolution3D": "Conv3D",
                 "AtrousConvolution2D": "Conv2D", "Deconvolution2D": "Conv2DTranspose"}
# Keras 1 code written for Theano lists channels first (input_shape=(3, 224, 224))
THEANO = re.compile(r"Convolution[123]D\(|dim_ordering\s*=\s*['\"]th|image_dim_ordering\(\s*['\"]th|"
                    r"data_format\s*=\s*['\"]channels_first")


def theano(kwargs: dict) -> bool:
    shape = kwargs.get("input_shape")
    return isinstance(shape, (tuple, list)) and len(shape) == 3 and shape[0] in (1, 3) and shape[-1] not in (1, 3)


def keras1(what: str, args: list, kwargs: dict) -> tuple[str, list, dict]:
    """Keras 1's names (``Convolution2D(64, 3, 3, border_mode='same')``) in Keras 2's terms."""
    renames = {k: v for k, v in _KERAS1_KWARGS.items() if not (what == "Embedding" and k == "output_dim")}
    kwargs = {renames.get(k, k): v for k, v in kwargs.items() if k not in _KERAS1_DROPPED}
    if what in ("Convolution2D", "Deconvolution2D", "AtrousConvolution2D") and len(args) >= 3:
        args = [args[0], (args[1], args[2]), *args[3:]]
    elif what in ("Convolution2D",) and "nb_row" in kwargs:
        args = [*args, (kwargs.pop("nb_row"), kwargs.pop("nb_col"))]
    elif what == "Convolution3D" and len(args) >= 4:
        args = [args[0], (args[1], args[2], args[3]), *args[4:]]
    return _KERAS1_NAMES.get(what, what), args, kwargs


def sized(shape, length: int) -> tuple[tuple[int, ...], str]:
    """``Input(shape=(None,))`` (text of any length): a nominal ``length``, and a note saying so.

    Whether the parameters really do not depend on it is checked by counting again at another length
    (:func:`cnn_demos.pasted.count_text`)."""
    if isinstance(shape, int):
        shape = (shape,)
    shape = tuple(shape)
    if any(s is None for s in shape):
        return tuple(length if s is None else int(s) for s in shape), msg.NOMINAL_LENGTH.format(length=length)
    return tuple(int(s) for s in shape), ""


PIX2PIX = ("upsample", "downsample")   # tensorflow_examples.models.pix2pix.pix2pix's two block makers


def pix2pix_layers(kind: str, args: list, kwargs: dict) -> list[tuple[str, list, dict]] | None:
    """``pix2pix.upsample(512, 3)`` / ``pix2pix.downsample(64, 4, apply_norm=False)`` (tensorflow/examples, which
    the segmentation and pix2pix tutorials import, not paste) as the layer calls of the Sequential they return;
    None when the arguments are not theirs.

    upsample: Conv2DTranspose(stride 2, same, no bias) → norm → Dropout(0.5) if ``apply_dropout`` → ReLU;
    downsample: Conv2D(stride 2, same, no bias) → norm if ``apply_norm`` → LeakyReLU.  The norm is BatchNormalization,
    or with ``norm_type='instancenorm'`` the file's InstanceNormalization (a scale and an offset per channel, as a
    LayerNormalization over the channels has).  The older file's third argument was a flag (``apply_batchnorm`` /
    ``apply_dropout``), its norm always BatchNormalization; a flag written third is read so."""
    flag = "apply_dropout" if kind == "upsample" else "apply_norm"
    names = ["filters", "size", "norm_type", flag]
    if len(args) > 2 and isinstance(args[2], bool):
        names = ["filters", "size", flag]
    bound = {"norm_type": "batchnorm", flag: kind == "downsample", **dict(zip(names, args)),
             **{("apply_norm" if k == "apply_batchnorm" else k): v for k, v in kwargs.items()}}
    filters, size, norm, apply = bound.get("filters"), bound.get("size"), bound["norm_type"], bound[flag]
    if (len(args) > len(names) or set(bound) - {*names, "norm_type", flag} or not isinstance(filters, int)
            or not isinstance(size, (int, tuple, list)) or not isinstance(apply, bool)
            or not isinstance(norm, str) or norm.lower() not in ("batchnorm", "instancenorm")):
        return None
    conv = ("Conv2DTranspose" if kind == "upsample" else "Conv2D", [filters, size],
            {"strides": 2, "padding": "same", "use_bias": False})
    norms = [("BatchNormalization" if norm.lower() == "batchnorm" else "LayerNormalization", [], {})]
    if kind == "downsample":
        return [conv, *(norms if apply else []), ("LeakyReLU", [], {})]
    return [conv, *norms, *([("Dropout", [0.5], {})] if apply else []), ("ReLU", [], {})]


# ---------------------------------------------------------------- Lambda layers

# Functions that work element by element: a Lambda made of these and arithmetic with numbers keeps its shape.
_ELEMENTWISE = {"relu", "sigmoid", "tanh", "abs", "exp", "log", "sqrt", "square", "softmax", "clip_by_value",
                "cast", "l2_normalize", "per_image_standardization", "preprocess_input", "gelu", "elu", "selu",
                "swish", "silu", "round", "floor", "ceil", "sign", "maximum", "minimum", "clip", "pow", "rsqrt",
                "softplus", "leaky_relu", "relu6", "hard_sigmoid", "stop_gradient", "identity", "convert_to_tensor"}


def keeps_shape_function(function) -> bool:
    """Does a Lambda layer's function surely return its input's shape (``x / 255.0``, ``tf.nn.relu(x)``)?

    Keras works the shape out by running the function; we do not run it, so a function we cannot see
    through must not be taken to keep the shape: a slice or a reduction before ``Dense`` would
    silently change the count.
    """
    if isinstance(function, Opaque) and isinstance(function.cause, ast.Lambda):
        node = function.cause
        names = [a.arg for a in node.args.args]
        return len(names) == 1 and _keeps_shape(node.body, names[0])
    if isinstance(function, UserFunction):
        body = [s for s in function.node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        names = [a.arg for a in function.node.args.args]
        return (len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None and len(names) >= 1
                and _keeps_shape(body[0].value, names[0]))
    return isinstance(function, KerasActivation)


def slice_of_function(function) -> tuple | None:
    """``lambda t: t[:, -1, :]`` (or a ``def`` returning such a slice): the index, as :class:`Lambda` holds it;
    None for any other function.  Only constant ints, slices of constant ints, ``...`` and None."""
    if isinstance(function, Opaque) and isinstance(function.cause, ast.Lambda):
        names, body = [a.arg for a in function.cause.args.args], function.cause.body
    elif isinstance(function, UserFunction):
        statements = [s for s in function.node.body
                      if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        if len(statements) != 1 or not isinstance(statements[0], ast.Return) or statements[0].value is None:
            return None
        names, body = [a.arg for a in function.node.args.args], statements[0].value
    else:
        return None
    if len(names) != 1 or not (isinstance(body, ast.Subscript) and isinstance(body.value, ast.Name)
                               and body.value.id == names[0]):
        return None
    items = body.slice.elts if isinstance(body.slice, ast.Tuple) else [body.slice]
    index = [_index_item(item) for item in items]
    return None if any(item is _NOT_CONSTANT for item in index) else tuple(index)


_NOT_CONSTANT = object()


def _index_item(node: ast.expr):
    if isinstance(node, ast.Slice):
        bounds = [_constant_int(n) if n is not None else None for n in (node.lower, node.upper, node.step)]
        return _NOT_CONSTANT if _NOT_CONSTANT in bounds else tuple(bounds)
    if isinstance(node, ast.Constant) and (node.value is Ellipsis or node.value is None):
        return node.value
    return _constant_int(node)


def _constant_int(node: ast.expr):
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _constant_int(node.operand)
        return -value if value is not _NOT_CONSTANT else value
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return _NOT_CONSTANT


def _keeps_shape(node: ast.expr, arg: str) -> bool:
    if isinstance(node, ast.Name):
        return node.id == arg
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp):
        return _keeps_shape(node.operand, arg)
    if isinstance(node, ast.BinOp) and not isinstance(node.op, ast.MatMult):
        sides = (node.left, node.right)
        return all(_keeps_shape(s, arg) for s in sides) and any(_uses(s, arg) for s in sides)
    if isinstance(node, ast.Call) and not node.keywords or isinstance(node, ast.Call) and all(
            k.arg in ("dtype", "alpha", "name", "clip_value_min", "clip_value_max") for k in node.keywords):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        return (name in _ELEMENTWISE and bool(node.args) and _keeps_shape(node.args[0], arg)
                and all(_keeps_shape(a, arg) and _uses(a, arg) or isinstance(a, ast.Constant) or
                        isinstance(a, ast.Attribute) and a.attr in ("float32", "float16") for a in node.args[1:]))
    return False


def _uses(node: ast.expr, arg: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == arg for n in ast.walk(node))


def function_text(function) -> str:
    if isinstance(function, Opaque) and isinstance(function.cause, ast.Lambda):
        return snippet(function.cause, 50)
    if isinstance(function, KerasActivation):
        return function.name
    if isinstance(function, UserFunction):
        return function.node.name
    return "?"


# ---------------------------------------------------------------- a layer call as the student wrote it


def _value_text(value) -> str:
    """An argument as the student wrote it: a wrapped layer as its own call (Bidirectional(LSTM(32))),
    a function by its name; never an object's repr."""
    if isinstance(value, KLayer):
        return getattr(value.node, "source", "") or value.name
    if isinstance(value, Node):
        return type(value).__name__
    if isinstance(value, (Opaque, UserFunction)):
        return function_text(value) if not isinstance(value, Opaque) or value.token == "lambda" else value.token
    if isinstance(value, (list, tuple)) and any(isinstance(v, (KLayer, Node, Opaque, UserFunction)) for v in value):
        inner = ", ".join(_value_text(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    return repr(value)


def call_text(what: str, args: list, kwargs: dict) -> str:
    parts = [_value_text(a) for a in args]
    parts += [f"{k}={_value_text(v)}" for k, v in kwargs.items() if k not in ("name",) and not isinstance(v, Ignored)]
    text = f"{what}({', '.join(parts)})"
    return text if len(text) <= 80 else text[:79] + "…"


# ---------------------------------------------------------------- lookup layers

# Keras 3's defaults: StringLookup marks unknown words "[UNK]", IntegerLookup -1; neither masks by default.
_LOOKUP_OOV = {"StringLookup": "[UNK]", "IntegerLookup": -1}


def lookup_tokens(what: str, kwargs: dict) -> tuple | None:
    """``get_vocabulary()`` of ``StringLookup``/``IntegerLookup(vocabulary=[...])``: the mask token, the OOV tokens,
    then the words, as Keras' ``IndexLookup.set_vocabulary`` builds it (special tokens already leading the list
    given, as an inverted lookup's are, are not added twice); None when the vocabulary is not a plain list."""
    vocabulary, mask = kwargs.get("vocabulary"), kwargs.get("mask_token")
    oov, count = kwargs.get("oov_token", _LOOKUP_OOV[what]), kwargs.get("num_oov_indices", 1)
    if not isinstance(vocabulary, (list, tuple)) or not all(isinstance(v, (str, int)) for v in vocabulary) \
            or not isinstance(count, int) or isinstance(count, bool) or kwargs.get("output_mode", "int") != "int":
        return None  # one-hot or counting modes place the mask elsewhere: not followed
    special = ([mask] if mask is not None else []) + [oov] * count
    words = list(vocabulary)
    if words[:len(special)] == special:
        words = words[len(special):]
    return (*special, *words)

# A built layer's weights by Keras' attribute names: reading or assigning their values changes no count.
WEIGHT_NAMES = {"kernel", "bias", "depthwise_kernel", "pointwise_kernel", "recurrent_kernel", "gamma", "beta",
                "moving_mean", "moving_variance", "embeddings"}
