"""Real forward passes, timed: CUDA events on a GPU, ``perf_counter`` on the CPU; warm-up, then the median.

These functions run inside :mod:`cnn_demos.worker`'s process, never in the bot's
event loop.  Callers check the work size first (:func:`check_work`), so a request
cannot exhaust the device; ``budget_s`` bounds the repeats, the worker's time
limit bounds everything else.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import torch

from cnn_demos import messages as msg
from cnn_demos.build import sequential
from cnn_demos.report import Report
from cnn_demos.shapes import infer
from cnn_demos.spec import SpecError, parse


@dataclass(frozen=True)
class RunLimits:
    max_batch: int = 256
    max_macs_cpu: int = 50_000_000_000        # per forward pass of one batch
    max_macs_cuda: int = 5_000_000_000_000
    max_bytes_cpu: int = 2 << 30               # activations + weights
    max_bytes_cuda: int = 16 << 30


DEFAULT_RUN_LIMITS = RunLimits()


@dataclass(frozen=True)
class Timing:
    label: str
    median_ms: float
    repeats: int
    tflops: float          # achieved: 2 × MACs × batch / median time
    low_ms: float = 0.0    # the spread: 25th and 75th percentile of the timed repeats
    high_ms: float = 0.0


@dataclass(frozen=True)
class TimingRun:
    device: str            # "cuda (NVIDIA H100 80GB HBM3)" or "cpu (2 threads)"
    batch: int
    timings: tuple[Timing, ...]


def resolve_device(device: str = "auto") -> str:
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        return "cpu"
    return device


def device_name(device: str) -> str:
    if device.startswith("cuda"):
        return f"cuda ({torch.cuda.get_device_name(0)})"
    return f"cpu ({torch.get_num_threads()} threads)"


def check_work(reports: list[Report], batch: int, device: str, limits: RunLimits = DEFAULT_RUN_LIMITS) -> None:
    """Refuse, before anything is allocated, a run larger than the device may take."""
    if not 1 <= batch <= limits.max_batch:
        raise SpecError(msg.TOO_MUCH_WORK.format(value=f"batch={batch}", limit=f"batch={limits.max_batch}"))
    cuda = device.startswith("cuda")
    for report in reports:
        macs = report.macs * batch
        max_macs = limits.max_macs_cuda if cuda else limits.max_macs_cpu
        if macs > max_macs:
            raise SpecError(msg.TOO_MUCH_WORK.format(value=f"{macs:,} MACs", limit=f"{max_macs:,}"))
        size = report.activation_bytes_fp32 * batch + report.weight_bytes_fp32
        max_bytes = limits.max_bytes_cuda if cuda else limits.max_bytes_cpu
        if size > max_bytes:
            raise SpecError(msg.TOO_MUCH_WORK.format(value=f"{size / 2**20:,.0f} MiB", limit=f"{max_bytes >> 20:,} MiB"))


def _once(model: torch.nn.Module, x: torch.Tensor) -> float:
    if x.is_cuda:
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        model(x)
        end.record()
        end.synchronize()
        return start.elapsed_time(end)
    t0 = time.perf_counter()
    model(x)
    return (time.perf_counter() - t0) * 1000


def _warm(model: torch.nn.Module, x: torch.Tensor, deadline: float, at_least: int = 3, at_most: int = 50) -> None:
    """Run until three runs in a row agree within 10 %: first runs pay for allocation, kernel choice, caches."""
    recent: list[float] = []
    for count in range(at_most):
        recent = (recent + [_once(model, x)])[-3:]
        if count + 1 >= at_least and len(recent) == 3 and max(recent) <= 1.1 * min(recent):
            return
        if time.perf_counter() > deadline:
            return


def _quartiles(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    low, high = (ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] for q in (0.25, 0.75))
    return statistics.median(ordered), low, high


def warm_up(device: str = "auto") -> str:
    """A tiny timed run, so a fresh worker's first real comparison does not pay for torch's first kernels
    on ``device``; returns the device."""
    return time_specs([("warm-up", "input 8x8x3 | conv 4 3x3", 0)], batch=2, device=device, repeats=3,
                      budget_s=0.2).device


def time_specs(specs: list[tuple[str, str, int]], batch: int = 16, device: str = "auto", repeats: int = 20,
               budget_s: float = 10.0, seed: int = 0) -> TimingRun:
    """Time each ``(label, spec, macs)`` on random data: warmed until stable, then in alternating rounds."""
    device = resolve_device(device)
    torch.manual_seed(seed)
    deadline = time.perf_counter() + budget_s
    with torch.inference_mode():
        runs = []
        for label, text, macs in specs:
            shaped = infer(parse(text))
            model = sequential(shaped[1:], device).eval()
            x = torch.randn((batch, *shaped[0].in_shape), device=device)
            _warm(model, x, time.perf_counter() + budget_s / (3 * max(len(specs), 1)))
            runs.append((label, macs, model, x, []))
        # Rounds alternate the variants, so a slow moment of the machine falls on both alike.
        while any(len(r[4]) < repeats for r in runs) and (min(len(r[4]) for r in runs) < 3
                                                          or time.perf_counter() < deadline):
            for _, _, model, x, times in runs:
                times.append(_once(model, x))
        results = []
        for label, macs, model, x, times in runs:
            median, low, high = _quartiles(times)
            results.append(Timing(label, median, len(times), 2 * macs * batch / (median / 1000) / 1e12, low, high))
        del runs
    if device.startswith("cuda"):
        torch.cuda.empty_cache()
    return TimingRun(device_name(device), batch, tuple(results))
