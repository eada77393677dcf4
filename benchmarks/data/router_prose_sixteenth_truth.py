"""Check ``router_prose_sixteenth.jsonl``: a sixteenth set of prose calculation questions, written without
reading the prose reader or its rules (nor the earlier sets' questions beyond their file format).

    python benchmarks/data/router_prose_sixteenth_truth.py   # Keras not needed: its counts are formulas tied to torch

Forty calculations asked in one sentence: twenty-two Persian (formal and colloquial, with and without
half-spaces, Persian and Latin digits, numbers in words, two typos), eight Finglish, six English, then four with
a small Keras / PyTorch snippet inline in a Persian sentence.  The kinds: one layer's parameters (Keras Conv1D,
Conv3D, Dense in words, PyTorch GRU, Keras GRU with its defaults, LayerNorm, PyTorch MultiheadAttention,
depthwise conv, Keras BatchNormalization total and non-trainable), stacks and snippets (a Keras CNN, Keras
LSTM, PyTorch bidirectional LSTM and two-layer RNN, Keras Embedding+GRU+Dense, a PyTorch bias-free
conv/BN/depthwise block, Keras MultiHeadAttention); output shapes (stride 2 with padding, dilation with
padding and stride, average pooling with padding, Keras Conv2DTranspose 'same', Conv1D valid, a PyTorch
snippet with dilation); MACs (grouped conv, strided conv) and FLOPs (Dense, 1x1 conv; 2 x MACs, no bias);
comparisons (two 3x3 vs one 5x5, biases removed before BN, Inception 1x1 bottleneck as a ratio, Flatten vs GAP);
receptive fields (ResNet-like stem, strided convs, pooling then dilation); weight memory (an Embedding
matrix float32, ResNet-34 float16, VGG19 float32); named models (DenseNet-121, MobileNetV2, EfficientNet-B0,
VGG19 include_top=False).

Three lines are easy to get wrong on purpose: the Keras GRU's default ``reset_after=True`` (two biases per
gate: 18,816, not 18,624), the Keras BatchNormalization's non-trainable moving mean/variance (1,024 in the
summary, 512 of them non-trainable), and ``VGG19(include_top=False)`` (the conv base only: 20,024,384).

Every number is computed here and asserted against the file's first ``any`` (and each ``all``):

* counts: ``sum(p.numel())`` of the torch modules; Keras' LSTM is torch's less the second bias (``bias_hh``);
  Keras' GRU (``reset_after=True``, the default) is torch's; Keras Conv1D / Conv3D / DepthwiseConv2D / Dense /
  LayerNormalization are torch's Conv1d / Conv3d / grouped Conv2d / Linear / LayerNorm; Keras
  MultiHeadAttention with ``num_heads * key_dim`` equal to the model width is torch's MultiheadAttention
  (four projections, each with bias); Keras BatchNormalization is torch's weight + bias + running mean/var;
  VGG19 without top is torchvision's ``vgg19().features``.  Each of these Keras counts and shapes was checked
  once with Keras 3.15.1 (torch backend): 41,024; 896; 200,960; 18,816; 1,024; 2,496; 1,024 (512
  non-trainable); 60,362; 219,648; 32x32x32; 18x18x192 ('same' pooling); 47x64; 20,024,384; 143,667,240;
  172,053; 66,048;
* shapes by running a zero tensor through the layers; MACs by forward hooks (output size times the weights per
  output channel); FLOPs = 2 x MACs, bias ignored as the questions say;
* the named models from torchvision, built without weights; MB as 2**20 bytes (10**6 also accepted);
* the receptive field by the recurrence ``r += (k - 1)·d·j; j *= s``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
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

FILE = Path(__file__).with_name("router_prose_sixteenth.jsonl")


def expected() -> Truth:
    rows: Truth = []
    add = lambda value, *all_: rows.append((value, list(all_)))  # noqa: E731

    # ================= Persian
    # 1. Keras Conv1D 64 filters, kernel 5, on 128 channels
    add(params(nn.Conv1d(128, 64, 5)))
    # 2. Conv3D 3x3x3, 32 filters, one input channel
    add(params(nn.Conv3d(1, 32, 3)))
    # 3. Dense 784 -> 256 (numbers in words)
    add(params(nn.Linear(784, 256)))
    # 4. BERT-base embedding 30522 x 768, float32, MB (2**20; 10**6 also accepted)
    emb = params(nn.Embedding(30522, 768))
    add(mb(emb * 4), f"{emb * 4 / 10**6:.2f}")
    # 5. PyTorch GRU(50, 100): torch's own count
    add(params(nn.GRU(50, 100)))
    # 6. Keras GRU(64) on 32 features, defaults (reset_after=True = torch's count; 18,624 would be reset_after=False)
    gru = params(nn.GRU(32, 64))
    assert gru - 3 * 64 == 18_624
    add(gru)
    # 7. LayerNorm over 512
    add(params(nn.LayerNorm(512)))
    # 8. PyTorch MultiheadAttention(256, 8)
    add(params(nn.MultiheadAttention(256, 8)))
    # 9. depthwise 5x5 on 96 channels, bias, multiplier 1
    add(params(nn.Conv2d(96, 96, 5, groups=96)))
    # 10. MACs: grouped conv 3x3 128 -> 128, 4 groups, same, 28x28
    add(count_macs(nn.Conv2d(128, 128, 3, padding=1, groups=4), 128, 28, 28))
    # 11. 129x129x8, conv 5, stride 2, pad 1, 32 filters
    add(hwc(nn.Conv2d(8, 32, 5, stride=2, padding=1), 8, 129, 129))
    # 12. 64x64x16, conv 3x3 dilation 2, pad 2, stride 2, 24 filters
    add(hwc(nn.Conv2d(16, 24, 3, stride=2, padding=2, dilation=2), 16, 64, 64))
    # 13. 35x35x192, average pool 3x3 stride 2 pad 1
    add(hwc(nn.AvgPool2d(3, 2, 1), 192, 35, 35))
    # 14. MACs: conv 3x3, 64 filters, stride 2, same, on 112x112x32
    add(count_macs(nn.Conv2d(32, 64, 3, stride=2, padding=1), 32, 112, 112))
    # 15. FLOPs of Dense 1024 -> 1000, 2 x MACs, bias ignored
    add(2 * count_macs(nn.Linear(1024, 1000), 1024))
    # 16. one 5x5 vs two 3x3, 64 -> 64, no bias: how many fewer
    five = params(nn.Conv2d(64, 64, 5, bias=False))
    threes = params(nn.Conv2d(64, 64, 3, bias=False), nn.Conv2d(64, 64, 3, bias=False))
    assert (five, threes) == (102_400, 73_728)
    add(five - threes)
    # 17. three convs 3->32->64->128 with and without bias: the saving
    with_bias = params(nn.Conv2d(3, 32, 3), nn.Conv2d(32, 64, 3), nn.Conv2d(64, 128, 3))
    without = params(nn.Conv2d(3, 32, 3, bias=False), nn.Conv2d(32, 64, 3, bias=False),
                     nn.Conv2d(64, 128, 3, bias=False))
    add(with_bias - without)
    # 18. receptive field: conv 7/2, maxpool 3/2, two conv 3/1
    rf = receptive([(7, 2, 1), (3, 2, 1), (3, 1, 1), (3, 1, 1)])
    add(f"{rf}x{rf}")
    # 19. ResNet-34 float16, MB
    r34 = params(tvm.resnet34())
    add(mb(r34 * 2), f"{r34 * 2 / 10**6:.2f}")
    # 20. DenseNet-121 (torchvision, 1000 classes)
    add(params(tvm.densenet121()))
    # 21. Keras BatchNormalization on 256 channels: total in summary, 512 non-trainable
    bn = nn.BatchNorm2d(256)
    stats = bn.running_mean.numel() + bn.running_var.numel()
    add(params(bn) + stats, stats)
    # 22. 32x32x3: conv 32 same, pool, conv 64 same, pool, flatten, dense 10
    body = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1),
                         nn.MaxPool2d(2), nn.Flatten())
    flat = run(body, 3, 32, 32)[1]
    assert flat == 8 * 8 * 64
    add(params(body, nn.Linear(flat, 10)))

    # ================= Finglish
    # 23. Keras LSTM 128 units on 300 features
    add(keras_rnn(nn.LSTM(300, 128)))
    # 24. PyTorch nn.LSTM(300, 128, bidirectional=True)
    add(params(nn.LSTM(300, 128, bidirectional=True)))
    # 25. Keras Conv2DTranspose(32, 4, strides=2, padding='same') on 16x16x64 = torch padding 1
    add(hwc(nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1), 64, 16, 16))
    # 26. torchvision mobilenet_v2
    add(params(tvm.mobilenet_v2()))
    # 27. torchvision efficientnet_b0
    add(params(tvm.efficientnet_b0()))
    # 28. Inception: direct 5x5 256 -> 32 vs 1x1 256 -> 16 then 5x5 16 -> 32, on 28x28, no bias: MACs ratio
    direct = count_macs(nn.Conv2d(256, 32, 5, padding=2, bias=False), 256, 28, 28)
    reduced = count_macs(nn.Sequential(nn.Conv2d(256, 16, 1, bias=False), nn.Conv2d(16, 32, 5, padding=2, bias=False)),
                         256, 28, 28)
    assert (direct, reduced) == (160_563_200, 13_246_464)
    add(ratio(direct, reduced))
    # 29. 7x7x512 into Dense 1000: Flatten vs GAP, how many fewer
    add(params(nn.Linear(7 * 7 * 512, 1000)) - params(nn.Linear(512, 1000)))
    # 30. receptive field of three 3x3 convs with stride 2
    rf = receptive([(3, 2, 1)] * 3)
    add(f"{rf}x{rf}")

    # ================= English
    # 31. VGG19 float32, MB
    v19 = params(tvm.vgg19())
    add(mb(v19 * 4), f"{v19 * 4 / 10**6:.2f}")
    # 32. Conv1D 64 filters, k7, s2, valid, on length 100 (input channels do not matter)
    _, c, length = nn.Conv1d(1, 64, 7, stride=2)(torch.zeros(1, 1, 100)).shape
    add(f"{length}x{c}")
    # 33. PyTorch nn.RNN(20, 40, num_layers=2)
    add(params(nn.RNN(20, 40, num_layers=2)))
    # 34. Keras VGG19(include_top=False): the conv base
    add(params(tvm.vgg19().features))
    # 35. FLOPs of a 1x1 conv 512 -> 128 on 14x14, bias ignored
    add(2 * count_macs(nn.Conv2d(512, 128, 1, bias=False), 512, 14, 14))
    # 36. receptive field: three 5x5 convs, maxpool 2/2, 3x3 dilation 2
    rf = receptive([(5, 1, 1)] * 3 + [(2, 2, 1), (3, 1, 2)])
    add(f"{rf}x{rf}")

    # ================= Persian with a snippet
    # 37. Keras Embedding(5000, 32) + GRU(48) (reset_after) + Dense(5)
    add(params(nn.Embedding(5000, 32), nn.GRU(32, 48), nn.Linear(48, 5)))
    # 38. PyTorch conv/BN/depthwise/pointwise block, trainable parameters
    block = nn.Sequential(nn.Conv2d(3, 32, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
                          nn.Conv2d(32, 32, 3, padding=1, groups=32, bias=False), nn.BatchNorm2d(32),
                          nn.Conv2d(32, 64, 1, bias=False), nn.BatchNorm2d(64))
    add(params(block))
    # 39. PyTorch Conv2d(3, 10, 5, stride=2, padding=1, dilation=2) on (8, 3, 50, 50)
    with torch.no_grad():
        shape = nn.Conv2d(3, 10, kernel_size=5, stride=2, padding=1, dilation=2)(torch.zeros(8, 3, 50, 50)).shape
    add("x".join(map(str, shape)))
    # 40. Keras MultiHeadAttention(num_heads=4, key_dim=32) on width 128 = torch MultiheadAttention(128, 4)
    add(params(nn.MultiheadAttention(128, 4)))
    return rows


if __name__ == "__main__":
    sys.exit(main(FILE, expected, calculations=40, missing=0))
