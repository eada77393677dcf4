"""Where a count runs its one forward pass: on ``meta`` (shapes only) or, for a small model in a fresh
process, on the CPU with zeroed weights.

Why not always ``meta``?  With torch 2.13 the first operation on a meta tensor imports sympy (symbolic
shapes) and, through the Python reference kernels, ``torch._dynamo``: about 3 s before the first count
(``benchmarks/calc_startup.py``: ``import torch`` 2.7 s, with ``torch._dynamo`` 4.9 s).  The same pass on
the CPU needs neither, and for ResNet-18 at 224x224 it takes 0.2-0.7 s on one core of a busy machine.
Once a process has paid for meta (the bot after its warm-up, any count of a large model), meta is the
faster of the two (the whole count of ResNet-18 0.33 s against 0.66 s on the CPU, two cores at load 8),
so it is used from then on.  Counts, shapes and MACs are the same on both (pinned by tests/test_cnn_counting.py).

The CPU is used only within :data:`CPU_LIMITS`: a VGG-16 (138 M parameters, 15.5 G MACs) would allocate
half a gigabyte of weights and compute for seconds just to be counted, so it stays on meta.
"""

from __future__ import annotations

import contextlib
import math
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import torch
from torch import nn

from cnn_demos.layers.shaped import Shaped

META = "meta"
CPU = "cpu"
# What torch imports on the first operation on a meta tensor; when both are loaded, meta costs nothing more.
_META_IMPORTS = ("sympy", "torch._dynamo")


@dataclass(frozen=True)
class CpuLimits:
    """The largest model counted on the CPU: ResNet-18 (11.7 M parameters, 1.8 G MACs) fits, ResNet-34 and
    VGG do not.  ``macs`` bounds :func:`mac_bound`, not the true MACs (which only the pass knows)."""

    params: int = 16_000_000        # 64 MiB of float32 weights
    macs: int = 4_000_000_000       # ResNet-18's bound is 3.8 G (its MACs 1.8 G)
    elements: int = 16_000_000      # one sample's activations, every row's output together (64 MiB)


CPU_LIMITS = CpuLimits()
_ONE_THREAD = threading.Lock()  # torch's thread count is the process's: counts on the CPU take turns


def _positions(shape: tuple[int, ...]) -> int:
    return math.prod(shape[1:]) if len(shape) > 1 else 1


def _params(mod: nn.Module) -> int:
    return sum(p.numel() for p in mod.parameters())


_SLIDING = (nn.modules.conv._ConvNd, nn.Linear)  # the layers whose weights are used once per position


def mac_bound(rows: Iterable[tuple[Shaped, nn.Module]]) -> int:
    """An upper bound on the MACs, known before the pass: each convolution's and Dense layer's weights
    slide over at most as many positions as the larger of its row's input and output has.  Other weights
    (BatchNorm, LayerNorm, PReLU, embeddings) are used about once each: no arithmetic worth bounding."""
    total = 0
    for s, mod in rows:
        positions = max(_positions(s.in_shape), _positions(s.out_shape))
        total += sum(sub.weight.numel() * positions for sub in mod.modules() if isinstance(sub, _SLIDING))
    return total


def _meta_paid() -> bool:
    return all(name in sys.modules for name in _META_IMPORTS)


def fits_cpu(shaped: list[Shaped], rows: list[nn.Module], limits: CpuLimits = CPU_LIMITS) -> bool:
    """Small enough for the CPU, and nothing in it that says ``counts_on_meta``: a recurrent layer (all its
    steps in one call on meta, a Python loop on the CPU) or attention (its score matrices, steps² per
    head, are no row's output, so :data:`CPU_LIMITS` cannot see them)."""
    if any(getattr(sub, "counts_on_meta", False) for mod in rows for sub in mod.modules()):
        return False
    return (sum(_params(mod) for mod in rows) <= limits.params
            and sum(math.prod(s.out_shape) for s in shaped) <= limits.elements
            and mac_bound(zip(shaped, rows)) <= limits.macs)


def counting_device(shaped: list[Shaped], rows: list[nn.Module]) -> str:
    """``"cpu"`` for a model that :func:`fits_cpu` while meta has not been paid for in this process, else
    ``"meta"``."""
    return CPU if not _meta_paid() and fits_cpu(shaped, rows) else META


def pay_for_meta() -> None:
    """Import now what the first operation on a meta tensor imports (about 3 s), so that a process that
    will count many models (the bot, in its warm-up) never makes a student wait for it; from then on
    :func:`counting_device` chooses meta."""
    torch.empty(1, device=META).add(1)


def materialise(model: nn.Module, device: str) -> nn.Module:
    """A meta-built model's parameters and buffers made real on ``device``, zeroed, in place.

    Zeros, not ``to_empty``'s uninitialised memory: garbage may hold NaNs or denormals (slow on a CPU),
    and zeroing 50 MB costs milliseconds.  ``to_empty`` itself is not used because it goes through
    ``empty_like`` on meta tensors, which imports sympy: the cost this module exists to avoid.  Parameters
    keep their identity and ``requires_grad`` (``_apply`` is how ``to_empty`` works too)."""
    if device == META:
        return model
    return model._apply(lambda t: torch.zeros(t.shape, dtype=t.dtype, device=device))


@contextlib.contextmanager
def threads_for(device: str) -> Iterator[None]:
    """One CPU thread for a count on the CPU, the previous number after it.

    A count is a few hundred milliseconds of work; on a busy machine torch's threads wait on each other:
    ResNet-18's pass took 1.4-2.4 s with two threads and 0.2 s with one (load 8 on two cores).  Counts on
    the CPU in several threads at once take turns, so that each restores the number it found."""
    if device != CPU:
        yield
        return
    with _ONE_THREAD:
        before = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            yield
        finally:
            torch.set_num_threads(before)


__all__ = ["CPU", "CPU_LIMITS", "META", "CpuLimits", "counting_device", "fits_cpu", "mac_bound", "materialise", "pay_for_meta", "threads_for"]
