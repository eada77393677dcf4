"""Check ``router_prose_seventh.jsonl``: a seventh set of prose calculation questions, written before the prose reader was read.

    KERAS_BACKEND=torch python benchmarks/data/router_prose_seventh_truth.py   # Keras 3 optional, see below

Thirty calculations as students write them in a course's Telegram group (Persian with Persian digits and
typos, Finglish, English, Persian sentences full of English terms, "mixed"; numbers such as "30k" and
«هزار»), three of them missing a number the bot must ask for, and ten course questions that only mention
numbers or layers.  The file was written by hand; this script recomputes every expected number and asserts
that the first entry of ``any`` (and each entry of ``all``) is what torch says:

* one layer: ``sum(p.numel())`` of the ``torch.nn`` module; shapes from running a zero tensor through it;
  MACs = output positions × weights per position, FLOPs = 2 × MACs;
* Keras conventions (Conv1D, SimpleRNN, GRU's ``reset_after`` second bias, one bias per LSTM gate,
  SeparableConv2D without a depthwise bias, MobileNet's BatchNorm moving statistics): from Keras 3 itself
  when it can be imported, otherwise from the formula, tied to the torch count where one exists;
* whole models: ``torchvision.models`` built without weights (``keras.applications.MobileNet`` for the
  question that names Keras; torchvision has no MobileNet v1);
* ratios: two decimals.
"""

from __future__ import annotations

import sys
from pathlib import Path

from prose_truth import Truth, check, keras, keras_count, kl, macs, nn, out_hw, params, ratio, tvm

FILE = Path(__file__).with_name("router_prose_seventh.jsonl")


def expected() -> Truth:
    """(first of ``any``, ``all``) per numbered line, in file order."""
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ---- one layer
    add(params(nn.Conv2d(3, 64, 7, bias=False)))
    conv1d = nn.Conv1d(16, 32, 5)
    add(keras_count(lambda: kl(keras.layers.Conv1D(32, 5), (100, 16)), params(conv1d)))
    add(params(nn.Embedding(30_000, 300)))
    add(params(nn.Linear(2048, 512)))
    add(params(nn.BatchNorm1d(300)))  # running mean/var are buffers, not parameters

    # ---- recurrent
    # Keras SimpleRNN has one bias; torch's nn.RNN has two (bias_ih and bias_hh)
    add(keras_count(lambda: kl(keras.layers.SimpleRNN(64), (5, 32)), params(nn.RNN(32, 64)) - 64))
    add(params(nn.LSTM(300, 256, num_layers=2)))
    add(keras_count(lambda: kl(keras.layers.GRU(128), (5, 64)), params(nn.GRU(64, 128))))  # reset_after

    # ---- depthwise separable
    dw, pw = nn.Conv2d(32, 32, 3, groups=32), nn.Conv2d(32, 64, 1)
    add(keras_count(lambda: kl(keras.layers.SeparableConv2D(64, 3), (8, 8, 32)), params(dw, pw) - 32))
    add(ratio(params(nn.Conv2d(256, 512, 3, bias=False)),
              params(nn.Conv2d(256, 256, 3, groups=256, bias=False), nn.Conv2d(256, 512, 1, bias=False))))

    # ---- output sizes
    add(out_hw(nn.Conv2d(1, 1, 11, stride=4, padding=2), 224))
    add(out_hw(nn.MaxPool2d(2, stride=2), 75))
    add(out_hw(nn.Conv2d(1, 1, 3, dilation=2), 64))

    # ---- MACs / FLOPs
    add(macs(nn.Conv2d(64, 128, 3, padding=1), 56))
    add(2 * macs(nn.Conv2d(3, 32, 5, padding=2), 32))

    # ---- the 1x1 bottleneck
    add(ratio(macs(nn.Conv2d(192, 32, 5, padding=2), 28),
              macs(nn.Conv2d(192, 16, 1), 28) + macs(nn.Conv2d(16, 32, 5, padding=2), 28)))
    add(params(nn.Conv2d(128, 128, 3, bias=False))
        - params(nn.Conv2d(128, 32, 1, bias=False), nn.Conv2d(32, 128, 3, bias=False)))

    # ---- Flatten vs global average pooling
    add(params(nn.Linear(7 * 7 * 2048, 1000)) - params(nn.Linear(2048, 1000)))
    add(ratio(params(nn.Linear(4 * 4 * 512, 256)), params(nn.Linear(512, 256))))

    # ---- stacked 3x3 vs one big kernel
    add(params(nn.Conv2d(256, 256, 5, bias=False)) - params(*[nn.Conv2d(256, 256, 3, bias=False) for _ in range(2)]))
    add(params(*[nn.Conv2d(32, 32, 3) for _ in range(3)]), params(nn.Conv2d(32, 32, 7)))

    # ---- whole models
    add(params(tvm.alexnet()))
    add(params(tvm.efficientnet_b0()) - params(tvm.mobilenet_v2()))
    # MobileNet v1 is not in torchvision: Keras' count, or the recorded figure without Keras
    add(keras.applications.MobileNet(weights=None).count_params() if keras else 4_253_864)
    add(ratio(params(tvm.resnet50()), params(tvm.densenet121())))

    # ---- why
    conv = params(nn.Conv2d(16, 32, 3))
    add(conv, conv - 32)
    lstm = keras_count(lambda: kl(keras.layers.LSTM(32), (5, 8)), params(nn.LSTM(8, 32)) - 4 * 32)
    rnn = keras_count(lambda: kl(keras.layers.SimpleRNN(32), (5, 8)), params(nn.RNN(8, 32)) - 32)
    assert lstm == 4 * rnn
    add(lstm, rnn)
    return rows


if __name__ == "__main__":
    sys.exit(check(FILE, expected(), calculations=30, missing=3))
