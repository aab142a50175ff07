"""Fit the values found after a row label to the row's columns, or say that they do not fit.

Never a guess: a row is aligned only when there is one way to do it.
- Separated cells: the row's cells plus empty padding cells next to the label or at the end; if
  several windows of the row's width leave only empty cells outside, they must all agree.
- Space-separated numbers: as many as there are columns.
- Flattened digit runs ("0000000", "规章007"): split into as many cells as there are columns when
  exactly one split has no cell with a leading zero ("07") and a minus sign only at a cell's start;
  where several do, and the row has a total column ("640020470": 64,0,0,2,0,4 and total 70), when
  exactly one of them adds up. A row whose total is wrong then stays unaligned: never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from gklint.model import Value
from gklint.tables.values import parse_value


class Tok(NamedTuple):
    """A value candidate with its place in the normalised text (a named tuple: hundreds are made
    per report, and a tuple is made several times faster than a frozen dataclass)."""

    text: str
    start: int
    end: int
    explicit: bool
    optional: bool = False  # text that may be a value ("not a number") or a piece of the label

    @property
    def value(self) -> Value:
        return parse_value(self.text)


Sum = tuple[int, tuple[int, ...]]  # (index of a total column, indexes of its parts)


def fit(
    tokens: list[Tok], width: int, signed: frozenset[int] = frozenset(), sums: tuple[Sum, ...] = ()
) -> list[Tok] | None:
    """The row's `width` cells, in order, or None when they cannot be aligned with confidence.
    `signed` holds the indexes of columns that take a signed change ("增 4", "-18"); `sums` the
    totals of the row, used only to choose among several splits of a digit run."""
    if width <= 0:
        return None
    if len(tokens) == width:
        return tokens
    if tokens and all(t.explicit for t in tokens):
        return _fit_cells(tokens, width)
    if len(tokens) < width:
        if sums:
            by_total = _by_total(tokens, width, sums)
            if by_total is not None:
                return by_total[1] if by_total[0] == 1 else None
        count, cells = split_runs(tokens, width, signed)
        if count == 1 and len(tokens) > 1 and not _adds_up(cells, sums):
            return None  # several numbers cut to fill the row, and its total says the cut is wrong
        if count == 1:
            return cells
        return _split_by_sums(tokens, width, sums) if count > 1 and sums else None
    return None


def _fit_cells(cells: list[Tok], width: int) -> list[Tok] | None:
    if len(cells) < width:
        return None
    # The windows with only blank cells outside them: those between the last filled cell and the
    # first (tested once each, not again for every window: quadratic on a long row).
    filled = [i for i, c in enumerate(cells) if c.text.strip()]  # the cells not blank
    lo, hi = (filled[0], filled[-1]) if filled else (len(cells), -1)
    windows = [cells[s : s + width] for s in range(max(0, hi - width + 1), min(lo, len(cells) - width) + 1)]
    if len(windows) < 2:  # none, or one (a row's cells and blank ones after them): nothing to agree with
        return windows[0] if windows else None
    first = [c.text.strip() for c in windows[0]]
    if all([c.text.strip() for c in w] == first for w in windows[1:]):
        return windows[0]
    return None


_MAX_DIGITS = 12  # no table cell is longer; bounds the work on pathological input
_CHANGE_PREFIX = re.compile(r"^(?:增加?|减少?)\s*")

_Ways = dict[int, tuple[int, list[Tok]]]  # columns filled -> (ways capped at 2, cells if unique)


def split_runs(tokens: list[Tok], width: int, signed: frozenset[int]) -> tuple[int, list[Tok]]:
    """How many ways (0, 1, or 2 for several) the digit runs split into `width` cells with no cell
    with a leading zero and a sign or 增/减 only in a signed column; the cells when one."""
    if not tokens:
        return 0, []
    if sum(len(t.text) for t in tokens) == width and all(t.text.isdigit() for t in tokens):
        # a digit a column ("0000000", flattened one-digit numbers): the one split, a cell a digit
        # (a cell has a digit at least, and a digit alone is a valid cell in any column)
        return 1, [
            Tok(t.text[i], t.start + i, t.start + i + 1, False) for t in tokens for i in range(len(t.text))
        ]
    ways: _Ways = {0: (1, [])}
    # the most cells the tokens after each one can make (a cell has a character at least)
    most_after = list(accumulate([max(len(t.text), 1) for t in tokens[:0:-1]], initial=0))[::-1]
    for k, token in enumerate(tokens):
        # the columns this token may end at: the tokens after it make a cell each at least
        ends = (width - most_after[k], width - (len(tokens) - k - 1))
        nxt: _Ways = {}
        for start, (count, cells) in ways.items():
            for end, (kcount, kcells) in _token_splits(token, start, width, signed, ends).items():
                prev = nxt.get(end, (0, []))
                total = min(prev[0] + count * kcount, 2)
                nxt[end] = (total, cells + kcells if total == 1 else [])
        ways = nxt
    return ways.get(width, (0, []))


def _token_splits(
    token: Tok, first_column: int, width: int, signed: frozenset[int], ends: tuple[int, int]
) -> _Ways:
    """Ways to cut one token into cells placed from `first_column` on, by the column after it;
    only those ending within `ends` (the first and the last such column) are worked out."""
    text = token.text
    prefix = _CHANGE_PREFIX.match(text)
    plain = text.lstrip("-").isdigit()
    if not plain and not (prefix and text[prefix.end() :].isdigit()):
        return {first_column + 1: (1, [token])} if first_column < width else {}  # decimals, units: one cell
    if len(text) > (width - first_column) * (_MAX_DIGITS + 1):
        return {}  # too long to fill the remaining columns: no valid cut (and no quadratic work)
    # forward dynamic programming over (position in the token, column); a way is kept as its
    # cuts (start, end), made into cells only for the ways that fill the token
    states: dict[int, dict[int, tuple[int, list[tuple[int, int]]]]] = {0: {first_column: (1, [])}}
    cells_from: dict[tuple[int, bool], list[int]] = {}  # the cells from a place: the same for every column
    for i in range(len(text)):
        for column, (count, cuts) in states.pop(i, {}).items():  # by position: each reached once
            key = (i, column in signed)
            if key not in cells_from:
                cells_from[key] = _cuts(text, i, key[1], prefix.end() if prefix and i == 0 else 0)
            for j in cells_from[key]:
                if not (column + 1 + len(text) - j >= ends[0] and column + 1 <= ends[1]):
                    continue  # the rest of the token cannot end within `ends` from there
                after = states.setdefault(j, {})
                total = min(after.get(column + 1, (0, []))[0] + count, 2)
                after[column + 1] = (total, cuts + [(i, j)] if total == 1 else [])
    at = token.start
    return {
        column: (count, [Tok(text[a:b], at + a, at + b, False) for a, b in cuts])
        for column, (count, cuts) in states.get(len(text), {}).items()
    }


def _cuts(text: str, i: int, signed: bool, prefix: int) -> list[int]:
    """Ends j of the valid cells text[i:j] starting at i."""
    if prefix and not signed:
        return []
    start = i + prefix
    if text[start] == "-":
        if not signed:
            return []
        start += 1
    if start >= len(text) or not text[start].isdigit():
        return []
    if text[start] == "0":
        return [start + 1]  # a zero is a cell alone: no number has a leading zero
    end, limit = start + 1, min(len(text), start + _MAX_DIGITS)
    while end < limit and text[end].isdigit():
        end += 1
    return list(range(start + 1, end + 1))  # every cell of at most _MAX_DIGITS digits


_MAX_STEPS = 10_000  # cuts tried against the sums; beyond it the row stays unaligned (bounded work)
# A row of digit runs only, of at most this many digits, is searched with a cut dropped as soon
# as the digits left are fewer than the columns left. The answer is the same: what is dropped
# holds no split (a cell needs a digit), so the splits are found in the same order; and the
# search cannot run out of steps, with or without the check. A step places a cell: it is a
# partial split ending after some digit p of the n, with a cut or not after each digit before
# p (the runs' ends are cuts), all different, so at most 2^0 + ... + 2^(n-1) = 2^n - 1 = 8191
# < _MAX_STEPS steps. So the whole search, and the count when the quick one stops early, answer
# the one split that adds up, or None for none or several, however many steps either takes.
_PRUNED_DIGITS = 13


class _SumSearch:
    """Splits of the digit runs (no leading zero, no sign) into `width` cells, depth first, each
    total checked as soon as its cell is placed; stops at the second split that adds up or when
    the step budget is spent."""

    def __init__(
        self, tokens: list[Tok], width: int, sums: tuple[Sum, ...], budget: int = _MAX_STEPS
    ) -> None:
        self.tokens, self.width = tokens, width
        self.totals = {total: parts for total, parts in sums}
        self.cells: list[Tok | tuple[int, int, int]] = []  # a token, or a cut (token, start, end)
        self.numbers: list[int | None] = []
        self.found: list[list[Tok]] = []
        self.steps, self.budget = 0, budget
        self.spent = False  # whether the search stopped for its budget
        self.ends: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (token, at) -> (end, number)
        self.room = list(accumulate((len(t.text) for t in reversed(tokens)), initial=0))[::-1]
        self.prune = all(t.text.isdigit() for t in tokens) and self.room[0] <= _PRUNED_DIGITS

    def result(self) -> list[Tok] | None:
        finished = self.walk(0)
        return self.found[0] if finished and len(self.found) == 1 else None

    def walk(self, k: int) -> bool:
        """False when the search stopped early (budget spent, or a second split found)."""
        if k == len(self.tokens):
            if len(self.cells) == self.width:  # cells are made only for the splits found
                self.found.append([c if isinstance(c, Tok) else self.cell(*c) for c in self.cells])
            return len(self.found) < 2
        token = self.tokens[k]
        left = self.width - len(self.cells) - (len(self.tokens) - k - 1)  # later tokens need a cell each
        if token.text.isdigit():
            return self.cut(k, 0, left)
        return left < 1 or self.place(token, _whole(token), k + 1, 0)

    def cell(self, k: int, i: int, j: int) -> Tok:
        token = self.tokens[k]
        return Tok(token.text[i:j], token.start + i, token.start + j, False)

    def cut(self, k: int, i: int, left: int) -> bool:
        text = self.tokens[k].text
        if i == len(text):
            return self.walk(k + 1)
        if len(text) - i > left * _MAX_DIGITS:
            return True  # too long for the cells left: no split from here
        if self.prune and len(text) - i + self.room[k + 1] < self.width - len(self.cells):
            return True  # too few digits left for the columns left (a cell needs one)
        for j, number in self.cells_at(k, i) if left > 0 else ():
            if not self.place((k, i, j), number, k, j, left - 1):
                return False
        return True

    def cells_at(self, k: int, i: int) -> list[tuple[int, int]]:
        """The cells a cut can make from position `i` of token `k`: their ends and numbers (the
        search comes back to the same place by many ways: worked out once)."""
        found = self.ends.get((k, i))
        if found is None:
            text = self.tokens[k].text
            found = self.ends[(k, i)] = [(j, int(text[i:j])) for j in _cuts(text, i, False, 0)]
        return found

    def place(
        self, cell: Tok | tuple[int, int, int], number: int | None, k: int, j: int, left: int = 0
    ) -> bool:
        self.steps += 1
        if self.steps >= self.budget:
            self.spent = True
            return False
        column = len(self.cells)
        parts = self.totals.get(column)
        if parts is not None:
            values = [self.numbers[p] for p in parts]
            if number is None or None in values or number != sum(values):  # type: ignore[arg-type]
                return True  # this total does not add up: not a split to keep
        self.cells.append(cell)
        self.numbers.append(number)
        go_on = self.cut(k, j, left) if j else self.walk(k)
        self.cells.pop()
        self.numbers.pop()
        return go_on


def _by_total(tokens: list[Tok], width: int, sums: tuple[Sum, ...]) -> tuple[int, list[Tok]] | None:
    """A flattened row of one run of at most _PRUNED_DIGITS digits whose last column is the total
    of all the others (table 三's rows, table 四's blocks): (1, its cells) when exactly one split
    adds up, (2, []) when several do, or None (not such a row, or no split adds up: `fit` decides).

    What `fit` answers then: a split that adds up is a split, so with one, either it is the row's
    only split (which `fit` takes) or the row has several, and the search by sums takes the one
    that adds up (exactly: it cannot run out of steps on so few digits, see _PRUNED_DIGITS); with
    several, the row has several splits, none taken. Found from the total: a cell ending the run,
    with a digit left for each part, then the parts adding up to it (few totals; each part at most
    what is left of it): a few dozen steps, not the search's hundreds of cells placed."""
    if len(tokens) != 1 or sums != _last_is_total(width):
        return None
    token = tokens[0]
    text = token.text
    if not (text.isascii() and text.isdigit()) or not width < len(text) <= _PRUNED_DIGITS:
        return None  # (a digit a column, or fewer: split_runs answers at once)
    found: list[list[tuple[int, int]]] = []
    for j in range(len(text) - 1, max(width - 2, len(text) - 1 - _MAX_DIGITS), -1):  # the total's start
        if text[j] == "0" and j < len(text) - 1:
            continue  # a leading zero
        for parts in _parts(text, 0, j, width - 1, int(text[j:])):
            found.append([*parts, (j, len(text))])
            if len(found) == 2:
                return 2, []
    if not found:
        return None
    at = token.start
    return 1, [Tok(text[a:b], at + a, at + b, False) for a, b in found[0]]


def _parts(text: str, i: int, end: int, count: int, left: int) -> Iterator[list[tuple[int, int]]]:
    """The splits of text[i:end] into `count` cells (as _cuts makes them) adding up to `left`."""
    if count == 0:
        if i == end and left == 0:
            yield []
        return
    if not count <= end - i <= count * _MAX_DIGITS:
        return  # a cell has a digit at least and _MAX_DIGITS at most
    for j in _cuts(text, i, False, 0):
        if j > end:
            return
        number = int(text[i:j])
        if number > left:
            return  # the longer cells are larger still (no leading zero)
        for rest in _parts(text, j, end, count - 1, left - number):
            yield [(i, j), *rest]


@cache
def _last_is_total(width: int) -> tuple[Sum, ...]:
    """The sums of a row whose last column is the total of all the others."""
    return ((width - 1, tuple(range(width - 1))),)


def _adds_up(cells: list[Tok], sums: tuple[Sum, ...]) -> bool:
    """Each total of the row equals the sum of its parts (True when the row has no totals)."""
    numbers = [c.value.number for c in cells]
    for total, parts in sums:
        values = [numbers[i] for i in (total, *parts)]
        if any(v is None for v in values):
            continue
        if values[0] != sum(values[1:]):  # type: ignore[arg-type]
            return False
    return True


def _split_by_sums(tokens: list[Tok], width: int, sums: tuple[Sum, ...]) -> list[Tok] | None:
    """The one split of the digit runs whose totals add up, if there is exactly one. Signs are
    not cut: the tables with totals in a row (三, 四) have no signed column."""
    if any(p >= total for total, parts in sums for p in parts):
        return None  # a total before its parts: not a layout any table has
    # Most rows are answered by the search in a few steps. When not, the splits that add up are
    # counted: none or several is what the whole search would answer (when it finished, and
    # when it ran out of steps), and a long search finds none far more often than one.
    quick = _SumSearch(tokens, width, sums, _QUICK_STEPS)
    found = quick.result()
    if not quick.spent or _SumCount(tokens, width, sums).count() in (0, 2):
        return found
    return _SumSearch(tokens, width, sums).result()  # the one split, if found within the budget


_QUICK_STEPS = 300  # the search's steps before the splits are counted (the rows of real reports take fewer)


def _whole(token: Tok) -> int | None:
    """A token placed whole (not a digit run) as a number a total can be checked with."""
    number = token.value.number
    return int(number) if number is not None and number == int(number) else None


class _Spent(Exception):
    """The count's step budget is spent."""


class _SumCount:
    """How many splits of the digit runs into `width` cells have every total equal to the sum of
    its parts: 0, 1, or 2 for several; None when not known within the step budget.

    The splits are _SumSearch's (the cells `_cuts` makes; a token that is not a run placed whole),
    counted from the row's end: a total comes after its parts, so what it still lacks bounds each
    of them (when no number is negative), is the number of the first one, and must be reachable
    by the digits left. A row whose runs add up in no way, the common long search, is known after
    a few dozen steps."""

    def __init__(self, tokens: list[Tok], width: int, sums: tuple[Sum, ...]) -> None:
        self.tokens, self.width = tokens, width
        self.runs = [t.text.isdigit() for t in tokens]
        self.numbers = [None if run else _whole(t) for t, run in zip(tokens, self.runs, strict=True)]
        self.bounded = all(n is None or n >= 0 for n in self.numbers)  # a part is at most its total
        self.totals = dict(sums)  # as the search's: a total named twice has its last parts
        self.part_of: dict[int, list[int]] = {}  # column -> the totals it is a part of
        self.done_at: dict[int, list[int]] = {}  # column -> the totals it is the first part of
        for total, parts in self.totals.items():
            for p in parts:
                self.part_of.setdefault(p, []).append(total)
            self.done_at.setdefault(min(parts, default=total), []).append(total)
        # at each column, the totals placed with some parts still to place, and how many
        self.open = [
            [(t, sum(p <= column for p in parts)) for t, parts in self.totals.items() if t > column]
            for column in range(width)
        ]
        # whether the tokens up to each one are all runs (the columns left then hold run cells
        # only), and the fewest and the most cells and the digits of the tokens before each one
        self.only_runs = [all(self.runs[: k + 1]) for k in range(len(tokens))]
        self.fewest, self.most, self.digits = [0], [0], [0]
        for t, run in zip(tokens, self.runs, strict=True):
            self.fewest.append(self.fewest[-1] + (-(-len(t.text) // _MAX_DIGITS) if run else 1))
            self.most.append(self.most[-1] + (len(t.text) if run else 1))
            self.digits.append(self.digits[-1] + (len(t.text) if run else 0))
        self.lacks = [0] * width  # per total placed: what its parts not yet placed must add up to
        self.steps = 0

    def count(self) -> int | None:
        k = len(self.tokens) - 1
        try:
            return self.ways(k, self.end(k), self.width - 1)
        except _Spent:
            return None

    def end(self, k: int) -> int:
        return len(self.tokens[k].text) if k >= 0 else 0

    def ways(self, k: int, i: int, column: int) -> int:
        """The splits (0, 1, 2 for several) filling the columns up to `column` with the tokens up
        to `k` (of a run, its first `i` digits)."""
        if k < 0:
            return int(column < 0)
        run = self.runs[k]
        fewest = self.fewest[k] + (-(-i // _MAX_DIGITS) if run else 1)
        most = self.most[k] + (i if run else 1)
        if not fewest <= column + 1 <= most:
            return 0  # the columns left cannot hold what is left of the tokens
        if self.only_runs[k]:
            # the parts left of a total: at most as many digits each as the run cells of the
            # columns left can have, so less than this
            most_digits = self.digits[k] + i - column
            if any(parts and self.lacks[t] >= parts * 10**most_digits for t, parts in self.open[column]):
                return 0
        return self.cells(k, i, column) if run else self.place(column, self.numbers[k], k - 1)

    def cells(self, k: int, i: int, column: int) -> int:
        """The splits with a cell of run `k` ending at `i` in `column`."""
        text = self.tokens[k].text
        found = 0
        for j in self.starts(text, i, column):
            found += (
                self.place(column, int(text[j:i]), k, j) if j else self.place(column, int(text[:i]), k - 1)
            )
            if found >= 2:
                return 2
        return found

    def starts(self, text: str, i: int, column: int) -> list[int]:
        """Where a cell of `column` ending at `i` can start: as _cuts allows (shortest first), no
        larger than its totals still lack, and, in the first part of a total, just that."""
        first = [t for t in self.done_at.get(column, ()) if t != column]
        if first:
            number = str(self.lacks[first[0]])
            j = i - len(number)
            return [j] if j >= 0 and len(number) <= _MAX_DIGITS and text[j:i] == number else []
        bounds = [self.lacks[t] for t in self.part_of.get(column, ())] if self.bounded else []
        limit = min(bounds, default=None)
        found = []
        for j in range(i - 1, max(i - _MAX_DIGITS, 0) - 1, -1):
            if text[j] == "0" and j < i - 1:
                continue  # a leading zero
            if limit is not None and int(text[j:i]) > limit:
                break  # the longer cells are larger still
            found.append(j)
        return found

    def place(self, column: int, number: int | None, k: int, i: int | None = None) -> int:
        """The splits with `number` in `column`, the tokens up to `k` (of a run, its first `i`
        digits, else all of it) filling the columns before it."""
        self.steps += 1
        if self.steps >= _MAX_STEPS:
            raise _Spent
        parts_of = self.part_of.get(column, ())
        if number is None and (parts_of or column in self.totals):
            return 0  # not a number a total can be checked with
        kept = [self.lacks[t] for t in parts_of]
        for t in parts_of:
            self.lacks[t] -= number  # type: ignore[operator]
        if column in self.totals:
            kept.append(self.lacks[column])
            self.lacks[column] = number  # type: ignore[assignment]
        found = 0
        if all(self.lacks[t] == 0 for t in self.done_at.get(column, ())):
            found = self.ways(k, self.end(k) if i is None else i, column - 1)
        if column in self.totals:
            self.lacks[column] = kept.pop()
        for t, lacked in zip(parts_of, kept, strict=True):
            self.lacks[t] = lacked
        return found
