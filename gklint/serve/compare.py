"""Several reports of one body on the result page: checked as a series, the way `gklint check`
checks a batch (gklint/series/postpass.py adds the cross-year findings), and each report that has
its body's previous year among the uploads gets the year-over-year comparison of `gklint compare`
(gklint/series/compare.py) as a section of the page."""

from __future__ import annotations

import io
from collections.abc import Sequence

from gklint.model import FileReport
from gklint.rules import Rule
from gklint.series.compare import compare, render_html
from gklint.series.pairing import pair
from gklint.series.postpass import add_series_findings


def cross_year(reports: Sequence[FileReport], rules: Sequence[Rule]) -> tuple[list[FileReport], str]:
    """The reports with their cross-year findings, and the comparison sections (HTML, escaped by
    the series renderer) for each report paired with its predecessor."""
    datas = [r.series for r in reports]
    checked = add_series_findings(list(reports), lambda i: rules)
    kinds = {r.meta.code: r.meta.kind for r in rules}
    pairs = sorted(pair(datas).previous.items())
    sections = "".join(
        _section(compare(checked[old], checked[new], datas[old], datas[new], kinds))  # type: ignore[arg-type]
        for new, old in pairs
    )
    return checked, sections


def _section(comparison: object) -> str:
    """The comparison's section of the page `gklint compare --format html` writes."""
    out = io.StringIO()
    render_html(comparison, out)  # type: ignore[arg-type]
    page = out.getvalue()
    start = page.index('<section class="report">')
    end = page.index("</section>", start) + len("</section>")
    return page[start:end].replace('<section class="report">', '<section class="compare">', 1)
