"""The report's syntax tree: our own frozen dataclasses, each with a Span into the normalised text.

No Lark type crosses out of the parse layer; `build.py` turns Lark's tree into these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from gklint.model import Span, _slot_setters

LineKind = Literal["text", "date", "attach", "table"]


@dataclass(frozen=True, slots=True, init=False)
class Line:
    """One line of the normalised text (without its line break)."""

    kind: LineKind
    text: str
    span: Span

    def __init__(self, kind: LineKind, text: str, span: Span) -> None:
        _LINE_KIND(self, kind)  # as model.Span's: a report has hundreds of lines
        _LINE_TEXT(self, text)
        _LINE_SPAN(self, span)


_LINE_KIND, _LINE_TEXT, _LINE_SPAN = _slot_setters(Line, "kind", "text", "span")


def lines_of(text: str, start: int, kind: LineKind) -> list[Line]:
    """The lines of `text` (at offset `start` of the normalised text), without the blank lines
    (spaces only: a line of tabs is a row of blank cells)."""
    at = start
    lines = []
    for piece in text.split("\n"):
        if piece.strip(" "):
            lines.append(Line(kind, piece, Span(at, at + len(piece))))
        at += len(piece) + 1
    return lines


@dataclass(frozen=True)
class Paragraph:
    """Consecutive text lines with no blank line between them."""

    lines: tuple[Line, ...]

    @property
    def span(self) -> Span:
        return Span(self.lines[0].span.start, self.lines[-1].span.end)


@dataclass(frozen=True)
class Table:
    """A run of table lines, from its first header or anchor line to the last line it claims.

    It keeps its lines' text, as the lexer's tokens hold it (with the blank lines between and
    after them), and makes their Lines when they are read: a report's tables are most of its
    lines, and the tables layer reads their text again, the rules only their spans."""

    start: int  # the offset of `text` (its first line's) in the normalised text
    text: str = field(repr=False)

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        return tuple(lines_of(self.text, self.start, "table"))

    @cached_property
    def span(self) -> Span:
        """From the first line's start to the last line's end (as `lines`, without making them):
        a blank line is spaces only."""
        text = self.text
        first = text.rfind("\n", 0, len(text) - len(text.lstrip(" \n"))) + 1
        last = text.find("\n", len(text.rstrip(" \n")))
        return Span(self.start + first, self.start + (last if last >= 0 else len(text)))


@dataclass(frozen=True)
class DateLine:
    """A line holding only a date (signatures, publication dates)."""

    line: Line

    @property
    def span(self) -> Span:
        return self.line.span


@dataclass(frozen=True)
class AttachmentLine:
    """A line announcing an attachment ("附件：…统计表")."""

    line: Line

    @property
    def span(self) -> Span:
        return self.line.span


@dataclass(frozen=True)
class Section:
    """A numbered heading and what follows it up to the next heading of the same or a higher level."""

    level: int  # 1 一、  2 (一)  3 1.  4 (1)  5 一是
    number: str  # as written, normalised: "一", "(一)", "1", "(1)", "一是"
    title: str
    heading: Line
    children: tuple[Node, ...] = ()

    @property
    def span(self) -> Span:
        end = self.children[-1].span.end if self.children else self.heading.span.end
        return Span(self.heading.span.start, end)


Node = Paragraph | Table | DateLine | AttachmentLine | Section


@dataclass(frozen=True)
class Signature:
    """The issuing body and date under the narrative."""

    agency: Line | None
    date: Line


@dataclass(frozen=True)
class Report:
    """The whole report: title lines, preamble, top-level nodes, and the signature if found."""

    title: tuple[Line, ...]
    body: tuple[Node, ...]  # preamble nodes and sections, in document order
    signature: Signature | None = None
    text: str = field(default="", repr=False)  # the normalised text the spans index

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        return tuple(n for n in self.body if isinstance(n, Section))  # (read by several rules)

    @property
    def preamble(self) -> tuple[Node, ...]:
        return tuple(n for n in self.body if not isinstance(n, Section))


def walk(nodes: tuple[Node, ...]) -> list[Node]:
    """Every node in document order, sections before their children."""
    out: list[Node] = []
    for node in nodes:
        out.append(node)
        if isinstance(node, Section):
            out.extend(walk(node.children))
    return out


def tables(report: Report) -> list[Table]:
    return [n for n in walk(report.body) if isinstance(n, Table)]
