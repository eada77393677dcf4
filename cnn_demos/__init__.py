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


def params(text: str, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Count a model the student typed or pasted: the layer notation, Keras/PyTorch code or ``print(net)``.

    Raises :class:`SpecError` with a Persian message naming the line.
    """
    from cnn_demos.pasted import count_text

    return count_text(text, limits)


def model(name: str) -> Report:
    """A zoo model's report; raises :class:`UnknownModel` (Persian: suggestions, or which member of a family)."""
    from cnn_demos.zoo import get

    return get(name).report()


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
