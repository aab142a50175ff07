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
from decimal import Decimal, InvalidOperation

from gklint.rules.regex import guarded

_SCALE = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?P<decimals>\.\d+)?"
_APPROX_BEFORE = ("约", "近", "超过", "逾")  # 大约, 将近 end so too
_EXACT = Decimal(0)
# a share right after the count: "（12.5%）", "，占12.5%", "，占全部申请的12.5%"
SHARE = re.compile(
    r"\s*(?:\(\s*(?:占(?:比)?)?|,?\s*占(?P<of>[^,;:。()\d%]{0,16}?)(?:的)?(?:比例|比重)?(?:为|达)?\s*"
    r"|,\s*(?:所占)?(?:比例|比重)(?:为|是|达)?\s*)"
    r"(?P<percent>\d{1,3}(?:\.\d{1,4})?)\s*%\s*\)?"
)


@dataclass(slots=True)  # not frozen: made for every count of a report, and a frozen one is made 4× slower
class Count:
    start: int  # the number's first character
    end: int  # after the unit, and after the share if one follows
    number_end: int  # after the unit
    value: Decimal
    unit: str
    approx: bool  # "100余条", "约100条": a bound, not a value
    slack: Decimal  # how far the value may be from the true one: "1.2万" is 11500 to 12500
    share: Decimal | None = None
    share_start: int = -1
    share_of: str = ""  # the words between 占 and the percentage ("全市申请总数")

    @property
    def shown(self) -> str:
        return f"{self.value.normalize():f}"


def counts_pattern(units: str) -> re.Pattern[str]:
    """The pattern of a count whose unit is one of `units` (a regex alternation)."""
    source = (
        rf"(?<![\d.第])(?<!\d,){_NUMBER}\s*(?P<scale>[万亿])?\s*(?P<approx>余|多)?\s*(?P<unit>{units})"
        r"(?!工作日|个?月|小时|百分点|左右|以上|以内|以下)"
    )
    return re.compile(guarded(source))  # (?=[\d]): re tries it only where a digit stands


def read_counts(text: str, pattern: re.Pattern[str]) -> Iterator[Count]:
    """Every count of `text`, in order, each with the share written right after it."""
    for m in pattern.finditer(text):
        number, decimals, scale, approx, unit = m.group("number", "decimals", "scale", "approx", "unit")
        if decimals and not scale:
            continue  # "1.5条" is not a count
        try:
            value = Decimal(number.replace(",", "") + (decimals or ""))
        except InvalidOperation:
            continue
        slack = _EXACT
        if scale:
            slack = Decimal(1).scaleb(-len(decimals or ".") + 1) * _SCALE[scale] / 2
            value *= _SCALE[scale]
        start, end = m.span()
        bound = bool(approx) or _approx_before(text, start)
        share = SHARE.match(text, end)
        if share is None:
            yield Count(start, end, end, value, unit, bound, slack)
            continue
        yield Count(
            start,
            share.end(),
            end,
            value,
            unit,
            bound,
            slack,
            Decimal(share.group("percent")),
            share.start("percent"),
            share.group("of") or "",
        )


def _approx_before(text: str, at: int) -> bool:
    """Whether the two characters before `at` end with a word making the count a bound ("约",
    "超过"), as a search for `(?:约|…)$` there would say: `$` also stands before a final newline."""
    before = text[max(0, at - 2) : at]
    return before.endswith(_APPROX_BEFORE) or (before[-1:] == "\n" and before[:-1].endswith(_APPROX_BEFORE))
