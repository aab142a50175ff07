"""Counts written in the prose ("1,520条", "1.2万件", "100余人次（占12.5%）"), read in one pass.

A count is a number in digits (thousands separators, decimals, 万/亿 allowed) followed by a unit
from the rule's list; a share written right after it ("（12.5%）", "，占总数的12.5%") belongs to it.
Numbers after 第 (article numbers, "第3期") and units followed by a word that makes them something
else ("3个工作日", "2个百分点") are not counts. The reader has folded full-width forms and
traditional characters already, so the patterns below are written in simplified, half-width form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from gklint.rules.numbers import digit
from gklint.rules.regex import opening_characters

_SCALE = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_EXACT = Decimal(0)
# a share right after the count: "（12.5%）", "，占12.5%", "，占全部申请的12.5%"
_SHARE = (
    r"\s*(?:\(\s*(?:占(?:比)?)?|,?\s*占(?P<of>[^,;:。()\d%]{0,16}?)(?:的)?(?:比例|比重)?(?:为|达)?\s*"
    r"|,\s*(?:所占)?(?:比例|比重)(?:为|是|达)?\s*)"
    r"(?P<percent>\d{1,3}(?:\.\d{1,4})?)\s*%\s*\)?"
)
SHARE = re.compile(_SHARE)
# The number opens with a digit, not after a digit, ".", "第" or "1,": written so (the checks
# behind it made after its first digit) re looks for a digit by itself instead of trying the
# whole pattern at every place. "约", "近" (将近), "超过", "逾" (大约 ends so too) right before it,
# even across a line break, make it a bound (`about` matches, empty).
_HEAD = r"(?P<number>\d"  # read_counts finds this first digit faster (numbers.digit)
_NUMBER = (
    _HEAD + r"(?<![\d.第]\d)(?<!\d,\d)"
    r"(?P<about>(?<=超过\d)|(?<=[约近逾]\d)|(?<=[约近逾]\n\d))?"
    r"(?:\d{0,2}(?:,\d{3})+(?!\d)|\d*))(?P<decimals>\.\d+)?"
)
# The number's run of digits taken whole, never given back, when no unit can
# start with a digit: what follows a shorter run is a digit, which nothing after the number
# (a decimal point, a space, 万/亿, 余/多, the unit) can start with, so giving digits back never
# makes a match; re then stops trying at once.
_RUN, _WHOLE_RUN = r"|\d*))", r"|\d*+))"


@dataclass(slots=True)  # not frozen: made for every count of a report, and a frozen one is made 4× slower
class Count:
    """A count written in the text ("8件"), as the narrative scan reads it."""

    start: int  # the number's first character
    end: int  # after the unit, and after the share if one follows
    number_end: int  # after the unit
    number: str  # as written, without thousands separators ("1520", "1.2")
    scale: str  # "万", "亿" or ""
    unit: str
    approx: bool  # "100余条", "约100条": a bound, not a value
    share: Decimal | None = None
    share_start: int = -1
    share_of: str = ""  # the words between 占 and the percentage ("全市申请总数")

    # The value is worked out when asked for: most counts of a report are never compared.
    @property
    def value(self) -> Decimal:
        value = Decimal(self.number)  # every digit \d reads is one Decimal reads
        return value * _SCALE[self.scale] if self.scale else value

    @property
    def slack(self) -> Decimal:
        """How far the value may be from the true one: "1.2万" is 11500 to 12500."""
        if not self.scale:
            return _EXACT
        decimals = len(self.number.partition(".")[2])
        return Decimal(1).scaleb(-decimals) * _SCALE[self.scale] / 2

    @property
    def shown(self) -> str:
        return f"{self.value.normalize():f}"


def counts_pattern(units: str) -> re.Pattern[str]:
    """The pattern of a count whose unit is one of `units` (a regex alternation), with the share
    written right after it, if any, read by a lookahead (group `share`)."""
    number = _NUMBER
    if not _may_open_with_a_digit(units):
        number = number.replace(_RUN, _WHOLE_RUN)
    source = (
        rf"{number}\s*(?P<scale>[万亿])?\s*(?P<approx>余|多)?\s*(?P<unit>{units})"
        rf"(?!工作日|个?月|小时|百分点|左右|以上|以内|以下)(?:(?=(?P<share>{_SHARE})))?"
    )
    return re.compile(source)


def _may_open_with_a_digit(units: str) -> bool:
    chars = opening_characters(units)
    return chars is None or any(c.isdecimal() for c in chars)  # (\d is what isdecimal holds)


_GROUPS = ("number", "decimals", "scale", "approx", "unit", "about", "share")


def read_counts(text: str, pattern: re.Pattern[str]) -> Iterator[Count]:
    """Every count of `text`, in order, each with the share written right after it."""
    groups = _group_numbers(pattern)  # (a group by its number: faster than by its name)
    for m in _quick(pattern).finditer(text):
        number, decimals, scale, approx, unit, about, share = m.group(*groups)
        if decimals:
            if not scale:
                continue  # "1.5条" is not a count
            number += decimals
        if "," in number:
            number = number.replace(",", "")
        start, end = m.span()
        bound = bool(approx) or about is not None
        if share is None:
            yield Count(start, end, end, number, scale or "", unit, bound)
            continue
        yield Count(
            start,
            m.end("share"),
            end,
            number,
            scale or "",
            unit,
            bound,
            Decimal(m.group("percent")),
            m.start("percent"),
            m.group("of") or "",
        )


@cache
def _quick(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern of counts_pattern() with its first digit found faster (the same matches)."""
    source = pattern.pattern
    if not source.startswith(_HEAD):
        return pattern
    return re.compile(f"(?P<number>{digit()}{source[len(_HEAD) :]}", pattern.flags)


@cache
def _group_numbers(pattern: re.Pattern[str]) -> tuple[int, ...]:
    return tuple(pattern.groupindex[name] for name in _GROUPS)
