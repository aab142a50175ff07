"""kinds: period and date — the statistics period and the date under the signature.

kind: period
check: year-mismatch | not-full-year | damaged | missing

kind: date
check: before-year-end | after-deadline
params:                                  # after-deadline: the day of the following year
  deadlines: {default: "01-31", government: "03-31", until_2018: "03-31"}
  government: '(?:省|市|县|区|州|盟|旗)人民政府$'   # an agency that publishes the 本级政府 report
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from gklint.model import Diagnostic, RuleMeta
from gklint.rules.context import RuleContext
from gklint.rules.kinds.base import Rule, diagnostic
from gklint.rules.schema import RuleFile, check_template

FIELDS = {"check": str, "params": dict}
REQUIRED = ("check",)
PERIOD_CHECKS = ("year-mismatch", "not-full-year", "damaged", "missing")
DATE_CHECKS = ("before-year-end", "after-deadline")
TEMPLATE_FIELDS = ("year", "raw", "start", "end", "date", "deadline")


def _fmt(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "（未写明）"


@dataclass(frozen=True)
class Period:
    check: str

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        facts = ctx.facts
        if facts is None:
            return []
        period = facts.period
        if self.check == "missing":
            if period is not None or ctx.report is None or not ctx.report.body:
                return []
            span = ctx.report.title[0].span if ctx.report.title else None
            return [diagnostic(rule, rule.message.format(**_values(ctx)), span)]
        if period is None:
            return []
        values = _values(ctx, raw=period.raw, start=_fmt(period.start), end=_fmt(period.end))
        if self.check == "damaged":
            failed = period.damaged
        elif self.check == "year-mismatch":
            years = {d.year for d in (period.start, period.end) if d}
            failed = ctx.year is not None and bool(years) and years != {ctx.year}
        else:  # not-full-year
            year = period.end.year if period.end else (period.start.year if period.start else None)
            failed = year is not None and (period.start, period.end) != (
                dt.date(year, 1, 1),
                dt.date(year, 12, 31),
            )
        return [diagnostic(rule, rule.message.format(**values), period.span)] if failed else []


@dataclass(frozen=True)
class Date:
    check: str
    params: dict[str, Any] = field(default_factory=dict)

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        facts = ctx.facts
        if facts is None or facts.published is None or facts.published.date is None or ctx.year is None:
            return []
        published = facts.published.date
        values = _values(ctx, raw=facts.published.raw, date=_fmt(published))
        if self.check == "before-year-end":
            failed = published <= dt.date(ctx.year, 12, 31)
        else:
            deadline = self.deadline(ctx, facts.agency)
            values["deadline"] = _fmt(deadline)
            failed = published > deadline
        return [diagnostic(rule, rule.message.format(**values), facts.published.span)] if failed else []

    def deadline(self, ctx: RuleContext, agency: str | None) -> dt.date:
        """1月31日 for reports from 2019 on; 3月31日 for the 本级人民政府 report and up to 2018."""
        deadlines = {**self.params.get("deadlines", {}), **dict(ctx.settings.get("deadlines", {}))}  # type: ignore[call-overload]
        assert ctx.year is not None
        if ctx.year <= int(self.params.get("old_rules_until", 2018)):
            key = "until_2018"
        elif agency and re.search(self.params.get("government", "$^"), agency):
            key = "government"
        else:
            key = "default"
        month, day = (int(x) for x in str(deadlines[key]).split("-"))
        return dt.date(ctx.year + 1, month, day)


def _values(ctx: RuleContext, **values: object) -> dict[str, object]:
    out: dict[str, object] = {name: "" for name in TEMPLATE_FIELDS}
    out["year"] = ctx.year if ctx.year is not None else "（未知）"
    out.update(values)
    return out


def compile_period(rule: RuleFile, meta: RuleMeta) -> Period:
    check = rule.data["check"]
    if check not in PERIOD_CHECKS:
        raise rule.fail("rule-bad-choice", "check", key="check", choices=", ".join(PERIOD_CHECKS))
    check_template(rule, "message", rule.data["message"], TEMPLATE_FIELDS)
    return Period(check)


def compile_date(rule: RuleFile, meta: RuleMeta) -> Date:
    check = rule.data["check"]
    if check not in DATE_CHECKS:
        raise rule.fail("rule-bad-choice", "check", key="check", choices=", ".join(DATE_CHECKS))
    params = rule.data.get("params", {})
    if check == "after-deadline":
        for key in ("default", "government", "until_2018"):
            value = str(params.get("deadlines", {}).get(key, ""))
            if not re.fullmatch(r"\d{2}-\d{2}", value):
                raise rule.fail("rule-bad-param", "params", key=f"params.deadlines.{key}", reason="MM-DD")
        try:
            re.compile(params.get("government", ""))
        except re.error as e:
            raise rule.fail("rule-bad-regex", "params", key="params.government", reason=e) from e
    check_template(rule, "message", rule.data["message"], TEMPLATE_FIELDS)
    return Date(check, params)
