"""Which reports are one body's: agency names normalised, and parents before a name merged
only where that cannot join two bodies (a 镇 is never its 县; two departments never one)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from gklint.read.normalize import simplified
from gklint.resources import data_path
from gklint.yamlfile import load_file


@dataclass(frozen=True)
class _NameRules:
    """series.yaml's rules for an agency's name, compiled."""

    endings: tuple[str, ...]
    parents: tuple[str, ...]
    unit: tuple[str, ...]
    noise: re.Pattern[str]
    fallback: tuple[re.Pattern[str], ...]


@cache
def series_settings() -> dict:
    return load_file(data_path("series.yaml"))  # type: ignore[no-any-return]


@cache
def _rules() -> _NameRules:
    d = series_settings()
    return _NameRules(
        endings=tuple(sorted(d["same_body_endings"], key=len, reverse=True)),
        parents=tuple(d["parent_endings"]),
        unit=tuple(d["unit_endings"]),
        noise=re.compile(d["name_noise"]),
        fallback=tuple(re.compile(p) for p in d["agency_fallback"]),
    )


def body_key(name: str) -> str:
    """A body's name in one spelling: simplified characters, no spaces or brackets, and no
    ending that names the same body differently (人民政府, 管委会, 办公室 …)."""
    rules = _rules()
    key = rules.noise.sub("", simplified(name))
    changed = True
    while changed:
        changed = False
        for ending in rules.endings:
            if key.endswith(ending) and len(key) > len(ending) + 1:
                key, changed = key[: -len(ending)], True
                break
    return key


def fallback_agency(text: str) -> str | None:
    """The body named in the preamble of a report whose title names none."""
    head = re.sub(r"\s+", "", text[:600])
    for pattern in _rules().fallback:
        m = pattern.search(head)
        if m:
            return m.group("agency")
    return None


def merge_parents(keys: Iterable[str]) -> dict[str, str]:
    """Each key → the key of its body: "淮安市洪泽区" → "洪泽区" when "洪泽区" is among the keys and
    no other parent's "洪泽区" is (two cities may each have a 鼓楼区)."""
    keys = set(keys)
    longer: dict[str, list[str]] = {}
    rules = _rules()
    for key in keys:
        for m in _parent_splits(key, rules):
            if m in keys and m.endswith(rules.unit):
                longer.setdefault(m, []).append(key)
    out = {k: k for k in keys}
    for short, longs in longer.items():
        if len(longs) == 1:
            out[longs[0]] = short
    return out


def _parent_splits(key: str, rules: _NameRules) -> list[str]:
    """What remains of a key after each leading parent name ("福建省福州市平潭县" → 福州市平潭县, 平潭县)."""
    return [key[i:] for i in range(2, len(key) - 1) if key[:i].endswith(rules.parents)]
