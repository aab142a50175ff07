"""The library API: gklint.check_bytes gives one file of the JSON output, purely."""

from __future__ import annotations

import json
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

import gklint
from gklint import cache
from gklint.cli import app
from tests.support import synth


def _report() -> bytes:
    spec = synth.Spec(era="B", year=2020, layout="tabs", cells=synth.default_cells("B", 2))
    return synth.render(spec).replace("一、总体情况\n", "一、总体情况\nXX年XX月，", 1).encode("utf-8")


def test_the_result_is_one_file_of_the_json_output(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(_report())
    cli = CliRunner().invoke(app, ["check", "--no-config", "--no-cache", "--format", "json", str(path)])
    expected = json.loads(cli.output)["files"][0]
    result = gklint.check_bytes(_report(), str(path))
    assert result == expected and result["diagnostics"]
    assert pickle.loads(pickle.dumps(result)) == result


def test_options_select_and_filter() -> None:
    only = gklint.check_bytes(_report(), "r.txt", select=["GK601"])["diagnostics"]
    assert only and {d["rule"] for d in only} == {"GK601"}
    assert gklint.check_bytes(_report(), "r.txt", ignore=["GK6"])["diagnostics"] == []
    errors = gklint.check_bytes(_report(), "r.txt", severity="error")["diagnostics"]
    assert all(d["severity"] == "error" for d in errors)
    with pytest.raises(ValueError, match="GK999"):
        gklint.check_bytes(_report(), "r.txt", select=["GK999"])


def test_pure_and_usable_in_a_process_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(tmp_path / "cache"))
    cache.cache_dir.cache_clear()
    try:
        first = gklint.check_bytes(_report(), "r.txt")
        assert gklint.check_bytes(_report(), "r.txt") == first
        assert not (tmp_path / "cache" / "results").exists()  # no result written anywhere
    finally:
        cache.cache_dir.cache_clear()
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert list(pool.map(gklint.check_bytes, [_report()], ["r.txt"])) == [first]


def test_unreadable_input_is_an_error_in_the_result() -> None:
    result = gklint.check_bytes(b"x" * 100, "big.txt", max_bytes=10)
    assert result["error"] and result["diagnostics"] == []
