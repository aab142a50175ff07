"""What the `check`, `rules` and `explain` commands do between the CLI's options and the runner:
settings (command line over configuration), files, rules, the batch run, suppressions and
baseline, rendering, and the exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gklint import cache as user_cache
from gklint import messages
from gklint.batch import Job, default_jobs, run_jobs, selected_metas
from gklint.config import ConfigFile, Settings, base_settings, find_config, for_file, load_config, matches
from gklint.errors import GklintError
from gklint.guard import BUDGET_CODE, Budget
from gklint.model import FileReport, Finding
from gklint.report import RENDERERS, SHOWS_SOURCE, RenderOptions, is_human
from gklint.rules import rule_set
from gklint.rules.select import unknown_selectors
from gklint.streamed import Streamed
from gklint.suppress import Baseline, apply_suppressions, write_baseline

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
REPORT_SUFFIXES = (".txt", ".docx", ".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml", ".pdf")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
RAW_FORMATS = frozenset({"json", "sarif"})
PROGRESS_AFTER = 3  # files: more than this shows a progress bar on a terminal
PAGES_AFTER = 20  # reports: more than this, the HTML report is an index page and a page per report


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
    exit_zero: bool = False
    jobs: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_bytes: int | None = None
    input_format: str = "auto"
    previous: Path | None = None  # --previous: the previous year's report of every file checked
    timeout: float | None = None
    no_cache: bool = False


def _stderr():  # noqa: ANN202 - a rich Console; rich is imported only when something is said
    from rich.console import Console

    # soft_wrap: a long "path:line: message" must stay on one line for editors and grep.
    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def _error(text: str) -> None:
    from rich.markup import escape

    _stderr().print(f"[bold red]gklint:[/] {escape(text)}")


def _say(text: str) -> None:
    from rich.markup import escape

    _stderr().print(escape(text))


def run_check(request: CheckRequest) -> int:
    try:
        with ExitStack() as stack:  # what the run opens: no cache (--no-cache), the series store
            if request.no_cache:
                stack.enter_context(user_cache.disabled())
            return _run(request, stack)
    except GklintError as e:
        _error(str(e))
        return EXIT_ERROR


def _run(request: CheckRequest, stack: ExitStack) -> int:
    fmt = output_format(request)
    explicit = load_config(request.config) if request.config else None
    if request.config and explicit is None:
        raise GklintError(str(request.config), messages.text("config-no-section"))
    skipped: list[FileReport] = []
    jobs = [
        replace(job, keep_text=fmt in SHOWS_SOURCE)
        for path in request.paths
        for job in _jobs(path, request, explicit, skipped)
    ]
    settings = [job.settings for job in jobs] or [_settings(request, explicit)]
    for s in {(tuple(x.rules), x.select, x.ignore) for x in settings}:
        _check_selectors(*s)
    jobs, previous, added = _series_jobs(jobs, request, explicit)
    _check_output(request.output, jobs)
    budget = Budget(settings[0].timeout, settings[0].max_memory)
    workers = request.jobs or default_jobs()
    series = any(job.series for job in jobs)
    if series:
        from gklint.series.store import run_store

        stack.enter_context(run_store())  # before the workers are forked: they write to it
    checked: Iterable[FileReport] = run_jobs(jobs, workers, _progress(fmt, len(jobs)), budget)
    if series:
        # A report's cross-year findings need its predecessor, which may come later in the
        # batch: a series batch is gathered (without its series data) before it is printed.
        checked, jobs = _cross_year(list(checked), jobs, previous, added, budget, workers)
    streamed = _results(jobs, settings, checked, skipped)
    # Without a baseline (which needs them all) each file is printed as soon as it is done.
    reports = _baseline(request.baseline, list(streamed)) if request.baseline else Streamed(streamed, _flush)
    metas = selected_metas(tuple(settings[0].rules), settings[0].select, settings[0].ignore)
    _render(fmt, request, reports, list(metas))
    if not any(r.checked for r in reports):
        _nothing_checked(request, skipped)
        return EXIT_ERROR
    status = exit_status(reports, request.fail_on or settings[0].fail_on)
    return EXIT_CLEAN if request.exit_zero and status == EXIT_FINDINGS else status


# --output's suffix → the format it implies when --format is not given.
FORMAT_BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".sarif": "sarif",
    ".xml": "junit",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".txt": "text",
}
NEEDS_FILE = frozenset({"html", "xlsx"})  # a page or a workbook on a terminal helps no one


def output_format(request: CheckRequest) -> str:
    """--format; else what --output's suffix says; else github in GitHub Actions, text elsewhere."""
    fmt = request.fmt
    if fmt is None and request.output is not None:
        fmt = FORMAT_BY_SUFFIX.get(request.output.suffix.lower())
    fmt = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if fmt in NEEDS_FILE and request.output is None and sys.stdout.isatty():
        raise GklintError("--format", messages.text("format-needs-output", format=fmt))
    if fmt == "xlsx" and _missing("openpyxl"):
        raise GklintError("--format", messages.text("xlsx-extra-missing"))
    return fmt


def _missing(module: str) -> bool:
    import importlib.util  # for --format xlsx only

    return importlib.util.find_spec(module) is None


def _nothing_checked(request: CheckRequest, skipped: list[FileReport]) -> None:
    if skipped:
        text = messages.text("nothing-checked-skipped", count=len(skipped))
    else:
        text = messages.text("nothing-checked", paths="、".join(str(p) for p in request.paths))
    from rich.markup import escape

    _stderr().print(f"[bold yellow]gklint:[/] {escape(text)}")


def _series_jobs(
    jobs: list[Job], request: CheckRequest, explicit: ConfigFile | None
) -> tuple[list[Job], int | None, bool]:
    """Several reports (or --previous) are checked as series. The --previous report's job index,
    and whether it was added (checked only to be compared with) or is one of the inputs."""
    if len(jobs) < 2 and request.previous is None:
        return jobs, None, False
    jobs = [replace(job, series=True, series_store=True) for job in jobs]
    if request.previous is None:
        return jobs, None, False
    target = request.previous.resolve()
    found = next((i for i, j in enumerate(jobs) if j.data is None and Path(j.path).resolve() == target), None)
    if found is not None:
        return jobs, found, False
    extra = Job(
        str(request.previous), _settings(request, explicit, request.previous), series=True, series_store=True
    )
    return [*jobs, replace(extra, keep_text=jobs[0].keep_text if jobs else False)], len(jobs), True


def _cross_year(
    reports: list[FileReport],
    jobs: list[Job],
    previous: int | None,
    added: bool,
    budget: Budget,
    workers: int,
) -> tuple[Iterable[FileReport], list[Job]]:
    """The cross-year pass (gklint/series/batchpass.py); an added --previous report is then
    dropped from the output (it was checked only to be compared with)."""
    from gklint.series.batchpass import cross_year

    if previous is not None and added and reports[previous].error:
        reason = reports[previous].error
        raise GklintError(jobs[previous].path, messages.text("series-previous-missing", reason=reason))
    groups = {i: j.settings.series for i, j in enumerate(jobs) if j.settings.series}
    explicit = {i: previous for i in range(len(jobs)) if previous is not None and i != previous}
    checked = cross_year(reports, jobs, groups, explicit, budget, workers)
    if previous is not None and added:
        return _but_last(checked), jobs[:-1]
    return checked, jobs


def _but_last(items: Iterable[FileReport]) -> Iterator[FileReport]:
    """All but the last item, the last one read too (so what produces them finishes)."""
    held: list[FileReport] = []
    for item in items:
        yield from held
        held = [item]


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
        "timeout": request.timeout if request.timeout is not None else s.timeout,
    }
    return replace(s, **overrides)


def _jobs(
    path: Path, request: CheckRequest, explicit: ConfigFile | None, skipped: list[FileReport]
) -> Iterator[Job]:
    """The files to check; files of a folder gklint cannot read (.doc, images) go to `skipped`."""
    if str(path) == "-":
        settings = _settings(request, explicit)
        # One byte over the cap is enough to refuse it: /dev/zero as standard input must end.
        yield Job("-", settings, sys.stdin.buffer.read(settings.max_bytes + 1))
        return
    if not path.is_dir():
        yield Job(str(path), _settings(request, explicit, path))
        return
    folder_settings = _settings(request, explicit, path)
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        if matches(file, folder_settings.root, folder_settings.exclude):
            continue
        if folder_settings.include:
            if not matches(file, folder_settings.root, folder_settings.include):
                continue
        elif file.suffix.lower() not in REPORT_SUFFIXES:
            from gklint.read.decode import skipped_kinds

            if key := skipped_kinds().get(file.suffix.lower()):
                skipped.append(FileReport(str(file), skipped=messages.text(key)))
            continue
        yield Job(str(file), _settings(request, explicit, file))


def _check_selectors(folders: tuple[Path, ...], select: tuple[str, ...], ignore: tuple[str, ...]) -> None:
    if not (folders or select or ignore):
        return  # nothing to check: the built-in rules need not be loaded
    bad = unknown_selectors([*select, *ignore], list(selected_metas(folders, (), ())))
    if bad:
        raise GklintError("--select/--ignore", messages.text("unknown-selector", selectors=", ".join(bad)))


def _flush() -> None:
    sys.stdout.flush()


def _results(
    jobs: list[Job], settings: list[Settings], reports: Iterable[FileReport], skipped: list[FileReport]
) -> Iterator[FileReport]:
    """The checked reports with suppressions and the severity floor applied, then the files skipped
    (not reports) and unused suppressions."""
    used: set[str] = set()
    for report, job in zip(reports, jobs, strict=True):
        yield _threshold(apply_suppressions(report, job.settings, used), job.settings.severity)
    yield from skipped
    yield from _unused(settings, used)


def _check_output(output: Path | None, jobs: list[Job]) -> None:
    """`-o` must never name one of the inputs (it would be overwritten before or after it is read)."""
    if output is None or not output.exists():
        return
    target = output.resolve()
    for job in jobs:
        if job.data is None and Path(job.path).resolve() == target:
            raise GklintError(str(output), messages.text("output-is-input", path=output))


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
    if not seen:
        return []
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
                Diagnostic(
                    meta.code,
                    meta.name,
                    meta.severity,
                    rule.message.format(entry=o.removeprefix(f"{source} ")),
                    None,
                ),
                None,
                None,
                "",
            )
            for o in origins
        )
        out.append(FileReport(path=source, findings=findings, config=True))
    return out


def _baseline(path: Path | None, reports: list[FileReport]) -> list[FileReport]:
    if path is None:
        return reports
    baseline = Baseline.load(path)
    if baseline is None:
        count = write_baseline(path, reports)
        _say(messages.text("baseline-written", count=count, path=path))
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


def _render(fmt: str, request: CheckRequest, reports: Sequence[FileReport], rules: list) -> None:  # noqa: ANN001
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise GklintError(
            "--format", messages.text("unknown-format", format=fmt, formats=", ".join(RENDERERS))
        )
    if fmt not in RAW_FORMATS:  # JSON escapes control characters itself; consumers read them as data
        from gklint.report.sanitize import sanitized

        reports = Streamed(map(sanitized, reports))
    color = request.output is None and is_human(fmt) and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    pages = None
    if fmt == "html" and request.output and sum(r.checked for r in reports) > PAGES_AFTER:
        pages = request.output.with_name(request.output.stem + ".files")
    options = RenderOptions(color=color, statistics=request.statistics, quiet=request.quiet, pages=pages)
    if request.output:
        try:
            with request.output.open("w", encoding="utf-8", newline="" if fmt == "csv" else None) as out:
                renderer(reports, out, rules, options)
        except OSError as e:  # a missing folder, no permission, a full disk: say so, no traceback
            key = {FileNotFoundError: "output-no-folder", PermissionError: "output-no-permission"}.get(
                type(e)
            )
            reason = messages.text(key) if key else e.strerror or str(e)
            raise GklintError(str(request.output), messages.text("output-unwritable", reason=reason)) from e
        _written(reports, request.output, pages)
    else:
        renderer(reports, sys.stdout, rules, options)
    _step_summary(fmt, reports)


def _step_summary(fmt: str, reports: Sequence[FileReport]) -> None:
    """In GitHub Actions, every finding in the run's summary too (whatever the format: the
    Action's SARIF run is its only run), within what is left of GitHub's 1 MiB."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary or (fmt != "github" and os.environ.get("GITHUB_ACTIONS") != "true"):
        return
    from gklint.report.github import SUMMARY_LIMIT, step_summary

    used = Path(summary).stat().st_size if Path(summary).exists() else 0
    with open(summary, "a", encoding="utf-8") as out:
        step_summary(reports, out, SUMMARY_LIMIT - used)


def _written(reports: Sequence[FileReport], path: Path, pages: Path | None) -> None:
    """After --output: the totals and where the results went, so the run is never silent."""
    from gklint.report.overview import totals_line

    where = (
        messages.text("written-pages", path=path, pages=pages)
        if pages
        else messages.text("written", path=path)
    )
    sys.stdout.write(totals_line(reports) + where + "\n")


def exit_status(reports: Sequence[FileReport], fail_on: str = "error") -> int:
    """2 if a file could not be checked (unreadable, over its budget) or a rule crashed on it;
    1 if a finding at or above `fail_on`; else 0."""
    if any(r.error or any(_unchecked(f) for f in r.findings) for r in reports):
        return EXIT_ERROR
    floor = SEVERITY_RANK[fail_on]
    failing = (f for r in reports for f in r.findings if f.diagnostic.outcome == "fail")
    return (
        EXIT_FINDINGS if any(SEVERITY_RANK[f.diagnostic.severity] >= floor for f in failing) else EXIT_CLEAN
    )


def run_compare_command(old: Path, new: Path, fmt: str, output: Path | None) -> int:
    """`gklint compare`: the exit status, a clear message for a file that cannot be read."""
    from gklint.series.compare import run_compare

    try:
        if output is None:
            return run_compare(str(old), str(new), fmt, sys.stdout)
        with output.open("w", encoding="utf-8") as out:
            return run_compare(str(old), str(new), fmt, out)
    except GklintError as e:
        _error(str(e))
        return EXIT_ERROR


def _unchecked(finding: Finding) -> bool:
    return finding.diagnostic.outcome == "internal" or finding.diagnostic.code == BUDGET_CODE


def list_rules(extra: list[Path]) -> int:
    try:
        rules = rule_set(extra)
    except GklintError as e:
        _error(str(e))
        return EXIT_ERROR
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False, header_style="bold")
    for column in ("编号", "名称", "级别", "适用格式"):
        table.add_column(column, no_wrap=True)  # ids and names are looked up: never cut them short
    table.add_column("标题", overflow="fold")
    for r in rules:
        m = r.meta
        table.add_row(m.code, m.name, m.severity, "".join(m.eras), m.title)
    Console(emoji=False).print(table)
    return EXIT_CLEAN


def explain_rule(reference: str, extra: list[Path]) -> int:
    from rich.console import Console
    from rich.markdown import Markdown

    from gklint.report.ruledoc import rule_markdown

    try:
        rules = rule_set(extra)
    except GklintError as e:
        _error(str(e))
        return EXIT_ERROR
    found = [
        r for r in rules if reference.upper() == r.meta.code or reference in (r.meta.name, *r.meta.aliases)
    ]
    if not found:
        _say(messages.text("unknown-rule", rule=reference))
        return EXIT_ERROR
    Console(emoji=False).print(Markdown(rule_markdown(found[0].meta)))
    return EXIT_CLEAN
