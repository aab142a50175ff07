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


def test_a_table_flattened_into_one_digit_run_is_reported_not_guessed() -> None:
    text = "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n一、本年新收政府信息公开申请数量 713000074\n"
    result = _extract(text)
    assert not any(cid.startswith("t3.new.") for cid in result.cells)
    assert [p.code for p in result.problems] == ["row-unaligned"]


def test_era_comes_from_the_tables_shape_not_the_year() -> None:
    cells = synth.default_cells("B", 1)
    result = _extract(synth.render(synth.Spec(era="B", year=2022, layout="tabs", cells=cells)))
    assert (result.era, result.era_source) == ("B", "table")
