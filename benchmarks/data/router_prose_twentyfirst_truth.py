"""Check ``router_prose_twentyfirst.jsonl``: a twenty-first set of prose calculation questions, written without
reading the prose reader or its rules (nor the earlier sets' questions beyond the twentieth's file format).

    python benchmarks/data/router_prose_twentyfirst_truth.py   # Keras not needed: its layers are torch twins

Forty calculations asked in one message, then four course questions that only look numeric (why two 3x3 instead
of a 5x5, fp16 vs int8 accuracy, why ResNet-50's projection shortcut, whether AlexNet's stride 4 loses detail).
Seventeen Persian (formal and colloquial, no half-spaces, Arabic ي/ك in the Embedding + GRU line, Persian and
Latin digits, numbers in words «یازده», «شانزده», «شصت و چهار», «پانصد و دوازده», «دو هزار و چهل و هشت», chat
spellings پارامترا, چنتا, چقد, ئه), seven Finglish, eight English (terse and verbose), eight Persian messages
with a Keras / PyTorch snippet inline, in backticks or on the next lines (``lang`` "mixed", as in the twentieth).
Topics of another teacher's course: AlexNet's first conv (stride-4 output, parameters, receptive field of
conv1 + pool1 + conv2), a VGG16 block, a ResNet-50 bottleneck with a projection shortcut, a SqueezeNet fire
module, a ShuffleNet grouped 1x1 (MACs), an Xception separable conv against a full conv, ResNet's stem max-pool
with padding, MaxPool2d with ceil_mode, dilated Conv2d / Conv1d, ConvTranspose2d with and without the doubling,
a transformer encoder layer, BERT's Q/K/V projections, the QK^T MACs of ViT-B, ViT token count at 384, a
ViT-Tiny patch embedding with CLS and positions, nn.MultiheadAttention, Embedding + GRU, Keras Embedding + LSTM,
Keras Embedding + Bidirectional(GRU), Conv1d over word vectors, FLOPs vs MACs, int8 / fp16 weight memory,
fp32 activation and input memory, five comparisons (Xception ratio, vgg16 / resnet50, 5x5 vs two 3x3,
resnet50 - resnet18) and named models (mobilenet_v3_small, Keras VGG16 without top, resnet18 with a new fc).
Two questions lack a size (a conv's input size, an Embedding's vocabulary) and should be asked back: their
``kind`` is "missing", the kind ``benchmarks/router.py`` and ``prose_truth.check`` read as "expects a question
back" (a kind "ask" would be scored as a calculation with no accepted answer).

Lines easy to get wrong on purpose: the bottleneck's shortcut and its BatchNorm (75,008, not 58,112 or 74,496);
the fire module whose two expand branches both read the 16 squeeze channels (11,920); groups dividing the
ShuffleNet MACs (15,052,800, not 45,158,400); the Xception ratio (8.89, not 9); MaxPool2d padding 1 (56) and
ceil_mode (7, not 6); torch's GRU with two biases per gate (1,576,448), which is also Keras' GRU default
reset_after=True (338,881), while Keras' LSTM has one (2,609,408); the transformer layer's two LayerNorms and
in/out projections (3,152,384); ConvTranspose2d without output_padding (39, not 40) and with kernel 4 (32);
the dilated Conv1d (96) and Conv2d (58); Keras 'same' with stride 2 on an odd 225 (113); a ratio of named
models (5.41) and a difference (13,867,520); resnet18 with its 1000-way fc swapped for 10 (11,181,642); the
5x5 -> two 3x3 saving (114,688); the receptive field through a pooling layer's jump (12; 51); int8 = 1 byte
and fp16 = 2 bytes per weight; the activation memory of a whole batch (196 MiB).

Every number is computed here and asserted against the file's first ``any`` (and each ``all``):

* counts: ``sum(p.numel())`` of torch modules.  Keras layers are their torch twins, since Keras is not
  installed: Dense = Linear, Embedding = Embedding, Conv2D(padding='same', strides=2, 3x3) = Conv2d(padding=1)
  (ceil(225 / 2) = 113 either way), DepthwiseConv2D(use_bias=False) = Conv2d(c, c, groups=c, bias=False),
  LSTM = torch LSTM less its second bias vector, GRU (reset_after=True, Keras 2.4+ default) = torch GRU with both
  biases, Bidirectional = bidirectional=True, Keras VGG16(include_top=False) = torchvision vgg16().features
  (the same thirteen biased 3x3 convs);
* the named models from torchvision, built without weights; the ResNet-50 bottleneck and the fire module are
  also torchvision's resnet50().layer1[0] and squeezenet1_0().features[3];
* shapes by running a zero tensor (or the question's ``torch.randn`` shape) through the layers;
* MACs by forward hooks (output size x weights per output, so groups divide) or, for attention, output size of
  the torch matmul x the contracted length; FLOPs = 2 x MACs, bias ignored;
* memory: bytes / 2**20 (MiB) first, 10**6 (MB) also accepted;
* the receptive field by the recurrence ``r += (k - 1)·d·j; j *= s``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from prose_truth import Truth, count_macs, hwc, keras_rnn, main, nn, params, ratio, receptive, run, tvm

FILE = Path(__file__).with_name("router_prose_twentyfirst.jsonl")


def shape(t: torch.Tensor | torch.Size) -> str:
    return "x".join(str(s) for s in (t.shape if isinstance(t, torch.Tensor) else t))


def mib(n_bytes: int) -> str:
    """MiB with at most two decimals, trailing zeros dropped (196.00 -> 196)."""
    return f"{n_bytes / 2**20:.2f}".rstrip("0").rstrip(".")


def conv(cin: int, cout: int, k: int, **kw) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, k, **kw)


def expected() -> Truth:
    rows: Truth = []
    # --- Persian
    alex1 = conv(3, 96, 11, stride=4)
    rows.append((hwc(alex1, 3, 227, 227), []))
    a1 = params(alex1)
    rows.append((a1, [f"{a1:,} پارامتر"]))
    vgg3 = nn.Sequential(conv(128, 256, 3, padding=1), conv(256, 256, 3, padding=1), conv(256, 256, 3, padding=1))
    rows.append((params(vgg3), []))
    bott = nn.Sequential(conv(64, 64, 1, bias=False), nn.BatchNorm2d(64), conv(64, 64, 3, padding=1, bias=False),
                         nn.BatchNorm2d(64), conv(64, 256, 1, bias=False), nn.BatchNorm2d(256),
                         conv(64, 256, 1, bias=False), nn.BatchNorm2d(256))  # last two: the projection shortcut
    bp = params(bott)
    assert bp == params(tvm.resnet50(weights=None).layer1[0])
    rows.append((bp, [f"{bp:,} پارامتر"]))
    fire = nn.ModuleList([conv(96, 16, 1), conv(16, 64, 1), conv(16, 64, 3, padding=1)])
    fp = params(fire)
    assert fp == params(tvm.squeezenet1_0(weights=None).features[3])
    rows.append((fp, [f"{fp:,} پارامتر"]))
    rows.append((count_macs(conv(240, 240, 1, groups=3, bias=False), 240, 28, 28), []))
    sep = params(conv(728, 728, 3, padding=1, groups=728, bias=False), conv(728, 728, 1, bias=False))
    full = params(conv(728, 728, 3, padding=1, bias=False))
    rows.append((ratio(full, sep), []))
    rows.append((hwc(nn.MaxPool2d(3, stride=2, padding=1), 64, 112, 112), []))
    stack = nn.Sequential(conv(1, 1, 3), conv(1, 1, 3, dilation=2), nn.MaxPool2d(2, 2), conv(1, 1, 3))
    assert run(stack, 1, 12, 12)[-1] == 1  # a 12x12 input is exactly what one output pixel sees
    rows.append((str(receptive([(3, 1, 1), (3, 1, 2), (2, 2, 1), (3, 1, 1)])), []))
    rows.append((mib(params(tvm.resnet50(weights=None)) * 1), []))  # int8: 1 byte a weight
    rows.append((mib(16 * run(conv(3, 64, 3, padding=1), 3, 224, 224).numel() * 4), []))  # fp32, batch 16
    enc = nn.TransformerEncoderLayer(512, 8, 2048)
    ep = params(enc)
    assert ep == 4 * (512 * 512 + 512) + (512 * 2048 + 2048) + (2048 * 512 + 512) + 2 * 2 * 512
    rows.append((ep, [f"{ep:,} پارامتر"]))
    rows.append((params(nn.Embedding(10000, 128), nn.GRU(128, 256)), []))
    rows.append((2 * count_macs(conv(64, 64, 3, padding=1), 64, 56, 56), []))
    rows.append((ratio(params(tvm.vgg16(weights=None)), params(tvm.resnet50(weights=None))), []))
    five = params(conv(128, 128, 5, padding=2, bias=False))
    two3 = params(conv(128, 128, 3, padding=1, bias=False), conv(128, 128, 3, padding=1, bias=False))
    rows.append((five - two3, []))
    # (the stride-2 conv with no input size is asked back)
    # --- Finglish
    rows.append((params(tvm.mobilenet_v3_small(weights=None)), []))
    c1 = params(nn.Conv1d(300, 100, 3))
    rows.append((c1, [f"{c1:,} پارامتر"]))
    rows.append((hwc(nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1), 64, 16, 16), []))
    rows.append((mib(params(tvm.efficientnet_b0(weights=None)) * 2), []))  # fp16
    qkv = params(nn.Linear(768, 768), nn.Linear(768, 768), nn.Linear(768, 768))
    rows.append((qkv, [f"{qkv:,} پارامتر"]))
    rows.append((hwc(nn.MaxPool2d(3, stride=2, ceil_mode=True), 256, 14, 14), []))
    assert hwc(nn.MaxPool2d(3, stride=2), 256, 14, 14) == "6x6x256"
    # (the Embedding with no vocabulary is asked back)
    # --- English
    rows.append((params(tvm.resnet50(weights=None)) - params(tvm.resnet18(weights=None)), []))
    tokens = run(nn.Sequential(conv(3, 768, 16, stride=16), nn.Flatten(2)), 3, 384, 384)[-1] + 1  # + CLS
    rows.append((tokens, []))
    with torch.no_grad():
        x = torch.zeros(1, 197, 768)
        q = nn.Linear(768, 768)(x).view(1, 197, 12, 64).transpose(1, 2)
        scores = q @ q.transpose(-2, -1)  # (1, 12, 197, 197), each a 64-long dot product
    rows.append((scores.numel() * q.shape[-1], []))
    rows.append((hwc(conv(16, 32, 3, dilation=3), 16, 64, 64), []))
    rows.append((mib(torch.zeros(32, 3, 224, 224).numel() * 4), []))
    rows.append((params(tvm.vgg16(weights=None).features), []))  # Keras VGG16(include_top=False)
    lstm = keras_rnn(nn.LSTM(128, 64))
    assert lstm == 4 * (128 * 64 + 64 * 64 + 64)
    rows.append((params(nn.Embedding(20000, 128)) + lstm, []))
    rows.append((str(receptive([(11, 4, 1), (3, 2, 1), (5, 1, 1)])), []))
    # --- Persian with a snippet
    rows.append((hwc(conv(3, 32, 3, stride=2, padding=1), 3, 225, 225), []))  # Keras 'same', stride 2
    r18 = tvm.resnet18(weights=None)
    r18.fc = nn.Linear(512, 10)
    rows.append((params(r18), []))
    mha = params(nn.MultiheadAttention(embed_dim=256, num_heads=4))
    rows.append((mha, [f"{mha:,} پارامتر"]))
    gru = params(nn.GRU(64, 32, bidirectional=True))
    assert gru == 2 * 3 * (64 * 32 + 32 * 32 + 2 * 32)  # Keras GRU, reset_after=True
    rows.append((params(nn.Embedding(5000, 64)) + gru + params(nn.Linear(64, 1)), []))
    with torch.no_grad():
        y = nn.Conv1d(128, 256, kernel_size=5, dilation=2, padding=2)(torch.randn(16, 128, 100))
    rows.append((shape(y), []))
    with torch.no_grad():
        y = nn.ConvTranspose2d(128, 64, kernel_size=3, stride=2, padding=1)(torch.randn(4, 128, 20, 20))
    rows.append((shape(y), []))
    dsep = nn.Sequential(conv(32, 32, 3, padding=1, groups=32, bias=False), nn.BatchNorm2d(32),
                         conv(32, 64, 1, bias=False))
    rows.append((count_macs(dsep, 32, 56, 56), []))

    class PatchEmbed(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.proj = nn.Conv2d(3, 192, kernel_size=16, stride=16)
            self.cls_token = nn.Parameter(torch.zeros(1, 1, 192))
            self.pos_embed = nn.Parameter(torch.zeros(1, 197, 192))

    pe = params(PatchEmbed())
    rows.append((pe, [f"{pe:,} پارامتر"]))
    return rows


if __name__ == "__main__":
    sys.exit(main(FILE, expected, calculations=40, missing=2))
