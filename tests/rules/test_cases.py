"""Every rule's YAML cases (tests/rules/cases/), its documented examples, and the meta-rules
that keep them honest: each rule has cases, with at least one failing and one passing case."""

from __future__ import annotations

import pytest

from gklint.read import read_text
from gklint.rules import RuleContext, builtin_rules, run_rules
from gklint.rules.kinds import SERIES_KINDS
from gklint.runner import analyze_source
from tests.rules.harness import CASES, describe, load_cases, run_case, run_series_texts, snippet_report

ALL_CASES = load_cases()


@pytest.mark.parametrize("case", ALL_CASES, ids=[f"{c.rule}_{c.name}" for c in ALL_CASES])
def test_rule_case(case) -> None:
    found, ctx, source = run_case(case)
    expected = case.spec["expect"]
    every = {k for e in expected for k in e if k != "message"}
    keys = [set(expected[i]) - {"message"} if i < len(expected) else every for i in range(len(found))]
    got = [describe(d, ctx, source, k) for d, k in zip(found, keys, strict=True)]
    assert got == [{k: v for k, v in e.items() if k != "message"} for e in expected], [
        d.message for d in found
    ]
    for d, e in zip(found, expected, strict=True):
        if "message" in e:
            assert e["message"] in d.message


REPORT_RULES = [
    r for r in builtin_rules() if r.meta.kind != "meta"
]  # meta rules: tests/cli/test_check_cli.py


@pytest.mark.parametrize("rule", REPORT_RULES, ids=lambda r: r.meta.code)
def test_every_rule_has_failing_and_passing_cases(rule) -> None:
    mine = [c for c in ALL_CASES if c.rule == rule.meta.code]
    assert (CASES / f"{rule.meta.code}.yaml").exists()
    assert any(c.spec["expect"] for c in mine), "no failing case"
    assert any(not c.spec["expect"] for c in mine), "no passing case"


@pytest.mark.parametrize("rule", REPORT_RULES, ids=lambda r: r.meta.code)
def test_documented_examples_are_true(rule) -> None:
    era = rule.meta.eras[-1]
    for example, should_fire in ((rule.meta.doc.bad, True), (rule.meta.doc.good, False)):
        if rule.meta.kind in SERIES_KINDS:  # compared with the documented previous report
            found, _, _ = run_series_texts(rule, rule.meta.doc.previous, snippet_report(example, era))
            fired = [d for d in found if d.outcome == "fail"]
            assert bool(fired) == should_fire, (example, [d.message for d in fired])
            continue
        source = read_text(snippet_report(example, era))
        analysis = analyze_source(source)
        ctx = RuleContext.of(analysis.parsed, analysis.extraction, None, source.problems)
        fired = [d for d in run_rules([rule], ctx) if d.outcome == "fail"]
        assert bool(fired) == should_fire, (example, [d.message for d in fired])
