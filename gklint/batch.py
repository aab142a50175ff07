"""Checking many files: each with its own settings, in parallel processes, in a stable order.

Workers (guard.py: forked once per run, reused, each file under the time and memory budget)
receive plain, picklable jobs; rules and the parser are loaded in the parent before the fork.
Results come back in the order of the jobs whatever the number of workers, so `--jobs 1` and
`--jobs 2` print the same thing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gklint import codecache
from gklint.config import Settings
from gklint.guard import Budget, GuardedPool
from gklint.model import FileReport, Finding, RuleMeta
from gklint.results import CheckOptions, builtin_metas, cached_key, load_cached
from gklint.rules import rule_set
from gklint.rules.select import is_selected

if TYPE_CHECKING:
    from gklint.rules import Rule


@dataclass(frozen=True)
class Job:
    """One file to check and how (what a worker is sent)."""

    path: str
    settings: Settings
    data: bytes | None = None  # standard input
    keep_text: bool = False  # for renderers that show the report (html)
    series: bool = False  # checked with other years of its body (the cross-year post-pass)
    series_store: bool = False  # its series data in the store, not in its report (a batch's)


@cache
def selected_rules(
    folders: tuple[Path, ...], select: tuple[str, ...], ignore: tuple[str, ...]
) -> tuple[Rule, ...]:
    return tuple(r for r in rule_set(folders) if is_selected(r.meta, select, ignore))


@cache
def selected_metas(
    folders: tuple[Path, ...], select: tuple[str, ...], ignore: tuple[str, ...]
) -> tuple[RuleMeta, ...]:
    """The selected rules' metadata; for the built-in rules from the cache, without loading them."""
    metas = builtin_metas() if not folders else None
    if metas is None:
        return tuple(r.meta for r in selected_rules(folders, select, ignore))
    return tuple(m for m in metas if is_selected(m, select, ignore))


def job_options(job: Job, rules: tuple[Rule, ...]) -> CheckOptions:
    s = job.settings
    return CheckOptions(
        rules=rules,
        max_bytes=s.max_bytes,
        settings=(("deadlines", dict(s.deadlines)),) if s.deadlines else (),
        year=s.year,
        era=s.era,
        rule_severity=s.rule_severity,
        keep_text=job.keep_text,
        input_format=s.input_format,
        series=job.series,
        series_store=job.series_store,
    )


def check_job(job: Job) -> FileReport:
    from gklint.runner import check_path

    s = job.settings
    report = check_path(job.path, job_options(job, selected_rules(s.rules, s.select, s.ignore)), job.data)
    codecache.save()  # a worker: most patterns are first compiled here
    return report


def _cached_key(job: Job) -> str | None:
    """The key of the job's result if the cache holds one: looked up here, in the parent, a
    re-run of an unchanged file loads no rules or parser and forks no worker."""
    s = job.settings
    return cached_key(job.path, job.data, job_options(job, ()), selected_metas(s.rules, s.select, s.ignore))


class SharedFindings:
    """Equal findings of a batch kept once: copies of one report (a folder of republished reports)
    find the same things, and a batch holds every report's findings until its summary is printed.
    Findings are immutable values, so sharing one is invisible."""

    def __init__(self) -> None:
        self._seen: dict[Finding, Finding] = {}

    def __call__(self, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        try:
            seen = self._seen
            return tuple([seen.setdefault(f, f) for f in findings])
        except TypeError:  # a value that cannot be hashed (a signalling NaN): kept as it is
            return findings

    def report(self, report: FileReport) -> FileReport:
        return replace(report, findings=self(report.findings)) if report.findings else report


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _breach(job: Job, kind: str) -> FileReport:
    from gklint.guard import budget_report

    return budget_report(job.path, kind)


def _warm(jobs: list[Job]) -> None:
    """Load rules and build the parser once in the parent, so forked workers inherit them.

    One file's worker loads the built-in rules and builds the parser itself (and only if the file
    is not in the result cache): the parent does not need them, and a worker writes to much of
    what it inherits (reference counts), each page it touches copied (~3 µs): made in the
    worker, they cost a single-file check ~2.5 ms less. A user's rule folders are still loaded
    here, where a rule file's error is reported as such."""
    if len(jobs) == 1 and not jobs[0].settings.rules:
        return
    for s in {(j.settings.rules, j.settings.select, j.settings.ignore) for j in jobs}:
        selected_rules(*s)
    if len(jobs) > 1:
        from gklint.parse.grammar import report_parser

        report_parser()


def run_jobs(
    jobs: list[Job],
    workers: int,
    progress: Callable[[Iterable[FileReport], int], Iterator[FileReport]] | None = None,
    budget: Budget | None = None,
) -> Iterator[FileReport]:
    """Every job's report, in job order, each as soon as it is done; every file under `budget`
    in a worker process (guard.py), also with one worker."""
    keys = [_cached_key(job) for job in jobs]
    todo = [job for job, key in zip(jobs, keys, strict=True) if key is None]
    _warm(todo)
    budget = budget or Budget()
    pool = GuardedPool(check_job, _breach, budget, max(1, min(workers, len(todo))))
    shared = SharedFindings()
    try:
        fresh = pool.map(todo)
        results = (
            shared.report(next(fresh) if key is None else _cached(job, key, budget))
            for job, key in zip(jobs, keys, strict=True)
        )
        yield from (progress(results, len(jobs)) if progress else results)
    finally:
        pool.close()


def _cached(job: Job, key: str, budget: Budget) -> FileReport:
    """The cached result; should the entry have gone bad since it was found, the job is checked."""
    found = load_cached(key)
    if found is not None:
        return found
    with GuardedPool(check_job, _breach, budget, 1) as pool:
        return next(iter(pool.map([job])))


def outline_file(job: tuple[str, str]) -> dict[str, Any]:
    """`gklint parse` for one file (path, input format): its outline, or its error."""
    from gklint import messages
    from gklint.errors import GklintError
    from gklint.outline import outline
    from gklint.runner import analyze_path

    path, input_format = job
    try:
        a = analyze_path(path, input_format=input_format)
        return outline(a.source, a.parsed, a.extraction)
    except GklintError as e:
        return {"path": path, "error": e.message, "line": e.line}
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - the file boundary, as in check: the other files go on
        return {
            "path": path,
            "error": messages.text("file-crashed", error=f"{type(e).__name__}: {e}"),
            "line": None,
        }


def _outline_breach(job: tuple[str, str], kind: str) -> dict[str, Any]:
    from gklint.guard import budget_report

    return {"path": job[0], "error": budget_report(job[0], kind).findings[0].diagnostic.message, "line": None}


def outline_files(
    paths: list[str], input_format: str, budget: Budget | None = None
) -> Iterator[dict[str, Any]]:
    """`gklint parse` for many files, each under the budget in a worker process, in order."""
    from gklint.parse.grammar import report_parser

    report_parser()
    with GuardedPool(outline_file, _outline_breach, budget or Budget(), 1) as pool:
        yield from pool.map([(p, input_format) for p in paths])
