"""A heading's title is cut where the run-on text begins, searching only as far as the longest title
can reach: the same number and title as searching the whole line (the old way), on random heading
lines made of what the title's end looks for, and on every heading of the fixtures."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gklint.parse import parse_report
from gklint.parse.ast import Section, walk
from gklint.parse.build import _NUMBER, _NUMBER_FORMAT, _TITLE_END, _TITLE_MAX, split_heading
from gklint.read import read_path
from tests.conftest import FIXTURES


def _old_split_heading(level: int, text: str) -> tuple[str, str]:
    """split_heading as it was (main 553c0f1)."""
    m = _NUMBER[level].match(text)
    if not m:
        return "", text.strip()[:_TITLE_MAX]
    number = _NUMBER_FORMAT[level].format(m.group(1))
    rest = text[m.end() :].strip()
    end = _TITLE_END.search(rest)
    title = rest[: end.start()] if end and end.start() > 0 else rest
    return number, title[:_TITLE_MAX].strip()


PIECES = [
    "一、",
    "(二)",
    "3.",
    "(4)",
    "五是",
    "情况",
    "的",
    ",",
    "。",
    ";",
    "2020年",
    "2020",
    "年",
    " ",
    "\t",
    "字",
    "x" * 9,
]


@given(st.integers(1, 5), st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_random_headings(level: int, text: str) -> None:
    assert split_heading(level, text) == _old_split_heading(level, text)


def test_fixture_headings() -> None:
    for path in sorted(FIXTURES.glob("reports/*.txt")):
        for node in walk(parse_report(read_path(path)).report.body):
            if isinstance(node, Section):
                text = node.heading.text
                assert split_heading(node.level, text) == _old_split_heading(node.level, text)
