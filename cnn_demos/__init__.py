"""Live CNN calculations for the course: parameters, shapes, MACs/FLOPs, model zoo, comparisons, timing.

Knows nothing of Telegram.  The bot and the CLI call these functions and get
result objects back: numbers, ``.text()`` for a monospace-safe message,
``.to_json()``, and for comparisons optional PNG bytes.

Names are loaded on first use (PEP 562), so ``import cnn_demos.prose`` (routing a chat
message) does not import torch; ``cnn_demos.params`` and friends import it when called.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING

from cnn_demos.shapes import DEFAULT_LIMITS, Limits
from cnn_demos.spec import SpecError, parse

if TYPE_CHECKING:
    from cnn_demos.report import Report
    from cnn_demos.shapes import LayerShape

_LAZY = {
    "Comparison": "compare", "bottleneck": "compare", "pooling": "compare", "stacked": "compare", "separable": "compare",
    "models_compared": "compare",
    "LayerRow": "report", "Report": "report", "count_nodes": "counting", "count_spec": "counting",
    "Explanation": "shapes", "LayerShape": "shapes", "explain": "shapes", "explain_spec": "shapes",
    "RunLimits": "timing", "RunFailed": "worker", "RunTimeout": "worker",
    "MODELS": "zoo", "UnknownModel": "zoo", "ZooModel": "zoo",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f"cnn_demos.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'cnn_demos' has no attribute {name!r}")


def params(text: str, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Count a model the student typed or pasted: the layer notation, Keras/PyTorch code or ``print(net)``.

    Raises :class:`SpecError` with a Persian message naming the line.
    """
    from cnn_demos.pasted import count_text

    return count_text(text, limits)


def model(name: str) -> Report:
    """A zoo model's report; raises :class:`UnknownModel` (Persian: suggestions, or which member of a family)."""
    from cnn_demos.zoo import get

    return _zoo_report(get(name).key)


@functools.lru_cache(maxsize=64)
def _zoo_report(key: str) -> Report:
    """A zoo model never changes: count it once per process (ResNet-50 takes 0.3 s, ViT about 1 s)."""
    from cnn_demos.zoo import MODELS

    return MODELS[key].report()


def shapes(spec: str, limits: Limits = DEFAULT_LIMITS) -> list[LayerShape]:
    from cnn_demos.shapes import explain_spec

    return explain_spec(parse(spec), limits)


__all__ = [
    "MODELS",
    "Comparison",
    "Explanation",
    "LayerRow",
    "LayerShape",
    "Limits",
    "Report",
    "RunFailed",
    "RunLimits",
    "RunTimeout",
    "SpecError",
    "UnknownModel",
    "ZooModel",
    "bottleneck",
    "count_nodes",
    "count_spec",
    "explain",
    "explain_spec",
    "model",
    "params",
    "pooling",
    "separable",
    "shapes",
    "stacked",
]
