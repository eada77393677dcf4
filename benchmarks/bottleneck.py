"""The 1x1 bottleneck on real hardware: theoretical MAC ratio vs measured time ratio, and how close each
convolution gets to the device's peak.

    python benchmarks/bottleneck.py [--batch 16 64] [--device auto|cpu|cuda] [--json]

For each batch size it times (median of repeats after warm-up; CUDA events on a GPU)
the direct k×k convolution, the 1x1 reduction alone, the k×k on the reduced
channels alone, and the whole bottleneck.  "peak" is a measured float32 GEMM
(the practical ceiling of this device for dense math) and, on known GPUs, the
spec-sheet TF32 tensor-core figure too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import torch

from cnn_demos import bottleneck
from cnn_demos.timing import device_name, resolve_device, time_specs

# Dense TF32 tensor-core peaks from the vendors' data sheets (TFLOP/s).  cuDNN uses TF32 for float32
# convolutions by default on these GPUs.
SPEC_SHEET_TF32 = {"H100 80GB HBM3": 494.7, "H100 PCIe": 378.0, "H200": 494.7, "A100": 156.0}


def gemm_tflops(device: str, n: int = 4096, seconds: float = 2.0) -> float:
    """A measured float32 matrix multiply: the practical peak the convolutions are compared with."""
    n = n if device == "cuda" else 1024
    a, b = torch.randn(n, n, device=device), torch.randn(n, n, device=device)
    for _ in range(3):
        a @ b
    times = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(times) < 5:
        if device == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        a @ b
        if device == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return 2 * n**3 / statistics.median(times) / 1e12


def spec_sheet(device: str) -> float | None:
    if device != "cuda":
        return None
    name = torch.cuda.get_device_name(0)
    return next((peak for key, peak in SPEC_SHEET_TF32.items() if key in name), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", default="28x28x192")
    parser.add_argument("--kernel", type=int, default=5)
    parser.add_argument("--filters", type=int, default=32)
    parser.add_argument("--reduce", type=int, default=16)
    parser.add_argument("--batch", type=int, nargs="+", default=None)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    device = resolve_device(args.device)
    batches = args.batch or ([16, 64, 256] if device == "cuda" else [16, 64])
    comparison = bottleneck(args.input, args.kernel, args.filters, args.reduce)
    direct, reduced = (v.report for v in comparison.variants)
    k, c, f, b = args.kernel, comparison.variants[0].report.rows[0].output_shape, args.filters, args.reduce
    head = comparison.variants[0].spec.split("|")[0].strip()
    reduced_shape = reduced.rows[1].output_shape
    specs = [
        ("direct", comparison.variants[0].spec, direct.macs),
        ("1x1 only", f"{head} | conv {b} 1x1", reduced.rows[1].macs),
        (f"{k}x{k} on {b} ch", f"input {reduced_shape} | conv {f} {k}x{k} same", reduced.rows[2].macs),
        ("bottleneck", comparison.variants[1].spec, reduced.macs),
    ]
    gemm = gemm_tflops(device)
    sheet = spec_sheet(device)
    results = {"device": device_name(device), "input": c, "kernel": k, "filters": f, "reduce": b,
               "mac_ratio": comparison.mac_ratio, "gemm_tflops": gemm, "spec_sheet_tf32_tflops": sheet, "runs": []}
    for batch in batches:
        run = time_specs(specs, batch=batch, device=device, repeats=args.repeats, budget_s=20)
        times = {t.label: t for t in run.timings}
        results["runs"].append({
            "batch": batch,
            "measured_ratio": times["direct"].median_ms / times["bottleneck"].median_ms,
            "timings": [{"label": t.label, "median_ms": t.median_ms, "tflops": t.tflops,
                         "of_gemm": t.tflops / gemm, "of_spec_sheet": t.tflops / sheet if sheet else None}
                        for t in run.timings],
        })
    if args.json:
        print(json.dumps(results))
        return
    print(f"{results['device']}: {c} → {k}x{k} conv, {f} filters; bottleneck through {b} channels")
    print(f"theoretical MAC ratio {comparison.mac_ratio:.2f}x; measured fp32 GEMM {gemm:.2f} TFLOP/s"
          + (f"; spec-sheet TF32 {sheet} TFLOP/s" if sheet else ""))
    for run in results["runs"]:
        print(f"\nbatch {run['batch']}: measured time ratio {run['measured_ratio']:.2f}x "
              f"(theory {comparison.mac_ratio:.2f}x)")
        print(f"  {'':<14} {'ms':>9} {'TFLOP/s':>9} {'of GEMM':>8}" + ("  of sheet" if sheet else ""))
        for t in run["timings"]:
            line = f"  {t['label']:<14} {t['median_ms']:>9.3f} {t['tflops']:>9.3f} {t['of_gemm']:>7.0%}"
            if sheet:
                line += f"  {t['of_spec_sheet']:>8.1%}"
            print(line)


if __name__ == "__main__":
    main()
