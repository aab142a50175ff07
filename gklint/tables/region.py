"""A table's text as lines of cells, and the row labels found in it.

A table region is what the grammar claimed as one table. Each line is split into cells where the
conversion left separators (tab, "|"); otherwise the line is one piece of running text. Row
labels are found by their key phrases in the region's *compact* text (whitespace removed), so a
label broken over lines by a PDF or spaced out by Word is still found; each found label is an
Anchor whose span covers the label as written, numbering included ("2.其他法律…").
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, count, groupby
from operator import add, itemgetter
from typing import NamedTuple, overload

from gklint.tables.fit import Tok
from gklint.tables.labels import RowDef, TableDef, find_spans
from gklint.tables.values import parse_value

_NOT_LABEL = set("0123456789\t|\n")
_NUMBERING_MARKS = ".、"
_PLACE = itemgetter(0, 1)  # a found label's start and minus its length
TOK_START = itemgetter(1)  # a Tok's start (a key to bisect a line's cells by)


# The small records of this layer are named tuples: hundreds are made per report. In the hottest
# places they are made with `tuple_new` (tuple.__new__, as NamedTuple._make does), every field given:
# without the Python call of the class's own __new__, a record is made twice as fast.
tuple_new = tuple.__new__


class RLine(NamedTuple):
    start: int
    end: int
    # its cells (none for a line of running text), each already a value candidate: the cell's text
    # stripped, at the cell's place (offsets into the report's normalised text), set apart
    pieces: tuple[Tok, ...]
    explicit: bool  # a line of separated cells (not running text)


class Anchor(NamedTuple):
    row: RowDef
    start: int  # label start (numbering included)
    end: int  # end of the key phrase
    line: int  # index into Region.lines
    key: int  # start of the key phrase


@dataclass
class Region:
    """The lines of the report where one table is read."""

    text: str  # the whole report's normalised text
    lines: list[RLine]
    _starts: list[int] = field(default_factory=list, repr=False)
    _compact: Compact | None = field(default=None, repr=False)
    memo: dict[str, int | None] = field(default_factory=dict, repr=False)  # per-table layout measures
    numbers: dict[int, list[Tok]] = field(default_factory=dict, repr=False)  # a line's numbers, by index

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def text_end(self) -> int:
        """The end of the report's text without trailing whitespace."""
        return _text_end(self.text)

    def line_starts(self) -> list[int]:
        if not self._starts:
            self._starts = [ln.start for ln in self.lines]
        return self._starts

    def line_index(self, offset: int) -> int:
        return max(bisect_right(self.line_starts(), offset) - 1, 0)


@lru_cache(maxsize=1)
def _text_end(text: str) -> int:
    """Measured once a text, not once a region: every region of a report shares its text (a
    string's hash is kept, so a later look-up costs nothing), and a text ending in a long run of
    whitespace would otherwise be walked again for each of its tables."""
    return len(text.rstrip())


def make_region(text: str, start: int, end: int, flat: Compact | None = None) -> Region:
    """The lines of text[start:end] as a table region (blank lines left out); `flat`, when given,
    is compact_text(text, start, end), already made."""
    lines = []
    at = start
    for raw in text[start:end].split("\n"):
        stripped = raw.strip(" ")
        if stripped:  # a line of tabs is a row of blank cells
            pieces = _pieces(raw, stripped, at) if "\t" in raw or "|" in raw else ()  # none: running text
            lines.append(tuple_new(RLine, (at, at + len(raw), pieces, bool(pieces))))
        at += len(raw) + 1
    return Region(text, lines, _compact=flat)


def _pieces(line: str, stripped: str, start: int) -> tuple[Tok, ...]:
    """The cells of `line`, a line with separators starting at text offset `start`; `stripped`
    is the line without its edge spaces.

    An opening pipe has only spaces before it, a closing one (Markdown) only spaces after it: the
    empty cells they would make are no cells, so the line is split between them (no Tok is made
    for either). A trailing tab may end an empty last cell (Word), so that piece is kept and left
    to the column fitting."""
    lo = line.index("|") + 1 if stripped.startswith("|") else 0
    hi = line.rindex("|") if stripped.endswith("|") else len(line)
    if hi < lo:  # the line's one pipe both opens and closes it: no cell
        return ()
    return tuple(_cells(line[lo:hi], start + lo))


def _cells(line: str, start: int) -> list[Tok]:
    """Split on every tab or pipe (each one character), keeping empty cells. Each is made a value
    candidate here, once: the zones of the rows take them as they are."""
    pieces, at = [], start
    for cell in line.replace("|", "\t").split("\t"):
        pieces.append(tuple_new(Tok, (cell.strip(), at, at + len(cell), True, False)))
        at += len(cell) + 1
    return pieces


class Offsets(Sequence[int]):
    """For each character of a text made of pieces of another (a region's text without its
    whitespace; the prose of a report, gklint/rules/views.py), its offset in that other text. The
    characters of a piece have consecutive offsets, so only each piece's start in both is kept
    (a few ints a piece, not one a character) and an offset is found by bisection."""

    def __init__(self, starts: list[int], sources: list[int], size: int) -> None:
        self._starts, self._sources, self._size = starts, sources, size

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, i: int) -> int: ...

    @overload
    def __getitem__(self, i: slice) -> list[int]: ...

    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._size))]
        if i < 0:
            i += self._size
        if not 0 <= i < self._size:
            raise IndexError(i)
        # the last piece starting here or before (an empty piece is passed over)
        piece = bisect_right(self._starts, i) - 1
        return self._sources[piece] + i - self._starts[piece]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where characters [start, end) (end > start, both in range) begin and end in the other
        text: one bisection when they are in one piece, as a label or a number mostly is."""
        starts = self._starts
        piece = bisect_right(starts, start) - 1
        first = self._sources[piece] + start - starts[piece]
        if piece + 1 == len(starts) or end <= starts[piece + 1]:
            return first, first + end - start
        return first, self[end - 1] + 1


Compact = tuple[str, Offsets]  # a text without whitespace, and where each of its characters was


def compact(region: Region) -> Compact:
    """The region's text without whitespace, and for each of its characters the text offset.

    Computed once per region: every table's labels are looked for in it."""
    if region._compact is None:
        region._compact = (
            compact_text(region.text, region.start, region.end) if region.lines else ("", Offsets([], [], 0))
        )
    return region._compact


def compact_text(text: str, start: int, end: int) -> Compact:
    """text[start:end] without whitespace, with its Offsets.

    A table's whitespace is mostly spaces, tabs and newlines: made all spaces, the text's parts
    are the non-empty items of a split at each space, and each item starts one character after the
    one before ends, so the parts' places are counted in C (no search a part). Text with other
    whitespace (an ideographic or no-break space…), or whose runs of spaces are long (a table
    aligned by spaces: more empty items than parts, cheaper to find each part), has each part
    found instead (`_compact_parts`)."""
    segment = text[start:end]
    parts = segment.split()
    flat_text = "".join(parts)
    spaced = segment.replace("\n", " ").replace("\t", " ")
    spaces = len(segment) - len(flat_text)  # its whitespace
    if spaced.count(" ") != spaces or spaces >= 2 * len(parts):  # other whitespace, or long runs
        return _compact_parts(text, start, parts)
    items = spaced.split(" ")  # the parts, and an empty item for each space after the first of a run
    flat = list(accumulate(map(len, parts[:-1]), initial=0))  # each part's compact offset
    # Item j starts after the j items before it and a space each: at j plus their lengths, which
    # for the part k it is are the lengths of the parts before k (the empty items add none),
    # i.e. its compact offset.
    sources = list(map(add, flat, compress(count(start), items)))
    return flat_text, Offsets(flat, sources, len(flat_text))


def _compact_parts(text: str, start: int, parts: list[str]) -> Compact:
    """compact_text of the text from `start` whose whitespace-separated `parts` are given
    (`str.split()` cuts at the whitespace `\\s` matches: both test str.isspace). Each part is found
    with str.find from where the one before it ends: the text between is whitespace, where no part
    (whose first character is not one) can begin."""
    sources = []
    at, find = start, text.find
    for part in parts:
        at = find(part, at)
        sources.append(at)
        at += len(part)
    flat = list(accumulate(map(len, parts[:-1]), initial=0)) if parts else []  # each part's compact offset
    flat_text = "".join(parts)
    return flat_text, Offsets(flat, sources, len(flat_text))


def find_anchors(
    region: Region, table: TableDef, seen: dict[str, int] | None = None, dropped: list[Anchor] | None = None
) -> list[Anchor]:
    """Row labels in the region, in text order, overlaps and header lines removed.

    `seen` carries the rows already found in earlier pieces of the same table (a table the
    conversion cut in two) and is updated with this region's rows; `dropped`, when given, receives
    the labels removed as parts of header lines (for the trace)."""
    flat, offsets = compact(region)
    if not flat:
        return []
    found: list[tuple[int, int, int, RowDef]] = []  # start, minus length, order found, row
    for label in table.rows:
        if label.literal is not None:  # plain text: its non-overlapping places, as finditer gives
            size = len(label.literal)
            at = flat.find(label.literal)
            while at != -1:
                found.append((at, -size, len(found), label))
                at = flat.find(label.literal, at + size)
            continue
        for start, end in find_spans(label.pattern, label.behind, flat):
            if end > start:
                found.append((start, start - end, len(found), label))
    found.sort()  # by start, the longest first, else in the order found (never by row)
    anchors: list[Anchor] = []
    seen = {} if seen is None else seen  # row id -> text offset of its first anchor
    last_end = -1
    starts, text, lines = region.line_starts(), region.text, region.lines
    for (start, minus), same in groupby(found, key=_PLACE):  # the rows whose labels match here
        if start < last_end:
            continue
        rows = [f[3] for f in same]
        row = rows[0] if len(rows) == 1 else _choose(rows, seen)
        if row is None or (row.after and not any(a in seen for a in row.after)):
            continue
        end = start - minus
        text_start, text_end = offsets.span(start, end)
        if anchors and anchors[-1].row is row and _only_label_between(text, anchors[-1].end, text_start):
            # two key phrases of one label ("没有现成信息" … "需要另行制作"): one anchor
            anchors[-1] = Anchor(row, anchors[-1].start, text_end, anchors[-1].line, anchors[-1].key)
            last_end = end
            continue
        line = max(bisect_right(starts, text_start) - 1, 0)  # as region.line_index
        label_start = _label_start(text, text_start, lines[line].start, row)
        anchors.append(tuple_new(Anchor, (row, label_start, text_end, line, text_start)))
        seen.setdefault(row.id, text_start)
        last_end = end
    headers = _header_lines(region, table, anchors)
    if not headers:  # most tables repeat no header among their rows
        return anchors
    if dropped is not None:
        dropped.extend(a for a in anchors if a.line in headers)
    return [a for a in anchors if a.line not in headers]


def _only_label_between(text: str, start: int, end: int) -> bool:
    return not any(c in _NOT_LABEL for c in text[start:end])


def _choose(rows: list[RowDef], seen: dict[str, int]) -> RowDef | None:
    """Among rows sharing a label, the one whose parent (`under`) was found last."""
    placed = [(seen.get(r.under or "", -1), r) for r in rows]
    best = max(placed, key=lambda p: p[0])
    return best[1] if best[0] >= 0 else None


def _label_start(text: str, start: int, line_start: int, row: RowDef) -> int:
    """Move back from a key phrase over the rest of its label and its numbering ("2.", "1、")."""
    i = start
    while i > line_start and text[i - 1] not in _NOT_LABEL:
        i -= 1
    if i < len(text) and text[i] in _NUMBERING_MARKS and i > line_start and text[i - 1].isdigit():
        if row.number and text[max(i - len(row.number), line_start) : i] == row.number:
            return i - len(row.number)
        if not row.number:
            j = i - 1
            if (
                j > line_start
                and text[j - 1].isdigit()
                and not (j - 1 > line_start and text[j - 2].isdigit())
            ):
                j -= 1  # "12." numbering when not glued to other digits
            return j
    return i


def _header_lines(region: Region, table: TableDef, anchors: list[Anchor]) -> set[int]:
    """The lines that are header lines: a separated line naming several rows or columns and
    holding no number (converters repeat headers mid-table); its labels are not rows."""
    by_line: dict[int, list[Anchor]] = {}
    lines = region.lines
    for a in anchors:
        line = lines[a.line]
        if not line.explicit:
            continue  # a line of running text is no header line
        last = line.pieces[-1].text  # (a separated line has cells)
        if last and parse_value(last).is_number:
            continue  # a line with a number is a row: most are, their number last (looked at first)
        by_line.setdefault(a.line, []).append(a)
    headers: set[int] = set()
    for index, found in by_line.items():
        line = lines[index]
        if len(found) < 2 and not table.header_words:
            continue  # one label and no header words to count: a row, whatever it holds
        if any(p.text and parse_value(p.text).is_number for p in line.pieces):  # (empty: blank)
            continue  # a line with a number is a row
        # a group label and its first row on one line ("三、本年度办理结果 | (一)予以公开 | …")
        # is a table row, even with every cell blank (an unfilled template)
        words = sum(1 for a in found if not (a.row.group or a.row.group_if_followed_by))
        if words < 2 and table.header_words:
            pattern = table.header_words
            labelled = _cells_holding(line.pieces, [a.key for a in found])  # (no header words there)
            for n, p in enumerate(line.pieces):
                if words >= 2:
                    break  # a header line: the other cells need not be looked at
                if n not in labelled and pattern.search(p.text):
                    words += 1
        if words >= 2:
            headers.add(index)
    return headers


def _cells_holding(pieces: tuple[Tok, ...], offsets: list[int]) -> set[int]:
    """The indexes of the cells that hold one of the text offsets: for each, the last cell
    starting at or before it, if it ends after it (a line's cells are apart and in order)."""
    held = set()
    for at in offsets:
        n = bisect_right(pieces, at, key=TOK_START) - 1
        if n >= 0 and at < pieces[n].end:
            held.add(n)
    return held


def compact_joined(text: str, first: tuple[int, int, Compact], second: tuple[int, int, Compact]) -> Compact:
    """compact_text(text, a, d) of two spans (a, b) and (c, d), b <= c, each given with its compact
    text: theirs and that of the text between, put together (a table the grammar cut in two is
    compacted once, not again whole). Worked out anew when a join cuts a run of non-whitespace:
    its part would be two."""
    (a, b, left), (c, d, right) = first, second
    if any(a < j < d and not text[j - 1].isspace() and not text[j].isspace() for j in (b, c)):
        return compact_text(text, a, d)
    flat, starts, sources = "", [], []
    for piece, offsets in (left, compact_text(text, b, c), right):
        starts += [s + len(flat) for s in offsets._starts]
        sources += offsets._sources
        flat += piece
    return flat, Offsets(starts, sources, len(flat))
