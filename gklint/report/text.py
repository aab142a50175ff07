"""`--format text`: findings grouped by file, each with its source line and the place marked, and
a summary by severity and by rule. Colour only on a terminal (rich honours NO_COLOR)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from gklint.model import FileReport, Finding, RuleMeta
from gklint.report import RenderOptions
from gklint.report.overview import facts, report_line, statistics_rows, totals_line, words

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
    render_text(reports, console, rules, findings=not options.quiet, statistics=options.statistics)


def render_text(
    reports: Sequence[FileReport],
    console: Console,
    rules: Sequence[RuleMeta] = (),
    *,
    findings: bool = True,
    statistics: bool = False,
) -> None:
    """Each file's findings (with `findings` False: one line per file), then the summary. A file
    with nothing to list still gets its line, saying what was recognised in it."""
    for report in reports:
        if findings and report.findings and not report.error:
            _file(report, console)
        else:
            style = "bold red" if report.error else "yellow" if report.skipped else None
            console.print(escape(report_line(report)), style=style, highlight=False)
    _summary(reports, console, rules, statistics)


def _file(report: FileReport, console: Console) -> None:
    console.print(f"[bold underline]{escape(report.path)}[/]  [dim]{escape(facts(report))}[/]")
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


def _summary(
    reports: Sequence[FileReport], console: Console, rules: Sequence[RuleMeta], statistics: bool
) -> None:
    console.print(f"[bold]{escape(totals_line(reports))}[/]")
    if statistics or (any(r.findings for r in reports) and sum(r.checked for r in reports) > 1):
        table = Table(title=words()["statistics_title"], show_edge=False, header_style="bold")
        for column in words()["statistics_columns"]:
            table.add_column(column, overflow="fold")
        for row in statistics_rows(reports, rules):
            table.add_row(*(escape(x) for x in row))
        console.print(table)
