"""Checking uploads off the event loop: a process pool sized to the cores, a time limit per file.

`Checker.run` is the one place that runs a check: when the guarded per-file check (worker
processes with time and memory budgets, branch `harden`) lands, it replaces this method's body and
the pool below. Until then a file past the time limit is reported as timed out and the pool is
replaced (its processes killed), since a running check cannot be interrupted from outside; jobs
that were running in the killed pool are tried once more in the new one. A job is handed to the
pool only when a worker is free, so its time limit counts its own check, not the queue before it.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from gklint import messages
from gklint.batch import Job, check_job, selected_rules
from gklint.config import Settings
from gklint.model import FileReport
from gklint.serve.limits import Limits
from gklint.serve.uploads import Upload, mb


def _warm() -> None:
    """Load the rules in a fresh worker, so that the first upload does not pay for it."""
    selected_rules((), (), ())


def _context() -> multiprocessing.context.BaseContext:
    # Not fork: the server process has threads (the pool's manager, the event loop's helpers).
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class Checker:
    def __init__(self, limits: Limits, work: Callable[[Job], FileReport] = check_job) -> None:
        self.limits = limits
        self.work = work  # runs in a worker process: a module-level function
        self._pool = self._new_pool()
        self._free = asyncio.Semaphore(limits.pool_size())  # workers not running a job

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.limits.pool_size(), mp_context=_context(), initializer=_warm)

    def close(self) -> None:
        _kill(self._pool)

    async def check(self, upload: Upload, series: bool = False) -> FileReport:
        """One uploaded file's report (errors included); never raises. `series`: uploaded with
        others, so it keeps what the cross-year post-pass needs."""
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
        """THE swap point for the guarded check: one job in a worker process, within the time limit."""
        async with self._free:
            return await self._run(job)

    async def _run(self, job: Job) -> FileReport:
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            pool = self._pool
            try:
                future = loop.run_in_executor(pool, self.work, job)
                return await asyncio.wait_for(future, self.limits.seconds)
            except asyncio.TimeoutError:  # the builtin TimeoutError only from Python 3.11
                self._replace(pool)
                seconds = f"{self.limits.seconds:g}"
                return FileReport(path=job.path, error=messages.text("serve-timeout", seconds=seconds))
            except BrokenProcessPool:
                self._replace(pool)  # a worker died (out of memory), or another job's timeout killed it
                if attempt == 2:
                    return FileReport(path=job.path, error=messages.text("serve-busy"))
        raise AssertionError("unreachable")

    def _replace(self, pool: ProcessPoolExecutor) -> None:
        if pool is self._pool:
            self._pool = self._new_pool()
            _kill(pool)

    def warm(self) -> None:
        """Start the workers now (each loads the rules), not at the first upload."""
        for _ in range(self.limits.pool_size()):
            self._pool.submit(_warm)


def _kill(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
