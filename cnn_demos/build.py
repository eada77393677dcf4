"""Checked layers → real ``torch.nn`` modules, so that PyTorch itself does the counting.

Everything is built on the ``meta`` device by default: parameters have shapes but
no storage, so even a VGG-19 or an absurd-but-allowed Dense layer costs no memory.
The same builder serves real timing runs with ``device="cuda"`` or ``"cpu"``.
Each layer's own builder lives in its family module (:mod:`cnn_demos.layers`); this module
only picks it and applies what every layer shares (the device, Keras' ``trainable=False``).
"""

from __future__ import annotations

import torch
from torch import nn

from cnn_demos.layers import LAYERS
from cnn_demos.layers.shaped import Shaped
from cnn_demos.layers.torch_modules import activation

_BUILDERS = {layer.node: layer.build for layer in LAYERS}


def module(shaped: Shaped, device: str = "meta") -> nn.Module:
    """One module for one checked node (blocks recursively); Keras ``trainable=False`` freezes its parameters."""
    built = _build(shaped, device)
    if not shaped.node.trainable:
        for parameter in built.parameters():
            parameter.requires_grad_(False)
    flags = getattr(shaped.node, "parameter_trainable", ())
    if flags:
        parameters = list(built.parameters())
        if len(parameters) != len(flags):  # the reader's table and the build disagree: never a silent split
            raise TypeError(f"{len(flags)} trainable flags for {len(parameters)} parameters")
        for parameter, trainable in zip(parameters, flags, strict=True):
            parameter.requires_grad_(trainable)
    return built


def _build(shaped: Shaped, device: str) -> nn.Module:
    node = shaped.node
    builder = next((_BUILDERS[cls] for cls in type(node).__mro__ if cls in _BUILDERS), None)
    if builder is None:
        raise TypeError(f"no module for {type(node).__name__}")
    with torch.device(device):
        return builder(shaped, device)


def sequential(layers: tuple[Shaped, ...] | list[Shaped], device: str = "meta") -> nn.Module:
    if not layers:
        return nn.Identity()
    return nn.Sequential(*(module(s, device) for s in layers))


__all__ = ["activation", "module", "sequential"]
