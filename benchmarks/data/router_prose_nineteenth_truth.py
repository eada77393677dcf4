"""Check ``router_prose_nineteenth.jsonl``: a nineteenth set of prose calculation questions, written without
reading the prose reader or its rules (nor the earlier sets' questions beyond their file format).

    python benchmarks/data/router_prose_nineteenth_truth.py   # Keras not needed: its counts are formulas tied to torch

Forty calculations asked in one sentence, then four course questions that only look numeric.  Seventeen Persian
(colloquial and formal, no half-spaces, Arabic ي/ك in one, Persian and Latin digits, numbers in words «نود و
شش», «یازده», «دویست و بیست و هفت», «هفتصد و هشتاد و چهار», typos فیلتتر, چن, اسکوییزنت), seven Finglish, eight
English (terse and verbose), eight Persian sentences with a Keras / PyTorch snippet inline, in backticks or on the
next lines (two give the tensor through ``x = torch.randn(...)``).  Topics of another teacher's course: LeNet-5
layer by layer (C5's parameters, C1's FLOPs), AlexNet's stride-4 first layer (shape, MACs), a VGG block
(parameters, Keras MACs), the receptive field of VGG16 up to conv3_3 and of a ResNet stem, a ResNet basic block
with a 1x1 projection shortcut, a DenseNet dense block and transition layer, a SqueezeNet fire module, Xception's
separable convolutions (Keras), GRU vs LSTM side by side, a seq2seq encoder (Embedding + GRU), Q·K^T MACs, a
PyTorch TransformerEncoderLayer, LayerNorm vs BatchNorm2d, a dilated conv's output, MaxPool with padding, a
Conv1d / Conv1D over word embeddings, upsampling + conv in a decoder (MACs, shape), activation memory of a batch,
int8 weight memory, FLOPs of an MLP, Keras 'same' with stride 2 on 99 vs torch padding=1, named models
(convnext_tiny, squeezenet1_1, mobilenet_v3_large, resnet101, vgg19_bn; vgg19_bn - resnet101).  Two questions
lack a size (a conv's input channels, a Dense layer's inputs) and should be asked back.

Lines easy to get wrong on purpose: the ResNet block's bias-free convs with three BatchNorms and the projection
(230,144); Keras SeparableConv2D, whose depthwise part has no bias and pointwise part has one (537,264 and
34,176); the GRU in torch with two bias vectors per gate (74,496); LayerNorm over [128, 28, 28] with a weight and a
bias per element (200,704); the upsampled 32x32 output that the decoder conv's MACs are counted on; int8 sizes,
whose MB would equal the parameter count in millions (so "16.78" / "44.55" alone are not accepted, only with MB).

Every number is computed here and asserted against the file's first ``any`` (and each ``all``):

* counts: ``sum(p.numel())`` of the torch modules.  Keras layers are their torch twins (Conv2D / Conv1D / Dense /
  Embedding = Conv2d / Conv1d / Linear / Embedding; SeparableConv2D = a bias-free grouped Conv2d + a 1x1 Conv2d
  with bias).  Checked once with Keras 3.15.1 (torch backend): SeparableConv2D(728, 3) on 728 channels ->
  537,264; SeparableConv2D(256, 3, padding='same') on 74x74x128 -> 34,176; Embedding(20000, 128) +
  Conv1D(64, 5) on 100 tokens -> 2,601,024 (96x64); Conv2D(32, 3, strides=2, padding='same') on 99x99x3 ->
  50x50x32; UpSampling2D(2) + Conv2D(128, 3, padding='same') on 16x16x256 -> 32x32x128; two Conv2D(64, 3,
  padding='same') + MaxPooling2D on 224x224x3 -> 112x112x64;
* shapes by running a zero tensor through the layers (Keras 'same', stride 2, kernel 3 on 99 = torch padding 1,
  as ceil(99 / 2) = 50 and the pad total (50-1)·2 + 3 - 99 = 2 is symmetric);
* MACs by forward hooks (output size x weights per output); FLOPs = 2 x MACs, bias and pooling ignored; Q·K^T as
  a (L x d) @ (d x L) product, L·L·d;
* the named models from torchvision, built without weights; MB as 2**20 bytes (10**6 also accepted);
* the receptive field by the recurrence ``r += (k - 1)·d·j; j *= s``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from prose_truth import Truth, count_macs, hwc, main, mb, nn, params, receptive, run, tvm

FILE = Path(__file__).with_name("router_prose_nineteenth.jsonl")


def separable(cin: int, cout: int, k: int) -> nn.Sequential:
    """Keras SeparableConv2D: depthwise without bias, pointwise with bias."""
    return nn.Sequential(nn.Conv2d(cin, cin, k, groups=cin, bias=False), nn.Conv2d(cin, cout, 1))


def chw(net: nn.Module, *shape: int) -> str:
    return "x".join(str(s) for s in run(net, *shape)[1:])


def expected() -> Truth:
    rows: Truth = []
    # --- Persian
    c5 = params(nn.Conv2d(16, 120, 5))
    rows.append((c5, [f"{c5:,} پارامتر"]))
    rows.append((hwc(nn.Conv2d(3, 96, 11, stride=4), 3, 227, 227), []))
    vgg = params(nn.Conv2d(64, 128, 3, padding=1), nn.Conv2d(128, 128, 3, padding=1))
    rows.append((vgg, [f"{vgg:,} پارامتر"]))

    class Dense(nn.Module):  # six BN-ReLU-conv3x3 layers, each adding growth-rate 32 channels by concat
        def __init__(self) -> None:
            super().__init__()
            self.layers = nn.ModuleList(nn.Conv2d(64 + i * 32, 32, 3, padding=1) for i in range(6))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            for conv in self.layers:
                x = torch.cat([x, conv(x)], 1)
            return x
    rows.append((hwc(Dense(), 64, 56, 56), []))
    fire = params(nn.Conv2d(96, 16, 1), nn.Conv2d(16, 64, 1), nn.Conv2d(16, 64, 3, padding=1))
    assert fire == params(tvm.squeezenet1_0(weights=None).features[3])  # torchvision's fire2
    rows.append((fire, [f"{fire:,} پارامتر"]))
    L, d = 512, 64
    qk = 0

    def count(_m, inputs, out):
        nonlocal qk
        qk += out.numel() * inputs[0].shape[-1]

    class MatMul(nn.Module):
        def forward(self, q, k):
            return q @ k.transpose(-2, -1)
    mm = MatMul()
    mm.register_forward_hook(count)
    mm(torch.zeros(L, d), torch.zeros(L, d))
    rows.append((qk, []))
    rows.append((hwc(nn.Conv2d(16, 32, 3, dilation=2), 16, 64, 64), []))
    rows.append((hwc(nn.MaxPool2d(3, 2, padding=1), 64, 112, 112), []))
    rows.append((mb(16 * run(nn.Identity(), 256, 28, 28).numel() * 4), []))
    rows.append((mb(params(tvm.resnet101(weights=None)) * 1), []))
    mlp = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))
    rows.append((2 * count_macs(mlp, 784), []))
    rows.append((str(receptive([(3, 1, 1), (3, 1, 1), (2, 2, 1), (3, 1, 1), (3, 1, 1), (2, 2, 1),
                                (3, 1, 1), (3, 1, 1), (3, 1, 1)])), []))
    block = tvm.resnet18(weights=None).layer2[0]  # BasicBlock(64, 128, stride 2) with a 1x1 conv + BN downsample
    assert block.downsample is not None and block.conv1.bias is None
    rb = params(block)
    rows.append((rb, [f"{rb:,} پارامتر"]))
    # Keras 3.15.1: SeparableConv2D(728, 3) on 728 channels -> 537,264 (728·9 + 728·728 + 728)
    xs = params(separable(728, 728, 3))
    assert xs == 728 * 9 + 728 * 728 + 728
    rows.append((xs, [f"{xs:,} پارامتر"]))
    rows.append((params(tvm.convnext_tiny(weights=None)), []))
    rows.append((params(tvm.squeezenet1_1(weights=None)), []))
    # --- Finglish
    enc = params(nn.Embedding(10000, 256), nn.GRU(256, 512))
    rows.append((enc, [f"{enc:,} پارامتر"]))
    rows.append((chw(nn.Conv1d(300, 100, 3), 300, 50), []))
    rows.append((params(tvm.mobilenet_v3_large(weights=None)), []))
    up = nn.Sequential(nn.Upsample(scale_factor=2), nn.Conv2d(256, 128, 3, padding=1))
    rows.append((count_macs(up, 256, 16, 16), []))
    rows.append((2 * count_macs(nn.Conv2d(1, 6, 5), 1, 32, 32), []))
    rows.append((params(tvm.vgg19_bn(weights=None)) - params(tvm.resnet101(weights=None)), []))
    # --- English
    rows.append((params(nn.LayerNorm([128, 28, 28])) - params(nn.BatchNorm2d(128)), []))
    rows.append((params(tvm.resnet101(weights=None)), []))
    rows.append((params(tvm.vgg19_bn(weights=None)), []))
    rows.append((hwc(nn.Sequential(nn.Conv2d(512, 256, 1), nn.AvgPool2d(2, 2)), 512, 28, 28), []))
    rows.append((mb(params(nn.Linear(4096, 4096)) * 1), []))
    rows.append((str(receptive([(7, 2, 1), (3, 2, 1), (3, 1, 1), (3, 1, 1)])), []))
    rows.append((count_macs(nn.Conv2d(3, 96, 11, stride=4), 3, 227, 227), []))
    gru = params(nn.GRU(64, 128))
    rows.append((gru, [f"{gru:,} پارامتر"]))
    # --- Persian with a snippet
    tel = params(nn.TransformerEncoderLayer(d_model=512, nhead=8, dim_feedforward=2048))
    rows.append((tel, [f"{tel:,} پارامتر"]))
    # Keras 3.15.1: SeparableConv2D(256, 3, padding='same') on 74x74x128 -> 34,176
    s2 = params(separable(128, 256, 3))
    assert s2 == 128 * 9 + 128 * 256 + 256
    rows.append((s2, [f"{s2:,} پارامتر"]))
    rows.append((params(nn.LSTM(128, 256)) - params(nn.GRU(128, 256)), []))
    # Keras 3.15.1: Embedding(20000, 128) + Conv1D(64, 5) on 100 tokens -> 2,601,024
    txt = params(nn.Embedding(20000, 128), nn.Conv1d(128, 64, 5))
    assert txt == 20000 * 128 + 128 * 5 * 64 + 64
    rows.append((txt, [f"{txt:,} پارامتر"]))
    x = torch.randn(4, 128, 28, 28)
    with torch.no_grad():
        y = nn.Conv2d(128, 64, 3, padding=1)(nn.Upsample(scale_factor=2)(x))
    rows.append(("x".join(map(str, y.shape)), []))
    # Keras 3.15.1: Conv2D(32, 3, strides=2, padding='same') on 99x99x3 -> 50x50x32, as torch padding=1
    rows.append((hwc(nn.Conv2d(3, 32, 3, stride=2, padding=1), 3, 99, 99), []))
    rows.append((mb(torch.randn(64, 256, 56, 56).numel() * 4), []))
    vggk = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.Conv2d(64, 64, 3, padding=1), nn.MaxPool2d(2))
    assert hwc(vggk, 3, 224, 224) == "112x112x64"  # Keras 3.15.1: same output, 38,720 parameters
    rows.append((count_macs(vggk, 3, 224, 224), []))
    return rows


if __name__ == "__main__":
    sys.exit(main(FILE, expected, calculations=40, missing=2))
