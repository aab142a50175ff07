"""Splitting digit runs by a row's totals: the splits that add up are counted before the search is
run in full (round 4, issue 15), and the answer is the one the search alone gave.

The count is compared with every split made the plain way (all cuts of every run, every total
checked), and `_split_by_sums` with the search alone, on random rows and on rows of tables 三 and
四 flattened into digit runs, long ones included (the search runs out of steps).
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.tables.fit import Sum, Tok, _split_by_sums, _SumCount, _SumSearch, _whole
from gklint.tables.labels import table_defs


def _cuts(text: str) -> list[list[int]]:
    """Every cut of a run into numbers of at most 12 digits without a leading zero."""
    if not text:
        return [[]]
    return [
        [int(text[:j]), *rest]
        for j in range(1, min(len(text), 12) + 1)
        if j == 1 or text[0] != "0"
        for rest in _cuts(text[j:])
    ]


def _plain_count(tokens: list[Tok], width: int, sums: tuple[Sum, ...]) -> int:
    """The splits into `width` cells whose totals add up (a total named twice: its last parts)."""
    rows: list[list[int | None]] = [[]]
    for t in tokens:
        heads: list[list[int | None]] = (
            [[*cut] for cut in _cuts(t.text)] if t.text.isdigit() else [[_whole(t)]]
        )
        rows = [row + head for row in rows for head in heads if len(row) + len(head) <= width]
    found = 0
    for row in rows:
        if len(row) == width and all(_adds_up(row, total, parts) for total, parts in dict(sums).items()):
            found += 1
    return min(found, 2)


def _adds_up(row: list[int | None], total: int, parts: tuple[int, ...]) -> bool:
    numbers = [row[p] for p in parts]
    return (
        row[total] is not None
        and row[total] == sum(n for n in numbers if n is not None)
        and None not in numbers
    )


def _tokens(texts: list[str]) -> list[Tok]:
    tokens, at = [], 0
    for text in texts:
        tokens.append(Tok(text, at, at + len(text), False))
        at += len(text) + 1
    return tokens


@st.composite
def _rows(draw: st.DrawFn) -> tuple[list[Tok], int, tuple[Sum, ...]]:
    width = draw(st.integers(1, 7))
    sums = []
    for _ in range(draw(st.integers(1, 2))):
        total = draw(st.integers(0, width - 1))
        parts = draw(st.lists(st.integers(0, total - 1), unique=True, max_size=total)) if total else []
        sums.append((total, tuple(sorted(parts))))
    run = st.text(alphabet=draw(st.sampled_from(["0123456789", "0112", "01"])), min_size=1, max_size=9)
    texts = draw(
        st.lists(
            run | st.sampled_from(["1.5", "2.0", "-3", "增4", "/", "无", "12件"]), min_size=1, max_size=3
        )
    )
    return _tokens(texts), width, tuple(sums)


@settings(max_examples=400, deadline=None)
@given(_rows())
def test_the_count_is_the_count_of_every_split_that_adds_up(
    row: tuple[list[Tok], int, tuple[Sum, ...]],
) -> None:
    tokens, width, sums = row
    assert _SumCount(tokens, width, sums).count() == _plain_count(tokens, width, sums)


@settings(max_examples=400, deadline=None)
@given(_rows())
def test_a_random_row_is_split_as_by_the_search_alone(row: tuple[list[Tok], int, tuple[Sum, ...]]) -> None:
    tokens, width, sums = row
    if any(p >= total for total, parts in sums for p in parts):
        return
    assert _split_by_sums(tokens, width, sums) == _SumSearch(tokens, width, sums).result()


def test_flattened_rows_of_tables_three_and_four_are_split_as_by_the_search_alone() -> None:
    t3, t4 = table_defs()["t3"], table_defs()["t4"]
    shapes = [(t3.columns, 1, t3), (t4.columns, 1, t4), (t4.columns, 3, t4)]
    rng = random.Random(15)
    spent = 0
    for _ in range(400):
        columns, repeat, table = rng.choice(shapes)
        sums = table.sums_for(columns, repeat)
        width = len(columns) * repeat
        numbers = [rng.choice([0, 0, 1, 2, rng.randint(0, 40), rng.randint(0, 5000)]) for _ in range(width)]
        for total, parts in sums:
            numbers[total] = sum(numbers[p] for p in parts)
        if rng.random() < 0.3:
            numbers[rng.randrange(width)] += rng.randint(1, 3)  # a total that does not add up
        texts = [str(n) for n in numbers]
        cuts = sorted(rng.sample(range(1, width), rng.randint(0, 2)))  # flattened into 1–3 runs
        tokens = _tokens(["".join(texts[a:b]) for a, b in zip([0, *cuts], [*cuts, width], strict=True)])
        search = _SumSearch(tokens, width, sums)
        assert _split_by_sums(tokens, width, sums) == search.result()
        spent += search.spent
    assert spent  # some searches ran out of steps: the budget is kept
