"""Running one rule on a test case: cells alone, a report text, or a fixture file.

Cases live in tests/rules/cases/GKnnn.yaml (the rule is the file stem). File-level defaults
(`era`, `year`) come first; every other top-level key is a case with `cells`, `text` or
`report`, and `expect`: the exact list of this rule's diagnostics, each described by the fields
that matter (anchor cell id, line, column, severity, outcome, message substring, fix).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from gklint.model import Cell, Diagnostic, Placed, Position, SeriesCell, SeriesData, Span
from gklint.read import read_path, read_text
from gklint.rules import RuleContext, builtin_rules, run_rules
from gklint.rules.kinds.base import Rule
from gklint.rules.kinds.series import LINK, SeriesLink, series_cell_ids
from gklint.runner import CheckOptions, analyze_source, check_source
from gklint.series.postpass import add_series_findings
from gklint.tables.values import parse_value

TESTS = Path(__file__).resolve().parents[1]
CASES = TESTS / "rules" / "cases"
YEAR_OF_ERA = {"A": 2017, "B": 2020, "C": 2022}
DEFAULT_KEYS = ("era", "year", "settings", "previous_era", "previous_year")


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    spec: dict[str, Any]
    defaults: dict[str, Any]


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES.glob("GK*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        defaults = {k: data[k] for k in DEFAULT_KEYS if k in data}
        for name, spec in data.items():
            if name not in DEFAULT_KEYS:
                cases.append(Case(path.stem, name, spec, defaults))
    return cases


def rule_by_code(code: str) -> Rule:
    return next(r for r in builtin_rules() if r.meta.code == code)


def cells_context(
    cells: dict[str, Any], era: str, year: int | None, settings: dict | None = None
) -> RuleContext:
    """A context holding only cells; each cell gets its own span, in the order given."""
    made = {}
    for i, (cid, value) in enumerate(cells.items()):
        made[cid] = Cell(cid, parse_value("" if value is None else str(value)), Span(i * 10, i * 10 + 1))
    return RuleContext(cells=made, era=era, era_source="table", year=year, settings=settings or {})


def run_case(case: Case) -> tuple[list[Diagnostic], RuleContext, Any]:
    """The rule's diagnostics for a case, the context, and the source (for positions)."""
    rule = rule_by_code(case.rule)
    spec = {**case.defaults, **case.spec}
    settings = spec.get("settings")
    if "previous" in spec:  # a cross-year rule: the previous report, as text or as cells
        return run_series_case(rule, spec)
    if "cells" in spec:
        era = spec.get("era", rule.meta.eras[0])
        ctx = cells_context(spec["cells"], era, spec.get("year", YEAR_OF_ERA[era]), settings)
        return run_rules([rule], ctx), ctx, None
    source = read_path(TESTS / spec["report"]) if "report" in spec else read_text(spec["text"])
    analysis = analyze_source(source)
    ctx = RuleContext.of(analysis.parsed, analysis.extraction, settings, source.problems)
    return run_rules([rule], ctx), ctx, source


def describe(d: Diagnostic, ctx: RuleContext, source: Any, keys: set[str]) -> dict[str, Any]:
    """The fields of a diagnostic that an expectation names."""
    out: dict[str, Any] = {}
    if "anchor" in keys:
        out["anchor"] = next((cid for cid, c in ctx.cells.items() if d.span and c.span == d.span), None)
    if source is not None and d.span is not None and keys & {"line", "column"}:
        pos = source.posmap.position(d.span.start)
        out.update({k: v for k, v in (("line", pos.line), ("column", pos.column)) if k in keys})
    if "severity" in keys:
        out["severity"] = d.severity
    if "outcome" in keys:
        out["outcome"] = d.outcome
    if "fix" in keys:
        out["fix"] = None if d.fix is None else {"cell": d.fix.cell, "value": int(d.fix.value)}
    return out


def snippet_report(snippet: str, era: str) -> str:
    """A doc example as a report gklint can read: a title with a year fitting the era is added
    when the snippet has none."""
    if "年度报告" in snippet:
        return snippet
    year = YEAR_OF_ERA[era]
    return f"示例县人民政府{year}年政府信息公开工作年度报告\n{snippet}"


def series_data(ctx: RuleContext, agency: str = "示例县") -> SeriesData:
    """A report's series data made from a cells-only context (no text, no positions)."""
    nowhere = Position(1, 1)
    cells = tuple(
        SeriesCell(c.id, c.value.kind, c.value.raw, c.value.number, Placed(c.span, nowhere, nowhere))
        for c in ctx.cells.values()
    )
    return SeriesData(agency, ctx.year, ctx.era, tuple(sorted(ctx.tables)), cells, (), ())


def run_series_case(rule: Rule, spec: dict[str, Any]) -> tuple[list[Diagnostic], RuleContext, Any]:
    """`previous: {cells: …}` with `cells`, or `previous: {text: …}` with `text` (the whole
    pipeline: both reports checked, then the cross-year post-pass)."""
    prev = spec["previous"]
    era = spec.get("era", rule.meta.eras[-1])
    if "cells" in spec:
        year = spec.get("year", YEAR_OF_ERA[era])
        ctx = cells_context(spec["cells"], era, year, spec.get("settings"))
        prev_era = prev.get("era", spec.get("previous_era", era))
        prev_year = prev.get("year", spec.get("previous_year", year - 1))
        before = cells_context(prev["cells"], prev_era, prev_year)
        link = SeriesLink(series_data(ctx), series_data(before))
        ctx = replace(ctx, settings={**ctx.settings, LINK: link}, known=series_cell_ids())
        return run_rules([rule], ctx), ctx, None
    return run_series_texts(rule, prev["text"], spec["text"])


def run_series_texts(rule: Rule, previous: str, text: str) -> tuple[list[Diagnostic], RuleContext, Any]:
    """A rule's cross-year diagnostics on `text` checked after `previous` (two report texts)."""
    options = CheckOptions(rules=(rule,), series=True)
    sources = [read_text(previous, "上年.txt"), read_text(text, "本年.txt")]
    reports = add_series_findings([check_source(s, options) for s in sources], lambda i: [rule])
    found = [f.diagnostic for f in reports[1].findings if f.diagnostic.code == rule.meta.code]
    analysis = analyze_source(sources[1])
    ctx = RuleContext.of(analysis.parsed, analysis.extraction, None, sources[1].problems)
    cum = {"cum." + cid: c for cid, c in analysis.extraction.cumulative.items()}
    return found, replace(ctx, cells={**ctx.cells, **cum}), sources[1]
