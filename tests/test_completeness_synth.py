"""GK111 across the layouts real conversions produce (synthetic reports, tests/support/synth.py):
a complete report is never said to stop; the same report cut inside a sentence of its overview,
or after a row of table 三, is said to stop once, at its last line, with no section- or
table-missing error piled on."""

from __future__ import annotations

import re

import pytest

from gklint.read import read_text
from gklint.rules import builtin_rules
from gklint.runner import CheckOptions, check_source
from tests.support import synth

LAYOUTS = ("tabs", "pipes", "markdown", "lines", "spaced", "pdf", "flat")
MISSING = {"GK103", "GK105", "GK106", "GK112"}


def _report(layout: str) -> str:
    return synth.render(synth.Spec(era="C", year=2022, layout=layout, cells=synth.default_cells("C", 4)))


def _findings(text: str) -> list[tuple[str, str, int | None]]:
    report = check_source(read_text(text, "r.txt"), CheckOptions(tuple(builtin_rules())))
    return [
        (f.diagnostic.code, f.diagnostic.outcome, f.start.line if f.start else None) for f in report.findings
    ]


def _assert_cut_once(text: str) -> None:
    found = _findings(text)
    cuts = [f for f in found if f[0] == "GK111"]
    assert [c[2] for c in cuts] == [text.rstrip().count("\n") + 1], found
    assert not [f for f in found if f[0] in MISSING and f[1] == "fail"], found


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_complete_report_is_not_cut(layout: str) -> None:
    assert "GK111" not in [f[0] for f in _findings(_report(layout))]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_report_cut_inside_a_sentence_of_its_overview(layout: str) -> None:
    text = _report(layout)
    cut = re.compile("[，,]").search(text, text.index("一、总体情况"))
    assert cut is not None
    _assert_cut_once(text[: cut.end()] + "不断拓展")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_report_cut_after_a_row_of_table_three(layout: str) -> None:
    text = _report(layout)
    row = text.index("上年结转")
    # before the next row: its line's end, or in a page flattened to one line its label
    label = text.find("三、本年度办理结果", row)
    end = min(text.index("\n", row), label if label >= 0 else len(text))
    _assert_cut_once(text[:end])
