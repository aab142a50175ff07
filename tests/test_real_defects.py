"""The defects of the real reports in ../shared are found at their line, and defects planted in
them one at a time (a number changed in a sum, a cell blanked, the period's year changed) too.

The defects a reviewer sees by hand are listed in tests/expected/ (`defects:`); an arithmetic
error anywhere else would be a false alarm on a table that adds up.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
import yaml

from gklint.model import Cell, FileReport
from gklint.read import Source, read_path, read_text
from gklint.rules import builtin_rules
from gklint.runner import CheckOptions, analyze_source, check_source
from tests.conftest import ROOT, SHARED, needs_shared, shared_reports

pytestmark = [needs_shared, pytest.mark.shared]
EXPECTED = {
    d["source"]: d
    for d in (
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "tests/expected").glob("*.yaml"))
    )
}
# Cells that take part in a sum of the national tables; the older local tables (a0) have none.
IN_A_SUM = (
    "t3.",
    "t4.",
    "a.apply.received",
    "a.apply.closed",
    "a.apply.answered",
    "a.review",
    "a.litigation",
)
REQUIRED = ("t3.", "t4.")  # blank cells there are errors (GK301)
PER_REPORT = 6
Key = tuple[str, int | None, str]


@cache
def _options() -> CheckOptions:
    return CheckOptions(tuple(builtin_rules()))


def _fails(report: FileReport) -> set[Key]:
    return {
        (f.diagnostic.code, f.start.line if f.start else None, f.diagnostic.message)
        for f in report.findings
        if f.diagnostic.outcome == "fail"
    }


def _expected_defects(path: Path) -> list[dict]:
    return EXPECTED[str(path.relative_to(SHARED))].get("defects") or []


@pytest.mark.parametrize("path", shared_reports(), ids=lambda p: p.name)
def test_defects_a_reviewer_sees_are_found_at_their_line(path: Path) -> None:
    found = {(code, line) for code, line, _ in _fails(check_source(read_path(path), _options()))}
    want = {(d["rule"], d["line"]) for d in _expected_defects(path)}
    assert want <= found


@pytest.mark.parametrize("path", shared_reports(), ids=lambda p: p.name)
def test_no_arithmetic_error_where_the_table_adds_up(path: Path) -> None:
    report = check_source(read_path(path), _options())
    errors = {
        (f.diagnostic.code, f.start.line if f.start else None)
        for f in report.findings
        if f.diagnostic.code.startswith("GK2")
        and f.diagnostic.severity == "error"
        and f.diagnostic.outcome == "fail"
    }
    assert errors <= {(d["rule"], d["line"]) for d in _expected_defects(path)}


class Planter:
    """Plants one defect at a time in a report and tells whether a new finding marks its line."""

    def __init__(self, path: Path) -> None:
        self.source: Source = read_path(path)
        self.analysis = analyze_source(self.source)
        self.before = _fails(check_source(self.source, _options()))

    def cells(self, prefixes: tuple[str, ...]) -> list[Cell]:
        local = {cid for t in self.analysis.extraction.tables if t.kind == "a0" for cid in t.cells}
        return [
            c
            for c in self.analysis.extraction.cells.values()
            if c.value.kind == "number"
            and c.span.end > c.span.start
            and c.id.startswith(prefixes)
            and c.id not in local
        ]

    def found(self, start: int, end: int, new: str) -> tuple[bool, bool]:
        """(a new finding is at the planted line, a new finding names a cell on that line)."""
        pm = self.source.posmap
        a, b = pm.source_offset(start), pm.source_offset(end)
        line = pm.source_position(a).line
        report = check_source(read_text(self.source.raw[:a] + new + self.source.raw[b:], "p.txt"), _options())
        new_findings = [
            f
            for f in report.findings
            if f.diagnostic.outcome == "fail"
            and (f.diagnostic.code, f.start.line if f.start else None, f.diagnostic.message)
            not in self.before
        ]
        at_line = any(f.start and f.start.line == line for f in new_findings)
        names_it = any(c.start and c.start.line == line for f in new_findings for c in f.cells)
        return at_line, at_line or names_it


def _plant_all() -> Counter[tuple[str, str]]:
    rng = random.Random(2026)
    tally: Counter[tuple[str, str]] = Counter()

    def plant(kind: str, planter: Planter, cells: list[Cell], new: Callable[[Cell], str]) -> None:
        for cell in rng.sample(cells, min(PER_REPORT, len(cells))):
            at_line, named = planter.found(cell.span.start, cell.span.end, new(cell))
            tally[(kind, "planted")] += 1
            tally[(kind, "at line")] += at_line
            tally[(kind, "at line or named")] += named

    for path in shared_reports():
        planter = Planter(path)
        plant(
            "sum",
            planter,
            planter.cells(IN_A_SUM),
            lambda c: str(int(c.value.number or 0) + rng.randint(1, 3)),
        )
        plant("blank", planter, planter.cells(REQUIRED), lambda c: "")
        period = planter.analysis.parsed.facts.period
        if period and period.start:
            year = str(period.start.year)
            text = planter.source.text[period.span.start : period.span.end]
            at_line, _ = planter.found(
                period.span.start, period.span.end, text.replace(year, str(int(year) - 1))
            )
            tally[("period", "planted")] += 1
            tally[("period", "at line")] += at_line
            tally[("period", "at line or named")] += at_line
    return tally


@pytest.fixture(scope="module")
def planted() -> Counter[tuple[str, str]]:
    return _plant_all()


@pytest.mark.parametrize("kind", ["sum", "blank", "period"])
def test_planted_defects_are_found(planted: Counter[tuple[str, str]], kind: str) -> None:
    n = planted[(kind, "planted")]
    assert n >= 20, f"too few {kind} defects planted to judge ({n})"
    # A sum with one equation broken is reported at its total (the cell the rule is about) and
    # names the changed cell; where two sums cross, the changed cell's line is marked itself.
    assert planted[(kind, "at line or named")] >= 0.95 * n, planted
    if kind != "sum":
        assert planted[(kind, "at line")] >= 0.95 * n, planted
