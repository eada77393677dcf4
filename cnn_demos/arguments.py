"""A calculation command's arguments, declared once and read one way: positional in their order, or named.

``/bottleneck 28x28x192 5 32 16`` and ``/bottleneck 28x28x192 kernel=5 filters=32 reduce=16`` are the same
request.  Every value is checked for what it must be (a positive whole number, an HxWxC shape …); a wrong one
is named with what was typed, a missing one is named and asked for, an extra one is refused.  A default is
used only where the command's usage documents it, and the reply says it was assumed (:attr:`Parsed.assumed`),
so no number the student did not type is ever used silently.

The same declarations let a follow-up («با stride 2 چی؟») change one value of an earlier request
(:func:`with_values`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cnn_demos import messages as msg
from cnn_demos.spec import SpecError

_INT = re.compile(r"\d+")
_SIZE = re.compile(r"\d+(?:x\d+)*")


@dataclass(frozen=True)
class Arg:
    """One argument: its name (``kernel=5``, and the key of the parsed values), the Persian label messages use,
    what its value must be (a key of :data:`KINDS`), a short alias (``k=5``) and its documented default."""

    name: str
    label: str
    kind: str
    short: str = ""
    default: object = None       # the documented default; None: required, unless ``optional``
    optional: bool = False       # may be left out, and then nothing is assumed (a layer's size=28x28)
    positional: bool = True      # False: only ``name=value`` (a layer's ``in=64``)
    ask: str = ""                # the question to ask back when it is missing, instead of the generic one

    def names(self) -> tuple[str, ...]:
        return (self.name, self.short) if self.short else (self.name,)


@dataclass(frozen=True)
class Parsed:
    values: dict                 # name → the value read (int, tuple of ints, "same"/"valid")
    assumed: tuple[Arg, ...]     # the arguments left out whose documented default was used

    def __getitem__(self, name: str):
        return self.values[name]


def arg(name: str, kind: str, **options) -> Arg:
    """An argument labelled as :data:`cnn_demos.messages.ARG_LABELS` names it."""
    return Arg(name, msg.ARG_LABELS[name], kind, **options)


def _positive(text: str) -> int | None:
    return int(text) if _INT.fullmatch(text) and int(text) >= 1 else None


def _count(text: str) -> int | None:
    return int(text) if _INT.fullmatch(text) else None


def _padding(text: str) -> int | str | None:
    return text if text in ("same", "valid") else _count(text)


def _size(text: str) -> tuple[int, ...] | None:
    values = tuple(int(v) for v in text.split("x")) if _SIZE.fullmatch(text) else ()
    return values if values and min(values) >= 1 else None


def _feature_map(text: str) -> tuple[int, ...] | None:
    values = _size(text)
    return values if values is not None and len(values) == 3 else None


def _units(text: str) -> tuple[int, ...] | None:
    values = [_positive(v) for v in text.split(",")]  # an empty item («64,,10») is wrong, never dropped
    return tuple(values) if values and None not in values else None


# kind → (read the text into a value or None, what the value must be, in Persian)
KINDS = {
    "int": (_positive, msg.WANT_INT),
    "padding": (_padding, msg.WANT_PADDING),
    "size": (_size, msg.WANT_SIZE),
    "map": (_feature_map, msg.WANT_MAP),
    "units": (_units, msg.WANT_UNITS),
}


def _tokens(args: str) -> list[str]:
    """Words of the arguments, lower case, «×» read as x; a list (64,32,10) is one word."""
    text = re.sub(r"\s*[,،]\s*", ",", args.strip().lower().replace("×", "x")).strip(",")
    text = re.sub(r"\s*=\s*", "=", text)
    return text.split()


def parse(args: str, spec: tuple[Arg, ...], usage: str, partial: bool = False) -> Parsed:
    """Read ``args`` by ``spec``; raises :class:`SpecError` with a Persian sentence (and ``usage``) for a wrong,
    extra, repeated or (unless ``partial``) missing argument.  ``partial`` leaves missing ones out of ``values``."""
    texts = _texts(_tokens(args), spec, usage)
    values = {}
    for arg in spec:
        if arg.name in texts:
            values[arg.name] = _read(arg, texts[arg.name], usage)
    missing = [arg for arg in spec if arg.name not in values and arg.default is None and not arg.optional]
    if missing and not partial:
        ask = missing[0].ask if len(missing) == 1 and missing[0].ask else ""
        names = msg.AND.join(f"«{arg.label}»" for arg in missing)
        raise SpecError(ask or msg.CALC_MISSING.format(names=names, usage=usage), token=missing[0].name)
    assumed = tuple(arg for arg in spec if arg.name not in values and arg.default is not None)
    if not partial:
        values.update({arg.name: arg.default for arg in assumed})
    return Parsed(values, assumed)


def _texts(words: list[str], spec: tuple[Arg, ...], usage: str) -> dict[str, str]:
    """The text given for each argument, by name: ``name=value`` words, and the others in their documented
    positions (a value both named and in its position is given twice)."""
    by_name = {name: arg for arg in spec for name in arg.names()}
    texts: dict[str, str] = {}
    positional = []
    for word in words:
        key, equals, value = word.partition("=")
        if not equals:
            positional.append(word)
            continue
        if key not in by_name:
            known = "، ".join(f"{arg.name}=" for arg in spec)
            raise SpecError(msg.CALC_UNKNOWN_NAME.format(name=key, known=known, usage=usage), token=key)
        name = by_name[key].name
        if name in texts:
            raise SpecError(msg.CALC_TWICE.format(label=by_name[key].label, usage=usage), token=key)
        texts[name] = value
    slots = [arg for arg in spec if arg.positional]  # a position means the same whatever else is named
    last = None
    for word in positional:
        if slots:
            last = slots.pop(0)
            if last.name in texts:
                raise SpecError(msg.CALC_TWICE.format(label=last.label, usage=usage), token=word)
            texts[last.name] = word
        elif last is not None and last.kind == "units":  # «64 32 10» for 64,32,10
            texts[last.name] += "," + word
        else:
            raise SpecError(msg.CALC_EXTRA.format(value=word, usage=usage), token=word)
    return texts


def _read(arg: Arg, text: str, usage: str):
    read, want = KINDS[arg.kind]
    value = read(text)
    if value is not None:
        return value
    if arg.kind == "map" and _size(text) is not None and len(_size(text)) == 2:  # «53x53»: a size, no channels
        raise SpecError(msg.CALC_NO_CHANNELS.format(label=arg.label, value=text, usage=usage), token=text)
    raise SpecError(msg.CALC_BAD_VALUE.format(label=arg.label, want=want, value=text, usage=usage), token=text)


def show(value: object) -> str:
    """A value as it is typed: 28x28x192, 64,32,10, 5, same."""
    return "x".join(map(str, value)) if isinstance(value, tuple) else str(value)


def with_values(args: str, spec: tuple[Arg, ...], usage: str, changes: dict[str, str]) -> str:
    """``args`` with some values replaced or added (a follow-up's), written out by name; raises
    :class:`SpecError` when a value the follow-up gives is not valid."""
    parsed = parse(args, spec, usage, partial=True)
    texts = {name: (",".join(map(str, v)) if spec_kind(spec, name) == "units" else show(v))
             for name, v in parsed.values.items()}
    texts.update(changes)
    return " ".join(f"{arg.name}={texts[arg.name]}" for arg in spec if arg.name in texts)


def spec_kind(spec: tuple[Arg, ...], name: str) -> str:
    return next(arg.kind for arg in spec if arg.name == name)


__all__ = ["KINDS", "Arg", "Parsed", "arg", "parse", "show", "with_values"]
