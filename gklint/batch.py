"""Checking many files: each with its own settings, in parallel processes, in a stable order.

Workers receive only plain, picklable jobs and load their rules once per process; results come
back in the order of the jobs whatever the number of workers, so `--jobs 1` and `--jobs 2` print
the same thing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gklint.config import Settings
from gklint.model import FileReport
from gklint.rules import Rule, rule_set
from gklint.rules.select import is_selected
from gklint.runner import CheckOptions, check_path


@dataclass(frozen=True)
class Job:
    path: str
    settings: Settings
    data: bytes | None = None  # standard input
    keep_text: bool = False  # for renderers that show the report (html)
    series: bool = False  # checked with other years of its body (the cross-year post-pass)


@cache
def selected_rules(
    folders: tuple[Path, ...], select: tuple[str, ...], ignore: tuple[str, ...]
) -> tuple[Rule, ...]:
    return tuple(r for r in rule_set(folders) if is_selected(r.meta, select, ignore))


def check_job(job: Job) -> FileReport:
    s = job.settings
    options = CheckOptions(
        rules=selected_rules(s.rules, s.select, s.ignore),
        max_bytes=s.max_bytes,
        settings=(("deadlines", dict(s.deadlines)),) if s.deadlines else (),
        year=s.year,
        era=s.era,
        rule_severity=s.rule_severity,
        keep_text=job.keep_text,
        input_format=s.input_format,
        series=job.series,
    )
    return check_path(job.path, options, job.data)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_jobs(
    jobs: list[Job],
    workers: int,
    progress: Callable[[Iterable[FileReport], int], Iterator[FileReport]] | None = None,
) -> list[FileReport]:
    """Every job's report, in job order."""
    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        results: Iterable[FileReport] = map(check_job, jobs)
        return list(progress(results, len(jobs)) if progress else results)
    chunk = max(1, min(16, len(jobs) // (workers * 4)))
    context = "fork" if sys.platform.startswith("linux") else None
    import multiprocessing  # a single file never pays for the process pool's imports
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(context)) as pool:
        results = pool.map(check_job, jobs, chunksize=chunk)
        return list(progress(results, len(jobs)) if progress else results)
