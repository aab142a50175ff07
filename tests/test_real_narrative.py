"""Defects planted in the prose of the real reports in ../shared, one at a time: a part of a
breakdown that adds up is changed (GK511 must mark the whole's line), and a number the prose states
in agreement with a table is changed (its rule must mark that line).

The tallies are the planted-defect recall recorded in docs/evaluation-narrative.md.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from gklint.read import Source, read_path, read_text
from gklint.rules import RuleContext
from gklint.rules import expr as ex
from gklint.rules.kinds import flattened
from gklint.rules.kinds.narrative import Narrative, prose
from gklint.rules.kinds.sums import Sums
from gklint.runner import analyze_source, check_source
from tests.conftest import needs_shared, shared_reports
from tests.rules.harness import rule_by_code
from tests.test_real_defects import _fails, _options

pytestmark = [needs_shared, pytest.mark.shared]
# the fewest plants that still say something (the real reports hold few complete breakdowns)
LEAST = {"parts over": 8, "parts short": 3, "text vs table": 30}
TEXT_RULES = ("GK501", "GK502", "GK503", "GK504", "GK505", "GK506", "GK510", "GK513", "GK514", "GK515")


def _line(source: Source, offset: int) -> int:
    pm = source.posmap
    return pm.source_position(pm.source_offset(offset)).line


def _marks(source: Source, before: set, start: int, end: int, new: str, code: str, line: int) -> bool:
    """Whether replacing [start, end) of the text with `new` makes `code` mark `line`."""
    pm = source.posmap
    a, b = pm.source_offset(start), pm.source_offset(end)
    report = check_source(read_text(source.raw[:a] + new + source.raw[b:], "p.txt"), _options())
    return any(
        f.diagnostic.code == code and f.start is not None and f.start.line == line
        for f in report.findings
        if (f.diagnostic.code, f.start.line if f.start else None, f.diagnostic.message) not in before
    )


def _fits_flattened(ctx: RuleContext, values, number: str) -> bool:
    """Whether `number` fits a cut of a flattened row holding one of `values` (kinds/flattened.py)."""
    placed = [
        v for v in values if isinstance(v, ex.Ref) and isinstance(flattened._place(ctx, v.template), tuple)
    ]
    return bool(placed) and flattened.contradicted(ctx, values, number) is None


def _agreeing(ctx: RuleContext, text: str, rule) -> list[tuple[int, int, str]]:
    """Numbers of the prose that `rule` (kind narrative) compared and found equal to the table, or
    fitting a cut of a row the tables layer found flattened into one run of digits."""
    check: Narrative = rule.check
    out = []
    for phrase, m in check.readings(text):
        evaluation = ex.Evaluation(ctx.cells, ctx.known)
        known = [v for v in (evaluation.value(x) for x in phrase.values) if not isinstance(v, ex.Missing)]
        number = m.group(phrase.number)
        if str(number) in {str(k) for k in known} if known else _fits_flattened(ctx, phrase.values, number):
            out.append((m.start(phrase.number), m.end(phrase.number), number))
    return out


@cache
def _tally() -> Counter[tuple[str, str]]:
    tally: Counter[tuple[str, str]] = Counter()
    parts: Sums = rule_by_code("GK511").check
    for path in shared_reports():
        source = read_path(path)
        analysis = analyze_source(source)
        ctx = RuleContext.of(analysis.parsed, analysis.extraction)
        text, offsets = prose(ctx)
        before = _fails(check_source(source, _options()))
        for b in parts.breakdowns(text):
            if b.loose or b.whole.approx or b.whole.slack or sum(p.value for p in b.parts) != b.whole.value:
                continue
            p = b.parts[-1]
            span = (offsets[p.start], offsets[p.number_end - len(p.unit) - 1] + 1)
            whole_line = _line(source, offsets[b.whole.start])
            tally[("parts over", "planted")] += 1
            tally[("parts over", "found")] += _marks(
                source, before, *span, str(p.value + 7), "GK511", whole_line
            )
            if parts._complete(b) and p.value > 0:
                tally[("parts short", "planted")] += 1
                tally[("parts short", "found")] += _marks(
                    source, before, *span, str(p.value - 1), "GK511", whole_line
                )
        for code in TEXT_RULES:
            rule = rule_by_code(code)
            if ctx.era not in rule.meta.eras:
                continue
            for start, end, number in _agreeing(ctx, text, rule):
                at, to = offsets[start], offsets[end - 1] + 1
                tally[("text vs table", "planted")] += 1
                tally[("text vs table", "found")] += _marks(
                    source, before, at, to, str(int(float(number)) + 1), code, _line(source, at)
                )
    return tally


@pytest.mark.parametrize("kind", ["parts over", "parts short", "text vs table"])
def test_planted_narrative_defects_are_found_at_their_line(kind: str) -> None:
    tally = _tally()
    planted = tally[(kind, "planted")]
    assert planted >= LEAST[kind], f"too few {kind} defects planted to judge ({planted})"
    assert tally[(kind, "found")] >= 0.95 * planted, dict(tally)
