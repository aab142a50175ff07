"""Lark parse tree → our AST (parse/ast.py). One Transformer method per grammar rule."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lark import Token, Transformer

from gklint.model import Span
from gklint.parse.ast import AttachmentLine, DateLine, Line, Node, Paragraph, Section, Table, lines_of

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
# How far past a title's longest a match of _TITLE_END that starts within it may look ("2020年"):
# an end beyond the longest title cuts nothing, so the run-on text after it is not searched.
_TITLE_END_REACH = 5


def _line(token: Token, kind: str) -> Line:
    """The line a token holds, without the line break and blank lines the token ends with."""
    text = token.value
    text = text[: text.index("\n")]
    start: int = token.start_pos  # type: ignore[assignment]
    return Line(kind, text, Span(start, start + len(text)))  # type: ignore[arg-type]


def _lines(token: Token, kind: str) -> list[Line]:
    """The lines of a run token (lexer.py: lines of one kind that follow each other), without the
    blank lines between them (spaces only: a line of tabs is a row of blank cells)."""
    return lines_of(token.value, token.start_pos, kind)  # type: ignore[arg-type]


class _Inlined:
    """A rule's children, for the rule that inlines them (all Lark reads of its Tree there)."""

    __slots__ = ("children",)

    def __init__(self, children: list[object]) -> None:
        self.children = children


class ToAst(Transformer[Token, list[Node]]):
    """Builds Lines, Sections, Tables, Paragraphs, DateLines and AttachmentLines.

    The methods named after terminals turn each line token into a Line as the parser shifts it
    (the grammar has no rule per line: a rule would cost a reduction per line); a token of a
    run of text lines into the list of its Lines. A table's tokens are kept as they are: a Table
    holds its lines' text (see ast.Table)."""

    def __default__(self, data: str, children: list[object], meta: object) -> _Inlined:
        # the rules without a method here are repetitions (and _subN), inlined into the rule that
        # holds them, which reads only their children: no Lark Tree is made (~25 a report)
        return _Inlined(children)

    def TEXT(self, token: Token) -> list[Line]:  # noqa: N802 (Lark calls terminal methods by name)
        return _lines(token, "text")

    def DATE(self, token: Token) -> DateLine:  # noqa: N802
        return DateLine(_line(token, "date"))

    def ATTACH(self, token: Token) -> AttachmentLine:  # noqa: N802
        return AttachmentLine(_line(token, "attach"))

    def _heading(self, token: Token) -> list[Line]:
        return _lines(token, "text")  # the heading's line and the paragraph under it (lexer.py)

    H1 = H2 = H3 = H4 = H5 = _heading

    def table(self, children: list[Token]) -> Table:
        # (the tokens follow each other in the text: their text is the table's; joined as the
        # plain strings they hold, one token's is kept, not copied)
        return Table(children[0].start_pos, "".join([token.value for token in children]))  # type: ignore[arg-type]

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
    lines = children[0]
    assert isinstance(lines, list)
    heading, paragraph = lines[0], lines[1:]  # (the heading's token: lexer.py)
    number, title = split_heading(level, heading.text)
    items = [paragraph, *children[1:]] if paragraph else children[1:]
    # (a third of the sections are their heading alone: nothing to group)
    return Section(level, number, title, heading, tuple(group_paragraphs(items)) if items else ())


def split_heading(level: int, text: str) -> tuple[str, str]:
    """The heading's number (normalised) and a short title, cut where run-on text begins."""
    m = _NUMBER[level].match(text)
    if not m:
        return "", text.strip()[:_TITLE_MAX]
    number = _NUMBER_FORMAT[level].format(m.group(1))
    rest = text[m.end() :].strip()
    end = _TITLE_END.search(rest, 0, _TITLE_MAX + _TITLE_END_REACH)
    title = rest[: end.start()] if end and end.start() > 0 else rest
    return number, title[:_TITLE_MAX].strip()


def group_paragraphs(items: Iterable[object]) -> list[Node]:
    """Join text lines that follow each other (no blank line between them) into Paragraphs, and
    tables that follow each other directly into one Table. Text lines come in runs (lists)."""
    nodes: list[Node] = []
    paragraph: list[Line] = []
    table: list[Table] = []  # tables that follow each other (in the text too: joined once, linear)

    def flush() -> None:
        if paragraph:
            nodes.append(Paragraph(tuple(paragraph)))
            paragraph.clear()
        if table:
            nodes.append(
                table[0] if len(table) == 1 else Table(table[0].start, "".join(t.text for t in table))
            )
            table.clear()

    for item in items:
        if isinstance(item, list):
            if table:
                flush()
            for line in item:
                if paragraph and line.span.start - paragraph[-1].span.end > 1:
                    flush()
                paragraph.append(line)
            continue
        assert isinstance(item, (Table, DateLine, AttachmentLine, Section))
        if isinstance(item, Table) and not paragraph:
            table.append(item)  # one table, cut by a header line
            continue
        flush()
        if isinstance(item, Table):
            table.append(item)
        else:
            nodes.append(item)
    flush()
    return nodes
