"""Check ``router_prose_tenth.jsonl``: a tenth set of prose calculation questions, written without reading the
prose reader or its rules.

    KERAS_BACKEND=torch python benchmarks/data/router_prose_tenth_truth.py   # Keras 3 optional, see below

Thirty calculations as students write them in a course's Telegram group (twelve Persian with Persian digits,
typos, missing half-spaces and numbers in words such as «پونصد و دوازده», «دویست و پنجاه و شش», «پنجاه
هزار», «صد و بیست و هشت»; eight Finglish; six English; four Persian sentences full of English terms, "mixed"),
three more missing a number the bot must ask for, and seven course questions that only mention numbers or
layers.  Its spread differs from the ninth's: a conv without bias; a Dense after Flatten with the map given
(and the flattened length); output sizes with stride and padding, with dilation, of AlexNet's overlapping max
pool and of a transposed conv with output_padding; BatchNorm's learnable and Keras' full counts; a VGG block;
an Embedding with distracting sequence length and batch; Keras LSTM and GRU stacks; a bidirectional LSTM in
torch and in Keras; ResNet's bottleneck block and an Inception 1x1 reduction against a direct 3x3; zoo models
compared; three 3x3 against one 7x7; a depthwise-separable ratio; FLOPs of a 1x1 conv; a ResNeXt grouped conv;
a 3D conv; Conv1D MACs on text; a small model described in words; GAP against Flatten as a ratio; two "why"s.
The file was written by hand; this script recomputes every expected number and asserts that the first entry
of ``any`` (and each entry of ``all``) is what torch says:

* one layer: ``sum(p.numel())`` of the ``torch.nn`` module; shapes and flattened lengths from running a zero
  tensor through it; MACs = output positions × weights per position, FLOPs = 2 × MACs;
* Keras conventions (one bias per LSTM gate, GRU's ``reset_after=True`` two biases, BatchNormalization's moving
  mean and variance counted as non-trainable parameters): from Keras 3 itself when it can be imported,
  otherwise from the formula, tied to torch;
* the small model: ``nn.Sequential`` of the layers the sentence names, run on a zero image;
* whole models: ``torchvision.models`` built without weights;
* ratios: two decimals.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from prose_truth import Truth, check, keras, keras_count, kl, macs, nn, out_hw, params, ratio, tvm

FILE = Path(__file__).with_name("router_prose_tenth.jsonl")


def keras_lstm(units: int, features: int) -> int:
    return params(nn.LSTM(features, units)) - 4 * units  # Keras: one bias per gate


def keras_stack(layers, features: int, fallback: int) -> int:
    """Keras' count of recurrent layers stacked on ``features`` inputs per step."""
    def build() -> int:
        model = keras.Sequential([keras.Input((5, features)), *layers()])
        return model.count_params()
    return keras_count(build, fallback)


def expected() -> Truth:
    """(first of ``any``, ``all``) per numbered line, in file order."""
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ================= Persian
    # conv 128 -> 256, 3x3, no bias
    add(params(nn.Conv2d(128, 256, 3, bias=False)))
    # Dense 512 after flattening 10x10x64, and the flattened length
    flat = nn.Flatten()(torch.zeros(1, 64, 10, 10)).shape[1]
    add(params(nn.Linear(flat, 512)), flat)
    # 127, kernel 5, stride 3, padding 1
    add(out_hw(nn.Conv2d(1, 1, 5, stride=3, padding=1), 127))
    # AlexNet's overlapping max pool on 55x55
    add(out_hw(nn.MaxPool2d(3, stride=2), 55))
    # BatchNorm's learnable parameters (gamma, beta) for 256 channels
    add(params(nn.BatchNorm2d(256)))
    # VGG16's third block: 128 -> 256 -> 256 -> 256, 3x3, bias
    add(params(nn.Conv2d(128, 256, 3), nn.Conv2d(256, 256, 3), nn.Conv2d(256, 256, 3)))
    # Embedding 50,000 x 128 (sequence length and batch do not count)
    emb = nn.Embedding(50_000, 128)
    assert emb(torch.zeros(32, 200, dtype=torch.long)).shape == (32, 200, 128)
    add(params(emb))
    # Keras LSTM(128, return_sequences=True) + LSTM(64) on 50 features
    add(keras_stack(lambda: [keras.layers.LSTM(128, return_sequences=True), keras.layers.LSTM(64)], 50,
                    keras_lstm(128, 50) + keras_lstm(64, 128)))
    # ResNet-50 bottleneck 256 -> 64 -> 64 -> 256, no bias, no BN
    block = nn.Sequential(nn.Conv2d(256, 64, 1, bias=False), nn.Conv2d(64, 64, 3, padding=1, bias=False),
                          nn.Conv2d(64, 256, 1, bias=False))
    assert block(torch.zeros(1, 256, 56, 56)).shape == (1, 256, 56, 56)
    add(params(block))
    # MobileNetV2 against ResNet-50
    add(params(tvm.resnet50()) - params(tvm.mobilenet_v2()))
    # three 3x3 against one 7x7 at 128 channels, no bias
    add(params(nn.Conv2d(128, 128, 7, bias=False))
        - params(*[nn.Conv2d(128, 128, 3, bias=False) for _ in range(3)]))
    # why the last Dense (512 -> 10) has 5,130
    head = nn.Linear(512, 10)
    add(params(head), head.weight.numel())

    # ================= Finglish
    add(params(nn.Conv2d(24, 48, 5)))
    add(out_hw(nn.Conv2d(1, 1, 3, dilation=3), 32))
    add(out_hw(nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1), 7))
    add(params(nn.LSTM(100, 128, bidirectional=True)))
    add(ratio(params(nn.Conv2d(32, 64, 3, bias=False)),
              params(nn.Conv2d(32, 32, 3, groups=32, bias=False), nn.Conv2d(32, 64, 1, bias=False))))
    add(2 * macs(nn.Conv2d(256, 128, 1, bias=False), 28))
    add(params(nn.Conv2d(128, 128, 3, groups=32, bias=False)))
    add(ratio(params(tvm.vgg19()), params(tvm.alexnet())))

    # ================= English
    conv3d = nn.Conv3d(64, 128, 3)
    assert conv3d(torch.zeros(1, 64, 16, 112, 112)).shape[1] == 128
    add(params(conv3d))
    c1 = nn.Conv1d(100, 256, 3, padding="same")
    out = c1(torch.zeros(1, 100, 200)).shape
    add(out[1] * out[2] * (c1.weight.numel() // c1.out_channels))
    net = nn.Sequential(nn.Conv2d(3, 6, 5), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.AvgPool2d(2), nn.Flatten())
    flat = net(torch.zeros(1, 3, 32, 32)).shape[1]
    add(params(net, nn.Linear(flat, 120), nn.Linear(120, 84), nn.Linear(84, 10)))
    flat = nn.Flatten()(torch.zeros(1, 512, 8, 8)).shape[1]
    gap = nn.AdaptiveAvgPool2d(1)(torch.zeros(1, 512, 8, 8)).flatten(1).shape[1]
    add(ratio(params(nn.Linear(flat, 100)), params(nn.Linear(gap, 100))))
    # Keras BatchNormalization: gamma, beta trainable + moving mean, variance non-trainable
    bn = nn.BatchNorm2d(64)
    learnable = params(bn)
    moving = bn.running_mean.numel() + bn.running_var.numel()
    add(keras_count(lambda: kl(keras.layers.BatchNormalization(), (8, 8, 64)), learnable + moving), learnable)
    # Keras GRU(64, return_sequences=True) + GRU(32) on 10 features (reset_after=True: torch's two biases)
    add(keras_stack(lambda: [keras.layers.GRU(64, return_sequences=True), keras.layers.GRU(32)], 10,
                    params(nn.GRU(10, 64), nn.GRU(64, 32))))

    # ================= mixed
    add(params(tvm.resnet101()) - params(tvm.resnet50()))
    add(macs(nn.Conv2d(32, 64, 3, padding=1), 112))
    add(keras_stack(lambda: [keras.layers.Bidirectional(keras.layers.LSTM(64))], 300, 2 * keras_lstm(64, 300)))
    add(params(nn.Conv2d(256, 128, 3)) - params(nn.Conv2d(256, 96, 1), nn.Conv2d(96, 128, 3)))
    return rows


if __name__ == "__main__":
    sys.exit(check(FILE, expected(), calculations=33, missing=3))
