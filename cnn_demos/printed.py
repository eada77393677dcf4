"""Read what ``print(net)`` prints for a PyTorch model back into real modules on ``meta``.

Each leaf line (``(conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))``) is a
constructor call in Python syntax; it goes through the same whitelisted constructor
as pasted code (:mod:`cnn_demos.reader`), so nothing but ``torch.nn`` layers is built.
Containers become ``nn.Sequential``/``nn.ModuleList`` when the text says so, and a
generic container otherwise: its parameters are exact, but its ``forward`` is not in
the printout, so shapes and MACs are only computed when every container is Sequential.
Newer PyTorch prints repeated children once, as ``(1-2): 2 x BasicBlock(``.
"""

from __future__ import annotations

import copy
import re

from torch import nn

from cnn_demos import messages as msg
from cnn_demos.reader import Reader
from cnn_demos.shapes import DEFAULT_LIMITS, Limits
from cnn_demos.spec import SpecError
from cnn_demos.textkind import looks_printed

_HEAD = re.compile(r"^\s*\((?P<name>[\w.-]+)\):\s*(?:(?P<count>\d+)\s*x\s*)?(?P<type>\w+)\((?P<rest>.*)$")
_ROOT = re.compile(r"^\s*(?P<type>\w+)\((?P<rest>.*)$")


class Printed(nn.Module):
    """A container from the printout whose ``forward`` we do not know (a custom block)."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def extra_repr(self) -> str:
        return self.kind


def traceable(model: nn.Module) -> bool:
    """Shapes need a known forward: every container a Sequential (or the model itself one leaf chain)."""
    return not any(isinstance(m, Printed) for m in model.modules())


def read(text: str, limits: Limits = DEFAULT_LIMITS) -> nn.Module:
    lines = [line for line in text.splitlines() if line.strip()]
    reader = Reader(limits)
    root_match = _ROOT.match(lines[0]) if lines else None
    if root_match is None or _HEAD.match(lines[0]):
        lines = ["Sequential("] + lines + [")"]
        root_match = _ROOT.match(lines[0])
    model, _ = _container(root_match.group("type"), lines, 1, reader, 1)
    return model


def _container(kind: str, lines: list[str], start: int, reader: Reader, number: int) -> tuple[nn.Module, int]:
    module = nn.Sequential() if kind == "Sequential" else nn.ModuleList() if kind == "ModuleList" else Printed(kind)
    index = start
    while index < len(lines):
        line = lines[index]
        if line.strip() == ")":
            return module, index + 1
        match = _HEAD.match(line)
        if match is None:
            index += 1  # a parameter line (``(pos_embedding): Parameter``) or text we do not need
            continue
        name, count, child_kind, rest = match.group("name", "count", "type", "rest")
        if rest.strip() == "":  # a container opens: its children follow until the matching ")"
            child, index = _container(child_kind, lines, index + 1, reader, index + 1)
        else:
            child = _leaf(child_kind, rest, reader, index + 1)
            index += 1
        for position, child_name in enumerate(_names(name, count)):
            _attach(module, child_name, child if position == 0 else copy.deepcopy(child))
    return module, index


def _names(name: str, count: str | None) -> list[str]:
    if count and "-" in name:
        first, last = (int(p) for p in name.split("-"))
        return [str(i) for i in range(first, last + 1)]
    return [name]


def _attach(module: nn.Module, name: str, child: nn.Module) -> None:
    if isinstance(module, nn.ModuleList):
        module.append(child)
    else:
        module.add_module(name.replace(".", "_"), child)


def _leaf(kind: str, rest: str, reader: Reader, number: int) -> nn.Module:
    call = f"nn.{kind}({rest}"
    call = call.rstrip()
    if not call.endswith(")"):
        raise SpecError(f"{msg.line(number)}: {msg.CODE_SYNTAX.format(token=call[:60])}")
    import ast

    try:
        tree = ast.parse(call, mode="eval")
    except SyntaxError:
        raise SpecError(f"{msg.line(number)}: {msg.CODE_SYNTAX.format(token=call[:60])}") from None
    for keyword in getattr(tree.body, "keywords", ()):  # print shows «padding_mode=reflect» unquoted: a string
        if isinstance(keyword.value, ast.Name):
            keyword.value = ast.Constant(keyword.value.id)
    reader.line = number
    if not hasattr(nn, kind) or rest.strip() == ")" and _needs_arguments(kind):
        # a custom leaf (a layer of the student's own; «LayerNorm()» printed bare is not torch's, which prints its
        # size): its own parameters are not in the printout, and the report says so (doubts)
        return Printed(kind)
    try:
        value = reader.expr(tree.body, reader.globals)
    except SpecError:
        raise
    except Exception as exc:  # noqa: BLE001 - _Unfollowable and friends, reported with the line
        raise SpecError(f"{msg.line(number)}: {getattr(exc, 'text', str(exc))}") from None
    if not isinstance(value, nn.Module):
        raise SpecError(f"{msg.line(number)}: {msg.CODE_NOT_A_LAYER.format(token=kind)}")
    return value


def _needs_arguments(kind: str) -> bool:
    """Whether torch's ``nn.<kind>`` cannot be made without arguments (so a bare «kind()» is someone else's)."""
    try:
        getattr(nn, kind)()
    except TypeError:
        return True
    except Exception:  # noqa: BLE001 - any other failure: not a question of arguments
        return False
    return False


def doubts(model: nn.Module) -> list[str]:
    """What a printout cannot tell about the count, as warnings: a module of the student's own with no children
    (MyNorm(): its own ``nn.Parameter`` is never printed), and a bias-free output Linear shaped like an Embedding
    (GPT's lm_head, whose weight is often the embedding's: printed twice, stored once)."""
    found = []
    custom = list(dict.fromkeys(m.kind for m in model.modules() if isinstance(m, Printed) and not list(m.children())))
    if custom:
        found.append(msg.PRINTED_CUSTOM.format(names=msg.AND.join(f"«{k}»" for k in custom)))
    tied = _tied_pair(model)
    if tied is not None:
        embedding, linear, shared = tied
        total = sum(p.numel() for p in model.parameters()) - shared
        found.append(msg.PRINTED_TIED.format(linear=linear, embedding=embedding, total=f"{total:,}"))
    return found


def _tied_pair(model: nn.Module) -> tuple[str, str, int] | None:
    """An Embedding and a bias-free Linear whose weights have the same shape: the pair weight tying shares."""
    embeddings = {tuple(m.weight.shape): name for name, m in model.named_modules() if isinstance(m, nn.Embedding)}
    for name, module in model.named_modules():
        if isinstance(module, nn.Linear) and module.bias is None and tuple(module.weight.shape) in embeddings:
            return embeddings[tuple(module.weight.shape)], name, module.weight.numel()
    return None


__all__ = ["doubts", "looks_printed", "read", "traceable"]
