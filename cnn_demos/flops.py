"""FLOPs as ``torch.utils.flop_counter`` counts them, without importing ``torch._dynamo`` on first use.

``FlopCounterMode`` runs its counting in a ``TorchDispatchMode`` whose ``__torch_dispatch__`` torch
2.13 wraps in ``torch._disable_dynamo``, and that wrapper imports ``torch._dynamo`` the first time
it is called: about 2 s of a cold ``daneshyar calc`` (``benchmarks/calc_startup.py``), even for a
count on the CPU.  :class:`FlopCount` is the same counting: the same formulas (the module's own
``flop_registry``), the same rule for an operator the registry lacks (decompose it, count its
parts), the same total; it asks not to be wrapped through the dispatch mode's own class hook
(``_should_skip_dynamo``, which torch's docstring shows for exactly this), and nothing in torch is
patched.  Per-module attribution (``FlopCounterMode``'s module tracker) is left out: callers count
per row with their own hooks and read only the running total.
"""

from __future__ import annotations

import torch
from torch.utils import flop_counter
from torch.utils._python_dispatch import TorchDispatchMode


class FlopCount(TorchDispatchMode):
    """``with FlopCount() as counter: model(x)``, then ``counter.get_total_flops()``."""

    @classmethod
    def _should_skip_dynamo(cls) -> bool:
        """Not wrapped in ``torch._disable_dynamo``: nothing is compiled inside a count."""
        return False

    def __init__(self) -> None:
        super().__init__()
        self.registry = flop_counter.flop_registry
        self.total = 0

    def get_total_flops(self) -> int:
        """The FLOPs so far: the name ``FlopCounterMode`` gives it, so callers read either alike."""
        return self.total

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if isinstance(func, torch._ops.HigherOrderOperator):
            return NotImplemented
        packet = func._overloadpacket
        if packet not in self.registry and func is not torch.ops.prim.device.default:
            with self:  # a composite operator (linear, scaled_dot_product_attention): count what it is made of
                result = func.decompose(*args, **kwargs)
                if result is not NotImplemented:
                    return result
        out = func(*args, **kwargs)
        formula = self.registry.get(packet)
        if formula is not None:
            self.total += formula(*args, **kwargs, out_val=out)
        return out


__all__ = ["FlopCount"]
