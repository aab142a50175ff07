"""SHORT (grammars/report.lark), a short label line inside a table, written with possessive
repeats, matches exactly what the greedy spelling matched: on random lines of the characters that
matter to it (spaces, tabs, brackets, the punctuation it refuses, separators, line breaks) around
its limit of 64 characters besides spaces, and on every line of the fixtures."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from gklint.parse.grammar import report_grammar
from tests.conftest import FIXTURES

_EOL = r"\n(?:[ ]*\n)*"
_OLD = re.compile(r"(?=(?:[ ]*[^ \n]){1,64}[ ]*\n)[ \t]*(?:[^\n,。;()\t|]|\([^\n)]*\)?|\))+" + _EOL)


def _new() -> re.Pattern[str]:
    line = next(line for line in report_grammar().splitlines() if line.startswith("SHORT"))
    return re.compile(line[line.index("/") + 1 : line.rindex("/")] + _EOL)


NEW = _new()
PIECES = [" ", "  ", "\t", "\n", "(", ")", ",", "。", ";", "|", "中", "a", "1", "中文标签", "x" * 30]


def _same(text: str) -> None:
    for start in range(len(text)):
        old, new = _OLD.match(text, start), NEW.match(text, start)
        assert (old and old.span()) == (new and new.span()), (text, start)


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_random_lines(text: str) -> None:
    _same(text + "\n")


def test_fixtures() -> None:
    for path in sorted(FIXTURES.glob("reports/*.txt")):
        _same(path.read_text(encoding="utf-8"))
