"""What torch's names mean to the reader: the ``torch.nn`` layer classes it may build (on ``meta``), the
tensor functions it may apply, and everything else under ``torch`` (optimisers, data, devices) ignored.
"""

from __future__ import annotations

import difflib

import torch
import torch.nn.functional as F
from torch import nn

from cnn_demos.reader.values import (
    NN_MODULE,
    ModuleWrapper,
    Namespace,
    TorchClass,
    TorchFunction,
    TorchvisionModel,
)
from cnn_demos.spec import Ignored

NN_CLASSES = {n: getattr(nn, n) for n in dir(nn) if isinstance(getattr(nn, n), type)
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
# the legacy constructors: torch.Tensor(3, 4) is an uninitialised 3x4 tensor (a Parameter's shape), of this dtype
LEGACY_TENSORS = {"Tensor": torch.float32, "FloatTensor": torch.float32, "DoubleTensor": torch.float64,
                  "HalfTensor": torch.float16, "LongTensor": torch.int64, "IntTensor": torch.int32,
                  "BoolTensor": torch.bool, "ByteTensor": torch.uint8}
TORCH_CREATE = {"randn", "rand", "zeros", "ones", "empty", "randint", "full", "arange", "tensor", "normal",
                "linspace"}
_TORCH_DTYPES = {"float", "float32", "float16", "half", "double", "float64", "long", "int64", "int", "int32",
                 "bool", "uint8", "bfloat16"}
TENSOR_METHODS = {
    "view", "reshape", "flatten", "size", "dim", "permute", "transpose", "contiguous", "squeeze", "unsqueeze",
    "mean", "sum", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "chunk", "split", "expand", "repeat",
    "float", "view_as", "numel", "add", "mul", "matmul", "t", "unbind", "max", "min", "flip", "exp", "sqrt",
    "clone", "detach", "to", "cuda", "cpu", "type_as", "expand_as", "reshape_as", "add_", "mul_", "relu_",
    "squeeze_", "unsqueeze_", "masked_fill", "narrow", "neg", "pow", "norm", "abs", "argmax", "long", "int",
    "zero_", "fill_", "copy_", "uniform_", "normal_", "sin", "cos", "log", "sub", "div", "bmm", "mm", "sigmoid_",
    "tanh_", "type", "double", "half", "bool", "new_zeros", "new_ones", "new_empty", "item", "tolist",
}
MODULE_SELF_METHODS = {"to", "cuda", "cpu", "train", "eval", "float", "double", "half", "requires_grad_",
                       "apply", "share_memory", "zero_grad"}
# Methods of a model that change nothing the count needs (training, saving, looking): the result is opaque.
SKIPPED_METHODS = {"summary", "compile", "fit", "evaluate", "predict", "save", "save_weights", "load_weights",
                   "load_state_dict", "plot", "show", "register_buffer", "fit_generator", "parameters",
                   "named_parameters", "state_dict", "modules", "named_modules", "children", "add_loss",
                   "add_metric", "train_on_batch", "test_on_batch"}

# what returns the module it is given, weights and all (a scripted Linear still has its 44 parameters)
_SAME_MODULE = {"torch.jit.script", "torch.jit.trace", "torch.jit.trace_module", "torch.compile"}

# what re-parametrises a layer's weights, run on the layer itself: weight_norm splits a weight into two
# (weight_g, weight_v: more parameters), spectral_norm renames it (the same number)
LAYER_UTILITIES = {f"torch.nn.utils.{name}": getattr(nn.utils, name) for name in ("weight_norm", "spectral_norm")} | {
    f"torch.nn.utils.parametrizations.{name}": getattr(nn.utils.parametrizations, name)
    for name in ("weight_norm", "spectral_norm", "orthogonal")}

DEFAULT_NAMES = {"nn": Namespace("torch.nn"), "torch": Namespace("torch"), "F": Namespace("torch.nn.functional"),
                 "optim": Ignored("torch.optim"), "pl": Namespace("pytorch_lightning"),  # (Lightning's usual alias)
                 "torchvision": Namespace("torchvision")}  # «model = torchvision.models.resnet18()» pasted alone


def torch_name(path: str):
    """A dotted name under ``torch``/``torchvision`` → a namespace, a layer class, a tensor function, or ignored."""
    if path in ("torch", "torch.nn", "torch.nn.functional", "torch.nn.init", "torch.optim", "torch.nn.modules",
                "torch.jit"):
        return Namespace(path)
    if path.startswith("torchvision.models.") and path.count(".") == 2 and path.rsplit(".", 1)[1][:1].islower():
        return TorchvisionModel(path.rsplit(".", 1)[1])
    if path in ("torchvision", "torchvision.models"):
        return Namespace(path)
    if path in _SAME_MODULE or path in LAYER_UTILITIES:
        return ModuleWrapper(path)
    if path in ("torch.nn.utils", "torch.nn.utils.parametrizations"):
        return Namespace(path)
    if path.startswith(("torch.nn.init.", "torch.optim.", "torch.utils.", "torch.cuda", "torch.backends",
                        "torch.manual_seed", "torch.device", "torch.no_grad", "torch.save", "torch.load",
                        "torch.set_", "torchvision", "torch.hub", "torch.jit", "torch.autograd")):
        return Ignored(path)
    if path.startswith("torch.nn.functional."):
        name = path.rsplit(".", 1)[1]
        if name in _F_FUNCTIONS:
            return TorchFunction(name, _F_FUNCTIONS[name])
        return Ignored(path)
    if path.startswith("torch.nn.modules."):
        path = "torch.nn." + path.rsplit(".", 1)[1]
    if path.startswith("torch.nn."):
        return _nn_name(path)
    name = path[len("torch."):]
    if name in _TORCH_DTYPES:
        return getattr(torch, name)
    if name in LEGACY_TENSORS:
        return TorchFunction(name, torch.empty, create=True)
    if name in TORCH_CREATE:
        return TorchFunction(name, getattr(torch, name), create=True)
    if name in _TORCH_FUNCTIONS:
        return TorchFunction(name, getattr(torch, name))
    return Ignored(path)


def _nn_name(path: str):
    name = path[len("torch.nn."):]
    if name == "Module":
        return NN_MODULE
    if name == "Parameter":
        return TorchClass(nn.Parameter)
    if name in NN_CLASSES:
        return TorchClass(NN_CLASSES[name])
    return Ignored(path)


def missing_layer(path: str) -> tuple[str, str | None] | None:
    """``torch.nn.MaxPool2DD``, a class name ``torch.nn`` lacks: (``nn.MaxPool2DD``, the closest layer it has, if
    any); None for every other name (``nn.DataParallel`` and the like are not layers, but they exist)."""
    if not path.startswith("torch.nn.") or path.count(".") != 2:
        return None
    name = path.rsplit(".", 1)[1]
    if not name[:1].isupper() or hasattr(nn, name):
        return None
    close = difflib.get_close_matches(name, NN_CLASSES, n=1)
    return f"nn.{name}", f"nn.{close[0]}" if close else None


def d2l_torch_function(path: str) -> TorchFunction | None:
    """``d2l.torch.randn``: d2l's re-export of a torch tensor maker."""
    parts = path.split(".")
    if path.startswith("d2l") and len(parts) > 2 and parts[1] == "torch" and parts[-1] in TORCH_CREATE:
        return TorchFunction(parts[-1], getattr(torch, parts[-1]), create=True)
    return None
