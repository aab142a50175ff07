"""A batch's reports paired with their predecessors: the same body's nearest earlier report.

Reports are one body's when the configuration's [[series]] says so, or when their agency names
are the same once normalised (names.body_key; a name with its parent before it is merged with the
name alone). Two reports of one body and year are a republished copy when their texts are
nearly the same and their figures alike; such copies are reported, never compared as if one were
last year's.
"""

from __future__ import annotations

from array import array
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

    def forget(self, reports: Sequence[int]) -> None:
        """These reports' texts are not asked about again: what was kept of them may go."""


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
    # Year after year: each year's reports that are no one's copy (a copy is compared with these
    # only, so a folder holding one report many times stays linear), then each report's
    # predecessor among the year before's; what is known of that year's texts is then let go.
    candidates: list[int] = []
    before: list[int] = []
    for year in sorted(by_year):
        kept: list[int] = []
        for i in by_year[year]:
            earlier = tuple(j for j in kept if rel.copies(i, j) and rel.overlap(i, j) >= threshold)
            if earlier:
                result.duplicates[i] = earlier
            else:
                kept.append(i)
        for i in by_year[year] if candidates else ():
            one = len(candidates) == 1  # no need to read the texts
            result.previous[i] = (
                candidates[0] if one else max(candidates, key=lambda j: (rel.overlap(i, j), -j))
            )
        rel.forget(before)
        candidates, before = kept, by_year[year]


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

    def forget(self, reports: Sequence[int]) -> None:
        for i in reports:
            self._shingles.pop(i, None)


class Stored:
    """Relations of reports known by their SeriesKeys, their data loaded (`load`: index → data)
    only where a relation needs it, and each answer worked out once per distinct content: a
    folder holding one report many times loads it once. A text's shingles are kept as numbers
    (each distinct shingle numbered once), a twentieth of a set of strings: a year with hundreds
    of candidates stays small."""

    def __init__(self, keys: Sequence[SeriesKey | None], load: Callable[[int], SeriesData | None]) -> None:
        self.keys, self.load = keys, load
        self._figures: dict[str, dict[str, str]] = {}
        self._shingles: dict[str, array[int]] = {}
        self._numbers: dict[str, int] = {}  # shingle → its number
        self._current: tuple[str, set[int]] = ("", set())  # the shingles asked about in a row, as a set
        self._copies: dict[tuple[str, str], bool] = {}
        self._overlaps: dict[tuple[str, str], float] = {}

    def _key(self, i: int) -> SeriesKey:
        key = self.keys[i]
        assert key is not None  # pairing asks only about reports with a body and a year
        return key

    def _data(self, i: int) -> None:
        key, data = self._key(i), self.load(i)
        self._figures[key.figures] = {c.id: c.raw for c in data.cells} if data else {}
        found = shingle_set(s.text for s in data.sentences) if data else set()
        numbers = self._numbers
        self._shingles[key.content] = array("i", (numbers.setdefault(sh, len(numbers)) for sh in found))

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
            if self._current[0] != a.content:
                self._current = (a.content, set(self._shingles[a.content]))
            mine, theirs = self._current[1], self._shingles[b.content]
            small = min(len(mine), len(theirs))  # shingle_overlap's measure
            self._overlaps[pair] = len(mine.intersection(theirs)) / small if small else 0.0
        return self._overlaps[pair]

    def forget(self, reports: Sequence[int]) -> None:
        for i in reports:
            key = self._key(i)
            self._shingles.pop(key.content, None)
            self._figures.pop(key.figures, None)


def same_figures(a: SeriesData | None, b: SeriesData | None) -> bool:
    """Two reports' figures agree wherever both have a cell."""
    if a is None or b is None:
        return False
    figures = {c.id: c.raw for c in a.cells}
    return all(figures.get(c.id, c.raw) == c.raw for c in b.cells)
