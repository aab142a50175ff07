"""The report's table version (era A, B or C) from the shape of its tables.

Decided from the tables, never from the year, so that a table of the wrong version for the year
can be flagged. Only when the text holds no table does it fall back to cues in the narrative (the
format notice cited, the old statute's structure), and for the six fixed B/C sections alone, to
the year. The source of the decision is returned with it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from gklint.model import Era
from gklint.resources import data_path
from gklint.tables.extract import TableResult
from gklint.yamlfile import load_file

_PREAMBLE = 1500  # characters of the narrative searched for the list of sections
EraSource = str  # "table", "table-year" (B or C by shape, the year chose), "text", "year", "none"


@dataclass(frozen=True)
class _Cues:
    text: tuple[tuple[str, re.Pattern[str]], ...]
    fixed: re.Pattern[str]
    fixed_min: int
    by_year: tuple[tuple[str, int, int], ...]


@cache
def _cues() -> _Cues:
    d = load_file(data_path("era.yaml"))
    return _Cues(
        text=tuple((era, re.compile(p)) for era, p in d["text_cues"].items()),
        fixed=re.compile(d["fixed_sections"]),
        fixed_min=int(d["fixed_sections_min"]),
        by_year=tuple((era, lo, hi) for era, (lo, hi) in d["by_year"].items()),
    )


def decide_era(
    tables: list[TableResult], narrative: str, headings: list[str], year: int | None
) -> tuple[Era, EraSource]:
    """The era and what decided it."""
    era = _from_tables(tables)
    if era:
        return era, "table"
    cues = _cues()
    if any(t.kind in ("t2", "t3", "t4") and (t.cells or t.rows_found) for t in tables):
        # tables of the 2019/2021 formats whose shape cannot tell the two apart (table 三 with
        # no (六) row, table 四): the year decides between B and C only
        by_year = _by_year(year, cues, ("B", "C"))
        return by_year or "C", "table-year"
    for name, pattern in cues.text:
        if pattern.search(narrative):
            return name, "text"  # type: ignore[return-value]
    # the headings, or the preamble's list of them ("全文包括总体情况、主动公开政府信息情况…"),
    # which an excerpt or a one-line page keeps when its headings are lost
    fixed = {m.group() for h in [*headings, narrative[:_PREAMBLE]] for m in cues.fixed.finditer(h)}
    if len(fixed) >= cues.fixed_min and (era := _by_year(year, cues, ("B", "C"))):
        return era, "year"
    return "unknown", "none"


def _by_year(year: int | None, cues: _Cues, eras: tuple[str, ...]) -> Era | None:
    for name, lo, hi in cues.by_year:
        if year is not None and name in eras and lo <= year <= hi:
            return name  # type: ignore[return-value]
    return None


def _from_tables(tables: list[TableResult]) -> Era | None:
    kinds = {t.kind for t in tables if t.cells or t.rows_found}
    by_kind = {k: Counter(t.era for t in tables if t.kind == k and t.era) for k in ("t2", "t3")}
    for kind in ("t2", "t3"):
        if by_kind[kind]:
            return by_kind[kind].most_common(1)[0][0]  # type: ignore[return-value]
    if kinds & {"a", "a0"}:
        return "A"
    return None
