"""Documentation derived from data stays in step with it (scripts/gen_docs.py)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_generated_docs_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/gen_docs.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_quickstart_has_exactly_two_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quickstart", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert commands == ["make run", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    setup = ("#", "set ", "cd ", "export ")  # shell setup around the one command
    assert [line for line in ci.splitlines() if line and not line.startswith(setup)] == ["make test"]


def test_readme_says_what_the_first_command_installs() -> None:
    """`make run` installs the test tools already (issue 16, item 10): the README must not say the
    second command does, and the extras it names must be in what make installs."""
    import tomllib

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quickstart", 1)[1].split("```", 1)[0]
    assert "第二条安装测试工具" not in quick and "测试所需的工具" in quick
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "install --quiet -e '.[test]'" in makefile
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    test = " ".join(extras["test"])
    assert all(dep.split(">")[0] in test for dep in (*extras["pdf"], *extras["xlsx"]))


def test_readme_english_section_says_how_to_use_it() -> None:
    english = (ROOT / "README.md").read_text(encoding="utf-8").split("## English", 1)[1]
    for needed in ("gklint check", "--format", "-o", "exit", "make run", "explain"):
        assert needed in english, needed
