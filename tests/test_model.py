"""Span and Cell set their fields through their slots (round 4, issue 15: hundreds are made per
report) and stay the frozen dataclasses they were: equal by value, hashed, ordered, printed,
pickled, replaced, never assigned to."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from gklint.model import Cell, Span, Value


def test_a_span_is_a_frozen_value() -> None:
    span = Span(3, 7)
    assert (span.start, span.end) == (3, 7)
    assert span == Span(start=3, end=7) and hash(span) == hash(Span(3, 7))
    assert span != (3, 7) and Span(3, 7) < Span(3, 8) < Span(4, 0)
    assert repr(span) == "Span(start=3, end=7)"
    assert pickle.loads(pickle.dumps(span)) == span
    assert dataclasses.replace(span, end=9) == Span(3, 9)
    assert [f.name for f in dataclasses.fields(Span)] == ["start", "end"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 4  # type: ignore[misc]


def test_a_cell_is_a_frozen_value() -> None:
    cell = Cell("t3.new.natural", Value("number", "12", 12), Span(5, 7))
    same = Cell(id="t3.new.natural", value=Value("number", "12", 12), span=Span(5, 7))
    assert cell == same and hash(cell) == hash(same)
    assert cell != Cell("t3.new.natural", Value("number", "12", 12), Span(5, 8))
    assert repr(cell) == (
        "Cell(id='t3.new.natural', value=Value(kind='number', raw='12', number=12, unit=None, note=None,"
        " signed=False), span=Span(start=5, end=7))"
    )
    assert pickle.loads(pickle.dumps(cell)) == cell
    assert dataclasses.replace(cell, id="t3.new.total").id == "t3.new.total"
    assert [f.name for f in dataclasses.fields(Cell)] == ["id", "value", "span"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.value = Value("blank", "")  # type: ignore[misc]
