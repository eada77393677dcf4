"""Live CNN calculations for the course: parameters, shapes, MACs/FLOPs, model zoo, comparisons, timing.

Knows nothing of Telegram.  The bot and the CLI call these functions and get
result objects back: numbers, ``.text()`` for a monospace-safe message,
``.to_json()``, and for comparisons optional PNG bytes.
"""

from __future__ import annotations

from cnn_demos.compare import Comparison, bottleneck, pooling, stacked
from cnn_demos.counting import LayerRow, Report, count_nodes, count_spec
from cnn_demos.shapes import DEFAULT_LIMITS, Explanation, LayerShape, Limits, explain, explain_spec
from cnn_demos.spec import SpecError, parse
from cnn_demos.timing import RunLimits
from cnn_demos.worker import RunFailed, RunTimeout
from cnn_demos.zoo import MODELS, UnknownModel, ZooModel


def params(spec: str, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Count a model the student typed; raises :class:`SpecError` with a Persian message."""
    return count_spec(spec, "model", limits)


def model(name: str) -> Report:
    """A zoo model's report; raises :class:`UnknownModel` (Persian message) for an unknown name."""
    from cnn_demos.zoo import get

    entry = get(name)
    return count_nodes(entry.build(), entry.key, convention=entry.convention)


def shapes(spec: str, limits: Limits = DEFAULT_LIMITS) -> list[LayerShape]:
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
    "shapes",
    "stacked",
]
