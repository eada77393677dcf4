"""Read the model code students paste — Keras or PyTorch, as tutorials write it — without running it.

A small interpreter walks Python's :mod:`ast`: assignments, arithmetic, lists,
``for`` loops, helper functions, ``nn.Module``/``keras.Model`` classes.  It never
calls ``exec``/``eval`` and never touches a name it does not know: the only things
it can call are Python's harmless builtins (``range``, ``len``…), the layer
constructors of ``torch.nn``/``keras.layers``, and tensor functions applied to
``meta`` tensors (shapes without memory).  Everything else a tutorial contains
(data loading, ``compile``/``fit``, plotting) becomes an :class:`Opaque` value,
which is harmless until a layer needs it — then the student hears which line and
which name we could not follow.  Steps, loop lengths, call depth and layer counts
are bounded before anything is built.

Reading produces a :class:`Program`: the model found (a real ``torch.nn.Module`` on
``meta``, a Keras Sequential's layer nodes, or a Keras functional graph) and the
input shape when the code fixes one.
"""

from __future__ import annotations

import ast
import importlib
import math
import re
import string
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from cnn_demos import messages as msg
from cnn_demos import spec
from cnn_demos.shapes import DEFAULT_LIMITS, Limits
from cnn_demos.spec import Ignored, Input, Node, SpecError  # Ignored: optimizers, regularizers… skipped
from cnn_demos.textkind import looks_like_code, split_input_line

MAX_STEPS = 200_000      # expressions and statements evaluated, in all
MAX_LOOP = 10_000        # iterations of one loop (or items of one comprehension)
MAX_DEPTH = 40           # nested calls of the student's own functions
MAX_SEQUENCE = 100_000   # elements of a list/tuple/string built by the code
MAX_NUMBER = 10**15      # larger integers are surely not layer sizes


class Refusal(SpecError):
    """Something the reader will not do (unsafe, too big); stops reading at once."""


class _Unfollowable(Exception):
    """A construct this statement needs that we do not follow; the statement's targets become opaque."""

    def __init__(self, line: int, token: str, text: str) -> None:
        super().__init__(text)
        self.line, self.token, self.text = line, token, text


@dataclass(frozen=True)
class Opaque:
    """A value we did not compute (data loading, an unknown library); harmless until a layer needs it."""

    line: int
    token: str
    cause: object = None        # the _Unfollowable that made a statement's result unknown, if any


# ---------------------------------------------------------------- namespaces and values


@dataclass(frozen=True)
class Namespace:
    path: str           # "torch", "torch.nn", "torch.nn.functional", "keras", "keras.layers", "ignored"…


@dataclass
class KTensor:
    """A Keras symbolic tensor: an edge of the functional graph."""

    id: int
    shape: tuple[int, ...] | None = None   # known for inputs (channels-last, no batch)


@dataclass
class KLayer:
    """A Keras layer object: one node (or an Input + node when the layer carries ``input_shape``)."""

    name: str
    nodes: list[Node]
    line: int
    id: int = 0
    states: int = 0     # return_state=True: an RNN also returns its final states (LSTM h and c, GRU h)

    @property
    def node(self) -> Node:
        return self.nodes[-1]


@dataclass
class KSequential:
    layers: list = field(default_factory=list)  # KLayer | KSequential | Input
    input: Input | None = None
    name: str = ""
    id: int = 0


@dataclass
class KStep:
    layer: object               # KLayer | KSequential | KModel
    inputs: tuple[KTensor, ...]
    output: KTensor
    line: int


@dataclass
class KModel:
    inputs: tuple[KTensor, ...]
    outputs: tuple[KTensor, ...]
    id: int = 0


@dataclass
class UserFunction:
    node: ast.FunctionDef
    closure: dict
    owner: UserClass | None = None


@dataclass
class UserClass:
    name: str
    node: ast.ClassDef
    bases: tuple                 # UserClass | Namespace-ish markers
    attrs: dict
    framework: str               # "torch" | "keras"
    d2l: bool = False            # derives from d2l.Module/Classifier: forward defaults to self.net(X)
    inherited: dict = field(default_factory=dict)  # methods d2l.add_to_class put on d2l's own base classes

    def lookup(self, name: str):
        if name in self.attrs:
            return self.attrs[name]
        if name in self.inherited:
            return self.inherited[name]
        for base in self.bases:
            if isinstance(base, UserClass):
                found = base.lookup(name)
                if found is not None:
                    return found
        return None


@dataclass
class Bound:
    obj: object
    name: str


@dataclass
class Super:
    cls: UserClass
    obj: object


class _Return(Exception):
    def __init__(self, value) -> None:
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


# ---------------------------------------------------------------- what may be called


_NN_CLASSES = {n: getattr(nn, n) for n in dir(nn) if isinstance(getattr(nn, n), type)
               and issubclass(getattr(nn, n), nn.Module) and n not in ("Module", "Container", "DataParallel")}
_F_EXCLUDED = {"grad", "handle_torch_function", "has_torch_function", "has_torch_function_unary",
               "has_torch_function_variadic", "boolean_dispatch", "assert_int_or_pair"}
_F_FUNCTIONS = {n: getattr(F, n) for n in dir(F) if n[:1].islower() and n not in _F_EXCLUDED
                and callable(getattr(F, n)) and not isinstance(getattr(F, n), type)
                and (getattr(getattr(F, n), "__module__", "") or "").startswith("torch")}
_TORCH_FUNCTIONS = {
    "cat", "concat", "concatenate", "stack", "flatten", "relu", "sigmoid", "tanh", "softmax", "log_softmax",
    "add", "mul", "sub", "div", "matmul", "bmm", "mm", "mean", "sum", "squeeze", "unsqueeze", "reshape",
    "transpose", "permute", "chunk", "split", "max_pool2d", "avg_pool2d", "dropout", "exp", "sqrt", "abs",
    "clamp", "maximum", "minimum", "cumsum", "einsum", "where", "zeros_like", "ones_like", "randn_like",
    "rand_like", "empty_like", "full_like", "addmm", "is_grad_enabled", "var", "sin", "cos", "log", "pow",
    "triu", "tril", "square", "rsqrt", "erf", "outer", "baddbmm", "max", "min", "argmax",
}
_TORCH_CREATE = {"randn", "rand", "zeros", "ones", "empty", "randint", "full", "arange", "tensor", "normal"}
_TORCH_DTYPES = {"float", "float32", "float16", "half", "double", "float64", "long", "int64", "int", "int32",
                 "bool", "uint8", "bfloat16"}
_TENSOR_METHODS = {
    "view", "reshape", "flatten", "size", "dim", "permute", "transpose", "contiguous", "squeeze", "unsqueeze",
    "mean", "sum", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "chunk", "split", "expand", "repeat",
    "float", "view_as", "numel", "add", "mul", "matmul", "t", "unbind", "max", "min", "flip", "exp", "sqrt",
    "clone", "detach", "to", "cuda", "cpu", "type_as", "expand_as", "reshape_as", "add_", "mul_", "relu_",
    "squeeze_", "unsqueeze_", "masked_fill", "narrow", "neg", "pow", "norm", "abs", "argmax", "long", "int",
    "zero_", "fill_", "copy_", "uniform_", "normal_", "sin", "cos", "log", "sub", "div", "bmm", "mm", "sigmoid_",
    "tanh_", "type", "double", "half", "bool", "new_zeros", "new_ones", "new_empty",
}
_MODULE_SELF_METHODS = {"to", "cuda", "cpu", "train", "eval", "float", "double", "half", "requires_grad_",
                        "apply", "share_memory", "zero_grad"}
_LIST_METHODS = {"append", "extend", "insert", "pop", "index", "count", "copy", "reverse", "remove"}
_DICT_METHODS = {"items", "keys", "values", "get", "update", "copy", "setdefault", "pop"}
_STR_METHODS = {"format", "join", "upper", "lower", "startswith", "endswith", "split", "strip", "replace"}
_SKIPPED_METHODS = {"summary", "compile", "fit", "evaluate", "predict", "save", "save_weights", "load_weights",
                    "load_state_dict", "plot", "show", "register_buffer", "fit_generator", "parameters",
                    "named_parameters", "state_dict", "modules", "named_modules", "children", "add_loss",
                    "add_metric", "train_on_batch", "test_on_batch"}

_SAFE_BUILTINS = {
    "range": range, "len": len, "int": int, "float": float, "str": str, "bool": bool, "list": list,
    "tuple": tuple, "dict": dict, "zip": zip, "enumerate": enumerate, "min": min, "max": max, "sum": sum,
    "abs": abs, "round": round, "reversed": reversed, "sorted": sorted, "any": any, "all": all, "divmod": divmod,
    "pow": pow, "set": set, "isinstance": None, "hasattr": None, "OrderedDict": OrderedDict, "getattr": None,
}
_FORBIDDEN_NAMES = {"eval", "exec", "compile", "open", "__import__", "globals", "locals", "vars",
                    "setattr", "delattr", "breakpoint", "exit", "quit", "memoryview", "__builtins__"}
_FORBIDDEN_MODULES = {"os", "sys", "subprocess", "shutil", "socket", "pickle", "ctypes", "importlib", "builtins",
                      "pathlib", "requests", "urllib", "multiprocessing", "threading", "signal", "glob", "io"}

_MATH = {"pi": math.pi, "e": math.e, "sqrt": math.sqrt, "log": math.log, "exp": math.exp, "ceil": math.ceil,
         "floor": math.floor, "log2": math.log2, "prod": math.prod, "gcd": math.gcd, "inf": math.inf}
_STRING_CONSTANTS = {"ascii_letters": string.ascii_letters, "ascii_lowercase": string.ascii_lowercase,
                     "ascii_uppercase": string.ascii_uppercase, "digits": string.digits,
                     "punctuation": string.punctuation, "printable": string.printable}
# Calls into these are refused outright (never run anyway): what a paste has no business calling.
# Tutorials' own uses of os/sys/io (os.path.join, sys.argv, io.open) stay opaque and harmless.
_DANGEROUS = re.compile(r"^(os\.(system|popen|remove|unlink|rmdir|removedirs|rename|replace|kill|exec\w*|spawn\w*|"
                        r"fork\w*|chmod|chown|putenv)|subprocess\.|shutil\.(rmtree|move|copy\w*)|socket\.|"
                        r"pickle\.|ctypes\.|importlib\.|builtins\.|signal\.|multiprocessing\.|threading\.|"
                        r"requests\.|urllib\.)")


def _dangerous(name: str) -> bool:
    return bool(_DANGEROUS.match(name))
_KERAS_ROOTS = {"keras", "tensorflow.keras", "tf.keras", "tensorflow.python.keras"}
_KERAS_IGNORED = {"regularizers", "initializers", "constraints", "optimizers", "losses", "metrics", "callbacks",
                  "utils", "backend", "datasets", "preprocessing", "mixed_precision", "random", "applications",
                  "saving", "ops"}
_ACTIVATION_NAMES = set(spec.ACTIVATIONS) | {"log_softmax", "hard_sigmoid", "softsign", "exponential"}


def _keras_path(path: str) -> str | None:
    """'tf.keras.layers' → 'layers'; '' for the keras root; None when not Keras."""
    for root in sorted(_KERAS_ROOTS, key=len, reverse=True):
        if path == root:
            return ""
        if path.startswith(root + "."):
            return path[len(root) + 1:]
    return None


# ---------------------------------------------------------------- the program found


@dataclass
class Program:
    """What the reader found: one model and, when the code fixes it, the input shape."""

    framework: str                      # "torch" | "keras"
    model: object                       # nn.Module | KSequential | KModel
    input_shape: tuple[int, ...] | None  # without the batch axis; channels-first for torch
    input_note: str = ""                 # how the input was found, when it was not written as such
    steps: list[KStep] = field(default_factory=list)
    name: str = "model"
    reader: Reader | None = None
    notes: tuple[str, ...] = ()
    # torch: inputs the code names, best first (summary(...) lines as written and without a batch axis, then
    # example tensors); the first the model accepts is the input, and none fitting is said, not an error
    input_candidates: tuple[tuple[int, ...], ...] = ()

    def trace_sequential(self, shape: tuple[int, ...]) -> tuple[tuple[KTensor, ...], tuple[KTensor, ...], list[KStep]]:
        """A Sequential holding subclassed layers (d2l's ResnetBlock): run it as a graph, layer by layer."""
        reader = self.reader
        start = len(reader.kgraph)
        tensor = KTensor(reader.new_id(), tuple(shape))
        try:
            out = _apply_all(reader, self.model, tensor)
        except _Unfollowable as exc:
            raise SpecError(f"{msg.line(exc.line)}: {exc.text}", token=exc.token) from None
        return (tensor,), (out,), reader.kgraph[start:]

    def trace(self, shape: tuple[int, ...]) -> tuple[tuple[KTensor, ...], tuple[KTensor, ...], list[KStep]]:
        """Run a subclassed Keras model's ``call`` on a symbolic input of ``shape`` (channels-last)."""
        reader = self.reader
        start = len(reader.kgraph)
        tensor = KTensor(reader.new_id(), tuple(shape))
        call = self.model.cls.lookup("call")
        if not isinstance(call, UserFunction):
            raise SpecError(msg.CODE_NO_FORWARD.format(token=self.model.cls.name))
        try:
            out = reader.call_user(call, [self.model, tensor], {})
        except _Unfollowable as exc:
            raise SpecError(f"{msg.line(exc.line)}: {exc.text}", token=exc.token) from None
        return (tensor,), _tensors(out, reader), reader.kgraph[start:]


# ---------------------------------------------------------------- the interpreter


class Reader:
    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.steps = 0
        self.depth = 0
        self.layers = 0
        self.line = 0
        self.globals: dict = dict(_DEFAULT_NAMES)
        self.models: list[tuple[str, object]] = []       # (name, model) in the order they were bound
        self.created: list[object] = []                  # every model object built, in order
        self.contained: set[int] = set()                 # ids of models used inside another model
        self.shown: list[object] = []                    # models the code summarises, prints or trains
        self.tensors: list[tuple[int, ...]] = []         # shapes of example inputs the code creates
        self.summaries: list[tuple[int, ...]] = []       # inputs torchinfo/torchsummary summary(...) lines name
        self.kgraph: list[KStep] = []
        self.errors: list[_Unfollowable] = []
        self.model_errors: list[_Unfollowable] = []      # failures of statements that build a model
        self.fatal: list[_Unfollowable] = []             # ... that change a model in place (model.add)
        self.bound_lines: dict[int, int] = {}            # id(model) → the line that named it
        self.tree: ast.Module | None = None
        self.classes: list[UserClass] = []
        self.functions: list[UserFunction] = []
        self.framework_seen: set[str] = set()
        self.reading = True
        self.d2l_methods: dict[str, UserFunction] = {}
        self.ends: dict[int, tuple[KTensor, KTensor]] = {}  # a Sequential's input/output tensors, once made
        self.forwarding = 0
        self.channels_first = False                      # Keras 1 (Theano) code: input_shape=(3, 224, 224)
        self.notes: list[str] = []                       # what the report should say about the input
        self._ids = 0

    # ---- bookkeeping

    def new_id(self) -> int:
        self._ids += 1
        return self._ids

    def tick(self, node: ast.AST | None = None) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Refusal(msg.CODE_TOO_LONG.format(line=msg.fa(self.line)), token=str(self.line))
        if node is not None and hasattr(node, "lineno"):
            self.line = node.lineno

    def fail(self, token: str, text: str) -> _Unfollowable:
        return _Unfollowable(self.line, token, text)

    def unknown(self, value: Opaque) -> _Unfollowable:
        """Using a value we could not compute: blame the line it came from, not this one."""
        if isinstance(value.cause, _Unfollowable):
            return value.cause
        if value.line and value.line != self.line:
            return self.fail(value.token, msg.CODE_UNKNOWN_FROM.format(token=value.token, origin=msg.fa(value.line)))
        return self.fail(value.token, msg.CODE_UNKNOWN_VALUE.format(token=value.token))

    def refuse(self, text: str, token: str = "") -> Refusal:
        return Refusal(f"{msg.line(self.line)}: {text}", token=token)

    # ---- statements

    def run(self, tree: ast.Module) -> None:
        self.tree = tree
        for stmt in tree.body:
            made = len(self.created)
            try:
                self.statement(stmt, self.globals)
            except _Unfollowable as exc:
                if not getattr(exc, "during_forward", False):
                    del self.created[made:]  # parts of a model whose construction failed are not models
                self.errors.append(exc)
                if _builds_model(stmt, self) and not getattr(exc, "during_forward", False):
                    self.model_errors.append(exc)
                    if not _targets(stmt):  # model.add(...) failed: a layer must not silently go missing
                        self.fatal.append(exc)
                for name in _targets(stmt):
                    self.globals[name] = Opaque(exc.line, exc.token, exc)
            except (_Return, _Break, _Continue):
                continue

    def block(self, body: list[ast.stmt], env: dict) -> None:
        for stmt in body:
            self.statement(stmt, env)

    def statement(self, stmt: ast.stmt, env: dict) -> None:
        self.tick(stmt)
        kind = type(stmt).__name__
        handler = getattr(self, f"s_{kind}", None)
        if handler is None:
            raise self.fail(kind, msg.CODE_UNSUPPORTED.format(token=_snippet(stmt)))
        handler(stmt, env)

    def s_Import(self, stmt: ast.Import, env: dict) -> None:
        for alias in stmt.names:
            self.bind_import(alias.name, alias.asname or alias.name.split(".")[0], env, whole=alias.asname is None)

    def s_ImportFrom(self, stmt: ast.ImportFrom, env: dict) -> None:
        module = stmt.module or ""
        for alias in stmt.names:
            if alias.name == "*":
                continue
            self.bind_import(f"{module}.{alias.name}", alias.asname or alias.name, env)

    def bind_import(self, path: str, name: str, env: dict, whole: bool = False) -> None:
        root = path.split(".")[0]
        if root in ("six", "builtins", "past", "future") and name in _SAFE_BUILTINS:
            return  # from six.moves import range: Python 2 compatibility for the builtin itself
        if root in _FORBIDDEN_MODULES:  # tutorials import io/os for data; never callable here, blamed if used
            env[name] = Opaque(self.line, path, _Unfollowable(self.line, path, msg.CODE_FORBIDDEN.format(token=path)))
            return
        if whole:  # "import torch.nn" binds "torch"
            path = root
        value = _resolve_path(path)
        env[name] = value

    def s_Assign(self, stmt: ast.Assign, env: dict) -> None:
        value = self.expr(stmt.value, env)
        for target in stmt.targets:
            self.assign(target, value, env)

    def s_AnnAssign(self, stmt: ast.AnnAssign, env: dict) -> None:
        if stmt.value is not None:
            self.assign(stmt.target, self.expr(stmt.value, env), env)

    def s_AugAssign(self, stmt: ast.AugAssign, env: dict) -> None:
        current = self.expr(_load(stmt.target), env)
        self.assign(stmt.target, self.binop(stmt.op, current, self.expr(stmt.value, env)), env)

    def assign(self, target: ast.expr, value, env: dict) -> None:
        if isinstance(target, ast.Name):
            if isinstance(value, Opaque) and value.cause is None:
                value = Opaque(self.line, target.id)  # blame the variable and the line that set it
            env[target.id] = value
            if env is self.globals and _is_model(value):
                self.models.append((target.id, value))
                self.bound_lines[id(value)] = self.line
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, Ignored):
                value = Opaque(self.line, value.what)
            if isinstance(value, Opaque):
                for sub in target.elts:
                    self.assign(sub, value, env)
                return
            items = self.iterate(value)
            if len(items) != len(target.elts):
                raise self.fail(_snippet(target), msg.CODE_UNSUPPORTED.format(token=_snippet(target)))
            for sub, item in zip(target.elts, items):
                self.assign(sub, item, env)
        elif isinstance(target, ast.Attribute):
            obj = self.expr(target.value, env)
            self.set_attribute(obj, target.attr, value)
        elif isinstance(target, ast.Subscript):
            obj = self.expr(target.value, env)
            key = self.expr(target.slice, env)
            if isinstance(obj, (list, dict, nn.ModuleDict, nn.ModuleList, nn.Sequential)):
                obj[key] = value
            elif isinstance(obj, torch.Tensor):  # pe[:, 0::2] = torch.sin(...): a meta tensor, shapes only
                try:
                    obj[key] = value
                except (RuntimeError, IndexError, TypeError) as exc:
                    raise self.fail(_snippet(target), msg.CODE_TENSOR_ERROR.format(detail=_first_line(exc))) \
                        from None
            elif not isinstance(obj, (Opaque, _EagerTensor)):  # writing into example data changes no layer
                raise self.fail(_snippet(target), msg.CODE_UNSUPPORTED.format(token=_snippet(target)))
        elif isinstance(target, ast.Starred):
            self.assign(target.value, value, env)
        else:
            raise self.fail(_snippet(target), msg.CODE_UNSUPPORTED.format(token=_snippet(target)))

    def set_attribute(self, obj, name: str, value) -> None:
        _check_attribute_name(name, self)
        if isinstance(obj, nn.Module) and getattr(type(obj), "_daneshyar_class", None) is not None:
            setattr(obj, name, value)  # nn.Module registers layers and parameters, keeps anything else as is
        elif isinstance(obj, KLayer) and name == "trainable" and isinstance(value, bool):
            from dataclasses import replace

            obj.nodes = [replace(n, trainable=value) if not isinstance(n, Input) else n for n in obj.nodes]
        elif isinstance(obj, KSequential) and name == "trainable" and isinstance(value, bool):
            for layer in obj.layers:
                self.set_attribute(layer, name, value)
        elif isinstance(obj, KerasInstance):
            obj.attrs[name] = value
            if isinstance(value, (KLayer, KSequential)):
                obj.order.append(name)
        elif isinstance(obj, nn.Parameter) and name == "requires_grad" and isinstance(value, bool):
            obj.requires_grad = value  # frozen layers of a fine-tuned model count as non-trainable
        elif isinstance(obj, (Opaque, Ignored, torch.Tensor)):
            return  # base_model.trainable = False, x.requires_grad = False, a parameter's data: nothing the count needs
        elif isinstance(obj, nn.Module) and name in ("requires_grad", "inplace"):
            return
        elif isinstance(obj, nn.Module) and isinstance(value, (nn.Module, nn.Parameter)):
            setattr(obj, name, value)  # model.fc = nn.Linear(...) replaces a head; decoder.weight = ... ties
        else:
            raise self.fail(name, msg.CODE_UNSUPPORTED.format(token=name))

    def s_Expr(self, stmt: ast.Expr, env: dict) -> None:
        self.expr(stmt.value, env)

    def s_Pass(self, stmt, env) -> None:
        return

    def s_Assert(self, stmt, env) -> None:
        return

    def s_Delete(self, stmt, env) -> None:
        return

    def s_Global(self, stmt, env) -> None:
        return

    s_Nonlocal = s_Global

    def s_Break(self, stmt, env) -> None:
        raise _Break()

    def s_Continue(self, stmt, env) -> None:
        raise _Continue()

    def s_Return(self, stmt: ast.Return, env: dict) -> None:
        raise _Return(self.expr(stmt.value, env) if stmt.value is not None else None)

    def s_If(self, stmt: ast.If, env: dict) -> None:
        test = self.expr(stmt.test, env)
        if isinstance(test, Opaque):
            raise self.fail(_snippet(stmt.test), msg.CODE_UNKNOWN_VALUE.format(token=_snippet(stmt.test)))
        self.block(stmt.body if _truth(test) else stmt.orelse, env)

    def s_For(self, stmt: ast.For, env: dict) -> None:
        iterable = self.expr(stmt.iter, env)
        if isinstance(iterable, (Opaque, Ignored)):
            if _adds_layers(stmt, self):  # layers added in a loop we cannot follow: never count without them
                raise self.unknown(iterable) if isinstance(iterable, Opaque) else self.fail(
                    iterable.what, msg.CODE_UNKNOWN_VALUE.format(token=iterable.what))
            return  # a loop over data (for batch in loader: …) is not part of the model
        items = self.iterate(iterable)
        for item in items:
            self.assign(stmt.target, item, env)
            try:
                self.block(stmt.body, env)
            except _Break:
                return
            except _Continue:
                continue
        self.block(stmt.orelse, env)

    def s_While(self, stmt: ast.While, env: dict) -> None:
        raise self.fail("while", msg.CODE_WHILE)  # data generation loops: skipped, blamed only if the model needs them

    def s_With(self, stmt: ast.With, env: dict) -> None:
        self.block(stmt.body, env)  # `with strategy.scope():`, `with torch.no_grad():` — only the body matters

    def s_Try(self, stmt: ast.Try, env: dict) -> None:
        self.block(stmt.body, env)

    def s_FunctionDef(self, stmt: ast.FunctionDef, env: dict) -> None:
        function = UserFunction(stmt, env)
        for decorator in stmt.decorator_list:  # d2l: @d2l.add_to_class(GoogleNet) def b2(self): ...
            if isinstance(decorator, ast.Call) and _snippet(decorator.func).endswith("add_to_class") and decorator.args:
                target = self.expr(decorator.args[0], env)
                if isinstance(target, UserClass):
                    target.attrs[stmt.name] = UserFunction(stmt, env, target)
                elif isinstance(target, _D2LBase):
                    self.d2l_methods[stmt.name] = UserFunction(stmt, env)
                return
        env[stmt.name] = function
        if env is self.globals:
            self.functions.append(function)

    def s_ClassDef(self, stmt: ast.ClassDef, env: dict) -> None:
        bases = tuple(self.expr(b, env) for b in stmt.bases)
        framework = _class_framework(bases)
        if framework is None:
            raise self.fail(stmt.name, msg.CODE_CLASS_BASE.format(token=stmt.name))
        d2l = any(isinstance(b, _D2LBase) or isinstance(b, UserClass) and b.d2l for b in bases)
        cls = UserClass(stmt.name, stmt, bases, {}, framework, d2l, self.d2l_methods if d2l else {})
        class_env = dict(env)
        for item in stmt.body:
            self.tick(item)
            if isinstance(item, ast.FunctionDef):
                cls.attrs[item.name] = UserFunction(item, env, cls)
            elif isinstance(item, (ast.Assign, ast.AnnAssign)):
                self.statement(item, class_env)
                for name in _targets(item):
                    if name in class_env:  # `weights: list[torch.Tensor]` annotates, binds nothing
                        cls.attrs[name] = class_env[name]
            elif isinstance(item, (ast.Expr, ast.Pass)):
                continue
        env[stmt.name] = cls
        self.classes.append(cls)
        self.framework_seen.add(framework)

    # ---- expressions

    def expr(self, node: ast.expr, env: dict):
        self.tick(node)
        handler = getattr(self, f"e_{type(node).__name__}", None)
        if handler is None:
            raise self.fail(_snippet(node), msg.CODE_UNSUPPORTED.format(token=_snippet(node)))
        return handler(node, env)

    def e_Constant(self, node: ast.Constant, env: dict):
        if isinstance(node.value, str) and len(node.value) > MAX_SEQUENCE:
            raise self.refuse(msg.CODE_TOO_BIG.format(token="str"))
        return node.value

    def e_Name(self, node: ast.Name, env: dict):
        name = node.id
        if name in env:
            return env[name]
        if name in self.globals:
            return self.globals[name]
        if name == "__name__":
            return "__main__"  # `if __name__ == "__main__":` blocks build the model and its example input
        if name in _FORBIDDEN_NAMES or name.startswith("__"):
            raise self.refuse(msg.CODE_FORBIDDEN.format(token=name), name)
        if name in _SAFE_BUILTINS:
            return _Builtin(name)
        if name in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[name]
        return Opaque(self.line, name)

    def e_Attribute(self, node: ast.Attribute, env: dict):
        obj = self.expr(node.value, env)
        return self.attribute(obj, node.attr)

    def attribute(self, obj, name: str):
        if isinstance(obj, Super) and name == "__init__":
            parent = _parent_method(obj.cls, "__init__")  # a base class of the student's own runs its __init__
            return _BoundUser(parent, obj.obj) if parent is not None else Bound(obj.obj, "super.__init__")
        if name == "__class__":  # layer.__class__.__name__ in d2l's shape loops: the class name, nothing more
            return _ClassName(type(obj).__name__ if not isinstance(obj, (KLayer,)) else obj.name)
        if name == "__name__" and isinstance(obj, (_ClassName, UserClass, UserFunction)):
            return obj.name if not isinstance(obj, UserFunction) else obj.node.name
        _check_attribute_name(name, self)
        if isinstance(obj, Opaque):
            return obj
        if isinstance(obj, Namespace):
            return _resolve_path(f"{obj.path}.{name}")
        if isinstance(obj, _Application):
            return _Application(f"{obj.path}.{name}")
        if isinstance(obj, UserClass):
            found = obj.lookup(name)
            if found is None:
                raise self.fail(name, msg.CODE_UNKNOWN_ATTRIBUTE.format(token=f"{obj.name}.{name}"))
            return found
        if isinstance(obj, Super):
            found = _parent_method(obj.cls, name)
            return _BoundUser(found, obj.obj) if found is not None else Bound(obj.obj, f"super.{name}")
        if isinstance(obj, nn.Module):
            cls = getattr(type(obj), "_daneshyar_class", None)
            if cls is not None:
                found = cls.lookup(name)
                if isinstance(found, UserFunction):
                    return _BoundUser(found, obj)
                if name in obj.__dict__ or name in obj._modules or name in obj._parameters or name in obj._buffers:
                    return getattr(obj, name)
                if found is not None:
                    return found
                if name == "training":
                    return False
            if name in obj._modules or name in obj._parameters:  # model_conv.fc, features[0].weight
                return obj._modules[name] if name in obj._modules else obj._parameters[name]
            if name in _MODULE_SELF_METHODS or name in _SKIPPED_METHODS or name in (
                    "add_module", "append", "extend", "forward", "apply_init", "layer_summary"):
                return Bound(obj, name)
            value = getattr(obj, name, None) if not name.startswith("_") else None
            if isinstance(value, (int, float, bool, str, tuple, torch.Tensor)):  # configuration: in_features,
                return value                                                     # bidirectional, weight, ...
            return Opaque(self.line, name)
        if isinstance(obj, KerasInstance):
            if name in obj.attrs:
                return obj.attrs[name]
            found = obj.cls.lookup(name)
            if isinstance(found, UserFunction):
                return _BoundUser(found, obj)
            if found is not None:
                return found
            return Bound(obj, name)
        if isinstance(obj, torch.Tensor):
            if name in ("shape",):
                return tuple(obj.shape)
            if name == "ndim":
                return obj.dim()
            if name in ("dtype", "device"):
                return getattr(obj, name)  # compared (X.device != Y.device), never used to move data
            if name in ("T", "data"):
                return obj.T if name == "T" else obj.detach()  # .data: the same storage, free of autograd
            if name in _TENSOR_METHODS:
                return Bound(obj, name)
            raise self.fail(name, msg.CODE_UNKNOWN_ATTRIBUTE.format(token=name))
        if isinstance(obj, KSequential) and name in ("input", "output") and obj.input is not None:
            return self.sequential_ends(obj)[0 if name == "input" else 1]
        if isinstance(obj, (KSequential, KModel, KLayer, KTensor)):
            if name == "layers" and isinstance(obj, KSequential):
                return list(obj.layers)
            if name == "shape" and isinstance(obj, KTensor):
                return (None, *obj.shape) if obj.shape else Opaque(self.line, "shape")
            return Bound(obj, name)
        if isinstance(obj, list) and name == "layers":
            return obj  # TensorFlow tracks a Keras layer's list attribute as a wrapper with .layers (d2l uses it)
        if isinstance(obj, (list, dict, str)):
            allowed = _LIST_METHODS if isinstance(obj, list) else _DICT_METHODS if isinstance(obj, dict) else _STR_METHODS
            if name in allowed:
                return Bound(obj, name)
        if isinstance(obj, (Ignored, _Builtin)):
            return Ignored(name)
        raise self.fail(name, msg.CODE_UNKNOWN_ATTRIBUTE.format(token=name))

    def e_Tuple(self, node: ast.Tuple, env: dict):
        return tuple(self.elements(node.elts, env))

    def e_List(self, node: ast.List, env: dict):
        return self.elements(node.elts, env)

    def e_Set(self, node: ast.Set, env: dict):
        return self.elements(node.elts, env)

    def elements(self, elts: list[ast.expr], env: dict) -> list:
        out = []
        for elt in elts:
            if isinstance(elt, ast.Starred):
                out.extend(self.iterate(self.expr(elt.value, env)))
            else:
                out.append(self.expr(elt, env))
        self.check_size(out)
        return out

    def check_size(self, seq) -> None:
        if hasattr(seq, "__len__") and len(seq) > MAX_SEQUENCE:
            raise self.refuse(msg.CODE_TOO_BIG.format(token=msg.fa(len(seq))))

    def e_Dict(self, node: ast.Dict, env: dict):
        out = {}
        for key, value in zip(node.keys, node.values):
            if key is None:
                out.update(self.expr(value, env))
            else:
                out[self.expr(key, env)] = self.expr(value, env)
        return out

    def e_JoinedStr(self, node: ast.JoinedStr, env: dict):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                parts.append(str(self.expr(value.value, env)))
        return "".join(parts)

    def e_IfExp(self, node: ast.IfExp, env: dict):
        test = self.expr(node.test, env)
        if isinstance(test, Opaque):
            raise self.fail(_snippet(node.test), msg.CODE_UNKNOWN_VALUE.format(token=_snippet(node.test)))
        return self.expr(node.body if _truth(test) else node.orelse, env)

    def e_BoolOp(self, node: ast.BoolOp, env: dict):
        value = None
        for sub in node.values:
            value = self.expr(sub, env)
            if isinstance(value, Opaque):
                return value
            if isinstance(node.op, ast.And) and not _truth(value):
                return value
            if isinstance(node.op, ast.Or) and _truth(value):
                return value
        return value

    def e_UnaryOp(self, node: ast.UnaryOp, env: dict):
        value = self.expr(node.operand, env)
        if isinstance(value, Opaque):
            return value
        if isinstance(node.op, ast.Not):
            return not _truth(value)
        if isinstance(node.op, ast.USub):
            return -value
        if isinstance(node.op, ast.UAdd):
            return +value
        raise self.fail("~", msg.CODE_UNSUPPORTED.format(token="~"))

    def e_BinOp(self, node: ast.BinOp, env: dict):
        return self.binop(node.op, self.expr(node.left, env), self.expr(node.right, env))

    def binop(self, op: ast.operator, left, right):
        if isinstance(left, Opaque):
            return left
        if isinstance(right, Opaque):
            return right
        if isinstance(left, Ignored) or isinstance(right, Ignored):  # a loss term from tf.square(...) and co.
            return Opaque(self.line, type(op).__name__)
        if isinstance(left, KTensor) and isinstance(right, KTensor):  # Y += X in a subclassed Keras block
            kind = {ast.Add: "add", ast.Sub: "subtract", ast.Mult: "multiply"}.get(type(op))
            if kind is None:
                raise self.fail(type(op).__name__, msg.CODE_UNSUPPORTED.format(token=type(op).__name__))
            return self.keras_node(spec.Merge(op=kind, number=self.line, source=kind), [left, right])
        if isinstance(op, ast.Pow) and isinstance(left, int) and isinstance(right, int) and (
                right > 64 or (abs(left) > 1 and right * math.log2(abs(left)) > 60)):
            raise self.refuse(msg.CODE_TOO_BIG.format(token=f"{left}**{right}"))
        if isinstance(op, ast.Mult) and (isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple))):
            other = right if isinstance(left, (str, list, tuple)) else left
            seq = left if isinstance(left, (str, list, tuple)) else right
            if isinstance(other, int) and len(seq) * max(other, 0) > MAX_SEQUENCE:
                raise self.refuse(msg.CODE_TOO_BIG.format(token=msg.fa(len(seq) * other)))
        try:
            result = _BINOPS[type(op)](left, right)
        except KeyError:
            raise self.fail(type(op).__name__, msg.CODE_UNSUPPORTED.format(token=type(op).__name__)) from None
        except (TypeError, ZeroDivisionError, ValueError) as exc:
            raise self.fail(type(op).__name__, msg.CODE_BAD_VALUE.format(detail=exc)) from None
        except RuntimeError as exc:
            raise self.fail(type(op).__name__, msg.CODE_TENSOR_ERROR.format(detail=_first_line(exc))) from None
        if isinstance(result, int) and abs(result) > MAX_NUMBER:
            raise self.refuse(msg.CODE_TOO_BIG.format(token=msg.fa(result)))
        return result

    def e_Compare(self, node: ast.Compare, env: dict):
        left = self.expr(node.left, env)
        for op, comparator in zip(node.ops, node.comparators):
            right = self.expr(comparator, env)
            if isinstance(left, Opaque) or isinstance(right, Opaque):
                return Opaque(self.line, _snippet(node))
            try:
                ok = _COMPARE[type(op)](left, right)
            except (TypeError, KeyError):
                raise self.fail(_snippet(node), msg.CODE_UNSUPPORTED.format(token=_snippet(node))) from None
            if not ok:
                return False
            left = right
        return True

    def e_Subscript(self, node: ast.Subscript, env: dict):
        obj = self.expr(node.value, env)
        key = self.expr(node.slice, env)
        if isinstance(obj, (Ignored, _EagerTensor)):  # a slice of example data is data: unknown, harmless
            return Opaque(self.line, _snippet(node))
        if isinstance(obj, Opaque) or isinstance(key, Opaque):
            return obj if isinstance(obj, Opaque) else key
        if isinstance(obj, KSequential):
            obj = obj.layers
        try:
            return obj[key]
        except (TypeError, IndexError, KeyError, RuntimeError) as exc:
            raise self.fail(_snippet(node), msg.CODE_BAD_VALUE.format(detail=_first_line(exc))) from None

    def e_Slice(self, node: ast.Slice, env: dict):
        part = lambda v: None if v is None else self.expr(v, env)
        return slice(part(node.lower), part(node.upper), part(node.step))

    def e_Starred(self, node: ast.Starred, env: dict):
        return self.expr(node.value, env)

    def e_Lambda(self, node: ast.Lambda, env: dict):
        return Opaque(self.line, "lambda", node)   # the node: a Lambda layer checks that it keeps the shape

    def e_ListComp(self, node: ast.ListComp, env: dict):
        return self.comprehension(node, env)

    e_GeneratorExp = e_ListComp

    def e_DictComp(self, node: ast.DictComp, env: dict):
        pairs = self.comprehension(node, env)
        return dict(pairs)

    def comprehension(self, node, env: dict) -> list:
        out: list = []
        local = dict(env)

        def walk(index: int) -> None:
            if index == len(node.generators):
                if isinstance(node, ast.DictComp):
                    out.append((self.expr(node.key, local), self.expr(node.value, local)))
                else:
                    out.append(self.expr(node.elt, local))
                self.check_size(out)
                return
            gen = node.generators[index]
            for item in self.iterate(self.expr(gen.iter, local)):
                self.assign(gen.target, item, local)
                if all(_truth(self.expr(cond, local)) for cond in gen.ifs):
                    walk(index + 1)

        walk(0)
        return out

    def iterate(self, value) -> list:
        if isinstance(value, Opaque):
            raise self.unknown(value)
        if isinstance(value, range):
            if len(value) > MAX_LOOP:
                raise self.refuse(msg.CODE_LOOP_TOO_LONG.format(count=msg.fa(f"{len(value):,}"),
                                                               limit=msg.fa(f"{MAX_LOOP:,}")), "range")
            return list(value)
        if isinstance(value, KSequential):
            return list(value.layers)
        if isinstance(value, (nn.Sequential, nn.ModuleList)):
            return list(value)
        if isinstance(value, (nn.ModuleDict, dict)):
            return list(value)
        if isinstance(value, (list, tuple, str, set, zip, enumerate, reversed)) or hasattr(value, "__next__"):
            items = []
            for item in value:
                items.append(item)
                if len(items) > MAX_LOOP:
                    raise self.refuse(msg.CODE_LOOP_TOO_LONG.format(count=">" + msg.fa(f"{MAX_LOOP:,}"),
                                                                   limit=msg.fa(f"{MAX_LOOP:,}")))
            return items
        if isinstance(value, torch.Tensor):
            return [value[i] for i in range(min(value.shape[0], MAX_LOOP))] if value.dim() else []
        raise self.fail(type(value).__name__, msg.CODE_NOT_ITERABLE.format(token=type(value).__name__))

    # ---- calls

    def e_Call(self, node: ast.Call, env: dict):
        func_name = _snippet(node.func)
        if isinstance(node.func, ast.Name) and node.func.id == "print":
            self.note_shown(node, env)
            return None
        if isinstance(node.func, ast.Name) and node.func.id == "super":
            return self.super_call(node, env)
        self.implicit_sequential(node, env)
        if self.summary_input(node, env):
            return None
        self.data_reshape(node, env)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "save_hyperparameters":
            return self.save_hyperparameters(env)
        func = self.expr(node.func, env)
        args, kwargs = [], {}
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                args.extend(self.iterate(self.expr(arg.value, env)))
            else:
                args.append(self.expr(arg, env))
        for kw in node.keywords:
            if kw.arg is None:
                value = self.expr(kw.value, env)
                if isinstance(value, Opaque):
                    raise self.unknown(value)
                kwargs.update(value)
            else:
                kwargs[kw.arg] = self.expr(kw.value, env)
        return self.call(func, args, kwargs, func_name)

    def summary_input(self, node: ast.Call, env: dict) -> bool:
        """``summary(model, input_size=(1, 3, 224, 224))`` (torchinfo) or ``summary(model, (3, 224, 224))``
        (torchsummary): the input the student means.  Both readings are kept, without and with a batch
        axis; the one the model accepts is chosen when it is counted (see :attr:`Program.input_candidates`).
        """
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name != "summary" or not node.args or not isinstance(node.args[0], ast.Name):
            return False
        model = env.get(node.args[0].id, self.globals.get(node.args[0].id))
        if not isinstance(model, nn.Module):
            return False
        self.shown.append(model)
        size = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "input_size"), None)
        try:
            value = self.expr(size, env) if size is not None else None
        except _Unfollowable:
            return True
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], (tuple, list)):
            value = value[0]   # torchinfo's input_size=[(1, 3, 224, 224)]
        if isinstance(value, (tuple, list)) and value and all(
                isinstance(v, int) and not isinstance(v, bool) and 0 < v <= self.limits.max_spatial * 64 for v in value):
            self.summaries.append(tuple(value))
        return True

    def data_reshape(self, node: ast.Call, env: dict) -> None:
        """``x_train.reshape(60000, 28, 28, 1)``: the data the model will be given, so its input shape."""
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "reshape" and isinstance(func.value, ast.Name)
                and _INPUT_DATA.match(func.value.id) and len(node.args) >= 2 and not node.keywords):
            return
        if not all(isinstance(a, (ast.Constant, ast.UnaryOp, ast.Name)) for a in node.args):
            return
        try:
            sizes = [self.expr(a, env) for a in node.args]
        except _Unfollowable:
            return
        if all(isinstance(v, int) and not isinstance(v, bool) for v in sizes) and all(v > 0 for v in sizes[1:]):
            self.tensors.append(tuple(sizes[1:]))

    def save_hyperparameters(self, env: dict) -> None:
        """d2l's ``self.save_hyperparameters()``: every argument of ``__init__`` becomes an attribute."""
        obj = env.get("self")
        if obj is None:
            return
        for name, value in dict.items(env):
            if name not in ("self", "__class__") and not name.startswith("_"):
                self.set_attribute(obj, name, value)

    def implicit_sequential(self, node: ast.Call, env: dict) -> None:
        """Only the ``model.add(...)`` lines were pasted: ``model`` is the Sequential they build."""
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "add" and isinstance(func.value, ast.Name)
                and func.value.id not in env and func.value.id not in self.globals):
            model = KSequential(name=func.value.id, id=self.new_id())
            self.globals[func.value.id] = model
            self.models.append((func.value.id, model))
            self.created.append(model)
            self.framework_seen.add("keras")

    def note_shown(self, node: ast.Call, env: dict) -> None:
        """``print(net)``/``print(model.summary())``: remember which model the student looks at."""
        for arg in node.args:
            if isinstance(arg, ast.Name):
                value = env.get(arg.id, self.globals.get(arg.id))
                if _is_model(value):
                    self.shown.append(value)

    def super_call(self, node: ast.Call, env: dict):
        cls = env.get("__class__")
        obj = env.get("self")
        if cls is None or obj is None:
            raise self.fail("super", msg.CODE_UNSUPPORTED.format(token="super()"))
        return Super(cls, obj)

    def call(self, func, args: list, kwargs: dict, name: str):
        if isinstance(func, _Application):
            built = self.application(func.path.rsplit(".", 1)[-1], kwargs)
            if built is not None:
                return built
            # unknowable here; refused with its name if the model uses it
            return Opaque(self.line, name, _Unfollowable(self.line, name, msg.CODE_APPLICATIONS.format(token=name)))
        if isinstance(func, Opaque):
            if isinstance(func.cause, _Unfollowable) and func.cause.token.split(".")[0] in _FORBIDDEN_MODULES \
                    and _dangerous(name):
                raise self.refuse(msg.CODE_FORBIDDEN.format(token=name), name)
            return func
        if isinstance(func, Ignored):
            return Ignored(name)
        if isinstance(func, _Builtin):
            return self.call_builtin(func.name, args, kwargs)
        if isinstance(func, _PureFunction):
            if not all(isinstance(a, (int, float)) and not isinstance(a, bool) for a in args) or kwargs:
                return Opaque(self.line, name)
            try:
                return func.function(*args)
            except (ValueError, OverflowError, TypeError) as exc:
                raise self.fail(name, msg.CODE_BAD_VALUE.format(detail=_first_line(exc))) from None
        if isinstance(func, _TorchClass):
            return self.construct_torch(func, args, kwargs, name)
        if isinstance(func, _TorchvisionModel):
            return self.torchvision_model(func.name, args, kwargs)
        if isinstance(func, _TorchFunction):
            return self.torch_function(func, args, kwargs, name)
        if isinstance(func, _KerasCallable):
            return self.keras_call(func, args, kwargs, name)
        if isinstance(func, UserFunction):
            return self.call_user(func, args, kwargs)
        if isinstance(func, _BoundUser):
            return self.call_user(func.function, [func.obj, *args], kwargs)
        if isinstance(func, UserClass):
            return self.instantiate(func, args, kwargs)
        if isinstance(func, Bound):
            return self.call_method(func.obj, func.name, args, kwargs)
        if isinstance(func, nn.Module):
            return self.call_module(func, args, kwargs, name)
        if isinstance(func, (KLayer, KSequential, KModel)):
            return self.keras_apply(func, args, kwargs)
        if isinstance(func, _KerasActivation) and args and isinstance(args[0], KTensor):
            node = spec.Activation(fn=func.name, number=self.line, source=f"{name}(…)")
            return self.keras_node(node, [args[0]])
        if isinstance(func, KerasInstance):
            return self.keras_apply(func, args, kwargs)
        if isinstance(func, type) and func is OrderedDict:
            return OrderedDict(*args, **kwargs)
        if func is OrderedDict:
            return OrderedDict(*args)
        raise self.fail(name, msg.CODE_NOT_CALLABLE.format(token=name))

    def call_builtin(self, name: str, args: list, kwargs: dict):
        for value in [*args, *kwargs.values()]:
            if isinstance(value, Opaque):
                return value
            if isinstance(value, Ignored):  # len(tokenizer.word_index): data we do not have
                return Opaque(self.line, f"{name}({value.what})")
        if name == "getattr" and len(args) >= 2 and isinstance(args[1], str):
            return self.attribute(args[0], args[1])  # getattr(nn, rnn_type): the same checks as nn.LSTM
        if name == "isinstance" and len(args) == 2:
            return _is_instance(args[0], args[1], self.line)
        if name == "hasattr" and len(args) == 2 and isinstance(args[1], str):
            return _has_attribute(args[0], args[1], self.line)
        if name in ("isinstance", "hasattr"):
            return Opaque(self.line, name)
        if name == "range":
            value = range(*args)
            if len(value) > MAX_LOOP:
                raise self.refuse(msg.CODE_LOOP_TOO_LONG.format(count=msg.fa(f"{len(value):,}"),
                                                               limit=msg.fa(f"{MAX_LOOP:,}")), "range")
            return value
        function = _SAFE_BUILTINS[name]
        try:
            if name in ("list", "tuple", "set", "sorted", "sum", "min", "max", "any", "all") and args:
                args = [self.iterate(args[0]), *args[1:]] if not (name in ("min", "max") and len(args) > 1) else args
            result = function(*args, **kwargs)
        except (TypeError, ValueError, RuntimeError) as exc:
            raise self.fail(name, msg.CODE_BAD_VALUE.format(detail=_first_line(exc))) from None
        if isinstance(result, (zip, enumerate, reversed)):
            result = self.iterate(result)
        return result

    def call_user(self, function: UserFunction, args: list, kwargs: dict):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.depth = 0
            raise self.refuse(msg.CODE_TOO_DEEP.format(limit=msg.fa(MAX_DEPTH)), function.node.name)
        try:
            env = self.bind_arguments(function, args, kwargs)
            if function.owner is not None:
                env["__class__"] = function.owner
            self.block(function.node.body, env)
            return None
        except _Return as result:
            return result.value
        finally:
            self.depth -= 1

    def bind_arguments(self, function: UserFunction, args: list, kwargs: dict) -> dict:
        spec_args = function.node.args
        env = dict(function.closure) if function.closure is not self.globals else {}
        names = [a.arg for a in spec_args.posonlyargs + spec_args.args]
        defaults = spec_args.defaults
        default_values = [self.expr(d, function.closure) for d in defaults]
        for index, name in enumerate(names):
            if index < len(args):
                env[name] = args[index]
            elif name in kwargs:
                env[name] = kwargs.pop(name)
            elif index >= len(names) - len(defaults):
                env[name] = default_values[index - (len(names) - len(defaults))]
            else:
                raise self.fail(function.node.name, msg.CODE_MISSING_ARGUMENT.format(
                    name=name, function=function.node.name))
        if spec_args.vararg is not None:
            env[spec_args.vararg.arg] = tuple(args[len(names):])
        for kwarg, default in zip(spec_args.kwonlyargs, spec_args.kw_defaults):
            if kwarg.arg in kwargs:
                env[kwarg.arg] = kwargs.pop(kwarg.arg)
            elif default is not None:
                env[kwarg.arg] = self.expr(default, function.closure)
        if spec_args.kwarg is not None:
            env[spec_args.kwarg.arg] = dict(kwargs)
        return _Scope(env, self.globals)

    # ---- PyTorch

    def construct_torch(self, func: _TorchClass, args: list, kwargs: dict, name: str):
        self.framework_seen.add("torch")
        cls = func.cls
        if cls is nn.Parameter:
            tensor = args[0] if args else kwargs.get("data")
            grad = args[1] if len(args) > 1 else kwargs.get("requires_grad", True)
            if not isinstance(tensor, torch.Tensor) or not isinstance(grad, bool):
                return Opaque(self.line, name)
            return nn.Parameter(tensor, requires_grad=grad)  # requires_grad=False: counted, not trainable
        for value in [*args, *kwargs.values()]:
            if isinstance(value, Opaque):
                raise self.unknown(value)
            if isinstance(value, Ignored):
                raise self.fail(value.what, msg.CODE_UNKNOWN_VALUE.format(token=value.what))
        kwargs = {k: v for k, v in kwargs.items() if k not in ("device", "dtype")}
        self.layers += 1
        if self.layers > self.limits.max_layers:
            raise self.refuse(msg.TOO_MANY_LAYERS.format(limit=msg.fa(self.limits.max_layers)), name)
        self.check_torch_sizes(args, kwargs, name)
        if cls in (nn.Sequential,) and len(args) == 1 and isinstance(args[0], (OrderedDict, dict)):
            args = [OrderedDict(args[0])]
        try:
            with torch.device("meta"), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # torch's advice to developers is not for the student
                module = cls(*args, **kwargs)
        except (TypeError, ValueError, RuntimeError, AssertionError, AttributeError, IndexError) as exc:
            raise self.fail(name, msg.CODE_BAD_LAYER.format(token=f"{cls.__name__}", detail=_first_line(exc))) \
                from None
        params = sum(p.numel() for p in module.parameters() if not isinstance(p, nn.UninitializedParameter))
        if params > self.limits.max_layer_params:
            raise self.refuse(msg.TOO_MANY_PARAMS.format(value=f"{params:,}", limit=f"{self.limits.max_layer_params:,}"))
        if isinstance(module, (nn.Sequential, nn.ModuleList, nn.ModuleDict)):
            for child in module.children():
                self.contained.add(id(child))
            self.created.append(module)
        return module

    def torchvision_model(self, name: str, args: list, kwargs: dict) -> nn.Module:
        """Pretrained weights never load here: the architecture is what gets counted."""
        from cnn_demos.zoo import torchvision_models

        self.framework_seen.add("torch")
        try:
            models = torchvision_models()
        except ImportError:
            raise self.fail(name, msg.CODE_UNKNOWN_VALUE.format(token=f"torchvision.models.{name}")) from None
        builder = getattr(models, name, None)
        if builder is None or not callable(builder) or name.startswith("_"):
            raise self.fail(name, msg.CODE_UNKNOWN_ATTRIBUTE.format(token=f"torchvision.models.{name}"))
        options = {k: v for k, v in kwargs.items() if k in ("num_classes", "aux_logits", "init_weights")
                   and isinstance(v, (int, bool))}
        try:
            with torch.device("meta"):
                model = builder(weights=None, **options)
        except (TypeError, ValueError, RuntimeError) as exc:
            raise self.fail(name, msg.CODE_BAD_LAYER.format(token=name, detail=_first_line(exc))) from None
        self.created.append(model)
        return model

    def check_torch_sizes(self, args: list, kwargs: dict, name: str) -> None:
        """Refuse absurd sizes before torch sees them (meta costs no memory, but a 10¹⁵-unit layer is a typo)."""
        for value in [*args, *kwargs.values()]:
            for number in (value if isinstance(value, (tuple, list)) else (value,)):
                if isinstance(number, int) and not isinstance(number, bool) and number > self.limits.max_units * 1000:
                    raise self.refuse(msg.TOO_MANY_CHANNELS.format(value=f"{number:,}",
                                                                   limit=f"{self.limits.max_units * 1000:,}"), name)

    def torch_function(self, func: _TorchFunction, args: list, kwargs: dict, name: str):
        self.framework_seen.add("torch")
        for value in [*args, *kwargs.values()]:
            if isinstance(value, Opaque):
                return value
        kwargs = {k: v for k, v in kwargs.items() if k not in ("device", "requires_grad", "generator")}
        if func.create:
            shape = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else kwargs.get("size", args)
            if func.name == "arange":  # positions for an encoding: a meta tensor of the right length
                numbers = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
                if len(numbers) == len(args) and numbers and abs(max(numbers, key=abs)) <= MAX_SEQUENCE:
                    return torch.arange(*numbers, device="meta", dtype=kwargs.get("dtype") or None)
                return Opaque(self.line, name)
            if func.name == "tensor" and args and isinstance(args[0], (list, tuple)):
                shape = _nested_shape(args[0])
                if shape is not None and math.prod(shape) <= MAX_SEQUENCE:
                    return torch.empty(shape, device="meta")
            if func.name in ("randint", "full", "tensor", "normal"):
                return Opaque(self.line, name)
            shape = tuple(shape)
            if not all(isinstance(s, int) and 0 < s <= self.limits.max_spatial * 64 for s in shape):
                return Opaque(self.line, name)
            kwargs.pop("size", None)
            tensor = torch.empty(shape, device="meta", dtype=kwargs.get("dtype") or torch.float32)
            if len(shape) >= 2:
                self.tensors.append(shape[1:])
            return tensor
        try:
            return func.function(*args, **kwargs)
        except (TypeError, ValueError, RuntimeError, IndexError) as exc:
            raise self.fail(name, msg.CODE_TENSOR_ERROR.format(detail=_first_line(exc))) from None

    def call_module(self, module: nn.Module, args: list, kwargs: dict, name: str):
        if not args or not all(isinstance(a, torch.Tensor) for a in args[:1]):
            if args and isinstance(args[0], Opaque):
                return args[0]
            raise self.fail(name, msg.CODE_UNSUPPORTED.format(token=name))
        try:
            return module(*args, **kwargs)
        except SpecError:
            raise
        except _Unfollowable:
            raise
        except (TypeError, ValueError, RuntimeError, IndexError, AssertionError) as exc:
            raise self.fail(name, msg.CODE_TENSOR_ERROR.format(detail=_first_line(exc))) from None

    def instantiate(self, cls: UserClass, args: list, kwargs: dict):
        if cls.framework == "keras":
            init = cls.lookup("__init__")
            inputs = args[0] if args else kwargs.get("inputs")
            if not isinstance(init, UserFunction) and inputs is not None:
                # class CustomModel(keras.Model) overriding train_step only: built like keras.Model(inputs, outputs)
                outputs = args[1] if len(args) > 1 else kwargs.get("outputs")
                model = KModel(_tensors(inputs, self), _tensors(outputs, self), self.new_id())
                self.created.append(model)
                return model
            instance = KerasInstance(cls, {}, [], self.new_id())
            if isinstance(init, UserFunction):
                self.call_user(init, [instance, *args], kwargs)
            self.created.append(instance)
            return instance
        module_cls = _module_class(cls, self)
        instance = module_cls.__new__(module_cls)
        nn.Module.__init__(instance)
        init = cls.lookup("__init__")
        if isinstance(init, UserFunction):
            self.call_user(init, [instance, *args], kwargs)
        for child in instance.children():
            self.contained.add(id(child))
        self.created.append(instance)
        return instance

    def forward(self, instance: nn.Module, args: tuple, kwargs: dict):
        self.forwarding += 1
        try:
            return self._forward(instance, args, kwargs)
        except _Unfollowable as exc:
            exc.during_forward = True  # running the model on an example failed: not a reason to lose the model
            raise
        finally:
            self.forwarding -= 1

    def _forward(self, instance: nn.Module, args: tuple, kwargs: dict):
        cls = type(instance)._daneshyar_class
        method = cls.lookup("forward")
        if not isinstance(method, UserFunction):
            net = instance._modules.get("net")
            if net is not None and cls.d2l:  # d2l.Module.forward is `return self.net(X)`
                return self.call_module(net, list(args), dict(kwargs), "net")
            raise self.fail(cls.name, msg.CODE_NO_FORWARD.format(token=cls.name))
        return self.call_user(method, [instance, *args], dict(kwargs))

    def call_method(self, obj, name: str, args: list, kwargs: dict):
        if name.startswith("super."):
            method = name.split(".", 1)[1]
            if method == "__init__":
                if isinstance(obj, nn.Module):
                    return None  # nn.Module.__init__ already ran when the instance was made
                return None
            raise self.fail(method, msg.CODE_UNSUPPORTED.format(token=f"super().{method}"))
        if isinstance(obj, list):
            if name == "append" and args and _is_model(args[0]):
                self.contained.add(id(args[0]))
            return getattr(obj, name)(*args, **kwargs)
        if isinstance(obj, (dict, str)):
            result = getattr(obj, name)(*args, **kwargs)
            return list(result) if name in ("items", "keys", "values") else result
        if isinstance(obj, torch.Tensor):
            if name in ("to", "cuda", "cpu", "detach", "clone", "float", "contiguous"):
                return obj
            if name.endswith("_") and any(isinstance(a, (Opaque, Ignored)) for a in [*args, *kwargs.values()]):
                return obj  # weight.data.copy_(...) with values we do not know: initial values never count
            try:
                return getattr(obj, name)(*args, **kwargs)
            except (TypeError, ValueError, RuntimeError, IndexError) as exc:
                raise self.fail(name, msg.CODE_TENSOR_ERROR.format(detail=_first_line(exc))) from None
        if isinstance(obj, nn.Parameter) and name == "requires_grad_":
            obj.requires_grad_(bool(args[0]) if args else True)
            return obj
        if isinstance(obj, nn.Module):
            if name in _MODULE_SELF_METHODS:
                if name == "requires_grad_":
                    obj.requires_grad_(bool(args[0]) if args else True)
                return obj
            if name == "layer_summary" and args and isinstance(args[0], (tuple, list)):
                shape = tuple(args[0])  # d2l: model.layer_summary((1, 1, 224, 224)) runs one example batch
                if len(shape) >= 2 and all(isinstance(v, int) and 0 < v <= self.limits.max_spatial for v in shape):
                    self.tensors.append(shape[1:])
                self.shown.append(obj)
                return None
            if name == "apply_init" and args:  # d2l: one forward on example inputs sizes the lazy layers
                inputs = args[0] if isinstance(args[0], (list, tuple)) else [args[0]]
                if inputs and all(isinstance(t, torch.Tensor) for t in inputs):
                    self.call_module(obj, list(inputs), {}, "apply_init")
                return None
            if name in ("parameters", "children", "modules"):  # for p in model.parameters(): p.requires_grad = False
                return list(getattr(obj, name)())
            if name in _SKIPPED_METHODS:
                self.shown.append(obj) if name == "summary" else None
                return Opaque(self.line, name)
            if name == "add_module" and len(args) == 2:
                obj.add_module(str(args[0]), args[1])
                self.contained.add(id(args[1]))
                return None
            if name in ("append", "extend") and isinstance(obj, (nn.Sequential, nn.ModuleList)):
                items = args[0] if name == "extend" else [args[0]]
                for item in items:
                    if isinstance(item, nn.Module):
                        obj.append(item)
                        self.contained.add(id(item))
                return obj
            if name == "forward":
                return self.call_module(obj, args, kwargs, "forward")
            return Opaque(self.line, name)
        if isinstance(obj, KSequential):
            return self.ksequential_method(obj, name, args, kwargs)
        if isinstance(obj, (KModel, KLayer, KerasInstance)):
            if name in ("summary", "fit", "compile"):
                self.shown.append(obj) if name == "summary" else None
            shape = args[0] if args else kwargs.get("input_shape")
            if name == "build" and isinstance(obj, KerasInstance) and isinstance(shape, (tuple, list)):
                obj.build_shape = _batchless(shape)
            if name == "call" and isinstance(obj, KerasInstance):
                return self.keras_apply(obj, args, kwargs)
            return Opaque(self.line, name)
        return Opaque(self.line, name)

    # ---- Keras

    def keras_call(self, func: _KerasCallable, args: list, kwargs: dict, name: str):
        what = func.name
        if what.startswith("eager:"):  # tf.random.uniform((1, 224, 224, 1)): an example input, shape only
            return self.eager_tensor(name, args, kwargs)
        self.framework_seen.add("keras")
        if what in ("Sequential",):
            layers = args[0] if args else kwargs.get("layers", [])
            model = KSequential(name=str(kwargs.get("name", "")), id=self.new_id())
            for layer in (layers or []):
                self.ksequential_add(model, layer)
            self.created.append(model)
            return model
        if what in ("Model", "Functional"):
            inputs = args[0] if args else kwargs.get("inputs")
            outputs = args[1] if len(args) > 1 else kwargs.get("outputs")
            model = KModel(_tensors(inputs, self), _tensors(outputs, self), self.new_id())
            self.created.append(model)
            return model
        if what in ("Input",):
            shape = args[0] if args else kwargs.get("shape", kwargs.get("batch_shape"))
            if "batch_shape" in kwargs and not args:
                shape = tuple(shape)[1:]
            for size in (shape if isinstance(shape, (tuple, list)) else (shape,)):
                if isinstance(size, (Opaque, Ignored)):  # Input(shape=x_train.shape[1:]): the data decides
                    self.notes.append(msg.INPUT_FROM_DATA.format(key="shape"))
                    return KTensor(self.new_id(), None)
            known, note = _sized(shape)
            if note:
                self.notes.append(note)
            return KTensor(self.new_id(), known)
        if what in ("add", "concatenate", "multiply", "subtract", "average", "maximum", "minimum", "dot"):
            layer = self.keras_layer(what.capitalize(), [], {k: v for k, v in kwargs.items() if k != "name"}, name)
            return self.keras_apply(layer, [args[0] if args else kwargs.get("inputs")], {})
        if what == "activation":
            return func.activation
        return self.keras_layer(what, args, kwargs, name)

    def eager_tensor(self, name: str, args: list, kwargs: dict):
        shape = args[0] if args else kwargs.get("shape") or kwargs.get("size")
        if name.endswith(("rand", "randn")):  # np.random.rand(8, 784): the sizes one by one
            shape = tuple(args)
        if isinstance(shape, (tuple, list)) and len(shape) >= 2 and all(isinstance(s, int) for s in shape):
            self.tensors.append(tuple(shape[1:]))
            return _EagerTensor(tuple(shape))
        return Opaque(self.line, name)

    def keras_layer(self, what: str, args: list, kwargs: dict, name: str) -> KLayer:
        for key in ("input_shape", "input_dim", "batch_input_shape", "input_length"):
            value = kwargs.get(key)
            if isinstance(value, (Opaque, Ignored)) or isinstance(value, (tuple, list)) and any(
                    isinstance(v, (Opaque, Ignored)) for v in value):  # x_train.shape[1:]: the data decides
                kwargs = {k: v for k, v in kwargs.items() if k != key}
                self.notes.append(msg.INPUT_FROM_DATA.format(key=key))
        if what == "Embedding" and "input_length" in kwargs and "input_shape" not in kwargs:
            kwargs = {**kwargs, "input_shape": (kwargs["input_length"],)}  # Keras 2: the length fixes the input
        clean_args = [self.keras_value(a) for a in args]
        clean_kwargs = {k: self.keras_value(v) for k, v in kwargs.items()}
        what, clean_args, clean_kwargs = _keras1(what, clean_args, clean_kwargs)
        source = _call_text(what, clean_args, clean_kwargs)
        if what == "Lambda":  # layers.Lambda(fn, output_shape=(1,)): weightless; the shape Keras is told
            shape = clean_kwargs.get("output_shape", clean_args[1] if len(clean_args) > 1 else None)
            shape = (shape,) if isinstance(shape, int) else tuple(shape) if isinstance(shape, (tuple, list)) else None
            function = args[0] if args else kwargs.get("function")
            if shape is None and not _keeps_shape_function(function):
                raise self.fail("Lambda", msg.LAMBDA_SHAPE_UNKNOWN.format(token=_function_text(function)))
            source = _call_text(what, [function, *clean_args[1:]], {k: v for k, v in clean_kwargs.items()
                                                                    if k != "function"})
            self.layers += 1
            return KLayer(what, [spec.Lambda(out_shape=shape, number=self.line, source=source)], self.line,
                          self.new_id())
        if what in _AUGMENTATION:  # random augmentation: active only in training, no weights, same shape
            what, clean_args = "Masking", []  # Keras' own pass-through layer stands in for it
            clean_kwargs = {k: v for k, v in clean_kwargs.items() if k in ("input_shape", "name")}
        for key in ("input_shape", "shape"):
            if isinstance(clean_kwargs.get(key), (tuple, list)) and None in clean_kwargs[key]:
                clean_kwargs[key], note = _sized(clean_kwargs[key])
                self.notes.append(note)
        if isinstance(clean_kwargs.get("batch_input_shape"), (tuple, list)):
            clean_kwargs["input_shape"], note = _sized(tuple(clean_kwargs.pop("batch_input_shape"))[1:])
            self.notes.append(note) if note else None
        if what in ("Bidirectional", "TimeDistributed") and clean_args and isinstance(clean_args[0], KLayer):
            clean_args = [clean_args[0].node, *clean_args[1:]]  # the wrapper reads its inner layer's node
        if isinstance(clean_kwargs.get("layer"), KLayer):
            clean_kwargs["layer"] = clean_kwargs["layer"].node
        states = 0
        if clean_kwargs.pop("return_state", False):  # the states count nothing extra: the outputs they are
            states = 2 if what == "LSTM" else 1
        self.layers += 1
        if self.layers > self.limits.max_layers:
            raise self.refuse(msg.TOO_MANY_LAYERS.format(limit=msg.fa(self.limits.max_layers)), name)
        base = {"number": self.line, "path": (), "source": source}
        try:
            nodes = spec.keras_layer(what, clean_args, clean_kwargs, base)
        except SpecError as exc:
            raise self.fail(what, exc.detail) from None
        return KLayer(what, nodes, self.line, self.new_id(), states)

    def keras_value(self, value):
        if isinstance(value, Opaque) and value.token == "lambda":
            return None  # the function of a Lambda layer: not needed to count it
        if isinstance(value, Opaque):
            raise self.unknown(value)
        if isinstance(value, Ignored):
            return value  # a regularizer or initializer: the layer factory ignores it
        if isinstance(value, _KerasActivation):
            return value.name
        if isinstance(value, list):
            return [self.keras_value(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.keras_value(v) for v in value)
        return value

    def theano_input(self, node: Input) -> Input:
        """Keras 1 code written for Theano lists channels first; say so instead of reading 3 pixels wide."""
        if self.channels_first and node.layout == "channels_last" and _theano({"input_shape": node.shape}):
            from dataclasses import replace

            return replace(node, layout="channels_first")
        return node

    def ksequential_add(self, model: KSequential, layer) -> None:
        if isinstance(layer, KTensor):  # keras.Input(shape=...) listed first
            if model.layers or model.input is not None:
                raise self.fail("Input", msg.INPUT_NOT_FIRST)
            model.input = Input(shape=layer.shape, layout="channels_last", layout_given=True,
                                number=self.line, source=f"Input(shape={layer.shape})")
            return
        if isinstance(layer, KLayer) and isinstance(layer.nodes[0], Input):
            if layer.name in ("Input", "InputLayer") or len(layer.nodes) == 1:
                if model.layers:
                    raise self.fail("Input", msg.INPUT_NOT_FIRST)
                model.input = self.theano_input(layer.nodes[0])
                if len(layer.nodes) == 1:
                    return
            elif not model.layers and model.input is None:
                model.input = self.theano_input(layer.nodes[0])
        if isinstance(layer, KSequential) and layer.input is not None and not model.layers and model.input is None:
            model.input = layer.input  # Sequential([base_model, Flatten(), ...]): the base fixes the input
        if isinstance(layer, (KLayer, KSequential, KerasInstance)):
            model.layers.append(layer)
            if isinstance(layer, (KSequential, KerasInstance)):
                self.contained.add(id(layer))
            return
        if isinstance(layer, Opaque):
            raise self.unknown(layer)
        raise self.fail(type(layer).__name__, msg.CODE_NOT_A_LAYER.format(token=type(layer).__name__))

    def ksequential_method(self, model: KSequential, name: str, args: list, kwargs: dict):
        if name == "add":
            layer = args[0] if args else kwargs.get("layer")
            self.ksequential_add(model, layer)
            return None
        if name == "build":
            shape = args[0] if args else kwargs.get("input_shape")
            if shape is not None and not isinstance(shape, Opaque) and model.input is None:
                model.input = Input(shape=_batchless(shape), layout="channels_last", layout_given=True,
                                    number=self.line, source=f"build({shape})")
            return None
        if name == "pop" and model.layers:
            return model.layers.pop()
        if name in ("summary", "fit", "compile"):
            if name == "summary":
                self.shown.append(model)
            return Opaque(self.line, name)
        return Opaque(self.line, name)

    def keras_apply(self, layer, args: list, kwargs: dict):
        if not args:
            raise self.fail("call", msg.CODE_UNSUPPORTED.format(token="()"))
        inputs = args[0]
        if isinstance(inputs, Opaque):
            return inputs
        if isinstance(inputs, (torch.Tensor, _EagerTensor)):
            return inputs
        tensors = _tensors(inputs, self)
        if isinstance(layer, KerasInstance):  # a subclassed layer/model used inside a graph: follow its call()
            return self.call_subclassed(layer, inputs, tensors, args[1:], kwargs)
        if isinstance(layer, KModel):  # a model used as a layer (a Siamese twin): its steps again, same weights
            self.contained.add(id(layer))
            return self.replay(layer, tensors)
        initial = kwargs.get("initial_state")
        extra = _tensors(initial, self) if isinstance(initial, (KTensor, list, tuple)) else ()
        if getattr(layer, "name", "") == "MultiHeadAttention":  # (query, value, key): the value's width counts
            extra = tuple(t for a in [*args[1:], kwargs.get("value"), kwargs.get("key")]
                          if isinstance(a, KTensor) for t in _tensors(a, self))
        output = KTensor(self.new_id())
        self.kgraph.append(KStep(layer, tensors + extra, output, self.line))  # states only to keep the encoder
        output.shape = _eager_shape(layer, tensors, self.limits)
        if isinstance(layer, KSequential):
            self.contained.add(id(layer))
        if isinstance(layer, KLayer) and layer.states:
            units = getattr(layer.node, "units", None)
            states = [self.keras_node(spec.Lambda(out_shape=(units,) if units else None, number=self.line,
                                                  source="state"), [output]) for _ in range(layer.states)]
            return [output, *states]
        return output

    def call_subclassed(self, layer: KerasInstance, inputs, tensors: tuple[KTensor, ...], args, kwargs):
        method = layer.cls.lookup("call")
        if not isinstance(method, UserFunction):
            raise self.fail(layer.cls.name, msg.CODE_NO_FORWARD.format(token=layer.cls.name))
        self.contained.add(id(layer))
        start = len(self.kgraph)
        try:
            return self.call_user(method, [layer, inputs, *args], {k: v for k, v in kwargs.items()
                                                                 if k not in ("training", "mask")})
        except _Unfollowable:
            if _has_weights(layer):
                raise
        # A layer with no weights of its own whose arithmetic we cannot follow (keras.io's Sampling):
        # it adds no parameters; its output is shaped like its first input.
        del self.kgraph[start:]
        node = spec.PassThrough(layer=layer.cls.name, number=self.line, source=layer.cls.name)
        out = KTensor(self.new_id(), tensors[0].shape)
        self.kgraph.append(KStep(KLayer(layer.cls.name, [node], self.line, self.new_id()), tensors, out, self.line))
        return out

    def replay(self, model: KModel, tensors: tuple[KTensor, ...]):
        if len(tensors) != len(model.inputs):
            raise self.fail("Model", msg.CODE_UNSUPPORTED.format(token="Model(...)"))
        mapping = {old.id: new for old, new in zip(model.inputs, tensors)}
        producer = {step.output.id: step for step in self.kgraph}
        for step in _steps_between(model, producer):
            out = self.keras_apply(step.layer, [[mapping[t.id] for t in step.inputs]
                                                if len(step.inputs) > 1 else mapping[step.inputs[0].id]], {})
            mapping[step.output.id] = out
        outs = [mapping[t.id] for t in model.outputs]
        return outs[0] if len(outs) == 1 else outs

    def sequential_ends(self, model: KSequential) -> tuple[KTensor, KTensor]:
        """``base_model.input``/``.output`` (transfer learning in the functional API): the Sequential as a graph."""
        if model.id not in self.ends:
            tensor = KTensor(self.new_id(), tuple(model.input.shape))
            self.ends[model.id] = (tensor, self.keras_apply(model, [tensor], {}))
        return self.ends[model.id]

    def application(self, name: str, kwargs: dict) -> KSequential | None:
        """keras.applications.VGG16/VGG19: the same layers as the zoo's VGG, which Keras counts alike.

        The other applications (ResNet50, MobileNetV2…) differ from torchvision's in biases and
        BatchNorm; they stay refused rather than counted wrong.
        """
        from cnn_demos.zoo import VGG_LAYERS

        depth = {"VGG16": 16, "VGG19": 19}.get(name)
        if depth is None:
            return None
        shape = kwargs.get("input_shape") or (224, 224, 3)
        if not isinstance(shape, (tuple, list)) or not all(isinstance(v, int) for v in shape):
            return None
        model = KSequential(name=name.lower(), id=self.new_id())
        model.input = Input(shape=tuple(shape), layout="channels_last", layout_given=True, from_keras=True,
                            number=self.line, source=f"{name}(input_shape={tuple(shape)})")
        layers = [("Conv2D", [item, 3], {"padding": "same", "activation": "relu"}) if item != "M" else
                  ("MaxPooling2D", [2, 2], {}) for item in VGG_LAYERS[depth]]
        if kwargs.get("include_top", True):
            classes = kwargs.get("classes", 1000)
            layers += [("Flatten", [], {}), ("Dense", [4096], {"activation": "relu"}),
                       ("Dense", [4096], {"activation": "relu"}), ("Dense", [classes], {"activation": "softmax"})]
        elif kwargs.get("pooling") in ("avg", "max"):
            layers.append(("GlobalAveragePooling2D" if kwargs["pooling"] == "avg" else "GlobalMaxPooling2D", [], {}))
        for what, args, options in layers:
            model.layers.append(self.keras_layer(what, args, options, what))
        self.created.append(model)
        self.framework_seen.add("keras")
        return model

    def keras_node(self, node: Node, inputs: list) -> KTensor:
        """An operation written as a function or operator (``tf.nn.relu(x)``, ``x + y``): a layer of its own."""
        layer = KLayer(type(node).__name__, [node], self.line, self.new_id())
        return self.keras_apply(layer, [inputs if len(inputs) > 1 else inputs[0]], {})


# ---------------------------------------------------------------- small helpers


class _Scope(dict):
    """A function's locals that fall back to the module's globals (read-only) on a miss."""

    def __init__(self, local: dict, fallback: dict) -> None:
        super().__init__(local)
        self.fallback = fallback

    def __missing__(self, key):
        return self.fallback[key]

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or key in self.fallback

    def get(self, key, default=None):
        return self[key] if key in self else default  # noqa: SIM401 - dict.get would skip __missing__


@dataclass(frozen=True)
class _TorchvisionModel:
    """``torchvision.models.resnet18(weights=...)`` in transfer-learning code: built by torchvision on meta."""

    name: str


@dataclass(frozen=True)
class _Application:
    """``keras.applications.MobileNetV2``: a pretrained model we do not rebuild from code."""

    path: str


@dataclass(frozen=True)
class _D2LBase:
    framework: str


@dataclass(frozen=True)
class _PureFunction:
    """``math.sqrt`` and friends: numbers in, a number out."""

    name: str
    function: object


@dataclass(frozen=True)
class _ClassName:
    name: str


@dataclass(frozen=True)
class _Builtin:
    name: str


@dataclass(frozen=True)
class _TorchClass:
    cls: type


@dataclass(frozen=True)
class _TorchFunction:
    name: str
    function: object
    create: bool = False


@dataclass(frozen=True)
class _KerasCallable:
    name: str
    activation: str = ""


@dataclass(frozen=True)
class _KerasActivation:
    name: str


class _EagerTensor:
    """A concrete example input (``tf.random.uniform((1, 224, 224, 1))``): only its shape matters."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape


@dataclass
class KerasInstance:
    cls: UserClass
    attrs: dict
    order: list
    id: int
    build_shape: tuple | None = None


@dataclass
class _BoundUser:
    function: UserFunction
    obj: object


_BINOPS = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b,
    ast.Pow: lambda a, b: a ** b, ast.MatMult: lambda a, b: a @ b,
}
_COMPARE = {
    ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
    ast.Is: lambda a, b: a is b, ast.IsNot: lambda a, b: a is not b, ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


# Functions that work element by element: a Lambda made of these and arithmetic with numbers keeps its shape.
_ELEMENTWISE = {"relu", "sigmoid", "tanh", "abs", "exp", "log", "sqrt", "square", "softmax", "clip_by_value",
                "cast", "l2_normalize", "per_image_standardization", "preprocess_input", "gelu", "elu", "selu",
                "swish", "silu", "round", "floor", "ceil", "sign", "maximum", "minimum", "clip", "pow", "rsqrt",
                "softplus", "leaky_relu", "relu6", "hard_sigmoid", "stop_gradient", "identity", "convert_to_tensor"}


def _keeps_shape_function(function) -> bool:
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
    return isinstance(function, _KerasActivation)


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


def _function_text(function) -> str:
    if isinstance(function, Opaque) and isinstance(function.cause, ast.Lambda):
        return _snippet(function.cause, 50)
    if isinstance(function, _KerasActivation):
        return function.name
    if isinstance(function, UserFunction):
        return function.node.name
    return "?"


_PLAIN = (int, float, bool, str, list, tuple, dict, type(None))


def _has_attribute(obj, name: str, line: int):
    """``hasattr`` on what we know for sure: a module's layers, parameters and class attributes, plain values.

    ``if hasattr(self, 'shortcut')`` in a ResNet block's forward decides which layers run; anything we
    cannot be sure of stays unknown (an :class:`Opaque`) rather than a guess.
    """
    if name.startswith("__"):
        return Opaque(line, "hasattr")
    if isinstance(obj, nn.Module):
        cls = getattr(type(obj), "_daneshyar_class", None)
        if cls is not None and cls.lookup(name) is not None:
            return True
        return any(name in d for d in (obj.__dict__, obj._modules, obj._parameters, obj._buffers)) or hasattr(
            nn.Module, name) or (cls is None and hasattr(obj, name))
    if isinstance(obj, KerasInstance) and (name in obj.attrs or obj.cls.lookup(name) is not None):
        return True
    if isinstance(obj, _PLAIN):
        return hasattr(obj, name)
    return Opaque(line, "hasattr")


def _is_instance(obj, kinds, line: int):
    """``isinstance`` against torch layer classes, the student's own classes and plain Python types."""
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    answers = set()
    for kind in kinds:
        if isinstance(kind, _TorchClass) and isinstance(kind.cls, type):
            answers.add(isinstance(obj, kind.cls))
        elif isinstance(kind, UserClass) and isinstance(obj, nn.Module):
            own = getattr(type(obj), "_daneshyar_class", None)
            answers.add(own is not None and _inherits(own, kind))
        elif kind in _PLAIN and isinstance(obj, (*_PLAIN, nn.Module, torch.Tensor)):
            answers.add(isinstance(obj, kind))
        else:
            return Opaque(line, "isinstance")
    return True in answers


def _inherits(cls: UserClass, base: UserClass) -> bool:
    return cls is base or any(isinstance(b, UserClass) and _inherits(b, base) for b in cls.bases)


def _truth(value) -> bool:
    if isinstance(value, nn.Module):
        return True
    if isinstance(value, torch.Tensor):
        return True
    return bool(value)


def _load(target: ast.expr) -> ast.expr:
    clone = ast.parse(ast.unparse(target), mode="eval").body
    return ast.copy_location(clone, target)


def _targets(stmt: ast.stmt) -> list[str]:
    """The names a statement binds (``model.fc = …`` binds none: it changes ``model``)."""
    names = []
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
    stack = [t for t in targets if t is not None]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            stack.extend(node.elts)
        elif isinstance(node, ast.Starred):
            stack.append(node.value)
    if isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
        names.append(stmt.name)
    return names


def _snippet(node: ast.AST, width: int = 60) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # noqa: BLE001 - only for messages
        text = type(node).__name__
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:200]


def _check_attribute_name(name: str, reader: Reader) -> None:
    if name.startswith("__") or name in ("_modules", "_parameters", "_buffers", "__dict__", "func_globals",
                                         "gi_frame", "f_globals", "f_back", "tb_frame"):
        raise reader.refuse(msg.CODE_FORBIDDEN.format(token=name), name)


def _is_model(value) -> bool:
    return isinstance(value, (nn.Module, KSequential, KModel, KerasInstance))


def _parent_method(cls: UserClass, name: str) -> UserFunction | None:
    for base in cls.bases:
        if isinstance(base, UserClass):
            found = base.lookup(name)
            if isinstance(found, UserFunction):
                return found
    found = cls.inherited.get(name)
    return found if isinstance(found, UserFunction) and found.owner is not cls else None


def _class_framework(bases: tuple) -> str | None:
    for base in bases:
        if isinstance(base, _D2LBase):  # d2l.Module, d2l.Classifier: nn.Module (or keras.Model) subclasses
            return base.framework
        if isinstance(base, _TorchClass) and base.cls is nn.Module or base is _NN_MODULE:
            return "torch"
        if isinstance(base, _TorchClass):
            return "torch"
        if isinstance(base, _KerasCallable) and base.name in ("Model", "Layer", "Sequential"):
            return "keras"
        if isinstance(base, UserClass):
            return base.framework
    return None


_MODULE_CLASSES: dict[int, type] = {}


def _module_class(cls: UserClass, reader: Reader) -> type:
    """A real ``nn.Module`` subclass for the student's class, whose forward the reader interprets."""

    def forward(self, *args, **kwargs):
        if reader.reading:
            return reader.forward(self, args, kwargs)
        try:  # counted after reading (cnn_demos.modules): report in the student's terms, naming the line
            return reader.forward(self, args, kwargs)
        except _Unfollowable as exc:
            raise SpecError(f"{msg.line(exc.line)}: {exc.text}", token=exc.token) from None

    return type(cls.name, (nn.Module,), {"forward": forward, "_daneshyar_class": cls})


def _nested_shape(data) -> tuple[int, ...] | None:
    """The shape of a nested list of numbers (torch.tensor([[1, 0], [0, 1]]) → (2, 2)); None if ragged."""
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return ()
    if not isinstance(data, (list, tuple)) or not data:
        return None
    inner = {_nested_shape(item) for item in data}
    if len(inner) != 1 or None in inner:
        return None
    return (len(data), *inner.pop())


def _has_weights(layer: KerasInstance) -> bool:
    """Sublayers in its attributes, or weights made with add_weight in its code."""
    if any(isinstance(v, (KLayer, KSequential, KerasInstance, KModel)) for v in layer.attrs.values()):
        return True
    return any(isinstance(n, ast.Attribute) and n.attr == "add_weight" for n in ast.walk(layer.cls.node))


def _steps_between(model: KModel, producer: dict) -> list[KStep]:
    """The steps from a model's inputs to its outputs, in the order they were made."""
    needed, stack, inputs = set(), [t.id for t in model.outputs], {t.id for t in model.inputs}
    while stack:
        tensor = stack.pop()
        if tensor in needed or tensor in inputs or tensor not in producer:
            continue
        needed.add(tensor)
        stack.extend(t.id for t in producer[tensor].inputs)
    return sorted((producer[t] for t in needed), key=lambda step: step.output.id)


def _apply_all(reader: Reader, model: KSequential, tensor: KTensor) -> KTensor:
    for layer in model.layers:
        if isinstance(layer, KSequential) and has_subclassed(layer):
            tensor = _apply_all(reader, layer, tensor)
        else:
            tensor = reader.keras_apply(layer, [tensor], {})
    return tensor


def has_subclassed(model: KSequential) -> bool:
    return any(isinstance(layer, KerasInstance) or isinstance(layer, KSequential) and has_subclassed(layer)
               for layer in model.layers)


def _eager_shape(layer, tensors: tuple[KTensor, ...], limits: Limits) -> tuple[int, ...] | None:
    """The output shape (channels-last, no batch) as soon as a layer is called, for code that reads ``x.shape``."""
    rules = importlib.import_module("cnn_demos.shapes")  # the module; cnn_demos.shapes is also a function
    if any(t.shape is None for t in tensors):
        return None
    node = layer.node if isinstance(layer, KLayer) else None
    if node is None:
        return None
    internal = [rules.to_internal(t.shape, "channels_last") for t in tensors]
    try:
        if type(node).__name__ == "Merge":
            shaped = rules.merge(node, internal, "channels_last")
        elif len(internal) == 1:
            shaped = rules._Walker(limits, "channels_last").node(node, internal[0])
        else:
            return None
    except (SpecError, TypeError, ValueError, AttributeError):
        return None
    return rules.from_internal(shaped.out_shape, "channels_last")


def _tensors(value, reader: Reader) -> tuple[KTensor, ...]:
    if isinstance(value, KTensor):
        return (value,)
    if isinstance(value, (list, tuple)):
        out = []
        for item in value:
            out.extend(_tensors(item, reader))
        return tuple(out)
    if isinstance(value, dict):
        return _tensors(list(value.values()), reader)
    if isinstance(value, Opaque):
        raise reader.unknown(value)
    raise reader.fail(type(value).__name__, msg.CODE_NOT_A_TENSOR.format(token=type(value).__name__))


NOMINAL_LENGTH = 100  # a sequence of unknown length (None) is shown at this length; parameters do not depend on it


def _sized(shape) -> tuple[tuple[int, ...], str]:
    """``Input(shape=(None,))`` (text of any length): a nominal length, and a note saying so."""
    if isinstance(shape, int):
        shape = (shape,)
    shape = tuple(shape)
    if any(s is None for s in shape):
        return tuple(NOMINAL_LENGTH if s is None else int(s) for s in shape), \
            msg.NOMINAL_LENGTH.format(length=NOMINAL_LENGTH)
    return tuple(int(s) for s in shape), ""


def _batchless(shape) -> tuple[int, ...]:
    shape = tuple(shape)
    return tuple(int(s) for s in shape[1:]) if shape and shape[0] is None or len(shape) > 1 else shape


def _value_text(value) -> str:
    """An argument as the student wrote it: a wrapped layer as its own call (Bidirectional(LSTM(32))),
    a function by its name; never an object's repr."""
    if isinstance(value, KLayer):
        return getattr(value.node, "source", "") or value.name
    if isinstance(value, Node):
        return type(value).__name__
    if isinstance(value, (Opaque, UserFunction)):
        return _function_text(value) if not isinstance(value, Opaque) or value.token == "lambda" else value.token
    if isinstance(value, (list, tuple)) and any(isinstance(v, (KLayer, Node, Opaque, UserFunction)) for v in value):
        inner = ", ".join(_value_text(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    return repr(value)


def _call_text(what: str, args: list, kwargs: dict) -> str:
    parts = [_value_text(a) for a in args]
    parts += [f"{k}={_value_text(v)}" for k, v in kwargs.items() if k not in ("name",) and not isinstance(v, Ignored)]
    text = f"{what}({', '.join(parts)})"
    return text if len(text) <= 80 else text[:79] + "…"


_AUGMENTATION = {"RandomFlip", "RandomRotation", "RandomZoom", "RandomContrast", "RandomTranslation",
                 "RandomBrightness", "RandomHue", "RandomSaturation", "RandomGrayscale", "RandomErasing",
                 "RandomSharpness", "RandomColorJitter", "RandomPosterization", "RandomShear", "AutoContrast"}
_KERAS1_NAMES = {"Convolution1D", "Convolution2D", "Convolution3D", "AtrousConvolution2D", "Deconvolution2D"}
_KERAS1_KWARGS = {"output_dim": "units", "nb_filter": "filters", "border_mode": "padding", "subsample": "strides",
                  "subsample_length": "strides", "filter_length": "kernel_size", "p": "rate", "bias": "use_bias",
                  "atrous_rate": "dilation_rate", "pool_length": "pool_size", "stride": "strides"}
_KERAS1_DROPPED = {"init", "W_regularizer", "b_regularizer", "activity_regularizer", "W_constraint", "b_constraint",
                   "dim_ordering", "weights", "inner_init", "forget_bias_init", "consume_less", "dropout_W",
                   "dropout_U", "input_length"}  # input_length became input_shape before this


_THEANO = re.compile(r"Convolution[123]D\(|dim_ordering\s*=\s*['\"]th|image_dim_ordering\(\s*['\"]th|"
                     r"data_format\s*=\s*['\"]channels_first")


def _theano(kwargs: dict) -> bool:
    shape = kwargs.get("input_shape")
    return isinstance(shape, (tuple, list)) and len(shape) == 3 and shape[0] in (1, 3) and shape[-1] not in (1, 3)


def _keras1(what: str, args: list, kwargs: dict) -> tuple[str, list, dict]:
    """Keras 1's names (``Convolution2D(64, 3, 3, border_mode='same')``) in Keras 2's terms."""
    renames = {k: v for k, v in _KERAS1_KWARGS.items() if not (what == "Embedding" and k == "output_dim")}
    kwargs = {renames.get(k, k): v for k, v in kwargs.items() if k not in _KERAS1_DROPPED}
    if what in ("Convolution2D", "Deconvolution2D", "AtrousConvolution2D") and len(args) >= 3:
        args = [args[0], (args[1], args[2]), *args[3:]]
    elif what in ("Convolution2D",) and "nb_row" in kwargs:
        args = [*args, (kwargs.pop("nb_row"), kwargs.pop("nb_col"))]
    elif what == "Convolution3D" and len(args) >= 4:
        args = [args[0], (args[1], args[2], args[3]), *args[4:]]
    names = {"Convolution1D": "Conv1D", "Convolution2D": "Conv2D", "Convolution3D": "Conv3D",
             "AtrousConvolution2D": "Conv2D", "Deconvolution2D": "Conv2DTranspose"}
    return names.get(what, what), args, kwargs


_NN_MODULE = object()


_NUMPY_ARRAYS = ("numpy.zeros", "numpy.ones", "numpy.empty", "numpy.random.rand", "numpy.random.randn",
                 "numpy.random.random")
# data a model is trained on (x_train, X_test, images): its reshape(...) fixes the input; y_train's does not
_INPUT_DATA = re.compile(r"^(x|X)(_|$|[a-z]*_?(train|test|val))|^(images?|imgs?|inputs?)(_|$)")


def _resolve_path(path: str):
    """A dotted name → what it means to us: a namespace, a layer class, a tensor function, or ignored."""
    parts = path.split(".")
    if parts[0] in _FORBIDDEN_MODULES:
        return Opaque(0, path)
    aliases = {"tensorflow": "tf"}
    parts[0] = aliases.get(parts[0], parts[0])
    path = ".".join(parts)
    if path.startswith("torch"):
        return _torch_path(path)
    keras = _keras_path(path)
    if keras is not None:
        return _keras_name(keras)
    if path in ("tf", "tf.nn", "tf.math", "tf.random"):
        return Namespace(path)
    if path.startswith("tf.nn."):
        name = path[len("tf.nn."):]
        return _KerasActivation(name) if name in _ACTIVATION_NAMES else Ignored(path)
    if path in ("numpy", "numpy.random"):
        return Namespace(path)
    if path in _NUMPY_ARRAYS:  # np.zeros((1, 784)) passed to a model: an example input, like tf.zeros
        return _KerasCallable("eager:" + path)
    if path.startswith("tf.random.") or path in ("tf.zeros", "tf.ones"):
        return _KerasCallable("eager:" + path)
    if path in ("tf.add", "tf.math.add", "tf.concat", "tf.multiply", "tf.math.multiply"):
        return _KerasCallable({"concat": "concatenate"}.get(path.rsplit(".", 1)[1], path.rsplit(".", 1)[1]))
    if path.startswith("tf."):
        return Ignored(path)
    if path in ("collections.OrderedDict",):
        return OrderedDict
    if path == "math":
        return Namespace("math")
    if path.startswith("math.") and path[5:] in _MATH:
        return _MATH[path[5:]] if not callable(_MATH[path[5:]]) else _PureFunction(path[5:], _MATH[path[5:]])
    if path.startswith("string.") and path[7:] in _STRING_CONSTANTS:
        return _STRING_CONSTANTS[path[7:]]
    if path == "string":
        return Namespace("string")
    if path.startswith("d2l"):
        return _d2l_path(path)
    return Opaque(0, path)


_D2L_BASES = {"Module", "Classifier", "LinearRegression", "LinearRegressionScratch", "HyperParameters"}


def _d2l_path(path: str):
    """d2l's own helpers: its Module/Classifier are nn.Module subclasses, d2l.randn is torch.randn."""
    parts = path.split(".")
    if len(parts) <= 2:
        return Namespace(path)
    framework, name = parts[1], parts[-1]
    if name in _D2L_BASES or name[:1].isupper():  # d2l.Encoder, d2l.RNNScratch...: all nn.Module subclasses
        return _D2LBase("keras" if framework == "tensorflow" else "torch")
    if framework == "torch" and name in _TORCH_CREATE:
        return _TorchFunction(name, getattr(torch, name), create=True)
    return Opaque(0, path)


def _torch_path(path: str):
    if path in ("torch", "torch.nn", "torch.nn.functional", "torch.nn.init", "torch.optim", "torch.nn.modules"):
        return Namespace(path)
    if path.startswith("torchvision.models.") and path.count(".") == 2 and path.rsplit(".", 1)[1][:1].islower():
        return _TorchvisionModel(path.rsplit(".", 1)[1])
    if path in ("torchvision", "torchvision.models"):
        return Namespace(path)
    if path.startswith(("torch.nn.init.", "torch.optim.", "torch.utils.", "torch.cuda", "torch.backends",
                        "torch.manual_seed", "torch.device", "torch.no_grad", "torch.save", "torch.load",
                        "torch.set_", "torchvision", "torch.hub", "torch.jit", "torch.autograd")):
        return Ignored(path)
    if path.startswith("torch.nn.functional."):
        name = path.rsplit(".", 1)[1]
        if name in _F_FUNCTIONS:
            return _TorchFunction(name, _F_FUNCTIONS[name])
        return Ignored(path)
    if path.startswith("torch.nn.modules."):
        path = "torch.nn." + path.rsplit(".", 1)[1]
    if path.startswith("torch.nn."):
        name = path[len("torch.nn."):]
        if name == "Module":
            return _NN_MODULE
        if name == "Parameter":
            return _TorchClass(nn.Parameter)
        if name in _NN_CLASSES:
            return _TorchClass(_NN_CLASSES[name])
        return Ignored(path)
    name = path[len("torch."):]
    if name in _TORCH_DTYPES:
        return getattr(torch, name)
    if name in _TORCH_CREATE:
        return _TorchFunction(name, getattr(torch, name), create=True)
    if name in _TORCH_FUNCTIONS:
        return _TorchFunction(name, getattr(torch, name))
    return Ignored(path)


_KERAS_CLASSES_ROOT = {"Sequential", "Model", "Input"}


def _keras_name(rest: str):
    if rest == "":
        return Namespace("keras")
    parts = rest.split(".")
    if parts[0] == "applications":
        return _Application(rest)
    if parts[0] in _KERAS_IGNORED:
        return Ignored(rest)
    if parts[0] == "activations":
        return _KerasActivation(parts[1]) if len(parts) > 1 else Namespace("keras.activations")
    if parts[0] in ("layers", "models") and len(parts) == 1:
        return Namespace(f"keras.{parts[0]}")
    name = parts[-1]
    if parts[0] in ("layers", "models", "experimental") or len(parts) == 1:
        if name in _KERAS_CLASSES_ROOT or name in ("Functional", "InputLayer"):
            return _KerasCallable(name)
        if name in ("add", "concatenate", "multiply", "subtract", "average", "maximum", "minimum", "dot"):
            return _KerasCallable(name)
        if name[:1].isupper():
            return _KerasCallable(name)
    return Ignored(rest)


_DEFAULT_NAMES = {
    "nn": Namespace("torch.nn"), "torch": Namespace("torch"), "F": Namespace("torch.nn.functional"),
    "tf": Namespace("tf"), "keras": Namespace("keras"), "layers": Namespace("keras.layers"),
    "models": Namespace("keras.models"), "optim": Ignored("torch.optim"), "np": Opaque(0, "np"),
}
for _name in ("Sequential", "Model", "Input", "Dense", "Conv2D", "Conv1D", "Conv3D", "MaxPooling2D", "MaxPool2D",
              "AveragePooling2D", "Flatten", "Dropout", "BatchNormalization", "Activation", "GlobalAveragePooling2D",
              "InputLayer", "Embedding", "LSTM", "GRU", "SimpleRNN", "Bidirectional", "MaxPooling1D",
              "GlobalMaxPooling1D", "GlobalAveragePooling1D", "Reshape", "Conv2DTranspose", "UpSampling2D",
              "ZeroPadding2D", "SeparableConv2D", "DepthwiseConv2D", "Concatenate", "Add", "LeakyReLU", "PReLU",
              "ReLU", "Rescaling", "Normalization", "LayerNormalization", "Permute", "Cropping2D",
              "SpatialDropout2D", "SpatialDropout1D", "GlobalMaxPooling2D", "TimeDistributed", "ConvLSTM2D",
              "MultiHeadAttention", "Resizing"):
    _DEFAULT_NAMES.setdefault(_name, _KerasCallable(_name))


# ---------------------------------------------------------------- choosing the model


def _prepare(text: str) -> str:
    """Code as pasted from notebooks: strip prompts and IPython magics, dedent."""
    lines = []
    for line in text.replace("\t", "    ").splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            line = ""  # notebook magics; the line stays so that line numbers match what was pasted
        if stripped.startswith((">>> ", "... ")):
            line = stripped[4:]
        if re.match(r"print\s+[^\s(=]", stripped):  # Python 2's print statement in old Keras examples
            line = line[: len(line) - len(stripped)] + "pass"
        lines.append(line.rstrip())
    import textwrap

    return textwrap.dedent("\n".join(lines))


# Word processors and blogs turn quotes and dashes typographic; Python only reads the plain ones.
_TYPOGRAPHIC = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                              "\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
MAX_SKIPPED = 20         # statements with syntax errors skipped before the paste is refused as not Python
# A statement that names these may build or change the model: a syntax error there is refused, never skipped.
_MODEL_WORDS = re.compile(r"\b(class|def|Sequential|Model|Module|add|nn|layers|Input|Parameter)\b"
                          r"|\b[A-Z]\w*(?:[0-9]D|Norm\w*|Pool\w*)\s*\(|\b(?:Dense|Linear|LSTM|GRU|Embedding)\s*\(")


def _statement_span(lines: list[str], index: int) -> tuple[int, int]:
    """Lines [start, end) of the top-level statement (or notebook cell piece) holding line ``index``."""
    def top(i: int) -> bool:
        line = lines[i]
        return bool(line.strip()) and not line[0].isspace() and line.lstrip()[0] not in ")]}"

    start = index
    while start > 0 and not top(start):
        start -= 1
    end = index + 1
    while end < len(lines) and not top(end):
        end += 1
    return start, end


def _parse(source: str) -> tuple[ast.Module, list[int]]:
    """Parse statement by statement: a syntax error outside the model's code is skipped, not fatal.

    Notebook pastes carry plot cells typed with curly quotes and ``fit`` logs; those cannot change the
    model, so the statement is blanked (line numbers kept) and named in the report.  A broken statement
    that may build the model is refused as before: skipping it could make a count silently wrong.
    """
    lines, skipped = source.split("\n"), []
    for _ in range(MAX_SKIPPED + 1):
        try:
            return ast.parse("\n".join(lines)), skipped
        except SyntaxError as exc:
            index = min(max((exc.lineno or 1) - 1, 0), max(len(lines) - 1, 0))
            if lines and lines[index].translate(_TYPOGRAPHIC) != lines[index]:
                lines[index] = lines[index].translate(_TYPOGRAPHIC)
                continue
            start, end = _statement_span(lines, index) if lines else (0, 0)
            chunk = "\n".join(lines[start:end])
            if not chunk.strip() or _MODEL_WORDS.search(chunk):
                bad = (lines[index].strip() if lines else "")[:60]
                raise SpecError(f"{msg.line(index + 1)}: {msg.CODE_SYNTAX.format(token=bad)}", token=bad) from None
            lines[start:end] = [""] * (end - start)
            skipped.extend(range(start + 1, end + 1))
    raise SpecError(msg.CODE_SYNTAX.format(token=""))


def _skipped_note(skipped: list[int]) -> str:
    runs, first, skipped = [], None, sorted(set(skipped))
    for n, line in enumerate(skipped):
        first = line if first is None else first
        if n + 1 == len(skipped) or skipped[n + 1] != line + 1:
            runs.append(msg.fa(first) if first == line else f"{msg.fa(first)}–{msg.fa(line)}")
            first = None
    return msg.CODE_SKIPPED.format(lines="، ".join(runs))


def read(text: str, limits: Limits = DEFAULT_LIMITS) -> Program:
    """Interpret pasted code and find its model; raises :class:`SpecError` (Persian, naming the line)."""
    source = _prepare(text)
    tree, skipped = _parse(source)
    reader = Reader(limits)
    if skipped:
        reader.notes.append(_skipped_note(skipped))
    reader.channels_first = bool(_THEANO.search(source))
    try:
        reader.run(tree)
        if len(reader.framework_seen) > 1 and not _one_framework_models(reader):
            raise SpecError(msg.CODE_MIXED)
        return _program(reader)
    finally:
        reader.reading = False




def _one_framework_models(reader: Reader) -> bool:
    kinds = {"torch" if isinstance(m, nn.Module) else "keras" for m in reader.created}
    return len(kinds) <= 1


def _program(reader: Reader) -> Program:
    from dataclasses import replace

    program = _found(reader)
    return replace(program, notes=tuple(dict.fromkeys(reader.notes)))


def _found(reader: Reader) -> Program:
    if reader.fatal:
        exc = reader.fatal[0]
        raise SpecError(f"{msg.line(exc.line)}: {exc.text}", token=exc.token)
    model, name = _choose(reader)
    if model is None:
        raise _nothing_found(reader)
    if isinstance(model, nn.Module):
        shape = reader.tensors[0] if reader.tensors else None
        candidates = tuple(dict.fromkeys([c for s in reader.summaries for c in (s, s[1:]) if c] + reader.tensors))
        return Program("torch", model, shape, "tensor" if shape else "", name=name, input_candidates=candidates)
    shape = None
    if isinstance(model, KerasInstance):
        shape = model.build_shape or (reader.tensors[0] if reader.tensors else None) or _inner_input(model)
        return Program("keras", model, shape, steps=reader.kgraph, name=name, reader=reader)
    if isinstance(model, KSequential) and has_subclassed(model):
        shape = model.input.shape if model.input is not None else reader.tensors[0] if reader.tensors else None
        return Program("keras", model, shape, steps=reader.kgraph, name=name, reader=reader)
    if isinstance(model, KSequential) and model.input is None and reader.tensors:
        shape = reader.tensors[0]
    return Program("keras", model, shape, "tensor" if shape else "", steps=reader.kgraph, name=name)


def _inner_input(model: KerasInstance) -> tuple[int, ...] | None:
    """A subclassed model whose first Sequential starts with an Input (the TF autoencoder tutorial)."""
    for name in model.order:
        value = model.attrs.get(name)
        if isinstance(value, KSequential) and value.input is not None:
            return tuple(value.input.shape)
    return None


def _choose(reader: Reader) -> tuple[object | None, str]:
    """The model the paste is about: the one it summarises/prints/trains, else the last top-level one."""
    names = {id(v): n for n, v in reader.models}
    candidates = [m for m in reader.created if id(m) not in reader.contained and not _is_loss(m)]
    shown = [m for m in reader.shown if _is_model(m) and not _is_loss(m)]
    bound = [v for _, v in reader.models if not _is_loss(v) and id(v) not in reader.contained]
    shown_bound = [m for m in shown if any(m is v for v in bound)]
    if shown_bound or (shown and not bound):  # the model the code summarises or prints, if it has a name
        model = (shown_bound or shown)[-1]
        return model, names.get(id(model), "model")
    if not bound and not candidates and reader.model_errors:  # the model's own line failed: say why
        exc = reader.model_errors[-1]
        raise SpecError(f"{msg.line(exc.line)}: {exc.text}", token=exc.token)
    if bound:
        with_params = [v for v in bound if _has_layers(v)]
        model = (with_params or bound)[-1]
        failed = [e for e in reader.model_errors if e.line > reader.bound_lines.get(id(model), 0)]
        if failed:  # a model built after this one failed: that was the model, so say why, never count a part
            raise SpecError(f"{msg.line(failed[-1].line)}: {failed[-1].text}", token=failed[-1].token)
        later = _later_maker(reader, reader.bound_lines.get(id(model), 0))
        if later is not None:  # d2l: `blk = TransitionBlock(10)` tries a block, then `def net():` builds the model
            return later
        return model, names.get(id(model), "model")
    if candidates:
        with_params = [v for v in candidates if _has_layers(v)]
        model = (with_params or candidates)[-1]
        return model, names.get(id(model), "model")
    return _instantiate_last(reader)


def _later_maker(reader: Reader, line: int) -> tuple[object, str] | None:
    """A function of no arguments, defined after ``line`` and never called, that returns a model."""
    called = {n.func.id for n in ast.walk(reader.tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    for function in reversed(reader.functions):
        node = function.node
        if node.lineno <= line or node.name in called or _required_arguments(function) > 0:
            continue
        try:
            value = reader.call_user(function, [], {})
        except _Unfollowable:
            continue
        if _is_model(value) and _has_layers(value):
            return value, node.name
    return None


def _instantiate_last(reader: Reader) -> tuple[object | None, str]:
    """Only classes or helper functions were pasted: build the last one that needs no arguments.

    ``def ResNet18(): return ResNet(BasicBlock, [2, 2, 2, 2])`` after the classes is the model;
    a class whose constructor needs arguments gets a question, not a guess.
    """
    makers = [(c.node.lineno, c) for c in reader.classes] + [(f.node.lineno, f) for f in reader.functions]
    first_error = None
    for _, maker in sorted(makers, key=lambda m: m[0], reverse=True):
        if isinstance(maker, UserClass) and maker is not _main_class(reader):
            continue
        if _required_arguments(maker) > 0:
            if first_error is None and isinstance(maker, UserClass):
                first_error = SpecError(f"{msg.line(maker.node.lineno)}: "
                                        f"{msg.CODE_CLASS_NEEDS_ARGS.format(name=maker.name)}")
            continue
        try:
            value = reader.instantiate(maker, [], {}) if isinstance(maker, UserClass) else reader.call_user(maker, [], {})
        except _Unfollowable as exc:
            raise SpecError(f"{msg.line(exc.line)}: {exc.text}", token=exc.token) from None
        if _is_model(value):
            name = maker.name if isinstance(maker, UserClass) else maker.node.name
            return value, name
    if first_error is not None:
        raise first_error
    return None, ""


def _required_arguments(maker) -> int:
    if isinstance(maker, UserClass):
        init = maker.lookup("__init__")
        if not isinstance(init, UserFunction):
            return 0
        args, skip = init.node.args, 1
    else:
        args, skip = maker.node.args, 0
    return max(len(args.posonlyargs) + len(args.args) - skip - len(args.defaults), 0)


def _main_class(reader: Reader) -> UserClass:
    """The class no other class uses: the model, not its blocks."""
    used = set()
    for cls in reader.classes:
        for node in ast.walk(cls.node):
            if isinstance(node, ast.Name):
                used.add(node.id)
    top = [c for c in reader.classes if c.name not in used or c is reader.classes[-1]]
    return top[-1] if top else reader.classes[-1]


def _builds_model(stmt: ast.stmt, reader: Reader) -> bool:
    """Does this top-level statement build part of a model: a layer, ``.add``, a class or helper of the student's?"""
    makers = {c.name for c in reader.classes} | {f.node.name for f in reader.functions}
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            value = reader.globals.get(name) if isinstance(node.func, ast.Name) else None
            if name in makers or name in ("Sequential", "Model") or isinstance(
                    value, (_KerasCallable, _TorchClass)) or _is_layer_attribute(node.func) or _adds_to_model(node, reader):
                return True
    return False


def _adds_layers(stmt: ast.stmt, reader: Reader) -> bool:
    """Does a loop's body make layers (``model.add(Dense(...))``, ``layers.append(nn.Conv2d(...))``)?"""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call) and (_adds_to_model(node, reader) or _is_layer_attribute(node.func) or (
                isinstance(node.func, ast.Name) and isinstance(reader.globals.get(node.func.id),
                                                               (_KerasCallable, _TorchClass)))):
            return True
    return False


def _adds_to_model(call: ast.Call, reader: Reader) -> bool:
    """``model.add(...)`` on a Sequential (not ``seen.add(key)`` on a set)."""
    func = call.func
    return (isinstance(func, ast.Attribute) and func.attr in ("add", "add_module") and isinstance(func.value, ast.Name)
            and _is_model(reader.globals.get(func.value.id)))


def _is_layer_attribute(func: ast.expr) -> bool:
    """``nn.Conv2d``, ``layers.Dense``, ``tf.keras.layers.LSTM``: a layer constructor by its spelling."""
    if not isinstance(func, ast.Attribute) or not func.attr[:1].isupper():
        return False
    root = func.value
    while isinstance(root, ast.Attribute):
        root = root.value
    return isinstance(root, ast.Name) and root.id in ("nn", "torch", "layers", "keras", "tf", "tensorflow")


def _is_loss(value) -> bool:
    return isinstance(value, nn.Module) and type(value).__name__.endswith("Loss")


def _has_layers(value) -> bool:
    if isinstance(value, nn.Module):
        return any(True for _ in value.parameters()) or any(True for _ in value.children())
    if isinstance(value, KSequential):
        return bool(value.layers)
    return True


def _nothing_found(reader: Reader) -> SpecError:
    if reader.model_errors:
        exc = reader.model_errors[-1]
        return SpecError(f"{msg.line(exc.line)}: {exc.text}", token=exc.token)
    if reader.errors:
        exc = max(reader.errors, key=lambda e: e.line)
        relevant = [e for e in reader.errors if e.token not in ("np", "plt")]
        exc = relevant[-1] if relevant else exc
        return SpecError(f"{msg.line(exc.line)}: {exc.text}", token=exc.token)
    if reader.functions:
        return SpecError(msg.CODE_CALL_HELPER.format(name=reader.functions[-1].node.name))
    return SpecError(msg.CODE_NO_MODEL)


def forward_arity(model: nn.Module) -> int:
    """How many inputs the student's ``forward`` requires (1 for torch's own modules)."""
    cls = getattr(type(model), "_daneshyar_class", None)
    method = cls.lookup("forward") if cls is not None else None
    if not isinstance(method, UserFunction):
        return 1
    args = method.node.args
    return max(len(args.posonlyargs) + len(args.args) - 1 - len(args.defaults), 0)


__all__ = ["Program", "Refusal", "looks_like_code", "read", "split_input_line"]
