"""A small model described in words → the layer spec the calculator counts (:mod:`cnn_demos.spec`).

Students describe the model of their homework in a sentence rather than paste it:

    «ورودی ۲۸ در ۲۸ یه کاناله، اول کانو ۳در۳ با ۳۲ تا فیلتر پدینگ سیم، بعد مکس پول ۲ در ۲، … بعدش فلتن و یه دنس
    ۱۲۸ تایی و آخرم دنس ده تایی. کل پارامترای مدل چند میشه؟»
    → ``input 28x28x1 | conv 32 3x3 same | maxpool 2 | … | flatten | dense 128 | dense 10``

Counted as its first layer, such a question got a wrong total with no warning, the worst answer a calculator can
give.  The sentence is read layer by layer: each layer word in order («کانو», "max pooling", «دنس», "flatten"),
with the numbers between it and the next layer word, and a repetition («پنج بار پشت سر هم», "the same unit
three times») repeats the layer or the block it names.  Every layer must be read whole (a conv's filters and
kernel, a dense layer's units) and the input must be said; otherwise nothing is returned and the one-layer
readers answer with their warning (``prose._unread``).  The text is :func:`cnn_demos.prose.normalise`'s: Latin
digits, «۳ در ۳» as ``3x3``, numbers said in words as digits, lower case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Layer words, in the order they are tried at one position (a transposed conv before a conv, a global pool before a
# pool).  Each is (kind, pattern); the patterns hold no groups.
_LAYER_WORDS: tuple[tuple[str, str], ...] = (
    ("transposed", r"conv\s*transpose\w*|convtranspose\w*|conv2dtranspose|transposed?\s*conv\w*|"
                   r"کانو\w*\s*ترنسپوز\w*|ترنسپوز\w*\s*کانو\w*|deconv\w*|دیکانو\w*"),
    ("upsampling", r"up\s*-?\s*sampl\w*|upsampling\w*|آپ\s*سمپل\w*"),
    ("embedding", r"embedding|امبدینگ"),
    ("global_max", r"global\s*max\s*pool\w*|globalmaxpool\w*|گلوبال\s*مکس\s*پول\w*"),
    ("global_avg", r"global\s*(?:average\s*|avg\s*)?pool\w*|globalaveragepool\w*|globalavgpool\w*|\bgap\b|"
                   r"گلوبال\s*(?:اوریج\s*)?پول\w*"),
    ("pool", r"max\s*-?\s*pool\w*|maxpool\w*|مکس\s*پول\w*|مکسپول\w*|avg\s*pool\w*|average\s*pool\w*|"
             r"اوریج\s*پول\w*|(?<![\w])pool(?:ing)?\b|پولینگ"),
    ("conv", r"conv(?:olution(?:al)?)?(?:[12]d)?s?(?![\w])|کانولوشن\w*|کانوولوشن\w*|کانوالو\w*|کانو(?:ی|ها)?(?![\w])"),
    ("flatten", r"flatten|فلتن|فلت(?![\w])"),
    ("dense", r"dense|دنس|fully\s*connected|(?<![\w])linear(?![\w])|(?<![\w])fc(?![\w])"),
    ("batchnorm", r"batch\s*norm\w*|batchnorm\w*|(?<![\w])bn(?![\w])|بچ\s*نرم\w*"),
    ("dropout", r"dropout|دراپ\s*اوت"),
)
_LAYER = re.compile("|".join(f"(?P<{kind}>{words})" for kind, words in _LAYER_WORDS))
# layers this reader does not read: a sentence naming one is left to the readers that do
_UNREAD_LAYERS = (r"lstm|gru|rnn|ال\s*اس\s*تی\s*ام|attention|اتنشن|transformer|ترنسفورمر|separable|depthwise|"
                  r"residual|skip|shortcut|اسکیپ|concat|inception|branch|"
                  # … and options of a layer it does not read: a dilated or grouped conv, a transposed conv's
                  # output_padding, a bidirectional wrapper
                  r"dilat|دایلیشن|اتساع|atrous|groups?\b|گروه|output_padding|output\s+padding|bidirection|دو\s*طرفه")
# not a model's count: alternatives («فلتن یا gap», "instead"; the comparison readers answer those), one layer of
# it asked («این لایه چند وزن داره؟»), a receptive field or memory (not computed), a pool placed by position
# ("after the first two": not read)
_NOT_A_MODEL = re.compile(r"(?<![\w])(?:یا|or|ya)(?![\w])|instead|به\s*جا(?:ی|ش)|بجا(?:ی|ش)|\bbe\s*ja(?:ye|sh)\b|"
                          r"(?:این|this|in)\s*(?:لایه|layer|laye)(?!\s*ها|s|ha)|"
                          r"receptive|رسپتیو|میدان\s*دید|حافظه|memory|hafeze|\bbytes?\b|"
                          r"after\s+the\s+first|بعد\s*از\s*\S+\s*تای?\s*اول|" + _UNREAD_LAYERS)
# a layer the input comes out of, not one of the model asked about: «بعد از آخرین پولینگ، فیچر مپم ۱۰×۱۰×۶۴»
_BEFORE_INPUT = re.compile(r"(?:بعد\s*از|after|pas\s*az|bad\s*az)\s*(?:آخرین|the\s+last|the|akharin)?\s*$")
_SMALL = {"دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "two": 2, "three": 3, "four": 4,
          "five": 5, "six": 6, "do": 2, "se": 3, "chahar": 4, "panj": 5, "twice": 2}
_TIMES = re.compile(r"(?<![\w])(\d+|" + "|".join(_SMALL) + r")\s*(?:بار|times|(?<=\w )bar(?![\w]))")
_BLOCK = re.compile(r"بلوک|block|(?<![\w])unit(?![\w])|stack|این\s*(?:دو|2)\s*تا")  # not a Dense's «۱۰ واحد»


@dataclass(frozen=True)
class Described:
    """The spec read; ``nominal``: the map's side was not said and the spec counts on :data:`NOMINAL_SIDE` (the
    parameters do not depend on it, and nothing after the convolutions flattens it)."""

    spec: str
    layers: int
    nominal: bool = False
    nominal_length: bool = False  # the same for a sequence's length (:data:`NOMINAL_LENGTH`)


NOMINAL_SIDE = 56
NOMINAL_LENGTH = 100


def read(text: str) -> Described | None:
    """The model ``text`` describes, as a layer spec; None unless every layer it names is read whole."""
    if _NOT_A_MODEL.search(text):
        return None
    found = list(_LAYER.finditer(text))
    if not found or len(found) < 2 and not _TIMES.search(text) and not _count_before(text, found[0].start()):
        return None
    start, shape, channels = _input(text)
    spans: list[tuple[int, int]] = []
    if shape is None and channels is None and (steps := _SEQUENCE_LENGTH.search(text)) \
            and (features := _FEATURES.search(text)):  # «sequence هایی با طول ۱۰۰ و ۱۶ تا feature»
        said = 1 if features.group(1) else 2
        shape, channels = (int(steps.group(1)), int(features.group(said))), int(features.group(said))
        start, spans = min(steps.start(), features.start()), [steps.span(1), features.span(said)]
    sequence = found[0].lastgroup == "embedding"
    if sequence:  # token ids in: the input is the sequence's length (its size said is no map)
        length = _first(_SEQUENCE_LENGTH, text)
        start, shape, channels = len(text), (length or NOMINAL_LENGTH,), None
    found = [m for m in found if not (m.start() < start and _BEFORE_INPUT.search(text[max(0, m.start() - 20):
                                                                                       m.start()]))]
    found = [m for m in found if not _left_out(text, m)]
    if not found:
        return None
    kinds = [m.lastgroup for m in found]
    nominal = shape is None and channels is not None and "flatten" not in kinds \
        and "dense" not in kinds[: next((i for i, k in enumerate(kinds) if k.startswith("global")), len(kinds))]
    if shape is None and not nominal:
        return None
    if nominal:
        shape = (NOMINAL_SIDE, NOMINAL_SIDE, channels)
    nominal_length = sequence and shape == (NOMINAL_LENGTH,) and not _first(_SEQUENCE_LENGTH, text)
    if nominal_length and "flatten" in kinds:
        return None  # a Dense after Flatten counts on the length: it must be said
    repeats = _repeats(text, found)
    if repeats is None:
        return None
    block, each = repeats
    layers: list[str] = []
    blanked = text if nominal else _blank(text, start) if not spans else \
        "".join(" " if any(a <= k < b for a, b in spans) else ch for k, ch in enumerate(text))
    for i, match in enumerate(found):
        kind = match.lastgroup or ""
        if kind == "embedding" and i:
            return None  # token ids come in first
        low, high = _part(blanked, found, i)
        said = blanked[low: match.start()] + " " + blanked[match.end(): high]
        if not re.search(r"\d", said) and (kind in _NEEDS_NUMBERS and kind in kinds[:i] or i and kind == kinds[i - 1]):
            continue  # «… و conv چند تا پارامتر داره؟», «(همون اورلپینگ پولینگ)»: a layer said before, named again
        one_d = len(shape) <= 2 or "1d" in match.group(0)
        listed = _listed(kind, said)
        if len(listed) > 1:  # "three 3x3 convs with 16, 32 and 64 filters", "dense layers of 120, 84 and 10"
            if each.get(i, len(listed)) != len(listed):
                return None
            for value in listed:
                line, channels = (f"dense {value}", value) if kind == "dense" else \
                    _layer(kind, match.group(0), _LIST.sub(str(value), said, count=1), channels, one_d)
                if line is None:
                    return None
                layers.append(line)
            continue
        line, channels = _layer(kind, match.group(0), said, channels, one_d)
        if line is None:
            return None
        layers += [line] * each.get(i, 1)
    layers *= block
    if len(layers) < 2:
        return None
    spec = " | ".join([f"input {shape_text(shape)}", *layers])
    return Described(spec, len(layers), nominal, nominal_length) if _fits(spec) else None


def _fits(spec: str) -> bool:
    """Whether the layers read fit together (a global pool after a Flatten does not): a misreading, so the
    one-layer readers answer instead of an error about layers the student never wrote."""
    from cnn_demos.shapes import infer
    from cnn_demos.spec import SpecError, parse

    try:
        infer(parse(spec))
    except SpecError:
        return False
    return True


# where one layer's words end and the next one's begin: «، بعد», "then", "followed by", a full stop
_BREAK = re.compile(r"[،,;:؛]|\.(?!\d)|\bthen\b|followed\s+by|(?<![\w])(?:بعدش|بعد|سپس|آخرش|آخرم|آخر|bad|badesh|"
                    r"akharesh\w*)(?![\w])")


def _part(text: str, found: list[re.Match[str]], i: int) -> tuple[int, int]:
    """The span of ``text`` holding the ``i``-th layer's numbers: back to the break before its word ("a 3x3 conv"
    says the kernel first) unless another layer's word comes after that break, on to the break before the next
    layer's own part ("conv 3x3 with 32 filters, then maxpool")."""
    word = found[i]
    previous_end = found[i - 1].end() if i else 0
    breaks = list(_BREAK.finditer(text, previous_end, word.start()))
    low = breaks[-1].end() if breaks else (0 if i == 0 else word.start())
    if i + 1 == len(found):
        return low, len(text)
    following = list(_BREAK.finditer(text, word.end(), found[i + 1].start()))
    return low, following[-1].start() if following else found[i + 1].start()


_NEEDS_NUMBERS = ("conv", "transposed", "dense")
# "ignoring BN", «بدون دراپ‌اوت», «بچ نرم رو حساب نکن»: a layer the question leaves out of the count
_LEFT_OUT_BEFORE = re.compile(r"(?:ignor\w*|without|excluding|except|بدون|bedun\w*|bedoon\w*)\s+(?:the\s+|a\s+)?$")
_LEFT_OUT_AFTER = re.compile(r"^\s*(?:layers?\s*)?(?:را|رو|ro)?\s*(?:در\s*نظر\s*نگیر|حساب\s*نکن|نشمر|hesab\s*nakon)")


def _left_out(text: str, word: re.Match[str]) -> bool:
    return bool(_LEFT_OUT_BEFORE.search(text[max(0, word.start() - 20): word.start()])
                or _LEFT_OUT_AFTER.match(text[word.end(): word.end() + 30]))


def shape_text(shape: tuple[int, ...]) -> str:
    return "x".join(str(v) for v in shape) + (" cl" if len(shape) == 2 else "")


_SEQUENCE_LENGTH = re.compile(r"(?:maxlen|max_len|input_length|sequence\s*length|(?<![\w])length|طول)\s*(?:هر\s*\S+\s*)?"
                              r"(?:=|of|:|is|را|رو|ro)?\s*(?:[^\s\d]+\s+)?(\d+)")
_FEATURES = re.compile(r"(\d+)\s*(?:تا\s*|ta\s*)?(?:features?|فیچر|ویژگی)|(?:features?|فیچر|ویژگی)\s*(?:=|:)?\s*(\d+)")
_VOCABULARY = re.compile(r"(?:vocab\w*|واژگان|واژه|دیکشنری\w*|dictionary)\D{0,14}?(\d+)|"
                         r"(\d+)\s*(?:تا\s*)?(?:کلمه|واژه|words?\b|tokens?\b)")
_WIDTH = re.compile(r"(?:dim\w*|بعد|ابعاد|سایز\s*بردار\w*|embedding\s*size|size|اندازه\s*بردار\w*)\D{0,14}?(\d+)|"
                    r"(\d+)\s*(?:-?\s*d(?:im\w*)?\b|بعدی)")


def repetitions(text: str) -> int | None:
    """How many times the sentence says something is repeated («پنج بار پشت سر هم», "three times", «do bar»)."""
    said = _TIMES.search(text)
    return _count(said.group(1)) if said else None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _SMALL[word]


def _count_before(text: str, at: int) -> int | None:
    """A count said right before a layer word: «۲تا کانو», "two 3x3 convs", «3 ta conv»."""
    said = re.search(r"(?<![\w.x])(\d|" + "|".join(_SMALL) + r")\s*(?:تا|ta)?\s*(?:لایه\s*(?:ی\s*)?)?"
                     r"(?:\d+x\d+\s*)?$", text[max(0, at - 30): at])
    return _count(said.group(1)) if said else None


def _repeats(text: str, found: list[re.Match[str]]) -> tuple[int, dict[int, int]] | None:
    """(how many times the whole block is said to repeat, how many times each layer is): «این بلوکو چهار بار
    تکرار کردم», "the same unit three times"; «پنج بار پشت سر هم یه کانو», «۲تا کانو ۳×۳»."""
    block, each = 1, {}
    for i, match in enumerate(found):
        before = _count_before(text, match.start())
        if before:
            each[i] = before
    for times in _TIMES.finditer(text):
        count = _count(times.group(1))
        if _BLOCK.search(text):  # «این بلوکو چهار بار تکرار کردم», "a block of …, repeated three times"
            block = count
            continue
        after = [i for i, m in enumerate(found) if 0 <= m.start() - times.end() <= 40]
        before = [i for i, m in enumerate(found) if m.end() <= times.start()]
        if not after and not before:
            return None
        each[after[0] if after else before[-1]] = count
    return block, each


# -- the input ---------------------------------------------------------------------------------------

_INPUT_WORDS = r"ورودی\w*|input\w*|vorodi\w*|vorudi\w*|voroodi\w*|تصویر\w*|عکس\w*|images?|roye|روی|\bon\b|\bfor\b"
_SIZE = re.compile(r"(?<![\w.])(\d+)x(\d+)(?:x(\d+))?(?![\w]|\.\d)")
_ONE = r"یه\s*کاناله|یک\s*کاناله|1\s*کاناله|gray\w*|grey\w*|خاکستری|mnist|ام\s*نیست|mono\b|تک\s*کاناله"
_THREE = r"rgb|رنگی|color|colour|3\s*کاناله"
_CHANNELS_SAID = re.compile(r"(\d+)\s*(?:تا\s*)?(?:کاناله?|channels?|kanal\w*)")


def _input(text: str) -> tuple[int, tuple[int, ...] | None, int | None]:
    """(where the input is said, its shape, its channels): a map's HxWxC said beside an input word."""
    for size in _SIZE.finditer(text):
        before = text[max(0, size.start() - 24): size.start()]
        h, w, c = (int(v) if v else None for v in size.groups())
        if h is None or w is None or h != w and c is None or h < 7:
            continue
        if not re.search(_INPUT_WORDS, before) and c is None:
            continue
        if c is None:
            around = text[size.end(): size.end() + 40]
            if re.search(_ONE, around) or re.search(_ONE, text):
                c = 1
            elif re.search(_THREE, around) or re.search(_THREE, text):
                c = 3
            elif (said := _CHANNELS_SAID.match(around.lstrip(" ،,با").removeprefix("ba ").removeprefix("with "))):
                c = int(said.group(1))
        if c is None:
            return size.start(), None, None
        return size.start(), (h, w, c), c
    said = _CHANNELS_IN.search(text)
    return 0, None, int(next(g for g in said.groups() if g)) if said else None


# the input's channels said without its size: "a 3x3 conv from 128 to 128 channels", «ورودی و خروجی هر دوتاش ۶۴
# کاناله», «۲۵۶ کانال ورودی»
_CHANNELS_IN = re.compile(r"(?:from|از)\s*(\d+)\s*(?:channels?\s*|کانال\s*)?(?:to|به)\s*\d+|"
                          r"ورودی\w*\s*(?:و\s*خروجی\w*\s*)?(?:\S+\s*){0,5}?(\d+)\s*(?:تا\s*)?کاناله|"
                          r"(\d+)\s*(?:تا\s*)?کانال\w*\s*(?:ی\s*)?ورودی|in_channels\s*=\s*(\d+)|(\d+)\s*input\s+channels")


def _blank(text: str, at: int) -> str:
    """``text`` with the input's size (and the channels said with it) blanked: they are no layer's numbers."""
    size = _SIZE.match(text, at)
    if size is None:
        return text
    end = size.end()
    said = _CHANNELS_SAID.match(text, end + 1) or _CHANNELS_SAID.match(text, end + 4)
    if said and said.start() - end < 6:
        end = said.end()
    return text[:at] + " " * (end - at) + text[end:]


# -- one layer -------------------------------------------------------------------------------------

_FILTERS = re.compile(r"(?<![\w.x])(\d+)\s*(?:تا\s*|ta\s*)?(?:فیلتر|filters?|filtr|kernels\b|تایی|output\s+channels|"
                      r"کانال\s*خروجی|out\s+channels)|(?:فیلتر|filters?|filtr)\s*(?:=\s*)?(\d+)|"
                      r"(?:to|به)\s*(\d+)\s*(?:تا\s*)?(?:channels?|کانال)|\(\s*(\d+)\s*[,)]|"
                      r"خروجی\w*\s*(?:\S+\s*){0,3}?(\d+)\s*(?:تا\s*)?کاناله")
_KERNEL = re.compile(r"(?<![\w.])(\d+)x\1(?![\wx]|\.\d)|(?:kernel|کرنل)\s*(?:_?size|سایز)?\s*(?:=|of)?\s*(\d+)")
_STRIDE = re.compile(r"(?:stride|strides|استراید|گام)\s*(?:=|of)?\s*(\d+)")
_PADDING = re.compile(r"(?:padding|پدینگ)\s*(?:=|of)?\s*(\d+)")
_SAME = re.compile(r"same|سیم\b|سِیم")
_NO_BIAS = re.compile(r"bias\s*=\s*false|use_bias\s*=\s*false|بدون\s*بایاس|بی\s*بایاس|without\s+(?:a\s+)?bias|"
                      r"no\s+bias|bedun\w*\s*bias")
_UNITS = re.compile(r"(?<![\w.x])(\d+)\s*(?:تایی|units?|neurons?|نورون|واحد|classes|کلاس|تا\s*کلاس|ta\s*class\w*|"
                    r"خروجی|outputs?)|(?:units?|نورون|classes)\s*(?:=\s*)?(\d+)|^\W*\(?\s*(\d+)\b|"
                    r"(?:for|واسه|برای|baraye)\s*(\d+)\s*(?:تا\s*)?(?:classes|کلاس|class)")
_POOL_SIZE = re.compile(r"(?<![\w.])(\d+)x\1(?![\wx]|\.\d)|^\W*\(?\s*(?:pool_size\s*=\s*)?(\d+)\b")


_LIST = re.compile(r"(?<![\w.x])\d+(?:\s*(?:,|،|and|و|va)\s*\d+)+(?![\wx]|\.\d)")  # «10.» ends a sentence
_LISTED = {
    "conv": re.compile(_LIST.pattern + r"\s*(?:تا\s*|ta\s*)?(?:فیلتر|filters?|filtr|تایی|output\s+channels)"),
    "dense": re.compile(r"(?:layers?\s+of|of|با|with|ba|های|ha)\s*(" + _LIST.pattern + r")|(" + _LIST.pattern
                        + r")\s*(?:تایی|units?|neurons?|نورون)"),
}


def _listed(kind: str, said: str) -> list[int]:
    """The numbers of several layers of one kind said together ("16, 32 and 64 filters"), in order."""
    pattern = _LISTED.get(kind)
    match = pattern.search(said) if pattern else None
    if match is None:
        return []
    return [int(v) for v in re.findall(r"\d+", next((g for g in match.groups() if g), match.group(0)))]


def _first(pattern: re.Pattern[str], said: str) -> int | None:
    match = pattern.search(said)
    if match is None:
        return None
    return int(next(g for g in match.groups() if g))


def _layer(kind: str, word: str, said: str, channels: int | None, one_d: bool) -> tuple[str | None, int | None]:
    """One layer's spec line and the channels after it; (None, …) when a number it needs is not said."""
    said = said[:120]
    if kind == "conv":
        filters, kernel = _first(_FILTERS, said), _first(_KERNEL, said)
        if filters is None or kernel is None:
            return None, channels
        options = [f"s{s}" for s in [_first(_STRIDE, said)] if s and s != 1]
        options += ["same"] if _SAME.search(said) else [f"p{p}" for p in [_first(_PADDING, said)] if p]
        options += ["nobias"] if _NO_BIAS.search(said) else []
        name = "conv1d" if one_d else "conv"
        return " ".join([name, str(filters), f"{kernel}" if one_d else f"{kernel}x{kernel}", *options]), filters
    if kind == "transposed":
        filters, kernel, stride = _first(_FILTERS, said), _first(_KERNEL, said), _first(_STRIDE, said) or 1
        if filters is None or kernel is None:
            return None, channels
        padding = "'same'" if _SAME.search(said) else "'valid'"
        if _first(_PADDING, said):
            return None, channels  # PyTorch's padding trims the output: not a Keras layer
        return f"Conv2DTranspose({filters}, {kernel}, strides={stride}, padding={padding})", filters
    if kind == "embedding":
        vocabulary, width = _first(_VOCABULARY, said), _first(_WIDTH, said)
        if vocabulary is None or width is None or vocabulary == width:
            return None, channels
        return f"Embedding({vocabulary}, {width})", width
    if kind == "upsampling":
        size = _first(_POOL_SIZE, said) or 2
        return f"UpSampling2D(size={size})", channels
    if kind == "pool":
        size = _first(_POOL_SIZE, said) or 2
        stride = _first(_STRIDE, said)
        kind_word = "avgpool" if re.search(r"avg|average|اوریج", word) else "maxpool"
        return f"{kind_word}{'1d' if one_d else ''} {size}" + (f" s{stride}" if stride and stride != size else ""), \
            channels
    if kind in ("global_avg", "global_max"):
        return ("gap" if kind == "global_avg" else "gmp"), channels
    if kind == "flatten":
        return "flatten", channels
    if kind == "dense":
        units = _first(_UNITS, said)
        return (None, channels) if units is None else (f"dense {units}", units)
    if kind == "batchnorm":
        return "bn", channels
    if kind == "dropout":
        return "dropout 0.5", channels
    return None, channels
