"""The layer-spec language: what a student types (or pastes from Keras/PyTorch) → a list of layer nodes.

Two notations, mixed freely, one layer per ``|`` or line:

* compact: ``input 224x224x3 | conv 32 3x3 relu | maxpool 2 | bn | flatten | dense 10``
  (options: ``s2``, ``same``/``valid``/``p1``, ``d2``, ``g4``, ``nobias``, ``dw``,
  an activation name; branches: ``concat{conv 64 1 ; conv 96 1 -> conv 128 3 same}``
  and ``residual{body ; shortcut}``);
* calls: ``Conv2D(32, (3,3), activation='relu')``, ``nn.Conv2d(3, 32, 3, padding=1)``,
  ``Dense(10)``, ``GlobalAveragePooling2D()``, also inside ``Sequential([...])`` or
  ``model.add(...)``.  Calls are read with :mod:`ast` (literals only, nothing is run).

Parsing only checks spelling; shapes and limits are checked in :mod:`cnn_demos.shapes`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from cnn_demos import messages as msg


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


@dataclass(frozen=True, kw_only=True)
class Input(Node):
    shape: tuple[int, ...]          # as typed
    layout: str                     # "channels_last" | "channels_first"
    layout_given: bool = False


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


@dataclass(frozen=True, kw_only=True)
class BatchNorm(Node):
    pass


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


ACTIVATIONS = {
    "relu", "relu6", "sigmoid", "tanh", "softmax", "gelu", "elu", "selu", "silu", "swish",
    "leakyrelu", "leaky_relu", "hardswish", "hard_swish", "softplus", "mish", "linear",
}
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
        return Input(shape=shape, layout=layout or guess_layout(shape), layout_given=layout is not None, **base)
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


# ---------------------------------------------------------------- Keras / PyTorch calls


def _call(text: str, number: int, path: tuple[int, ...]) -> list[Node]:
    try:
        tree = ast.parse(text.strip(), mode="eval").body
        if not isinstance(tree, ast.Call):
            raise TypeError("not a call")
        name = tree.func.attr if isinstance(tree.func, ast.Attribute) else tree.func.id
        for value in [*tree.args, *(k.value for k in tree.keywords)]:
            for sub in ast.walk(value):
                if isinstance(sub, (ast.Name, ast.Attribute, ast.Call)):
                    token = ast.unparse(sub)
                    raise SpecError(msg.NOT_LITERAL.format(token=token), number, path, token)
        args = [ast.literal_eval(a) for a in tree.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in tree.keywords if k.arg}
    except SpecError:
        raise
    except (SyntaxError, ValueError, AttributeError, TypeError) as exc:
        raise SpecError(msg.BAD_CALL.format(token=text, detail=exc), number, path, text) from None
    return _from_call(name, args, kwargs, {"number": number, "path": path, "source": text})


def _arg(args: list, kwargs: dict, index: int, *names: str, default=None):
    for name in names:
        if name in kwargs:
            return kwargs[name]
    return args[index] if index is not None and len(args) > index else default


def _tuple(value) -> tuple[int, ...]:
    return tuple(int(v) for v in value) if isinstance(value, (tuple, list)) else (int(value),)


def _padding(value) -> str | tuple[int, ...]:
    return value.lower() if isinstance(value, str) else _tuple(value)


def _activation(value) -> str | None:
    return None if value in (None, "linear") else str(value).lower()


def _from_call(name: str, args: list, kwargs: dict, base: dict) -> list[Node]:
    number, path = base["number"], base["path"]
    nodes: list[Node] = []
    if "input_shape" in kwargs:  # Keras: the first layer may carry the input
        nodes.append(Input(shape=_tuple(kwargs["input_shape"]), layout="channels_last", layout_given=True,
                           number=number, path=path, source=f"input_shape={kwargs['input_shape']}"))
    elif "input_dim" in kwargs:
        nodes.append(Input(shape=(int(kwargs["input_dim"]),), layout="channels_last", layout_given=True,
                           number=number, path=path, source=f"input_dim={kwargs['input_dim']}"))
    low = name.lower()
    torch_style = bool(re.search(r"[123]d$", name)) or name in ("Linear",)
    try:
        if low in ("input", "inputlayer"):
            shape = _arg(args, kwargs, 0, "shape", "input_shape", "batch_shape")
            nodes.append(Input(shape=_tuple(shape), layout="channels_last", layout_given=True, **base))
        elif re.fullmatch(r"conv[123]d", low) and torch_style:  # nn.Conv2d(in, out, k, stride, padding, ...)
            nodes.append(Conv(
                in_channels=int(_arg(args, kwargs, 0, "in_channels")), filters=int(_arg(args, kwargs, 1, "out_channels")),
                kernel=_tuple(_arg(args, kwargs, 2, "kernel_size")), dims=int(low[4]),
                stride=_tuple(_arg(args, kwargs, 3, "stride", default=1)),
                padding=_padding(_arg(args, kwargs, 4, "padding", default=0)),
                dilation=_tuple(_arg(args, kwargs, 5, "dilation", default=1)),
                groups=int(_arg(args, kwargs, 6, "groups", default=1)),
                bias=bool(_arg(args, kwargs, 7, "bias", default=True)), **base))
        elif re.fullmatch(r"conv[123]d", low):  # Keras Conv2D(filters, kernel_size, strides, padding, ...)
            nodes.append(Conv(
                filters=int(_arg(args, kwargs, 0, "filters")), kernel=_tuple(_arg(args, kwargs, 1, "kernel_size")),
                dims=int(low[4]), stride=_tuple(_arg(args, kwargs, 2, "strides", default=1)),
                padding=_padding(_arg(args, kwargs, 3, "padding", default="valid")),
                dilation=_tuple(_arg(args, kwargs, None, "dilation_rate", default=1)),
                groups=int(_arg(args, kwargs, None, "groups", default=1)),
                bias=bool(_arg(args, kwargs, None, "use_bias", default=True)),
                activation=_activation(_arg(args, kwargs, None, "activation")), **base))
        elif low in ("depthwiseconv2d", "depthwiseconv1d"):
            nodes.append(Conv(
                filters=None, depthwise=True, kernel=_tuple(_arg(args, kwargs, 0, "kernel_size")), dims=int(low[-2]),
                stride=_tuple(_arg(args, kwargs, 1, "strides", default=1)),
                padding=_padding(_arg(args, kwargs, 2, "padding", default="valid")),
                multiplier=int(_arg(args, kwargs, 3, "depth_multiplier", default=1)),
                bias=bool(_arg(args, kwargs, None, "use_bias", default=True)),
                activation=_activation(_arg(args, kwargs, None, "activation")), **base))
        elif low == "dense":
            nodes.append(Dense(units=int(_arg(args, kwargs, 0, "units")),
                               activation=_activation(_arg(args, kwargs, 1, "activation")),
                               bias=bool(_arg(args, kwargs, 2, "use_bias", default=True)), **base))
        elif low == "linear":
            nodes.append(Dense(in_features=int(_arg(args, kwargs, 0, "in_features")),
                               units=int(_arg(args, kwargs, 1, "out_features")),
                               bias=bool(_arg(args, kwargs, 2, "bias", default=True)), **base))
        elif m := re.fullmatch(r"(max|avg|average)pool(ing)?([123])d", low):
            op = "max" if m.group(1) == "max" else "avg"
            if name.endswith("d"):  # PyTorch: MaxPool2d(kernel_size, stride=None, padding=0, ..., ceil_mode)
                kernel = _tuple(_arg(args, kwargs, 0, "kernel_size"))
                stride = _arg(args, kwargs, 1, "stride")
                nodes.append(Pool(op=op, dims=int(m.group(3)), kernel=kernel,
                                  stride=_tuple(stride) if stride is not None else None,
                                  padding=_padding(_arg(args, kwargs, 2, "padding", default=0)),
                                  ceil=bool(kwargs.get("ceil_mode", False)), **base))
            else:  # Keras: MaxPooling2D(pool_size=(2,2), strides=None, padding='valid')
                kernel = _tuple(_arg(args, kwargs, 0, "pool_size", default=2))
                stride = _arg(args, kwargs, 1, "strides")
                nodes.append(Pool(op=op, dims=int(m.group(3)), kernel=kernel,
                                  stride=_tuple(stride) if stride is not None else None,
                                  padding=_padding(_arg(args, kwargs, 2, "padding", default="valid")), **base))
        elif m := re.fullmatch(r"global(max|avg|average)pool(ing)?[123]d", low):
            nodes.append(GlobalPool(op="max" if m.group(1) == "max" else "avg", **base))
        elif m := re.fullmatch(r"adaptive(max|avg)pool[123]d", low):
            size = _tuple(_arg(args, kwargs, 0, "output_size"))
            if set(size) != {1}:
                raise SpecError(msg.BAD_OPTION.format(token=f"output_size={size}"), number, path, str(size))
            nodes.append(GlobalPool(op=m.group(1), **base))
        elif low in ("batchnormalization", "batchnorm1d", "batchnorm2d", "batchnorm3d"):
            nodes.append(BatchNorm(**base))
        elif low == "dropout":
            nodes.append(Dropout(rate=_rate(str(_arg(args, kwargs, 0, "rate", "p", default=0.5)), base), **base))
        elif low == "flatten":
            nodes.append(Flatten(**base))
        elif low == "activation":
            nodes.append(Activation(fn=str(_arg(args, kwargs, 0, "activation")).lower(), **base))
        elif low in ACTIVATIONS:
            nodes.append(Activation(fn=low, **base))
        else:
            raise SpecError(msg.UNKNOWN_LAYER.format(token=name, known=_LAYER_WORDS), number, path, name)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, SpecError):
            raise
        raise SpecError(msg.BAD_CALL.format(token=base["source"], detail=exc), number, path, base["source"]) from None
    return nodes


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


def guess_layout(shape: tuple[int, ...]) -> str:
    """Channels-first when the first axis looks like channels (1, 3 or 4) and the last does not."""
    if len(shape) >= 2 and shape[0] in (1, 3, 4) and shape[-1] not in (1, 3, 4):
        return "channels_first"
    return "channels_last"


def parse(text: str) -> list[Node]:
    """Parse a whole spec; the first node is always an :class:`Input`."""
    nodes: list[Node] = []
    for number, piece in enumerate(layer_texts(text), 1):
        nodes.extend(_many(piece, number, ()))
    if not nodes:
        raise SpecError(msg.EMPTY_SPEC)
    if not isinstance(nodes[0], Input):
        raise SpecError(msg.MISSING_INPUT, 1, (), nodes[0].source)
    for node in nodes[1:]:
        if isinstance(node, Input):
            raise SpecError(msg.INPUT_NOT_FIRST, node.number, node.path, node.source)
    return nodes


__all__ = [
    "ACTIVATIONS",
    "Activation",
    "Aux",
    "BatchNorm",
    "Block",
    "Concat",
    "Conv",
    "Dense",
    "Dropout",
    "Flatten",
    "GlobalPool",
    "Input",
    "Node",
    "Pool",
    "Residual",
    "SpecError",
    "guess_layout",
    "layer_texts",
    "parse",
]
