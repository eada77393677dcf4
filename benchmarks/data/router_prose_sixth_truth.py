"""Check ``router_prose_sixth.jsonl``: a sixth set of prose calculation questions, written before the prose reader was read.

    KERAS_BACKEND=torch python benchmarks/data/router_prose_sixth_truth.py   # Keras 3 optional, see below

Thirty calculations as students write them in a course's Telegram group (Persian with Persian digits and
typos, Finglish, English, and Persian sentences full of English terms, "mixed"), three of them missing a
number the bot must ask for, and ten course questions that only mention numbers or layers.  The file
was written by hand; this script recomputes every expected number and asserts that the first entry of
``any`` (and each entry of ``all``) is what torch says:

* one layer: ``sum(p.numel())`` of the ``torch.nn`` module; shapes from running a zero tensor through it;
  MACs = output positions × weights per position, FLOPs = 2 × MACs;
* Keras conventions (BatchNormalization's moving statistics counted, one bias per LSTM gate, GRU's
  ``reset_after`` second bias, SeparableConv2D without a depthwise bias): from Keras 3 itself when it
  can be imported, otherwise from the formula, which is tied to the torch count by an assert;
* whole models: ``torchvision.models`` built without weights (and ``keras.applications`` when Keras is
  there; the MobileNetV2 comparison accepts Keras' count too, because that question names no framework);
* ratios: two decimals.
"""

from __future__ import annotations

import sys
from pathlib import Path

from prose_truth import Truth, check, keras, keras_count, kl, macs, nn, out_hw, params, ratio, tvm

FILE = Path(__file__).with_name("router_prose_sixth.jsonl")


def expected() -> Truth:
    """(first of ``any``, ``all``) per line, in file order; None for lines that carry no number."""
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ---- one layer
    add(params(nn.Conv2d(48, 96, 5)))
    add(params(nn.Linear(1024, 512)))
    add(params(nn.Embedding(20000, 128)))
    bn = nn.BatchNorm2d(256)
    stats = sum(b.numel() for n, b in bn.named_buffers() if n != "num_batches_tracked")
    add(keras_count(lambda: kl(keras.layers.BatchNormalization(), (8, 8, 256)), params(bn) + stats), stats)
    lstm = nn.LSTM(64, 128)
    add(keras_count(lambda: kl(keras.layers.LSTM(128), (5, 64)), params(lstm) - 4 * 128))  # one bias per gate
    add(params(nn.GRU(100, 200)))
    add(keras_count(lambda: kl(keras.layers.GRU(32), (5, 50)), params(nn.GRU(50, 32))))  # reset_after: both biases
    dw, pw = nn.Conv2d(128, 128, 3, groups=128), nn.Conv2d(128, 256, 1)
    add(keras_count(lambda: kl(keras.layers.SeparableConv2D(256, 3), (8, 8, 128)), params(dw, pw) - 128))
    std = nn.Conv2d(64, 64, 5, bias=False)
    add(ratio(params(std), params(nn.Conv2d(64, 64, 5, groups=64, bias=False), nn.Conv2d(64, 64, 1, bias=False))))

    # ---- output sizes
    add(out_hw(nn.Conv2d(1, 1, 5, stride=2, padding=2), 128))
    add(out_hw(nn.MaxPool2d(3, stride=2, padding=1), 56))
    add(out_hw(nn.Conv2d(1, 1, 3, stride=2, padding=4, dilation=4), 65))
    add(out_hw(nn.Conv2d(3, 32, 3, stride=2), 300, 3))

    # ---- MACs / FLOPs
    add(macs(nn.Conv2d(16, 32, 3, padding=1), 112))
    add(2 * macs(nn.Conv2d(3, 64, 7, stride=2, padding=3), 224))

    # ---- the 1x1 bottleneck
    add(macs(nn.Conv2d(512, 64, 5, padding=2), 14)
        - macs(nn.Conv2d(512, 32, 1), 14) - macs(nn.Conv2d(32, 64, 5, padding=2), 14))
    add(params(nn.Conv2d(256, 256, 3, bias=False))
        - params(nn.Conv2d(256, 64, 1, bias=False), nn.Conv2d(64, 64, 3, bias=False), nn.Conv2d(64, 256, 1, bias=False)))

    # ---- Flatten vs global average pooling
    add(params(nn.Linear(7 * 7 * 512, 1024)) - params(nn.Linear(512, 1024)))
    add(ratio(params(nn.Linear(6 * 6 * 256, 4096)), params(nn.Linear(256, 4096))))

    # ---- stacked 3x3 vs one big kernel (biases on)
    add(params(nn.Conv2d(64, 64, 7)) - params(*[nn.Conv2d(64, 64, 3) for _ in range(3)]))
    add(params(nn.Conv2d(128, 128, 5)), params(nn.Conv2d(128, 128, 3), nn.Conv2d(128, 128, 3)))

    # ---- whole models
    vgg, mnv2 = params(tvm.vgg16()), params(tvm.mobilenet_v2())
    add(keras_count(lambda: keras.applications.VGG16(weights=None).count_params(), vgg))
    add(params(tvm.resnet18()))
    add(ratio(params(tvm.resnet50()), mnv2))
    # Keras counts MobileNetV2's BatchNorm moving statistics too
    mnv2_stats = sum(b.numel() for m in tvm.mobilenet_v2().modules() if isinstance(m, nn.BatchNorm2d)
                     for n, b in m.named_buffers() if n != "num_batches_tracked")
    keras_mnv2 = keras_count(lambda: keras.applications.MobileNetV2(weights=None).count_params(), mnv2 + mnv2_stats)
    add(vgg - mnv2, vgg - keras_mnv2)

    # ---- why
    gru = keras_count(lambda: kl(keras.layers.GRU(64), (5, 16)), params(nn.GRU(16, 64)))
    assert gru - 3 * 64 == 3 * (64 * (64 + 16) + 64)  # the student's formula, one bias per gate: 15,552
    add(gru, gru, "reset_after")
    torch_lstm = params(nn.LSTM(10, 20))
    add(torch_lstm, torch_lstm, keras_count(lambda: kl(keras.layers.LSTM(20), (5, 10)), torch_lstm - 4 * 20))
    return rows


if __name__ == "__main__":
    sys.exit(check(FILE, expected()))
