"""A run token's lines, cut by splitting at line breaks, are the lines the regex found.

parse/build.py cut a run token (lexer.py: lines of one kind that follow each other) with
`^[ ]*+[^ \\n][^\\n]*` (MULTILINE); it now splits at "\\n" and drops lines of spaces only.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from lark import Token

from gklint.model import Span
from gklint.parse.ast import Line, Table
from gklint.parse.build import _lines

_OLD_LINE = re.compile(r"^[ ]*+[^ \n][^\n]*", re.M)


def _old_lines(token: Token, kind: str) -> list[Line]:
    base = token.start_pos
    assert base is not None
    return [Line(kind, m.group(), Span(base + m.start(), base + m.end())) for m in _OLD_LINE.finditer(token)]  # type: ignore[arg-type]


@given(
    st.lists(st.sampled_from(["\n", " ", "\t", "a", "统计", "  \n", "|"]), max_size=40), st.integers(0, 99)
)
def test_same_lines_as_the_regex(pieces: list[str], start: int) -> None:
    token = Token("TEXT", "".join(pieces) + "\n", start)
    assert _lines(token, "text") == _old_lines(token, "text")


def test_blank_lines_between_are_dropped_and_tabs_kept() -> None:
    token = Token("CELLS", "a\t1\n  \n\t\t\n", 10)
    assert _lines(token, "table") == [
        Line("table", "a\t1", Span(10, 13)),
        Line("table", "\t\t", Span(17, 19)),
    ]


@given(
    st.lists(st.sampled_from(["\n", " ", "\t", "a", "统计", "  \n", "|"]), max_size=40), st.integers(0, 99)
)
def test_a_tables_span_is_its_first_and_last_lines_without_making_them(pieces: list[str], start: int) -> None:
    text = "".join(pieces) + "\n"
    lines = _lines(Token("CELLS", text, start), "table")
    if lines:  # (a table's token always opens with a line that is not blank)
        table = Table(start, text)
        assert table.span == Span(lines[0].span.start, lines[-1].span.end)
        assert list(table.lines) == lines
