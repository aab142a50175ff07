"""Year-over-year comparison on the result page: the hook for `gklint compare` (branch `series`).

`year_pairs` finds, among the uploaded reports, two years of the same body (same agency, different
years), the newer year last. `comparison_sections` is where `gklint compare` plugs in: until it
exists it returns "" and the result page shows the reports only. At merge, replace `_compare`'s
body with a call to the series API that renders one comparison as HTML (escaped like the report).
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
    pairs: list[tuple[FileReport, FileReport]] = []
    for years in by_agency.values():
        ordered = [years[y] for y in sorted(years)]
        pairs.extend(zip(ordered, ordered[1:], strict=False))  # each year with the next
    return pairs


def comparison_sections(reports: Sequence[FileReport]) -> str:
    """The comparison sections for the result page, one per pair ("" until `gklint compare` exists)."""
    return "".join(_compare(older, newer) for older, newer in year_pairs(reports))


def _compare(older: FileReport, newer: FileReport) -> str:
    return ""  # the hook: `gklint compare` (branch series) is not merged yet
