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

Each check is a class of its own with typed parameters; the parameters are data in the rule
file (`params:`), validated when it is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from gklint import messages
from gklint.model import Diagnostic, RuleMeta, Span
from gklint.parse.ast import Section, Table, walk
from gklint.rules.completeness import Cut, find_cut
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
    """The report's year could not be read."""

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        if ctx.year is not None:
            return []
        return [diagnostic(rule, rule.message.format(**_fields()), _title_span(ctx))]


@dataclass(frozen=True)
class EraMismatch:
    """The tables' format does not fit the report's year."""

    by_year: tuple[tuple[str, int, int], ...]  # era, first year, last year
    names: Mapping[str, str]

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        if ctx.era_source != "table" or ctx.year is None:
            return []
        expected = _era_for(self.by_year, ctx.year)
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
        """The required sections the report has, in its order: found once for the rules that
        check the same sections (missing, order)."""
        return ctx.shared(self._key, lambda: self._find(ctx))

    @cached_property
    def _key(self) -> str:
        return "sections " + " ".join(f"{name}={pattern.source}" for name, pattern in self.sections)

    def _find(self, ctx: RuleContext) -> list[tuple[str, Section]]:
        found: list[tuple[str, Section]] = []
        taken: set[str] = set()  # (a section found is not searched for again: it could not be taken)
        for node in ctx.report.sections if ctx.report else ():
            for name, pattern in self.sections:
                if name not in taken and pattern.re.search(node.heading.text):
                    found.append((name, node))
                    taken.add(name)
                    break
        return found


@dataclass(frozen=True)
class SectionsMissing(Sections):
    """Required sections not found."""

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        if ctx.report is None or not ctx.report.sections:
            return []
        found = dict(self.found(ctx))
        order = [name for name, _ in self.sections]
        reached = max((order.index(name) for name in found), default=-1)
        cut = find_cut(ctx)
        missing: list[str] = []
        after: list[str] = []
        for rank, name in enumerate(order):
            if name in found:
                continue
            # a section that would have come after the cut is not known to be missing
            (after if cut is not None and rank > reached else missing).append(name)
        return self._missing_at_their_place(rule, ctx, found, order, missing) + _held_back(rule, cut, after)

    def _missing_at_their_place(
        self, rule: Rule, ctx: RuleContext, found: dict[str, Section], order: list[str], missing: list[str]
    ) -> list[Diagnostic]:
        if not missing or ctx.report is None:
            return []
        # One finding, at the heading after which the first missing section belongs, not one per
        # section all at the first heading.
        before = [found[n] for n in order[: order.index(missing[0])] if n in found]
        assert ctx.report is not None  # _sections_missing returned early without one
        span = (before[-1] if before else ctx.report.sections[0]).heading.span
        listed = "、".join(f"“{name}”" for name in missing)
        return [diagnostic(rule, rule.message.format(**_fields(section=listed, found=len(missing))), span)]


@dataclass(frozen=True)
class SectionsOrder(Sections):
    """Sections out of the prescribed order."""

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
    """Required tables not found."""

    tables: Mapping[str, tuple[tuple[str, ...], ...]]  # era -> the tables required, each as alternatives
    names: Mapping[str, str]
    years: tuple[int, int] = (0, 9999)
    some_found: bool = False  # only when some table was read (none read: tables-absent says so once)

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        first, last = self.years
        if ctx.era not in self.tables or ctx.year is None or not first <= ctx.year <= last:
            return []
        if self.some_found and not ctx.cells:
            return []
        missing = [
            self.names.get(kinds[0], kinds[0])
            for kinds in self.tables[ctx.era]
            if not ctx.tables.intersection(kinds)
        ]
        cut = find_cut(ctx)
        if cut is not None:
            return _held_back(rule, cut, missing)
        span = _title_span(ctx)
        return [diagnostic(rule, rule.message.format(**_fields(table=name)), span) for name in missing]


@dataclass(frozen=True)
class TablesAbsent:
    """A report of a year that has statistics tables, with none the tables layer could read."""

    by_year: tuple[tuple[str, int, int], ...]  # era, first year, last year
    names: Mapping[str, str]

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        expected = _era_for(self.by_year, ctx.year) if ctx.year is not None else None
        if expected is None or ctx.cells:
            return []  # a table with a cell read is there (a wrong or unreadable one: GK102, GK107)
        table = self.names.get(expected, expected)
        cut = find_cut(ctx)
        if cut is not None:
            return _held_back(rule, cut, [table])
        return [
            diagnostic(rule, rule.message.format(**_fields(year=ctx.year, table=table)), _title_span(ctx))
        ]


@dataclass(frozen=True)
class Incomplete:
    """The text stops part-way: said once, where it stops."""

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        cut = find_cut(ctx)
        if cut is None:
            return []
        return [diagnostic(rule, rule.message.format(**_fields(problem=cut.reason)), cut.span)]


@dataclass(frozen=True)
class TableProblems:
    """Problems the tables layer found, reported as this rule's findings."""

    problems: frozenset[str]  # problem codes of the tables layer

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        return [
            diagnostic(
                rule, rule.message.format(**_fields(problem=messages.text(p.code, **dict(p.args)))), p.span
            )
            for p in ctx.problems
            if p.code in self.problems
        ]


def _held_back(rule: Rule, cut: Cut | None, items: list[str]) -> list[Diagnostic]:
    """What a cut leaves unknown, said once as not assessable rather than an error per item."""
    if cut is None or not items:
        return []
    text = messages.text("cut-held-back", items="、".join(i if "“" in i else f"“{i}”" for i in items))
    return [diagnostic(rule, text, cut.span, outcome="not-assessable", severity="info")]


def _era_for(by_year: tuple[tuple[str, int, int], ...], year: int) -> str | None:
    return next((era for era, first, last in by_year if first <= year <= last), None)


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


def _by_year(p: _Params) -> tuple[tuple[str, int, int], ...]:
    by_year = p.required("by_year")
    if not isinstance(by_year, dict):
        raise p.fail("by_year", "{格式: [起始年份, 截止年份]}")
    return tuple((str(era), *p.year_range(f"by_year.{era}", years)) for era, years in by_year.items())  # type: ignore[misc]


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
    return TableMissing(required, p.names(), years, bool(p.data.get("some_found", False)))


def _table_problems(p: _Params) -> TableProblems:
    codes = p.required("problems")
    if not isinstance(codes, list):
        raise p.fail("problems", "[问题代码, …]")
    return TableProblems(frozenset(str(c) for c in codes))


CHECKS: dict[str, Callable[[_Params], object]] = {
    "not-a-report": lambda p: NotAReport(),
    "year-missing": lambda p: YearMissing(),
    "era-mismatch": lambda p: EraMismatch(_by_year(p), p.names()),
    "sections-missing": lambda p: SectionsMissing(_sections(p)),
    "sections-order": lambda p: SectionsOrder(_sections(p)),
    "table-missing": _table_missing,
    "table-problems": _table_problems,
    "incomplete": lambda p: Incomplete(),
    "tables-absent": lambda p: TablesAbsent(_by_year(p), p.names()),
}


def compile_check(rule: RuleFile, meta: RuleMeta) -> Any:  # noqa: ANN401 - one of the classes above
    check = rule.data["check"]
    if check not in CHECKS:
        raise rule.fail("rule-bad-choice", "check", key="check", choices=", ".join(CHECKS))
    compiled = CHECKS[check](_Params(rule))
    check_template(rule, "message", rule.data["message"], TEMPLATE_FIELDS)
    return compiled
