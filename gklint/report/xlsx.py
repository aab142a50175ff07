"""`--format xlsx`: a workbook for a reviewer: the findings sheet (as the CSV) and a summary sheet
with one row per report: year, format and agency recognised, counts by severity, and the key
totals of tables 二/三/四. Needs openpyxl (the optional extra gklint[xlsx]); the CLI checks that it
is there before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from gklint.model import FileReport, RuleMeta
from gklint.report import RenderOptions
from gklint.report.csv_format import finding_rows
from gklint.report.json_format import json_number
from gklint.report.overview import Counts, era_name, key_totals, status, words

_WIDTHS = {"文件": 40, "说明": 80, "建议": 40, "发布机关": 30, "状态": 30, "位置": 18}


def summary_rows(reports: Sequence[FileReport]) -> list[list[Any]]:
    rows = []
    for r in reports:
        if r.config:
            continue
        counts = Counts.of(r.findings)
        numbers: list[Any] = [] if not r.checked or r.error else [v for _, _, v in counts.items()]
        totals = [json_number(v) if not isinstance(v, str) else v for v in key_totals(r).values()]
        facts = [r.year or "", era_name(r.era) if r.checked and not r.error else "", r.agency or ""]
        rows.append([r.path, *facts, status(r), *(numbers or [""] * 4), *totals])
    return rows


def _sheet(book: Any, title: str, head: list[str], rows: Any, first: bool = False) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append(head)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # report text, never a formula
    for i, name in enumerate(head, start=1):
        sheet.cell(1, i).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, max(8, 2 * len(name) + 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def render(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    from openpyxl import Workbook

    w = words()
    book = Workbook()
    _sheet(
        book,
        w["summary_sheet"],
        [*w["summary_columns"], *w["key_totals"].values()],
        summary_rows(reports),
        True,
    )
    _sheet(book, w["findings_sheet"], w["finding_columns"], finding_rows(reports, rules))
    out.flush()
    book.save(out.buffer)  # type: ignore[attr-defined]  # bytes, under the text stream it was given
