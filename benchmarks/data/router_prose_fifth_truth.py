"""Write ``router_prose_fifth.jsonl``: a fifth set of prose calculation questions, written before the prose reader was read.

    .venv/bin/python benchmarks/data/router_prose_fifth_truth.py

Written as students of an Iranian course write in a Telegram group (14 Persian with Persian digits,
missing half-spaces and typos, 9 Finglish, 9 English), plus six course questions that only mention
numbers or layers.  Every truth comes from torch: parameters are ``numel`` sums, shapes come from running
a zero tensor through the layer, MACs are output positions × weights per position (FLOPs = 2 × MACs,
the project's convention).  Keras counts that differ from PyTorch's (one bias per LSTM gate, GRU's
``reset_after`` second bias, BatchNorm's moving statistics counted as parameters) are written by hand
and say so.  Comparisons score the difference or ratio the question asks for; ``why`` cases must also
carry the terms of the count (``all``).  The untouched score is the first one recorded for this file.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from torch import nn

OUT = Path(__file__).with_name("router_prose_fifth.jsonl")


def params(*modules: nn.Module) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def conv_macs(module: nn.Conv2d, hw: tuple[int, int]) -> tuple[int, tuple[int, ...]]:
    out = module(torch.zeros(1, module.in_channels, *hw)).shape
    per_position = module.weight.numel() // module.out_channels
    return out[1] * out[2] * out[3] * per_position, tuple(out)


def side(layer: nn.Module, hw: int, cin: int = 1) -> int:
    return layer(torch.zeros(1, cin, hw, hw)).shape[-1]


def fmt(n: float) -> list[str]:
    return [f"{n:,}", str(n)] if isinstance(n, int) else [f"{n:.2f}"]


def separable(cin: int, cout: int, k: int) -> tuple[nn.Conv2d, nn.Conv2d]:
    return nn.Conv2d(cin, cin, k, padding=k // 2, groups=cin), nn.Conv2d(cin, cout, 1)


def cases() -> list[dict]:  # noqa: PLR0915 - one block per kind, read top to bottom
    rows: list[dict] = []

    def add(q, kind, lang, any_, working, all_=None):
        row = {"q": q, "calc": True, "kind": kind, "any": any_, "lang": lang, "working": working}
        if all_:
            row["all"] = all_
        rows.append(row)

    # ---- parameters of one conv layer
    for q, lang, cin, f, k in [
        ("یه لایه کانلوشن با ۶۴ تا فیلتر ۳×۳ رو ورودی ۳۲ کاناله چندتا پارمتر داره؟", "persian", 32, 64, 3),
        ("ye conv2d ba 32 ta filter 5x5 roye vorodi rgb chand ta param dare?", "finglish", 3, 32, 5),
        ("How many trainable parameters does a Conv2D layer with 128 filters of size 3x3 have if the input has 64 channels?",
         "english", 64, 128, 3),
    ]:
        add(q, "layer", lang, fmt(params(nn.Conv2d(cin, f, k))), f"{k}·{k}·{cin}·{f} + {f}")

    # ---- output size with stride, padding, dilation stated
    for q, lang, hw, k, st, pd, dl in [
        ("ورودی ۲۲۷×۲۲۷ با کرنل ۱۱×۱۱ و استراید ۴ بدون پدینگ خروجیش چند در چند میشه؟", "persian", 227, 11, 4, 0, 1),
        ("تصویر ۶۴ در ۶۴ رو با فیلتر ۳ در ۳ ، dilation=2 و padding=2 و استراید ۲ کانوالو کنیم سایز خرجی چی میشه", "persian",
         64, 3, 2, 2, 2),
        ("vorodi 224x224 , kernel 7x7 stride 2 padding 3 , khoruji chand dar chand mishe?", "finglish", 224, 7, 2, 3, 1),
        ("Input is 32x32x3, conv with 5x5 kernel, stride 1, padding 2, dilation 1 and 16 filters. Output shape?", "english",
         32, 5, 1, 2, 1),
        ("What is the output spatial size of a 3x3 conv with dilation 3, stride 2, padding 0 on a 100x100 input?", "english",
         100, 3, 2, 0, 3),
    ]:
        s = side(nn.Conv2d(1, 1, k, st, pd, dl), hw)
        add(q, "output", lang, [f"{s}x{s}"], f"floor(({hw} + 2·{pd} − {dl}·({k}−1) − 1)/{st}) + 1 = {s}")

    # ---- MACs / FLOPs of one conv layer
    for q, lang, cin, f, k, p, hw, flops in [
        ("تعداد ضرب و جمع (MAC) یه لایه کانو ۳×۳ با ۱۲۸ فیلتر روی ورودی ۵۶×۵۶×۶۴ با پدینگ same چقدره؟", "persian",
         64, 128, 3, 1, 56, False),
        ("فلاپس لایه کانولوشن ۵×۵ با ۱۶ فیلتر روی ورودی ۲۸x۲۸x۶ بدون پدینگ چنده؟", "persian", 6, 16, 5, 0, 28, True),
        ("MACs e ye conv 3x3 ba 256 filter roye feature map 14x14x256 ba padding 1 chande?", "finglish",
         256, 256, 3, 1, 14, False),
        ("How many FLOPs does a 1x1 convolution from 512 to 128 channels on a 14x14 feature map take?", "english",
         512, 128, 1, 0, 14, True),
    ]:
        macs, shape = conv_macs(nn.Conv2d(cin, f, k, padding=p), (hw, hw))
        add(q, "macs", lang, fmt(2 * macs if flops else macs),
            f"out {shape[2]}x{shape[3]}x{f} · {k}x{k}x{cin} = {macs:,} MACs" + (" ×2" if flops else ""))

    # ---- the 1x1 bottleneck saving
    for q, lang, hw, cin, k, f, r, ask in [
        ("ورودی ۲۸×۲۸×۱۹۲ داریم میخوایم ۳۲ تا فیلتر ۵×۵ بزنیم. اگه اول یه کانو ۱×۱ با ۱۶ کانال بزنیم چند تا ضرب کمتر میشه؟",
         "persian", 28, 192, 5, 32, 16, "macs_diff"),
        ("age ghabl az conv 3x3 ba 128 filter ye 1x1 ba 64 channel bezarim, roye vorodi 56x56x256 chand ta parameter sarfe jooyi mishe?",
         "finglish", 56, 256, 3, 128, 64, "params_diff"),
        ("Inception-style: 28x28x192 input, 32 filters of 5x5. How many parameters do we save by putting a 1x1 conv with 16 channels in front?",
         "english", 28, 192, 5, 32, 16, "params_diff"),
    ]:
        direct = nn.Conv2d(cin, f, k, padding=k // 2)
        one, big = nn.Conv2d(cin, r, 1), nn.Conv2d(r, f, k, padding=k // 2)
        d_macs, r_macs = conv_macs(direct, (hw, hw))[0], conv_macs(one, (hw, hw))[0] + conv_macs(big, (hw, hw))[0]
        d_p, r_p = params(direct), params(one, big)
        value = {"macs_diff": d_macs - r_macs, "params_diff": d_p - r_p}[ask]
        add(q, "bottleneck", lang, fmt(value), f"direct {d_p:,} p {d_macs:,} MACs; 1x1→{r} {r_p:,} p {r_macs:,} MACs")

    # ---- Flatten vs global average pooling before a Dense layer
    for q, lang, (h, w, c), units, ask in [
        ("خروجی آخرمون ۵ در ۵ در ۳۲۰ ـه، بعدش dense با ۲۰۰ تا نورون. فرق پارامترای فلتن با GAP چقدره؟", "persian",
         (5, 5, 320), 200, "diff"),
        ("اگه بجای flatten از global average pooling استفاده کنیم روی ۱۰×۱۰×۶۴ با dense 128، تعداد پارامترها چند برابر کم میشه؟",
         "persian", (10, 10, 64), 128, "ratio"),
        ("flatten ba GAP che farghi dare to tedad parameter? feature map 4x4x512 va dense 256", "finglish",
         (4, 4, 512), 256, "diff"),
        ("What is the difference in parameter count between Flatten and GlobalAveragePooling2D before a Dense(10) layer, if the last conv output is 7x7x1024?",
         "english", (7, 7, 1024), 10, "diff"),
    ]:
        flat, gap = params(nn.Linear(h * w * c, units)), params(nn.Linear(c, units))
        value = flat - gap if ask == "diff" else flat / gap
        add(q, "pooling", lang, fmt(value), f"Flatten {flat:,} − GAP {gap:,}" if ask == "diff" else f"{flat:,}/{gap:,}")

    # ---- stacked 3x3 vs one big kernel (same channels in and out, biases on)
    for q, lang, c, n, big, ask in [
        ("دو تا کانو ۳×۳ پشت هم با ۶۴ کانال ورودی و خروجی در مقایسه با یه ۵×۵ چند تا پارامتر کمتر داره؟", "persian",
         64, 2, 5, "diff"),
        ("سه لایه ۳در۳ جای یه ۷در۷ ، با ۱۲۸ کانال ، نسبت پارامترهاشون چنده؟", "persian", 128, 3, 7, "ratio"),
        ("3 ta conv 3x3 poshte ham ba 7x7 moghayese kon, channel ha 256 , chand ta param kamtar?", "finglish",
         256, 3, 7, "diff"),
        ("Compare two stacked 3x3 conv layers vs a single 5x5 conv, both with 32 input and 32 output channels: what's the ratio of parameters?",
         "english", 32, 2, 5, "ratio"),
    ]:
        one = params(nn.Conv2d(c, c, big))
        stack = params(*[nn.Conv2d(c, c, 3) for _ in range(n)])
        value = one - stack if ask == "diff" else one / stack
        add(q, "stacked", lang, fmt(value), f"{big}x{big} {one:,} vs {n}×3x3 {stack:,}")

    # ---- depthwise separable vs standard conv ('same' padding, biases on)
    for q, lang, cin, cout, k, hw, ask in [
        ("کانولوشن depthwise separable با کرنل ۳×۳ از ۳۲ به ۶۴ کانال چند تا پارامتر کمتر از کانولوشن معمولی داره؟", "persian",
         32, 64, 3, None, "params_diff"),
        ("تو موبایل نت، MAC یه کانو دپت وایز سپربل ۳×۳ روی ۱۱۲×۱۱۲×۳۲ با ۶۴ کانال خروجی چند برابر کمتر از کانو عادیه؟",
         "persian", 32, 64, 3, 112, "macs_ratio"),
        ("depthwise separable conv 5x5 az 64 be 128 channel, param hash chand barabar kamtar az conv adie?", "finglish",
         64, 128, 5, None, "params_ratio"),
        ("How many fewer MACs does a depthwise separable 3x3 conv need than a standard 3x3 conv, 56x56 input with 128 in and 128 out channels, same padding?",
         "english", 128, 128, 3, 56, "macs_diff"),
    ]:
        std = nn.Conv2d(cin, cout, k, padding=k // 2)
        dw, pw = separable(cin, cout, k)
        if ask.startswith("params"):
            a, b = params(std), params(dw, pw)
        else:
            a, b = conv_macs(std, (hw, hw))[0], conv_macs(dw, (hw, hw))[0] + conv_macs(pw, (hw, hw))[0]
        value = a - b if ask.endswith("diff") else a / b
        add(q, "depthwise", lang, fmt(value), f"standard {a:,} vs separable {b:,} ({ask})")

    # ---- Dense after Flatten, every size given
    for q, lang, (h, w, c), units in [
        ("بعد از فلتن کردن خروجی ۱۴×۱۴×۳۲ یه لایه دنس ۲۵۶تایی داریم، پارامتراش چندتاست؟", "persian", (14, 14, 32), 256),
        ("khoruji conv 8x8x64 e, flatten mikonim mirim to dense 10 ta, chand ta weight dare?", "finglish", (8, 8, 64), 10),
    ]:
        add(q, "dense_flatten", lang, fmt(params(nn.Linear(h * w * c, units))), f"{h * w * c}·{units} + {units}")

    # ---- why a count is what it is
    bn = nn.BatchNorm2d(64)
    bn_all = params(bn) + sum(b.numel() for n, b in bn.named_buffers() if n != "num_batches_tracked")
    add("چرا BatchNormalization روی ۶۴ کانال تو کراس ۲۵۶ تا پارامتر داره ولی فقط ۱۲۸ تاش ترینیبله؟", "why", "persian",
        [str(bn_all)], f"Keras: gamma, beta (torch params {params(bn)}) + moving mean, variance (buffers) = 4·64",
        all_=[str(bn_all), str(params(bn))])
    lstm = 4 * (50 * (20 + 50) + 50)
    assert lstm == params(nn.LSTM(20, 50)) - 4 * 50  # Keras keeps one bias per gate, torch two
    add("chera LSTM ba 50 unit va input 20 too keras 14200 ta param dare?", "why", "finglish", fmt(lstm),
        "Keras: 4·(50·70 + 50)", all_=["14,200", "گیت"])
    gru = 3 * (64 * (32 + 64) + 2 * 64)
    assert gru == params(nn.GRU(32, 64))  # Keras reset_after=True has torch's two biases per gate
    add("Why does a Keras GRU with 64 units on 32-dim input have 18,816 parameters? I expected fewer.", "why", "english",
        fmt(gru), "Keras reset_after: 3·(64·96 + 2·64)", all_=["18,816", "reset_after"])
    return rows


COURSE = [
    ("چرا VGG از فیلتر ۳×۳ استفاده میکنه؟", "persian"),
    ("فرق GAP با Flatten چیه؟ کدومش بهتره برای ۱۰ تا کلاس؟", "persian"),
    ("تو ResNet-50 چرا از بلاک bottleneck با کانو ۱×۱ استفاده کردن؟", "persian"),
    ("chera tu mobilenet az depthwise separable conv estefade mishe?", "finglish"),
    ("What does dilation=2 actually do in a conv layer, and when should I use it?", "english"),
    ("Is a stride 2 conv better than 2x2 max pooling for downsampling?", "english"),
]


if __name__ == "__main__":
    rows = cases() + [{"q": q, "calc": False, "kind": "course", "any": [], "lang": lang} for q, lang in COURSE]
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} cases → {OUT}")
    for r in rows:
        if r["calc"]:
            print(f"{r['kind']:<13} {r['lang']:<9} {r['any'][0]:>14}  {r['working']}")
