"""Normalisation keeps a map back to the source: every change still points at the right place."""

from __future__ import annotations

from gklint.model import Position
from gklint.read import read_text


def _pos(raw: str, needle: str) -> Position:
    source = read_text(raw)
    return source.posmap.position(source.text.index(needle))


def test_fullwidth_digits_and_brackets_are_folded_in_place() -> None:
    source = read_text("（一）收到申请１２件，办结１０件。")
    assert source.text == "(一)收到申请12件,办结10件。"
    assert source.posmap.position(source.text.index("10")) == Position(1, 14)


def test_spaces_inside_labels_are_removed_and_positions_kept() -> None:
    raw = "表头\n\t\t自 然 人\t法人或其他组织\n结 果 维 持\t0"
    source = read_text(raw)
    assert "\t\t自然人\t法人或其他组织" in source.text
    assert _pos(raw, "自然人") == Position(2, 3)
    assert _pos(raw, "维持") == Position(3, 5)
    # spaces between a label and a number are cell boundaries and stay
    assert read_text("行政许可 447228").text == "行政许可 447228"


def test_traditional_characters_and_pinyin_annotations() -> None:
    raw = "三、收到和處理政府信息公開申請情況\n根據(jù)《條例》"
    source = read_text(raw)
    assert source.text.splitlines() == ["三、收到和处理政府信息公开申请情况", "根据《条例》"]
    assert _pos(raw, "《条例》") == Position(2, 7)


def test_page_number_lines_and_markdown_marks_are_blanked() -> None:
    raw = "## 一、总体情况\n- 4 -\n— 5 —\n| a | b |\n|---|---|\n**加粗**文字"
    source = read_text(raw)
    assert source.text.split("\n") == ["一、总体情况", "", "", "| a | b |", "", "加粗文字"]
    assert _pos(raw, "文字") == Position(6, 7)


def test_nbsp_ideographic_space_and_bracket_variants() -> None:
    source = read_text("宁政办发﹝2015﹞1号\u00a0附件\u3000一")
    # NBSP and U+3000 become spaces, and spaces between CJK characters are layout
    assert source.text == "宁政办发〔2015〕1号附件一"


def test_a_report_flattened_to_one_line_is_cut_at_its_headings() -> None:
    prose = "本报告根据条例编制。" * 40
    raw = f"某区2020年政府信息公开工作年度报告 {prose}一、总体情况全年公开信息10条。二、主动公开政府信息情况 第二十条第(一)项信息内容规章007"
    source = read_text(raw)
    lines = source.text.split("\n")
    assert lines[0] == "某区2020年政府信息公开工作年度报告"
    assert "一、总体情况全年公开信息10条。" in lines
    assert "第二十条第(一)项信息内容规章007" in lines
    # all on source line 1, columns preserved
    at = source.text.index("第二十条")
    assert source.posmap.position(at) == Position(1, raw.index("第二十条") + 1)


def test_ordinary_long_paragraphs_are_not_cut() -> None:
    raw = "一是加强领导，" * 100 + "二、三季度开展检查。"
    assert "\n" not in read_text(raw).text


def test_every_normalised_character_maps_inside_the_source() -> None:
    raw = "一、 总 体 情 况\r\n（一）主动公开１２条。\n- 2 -\n\t自 然 人\t0\n"
    source = read_text(raw)
    for offset in range(len(source.text)):
        pos = source.posmap.position(offset)
        assert 1 <= pos.line <= source.posmap.line_count
        assert 1 <= pos.column <= len(source.posmap.line_text(pos.line)) + 1


def test_run_together_web_text_is_cut_where_two_ideographic_spaces_open_a_heading() -> None:
    # every paragraph opened by "　　", all on one line: the spaces before a heading are its break
    prose = "全年主动公开信息一百二十条，内容涉及各方面工作。" * 12
    raw = f"某县2020年政府信息公开工作年度报告\u3000\u3000{prose}\u3000\u3000一、总体情况\u3000\u3000{prose}\u3000\u3000二、主动公开政府信息情况\u3000\u3000{prose}"
    source = read_text(raw)
    lines = [line.strip() for line in source.text.split("\n")]
    assert any(line.startswith("一、总体情况") for line in lines)
    assert any(line.startswith("二、主动公开政府信息情况") for line in lines)
    at = source.text.index("二、主动")
    assert source.posmap.position(at) == Position(1, raw.index("二、主动") + 1)


def test_a_spaced_out_label_loses_the_spaces_of_its_numbering_and_keeps_a_wide_gap() -> None:
    source = read_text("1 . 政 府 公 报 公 开 政 府 信 息 数   条   3\n2 、 行 政 许 可\n2016 . 年")
    assert source.text.split("\n") == ["1.政府公报公开政府信息数   条   3", "2、行政许可", "2016 . 年"]


def test_a_heading_with_its_table_on_its_line_after_ideographic_spaces_is_cut() -> None:
    raw = "\u3000\u3000四、政府信息公开行政复议、行政诉讼情况\u3000\u3000行政复议 | 行政诉讼 |\u3000\u30002 | 0 | 2 |\n"
    lines = [line.strip() for line in read_text(raw).text.split("\n") if line.strip()]
    assert lines == ["四、政府信息公开行政复议、行政诉讼情况", "行政复议 | 行政诉讼 |", "2 | 0 | 2 |"]
    # a table row whose label is followed by spaces and its cells stays one line
    assert read_text("三、本年度办理结果  | (一)予以公开 | 2 |\n").text.count("\n") == 1
