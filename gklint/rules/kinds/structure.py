"""kind: structure — checks of the report as a whole, by `check`:

    not-a-report     nothing of a report is recognised (no year, period, section or table)
    year-missing     no report year in the title or the statistics period
    era-mismatch     the tables' version (era) is not the one for the report's year
    sections-missing a required section heading is missing (params.sections)
    sections-order   the required sections are out of order
    table-missing    a required table is missing (params.tables: era -> table kinds)
    table-problems   a table recognised but not readable (params.problems: problem codes)
    incomplete       the text stops part-way (gklint/rules/completeness.py), said once where it stops
    tables-absent    a report of a year with statistics tables (params.by_year) has none readable

A cut text (`incomplete`) leaves what would have come after it unknown: sections-missing holds back
the sections expected after the last one found, and the table checks hold back every table, as one
not-assessable diagnostic each, instead of an error for each.

Parameters are data in the rule file (`params:`), validated here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gklint import messages
from gklint.model import Diagnostic, RuleMeta, Span
from gklint.parse.ast import Section, Table, walk
from gklint.rules.completeness import Cut, find_cut
from gklint.rules.context import RuleContext
from gklint.rules.kinds.base import Rule, diagnostic
from gklint.rules.schema import RuleFile, check_template

FIELDS = {"check": str, "params": dict}
REQUIRED = ("check",)
CHECKS = (
    "not-a-report",
    "year-missing",
    "era-mismatch",
    "sections-missing",
    "sections-order",
    "table-missing",
    "table-problems",
    "incomplete",
    "tables-absent",
)
TEMPLATE_FIELDS = ("year", "era", "expected", "section", "table", "problem", "found")


@dataclass(frozen=True)
class Structure:
    check: str
    params: dict[str, Any] = field(default_factory=dict)
    sections: tuple[tuple[str, re.Pattern[str]], ...] = ()

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        return getattr(self, "_" + self.check.replace("-", "_"))(rule, ctx)  # type: ignore[no-any-return]

    def _not_a_report(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        """Nothing of a report was recognised: no year, period, section or table."""
        report = ctx.report
        if report is None or ctx.year is not None or ctx.tables or report.sections:
            return []
        if ctx.facts is not None and ctx.facts.period is not None:
            return []
        return [diagnostic(rule, rule.message.format(**_fields()), Span(0, 0))]

    def _year_missing(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        if ctx.year is not None:
            return []
        return [diagnostic(rule, rule.message.format(**_fields()), _title_span(ctx))]

    def _era_mismatch(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        if ctx.era_source != "table" or ctx.year is None:
            return []
        expected = _era_for(self.params["by_year"], ctx.year)
        if expected is None or expected == ctx.era:
            return []
        names = self.params.get("names", {})
        span = _first_table(ctx)
        text = rule.message.format(
            **_fields(year=ctx.year, era=names.get(ctx.era, ctx.era), expected=names.get(expected, expected))
        )
        return [diagnostic(rule, text, span)]

    def _found_sections(self, ctx: RuleContext) -> list[tuple[str, Section]]:
        found: list[tuple[str, Section]] = []
        for node in ctx.report.sections if ctx.report else ():
            for name, pattern in self.sections:
                if pattern.search(node.heading.text) and name not in (n for n, _ in found):
                    found.append((name, node))
                    break
        return found

    def _sections_missing(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        if ctx.report is None or not ctx.report.sections:
            return []
        found = dict(self._found_sections(ctx))
        order = [name for name, _ in self.sections]
        reached = max((order.index(name) for name in found), default=-1)
        cut = find_cut(ctx)
        missing, after = [], []
        for rank, name in enumerate(order):
            if name in found:
                continue
            # a section that would have come after the cut is not known to be missing
            (after if cut is not None and rank > reached else missing).append(name)
        return self._missing_at_their_place(rule, ctx, found, order, missing) + _held_back(rule, cut, after)

    def _missing_at_their_place(
        self, rule: Rule, ctx: RuleContext, found: dict[str, Section], order: list[str], missing: list[str]
    ) -> list[Diagnostic]:
        if not missing:
            return []
        # One finding, at the heading after which the first missing section belongs, not one per
        # section all at the first heading.
        before = [found[n] for n in order[: order.index(missing[0])] if n in found]
        span = (before[-1] if before else ctx.report.sections[0]).heading.span
        listed = "、".join(f"“{name}”" for name in missing)
        return [diagnostic(rule, rule.message.format(**_fields(section=listed, found=len(missing))), span)]

    def _sections_order(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        order = [name for name, _ in self.sections]
        found = self._found_sections(ctx)
        out = []
        best = -1
        for name, node in sorted(found, key=lambda f: f[1].heading.span.start):
            rank = order.index(name)
            if rank < best:
                out.append(diagnostic(rule, rule.message.format(**_fields(section=name)), node.heading.span))
            best = max(best, rank)
        return out

    def _table_missing(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        required: dict[str, list[str]] = self.params["tables"]
        names: dict[str, str] = self.params.get("names", {})
        era = ctx.era if ctx.era in required else None
        first, last = self.params.get("years", [0, 9999])
        if era is None or ctx.year is None or not first <= ctx.year <= last:
            return []
        if self.params.get("some_found") and not ctx.cells:
            return []  # no table read at all: check tables-absent says so once
        span = _title_span(ctx)
        missing = [
            names.get(kinds[0], kinds[0])
            for kinds in (alternatives.split("|") for alternatives in required[era])
            if not ctx.tables.intersection(kinds)
        ]
        cut = find_cut(ctx)
        if cut is not None:
            return _held_back(rule, cut, missing)
        return [diagnostic(rule, rule.message.format(**_fields(table=name)), span) for name in missing]

    def _tables_absent(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        """A report of a year that has statistics tables, with none the tables layer could read."""
        expected = _era_for(self.params["by_year"], ctx.year) if ctx.year is not None else None
        if expected is None or ctx.cells:
            return []  # a table with a cell read is there (a wrong or unreadable one: GK102, GK107)
        names = self.params.get("names", {})
        table = names.get(expected, expected)
        cut = find_cut(ctx)
        if cut is not None:
            return _held_back(rule, cut, [table])
        text = rule.message.format(**_fields(year=ctx.year, table=table))
        return [diagnostic(rule, text, _title_span(ctx))]

    def _incomplete(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        cut = find_cut(ctx)
        if cut is None:
            return []
        return [diagnostic(rule, rule.message.format(**_fields(problem=cut.reason)), cut.span)]

    def _table_problems(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        codes = set(self.params["problems"])
        return [
            diagnostic(
                rule, rule.message.format(**_fields(problem=messages.text(p.code, **dict(p.args)))), p.span
            )
            for p in ctx.problems
            if p.code in codes
        ]


def _held_back(rule: Rule, cut: Cut | None, items: list[str]) -> list[Diagnostic]:
    """What a cut leaves unknown, said once as not assessable rather than an error per item."""
    if cut is None or not items:
        return []
    text = messages.text("cut-held-back", items="、".join(i if "“" in i else f"“{i}”" for i in items))
    return [diagnostic(rule, text, cut.span, outcome="not-assessable", severity="info")]


def _title_span(ctx: RuleContext) -> Span:
    return ctx.report.title[0].span if ctx.report and ctx.report.title else Span(0, 0)


def _fields(**values: object) -> dict[str, object]:
    return {name: values.get(name, "") for name in TEMPLATE_FIELDS}


def _era_for(by_year: dict[str, list[int]], year: int) -> str | None:
    for era, (first, last) in by_year.items():
        if first <= year <= last:
            return era
    return None


def _first_table(ctx: RuleContext) -> Span | None:
    for node in walk(ctx.report.body) if ctx.report else ():
        if isinstance(node, Table):
            return Span(node.span.start, node.lines[0].span.end)
    return None


def compile_check(rule: RuleFile, meta: RuleMeta) -> Structure:
    d = rule.data
    check = d["check"]
    if check not in CHECKS:
        raise rule.fail("rule-bad-choice", "check", key="check", choices=", ".join(CHECKS))
    params = d.get("params", {})
    needs = {
        "era-mismatch": "by_year",
        "tables-absent": "by_year",
        "table-missing": "tables",
        "table-problems": "problems",
        "sections-missing": "sections",
        "sections-order": "sections",
    }
    if check in needs and needs[check] not in params:
        raise rule.fail("rule-missing-field", "params", key=f"params.{needs[check]}")
    sections: list[tuple[str, re.Pattern[str]]] = []
    for i, item in enumerate(params.get("sections", [])):
        try:
            sections.append((str(item["name"]), re.compile(str(item["match"]))))
        except (KeyError, TypeError, re.error) as e:
            raise rule.fail(
                "rule-bad-param", "params", "sections", str(i), key="params.sections", reason=e
            ) from e
    check_template(rule, "message", d["message"], TEMPLATE_FIELDS)
    return Structure(check, params, tuple(sections))
