"""A batch's reports paired with their predecessors: the same body's nearest earlier report.

Reports are one body's when the configuration's [[series]] says so, or when their agency names
are the same once normalised (names.body_key; a name with its parent before it is merged with the
name alone). Two reports of one body and year are a republished copy when their texts are
nearly the same and their figures alike; such copies are reported, never compared as if one were
last year's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from gklint.model import SeriesData
from gklint.series.copied import shingle_overlap, shingle_set
from gklint.series.names import body_key, merge_parents, series_settings


@dataclass(frozen=True)
class Pairing:
    previous: dict[int, int] = field(default_factory=dict)  # report → its predecessor (indexes)
    duplicates: dict[int, tuple[int, ...]] = field(default_factory=dict)  # copy → the earlier copies


def pair(
    reports: Sequence[SeriesData | None],
    groups: Mapping[int, str] | None = None,
    explicit: Mapping[int, int] | None = None,
) -> Pairing:
    """`groups`: index → a [[series]] name; `explicit`: index → the index of its --previous."""
    groups = groups or {}
    bodies = _bodies(reports, groups)
    result = Pairing()
    for members in bodies.values():
        _pair_body(reports, members, result)
    result.previous.update(explicit or {})
    return result


def _bodies(reports: Sequence[SeriesData | None], groups: Mapping[int, str]) -> dict[str, list[int]]:
    keys: dict[int, str] = {}
    for i, data in enumerate(reports):
        if data is None or data.year is None:
            continue
        if i in groups:
            keys[i] = "[series]" + groups[i]
        elif data.agency:
            keys[i] = body_key(data.agency)
    merged = merge_parents(k for k in keys.values() if not k.startswith("[series]"))
    bodies: dict[str, list[int]] = {}
    for i, key in keys.items():
        bodies.setdefault(merged.get(key, key), []).append(i)
    return bodies


def _pair_body(reports: Sequence[SeriesData | None], members: list[int], result: Pairing) -> None:
    threshold = float(series_settings()["duplicate_similarity"])
    by_year: dict[int, list[int]] = {}
    for i in members:
        by_year.setdefault(reports[i].year, []).append(i)  # type: ignore[union-attr, arg-type]
    # Each year's reports that are no one's copy, with their shingles: a copy is compared with
    # these only, so a folder holding one report many times stays linear, and only they are kept.
    firsts: dict[int, dict[int, set[str]]] = {}
    for year, same in by_year.items():
        kept = firsts[year] = {}
        for i in same:
            mine = _Lazy(reports[i])
            earlier = tuple(
                j
                for j, theirs in kept.items()
                if _copies(reports[i], reports[j]) and mine.overlap(theirs) >= threshold
            )
            if earlier:
                result.duplicates[i] = earlier
            else:
                kept[i] = mine.shingles()
    years = sorted(by_year)
    for before, year in zip(years, years[1:], strict=False):
        candidates = firsts[before]
        for i in by_year[year]:
            if len(candidates) == 1:
                result.previous[i] = next(iter(candidates))
                continue
            mine = _Lazy(reports[i])
            result.previous[i] = max(candidates, key=lambda j: (mine.overlap(candidates[j]), -j))


class _Lazy:
    """One report's shingles, made when first needed."""

    def __init__(self, data: SeriesData | None) -> None:
        self.data = data
        self._set: set[str] | None = None

    def shingles(self) -> set[str]:
        if self._set is None:
            self._set = shingle_set(s.text for s in self.data.sentences) if self.data else set()
        return self._set

    def overlap(self, other: set[str]) -> float:
        return shingle_overlap(self.shingles(), other)


def _copies(a: SeriesData | None, b: SeriesData | None) -> bool:
    """The same figures: a republished copy if the text is nearly the same too (two reports of one
    template with other figures are two reports)."""
    if a is None or b is None:
        return False
    figures = {c.id: c.raw for c in a.cells}
    return all(figures.get(c.id, c.raw) == c.raw for c in b.cells)
