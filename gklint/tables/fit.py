"""Fit the values found after a row label to the row's columns, or say that they do not fit.

Never a guess: a row is aligned only when there is one way to do it.
- Separated cells: the row's cells plus empty padding cells next to the label or at the end; if
  several windows of the row's width leave only empty cells outside, they must all agree.
- Space-separated numbers: as many as there are columns.
- Flattened digit runs ("0000000", "规章007"): split into as many cells as there are columns when
  exactly one split has no cell with a leading zero ("07") and a minus sign only at a cell's start.
"""

from __future__ import annotations

from dataclasses import dataclass

from gklint.model import Value
from gklint.tables.values import parse_value


@dataclass(frozen=True)
class Tok:
    """A value candidate with its place in the normalised text."""

    text: str
    start: int
    end: int
    explicit: bool

    @property
    def value(self) -> Value:
        return parse_value(self.text)


def fit(tokens: list[Tok], width: int) -> list[Tok] | None:
    """The row's `width` cells, in order, or None when they cannot be aligned with confidence."""
    if width <= 0:
        return None
    if len(tokens) == width:
        return tokens
    if tokens and all(t.explicit for t in tokens):
        return _fit_cells(tokens, width)
    if len(tokens) < width:
        return _split_runs(tokens, width)
    return None


def _blank(t: Tok) -> bool:
    return not t.text.strip()


def _fit_cells(cells: list[Tok], width: int) -> list[Tok] | None:
    if len(cells) < width:
        return None
    windows = [
        cells[s : s + width]
        for s in range(len(cells) - width + 1)
        if all(_blank(c) for c in cells[:s]) and all(_blank(c) for c in cells[s + width :])
    ]
    if not windows:
        return None
    first = [c.text.strip() for c in windows[0]]
    if all([c.text.strip() for c in w] == first for w in windows[1:]):
        return windows[0]
    return None


def _split_runs(tokens: list[Tok], width: int) -> list[Tok] | None:
    """Split digit runs into `width` cells when exactly one split is valid."""
    if not tokens:
        return None
    # ways[n] = (number of ways capped at 2, the cells when there is exactly one) for n cells
    ways: dict[int, tuple[int, list[Tok]]] = {0: (1, [])}
    for token in tokens:
        options = _splits(token, width)
        nxt: dict[int, tuple[int, list[Tok]]] = {}
        for n, (count, parts) in ways.items():
            for k, (kcount, kparts) in options.items():
                if n + k > width:
                    continue
                prev = nxt.get(n + k, (0, []))
                total = min(prev[0] + count * kcount, 2)
                nxt[n + k] = (total, parts + kparts if total == 1 else [])
        ways = nxt
    count, parts = ways.get(width, (0, []))
    return parts if count == 1 else None


_MAX_DIGITS = 12  # no table cell is longer; bounds the work on pathological input


def _splits(token: Tok, width: int) -> dict[int, tuple[int, list[Tok]]]:
    """For one token: by number of cells k, how many valid cuts there are (capped at 2) and,
    when exactly one, the cells. Dynamic programming from the end of the run."""
    text = token.text
    if not text.lstrip("-").isdigit():
        return {1: (1, [token])}  # decimals, units, changes: one cell
    n = len(text)
    # ways[i][k] = (count capped at 2, next cut j when count == 1) for text[i:] in k cells
    ways: list[dict[int, tuple[int, int]]] = [{} for _ in range(n + 1)]
    ways[n][0] = (1, n)
    for i in range(n - 1, -1, -1):
        first = i + 2 if text[i] == "-" else i + 1
        for j in range(first, min(n, i + _MAX_DIGITS + 1) + 1):
            piece = text[i:j]
            digits = piece.lstrip("-")
            if "-" in piece[1:] or not digits or (len(digits) > 1 and digits[0] == "0"):
                break
            for k, (count, _) in ways[j].items():
                if k + 1 > width:
                    continue
                prev = ways[i].get(k + 1, (0, j))
                total = min(prev[0] + count, 2)
                ways[i][k + 1] = (total, j if prev[0] == 0 else prev[1])
    result: dict[int, tuple[int, list[Tok]]] = {}
    for k, (count, _) in ways[0].items():
        result[k] = (count, _walk(token, ways, k) if count == 1 else [])
    return result


def _walk(token: Tok, ways: list[dict[int, tuple[int, int]]], k: int) -> list[Tok]:
    parts, i = [], 0
    while k:
        j = ways[i][k][1]
        parts.append(Tok(token.text[i:j], token.start + i, token.start + j, False))
        i, k = j, k - 1
    return parts
