"""What every rule kind shares: the compiled Rule, building diagnostics, values in messages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from gklint.model import Cell, CellRef, Diagnostic, Fix, Number, RuleMeta, Span, number_text
from gklint.rules.context import RuleContext
from gklint.tables.labels import cell_name, column_name


class Check(Protocol):
    """A compiled check of one kind."""

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]: ...


@dataclass(frozen=True)
class Rule:
    """A compiled rule: its metadata, messages and check."""

    meta: RuleMeta
    message: str
    hint: str | None
    check: Check


class Shown:
    """A value in a message template: `{a}` its number, `{a.name}` its cell's name, `{a.raw}`."""

    def __init__(self, text: str, name: str = "", raw: str = "") -> None:
        self._text, self.name, self.raw = text, name, raw

    def __format__(self, spec: str) -> str:
        return self._text

    def __str__(self) -> str:
        return self._text


def shown_cell(cell_id: str, cell: Cell | None) -> Shown:
    if cell is None:
        return Shown("（缺）", cell_name(cell_id), "")
    value = cell.value
    text = number_text(value.number) if value.is_number else (value.raw or "（空）")
    return Shown(text, cell_name(cell_id), value.raw)


def row_and_column(cell_id: str) -> tuple[str, str] | None:
    """A table cell's name as (row, column): 表三“（七）总计” and 自然人; None if it has no column.
    Taken from the cell's own name: a row id may also be another cell's id (t3.result.total)."""
    if not cell_id.startswith(("t2.", "t3.", "t4.")):
        return None
    name, column = cell_name(cell_id), column_name(cell_id.rsplit(".", 1)[1])
    if name.endswith(column) and len(name) > len(column):
        return name[: -len(column)], column
    return None


def listed_cells(cell_ids: list[str], limit: int = 4) -> str:
    """Cells for a message, each row named once: 表三“一、本年新收…”自然人、商业企业等."""
    parts: list[str] = []
    row = None
    for cid in cell_ids[:limit]:
        split = row_and_column(cid)
        parts.append(split[1] if split and split[0] == row else cell_name(cid))
        row = split[0] if split else None
    return "、".join(parts) + ("等" if len(cell_ids) > limit else "")


def cell_refs(used: Mapping[str, Cell | None]) -> tuple[CellRef, ...]:
    return tuple(
        CellRef(
            cid,
            cell_name(cid),
            c.value.raw if c else None,
            c.value.number if c else None,
            c.span if c else None,
        )
        for cid, c in used.items()
    )


def diagnostic(
    rule: Rule,
    message: str,
    span: Span | None,
    *,
    cells: Iterable[CellRef] = (),
    outcome: str = "fail",
    severity: str | None = None,
    difference: Number | None = None,
    fix: Fix | None = None,
    expected: Number | None = None,
) -> Diagnostic:
    return Diagnostic(
        code=rule.meta.code,
        name=rule.meta.name,
        severity=severity or rule.meta.severity,  # type: ignore[arg-type]
        message=message,
        span=span,
        cells=tuple(cells),
        outcome=outcome,  # type: ignore[arg-type]
        difference=difference,
        fix=fix,
        hint=rule.hint,
        expected=expected,
    )


def fill_message(template: str, values: Mapping[str, object]) -> str:
    return template.format(**values)
