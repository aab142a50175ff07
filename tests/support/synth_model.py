"""The intermediate form of a synthetic report: blocks that every layout writer renders.

`synth.build_document` turns a Spec into a Document; each writer in synth_layout_*.py turns the
Document into text. Also small text helpers shared by the writers (value formatting, bracket width,
spacing). No layout decisions here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

TableKind = Literal["A", "t2", "t3", "t4"]


@dataclass(frozen=True)
class Title:
    agency: str
    year: int


@dataclass(frozen=True)
class Heading:
    """A section heading such as 一、总体情况."""

    text: str


@dataclass(frozen=True)
class Para:
    """A paragraph; `head` is a run-in subheading such as （一）主动公开情况。 (may be promoted)."""

    text: str
    head: str = ""
    index: int = 0  # 1-based position of the run-in subheading within its section


@dataclass(frozen=True)
class Raw:
    """A line inserted exactly as given (template residue and other test plants)."""

    text: str


@dataclass(frozen=True)
class Table:
    kind: TableKind


@dataclass(frozen=True)
class TableTitle:
    """The era-A table's title line, printed above its header."""

    text: str


@dataclass(frozen=True)
class Sign:
    agency: str
    date: str  # "" = no date line


Block = Title | Heading | Para | Raw | Table | TableTitle | Sign


@dataclass(frozen=True)
class Document:
    era: str
    year: int
    agency: str
    published: str
    cells: Mapping[str, object]
    blocks: tuple[Block, ...]

    def value(self, cell_id: str) -> str | None:
        """The cell as printed, or None for a blank cell (absent or None)."""
        return format_value(self.cells.get(cell_id))


def format_value(value: object) -> str | None:
    """int as digits, Decimal as written, str verbatim, None (blank) as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("a cell value cannot be a bool")
    if isinstance(value, (int, Decimal, str)):
        return str(value)
    raise TypeError(f"unsupported cell value {value!r}")


def present(values: list[str | None]) -> list[str]:
    """The printed values of a row in layouts that cannot show blanks: blank cells vanish."""
    return [v for v in values if v is not None]


def blank_as_empty(values: list[str | None]) -> list[str]:
    """The printed values of a row in layouts that can show an empty cell."""
    return ["" if v is None else v for v in values]


_HALF = str.maketrans({"（": "(", "）": ")"})
_CJK = r"[\u3400-\u9fff]"
_DIGIT_GAP = re.compile(rf"(?<={_CJK})(?=[0-9])|(?<=[0-9])(?={_CJK})")
_ENUM_DOT = re.compile(r"^(\d+)\.(?=\S)")


def half_brackets(text: str) -> str:
    """（一） -> (一)."""
    return text.translate(_HALF)


def half_enum(text: str, gap: bool = False) -> str:
    """Only the leading enumerator to half width: （一）予以公开 -> (一)予以公开, or (一) 予以公开 with `gap`.

    Word exports (S000, S003) and OCR'd Markdown (C-SY25) do this; brackets inside the label stay
    full-width, e.g. (二) 部分公开（区分处理的，…）.
    """
    if not text.startswith("（") or "）" not in text[:5]:
        return text
    close = text.index("）")
    return f"({text[1:close]}){' ' if gap else ''}{text[close + 1 :]}"


def enum_gap(text: str) -> str:
    """1.属于国家秘密 -> 1. 属于国家秘密."""
    return _ENUM_DOT.sub(r"\1. ", text)


def nfkc(text: str) -> str:
    """Web-page copies in the corpus are NFKC-folded: half-width brackets, commas and colons."""
    return unicodedata.normalize("NFKC", text)


def space_digits(text: str) -> str:
    """PDF extraction puts spaces between CJK and digits: 2024 年 1 月 1 日."""
    return _DIGIT_GAP.sub(" ", text)


def space_chars(text: str) -> str:
    """自然人 -> 自 然 人 (Word cells with distributed alignment)."""
    return " ".join(text)


def split_half(text: str) -> str:
    """商业企业 -> 商业 企业; 社会公益组织 -> 社会公 益组织 (a cell wrapped in two lines)."""
    cut = (len(text) + 1) // 2
    return f"{text[:cut]} {text[cut:]}"


# Characters a printed line never starts with (kinsoku): they overhang the previous line instead.
_NO_LINE_START = frozenset("，。、；：？！）》〕”’")


def wrap(text: str, width: int) -> list[str]:
    """Hard-wrap at `width` columns, a CJK or full-width character counting two, ASCII one."""
    lines: list[str] = []
    line, used = "", 0
    for char in text:
        size = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used + size > width and line and char not in _NO_LINE_START:
            lines.append(line.rstrip(" "))
            line, used = "", 0
        line += char
        used += size
    if line or not lines:
        lines.append(line)
    return lines
