"""Check ``router_prose_thirteenth.jsonl``: a thirteenth set of prose calculation questions, models described in
words, written without reading the prose reader or its rules (nor the eleventh and twelfth sets).

    python benchmarks/data/router_prose_thirteenth_truth.py   # Keras not needed: its totals are formulas tied to torch

Thirty-two calculations where a student describes a small model, block or stack in words and asks for its
parameter count and/or its final output shape (twelve Persian with Persian digits, typos, no half-spaces and
numbers in words such as «شصت و چهار», «صد و بیست و هشت», «ده هزار», «دویست و پنجاه و شش»; eight Finglish;
eight English; four Persian sentences full of English terms, "mixed"), and eight course questions that
describe a model but ask something conceptual.  The descriptions: a homework statement copied as is (Persian
and English), a figure described (ResNet-like stem, U-Net's first level, a 48x48 face CNN), numbered lists of
layers in one message, Keras models told without code (valid by default, 'same', Keras' total with
BatchNormalization's moving statistics), "LeNet-5 but RGB", a VGG-like block said once and repeated with more
filters, a U-Net encoder level with BN and no conv bias, MobileNet-like depthwise-separable stacks, 1D CNNs on
raw audio, MFCCs and ECG, MLPs on tabular data, Embedding + pooling/Flatten/Conv1D + Dense text models, strided
discriminator convs, AlexNet's first layers.  About a third ask for the output shape; where a question asks
both, ``any`` holds the shape (HxWxC, CxHxW, or LxC/CxL for 1D, in either order) and ``all`` the count.

Every number is computed here and asserted against the file's first ``any`` (and each ``all``):

* counts: ``sum(p.numel())`` of an ``nn.Sequential`` of the described layers; shapes and flattened lengths by
  running a zero tensor through it (``same`` with stride 2 as padding 1, checked to be ceil(n / 2));
* Keras' total with BatchNormalization: torch's learnable γ, β plus the ``running_mean`` and ``running_var``
  buffers (Keras' non-trainable moving mean and variance); Keras' Conv2D/Dense/Embedding counts are torch's.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import torch
from prose_truth import Truth, check, hwc, nn, params, run

FILE = Path(__file__).with_name("router_prose_thirteenth.jsonl")


def lc(net: nn.Module, *shape: int) -> str:
    """The output of a 1D net as LxC (the file also accepts CxL)."""
    _, c, length = run(net, *shape)
    return f"{length}x{c}"


def keras_total(net: nn.Module) -> int:
    """Keras' summary total: parameters plus BatchNorm's moving mean and variance."""
    moving = sum(m.running_mean.numel() + m.running_var.numel() for m in net.modules()
                 if isinstance(m, nn.modules.batchnorm._BatchNorm))
    return params(net) + moving


def dw_sep(cin: int, cout: int, stride: int, bn: bool = False) -> list[nn.Module]:
    layers = [nn.Conv2d(cin, cin, 3, stride=stride, padding=1, groups=cin, bias=False)]
    layers += [nn.BatchNorm2d(cin), nn.ReLU()] if bn else []
    layers += [nn.Conv2d(cin, cout, 1, bias=False)]
    layers += [nn.BatchNorm2d(cout), nn.ReLU()] if bn else []
    return layers


def expected() -> Truth:
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ================= Persian
    # homework: 64x64x3, conv 32 same, pool, conv 64 same, pool, flatten, dense 128, dense 10
    net = nn.Sequential(nn.Conv2d(3, 32, 3, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(32, 64, 3, padding="same"), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
    flat = run(net, 3, 64, 64)[1]
    assert flat == 16 * 16 * 64
    add(params(net, nn.Linear(flat, 128), nn.Linear(128, 10)))
    # figure: 224x224x3, conv 7x7/2 pad 3 with 64, max pool 3x3/2 pad 1
    add(hwc(nn.Sequential(nn.Conv2d(3, 64, 7, stride=2, padding=3), nn.MaxPool2d(3, stride=2, padding=1)),
            3, 224, 224))
    # numbered list: conv5x5 16 valid on 28x28x1, pool 2, conv3x3 32 valid, GAP, dense 10
    net = nn.Sequential(nn.Conv2d(1, 16, 5), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3), nn.AdaptiveAvgPool2d(1),
                        nn.Flatten(), nn.Linear(32, 10))
    assert run(net, 1, 28, 28) == (1, 10)
    add(params(net))
    # VGG-like block (2 x conv3x3 64, pad 1, pool) on 96x96x3, repeated with 128
    net = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(),
                        nn.MaxPool2d(2, 2),
                        nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.Conv2d(128, 128, 3, padding=1), nn.ReLU(),
                        nn.MaxPool2d(2, 2))
    add(hwc(net, 3, 96, 96), params(net))
    # U-Net encoder level 64 -> 128: (conv3x3 no bias, BN, ReLU) x 2, pool; gamma and beta only
    net = nn.Sequential(nn.Conv2d(64, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128), nn.ReLU(),
                        nn.Conv2d(128, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128), nn.ReLU(),
                        nn.MaxPool2d(2))
    assert run(net, 64, 64, 64) == (1, 128, 32, 32)
    add(params(net))
    # MLP on Pima: 8 -> 128 -> 64 -> 32 -> 1, dropout 0.2
    net = nn.Sequential(nn.Linear(8, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 64), nn.ReLU(),
                        nn.Dropout(0.2), nn.Linear(64, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 1),
                        nn.Sigmoid())
    assert run(net, 8) == (1, 1)
    add(params(net))
    # text: Embedding 10,000 x 64, GAP1D, Dense 16, Dense 5; length 120 does not count
    emb = nn.Embedding(10_000, 64)
    pooled = emb(torch.zeros(1, 120, dtype=torch.long)).mean(1)
    head = nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 5))
    assert head(pooled).shape == (1, 5)
    add(params(emb, head))
    # raw audio: 16,000 samples, conv1d 32 x 80 stride 4 valid, max pool 4
    add(lc(nn.Sequential(nn.Conv1d(1, 32, 80, stride=4), nn.MaxPool1d(4)), 1, 16000))
    # Keras: 32x32x3, conv 32 same, BN, pool, conv 64 same, BN, GAP, dense 10; total with moving stats
    net = nn.Sequential(nn.Conv2d(3, 32, 3, padding="same"), nn.BatchNorm2d(32), nn.MaxPool2d(2),
                        nn.Conv2d(32, 64, 3, padding="same"), nn.BatchNorm2d(64), nn.AdaptiveAvgPool2d(1),
                        nn.Flatten(), nn.Linear(64, 10))
    assert run(net, 3, 32, 32) == (1, 10)
    add(keras_total(net))
    # MobileNet-like on 112x112x32: dw s1, pw 64, dw s2, pw 128; no bias, no BN
    net = nn.Sequential(*dw_sep(32, 64, 1), *dw_sep(64, 128, 2))
    add(hwc(net, 32, 112, 112), params(net))
    # discriminator: 256x256x3, three conv 4x4 stride 2 pad 1 with 64, 128, 256
    net = nn.Sequential(nn.Conv2d(3, 64, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(64, 128, 4, 2, 1),
                        nn.LeakyReLU(0.2), nn.Conv2d(128, 256, 4, 2, 1))
    add(hwc(net, 3, 256, 256))
    # Hoda digits: 32x32x1, conv 8 valid, avg pool, conv 16 valid, avg pool, flatten, dropout, dense 10
    net = nn.Sequential(nn.Conv2d(1, 8, 3), nn.AvgPool2d(2), nn.Conv2d(8, 16, 3), nn.AvgPool2d(2), nn.Flatten(),
                        nn.Dropout(0.5))
    last = nn.Linear(run(net, 1, 32, 32)[1], 10)
    add(params(net, last), params(last))

    # ================= Finglish
    # Keras MNIST convnet, default valid padding
    net = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                        nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5))
    add(params(net, nn.Linear(run(net, 1, 28, 28)[1], 10)))
    # LeNet-5 (modern, full connections) with RGB 32x32 input
    net = nn.Sequential(nn.Conv2d(3, 6, 5), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.Tanh(),
                        nn.AvgPool2d(2), nn.Flatten())
    flat = run(net, 3, 32, 32)[1]
    assert flat == 400
    add(params(net, nn.Linear(flat, 120), nn.Linear(120, 84), nn.Linear(84, 10)))
    # MFCC 1D CNN: 40 channels x 98 frames; trainable (BN gamma, beta)
    net = nn.Sequential(nn.Conv1d(40, 64, 3, padding="same"), nn.BatchNorm1d(64), nn.ReLU(), nn.MaxPool1d(2),
                        nn.Conv1d(64, 128, 3, padding="same"), nn.BatchNorm1d(128), nn.ReLU(),
                        nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(128, 12))
    assert run(net, 40, 98) == (1, 12)
    add(params(net))
    # numbered list on 128x128x3
    net = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 1), nn.Conv2d(16, 32, 3, 2, 1), nn.AvgPool2d(2), nn.Conv2d(32, 64, 1))
    add(hwc(net, 3, 128, 128), params(net))
    # tabular, Keras total: Dense 128 no bias, BN, Dense 64 no bias, BN, Dense 3
    net = nn.Sequential(nn.Linear(20, 128, bias=False), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.2),
                        nn.Linear(128, 64, bias=False), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 3))
    assert run(net, 20) == (1, 3)
    add(keras_total(net))
    # text: Embedding 20,000 x 100, Conv1D 128 x 5 (valid), global max pool, Dense 1
    emb, conv, out = nn.Embedding(20_000, 100), nn.Conv1d(100, 128, 5), nn.Linear(128, 1)
    x = conv(emb(torch.zeros(1, 300, dtype=torch.long)).transpose(1, 2))
    assert out(x.amax(2)).shape == (1, 1)
    add(params(emb, conv, out))
    # VGG-like block (2 x conv 32 same, pool) on 64x64x3, repeated with 64 and 128; flattened length
    layers = []
    for cin, cout in ((3, 32), (32, 64), (64, 128)):
        layers += [nn.Conv2d(cin, cout, 3, padding="same"), nn.Conv2d(cout, cout, 3, padding="same"), nn.MaxPool2d(2)]
    net = nn.Sequential(*layers)
    add(hwc(net, 3, 64, 64), nn.Flatten()(torch.zeros(run(net, 3, 64, 64))).shape[1])
    # U-Net's first level: 572x572x1, two valid 3x3 convs with 64, max pool
    net = nn.Sequential(nn.Conv2d(1, 64, 3), nn.ReLU(), nn.Conv2d(64, 64, 3), nn.ReLU(), nn.MaxPool2d(2))
    add(hwc(net, 1, 572, 572), params(net))

    # ================= English
    # homework: four blocks (conv no bias, BN, ReLU, pool) 32-64-128-256, GAP, FC 5; trainable
    layers, cin = [], 3
    for cout in (32, 64, 128, 256):
        layers += [nn.Conv2d(cin, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]
        cin = cout
    net = nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(256, 5))
    assert run(net, 3, 224, 224) == (1, 5)
    add(params(net))
    # figure: 48x48x1, conv 5x5 20, pool, conv 5x5 50, pool, flatten
    net = nn.Sequential(nn.Conv2d(1, 20, 5), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.MaxPool2d(2), nn.Flatten())
    add(run(net, 1, 48, 48)[1])
    # cats vs dogs with three convs (valid), Flatten, Dense 512, Dense 1
    net = nn.Sequential(nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                        nn.MaxPool2d(2), nn.Conv2d(64, 128, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
    add(params(net, nn.Linear(run(net, 3, 150, 150)[1], 512), nn.Linear(512, 1)))
    # MobileNet-like in Keras, Keras total: conv 32 /2, dw-sep to 64, dw-sep /2 to 128; no bias, BN after each
    net = nn.Sequential(nn.Conv2d(3, 32, 3, 2, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
                        *dw_sep(32, 64, 1, bn=True), *dw_sep(64, 128, 2, bn=True))
    assert run(net, 3, 224, 224) == (1, 128, 56, 56)
    add(keras_total(net))
    # ECG: 12 x 1000, conv1d 32 k7 s2 p3, max pool 2, conv1d 64 k5 same, avg pool 2
    net = nn.Sequential(nn.Conv1d(12, 32, 7, stride=2, padding=3), nn.MaxPool1d(2),
                        nn.Conv1d(32, 64, 5, padding="same"), nn.AvgPool1d(2))
    add(lc(net, 12, 1000), params(net))
    # MLP on heart disease: 13 -> 64 -> 32 -> 1
    net = nn.Sequential(nn.Linear(13, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())
    add(params(net))
    # Embedding 5,000 x 32, 400 tokens, Flatten, Dense 250, Dense 1
    emb = nn.Embedding(5_000, 32)
    flat = emb(torch.zeros(1, 400, dtype=torch.long)).flatten(1).shape[1]
    add(params(emb, nn.Linear(flat, 250), nn.Linear(250, 1)))
    # 3x100x100: conv 3x3 16, max pool 3/3, conv 5x5 32 s2 p2, avg pool 2/2
    net = nn.Sequential(nn.Conv2d(3, 16, 3), nn.MaxPool2d(3, 3), nn.Conv2d(16, 32, 5, 2, 2), nn.AvgPool2d(2, 2))
    add(hwc(net, 3, 100, 100))

    # ================= mixed
    # PyTorch on MNIST: (conv 32 pad 1, BN, ReLU, pool) then with 64, GAP, Linear 10
    net = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
                        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))
    assert run(net, 1, 28, 28) == (1, 10)
    add(params(net))
    # AlexNet's first layers on 3x224x224
    net = nn.Sequential(nn.Conv2d(3, 64, 11, 4, 2), nn.ReLU(), nn.MaxPool2d(3, 2), nn.Conv2d(64, 192, 5, padding=2),
                        nn.ReLU(), nn.MaxPool2d(3, 2))
    add(hwc(net, 3, 224, 224))
    # 256x256x1, three conv 3x3 stride 2 'same' (16, 32, 64), global max pool, dropout, dense 2
    net = nn.Sequential(nn.Conv2d(1, 16, 3, 2, 1), nn.Conv2d(16, 32, 3, 2, 1), nn.Conv2d(32, 64, 3, 2, 1))
    assert run(net, 1, 256, 256) == (1, 64, math.ceil(256 / 8), math.ceil(256 / 8))  # Keras 'same', stride 2
    head = nn.Sequential(nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Dropout(0.5), nn.Linear(64, 2))
    add(params(net, head))
    # Embedding 8,000 x 128, GAP1D, Dense 64, Dropout, Dense 21
    add(params(nn.Embedding(8_000, 128), nn.Linear(128, 64), nn.Linear(64, 21)))
    return rows


if __name__ == "__main__":
    sys.exit(check(FILE, expected(), calculations=32, missing=0))
