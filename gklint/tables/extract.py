"""Rows and columns of one table region → canonical cells, with problems where they don't align.

For each row label (Anchor) the values are what follows it up to the next label: first on the
label's own line; only when that line has none, on the lines after it (one cell a line, labels
wrapped over lines). Values on later lines when the label's line already had some, and values
before the first label, are orphans: the conversion separated numbers from their labels, so a
label without values in such a table is unreadable, not blank.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat, takewhile
from typing import NamedTuple

from gklint.model import Cell, Problem, Span, Value, cell_at
from gklint.tables.blanks import shown_blanks
from gklint.tables.fit import Sum, Tok, fit, split_runs
from gklint.tables.labels import RowDef, TableDef
from gklint.tables.region import TOK_START, Anchor, Region, find_anchors, tuple_new
from gklint.tables.trace import UNTRACED, RowTrace
from gklint.tables.values import TEXT_VALUES, TOKEN, parse_value

# In running text: notes in brackets that follow a label, not a number ("(不同渠道…计1条)",
# "(其中修订 16 件)", an unclosed "(区分处理的,只计这一情" at a line end), and dates.
_LABEL_NOTE = re.compile(r"(?<![\d)])\([^()\n]*(?:\)|$)", re.M)
_DATE_LIKE = re.compile(r"(?<!\d)\d+\s*[年月日]")  # the lookbehind keeps it linear on long digit runs
_CJK = re.compile(r"[\u4e00-\u9fff]")
# What every TOKEN match holds: a digit (a change, a number) or a placeholder's character.
_TOKEN_CHAR = re.compile(r"[\d/—-]")
_NONE: frozenset[int] = frozenset()
_LABEL_SHOWN = 24  # characters of a row label quoted in a message
_PROSE_LINE = 8  # characters of a text line after the last row's value that end the table
_CUT_NUMBERING = re.compile(r"(\d{1,2})(?:[.、][^\d\s]*)?$")  # "2", "2.", "2.其" ending a capture


@dataclass(frozen=True)
class UnmappedRow:
    """A row with values whose label no table definition knows."""

    label: str
    values: tuple[Value, ...]
    span: Span


@dataclass
class TableResult:
    """One table read: its cells, unmapped rows and problems."""

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
    trace: list[RowTrace] = field(default_factory=list)  # how each row was read (parse --explain)
    traced: bool = field(default=False, repr=False)  # whether `trace` is kept (asked for)


@dataclass(eq=False)  # many are made per report: an unfrozen dataclass is made faster
class _Zone:
    """A row label and the text its values are read from."""

    region: Region
    anchor: Anchor
    own: list[Tok]  # values on the label's line
    later: list[Tok]  # values on the following lines, up to the next label
    last: bool  # the last label of its region
    per_line: list[tuple[int, list[Tok]]]  # (line index, value candidates) of the zone's lines
    stop: int  # where the next label starts
    shared: bool  # another label stands on this label's line before it

    @cached_property
    def blanks(self) -> tuple[Tok, ...]:
        """Blank cells the layout shows (a doubled gap, an empty line): found only when asked
        for (a row short of cells, or a trace), as most rows have all their cells."""
        return shown_blanks(self.region, self.per_line, self.stop, shared=self.shared)


def extract_rows(regions: list[Region], table: TableDef, trace: bool = False) -> TableResult:
    """Cells of a table with row labels (a, a0, t2, t3). `regions` are the pieces of one table
    (a conversion may cut a table with a line the grammar takes for a heading or prose).

    Read in stages, each a function of the one before: regions → anchors (the row labels found
    in each region) → zones (each label's text, its value candidates and the blanks the layout
    shows; the numbers no label owns) → columns (each row's, by the header above it) → fit (the
    values of each zone on the row's columns, recorded in the result's trace when `trace`)."""
    result = TableResult(table.kind, Span(regions[0].start, regions[-1].end), traced=trace)
    anchored, headers = _anchor_stage(regions, table)
    zones, followed, orphans = _zone_stage(anchored, table)
    widths, result.era = _column_stage(anchored, table)
    if orphans:
        first = orphans[0]
        result.problems.append(
            Problem.make(
                "table-orphan-values", Span(first.start, first.end), table=table.title, count=len(orphans)
            )
        )
    _fit_stage(result, table, zones, followed, widths, bool(orphans))
    result.problems.extend(_cut_before_last_row(table, regions[-1], zones, result.problems))
    if trace:
        _trace_header_labels(result, table, zones, headers)
    if table.shape_eras:
        result.era = _shape_era(table, followed, result)
    return result


def _anchor_stage(
    regions: list[Region], table: TableDef
) -> tuple[list[tuple[Region, list[Anchor]]], list[tuple[Region, Anchor]]]:
    """Each region with the row labels found in it, rows of earlier pieces known to later ones;
    and the labels set aside as parts of header lines."""
    seen: dict[str, int] = {}
    anchored = []
    headers: list[tuple[Region, Anchor]] = []
    for region in regions:
        before = set(seen)
        dropped: list[Anchor] = []
        anchors = _unlabelled_first_row(region, table, find_anchors(region, table, seen, dropped), before)
        anchored.append((region, anchors))
        headers.extend((region, a) for a in dropped)
    return anchored, headers


def _trace_header_labels(
    result: TableResult, table: TableDef, zones: list[_Zone], headers: list[tuple[Region, Anchor]]
) -> None:
    """A row whose only label stands in a header line: say so in the trace (parse --explain)."""
    read = {z.anchor.row.id for z in zones}
    for region, a in headers:
        if a.row.id in read:
            continue
        rt = RowTrace(
            table.kind,
            table.cell_id(a.row.id),
            Span(region.start, region.end),
            Span(a.start, a.end),
            Span(a.start, a.end),
        )
        rt.columns = tuple(c for c in table.columns_of(a.row) if c)
        rt.outcome = "header-line"
        rt.note(
            "这一行的标签只出现在表头式的一行中（同一行有几个标签、没有数字），按表头处理，没有当作数据行"
        )
        result.trace.append(rt)
        read.add(a.row.id)


def _zone_stage(
    anchored: list[tuple[Region, list[Anchor]]], table: TableDef
) -> tuple[list[_Zone], set[str], list[Tok]]:
    """Each label's zone, the rows that have one, and the numbers no label owns (orphans)."""
    by_region = [
        [_zone(region, table, anchors, i) for i in range(len(anchors))] for region, anchors in anchored
    ]
    zones = [z for found in by_region for z in found]
    followed = {z.anchor.row.id for z in zones}
    orphans = [
        tok
        for (region, anchors), found in zip(anchored, by_region, strict=True)
        for tok in _orphans(region, table, anchors, found, followed)
    ]
    return zones, followed, orphans


def _column_stage(
    anchored: list[tuple[Region, list[Anchor]]], table: TableDef
) -> tuple[dict[int, tuple[str, ...]], str | None]:
    """The columns of each label's row (by anchor start), and the era table 二's headers say."""
    widths: dict[int, tuple[str, ...]] = {}
    era: str | None = None
    for region, anchors in anchored:
        found, era = _widths(region, table, anchors, era)
        widths.update(found)
    return widths, era


def _fit_stage(
    result: TableResult,
    table: TableDef,
    zones: list[_Zone],
    followed: set[str],
    widths: dict[int, tuple[str, ...]],
    orphans: bool,
) -> None:
    """The cells of each row, or the problem that keeps a row from being read; one trace a row."""
    for z in _row_zones(zones, followed, orphans):
        row = z.anchor.row
        columns = widths[z.anchor.start]
        result.rows_found += 1
        values = z.own if orphans else (z.own or z.later)
        rt = UNTRACED
        if result.traced:
            others = [o.anchor for o in zones if o.anchor.row is row and o is not z]
            rt = _trace(table, z, values, others, columns)
            result.trace.append(rt)
        if orphans and z.later:
            rt.note("表中有不属于任何行的数字：只采用行标签所在那一行的数字，后面各行的不采用")
        if not row.mapped:
            rt.outcome = "unmapped"
            result.unmapped.append(_unmapped(table, z, values, len(columns)))
            continue
        if not values and _at_text_end(z) and not _with_shown_blanks(table, z, values, len(columns))[0]:
            # the document ends inside this row (an excerpt, a cut page): not a blank row
            rt.outcome = "row-truncated"
            rt.note("文件在这一行结束，后面没有数字：按中断处理，不当作空白")
            result.problems.append(_row_problem("row-truncated", table, z.region, z.anchor))
            continue
        _assign(result, table, z, values, columns, orphans, rt)


def _unlabelled_first_row(
    region: Region, table: TableDef, anchors: list[Anchor], seen_before: set[str]
) -> list[Anchor]:
    """A row whose label line is missing ("规章" left out of 表二 by the capture) but whose numbers
    stand where the form puts that row: right before the first label found, whose row comes next
    in the form. They are its cells when they are as many as the values of that next row (whose
    columns are the same); the row is anchored at the end of the line above the numbers."""
    if not anchors:
        return anchors
    first = anchors[0]
    order = [r.id for r in table.rows]
    at = order.index(first.row.id)
    missing = table.rows[at - 1] if at else None
    if missing is None or missing.id in seen_before or missing.group or missing.heading or not missing.mapped:
        return anchors
    if first.line == 0 or missing.columns.keys() != first.row.columns.keys():
        return anchors
    head = [(i, t) for i in range(first.line) for t in _line_numbers(region, i)]
    if not head:
        return anchors
    label_line = head[0][0] - 1
    own = _zone(region, table, anchors, 0)
    if label_line < 0 or len(head) != len(own.own or own.later):
        return anchors
    end = region.lines[label_line].end
    return [Anchor(missing, end, end, label_line, end), *anchors]


def _ends_text(region: Region) -> bool:
    return region.end >= region.text_end


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
    return row.group or not followed.isdisjoint(row.group_if_followed_by)


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


def _shape_era(table: TableDef, followed: set[str], result: TableResult) -> str | None:
    """The era of a table whose group row is split into sub-rows in one format and is a row of
    its own in another (table 三's (六)其他处理: C splits it, B does not)."""
    if followed.intersection(_sub_rows(table)):
        return table.shape_eras.get("split")
    single = tuple(table.cell_id(r.id) + "." for r in table.rows if r.group_if_followed_by)
    if single and any(map(str.startswith, result.cells, repeat(single))):  # (over every cell: in C)
        return table.shape_eras.get("single")
    return None


def _sub_rows(table: TableDef) -> set[str]:
    return {r for row in table.rows for r in row.group_if_followed_by}


def _zone(region: Region, table: TableDef, anchors: list[Anchor], i: int) -> _Zone:
    anchor = anchors[i]
    region_end = region.end
    stop = anchors[i + 1].start if i + 1 < len(anchors) else region_end
    per_line: list[tuple[int, list[Tok]]] = []
    lines, text, text_end = region.lines, region.text, region.text_end
    for index in range(anchor.line, len(lines)):
        line = lines[index]
        if line.start >= stop:
            break
        first = index == anchor.line
        if not first and line.end >= text_end and _cut_label(region, table, anchor.row, index):
            break
        begin, end = (anchor.end if first else line.start), min(stop, line.end)
        if line.explicit:
            per_line.append((index, _cell_tokens(line.pieces, table, text, begin, end, first, anchor.row)))
        else:
            # nothing after a label that ends its line (one cell a line): no value to look for
            per_line.append((index, _text_tokens(text, begin, end) if begin < end else []))
            if stop == region_end and _prose_after_value(text, begin, end, per_line):
                per_line.pop()  # the table has ended: a page's links, a page number after it are no values
                break
    own = per_line[0][1] if per_line else []  # the label's line comes first
    later = [t for _, toks in per_line[1:] for t in toks] if len(per_line) > 1 else []
    if len(per_line) > 2:
        # lines after the label's that hold one value and nothing else: with two or more, each is
        # a cell of its own, never cut
        alone = [_whole_line(region, index, toks) for index, toks in per_line[1:]]
        if sum(alone) >= 2:
            later = [
                Tok(t.text, t.start, t.end, True) if whole else t
                for (_, toks), whole in zip(per_line[1:], alone, strict=True)
                for t in toks
            ]
    shared = i > 0 and anchors[i - 1].line == anchor.line
    return _Zone(region, anchor, own, later, i == len(anchors) - 1, per_line, stop, shared)


def _prose_after_value(text: str, begin: int, end: int, per_line: list[tuple[int, list[Tok]]]) -> bool:
    """In the last row's zone, a line of running text (no value in it, _PROSE_LINE characters or
    more) after the row's value: the table ended before it (a web page's "扫一扫在手机打开当前页")."""
    return (
        not per_line[-1][1]
        and len(text[begin:end].strip()) >= _PROSE_LINE
        and any(toks for _, toks in per_line[:-1])
    )


def _cut_label(region: Region, table: TableDef, row: RowDef, index: int) -> bool:
    """The document's last line is the numbering of the row after `row`, alone or with the start
    of its label: the capture ended in that label ("2" or "2.其" of "2.其他法律…"), so the digit
    is not a value. Asked only of a line that ends the text."""
    line = region.lines[index]
    m = _CUT_NUMBERING.match(region.text[line.start : line.end].strip(" |"))
    order = [r.id for r in table.rows]
    at = order.index(row.id) + 1
    return m is not None and at < len(order) and table.rows[at].number == m.group(1)


def _whole_line(region: Region, index: int, toks: list[Tok]) -> bool:
    """A running-text line that is one value and nothing else (one cell a line)."""
    line = region.lines[index]
    return not line.explicit and len(toks) == 1 and region.text[line.start : line.end].strip() == toks[0].text


def _line_numbers(region: Region, index: int) -> list[Tok]:
    """The numbers among the value candidates of a whole line (a separated line's cells that are
    numbers: those _cell_tokens keeps and more are never numbers). Read once a line: the lines
    before the first label are read for an unlabelled first row and for orphans."""
    numbers = region.numbers.get(index)
    if numbers is None:
        line = region.lines[index]
        found = line.pieces if line.explicit else _text_tokens(region.text, line.start, line.end)
        numbers = region.numbers[index] = [t for t in found if t.text and t.value.is_number]  # (empty: blank)
    return numbers


def _cell_tokens(
    pieces: tuple[Tok, ...],
    table: TableDef,
    text: str,
    begin: int,
    stop: int,
    first: bool,
    row: RowDef | None,
) -> list[Tok]:
    """Value candidates among the separated cells in [begin, stop) of a line of `text`."""
    if stop >= pieces[-1].end:  # to the line's end: the cells after the label's own (or all)
        cells = list(pieces[bisect_right(pieces, begin, key=TOK_START) if first else 0 :])
    elif first:  # skip the rest of the label's own cell
        cells = [p for p in pieces if p.start > begin and p.end <= stop]
    else:
        cells = [p for p in pieces if p.start >= begin and p.end <= stop]
    if (
        not cells
        or text[cells[0].start : cells[-1].end].isascii()
        or "".join([p.text for p in cells]).isascii()
    ):
        return cells  # numbers and signs only (most rows): each is a value candidate
    toks = []
    for n, p in enumerate(cells):
        cell = p.text
        # a cell with Chinese text (most are ASCII digits: the pattern is not run for them)
        if not cell.isascii() and _CJK.search(cell) and cell not in TEXT_VALUES and cell not in table.units:
            if not parse_value(cell).is_number:
                if row and first and _text_in_value_column(cells, n):
                    toks.append(p._replace(optional=True))
                continue  # else a label fragment in its own cell
        toks.append(p)
    return toks


def _text_tokens(text: str, begin: int, stop: int) -> list[Tok]:
    """Value candidates in text[begin:stop], running text (no separators)."""
    segment = text[begin:stop]
    if not _TOKEN_CHAR.search(segment):
        return []  # a wrapped label's piece: no value can be in it
    if segment.isascii() and segment.replace(" ", "").isdigit():  # a spaced row of numbers, a cell
        found = _digit_runs(segment, begin)
    else:
        found = _token_matches(segment, begin)
    # cells set apart on purpose (a space-separated table): each number is a cell, never cut
    if _wide_gaps(text, found):
        return [t._replace(explicit=True) for t in found]
    return found


def _digit_runs(segment: str, begin: int) -> list[Tok]:
    """What TOKEN finds in ASCII digits and spaces: each run of digits (made without a match
    object each: most value lines of a table are such lines)."""
    found = []
    at = begin
    for part in segment.split(" "):
        if part:
            found.append(tuple_new(Tok, (part, at, at + len(part), False, False)))
        at += len(part) + 1
    return found


def _token_matches(segment: str, begin: int) -> list[Tok]:
    """TOKEN's matches in a piece of running text starting at text offset `begin`, notes in
    brackets and dates left out."""
    if "(" in segment:
        segment = _LABEL_NOTE.sub(_blanked, segment)
    if "年" in segment or "月" in segment or "日" in segment:  # else no date to blank
        segment = _DATE_LIKE.sub(_blanked, segment)
    return [
        tuple_new(Tok, (m.group().strip(), begin + m.start(), begin + m.end(), False, False))
        for m in TOKEN.finditer(segment)
    ]


def _blanked(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _wide_gaps(text: str, found: list[Tok]) -> bool:
    """Two or more values, every two separated by a run of two spaces or more and nothing else
    (a space-separated table): then a digit run is one cell, not cells glued together."""
    if len(found) < 2:
        return False
    for before, after in zip(found, found[1:], strict=False):
        if after.start - before.end < 2 or text[before.end : after.start].strip(" "):
            return False
    return True


def _text_in_value_column(cells: list[Tok], n: int) -> bool:
    """Text in a cell after the label's, with a number in a cell after it ("政府集中采购 | 办公设备 |
    176937"): it may stand in a value column ("not a number" there; leaving it out would move the
    numbers after it one column to the left) or be a piece of the label ("缴纳费用、 | 行政机关不再
    处理其政 | 0 | …"). It is kept, as optional: the row is fitted with it first, then without it.
    A bracketed note belongs to the label."""
    return not cells[n].text.startswith("(") and any(parse_value(p.text).is_number for p in cells[n + 1 :])


def _orphans(
    region: Region, table: TableDef, anchors: list[Anchor], zones: list[_Zone], followed: set[str]
) -> list[Tok]:
    """Numbers no label owns: before the first label, after a label whose line had its own,
    or under a heading row."""
    found: list[Tok] = []
    if anchors:
        before = takewhile(lambda line: line.end <= anchors[0].start, region.lines)
        found.extend(t for i, _ in enumerate(before) for t in _line_numbers(region, i))
    for z in zones:
        if _is_group(z.anchor.row, followed):
            found.extend(t for t in z.own + z.later if t.text and t.value.is_number)
        elif z.own and z.later:
            found.extend(t for t in z.later if t.text and t.value.is_number)  # (an empty cell is blank)
    return found


def _widths(
    region: Region, table: TableDef, anchors: list[Anchor], era: str | None
) -> tuple[dict[int, tuple[str, ...]], str | None]:
    """Each anchor's columns (by its start), and the era the table's headers say (table 二: each
    row's columns are its block header's era's; `era` is what earlier pieces said)."""
    if not table.eras:  # one set of columns for every row
        count = table.value_columns
        head = region.text[region.start : anchors[0].key] if anchors else ""
        for pattern, n in table.value_columns_from_header:
            if pattern.search(head.replace(" ", "")):
                count = n
        fixed = table.columns or tuple(str(i) for i in range(count))
        return dict.fromkeys([a.start for a in anchors], fixed), era
    eras = _block_eras(region, table, anchors)
    known = [e for e in eras.values() if e]
    table_era = max(set(known), key=known.count) if known else era

    def columns(anchor: Anchor) -> tuple[str, ...]:
        era = eras.get(anchor.start) or table_era
        cols = anchor.row.columns
        if era in cols:
            return cols[era]
        if len(cols) == 1:
            return next(iter(cols.values()))
        return ()

    return {a.start: columns(a) for a in anchors}, table_era


def _block_eras(region: Region, table: TableDef, anchors: list[Anchor]) -> dict[int, str | None]:
    """For each table-二 row, the era its nearest header above says ("本年制发件数" → C): the era
    of the last match in the region's text above the row (the first era's of those at one place).

    The patterns are run once, over the text above the last row: a row's matches are those ending
    above it, the same as a run over the text above that row alone finds, when the patterns read
    only leftwards (`TableDef.eras_read_left`) and no match runs across the row's start; else the
    text above that row is searched."""
    if not anchors:
        return {}
    above = region.text[region.start : max(a.start for a in anchors)]
    found = _era_matches(table, above) if table.eras_read_left else None
    eras: dict[int, str | None] = {}
    for anchor in anchors:
        cut = anchor.start - region.start
        era, across = _last_era(found, cut) if found is not None else (None, True)
        if across:
            era, _ = _last_era(_era_matches(table, above[:cut]), cut)
        eras[anchor.start] = era
    return eras


def _era_matches(table: TableDef, text: str) -> list[tuple[int, int, int, str]]:
    """The eras' patterns' matches in `text`: (start, era's order, end, era), by place."""
    return sorted(
        (m.start(), order, m.end(), era)
        for order, (era, pattern) in enumerate(table.eras.items())
        for m in pattern.finditer(text)
    )


def _last_era(found: list[tuple[int, int, int, str]], cut: int) -> tuple[str | None, bool]:
    """The era of the last of the matches that start before `cut` (the first era's of those at
    one place), and whether one of them runs across `cut` (then no era: not known)."""
    best: tuple[int, str] | None = None
    for start, _, end, era in found:
        if start >= cut:
            break  # (by place) no later match is before the cut
        if end > cut:
            return None, True
        if best is None or start > best[0]:
            best = (start, era)
    return (best[1] if best else None), False


def _trace(
    table: TableDef, z: _Zone, values: list[Tok], others: list[Anchor], columns: tuple[str, ...]
) -> RowTrace:
    a = z.anchor
    stop = max([t.end for t in z.own + z.later + list(z.blanks)] + [a.end])
    return RowTrace(
        table.kind,
        table.cell_id(a.row.id),
        Span(z.region.start, z.region.end),
        Span(a.start, a.end),
        Span(a.end, stop),
        tuple(values),
        z.blanks,
        columns,
        others=tuple(Span(o.start, o.end) for o in others),
    )


def _assign(
    result: TableResult,
    table: TableDef,
    z: _Zone,
    values: list[Tok],
    columns: tuple[str, ...],
    orphans: bool,
    rt: RowTrace,
) -> None:
    anchor = z.anchor
    row = anchor.row
    found = len(values)
    values, kept = _with_shown_blanks(table, z, values, len(columns))
    if result.traced and z.blanks:
        used = len(values) > found
        rt.note(
            f"采用版式显示的空白单元格：{len(values) - found} 个"
            if used
            else "版式显示的空白不采用：加上后个数不等于栏目数"
        )
    if result.traced and len(kept) < len(values):
        rt.note(f"“{values[0].text}”是计量单位一栏，不是数值")
    values = kept
    if not columns:
        rt.outcome = "row-era-unknown"
        result.problems.append(_row_problem("row-era-unknown", table, z.region, anchor))
        return
    ids, signed, sums = _plan(table, row, columns)
    if not values:
        if orphans:
            rt.outcome = "row-unreadable"
            result.problems.append(_row_problem("row-unreadable", table, z.region, anchor))
            return
        rt.note("这一行没有任何值：各栏按空白处理")
        for cid in ids if (table.columns or row.columns) else ids[:1]:
            result.cells[cid] = cell_at(cid, Value("blank", ""), anchor.end, anchor.end)
        return
    cells = fit(values, len(columns), signed, sums)
    if cells is None and any(t.optional for t in values):
        rt.note("连同数值栏里的文字一起无法对齐：改为把这些文字当作行标签的一部分")
        values = [t for t in values if not t.optional]
        cells = fit(values, len(columns), signed, sums)
    if cells is None:
        rt.note(f"{len(values)} 个值无法唯一地对应 {len(columns)} 个栏目：不猜测")
        # Pointed at the numbers, not the label: a wrapped label can stand lines above them.
        at = Span(values[0].start, values[-1].end)
        # the document ends inside this row: fewer digits than cells (not a flattened digit run)
        cut = sum(c.isdigit() for t in values for c in t.text) < len(columns) and _at_text_end(z)
        code = "row-truncated" if cut else "row-unaligned"
        rt.outcome = code
        result.problems.append(
            _row_problem(code, table, z.region, anchor, at, found=len(values), expected=len(columns))
        )
        return
    if result.traced:
        rt.note(_fit_note(values, cells, len(columns)))
    if not (table.columns or row.columns):
        if len(cells) > 1:  # 历年累计
            cid = ids[0]
            result.cumulative[cid] = cell_at(cid, cells[1].value, cells[1].start, cells[1].end)
        cells, ids = cells[:1], ids[:1]  # era A: the first value column is this year's
    if result.traced:
        rt.chosen = tuple(cells)
    store = result.cells
    for cid, (text, start, end, _, _) in zip(ids, cells, strict=False):  # a Tok's fields: ~200 cells a report
        store[cid] = cell_at(cid, parse_value(text), start, end)


def _fit_note(values: list[Tok], cells: list[Tok], width: int) -> str:
    """What the fit did, in words."""
    if len(values) == width and cells == values:
        return f"{width} 个值正好对应 {width} 个栏目"
    if len(values) > width:
        return f"{len(values)} 个单元格中，只有一种取法使栏目外的单元格都为空"
    ways, _ = split_runs(values, width, frozenset())
    if ways == 1:
        return f"连在一起的数字只有一种拆法（不以 0 开头）：拆成 {width} 个"
    return f"连在一起的数字有多种拆法，其余拆法的总计与各栏之和不符，被舍弃：拆成 {width} 个"


def _with_shown_blanks(
    table: TableDef, z: _Zone, values: list[Tok], width: int
) -> tuple[list[Tok], list[Tok]]:
    """The row's values with the blank cells its layout shows (an empty line, a doubled gap) put
    in their places, when that makes exactly the row's count of cells; else the values as found.
    And those values without the cell of era A's unit column (the same, in a table without one)."""
    kept = _drop_unit(table, values, width) if table.unit_column else values
    if not width or len(kept) >= width or not z.blanks:
        return values, kept  # as many as the row's cells already, or no blank to add
    both = sorted([*values, *z.blanks], key=lambda t: t.start)
    both_kept = _drop_unit(table, both, width) if table.unit_column else both
    return (both, both_kept) if len(both_kept) == width else (values, kept)


def _cid(table: TableDef, row: RowDef, col: str) -> str:
    return table.cell_id(row.id, col) if table.columns or row.columns else table.cell_id(row.id)


class _RowPlan(NamedTuple):
    ids: tuple[str, ...]  # the cell id of each of the row's columns
    signed: frozenset[int]  # the columns that take a signed change
    sums: tuple[Sum, ...]  # the row's totals, as column indexes


_PLANS: dict[tuple[str, str, tuple[str, ...]], _RowPlan] = {}


def _plan(table: TableDef, row: RowDef, columns: tuple[str, ...]) -> _RowPlan:
    """What a row's columns make of its cells: worked out once a process (the tables have a few
    hundred cells), not again for each report."""
    key = (table.kind, row.id, columns)
    plan = _PLANS.get(key)
    if plan is None:
        ids = tuple(_cid(table, row, col) for col in columns)
        signed = frozenset(i for i, cid in enumerate(ids) if cid in table.signed) or _NONE
        plan = _PLANS[key] = _RowPlan(ids, signed, table.sums_for(columns))
    return plan


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


def extract_blocks(regions: list[Region], table: TableDef, trace: bool = False) -> TableResult:
    """Table 四: 15 numbers in three blocks of five, by block label where each block has its
    five, else in order when the table holds exactly 15."""
    result = TableResult(table.kind, Span(regions[0].start, regions[-1].end), traced=trace)
    width = len(table.columns)
    by_block = _blocks_by_label(regions, table)
    if by_block is not None:
        for row in table.rows:
            block = by_block[row.id]
            _block_trace(result, table, row.id, block, block, "每个区块标签后各有 5 个值：按区块读取")
            _put_block(result, table, row.id, block)
        return result
    # else the table's values in order (looked for only now: most tables are read by block)
    values = [
        tok
        for region in regions
        for tok in _number_rows(region, table, region.start, region.end, width * len(table.rows))
    ]
    count = len(values)
    values = _block_blanks(regions[0], values, width * len(table.rows)) if len(regions) == 1 else values
    cells = fit(values, width * len(table.rows), sums=table.sums_for(table.columns, len(table.rows)))
    if trace:
        how = f"按顺序读取全表的 {width * len(table.rows)} 个值" + (
            f"（其中 {len(values) - count} 个是版式显示的空白）" if len(values) > count else ""
        )
        for i, row in enumerate(table.rows):
            chosen = cells[i * width : (i + 1) * width] if cells else []
            _block_trace(
                result,
                table,
                row.id,
                values,
                chosen,
                how if cells else f"找到 {count} 个值，无法对齐：不猜测",
            )
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


def _blocks_by_label(regions: list[Region], table: TableDef) -> dict[str, list[Tok]] | None:
    """Table 四's cells block by block, when every block label is followed by numbers that fit
    the block's five columns; else None. The numbers are fitted only once every block has some
    (a fit may be a long search, and a table whose values stand under its headers has none)."""
    found: dict[str, list[Tok]] = {}  # a block's numbers, after its last label
    for region in regions:
        anchors = find_anchors(region, table)
        for i, a in enumerate(anchors):
            stop = anchors[i + 1].start if i + 1 < len(anchors) else region.end
            numbers = _number_rows(region, table, a.end, stop)
            if numbers:
                found[a.row.id] = numbers
    if len(found) < len(table.rows):
        return None
    sums = table.sums_for(table.columns)
    by_block: dict[str, list[Tok]] = {}
    for block, numbers in found.items():
        cells = fit(numbers, len(table.columns), sums=sums)
        if not cells:
            return None
        by_block[block] = cells
    return by_block


def _block_trace(
    result: TableResult, table: TableDef, block: str, candidates: list[Tok], cells: list[Tok], how: str
) -> None:
    """Table 四 has no row labels to anchor on: its trace is the block and how its values were taken."""
    if not result.traced:
        return
    at = Span(candidates[0].start, candidates[-1].end) if candidates else result.span
    rt = RowTrace(
        table.kind, table.cell_id(block), result.span, Span(at.start, at.start), at, tuple(candidates)
    )
    rt.columns, rt.chosen = table.columns, tuple(cells)
    rt.note(how)
    if not cells:
        rt.outcome = "table-unaligned"
    result.trace.append(rt)


def _block_blanks(region: Region, values: list[Tok], width: int) -> list[Tok]:
    """Table 四's values with the blank cells its layout shows, when that makes exactly `width`."""
    if not values or len(values) >= width:
        return values
    by_line: dict[int, list[Tok]] = {}
    for tok in values:
        by_line.setdefault(region.line_index(tok.start), []).append(tok)
    first = min(by_line) - 1  # from the header line before the numbers (over "|" lines between cells)
    while first > 0 and not region.text[region.lines[first].start : region.lines[first].end].strip(" |"):
        first -= 1
    per_line = [(index, by_line.get(index, [])) for index in range(max(first, 0), len(region.lines))]
    blanks = shown_blanks(region, per_line, region.end, unlabelled=True)
    both = sorted([*values, *blanks], key=lambda t: t.start)
    return both if len(both) == width else values


def _put_block(result: TableResult, table: TableDef, block: str, cells: list[Tok]) -> None:
    for col, tok in zip(table.columns, cells, strict=False):
        cid = table.cell_id(block, col)
        result.cells[cid] = cell_at(cid, tok.value, tok.start, tok.end)


def _number_rows(region: Region, table: TableDef, begin: int, stop: int, width: int = 0) -> list[Tok]:
    """Values on the lines of [begin, stop) that are rows of numbers: separated lines whose cells
    are all values or empty (with a number, or at least `width` cells: a blank row of a form), and
    the numbers ending a running-text line after its last label word."""
    found: list[Tok] = []
    for line in region.lines:
        if line.end <= begin or line.start >= stop:
            continue
        lo, hi = max(begin, line.start), min(stop, line.end)
        if line.explicit:
            cells = [p for p in line.pieces if p.start >= lo and p.end <= hi]
            if cells and all(not p.text or p.value.kind in ("number", "placeholder") for p in cells):
                if any(p.value.is_number for p in cells) or (width and len(cells) >= width):
                    found.extend(cells)
            continue
        last_word = _after_last_word(region.text, lo, hi)
        if last_word < hi:  # else the line ends in a word (a wrapped header): no number to look for
            found.extend(_text_tokens(region.text, last_word, hi))
    return found


def _after_last_word(text: str, start: int, end: int) -> int:
    """The offset after the last Chinese character of text[start:end] (`start` if none): looked
    for from the end, over the numbers that end a line."""
    for i in range(end - 1, start - 1, -1):
        if "\u4e00" <= text[i] <= "\u9fff":
            return i + 1
    return start
