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
    similar = _Similarity(reports)
    by_year: dict[int, list[int]] = {}
    for i in members:
        by_year.setdefault(reports[i].year, []).append(i)  # type: ignore[union-attr, arg-type]
    for same in by_year.values():
        # a copy is compared with the year's first reports only, not with every earlier copy:
        # a folder holding one report many times stays linear
        firsts: list[int] = []
        for i in same:
            earlier = tuple(
                j for j in firsts if _copies(reports[i], reports[j]) and similar(i, j) >= threshold
            )
            if earlier:
                result.duplicates[i] = earlier
            else:
                firsts.append(i)
    years = sorted(by_year)
    for before, year in zip(years, years[1:], strict=False):
        candidates = [j for j in by_year[before] if j not in result.duplicates]
        for i in by_year[year]:
            result.previous[i] = (
                candidates[0] if len(candidates) == 1 else max(candidates, key=lambda j: (similar(i, j), -j))
            )


class _Similarity:
    """Shingle overlap of two reports' texts, each report's shingles made once."""

    def __init__(self, reports: Sequence[SeriesData | None]) -> None:
        self.reports = reports
        self.sets: dict[int, set[str]] = {}

    def _set(self, i: int) -> set[str]:
        if i not in self.sets:
            data = self.reports[i]
            self.sets[i] = shingle_set(s.text for s in data.sentences) if data else set()
        return self.sets[i]

    def __call__(self, i: int, j: int) -> float:
        return shingle_overlap(self._set(i), self._set(j))


def _copies(a: SeriesData | None, b: SeriesData | None) -> bool:
    """The same figures: a republished copy if the text is nearly the same too (two reports of one
    template with other figures are two reports)."""
    if a is None or b is None:
        return False
    figures = {c.id: c.raw for c in a.cells}
    return all(figures.get(c.id, c.raw) == c.raw for c in b.cells)
