"""The cell ids the tables layer can produce are exactly those of shared/spec/cells.md (the
contract of `gklint parse` output and of the rules)."""

from __future__ import annotations

import re

from gklint.tables.labels import all_cell_ids
from tests.conftest import SHARED, needs_shared

T3_COLUMNS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")


def _spec_ids() -> set[str]:
    spec = (SHARED / "spec" / "cells.md").read_text(encoding="utf-8")
    ids = set(re.findall(r"^\| (a\.[a-z_.]+) \|", spec, re.M))
    ids |= set(re.findall(r"`(a\.[a-z_.]+)`", spec.split("| id | label | unit |")[0]))
    rows = re.findall(
        r"^\| ([a-z_.]+) \| .*$",
        spec.split("Id = `t3.<row>.<column>`")[1].split("## Eras B and C — table 四")[0],
        re.M,
    )
    ids |= {f"t3.{row}.{col}" for row in rows if row != "row" for col in T3_COLUMNS}
    ids |= {f"t4.{b}.{c}" for b in ("review", "suit_direct", "suit_after_review") for c in T4_COLUMNS}
    table2 = spec.split("## Eras B and C — table 二")[1].split("## Eras B and C — table 三")[0]
    for cell in re.findall(r"^\| ([^|]+) \| [BC] \|", table2, re.M):
        first, *rest = [c.strip().strip("`") for c in cell.split("/")]
        base = first.rsplit(".", 1)[0]
        ids.add(first)
        ids |= {f"{base}{r}" if r.startswith(".") else r for r in rest}
    return ids


@needs_shared
def test_cell_ids_equal_the_spec() -> None:
    assert all_cell_ids() == _spec_ids()


def test_cell_ids_are_complete_for_each_table() -> None:
    ids = all_cell_ids()
    # 一, 二, (一), (二), (三)1-8, (四)1-3, (五)1-5, (六) as one row (B) and as three (C), (七), 四
    assert len([i for i in ids if i.startswith("t3.")]) == 7 * 26
    assert len([i for i in ids if i.startswith("t4.")]) == 15
