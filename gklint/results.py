"""A checked file's cached result, found without the layers.

A result's key is made from the options and the rules' metadata (their codes and files), not
from the compiled rules; the built-in rules' metadata is cached on its own. So a re-run of an
unchanged file looks its result up in the parent process, before anything loads the parser, the
tables or the rule kinds and before a worker is forked (batch.run_jobs); runner.check_bytes
stores results under the same key.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from gklint import cache as user_cache
from gklint.files import DEFAULT_MAX_BYTES, read_capped
from gklint.model import FileReport, RuleMeta
from gklint.resources import rules_dir

if TYPE_CHECKING:
    from gklint.rules import Rule


@dataclass(frozen=True)
class CheckOptions:
    """Everything that decides a file's findings besides its content (part of the result key)."""

    rules: tuple[Rule, ...]
    max_bytes: int = DEFAULT_MAX_BYTES
    settings: tuple[tuple[str, object], ...] = ()
    year: int | None = None  # --year / config: overrides the year read from the report
    era: str | None = None  # --era / config: overrides the era read from the tables
    rule_severity: tuple[tuple[str, str], ...] = ()
    keep_text: bool = False  # keep the source text and table views for renderers that show them (html)
    input_format: str = "auto"  # auto (by content), text, docx, html, pdf
    series: bool = False  # keep what the cross-year post-pass needs (gklint/series/postpass.py)
    series_store: bool = False  # …in the series store, keeping only its key (gklint/series/store.py)


def builtin_metas() -> tuple[RuleMeta, ...] | None:
    """The built-in rules' metadata from the cache (None: not cached yet)."""
    found = user_cache.load("metas", user_cache.package_digest())
    if isinstance(found, tuple) and all(isinstance(m, RuleMeta) for m in found):
        return found
    return None


def store_builtin_metas(metas: tuple[RuleMeta, ...]) -> None:
    user_cache.store("metas", user_cache.package_digest(), metas)


_DIGESTS: dict[int, tuple[tuple[RuleMeta, ...], str]] = {}


def metas_digest(metas: tuple[RuleMeta, ...]) -> str:
    """A digest of a set of rules (for keys of cached results): the code and data of the package
    and each rule file's name, size and time; worked out once per set of rules in a process (a
    batch asks for every file: 1 000 files cost 1 s of Path objects)."""
    known = _DIGESTS.get(id(metas))
    if known is None or known[0] is not metas:
        own = rules_dir()
        # a built-in rule's path lies under rules_dir() as written: a string's prefix says so (a
        # Path per rule cost ~1.3 ms, in the parent and again in the worker); only others are
        # resolved (each resolve() is a system call per folder of the path)
        inside = os.path.join(own, "")
        paths = {Path(m.path) for m in metas if m.path and not m.path.startswith(inside)}
        extra = [p for p in paths if own not in p.parents and own.resolve() not in p.resolve().parents]
        digest = user_cache.digest(
            [user_cache.package_digest(), user_cache.files_digest(extra), *(m.code for m in metas)]
        )
        known = _DIGESTS[id(metas)] = (metas, digest)
    return known[1]


def result_key(data: bytes, name: str, options: CheckOptions, rules_key: str) -> str:
    """The key of a file's result: its bytes and name, the options and the rules' digest."""
    settings = replace(options, rules=())
    return user_cache.digest([rules_key, repr(settings), name, hashlib.sha256(data).digest()])


def cached_key(
    path: str, data: bytes | None, options: CheckOptions, metas: tuple[RuleMeta, ...]
) -> str | None:
    """The key of the file's result if the cache holds one (a file that cannot be read has none:
    its worker says why)."""
    if user_cache.cache_dir() is None:
        return None
    try:
        data = read_capped(path, options.max_bytes) if data is None else data
        key = result_key(data, path, options, metas_digest(metas))  # a rule file may have gone
    except OSError:
        return None
    return key if user_cache.has_result(key) else None


def load_cached(key: str) -> FileReport | None:
    found = user_cache.load_result(key)
    return found if isinstance(found, FileReport) else None
