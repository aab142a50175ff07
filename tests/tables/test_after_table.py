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
