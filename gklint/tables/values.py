"""Cell text → Value: a number (int or Decimal, signed changes, units, notes), blank, a
placeholder ("/", "——"), or text where a number belongs. The raw text is always kept.

The words and units of that syntax (change words, units, placeholders) are data, shared by every
format: gklint/data/formats/values.yaml. Every layer above asks this module, never the patterns.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from gklint.model import Value
from gklint.resources import data_path
from gklint.yamlfile import load_file

_SYNTAX = load_file(data_path("formats/values.yaml"))

# "增 4" / "减 5" (era B 本年增/减), or a number with an optional sign, unit and note.
_CHANGE = re.compile(
    rf"^(?P<dir>{_SYNTAX['change_words']})\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>{_SYNTAX['change_units']})?$"
)
_NUMBER = re.compile(
    r"^(?P<sign>[-+])?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    rf"(?P<unit>{_SYNTAX['units']})?\s*"
    r"(?:\((?P<note>[^()]*)\)?)?$"
)
_PLACEHOLDER = re.compile(rf"^(?:{_SYNTAX['placeholder']})$")

# A token in a row of space-separated or flattened cells: a change, a signed/unsigned number
# with unit and note, or a placeholder. Used by the extractor to find values in running text.
TOKEN = re.compile(
    rf"(?P<change>(?:{_SYNTAX['change_words']})\s*\d+(?:\.\d+)?)"
    rf"|(?P<number>(?:-|(?<![\d.])\+?)\d+(?:\.\d+)?(?:{_SYNTAX['token_units']})?(?:\([^()\n]{{0,20}}\))?)"
    rf"|(?P<placeholder>(?<!\S)(?:{_SYNTAX['token_placeholder']})(?!\S))"
)


MAX_DIGITS = 30  # a longer run of digits is no count or amount of a report (and int() refuses 4300+)


_CACHED = 64  # cell texts up to this length are read once per process (a Value is immutable)


def parse_value(text: str) -> Value:
    """Read one cell's text; a run of more than MAX_DIGITS digits is text, not a number."""
    return _parse_short(text) if len(text) <= _CACHED else _parse(text)


def _parse(text: str) -> Value:
    raw = text.strip()
    if not raw:
        return Value("blank", text)
    if _PLACEHOLDER.match(raw):
        return Value("placeholder", raw)
    m = _CHANGE.match(raw)
    if m and len(m.group("num")) <= MAX_DIGITS:
        sign = -1 if m.group("dir").startswith("减") else 1  # 减: the decrease word of change_words
        return Value("number", raw, sign * _number(m.group("num")), m.group("unit"), signed=True)
    m = _NUMBER.match(raw)
    if m and len(m.group("num")) <= MAX_DIGITS:
        number = _number(m.group("num").replace(",", ""))
        signed = m.group("sign") is not None
        if m.group("sign") == "-":
            number = -number
        return Value("number", raw, number, m.group("unit"), m.group("note"), signed)
    return Value("text", raw)


_parse_short = lru_cache(maxsize=4096)(_parse)  # a report's cells repeat ("0", "/"): read once


def _number(digits: str) -> int | Decimal:
    if "." in digits:
        try:
            return Decimal(digits)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            return Decimal(0)
    return int(digits)


TEXT_VALUES = frozenset(_SYNTAX["text_values"])


def is_value_text(text: str) -> bool:
    """True when a cell's text is a value (number or placeholder), not a label fragment."""
    kind = parse_value(text).kind
    return kind in ("number", "placeholder")
