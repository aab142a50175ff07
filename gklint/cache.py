"""A per-user cache of work that would otherwise be repeated: the compiled grammars and built-in
rules (start-up), and the result of each checked file (re-runs). Everything works without it
(a read-only home, GKLINT_NO_CACHE=1, `gklint check --no-cache`).

The cache lives in $GKLINT_CACHE_DIR, else $XDG_CACHE_HOME/gklint, else ~/.cache/gklint — never
in the shared temporary folder. It is used only when the folder belongs to the user and no one
else may write to it. Entries are pickles signed with a key only the user can read (a file of the
folder, mode 0600): an entry that does not carry the signature is ignored, never unpickled, so a
file planted in the folder cannot run code. Entries are keyed by a digest of everything they were
built from; writes go to a temporary file renamed into place, so parallel workers never see a
half-written entry. Results are bounded: past MAX_RESULTS entries or MAX_RESULT_BYTES in all
the oldest are removed (a report with thousands of findings makes an entry of megabytes).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from gklint import __version__

MAX_RESULTS = 20_000  # result entries kept (about 2 KB each)
MAX_RESULT_BYTES = 200 * 2**20  # and their size in all
_KEY_FILE = "key"
_SIGNATURE = 32  # bytes of HMAC-SHA256 in front of each entry


@cache
def cache_dir() -> Path | None:
    """The cache folder, made if need be; None when caching is off, impossible or unsafe (asked once)."""
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
        if not _private(folder.stat(), directory=True):
            return None
    except (OSError, RuntimeError):
        return None
    return folder if os.access(folder, os.W_OK) else None


@contextmanager
def disabled() -> Iterator[None]:
    """No cache while inside (`--no-cache`); worker processes started inside inherit it."""
    old = os.environ.get("GKLINT_NO_CACHE")
    os.environ["GKLINT_NO_CACHE"] = "1"
    cache_dir.cache_clear()
    try:
        yield
    finally:
        if old is None:
            del os.environ["GKLINT_NO_CACHE"]
        else:
            os.environ["GKLINT_NO_CACHE"] = old
        cache_dir.cache_clear()


def _private(st: os.stat_result, *, directory: bool = False) -> bool:
    """Owned by this user, and writable by no one else (readable by no one else, for a file)."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the user's profile folder is private already
    others = stat.S_IWGRP | stat.S_IWOTH if directory else 0o077
    return st.st_uid == os.getuid() and not st.st_mode & others


@cache
def _secret() -> bytes | None:
    """The signing key of this user's cache, made on first use."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / _KEY_FILE
    if not path.exists():
        # written whole under another name, then linked into place (fails if another process got
        # there first): a process never reads a key that is still being written
        try:
            import secrets  # imported only here and in _write: a warm re-run writes nothing
            import tempfile

            with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".key-", delete=False) as tmp:
                tmp.write(secrets.token_bytes(32))  # NamedTemporaryFile's mode is 0600
            try:
                os.link(tmp.name, path)
            except FileExistsError:
                pass
            finally:
                os.unlink(tmp.name)
        except OSError:
            return None
    try:
        with path.open("rb") as f:
            if not _private(os.fstat(f.fileno())):
                return None
            key = f.read()
    except OSError:
        return None
    return key if len(key) == 32 else None


def digest(parts: Iterable[str | bytes]) -> str:
    h = hashlib.sha256(__version__.encode())
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode())
        h.update(b"\0")
    return h.hexdigest()[:32]


def files_digest(paths: Iterable[Path | str]) -> str:
    """A digest of files' names, sizes and modification times (cheap: no reading)."""
    parts = []
    for p in sorted(map(str, paths)):
        st = os.stat(p)
        parts.append(f"{p}|{st.st_size}|{st.st_mtime_ns}")
    return digest(parts)


@cache
def package_digest() -> str:
    """A digest of gklint's own code and data (package, built-in rules, grammars): the key of the
    compiled built-in rules, their metadata and other data derived from the package. Compiled
    rules hold cell ids, messages and the model's classes: any of the package's code or data
    (table labels, messages) may change what they compile to, or what a check finds."""
    from gklint.resources import grammar_path, rules_dir

    return files_digest(
        [
            *tree_files(rules_dir(), (".yaml",)),
            *tree_files(Path(__file__).parent, (".py", ".yaml")),
            *grammar_path("expr.lark").parent.glob("*.lark"),
        ]
    )


def tree_files(root: Path, suffixes: tuple[str, ...]) -> list[str]:
    """The files under `root` whose names end with one of `suffixes` (bytecode folders skipped).
    os.walk, not Path.rglob: this runs at every start-up, and rglob costs ~10x as much."""
    found: list[str] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        found.extend(os.path.join(folder, n) for n in names if n.endswith(suffixes))
    return found


def _read(path: Path) -> object | None:
    secret = _secret()
    if secret is None:
        return None
    try:
        with path.open("rb") as f:
            if hasattr(os, "getuid") and os.fstat(f.fileno()).st_uid != os.getuid():
                return None
            data = f.read()
    except OSError:
        return None
    # a view, not a copy: the code table (gklint/codecache.py) is ~1 MB, read at every start-up
    mac, body = data[:_SIGNATURE], memoryview(data)[_SIGNATURE:]
    if not hmac.compare_digest(mac, hmac.new(secret, body, hashlib.sha256).digest()):
        return None  # not written by this user's gklint: never unpickled
    try:
        return pickle.loads(body)  # noqa: S301 - signed with this user's key (above)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def _write(folder: Path, path: Path, value: object) -> bool:
    secret = _secret()
    if secret is None:
        return False
    import tempfile

    try:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".tmp-", delete=False) as f:
            f.write(hmac.new(secret, body, hashlib.sha256).digest() + body)
        os.replace(f.name, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return False
    return True


def load(name: str, key: str) -> object | None:
    folder = cache_dir()
    return None if folder is None else _read(folder / f"{name}-{key}.pickle")


def store(name: str, key: str, value: object) -> None:
    folder = cache_dir()
    if folder is None:
        return
    for old in folder.glob(f"{name}-*.pickle"):  # one entry a name: the last build
        old.unlink(missing_ok=True)
    _write(folder, folder / f"{name}-{key}.pickle", value)


def _results() -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / "results"


def load_result(key: str) -> object | None:
    folder = _results()
    return None if folder is None else _read(folder / key[:2] / key)


def has_result(key: str) -> bool:
    """Whether a result is stored under `key` (not yet whether it is valid: load_result says)."""
    folder = _results()
    return folder is not None and (folder / key[:2] / key).is_file()


def store_result(key: str, value: object) -> None:
    folder = _results()
    if folder is None:
        return
    try:
        folder.mkdir(exist_ok=True, mode=0o700)
        (folder / key[:2]).mkdir(exist_ok=True, mode=0o700)
    except OSError:
        return
    if _write(folder / key[:2], folder / key[:2] / key, value):
        _prune_once(folder, key[:2])


@cache
def _prune_once(folder: Path, written: str) -> None:
    """Once a process (the first result it stores): drop the oldest results past MAX_RESULTS or
    MAX_RESULT_BYTES, down to four fifths of both. Keys spread evenly over the 256 subfolders, so
    the one just written to says whether the whole needs a look: listing 20 000 entries would cost
    a single-file check more than its check."""
    try:
        sample = _entries(folder / written)
    except OSError:
        return
    if not _over(len(sample) * 256, sum(size for _, size, _ in sample) * 256):
        return
    try:
        entries = [e for sub in os.scandir(folder) if sub.is_dir() for e in _entries(Path(sub.path))]
    except OSError:
        return
    count, size = len(entries), sum(size for _, size, _ in entries)
    if not _over(count, size):
        return
    entries.sort()
    for _, entry_size, path in entries:
        if count <= MAX_RESULTS * 4 // 5 and size <= MAX_RESULT_BYTES * 4 // 5:
            break
        Path(path).unlink(missing_ok=True)
        count, size = count - 1, size - entry_size


def _entries(folder: Path) -> list[tuple[int, int, str]]:
    """A results subfolder's entries: time of last change, size, path."""
    found = []
    for e in os.scandir(folder):
        if e.is_file():
            info = e.stat()
            found.append((info.st_mtime_ns, info.st_size, e.path))
    return found


def _over(count: int, size: int) -> bool:
    return count > MAX_RESULTS or size > MAX_RESULT_BYTES


def lark_cache_path(name: str) -> str | None:
    """A path for Lark's own cache of a compiled grammar (Lark checks the grammar's hash). The
    name carries the grammar file's digest, so two checkouts of gklint sharing a cache keep one
    compiled grammar each instead of rebuilding the other's."""
    from gklint.resources import grammar_path

    folder = cache_dir()
    if folder is None:
        return None
    return str(folder / f"lark-{name}-{files_digest([grammar_path(name + '.lark')])[:16]}.cache")
