"""kind: structure — checks of the report as a whole, by `check`:

    not-a-report     nothing of a report is recognised (no year, period, section or table)
    year-missing     no report year in the title or the statistics period
    era-mismatch     the tables' version (era) is not the one for the report's year
    sections-missing a required section heading is missing (params.sections)
    sections-order   the required sections are out of order
    table-missing    a required table is missing (params.tables: era -> table kinds)
    table-problems   a table recognised but not readable (params.problems: problem codes)

Each check is a class of its own with typed parameters; the parameters are data in the rule
file (`params:`), validated when it is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gklint import messages
from gklint.model import Diagnostic, RuleMeta, Span
from gklint.parse.ast import Section, Table, walk
from gklint.rules.context import RuleContext
from gklint.rules.kinds.base import Rule, diagnostic
from gklint.rules.regex import Regex
from gklint.rules.schema import RuleFile, check_template

FIELDS = {"check": str, "params": dict}
REQUIRED = ("check",)
TEMPLATE_FIELDS = ("year", "era", "expected", "section", "table", "problem", "found")


def _fields(**values: object) -> dict[str, object]:
    return {name: values.get(name, "") for name in TEMPLATE_FIELDS}


def _title_span(ctx: RuleContext) -> Span:
    return ctx.report.title[0].span if ctx.report and ctx.report.title else Span(0, 0)


@dataclass(frozen=True)
class NotAReport:
    """Nothing of a report was recognised: no year, period, section or table."""

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        report = ctx.report
        if report is None or ctx.year is not None or ctx.tables or report.sections:
            return []
        if ctx.facts is not None and ctx.facts.period is not None:
            return []
        return [diagnostic(rule, rule.message.format(**_fields()), Span(0, 0))]


@dataclass(frozen=True)
class YearMissing:
    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        if ctx.year is not None:
            return []
        return [diagnostic(rule, rule.message.format(**_fields()), _title_span(ctx))]


@dataclass(frozen=True)
class EraMismatch:
    by_year: tuple[tuple[str, int, int], ...]  # era, first year, last year
    names: Mapping[str, str]

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        if ctx.era_source != "table" or ctx.year is None:
            return []
        expected = next((era for era, first, last in self.by_year if first <= ctx.year <= last), None)
        if expected is None or expected == ctx.era:
            return []
        names = self.names
        text = rule.message.format(
            **_fields(year=ctx.year, era=names.get(ctx.era, ctx.era), expected=names.get(expected, expected))
        )
        return [diagnostic(rule, text, _first_table(ctx))]


@dataclass(frozen=True)
class Sections:
    """The required sections (params.sections: name and a pattern matching its heading)."""

    sections: tuple[tuple[str, Regex], ...]

    def found(self, ctx: RuleContext) -> list[tuple[str, Section]]:
        found: list[tuple[str, Section]] = []
        for node in ctx.report.sections if ctx.report else ():
            for name, pattern in self.sections:
                if pattern.re.search(node.heading.text) and name not in (n for n, _ in found):
                    found.append((name, node))
                    break
        return found


@dataclass(frozen=True)
class SectionsMissing(Sections):
    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        if ctx.report is None or not ctx.report.sections:
            return []
        found = dict(self.found(ctx))
        span = ctx.report.sections[0].heading.span
        return [
            diagnostic(rule, rule.message.format(**_fields(section=name)), span)
            for name, _ in self.sections
            if name not in found
        ]


@dataclass(frozen=True)
class SectionsOrder(Sections):
    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        order = [name for name, _ in self.sections]
        out = []
        best = -1
        for name, node in sorted(self.found(ctx), key=lambda f: f[1].heading.span.start):
            rank = order.index(name)
            if rank < best:
                out.append(diagnostic(rule, rule.message.format(**_fields(section=name)), node.heading.span))
            best = max(best, rank)
        return out


@dataclass(frozen=True)
class TableMissing:
    tables: Mapping[str, tuple[tuple[str, ...], ...]]  # era -> the tables required, each as alternatives
    names: Mapping[str, str]
    years: tuple[int, int] = (0, 9999)

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        first, last = self.years
        if ctx.era not in self.tables or ctx.year is None or not first <= ctx.year <= last:
            return []
        span = _title_span(ctx)
        return [
            diagnostic(rule, rule.message.format(**_fields(table=self.names.get(kinds[0], kinds[0]))), span)
            for kinds in self.tables[ctx.era]
            if not ctx.tables.intersection(kinds)
        ]


@dataclass(frozen=True)
class TableProblems:
    problems: frozenset[str]  # problem codes of the tables layer

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        return [
            diagnostic(
                rule, rule.message.format(**_fields(problem=messages.text(p.code, **dict(p.args)))), p.span
            )
            for p in ctx.problems
            if p.code in self.problems
        ]


def _first_table(ctx: RuleContext) -> Span | None:
    for node in walk(ctx.report.body) if ctx.report else ():
        if isinstance(node, Table):
            return Span(node.span.start, node.lines[0].span.end)
    return None


# -- each check's parameters, validated when the rule file is loaded --------------------------
class _Params:
    def __init__(self, rule: RuleFile) -> None:
        self.rule = rule
        self.data: dict[str, Any] = rule.data.get("params", {})

    def fail(self, key: str, reason: str) -> Exception:
        return self.rule.fail("rule-bad-param", "params", key=f"params.{key}", reason=reason)

    def required(self, key: str) -> Any:  # noqa: ANN401 - YAML data, checked by the caller
        if key not in self.data:
            raise self.rule.fail("rule-missing-field", "params", key=f"params.{key}")
        return self.data[key]

    def names(self) -> dict[str, str]:
        names = self.data.get("names", {})
        if not isinstance(names, dict):
            raise self.fail("names", "{代码: 名称}")
        return {str(k): str(v) for k, v in names.items()}

    def year_range(self, key: str, value: object) -> tuple[int, int]:
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(y, int) for y in value)):
            raise self.fail(key, "[起始年份, 截止年份]")
        return value[0], value[1]


def _era_mismatch(p: _Params) -> EraMismatch:
    by_year = p.required("by_year")
    if not isinstance(by_year, dict):
        raise p.fail("by_year", "{格式: [起始年份, 截止年份]}")
    ranges = tuple((str(era), *p.year_range(f"by_year.{era}", years)) for era, years in by_year.items())
    return EraMismatch(ranges, p.names())  # type: ignore[arg-type]


def _sections(p: _Params) -> tuple[tuple[str, Regex], ...]:
    items = p.required("sections")
    if not isinstance(items, list):
        raise p.fail("sections", "[{name, match}, …]")
    out = []
    for i, item in enumerate(items):
        try:
            out.append((str(item["name"]), Regex.of(str(item["match"]))))
        except (KeyError, TypeError, re.error) as e:
            raise p.rule.fail(
                "rule-bad-param", "params", "sections", str(i), key="params.sections", reason=e
            ) from e
    return tuple(out)


def _table_missing(p: _Params) -> TableMissing:
    tables = p.required("tables")
    if not isinstance(tables, dict) or not all(isinstance(v, list) for v in tables.values()):
        raise p.fail("tables", "{格式: [表, …]}")
    required = {str(era): tuple(tuple(str(t).split("|")) for t in kinds) for era, kinds in tables.items()}
    years = p.year_range("years", p.data["years"]) if "years" in p.data else (0, 9999)
    return TableMissing(required, p.names(), years)


def _table_problems(p: _Params) -> TableProblems:
    codes = p.required("problems")
    if not isinstance(codes, list):
        raise p.fail("problems", "[问题代码, …]")
    return TableProblems(frozenset(str(c) for c in codes))


CHECKS: dict[str, Callable[[_Params], object]] = {
    "not-a-report": lambda p: NotAReport(),
    "year-missing": lambda p: YearMissing(),
    "era-mismatch": _era_mismatch,
    "sections-missing": lambda p: SectionsMissing(_sections(p)),
    "sections-order": lambda p: SectionsOrder(_sections(p)),
    "table-missing": _table_missing,
    "table-problems": _table_problems,
}


def compile_check(rule: RuleFile, meta: RuleMeta) -> Any:  # noqa: ANN401 - one of the classes above
    check = rule.data["check"]
    if check not in CHECKS:
        raise rule.fail("rule-bad-choice", "check", key="check", choices=", ".join(CHECKS))
    compiled = CHECKS[check](_Params(rule))
    check_template(rule, "message", rule.data["message"], TEMPLATE_FIELDS)
    return compiled
