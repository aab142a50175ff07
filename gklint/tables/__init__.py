"""Tables layer: the AST's table regions → canonical cells (ids of shared/spec/cells.md).

Each region is classified by the words it holds (table 二, 三, 四, the era-A 统计表 or a local
pre-2014 table), then read row by row. Cells that cannot be aligned with confidence are not given
a value: they are reported as problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gklint.model import Cell, Era, Problem
from gklint.parse import Parsed
from gklint.parse.ast import Report, Section, Table, walk
from gklint.tables.era import decide_era
from gklint.tables.extract import TableResult, UnmappedRow, extract_blocks, extract_rows
from gklint.tables.labels import TableDef, table_defs
from gklint.tables.region import Compact, Region, compact_joined, compact_text, make_region
from gklint.tables.trace import Line, explain

__all__ = ["Extraction", "extract_cells", "explain_cell", "UnmappedRow", "TableResult"]


@dataclass(frozen=True)
class Extraction:
    """The tables layer's result: cells, tables found, unmapped rows, problems and era."""

    cells: dict[str, Cell]
    tables: tuple[TableResult, ...]
    unmapped: tuple[UnmappedRow, ...]
    problems: tuple[Problem, ...]
    era: Era
    era_source: str
    cumulative: dict[str, Cell] = field(default_factory=dict)  # 历年累计 by row id (local tables)


def extract_cells(parsed: Parsed, *, trace: bool = False) -> Extraction:
    """Every canonical cell of the report's tables, the report's era, and what went wrong; with
    `trace`, also how each row was read (what `explain_cell` tells)."""
    text = parsed.report.text
    results: list[TableResult] = []
    pieces: dict[str, list[Region]] = {}  # kind -> the regions of that table, in order
    for kind, region in table_regions(parsed.report):
        pieces.setdefault(kind, []).append(region)
    for kind, regions in pieces.items():
        definition = table_defs()[kind]
        extract = extract_blocks if definition.layout == "blocks" else extract_rows
        results.append(extract(regions, definition, trace))
    results.sort(key=lambda r: r.span.start)
    cells: dict[str, Cell] = {}
    problems: list[Problem] = []
    for result in results:
        if cells.keys().isdisjoint(result.cells):  # the usual case: no cell read twice
            cells.update(result.cells)
        else:
            _add_cells(cells, result.cells, problems)
        problems.extend(result.problems)
        if result.rows_found == 0 and not result.cells and not result.problems:
            problems.append(
                Problem.make("table-unreadable", result.span, table=table_defs()[result.kind].title)
            )
    narrative = text[: results[0].span.start] if results else text
    era, source = decide_era(results, narrative, lambda: _headings(parsed.report), parsed.facts.year)
    unmapped = tuple(u for r in results for u in r.unmapped)
    cumulative = {cid: c for r in results for cid, c in r.cumulative.items() if cid in cells}
    return Extraction(cells, tuple(results), unmapped, tuple(problems), era, source, cumulative)


def _add_cells(cells: dict[str, Cell], more: dict[str, Cell], problems: list[Problem]) -> None:
    """The cells of one more table; a cell already read is kept, and the other read reported."""
    for cid, cell in more.items():
        if cid in cells:
            problems.append(Problem.make("cell-duplicate", cell.span, cell=cid))
            continue
        cells[cid] = cell


def _headings(report: Report) -> list[str]:
    return [n.heading.text for n in walk(report.body) if isinstance(n, Section)]


def explain_cell(parsed: Parsed, cell_id: str) -> list[Line]:
    """How `cell_id` was read, or why it was not: lines of text, each with the span it points at.
    (The report's tables are read again, keeping the trace that `extract_cells` leaves out.)"""
    extraction = extract_cells(parsed, trace=True)
    traces = [t for result in extraction.tables for t in result.trace]
    prefixes: dict[str, set[str]] = {}
    for definition in table_defs().values():
        prefixes.setdefault(definition.prefix, set()).add(definition.kind)
    lines = explain(traces, {r.kind for r in extraction.tables}, prefixes, cell_id)
    cell = extraction.cells.get(cell_id)
    if cell is not None:
        lines.append((f"值：{cell.value.kind}“{cell.value.raw}”", cell.span))
    lines.extend(
        ("同一单元格的另一处（未采用）", p.span)
        for p in extraction.problems
        if p.code == "cell-duplicate" and dict(p.args).get("cell") == cell_id
    )
    return lines


def table_regions(report: Report) -> list[tuple[str, Region]]:
    """(kind, region) of each table, joining the pieces of one table that the grammar cut
    apart (a line of prose-like label text inside it): consecutive tables under the same heading
    whose kind is the same, or unknown, are one table."""
    found: list[tuple[str, int, int]] = []
    made: dict[tuple[int, int], Compact] = {}  # each table's compact text, by its span
    joinable = False
    for node in walk(report.body):
        if isinstance(node, Section):
            joinable = False
        if not isinstance(node, Table):
            continue
        span = (node.span.start, node.span.end)
        made[span] = compact_text(report.text, *span)
        kind = classify(made[span][0])
        if joinable and found and kind in (None, found[-1][0]):
            joined, start, end = found[-1]
            made[(start, node.span.end)] = compact_joined(
                report.text, (start, end, made[(start, end)]), (*span, made[span])
            )
            found[-1] = (joined, start, node.span.end)
            continue
        if kind is not None:
            found.append((kind, node.span.start, node.span.end))
            joinable = True
    return [
        (kind, make_region(report.text, start, end, made.get((start, end)))) for kind, start, end in found
    ]


def classify(flat: str) -> str | None:
    """The table kind whose identifying words a table's compact text holds most of (the first in
    order among equals), or None (told from the compact text alone: no region need be made)."""
    kinds = list(enumerate(table_defs().values()))
    # Kinds whose first word the text holds are scored first: the likely winner gives the others a
    # score to beat, and a kind is given up as soon as its words left cannot beat it (most words
    # of the other kinds are absent, and each absent one is a search of the whole text).
    firsts = [definition.detect[0] in flat for _, definition in kinds]
    best: tuple[int, int] | None = None  # (score, -order) of the best kind so far
    for order, definition in sorted(kinds, key=lambda kind: not firsts[kind[0]]):
        score = _score(definition, flat, firsts[order], order, best)
        if score and (best is None or (score, -order) > best):
            best = (score, -order)
    return kinds[-best[1]][1].kind if best else None  # best[1] is minus the kind's place


def _score(definition: TableDef, flat: str, first: bool, order: int, best: tuple[int, int] | None) -> int:
    """How many of the kind's words the text holds (its first one: `first`); 0 once it cannot
    beat `best` (what it has found with every word left found would not be more)."""
    score = int(first)
    left = len(definition.detect) - 1
    for word in definition.detect[1:]:
        if best is not None and (score + left, -order) <= best:
            return 0
        score += word in flat
        left -= 1
    return score
