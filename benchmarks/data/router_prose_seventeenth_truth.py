"""Check ``router_prose_seventeenth.jsonl``: a seventeenth set of prose calculation questions, written without
reading the prose reader or its rules (nor the earlier sets' questions beyond their file format).

    python benchmarks/data/router_prose_seventeenth_truth.py   # Keras not needed: its counts are formulas tied to torch

Forty calculations asked in one sentence, then four course questions that only look numeric.  Twenty Persian
(formal and colloquial, with and without half-spaces, Arabic ي/ك in two, Persian and Latin digits, numbers in
words, two typos), seven Finglish, seven English, six with a small Keras / PyTorch snippet inline in a Persian
sentence.  The kinds: one layer's parameters (Conv2d without bias, Keras SeparableConv2D, Keras GRU with its
defaults, Embedding in words, BatchNorm2d trainable, PyTorch LSTM, depthwise without bias, grouped conv, Keras
Conv1D, Keras SimpleRNN, PyTorch MultiheadAttention, LayerNorm, PyTorch bidirectional LSTM, a Keras CNN, a
two-layer PyTorch GRU, Keras Bidirectional LSTM); output shapes (AlexNet's stride-4 conv and overlapping pooling,
ConvTranspose2d with output_padding, dilation, LeNet conv + average pooling, a ResNet stem, Keras 'same' with
stride 2 on an odd size); MACs (3x3 conv, grouped conv) and FLOPs (Dense, 1x1 conv; 2 x MACs, no bias);
receptive fields (convs and pooling with strides, dilations 1/2/4); weight memory (ResNet-50 float32, a
4096x4096 Dense float16, MobileNetV2 float16); comparisons (Flatten vs GAP as a ratio, a 1x1 bottleneck's
saving, two 3x3 vs one 5x5); named models (VGG16, ResNet-18, Keras ResNet50 include_top=False); two questions
lacking a size (a conv's input channels, a Dense's input width) that should be asked back.

Lines easy to get wrong on purpose: Keras' GRU default ``reset_after=True`` (45,600, not 45,300); Keras'
SeparableConv2D (depthwise + pointwise + one bias per filter: 2,400); PyTorch's LSTM with two bias vectors per
gate (395,264, not 394,240); ``ConvTranspose2d(..., output_padding=1)`` (32x32, not 31x31); Keras ``'same'``
with stride 2 (38x38, not 75x75); ``groups=`` in a count and in MACs; Keras ResNet50 ``include_top=False``
(its convolutions carry biases and its summary counts BatchNormalization's moving statistics: 23,587,712,
not torchvision's 23,508,032 without fc; 23,534,592 of them trainable); BatchNorm's trainable
parameters only (512, not 1,024).

Every number is computed here and asserted against the file's first ``any`` (and each ``all``):

* counts: ``sum(p.numel())`` of the torch modules; Keras' LSTM / SimpleRNN are torch's less the second bias
  (``bias_hh``); Keras' GRU (``reset_after=True``) is torch's; Keras SeparableConv2D is a grouped (depthwise)
  Conv2d without bias plus a 1x1 Conv2d with bias; Keras Conv1D / DepthwiseConv2D / Dense / Embedding are torch's
  Conv1d / grouped Conv2d / Linear / Embedding; Keras ResNet50 without top is torchvision's ``resnet50`` less
  ``fc`` plus one bias per convolution output channel plus two moving statistics per BatchNorm channel.  Each Keras count and shape was checked once with Keras
  3.15.1 (torch backend): 2,400; 45,600; 6,000,000; 1,024 total / 512 trainable BatchNormalization(256);
  1,296; 6,208; 1,568; 1,536; 23,587,712 (25,636,712 with top; 23,534,592 trainable); 54,410; 84,480; 38x38x64; 55x55x96; 14x14x6;
* shapes by running a zero tensor through the layers; MACs by forward hooks (output size times the weights per
  output channel); FLOPs = 2 x MACs, bias ignored as the questions say;
* the named models from torchvision, built without weights; MB as 2**20 bytes (10**6 also accepted);
* the receptive field by the recurrence ``r += (k - 1)·d·j; j *= s``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from prose_truth import Truth, count_macs, hwc, keras_rnn, main, mb, nn, params, ratio, receptive, tvm

FILE = Path(__file__).with_name("router_prose_seventeenth.jsonl")


def mb_both(n_bytes: int) -> tuple[str, str]:
    return mb(n_bytes), f"{n_bytes / 10**6:.2f}"


def expected() -> Truth:
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ================= Persian
    # 1. conv 3x3, 64 -> 128, no bias
    add(params(nn.Conv2d(64, 128, 3, bias=False)))
    # 2. Keras SeparableConv2D(64, 3) on 32 channels: depthwise (no bias) + pointwise (with bias)
    add(params(nn.Conv2d(32, 32, 3, groups=32, bias=False), nn.Conv2d(32, 64, 1)))
    # 3. Keras GRU(100) on 50 features, reset_after=True (two biases per gate) = torch's GRU
    add(params(nn.GRU(50, 100)))
    # 4. Embedding 20,000 x 300
    add(params(nn.Embedding(20000, 300)))
    # 5. 227x227x3, 96 filters 11x11, stride 4, no padding
    add(hwc(nn.Conv2d(3, 96, 11, stride=4), 3, 227, 227))
    # 6. ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1) on 16x16
    add(hwc(nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1), 64, 16, 16))
    # 7. max pooling 3x3 stride 2 on 55x55x96
    add(hwc(nn.MaxPool2d(3, stride=2), 96, 55, 55))
    # 8. MACs of a 3x3 conv 64 -> 128 on 56x56, padding 1
    add(count_macs(nn.Conv2d(64, 128, 3, padding=1), 64, 56, 56))
    # 9. FLOPs of a Dense 1024 -> 512, 2 x MACs, no bias
    add(2 * count_macs(nn.Linear(1024, 512, bias=False), 1024))
    # 10. receptive field: conv3 s1, conv3 s2, conv3 s1, maxpool2 s2, conv3 s1
    add(receptive([(3, 1, 1), (3, 2, 1), (3, 1, 1), (2, 2, 1), (3, 1, 1)]))
    # 11. ResNet-50 (torchvision) in float32, MB
    mib, mb10 = mb_both(params(tvm.resnet50()) * 4)
    add(mib, mb10)
    # 12. VGG16 with its classifier
    add(params(tvm.vgg16()))
    # 13. Dense(10) after Flatten of 7x7x512 vs after GAP (512), with bias: the ratio
    add(ratio(params(nn.Linear(7 * 7 * 512, 10)), params(nn.Linear(512, 10))))
    # 14. 5x5 conv 256 -> 32 directly vs 1x1 to 16 then 5x5 to 32, no bias: the saving
    direct = params(nn.Conv2d(256, 32, 5, bias=False))
    bottleneck = params(nn.Conv2d(256, 16, 1, bias=False), nn.Conv2d(16, 32, 5, bias=False))
    add(direct - bottleneck)
    # 15. BatchNorm2d(256), trainable parameters (running mean/var are buffers)
    add(sum(p.numel() for p in nn.BatchNorm2d(256).parameters() if p.requires_grad))
    # 16. PyTorch LSTM(128, 256): two bias vectors per gate
    add(params(nn.LSTM(128, 256)))
    # 17. depthwise 3x3 on 144 channels, no bias
    add(params(nn.Conv2d(144, 144, 3, groups=144, bias=False)))
    # 18. grouped conv 128 -> 128, 3x3, groups=32, no bias
    add(params(nn.Conv2d(128, 128, 3, groups=32, bias=False)))
    # 19. missing: a conv's input channels (no number)
    # 20. Dense 4096 -> 4096 with bias, float16, MB
    mib, mb10 = mb_both(params(nn.Linear(4096, 4096)) * 2)
    add(mib, mb10)

    # ================= Finglish
    # 21. Keras Conv1D(64, 3) on 32 channels, with bias
    add(params(nn.Conv1d(32, 64, 3)))
    # 22. conv 3x3, dilation 2, no padding, 16 filters, on 64x64 (input channels do not change the shape)
    add(hwc(nn.Conv2d(3, 16, 3, dilation=2), 3, 64, 64))
    # 23. torchvision ResNet-18
    add(params(tvm.resnet18()))
    # 24. Keras SimpleRNN(32) on 16 features: one bias
    add(keras_rnn(nn.RNN(16, 32)))
    # 25. receptive field of three 3x3 convs with dilations 1, 2, 4
    add(receptive([(3, 1, 1), (3, 1, 2), (3, 1, 4)]))
    # 26. one 5x5 vs two 3x3, 64 -> 64, no bias: the saving
    add(params(nn.Conv2d(64, 64, 5, bias=False))
        - params(nn.Conv2d(64, 64, 3, bias=False), nn.Conv2d(64, 64, 3, bias=False)))
    # 27. missing: a Dense's input width (no number)

    # ================= English
    # 28. torch MultiheadAttention(256, 8)
    add(params(nn.MultiheadAttention(256, 8)))
    # 29. LayerNorm(768)
    add(params(nn.LayerNorm(768)))
    # 30. torchvision MobileNetV2 in float16, MB
    mib, mb10 = mb_both(params(tvm.mobilenet_v2()) * 2)
    add(mib, mb10)
    # 31. torch bidirectional LSTM(100, 128)
    add(params(nn.LSTM(100, 128, bidirectional=True)))
    # 32. FLOPs of a 1x1 conv 256 -> 64 on 28x28, 2 x MACs, no bias
    add(2 * count_macs(nn.Conv2d(256, 64, 1, bias=False), 256, 28, 28))
    # 33. LeNet: 32x32x1, conv 5x5 x6 valid, avg pool 2x2 s2
    add(hwc(nn.Sequential(nn.Conv2d(1, 6, 5), nn.AvgPool2d(2, 2)), 1, 32, 32))
    # 34. Keras ResNet50(include_top=False), its summary's total: torchvision's less fc, plus a bias per conv
    # output channel, plus BatchNormalization's moving mean and variance (torch keeps those as buffers)
    r50 = tvm.resnet50()
    conv_biases = sum(m.out_channels for m in r50.modules() if isinstance(m, nn.Conv2d))
    moving = sum(m.running_mean.numel() + m.running_var.numel() for m in r50.modules()
                 if isinstance(m, nn.BatchNorm2d))
    add(params(r50) - params(r50.fc) + conv_biases + moving)

    # ================= snippets in Persian
    # 35. Keras Conv2D(32, 3) / MaxPooling2D(2) / Flatten / Dense(10) on 28x28x1
    cnn = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(13 * 13 * 32, 10))
    assert tuple(cnn(torch.zeros(1, 1, 28, 28)).shape) == (1, 10)
    add(params(cnn))
    # 36. nn.GRU(64, 128, num_layers=2)
    add(params(nn.GRU(64, 128, num_layers=2)))
    # 37. Keras Bidirectional(LSTM(64)) on (50, 100): twice the one-bias LSTM
    add(2 * keras_rnn(nn.LSTM(100, 64)))
    # 38. Conv2d(3, 64, 7, stride=2, padding=3) then MaxPool2d(3, stride=2, padding=1) on 224
    add(hwc(nn.Sequential(nn.Conv2d(3, 64, 7, stride=2, padding=3), nn.MaxPool2d(3, stride=2, padding=1)),
            3, 224, 224))
    # 39. Keras Conv2D(64, 3, strides=2, padding='same') on 75x75x32: ceil(75/2) = 38, one pixel each side
    add(hwc(nn.Conv2d(32, 64, 3, stride=2, padding=1), 32, 75, 75))
    # 40. MACs of Conv2d(32, 64, 3, padding=1, groups=4) on 1x32x56x56
    add(count_macs(nn.Conv2d(32, 64, 3, padding=1, groups=4), 32, 56, 56))
    return rows


if __name__ == "__main__":
    sys.exit(main(FILE, expected, calculations=40, missing=2))
