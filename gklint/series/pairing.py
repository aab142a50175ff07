"""A batch's reports paired with their predecessors: the same body's nearest earlier report.

Reports are one body's when the configuration's [[series]] says so, or when their agency names
are the same once normalised (names.body_key; a name with its parent before it is merged with the
name alone). Two reports of one body and year are a republished copy when their texts are
nearly the same and their figures alike; such copies are reported, never compared as if one were
last year's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from gklint.model import SeriesData, SeriesKey
from gklint.series.copied import shingle_overlap, shingle_set
from gklint.series.names import body_key, merge_parents, series_settings


@dataclass(frozen=True)
class Pairing:
    previous: dict[int, int] = field(default_factory=dict)  # report → its predecessor (indexes)
    duplicates: dict[int, tuple[int, ...]] = field(default_factory=dict)  # copy → the earlier copies


class Relations(Protocol):
    """What pairing asks about two reports (by index), beyond their bodies and years."""

    def copies(self, i: int, j: int) -> bool:
        """The same figures: a republished copy if the text is nearly the same too (two reports
        of one template with other figures are two reports)."""

    def overlap(self, i: int, j: int) -> float:
        """The share of the smaller one's text shingles found in the other's."""


Named = tuple[str | None, int | None]  # a report's agency and year


def pair(
    reports: Sequence[SeriesData | None],
    groups: Mapping[int, str] | None = None,
    explicit: Mapping[int, int] | None = None,
) -> Pairing:
    """`groups`: index → a [[series]] name; `explicit`: index → the index of its --previous."""
    named = [(d.agency, d.year) if d is not None else None for d in reports]
    return pair_named(named, InMemory(reports), groups, explicit)


def pair_named(
    named: Sequence[Named | None],
    relations: Relations,
    groups: Mapping[int, str] | None = None,
    explicit: Mapping[int, int] | None = None,
) -> Pairing:
    """`pair`, for reports known by agency and year, asking `relations` about the rest."""
    groups = groups or {}
    result = Pairing()
    for members in _bodies(named, groups).values():
        _pair_body(named, members, relations, result)
    result.previous.update(explicit or {})
    return result


def _bodies(named: Sequence[Named | None], groups: Mapping[int, str]) -> dict[str, list[int]]:
    keys: dict[int, str] = {}
    for i, item in enumerate(named):
        if item is None or item[1] is None:
            continue
        if i in groups:
            keys[i] = "[series]" + groups[i]
        elif item[0]:
            keys[i] = body_key(item[0])
    merged = merge_parents(k for k in keys.values() if not k.startswith("[series]"))
    bodies: dict[str, list[int]] = {}
    for i, key in keys.items():
        bodies.setdefault(merged.get(key, key), []).append(i)
    return bodies


def _pair_body(named: Sequence[Named | None], members: list[int], rel: Relations, result: Pairing) -> None:
    threshold = float(series_settings()["duplicate_similarity"])
    by_year: dict[int, list[int]] = {}
    for i in members:
        by_year.setdefault(named[i][1], []).append(i)  # type: ignore[index, arg-type]
    # Each year's reports that are no one's copy: a copy is compared with these only, so a folder
    # holding one report many times stays linear.
    firsts: dict[int, list[int]] = {}
    for year, same in by_year.items():
        kept = firsts[year] = []
        for i in same:
            earlier = tuple(j for j in kept if rel.copies(i, j) and rel.overlap(i, j) >= threshold)
            if earlier:
                result.duplicates[i] = earlier
            else:
                kept.append(i)
    years = sorted(by_year)
    for before, year in zip(years, years[1:], strict=False):
        candidates = firsts[before]
        for i in by_year[year]:
            if len(candidates) == 1:
                result.previous[i] = candidates[0]
                continue
            result.previous[i] = max(candidates, key=lambda j: (rel.overlap(i, j), -j))


class InMemory:
    """Relations of reports whose SeriesData is at hand; each one's shingles made when first needed."""

    def __init__(self, reports: Sequence[SeriesData | None]) -> None:
        self.reports = reports
        self._shingles: dict[int, set[str]] = {}

    def shingles(self, i: int) -> set[str]:
        if i not in self._shingles:
            data = self.reports[i]
            self._shingles[i] = shingle_set(s.text for s in data.sentences) if data else set()
        return self._shingles[i]

    def copies(self, i: int, j: int) -> bool:
        return same_figures(self.reports[i], self.reports[j])

    def overlap(self, i: int, j: int) -> float:
        return shingle_overlap(self.shingles(i), self.shingles(j))


class Stored:
    """Relations of reports known by their SeriesKeys, their data loaded (`load`: index → data)
    only where a relation needs it, and each answer worked out once per distinct content: a
    folder holding one report many times loads it once."""

    def __init__(self, keys: Sequence[SeriesKey | None], load: Callable[[int], SeriesData | None]) -> None:
        self.keys, self.load = keys, load
        self._figures: dict[str, dict[str, str]] = {}
        self._shingles: dict[str, set[str]] = {}
        self._copies: dict[tuple[str, str], bool] = {}
        self._overlaps: dict[tuple[str, str], float] = {}

    def _key(self, i: int) -> SeriesKey:
        key = self.keys[i]
        assert key is not None  # pairing asks only about reports with a body and a year
        return key

    def _data(self, i: int) -> None:
        key, data = self._key(i), self.load(i)
        self._figures[key.figures] = {c.id: c.raw for c in data.cells} if data else {}
        self._shingles[key.content] = shingle_set(s.text for s in data.sentences) if data else set()

    def copies(self, i: int, j: int) -> bool:
        a, b = self._key(i).figures, self._key(j).figures
        if a == b:
            return True
        pair = (a, b) if a < b else (b, a)
        if pair not in self._copies:
            for k, digest in ((i, a), (j, b)):
                if digest not in self._figures:
                    self._data(k)
            theirs = self._figures[b]
            self._copies[pair] = all(theirs.get(cid, raw) == raw for cid, raw in self._figures[a].items())
        return self._copies[pair]

    def overlap(self, i: int, j: int) -> float:
        a, b = self._key(i), self._key(j)
        if a.content == b.content:
            return 1.0 if a.sentences else 0.0  # the same shingles
        pair = (a.content, b.content) if a.content < b.content else (b.content, a.content)
        if pair not in self._overlaps:
            for k, key in ((i, a), (j, b)):
                if key.content not in self._shingles:
                    self._data(k)
            self._overlaps[pair] = shingle_overlap(self._shingles[a.content], self._shingles[b.content])
        return self._overlaps[pair]


def same_figures(a: SeriesData | None, b: SeriesData | None) -> bool:
    """Two reports' figures agree wherever both have a cell."""
    if a is None or b is None:
        return False
    figures = {c.id: c.raw for c in a.cells}
    return all(figures.get(c.id, c.raw) == c.raw for c in b.cells)
