"""Shapes inside the calculator: channels-first tuples, the :class:`Shaped` record a shape rule returns, and
the conversions between them and the order the student (or Keras) writes.

A sequence of T steps with F features is ``(F, T)``, as Conv1D sees it.  Kept apart from
:mod:`cnn_demos.shapes` (the checking pass) so that every layer module can use them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cnn_demos.layers.node import Node

Shape = tuple[int, ...]



def per_axis(values: tuple[int, ...], dims: int) -> tuple[int, ...]:
    """A kernel, stride or dilation typed once ('3') applies to every spatial axis."""
    return values * dims if len(values) == 1 else values


@dataclass(frozen=True)
class Shaped:
    """A node with the shapes it receives and produces, and its children (per branch) for blocks."""

    node: Node
    in_shape: Shape
    out_shape: Shape
    branches: tuple[tuple[Shaped, ...], ...] = field(default=())
    padding: tuple[tuple[int, int], ...] = ()   # resolved (left, right) per spatial axis (transposed: cropped)
    groups: int = 1
    filters: int = 0
    in_shapes: tuple[Shape, ...] = ()           # a Merge's inputs (in_shape is the first)
    layout: str = "channels_last"               # the order Keras numbers axes in (see :func:`internal_axis`)



def to_internal(shape: Shape, layout: str) -> Shape:
    if len(shape) == 1:
        return shape
    return shape if layout == "channels_first" else (shape[-1], *shape[:-1])


def from_internal(shape: Shape, layout: str) -> Shape:
    """The inverse of :func:`to_internal`: the shape in the order the student (or Keras) writes it."""
    if len(shape) == 1 or layout == "channels_first":
        return shape
    return (*shape[1:], shape[0])


def internal_axis(axis: int, shape: Shape, layout: str = "channels_last") -> int | None:
    """A Keras axis (batch = 0, negatives from the end; -1 = channels when channels-last) → index into ``shape``.

    ``shape`` is internal (channels-first); ``layout`` is the order Keras numbers the axes in.
    None when there is no such axis.
    """
    rank = len(shape)
    index = axis - 1 if axis > 0 else rank + axis
    if axis == 0 or not 0 <= index < rank:
        return None
    if layout == "channels_first" or rank == 1:
        return index
    return 0 if index == rank - 1 else index + 1


def display(shape: Shape, layout: str) -> str:
    """'222x222x32' (channels-last) or '32x222x222' (channels-first); flat shapes are one number."""
    if len(shape) == 1:
        return str(shape[0])
    ordered = shape if layout == "channels_first" else (*shape[1:], shape[0])
    return "x".join(str(s) for s in ordered)



def replaced(shape: Shape, axis: int, size: int) -> Shape:
    return (*shape[:axis], size, *shape[axis + 1:])



def tensor_axes(shaped: Shaped, axes: tuple[int, ...] | None) -> tuple[int, ...]:
    """Keras axes → tensor dims (batch = 0); None = the channel axis."""
    if axes is None:
        return (1,)
    return tuple(1 + internal_axis(a, shaped.in_shape, shaped.layout) for a in axes)

