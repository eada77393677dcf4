"""A follow-up that changes one value of an earlier calculation: the calculation to run instead.

«اگه ۱۲۸ فیلتر باشه چی؟» after a layer's count, «با stride 2 چی؟» after a shape, «16» or «vgg16» after the
list of VGG variants, «32 16» after /bottleneck asked for its filters: the earlier request is kept as its
command and arguments (``"shape 28 5 1 2"``), the follow-up's numbers are read with the words around them
as :mod:`cnn_demos.prose` reads a sentence, and the request is written again with the values changed
(arguments by name, as every usage documents).  Nothing here runs a calculation.
"""

from __future__ import annotations

import re

from cnn_demos import prose
from cnn_demos.arguments import Arg, parse, with_values
from cnn_demos.commands import COMMANDS, FRAMEWORK_WORDS, is_rule, layer_args
from cnn_demos.spec import SpecError

MAX_CHARS = 80  # a follow-up that changes a value is short; a longer message is a question of its own

# The words that name each argument in a sentence, from the prose router's vocabulary.
_WORDS = {
    "kernel": prose._KERNEL, "stride": prose._STRIDE, "padding": prose._PADDING, "dilation": prose._DILATION,
    "filters": prose._FILTERS, "out": prose._FILTERS + "|" + prose._UNITS, "units": prose._UNITS,
    "reduce": r"کاهش|reduce|1x1|گلوگاه|bottleneck", "in": prose._CHANNELS + "|" + prose._INPUT_NOUNS,
}
_BARE = re.compile(r"[\d\sx,]+")  # only values: the answer to a question back («32 16»)


def may_revise(message: str) -> bool:
    """Cheap, without the records: whether ``message`` could change a value (short, with a number or a name)."""
    text = prose.normalise(message)
    return len(text) <= MAX_CHARS and re.search(r"\d|[a-z]", text) is not None and not prose._has(text, prose._WHY)


def revise(calculation: str, message: str) -> str | None:
    """The calculation (``"command args"``) ``message`` asks for instead of ``calculation``, or None when it
    changes none of its values."""
    if not may_revise(message):
        return None
    command, _, args = calculation.partition(" ")
    text = prose.normalise(message).strip(" ?؟!.")
    if command == "model":
        return _model(args, text)
    if command == "layer":
        return _layer(args, text)
    if command in ("params", "shape") and not (command == "shape" and is_rule(args)):
        changed = _spec(args, text)
        return f"{command} {changed}" if changed else None
    spec = COMMANDS[command].args if command in COMMANDS else ()
    words = args.split()
    flags = [w for w in words if w in _COMPARISON_FLAGS]
    changed = _with(" ".join(w for w in words if w not in flags), spec, COMMANDS[command].usage, text) if spec else None
    if changed and "nominal" in flags and f"input={words[0]} " not in changed + " ":
        flags.remove("nominal")  # the follow-up gave the map's size: nothing nominal is left
    return " ".join([command, changed, *flags]) if changed else None


_COMPARISON_FLAGS = ("nobias", "nominal")  # bare words of separable/stacked, kept through a follow-up


def _with(args: str, spec: tuple[Arg, ...], usage: str, text: str) -> str | None:
    try:
        given = parse(args, spec, usage, partial=True)
    except SpecError:  # the earlier request was wrong: only a new command can say what was meant
        return None
    changes = _changes(text, spec)
    if not changes and _BARE.fullmatch(text):  # the values a question back asked for, in their order
        missing = [a for a in spec if a.name not in given.values and a.default is None and not a.optional]
        values = text.replace(",", " ").split()
        if not missing or len(values) > len(missing):
            return None
        changes = {a.name: v for a, v in zip(missing, values)}
    return with_values(args, spec, usage, changes) if changes else None


def _changes(text: str, spec: tuple[Arg, ...]) -> dict[str, str]:
    """The values ``text`` gives to arguments of ``spec``, each read beside a word that names it."""
    numbers = prose._numbers(text)
    changes: dict[str, str] = {}
    for arg in spec:
        if arg.kind in ("size", "map"):
            token = next((t for t in numbers if len(t.size) == 3 or (arg.kind == "size" and len(t.size) > 1
                                                                   and not prose._precedes(text, t, prose._KERNEL))),
                         None)
            if token is not None and (arg.kind == "map") == (len(token.size) == 3):
                changes[arg.name] = token.text
            elif arg.kind == "size" and "in" not in {a.name for a in spec}:  # «اگه ورودی ۶۴ باشه؟»
                value = prose._valued(text, numbers, prose._INPUT_NOUNS)
                changes.update({arg.name: str(value)} if value is not None else {})
        elif arg.kind == "padding" and prose._has(text, prose._PADDING) and re.search(r"\b(same|valid)\b", text):
            changes[arg.name] = re.search(r"\b(same|valid)\b", text).group(1)
        elif arg.name in _WORDS:
            value = prose._valued(text, numbers, _WORDS[arg.name])
            if value is None and arg.name in ("kernel", "filters", "out"):
                value = _square(text, numbers) if arg.name == "kernel" else prose._filter_count(
                    text, [t for t in numbers if len(t.size) == 1])
                value = value.size[0] if hasattr(value, "size") else value
            if value is not None:
                changes[arg.name] = str(value)
    return changes


def _square(text: str, numbers: list) -> int | None:
    """A square kernel said as «۳ در ۳» or 5x5 (not an input size)."""
    token = prose._kernel(text, numbers)
    return token.size[0] if token is not None else None


def _layer(args: str, text: str) -> str | None:
    kind, _, rest = args.partition(" ")
    flags = [w for w in rest.split() if w.lower() in ("nobias", "same", "valid", "macs", *FRAMEWORK_WORDS)]
    rest = " ".join(w for w in rest.split() if w not in flags)
    spec = layer_args(kind)
    changed = _with(rest, spec, COMMANDS["layer"].usage, text)
    if changed is None:
        return None
    if "padding=" in changed:
        flags = [f for f in flags if f not in ("same", "valid")]
    return " ".join(["layer", kind, changed, *flags])


_CONV = re.compile(r"(?<![\w])(conv(?:[123]d)?)\s+(\d+)\s+(\d+(?:x\d+)*)([^|\n]*)", re.IGNORECASE)


def _spec(args: str, text: str) -> str | None:
    """A model in the layer notation with one convolution: that convolution with the value changed."""
    convs = list(_CONV.finditer(args))
    if len(convs) != 1 or "(" in args:
        return None  # which layer a value is for is not said, or it is code: not guessed
    conv = convs[0]
    name, filters, kernel, options = conv.groups()
    numbers = prose._numbers(text)
    new_filters = prose._valued(text, numbers, _WORDS["filters"])
    stride = prose._valued(text, numbers, _WORDS["stride"])
    padding = prose._valued(text, numbers, _WORDS["padding"])
    new_kernel = prose._valued(text, numbers, _WORDS["kernel"]) or _square(text, numbers)
    if not any(v is not None for v in (new_filters, stride, padding, new_kernel)):
        return None
    if stride is not None:
        options = _option(options, r"\bs\d+\b", f"s{stride}")
    if padding is not None:
        options = _option(options, r"\bp\d+\b|\bsame\b|\bvalid\b", f"p{padding}")
    kernel = "x".join([str(new_kernel)] * len(kernel.split("x"))) if new_kernel else kernel
    layer = f"{name} {new_filters or filters} {kernel}{options}"
    return args[:conv.start()] + layer + args[conv.end():]


def _option(options: str, pattern: str, value: str) -> str:
    replaced, count = re.subn(pattern, value, options)
    return replaced if count else f"{options.rstrip()} {value} "


# the words around a value that only ask about it («و ۱۹ چی؟», «حالا 16 چطور؟», "and 19?", "what about 19")
_ASKING = re.compile(r"^(?:و|حالا|پس|اگه|اگر|and|what\s+about|how\s+about)\s+|\s+(?:چی|چطور|چطوره|چه|باشه|بود)$")


def _model(name: str, text: str) -> str | None:
    """A zoo model the follow-up names: «vgg16», or «16» completing the earlier name («vgg»)."""
    from cnn_demos.zoo import UnknownModel, get

    tried = [text, *re.findall(r"[a-z][a-z0-9_\-.]*(?:\s*\d+)?", text)] if re.search(r"[a-z]", text) else []
    bare = _ASKING.sub("", text).strip()  # «۱۹ چی؟», «و 19؟», "what about 19": the number
    if name and re.fullmatch(r"[\w\-. ]{1,12}", bare):
        tried += [f"{name}{bare}", f"{name} {bare}", f"{name}-{bare}"]
    for candidate in tried:
        try:
            return f"model {get(candidate).key}"
        except UnknownModel:  # ambiguous ones too: a follow-up must name one model
            continue
    return None


__all__ = ["MAX_CHARS", "may_revise", "revise"]
