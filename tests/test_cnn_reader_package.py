"""The code reader's structure (cnn_demos/reader/): what its seams promise, checked.

Behaviour is tested through pasted code in test_cnn_code.py and test_cnn_code_notebook.py; these tests keep
the package's two structural promises: the interpreter stays free of torch, and each kind of value has
one handler, so the order the sides are combined in cannot change a reading.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

from cnn_demos.reader import Reader

ROOT = Path(__file__).resolve().parent.parent


def _module_imports(module: str) -> set[str]:
    """The modules a module imports when it is loaded (not under TYPE_CHECKING, not inside functions)."""
    tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text("utf-8"))
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names
                         if (ROOT / f"{node.module}.{alias.name}".replace(".", "/")).with_suffix(".py").exists())
    return found


def test_the_interpreter_imports_no_torch():
    """The plain-Python interpreter and everything it loads (besides its package) work without torch."""
    seen, todo = set(), ["cnn_demos.reader.interpreter"]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        for name in _module_imports(module):
            assert name.split(".")[0] != "torch", f"{module} imports {name}"
            if name.startswith("cnn_demos.") and (ROOT / name.replace(".", "/")).with_suffix(".py").exists():
                todo.append(name)
    assert "cnn_demos.reader.values" in seen and "cnn_demos.reader.names" in seen


@pytest.mark.parametrize("table", ["ATTRIBUTES", "CALLS", "METHODS"])
def test_each_kind_of_value_has_one_handler(table):
    entries = [kinds for cls in Reader.__mro__ for kinds in vars(cls).get(table, {})]
    kinds = [(i, kind) for i, entry in enumerate(entries) for kind in (entry if isinstance(entry, tuple) else (entry,))]
    assert len(kinds) > 3
    for (i, a), (j, b) in itertools.combinations(kinds, 2):
        assert i == j or not (issubclass(a, b) or issubclass(b, a)), f"{table}: {a.__name__} and {b.__name__}"
