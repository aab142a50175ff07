"""The recognised statistics tables (FileReport.tables) drawn as tables.

A cell a finding points at (or whose change the finding suggests) is coloured by the strongest
such finding and shows, beside what the report wrote, the value that would make the rule hold
("应为 3": the fix's value for its cell, else the expected value of the cell pointed at). Cells a
finding only reads are outlined. Each cell links to its place in the text; each finding number
in a cell links to the finding in the list.
"""

from __future__ import annotations

from collections import defaultdict

from gklint.model import CellView, Number, TableView
from gklint.report.html_common import Page, esc, number, strongest
from gklint.report.html_marks import expectations, pointed_cell
from gklint.report.overview import kind


class _CellFacts:
    """What the findings say about the cells of one report, by cell id."""

    def __init__(self, page: Page) -> None:
        self.flagged: dict[str, list[tuple[int, str]]] = defaultdict(list)  # (finding number, kind)
        self.read: dict[str, list[int]] = defaultdict(list)
        self.expected: dict[str, Number] = {}
        for k, f in enumerate(page.report.findings, start=1):
            cls = kind(f.diagnostic)
            pointed = pointed_cell(f)
            targets = {pointed.id} if pointed else set()
            if f.diagnostic.fix is not None:
                targets.add(f.diagnostic.fix.cell)
            for cell_id in sorted(targets):
                self.flagged[cell_id].append((k, cls))
            for placed in f.cells:
                if placed.ref.id not in targets:
                    self.read[placed.ref.id].append(k)
            for cell_id, value in expectations(f).items():
                self.expected.setdefault(cell_id, value)


def render_tables(page: Page) -> str:
    facts = _CellFacts(page)
    return "".join(_table(page, t, facts) for t in page.report.tables)


def _table(page: Page, table: TableView, facts: _CellFacts) -> str:
    ui = page.ui
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in table.columns)
    out = [
        '<div class="tablewrap"><table class="tv">',
        f"<caption>{esc(table.title)}</caption>",
        f'<thead><tr><th scope="col">{ui("table_label_column")}</th>{head}</tr></thead><tbody>',
    ]
    for row in table.rows:
        by_column = {c.column: c for c in row.cells}
        cells = "".join(_cell(page, by_column.get(column), facts) for column in table.columns)
        out.append(f'<tr><th scope="row">{esc(row.label)}</th>{cells}</tr>')
    out.append("</tbody></table></div>")
    return "".join(out)


def _cell(page: Page, cell: CellView | None, facts: _CellFacts) -> str:
    if cell is None:
        return '<td class="na"></td>'
    ui = page.ui
    shown = esc(cell.raw) if cell.raw.strip() else f'<span class="absent">{ui("table_blank")}</span>'
    if cell.start is not None and page.report.text is not None:
        shown = f'<a href="#{page.line_id(cell.start.line)}">{shown}</a>'
    classes = []
    flagged = facts.flagged.get(cell.id, [])
    if flagged:
        classes.append("bad " + strongest([c for _, c in flagged]))
    elif cell.id in facts.read:
        classes.append("inv")
    if cell.id in facts.expected:
        shown += f' <span class="exp">{ui("expected", value=number(facts.expected[cell.id]))}</span>'
    numbers = [k for k, _ in flagged] + facts.read.get(cell.id, [])
    if numbers:
        refs = "".join(f'<a class="ref" href="#{page.item_id(k)}">{k}</a>' for k in dict.fromkeys(numbers))
        shown += f'<span class="refs">{refs}</span>'
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f'<td data-cell="{esc(cell.id)}"{cls}>{shown}</td>'
