"""Check ``router_prose_eighth.jsonl``: an eighth set of prose calculation questions, written before the prose reader was read.

    KERAS_BACKEND=torch python benchmarks/data/router_prose_eighth_truth.py   # Keras 3 optional, see below

Thirty calculations as students write them in a course's Telegram group (twelve Persian with Persian digits,
typos, missing half-spaces and numbers in words such as «سی و دو», «صد و بیست و هشت», «ده هزار»; eight
Finglish; six English; four Persian sentences full of English terms, "mixed"), three more missing a number
the bot must ask for, and seven course questions that only mention numbers or layers.  The file was written
by hand; this script recomputes every expected number and asserts that the first entry of ``any`` (and each
entry of ``all``) is what torch says:

* one layer: ``sum(p.numel())`` of the ``torch.nn`` module; shapes and flattened lengths from running a zero
  tensor through it; MACs = output positions × weights per position, FLOPs = 2 × MACs;
* Keras conventions (one bias per LSTM gate, SimpleRNN's single bias, BatchNormalization's moving mean and
  variance counted by ``count_params``, MaxPooling2D's ``valid`` padding): from Keras 3 itself when it can be
  imported, otherwise from the formula, tied to the torch count;
* whole models: ``torchvision.models`` built without weights;
* ratios: two decimals.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from prose_truth import Truth, check, keras, keras_count, kl, macs, nn, out_hw, params, ratio, tvm

FILE = Path(__file__).with_name("router_prose_eighth.jsonl")


def expected() -> Truth:
    """(first of ``any``, ``all``) per numbered line, in file order."""
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ---- one layer
    add(params(nn.Conv2d(64, 32, 5)))
    add(params(nn.Embedding(10_000, 128)))
    add(params(nn.Conv2d(64, 96, 3, stride=2, padding=1)))
    add(params(nn.Linear(4096, 1000)))
    add(params(nn.BatchNorm2d(128)))  # running mean/var are buffers, not parameters
    add(params(nn.Conv2d(1024, 256, 1, bias=False)))

    # ---- recurrent
    # Keras LSTM has one bias per gate; torch's nn.LSTM has two (bias_ih and bias_hh)
    add(keras_count(lambda: kl(keras.layers.LSTM(128), (5, 50)), params(nn.LSTM(50, 128)) - 4 * 128))
    add(params(nn.GRU(100, 64)))

    # ---- depthwise separable
    add(ratio(params(nn.Conv2d(128, 256, 3, bias=False)),
              params(nn.Conv2d(128, 128, 3, groups=128, bias=False), nn.Conv2d(128, 256, 1, bias=False))))
    add(macs(nn.Conv2d(32, 32, 3, padding=1, groups=32), 112) + macs(nn.Conv2d(32, 64, 1), 112),
        macs(nn.Conv2d(32, 64, 3, padding=1), 112))

    # ---- output sizes
    add(out_hw(nn.Conv2d(1, 1, 5, stride=2, padding=2), 128))
    add(out_hw(nn.Conv2d(1, 1, 3, dilation=3, padding=1), 32))
    add(out_hw(nn.AvgPool2d(3, stride=2), 28))
    add(out_hw(nn.Conv2d(3, 64, 7, stride=3), 300, cin=3))
    add(out_hw(nn.MaxPool2d(3, stride=2), 55))  # Keras MaxPooling2D default padding="valid" = no padding

    # ---- flattened length
    add(nn.Flatten()(nn.MaxPool2d(2, stride=2)(torch.zeros(1, 128, 14, 14))).shape[1])

    # ---- MACs / FLOPs
    add(macs(nn.Conv2d(16, 32, 3, padding=1), 112))
    add(2 * macs(nn.Conv2d(512, 128, 1), 14))

    # ---- the 1x1 bottleneck
    add(ratio(params(nn.Conv2d(256, 256, 3, bias=False)),
              params(nn.Conv2d(256, 64, 1, bias=False), nn.Conv2d(64, 64, 3, bias=False),
                     nn.Conv2d(64, 256, 1, bias=False))))
    add(macs(nn.Conv2d(480, 48, 5, padding=2), 14)
        - (macs(nn.Conv2d(480, 16, 1), 14) + macs(nn.Conv2d(16, 48, 5, padding=2), 14)))

    # ---- Flatten vs global average pooling
    add(params(nn.Linear(8 * 8 * 256, 10)), params(nn.Linear(256, 10)))
    add(params(nn.Linear(6 * 6 * 256, 4096)) - params(nn.Linear(256, 4096)))

    # ---- stacked 3x3 vs one big kernel
    add(params(nn.Conv2d(128, 128, 7, bias=False)) - params(*[nn.Conv2d(128, 128, 3, bias=False) for _ in range(3)]))
    add(params(*[nn.Conv2d(64, 64, 3) for _ in range(2)]), params(nn.Conv2d(64, 64, 5)))

    # ---- whole models
    add(params(tvm.vgg16()))
    add(params(tvm.mobilenet_v2()))
    add(ratio(params(tvm.resnet50()), params(tvm.mobilenet_v2())))
    add(params(tvm.resnet50()) - params(tvm.resnet18()))

    # ---- why
    bn = nn.BatchNorm2d(64)
    trainable = params(bn)
    stats = bn.running_mean.numel() + bn.running_var.numel()
    add(keras_count(lambda: kl(keras.layers.BatchNormalization(), (8, 8, 64)), trainable + stats), trainable)
    rnn = params(nn.RNN(20, 50))
    add(rnn, keras_count(lambda: kl(keras.layers.SimpleRNN(50), (5, 20)), rnn - 50))
    return rows


if __name__ == "__main__":
    sys.exit(check(FILE, expected(), calculations=33, missing=3))
