"""Build the same report as a Word document, a web page and a PDF, for the cross-format tests.

A report is a `Doc`: paragraphs and tables, each table a grid of `GCell`s written the way HTML
writes them (a cell spanning rows is left out of the rows below it). Docs come from the synthetic
generator (tests/support/synth.py, tables laid out as in the official 2021 template) or from a
seed's text (`from_text`: tab-separated lines, or the era-A table written one cell a line). The
builders write real containers with ordinary tools: python-docx for .docx (merges with
`cell.merge`), plain HTML with rowspan/colspan inside a government-site page, reportlab for PDF
(a standard CJK font, so no font file is needed). Everything here is invented or read from
../shared at test time; no report text is stored.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO

from tests.support import synth
from tests.support.synth_model import Heading, Para, Raw, Sign, Table, TableTitle, Title
from tests.support.synth_tables import (
    A_HEADER,
    A_OPTIONAL_IDS,
    A_ROWS,
    T2_BLOCKS,
    T2_CONTENT_HEAD,
    T3_APPLICANT,
    T3_NATURAL,
    T3_NOTE,
    T3_ORG_HEADS,
    T3_ORGS,
    T3_TOTAL,
    T4_HEADS,
    T4_REVIEW,
    T4_SUIT,
    T4_SUIT_AFTER,
    T4_SUIT_DIRECT,
    t3_rows,
    t4_ids,
)


@dataclass(frozen=True)
class GCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


Grid = tuple[tuple[GCell, ...], ...]
CellText = Callable[[str], "str | None"]  # a cell id's printed value (synth Document.value)
Block = str | Grid


@dataclass(frozen=True)
class Doc:
    blocks: tuple[Block, ...]

    @property
    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if not isinstance(b, str)]


@dataclass(frozen=True)
class Placed:
    """A grid cell at its place: 0-based row and column in the table's full grid."""

    row: int
    column: int
    cell: GCell


def place(grid: Grid) -> tuple[list[Placed], int]:
    """Every cell of a grid at its row and column, and the grid's width."""
    taken: set[tuple[int, int]] = set()
    placed: list[Placed] = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append(Placed(r, c, cell))
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    width = max((p.column + p.cell.colspan for p in placed), default=0)
    return placed, width


# --- synthetic reports ------------------------------------------------------------------------------


def synthetic(spec: synth.Spec) -> Doc:
    """The synthetic report of `spec`, its tables laid out as in the official template."""
    doc = synth.build_document(spec)
    blocks: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Title):
            blocks.append(f"{block.agency}{block.year}年政府信息公开工作年度报告")
        elif isinstance(block, Para):
            blocks.append(block.head + block.text)
        elif isinstance(block, (Heading, Raw, TableTitle)):
            blocks.append(block.text)
        elif isinstance(block, Sign):
            blocks.extend(filter(None, (block.agency, block.date)))
        elif isinstance(block, Table):
            blocks.append(_GRIDS[block.kind](doc.value, doc.era))
    return Doc(tuple(blocks))


def _v(value: str | None) -> GCell:
    return GCell(value or "")


def _grid_a(value: CellText, era: str) -> Grid:
    rows = [tuple(GCell(h) for h in A_HEADER)]
    rows += [(GCell(r.label), GCell(r.unit), _v(value(r.id))) for r in A_ROWS if r.id not in A_OPTIONAL_IDS]
    return tuple(rows)


def _grid_t2(value: CellText, era: str) -> Grid:
    width = max(len(b.heads) for b in T2_BLOCKS[era])
    rows: list[tuple[GCell, ...]] = []
    for block in T2_BLOCKS[era]:
        last = width - len(block.heads) + 1  # the last column stretches over the unused ones
        spans = [1] * (len(block.heads) - 1) + [last]
        rows.append((GCell(block.title, colspan=width + 1),))
        rows.append(
            (GCell(T2_CONTENT_HEAD), *(GCell(h, colspan=s) for h, s in zip(block.heads, spans, strict=True)))
        )
        for label, prefix in block.rows:
            values = [value(i) for i in block.ids(prefix)]
            rows.append(
                (GCell(label), *(GCell(v or "", colspan=s) for v, s in zip(values, spans, strict=True)))
            )
    return tuple(rows)


def _grid_t3(value: CellText, era: str) -> Grid:
    rows: list[tuple[GCell, ...]] = [
        (GCell(T3_NOTE, colspan=3, rowspan=3), GCell(T3_APPLICANT, colspan=7)),
        (GCell(T3_NATURAL, rowspan=2), GCell(T3_ORGS, colspan=5), GCell(T3_TOTAL, rowspan=2)),
        tuple(GCell(h) for h in T3_ORG_HEADS),
    ]
    table = t3_rows(era)
    tops = {r.top: sum(1 for x in table if x.top == r.top) for r in table}
    groups = {r.group: sum(1 for x in table if x.group == r.group) for r in table if r.group}
    seen_tops: set[str] = set()
    seen_groups: set[str] = set()
    for row in table:
        labels: list[GCell] = []
        if not row.group:
            labels.append(GCell(row.top, colspan=3))
        else:
            if row.top not in seen_tops:
                labels.append(GCell(row.top, rowspan=tops[row.top]))
            if not row.item:
                labels.append(GCell(row.group, colspan=2))
            else:
                if row.group not in seen_groups:
                    labels.append(GCell(row.group, rowspan=groups[row.group]))
                labels.append(GCell(row.item))
        seen_tops.add(row.top)
        seen_groups.add(row.group)
        rows.append((*labels, *(_v(value(i)) for i in row.ids())))
    return tuple(rows)


def _grid_t4(value: CellText, era: str) -> Grid:
    return (
        (GCell(T4_REVIEW, colspan=5), GCell(T4_SUIT, colspan=10)),
        (
            *(GCell(h, rowspan=2) for h in T4_HEADS),
            GCell(T4_SUIT_DIRECT, colspan=5),
            GCell(T4_SUIT_AFTER, colspan=5),
        ),
        tuple(GCell(h) for h in T4_HEADS * 2),
        tuple(_v(value(i)) for i in t4_ids()),
    )


_GRIDS = {"A": _grid_a, "t2": _grid_t2, "t3": _grid_t3, "t4": _grid_t4}


# --- seeds --------------------------------------------------------------------------------------------

_NUMBER_LINE = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*(?:[(（][^)）]*[)）])?\s*$")  # "18529", "9(县级)"
_UNIT_LINE = re.compile(r"^\s*(?:条|次|篇|件|个|人|人次|万元|——|—)\s*$")
_NOTE_LINE = re.compile(r"^\s*[(（](?![一二三四五六七八九十]+[)）])")
_HEADER_LINE = re.compile(r"^\s*统\s*计\s*指\s*标\s*$")


def from_text(text: str) -> Doc:
    """A seed's text as paragraphs and tables: runs of tab-separated lines are tables (a row with
    fewer cells than the widest gets its last cell widened, as Word does); an era-A table laid out
    one cell a line (header 统计指标 / 单位 / 统计数) is rebuilt as label / unit / value rows."""
    lines = text.split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            rows, i = _tab_rows(lines, i)
            blocks.append(rows)
        elif _HEADER_LINE.match(line):
            rows, i = _cell_per_line_rows(lines, i)
            blocks.append(rows)
        else:
            if line.strip():
                blocks.append(line)
            i += 1
    return Doc(tuple(blocks))


def _tab_rows(lines: list[str], i: int) -> tuple[Grid, int]:
    raw: list[list[str]] = []
    while i < len(lines):
        if "\t" in lines[i]:
            raw.append(lines[i].split("\t"))
            i += 1
        elif not lines[i].strip() and i + 1 < len(lines) and "\t" in lines[i + 1]:
            i += 1  # an empty paragraph inside the table (Word's save-as-text leaves these)
        else:
            break
    width = max(len(r) for r in raw)
    grid = tuple(
        tuple(GCell(t, colspan=(width - len(r) + 1) if k == len(r) - 1 else 1) for k, t in enumerate(r))
        for r in raw
    )
    return grid, i


def _cell_per_line_rows(lines: list[str], i: int) -> tuple[Grid, int]:
    """Header line, then rows: label lines (a bracketed note continues a label), an optional unit
    line, a value line. The table ends after the last value line."""
    header = [lines[i].strip()]
    i += 1
    while len(header) < 3 and i < len(lines):
        if lines[i].strip():
            header.append(lines[i].strip())
        i += 1
    rows: list[tuple[GCell, ...]] = [tuple(GCell(h) for h in header)]
    label: list[str] = []
    unit = ""
    last_value = i
    pending: list[tuple[GCell, ...]] = []
    j = i
    while j < len(lines):
        line = lines[j].strip()
        j += 1
        if not line:
            continue
        if _NUMBER_LINE.match(line):
            pending.append((GCell(" ".join(label)), GCell(unit), GCell(line)))
            rows.extend(pending)
            pending, label, unit, last_value = [], [], "", j
        elif _UNIT_LINE.match(line):
            unit = line
        elif label and _NOTE_LINE.match(line):
            label.append(line)
        else:
            if label:
                pending.append((GCell(" ".join(label)), GCell(unit), GCell("")))
            label, unit = [line], ""
    return tuple(rows), last_value


# --- writers --------------------------------------------------------------------------------------------


def docx_bytes(doc: Doc) -> bytes:
    """The report as a Word document (python-docx), tables with real merged cells."""
    import docx

    document = docx.Document()
    for block in doc.blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        placed, width = place(block)
        table = document.add_table(rows=len(block), cols=width)
        table.style = "Table Grid"
        grid = table._cells  # once: Table.cell() recomputes the whole grid on every call
        for p in placed:
            grid[p.row * width + p.column].text = p.cell.text
        for p in placed:  # spans never overlap, so each merge leaves the others' cells in place
            if p.cell.rowspan > 1 or p.cell.colspan > 1:
                corner = (p.row + p.cell.rowspan - 1) * width + p.column + p.cell.colspan - 1
                grid[p.row * width + p.column].merge(grid[corner])
    out = BytesIO()
    document.save(out)
    return out.getvalue()


_PAGE_TOP = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}"><title>{title}_示例县人民政府</title>
<script>var banner = "<p>本站已启用无障碍浏览</p>"; document.write("<div>广告</div>");</script>
<style>p {{ text-indent: 2em; }} .hide {{ display: none }}</style></head>
<body>
<div class="wza-bar">本站已启用无障碍浏览系统，欢迎点击访问！ <a href="#">长者模式</a> <a href="#">无障碍</a></div>
<div class="header"><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div></div>
<div class="main">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/nb/">政府信息公开年报</a></div>
{title_block}
<div class="info">发布日期：2022-01-20 来源：示例县人民政府办公室 字号：【大 中 小】 【打印】【关闭】</div>
<div id="zoom" class="article-content">
"""
_PAGE_BOTTOM = """</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="pages"><p><a href="#">上一篇：示例县某某公告</a></p><p><a href="#">下一篇：示例县另一公告</a></p></div>
</div>
<div class="footer"><p>主办单位：示例县人民政府办公室 承办单位：示例县大数据中心</p>
<p>网站标识码：0000000000 示ICP备00000000号 示公网安备 00000000000000号</p></div>
<div class="hide">隐藏的统计：一、本年新收政府信息公开申请数量 999</div>
</body></html>
"""


def html_bytes(doc: Doc, charset: str = "utf-8", *, title_outside: bool = True) -> bytes:
    """The report as a government web page: site chrome around it, the title as a heading above
    the article (when the report starts with one), tables with rowspan/colspan."""
    blocks = list(doc.blocks)
    title = blocks[0] if blocks and isinstance(blocks[0], str) and "年度报告" in blocks[0] else ""
    if title and title_outside:
        blocks = blocks[1:]
    parts = [
        _PAGE_TOP.format(
            charset=charset,
            title=html.escape(title),
            title_block=f'<h1 class="title">{html.escape(title)}</h1>' if title and title_outside else "",
        )
    ]
    for block in blocks:
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>\n")
            continue
        parts.append('<table border="1" cellspacing="0">\n')
        for row in block:
            cells = "".join(_td(cell) for cell in row)
            parts.append(f"<tr>{cells}</tr>\n")
        parts.append("</table>\n")
    parts.append(_PAGE_BOTTOM)
    return "".join(parts).encode(charset, errors="xmlcharrefreplace")


def _td(cell: GCell) -> str:
    spans = "".join(
        f' {name}="{n}"' for name, n in (("colspan", cell.colspan), ("rowspan", cell.rowspan)) if n > 1
    )
    return f"<td{spans}>{html.escape(cell.text)}</td>"


def pdf_bytes(doc: Doc) -> bytes:
    """The report as a PDF (reportlab, the standard CJK font STSong-Light: no font file needed)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    small = ParagraphStyle("cell", fontName="STSong-Light", fontSize=6, leading=7.5, wordWrap="CJK")
    story = []
    for block in doc.blocks:
        if isinstance(block, str):
            story.append(Paragraph(html.escape(block.replace("\t", " ")), body))
            continue
        placed, width = place(block)
        data = [[""] * width for _ in block]
        style = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONT", (0, 0), (-1, -1), "STSong-Light", 6)]
        for p in placed:
            data[p.row][p.column] = Paragraph(html.escape(p.cell.text), small) if p.cell.text else ""
            if p.cell.rowspan > 1 or p.cell.colspan > 1:
                end = (p.column + p.cell.colspan - 1, p.row + p.cell.rowspan - 1)
                style.append(("SPAN", (p.column, p.row), end))
        table = Table(data, colWidths=_widths(placed, width), repeatRows=0)
        table.setStyle(TableStyle(style))
        story.append(table)
    out = BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=40, rightMargin=40).build(story)
    return out.getvalue()


def _widths(placed: list[Placed], width: int, total: float = 515.0) -> list[float]:
    """Columns as wide as their longest single-column text asks, within the page."""
    want = [1.0] * width
    for p in placed:
        if p.cell.colspan == 1:
            want[p.column] = max(want[p.column], min(len(p.cell.text), 24) + 2)
    scale = total / sum(want)
    return [w * scale for w in want]


def cells_of(doc: Doc) -> Iterator[tuple[int, Placed]]:
    """Every placed cell of every table, with the table's 1-based number."""
    for number, grid in enumerate(doc.grids, start=1):
        for p in place(grid)[0]:
            yield number, p
