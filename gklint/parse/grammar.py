"""Builds each Lark parser once per process from the grammars/ folder."""

from __future__ import annotations

import re
from functools import cache

from lark import Lark

from gklint.cache import lark_cache_path
from gklint.parse.build import ToAst
from gklint.parse.lexer import LineLexer
from gklint.registry import row_words, table_starts
from gklint.resources import grammar_path


def report_grammar() -> str:
    """grammars/report.lark with the table row words and table-opening lines of every format
    (gklint/registry.py) in its TROW and TABLE_START terminals."""
    words = "|".join(re.escape(word) for word in row_words())
    text = grammar_path("report.lark").read_text(encoding="utf-8")
    return text.replace("@ROW_WORDS@", words).replace("@TABLE_STARTS@", "|".join(table_starts()))


_TEXT = frozenset({"TEXT"})


class ReportLexer(LineLexer):
    """The report's lines as tokens; a paragraph's lines, and a table's, as one token each, a
    heading's with the paragraph under it (see the grammar's notes and parse/lexer.py)."""

    runs = (_TEXT, frozenset({"TABLE_START", "TROW", "CELLS", "NUMS", "SHORT"}))
    heads = dict.fromkeys(("H1", "H2", "H3", "H4", "H5"), _TEXT)
    # TABLE_START's last alternatives read the whole line, and the line that ends a run of prose is
    # most often a heading, which the others refuse at its first characters
    refused_last = frozenset({"TABLE_START"})


@cache
def report_parser() -> Lark:
    """LALR parser for report_grammar() with a contextual lexer of lines (see the grammar's notes
    and parse/lexer.py). It builds our AST as it parses (ToAst applied inline): no Lark tree is
    made and walked again."""
    text = report_grammar()
    cache = lark_cache_path("report")
    return Lark(
        text,
        parser="lalr",
        lexer=ReportLexer,
        maybe_placeholders=False,
        cache=cache or False,
        transformer=ToAst(),
    )
