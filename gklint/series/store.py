"""Where a batch's SeriesData waits for the cross-year pass, so the parent holds only SeriesKeys.

A worker that checks a report of a series batch puts the report's SeriesData (with the failures
the copied-text rule looks at) here and hands back its SeriesKey; whoever needs the data later
(the parent's pairing, a worker comparing two reports) takes it by the key's content digest.
With the result cache on, entries live in the cache beside the results (signed, pruned with
them), so a re-run finds them; without it, in a private folder made for the run and removed
after it. An entry that is gone (pruned) is made again by checking its file once more.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gklint import cache as user_cache
from gklint.model import Finding, SeriesData, SeriesKey
from gklint.series.pairing import Texts, texts_of

Entry = tuple[SeriesData, tuple[Finding, ...]]  # the data and the report's located failures

_run_dir: Path | None = None  # set in the parent before the workers are forked; they inherit it


@contextmanager
def run_store() -> Iterator[None]:
    """A private folder for this run's entries when the result cache is off."""
    global _run_dir
    if user_cache.cache_dir() is not None or _run_dir is not None:
        yield
        return
    _run_dir = Path(tempfile.mkdtemp(prefix="gklint-series-"))  # mode 0700
    try:
        yield
    finally:
        shutil.rmtree(_run_dir, ignore_errors=True)
        _run_dir = None


def failures(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """What the copied-text rule asks of the previous report's findings: its located failures,
    their diagnostics only (what else a finding holds names its file: copies would differ)."""
    return tuple(
        Finding(f.diagnostic, None, None, "")
        for f in findings
        if f.diagnostic.outcome == "fail" and f.diagnostic.span is not None
    )


def put(data: SeriesData, findings: tuple[Finding, ...]) -> SeriesKey:
    """Store one report's entry; its key. The entry's two parts are packed apart: pairing reads
    only the small one (the sentences and figures, texts_of), the pair check the data."""
    body = pickle.dumps((data, failures(findings)), pickle.HIGHEST_PROTOCOL)
    content = hashlib.sha256(body).hexdigest()[:32]
    texts = texts_of(data)
    small = pickle.dumps(tuple(texts), pickle.HIGHEST_PROTOCOL)
    _write(content, (zlib.compress(small, 1), zlib.compress(body, 1)))
    digest = hashlib.sha256(repr(sorted(texts.figures)).encode()).hexdigest()[:32]
    return SeriesKey(data.agency, data.year, digest, content, len(data.sentences))


def get(content: str) -> Entry | None:
    """The entry of a content digest, or None when it is not (or no longer) stored."""
    entry = _unpack(content, 1)
    return entry if isinstance(entry, tuple) and entry and isinstance(entry[0], SeriesData) else None


def texts(content: str) -> Texts | None:
    """What pairing needs of a content digest's entry, or None when it is not (or no longer) stored."""
    found = _unpack(content, 0)
    return Texts(*found) if isinstance(found, tuple) and len(found) == len(Texts._fields) else None


def _unpack(content: str, part: int) -> object:
    if _run_dir is not None:
        try:
            packed = pickle.loads((_run_dir / content).read_bytes())  # noqa: S301 - this run's own folder
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            return None
    else:
        packed = user_cache.load_result(_cache_key(content))
    if not isinstance(packed, tuple) or len(packed) != 2 or not isinstance(packed[part], bytes):
        return None
    try:
        return pickle.loads(zlib.decompress(packed[part]))  # noqa: S301 - written by this run or signed
    except (zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None


def _write(content: str, packed: tuple[bytes, bytes]) -> None:
    if _run_dir is None:
        user_cache.store_result(_cache_key(content), packed)
        return
    path = _run_dir / content
    if path.exists():  # the same data from another report (a copy): already there
        return
    try:
        with tempfile.NamedTemporaryFile("wb", dir=_run_dir, delete=False) as f:
            f.write(pickle.dumps(packed, pickle.HIGHEST_PROTOCOL))
        os.replace(f.name, path)
    except OSError:
        pass  # a full disk: the pair's worker checks the file again


def _cache_key(content: str) -> str:
    return user_cache.digest(["series-data-2", content])  # 2: packed in two parts
