"""The per-file budget (gklint/guard.py): a file over its time or memory, or whose worker dies,
is one file's GK002 finding; the others are checked, in input order, and the parent never hangs."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gklint import batch
from gklint.cli import app
from gklint.guard import BUDGET_CODE, Budget, GuardedPool, check_file_guarded
from gklint.rules import builtin_rules
from gklint.runner import CheckOptions

runner = CliRunner()
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")


def _work(job: str) -> str:
    if job == "hang":
        time.sleep(60)
    elif job == "kill":
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer does
    elif job == "memory":
        b"x" * (4 << 30)  # past the worker's address-space cap: MemoryError
    elif job.startswith("slow"):
        time.sleep(0.3)
    return job.upper()


def _breach(job: str, kind: str) -> str:
    return f"{job}:{kind}"


@pytest.mark.parametrize("workers", [1, 2])
def test_breaches_cost_one_result_each_and_order_is_kept(workers: int) -> None:
    jobs = ["slow-a", "b", "hang", "c", "kill", "d", "memory", "e"]
    start = time.monotonic()
    with GuardedPool(_work, _breach, Budget(seconds=2, memory=512 << 20), workers) as pool:
        results = list(pool.map(jobs))
    assert results == ["SLOW-A", "B", "hang:time", "C", "kill:memory", "D", "memory:memory", "E"]
    assert time.monotonic() - start < 20  # the parent waited for the deadline, not for the sleep


def _reversed(job: bytes) -> bytes:
    return job[::-1]


def test_jobs_and_results_larger_than_a_pipe_buffer_cross_whole() -> None:
    """Parent and workers talk through pipes (64 KB buffers): megabytes each way arrive whole, and
    a pool whose workers ended with its last batch starts new ones for the next."""
    jobs = [bytes([i]) * (3 << 20) + b"end" for i in range(3)]
    with GuardedPool(_reversed, _breach, Budget(seconds=30), 2) as pool:
        assert list(pool.map(jobs)) == [job[::-1] for job in jobs]
        assert list(pool.map(jobs[:1])) == [jobs[0][::-1]]


def test_results_stream_before_the_batch_ends() -> None:
    with GuardedPool(_work, _breach, Budget(seconds=5), 1) as pool:
        results = pool.map(["a", "hang"])
        start = time.monotonic()
        assert next(results) == "A"
        assert time.monotonic() - start < 2  # the first file is out while the second still runs
        assert next(results) == "hang:time"


def test_check_file_guarded_gives_the_budget_finding() -> None:
    options = CheckOptions(tuple(builtin_rules()))
    report = check_file_guarded(b"<!---->" * 40 + b"x", options, Budget(seconds=10), "c.txt")
    assert not report.error
    assert all(f.diagnostic.code != BUDGET_CODE for f in report.findings)  # linear now: checked


def test_a_hanging_file_is_one_finding_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("一、总体情况\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("一、总体情况\n", encoding="utf-8")
    real = batch.check_job

    def check(job: batch.Job):  # noqa: ANN202
        if job.path.endswith("a.txt"):
            time.sleep(60)
        return real(job)

    monkeypatch.setattr(batch, "check_job", check)
    result = runner.invoke(app, ["check", "--format", "json", "--timeout", "1", "--jobs", "1", str(tmp_path)])
    assert result.exit_code == 2, result.output
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    codes = [d["rule"] for d in files["a.txt"]["diagnostics"]]
    assert codes == [BUDGET_CODE]
    assert "超时" in files["a.txt"]["diagnostics"][0]["message"]
    assert BUDGET_CODE not in [d["rule"] for d in files["b.txt"]["diagnostics"]]


def test_timeout_from_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "gklint.toml").write_text("timeout = 1\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("一、总体情况\n", encoding="utf-8")
    monkeypatch.setattr(batch, "check_job", lambda job: time.sleep(60))
    monkeypatch.chdir(tmp_path)
    start = time.monotonic()
    result = runner.invoke(app, ["check", "--format", "json", "a.txt"])
    assert result.exit_code == 2
    assert time.monotonic() - start < 30


def test_a_pdf_that_never_ends_is_the_budget_finding() -> None:
    pytest.importorskip("pdfplumber")
    from tests.robustness.adversarial import pdf_mediabox_loop

    name, data = pdf_mediabox_loop()
    start = time.monotonic()
    report = check_file_guarded(data, CheckOptions(tuple(builtin_rules())), Budget(seconds=2), name)
    assert [f.diagnostic.code for f in report.findings] == [BUDGET_CODE]
    assert time.monotonic() - start < 15
