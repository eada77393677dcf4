"""The torch side the layer families share: ``nn.Module`` classes that do what a Keras layer does where
``torch.nn`` has no such module, and the small helpers every builder uses (padding, activations, axes).

Imported by the builders when a model is built, never when a spec is parsed (torch takes seconds to import).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F
from torch import nn

if TYPE_CHECKING:
    from cnn_demos.layers.attention import Attention
    from cnn_demos.layers.scored_attention import ScoredAttention


class Pad(nn.Module):
    """Asymmetric zero padding (Keras 'same' with a stride), which ``nn.ConvNd(padding=...)`` cannot express.

    Negative amounts crop (``F.pad`` semantics): Cropping2D and the trimmed edges of a transposed convolution.
    """

    def __init__(self, pads: tuple[tuple[int, int], ...]) -> None:
        super().__init__()
        self.flat = tuple(p for pair in reversed(pads) for p in pair)  # F.pad wants the last axis first

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.pad(x, self.flat)


class OnAxis(nn.Module):
    """Runs ``inner`` with the given axes moved last (Dense, LayerNormalization on a channels-first tensor)."""

    def __init__(self, inner: nn.Module, axes: tuple[int, ...]) -> None:
        super().__init__()
        self.inner, self.axes = inner, axes  # tensor axes, batch included

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        last = tuple(range(x.dim() - len(self.axes), x.dim()))
        return self.inner(x.movedim(self.axes, last)).movedim(last, self.axes)


class ToFront(nn.Module):
    """Runs ``inner`` with one axis moved to dim 1, where BatchNorm looks for channels."""

    def __init__(self, inner: nn.Module, axis: int) -> None:
        super().__init__()
        self.inner, self.axis = inner, axis

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.inner(x.movedim(self.axis, 1)).movedim(1, self.axis)


class KeepAxis(nn.Module):
    """The mean (or max) over every axis but the batch and ``axis``: Keras' global pooling with the other
    ``data_format``."""

    def __init__(self, op: str, axis: int) -> None:
        super().__init__()
        self.op, self.axis = op, axis

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        flat = x.movedim(self.axis, 1).flatten(2)
        return flat.mean(2) if self.op == "avg" else flat.amax(2)


class Exp(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.exp(x)


_ACTIVATIONS = {
    "relu": nn.ReLU, "relu6": nn.ReLU6, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "gelu": nn.GELU, "elu": nn.ELU,
    "selu": nn.SELU, "silu": nn.SiLU, "swish": nn.SiLU, "leakyrelu": nn.LeakyReLU, "leaky_relu": nn.LeakyReLU,
    "hardswish": nn.Hardswish, "hard_swish": nn.Hardswish, "softplus": nn.Softplus, "mish": nn.Mish,
    "linear": nn.Identity, "hard_sigmoid": nn.Hardsigmoid, "softsign": nn.Softsign, "exponential": Exp,
    "hard_silu": nn.Hardswish, "hard_tanh": nn.Hardtanh,
}


def activation(name: str | None) -> nn.Module:
    if name is None:
        return nn.Identity()
    if name in ("softmax", "log_softmax"):  # over the channels: Keras' last axis
        return (nn.Softmax if name == "softmax" else nn.LogSoftmax)(dim=1)
    return _ACTIVATIONS[name]()


def with_activation(layer: nn.Module, name: str | None, pads=None) -> nn.Module:
    parts = []
    if pads is not None:
        parts.append(Pad(pads))
    parts.append(layer)
    if name is not None:
        parts.append(activation(name))
    return parts[0] if len(parts) == 1 else nn.Sequential(*parts)


def symmetric(pads: tuple[tuple[int, int], ...]) -> bool:
    return all(left == right for left, right in pads)



# ---------------------------------------------------------------- blocks


class ConcatBranches(nn.Module):
    def __init__(self, branches: list[nn.Module]) -> None:
        super().__init__()
        self.branches = nn.ModuleList(branches)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([branch(x) for branch in self.branches], dim=1)


class AddResidual(nn.Module):
    def __init__(self, body: nn.Module, shortcut: nn.Module, activation: nn.Module) -> None:
        super().__init__()
        self.body, self.shortcut, self.activation = body, shortcut, activation

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.activation(self.body(x) + self.shortcut(x))


class GateBranch(nn.Module):
    """``x * branch(x)``: squeeze-and-excitation's per-channel weights scale the input."""

    def __init__(self, branch: nn.Module) -> None:
        super().__init__()
        self.branch = branch

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.branch(x)


class SideHead(nn.Module):
    """Computes an auxiliary output (counted, then dropped) and passes the input on."""

    def __init__(self, head: nn.Module) -> None:
        super().__init__()
        self.head = head

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.head(x)
        return x


class MergeInputs(nn.Module):
    """Keras' merge layers: ``forward(*xs)`` adds, multiplies, ... or concatenates along ``dim``."""

    def __init__(self, op: str, dim: int = 1) -> None:
        super().__init__()
        self.op, self.dim = op, dim

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        if self.op == "concatenate":
            return torch.cat(xs, dim=self.dim)
        if self.op == "subtract":
            return xs[0] - xs[1]
        out = xs[0]
        for x in xs[1:]:
            out = {"add": torch.add, "average": torch.add, "multiply": torch.mul, "maximum": torch.maximum,
                   "minimum": torch.minimum}[self.op](out, x)
        return out / len(xs) if self.op == "average" else out


class OwnWeightsModule(nn.Module):
    """A custom Keras layer's ``add_weight`` weights (frozen ones as Keras' ``trainable=False``), an output of the
    shape its ``call`` gives, and the MACs of its matmuls reported to the counting hooks."""

    def __init__(self, weights: tuple, shape: tuple[int, ...], macs: int) -> None:
        super().__init__()
        self.own = nn.ParameterList(nn.Parameter(torch.empty(size), requires_grad=trainable)
                                    for size, trainable in weights)
        self.shape, self.macs = shape, macs

    def forward(self, x: torch.Tensor, *rest: torch.Tensor) -> torch.Tensor:
        return x.new_zeros((x.shape[0], *self.shape))

    def matmul_macs(self, inputs: tuple) -> int:
        return inputs[0].shape[0] * self.macs


class ShapedLike(nn.Module):
    """Stands for a Keras Lambda: no weights, no counted work, an output of the shape Keras was told."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        super().__init__()
        self.shape = shape

    def forward(self, x: torch.Tensor, *rest: torch.Tensor) -> torch.Tensor:
        return x.new_zeros((x.shape[0], *self.shape))



# ---------------------------------------------------------------- normalisation


class KerasLayerNorm(nn.Module):
    """LayerNormalization over the last axes, gamma and beta each optional (Keras' scale/center)."""

    def __init__(self, sizes: tuple[int, ...], center: bool, scale: bool) -> None:
        super().__init__()
        self.sizes = sizes
        self.weight = nn.Parameter(torch.ones(sizes)) if scale else None
        self.bias = nn.Parameter(torch.zeros(sizes)) if center else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.layer_norm(x, self.sizes, self.weight, self.bias)


class ChannelScale(nn.Module):
    """ConvNeXt's LayerScale: each channel (dim 1) times its own trainable weight."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.gamma.view(1, -1, *[1] * (x.dim() - 2))


class KerasNormalization(nn.Module):
    """Keras' Normalization: ``(x - mean) / sqrt(variance)``; mean, variance and count are buffers.

    Named ``running_*`` so that the Keras-style count includes them as non-trainable, as
    ``model.summary()`` does (Keras 2: mean and variance per feature, plus one count).
    """

    def __init__(self, kept: tuple[int, ...]) -> None:
        super().__init__()
        self.register_buffer("running_mean", torch.zeros(kept))
        self.register_buffer("running_var", torch.ones(kept))
        self.register_buffer("running_count", torch.zeros(()))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.running_mean) * torch.rsqrt(self.running_var + 1e-7)


class KerasPReLU(nn.Module):
    """``max(x, 0) + alpha·min(x, 0)`` with alpha of any broadcastable shape (Keras: one per element)."""

    def __init__(self, alpha_shape: tuple[int, ...]) -> None:
        super().__init__()
        self.alpha = nn.Parameter(torch.full(alpha_shape, 0.25))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.clamp(min=0) + self.alpha * x.clamp(max=0)



# ---------------------------------------------------------------- sequences


class TokenEmbedding(nn.Module):
    """nn.Embedding whose vectors become the channel axis: tokens (N, *T) in Keras' order → (N, D, *T)."""

    def __init__(self, vocabulary: int, dim: int, channels_last: bool) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, dim)
        self.channels_last = channels_last

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        tokens = _keras_order(x, self.channels_last).long()
        tokens = tokens.remainder(self.embedding.num_embeddings)  # timing runs feed random floats
        return self.embedding(tokens).movedim(-1, 1)


class KerasRecurrent(nn.Module):
    """One Keras SimpleRNN/LSTM/GRU on (N, features, steps), with Keras' weights (one bias, or GRU's two).

    The input kernel is one ``nn.Linear`` over all steps and the recurrent kernel an ``nn.Linear``
    called once per step, so the MAC hooks and ``flop_counter`` both see exactly the matmuls:
    per step ``gates·units·features + gates·units·units``.  On ``meta`` (counting) tensors have no
    values, so the recurrent matmuls of all steps run as one call: the same count, without a
    Python loop of thousands of steps.
    """

    counts_on_meta = True  # cnn_demos.count_device: never counted on the CPU, where the loop would run

    def __init__(self, cell: str, features: int, units: int, bias: bool, reset_after: bool,
                 return_sequences: bool) -> None:
        super().__init__()
        gates = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}[cell]
        self.cell, self.units, self.return_sequences = cell, units, return_sequences
        self.kernel = nn.Linear(features, gates * units, bias=bias)
        self.split = cell == "GRU" and not reset_after  # the candidate's recurrent matmul comes after the reset
        rows = 2 * units if self.split else gates * units
        self.recurrent = nn.Linear(units, rows, bias=bias and cell == "GRU" and reset_after)
        self.candidate = nn.Linear(units, units, bias=False) if self.split else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        inputs = self.kernel(x.transpose(1, 2))           # (N, steps, gates·units)
        if inputs.is_meta:
            return self.counted(inputs)
        h = inputs.new_zeros(inputs.shape[0], self.units)
        c = h
        outputs = []
        for t in range(inputs.shape[1]):
            h, c = self.step(inputs[:, t], h, c)
            outputs.append(h)
        return torch.stack(outputs, dim=2) if self.return_sequences else h

    def counted(self, inputs: torch.Tensor) -> torch.Tensor:
        """Every step's recurrent matmul at once, on stand-in hidden states (meta tensors hold no values)."""
        states = inputs.new_empty(inputs.shape[0], inputs.shape[1], self.units)
        self.recurrent(states)
        if self.candidate is not None:
            self.candidate(states)
        return states.transpose(1, 2) if self.return_sequences else states[:, -1]

    def step(self, xt: torch.Tensor, h: torch.Tensor, c: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if self.cell == "SimpleRNN":
            return torch.tanh(xt + self.recurrent(h)), c
        if self.cell == "LSTM":
            i, f, g, o = (xt + self.recurrent(h)).chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            return torch.sigmoid(o) * torch.tanh(c), c
        xz, xr, xh = xt.chunk(3, dim=-1)
        if self.split:
            hz, hr = self.recurrent(h).chunk(2, dim=-1)
            z, r = torch.sigmoid(xz + hz), torch.sigmoid(xr + hr)
            candidate = torch.tanh(xh + self.candidate(r * h))
        else:
            hz, hr, hh = self.recurrent(h).chunk(3, dim=-1)
            z, r = torch.sigmoid(xz + hz), torch.sigmoid(xr + hr)
            candidate = torch.tanh(xh + r * hh)
        return z * h + (1 - z) * candidate, c


class Bidirectional(nn.Module):
    """Two recurrent layers, the second reading the sequence backwards; outputs merged like Keras."""

    def __init__(self, forward_layer: KerasRecurrent, backward_layer: KerasRecurrent, mode: str) -> None:
        super().__init__()
        self.forward_layer, self.backward_layer, self.mode = forward_layer, backward_layer, mode

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ahead = self.forward_layer(x)
        back = self.backward_layer(x.flip(-1))
        if self.backward_layer.return_sequences:
            back = back.flip(-1)
        if self.mode == "concat":
            return torch.cat([ahead, back], dim=1)
        if self.mode == "sum":
            return ahead + back
        if self.mode == "mul":
            return ahead * back
        return (ahead + back) / 2


class ConvLSTM(nn.Module):
    """Keras' ConvLSTM2D on (N, C, T, H, W): the input convolution over all steps at once, the recurrent one
    per step.  On ``meta`` the recurrent convolutions of all steps run as one call on stand-in states, as
    :class:`KerasRecurrent` does: the same count without a Python loop."""

    counts_on_meta = True  # cnn_demos.count_device: never counted on the CPU, where the loop would run

    def __init__(self, kernel: nn.Module, recurrent: nn.Conv2d, return_sequences: bool) -> None:
        super().__init__()
        self.kernel, self.recurrent, self.return_sequences = kernel, recurrent, return_sequences

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, steps = x.shape[0], x.shape[2]
        inputs = self.kernel(x.movedim(2, 1).flatten(0, 1)).unflatten(0, (n, steps))  # (N, T, 4F, H', W')
        filters = self.recurrent.in_channels
        if inputs.is_meta:
            states = inputs.new_empty(n * steps, filters, *inputs.shape[3:])
            self.recurrent(states)
            out = states.unflatten(0, (n, steps))
            return out.movedim(1, 2) if self.return_sequences else out[:, -1]
        h = inputs.new_zeros(n, filters, *inputs.shape[3:])
        c, outputs = h, []
        for t in range(steps):
            i, f, g, o = (inputs[:, t] + self.recurrent(h)).chunk(4, dim=1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outputs.append(h)
        return torch.stack(outputs, dim=2) if self.return_sequences else h


class EachStep(nn.Module):
    """Keras' TimeDistributed: (N, C, T, *rest) → the layer on (N·T, C, *rest) → (N, C', T, *rest')."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, steps = x.shape[0], x.shape[2]
        return self.inner(x.movedim(2, 1).flatten(0, 1)).unflatten(0, (n, steps)).movedim(1, 2)



# ---------------------------------------------------------------- attention


class MultiHeadAttention(nn.Module):
    """Keras' and PyTorch's multi-head attention on (N, E, T): four ``nn.Linear`` projections, which the MAC
    hooks count, and per head two matmuls (scores, weighted values), which :meth:`matmul_macs` reports.

    ``forward(query, value=None, key=None)`` is Keras' call order; without them it is self-attention.
    """

    counts_on_meta = True  # cnn_demos.count_device: steps² scores per head, which no row's shape shows

    def __init__(self, node: Attention, features: int, value_features: int, key_features: int) -> None:
        super().__init__()
        self.heads, self.key_dim = node.heads, node.key_dim
        self.value_dim = node.value_dim or node.key_dim
        keys, values = node.heads * node.key_dim, node.heads * self.value_dim
        self.query = nn.Linear(features, keys, bias=node.bias)
        self.key = nn.Linear(key_features, keys, bias=node.bias)
        self.value = nn.Linear(value_features, values, bias=node.bias)
        self.output = nn.Linear(values, node.out_dim or features, bias=node.bias)

    def split(self, x: torch.Tensor) -> torch.Tensor:
        return x.unflatten(-1, (self.heads, -1)).transpose(1, 2)  # (N, T, H·d) → (N, H, T, d)

    def forward(self, x: torch.Tensor, value: torch.Tensor | None = None, key: torch.Tensor | None = None):
        query = x.transpose(1, 2)
        value = query if value is None else value.transpose(1, 2)
        key = value if key is None else key.transpose(1, 2)
        q, k, v = self.split(self.query(query)), self.split(self.key(key)), self.split(self.value(value))
        weights = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.key_dim), dim=-1)
        return self.output((weights @ v).transpose(1, 2).flatten(2)).transpose(1, 2)

    def matmul_macs(self, inputs: tuple) -> int:
        """Scores (Tq × Tk per head, key_dim each) and the weighted sum of values (value_dim each)."""
        query = inputs[0]
        steps = inputs[1].shape[-1] if len(inputs) > 1 else query.shape[-1]
        return query.shape[0] * self.heads * query.shape[-1] * steps * (self.key_dim + self.value_dim)


class KerasScoredAttention(nn.Module):
    """Keras' Attention and AdditiveAttention on (N, dim, T): scores of the query against the keys (a matmul, or
    Bahdanau's sum of tanh(query + key)), softmax, the values weighted; the scale and concat's score weight are
    its only parameters.  ``forward(query, value, key=None)`` is Keras' list order."""

    counts_on_meta = True  # cnn_demos.count_device: additive scores are Tq × Tv × dim, which no row's shape shows

    def __init__(self, node: ScoredAttention, features: int) -> None:
        super().__init__()
        self.score = node.score
        width = features if node.score == "additive" else ()
        self.scale = nn.Parameter(torch.ones(width)) if node.scale else None
        self.concat_weight = nn.Parameter(torch.ones(())) if node.score == "concat" else None

    def scores(self, query: torch.Tensor, key: torch.Tensor) -> torch.Tensor:
        if self.score == "dot":
            scores = query @ key.transpose(-1, -2)
            return scores * self.scale if self.scale is not None else scores
        summed = query.unsqueeze(-2) + key.unsqueeze(-3)
        if self.score == "concat":
            scaled = summed * self.scale if self.scale is not None else summed
            return self.concat_weight * torch.tanh(scaled).sum(-1)
        tanh = torch.tanh(summed)
        return (tanh * self.scale if self.scale is not None else tanh).sum(-1)

    def forward(self, x: torch.Tensor, value: torch.Tensor, key: torch.Tensor | None = None) -> torch.Tensor:
        query, value = x.transpose(1, 2), value.transpose(1, 2)
        key = value if key is None else key.transpose(1, 2)
        weights = torch.softmax(self.scores(query, key), dim=-1)
        return (weights @ value).transpose(1, 2)

    def matmul_macs(self, inputs: tuple) -> int:
        """The weighted sum of values (Tq × Tv × value dim), and for dot scores their matmul (Tq × Tv × dim);
        the additive scores are sums, not multiply-accumulates, as ``flop_counter`` sees them too."""
        query, value = inputs[0], inputs[1]
        pairs = query.shape[0] * query.shape[-1] * value.shape[-1]
        return pairs * (value.shape[1] + (query.shape[1] if self.score == "dot" else 0))



# ---------------------------------------------------------------- reshaping and resampling


class KerasReshape(nn.Module):
    """Reshape in Keras' (channels-last) order, so that elements land where Keras puts them."""

    def __init__(self, target: tuple[int, ...], channels_last: bool) -> None:
        super().__init__()
        self.target, self.channels_last = target, channels_last

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = _keras_order(x, self.channels_last)
        return _internal_order(x.reshape(x.shape[0], *self.target), self.channels_last)


class KerasPermute(nn.Module):
    def __init__(self, dims: tuple[int, ...], channels_last: bool) -> None:
        super().__init__()
        self.dims, self.channels_last = dims, channels_last

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = _keras_order(x, self.channels_last).permute(0, *self.dims)
        return _internal_order(x, self.channels_last)


def _keras_order(x: torch.Tensor, channels_last: bool) -> torch.Tensor:
    return x.movedim(1, -1) if channels_last and x.dim() > 2 else x


def _internal_order(x: torch.Tensor, channels_last: bool) -> torch.Tensor:
    return x.movedim(-1, 1) if channels_last and x.dim() > 2 else x


class Repeat(nn.Module):
    """RepeatVector: (N, F) → (N, F, n), the features as channels of an n-step sequence."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.unsqueeze(-1).expand(*x.shape, self.n)


class Upsample(nn.Module):
    def __init__(self, size: tuple[int, ...], mode: str) -> None:
        super().__init__()
        self.size, self.mode = tuple(float(s) for s in size), mode

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, scale_factor=self.size, mode=self.mode)


class Resample(nn.Module):
    """Keras' Resizing: interpolated to a fixed size (bilinear, Keras' default); no weights."""

    def __init__(self, size: tuple[int, int]) -> None:
        super().__init__()
        self.size = size

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, size=self.size, mode="bilinear")

