"""Import torchvision where pip paired a CUDA build of it with a CPU-only torch.

That is what the README's install gives (torch 2.13.0+cpu from this machine's disk, torchvision
0.28.0 from the index, built for CUDA): torchvision's compiled operators cannot load, and its
``import`` then stops at declaring fake kernels for ``torchvision::nms``/``qnms``.  The model
definitions are plain Python and use none of those operators, so the two are declared (schema
only, no kernel) and the import retried.  ``transformers`` imports torchvision too, so the
sentence-transformers embedder calls this before importing it; on a machine whose torchvision
loads, this is a plain import.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType

_IMPORTING = threading.Lock()  # the bot imports in worker threads: one first import at a time


def importable_torchvision() -> ModuleType:
    """``torchvision`` (with ``torchvision.models``); raises ImportError when it is not installed."""
    with _IMPORTING:
        try:
            import torchvision.models
        except RuntimeError:
            _declare_detection_ops()
            try:
                import torchvision.models
            except RuntimeError as exc:
                raise ImportError(str(exc)) from exc
    return torchvision


def _declare_detection_ops() -> None:
    import torch

    for name in [n for n in sys.modules if n == "torchvision" or n.startswith("torchvision.")]:
        del sys.modules[name]  # a half-imported package: import it afresh
    for op in ("nms", "qnms"):
        try:
            getattr(torch.ops.torchvision, op)
        except (AttributeError, RuntimeError):
            torch.library.define(f"torchvision::{op}",
                                 "(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
