"""Builds each Lark parser once per process from the grammars/ folder."""

from __future__ import annotations

from functools import cache

from lark import Lark

from gklint.cache import lark_cache_path
from gklint.resources import grammar_path


@cache
def report_parser() -> Lark:
    """LALR parser for grammars/report.lark with the contextual lexer (see the grammar's notes)."""
    text = grammar_path("report.lark").read_text(encoding="utf-8")
    cache = lark_cache_path("report")
    return Lark(text, parser="lalr", lexer="contextual", maybe_placeholders=False, cache=cache or False)
