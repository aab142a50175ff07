"""`--format csv`: one row per finding (and per file that could not be checked), UTF-8 with a byte
order mark so that Excel and WPS open it with the Chinese intact."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from typing import IO

from gklint.model import FileReport, RuleMeta
from gklint.report import RenderOptions
from gklint.report.overview import words


def finding_rows(reports: Sequence[FileReport], rules: Sequence[RuleMeta]) -> Iterator[list[object]]:
    """The rows under words()["finding_columns"]: findings, and files not checked with the reason."""
    titles = {m.code: m.title for m in rules}
    w = words()
    for r in reports:
        if r.error or r.skipped:
            level = w["skipped"] if r.skipped else w["unreadable"]
            yield [r.path, r.error_line or "", "", "", "", "", level, r.skipped or r.error, ""]
        for f in r.findings:
            d = f.diagnostic
            level = w["unassessed"] if d.outcome == "not-assessable" else w["severity"][d.severity]
            yield [
                r.path,
                f.start.line if f.start else "",
                f.start.column if f.start else "",
                f.location or "",
                d.code,
                titles.get(d.code, d.name),
                level,
                d.message,
                d.hint or "",
            ]


def render(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(words()["finding_columns"])
    writer.writerows([_inert(v) for v in row] for row in finding_rows(reports, rules))


def _inert(value: object) -> object:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is marked as text with '."""
    return f"'{value}" if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value
