"""Layouts seen in real reports that lost rows or moved a value: synthetic reproductions.

Each text is written here in the national formats' wording (no real report text). A wrong value is
the worst outcome: where a row cannot be read with confidence it must be reported, never guessed.
"""

from __future__ import annotations

import pytest

from gklint.parse import parse_text
from gklint.parse.ast import Section, walk
from gklint.read import read_text
from gklint.tables import Extraction, extract_cells
from tests.support import synth
from tests.support.synth_layout_cells import write_cells

T2_HEAD = (
    "二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
    "规章\t0\t0\t0\n规范性文件\t1\t1\t5\n第二十条第(九)项\n信息内容\t采购项目数量\t采购总金额\n"
)


def _extract(text: str) -> Extraction:
    return extract_cells(parse_text(read_text(text).text))


@pytest.mark.parametrize(
    "row",
    [
        "政府集中采购 | 办公设备、电脑 | 176937 | ||",  # a web page's padding cells after the row
        "政府集中采购\t办公设备、电脑\t176937\t",  # Word's stray empty last cell
        "政府集中采购\t办公设备、电脑\t176937",
    ],
)
def test_text_in_the_count_cell_is_not_a_number_there_and_the_amount_stays_in_its_column(row: str) -> None:
    result = _extract(T2_HEAD + row + "\n三、收到和处理政府信息公开申请情况\n")
    count, amount = result.cells["t2.procurement.count"], result.cells["t2.procurement.amount"]
    assert (count.value.kind, count.value.raw) == ("text", "办公设备、电脑")
    assert amount.value.number == 176937


def test_a_label_split_over_cells_before_the_numbers_is_still_the_label() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n"
        "| (六)其他处理 | 1.申请人无正当理由逾期不补正 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "| 2.申请人逾期未按收费通知要求缴纳费用、 | 行政机关不再处理其政 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    )
    result = _extract(text)
    got = [
        result.cells[f"t3.result.other.no_fee.{c}"].value.number for c in ("natural", "commercial", "total")
    ]
    assert got == [1, 0, 1]


def _report(era: str, layout: str, cells: dict[str, object]) -> str:
    doc = synth.build_document(synth.Spec(era=era, year=2022 if era == "C" else 2019, cells=cells))
    return write_cells(doc, layout)


# the 规章 label cell as each layout prints it, and what is left when the capture loses it
LOST_RULES_LABEL = {
    "lines": ("\n规章\n", "\n"),
    "tsv": ("\n规章\t", "\n\t"),
    "pipe": ("\n| 规章 |", "\n|  |"),
    "spaced": ("\n规 章", "\n"),
}


@pytest.mark.parametrize(("era", "layout"), [("C", "lines"), ("C", "tsv"), ("B", "pipe"), ("B", "spaced")])
def test_table_two_without_its_rules_label_reads_the_numbers_where_the_form_puts_that_row(
    era: str, layout: str
) -> None:
    cells = synth.default_cells(era, 4)
    rules = [k for k in cells if k.startswith("t2.rules.")]
    cells.update({k: n for k, n in zip(rules, (3, 1, 7), strict=True)})
    text = _report(era, layout, cells)
    # the label cell of 规章 is lost, its numbers stay where they were
    label, kept = LOST_RULES_LABEL[layout]
    assert label in text
    text = text.replace(label, kept, 1)
    result = _extract(text)
    assert [result.cells[k].value.number for k in rules] == [3, 1, 7]
    assert not [p.code for p in result.problems if p.code.startswith(("row-", "table-"))]


@pytest.mark.parametrize("cut", [1, 3])
@pytest.mark.parametrize("layout", ["lines", "tsv", "spaced"])
def test_a_capture_ending_in_the_next_rows_numbering_does_not_lose_the_last_row(
    layout: str, cut: int
) -> None:
    cells = synth.default_cells("C", 5)
    text = _report("C", layout, cells)
    label = "2 . 其 他 法 律" if layout == "spaced" else "2.其他法律"
    cut = {1: 1, 3: 5 if layout == "spaced" else 3}[cut]
    text = text[: text.index(label) + cut] + "\n"  # the page ends in "2" or "2.其" of the next label
    result = _extract(text)
    cols = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
    got = [result.cells[f"t3.result.refused.state_secret.{c}"].value.number for c in cols]
    assert got == [cells[f"t3.result.refused.state_secret.{c}"] for c in cols]
    assert not [p.code for p in result.problems if p.code in ("row-unaligned", "table-orphan-values")]


def test_run_together_web_text_keeps_its_headings_and_tables() -> None:
    # a web page saved with every paragraph (and table row) opened by two ideographic spaces, all on
    # one line: the headings after the spaces are found and every table cell is read
    cells = synth.default_cells("C", 2)
    text = synth.render(synth.Spec(era="C", year=2022, layout="pipes", cells=cells))
    one_line = "".join("\u3000\u3000" + line for line in text.split("\n") if line.strip()) + "\n"
    parsed = parse_text(read_text(one_line).text)
    headings = [s.heading.text.strip()[:2] for s in walk(parsed.report.body) if isinstance(s, Section)]
    assert all(n in headings for n in ("一、", "二、", "三、", "四、", "五、", "六、"))
    result = extract_cells(parsed)
    assert {cid: result.cells[cid].value.number for cid in cells if cid in result.cells} == cells


def test_columns_padded_to_align_show_no_blank_a_short_row_is_reported() -> None:
    # gaps of many widths (a PDF's columns padded to align): a wide gap is no blank cell
    text = (
        "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n"
        "一、本年新收政府信息公开申请数量   12     3   0  1     17\n"
        "二、上年结转政府信息公开申请数量   0  0  0  0  0  0  0\n"
    )
    result = _extract(text)
    assert not any(cid.startswith("t3.new.") for cid in result.cells)
    assert [p.code for p in result.problems if p.code.startswith("row-")] == ["row-unaligned"]
    assert result.cells["t3.carried_in.total"].value.number == 0


@pytest.mark.parametrize("row", ["12 3 0 1 17", "12   3   0   1   17"])
def test_a_short_row_of_separate_numbers_is_not_cut_into_digits_to_fill_it(row: str) -> None:
    # 1,2,3,0,1,1,7 would fill the seven columns, but 1+2+3+0+1+1 is not 7: a wrong cut
    result = _extract(
        "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n"
        f"一、本年新收政府信息公开申请数量 {row}\n"
    )
    assert not any(cid.startswith("t3.new.") for cid in result.cells)
    assert [p.code for p in result.problems if p.code.startswith("row-")] == [
        "row-unaligned"
    ]  # the table is cut too
