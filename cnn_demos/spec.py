"""The layer-spec language: what a student types (or pastes from Keras/PyTorch) → a list of layer nodes.

Two notations, mixed freely, one layer per ``|`` or line:

* compact: ``input 224x224x3 | conv 32 3x3 relu | maxpool 2 | bn | flatten | dense 10``
  (options: ``s2``, ``same``/``valid``/``p1``, ``d2``, ``g4``, ``nobias``, ``dw``,
  an activation name; branches: ``concat{conv 64 1 ; conv 96 1 -> conv 128 3 same}``
  and ``residual{body ; shortcut}``);
* calls: ``Conv2D(32, (3,3), activation='relu')``, ``nn.Conv2d(3, 32, 3, padding=1)``,
  ``Dense(10)``, ``LSTM(64)``, ``Bidirectional(GRU(32))``, also inside ``Sequential([...])``
  or ``model.add(...)``.  Calls are read with :mod:`ast` (literals, ``tf.nn.relu``-style
  activation names, regularizers as :class:`Ignored`; nothing is run) and turned into nodes
  by :func:`keras_layer`, which :mod:`cnn_demos.code` also calls for whole programs.

Parsing only checks spelling; shapes and limits are checked in :mod:`cnn_demos.shapes`.
The input's layout is settled here (:func:`resolve_input`): never a silent guess.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from cnn_demos import messages as msg
from cnn_demos.messages import fa


class SpecError(ValueError):
    """A spec the student typed is wrong; ``str()`` is a Persian sentence naming the layer and token."""

    def __init__(self, text: str, number: int | None = None, path: tuple[int, ...] = (), token: str = ""):
        self.number, self.path, self.token, self.detail = number, path, token, text
        super().__init__(f"{msg.where(number, path)}: {text}" if number else text)


@dataclass(frozen=True, kw_only=True)
class Node:
    number: int = 0                 # the layer's position in what was typed (1-based)
    path: tuple[int, ...] = ()      # branch/layer indices inside concat{} / residual{}
    source: str = ""                # the text of this layer, for tables and errors
    name: str = ""                  # a label for tables (zoo models set it)
    trainable: bool = True          # Keras trainable=False: the layer's parameters count as non-trainable
    data_format: str | None = None  # a Keras layer's stated data_format; must agree with the model's layout


@dataclass(frozen=True, kw_only=True)
class Input(Node):
    shape: tuple[int, ...]          # as typed
    layout: str                     # "channels_last" | "channels_first"
    layout_given: bool = False
    from_keras: bool = False        # Keras' default channels_last, which a layer's data_format may overturn


@dataclass(frozen=True, kw_only=True)
class Conv(Node):
    filters: int | None             # None for depthwise (filters = channels × multiplier)
    kernel: tuple[int, ...]
    dims: int | None = None         # 1, 2, 3 or None = from the input's rank
    stride: tuple[int, ...] = (1,)
    padding: str | tuple[int, ...] = "valid"   # "valid", "same" or explicit per-side numbers
    dilation: tuple[int, ...] = (1,)
    groups: int = 1
    depthwise: bool = False
    multiplier: int = 1
    bias: bool = True
    activation: str | None = None
    in_channels: int | None = None  # PyTorch-style calls state it; checked against the real input


@dataclass(frozen=True, kw_only=True)
class Dense(Node):
    units: int
    bias: bool = True
    activation: str | None = None
    in_features: int | None = None
    last_axis: bool = False         # Keras: a non-flat input is transformed along its channel axis


@dataclass(frozen=True, kw_only=True)
class Pool(Node):
    op: str                         # "max" | "avg"
    kernel: tuple[int, ...]
    dims: int | None = None
    stride: tuple[int, ...] | None = None      # None = kernel
    padding: str | tuple[int, ...] = "valid"
    ceil: bool = False


@dataclass(frozen=True, kw_only=True)
class GlobalPool(Node):
    op: str                         # "avg" | "max"
    keepdims: bool = False          # Keras keepdims=True: (1, 1, C) instead of (C,)


@dataclass(frozen=True, kw_only=True)
class BatchNorm(Node):
    axis: int | None = None         # a Keras axis (batch = 0) the student wrote; None = the channel axis
    center: bool = True             # Keras center=False: no beta
    scale: bool = True              # Keras scale=False: no gamma
    num_features: int | None = None  # PyTorch's BatchNorm2d(64) states it; checked against the input


@dataclass(frozen=True, kw_only=True)
class Dropout(Node):
    rate: float = 0.5


@dataclass(frozen=True, kw_only=True)
class Flatten(Node):
    pass


@dataclass(frozen=True, kw_only=True)
class Activation(Node):
    fn: str


@dataclass(frozen=True, kw_only=True)
class Concat(Node):
    branches: tuple[tuple[Node, ...], ...]


@dataclass(frozen=True, kw_only=True)
class Residual(Node):
    body: tuple[Node, ...]
    shortcut: tuple[Node, ...] = ()  # empty = identity
    activation: str | None = None    # applied after the add (ResNet's ReLU)


@dataclass(frozen=True, kw_only=True)
class Block(Node):
    """Layers shown as one table row (a zoo model's stage, a MobileNet block without a shortcut)."""

    layers: tuple[Node, ...]


@dataclass(frozen=True, kw_only=True)
class Aux(Node):
    """A side head that reads the input and lets it pass on unchanged (GoogLeNet's auxiliary classifiers)."""

    layers: tuple[Node, ...]


# ---------------------------------------------------------------- nodes for Keras layers
#
# Internal shapes stay channels-first: a sequence of T steps with F features is (F, T),
# exactly as Conv1D sees it, so Conv1D, pooling, RNNs and Dense(last axis) compose.


@dataclass(frozen=True, kw_only=True)
class ConvTranspose(Node):
    filters: int
    kernel: tuple[int, ...]
    dims: int
    stride: tuple[int, ...] = (1,)
    padding: str | tuple[int, ...] = "valid"   # Keras "valid"/"same", or PyTorch's numbers (cropped per side)
    output_padding: tuple[int, ...] | None = None
    dilation: tuple[int, ...] = (1,)
    groups: int = 1
    bias: bool = True
    activation: str | None = None
    in_channels: int | None = None


@dataclass(frozen=True, kw_only=True)
class SeparableConv(Node):
    """Keras SeparableConvND: a depthwise convolution (no bias) then a 1x1 convolution with bias."""

    filters: int
    kernel: tuple[int, ...]
    dims: int
    stride: tuple[int, ...] = (1,)
    padding: str | tuple[int, ...] = "valid"
    dilation: tuple[int, ...] = (1,)
    multiplier: int = 1
    bias: bool = True
    activation: str | None = None


@dataclass(frozen=True, kw_only=True)
class UpSampling(Node):
    size: tuple[int, ...]
    dims: int
    interpolation: str = "nearest"


@dataclass(frozen=True, kw_only=True)
class ZeroPadding(Node):
    amounts: tuple[tuple[int, int], ...]   # (before, after) per spatial axis
    dims: int


@dataclass(frozen=True, kw_only=True)
class Cropping(Node):
    amounts: tuple[tuple[int, int], ...]
    dims: int


@dataclass(frozen=True, kw_only=True)
class Embedding(Node):
    """Integer tokens (T,) → vectors: internally (output_dim, T), displayed T×output_dim channels-last."""

    input_dim: int
    output_dim: int


@dataclass(frozen=True, kw_only=True)
class Recurrent(Node):
    """SimpleRNN, LSTM or GRU over a sequence (F, T); ``merge`` set = wrapped in Bidirectional."""

    cell: str                       # "SimpleRNN" | "LSTM" | "GRU"
    units: int
    return_sequences: bool = False
    bias: bool = True
    reset_after: bool = True        # GRU: TF2's default, a second (recurrent) bias
    merge: str | None = None        # Bidirectional merge_mode: "concat" | "sum" | "mul" | "ave"


@dataclass(frozen=True, kw_only=True)
class ConvRecurrent(Node):
    """Keras ConvLSTM2D over a sequence of images (C, T, H, W): LSTM gates computed by convolutions.

    The input convolution has the layer's stride and padding; the recurrent one keeps the state's size
    ('same', stride 1), as Keras does.
    """

    filters: int
    kernel: tuple[int, ...]
    stride: tuple[int, ...] = (1,)
    padding: str = "valid"
    dilation: tuple[int, ...] = (1,)
    bias: bool = True
    return_sequences: bool = False


@dataclass(frozen=True, kw_only=True)
class Attention(Node):
    """Multi-head attention over a sequence (E, T); self-attention: key and value are the query's sequence.

    Keras' MultiHeadAttention and PyTorch's nn.MultiheadAttention are the same four projections
    (query, key, value: E → heads·dim each; output: heads·value_dim → out_dim), each with a bias.
    """

    heads: int
    key_dim: int                     # per head (PyTorch: embed_dim // num_heads)
    value_dim: int | None = None     # per head; None = key_dim
    out_dim: int | None = None       # Keras output_shape; None = the query's features
    bias: bool = True
    embed_dim: int | None = None     # PyTorch states it; checked against the input


@dataclass(frozen=True, kw_only=True)
class TimeDistributed(Node):
    """Keras TimeDistributed: ``layer`` applied to every step of (C, T, *rest) alone, weights shared."""

    layer: Node


@dataclass(frozen=True, kw_only=True)
class Resize(Node):
    """Keras Resizing: images to (height, width), interpolated; no weights."""

    height: int
    width: int
    crop: bool = False               # crop_to_aspect_ratio: the same output size, so the same counts


@dataclass(frozen=True, kw_only=True)
class LayerNorm(Node):
    axis: tuple[int, ...] | None = None   # Keras axes (batch = 0); None = the channel axis
    center: bool = True
    scale: bool = True
    size: int | None = None               # PyTorch's nn.LayerNorm(64) states it; checked against the input


@dataclass(frozen=True, kw_only=True)
class Normalization(Node):
    """Keras' preprocessing Normalization: mean, variance (and Keras 2's count) are non-trainable weights."""

    axis: tuple[int, ...] | None = None   # None = the channel axis; () = one mean for everything (axis=None)
    adapted: bool = True                  # False: mean/variance were given as constants, no weights


@dataclass(frozen=True, kw_only=True)
class PReLU(Node):
    shared_axes: tuple[int, ...] = ()     # Keras axes (batch = 0) that share one alpha
    num_parameters: int | None = None     # PyTorch's nn.PReLU(num_parameters): 1 or the channels


@dataclass(frozen=True, kw_only=True)
class Reshape(Node):
    target: tuple[int, ...]               # Keras target_shape, channels-last, may hold one -1


@dataclass(frozen=True, kw_only=True)
class Permute(Node):
    dims: tuple[int, ...]                 # Keras: 1-based, channels-last


@dataclass(frozen=True, kw_only=True)
class RepeatVector(Node):
    n: int


@dataclass(frozen=True, kw_only=True)
class PassThrough(Node):
    """A layer that changes no shape and has no weights (Rescaling, GaussianNoise, Masking, ...)."""

    layer: str


@dataclass(frozen=True, kw_only=True)
class Lambda(Node):
    """Keras' ``Lambda(fn, output_shape=...)``: arithmetic we do not follow, no weights, the shape Keras is told."""

    out_shape: tuple[int, ...] | None = None   # as Keras writes it (channels-last, no batch); None = the input's


@dataclass(frozen=True, kw_only=True)
class Merge(Node):
    """Add, Subtract, Multiply, Average, Maximum, Minimum or Concatenate: several inputs, one output."""

    op: str                               # "add" | "subtract" | "multiply" | "average" | "maximum" | ...
    axis: int = -1                        # Concatenate's Keras axis (batch = 0; -1 = channels)


class Ignored:
    """A value we deliberately skip (a regularizer, initializer or optimizer, a data pipeline): it changes no
    count; the code reader also returns it for calls it does not follow on purpose."""

    def __init__(self, what: str = "") -> None:
        self.what = what

    def __repr__(self) -> str:
        return self.what or "Ignored"


ACTIVATIONS = {
    "relu", "relu6", "sigmoid", "tanh", "softmax", "gelu", "elu", "selu", "silu", "swish",
    "leakyrelu", "leaky_relu", "hardswish", "hard_swish", "softplus", "mish", "linear",
}
# Keras code may name these too; none has weights.
KERAS_ACTIVATIONS = ACTIVATIONS | {"log_softmax", "hard_sigmoid", "softsign", "exponential", "hard_silu", "hard_tanh"}
_LAYER_WORDS = ("input conv conv1d conv2d conv3d dwconv dense fc linear maxpool avgpool gap gmp "
                "bn dropout flatten concat{} residual{} " + " ".join(sorted(ACTIVATIONS - {"linear"})))


# ---------------------------------------------------------------- splitting


def _depth_split(text: str, seps: str) -> list[str]:
    """Split at separator characters that are outside (), [] and {}."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and ch in seps:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _check_balanced(text: str) -> None:
    pairs, stack = {")": "(", "]": "[", "}": "{"}, []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs and (not stack or stack.pop() != pairs[ch]):
            raise SpecError(msg.UNBALANCED.format(token=ch), token=ch)
    if stack:
        raise SpecError(msg.UNBALANCED.format(token=stack[-1]), token=stack[-1])


_SEQUENTIAL = re.compile(r"Sequential\s*\(")
_ADD_CALL = re.compile(r"^\s*[\w.]+\.add\s*\((.*)\)\s*;?\s*$", re.DOTALL)
_IGNORED_LINE = re.compile(r"^\s*(#|import\b|from\b|[\w.]+\.(summary|compile|fit|build)\s*\()")


def _unwrap_sequential(text: str) -> str:
    """``model = keras.Sequential([a, b])`` → ``a, b`` (and ``nn.Sequential(a, b)`` alike)."""
    match = _SEQUENTIAL.search(text)
    if not match:
        return text
    depth, start = 1, match.end()
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            inner = text[start:i].strip()
            if inner[:1] in "[(" and _closing(inner) == len(inner) - 1:
                inner = inner[1:-1]
            return inner
    return text[start:]


def _closing(text: str) -> int:
    depth = 0
    for i, ch in enumerate(text):
        depth += 1 if ch in "([{" else -1 if ch in ")]}" else 0
        if depth == 0:
            return i
    return -1


def layer_texts(text: str) -> list[str]:
    """The layers of a spec as separate strings, in order."""
    lines = [line for line in text.splitlines() if not _IGNORED_LINE.match(line)]
    text = _unwrap_sequential("\n".join(lines))
    _check_balanced(text)
    pieces: list[str] = []
    for part in _depth_split(text, "|\n"):
        part = part.strip().rstrip(",").strip()
        add = _ADD_CALL.match(part)
        if add:
            part = add.group(1).strip()
        if not part:
            continue
        if re.search(r"\)\s*,", part):  # several calls on one line: Conv2D(..), Dense(..)
            pieces.extend(p.strip() for p in _depth_split(part, ",") if p.strip())
        else:
            pieces.append(part)
    return pieces


# ---------------------------------------------------------------- compact notation


def _positive_int(token: str, number: int, path: tuple[int, ...]) -> int:
    try:
        value = int(token)
    except ValueError:
        raise SpecError(msg.BAD_NUMBER.format(token=token), number, path, token) from None
    if value <= 0:
        raise SpecError(msg.BAD_NUMBER.format(token=token), number, path, token)
    return value


def _size_tuple(token: str, number: int, path: tuple[int, ...]) -> tuple[int, ...]:
    parts = [p for p in re.split(r"[x×*,]", token.strip("()[] ")) if p.strip()]
    if not parts:
        raise SpecError(msg.BAD_SHAPE.format(token=token), number, path, token)
    return tuple(_positive_int(p.strip(), number, path) for p in parts)


_OPTION = re.compile(r"^(s|stride|strides|p|pad|padding|d|dilation|g|groups|m|multiplier)=?(\S+)$")


def _compact(text: str, number: int, path: tuple[int, ...]) -> Node:
    head, _, body = text.partition("{")
    if body:
        return _branches(head.strip().lower(), body.rsplit("}", 1)[0], text, number, path)
    tokens = text.replace("(", " ").replace(")", " ").split()
    word, args = tokens[0].lower(), tokens[1:]
    base = {"number": number, "path": path, "source": text}
    if word in ("input", "in"):
        layout, shape = None, None
        for tok in args:
            low = tok.lower()
            if low in ("cl", "channels_last", "nhwc", "hwc", "keras"):
                layout = "channels_last"
            elif low in ("cf", "channels_first", "nchw", "chw", "torch", "pytorch"):
                layout = "channels_first"
            else:
                shape = _size_tuple(tok, number, path)
        if shape is None:
            raise SpecError(msg.MISSING_ARG.format(what="شکل ورودی"), number, path, text)
        guessed = layout or layout_from_shape(shape) or "channels_last"  # settled in parse()
        return Input(shape=shape, layout=guessed, layout_given=layout is not None, **base)
    if word in ("conv", "conv1d", "conv2d", "conv3d", "dwconv", "depthwise", "dwconv2d"):
        return _compact_conv(word, args, base)
    if word in ("dense", "fc", "linear"):
        if word == "linear" and not args:
            return Activation(fn="linear", **base)
        if not args:
            raise SpecError(msg.MISSING_ARG.format(what="تعداد واحدها"), number, path, text)
        units = _positive_int(args[0], number, path)
        bias, activation = True, None
        for tok in args[1:]:
            bias, activation = _flag(tok, bias, activation, base)
        return Dense(units=units, bias=bias, activation=activation, **base)
    pool = re.fullmatch(r"(max|avg|average)_?pool(ing)?([123])d?", word) or re.fullmatch(
        r"(max|avg|average)_?pool(ing)?", word)
    if pool:
        return _compact_pool(pool, args, base)
    if word in ("gap", "globalavgpool", "globalaveragepooling", "gmp", "globalmaxpool", "globalmaxpooling"):
        return GlobalPool(op="max" if "max" in word or word == "gmp" else "avg", **base)
    if word in ("bn", "batchnorm", "batchnormalization", "batch_norm"):
        return BatchNorm(**base)
    if word == "dropout":
        return Dropout(rate=_rate(args[0] if args else "0.5", base), **base)
    if word == "flatten":
        return Flatten(**base)
    if word == "activation" and args:
        word = args[0].lower()
    if word in ACTIVATIONS:
        return Activation(fn=word, **base)
    raise SpecError(msg.UNKNOWN_LAYER.format(token=tokens[0], known=_LAYER_WORDS), number, path, tokens[0])


def _flag(tok: str, bias: bool, activation: str | None, base: dict) -> tuple[bool, str | None]:
    low = tok.lower()
    if low in ("nobias", "bias=false", "bias=off", "bias=0", "use_bias=false"):
        return False, activation
    if low in ("bias", "bias=true", "bias=on"):
        return True, activation
    if low in ACTIVATIONS:
        return bias, low
    raise SpecError(msg.BAD_OPTION.format(token=tok), base["number"], base["path"], tok)


def _compact_conv(word: str, args: list[str], base: dict) -> Conv:
    number, path = base["number"], base["path"]
    depthwise = word.startswith("dw") or word == "depthwise"
    dims = int(word[4]) if re.fullmatch(r"conv[123]d", word) else None
    numbers = [a for a in args if re.fullmatch(r"\d+([x×*]\d+)*", a)]
    rest = [a for a in args if a not in numbers]
    options: dict = {"stride": (1,), "padding": "valid", "dilation": (1,), "groups": 1, "multiplier": 1}
    bias, activation = True, None
    for tok in rest:
        low = tok.lower()
        if low in ("same", "valid"):
            options["padding"] = low
        elif low in ("dw", "depthwise"):
            depthwise = True
        elif (m := _OPTION.match(low)) and re.fullmatch(r"\d+([x×*]\d+)*", m.group(2)):
            key = {"s": "stride", "strides": "stride", "p": "padding", "pad": "padding", "d": "dilation",
                   "g": "groups", "m": "multiplier"}.get(m.group(1), m.group(1))
            value = _size_tuple(m.group(2), number, path)
            options[key] = value[0] if key in ("groups", "multiplier") else value
        else:
            bias, activation = _flag(tok, bias, activation, base)
    if depthwise and len(numbers) <= 1:  # "dwconv 3x3": filters = channels × multiplier
        if not numbers:
            raise SpecError(msg.MISSING_ARG.format(what="اندازه کرنل"), number, path, base["source"])
        filters, kernel_tok = None, numbers[0]
    else:
        if len(numbers) < 2:
            raise SpecError(msg.MISSING_ARG.format(what="تعداد فیلتر و اندازه کرنل (مثلاً conv 32 3x3)"),
                            number, path, base["source"])
        filters, kernel_tok = _positive_int(numbers[0], number, path), numbers[1]
    if len(numbers) > 2:
        extra = numbers[2]
        raise SpecError(msg.BAD_OPTION.format(token=extra), number, path, extra)
    kernel = _size_tuple(kernel_tok, number, path)
    return Conv(filters=filters, kernel=kernel, dims=dims, depthwise=depthwise, bias=bias,
                activation=activation, **options, **base)


def _compact_pool(match: re.Match, args: list[str], base: dict) -> Pool:
    number, path = base["number"], base["path"]
    op = "max" if match.group(1) == "max" else "avg"
    dims = int(match.group(3)) if match.lastindex and match.lastindex >= 3 and match.group(3) else None
    kernel, stride, padding = (2,), None, "valid"
    numbers = [a for a in args if re.fullmatch(r"\d+([x×*]\d+)*", a)]
    if numbers:
        kernel = _size_tuple(numbers[0], number, path)
    if len(numbers) > 1:
        stride = _size_tuple(numbers[1], number, path)
    for tok in args:
        low = tok.lower()
        if tok in numbers[:2]:
            continue
        if low in ("same", "valid"):
            padding = low
        elif (m := _OPTION.match(low)) and m.group(1) in ("s", "stride", "strides", "p", "pad", "padding"):
            value = _size_tuple(m.group(2), number, path)
            if m.group(1).startswith("s"):
                stride = value
            else:
                padding = value
        else:
            raise SpecError(msg.BAD_OPTION.format(token=tok), number, path, tok)
    return Pool(op=op, kernel=kernel, dims=dims, stride=stride, padding=padding, **base)


def _rate(token: str, base: dict) -> float:
    try:
        rate = float(token)
    except ValueError:
        rate = -1.0
    if not 0 <= rate < 1:
        raise SpecError(msg.BAD_RATE.format(token=token), base["number"], base["path"], token)
    return rate


def _branches(head: str, body: str, text: str, number: int, path: tuple[int, ...]) -> Node:
    branches = []
    for b, branch in enumerate(_depth_split(body, ";"), 1):
        layers = [t for t in re.split(r"\s*(?:->|→|=>)\s*", branch.strip()) if t.strip()] if branch.strip() else []
        branches.append(tuple(_one(t.strip(), number, path + (b, i)) for i, t in enumerate(layers, 1)))
    base = {"number": number, "path": path, "source": text}
    if head in ("concat", "concatenate", "inception", "branch", "branches"):
        return Concat(branches=tuple(branches), **base)
    if head in ("residual", "res", "add", "resblock"):
        if len(branches) > 2:
            raise SpecError(msg.BAD_OPTION.format(token=";"), number, path, ";")
        return Residual(body=branches[0], shortcut=branches[1] if len(branches) > 1 else (),
                        activation="relu", **base)
    if head in ("block", "seq", "sequence", "aux") and len(branches) == 1:
        return (Aux if head == "aux" else Block)(layers=branches[0], **base)
    raise SpecError(msg.UNKNOWN_LAYER.format(token=head, known=_LAYER_WORDS), number, path, head)


# ---------------------------------------------------------------- Keras / PyTorch calls, read one per line


def _call(text: str, number: int, path: tuple[int, ...]) -> list[Node]:
    try:
        tree = ast.parse(text.strip(), mode="eval").body
        if not isinstance(tree, ast.Call):
            raise TypeError("not a call")
        name = _dotted(tree.func)
        if not name:
            raise TypeError("not a layer")
    except (SyntaxError, ValueError, TypeError) as exc:
        raise SpecError(msg.BAD_CALL.format(token=text, detail=exc), number, path, text) from None
    args = [_value(a, number, path) for a in tree.args]
    kwargs = {k.arg: _value(k.value, number, path) for k in tree.keywords if k.arg}
    return keras_layer(name, args, kwargs, {"number": number, "path": path, "source": text})


def _dotted(expr: ast.expr) -> str:
    """``keras.layers.Dense`` → 'keras.layers.Dense'; '' for anything that is not a plain dotted name."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        head = _dotted(expr.value)
        return f"{head}.{expr.attr}" if head else ""
    return ""


_IGNORED_CALLS = re.compile(r"(^|\.)(regularizers|initializers|constraints)\.|^(l1|l2|l1_l2|L1|L2|L1L2)$")


def _value(expr: ast.expr, number: int, path: tuple[int, ...]):
    """A literal; ``tf.nn.relu`` → 'relu'; a regularizer/initializer → :class:`Ignored`; a nested layer → nodes.

    Nothing is run: anything else (a variable, an arbitrary call) is refused in Persian.
    """
    if isinstance(expr, (ast.Tuple, ast.List)):
        items = [_value(e, number, path) for e in expr.elts]
        return tuple(items) if isinstance(expr, ast.Tuple) else items
    name = _dotted(expr.func) if isinstance(expr, ast.Call) else _dotted(expr)
    if isinstance(expr, ast.Call) and name:
        if _IGNORED_CALLS.search(name):
            return Ignored(name)
        if _lookup(name) is not None:  # Bidirectional(LSTM(64)), TimeDistributed(Dense(10))
            return _call(ast.unparse(expr), number, path)
    elif "." in name and name.rsplit(".", 1)[1].lower() in KERAS_ACTIVATIONS:
        return name.rsplit(".", 1)[1].lower()
    elif "." in name and _IGNORED_CALLS.search(name + "."):
        return Ignored(name)
    if isinstance(expr, ast.BinOp) and type(expr.op) in _ARITHMETIC:  # Rescaling(1./255), Dense(2*64)
        left, right = _value(expr.left, number, path), _value(expr.right, number, path)
        if _is_number(left) and _is_number(right) and abs(left) < 1e12 > abs(right):
            try:
                return _ARITHMETIC[type(expr.op)](left, right)
            except ZeroDivisionError:
                pass
    try:
        return ast.literal_eval(expr)
    except (ValueError, TypeError, SyntaxError):
        token = ast.unparse(expr)
        raise SpecError(msg.NOT_LITERAL.format(token=token), number, path, token) from None


_ARITHMETIC = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
               ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b}


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# Keyword arguments that change no count, accepted by every layer.
_HARMLESS = {
    "name", "dtype", "dynamic", "autocast", "seed", "noise_shape", "input_length", "mask_zero", "sparse", "ragged",
    "recurrent_dropout", "dropout", "unroll", "implementation", "stateful", "go_backwards", "time_major",
    "recurrent_activation", "unit_forget_bias", "inplace", "epsilon", "eps", "momentum", "renorm",
    "renorm_clipping", "renorm_momentum", "fused", "virtual_batch_size", "adjustment", "synchronized",
    "padding_mode", "device", "weights", "interpolation", "batch_size", "data_format", "use_cudnn",
}
_HARMLESS_SUFFIX = re.compile(r"_(initializer|regularizer|constraint)$")
_INPUT_KEYS = ("input_shape", "batch_input_shape", "input_dim")


_REQUIRED = object()


class _Args:
    """One call's arguments bound to names, with typed getters whose errors are Persian sentences."""

    def __init__(self, layer: str, bound: dict, base: dict, formats: bool = False) -> None:
        self.layer, self.bound, self.base, self.formats = layer, bound, base, formats

    def error(self, text: str) -> SpecError:
        return SpecError(text, self.base.get("number"), self.base.get("path", ()), self.base.get("source", ""))

    def bad(self, key: str, want: str) -> SpecError:
        return self.error(msg.BAD_ARG.format(layer=self.layer, arg=key, want=want, value=self.bound[key]))

    def has(self, key: str) -> bool:
        return key in self.bound

    def raw(self, key: str, default=_REQUIRED):
        if key in self.bound:
            return self.bound[key]
        if default is _REQUIRED:
            raise self.error(msg.MISSING_KEY.format(layer=self.layer, arg=key))
        return default

    def int(self, key: str, default=_REQUIRED, minimum: int = 1) -> int:
        value = self.raw(key, default)
        if key not in self.bound:
            return value
        number = _as_int(value)
        if number is None or number < minimum:
            raise self.bad(key, msg.WANT_INT if minimum > 0 else msg.WANT_INT0)
        return number

    def ints(self, key: str, default=_REQUIRED, minimum: int = 1) -> tuple[int, ...] | None:
        value = self.raw(key, default)
        if key not in self.bound:
            return value if value is None or isinstance(value, tuple) else (value,)
        values = value if isinstance(value, (tuple, list)) else (value,)
        numbers = [_as_int(v) for v in values]
        if not numbers or any(n is None or n < minimum for n in numbers):
            raise self.bad(key, msg.WANT_INTS)
        return tuple(numbers)

    def bool(self, key: str, default: bool) -> bool:
        value = self.raw(key, default)
        if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):
            return bool(value)
        raise self.bad(key, msg.WANT_BOOL)

    def choice(self, key: str, choices: tuple[str, ...], default=_REQUIRED) -> str | None:
        value = self.raw(key, default)
        if key not in self.bound:
            return value
        if isinstance(value, str) and value.lower() in choices:
            return value.lower()
        raise self.bad(key, msg.WANT_CHOICE.format(choices="، ".join(choices)))

    def rate(self, key: str, default: float = 0.5) -> float:
        value = self.raw(key, default)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
            return float(value)
        raise self.bad(key, msg.WANT_RATE)

    def axes(self, key: str) -> tuple[int, ...] | None:
        """Keras axis arguments (an int or a list); absent → None (the layer's default, the channel axis)."""
        if key not in self.bound:
            return None
        value = self.bound[key]
        if value is None:
            return ()
        values = value if isinstance(value, (tuple, list)) else (value,)
        numbers = [v if isinstance(v, int) and not isinstance(v, bool) else None for v in values]
        if None in numbers:
            raise self.bad(key, msg.WANT_AXIS)
        return tuple(numbers)

    def activation(self, key: str = "activation") -> str | None:
        value = self.raw(key, None)
        if value is None:
            return None
        name = value.lower() if isinstance(value, str) else ""
        if name not in KERAS_ACTIVATIONS:
            known = " ".join(sorted(KERAS_ACTIVATIONS))
            raise self.error(msg.BAD_ACTIVATION.format(token=value, known=known))
        return None if name == "linear" else name

    def padding(self, key: str = "padding", default="valid", causal: bool = False) -> str | tuple[int, ...]:
        value = self.raw(key, default)
        if isinstance(value, str):
            choices = ("valid", "same", "causal") if causal else ("valid", "same")
            chosen = self.choice(key, choices, default)
            return "same" if chosen == "causal" else chosen  # causal pads (k-1)·d on the left: same sizes as 'same'
        return self.ints(key, default, minimum=0)

    def common(self) -> dict:
        """Fields every node takes: where it was typed, trainable, and a stated data_format."""
        extra = {"trainable": self.bool("trainable", True)}
        if "data_format" in self.bound and self.formats and self.bound["data_format"] is not None:
            extra["data_format"] = self.choice("data_format", ("channels_last", "channels_first"))
        return {**self.base, **extra}


def _as_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


@dataclass(frozen=True)
class _Layer:
    """One entry of the layer table: which names, which framework, the positional signature, the maker."""

    pattern: str                      # full match on the lower-case class name
    framework: str                    # "keras", "torch" or "any"
    signature: tuple[str, ...]        # positional parameters, in order
    make: Callable[[_Args, re.Match], Node | list[Node]]
    keywords: tuple[str, ...] = ()    # keyword-only parameters the maker reads
    formats: bool = False             # reads data_format (conv-like layers)


_CONV_K = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation",
           "use_bias")
_CONVT_K = ("filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate",
            "activation", "use_bias")
_SEPARABLE_K = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "depth_multiplier",
                "activation", "use_bias")
_DEPTHWISE_K = ("kernel_size", "strides", "padding", "depth_multiplier", "data_format", "dilation_rate",
                "activation", "use_bias")
_CONV_T = ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias",
           "padding_mode")
_CONVT_T = ("in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding", "groups", "bias",
            "dilation", "padding_mode")
_RNN_KEYWORDS = ("return_sequences", "return_state", "reset_after")


# -- makers: each reads its arguments and returns a node (or an Input and a node)


def _k_conv(a: _Args, m: re.Match) -> Node:
    dims = int(m.group(1))
    return Conv(filters=a.int("filters"), kernel=a.ints("kernel_size"), dims=dims, stride=a.ints("strides", (1,)),
                padding=a.padding(causal=dims == 1), dilation=a.ints("dilation_rate", (1,)),
                groups=a.int("groups", 1), bias=a.bool("use_bias", True), activation=a.activation(), **a.common())


def _t_conv(a: _Args, m: re.Match) -> Node:
    return Conv(in_channels=a.int("in_channels"), filters=a.int("out_channels"), kernel=a.ints("kernel_size"),
                dims=int(m.group(1)), stride=a.ints("stride", (1,)), padding=a.padding(default=(0,)),
                dilation=a.ints("dilation", (1,)), groups=a.int("groups", 1), bias=a.bool("bias", True), **a.common())


def _k_conv_transpose(a: _Args, m: re.Match) -> Node:
    return ConvTranspose(filters=a.int("filters"), kernel=a.ints("kernel_size"), dims=int(m.group(1)),
                         stride=a.ints("strides", (1,)), padding=a.choice("padding", ("valid", "same"), "valid"),
                         output_padding=a.ints("output_padding", None, minimum=0),
                         dilation=a.ints("dilation_rate", (1,)), bias=a.bool("use_bias", True),
                         activation=a.activation(), **a.common())


def _t_conv_transpose(a: _Args, m: re.Match) -> Node:
    return ConvTranspose(in_channels=a.int("in_channels"), filters=a.int("out_channels"),
                         kernel=a.ints("kernel_size"), dims=int(m.group(1)), stride=a.ints("stride", (1,)),
                         padding=a.ints("padding", (0,), minimum=0),
                         output_padding=a.ints("output_padding", (0,), minimum=0),
                         dilation=a.ints("dilation", (1,)), groups=a.int("groups", 1), bias=a.bool("bias", True),
                         **a.common())


def _k_separable(a: _Args, m: re.Match) -> Node:
    return SeparableConv(filters=a.int("filters"), kernel=a.ints("kernel_size"), dims=int(m.group(1)),
                         stride=a.ints("strides", (1,)), padding=a.padding(), dilation=a.ints("dilation_rate", (1,)),
                         multiplier=a.int("depth_multiplier", 1), bias=a.bool("use_bias", True),
                         activation=a.activation(), **a.common())


def _k_depthwise(a: _Args, m: re.Match) -> Node:
    return Conv(filters=None, depthwise=True, kernel=a.ints("kernel_size"), dims=int(m.group(1)),
                stride=a.ints("strides", (1,)), padding=a.padding(), dilation=a.ints("dilation_rate", (1,)),
                multiplier=a.int("depth_multiplier", 1), bias=a.bool("use_bias", True), activation=a.activation(),
                **a.common())


def _k_dense(a: _Args, m: re.Match) -> Node:
    return Dense(units=a.int("units"), activation=a.activation(), bias=a.bool("use_bias", True), last_axis=True,
                 **a.common())


def _t_linear(a: _Args, m: re.Match) -> Node:
    return Dense(in_features=a.int("in_features"), units=a.int("out_features"), bias=a.bool("bias", True),
                 **a.common())


def _k_pool(a: _Args, m: re.Match) -> Node:
    return Pool(op="max" if m.group(1) == "max" else "avg", dims=int(m.group(2)), kernel=a.ints("pool_size", (2,)),
                stride=a.ints("strides", None), padding=a.choice("padding", ("valid", "same"), "valid"), **a.common())


def _t_pool(a: _Args, m: re.Match) -> Node:
    if a.has("dilation") and a.ints("dilation") != (1,) * len(a.ints("dilation")):
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="dilation", layer=a.layer, why=msg.WHY_DEFAULT_ONLY))
    return Pool(op=m.group(1), dims=int(m.group(2)), kernel=a.ints("kernel_size"), stride=a.ints("stride", None),
                padding=a.ints("padding", (0,), minimum=0), ceil=a.bool("ceil_mode", False), **a.common())


def _k_global_pool(a: _Args, m: re.Match) -> Node:
    return GlobalPool(op="max" if m.group(1) == "max" else "avg", keepdims=a.bool("keepdims", False), **a.common())


def _t_adaptive_pool(a: _Args, m: re.Match) -> Node:
    if set(a.ints("output_size")) != {1}:
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="output_size", layer=a.layer, why=msg.WHY_DEFAULT_ONLY))
    return GlobalPool(op=m.group(1), **a.common())


def _k_batch_norm(a: _Args, m: re.Match) -> Node:
    axes = a.axes("axis")
    if axes is not None and len(axes) != 1:
        raise a.bad("axis", msg.WANT_AXIS)
    axis = None if axes is None or axes == (-1,) else axes[0]  # -1, Keras' default, is the channel axis
    return BatchNorm(axis=axis, center=a.bool("center", True), scale=a.bool("scale", True), **a.common())


def _t_batch_norm(a: _Args, m: re.Match) -> Node:
    affine = a.bool("affine", True)
    return BatchNorm(num_features=a.int("num_features"), center=affine, scale=affine, **a.common())


def _k_layer_norm(a: _Args, m: re.Match) -> Node:
    axes = a.axes("axis")
    rms = a.bool("rms_scaling", False)
    return LayerNorm(axis=None if axes in (None, (-1,)) else axes, center=a.bool("center", True) and not rms,
                     scale=a.bool("scale", True) or rms, **a.common())


def _k_normalization(a: _Args, m: re.Match) -> Node:
    axes = a.axes("axis")
    adapted = a.raw("mean", None) is None and a.raw("variance", None) is None
    return Normalization(axis=None if axes == (-1,) else axes, adapted=adapted, **a.common())


def _k_dropout(a: _Args, m: re.Match) -> Node:
    return Dropout(rate=a.rate("p" if a.has("p") and not a.has("rate") else "rate"), **a.common())


def _t_dropout(a: _Args, m: re.Match) -> Node:
    return Dropout(rate=a.rate("p"), **a.common())


def _pass_through(a: _Args, m: re.Match) -> Node:
    return PassThrough(layer=a.layer, **a.common())


def _k_flatten(a: _Args, m: re.Match) -> Node:
    return Flatten(**a.common())


def _t_flatten(a: _Args, m: re.Match) -> Node:
    if a.raw("start_dim", 1) != 1 or a.raw("end_dim", -1) != -1:
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="start_dim/end_dim", layer=a.layer,
                                                    why=msg.WHY_DEFAULT_ONLY))
    return Flatten(**a.common())


def _k_activation(a: _Args, m: re.Match) -> Node:
    return Activation(fn=a.activation() or "linear", **a.common())


_ACTIVATION_LAYERS = {"leakyrelu": "leakyrelu", "relu": "relu", "relu6": "relu6", "softmax": "softmax", "elu": "elu",
                      "thresholdedrelu": "relu", "hardsigmoid": "hard_sigmoid", "logsoftmax": "log_softmax",
                      "identity": "linear", "hardtanh": "hard_tanh", "softsign": "softsign"}


def _activation_layer(a: _Args, m: re.Match) -> Node:
    """ReLU(), LeakyReLU(0.1), nn.ReLU(inplace=True), ...: no weights, so their options cannot change a count."""
    low = m.group(0)
    fn = _ACTIVATION_LAYERS.get(low, low)
    if low == "relu" and a.raw("max_value", None) == 6:
        fn = "relu6"
    return Activation(fn=fn, **a.common())


def _k_prelu(a: _Args, m: re.Match) -> Node:
    shared = a.axes("shared_axes") or ()
    return PReLU(shared_axes=shared, **a.common())


def _t_prelu(a: _Args, m: re.Match) -> Node:
    return PReLU(num_parameters=a.int("num_parameters", 1), **a.common())


def _k_embedding(a: _Args, m: re.Match) -> Node:
    return Embedding(input_dim=a.int("input_dim"), output_dim=a.int("output_dim"), **a.common())


def _t_embedding(a: _Args, m: re.Match) -> Node:
    return Embedding(input_dim=a.int("num_embeddings"), output_dim=a.int("embedding_dim"), **a.common())


_CELLS = {"simplernn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU", "cudnnlstm": "LSTM", "cudnngru": "GRU"}


def _k_recurrent(a: _Args, m: re.Match) -> Node:
    if a.bool("return_state", False):
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="return_state=True", layer=a.layer,
                                                    why=msg.WHY_RETURN_STATE))
    a.activation()
    return Recurrent(cell=_CELLS[m.group(0)], units=a.int("units"), bias=a.bool("use_bias", True),
                     return_sequences=a.bool("return_sequences", False),
                     reset_after=a.bool("reset_after", True), **a.common())


def _t_recurrent(a: _Args, m: re.Match) -> Node:
    raise a.error(msg.TORCH_RNN.format(token=a.layer))


def _inner(a: _Args, key: str) -> tuple[list[Node], Node]:
    """The layer a wrapper holds: a node, or the nodes ``keras_layer`` made (an Input may come first)."""
    value = a.raw(key)
    nodes = list(value) if isinstance(value, (list, tuple)) else [value]
    if not nodes or not all(isinstance(n, Node) for n in nodes):
        raise a.bad(key, msg.WANT_RNN)
    return [n for n in nodes[:-1] if isinstance(n, Input)], nodes[-1]


def _k_bidirectional(a: _Args, m: re.Match) -> list[Node]:
    inputs, inner = _inner(a, "layer")
    if not isinstance(inner, Recurrent) or inner.merge is not None:
        raise a.bad("layer", msg.WANT_RNN)
    mode = a.raw("merge_mode", "concat")
    if mode is None:
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="merge_mode=None", layer=a.layer, why=msg.WHY_MERGE_NONE))
    mode = a.choice("merge_mode", ("concat", "sum", "mul", "ave"), "concat")
    if a.raw("backward_layer", None) is not None:
        _, back = _inner(a, "backward_layer")
        if not isinstance(back, Recurrent) or (back.cell, back.units, back.bias, back.reset_after,
                                               back.return_sequences) != (inner.cell, inner.units, inner.bias,
                                                                          inner.reset_after, inner.return_sequences):
            raise a.error(msg.UNSUPPORTED_OPTION.format(option="backward_layer", layer=a.layer,
                                                        why=msg.WHY_BACKWARD_LAYER))
    return [*inputs, _wrapped(inner, a, merge=mode)]


def _wrapped(inner: Node, a: _Args, **changes) -> Node:
    """The wrapped layer, placed where the wrapper was typed; frozen if either is."""
    fields = {k: v for k, v in a.common().items() if k != "trainable"}
    return replace(inner, trainable=inner.trainable and a.bool("trainable", True), **fields, **changes)


def _k_time_distributed(a: _Args, m: re.Match) -> list[Node]:
    inputs, inner = _inner(a, "layer")
    if isinstance(inner, (Dense, Dropout, Activation, PassThrough)):  # last-axis layers: Keras applies them so
        return [*inputs, _wrapped(inner, a)]
    fields = {k: v for k, v in a.common().items() if k != "trainable"}
    return [*inputs, TimeDistributed(layer=inner, **fields, trainable=inner.trainable and a.bool("trainable", True))]


def _k_conv_lstm(a: _Args, m: re.Match) -> Node:
    if a.bool("return_state", False):
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="return_state=True", layer=a.layer,
                                                    why=msg.WHY_RETURN_STATE))
    a.activation()
    return ConvRecurrent(filters=a.int("filters"), kernel=a.ints("kernel_size"), stride=a.ints("strides", (1,)),
                         padding=a.choice("padding", ("valid", "same"), "valid"),
                         dilation=a.ints("dilation_rate", (1,)), bias=a.bool("use_bias", True),
                         return_sequences=a.bool("return_sequences", False), **a.common())


def _k_attention(a: _Args, m: re.Match) -> Node:
    out = a.raw("output_shape", None)
    if out is not None and not (_as_int(out) or isinstance(out, (tuple, list)) and len(out) == 1):
        raise a.bad("output_shape", msg.WANT_INT)
    out = out if out is None or _as_int(out) else out[0]
    if a.raw("attention_axes", None) is not None:
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="attention_axes", layer=a.layer, why=msg.WHY_DEFAULT_ONLY))
    return Attention(heads=a.int("num_heads"), key_dim=a.int("key_dim"), value_dim=a.int("value_dim", None),
                     out_dim=None if out is None else _as_int(out), bias=a.bool("use_bias", True), **a.common())


def _t_attention(a: _Args, m: re.Match) -> Node:
    embed, heads = a.int("embed_dim"), a.int("num_heads")
    for key in ("add_bias_kv", "add_zero_attn"):
        if a.bool(key, False):
            raise a.error(msg.UNSUPPORTED_OPTION.format(option=key, layer=a.layer, why=msg.WHY_DEFAULT_ONLY))
    for key in ("kdim", "vdim"):
        if a.raw(key, None) not in (None, embed):
            raise a.error(msg.UNSUPPORTED_OPTION.format(option=key, layer=a.layer, why=msg.WHY_DEFAULT_ONLY))
    if embed % heads:
        raise a.bad("num_heads", msg.WANT_DIVISOR.format(size=embed))
    return Attention(heads=heads, key_dim=embed // heads, bias=a.bool("bias", True), embed_dim=embed, **a.common())


def _t_encoder_layer(a: _Args, m: re.Match) -> Node:
    """nn.TransformerEncoderLayer as our nodes: self-attention and a two-layer feed-forward, each added back
    to its input and layer-normalised (after the add, or before the sublayer with ``norm_first``)."""
    width, bias = a.int("d_model"), a.bool("bias", True)
    where = {"number": a.base.get("number", 0), "path": a.base.get("path", ()), "source": a.base.get("source", "")}
    attention = _t_attention(_Args(a.layer, {"embed_dim": width, "num_heads": a.int("nhead"), "bias": bias}, a.base),
                             m)
    act = a.raw("activation", "relu")
    act = a.activation() if isinstance(act, str) else "relu"  # a function (F.gelu) has no weights either
    feed = (Dense(units=a.int("dim_feedforward", 2048), bias=bias, activation=act, last_axis=True, **where),
            Dense(units=width, bias=bias, last_axis=True, **where))
    norm = LayerNorm(center=bias, size=width, **where)
    if a.bool("norm_first", False):
        layers = (Residual(body=(norm, attention), **where), Residual(body=(norm, *feed), **where))
    else:
        layers = (Residual(body=(attention,), **where), norm, Residual(body=feed, **where), norm)
    return Block(layers=layers, **a.common())


def _t_layer_norm(a: _Args, m: re.Match) -> Node:
    sizes = a.ints("normalized_shape")
    if len(sizes) != 1:
        raise a.error(msg.UNSUPPORTED_OPTION.format(option="normalized_shape", layer=a.layer,
                                                    why=msg.WHY_LAST_AXIS_ONLY))
    affine = a.bool("elementwise_affine", True)
    return LayerNorm(size=sizes[0], scale=affine, center=affine and a.bool("bias", True), **a.common())


def _k_resizing(a: _Args, m: re.Match) -> Node:
    return Resize(height=a.int("height"), width=a.int("width"), crop=a.bool("crop_to_aspect_ratio", False),
                  **a.common())


def _k_upsampling(a: _Args, m: re.Match) -> Node:
    dims = int(m.group(1))
    interpolation = a.raw("interpolation", "nearest")
    return UpSampling(size=a.ints("size", (2,)), dims=dims,
                      interpolation="bilinear" if interpolation == "bilinear" and dims == 2 else "nearest",
                      **a.common())


def _amounts(a: _Args, key: str, dims: int, default) -> tuple[tuple[int, int], ...]:
    """Keras' padding/cropping forms: 1, (1, 2) and ((1, 2), (3, 4)) → (before, after) per axis."""
    value = a.raw(key, default)
    if _as_int(value) is not None:
        value = (value,) * dims
    if dims == 1 and isinstance(value, (tuple, list)) and len(value) == 2 and all(_as_int(v) is not None
                                                                                   for v in value):
        value = (tuple(value),)
    if not isinstance(value, (tuple, list)) or len(value) != dims:
        raise a.bad(key, msg.WANT_PADS) if key in a.bound else a.error(msg.MISSING_KEY.format(layer=a.layer, arg=key))
    pairs = []
    for item in value:
        pair = (item, item) if _as_int(item) is not None else item
        numbers = [_as_int(v) for v in pair] if isinstance(pair, (tuple, list)) and len(pair) == 2 else [None]
        if None in numbers or min(numbers) < 0:
            raise a.bad(key, msg.WANT_PADS)
        pairs.append((numbers[0], numbers[1]))
    return tuple(pairs)


def _k_zero_padding(a: _Args, m: re.Match) -> Node:
    dims = int(m.group(1))
    return ZeroPadding(amounts=_amounts(a, "padding", dims, 1), dims=dims, **a.common())


def _k_cropping(a: _Args, m: re.Match) -> Node:
    dims = int(m.group(1))
    return Cropping(amounts=_amounts(a, "cropping", dims, 0 if dims == 2 else 1), dims=dims, **a.common())


def _k_reshape(a: _Args, m: re.Match) -> Node:
    value = a.raw("target_shape")
    values = value if isinstance(value, (tuple, list)) else (value,)
    numbers = [_as_int(v) for v in values]
    if not numbers or any(n is None or n == 0 or n < -1 for n in numbers) or numbers.count(-1) > 1:
        raise a.bad("target_shape", msg.WANT_SHAPE)
    return Reshape(target=tuple(numbers), **a.common())


def _k_permute(a: _Args, m: re.Match) -> Node:
    return Permute(dims=a.ints("dims"), **a.common())


def _k_repeat_vector(a: _Args, m: re.Match) -> Node:
    return RepeatVector(n=a.int("n"), **a.common())


def _k_merge(a: _Args, m: re.Match) -> Node:
    op = m.group(0)
    axis = a.raw("axis", -1) if op == "concatenate" else -1
    if _as_int(axis) is None:
        raise a.bad("axis", msg.WANT_AXIS)
    return Merge(op=op, axis=axis, **a.common())


def _k_input(a: _Args, m: re.Match) -> Node:
    if a.has("batch_shape") and not a.has("shape"):
        shape = tuple(a.raw("batch_shape"))[1:]
    else:
        shape = a.raw("shape") if a.has("shape") else a.raw("input_shape")
    return _keras_input(shape, a, a.base.get("source", ""))


def _keras_input(shape, a: _Args, source: str) -> Input:
    values = shape if isinstance(shape, (tuple, list)) else (shape,)
    if any(v is None for v in values):
        raise a.error(msg.NONE_IN_SHAPE.format(shape=tuple(values)))
    numbers = tuple(_as_int(v) for v in values)
    if not numbers or any(n is None or n <= 0 for n in numbers):
        raise a.error(msg.BAD_SHAPE.format(token=shape))
    return Input(shape=numbers, layout="channels_last", layout_given=True, from_keras=True,
                 number=a.base.get("number", 0), path=a.base.get("path", ()), source=source)


_ACT_NAMES = "|".join(sorted({*(n.replace("_", "") for n in ACTIVATIONS - {"linear"}), *_ACTIVATION_LAYERS},
                             key=len, reverse=True))

_LAYERS: tuple[_Layer, ...] = (
    _Layer(r"input|inputlayer", "keras", ("shape", "batch_size", "name", "dtype", "sparse", "tensor", "ragged"),
           _k_input, ("batch_shape", "input_shape", "input_tensor", "type_spec")),
    _Layer(r"conv([123])d", "keras", _CONV_K, _k_conv, formats=True),
    _Layer(r"conv([123])d", "torch", _CONV_T, _t_conv),
    _Layer(r"conv([123])dtranspose", "keras", _CONVT_K, _k_conv_transpose, formats=True),
    _Layer(r"convtranspose([123])d", "torch", _CONVT_T, _t_conv_transpose),
    _Layer(r"separableconv([12])d", "keras", _SEPARABLE_K, _k_separable, formats=True),
    _Layer(r"depthwiseconv([12])d", "keras", _DEPTHWISE_K, _k_depthwise, formats=True),
    _Layer(r"dense", "keras", ("units", "activation", "use_bias"), _k_dense),
    _Layer(r"linear", "any", ("in_features", "out_features", "bias"), _t_linear),
    _Layer(r"(max|average|avg)pool(?:ing)?([123])d", "keras", ("pool_size", "strides", "padding", "data_format"),
           _k_pool, formats=True),
    _Layer(r"(max)pool([123])d", "torch", ("kernel_size", "stride", "padding", "dilation", "return_indices",
                                           "ceil_mode"), _t_pool),
    _Layer(r"(avg)pool([123])d", "torch", ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
                                           "divisor_override"), _t_pool),
    _Layer(r"global(max|average|avg)pool(?:ing)?[123]d", "keras", ("data_format", "keepdims"), _k_global_pool,
           formats=True),
    _Layer(r"adaptive(max|avg)pool[123]d", "torch", ("output_size", "return_indices"), _t_adaptive_pool),
    _Layer(r"batchnormalization", "keras", ("axis", "momentum", "epsilon", "center", "scale"), _k_batch_norm),
    _Layer(r"batchnorm[123]d", "any", ("num_features", "eps", "momentum", "affine", "track_running_stats"),
           _t_batch_norm),
    _Layer(r"layernormalization", "keras", ("axis", "epsilon", "center", "scale"), _k_layer_norm, ("rms_scaling",)),
    _Layer(r"normalization", "keras", ("axis", "mean", "variance", "invert"), _k_normalization),
    _Layer(r"dropout|alphadropout|gaussiandropout", "keras", ("rate", "noise_shape", "seed"), _k_dropout, ("p",)),
    _Layer(r"spatialdropout[123]d", "keras", ("rate", "data_format"), _k_dropout),
    _Layer(r"dropout[123]?d?|alphadropout|featurealphadropout", "torch", ("p", "inplace"), _t_dropout),
    _Layer(r"gaussiannoise", "keras", ("stddev", "seed"), _pass_through),
    _Layer(r"activityregularization", "keras", ("l1", "l2"), _pass_through),
    _Layer(r"rescaling", "keras", ("scale", "offset"), _pass_through),
    _Layer(r"masking", "keras", ("mask_value",), _pass_through),
    _Layer(r"flatten", "keras", ("data_format",), _k_flatten),
    _Layer(r"flatten", "torch", ("start_dim", "end_dim"), _t_flatten),
    _Layer(r"activation", "keras", ("activation",), _k_activation),
    _Layer(r"prelu", "keras", ("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes"),
           _k_prelu),
    _Layer(r"prelu", "torch", ("num_parameters", "init"), _t_prelu),
    _Layer(rf"{_ACT_NAMES}", "any", ("*",), _activation_layer),
    _Layer(r"embedding", "keras", ("input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
                                   "activity_regularizer", "embeddings_constraint", "mask_zero", "input_length"),
           _k_embedding),
    _Layer(r"embedding", "torch", ("num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type",
                                   "scale_grad_by_freq", "sparse"), _t_embedding),
    _Layer(r"simplernn", "keras", ("units", "activation", "use_bias"), _k_recurrent, _RNN_KEYWORDS),
    _Layer(r"lstm|gru|cudnnlstm|cudnngru", "keras", ("units", "activation", "recurrent_activation", "use_bias"),
           _k_recurrent, _RNN_KEYWORDS),
    _Layer(r"rnn|lstm|gru", "torch", ("*",), _t_recurrent),
    _Layer(r"bidirectional", "keras", ("layer", "merge_mode", "weights", "backward_layer"), _k_bidirectional),
    _Layer(r"timedistributed", "keras", ("layer",), _k_time_distributed),
    _Layer(r"convlstm2d", "keras", ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                                    "activation", "recurrent_activation", "use_bias"), _k_conv_lstm,
           _RNN_KEYWORDS + ("dropout", "recurrent_dropout", "unit_forget_bias", "go_backwards", "stateful")),
    _Layer(r"multiheadattention", "keras", ("num_heads", "key_dim", "value_dim", "dropout", "use_bias",
                                            "output_shape", "attention_axes"), _k_attention, ("seed", "flash_attention")),
    _Layer(r"multiheadattention", "torch", ("embed_dim", "num_heads", "dropout", "bias", "add_bias_kv",
                                            "add_zero_attn", "kdim", "vdim", "batch_first"), _t_attention),
    _Layer(r"transformerencoderlayer", "torch", ("d_model", "nhead", "dim_feedforward", "dropout", "activation",
                                                 "layer_norm_eps", "batch_first", "norm_first", "bias"),
           _t_encoder_layer),
    _Layer(r"layernorm", "torch", ("normalized_shape", "eps", "elementwise_affine", "bias"), _t_layer_norm),
    _Layer(r"resizing", "keras", ("height", "width", "interpolation", "crop_to_aspect_ratio", "pad_to_aspect_ratio",
                                  "fill_mode", "fill_value", "data_format"), _k_resizing, formats=True),
    _Layer(r"upsampling([123])d", "keras", ("size", "data_format", "interpolation"), _k_upsampling, formats=True),
    _Layer(r"zeropadding([123])d", "keras", ("padding", "data_format"), _k_zero_padding, formats=True),
    _Layer(r"cropping([123])d", "keras", ("cropping", "data_format"), _k_cropping, formats=True),
    _Layer(r"reshape", "keras", ("target_shape",), _k_reshape),
    _Layer(r"permute", "keras", ("dims",), _k_permute),
    _Layer(r"repeatvector", "keras", ("n",), _k_repeat_vector),
    _Layer(r"add|subtract|multiply|average|maximum|minimum|concatenate", "keras", ("axis",), _k_merge),
)
_KERAS_WORDS = ("Input Conv1D/2D/3D Conv2DTranspose SeparableConv2D DepthwiseConv2D Dense MaxPooling2D "
                "AveragePooling2D GlobalAveragePooling2D BatchNormalization LayerNormalization Normalization "
                "Dropout Flatten Activation ReLU LeakyReLU PReLU Softmax Embedding SimpleRNN LSTM GRU Bidirectional "
                "TimeDistributed ConvLSTM2D MultiHeadAttention Resizing UpSampling2D ZeroPadding2D Cropping2D Reshape Permute RepeatVector Rescaling "
                "Add Concatenate nn.Conv2d nn.ConvTranspose2d nn.Linear nn.MaxPool2d nn.BatchNorm2d nn.Embedding "
                "nn.LayerNorm nn.MultiheadAttention nn.TransformerEncoderLayer")


def _is_torch(prefix: str, short: str) -> bool:
    """PyTorch when the prefix says so (``nn.``, ``torch.nn.``), else by spelling (``Conv2d``, ``Linear``)."""
    parts = set(prefix.split("."))
    if parts & {"nn", "torch"}:
        return True
    if parts & {"layers", "keras", "tf"}:
        return False
    return bool(re.search(r"[123]d$", short)) or short in ("Linear", "Identity", "ReLU6")


def _lookup(name: str) -> tuple[_Layer, re.Match, bool] | None:
    prefix, _, short = name.rpartition(".")
    torch_style = _is_torch(prefix, short)
    for framework in (("torch", "any") if torch_style else ("keras", "any")):
        for layer in _LAYERS:
            match = re.fullmatch(layer.pattern, short.lower())
            if match and layer.framework == framework:
                return layer, match, torch_style
    return None


def _bind(entry: _Layer, layer: str, args: list, kwargs: dict, base: dict) -> dict:
    """Positional arguments named by the layer's signature, plus the keywords; unknown keywords are refused."""
    a = _Args(layer, {}, base)
    if entry.signature == ("*",):  # activation layers: no weights, any option
        return dict(kwargs)
    if len(args) > len(entry.signature):
        raise a.error(msg.TOO_MANY_ARGS.format(layer=layer, count=fa(len(entry.signature))))
    bound = dict(zip(entry.signature, args))
    for key, value in kwargs.items():
        if key in bound:
            raise a.error(msg.DUPLICATE_ARG.format(layer=layer, arg=key))
        if key in entry.signature or key in entry.keywords or key == "trainable":
            bound[key] = value
        elif key in _HARMLESS or _HARMLESS_SUFFIX.search(key) or key in _INPUT_KEYS:
            continue
        else:
            raise a.error(msg.BAD_OPTION.format(token=key))
    return bound


def _input_from_kwargs(kwargs: dict, entry: _Layer, a: _Args) -> list[Node]:
    """Keras lets the first layer carry the model's input: ``input_shape=``, ``input_dim=``, ``input_length=``."""
    for key in _INPUT_KEYS:
        if key in kwargs and key not in entry.signature and key not in entry.keywords:
            shape = kwargs[key]
            if key == "batch_input_shape":
                shape = tuple(shape)[1:]
            return [_keras_input(shape if key != "input_dim" else (shape,), a, f"{key}={kwargs[key]}")]
    if kwargs.get("input_length") is not None and entry.make is _k_embedding:  # Keras 2's Embedding
        return [_keras_input((kwargs["input_length"],), a, f"input_length={kwargs['input_length']}")]
    return []


def keras_layer(name: str, args: list, kwargs: dict, base: dict) -> list[Node]:
    """One Keras (or PyTorch) layer call, arguments already evaluated → its nodes.

    ``name`` may be dotted (``layers.Dense``, ``nn.Conv2d``: the prefix picks the framework).
    ``args``/``kwargs`` hold Python values: numbers, strings, booleans, None, tuples/lists,
    activation names as strings, :class:`Ignored` for regularizers and initializers, and for
    ``Bidirectional``/``TimeDistributed`` the wrapped layer as a node (or the list this
    function returned for it).  ``base`` gives every node ``number``, ``path`` and ``source``.
    Usually one node; an :class:`Input` comes first when the layer carries ``input_shape=``.
    Options that change no count are accepted and ignored; unknown ones, wrong values and
    unsupported forms raise :class:`SpecError` with a Persian sentence.
    """
    base = {"number": 0, "path": (), "source": name, **base}
    found = _lookup(name)
    short = name.rpartition(".")[2]
    if found is None:
        raise SpecError(msg.UNKNOWN_LAYER.format(token=short, known=_KERAS_WORDS), base["number"] or None,
                        base["path"], short)
    entry, match, _ = found
    args = list(args)
    if entry.make is _k_merge and short[:1].islower() and args and isinstance(args[0], (list, tuple)):
        args = args[1:]  # layers.concatenate([a, b], axis=1): the inputs are the caller's business
    bound = _bind(entry, short, args, dict(kwargs), base)
    a = _Args(short, bound, base, entry.formats)
    try:
        nodes = _input_from_kwargs(kwargs, entry, a)
        made = entry.make(a, match)
    except SpecError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:  # a form no getter foresaw
        raise a.error(msg.BAD_CALL.format(token=base["source"], detail=exc)) from None
    return [*nodes, *(made if isinstance(made, list) else [made])]


_from_call = keras_layer  # the name this function had when it read only one line at a time


# ---------------------------------------------------------------- entry points


def _one(text: str, number: int, path: tuple[int, ...]) -> Node:
    nodes = _many(text, number, path)
    if len(nodes) != 1:
        raise SpecError(msg.INPUT_NOT_FIRST, number, path, text)
    return nodes[0]


def _many(text: str, number: int, path: tuple[int, ...]) -> list[Node]:
    if re.match(r"^[A-Za-z_][\w.]*\s*\(", text) and text.rstrip().endswith(")"):
        return _call(text, number, path)
    return [_compact(text, number, path)]


# ---------------------------------------------------------------- the input's layout

_SMALL_CHANNELS = (1, 3, 4)
_CHANNELS_KEPT = (Pool, BatchNorm, Dropout, Activation, PassThrough, ZeroPadding, Cropping, UpSampling)


def layout_from_shape(shape: tuple[int, ...]) -> str | None:
    """What the numbers alone say; None when they do not tell.

    Square spatial axes first: ``3x224x224`` and ``192x28x28`` are channels-first, ``28x28x192``
    channels-last (in general the two axes next to the channels are equal on one side only).
    Then a 1, 3 or 4 at one end and not the other marks the channels.  One axis, or all
    equal, reads the same either way.
    """
    if len(shape) < 2 or len(set(shape)) == 1:
        return "channels_last"
    if len(shape) >= 3:
        first_square, last_square = shape[-2] == shape[-1], shape[-3] == shape[-2]
        if first_square != last_square:
            return "channels_first" if first_square else "channels_last"
    if shape[0] in _SMALL_CHANNELS and shape[-1] not in _SMALL_CHANNELS:
        return "channels_first"
    if shape[-1] in _SMALL_CHANNELS and shape[0] not in _SMALL_CHANNELS:
        return "channels_last"
    return None


def _layout_for_channels(shape: tuple[int, ...], channels: int | None) -> str | None:
    if channels is None or len(shape) < 2 or (shape[0] == channels) == (shape[-1] == channels):
        return None
    return "channels_first" if shape[0] == channels else "channels_last"


def _ambiguous(shape: tuple[int, ...]) -> str:
    spatial = {1: "L", 2: "H×W", 3: "D×H×W"}.get(len(shape) - 1, "…")
    text = "x".join(map(str, shape))
    return msg.AMBIGUOUS_LAYOUT.format(shape=text, first=fa(shape[0]), last=fa(shape[-1]), cf_form=f"C×{spatial}",
                                       cl_form=f"{spatial}×C")


def guess_layout(shape: tuple[int, ...], channels: int | None = None) -> str:
    """The layout of an input the student did not mark; raises the Persian question when it is unclear.

    ``channels``, when a layer states it (``nn.Conv2d(64, ...)``), decides if it matches one end only.
    """
    layout = _layout_for_channels(shape, channels) or layout_from_shape(shape)
    if layout is None:
        raise SpecError(_ambiguous(shape))
    return layout


def _stated_channels(layers: Sequence[Node]) -> Node | None:
    """The first layer that says how many channels the input has, if nothing before it changes them."""
    for node in layers:
        stated = getattr(node, "in_channels", None) or getattr(node, "num_features", None)
        if stated is not None:
            return node
        if not isinstance(node, _CHANNELS_KEPT):
            return None
    return None


def resolve_input(first: Input, layers: Sequence[Node], keras: bool = False) -> Input:
    """Settle the input's layout from the whole model, so that no silent guess remains.

    A Keras input follows ``data_format='channels_first'`` when the layers say so; an input the
    student marked ``cf``/``cl`` is kept; otherwise a layer that states its input channels
    decides, then the shape itself, then Keras layers (channels-last is Keras' default).
    Still unclear → :class:`SpecError` asking for ``cf`` or ``cl``.
    """
    formats = {n.data_format for n in layers if n.data_format}
    if first.from_keras:
        return replace(first, layout="channels_first") if formats == {"channels_first"} else first
    if first.layout_given:
        return first
    stating = _stated_channels(layers)
    channels = None if stating is None else getattr(stating, "in_channels", None) or stating.num_features
    layout = _layout_for_channels(first.shape, channels) or layout_from_shape(first.shape)
    if layout is None and len(formats) == 1:
        layout = formats.pop()
    if layout is None and keras:
        layout = "channels_last"
    if layout is None and stating is not None:
        text = msg.IN_CHANNELS_NOT_AT_END.format(expected=channels, shape="x".join(map(str, first.shape)))
        raise SpecError(text, stating.number or None, stating.path, stating.source)
    if layout is None:
        raise SpecError(_ambiguous(first.shape), first.number or None, first.path, first.source)
    return replace(first, layout=layout)


def _is_keras_call(piece: str) -> bool:
    match = re.match(r"^([A-Za-z_][\w.]*)\s*\(", piece)
    found = _lookup(match.group(1)) if match else None
    return found is not None and not found[2]


def parse(text: str) -> list[Node]:
    """Parse a whole spec; the first node is always an :class:`Input`, its layout settled (see :func:`resolve_input`).

    An input alone (no layers) keeps what its shape suggests, ``layout_given=False``, even when unclear.
    """
    nodes: list[Node] = []
    keras = False
    for number, piece in enumerate(layer_texts(text), 1):
        nodes.extend(_many(piece, number, ()))
        keras = keras or _is_keras_call(piece)
    if not nodes:
        raise SpecError(msg.EMPTY_SPEC)
    if not isinstance(nodes[0], Input):
        raise SpecError(msg.MISSING_INPUT, 1, (), nodes[0].source)
    for node in nodes[1:]:
        if isinstance(node, Input):
            raise SpecError(msg.INPUT_NOT_FIRST, node.number, node.path, node.source)
    if len(nodes) > 1:
        nodes[0] = resolve_input(nodes[0], nodes[1:], keras)
    return nodes


__all__ = [
    "ACTIVATIONS",
    "KERAS_ACTIVATIONS",
    "Activation",
    "Aux",
    "BatchNorm",
    "Block",
    "Concat",
    "Conv",
    "ConvTranspose",
    "Cropping",
    "Dense",
    "Dropout",
    "Embedding",
    "Flatten",
    "GlobalPool",
    "Ignored",
    "Input",
    "Lambda",
    "LayerNorm",
    "Merge",
    "Node",
    "Normalization",
    "PReLU",
    "PassThrough",
    "Permute",
    "Pool",
    "Recurrent",
    "RepeatVector",
    "Reshape",
    "Residual",
    "SeparableConv",
    "SpecError",
    "UpSampling",
    "ZeroPadding",
    "guess_layout",
    "keras_layer",
    "layer_texts",
    "layout_from_shape",
    "parse",
    "resolve_input",
]
