"""How each row of a table was read: the record `gklint parse --explain CELL_ID` prints.

The extractor keeps one RowTrace per row label it read (or failed to read): the table region, the
label it anchored on, the zone of text it took values from, the value candidates found there, the
blank cells the layout showed, the fit chosen and the readings it rejected, and the outcome (read,
or the problem code reported). A maintainer reads it to fix a mis-read cell; it is plain data, and
`explain` turns it into lines with the text spans they point at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gklint.model import Span
from gklint.tables.fit import Tok


@dataclass
class RowTrace:
    """How one table row was read (`parse --explain`)."""

    table: str  # the table's kind (a, a0, t2, t3, t4)
    row: str  # the row's cell id prefix ("t3.new")
    region: Span  # the table region the row was read in
    anchor: Span  # the label as written (empty for a row the form places without a label)
    zone: Span  # the text the row's values were taken from
    candidates: tuple[Tok, ...] = ()  # value candidates in the zone, in text order
    blanks: tuple[Tok, ...] = ()  # blank cells the layout shows (empty line, doubled gap)
    columns: tuple[str, ...] = ()
    chosen: tuple[Tok, ...] = ()  # the cells, in column order
    steps: list[str] = field(default_factory=list)  # decisions and rejected readings, in order
    outcome: str = "read"  # "read", or the problem code reported for the row
    others: tuple[Span, ...] = ()  # other labels of the same row, not read

    def note(self, step: str) -> None:
        self.steps.append(step)


class _Untraced(RowTrace):
    """Stands in for a row's trace when none is kept: only `parse --explain` reads traces, and
    `check` need not pay for them. Shared by every row; what is written to it is never read."""

    def note(self, step: str) -> None:
        pass


UNTRACED: RowTrace = _Untraced("", "", Span(0, 0), Span(0, 0), Span(0, 0))


Line = tuple[str, Span | None]  # a line of the explanation and the text it points at


def explain(
    traces: list[RowTrace], kinds: set[str], prefixes: dict[str, set[str]], cell_id: str
) -> list[Line]:
    """Why `cell_id` has the value it has, or why it has none. `kinds` are the table kinds found
    in the report; `prefixes` maps each cell-id prefix to the table kinds using it."""
    prefix = cell_id.split(".", 1)[0]
    if prefix not in prefixes:
        return [(f"未知的单元格编号前缀“{prefix}”（可用：{'、'.join(sorted(prefixes))}）。", None)]
    rows = [t for t in traces if cell_id == t.row or _column(t, cell_id) in t.columns]
    # else a row whose columns do not include this one ("no such column" is the explanation)
    rows = rows or [t for t in traces if _column(t, cell_id) and t.columns and not t.columns[0].isdigit()]
    if not rows:
        if not kinds & prefixes[prefix]:
            return [("报告中没有识别到这个单元格所在的表格（没有找到它的表头或行标签）。", None)]
        return [("表格已识别，但没有找到这一行的行标签：这一行可能缺失、标签被改写，或被转换拆散。", None)]
    lines: list[Line] = []
    for t in rows:
        lines.extend(_row_lines(t, cell_id))
    return lines


def _column(t: RowTrace, cell_id: str) -> str:
    """The column `cell_id` names in row `t` ("" when it is not a cell of that row's)."""
    rest = cell_id[len(t.row) + 1 :] if cell_id.startswith(t.row + ".") else ""
    return rest if "." not in rest else ""


def _row_lines(t: RowTrace, cell_id: str) -> list[Line]:
    lines: list[Line] = [
        (f"表格区域（{t.table}）", t.region),
        ("行标签" if t.anchor.end > t.anchor.start else "没有行标签：按表样中的位置确定这一行", t.anchor),
        ("取数范围", t.zone),
    ]
    for span in t.others:
        lines.append(("同一行的另一处标签（未采用：那里没有数字，或这一处先出现）", span))
    if t.candidates:
        shown = "、".join(f"“{c.text}”" + ("（可选文字）" if c.optional else "") for c in t.candidates)
        lines.append((f"找到的候选值：{shown}", Span(t.candidates[0].start, t.candidates[-1].end)))
    else:
        lines.append(("取数范围内没有候选值", None))
    for b in t.blanks:
        lines.append(("版式显示的空白单元格（空行或加倍的间隔）", Span(b.start, b.end)))
    if t.columns:
        lines.append((f"栏目（{len(t.columns)} 个）：{'、'.join(t.columns)}", None))
    lines.extend((f"• {step}", None) for step in t.steps)
    column = cell_id[len(t.row) + 1 :]
    if column and t.columns and column not in t.columns:
        lines.append((f"这一行没有“{column}”这一栏", None))
    for col, tok in zip(t.columns, t.chosen, strict=False):
        if col == column or cell_id == t.row:
            lines.append((f"采用：{cell_id} = “{tok.text}”", Span(tok.start, tok.end)))
    if t.outcome != "read":
        lines.append((f"结果：未读取（{t.outcome}）", None))
    return lines
