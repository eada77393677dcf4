"""Check ``router_prose_eighteenth.jsonl``: an eighteenth set of prose calculation questions, written without
reading the prose reader or its rules (nor the earlier sets' questions beyond their file format).

    python benchmarks/data/router_prose_eighteenth_truth.py   # Keras not needed: its counts are formulas tied to torch

Forty calculations asked in one sentence, then four course questions that only look numeric.  Eighteen Persian
(colloquial and formal, no half-spaces, Arabic ي/ك in two, Persian and Latin digits, numbers in words
«سی هزار», «سیصد», «صد و بیست و هشت», three typos: کانوولوشن, کانلوشن, نرون), seven Finglish, seven English (some
terse), eight Persian sentences with a short Keras / PyTorch snippet inline or on the next lines.  Situations
away from the textbook: a Conv1d over MFCCs and over raw audio, Conv3d for video clips, a decoder's
ConvTranspose2d, a DCGAN generator's first layer, a U-Net convolution after the skip concat, ViT-B/16's patch
embedding, its token sequence and one self-attention layer, a vocabulary's embedding table, BatchNorm after a
Dense, ResNeXt's grouped conv, a MobileNetV2 inverted residual, WaveNet's dilations (receptive field, a dilated
Conv1d's MACs and shape), MaxPool2d with ``ceil_mode=True``, Keras ``'same'`` with stride 2 on 127, activation
memory of a batch, FLOPs of a whole small CNN, a receptive field through pooling, float32 -> float16 savings,
named models (ResNet-34, DenseNet-121, VGG11, MobileNetV3-Small; AlexNet float32 and EfficientNet-B0 half
weights).  Two questions lack a size (a conv's input channels, a pooling's input height/width) and should be
asked back.

Lines easy to get wrong on purpose: Keras' ``model.summary`` total with BatchNormalization (2,048, moving
statistics included; 1,920 trainable); ``bias=False`` in a grouped conv (4,608, not 4,736) and in a
ConvTranspose2d (819,200, not 819,712) -- both pinned with ``all`` so that the bias-free count is the headline;
the U-Net conv's ``128 + 128`` input channels (295,040, not 147,584); ``ceil_mode=True`` (56, not 55);
Keras ``'same'`` with stride 2 on an odd size (64, not 63); Flatten vs GAP asked as a difference (biases cancel:
24,576,000); a dilated Conv1d without padding (992 steps).

Every number is computed here and asserted against the file's first ``any`` (and each ``all``):

* counts: ``sum(p.numel())`` of the torch modules.  Keras layers are their torch twins (Conv2D / Dense /
  DepthwiseConv2D = Conv2d / Linear / grouped Conv2d); Keras' BatchNormalization counts four vectors (gamma,
  beta, moving mean, moving variance), torch's BatchNorm two parameters.  Checked once with Keras 3.15.1
  (torch backend): Conv2D(64, 3) + BatchNormalization on 32x32x3 -> 2,048 total (1,920 trainable);
  Conv2D(16, 5) + Conv2D(32, 3) on 28x28x1 -> 5,056; Conv2D(32, 3, strides=2, padding='same') on 127x127x3 ->
  64x64x32; DepthwiseConv2D(3, padding='same') + Conv2D(64, 1) on 32 channels -> 2,432;
* shapes by running a zero tensor through the layers (Keras 'same', stride 2, kernel 3 on 127 = torch padding 1,
  as ceil(127 / 2) = 64 and the pad total (64-1)·2 + 3 - 127 = 2 is symmetric);
* MACs by forward hooks or output size x weights per output; FLOPs = 2 x MACs, bias and pooling ignored;
* the named models from torchvision 0.28, built without weights; MB as 2**20 bytes (10**6 also accepted);
* the receptive field by the recurrence ``r += (k - 1)·d·j; j *= s``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from prose_truth import Truth, count_macs, hwc, main, mb, nn, params, receptive, run, tvm

FILE = Path(__file__).with_name("router_prose_eighteenth.jsonl")


def conv_macs(conv: nn.Module, *shape: int) -> int:
    """Output elements times the weights behind each (in/groups · kernel), for Conv1d / Conv2d / Conv3d."""
    out = run(conv, *shape)
    return out.numel() * (conv.weight.numel() // conv.out_channels)


def expected() -> Truth:
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ================= Persian
    # 1. Conv1d over 40 MFCC channels, 128 filters, kernel 5, with bias
    add(params(nn.Conv1d(40, 128, 5)))
    # 2. Embedding, 30,000 words x 300 (in words)
    add(params(nn.Embedding(30000, 300)))
    # 3. Keras Conv2D(64, 3) on RGB + BatchNormalization: summary total = conv + 4 vectors of 64
    bn = nn.BatchNorm2d(64)
    total = params(nn.Conv2d(3, 64, 3)) + params(bn) + bn.running_mean.numel() + bn.running_var.numel()
    assert params(nn.Conv2d(3, 64, 3), bn) == 1920  # trainable, as Keras reports too
    add(total)
    # 4. ResNeXt grouped 3x3, 128 -> 128, 32 groups, no bias (headline pinned)
    v = params(nn.Conv2d(128, 128, 3, groups=32, bias=False))
    add(v, f"{v:,} پارامتر")
    # 5. ConvTranspose2d(256, 128, 4, 2, 1) on 16x16
    add(hwc(nn.ConvTranspose2d(256, 128, 4, stride=2, padding=1), 256, 16, 16))
    # 6. Conv1d(1, 64, 400, stride=160) on 16,000 samples
    _, c, length = run(nn.Conv1d(1, 64, 400, stride=160), 1, 16000)
    add(f"{c}x{length}")
    # 7. receptive field: conv3, conv3, maxpool 2/2, conv3, conv3
    add(receptive([(3, 1, 1), (3, 1, 1), (2, 2, 1), (3, 1, 1), (3, 1, 1)]))
    # 8. 25M parameters, float32 -> float16: 2 bytes saved each
    add(mb(25_000_000 * (4 - 2)))
    # 9. ResNet-34; 10. DenseNet-121
    add(params(tvm.resnet34()))
    add(params(tvm.densenet121()))
    # 11. FLOPs of a small CNN on 32x32x3 (2 x MACs of the convs and the Dense)
    cnn = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Flatten(), nn.Linear(8 * 8 * 32, 10))
    add(2 * count_macs(cnn, 3, 32, 32))
    # 12. MACs of a depthwise separable conv on 56x56x128 -> 128, 'same'
    add(count_macs(nn.Sequential(nn.Conv2d(128, 128, 3, padding=1, groups=128), nn.Conv2d(128, 128, 1)),
                   128, 56, 56))
    # 13. one 5x5 vs two 3x3, 64 -> 64, no bias: how many fewer
    three = nn.Conv2d(64, 64, 3, bias=False)
    add(params(nn.Conv2d(64, 64, 5, bias=False)) - 2 * params(three))
    # 14. Flatten (7·7·512) vs GAP (512) into 1000 classes: how many more (biases cancel)
    add(params(nn.Linear(7 * 7 * 512, 1000)) - params(nn.Linear(512, 1000)))
    # 15, 16 are asked back: a conv without its input channels, a pooling without its input size)
    # 17. activation memory: 32 x 64 x 112 x 112 float32
    add(mb(32 * 64 * 112 * 112 * 4))
    # 18. MobileNetV2 inverted residual 24 -> 144 -> 24, BatchNorm after each conv
    block = tvm.mobilenetv2.InvertedResidual(24, 24, 1, 6)
    assert params(block) == params(nn.Conv2d(24, 144, 1, bias=False), nn.BatchNorm2d(144),
                                   nn.Conv2d(144, 144, 3, padding=1, groups=144, bias=False), nn.BatchNorm2d(144),
                                   nn.Conv2d(144, 24, 1, bias=False), nn.BatchNorm2d(24))
    add(params(block))

    # ================= Finglish
    # 19. Conv3d(3, 64, 3)
    add(params(nn.Conv3d(3, 64, 3)))
    # 20. Conv3d(3, 64, 3, padding=1) + MaxPool3d((1,2,2)) on 16 x 112 x 112
    _, c, d, h, w = run(nn.Sequential(nn.Conv3d(3, 64, 3, padding=1), nn.MaxPool3d((1, 2, 2), (1, 2, 2))),
                        3, 16, 112, 112)
    add(f"{c}x{d}x{h}x{w}")
    # 21. WaveNet: kernel 2, dilations 1 .. 512
    add(receptive([(2, 1, 2 ** i) for i in range(10)]))
    # 22. VGG11
    add(params(tvm.vgg11()))
    # 23. Dense 1024 -> 512 FLOPs, no bias
    add(2 * count_macs(nn.Linear(1024, 512), 1024))
    # 24. AlexNet float32
    add(mb(params(tvm.alexnet()) * 4))
    # 25. DCGAN's first ConvTranspose2d 100 -> 512, kernel 4, no bias (headline pinned)
    v = params(nn.ConvTranspose2d(100, 512, 4, bias=False))
    add(v, f"{v:,} پارامتر")

    # ================= English
    # 26. conv 3x3, 64 -> 128 (bias by default)
    add(params(nn.Conv2d(64, 128, 3)))
    # 27. ViT-B/16 patch embedding (torchvision's conv_proj)
    vit = tvm.vit_b_16()
    assert params(vit.conv_proj) == params(nn.Conv2d(3, 768, 16, stride=16))
    add(params(vit.conv_proj))
    # 28. tokens after patch embedding of 224x224 (no class token)
    _, c, h, w = run(vit.conv_proj, 3, 224, 224)
    add(f"{h * w}x{c}")
    # 29. one self-attention layer of ViT-B (torchvision's encoder block 0)
    attention = vit.encoder.layers[0].self_attention
    assert params(attention) == params(nn.MultiheadAttention(768, 12))
    add(params(attention))
    # 30. MobileNetV3-Small
    add(params(tvm.mobilenet_v3_small()))
    # 31. dilated causal Conv1d 64 -> 64, kernel 2, dilation 4, left pad 4, length 16,000, no bias
    causal = nn.Sequential(nn.ConstantPad1d((4, 0), 0.0), nn.Conv1d(64, 64, 2, dilation=4, bias=False))
    assert run(causal, 64, 16000)[-1] == 16000
    add(run(causal, 64, 16000).numel() * 64 * 2)
    # 32. plain 3x3 256 -> 256 vs 1x1 / 3x3 / 1x1 bottleneck, no bias: how many fewer
    plain = params(nn.Conv2d(256, 256, 3, bias=False))
    bottleneck = params(nn.Conv2d(256, 64, 1, bias=False), nn.Conv2d(64, 64, 3, bias=False),
                        nn.Conv2d(64, 256, 1, bias=False))
    add(plain - bottleneck)

    # ================= Persian with a snippet
    # 33. Keras Conv2D(16, 5) + Conv2D(32, 3) on 28x28x1
    add(params(nn.Conv2d(1, 16, 5), nn.Conv2d(16, 32, 3)))
    # 34. Keras Conv2D(32, 3, strides=2, padding='same') on 127x127x3
    add(hwc(nn.Conv2d(3, 32, 3, stride=2, padding=1), 3, 127, 127))
    # 35. U-Net: Conv2d(128 + 128, 128, 3, padding=1)
    add(params(nn.Conv2d(128 + 128, 128, 3, padding=1)))
    # 36. Conv2d(3, 64, 7, 2, 3) then MaxPool2d(3, 2, ceil_mode=True) on 224
    add(hwc(nn.Sequential(nn.Conv2d(3, 64, 7, stride=2, padding=3), nn.MaxPool2d(3, stride=2, ceil_mode=True)),
            3, 224, 224))
    # 37. Linear(784, 256), BatchNorm1d(256), ReLU, Linear(256, 10)
    add(params(nn.Linear(784, 256), nn.BatchNorm1d(256), nn.Linear(256, 10)))
    # 38. Keras DepthwiseConv2D(3, padding='same') + Conv2D(64, 1) on 32 channels (both with bias)
    add(params(nn.Conv2d(32, 32, 3, padding=1, groups=32), nn.Conv2d(32, 64, 1)))
    # 39. Conv1d(32, 32, 2, dilation=8) on (4, 32, 1000)
    with torch.no_grad():
        _, c, length = nn.Conv1d(32, 32, kernel_size=2, dilation=8)(torch.zeros(4, 32, 1000)).shape
    add(f"{c}x{length}")
    # 40. EfficientNet-B0 after .half(): 2 bytes a parameter
    add(mb(params(tvm.efficientnet_b0()) * 2))
    return rows


if __name__ == "__main__":
    sys.exit(main(FILE, expected, calculations=40, missing=2))
