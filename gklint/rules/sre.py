"""The re module's own pattern parser, and whether a character has case, across Python versions
(regex.py and anchored.py work out facts about rule patterns from the parsed form)."""

from __future__ import annotations

try:
    from re import _parser as sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]

try:
    from _sre import unicode_iscased as iscased  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - another implementation: treat every letter as cased

    def iscased(ch: int) -> bool:
        return chr(ch).isalpha()


__all__ = ["iscased", "sre_parse"]
