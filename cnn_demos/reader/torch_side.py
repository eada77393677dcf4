"""The torch side of the reader: ``torch.nn`` layers built on ``meta`` (shapes without memory), tensor
functions applied to meta tensors, the student's ``nn.Module`` classes made real subclasses whose
``forward`` the interpreter runs, and torchvision's models for transfer-learning code.
"""

from __future__ import annotations

import ast
import copy
import math
import re
import warnings
from collections import OrderedDict
from typing import ClassVar

import torch
from torch import nn

from cnn_demos import messages as msg
from cnn_demos.reader.errors import UndefinedClass, Unfollowable, first_line, snippet, spec_error
from cnn_demos.reader.interpreter import MAX_LOOP, MAX_SEQUENCE, Interpreter
from cnn_demos.reader.names import PLAIN
from cnn_demos.reader.torch_names import DEFAULT_NAMES as TORCH_NAMES
from cnn_demos.reader.torch_names import (
    LAYER_UTILITIES,
    LEGACY_TENSORS,
    MODULE_SELF_METHODS,
    SKIPPED_METHODS,
    TENSOR_METHODS,
    d2l_torch_function,
    missing_layer,
    torch_name,
)
from cnn_demos.reader.values import (
    NN_MODULE,
    Bound,
    BoundUser,
    FailedPart,
    ModuleWrapper,
    Opaque,
    TorchClass,
    TorchFunction,
    TorchvisionModel,
    UserClass,
    UserFunction,
    inherits,
)
from cnn_demos.spec import Ignored, SpecError

_MISSING = object()
_TENSOR_ATTRIBUTES = {
    "shape": lambda t: tuple(t.shape), "ndim": lambda t: t.dim(),
    "dtype": lambda t: t.dtype, "device": lambda t: t.device,  # compared (X.device != Y.device), never moved to
    "T": lambda t: t.T, "data": lambda t: t.detach(),         # .data: the same storage, free of autograd
}
_TENSOR_SELF_METHODS = ("to", "cuda", "cpu", "detach", "clone", "float", "contiguous")
_LIBRARY_ERRORS = (TypeError, ValueError, RuntimeError, IndexError)


class TorchSide(Interpreter):
    """The interpreter's answers for torch values: layer classes, modules, meta tensors, tensor functions."""

    DEFAULT_NAMES: ClassVar[dict] = {**Interpreter.DEFAULT_NAMES, **TORCH_NAMES}
    MODEL_KINDS = (*Interpreter.MODEL_KINDS, nn.Module)
    TRUE_KINDS = (*Interpreter.TRUE_KINDS, nn.Module, torch.Tensor)

    # ---- what torch values are

    def resolve_name(self, path: str):
        missing = missing_layer(path)
        if missing is not None:  # nn.Conv2dd(1, 8, 3): named where it is used, never a module left out
            token, close = missing
            suggestion = msg.CODE_DID_YOU_MEAN.format(name=close) if close else ""
            text = msg.CODE_UNKNOWN_TORCH_LAYER.format(token=token, suggestion=suggestion)
            return Opaque(self.line, token, UndefinedClass(self.line, token, text))
        if path.startswith("torch"):
            return torch_name(path)
        function = d2l_torch_function(path)
        return function if function is not None else super().resolve_name(path)

    def base_framework(self, base) -> str | None:
        if isinstance(base, TorchClass) or base is NN_MODULE:
            return "torch"
        return super().base_framework(base)

    def instance_of(self, obj, kind) -> bool | None:
        if isinstance(kind, TorchClass) and isinstance(kind.cls, type):
            return isinstance(obj, kind.cls)
        if isinstance(kind, UserClass) and isinstance(obj, nn.Module):
            own = getattr(type(obj), "_daneshyar_class", None)
            return own is not None and inherits(own, kind)
        if kind in PLAIN and isinstance(obj, (nn.Module, torch.Tensor)):
            return isinstance(obj, kind)
        return super().instance_of(obj, kind)

    def has_attribute(self, obj, name: str):
        if not name.startswith("__") and isinstance(obj, nn.Module):
            cls = getattr(type(obj), "_daneshyar_class", None)
            if cls is not None and cls.lookup(name) is not None:
                return True
            return any(name in d for d in (obj.__dict__, obj._modules, obj._parameters, obj._buffers)) or hasattr(
                nn.Module, name) or (cls is None and hasattr(obj, name))
        return super().has_attribute(obj, name)

    def iterate(self, value) -> list:
        if isinstance(value, (nn.Sequential, nn.ModuleList, nn.ModuleDict)):
            return list(value)
        if isinstance(value, torch.Tensor):
            return [value[i] for i in range(min(value.shape[0], MAX_LOOP))] if value.dim() else []
        return super().iterate(value)

    def store_item(self, obj, key, value, target: ast.Subscript) -> None:
        if isinstance(obj, (nn.ModuleDict, nn.ModuleList, nn.Sequential)):
            obj[key] = value
        elif isinstance(obj, torch.Tensor):  # pe[:, 0::2] = torch.sin(...): a meta tensor, shapes only
            try:
                obj[key] = value
            except (RuntimeError, IndexError, TypeError) as exc:
                raise self.fail(snippet(target), msg.CODE_TENSOR_ERROR.format(detail=first_line(exc))) from None
        else:
            super().store_item(obj, key, value, target)

    def write_attribute(self, obj, name: str, value) -> None:
        if isinstance(obj, nn.Module):
            self.write_module_attribute(obj, name, value)
        elif isinstance(obj, nn.Parameter) and name == "requires_grad" and isinstance(value, bool):
            obj.requires_grad = value  # frozen layers of a fine-tuned model count as non-trainable
        elif not isinstance(obj, torch.Tensor):  # x.requires_grad = False, a parameter's data: nothing the count needs
            super().write_attribute(obj, name, value)

    def write_module_attribute(self, obj: nn.Module, name: str, value) -> None:
        if isinstance(value, FailedPart):  # self.encoder = encoder, whose own construction failed: say why
            raise value.cause
        if isinstance(value, Opaque) and isinstance(value.cause, UndefinedClass):
            cls = getattr(type(obj), "_daneshyar_class", None)
            if cls is None or not _LOSS.search(value.cause.token) or used_beyond_init(cls, name):
                raise value.cause  # self.attn = SelfAttention(64) with no such class here: its weights are unknown
            # self.criterion = FocalLoss() that no method but __init__ reads: a loss holds no weights by custom,
            # and the model computes nothing with it
            cause = value.cause  # (notes are said once: choose() keeps the first of each)
            self.found.notes.append(msg.CODE_UNDEFINED_UNUSED.format(token=cause.token, line=msg.fa(cause.line),
                                                                     name=name))
            return
        if getattr(type(obj), "_daneshyar_class", None) is not None:
            setattr(obj, name, value)  # nn.Module registers layers and parameters, keeps anything else as is
        elif name in ("requires_grad", "inplace"):
            return
        elif isinstance(value, (nn.Module, nn.Parameter)):
            setattr(obj, name, value)  # model.fc = nn.Linear(...) replaces a head; decoder.weight = ... ties
        elif isinstance(value, (int, float, str)) and not name.startswith("_"):
            setattr(obj, name, value)  # model_ft.num_classes = 2: a note on a built module, its weights unchanged
        else:
            raise self.unsupported(name)

    # ---- attributes

    def tensor_attribute(self, obj: torch.Tensor, name: str):
        if name in _TENSOR_ATTRIBUTES:
            return _TENSOR_ATTRIBUTES[name](obj)
        if name in TENSOR_METHODS:
            return Bound(obj, name)
        raise self.fail(name, msg.CODE_UNKNOWN_ATTRIBUTE.format(token=name))

    def module_attribute(self, obj: nn.Module, name: str):
        cls = getattr(type(obj), "_daneshyar_class", None)
        if cls is not None:
            found = self.own_attribute(obj, cls, name)
            if found is not _MISSING:
                return found
        if name in obj._modules or name in obj._parameters:  # model_conv.fc, features[0].weight
            return obj._modules[name] if name in obj._modules else obj._parameters[name]
        if name in MODULE_SELF_METHODS or name in SKIPPED_METHODS or name in self.MODULE_METHODS:
            return Bound(obj, name)
        value = getattr(obj, name, None) if not name.startswith("_") else None
        if isinstance(value, (int, float, bool, str, tuple, torch.Tensor)):  # configuration: in_features,
            return value                                                     # bidirectional, weight, ...
        return Opaque(self.line, name)

    def own_attribute(self, obj: nn.Module, cls: UserClass, name: str):
        """An attribute of a module of the student's class: its methods, what it set, its class attributes."""
        found = cls.lookup(name)
        if isinstance(found, UserFunction):
            return BoundUser(found, obj)
        if name in obj.__dict__ or name in obj._modules or name in obj._parameters or name in obj._buffers:
            return getattr(obj, name)
        if found is not None:
            return found
        if name == "training":
            return False
        return _MISSING

    def class_attribute(self, obj: TorchClass, name: str):
        """``nn.Embedding.from_pretrained``: the one class method a model definition uses."""
        if name == "from_pretrained" and obj.cls in (nn.Embedding, nn.EmbeddingBag):
            return ModuleWrapper(f"torch.nn.{obj.cls.__name__}.from_pretrained")
        raise self.fail(name, msg.CODE_UNKNOWN_ATTRIBUTE.format(token=f"{obj.cls.__name__}.{name}"))

    ATTRIBUTES: ClassVar[dict] = {nn.Module: module_attribute, torch.Tensor: tensor_attribute,
                                  TorchClass: class_attribute}

    # ---- calls

    def before_call(self, node: ast.Call, env: dict) -> bool:
        return self.summary_input(node, env) or super().before_call(node, env)

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
        self.found.shown.append(model)
        size = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "input_size"), None)
        try:
            value = self.expr(size, env) if size is not None else None
        except Unfollowable:
            return True
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], (tuple, list)):
            value = value[0]   # torchinfo's input_size=[(1, 3, 224, 224)]
        if isinstance(value, (tuple, list)) and value and all(
                isinstance(v, int) and not isinstance(v, bool) and 0 < v <= self.limits.max_spatial * 64 for v in value):
            self.found.summaries.append(tuple(value))
        return True

    def construct_torch(self, func: TorchClass, args: list, kwargs: dict, name: str):
        self.found.frameworks.add("torch")
        cls = func.cls
        if cls is nn.Parameter:
            return self.parameter(args, kwargs, name)
        # padding_idx=lang.word2id["<pad>"] of data not pasted: no size depends on it, the default stands in
        kwargs = {k: v for k, v in kwargs.items() if not (isinstance(v, Opaque) and k in _SIZE_FREE)}
        unknown = _unknown_part([*args, *kwargs.values()])
        if unknown is not None:  # a size, or a layer of a class not pasted (MaxPoolStride1 from another file)
            raise self.unknown(unknown)
        for value in [*args, *kwargs.values()]:
            if isinstance(value, Ignored):
                raise self.fail(value.what, msg.CODE_UNKNOWN_VALUE.format(token=value.what))
        kwargs = {k: v for k, v in kwargs.items() if k not in ("device", "dtype")}
        self.layers += 1
        if self.layers > self.limits.max_layers:
            raise self.refuse(msg.TOO_MANY_LAYERS.format(limit=msg.fa(self.limits.max_layers)), name)
        self.check_torch_sizes(args, kwargs, name)
        if cls in (nn.Sequential,) and len(args) == 1 and isinstance(args[0], (OrderedDict, dict)):
            args = [OrderedDict(args[0])]
        module = self.build_module(cls, args, kwargs, name)
        if isinstance(module, (nn.Sequential, nn.ModuleList, nn.ModuleDict)):
            for child in module.children():
                self.found.contained.add(id(child))
            self.found.created.append(module)
        return module

    def parameter(self, args: list, kwargs: dict, name: str):
        tensor = args[0] if args else kwargs.get("data")
        grad = args[1] if len(args) > 1 else kwargs.get("requires_grad", True)
        if isinstance(tensor, Opaque):   # a weight we cannot size must not silently count as none
            raise self.unknown(tensor)
        if not isinstance(tensor, torch.Tensor) or not isinstance(grad, bool):
            raise self.fail(name, msg.CODE_UNKNOWN_VALUE.format(token=name))
        return nn.Parameter(tensor, requires_grad=grad)  # requires_grad=False: counted, not trainable

    def build_module(self, cls: type, args: list, kwargs: dict, name: str) -> nn.Module:
        try:
            with torch.device("meta"), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # torch's advice to developers is not for the student
                module = cls(*args, **kwargs)
        except (TypeError, ValueError, RuntimeError, AssertionError, AttributeError, IndexError) as exc:
            raise self.fail(name, msg.CODE_BAD_LAYER.format(token=f"{cls.__name__}", detail=first_line(exc))) \
                from None
        params = sum(p.numel() for p in module.parameters() if not isinstance(p, nn.UninitializedParameter))
        if params > self.limits.max_layer_params:
            raise self.refuse(msg.TOO_MANY_PARAMS.format(value=f"{params:,}", limit=f"{self.limits.max_layer_params:,}"))
        return module

    def torchvision_model(self, func: TorchvisionModel, args: list, kwargs: dict, name: str) -> nn.Module:
        """Pretrained weights never load here: the architecture is what gets counted."""
        from cnn_demos.zoo import torchvision_models

        name = func.name
        self.found.frameworks.add("torch")
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
            raise self.fail(name, msg.CODE_BAD_LAYER.format(token=name, detail=first_line(exc))) from None
        self.found.created.append(model)
        return model

    def check_torch_sizes(self, args: list, kwargs: dict, name: str) -> None:
        """Refuse absurd sizes before torch sees them (meta costs no memory, but a 10¹⁵-unit layer is a typo)."""
        for value in [*args, *kwargs.values()]:
            for number in (value if isinstance(value, (tuple, list)) else (value,)):
                if isinstance(number, int) and not isinstance(number, bool) and number > self.limits.max_units * 1000:
                    raise self.refuse(msg.TOO_MANY_CHANNELS.format(value=f"{number:,}",
                                                                   limit=f"{self.limits.max_units * 1000:,}"), name)

    def torch_function(self, func: TorchFunction, args: list, kwargs: dict, name: str):
        self.found.frameworks.add("torch")
        unknown = _unknown_part([*args, *kwargs.values()])
        if unknown is not None:  # torch.cat([up, skip], dim=1) of tensors the paste never made: unknown too
            return unknown
        kwargs = {k: v for k, v in kwargs.items() if k not in ("device", "requires_grad", "generator")}
        if func.create:
            return self.create_tensor(func, args, kwargs, name)
        try:
            return func.function(*args, **kwargs)
        except _LIBRARY_ERRORS as exc:
            raise self.fail(name, msg.CODE_TENSOR_ERROR.format(detail=first_line(exc))) from None

    def create_tensor(self, func: TorchFunction, args: list, kwargs: dict, name: str):
        """``torch.randn(1, 3, 224, 224)`` and friends: a meta tensor, and an example input the code names."""
        if func.name in LEGACY_TENSORS:   # torch.FloatTensor([0.5, 0.5]) holds data; torch.Tensor(16, 8) a shape
            data = len(args) == 1 and isinstance(args[0], (list, tuple))
            kwargs = kwargs if data else {**kwargs, "dtype": LEGACY_TENSORS[func.name]}
            func = TorchFunction("tensor" if data else "empty", torch.tensor if data else torch.empty, create=True)
        shape = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else kwargs.get("size", args)
        if func.name == "arange":  # positions for an encoding: a meta tensor of the right length
            numbers = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
            if len(numbers) == len(args) and numbers and abs(max(numbers, key=abs)) <= MAX_SEQUENCE:
                return torch.arange(*numbers, device="meta", dtype=kwargs.get("dtype") or None)
            return Opaque(self.line, name)
        if func.name == "linspace":
            return self.linspace(args, name)
        if func.name == "tensor" and args and isinstance(args[0], (list, tuple)):
            shape = _nested_shape(args[0])
            if shape is not None and math.prod(shape) <= MAX_SEQUENCE:
                return torch.empty(shape, device="meta")
        if func.name == "tensor" and args and isinstance(args[0], torch.Tensor):  # a copy of a tensor made here:
            dtype = kwargs.get("dtype")  # torch.tensor(torch.zeros(num_classes), dtype=self.linear_1.weight.dtype)
            dtype = dtype if isinstance(dtype, torch.dtype) else args[0].dtype
            return torch.empty(args[0].shape, device="meta", dtype=dtype)
        if func.name in ("randint", "full", "tensor", "normal"):
            return Opaque(self.line, name)
        shape = tuple(shape)
        if not all(isinstance(s, int) and 0 < s <= self.limits.max_spatial * 64 for s in shape):
            return Opaque(self.line, name)
        kwargs.pop("size", None)
        tensor = torch.empty(shape, device="meta", dtype=kwargs.get("dtype") or torch.float32)
        if len(shape) >= 2:
            self.found.tensors.append(shape[1:])
        return tensor

    def linspace(self, args: list, name: str):
        """``torch.linspace(0, drop_path_rate, sum(depths))``: timm-style stochastic-depth rates, real numbers,
        since ``.item()`` of each picks ``DropPath`` or ``nn.Identity`` for a block (neither has weights)."""
        numbers = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
        if len(args) == len(numbers) == 3 and isinstance(args[2], int) and 0 < args[2] <= MAX_SEQUENCE:
            return torch.linspace(*numbers)
        return Opaque(self.line, name)

    def call_module(self, module: nn.Module, args: list, kwargs: dict, name: str):
        if not args or not all(isinstance(a, torch.Tensor) for a in args[:1]):
            if args and isinstance(args[0], Opaque):
                return args[0]
            raise self.unsupported(name)
        try:
            return module(*args, **kwargs)
        except (SpecError, Unfollowable):
            raise
        except (*_LIBRARY_ERRORS, AssertionError) as exc:
            raise self.fail(name, msg.CODE_TENSOR_ERROR.format(detail=first_line(exc))) from None

    def layer_subclass(self, cls: UserClass, layer: type, args: list, kwargs: dict) -> nn.Module:
        """``class Linear(Bottle, nn.Linear): pass``: torch's own layer builds the weights from the arguments.

        Its ``forward`` is the student's when written (``super().forward`` reaching torch's); its own
        ``__init__`` runs, and its ``super().__init__(...)`` is torch's, which makes the weights."""
        attrs = {"_daneshyar_class": cls}
        if isinstance(cls.lookup("forward"), UserFunction):
            attrs["forward"] = module_class(cls, self).forward
        real = type(cls.name, (layer,), attrs)
        init = cls.lookup("__init__")
        if not isinstance(init, UserFunction):
            module = self.construct_torch(TorchClass(layer), args, kwargs, cls.name)
            module.__class__ = real   # the weights torch made, under the student's class
        else:
            module = real.__new__(real)
            nn.Module.__init__(module)
            self.call_user(init, [module, *args], kwargs)
            if not getattr(module, "_daneshyar_built", False):   # torch's __init__ never ran: no weights to count
                raise self.fail(cls.name, msg.CODE_UNSUPPORTED.format(token=f"{cls.name}.__init__"))
        self.found.created.append(module)
        return module

    def super_init(self, obj, args: list, kwargs: dict) -> None:
        """``super().__init__(in_features, out_features)`` in a subclass of a torch layer: torch's, with the sizes."""
        cls = getattr(type(obj), "_daneshyar_class", None)
        layer = torch_layer_base(cls) if cls is not None and isinstance(obj, nn.Module) else None
        if layer is None:
            return super().super_init(obj, args, kwargs)
        for value in [*args, *kwargs.values()]:
            if isinstance(value, Opaque):
                raise self.unknown(value)
        options = {k: v for k, v in kwargs.items() if k not in ("device", "dtype")}
        self.check_torch_sizes(args, options, cls.name)
        try:
            layer.__init__(obj, *args, **options)
        except _LIBRARY_ERRORS as exc:
            raise self.fail(cls.name, msg.CODE_BAD_VALUE.format(detail=first_line(exc))) from None
        obj._daneshyar_built = True
        self.layers += 1
        return None

    def super_method(self, obj, method: str, args: list, kwargs: dict):
        """``super().forward(x)`` in a subclass of a torch layer: torch's own forward."""
        cls = getattr(type(obj), "_daneshyar_class", None)
        layer = torch_layer_base(cls) if cls is not None else None
        if method != "forward" or layer is None or not all(isinstance(a, torch.Tensor) for a in args):
            return super().super_method(obj, method, args, kwargs)
        try:
            return layer.forward(obj, *args, **kwargs)
        except _LIBRARY_ERRORS as exc:
            raise self.fail(method, msg.CODE_TENSOR_ERROR.format(detail=first_line(exc))) from None

    def wrapped_module(self, func: ModuleWrapper, args: list, kwargs: dict, name: str):
        """``torch.jit.script(nn.Linear(10, 4))`` is that Linear, for counting; on anything else, unknown."""
        module = args[0] if args else kwargs.get("obj", kwargs.get("model", kwargs.get("mod", kwargs.get("module"))))
        if func.name in ("copy.deepcopy", "copy.copy"):
            if isinstance(module, nn.Module):
                # deepcopy: new weights that PyTorch counts again; copy.copy shares them (counted once)
                return (copy.deepcopy if func.name == "copy.deepcopy" else copy.copy)(module)
            raise self.fail(name, msg.CODE_UNSUPPORTED.format(token=name))
        if func.name.endswith(".from_pretrained"):
            return self.pretrained_embedding(func.name, args, kwargs)
        utility = LAYER_UTILITIES.get(func.name)
        if utility is None:
            return module if isinstance(module, (nn.Module, UserFunction)) else Ignored(name)
        options = {k: v for k, v in kwargs.items() if k in ("name", "dim", "n_power_iterations", "eps")}
        if not isinstance(module, nn.Module) or not all(isinstance(v, (str, int, float, type(None)))
                                                        for v in [*args[1:], *options.values()]):
            raise self.fail(name, msg.CODE_UNSUPPORTED.format(token=name))
        try:
            return utility(module, *args[1:], **options)
        except _LIBRARY_ERRORS as exc:
            raise self.fail(name, msg.CODE_BAD_VALUE.format(detail=first_line(exc))) from None

    def pretrained_embedding(self, name: str, args: list, kwargs: dict) -> nn.Module:
        """``nn.Embedding.from_pretrained(vectors, freeze=True)``: the vectors' shape; frozen unless freeze=False."""
        vectors = args[0] if args else kwargs.get("embeddings")
        if isinstance(vectors, Opaque):
            raise self.unknown(vectors)
        options = {k: v for k, v in kwargs.items() if k != "embeddings"}
        if not isinstance(vectors, torch.Tensor) or vectors.dim() != 2 or not all(
                isinstance(v, (bool, int, float, str, type(None))) for v in [*args[1:], *options.values()]):
            raise self.fail(name, msg.CODE_UNSUPPORTED.format(token=name))
        self.found.frameworks.add("torch")
        self.layers += 1
        cls = nn.EmbeddingBag if ".EmbeddingBag." in name else nn.Embedding
        return cls.from_pretrained(vectors, *args[1:], **options)

    CALLS: ClassVar[dict] = {TorchClass: construct_torch, TorchvisionModel: torchvision_model,
                             TorchFunction: torch_function, nn.Module: call_module, ModuleWrapper: wrapped_module}

    def instantiate(self, cls: UserClass, args: list, kwargs: dict):
        if cls.framework != "torch":
            return super().instantiate(cls, args, kwargs)
        layer = torch_layer_base(cls)
        if layer is not None:
            return self.layer_subclass(cls, layer, args, kwargs)
        module_cls = module_class(cls, self)
        instance = module_cls.__new__(module_cls)
        nn.Module.__init__(instance)
        init = cls.lookup("__init__")
        if isinstance(init, UserFunction):
            self.call_user(init, [instance, *args], kwargs)
        for child in instance.children():
            self.found.contained.add(id(child))
        self.found.created.append(instance)
        return instance

    def forward(self, instance: nn.Module, args: tuple, kwargs: dict):
        """The student's ``forward``, run by the interpreter on meta tensors."""
        try:
            return self._forward(instance, args, kwargs)
        except Unfollowable as exc:
            exc.during_forward = True  # running the model on an example failed: not a reason to lose the model
            raise

    def _forward(self, instance: nn.Module, args: tuple, kwargs: dict):
        cls = type(instance)._daneshyar_class
        method = cls.lookup("forward")
        if not isinstance(method, UserFunction):
            net = instance._modules.get("net")
            if net is not None and cls.d2l:  # d2l.Module.forward is `return self.net(X)`
                return self.call_module(net, list(args), dict(kwargs), "net")
            raise self.fail(cls.name, msg.CODE_NO_FORWARD.format(token=cls.name))
        return self.call_user(method, [instance, *args], dict(kwargs))

    # ---- methods

    def tensor_method(self, obj: torch.Tensor, name: str, args: list, kwargs: dict):
        if name in _TENSOR_SELF_METHODS:
            return obj
        if name.endswith("_") and any(isinstance(a, (Opaque, Ignored)) for a in [*args, *kwargs.values()]):
            return obj  # weight.data.copy_(...) with values we do not know: initial values never count
        try:
            return getattr(obj, name)(*args, **kwargs)
        except _LIBRARY_ERRORS as exc:
            raise self.fail(name, msg.CODE_TENSOR_ERROR.format(detail=first_line(exc))) from None

    def module_method(self, obj: nn.Module, name: str, args: list, kwargs: dict):
        if name in MODULE_SELF_METHODS:
            if name == "requires_grad_":
                obj.requires_grad_(bool(args[0]) if args else True)
            return obj
        method = self.MODULE_METHODS.get(name)
        if method is not None:
            return method(self, obj, name, args, kwargs)
        if name == "summary":
            self.found.shown.append(obj)
        return Opaque(self.line, name)   # fit, save, ... (SKIPPED_METHODS) and anything else: nothing to count

    def _layer_summary(self, obj: nn.Module, name: str, args: list, kwargs: dict):
        """d2l: ``model.layer_summary((1, 1, 224, 224))`` runs one example batch."""
        if not (args and isinstance(args[0], (tuple, list))):
            return Opaque(self.line, name)
        shape = tuple(args[0])
        if len(shape) >= 2 and all(isinstance(v, int) and 0 < v <= self.limits.max_spatial for v in shape):
            self.found.tensors.append(shape[1:])
        self.found.shown.append(obj)
        return None

    def _apply_init(self, obj: nn.Module, name: str, args: list, kwargs: dict):
        """d2l: one forward on example inputs sizes the lazy layers."""
        if not args:
            return Opaque(self.line, name)
        inputs = args[0] if isinstance(args[0], (list, tuple)) else [args[0]]
        if inputs and all(isinstance(t, torch.Tensor) for t in inputs):
            self.call_module(obj, list(inputs), {}, "apply_init")
        return None

    def _submodules(self, obj: nn.Module, name: str, args: list, kwargs: dict):
        return list(getattr(obj, name)())  # for p in model.parameters(): p.requires_grad = False

    def _add_module(self, obj: nn.Module, name: str, args: list, kwargs: dict):
        if len(args) != 2:
            return Opaque(self.line, name)
        obj.add_module(str(args[0]), args[1])
        self.found.contained.add(id(args[1]))
        return None

    def _append(self, obj: nn.Module, name: str, args: list, kwargs: dict):
        if not isinstance(obj, (nn.Sequential, nn.ModuleList)):
            return Opaque(self.line, name)
        items = args[0] if name == "extend" else [args[0]]
        for item in items:
            if isinstance(item, nn.Module):
                obj.append(item)
                self.found.contained.add(id(item))
        return obj

    def _forward_call(self, obj: nn.Module, name: str, args: list, kwargs: dict):
        return self.call_module(obj, args, kwargs, "forward")

    # module methods the reader follows (the rest of SKIPPED_METHODS only mark a summary as shown)
    MODULE_METHODS: ClassVar[dict] = {
        "layer_summary": _layer_summary, "apply_init": _apply_init, "parameters": _submodules,
        "children": _submodules, "modules": _submodules, "add_module": _add_module,
        "named_parameters": _submodules, "named_children": _submodules, "named_modules": _submodules,
        "append": _append, "extend": _append, "forward": _forward_call,
    }
    METHODS: ClassVar[dict] = {torch.Tensor: tensor_method, nn.Module: module_method}


_LOSS = re.compile(r"(Loss|Criterion)$")  # FocalLoss, DiceLoss, LabelSmoothingCriterion


def used_beyond_init(cls: UserClass, name: str) -> bool:
    """Whether a method of ``cls`` (or of its own base classes) other than ``__init__`` reads ``self.NAME``:
    ``forward`` or a helper it calls may run it; a loss kept beside the layers is read by none of them."""
    for owner in (cls, *(base for base in cls.bases if isinstance(base, UserClass))):
        for item in owner.node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name != "__init__":
                if any(isinstance(node, ast.Attribute) and node.attr == name for node in ast.walk(item)):
                    return True
    return False


def module_class(cls: UserClass, reader: TorchSide) -> type:
    """A real ``nn.Module`` subclass for the student's class, whose forward the reader interprets."""

    def forward(self, *args, **kwargs):
        if reader.reading:
            return reader.forward(self, args, kwargs)
        try:  # counted after reading (cnn_demos.modules): report in the student's terms, naming the line
            return reader.forward(self, args, kwargs)
        except Unfollowable as exc:
            raise spec_error(exc) from None

    return type(cls.name, (nn.Module,), {"forward": forward, "_daneshyar_class": cls})


def torch_layer_base(cls: UserClass) -> type | None:
    """The torch layer (not ``nn.Module`` itself) a student's class derives from, directly or through its bases."""
    for base in cls.bases:
        if isinstance(base, TorchClass) and isinstance(base.cls, type) and base.cls is not nn.Module:
            return base.cls
        if isinstance(base, UserClass):
            found = torch_layer_base(base)
            if found is not None:
                return found
    return None


def forward_arity(model: nn.Module) -> int:
    """How many inputs the student's ``forward`` requires (1 for torch's own modules)."""
    cls = getattr(type(model), "_daneshyar_class", None)
    method = cls.lookup("forward") if cls is not None else None
    if not isinstance(method, UserFunction):
        return 1
    args = method.node.args
    return max(len(args.posonlyargs) + len(args.args) - 1 - len(args.defaults), 0)


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


# a torch layer's options that change no parameter count (an unknown value for one is left at its default)
_SIZE_FREE = frozenset({"padding_idx", "dropout", "p", "inplace", "eps", "momentum", "negative_slope", "batch_first",
                        "max_norm", "norm_type", "scale_grad_by_freq", "sparse", "padding_mode", "device", "dtype"})


def _unknown_part(values: list) -> Opaque | None:
    """The first value of unknown size among a layer's arguments, in a list or a dict of them too."""
    for value in values:
        parts = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else (value,)
        for part in parts:
            if isinstance(part, Opaque):
                return part
    return None
