"""What the `check`, `rules` and `explain` commands do between the CLI's options and the runner:
settings (command line over configuration), files, rules, the batch run, suppressions and
baseline, rendering, and the exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from gklint import messages
from gklint.batch import Job, default_jobs, run_jobs, selected_rules
from gklint.config import ConfigFile, Settings, base_settings, find_config, for_file, load_config, matches
from gklint.errors import GklintError
from gklint.model import FileReport, Finding
from gklint.report import RENDERERS, SHOWS_SOURCE, RenderOptions, is_human
from gklint.rules import rule_set
from gklint.rules.select import unknown_selectors
from gklint.suppress import Baseline, apply_suppressions, write_baseline

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
REPORT_SUFFIXES = (".txt", ".docx", ".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml", ".pdf")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
PROGRESS_AFTER = 3  # files: more than this shows a progress bar on a terminal


@dataclass(frozen=True)
class CheckRequest:
    """The command line of `gklint check`, as given (None: not given, take the configuration)."""

    paths: tuple[Path, ...]
    fmt: str | None = None
    output: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules: tuple[Path, ...] = ()
    severity: str | None = None
    fail_on: str | None = None
    year: int | None = None
    era: str | None = None
    statistics: bool = False
    quiet: bool = False
    config: Path | None = None
    no_config: bool = False
    baseline: Path | None = None
    jobs: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_bytes: int | None = None
    input_format: str = "auto"


def _stderr() -> Console:
    # soft_wrap: a long "path:line: message" must stay on one line for editors and grep.
    return Console(stderr=True, highlight=False, soft_wrap=True)


def run_check(request: CheckRequest) -> int:
    try:
        return _run(request)
    except GklintError as e:
        _stderr().print(f"[bold red]gklint:[/] {escape(str(e))}")
        return EXIT_ERROR


def _run(request: CheckRequest) -> int:
    fmt = request.fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    explicit = load_config(request.config) if request.config else None
    if request.config and explicit is None:
        raise GklintError(str(request.config), messages.text("config-no-section"))
    jobs = [
        replace(job, keep_text=fmt in SHOWS_SOURCE)
        for path in request.paths
        for job in _jobs(path, request, explicit)
    ]
    settings = [job.settings for job in jobs] or [_settings(request, explicit)]
    for s in {(tuple(x.rules), x.select, x.ignore) for x in settings}:
        _check_selectors(*s)
    reports = run_jobs(jobs, request.jobs or default_jobs(), _progress(fmt, len(jobs)))
    used: set[str] = set()
    reports = [apply_suppressions(r, j.settings, used) for r, j in zip(reports, jobs, strict=True)]
    reports = [_threshold(r, j.settings.severity) for r, j in zip(reports, jobs, strict=True)]
    reports += _unused(settings, used)
    reports = _baseline(request.baseline, reports)
    rules = selected_rules(tuple(settings[0].rules), settings[0].select, settings[0].ignore)
    _render(fmt, request, reports, [r.meta for r in rules])
    return exit_status(reports, request.fail_on or settings[0].fail_on)


def _settings(request: CheckRequest, explicit: ConfigFile | None, path: Path | None = None) -> Settings:
    config = explicit if (explicit or request.no_config) else find_config(path or Path.cwd())
    s = base_settings(config)
    if path is not None:
        s = for_file(s, config, path)
    overrides: dict[str, Any] = {
        "select": tuple(request.select) or s.select,
        "ignore": (*s.ignore, *request.ignore),
        "rules": (*s.rules, *(p.resolve() for p in request.rules)),
        "severity": request.severity or s.severity,
        "fail_on": request.fail_on or s.fail_on,
        "year": request.year if request.year is not None else s.year,
        "era": request.era or s.era,
        "include": tuple(request.include) or s.include,
        "exclude": (*s.exclude, *request.exclude),
        "max_bytes": request.max_bytes or s.max_bytes,
        "input_format": request.input_format,
    }
    return replace(s, **overrides)


def _jobs(path: Path, request: CheckRequest, explicit: ConfigFile | None) -> Iterator[Job]:
    if str(path) == "-":
        yield Job("-", _settings(request, explicit), sys.stdin.buffer.read())
        return
    if not path.is_dir():
        yield Job(str(path), _settings(request, explicit, path))
        return
    folder_settings = _settings(request, explicit, path)
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        if folder_settings.include:
            if not matches(file, folder_settings.root, folder_settings.include):
                continue
        elif file.suffix.lower() not in REPORT_SUFFIXES:
            continue
        if matches(file, folder_settings.root, folder_settings.exclude):
            continue
        yield Job(str(file), _settings(request, explicit, file))


def _check_selectors(folders: tuple[Path, ...], select: tuple[str, ...], ignore: tuple[str, ...]) -> None:
    bad = unknown_selectors([*select, *ignore], [r.meta for r in rule_set(folders)])
    if bad:
        raise GklintError("--select/--ignore", messages.text("unknown-selector", selectors=", ".join(bad)))


def _threshold(report: FileReport, severity: str) -> FileReport:
    floor = SEVERITY_RANK[severity]
    return replace(
        report, findings=tuple(f for f in report.findings if SEVERITY_RANK[f.diagnostic.severity] >= floor)
    )


def _unused(settings: list[Settings], used: set[str]) -> list[FileReport]:
    """Suppressions that matched nothing, reported on their configuration file."""
    from gklint.model import Diagnostic

    seen: dict[str, list[str]] = {}
    for s in settings:
        for entry in s.suppress:
            if entry.origin not in used and entry.origin not in sum(seen.values(), []):
                seen.setdefault(s.source or "", []).append(entry.origin)
    rule = next(
        (r for r in rule_set() if r.meta.kind == "meta" and r.meta.name == "unused-suppression"), None
    )
    if rule is None:
        return []
    meta = rule.meta
    out = []
    for source, origins in seen.items():
        findings = tuple(
            Finding(
                Diagnostic(meta.code, meta.name, meta.severity, rule.message.format(entry=o), None),
                None,
                None,
                "",
            )
            for o in origins
        )
        out.append(FileReport(path=source, findings=findings))
    return out


def _baseline(path: Path | None, reports: list[FileReport]) -> list[FileReport]:
    if path is None:
        return reports
    baseline = Baseline.load(path)
    if baseline is None:
        count = write_baseline(path, reports)
        _stderr().print(escape(messages.text("baseline-written", count=count, path=path)))
        return [replace(r, findings=()) for r in reports]
    return [baseline.new_only(r) for r in reports]


def _progress(fmt: str, total: int):  # noqa: ANN202 - a progress wrapper or None
    """A rich progress bar on stderr, only for human output on a terminal and more than a few files."""
    if not is_human(fmt) or total <= PROGRESS_AFTER or not sys.stderr.isatty():
        return None

    def wrap(results: Iterable[FileReport], count: int) -> Iterator[FileReport]:
        from rich.progress import Progress

        with Progress(console=_stderr(), transient=True) as progress:
            task = progress.add_task("检查中", total=count)
            for report in results:
                progress.advance(task)
                yield report

    return wrap


def _render(fmt: str, request: CheckRequest, reports: list[FileReport], rules: list) -> None:  # noqa: ANN001
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise GklintError(
            "--format", messages.text("unknown-format", format=fmt, formats=", ".join(RENDERERS))
        )
    color = request.output is None and is_human(fmt) and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    options = RenderOptions(color=color, statistics=request.statistics, quiet=request.quiet)
    if request.output:
        with request.output.open("w", encoding="utf-8") as out:
            renderer(reports, out, rules, options)
    else:
        renderer(reports, sys.stdout, rules, options)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary:
        from gklint.report.github import step_summary

        with open(summary, "a", encoding="utf-8") as out:
            step_summary(reports, out)


def exit_status(reports: list[FileReport], fail_on: str = "error") -> int:
    """2 if a file could not be checked; 1 if a finding at or above `fail_on`; else 0."""
    if any(r.error for r in reports):
        return EXIT_ERROR
    floor = SEVERITY_RANK[fail_on]
    failing = (f for r in reports for f in r.findings if f.diagnostic.outcome == "fail")
    return (
        EXIT_FINDINGS if any(SEVERITY_RANK[f.diagnostic.severity] >= floor for f in failing) else EXIT_CLEAN
    )


def list_rules(extra: list[Path]) -> int:
    try:
        rules = rule_set(extra)
    except GklintError as e:
        _stderr().print(f"[bold red]gklint:[/] {escape(str(e))}")
        return EXIT_ERROR
    from rich.table import Table

    table = Table(show_edge=False, header_style="bold")
    for column in ("编号", "名称", "级别", "适用格式"):
        table.add_column(column, no_wrap=True)  # ids and names are looked up: never cut them short
    table.add_column("标题", overflow="fold")
    for r in rules:
        m = r.meta
        table.add_row(m.code, m.name, m.severity, "".join(m.eras), m.title)
    Console().print(table)
    return EXIT_CLEAN


def explain_rule(reference: str, extra: list[Path]) -> int:
    from rich.markdown import Markdown

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
