"""A sequence filled from an iterator as it is read, so a renderer that loops over the reports
prints each file as soon as it is checked, and can still count and re-read them for its summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class Streamed(Sequence[T]):
    def __init__(self, items: Iterator[T], waiting: Callable[[], object] | None = None) -> None:
        self._items = items
        self._waiting = waiting  # called before waiting for the next item (e.g. flush the output)
        self._seen: list[T] = []
        self._done = False

    def __iter__(self) -> Iterator[T]:
        index = 0
        while True:
            if index < len(self._seen):
                yield self._seen[index]
                index += 1
            elif not self._pull():
                return

    def _pull(self) -> bool:
        if self._done:
            return False
        if self._waiting is not None:
            self._waiting()
        try:
            self._seen.append(next(self._items))
        except StopIteration:
            self._done = True
            return False
        return True

    def _all(self) -> list[T]:
        while self._pull():
            pass
        return self._seen

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._all()[index]

    def __bool__(self) -> bool:
        return bool(self._seen) or self._pull()
