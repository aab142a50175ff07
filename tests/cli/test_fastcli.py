"""The fast path of `gklint check` reads a command line exactly as typer does, or leaves it to typer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gklint import checking, fastcli
from gklint.checking import CheckRequest
from gklint.cli import FormatChoice, InputChoice, SeverityChoice, app

LINES = [
    ["r.txt"],
    ["a.txt", "b.txt", "-"],
    ["-f", "json", "-o", "out.json", "r.txt"],
    ["--format=sarif", "--select", "GK2", "--select=GK501", "--ignore", "GK601", "dir"],
    ["--severity", "warning", "--fail-on", "info", "--year", "2021", "--era", "B", "r.txt"],
    ["--statistics", "-q", "--no-config", "--config", "gk.toml", "--baseline", "b.json", "r.txt"],
    ["-j", "2", "--jobs=3", "--include", "*.txt", "--exclude", "old/*", "--max-bytes", "1000", "r.txt"],
    ["--input-format", "pdf", "--rules", "extra", "--rules", "more", "--no-cache", "r.txt"],
    ["--previous", "old.txt", "--timeout", "2.5", "--exit-zero", "-f", "concise", "r.txt"],
    ["--timeout=0", "r.txt"],
]
TO_TYPER = [
    [],  # no file
    ["--help"],
    ["--format", "yaml", "r.txt"],  # a bad choice: typer explains
    ["--year", "x", "r.txt"],
    ["--statistics=yes", "r.txt"],
    ["--unknown", "r.txt"],
    ["--", "-r.txt"],
    ["-f"],
    ["--timeout", "-1", "r.txt"],
]


def _typer_request(args: list[str], monkeypatch: pytest.MonkeyPatch) -> CheckRequest:
    seen: list[CheckRequest] = []
    monkeypatch.setattr(checking, "run_check", lambda request: seen.append(request) or 0)
    result = CliRunner().invoke(app, ["check", *args])
    assert result.exit_code == 0, result.output
    return seen[0]


@pytest.mark.parametrize("args", LINES)
def test_the_fast_path_builds_the_request_typer_builds(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fields = fastcli.check_arguments(args)
    assert fields is not None
    assert CheckRequest(**fields) == _typer_request(args, monkeypatch)  # type: ignore[arg-type]


@pytest.mark.parametrize("args", TO_TYPER)
def test_anything_else_is_left_to_typer(args: list[str]) -> None:
    assert fastcli.check_arguments(args) is None


def test_the_choices_are_typer_s() -> None:
    assert fastcli.FORMATS == tuple(c.value for c in FormatChoice)
    assert fastcli.SEVERITIES == tuple(c.value for c in SeverityChoice)
    assert fastcli.INPUTS == tuple(c.value for c in InputChoice)


def test_every_option_of_check_has_a_fast_path() -> None:
    """An option added to `check` in cli.py still works without this table (typer takes the
    command line), but every check that uses it would pay for typer's start-up: add it here."""
    import typer.main

    check = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    names = {name for p in check.params for name in p.opts if name.startswith("-")} - {"--help"}
    assert names == set(fastcli.OPTIONS)


def test_console_entry_exits_with_the_checks_status_and_all_output(tmp_path: Path) -> None:
    """The console entry ends the process without tearing the interpreter down: the exit status,
    what was written to stdout and the output file must still be whole."""
    sample = Path(__file__).resolve().parents[2] / "examples" / "sample-2021.txt"
    out = tmp_path / "out.json"
    entry = "from gklint.fastcli import run; run()"
    env = {**os.environ, "GKLINT_CACHE_DIR": str(tmp_path / "cache")}
    text = subprocess.run(
        [sys.executable, "-c", entry, "check", str(sample)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert text.returncode == 1 and text.stdout.rstrip().endswith("无法判断 1。")
    written = subprocess.run(
        [sys.executable, "-c", entry, "check", "-f", "json", "-o", str(out), str(sample)],
        env=env,
        timeout=120,
    )
    assert written.returncode == 1 and len(json.loads(out.read_text(encoding="utf-8"))["files"]) == 1
    missing = subprocess.run(
        [sys.executable, "-c", entry, "check", str(tmp_path / "none.txt")], env=env, timeout=120
    )
    assert missing.returncode == 2
