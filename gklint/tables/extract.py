"""Rows and columns of one table region → canonical cells, with problems where they don't align.

For each row label (Anchor) the values are what follows it up to the next label: first on the
label's own line; only when that line has none, on the lines after it (one cell a line, labels
wrapped over lines). Values on later lines when the label's line already had some, and values
before the first label, are orphans: the conversion separated numbers from their labels, so a
label without values in such a table is unreadable, not blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gklint.model import Cell, Problem, Span, Value
from gklint.tables.fit import Tok, fit
from gklint.tables.labels import RowDef, TableDef
from gklint.tables.region import Anchor, Region, find_anchors
from gklint.tables.values import TOKEN, parse_value

# In running text: notes in brackets that follow a label, not a number ("(不同渠道…计1条)",
# "(其中修订 16 件)", an unclosed "(区分处理的,只计这一情" at a line end), and dates.
_LABEL_NOTE = re.compile(r"(?<![\d)])\([^()\n]*(?:\)|$)", re.M)
_DATE_LIKE = re.compile(r"(?<!\d)\d+\s*[年月日]")  # the lookbehind keeps it linear on long digit runs
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LABEL_SHOWN = 24  # characters of a row label quoted in a message
_TEXT_VALUES = {"无", "暂无", "空", "没有", "未统计", "不适用", "无此项"}


@dataclass(frozen=True)
class UnmappedRow:
    label: str
    values: tuple[Value, ...]
    span: Span


@dataclass
class TableResult:
    kind: str
    span: Span
    era: str | None = None  # era this table's shape says (table 二 headers, table 三 (六))
    cells: dict[str, Cell] = field(default_factory=dict)
    # local tables of 2008–2013 (and some later ones) have a second value column, 历年累计: kept
    # apart under the row's cell id, for the cross-year rules (never seen by the one-report rules)
    cumulative: dict[str, Cell] = field(default_factory=dict)
    unmapped: list[UnmappedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_found: int = 0


@dataclass(frozen=True)
class _Zone:
    region: Region
    anchor: Anchor
    own: list[Tok]  # values on the label's line
    later: list[Tok]  # values on the following lines, up to the next label
    last: bool  # the last label of its region


def extract_rows(regions: list[Region], table: TableDef) -> TableResult:
    """Cells of a table with row labels (a, a0, t2, t3). `regions` are the pieces of one table
    (a conversion may cut a table with a line the grammar takes for a heading or prose)."""
    result = TableResult(table.kind, Span(regions[0].start, regions[-1].end))
    seen: dict[str, int] = {}
    zones: list[_Zone] = []
    widths: dict[int, tuple[str, ...]] = {}
    orphans: list[Tok] = []
    pieces = []
    for region in regions:
        anchors = find_anchors(region, table, seen)
        pieces.append((region, anchors))
        zones.extend(_zone(region, table, anchors, i) for i in range(len(anchors)))
    followed = {z.anchor.row.id for z in zones}
    by_region: dict[int, list[_Zone]] = {}
    for z in zones:
        by_region.setdefault(id(z.region), []).append(z)
    for region, anchors in pieces:
        orphans.extend(_orphans(region, table, anchors, by_region.get(id(region), []), followed))
        width_of = _widths(region, table, anchors, result)
        widths.update((a.start, width_of(a)) for a in anchors)
    if orphans:
        first = orphans[0]
        result.problems.append(
            Problem.make(
                "table-orphan-values", Span(first.start, first.end), table=table.title, count=len(orphans)
            )
        )
    for z in _row_zones(zones, followed, bool(orphans)):
        row = z.anchor.row
        result.rows_found += 1
        values = z.own if orphans else (z.own or z.later)
        if not row.mapped:
            result.unmapped.append(_unmapped(table, z, values, len(widths[z.anchor.start])))
            continue
        if not values and _at_text_end(z):
            # the document ends inside this row (an excerpt, a cut page): not a blank row
            result.problems.append(_row_problem("row-truncated", table, z.region, z.anchor))
            continue
        _assign(result, table, z, values, widths[z.anchor.start], bool(orphans))
    result.problems.extend(_cut_before_last_row(table, regions[-1], zones, result.problems))
    if table.kind == "t3":
        result.era = _t3_era(table, followed, result)
    return result


def _ends_text(region: Region) -> bool:
    return region.end >= len(region.text.rstrip())


def _at_text_end(z: _Zone) -> bool:
    return z.last and _ends_text(z.region)


def _cut_before_last_row(
    table: TableDef, region: Region, zones: list[_Zone], problems: list[Problem]
) -> list[Problem]:
    """The document ends inside this table before the rows a complete table ends with: the rest
    of the table was cut off (said once: not again when the last row itself was cut)."""
    if not table.last_rows or not _ends_text(region):
        return []
    if not zones:  # the text stops in the table's head
        return [Problem.make("table-cut-head", Span(region.start, region.end), table=table.title)]
    last = zones[-1]
    if not _at_text_end(last):
        return []
    if last.anchor.row.id in table.last_rows or any(p.code == "row-truncated" for p in problems):
        return []
    return [_row_problem("table-cut", table, last.region, last.anchor)]


def _is_group(row: RowDef, followed: set[str]) -> bool:
    return row.group or bool(followed.intersection(row.group_if_followed_by))


def _row_zones(zones: list[_Zone], followed: set[str], orphans: bool) -> list[_Zone]:
    """One zone per row: a row labelled twice (a heading and a table row, a repeated header)
    is read where it has values."""
    chosen: dict[str, _Zone] = {}
    order: list[str] = []
    for z in zones:
        row = z.anchor.row
        if _is_group(row, followed):
            continue
        key = row.id
        has = bool(z.own if orphans else (z.own or z.later))
        if key not in chosen:
            chosen[key] = z
            order.append(key)
        elif has and not (chosen[key].own or chosen[key].later):
            chosen[key] = z
    return [chosen[k] for k in order]


def _t3_era(table: TableDef, followed: set[str], result: TableResult) -> str | None:
    """Era C splits (六)其他处理 into three sub-rows; era B has it as one row."""
    if followed.intersection(_sub_rows(table)):
        return "C"
    single = [r.id for r in table.rows if r.group_if_followed_by]
    if any(cid.startswith(table.cell_id(r) + ".") for r in single for cid in result.cells):
        return "B"
    return None


def _sub_rows(table: TableDef) -> set[str]:
    return {r for row in table.rows for r in row.group_if_followed_by}


def _zone(region: Region, table: TableDef, anchors: list[Anchor], i: int) -> _Zone:
    anchor = anchors[i]
    stop = anchors[i + 1].start if i + 1 < len(anchors) else region.end
    own: list[Tok] = []
    later: list[Tok] = []
    for index in range(anchor.line, len(region.lines)):
        line = region.lines[index]
        if line.start >= stop:
            break
        begin = anchor.end if index == anchor.line else line.start
        toks = _tokens(
            region, table, line_index=index, begin=begin, stop=min(stop, line.end), first=index == anchor.line
        )
        (own if index == anchor.line else later).extend(toks)
    return _Zone(region, anchor, own, later, i == len(anchors) - 1)


def _tokens(
    region: Region, table: TableDef, *, line_index: int, begin: int, stop: int, first: bool
) -> list[Tok]:
    """Value candidates in [begin, stop) of one line."""
    line = region.lines[line_index]
    if line.explicit:
        cells = [p for p in line.pieces if p.start >= begin and p.end <= stop]
        if first:  # skip the rest of the label's own cell
            cells = [p for p in line.pieces if p.start > begin and p.end <= stop]
        toks = []
        for p in cells:
            text = p.text.strip()
            if text and _CJK.search(text) and text not in _TEXT_VALUES and text not in table.units:
                if not parse_value(text).is_number:
                    continue  # a label fragment in its own cell
            toks.append(Tok(text, p.start, p.end, True))
        return toks
    segment = region.text[begin:stop]
    segment = _LABEL_NOTE.sub(lambda m: " " * len(m.group()), segment)
    segment = _DATE_LIKE.sub(lambda m: " " * len(m.group()), segment)
    return [
        Tok(m.group().strip(), begin + m.start(), begin + m.end(), False) for m in TOKEN.finditer(segment)
    ]


def _orphans(
    region: Region, table: TableDef, anchors: list[Anchor], zones: list[_Zone], followed: set[str]
) -> list[Tok]:
    """Numbers no label owns: before the first label, after a label whose line had its own,
    or under a heading row."""
    found: list[Tok] = []
    if anchors:
        head = [
            t
            for i, line in enumerate(region.lines)
            if line.end <= anchors[0].start
            for t in _tokens(region, table, line_index=i, begin=line.start, stop=line.end, first=False)
        ]
        found.extend(t for t in head if t.value.is_number)
    for z in zones:
        if _is_group(z.anchor.row, followed):
            found.extend(t for t in z.own + z.later if t.value.is_number)
        elif z.own:
            found.extend(t for t in z.later if t.value.is_number)
    return found


def _widths(region: Region, table: TableDef, anchors: list[Anchor], result: TableResult):  # noqa: ANN202
    """A function giving each anchor's columns (table 二: by the era of its block header)."""
    if table.kind != "t2":
        count = table.value_columns
        head = region.text[region.start : anchors[0].key] if anchors else ""
        for pattern, n in table.value_columns_from_header:
            if pattern.search(head.replace(" ", "")):
                count = n
        columns = table.columns or tuple(str(i) for i in range(count))
        return lambda anchor: columns
    eras = _block_eras(region, table, anchors)
    known = [e for e in eras.values() if e]
    table_era = max(set(known), key=known.count) if known else result.era
    result.era = table_era

    def columns(anchor: Anchor) -> tuple[str, ...]:
        era = eras.get(anchor.start) or table_era
        cols = anchor.row.columns
        if era in cols:
            return cols[era]
        if len(cols) == 1:
            return next(iter(cols.values()))
        return ()

    return columns


def _block_eras(region: Region, table: TableDef, anchors: list[Anchor]) -> dict[int, str | None]:
    """For each table-二 row, the era its nearest header above says ("本年制发件数" → C)."""
    eras: dict[int, str | None] = {}
    for anchor in anchors:
        above = region.text[region.start : anchor.start]
        best: tuple[int, str] | None = None
        for era, pattern in table.eras.items():
            for m in pattern.finditer(above):
                if best is None or m.start() > best[0]:
                    best = (m.start(), era)
        eras[anchor.start] = best[1] if best else None
    return eras


def _assign(
    result: TableResult, table: TableDef, z: _Zone, values: list[Tok], columns: tuple[str, ...], orphans: bool
) -> None:
    anchor = z.anchor
    row = anchor.row
    if table.unit_column:
        values = _drop_unit(table, values, len(columns))
    if not columns:
        result.problems.append(_row_problem("row-era-unknown", table, z.region, anchor))
        return
    if not values:
        if orphans:
            result.problems.append(_row_problem("row-unreadable", table, z.region, anchor))
            return
        for col in columns if (table.columns or row.columns) else columns[:1]:
            cid = _cid(table, row, col)
            result.cells[cid] = Cell(cid, Value("blank", ""), Span(anchor.end, anchor.end))
        return
    signed = frozenset(i for i, col in enumerate(columns) if _cid(table, row, col) in table.signed)
    cells = fit(values, len(columns), signed, table.sums_for(columns))
    if cells is None:
        # Pointed at the numbers, not the label: a wrapped label can stand lines above them.
        at = Span(values[0].start, values[-1].end)
        # the document ends inside this row: fewer digits than cells (not a flattened digit run)
        cut = sum(c.isdigit() for t in values for c in t.text) < len(columns) and _at_text_end(z)
        code = "row-truncated" if cut else "row-unaligned"
        result.problems.append(
            _row_problem(code, table, z.region, anchor, at, found=len(values), expected=len(columns))
        )
        return
    if not (table.columns or row.columns):
        if len(cells) > 1:  # 历年累计
            cid = _cid(table, row, columns[0])
            result.cumulative[cid] = Cell(cid, cells[1].value, Span(cells[1].start, cells[1].end))
        cells, columns = cells[:1], columns[:1]  # era A: the first value column is this year's
    for col, tok in zip(columns, cells, strict=False):
        cid = _cid(table, row, col)
        result.cells[cid] = Cell(cid, tok.value, Span(tok.start, tok.end))


def _cid(table: TableDef, row: RowDef, col: str) -> str:
    return table.cell_id(row.id, col) if table.columns or row.columns else table.cell_id(row.id)


def _row_problem(
    code: str, table: TableDef, region: Region, anchor: Anchor, at: Span | None = None, **args: object
) -> Problem:
    """A problem about one row, naming the table and the row's label as the report writes it;
    placed at `at`, or else at the label."""
    label = re.sub(r"\s+", "", region.text[anchor.start : anchor.end])
    if len(label) > _LABEL_SHOWN:  # a flattened table's header ran into the label
        label = re.sub(r"\s+", "", region.text[anchor.key : anchor.end])
    return Problem.make(
        code,
        at or Span(anchor.start, anchor.end),
        table=table.title,
        label=label,
        row=table.cell_id(anchor.row.id),
        **args,
    )


def _drop_unit(table: TableDef, values: list[Tok], width: int) -> list[Tok]:
    """Era A rows carry a unit column (条, 件, "——"): it is not a value."""
    if not values:
        return values
    if values[0].explicit and len(values) > width:
        return values[1:]
    if values[0].text in table.units and (len(values) > width or not values[0].value.is_number):
        return values[1:]
    return values


def _unmapped(table: TableDef, z: _Zone, values: list[Tok], width: int) -> UnmappedRow:
    """A row kept with its label and numbers, split into the table's value columns where a
    flattened run allows one split only ("条33" under 本年 and 累计: 3 and 3)."""
    label = z.region.text[z.anchor.start : z.anchor.end]
    if table.unit_column:
        values = _drop_unit(table, values, width)
    values = fit(values, width) or values
    return UnmappedRow(
        label, tuple(t.value for t in values if t.value.is_number), Span(z.anchor.start, z.anchor.end)
    )


def extract_blocks(regions: list[Region], table: TableDef) -> TableResult:
    """Table 四: 15 numbers in three blocks of five, by block label where each block has its
    five, else in order when the table holds exactly 15."""
    result = TableResult(table.kind, Span(regions[0].start, regions[-1].end))
    width = len(table.columns)
    by_block: dict[str, list[Tok] | None] = {}
    values: list[Tok] = []
    for region in regions:
        anchors = find_anchors(region, table)
        for i, a in enumerate(anchors):
            stop = anchors[i + 1].start if i + 1 < len(anchors) else region.end
            found = _number_rows(region, table, a.end, stop)
            if found:
                by_block[a.row.id] = fit(found, width, sums=table.sums_for(table.columns))
        values.extend(_number_rows(region, table, region.start, region.end, width * len(table.rows)))
    if len(by_block) == len(table.rows) and all(by_block.values()):
        for row in table.rows:
            _put_block(result, table, row.id, by_block[row.id] or [])
        return result
    cells = fit(values, width * len(table.rows), sums=table.sums_for(table.columns, len(table.rows)))
    if cells is None:
        cut = len(values) < width * len(table.rows) and _ends_text(regions[-1])
        result.problems.append(
            Problem.make(
                "table-cut-short" if cut else "table-unaligned",
                Span(values[0].start, values[-1].end) if values else result.span,  # at the numbers
                table=table.title,
                found=len(values),
                expected=width * len(table.rows),
            )
        )
        return result
    for i, row in enumerate(table.rows):
        _put_block(result, table, row.id, cells[i * width : (i + 1) * width])
    return result


def _put_block(result: TableResult, table: TableDef, block: str, cells: list[Tok]) -> None:
    for col, tok in zip(table.columns, cells, strict=False):
        cid = table.cell_id(block, col)
        result.cells[cid] = Cell(cid, tok.value, Span(tok.start, tok.end))


def _number_rows(region: Region, table: TableDef, begin: int, stop: int, width: int = 0) -> list[Tok]:
    """Values on the lines of [begin, stop) that are rows of numbers: separated lines whose cells
    are all values or empty (with a number, or at least `width` cells: a blank row of a form), and
    the numbers ending a running-text line after its last label word."""
    found: list[Tok] = []
    for index, line in enumerate(region.lines):
        if line.end <= begin or line.start >= stop:
            continue
        lo, hi = max(begin, line.start), min(stop, line.end)
        if line.explicit:
            cells = [p for p in line.pieces if p.start >= lo and p.end <= hi]
            if cells and all(
                not p.text.strip() or parse_value(p.text).kind in ("number", "placeholder") for p in cells
            ):
                if any(parse_value(p.text).is_number for p in cells) or (width and len(cells) >= width):
                    found.extend(Tok(p.text.strip(), p.start, p.end, True) for p in cells)
            continue
        text = region.text[lo:hi]
        last_word = max((m.end() for m in _CJK.finditer(text)), default=0)
        found.extend(
            t for t in _tokens(region, table, line_index=index, begin=lo + last_word, stop=hi, first=False)
        )
    return found
