"""Checked layers → real ``torch.nn`` modules, so that PyTorch itself does the counting.

Everything is built on the ``meta`` device by default: parameters have shapes but
no storage, so even a VGG-19 or an absurd-but-allowed Dense layer costs no memory.
The same builder serves real timing runs with ``device="cuda"`` or ``"cpu"``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from cnn_demos.shapes import Shaped, per_axis
from cnn_demos.spec import (
    Activation,
    Aux,
    BatchNorm,
    Block,
    Concat,
    Conv,
    Dense,
    Dropout,
    Flatten,
    GlobalPool,
    Input,
    Pool,
    Residual,
)


class Pad(nn.Module):
    """Asymmetric zero padding (Keras 'same' with a stride), which ``nn.ConvNd(padding=...)`` cannot express."""

    def __init__(self, pads: tuple[tuple[int, int], ...]) -> None:
        super().__init__()
        self.flat = tuple(p for pair in reversed(pads) for p in pair)  # F.pad wants the last axis first

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.pad(x, self.flat)


class ConcatBranches(nn.Module):
    def __init__(self, branches: list[nn.Module]) -> None:
        super().__init__()
        self.branches = nn.ModuleList(branches)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([branch(x) for branch in self.branches], dim=1)


class AddResidual(nn.Module):
    def __init__(self, body: nn.Module, shortcut: nn.Module, activation: nn.Module) -> None:
        super().__init__()
        self.body, self.shortcut, self.activation = body, shortcut, activation

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.activation(self.body(x) + self.shortcut(x))


class SideHead(nn.Module):
    """Computes an auxiliary output (counted, then dropped) and passes the input on."""

    def __init__(self, head: nn.Module) -> None:
        super().__init__()
        self.head = head

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.head(x)
        return x


_ACTIVATIONS = {
    "relu": nn.ReLU, "relu6": nn.ReLU6, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "gelu": nn.GELU, "elu": nn.ELU,
    "selu": nn.SELU, "silu": nn.SiLU, "swish": nn.SiLU, "leakyrelu": nn.LeakyReLU, "leaky_relu": nn.LeakyReLU,
    "hardswish": nn.Hardswish, "hard_swish": nn.Hardswish, "softplus": nn.Softplus, "mish": nn.Mish,
    "linear": nn.Identity,
}


def activation(name: str | None) -> nn.Module:
    if name is None:
        return nn.Identity()
    if name == "softmax":
        return nn.Softmax(dim=1)
    return _ACTIVATIONS[name]()


def _with_activation(layer: nn.Module, name: str | None, pads=None) -> nn.Module:
    parts = []
    if pads is not None:
        parts.append(Pad(pads))
    parts.append(layer)
    if name is not None:
        parts.append(activation(name))
    return parts[0] if len(parts) == 1 else nn.Sequential(*parts)


def _symmetric(pads: tuple[tuple[int, int], ...]) -> bool:
    return all(left == right for left, right in pads)


def module(shaped: Shaped, device: str = "meta") -> nn.Module:
    """One module for one checked node (blocks recursively)."""
    node, shape = shaped.node, shaped.in_shape
    dims = len(shape) - 1
    with torch.device(device):
        if isinstance(node, Input):
            return nn.Identity()
        if isinstance(node, Conv):
            conv_cls = (nn.Conv1d, nn.Conv2d, nn.Conv3d)[dims - 1]
            pads = shaped.padding
            conv = conv_cls(shape[0], shaped.filters, per_axis(node.kernel, dims), per_axis(node.stride, dims),
                            padding=tuple(p for p, _ in pads) if _symmetric(pads) else 0,
                            dilation=per_axis(node.dilation, dims), groups=shaped.groups, bias=node.bias)
            return _with_activation(conv, node.activation, None if _symmetric(pads) else pads)
        if isinstance(node, Pool):
            pool_cls = {("max", 1): nn.MaxPool1d, ("max", 2): nn.MaxPool2d, ("max", 3): nn.MaxPool3d,
                        ("avg", 1): nn.AvgPool1d, ("avg", 2): nn.AvgPool2d, ("avg", 3): nn.AvgPool3d}[node.op, dims]
            pads = shaped.padding
            kernel = per_axis(node.kernel, dims)
            pool = pool_cls(kernel, per_axis(node.stride or node.kernel, dims),
                            padding=tuple(p for p, _ in pads) if _symmetric(pads) else 0, ceil_mode=node.ceil)
            return _with_activation(pool, None, None if _symmetric(pads) else pads)
        if isinstance(node, Dense):
            return _with_activation(nn.Linear(shape[0], node.units, bias=node.bias), node.activation)
        if isinstance(node, GlobalPool):
            pool_cls = {"avg": (nn.AdaptiveAvgPool1d, nn.AdaptiveAvgPool2d, nn.AdaptiveAvgPool3d),
                        "max": (nn.AdaptiveMaxPool1d, nn.AdaptiveMaxPool2d, nn.AdaptiveMaxPool3d)}[node.op][dims - 1]
            return nn.Sequential(pool_cls(1), nn.Flatten(1))
        if isinstance(node, BatchNorm):
            bn_cls = (nn.BatchNorm1d, nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)[min(len(shape), 4) - 1]
            return bn_cls(shape[0])
        if isinstance(node, Dropout):
            return nn.Dropout(node.rate)
        if isinstance(node, Flatten):
            return nn.Flatten(1)
        if isinstance(node, Activation):
            return activation(node.fn)
    if isinstance(node, Concat):
        return ConcatBranches([sequential(b, device) for b in shaped.branches])
    if isinstance(node, Residual):
        body, shortcut = shaped.branches
        return AddResidual(sequential(body, device), sequential(shortcut, device), activation(node.activation))
    if isinstance(node, Aux):
        return SideHead(sequential(shaped.branches[0], device))
    if isinstance(node, Block):
        return sequential(shaped.branches[0], device)
    raise TypeError(f"no module for {type(node).__name__}")


def sequential(layers: tuple[Shaped, ...] | list[Shaped], device: str = "meta") -> nn.Module:
    if not layers:
        return nn.Identity()
    return nn.Sequential(*(module(s, device) for s in layers))

