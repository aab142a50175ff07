"""Every dataclass of gklint has a docstring.

Without one, `dataclasses` makes one from `inspect.signature(cls)` when the class is created: for
the ~70 classes that had none, ~3 ms of every start-up (docs/performance.md). Not timed here: this
only keeps a new dataclass from bringing the cost back.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "gklint"


def _is_dataclass(node: ast.ClassDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if (isinstance(target, ast.Name) and target.id == "dataclass") or (
            isinstance(target, ast.Attribute) and target.attr == "dataclass"
        ):
            return True
    return False


def test_every_dataclass_has_a_docstring() -> None:
    missing = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and _is_dataclass(node) and ast.get_docstring(node) is None
    ]
    assert missing == []
