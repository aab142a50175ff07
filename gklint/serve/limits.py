"""The server's limits, one frozen value handed to every part (so tests can make them small)."""

from __future__ import annotations

from dataclasses import dataclass

from gklint.batch import default_jobs
from gklint.read import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Limits:
    """The web service's limits on uploads and checks."""

    file_bytes: int = DEFAULT_MAX_BYTES  # one uploaded file (the same default as `check --max-bytes`)
    files: int = 20  # files in one upload
    request_bytes: int = 60 * 1024 * 1024  # the whole upload: bounds the memory one request can take
    seconds: float = 120.0  # one file's check, then it gets the budget finding (GK002)
    uploads_at_once: int = 8  # uploads read and checked at once; more wait their turn (memory bound)
    upload_seconds: float = 300.0  # to receive one upload: a client that trickles cannot hold a turn
    workers: int = 0  # files checked at once, each in its own process; 0: one per core

    def pool_size(self) -> int:
        return self.workers or default_jobs()
