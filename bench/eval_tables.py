"""How many table cells gklint reads right: on the hand-checked real reports and on generated tables.

    .venv/bin/python bench/eval_tables.py              # the run recorded in docs/evaluation-tables.md
    .venv/bin/python bench/eval_tables.py --seeds 5    # fewer generated tables

Real reports: every cell of tests/expected/*.yaml (values read by hand) against what gklint reads
from ../shared. Generated: clean tables of formats A, B and C in the layouts of
tests/support/synth_layout_cells.py, fresh numbers per seed, with 0, 1 and 3 blank cells planted
anywhere. A cell is right when its number (or blankness) is the written one; wrong when a different
number is read (the worst outcome); missing when it is reported instead of read. Blanks must also
be reported on the line where they are.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gklint.parse import parse_text  # noqa: E402
from gklint.read import read_text  # noqa: E402
from gklint.runner import analyze_path  # noqa: E402
from gklint.tables import extract_cells  # noqa: E402
from gklint.tables.values import parse_value  # noqa: E402
from tests.support import synth  # noqa: E402
from tests.support.synth_layout_cells import CELL_LAYOUTS, blank_lines, write_cells  # noqa: E402

SHARED = ROOT.parent / "shared"
YEARS = {"A": 2016, "B": 2019, "C": 2022}
ROW_PROBLEMS = {"row-unaligned", "row-unreadable", "table-orphan-values", "table-unaligned", "row-truncated"}


def real() -> Counter[str]:
    count: Counter[str] = Counter()
    for path in sorted((ROOT / "tests" / "expected").glob("*.yaml")):
        want = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not want.get("cells") or not (SHARED / want["source"]).exists():
            continue
        cells = analyze_path(SHARED / want["source"]).extraction.cells
        count["reports"] += 1
        for cid, value in want["cells"].items():
            count["cells"] += 1
            got = cells.get(cid)
            if got is None or not got.value.is_number and value is not None:
                count["missing"] += 1
            elif value is None or Decimal(str(got.value.number)) == Decimal(str(value)):
                count["right"] += 1
            else:
                count["wrong"] += 1
        count["invented"] += sum(
            1 for cid, c in cells.items() if c.value.is_number and cid not in want["cells"]
        )
    return count


def generated(era: str, layout: str, seed: int, blanks: int) -> Counter[str]:
    rng = random.Random(seed)
    cells = synth.default_cells(era, rng.randrange(10**6))
    for cid in rng.sample(sorted(c for c, v in cells.items() if v is not None), blanks):
        cells[cid] = None
    gap = rng.choice((2, 3, 4))
    doc = synth.build_document(synth.Spec(era=era, year=YEARS[era], cells=cells))
    source = read_text(write_cells(doc, layout, gap))
    result = extract_cells(parse_text(source.text))
    lines = blank_lines(doc, layout, gap)
    count: Counter[str] = Counter(tables=1)
    for cid, written in cells.items():
        count["cells"] += 1
        cell = result.cells.get(cid)
        if cell is None:
            count["missing"] += 1
        elif written is None:
            where = source.posmap.position(cell.span.start).line
            ok = cell.value.kind == "blank" and (cid not in lines or where == lines[cid])
            count["right" if ok else "wrong" if cell.value.is_number else "blank elsewhere"] += 1
        elif cell.value.number == parse_value(str(written)).number:
            count["right"] += 1
        else:
            count["wrong"] += 1
    if not blanks:
        count["row warnings on clean tables"] += sum(1 for p in result.problems if p.code in ROW_PROBLEMS)
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--offset", type=int, default=0, help="first seed (another sample)")
    args = parser.parse_args()
    r = real()
    print(f"real reports with hand-checked cells: {r['reports']}, cells {r['cells']}")
    print(
        f"  right {r['right']} ({100 * r['right'] / max(r['cells'], 1):.2f}%), wrong {r['wrong']}, "
        f"missing {r['missing']}, numbers read where the hand check has none {r['invented']}"
    )
    print(
        "\n| layout | format | tables | cells | right | % | wrong | missing | blank elsewhere | row warnings (clean) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for layout in CELL_LAYOUTS:
        for era in "ABC":
            c: Counter[str] = Counter()
            for seed in range(args.seeds):
                for blanks in (0, 1, 3):
                    c.update(generated(era, layout, args.offset + seed * 7 + blanks, blanks))
            print(
                f"| {layout} | {era} | {c['tables']} | {c['cells']} | {c['right']} | "
                f"{100 * c['right'] / c['cells']:.2f} | {c['wrong']} | {c['missing']} | "
                f"{c['blank elsewhere']} | {c['row warnings on clean tables']} |"
            )


if __name__ == "__main__":
    main()
