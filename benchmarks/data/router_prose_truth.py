"""Write ``router_prose.jsonl``: prose calculation questions whose truths torch computed, not the calculator.

    /work/main/.venv/bin/python benchmarks/data/router_prose_truth.py

Each case names the modules (or the output-size rule) its truth comes from; parameters are torch's
``numel`` sums, MACs are output positions × weights per position (FLOPs = 2 × MACs, the project's
convention), shapes come from running a zero tensor through the layer.  Keras counts that differ from
PyTorch's (one bias per LSTM gate, GRU's ``reset_after`` second bias) are written out by hand and say so.
The kinds: the comparisons (``pooling``, ``stacked``, ``depthwise``, ``bottleneck``) score the difference
or ratio the question asks for, not one side; ``why`` cases must also name the terms of the count
(``all``).
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from torch import nn

OUT = Path(__file__).with_name("router_prose.jsonl")
CHECK = Path(__file__).with_name("router_prose_check.jsonl")  # written after the fixes, never tuned on


def params(*modules: nn.Module) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def conv_macs(module: nn.Conv2d, hw: tuple[int, int]) -> tuple[int, tuple[int, ...]]:
    out = module(torch.zeros(1, module.in_channels, *hw)).shape
    per_position = module.weight.numel() // module.out_channels
    return out[1] * out[2] * out[3] * per_position, tuple(out)


def fmt(n: float) -> list[str]:
    return [f"{n:,}", str(n)] if isinstance(n, int) else [f"{n:.2f}"]


def cases() -> list[dict]:
    rows: list[dict] = []

    def add(q, kind, lang, any_, working, all_=None):
        row = {"q": q, "calc": True, "kind": kind, "any": any_, "lang": lang, "working": working}
        if all_:
            row["all"] = all_
        rows.append(row)

    # ---- Flatten vs GAP: the difference (or ratio) asked
    for q, lang, shape, units, ask in [
        ("نقشه ویژگی آخر ۷×۷×۵۱۲ هست و بعدش یه Dense با ۱۰ کلاس داریم. اگه به جای Flatten از GAP استفاده کنیم چند تا پارامتر کمتر میشه؟", "persian", (7, 7, 512), 10, "diff"),
        ("feature map 7x7x512 dare, flatten + dense 1000 ba global average pooling + dense 1000 chand ta parameter farq mikone?", "finglish", (7, 7, 512), 1000, "diff"),
        ("The last feature map is 14x14x256, followed by a Dense layer with 100 units. How many fewer parameters do we get with global average pooling instead of Flatten?", "english", (14, 14, 256), 100, "diff"),
        ("تفاوت تعداد پارامترهای Flatten و Global Average Pooling روی نقشه‌ی ویژگی ۴×۴×۱۲۸ با یک لایه‌ی Dense با ۶۴ نورون چقدر است؟", "persian", (4, 4, 128), 64, "diff"),
        ("خروجی آخر ۸ در ۸ در ۲۵۶ هست و بعدش dense با ۱۰ خروجی. با GAP به جای Flatten چند برابر پارامتر کمتری داریم؟", "persian", (8, 8, 256), 10, "ratio"),
    ]:
        h, w, c = shape
        flat, gap = params(nn.Linear(h * w * c, units)), params(nn.Linear(c, units))
        value = flat - gap if ask == "diff" else flat / gap
        add(q, "pooling", lang, fmt(value), f"Flatten {flat:,} − GAP {gap:,}" if ask == "diff" else f"{flat:,}/{gap:,}")

    # ---- stacked 3x3 vs one large kernel (same channels in and out, biases counted)
    for q, lang, n, c, ask in [
        ("دو تا کانولوشن ۳×۳ پشت سر هم در مقابل یک کانولوشن ۵×۵، با ورودی و خروجی ۶۴ کانال، پارامترهاشون چقدر فرق داره؟", "persian", 2, 64, "diff"),
        ("Three stacked 3x3 conv layers vs a single 7x7 conv, 32 channels in and out: how many parameters do we save?", "english", 3, 32, "diff"),
        ("2 ta conv 3x3 poshte ham ba 128 kanal vs ye conv 5x5 ba 128 kanal, chand barabar parameter kamtar dare?", "finglish", 2, 128, "ratio"),
        ("سه لایه‌ی ۳ در ۳ به جای یک لایه‌ی ۷ در ۷ (۲۵۶ کانال ورودی و خروجی) چند پارامتر کمتر دارد؟", "persian", 3, 256, "diff"),
    ]:
        small = params(*[nn.Conv2d(c, c, 3) for _ in range(n)])
        big = params(nn.Conv2d(c, c, 2 * n + 1))
        value = big - small if ask == "diff" else big / small
        add(q, "stacked", lang, fmt(value), f"{2 * n + 1}x{2 * n + 1} {big:,} vs {n}×3x3 {small:,}")

    # ---- MACs / FLOPs of one convolution
    for q, lang, cin, f, k, hw, s, p, flops in [
        ("یه لایه کانولوشن ۳×۳ با ۶۴ فیلتر روی ورودی ۵۶×۵۶×۳۲ با پدینگ ۱ چند تا MAC داره؟", "persian", 32, 64, 3, (56, 56), 1, 1, False),
        ("How many FLOPs does a 3x3 conv with 128 filters on a 28x28x64 input (stride 1, padding 1) take?", "english", 64, 128, 3, (28, 28), 1, 1, True),
        ("MAC haye in laye chand tast? conv 5x5 ba 32 ta filter, vorodi 32x32x3, bedune padding", "finglish", 3, 32, 5, (32, 32), 1, 0, False),
        ("تعداد ضرب‌های این لایه چندتاست؟ کانولوشن ۱×۱ با ۶۴ فیلتر روی ورودی ۲۸×۲۸×۲۵۶", "persian", 256, 64, 1, (28, 28), 1, 0, False),
        ("تعداد عملیات ضرب و جمع (MAC) لایه‌ی کانولوشنی با ۱۶ فیلتر ۵×۵ و گام ۲ روی ورودی ۶۴×۶۴×۸ بدون پدینگ چقدر است؟", "persian", 8, 16, 5, (64, 64), 2, 0, False),
    ]:
        macs, shape = conv_macs(nn.Conv2d(cin, f, k, s, p), hw)
        add(q, "macs", lang, fmt(2 * macs if flops else macs), f"out {shape[2]}x{shape[3]}x{f} · {k}x{k}x{cin} = {macs:,} MACs")

    # ---- depthwise separable vs normal (no biases unless said)
    for q, lang, cin, f, hw, ask in [
        ("یه کانولوشن depthwise separable با کرنل ۳×۳، ورودی ۳۲ کانال و خروجی ۶۴ کانال، بدون بایاس چند تا پارامتر داره؟ نسبت به conv معمولی چند برابر کمتره؟", "persian", 32, 64, None, "ratio"),
        ("MACs of a depthwise separable 3x3 conv on a 112x112x32 input with 64 output channels (stride 1, padding same), compared with a standard 3x3 conv?", "english", 32, 64, (112, 112), "macs"),
        ("depthwise separable conv 3x3 ba 128 kanal vorodi va 256 kanal khoruji bedune bias chand ta parameter dare? ba conv maamooli moghayese kon", "finglish", 128, 256, None, "params"),
        ("کانولوشن جداپذیر عمقی (depthwise separable) ۳ در ۳ با ۶۴ کانال ورودی و ۱۲۸ فیلتر چند تا پارامتر کمتر از کانولوشن معمولی داره؟ بایاس رو حساب نکن", "persian", 64, 128, None, "diff"),
    ]:
        dw, pw, std = nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False), nn.Conv2d(cin, f, 1, bias=False), \
            nn.Conv2d(cin, f, 3, padding=1, bias=False)
        sep, normal = params(dw, pw), params(std)
        if ask == "macs":
            sep_macs = conv_macs(dw, hw)[0] + conv_macs(pw, hw)[0]
            add(q, "depthwise", lang, fmt(sep_macs), f"separable {sep_macs:,} vs standard {conv_macs(std, hw)[0]:,} MACs")
        else:
            value = {"ratio": normal / sep, "params": sep, "diff": normal - sep}[ask]
            add(q, "depthwise", lang, fmt(value), f"separable {sep:,} vs standard {normal:,}")

    # ---- the 1x1 bottleneck: the whole bottleneck against the direct layer
    for q, lang, hw, c, k, f, r, ask in [
        ("ورودی ۲۸×۲۸×۱۹۲ داریم و می‌خوایم کانولوشن ۵×۵ با ۳۲ فیلتر بزنیم. اگه اول با ۱×۱ به ۱۶ کانال کاهش بدیم، چند تا MAC صرفه‌جویی میشه؟", "persian", 28, 192, 5, 32, 16, "macs_diff"),
        ("vorodi 28x28x256, ye conv 3x3 ba 128 filter. age avval ba 1x1 be 64 kanal kam konim chand ta parameter kamtar mishe?", "finglish", 28, 256, 3, 128, 64, "params_diff"),
        ("How many MACs does a 1x1 convolution reducing a 28x28x192 input to 16 channels, followed by a 5x5 conv with 32 filters, need?", "english", 28, 192, 5, 32, 16, "macs_reduced"),
        ("با کانولوشن ۱×۱ ورودی ۱۴×۱۴×۵۱۲ رو به ۱۲۸ کانال برسونیم و بعد ۳×۳ با ۲۵۶ فیلتر بزنیم، پارامترها نسبت به حالت مستقیم چند برابر کم میشه؟", "persian", 14, 512, 3, 256, 128, "params_ratio"),
        ("Input 56x56x64. What are the MACs of a 3x3 conv with 64 filters directly vs with a 1x1 bottleneck down to 16 channels first?", "english", 56, 64, 3, 64, 16, "macs_reduced"),
        ("ye 1x1 conv ba 32 filter ghabl az conv 5x5 ba 64 filter roye vorodi 16x16x256 chand barabar MAC ro kam mikone?", "finglish", 16, 256, 5, 64, 32, "macs_ratio"),
    ]:
        direct, one, big = nn.Conv2d(c, f, k, padding=k // 2), nn.Conv2d(c, r, 1), nn.Conv2d(r, f, k, padding=k // 2)
        d_macs, r_macs = conv_macs(direct, (hw, hw))[0], conv_macs(one, (hw, hw))[0] + conv_macs(big, (hw, hw))[0]
        d_p, r_p = params(direct), params(one, big)
        value = {"macs_diff": d_macs - r_macs, "params_diff": d_p - r_p, "macs_reduced": r_macs,
                 "params_ratio": d_p / r_p, "macs_ratio": d_macs / r_macs}[ask]
        add(q, "bottleneck", lang, fmt(value), f"direct {d_p:,} p {d_macs:,} MACs; 1x1→{r} {r_p:,} p {r_macs:,} MACs")

    # ---- Dense after Flatten, the sizes given
    for q, lang, shape, units in [
        ("بعد از Flatten کردن خروجی ۷×۷×۶۴ یه Dense با ۱۲۸ نورون داریم. این لایه Dense چند تا پارامتر داره؟", "persian", (7, 7, 64), 128),
        ("khoruji conv 5x5x16 ro flatten mikonim va mizarim too ye dense 120 tayi, chand ta parameter dare?", "finglish", (5, 5, 16), 120),
        ("After flattening a 4x4x50 feature map we add a fully connected layer with 500 units. How many parameters does that FC layer have?", "english", (4, 4, 50), 500),
        ("خروجی آخرین لایه‌ی کانولوشن ۱۳×۱۳×۲۵۶ است که Flatten می‌شود و به یک لایه‌ی تمام‌متصل با ۴۰۹۶ نورون می‌رود. تعداد پارامترهای این لایه چقدر است؟", "persian", (13, 13, 256), 4096),
    ]:
        n = shape[0] * shape[1] * shape[2]
        add(q, "dense_flatten", lang, fmt(params(nn.Linear(n, units))), f"{n}×{units} + {units}")

    # ---- output shape: every number given is used
    for q, lang, hw, k, s, p, d, pool in [
        ("ورودی ۲۲۷×۲۲۷×۳ داریم، کانولوشن ۱۱×۱۱ با ۹۶ فیلتر و گام ۴ و بدون پدینگ؛ اندازه خروجی چند در چنده؟", "persian", 227, 11, 4, 0, 1, False),
        ("What is the output size of a 3x3 conv with dilation 2, padding 2 and stride 1 on a 64x64 input?", "english", 64, 3, 1, 2, 2, False),
        ("vorodi 32x32, kernel 5x5, stride 2, padding 2, khoruji chand dar chand mishe?", "finglish", 32, 5, 2, 2, 1, False),
        ("یه لایه مکس پولینگ ۳×۳ با استراید ۲ روی ورودی ۵۵×۵۵، خروجیش چنده؟", "persian", 55, 3, 2, 0, 1, True),
        ("کانولوشن ۳ در ۳ با dilation برابر ۳ و پدینگ ۰ روی تصویر ۳۲ در ۳۲، خروجیش چه ابعادی داره؟", "persian", 32, 3, 1, 0, 3, False),
        ("224x224x3 input, conv 7x7 with 64 filters, stride 2, padding 3: what's the output shape?", "english", 224, 7, 2, 3, 1, False),
    ]:
        layer = nn.MaxPool2d(k, s, p, d) if pool else nn.Conv2d(1, 1, k, s, p, d)
        side = layer(torch.zeros(1, 1, hw, hw)).shape[-1]
        add(q, "output", lang, [f"{side}x{side}"], f"({hw}+2·{p}−{d}·({k}−1)−1)/{s}+1 = {side}")

    # ---- recurrent layers (PyTorch unless Keras is named)
    lstm_keras = 4 * (128 * (64 + 128) + 128)
    add("یه لایه LSTM با ۱۲۸ واحد تو کراس که ورودیش ۶۴ بعدیه چند تا پارامتر داره؟", "rnn", "persian",
        fmt(lstm_keras), "Keras: 4·(128·(64+128) + 128)")
    add("nn.LSTM(100, 50) parameter count?", "rnn", "english", fmt(params(nn.LSTM(100, 50))),
        "4·50·(100+50) + 2·4·50")
    add("How many parameters in nn.GRU(input_size=32, hidden_size=64)?", "rnn", "english",
        fmt(params(nn.GRU(32, 64))), "3·64·(32+64) + 2·3·64")
    # ---- why a count is what it is: the number and its terms
    gru_keras = 3 * (100 * (50 + 100) + 2 * 100)
    add("GRU ba 100 ta unit va vorodi 50 boodi to keras chand ta parameter dare? chera in ghadr?", "why", "finglish",
        fmt(gru_keras), "Keras reset_after: 3·(100·150 + 2·100)", all_=["45,600", "reset_after"])
    lstm_why = 4 * (256 * (128 + 256) + 256)
    add("چرا یک لایه LSTM با ۲۵۶ واحد و ورودی ۱۲۸ بعدی در کراس ۳۹۴٬۲۴۰ پارامتر دارد؟", "why", "persian",
        fmt(lstm_why), "Keras: 4 gates · (256·(128+256) + 256)", all_=["394,240", "گیت"])
    add("why does a GRU layer with 64 units on 32 input features have 18,816 parameters in PyTorch?", "why", "english",
        fmt(params(nn.GRU(32, 64))), "3 gates · (64·32 + 64·64 + 2·64)", all_=["18,816", "گیت"])
    bn = nn.BatchNorm2d(64)
    add("چرا BatchNormalization با ۶۴ کانال توی کراس ۲۵۶ تا پارامتر داره ولی فقط ۱۲۸ تاش قابل آموزشه؟", "why", "persian",
        ["256"], f"γ, β trainable {params(bn)}; moving mean/variance {bn.running_mean.numel() * 2}",
        all_=["256", "128", "میانگین"])
    return rows


def check_cases() -> list[dict]:
    """Other wordings of the same kinds, written once the fixes were in and scored without changing the code."""
    rows: list[dict] = []

    def add(q, kind, lang, any_, working, all_=None):
        rows.append({"q": q, "calc": True, "kind": kind, "any": any_, "lang": lang, "working": working,
                     **({"all": all_} if all_ else {})})

    def head(n, u):
        return params(nn.Linear(n, u))

    add("اگه آخر شبکه ۶×۶×۲۵۶ داشته باشیم و یه لایه fc با ۴۰۹۶ نورون، Flatten در مقایسه با global average pooling چند تا پارامتر بیشتر داره؟",
        "pooling", "persian", fmt(head(9216, 4096) - head(256, 4096)), "flatten − gap")
    add("Flatten vs GAP on a 5x5x128 map feeding Dense(10): by what factor do the parameters drop?", "pooling", "english",
        fmt(head(3200, 10) / head(128, 10)), "flatten / gap")
    small2, big5 = params(*[nn.Conv2d(96, 96, 3) for _ in range(2)]), params(nn.Conv2d(96, 96, 5))
    add("به جای یک لایه‌ی کانولوشن ۵×۵، دو لایه‌ی ۳×۳ با ۹۶ کانال ورودی و خروجی بگذاریم؛ چند پارامتر صرفه‌جویی می‌شود؟",
        "stacked", "persian", fmt(big5 - small2), f"{big5} − {small2}")
    small3, big7 = params(*[nn.Conv2d(64, 64, 3) for _ in range(3)]), params(nn.Conv2d(64, 64, 7))
    add("How many parameters does a stack of three 3x3 convs have compared with one 7x7 conv, C = 64?", "stacked",
        "english", fmt(big7 - small3) + fmt(small3), f"{big7} vs {small3}")
    add("Compute the multiply-accumulate operations of Conv2D(32, 3x3, padding='same') applied to a 64x64x16 tensor.",
        "macs", "english", fmt(conv_macs(nn.Conv2d(16, 32, 3, padding=1), (64, 64))[0]), "64·64·32·144")
    add("flops e ye conv 3x3 ba 16 filter roo vorodi 32x32x3 ba stride 1 va padding 1 chande?", "macs", "finglish",
        fmt(2 * conv_macs(nn.Conv2d(3, 16, 3, padding=1), (32, 32))[0]), "2 · 32·32·16·27")
    add("یک لایه کانولوشن ۷×۷ با ۶۴ فیلتر، گام ۲ و پدینگ ۳ روی تصویر ۲۲۴×۲۲۴×۳ چند MAC انجام می‌دهد؟", "macs", "persian",
        fmt(conv_macs(nn.Conv2d(3, 64, 7, 2, 3), (224, 224))[0]), "112·112·64·147")
    dw, pw = nn.Conv2d(256, 256, 3, groups=256, bias=False), nn.Conv2d(256, 512, 1, bias=False)
    add("A MobileNet-style depthwise separable block: 3x3 depthwise on 256 channels then 1x1 pointwise to 512 channels, "
        "no biases. Parameter count vs a regular 3x3 conv 256->512?", "depthwise", "english", fmt(params(dw, pw)),
        "2304 + 131072")
    dw, pw = nn.Conv2d(64, 64, 3, padding=1, groups=64), nn.Conv2d(64, 128, 1)
    add("کانولوشن depthwise separable 3×3 روی ورودی ۵۶×۵۶×۶۴ با ۱۲۸ فیلتر چند تا ضرب لازم داره؟", "depthwise", "persian",
        fmt(conv_macs(dw, (56, 56))[0] + conv_macs(pw, (56, 56))[0]), "3136·(576 + 8192)")
    direct, one, big = nn.Conv2d(1024, 256, 3, padding=1), nn.Conv2d(1024, 256, 1), nn.Conv2d(256, 256, 3, padding=1)
    d, r = conv_macs(direct, (14, 14))[0], conv_macs(one, (14, 14))[0] + conv_macs(big, (14, 14))[0]
    add("age ghabl az conv 3x3 ba 256 filter roo 14x14x1024 ye 1x1 ba 256 filter bezarim, MAC ha chand barabar kam mishe?",
        "bottleneck", "finglish", fmt(d / r), f"{d} / {r}")
    direct, one, big = nn.Conv2d(256, 192, 3, padding=1), nn.Conv2d(256, 64, 1), nn.Conv2d(64, 192, 3, padding=1)
    add("Parameter savings of inserting a 1x1 conv (64 filters) before a 3x3 conv with 192 filters on a 28x28x256 input?",
        "bottleneck", "english", fmt(params(direct) - params(one, big)), "direct − bottleneck")
    add("یه لایه Flatten روی خروجی ۱۰×۱۰×۳۲ و بعدش Dense(64)؛ پارامترهای Dense چندتاست؟", "dense_flatten", "persian",
        fmt(head(3200, 64)), "3200·64 + 64")
    add("The conv stack outputs 7x7x32, which is flattened into a Dense layer of 10 neurons. How many weights and biases?",
        "dense_flatten", "english", fmt(head(1568, 10)), "1568·10 + 10")
    for q, lang, hw, k, st, pd, dl, pool in [
        ("Input 96x96, 5x5 kernel, stride 3, no padding. What's the output size?", "english", 96, 5, 3, 0, 1, False),
        ("خروجی کانولوشن ۵×۵ با dilation ۲ و پدینگ ۴ روی ورودی ۶۴×۶۴ چند در چند است؟", "persian", 64, 5, 1, 4, 2, False),
        ("khoruji maxpool 2x2 ba stride 2 roo vorodi 28x28x6 chie?", "finglish", 28, 2, 2, 0, 1, True),
    ]:
        layer = nn.MaxPool2d(k, st, pd, dl) if pool else nn.Conv2d(1, 1, k, st, pd, dl)
        side = layer(torch.zeros(1, 1, hw, hw)).shape[-1]
        add(q, "output", lang, [f"{side}x{side}"], f"side {side}")
    add("ye LSTM ba 64 ta unit va vorodi 10 bodi too pytorch chand ta parameter dare?", "rnn", "finglish",
        fmt(params(nn.LSTM(10, 64))), "4·64·74 + 2·4·64")
    add("لایه GRU با ۳۲ واحد و ورودی ۱۶ بعدی در کراس چند پارامتر دارد؟", "rnn", "persian",
        fmt(3 * (32 * 48 + 2 * 32)), "Keras reset_after: 3·(32·48 + 2·32)")
    add("Why does an LSTM(32) on 8 features have 5,248 params in Keras?", "why", "english",
        fmt(4 * (32 * 40 + 32)), "4·(32·40 + 32)", all_=["5,248", "گیت"])
    add("چرا لایه‌ی BatchNorm روی ۳۲ کانال ۱۲۸ پارامتر نشون میده؟", "why", "persian", ["128"], "4·32",
        all_=["128", "میانگین"])
    add("chera GRU ba 128 unit va 64 feature to pytorch 74,496 parameter dare?", "why", "finglish",
        fmt(params(nn.GRU(64, 128))), "3·128·192 + 2·3·128", all_=["74,496", "b_ih"])
    return rows


if __name__ == "__main__":
    for path, rows in ((OUT, cases()), (CHECK, check_cases())):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} cases → {path}")
