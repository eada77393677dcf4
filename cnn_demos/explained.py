"""Counts a student asks "why" about, worked out term by term: recurrent layers, BatchNorm and Embedding.

A recurrent layer's total hides three choices (how many gates, how many bias vectors per gate, which
framework counts them), and BatchNorm's hides a fourth (whether the moving statistics are parameters).
Each count here is checked against the same layer built by :mod:`cnn_demos` (the frameworks' own
convention), so the explanation and the number cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnn_demos import messages as msg

GATES = {"lstm": 4, "gru": 3, "rnn": 1}  # LSTM: input, forget, cell, output; GRU: update, reset, candidate
FRAMEWORKS = ("keras", "pytorch")


@dataclass(frozen=True)
class Explained:
    """A count with its terms: ``total`` in ``framework``'s convention, the same layer in the other one."""

    layer: str
    framework: str
    total: int
    other_total: int
    lines: tuple[str, ...]        # Persian: the formula, what each term is, why the frameworks differ
    trainable: int | None = None  # BatchNorm in Keras: the part that training changes


def bias_sets(cell: str, framework: str) -> int:
    """Bias vectors per gate: PyTorch keeps b_ih and b_hh; Keras one, except GRU's reset_after (TF2's default)."""
    return 2 if framework == "pytorch" or cell == "gru" else 1


def recurrent(cell: str, units: int, inputs: int, framework: str = "keras", layers: int = 1,
              bidirectional: bool = False) -> Explained:
    """gates × (inputs·units + units·units + bias_sets·units), with each term named; ``layers`` stacked ones
    (PyTorch's ``num_layers``, Keras' LSTMs one after another) read the previous layer's ``units`` as input.
    ``bidirectional``: a second cell reads the sequence backwards (twice the count), and a layer stacked on it
    reads both directions' outputs, ``2·units`` wide."""
    gates, other, directions = GATES[cell], _other(framework), 2 if bidirectional else 1

    def one(fw: str, width: int) -> int:
        return gates * (width * units + units * units + bias_sets(cell, fw) * units)

    def total(fw: str) -> int:
        return directions * (one(fw, inputs) + (layers - 1) * one(fw, directions * units))

    count, b = total(framework), bias_sets(cell, framework)
    lines = [
        msg.RNN_FORMULA.format(g=gates, m=inputs, n=units, b=b, total=one(framework, inputs)),
        msg.RNN_GATES[cell],
        msg.RNN_TERMS.format(m=inputs, n=units, b=b),
        msg.RNN_BIASES[(cell, framework)],
    ]
    if layers > 1 and not bidirectional:
        each = one(framework, units)
        lines.append(msg.RNN_STACKED.format(layers=layers, first=one(framework, inputs), g=gates, n=units, b=b,
                                            each=each, rest=layers - 1, rest_total=(layers - 1) * each, total=count))
    if bidirectional:
        said = msg.RNN_BIDIRECTIONAL_STACKED if layers > 1 else msg.RNN_BIDIRECTIONAL
        lines.append(said.format(layers=layers, first=one(framework, inputs), g=gates, n=units,
                                                  b=b, wide=2 * units, each=one(framework, 2 * units), total=count))
    lines.append((msg.RNN_SAME if total(other) == count else msg.RNN_OTHER).format(other=msg.FRAMEWORK_NAMES[other],
                                                                                   total=total(other)))
    _check(_recurrent_code(cell, units, inputs, framework, layers, bidirectional), count)
    return Explained(cell, framework, count, total(other), tuple(lines))


def batchnorm(channels: int) -> Explained:
    """Keras counts γ, β and the moving mean and variance (4·C, half trainable); PyTorch only γ and β."""
    lines = (msg.BN_TERMS.format(c=channels, trainable=2 * channels, total=4 * channels),
             msg.BN_OTHER.format(trainable=2 * channels))
    _check(f"input 1x1x{channels} cl | bn", 4 * channels)
    return Explained("bn", "keras", 4 * channels, 2 * channels, lines, trainable=2 * channels)


def embedding(vocab: int, dim: int) -> Explained:
    """One trainable vector per token, no bias: vocab·dim, the same in both frameworks."""
    total = vocab * dim
    lines = (msg.EMBEDDING_TERMS.format(v=vocab, d=dim, total=total), msg.EMBEDDING_SAME.format(v=vocab, d=dim))
    _check(f"import torch.nn as nn\nlayer = nn.Embedding({vocab}, {dim})", total)
    return Explained("embedding", "keras", total, total, lines)


def _other(framework: str) -> str:
    return FRAMEWORKS[1 - FRAMEWORKS.index(framework)]


def _recurrent_code(cell: str, units: int, inputs: int, framework: str, layers: int = 1,
                    bidirectional: bool = False) -> str:
    if framework == "pytorch":
        return (f"import torch.nn as nn\nlayer = nn.{cell.upper()}({inputs}, {units}, num_layers={layers}, "
                f"bidirectional={bidirectional})")
    name = {"lstm": "LSTM", "gru": "GRU", "rnn": "SimpleRNN"}[cell]

    def layer(last: bool) -> str:
        made = f"keras.layers.{name}({units}{'' if last else ', return_sequences=True'})"
        return f"keras.layers.Bidirectional({made})" if bidirectional else made

    stacked = "".join(f"{layer(False)}, " for _ in range(layers - 1))
    return (f"from tensorflow import keras\nmodel = keras.Sequential([keras.Input(shape=(None, {inputs})), {stacked}"
            f"{layer(True)}])")


def _check(spec: str, expected: int) -> None:
    import cnn_demos

    counted = cnn_demos.params(spec).total_params
    if counted != expected:
        raise AssertionError(f"formula {expected} vs counted {counted} for {spec!r}")


__all__ = ["GATES", "Explained", "batchnorm", "bias_sets", "embedding", "recurrent"]
