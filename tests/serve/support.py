"""Synthetic uploads for the tests of `gklint serve`: one report with known defects, written as
.txt, .docx, a web page and a PDF (tests/read/documents.py), and a server started on loopback.

The report is invented (tests/support/synth.py): the t3 total is 2 too high (an error in the
text and a red cell in the table) and a line carries a <script> that must stay text.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from gklint.batch import Job, check_job
from gklint.model import FileReport
from tests.conftest import ROOT
from tests.read import documents
from tests.support import synth

EVIL = "<script>document.body.setAttribute('data-pwned','1')</script>"
FORMATS = ("txt", "docx", "html", "pdf")


def spec(seed: int = 5, year: int = 2022, agency: str = "某某县青山镇人民政府") -> synth.Spec:
    cells = synth.default_cells("C", seed)
    cells["t3.result.total.total"] = int(cells["t3.result.total.total"]) + 2  # type: ignore[call-overload]
    return synth.Spec(
        era="C", year=year, agency=agency, cells=cells, extra_lines={1: f"{EVIL}我镇按时公开。"}
    )


@cache
def report_bytes(fmt: str, seed: int = 5, year: int = 2022, agency: str = "某某县青山镇人民政府") -> bytes:
    s = spec(seed, year, agency)
    if fmt == "txt":
        return synth.render(s).encode("utf-8")
    doc = documents.synthetic(s)
    return {"docx": documents.docx_bytes, "html": documents.html_bytes, "pdf": documents.pdf_bytes}[fmt](doc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(*args: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`gklint serve` on 127.0.0.1 and a free port, in its own process; stopped on exit."""
    port = free_port()
    command = [sys.executable, "-m", "gklint", "serve", "--port", str(port), *args]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
            raise RuntimeError(f"gklint serve exited with {process.returncode}: {out[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"gklint serve did not listen on {port} within {seconds} s")


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (Linux /proc), in KiB."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


def _children(pid: int) -> list[int]:
    try:
        direct = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return direct + [g for c in direct for g in _children(c)]


# Invented sentences of the kind a report's prose is made of, to bring a synthetic report to the
# size of a real one (~15 KB of text, 5,000 characters: the corpus's full reports are 10-20 KB).
_PROSE = (
    "全年围绕重点领域信息公开，及时发布财政预决算、重大建设项目、公共资源配置等信息，"
    "通过政府网站、政务新媒体和公开栏等渠道主动公开，方便群众查阅。"
    "坚持以公开为常态、不公开为例外，对拟公开信息严格履行保密审查程序，确保公开内容准确规范。"
)


def real_size_spec(seed: int) -> synth.Spec:
    base = spec(seed)
    narrative = {number: f"第{seed}号示例。" + _PROSE * 6 for number in ("一", "五")}
    return synth.Spec(era="C", year=base.year, agency=base.agency, cells=base.cells, narrative=narrative)


def real_size_docx(seed: int) -> bytes:
    return documents.docx_bytes(documents.synthetic(real_size_spec(seed)))


def die_on_poison(job: Job) -> FileReport:
    """The check, except that a file holding b"poison" kills its worker (as running out of memory would)."""
    if job.data == b"poison":
        os._exit(3)
    return check_job(job)
