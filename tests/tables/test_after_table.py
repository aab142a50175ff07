"""What follows a report's last table is not part of it: a web page's links and a page number after
the statistics table (era A puts it last) must not take the place of the last row's value, nor
leave the table unreadable."""

from __future__ import annotations

import pytest

from gklint.parse import parse_text
from gklint.read import read_text
from gklint.tables import extract_cells
from tests.support import synth

TAILS = [
    "\n扫一扫在手机打开当前页\n相关文档\n分享到:\n3\n",  # a web page's links, then a number
    "\n本页面内容由区政府办公室负责发布维护\n12\n",
]


def _cells(text: str) -> dict[str, str]:
    return {
        cid: cell.value.raw for cid, cell in extract_cells(parse_text(read_text(text).text)).cells.items()
    }


@pytest.mark.parametrize("layout", synth.LAYOUTS["A"])
@pytest.mark.parametrize("tail", TAILS)
def test_lines_after_the_last_table_leave_its_cells_alone(layout: str, tail: str) -> None:
    text = synth.render(synth.Spec(era="A", year=2016, layout=layout, cells=synth.default_cells("A", 7)))
    assert _cells(text + tail) == _cells(text)


# A local statistics table of 2016 flattened into one line (本年 and 历年累计 run together, as some
# web pages have it): every row's label and digits on the table's one line.
_ONE_LINE = (
    "七、某县政府信息公开情况统计表\n"
    "指标名称计量单位2016年度历年累计主动公开文件数条58其中：1、政府网站公开数条462、政府公报公开数条12"
    "受理依申请公开信息总数条35其中：1、当面申请数条122、网上申请数条123、信函、传真申请数条11"
    "对申请的答复总数条35其中：1、同意公开答复数条232、同意部分公开答复数条013、不予公开答复数条01"
    "4、其他类型答复数条10政府信息公开收费减免金额元00行政复议数件00行政诉讼数件00\n"
)


@pytest.mark.parametrize("tail", ["", "\n3\n", "\n\n12\n"])
def test_a_page_number_after_a_table_on_one_line_is_no_blank_cell_of_its_rows(tail: str) -> None:
    """An empty line below a table flattened into one line is not a blank cell of every row on
    that line (each row's two digits were read as one number and a blank)."""
    text = "一、概述\n本县依法公开政府信息。\n" + _ONE_LINE
    cells = _cells(text + tail)
    assert cells["a.active.items"] == "5" and cells["a.active.channel.website"] == "4"
    assert cells["a.apply.received"] == "3" and cells["a.apply.answered.partial"] == "0"
    assert cells == _cells(text)
