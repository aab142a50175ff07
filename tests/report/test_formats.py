"""Every --format on the same findings: machine formats parse back and follow their specs."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gklint.model import CellRef, Diagnostic, FileReport, Finding, PlacedCell, Position, Span
from gklint.report import RENDERERS, RenderOptions
from gklint.report.github import escape_data, escape_property, step_summary
from gklint.rules import builtin_rules
from tests.conftest import ROOT

SCHEMA = ROOT / ".cache" / "test-data" / "sarif-2.1.0.json"
NASTY = '第1行:\n含有 %、逗号,冒号: 和 <script>alert(1)</script> "引号"\r'


def _reports() -> list[FileReport]:
    cell = CellRef("t3.new.total", "表三“一、本年新收”总计", "3", 3, Span(5, 6))
    d1 = Diagnostic("GK201", "t3-balance", "error", NASTY, Span(10, 12), cells=(cell,), difference=1)
    d2 = Diagnostic("GK601", "template-residue", "warning", "模板残留", Span(0, 3))
    d3 = Diagnostic("GK201", "t3-balance", "info", "无法判断", None, outcome="not-assessable")
    findings = (
        Finding(d1, Position(72, 21), Position(72, 23), "(七)总计\t10", (PlacedCell(cell, Position(70, 5)),)),
        Finding(d2, Position(3, 1), Position(3, 4), "XX年"),
        Finding(d3, None, None, ""),
    )
    return [
        FileReport("reports/a,b:c.txt", findings, era="C", year=2022, agency="示例县"),
        FileReport("clean.txt", (), era="B", year=2020),
        FileReport("bad.bin", error="文件含有 NUL 字节", error_line=2),
    ]


def _render(fmt: str) -> str:
    out = io.StringIO()
    RENDERERS[fmt](_reports(), out, [r.meta for r in builtin_rules()], RenderOptions())
    return out.getvalue()


def test_json_matches_the_documented_shape() -> None:
    doc = json.loads(_render("json"))
    assert set(doc) == {"gklint", "files", "summary"}
    first = doc["files"][0]
    assert {"path", "era", "year", "agency", "diagnostics", "error"} <= set(first)
    d = first["diagnostics"][0]
    assert {
        "rule",
        "name",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "cells",
    } <= set(d)
    assert (d["rule"], d["line"], d["column"], d["end_column"]) == ("GK201", 72, 21, 23)
    assert d["cells"][0] == {
        "id": "t3.new.total",
        "name": "表三“一、本年新收”总计",
        "raw": "3",
        "value": 3,
        "line": 70,
        "column": 5,
    }
    assert doc["files"][2]["error"] == "文件含有 NUL 字节"
    assert doc["summary"] == {
        "files": 3,
        "unreadable": 1,
        "skipped": 0,
        "errors": 1,
        "warnings": 1,
        "infos": 0,
        "not_assessable": 1,
    }


_COMMAND = re.compile(r"^::(error|warning|notice) (.*?)::(.*)$")


def _unescape(text: str) -> str:
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def test_github_lines_parse_back_into_their_fields() -> None:
    lines = _render("github").splitlines()
    assert lines[0] == "::group::reports/a,b:c.txt"
    commands = [
        _COMMAND.match(line)
        for line in lines
        if not line.startswith("::group") and not line.startswith("::endgroup")
    ]
    assert all(commands)
    first = commands[0]
    assert first is not None and first.group(1) == "error"
    props = dict(p.split("=", 1) for p in first.group(2).split(","))
    assert _unescape(props["file"]) == "reports/a,b:c.txt"
    assert (props["line"], props["col"], props["endLine"], props["endColumn"]) == ("72", "21", "72", "23")
    assert _unescape(props["title"]) == "GK201 t3-balance"
    assert _unescape(first.group(3)) == NASTY
    assert "\n" not in first.group(3) and "\r" not in first.group(3)
    assert [c.group(1) for c in commands if c] == [
        "error",
        "warning",
        "notice",
        "error",
    ]  # info → notice; unreadable file → error


def test_github_escaping_rules() -> None:
    assert escape_data("100%\r\n") == "100%25%0D%0A"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_step_summary_lists_every_finding_as_markdown(tmp_path: Path) -> None:
    out = io.StringIO()
    step_summary(_reports(), out)
    text = out.getvalue()
    assert text.count("| GK") == 3
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_junit_parses_as_xml_with_one_suite_per_file() -> None:
    root = ET.fromstring(_render("junit").split("\n", 1)[1])
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["reports/a,b:c.txt", "clean.txt", "bad.bin"]
    assert len(suites[0].findall("testcase/failure")) == 3
    assert len(suites[1].findall("testcase")) == 1 and not suites[1].findall("testcase/failure")
    assert suites[2].find("testcase/error") is not None
    assert NASTY.replace("\r", "\n") in (suites[0].find("testcase/failure").get("message") or "").replace(
        "\r", "\n"
    )


def test_sarif_structure() -> None:
    log = json.loads(_render("sarif"))
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert {"id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"} <= set(
        rules[0]
    )
    result = run["results"][0]
    assert result["ruleId"] == "GK201" and rules[result["ruleIndex"]]["id"] == "GK201"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (72, 21, 23)
    assert result["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 70, "startColumn": 5}
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note"]
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] == "文件含有 NUL 字节"


def test_sarif_fingerprints_are_stable_and_distinct() -> None:
    first = [
        r["partialFingerprints"]["gklint/v1"] for r in json.loads(_render("sarif"))["runs"][0]["results"]
    ]
    second = [
        r["partialFingerprints"]["gklint/v1"] for r in json.loads(_render("sarif"))["runs"][0]["results"]
    ]
    assert first == second and len(set(first)) == len(first)


@pytest.mark.skipif(
    not SCHEMA.exists(), reason="SARIF schema not fetched (scripts/fetch_test_data.sh needs npm)"
)
def test_sarif_validates_against_the_sarif_2_1_0_schema() -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(json.loads(_render("sarif")))


def test_text_escapes_markup_and_marks_the_place() -> None:
    text = _render("text")
    assert "<script>alert(1)</script>" in text  # shown as text, not interpreted
    assert "reports/a,b:c.txt:72:21" in text
    assert "无法检查" in text and "bad.bin" in text


def test_text_keeps_colon_words_and_numbers_as_typed() -> None:
    """rich's emoji codes must not turn `path:100:5` or `:1234:` into pictures."""
    d = Diagnostic("GK601", "template-residue", "warning", "见 :smile: 与 :1234:", Span(0, 3))
    report = FileReport(
        ":thumbs_up:/报告.txt", (Finding(d, Position(100, 5), Position(100, 6), "第:100:行"),)
    )
    out = io.StringIO()
    RENDERERS["text"]([report], out, [], RenderOptions(color=True))
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
    assert ":thumbs_up:/报告.txt:100:5" in text
    assert ":smile: 与 :1234:" in text and "第:100:行" in text


def test_github_annotations_of_a_word_report_name_the_place_in_the_document() -> None:
    d = Diagnostic("GK301", "t34-blank", "error", "表三有空白", Span(0, 3))
    word = Finding(d, Position(40, 5), Position(40, 6), "", location="第2个表格第3行第4列")
    text = Finding(d, Position(40, 5), Position(40, 6), "")
    out = io.StringIO()
    RENDERERS["github"](
        [FileReport("r.docx", (word,)), FileReport("r.txt", (text,))], out, [], RenderOptions()
    )
    docx_line, txt_line = (line for line in out.getvalue().splitlines() if line.startswith("::error"))
    assert "line=" not in docx_line and docx_line.endswith("::第2个表格第3行第4列：表三有空白")
    assert "line=40,col=5" in txt_line


def _word_and_text_reports() -> list[FileReport]:
    """The same finding in a Word report (placed in the document) and in a text one."""
    d = Diagnostic("GK301", "t34-blank", "error", "表三有空白", Span(0, 3))
    cell = PlacedCell(CellRef("t3.new.total", "表三“一、本年新收”总计", "3", 3, Span(5, 6)), Position(41, 2))
    word = Finding(d, Position(40, 5), Position(40, 6), "", (cell,), location="第2个表格第3行第4列")
    text = Finding(d, Position(40, 5), Position(40, 6), "", (cell,))
    return [FileReport("r.docx", (word,)), FileReport("r.txt", (text,))]


def test_sarif_of_a_word_report_names_the_place_in_the_document_not_a_line() -> None:
    out = io.StringIO()
    RENDERERS["sarif"](_word_and_text_reports(), out, [], RenderOptions())
    docx_result, txt_result = json.loads(out.getvalue())["runs"][0]["results"]
    assert docx_result["message"]["text"] == "第2个表格第3行第4列：表三有空白"
    assert "region" not in docx_result["locations"][0]["physicalLocation"]
    assert "relatedLocations" not in docx_result  # their lines are the conversion's too
    assert txt_result["locations"][0]["physicalLocation"]["region"]["startLine"] == 40
    assert txt_result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 41


def test_junit_of_a_word_report_names_the_place_in_the_document_not_a_line() -> None:
    out = io.StringIO()
    RENDERERS["junit"](_word_and_text_reports(), out, [], RenderOptions())
    docx_case, txt_case = ET.fromstring(out.getvalue()).iter("testcase")
    assert docx_case.get("name") == "GK301 t34-blank (第2个表格第3行第4列)"
    assert txt_case.get("name") == "GK301 t34-blank (40:5)"
