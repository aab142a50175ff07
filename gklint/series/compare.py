"""`gklint compare OLD NEW`: one body's two years side by side — the key figures of tables
二/三/四 (or the 统计表) with their changes, the cross-year findings of the newer report and its
stretches copied from the older one; as text, JSON or an HTML page in the html report's style."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO

from gklint.model import FileReport, Finding, SeriesData, number_text
from gklint.report.html_common import esc
from gklint.rules.kinds import SERIES_KINDS
from gklint.rules.kinds.series import era_name
from gklint.series.names import series_settings
from gklint.tables.labels import cell_name


@dataclass(frozen=True)
class Figure:
    """One cell of two years' reports, side by side."""

    cell: str
    name: str
    old: str  # as written ("—": not in the report)
    new: str
    change: str  # "+3", "-2", "0", or "" when either is not a number


@dataclass(frozen=True)
class Comparison:
    """Two reports of one agency compared: figures side by side, cross-year findings."""

    old: FileReport
    new: FileReport
    old_data: SeriesData
    new_data: SeriesData
    figures: tuple[Figure, ...]
    findings: tuple[Finding, ...]  # the newer report's cross-year findings


def compare(
    old: FileReport, new: FileReport, old_data: SeriesData, new_data: SeriesData, kinds: dict[str, str]
) -> Comparison:
    """`kinds`: rule code → kind, to pick the cross-year findings."""
    figures = tuple(
        f for f in (_figure(c, old_data, new_data) for c in series_settings()["key_figures"]) if f
    )
    findings = tuple(f for f in new.findings if kinds.get(f.diagnostic.code) in SERIES_KINDS)
    return Comparison(old, new, old_data, new_data, figures, findings)


def _figure(cell: str, old: SeriesData, new: SeriesData) -> Figure | None:
    a, b = _cell(old, cell), _cell(new, cell)
    if a is None and b is None:
        return None
    change = ""
    if a is not None and b is not None and a.number is not None and b.number is not None:
        diff = Decimal(b.number) - Decimal(a.number)
        change = ("+" if diff > 0 else "") + number_text(diff)
    return Figure(cell, cell_name(cell), _shown(a), _shown(b), change)


def _cell(data: SeriesData, cell: str):  # noqa: ANN202 - SeriesCell | None
    return next((c for c in data.cells if c.id == cell), None)


def _shown(c) -> str:  # noqa: ANN001
    if c is None:
        return "—"
    return number_text(c.number) if c.number is not None else (c.raw or "（空）")


def _title(data: SeriesData, report: FileReport) -> str:
    return f"{data.year or '?'} 年度（{era_name(data.era)}）{report.path}"


# -- renderers ---------------------------------------------------------------------------------
def render_text(c: Comparison, out: IO[str]) -> None:
    body = c.new_data.agency or c.old_data.agency or ""
    out.write(f"{body} 年度对比\n上年：{_title(c.old_data, c.old)}\n本年：{_title(c.new_data, c.new)}\n\n")
    out.write("主要数字（上年 → 本年，变化）\n")
    for f in c.figures:
        out.write(f"  {f.name}：{f.old} → {f.new}" + (f"（{f.change}）" if f.change else "") + "\n")
    out.write("\n跨年度检查\n")
    for finding in c.findings or ():
        where = f"第{finding.start.line}行第{finding.start.column}列 " if finding.start else ""
        out.write(f"  {where}{finding.diagnostic.code} {finding.diagnostic.message}\n")
    if not c.findings:
        out.write("  未发现问题。\n")


def as_json(c: Comparison) -> dict:
    def side(data: SeriesData, report: FileReport) -> dict:
        return {"path": report.path, "year": data.year, "era": data.era, "agency": data.agency}

    return {
        "old": side(c.old_data, c.old),
        "new": side(c.new_data, c.new),
        "figures": [vars(f) for f in c.figures],
        "findings": [
            {
                "rule": f.diagnostic.code,
                "severity": f.diagnostic.severity,
                "outcome": f.diagnostic.outcome,
                "line": f.start.line if f.start else None,
                "column": f.start.column if f.start else None,
                "message": f.diagnostic.message,
            }
            for f in c.findings
        ],
    }


def render_json(c: Comparison, out: IO[str]) -> None:
    json.dump(as_json(c), out, ensure_ascii=False, indent=2)
    out.write("\n")


def render_html(c: Comparison, out: IO[str]) -> None:
    from gklint.report.html import page_head
    from gklint.report.html_common import load_ui

    out.write(page_head(load_ui()))
    out.write(html_section(c))
    out.write("</main></body></html>\n")


def html_section(c: Comparison) -> str:
    """The comparison as one section of a page in the html report's style (also on `gklint serve`'s
    result page)."""
    body = c.new_data.agency or c.old_data.agency or ""
    head = "<thead><tr><th>栏目</th><th>上年</th><th>本年</th><th>变化</th></tr></thead>"
    rows = "".join(_row((f.name, f.old, f.new, f.change)) for f in c.figures)
    return (
        f'<section class="report"><h2>{esc(body)} 年度对比</h2>'
        f"<p>上年：{esc(_title(c.old_data, c.old))}<br>本年：{esc(_title(c.new_data, c.new))}</p>"
        f"<h3>主要数字</h3><table>{head}<tbody>{rows}</tbody></table>"
        f"<h3>跨年度检查</h3>{_findings_html(c.findings)}</section>"
    )


def _row(cells: Sequence[str]) -> str:
    return "<tr>" + "".join(f"<td>{esc(x)}</td>" for x in cells) + "</tr>"


def _findings_html(findings: Sequence[Finding]) -> str:
    if not findings:
        return "<p>未发现问题。</p>"
    items = []
    for f in findings:
        where = f"第{f.start.line}行第{f.start.column}列 " if f.start else ""
        d = f.diagnostic
        items.append(
            f'<li class="sev-{esc(d.severity)}"><b>{esc(d.code)}</b> {esc(where)}{esc(d.message)}</li>'
        )
    return "<ul>" + "".join(items) + "</ul>"


RENDERERS = {"text": render_text, "json": render_json, "html": render_html}


def run_compare(old: str, new: str, fmt: str, out: IO[str]) -> int:
    """Check both reports, pair NEW with OLD, render the comparison. 0: no cross-year error;
    1: some; 2: a report could not be read (the message names it)."""
    from gklint.batch import Job, check_job, selected_rules
    from gklint.config import base_settings, find_config
    from gklint.errors import GklintError
    from gklint.series.postpass import add_series_findings

    jobs = [Job(p, base_settings(find_config(Path(p))), series=True) for p in (old, new)]
    checked = [check_job(j) for j in jobs]
    for report in checked:
        if report.error:
            raise GklintError(report.path, report.error)
    if (checked[0].year or 0) > (checked[1].year or 0):
        checked.reverse()  # given newest first: the comparison still runs forward in time
    datas = [r.series for r in checked]
    assert datas[0] is not None and datas[1] is not None
    rules = selected_rules((), (), ())
    reports = add_series_findings(checked, lambda i: rules, explicit={1: 0})
    kinds = {r.meta.code: r.meta.kind for r in rules}
    comparison = compare(reports[0], reports[1], datas[0], datas[1], kinds)
    RENDERERS[fmt](comparison, out)
    failed = any(
        f.diagnostic.severity == "error" and f.diagnostic.outcome == "fail" for f in comparison.findings
    )
    return 1 if failed else 0
