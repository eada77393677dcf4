"""Check ``router_prose_fifteenth.jsonl``: a fifteenth set of prose calculation questions, written without
reading the prose reader or its rules (nor the earlier sets' questions beyond their file format).

    python benchmarks/data/router_prose_fifteenth_truth.py   # Keras not needed: its counts are formulas tied to torch

Forty calculations asked in one sentence: eighteen Persian (with and without half-spaces, Persian and Latin
digits, numbers in words, a typo), eight Finglish, seven English, then seven with English terms or a small
Keras / PyTorch snippet inline (six in a Persian sentence, one in Finglish).  The kinds: one layer's parameters (conv on RGB, Dense 4096x4096 in words,
Keras SimpleRNN, GRU and LSTM, BatchNorm trainable, Embedding, SeparableConv2D, ConvTranspose2d), small stacks
and snippets (two convs, a Keras CNN, a PyTorch two-layer LSTM, Embedding+LSTM+Dense, conv+BN without bias);
output shapes (ResNet stem, stride 3, dilation 3, odd-size pooling, Keras 'same' stride 2 on an odd size,
transposed conv, kernel 4 stride 2 valid, LeNet-5, a PyTorch snippet); MACs (5x5 conv, depthwise conv) and
FLOPs (2 x MACs); comparisons (Flatten vs GAP as a difference and as a ratio, ResNet bottleneck vs plain 3x3,
depthwise-separable vs standard weights, Keras LSTM vs GRU); receptive fields (plain, with pooling, dilated);
weight memory (VGG16, one 512x512 3x3 conv); named models (ResNet-18, ResNet-50, VGG16 conv base, MobileNet v1).

Every number is computed here and asserted against the file's first ``any`` (and each ``all``):

* counts: ``sum(p.numel())`` of the torch modules; Keras' SimpleRNN and LSTM are torch's less the second bias
  (``bias_hh``); Keras' GRU (``reset_after=True``, the default) is torch's; SeparableConv2D is a bias-free
  depthwise conv plus a 1x1 conv with bias; a PyTorch snippet keeps torch's own count;
* MobileNet v1 is built here as Keras builds it (bias-free convs, BatchNorm after each, a 1x1 conv with bias as
  the classifier); the Keras summary's total adds the BatchNorm moving mean/variance (trainable also accepted);
* shapes by running a zero tensor through the layers; MACs by forward hooks (output size times the weights per
  output channel); FLOPs = 2 x MACs;
* the well-known models from torchvision, built without weights; MB as 2**20 bytes (10**6 also accepted);
* the receptive field by the recurrence ``r += (k - 1)·d·j; j *= s``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from prose_truth import (
    Truth,
    count_macs,
    hwc,
    keras_rnn,
    main,
    mb,
    nn,
    params,
    ratio,
    receptive,
    run,
    tvm,
)

FILE = Path(__file__).with_name("router_prose_fifteenth.jsonl")


def mobilenet_v1() -> nn.Sequential:
    """Keras ``MobileNet()`` (alpha 1, 224, top): conv bias-free + BN; 13 depthwise-separable blocks; 1x1 classifier."""
    def bn_conv(cin: int, cout: int, k: int, s: int, groups: int = 1) -> list[nn.Module]:
        return [nn.Conv2d(cin, cout, k, s, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout), nn.ReLU6()]

    layers = bn_conv(3, 32, 3, 2)
    blocks = [(32, 64, 1), (64, 128, 2), (128, 128, 1), (128, 256, 2), (256, 256, 1), (256, 512, 2),
              *[(512, 512, 1)] * 5, (512, 1024, 2), (1024, 1024, 1)]
    for cin, cout, s in blocks:
        layers += bn_conv(cin, cin, 3, s, groups=cin) + bn_conv(cin, cout, 1, 1)
    layers += [nn.AdaptiveAvgPool2d(1), nn.Conv2d(1024, 1000, 1), nn.Flatten()]
    return nn.Sequential(*layers)


def buffers(net: nn.Module) -> int:
    return sum(b.numel() for n, b in net.named_buffers() if n.endswith(("running_mean", "running_var")))


def expected() -> Truth:
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ================= Persian
    # 1. conv 5x5, 48 filters, on RGB, bias
    add(params(nn.Conv2d(3, 48, 5)))
    # 2. Dense 4096 -> 4096 (numbers in words)
    add(params(nn.Linear(4096, 4096)))
    # 3. Keras SimpleRNN 32 units, input 10
    add(keras_rnn(nn.RNN(10, 32)))
    # 4. Keras GRU 256 units, input 128 (reset_after=True = torch's count)
    add(params(nn.GRU(128, 256)))
    # 5. BatchNorm after Dense 512: trainable gamma, beta
    add(params(nn.BatchNorm1d(512)))
    # 6. 28x28x1: conv 3x3 16 then conv 3x3 32
    add(params(nn.Conv2d(1, 16, 3), nn.Conv2d(16, 32, 3)))
    # 7. ResNet stem: 224x224x3, conv 7x7/2 pad 3, 64; maxpool 3x3/2 pad 1
    add(hwc(nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3), nn.MaxPool2d(3, 2, 1)), 3, 224, 224))
    # 8. 100x100x1, conv 3x3 stride 3 valid, 8 filters
    add(hwc(nn.Conv2d(1, 8, 3, stride=3), 1, 100, 100))
    # 9. 50x50x32, conv 3x3 dilation 3 valid, 20 filters
    add(hwc(nn.Conv2d(32, 20, 3, dilation=3), 32, 50, 50))
    # 10. MACs: conv 5x5, 64 filters, on 32x32x32, same
    add(count_macs(nn.Conv2d(32, 64, 5, padding=2), 32, 32, 32))
    # 11. receptive field of five 3x3 convs, stride 1
    rf = receptive([(3, 1, 1)] * 5)
    add(f"{rf}x{rf}")
    # 12. conv3, pool2/2, conv3, pool2/2, conv3
    rf = receptive([(3, 1, 1), (2, 2, 1), (3, 1, 1), (2, 2, 1), (3, 1, 1)])
    add(f"{rf}x{rf}")
    # 13. VGG16 float32 weights in MB (2**20; 10**6 also accepted)
    vgg = params(tvm.vgg16())
    add(mb(vgg * 4), f"{vgg * 4 / 10**6:.2f}")
    # 14. ResNet-18 parameters
    add(params(tvm.resnet18()))
    # 15. 4x4x256 then Dense 10: Flatten vs GAP, how many fewer
    add(params(nn.Linear(4 * 4 * 256, 10)) - params(nn.Linear(256, 10)))
    # 16. ResNet bottleneck vs plain 3x3 on 256 channels, no bias: how many times
    plain = params(nn.Conv2d(256, 256, 3, bias=False))
    bottleneck = params(nn.Conv2d(256, 64, 1, bias=False), nn.Conv2d(64, 64, 3, bias=False),
                        nn.Conv2d(64, 256, 1, bias=False))
    assert (plain, bottleneck) == (589_824, 69_632)
    add(ratio(plain, bottleneck))
    # 17. Keras LSTM vs GRU, 64 units, input 64: the difference
    lstm, gru = keras_rnn(nn.LSTM(64, 64)), params(nn.GRU(64, 64))
    assert (lstm, gru) == (33_024, 24_960)
    add(lstm - gru)
    # 18. ConvTranspose 3x3, 64 -> 32, bias
    add(params(nn.ConvTranspose2d(64, 32, 3)))

    # ================= Finglish
    # 19. Embedding 50,000 x 128
    add(params(nn.Embedding(50_000, 128)))
    # 20. SeparableConv2D 3x3, 64 filters, on 32 channels, bias
    add(params(nn.Conv2d(32, 32, 3, groups=32, bias=False), nn.Conv2d(32, 64, 1)))
    # 21. 15x15x64, maxpool 2x2 stride 2
    add(hwc(nn.MaxPool2d(2, 2), 64, 15, 15))
    # 22. Keras conv 3x3 stride 2 'same' on 33x33x16, 32 filters: ceil(33 / 2)
    out = hwc(nn.Conv2d(16, 32, 3, stride=2, padding=1), 16, 33, 33)
    assert out == "17x17x32"
    add(out)
    # 23. MACs of a depthwise 3x3 on 56x56x128, same
    add(count_macs(nn.Conv2d(128, 128, 3, padding=1, groups=128), 128, 56, 56))
    # 24. Flatten 8x8x128 + Dense 100 vs GAP + Dense 100: how many times
    add(ratio(params(nn.Linear(8 * 8 * 128, 100)), params(nn.Linear(128, 100))))
    # 25. ResNet-50 parameters
    add(params(tvm.resnet50()))
    # 26. receptive field of 3x3 convs with dilation 1, 2, 4
    rf = receptive([(3, 1, 1), (3, 1, 2), (3, 1, 4)])
    add(f"{rf}x{rf}")

    # ================= English
    # 27. ConvTranspose 3x3 stride 2 no padding on 7x7x128 -> 64
    add(hwc(nn.ConvTranspose2d(128, 64, 3, stride=2), 128, 7, 7))
    # 28. Keras MobileNet (v1): total (with BN moving stats); trainable also accepted
    net = mobilenet_v1()
    assert run(net, 3, 224, 224)[1] == 1000
    add(params(net) + buffers(net), params(net))
    # 29. VGG16 include_top=False
    add(params(tvm.vgg16().features))
    # 30. FLOPs (2 x MACs) of conv 3x3, 256 filters, on 14x14x256, same
    add(2 * count_macs(nn.Conv2d(256, 256, 3, padding=1), 256, 14, 14))
    # 31. float32 weights of one 3x3 conv 512 -> 512 with bias, MB
    conv = params(nn.Conv2d(512, 512, 3))
    add(mb(conv * 4), f"{conv * 4 / 10**6:.2f}")
    # 32. depthwise-separable vs standard 3x3, 128 -> 128, no bias: how many times fewer
    add(ratio(params(nn.Conv2d(128, 128, 3, bias=False)),
              params(nn.Conv2d(128, 128, 3, groups=128, bias=False), nn.Conv2d(128, 128, 1, bias=False))))
    # 33. 64x64x3, conv 4x4 stride 2 valid, 16 filters
    add(hwc(nn.Conv2d(3, 16, 4, stride=2), 3, 64, 64))

    # ================= Persian with English terms and snippets
    # 34. Keras CNN snippet on 64x64x3
    body = nn.Sequential(nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten())
    flat = run(body, 3, 64, 64)[1]
    assert flat == 14 * 14 * 64
    add(params(body, nn.Linear(flat, 128), nn.Linear(128, 1)))
    # 35. PyTorch nn.LSTM(100, 64, num_layers=2): torch's own count (two biases)
    add(params(nn.LSTM(100, 64, num_layers=2)))
    # 36. PyTorch conv 3->16, k3, s2, p1 on 1x3x224x224
    _, c, h, w = run(nn.Conv2d(3, 16, 3, stride=2, padding=1), 3, 224, 224)
    add(f"{c}x{h}x{w}")
    # 37. Keras Embedding(10000, 64) + LSTM(32) + Dense(1)
    add(params(nn.Embedding(10_000, 64)) + keras_rnn(nn.LSTM(64, 32)) + params(nn.Linear(32, 1)))
    # 38. PyTorch conv 3x3 64->64 bias=False + BatchNorm2d(64)
    add(params(nn.Conv2d(64, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64)))
    # 39. LeNet-5: 32x32x1, conv5 6, avgpool 2, conv5 16, avgpool 2 -> before flatten, and its length
    _, c, h, w = run(nn.Sequential(nn.Conv2d(1, 6, 5), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.AvgPool2d(2)),
                     1, 32, 32)
    add(f"{h}x{w}x{c}", c * h * w)
    # 40. Keras LSTM 50 units, one feature per step
    add(keras_rnn(nn.LSTM(1, 50)))
    return rows


if __name__ == "__main__":
    sys.exit(main(FILE, expected, calculations=40, missing=0))
