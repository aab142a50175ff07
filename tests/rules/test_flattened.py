"""Prose numbers against a table row flattened into one run of digits (kinds/flattened.py)."""

from __future__ import annotations

import pytest

from gklint.read import read_text
from gklint.rules import RuleContext, run_rules
from gklint.rules.kinds.flattened import _fits
from gklint.runner import analyze_source
from tests.rules.harness import rule_by_code
from tests.support import synth


@pytest.mark.parametrize(
    ("run", "pieces", "index", "stated", "fits"),
    [
        ("8855698", 3, 2, "698", True),  # 88 | 55 | 698
        ("8855698", 3, 0, "88", True),
        ("8855698", 3, 2, "312", False),
        ("8855698", 3, 0, "8855698", False),  # the other two cells cannot be empty
        ("1020", 3, 1, "0", True),  # 1 | 0 | 20
        ("1020", 3, 0, "10", True),  # 10 | 2 | 0
        ("1002", 3, 2, "2", True),  # 10 | 0 | 2
        ("1002", 3, 1, "2", False),  # 100 | 2 | (nothing left)
        ("1002", 3, 1, "02", False),  # no number starts with 0
        ("346085376", 2, 0, "3460", True),  # this year | cumulative (era A)
    ],
)
def test_fits_cuts_the_run_every_way(run: str, pieces: int, index: int, stated: str, fits: bool) -> None:
    assert _fits(run, pieces, index, stated) is fits


def _findings(stated: int) -> list[str]:
    cells = synth.default_cells("C", 3)
    cells.update({"t2.normative.issued": 88, "t2.normative.repealed": 55, "t2.normative.in_force": 698})
    sentence = f"全年制发行政规范性文件88件，现行有效行政规范性文件{stated}件。"
    spec = synth.Spec(era="C", year=2022, layout="flat", cells=cells, narrative={"二": sentence})
    analysis = analyze_source(read_text(synth.render(spec)))
    assert "t2.normative.in_force" not in analysis.extraction.cells  # the row is one run of digits
    ctx = RuleContext.of(analysis.parsed, analysis.extraction)
    return [d.message for d in run_rules([rule_by_code("GK505")], ctx)]


def test_prose_against_a_flattened_row() -> None:
    assert _findings(698) == []  # 88 | 55 | 698 is one way to cut "8855698"
    assert _findings(5698) == []  # 8 | 85 | 5698 is another: the text cannot be shown wrong
    found = _findings(312)
    assert len(found) == 1 and "“8855698”" in found[0] and "312" in found[0]
