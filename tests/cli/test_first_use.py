"""The rough edges of a first real use (issue 16): files a folder holds but gklint cannot read, help
and parser errors in Chinese at 80 columns, the overviews (--quiet, statistics, CSV, workbook), and
the output traps (-o's suffix, a page on a terminal, silence after -o, a clean file)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gklint.cli import app
from gklint.cli_zh import width_of, wrap
from tests.conftest import needs_shared, shared_reports
from tests.support import synth

runner = CliRunner()
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def _report(seed: int = 3, agency: str = "某某县青山镇人民政府", **edit: object) -> str:
    cells = synth.default_cells("C", seed)
    cells.update(edit)
    return synth.render(synth.Spec(era="C", year=2022, layout="tabs", cells=cells, agency=agency))


def _mixed(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text(_report(), encoding="utf-8")
    (folder / "old.doc").write_bytes(OLE)
    (folder / "wps.wps").write_bytes(OLE)
    (folder / "sheet.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 30)
    (folder / "scan.png").write_bytes(PNG)
    (folder / "notes.md").write_text("# 说明\n", encoding="utf-8")
    return folder


# -- item 2: files gklint cannot read are counted and listed, never silent -------------------------


def test_a_folder_s_unreadable_kinds_are_listed_counted_and_the_others_checked(tmp_path: Path) -> None:
    folder = _mixed(tmp_path / "reports")
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 0, result.output
    for name in ("old.doc", "wps.wps", "sheet.xlsx", "scan.png"):
        assert f"{name}  未检查" in result.stdout
    assert "notes.md" not in result.stdout  # not a report kind: not mentioned
    assert "检查了 1 个文件" in result.stdout and "4 个文件未检查" in result.stdout
    doc = json.loads(runner.invoke(app, ["check", "-f", "json", str(folder)]).stdout)
    assert (doc["summary"]["files"], doc["summary"]["skipped"]) == (1, 4)
    skipped = {Path(f["path"]).name: f["skipped"] for f in doc["files"] if f["skipped"]}
    assert "WPS" in skipped["wps.wps"] and ".doc" in skipped["old.doc"] and "图片" in skipped["scan.png"]


def test_a_folder_with_nothing_gklint_can_read_warns_and_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "a.doc").write_bytes(OLE)
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 2
    assert "没有检查任何报告" in result.stderr and "a.doc" in result.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["check", str(empty)])
    assert result.exit_code == 2 and "没有找到" in result.stderr


def test_the_html_index_lists_files_that_were_not_checked(tmp_path: Path) -> None:
    folder = _mixed(tmp_path / "reports")
    (folder / "second.txt").write_text(_report(seed=4), encoding="utf-8")
    page = tmp_path / "out.html"
    assert runner.invoke(app, ["check", "-o", str(page), str(folder)]).exit_code == 0
    html = page.read_text(encoding="utf-8")
    index = html[html.index('id="index"') : html.index("</section>", html.index('id="index"'))]
    assert "old.doc" in index and "未检查" in index


# -- item 4: Chinese help, wrapped not cut, -h, Chinese parser errors ----------------------------------


@pytest.mark.parametrize("command", [["check"], ["parse"], ["explain"], ["rules"], []])
def test_help_is_chinese_and_wrapped_at_80_columns(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "-h"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    out = result.stdout
    assert "…" not in out and "Show this message" not in out and "Usage" not in out
    assert all(width_of(line) <= 80 for line in out.splitlines()), out
    assert "显示本帮助并退出" in out
    if command == ["check"]:  # every word of a long help text is there, across the lines
        flat = re.sub(r"\s+", "", out)
        assert "输出格式。text：按文件列出问题和原文" in flat and "--exit-zero" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check"], "缺少参数：路径"),
        (["check", "--format", "x", "r.txt"], "只能是：text、json"),
        (["check", "--formt", "x", "r.txt"], "没有选项 --formt"),
        (["check", "--jobs", "x", "r.txt"], "不是整数"),
        (["chek"], "没有命令 chek"),
        (["explain", "a", "b"], "多余的参数：b"),
    ],
)
def test_parser_errors_are_chinese(args: list[str], expected: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert expected in result.stderr, result.stderr
    assert "Error" not in result.stderr and "Usage" not in result.stderr and "Try " not in result.stderr
    assert "-h 查看帮助" in result.stderr


def test_wrap_never_cuts_and_keeps_punctuation_with_its_character() -> None:
    text = "只检查这些规则（编号、前缀如 GK2、或名称），可重复。" * 3
    lines = wrap(text, 21)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(width_of(line) <= 21 for line in lines)
    assert not any(line[0] in "，。、）" for line in lines)


# -- item 5 / 6: overviews ---------------------------------------------------------------------------


def test_quiet_gives_one_line_per_report_with_what_was_recognised(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_report(**{"t4.review.total": None}), encoding="utf-8")
    # another body: two reports of one body and year are a republished copy (GK711)
    (tmp_path / "b.txt").write_text(_report(seed=4, agency="某某县绿水镇人民政府"), encoding="utf-8")
    out = runner.invoke(app, ["check", "-q", str(tmp_path)]).stdout
    lines = out.splitlines()
    a = next(line for line in lines if "a.txt" in line)
    b = next(line for line in lines if "b.txt" in line)
    assert "2022 年度 · 2021 格式" in a and "错误 1" in a
    assert "2022 年度 · 2021 格式" in b and "未发现问题" in b
    assert "│" not in out.split("检查了")[0]  # no findings listed


def test_statistics_counts_not_assessable_apart_with_titles_and_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_report(**{"t3.new.total": None}), encoding="utf-8")
    (tmp_path / "b.txt").write_text(_report(seed=4, **{"t3.new.total": None}), encoding="utf-8")
    out = runner.invoke(app, ["check", "--statistics", str(tmp_path)], env={"COLUMNS": "200"}).stdout
    row = next(line for line in out.splitlines() if line.strip().startswith("GK201"))
    cells = [c.strip() for c in row.split("│")]
    assert cells[1] == "申请情况表收支不平衡"  # the rule's title, not its slug
    assert cells[2] == "错误"  # the rule's level, even when only "not assessable" came of it
    assert (cells[3], cells[4], cells[5]) == ("0", "2", "2")  # findings, not assessable, files


def test_an_unused_suppression_does_not_count_the_config_as_a_checked_file(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    (tmp_path / "gklint.toml").write_text(
        '[[suppress]]\npath = "r.txt"\nrules = ["GK301"]\n\n[[suppress]]\npath = "x.txt"\nrules = ["GK601"]\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(tmp_path / "r.txt")])
    assert "检查了 1 个文件" in result.stdout
    assert "第 2 项（path = x.txt）" in result.stdout and "suppress[" not in result.stdout


def test_csv_has_a_bom_and_one_row_per_finding_and_unchecked_file(tmp_path: Path) -> None:
    folder = _mixed(tmp_path / "reports")
    (folder / "bad.txt").write_text(_report(**{"t4.review.total": None}), encoding="utf-8")
    out = tmp_path / "结果.csv"
    result = runner.invoke(app, ["check", "-o", str(out), str(folder)])
    assert result.exit_code == 1
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:5] == ["文件", "行", "列", "位置", "规则"]
    assert any(r[4] == "GK301" and r[0].endswith("bad.txt") and r[1].isdigit() for r in rows[1:])
    assert any(r[0].endswith("old.doc") and r[6] == "未检查" for r in rows[1:])


def test_xlsx_has_findings_and_a_summary_with_key_totals(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    folder = _mixed(tmp_path / "reports")
    cells = synth.default_cells("C", 3)
    out = tmp_path / "结果.xlsx"
    assert runner.invoke(app, ["check", "-o", str(out), str(folder)]).exit_code == 0
    book = openpyxl.load_workbook(out)
    summary, findings = book.worksheets
    head = [c.value for c in summary[1]]
    rows = {
        Path(r[0]).name: dict(zip(head, r, strict=True))
        for r in summary.iter_rows(min_row=2, values_only=True)
    }
    good = rows["good.txt"]
    assert (good["年度"], good["格式"], good["错误"]) == (2022, "2021 格式", 0)
    assert good["表三 本年新收申请"] == int(cells["t3.new.total"])
    assert good["表四 行政复议总计"] == int(cells["t4.review.total"])
    assert rows["old.doc"]["状态"].startswith("未检查")
    assert [c.value for c in findings[1]][:3] == ["文件", "行", "列"]


def test_xlsx_without_openpyxl_says_how_to_install_it(tmp_path: Path, monkeypatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "openpyxl" else real(name))
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    result = runner.invoke(app, ["check", "-o", str(tmp_path / "x.xlsx"), str(tmp_path / "r.txt")])
    assert result.exit_code == 2
    assert "pip install openpyxl" in result.stderr and not (tmp_path / "x.xlsx").exists()


def test_concise_is_one_line_per_finding(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(_report(**{"t4.review.total": None}), encoding="utf-8")
    out = runner.invoke(app, ["check", "-f", "concise", str(tmp_path / "r.txt")]).stdout
    lines = out.splitlines()
    assert lines and all(re.match(r".+r\.txt:\d+:\d+: GK\d{3} \[", line) for line in lines), out


def test_exit_zero_keeps_findings_from_failing_but_not_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(_report(**{"t4.review.total": None}), encoding="utf-8")
    assert runner.invoke(app, ["check", str(tmp_path / "r.txt")]).exit_code == 1
    assert runner.invoke(app, ["check", "--exit-zero", str(tmp_path / "r.txt")]).exit_code == 0
    (tmp_path / "empty.txt").write_bytes(b"")
    assert runner.invoke(app, ["check", "--exit-zero", str(tmp_path)]).exit_code == 2


# -- item 7: output traps ----------------------------------------------------------------------------


def test_the_format_follows_the_output_suffix(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    for name, start in (("结果.html", "<!DOCTYPE html>"), ("r.json", "{"), ("r.sarif", "{")):
        result = runner.invoke(app, ["check", "-o", str(tmp_path / name), str(tmp_path / "r.txt")])
        assert result.exit_code == 0
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start), name
    assert '"version": "2.1.0"' in (tmp_path / "r.sarif").read_text(encoding="utf-8")


def test_html_to_a_terminal_is_refused_with_advice(tmp_path: Path, monkeypatch, capsys) -> None:
    import sys

    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    from gklint.checking import CheckRequest, run_check

    assert run_check(CheckRequest(paths=(tmp_path / "r.txt",), fmt="html")) == 2
    captured = capsys.readouterr()
    assert "<html" not in captured.out
    assert "-o 检查结果.html" in " ".join(captured.err.split())


def test_a_clean_file_shows_what_was_recognised(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    out = runner.invoke(app, ["check", str(tmp_path / "r.txt")]).stdout
    assert "2022 年度 · 2021 格式" in out and "未发现问题" in out
    (tmp_path / "prose.txt").write_text(
        "2022年政府信息公开工作年度报告\n\n一、总体情况\n没有表格。\n", encoding="utf-8"
    )
    out = runner.invoke(app, ["check", "-q", str(tmp_path / "prose.txt")]).stdout
    assert "格式未识别" in out


def test_a_large_run_s_html_is_a_small_index_and_a_page_per_report(tmp_path: Path) -> None:
    from gklint.checking import PAGES_AFTER

    folder = _mixed(tmp_path / "reports")
    text = _report()
    for i in range(PAGES_AFTER + 1):
        (folder / f"r{i:02}.txt").write_text(text, encoding="utf-8")
    index = tmp_path / "结果.html"
    result = runner.invoke(app, ["check", "-o", str(index), str(folder)])
    assert result.exit_code == 0 and "结果.files" in result.stdout
    html = index.read_text(encoding="utf-8")
    pages = sorted((tmp_path / "结果.files").glob("*.html"))
    assert len(pages) == PAGES_AFTER + 2  # the checked reports; the .doc and the image have none
    assert 'href="结果.files/' in html and "old.doc" in html and "未检查" in html
    assert "统计期限" not in html  # the report text is on its page, not in the index
    page = pages[0].read_text(encoding="utf-8")
    assert 'href="../结果.html"' in page and "</html>" in page
    # the style and script are written once beside the pages, not into each of them
    assert 'href="gklint.css"' in page and 'src="gklint.js"' in page and "<style>" not in page
    assert 'href="结果.files/gklint.css"' in html
    assert (tmp_path / "结果.files" / "gklint.css").stat().st_size > 1000
    assert (tmp_path / "结果.files" / "gklint.js").stat().st_size > 1000
    assert len(html) < sum(len(p.read_text(encoding="utf-8")) for p in pages) / 5


def test_machine_formats_name_the_files_that_were_not_checked(tmp_path: Path) -> None:
    folder = _mixed(tmp_path / "reports")
    github = runner.invoke(app, ["check", "-f", "github", str(folder)]).stdout
    assert re.search(r"::notice file=.*old\.doc,title=gklint::未检查", github)
    sarif = json.loads(runner.invoke(app, ["check", "-f", "sarif", str(folder)]).stdout)
    invocation = sarif["runs"][0]["invocations"][0]
    notes = {
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: n["level"]
        for n in invocation["toolExecutionNotifications"]
    }
    assert any(uri.endswith("old.doc") and level == "warning" for uri, level in notes.items())
    assert (
        invocation["executionSuccessful"] is True
    )  # nothing failed: some files were not reports gklint reads
    junit = runner.invoke(app, ["check", "-f", "junit", str(folder)]).stdout
    assert "<skipped" in junit and "old.doc" in junit


def test_an_output_file_that_cannot_be_written_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    result = runner.invoke(
        app, ["check", "-o", str(tmp_path / "无此文件夹" / "x.html"), str(tmp_path / "r.txt")]
    )
    assert result.exit_code == 2 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "无法写入结果文件" in result.stderr and "无此文件夹" in result.stderr


@pytest.mark.parametrize("message", ["Missing argument 'paths'.", "Missing argument 'PATHS...'."])
def test_both_click_spellings_of_a_missing_argument_are_translated(message: str) -> None:
    from gklint.cli_zh import translate

    assert translate(message) == "缺少参数：路径。"


@pytest.mark.shared
@needs_shared
def test_real_reports_print_their_places_without_emoji(tmp_path: Path) -> None:
    """A real report of the corpus (2025_shanghai_1: line 100) printed as "…txt💯12" on main."""
    reports = shared_reports()
    out = tmp_path / "out.txt"
    runner.invoke(app, ["check", "-f", "text", "-o", str(out), *map(str, reports)])
    text = out.read_text(encoding="utf-8")
    places = re.findall(r"\.txt:(\d+):(\d+)", text)
    assert places and not re.search("[\U0001f300-\U0001faff\u2600-\u27bf]", text)


def test_the_html_list_of_a_word_report_says_where_in_the_document(tmp_path: Path) -> None:
    from gklint.model import Diagnostic, FileReport, Finding, Position, Span
    from gklint.report import RENDERERS, RenderOptions

    d = Diagnostic("GK302", "t2-blank-cell", "warning", "表二有空白", Span(0, 2))
    report = FileReport(
        "r.docx",
        (Finding(d, Position(1, 1), Position(1, 3), "表二", location="第1个表格第3行第2列"),),
        text="表二\n",
    )
    out = io.StringIO()
    RENDERERS["html"]([report], out, [], RenderOptions())
    assert "第 1 行第 1 列（原文档中：第1个表格第3行第2列）" in out.getvalue()
