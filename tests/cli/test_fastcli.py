"""The fast path of `gklint check` reads a command line exactly as typer does, or leaves it to typer."""

from __future__ import annotations

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
