"""What plain Python names mean to the reader: the builtins it may call, the names and modules it refuses,
``math``, ``string``, ``collections`` and d2l's helpers.  The torch and Keras names are in
:mod:`~cnn_demos.reader.torch_names` and :mod:`~cnn_demos.reader.keras_names`.
"""

from __future__ import annotations

import math
import re
import string
from collections import OrderedDict

from cnn_demos.reader.values import (
    D2LBase,
    ModuleWrapper,
    Namespace,
    Opaque,
    PureFunction,
    RecordFactory,
)

SAFE_BUILTINS = {
    "range": range, "len": len, "int": int, "float": float, "str": str, "bool": bool, "list": list,
    "tuple": tuple, "dict": dict, "zip": zip, "enumerate": enumerate, "min": min, "max": max, "sum": sum,
    "abs": abs, "round": round, "reversed": reversed, "sorted": sorted, "any": any, "all": all, "divmod": divmod,
    "pow": pow, "set": set, "isinstance": None, "hasattr": None, "OrderedDict": OrderedDict, "getattr": None,
    "setattr": None, "type": None,
}
FORBIDDEN_NAMES = {"eval", "exec", "compile", "open", "__import__", "globals", "locals", "vars",
                   "delattr", "breakpoint", "exit", "quit", "memoryview", "__builtins__"}
FORBIDDEN_MODULES = {"os", "sys", "subprocess", "shutil", "socket", "pickle", "ctypes", "importlib", "builtins",
                     "pathlib", "requests", "urllib", "multiprocessing", "threading", "signal", "glob", "io"}
FORBIDDEN_ATTRIBUTES = {"_modules", "_parameters", "_buffers", "__dict__", "func_globals", "gi_frame", "f_globals",
                        "f_back", "tb_frame"}
PLAIN = (int, float, bool, str, list, tuple, dict, type(None))   # the values isinstance/hasattr answer for

def product(*values):
    """``math.prod``/``np.prod``, of the sizes given (the interpreter spreads a shape written whole: ``np.prod(shape)``)."""
    return math.prod(values)


_MATH = {"pi": math.pi, "e": math.e, "sqrt": math.sqrt, "log": math.log, "exp": math.exp, "ceil": math.ceil,
         "floor": math.floor, "log2": math.log2, "prod": product, "gcd": math.gcd, "inf": math.inf}
_STRING_CONSTANTS = {"ascii_letters": string.ascii_letters, "ascii_lowercase": string.ascii_lowercase,
                     "ascii_uppercase": string.ascii_uppercase, "digits": string.digits,
                     "punctuation": string.punctuation, "printable": string.printable}
# Calls into these are refused outright (never run anyway): what a paste has no business calling.
# Tutorials' own uses of os/sys/io (os.path.join, sys.argv, io.open) stay opaque and harmless.
_DANGEROUS = re.compile(r"^(os\.(system|popen|remove|unlink|rmdir|removedirs|rename|replace|kill|exec\w*|spawn\w*|"
                        r"fork\w*|chmod|chown|putenv)|subprocess\.|shutil\.(rmtree|move|copy\w*)|socket\.|"
                        r"pickle\.|ctypes\.|importlib\.|builtins\.|signal\.|multiprocessing\.|threading\.|"
                        r"requests\.|urllib\.)")
_NUMPY = {"prod": product, "sqrt": math.sqrt, "floor": math.floor, "ceil": math.ceil, "log2": math.log2}
_D2L_BASES = {"Module", "Classifier", "LinearRegression", "LinearRegressionScratch", "HyperParameters"}
_ALIASES = {"tensorflow": "tf"}


def dangerous(name: str) -> bool:
    return bool(_DANGEROUS.match(name))


def canonical(path: str) -> str | None:
    """A dotted name as the resolvers expect it (``tensorflow.x`` → ``tf.x``); None for a forbidden module."""
    parts = path.split(".")
    if parts[0] in FORBIDDEN_MODULES:
        return None
    parts[0] = _ALIASES.get(parts[0], parts[0])
    if parts[:2] == ["tf", "compat"] and len(parts) >= 3 and parts[2] in ("v1", "v2"):
        parts = ["tf", *parts[3:]]  # `import tensorflow.compat.v1 as tf`: TF 1 code on TF 2, the same Keras
    return ".".join(parts)


def plain_name(path: str):
    """``math.sqrt``, ``string.digits``, ``collections.OrderedDict``, d2l's base classes; else unknown."""
    if path in ("collections.OrderedDict",):
        return OrderedDict
    if path == "collections.namedtuple":
        return RecordFactory()
    if path in ("types.SimpleNamespace", "argparse.Namespace"):   # a configuration written as keywords
        return RecordFactory(keywords=True)
    if path == "numpy":
        return Namespace("numpy")
    if path.startswith("numpy.") and path[6:] in _NUMPY:  # int(np.prod(img_shape)): sizes worked out from sizes
        return PureFunction(path[6:], _NUMPY[path[6:]])
    if path in ("copy.deepcopy", "copy.copy"):
        return ModuleWrapper(path)   # a layer copied N times: N layers with their own weights (torch side)
    if path == "copy":
        return Namespace("copy")
    if path == "math":
        return Namespace("math")
    if path.startswith("math.") and path[5:] in _MATH:
        return _MATH[path[5:]] if not callable(_MATH[path[5:]]) else PureFunction(path[5:], _MATH[path[5:]])
    if path.startswith("string.") and path[7:] in _STRING_CONSTANTS:
        return _STRING_CONSTANTS[path[7:]]
    if path == "string":
        return Namespace("string")
    if path.startswith("d2l"):
        return _d2l_name(path)
    if path.split(".")[0] in ("pytorch_lightning", "lightning") and path.endswith(".LightningModule"):
        return D2LBase("torch")  # an nn.Module with a training loop attached: its layers are counted as one
    return Opaque(0, path)


def _d2l_name(path: str):
    """d2l's Module/Classifier are nn.Module (or keras.Model) subclasses; d2l.randn is in torch_names."""
    parts = path.split(".")
    if len(parts) <= 2:
        return Namespace(path)
    framework, name = parts[1], parts[-1]
    if name in _D2L_BASES or name[:1].isupper():  # d2l.Encoder, d2l.RNNScratch...: all nn.Module subclasses
        return D2LBase("keras" if framework == "tensorflow" else "torch")
    return Opaque(0, path)


DEFAULT_NAMES = {"np": Namespace("numpy"), "copy": Namespace("copy"), "math": Namespace("math")}  # imported in a cell not pasted
