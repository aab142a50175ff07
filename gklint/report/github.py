"""`--format github`: GitHub Actions workflow commands, one a line, one ::group:: per file.

GitHub shows only 10 error and 10 warning annotations per step, so `step_summary` writes every
finding as a Markdown table for $GITHUB_STEP_SUMMARY. Everything taken from a report is escaped
as GitHub requires: in the message %, CR and LF; in properties also ":" and ",".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from gklint.model import FileReport, Finding, RuleMeta
from gklint.report import RenderOptions
from gklint.report.overview import status, totals_line, words

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, f: Finding) -> str:
    """One workflow command. Lines and columns only for text files: in a Word, web or PDF report
    they count lines of gklint's conversion, which GitHub would pin on the wrong place; there the
    place in the document (第12段, 第2个表格第3行) leads the message instead."""
    d = f.diagnostic
    props = [f"file={escape_property(path)}"]
    if f.start and not f.location:
        props += [f"line={f.start.line}", f"col={f.start.column}"]
        if f.end:
            props += [f"endLine={f.end.line}", f"endColumn={f.end.column}"]
    props.append(f"title={escape_property(f'{d.code} {d.name}')}")
    command = "notice" if d.outcome == "not-assessable" else COMMAND[d.severity]
    message = f"{f.location}：{d.message}" if f.location else d.message
    return f"::{command} {','.join(props)}::{escape_data(message)}"


def render(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    for r in reports:
        out.write(f"::group::{escape_data(r.path)}\n")
        if r.error:
            line = f",line={r.error_line}" if r.error_line else ""
            out.write(f"::error file={escape_property(r.path)}{line},title=gklint::{escape_data(r.error)}\n")
        if r.skipped:
            out.write(f"::notice file={escape_property(r.path)},title=gklint::{escape_data(status(r))}\n")
        for f in r.findings:
            out.write(annotation(r.path, f) + "\n")
        out.write("::endgroup::\n")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


# GitHub refuses a step summary over 1 MiB (and then shows none of it); keep room for the closing note.
SUMMARY_LIMIT = 1024 * 1024
_RESERVE = 2048


def step_summary(reports: Sequence[FileReport], out: IO[str], limit: int = SUMMARY_LIMIT) -> None:
    """Every finding as a Markdown table (the annotations GitHub shows are capped), in at most
    `limit` bytes: rows past it are counted in a closing note instead of written."""
    findings = [(r, f) for r in reports for f in r.findings]
    unchecked = [r for r in reports if r.error or r.skipped]
    lines = [f"## gklint：{totals_line(reports)}\n\n"]
    if unchecked:
        lines.append("| 文件 | 无法检查或未检查的原因 |\n|---|---|\n")
        lines.extend(f"| {_cell(r.path)} | {_cell(r.error or r.skipped or '')} |\n" for r in unchecked)
        lines.append("\n")
    if findings:
        lines.append("| 文件 | 位置 | 规则 | 级别 | 说明 |\n|---|---|---|---|---|\n")
        for r, f in findings:
            where = f.location or (f"{f.start.line}:{f.start.column}" if f.start else "")
            d = f.diagnostic
            level = (
                words()["unassessed"] if d.outcome == "not-assessable" else words()["severity"][d.severity]
            )
            lines.append(f"| {_cell(r.path)} | {_cell(where)} | {d.code} | {level} | {_cell(d.message)} |\n")
    used, budget = 0, limit - _RESERVE
    for i, line in enumerate(lines):
        size = len(line.encode("utf-8"))
        if used + size > budget:
            out.write(
                f"\n……还有 {len(lines) - i} 行未列出（GitHub 运行摘要最多 1 MiB）。全部问题见 gklint 的 JSON、CSV 或 SARIF 输出。\n"
            )
            return
        out.write(line)
        used += size
