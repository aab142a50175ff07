"""`--format text`: findings grouped by file, each with its source line and the place marked, and
a summary by severity and by rule. Colour only on a terminal (rich honours NO_COLOR).

Each line is built once as styled pieces. On a terminal rich writes them in colour; anywhere else
(a pipe, a file, CI) they are written as plain text, which costs a few microseconds a finding
instead of rich's few hundred (and does not import rich at all unless the summary has a table).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import IO

from gklint.model import EXCERPT_MARGIN, FileReport, Finding, RuleMeta
from gklint.report import RenderOptions
from gklint.report.overview import facts, report_line, statistics_rows, totals_line, words

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_NAME = {"error": "错误", "warning": "警告", "info": "提示"}
_TAB = "    "
# Characters whose terminal width is known without rich's tables (checked against rich.cells):
# printable ASCII and Latin-1, general punctuation (1 column); CJK, its punctuation, full-width forms (2).
_KNOWN_WIDTH = re.compile(
    "[\x20-\x7e\xa0-\xff\u2010-\u2027\u3001-\u3029\u3030-\u303e\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]*"
)
_WIDE = re.compile("[\u3001-\u3029\u3030-\u303e\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]")

Piece = tuple[str, str]  # text, rich style ("" for none)
Line = list[Piece]
Write = Callable[[Line], None]


def render(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    if options.color:
        console = _console(out, color=True)

        def write(line: Line) -> None:
            from rich.text import Text

            console.print(Text.assemble(*line), highlight=False)
    else:
        console = None

        def write(line: Line) -> None:
            out.write("".join(text for text, _ in line) + "\n")

    for report in reports:
        if not options.quiet and report.findings and not report.error:
            for line in _file(report):
                write(line)
        else:  # one line: what was recognised in it, or why it was not checked
            style = "bold red" if report.error else "yellow" if report.skipped else ""
            write([(report_line(report), style)])
    _summary(reports, write, rules, options.statistics, console or out)


def _console(out: IO[str], *, color: bool):  # noqa: ANN202 - a rich Console, imported here only
    from rich.console import Console

    # emoji=False: rich would turn "report.txt:100:5" into "report.txt💯5" (its :100: emoji code).
    return Console(
        file=out, soft_wrap=True, force_terminal=color, no_color=not color, highlight=False, emoji=False
    )


def _file(report: FileReport) -> list[Line]:
    lines: list[Line] = [[(report.path, "bold underline"), ("  ", ""), (facts(report), "dim")]]
    for f in report.findings:
        lines += _finding(report.path, f)
    lines.append([])
    return lines


def _finding(path: str, f: Finding) -> list[Line]:
    d = f.diagnostic
    where = f"{f.start.line}:{f.start.column}" if f.start else "-"
    style = SEVERITY_STYLE[d.severity]
    label = "无法判断" if d.outcome == "not-assessable" else SEVERITY_NAME[d.severity]
    lines: list[Line] = [
        [
            (f"  {path}:{where}", "dim"),
            ("  ", ""),
            (label, style),
            (" ", ""),
            (d.code, "bold"),
            (f" {d.message}", ""),
        ]
    ]
    if f.start and f.line_text:
        text, caret = _excerpt(f)
        gutter = f"{f.start.line:>6} │ "
        lines.append([(gutter, "dim"), (text, "")])
        lines.append([(" " * (len(gutter) - 2), ""), ("│", "dim"), (" ", ""), (caret, style)])
    if f.location:
        lines.append([("         ", ""), (f"位置：{f.location}", "dim")])
    if d.hint:
        lines.append([("         ", ""), ("建议：", "green"), (d.hint, "")])
    return lines


def _excerpt(f: Finding) -> tuple[str, str]:
    """The line around the marked place (a window of it, if long) and a caret line under it.
    The finding holds the line from `line_from` on; the window is computed as on the whole line."""
    assert f.start is not None
    line, offset = f.line_text, f.line_from
    column = f.start.column - offset
    end_column = (f.end.column if f.end and f.end.line == f.start.line else f.start.column + 1) - offset
    start = max(column - 1 - EXCERPT_MARGIN, 0)
    stop = min(len(line), max(end_column - 1, column) + EXCERPT_MARGIN)
    prefix = "…" if offset + start > 0 else ""
    suffix = "…" if stop < len(line) or f.line_more else ""
    shown = line[start:stop]
    before = shown[: column - 1 - start].replace("\t", _TAB)
    marked = (
        shown[column - 1 - start : max(end_column - 1 - start, column - start)].replace("\t", _TAB) or " "
    )
    text = prefix + shown.replace("\t", _TAB) + suffix
    caret = " " * (_cells(prefix) + _cells(before)) + "^" * max(_cells(marked), 1)
    return text, caret


def _cells(text: str) -> int:
    """Terminal columns of a text, as rich counts them."""
    if _KNOWN_WIDTH.fullmatch(text):
        return len(text) + len(_WIDE.findall(text))
    from rich.cells import cell_len

    return cell_len(text)


def _summary(
    reports: Sequence[FileReport], write: Write, rules: Sequence[RuleMeta], statistics: bool, target: object
) -> None:
    write([(totals_line(reports), "bold")])
    if statistics or (any(r.findings for r in reports) and sum(r.checked for r in reports) > 1):
        _rule_table(reports, rules, target)


def _rule_table(reports: Sequence[FileReport], rules: Sequence[RuleMeta], target: object) -> None:
    """The count of findings by rule, as a rich table (once a run, so rich is imported here)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = target if isinstance(target, Console) else _console(target, color=False)  # type: ignore[arg-type]
    table = Table(title=words()["statistics_title"], show_edge=False, header_style="bold")
    for column in words()["statistics_columns"]:
        table.add_column(column, overflow="fold")
    for row in statistics_rows(reports, rules):
        table.add_row(*(escape(x) for x in row))
    console.print(table)
