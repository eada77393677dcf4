"""Choosing the model a paste is about, from what reading found (:class:`~cnn_demos.reader.findings.Findings`):
the one it summarises, prints or trains, else the last one it names, else one built from the last class
or helper function that needs no arguments.  When there is none, the most telling failure is the answer.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TYPE_CHECKING

from torch import nn

from cnn_demos import messages as msg
from cnn_demos.reader.errors import Unfollowable, spec_error
from cnn_demos.reader.keras_side import has_subclassed
from cnn_demos.reader.program import Program
from cnn_demos.reader.values import FailedPart, KerasInstance, KSequential, UserClass, UserFunction
from cnn_demos.spec import SpecError

if TYPE_CHECKING:
    from cnn_demos.reader import Reader


def choose(reader: Reader) -> Program:
    """The model the paste is about, as a :class:`Program`; raises :class:`SpecError` when there is none."""
    if len(reader.found.frameworks) > 1 and len({"torch" if isinstance(m, nn.Module) else "keras"
                                                 for m in reader.found.created}) > 1:
        raise SpecError(msg.CODE_MIXED)
    program = _program(reader)
    if isinstance(program.model, KSequential):  # the application itself may be the model
        reader.found.open(program.model, reader.limits)
    return replace(program, notes=tuple(dict.fromkeys(reader.found.notes)), open_size=reader.found.open_size,
                   input_from_data=tuple(dict.fromkeys(reader.found.data_inputs)))


def _program(reader: Reader) -> Program:
    found = reader.found
    if found.fatal:
        raise spec_error(found.fatal[0])
    model, name = _choose(reader)
    if model is None:
        raise _nothing_found(reader)
    if isinstance(model, nn.Module):
        shape = found.tensors[0] if found.tensors else None
        candidates = tuple(dict.fromkeys([c for s in found.summaries for c in (s, s[1:]) if c] + found.tensors))
        return Program("torch", model, shape, "tensor" if shape else "", name=name, input_candidates=candidates)
    shape = None
    if isinstance(model, KerasInstance):
        shape = model.build_shape or (found.tensors[0] if found.tensors else None) or _inner_input(model)
        return Program("keras", model, shape, steps=found.graph, name=name, reader=reader)
    if isinstance(model, KSequential) and has_subclassed(model):
        shape = model.input.shape if model.input is not None else found.tensors[0] if found.tensors else None
        return Program("keras", model, shape, steps=found.graph, name=name, reader=reader)
    if isinstance(model, KSequential) and model.input is None and found.tensors:
        shape = found.tensors[0]
    return Program("keras", model, shape, "tensor" if shape else "", steps=found.graph, name=name)


def _inner_input(model: KerasInstance) -> tuple[int, ...] | None:
    """A subclassed model whose first Sequential starts with an Input (the TF autoencoder tutorial)."""
    for name in model.order:
        value = model.attrs.get(name)
        if isinstance(value, KSequential) and value.input is not None:
            return tuple(value.input.shape)
    return None


def _called(names: dict[int, str], value: object) -> str:
    """The name the paste binds ``value`` to, as the question would write it ("" for none)."""
    return names.get(id(value), "").lower()


def _choose(reader: Reader) -> tuple[object | None, str]:
    """The model the paste is about: the one it summarises/prints/trains, else the last top-level one."""
    found = reader.found
    names = {id(v): n for n, v in found.models}
    candidates = [m for m in found.created if id(m) not in found.contained and not _is_loss(m)]
    shown = [m for m in found.shown if reader.is_model(m) and not _is_loss(m)]
    bound = [v for _, v in found.models if not _is_loss(v) and id(v) not in found.contained]
    shown_bound = [m for m in shown if any(m is v for v in bound)]
    asked = [v for v in bound if _has_layers(v) and _called(names, v) in found.asked]
    failed = [v for k, v in reader.globals.items() if isinstance(v, FailedPart) and (
        k.lower() == found.subject or k.lower() in found.asked and not asked)]
    if failed and isinstance(failed[-1].cause, Unfollowable):  # «model_2 چند پارامتر داره؟» and model_2 failed:
        raise spec_error(failed[-1].cause)  # why, never another model's count (conv_layer_2's 760 for 7,740)
    chain = _applied_chain(reader)
    if chain is not None and not shown:  # «y = conv(up(x))»: the layers the code runs, in their order
        return chain
    if len(asked) == 1 or any(_called(names, v) == found.subject for v in asked):
        # «این autoencoder_cnn من چند تا پارامتر داره؟» over the encoder summarised after it
        return _last_bound(reader, bound, names)
    if shown_bound or (shown and not bound):  # the model the code summarises or prints, if it has a name
        model = (shown_bound or shown)[-1]
        return model, names.get(id(model), "model")
    if not bound and not candidates and found.model_errors:  # the model's own line failed: say why
        raise spec_error(found.model_errors[-1][1])
    if not bound and found.errors and candidates and all(isinstance(m, KerasInstance) for m in candidates):
        raise spec_error(found.errors[-1])  # the model failed at a custom layer: why, not "no input shape"
    if bound:
        return _last_bound(reader, bound, names)
    if candidates:
        with_params = [v for v in candidates if _has_layers(v)]
        model = (with_params or candidates)[-1]
        return model, names.get(id(model), "model")
    return _instantiate_last(reader)


def _applied_chain(reader: Reader) -> tuple[nn.Sequential, str] | None:
    """PyTorch layers bound to names and applied to a tensor at the top level, one after another (``y =
    conv(up(x))``, or ``h = up(x)`` then ``y = conv(h)``): that run is the model, as a Sequential in call order.
    Counted alone, ``conv`` was given ``x`` and the Upsample before it was skipped, silently."""
    modules = {name: value for name, value in reader.found.models if isinstance(value, nn.Module)}
    if any(list(m.children()) for m in modules.values()):
        return None  # a model of the student's own is there (the tutorial's layers tried one by one, then joined)
    runs: dict[str, list[nn.Module]] = {}
    best: tuple[list[nn.Module], str] = ([], "")
    for stmt in reader.tree.body if reader.tree is not None else ():
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            continue
        applied, node = [], stmt.value
        while isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in modules \
                and len(node.args) == 1 and not node.keywords:
            applied.insert(0, modules[node.func.id])
            node = node.args[0]
        if not applied or not isinstance(node, ast.Name) or node.id in modules:
            continue
        run = runs.get(node.id, []) + applied
        runs[stmt.targets[0].id] = run
        if len(run) > len(best[0]):
            best = (run, stmt.targets[0].id)
    if len(best[0]) < 2 or len({id(m) for m in best[0]}) < len(best[0]):
        return None
    return nn.Sequential(*best[0]), best[1]


def _last_bound(reader: Reader, bound: list, names: dict[int, str]) -> tuple[object, str]:
    """The last model the code names (one with layers first), unless a later statement meant another."""
    found = reader.found
    with_params = [v for v in bound if _has_layers(v)]
    asked = [v for v in with_params if _called(names, v) in found.asked]
    counted = [v for v in asked if _called(names, v) == found.subject]  # «model_5 چند تا پارامتر»
    # the one the question counts, else the one it names, else the last (a name rebound: its last model)
    model = counted[-1] if counted else asked[-1] if len(asked) == 1 else (with_params or bound)[-1]
    named_at = found.bound_lines.get(id(model), 0)
    # a model built after this one failed (by the statement's line: the error's own may be inside a class it
    # called, above): that was the model, so say why, never count a part
    failed = [error for line, error in found.model_errors if line > named_at]
    if failed:
        raise spec_error(failed[-1])
    later = _later_maker(reader, named_at)
    if later is not None:  # d2l: `blk = TransitionBlock(10)` tries a block, then `def net():` builds the model
        return later
    name = names.get(id(model), "model")
    others = list(dict.fromkeys(names[id(v)] for v in with_params if v is not model and id(v) in names))
    if others and len(asked) != 1:  # a generator and a discriminator: say which one the number is
        found.notes.append(msg.CODE_OTHER_MODELS.format(name=name, others=msg.AND.join(f"«{o}»" for o in others)))
    return model, name


def _later_maker(reader: Reader, line: int) -> tuple[object, str] | None:
    """A function of no arguments, defined after ``line`` and never called, that returns a model."""
    called = {n.func.id for n in ast.walk(reader.tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    for function in reversed(reader.found.functions):
        node = function.node
        if node.lineno <= line or node.name in called or _required_arguments(function) > 0:
            continue
        try:
            value = reader.call_user(function, [], {})
        except Unfollowable:
            continue
        if reader.is_model(value) and _has_layers(value):
            return value, node.name
    return None


def _instantiate_last(reader: Reader) -> tuple[object | None, str]:
    """Only classes or helper functions were pasted: build the last one that needs no arguments.

    ``def ResNet18(): return ResNet(BasicBlock, [2, 2, 2, 2])`` after the classes is the model;
    a class whose constructor needs arguments gets a question, not a guess.
    """
    found = reader.found
    makers = [(c.node.lineno, c) for c in found.classes] + [(f.node.lineno, f) for f in found.functions]
    first_error = None
    for _, maker in sorted(makers, key=lambda m: m[0], reverse=True):
        if isinstance(maker, UserClass) and maker is not _main_class(found.classes):
            continue
        if _required_arguments(maker) > 0:
            if first_error is None and isinstance(maker, UserClass):
                first_error = SpecError(f"{msg.line(maker.node.lineno)}: "
                                        f"{msg.CODE_CLASS_NEEDS_ARGS.format(name=maker.name)}")
            continue
        try:
            value = reader.instantiate(maker, [], {}) if isinstance(maker, UserClass) else reader.call_user(maker, [], {})
        except Unfollowable as exc:
            raise spec_error(exc) from None
        if reader.is_model(value):
            name = maker.name if isinstance(maker, UserClass) else maker.node.name
            _warn_other_arguments(reader, name)
            return value, name
    if first_error is not None:
        raise first_error
    return None, ""


def _warn_other_arguments(reader: Reader, name: str) -> None:
    """Built with its defaults, while the code builds it with arguments somewhere not followed (NeRF(D=args.netdepth,
    …, use_viewdirs=args.use_viewdirs) inside ``create_nerf(args)``: the defaults gave 496,644 for 595,844)."""
    calls = [node for node in ast.walk(reader.tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
             and node.func.id == name and (node.args or node.keywords)]
    if calls:
        reader.found.notes.append(msg.CODE_DEFAULTS_ONLY.format(name=name, line=msg.fa(calls[0].lineno)))


def _required_arguments(maker) -> int:
    if isinstance(maker, UserClass):
        init = maker.lookup("__init__")
        if not isinstance(init, UserFunction):
            return 0
        args, skip = init.node.args, 1
    else:
        args, skip = maker.node.args, 0
    return max(len(args.posonlyargs) + len(args.args) - skip - len(args.defaults), 0)


def _main_class(classes: list[UserClass]) -> UserClass:
    """The class no other class uses: the model, not its blocks."""
    used = set()
    for cls in classes:
        for node in ast.walk(cls.node):
            if isinstance(node, ast.Name):
                used.add(node.id)
    top = [c for c in classes if c.name not in used or c is classes[-1]]
    return top[-1] if top else classes[-1]


def _is_loss(value) -> bool:
    return isinstance(value, nn.Module) and type(value).__name__.endswith("Loss")


def _has_layers(value) -> bool:
    if isinstance(value, nn.Module):
        return any(True for _ in value.parameters()) or any(True for _ in value.children())
    if isinstance(value, KSequential):
        return bool(value.layers)
    return True


def _nothing_found(reader: Reader) -> SpecError:
    found = reader.found
    if found.model_errors:
        return spec_error(found.model_errors[-1][1])
    if found.errors:
        exc = max(found.errors, key=lambda e: e.line)
        relevant = [e for e in found.errors if e.token not in ("np", "plt")]
        return spec_error(relevant[-1] if relevant else exc)
    if found.functions:
        return SpecError(msg.CODE_CALL_HELPER.format(name=found.functions[-1].node.name))
    return SpecError(msg.CODE_NO_MODEL)
