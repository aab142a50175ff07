"""The per-user cache: results of unchanged files are reused, and nothing in the folder that this
user's gklint did not sign is ever unpickled."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gklint import batch, cache, runner
from gklint.cli import app
from gklint.config import base_settings
from gklint.guard import GuardedPool
from gklint.rules import builtin_rules
from gklint.runner import CheckOptions, check_path
from tests.support import synth


def _clear() -> None:
    cache.cache_dir.cache_clear()
    cache._secret.cache_clear()
    cache._prune_once.cache_clear()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    where = tmp_path / "cache"
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(where))
    monkeypatch.delenv("GKLINT_NO_CACHE", raising=False)
    _clear()
    yield where
    _clear()


def _report(tmp_path: Path) -> Path:
    """A report with a finding (a placeholder left in)."""
    spec = synth.Spec(era="C", year=2022, layout="tabs", cells=synth.default_cells("C", 1))
    path = tmp_path / "r.txt"
    path.write_text(
        synth.render(spec).replace("一、总体情况\n", "一、总体情况\nXX年XX月，", 1), encoding="utf-8"
    )
    return path


def _no_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("checked again")

    monkeypatch.setattr(runner, "check_source", fail)


def test_an_unchanged_file_is_not_checked_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _report(tmp_path)
    options = CheckOptions(builtin_rules())
    first = check_path(path, options)
    assert first.findings and not first.error
    _no_checking(monkeypatch)
    assert check_path(path, options) == first
    path.write_text(path.read_text(encoding="utf-8") + "\n附：新的一行。\n", encoding="utf-8")
    assert "checked again" in (check_path(path, options).error or "")  # changed bytes: checked again


def test_other_settings_are_another_entry(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _report(tmp_path)
    check_path(path, CheckOptions(builtin_rules()))
    _no_checking(monkeypatch)
    assert "checked again" in (check_path(path, CheckOptions(builtin_rules(), year=2020)).error or "")


def test_a_planted_entry_is_never_unpickled(folder: Path, tmp_path: Path) -> None:
    path = _report(tmp_path)
    options = CheckOptions(builtin_rules())
    expected = check_path(path, options)
    entries = [p for p in (folder / "results").rglob("*") if p.is_file()]
    assert len(entries) == 1
    marker = tmp_path / "ran"
    # an entry replaced by a pickle that would run code when loaded
    entries[0].write_bytes(b"\0" * 32 + pickle.dumps(_Plant(str(marker))))
    assert check_path(path, options) == expected
    assert not marker.exists()


class _Plant:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (self.marker,))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_is_not_used(folder: Path) -> None:
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert cache.cache_dir() is None


def test_no_cache_flag_writes_nothing(folder: Path, tmp_path: Path) -> None:
    path = _report(tmp_path)
    result = CliRunner().invoke(app, ["check", "--no-cache", "--no-config", str(path)])
    assert result.exit_code == 1, result.output
    assert not (folder / "results").exists()
    CliRunner().invoke(app, ["check", "--no-config", str(path)])
    assert [p for p in (folder / "results").rglob("*") if p.is_file()]


def test_results_past_the_bound_are_pruned(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_RESULTS", 5)
    for i in range(8):
        cache.store_result(f"{i:02d}key", {"n": i})
        cache._prune_once.cache_clear()
    left = sorted(p.name for p in (folder / "results").rglob("*") if p.is_file())
    assert len(left) <= 5 and "07key" in left


def test_results_past_the_size_bound_are_pruned(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Few entries, but big ones (a report with thousands of findings): the oldest go."""
    monkeypatch.setattr(cache, "MAX_RESULT_BYTES", 250_000)
    for i in range(6):
        cache.store_result(f"{i:02d}key", {"n": i, "findings": "x" * 100_000})
        os.utime(folder / "results" / f"{i:02d}" / f"{i:02d}key", ns=(i * 10**9, i * 10**9))
        cache._prune_once.cache_clear()
    left = [p for p in (folder / "results").rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in left) <= 250_000
    assert "05key" in {p.name for p in left} and len(left) < 6


def _jobs(*paths: Path) -> list[batch.Job]:
    return [batch.Job(str(p), base_settings(None)) for p in paths]


def test_a_rerun_takes_cached_results_in_the_parent(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _report(tmp_path)
    other = tmp_path / "other.txt"
    other.write_bytes(path.read_bytes() + "\n附：新的一行。\n".encode())
    first = list(batch.run_jobs(_jobs(path, other), 2))
    assert [r.path for r in first] == [str(path), str(other)] and first[0].findings

    def no_fork(*args: object) -> None:
        raise AssertionError("a worker was started")

    monkeypatch.setattr(GuardedPool, "_start", no_fork)
    assert list(batch.run_jobs(_jobs(path, other), 2)) == first  # all cached: no worker at all


def test_a_cached_entry_gone_bad_is_checked_again(folder: Path, tmp_path: Path) -> None:
    path = _report(tmp_path)
    expected = list(batch.run_jobs(_jobs(path), 1))
    entries = [p for p in (folder / "results").rglob("*") if p.is_file()]
    marker = tmp_path / "ran"
    entries[0].write_bytes(b"\0" * 32 + pickle.dumps(_Plant(str(marker))))
    assert list(batch.run_jobs(_jobs(path), 1)) == expected  # found, not valid: checked in a worker
    assert not marker.exists()


def test_a_cache_under_the_bound_is_not_listed(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scandir = os.scandir

    def listed(path: str | Path) -> Iterator[os.DirEntry[str]]:
        if Path(path) == folder / "results":
            raise AssertionError("the whole cache was listed")
        return scandir(path)

    monkeypatch.setattr(cache.os, "scandir", listed)
    cache.store_result("00key", {"n": 0})  # one entry in its subfolder: far under the bound
    assert cache.load_result("00key") == {"n": 0}
