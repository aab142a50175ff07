"""A search started only near the words every match holds (gklint.rules.anchored) finds exactly
what re.finditer finds, in the same order."""

from __future__ import annotations

import random
import re
from contextlib import AbstractContextManager
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.rules import anchored
from gklint.rules.anchored import Anchor
from gklint.rules.regex import Regex
from tests.rules.test_regex import _all_patterns

ANCHORED = [
    r"(?<![后经])(?:行政)?复议(?:申请)?\s*(\d{1,3})\s*件",
    r"(?<![\d.])(\d{1,3})\s*[件起](?:[^,。\d]{0,4}?)行政诉讼",
    r"(?P<text>(?:行政)?诉讼\s*(?P<n>\d+)件(?:[^。]{0,3}?)(?:均|都)维持)",
    r"(?<!非)a?行政(?:许可|处罚)\s*\d+",
    r"(?:行政)?复议[\s,]*(\d+)",  # a free class made of two characters
    r"(?i)(?:x)?复议\s*\d",
    r"(?:a|b)?(?=复)复议",
    r"(?<![\d.])(\d{1,3})\s*件(?:因[^,。\d]{0,3}?)?(?:已|均|全部)*(?:不予公开|部分公开)",
    r"(?:[ab]|c\s)*\s?复议",
]


def _pieces(regex: Regex) -> list[str]:
    """Pieces a text is made of: the pattern's words and characters, digits, spaces, stops."""
    words = list(regex.anchor.words) if regex.anchor else []
    chars = sorted({c for c in regex.source if "\u4e00" <= c <= "\u9fff"})[:12]
    return [*words, *chars, "1", "23", " ", "  ", "\n", "。", ",", "(", ")", "a", "X"]


@pytest.mark.parametrize("source", ANCHORED)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_anchored_search_finds_what_re_finds(source: str, data: st.DataObject) -> None:
    regex = Regex.of(source)
    assert regex.anchor is not None
    text = "".join(data.draw(st.lists(st.sampled_from(_pieces(regex)), max_size=40)))
    with _always_anchored():
        assert regex.anchor._windows(text, regex.re.flags) is not None
        assert [m.regs for m in regex.finditer(text)] == [m.regs for m in regex.re.finditer(text)]


def _always_anchored() -> AbstractContextManager[object]:
    """Short texts are left to re (trying the starts would cost more): tests try them all."""
    return patch.object(anchored, "_COST", 1e-9)


def test_every_builtin_anchor_agrees_with_re() -> None:
    """Each built-in pattern with an anchor, on random texts of its pieces and on real reports."""
    with_anchor = [r for r in _all_patterns() if r.anchor is not None]
    assert len(with_anchor) > 20
    reports = [p.read_text("utf-8") for p in sorted(Path("tests/fixtures/reports").glob("*.txt"))[:12]]
    rng = random.Random(15)
    for regex in with_anchor:
        pieces = _pieces(regex)
        texts = ["".join(rng.choices(pieces, k=rng.randint(0, 60))) for _ in range(150)] + reports
        for text in texts:
            with _always_anchored():
                assert [m.regs for m in regex.finditer(text)] == [m.regs for m in regex.re.finditer(text)], (
                    regex.source,
                    text,
                )


@pytest.mark.parametrize(
    ("source", "anchor"),
    [
        (r"(?<![后经])(?:行政)?复议(\d+)", Anchor(("复议",), 0, 2, None, "[复行]")),
        (r"(\d{1,12})\s*[件起](?:[^。]{0,20}?)行政诉讼", Anchor(("行政诉讼",), 2, 33, r"[\s]", r"[\d]")),
        (r"(?:行政)?(?:复议|诉讼)\d", Anchor(("复议", "诉讼"), 0, 2, None, "[复行诉]")),
        (r"行政复议(\d+)", None),  # re scans for 行 by itself
        (r"(?:收到|受理)申请", None),  # and for 收 or 受
        (r"(?:已|均|全部)*复议", Anchor(("复议",), 0, 0, "全|均|已|部", "[全均复已]")),
        (r"(?:a.)*复议", None),  # an unbounded stretch of any characters: no bound
        (r"(?:行)?复", None),  # a word of one character is too common
        (r"(?i)(?:x)?ab", None),  # letters under IGNORECASE
        (r"(?:a)?复议.*诉讼", Anchor(("复议",), 0, 1, None, "[a复]")),
    ],
)
def test_anchor_of(source: str, anchor: Anchor | None) -> None:
    assert Regex.of(source).anchor == anchor


def test_frequent_words_leave_the_search_to_re() -> None:
    regex = Regex.of(r"(\d{1,12})\s*[件起](?:[^。]{0,20}?)行政诉讼")
    text = "行政诉讼" * 50 + "3件行政诉讼"
    assert regex.anchor is not None and regex.anchor._windows(text, 0) is None
    assert [m.span() for m in regex.finditer(text)] == [m.span() for m in re.finditer(regex.source, text)]


@pytest.mark.parametrize("text", ["X复议1", "x复议 2", "aX复议3、X 复议4"])
def test_inline_flags_hold_for_the_first_characters_too(text: str) -> None:
    """`(?i)` in the pattern: a match may start with "X" although the class says "x"."""
    regex = Regex.of(r"(?i)(?:x\s?)?复议\s*\d")
    with _always_anchored():
        assert [m.span() for m in regex.finditer(text)] == [m.span() for m in regex.re.finditer(text)]
