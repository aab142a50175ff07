"""Span and Cell set their fields through their slots (round 4, issue 15: hundreds are made per
report) and stay the frozen dataclasses they were: equal by value, hashed, ordered, printed,
pickled, replaced, never assigned to."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from gklint.model import Cell, Span, Value, cell_at


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


def test_a_cell_made_in_one_call_is_the_cell_its_constructors_make() -> None:
    value = Value("number", "12", 12)
    made = cell_at("t3.new.natural", value, 5, 7)
    assert made == Cell("t3.new.natural", value, Span(5, 7)) and type(made) is Cell
    assert hash(made) == hash(Cell("t3.new.natural", value, Span(5, 7)))
    assert type(made.span) is Span and made.span == Span(5, 7) and repr(made.span) == "Span(start=5, end=7)"
    assert pickle.loads(pickle.dumps(made)) == made
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.span.start = 6  # type: ignore[misc]


def test_a_report_pickles_whole() -> None:
    """FileReport, Finding and PlacedCell pickle by their constructors (round 5): every field comes
    back, none left at its default."""
    from decimal import Decimal

    from gklint.model import CellRef, Diagnostic, FileReport, Finding, PlacedCell, Position, SeriesKey

    ref = CellRef("t3.new.natural", "自然人", "12", 12, Span(5, 7))
    diagnostic = Diagnostic("GK201", "sum", "error", "合计不符", Span(5, 7), (ref,), "fail", Decimal("1.5"))
    finding = Finding(
        diagnostic,
        Position(2, 3),
        Position(2, 5),
        "excerpt",
        (PlacedCell(ref, Position(2, 3)),),
        "表2第3行",
        4,
        True,
        "key",
        ("p1", "p2"),
    )
    fields = [getattr(finding, f.name) for f in dataclasses.fields(Finding)]
    assert all(v != f.default for v, f in zip(fields, dataclasses.fields(Finding), strict=True))
    report = FileReport(
        "a.txt",
        (finding,),
        "A",
        2021,
        "某局",
        "error",
        3,
        "2021年",
        "text",
        (),
        None,
        "b.txt",
        "skipped",
        True,
        SeriesKey("某局", 2021, "f", "c", 2),
    )
    again = pickle.loads(pickle.dumps(report, pickle.HIGHEST_PROTOCOL))
    assert again == report and again.findings[0] == finding
    assert [getattr(again, f.name) for f in dataclasses.fields(FileReport)] == [
        getattr(report, f.name) for f in dataclasses.fields(FileReport)
    ]
