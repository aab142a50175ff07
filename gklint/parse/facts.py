"""Report-level facts read from the AST: year, agency, statistics period, publication date.

The patterns are data (gklint/data/facts.yaml). Damaged dates ("20181月1日", 年 lost in
conversion) are read as far as they can be and flagged, so a rule can report the damage.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from gklint.model import Span
from gklint.parse.ast import DateLine, Line, Node, Paragraph, Report, Section, Table, walk
from gklint.resources import data_path
from gklint.yamlfile import load_file


@dataclass(frozen=True)
class DateFact:
    """A date the report gives (its publication date)."""

    raw: str
    date: dt.date | None
    span: Span
    damaged: bool = False


@dataclass(frozen=True)
class PeriodFact:
    """The reporting period the report gives (start and end dates)."""

    raw: str
    start: dt.date | None
    end: dt.date | None
    span: Span
    damaged: bool = False  # 年 or 月 lost, or an impossible date


@dataclass(frozen=True)
class Facts:
    """The facts read from a report's text: title, year, agency, period, publication date."""

    title: str
    year: int | None
    year_span: Span | None
    agency: str | None
    agency_span: Span | None
    period: PeriodFact | None
    published: DateFact | None


@dataclass(frozen=True)
class _Patterns:
    """facts.yaml's patterns and limits, compiled."""

    range: re.Pattern[str]
    point: re.Pattern[str]
    words: re.Pattern[str]
    window: int
    date: re.Pattern[str]
    cn_date: re.Pattern[str]
    title_year: re.Pattern[str]
    title_words: re.Pattern[str]
    title_max_lines: int
    title_max_length: int
    agency_suffix: re.Pattern[str]
    agency_title: tuple[re.Pattern[str], ...]
    agency_preamble: re.Pattern[str]
    agency_sentence: re.Pattern[str]
    agency_metadata: re.Pattern[str]
    agency_noise: re.Pattern[str]
    agency_max_length: int


@cache
def _patterns() -> _Patterns:
    d = load_file(data_path("facts.yaml"))
    a, b = d["date"].format(p="a"), d["date_no_year"].format(p="b")
    return _Patterns(
        range=re.compile(f"(?P<a>{a}){d['period_join']}(?P<b>{b})"),
        point=re.compile(f"{d['period_point']}(?P<b>{d['date'].format(p='b')})"),
        words=re.compile(d["period_words"]),
        window=int(d["period_window"]),
        date=re.compile(d["date"].format(p="a")),
        cn_date=re.compile(d["cn_date"]),
        title_year=re.compile(d["title_year"]),
        title_words=re.compile(d["title_words"]),
        title_max_lines=int(d["title_max_lines"]),
        title_max_length=int(d["title_max_length"]),
        agency_suffix=re.compile(d["agency_suffix"]),
        agency_title=(
            re.compile(d["agency_in_title_before_year"]),
            re.compile(d["agency_in_title_after_year"]),
            re.compile(d["agency_in_title_without_year"]),
        ),
        agency_preamble=re.compile(d["agency_in_preamble"]),
        agency_sentence=re.compile(d["agency_in_sentence"]),
        agency_metadata=re.compile(d["agency_in_metadata"]),
        agency_noise=re.compile(d["agency_noise"]),
        agency_max_length=int(d["agency_max_length"]),
    )


def read_facts(report: Report) -> Facts:
    """All facts of a parsed report."""
    text = report.text
    title_lines = report.title
    title = "".join(line.text.strip() for line in title_lines)
    head = text[: _narrative_end(report)]
    period = find_period(head, len(head))
    year, year_span = _year(title_lines, period, head)
    published = _published(report)
    agency, agency_span = _agency(report, title_lines, head)
    return Facts(title, year, year_span, agency, agency_span, period, published)


def find_title(lines: list[Line]) -> tuple[Line, ...]:
    """The title lines: the first short line naming a report near the top, with a short line
    just before it when the title is broken over two lines ("…2018年政府信息公开工作" / "年度报告")."""
    p = _patterns()
    head = lines[: p.title_max_lines]
    for i, line in enumerate(head):
        stripped = line.text.strip()
        if len(stripped) <= p.title_max_length and p.title_words.search(stripped):
            prev = head[i - 1].text.strip() if i else ""
            if i and prev and len(prev) <= p.title_max_length and not p.title_words.search(prev):
                if not re.search(r"[。,;:]", prev):
                    return (head[i - 1], line)
            return (line,)
    return ()


def _narrative_end(report: Report) -> int:
    """Offset of the first table: the facts are read from the text before it."""
    table = _first_table(report.body)
    return table.span.start if table is not None else len(report.text)


def _first_table(nodes: tuple[Node, ...]) -> Table | None:
    """The first table in document order (as `walk` lists the nodes), found without listing them."""
    for node in nodes:
        if isinstance(node, Table):
            return node
        if isinstance(node, Section) and (found := _first_table(node.children)) is not None:
            return found
    return None


def find_period(text: str, limit: int) -> PeriodFact | None:
    """The statistics period: a date range near a period word, else the first range, else a
    single point in time ("数据核定时间点为…")."""
    p = _patterns()
    head = text[:limit]
    ranges = _Ranges(p.range.finditer(head))
    for word in p.words.finditer(head):
        m = ranges.first_from(word.end())  # (the ranges are sorted: the first one is the one)
        if m is None:
            break  # no range starts after this word, nor after a later one
        if m.start() - word.end() <= p.window:
            return _period_from(m)
    m = ranges.first_from(0)
    if m is not None:
        return _period_from(m)
    point = p.point.search(head)
    if point:
        end, damaged = _date_from(point, "b", None)
        return PeriodFact(point.group("b"), None, end, Span(point.start("b"), point.end("b")), damaged)
    return None


class _Ranges:
    """A text's date ranges, found only as far as they are asked for: the period is most often
    stated at the start, next to its word ("统计期限自…至…"), and the rest of the narrative is not
    searched. The ranges are those of one search over the whole text, as `finditer` finds them."""

    def __init__(self, matches: Iterator[re.Match[str]]) -> None:
        self._matches = matches
        self._found: list[re.Match[str]] = []

    def first_from(self, start: int) -> re.Match[str] | None:
        """The first range that starts at `start` or after it."""
        for m in self._found:
            if m.start() >= start:
                return m
        for m in self._matches:
            self._found.append(m)
            if m.start() >= start:
                return m
        return None


def _period_from(m: re.Match[str]) -> PeriodFact:
    start, damaged_a = _date_from(m, "a", None)
    end, damaged_b = _date_from(m, "b", start.year if start else None)
    return PeriodFact(m.group(0), start, end, Span(m.start(), m.end()), damaged_a or damaged_b)


def _date_from(m: re.Match[str], p: str, default_year: int | None) -> tuple[dt.date | None, bool]:
    """The date in groups {p}y/{p}m/{p}d; damaged when 年 or 月 was lost or the date is impossible."""
    year_text = m.group(f"{p}y")
    damaged = (year_text is not None and not m.group(f"{p}yk")) or not m.group(f"{p}mk")
    year = int(year_text) if year_text else default_year
    if year is None:
        return None, True
    try:
        return dt.date(year, int(m.group(f"{p}m")), int(m.group(f"{p}d"))), damaged
    except ValueError:
        return None, True


def parse_date(text: str) -> tuple[dt.date | None, bool]:
    """A date written in Arabic or Chinese numerals; (None, True) when it cannot be read."""
    p = _patterns()
    m = p.date.search(text)
    if m:
        return _date_from(m, "a", None)
    m = p.cn_date.search(text)
    if m:
        try:
            year = int("".join(str(_cn_digit(c)) for c in m.group("cy")))
            return dt.date(year, _cn_number(m.group("cm")), _cn_number(m.group("cd"))), False
        except ValueError:
            return None, True
    return None, True


_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "0": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _cn_digit(c: str) -> int:
    return _CN_DIGITS[c]


def _cn_number(s: str) -> int:
    """一…三十一 as an integer."""
    if "十" not in s:
        return _cn_digit(s)
    tens, _, ones = s.partition("十")
    return (_cn_digit(tens) if tens else 1) * 10 + (_cn_digit(ones) if ones else 0)


def _year(title: tuple[Line, ...], period: PeriodFact | None, head: str) -> tuple[int | None, Span | None]:
    """The report's year: from the title, else from the years the opening text names, else from
    the period. The period's own years never count before that: a period from the wrong year
    must not set the year it is checked against."""
    p = _patterns()
    inside = (period.span.start, period.span.end) if period else (0, 0)

    def named(text: str, base: int) -> list[re.Match[str]]:
        return [m for m in p.title_year.finditer(text) if not inside[0] <= base + m.start() < inside[1]]

    for line in title:
        found = named(line.text, line.span.start)
        if found:
            m = found[0]
            return int(m.group(1)), Span(line.span.start + m.start(1), line.span.start + m.end(1))
    years = Counter(m.group(1) for m in named(head[:1500], 0))
    if years:
        return int(years.most_common(1)[0][0]), None
    if period and (period.start or period.end):
        known = period.start or period.end
        assert known is not None
        return known.year, period.span
    return None, None


def _published(report: Report) -> DateFact | None:
    signature = report.signature
    if signature is None:
        return None
    date, damaged = parse_date(signature.date.text)
    return DateFact(signature.date.text.strip(), date, signature.date.span, damaged)


def _agency(report: Report, title: tuple[Line, ...], head: str) -> tuple[str | None, Span | None]:
    p = _patterns()
    sig = report.signature
    if sig and sig.agency:
        name = sig.agency.text.strip()
        if len(name) <= p.agency_max_length and p.agency_suffix.search(name):
            return name, sig.agency.span
    joined = "".join(line.text.strip() for line in title)
    for pattern in p.agency_title:
        m = pattern.search(joined)
        name = _without_noise(m.group("agency").strip()) if m else ""
        if len(name) > 2 and p.agency_suffix.search(name):
            return name, _span_of(name, title)
    for pattern in (p.agency_metadata, p.agency_preamble, p.agency_sentence):
        m = pattern.search(head)
        if m:
            name = _without_noise(m.group("agency").strip())
            at = m.end("agency") - len(name)
            return name, Span(at, m.end("agency"))
    return None, None


def _without_noise(name: str) -> str:
    """The name without a mirror site's domain or a site column glued in front of it."""
    noise = _patterns().agency_noise.match(name)
    return name[noise.end() :] if noise else name


def _span_of(needle: str, lines: tuple[Line, ...]) -> Span | None:
    for line in lines:
        at = line.text.find(needle)
        if at >= 0:
            return Span(line.span.start + at, line.span.start + at + len(needle))
    return lines[0].span if lines else None


def find_signature_parts(report_body: tuple[object, ...]) -> tuple[Line | None, Line] | None:
    """The last date line outside tables and the short text line just before it (the agency)."""
    previous: Line | None = None
    found: tuple[Line | None, Line] | None = None
    for node in walk(report_body):  # type: ignore[arg-type]
        if isinstance(node, Paragraph):
            previous = node.lines[-1]
        elif isinstance(node, Section):
            previous = node.heading
        elif isinstance(node, DateLine):
            found = (previous, node.line)
            previous = None
        elif isinstance(node, Table):
            previous = None
    return found
