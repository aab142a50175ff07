"""A per-user cache of work that start-up would otherwise repeat: the compiled grammars and the
compiled built-in rules. Everything works without it (a read-only home, GKLINT_NO_CACHE=1).

The cache lives in $GKLINT_CACHE_DIR, else $XDG_CACHE_HOME/gklint, else ~/.cache/gklint — never
in the shared temporary folder, where another user could plant a file. Entries are keyed by a
digest of everything they were built from, so a changed grammar or rule file is rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from gklint import __version__


@cache
def cache_dir() -> Path | None:
    """The cache folder, made if need be; None when caching is off or impossible (asked once)."""
    if os.environ.get("GKLINT_NO_CACHE"):
        return None
    try:
        if os.environ.get("GKLINT_CACHE_DIR"):
            folder = Path(os.environ["GKLINT_CACHE_DIR"])
        elif os.environ.get("XDG_CACHE_HOME"):
            folder = Path(os.environ["XDG_CACHE_HOME"]) / "gklint"
        else:
            folder = Path.home() / ".cache" / "gklint"  # RuntimeError without a home
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (OSError, RuntimeError):
        return None
    return folder if os.access(folder, os.W_OK) else None


def digest(parts: Iterable[str | bytes]) -> str:
    h = hashlib.sha256(__version__.encode())
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode())
        h.update(b"\0")
    return h.hexdigest()[:24]


def files_digest(paths: Iterable[Path]) -> str:
    """A digest of files' names, sizes and modification times (cheap: no reading)."""
    parts = []
    for p in sorted(paths):
        st = p.stat()
        parts.append(f"{p}|{st.st_size}|{st.st_mtime_ns}")
    return digest(parts)


def load(name: str, key: str) -> object | None:
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)  # noqa: S301 - our own per-user cache, keyed by content
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def store(name: str, key: str, value: object) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        for old in folder.glob(f"{name}-*.pickle"):  # one entry a name: the last build
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False) as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, folder / f"{name}-{key}.pickle")
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def lark_cache_path(name: str) -> str | None:
    """A path for Lark's own cache of a compiled grammar (Lark checks the grammar's hash)."""
    folder = cache_dir()
    return str(folder / f"lark-{name}-{__version__}.cache") if folder else None
