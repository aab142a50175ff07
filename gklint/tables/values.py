"""Cell text → Value: a number (int or Decimal, signed changes, units, notes), blank, a
placeholder ("/", "——"), or text where a number belongs. The raw text is always kept.

These few patterns are the syntax of a table cell; they live here, next to the code that reads
them, because every layer above asks this module, never the patterns.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from gklint.model import Value

# "增 4" / "减 5" (era B 本年增/减), or a number with an optional sign, unit and note.
_CHANGE = re.compile(r"^(?P<dir>增加?|减少?)\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[件条项个])?$")
_NUMBER = re.compile(
    r"^(?P<sign>[-+])?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>万元|元|件|条|项|个|人次|人|次|篇|%)?\s*"
    r"(?:\((?P<note>[^()]*)\)?)?$"
)
_PLACEHOLDER = re.compile(r"^(?:/+|—+|-+|—-|--|－+|\\)$")

# A token in a row of space-separated or flattened cells: a change, a signed/unsigned number
# with unit and note, or a placeholder. Used by the extractor to find values in running text.
TOKEN = re.compile(
    r"(?P<change>(?:增加?|减少?)\s*\d+(?:\.\d+)?)"
    r"|(?P<number>(?:-|(?<![\d.])\+?)\d+(?:\.\d+)?(?:万元|元|%)?(?:\([^()\n]{0,20}\))?)"
    r"|(?P<placeholder>(?<!\S)(?:/+|—+|-{1,3})(?!\S))"
)


MAX_DIGITS = 30  # a longer run of digits is no count or amount of a report (and int() refuses 4300+)


def parse_value(text: str) -> Value:
    """Read one cell's text; a run of more than MAX_DIGITS digits is text, not a number."""
    raw = text.strip()
    if not raw:
        return Value("blank", text)
    if _PLACEHOLDER.match(raw):
        return Value("placeholder", raw)
    m = _CHANGE.match(raw)
    if m and len(m.group("num")) <= MAX_DIGITS:
        sign = -1 if m.group("dir").startswith("减") else 1
        return Value("number", raw, sign * _number(m.group("num")), m.group("unit"), signed=True)
    m = _NUMBER.match(raw)
    if m and len(m.group("num")) <= MAX_DIGITS:
        number = _number(m.group("num").replace(",", ""))
        signed = m.group("sign") is not None
        if m.group("sign") == "-":
            number = -number
        return Value("number", raw, number, m.group("unit"), m.group("note"), signed)
    return Value("text", raw)


def _number(digits: str) -> int | Decimal:
    if "." in digits:
        try:
            return Decimal(digits)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            return Decimal(0)
    return int(digits)


def is_value_text(text: str) -> bool:
    """True when a cell's text is a value (number or placeholder), not a label fragment."""
    kind = parse_value(text).kind
    return kind in ("number", "placeholder")
