"""Year-over-year comparison on the result page, as `gklint compare` draws it (gklint/series).

Several uploads go through the cross-year post-pass (app._check_all), which names each report's
predecessor (`FileReport.previous`) and keeps the series data; `comparison_sections` draws one
comparison per such pair. `year_pairs` pairs plain reports by their agency as written (reports
checked without the post-pass).
"""

from __future__ import annotations

from collections.abc import Sequence

from gklint.model import FileReport


def year_pairs(reports: Sequence[FileReport]) -> list[tuple[FileReport, FileReport]]:
    """(older, newer) for each body with two or more readable years, consecutive years paired."""
    by_agency: dict[str, dict[int, FileReport]] = {}
    for r in reports:
        if r.error is None and r.agency and r.year is not None:
            by_agency.setdefault(r.agency, {}).setdefault(r.year, r)
    pairs = []
    for years in by_agency.values():
        ordered = [years[y] for y in sorted(years)]
        pairs.extend(zip(ordered, ordered[1:], strict=False))  # each year with the next
    return pairs


def comparison_sections(reports: Sequence[FileReport]) -> str:
    """The comparison sections for the result page: one per report the post-pass paired with an
    earlier one ("" when no report was)."""
    by_path = {r.path: r for r in reports}
    pairs = [(by_path[r.previous], r) for r in reports if r.previous in by_path]
    return "".join(_compare(older, newer) for older, newer in pairs)


def _compare(older: FileReport, newer: FileReport) -> str:
    from gklint.batch import selected_rules
    from gklint.series.compare import compare, html_section

    if older.series is None or newer.series is None:
        return ""
    kinds = {r.meta.code: r.meta.kind for r in selected_rules((), (), ())}
    return html_section(compare(older, newer, older.series, newer.series, kinds))
