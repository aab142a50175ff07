"""kinds: period and date — the statistics period and the date under the signature.

kind: period
check: year-mismatch | not-full-year | damaged | missing

kind: date
check: before-year-end | after-deadline
Each check is a class of its own; after-deadline's parameters are validated when loaded:
params:                                  # after-deadline: the day of the following year
  deadlines: {default: "01-31", government: "03-31", until_2018: "03-31"}
  government: '(?:省|市|县|区|州|盟|旗)人民政府$'   # an agency that publishes the 本级政府 report
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gklint.model import Diagnostic, RuleMeta
from gklint.rules.context import RuleContext
from gklint.rules.kinds.base import Check, Rule, diagnostic
from gklint.rules.regex import Regex
from gklint.rules.schema import RuleFile, check_template

FIELDS = {"check": str, "params": dict}
REQUIRED = ("check",)
DATE_CHECKS = ("before-year-end", "after-deadline")
TEMPLATE_FIELDS = ("year", "raw", "start", "end", "date", "deadline")


def _fmt(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "（未写明）"


@dataclass(frozen=True)
class PeriodMissing:
    """No statistics period found in a report that has a body."""

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        if ctx.facts is None or ctx.facts.period is not None or ctx.report is None or not ctx.report.body:
            return []
        span = ctx.report.title[0].span if ctx.report.title else None
        return [diagnostic(rule, rule.message.format(**_values(ctx)), span)]


@dataclass(frozen=True)
class PeriodCheck:
    """A test of the statistics period found: `failed` says whether it is wrong."""

    failed: Callable[[Any, RuleContext], bool]  # the period (parse.facts), the context

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        period = ctx.facts.period if ctx.facts else None
        if period is None or not self.failed(period, ctx):
            return []
        values = _values(ctx, raw=period.raw, start=_fmt(period.start), end=_fmt(period.end))
        return [diagnostic(rule, rule.message.format(**values), period.span)]


def _damaged(period: Any, ctx: RuleContext) -> bool:  # noqa: ANN401 - parse.facts.Period
    return bool(period.damaged)


def _year_mismatch(period: Any, ctx: RuleContext) -> bool:  # noqa: ANN401
    years = {d.year for d in (period.start, period.end) if d}
    return ctx.year is not None and bool(years) and years != {ctx.year}


def _not_full_year(period: Any, ctx: RuleContext) -> bool:  # noqa: ANN401
    year = period.end.year if period.end else (period.start.year if period.start else None)
    return year is not None and (period.start, period.end) != (dt.date(year, 1, 1), dt.date(year, 12, 31))


@dataclass(frozen=True)
class BeforeYearEnd:
    """The date under the signature is not after the year reported on."""

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        published = _published(ctx)
        if published is None or published > dt.date(ctx.year, 12, 31):  # type: ignore[arg-type]
            return []
        return [_dated(rule, ctx, published)]


@dataclass(frozen=True)
class AfterDeadline:
    """The date under the signature is after the deadline for publishing."""

    deadlines: Mapping[str, str]  # default, government, until_2018: "MM-DD" of the following year
    government: Regex  # an agency that publishes the 本级政府 report
    old_rules_until: int = 2018

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        published = _published(ctx)
        if published is None:
            return []
        deadline = self.deadline(ctx, ctx.facts.agency if ctx.facts else None)
        return [_dated(rule, ctx, published, deadline=_fmt(deadline))] if published > deadline else []

    def deadline(self, ctx: RuleContext, agency: str | None) -> dt.date:
        """1月31日 for reports from 2019 on; 3月31日 for the 本级人民政府 report and up to 2018."""
        deadlines = {**self.deadlines, **dict(ctx.settings.get("deadlines", {}))}  # type: ignore[call-overload]
        assert ctx.year is not None
        if ctx.year <= self.old_rules_until:
            key = "until_2018"
        elif agency and self.government.re.search(agency):
            key = "government"
        else:
            key = "default"
        month, day = (int(x) for x in str(deadlines[key]).split("-"))
        return dt.date(ctx.year + 1, month, day)


def _published(ctx: RuleContext) -> dt.date | None:
    facts = ctx.facts
    if facts is None or facts.published is None or ctx.year is None:
        return None
    return facts.published.date


def _dated(rule: Rule, ctx: RuleContext, published: dt.date, **extra: object) -> Diagnostic:
    assert ctx.facts is not None and ctx.facts.published is not None
    values = _values(ctx, raw=ctx.facts.published.raw, date=_fmt(published), **extra)
    return diagnostic(rule, rule.message.format(**values), ctx.facts.published.span)


def _values(ctx: RuleContext, **values: object) -> dict[str, object]:
    out: dict[str, object] = {name: "" for name in TEMPLATE_FIELDS}
    out["year"] = ctx.year if ctx.year is not None else "（未知）"
    out.update(values)
    return out


PERIOD_CHECKS: dict[str, Check] = {
    "missing": PeriodMissing(),
    "damaged": PeriodCheck(_damaged),
    "year-mismatch": PeriodCheck(_year_mismatch),
    "not-full-year": PeriodCheck(_not_full_year),
}


def compile_period(rule: RuleFile, meta: RuleMeta) -> Check:
    check = rule.data["check"]
    if check not in PERIOD_CHECKS:
        raise rule.fail("rule-bad-choice", "check", key="check", choices=", ".join(PERIOD_CHECKS))
    check_template(rule, "message", rule.data["message"], TEMPLATE_FIELDS)
    return PERIOD_CHECKS[check]


def compile_date(rule: RuleFile, meta: RuleMeta) -> Check:
    check = rule.data["check"]
    if check not in DATE_CHECKS:
        raise rule.fail("rule-bad-choice", "check", key="check", choices=", ".join(DATE_CHECKS))
    check_template(rule, "message", rule.data["message"], TEMPLATE_FIELDS)
    if check == "before-year-end":
        return BeforeYearEnd()
    params = rule.data.get("params", {})
    deadlines = params.get("deadlines", {})
    if not isinstance(deadlines, dict):
        raise rule.fail("rule-bad-param", "params", key="params.deadlines", reason="{default: MM-DD, …}")
    for key in ("default", "government", "until_2018"):
        if not re.fullmatch(r"\d{2}-\d{2}", str(deadlines.get(key, ""))):
            raise rule.fail("rule-bad-param", "params", key=f"params.deadlines.{key}", reason="MM-DD")
    try:
        government = Regex.of(str(params.get("government", "$^")))
    except re.error as e:
        raise rule.fail("rule-bad-regex", "params", key="params.government", reason=e) from e
    until = params.get("old_rules_until", 2018)
    if not isinstance(until, int):
        raise rule.fail("rule-bad-param", "params", key="params.old_rules_until", reason="年份")
    return AfterDeadline({k: str(v) for k, v in deadlines.items()}, government, until)
