"""How a layer's arguments are read, with Persian errors: the compact language's tokens (``32``, ``3x3``,
``s2``, ``nobias``, ``relu``) and a Keras or PyTorch call's bound arguments (:class:`Args`).

Every family module reads its layers with these, so a wrong number says the same thing whatever the layer.
"""

from __future__ import annotations

import re

from cnn_demos import messages as msg
from cnn_demos.layers.node import SpecError

ACTIVATIONS = {
    "relu", "relu6", "sigmoid", "tanh", "softmax", "gelu", "elu", "selu", "silu", "swish",
    "leakyrelu", "leaky_relu", "hardswish", "hard_swish", "softplus", "mish", "linear",
}
# Keras code may name these too; none has weights.
KERAS_ACTIVATIONS = ACTIVATIONS | {"log_softmax", "hard_sigmoid", "softsign", "exponential", "hard_silu", "hard_tanh"}
NUMBERS = r"\d+([x×*]\d+)*"   # a size token: 32, 3x3, 2×2×2


# ---------------------------------------------------------------- compact tokens


def positive_int(token: str, number: int, path: tuple[int, ...]) -> int:
    try:
        value = int(token)
    except ValueError:
        raise SpecError(msg.BAD_NUMBER.format(token=token), number, path, token) from None
    if value <= 0:
        raise SpecError(msg.BAD_NUMBER.format(token=token), number, path, token)
    return value


def size_tuple(token: str, number: int, path: tuple[int, ...]) -> tuple[int, ...]:
    parts = [p for p in re.split(r"[x×*,]", token.strip("()[] ")) if p.strip()]
    if not parts:
        raise SpecError(msg.BAD_SHAPE.format(token=token), number, path, token)
    return tuple(positive_int(p.strip(), number, path) for p in parts)


OPTION = re.compile(r"^(strides|stride|s|padding|pad|p|dilation|d|groups|g|multiplier|m)=?(\S+)$")  # longest first: «stride=2» is not s + «tride=2»


def flag(tok: str, bias: bool, activation: str | None, base: dict) -> tuple[bool, str | None]:
    low = tok.lower()
    if low in ("nobias", "bias=false", "bias=off", "bias=0", "use_bias=false"):
        return False, activation
    if low in ("bias", "bias=true", "bias=on"):
        return True, activation
    if low in ACTIVATIONS:
        return bias, low
    raise SpecError(msg.BAD_OPTION.format(token=tok), base["number"], base["path"], tok)


def rate(token: str, base: dict) -> float:
    try:
        rate = float(token)
    except ValueError:
        rate = -1.0
    if not 0 <= rate < 1:
        raise SpecError(msg.BAD_RATE.format(token=token), base["number"], base["path"], token)
    return rate



# ---------------------------------------------------------------- call arguments


REQUIRED = object()


class Args:
    """One call's arguments bound to names, with typed getters whose errors are Persian sentences."""

    def __init__(self, layer: str, bound: dict, base: dict, formats: bool = False) -> None:
        self.layer, self.bound, self.base, self.formats = layer, bound, base, formats

    def error(self, text: str) -> SpecError:
        return SpecError(text, self.base.get("number"), self.base.get("path", ()), self.base.get("source", ""))

    def bad(self, key: str, want: str) -> SpecError:
        return self.error(msg.BAD_ARG.format(layer=self.layer, arg=key, want=want, value=self.bound[key]))

    def has(self, key: str) -> bool:
        return key in self.bound

    def raw(self, key: str, default=REQUIRED):
        if key in self.bound:
            return self.bound[key]
        if default is REQUIRED:
            raise self.error(msg.MISSING_KEY.format(layer=self.layer, arg=key))
        return default

    def int(self, key: str, default=REQUIRED, minimum: int = 1) -> int:
        value = self.raw(key, default)
        if key not in self.bound:
            return value
        number = as_int(value)
        if number is None or number < minimum:
            raise self.bad(key, msg.WANT_INT if minimum > 0 else msg.WANT_INT0)
        return number

    def ints(self, key: str, default=REQUIRED, minimum: int = 1) -> tuple[int, ...] | None:
        value = self.raw(key, default)
        if key not in self.bound:
            return value if value is None or isinstance(value, tuple) else (value,)
        values = value if isinstance(value, (tuple, list)) else (value,)
        numbers = [as_int(v) for v in values]
        if not numbers or any(n is None or n < minimum for n in numbers):
            raise self.bad(key, msg.WANT_INTS)
        return tuple(numbers)

    def bool(self, key: str, default: bool) -> bool:
        value = self.raw(key, default)
        if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):
            return bool(value)
        raise self.bad(key, msg.WANT_BOOL)

    def choice(self, key: str, choices: tuple[str, ...], default=REQUIRED) -> str | None:
        value = self.raw(key, default)
        if key not in self.bound:
            return value
        if isinstance(value, str) and value.lower() in choices:
            return value.lower()
        raise self.bad(key, msg.WANT_CHOICE.format(choices="، ".join(choices)))

    def rate(self, key: str, default: float = 0.5) -> float:
        value = self.raw(key, default)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
            return float(value)
        raise self.bad(key, msg.WANT_RATE)

    def axes(self, key: str) -> tuple[int, ...] | None:
        """Keras axis arguments (an int or a list); absent → None (the layer's default, the channel axis)."""
        if key not in self.bound:
            return None
        value = self.bound[key]
        if value is None:
            return ()
        values = value if isinstance(value, (tuple, list)) else (value,)
        numbers = [v if isinstance(v, int) and not isinstance(v, bool) else None for v in values]
        if None in numbers:
            raise self.bad(key, msg.WANT_AXIS)
        return tuple(numbers)

    def activation(self, key: str = "activation") -> str | None:
        value = self.raw(key, None)
        if value is None:
            return None
        name = value.lower() if isinstance(value, str) else ""
        if name not in KERAS_ACTIVATIONS:
            known = " ".join(sorted(KERAS_ACTIVATIONS))
            raise self.error(msg.BAD_ACTIVATION.format(token=value, known=known))
        return None if name == "linear" else name

    def padding(self, key: str = "padding", default="valid", causal: bool = False) -> str | tuple[int, ...]:
        value = self.raw(key, default)
        if isinstance(value, str):
            choices = ("valid", "same", "causal") if causal else ("valid", "same")
            chosen = self.choice(key, choices, default)
            return "same" if chosen == "causal" else chosen  # causal pads (k-1)·d on the left: same sizes as 'same'
        return self.ints(key, default, minimum=0)

    def common(self) -> dict:
        """Fields every node takes: where it was typed, trainable, and a stated data_format."""
        extra = {"trainable": self.bool("trainable", True)}
        if "data_format" in self.bound and self.formats and self.bound["data_format"] is not None:
            extra["data_format"] = self.choice("data_format", ("channels_last", "channels_first"))
        return {**self.base, **extra}


def as_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None

