"""Messages as a clerk reads them (issue 16, item 9): no English placeholders or signs where words
belong, one phrase at a time, every file named for what it is, explain self-contained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from gklint import messages
from gklint.cli import app
from gklint.report.ruledoc import words
from gklint.rules import builtin_rules
from tests.conftest import ROOT
from tests.support import synth

runner = CliRunner()


def _diagnostics(path: Path) -> list[dict]:
    doc = json.loads(runner.invoke(app, ["check", "-f", "json", str(path)]).stdout)
    return doc["files"][0]["diagnostics"]


def test_a_not_assessable_message_keeps_the_cells_apart_from_the_words_after_them(tmp_path: Path) -> None:
    cells = synth.default_cells("C", 3)
    cells.update({"t4.suit_direct.pending": None, "t4.suit_direct.total": None})
    (tmp_path / "r.txt").write_text(
        synth.render(synth.Spec(era="C", year=2022, layout="tabs", cells=cells)), encoding="utf-8"
    )
    unassessed = [d for d in _diagnostics(tmp_path / "r.txt") if d["outcome"] == "not-assessable"]
    assert unassessed
    for d in unassessed:
        assert d["message"].count("缺失") == 1 and "单元格缺失" in d["message"], d["message"]
        assert d["message"].endswith("。")


def test_equations_say_more_or_less_not_a_signed_difference(tmp_path: Path) -> None:
    cells = synth.default_cells("C", 3)
    cells["t3.result.total.total"] = int(cells["t3.result.total.total"]) + 1
    (tmp_path / "r.txt").write_text(
        synth.render(synth.Spec(era="C", year=2022, layout="tabs", cells=cells)), encoding="utf-8"
    )
    gk201 = [d for d in _diagnostics(tmp_path / "r.txt") if d["rule"] == "GK201"]
    assert gk201 and all("多 1" in d["message"] and "-1" not in d["message"] for d in gk201)


@pytest.mark.parametrize(
    ("name", "data", "says", "never"),
    [
        ("scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "图片", "NUL"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "图片", "NUL"),
        ("old.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "WPS", "旧版 Word"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, ".doc", "WPS 文字"),
    ],
)
def test_a_file_given_alone_is_named_for_what_it_is(
    tmp_path: Path, name: str, data: bytes, says: str, never: str
) -> None:
    (tmp_path / name).write_bytes(data)
    doc = json.loads(runner.invoke(app, ["check", "-f", "json", str(tmp_path / name)]).stdout)
    error = doc["files"][0]["error"]
    assert says in error and never not in error, error


def test_explain_is_self_contained_and_in_chinese() -> None:
    out = runner.invoke(app, ["explain", "GK201"], env={"COLUMNS": "200"}).stdout
    assert "docs/sources.md" not in out
    assert "检查类型：数字之间的等式或不等式" in out
    assert "国办公开办函〔2021〕30号" in out


def test_every_rule_kind_and_reference_has_words() -> None:
    for rule in builtin_rules():
        assert rule.meta.kind in words()["kinds"], rule.meta.code
        for ref in rule.meta.doc.references:
            assert ref in words()["references"], (rule.meta.code, ref)


def test_document_locations_do_not_read_like_the_report_s_table_numbers() -> None:
    text = messages.text("locate-cell", table=2, row=3, column=4)
    assert text == "第2个表格第3行第4列"  # not "表2", which a reader takes for 表二


def test_rule_messages_have_no_signed_difference_or_unknown_placeholders() -> None:
    for path in sorted((ROOT / "rules").glob("*/GK*.yaml")):
        message = yaml.safe_load(path.read_text(encoding="utf-8")).get("message", "")
        assert "相差 {diff}" not in message and "（未知）" not in message, path.name
