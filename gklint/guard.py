"""The per-file budget: every file is read and checked in a worker process with a memory limit,
watched by the parent with a deadline, so no input can hang the run or exhaust the machine.

A worker that overruns its time is killed; one that runs out of memory dies or raises MemoryError
in a worker whose address space is capped. Either way that file gets the budget finding (GK002)
and the run goes on with a fresh worker. Workers are reused from file to file (a fork per batch,
not per file), and results come back as they finish, in input order.

Other front ends (the web server) check one input with `check_file_guarded`.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from gklint.model import FileReport

J = TypeVar("J")

DEFAULT_SECONDS = 30.0
DEFAULT_MEMORY = 1 << 30  # bytes of address space per worker
_HEADROOM = 64 << 20  # above the worker's size at start, so a small budget still leaves room to work


@dataclass(frozen=True)
class Budget:
    """What one file may cost: wall-clock seconds and bytes of address space (0: no limit)."""

    seconds: float = DEFAULT_SECONDS
    memory: int = DEFAULT_MEMORY


class BudgetExceeded(Exception):
    """Raised in the worker when the work runs out of memory (reported as the budget finding)."""


def _vm_size() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _limit_memory(memory: int) -> None:
    if not memory:
        return
    try:
        import resource

        limit = max(memory, _vm_size() + _HEADROOM)
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # not on this platform: the deadline still holds
        pass


def _worker(conn: Any, work: Callable[[Any], Any], memory: int) -> None:  # noqa: ANN401 - any job
    """Run jobs from `conn` until it closes; after a MemoryError the worker ends (its heap is suspect)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(memory)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = ("ok", work(job))
        except (MemoryError, BudgetExceeded):
            result = ("memory", None)
        try:
            conn.send(result)
        except MemoryError:
            os._exit(3)  # the parent sees a dead worker: the same budget finding
        if result[0] == "memory":
            return


class _Slot:
    """One worker process and the job it is running."""

    def __init__(self, context: Any, work: Callable[[Any], Any], memory: int) -> None:  # noqa: ANN401
        parent, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, work, memory), daemon=True)
        self.process.start()
        child.close()
        self.conn = parent
        self.index: int | None = None
        self.deadline = 0.0

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


Breach = Callable[[Any, str], Any]  # (job, "time" | "memory") → the job's result


class GuardedPool(Generic[J]):
    """Workers that run `work(job)` under `budget`; `breach(job, kind)` stands in for a lost result."""

    def __init__(self, work: Callable[[J], Any], breach: Breach, budget: Budget, workers: int) -> None:
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        self._context = multiprocessing.get_context(method)
        self._work, self._breach, self._budget = work, breach, budget
        self._size = max(1, workers)
        self._slots: list[_Slot] = []

    def __enter__(self) -> GuardedPool[J]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for slot in self._slots:
            slot.kill()
        self._slots = []

    def _spawn(self) -> _Slot:
        return _Slot(self._context, self._work, self._budget.memory)

    def map(self, jobs: Iterable[J]) -> Iterator[Any]:
        """Each job's result, in job order, each yielded as soon as it and those before it are done."""
        from multiprocessing.connection import wait

        todo = list(jobs)
        done: dict[int, Any] = {}
        following, sent = 0, 0
        idle: list[_Slot] = []
        while following < len(todo):
            while sent < len(todo) and (idle or len(self._slots) < self._size):
                slot = idle.pop() if idle else self._new_slot()
                self._send(slot, sent, todo[sent], idle, done)
                sent += 1
            busy = [s for s in self._slots if s.index is not None]
            if busy:
                timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
                ready = wait([s.conn for s in busy], None if not self._budget.seconds else timeout)
                for slot in busy:
                    if slot.conn in ready:
                        self._collect(slot, todo, done, idle)
                    elif self._budget.seconds and time.monotonic() >= slot.deadline:
                        self._lose(slot, todo, done, "time")
            while following in done:
                yield done.pop(following)
                following += 1

    def _new_slot(self) -> _Slot:
        slot = self._spawn()
        self._slots.append(slot)
        return slot

    def _send(self, slot: _Slot, index: int, job: J, idle: list[_Slot], done: dict[int, Any]) -> None:
        slot.index = index
        slot.deadline = time.monotonic() + self._budget.seconds
        try:
            slot.conn.send(job)
        except (OSError, ValueError):  # the worker died while idle: this job goes to a new one
            self._retire(slot)
            fresh = self._new_slot()
            fresh.index, fresh.deadline = index, slot.deadline
            fresh.conn.send(job)

    def _collect(self, slot: _Slot, todo: list[J], done: dict[int, Any], idle: list[_Slot]) -> None:
        index = slot.index
        assert index is not None
        try:
            status, result = slot.conn.recv()
        except (EOFError, OSError):  # killed (the OOM killer) or crashed hard: one file lost
            self._lose(slot, todo, done, "memory")
            return
        if status == "ok":
            done[index] = result
            slot.index = None
            idle.append(slot)
        else:
            self._lose(slot, todo, done, "memory")

    def _lose(self, slot: _Slot, todo: list[J], done: dict[int, Any], kind: str) -> None:
        assert slot.index is not None
        done[slot.index] = self._breach(todo[slot.index], kind)
        self._retire(slot)

    def _retire(self, slot: _Slot) -> None:
        slot.kill()
        self._slots.remove(slot)


def budget_report(path: str, kind: str) -> FileReport:
    """The budget finding (GK002) for a file whose check ran out of time or memory."""
    from gklint import messages
    from gklint.model import Diagnostic, Finding

    what = messages.text("budget-time" if kind == "time" else "budget-memory")
    message = messages.text("budget-exceeded", what=what)
    diagnostic = Diagnostic(BUDGET_CODE, "too-complex", "error", message, None)
    return FileReport(path=path, findings=(Finding(diagnostic, None, None, ""),))


BUDGET_CODE = "GK002"


def check_file_guarded(
    path_or_bytes: str | bytes,
    options: Any,
    budget: Budget = Budget(),
    name: str = "<input>",  # noqa: ANN401
) -> FileReport:
    """Check one file (a path, or its bytes named `name`) under `budget`, in a worker process.

    `options` is a runner.CheckOptions. Never raises for anything in the input: a breach of the
    budget is the GK002 finding. For the web server and other single-input front ends."""
    from gklint.runner import check_path

    def work(item: tuple[str, bytes | None]) -> FileReport:
        return check_path(item[0], options, item[1])

    item = (name, path_or_bytes) if isinstance(path_or_bytes, bytes) else (path_or_bytes, None)
    with GuardedPool(work, lambda job, kind: budget_report(job[0], kind), budget, 1) as pool:
        return next(iter(pool.map([item])))


__all__ = ["BUDGET_CODE", "Budget", "BudgetExceeded", "GuardedPool", "budget_report", "check_file_guarded"]
