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
        count, cells = split_runs(tokens, width, signed)
        if count == 1 and len(tokens) > 1 and not _adds_up(cells, sums):
            return None  # several numbers cut to fill the row, and its total says the cut is wrong
        if count == 1:
            return cells
        return _split_by_sums(tokens, width, sums) if count > 1 and sums else None
    return None


def _blank(t: Tok) -> bool:
    return not t.text.strip()


def _fit_cells(cells: list[Tok], width: int) -> list[Tok] | None:
    if len(cells) < width:
        return None
    # The windows with only blank cells outside them: those between the last filled cell and the
    # first (tested once each, not again for every window: quadratic on a long row).
    filled = [i for i, c in enumerate(cells) if not _blank(c)]
    lo, hi = (filled[0], filled[-1]) if filled else (len(cells), -1)
    windows = [cells[s : s + width] for s in range(max(0, hi - width + 1), min(lo, len(cells) - width) + 1)]
    if not windows:
        return None
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
    ways: _Ways = {0: (1, [])}
    for token in tokens:
        nxt: _Ways = {}
        for start, (count, cells) in ways.items():
            for end, (kcount, kcells) in _token_splits(token, start, width, signed).items():
                prev = nxt.get(end, (0, []))
                total = min(prev[0] + count * kcount, 2)
                nxt[end] = (total, cells + kcells if total == 1 else [])
        ways = nxt
    return ways.get(width, (0, []))


def _token_splits(token: Tok, first_column: int, width: int, signed: frozenset[int]) -> _Ways:
    """Ways to cut one token into cells placed from `first_column` on, by the column after it."""
    text = token.text
    prefix = _CHANGE_PREFIX.match(text)
    plain = text.lstrip("-").isdigit()
    if not plain and not (prefix and text[prefix.end() :].isdigit()):
        return {first_column + 1: (1, [token])} if first_column < width else {}  # decimals, units: one cell
    if len(text) > (width - first_column) * (_MAX_DIGITS + 1):
        return {}  # too long to fill the remaining columns: no valid cut (and no quadratic work)
    # forward dynamic programming over (position in the token, column); a way is kept as its
    # cuts (start, end), made into cells only for the ways that fill the token
    states: dict[tuple[int, int], tuple[int, list[tuple[int, int]]]] = {(0, first_column): (1, [])}
    result: _Ways = {}
    for i in range(len(text)):
        for column in range(first_column, width):
            here = states.pop((i, column), None)
            if here is None:
                continue
            for j in _cuts(text, i, column in signed, prefix.end() if prefix and i == 0 else 0):
                key = (j, column + 1)
                prev = states.get(key, (0, []))
                total = min(prev[0] + here[0], 2)
                states[key] = (total, here[1] + [(i, j)] if total == 1 else [])
    at = token.start
    for (i, column), (count, cuts) in states.items():
        if i == len(text):
            result[column] = (count, [Tok(text[a:b], at + a, at + b, False) for a, b in cuts])
    return result


def _cuts(text: str, i: int, signed: bool, prefix: int) -> list[int]:
    """Ends j of the valid cells text[i:j] starting at i."""
    if prefix and not signed:
        return []
    start = i + prefix
    if text[start] == "-":
        if not signed:
            return []
        start += 1
    ends = []
    for j in range(start + 1, min(len(text), start + _MAX_DIGITS) + 1):
        digits = text[start:j]
        if not digits.isdigit() or (len(digits) > 1 and digits[0] == "0"):
            break
        ends.append(j)
    return ends


_MAX_STEPS = 10_000  # cuts tried against the sums; beyond it the row stays unaligned (bounded work)


class _SumSearch:
    """Splits of the digit runs (no leading zero, no sign) into `width` cells, depth first, each
    total checked as soon as its cell is placed; stops at the second split that adds up or when
    the step budget is spent."""

    def __init__(self, tokens: list[Tok], width: int, sums: tuple[Sum, ...]) -> None:
        self.tokens, self.width = tokens, width
        self.totals = {total: parts for total, parts in sums}
        self.cells: list[Tok | tuple[int, int, int]] = []  # a token, or a cut (token, start, end)
        self.numbers: list[int | None] = []
        self.found: list[list[Tok]] = []
        self.steps = 0
        self.ends: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (token, at) -> (end, number)

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
        number = token.value.number
        whole = int(number) if number is not None and number == int(number) else None
        return left < 1 or self.place(token, whole, k + 1, 0)

    def cell(self, k: int, i: int, j: int) -> Tok:
        token = self.tokens[k]
        return Tok(token.text[i:j], token.start + i, token.start + j, False)

    def cut(self, k: int, i: int, left: int) -> bool:
        text = self.tokens[k].text
        if i == len(text):
            return self.walk(k + 1)
        if len(text) - i > left * _MAX_DIGITS:
            return True  # too long for the cells left: no split from here
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
        if self.steps >= _MAX_STEPS:
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
    return _SumSearch(tokens, width, sums).result()
