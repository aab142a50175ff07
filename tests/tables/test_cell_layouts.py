"""Clean tables of all three formats in the four layouts that keep cells apart (tsv, pipe, one cell a
line, spaced), with fresh numbers each run and blank cells planted anywhere.

Every cell must be read right: no wrong value, every blank reported as blank on its own line, and no
row-level problem on a clean table. The numbers and the blanks come from a seed drawn once per run and
shown in every failure message; set GKLINT_SYNTH_SEED to replay a failure.
"""

from __future__ import annotations

import os
import random

import pytest

from gklint.parse import parse_text
from gklint.read import read_text
from gklint.tables import extract_cells
from gklint.tables.values import parse_value
from tests.support import synth
from tests.support.synth_layout_cells import CELL_LAYOUTS, blank_lines, write_cells

RUN_SEED = int(os.environ.get("GKLINT_SYNTH_SEED") or random.SystemRandom().randrange(10**6))
YEARS = {"A": 2016, "B": 2019, "C": 2022}
ROW_PROBLEMS = {"row-unaligned", "row-unreadable", "table-orphan-values", "table-unaligned", "row-truncated"}
CASES = [(era, layout) for era in "ABC" for layout in CELL_LAYOUTS]


def _plant_blanks(cells: dict[str, object], rng: random.Random, count: int) -> dict[str, object]:
    planted = dict(cells)
    for cid in rng.sample(sorted(c for c, v in cells.items() if v is not None), count):
        planted[cid] = None
    return planted


def _check(era: str, layout: str, seed: int, blanks: int) -> None:
    rng = random.Random(seed)
    cells = _plant_blanks(synth.default_cells(era, rng.randrange(10**6)), rng, blanks)
    gap = rng.choice((2, 3, 4))
    doc = synth.build_document(synth.Spec(era=era, year=YEARS[era], cells=cells))
    text = write_cells(doc, layout, gap)
    source = read_text(text)
    result = extract_cells(parse_text(source.text))
    where = f"run seed {RUN_SEED} (GKLINT_SYNTH_SEED), case seed {seed}, {era}/{layout}, gap {gap}"
    wrong, missing, misplaced = {}, [], {}
    lines = blank_lines(doc, layout, gap)
    for cid, written in cells.items():
        cell = result.cells.get(cid)
        if cell is None:
            missing.append(cid)
        elif written is None:
            if cell.value.kind != "blank":
                wrong[cid] = (None, cell.value.raw)
            elif cid in lines and source.posmap.position(cell.span.start).line != lines[cid]:
                misplaced[cid] = (lines[cid], source.posmap.position(cell.span.start).line)
        elif cell.value.number != parse_value(str(written)).number:
            wrong[cid] = (written, cell.value.raw)
    problems = [p.code for p in result.problems if p.code in ROW_PROBLEMS]
    assert wrong == {}, f"wrong values, {where}"
    assert missing == [], f"cells not read, {where}"
    assert misplaced == {}, f"blank cells reported on another line (written, reported), {where}"
    assert problems == [], f"row problems on a clean table, {where}"
    assert result.era == era, where


@pytest.mark.parametrize(("era", "layout"), CASES, ids=[f"{e}-{lay}" for e, lay in CASES])
def test_a_clean_table_reads_back_every_cell(era: str, layout: str) -> None:
    _check(era, layout, RUN_SEED, 0)


@pytest.mark.parametrize(("era", "layout"), CASES, ids=[f"{e}-{lay}" for e, lay in CASES])
@pytest.mark.parametrize("blanks", [1, 3])
def test_planted_blanks_are_blank_cells_at_their_line(era: str, layout: str, blanks: int) -> None:
    for k in range(4):
        _check(era, layout, RUN_SEED * 10 + k + blanks * 100, blanks)
