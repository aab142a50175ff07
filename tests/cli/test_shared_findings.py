"""A batch keeps equal findings once (copies of one report find the same things): the reports
read the same, and a finding that cannot be hashed is kept as it is."""

from __future__ import annotations

from decimal import Decimal

from gklint.batch import SharedFindings
from gklint.model import Diagnostic, FileReport, Finding, Position


def _finding(message: str, difference: Decimal | None = None) -> Finding:
    d = Diagnostic("GK201", "sum", "error", message, None, difference=difference)
    return Finding(d, Position(3, 1), Position(3, 5), "合计100")


def test_equal_findings_of_two_reports_are_one_object() -> None:
    shared = SharedFindings()
    a = shared.report(FileReport("a.txt", (_finding("x"), _finding("y"))))
    b = shared.report(FileReport("b.txt", (_finding("x"), _finding("z"))))
    assert a.findings == (_finding("x"), _finding("y")) and b.findings == (_finding("x"), _finding("z"))
    assert a.findings[0] is b.findings[0]
    assert a.findings[1] is not b.findings[1]


def test_a_finding_that_cannot_be_hashed_is_kept() -> None:
    found = (_finding("x", Decimal("sNaN")),)
    assert SharedFindings()(found) is found
