"""The real reports in ../shared: every one parses, and cells and facts equal the hand-checked
values in tests/expected/ (read by hand from the reports, never from gklint's output)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from gklint.runner import analyze_path
from tests.conftest import ROOT, SHARED, needs_shared, shared_reports

EXPECTED = sorted((ROOT / "tests" / "expected").glob("*.yaml"))
pytestmark = [needs_shared, pytest.mark.shared]


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _number(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@pytest.mark.parametrize("report", shared_reports(), ids=lambda p: p.name)
def test_every_real_report_parses(report: Path) -> None:
    analysis = analyze_path(report)
    assert analysis.parsed.report.body
    assert analysis.extraction.era in ("A", "B", "C", "unknown")


def test_every_real_report_has_an_expected_file() -> None:
    names = {_load(p)["source"] for p in EXPECTED}
    assert names == {str(p.relative_to(SHARED)) for p in shared_reports()}


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.stem)
def test_cells_equal_the_hand_checked_values(expected: Path) -> None:
    want = _load(expected)
    analysis = analyze_path(SHARED / want["source"])
    cells = analysis.extraction.cells
    got = {cid: _number(cells[cid].value.number) if cid in cells else "absent" for cid in want["cells"] or {}}
    assert got == {cid: _number(v) for cid, v in (want["cells"] or {}).items()}
    # cells the report holds but that cannot be read with confidence get no number
    given = [cid for cid in want.get("unreadable") or [] if cid in cells and cells[cid].value.is_number]
    assert given == []
    # and nothing is invented
    extra = [cid for cid, c in cells.items() if c.value.is_number and cid not in (want["cells"] or {})]
    assert extra == []


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.stem)
def test_era_of_reports_with_tables(expected: Path) -> None:
    want = _load(expected)
    if want["era_by_table"] is None:
        pytest.skip("no table in this report's text")
    extraction = analyze_path(SHARED / want["source"]).extraction
    assert (extraction.era, extraction.era_source) == (want["era_by_table"], "table")


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.stem)
def test_facts_equal_the_hand_checked_values(expected: Path) -> None:
    want = _load(expected)
    facts = analyze_path(SHARED / want["source"]).parsed.facts
    assert facts.year == want["year"]
    period = want["period"]
    got_period = (
        None
        if facts.period is None
        else {"start": facts.period.start, "end": facts.period.end, "damaged": facts.period.damaged}
    )
    assert got_period == period
    published = facts.published.date if facts.published else None
    assert published == want["published"]
