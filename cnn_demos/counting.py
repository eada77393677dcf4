"""Parameters, shapes, MACs and memory of a model, counted by PyTorch in one forward pass.

Parameters come from the modules themselves.  MACs are counted per convolution
and Dense layer from the output each produces in one forward pass (forward hooks),
and the total is cross-checked against ``torch.utils.flop_counter`` in the same
pass, so a mistake in either shows up as a mismatch in the report.  The pass runs on ``meta`` (no
memory, no arithmetic) or, for a small model in a fresh process, on the CPU: see
:mod:`cnn_demos.count_device`.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from cnn_demos.build import module
from cnn_demos.count_device import counting_device, materialise, threads_for
from cnn_demos.flops import FlopCount
from cnn_demos.report import KERAS, PYTORCH, LayerRow, Report
from cnn_demos.shapes import DEFAULT_LIMITS, Limits, Shaped, display, infer
from cnn_demos.spec import Input, Node, parse

_VIEWS = (nn.Identity, nn.Flatten, nn.Dropout)  # outputs that are views or copies of their input


def _macs_of(mod: nn.Module, output: torch.Tensor, inputs: tuple = ()) -> int:
    if isinstance(mod, nn.modules.conv._ConvNd) and mod.transposed and inputs:
        # each input pixel is spread over a kernel-sized patch: flop_counter counts it this way too
        return inputs[0].numel() * (mod.out_channels // mod.groups) * math.prod(mod.kernel_size)
    if isinstance(mod, nn.modules.conv._ConvNd):
        return output.numel() * (mod.in_channels // mod.groups) * math.prod(mod.kernel_size)
    if isinstance(mod, nn.Linear):
        return output.numel() * mod.in_features
    if hasattr(mod, "matmul_macs"):  # matmuls outside nn.Linear (attention's scores): the module counts them
        return mod.matmul_macs(inputs)
    return 0


def _kind(node: Node) -> str:
    kind = type(node).__name__
    dims = getattr(node, "dims", None)
    return f"{kind}{dims}D" if dims else kind


def _row_name(node: Node) -> str:
    text = node.name or node.source or _kind(node)
    return " ".join(text.split())


def count_shaped(shaped: list[Shaped], name: str = "model", convention: str = KERAS,
                 device: str | None = None) -> Report:
    """Build the modules on ``meta``, run one sample through them, count.

    ``device``: where the pass runs, ``"meta"`` or ``"cpu"``; by default
    :func:`~cnn_demos.count_device.counting_device` chooses (the counts are the same on both)."""
    layout = shaped[0].node.layout if isinstance(shaped[0].node, Input) else "channels_last"
    rows_modules = [module(s) for s in shaped]
    model = nn.Sequential(*rows_modules)
    device = device or counting_device(shaped, rows_modules)
    materialise(model, device)
    macs_by_row = [0] * len(rows_modules)
    kept = [math.prod(shaped[0].in_shape)]  # elements training keeps for the backward pass
    handles = []
    for index, row in enumerate(rows_modules):
        for sub in row.modules():
            def hook(mod, inputs, output, index=index):
                macs_by_row[index] += _macs_of(mod, output, inputs)
                if not any(True for _ in mod.children()) and not isinstance(mod, _VIEWS):
                    kept[0] += output.numel()
            handles.append(sub.register_forward_hook(hook))
    x = torch.zeros((1, *shaped[0].in_shape), device=device)
    model.eval()  # BatchNorm on one sample of one value per channel is fine in eval mode; counts are the same
    counter = FlopCount()
    with torch.no_grad(), threads_for(device), counter:
        out = model(x)
    for handle in handles:
        handle.remove()
    expected = shaped[-1].out_shape
    if tuple(out.shape[1:]) != expected:  # the pure-Python shapes and PyTorch disagree: a bug of ours
        raise AssertionError(f"shape mismatch: torch {tuple(out.shape[1:])} vs rule {expected}")

    rows = []
    for s, row, macs in zip(shaped, rows_modules, macs_by_row):
        trainable = sum(p.numel() for p in row.parameters() if p.requires_grad)
        frozen = sum(p.numel() for p in row.parameters() if not p.requires_grad)
        stats = _bn_statistics(row) if convention == KERAS else 0
        rows.append(LayerRow(_row_name(s.node), _kind(s.node), display(s.out_shape, layout),
                             trainable + frozen + stats, trainable, macs))
    learnable = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return Report.counted(
        name=name, layout=layout, input_shape=display(shaped[0].in_shape, layout), rows=tuple(rows),
        learnable=learnable, trainable=trainable, statistics=_bn_statistics(model), macs=sum(macs_by_row),
        kept=kept[0], convention=convention, flop_counter_flops=int(counter.get_total_flops()),
    )


def _bn_statistics(mod: nn.Module) -> int:
    """Moving mean and variance of every BatchNorm (not ``num_batches_tracked``, which Keras lacks), and
    Keras Normalization's mean, variance and count (``build.KerasNormalization``'s ``running_*`` buffers)."""
    names = ("running_mean", "running_var", "running_count")
    return sum(b.numel() for n, b in mod.named_buffers() if n.endswith(names))


def count_nodes(nodes: list[Node], name: str = "model", limits: Limits = DEFAULT_LIMITS,
                convention: str = KERAS) -> Report:
    return count_shaped(infer(nodes, limits), name, convention)


def count_spec(text: str, name: str = "model", limits: Limits = DEFAULT_LIMITS) -> Report:
    """The public entry point for a spec a student typed; raises :class:`~cnn_demos.spec.SpecError`."""
    return count_nodes(parse(text), name, limits)


__all__ = ["KERAS", "PYTORCH", "LayerRow", "Report", "count_nodes", "count_shaped", "count_spec"]
