"""kinds: value and required — what a cell may hold.

    kind: value
    cells: [t3.*, t4.*]              # ids; here "*" stands for any one or more segments
    except: [t2.rules.*]             # ids left out
    flag: [placeholder, text]        # number, blank, placeholder, text, note, negative, decimal, unit:元
    group: row                       # one diagnostic per row (default: per cell), or per
                                     # block: the statistics table's numbered part (一…九, a.apply)

`required` is `value` with `flag: [blank]` and `group: row`: a cell present in the report but
left blank (blank is not zero). Only cells the report has are looked at.

In a message, `{columns}` lists the group's cells by their column (表三/表四) or row label (统计表),
at most MAX_LISTED of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from gklint.model import Cell, Diagnostic, RuleMeta, Value
from gklint.rules.context import RuleContext
from gklint.rules.kinds.base import Rule, cell_refs, diagnostic, row_and_column, shown_cell
from gklint.rules.regex import Regex
from gklint.rules.schema import RuleFile, check_template
from gklint.tables.labels import all_cell_ids, cell_name, table_defs

FIELDS = {"cells": list, "except": list, "flag": list, "group": str}
REQUIRED = ("cells",)
FLAGS = ("number", "blank", "placeholder", "text", "note", "negative", "decimal")
TEMPLATE_FIELDS = ("cell", "value", "raw", "row", "columns", "count")
GROUPS = ("cell", "row", "block")
MAX_LISTED = 8


@dataclass(frozen=True)
class CellValue:
    """The cell-value kind: cells whose value is flagged (a unit, an odd value)."""

    patterns: tuple[Regex, ...]
    excluded: tuple[Regex, ...]
    flags: frozenset[str]
    units: frozenset[str]
    group: str
    _covered: dict[frozenset[str], frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        covered = self.covered(ctx.known)
        by_flag = ctx.shared("cells-by-flag", lambda: _by_flag(ctx.cells))
        raised = [*self.flags, *(f"unit:{u}" for u in self.units)]
        ids = {cid for flag in raised for cid in by_flag.get(flag, ()) if cid in covered}
        hits = [(cid, ctx.cells[cid]) for cid in _in_order(ctx, ids)] if ids else []
        if self.group == "cell":
            return [self._one(rule, [(cid, cell)]) for cid, cell in hits]
        key = _row_of if self.group == "row" else _block_of
        groups: dict[str, list[tuple[str, Cell]]] = {}
        for cid, cell in hits:
            groups.setdefault(key(cid), []).append((cid, cell))
        return [self._one(rule, group) for group in groups.values()]

    def covered(self, known: frozenset[str]) -> frozenset[str]:
        """The cell ids this rule looks at (matched once per set of known ids, not per cell)."""
        cached = self._covered.get(known)
        if cached is None:
            cached = frozenset(
                c
                for c in known
                if any(p.re.match(c) for p in self.patterns) and not any(p.re.match(c) for p in self.excluded)
            )
            self._covered[known] = cached
        return cached

    def _one(self, rule: Rule, group: list[tuple[str, Cell]]) -> Diagnostic:
        cid, cell = group[0]
        shown = shown_cell(cid, cell)
        listed = [_column_of(c) for c, _ in group]
        if len(listed) > MAX_LISTED:
            listed = [*listed[: MAX_LISTED - 2], listed[MAX_LISTED - 2] + "等"]
        values = {
            "cell": cell_name(cid),
            "value": shown,
            "raw": cell.value.raw,
            "row": _split_name(cid)[0] if self.group != "block" else cell_name(_block_of(cid)),
            "columns": "、".join(listed),
            "count": len(group),
        }
        return diagnostic(rule, rule.message.format(**values), cell.span, cells=cell_refs(dict(group)))


def _by_flag(cells: Mapping[str, Cell]) -> dict[str, list[str]]:
    """The cells raising each flag ("unit:元" for a unit): one pass over the report's cells,
    shared by every rule of these kinds."""
    by_flag: dict[str, list[str]] = {}
    numbers = by_flag["number"] = []
    for cid, cell in cells.items():
        v = cell.value
        if v.kind == "number" and type(v.number) is int and v.number >= 0 and v.unit is None and not v.note:
            numbers.append(cid)  # most cells, a count: _raised would say only "number"
            continue
        for flag in _raised(v):
            by_flag.setdefault(flag, []).append(cid)
    return by_flag


def _in_order(ctx: RuleContext, ids: Iterable[str]) -> list[str]:
    """The cells in document order (by start; cells starting together, in the order read): only
    the few a rule reports are sorted, not all the report's cells for every report."""
    read = ctx.shared("cells-read-order", lambda: {cid: i for i, cid in enumerate(ctx.cells)})
    return sorted(ids, key=lambda cid: (ctx.cells[cid].span.start, read[cid]))


def _raised(v: Value) -> list[str]:
    """The flags (FLAGS) a value raises, and "unit:<unit>" for its unit."""
    raised: list[str] = [v.kind]  # number, blank, placeholder or text
    if v.note:
        raised.append("note")
    if v.unit is not None:
        raised.append(f"unit:{v.unit}")
    number = v.number
    if v.kind == "number" and number is not None:
        if number < 0:
            raised.append("negative")
        if isinstance(number, Decimal) and number != number.to_integral_value():
            raised.append("decimal")
    return raised


def _row_of(cell_id: str) -> str:
    return cell_id.rsplit(".", 1)[0] if cell_id.startswith(("t2.", "t3.", "t4.")) else cell_id


def _block_of(cell_id: str) -> str:
    """The numbered part of the statistics table a cell is in (a.apply.received → a.apply); a row
    of tables 二 and 四 (t2.license, t4.review); a first-level row of table 三 (t3.result)."""
    return ".".join(cell_id.split(".")[:2])


def _column_of(cell_id: str) -> str:
    """A cell's name inside its row: its column head (自然人), or for a one-value row its label."""
    return _split_name(cell_id)[1]


def _split_name(cell_id: str) -> tuple[str, str]:
    """A table cell's name as (row, column): 表三“（七）总计” and 自然人. Taken from the cell's own
    name, because a row id may also be another cell's id (t3.result.total: （七）总计's row, and
    三、本年度办理结果's total)."""
    name = cell_name(cell_id)
    return row_and_column(cell_id) or (name, _row_labels().get(cell_id, name))


@cache
def _row_labels() -> dict[str, str]:
    """Row id → the row's printed label, for the one-value rows of the statistics table."""
    labels: dict[str, str] = {}
    for table in table_defs().values():
        for row in table.rows:
            labels.setdefault(table.cell_id(row.id), row.name)
    return labels


def _globs(rule: RuleFile, key: str, items: Iterable[object]) -> tuple[Regex, ...]:
    known = all_cell_ids()
    out = []
    for i, item in enumerate(items):
        text = str(item)
        pattern = Regex.of("^" + re.escape(text).replace(r"\*", r"[a-z0-9_.]+") + "$")
        if not any(pattern.re.match(c) for c in known):
            raise rule.fail("rule-unknown-cell", key, str(i), key=key, cell=text)
        out.append(pattern)
    return tuple(out)


def compile_check(rule: RuleFile, meta: RuleMeta, *, required: bool = False) -> CellValue:
    d = rule.data
    flags = [str(f) for f in d.get("flag", ["blank"] if required else [])]
    units = {f.split(":", 1)[1] for f in flags if f.startswith("unit:")}
    plain = [f for f in flags if not f.startswith("unit:")]
    for f in plain:
        if f not in FLAGS:
            raise rule.fail("rule-bad-choice", "flag", key="flag", choices=", ".join((*FLAGS, "unit:<单位>")))
    if not flags:
        raise rule.fail("rule-missing-field", key="flag")
    group = d.get("group", "row" if required else "cell")
    if group not in GROUPS:
        raise rule.fail("rule-bad-choice", "group", key="group", choices=", ".join(GROUPS))
    check_template(rule, "message", d["message"], TEMPLATE_FIELDS)
    check = CellValue(
        _globs(rule, "cells", d["cells"]),
        _globs(rule, "except", d.get("except", [])),
        frozenset(plain),
        frozenset(units),
        group,
    )
    check.covered(all_cell_ids())  # a report's usual ids, worked out with the rule (cached with it)
    return check


def compile_required(rule: RuleFile, meta: RuleMeta) -> CellValue:
    return compile_check(rule, meta, required=True)
