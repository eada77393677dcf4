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
  by :func:`keras_layer`, which :mod:`cnn_demos.reader` also calls for whole programs.

Each layer's words and calls are defined in its family module (:mod:`cnn_demos.layers`); this module
holds the language itself: splitting, the branch syntax, evaluating call arguments, binding them by signature.
Parsing only checks spelling; shapes and limits are checked in :mod:`cnn_demos.shapes`.
The input's layout is settled here (:func:`resolve_input`): never a silent guess.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import replace

from cnn_demos import messages as msg
from cnn_demos.layer_names import KerasTitles, torch_title
from cnn_demos.layers import CALLS, COMPACT, LAYERS
from cnn_demos.layers.activation import Activation, PReLU
from cnn_demos.layers.arguments import ACTIVATIONS, KERAS_ACTIVATIONS, Args
from cnn_demos.layers.attention import Attention
from cnn_demos.layers.conv import Conv, ConvTranspose, SeparableConv
from cnn_demos.layers.custom import OwnWeights
from cnn_demos.layers.dense import Dense
from cnn_demos.layers.dropout import Dropout, PassThrough
from cnn_demos.layers.input import Input, keras_input, layout_from_shape
from cnn_demos.layers.merge import Aux, Block, Concat, Gate, Merge, Residual, keras_merge
from cnn_demos.layers.node import Node, SpecError
from cnn_demos.layers.norm import BatchNorm, LayerNorm, LayerScale, Normalization
from cnn_demos.layers.pool import GlobalPool, Pool
from cnn_demos.layers.recurrent import ConvRecurrent, Embedding, Recurrent, TimeDistributed, _k_embedding
from cnn_demos.layers.registry import Call
from cnn_demos.layers.reshape import Flatten, Lambda, Permute, RepeatVector, Reshape
from cnn_demos.layers.spatial import Cropping, Resize, UpSampling, ZeroPadding
from cnn_demos.messages import fa


class Ignored:
    """A value we deliberately skip (a regularizer, initializer or optimizer, a data pipeline): it changes no
    count; the code reader also returns it for calls it does not follow on purpose."""

    def __init__(self, what: str = "") -> None:
        self.what = what

    def __repr__(self) -> str:
        return self.what or "Ignored"


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


def _compact(text: str, number: int, path: tuple[int, ...]) -> Node:
    head, _, body = text.partition("{")
    if body:
        return _branches(head.strip().lower(), body.rsplit("}", 1)[0], text, number, path)
    tokens = text.replace("(", " ").replace(")", " ").split()
    word, args = tokens[0].lower(), tokens[1:]
    base = {"number": number, "path": path, "source": text}
    for entry in COMPACT:
        if not entry.braces and entry.matches(word):
            node = entry.parse(word, args, base)
            if node is not None:
                return node
            break
    raise SpecError(msg.UNKNOWN_LAYER.format(token=tokens[0], known=_LAYER_WORDS), number, path, tokens[0])


def _branches(head: str, body: str, text: str, number: int, path: tuple[int, ...]) -> Node:
    branches = []
    for b, branch in enumerate(_depth_split(body, ";"), 1):
        layers = [t for t in re.split(r"\s*(?:->|→|=>)\s*", branch.strip()) if t.strip()] if branch.strip() else []
        branches.append(tuple(_one(t.strip(), number, path + (b, i)) for i, t in enumerate(layers, 1)))
    base = {"number": number, "path": path, "source": text}
    for entry in COMPACT:
        if entry.braces and entry.matches(head):
            node = entry.parse(head, branches, base)
            if node is not None:
                return node
            break
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

_KERAS_WORDS = ("Input Conv1D/2D/3D Conv2DTranspose SeparableConv2D DepthwiseConv2D Dense MaxPooling2D "
                "AveragePooling2D GlobalAveragePooling2D BatchNormalization LayerNormalization Normalization "
                "Dropout Flatten Activation ReLU LeakyReLU PReLU Softmax Embedding SimpleRNN LSTM GRU Bidirectional "
                "TimeDistributed ConvLSTM2D MultiHeadAttention Attention AdditiveAttention Resizing UpSampling2D ZeroPadding2D Cropping2D Reshape Permute RepeatVector Rescaling "
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


def _lookup(name: str) -> tuple[Call, re.Match, bool] | None:
    prefix, _, short = name.rpartition(".")
    torch_style = _is_torch(prefix, short)
    for framework in (("torch", "any") if torch_style else ("keras", "any")):
        for layer in CALLS:
            match = re.fullmatch(layer.pattern, short.lower())
            if match and layer.framework == framework:
                return layer, match, torch_style
    return None


def _bind(entry: Call, layer: str, args: list, kwargs: dict, base: dict) -> dict:
    """Positional arguments named by the layer's signature, plus the keywords; unknown keywords are refused."""
    a = Args(layer, {}, base)
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


def _input_from_kwargs(kwargs: dict, entry: Call, a: Args) -> list[Node]:
    """Keras lets the first layer carry the model's input: ``input_shape=``, ``input_dim=``, ``input_length=``."""
    for key in _INPUT_KEYS:
        if key in kwargs and key not in entry.signature and key not in entry.keywords:
            shape = kwargs[key]
            if key == "batch_input_shape":
                shape = tuple(shape)[1:]
            return [keras_input(shape if key != "input_dim" else (shape,), a, f"{key}={kwargs[key]}")]
    if kwargs.get("input_length") is not None and entry.make is _k_embedding:  # Keras 2's Embedding
        return [keras_input((kwargs["input_length"],), a, f"input_length={kwargs['input_length']}")]
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
    if entry.make is keras_merge and short[:1].islower() and args and isinstance(args[0], (list, tuple)):
        args = args[1:]  # layers.concatenate([a, b], axis=1): the inputs are the caller's business
    bound = _bind(entry, short, args, dict(kwargs), base)
    a = Args(short, bound, base, entry.formats)
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

_CHANNELS_KEPT = tuple(layer.node for layer in LAYERS if layer.keeps_channels)


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


def _layer_call(piece: str) -> tuple[str, bool] | None:
    """A line that calls a known layer (``keras.layers.Conv2D(…)``, ``nn.Conv2d(…)``): (its class, whether it is
    PyTorch's); None for notation."""
    match = re.match(r"^([A-Za-z_][\w.]*)\s*\(", piece)
    found = _lookup(match.group(1)) if match else None
    return (match.group(1).rpartition(".")[2], found[2]) if found is not None else None


def _titled(piece: str, call: tuple[str, bool] | None, nodes: list[Node], titles: KerasTitles,
            before: int) -> list[Node]:
    """A pasted layer line is labelled as its framework's summary labels it; notation keeps its own text."""
    if call is None:
        return nodes
    kind, torch = call
    given = re.search(r"\bname\s*=\s*['\"]([^'\"]+)['\"]", piece)
    out = []
    for node in nodes:
        if not isinstance(node, Input):
            title = torch_title(max(before - 1, 0), kind) if torch else titles.title(kind, given and given.group(1))
            node = replace(node, name=title)
        out.append(node)
    return out


def parse(text: str) -> list[Node]:
    """Parse a whole spec; the first node is always an :class:`Input`, its layout settled (see :func:`resolve_input`).

    An input alone (no layers) keeps what its shape suggests, ``layout_given=False``, even when unclear.
    """
    nodes: list[Node] = []
    keras = False
    titles = KerasTitles()
    for number, piece in enumerate(layer_texts(text), 1):
        call = _layer_call(piece)
        nodes.extend(_titled(piece, call, _many(piece, number, ()), titles, len(nodes)))
        keras = keras or (call is not None and not call[1])
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
    "Attention",
    "Aux",
    "BatchNorm",
    "Block",
    "Concat",
    "Conv",
    "ConvRecurrent",
    "ConvTranspose",
    "Cropping",
    "Dense",
    "Dropout",
    "Embedding",
    "Flatten",
    "Gate",
    "GlobalPool",
    "Ignored",
    "Input",
    "Lambda",
    "LayerNorm",
    "LayerScale",
    "Merge",
    "Node",
    "Normalization",
    "OwnWeights",
    "PReLU",
    "PassThrough",
    "Permute",
    "Pool",
    "Recurrent",
    "RepeatVector",
    "Reshape",
    "Residual",
    "Resize",
    "SeparableConv",
    "SpecError",
    "TimeDistributed",
    "UpSampling",
    "ZeroPadding",
    "guess_layout",
    "keras_layer",
    "layer_texts",
    "layout_from_shape",
    "parse",
    "resolve_input",
]
