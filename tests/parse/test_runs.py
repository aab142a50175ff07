"""The parse made faster, the AST unchanged: runs of lines as one token (parse/lexer.py), each
`_subN` rule listing the deeper section levels (it named the next `_sub` rule) and left out
when a section has no subsections (it derived the empty string)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark, UnexpectedInput

from gklint.parse.build import ToAst
from gklint.parse.grammar import report_grammar, report_parser
from gklint.parse.lexer import LineLexer
from gklint.read import read_path, read_text
from tests.robustness.test_properties import PIECES
from tests.support import synth

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reports"


RULES = """document: (TEXT | DATE | ATTACH | table)* _sub1? section1*

section1: H1 (TEXT | DATE | ATTACH | table)* _sub1?
section2: H2 (TEXT | DATE | ATTACH | table)* _sub2?
section3: H3 (TEXT | DATE | ATTACH | table)* _sub3?
section4: H4 (TEXT | DATE | ATTACH | table)* _sub4?
section5: H5 (TEXT | DATE | ATTACH | table)*

_sub1: section5+ section4* section3* section2* | section4+ section3* section2* | section3+ section2* | section2+
_sub2: section5+ section4* section3* | section4+ section3* | section3+
_sub3: section5+ section4* | section4+
_sub4: section5+
"""
# As they were: each `_sub` naming the next, and deriving the empty string (a reduction at the
# end of every section, even one without subsections).
OLD_RULES = """document: (TEXT | DATE | ATTACH | table)* _sub1 section1*

section1: H1 (TEXT | DATE | ATTACH | table)* _sub1
section2: H2 (TEXT | DATE | ATTACH | table)* _sub2
section3: H3 (TEXT | DATE | ATTACH | table)* _sub3
section4: H4 (TEXT | DATE | ATTACH | table)* _sub4
section5: H5 (TEXT | DATE | ATTACH | table)*

_sub1: _sub2 section2*
_sub2: _sub3 section3*
_sub3: _sub4 section4*
_sub4: section5*
"""


@cache
def _line_by_line() -> Lark:
    """The report grammar as it was: a token per line (no runs), each `_sub` naming the next and
    deriving the empty string."""
    grammar = report_grammar()
    assert RULES in grammar
    return Lark(
        grammar.replace(RULES, OLD_RULES),
        parser="lalr",
        lexer=LineLexer,
        maybe_placeholders=False,
        transformer=ToAst(),
    )


def _parse(parser: Lark, text: str) -> object:
    try:
        return parser.parse(text if text.endswith("\n") else text + "\n")
    except UnexpectedInput as e:
        return ("failed", e.pos_in_stream)


def _assert_same(text: str) -> None:
    assert _parse(report_parser(), text) == _parse(_line_by_line(), text)


def test_runs_give_the_ast_of_a_token_per_line_on_every_synthetic_layout() -> None:
    for era, layouts in synth.LAYOUTS.items():
        for layout in layouts:
            year = {"A": 2017, "B": 2020, "C": 2022}[era]
            spec = synth.Spec(era=era, year=year, layout=layout, cells=synth.default_cells(era, 3))
            _assert_same(read_text(synth.render(spec)).text)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_runs_give_the_ast_of_a_token_per_line_on_real_reports(path: Path) -> None:
    _assert_same(read_path(path).text)


_HEADINGS = ["(1)", "①", "3、", "4.", "二是"]
_LINES = st.lists(st.sampled_from(PIECES + _HEADINGS) | st.text(max_size=8), max_size=12).map("".join)


@settings(max_examples=300)
@given(st.lists(_LINES, max_size=40).map("\n".join))
def test_runs_give_the_ast_of_a_token_per_line_on_report_like_text(text: str) -> None:
    _assert_same(read_text(text).text)


# One line of each kind, in any order: headings of every level before and after each other.
_KINDS = ["一、总体情况", "(二)主动公开", "3.网站", "(4)其他", "五是加强", "文字。", "短", "", "  "]
_KINDS += ["统计表", "1\t2\t3", "本年新收 3", "三、本年度办理结果", "2023年1月1日", "附件:统计表"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_KINDS), max_size=30).map("\n".join))
def test_runs_give_the_ast_of_a_token_per_line_in_any_order_of_lines(text: str) -> None:
    _assert_same(text)


def test_a_group_followed_by_different_terminals_is_refused() -> None:
    class Lexer(LineLexer):
        runs = (frozenset({"A", "B"}),)

    grammar = "start: (A | B C)*\nA: /a\\n/\nB: /b\\n/\nC: /c\\n/\n"
    parser = Lark(grammar, parser="lalr", lexer=Lexer)
    with pytest.raises(ValueError, match="depends on more than the line"):
        parser.parse("a\nb\nc\n")


def test_a_head_followed_by_other_terminals_than_its_group_is_refused() -> None:
    class Lexer(LineLexer):
        runs = (frozenset({"A"}),)
        heads = {"H": frozenset({"A"})}

    grammar = "start: (H C A*)*\nA: /a\\n/\nC: /c\\n/\nH: /h\\n/\n"
    parser = Lark(grammar, parser="lalr", lexer=Lexer)
    with pytest.raises(ValueError, match="depends on more than the line"):
        parser.parse("h\nc\na\n")
