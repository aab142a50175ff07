"""What stands around a text's numbers (gklint.rules.numbers) never passes over a pattern that
matches: the strings a pattern's number is written between are one of those the text has."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gklint.rules import builtin_rules
from gklint.rules.kinds.narrative import Narrative, Phrase
from gklint.rules.numbers import Around, Numbers, around, digit

ALPHABET = [*"共计件条均了a。,()", "收到", "申请", "文件", "规范性文件", "予以公开", "8", "12", "3.5"]
ALPHABET += [" ", "  ", "\n", "\u3000", "\x00", "٣"]  # ٣: a decimal digit \d reads too

# pieces of patterns: the number written after words and before a unit, as narrative phrases are
BEFORE = [
    "共",
    "(?:共|共计)?",
    "收到(?:了)?",
    "申请[^。]{0,3}?",
    "(?:收到|文件)(?:[^,。\\d]{0,4}?)",
    "\\([^()]{0,3}\\)",
    "(?<![申])",
    "(?:文件\\s*)?",
    "(?:了|)",
    "规范性文件(?:数|总数)?",
    "[,;:]\\s*",
    "(?:均|予以)*",
    "a{2}",
    "(?i:a)",
    "3",
]
AFTER = ["件", "[件条]", "(?:申请)?", "(?![了])", "[^。]{0,2}?公开", "(?:均|全部)*予以", "\\s*条", "", "a"]


def _pattern(before: list[str], after: list[str]) -> str:
    return "".join(before) + "\\s*(\\d{1,3})\\s*" + "".join(after)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(BEFORE), max_size=4),
    st.lists(st.sampled_from(AFTER), max_size=3),
    st.lists(st.sampled_from(ALPHABET), max_size=30).map("".join),
)
@example(["共"], ["件"], "共12件")
@example(["共"], ["件"], "共      12件")  # more spaces than the window shows
@example(["(?:共|共计)?"], ["件"], "12件")  # at the text's start
@example(["文件"], ["件"], "文件\u3000\n12 \n件")
@example(["(?:文件\\s*)?"], ["件"], "文件 3件")
@example(["共", "(?:均|予以)*"], ["件"], "共均均5件")  # a repeat's last copy may follow another
@example(["了"], ["件"], "了٣件")
def test_a_pattern_matching_a_text_is_admitted(before: list[str], after: list[str], text: str) -> None:
    source = _pattern(before, after)
    found = around(source, 0, 1)
    if found is not None and re.search(source, text):
        assert Numbers.of(text).admits(found)


def _phrases() -> list[Phrase]:
    return [p for r in builtin_rules() if isinstance(r.check, Narrative) for p in r.check.phrases]


def _words(phrases: list[Phrase]) -> list[str]:
    """The strings the phrases' numbers are written between, and pieces of them."""
    out = {w for p in phrases if p.around for side in (p.around.before, p.around.after) if side for w in side}
    return sorted(out | {w[:1] for w in out} | {w[1:] for w in out})


WORDS = _words(_phrases())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "5", "12", " ", "\n", ",", "。", "等"]), max_size=40).map("".join))
@example("收到政府信息公开申请 12 件,其中予以公开5件")
@example("全年制定规范性文件共3件。")
def test_builtin_phrases_matching_a_text_are_admitted(text: str) -> None:
    numbers = Numbers.of(text)
    for phrase in _phrases():
        if phrase.around is not None and phrase.pattern.re.search(text):
            assert numbers.admits(phrase.around), phrase.pattern.source


@pytest.mark.parametrize(
    ("source", "group", "expected"),
    [
        ("共(?:计)?\\s*(\\d+)\\s*件", 1, Around(frozenset({"共", "共计"}), frozenset({"件"}))),
        ("规范性文件(?:共)?\\s*(\\d+)件", 1, Around(frozenset({"性文件", "文件共"}), frozenset({"件"}))),
        (
            "(?:收到|受理)(?P<text>了?(?P<number>\\d+)件)",
            "number",
            Around(frozenset({"收到", "收到了", "受理", "受理了"}), frozenset({"件"})),
        ),
        ("[^。]{0,9}(\\d+)件(?:[^,]{0,3}?)复议", 1, Around(None, frozenset({"件"}))),
        ("(\\d+(?:\\.\\d+)?)万元", 1, None),  # nothing before; after: the digits go on past the run
        ("(?i)ab(\\d+)件", 1, None),  # letters of either case
        ("(?:共|(\\d+))件", 1, None),  # the number is one alternative
        ("年(\\d+)\\d件", 1, Around(frozenset({"年"}), None)),  # the number ends inside a run
        ("(?:共 )?(\\d+)件", 1, Around(None, frozenset({"件"}))),  # a space before it may be the pattern's
    ],
)
def test_around(source: str, group: int | str, expected: Around | None) -> None:
    assert around(source, 0, group) == expected


def test_numbers_read_around_each_run_of_digits() -> None:
    numbers = Numbers.of("共计 12件,予以公开3 条")
    assert numbers.before is not None
    assert {"计", "共计", "开", "公开", "以公开"} <= numbers.before
    assert {"件", "件,", "件,予", "条"} <= numbers.after
    assert "2件" not in numbers.after  # a run is read whole
    assert Numbers.of("共        12件").before is None  # its window is spaces
    assert Numbers.of("没有数字") == Numbers(frozenset(), frozenset())


def test_digit_matches_what_backslash_d_matches() -> None:
    every = "".join(map(chr, range(0x110000)))
    assert re.findall(digit(), every) == re.findall(r"\d", every)
