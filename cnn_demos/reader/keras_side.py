"""The Keras side of the reader: layers become :class:`~cnn_demos.spec.Node` lists (never Keras objects),
``Sequential`` models keep them in order, and calling a layer on a symbolic :class:`KTensor` adds a step
to the functional graph.  Subclassed models and layers are :class:`KerasInstance` values whose ``call``
the interpreter runs on symbolic tensors.
"""

from __future__ import annotations

import ast
import difflib
import importlib
import math
import re
from dataclasses import dataclass, replace
from typing import ClassVar

import torch

from cnn_demos import messages as msg
from cnn_demos import spec
from cnn_demos.layer_names import KerasTitles
from cnn_demos.layers.scored_attention import ScoredAttention, attend
from cnn_demos.reader.application_graph import ApplicationGraph, application_graph
from cnn_demos.reader.errors import Unfollowable, snippet
from cnn_demos.reader.interpreter import Interpreter
from cnn_demos.reader.keras_layers import (
    AUGMENTATION,
    MERGE_FUNCTIONS,
    PIX2PIX,
    STATES,
    WEIGHT_NAMES,
    WRAPPERS,
    call_text,
    function_text,
    keeps_shape_function,
    keras1,
    lookup_tokens,
    pix2pix_layers,
    sized,
    slice_of_function,
    theano,
)
from cnn_demos.reader.keras_names import DEFAULT_NAMES as KERAS_NAMES
from cnn_demos.reader.keras_names import keras_name
from cnn_demos.reader.values import (
    Application,
    Bound,
    BoundUser,
    EagerTensor,
    KAppLayer,
    KerasActivation,
    KerasCallable,
    KerasInstance,
    KerasMatmul,
    KInputLayer,
    KLayer,
    KModel,
    KSequential,
    KStep,
    KTensor,
    KWeight,
    Opaque,
    Undefined,
    UserClass,
    UserFunction,
    Vocabulary,
)
from cnn_demos.shapes import Limits
from cnn_demos.spec import Ignored, Input, Node, SpecError
from cnn_demos.zoo import keras_application, keras_layer_list

# ``isinstance(layer, layers.X)`` answered for these classes only: a layer of X or of a class below it (in Keras 2
# and 3) is one, any other layer is not; for other classes the reader cannot be sure (DepthwiseConv2D is a Conv2D
# in Keras 2, not in Keras 3), so the answer stays unknown.
# Keras 2 names an input it made ``input_1`` (``input_2`` for the session's second), where Keras 3 says
# ``input_layer``: ResNet50 U-Nets written for TF 2 cut ``get_layer("input_1").output``, the application's input
_KERAS2_INPUT = re.compile(r"input_\d+")
_KERAS_SUBCLASSES = {"BatchNormalization": {"BatchNormalization", "SyncBatchNormalization"}, "Dense": {"Dense"},
                     "InputLayer": {"InputLayer"}}


@dataclass
class Unfolded:
    """An application's own layers made steps: its graph, the tensors (0: the model's input), the layers by
    Keras' index (so a later ``trainable`` reaches them)."""

    graph: ApplicationGraph
    tensors: list[KTensor]
    layers: dict[int, KLayer]


class KerasSide(Interpreter):
    """The interpreter's answers for Keras values: layers, Sequential and functional models, symbolic tensors."""

    DEFAULT_NAMES: ClassVar[dict] = {**Interpreter.DEFAULT_NAMES, **KERAS_NAMES}
    MODEL_KINDS = (*Interpreter.MODEL_KINDS, KSequential, KModel, KerasInstance)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ends: dict[int, tuple[KTensor, KTensor]] = {}  # a Sequential's input/output tensors, once made
        self.channels_first = False                      # Keras 1 (Theano) code: input_shape=(3, 224, 224)
        self.call_inputs: list[KTensor] = []             # the first input of each subclassed call() being followed
        self.weighing: list[KerasInstance] = []          # custom layers with add_weight whose call is being followed
        self.titles = KerasTitles()                      # conv2d (Conv2D), conv2d_1 (Conv2D)… as summary() prints
        self.unfolded: dict[int, Unfolded] = {}          # an application's own layers as steps, once one was asked for
        self.given_shape: tuple[int, ...] | None = None  # the student's ``input`` line, channels last, until used

    # ---- what Keras values are

    def resolve_name(self, path: str):
        value = keras_name(path)
        return value if value is not None else super().resolve_name(path)

    def base_framework(self, base) -> str | None:
        if isinstance(base, KerasCallable) and base.name in ("Model", "Layer", "Sequential"):
            return "keras"
        return super().base_framework(base)

    def class_name(self, obj) -> str:
        return obj.name if isinstance(obj, KLayer) else super().class_name(obj)

    def instance_of(self, obj, kind) -> bool | None:
        """``isinstance(layer, layers.BatchNormalization)`` over a model's layers (keras-io keeps BatchNorm frozen
        while unfreezing the rest): one of Keras' own layers of an application, or a layer the code made."""
        if isinstance(kind, KerasCallable) and isinstance(obj, (KAppLayer, KLayer)):
            own = obj.keras_class if isinstance(obj, KAppLayer) else obj.name
            below = _KERAS_SUBCLASSES.get(kind.name)
            return None if below is None else own in below
        return super().instance_of(obj, kind)

    def has_attribute(self, obj, name: str):
        if (not name.startswith("__") and isinstance(obj, KerasInstance)
                and (name in obj.attrs or obj.cls.lookup(name) is not None)):
            return True
        return super().has_attribute(obj, name)

    def iterate(self, value) -> list:
        return list(value.layers) if isinstance(value, KSequential) else super().iterate(value)

    def store_item(self, obj, key, value, target: ast.Subscript) -> None:
        if not isinstance(obj, EagerTensor):  # writing into example data changes no layer
            super().store_item(obj, key, value, target)

    def get_item(self, obj, key, node: ast.Subscript):
        if isinstance(obj, EagerTensor):  # a slice of example data is data: unknown, harmless
            return Opaque(self.line, snippet(node))
        return super().get_item(obj.layers if isinstance(obj, KSequential) else obj, key, node)

    def write_attribute(self, obj, name: str, value) -> None:
        if isinstance(obj, KLayer) and name == "trainable" and isinstance(value, bool):
            obj.nodes = [replace(n, trainable=value) if not isinstance(n, Input) else n for n in obj.nodes]
        elif isinstance(obj, KAppLayer) and name == "trainable" and isinstance(value, bool):
            model = obj.model
            if model.layer_trainable is None:
                model.layer_trainable = [True] * len(model.keras_layers)
            model.layer_trainable[obj.index] = value
            self.unfolded_trainable(model)
        elif isinstance(obj, KSequential) and name == "trainable" and isinstance(value, bool):
            for layer in obj.layers:
                self.set_attribute(layer, name, value)
            if obj.keras_layers:  # Keras sets every layer's flag when the model's is set
                obj.layer_trainable = [value] * len(obj.keras_layers)
                self.unfolded_trainable(obj)
        elif isinstance(obj, KModel) and name == "trainable" and isinstance(value, bool):
            # discriminator.trainable = False before the GAN is built: every layer of its graph is frozen
            producer = {step.output.id: step for step in self.found.graph}
            for step in _steps_between(obj, producer):
                self.set_attribute(step.layer, name, value)
        elif isinstance(obj, KerasInstance):
            obj.attrs[name] = value
            if isinstance(value, (KLayer, KSequential)):
                obj.order.append(name)
        else:
            super().write_attribute(obj, name, value)

    def unknown_in_compare(self, value) -> bool:
        return isinstance(value, KTensor) or super().unknown_in_compare(value)   # source != 0: a mask

    def binop(self, op: ast.operator, left, right):
        if isinstance(op, ast.MatMult) and isinstance(left, KTensor) and isinstance(right, KWeight):
            return self.matmul(left, right)
        if isinstance(left, KTensor) and isinstance(right, KWeight) or isinstance(left, KWeight) and isinstance(
                right, KTensor):  # «x @ self.w + self.b»: a weight broadcast over the tensor keeps its shape
            if not isinstance(op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
                raise self.unsupported(type(op).__name__)
            tensor = left if isinstance(left, KTensor) else right
            return KTensor(self.new_id(), tensor.shape)
        if isinstance(left, KTensor) and isinstance(right, KTensor):  # Y += X in a subclassed Keras block
            kind = {ast.Add: "add", ast.Sub: "subtract", ast.Mult: "multiply"}.get(type(op))
            if kind is None:
                raise self.unsupported(type(op).__name__)
            return self.keras_node(spec.Merge(op=kind, number=self.line, source=kind), [left, right])
        return super().binop(op, left, right)

    # ---- attributes and methods

    def instance_attribute(self, obj: KerasInstance, name: str):
        if name in obj.attrs:
            return obj.attrs[name]
        found = obj.cls.lookup(name)
        if isinstance(found, UserFunction) and name == "build":
            return Bound(obj, "build")  # its own build(), run by graph_method, which also keeps the shape given
        if isinstance(found, UserFunction):
            return BoundUser(found, obj)
        return found if found is not None else Bound(obj, name)

    def graph_attribute(self, obj, name: str):
        if isinstance(obj, KSequential) and name in ("input", "output") and obj.input is not None:
            return self.sequential_ends(obj)[0 if name == "input" else 1]
        if isinstance(obj, KSequential) and name in ("inputs", "outputs") and obj.input is not None:
            return [self.sequential_ends(obj)[0 if name == "inputs" else 1]]   # SRGAN's Model(vgg.inputs, ...)
        if isinstance(obj, (KLayer, KModel)) and name in ("input", "output", "inputs", "outputs"):
            found = self.graph_ends(obj, name)
            if found is not None:
                return found
        if name == "layers" and isinstance(obj, KSequential) and obj.stages and obj.keras_layers:
            return [KAppLayer(obj, i) for i in range(len(obj.keras_layers))]  # Keras' own, for base.layers[:100]
        if name == "layers" and isinstance(obj, KSequential) and obj.stages:
            return Opaque(self.line, "layers")  # base.layers[:100] counts Keras' layers, which we do not list
        if name == "layers" and isinstance(obj, KSequential):
            return list(obj.layers)
        if name == "layers" and isinstance(obj, KModel):
            listed = self.functional_layers(obj)
            return listed if listed is not None else Bound(obj, name)
        if name == "shape" and isinstance(obj, KTensor):
            return (None, *obj.shape) if obj.shape else Opaque(self.line, "shape")
        if name in WEIGHT_NAMES and isinstance(obj, KLayer):
            return Opaque(self.line, name)  # PixelCNN's self.conv.kernel.assign(kernel * mask): values, never sizes
        return Bound(obj, name)

    def functional_layers(self, model: KModel) -> list | None:
        """``model.layers`` of a ``keras.Model`` made on an application built on its input (``input_tensor=``), or
        made from the application's own (``keras.Model(base.input, outputs)``, Keras' fine-tuning guide): Keras
        lists the application's own layers as the model's, then each later layer in turn.  Only a single chain
        from that input is followed; elsewhere Keras' order (by depth in the graph) is not ours to guess."""
        producer = {step.output.id: step for step in self.found.graph}
        steps = _steps_between(model, producer)
        if len(model.inputs) != 1 or len(model.outputs) != 1 or not steps:
            return None
        first = steps[0].layer
        if not (isinstance(first, KSequential) and first.keras_layers):
            return None
        own_input = self.ends.get(first.id, (None,))[0]
        if not (first.on_input or own_input is not None and own_input.id == model.inputs[0].id):
            return None
        listed: list = [KAppLayer(first, i) for i in range(len(first.keras_layers))]
        tensor = model.inputs[0]
        for step in steps:
            if step.inputs != (tensor,) or (step is not steps[0] and not isinstance(step.layer, KLayer)):
                return None
            tensor = step.output
        return listed + [step.layer for step in steps[1:]] if tensor == model.outputs[0] else None

    def graph_ends(self, obj, name: str):
        """``model.output`` (``.inputs``…) of a functional model, ``model.get_layer("conv5").output`` of a layer called
        once (what Grad-CAM or a feature extractor reads); None where the graph does not say (a layer never or twice
        called: a layer of a Sequential is not a step of its own)."""
        if isinstance(obj, KModel):
            tensors = obj.inputs if name.startswith("input") else obj.outputs
            return list(tensors) if name.endswith("s") or len(tensors) > 1 else tensors[0]
        if name.endswith("s"):
            return None
        calls = [step for step in self.found.graph if step.layer is obj]
        if len(calls) != 1:
            return None
        return calls[0].output if name == "output" else calls[0].inputs[0] if len(calls[0].inputs) == 1 \
            else list(calls[0].inputs)

    def app_layer_attribute(self, obj: KAppLayer, name: str):
        if name == "name":
            return obj.name
        if name in ("output", "input"):
            return self.application_tensor(obj, name)
        if name == "trainable":
            flags = obj.model.layer_trainable
            return True if flags is None else flags[obj.index]
        return Opaque(self.line, name)

    ATTRIBUTES: ClassVar[dict] = {KAppLayer: app_layer_attribute,
                  Application: lambda self, obj, name: Application(f"{obj.path}.{name}"),
                  KerasInstance: instance_attribute, (KSequential, KModel, KLayer, KTensor): graph_attribute,
                  Vocabulary: lambda self, obj, name: Bound(obj, name),
                  KInputLayer: lambda self, obj, name: obj.tensor if name in ("input", "output") else Opaque(
                      self.line, name)}

    def get_layer(self, model, args: list, kwargs: dict):
        """``model.get_layer("dense_1")`` or ``get_layer(index=0)``: the layer itself, so ``.trainable`` reaches it.

        One we cannot find is refused: setting ``trainable`` on an unknown value would leave the split wrong."""
        key = args[0] if args else kwargs.get("name", kwargs.get("index"))
        if isinstance(model, KSequential) and model.stages and model.keras_layers:
            return self.application_layer(model, key)
        if isinstance(model, KSequential):
            layers = [layer for layer in model.layers if isinstance(layer, (KLayer, KSequential))]
        else:
            named = [t for t in model.inputs if isinstance(key, str) and t.name == key]
            if len(named) == 1:
                return KInputLayer(named[0])
            producer = {step.output.id: step for step in self.found.graph}
            layers = [step.layer for step in _steps_between(model, producer)]
        if isinstance(key, int) and -len(layers) <= key < len(layers):
            return layers[key]
        found = [layer for layer in layers if isinstance(key, str) and getattr(layer, "label", None) == key
                 or isinstance(layer, KSequential) and layer.name == key]
        if len(found) == 1:
            return found[0]
        # not skipped like an unknown statement: `.trainable = False` on it would be lost without a word
        raise self.refuse(msg.CODE_UNSUPPORTED.format(token=f"get_layer({key!r})"), "get_layer")

    def application_layer(self, model: KSequential, key) -> KAppLayer:
        """``base_model.get_layer("block_13_expand_relu")`` (or ``index=``) of a keras.applications model: Keras'
        own layer.  A name Keras' model does not have is refused, naming it and the closest real one: a typo would
        otherwise cut the encoder somewhere else, or nowhere, without a word."""
        names = [name for name, _, _ in model.keras_layers]
        if isinstance(key, int) and not isinstance(key, bool) and -len(names) <= key < len(names):
            return KAppLayer(model, key % len(names))
        if isinstance(key, str) and key in names:
            return KAppLayer(model, names.index(key))
        if isinstance(key, str) and _KERAS2_INPUT.fullmatch(key) and model.keras_layers[0][2] == "InputLayer":
            return KAppLayer(model, 0)
        close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.8)
        hint = msg.CODE_DID_YOU_MEAN.format(name=close[0]) if close else ""
        raise self.refuse(msg.CODE_NO_SUCH_LAYER.format(name=key, model=model.name, suggestion=hint), "get_layer")

    def application_tensor(self, layer: KAppLayer, end: str):
        """``base.get_layer(name).output`` (or ``.input``): the tensor at that layer of the application's own
        graph, whose layers are made as steps the first time one is asked for (all of them, from the model's
        input, so that a ``keras.Model(base.input, [...])`` keeps exactly the layers its outputs need)."""
        unfolded = self.unfold(layer.model)
        if end == "output" and layer.index in unfolded.graph.outputs:
            return unfolded.tensors[unfolded.graph.outputs[layer.index]]
        piece = next((p for p in unfolded.graph.pieces if p.keras_index == layer.index), None)
        if end == "input" and piece is not None:
            found = [unfolded.tensors[t] for t in piece.inputs]
            return found[0] if len(found) == 1 else found
        # refused at once: the statement made unknown would surface later as some other, misleading error
        why = msg.CODE_NOT_OURS_PADDING if layer.keras_class == "ZeroPadding2D" else msg.CODE_NOT_OURS_WEIGHTLESS
        raise self.refuse(msg.CODE_LAYER_NOT_OURS.format(name=layer.name, model=layer.model.name, why=why),
                          "get_layer")

    def unfold(self, model: KSequential) -> Unfolded:
        """The application's own layers as steps of the graph, read from its input (``base.input``)."""
        if model.id in self.unfolded:
            return self.unfolded[model.id]
        graph = application_graph([layer.node for layer in model.layers], model.keras_layers)
        if graph is None:
            raise self.refuse(msg.CODE_APPLICATION_LAYERS.format(model=model.name), "get_layer")
        start = self.ends[model.id][0] if model.id in self.ends else self.sequential_ends(model)[0]
        unfolded = Unfolded(graph, [start], {})
        for piece in graph.pieces:
            layer = KLayer(type(piece.node).__name__, [replace(piece.node, number=self.line)], self.line,
                           self.new_id(), label=model.keras_layers[piece.keras_index][0])
            unfolded.layers[piece.keras_index] = layer
            inputs = [unfolded.tensors[t] for t in piece.inputs]
            unfolded.tensors.append(self.keras_apply(layer, [inputs if len(inputs) > 1 else inputs[0]], {}))
        self.unfolded[model.id] = unfolded
        self.unfolded_trainable(model)
        return unfolded

    def unfolded_trainable(self, model: KSequential) -> None:
        """The application's layers as steps follow its layers' ``trainable`` flags, set before or after."""
        unfolded = self.unfolded.get(model.id)
        if unfolded is None or model.layer_trainable is None:
            return
        for index, layer in unfolded.layers.items():
            layer.nodes = [replace(node, trainable=model.layer_trainable[index]) for node in layer.nodes]

    def graph_method(self, obj, name: str, args: list, kwargs: dict):
        """A method of a functional model, a layer or a subclassed one: ``build`` and ``call`` matter."""
        if name == "add_weight" and isinstance(obj, KerasInstance):
            return self.add_weight(obj, args, kwargs)
        if name == "get_layer" and isinstance(obj, KModel):
            return self.get_layer(obj, args, kwargs)
        if name == "summary":
            self.found.shown.append(obj)
        shape = args[0] if args else kwargs.get("input_shape")
        if name == "build" and isinstance(obj, KerasInstance) and isinstance(shape, (tuple, list)):
            obj.build_shape = batchless(shape)  # «layer.build((1, 2))»: the input the count is for
            own = obj.cls.lookup("build")
            if isinstance(own, UserFunction):
                return self.call_user(own, [obj, *args], kwargs)
        if name == "call" and isinstance(obj, KerasInstance):
            return self.keras_apply(obj, args, kwargs)
        return Opaque(self.line, name)

    def ksequential_method(self, model: KSequential, name: str, args: list, kwargs: dict):
        if name == "add":
            layer = args[0] if args else kwargs.get("layer")
            self.ksequential_add(model, layer)
            return None
        if name == "build":
            shape = args[0] if args else kwargs.get("input_shape")
            if shape is not None and not isinstance(shape, Opaque) and model.input is None:
                model.input = Input(shape=batchless(shape), layout="channels_last", layout_given=True,
                                    number=self.line, source=f"build({shape})")
            return None
        if name == "pop" and model.layers:
            return model.layers.pop()
        if name == "get_layer":
            return self.get_layer(model, args, kwargs)
        if name == "summary":
            self.found.shown.append(model)
        return Opaque(self.line, name)

    def vocabulary_method(self, obj: Vocabulary, name: str, args: list, kwargs: dict):
        """``char_to_num.get_vocabulary()`` / ``.vocabulary_size()`` of a lookup given its words."""
        if name == "get_vocabulary":
            return list(obj.tokens)
        if name == "vocabulary_size":
            return len(obj.tokens)
        return Opaque(self.line, name)

    METHODS: ClassVar[dict] = {KSequential: ksequential_method, (KModel, KLayer, KerasInstance): graph_method,
                               Vocabulary: vocabulary_method}

    def add_weight(self, layer: KerasInstance, args: list, kwargs: dict) -> KWeight:
        """``self.add_weight(shape=(input_shape[-1], self.units), trainable=True)``, Keras 3's order or Keras 2's
        (``name`` first): a weight of that shape, which the layer's row counts."""
        shape = kwargs.get("shape", next((a for a in args if isinstance(a, (tuple, list))), None))
        shape = (shape,) if isinstance(shape, int) else shape
        if not (isinstance(shape, (tuple, list)) and all(isinstance(v, int) and v > 0 for v in shape)):
            raise self.fail(layer.cls.name, msg.CODE_UNKNOWN_VALUE.format(token="add_weight(shape=…)"))
        trainable = kwargs.get("trainable", True)
        weight = KWeight(tuple(shape), trainable if isinstance(trainable, bool) else True)
        layer.weights.append(weight)
        return weight

    def matmul(self, tensor: KTensor, weight: KWeight) -> KTensor:
        """Its input times one of its own weights, in a custom layer's ``call``: the work is counted on the layer."""
        if tensor.shape is None or len(weight.shape) != 2 or tensor.shape[-1] != weight.shape[0]:
            raise self.fail("matmul", msg.CODE_UNSUPPORTED.format(token="matmul"))
        out = (*tensor.shape[:-1], weight.shape[1])
        if self.weighing:
            self.weighing[-1].macs += math.prod(out) * weight.shape[0]
        return KTensor(self.new_id(), out)

    def call_matmul(self, func: KerasMatmul, args: list, kwargs: dict, name: str):
        if len(args) == 2 and isinstance(args[0], KTensor) and isinstance(args[1], KWeight):
            return self.matmul(args[0], args[1])
        return Opaque(self.line, name, Unfollowable(self.line, name, msg.CODE_UNSUPPORTED.format(token=name)))

    # ---- calls

    def before_call(self, node: ast.Call, env: dict) -> bool:
        self.implicit_sequential(node, env)
        return super().before_call(node, env)

    def implicit_sequential(self, node: ast.Call, env: dict) -> None:
        """Only the ``model.add(...)`` lines were pasted: ``model`` is the Sequential they build."""
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "add" and isinstance(func.value, ast.Name)
                and func.value.id not in env and func.value.id not in self.globals):
            model = KSequential(name=func.value.id, id=self.new_id())
            self.globals[func.value.id] = model
            self.found.models.append((func.value.id, model))
            self.found.created.append(model)
            self.found.frameworks.add("keras")

    def call_application(self, func: Application, args: list, kwargs: dict, name: str):
        kind = func.path.rsplit(".", 1)[-1]
        if kind == "preprocess_input" and args and isinstance(args[0], KTensor):
            return args[0]  # scales pixels: no weights, the same shape
        built = self.zoo_application(kind, args, kwargs)
        if built is not None:
            return built
        # unknowable here; refused with its name if the model uses it
        return Opaque(self.line, name, Unfollowable(self.line, name, msg.CODE_APPLICATIONS.format(token=name)))

    def call_activation(self, func: KerasActivation, args: list, kwargs: dict, name: str):
        """``tf.nn.relu(x)`` on a symbolic tensor: an Activation layer of its own."""
        if not (args and isinstance(args[0], KTensor)):
            raise self.fail(name, msg.CODE_NOT_CALLABLE.format(token=name))
        if self.weighing:  # inside a custom layer's own weights' call: the layer is counted as one node
            return KTensor(self.new_id(), args[0].shape)
        node = spec.Activation(fn=func.name, number=self.line, source=f"{name}(…)")
        return self.keras_node(node, [args[0]])

    def elementwise(self, args: list, name: str) -> KTensor:
        """``tf.math.maximum(x, 0)`` in a custom ReLU's call: a layer without weights that keeps the shape."""
        if not (args and isinstance(args[0], KTensor)
                and all(isinstance(a, (int, float)) and not isinstance(a, bool) for a in args[1:])):
            raise self.unsupported(name)
        if self.weighing:  # inside a custom layer's own weights' call: the layer is counted as one node
            return KTensor(self.new_id(), args[0].shape)
        return self.keras_node(spec.Lambda(number=self.line, source=f"{name}(…)"), [args[0]])

    def instantiate(self, cls: UserClass, args: list, kwargs: dict):
        if cls.framework != "keras":
            return super().instantiate(cls, args, kwargs)
        init = cls.lookup("__init__")
        inputs = args[0] if args else kwargs.get("inputs")
        if not isinstance(init, UserFunction) and inputs is not None:
            # class CustomModel(keras.Model) overriding train_step only: built like keras.Model(inputs, outputs)
            return self.functional(args, kwargs)
        instance = KerasInstance(cls, {}, [], self.new_id())
        if isinstance(init, UserFunction):
            self.call_user(init, [instance, *args], kwargs)
        self.found.created.append(instance)
        return instance

    def keras_call(self, func: KerasCallable, args: list, kwargs: dict, name: str):
        what = func.name
        if what.startswith("eager:"):  # tf.random.uniform((1, 224, 224, 1)): an example input, shape only
            return self.eager_tensor(name, args, kwargs)
        if what.startswith("elementwise:"):
            return self.elementwise(args, name)
        self.found.frameworks.add("keras")
        builder = self.BUILDERS.get(what)
        if builder is not None:
            return builder(self, args, kwargs)
        if what in MERGE_FUNCTIONS:  # layers.add([a, b]): the Add layer applied at once
            layer = self.keras_layer(what.capitalize(), [], {k: v for k, v in kwargs.items() if k != "name"}, name)
            return self.keras_apply(layer, [args[0] if args else kwargs.get("inputs")], {})
        return self.keras_layer(what, args, kwargs, name)

    def sequential(self, args: list, kwargs: dict) -> KSequential:
        layers = args[0] if args else kwargs.get("layers", [])
        model = KSequential(name=str(kwargs.get("name", "")), id=self.new_id())
        for layer in (layers or []):
            self.ksequential_add(model, layer)
        model.title = self.titles.title("Sequential", kwargs.get("name"))  # named once its layers are made
        self.found.created.append(model)
        return model

    def functional(self, args: list, kwargs: dict) -> KModel:
        """``keras.Model(inputs, outputs)``: the graph between them."""
        inputs = args[0] if args else kwargs.get("inputs", kwargs.get("input"))  # Keras 2: Model(input=, output=)
        outputs = args[1] if len(args) > 1 else kwargs.get("outputs", kwargs.get("output"))
        model = KModel(tensors_of(inputs, self), tensors_of(outputs, self), self.new_id())
        self.found.created.append(model)
        return model

    def keras_input(self, args: list, kwargs: dict) -> KTensor:
        shape = args[0] if args else kwargs.get("shape", kwargs.get("batch_shape"))
        if "batch_shape" in kwargs and not args:
            shape = tuple(shape)[1:]
        for size in (shape if isinstance(shape, (tuple, list)) else (shape,)):
            if isinstance(size, (Opaque, Ignored)) and self.given_shape is not None:  # the student's input line
                shape, self.given_shape = self.given_shape, None     # says it: the layers can read its sizes
                break
            if isinstance(size, (Opaque, Ignored)):  # Input(shape=x_train.shape[1:]): the data decides
                self.found.notes.append(self.from_data("shape", size))
                return KTensor(self.new_id(), None)
        known, note = sized(shape, self.limits.nominal_length)
        if note:
            self.found.notes.append(note)
        name = kwargs.get("name")
        return KTensor(self.new_id(), known, name if isinstance(name, str) else "")

    def pix2pix(self, kind: str, args: list, kwargs: dict) -> KSequential:
        """``pix2pix.upsample(512, 3)``: the Sequential tensorflow/examples' helper returns, its layers made as the
        student's own (numbered as Keras numbers them)."""
        calls = pix2pix_layers(kind, args, kwargs)
        if calls is None:
            raise self.fail(f"pix2pix.{kind}", msg.CODE_UNSUPPORTED.format(token=f"pix2pix.{kind}(…)"))
        return self.sequential([[self.keras_layer(what, a, options, what) for what, a, options in calls]], {})

    def lookup(self, what: str, kwargs: dict):
        """``layers.StringLookup(vocabulary=list(characters), mask_token=None)``: its vocabulary, when given."""
        tokens = lookup_tokens(what, kwargs)
        return Vocabulary(tokens) if tokens is not None else Opaque(self.line, what)

    BUILDERS: ClassVar[dict] = {"Sequential": sequential, "Model": functional, "Functional": functional,
                                "Input": keras_input,
                                **{what: lambda self, args, kwargs, what=what: self.lookup(what, kwargs)
                                   for what in ("StringLookup", "IntegerLookup")},
                                **{f"pix2pix.{kind}": lambda self, args, kwargs, kind=kind: self.pix2pix(kind, args,
                                                                                                        kwargs)
                                   for kind in PIX2PIX}}
    CALLS: ClassVar[dict] = {
        Application: call_application,
        KerasCallable: keras_call,
        KerasActivation: call_activation,
        KerasMatmul: call_matmul,
        (KLayer, KSequential, KModel, KerasInstance): lambda self, f, args, kwargs, name:
            self.keras_apply(f, args, kwargs),
    }

    def eager_tensor(self, name: str, args: list, kwargs: dict):
        shape = args[0] if args else kwargs.get("shape") or kwargs.get("size")
        if name.endswith(("rand", "randn")):  # np.random.rand(8, 784): the sizes one by one
            shape = tuple(args)
        if isinstance(shape, (tuple, list)) and len(shape) >= 2 and all(isinstance(s, int) for s in shape):
            self.found.tensors.append(tuple(shape[1:]))
            return EagerTensor(tuple(shape))
        return Opaque(self.line, name)

    # ---- one layer

    def keras_layer(self, what: str, args: list, kwargs: dict, name: str) -> KLayer:
        kwargs = self.input_options(what, kwargs)
        clean_args = [self.keras_value(a) for a in args]
        clean_kwargs = {k: self.keras_value(v) for k, v in kwargs.items()}
        what, clean_args, clean_kwargs = keras1(what, clean_args, clean_kwargs)
        source = call_text(what, clean_args, clean_kwargs)
        if what == "Lambda":
            return self.lambda_layer(args, kwargs, clean_args, clean_kwargs)
        title = self.titles.title(what, kwargs.get("name"))
        if what in AUGMENTATION:
            what, clean_args = "Masking", []  # Keras' own pass-through layer stands in for it
            clean_kwargs = {k: v for k, v in clean_kwargs.items() if k in ("input_shape", "name")}
        clean_args = self.layer_shapes(what, clean_args, clean_kwargs)
        states = STATES.get(what, 1) if clean_kwargs.pop("return_state", False) else 0  # the outputs they are
        self.layers += 1
        if self.layers > self.limits.max_layers:
            raise self.refuse(msg.TOO_MANY_LAYERS.format(limit=msg.fa(self.limits.max_layers)), name)
        base = {"number": self.line, "path": (), "source": source}
        try:
            nodes = spec.keras_layer(what, clean_args, clean_kwargs, base)
        except SpecError as exc:
            raise self.fail(what, exc.detail) from None
        label = kwargs.get("name")
        return KLayer(what, titled(nodes, title), self.line, self.new_id(), states,
                      label if isinstance(label, str) else "")

    def input_options(self, what: str, kwargs: dict) -> dict:
        """``input_shape=x_train.shape[1:]``: the data decides, so the option is dropped and the report says so."""
        for key in ("input_shape", "input_dim", "batch_input_shape", "input_length"):
            value = kwargs.get(key)
            unknown = [v for v in (value if isinstance(value, (tuple, list)) else [value])
                       if isinstance(v, (Opaque, Ignored))]
            if unknown:
                kwargs = {k: v for k, v in kwargs.items() if k != key}
                self.found.notes.append(self.from_data(key, unknown[0]))
        if what == "Embedding" and "input_length" in kwargs and "input_shape" not in kwargs:
            kwargs = {**kwargs, "input_shape": (kwargs["input_length"],)}  # Keras 2: the length fixes the input
        return kwargs

    def from_data(self, key: str, size) -> str:
        """The note for an input size the data decides; where the code binds it (``num_states =
        env.observation_space.shape[0]``, line 9) is kept, for the refusal when no input line says it."""
        if isinstance(size, Opaque) and not isinstance(size, Undefined) and size.line:
            self.found.data_inputs.append((size.token, size.line))
        return msg.INPUT_FROM_DATA.format(key=key)

    def layer_shapes(self, what: str, args: list, kwargs: dict) -> list:
        """Unknown lengths made nominal, the batch axis dropped, a wrapped layer as its node (``kwargs`` in place)."""
        for key in ("input_shape", "shape"):
            if isinstance(kwargs.get(key), (tuple, list)) and None in kwargs[key]:
                kwargs[key], note = sized(kwargs[key], self.limits.nominal_length)
                self.found.notes.append(note)
        if isinstance(kwargs.get("batch_input_shape"), (tuple, list)):
            kwargs["input_shape"], note = sized(tuple(kwargs.pop("batch_input_shape"))[1:], self.limits.nominal_length)
            if note:
                self.found.notes.append(note)
        for key in ("layer", "backward_layer"):  # Bidirectional(forward, backward_layer=LSTM(…, go_backwards=True))
            if isinstance(kwargs.get(key), KLayer):
                kwargs[key] = kwargs[key].node
        if what in WRAPPERS and args and isinstance(args[0], KLayer):
            return [args[0].node, *args[1:]]  # the wrapper reads its inner layer's node
        return args

    def lambda_layer(self, args: list, kwargs: dict, clean_args: list, clean_kwargs: dict) -> KLayer:
        """``layers.Lambda(fn, output_shape=(1,))``: weightless; the shape Keras is told, or the input's."""
        shape = clean_kwargs.get("output_shape", clean_args[1] if len(clean_args) > 1 else None)
        shape = (shape,) if isinstance(shape, int) else tuple(shape) if isinstance(shape, (tuple, list)) else None
        function = args[0] if args else kwargs.get("function")
        index = slice_of_function(function) if shape is None else None
        if shape is None and index is None and not keeps_shape_function(function):
            raise self.fail("Lambda", msg.LAMBDA_SHAPE_UNKNOWN.format(token=function_text(function)))
        source = call_text("Lambda", [function, *clean_args[1:]], {k: v for k, v in clean_kwargs.items()
                                                                  if k != "function"})
        self.layers += 1
        node = spec.Lambda(out_shape=shape, index=index, number=self.line, source=source,
                           name=self.titles.title("Lambda", kwargs.get("name")))
        return KLayer("Lambda", [*self.carried_input(clean_kwargs), node], self.line, self.new_id())

    def carried_input(self, kwargs: dict) -> list:
        """The Input a first layer's ``input_shape=`` makes, as every layer's does (keras.io's Breakout DQN opens
        with a Lambda transposing (4, 84, 84) frames); none when the layer carries no input option."""
        given = {k: v for k, v in kwargs.items() if k in ("input_shape", "batch_input_shape", "input_dim")}
        if not given:
            return []
        try:
            return spec.keras_layer("InputLayer", [], given, {"number": self.line, "path": (), "source": "Lambda"})
        except SpecError as exc:
            raise self.fail("Lambda", exc.detail) from None

    def keras_value(self, value):
        if isinstance(value, Opaque) and value.token == "lambda":
            return None  # the function of a Lambda layer: not needed to count it
        if isinstance(value, Opaque):
            raise self.unknown(value)
        if isinstance(value, Ignored):
            return value  # a regularizer or initializer: the layer factory ignores it
        if isinstance(value, KerasActivation):
            return value.name
        if isinstance(value, list):
            return [self.keras_value(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.keras_value(v) for v in value)
        return value

    def theano_input(self, node: Input) -> Input:
        """Keras 1 code written for Theano lists channels first; say so instead of reading 3 pixels wide."""
        if self.channels_first and node.layout == "channels_last" and theano({"input_shape": node.shape}):
            return replace(node, layout="channels_first")
        return node

    # ---- Sequential models

    def ksequential_add(self, model: KSequential, layer) -> None:
        if isinstance(layer, KTensor):  # keras.Input(shape=...) listed first
            if model.layers or model.input is not None:
                raise self.fail("Input", msg.INPUT_NOT_FIRST)
            if layer.shape is None:  # Input(shape=x_train.shape[1:]): the data decides; an `input` line may say
                return
            model.input = Input(shape=layer.shape, layout="channels_last", layout_given=True,
                                number=self.line, source=f"Input(shape={layer.shape})")
            return
        if isinstance(layer, KLayer) and isinstance(layer.nodes[0], Input) and self.layer_input(model, layer):
            return
        if isinstance(layer, KSequential) and layer.input is not None and not model.layers and model.input is None:
            model.input = self.own_input(layer)  # Sequential([base_model, Flatten(), ...]): the base fixes the input
        if isinstance(layer, (KLayer, KSequential, KerasInstance)):
            model.layers.append(layer)
            if isinstance(layer, (KSequential, KerasInstance)):
                self.found.contained.add(id(layer))
            return
        if isinstance(layer, Opaque):
            raise self.unknown(layer)
        raise self.fail(type(layer).__name__, msg.CODE_NOT_A_LAYER.format(token=type(layer).__name__))

    def layer_input(self, model: KSequential, layer: KLayer) -> bool:
        """A layer carrying ``input_shape`` (or an InputLayer) fixes the model's input; True if that is all it is."""
        if layer.name in ("Input", "InputLayer") or len(layer.nodes) == 1:
            if model.layers:
                raise self.fail("Input", msg.INPUT_NOT_FIRST)
            model.input = self.theano_input(layer.nodes[0])
            return len(layer.nodes) == 1
        if not model.layers and model.input is None:
            model.input = self.theano_input(layer.nodes[0])
        return False

    def own_input(self, model: KSequential) -> Input:
        """``model``'s own input, where it becomes the input of the model counted (saying so when it is a size
        Keras leaves open and the count took as usual)."""
        self.found.open(model, self.limits)
        return model.input

    def sequential_ends(self, model: KSequential) -> tuple[KTensor, KTensor]:
        """``base_model.input``/``.output`` (transfer learning in the functional API): the Sequential as a graph."""
        if model.id not in self.ends:
            tensor = KTensor(self.new_id(), tuple(self.own_input(model).shape))
            self.ends[model.id] = (tensor, self.keras_apply(model, [tensor], {}))
        return self.ends[model.id]

    def zoo_application(self, name: str, args: list, kwargs: dict) -> KSequential | None:
        """``keras.applications.ResNet50/MobileNetV2/Xception…(include_top=False, ...)``: the zoo's layers as one
        model Keras names ``resnet50`` (a single row where it is a layer of the student's model), so
        ``base.trainable = False`` freezes them all.  ``input_tensor=inputs`` (a ``keras.Input``) builds it on that
        input, so ``base.output`` continues the student's graph.  A width (``alpha``) other than the default stays
        refused, as do MobileNetV3's ``minimalistic`` blocks, an input shape written with a variable or an input
        tensor that is not a graph input."""
        tensor = kwargs.get("input_tensor")
        shape = kwargs.get("input_shape") if tensor is None else self.graph_input_shape(tensor)
        if (args or kwargs.get("alpha", 1.0) != 1.0 or "depth_multiplier" in kwargs or shape is False
                or kwargs.get("minimalistic", False) is not False):  # MobileNetV3's other, smaller blocks
            return None
        if shape is not None and not (isinstance(shape, (tuple, list)) and len(shape) == 3
                                      and all(isinstance(v, int) for v in shape)):
            return None
        include_top, classes = kwargs.get("include_top", True), kwargs.get("classes", 1000)
        preprocessing = kwargs.get("include_preprocessing", True)
        if not all(isinstance(flag, bool) for flag in (include_top, preprocessing)) or not isinstance(classes, int):
            return None
        pooling = kwargs.get("pooling")
        built = keras_application(name, shape[0] if shape else None, include_top, pooling, classes, preprocessing)
        if built is None:
            return None
        title, default, nodes = built
        open_size = ""
        if shape is None and not include_top and tensor is None:  # Keras leaves the size open, (None, None, 3)
            shape = (self.limits.nominal_image, self.limits.nominal_image, default.shape[-1])  # Keras' layout
            open_size = name
        listed, order = keras_layer_list(name, include_top, pooling, kwargs.get("weights", "imagenet"), preprocessing)
        model = KSequential(name=title, id=self.new_id(), stages=True, title=f"{title} (Functional)",
                            keras_layers=listed, keras_order=order, open_size=open_size)
        if shape is not None or include_top:
            shape = tuple(shape or default.shape)
            model.input = Input(shape=shape, layout="channels_last", layout_given=True, from_keras=True,
                                number=self.line, source=f"{name}(input_shape={shape})")
        model.layers.extend(KLayer(type(node).__name__, [replace(node, number=self.line)], self.line, self.new_id())
                            for node in nodes)
        self.found.created.append(model)
        self.found.frameworks.add("keras")
        if tensor is not None:  # built on the student's input: base.output is a step of their graph
            model.on_input = True
            self.ends[model.id] = (tensor, self.keras_apply(model, [tensor], {}))
        return model

    def graph_input_shape(self, tensor) -> tuple[int, ...] | bool:
        """The shape of ``input_tensor=inputs`` when it is a ``keras.Input`` of known shape; False otherwise: on a
        tensor some layer made, Keras' application would take in those layers too."""
        if not isinstance(tensor, KTensor) or tensor.shape is None:
            return False
        if any(step.output is tensor for step in self.found.graph):
            return False
        return tuple(tensor.shape)

    def s_For(self, stmt: ast.For, env: dict) -> None:
        """``for layer in base.layers: layer.trainable = False`` over a whole zoo-built application: the same as
        freezing the model (its own list of layers is not ours to walk)."""
        frozen = _whole_freeze(stmt)
        model = self.expr(stmt.iter.value, env) if frozen is not None else None
        if isinstance(model, KSequential) and model.stages:
            self.set_attribute(model, "trainable", frozen)
            return
        super().s_For(stmt, env)

    # ---- the functional graph

    def keras_apply(self, layer, args: list, kwargs: dict):
        """``layer(x)``: a step of the graph from ``x``'s tensors to a new one (a list with an RNN's states)."""
        if not args:
            args, kwargs = self.keyword_inputs(layer, kwargs)
        inputs = args[0]
        if isinstance(inputs, spec.Ignored) and self.positions_of_input(layer):
            inputs = self.call_inputs[-1]
        if isinstance(inputs, (Opaque, torch.Tensor, EagerTensor)):
            return inputs
        tensors = tensors_of(inputs, self)
        if isinstance(layer, KerasInstance):  # a subclassed layer/model used inside a graph: follow its call()
            return self.call_subclassed(layer, inputs, tensors, args[1:], kwargs)
        if isinstance(layer, KModel):  # a model used as a layer (a Siamese twin): its steps again, same weights
            self.found.contained.add(id(layer))
            return self.replay(layer, tensors)
        if isinstance(layer, KSequential) and has_subclassed(layer) and len(tensors) == 1:
            self.found.contained.add(id(layer))  # `self.blocks.add(InceptionBlk(…))` called in call(): each block's
            return apply_all(self, layer, tensors[0])  # own call() in turn
        extra = self.extra_inputs(layer, args, kwargs)
        output = KTensor(self.new_id())
        self.found.graph.append(KStep(layer, tensors + extra, output, self.line))  # states only to keep the encoder
        output.shape = eager_shape(layer, tensors, self.limits)
        if isinstance(layer, KSequential):
            self.found.contained.add(id(layer))
        if isinstance(layer, KLayer) and layer.states:
            units = getattr(layer.node, "units", None)
            states = [self.keras_node(spec.Lambda(out_shape=(units,) if units else None, number=self.line,
                                                  source="state"), [output]) for _ in range(layer.states)]
            return [output, *states]
        if kwargs.get("return_attention_scores") is True:
            return [output, self.attention_scores(layer, tensors + extra, output)]
        return output

    def attention_scores(self, layer, tensors: tuple[KTensor, ...], output: KTensor) -> KTensor:
        """``out, scores = attention([q, v], return_attention_scores=True)``: the scores, (Tq, Tv) (per head for
        MultiHeadAttention), have no weights of their own; a tensor of their shape for code that returns them."""
        node = layer.node if isinstance(layer, KLayer) else None
        why = msg.WHY_DEFAULT_ONLY
        if isinstance(node, (ScoredAttention, spec.Attention)) and all(t.shape is not None for t in tensors[:2]):
            steps = (tensors[0].shape[0], tensors[1 if len(tensors) > 1 else 0].shape[0])
            if isinstance(node, ScoredAttention):
                return self.keras_node(spec.Lambda(out_shape=steps, number=self.line, source="attention scores"),
                                       [output])
            if steps[0] == steps[1]:
                return self.keras_node(spec.Lambda(out_shape=(node.heads, *steps), number=self.line,
                                                   source="attention scores"), [output])
            why = msg.WHY_SCORES_LENGTHS
        name = getattr(layer, "name", type(layer).__name__)
        raise self.fail(name, msg.UNSUPPORTED_OPTION.format(option="return_attention_scores", layer=name, why=why))

    def positions_of_input(self, layer) -> bool:
        """``self.pos_emb(ops.arange(0, ops.shape(x)[-1]))`` inside a ``call``: positions we do not compute.

        An Embedding's weights do not depend on what it is given, so it is applied to the call's own input
        (the same length) and a note says so; any other layer on such a value is still refused."""
        if not (self.call_inputs and isinstance(layer, KLayer) and type(layer.node).__name__ == "Embedding"):
            return False
        if msg.POSITIONS_AS_INPUT not in self.found.notes:
            self.found.notes.append(msg.POSITIONS_AS_INPUT)
        return True

    def keyword_inputs(self, layer, kwargs: dict) -> tuple[list, dict]:
        """``block(source=x, source_mask=m)``: the first input passed by name, as Keras takes it.

        A subclassed layer's is its ``call``'s first parameter after ``self``; a built-in layer's is
        ``inputs`` (``query`` for attention)."""
        names = ["inputs", "query"]
        method = layer.cls.lookup("call") if isinstance(layer, KerasInstance) else None
        if isinstance(method, UserFunction):
            params = [a.arg for a in method.node.args.args[1:]]
            names = params[:1]
        first = next((n for n in names if n in kwargs), None)
        if first is None:
            raise self.fail("call", msg.CODE_UNSUPPORTED.format(token="()"))
        return [kwargs[first]], {k: v for k, v in kwargs.items() if k != first}

    def extra_inputs(self, layer, args: list, kwargs: dict) -> tuple[KTensor, ...]:
        """An RNN's initial state; attention's value and key (query, value, key: the value's width counts)."""
        initial = kwargs.get("initial_state")
        extra = tensors_of(initial, self) if isinstance(initial, (KTensor, list, tuple)) else ()
        if getattr(layer, "name", "") == "MultiHeadAttention":
            extra = tuple(t for a in [*args[1:], kwargs.get("value"), kwargs.get("key")]
                          if isinstance(a, KTensor) for t in tensors_of(a, self))
        return extra

    def call_subclassed(self, layer: KerasInstance, inputs, tensors: tuple[KTensor, ...], args, kwargs):
        method = layer.cls.lookup("call")
        if not isinstance(method, UserFunction):
            raise self.fail(layer.cls.name, msg.CODE_NO_FORWARD.format(token=layer.cls.name))
        if _makes_weights(layer) and not _has_sublayers(layer):
            return self.call_weighted(layer, method, inputs, tensors, args, kwargs)
        self.found.contained.add(id(layer))
        start = len(self.found.graph)
        self.call_inputs.append(tensors[0])
        try:
            return self.call_user(method, [layer, inputs, *args], _call_options(method, kwargs))
        except Unfollowable:
            if _has_weights(layer):
                raise
        finally:
            self.call_inputs.pop()
        # A layer with no weights of its own whose arithmetic we cannot follow (keras.io's Sampling):
        # it adds no parameters; its output is shaped like its first input.
        del self.found.graph[start:]
        node = spec.PassThrough(layer=layer.cls.name, number=self.line, source=layer.cls.name,
                                name=self.titles.title(layer.cls.name, None))
        out = KTensor(self.new_id(), tensors[0].shape)
        self.found.graph.append(KStep(KLayer(layer.cls.name, [node], self.line, self.new_id()), tensors, out,
                                      self.line))
        return out

    def super_method(self, obj, method: str, args: list, kwargs: dict):
        """``super().build(input_shape)`` in a custom layer's ``build``: Keras' own only marks it built."""
        if method == "build" and isinstance(obj, KerasInstance):
            return None
        return super().super_method(obj, method, args, kwargs)

    def call_weighted(self, layer: KerasInstance, method: UserFunction, inputs, tensors: tuple[KTensor, ...],
                      args, kwargs) -> KTensor:
        """A custom layer making its own weights: ``build`` run on the input's shape (as Keras does on the first
        call), ``call`` followed for the output's shape and its matmuls; then one row with its weights."""
        if layer.built is None:
            build = layer.cls.lookup("build")
            if isinstance(build, UserFunction) and tensors[0].shape is not None and not layer.weights:
                self.call_user(build, [layer, (None, *tensors[0].shape)], {})  # (not again after layer.build(…))
            start = len(self.found.graph)
            self.weighing.append(layer)
            try:
                out = self.call_user(method, [layer, inputs, *args], _call_options(method, kwargs))
            finally:
                self.weighing.pop()
            del self.found.graph[start:]  # its arithmetic is this one layer
            if not isinstance(out, KTensor) or out.shape is None or not layer.weights:
                raise self.fail(layer.cls.name, msg.CODE_UNSUPPORTED.format(token=f"{layer.cls.name}.call"))
            node = spec.OwnWeights(layer=layer.cls.name, weights=tuple((w.shape, w.trainable) for w in layer.weights),
                                   out_shape=tuple(out.shape), macs=layer.macs, number=self.line,
                                   source=layer.cls.name, name=self.titles.title(layer.cls.name, None))
            layer.built = KLayer(layer.cls.name, [node], self.line, self.new_id())
        shape = layer.built.node.out_shape
        result = KTensor(self.new_id(), shape)
        self.found.graph.append(KStep(layer.built, tensors, result, self.line))  # shared: its weights count once
        return result

    def replay(self, model: KModel, tensors: tuple[KTensor, ...]):
        if len(tensors) != len(model.inputs):
            raise self.fail("Model", msg.CODE_UNSUPPORTED.format(token="Model(...)"))
        mapping = {old.id: new for old, new in zip(model.inputs, tensors)}
        producer = {step.output.id: step for step in self.found.graph}
        for step in _steps_between(model, producer):
            out = self.keras_apply(step.layer, [[mapping[t.id] for t in step.inputs]
                                                if len(step.inputs) > 1 else mapping[step.inputs[0].id]], {})
            mapping[step.output.id] = out
        outs = [mapping[t.id] for t in model.outputs]
        return outs[0] if len(outs) == 1 else outs

    def keras_node(self, node: Node, inputs: list) -> KTensor:
        """An operation written as a function or operator (``tf.nn.relu(x)``, ``x + y``): a layer of its own."""
        layer = KLayer(type(node).__name__, [node], self.line, self.new_id())
        return self.keras_apply(layer, [inputs if len(inputs) > 1 else inputs[0]], {})


def _whole_freeze(stmt: ast.For) -> bool | None:
    """The value of ``for x in m.layers: x.trainable = <True|False>``, the loop's only statement; else None."""
    if not (isinstance(stmt.iter, ast.Attribute) and stmt.iter.attr == "layers" and isinstance(stmt.target, ast.Name)
            and len(stmt.body) == 1 and not stmt.orelse):
        return None
    body = stmt.body[0]
    if (isinstance(body, ast.Assign) and len(body.targets) == 1 and isinstance(body.targets[0], ast.Attribute)
            and body.targets[0].attr == "trainable" and isinstance(body.targets[0].value, ast.Name)
            and body.targets[0].value.id == stmt.target.id and isinstance(body.value, ast.Constant)
            and isinstance(body.value.value, bool)):
        return body.value.value
    return None


def titled(nodes: list[Node], title: str) -> list[Node]:
    """The layer's own nodes (not the Input its ``input_shape=`` made) carry its summary label."""
    return [n if isinstance(n, Input) else replace(n, name=title) for n in nodes]


def tensors_of(value, reader: Interpreter) -> tuple[KTensor, ...]:
    if isinstance(value, KTensor):
        return (value,)
    if isinstance(value, (list, tuple)):
        out = []
        for item in value:
            out.extend(tensors_of(item, reader))
        return tuple(out)
    if isinstance(value, dict):
        return tensors_of(list(value.values()), reader)
    if isinstance(value, Opaque):
        raise reader.unknown(value)
    raise reader.fail(type(value).__name__, msg.CODE_NOT_A_TENSOR.format(token=type(value).__name__))


def apply_all(reader: KerasSide, model: KSequential, tensor: KTensor) -> KTensor:
    """A Sequential holding subclassed layers, applied layer by layer (nested ones likewise)."""
    for layer in model.layers:
        if isinstance(layer, KSequential) and has_subclassed(layer):
            tensor = apply_all(reader, layer, tensor)
        else:
            tensor = reader.keras_apply(layer, [tensor], {})
    return tensor


def has_subclassed(model: KSequential) -> bool:
    return any(isinstance(layer, KerasInstance) or isinstance(layer, KSequential) and has_subclassed(layer)
               for layer in model.layers)


def batchless(shape) -> tuple[int, ...]:
    shape = tuple(shape)
    return tuple(int(s) for s in shape[1:]) if shape and shape[0] is None or len(shape) > 1 else shape


def eager_shape(layer, tensors: tuple[KTensor, ...], limits: Limits) -> tuple[int, ...] | None:
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
        elif isinstance(node, ScoredAttention):
            shaped = attend(rules.Walker(limits, "channels_last"), node, internal)
        elif len(internal) == 1:
            shaped = rules.Walker(limits, "channels_last").node(node, internal[0])
        else:
            return None
    except (SpecError, TypeError, ValueError, AttributeError):
        return None
    return rules.from_internal(shaped.out_shape, "channels_last")


def _call_options(method: UserFunction, kwargs: dict) -> dict:
    """What a subclassed ``call`` is given besides its inputs: ``training`` and ``mask`` change no count, so
    they are dropped, except that a ``call(self, inputs, training)`` without a default gets None, as Keras 2 gave
    it (Keras 3 would refuse the call)."""
    options = {k: v for k, v in kwargs.items() if k not in ("training", "mask")}
    names = [a.arg for a in method.node.args.args]
    if "training" in names[2:]:
        options["training"] = None
    return options


def _has_weights(layer: KerasInstance) -> bool:
    """Sublayers in its attributes, or weights made with add_weight in its code."""
    return _has_sublayers(layer) or _makes_weights(layer)


def _has_sublayers(layer: KerasInstance) -> bool:
    return any(isinstance(v, (KLayer, KSequential, KerasInstance, KModel)) for v in layer.attrs.values())


def _makes_weights(layer: KerasInstance) -> bool:
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
