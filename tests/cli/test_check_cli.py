"""`gklint check` for real use: exit codes, batches, stdin, configuration, suppressions, baseline,
and the same output whatever the number of processes."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gklint.cli import app
from tests.support import synth

runner = CliRunner()


def _report(era: str = "C", year: int = 2022, seed: int = 3, **edit: object) -> str:
    cells = synth.default_cells(era, seed)
    cells.update(edit)
    return synth.render(synth.Spec(era=era, year=year, layout="tabs", cells=cells))


def _json(args: list[str], **kw) -> tuple[int, dict]:  # noqa: ANN003
    result = runner.invoke(app, ["check", "--format", "json", *args], **kw)
    return result.exit_code, json.loads(result.stdout)


def test_clean_report_exits_0(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    code, doc = _json([str(tmp_path / "r.txt")])
    assert code == 0, doc
    assert doc["summary"]["errors"] == 0


def test_error_level_finding_exits_1_and_fail_on_warning(tmp_path: Path) -> None:
    cells = synth.default_cells("C", 3)
    bad = _report(**{"t3.result.total.total": int(cells["t3.result.total.total"]) + 1})
    (tmp_path / "r.txt").write_text(bad, encoding="utf-8")
    code, doc = _json([str(tmp_path / "r.txt")])
    assert code == 1
    assert "GK201" in {d["rule"] for d in doc["files"][0]["diagnostics"]}
    code, _ = _json(["--select", "GK4", str(tmp_path / "r.txt")])
    assert code == 0


def test_a_folder_of_awkward_files_gets_a_result_for_each_and_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "gbk.txt").write_bytes(_report().encode("gbk"))
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + _report(era="B", year=2020).encode("utf-16-le"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "valid.txt").write_text(_report(era="A", year=2017), encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "json", str(folder)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert set(files) == {"gbk.txt", "utf16.txt", "empty.txt", "binary.txt", "valid.txt"}
    assert files["empty.txt"]["error"] and files["binary.txt"]["error"]
    assert (files["gbk.txt"]["era"], files["utf16.txt"]["era"], files["valid.txt"]["era"]) == ("C", "B", "A")
    text = runner.invoke(app, ["check", str(folder)]).stdout
    assert "empty.txt" in text and "binary.txt" in text and "无法检查" in text


def test_a_file_over_the_size_limit_is_refused_and_the_others_checked(tmp_path: Path) -> None:
    report = _report()
    (tmp_path / "big.txt").write_text(report * 3, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(report, encoding="utf-8")
    limit = len(report.encode()) * 2
    result = runner.invoke(app, ["check", "--max-bytes", str(limit), str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "big.txt" in result.stdout and "过大" in result.stdout and "--max-bytes" in result.stdout
    code, doc = _json(["--max-bytes", str(limit), str(tmp_path)])
    files = {Path(f["path"]).name: f for f in doc["files"]}
    assert files["big.txt"]["error"] and not files["ok.txt"].get("error")
    assert files["ok.txt"]["era"] == "C"
    assert runner.invoke(app, ["check", "--max-bytes", str(limit * 2), str(tmp_path)]).exit_code == 0


def test_input_format_overrides_the_content_in_check_too(tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    page.write_text(
        "<html><body><p>" + _report().replace("\n", "</p><p>") + "</p></body></html>", encoding="utf-8"
    )
    code, doc = _json([str(page)])
    assert code == 0 and doc["files"][0]["era"] == "C"  # read as a web page
    code, doc = _json(["--input-format", "pdf", str(page)])
    assert code == 2 and doc["files"][0]["error"]  # not a PDF: said so, not read as text


def test_standard_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--format", "json", "-"], input=_report().encode("gbk"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["path"] == "-"


def test_jobs_1_and_2_give_identical_output(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"r{i}.txt").write_text(
            _report(seed=i, **({"t4.review.total": None} if i % 2 else {})), encoding="utf-8"
        )
    one = runner.invoke(app, ["check", "--format", "json", "--jobs", "1", str(tmp_path)]).stdout
    two = runner.invoke(app, ["check", "--format", "json", "--jobs", "2", str(tmp_path)]).stdout
    assert one == two
    assert json.loads(one)["summary"]["files"] == 5


def test_config_is_found_upwards_and_per_path_overrides_apply(tmp_path: Path) -> None:
    (tmp_path / "gklint.toml").write_text(
        'ignore = ["GK401"]\n\n[[overrides]]\npaths = ["old/**"]\nyear = 2022\n', encoding="utf-8"
    )
    sub = tmp_path / "old" / "deep"
    sub.mkdir(parents=True)
    text = _report().replace("统计期限为2022年", "统计期限为2021年")
    (sub / "r.txt").write_text(text, encoding="utf-8")
    code, doc = _json([str(sub / "r.txt")])
    assert "GK401" not in {d["rule"] for d in doc["files"][0]["diagnostics"]}
    code, doc = _json(["--no-config", str(sub / "r.txt")])
    assert "GK401" in {d["rule"] for d in doc["files"][0]["diagnostics"]}


def test_pyproject_tool_section_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.gklint]\nseverity = "error"\n', encoding="utf-8"
    )
    (tmp_path / "r.txt").write_text(_report(**{"t2.rules.issued": "/"}), encoding="utf-8")
    _, doc = _json([str(tmp_path / "r.txt")])
    assert all(d["severity"] == "error" for d in doc["files"][0]["diagnostics"])


def test_unknown_config_key_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "gklint.toml").write_text('selct = ["GK2"]\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path / "r.txt")])
    assert result.exit_code == 2
    assert "selct" in result.output and "gklint.toml" in result.output


def test_suppression_by_file_rule_and_cell_and_unused_ones_reported(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(_report(**{"t4.review.total": None}), encoding="utf-8")
    config = (
        '[[suppress]]\npath = "r.txt"\nrules = ["GK301"]\ncells = ["t4.review.total"]\nreason = "已说明"\n\n'
        '[[suppress]]\npath = "r.txt"\nrules = ["GK601"]\nreason = "没有这个问题"\n'
    )
    (tmp_path / "gklint.toml").write_text(config, encoding="utf-8")
    _, doc = _json([str(tmp_path / "r.txt")])
    by_file = {Path(f["path"]).name: [d["rule"] for d in f["diagnostics"]] for f in doc["files"]}
    assert "GK301" not in by_file["r.txt"]
    assert by_file["gklint.toml"] == ["GK001"]


def test_baseline_records_then_reports_only_new_findings(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(_report(**{"t4.review.total": None}), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    first = runner.invoke(app, ["check", "--format", "json", "--baseline", str(baseline), str(report)])
    assert first.exit_code == 0 and baseline.exists()
    code, doc = _json(["--baseline", str(baseline), str(report)])
    assert (code, doc["files"][0]["diagnostics"]) == (0, [])
    report.write_text(
        "\n\n" + _report(**{"t4.review.total": None, "t4.suit_direct.total": None}), encoding="utf-8"
    )
    code, doc = _json(["--baseline", str(baseline), str(report)])
    rules = [d["rule"] for d in doc["files"][0]["diagnostics"] if d["outcome"] == "fail"]
    assert code == 1 and rules.count("GK301") == 1  # only the new blank; the old one moved two lines down


def test_a_file_that_is_no_report_is_never_clean(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("会议纪要\n请各单位按时参会。\n", encoding="utf-8")
    code, doc = _json([str(tmp_path / "note.txt")])
    assert code == 1
    assert sorted(d["rule"] for d in doc["files"][0]["diagnostics"]) == ["GK101", "GK109", "GK404"]


def test_year_and_era_overrides(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(_report(era="B", year=2020), encoding="utf-8")
    _, doc = _json(["--year", "2022", str(tmp_path / "r.txt")])
    assert "GK102" in {d["rule"] for d in doc["files"][0]["diagnostics"]}
    _, doc = _json(["--era", "C", str(tmp_path / "r.txt")])
    assert doc["files"][0]["era"] == "C"


@pytest.mark.parametrize("fmt", ["text", "github", "sarif", "junit"])
def test_output_file(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["check", "--format", fmt, "--output", str(out), str(tmp_path / "r.txt")])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8")
    # the file holds the results; the terminal still gets the totals and where they went
    assert result.stdout.startswith("检查了 1 个文件") and str(out) in result.stdout
    assert result.stdout.count("\n") == 1


def test_github_format_is_chosen_in_actions_and_writes_the_step_summary(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "r.txt").write_text(_report(**{"t4.review.total": None}), encoding="utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = runner.invoke(app, ["check", str(tmp_path / "r.txt")])
    assert result.stdout.startswith("::group::")
    assert "| GK301" in summary.read_text(encoding="utf-8")


def test_unknown_selector_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    result = runner.invoke(app, ["check", "--select", "GK99x", str(tmp_path / "r.txt")])
    assert result.exit_code == 2 and "GK99x" in result.output


def test_bad_rule_folder_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "GK901.yaml").write_text(
        "name: my-rule\nseverity: error\neras: [C]\ntitle: t\nkind: equation\nassert: a ==\nmessage: m\ndoc: {what: w, why: y, bad: b, good: g}\n",
        encoding="utf-8",
    )
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    result = runner.invoke(app, ["check", "--rules", str(folder), str(tmp_path / "r.txt")])
    assert result.exit_code == 2
    assert "GK901.yaml:6" in result.output


def test_a_reader_bug_is_one_file_s_error_not_a_traceback(tmp_path: Path, monkeypatch) -> None:
    import gklint.runner

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a bug in a reader")

    monkeypatch.setattr(gklint.runner, "read_bytes", broken)
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    code, doc = _json(["--jobs", "1", "--no-cache", str(tmp_path / "r.txt")])
    assert code == 2
    assert "ValueError" in doc["files"][0]["error"]
