"""gklint: a linter for 政府信息公开工作年度报告 (government information disclosure annual reports).

The library API is `gklint.check_bytes` (gklint/api.py), imported on first use so that
`import gklint` (and the command line's start-up) stays light."""

from __future__ import annotations

# typing is not imported: the command line raises the garbage collector's threshold before its
# first heavy imports (gklint/fastcli.py), and `import gklint` comes before it. mypy reads any
# `if TYPE_CHECKING:` block as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "check_bytes"]


def __getattr__(name: str) -> Any:  # noqa: ANN401 - the lazily imported API
    if name == "check_bytes":
        from gklint.api import check_bytes

        return check_bytes
    raise AttributeError(f"module 'gklint' has no attribute {name!r}")
