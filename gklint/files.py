"""Reading a named file safely: only a regular file (never a device, FIFO or socket, which could
block forever or never end, like /dev/zero), and never more than a cap of bytes, whatever the
file's size says. Standard input is read with the cap too (`read_stream`)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # a report file's cap (--max-bytes)


class NotRegularFile(OSError):
    """The path names a device, FIFO, socket (or a folder)."""


class TooLarge(OSError):
    """The file holds more than the cap."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} bytes")
        self.limit = limit


def read_capped(path: str | Path, cap: int) -> bytes:
    """The file's bytes; NotRegularFile, TooLarge or another OSError otherwise.

    Opened without blocking (a FIFO with no writer would block `open`), then checked by its handle."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(str(path))
        return _read_fd(fd, cap, status.st_size)
    finally:
        os.close(fd)


def _read_fd(fd: int, cap: int, size: int) -> bytes:
    """At most `cap` bytes of a regular file; TooLarge if there are more. Read straight from the
    descriptor as many bytes as the file holds (a buffered read of `cap` + 1 bytes would first
    allocate 20 MB for a 20 KB file), then on to the end, in case it has grown."""
    data = os.read(fd, min(size, cap) + 1)
    while len(data) <= cap:
        more = os.read(fd, cap + 1 - len(data))
        if not more:
            break
        data += more
    if len(data) > cap:
        raise TooLarge(cap)
    return data


def read_stream(stream: BinaryIO, cap: int) -> bytes:
    """At most `cap` bytes of a stream; TooLarge if there are more."""
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise TooLarge(cap)
    return data


def read_text_capped(path: str | Path, cap: int) -> str:
    """A UTF-8 text file (config, rules, baseline) under the cap; UnicodeDecodeError if not UTF-8."""
    return read_capped(path, cap).decode("utf-8")


def describe(error: OSError) -> str:
    """The user's words for why a file could not be read."""
    from gklint import messages

    if isinstance(error, NotRegularFile):
        return messages.text("not-regular-file")
    if isinstance(error, TooLarge):
        return messages.text("file-too-large", limit=error.limit)
    return str(error.strerror or error)
