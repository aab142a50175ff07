"""Tests of the synthetic report generator itself (tests/support/synth.py).

The invariants are written out here id by id, independently of the generator's own label tables,
so that a slip in those tables cannot hide itself.
"""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.support import make_fixtures, synth

ROOT = Path(__file__).resolve().parents[1]
SEEDS = (0, 1, 2, 7, 42)
T3_COLS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
APPLICANTS = T3_COLS[:-1]
T3_RESULTS_COMMON = (
    "granted",
    "partial",
    "refused.state_secret",
    "refused.law_prohibited",
    "refused.safety_stability",
    "refused.third_party",
    "refused.internal_affairs",
    "refused.process_info",
    "refused.enforcement_file",
    "refused.query_matter",
    "unable.not_held",
    "unable.needs_creation",
    "unable.unclear",
    "not_processed.petition",
    "not_processed.duplicate",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.confirmation",
)
T3_RESULTS = {
    "B": (*T3_RESULTS_COMMON, "other"),
    "C": (*T3_RESULTS_COMMON, "other.no_correction", "other.no_fee", "other.other"),
}
ALL_LAYOUTS = [(era, layout) for era in "ABC" for layout in synth.LAYOUTS[era]]


def _n(cells: dict[str, object], cell_id: str) -> int:
    value = cells[cell_id]
    assert isinstance(value, int), f"{cell_id} = {value!r}"
    return value


def _sum(cells: dict[str, object], *ids: str) -> int:
    return sum(_n(cells, i) for i in ids)


# --- default_cells --------------------------------------------------------------------------------


@pytest.mark.parametrize("era", ["B", "C"])
@pytest.mark.parametrize("seed", SEEDS)
def test_default_cells_hold_every_invariant_of_tables_3_and_4(era: str, seed: int) -> None:
    cells = synth.default_cells(era, seed)
    results = T3_RESULTS[era]
    rows = ("new", "carried_in", *(f"result.{r}" for r in results), "result.total", "carried_over")
    assert {f"t3.{row}.{col}" for row in rows for col in T3_COLS} <= set(cells)
    for col in T3_COLS:
        # B1/C1: 一 + 二 = (七)总计 + 四, in every column
        assert _sum(cells, f"t3.new.{col}", f"t3.carried_in.{col}") == _sum(
            cells, f"t3.result.total.{col}", f"t3.carried_over.{col}"
        )
        # B2/C2: (七)总计 = the sum of the result rows
        assert _n(cells, f"t3.result.total.{col}") == _sum(cells, *(f"t3.result.{r}.{col}" for r in results))
    for row in rows:  # B3: 总计 = the six applicant columns
        assert _n(cells, f"t3.{row}.total") == _sum(cells, *(f"t3.{row}.{c}" for c in APPLICANTS))
    for block in ("review", "suit_direct", "suit_after_review"):  # B4
        parts = (f"t4.{block}.{c}" for c in ("upheld", "corrected", "other", "pending"))
        assert _n(cells, f"t4.{block}.total") == _sum(cells, *parts)


@pytest.mark.parametrize("seed", SEEDS)
def test_default_cells_hold_every_invariant_of_the_era_a_table(seed: int) -> None:
    c = synth.default_cells("A", seed)
    received = ("in_person", "fax", "online", "letter")
    assert _n(c, "a.apply.received") == _sum(c, *(f"a.apply.received.{k}" for k in received))
    assert _n(c, "a.apply.closed") == _sum(c, "a.apply.closed.on_time", "a.apply.closed.extended")
    answers = (
        "already_public",
        "granted",
        "partial",
        "refused",
        "not_this_agency",
        "not_exist",
        "amend",
        "redirect",
    )
    assert _n(c, "a.apply.answered") == _sum(c, *(f"a.apply.answered.{k}" for k in answers))
    reasons = ("state_secret", "commercial_secret", "privacy", "security", "not_gov_info", "other_law")
    assert _n(c, "a.apply.answered.refused") == _sum(c, *(f"a.apply.answered.refused.{k}" for k in reasons))
    for group in ("a.review", "a.litigation"):
        assert _n(c, group) == _sum(c, f"{group}.upheld", f"{group}.corrected", f"{group}.other")
    assert _n(c, "a.org.staff") == _sum(c, "a.org.staff.full_time", "a.org.staff.part_time")
    assert _n(c, "a.active.normative") <= _n(c, "a.active.items")
    assert _n(c, "a.response.press_lead") <= _n(c, "a.response.press")
    assert _n(c, "a.response.interview_lead") <= _n(c, "a.response.interview")
    channels = ("gazette", "website", "weibo", "wechat", "other")
    assert _sum(c, *(f"a.active.channel.{k}" for k in channels)) >= _n(c, "a.active.items")
    headings = ("a.active", "a.active.channel", "a.response", "a.response.channel", "a.apply", "a.org")
    assert all(c[h] is None for h in (*headings, "a.meetings"))
    assert isinstance(c["a.org.budget"], Decimal)


@pytest.mark.parametrize("era", ["A", "B", "C"])
def test_zero_cells_are_all_zero_except_blank_heading_rows(era: str) -> None:
    cells = synth.default_cells(era, 5, zero=True)
    assert set(cells) == set(synth.default_cells(era, 5))
    assert {v for v in cells.values() if v is not None} == {0}


def test_default_cells_vary_with_the_seed() -> None:
    assert synth.default_cells("C", 1) != synth.default_cells("C", 2)
    assert synth.default_cells("C", 1) == synth.default_cells("C", 1)


# --- render ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("era", "layout"), ALL_LAYOUTS)
def test_render_is_deterministic(era: synth.Era, layout: synth.Layout) -> None:
    def spec() -> synth.Spec:
        return synth.Spec(era=era, year=2020, layout=layout, cells=synth.default_cells(era, 3))

    assert synth.render(spec()) == synth.render(spec())


@pytest.mark.parametrize("era", ["A", "B", "C"])
def test_tabs_layout_prints_every_default_value_as_a_cell(era: synth.Era) -> None:
    cells = synth.default_cells(era, 11)
    text = synth.render(synth.Spec(era=era, year=2020, cells=cells))
    printed = {cell for line in text.splitlines() if "\t" in line for cell in line.split("\t")}
    assert {str(v) for v in cells.values() if v is not None} <= printed


def _unique_cells(era: str) -> dict[str, object]:
    """Every cell a distinct five-digit number, except every seventh, which is blank."""
    ids = list(synth.default_cells(era, 0))
    return {cell_id: None if n % 7 == 3 else 10000 + n for n, cell_id in enumerate(ids)}


@pytest.mark.parametrize(("era", "layout"), [(e, lay) for e, lay in ALL_LAYOUTS if lay != "flat"])
def test_each_value_is_printed_once_in_table_order(era: synth.Era, layout: synth.Layout) -> None:
    cells = _unique_cells(era)
    text = synth.render(synth.Spec(era=era, year=2020, layout=layout, cells=cells))
    printed = [int(token) for token in re.split(r"[\s|]+", text) if re.fullmatch(r"\d{5}", token)]
    assert printed == [v for v in cells.values() if v is not None]


def test_flat_layout_keeps_the_values_of_a_row_together_on_one_line() -> None:
    cells = _unique_cells("C")
    text = synth.render(synth.Spec(era="C", year=2023, layout="flat", cells=cells))
    assert text.count("\n") == 1
    assert "行政许可" + str(cells["t2.license.decisions"]) in text


def test_blank_cells_are_empty_cells_in_tabs_and_vanish_in_spaced() -> None:
    cells = synth.default_cells("B", 0, zero=True)
    cells.update(dict.fromkeys(k for k in cells if k.startswith("t4.review.")))
    tabs = synth.render(synth.Spec(era="B", year=2020, cells=cells))
    assert "\n\t\t\t\t\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n" in tabs  # S003's table 四 data row
    spaced = synth.render(synth.Spec(era="B", year=2020, layout="spaced", cells=cells))
    assert "\n0 0 0 0 0 0 0 0 0 0\n" in spaced


def test_values_are_printed_exactly_as_given() -> None:
    cells = {
        "t2.fees.amount": Decimal("12.50"),
        "t2.license.decisions": "9(县级)",
        "t2.penalty.decisions": None,
    }
    text = synth.render(synth.Spec(era="C", year=2022, cells=cells))
    assert "行政事业性收费\t12.50\n" in text
    assert "行政许可\t9(县级)\n" in text
    assert "行政处罚\t\n" in text  # absent and None cells are empty cells


def test_narrative_and_extra_lines_land_in_their_sections() -> None:
    spec = synth.Spec(
        era="C",
        year=2023,
        layout="pdf",
        narrative={"三": "全年共收到政府信息公开申请12件。"},
        extra_lines={5: "XX年XX月XX日"},
    )
    text = synth.render(spec)
    heading_3 = synth.line_of(text, "三、收到和处理政府信息公开申请情况")
    assert (
        heading_3
        < synth.line_of(text, "全年共收到政府信息公开申请 12 件")
        < synth.line_of(text, "申请人情况")
    )
    assert synth.line_of(text, "五、存在的主要问题") < synth.line_of(text, "XX年XX月XX日")
    assert synth.line_of(text, "XX年XX月XX日") < synth.line_of(text, "六、其他需要报告的事项")


def test_period_and_published_overrides() -> None:
    spec = synth.Spec(era="A", year=2017, period="统计期限为2016年全年。", published="")
    text = synth.render(spec)
    assert "统计期限为2016年全年。" in text and "2017年1月1日" not in text
    assert "2018年3月20日" not in text
    assert "2018年3月20日" in synth.render(synth.Spec(era="A", year=2017))


def test_unsupported_layout_and_unknown_section_key_are_rejected() -> None:
    with pytest.raises(ValueError, match="not supported"):
        synth.render(synth.Spec(era="A", year=2016, layout="markdown"))
    with pytest.raises(ValueError, match="narrative keys"):
        synth.render(synth.Spec(era="C", year=2022, narrative={"3": "x"}))
    with pytest.raises(ValueError, match="cannot hold"):
        synth.render(synth.Spec(era="B", year=2020, cells={"t3.result.other.other.total": 1}))


def test_pdf_layout_numbers_its_pages_every_45_lines() -> None:
    lines = synth.render(synth.Spec(era="C", year=2024, layout="pdf")).splitlines()
    page_lines = [n for n, line in enumerate(lines) if re.fullmatch(r"- \d+ -", line)]
    assert page_lines == list(range(0, len(lines), 46))
    assert lines[page_lines[1]] == "- 2 -"


def test_line_of_counts_from_one_and_finds_the_nth_line() -> None:
    text = "a\nb x\nc\nd x\n"
    assert synth.line_of(text, "a") == 1
    assert synth.line_of(text, "x", nth=2) == 4
    with pytest.raises(ValueError):
        synth.line_of(text, "x", nth=3)


# --- generated files ------------------------------------------------------------------------------


def test_fixtures_cover_every_era_and_layout() -> None:
    names = {name for name, _ in make_fixtures.fixture_specs()}
    assert {f"{era.lower()}_{layout}" for era, layout in ALL_LAYOUTS} <= names


def test_fixtures_and_sample_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.make_fixtures", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sample_defects_are_on_their_documented_lines() -> None:
    text = (ROOT / "examples" / "sample-2021.txt").read_text(encoding="utf-8")
    for needle, line in make_fixtures.SAMPLE_DEFECT_LINES.items():
        assert synth.line_of(text, needle) == line, needle
