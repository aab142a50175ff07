"""Cell text → value: numbers, signed changes, units, notes; blank is never zero."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gklint.tables.values import parse_value


@pytest.mark.parametrize(
    ("raw", "kind", "number", "unit", "note"),
    [
        ("12", "number", 12, None, None),
        ("0", "number", 0, None, None),
        ("4068.208", "number", Decimal("4068.208"), None, None),
        ("增 4", "number", 4, None, None),
        ("减 5", "number", -5, None, None),
        ("-18", "number", -18, None, None),
        ("9(县级)", "number", 9, None, "县级"),
        ("610(县级240)", "number", 610, None, "县级240"),
        ("251000元", "number", 251000, "元", None),
        ("573802895.90元", "number", Decimal("573802895.90"), "元", None),
        ("1,234", "number", 1234, None, None),
        ("/", "placeholder", None, None, None),
        ("——", "placeholder", None, None, None),
        ("-", "placeholder", None, None, None),
        ("", "blank", None, None, None),
        ("  ", "blank", None, None, None),
        ("无", "text", None, None, None),
    ],
)
def test_cell_values(raw: str, kind: str, number, unit, note) -> None:
    value = parse_value(raw)
    assert (value.kind, value.number, value.unit, value.note) == (kind, number, unit, note)
    assert value.raw == raw.strip() or (kind == "blank" and value.raw == raw)


def test_blank_is_not_zero() -> None:
    assert parse_value("").number is None
    assert not parse_value("").is_number
