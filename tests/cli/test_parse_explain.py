"""`gklint parse --explain CELL_ID`: how a cell was found, or why it is missing."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from gklint.cli import app
from tests.support import synth

runner = CliRunner()
T3_HEAD = (
    "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n"
)


def _explain(tmp_path: Path, text: str, cell_id: str) -> str:
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["parse", "--explain", cell_id, str(path)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_read_cell_shows_its_label_zone_candidates_fit_and_value(tmp_path: Path) -> None:
    cells = synth.default_cells("C", 3)
    text = synth.render(synth.Spec(era="C", year=2022, layout="tabs", cells=cells))
    out = _explain(tmp_path, text, "t3.new.total")
    line = synth.line_of(text, "本年新收")
    assert f"第{line}行  行标签" in out
    assert "找到的候选值" in out
    assert f"采用：t3.new.total = “{cells['t3.new.total']}”" in out


def test_a_flattened_row_says_which_split_was_chosen(tmp_path: Path) -> None:
    out = _explain(tmp_path, T3_HEAD + "一、本年新收政府信息公开申请数量 713000074\n", "t3.new.natural")
    assert "拆" in out and "采用：t3.new.natural = “71”" in out


def test_a_missing_cell_says_why(tmp_path: Path) -> None:
    text = T3_HEAD + "一、本年新收政府信息公开申请数量 3 3\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
    out = _explain(tmp_path, text, "t3.new.total")
    assert "2 个值无法唯一地对应 7 个栏目" in out
    assert "row-unaligned" in out
    assert "采用" not in out


def test_a_cell_of_a_table_the_report_lacks_or_of_no_table(tmp_path: Path) -> None:
    assert "没有识别到这个单元格所在的表格" in _explain(
        tmp_path, T3_HEAD + "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n", "t4.review.total"
    )
    assert "未知的单元格编号前缀" in _explain(tmp_path, T3_HEAD, "x9.new")
    assert "没有找到这一行的行标签" in _explain(
        tmp_path, T3_HEAD + "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n", "t3.carried_over.total"
    )


def test_a_label_only_in_a_header_line_is_explained(tmp_path: Path) -> None:
    text = T3_HEAD + "\t一、本年新收政府信息公开申请数量\t二、上年结转政府信息公开申请数量\n\t3\t0\n"
    out = _explain(tmp_path, text, "t3.new.total")
    assert "按表头处理" in out and "header-line" in out
