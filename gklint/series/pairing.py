"""A batch's reports paired with their predecessors: the same body's nearest earlier report.

Reports are one body's when the configuration's [[series]] says so, or when their agency names
are the same once normalised (names.body_key; a name with its parent before it is merged with the
name alone). Two reports of one body and year are a republished copy when their texts are
nearly the same and their figures alike; such copies are reported, never compared as if one were
last year's.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from gklint.model import SeriesData, SeriesKey
from gklint.series.copied import shingle_overlap, shingle_set, shingle_size
from gklint.series.names import body_key, merge_parents, series_settings


@dataclass(frozen=True)
class Pairing:
    """Which report follows which (by index), and which are copies of which."""

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


class Texts(NamedTuple):
    """What pairing needs of a report (the series store keeps it beside the data): its distinct
    sentences and its figures (cell id, raw)."""

    sentences: tuple[str, ...]
    figures: tuple[tuple[str, str], ...]


def texts_of(data: SeriesData | None) -> Texts:
    if data is None:
        return Texts((), ())
    figures = {c.id: c.raw for c in data.cells}
    return Texts(tuple(dict.fromkeys(s.text for s in data.sentences)), tuple(figures.items()))


@dataclass(slots=True)
class _Full:
    """A text's shingles, each numbered (sorted numbers); its sentences while it may be a base."""

    numbers: array[int]
    sentences: frozenset[str] | None


@dataclass(slots=True)
class _Delta:
    """A near copy of a base text of its year: the base's shingles less `gone`, plus `new`."""

    base: str  # its content digest
    full: _Full
    gone: frozenset[int]
    new: frozenset[int]
    size: int


DELTA_CHARS = 400  # sentences apart from the base's beyond this: the text is numbered whole


class Stored:
    """Relations of reports known by their SeriesKeys, their texts loaded (`load`: index →
    Texts) only where a relation needs them, and each answer worked out once per distinct
    content: a folder holding one report many times loads it once. A text's shingles are kept
    as numbers (each distinct shingle numbered once), a twentieth of a set of strings; a near
    copy of a text of its year (a republished report: a line added) is kept as the few shingles
    it lacks and adds, its overlaps counted from the base's (exactly: see `_delta`)."""

    def __init__(self, keys: Sequence[SeriesKey | None], load: Callable[[int], Texts | None]) -> None:
        self.keys, self.load = keys, load
        self._figures: dict[str, dict[str, str]] = {}
        self._sentences: dict[str, frozenset[str]] = {}  # loaded, not yet numbered
        self._texts: dict[str, _Full | _Delta] = {}
        self._numbers: dict[str, int] = {}  # shingle → its number
        self._current: tuple[str, set[int]] = ("", set())  # the shingles asked about in a row, as a set
        self._copies: dict[tuple[str, str], bool] = {}
        self._overlaps: dict[tuple[str, str], float] = {}
        self._common: dict[tuple[str, str], int] = {}  # shingles two whole texts share

    def _key(self, i: int) -> SeriesKey:
        key = self.keys[i]
        assert key is not None  # pairing asks only about reports with a body and a year
        return key

    def _load(self, i: int) -> None:
        key, texts = self._key(i), self.load(i) or Texts((), ())
        self._figures[key.figures] = dict(texts.figures)
        if key.content not in self._texts:
            self._sentences[key.content] = frozenset(texts.sentences)

    def copies(self, i: int, j: int) -> bool:
        a, b = self._key(i).figures, self._key(j).figures
        if a == b:
            return True
        pair = (a, b) if a < b else (b, a)
        if pair not in self._copies:
            for k, digest in ((i, a), (j, b)):
                if digest not in self._figures:
                    self._load(k)
            theirs = self._figures[b]
            self._copies[pair] = all(theirs.get(cid, raw) == raw for cid, raw in self._figures[a].items())
        return self._copies[pair]

    def overlap(self, i: int, j: int) -> float:
        a, b = self._key(i), self._key(j)
        if a.content == b.content:
            return 1.0 if a.sentences else 0.0  # the same shingles
        pair = (a.content, b.content) if a.content < b.content else (b.content, a.content)
        if pair not in self._overlaps:
            theirs = self._text(j, i)  # the earlier report (kept, or last year's) first: a base
            mine = self._text(i, j)
            small = min(_size(mine), _size(theirs))  # shingle_overlap's measure
            self._overlaps[pair] = self._shared(a.content, b.content) / small if small else 0.0
        return self._overlaps[pair]

    def _text(self, i: int, other: int) -> _Full | _Delta:
        key = self._key(i)
        if key.content in self._texts:
            return self._texts[key.content]
        if key.content not in self._sentences:
            self._load(i)
        sentences = self._sentences.pop(key.content)
        base_key = self._key(other)
        base = self._texts.get(base_key.content)
        text: _Full | _Delta | None = None
        if isinstance(base, _Full) and base.sentences is not None and base_key.year == key.year:
            text = self._delta(sentences, base_key.content, base)
        if text is None:
            text = self._number(shingle_set(sentences), sentences)
        self._texts[key.content] = text
        return text

    def _number(self, shingles: Iterable[str], sentences: frozenset[str] | None) -> _Full:
        numbers = self._numbers
        return _Full(array("i", sorted(numbers.setdefault(sh, len(numbers)) for sh in shingles)), sentences)

    def _delta(self, sentences: frozenset[str], base_content: str, base: _Full) -> _Delta | None:
        """`sentences` as a near copy of `base`, or None when they are too far apart. Exact: the
        shingles it adds are those of its own sentences the base lacks; those it lacks are those
        of the base's own sentences found in none of its sentences (a shingle of full length is
        in a sentence when it is a substring of one; a shorter one is a whole sentence)."""
        assert base.sentences is not None
        mine, theirs = sentences - base.sentences, base.sentences - sentences
        if sum(map(len, mine)) + sum(map(len, theirs)) > DELTA_CHARS:
            return None
        own = shingle_set(mine)
        numbers = self._numbers
        new = frozenset(n for sh in own if not _has(base.numbers, n := numbers.setdefault(sh, len(numbers))))
        gone: frozenset[int] = frozenset()
        if theirs:
            common = sentences & base.sentences
            joined, k = "\n".join(common), shingle_size()  # no sentence holds a line break
            gone = frozenset(
                numbers[sh]
                for sh in shingle_set(theirs)
                if sh not in own and not (sh in joined if len(sh) == k else sh in common)
            )
        return _Delta(base_content, base, gone, new, len(base.numbers) - len(gone) + len(new))

    def _shared(self, a: str, b: str) -> int:
        """How many shingles the texts of two contents share."""
        ta, tb = self._texts[a], self._texts[b]
        if isinstance(ta, _Full):
            (a, ta), (b, tb) = (b, tb), (a, ta)
        if isinstance(ta, _Full):
            return self._whole(a, ta, b, tb)  # type: ignore[arg-type]
        if isinstance(tb, _Delta):  # two near copies of other bases: one is numbered whole
            tb = self._texts[b] = self._materialize(tb)
        if ta.base == b:
            return len(tb.numbers) - len(ta.gone)
        common = self._whole(ta.base, ta.full, b, tb)
        return common - _count(ta.gone, tb.numbers) + _count(ta.new, tb.numbers)

    def _whole(self, a: str, ta: _Full, b: str, tb: _Full) -> int:
        pair = (a, b) if a < b else (b, a)
        if pair not in self._common:
            if self._current[0] != a:
                self._current = (a, set(ta.numbers))
            self._common[pair] = len(self._current[1].intersection(tb.numbers))
        return self._common[pair]

    def _materialize(self, d: _Delta) -> _Full:
        numbers = (set(d.full.numbers) - d.gone) | d.new
        return _Full(array("i", sorted(numbers)), None)

    def forget(self, reports: Sequence[int]) -> None:
        for i in reports:
            key = self._key(i)
            self._texts.pop(key.content, None)
            self._sentences.pop(key.content, None)
            self._figures.pop(key.figures, None)


def _size(text: _Full | _Delta) -> int:
    return len(text.numbers) if isinstance(text, _Full) else text.size


def _has(numbers: array[int], n: int) -> bool:
    """Whether sorted `numbers` hold n."""
    at = bisect_left(numbers, n)
    return at < len(numbers) and numbers[at] == n


def _count(few: frozenset[int], numbers: array[int]) -> int:
    return sum(_has(numbers, n) for n in few)


def same_figures(a: SeriesData | None, b: SeriesData | None) -> bool:
    """Two reports' figures agree wherever both have a cell."""
    if a is None or b is None:
        return False
    figures = {c.id: c.raw for c in a.cells}
    return all(figures.get(c.id, c.raw) == c.raw for c in b.cells)
