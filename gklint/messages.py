"""The catalogue of user-facing messages (gklint/data/messages.yaml), keyed by stable codes.

Messages are data: the Chinese text lives in the YAML file, code only names the key and passes the
arguments. A missing key or argument is a bug and fails loudly in tests.
"""

from __future__ import annotations

from functools import cache

import yaml

from gklint.resources import data_path


@cache
def _catalogue() -> dict[str, str]:
    with data_path("messages.yaml").open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return {str(k): str(v) for k, v in data.items()}


def text(code: str, **args: object) -> str:
    """The message for `code` with `args` filled in ({name} placeholders)."""
    return _catalogue()[code].format(**args)


def has(code: str) -> bool:
    return code in _catalogue()


def codes() -> list[str]:
    return sorted(_catalogue())
