"""Fingerprints of text findings are made when they are placed (a finding keeps only an excerpt of
its line) and must equal those made from the whole line, so baselines written before still match."""

from __future__ import annotations

from dataclasses import replace

from gklint.model import Diagnostic, FileReport, Span
from gklint.read import read_text
from gklint.report.fingerprint import fingerprints
from gklint.runner import place, place_all

LONG = "很长的一行" * 40 + "XX年" + "又一段" * 40


def _diagnostic(code: str, start: int, end: int) -> Diagnostic:
    return Diagnostic(code, "x", "warning", "m", Span(start, end))


def test_fingerprints_made_when_placed_equal_those_made_from_the_whole_line() -> None:
    text = f"标题\n{LONG}\n第三行 XX 与 XX\n{LONG}\n"
    source = read_text(text, "dir/r.txt")
    at = text.index("XX年")
    third = text.index("XX 与")
    diagnostics = [
        _diagnostic("GK601", at, at + 3),
        _diagnostic("GK601", at, at + 2),  # the same rule twice on one line: 1st and 2nd occurrence
        _diagnostic("GK612", at, at + 2),
        _diagnostic("GK601", third, third + 2),
        _diagnostic("GK601", text.rindex("XX年"), text.rindex("XX年") + 2),  # an identical line
        Diagnostic("GK101", "y", "error", "m", None),
    ]
    placed = FileReport("dir/r.txt", place_all(diagnostics, source))
    assert all(len(f.line_text) < 80 for f in placed.findings)  # excerpts, not the line
    whole = FileReport(
        "other/r.txt",
        tuple(
            replace(
                f,
                line_text=source.posmap.line_text(f.start.line) if f.start else "",
                line_key=None,
                line_prints=(),
            )
            for f in placed.findings
        ),
    )
    assert fingerprints(placed) == fingerprints(whole)
    assert len(set(fingerprints(placed))) == len(diagnostics)
    # a subset (after --severity or suppressions) counts its occurrences again, as before
    subset = [placed.findings[1], placed.findings[4]]
    assert fingerprints(replace(placed, findings=tuple(subset))) == fingerprints(
        replace(whole, findings=(whole.findings[1], whole.findings[4]))
    )


def test_placed_findings_are_the_placed_diagnostics_with_their_prints() -> None:
    text = f"标题\n{LONG}\n第三行 XX 与 XX\n"
    source = read_text(text, "dir/r.txt")
    at = text.index("XX年")
    diagnostics = [
        _diagnostic("GK601", at, at + 2),
        _diagnostic("GK612", at, at + 3),
        _diagnostic("GK601", 3, 5),
    ]
    for d, f in zip(diagnostics, place_all(diagnostics, source), strict=True):
        assert f.line_key is not None and len(f.line_prints) >= 1
        assert f == replace(place(d, source), line_key=f.line_key, line_prints=f.line_prints)
