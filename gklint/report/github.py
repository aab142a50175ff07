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

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, f: Finding) -> str:
    d = f.diagnostic
    props = [f"file={escape_property(path)}"]
    if f.start:
        props += [f"line={f.start.line}", f"col={f.start.column}"]
    if f.end:
        props += [f"endLine={f.end.line}", f"endColumn={f.end.column}"]
    props.append(f"title={escape_property(f'{d.code} {d.name}')}")
    command = "notice" if d.outcome == "not-assessable" else COMMAND[d.severity]
    return f"::{command} {','.join(props)}::{escape_data(d.message)}"


def render(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    for r in reports:
        out.write(f"::group::{escape_data(r.path)}\n")
        if r.error:
            line = f",line={r.error_line}" if r.error_line else ""
            out.write(f"::error file={escape_property(r.path)}{line},title=gklint::{escape_data(r.error)}\n")
        for f in r.findings:
            out.write(annotation(r.path, f) + "\n")
        out.write("::endgroup::\n")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def step_summary(reports: Sequence[FileReport], out: IO[str]) -> None:
    """Every finding as a Markdown table (the annotations GitHub shows are capped)."""
    findings = [(r, f) for r in reports for f in r.findings]
    errors = [r for r in reports if r.error]
    out.write(f"## gklint：检查了 {len(reports)} 个文件，发现 {len(findings)} 个问题\n\n")
    if errors:
        out.write("| 文件 | 无法检查的原因 |\n|---|---|\n")
        out.writelines(f"| {_cell(r.path)} | {_cell(r.error or '')} |\n" for r in errors)
        out.write("\n")
    if findings:
        out.write("| 文件 | 位置 | 规则 | 级别 | 说明 |\n|---|---|---|---|---|\n")
        for r, f in findings:
            where = f"{f.start.line}:{f.start.column}" if f.start else ""
            d = f.diagnostic
            out.write(
                f"| {_cell(r.path)} | {where} | {d.code} {d.name} | {d.severity} | {_cell(d.message)} |\n"
            )
