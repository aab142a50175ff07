"""Load on loopback: 50 uploads at once of real-size synthetic Word reports to a `gklint serve`
process on 127.0.0.1. Bounded (50 requests, each with a time limit, the whole run with one) and
self-stopping (the server is stopped at the end): every upload answered with its report, in
seconds, and the server's memory (with its worker processes) bounded while it happens."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("starlette", reason="needs gklint[serve]")
httpx = pytest.importorskip("httpx")

from tests.serve.support import real_size_docx, rss_kib, running_server  # noqa: E402

UPLOADS = 50
REQUEST_SECONDS = 120  # one upload's time limit on the client side
MAX_RSS_MIB = 1536  # server + forkserver + workers, at the peak
DISTINCT = 10  # different reports (seeds); the 50 uploads cycle through them


def test_fifty_concurrent_uploads_on_loopback() -> None:
    reports = [real_size_docx(seed) for seed in range(DISTINCT)]
    assert all(30_000 < len(r) < 200_000 for r in reports)
    with running_server() as (url, process):
        assert url.startswith("http://127.0.0.1:")
        with httpx.Client(timeout=REQUEST_SECONDS) as client:  # warm: the workers load their rules
            assert client.get(url + "/").status_code == 200
        baseline = rss_kib(process.pid)
        peak = [baseline]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                peak[0] = max(peak[0], rss_kib(process.pid))

        def upload(i: int) -> tuple[int, float, dict]:
            started = time.monotonic()
            with httpx.Client(timeout=REQUEST_SECONDS) as client:
                files = [("file", (f"报告{i}.docx", reports[i % DISTINCT]))]
                response = client.post(url + "/api/check", files=files)
            return response.status_code, time.monotonic() - started, response.json()

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.monotonic()
        try:
            with ThreadPoolExecutor(UPLOADS) as pool:
                results = list(pool.map(upload, range(UPLOADS)))
        finally:
            done.set()
            sampler.join()
        wall = time.monotonic() - started
    statuses = [s for s, _, _ in results]
    assert statuses == [200] * UPLOADS
    for i, (_, _, body) in enumerate(results):
        (file,) = body["files"]
        assert file["path"] == f"报告{i}.docx" and file["error"] is None and file["year"] == 2022
        assert any(d["severity"] == "error" for d in file["diagnostics"])  # the planted sum error
    slowest = max(seconds for _, seconds, _ in results)
    print(
        f"\n50 uploads: {wall:.1f} s in all, slowest {slowest:.1f} s; RSS {baseline // 1024} → {peak[0] // 1024} MiB"
    )
    assert slowest < 90
    assert peak[0] < MAX_RSS_MIB * 1024


def test_pages_answer_while_checks_run() -> None:
    """The checks run in worker processes: the event loop still answers at once. Pages are asked
    for as long as uploads are outstanding; only the answers given while they were count."""
    big = real_size_docx(0)
    with running_server() as (url, _), httpx.Client(timeout=REQUEST_SECONDS) as client:
        assert client.get(url + "/").status_code == 200
        with ThreadPoolExecutor(4) as pool:
            uploads = [
                pool.submit(
                    lambda i=i: httpx.post(
                        url + "/api/check", files=[("file", (f"{i}.docx", big))] * 20, timeout=REQUEST_SECONDS
                    )
                )
                for i in range(4)
            ]
            waits = []
            while not all(u.done() for u in uploads) and len(waits) < 20:
                started = time.monotonic()
                assert client.get(url + "/rules").status_code == 200
                if not all(u.done() for u in uploads):  # answered while checks were running
                    waits.append(time.monotonic() - started)
            assert all(u.result().status_code == 200 for u in uploads)
    assert waits, "the uploads were done before a page was answered: make them bigger"
    assert max(waits) < 2.0, waits  # the 80 checks take longer than that
