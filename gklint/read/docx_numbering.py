"""Word's automatic list numbering (word/numbering.xml) rendered as the text Word shows.

Offices often number headings and table labels ("一、", "（三）", "1.") with Word's list feature, so
the numbers are not in the runs' text; "save as text" writes them out, and the parser needs them
(an "一、" heading and a "1.属于国家秘密" row label are found by their numbering). Counters follow
Word: one set per abstract list, a deeper level restarts when a shallower one advances, and a
`startOverride` restarts the list where its w:num is first used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{W}val"

_DIGITS = "〇一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN: tuple[tuple[int, str], ...] = (
    *((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")),
    *((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")),
)


def _chinese(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百〇五 (Word's chineseCounting)."""
    if n <= 0 or n >= 10000:
        return str(n)
    parts: list[str] = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        parts.append(("" if power == 10 and d == 1 and not parts else digits[d]) + unit)
    return "".join(parts)


def _roman(n: int) -> str:
    out = []
    for value, mark in _ROMAN:
        while n >= value:
            out.append(mark)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _circled(n: int, first: int, last: int) -> str:
    return chr(first + n - 1) if 1 <= n <= last else str(n)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "decimalEnclosedCircle": lambda n: _circled(n, 0x2460, 20),
    "decimalEnclosedCircleChinese": lambda n: _circled(n, 0x2460, 20),
    "decimalEnclosedFullstop": lambda n: _circled(n, 0x2488, 20),
    "decimalEnclosedParen": lambda n: _circled(n, 0x2474, 20),
    "ideographEnclosedCircle": lambda n: _circled(n, 0x3280, 10),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "ideographDigital": lambda n: "".join(_DIGITS[int(c)] for c in str(n)),
    "chineseLegalSimplified": lambda n: _chinese(n, _LEGAL, "拾佰仟"),
    "ideographLegalTraditional": lambda n: _chinese(n, _LEGAL, "拾佰仟"),
    "ideographTraditional": lambda n: _STEMS[(n - 1) % 10],
    "ideographZodiac": lambda n: _BRANCHES[(n - 1) % 12],
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "ordinal": str,
    "none": lambda n: "",
}


@dataclass(frozen=True)
class _Level:
    """One level of a Word numbering definition (w:lvl)."""

    start: int
    fmt: str
    text: str
    suffix: str
    legal: bool


@dataclass
class Numbering:
    """The lists of one document and their running counters."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    _counters: dict[str, dict[int, int]] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)

    @staticmethod
    def parse(root: Element | None) -> Numbering:
        numbering = Numbering()
        if root is None:
            return numbering
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {int_attr(_attr(lvl, "ilvl", "0"), 0): _level(lvl) for lvl in abstract.iter(f"{W}lvl")}
            numbering.abstract[abstract.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            ref = num.find(f"{W}abstractNumId")
            numbering.nums[num_id] = ref.get(_VAL, "") if ref is not None else ""
            for override in num.iter(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                if start is not None:
                    level = int_attr(_attr(override, "ilvl", "0"), 0)
                    numbering.overrides.setdefault(num_id, {})[level] = int_attr(start.get(_VAL), 1)
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list `num_id` at level `ilvl` and return the number as shown, with its suffix."""
        key = self.nums.get(num_id)
        levels = self.abstract.get(key or "")
        if num_id == "0" or not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(key or "", {})
        if num_id not in self._used:
            self._used.add(num_id)
            for overridden, start in self.overrides.get(num_id, {}).items():
                counters[overridden] = start - 1
                for deeper in [k for k in counters if k > overridden]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return ""  # a bullet symbol (often a private-use glyph) says nothing about structure
        text = level.text
        for k in range(8, -1, -1):
            if f"%{k + 1}" in text:
                shown = levels.get(k, level)
                value = counters.get(k, shown.start)
                fmt = "decimal" if level.legal and k != ilvl else shown.fmt
                # a damaged start value ("999999999") is shown as digits, not as a million "M"s
                shown_as = _FORMATS.get(fmt, str) if 0 <= value <= _MAX_COUNTER else str
                text = text.replace(f"%{k + 1}", shown_as(value))
        if not text:
            return ""
        # Word's default suffix is a tab; a space keeps the label one line (a tab makes a cell).
        return text + ("" if level.suffix == "nothing" else " ")


def _level(lvl: Element) -> _Level:
    def val(tag: str, default: str) -> str:
        child = lvl.find(f"{W}{tag}")
        return child.get(_VAL, default) if child is not None else default

    legal = lvl.find(f"{W}isLgl")
    return _Level(
        start=int_attr(val("start", "1"), 1),
        fmt=val("numFmt", "decimal"),
        text=val("lvlText", ""),
        suffix=val("suff", "tab"),
        legal=is_on(legal),
    )


def _attr(element: Element, name: str, default: str) -> str:
    return element.get(f"{W}{name}", default)


_MAX_COUNTER = 9999  # list numbers beyond it are written in digits whatever the format
_MAX_INT_DIGITS = 9  # a longer number attribute is damage (and int() refuses 4300+ digits)


def is_on(element: Element | None) -> bool:
    """A Word on/off property (<w:b/>, <w:vanish w:val="false"/>, <w:isLgl w:val="off"/>)."""
    return element is not None and element.get(_VAL, "true") not in ("0", "false", "off")


def int_attr(text: str | None, default: int) -> int:
    """A number attribute (never below 0), or `default` when it is missing, not a number or
    absurdly long (damaged files)."""
    if text is None or not text.strip().isdecimal() or len(text.strip()) > _MAX_INT_DIGITS:
        return default
    return int(text)
