"""Check ``router_prose_twelfth.jsonl``: a twelfth set of prose calculation questions, written without reading the
prose reader or its rules.

    python benchmarks/data/router_prose_twelfth_truth.py

Thirty-two calculations in which a student describes a whole small model, a block or a stack in one sentence and
asks for its parameter count, its final output shape, or both (twelve Persian with Persian digits, spoken style,
typos, missing half-spaces and numbers in words such as «سی و دو», «شصت و چهار», «صد و بیست و هشت», «دویست و
پنجاه و شش», «پونصد و دوازده», «ده هزار», «شونزده»; eight Finglish; eight English; four Persian sentences full
of English terms, "mixed"), and eight course questions that describe a model in words but ask why or how, which
must not be computed.  The models are said the ways students say them: «اول … بعد … بعدش … آخرش», "followed
by", arrows "->", comma lists, "two Conv2D with 32 and 64 filters", "three Dense layers of 512, 256 and 10", a
block repeated three, four or five times, a conv + BatchNorm + ReLU unit, a residual block; inputs given as
«سیفار ۱۰», «عکس ۶۴ در ۶۴ رنگی», «ام نیست», "28x28 grayscale", "CIFAR-10 images", «۲۲۴ در ۲۲۴ رنگی»;
'same' and 'valid' padding, stride 2, max and average pooling, global average pooling, Flatten, Dropout, Dense;
Embedding + GlobalAveragePooling1D and Embedding + Conv1D text models; Conv1D stacks on sensor, I/Q and time
series; a conv autoencoder with upsampling and a transposed-conv decoder; LeNet-5, the Caffe LeNet, the Keras
MNIST and CIFAR-10 examples and a small VGG in words.  Six cases leave something out on purpose (biases, BN)
or ask only for the final output shape.  Where padding matters the sentence says it.

The file was written by hand; this script recomputes every expected number and asserts that the first entry of
``any`` (and each entry of ``all``) is what torch says:

* every model: ``nn.Sequential`` of the layers the sentence names, run on a zero input; parameter counts are
  ``sum(p.numel())``, output shapes and flattened lengths come from the run;
* Keras conventions, from formulas tied to torch: ``padding="same"`` gives ceil(n / stride) (torch's padding
  that gives the same size is asserted), Conv2DTranspose with 'same' and stride 2 doubles the size (torch's
  padding=1, output_padding=1 for a 3x3 kernel), BatchNormalization's trainable parameters are torch's γ and β,
  Embedding is vocabulary × width as in torch;
* Dropout, pooling, Flatten, ReLU, UpSampling and a residual addition carry no parameters.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import torch
from prose_truth import Truth, check, nn, params

FILE = Path(__file__).with_name("router_prose_twelfth.jsonl")


def run(net: nn.Module, *shape: int) -> torch.Size:
    with torch.no_grad():
        return net(torch.zeros(1, *shape)).shape


def hw(shape: torch.Size) -> str:
    return f"{shape[-2]}x{shape[-1]}"


def hwc(shape: torch.Size) -> str:
    """Keras' (height, width, channels) of a torch (batch, channels, height, width) output."""
    return f"{shape[-2]}x{shape[-1]}x{shape[1]}"


def same(n: int, stride: int) -> int:
    """Keras 'same' padding: ceil(n / stride)."""
    return math.ceil(n / stride)


class Tokens(nn.Module):
    """Embedding, then tokens as channels for Conv1d: (batch, length) -> (batch, width, length)."""

    def __init__(self, vocab: int, width: int) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab, width)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.embedding(ids.long()).transpose(1, 2)


class Residual(nn.Module):
    def __init__(self, *layers: nn.Module) -> None:
        super().__init__()
        self.body = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(x + self.body(x))


def expected() -> Truth:
    """(first of ``any``, ``all``) per numbered line, in file order."""
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ================= Persian
    # CIFAR-10: conv 3x3 32 same, maxpool, conv 3x3 64 same, maxpool, flatten, dense 10
    net = nn.Sequential(nn.Conv2d(3, 32, 3, padding="same"), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding="same"),
                        nn.MaxPool2d(2), nn.Flatten())
    flat = run(net, 3, 32, 32)[1]
    assert flat == 8 * 8 * 64
    net.append(nn.Linear(flat, 10))
    assert run(net, 3, 32, 32) == (1, 10)
    add(params(net))
    # conv 3x3 no bias + BN + ReLU: 3 -> 64, then twice 64 -> 64; BN's gamma and beta counted
    unit = lambda cin: [nn.Conv2d(cin, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU()]  # noqa: E731
    net = nn.Sequential(*unit(3), *unit(64), *unit(64))
    assert run(net, 3, 32, 32) == (1, 64, 32, 32)
    add(params(net))
    # output shape: 64x64x3, (conv 3x3 valid + maxpool 2) with 16, 32, 64 filters
    net = nn.Sequential(nn.Conv2d(3, 16, 3), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3), nn.MaxPool2d(2),
                        nn.Conv2d(32, 64, 3), nn.MaxPool2d(2))
    add(hwc(run(net, 3, 64, 64)))
    # MLP on flattened 28x28: 256, 128, 10, weights only
    net = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 256, bias=False), nn.Linear(256, 128, bias=False),
                        nn.Linear(128, 10, bias=False))
    assert run(net, 1, 28, 28) == (1, 10)
    add(params(net))
    # Embedding 10,000 x 16, sequences of 120, GlobalAveragePooling1D, Dense 16 relu, Dense 1 sigmoid
    emb, head = nn.Embedding(10_000, 16), nn.Sequential(nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))
    assert head(emb(torch.zeros(1, 120, dtype=torch.long)).mean(1)).shape == (1, 1)
    add(params(emb, head))
    # autoencoder on 28x28x1: conv 16 same, pool, conv 8 same, pool, up, conv 16 same, up, conv 1 same
    net = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.MaxPool2d(2), nn.Conv2d(16, 8, 3, padding=1),
                        nn.MaxPool2d(2), nn.Upsample(scale_factor=2), nn.Conv2d(8, 16, 3, padding=1),
                        nn.Upsample(scale_factor=2), nn.Conv2d(16, 1, 3, padding=1))
    assert run(net, 1, 28, 28) == (1, 1, 28, 28)
    add(params(net))
    # small VGG on CIFAR-10: [conv 32, conv 32, pool], [conv 64, conv 64, pool], flatten, dense 512, dropout, 10
    net = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.Conv2d(32, 32, 3, padding=1), nn.MaxPool2d(2),
                        nn.Conv2d(32, 64, 3, padding=1), nn.Conv2d(64, 64, 3, padding=1), nn.MaxPool2d(2),
                        nn.Flatten())
    flat = run(net, 3, 32, 32)[1]
    net.extend([nn.Linear(flat, 512), nn.Dropout(0.5), nn.Linear(512, 10)])
    assert run(net.eval(), 3, 32, 32) == (1, 10)
    add(params(net))
    # three 3x3 convs 32, 64, 128 on RGB with bias, BN left out
    add(params(nn.Conv2d(3, 32, 3), nn.Conv2d(32, 64, 3), nn.Conv2d(64, 128, 3)))
    # 224x224x3: conv 7x7/2 p3 64, maxpool 3/2 p1, conv 3x3/2 p1 128, conv 3x3/2 p1 256; shape and params
    net = nn.Sequential(nn.Conv2d(3, 64, 7, stride=2, padding=3), nn.MaxPool2d(3, stride=2, padding=1),
                        nn.Conv2d(64, 128, 3, stride=2, padding=1), nn.Conv2d(128, 256, 3, stride=2, padding=1))
    add(params(net), hw(run(net, 3, 224, 224)))
    # sensor sequence 128 x 9: two Conv1d(64, 3) valid, MaxPool1d(2), flatten, dense 6
    net = nn.Sequential(nn.Conv1d(9, 64, 3), nn.Conv1d(64, 64, 3), nn.MaxPool1d(2), nn.Flatten())
    flat = run(net, 9, 128)[1]
    assert flat == 62 * 64
    net.append(nn.Linear(flat, 6))
    add(params(net))
    # LeNet-5 on 32x32 grayscale: conv 5 (6), avgpool, conv 5 (16), avgpool, flatten, 120, 84, 10
    net = nn.Sequential(nn.Conv2d(1, 6, 5), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.AvgPool2d(2), nn.Flatten())
    flat = run(net, 1, 32, 32)[1]
    assert flat == 5 * 5 * 16
    net.extend([nn.Linear(flat, 120), nn.Linear(120, 84), nn.Linear(84, 10)])
    add(params(net))
    # 96x96x3: four conv 3x3 stride 2 'same' (32, 64, 128, 256), GAP, dropout, dense 5; map before GAP and params
    body = nn.Sequential(nn.Conv2d(3, 32, 3, stride=2, padding=1), nn.Conv2d(32, 64, 3, stride=2, padding=1),
                         nn.Conv2d(64, 128, 3, stride=2, padding=1), nn.Conv2d(128, 256, 3, stride=2, padding=1))
    before = run(body, 3, 96, 96)
    n = 96
    for _ in range(4):
        n = same(n, 2)
    assert hw(before) == f"{n}x{n}"
    net = nn.Sequential(body, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(), nn.Linear(before[1], 5))
    assert run(net.eval(), 3, 96, 96) == (1, 5)
    add(params(net), hw(before))

    # ================= Finglish
    # Caffe LeNet on MNIST: conv 5 (20) valid, pool, conv 5 (50) valid, pool, flatten, dense 500, dense 10
    net = nn.Sequential(nn.Conv2d(1, 20, 5), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.MaxPool2d(2), nn.Flatten())
    flat = run(net, 1, 28, 28)[1]
    assert flat == 4 * 4 * 50
    net.extend([nn.Linear(flat, 500), nn.ReLU(), nn.Linear(500, 10)])
    add(params(net))
    # residual block conv-BN-ReLU-conv-BN at 128 channels, no conv bias, four times
    block = lambda: Residual(nn.Conv2d(128, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128),  # noqa: E731
                             nn.ReLU(), nn.Conv2d(128, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128))
    net = nn.Sequential(*[block() for _ in range(4)])
    assert run(net, 128, 16, 16) == (1, 128, 16, 16)
    add(params(net))
    # output shape: 128x128x3, conv 3x3/2 p1 32, conv 3x3/2 p1 64, maxpool 2, conv 1x1 10
    net = nn.Sequential(nn.Conv2d(3, 32, 3, stride=2, padding=1), nn.Conv2d(32, 64, 3, stride=2, padding=1),
                        nn.MaxPool2d(2), nn.Conv2d(64, 10, 1))
    add(hwc(run(net, 3, 128, 128)))
    # Embedding 20,000 x 128 (maxlen 100), two Conv1D(64, 5) valid, GlobalMaxPooling1D, Dense 3
    body = nn.Sequential(Tokens(20_000, 128), nn.Conv1d(128, 64, 5), nn.Conv1d(64, 64, 5),
                         nn.AdaptiveMaxPool1d(1), nn.Flatten())
    assert run(body, 100) == (1, 64)
    add(params(body, nn.Linear(64, 3)))
    # [Dense 128 + Dropout] three times on 20 features, then Dense 1
    net = nn.Sequential(nn.Linear(20, 128), nn.Dropout(0.3), nn.Linear(128, 128), nn.Dropout(0.3),
                        nn.Linear(128, 128), nn.Dropout(0.3), nn.Linear(128, 1))
    assert run(net.eval(), 20) == (1, 1)
    add(params(net))
    # [Conv2D 3x3 same 64 + MaxPool 2] three times on 40x40x1: shape and params
    net = nn.Sequential(nn.Conv2d(1, 64, 3, padding="same"), nn.MaxPool2d(2), nn.Conv2d(64, 64, 3, padding="same"),
                        nn.MaxPool2d(2), nn.Conv2d(64, 64, 3, padding="same"), nn.MaxPool2d(2))
    add(params(net), hw(run(net, 1, 40, 40)))
    # I/Q signal 256 x 2: three Conv1d(k 7, stride 2, padding 3) with 16, 32, 64 filters
    net = nn.Sequential(nn.Conv1d(2, 16, 7, stride=2, padding=3), nn.Conv1d(16, 32, 7, stride=2, padding=3),
                        nn.Conv1d(32, 64, 7, stride=2, padding=3))
    assert run(net, 2, 256) == (1, 64, 32)
    add(params(net))
    # Keras CIFAR-10 example: conv 32, conv 32, pool, dropout, conv 64, conv 64, pool, dropout, flatten, 256, 10
    net = nn.Sequential(nn.Conv2d(3, 32, 3), nn.Conv2d(32, 32, 3), nn.MaxPool2d(2), nn.Dropout(0.25),
                        nn.Conv2d(32, 64, 3), nn.Conv2d(64, 64, 3), nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten())
    flat = run(net.eval(), 3, 32, 32)[1]
    assert flat == 5 * 5 * 64
    net.extend([nn.Linear(flat, 256), nn.Dropout(0.5), nn.Linear(256, 10)])
    add(params(net))

    # ================= English
    # Keras MNIST CNN: conv 32 valid, conv 64 valid, maxpool, dropout, flatten, dense 128, dropout, dense 10
    net = nn.Sequential(nn.Conv2d(1, 32, 3), nn.Conv2d(32, 64, 3), nn.MaxPool2d(2), nn.Dropout(), nn.Flatten())
    flat = run(net.eval(), 1, 28, 28)[1]
    assert flat == 12 * 12 * 64
    net.extend([nn.Linear(flat, 128), nn.Dropout(), nn.Linear(128, 10)])
    add(params(net))
    # output shape: 227x227x3, conv 11/4 96, maxpool 3/2, conv 5 p2 256, maxpool 3/2
    net = nn.Sequential(nn.Conv2d(3, 96, 11, stride=4), nn.MaxPool2d(3, stride=2), nn.Conv2d(96, 256, 5, padding=2),
                        nn.MaxPool2d(3, stride=2))
    add(hwc(run(net, 3, 227, 227)))
    # flattened CIFAR-10 image into Dense 512, 256, 10
    net = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 512), nn.Linear(512, 256), nn.Linear(256, 10))
    assert run(net, 3, 32, 32) == (1, 10)
    add(params(net))
    # [Conv2d 3x3 p1 + BatchNorm2d + ReLU] five times at 32 channels, the first from RGB, with conv bias
    unit = lambda cin: [nn.Conv2d(cin, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU()]  # noqa: E731
    net = nn.Sequential(*unit(3), *[layer for _ in range(4) for layer in unit(32)])
    assert sum(isinstance(m, nn.Conv2d) for m in net) == 5
    add(params(net))
    # weights only, BN left out: conv 3->64, 64->128, 128->256, GAP, linear 1000, no biases
    net = nn.Sequential(nn.Conv2d(3, 64, 3, bias=False), nn.Conv2d(64, 128, 3, bias=False),
                        nn.Conv2d(128, 256, 3, bias=False), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                        nn.Linear(256, 1000, bias=False))
    assert run(net, 3, 32, 32) == (1, 1000)
    add(params(net))
    # decoder from 7x7x32: Conv2DTranspose(32, 3, 2, same), Conv2DTranspose(16, 3, 2, same), Conv2D(1, 3, same)
    net = nn.Sequential(nn.ConvTranspose2d(32, 32, 3, stride=2, padding=1, output_padding=1),
                        nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1),
                        nn.Conv2d(16, 1, 3, padding=1))
    shape = run(net, 32, 7, 7)
    assert shape[-1] == 7 * 2 * 2  # Keras: 'same' transposed conv multiplies the size by the stride
    add(params(net), hw(shape))
    # Embedding 5000 x 32 (length 200), GlobalAveragePooling1D, Dense 24, Dense 6
    emb, head = nn.Embedding(5000, 32), nn.Sequential(nn.Linear(32, 24), nn.ReLU(), nn.Linear(24, 6))
    assert head(emb(torch.zeros(1, 200, dtype=torch.long)).mean(1)).shape == (1, 6)
    add(params(emb, head))
    # sequence 50 x 8: Conv1D(32, 3, same) twice, MaxPooling1D(2), Flatten, Dense 1
    net = nn.Sequential(nn.Conv1d(8, 32, 3, padding="same"), nn.Conv1d(32, 32, 3, padding="same"), nn.MaxPool1d(2),
                        nn.Flatten())
    flat = run(net, 8, 50)[1]
    assert flat == 25 * 32
    net.append(nn.Linear(flat, 1))
    add(params(net))

    # ================= mixed
    # CIFAR-10: Conv2D 32 valid, Conv2D 64 valid, MaxPooling2D(2), Flatten, Dense 10
    net = nn.Sequential(nn.Conv2d(3, 32, 3), nn.Conv2d(32, 64, 3), nn.MaxPool2d(2), nn.Flatten())
    flat = run(net, 3, 32, 32)[1]
    assert flat == 14 * 14 * 64
    net.append(nn.Linear(flat, 10))
    add(params(net))
    # [Conv2D 3x3 same + BN + ReLU + MaxPool 2] with 32, 64, 128 on 64x64x3: shape, trainable (BN's gamma, beta)
    unit = lambda cin, c: [nn.Conv2d(cin, c, 3, padding="same"), nn.BatchNorm2d(c), nn.ReLU(),  # noqa: E731
                           nn.MaxPool2d(2)]
    net = nn.Sequential(*unit(3, 32), *unit(32, 64), *unit(64, 128))
    shape = run(net.eval(), 3, 64, 64)
    assert shape[1] == 128
    add(sum(p.numel() for p in net.parameters() if p.requires_grad), hw(shape))
    # time series 60 x 5: Conv1D(32, 5) valid, Conv1D(64, 5) valid, GlobalAveragePooling1D, Dense 1
    net = nn.Sequential(nn.Conv1d(5, 32, 5), nn.Conv1d(32, 64, 5), nn.AdaptiveAvgPool1d(1), nn.Flatten(),
                        nn.Linear(64, 1))
    assert run(net, 5, 60) == (1, 1)
    add(params(net))
    # 32x32x3 -> Conv2D 64 same -> MaxPool 2 -> Conv2D 32 same -> UpSampling 2 -> Conv2D 3 same
    net = nn.Sequential(nn.Conv2d(3, 64, 3, padding="same"), nn.MaxPool2d(2), nn.Conv2d(64, 32, 3, padding="same"),
                        nn.Upsample(scale_factor=2), nn.Conv2d(32, 3, 3, padding="same"))
    assert run(net, 3, 32, 32) == (1, 3, 32, 32)
    add(params(net))
    return rows


if __name__ == "__main__":
    sys.exit(check(FILE, expected(), calculations=32, missing=0))
