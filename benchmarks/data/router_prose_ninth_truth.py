"""Check ``router_prose_ninth.jsonl``: a ninth set of prose calculation questions, written without reading the
prose reader or its rules.

    KERAS_BACKEND=torch python benchmarks/data/router_prose_ninth_truth.py   # Keras 3 optional, see below

Thirty calculations as students write them in a course's Telegram group (twelve Persian with Persian digits,
typos, missing half-spaces and numbers in words such as «نود و شش», «شصت و چهار», «بیست هزار», «صد و بیست و
هشت»; eight Finglish; six English; four Persian sentences full of English terms, "mixed"), three more missing a
number the bot must ask for, and seven course questions that only mention numbers or layers.  Its spread
differs from the eighth's: MACs of a strided 'same' conv, of a depthwise layer, of the ResNet stem and of a
Conv1d; Keras 'same' output sizes with stride; dilation; a transposed conv's output; GRU against LSTM; an
Embedding + LSTM stack; a two-layer GRU; a Dense head after global average pooling; a depthwise-separable
block's savings; Conv1D on text; 3D convs; a grouped conv; two tiny models described in words; zoo models
compared.  The file was written by hand; this script recomputes every expected number and asserts that the
first entry of ``any`` (and each entry of ``all``) is what torch says:

* one layer: ``sum(p.numel())`` of the ``torch.nn`` module; shapes and flattened lengths from running a zero
  tensor through it; MACs = output positions × weights per position;
* Keras conventions (one bias per LSTM gate, GRU's ``reset_after=True`` two biases, ``padding="same"`` =
  ceil(n / stride)): from Keras 3 itself when it can be imported, otherwise from the formula, tied to torch;
* tiny models: ``nn.Sequential`` of the layers the sentence names, run on a zero image;
* whole models: ``torchvision.models`` built without weights;
* ratios: two decimals.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import torch
from prose_truth import Truth, check, keras, keras_count, kl, macs, nn, out_hw, params, ratio, tvm

FILE = Path(__file__).with_name("router_prose_ninth.jsonl")


def keras_same(hw: int, kernel: int, stride: int) -> str:
    """Keras ``padding="same"``: ceil(hw / stride); checked against torch with the padding Keras would add."""
    n = math.ceil(hw / stride)
    pad = max((n - 1) * stride + kernel - hw, 0)
    before, after = pad // 2, pad - pad // 2  # TensorFlow/Keras put the odd pixel at the bottom and right
    layer = nn.Sequential(nn.ZeroPad2d((before, after, before, after)), nn.Conv2d(1, 1, kernel, stride=stride))
    assert out_hw(layer, hw) == f"{n}x{n}"
    if keras is not None:
        model = keras.Sequential([keras.Input((hw, hw, 1)), keras.layers.Conv2D(1, kernel, strides=stride, padding="same")])
        assert tuple(model.output_shape[1:3]) == (n, n)
    return f"{n}x{n}"


def keras_lstm(units: int, features: int) -> int:
    return keras_count(lambda: kl(keras.layers.LSTM(units), (5, features)), params(nn.LSTM(features, units)) - 4 * units)


def keras_gru(units: int, features: int) -> int:
    # Keras GRU's default reset_after=True keeps an input and a recurrent bias per gate, as torch's nn.GRU does
    return keras_count(lambda: kl(keras.layers.GRU(units), (5, features)), params(nn.GRU(features, units)))


def model_params(layers: list[nn.Module], cin: int, hw: int) -> tuple[int, int]:
    """The convolutional part's parameters and the flattened length a zero image leaves it with."""
    body = nn.Sequential(*layers)
    flat = body(torch.zeros(1, cin, hw, hw)).shape[1]
    return params(body), flat


def expected() -> Truth:
    """(first of ``any``, ``all``) per numbered line, in file order."""
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ================= Persian
    # MACs of a 'same', stride-2 conv: 56 -> 28
    conv = nn.Conv2d(64, 96, 3, stride=2, padding=1)
    assert out_hw(conv, 56, cin=64) == keras_same(56, 3, 2)
    add(macs(conv, 56))
    # Keras 'same' output with stride 2
    add(keras_same(225, 3, 2))
    # GRU vs LSTM (Keras)
    add(keras_gru(64, 32), keras_lstm(64, 32))
    # Embedding + LSTM (Keras)
    add(params(nn.Embedding(20_000, 100)) + keras_lstm(64, 100))
    # tiny MNIST model: conv 3x3 32, conv 3x3 64, no padding, no pooling, flatten, dense 10
    body, flat = model_params([nn.Conv2d(1, 32, 3), nn.Conv2d(32, 64, 3), nn.Flatten()], 1, 28)
    add(body + params(nn.Linear(flat, 10)))
    # Dense head after GAP on 7x7x1280
    gap = nn.AdaptiveAvgPool2d(1)(torch.zeros(1, 1280, 7, 7)).flatten(1).shape[1]
    add(params(nn.Linear(gap, 256), nn.Linear(256, 5)))
    # depthwise separable 64 -> 128 savings, no bias
    add(params(nn.Conv2d(64, 128, 3, bias=False))
        - params(nn.Conv2d(64, 64, 3, groups=64, bias=False), nn.Conv2d(64, 128, 1, bias=False)))
    # Conv1D on 300-d embeddings
    add(params(nn.Conv1d(300, 128, 5)))
    # 3D conv on RGB video
    add(params(nn.Conv3d(3, 16, 3)))
    # flattened length after three conv(same)+maxpool blocks
    blocks = []
    for cin, cout in [(3, 32), (32, 64), (64, 128)]:
        blocks += [nn.Conv2d(cin, cout, 3, padding=1), nn.MaxPool2d(2)]
    add(nn.Sequential(*blocks, nn.Flatten())(torch.zeros(1, 3, 64, 64)).shape[1])
    # one 5x5 vs two 3x3 at 256 channels, no bias
    add(ratio(params(nn.Conv2d(256, 256, 5, bias=False)),
              params(nn.Conv2d(256, 256, 3, bias=False), nn.Conv2d(256, 256, 3, bias=False))))
    # why 1,792
    first = nn.Conv2d(3, 64, 3)
    add(params(first), first.weight.numel())

    # ================= Finglish
    add(out_hw(nn.Conv2d(1, 1, 3, stride=2, padding=2, dilation=2), 64))
    add(out_hw(nn.ConvTranspose2d(1, 1, 4, stride=2, padding=1), 16))
    add(params(nn.Conv2d(128, 256, 3, groups=4)))
    add(macs(nn.Conv2d(144, 144, 3, padding=1, groups=144), 56))
    add(ratio(params(tvm.resnet18()), params(tvm.efficientnet_b0())))
    add(params(nn.GRU(128, 256, num_layers=2)))
    add(macs(nn.Conv2d(192, 16, 1), 28) + macs(nn.Conv2d(16, 32, 5, padding=2), 28))
    second = nn.Conv2d(64, 64, 3)
    add(params(second), second.weight.numel())

    # ================= English
    add(keras_same(100, 5, 3))
    add(params(nn.Embedding(30_000, 256), nn.LSTM(256, 512)))
    add(macs(nn.Conv2d(3, 64, 7, stride=2, padding=3), 224))
    body, flat = model_params([nn.Conv2d(3, 32, 3, padding=1), nn.MaxPool2d(2),
                               nn.Conv2d(32, 64, 3, padding=1), nn.MaxPool2d(2), nn.Flatten()], 3, 32)
    add(body + params(nn.Linear(flat, 10)))
    add(ratio(macs(nn.Conv2d(512, 512, 3, padding=1), 14),
              macs(nn.Conv2d(512, 512, 3, padding=1, groups=512), 14) + macs(nn.Conv2d(512, 512, 1), 14)))
    add(params(tvm.resnet50()) - params(tvm.densenet121()))

    # ================= mixed
    add(params(nn.Conv3d(32, 64, 3)))
    c1 = nn.Conv1d(64, 128, 3, stride=2)
    out = c1(torch.zeros(1, 64, 100)).shape
    add(out[1] * out[2] * (c1.weight.numel() // c1.out_channels))
    add(params(nn.Linear(2048, 1)), params(nn.Linear(7 * 7 * 2048, 1)))
    add(ratio(params(tvm.vgg16()), params(tvm.resnet18())))
    return rows


if __name__ == "__main__":
    sys.exit(check(FILE, expected(), calculations=33, missing=3))
