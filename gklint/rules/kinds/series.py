"""Cross-year kinds: rules that compare a report with the same body's previous report.

They run only in the cross-year post-pass (gklint/series/postpass.py), which puts a SeriesLink
into the context's settings; checking one report alone, they find nothing.

    kind: series          # an equation whose cells may be the previous report's:
    let: {a: t3.carried_in.{col}, b: prev.t3.carried_over.{col}}    #   prev.<cell id>
    assert: a == b        # (历年累计 figures: cum.<row's cell id>, prev.cum.<…>)
    previous_year: adjacent   # adjacent: only the year before; nearest: the nearest earlier report,
                              # missing years allowed; gap: only when years are missing in between
    previous_eras: [B, C] # formats of the previous report whose cells are comparable

    kind: copied          # text taken over from the previous report
    kind: duplicate       # another report of the same body and year among the inputs
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from gklint import messages
from gklint.model import Cell, Diagnostic, Finding, RuleMeta, SeriesCell, SeriesData, Span, Value, number_text
from gklint.registry import format_ids, format_name
from gklint.rules.context import RuleContext
from gklint.rules.kinds import equation
from gklint.rules.kinds.base import Rule, diagnostic
from gklint.rules.schema import RuleFile, check_template
from gklint.tables.labels import all_cell_ids, cell_name

if TYPE_CHECKING:
    from gklint.series.copied import Stretch

LINK = "series"  # the settings key of the SeriesLink
PREVIOUS = "prev."
CUMULATIVE = "cum."


@dataclass(frozen=True)
class SeriesLink:
    """One report's place in its series, as the post-pass found it."""

    current: SeriesData
    previous: SeriesData | None = None
    previous_path: str = ""
    previous_findings: tuple[Finding, ...] = ()  # of the previous report, to tell what copied text carries
    duplicates: tuple[str, ...] = ()  # other files of the same body and year


def link_of(ctx: RuleContext) -> SeriesLink | None:
    link = ctx.settings.get(LINK)
    return link if isinstance(link, SeriesLink) else None


@cache
def series_cell_ids() -> frozenset[str]:
    """The ids a cross-year expression may name: this report's cells and 历年累计 figures, and the
    previous report's (prev.)."""
    base = all_cell_ids()
    own = base | {CUMULATIVE + c for c in base if c.startswith("a.")}
    return own | {PREVIOUS + c for c in own}


def cell_of(c: SeriesCell) -> Cell:
    return Cell(c.id, Value(c.kind, c.raw, c.number), c.at.span)


# -- kind: series ------------------------------------------------------------------------------
SERIES_FIELDS: dict[str, type | tuple[type, ...]] = {
    **equation.FIELDS,
    "previous_year": str,
    "previous_eras": list,
    "explained_by": list,
}
PREVIOUS_YEAR = ("adjacent", "nearest", "gap")


@dataclass(frozen=True)
class CrossYear:
    """The cross-year kind: an equation between this report's cells and the previous year's."""

    equation: equation.Equation
    previous_year: str
    previous_eras: tuple[str, ...]
    explained_by: tuple[re.Pattern[str], ...] = ()  # a sentence saying why: no failure

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        link = link_of(ctx)
        if link is None or link.previous is None:
            return []
        prev = link.previous
        if self.previous_year == "gap" and ctx.year is not None and prev.year == ctx.year - 1:
            return []  # the years are adjacent: the exact rule for adjacent years applies
        reason = self._not_comparable(ctx, prev)
        if reason:
            message = messages.text("series-not-comparable", title=rule.meta.title, reason=reason)
            return [diagnostic(rule, message, None, outcome="not-assessable", severity="info")]
        cells = dict(ctx.cells)
        cells.update({PREVIOUS + c.id: cell_of(c) for c in prev.cells})
        merged = replace(ctx, cells=cells, known=series_cell_ids())
        found = [d for d, _ in self.equation.report(rule, self.equation.instances(merged))]
        if self._explained(link.current):
            found = [d for d in found if d.outcome != "fail"]
        own = {c.span for c in ctx.cells.values()}
        return [_own_places(d, own) for d in found]

    def _explained(self, data: SeriesData) -> bool:
        return any(p.search(s.text) for p in self.explained_by for s in data.sentences)

    def _not_comparable(self, ctx: RuleContext, prev: SeriesData) -> str | None:
        if ctx.year is None or prev.year is None:
            return messages.text("series-year-unknown")
        if prev.year >= ctx.year:  # --previous or `gklint compare` given the years the wrong way round
            return messages.text("series-not-earlier", previous=prev.year, year=ctx.year)
        if ctx.year - prev.year > 1 and self.previous_year == "adjacent":
            return messages.text("series-year-gap", previous=prev.year, missing=ctx.year - 1)
        if prev.era not in self.previous_eras:
            return messages.text("series-era", previous=prev.year, era=era_name(prev.era))
        return None


def _own_places(d: Diagnostic, own: set[Span]) -> Diagnostic:
    """The previous report's cells have no place in this file: a finding points at this report's
    cells only."""
    cells = tuple(replace(c, span=None) if c.id.startswith(PREVIOUS) else c for c in d.cells)
    span = d.span if d.span in own else next((c.span for c in cells if c.span in own), None)
    return replace(d, cells=cells, span=span)


def era_name(era: str) -> str:
    return format_name(era, "message") or messages.text("era-name-unknown")


def compile_series(rule: RuleFile, meta: RuleMeta) -> CrossYear:
    d = rule.data
    eras = tuple(str(e) for e in d.get("previous_eras", meta.eras))
    if not eras or any(e not in format_ids() for e in eras):
        choices = ", ".join(format_ids())
        raise rule.fail("rule-bad-choice", "previous_eras", key="previous_eras", choices=choices)
    years = d.get("previous_year", "adjacent")
    if years not in PREVIOUS_YEAR:
        raise rule.fail(
            "rule-bad-choice", "previous_year", key="previous_year", choices=", ".join(PREVIOUS_YEAR)
        )
    check = equation.compile_check(rule, meta, series_cell_ids())
    return CrossYear(check, years, eras, _patterns(rule, "explained_by"))


def _patterns(rule: RuleFile, key: str) -> tuple[re.Pattern[str], ...]:
    found = []
    for i, p in enumerate(rule.data.get(key, [])):
        try:
            found.append(re.compile(str(p)))
        except re.error as e:
            raise rule.fail("rule-bad-regex", key, str(i), key=key, reason=e) from e
    return tuple(found)


# -- kind: copied ------------------------------------------------------------------------------
COPIED_FIELDS: dict[str, type | tuple[type, ...]] = {
    "similarity": (int, float),
    "min_sentence": int,
    "min_chars": int,
    "stock": list,
}
COUNT = re.compile(r"(?<![\d.])(\d+)(条|件|期|次|人次|个|份|项|篇|场|人|家)")


@dataclass(frozen=True)
class CopiedText:
    """The copied-text kind: text taken over from the previous year's report."""

    similarity: float
    min_sentence: int
    min_chars: int
    stock: tuple[re.Pattern[str], ...]

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        link = link_of(ctx)
        if link is None or link.previous is None:
            return []
        # with a previous year's report only: a check of one report need not import the comparison
        from gklint.series.copied import find_copied

        copied = find_copied(link.current, link.previous, self.stock, self.similarity, self.min_sentence)
        share = str(round(copied.share * 100))
        prev_cells = _numbers(link.previous.cells)
        out = []
        for stretch in copied.stretches:
            if stretch.chars < self.min_chars:
                continue
            details = _stale(stretch, link, ctx, prev_cells)
            values = {
                "sentences": len(stretch.matches),
                "chars": stretch.chars,
                "share": share,
                "year": link.previous.year or "",
                "details": "；".join(details) + ("。" if details else ""),
                "excerpt": _excerpt(stretch.text),
            }
            # pointed at the stretch's first sentence: the message gives its length
            out.append(diagnostic(rule, rule.message.format(**values), stretch.matches[0].sentence.at.span))
        return out


def _excerpt(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[:size] + "……"


def _stale(
    stretch: Stretch, link: SeriesLink, ctx: RuleContext, prev_cells: Mapping[Decimal, list[str]]
) -> list[str]:
    """What in the copied text belongs to last year: its year, its table's counts, its defects."""
    prev = link.previous
    assert prev is not None
    found: list[str] = []
    year = f"{prev.year}年"
    if prev.year and ctx.year != prev.year and year in stretch.text:
        found.append(messages.text("copied-stale-year", year=year))
    kept: list[str] = []
    for m in stretch.matches:
        for count in COUNT.finditer(m.sentence.text):
            if not re.search(r"(?<![\d.])" + re.escape(count.group(0)), m.previous.text):
                continue  # this number was updated
            table = _table_count(count, prev_cells, ctx)
            if table:
                found.append(table)
            elif count.group(0) not in kept:
                kept.append(count.group(0))
    if kept:
        found.append(messages.text("copied-same-counts", counts="、".join(f"“{k}”" for k in kept)))
    spans = [m.previous.at.span for m in stretch.matches]
    codes = sorted(
        {
            f.diagnostic.code
            for f in link.previous_findings
            if f.diagnostic.outcome == "fail"
            and f.diagnostic.span is not None
            and any(s.start <= f.diagnostic.span.start < s.end for s in spans)
        }
    )
    if codes:
        found.append(messages.text("copied-stale-defects", codes="、".join(codes)))
    return found


def _table_count(
    count: re.Match[str], prev_cells: Mapping[Decimal, list[str]], ctx: RuleContext
) -> str | None:
    """A count copied unchanged that is a figure of last year's tables, whose cell says otherwise
    this year."""
    value = Decimal(count.group(1))
    for cid in prev_cells.get(value, ()):
        now = ctx.cells.get(cid)
        if now is not None and now.value.is_number and now.value.number != value:
            return messages.text(
                "copied-stale-count",
                text=count.group(0),
                cell=cell_name(cid),
                now=number_text(now.value.number),
            )
    return None


def _numbers(cells: tuple[SeriesCell, ...]) -> Mapping[Decimal, list[str]]:
    """Table values of a report that are specific enough to recognise in text (10 or more)."""
    out: dict[Decimal, list[str]] = {}
    for c in cells:
        if c.kind == "number" and c.number is not None and c.number >= 10 and not c.id.startswith(CUMULATIVE):
            out.setdefault(Decimal(c.number), []).append(c.id)
    return out


def compile_copied(rule: RuleFile, meta: RuleMeta) -> CopiedText:
    d = rule.data
    stock = _patterns(rule, "stock")
    fields = ["sentences", "chars", "share", "year", "details", "excerpt"]
    check_template(rule, "message", d["message"], fields)
    return CopiedText(
        float(d.get("similarity", 0.8)),
        int(d.get("min_sentence", 15)),
        int(d.get("min_chars", 40)),
        stock,
    )


# -- kind: duplicate ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Duplicate:
    """The duplicate kind: several reports of one agency for one year."""

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        link = link_of(ctx)
        if link is None or not link.duplicates:
            return []
        at = link.current.agency_at
        message = rule.message.format(others="、".join(link.duplicates), year=ctx.year or "")
        return [diagnostic(rule, message, at.span if at else None)]


def compile_duplicate(rule: RuleFile, meta: RuleMeta) -> Duplicate:
    check_template(rule, "message", rule.data["message"], ["others", "year"])
    return Duplicate()
