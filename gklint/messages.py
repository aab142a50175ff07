"""The catalogue of user-facing messages (gklint/data/messages.yaml), keyed by stable codes.

Messages are data: the Chinese text lives in the YAML file, code only names the key and passes the
arguments. A missing key or argument is a bug and fails loudly in tests.
"""

from __future__ import annotations

from functools import cache

from gklint import codecache
from gklint.resources import data_path
from gklint.yamlfile import load_file


@cache
def _catalogue() -> dict[str, str]:
    """The catalogue, kept between runs with the data derived from the package's own files: a
    worker's first message would otherwise read its ~13 files from the cache (~0.7 ms)."""
    return codecache.derived("messages", _read_catalogue)


def _read_catalogue() -> dict[str, str]:
    """messages.yaml, plus messages.d/*.yaml (one file per area); a key may be defined once."""
    paths = [data_path("messages.yaml"), *sorted(data_path("messages.d").glob("*.yaml"))]
    catalogue: dict[str, str] = {}
    for path in paths:
        for key, value in (load_file(path) or {}).items():
            if key in catalogue:
                raise KeyError(f"message key {key} defined twice ({path})")
            catalogue[str(key)] = str(value)
    return catalogue


def text(key: str, /, **args: object) -> str:
    """The message `key` with `args` filled in ({name} placeholders)."""
    return _catalogue()[key].format(**args)


def has(code: str) -> bool:
    return code in _catalogue()


def codes() -> list[str]:
    return sorted(_catalogue())
