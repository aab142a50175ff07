"""The per-file budget: every file is read and checked in a worker process with a memory limit,
watched by the parent with a deadline, so no input can hang the run or exhaust the machine.

A worker that overruns its time is killed; one that runs out of memory dies or raises MemoryError
in a worker whose address space is capped. Either way that file gets the budget finding (GK002)
and the run goes on with a fresh worker. Workers are reused from file to file (a fork per batch,
not per file), and results come back as they finish, in input order.

Other front ends (the web server) check one input with `check_file_guarded`.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import struct
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


def _vm_size() -> int:
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


Limit = tuple[int, int] | None  # the worker's address-space limit (soft, hard); None: none


def _memory_limit(memory: int) -> Limit:
    """The address-space limit of a worker forked now: `memory`, or more to leave room to work
    above its size at start (the parent's). Worked out in the parent: in a newly forked worker,
    importing `resource` and reading /proc cost ~1.3 ms (each page they touch is copied)."""
    if not memory:
        return None
    try:
        import resource

        limit = max(memory, _vm_size() + _HEADROOM)
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        return (limit if hard == resource.RLIM_INFINITY else min(limit, hard)), hard
    except (ImportError, ValueError, OSError):  # not on this platform: the deadline still holds
        return None


def _limit_memory(limit: Limit) -> None:
    if limit is None:
        return
    try:
        import resource  # imported by _memory_limit, in the parent

        resource.setrlimit(resource.RLIMIT_AS, limit)
    except (ValueError, OSError):
        pass


class _Channel:
    """One end of a two-way link between the parent and a worker: pickles, each preceded by its
    length, over two pipes (not a socket pair: the socket module's import cost every check ~2 ms)."""

    def __init__(self, read: int, write: int) -> None:
        self.read, self.write = read, write

    def fileno(self) -> int:  # for select
        return self.read

    def send(self, obj: object) -> None:
        body = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
        data = memoryview(struct.pack("!Q", len(body)) + body)
        while data:  # a pipe takes what fits in its buffer at a time
            data = data[os.write(self.write, data) :]

    def recv(self) -> Any:  # noqa: ANN401 - a job or a result
        size = struct.unpack("!Q", self._exactly(8))[0]
        return pickle.loads(self._exactly(size))  # noqa: S301 - our own forked worker's bytes

    def _exactly(self, size: int) -> bytes:
        chunks, left = [], size
        while left:
            chunk = os.read(self.read, min(left, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        os.close(self.read)
        os.close(self.write)


def _channels() -> tuple[_Channel, _Channel]:
    """The parent's end and the worker's end of a new link."""
    to_worker, to_parent = os.pipe(), os.pipe()
    return _Channel(to_parent[0], to_worker[1]), _Channel(to_worker[0], to_parent[1])


def _worker(channel: _Channel, work: Callable[[Any], Any], limit: Limit, job: object) -> None:
    """Run `job`, then the jobs from `channel` until it closes; after a MemoryError the worker
    ends (its heap is suspect)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(limit)
    while True:
        try:
            result = ("ok", work(job))
        except MemoryError:
            result = ("memory", None)
        try:
            channel.send(result)
        except MemoryError:
            return  # the parent sees a dead worker: the same budget finding
        if result[0] == "memory":
            return
        try:
            job = channel.recv()
        except (EOFError, OSError):
            return


class _Slot:
    """One forked worker process and the job it is running. Plain os.fork and pipes, not
    multiprocessing: its import alone cost a single-file check ~15 ms. A worker is born with its
    first job (inherited, not pickled and sent: one file's only job)."""

    channel: _Channel

    def __init__(self, work: Callable[[Any], Any], limit: Limit, others: list[_Slot], job: object) -> None:
        parent, child = _channels()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code
            code = 0
            try:
                parent.close()
                for other in others:
                    other.channel.close()
                _worker(child, work, limit, job)
            except BaseException:  # noqa: BLE001 - a dying worker is reported by the parent
                code = 1
            finally:
                os._exit(code)
        child.close()
        self.pid = pid
        self.channel = parent
        self.index: int | None = None
        self.deadline = 0.0

    def send(self, job: object) -> None:
        self.channel.send(job)

    def recv(self) -> Any:  # noqa: ANN401
        return self.channel.recv()

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        self.channel.close()


Breach = Callable[[Any, str], Any]  # (job, "time" | "memory") → the job's result


class GuardedPool(Generic[J]):
    """Workers that run `work(job)` under `budget`; `breach(job, kind)` stands in for a lost result."""

    def __init__(self, work: Callable[[J], Any], breach: Breach, budget: Budget, workers: int) -> None:
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

    def map(self, jobs: Iterable[J]) -> Iterator[Any]:
        """Each job's result, in job order, each yielded as soon as it and those before it are done."""
        if not hasattr(os, "fork"):  # pragma: no cover - Windows: in-process, without the budget
            yield from (self._work(job) for job in jobs)
            return
        todo = list(jobs)
        done: dict[int, Any] = {}
        following, sent = 0, 0
        idle: list[_Slot] = []
        while following < len(todo):
            while sent < len(todo) and (idle or len(self._slots) < self._size):
                if idle:
                    self._send(idle.pop(), sent, todo[sent])
                else:
                    self._start(sent, todo[sent], time.monotonic() + self._budget.seconds)
                sent += 1
            busy = [s for s in self._slots if s.index is not None]
            if busy:
                timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
                ready, _, _ = select.select(
                    [s.channel for s in busy], [], [], timeout if self._budget.seconds else None
                )
                for slot in busy:
                    if slot.channel in ready:
                        self._collect(slot, todo, done, idle)
                    elif self._budget.seconds and time.monotonic() >= slot.deadline:
                        self._lose(slot, todo, done, "time")
            if sent == len(todo) and all(s.index is None for s in self._slots):
                # Every result is in: the workers go before the results are used. While a worker
                # lives, each page the parent writes to is copied (~2.7 µs here); after, it is
                # only made writable again (~0.8 µs).
                self.close()
            while following in done:
                yield done.pop(following)
                following += 1

    def _start(self, index: int, job: J, deadline: float) -> None:
        """A new worker, running the job `index`."""
        gc.freeze()  # the parent's objects stay shared with the worker, not copied when touched
        slot = _Slot(self._work, _memory_limit(self._budget.memory), self._slots, job)
        slot.index, slot.deadline = index, deadline
        self._slots.append(slot)

    def _send(self, slot: _Slot, index: int, job: J) -> None:
        slot.index = index
        slot.deadline = time.monotonic() + self._budget.seconds
        try:
            slot.send(job)
        except OSError:  # the worker died while idle: this job goes to a new one
            self._retire(slot)
            self._start(index, job, slot.deadline)

    def _collect(self, slot: _Slot, todo: list[J], done: dict[int, Any], idle: list[_Slot]) -> None:
        index = slot.index
        assert index is not None
        try:
            status, result = slot.recv()
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


__all__ = ["BUDGET_CODE", "Budget", "GuardedPool", "budget_report", "check_file_guarded"]
