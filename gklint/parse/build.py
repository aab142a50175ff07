"""Lark parse tree → our AST (parse/ast.py). One Transformer method per grammar rule."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lark import Token, Transformer

from gklint.model import Span
from gklint.parse.ast import AttachmentLine, DateLine, Line, Node, Paragraph, Section, Table

# The numbering at the start of a heading line, per level (terminals H1…H5 of report.lark).
_NUMBER = {
    1: re.compile(r"\s*([一二三四五六七八九十]{1,3})[、.]\s*"),
    2: re.compile(r"\s*\(([一二三四五六七八九十]{1,3})\)\s*"),
    3: re.compile(r"\s*(\d{1,2})[、.]\s*"),
    4: re.compile(r"\s*\(?(\d{1,2}|[①-⑳])\)?\s*"),
    5: re.compile(r"\s*([一二三四五六七八九十]是)\s*"),
}
_NUMBER_FORMAT = {1: "{}", 2: "({})", 3: "{}", 4: "({})", 5: "{}"}
# Where a heading's title ends when the paragraph runs on in the same line.
_TITLE_END = re.compile(r"[。;:!?]|\d{4}年|(?<=情况)(?=[^\s,、的])")
_TITLE_MAX = 40
_LINE_KINDS = {"TEXT": "text", "DATE": "date", "ATTACH": "attach"}


def _line(token: Token, kind: str) -> Line:
    return Line(kind, str(token), Span(token.start_pos, token.end_pos))  # type: ignore[arg-type]


class ToAst(Transformer[Token, list[Node]]):
    """Builds Sections, Tables, Paragraphs, DateLines and AttachmentLines."""

    def line(self, children: list[Token]) -> Line | DateLine | AttachmentLine:
        token = children[0]
        line = _line(token, _LINE_KINDS[token.type])
        if line.kind == "date":
            return DateLine(line)
        if line.kind == "attach":
            return AttachmentLine(line)
        return line

    def table(self, children: list[Token]) -> Table:
        return Table(tuple(_line(t, "table") for t in children))

    def document(self, children: list[object]) -> list[Node]:
        return group_paragraphs(children)

    def section1(self, children: list[object]) -> Section:
        return _section(1, children)

    def section2(self, children: list[object]) -> Section:
        return _section(2, children)

    def section3(self, children: list[object]) -> Section:
        return _section(3, children)

    def section4(self, children: list[object]) -> Section:
        return _section(4, children)

    def section5(self, children: list[object]) -> Section:
        return _section(5, children)


def _section(level: int, children: list[object]) -> Section:
    token = children[0]
    assert isinstance(token, Token)
    heading = _line(token, "text")
    number, title = split_heading(level, heading.text)
    return Section(level, number, title, heading, tuple(group_paragraphs(children[1:])))


def split_heading(level: int, text: str) -> tuple[str, str]:
    """The heading's number (normalised) and a short title, cut where run-on text begins."""
    m = _NUMBER[level].match(text)
    if not m:
        return "", text.strip()[:_TITLE_MAX]
    number = _NUMBER_FORMAT[level].format(m.group(1))
    rest = text[m.end() :].strip()
    end = _TITLE_END.search(rest)
    title = rest[: end.start()] if end and end.start() > 0 else rest
    return number, title[:_TITLE_MAX].strip()


def group_paragraphs(items: Iterable[object]) -> list[Node]:
    """Join consecutive text lines (no blank line between them) into Paragraphs, and tables
    that follow each other directly into one Table."""
    nodes: list[Node] = []
    run: list[Line] = []
    table: list[Line] = []  # the lines of tables that follow each other (joined once: linear)

    def flush() -> None:
        if run:
            nodes.append(Paragraph(tuple(run)))
            run.clear()
        if table:
            nodes.append(Table(tuple(table)))
            table.clear()

    for item in items:
        if isinstance(item, Line):
            if table or (run and item.span.start - run[-1].span.end > 1):
                flush()
            run.append(item)
            continue
        assert isinstance(item, (Paragraph, Table, DateLine, AttachmentLine, Section))
        if isinstance(item, Table) and not run:
            table.extend(item.lines)  # one table, cut by a header line
            continue
        flush()
        if isinstance(item, Table):
            table.extend(item.lines)
        else:
            nodes.append(item)
    flush()
    return nodes
