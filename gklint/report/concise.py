"""`--format concise`: one line per finding, `path:line:col: CODE message`, as ruff's concise output,
for editors, grep and terminals that jump to a place. No summary, no colour."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from gklint.model import FileReport, RuleMeta
from gklint.report import RenderOptions
from gklint.report.overview import status, words


def render(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    for r in reports:
        if r.error or r.skipped:
            where = f"{r.path}:{r.error_line}:1" if r.error_line else r.path
            out.write(f"{where}: {status(r)}\n")
        for f in r.findings:
            d = f.diagnostic
            where = f"{r.path}:{f.start.line}:{f.start.column}" if f.start else r.path
            label = (
                words()["unassessed"] if d.outcome == "not-assessable" else words()["severity"][d.severity]
            )
            out.write(f"{where}: {d.code} [{label}] {_one_line(d.message)}\n")


def _one_line(text: str) -> str:
    return " ".join(text.split())
