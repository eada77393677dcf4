"""Check ``router_prose_twentieth.jsonl``: a twentieth set of prose calculation questions, written without reading
the prose reader or its rules (nor the earlier sets' questions beyond the nineteenth's file format).

    python benchmarks/data/router_prose_twentieth_truth.py   # Keras not needed: its counts are formulas tied to torch

Forty calculations asked in one message, then four course questions that only look numeric. Seventeen Persian
(colloquial and formal, no half-spaces, Arabic ي/ك in the EfficientNet line, Persian and Latin digits, numbers in
words «سه هزار و هفتاد و دو», «پانصد و دوازده», «دوازده», typos and chat spellings حافضه, چن تاست, چنتاس, شبکم),
seven Finglish, eight English (terse and verbose), eight Persian messages with a Keras / PyTorch snippet inline,
in backticks or on the next lines. Topics of another teacher's course: GoogLeNet's inception 3a (parameters of the
four branches, output channels, the MACs the 1x1 reduction saves on the 5x5 branch), MobileNetV1's depthwise
separable layer (bias-free parameters with BatchNorm, MACs), an EfficientNet-B0 MBConv with squeeze-excitation, a
U-Net up-convolution + skip concat, a fully connected and a convolutional autoencoder, a DCGAN generator
(ConvTranspose shapes from a latent vector, the first layer's bias-free parameters), ConvTranspose2d with
output_padding, Keras Conv2DTranspose, a two-layer bidirectional LSTM, a bidirectional GRU's output with batch,
Keras LSTM, grouped convolutions (parameters, ResNeXt MACs), Keras DepthwiseConv2D, dilated convolutions (output
size, receptive field), MaxPool2d with ceil_mode, FLOPs of a small CIFAR CNN, Linear + BatchNorm1d, the LayerNorms
of BERT-base, a ViT patch embedding and its positional embedding, Keras Dense after GlobalAveragePooling2D, Keras
Conv2D's default 'valid' padding with stride 2, activation memory of an fp16 batch, bf16 weight memory, fp32 Adam
training memory, the receptive field of a strided stack, named models (resnet34, densenet121, efficientnet_b0,
mobilenet_v2; vgg11 - alexnet). Two questions lack a size (a ConvTranspose2d's input, an LSTM's input_size) and
should be asked back.

Lines easy to get wrong on purpose: the bias-free MobileNet and Linear layers whose BatchNorms add 2 per channel
(2,528; 131,584) and the bias-free GAN layer, whose ConvTranspose weight is in·out·k·k (819,200); the second LSTM
layer whose input is 2·hidden when bidirectional (630,784); Keras LSTM with one bias per gate (24,832);
GlobalAveragePooling2D before Dense, not a 7·7·1280 flatten (12,810); Keras Conv2D's default 'valid' (62, not 64);
ceil_mode (56, not 55); output_padding (64, not 63); the U-Net and inception channel sums, where the skip is
concatenated and reduce channels are not outputs (512; 256); the "how many more" MACs of the 5x5 branch; the GRU's
doubled features and the batch kept in the shapes; fp16/bf16 and Adam's 16 bytes per parameter.

Every number is computed here and asserted against the file's first ``any`` (and each ``all``):

* counts: ``sum(p.numel())`` of torch modules.  Keras layers are their torch twins (Dense = Linear,
  Conv2DTranspose = ConvTranspose2d with the same k·k·in·out + out, DepthwiseConv2D(depth_multiplier=m) =
  Conv2d(c, c·m, groups=c) with bias, LSTM = torch LSTM less its second bias vector, GlobalAveragePooling2D =
  AdaptiveAvgPool2d(1) + Flatten; Conv2D 'valid' = no padding; Conv2DTranspose 'same', stride 2, kernel 3 =
  padding 1 + output_padding 1, out = in·2).  The EfficientNet block is also torchvision's efficientnet_b0
  features[3][0];
* shapes by running a zero tensor (or the question's ``torch.randn``) through the layers;
* MACs by forward hooks (output size x weights per output, so groups divide); FLOPs = 2 x MACs, bias and pooling
  ignored;
* the named models from torchvision, built without weights; MB as 2**20 bytes (10**6 also accepted);
* the receptive field by the recurrence ``r += (k - 1)·d·j; j *= s``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from prose_truth import Truth, count_macs, hwc, keras_rnn, main, mb, nn, params, receptive, run, tvm

FILE = Path(__file__).with_name("router_prose_twentieth.jsonl")


class Inception(nn.Module):
    """GoogLeNet's inception module with biased convs (the paper's), branches concatenated on channels."""

    def __init__(self, cin: int, c1: int, r3: int, c3: int, r5: int, c5: int, pool: int) -> None:
        super().__init__()
        self.b1 = nn.Conv2d(cin, c1, 1)
        self.b2 = nn.Sequential(nn.Conv2d(cin, r3, 1), nn.Conv2d(r3, c3, 3, padding=1))
        self.b3 = nn.Sequential(nn.Conv2d(cin, r5, 1), nn.Conv2d(r5, c5, 5, padding=2))
        self.b4 = nn.Sequential(nn.MaxPool2d(3, 1, padding=1), nn.Conv2d(cin, pool, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.b1(x), self.b2(x), self.b3(x), self.b4(x)], 1)


def shape(t: torch.Tensor | torch.Size) -> str:
    return "x".join(str(s) for s in (t.shape if isinstance(t, torch.Tensor) else t))


def expected() -> Truth:
    rows: Truth = []
    # --- Persian
    inc = Inception(192, 64, 96, 128, 16, 32, 32)
    i3a = params(inc)
    rows.append((i3a, [f"{i3a:,} پارامتر"]))
    dws = nn.Sequential(nn.Conv2d(32, 32, 3, padding=1, groups=32, bias=False), nn.BatchNorm2d(32),
                        nn.Conv2d(32, 64, 1, bias=False), nn.BatchNorm2d(64))
    mv1 = params(dws)
    rows.append((mv1, [f"{mv1:,} پارامتر"]))
    mb_block = nn.Sequential(nn.Conv2d(24, 144, 1, bias=False), nn.BatchNorm2d(144),
                             nn.Conv2d(144, 144, 5, stride=2, padding=2, groups=144, bias=False), nn.BatchNorm2d(144),
                             nn.Conv2d(144, 6, 1), nn.Conv2d(6, 144, 1),  # squeeze-excitation fc1, fc2
                             nn.Conv2d(144, 40, 1, bias=False), nn.BatchNorm2d(40))
    mbc = params(mb_block)
    assert mbc == params(tvm.efficientnet_b0(weights=None).features[3][0])  # torchvision's 24 -> 40, k5, s2 MBConv
    rows.append((mbc, [f"{mbc:,} پارامتر"]))
    with torch.no_grad():
        up = nn.ConvTranspose2d(512, 256, 2, stride=2)(torch.zeros(1, 512, 28, 28))
        cat = torch.cat([up, torch.zeros(1, 256, 56, 56)], 1)
    rows.append((f"{cat.shape[2]}x{cat.shape[3]}x{cat.shape[1]}", []))
    sizes = [3072, 512, 128, 32, 128, 512, 3072]
    ae = params(*(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])))
    rows.append((ae, [f"{ae:,} پارامتر"]))
    cnn = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Flatten(), nn.Linear(32 * 8 * 8, 10))
    rows.append((2 * count_macs(cnn, 3, 32, 32), []))
    patches = run(nn.Conv2d(3, 768, 16, stride=16), 3, 224, 224)
    pos = nn.Parameter(torch.zeros(1, patches[2] * patches[3] + 1, 768))  # + CLS
    rows.append((pos.numel(), [f"{pos.numel():,} پارامتر"]))
    rows.append((params(tvm.resnet34(weights=None)), []))
    rows.append((params(tvm.densenet121(weights=None)), []))
    rows.append((mb(32 * run(nn.Identity(), 64, 112, 112).numel() * 2), []))  # fp16: 2 bytes
    rows.append((str(receptive([(3, 1, 1), (3, 1, 2), (3, 1, 4)])), []))
    assert hwc(nn.Sequential(nn.Conv2d(3, 3, 3, padding=1, dilation=1), nn.Conv2d(3, 3, 3, padding=2, dilation=2),
                             nn.Conv2d(3, 3, 3, padding=4, dilation=4)), 3, 28, 28) == "28x28x3"
    direct = count_macs(nn.Conv2d(192, 32, 5, padding=2), 192, 28, 28)
    reduced = count_macs(inc.b3, 192, 28, 28)
    rows.append((direct - reduced, []))
    rows.append((hwc(nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1), 64, 32, 32), []))
    assert hwc(nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1), 64, 32, 32) == "63x63x32"
    rows.append((mb(params(tvm.efficientnet_b0(weights=None)) * 2), []))  # bf16
    ln = params(*(nn.LayerNorm(768) for _ in range(12 * 2)))
    rows.append((ln, [f"{ln:,} پارامتر"]))
    rows.append((params(tvm.vgg11(weights=None)) - params(tvm.alexnet(weights=None)), []))
    # --- Finglish
    gen = nn.Sequential(nn.ConvTranspose2d(100, 512, 4, 1, 0), nn.ConvTranspose2d(512, 256, 4, 2, 1),
                        nn.ConvTranspose2d(256, 128, 4, 2, 1))
    rows.append((hwc(gen, 100, 1, 1), []))
    rows.append((hwc(inc, 192, 28, 28), []))
    kl = keras_rnn(nn.LSTM(32, 64))  # Keras LSTM(64) on 32 features: one bias per gate
    assert kl == 4 * (32 * 64 + 64 * 64 + 64)
    rows.append((kl, [f"{kl:,} پارامتر"]))
    rows.append((params(tvm.mobilenet_v2(weights=None)), []))
    g1 = params(nn.ConvTranspose2d(100, 512, 4, 1, 0, bias=False))
    rows.append((g1, [f"{g1:,} پارامتر"]))
    lb = params(nn.Linear(512, 256, bias=False), nn.BatchNorm1d(256))
    rows.append((lb, [f"{lb:,} پارامتر"]))
    # --- English
    rows.append((count_macs(dws, 32, 112, 112), []))
    rows.append((hwc(nn.Conv2d(16, 64, 3, dilation=4, padding=2), 16, 32, 32), []))
    rows.append((count_macs(nn.Conv2d(128, 128, 3, padding=1, groups=32), 128, 56, 56), []))
    rows.append((params(tvm.efficientnet_b0(weights=None)), []))
    rows.append((str(receptive([(3, 1, 1), (3, 2, 1), (3, 1, 1), (3, 2, 1), (3, 1, 1)])), []))
    pe = params(nn.Conv2d(3, 768, 16, stride=16))
    rows.append((pe, [f"{pe:,} پارامتر"]))
    rows.append((mb(params(tvm.mobilenet_v2(weights=None)) * 4 * 4), []))  # weights, grads, Adam m and v, fp32
    rows.append((hwc(nn.Conv2d(3, 64, 5, stride=2), 3, 128, 128), []))  # Keras default padding='valid'
    # --- Persian with a snippet
    bl = params(nn.LSTM(input_size=100, hidden_size=128, num_layers=2, bidirectional=True))
    rows.append((bl, [f"{bl:,} پارامتر"]))
    gc = params(nn.Conv2d(64, 128, kernel_size=3, groups=4))
    rows.append((gc, [f"{gc:,} پارامتر"]))
    x = torch.randn(8, 64, 112, 112)
    with torch.no_grad():
        y = nn.MaxPool2d(3, stride=2, ceil_mode=True)(x)
        assert nn.MaxPool2d(3, stride=2)(x).shape[-1] == 55
    rows.append((shape(y), []))
    head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(1280, 10))
    assert run(head, 1280, 7, 7) == (1, 10)
    hp = params(head)
    rows.append((hp, [f"{hp:,} پارامتر"]))
    # Keras Conv2DTranspose(128, 3, strides=2, padding='same') on 16x16x256: kernel (3, 3, 128, 256) + 128 -> 32x32
    ct = nn.ConvTranspose2d(256, 128, 3, stride=2, padding=1, output_padding=1)
    assert hwc(ct, 256, 16, 16) == "32x32x128"
    ctp = params(ct)
    assert ctp == 3 * 3 * 128 * 256 + 128
    rows.append((ctp, [f"{ctp:,} پارامتر"]))
    dw = params(nn.Conv2d(64, 128, 3, padding=1, groups=64))  # Keras DepthwiseConv2D(3, depth_multiplier=2), bias on
    assert dw == 64 * 2 * 9 + 64 * 2
    rows.append((dw, [f"{dw:,} پارامتر"]))
    with torch.no_grad():
        out, _h = nn.GRU(32, 64, batch_first=True, bidirectional=True)(torch.randn(8, 50, 32))
    rows.append((shape(out), []))
    enc = nn.Sequential(nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.Conv2d(16, 32, 3, stride=2, padding=1),
                        nn.Flatten())
    rows.append((run(enc, 1, 28, 28)[1], []))
    return rows


if __name__ == "__main__":
    sys.exit(main(FILE, expected, calculations=40, missing=2))
