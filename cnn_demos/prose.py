"""Calculation questions asked in a sentence → the same requests the commands take.

«یه کانولوشن با ۱۲۸ فیلتر ۳ در ۳ روی ورودی ۶۴ کاناله چند تا وزن داره؟», "output size of a 7x7
convolution with stride 2 and padding 3 on a 224x224 image?", «alexnet chand ta parameter dare?»:
the numbers are read with the words around them (فیلتر, kernel, گام, padding, کانال, ورودی …), in
Persian, English or Finglish, with Persian digits, «۳ در ۳», «۳×۳» or 3x3.  The router only claims a
message when it asks for a count or a size *and* carries what the count needs, and it answers the
quantity asked: «خروجیش چند کانال داره؟» gets the channel count (with the full output shape when the input
is given), never only the spatial size; «چرا ۱×۱؟» or
«AlexNet چند لایه داره؟» stay with the knowledge base.  A count that lacks one number (the input
channels) gets a question back, never a different example.

Pasted model code, with or without a question around it, is counted as ``/params`` counts it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from cnn_demos import described
from cnn_demos import messages as msg
from cnn_demos.commands import BIDIRECTIONAL_WORD
from cnn_demos.number_words import spoken_numbers
from cnn_demos.stated import as_written, shape_said
from cnn_demos.textkind import looks_printed, surely_code


@dataclass(frozen=True)
class Route:
    """A calculation the message asks for: a command of :mod:`cnn_demos.commands` and its arguments,
    or (``missing``) the question to ask back, and the words to look the concept up in the course."""

    command: str = ""
    args: str = ""
    missing: str = ""
    topic: str = ""
    answer: str = ""  # the reply itself when the command's headline answers another question (or none is run);
    #                   ``{output}`` in it stands for the command's result («خروجی ۶۴ کانال دارد … {output}»),
    #                   ``{headline}`` for the command's own headline
    unread: tuple[str, ...] = ()  # what the sentence names that the calculation leaves out (:func:`_unread`)
    weight_bytes: int = 0  # the bytes of one weight, when the memory the weights take is asked (:func:`_weights_memory`)
    batch: int = 0  # the batch the MACs are asked for (:func:`_per_batch`): the command counts one sample
    copies: int = 1  # training's copies of the weights asked with them: gradients, an optimizer's moments


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_PERSIAN_LETTER = re.compile(r"[\u0600-\u06ff]")
_ARABIC_LETTERS = str.maketrans("يكى", "یکی")  # an Arabic keyboard's «يك تصوير رنگي» is «یک تصویر رنگی»

# Words, in Persian, English and Finglish, that say what is asked or what a number is.
_ASK_COUNT = (r"چند|(?<![\w])چن(?![\w])|چقدر|چه\s*قدر|چندتا|how\s+many|how\s+much|what\s+(is|are|would|will)|what's|number\s+of|count|"
              r"chand|chnd|chanta|chandta|cheqad|cheghad|calculate|comput\w*|محاسبه|حساب|چیه|چی\b|چه\s|\bche\b|\bchi\b|\bdims?\b|"
              r"num\s+of|\bnumber\b|به\s*دست\s*(?:آورید|بیاورید|بیار|بیارید)|بدست\s*(?:آورید|بیاورید|بیار)|find\b|"
              r"^(?:\S+\s+){0,2}?(?:param\w*|macs|flops|output\s+shape|receptive\s+field)\s+(?:of|for)\b")  # "MACs of AlexNet conv1: …"
_PARAMS = r"پارامتر|پارمتر|پارامیتر|وزن|param\w*|paramtr|weights?\b|vazn"
_MACS = r"flops?|macs?(?![a-z])|multiply[\s-]*(accumulates?|adds?)|mult[\s-]*adds|ضرب|عملیات|operations|محاسبات|فلاپ|فلاپس|مک\b|flap"
_OUTPUT = r"خروجی|output|khoro+ji|khoruji|ابعاد|shape|اندازه|\bsize\b|سایز|(?:چی|\bchi)\s*(?:میده|mide\b|midan\b)"
_CHEAPER = (r"ارزون|ارزان|صرفه|کمتر|کاهش|کم\s*(می|میشه|شود|کنه|کرد)|cheaper|saving|save|fewer|less|reduc|"
            r"bottleneck|گلوگاه|مقایسه|compare|برابر|kam\s*(mishe|mikone|kon\w*)|kamtar|barabar|\bvs\b|versus|squeez|directly|مستقیم|"
            r"sarfe\w*")
# «پارامترا چقدر فرق میکنه؟», "difference in MACs": with a count word, the difference is the comparison asked
_DIFFER = r"فرق|تفاوت|اختلاف|\bfa?rq|fargh|ekhtelaf\w*|differ\w*"
_CONV = r"کانولوشن|کانوولوشن|conv|convolution|کانولوشنی|کانوشن|کانولشن|کانو\b|کانوی\b|کانوالو"
_DENSE = r"dense(?!\s*-?\s*net)|دنس(?!\s*نت)|fully\s*connected|فولی\s*کانکت\w*|تمام\s*متصل|کاملا\s*متصل|fc\b|linear|لایه\s*خطی|خطی"
_FILTERS = r"فیلتر|filters?\b|filtr|feature\s*maps?|kernels\b"
_KERNEL = r"کرنل|kernel|پنجره|window|\bk\b"
_STRIDE = r"گام|استراید|stride|strides|qadam|gam\b|\bs\b"
_PADDING = r"پدینگ|پد\b|padding|pad\b|لایه\s*گذاری|\bp\b"
_DILATION = r"dilation([\s_]*rate)?|اتساع|دایلیشن|دیلیشن|dilated(\s+by)?|atrous(\s+rate)?|\bd(?=\s*=)"
_CHANNELS = r"کانال|channel|chanel|chanal|kanal|\bch\b"
# The channel count, when it is what is asked: «چند کانال», «عمق خروجی», "how many feature maps", "output depth".
_DEPTH_NOUNS = (r"کانال\w*|(?<![a-z_])(channels?|chanels?|chanals?|kanal\w*)\b|feature\s*maps?\b|فیچر\s*مپ\w*|"
                r"نقشه(\s*ی|\s*های?)?\s*ویژگی|(?<![a-z_])depth\b|عمق\w*|(?<![a-z_])omgh\w*")
_ASK_BEFORE = (r"(چند|چه|chand|chnd|how\s+many|number\s+of|num\s+of|تعداد|tedad|te'?dad|what\s+(is|are|will\s+be|"
               r"would\s+be)\s+the|what's\s+the|which)\s*(تا\s*|ta\s*)?"
               r"(output\s+|out\s+|(خروجی|khoroji|khoruji)\w*\s*)?$")
# «تعداد کانال …» asks only with one of these («… چنده؟»); «chejoori tedad kanal ro kam mikone?» asks how.
_HOW_MUCH = (r"چند|چقدر|چه\s*قدر|چیه|چی\b|chand|chnd|cheqad|cheghad|\bchie?\b|\bchiye\b|how\s+many|how\s+much|"
             r"what|which|\bcount\b|calculate|حساب")
_COLOUR = r"rgb|رنگی|rangi|colou?r\s+image"
_GRAY = r"gray|grey|خاکستری|سیاه\s*و\s*سفید|تک\s*کانال|یک\s*کانال|tak\s*kanal|siah\s*sefid|mnist"
_OUTPUT_WORD = r"خروجی\w*|khoroji\w*|khoruji\w*|(?<![a-z_])output\b|(?<![a-z_])result\b"
_OUT_CHANNELS = (r"output\s+channels|out_channels|out\s*ch\w*|\bout\b(?!\s*[=_])|(کانال|kanal|channels?)\s*(خروجی|khoruji|khoroji|out)|"
                 r"feature\s*maps?|فیچر\s*مپ|filters?\b|filtr|فیلتر|kernels\b|کرنل")
_INPUT_NOUNS = (r"ورودی|input|voroodi|vorudi|vorodi|voroudi|تصویر|image|tasvir|نقشه\S*\s*ویژگی\S*|نقشه|\bmap\b|فیچرمپ|"
                r"feature\s*map|"
                r"embedding|امبدینگ|طول|length|\blen\b|seq\w*|دنباله|sequence|tensor|تنسور|سیگنال|signal|fmap")
_INPUT = _INPUT_NOUNS + r"|roye|\broo\b|\bru\b|روی|\bon\b"
_UNITS = r"خروجی|outputs?\b|نورون|neurons?|units?\b|واحد|کلاس|class"
_NO_BIAS = (r"(بدون|بی|bedun|bedune|bedoon|bedoone|bi)\s*(بایاس|bias)|without\s+(a\s+)?bias|no\s+bias|"
            r"bias\s*=\s*false|use_bias\s*=\s*false|(bias|بایاس)\w*\s*(?:(?:هم|ham)\s*)?(nadare|nadarad|nadarim|nadashte|نداره|ندارد|نداریم|نداشته)|"
            r"(bias|بایاس)\w*\s*(?:(?:و|and|va)\s*\S+\s*\S*?\s*)?(رو|را|ro)?\s*(حساب\s*نکن|نشمر|در\s*نظر\s*نگیر|hesab\s*nakon)|"
            r"ignor\w*\s+(the\s+)?bias|"
            # «بایاس این لایه حذف شده است», «حذف بایاس», "the bias is removed", "drop the bias"
            r"(bias|بایاس)\w*(?:\s+[\w\u200c]+){0,2}?\s+(حذف|برداشته|hazf|removed|dropped|omitted)(?!\s*(?:نشده|نمی|نکن|نکرد|نش))|"
            r"(حذف|hazf|remov\w*|drop\w*|omit\w*)\s+(the\s+|e\s+)?(bias|بایاس)")
_FLATTEN = r"flatten|مسطح|فلت"
_GAP = (r"global\s*(average\s*|avg\s*)?pool|gap\b|globalaveragepooling|میانگین\s*سراسری|پولینگ\s*سراسری|"
        r"pooling\s*سراسری")
_WHY = (r"\bwhy\b|چرا|chera|چطور|chetor|چگونه|how\s+(does|do|is|are|come|did)\b|یعنی\s*چی|what\s+does|"
        r"(?<![\u0600-\u06ff])اسم(?![\u0600-\u06ff])|\bname\b|called|esm\b|"  # «بایاسم» holds «اسم», names nothing
        r"چی\s*میگن|تغییر\s*می\s*ده|"
        # «چرا پدینگ لازمه؟» asks why; «چند تا ضرب لازمه؟» asks how many
        r"^(?![\s\S]*(?:چند|how\s+many|chand)\s*(?:تا\s*|ta\s*)?(?:عمل|ضرب|پارامتر|param|mac|flop|operation|محاسبه))"
        # («پارامترای resnet34 چن تاست؟ واسه گزارشم لازمه»: the count asked, then why it is needed)
        r"(?![\s\S]*(?:پارامتر|param)\w*\s+(?:\S+\s+){0,3}?(?:چند|چن|chand|how\s+many)(?![\w]))"
        r"[\s\S]*?(?:لازمه|لازم\s*است|needed)")

# Numbers glued to letters (conv2d, resnet50, b0) are names, not sizes.
_SIZE = re.compile(r"(?<![a-z_])\d+(?:\s*[x×*]\s*\d+)+")
# a whole number: «30k» is not a 3 (backtracking read its first digit as one, and an Embedding of 30k words became 3)
_NUMBER = re.compile(r"(?<![a-z_.\d])\d+(?![a-z_\d])")


_WORDS = {"یک": "1", "دو": "2", "سه": "3", "چهار": "4", "پنج": "5", "شش": "6", "هفت": "7", "هشت": "8", "نه": "9",
          "ده": "10", "یازده": "11"}
# «سه در سه», and «یک در 1» where the second word was read as a number already («… یک در یک و شصت و چهار …»)
_WORD_SIZE = re.compile(r"\b(" + "|".join(_WORDS) + r"|\d+)\s*(?:در|×)\s*(" + "|".join(_WORDS) + r"|\d+)\b")


# a small number word closing a size of digits: «۲۸ در ۲۸ در یک», «۳۲×۳۲×سه»
_WORD_AFTER_SIZE = re.compile(r"(\d\s*(?:در|dar|by|×|\*|x)\s*)(" + "|".join(_WORDS) + r")(?![\u0600-\u06ff])")


# a small number word giving a layer's option: «کرنل سایز هفت», «استراید دو», «پدینگ یک», «dilation دو»
_WORD_OPTION = re.compile(r"(?P<option>(?:کرنل|kernel)\s*(?:سایز|size)?\s*|(?:استراید|stride|گام|پدینگ|padding|"
                          + _DILATION + r")\s*)(?P<word>" + "|".join(_WORDS)
                          + r")(?![\w])")  # (the Arabic comma after it is not a letter)


# a number word counting something: «ده تایی», «سه کانال», «دو تا فیلتر» (not «یک لایه», «یه سوال»)
_WORD_COUNT = re.compile(r"(?<![\u0600-\u06ff])(" + "|".join(_WORDS) + r")(?=\s*(?:تا\b|تایی|کلاس|نورون|واحد|فیلتر|کانال|هد|head))")


_PYTORCH = r"pytorch|torch|پای\s*تورچ|\bnn\."  # the framework named: its conventions (channels first, two biases)
# an input shape written as a tuple, «vorodi (100, 16)», "input_shape=(28, 28, 1)": one size, channels last (read
# as two numbers, the first, 100 time steps, was taken for a Conv1D's channels: 16,032 parameters, not 2,592)
_INPUT_TUPLE = re.compile(r"((?:ورودی\w*|inputs?|input_shape|vorodi\w*|vorudi\w*|voroodi\w*|shape)\W{0,12}?"
                          r"(?:(?:هم|ham|is|are|برابر)\W{0,3})?)"  # «input shape هم (150, 150, 3)»
                          r"\((\d+(?:\s*,\s*\d+){1,2})\s*,?\s*\)")

# a sample tensor made to feed the layer: its batch dimension dropped, the rest is the input
_TENSOR = re.compile(r"(?:\w+\s*=\s*)?(?:torch|np|numpy|tf(?:\.random)?)\.(?:randn|rand|zeros|ones|empty|normal|uniform)"
                     r"\(\s*\(?\s*\d+\s*,\s*(\d+(?:\s*,\s*\d+){1,2})\s*\)?\s*\)")


def _tuple_size(values: str, text: str) -> str:
    """The tuple as HxWxC / LxC: PyTorch's (C, H, W) and (C, L) put the channels first, as does a tuple opening
    with 1–4 (a grey or colour image); otherwise Keras' channels-last order is taken."""
    sizes = [int(v) for v in values.split(",")]
    if _has(text, _PYTORCH) or (sizes[0] <= 4 < min(sizes[1:])):
        sizes = sizes[1:] + sizes[:1]
    return "x".join(map(str, sizes))


# names students write in Persian letters, read as the Latin the zoo and the layer readers know
_PERSIAN_NAMES = {
    "وی جی جی": "vgg", "رزنت": "resnet", "رز نت": "resnet", "الکس نت": "alexnet", "الکسنت": "alexnet",
    "گوگل نت": "googlenet", "گوگلنت": "googlenet", "موبایل نت": "mobilenet", "موبایلنت": "mobilenet",
    "موبایل نت وی": "mobilenetv", "موبایلنت وی": "mobilenetv", "افیشنت نت بی": "efficientnetb",
    "لی نت": "lenet", "اینسپشن": "inception", "دنس نت": "densenet", "افیشنت نت": "efficientnet",
    "ال اس تی ام": "lstm", "جی آر یو": "gru", "سیمپل آر ان ان": "simplernn", "آر ان ان ساده": "simplernn",
    "آر ان ان": "rnn", "گلوبال اوریج پولینگ": "global average pooling",
    "گلوبال اورج پولینگ": "global average pooling", "گلوبال اوریج پول": "global average pool",
    "تورچ ویژن": "torchvision", "تورچویژن": "torchvision", "پایتورچ": "pytorch",
}
_PERSIAN_NAME = re.compile(r"(?<![\u0600-\u06ff])(" + "|".join(sorted(_PERSIAN_NAMES, key=len, reverse=True))
                           + r")(?![\u0600-\u06ff])")


def normalise(text: str) -> str:
    """Latin digits, numbers said in words («هزار تا کلاس»), «۳ در ۳»/«سه در سه»/«۳×۳» → 3x3, counting words («ده تایی») → digits, lower case."""
    text = spoken_numbers(text.translate(_DIGITS).replace("\u200c", " ")).lower()  # «سی و دو کانال» → 32
    text = re.sub(r"\bkhor(?:oo|ou|uu|o|u)ji", "khoroji", text)  # Finglish's spellings of «خروجی», one
    text = _PERSIAN_NAME.sub(lambda m: f" {_PERSIAN_NAMES[m.group(1)]} ", text)  # «وی جی جی ۱۶» → vgg 16
    text = re.sub(r"\b([a-z]\w+)\s*\(\s*\1\s*\)", r"\1", text)  # «آر ان ان ساده (سیمپل آر ان ان)»: one layer named twice
    text = _WORD_SIZE.sub(lambda m: f"{_WORDS.get(m.group(1), m.group(1))}x{_WORDS.get(m.group(2), m.group(2))}", text)
    text = _WORD_AFTER_SIZE.sub(lambda m: m.group(1) + _WORDS[m.group(2)], text)  # «۲۸ در ۲۸ در یک»
    text = _WORD_COUNT.sub(lambda m: _WORDS[m.group(1)], text)  # «dense ده تایی», «سه کانال»
    text = _WORD_OPTION.sub(lambda m: m.group("option") + _WORDS[m.group("word")], text)  # «کرنل سایز هفت», «استراید دو»
    text = re.sub(r"(\d)\s*(?:در|dar|by|×|\*)\s*(?=\d)", r"\1x", text)
    text = re.sub(r"(\d)\s*x\s*(?=\d)", r"\1x", text)
    # «۵۶ در ۵۶ با ۲۵۶ کانال», "7x7 with 512 channels": one H x W x C shape
    text = re.sub(r"\b([5-9]|\d{2,})x(\d+)\s*(?:با|with|ba|and|و)\s*(\d+)\s*(?:تا\s*|ta\s*)?(?=کانال|channel|kanal)",
                  r"\1x\2x\3 ", text)  # (a kernel «۱×۱ با ۲۵۶ کانال» is not a feature map)
    # "128 in and 256 out channels": each number with its own noun, as «۱۲۸ کانال ورودی و ۲۵۶ کانال خروجی» says it
    text = re.sub(r"(\d+)\s*(in|input)\s*(and|,|&|va|و)\s*(\d+)\s*(out|output)\s*(channels?|kanal\w*|کانال\w*)",
                  r"\1 input \6 \3 \4 output \6", text)
    # «۷۲۸ کانال میگیره و ۷۲۸ کانال میده», "takes 64 channels and gives 128": the input's and the output's
    text = re.sub(r"(\d+)\s*(?:تا\s*)?(کانال\w*|channels?)\s*(?:می\s*گیر\w*|takes|gets)", r"\1 \2 ورودی", text)
    text = re.sub(r"(\d+)\s*(?:تا\s*)?(کانال\w*|channels?)\s*(?:می\s*د(?:ه|ی)\w*|gives|returns)", r"\1 \2 خروجی", text)
    text = _TENSOR.sub(lambda m: " input " + _tuple_size(m.group(1), text) + " ", text)  # x = torch.randn(1, 3, 224, 224)
    text = _INPUT_TUPLE.sub(lambda m: m.group(1) + _tuple_size(m.group(2), text), text)  # «ورودی (100, 16)»
    text = re.sub(r"(\d),(\d{3})", r"\1\2", text)  # 1,024 → 1024
    text = re.sub(r"\b(\d+)e\b(?![-+]?\d)", r"\1", text)  # Finglish «32e» ('is 32'), not 1e-3
    # thousands said as students say them: "30k", «۱۰ هزار», «10 hezar»
    return re.sub(r"\b(\d{1,3})(?:k\b|\s*(?:هزار|hezar\b))", lambda m: str(int(m.group(1)) * 1000), text)


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def size(self) -> tuple[int, ...]:
        return tuple(int(v) for v in self.text.split("x"))


def _numbers(text: str) -> list[_Token]:
    out, taken = [], set()
    for match in _SIZE.finditer(text):
        out.append(_Token(match.group(0).replace(" ", ""), match.start(), match.end()))
        taken.update(range(match.start(), match.end()))
    for match in _NUMBER.finditer(text):
        if match.start() not in taken:
            out.append(_Token(match.group(0), match.start(), match.end()))
    return sorted(out, key=lambda t: t.start)


def _after(text: str, token: _Token, words: str, reach: int = 16) -> bool:
    """Is one of ``words`` anywhere in the few characters after the number?"""
    return re.search(words, text[token.end: token.end + reach]) is not None


def _before(text: str, token: _Token, words: str, reach: int = 14) -> bool:
    return re.search(words, text[max(0, token.start - reach): token.start]) is not None


def _near(text: str, token: _Token, words: str, before: int = 14, after: int = 16) -> bool:
    """Is one of ``words`` right around the number (a few characters either side)?"""
    return _before(text, token, words, before) or _after(text, token, words, after)


def _follows(text: str, token: _Token, words: str, reach: int = 20) -> bool:
    """Is the number directly followed by one of ``words`` («۳۲ تا فیلتر», "64 filters", "16 kanal")?"""
    return re.match(r"\W{0,3}(?:تا\s*|ta\s*)?(?:" + words + ")", text[token.end: token.end + reach]) is not None


def _precedes(text: str, token: _Token, words: str, reach: int = 28) -> bool:
    """Is the number directly preceded by one of ``words`` («خروجی ۱۲۸», "stride 2", "kernel size برابر ۵")?"""
    return re.search("(?:" + words + r")\W{0,3}(?:(?:برابر|معادل|of|is|equal\s+to|=|a|an|the|ye|یه|یک|هم|ham)\W{0,3}){0,2}$",
                     text[max(0, token.start - reach): token.start]) is not None


def _has(text: str, words: str) -> bool:
    return re.search(words, text) is not None


# ---------------------------------------------------------------- the router


def route(message: str) -> Route | None:
    """The calculation a message asks for, or None when it is a question for the course material."""
    message = message.translate(_ARABIC_LETTERS)
    code = _code_part(message) or _inline_model(message)
    loose = _only_layers(code) if code is not None else None
    if loose is not None:  # «lstm = nn.LSTM(…)\ngru = nn.GRU(…)» compared, «x = layers.SeparableConv2D(…)(x)» on a
        on_input = _calls_on_input(message.translate(_DIGITS))  # stated input: the calls, as one model
        if on_input is not None and (loose == "applied" or on_input[0].answer == msg.LAYERS_COMPARED):
            return on_input[0]
    if code is not None:  # the weights' memory asked in the words around it («half کنم وزناش چند مگابایت میشن؟»)
        said = normalise(" ".join(line for line in message.splitlines()
                                  if _PERSIAN_LETTER.search(line) and "#" not in line))
        # «شکل y چی میشه؟» under the code: the output's shape first, not the count
        shape_asked = _has(said, _OUTPUT + r"|شکل|shekl") and not _has(said, _PARAMS + "|" + _MACS)
        found = Route("params", code, topic="تعداد پارامترهای مدل", answer=_output_asked(code) if shape_asked else "")
        return _weights_memory(said, found)
    unfinished = _unfinished_model(message)
    if unfinished is not None:
        return unfinished
    text = normalise(message)
    if not (_has(text, _ASK_COUNT) or _has(text, r"\?|؟") or _has(text, _CHEAPER)):
        return None
    field = _receptive(text) or _tensor_memory(text, message.translate(_DIGITS).lower())
    if field is not None:
        return field
    if _has(text, _WHY):  # «چرا ...؟», "how does ...": an idea, unless it is why a layer it describes has its count
        return _explained(text) or _compared_too(text) or _why_layer(text)
    on_input = _calls_on_input(message.translate(_DIGITS))
    if on_input is not None and on_input[1]:  # layers written as calls: all of them, not the first
        return on_input[0]
    block = _bottleneck_block(text)  # before a layer named in passing («بعد از هر کانولوشن یک BatchNorm آمده»)
    if block is not None:
        return _per_batch(text, block)
    if _has(text, _PARAMS) and not _has(text, _WHY):
        called = _layer_call(message.translate(_DIGITS))
        if called is not None:  # a Keras call among layers said in words: the whole model, when it reads
            whole = None if called.args.startswith("import torch") else _described(text)
            return _unread(text, whole) if whole is not None else called
    if not re.search(r"\d", text):  # «why is Flatten worse than GAP?»: no numbers, nothing to compute
        found = _zoo(text)
        return _weights_memory(text, found) if found is not None else None
    # a layer's numbers before a name in passing; the channels asked before the spatial size («چند کانال؟»)
    for reader in (_ceil_pool, _scores_macs, _vit_parts, _attention, _layer_norm, _memory, _count_memory, _explained, _inverted_residual, _fire_module, _basic_block,
                   _densenet_part, _inception, _separable_with_norm, _separable, _bottleneck, _pooling, _flattened, _stacked, _described, _channels,
                   _output_size, _dense_chain, _layer, _depthwise, _zoo):
        found = reader(text)
        if found is not None and not (found.missing and on_input is not None):
            return _per_batch(text, _weights_memory(text, _unread(text, found)))
    return on_input[0] if on_input is not None else None


_CEIL = r"ceil_?\s*mode\s*=?\s*(?:true|1)\b|\bceil_?\s*mode\b"


def _ceil_pool(text: str) -> Route | None:
    """A pooling with PyTorch's ceil_mode («MaxPool2d ba kernel 3 stride 2 va ceil_mode=True roo vorudi 14x14x256»):
    run as the layer itself, which rounds the last window up (the size rule rounds down: 6, not 7)."""
    if not (_has(text, _CEIL) and _has(text, r"pool")):
        return None
    numbers = _numbers(text)
    size = next((t.size for t in numbers if len(t.size) in (2, 3)), None)
    kernel = _valued(text, numbers, _KERNEL)
    if size is None or kernel is None:
        return None
    stride, padding = _valued(text, numbers, _STRIDE) or kernel, _valued(text, numbers, _PADDING) or 0
    channels = size[2] if len(size) == 3 else 1
    kind = "AvgPool2d" if _has(text, r"avg|average|میانگین") else "MaxPool2d"
    return _model_route(text, f"input {channels}x{size[0]}x{size[1]}\nimport torch.nn as nn\n"
                              f"layer = nn.{kind}({kernel}, {stride}, {padding}, ceil_mode=True)")


_BATCH = r"(?:batch\s*(?:_?size)?|بچ\s*(?:سایز)?|batch\s+of)(?:\s*(?:با|with|ba)\b)?"  # «batch با ۱۶ تصویر»


def _per_batch(text: str, found: Route) -> Route:
    """MACs asked for a batch («… برای یه batch سی و دو تایی»): the command counts one sample, the reply the batch."""
    if found.command not in ("layer", "params") or not _has(text, _MACS):
        return found
    batch = _valued(text, _numbers(text), _BATCH)
    return replace(found, batch=batch) if batch and batch > 1 else found


def _weights_memory(text: str, found: Route) -> Route:
    """A model's count asked as memory («وزنای vgg16 تو float32 چند مگابایت حافظه میخواد؟»): the bytes its weights
    take are the answer, with the count they come from (the table alone left the student to multiply)."""
    if found.command not in ("model", "params", "layer") or " vs " in found.args or not _has(text, _MEMORY) \
            or _has(re.sub(_CHANNELS_OUT, " ", text), _ACTIVATIONS):
        return found
    return replace(found, weight_bytes=_BYTES.get(_number_format(text), 4), copies=_training_copies(text))


def _training_copies(text: str) -> int:
    """How many tensors of the weights' size training keeps, when the memory asked includes them: the weights and
    their gradients, plus Adam's two moments («with Adam … weights, gradients and the two moment buffers») or
    SGD's momentum; 1 when only the weights are asked."""
    if not _has(text, r"gradient\w*|گرادیان\w*|moment\w*|مومنتوم|optimizer|اپتیمایزر|بهینه\s*ساز|train\w*|آموزش"):
        return 1
    if _has(text, r"\badam\w*|آدام|ادام"):
        return 4
    if _has(text, r"momentum|مومنتوم"):
        return 3
    return 2 if _has(text, r"gradient\w*|گرادیان\w*") else 1


_COUNT_SAID = (r"(\d+(?:\.\d+)?)\s*(million|billion|thousand|[mbk])?\s*(?:تا\s*)?(?:پارامتر\w*|param\w*)|"
               r"(\d+(?:\.\d+)?)\s*(million|billion|[mb])\b\s*(?:model|مدل|llm)")
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "b": 1e9}
_FORMATS = r"(?:float|fp|bfloat|bf|int|uint)\s*(?:64|32|16|8)|double|half"


def _count_memory(text: str) -> Route | None:
    """The memory a parameter count said in the sentence takes («یه مدل ۲۵ میلیون پارامتری … از float32 به float16
    … چند مگابایت کم میشه؟», "a 7B model in fp16, how many GB?"): the count times the bytes of its format, or the
    bytes saved from one format to another."""
    if not _has(text, _MEMORY) or _has(re.sub(_CHANNELS_OUT, " ", text), _ACTIVATIONS) or _has(text, _WHY):
        return None
    said = re.search(_COUNT_SAID, text.replace("فلوت", "float"))
    if said is None:
        return None
    number, scale = (said.group(1), said.group(2)) if said.group(1) else (said.group(3), said.group(4))
    count = round(float(number) * _SCALE.get(scale or "", 1))
    formats = [f.replace(" ", "") for f in re.findall(_FORMATS, text.replace("فلوت", "float"))]
    widths = [_BYTES[f] for f in formats if f in _BYTES]
    topic = "حافظه وزن ها float16 float32"
    if count < 1:
        return None
    if len(widths) >= 2 and widths[0] != widths[1] and _has(text, _CHEAPER + "|" + _DIFFER):
        saved = count * abs(widths[0] - widths[1])
        return Route(answer=msg.COUNT_MEMORY_SAVED.format(
            first=formats[0], second=formats[1], saved=saved, **_sizes(saved), count=count,
            gap=abs(widths[0] - widths[1])), topic=topic)
    width = widths[0] if widths else 4
    total = count * width
    return Route(answer=msg.COUNT_MEMORY.format(total=total, **_sizes(total), count=count, width=width), topic=topic)


def _sizes(total: int) -> dict:
    """Bytes in the units a student asks in: MiB and MB, and GiB and GB past a gigabyte."""
    if total < 2**20:
        return {"shown": f"{total / 2**10:,.2f} KiB (= {total / 1e3:,.2f} KB)"}
    shown = f"{total / 2**20:,.2f} MiB (= {total / 1e6:,.2f} MB)"
    if total >= 1e9:
        shown += f"، {total / 2**30:,.2f} GiB (= {total / 1e9:,.2f} GB)"
    return {"shown": shown}


def _number_format(text: str) -> str:
    """The number format a sentence names («فلوت ۱۶», fp16, half), "float32" when it names none."""
    kind = re.search(r"(float|fp|bfloat|bf|int|uint)\s*(64|32|16|8)|double|half", text.replace("فلوت", "float"))
    return kind.group(0).replace(" ", "") if kind else "float32"


_COUNT_ASKED = r"(چند|chand|how\s+many)\s*(تا\s*|ta\s*)?(پارامتر|param\w*|وزن|vazn|weights?|mac|flop)"


def _described(text: str) -> Route | None:
    """A small model described layer by layer (:mod:`cnn_demos.described`): all of it counted, not its first layer."""
    probe = re.sub(r"(?:\d+|دو|سه|چهار)\s*برابر", " ", text)  # «آپ سمپلینگ دو برابر»: a factor, not a comparison
    if _has(probe, _CHEAPER) or _has(probe, _DIFFER):  # two designs compared: the comparison readers' question
        return None
    found = described.read(text)
    if found is None:
        return None
    nominal = msg.NOMINAL_SIZE.format(side=described.NOMINAL_SIDE) if found.nominal else \
        msg.NOMINAL_SEQUENCE.format(length=described.NOMINAL_LENGTH) if found.nominal_length else ""
    return _model_route(text, found.spec, nominal)


def _model_route(text: str, spec: str, nominal: str = "") -> Route:
    """A model the sentence describes, counted whole, headed by what was asked: its output's shape, its FLOPs, or
    (by default) its parameters; ``nominal`` names a size the sentence did not give."""
    # «قبل از flatten شکل چیه و طول بردار flat شده چنده؟»: the last layer's shape asked, not the count
    shape_asked = not _has(text, _PARAMS + "|" + _MACS) and _has(text, _OUTPUT + r"|شکل|shekl")
    headline = "{headline}" if not shape_asked else msg.DESCRIBED_OUTPUT_FLAT if _has(text, _FLATTEN) \
        else msg.DESCRIBED_OUTPUT
    if _has(text, _MACS) and not _has(text, _PARAMS):  # «FLOPs کل این شبکه»: the operations first
        headline = msg.MODEL_MACS
    if nominal:  # the size it took for one not said, under the headline
        headline += "\n" + nominal
    return Route("params", spec, topic="تعداد پارامترهای مدل", answer="" if headline == "{headline}" else headline)


# between two widths of a chain: «، بعد لایه», "->", «و بعدش یه لایه مخفی», "then a hidden layer of"
_CHAIN_STEP = re.compile(r"[\s:]*(?:نورون\w*|neurons?|units?|تایی|taii)?\s*(?:"
                         r"(?:[,،]\s*|\s+(?:و|and|va)\s+)?(?:بعد\w*|then|سپس|->|→|=>|followed\s+by|baad\w*|bad)\s*"
                         r"(?:\S+\s+){0,4}?|"
                         r"(?:[,،]|\s(?:و|and|va)\s)\s*(?:[^\s\d]+\s+){0,3}?)")  # «، انکودر ۵۱۲», «، ۵۱۲ و ۳۰۷۲»


def _dense_chain(text: str) -> Route | None:
    """A multilayer perceptron said as a chain of widths («ورودی ۷۸۴، بعد لایه ۵۱۲ نورونی، بعد ۲۵۶، بعد خروجی ده
    کلاسه», "784 -> 512 -> 256 -> 10"): every layer counted (the last layer's count was given for the whole)."""
    if not _has(text, _DENSE + r"|mlp|پرسپترون|perceptron|نورون|neuron") or \
            _has(text, "|".join((_CONV, _FILTERS, _RECURRENT, _EMBEDDING, _ATTENTION))):
        return None
    run: list[_Token] = []
    best: list[_Token] = []
    for token in (t for t in _numbers(text) if len(t.size) == 1):
        run = [*run, token] if run and _CHAIN_STEP.fullmatch(text, run[-1].end, token.start) else [token]
        best = run if len(run) > len(best) else best
    if len(best) < 3 or any(t not in best and t.size[0] > 1 for t in _numbers(text) if len(t.size) == 1):
        return None  # a width outside the chain («دیکودرم برعکسش یعنی ۱۲۸، …» read apart): not all of it read
    bias = " nobias" if _has(text, _NO_BIAS) else ""
    widths = [t.size[0] for t in best]
    return _model_route(text, " | ".join([f"input {widths[0]}", *(f"dense {w}{bias}" for w in widths[1:])]))


_RECEPTIVE = r"receptive|رسپتیو|میدان\s*(?:دید|تاثیر|تأثیر|ادراک)|meydan\s*e?\s*did"
_FIELD_ASKED = (r"(?:" + _RECEPTIVE + r")\W*(?>\S+\s*){0,24}?(?:چند|چقدر|chand|cheqad|how\s+(?:big|large|wide)|what|"
                r"\bchi\b|چیه|میشه)|(?:what|how\s+(?:big|large))\W+(?:\S+\s+){0,4}(?:" + _RECEPTIVE + ")|"
                r"(?:" + _RECEPTIVE + r")\s*\w*\s*(?:after|of|بعد\s*از)\b(?=.*(?:->|→|,|،|then|بعد))")
# ("Receptive field after: conv 7x7 …?", "receptive field of conv3 s1 -> conv3 s2 -> …": layers listed, no question word)


# layers of the student's own, said in a row («… میزنم بعد …», "3 ta conv … daram", "followed by"): not the course's
# «what is the receptive field of two stacked 3x3 convs?»
_LAYERS_OF_MINE = (r"میزنم|میزنیم|دارم|داریم|گذاشتم|گذاشتیم|daram|darim|mizanam|mizanim|mizanim|gozashtam|\bmy\b|"
                   r"\bi\s+(?:have|use|stack|apply)|then|followed|بعدش|(?<![\w])بعد(?![\w])|->|→|\bbad\b|"
                   # «پنج تا لایه ۳×۳ پشت هم», «این شبکه: کانو ۳×۳، مکس‌پول …»: layers given, counted or listed
                   r"(?:\d+|دو|سه|چهار|پنج|شش|هفت|هشت|ده|se|do|chahar|panj)\s*(?:تا|ta)?\s*(?:لایه\S*|laye\w*|conv\w*|کانو\S*)"
                   r".{0,40}?(?:پشت\s*(?:سر\s*)?هم|poshte?\s*(?:sare\s*)?ham|stacked|in\s+a\s+row|consecutive|متوالی|"
                   r"هر\s*(?:کدوم|کدام)|har\s*kod[ou]+m|\beach\b)|"  # «۳ تا کانو ۳×۳ که هر کدوم استراید ۲»
                   r"(?:این|in)\s*(?:شبکه|shabake)\S*\s*(?:چنده|چقدره|chande)?\s*:|this\s+(?:network|net|model)\s*:|"
                   # "the receptive field after conv1 (11x11, stride 4), a 3x3 max-pool …": the layers follow it
                   r"(?:" + _RECEPTIVE + r")\s*(?:field|فیلد)?\s*(?:after|بعد\s*از)\b")


def _receptive(text: str) -> Route | None:
    """The receptive field of layers said in a row («سه تا کانو ۳در۳ … بعد یه مکسپول ۲×۲ با گام ۲ … رسپتیو فیلد
    چند در چند میشه؟»): worked out layer by layer.  Not the stacked-3x3 comparison («همون میدان دید یه ۷×۷ رو
    دارن ولی پارامترشون کمتره»), nor an idea («رسپتیو فیلد موثر با تئوری چه فرقی داره؟»)."""
    listed = _listed_layers(text)
    if not _has(text, _FIELD_ASKED) or _has(text, _CHEAPER + "|" + _DIFFER + r"|همون|same\s+as|برابر|معادل|equivalent") \
            or _has(text, _WHY) or not (listed or _has(text, _LAYERS_OF_MINE)):
        return None
    # "conv1 (7x7, stride 2)" is the first conv, its kernel and stride in brackets ("conv 7x7 stride 2,"); a bare
    # "conv3 s2" a 3x3 conv
    named = re.sub(r"(?<![\w])conv\d+\s*\(\s*(\d+x\d+)\s*,?\s*([^()]*)\)", r"conv \1 \2,", text)
    # "the receptive field after conv1 …" lists conv1, not a place after it (as "the output after the pool" is)
    named = re.sub(r"((?:" + _RECEPTIVE + r")\s*(?:field|فیلد)?\s*)(?:after|بعد\s*از)\b", r"\1of ", named)
    layers = listed or described.geometry(re.sub(r"(?<![\w])conv(\d)(?![\w])", r"conv \1x\1", named))
    if not layers:
        return None
    # «سه تا کانو ۳×۳ … فقط دومیش استراید ۲ داره»: a value said of one of the layers read as all of theirs
    one = re.search(_ONE_OF_THEM, text)
    return Route("receptive", layers, topic="میدان دید receptive field", unread=(one.group(0),) if one else ())


_BARE_RUN = re.compile(r"(?<![\w])(?:(?:conv|pool|maxpool)(?![\w])[\s,،]*){3,}")


def _listed_layer(kind: str, said: str) -> str | None:
    """The kernel and stride said once for every layer of a kind («همه کانولوشن ها ۳×۳ با استراید ۱», "all pools
    2x2 stride 2")."""
    words = r"(?:کانولوشن|conv)\w*" if kind == "conv" else r"(?:پولینگ|pool)\w*"
    found = re.search(words + r"\s*(?:ها|های|layers)?\s*(?:\S+\s+){0,2}?(\d+)x\d+(?:\s*(?:با|with)?\s*(?:استراید|stride|"
                      r"گام)\s*(?:=\s*)?(\d+))?", said)
    if found is None:
        return None
    stride = f" s{found.group(2)}" if found.group(2) and found.group(2) != "1" else ""
    return f"conv {found.group(1)}x{found.group(1)}{stride}" if kind == "conv" else f"maxpool {found.group(1)}{stride}"


def _listed_layers(text: str) -> str | None:
    """Layers listed bare, their sizes said once for each kind («یعنی conv conv pool conv conv pool …، همه کانولوشن
    ها ۳×۳ با استراید ۱ و پولینگ ها ۲×۲ با استراید ۲»), as the receptive field command takes them."""
    run = _BARE_RUN.search(text)
    if run is None:
        return None
    kinds = ["pool" if "pool" in word else "conv" for word in re.findall(r"maxpool|conv|pool", run.group(0))]
    said = {kind: _listed_layer(kind, text[run.end():]) for kind in set(kinds)}
    if None in said.values():
        return None
    return " | ".join(said[kind] for kind in kinds)


_ONE_OF_THEM = (r"(?:فقط|تنها|only)\s*(?:the\s+)?(?:اولی|دومی|سومی|چهارمی|آخری|first|second|third|last|"
                r"(?:لایه|کانو\w*)\s*(?:اول|دوم|سوم|چهارم|آخر))\w*|"
                r"(?:اولی|دومی|سومی|چهارمی)\w*\s+(?:استراید|stride|گام|پدینگ|padding|dilation|دایلیشن)")


_ATTENTION = (r"multi\s*-?\s*head\w*|مالتی\s*هد|چند\s*سر\w*|(?<![\w])mha(?![\w])|self\s*-?\s*attention|"
              r"(?<![\w])attention|اتنشن|توجه\s*چند")
_ENCODER = (r"transformer\s*encoder\w*|transformerencoder\w*|(?:ترنسفورمر|ترانسفورمر)\s*انکودر|"
            r"(?:انکودر|encoder)\s*(?:ی\s*)?(?:ترنسفورمر|ترانسفورمر|transformer)")
_HEADS = r"(?:num_heads|nhead|heads?)\s*=\s*(\d+)|(\d+)\s*(?:تا\s*|ta\s*)?(?:هد|head|سر)(?!\w*\s*=)"
_WIDTH_SAID = (r"(?:embed_dim|d_model|embed\w*\s*(?:dim\w*|size)?|امبدینگ|d\s*model|model\s*dim\w*|hidden(?:\s*(?:size|dim\w*))?|"
               r"سایز\s*(?:امبدینگ|بردار)|ابعاد|بعد)\s*(?:=|of|:|برابر|با)?\s*(\d+)|(\d+)\s*(?:-?\s*d(?:im\w*)?\b|بعدی|bodi)")


def _attention(text: str) -> Route | None:
    """Multi-head attention's parameters («مالتی هد اتنشن با امبدینگ ۵۱۲ و ۸ تا هد», Keras' MultiHeadAttention(num_heads=4,
    key_dim=32) on 128-wide tokens) and a whole Transformer encoder (layers, d_model, nhead, feed-forward): counted
    on the framework's own layer.  Without the model's width the question is asked back."""
    encoder = _has(text, _ENCODER)
    if not (encoder or _has(text, _ATTENTION)) or not _has(text, _PARAMS):
        return None
    heads = described.first_number(_HEADS, text)
    width = described.first_number(_WIDTH_SAID, text) or described.first_number(_TOKENS_SHAPE, text)
    topic = "multi-head attention تعداد پارامترها"
    if not width:  # none said, or 0: asked back
        return Route(missing=msg.ASK_ATTENTION_WIDTH, topic=topic)
    if encoder:
        # («۲ تا LayerNorm» are no layers; «feed-forward با بعد ۲۰۴۸»)
        layers = described.first_number(r"(\d+)\s*(?:تا\s*)?(?:layers?\b|لایه(?!\s*(?:نرمال|norm)))|num_layers\s*=\s*(\d+)",
                                        text) or 1
        feed = described.first_number(r"(?:dim_feedforward|feed\s*-?\s*forward\w*|ffn?|فید\s*فوروارد)\D{0,12}(\d+)", text)
        if heads is None or feed is None:
            return None
        return Route("params", f"import torch.nn as nn\nlayer = nn.TransformerEncoder(nn.TransformerEncoderLayer("
                               f"d_model={width}, nhead={heads}, dim_feedforward={feed}), num_layers={layers})",
                     topic="Transformer encoder تعداد پارامترها")
    if _has(text, _QKV_ONLY):  # «فقط projection های Q, K, V»: three width×width Linears, no output projection
        bias = "False" if _has(text, _NO_BIAS) else "True"
        linears = ", ".join(f"nn.Linear({width}, {width}, bias={bias})" for _ in range(3))
        return Route("params", f"import torch.nn as nn\nqkv = nn.Sequential({linears})", topic=topic)
    key_dim = described.first_number(r"key_dim\s*=\s*(\d+)", text)
    if key_dim is not None and heads is not None:  # Keras: each head projects to key_dim, the output back to the width
        return Route("params", f"input 10x{width} cl | MultiHeadAttention(num_heads={heads}, key_dim={key_dim})", topic=topic)
    if heads is None or width % heads:
        return None
    return Route("params", f"import torch.nn as nn\nlayer = nn.MultiheadAttention({width}, {heads})", topic=topic)


_QKV_ONLY = (r"(?:فقط|تنها|\bonly\b|\bfaghat\b|\bjust\b)\W*(?:\S+\s+){0,4}?\bq\s*[,،/]?\s*k\s*[,،/]?\s*(?:و|and|va|&)?\s*v\b|"
             r"\bq\s*[,،/]?\s*k\s*[,،/]?\s*(?:و|and|va|&)?\s*v\b\W*(?:\S+\s+){0,3}?(?:فقط|only|faghat)")


# the tokens' shape, its last axis the width: «query و value هر دو شکل (batch, 50, 128) دارن»
_TOKENS_SHAPE = r"\(\s*(?:batch\w*|none|b|n|\?)\s*,\s*\d+\s*,\s*(\d+)\s*\)"
_LAYER_NORM = r"layer\s*-?\s*norm\w*|نرمال\s*سازی\s*لایه\s*(?:ای|\u200cای)?|لایه\s*نرمال"


def _layer_norm(text: str) -> Route | None:
    """LayerNorm's parameters («LayerNorm روی بردارهای ۵۱۲ بعدی»): a scale and a shift per feature, on the
    framework's own layer; without the width, the material's."""
    if not _has(text, _LAYER_NORM) or not _has(text, _PARAMS) or _has(text, _BATCHNORM):
        return None
    width = described.first_number(_WIDTH_SAID, text) or described.first_number(
        r"(\d+)\s*(?:تا\s*)?(?:ویژگی|فیچر|features?)|normalized_shape\s*=\s*(\d+)|layernorm\((\d+)", text)
    if not width:  # none said, or «0 ویژگی»: the material's
        return None
    # «دوازده بلوک … در هر بلوک دو لایه LayerNorm», "12 layers, two LayerNorms each": all of them, not one
    blocks = described.first_number(r"(\d+)\s*(?:تا\s*)?(?:بلوک|بلاک|blocks?|encoder\s+layers?|لایه\s*(?:ی\s*)?"
                                    r"(?:ترنسفورمر|ترانسفورمر|انکودر)|transformer\s+(?:blocks?|layers?))", text)
    each = described.first_number(r"(?:هر|each|per)\s*(?:بلوک|بلاک|block|layer|لایه)\W*(?:\S+\s+){0,3}?(\d+|دو|سه|two|three)"
                                  r"\s*(?:تا\s*)?(?:لایه\s*(?:ی\s*)?)?(?:layer\s*norm|layernorm|لیر\s*نرم)|"
                                  r"(\d+|two|three)\s*(?:layer\s*norms?|layernorms?)\s*(?:each|per\s+block|in\s+each)", text)
    if blocks and blocks > 1 and each:
        return Route("params", f"import torch.nn as nn\nmodel = nn.ModuleList([nn.LayerNorm({width}) "
                               f"for _ in range({blocks * each})])", topic="LayerNorm تعداد پارامترها")
    return Route("params", f"import torch.nn as nn\nlayer = nn.LayerNorm({width})", topic="LayerNorm تعداد پارامترها")


_MEMORY = (r"حافظه|memory|hafeze|megabytes?|gigabytes?|مگابایت\w*|گیگابایت\w*|"  # «چند مگابایته؟»
           r"(?<![\w])(?:ram|رم|bytes?|بایت|mb|mib|gb|مگابایت|گیگابایت|مگ)(?![\w])")
_BIDIRECTIONAL = r"bidirection\w*|دو\s*طرفه|bi-?lstm|bi-?gru|do\s*tarafe"
# a layer's size, not its output: «۶۴ کانال خروجی», «۴۰۹۶ ورودی و ۴۰۹۶ خروجی», "4096 outputs"
_CHANNELS_OUT = (r"(?:outputs?|خروجی|khoroji)\s*(?:channels?|کانال\S*|filters?)|"
                 r"(?:کانال\S*|channels?)\s*(?:ی\s*)?(?:outputs?|خروجی|khoroji)|\d+\s*(?:تا\s*)?(?:outputs?|خروجی|khoroji)\b")
_ACTIVATIONS = r"activation\w*|اکتیویشن\w*|خروجی|outputs?|feature\s*maps?|فیچر\s*مپ\w*|khoroji\w*"
_BYTES = {"float64": 8, "double": 8, "float32": 4, "fp32": 4, "float16": 2, "half": 2, "fp16": 2, "bfloat16": 2,
          "bf16": 2, "int8": 1, "uint8": 1}


def _memory(text: str) -> Route | None:
    """The memory a layer's activations take («خروجی ۱۱۲×۱۱۲×۶۴، بچ ۳۲، فلوت ۳۲ بیتی: چند مگابایت؟», "the outputs
    of two conv layers, 64 channels at 224x224, a batch of 16 in float32"): values × bytes each, worked out."""
    if not (_has(text, _MEMORY) and _has(text, _ACTIVATIONS + "|" + _INPUT_TENSOR)) or _has(text, _PARAMS) \
            or _has(text, _WHY):
        return None
    numbers = _numbers(text)
    size = next((t for t in numbers if len(t.size) == 3), None)
    if size is None:  # «64 channels each at 224x224»; "32 RGB 224x224 images"
        side = next((t for t in numbers if len(t.size) == 2), None)
        channels = next((t.size[0] for t in numbers if len(t.size) == 1 and _follows(text, t, _CHANNELS)), None)
        channels = channels or (3 if _has(text, _COLOUR) else 1 if _has(text, _GRAY) else None)
        if side is None or channels is None:
            return None
        shape = (*side.size, channels)
    else:
        shape = size.size
    batch = _valued(text, numbers, _BATCH) or 1
    width = _BYTES.get(_number_format(text), 4)
    maps = 2 if re.search(r"(?:first|اول)\s+(?:two|2|دو)|(?:two|2|دو)\s*(?:تا\s*)?(?:conv|کانو|لایه|layers?)", text) else 1
    values = batch * maps * math.prod(shape)
    total = values * width
    working = "×".join(str(v) for v in ([batch] + ([maps] if maps > 1 else []) + list(shape) + [width]))
    said = msg.TENSOR_MEMORY if _has(text, _INPUT_TENSOR) and not _has(text, _ACTIVATIONS) else msg.ACTIVATION_MEMORY
    return Route(answer=said.format(total=total, working=working, mib=total / 2**20, mb=total / 1e6, values=values,
                                    width=width),
                 topic="حافظه اکتیویشن ها")


_INPUT_TENSOR = r"input\s+(?:tensor|batch|images?)|تنسور\s*(?:ی\s*)?ورودی|(?:just|only)\s+(?:the\s+)?input"


_TENSOR_SHAPE = re.compile(r"(?:randn|rand|zeros|ones|empty|(?:tensor|تنسور)\w*\s+(?:of\s+|با\s+)?(?:shape|شکل)\s*)"
                           r"\s*\(\s*(\d+(?:\s*,\s*\d+){1,5})\s*,?\s*\)")


def _tensor_memory(text: str, written: str) -> Route | None:
    """The memory one tensor takes («این تنسور تو float32 چند مگابایت حافظه میگیره؟ `x = torch.randn(64, 256, 56,
    56)`», "a tensor of shape (8, 3, 224, 224) in fp16"): its values × the bytes of its format.  The shape is read
    as ``written`` (normalising takes the batch off a tensor's shape)."""
    if not (_has(text, _MEMORY) and _has(text, r"tensor|تنسور|randn|zeros|ones|input")) \
            or _has(text, _PARAMS + "|" + _WHY):
        return None
    shape = _TENSOR_SHAPE.search(written)
    if shape is None:
        return None
    sizes = [int(v) for v in re.findall(r"\d+", shape.group(1))]
    width = _BYTES.get(_number_format(text), 4)
    values = math.prod(sizes)
    total = values * width
    return Route(answer=msg.TENSOR_MEMORY.format(total=total, working="×".join(map(str, [*sizes, width])),
                                                mib=total / 2**20, mb=total / 1e6, values=values, width=width),
                 topic="حافظه اکتیویشن ها")


_SCORES = (r"\bq\s*(?:در|×|x|\*|·|\.|times)?\s*k\s*(?:\^?\s*t\b|ᵀ|ترانهاده|ترانسپوز|transpose\w*)|\bqk\s*\^?\s*t\b|"
           r"\bqkᵀ|attention\s+scores?|امتیاز\w*\s*(?:ی\s*)?(?:توجه|اتنشن)")
_SEQUENCE = (r"(?:طول\s*(?:ی\s*)?(?:دنباله|توالی|سکانس|جمله)|sequence\s*length|seq_?len\w*|\bl\b|\bn\b)\W{0,3}"
             r"(?:(?:=|برابر|of|is)\s*)?(\d+)|(\d+)\s*(?:تا\s*)?(?:tokens?|توکن)")
_HEAD_DIM = r"(?:d_?k|d_?head|head\s*dim\w*|\bd\b)\W{0,3}(?:(?:=|برابر|of|is)\s*)?(\d+)"


def _scores_macs(text: str) -> Route | None:
    """The MACs of attention's scores, Q·Kᵀ («طول دنباله ۵۱۲ و بعد هر هد d=64. ضرب Q در K ترانهاده برای یک هد
    چند تا MAC داره؟»): an L×L matrix, each value a dot product of two d-long vectors, so L·L·d a head."""
    if not (_has(text, _SCORES) and _has(text, _MACS)) or _has(text, _WHY):
        return None
    length, width = described.first_number(_SEQUENCE, text), described.first_number(_HEAD_DIM, text)
    model, heads = described.first_number(_WIDTH_SAID, text), described.first_number(_HEADS, text)
    if length and not width and model and heads and model % heads == 0:  # "d_model 768, 12 heads": 64 a head
        one = length * length * (model // heads)
        return Route(answer=msg.SCORES_MACS_HEADS.format(one=one, heads=heads, macs=heads * one, flops=2 * heads * one,
                                                         length=length, width=model // heads, model=model),
                     topic="multi-head attention")
    if not length or not width:
        return None
    macs = length * length * width
    return Route(answer=msg.SCORES_MACS.format(macs=macs, flops=2 * macs, length=length, width=width),
                 topic="multi-head attention")


def _compared_too(text: str) -> Route | None:
    """A "why" that also asks the counts of the comparison it states ("chera 2 ta conv 3x3 behtar az ye 5x5 e? …
    har kodom chand ta parametr daran?"): the comparison, whose working is the why; otherwise the idea."""
    if not (_has(text, _COUNT_ASKED) and re.search(r"\d", text)):
        return None
    return next((found for reader in (_separable, _bottleneck, _pooling, _stacked) if (found := reader(text))), None)


def _why_layer(text: str) -> Route | None:
    """Why a conv layer it describes has the count it says («چرا کانوی ۶۴ فیلتر ۳×۳ روی عکس رنگی ۱۷۹۲ پارامتر داره؟
    فکر میکردم ۵۷۶»): the count worked out term by term is the answer, the input channels and the biases included."""
    if not _has(text, _PARAMS) or not _has(text, _CONV + "|" + _FILTERS):
        return None
    found = _conv_layer(text, _numbers(text))
    return found if found is not None and found.command else None


def _code_part(message: str) -> str | None:
    """The model code in a message (a question may come before or after it)."""
    lines = message.splitlines()
    if len(lines) < 2:
        return None
    text = "\n".join(lines)
    if looks_printed(text):
        return _strip_prose(lines)
    # the question stays with the code: the code reader takes from it the model named («این autoencoder_cnn من»),
    # sizes of data not pasted («vocab_len … 10001») and the input («ورودی مدل ۲۲۴×۲۲۴×۳ هست»)
    if surely_code(text) and re.search(r"Sequential|nn\.|layers\.|Conv|Dense|Linear|keras|torch", text):
        return text.strip("\n")
    return None


_SEQUENTIAL = re.compile(r"(?:\b(?:tf\.)?(?:nn|keras|models|keras\.models)\.)?\bSequential\s*\(")
# the imports a one-line model needs, on its own line: the reader's messages then name line 1, the student's
_KERAS_NAMES = "from tensorflow import keras; from tensorflow.keras.layers import *; from tensorflow.keras.models import Sequential; "
_TORCH_NAMES = "import torch.nn as nn; "


def _output_asked(code: str) -> str:
    """The headline for an output's shape asked of code: per sample, and with the batch of the code's own sample
    tensor («x = torch.randn(4, 128, 28, 28) … شکل y چی میشه؟» is 4x64x56x56, as ``y.shape`` prints it)."""
    sample = _TENSOR_SHAPE.search(code.translate(_DIGITS).lower())
    sizes = [int(v) for v in re.findall(r"\d+", sample.group(1))] if sample else []
    if len(sizes) >= 3 and sizes[0] > 1:
        return msg.DESCRIBED_OUTPUT_BATCH.replace("{batch}", str(sizes[0]))
    return msg.DESCRIBED_OUTPUT


def _only_layers(code: str) -> str | None:
    """Whether the code lines are nothing but layers: assigned to names («lstm = nn.LSTM(…)», two or more), or
    applied one after another to a tensor of the question's (``x = layers.SeparableConv2D(256, 3)(x)``); None
    when the code is more than that."""
    lines = [line for line in code.splitlines() if line.strip() and not re.search(r"[\u0600-\u06ff]", line)
             and not line.lstrip().startswith(("import ", "from ", "#"))]
    if not lines:
        return None
    kinds = set()
    for line in lines:
        named = re.match(r"\s*\w+\s*=(?!=)", line) is not None
        call = line.split("=", 1)[-1].strip() if named else line.strip()
        head = _TORCH_LAYER.match(call) or _KERAS_LAYER.match(call)
        end = _balanced(call, head.end() - 1) if head else None
        if end is None or not re.fullmatch(r"(?:\(\s*\w+\s*\))?,?", call[end:].strip()):
            return None
        # assigned to a name and not applied: compared or listed apart; applied to x, or listed bare: in a row
        kinds.add("assigned" if named and not call[end:].strip(" ,") else "applied")
    if kinds == {"assigned"}:
        return "assigned" if len(lines) >= 2 else None
    return "applied" if kinds == {"applied"} else None


def _inline_model(message: str) -> str | None:
    """A whole model written inside the sentence, on one line («این مدل کراس چند تا پارامتر داره؟ model =
    Sequential([Conv2D(…), MaxPooling2D(2), …, Dense(1)])»): the code reader counts all of it (a sentence's
    reader would take its first layer and miss the rest)."""
    found = _SEQUENTIAL.search(message)
    call = _balanced(message, found.end() - 1) if found else None
    if call is None:
        return _keras_calls(message)
    model = message[found.start(): call]
    return (_TORCH_NAMES if "nn." in model else _KERAS_NAMES) + f"model = {model}"


def _unfinished_model(message: str) -> Route | None:
    """A model begun in the sentence whose brackets never close (cut off when pasted): said so, not counted as
    the first layer the sentence readers would find in it."""
    found = _SEQUENTIAL.search(message)
    if found is None or _balanced(message, found.end() - 1) is not None:
        return None
    return Route(missing=msg.CODE_SYNTAX.format(token=message[found.start():].strip()[-40:]), topic="تعداد پارامترهای مدل")


_KERAS_CALL = re.compile(r"(?<![\w.])(?:layers\.)?(Embedding|LSTM|GRU|SimpleRNN|Bidirectional|Dense|Conv[123]D|"
                         r"MaxPooling[123]D|AveragePooling[123]D|Flatten|Dropout|BatchNormalization|"
                         r"Global(?:Average|Max)Pooling[123]D|Input)\s*\(")


def _keras_calls(message: str) -> str | None:
    """Keras layers written one after another in the sentence («Embedding(10000, 64) بعد LSTM(32) بعد Dense(1)»),
    the first saying its input: a Sequential of them, counted whole (one at a time, the Dense asked for its input)."""
    calls, at = [], 0
    while (found := _KERAS_CALL.search(message, at)) is not None:
        end = _balanced(message, found.end() - 1)
        if end is None:
            return None
        calls.append(message[found.start(): end])
        at = end
    if len(calls) < 2 or not (calls[0].startswith(("Embedding", "layers.Embedding", "Input", "layers.Input"))
                              or "input_shape" in calls[0] or "input_dim" in calls[0]):
        return None
    return _KERAS_NAMES + f"model = Sequential([{', '.join(calls)}])"


_TORCH_LAYER = re.compile(r"\bnn\.([A-Z]\w*)\s*\(")
_KERAS_LAYER = re.compile(r"(?<![\w.])(?:(?:tf\.)?keras\.)?(?:layers\.)?((?:Conv|SeparableConv|DepthwiseConv)[123]D"
                          r"(?:Transpose)?|(?:Max|Average)Pooling[123]D|Global(?:Average|Max)Pooling[123]D|Dense|"
                          r"Flatten|Dropout|BatchNormalization|LayerNormalization|ZeroPadding[123]D|UpSampling[123]D|"
                          r"Activation|ReLU|Embedding|LSTM|GRU|SimpleRNN|Bidirectional)\s*\(")
# the input the layers are fed, outside their calls: «برای ورودی (1, 3, 224, 224)», "on a 1x32x56x56 input",
# «ورودی با شکل (75, 75, 32)», «روی تصویر 224x224»
_SHAPE_BEFORE = (r"(?:ورودی\w*|inputs?|tensor|تنسور|shape|شکل|ابعاد|سایز|size|of|با|روی|on|for|برای|تصویر|image|"
                 r"backbone|بک\s*بون|بکبون|"
                 r"هست|است|is)\W{0,3}$")
_CHANNELS_SAID = r"(\d+)\s*(?:تا\s*)?(?:کانال\w*|channels?|kanal\w*)"


@dataclass(frozen=True)
class _Calls:
    """Layers written as calls in a sentence (``nn.Conv2d(…)``, ``layers.Conv2D(…)``), in order."""

    torch: bool
    calls: tuple[tuple[str, str], ...]  # (the layer's name, its call as written)
    outside: str  # the sentence without them, normalised
    written: str  # … as written, lower case: a tuple's order kept («(4, 32, 1000)»; normalising reorders it)

    @property
    def dims(self) -> int:
        """The layers' spatial dimensions: Conv1d → 1, MaxPool3d → 3; 2 where none says."""
        return next((int(d) for name, _ in self.calls for d in re.findall(r"([123])[dD]", name)), 2)


def _written_calls(message: str) -> _Calls | None:
    torch_style = _TORCH_LAYER.search(message) is not None
    pattern = _TORCH_LAYER if torch_style else _KERAS_LAYER
    calls, rest, at = [], [], 0
    while (found := pattern.search(message, at)) is not None:
        end = _balanced(message, found.end() - 1)
        if end is None:
            return None
        calls.append((found.group(1), message[found.start(): end]))
        rest.append(message[at: found.start()])
        at = end
    if not calls:
        return None
    rest.append(message[at:])
    written = as_written(" ".join(rest))
    return _Calls(torch_style, tuple(calls), normalise(written), written)


def _calls_on_input(message: str) -> tuple[Route, bool] | None:
    """Layers written as calls in the sentence, their parameters, output or MACs asked, fed an input it states
    («خروجی این دو تا لایه برای ورودی (1, 3, 224, 224) چه شکلیه؟ nn.Conv2d(…) و بعدش nn.MaxPool2d(…)», «ورودی
    ۳۲ کاناله … layers.DepthwiseConv2D(3) و layers.Conv2D(64, 1)»): the calls as one model, run by the code
    reader, with how many calls there were.  Read number by number, the batch of 1 was taken for the image's
    side («1»), and two Keras layers' numbers were mixed into one (832 for 5,056).  True with it: the reader's
    answer comes first (several calls, or one whose sentence the rules read in two dimensions and no batch)."""
    found = _written_calls(message)
    if found is None:
        return None
    outside, spatial = found.outside, found.dims
    # («بردار بعد از Flatten چند تا عدد داره؟», "how long is the flattened vector": the output's size)
    flat = _OUTPUT + r"|(?:چند\s*تا|how\s+many)\s*(?:عدد|مقدار|values|numbers)|طول\s*(?:ی\s*)?بردار|vector\s+length"
    asked = [kind for kind, words in (("output", flat), ("macs", _MACS), ("params", _PARAMS))
             if _has(outside, words)]
    if not asked:
        return None
    sizes, batch = _stated_input(spatial, found)
    layers = ", ".join(call for _, call in found.calls)
    named = "layer" if len(found.calls) == 1 else "model"  # «این لایه …» for one
    if found.torch:
        if sizes is None and asked != ["params"]:
            return None
        shown = f"input {'x'.join(map(str, sizes))}\n" if sizes else ""
        code = f"{shown}import torch.nn as nn\n{named} = nn.Sequential({layers})"
    else:
        if sizes is None:
            return None
        shape = tuple(v if v else None for v in sizes)
        code = (_KERAS_NAMES + "from tensorflow.keras import layers; "
                + f"{named} = Sequential([keras.Input(shape={shape}), {layers}])")
    answer = msg.MODEL_MACS if "macs" in asked and "output" not in asked else \
        msg.DESCRIBED_OUTPUT if "output" in asked and "params" not in asked else ""
    if len(found.calls) == 2 and asked == ["params"] and _has(outside, _MORE_THAN):
        answer = msg.LAYERS_COMPARED  # "how many more … than …": the two counts and their difference, not their sum
    first = len(found.calls) > 1 or spatial != 2 or batch
    return Route("params", code, topic="تعداد پارامترهای مدل", answer=answer), first


# two layers' counts compared: "how many more params does A have than B", «B چند تا پارامتر کمتر از A داره»
_MORE_THAN = _DIFFER + r"|\bmore\b|fewer|\bless\b|بیشتر|کمتر|bishtar|kamtar|\bvs\b|versus|مقایسه|compar\w*"


def _stated_input(spatial: int, found: _Calls) -> tuple[list[int] | None, bool]:
    """The input the sentence gives the calls, as the code reader takes it (channels first for PyTorch, last for
    Keras, no batch): a whole shape, a side the first layer's channels complete, or (for parameters) only the
    channels, the side left open (0)."""
    shape = shape_said((found.written, found.outside), _SHAPE_BEFORE)
    outside = found.outside
    sizes = [int(v) for v in re.findall(r"\d+", shape.group(0))] if shape else []
    batch = len(sizes) == spatial + 2
    if batch:  # the batch first: each sample is the rest
        sizes = sizes[1:]
    first = _call_options(found.calls[0][1], found.torch) if found.calls else {}
    if found.torch and len(sizes) == spatial and isinstance(first.get("in"), int):  # «روی تصویر 224x224»
        sizes = [first["in"], *sizes]
    if not sizes:
        channels = re.search(_CHANNELS_SAID, outside)
        sizes = [0] * spatial + [int(channels.group(1))] if channels and not found.torch else []
    if len(sizes) != spatial + 1 or (found.torch and 0 in sizes):
        return None, batch
    return sizes, batch


def _balanced(text: str, opening: int) -> int | None:
    """Where the bracket opened at ``opening`` closes (the index after it); None when it never does."""
    depth = 0
    for i in range(opening, len(text)):
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    return None


def _strip_prose(lines: list[str]) -> str:
    """Drop the lines of Persian prose around pasted code (they are not Python)."""
    kept = [line for line in lines if not re.search(r"[\u0600-\u06ff]", line) or line.lstrip().startswith("#")]
    return "\n".join(kept).strip("\n")


def _conv_kernel_pairs(text: str, numbers: list[_Token]) -> list[tuple[_Token, int | None]]:
    """Each square kernel size with the count said nearest to it («۳۲ تا فیلتر ۵×۵ … ۱×۱ با ۱۶ کانال»: 32 is the
    5x5's, 16 the 1x1's): a count belongs to the one kernel it is nearest, never to two."""
    kernels = [t for t in numbers if _square_kernel(text, t)]
    counts = [t for t in numbers if len(t.size) == 1 and t not in kernels and _layer_count(text, t)]
    owner = {c: min(kernels, key=lambda k: _gap(c, k)) for c in counts} if kernels else {}
    pairs = []
    for kernel in kernels:
        own = [c for c in counts if owner[c] is kernel]
        nearest = min(own, key=lambda c: _gap(c, kernel), default=None)
        pairs.append((kernel, nearest.size[0] if nearest else None))
    return pairs


def _gap(a: _Token, b: _Token) -> int:
    """Characters between two numbers of the sentence."""
    return a.start - b.end if a.start > b.start else b.start - a.end


def _square_kernel(text: str, token: _Token) -> bool:
    """«۳×۳», 5x5, or a bare number said with «کرنل»/"kernel"."""
    size = token.size
    if len(size) not in (1, 2) or len(set(size)) != 1 or size[0] > 15:
        return False
    return len(size) == 2 or _near(text, token, _KERNEL, 10, 4)


def _layer_count(text: str, token: _Token) -> bool:
    """Is the number a layer's own filters or output channels («۳۲ تا فیلتر», «۱۶ کانال», "16 output channels"),
    not its input's channels («۲۵۶ کانال ورودی», "a 256-channel input")?"""
    # «۱۶ تایی», «۱۶ تا ۱×۱», "32 5x5 filters": a count said with the kernel it counts
    kernel_after = r"(1|3|5|7|9|11)x(1|3|5|7|9|11)\b(?!x)"
    if _follows(text, token, _FILTERS + r"|خروجی|outputs?|output\s+channels|تایی|taii|tayi|" + kernel_after):
        return True
    inputs = r"-?(?:" + _CHANNELS + r")\w*\s*(?:ی\s*|e\s+|ha\s+|های?\s*)?(?:" + _INPUT_NOUNS + r"|in\b)"
    return _follows(text, token, r"-?(?:" + _CHANNELS + ")") and not _follows(text, token, inputs, 40)


def _input_size(text: str, numbers: list[_Token], dims: int = 3) -> _Token | None:
    """The input's HxWxC: a 3-axis size, or the one said after «روی/ورودی/input/on»."""
    for token in numbers:
        if len(token.size) == dims and (dims == 3 or _before(text, token, _INPUT, 18)):
            return token
    return None


def _bottleneck(text: str) -> Route | None:
    asked = _has(text, _CHEAPER) or (_has(text, _DIFFER) and _has(text, _PARAMS + "|" + _MACS))
    if not re.search(r"\b1x1\b", text) or not asked:
        return None
    numbers = _numbers(text)
    size = _input_size(text, numbers)
    if size is None:  # «روی ۵۶×۵۶ … از ۲۵۶ به ۶۴ کانال»: the map's side and its channels said apart
        size = _map_said_apart(text, numbers)
    pairs = [(t, f) for t, f in _conv_kernel_pairs(text, numbers) if size is None or t.start != size.start]
    # «تعداد کانال‌ها رو به ۱۶ کم کنیم», «به ۱۶ کانال», "to 16 channels"
    target = re.search(r"(?:به|to|be)\s*(\d+)\s*(?:تا\s*|ta\s*)?(?:" + _CHANNELS + r"|کم\s*کن|کاهش|kam\s*kon)", text) or re.search(
        r"(?:\bfrom|\baz|از)\s*\d+\s*(?:to|به|be)\s*(\d+)", text) or re.search(_REDUCE_TO, text)
    reduce = int(target.group(1)) if target else None  # «۱×۱ به ۱۶ کانال», "down to 16 channels": the reduction
    reduce = reduce or next((f for t, f in pairs if t.size[0] == 1 and f), None)
    if reduce is None:  # «۱×۱ به ۱۶ کانال کم کنیم», «کانالا رو ببره روی ۶۴», "reduce to 16 channels"
        reduce = next((t.size[0] for t in numbers if len(t.size) == 1 and (
            _after(text, t, _CHANNELS, 8) or _before(text, t, r"(" + _CHANNELS + r").{0,12}(به|to|be|روی|\bru|\broo)\s*$", 24))
            and (size is None or t.size[0] != size.size[-1])), None)
    big = next(((t, f) for t, f in pairs if t.size[0] > 1), None)
    if big is None:
        return None
    # two 1x1s are ResNet's block, but not in Inception, whose 1x1 reduces and never expands back («تو inception
    # میگن 1x1 هزینه رو کم میکنه … اول 1x1 به ۱۶ کانال بعد 5x5 به ۳۲» was counted with a 1x1 back up to 32)
    if _has(text, _BACK_UP) or (len(re.findall(r"\b1x1\b", text)) >= 2 and not _has(text, _INCEPTION)):
        return _resnet_block(text, numbers, size, big[0].size[0])
    kernel, filters = big[0].size[0], big[1]
    if filters is None:
        filters = next((t.size[0] for t in numbers if len(t.size) == 1 and _after(text, t, _FILTERS, 10)
                        and t.size[0] != reduce), None)
    channels = _input_channels(text) if size is None and not _has(text, _MACS) else None
    if size is None and channels is None:  # the MACs need the map; the parameters only its channels
        return Route(missing=msg.ASK_BOTTLENECK_INPUT, topic="کانولوشن 1x1 گلوگاه")
    if filters is None or reduce is None:
        return Route(missing=msg.ASK_BOTTLENECK_FILTERS, topic="کانولوشن 1x1 گلوگاه")
    nobias = " nobias" if _has(text, _NO_BIAS) else ""
    said = size.text if size is not None else f"{_NOMINAL_SIDE}x{_NOMINAL_SIDE}x{channels}"
    return Route("bottleneck", f"{said} {kernel} {filters} {reduce}{nobias}" + ("" if size is not None else " nominal"),
                 topic="کانولوشن 1x1 گلوگاه کاهش کانال")


def _input_channels(text: str) -> int | None:
    """The input's channels said without its size («ورودی ۲۵۶ کانال داره», "256 input channels")."""
    said = re.search(r"(?:ورودی\w*|inputs?|vorodi\w*|voroodi\w*|vorudi\w*)\s*(?:\S+\s*){0,2}?(\d+)\s*(?:تا\s*|ta\s*)?"
                     r"(?:" + _CHANNELS + r")|(\d+)\s*(?:تا\s*|ta\s*)?(?:input\s+channels?|(?:" + _CHANNELS
                     + r")\w*\s*(?:ی\s*)?(?:ورودی|vorodi|voroodi))", text)
    return int(said.group(1) or said.group(2)) if said else None


def _separable_with_norm(text: str) -> Route | None:
    """A depthwise-separable block with BatchNorm after each half, as MobileNetV1 has it («اول depthwise سه در سه بعد
    pointwise با ۶۴ فیلتر … بعد هرکدوم یه بچ نرم»): both convs and both BatchNorms (the separable reader counts the
    convs alone; the one-conv reader took it for a full 3x3)."""
    if not (_has(text, _DEPTHWISE_NAME) and _has(text, r"point\s*-?\s*wise|پوینت\s*وا[یي]ز") and _named(text, _BATCHNORM)
            and _weights_asked(text)):
        return None
    size = next((t.size for t in _numbers(text) if len(t.size) == 3), None)
    channels = size[-1] if size else described.first_number(_CHANNELS_IN_SAID + r"|(\d+)\s*(?:تا\s*)?(?:کانال|channels?)",
                                                            text)
    filters = described.first_number(r"(?:point\s*-?\s*wise|پوینت\s*وا[یي]ز)\w*\W*(?:\S+\s+){0,2}?(\d+)\s*(?:تا\s*)?"
                                     r"(?:فیلتر|filters?|کانال|channels?)", text)
    kernel = max((t.size[0] for t in _numbers(text) if len(t.size) == 2 and 1 < t.size[0] == t.size[1] <= 7), default=3)
    if not channels or not filters:
        return None
    bias = "True" if _has(text, r"(?:با|with)\s*(?:بایاس|bias)") and not _has(text, _NO_BIAS + r"|بایاس\s*ندار") else "False"
    code = (f"import torch.nn as nn\nblock = nn.Sequential(nn.Conv2d({channels}, {channels}, {kernel}, "
            f"padding={kernel // 2}, groups={channels}, bias={bias}), nn.BatchNorm2d({channels}), nn.ReLU(), "
            f"nn.Conv2d({channels}, {filters}, 1, bias={bias}), nn.BatchNorm2d({filters}), nn.ReLU())")
    return Route("params", code, topic="depthwise separable MobileNet")


_PATCH = r"patch\w*|پچ\w*|پَچ"
_MODEL_WIDTH = (r"(\d+)\s*-?\s*(?:dimensional|dim\w*|بعدی)|(?:d_model|hidden\s*size|embed\w*\s*dim\w*|بعد\s*(?:ی\s*)?مدل|"
                r"model\s*dim\w*)\W{0,3}(?:(?:=|is|of|برابر|است)\s*)?(\d+)|(?:بعد|dim)\s*(?:ی\s*)?مدل\s*(\d+)")


def _vit_parts(text: str) -> Route | None:
    """A Vision Transformer's patch embedding (a conv whose kernel and stride are the patch: C·P²·D + D) or its
    learned position table ((H/P)² patches, plus the CLS token when it has one, times D), their numbers said in
    the sentence («تصویر ۲۲۴×۲۲۴ به پچ های ۱۶×۱۶ … بعد مدل ۷۶۸ … توکن CLS … positional embedding»)."""
    if not (_has(text, _PATCH) and _weights_asked(text)):
        return None
    image = next((t.size[0] for t in _numbers(text) if len(t.size) >= 2 and t.size[0] == t.size[1] >= 32), None)
    patch = next((t.size[0] for t in _numbers(text) if len(t.size) == 2 and t.size[0] == t.size[1] < 64 and
                  t.size[0] != image), None) or described.first_number(
        r"(?:kernel\s*(?:size)?|patch\s*(?:size)?|کرنل|پچ)\W{0,3}(?:(?:of|=|is)\s*)?(\d+)", text)
    width = described.first_number(_MODEL_WIDTH, text)
    if not (image and patch and width) or image % patch:
        return None
    if _has(text, r"position\w*|پوزیشن\w*|موقعیت") and not _has(text, r"not\s+counting\s+(?:\S+\s+){0,5}position"):
        tokens = (image // patch) ** 2
        cls = 1 if _has(text, r"\bcls\b|class\s+token|توکن\s*(?:ی\s*)?(?:کلاس|cls)") else 0
        return Route(answer=msg.POSITION_TABLE.format(total=(tokens + cls) * width, tokens=tokens, cls=cls,
                                                      rows=tokens + cls, width=width, side=image // patch),
                     topic="ViT patch embedding positional")
    channels = 1 if _has(text, _GRAY) else 3
    return Route("layer", f"conv {width} {patch}x{patch} in={channels} s={patch} size={image}x{image}",
                 topic="ViT patch embedding")


_INCEPTION = r"inception|اینسپشن|اینسپشِن|googlenet|گوگل\s*نت"
# the second 1x1 of ResNet's block: «آخرش دوباره با ۱×۱ برمیگردونن به ۲۵۶», "then back up to 256", "expand"
_BACK_UP = r"برمی\s*گردون|برمیگرد|برگردون|بر\s*می\s*گرد|back\s+(up\s+)?to|expand\w*|restor\w*|bar\s*migardun"


_MODEL_BEFORE = r"(?:resnet|vgg|densenet|mobilenetv?|efficientnetb?|inception\s*v?|lenet|alexnet)\s*-?\s*$"


def _resnet_block(text: str, numbers: list[_Token], size: _Token | None, kernel: int) -> Route | None:
    """ResNet's bottleneck block against one k×k convolution: 1x1 down to the fewest channels said, the k×k at
    them, 1x1 back up to the channels it started from.  Without a map the parameters need none: the MACs are
    counted on a nominal one, and the reply says so."""
    counts = [t.size[0] for t in numbers if len(t.size) == 1 and t.size[0] > 1
              and not re.search(_MODEL_BEFORE, text[:t.start])]  # «رزنت ۵۰»: the model's name, not 50 channels
    channels = size.size[-1] if size is not None else (counts[0] if counts else None)
    if channels is None or len(set(counts)) < 2:
        return Route(missing=msg.ASK_BOTTLENECK_FILTERS, topic="کانولوشن 1x1 گلوگاه ResNet")
    reduce, back = min(counts), counts[-1] if counts[-1] != min(counts) else channels
    nobias = " nobias" if _has(text, _NO_BIAS) else ""
    if size is not None:
        return Route("bottleneck", f"{size.text} {kernel} {back} {reduce} expand{nobias}",
                     topic="کانولوشن 1x1 گلوگاه ResNet کاهش کانال")
    side = f"{_NOMINAL_SIDE}x{_NOMINAL_SIDE}x{channels}"
    return Route("bottleneck", f"{side} {kernel} {back} {reduce} expand{nobias} nominal",
                 topic="کانولوشن 1x1 گلوگاه ResNet کاهش کانال")


# "reduce to 48", «کاهش بدیم به ۴۸», «kanal ro beresune be 48»: the number a reduction is said to go to
_REDUCE_TO = (r"(?:reduc\w*|down|squeez\w*|کاهش\w*|کم\s*کن\w*|kam\s*kon\w*|beresun\w*|برسون\w*|ببر\w*|"
              r"mi?r[ae]s+o+n\w*|mi?b[ae]r\w*|می\s*رسون\w*|میرسون\w*)\s*"
              r"(?:\S+\s+){0,3}?(?:to|به|be|روی|رو|\bru|\broo)\s*(\d+)(?![\dx])")


def _map_said_apart(text: str, numbers: list[_Token]) -> _Token | None:
    """An HxWxC map whose spatial size («روی ۵۶×۵۶») and channels («از ۲۵۶ به ۶۴», "256 input channels") are
    said in different places, as one token."""
    side = next((t for t in numbers if len(t.size) == 2 and (t.size[0] > 15 or _precedes(text, t, _INPUT))), None)
    channels = next((t for t in numbers if len(t.size) == 1 and (
        (_precedes(text, t, r"\bfrom|\baz|از") and _follows(text, t, r"(?:to|به|be)\s*\d+"))
        or _follows(text, t, r"(?:" + _CHANNELS + r")\w*\s*(?:ی\s*)?(?:ورودی|input|vorodi|voroodi)|input\s+channels?"))),
        None)
    if side is None or channels is None:
        return None
    return _Token(f"{side.text}x{channels.text}", side.start, side.end)


def _pooling(text: str) -> Route | None:
    if _has(text, _GAP) and not _has(text, _FLATTEN):
        return _gap_head(text)
    if not (_has(text, _FLATTEN) and _has(text, _GAP)):
        return None
    if not (_has(text, _PARAMS) or _has(text, r"چند|چقدر|how\s+many|how\s+much|ratio|برابر|barabar|fewer|less|save|کم")):
        return None  # «what is the difference between Flatten and GAP…?»: the idea, not the count
    numbers = _numbers(text)
    size = _input_size(text, numbers)
    if size is None:
        return Route(missing=msg.ASK_FEATURE_MAP, topic="Flatten در برابر Global Average Pooling")
    units = _head_units(text, numbers)
    if not units:  # the head's size is the student's to say, not ours to guess
        return Route(missing=msg.ASK_POOLING_UNITS, topic="Flatten در برابر Global Average Pooling")
    head = ",".join(str(u) for u in _shared_head(text, units))
    return Route("pooling", f"{size.text} {head}", topic="Flatten در برابر Global Average Pooling پارامترها")


# what a Flatten's output is asked as: «طول بردار», «چند تا عدد», "the vector's length", "how many values"
_VECTOR_LENGTH = (r"طول|length|\blen\b|tool\b|اندازه|سایز|size|(چند|chand)\s*(تا|ta)\s*(عدد|مقدار|ویژگی|فیچر|نورون|"
                  r"adad|meghdar|feature|neuron)|"
                  r"how\s+many\s+(numbers|values|features|elements|units)|(بردار|vector|vektor|وکتور)\w*")


def _flattened(text: str) -> Route | None:
    """The length of the vector a Flatten makes of an HxWxC map («۷ در ۷ با ۳۲ کانال رو فلتن کنیم طولش چند
    میشه؟» → 1,568), shown with the model table; a Dense after it is :func:`_layer`'s, its parameters asked."""
    if not _has(text, _FLATTEN) or _has(text, _GAP + "|" + _PARAMS) or not _has(text, _VECTOR_LENGTH):
        return None
    numbers = _numbers(text)
    size = _input_size(text, numbers)
    if size is None or _has(text[size.end:], _CONV):  # a layer between the map and the Flatten: not ours to guess
        return None
    spec, (h, w, c) = f"input {size.text}", size.size
    pool = re.search(_POOL_BEFORE_FLATTEN, text[size.end:])
    windows = [t for t in numbers if len(t.size) <= 2 and t.start > size.end and not _has(text[t.end:t.end + 12], _CHANNELS)]
    if pool and _has(text, r"\bsame\b|" + _PADDING):
        return None  # a padded pooling: the output-size reader's, with its working
    if pool:  # «بعدش یه مکس پولینگ ۲ در ۲ با استراید ۲ میزنم و فلتن میکنم»: Keras' valid pooling, stride = window
        window = next((t for t in windows if t.start > size.end + pool.start()), None)
        k = window.size[0] if window is not None else 2
        after = text[size.end:]  # the pooling's stride, said after the map
        s = _valued(after, _numbers(after), _STRIDE) or k
        spec += f" | {pool.group(1) if pool.group(1) in ('max', 'avg') else 'max'}pool {k} stride={s}"
        h, w = (h - k) // s + 1, (w - k) // s + 1
    elif windows:  # another size after the map, no pooling said: a layer the sentence does not name
        return None
    return Route("params", f"{spec} | flatten", topic="طول بردار خروجی Flatten",
                 answer=msg.HEADLINE_FLATTEN.format(shape=f"{h}×{w}×{c}", length=f"{h * w * c:,}"))


_POOL_BEFORE_FLATTEN = r"(max|avg|average|مکس|ماکس|میانگین)\s*[-_]?\s*(?:pool\w*|پول\w*)"


def _gap_head(text: str) -> Route | None:
    """A head after global average pooling, its parameters asked («۷×۷×۱۲۸۰، گلوبال اوریج پولینگ، بعد دنس ۲۵۶ و دنس
    ۵»): the pooled vector has the map's channels, each Dense counted on the one before."""
    if not _has(text, _PARAMS) or _has(text, _CONV + "|" + _FILTERS):
        return None
    numbers = _numbers(text)
    size = _input_size(text, numbers)
    units = _head_units(text, numbers)
    if size is None or not units:
        return None
    sizes: list[int] = []
    for unit in units:  # «دنس ۵ تایی برای ۵ تا کلاس»: the classes are that layer's units, not another layer
        if not (sizes and sizes[-1] == unit.size[0] and _follows(text, unit, r"کلاس|class\w*|kelas")):
            sizes.append(unit.size[0])
    head = " | ".join(f"dense {u}" for u in sizes)
    return Route("params", f"input {size.text} | gap | {head}", topic="Global Average Pooling سر طبقه‌بند پارامترها")


_LAYER_COUNT = r"(?:لایه\s*(?:ی\s*)?|layers?\s+|laye\s+)?(?:" + _DENSE + r")(?:\s*layers?)?|لایه|layers?\b"
_AND = r"(?:و|and|va|,|،)\s*$"


def _head_units(text: str, numbers: list[_Token]) -> list[_Token]:
    """The sizes of the Dense head's layers, in order: numbers said next to units or a Dense («dense 4096»,
    «۱۰ کلاس»), and one joined to such a size by «و»/"and" ("of 4096 and 10").  A small number counting the
    layers («دو تا dense ۴۰۹۶ و ۱۰», "2 dense layers") is not a size: read as one, it was a Dense(2) head."""
    units: list[_Token] = []
    for t in numbers:
        if len(t.size) != 1 or (t.size[0] <= 5 and _follows(text, t, _LAYER_COUNT)):
            continue
        joined = bool(units) and re.search(_AND, text[units[-1].end: t.start]) is not None \
            and len(text[units[-1].end: t.start]) <= 6
        if joined or _near(text, t, _UNITS + "|" + _DENSE, 18, 12) or _follows(text, t, r"تایی|tai+\b|tayi"):
            units.append(t)
    return units


def _shared_head(text: str, units: list[_Token]) -> list[int]:
    """The Dense layers both sides share, said once for each side («flatten و dense 4096 vs GAP + dense 4096»)
    or once for both: the same layers after Flatten and again after GAP are one head, not two layers in a row
    (read as Dense(4096) → Dense(4096), the ratio came out 3.06 instead of 35.9, silently)."""
    second = max(re.search(_FLATTEN, text).start(), re.search(_GAP, text).start())
    first_side = [t.size[0] for t in units if t.start < second]
    second_side = [t.size[0] for t in units if t.start > second]
    return second_side if first_side == second_side else first_side + second_side


_STACKED = (r"پشت\s*(سر\s*)?هم|poshte?\s*(e\s+)?(sare?\s*)?ham|stack\w*|consecutive|in\s+a\s+row|به\s*جا(ی)?|بجای|\bجای\b|"
            r"instead|در\s*(مقابل|برابر)|\bvs\.?\b|versus|مقایسه|compar\w*|moghayese|jaye|\bya\b|\bor\b|یا|"
            + _DIFFER)
_NOMINAL_SIDE = 56  # the example's map when the question gives only channels: the parameters do not depend on it


# two designs set side by side: «دو تا ۳×۳ یا یه ۵×۵؟», "instead of one 7x7", «همون میدان دید»
_ALTERNATIVE = (r"(?<![\w])(?:یا|or|ya|جای)(?![\w])|instead|به\s*جا(?:ی|ش)|بجا(?:ی|ش)|be\s*ja(?:ye|sh)|بهتر|better|behtar|"
                r"نسبت|ratio|compared|versus|\bvs\b|"
                r"receptive|میدان\s*دید|رسپتیو|same\s+as|همون|equivalent|معادل")


def _stacked(text: str) -> Route | None:
    """«دو ۳×۳ پشت سر هم یا یک ۵×۵؟», "three 3x3 vs one 7x7": the comparison, not a single layer.  Without the
    map's size, the title states the nominal one the MACs were counted on (parameters do not depend on it)."""
    if not (_has(text, _STACKED) and _has(text, _PARAMS + "|" + _MACS + "|" + _CHEAPER)):
        return None
    if not _has(text, _CHEAPER + "|" + _DIFFER + "|" + _ALTERNATIVE):  # a model of 3x3s after a 7x7: not compared
        return None
    numbers = _numbers(text)
    # a kernel is square and small; «۵×۵ با ۱۲۸ کانال» was read as one 5x5x128 token: a kernel and its channels
    kernel_like = [t for t in numbers if len(t.size) in (2, 3) and t.size[0] == t.size[1] <= 15]
    kernels = {t.size[0] for t in kernel_like}
    large = [k for k in kernels if k >= 5 and k % 2 == 1]
    if 3 not in kernels or len(large) != 1 or 1 in kernels or _has(text, r"pool|پولینگ"):
        return None
    topic = "چند کانولوشن 3x3 پشت سر هم در برابر یک کرنل بزرگ میدان دید"
    sides = {t: _channel_side(text, t) for t in numbers if len(t.size) == 1}
    said = {t: side for t, side in sides.items() if side is not None}
    out = next((t.size[0] for t, side in said.items() if side == "out"), None)
    size = next((t for t in numbers if len(t.size) == 3 and t not in kernel_like), None)
    nobias = " nobias" if _has(text, _NO_BIAS) else ""  # «بایاس نداریم»: 360,448 fewer, not 360,192
    if size is not None:
        return Route("stacked", f"{size.text} {large[0]}{_other_filters(out, size.size[-1])}{nobias}", topic=topic)
    # «با ۶۴ فیلتر»: the textbook comparison keeps C channels in and out, so the filters say C
    counts = [t.size[0] for t, side in said.items() if side == "in"] + [t.size[0] for t in said] + [
        t.size[2] for t in kernel_like if len(t.size) == 3]
    if not counts:
        return Route(missing=msg.ASK_STACKED_CHANNELS, topic=topic)
    side = f"{_NOMINAL_SIDE}x{_NOMINAL_SIDE}x{counts[0]}"
    return Route("stacked", f"{side} {large[0]}{_other_filters(out, counts[0])}{nobias} nominal", topic=topic)


def _other_filters(out: int | None, channels: int) -> str:
    """``filters=N`` when the output channels said differ from the input's ("64 in, 128 out"), else nothing."""
    return f" filters={out}" if out is not None and out != channels else ""


_SIDE_IN = r"input|in\b|ورودی\w*|vorodi\w*|voroodi\w*|vorudi\w*"
_SIDE_OUT = r"output|out\b|خروجی\w*|khoruji\w*|khoroji\w*"


def _channel_side(text: str, token: _Token) -> str | None:
    """Whose channels a number counts: "in" («۶۴ کانال ورودی», "64 input channels"), "out" («۶۴ کانال خروجی»,
    "64 output channels", «۶۴ فیلتر»), "" (channels with no side: «با ۱۲۸ کانال», "channel ha 256"), None when
    it counts no channels."""
    if _follows(text, token, _FILTERS):
        return "out"
    words = r"(?:" + _SIDE_IN + "|" + _SIDE_OUT + ")"
    found = re.match(r"\W{0,3}(?:تا\s*|ta\s*)?(?:(" + words + r")\s*)?-?(?:" + _CHANNELS + r")\w*"
                     r"(?:\s*(?:ها\w*|ha\b|ی|e\b))?\s*(" + words + ")?", text[token.end: token.end + 40])
    if found is None:
        plural = r"\bc\s*=?|(?:channels?|کانال\w*|kanal\w*)(?:\s*(?:ها\w*|ha\b))?"
        return "" if _precedes(text, token, plural) else None
    side = found.group(1) or found.group(2) or ""
    if not side:  # «ورودی ۶۴ کانال و خروجی ۱۲۸ کانال»: the side said before the number
        side = "input" if _precedes(text, token, _SIDE_IN) else "output" if _precedes(text, token, _SIDE_OUT) else ""
    return "in" if re.match(_SIDE_IN, side) else "out" if side else ""


# the English names as students write them in Persian letters too: «دپث‌وایز», «دپت وایز سپربل», «سپریبل»
_DEPTHWISE_NAME = r"depth\s*-?\s*wise|dw\s*conv|دپ[ثتس]\s*وا[یي]ز"
_SEPARABLE_NAME = r"separab\w*|جداپذیر|جدا\s*پذیر|تفکیک\s*پذیر|سپا?ر[ای]?بل"
_SEPARABLE = _DEPTHWISE_NAME + "|" + _SEPARABLE_NAME


_INVERTED = r"inverted\s*residual|اینورتد\s*رزیجوال|mbconv|(?:mobile\s*net|موبایل\s*نت)\s*-?\s*v?2\s*(?:block|بلوک)|" \
            r"(?:بلوک|block)\w*\s*(?:\S+\s+){0,3}?(?:mobile\s*net|موبایل\s*نت)\s*-?\s*v?2"
_EXPANSION = r"(?:expansion|اکسپنشن|expand)\w*\s*(?:\S+\s+){0,3}?(\d+)|(\d+)\s*(?:برابر|x|times)\s*(?:expansion|expand\w*)"


def _inverted_residual(text: str) -> Route | None:
    """MobileNetV2's inverted residual block («ورودی و خروجی ۲۴ کانال، ضریب expansion برابر ۶، یعنی ۱×۱ به ۱۴۴
    کانال، depthwise سه در سه، بعد ۱×۱ برگشت به ۲۴»): a 1x1 up, a 3x3 depthwise, a 1x1 down, each with BatchNorm
    and without bias as torchvision builds it, counted whole.  The separable reader took it for one separable
    conv against a 1x1 (3,600 for 8,832)."""
    if not _has(text, _INVERTED) or not _weights_asked(text):
        return None
    factor = described.first_number(_EXPANSION, text)
    size = next((t.size for t in _numbers(text) if len(t.size) == 3), None)  # «ورودی ۵۶×۵۶×۲۴»: its channels
    channels = size[-1] if size else described.first_number(
        r"(\d+)\s*(?:تا\s*)?(?:input\s+|in\s+)?(?:کانال|channels?|kanal)", text)
    out = described.first_number(r"(?:برگشت|back|خروجی|output|out)\w*\s*(?:\S+\s+){0,2}?(?:به|to|be)?\s*(\d+)|"
                                 r"(\d+)\s*(?:output|out)\s*channels?", text)
    if channels is None or factor is None:
        return None
    wide = channels * factor
    out = out if out and out != wide else channels
    bias = "True" if _has(text, r"(?:با|with)\s*(?:بایاس|bias)") and not _has(text, _NO_BIAS) else "False"
    # the depthwise window («depthwise با کرنل ۵×۵»); the 1x1s are the expand and the project
    kernel = max((t.size[0] for t in _numbers(text) if len(t.size) == 2 and 1 < t.size[0] == t.size[1] <= 7), default=3)
    stride = 2 if _has(text, r"(?:stride|استراید|گام)\W{0,3}(?:=\s*)?2") else 1
    if _has(text, _SQUEEZE_EXCITE):  # EfficientNet's MBConv: a squeeze-and-excitation between depthwise and project
        return _mbconv(text, channels, wide, out, kernel, stride, bias, size)
    code = (f"import torch.nn as nn\nblock = nn.Sequential(nn.Conv2d({channels}, {wide}, 1, bias={bias}), "
            f"nn.BatchNorm2d({wide}), nn.ReLU6(), nn.Conv2d({wide}, {wide}, {kernel}, stride={stride}, "
            f"padding={kernel // 2}, groups={wide}, bias={bias}), nn.BatchNorm2d({wide}), nn.ReLU6(), "
            f"nn.Conv2d({wide}, {out}, 1, bias={bias}), nn.BatchNorm2d({out}))")
    return Route("params", code, topic="MobileNetV2 inverted residual depthwise")


_SQUEEZE_EXCITE = (r"squeeze\s*-?\s*(?:and\s*-?\s*)?excit\w*|اسکوییز\s*(?:و\s*)?اکسایت\w*|"  # (not Finglish «se ta»)
                   r"(?<![\w])se\s*(?:block|module|layer|بلوک|لایه)|(?:لایه|layers?)\s*(?:ی\s*)?se(?![\w])")


def _mbconv(text: str, channels: int, wide: int, out: int, kernel: int, stride: int, bias: str,
            size: tuple[int, ...] | None) -> Route:
    """An MBConv block with squeeze-and-excitation (the SE's two 1x1 convs with bias, its width the one said, else
    a quarter of the input's channels, as EfficientNet has it)."""
    squeezed = described.first_number(r"(\d+)\s*(?:تا\s*)?کانال\w*\s*(?:ی\s*)?(?:میانی|وسط)|"
                                      r"(?:reduc\w*|squeez\w*)\s*(?:to\s*)?(\d+)\s*channels?", text) or max(1, channels // 4)
    layers = (f"        self.expand = nn.Conv2d({channels}, {wide}, 1, bias={bias})\n"
              f"        self.bn0 = nn.BatchNorm2d({wide})\n"
              f"        self.depthwise = nn.Conv2d({wide}, {wide}, {kernel}, stride={stride}, padding={kernel // 2}, "
              f"groups={wide}, bias={bias})\n"
              f"        self.bn1 = nn.BatchNorm2d({wide})\n"
              f"        self.se_reduce = nn.Conv2d({wide}, {squeezed}, 1)\n"
              f"        self.se_expand = nn.Conv2d({squeezed}, {wide}, 1)\n"
              f"        self.project = nn.Conv2d({wide}, {out}, 1, bias={bias})\n"
              f"        self.bn2 = nn.BatchNorm2d({out})\n")
    forward = ("        x = nn.functional.silu(self.bn1(self.depthwise(nn.functional.silu(self.bn0(self.expand(x))))))\n"
               "        s = torch.sigmoid(self.se_expand(nn.functional.silu(self.se_reduce(x.mean((2, 3), keepdim=True)))))\n"
               "        return self.bn2(self.project(x * s))\n")
    return _block_route(text, "MBConv", layers, forward, channels, size)


_INCEPTION = r"inception|اینسپشن|اینسپشن|googl?e\s*net|گوگل\s*نت|گوگلنت"


def _inception(text: str) -> Route | None:
    """GoogLeNet's Inception module said branch by branch («کانولوشن ۱×۱ با ۶۴ فیلتر؛ کانولوشن ۱×۱ با ۹۶ فیلتر و پس از
    آن ۳×۳ با ۱۲۸ فیلتر؛ … max pooling ۳×۳ و سپس ۱×۱ با ۳۲ فیلتر», "shakhe 3x3 ba 128 filter (ghablesh reduce 96)
    … pool proj 32"): four branches concatenated, each conv with bias and 'same' padding as in the paper."""
    if not _has(text, _INCEPTION) or not _has(text, _PARAMS + "|" + _MACS + "|" + _OUTPUT + r"|شکل|shekl"):
        return None
    size = next((t.size for t in _numbers(text) if len(t.size) == 3), None)
    if size is None:
        return None
    convs, pooled = [], False  # (kernel, filters, after a pooling) in the order said
    for token in (t for t in _numbers(text) if len(t.size) == 2 and t.size[0] == t.size[1] <= 7):
        if re.search(r"(?:pool\w*|پولینگ)\s*$", text[max(0, token.start - 16): token.start]):
            pooled = True  # the pooling branch's window, not a conv
            continue
        filters = re.match(r"\W*(?:(?:با|ba|with)\s*)?(\d+)\s*(?:تا\s*)?(?:فیلتر|filters?|filter)", text[token.end:])
        if filters:
            convs.append((token.size[0], int(filters.group(1)), pooled, token.end + filters.end()))
    reduce_after = {k: described.first_number(r"reduc\w*\W*(\d+)", text[end: end + 40]) for k, _, _, end in convs}
    first = next((n for k, n, p, _ in convs if k == 1 and not p), None)
    branch = {}
    for i, (k, n, _after_pool, _) in enumerate(convs):
        if k in (3, 5) and k not in branch:
            before = convs[i - 1] if i > 0 and convs[i - 1][0] == 1 and i - 1 > 0 else None
            branch[k] = (before[1] if before else reduce_after.get(k), n)
    projection = described.first_number(r"pool\w*\s*proj\w*\W*(\d+)", text) or next(
        (n for k, n, p, _ in convs if k == 1 and p), None)
    if first is None or projection is None or any(k not in branch or not branch[k][0] for k in (3, 5)):
        return None
    (r3, n3), (r5, n5), channels = branch[3], branch[5], size[-1]
    bias = "False" if _has(text, _NO_BIAS) else "True"
    layers = (f"        self.b1 = nn.Conv2d({channels}, {first}, 1, bias={bias})\n"
              f"        self.b2 = nn.Sequential(nn.Conv2d({channels}, {r3}, 1, bias={bias}), nn.ReLU(), "
              f"nn.Conv2d({r3}, {n3}, 3, padding=1, bias={bias}))\n"
              f"        self.b3 = nn.Sequential(nn.Conv2d({channels}, {r5}, 1, bias={bias}), nn.ReLU(), "
              f"nn.Conv2d({r5}, {n5}, 5, padding=2, bias={bias}))\n"
              f"        self.b4 = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1), "
              f"nn.Conv2d({channels}, {projection}, 1, bias={bias}))\n")
    forward = "        return torch.cat([self.b1(x), self.b2(x), self.b3(x), self.b4(x)], 1)\n"
    total = first + n3 + n5 + projection
    output = msg.BLOCK_OUTPUT.format(shape=f"{size[0]}x{size[1]}x{total}",
                                     working=f"{first} + {n3} + {n5} + {projection} = {total}")
    return _block_route(text, "Inception", layers, forward, channels, size, output)


_FIRE = r"fire\s*\d*\s*module|ماژول\s*(?:ی\s*)?(?:فایر|fire)|فایر\s*ماژول|squeeze\s*net\s*fire|fire\s*block|\bfire\d+\b"
_BASIC_BLOCK = r"basic\s*-?\s*block|بیسیک\s*(?:بلاک|بلوک)|(?:بلاک|بلوک)\s*(?:ی\s*)?(?:پایه|بیسیک)"
_CHANNELS_IN_SAID = (r"(\d+)\s*(?:تا\s*)?(?:کانال|channels?|kanal)\w*\s*(?:ی\s*)?(?:ورودی|input|in\b)|"
                     r"(\d+)\s*(?:input|in)\s+(?:channels?|کانال)|"
                     r"(?:ورودی\w*|input|in_channels)\W{0,3}(?:(?:has|with|of|با|دارای|=)\s*)?(\d+)\s*(?:تا\s*)?"
                     r"(?:کانال|channels?|kanal)?")


def _block_route(text: str, name: str, layers: str, forward: str, channels: int,
                 size: tuple[int, ...] | None = None, output: str = "") -> Route:
    """A block as the PyTorch code a course writes for it, fed the map the sentence states (else a nominal one,
    said under the headline: the parameters do not depend on it).  ``output``: the block's own output, said when
    its shape is asked (the table's last row is one of its layers, not the concatenation)."""
    found = _block_code_route(text, name, layers, forward, channels, size)
    if output and found.answer.startswith(msg.DESCRIBED_OUTPUT.split("{")[0]):
        found = replace(found, answer=found.answer.replace(msg.DESCRIBED_OUTPUT.split("؛")[0], output))
    return found


def _block_code_route(text: str, name: str, layers: str, forward: str, channels: int,
                      size: tuple[int, ...] | None) -> Route:
    side = size[0] if size else next(
        (t.size[0] for t in _numbers(text) if len(t.size) >= 2 and t.size[0] == t.size[1] and t.size[0] > 7), None)
    nominal = "" if side else msg.NOMINAL_SIZE.format(side=described.NOMINAL_SIDE)
    side = side or described.NOMINAL_SIDE
    code = (f"input {channels}x{side}x{side}\nimport torch\nimport torch.nn as nn\nclass {name}(nn.Module):\n"
            f"    def __init__(self):\n        super().__init__()\n{layers}    def forward(self, x):\n{forward}"
            f"block = {name}()")
    return _model_route(text, code, nominal)


def _fire_module(text: str) -> Route | None:
    """SqueezeNet's fire module («ورودی ۹۶ کانال، اسکوییز ۱×۱ با ۱۶ فیلتر، بعد اکسپند ۱×۱ با ۶۴ و اکسپند ۳×۳ با
    ۶۴ موازی»): a 1x1 squeeze, then 1x1 and 3x3 expands side by side, concatenated; counted whole (the
    first conv alone was answered, warned)."""
    if not _has(text, _FIRE) or not _has(text, _PARAMS + "|" + _MACS + "|" + _OUTPUT):
        return None
    channels = described.first_number(_CHANNELS_IN_SAID, text)
    squeeze = described.first_number(r"(?:\bsqueeze\w*|اسکوییز\w*|اسکویز\w*|\bs(?=1x1))\W*(?:1x1\W*)?(?:با|with|=|:)?\s*(\d+)", text)
    wide = described.first_number(r"(?:\bexpand\w*|اکسپند\w*|\be(?=1x1))\W*1x1\W*(?:با|with|=|:)?\s*(\d+)", text)
    wide3 = described.first_number(r"(?:\bexpand\w*|اکسپند\w*|\be(?=3x3))\W*3x3\W*(?:با|with|=|:)?\s*(\d+)", text)
    expand = re.search(r"\bexpand\w*|اکسپند\w*", text)
    if expand:  # the counts before their kernels: «expand موازی: ۶۴ تا فیلتر ۱×۱ و ۶۴ تا ۳×۳», "64 1x1 and 64 3x3 filters"
        after = text[expand.end():]
        count = r"(\d+)\s*(?:تا\s*)?(?:filters?\s*|فیلتر\w*\s*)?(?:ی\s*)?(?:of\s*)?"
        wide = wide or described.first_number(count + "1x1", after)
        wide3 = wide3 or described.first_number(count + "3x3", after)
    if None in (channels, squeeze, wide, wide3):
        return None
    bias = "False" if _has(text, _NO_BIAS) else "True"
    layers = (f"        self.squeeze = nn.Conv2d({channels}, {squeeze}, 1, bias={bias})\n"
              f"        self.expand1x1 = nn.Conv2d({squeeze}, {wide}, 1, bias={bias})\n"
              f"        self.expand3x3 = nn.Conv2d({squeeze}, {wide3}, 3, padding=1, bias={bias})\n")
    forward = ("        x = torch.relu(self.squeeze(x))\n"
               "        return torch.cat([torch.relu(self.expand1x1(x)), torch.relu(self.expand3x3(x))], 1)\n")
    return _block_route(text, "Fire", layers, forward, channels)


def _resnet_options(text: str) -> tuple[int, str, Callable[[int], str]]:
    """A ResNet block's stride (2 when said, or «نصف»), its convs' bias (only when said) and the norm after each
    (BatchNorm unless said none), as torchvision builds it."""
    stride = 2 if _has(text, r"(?:stride|استراید|گام)\W{0,3}(?:=\s*)?2|(?:downsampl|نصف)") else 1
    bias = "True" if _has(text, r"(?:با|with)\s*(?:بایاس|bias)") and not _has(text, _NO_BIAS) else "False"
    norm = not _has(text, r"(?:بدون|without|no)\s*(?:batch\s*norm|بچ\s*نرم|bn\b)")
    return stride, bias, (lambda n: f"nn.BatchNorm2d({n})") if norm else (lambda n: "nn.Identity()")


def _shortcut(channels: int, out: int, stride: int, bias: str, bn: Callable[[int], str]) -> str:
    """The 1x1 projection (and its norm) on a ResNet block's shortcut where the channels or the stride change."""
    return (f"        self.shortcut = nn.Sequential(nn.Conv2d({channels}, {out}, 1, stride={stride}, bias={bias}), "
            f"{bn(out)})\n")


def _basic_block(text: str) -> Route | None:
    """ResNet's basic block («۶۴ کانال ورودی و ۱۲۸ کانال خروجی … کانولوشن اولش stride=2 … میانبر یک کانولوشن
    ۱×۱»): two 3x3 convs with BatchNorm, and a 1x1 projection with BatchNorm on the shortcut where the channels or
    the stride change, as torchvision builds it (no bias unless said).  Counted whole; one conv was answered."""
    if not _has(text, _BASIC_BLOCK) or not _has(text, _PARAMS + "|" + _MACS + "|" + _OUTPUT):
        return None
    channels = described.first_number(_CHANNELS_IN_SAID, text)
    out = described.first_number(r"(\d+)\s*(?:تا\s*)?(?:output\s+|out\s+)?(?:کانال|channels?|kanal)\w*\s*(?:ی\s*)?"
                                 r"(?:خروجی|output|out\b)|(?:خروجی\w*|output|out_channels|planes)\W{0,3}(?:=\s*)?(\d+)", text)
    if channels is None:
        return None
    out = out or channels
    stride, bias, bn = _resnet_options(text)
    project = channels != out or stride != 1
    layers = (f"        self.conv1 = nn.Conv2d({channels}, {out}, 3, stride={stride}, padding=1, bias={bias})\n"
              f"        self.bn1 = {bn(out)}\n"
              f"        self.conv2 = nn.Conv2d({out}, {out}, 3, padding=1, bias={bias})\n"
              f"        self.bn2 = {bn(out)}\n")
    if project:
        layers += _shortcut(channels, out, stride, bias, bn)
    forward = ("        y = self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x)))))\n"
               f"        return torch.relu(y + {'self.shortcut(x)' if project else 'x'})\n")
    return _block_route(text, "BasicBlock", layers, forward, channels)


_BOTTLENECK_BLOCK = (r"bottleneck\s*(?:block|بلوک|بلاک)|(?:بلوک|بلاک|block)\s*(?:ی\s*)?(?:bottleneck|باتلنک|گلوگاه)|"
                     r"resnet\s*-?\s*(?:50|101|152)\W.{0,60}?bottleneck")


def _bottleneck_block(text: str) -> Route | None:
    """ResNet-50's bottleneck block («مسیر اصلی کانولوشن ۱×۱ با ۶۴ فیلتر، ۳×۳ با ۶۴ و ۱×۱ با ۲۵۶ … shortcut یک
    کانولوشن ۱×۱ (projection)»): 1x1 → 3x3 → 1x1 with BatchNorm after each, a 1x1 projection with BatchNorm on the
    shortcut where the channels or the stride change, as torchvision builds it (no bias unless said).  Counted
    whole; one BatchNorm was answered."""
    if not _has(text, _BOTTLENECK_BLOCK) or not _has(text, _PARAMS + "|" + _MACS + "|" + _OUTPUT):
        return None
    convs = re.findall(r"(1x1|3x3)\s*(?:با|with|,)?\s*(\d+)\s*(?:تا\s*)?(?:فیلتر|filters?|کانال|channels?)", text)
    size = next((t.size for t in _numbers(text) if len(t.size) == 3), None)
    channels = size[2] if size else described.first_number(_CHANNELS_IN_SAID, text)
    if [kernel for kernel, _ in convs] != ["1x1", "3x3", "1x1"] or channels is None or convs[0][1] != convs[1][1]:
        return None
    width, out = int(convs[0][1]), int(convs[2][1])
    stride, bias, bn = _resnet_options(text)
    project = channels != out or stride != 1
    layers = (f"        self.conv1 = nn.Conv2d({channels}, {width}, 1, bias={bias})\n        self.bn1 = {bn(width)}\n"
              f"        self.conv2 = nn.Conv2d({width}, {width}, 3, stride={stride}, padding=1, bias={bias})\n"
              f"        self.bn2 = {bn(width)}\n"
              f"        self.conv3 = nn.Conv2d({width}, {out}, 1, bias={bias})\n        self.bn3 = {bn(out)}\n")
    if project:
        layers += _shortcut(channels, out, stride, bias, bn)
    forward = ("        y = torch.relu(self.bn1(self.conv1(x)))\n        y = torch.relu(self.bn2(self.conv2(y)))\n"
               f"        return torch.relu(self.bn3(self.conv3(y)) + {'self.shortcut(x)' if project else 'x'})\n")
    return _block_route(text, "Bottleneck", layers, forward, channels, size)


_DENSE_BLOCK = r"dense\s*-?\s*block|دنس\s*(?:بلاک|بلوک)|(?:بلاک|بلوک)\s*(?:ی\s*)?(?:dense|دنس)"
_TRANSITION = r"transition\s*(?:layer|block)?|ترنزیشن|لایه\s*(?:ی\s*)?(?:گذار|انتقال)"
_GROWTH = r"(?:growth\s*(?:rate)?|نرخ\s*رشد|گروث\s*ریت|\bk\b)\W{0,3}(?:(?:of|=|برابر|برابر\s*با|is)\s*)?(\d+)"


def _densenet_part(text: str) -> Route | None:
    """DenseNet's dense block («ورودی 56x56x64، شش تا لایه با growth rate برابر ۳۲») and transition layer ("a
    1x1 conv with compression 0.5 … followed by 2x2 average pooling"), as torchvision builds them (DenseNet-BC:
    BatchNorm-ReLU-1x1 conv to 4k, BatchNorm-ReLU-3x3 conv to k, no bias; each layer's k maps concatenated on).
    Read as one conv, the block's output and count were one layer's."""
    block, transition = _has(text, _DENSE_BLOCK), _has(text, _TRANSITION) and _has(text, r"densenet|دنس\s*نت")
    if not (block or transition) or not _has(text, _PARAMS + "|" + _MACS + "|" + _OUTPUT + r"|شکل|shekl"):
        return None
    size = next((t.size for t in _numbers(text) if len(t.size) == 3), None)
    channels = size[-1] if size else described.first_number(_CHANNELS_IN_SAID, text)
    if channels is None:
        return None
    if block:
        growth = described.first_number(_GROWTH, text)
        count = described.first_number(r"(\d+)\s*(?:تا\s*)?(?:لایه|layers?|dense\s*layers?)", text)
        if growth is None or count is None:
            return None
        layers = (f"        self.layers = nn.ModuleList([nn.Sequential(nn.BatchNorm2d({channels} + i * {growth}), "
                  f"nn.ReLU(), nn.Conv2d({channels} + i * {growth}, {4 * growth}, 1, bias=False), "
                  f"nn.BatchNorm2d({4 * growth}), nn.ReLU(), nn.Conv2d({4 * growth}, {growth}, 3, padding=1, "
                  f"bias=False)) for i in range({count})])\n")
        forward = "        for layer in self.layers:\n            x = torch.cat([x, layer(x)], 1)\n        return x\n"
        side = f"{size[0]}x{size[1]}x" if size else ""
        output = msg.BLOCK_OUTPUT.format(shape=f"{side}{channels + count * growth}", working=msg.DENSE_WORKING.format(
            channels=channels, count=count, growth=growth))
        return _block_route(text, "DenseBlock", layers, forward, channels, size, output)
    theta = re.search(r"(?:compression|فشرده\S*|θ|theta)\D{0,12}(0?\.\d+)", text)
    out = int(channels * float(theta.group(1))) if theta else described.first_number(
        r"(\d+)\s*(?:تا\s*)?(?:کانال|channels?|filters?|فیلتر)", text)
    if not out or out == channels and not theta:
        return None
    layers = (f"        self.norm = nn.BatchNorm2d({channels})\n"
              f"        self.conv = nn.Conv2d({channels}, {out}, 1, bias=False)\n"
              f"        self.pool = nn.AvgPool2d(2, stride=2)\n")
    forward = "        return self.pool(self.conv(torch.relu(self.norm(x))))\n"
    return _block_route(text, "Transition", layers, forward, channels, size)


def _separable(text: str) -> Route | None:
    """A depthwise-separable convolution asked about (its count, its MACs, against a standard one): the layer's
    numbers are read as for one convolution, then both versions are compared."""
    if not _has(text, _SEPARABLE) or not _has(text, _PARAMS + "|" + _MACS + "|" + _CHEAPER):
        return None
    # (not «depthwise و pointwise رو با هم حساب کنید»: the two halves of the one layer asked about)
    depthwise = re.findall(r"(?:" + _DEPTHWISE_NAME + r")(?!\s*(?:و|and|va|\+|&)\s*(?:pointwise|point\s*wise|پوینت))", text)
    if (described.windows_named(text) > 2 or len(depthwise) > 1) \
            and not _has(text, _CHEAPER + "|" + _DIFFER + "|" + _ALTERNATIVE):
        return None  # a MobileNet-like stack described, not one separable conv against a standard one
    from cnn_demos.commands import parse_layer

    layer = _conv_layer(text, _numbers(text))
    topic = "کانولوشن depthwise separable تعداد پارامترها"
    if layer is None or not layer.command:
        return replace(layer, topic=topic) if layer is not None else None
    request = parse_layer(layer.args)
    side = "x".join(map(str, request.size)) if request.size else f"{_NOMINAL_SIDE}x{_NOMINAL_SIDE}"
    flags = ("" if request.bias else " nobias") + ("" if request.size else " nominal")
    return Route("separable", f"{side}x{request.inputs} {request.kernel[0]} {request.out}{flags}", topic=topic)


_RECURRENT = r"\b(lstm|gru|simplernn|rnn)\b"
_BATCHNORM = r"batch\s*norm\w*|\bbn\b|بچ\s*نرم|نرمال\w*\s*دسته\w*"


def _explained(text: str) -> Route | None:
    """A recurrent layer, BatchNorm or an Embedding with its sizes said («LSTM با ۱۲۸ واحد و ورودی ۶۴ بعدی», "why
    does a GRU with 64 units on 32 features have 18,816 parameters?"): the count with its terms, in the framework
    named."""
    if not _weights_asked(text):
        return None
    singles = [t for t in _numbers(text) if len(t.size) == 1]
    # «BatchNorm بعد از کانوی ۲۵۶ فیلتری», "if the conv before it outputs 128 channels": the BN's own count
    if _named(text, _BATCHNORM) and (_has(text, _AFTER_LAYER) or _has(text, _LAYER_BEFORE)):
        return _batchnorm(text, singles, _CHANNELS + "|" + _FILTERS + r"|features?|ویژگی|تایی|units?|نورون\w*|neurons?")
    if _has(text, _CONV + "|" + _DENSE):
        return None
    framework = " pytorch" if _has(text, _PYTORCH) else ""
    cell = re.search(_RECURRENT, text)
    if cell is not None and _has(text, _EMBEDDING):  # «امبدینگ … بعدش یه LSTM … کل پارامترا»: both, summed
        found = _embedded_recurrent(text, singles, cell.group(1), bool(framework))
        if found is not None:  # (without a vocabulary, «embedding dim ام 50» is only the cell's input)
            return found
    if cell is not None:
        stacked = re.search(_STACKED_LAYERS, text)
        if stacked:  # «۲ لایه LSTM», "a 2-layer LSTM", num_layers=2: how many, not a size
            singles = [t for t in singles if not stacked.start() <= t.start < stacked.end()]
        # a word before a number says more than one after it: in "input size 100, hidden size 128", «hidden»
        # follows 100 but names 128
        units = next((t for t in singles if _precedes(
            text, t, r"hidden_size|units|hidden(?:\s*size)?|(?<!nn\.)(lstm|gru|simplernn)\(?")), None) or next(
            (t for t in singles if _follows(text, t, r"واحد|units?|یونیت|نورون|نرون|neurons?|hidden|cells?|vahed")
             and not _precedes(text, t, r"input_size|input_dim|(ورودی\w*|inputs?)(\s*(size|dim\w*|سایز|اندازه|بعد))?")),
            None)
        inputs = next((t for t in singles if t is not units and (
            _follows(text, t, r"بعد\w*|(input\s+)?(features?|dim\w*)|ویژگی|فیچر|-d\b|boodi|bodi|ta?\s*feature")
            or _precedes(text, t, r"(?:ورودی\w*|inputs?)\s+(?:یه|یک|a|an)\s+(?:بردار|vector)|"  # «ورودیش یه بردار ۱۰ تاییه»
                                  r"input_size|input_dim|(ورودی\w*|inputs?|vorodi\w*|voroodi\w*)(\s*(size|dim\w*|سایز|"
                                  r"اندازه|بعد|بردار\w*(?:\s*ها\w*)?))?|(embedding|امبدینگ)\s*(dim\w*|size|سایز|بعد)?\s*(ام|am)?"))), None)
        # named arguments say which is which: «nn.RNN(input_size=20, hidden_size=50)» (20 stands before «hidden»)
        # (or in a sentence: «input_size اش ۵۰ و hidden_size اش ۱۰۰»)
        named = dict(re.findall(r"\b(hidden_size|input_size|units|input_dim)\s*(?:=|:|اش|ش|برابر|is|of)\s*(\d+)", text))
        hidden = int(named.get("hidden_size") or named.get("units") or 0) or (units.size[0] if units else None)
        width = int(named.get("input_size") or named.get("input_dim") or 0) or (inputs.size[0] if inputs else None)
        if width is None:  # «ورودی shape=(50, 100)»: time steps by features; each step is as wide as the last
            shaped = next((t for t in _numbers(text) if len(t.size) in (2, 3)
                           and _precedes(text, t, r"(?:input_)?shape|ورودی\w*|inputs?")), None)
            width = shaped.size[-1] if shaped else None
        if width is None and _has(text, _ONE_FEATURE):  # a time series: «هر گام فقط یه فیچر»
            width = 1
        if hidden is None:
            return None
        if width is None:
            return Route(missing=msg.ASK_RECURRENT_INPUT.format(cell=cell.group(1).replace("simplernn", "rnn").upper()),
                         topic="تعداد پارامترهای LSTM GRU")
        kind = cell.group(1).replace("simplernn", "rnn")
        said = next(g for g in stacked.groups() if g) if stacked else "1"  # «GRU دوطرفه دو لایه»: in words too
        layers = int(_WORDS.get(said, said))
        depth = f" layers={layers}" if layers > 1 else ""
        both_ways = f" {BIDIRECTIONAL_WORD}" if _has(text, _BIDIRECTIONAL) else ""
        found = Route("layer", f"{kind} {hidden} in={width}{depth}{framework}{both_ways}",
                      topic="تعداد پارامترهای LSTM GRU گیت")
        kinds = list(dict.fromkeys(k.replace("simplernn", "rnn") for k in re.findall(_RECURRENT, text)))
        if len(kinds) > 1 and layers == 1:  # «GRU و LSTM … هر کدوم چنتا؟»: each, the first worked out below
            return replace(found, answer=_each_cell(kinds, hidden, width, "pytorch" if framework else "keras",
                                                    _has(text, _DIFFER + "|" + _CHEAPER)))
        return found
    if _has(text, _EMBEDDING):
        return _embedding(text, singles)
    if _named(text, _BATCHNORM):  # not «… no bias or BatchNorm»: that leaves it out
        return _batchnorm(text, singles, _CHANNELS + r"|features?|ویژگی|فیچر")
    return None


_ONE_FEATURE = r"(?<![\w])(?:یه|یک|one|a\s+single|single)\s+(?:تا\s+)?(?:فیچر|ویژگی|features?)(?![\w])"


def _each_cell(kinds: list[str], units: int, inputs: int, framework: str, compared: bool = False) -> str:
    """The count of each recurrent cell named, with the same units and inputs (the command works out the first);
    ``compared`` («تفاوتشون چقدره؟», "how many more"): the difference of the first two first."""
    from cnn_demos.explained import recurrent

    totals = [recurrent(kind, units, inputs, framework).total for kind in kinds]
    counts = msg.AND.join(f"{kind.upper()}: {total:,}" for kind, total in zip(kinds, totals))
    each = msg.HEADLINE_EACH_CELL.format(counts=counts, units=units, inputs=inputs,
                                         framework=msg.FRAMEWORK_NAMES[framework])
    if not compared:
        return each
    (a, b), (first, second) = kinds[:2], totals[:2]
    more, less = (a, b) if first >= second else (b, a)
    return msg.HEADLINE_CELLS_DIFFER.format(more=more.upper(), less=less.upper(), difference=abs(first - second),
                                            ratio=max(first, second) / min(first, second)) + "\n" + each


def _embedded_recurrent(text: str, singles: list[_Token], kind: str, pytorch: bool) -> Route | None:
    """An Embedding feeding a recurrent layer, counted together (the Embedding's count alone was given as the
    model's): the two written as the framework's code and read as a paste is."""
    vocab, dim = _vocabulary_and_width(text, singles)
    units = next((t for t in singles if t not in (vocab, dim) and (
        _follows(text, t, r"واحد|units?|یونیت|نورون|hidden|cells?|تایی|taii")
        or _precedes(text, t, _RECURRENT + r"\W*|hidden\w*(?:\s*size)?|hidden_size|units?|واحد\w*"))),
        None)
    if vocab is None:
        return None
    if dim is None or units is None:
        return Route(missing=msg.ASK_EMBEDDING, topic="تعداد پارامترهای Embedding LSTM")
    v, d, u = vocab.size[0], dim.size[0], units.size[0]
    if pytorch:
        layer = {"lstm": "LSTM", "gru": "GRU"}.get(kind, "RNN")
        code = f"import torch.nn as nn\nmodel = nn.ModuleList([nn.Embedding({v}, {d}), nn.{layer}({d}, {u})])"
    else:
        layer = {"lstm": "LSTM", "gru": "GRU"}.get(kind, "SimpleRNN")
        code = (f"from tensorflow import keras\nmodel = keras.Sequential([keras.Input((20,)), "
                f"keras.layers.Embedding({v}, {d}), keras.layers.{layer}({u})])")
    return Route("params", code, topic="تعداد پارامترهای Embedding LSTM")


def _batchnorm(text: str, singles: list[_Token], counted: str) -> Route | None:
    """BatchNorm on the channels said by one of ``counted`` («۳۰۰ تا فیچر», «۲۵۶ فیلتری»); None without them."""
    channels = next((t for t in singles if _follows(text, t, r"(?:outputs?\s+|out\s+)?(?:" + counted + ")")), None)
    if channels is None:
        return None
    return Route("layer", f"bn {channels.size[0]}", topic="BatchNormalization پارامترها میانگین واریانس")


_EMBEDDING = r"embedding|امبدینگ|ایمبدینگ|تعبیه"
# recurrent layers stacked: «۲ لایه LSTM», "a 2-layer LSTM", "LSTM with 3 layers", num_layers=2; counted one, the
# total was silently one layer's
_STACKED_LAYERS = (r"\b(\d)\s*-?\s*(?:layers?|laye|لایه)\s*(?:ی|ای)?\s*(?:stacked\s*|vanilla\s*|simple\s*|ساده\s*|"
                   r"bidirectional\s*)?(?:lstm|gru|rnn|simplernn)\b"
                   r"|num_layers\s*=\s*(\d)\b|\b(?:lstm|gru|rnn)\b.{0,12}?(?<![\w\u0600-\u06ff])(\d|دو|سه|چهار)\s*"
                   r"(?:layers?|laye|لایه)")
# BatchNorm said to follow a layer: the layer gives its channels, the question is the BatchNorm's
_LAYER_BEFORE = r"before\s+it|preceding|previous\s+(conv|layer)|قبل\s*از\s*(آن|اون|او)|قبلش|لایه\s*(ی\s*)?قبل"
_AFTER_LAYER = r"(?:بعد\s*از|پس\s*از|after|ba+d\s*az)\s*(?:یه|یک|a|an|the|ye|each|every|هر)?\s*(?:" + _CONV + "|" + _DENSE + ")"


def _vocabulary_and_width(text: str, singles: list[_Token]) -> tuple[_Token | None, _Token | None]:
    """An Embedding's vocabulary and vector size as the sentence says them («vocab 20000 و dim 128», "30k words,
    300-d», «بیست هزار تا کلمه و بردارای ۱۰۰ بعدی»)."""
    vocab = next((t for t in singles if _precedes(text, t, r"vocab\w*(\s*size)?|vocabulary(\s*size)?|واژگان|"
                                                          r"دیکشنری|dictionary|num_embeddings|input_dim")
                  or _follows(text, t, r"کلمه|واژه|لغت|توکن|tokens?|words?")), None)
    dim = next((t for t in singles if t is not vocab and (
        _precedes(text, t, r"(embedding\s*|امبدینگ\s*)?(dim\w*|size|سایز)|بعد|ابعاد|output_dim|embedding_dim|"
                           r"بردار\w*|vectors?\s*(?:of\s*)?(?:size\s*)?")  # «هر توکن یه بردار ۷۶۸ تایی»
        or _follows(text, t, r"بعد\w*|-?d\b|dim\w*|dimensional|bo'?e?di\w*"))), None)
    return vocab, dim


def _embedding(text: str, singles: list[_Token]) -> Route:
    """An Embedding layer with its vocabulary and vector size; a question back when either is missing."""
    vocab, dim = _vocabulary_and_width(text, singles)
    if vocab is None or dim is None:
        return Route(missing=msg.ASK_EMBEDDING, topic="تعداد پارامترهای Embedding")
    return Route("layer", f"embedding {vocab.size[0]} {dim.size[0]}", topic="تعداد پارامترهای Embedding")


def _output_size(text: str) -> Route | None:
    if not _has(text, _OUTPUT) or _has(text, _PARAMS + "|" + _MACS):
        return None
    if not (_has(text, _CONV + "|" + _FILTERS) or _has(text, r"pool|پولینگ|ادغام|" + _KERNEL)):
        return None
    transposed = _has(text, _TRANSPOSED)
    text, options = _read_call(text)
    found = _geometry(text)
    if found is None:
        return None
    if found.size is None:  # «خروجی conv 3x3 با گام ۲ چند در چنده؟»: the input size is the missing number
        return Route(missing=msg.ASK_OUTPUT_INPUT, topic="اندازه خروجی کانولوشن گام پدینگ")
    filters = options.get("filters")  # nn.Conv2d(3, 16, …): the call says them
    channels = filters if isinstance(filters, int) else _output_channels(text, found)
    if transposed and (len(re.findall(_TRANSPOSED, text)) > 1 or _has(text, _TWO_OF + r"(?:" + _TRANSPOSED + ")")):
        # «اولی … بدون پدینگ، بعدش دو تا ConvTranspose … padding 1»: each one's options are not told apart
        # reliably from a sentence (the later padding was taken for the first); asked as calls instead
        return Route(missing=msg.ASK_TRANSPOSED_AS_CALLS, topic=_TRANSPOSED_TOPIC)
    if transposed:  # the rule runs the other way: the ordinary one gave 8x8 where a ConvTranspose2d gives 32x32
        return _transposed_size(found, text, channels)
    # the channels said too («۱۲۸ در ۱۲۸ … ۳۲ فیلتر … چند در چند در چند؟»): the whole shape, not its sides alone
    full = "{headline}\n" + msg.FULL_OUTPUT.format(channels=channels, shape="{output}x" + str(channels)) \
        if channels else ""
    return Route("shape", found.rule(), topic="اندازه خروجی کانولوشن گام پدینگ", answer=full)


def _output_channels(text: str, found: _Geometry) -> int | None:
    """The output's channels when the sentence says them: a convolution's filters, or a pooling's input channels
    (channels last, «۲۲۴ در ۲۲۴ در ۶۴»)."""
    if _has(text, _CONV + "|" + _FILTERS):
        taken = (found.kernel, found.size)
        said = _filter_count(text, [t for t in _numbers(text) if len(t.size) == 1 and t not in taken])
        if said is not None or not _has(text, r"pool|پولینگ|پول\b"):
            return said.size[0] if said is not None else None
        # «بعد از کانولوشن اول … ۱۱۲×۱۱۲×۶۴ … maxpool …»: a pooling after a conv keeps its input's channels
    size = found.size.size if found.size is not None else ()
    return size[2] if len(size) == 3 and found.dims == 2 and size[0] == size[1] else None


_TRANSPOSED = r"transpos\w*|ترانسپوز\w*|ترنسپوز\w*|deconv\w*|دی\s*کانو\w*|fractionally"


def _transposed_size(found: _Geometry, text: str, channels: int | None = None) -> Route:
    """A transposed convolution's output, worked out: (i − 1)·s − 2p + d·(k − 1) + output_padding + 1 on each
    axis (PyTorch's ``ConvTranspose2d``); «same» padding is Keras' and gives i·s."""
    k, s, d = found.kernel.size[0], found.stride or 1, found.dilation or 1
    size = found.size.size
    # «100x1x1», a DCGAN's latent as PyTorch shapes it: channels first (read as a 100x1 map, it gave 101x2)
    channels_first = len(size) == found.dims + 1 and size[1] == size[2] and size[0] != size[1]
    sides = size[1:] if channels_first else size[:found.dims]
    op = _valued(text, _numbers(text), r"output[_\s]padding") or 0
    if found.padding == "same":
        out = [i * s for i in sides]
        working = " , ".join(dict.fromkeys(f"{i}×{s} = {o}" for i, o in zip(sides, out, strict=True)))
    else:
        p = 0 if found.padding in (None, "valid") else int(found.padding)
        out = [(i - 1) * s - 2 * p + d * (k - 1) + op + 1 for i in sides]
        working = " , ".join(dict.fromkeys(f"({i} − 1)×{s} − 2×{p} + {d}×({k} − 1) + {op} + 1 = {o}"
                                           for i, o in zip(sides, out, strict=True)))
    if min(out) < 1:
        return Route(answer=msg.TRANSPOSED_NONE, topic=_TRANSPOSED_TOPIC)
    shape = "x".join(map(str, [*out, *([channels] if channels else [])]))
    answer = msg.TRANSPOSED_SIZE.format(shape=shape, working=working, op=op)
    # U-Net's decoder: «بعدش با اسکیپ کانکشن همون سطح که ۵۶×۵۶×۲۵۶ هست کانکت میکنم»: the channels side by side
    skip = next((t for t in _numbers(text) if len(t.size) == len(out) + 1 and list(t.size[:-1]) == out
                 and t.start > found.size.end), None)
    if skip is not None and channels and _has(text, r"concat\w*|کانکت\w*|الحاق|skip|اسکیپ"):
        joined = "x".join(map(str, [*out, channels + skip.size[-1]]))
        answer = msg.CONCATENATED.format(skip=skip.text, shape=joined) + "\n" + answer
    return Route(answer=answer, topic=_TRANSPOSED_TOPIC)


_TRANSPOSED_TOPIC = "کانولوشن ترانهاده اندازه خروجی"


def _read_call(text: str) -> tuple[str, dict]:
    """A Conv call written in the sentence («Conv2D(32, 5, strides=2) روی ورودی ۶۴ در ۶۴»): the sentence with the
    call replaced by words the readers know (kernel, stride, padding), and the call's own options."""
    found = _call_text(text.replace("conv2d(", "Conv2D(").replace("conv1d(", "Conv1D(").replace("conv3d(", "Conv3D("))
    if found is None:
        return text, {}
    options = _call_options(found[0], found[2])
    text = text.replace(found[0].lower(), " ")
    kernel_value = options.get("kernel")
    if isinstance(kernel_value, (tuple, list)):
        kernel_value = kernel_value[0]
    if isinstance(kernel_value, int):
        text += f" kernel {kernel_value} stride {options.get('stride', 1)}"
        if isinstance(options.get("padding"), (int, str)):
            text += f" padding {options['padding']}"
        if isinstance(options.get("dilation"), int):  # «nn.Conv2d(3, 10, 5, stride=2, dilation=2)»
            text += f" dilation {options['dilation']}"
    return text, options


@dataclass(frozen=True)
class _Geometry:
    """What the output-size rule needs, as the sentence gives it (``size`` None: the input was not said; stride,
    padding or dilation None: not said, so the command takes its default and says so)."""

    kernel: _Token
    size: _Token | None
    stride: int | None
    padding: int | str | None
    dilation: int | None
    dims: int  # spatial axes: 3 for a 3-D convolution, 1 for a length, else 2

    @property
    def spatial(self) -> str:
        return "x".join(str(v) for v in self.size.size[:self.dims])

    def rule(self) -> str:
        """The ``shape`` command's arguments: SIZE KERNEL and each of stride, padding and dilation the sentence
        gave, by name; one not given is left to the command, whose reply names the default it took."""
        said = (("stride", self.stride), ("padding", self.padding), ("dilation", self.dilation))
        return f"{self.spatial} {self.kernel.size[0]}" + "".join(f" {k}={v}" for k, v in said if v is not None)


def _geometry(text: str, exclude: _Token | None = None) -> _Geometry | None:
    """Kernel, input size, stride, padding and dilation; None without a kernel.  ``exclude``: a number
    already read as something else (the filter count)."""
    numbers = [t for t in _numbers(text) if t != exclude]
    kernel = _kernel(text, numbers)
    size = next((t for t in numbers if t is not kernel and len(t.size) >= 2 and _precedes(text, t, _INPUT)), None) or \
        next((t for t in numbers if t is not kernel and len(t.size) >= 2
              and not _follows(text, t, r"فیلتر|filters?\b|filtr|kernels\b")), None)
    if size is None:
        size = next((t for t in numbers if t is not kernel and len(t.size) == 1 and _precedes(text, t, _INPUT)
                     and not _follows(text, t, _CHANNELS)), None)  # «ورودی ۶۴ کاناله»: its depth, not its side
    if kernel is None:
        return None
    stride = _valued(text, numbers, _STRIDE)
    padding: int | str | None = _valued(text, numbers, _PADDING)
    if padding is None and _has(text, _SAME_PADDING):
        padding = "same"
    if padding is None and _has(text, _NO_PADDING):
        padding = 0
    dilation = _valued(text, numbers, _DILATION)
    dims = 3 if _has(text, r"conv3d|سه\s*بعدی|\b3d\b") else 1 if size is None or len(size.size) == 1 else 2
    return _Geometry(kernel, size, stride, padding, dilation, dims)


def _asks_channels(text: str) -> bool:
    """Is the channel count what is asked («خروجیش چند کانال داره؟», «عمق خروجی چنده؟», "how many output
    channels", "output depth?"), not a number the sentence gives («۶۴ کانال», "3 input channels")?"""
    for match in re.finditer(_DEPTH_NOUNS, text):
        before, after = text[max(0, match.start() - 30): match.start()], text[match.end(): match.end() + 30]
        if re.search(r"\d[\s-]{0,3}(?:تا\s*|ta\s*)?(?:(?:" + _OUTPUT_WORD + r")\s*)?$", before):
            continue  # «۶۴ کانال», «۶۴ تا کانال خروجی», "64 output channels": a number given
        if re.search(r"(?:" + _INPUT_NOUNS + r"|\bin)\s*(?:ی|e)?\s*$", before) or \
                re.match(r"\s*(?:ها\w*\s*)?(?:ی\s*|e\s+)?(?:" + _INPUT_NOUNS + ")", after):
            continue  # "input channels", «کانال‌های ورودی»: the input's, not the answer
        asked = re.search(_ASK_BEFORE, before)
        if asked and (not re.match(r"تعداد|tedad|te'?dad|number|num", asked.group(0)) or _has(text, _HOW_MUCH)):
            return True  # «چند کانال», «تعداد کانال‌های خروجی … چنده؟», "how many feature maps", "what is the depth"
        output_after = re.match(r"\s*(?:ها\w*\s*)?(?:ی\s*|e\s+|of\s+(?:the\s+)?|\s)?(?:" + _OUTPUT_WORD + ")", after)
        output_before = re.search(r"(?:" + _OUTPUT_WORD + r")\s*$", before)
        if (output_after or output_before) and not re.match(
                r"(?:\s*(?:ها\w*|ی|e|of|the)\s*)*(?:(?:" + _OUTPUT_WORD + r")\s*)?\W{0,3}(?:=|:|برابر|is|of)?\s*\d",
                after):
            return True  # «عمق خروجی … چنده؟», "output depth?", "depth of the output" (not «کانال خروجی ۶۴»)
    return False


def _channels(text: str) -> Route | None:
    """«خروجی … چند کانال داره؟»: a convolution's output channels are its filters; with the input said, the
    whole output shape; without it, that rule in plain words; without the filter count, a question back."""
    if not _asks_channels(text) or _has(text, _PARAMS + "|" + _MACS) or not _has(text, _CONV + "|" + _FILTERS):
        return None
    topic = "تعداد کانال های خروجی کانولوشن فیلترها نقشه ویژگی"
    text, options = _read_call(text)
    singles = [t for t in _numbers(text) if len(t.size) == 1]
    said = _filter_count(text, singles)
    filters = options.get("filters") if isinstance(options.get("filters"), int) else said.size[0] if said else None
    if not filters:
        return Route(missing=msg.ASK_FILTERS, topic=topic)
    shown = msg.fa(filters)
    found = _geometry(text, exclude=said)
    if found is None or found.size is None:  # «کانولوشن با ۱۲۸ فیلتر چند کانال داره؟»: the rule, no invented input
        return Route(answer=msg.CHANNELS_ARE_FILTERS.format(channels=shown), topic=topic)
    dims = 1 if _has(text, r"conv1d|کانولوشن\s*(یک|1)\s*بعدی|\b1d\b") else found.dims
    given = found.size.size
    channels = given[dims] if len(given) == dims + 1 else options.get("in") if isinstance(options.get("in"), int) \
        else 3 if _has(text, _COLOUR) else 1 if _has(text, _GRAY) else None
    if len(given) < dims or channels is None:  # the spatial size only: the rule's result, then the filters
        return Route("shape", replace(found, dims=min(dims, len(given))).rule(), topic=topic,
                     answer=msg.HEADLINE_CHANNELS.format(channels=shown, shape="{output}x" + str(filters)))
    padding = found.padding if isinstance(found.padding, str) else f"p{found.padding}" if found.padding else "valid"
    kernel = "x".join([str(found.kernel.size[0])] * dims)
    spatial = "x".join(str(v) for v in given[:dims])
    dilation = f" d{found.dilation}" if found.dilation not in (None, 1) else ""
    spec = f"input {spatial}x{channels} cl | conv{dims}d {filters} {kernel} s{found.stride or 1} {padding}{dilation}"
    return Route("shape", spec, topic=topic, answer=msg.HEADLINE_CHANNELS.format(channels=shown, shape="{output}"))


def _filter_count(text: str, singles: list[_Token]) -> _Token | None:
    """The number said to be the filters or the output channels («۱۲۸ فیلتر», "out_channels=64", «خروجی ۱۲۸»)."""
    return next((t for t in singles if _precedes(
        text, t, r"out_channels|out_ch|c_out|cout|\bout\b|filters|خروجی\w*|khoruji\w*|khoroji\w*|(?<!nn\.)conv[123]d\(")),
        None) or next((t for t in singles if _follows(text, t, _OUT_CHANNELS)), None) or next(
        # «… به ۱۲۸ کانال», "outputs 64 channels"
        (t for t in singles if _precedes(text, t, r"\bto|به|\bbe|outputs?|produces?|gives?")
         and _follows(text, t, _CHANNELS)), None) or next(
        # «۶۴ کانالو میبره به ۱۲۸», "takes 64 channels to 128": the channels it is taken to
        (t for t in singles if _precedes(text, t, _TAKES_TO) and _has(text[:t.start], _CHANNELS)), None)


_TAKES_TO = r"(?:میبر\w*|می\s*بر\w*|ببر\w*|mibar\w*|بر\s*میگردون\w*|میرسون\w*|می\s*رسون\w*|برسون\w*|takes?|maps?)\s*(?:به|be|to)"


_KERNEL_SIZE = r"(" + _KERNEL + r")([\s_]*size|\s*اندازه|\s*سایز)?|pool\w*|پولینگ"


def _kernel(text: str, numbers: list[_Token], exclude: _Token | None = None) -> _Token | None:
    """The kernel: a size said after «کرنل»/"kernel size"/"k=", else a square size not said to be the input
    («۳×۳», 5x5), else a number said before «کرنل»."""
    square = [t for t in numbers if t is not exclude and len(set(t.size)) == 1]
    candidates = [t for t in square if t.size[0] <= 15]
    # a larger one only when the word says it: ViT's "a 16x16 kernel, stride 16"
    named = next((t for t in square if t.size[0] <= 64 and (_precedes(text, t, _KERNEL_SIZE) or (
        len(t.size) > 1 and re.match(r"\s{0,2}(?:" + _KERNEL + ")", text[t.end:])))), None)  # (not «۳۲×۳۲، کرنل»)
    # said right after an input noun («ورودی ۲۸×۲۸»), not after a comma that ends it ("224x224x3 image, 7x7 conv")
    squares = (t for t in candidates if len(t.size) in (2, 3)
               and not re.search(r"(?:" + _INPUT + r")\s*[:=]?\s*$", text[max(0, t.start - 24): t.start])
               and not re.match(r"\s*(?:" + _INPUT_NOUNS + ")", text[t.end:]))  # "15x15 input" is the input
    return named or next(squares, None) or next(
        (t for t in candidates if len(t.size) == 1 and _follows(text, t, _KERNEL)), None)


def _valued(text: str, numbers: list[_Token], words: str) -> int | None:
    """The number written right after a word (گام ۲, stride 2, padding=3), else one right before it."""
    singles = [t for t in numbers if len(t.size) == 1]
    for token in singles:
        if re.search(r"(" + words + r")\W{0,3}(?:(?:of|is|=|برابر|معادل|equal\s+to|barabar)\W{0,3})?$",
                     text[max(0, token.start - 22): token.start]):  # «dilation برابر ۳», "stride of 2", "padding=1"
            return token.size[0]
    claimed = f"{_STRIDE}|{_PADDING}|{_DILATION}|{_KERNEL_SIZE}|{_INPUT}"
    for token in singles:  # «۲ گام», «یک پیکسل پدینگ»: only a number no other word has claimed
        if re.match(r"\s{0,2}(?:(?:پیکسل|pixel|px)\s{0,2})?(" + words + ")", text[token.end: token.end + 22]) \
                and not _precedes(text, token, claimed):
            return token.size[0]
    return None


_DEPTHWISE = _DEPTHWISE_NAME + r"|عمق\s*به\s*عمق|کانال\s*به\s*کانال"


def _depthwise_params(text: str, numbers: list[_Token], k: int) -> Route | None:
    """A depthwise convolution's parameters from its channels alone: each channel its own k×k filter."""
    said = next((t for t in numbers if len(t.size) == 1 and _follows(text, t, _CHANNELS)), None)
    if said is None or not _has(text, _PARAMS) or _has(text, _MACS):
        return None
    c, bias = said.size[0], 0 if _has(text, _NO_BIAS) else said.size[0]
    return Route(answer=msg.DEPTHWISE_PARAMS.format(c=c, k=k, bias=bias, params=f"{c * k * k + bias:,}"),
                 topic="کانولوشن depthwise پارامترها")


def _depthwise(text: str) -> Route | None:
    """One depthwise convolution's parameters or MACs («یه depthwise conv 3x3 روی ۵۶×۵۶ با ۱۴۴ کانال، stride 1،
    same؛ چند MAC؟»): each channel its own k×k filter, so MACs = output positions × C × k × k."""
    if not _has(text, _DEPTHWISE) or _has(text, _SEPARABLE_NAME + r"|pointwise|پوینت\s*وایز|1x1"):
        return None
    numbers = _numbers(text)
    size = _input_size(text, numbers)
    kernel = next((t for t in numbers if len(t.size) == 2 and t.size[0] == t.size[1] <= 11), None)
    if kernel is None:
        return None
    if size is None:  # «دپث وایز ۳ در ۳ … ورودیش ۱۴۴ کانال … چنتا پارامتر؟»: the count needs no map size
        return _depthwise_params(text, numbers, kernel.size[0])
    (h, w, c), k = size.size, kernel.size[0]
    s = _valued(text, numbers, _STRIDE) or 1
    same = _has(text, _SAME_PADDING)
    if not same and _has(text, _PADDING) and not _has(text, r"\bvalid\b|padding\D{0,4}0\b"):
        return None  # a padding in numbers: the layer reader's, with its working
    out = [-(-side // s) if same else (side - k) // s + 1 for side in (h, w)]
    spec = f"input {size.text} | dwconv {k}x{k} s{s} {'same' if same else 'valid'}"
    macs = out[0] * out[1] * c * k * k
    return Route("params", spec, topic="کانولوشن depthwise پارامترها MAC",
                 answer=msg.HEADLINE_DEPTHWISE.format(macs=f"{macs:,}", shape=f"{out[0]}×{out[1]}×{c}", c=c, k=k,
                                                      params=f"{c * k * k + c:,}"))


def _weights_asked(text: str) -> bool:
    """The parameters asked, or the memory their weights take («VGG16 چند مگابایته؟», «ماتریس امبدینگ … چند
    مگابایت جا میگیره؟»: :func:`_weights_memory`), not what training or a layer's outputs take, nor a recurrent
    cell's memory («یه LSTM با ۱۲۸ واحد حافظه‌اش چقدره؟» is its state)."""
    return _has(text, _PARAMS) or (_has(text, _MEMORY) and not _has(
        text, _ACTIVATIONS + "|" + _BATCH + "|" + _RECURRENT + r"|train\w*|آموزش|inference|استنتاج"))


def _zoo(text: str) -> Route | None:
    if not (_weights_asked(text) or _has(text, _MACS)) or _has(text, _WHY):
        return None
    one = re.search(r"لایه|layer|\blaye\b|\bfc\d?\b|fully\s*connected|conv\d|کانولوشن\s*(اول|دوم|آخر)|first|last|اول\b|"
                    r"patch\s*embed\w*|(?:a|one|یه|یک)\s+conv\w*\s+(?:with|با)|"
                    r"\bstem\b|\d+\s*filters?|\d+\s*(تا\s*)?فیلتر", text)
    # («… با لایه‌های فولی کانکتد آخرش», "including the FC layers": the whole model, those layers counted in)
    if one and not _has(text, _HEADLESS) and not re.search(r"(?:با|به\s*همراه|همراه|شامل|with|including|ba)\s+(?:the\s+|its\s+|all\s+)?$", text[:one.start()]):
        return None  # one layer of a model («the first fully connected layer of VGG-16»): the course's table
    first = _zoo_name(text)
    if first is None:
        return None
    found, name, exact = first
    # a second model named («ResNet-50 چند برابر MobileNetV2؟», «MobileNetV2 با VGG16 چقد اختلاف…»): both, compared
    # in the order the question names them; answered with one, the comparison asked for was lost
    second = _zoo_name(text.replace(name, " ", 1)) if exact else None
    if second is not None and second[2] and second[0] != found:
        pair = sorted((first, second), key=lambda model: text.find(model[1]))
        args = f"{pair[0][0]} vs {pair[1][0]}"
        return Route("model", args, topic=f"{args} تعداد پارامترها")
    if _has(text, _HEADLESS):
        return _headless(found)
    variant = (msg.MODEL_VARIANT,) if _has(text, _VARIANT) else ()  # "like LeNet-5 but RGB": not the one published
    return Route("model", found, topic=f"{found} تعداد پارامترها", unread=variant)


# the model without its classifier: transfer learning's convolutional base
_HEADLESS = (r"include_?top\s*=?\s*false|without\s+(?:the\s+|its\s+)?(?:top|head|classifier|fc|dense|fully)|"
             r"(?:convolutional|conv)\s+base|feature\s+extractor|"
             r"(?:بدون|بدونِ|bedoon|bedune|bedun)\s+(?:e\s+)?(?:لایه\S*\s+)?(?:تاپ|top|fc|dense|دنس|فولی|fully|سر|head|"
             r"کلاسیفایر|classifier|طبقه)|بخش\s+کانولوشنی|پایه\S*\s+کانولوشنی")


def _headless(found: str) -> Route:
    """A zoo model asked without its classifier («VGG16 with include_top=False»): Keras' own convolutional base,
    where Keras ships the model; otherwise the whole model, with the warning that the head is counted in."""
    from cnn_demos.zoo import keras_application_name

    name = keras_application_name(found)
    if name is None:
        return Route("model", found, topic=f"{found} تعداد پارامترها", unread=(msg.HEAD_COUNTED,))
    return Route("params", f"from tensorflow import keras\nmodel = keras.applications.{name}(include_top=False, "
                 "weights=None)", topic=f"{found} تعداد پارامترها")


_VARIANT = (r"(?<![\w])(?:like|mesle|mese|شبیه|مثل|مثه|similar|based\s+on|but|ولی|اما|به\s*جز|faghat|fagat|"
            r"instead|به\s*جای|be\s*jaye|modified|تغییر|taghir)(?![\w])")


def _zoo_name(text: str) -> tuple[str, str, bool] | None:
    """The zoo model ``text`` names, longest name first: (its key, or the name when a family fits several; the words
    naming it; whether it is one model)."""
    from cnn_demos.zoo import AmbiguousModel, UnknownModel, get

    # «keras.applications.VGG19(…)», «torchvision.models.resnet18()»: the model, not its module's path
    text = re.sub(r"\b(?:tf\.)?(?:keras\.applications|torchvision\.models|tv\.models|models|applications)\.", " ", text)
    words = re.findall(r"[a-z][a-z0-9_\-./]*", text)
    candidates = []
    for i in range(len(words)):  # a name of up to three words: «mobilenet v3 small»
        candidates += [" ".join(words[i: i + n]) for n in (1, 2, 3) if i + n <= len(words)]
    candidates += re.findall(r"[a-z][a-z0-9_\-./]*(?:\s*[a-z]?\d+(?:[._]\d+)?)*", text)
    found = None
    for name in sorted(set(candidates), key=len, reverse=True):
        if name in ("conv", "dense", "gap", "flatten") or len(name) < 3:
            continue
        try:
            return get(name).key, name, True
        except AmbiguousModel as exc:
            if any(c.startswith(("blog", "homework")) for c in exc.candidates):
                continue  # «the blog's model»: which one is the course's business, not a zoo question
            found = found or (name, name, False)
        except UnknownModel:
            continue
    return found


def _layer(text: str) -> Route | None:
    """One layer's parameters, or its MACs ("MACs of this layer", «تعداد ضرب‌های این لایه»)."""
    if not _has(text, _PARAMS + "|" + _MACS):
        return None
    numbers = _numbers(text)
    flattened = _has(text, _FLATTEN) and not _has(text, _GAP)  # «Flatten … بعدش Dense ۱۲۸»: the conv is only the input
    if _has(text, _DENSE) and (flattened or not _has(text, _CONV + "|" + _FILTERS)):
        return _dense_layer(text, numbers)
    if _has(text, _CONV + "|" + _FILTERS + r"|کرنل|kernels|in_ch|out_ch|\bk\s*="):
        return _conv_layer(text, numbers)
    return None


_CALL = re.compile(r"\b(nn\.)?(Conv[123][dD]|Conv[123]DTranspose|ConvTranspose[123]d|Linear|Dense|LSTM|GRU|Embedding)\s*\(")


def _call_text(message: str) -> tuple[str, str, bool] | None:
    """The layer call written in a sentence: (its text, the layer's name, whether it is PyTorch's)."""
    match = _CALL.search(message)
    if match is None:
        return None
    end = _balanced(message, match.end() - 1)
    if end is None:
        return None
    name = match.group(2)
    return message[match.start(): end], name, bool(match.group(1)) or name[-1] == "d" or name == "Linear"


def _all_calls(message: str) -> list[str]:
    """Every layer call written in the sentence, in order."""
    calls, rest = [], message
    while (found := _call_text(rest)) is not None:
        calls.append(found[0])
        rest = rest[rest.index(found[0]) + len(found[0]):]
    return calls


def _call_options(call: str, torch_style: bool) -> dict:
    """Filters, kernel, stride and padding of a Conv call, read from its literal arguments (never run)."""
    import ast

    try:
        node = ast.parse(call.removeprefix("nn."), mode="eval").body
        args = [ast.literal_eval(a) for a in node.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
    except (SyntaxError, ValueError, AttributeError):
        return {}
    names = (["in", "filters", "kernel", "stride", "padding"] if torch_style else ["filters", "kernel", "stride",
                                                                                    "padding"])
    out = dict(zip(names, args))
    aliases = {"filters": "filters", "out_channels": "filters", "in_channels": "in", "kernel_size": "kernel",
               "strides": "stride", "stride": "stride", "padding": "padding", "dilation": "dilation",
               "dilation_rate": "dilation"}
    out.update({aliases[k]: v for k, v in kwargs.items() if k in aliases})
    return out


def _layer_call(message: str) -> Route | None:
    """A layer written as code inside the sentence: nn.Conv2d(64, 128, 3), Conv2D(filters=32, ..., input_shape=...)."""
    found = _call_text(message)
    if found is None:
        return None
    call, name, torch_style = found
    calls = _all_calls(message)
    if torch_style and len(calls) > 1:  # «nn.Embedding(30000, 256) then nn.LSTM(256, 512)»: all of them, not the first
        listed = ", ".join(f"nn.{c.removeprefix('nn.')}" for c in calls)
        return Route("params", f"import torch.nn as nn\nmodel = nn.ModuleList([{listed}])", topic="تعداد پارامترهای مدل")
    if torch_style:  # PyTorch constructors state their input sizes: parameters need nothing else
        return Route("params", f"import torch.nn as nn\nlayer = nn.{call.removeprefix('nn.')}", topic="تعداد پارامترهای لایه")
    if "input_shape" in call or "input_dim" in call:
        return Route("params", call, topic="تعداد پارامترهای لایه")
    if name == "Dense":  # "a Dense(120) layer fed by 400 features": the sentence gives the inputs
        return None
    options = _call_options(call, False)
    if "filters" in options and "kernel" in options:  # Conv2D(256, (3,3)) "if the input has 128 channels"
        kernel = options["kernel"]
        kernel = "x".join(str(k) for k in kernel) if isinstance(kernel, (tuple, list)) else f"{kernel}x{kernel}"
        said = normalise(message.replace(call, " ")) + f" {name.lower()} {options['filters']} filters kernel {kernel}"
        return _conv_layer(said, _numbers(said))
    return None


_INSTEAD = r"به\s*جای|بجای|be\s*ja(?:y|ye)?|instead\s+of|rather\s+than"


def _conv_layer(text: str, numbers: list[_Token]) -> Route | None:
    dims = 1 if _has(text, r"conv1d|کانولوشن\s*(یک|1)\s*بعدی|\b1d\b") else \
        3 if _has(text, r"conv3d|سه\s*بعدی|\b3d\b") else 2
    # «به جای ۶۴ تا فیلتر ۱۲۸ تا»: the count replaced is not the layer's
    singles = [t for t in numbers if len(t.size) == 1 and not _precedes(text, t, _INSTEAD)]
    mapped = _channels_mapped(text, singles)  # "64->128", "64 in, 128 out": the channels in, then the filters
    filters = mapped[1] if mapped else _filter_count(text, singles)
    kernel = _kernel(text, numbers, exclude=filters)
    # («3*3*64 = 576»: the student's own arithmetic, not a size)
    size = next((t for t in numbers if t is not kernel and len(t.size) == dims + 1
                 and not re.match(r"\s*=", text[t.end:])), None)
    channels = size.size[-1] if size is not None else None
    if channels is None and mapped:
        channels = mapped[0].size[0]
    if channels is None and _has(text, _COLOUR):
        channels = 3
    if channels is None and _has(text, _GRAY):
        channels = 1
    if channels is None:
        found = next((t for t in singles if t is not filters and t is not kernel and (
            _follows(text, t, r"-?(" + _CHANNELS + r"|in\s*ch\w*|input\s+channels?|channels?\s+in\b)"
                              r"(?!\w*\W{0,3}(خروجی|output|khoruji|khoroji))")
            # «روی ۱۶ تا فیچرمپ ورودی» (LeNet's C5), "on 16 input feature maps": the maps in are the channels
            or _follows(text, t, r"(?:فیچر\s*مپ\w*|feature\s*maps?|نقشه\S*\s*ویژگی)\s*(?:ی\s*)?(?:ورودی|input)|"
                                 r"input\s+feature\s*maps?", 40)
            or _precedes(text, t, r"بعد|dimension|dim|in_channels|in_ch|c_in|cin|کانال|channels?|kanal|ورودی\w*|"
                                  r"input|vorudi\w*|voroodi\w*|vorodi\w*")
            or _follows(text, t, r"(?:to|به|be)\s*\d+\s*(?:تا\s*|ta\s*)?(?:" + _CHANNELS + ")"))), None)  # «از ۱۶ به ۳۲ کانال»
        channels = found.size[0] if found is not None else None
    if channels is None and dims == 1:  # a Conv1D over «امبدینگای ۳۰۰ بعدی», "300-d embeddings": a channel a dimension
        found = next((t for t in singles if t is not filters and t is not kernel
                      and (_follows(text, t, r"بعد\w*|-?d\b|dim\w*|dimensional|boodi|bodi")
                           # «بعد از امبدینگی که ابعادش ۱۲۸ هست», "after an embedding of size 128"
                           or _precedes(text, t, r"(?:embedding|امبدینگ)\w*\W{0,3}(?:که\s*|ke\s*|of\s*|with\s*)?"
                                                 r"(?:ابعاد|بعد|سایز|اندازه|size|dim\w*)\w*\s*(?:ش|اش)?", 48))), None)
        channels = found.size[0] if found is not None else None
    if filters is None or kernel is None:
        return None
    if channels is None:
        return Route(missing=msg.ASK_INPUT_CHANNELS, topic="تعداد پارامترهای لایه کانولوشن")
    k = kernel.size if len(kernel.size) > 1 else (kernel.size[0],) * dims
    flags = (" nobias" if _has(text, _NO_BIAS) else "") + (" macs" if _has(text, _MACS) else "")
    spatial = size.size[:-1] if size is not None else _spatial(text, numbers, dims, kernel)
    extra = f" size={'x'.join(map(str, spatial))}{_steps(text, numbers)}" if spatial else ""
    name = {1: "conv1d", 2: "conv", 3: "conv3d"}[len(k)]
    grouped = re.search(_GROUPS, text)  # «groups=4»: each filter sees a quarter of the channels (295,168 → 73,984)
    if grouped:
        flags += f" groups={next(g for g in grouped.groups() if g)}"
    return Route("layer", f"{name} {filters.size[0]} {'x'.join(map(str, k))} in={channels}{extra}{flags}",
                 topic="تعداد پارامترهای لایه کانولوشن")


def _channels_mapped(text: str, singles: list[_Token]) -> tuple[_Token, _Token] | None:
    """A conv's channels written as a mapping, "64->128", «۶۴ → ۱۲۸», "64 in, 128 out", "from 3 channels to 768":
    (in, out)."""
    for first, second in zip(singles, singles[1:]):
        between = text[first.end: second.start]
        if re.fullmatch(r"\s*(?:->|→|=>)\s*|\s*(?:channels?|کانال\w*)\s*(?:to|به)\s*", between) or (
                re.fullmatch(r"\s*in\s*(?:,|and|&|va|و)?\s*", between) and re.match(r"\s*out\b", text[second.end:])):
            return first, second
    return None


# «groups=4», «۴ گروه», ResNeXt's «cardinality برابر ۳۲» (not the 3 of «۳×۳ گروهی»)
_GROUPS = (r"(?:groups?|cardinality|کاردینالیتی)\s*(?:=|برابر|of|is)?\s*(\d+)|"
           r"(?<![x\d])(\d+)\s*(?:تا\s*|ta\s*)?(?:groups?|گروه|goroh|gorooh)")


def _spatial(text: str, numbers: list[_Token], dims: int, kernel: _Token) -> tuple[int, ...] | None:
    """The input's spatial size said without its channels ("on 224x224 images", «روی ورودی ۵۶×۵۶»); a 1-D
    length is not guessed ("on a 3-channel input" gives channels)."""
    if dims < 2:  # only a length said to be one: «sequence به طول ۱۰۰», "a sequence of length 100", seq_len=100
        return next((t.size for t in numbers if t is not kernel and len(t.size) == 1
                     and _precedes(text, t, r"طول|length(\s+of)?|\blen|seq_len\w*|time\s*steps?|تایم\s*استپ")), None)
    return next((t.size for t in numbers if t is not kernel and len(t.size) == dims and (
        _precedes(text, t, _INPUT) or re.match(r"\W{0,3}(?:" + _INPUT_NOUNS + r"|images?)", text[t.end:]))), None)


_NO_PADDING = r"(بدون|بی|bedun\w*|bedoon\w*|without|no)\s*(پدینگ|padding|pad)\b|\bvalid\b"
# 'same' padding however it is said: «پدینگ سیم», «با حفظ ابعاد», «اندازه رو حفظ کنه», "keeps the size"
_SAME_PADDING = (r"padding\s*=?\s*['\"]?(?:same|causal)|\bsame\b|\bcausal\b|(?:پدینگ|padding)\s*(?:ی\s*|e\s+)?(?:سیم|یکسان)|"
                 r"(?:حفظ|نگه\s*داشتن)\s*(?:ابعاد|اندازه|سایز)|(?:ابعاد|اندازه|سایز)\s*(?:رو|را)?\s*(?:حفظ|نگه\s*دار)|"
                 r"keep\w*\s+(?:the\s+)?(?:same\s+)?(?:size|dimensions|spatial)|hefz\s*e?\s*ab'?ad")


def _steps(text: str, numbers: list[_Token]) -> str:
    """Stride, padding and dilation as the sentence gives them (`` s=4 p=1 d=2``): every number said is used,
    the ones not said are left to the command, which names the defaults it took."""
    stride, padding, dilation = (_valued(text, numbers, words) for words in (_STRIDE, _PADDING, _DILATION))
    if padding is None and _has(text, _SAME_PADDING):
        padding = "same"
    if padding is None and _has(text, _NO_PADDING):
        padding = 0
    named = (("s", stride), ("p", padding), ("d", dilation))
    return "".join(f" {key}={value}" for key, value in named if value is not None)


def _dense_layer(text: str, numbers: list[_Token]) -> Route | None:
    """Units and inputs of a Dense/Linear layer, however they are said («ورودی ۷۸۴ و خروجی ۱۲۸», "512 -> 10",
    «az 9216 be 4096», "Dense(10) on top of a 128-unit layer»)."""
    span = re.search(r"(?:from|az|از)?\s*(\d+)\s*(?:to|be|به|->|→|=>)\s*(\d+)", text)
    if span:
        inputs, units = int(span.group(1)), int(span.group(2))
    else:
        singles = [t for t in numbers if len(t.size) == 1]
        call = re.search(r"(?:dense|linear)\((\d+)", text)
        out_words = r"خروجی\w*|outputs?|units?|khoroji\w*|khoruji\w*"
        in_words = (r"(?:ورودی\w*|inputs?|voroodi\w*|vorudi\w*|vorodi\w*|features?|بردار|bordar|vector)"
                    r"(?:\s*(?:با|ba|of|with)?\s*(?:سایز|size|اندازه|طول|dim\w*))?")  # «vector با سایز 2048»
        # A word before a number says more than one after it: «ورودیش ۵۱۲ تا نورونه» is the input.
        said_out = next((t for t in singles if _precedes(text, t, out_words)), None)
        said_in = next((t for t in singles if _precedes(text, t, in_words) and t is not said_out), None)
        # «ورودی یه لایه dense ۷۸۴ تا باشه»: the layer's input, said before the layer's name
        said_in = said_in or next((t for t in singles if t is not said_out and _precedes(
            text, t, r"(?:ورودی\w*|vorudi\w*|voroodi\w*|inputs?)\s*(?:یه|یک|ye|a|the|of|to)?\s*(?:لایه\S*|layer|laye)?\s*(?:"
            + _DENSE + ")", 40)), None)
        said_dense = next((t for t in singles if _precedes(text, t, _DENSE) and t is not said_in), None)  # «دنس ۱۲۸»
        said_out = said_out or said_dense
        said_out = said_out or next(
            (t for t in singles if t is not said_in
             and _follows(text, t, r"نورون|neurons?|noron|units?\b(?!\s+layer)|واحد|خروجی|khoroji|outputs?|کلاس|class")),
            None)
        units = int(call.group(1)) if call else said_out.size[0] if said_out else None
        # told apart by place, not value: «۴۰۹۶ ورودی و ۴۰۹۶ خروجی» has both the same
        inputs = said_in.size[0] if said_in else next(
            (t.size[0] for t in singles if t is not said_out and (said_out or t.size[0] != units) and _follows(
                text, t, r"تایی\s*(ورودی|ویژگی)|ورودی|voroodi|vorudi|ویژگی|features?|inputs?|-?\s*unit\s+layer|-?d\b|"
                         r"-dim\w*|dimensional")),
            None)
        shaped = next((t for t in numbers if len(t.size) > 1 and (_follows(text, t, r"ورودی|inputs?|vorodi|voroodi")
                                                                 or _precedes(text, t, r"ورودی|inputs?|flatten"))), None)
        if shaped is None and _has(text, _FLATTEN):  # «خروجی ۷×۷×۶۴ رو Flatten می‌کنیم»: the map flattened
            shaped = next((t for t in numbers if len(t.size) == 3), None)
        if inputs is None and shaped is not None:  # «۷×۷×۵۱۲ ورودی میگیره»: a flattened feature map
            inputs = math.prod(shaped.size)
        if units is None:  # «یه dense ۵۱۲ تایی»: the layer's own size
            units = next((t.size[0] for t in singles if t.size[0] != inputs
                          and _follows(text, t, r"تایی|taii|tayi")), None)
    if units is None:
        return None
    if inputs is None:
        return Route(missing=msg.ASK_INPUT_FEATURES, topic="تعداد پارامترهای لایه Dense")
    flags = (" nobias" if _has(text, _NO_BIAS) else "") + (" macs" if _has(text, _MACS) else "")
    return Route("layer", f"dense {units} in={inputs}{flags}", topic="تعداد پارامترهای لایه Dense")


# Layer kinds and options a sentence may name, each with what shows the calculation took it into account: the
# reader answers what it recognises, and a part it skipped (groups=4, a transposed layer, a second layer) changed
# the number silently in two of the eighth set's answers and five of the ninth's.
_PARTS = (
    # (a transposed conv's parameters are a conv's, in × out × k × k (+ out); only its output and MACs differ)
    ("ConvTranspose", r"transpos|ترانسپوز|ترنسپوز|deconv", r"transpos|^layer conv\w* (?!.*(?:size=|macs))"),
    ("groups", r"groups?\s*=|\bgrouped\b|گروهی|\d+\s*(تا\s*)?گروه|cardinality|کاردینالیتی", r"groups=|\bg\d"),
    ("dilation", r"dilat|دایلیشن|اتساع", r"dilation|\bd=?\d"),
    ("depthwise", _DEPTHWISE, r"dwconv|depthwise|separable|groups"),
    # «embedding dim ۳۰۰»: the next layer's input, or an attention's width ("embedding dimension 256, 8 heads")
    ("Embedding", r"(?<!patch\s)(?:" + _EMBEDDING + ")", r"embedding|lstm|gru|rnn|conv1d|attention|layernorm|transformer"),  # ViT's «patch embedding» is a conv
    ("LSTM/GRU/RNN", _RECURRENT, r"lstm|gru|rnn"),
    ("BatchNorm", _BATCHNORM, r"\bbn\b|batchnorm"),
    ("Bidirectional", _BIDIRECTIONAL, r"bidirection"),
    ("output_padding", r"output_padding|output\s+padding", r"output_padding\s*="),
    # «Conv3d … MaxPool3d» on 16 frames: a 2-D answer (112x112) leaves out the time axis
    ("3D", r"conv\s*3d|pool\w*\s*3d|سه\s*بعدی", r"conv3d|\b\d+x\d+x\d+x\d+|\d+x\d+x\d+\s+\d+x\d+x\d+"),
)


def _unread(text: str, found: Route) -> Route:
    """``found`` with the parts the sentence names but its calculation leaves out, said in the reply (a zoo
    model holds whatever it holds; a question back computes nothing)."""
    if not found.command and not found.answer or found.command == "model":
        return found
    done = f"{found.command} {found.args} {found.answer}".lower()
    unread = tuple(name for name, said, taken in _PARTS if _named(text, said) and not re.search(taken, done))
    times = described.repetitions(text)  # «پنج بار پشت سر هم یه کانو …»: one layer's answer is not the stack's
    if times and times > 1 and found.command != "params":
        unread += (msg.REPEATED_LAYER.format(times=msg.fa(str(times))),)
    cells = re.findall(_RECURRENT, text)  # «LSTM 128 … بعدش LSTM 64»: the second layer is not in a one-layer count
    stacked = len(cells) > 1 and len(set(cells)) == 1 or cells and _has(text, _TWO_OF + r"\s*(" + _RECURRENT + ")")
    if stacked and found.command == "layer" and "layers=" not in done:
        unread += (msg.SECOND_LAYER.format(kind=cells[0].upper()),)
    # «۱×۱ به ۶۴، بعد ۳×۳ … آخرم یه ۱×۱», «سه تا کانو ۳×۳»: a block of convolutions, counted as its first
    kernels = [t for t in _numbers(text) if len(t.size) == 2 and t.size[0] == t.size[1] <= 11]
    if found.command == "layer" and done.startswith("layer conv") and (
            len(kernels) > 1 or _has(text, _TWO_OF + r"(?:" + _CONV + r")")):
        unread += (msg.SECOND_LAYER.format(kind="conv"),)
    if found.command in ("shape", "layer") and not unread and described.windows_named(text) > 1:
        unread += (msg.OTHER_LAYERS,)  # «ورودی … کانو ۷×۷ …، بعدش مکس پولینگ ۳×۳ …»: the size after one of them
    return replace(found, unread=unread) if unread else found


# «دوتا LSTM», "two GRUs", «۳ تا کانو»: more than one of a kind
_TWO_OF = (r"(?<![\w×.])(?:دو|سه|چهار|2|3|4|two|three|do|se)\s*(?:تا|ta)?\s*"  # not the 3 of «3x3 conv»
           r"(?:لایه\s*(?:ی\s*)?|layers?\s+(?:of\s+)?)?")
_LEFT_OUT = (r"(ignor\w*|without|no|excluding|بدون|بی|bedun\w*|bedoon\w*)\W+(?:\w+\W+){0,3}$|"
             r"not\s+counting\W+(?:\w+\W+){0,7}$")  # "not counting the class token or the positional embeddings"


_LEFT_OUT_AFTER = r"^\w*(?:\W+\w+){0,1}?\W*(?:را|رو|ro)?\s*(در\s*نظر\s*نگیر|حساب\s*نکن|نشمر|hesab\s*nakon|nadid|ignor)"


def _named(text: str, words: str) -> bool:
    """Whether the sentence names one of ``words`` other than to leave it out ("ignoring biases and BN", «بایاس و
    بچ نرمو در نظر نگیرید»)."""
    return any(not re.search(_LEFT_OUT, text[max(0, m.start() - 60): m.start()])
               and not re.search(_LEFT_OUT_AFTER, text[m.end(): m.end() + 30]) for m in re.finditer(words, text))


__all__ = ["Route", "normalise", "route"]
