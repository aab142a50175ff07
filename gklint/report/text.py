"""`--format text`: findings grouped by file, each with its source line and the place marked, and
a summary by severity and by rule. Colour only on a terminal (rich honours NO_COLOR)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import IO

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from gklint.model import FileReport, Finding, RuleMeta
from gklint.report import RenderOptions

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_NAME = {"error": "错误", "warning": "警告", "info": "提示"}
_WINDOW = 60  # characters of a long source line shown around the marked place
_TAB = "    "


def render(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    # emoji=False: rich would turn "report.txt:100:5" into "report.txt💯5" (its :100: emoji code).
    console = Console(
        file=out,
        soft_wrap=True,
        force_terminal=options.color,
        no_color=not options.color,
        highlight=False,
        emoji=False,
    )
    render_text(reports, console, findings=not options.quiet, statistics=options.statistics)


def render_text(
    reports: Sequence[FileReport], console: Console, *, findings: bool = True, statistics: bool = False
) -> None:
    """Each file's findings (unless `findings` is False: the summary alone), then the summary."""
    for report in reports:
        if findings or report.error:
            _file(report, console)
    _summary(reports, console, statistics)


def _file(report: FileReport, console: Console) -> None:
    if report.error:
        where = f":{report.error_line}" if report.error_line else ""
        console.print(f"[bold]{escape(report.path)}{where}[/]  [bold red]无法检查[/]  {escape(report.error)}")
        return
    if not report.findings:
        return
    facts = " · ".join(
        x
        for x in (
            f"{report.year}年度" if report.year else "",
            f"格式{report.era}" if report.era else "",
            report.agency or "",
        )
        if x
    )
    console.print(f"[bold underline]{escape(report.path)}[/]  [dim]{escape(facts)}[/]")
    for f in report.findings:
        _finding(report.path, f, console)
    console.print()


def _finding(path: str, f: Finding, console: Console) -> None:
    d = f.diagnostic
    where = f"{f.start.line}:{f.start.column}" if f.start else "-"
    style = SEVERITY_STYLE[d.severity]
    label = "无法判断" if d.outcome == "not-assessable" else SEVERITY_NAME[d.severity]
    console.print(
        f"  [dim]{escape(path)}:{where}[/]  [{style}]{label}[/] [bold]{d.code}[/] {escape(d.message)}",
        highlight=False,
    )
    if f.start and f.line_text:
        text, caret = _excerpt(
            f.line_text,
            f.start.column,
            (f.end.column if f.end and f.end.line == f.start.line else f.start.column + 1),
        )
        gutter = f"{f.start.line:>6} │ "
        console.print(f"[dim]{gutter}[/]{escape(text)}", highlight=False)
        console.print(" " * (len(gutter) - 2) + "[dim]│[/] " + f"[{style}]{caret}[/]", highlight=False)
    if f.location:
        console.print(f"         [dim]位置：{escape(f.location)}[/]")
    if d.hint:
        console.print(f"         [green]建议：[/]{escape(d.hint)}", highlight=False)


def _excerpt(line: str, column: int, end_column: int) -> tuple[str, str]:
    """The line (a window of it, if long) and a caret line under columns [column, end_column)."""
    start = max(column - 1 - _WINDOW // 2, 0)
    stop = min(len(line), max(end_column - 1, column) + _WINDOW // 2)
    prefix = "…" if start > 0 else ""
    suffix = "…" if stop < len(line) else ""
    shown = line[start:stop]
    before = shown[: column - 1 - start].replace("\t", _TAB)
    marked = (
        shown[column - 1 - start : max(end_column - 1 - start, column - start)].replace("\t", _TAB) or " "
    )
    text = prefix + shown.replace("\t", _TAB) + suffix
    caret = " " * (cell_len(prefix) + cell_len(before)) + "^" * max(cell_len(marked), 1)
    return text, caret


def _summary(reports: Sequence[FileReport], console: Console, statistics: bool) -> None:
    findings = [f for r in reports for f in r.findings]
    errors = sum(1 for r in reports if r.error)
    by_severity = Counter(f.diagnostic.severity for f in findings if f.diagnostic.outcome != "not-assessable")
    unassessed = sum(1 for f in findings if f.diagnostic.outcome == "not-assessable")
    parts = [f"检查了 {len(reports)} 个文件"]
    parts += [
        f"[{SEVERITY_STYLE[s]}]{SEVERITY_NAME[s]} {by_severity[s]}[/]" for s in ("error", "warning", "info")
    ]
    if unassessed:
        parts.append(f"无法判断 {unassessed}")
    if errors:
        parts.append(f"[bold red]{errors} 个文件无法检查[/]")
    console.print("，".join(parts) + "。")
    if statistics or (findings and len(reports) > 1):
        table = Table(title="按规则统计", show_edge=False, header_style="bold")
        for column in ("规则", "名称", "级别", "数量"):
            table.add_column(column)
        counts = Counter((f.diagnostic.code, f.diagnostic.name, f.diagnostic.severity) for f in findings)
        for (code, name, severity), count in sorted(counts.items()):
            table.add_row(code, name, SEVERITY_NAME[severity], str(count))
        console.print(table)
