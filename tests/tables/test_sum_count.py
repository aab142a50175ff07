"""Splitting digit runs (round 4, issue 15). By a row's totals: the splits that add up are counted
before the search is run in full, and the answer is the one the search alone gave. Without totals
(split_runs): the answer the plain way gives.

The count is compared with every split made the plain way (all cuts of every run, every total
checked), and `_split_by_sums` with the search alone, on random rows and on rows of tables 三 and
四 flattened into digit runs, long ones included (the search runs out of steps).
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.tables import fit
from gklint.tables.fit import Sum, Tok, _split_by_sums, _SumCount, _SumSearch, _whole, split_runs
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
    count = _SumCount(tokens, width, sums).count()
    assert count == _plain_count(tokens, width, sums) or count is None  # None: out of steps


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
    spent = unknown = 0
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
        unknown += _SumCount(tokens, width, sums).count() is None
    assert spent > 50 and unknown < 5  # many searches run out of steps, the count nearly never


# -- rows of digit runs of at most 13 digits are searched with the columns left checked against
# the digits left (fit._PRUNED_DIGITS): the same answer as the search without it, which never
# runs out of steps there.


@st.composite
def _short_runs(draw: st.DrawFn) -> tuple[list[Tok], int, tuple[Sum, ...]]:
    width = draw(st.integers(1, 13))
    sums = []
    for _ in range(draw(st.integers(1, 3))):
        total = draw(st.integers(1, width - 1)) if width > 1 else 0
        parts = draw(st.lists(st.integers(0, total - 1), unique=True, max_size=total)) if total else []
        sums.append((total, tuple(sorted(parts))))
    run = st.text(alphabet=draw(st.sampled_from(["0123456789", "0112", "01", "07"])), min_size=1, max_size=13)
    texts = draw(st.lists(run, min_size=1, max_size=4).filter(lambda ts: len("".join(ts)) <= 16))
    return _tokens(texts), width, tuple(sums)


@settings(max_examples=1500, deadline=None)
@given(_short_runs())
def test_short_runs_are_split_as_without_the_digits_left_check(
    row: tuple[list[Tok], int, tuple[Sum, ...]],
) -> None:
    tokens, width, sums = row
    new = _split_by_sums(tokens, width, sums)
    unchecked = _SumSearch(tokens, width, sums)
    unchecked.prune = False
    checked = _SumSearch(tokens, width, sums)
    assert checked.result() == unchecked.result()
    assert checked.steps <= unchecked.steps
    if sum(len(t.text) for t in tokens) <= 13:
        assert checked.prune and not unchecked.spent and not checked.spent
    if not any(p >= total for total, parts in sums for p in parts):
        old = fit._PRUNED_DIGITS
        fit._PRUNED_DIGITS = 0  # the search as it was
        try:
            assert _split_by_sums(tokens, width, sums) == new
        finally:
            fit._PRUNED_DIGITS = old


def test_rows_of_the_pingtan_reports_are_split_as_without_the_check() -> None:
    sums = ((6, (0, 1, 2, 3, 4, 5)),)
    for texts in (["713000074"], ["723000075"], ["210000021"], ["200", "000121"], ["1000000001"]):
        tokens = _tokens(texts)
        unchecked = _SumSearch(tokens, 7, sums)
        unchecked.prune = False
        checked = _SumSearch(tokens, 7, sums)
        assert checked.result() == unchecked.result()
        assert checked.steps < unchecked.steps or len("".join(texts)) <= 7


def _searched_fit(tokens: list[Tok], width: int, sums: tuple[Sum, ...]) -> list[Tok] | None:
    """fit on digit runs before the split by the total (no signed column)."""
    count, cells = split_runs(tokens, width, frozenset())
    if count == 1 and len(tokens) > 1 and not fit._adds_up(cells, sums):
        return None
    if count == 1:
        return cells
    return _split_by_sums(tokens, width, sums) if count > 1 and sums else None


@settings(max_examples=2000, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("0123456789"), min_size=1, max_size=15)
    | st.text(alphabet=st.sampled_from("0001127"), min_size=1, max_size=15),
    st.integers(2, 9),
    st.integers(0, 200),
)
def test_a_run_is_split_by_its_total_as_by_the_search(text: str, width: int, start: int) -> None:
    tokens = [Tok(text, start, start + len(text), False)]
    sums = ((width - 1, tuple(range(width - 1))),)
    assert fit.fit(tokens, width, frozenset(), sums) == _searched_fit(tokens, width, sums)
    by_total = fit._by_total(tokens, width, sums)
    if width < len(text) <= 13:  # each split that adds up is counted (none: left to the search)
        assert (by_total[0] if by_total else 0) == _plain_count(tokens, width, sums)
    if by_total and by_total[0] == 1:
        cells = by_total[1]
        assert "".join(c.text for c in cells) == text and fit._adds_up(cells, sums)


def test_runs_that_add_up_are_split_by_their_total_as_by_the_search() -> None:
    # runs made from rows that add up (one split or several), with the digits of real rows
    rng = random.Random(15)
    for _ in range(3000):
        width = rng.randint(2, 8)
        parts = [rng.choice([0, 0, 0, 1, 2, 3, 7, 10, 12, 35, 105]) for _ in range(width - 1)]
        text = "".join(map(str, [*parts, sum(parts)]))
        if len(text) > 13:
            continue
        tokens = [Tok(text, 0, len(text), False)]
        sums = ((width - 1, tuple(range(width - 1))),)
        assert fit.fit(tokens, width, frozenset(), sums) == _searched_fit(tokens, width, sums), text
        by_total = fit._by_total(tokens, width, sums)
        if width < len(text):
            assert (by_total[0] if by_total else 0) == _plain_count(tokens, width, sums), text


# -- digit runs split without totals (split_runs): only the cells that can end the row are worked
# out, each place's cells once. The plain way: every state of (position, column) tried, every
# cut of every place worked out again.


def _plain_cuts(text: str, i: int, signed: bool, prefix: int) -> list[int]:
    if prefix and not signed:
        return []
    start = i + prefix
    if text[start] == "-":
        if not signed:
            return []
        start += 1
    ends = []
    for j in range(start + 1, min(len(text), start + 12) + 1):
        digits = text[start:j]
        if not digits.isdigit() or (len(digits) > 1 and digits[0] == "0"):
            break
        ends.append(j)
    return ends


def _plain_token_splits(
    token: Tok, first: int, width: int, signed: frozenset[int]
) -> dict[int, tuple[int, list]]:
    text = token.text
    prefix = re.match(r"^(?:增加?|减少?)\s*", text)
    if not text.lstrip("-").isdigit() and not (prefix and text[prefix.end() :].isdigit()):
        return {first + 1: (1, [token])} if first < width else {}
    if len(text) > (width - first) * 13:
        return {}
    states: dict[tuple[int, int], tuple[int, list[tuple[int, int]]]] = {(0, first): (1, [])}
    for i in range(len(text)):
        for column in range(first, width):
            here = states.pop((i, column), None)
            for j in (
                _plain_cuts(text, i, column in signed, prefix.end() if prefix and i == 0 else 0)
                if here
                else ()
            ):
                prev = states.get((j, column + 1), (0, []))
                total = min(prev[0] + here[0], 2)  # type: ignore[index]
                states[(j, column + 1)] = (total, here[1] + [(i, j)] if total == 1 else [])  # type: ignore[index]
    return {
        column: (count, [Tok(text[a:b], token.start + a, token.start + b, False) for a, b in cuts])
        for (i, column), (count, cuts) in states.items()
        if i == len(text)
    }


def _plain_split_runs(tokens: list[Tok], width: int, signed: frozenset[int]) -> tuple[int, list[Tok]]:
    ways: dict[int, tuple[int, list[Tok]]] = {0: (1, [])}
    for token in tokens:
        nxt: dict[int, tuple[int, list[Tok]]] = {}
        for start, (count, cells) in ways.items():
            for end, (kcount, kcells) in _plain_token_splits(token, start, width, signed).items():
                prev = nxt.get(end, (0, []))
                total = min(prev[0] + count * kcount, 2)
                nxt[end] = (total, cells + kcells if total == 1 else [])
        ways = nxt
    return ways.get(width, (0, []))


_RUN_OR_VALUE = st.text(alphabet="0123456789", min_size=1, max_size=14) | st.sampled_from(
    ["0000000", "1.5", "-3", "-12", "增4", "减 12", "增加305", "/", "无", "", "12件"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_RUN_OR_VALUE, min_size=1, max_size=4), st.integers(1, 9), st.data())
def test_runs_are_split_as_the_plain_way_splits_them(
    texts: list[str], width: int, data: st.DataObject
) -> None:
    signed = frozenset(data.draw(st.lists(st.integers(0, width - 1), max_size=width)))
    tokens = _tokens(texts)
    assert split_runs(tokens, width, signed) == _plain_split_runs(tokens, width, signed)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789", min_size=1, max_size=5), min_size=1, max_size=4), st.data())
def test_a_digit_a_column_is_split_as_the_plain_way_splits_it(texts: list[str], data: st.DataObject) -> None:
    # rows whose digits fill the columns one each ("0000000", "1000001"): answered without the search
    width = sum(map(len, texts))
    signed = frozenset(data.draw(st.lists(st.integers(0, width - 1), max_size=width)))
    tokens = _tokens(texts)
    assert split_runs(tokens, width, signed) == _plain_split_runs(tokens, width, signed)
    for wrong in (width - 1, width + 1):
        assert split_runs(tokens, wrong, signed) == _plain_split_runs(tokens, wrong, signed)
