"""The cross-year post-pass: after a batch's reports are checked one by one, each report that has
a predecessor among them (or a republished copy) is checked against it by the cross-year rules
(kinds series, copied, duplicate), and their findings are added to the report's."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from gklint.model import Diagnostic, FileReport, Finding, Placed, PlacedCell, Position, SeriesData
from gklint.rules import Rule, RuleContext, run_rules
from gklint.rules.kinds import SERIES_KINDS
from gklint.rules.kinds.series import LINK, SeriesLink, cell_of, series_cell_ids
from gklint.runner import override_severity
from gklint.series.pairing import Pairing, pair

RulesFor = Callable[[int], Sequence[Rule]]


def series_rules(rules: Sequence[Rule]) -> list[Rule]:
    return [r for r in rules if r.meta.kind in SERIES_KINDS]


def add_series_findings(
    reports: list[FileReport],
    rules_for: RulesFor,
    groups: Mapping[int, str] | None = None,
    explicit: Mapping[int, int] | None = None,
    severity_for: Callable[[int], Mapping[str, str]] | None = None,
    keep_data: bool = False,
) -> list[FileReport]:
    """Every report with the cross-year findings added; its series data dropped unless `keep_data`
    (for a comparison drawn afterwards). In this process, with every report's SeriesData at hand
    (a batch of the command line does this in workers: series/batchpass.py)."""
    pairing = pair([r.series for r in reports], groups, explicit)
    out = []
    for i, report in enumerate(reports):
        link = link_for(i, reports, pairing)
        if link is None:
            out.append(report if keep_data else replace(report, series=None))
            continue
        added = pair_findings(link, rules_for(i), severity_for(i) if severity_for else {})
        out.append(with_series_findings(report, added, link.previous_path, keep_data))
    return out


def pair_findings(
    link: SeriesLink, rules: Sequence[Rule], severity: Mapping[str, str]
) -> tuple[Finding, ...]:
    """One report's cross-year findings, placed."""
    found = override_severity(check_pair(link, series_rules(rules)), dict(severity))
    return place_all(found, link.current)


def with_series_findings(
    report: FileReport, added: Sequence[Finding], previous_path: str, keep_data: bool = False
) -> FileReport:
    findings = sorted((*report.findings, *added), key=_order)
    return replace(
        report,
        findings=tuple(findings),
        series=report.series if keep_data else None,
        series_key=None,
        previous=previous_path or None,
    )


def link_for(i: int, reports: Sequence[FileReport], pairing: Pairing) -> SeriesLink | None:
    data = reports[i].series
    before = pairing.previous.get(i)
    copies = pairing.duplicates.get(i, ())
    if data is None or (before is None and not copies):
        return None
    prev = reports[before] if before is not None else None
    return SeriesLink(
        current=data,
        previous=prev.series if prev else None,
        previous_path=prev.path if prev else "",
        previous_findings=prev.findings if prev else (),
        duplicates=tuple(reports[j].path for j in copies),
    )


def check_pair(link: SeriesLink, rules: Sequence[Rule]) -> list[Diagnostic]:
    data = link.current
    ctx = RuleContext(
        cells={c.id: cell_of(c) for c in data.cells},
        era=data.era,
        era_source="series",
        year=data.year,
        tables=frozenset(data.tables),
        settings={LINK: link},
        known=series_cell_ids(),
    )
    return run_rules(list(rules), ctx)


def place_all(found: Sequence[Diagnostic], data: SeriesData) -> tuple[Finding, ...]:
    """The diagnostics placed with the positions the report's series data kept."""
    places = [c.at for c in data.cells] + [s.at for s in data.sentences]
    places += [data.agency_at] if data.agency_at else []
    starts = {p.span.start: p for p in places}
    ends = {p.span.end: p.end for p in places}
    lines = dict(data.lines)
    return tuple(_place(d, starts, ends, lines) for d in found)


def _place(
    d: Diagnostic, starts: dict[int, Placed], ends: dict[int, Position], lines: dict[int, str]
) -> Finding:
    at: Placed | None = starts.get(d.span.start) if d.span else None
    start = at.start if at else None
    end = ends.get(d.span.end, at.end if at else None) if d.span else None
    cells = tuple(
        PlacedCell(ref, starts[ref.span.start].start if ref.span and ref.span.start in starts else None)
        for ref in d.cells
    )
    line = lines.get(start.line, "") if start else ""
    return Finding(d, start, end, line, cells, at.location if at else None)


def _order(f: Finding) -> tuple[int, int]:
    start: Position | None = f.start
    return (start.line, start.column) if start else (-1, -1)
