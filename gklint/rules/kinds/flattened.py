"""A number of the prose against a table row that was flattened into one run of digits.

When a web page or a crawler loses the cell boundaries, a row such as 行政规范性文件 | 88 | 55 | 698 reads
"行政规范性文件8855698"; the tables layer cannot tell where one cell ends (a row-unaligned problem)
and gives those cells no value. The prose can still be held against the row: "现行有效行政规范性文件
698件" fits one way of cutting the digits (88|55|698), "312件" fits none. Only a contradiction is
reported; a number that fits some cut says nothing about the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from gklint.rules import expr as ex
from gklint.rules.context import RuleContext
from gklint.tables.labels import TableDef, table_defs

_UNALIGNED = "row-unaligned"
_NOT_HERE = object()  # a cell the report's tables cannot have
_LONGEST_RUN = 40  # a longer run is not a row of a statistics table


def contradicted(ctx: RuleContext, values: Sequence[ex.Expr], stated: str) -> str | None:
    """The run of digits that no way of cutting gives `stated` for the cell of any of `values`
    (each a single cell of a flattened row, or a cell this report's tables cannot have); None
    when one of them fits, or cannot be judged."""
    if not stated.isdigit():
        return None
    runs = []
    for value in values:
        if not isinstance(value, ex.Ref):
            return None
        place = _place(ctx, value.template)
        if place is _NOT_HERE:
            continue
        if place is None or not isinstance(place, tuple):
            return None
        run, pieces, index = place
        if _fits(run, pieces, index, stated):
            return None
        runs.append(run)
    return runs[0] if runs else None


def _place(ctx: RuleContext, cell: str) -> tuple[str, int, int] | None | object:
    """(the run of digits, how many cells it holds, which of them is the cell) for a cell whose
    row was found as one run of digits the tables layer could not cut; _NOT_HERE for a cell the
    report's tables cannot have (another table, another era's column); None otherwise."""
    table, _, rest = cell.partition(".")
    definition = table_defs().get(table)
    if table not in ctx.tables or definition is None:
        return _NOT_HERE
    row_id, column = _row_and_column(definition, rest)
    row = next((r for r in definition.rows if r.id == row_id), None)
    if row is None:
        return None
    columns = (row.columns.get(ctx.era) or definition.columns) if column else (None,)
    if column and column not in columns:
        return _NOT_HERE
    for problem in ctx.problems:
        args = dict(problem.args)
        if (
            problem.code != _UNALIGNED
            or args.get("row") != definition.cell_id(row_id)
            or problem.span is None
        ):
            continue
        run = ctx.text[problem.span.start : problem.span.end]
        pieces = int(args.get("expected", "0"))
        if args.get("found") != "1" or not run.isdigit() or len(run) > _LONGEST_RUN:
            return None
        if not column:
            return run, pieces, 0  # era A: the first value column is this year's
        return (run, pieces, columns.index(column)) if len(columns) == pieces else None
    return None


def _row_and_column(definition: TableDef, rest: str) -> tuple[str, str]:
    """ "normative.in_force" → ("normative", "in_force"); a row id may itself hold dots."""
    if any(r.id == rest for r in definition.rows):
        return rest, ""
    row_id, _, column = rest.rpartition(".")
    return row_id, column


def _fits(run: str, pieces: int, index: int, stated: str) -> bool:
    """Whether `run` cut into `pieces` numbers can have `stated` as the one at `index`."""
    at = run.find(stated)
    while at >= 0:
        if _cuts(run[:at], index) and _cuts(run[at + len(stated) :], pieces - index - 1):
            return True
        at = run.find(stated, at + 1)
    return False


@lru_cache(maxsize=4096)
def _cuts(digits: str, pieces: int) -> bool:
    """Whether `digits` can be cut into `pieces` numbers, none with a leading zero."""
    if pieces == 0:
        return digits == ""
    if len(digits) < pieces:
        return False
    longest = 1 if digits[0] == "0" else len(digits) - pieces + 1
    return any(_cuts(digits[size:], pieces - 1) for size in range(1, longest + 1))
