"""Count a real ``torch.nn.Module``: PyTorch code a student pasted, ``print(net)`` output, torchvision's models.

The node pipeline (:mod:`cnn_demos.shapes` → :mod:`cnn_demos.build`) describes models
in the course's own terms; a module built from PyTorch code already *is* the model,
so here PyTorch does everything: parameters are ``model.parameters()``, shapes come
from one forward pass on the ``meta`` device (no memory, no arithmetic), and MACs
are ``torch.utils.flop_counter``'s FLOPs / 2 (its formulas, counted by :mod:`cnn_demos.flops`), per row
and in total.

Rows are the model's top-level children in the order ``forward`` first calls them;
a model with only a few children (torchvision's ``features`` + ``classifier``) is
opened one level so the table says something.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import nn

from cnn_demos import messages as msg
from cnn_demos.counting import _bn_statistics
from cnn_demos.flops import FlopCount
from cnn_demos.report import KERAS, PYTORCH, LayerRow, Report
from cnn_demos.shapes import display
from cnn_demos.spec import SpecError

MIN_ROWS = 6      # fewer top-level rows than this: open the biggest child
MAX_ROWS = 60     # never open a child past this many rows
_VIEWS = (nn.Identity, nn.Flatten, nn.Unflatten, nn.Dropout, nn.Dropout1d, nn.Dropout2d, nn.Dropout3d,
          nn.AlphaDropout)


def _size(mod: nn.Module) -> int:
    """Parameters known so far (lazy ones are not), then submodules: which child to open first."""
    known = sum(p.numel() for p in mod.parameters() if not isinstance(p, nn.parameter.UninitializedParameter))
    return known * 1000 + sum(1 for _ in mod.modules())


def rows_of(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """Top-level children, opened while the table would be too short to tell anything."""
    rows = list(model.named_children())
    if not rows:  # the model is one layer (nn.LSTM(...) on its own)
        return [(type(model).__name__, model)]
    opened: set[str] = set()
    while len(rows) < MIN_ROWS:
        candidates = [(i, n, m) for i, (n, m) in enumerate(rows) if n not in opened and any(True for _ in m.children())]
        if not candidates:
            break
        index, name, mod = max(candidates, key=lambda c: _size(c[2]))
        children = [(f"{name}.{child}", sub) for child, sub in mod.named_children()]
        if len(rows) - 1 + len(children) > MAX_ROWS:
            break
        opened.add(name)
        rows[index:index + 1] = children
    return rows


def _first_tensor(value) -> torch.Tensor | None:
    if isinstance(value, torch.Tensor):
        return value
    if isinstance(value, (tuple, list)):
        for item in value:
            found = _first_tensor(item)
            if found is not None:
                return found
    if isinstance(value, dict):
        return _first_tensor(list(value.values()))
    return None


def _shape_text(shape: tuple[int, ...] | None, layout: str) -> str:
    if shape is None:
        return "-"
    if layout == "channels_first" or len(shape) < 2:
        return "x".join(str(s) for s in shape) if shape else "1"
    return display(shape, layout)


def _input_dtype(model: nn.Module) -> torch.dtype:
    """Token ids for a model that starts with an embedding; floats otherwise."""
    for mod in model.modules():
        if isinstance(mod, (nn.Embedding, nn.EmbeddingBag)):
            return torch.long
        if isinstance(mod, (nn.modules.conv._ConvNd, nn.Linear, nn.RNNBase, nn.modules.lazy.LazyModuleMixin)):
            return torch.float32
    return torch.float32


class _Trace:
    """Forward hooks on the rows: call order, output shapes, FLOPs and kept activations of each."""

    def __init__(self, rows: list[tuple[str, nn.Module]], counter: FlopCount, rnns=None) -> None:
        self.rows, self.counter, self.rnns = rows, counter, rnns
        self.order: list[int] = []
        self.shapes: dict[int, tuple[int, ...] | None] = {}
        self.flops = [0] * len(rows)
        self.kept = 0
        self.current: list[int] = []
        self._start: dict[int, list[int]] = {}
        self.handles = []

    def total(self) -> int:
        return self.counter.get_total_flops() + (self.rnns.extra if self.rnns is not None else 0)

    def __enter__(self) -> _Trace:  # noqa: PYI034
        for index, (_, mod) in enumerate(self.rows):
            self.handles.append(mod.register_forward_pre_hook(self._pre(index)))
            self.handles.append(mod.register_forward_hook(self._post(index)))
        return self

    def __exit__(self, *exc) -> None:
        for handle in self.handles:
            handle.remove()

    def _pre(self, index: int):
        def hook(mod, inputs):
            self.current.append(index)
            self._start.setdefault(index, []).append(self.total())
        return hook

    def _post(self, index: int):
        def hook(mod, inputs, output):
            self.current.pop()
            self.flops[index] += self.total() - self._start[index].pop()
            if index not in self.order:
                self.order.append(index)
            tensor = _first_tensor(output)
            self.shapes[index] = tuple(tensor.shape[1:]) if tensor is not None else None
        return hook


def _kept_elements(model: nn.Module, x: torch.Tensor) -> tuple[int, list]:
    """Elements training keeps for the backward pass: every leaf's output that is not a view of its input."""
    kept = [x.numel()]

    def hook(mod, inputs, output):
        tensor = _first_tensor(output)
        if tensor is not None and not isinstance(mod, _VIEWS):
            kept[0] += tensor.numel()

    handles = [m.register_forward_hook(hook) for m in model.modules() if not any(True for _ in m.children())]
    return kept, handles


def _rnn_flops(mod: nn.RNNBase, steps: int) -> int:
    """FLOPs of the input and recurrent matmuls, as flop_counter counts them (2 per multiply-add)."""
    gates = {"LSTM": 4, "GRU": 3}.get(mod.mode, 1)
    directions = 2 if mod.bidirectional else 1
    total, width = 0, mod.input_size
    for _ in range(mod.num_layers):
        total += directions * steps * gates * mod.hidden_size * (width + mod.hidden_size)
        width = mod.hidden_size * directions
    return 2 * total


class _FastRNNs:
    """On meta, torch's RNN kernels decompose into thousands of tiny ops (a second for a 3-layer GRU);
    their shapes and FLOPs follow from the sizes, so compute them directly while counting."""

    def __init__(self, model: nn.Module) -> None:
        self.rnns = [m for m in model.modules() if isinstance(m, nn.RNNBase) and not m.proj_size]
        self.extra = 0

    def __enter__(self) -> _FastRNNs:  # noqa: PYI034
        for mod in self.rnns:
            mod.forward = self._forward(mod)
        return self

    def __exit__(self, *exc) -> None:
        for mod in self.rnns:
            del mod.forward

    def _forward(self, mod: nn.RNNBase):
        def forward(x, hx=None):
            batched = x.dim() == 3
            steps = x.shape[1 if mod.batch_first else 0] if batched else x.shape[0]
            batch = (x.shape[0] if mod.batch_first else x.shape[1]) if batched else 1
            if x.shape[-1] != mod.input_size:
                raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {mod.input_size}, "
                                   f"got {x.shape[-1]}")
            self.extra += batch * _rnn_flops(mod, steps)
            directions = 2 if mod.bidirectional else 1
            out_shape = list(x.shape[:-1]) + [directions * mod.hidden_size]
            state = (directions * mod.num_layers, batch, mod.hidden_size) if batched else \
                (directions * mod.num_layers, mod.hidden_size)
            out = torch.empty(out_shape, device="meta", dtype=x.dtype)
            h = torch.empty(state, device="meta", dtype=x.dtype)
            return (out, (h, torch.empty_like(h))) if mod.mode == "LSTM" else (out, h)
        return forward


def _run(model: nn.Module, rows, x: torch.Tensor, name_of) -> tuple[_Trace, int, int]:
    counter = FlopCount()
    kept, handles = _kept_elements(model, x)
    rnns = _FastRNNs(model)
    trace = _Trace(rows, counter, rnns)
    try:
        with torch.no_grad(), counter, trace, rnns:
            model(x)
    except SpecError:
        raise
    except (RuntimeError, ValueError, TypeError, IndexError, AssertionError) as exc:
        where = name_of(trace.current[-1]) if trace.current else ""
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise SpecError(msg.FORWARD_FAILED.format(where=where or "forward", detail=detail), token=where) from None
    finally:
        for handle in handles:
            handle.remove()
    return trace, int(counter.get_total_flops()) + rnns.extra, kept[0]


def count_module(module: nn.Module, input_shape: tuple[int, ...] | None, name: str = "model",
                 convention: str = PYTORCH, layout: str = "channels_first",
                 rows: list[tuple[str, nn.Module]] | None = None) -> Report:
    """Parameters, shapes and MACs of a real module on ``meta``; without an input, parameters only.

    ``rows`` may name the table's rows (the code reader passes the layers in the order the code
    defines them); by default they are :func:`rows_of`.  Raises :class:`SpecError` (Persian) when
    the forward pass fails, naming the row it failed in.
    """
    rows = rows if rows is not None else rows_of(module)
    module.eval()  # BatchNorm on a single sample and dropout: eval mode counts the same and cannot fail
    shapes_known = input_shape is not None
    order, shapes, flops_by_row, total_flops, kept = list(range(len(rows))), {}, [0] * len(rows), 0, 0
    if shapes_known:
        x = torch.empty((1, *input_shape), device="meta", dtype=_input_dtype(module))
        trace, total_flops, kept = _run(module, rows, x, lambda i: rows[i][0])
        order = _placed(trace.order, len(rows))
        shapes, flops_by_row = trace.shapes, trace.flops
    keras = convention == KERAS
    learnable = sum(p.numel() for p in module.parameters())
    table = []
    for index in order:
        row_name, mod = rows[index]
        params = sum(p.numel() for p in mod.parameters()) + (_bn_statistics(mod) if keras else 0)
        shape = _shape_text(shapes.get(index), layout) if shapes_known else "?"
        table.append(LayerRow(f"{row_name}: {type(mod).__name__}", type(mod).__name__, shape,
                              params, sum(p.numel() for p in mod.parameters() if p.requires_grad),
                              flops_by_row[index] // 2))
    covered = sum(_row_params(mod) for _, mod in _distinct(rows))
    if covered < learnable:  # parameters the model owns directly (ViT's class token) or in opened containers
        table.insert(0, LayerRow("(own parameters)", "Parameter", "-", learnable - covered, learnable - covered, 0))
    in_text = "x".join(str(s) for s in input_shape) if shapes_known else "?"
    if shapes_known and layout != "channels_first":
        in_text = display(tuple(input_shape), layout)
    return Report.counted(
        name=name, layout=layout, input_shape=in_text, rows=tuple(table), learnable=learnable,
        trainable=sum(p.numel() for p in module.parameters() if p.requires_grad), statistics=_bn_statistics(module),
        macs=total_flops // 2, kept=kept, convention=convention, flop_counter_flops=total_flops,
        shapes_known=shapes_known,
    )


def _placed(called: list[int], count: int) -> list[int]:
    """Rows in the order forward ran them; a row that never ran (an aux head in eval mode) after its neighbour."""
    order = list(called)
    for index in range(count):
        if index in order:
            continue
        before = [i for i in order if i < index]
        position = order.index(max(before)) + 1 if before else 0
        order.insert(position, index)
    return order


def _row_params(mod: nn.Module) -> int:
    return sum(p.numel() for p in mod.parameters())


def _distinct(rows: Iterable[tuple[str, nn.Module]]) -> list[tuple[str, nn.Module]]:
    """Rows without repeats: a module listed twice (shared) holds its parameters once."""
    seen, out = set(), []
    for name, mod in rows:
        if id(mod) not in seen:
            seen.add(id(mod))
            out.append((name, mod))
    return out


__all__ = ["count_module", "rows_of"]
