"""Checking uploads off the event loop, each file under the per-file budget (gklint/guard.py):
a worker process forked for the file, with a memory cap and a deadline; a file over its budget
gets the budget finding (GK002), as in `gklint check`. At most one check per core runs at once;
the event loop only waits (the worker is watched from a thread)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from gklint import messages
from gklint.batch import Job, check_job, selected_rules
from gklint.config import Settings
from gklint.guard import Budget, GuardedPool, budget_report
from gklint.model import FileReport
from gklint.serve.limits import Limits
from gklint.serve.uploads import Upload, mb


def _breach(job: Job, kind: str) -> FileReport:
    return budget_report(job.path, kind)


class Checker:
    def __init__(self, limits: Limits, work: Callable[[Job], FileReport] = check_job) -> None:
        self.limits = limits
        self.work = work  # runs in the forked worker
        self.budget = Budget(seconds=limits.seconds)
        self._free = asyncio.Semaphore(limits.pool_size())  # cores not running a check

    def warm(self) -> None:
        """Load the rules and build the parser before any worker is forked, so each inherits them."""
        from gklint.parse.grammar import report_parser

        selected_rules((), (), ())
        report_parser()

    def close(self) -> None:
        """Nothing to stop: each file's worker ends with its check."""

    async def check(self, upload: Upload, series: bool = False) -> FileReport:
        """One uploaded file's report (errors and budget findings included); never raises. `series`:
        keep what the cross-year post-pass needs (several uploads are checked as a series, as by
        `gklint check`)."""
        if upload.too_large:
            error = messages.text(
                "serve-file-too-large", size=mb(upload.size), limit=mb(self.limits.file_bytes)
            )
            return FileReport(path=upload.name, error=error)
        settings = Settings(
            max_bytes=self.limits.file_bytes, input_format="text" if upload.pasted else "auto"
        )
        return await self.run(Job(upload.name, settings, upload.data, keep_text=True, series=series))

    async def run(self, job: Job) -> FileReport:
        """One job in its own worker process, under the budget."""
        async with self._free:
            return await asyncio.to_thread(self._guarded, job)

    def _guarded(self, job: Job) -> FileReport:
        with GuardedPool(self.work, _breach, self.budget, 1) as pool:
            return next(iter(pool.map([job])))
