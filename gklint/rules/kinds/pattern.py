"""kind: pattern — a regular expression over the report's text.

    pattern: '-{3,}|×{2,}|XX年|X月X日'       # or a list; (?i) etc. allowed; group 1, if it took
                                              # part in the match, is {match} and the position
    where: narrative                          # text (all), narrative (outside tables), preamble, title,
                                              # prose (narrative with each paragraph's lines joined)
    exclude: ['https?://\\S+']                # a match inside a match of these is ignored
    years: {from: 2019}                       # only for reports of these years
    within: '存在的主要问题|改进|下一步'          # only inside sections whose heading matches this
    max: 5                                    # at most this many diagnostics per report (the first)

A pattern in the list may be `{pattern: '…', what: '缺少“@”'}`: `{what}` in the message then says
which of the patterns matched. `{year}`, `{next_year}` and `{prev_year}` in a pattern or an exclude stand for the report's year and
its neighbours ("截至{year}年(?:[1-9]|1[01])月"); a pattern using them is skipped when the year is
unknown. The message may name {year} and {next_year} too.

The text is the reader's normalised text (full-width forms folded to ASCII: write "X", "(",
":"), so one pattern covers both widths; positions still point at the source. `prose` reads a
paragraph hard-wrapped by a PDF as one line, so a pattern may span the wrap; use it for checks
that look across a sentence (an unclosed 《, a repeated sentence).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from gklint import codecache
from gklint.model import Diagnostic, RuleMeta, Span
from gklint.parse.ast import Section, walk
from gklint.rules.context import RuleContext
from gklint.rules.kinds.base import Rule, diagnostic
from gklint.rules.regex import Regex
from gklint.rules.schema import RuleFile, check_template
from gklint.rules.views import narrative_text, prose

FIELDS: dict[str, type | tuple[type, ...]] = {
    "pattern": (str, list),
    "where": str,
    "exclude": list,
    "years": dict,
    "within": str,
    "max": int,
}
REQUIRED = ("pattern",)
PLACES = ("text", "narrative", "preamble", "title", "prose")
MAX_PATTERN = 2000
YEAR_FIELDS = ("{year}", "{next_year}", "{prev_year}")
MESSAGE_FIELDS = ("match", "year", "next_year", "what")


@dataclass(frozen=True)
class Pattern:
    """The pattern kind: a regular expression over the report's text, each match a finding."""

    # as written; a pattern naming the year ({year}…) is kept as text and compiled per year
    patterns: tuple[Regex | str, ...]
    whats: tuple[str, ...]  # per pattern: what its match is ({what} in the message), or ""
    excluded: tuple[Regex | str, ...]
    where: str
    first_year: int | None
    last_year: int | None
    limit: int
    within: re.Pattern[str] | None = None

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        if ctx.year is not None:
            if (self.first_year and ctx.year < self.first_year) or (
                self.last_year and ctx.year > self.last_year
            ):
                return []
        elif self.first_year or self.last_year:
            return []
        chunks: list[tuple[str, int | Sequence[int]]]  # text, and its offset in ctx.text or each char's
        if self.where == "prose":
            text, each = prose(ctx)
            chunks = [(text, each)] if text else []
        elif self.where == "narrative":
            chunks = [(narrative_text(ctx), 0)]
        else:
            chunks = [(ctx.text[a:b], a) for a, b in self._ranges(ctx) if b > a]
        exclusions = [p for _, p in _for_year(self.excluded, ctx.year)]
        skips: dict[int, list[tuple[int, int]]] = {}  # chunk -> excluded spans, found at its first match

        def excluded(i: int, m: re.Match[str]) -> bool:
            if not exclusions:
                return False
            if i not in skips:
                skips[i] = [x.span() for p in exclusions for x in p.finditer(chunks[i][0])]
            return any(a <= m.start() and m.end() <= b for a, b in skips[i])

        inside: list[tuple[int, int]] | None = None  # the sections `within` names, found at the first match
        fields = _year_fields(ctx.year)
        out: list[Diagnostic] = []
        for index, pattern in _for_year(self.patterns, ctx.year):
            # chunks are in document order: each pattern's first `limit` matches are enough
            found = 0
            for i, (chunk, offsets) in enumerate(chunks):
                for m in pattern.finditer(chunk):
                    if found >= self.limit:
                        break
                    if excluded(i, m):
                        continue
                    group = 1 if m.re.groups and m.start(1) >= 0 else 0
                    if m.end(group) <= m.start(group):
                        continue  # an empty match points nowhere
                    span = _source_span(offsets, m.start(group), m.end(group))
                    if self.within is not None:
                        inside = self._inside(ctx) if inside is None else inside
                        if not any(a <= span.start < b for a, b in inside):
                            continue
                    text = rule.message.format(match=m.group(group), what=self.whats[index], **fields)
                    out.append(diagnostic(rule, text, span))
                    found += 1
        return sorted(out, key=_position)[: self.limit]

    def _inside(self, ctx: RuleContext) -> list[tuple[int, int]]:
        """The spans of the sections `within` names."""
        assert self.within is not None
        nodes = walk(ctx.report.body) if ctx.report else []
        return [
            (n.span.start, n.span.end)
            for n in nodes
            if isinstance(n, Section) and self.within.search(n.heading.text)
        ]

    def _ranges(self, ctx: RuleContext) -> list[tuple[int, int]]:
        report = ctx.report
        if self.where == "text" or report is None:
            return [(0, len(ctx.text))]
        if self.where == "title":
            return [(line.span.start, line.span.end) for line in report.title]
        # preamble (prose and narrative have their own views, read in run())
        end = next((n.span.start for n in report.body if isinstance(n, Section)), len(ctx.text))
        return [(0, end)]


def _source_span(offsets: int | Sequence[int], start: int, end: int) -> Span:
    if isinstance(offsets, int):
        return Span(offsets + start, offsets + end)
    return Span(offsets[start], offsets[end - 1] + 1)


def _position(d: Diagnostic) -> int:
    return d.span.start if d.span else 0


def _year_fields(year: int | None) -> dict[str, object]:
    return {"year": year or "", "next_year": year + 1 if year else ""}


def _with_year(text: str, year: int) -> str:
    return (
        text.replace("{year}", str(year))
        .replace("{next_year}", str(year + 1))
        .replace("{prev_year}", str(year - 1))
    )


@cache
def _compiled(text: str, year: int | None) -> Regex | None:
    """A pattern naming the year, for one report's year; None if the year is unknown. Its facts
    are kept between runs (working them out was a tenth of a single-file check's CPU)."""
    if year is None:
        return None
    return codecache.derived(f"pattern {year} {text}", lambda: Regex.of(_with_year(text, year), re.M))


def _for_year(items: tuple[Regex | str, ...], year: int | None) -> list[tuple[int, Regex]]:
    """(index, pattern) of the patterns that apply to a report of this year: worked out once per
    rule and year (the items are kept with the answer, so their id is not reused)."""
    known = _BY_YEAR.get((id(items), year))
    if known is None:
        found = ((i, p if isinstance(p, Regex) else _compiled(p, year)) for i, p in enumerate(items))
        known = _BY_YEAR[id(items), year] = (items, [(i, p) for i, p in found if p is not None])
    return known[1]


_BY_YEAR: dict[tuple[int, int | None], tuple[tuple[Regex | str, ...], list[tuple[int, Regex]]]] = {}


def _compile(rule: RuleFile, key: str, texts: list[str]) -> tuple[Regex | str, ...]:
    """The patterns, each checked once (with a sample year where it names one): compiled with
    their facts (gklint.rules.regex), or kept as text when they name the year."""
    out: list[Regex | str] = []
    for i, text in enumerate(texts):
        if len(text) > MAX_PATTERN:
            raise rule.fail("rule-expression-size", key, key=key, size=len(text), limit=MAX_PATTERN)
        try:
            if any(f in text for f in YEAR_FIELDS):
                re.compile(_with_year(text, 2020), re.M)
                out.append(text)
            else:
                out.append(Regex.of(text, re.M))
        except re.error as e:
            raise rule.fail("rule-bad-regex", key, str(i), key=key, reason=e) from e
    return tuple(out)


def compile_check(rule: RuleFile, meta: RuleMeta) -> Pattern:
    d = rule.data
    raw = d["pattern"]
    items = [raw] if isinstance(raw, str) else list(raw)
    texts, whats = [], []
    for i, item in enumerate(items):
        if isinstance(item, dict):  # {pattern: …, what: …}: the match named in the message
            if set(item) - {"pattern", "what"} or "pattern" not in item:
                raise rule.fail(
                    "rule-bad-param", "pattern", str(i), key="pattern", reason="只允许 pattern 和 what"
                )
            texts.append(str(item["pattern"]))
            whats.append(str(item.get("what", "")))
        else:
            texts.append(str(item))
            whats.append("")
    patterns = _compile(rule, "pattern", texts)
    where = d.get("where", "text")
    if where not in PLACES:
        raise rule.fail("rule-bad-choice", "where", key="where", choices=", ".join(PLACES))
    years = d.get("years", {})
    for key in years:
        if key not in ("from", "to") or not isinstance(years[key], int):
            raise rule.fail("rule-bad-param", "years", key="years", reason="只允许 from 和 to，值为年份数字")
    check_template(rule, "message", d["message"], MESSAGE_FIELDS)
    within = d.get("within")
    try:
        inside = re.compile(within) if within else None
    except re.error as e:
        raise rule.fail("rule-bad-regex", "within", key="within", reason=e) from e
    return Pattern(
        patterns,
        tuple(whats),
        _compile(rule, "exclude", [str(p) for p in d.get("exclude", [])]),
        where,
        years.get("from"),
        years.get("to"),
        int(d.get("max", 20)),
        inside,
    )
