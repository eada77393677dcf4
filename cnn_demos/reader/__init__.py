"""Read the model code students paste — Keras or PyTorch, as tutorials write it — without running it.

A small interpreter walks Python's :mod:`ast`: assignments, arithmetic, lists, ``for`` loops, helper
functions, ``nn.Module``/``keras.Model`` classes.  It never calls ``exec``/``eval`` and never touches a
name it does not know: the only things it can call are Python's harmless builtins (``range``, ``len``…),
the layer constructors of ``torch.nn``/``keras.layers``, and tensor functions applied to ``meta`` tensors
(shapes without memory).  Everything else a tutorial contains (data loading, ``compile``/``fit``,
plotting) becomes an :class:`~cnn_demos.reader.values.Opaque` value, which is harmless until a layer
needs it — then the student hears which line and which name we could not follow.

The package follows the reader's own seams:

* :mod:`~cnn_demos.reader.source`: pasted text → ``ast``;
* :mod:`~cnn_demos.reader.values`, :mod:`~cnn_demos.reader.names` (with :mod:`~cnn_demos.reader.torch_names`
  and :mod:`~cnn_demos.reader.keras_names`): what values and names mean;
* :mod:`~cnn_demos.reader.interpreter`: the plain-Python interpreter (no torch), whose state is its
  position and budgets plus :class:`~cnn_demos.reader.findings.Findings`;
* :mod:`~cnn_demos.reader.torch_side`, :mod:`~cnn_demos.reader.keras_side`: each framework's values,
  with :mod:`~cnn_demos.reader.keras_layers` holding the per-layer tables (and tensorflow_examples' pix2pix blocks)
  and :mod:`~cnn_demos.reader.application_graph` a keras.applications model's own layers, for ``get_layer(name)``;
* :mod:`~cnn_demos.reader.choose`: the model the findings point to, as a :class:`Program`.
"""

from __future__ import annotations

import ast
from typing import ClassVar

from cnn_demos.reader.choose import choose
from cnn_demos.reader.errors import Refusal, Unfollowable
from cnn_demos.reader.keras_layers import THEANO
from cnn_demos.reader.keras_side import KerasSide, has_subclassed
from cnn_demos.reader.program import Program
from cnn_demos.reader.source import (
    asked_subject,
    asked_words,
    calls_asked,
    parse,
    prepare,
    question_text,
    skipped_note,
    stated_values,
)
from cnn_demos.reader.torch_side import TorchSide, forward_arity
from cnn_demos.reader.values import KerasInstance, KLayer, KModel, KSequential, KStep
from cnn_demos.shapes import DEFAULT_LIMITS, Limits
from cnn_demos.spec import SpecError
from cnn_demos.textkind import looks_like_code, split_input_line


class Reader(KerasSide, TorchSide):
    """The interpreter with both frameworks' sides: what :func:`read` runs a paste through."""

    DEFAULT_NAMES: ClassVar[dict] = {**TorchSide.DEFAULT_NAMES, **KerasSide.DEFAULT_NAMES}
    MODEL_KINDS = (*TorchSide.MODEL_KINDS, *KerasSide.MODEL_KINDS)
    TRUE_KINDS = (*TorchSide.TRUE_KINDS, *KerasSide.TRUE_KINDS)


def read(text: str, limits: Limits = DEFAULT_LIMITS, given: tuple[int, ...] | None = None) -> Program:
    """Interpret pasted code and find its model; raises :class:`SpecError` (Persian, naming the line).
    ``given``: the input the student's ``input`` line states (channels last), for a Keras ``Input`` whose shape
    the code takes from data (``inputs.shape[-1]`` further on then has its size)."""
    source = prepare(text)
    tree, skipped = parse(source)
    reader = Reader(limits)
    reader.given_shape = given
    reader.found.asked = asked_words(source)
    reader.found.subject = asked_subject(source)
    reader.found.stated = stated_values(source)
    if skipped:
        reader.found.notes.append(skipped_note(skipped))
    reader.channels_first = bool(THEANO.search(source))
    try:
        reader.run(tree)
        _build_asked(reader, source)
        return choose(reader)
    finally:
        reader.reading = False


def _build_asked(reader: Reader, source: str) -> None:
    """A model the question builds by a call of the paste's own class or function («PoetryModel(8293) چند پارامتر
    داره؟», «vgg16_bn()»): built after the code ran, and the one asked about (the paste's own last one, vgg19_bn,
    was counted for vgg16_bn).  A call that does not build is left out."""
    makers = {c.name for c in reader.found.classes} | {f.node.name for f in reader.found.functions}
    for call in calls_asked(source, makers):
        failures = (len(reader.found.errors), len(reader.found.model_errors), len(reader.found.fatal))
        made = len(reader.found.created)
        try:
            value = reader.expr(ast.parse(call, mode="eval").body, reader.globals)
        except (SyntaxError, Unfollowable, SpecError):
            del reader.found.created[made:]  # its parts are no models of their own
            continue
        if (len(reader.found.errors), len(reader.found.model_errors), len(reader.found.fatal)) != failures:
            del reader.found.created[made:]
            continue  # a part of it was not followed: never a model counted without it
        if reader.is_model(value):
            reader.assign_name(ASKED_MODEL, value, reader.globals)
            reader.found.asked = (*reader.found.asked, ASKED_MODEL)
            reader.found.subject = ASKED_MODEL
            return


ASKED_MODEL = "model_asked"  # the name a model built from the question is bound to


__all__ = ["KLayer", "KModel", "KSequential", "KStep", "KerasInstance", "Program", "Reader", "Refusal",
           "forward_arity", "has_subclassed", "looks_like_code", "parse", "prepare", "question_text", "read",
           "split_input_line"]
