"""The plain-Python interpreter: statements, expressions, the student's own functions and classes, and
Python's harmless builtins, walked over :mod:`ast` and never ``exec``-ed.  It imports no torch.

Values of a framework (a torch module or tensor, a Keras layer or graph) are the sides' business
(:mod:`~cnn_demos.reader.torch_side`, :mod:`~cnn_demos.reader.keras_side`), which subclass
:class:`Interpreter`.  Reading an attribute, calling a value and calling a method go by the kind of value
through tables each side declares (``ATTRIBUTES``, ``CALLS``, ``METHODS``: kind → handler), merged over the
class hierarchy; the rarer questions (iterating, storing, ``isinstance``…) are hooks a side overrides for its
own kinds, passing the rest on with ``super()``.  The kinds are disjoint, so the order of the sides does not
matter.

Steps, loop lengths, call depth and sequence sizes are bounded here (``MAX_*``) before anything is built.
"""

from __future__ import annotations

import ast
import math
import re
from collections import OrderedDict
from typing import ClassVar

from cnn_demos import messages as msg
from cnn_demos.reader.errors import Refusal, UndefinedClass, Unfollowable, first_line, snippet
from cnn_demos.reader.findings import Findings, adds_layers, bound_names, builds_model
from cnn_demos.reader.names import (
    DEFAULT_NAMES,
    FORBIDDEN_ATTRIBUTES,
    FORBIDDEN_MODULES,
    FORBIDDEN_NAMES,
    PLAIN,
    SAFE_BUILTINS,
    canonical,
    dangerous,
    plain_name,
    product,
)
from cnn_demos.reader.values import (
    Bound,
    BoundUser,
    Builtin,
    ClassName,
    D2LBase,
    FailedPart,
    Named,
    Namespace,
    Opaque,
    PureFunction,
    Record,
    RecordFactory,
    RecordType,
    Scope,
    ShapedData,
    Super,
    Undefined,
    UserClass,
    UserFunction,
    parent_method,
)
from cnn_demos.shapes import DEFAULT_LIMITS, Limits
from cnn_demos.spec import Ignored  # Ignored: optimizers, regularizers… skipped

MAX_STEPS = 200_000      # expressions and statements evaluated, in all
MAX_LOOP = 10_000        # iterations of one loop (or items of one comprehension)
MAX_DEPTH = 40           # nested calls of the student's own functions
MAX_SEQUENCE = 100_000   # elements of a list/tuple/string built by the code
MAX_NUMBER = 10**15      # larger integers are surely not layer sizes
PLAIN_CLASS = "plain"    # a class with no framework base: a namespace of constants or of the model classes

_BINOPS = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b,
    ast.Pow: lambda a, b: a ** b, ast.MatMult: lambda a, b: a @ b,
}
_COMPARE = {
    ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
    ast.Is: lambda a, b: _same(a, b), ast.IsNot: lambda a, b: not _same(a, b), ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_LIST_METHODS = {"append", "extend", "insert", "pop", "index", "count", "copy", "reverse", "remove"}
_DICT_METHODS = {"items", "keys", "values", "get", "update", "copy", "setdefault", "pop"}
_STR_METHODS = {"format", "join", "upper", "lower", "startswith", "endswith", "split", "strip", "replace"}
# data a model is trained on (x_train, X_test, images): its reshape(...) fixes the input; y_train's does not
def _binds_nothing(stmt: ast.stmt) -> bool:
    """Neither branch assigns, defines, deletes or changes anything (printing a prediction): skipping it loses no
    part of the model."""
    return not any(isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.While, ast.With,
                                     ast.FunctionDef, ast.ClassDef, ast.Delete, ast.Import, ast.ImportFrom,
                                     ast.Return, ast.Raise, ast.NamedExpr))
                   or isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                   and node.func.attr not in ("format", "join", "item")
                   for node in ast.walk(stmt))


class StatedSize(int):
    """A size the question gave for data the code reads (``vocab``: the characters of the songs, «83 تا»): a
    number wherever the code uses it as one, and its ``len()`` where the code counts it."""


def _fragment_of_init(target: ast.expr, env: dict, top: dict) -> bool:
    """``self.x = …`` at the top level, where no ``self`` exists: lines of an ``__init__`` pasted without it."""
    return (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"
            and env is top and "self" not in env)


def _same(a, b) -> bool:
    """``a is b``, where a name the reader stands for (``type(x) is int``) is the same thing each time it is made."""
    return a is b or isinstance(a, Named) and type(a) is type(b) and a == b


_PLAIN_TYPES = {"int": int, "float": float, "bool": bool, "str": str, "list": list, "tuple": tuple, "dict": dict}
_INPUT_DATA = re.compile(r"^(x|X)(_|$|[a-z]*_?(train|test|val))|^(images?|imgs?|inputs?)(_|$)")
_TABLES: dict[tuple[type, str], list] = {}   # (reader class, table name) → its (kinds, handler) entries, merged


class _Return(Exception):
    def __init__(self, value) -> None:
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Interpreter:
    """Interpreter state (position, budgets, globals) plus :class:`Findings`, the record the chooser reads."""

    DEFAULT_NAMES: ClassVar[dict] = DEFAULT_NAMES   # bound before the paste runs; each side adds its own
    MODEL_KINDS: tuple[type, ...] = ()    # values that are models (or parts the code could count alone)
    TRUE_KINDS: tuple[type, ...] = ()     # values that are simply there in ``if value:`` (a model, a tensor)

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.steps = 0
        self.depth = 0
        self.layers = 0
        self.line = 0
        self.top_line = 0   # the line of the top-level statement being run
        self.globals: dict = dict(self.DEFAULT_NAMES)
        self.tree: ast.Module | None = None
        self.reading = True
        self.d2l_methods: dict[str, UserFunction] = {}
        self.found = Findings()
        self._ids = 0
        self._handlers: dict[tuple[str, type], object] = {}   # (table, kind of value) → handler, as met

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

    def fail(self, token: str, text: str) -> Unfollowable:
        return Unfollowable(self.line, token, text)

    def unsupported(self, token: str) -> Unfollowable:
        return self.fail(token, msg.CODE_UNSUPPORTED.format(token=token))

    def unknown(self, value: Opaque) -> Unfollowable:
        """Using a value we could not compute: blame the line it came from, not this one."""
        if isinstance(value.cause, Unfollowable):
            return value.cause
        if value.line and value.line != self.line:
            return self.fail(value.token, msg.CODE_UNKNOWN_FROM.format(token=value.token, origin=msg.fa(value.line)))
        return self.fail(value.token, msg.CODE_UNKNOWN_VALUE.format(token=value.token))

    def stated(self, name: str) -> StatedSize:
        """The size the question gives ``name``, said in the report."""
        value = self.found.stated[name.lower()]
        self.found.notes.append(msg.VALUE_FROM_QUESTION.format(name=name, value=value))
        return StatedSize(value)

    def refuse(self, text: str, token: str = "") -> Refusal:
        return Refusal(f"{msg.line(self.line)}: {text}", token=token)

    def check_attribute_name(self, name: str) -> None:
        if name.startswith("__") or name in FORBIDDEN_ATTRIBUTES:
            raise self.refuse(msg.CODE_FORBIDDEN.format(token=name), name)

    def check_size(self, seq) -> None:
        if hasattr(seq, "__len__") and len(seq) > MAX_SEQUENCE:
            raise self.refuse(msg.CODE_TOO_BIG.format(token=msg.fa(len(seq))))

    def check_range(self, value: range) -> range:
        if len(value) > MAX_LOOP:
            raise self.refuse(msg.CODE_LOOP_TOO_LONG.format(count=msg.fa(f"{len(value):,}"),
                                                           limit=msg.fa(f"{MAX_LOOP:,}")), "range")
        return value

    def handler(self, table: str, value):
        """The handler a side declared in ``table`` for the kind of ``value``; None when no side knows it."""
        key = (table, type(value))
        try:
            return self._handlers[key]  # per reader: the student's nn.Module classes are new with every paste
        except KeyError:
            entries = _TABLES.get((type(self), table))
            if entries is None:
                entries = _TABLES[type(self), table] = [
                    entry for cls in type(self).__mro__ for entry in vars(cls).get(table, {}).items()]
            handler = self._handlers[key] = next((h for kinds, h in entries if isinstance(value, kinds)), None)
            return handler

    # ---- statements

    def run(self, tree: ast.Module) -> None:
        self.tree = tree
        for stmt in tree.body:
            self.top_line = stmt.lineno
            made = len(self.found.created)
            try:
                self.statement(stmt, self.globals)
            except Unfollowable as exc:
                self.failed(stmt, exc, made)
            except (_Return, _Break, _Continue):
                continue

    def failed(self, stmt: ast.stmt, exc: Unfollowable, made: int) -> None:
        """A top-level statement we could not follow: its names become opaque; a model's failure is kept."""
        found = self.found
        if not exc.during_forward:
            del found.created[made:]  # parts of a model whose construction failed are not models
        found.errors.append(exc)
        if changes_trainable(stmt):
            self.trainable_unfollowed(stmt.lineno)
        part = builds_model(stmt, self) and not exc.during_forward
        if part:
            found.model_errors.append((stmt.lineno, exc))
            if not bound_names(stmt):  # model.add(...) failed: a layer must not silently go missing
                found.fatal.append(exc)
        for name in bound_names(stmt):
            if not part and name.lower() in found.stated:  # «class_names = train_data.classes» and «۱۰ کلاس»
                self.globals[name] = self.stated(name)
                continue
            self.globals[name] = (FailedPart if part else Opaque)(exc.line, exc.token, exc)

    def trainable_unfollowed(self, line: int) -> None:
        """Which weights train was changed where we could not follow: the total stands, the split may not."""
        note = msg.TRAINABLE_UNFOLLOWED.format(line=msg.fa(line))
        if note not in self.found.notes:
            self.found.notes.append(note)

    def block(self, body: list[ast.stmt], env: dict) -> None:
        for stmt in body:
            self.statement(stmt, env)

    def statement(self, stmt: ast.stmt, env: dict) -> None:
        self.tick(stmt)
        kind = type(stmt).__name__
        handler = getattr(self, f"s_{kind}", None)
        if handler is None:
            raise self.fail(kind, msg.CODE_UNSUPPORTED.format(token=snippet(stmt)))
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
        if root in ("six", "builtins", "past", "future") and name in SAFE_BUILTINS:
            return  # from six.moves import range: Python 2 compatibility for the builtin itself
        if root in FORBIDDEN_MODULES:  # tutorials import io/os for data; never callable here, blamed if used
            env[name] = Opaque(self.line, path, Unfollowable(self.line, path, msg.CODE_FORBIDDEN.format(token=path)))
            return
        if whole:  # "import torch.nn" binds "torch"
            path = root
        env[name] = self.resolve(path)

    def resolve(self, path: str):
        """A dotted name → what it means to us: a namespace, a layer class, a tensor function, or ignored."""
        name = canonical(path)
        return Opaque(0, path) if name is None else self.resolve_name(name)

    def resolve_name(self, path: str):
        """Hook: the sides resolve their frameworks' names; plain Python's are resolved here."""
        return plain_name(path)

    def s_Assign(self, stmt: ast.Assign, env: dict) -> None:
        value = self.expr(stmt.value, env)
        self.line = stmt.lineno  # a helper's body ran since: an unknown result is blamed on this line, not its return
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
            self.assign_name(target.id, value, env)
        elif isinstance(target, (ast.Tuple, ast.List)):
            self.assign_each(target, value, env)
        elif _fragment_of_init(target, env, self.globals):  # «self.conv = nn.Conv2d(…)» pasted alone: a layer
            self.assign_name(target.attr, value, env)             # named as «conv = …» would name it
        elif isinstance(target, ast.Attribute):
            self.set_attribute(self.expr(target.value, env), target.attr, value)
        elif isinstance(target, ast.Subscript):
            self.store_item(self.expr(target.value, env), self.expr(target.slice, env), value, target)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, value, env)
        else:
            raise self.unsupported(snippet(target))

    def assign_name(self, name: str, value, env: dict) -> None:
        if isinstance(value, (Opaque, Ignored)) and not isinstance(value, (ShapedData, FailedPart)) \
                and name.lower() in self.found.stated:  # from data or a name not pasted; the question says it
            value = self.stated(name)
        if isinstance(value, ShapedData):
            value = ShapedData(self.line, name, shape=value.shape)
        elif isinstance(value, Opaque) and value.cause is None:
            value = Opaque(self.line, name)  # blame the variable and the line that set it
        env[name] = value
        if env is self.globals and self.is_model(value):
            self.found.models.append((name, value))
            # the top-level statement's own line: self.line is wherever the model's constructor ended,
            # which would make helpers defined after that class look like they were meant instead
            self.found.bound_lines[id(value)] = self.top_line

    def assign_each(self, target: ast.Tuple | ast.List, value, env: dict) -> None:
        if isinstance(value, Ignored):
            value = Opaque(self.line, value.what)
        if isinstance(value, Opaque):
            for sub in target.elts:
                self.assign(sub, value, env)
            return
        items = self.iterate(value)
        if len(items) != len(target.elts):
            raise self.unsupported(snippet(target))
        for sub, item in zip(target.elts, items):
            self.assign(sub, item, env)

    def store_item(self, obj, key, value, target: ast.Subscript) -> None:
        """Hook: ``obj[key] = value``."""
        if isinstance(obj, (list, dict)):
            obj[key] = value
        elif not isinstance(obj, Opaque):
            raise self.unsupported(snippet(target))

    def set_attribute(self, obj, name: str, value) -> None:
        self.check_attribute_name(name)
        self.write_attribute(obj, name, value)

    def write_attribute(self, obj, name: str, value) -> None:
        """Hook: ``obj.name = value``; on a value we did not compute it changes nothing the count needs,
        except ``trainable``: then the trainable split may be wrong, and the report says so."""
        if not isinstance(obj, (Opaque, Ignored)):
            raise self.unsupported(name)
        if name == "trainable":
            self.trainable_unfollowed(self.line)

    def s_Expr(self, stmt: ast.Expr, env: dict) -> None:
        self.expr(stmt.value, env)

    def s_Pass(self, stmt, env) -> None:
        return

    s_Assert = s_Delete = s_Global = s_Nonlocal = s_Pass

    def s_Break(self, stmt, env) -> None:
        raise _Break()

    def s_Continue(self, stmt, env) -> None:
        raise _Continue()

    def s_Return(self, stmt: ast.Return, env: dict) -> None:
        raise _Return(self.expr(stmt.value, env) if stmt.value is not None else None)

    def s_If(self, stmt: ast.If, env: dict) -> None:
        test = self.expr(stmt.test, env)
        if isinstance(test, Opaque) and not _binds_nothing(stmt):
            raise self.fail(snippet(stmt.test), msg.CODE_UNKNOWN_VALUE.format(token=snippet(stmt.test)))
        if isinstance(test, Opaque):  # «if predict[0][0] == 0: print(…)» after training: a branch on results
            return
        self.block(stmt.body if self.truth(test) else stmt.orelse, env)

    def s_For(self, stmt: ast.For, env: dict) -> None:
        iterable = self.expr(stmt.iter, env)
        if isinstance(iterable, (Opaque, Ignored)):
            if adds_layers(stmt, self):  # layers added in a loop we cannot follow: never count without them
                raise self.unknown(iterable) if isinstance(iterable, Opaque) else self.fail(
                    iterable.what, msg.CODE_UNKNOWN_VALUE.format(token=iterable.what))
            if changes_trainable(stmt):   # for p in frozen(model): p.requires_grad = False — not followed
                self.trainable_unfollowed(stmt.lineno)
            return  # a loop over data (for batch in loader: …) is not part of the model
        items = self.iterate(iterable)
        for item in items:
            self.assign(stmt.target, item, env)
            if not self._turn(stmt.body, env):
                return
        self.block(stmt.orelse, env)

    def _turn(self, body: list[ast.stmt], env: dict) -> bool:
        """One turn of a loop's body; False when it breaks out of the loop."""
        try:
            self.block(body, env)
        except _Break:
            return False
        except _Continue:
            pass
        return True

    def s_While(self, stmt: ast.While, env: dict) -> None:
        """``while block_num - 1: … block_num -= 1`` building a stage (pytorch-cifar100): followed as far as
        :data:`MAX_LOOP` turns.  On a condition of unknown value (data generation) it fails, and is blamed only
        if the model needs it."""
        for _ in range(MAX_LOOP):
            test = self.expr(stmt.test, env)
            if isinstance(test, (Opaque, Ignored)):
                raise self.fail("while", msg.CODE_WHILE)
            if not self.truth(test):
                self.block(stmt.orelse, env)
                return
            if not self._turn(stmt.body, env):
                return
        raise self.refuse(msg.CODE_LOOP_TOO_LONG.format(count=">" + msg.fa(f"{MAX_LOOP:,}"),
                                                       limit=msg.fa(f"{MAX_LOOP:,}")))

    def s_With(self, stmt: ast.With, env: dict) -> None:
        self.block(stmt.body, env)  # `with strategy.scope():`, `with torch.no_grad():` — only the body matters

    def s_Try(self, stmt: ast.Try, env: dict) -> None:
        self.block(stmt.body, env)

    def s_FunctionDef(self, stmt: ast.FunctionDef, env: dict) -> None:
        function = UserFunction(stmt, env)
        for decorator in stmt.decorator_list:  # d2l: @d2l.add_to_class(GoogleNet) def b2(self): ...
            if isinstance(decorator, ast.Call) and snippet(decorator.func).endswith("add_to_class") and decorator.args:
                target = self.expr(decorator.args[0], env)
                if isinstance(target, UserClass):
                    target.attrs[stmt.name] = UserFunction(stmt, env, target)
                elif isinstance(target, D2LBase):
                    self.d2l_methods[stmt.name] = UserFunction(stmt, env)
                return
        env[stmt.name] = function
        if env is self.globals:
            self.found.functions.append(function)

    def s_ClassDef(self, stmt: ast.ClassDef, env: dict) -> None:
        bases = tuple(self.expr(b, env) for b in stmt.bases)
        framework = self.class_framework(bases)
        if framework is None and all(isinstance(b, Opaque) and b.token == "object" for b in bases):
            framework = PLAIN_CLASS   # `class Models:` holding the model classes, or a class of constants
        if framework is None:
            raise self.fail(stmt.name, msg.CODE_CLASS_BASE.format(token=stmt.name))
        d2l = any(isinstance(b, D2LBase) or isinstance(b, UserClass) and b.d2l for b in bases)
        cls = UserClass(stmt.name, stmt, bases, {}, framework, d2l, self.d2l_methods if d2l else {})
        class_env = dict(env)
        for item in stmt.body:
            self.tick(item)
            if isinstance(item, ast.FunctionDef):
                cls.attrs[item.name] = UserFunction(item, env, cls)
            elif isinstance(item, ast.ClassDef):   # Models.CNN: a class nested in another
                self.statement(item, class_env)
                cls.attrs[item.name] = class_env[item.name]
            elif isinstance(item, (ast.Assign, ast.AnnAssign)):
                self.statement(item, class_env)
                for name in bound_names(item):
                    if name in class_env:  # `weights: list[torch.Tensor]` annotates, binds nothing
                        cls.attrs[name] = class_env[name]
        env[stmt.name] = cls
        if framework == PLAIN_CLASS:
            return
        self.found.classes.append(cls)
        self.found.frameworks.add(framework)

    def class_framework(self, bases: tuple) -> str | None:
        """The framework a class of the student's belongs to, from its first base that has one."""
        for base in bases:
            framework = self.base_framework(base)
            if framework is not None:
                return framework
        return None

    def base_framework(self, base) -> str | None:
        """Hook: d2l.Module, d2l.Classifier and the student's own classes here; nn.Module, keras.Model on the sides."""
        if isinstance(base, (D2LBase, UserClass)):
            return base.framework
        return None

    # ---- expressions

    def expr(self, node: ast.expr, env: dict):
        self.tick(node)
        handler = getattr(self, f"e_{type(node).__name__}", None)
        if handler is None:
            raise self.unsupported(snippet(node))
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
        if name in FORBIDDEN_NAMES or name.startswith("__"):
            raise self.refuse(msg.CODE_FORBIDDEN.format(token=name), name)
        if name in SAFE_BUILTINS:
            return Builtin(name)
        if name in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[name]
        return Undefined(self.line, name)

    def e_Attribute(self, node: ast.Attribute, env: dict):
        obj = self.expr(node.value, env)
        return self.attribute(obj, node.attr)

    def attribute(self, obj, name: str):
        """``obj.name``: Python's special names here, then whichever side owns the kind of ``obj``."""
        if isinstance(obj, Super) and name == "__init__":
            parent = parent_method(obj.cls, "__init__")  # a base class of the student's own runs its __init__
            return BoundUser(parent, obj.obj) if parent is not None else Bound(obj.obj, "super.__init__")
        if name == "__class__":  # layer.__class__.__name__ in d2l's shape loops: the class name, nothing more
            return ClassName(self.class_name(obj))
        if name == "__name__" and isinstance(obj, (ClassName, UserClass, UserFunction)):
            return obj.name if not isinstance(obj, UserFunction) else obj.node.name
        self.check_attribute_name(name)
        handler = self.handler("ATTRIBUTES", obj)
        if handler is None:
            raise self.fail(name, msg.CODE_UNKNOWN_ATTRIBUTE.format(token=name))
        return handler(self, obj, name)

    def class_name(self, obj) -> str:
        """Hook: what ``obj.__class__.__name__`` says."""
        return type(obj).__name__

    def _class_attribute(self, obj: UserClass, name: str):
        found = obj.lookup(name)
        if found is None:
            raise self.fail(name, msg.CODE_UNKNOWN_ATTRIBUTE.format(token=f"{obj.name}.{name}"))
        return found

    def _record_attribute(self, obj: Record, name: str):
        if name not in obj.type.fields:
            raise self.fail(name, msg.CODE_UNKNOWN_ATTRIBUTE.format(token=f"{obj.type.name}.{name}"))
        return obj.values[obj.type.fields.index(name)]

    def _super_attribute(self, obj: Super, name: str):
        found = parent_method(obj.cls, name)
        return BoundUser(found, obj.obj) if found is not None else Bound(obj.obj, f"super.{name}")

    def _builtin_method(self, obj, name: str):
        if isinstance(obj, list) and name == "layers":
            return obj  # TensorFlow tracks a Keras layer's list attribute as a wrapper with .layers (d2l uses it)
        allowed = _LIST_METHODS if isinstance(obj, list) else _DICT_METHODS if isinstance(obj, dict) else _STR_METHODS
        if name not in allowed:
            raise self.fail(name, msg.CODE_UNKNOWN_ATTRIBUTE.format(token=name))
        return Bound(obj, name)

    # what ``obj.name`` is, by the kind of obj (the sides add theirs)
    def _opaque_attribute(self, obj: Opaque, name: str):
        """Anything of an unknown value is unknown too, but the shape data was reshaped to (``x_train.shape``)."""
        return obj.shape if name == "shape" and isinstance(obj, ShapedData) else obj

    ATTRIBUTES: ClassVar[dict] = {Opaque: _opaque_attribute,
                  Namespace: lambda self, obj, name: self.resolve(f"{obj.path}.{name}"),
                  UserClass: _class_attribute, Super: _super_attribute, (list, dict, str): _builtin_method,
                  Record: _record_attribute,
                  (Ignored, Builtin): lambda self, obj, name: Ignored(name)}

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
            raise self.fail(snippet(node.test), msg.CODE_UNKNOWN_VALUE.format(token=snippet(node.test)))
        return self.expr(node.body if self.truth(test) else node.orelse, env)

    def e_BoolOp(self, node: ast.BoolOp, env: dict):
        value = None
        for sub in node.values:
            value = self.expr(sub, env)
            if isinstance(value, Opaque):
                return value
            if isinstance(node.op, ast.And) and not self.truth(value):
                return value
            if isinstance(node.op, ast.Or) and self.truth(value):
                return value
        return value

    def e_UnaryOp(self, node: ast.UnaryOp, env: dict):
        value = self.expr(node.operand, env)
        if isinstance(value, Opaque):
            return value
        if isinstance(node.op, ast.Not):
            return not self.truth(value)
        if isinstance(node.op, ast.USub):
            return -value
        if isinstance(node.op, ast.UAdd):
            return +value
        raise self.unsupported("~")

    def truth(self, value) -> bool:
        """``if value:``; a model or a tensor is simply there."""
        return isinstance(value, self.TRUE_KINDS) or bool(value)

    def e_BinOp(self, node: ast.BinOp, env: dict):
        return self.binop(node.op, self.expr(node.left, env), self.expr(node.right, env))

    def binop(self, op: ast.operator, left, right):
        """Hook: arithmetic, bounded so that a paste cannot build huge numbers or sequences."""
        if isinstance(left, Opaque):
            return left
        if isinstance(right, Opaque):
            return right
        if isinstance(left, Ignored) or isinstance(right, Ignored):  # a loss term from tf.square(...) and co.
            return Opaque(self.line, type(op).__name__)
        self.check_binop_size(op, left, right)
        try:
            result = _BINOPS[type(op)](left, right)
        except KeyError:
            raise self.unsupported(type(op).__name__) from None
        except (TypeError, ZeroDivisionError, ValueError) as exc:
            raise self.fail(type(op).__name__, msg.CODE_BAD_VALUE.format(detail=exc)) from None
        except RuntimeError as exc:
            raise self.fail(type(op).__name__, msg.CODE_TENSOR_ERROR.format(detail=first_line(exc))) from None
        if isinstance(result, int) and abs(result) > MAX_NUMBER:
            raise self.refuse(msg.CODE_TOO_BIG.format(token=msg.fa(result)))
        return result

    def check_binop_size(self, op: ast.operator, left, right) -> None:
        if isinstance(op, ast.Pow) and isinstance(left, int) and isinstance(right, int) and (
                right > 64 or (abs(left) > 1 and right * math.log2(abs(left)) > 60)):
            raise self.refuse(msg.CODE_TOO_BIG.format(token=f"{left}**{right}"))
        if isinstance(op, ast.Mult) and (isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple))):
            other = right if isinstance(left, (str, list, tuple)) else left
            seq = left if isinstance(left, (str, list, tuple)) else right
            if isinstance(other, int) and len(seq) * max(other, 0) > MAX_SEQUENCE:
                raise self.refuse(msg.CODE_TOO_BIG.format(token=msg.fa(len(seq) * other)))

    def e_Compare(self, node: ast.Compare, env: dict):
        left = self.expr(node.left, env)
        for op, comparator in zip(node.ops, node.comparators):
            right = self.expr(comparator, env)
            if self.unknown_in_compare(left) or self.unknown_in_compare(right):
                return Opaque(self.line, snippet(node))
            try:
                ok = _COMPARE[type(op)](left, right)
            except (TypeError, KeyError):
                raise self.unsupported(snippet(node)) from None
            if not ok:
                return False
            left = right
        return True

    def unknown_in_compare(self, value) -> bool:
        """Hook: a comparison with this value is unknown (a mask like ``tokens != 0``), not True or False."""
        return isinstance(value, Opaque)

    def e_Subscript(self, node: ast.Subscript, env: dict):
        obj = self.expr(node.value, env)
        key = self.expr(node.slice, env)
        return self.get_item(obj, key, node)

    def get_item(self, obj, key, node: ast.Subscript):
        """Hook: ``obj[key]``."""
        if isinstance(obj, Ignored):  # a slice of example data is data: unknown, harmless
            return Opaque(self.line, snippet(node))
        if isinstance(obj, Opaque) or isinstance(key, Opaque):
            return obj if isinstance(obj, Opaque) else key
        try:
            return obj[key]
        except (TypeError, IndexError, KeyError, RuntimeError) as exc:
            if type(obj).__module__.startswith("cnn_demos"):  # a value of the reader's own (a functional model's
                raise self.unsupported(snippet(node)) from None  # layers): not followed, no Python error shown
            raise self.fail(snippet(node), msg.CODE_BAD_VALUE.format(detail=first_line(exc))) from None

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
                if all(self.truth(self.expr(cond, local)) for cond in gen.ifs):
                    walk(index + 1)

        walk(0)
        return out

    def iterate(self, value) -> list:
        """Hook: the items of ``for x in value``, at most ``MAX_LOOP`` of them."""
        if isinstance(value, Opaque):
            raise self.unknown(value)
        if isinstance(value, range):
            return list(self.check_range(value))
        if isinstance(value, dict):
            return list(value)
        if isinstance(value, (list, tuple, str, set, zip, enumerate, reversed)) or hasattr(value, "__next__"):
            items = []
            for item in value:
                items.append(item)
                if len(items) > MAX_LOOP:
                    raise self.refuse(msg.CODE_LOOP_TOO_LONG.format(count=">" + msg.fa(f"{MAX_LOOP:,}"),
                                                                   limit=msg.fa(f"{MAX_LOOP:,}")))
            return items
        raise self.fail(type(value).__name__, msg.CODE_NOT_ITERABLE.format(token=type(value).__name__))

    # ---- calls

    def e_Call(self, node: ast.Call, env: dict):
        func_name = snippet(node.func)
        if isinstance(node.func, ast.Name) and node.func.id == "print":
            self.note_shown(node, env)
            return None
        if isinstance(node.func, ast.Name) and node.func.id == "super":
            return self.super_call(env)
        if self.before_call(node, env):
            return None
        if isinstance(node.func, ast.Attribute) and node.func.attr == "save_hyperparameters":
            return self.save_hyperparameters(env)
        func = self.expr(node.func, env)
        args, kwargs = self.arguments(node, env)
        result = self.call(func, args, kwargs, func_name)
        shape = self.data_reshape(node, env)
        if shape is not None and type(result) in (Opaque, ShapedData):
            return ShapedData(self.line, func_name, shape=(None, *shape))
        return result

    def arguments(self, node: ast.Call, env: dict) -> tuple[list, dict]:
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
        return args, kwargs

    def before_call(self, node: ast.Call, env: dict) -> bool:
        """Hook: what a call says about the paste before it is made; True when that was all it does."""
        return False

    def data_reshape(self, node: ast.Call, env: dict) -> tuple[int, ...] | None:
        """``x_train.reshape(60000, 28, 28, 1)`` or ``.reshape(x_train.shape[0], 28, 28, 1)``: the data the model
        will be given, so its input shape (the first size is the batch, whatever the code writes there)."""
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "reshape" and isinstance(func.value, ast.Name)
                and _INPUT_DATA.match(func.value.id) and len(node.args) >= 2 and not node.keywords):
            return None
        if not all(isinstance(a, (ast.Constant, ast.UnaryOp, ast.Name, ast.BinOp)) for a in node.args[1:]):  # 28 * 28
            return None
        try:
            sizes = [self.expr(a, env) for a in node.args[1:]]
        except Unfollowable:
            return None
        if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in sizes):
            return None
        self.found.tensors.append(tuple(sizes))
        return tuple(sizes)

    def save_hyperparameters(self, env: dict) -> None:
        """``self.save_hyperparameters()``: every argument of ``__init__`` becomes an attribute (d2l) and a field
        of ``self.hparams`` (PyTorch Lightning)."""
        obj = env.get("self")
        if obj is None:
            return
        saved = {name: value for name, value in dict.items(env)
                 if name not in ("self", "__class__") and not name.startswith("_")}
        for name, value in saved.items():
            self.set_attribute(obj, name, value)
        self.set_attribute(obj, "hparams", Record(RecordType("hparams", tuple(saved)), tuple(saved.values())))

    def note_shown(self, node: ast.Call, env: dict) -> None:
        """``print(net)``/``print(model.summary())``: remember which model the student looks at."""
        for arg in node.args:
            if isinstance(arg, ast.Name):
                value = env.get(arg.id, self.globals.get(arg.id))
                if self.is_model(value):
                    self.found.shown.append(value)

    def is_model(self, value) -> bool:
        return isinstance(value, self.MODEL_KINDS)

    def super_call(self, env: dict):
        cls = env.get("__class__")
        obj = env.get("self")
        if cls is None or obj is None:
            raise self.fail("super", msg.CODE_UNSUPPORTED.format(token="super()"))
        return Super(cls, obj)

    def call(self, func, args: list, kwargs: dict, name: str):
        """``func(*args, **kwargs)``: only what is known to be harmless is called (``CALLS``)."""
        handler = self.handler("CALLS", func)
        if handler is not None:
            return handler(self, func, args, kwargs, name)
        if func is OrderedDict:
            return OrderedDict(*args, **kwargs)
        raise self.fail(name, msg.CODE_NOT_CALLABLE.format(token=name))

    def _call_opaque(self, func: Opaque, args: list, kwargs: dict, name: str):
        if isinstance(func.cause, Unfollowable) and func.cause.token.split(".")[0] in FORBIDDEN_MODULES \
                and dangerous(name):
            raise self.refuse(msg.CODE_FORBIDDEN.format(token=name), name)
        if type(func) is Undefined and func.token[:1].isupper():  # SelfAttention(64), a class from another file
            return Opaque(func.line, func.token, UndefinedClass(self.line, func.token,
                                                                msg.CODE_UNDEFINED_CLASS.format(token=func.token)))
        return func

    def call_pure(self, func: PureFunction, args: list, kwargs: dict, name: str):
        if func.function is product and len(args) == 1 and isinstance(args[0], (tuple, list)):
            args = list(args[0])  # np.prod(img_shape): the product of a shape's sizes
        if not all(isinstance(a, (int, float)) and not isinstance(a, bool) for a in args) or kwargs:
            return Opaque(self.line, name)
        try:
            return func.function(*args)
        except (ValueError, OverflowError, TypeError) as exc:
            raise self.fail(name, msg.CODE_BAD_VALUE.format(detail=first_line(exc))) from None

    def call_builtin(self, name: str, args: list, kwargs: dict):
        for value in [*args, *kwargs.values()]:
            if isinstance(value, Opaque):
                return value
            if isinstance(value, Ignored):  # len(tokenizer.word_index): data we do not have
                return Opaque(self.line, f"{name}({value.what})")
        if name == "getattr" and len(args) >= 2 and isinstance(args[1], str):
            return self.attribute(args[0], args[1])  # getattr(nn, rnn_type): the same checks as nn.LSTM
        if name == "setattr":  # setattr(self, 'fc%i' % i, fc): the same checks as self.fc0 = fc
            if len(args) != 3 or kwargs or not isinstance(args[1], str):
                raise self.unsupported("setattr")
            self.set_attribute(*args)
            return None
        if name == "isinstance" and len(args) == 2:
            return self.is_instance(args[0], args[1])
        if name == "hasattr" and len(args) == 2 and isinstance(args[1], str):
            return self.has_attribute(args[0], args[1])
        if name in ("isinstance", "hasattr"):
            return Opaque(self.line, name)
        if name == "type" and len(args) == 1 and not kwargs:  # «if type(x) == int:» in a VGG config loop
            plain = next((kind for kind, cls in _PLAIN_TYPES.items() if type(args[0]) is cls), None)
            return Builtin(plain) if plain else ClassName(self.class_name(args[0]))
        if name == "type":
            raise self.unsupported(name)
        if name == "range":
            return self.check_range(range(*args))
        if name == "len" and len(args) == 1 and isinstance(args[0], StatedSize):
            return int(args[0])  # len(vocab) of data not pasted: «vocab … 83 تا کاراکتر شد»
        try:
            if name in ("list", "tuple", "set", "sorted", "sum", "min", "max", "any", "all") and args:
                args = [self.iterate(args[0]), *args[1:]] if not (name in ("min", "max") and len(args) > 1) else args
            result = SAFE_BUILTINS[name](*args, **kwargs)
        except (TypeError, ValueError, RuntimeError) as exc:
            raise self.fail(name, msg.CODE_BAD_VALUE.format(detail=first_line(exc))) from None
        if isinstance(result, (zip, enumerate, reversed)):
            result = self.iterate(result)
        return result

    def is_instance(self, obj, kinds):
        """``isinstance`` against what each side can be sure of; anything else stays unknown."""
        answers = set()
        for kind in kinds if isinstance(kinds, tuple) else (kinds,):
            answer = self.instance_of(obj, kind)
            if answer is None:
                return Opaque(self.line, "isinstance")
            answers.add(answer)
        return True in answers

    def instance_of(self, obj, kind) -> bool | None:
        """Hook: ``isinstance(obj, kind)`` for one kind; None when we cannot be sure."""
        if isinstance(kind, Builtin) and kind.name in _PLAIN_TYPES:   # isinstance(x, int): the name, read as the type
            kind = _PLAIN_TYPES[kind.name]
        if isinstance(obj, Record) and kind is tuple:
            return True
        if kind in PLAIN and isinstance(obj, PLAIN):
            return isinstance(obj, kind)
        return None

    def has_attribute(self, obj, name: str):
        """Hook: ``hasattr`` on what we know for sure; anything else stays unknown rather than a guess.

        ``if hasattr(self, 'shortcut')`` in a ResNet block's forward decides which layers run.
        """
        if not name.startswith("__") and isinstance(obj, PLAIN):
            return hasattr(obj, name)
        return Opaque(self.line, "hasattr")

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
        return Scope(env, self.globals)

    def instantiate(self, cls: UserClass, args: list, kwargs: dict):
        """Hook: ``MyModel(...)``; each side builds the classes of its framework.

        A plain class without ``__init__`` (constants only) reads the same through an instance as through
        the class, so the class stands for it; one that runs code of its own is not followed."""
        if cls.framework == PLAIN_CLASS and cls.lookup("__init__") is None and not args and not kwargs:
            return cls
        raise self.fail(cls.name, msg.CODE_CLASS_BASE.format(token=cls.name))

    def make_record_type(self, args: list, kwargs: dict, name: str) -> RecordType:
        """``namedtuple("Config", ["in_dim", "hidden"])`` or ``namedtuple("Config", "in_dim hidden")``."""
        fields = args[1] if len(args) > 1 else kwargs.get("field_names")
        if isinstance(fields, str):
            fields = fields.replace(",", " ").split()
        if not (args and isinstance(args[0], str) and isinstance(fields, (list, tuple))
                and all(isinstance(f, str) and f.isidentifier() for f in fields)):
            raise self.fail(name, msg.CODE_UNSUPPORTED.format(token=name))
        return RecordType(args[0], tuple(fields), tuple(kwargs.get("defaults") or ()))

    def make_record(self, kind: RecordType, args: list, kwargs: dict, name: str) -> Record:
        """``Config(in_dim=32, hidden=64)``: positional, then named values, then the defaults."""
        values = dict(zip(kind.fields, args))
        values.update(kwargs)
        missing = [f for f in kind.fields if f not in values]
        defaults = dict(zip(kind.fields[len(kind.fields) - len(kind.defaults):], kind.defaults))
        if len(args) > len(kind.fields) or set(values) - set(kind.fields) or any(f not in defaults for f in missing):
            raise self.fail(name, msg.CODE_UNSUPPORTED.format(token=name))
        return Record(kind, tuple(values.get(f, defaults.get(f)) for f in kind.fields))


    # what calling a value does, by its kind (the sides add theirs)
    CALLS: ClassVar[dict] = {
        Opaque: _call_opaque,
        Ignored: lambda self, f, args, kwargs, name: Ignored(name),
        Builtin: lambda self, f, args, kwargs, name: self.call_builtin(f.name, args, kwargs),
        PureFunction: call_pure,
        RecordFactory: lambda self, f, args, kwargs, name: (
            self.make_record(RecordType(name.split(".")[-1], tuple(kwargs)), [], kwargs, name) if f.keywords and not args
            else self.make_record_type(args, kwargs, name)),
        RecordType: lambda self, f, args, kwargs, name: self.make_record(f, args, kwargs, name),
        UserFunction: lambda self, f, args, kwargs, name: self.call_user(f, args, kwargs),
        BoundUser: lambda self, f, args, kwargs, name: self.call_user(f.function, [f.obj, *args], kwargs),
        UserClass: lambda self, f, args, kwargs, name: self.instantiate(f, args, kwargs),
        Bound: lambda self, f, args, kwargs, name: self.call_method(f.obj, f.name, args, kwargs),
    }

    def call_method(self, obj, name: str, args: list, kwargs: dict):
        if name.startswith("super."):
            method = name.split(".", 1)[1]
            if method == "__init__":
                return self.super_init(obj, args, kwargs)
            return self.super_method(obj, method, args, kwargs)
        handler = self.handler("METHODS", obj)
        if handler is None:
            return Opaque(self.line, name)  # a method we do not know: an unknown value
        return handler(self, obj, name, args, kwargs)

    def super_init(self, obj, args: list, kwargs: dict) -> None:
        """Hook: ``super().__init__(...)``; nn.Module's (or keras.Model's) already ran when the instance was made."""
        return None

    def super_method(self, obj, method: str, args: list, kwargs: dict):
        """Hook: ``super().method(...)`` reaching a framework's own class; unknown here."""
        raise self.fail(method, msg.CODE_UNSUPPORTED.format(token=f"super().{method}"))

    def _list_method(self, obj: list, name: str, args: list, kwargs: dict):
        if name == "append" and args and self.is_model(args[0]):
            self.found.contained.add(id(args[0]))
        return getattr(obj, name)(*args, **kwargs)

    def _mapping_method(self, obj, name: str, args: list, kwargs: dict):
        unknown = next((a for a in [*args, *kwargs.values()] if isinstance(a, Opaque)), None)
        if unknown is not None:  # "".join(songs) of data from a cell not pasted: unknown too
            return unknown
        try:
            result = getattr(obj, name)(*args, **kwargs)
        except (TypeError, ValueError, KeyError, IndexError) as exc:
            raise self.fail(name, msg.CODE_BAD_VALUE.format(detail=first_line(exc))) from None
        return list(result) if name in ("items", "keys", "values") else result

    # what ``obj.name(...)`` does, by the kind of obj (the sides add theirs)
    METHODS: ClassVar[dict] = {list: _list_method, (dict, str): _mapping_method}


def changes_trainable(stmt: ast.stmt) -> bool:
    """Does the statement freeze or unfreeze weights (``.trainable =``, ``.requires_grad =``, ``requires_grad_()``)?"""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and node.attr in (
                "trainable", "requires_grad"):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "requires_grad_":
            return True
    return False


def _load(target: ast.expr) -> ast.expr:
    clone = ast.parse(ast.unparse(target), mode="eval").body
    return ast.copy_location(clone, target)
