"""What the `check`, `rules` and `explain` commands do, between the CLI's options and the runner:
load and select rules, check every file, render, and decide the exit status."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.table import Table

from gklint import messages
from gklint.errors import GklintError
from gklint.model import FileReport
from gklint.rules import Rule, rule_set
from gklint.rules.select import is_selected, unknown_selectors
from gklint.runner import CheckOptions, check_path

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _stderr() -> Console:
    return Console(stderr=True)


def load_selected(extra: list[Path], select: list[str], ignore: list[str]) -> list[Rule]:
    rules = rule_set(extra)
    bad = unknown_selectors([*select, *ignore], [r.meta for r in rules])
    if bad:
        raise GklintError("--select/--ignore", messages.text("unknown-selector", selectors=", ".join(bad)))
    return [r for r in rules if is_selected(r.meta, select, ignore)]


def run_check(
    files: list[Path], fmt: str, select: list[str], ignore: list[str], extra: list[Path], quiet: bool
) -> int:
    from gklint.cli import report_files

    try:
        rules = load_selected(extra, select, ignore)
    except GklintError as e:
        _stderr().print(f"[bold red]gklint:[/] {escape(str(e))}")
        return EXIT_ERROR
    options = CheckOptions(tuple(rules))
    reports = [
        check_path(p, options, sys.stdin.buffer.read() if str(p) == "-" else None)
        for p in report_files(files)
    ]
    render(reports, fmt, quiet)
    return exit_status(reports)


def render(reports: list[FileReport], fmt: str, quiet: bool) -> None:
    if fmt == "json":
        from gklint.report.json_format import render_json

        render_json(reports, sys.stdout)
        return
    from gklint.report.text import render_text

    render_text(reports, Console(soft_wrap=True), findings=not quiet)


def exit_status(reports: list[FileReport]) -> int:
    if any(r.error for r in reports):
        return EXIT_ERROR
    if any(
        f.diagnostic.severity == "error" and f.diagnostic.outcome != "not-assessable"
        for r in reports
        for f in r.findings
    ):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def list_rules(extra: list[Path]) -> int:
    try:
        rules = rule_set(extra)
    except GklintError as e:
        _stderr().print(f"[bold red]gklint:[/] {escape(str(e))}")
        return EXIT_ERROR
    table = Table(show_edge=False, header_style="bold")
    for column in ("编号", "名称", "级别", "适用格式", "标题"):
        table.add_column(column)
    for r in rules:
        m = r.meta
        table.add_row(m.code, m.name, m.severity, "".join(m.eras), m.title)
    Console().print(table)
    return EXIT_CLEAN


def explain_rule(reference: str, extra: list[Path]) -> int:
    from gklint.report.ruledoc import rule_markdown

    try:
        rules = rule_set(extra)
    except GklintError as e:
        _stderr().print(f"[bold red]gklint:[/] {escape(str(e))}")
        return EXIT_ERROR
    found = [
        r for r in rules if reference.upper() == r.meta.code or reference in (r.meta.name, *r.meta.aliases)
    ]
    if not found:
        _stderr().print(escape(messages.text("unknown-rule", rule=reference)))
        return EXIT_ERROR
    Console().print(Markdown(rule_markdown(found[0].meta)))
    return EXIT_CLEAN
