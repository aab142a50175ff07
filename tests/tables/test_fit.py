"""Aligning a row's values with its columns: never a guess."""

from __future__ import annotations

import pytest

from gklint.tables.fit import Tok, fit


def _spaced(text: str) -> list[Tok]:
    toks, at = [], 0
    for word in text.split(" "):
        toks.append(Tok(word, at, at + len(word), False))
        at += len(word) + 1
    return toks


def _cells(*texts: str) -> list[Tok]:
    return [Tok(t, i, i + 1, True) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("run", "width", "cells"),
    [
        ("007", 3, ["0", "0", "7"]),
        ("0000000", 7, ["0"] * 7),
        ("1000001", 7, ["1", "0", "0", "0", "0", "0", "1"]),
        ("0 0 00 00 0", 7, ["0"] * 7),
        ("35 -15", 2, ["35", "-15"]),
        ("10690", 1, ["10690"]),
        ("000000000000000", 15, ["0"] * 15),
    ],
)
def test_runs_with_exactly_one_split_are_read(run: str, width: int, cells: list[str]) -> None:
    got = fit(_spaced(run), width)
    assert got is not None and [t.text for t in got] == cells


@pytest.mark.parametrize(
    ("run", "width"), [("396442278", 3), ("713000074", 7), ("20 0 00 0 121", 7), ("346085376", 2)]
)
def test_runs_with_several_splits_are_not_guessed(run: str, width: int) -> None:
    assert fit(_spaced(run), width) is None


def test_split_positions_point_into_the_run() -> None:
    got = fit([Tok("007", 10, 13, False)], 3)
    assert got is not None and [(t.start, t.end) for t in got] == [(10, 11), (11, 12), (12, 13)]


def test_long_runs_stay_fast_and_undecided() -> None:
    assert fit(_spaced("1" * 400), 7) is None


def test_padding_cells_around_a_row_are_dropped() -> None:
    got = fit(_cells("", "1", "2", "3", ""), 3)
    assert got is not None and [t.text for t in got] == ["1", "2", "3"]


def test_blank_cells_inside_a_row_are_kept() -> None:
    got = fit(_cells("5", "", "7"), 3)
    assert got is not None and [t.text for t in got] == ["5", "", "7"]


def test_ambiguous_padding_is_refused() -> None:
    assert fit(_cells("", "5", ""), 2) is None


def test_too_few_space_separated_numbers_are_refused() -> None:
    assert fit(_spaced("1 2 3"), 7) is None
