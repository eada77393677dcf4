"""Check ``router_prose_fourteenth.jsonl``: a fourteenth set of prose calculation questions, written without
reading the prose reader or its rules (nor the earlier sets' questions).

    python benchmarks/data/router_prose_fourteenth_truth.py   # Keras not needed: its counts are formulas tied to torch

Thirty-two calculations asked in one sentence (fourteen Persian with Persian digits, typos, no half-spaces and
some numbers in words; eight Finglish; eight English; two Persian sentences full of English terms, "mixed") and
eight course questions that carry numbers but ask a concept.  The kinds: one layer's parameters (conv with and
without bias, a conv "with 128 filters instead of 64", depthwise, Keras SeparableConv2D, Conv1D, Keras LSTM and
GRU, Embedding, BatchNorm trainable and Keras' total, ConvTranspose2d, Dense without bias); output shapes (stride
without padding, dilation, pooling, Keras 'same' with stride 2, transposed conv, an AlexNet-like stem told
channels-first); MACs of a conv, of a Dense layer, of VGG16, and "how many times cheaper" for a 1x1 bottleneck
(the Inception example) and for depthwise-separable vs a normal conv; Flatten vs GlobalAveragePooling before a
Dense head; two 3x3 vs one 5x5 and three 3x3 vs one 7x7; two small whole models; VGG16, AlexNet and
MobileNetV2 parameters and ResNet-50's float32 weight memory; the receptive field of a stack; the float32
memory of one layer's output for a batch.

Every number is computed here and asserted against the file's first ``any`` (and each ``all``):

* counts: ``sum(p.numel())`` of the torch modules; Keras' LSTM is torch's less its second bias (``bias_hh``);
  Keras' GRU (``reset_after=True``, the default) is torch's; SeparableConv2D is a bias-free depthwise conv plus
  a 1x1 conv with bias; Keras' BatchNormalization total adds the ``running_mean``/``running_var`` buffers;
* shapes by running a zero tensor through the layers; MACs by forward hooks: for each conv its output size times
  the weights per output channel (``in/groups·kh·kw``), for each Linear its ``in·out``;
* the well-known models from torchvision, built without weights; MB as 2**20 bytes (10**6 also accepted);
* the receptive field by the recurrence ``r += (k - 1)·j; j *= s``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from prose_truth import Truth, check, count_macs, hwc, nn, params, ratio, run, tvm

FILE = Path(__file__).with_name("router_prose_fourteenth.jsonl")


def chw(net: nn.Module, *shape: int) -> str:
    _, c, h, w = run(net, *shape)
    return f"{c}x{h}x{w}"


def receptive(layers: list[tuple[int, int]]) -> int:
    r, j = 1, 1
    for k, s in layers:
        r += (k - 1) * j
        j *= s
    return r


def expected() -> Truth:
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ================= Persian
    # conv 3x3 on 64 channels, 128 filters "instead of 64", with bias
    add(params(nn.Conv2d(64, 128, 3)))
    # depthwise 3x3 on 144 channels, with bias
    add(params(nn.Conv2d(144, 144, 3, groups=144)))
    # Keras LSTM, 128 units, input vectors of 64: one bias per gate
    lstm = nn.LSTM(64, 128)
    add(params(lstm) - lstm.bias_hh_l0.numel())
    # 128x128x3, conv 5x5, 32 filters, stride 2, no padding
    add(hwc(nn.Conv2d(3, 32, 5, stride=2), 3, 128, 128))
    # 64x64 gray, conv 3x3 dilation 2, 16 filters, no padding
    add(hwc(nn.Conv2d(1, 16, 3, dilation=2), 1, 64, 64))
    # MACs: conv 3x3, 128 filters, on 56x56x64, same
    add(count_macs(nn.Conv2d(64, 128, 3, padding=1), 64, 56, 56))
    # Inception: 5x5x32 on 28x28x192 directly vs 1x1x16 then 5x5x32
    direct = count_macs(nn.Conv2d(192, 32, 5, padding=2), 192, 28, 28)
    bottleneck = count_macs(nn.Sequential(nn.Conv2d(192, 16, 1), nn.Conv2d(16, 32, 5, padding=2)), 192, 28, 28)
    assert (direct, bottleneck) == (120_422_400, 12_443_648)
    add(ratio(direct, bottleneck))
    # 7x7x512 then Dense 256: Flatten vs GAP
    flat = params(nn.Linear(7 * 7 * 512, 256))
    gap = params(nn.Linear(512, 256))
    add(flat - gap)
    # three 3x3 vs one 7x7, 64 -> 64, no bias: how many fewer
    three = params(*[nn.Conv2d(64, 64, 3, bias=False) for _ in range(3)])
    seven = params(nn.Conv2d(64, 64, 7, bias=False))
    add(seven - three)
    # 32x32x3: conv 32 valid, pool 2, conv 64 valid, pool 2, flatten, dense 10
    net = nn.Sequential(nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                        nn.MaxPool2d(2), nn.Flatten())
    flat_len = run(net, 3, 32, 32)[1]
    assert flat_len == 6 * 6 * 64
    add(params(net, nn.Linear(flat_len, 10)))
    # VGG16 parameters
    add(params(tvm.vgg16()))
    # ResNet-50 (torchvision) float32 weights in MB (2**20; 10**6 also accepted)
    add(f"{params(tvm.resnet50()) * 4 / 2**20:.2f}")
    # activation memory: 112x112x64 output, batch 32, float32
    add(f"{32 * 112 * 112 * 64 * 4 / 2**20:.1f}")
    # receptive field of three 3x3 convs, the second with stride 2
    rf = receptive([(3, 1), (3, 2), (3, 1)])
    add(f"{rf}x{rf}")

    # ================= Finglish
    # Dense 1024 -> 512 without bias
    add(params(nn.Linear(1024, 512, bias=False)))
    # Keras GRU (reset_after=True), 64 units, input 32
    add(params(nn.GRU(32, 64)))
    # 224x224x64, maxpool 3x3 stride 2, no padding
    add(hwc(nn.MaxPool2d(3, 2), 64, 224, 224))
    # SeparableConv2D 3x3, 128 filters, on 64 channels, bias
    add(params(nn.Conv2d(64, 64, 3, groups=64, bias=False), nn.Conv2d(64, 128, 1)))
    # MACs: normal 3x3x256 vs depthwise separable, on 28x28x128, same
    normal = count_macs(nn.Conv2d(128, 256, 3, padding=1), 128, 28, 28)
    separable = count_macs(nn.Sequential(nn.Conv2d(128, 128, 3, padding=1, groups=128), nn.Conv2d(128, 256, 1)),
                           128, 28, 28)
    add(ratio(normal, separable))
    # ConvTranspose 4x4 stride 2 padding 1 on 16x16x256, 128 filters
    add(hwc(nn.ConvTranspose2d(256, 128, 4, stride=2, padding=1), 256, 16, 16))
    # AlexNet (torchvision)
    add(params(tvm.alexnet()))
    # Conv1D 64 filters, kernel 5, 40 input channels, bias
    add(params(nn.Conv1d(40, 64, 5)))

    # ================= English
    # Embedding 20,000 x 300
    add(params(nn.Embedding(20_000, 300)))
    # BatchNorm on 256 channels: Keras total (trainable gamma, beta + moving mean, var)
    bn = nn.BatchNorm2d(256)
    add(params(bn) + bn.running_mean.numel() + bn.running_var.numel(), params(bn))
    # ConvTranspose2d 128 -> 64, kernel 4, bias
    add(params(nn.ConvTranspose2d(128, 64, 4)))
    # 3x227x227: conv 11x11, 96, stride 4, valid, maxpool 3 stride 2 (channels first)
    add(chw(nn.Sequential(nn.Conv2d(3, 96, 11, 4), nn.MaxPool2d(3, 2)), 3, 227, 227))
    # MobileNetV2 parameters (torchvision = Keras trainable; Keras total 3,538,984 also accepted)
    add(params(tvm.mobilenet_v2()))
    # VGG16 MACs for one 224x224 image
    add(count_macs(tvm.vgg16(), 3, 224, 224))
    # two 3x3 vs one 5x5, 128 -> 128 with bias: both counts
    two = params(nn.Conv2d(128, 128, 3), nn.Conv2d(128, 128, 3))
    five = params(nn.Conv2d(128, 128, 5))
    add(two, five)
    # MLP: 784 -> 256 -> 128 -> 10
    add(params(nn.Linear(784, 256), nn.Linear(256, 128), nn.Linear(128, 10)))

    # ================= mixed
    # Keras Conv2D 64, 3x3, stride 2, 'same' on (150, 150, 3): ceil(150 / 2)
    out = hwc(nn.Conv2d(3, 64, 3, stride=2, padding=1), 3, 150, 150)
    assert out == "75x75x64"
    add(out)
    # MACs of a Dense 2048 -> 1000 for a batch of 32
    add(32 * count_macs(nn.Linear(2048, 1000), 2048))
    return rows


if __name__ == "__main__":
    sys.exit(check(FILE, expected(), calculations=32, missing=0))
