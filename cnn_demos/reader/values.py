"""The values reading computes besides plain Python ones: what a name stands for, the student's own
functions and classes, and the Keras graph as it is built.

None of them holds anything to run: a torch class is referred to (:class:`TorchClass`), a Keras layer is
its :class:`~cnn_demos.spec.Node` list, a function is its ``ast`` node.  This module imports no torch.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from cnn_demos.spec import Input, Node


@dataclass(frozen=True)
class Opaque:
    """A value we did not compute (data loading, an unknown library); harmless until a layer needs it."""

    line: int
    token: str
    cause: object = None        # the Unfollowable that made a statement's result unknown, if any


@dataclass(frozen=True)
class FailedPart(Opaque):
    """What a statement that builds a model bound when it failed (``enc = Encoder(len(SRC.vocab), …)``): made a
    part of another model, that model's count would silently lack it."""


@dataclass(frozen=True)
class ShapedData(Opaque):
    """Data whose values we lack but whose shape the code wrote: ``x_train.reshape(x_train.shape[0], 28, 28, 1)``
    makes ``x_train.shape[1:]`` (28, 28, 1), as Keras' hierarchical-RNN example sizes its Input (batch axis open)."""

    shape: tuple = ()


@dataclass(frozen=True)
class Undefined(Opaque):
    """A name the paste uses but never binds: a variable from another cell, a class from another file."""


# ---------------------------------------------------------------- what a name stands for


@dataclass(frozen=True)
class Namespace:
    path: str           # "torch", "torch.nn", "torch.nn.functional", "keras", "keras.layers", "ignored"…


@dataclass(frozen=True)
class Named:
    """A thing the reader knows by its name alone; each kind of such thing is a subclass."""

    name: str


class Builtin(Named):
    """One of Python's harmless builtins (``range``, ``len``…), called by the interpreter itself."""


@dataclass(frozen=True)
class RecordFactory:
    """``collections.namedtuple``: makes a :class:`RecordType` from a name and field names, nothing else;
    with ``keywords`` (``types.SimpleNamespace``, ``argparse.Namespace``) it makes the record itself."""

    keywords: bool = False


@dataclass(frozen=True)
class RecordType:
    """A ``namedtuple`` class of the student's (a configuration such as ``Config(in_dim=32, hidden=64)``)."""

    name: str
    fields: tuple[str, ...]
    defaults: tuple = ()


@dataclass(frozen=True)
class Record:
    """An instance of a :class:`RecordType`: its values, read by field name or index."""

    type: RecordType
    values: tuple

    def __getitem__(self, key):
        return self.values[key]

    def __iter__(self):
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


@dataclass(frozen=True)
class PureFunction:
    """``math.sqrt`` and friends: numbers in, a number out."""

    name: str
    function: object


class ClassName(Named):
    """``obj.__class__``: only its ``__name__`` is ever read."""


@dataclass(frozen=True)
class TorchClass:
    cls: type


@dataclass(frozen=True)
class TorchFunction:
    name: str
    function: object
    create: bool = False


class ModuleWrapper(Named):
    """``torch.jit.script(m)``, ``torch.jit.trace(m, x)``, ``torch.compile(m)``: the same module (and weights)."""


class TorchvisionModel(Named):
    """``torchvision.models.resnet18(weights=...)`` in transfer-learning code: built by torchvision on meta."""


NN_MODULE = object()   # torch.nn.Module itself: a base class, never called


class KerasCallable(Named):
    """A Keras layer class, model builder (``Sequential``, ``Model``, ``Input``) or merge function."""


class KerasMatmul(Named):
    """``tf.matmul`` / ``keras.ops.matmul``: in a custom layer's ``call``, its input times a weight of its own."""


class KerasActivation(Named):
    """An activation function (``tf.nn.relu``, ``keras.activations.softmax``), as an argument or applied."""


@dataclass(frozen=True)
class Application:
    """``keras.applications.MobileNetV2``: a pretrained model we do not rebuild from code."""

    path: str


@dataclass(frozen=True)
class Vocabulary:
    """``layers.StringLookup(vocabulary=characters, mask_token=None)``: preprocessing outside the model, known
    only for what sizes a layer (``len(char_to_num.get_vocabulary()) + 1`` units in keras.io's captcha OCR)."""

    tokens: tuple


@dataclass(frozen=True)
class D2LBase:
    framework: str


class EagerTensor:
    """A concrete example input (``tf.random.uniform((1, 224, 224, 1))``): only its shape matters."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape


# ---------------------------------------------------------------- the student's own functions and classes


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
class BoundUser:
    function: UserFunction
    obj: object


@dataclass
class Super:
    cls: UserClass
    obj: object


class Scope(dict):
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


def parent_method(cls: UserClass, name: str) -> UserFunction | None:
    for base in cls.bases:
        if isinstance(base, UserClass):
            found = base.lookup(name)
            if isinstance(found, UserFunction):
                return found
    found = cls.inherited.get(name)
    return found if isinstance(found, UserFunction) and found.owner is not cls else None


def inherits(cls: UserClass, base: UserClass) -> bool:
    return cls is base or any(isinstance(b, UserClass) and inherits(b, base) for b in cls.bases)


# ---------------------------------------------------------------- the Keras graph


@dataclass
class KTensor:
    """A Keras symbolic tensor: an edge of the functional graph."""

    id: int
    shape: tuple[int, ...] | None = None   # known for inputs (channels-last, no batch)
    name: str = ""                          # an Input's own name (``layers.Input(..., name="image")``)


@dataclass(frozen=True)
class KInputLayer:
    """``model.get_layer("image")`` of a functional model whose Input is so named: ``.input``/``.output`` are that
    Input's tensor (tf.keras' captcha OCR cuts its prediction model there)."""

    tensor: KTensor


@dataclass
class KLayer:
    """A Keras layer object: one node (or an Input + node when the layer carries ``input_shape``)."""

    name: str
    nodes: list[Node]
    line: int
    id: int = 0
    states: int = 0     # return_state=True: an RNN also returns its final states (LSTM h and c, GRU h)
    label: str = ""     # its name= (what model.get_layer("...") finds it by)

    @property
    def node(self) -> Node:
        return self.nodes[-1]


@dataclass
class KSequential:
    layers: list = field(default_factory=list)  # KLayer | KSequential | Input
    input: Input | None = None
    name: str = ""
    id: int = 0
    stages: bool = False  # keras.applications built from the zoo: its layers are stages, not Keras' own list
    keras_layers: tuple = ()  # … and Keras' own list beside them, where known: (name, trainable weights, class)
    keras_order: tuple = ()   # those layers in the order the zoo's build holds their weights; () = Keras' own
    layer_trainable: list | None = None  # each of those layers' trainable flag, once code set one
    on_input: bool = False  # built on ``input_tensor=``: its layers are those of the model made from that input
    title: str = ""       # its row as model.summary() shows it nested: «sequential (Sequential)», «vgg16 (Functional)»
    # an application whose input size Keras leaves open (its Keras name), taken at a usual size: said where that
    # input becomes the model's own, not where the student's Input feeds it
    open_size: str = ""


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
class KAppLayer:
    """One of Keras' own layers of a keras.applications model (``base.layers[i]``): its name, and a
    ``trainable`` flag that freezes its weights."""

    model: KSequential
    index: int

    @property
    def name(self) -> str:
        return self.model.keras_layers[self.index][0]

    @property
    def keras_class(self) -> str:
        """Its class in Keras (``BatchNormalization``), for ``isinstance(layer, layers.BatchNormalization)``."""
        return self.model.keras_layers[self.index][2]


@dataclass
class KWeight:
    """A weight a custom Keras layer makes with ``add_weight``: its shape (no batch) and whether it trains."""

    shape: tuple[int, ...]
    trainable: bool = True


@dataclass
class KerasInstance:
    cls: UserClass
    attrs: dict
    order: list
    id: int
    build_shape: tuple | None = None
    weights: list = field(default_factory=list)  # its add_weight weights (KWeight), in the order made
    macs: int = 0                                # the matmuls its call does per sample, as followed
    built: object = None                         # the KLayer standing for it once its call was followed
