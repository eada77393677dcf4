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
    ("conv", r"conv(?:olution(?:al)?)?(?:[12]d)?s?(?![\w])|کانولوشن\w*|کانوولوشن\w*|کانولشن\w*|کانوالو\w*|کانو(?:ی|ها)?(?![\w])"),
    ("flatten", r"flatten|فلتن|فلت(?![\w])"),
    ("dense", r"dense|دنس|fully\s*connected|(?<![\w])linear(?![\w])|(?<![\w])fc(?![\w])"),
    ("batchnorm", r"batch\s*norm\w*|batchnorm\w*|(?<![\w])bn(?![\w])|بچ\s*(?:نرم|نورم|نرمال|نورمال)\w*"),
    ("dropout", r"dropout|دراپ\s*اوت"),
)
_LAYER = re.compile("|".join(f"(?P<{kind}>{words})" for kind, words in _LAYER_WORDS))
_SHAPES_ONLY = {"pool", "global_max", "global_avg", "flatten", "upsampling"}  # no weights; they change the shape
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
_TIMES = re.compile(r"(?<![\w])(\d+|" + "|".join(_SMALL) + r")\s*(?:بار|times|(?<=\w )bar)(?![\w])")  # not «دوباره»
_BLOCK = re.compile(r"بلوک|block|(?<![\w])unit(?![\w])|یونیت|stack|این\s*(?:دو|2)\s*تا")  # not a Dense's «۱۰ واحد»
_MORE = re.compile(r"\s*(?:دیگه|دیگر|more|again|dige)\b")  # «دو بار دیگه»: after the first
_NAMES_BLOCK = re.compile(r"\s*(?:ی\s*)?(?:block|بلوک|unit|یونیت)")  # «conv block»: the block's name, no layer
# «کانوها», "convs", «conv ha»: the layers said before, all of them, not one more
_PLURAL = re.compile(r"(?:ها|های|هارو|s)$|^\s*(?:ha|haa)\b")
_ASKED = re.compile(r"[?؟]|چند|how\s+many")
# a layer named again in the question itself: «… و conv چند تا پارامتر داره؟»
_ASKED_AFTER = re.compile(r"\s*(?:\S+\s*){0,2}?(?:چند|چقدر|chand|cheqad|how\s+many|what)")
# a layer named to point at a place, not said as one: «فیچر مپ قبل از پولینگ», "the output after the pool"
_REFERENCE = re.compile(r"(?:قبل|بعد)\s*از\s*(?:\S+\s*)?$|(?:before|after)\s+(?:the\s+)?(?:\w+\s+)?$|"
                        r"(?:every|each|all\s+the|هر|همه\s*ی?)\s*$")  # "every conv here is followed by BN"
# biases left out of the whole count: "ignore bn and all biases", «بایاسارو حساب نکنید», "no biases anywhere"
_NO_BIAS_ANYWHERE = re.compile(r"(?:ignor\w*|exclud\w*|without)\s+(?:\w+\s+){0,3}?(?:all\s+)?(?:the\s+)?biases|"
                               r"(?:all|no)\s+biases|بایاس\w*\s*(?:رو|را)?\s*(?:حساب\s*نکن|در\s*نظر\s*نگیر|نشمر)|"
                               r"bias\w*\s*(?:ha\s*)?(?:ro\s*)?hesab\s*nakon")


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
    found = [m for m in _LAYER.finditer(text) if not _NAMES_BLOCK.match(text, m.end())]  # «conv block»: a name
    if not _VOCABULARY.search(text):  # "a Conv1d on the text's embeddings, embedding dim 300": the input, no layer
        found = [m for m in found if m.lastgroup != "embedding"]
    if not found or len(found) < 2 and not _TIMES.search(text) and not _count_before(text, found[0].start()) \
            and not (_SEQUENCE_LENGTH.search(text) and _ONE_D.search(text)):
        return None
    given = _model_input(text, found)
    if given is None:
        return None
    found = [m for m in found if not (m.start() < given.start and _BEFORE_INPUT.search(text[max(0, m.start() - 20):
                                                                                             m.start()]))]
    # "ignore bn": every BatchNorm; but a pooling «رو حساب نکنید» of a FLOP count still halves the map: its
    # operations are not counted anyway, and without it the Dense after it was counted on 4 times the inputs
    dropped = {m.lastgroup for m in found if _left_out(text, m)} - _SHAPES_ONLY
    found = [m for m in found if m.lastgroup not in dropped and not (m.lastgroup in _SHAPES_ONLY and _left_out(text, m))]
    if not found:
        return None
    repeats = _repeats(text, found)
    if repeats is None:
        return None
    block, each = repeats
    blanked = "".join(" " if any(a <= k < b for a, b in given.spans) else ch for k, ch in enumerate(text))
    no_bias = bool(_NO_BIAS_ANYWHERE.search(text))
    kinds = [m.lastgroup or "" for m in found]
    channels = given.channels
    words: list[list[str]] = []
    for i, match in enumerate(found):
        kind = kinds[i]
        if kind == "embedding" and i:
            return None  # token ids come in first
        low, high = _part(blanked, found, i)
        said = blanked[low: match.start()] + " ¦ " + blanked[match.end(): high]  # the word itself: no number
        if not re.search(r"\d", said) and _named_again(text, found, kinds, i):
            words.append([])  # «… و conv چند تا پارامتر داره؟», «(همون اورلپینگ پولینگ)»: a layer said before
            continue
        one_d = len(given.shape) <= 2 or "1d" in match.group(0)
        own = blanked[match.end(): high] if kind == "dense" else said  # a Dense's units follow its word
        listed = _listed(kind, own)
        if len(listed) > 1:  # "three 3x3 convs with 16, 32 and 64 filters", "dense layers of 120, 84 and 10"
            if each.get(i, len(listed)) != len(listed):
                return None
            lines = []
            for value in listed:
                line, channels = (f"dense {value}", value) if kind == "dense" else \
                    _layer(kind, match.group(0), said, channels, one_d, filters=value)
                if line is None:
                    return None
                lines.append(line)
        else:
            line, channels = _layer(kind, match.group(0), own, channels, one_d)
            if line is None:
                return None
            lines = [line] * each.get(i, 1)
        words.append([f"{line} nobias" if no_bias and kind in ("conv", "dense") and "nobias" not in line else line
                      for line in lines])
    layers = _assemble(words, block)
    if len(layers) < 2 and not (len(given.shape) == 2 and layers and layers[0].startswith("conv1d")):
        return None  # one layer is the one-layer readers' (but a Conv1D on a signal said by its length and channels)
    spec = " | ".join([f"input {shape_text(given.shape)}", *layers])
    if not _accounted(blanked, spec, [block[2], *each.values()]):
        return None
    return Described(spec, len(layers), given.nominal, given.nominal_length) if _fits(spec) else None


def _named_again(text: str, found: list[re.Match[str]], kinds: list[str], i: int) -> bool:
    """Whether the ``i``-th layer word, said without numbers, points at a layer rather than adds one: after every,
    before or after («هر کانو», «قبل از پولینگ»), or a kind said before named again: in the question («… و conv چند
    تا پارامتر داره؟», «…چنده؟ با بچ نرم»), as a plural («کانوها»), or right after itself («(همون اورلپینگ
    پولینگ)»; not a conv or a Dense, which would be another layer)."""
    match, kind = found[i], kinds[i]
    if _REFERENCE.search(text[max(0, match.start() - 16): match.start()]):
        return True
    return kind in kinds[:i] and bool(
        _ASKED_AFTER.match(text, match.end()) or _ASKED.search(text, found[i - 1].end(), match.start())
        or _PLURAL.search(match.group(0)) or _PLURAL.match(text, match.end())
        or kind == kinds[i - 1] and kind not in _NEEDS_NUMBERS)


def _assemble(words: list[list[str]], block: tuple[int, int, int]) -> list[str]:
    """Each layer word's lines in order, the block's repeated (:func:`_repeats`)."""
    low, high, times = block
    return [line for w in words[:low] for line in w] + [line for w in words[low:high] for line in w] * times \
        + [line for w in words[high:] for line in w]


_WHOLE_NUMBER = re.compile(r"(?<![\w.])\d+(?![\w]|\.\d)")


def _accounted(text: str, spec: str, counts: list[int]) -> bool:
    """Whether every number the sentence says is in the spec (or counts its layers): a number left over is a part
    not read («همین بلوکو با ۱۲۸ تا فیلتر تکرار کردم»), and the total would be silently wrong."""
    used = {int(v) for v in re.findall(r"\d+", spec)} | set(counts) | {0, 1}  # stride 1, padding 0: the defaults
    return all(int(v) in used for v in _WHOLE_NUMBER.findall(_NAMED_NUMBER.sub(" ", text)))


# numbers that name rather than size: «بلوک سوم vgg 16», "question 2 of the assignment", «شکل ۳ کتاب», 16 kHz
_NAMED_NUMBER = re.compile(r"(?:vgg|resnet|lenet|alexnet|densenet|mobilenet\w*|efficientnet\w*|inception|yolo\w*|"
                           r"gpt|bert|vit|unet|v)\s*-?\s*\d+|(?:تمرین|سوال|سؤال|شکل|فصل|جلسه|question|figure|fig\.?|"
                           r"chapter|exercise|part|tamrin|soal)\s*\d+|\d+\s*(?:khz|kHz|کیلوهرتز|hz|هرتز|ثانیه|seconds?)")


@dataclass(frozen=True)
class _Given:
    """The model's input as the sentence says it: where, its shape, its channels, the numbers it used."""

    start: int
    shape: tuple[int, ...]
    channels: int | None
    spans: tuple[tuple[int, int], ...] = ()
    nominal: bool = False
    nominal_length: bool = False


def _model_input(text: str, found: list[re.Match[str]]) -> _Given | None:
    """The input: a map (HxWxC, or a dataset's images), a sequence (its length and features, or token ids for an
    Embedding), a vector of features for a Dense; the map's side nominal where only its channels are said and
    nothing flattens it."""
    kinds = [m.lastgroup or "" for m in found]
    if kinds[0] == "embedding":  # token ids in: the input is the sequence's length
        length = _SEQUENCE_LENGTH.search(text)
        if length is None and "flatten" in kinds:
            return None  # a Dense after Flatten counts on the length: it must be said
        return _Given(len(text), (_said(length)[0] if length else NOMINAL_LENGTH,), None,
                      (_said(length)[1],) if length else (), nominal_length=length is None)
    steps, features = _SEQUENCE_LENGTH.search(text), _FEATURES.search(text)
    if steps is not None and features is None and _ONE_D.search(text) and _MONO.search(text):
        length, length_span = _said(steps)  # "16000 samples, mono": one channel
        return _Given(steps.start(), (length, 1), 1, (length_span,))
    start, shape, channels, spans = _input(text)
    if shape is not None:
        return _Given(start, shape, channels, spans)
    if channels is None and features is not None:
        width, width_span = _said(features)
        if steps is not None:  # «sequence هایی با طول ۱۰۰ و ۱۶ تا feature»
            length, length_span = _said(steps)
            return _Given(min(steps.start(), features.start()), (length, width), width, (length_span, width_span))
        if kinds[0] == "dense":  # "20 features in, dense(128) …"
            return _Given(features.start(), (width,), width, (width_span,))
    flattened = [i for i, k in enumerate(kinds) if k in ("flatten", "dense")]
    pooled = next((i for i, k in enumerate(kinds) if k.startswith("global")), len(kinds))
    if channels is None or flattened and flattened[0] < pooled:
        return None
    return _Given(0, (NOMINAL_SIDE, NOMINAL_SIDE, channels), channels, nominal=True)


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
_BREAK = re.compile(r"[،,;:؛+→]|->|\.(?!\d)|\bthen\b|followed\s+by|(?<![\w])(?:بعدش|بعد|سپس|آخرش|آخرم|آخر|bad|badesh|"
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
_MONO = re.compile(r"(?<![\w])mono(?![\w])|تک\s*کاناله|یک\s*کاناله|1\s*کاناله|single[- ]channel")
_ONE_D = re.compile(r"conv\s*1d|conv1d|یک\s*بعدی|1\s*بعدی|1d\b|یه\s*بعدی")
# "ignoring BN", «بدون دراپ‌اوت», «بچ نرم رو حساب نکن»: a layer the question leaves out of the count
_LEFT_OUT_BEFORE = re.compile(r"(?:ignor\w*|without|excluding|except|بدون|bedun\w*|bedoon\w*)\s+(?:the\s+|a\s+)?$")
_LEFT_OUT_AFTER = re.compile(r"^\s*(?:layers?\s*)?(?:را|رو|ro)?\s*(?:در\s*نظر\s*نگیر|حساب\s*نکن|نشمر|hesab\s*nakon)")


def _left_out(text: str, word: re.Match[str]) -> bool:
    return bool(_LEFT_OUT_BEFORE.search(text[max(0, word.start() - 20): word.start()])
                or _LEFT_OUT_AFTER.match(text[word.end(): word.end() + 30]))


def shape_text(shape: tuple[int, ...]) -> str:
    return "x".join(str(v) for v in shape) + (" cl" if len(shape) == 2 else "")


_SEQUENCE_LENGTH = re.compile(r"(?:maxlen|max_len|input_length|sequence\s*length|(?<![\w])length|طول|(?<![\w])tool\w*|"
                              r"(?<![\w])tul\w*)"
                              r"\s*(?:هر\s*\S+\s*)?(?:=|of|:|is|را|رو|ro)?\s*(?:[^\s\d]+\s+){0,2}(\d+)|"
                              r"(\d+)\s*(?:تا\s*|ta\s*)?(?:time\s*steps?|timesteps?|تایم\s*استپ\w*|steps?\b|گام\s*زمانی|"
                              r"samples?\b|نمونه)")
_FEATURES = re.compile(r"(\d+)\s*(?:تا\s*|ta\s*)?(?:features?|فیچر|ویژگی|kanal\w*|کانال\w*|channels?|لید|leads?)|"
                       r"(?:features?|فیچر|ویژگی)\s*(?:=|:)?\s*(\d+)|"
                       # words as vectors: "embedding dim 300", «امبدینگ ۳۰۰ بعدی»
                       r"(?:embedding|امبدینگ)\w*\s*(?:dim\w*|size|سایز|بعد)\s*(?:=|:)?\s*(\d+)")
_VOCABULARY = re.compile(r"input_dim\s*=\s*(\d+)|(?:vocab\w*|واژگان|واژه|دیکشنری\w*|dictionary)\D{0,14}?(\d+)|"
                         r"(\d+)\s*(?:تا\s*)?(?:کلمه|واژه|words?\b|tokens?\b)")
_WIDTH = re.compile(r"output_dim\s*=\s*(\d+)|(?:(?<!input_)dim\w*|بعد|ابعاد|سایز\s*بردار\w*|embedding\s*size|size|اندازه\s*بردار\w*)\D{0,14}?(\d+)|"
                    r"(\d+)\s*(?:-?\s*d(?:im\w*)?\b|بعدی)")


def geometry(text: str) -> str | None:
    """The windowed layers the sentence says, with only what a receptive field needs (kernel, stride, dilation),
    as a layer spec; None unless each is read («سه تا کانو ۳در۳ … بعد یه مکسپول ۲×۲ با گام ۲ …», "3 convs 3x3
    with dilation 1, 2 and 4")."""
    found = [m for m in _said_layers(text) if m.lastgroup not in ("batchnorm", "dropout")]
    if not found or any(m.lastgroup not in ("conv", "pool") for m in found):
        return None
    repeats = _repeats(text, found)
    if repeats is None:
        return None
    block, each = repeats
    words: list[list[str]] = []
    for i, match in enumerate(found):
        start, end = _part(text, found, i)
        said = text[start: match.start()] + " ¦ " + text[match.end(): end]
        stride = first_number(_STRIDE, said)
        if match.lastgroup == "pool":
            size = first_number(_POOL_SIZE, said) or 2
            words.append([f"maxpool {size}" + (f" s{stride}" if stride else "")])
            continue
        kernel = first_number(_KERNEL, said)
        if kernel is None:
            return None
        count = each.get(i, 1)
        dilations = _dilations(said, count)
        if dilations is None:
            return None
        words.append([f"conv {kernel}x{kernel}" + (f" s{stride}" if stride and stride != 1 else "")
                      + (f" d{d}" if d != 1 else "") for d in dilations])
    return " | ".join(_assemble(words, block))


def _said_layers(text: str) -> list[re.Match[str]]:
    """The layer words that say a layer: not a block's name («conv block»), one left out ("ignoring BN") or one
    pointed at («قبل از پولینگ»)."""
    return [m for m in _LAYER.finditer(text) if not _NAMES_BLOCK.match(text, m.end()) and not _left_out(text, m)
            and not _REFERENCE.search(text[max(0, m.start() - 16): m.start()])]


_DILATION = re.compile(r"(?:dilation|dilated|اتساع|دایلیشن)\w*\s*(?:_?rate)?\s*(?:(?:ها|ha)\w*\s*)?(?:=|of|ba|:)?\s*")  # «dilation هاشون ۱ و ۲»


def _dilations(said: str, count: int) -> list[int] | None:
    """Each of ``count`` convs' dilation: one said for all, a list said for each («dilation 1 va 2 va 4»), or 1."""
    word = _DILATION.search(said)
    if word is None:
        return [1] * count
    listed = _LIST.match(said, word.end())
    if listed is not None:
        values = [int(v) for v in re.findall(r"\d+", listed.group(0))]
        return values if len(values) == count else None
    one = re.match(r"\d+", said[word.end():])
    return [int(one.group(0))] * count if one else None


def windows_named(text: str) -> int:
    """How many windowed layers (conv, pool, transposed conv) the sentence says with numbers of their own («کانو
    ۷×۷ …، بعدش مکس پولینگ ۳×۳ …», «سه تا کانو ۴×۴»): with two or more, one output size answers one of them."""
    found = _said_layers(text)
    said = 0
    for i, match in enumerate(found):
        following = text[match.end(): found[i + 1].start() if i + 1 < len(found) else len(text)]
        if match.lastgroup in ("conv", "pool", "transposed") and (
                re.search(r"\d", following) or _SIZE_BEFORE.search(text[max(0, match.start() - 8): match.start()])):
            said += _count_before(text, match.start()) or 1
    return said


_SIZE_BEFORE = re.compile(r"\d+x\d+\s*$")  # "a 3x3 conv"


def repetitions(text: str) -> int | None:
    """How many times the sentence says something is repeated («پنج بار پشت سر هم», "three times", «do bar»)."""
    said = _TIMES.search(text)
    return _count(said.group(1)) if said else None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _SMALL[word]


def _count_before(text: str, at: int) -> int | None:
    """A count said right before a layer word: «۲تا کانو», "two 3x3 convs", «3 ta conv»."""
    said = re.search(r"(?<![\w.x])(\d(?![\dx])|" + "|".join(_SMALL) + r")\s*(?:تا|ta)?\s*(?:لایه\s*(?:ی\s*)?)?"
                     r"(?:stacked\s+|consecutive\s+)?(?:\d+x\d+\s*)?$", text[max(0, at - 30): at])  # "two stacked 3x3"
    return _count(said.group(1)) if said else None


def _repeats(text: str, found: list[re.Match[str]]) -> tuple[tuple[int, int, int], dict[int, int]] | None:
    """((first, last + 1, times) of the layers a block repetition repeats, how many times each layer is): «این
    بلوکو چهار بار تکرار کردم» repeats the layers said before it, "the same unit three times: a 3x3 conv …" the
    ones after; «پنج بار پشت سر هم یه کانو», «۲تا کانو ۳×۳» one layer.  «دو بار دیگه», "two more times": once more."""
    block, each = (0, len(found), 1), {}
    for i, match in enumerate(found):
        before = _count_before(text, match.start())
        if before:
            each[i] = before
    for times in _TIMES.finditer(text):
        count = _count(times.group(1)) + bool(_MORE.match(text, times.end()))
        if _BLOCK.search(text):
            earlier = [i for i, m in enumerate(found) if m.end() <= times.start()]
            block = (0, len(earlier), count) if earlier else (0, len(found), count)
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
_ONE = (r"یه\s*کاناله|یک\s*کاناله|1\s*کاناله|gray\w*|grey\w*|خاکستری|mnist|ام\s*نیست|mono\b|تک\s*کاناله|"
        r"سیاه\s*(?:و\s*)?سفید|siah\s*(?:o\s*)?sefid|black\s*(?:and\s*|&\s*)?white")
_THREE = r"rgb|رنگی|color|colour|3\s*کاناله"
_CHANNELS_SAID = re.compile(r"(\d+)\s*(?:تا\s*)?(?:کاناله?|channels?|kanal\w*)")


def _input(text: str) -> tuple[int, tuple[int, ...] | None, int | None, tuple[tuple[int, int], ...]]:
    """(where the input is said, its HxWxC, its channels, the spans of its numbers): a map's size said beside an
    input word, or a dataset's images («سیفار ۱۰», "MNIST"); else only its channels, when said."""
    for size in _SIZE.finditer(text):
        before = text[max(0, size.start() - 24): size.start()]
        h, w, c = (int(v) if v else None for v in size.groups())
        if h is not None and w is not None and c is not None and h <= 4 and w == c >= 7:
            h, w, c = w, c, h  # channels first, as PyTorch says it: «3x224x224»
        if h is None or w is None or h != w and c is None or h < 7:
            continue
        if not re.search(_INPUT_WORDS, before) and c is None:
            continue
        end = size.end()
        if c is None:
            around = text[size.end(): size.end() + 40]
            if re.search(_ONE, around) or re.search(_ONE, text):
                c = 1
            elif re.search(_THREE, around) or re.search(_THREE, text):
                c = 3
            elif (said := _CHANNELS_SAID.search(text, size.end(), size.end() + 14)):
                c, end = int(said.group(1)), said.end()
        if c is None:
            return size.start(), None, None, ()
        return size.start(), (h, w, c), c, ((size.start(), end),)
    for pattern, shape in _DATASETS:
        if (named := pattern.search(text)) is not None:
            return named.start(), shape, shape[-1], (named.span(),)
    said = _CHANNELS_IN.search(text)
    if said is not None:
        return 0, None, int(next(g for g in said.groups() if g)), ()
    colour = 3 if re.search(_THREE, text) else 1 if re.search(_ONE, text) else None  # «رو عکس رنگی میزنم»
    return 0, None, colour, ()


# a dataset named for its images: their size (CIFAR-10's 32x32x3, MNIST's 28x28x1)
_DATASETS = (
    (re.compile(r"cifar\W?(?:10|100)?|سیفار\s*(?:10|100|ده|صد)?"), (32, 32, 3)),
    (re.compile(r"(?:fashion\W?)?mnist|ام\s*نیست|امنیست"), (28, 28, 1)),
    (re.compile(r"imagenet|ایمیج\s*نت"), (224, 224, 3)),
)


# the input's channels said without its size: "a 3x3 conv from 128 to 128 channels", «ورودی و خروجی هر دوتاش ۶۴
# کاناله», «۲۵۶ کانال ورودی»
_CHANNELS_IN = re.compile(r"(?:from|از)\s*(\d+)\s*(?:channels?\s*|کانال\s*)?(?:to|به)\s*\d+|"
                          r"ورودی\w*\s*(?:و\s*خروجی\w*\s*)?(?:\S+\s*){0,5}?(\d+)\s*(?:تا\s*)?کاناله|"
                          r"(\d+)\s*(?:تا\s*)?کانال\w*\s*(?:ی\s*)?ورودی|in_channels\s*=\s*(\d+)|(\d+)\s*input\s+channels|"
                          # «ورودی ۶۴ کانال دارد», "the input has 64 channels" (a bare «ورودی ۳۲ کانال» after
                          # «conv … و بعدش batchnorm» stays the conv's own input: its count is asked)
                          r"(?:ورودی\w*|input)\W{0,3}(?:(?:has|of|دارای)\s+)?(\d+)\s*(?:تا\s*)?(?:کانال|channels?\b)"
                          r"\s*(?:دارد|داره|داریم|است|هست|\.)|(?:the\s+)?input\s+has\s+(\d+)\s*channels?")


# -- one layer -------------------------------------------------------------------------------------

_FILTERS = re.compile(r"(?<![\w.x])(\d+)\s*(?:تا\s*|ta\s*)?(?:\d+x\d+\s*)?(?:فیلتر|filters?|filtr|kernels\b|تایی|"
                      r"output\s+channels|"
                      r"کانال\s*خروجی|out\s+channels)|(?:فیلتر\w*|filters?|filtr)\s*(?:ha\s*|های?\s*)?(?:=\s*)?(\d+)|"
                      r"(?:to|به)\s*(\d+)\s*(?:تا\s*)?(?:channels?|کانال)|\(\s*(?:filters\s*=\s*)?(\d+)\s*[,)]|"
                      r"(?<![\w.x])\d+\s*(?:to|->|→)\s*(\d+)(?![\wx])|"
                      r"(?<![\w.x])(\d+)\s*(?:تا|ta)\s+\d+x\d+|"  # «Conv2D 64 ta 3x3»
                      r"(?<![\w.])\d+x\d+\s+(\d+)(?![\wx.]|\s*(?:x|×|تا\s*فیلتر|to\b|->|→|به\s))|"  # «conv 3x3 64 (valid)»
                      r"خروجی\w*\s*(?:\S+\s*){0,3}?(\d+)\s*(?:تا\s*)?کاناله")
_KERNEL = re.compile(r"(?<![\w.])(\d+)x\1(?![\wx]|\.\d)|(?:kernel|کرنل)\s*(?:_?size|سایز)?\s*(?:=|of)?\s*\(?(\d+)|"
                     r"^\W*\(\s*\d+\s*,\s*\(?\s*(\d+)")  # a call's second argument: «conv2d(64, 3, …)»
_STRIDE = re.compile(r"(?:stride|strides|استراید|گام)\s*(?:=|of)?\s*(\d+)|(?<![\w])s(\d)(?![\w])")  # "conv 3x3 s2"
_PADDING = re.compile(r"(?:padding|پدینگ)\s*(?:=|of)?\s*(\d+)")
_SAME = re.compile(r"same|سیم\b|سِیم")
_NO_BIAS = re.compile(r"bias\s*=\s*false|use_bias\s*=\s*false|بدون\s*بایاس|بی\s*بایاس|without\s+(?:a\s+)?bias|"
                      r"no\s+bias|bedun\w*\s*bias|bedoon\w*\s*bias|bias\s*(?:ha\s*)?nadar\w*|بایاس\s*ندار\w*")
_UNITS = re.compile(r"(?:layers?\s+)?(?<![\w])of\s+(\d+)|"
                    r"(?<![\w.x])(\d+)\s*(?:تایی|units?|neurons?|نورون|واحد|classes|کلاس|تا\s*کلاس|ta\s*class\w*|"
                    r"خروجی|outputs?)|(?:units?|نورون|classes)\s*(?:=\s*)?(\d+)|^\W*\(?\s*(\d+)\b|"
                    r"(?:for|واسه|برای|baraye)\s*(\d+)\s*(?:تا\s*)?(?:classes|کلاس|class)")
_ONE_FILTER = re.compile(r"(?<![\w])(?:یه|یک|one|a\s+single|single)\s*(?:تا\s*)?(?:فیلتر|filter)(?!\w*\s*\d)")
_SINGLE = re.compile(r"^\W*(?:یه\s*|یک\s*|a\s+)?(?:تک\s*نورون\w*|single\s+(?:unit|neuron)|one\s+(?:unit|neuron))")
_POOL_SIZE = re.compile(r"(?<![\w.])(\d+)x\1(?![\wx]|\.\d)|^\W*\(?\s*(?:pool_size\s*=\s*)?(\d+)\b")


_LIST = re.compile(r"(?<![\w.x])\d+(?:\s*(?:,|،|and|و|va)\s*\d+)+(?![\wx]|\.\d)")  # «10.» ends a sentence
_LISTED = {
    "conv": re.compile(_LIST.pattern + r"\s*(?:تا\s*|ta\s*)?(?:فیلتر|filters?|filtr|تایی|output\s+channels)|"
                       r"(?:فیلتر\w*|filters?|filtr)\s*(?:ha\s*|های?\s*)?(?:=|:)?\s*(" + _LIST.pattern + ")|"
                       # «اولی ۱۲۸ تا فیلتر داره دومی ۲۵۶ تا», "the first with 32, the second with 64"
                       r"(?:اولی|first)\D{0,16}?(\d+)\D{0,30}?(?:دومی|second)\D{0,12}?(\d+)"
                       r"(?:\D{0,30}?(?:سومی|third)\D{0,12}?(\d+))?"),
    "dense": re.compile(r"(?:layers?\s+of|of|با|with|ba|های|ha|به\s*ترتیب|respectively)\s*(" + _LIST.pattern + r")|(" +
                        _LIST.pattern + r")\s*(?:تا\s*|ta\s*)?(?:تایی|units?|neurons?|نورون)"),
}


_OPTION_BEFORE = re.compile(r"(?:stride|strides|استراید|گام|kernel|کرنل|padding|پدینگ|size|سایز|dilation)\w*\s*=?\s*$")


def _listed(kind: str, said: str) -> list[int]:
    """The numbers of several layers of one kind said together ("16, 32 and 64 filters"), in order."""
    pattern = _LISTED.get(kind)
    match = pattern.search(said) if pattern else None
    if match is None or _OPTION_BEFORE.search(said[max(0, match.start() - 14): match.start()]):
        return []  # "stride 4, 96 filters" lists no filters
    groups = [g for g in match.groups() if g]
    return [int(v) for g in (groups or [match.group(0)]) for v in re.findall(r"\d+", g)]


def _said(match: re.Match[str]) -> tuple[int, tuple[int, int]]:
    """The number a pattern of alternatives found, and where it is."""
    group = next(g for g in range(1, len(match.groups()) + 1) if match.group(g))
    return int(match.group(group)), match.span(group)


def first_number(pattern: re.Pattern[str] | str, said: str) -> int | None:
    """The number the first match of ``pattern`` holds (its first group that matched; «دو», "two" as words)."""
    match = re.search(pattern, said)
    if match is None:
        return None
    return _count(next(g for g in match.groups() if g))


def _layer(kind: str, word: str, said: str, channels: int | None, one_d: bool,
           filters: int | None = None) -> tuple[str | None, int | None]:
    """One layer's spec line and the channels after it; (None, …) when a number it needs is not said.
    ``filters``: a conv's, read from a list said for several («با ۳۲ و ۶۴ و ۱۲۸ تا فیلتر»)."""
    said = said[:240]
    if filters is None and kind in ("conv", "transposed"):
        filters = 1 if _ONE_FILTER.search(said) else first_number(_FILTERS, said)
    if kind == "conv":
        kernel = first_number(_KERNEL, said)
        if filters is None or kernel is None:
            return None, channels
        options = [f"s{s}" for s in [first_number(_STRIDE, said)] if s and s != 1]
        options += ["same"] if _SAME.search(said) else [f"p{p}" for p in [first_number(_PADDING, said)] if p]
        options += ["nobias"] if _NO_BIAS.search(said) else []
        name = "conv1d" if one_d else "conv"
        return " ".join([name, str(filters), f"{kernel}" if one_d else f"{kernel}x{kernel}", *options]), filters
    if kind == "transposed":
        kernel, stride = first_number(_KERNEL, said), first_number(_STRIDE, said) or 1
        if filters is None or kernel is None:
            return None, channels
        padding = "'same'" if _SAME.search(said) else "'valid'"
        if first_number(_PADDING, said):
            return None, channels  # PyTorch's padding trims the output: not a Keras layer
        return f"Conv2DTranspose({filters}, {kernel}, strides={stride}, padding={padding})", filters
    if kind == "embedding":
        vocabulary, width = first_number(_VOCABULARY, said), first_number(_WIDTH, said)
        if vocabulary is None or width is None or vocabulary == width:
            return None, channels
        return f"Embedding({vocabulary}, {width})", width
    if kind == "upsampling":
        size = first_number(_POOL_SIZE, said) or 2
        return f"UpSampling2D(size={size})", channels
    if kind == "pool":
        size = first_number(_POOL_SIZE, said) or 2
        stride = first_number(_STRIDE, said)
        kind_word = "avgpool" if re.search(r"avg|average|اوریج", word) else "maxpool"
        padding = first_number(_PADDING, said)
        return f"{kind_word}{'1d' if one_d else ''} {size}" + (f" s{stride}" if stride and stride != size else "") \
            + (f" p{padding}" if padding else "") + (" same" if _SAME.search(said) else ""), channels
    if kind in ("global_avg", "global_max"):
        return ("gap" if kind == "global_avg" else "gmp"), channels
    if kind == "flatten":
        return "flatten", channels
    if kind == "dense":
        units = 1 if _SINGLE.search(said) else first_number(_UNITS, said)
        nobias = " nobias" if _NO_BIAS.search(said) else ""
        return (None, channels) if units is None else (f"dense {units}{nobias}", units)
    if kind == "batchnorm":
        return "bn", channels
    if kind == "dropout":
        rate = re.search(r"(?<![\d.])0?\.\d+", said)
        return f"dropout {rate.group(0) if rate else 0.5}", channels
    return None, channels
