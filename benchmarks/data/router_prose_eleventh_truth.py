"""Check ``router_prose_eleventh.jsonl``: an eleventh set of prose calculation questions, written without reading
the prose reader or its rules.

    KERAS_BACKEND=torch python benchmarks/data/router_prose_eleventh_truth.py   # Keras 3 optional, see below

Thirty calculations as students write them in a course's Telegram group (twelve Persian with Persian digits,
spoken style, typos, missing half-spaces and numbers in words such as «صد و بیست و هشت», «چهار بار», «هفت»,
«هجده», «شونزده», «پنج»; eight Finglish; six English; four Persian sentences full of English terms, "mixed"),
three more missing a number the bot must ask for, and seven course questions that only mention numbers or
layers.  Its spread differs from the fifth to the tenth sets: small models described in words (the Keras MNIST
CNN with two 'same' convs and two poolings, a three-conv net ending in global average pooling, an Embedding →
Conv1D → GlobalMaxPooling1D → Dense text model, a Keras Conv1D → MaxPooling1D → Flatten → Dense); blocks
repeated N times (a two-conv block four times, Conv-BN three times, a six-layer Transformer encoder, five
stride-2 convs, two transposed convs); receptive fields after several layers (with pooling, with dilations 1,
2, 4, of the ResNet stem and two 3x3 convs); a Dense after global average pooling; Keras 'same' padding with
stride 2; Keras SeparableConv2D; a Keras LSTM with return_sequences feeding a Dense; multi-head attention in
torch and in Keras, and a Transformer encoder; Conv1D on an ECG and on raw audio; a transposed conv and
upsampling in a decoder; memory of activations and of weights; models compared by name (ResNet-18 against
VGG-16, ResNet-34 against ResNet-18, ViT-B/16 against ResNet-50); percentage reductions (a 1x1 reduction, a
smaller model, GAP against Flatten).  The file was written by hand; this script recomputes every expected
number and asserts that the first entry of ``any`` (and each entry of ``all``) is what torch says:

* one layer: ``sum(p.numel())`` of the ``torch.nn`` module; shapes and lengths from running a zero tensor
  through it;
* Keras conventions (one bias per LSTM gate, SeparableConv2D without a depthwise bias, MultiHeadAttention's
  four projections with biases, ``padding="same"`` = ceil(n / stride)): from Keras 3 itself when it can be
  imported, otherwise from the formula, tied to the torch count or to torch run with Keras' padding;
* small models and repeated blocks: ``nn.Sequential`` of the layers the sentence names, run on a zero input;
* receptive fields: a stack with all-ones weights (average pooling for max pooling, which sees the same
  window), the gradient of one output pixel with respect to the input, and the width of its support;
* memory: ``element_size() × nelement()`` of the float32 tensor (bytes; MiB = bytes / 2**20);
* whole models: ``torchvision.models`` built without weights;
* ratios and percentages: two decimals.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import torch
from prose_truth import Truth, check, keras, keras_count, nn, out_hw, params, ratio, tvm

FILE = Path(__file__).with_name("router_prose_eleventh.jsonl")


def percent_fewer(big: int, small: int) -> str:
    return f"{100 * (big - small) / big:.2f}"


def keras_same(hw: int, kernel: int, stride: int) -> str:
    """Keras ``padding="same"``: ceil(hw / stride); checked against torch with the padding Keras would add."""
    n = math.ceil(hw / stride)
    pad = max((n - 1) * stride + kernel - hw, 0)
    before, after = pad // 2, pad - pad // 2  # TensorFlow/Keras put the odd pixel at the bottom and right
    layer = nn.Sequential(nn.ZeroPad2d((before, after, before, after)), nn.Conv2d(1, 1, kernel, stride=stride))
    assert out_hw(layer, hw) == f"{n}x{n}"
    if keras is not None:
        model = keras.Sequential([keras.Input((hw, hw, 1)), keras.layers.Conv2D(1, kernel, strides=stride,
                                                                                 padding="same")])
        assert tuple(model.output_shape[1:3]) == (n, n)
    return f"{n}x{n}"


def keras_lstm(units: int, features: int) -> int:
    return params(nn.LSTM(features, units)) - 4 * units  # Keras: one bias per gate


def receptive_field(*layers: nn.Module, hw: int = 96) -> str:
    """Width of the input region one output pixel sees: the support of its gradient through all-ones weights."""
    net = nn.Sequential(*layers)
    with torch.no_grad():
        for p in net.parameters():
            p.fill_(1.0)
    x = torch.ones(1, 1, hw, hw, requires_grad=True)
    y = net(x)
    y[0, 0, y.shape[2] // 2, y.shape[3] // 2].backward()
    seen = x.grad[0, 0] != 0
    rows = seen.any(1).nonzero().flatten()
    cols = seen.any(0).nonzero().flatten()
    height, width = int(rows[-1] - rows[0] + 1), int(cols[-1] - cols[0] + 1)
    assert 0 < rows[0] and rows[-1] < hw - 1  # the field lies inside the input, not cut by its border
    return f"{height}x{width}"


def conv(k: int, stride: int = 1, dilation: int = 1) -> nn.Conv2d:
    return nn.Conv2d(1, 1, k, stride=stride, dilation=dilation, bias=False)


def nbytes(t: torch.Tensor) -> int:
    return t.element_size() * t.nelement()


def mib(n: int) -> str:
    return f"{n / 2**20:.2f}"


def expected() -> Truth:
    """(first of ``any``, ``all``) per numbered line, in file order."""
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ================= Persian
    # Keras MNIST CNN: conv 3x3 32 same, maxpool, conv 3x3 64 same, maxpool, flatten, dense 128, dense 10
    net = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1),
                        nn.MaxPool2d(2), nn.Flatten())
    flat = net(torch.zeros(1, 1, 28, 28)).shape[1]
    assert flat == 7 * 7 * 64
    add(params(net, nn.Linear(flat, 128), nn.Linear(128, 10)))
    # a block of two 3x3 convs 64 -> 64 with bias, repeated four times
    blocks = nn.Sequential(*[nn.Sequential(nn.Conv2d(64, 64, 3, padding=1), nn.Conv2d(64, 64, 3, padding=1))
                             for _ in range(4)])
    assert blocks(torch.zeros(1, 64, 16, 16)).shape == (1, 64, 16, 16)
    add(params(blocks))
    # receptive field: three 3x3, maxpool 2x2 stride 2, two 3x3
    add(receptive_field(conv(3), conv(3), conv(3), nn.AvgPool2d(2, 2), conv(3), conv(3)))
    # Dense 37 after global average pooling of 7x7x2048
    gap = nn.AdaptiveAvgPool2d(1)(torch.zeros(1, 2048, 7, 7)).flatten(1).shape[1]
    add(params(nn.Linear(gap, 37)))
    # Keras LSTM(128, return_sequences=True) on 300 features, then Dense(10) on every step
    lstm, dense = nn.LSTM(300, 128, batch_first=True), nn.Linear(128, 10)
    assert dense(lstm(torch.zeros(1, 40, 300))[0]).shape == (1, 40, 10)
    add(keras_count(lambda: keras.Sequential([keras.Input((40, 300)),
                                              keras.layers.LSTM(128, return_sequences=True),
                                              keras.layers.Dense(10)]).count_params(),
                    keras_lstm(128, 300) + params(dense)))
    # U-Net decoder: ConvTranspose 2x2 stride 2, 512 -> 256 channels, on 28x28
    up = nn.ConvTranspose2d(512, 256, 2, stride=2)
    add(params(up), out_hw(up, 28, cin=512))
    # memory of a 32 x 64 x 112 x 112 float32 activation
    act = torch.zeros(32, 64, 112, 112, dtype=torch.float32)
    assert mib(nbytes(act)) == "98.00"
    add(nbytes(act))
    # 1x1 reduction 256 -> 32 before a 5x5 conv with 64 filters, no bias: percent fewer parameters
    add(percent_fewer(params(nn.Conv2d(256, 64, 5, bias=False)),
                      params(nn.Conv2d(256, 32, 1, bias=False), nn.Conv2d(32, 64, 5, bias=False))))
    # ECG Conv1D: 12 leads, 1000 samples, kernel 7, 32 filters, stride 2, no padding
    c1 = nn.Conv1d(12, 32, 7, stride=2)
    length = c1(torch.zeros(1, 12, 1000)).shape[-1]
    add(params(c1), length)
    # ResNet-18 against VGG-16: percent fewer parameters
    add(percent_fewer(params(tvm.vgg16()), params(tvm.resnet18())))
    # multi-head attention in PyTorch, embed 512, 8 heads
    add(params(nn.MultiheadAttention(512, 8)))
    # five convs 3x3, stride 2, padding 1 on 224
    add(out_hw(nn.Sequential(*[nn.Conv2d(1, 1, 3, stride=2, padding=1) for _ in range(5)]), 224))

    # ================= Finglish
    # Keras SeparableConv2D(192, 5) on 96 channels: depthwise without bias + pointwise with bias
    sep = params(nn.Conv2d(96, 96, 5, groups=96, bias=False), nn.Conv2d(96, 192, 1))
    add(keras_count(lambda: keras.Sequential([keras.Input((32, 32, 96)),
                                              keras.layers.SeparableConv2D(192, 5, padding="same")]).count_params(),
                    sep))
    # UpSampling2D(2) then Conv2D(64, 3, same) on 16x16x128
    dec = nn.Sequential(nn.Upsample(scale_factor=2), nn.Conv2d(128, 64, 3, padding=1))
    add(params(dec), out_hw(dec, 16, cin=128))
    # Keras MultiHeadAttention(num_heads=4, key_dim=32) on 128-d tokens = torch's in/out projections
    mha = 3 * (128 * 4 * 32 + 4 * 32) + (4 * 32 * 128 + 128)
    assert mha == params(nn.MultiheadAttention(128, 4))

    def keras_mha() -> int:
        q = keras.Input((10, 128))
        return keras.Model(q, keras.layers.MultiHeadAttention(num_heads=4, key_dim=32)(q, q)).count_params()
    add(keras_count(keras_mha, mha))
    # Embedding(10000, 64) -> Conv1D(128, 5) -> GlobalMaxPooling1D -> Dense(1)
    emb, c1, head = nn.Embedding(10_000, 64), nn.Conv1d(64, 128, 5), nn.Linear(128, 1)
    h = c1(emb(torch.zeros(1, 200, dtype=torch.long)).transpose(1, 2)).amax(-1)
    assert head(h).shape == (1, 1)
    add(params(emb, c1, head))
    # receptive field of three 3x3 convs with dilations 1, 2, 4
    add(receptive_field(conv(3, dilation=1), conv(3, dilation=2), conv(3, dilation=4)))
    # two ConvTranspose2d(kernel 4, stride 2, padding 1) on 7x7
    add(out_hw(nn.Sequential(nn.ConvTranspose2d(1, 1, 4, stride=2, padding=1),
                             nn.ConvTranspose2d(1, 1, 4, stride=2, padding=1)), 7))
    # ResNet-34 minus ResNet-18
    add(params(tvm.resnet34()) - params(tvm.resnet18()))
    # VGG-16's weights in float32, bytes
    vgg = tvm.vgg16()
    weights = sum(nbytes(p) for p in vgg.parameters())
    add(weights)

    # ================= English
    # three 3x3 'same' convs 16, 32, 64 (pooling between), global average pooling, Dense 5, on 64x64x3
    net = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding=1),
                        nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                        nn.Linear(64, 5))
    assert net(torch.zeros(1, 3, 64, 64)).shape == (1, 5)
    add(params(net))
    # Conv(3x3, 128 -> 128, no bias) + BatchNorm, three times, PyTorch
    unit = lambda: [nn.Conv2d(128, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128)]  # noqa: E731
    add(params(nn.Sequential(*unit(), *unit(), *unit())))
    # receptive field: 7x7 stride 2 conv, 3x3 stride 2 max pool, two 3x3 convs
    add(receptive_field(conv(7, 2), nn.AvgPool2d(3, 2), conv(3), conv(3), hw=128))
    # raw audio Conv1d: 16000 samples, 1 channel, kernel 80, stride 4, 128 filters
    c1 = nn.Conv1d(1, 128, 80, stride=4)
    add(params(c1), c1(torch.zeros(1, 1, 16000)).shape[-1])
    # ViT-B/16 against ResNet-50
    add(ratio(params(tvm.vit_b_16()), params(tvm.resnet50())))
    # VGG-16 conv1_1 and conv1_2 outputs, batch 16, 224x224, float32, bytes
    f = vgg.features
    with torch.no_grad():
        a1 = f[1](f[0](torch.zeros(1, 3, 224, 224)))
        a2 = f[2](a1)
    assert a1.shape == a2.shape == (1, 64, 224, 224)
    add(16 * (nbytes(a1) + nbytes(a2)))

    # ================= mixed
    add(keras_same(155, 5, 2))
    # TransformerEncoder: 6 layers, d_model 512, 8 heads, feed-forward 2048
    encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(512, 8, 2048), 6, enable_nested_tensor=False)
    add(params(encoder))
    # Dense 256: Flatten of 7x7x512 against GAP, percent fewer
    flat = nn.Flatten()(torch.zeros(1, 512, 7, 7)).shape[1]
    gap = nn.AdaptiveAvgPool2d(1)(torch.zeros(1, 512, 7, 7)).flatten(1).shape[1]
    add(percent_fewer(params(nn.Linear(flat, 256)), params(nn.Linear(gap, 256))))
    # Keras Conv1D(64, 3, same) on (100, 16), MaxPooling1D(2), Flatten, Dense(1)
    body = nn.Sequential(nn.Conv1d(16, 64, 3, padding="same"), nn.MaxPool1d(2), nn.Flatten())
    flat = body(torch.zeros(1, 16, 100)).shape[1]
    assert flat == 50 * 64
    add(params(body, nn.Linear(flat, 1)))
    return rows


if __name__ == "__main__":
    sys.exit(check(FILE, expected(), calculations=33, missing=3))
