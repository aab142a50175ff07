"""The flags a cell raises, found for all value rules in one pass (kinds/cellvalue.py), are those
each flag's own test gave when every rule tested every cell."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gklint.model import Value, cell_at
from gklint.rules.kinds.cellvalue import FLAGS, _by_flag, _raised

TESTS = {  # each flag as the rules tested it before
    "number": lambda v: v.is_number,
    "blank": lambda v: v.kind == "blank",
    "placeholder": lambda v: v.kind == "placeholder",
    "text": lambda v: v.kind == "text",
    "note": lambda v: bool(v.note),
    "negative": lambda v: v.is_number and v.number is not None and v.number < 0,
    "decimal": lambda v: (
        v.is_number and isinstance(v.number, Decimal) and v.number != v.number.to_integral_value()
    ),
}
VALUES = [
    Value("number", "3", Decimal(3)),
    Value("number", "-3", Decimal(-3), signed=True),
    Value("number", "2.50", Decimal("2.50"), unit="万元"),
    Value("number", "2.00", Decimal("2.00")),
    Value("number", "-0.5", Decimal("-0.5"), note="（县级）"),
    Value("number", "7", 7),
    Value("number", "0", 0, note=""),
    Value("number", "-7", -7, signed=True),
    Value("number", "5", 5, unit="元"),
    Value("number", "5", 5, note="（含）"),
    Value("number", "?", None),
    Value("blank", ""),
    Value("placeholder", "/", note=""),
    Value("text", "无", unit="元"),
    Value("text", "见附件", note="附件"),
]


@pytest.mark.parametrize("value", VALUES)
def test_a_value_raises_the_flags_their_tests_give(value: Value) -> None:
    assert set(TESTS) == set(FLAGS)
    expected = {flag for flag, test in TESTS.items() if test(value)}
    expected |= {f"unit:{value.unit}"} if value.unit is not None else set()
    assert set(_raised(value)) == expected


def test_cells_by_flag_are_those_each_value_raises() -> None:
    """The one pass (which files a plain count under "number" without asking _raised) files
    every cell under each flag its value raises, in the cells' order."""
    cells = {f"c{i}": cell_at(f"c{i}", v, i, i + 1) for i, v in enumerate(VALUES * 2)}
    expected: dict[str, list[str]] = {}
    for cid, cell in cells.items():
        for flag in _raised(cell.value):
            expected.setdefault(flag, []).append(cid)
    assert {f: ids for f, ids in _by_flag(cells).items() if ids} == expected
