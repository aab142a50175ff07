"""The CI entry points as a maintainer uses them (issue 16, items 3 and 8): the Action's steps run
locally on a path with spaces, its inputs never pasted into a script, one gklint run when SARIF is
on, its exit code kept; the pre-commit hook installs PDF support; docs/ci.md names no tag that
does not exist."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT
from tests.support import synth

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
SCRIPT = ROOT / "scripts" / "action_check.py"


def _report(**edit: object) -> str:
    cells = synth.default_cells("C", 3)
    cells.update(edit)
    return synth.render(synth.Spec(era="C", year=2022, layout="tabs", cells=cells))


def test_action_inputs_reach_scripts_only_through_the_environment() -> None:
    for step in STEPS:
        assert "${{" not in step.get("run", ""), step  # no input pasted into a shell script
        assert "|| true" not in step.get("run", "")
    install = next(s for s in STEPS if "pip install" in s.get("run", ""))
    assert "[pdf]" in install["run"] and "GKLINT_SOURCE" in install["run"]
    assert install["env"]["GKLINT_SOURCE"] == "${{ github.action_path }}"  # this repository, not an index
    runs = [s for s in STEPS if "GKLINT_SCRIPT" in s.get("env", {})]
    assert len(runs) == 1  # one gklint run, SARIF or not


def _run_action(tmp_path: Path, paths: str, args: str, sarif: str) -> tuple[dict[str, str], Path, int]:
    """The Action's check step and its last step, as the runner would run them."""
    output, summary = tmp_path / "output.txt", tmp_path / "summary.md"
    output.write_text("", encoding="utf-8")
    step = next(s for s in STEPS if s.get("id") == "check")
    env = {
        **os.environ,
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTIONS": "true",
    }
    env.update(GKLINT_PATHS=paths, GKLINT_ARGS=args, GKLINT_SARIF=sarif, GKLINT_SCRIPT=str(SCRIPT))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    last = STEPS[-1]
    result = subprocess.run(["bash", "-c", last["run"]], env={**env, "GKLINT_STATUS": outputs["exit-code"]})
    return outputs, summary, result.returncode


def test_action_steps_on_a_path_with_spaces_with_sarif(tmp_path: Path) -> None:
    folder = tmp_path / "年度 报告" / "第 1 批"
    folder.mkdir(parents=True)
    (folder / "a b.txt").write_text(_report(**{"t4.review.total": None}), encoding="utf-8")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40)
    outputs, summary, status = _run_action(
        tmp_path, f"{folder}\n", "--fail-on error --exclude '草稿 目录/**'", "true"
    )
    assert outputs["exit-code"] == "1" and status == 1  # the findings still fail the job
    sarif = json.loads((tmp_path / outputs["sarif-file"]).read_text(encoding="utf-8"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
    }
    assert any(u.endswith("a%20b.txt") or u.endswith("a b.txt") for u in uris)
    text = summary.read_text(encoding="utf-8")
    assert "检查了 1 个文件" in text and "old.doc" in text


def test_action_without_sarif_passes_exit_2_on_and_runs_no_input(tmp_path: Path) -> None:
    (tmp_path / "empty report.txt").write_bytes(b"")
    marker = tmp_path / "injected"
    outputs, _, status = _run_action(
        tmp_path, f"empty report.txt\n$(touch {marker})", f"`touch {marker}`", "false"
    )
    assert not marker.exists()  # inputs are strings, never commands
    assert outputs["exit-code"] == "2" and status == 2 and "sarif-file" not in outputs


def test_step_summary_keeps_under_github_s_limit(tmp_path: Path) -> None:
    import io

    from gklint.model import Diagnostic, FileReport, Finding, Position, Span
    from gklint.report.github import step_summary

    d = Diagnostic("GK601", "template-residue", "warning", "模板残留" * 20, Span(0, 3))
    reports = [
        FileReport(f"报告{i}.txt", tuple(Finding(d, Position(k, 1), None, "") for k in range(1, 50)))
        for i in range(60)
    ]
    out = io.StringIO()
    step_summary(reports, out, limit=100_000)
    text = out.getvalue()
    assert len(text.encode("utf-8")) <= 100_000
    assert re.search(r"还有 \d+ 行未列出", text)


def test_pre_commit_hook_installs_pdf_support() -> None:
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert any(dep.startswith("pdfplumber") for dep in hook["additional_dependencies"])
    assert re.search(hook["files"], "报告.pdf")


def test_ci_docs_name_no_release_that_does_not_exist() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    tags = subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for ref in re.findall(r"(?:gklint@|rev: )(v\d[\w.]*)", text):
        assert ref in tags, ref


def test_missing_pdf_support_advice_is_a_command_that_works() -> None:
    from gklint import messages

    text = messages.text("input-pdf-extra-missing")
    assert "pip install pdfplumber" in text and "gklint[pdf]" not in text
