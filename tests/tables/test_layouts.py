"""Every era and layout real conversions produce: the cells read equal the cells written.

The reports are synthetic (tests/support/synth.py) and rendered from a cells dictionary, so the
expectation is the generator's input, never the parser's output.
"""

from __future__ import annotations

import pytest

from gklint.parse import parse_text
from gklint.read import read_text
from gklint.tables import extract_cells
from gklint.tables.values import parse_value
from tests.support import synth

YEARS = {"A": 2017, "B": 2020, "C": 2022}
CASES = [(era, layout) for era, layouts in synth.LAYOUTS.items() for layout in layouts]


def _extract(text: str):
    source = read_text(text)
    return extract_cells(parse_text(source.text))


def _same(written: object, value) -> bool:
    if written is None:
        return not value.is_number
    expected = parse_value(str(written))
    if expected.is_number:
        return value.is_number and value.number == expected.number
    return value.raw.replace(" ", "") == str(written).replace(" ", "")


@pytest.mark.parametrize(("era", "layout"), CASES, ids=[f"{e}-{lay}" for e, lay in CASES])
@pytest.mark.parametrize("seed", [1, 5])
def test_cells_read_back(era: str, layout: str, seed: int) -> None:
    cells = synth.default_cells(era, seed)
    result = _extract(synth.render(synth.Spec(era=era, year=YEARS[era], layout=layout, cells=cells)))
    assert result.era == era
    wrong = {
        cid: result.cells[cid].value.raw
        for cid, v in cells.items()
        if cid in result.cells and not _same(v, result.cells[cid].value)
    }
    assert wrong == {}
    missing = [cid for cid in cells if cid not in result.cells]
    if layout == "flat":
        # cell boundaries are lost: rows whose digits split more than one way are reported, not read
        reported = {p.args[2][1] for p in result.problems if p.code == "row-unaligned"}
        assert all(cid.rsplit(".", 1)[0] in reported for cid in missing if cid.startswith(("t2", "t3")))
    else:
        assert missing == []
    assert [cid for cid in result.cells if cid not in cells and result.cells[cid].value.is_number] == []


def test_blank_cells_stay_blank_where_the_layout_shows_them() -> None:
    cells = synth.default_cells("B", 2)
    for block_col in ("upheld", "corrected", "other", "pending", "total"):
        cells[f"t4.review.{block_col}"] = None
    result = _extract(synth.render(synth.Spec(era="B", year=2020, layout="tabs", cells=cells)))
    review = [
        result.cells[f"t4.review.{c}"].value for c in ("upheld", "corrected", "other", "pending", "total")
    ]
    assert [v.kind for v in review] == ["blank"] * 5
    assert result.cells["t4.suit_direct.total"].value.is_number


def test_cell_positions_point_at_the_number_in_the_source() -> None:
    cells = synth.default_cells("C", 4)
    text = synth.render(synth.Spec(era="C", year=2022, layout="spaced", cells=cells))
    source = read_text(text)
    result = extract_cells(parse_text(source.text))
    cell = result.cells["t3.new.total"]
    pos = source.posmap.position(cell.span.start)
    line = source.posmap.line_text(pos.line)
    assert "本年新收" in line
    assert line[pos.column - 1 :].startswith(str(cells["t3.new.total"]))


T3_HEAD = (
    "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n"
)
T3_END = "四、结转下年度继续办理 0 0 0 0 0 0 0\n"  # the row a complete table 三 ends with


@pytest.mark.parametrize(
    "run",
    [
        "270020130",  # 27,0,0,2,0,1 and 2,7,0,0,20,1 both add up to 30
        "713000075",  # no split adds up: a wrong total is never repaired by the split
    ],
)
def test_a_row_flattened_into_one_digit_run_is_reported_not_guessed(run: str) -> None:
    result = _extract(T3_HEAD + f"一、本年新收政府信息公开申请数量 {run}\n" + T3_END)
    assert not any(cid.startswith("t3.new.") for cid in result.cells)
    assert [p.code for p in result.problems] == ["row-unaligned"]


@pytest.mark.parametrize(
    ("run", "cells"),
    [
        ("713000074", [71, 3, 0, 0, 0, 0, 74]),  # 7,13,… and 71,3,… are valid cuts; one adds up
        ("200 000121", [20, 0, 0, 0, 0, 1, 21]),
    ],
)
def test_a_flattened_row_is_split_where_exactly_one_cut_adds_up(run: str, cells: list[int]) -> None:
    result = _extract(T3_HEAD + f"一、本年新收政府信息公开申请数量 {run}\n" + T3_END)
    columns = ["natural", "commercial", "research", "social", "legal", "other_org", "total"]
    assert [result.cells[f"t3.new.{c}"].value.number for c in columns] == cells
    assert not result.problems


def test_a_table_the_text_stops_in_before_its_last_row_is_cut_there() -> None:
    rows = "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
    cut = _extract(T3_HEAD + rows)
    assert [(p.code, dict(p.args)["label"]) for p in cut.problems] == [
        ("table-cut", "二、上年结转政府信息公开申请")
    ]
    assert not _extract(T3_HEAD + rows + T3_END).problems
    assert not _extract(T3_HEAD + rows + "五、存在的主要问题及改进情况\n无。\n").problems


def test_a_flattened_table_four_is_split_block_by_block_where_the_totals_add_up() -> None:
    text = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n21317000001324019\n"
    result = _extract(text)
    got = [
        result.cells[f"t4.{b}.{c}"].value.number
        for b in ("review", "suit_direct", "suit_after_review")
        for c in ("upheld", "corrected", "other", "pending", "total")
    ]
    assert got == [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]


def test_era_comes_from_the_tables_shape_not_the_year() -> None:
    cells = synth.default_cells("B", 1)
    result = _extract(synth.render(synth.Spec(era="B", year=2022, layout="tabs", cells=cells)))
    assert (result.era, result.era_source) == ("B", "table")


@pytest.mark.parametrize("label", ["受理依申请公开信息总数", "受理政府信息依申请公开总数"])
def test_a_local_table_names_its_received_row_either_way(label: str) -> None:
    text = (
        "六、政府信息公开情况统计表\n指标名称 计量单位 2017年度 历年累计\n"
        f"主动公开文件数 条 21 100\n{label} 条 3 5\n其中：1、当面申请数 条 2 3\n"
    )
    result = _extract(text)
    assert result.cells["a.apply.received"].value.number == 3
    assert result.cells["a.apply.received.in_person"].value.number == 2


@pytest.mark.parametrize(
    ("text", "era", "source"),
    [
        # an excerpt: no table, one heading, but the preamble lists the fixed B/C sections
        (
            "示例县2022年政府信息公开工作年度报告\n本报告全文包括总体情况、主动公开政府信息情况、"
            "收到和处理政府信息公开申请情况等部分。\n一、总体情况\n全年主动公开信息12条。\n",
            "C",
            "year",
        ),
        ("示例县2022年政府信息公开工作年度报告\n一、总体情况\n全年主动公开信息12条。\n", "unknown", "none"),
    ],
)
def test_without_tables_the_era_comes_from_the_sections_and_the_year(
    text: str, era: str, source: str
) -> None:
    result = _extract(text)
    assert (result.era, result.era_source) == (era, source)


def test_an_unmapped_local_row_is_split_into_its_two_columns_where_only_one_split_exists() -> None:
    text = (
        "政府信息公开情况统计表\n指标名称 计量单位 2012年度 历年累计\n"
        "受理依申请公开信息总数 条 21 21\n3.电子邮件申请数 条33\n6.其它形式申请数 条 0 0\n"
    )
    rows = {u.label: [v.number for v in u.values] for u in _extract(text).unmapped}
    assert rows["3.电子邮件申请数"] == [3, 3]
    assert rows["6.其它形式申请数"] == [0, 0]
