"""The one place that finds gklint's data folders: grammars/ and rules/.

In an installed wheel they live inside the package (`gklint/grammars`, `gklint/rules_data`, see
pyproject's force-include); in a source checkout they are top-level folders beside `gklint/`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _find(installed: str, checkout: str) -> Path:
    inside = _PACKAGE / installed
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / checkout


def grammar_path(name: str) -> Path:
    """Path of a file in grammars/ (e.g. "report.lark")."""
    return _find("grammars", "grammars") / name


def rules_dir() -> Path:
    """The built-in rule folder."""
    return _find("rules_data", "rules")


def data_path(name: str) -> Path:
    """Path of a data file shipped inside the package (gklint/data/...)."""
    return _PACKAGE / "data" / name
