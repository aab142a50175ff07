"""The report's table version (its format: A, B, C, …) from the shape of its tables.

Decided from the tables, never from the year, so that a table of the wrong version for the year
can be flagged. Only when the text holds no table does it fall back to cues in the narrative (the
format notice cited, the old statute's structure), and for the fixed sections that several formats
share, to the year. The source of the decision is returned with it. What each format looks like
is data (gklint/registry.py, gklint/data/formats/).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache

from gklint.model import Era
from gklint.registry import Format, format_for_year, formats, formats_of_table, table_files
from gklint.tables.extract import TableResult

_PREAMBLE = 1500  # characters of the narrative searched for the list of sections
# "table", "table-year" (the shape fits several formats, the year chose), "text", "year", "none"
EraSource = str


def decide_era(
    tables: list[TableResult], narrative: str, headings: Callable[[], list[str]], year: int | None
) -> tuple[Era, EraSource]:
    """The era and what decided it. `headings` gives the report's headings (asked for only when
    neither the tables nor the narrative decide)."""
    era = _from_tables(tables)
    if era:
        return era, "table"
    shared = [formats_of_table(t.kind) for t in tables if t.cells or t.rows_found]
    if shared:
        # tables several formats share, whose shape cannot tell them apart (table 三 with no (六)
        # row, table 四): the year decides among those formats only, else the newest of them
        among = shared[0]
        return format_for_year(year, among) or among[-1], "table-year"
    for f in reversed(formats()):  # newest first: a later notice may cite an earlier one
        if f.text_cue and f.text_cue.search(narrative):
            return f.id, "text"
    # the headings, or the preamble's list of them ("全文包括总体情况、主动公开政府信息情况…"),
    # which an excerpt or a one-line page keeps when its headings are lost
    texts = [*headings(), narrative[:_PREAMBLE]]
    with_sections = tuple(f.id for f in formats() if f.sections and _sections(f, texts) >= f.sections_min)
    if with_sections and (era := format_for_year(year, with_sections)):
        return era, "year"
    return "unknown", "none"


def _sections(f: Format, texts: list[str]) -> int:
    assert f.sections is not None
    return len({m.group() for text in texts for m in f.sections.finditer(text)})


def _from_tables(tables: list[TableResult]) -> Era | None:
    """The era the tables' shape says: the era a table's rows or columns belong to (its result's
    `era`; table 二 before table 三), else the one format of a table no other format has."""
    kinds = _table_kinds()
    for kind in kinds:
        votes = [t.era for t in tables if t.kind == kind and t.era]
        if votes:
            return Counter(votes).most_common(1)[0][0]
    found = {t.kind for t in tables if t.cells or t.rows_found}
    for kind in kinds:
        owners = formats_of_table(kind)
        if kind in found and len(owners) == 1:
            return owners[0]
    return None


@cache
def _table_kinds() -> tuple[str, ...]:
    """The table kinds in the order of the formats that use them (asked for each report)."""
    return tuple(path.stem for path in table_files())
