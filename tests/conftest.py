"""Shared test helpers: where the real reports are, and small builders."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The suite (and the gklint processes it starts) use a cache of their own, empty at the start:
# results cached by an earlier run or another checkout never answer for the code under test.
_CACHE = tempfile.TemporaryDirectory(prefix="gklint-test-cache-")
os.environ.setdefault("GKLINT_CACHE_DIR", _CACHE.name)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "fixtures"


def shared_reports() -> list[Path]:
    """Every real report text in ../shared (seeds and corpus), or [] when it is absent."""
    if not SHARED.is_dir():
        return []
    return sorted(SHARED.glob("seeds/*.txt")) + sorted(SHARED.glob("corpus/*.txt"))


needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the real reports) is not present")
