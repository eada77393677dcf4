"""What reading found, for the chooser (:mod:`~cnn_demos.reader.choose`): the models built and named, what
the code looks at, the example inputs it makes, and the statements that failed, with which of them built
a model.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.reader.values import KerasCallable, KStep, TorchClass, UserClass, UserFunction

if TYPE_CHECKING:
    from cnn_demos.reader.errors import Unfollowable
    from cnn_demos.reader.interpreter import Interpreter
    from cnn_demos.shapes import Limits


@dataclass
class Findings:
    """Filled while the paste runs (the Keras graph is also built on as it goes); the chooser reads it after."""

    models: list[tuple[str, object]] = field(default_factory=list)  # (name, model) in the order they were bound
    bound_lines: dict[int, int] = field(default_factory=dict)        # id(model) → the line that named it
    created: list[object] = field(default_factory=list)              # every model object built, in order
    contained: set[int] = field(default_factory=set)                 # ids of models used inside another model
    shown: list[object] = field(default_factory=list)                # models the code summarises, prints or trains
    tensors: list[tuple[int, ...]] = field(default_factory=list)     # shapes of example inputs the code creates
    summaries: list[tuple[int, ...]] = field(default_factory=list)   # inputs torchinfo/torchsummary summary(...) name
    graph: list[KStep] = field(default_factory=list)                 # the Keras functional graph, step by step
    errors: list[Unfollowable] = field(default_factory=list)
    # failures of statements that build a model, each with its top-level statement's line (the error's own may be
    # inside a class the statement called)
    model_errors: list[tuple[int, Unfollowable]] = field(default_factory=list)
    asked: tuple[str, ...] = ()  # the words of the question typed with the code, in order («ژنراتور» as generator)
    subject: str = ""  # the code name the question counts («model_5 چند تا پارامتر داره؟»), when it says one
    stated: dict[str, int] = field(default_factory=dict)  # sizes it gives names of the code («vocab_len … 10001»)
    fatal: list[Unfollowable] = field(default_factory=list)          # ... that change a model in place (model.add)
    classes: list[UserClass] = field(default_factory=list)
    functions: list[UserFunction] = field(default_factory=list)      # the paste's top-level functions
    frameworks: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)                   # what the report should say about the input
    data_inputs: list[tuple[str, int]] = field(default_factory=list)  # (name, line) binding a data-decided input size
    open_size: str = ""  # the application whose open input size became the model's (KSequential.open_size)

    def open(self, model, limits: Limits) -> None:
        """``model`` (a KSequential) is the model's input end: if its size is one Keras leaves open, say so."""
        if model.open_size:
            self.open_size = model.open_size
            self.notes.append(msg.NOMINAL_IMAGE.format(name=model.open_size, size=limits.nominal_image))


def bound_names(stmt: ast.stmt) -> list[str]:
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


def builds_model(stmt: ast.stmt, reader: Interpreter) -> bool:
    """Does this top-level statement build part of a model: a layer, ``.add``, a class or helper of the student's?"""
    makers = _model_makers(reader)
    return any(isinstance(node, ast.Call) and (_makes(node, makers, reader) or _adds_to_model(node, reader))
               for node in ast.walk(stmt))


def _model_makers(reader: Interpreter) -> set[str]:
    """The student's classes, and the functions that make layers (themselves or through each other).

    A training loop calling ``artist_works()`` (a helper that only makes data) builds no model: its failure at
    ``loss.backward()`` must not be taken for the model's (MorvanZhou's GAN script was refused so)."""
    makers = {c.name for c in reader.found.classes}
    functions = [f.node for f in reader.found.functions]
    grew = True
    while grew:
        new = {f.name for f in functions if f.name not in makers
               and any(isinstance(n, ast.Call) and _makes(n, makers, reader) for n in ast.walk(f))}
        makers |= new
        grew = bool(new)
    return makers


def _makes(call: ast.Call, makers: set[str], reader: Interpreter) -> bool:
    """A call that makes a layer or model: a constructor by its spelling or binding, or one of ``makers``."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    value = reader.globals.get(name) if isinstance(call.func, ast.Name) else None
    return (name in makers or name in ("Sequential", "Model") or isinstance(value, (KerasCallable, TorchClass))
            or _is_layer_attribute(call.func))


def adds_layers(stmt: ast.stmt, reader: Interpreter) -> bool:
    """Does a loop's body make layers (``model.add(Dense(...))``, ``layers.append(nn.Conv2d(...))``)?"""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call) and (_adds_to_model(node, reader) or _is_layer_attribute(node.func) or (
                isinstance(node.func, ast.Name) and isinstance(reader.globals.get(node.func.id),
                                                               (KerasCallable, TorchClass)))):
            return True
    return False


def _adds_to_model(call: ast.Call, reader: Interpreter) -> bool:
    """``model.add(...)`` on a Sequential (not ``seen.add(key)`` on a set)."""
    func = call.func
    return (isinstance(func, ast.Attribute) and func.attr in ("add", "add_module") and isinstance(func.value, ast.Name)
            and reader.is_model(reader.globals.get(func.value.id)))


# Capitalised names under tf/keras/torch that are not layers: a training loop's `tf.GradientTape()` or
# `keras.optimizers.Adam()` failing on the data it reads does not make the model unknown.
_NOT_LAYERS = {"GradientTape", "Variable", "TensorShape", "Session", "Graph", "DataLoader", "Dataset", "Generator"}
_NOT_LAYER_PARTS = {"optimizers", "optim", "losses", "metrics", "callbacks", "data", "utils", "datasets",
                    "preprocessing", "initializers", "regularizers", "constraints", "schedules", "lr_scheduler"}


def _is_layer_attribute(func: ast.expr) -> bool:
    """``nn.Conv2d``, ``layers.Dense``, ``tf.keras.layers.LSTM``: a layer constructor by its spelling."""
    if not isinstance(func, ast.Attribute) or not func.attr[:1].isupper() or func.attr in _NOT_LAYERS:
        return False
    root = func.value
    while isinstance(root, ast.Attribute):
        if root.attr in _NOT_LAYER_PARTS:
            return False
        root = root.value
    return isinstance(root, ast.Name) and root.id in ("nn", "torch", "layers", "keras", "tf", "tensorflow")
