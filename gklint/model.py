"""Plain data shared by every layer: spans, positions, cell values, cells, problems, diagnostics.

Everything here is a frozen dataclass with no behaviour beyond small derived properties, so any
layer can import it without pulling in another layer. The classes a checked file's result is
made of (kept by the parent for every file of a run) have slots: a fifth less memory. Offsets index the *normalised* text of a
`Source`; only `read.posmap` turns them into the line and column a user sees.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Literal, cast

Era = str  # a format id of gklint/registry.py ("A", "B", "C", …), or "unknown"
Severity = Literal["error", "warning", "info"]
Number = int | Decimal


def number_text(number: Number | Decimal | None) -> str:
    """How a number appears in a message: integers without ".0", decimals as written."""
    if number is None:
        return "（空）"
    if isinstance(number, Decimal):
        normal = number.normalize()
        return str(int(normal)) if normal == normal.to_integral_value() else format(normal, "f")
    return str(number)


@dataclass(frozen=True, order=True, slots=True, init=False)
class Span:
    """Half-open range [start, end) of offsets into the normalised text."""

    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        # Frozen: the fields are set through their slots, as the generated __init__ does through
        # object.__setattr__, but at half its cost (a report makes thousands of spans).
        _SPAN_START(self, start)
        _SPAN_END(self, end)

    def __reduce__(self) -> tuple[type[Span], tuple[int, int]]:
        # unpickled by the constructor: the dataclass's own state methods look up its fields
        # for every object (a series entry holds thousands: twice as slow to load)
        return (Span, (self.start, self.end))


def _slot_setters(cls: type, *names: str) -> tuple[Callable[[object, object], None], ...]:
    """What sets each field's slot, bypassing the frozen class's __setattr__ (as object.__setattr__)."""
    return tuple(cls.__dict__[name].__set__ for name in names)


_SPAN_START, _SPAN_END = _slot_setters(Span, "start", "end")


@dataclass(frozen=True, order=True, slots=True)
class Position:
    """1-based line and column (in code points) in the file as the user sees it."""

    line: int
    column: int

    def __reduce__(self) -> tuple[type[Position], tuple[int, int]]:
        return (Position, (self.line, self.column))  # as Span's


ValueKind = Literal["number", "blank", "placeholder", "text"]


@dataclass(frozen=True)
class Value:
    """What a table cell says.

    `number` is set only for kind "number". A blank cell is never zero; a placeholder ("/",
    "——") and text where a number belongs ("无") keep their raw text so rules can name them.
    """

    kind: ValueKind
    raw: str
    number: Number | None = None
    unit: str | None = None
    note: str | None = None
    signed: bool = False

    @property
    def is_number(self) -> bool:
        return self.kind == "number"


@dataclass(frozen=True, slots=True, init=False)
class Cell:
    """One canonical cell (ids as in shared/spec/cells.md) with where it was read."""

    id: str
    value: Value
    span: Span

    def __init__(self, id: str, value: Value, span: Span) -> None:  # noqa: A002 - the field's name
        _CELL_ID(self, id)  # as Span's: hundreds of cells are made per report
        _CELL_VALUE(self, value)
        _CELL_SPAN(self, span)

    def __reduce__(self) -> tuple[type[Cell], tuple[str, Value, Span]]:
        return (Cell, (self.id, self.value, self.span))  # as Span's


_CELL_ID, _CELL_VALUE, _CELL_SPAN = _slot_setters(Cell, "id", "value", "span")
_new = object.__new__


def cell_at(id: str, value: Value, start: int, end: int) -> Cell:  # noqa: A002 - as Cell's
    """Cell(id, value, Span(start, end)) made in one call, not two constructors' (the tables
    layer makes a few hundred cells a report)."""
    span = _new(Span)
    _SPAN_START(span, start)
    _SPAN_END(span, end)
    cell = _new(Cell)
    _CELL_ID(cell, id)
    _CELL_VALUE(cell, value)
    _CELL_SPAN(cell, span)
    return cell


@dataclass(frozen=True)
class Problem:
    """Something the reader, parser or table extractor could not do with confidence.

    Problems are findings about the input, never exceptions. `code` is a stable ASCII key
    (e.g. "row-unaligned"); the user's message is rendered from `messages.yaml` with `args`,
    so no Chinese text is written in code.
    """

    code: str
    span: Span | None = None
    args: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @staticmethod
    def make(code: str, span: Span | None = None, **args: object) -> Problem:
        return Problem(code, span, tuple((k, str(v)) for k, v in args.items()))


Outcome = Literal["fail", "not-assessable", "internal"]


@dataclass(frozen=True, slots=True)
class CellRef:
    """A cell a diagnostic is about: its id, reader's name, what it says, and where."""

    id: str
    name: str
    raw: str | None  # None: the cell is not in the report
    number: Number | None
    span: Span | None

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (_cell_ref, (self.id, self.name, self.raw, self.number, self.span))


@dataclass(frozen=True, slots=True)
class Fix:
    """A suggestion: change one cell to this value and the failing equations all hold."""

    cell: str
    name: str
    value: Number
    equations: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of one rule, positioned by offsets (the runner adds lines and columns)."""

    code: str
    name: str
    severity: Severity
    message: str
    span: Span | None
    cells: tuple[CellRef, ...] = ()
    outcome: Outcome = "fail"
    difference: Number | None = None
    fix: Fix | None = None
    hint: str | None = None
    expected: Number | None = None  # the value of the cell pointed at that would make it hold

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (_diagnostic, tuple(getattr(self, f) for f in self.__dataclass_fields__))


@dataclass(frozen=True)
class RuleDoc:
    """A rule's documentation (`gklint rule`, the HTML report, docs/rules)."""

    what: str
    why: str
    bad: str
    good: str
    references: tuple[str, ...] = ()
    previous: str = ""  # cross-year rules: the previous year's report the examples are compared with


@dataclass(frozen=True)
class RuleMeta:
    """What a rule is, for listings, documentation and SARIF."""

    code: str
    name: str
    severity: Severity
    eras: tuple[str, ...]
    title: str
    kind: str
    doc: RuleDoc
    path: str = ""
    status: str = "stable"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlacedCell:
    """A cell of a finding with the position the user sees."""

    ref: CellRef
    start: Position | None

    def __reduce__(self) -> tuple[type[PlacedCell], tuple[CellRef, Position | None]]:
        return (PlacedCell, (self.ref, self.start))  # as Span's


EXCERPT_MARGIN = 30  # characters of a finding's source line kept on each side of the place it marks


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic placed in its file: positions, an excerpt of the source line around the place
    it marks (a bounded window, so that a report with many findings on one long line does not
    hold a copy of the line per finding), and (for documents that are not plain text) where to
    find it ("第12段", "表2 第3行")."""

    diagnostic: Diagnostic
    start: Position | None
    end: Position | None
    line_text: str  # the excerpt: the line from character `line_from` (0-based) on
    cells: tuple[PlacedCell, ...] = ()
    location: str | None = None
    line_from: int = 0
    line_more: bool = False  # whether the line goes on after the excerpt
    # A text finding's fingerprints are made from its whole line (report/fingerprint.py); the line
    # is not kept, so they are made when it is placed: its group (rule, file, line) and the
    # fingerprint of its 1st, 2nd, … occurrence in the file.
    line_key: str | None = None
    line_prints: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        # as Span's: a report's findings are pickled twice in its worker (the result cache, the
        # way to the parent) and loaded in the parent; dataclasses' state methods took 1.6 times
        # as long
        return (Finding, _FINDING_FIELDS(self))


_FINDING_FIELDS = attrgetter(*Finding.__dataclass_fields__)


@dataclass(frozen=True)
class CellView:
    """A table cell as a renderer shows it."""

    id: str
    column: str  # the column head as printed (自然人, 总计 …)
    raw: str
    number: Number | None
    start: Position | None


@dataclass(frozen=True)
class RowView:
    """A table row as the HTML report shows it."""

    label: str  # the official row label
    cells: tuple[CellView, ...]


@dataclass(frozen=True)
class TableView:
    """A recognised table, rows in the official order, for renderers that draw tables."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[RowView, ...]


@dataclass(frozen=True)
class Placed:
    """Where a span of one report stands, for findings made after the report's source is gone
    (the cross-year post-pass): its positions and the place in a converted document."""

    span: Span
    start: Position
    end: Position
    location: str | None = None


@dataclass(frozen=True)
class SeriesCell:
    """A table cell carried for the cross-year rules: `cum.` ids are 历年累计 figures."""

    id: str
    kind: ValueKind
    raw: str
    number: Number | None
    at: Placed


@dataclass(frozen=True)
class SeriesSentence:
    """A sentence of the narrative (tables left out), whitespace removed, for copied text."""

    text: str
    at: Placed


@dataclass(frozen=True)
class SeriesData:
    """What the cross-year post-pass needs of one report: small, plain and picklable, so that a
    worker process can hand it back with the report's findings."""

    agency: str | None
    year: int | None
    era: str
    tables: tuple[str, ...]
    cells: tuple[SeriesCell, ...]
    sentences: tuple[SeriesSentence, ...]
    lines: tuple[tuple[int, str], ...]  # (number, text) of the lines the cells and sentences stand on
    title: str = ""
    agency_at: Placed | None = None


@dataclass(frozen=True, slots=True)
class SeriesKey:
    """What a batch's pairing needs of one report in the parent, while its SeriesData waits in
    the series store (gklint/series/store.py): a few hundred bytes instead of tens of KB."""

    agency: str | None
    year: int | None
    figures: str  # digest of the cells' (id, raw): equal digests, equal figures
    content: str  # digest of the SeriesData and the failures the copied-text rule looks at
    sentences: int  # how many; none: no shingles, an overlap of 0


@dataclass(frozen=True, slots=True)
class FileReport:
    """Everything the renderers need about one checked file, as plain data."""

    path: str
    findings: tuple[Finding, ...] = ()
    era: str | None = None
    year: int | None = None
    agency: str | None = None
    error: str | None = None
    error_line: int | None = None
    period: str | None = None  # the statistics period as written
    text: str | None = None  # the report as the user sees it (kept only for renderers that show it)
    tables: tuple[TableView, ...] = ()
    series: SeriesData | None = None  # kept only when reports are checked as a series
    previous: str | None = None  # the same body's earlier report it was compared with (series)
    skipped: str | None = None  # found in a folder but of a kind gklint cannot read (.doc, images): why
    config: bool = False  # a configuration file (unused suppressions), not a report
    series_key: SeriesKey | None = None  # a batch's series: its data is in the series store

    @property
    def checked(self) -> bool:
        """A report gklint tried to check (readable or not): what "检查了 N 个文件" counts."""
        return self.skipped is None and not self.config

    def __reduce__(self) -> tuple[type[FileReport], tuple[object, ...]]:
        return (FileReport, _REPORT_FIELDS(self))  # as Finding's


_REPORT_FIELDS = attrgetter(*FileReport.__dataclass_fields__)


OriginKind = Literal["paragraph", "line", "row"]


@dataclass(frozen=True)
class Origin:
    """Where one line of a converted document (.docx, web page, PDF) comes from.

    A .txt report has no origins: its lines are the user's lines. For other containers the reader
    renders paragraphs and table rows as lines (cells separated by tabs) and records, for each
    line, the place a user can find in the original: a paragraph (Word, web page), a line of a
    page (PDF), or a table row. `columns` gives, for each tab-separated cell of a row, its column
    in the table's grid (1-based), so merged cells still point at the column the user sees.
    """

    kind: OriginKind
    number: int  # paragraph number; line number within the page; row number within the table
    table: int = 0  # 1-based table number in the document (rows only)
    page: int = 0  # 1-based page (PDF only); 0 = not knowable
    columns: tuple[int, ...] = ()


@dataclass(frozen=True)
class Location:
    """One offset's place in the original document: an Origin narrowed to one cell."""

    kind: OriginKind
    number: int
    table: int = 0
    page: int = 0
    column: int = 0  # rows only; 0 = not in a cell (e.g. past the last tab)


# A run's results come to the parent process pickled, each file's apart: without interning, every
# finding would bring its own copy of the rule's code, name and hint and of its cells' ids and names.
def _cell_ref(id: str, name: str, raw: str | None, number: Number | None, span: Span | None) -> CellRef:
    return CellRef(sys.intern(id), sys.intern(name), raw, number, span)


def _diagnostic(code: str, name: str, severity: Severity, message: str, *rest: object) -> Diagnostic:
    span, cells, outcome, difference, fix, hint, expected = rest
    return Diagnostic(
        sys.intern(code),
        sys.intern(name),
        sys.intern(severity),  # type: ignore[arg-type]
        message,
        span,  # type: ignore[arg-type]
        cells,  # type: ignore[arg-type]
        sys.intern(cast(str, outcome)),  # type: ignore[arg-type]
        difference,  # type: ignore[arg-type]
        fix,  # type: ignore[arg-type]
        sys.intern(hint) if isinstance(hint, str) else None,
        expected,  # type: ignore[arg-type]
    )
