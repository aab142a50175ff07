"""The counts reader (kinds/counts.py) and the lookahead-guarded patterns (rules/regex.py,
`guarded`) give what their plain forms gave before issue 15 made them faster."""

from __future__ import annotations

import re
import sys
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gklint.rules.kinds.counts import SHARE, counts_pattern, read_counts
from gklint.rules.regex import guarded, opening_characters

UNITS = "条|件|人次|次|个|人|项"
PIECES = [
    *"0123456789",
    "٣",  # decimal digits \d reads beyond ASCII: Arabic-Indic, and two beyond the BMP
    "\U0001d7d9",
    "\U000104a0",
    "1,520",
    "1.2",
    ".5",
    ",",
    "万",
    "余",
    "约",
    "近",
    "超过",
    "逾",
    "第",
    *UNITS.split("|"),
    "工作日",
    "(",
    ")",
    "占",
    "%",
    "12.5%",
    "全部的",
    " ",
    "\n",
    "。",
    "其中",
    "共",
    "合计",
    "办结",
    "在申请中",
    "一是",
    "含",
]
_PLAIN = re.compile(
    r"(?<![\d.第])(?<!\d,)(?P<number>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?P<decimals>\.\d+)?\s*(?P<scale>[万亿])?"
    rf"\s*(?P<approx>余|多)?\s*(?P<unit>{UNITS})(?!工作日|个?月|小时|百分点|左右|以上|以内|以下)"
)
_APPROX_BEFORE = re.compile(r"(?:约|近|将近|大约|超过|逾)$")
_SCALE = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}

texts = st.lists(st.sampled_from(PIECES), max_size=50).map("".join)


def _reference(text: str) -> list[tuple[object, ...]]:
    """The reader as it was written before: regex for the bound words, the plain pattern."""
    out: list[tuple[object, ...]] = []
    for m in _PLAIN.finditer(text):
        try:
            value = Decimal(m.group("number").replace(",", "") + (m.group("decimals") or ""))
        except InvalidOperation:
            continue
        slack = Decimal(0)
        if m.group("scale"):
            scale = _SCALE[m.group("scale")]
            slack = Decimal(1).scaleb(-len(m.group("decimals") or ".") + 1) * scale / 2
            value *= scale
        elif m.group("decimals"):
            continue
        approx = (
            bool(m.group("approx"))
            or _APPROX_BEFORE.search(text, max(0, m.start() - 2), m.start()) is not None
        )
        share = SHARE.match(text, m.end())
        if share is None:
            out.append((m.start(), m.end(), m.end(), value, m.group("unit"), approx, slack, None, -1, ""))
        else:
            out.append(
                (m.start(), share.end(), m.end(), value, m.group("unit"), approx, slack,
                 Decimal(share.group("percent")), share.start("percent"), share.group("of") or "")
            )  # fmt: skip
    return out


def _fields(text: str) -> list[tuple[object, ...]]:
    return [
        (c.start, c.end, c.number_end, c.value, c.unit, c.approx, c.slack, c.share, c.share_start, c.share_of)
        for c in read_counts(text, counts_pattern(UNITS))
    ]


@settings(max_examples=600, deadline=None)
@given(texts)
def test_counts_are_read_as_before(text: str) -> None:
    assert _fields(text) == _reference(text)


@cache
def _sums_patterns() -> list[str]:
    """The patterns of the sums rules as their files write them."""
    found = [_PLAIN.pattern]
    for path in sorted(Path("rules").glob("*/GK*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if data.get("kind") == "sums":
            found += [
                str(data[k])
                for k in ("opens", "complete", "stop", "partial", "whole", "total_after")
                if k in data
            ]
    return found


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(0, 60), st.integers(0, 60))
def test_guarded_patterns_search_as_their_plain_form(text: str, pos: int, endpos: int) -> None:
    """Every pattern of the sums rules, searched anywhere, as the unguarded pattern is."""
    for source in [*_sums_patterns(), r"(?:a|b?)c", r"(?<!x)(?:行政)?复议\s*\d", r"\s*\d+"]:
        plain, guard = re.compile(source), re.compile(guarded(source))
        assert [m.regs for m in guard.finditer(text, pos, endpos)] == [
            m.regs for m in plain.finditer(text, pos, endpos)
        ]
        assert bool(guard.fullmatch(text)) == bool(plain.fullmatch(text))


def test_guard_is_added_only_where_the_first_characters_are_known() -> None:
    assert guarded("(?:行政)?复议") == "(?=复|行)(?:(?:行政)?复议)"
    assert guarded(r"(?<![\d.])\d+件") == r"(?=[\d])(?:(?<![\d.])\d+件)"
    assert guarded("(?:a|)") == "(?:a|)"  # may match nothing
    assert guarded("[^x]y") == "[^x]y"  # a negated class
    assert guarded("(?i)ab") == "(?i)ab"  # global flags must open the pattern
    assert guarded("x|.") == "x|."


_DIGIT_UNITS = ("2号|件|0|[1-3]期|人", "٣号|件")  # units that may start with a digit (\d: ٣ too)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "2号", "1期", "号", "期", "3", "02"]), max_size=40).map("".join))
@example("12号")
@example("1202期")
@example("1٣号")
def test_the_number_keeps_its_digits_only_where_no_unit_starts_with_one(text: str) -> None:
    """The run of digits is possessive when no unit can start with a digit: the same matches as
    the plain run; a unit that may start with one keeps the plain run ("12号": "1" and "2号")."""
    for units in (UNITS, *_DIGIT_UNITS, "条|件|人次|次|期|个|人|篇|场|项|份|家|起|宗|批"):
        pattern = counts_pattern(units)
        plain = re.compile(pattern.pattern.replace(r"|\d*+))", r"|\d*))"))
        assert [m.regs for m in pattern.finditer(text)] == [m.regs for m in plain.finditer(text)]
        possessive = r"|\d*+))" in pattern.pattern
        assert possessive == (units not in _DIGIT_UNITS and sys.version_info >= (3, 11))


def test_what_a_unit_may_open_with() -> None:
    assert opening_characters("人次|次|[件份]") == {"人", "次", "件", "份"}
    assert opening_characters(r"\d号") is None  # (a category: not a few known characters)
    assert opening_characters("(?:第)?号") == {"第", "号"}
    assert opening_characters("号|") is None  # (may match nothing)
    assert opening_characters("(?i)a|b") is None
