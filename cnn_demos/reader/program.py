"""What reading a paste produces: one model and, when the code fixes it, its input shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cnn_demos import messages as msg
from cnn_demos.reader.errors import Unfollowable, spec_error
from cnn_demos.reader.keras_side import apply_all, tensors_of
from cnn_demos.reader.values import KStep, KTensor, UserFunction
from cnn_demos.spec import SpecError

if TYPE_CHECKING:
    from cnn_demos.reader.keras_side import KerasSide


@dataclass
class Program:
    """What the reader found: one model and, when the code fixes it, the input shape."""

    framework: str                      # "torch" | "keras"
    model: object                       # nn.Module | KSequential | KModel
    input_shape: tuple[int, ...] | None  # without the batch axis; channels-first for torch
    input_note: str = ""                 # how the input was found, when it was not written as such
    steps: list[KStep] = field(default_factory=list)
    name: str = "model"
    reader: KerasSide | None = None
    notes: tuple[str, ...] = ()
    open_size: str = ""  # the application whose input size Keras leaves open, taken at Limits.nominal_image
    input_from_data: tuple[tuple[str, int], ...] = ()  # (name, line) binding an input size the data decides
    # torch: inputs the code names, best first (summary(...) lines as written and without a batch axis, then
    # example tensors); the first the model accepts is the input, and none fitting is said, not an error
    input_candidates: tuple[tuple[int, ...], ...] = ()

    def trace_sequential(self, shape: tuple[int, ...]) -> tuple[tuple[KTensor, ...], tuple[KTensor, ...], list[KStep]]:
        """A Sequential holding subclassed layers (d2l's ResnetBlock): run it as a graph, layer by layer."""
        reader = self.reader
        start = len(reader.found.graph)
        tensor = KTensor(reader.new_id(), tuple(shape))
        try:
            out = apply_all(reader, self.model, tensor)
        except Unfollowable as exc:
            raise spec_error(exc) from None
        return (tensor,), (out,), reader.found.graph[start:]

    def trace(self, shape: tuple[int, ...]) -> tuple[tuple[KTensor, ...], tuple[KTensor, ...], list[KStep]]:
        """Run a subclassed Keras model's ``call`` on a symbolic input of ``shape`` (channels-last)."""
        reader = self.reader
        start = len(reader.found.graph)
        tensor = KTensor(reader.new_id(), tuple(shape))
        call = self.model.cls.lookup("call")
        if not isinstance(call, UserFunction):
            raise SpecError(msg.CODE_NO_FORWARD.format(token=self.model.cls.name))
        try:
            if self.model.weights:  # a custom layer of its own weights («layer.build((1, 2))»): one row, as in a model
                out = reader.keras_apply(self.model, [tensor], {})
            else:
                out = reader.call_user(call, [self.model, tensor], {})
            outputs = tensors_of(out, reader)  # an unknown value returned (a class not defined here) is named
        except Unfollowable as exc:
            raise spec_error(exc) from None
        return (tensor,), outputs, reader.found.graph[start:]
