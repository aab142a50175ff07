"""Issue 15, round 6: a narrative rule compares its numbers with one evaluation for the report
(its cells read cleared for each number) and tests a number equal to a value as written before
rounding. These tests hold both to the former form: a fresh evaluation a number, every value
rounded to the number's decimals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gklint.read import read_path
from gklint.rules import RuleContext, builtin_rules
from gklint.rules import expr as ex
from gklint.rules.kinds.narrative import Narrative, _rounded_in
from gklint.rules.views import prose, prose_numbers, prose_sentences
from gklint.runner import analyze_source
from tests.conftest import shared_reports

_FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "reports").glob("*.txt"))


def _former_rounded_in(stated: Decimal, table: list[Decimal]) -> bool:
    exponent = stated.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0:
        return any(stated == value for value in table)
    unit = Decimal(1).scaleb(exponent)
    return any(stated == value.quantize(unit) for value in table)


_NUMBERS = st.builds(
    lambda digits, decimals: Decimal(f"{digits}.{decimals}" if decimals else digits),
    st.integers(0, 10**12).map(str),
    st.sampled_from(["", "0", "5", "50", "25", "00", "123", "999"]),
)


@given(_NUMBERS, st.lists(_NUMBERS, max_size=4))
def test_a_number_is_rounded_in_as_before(stated: Decimal, table: list[Decimal]) -> None:
    assert _rounded_in(stated, table) == _former_rounded_in(stated, table)


@given(_NUMBERS, st.lists(_NUMBERS, max_size=3))
def test_a_value_rounded_to_the_number_counts_as_before(stated: Decimal, others: list[Decimal]) -> None:
    # values that differ from the number but round to it, or nearly
    near = [stated + Decimal("0.004"), stated - Decimal("0.0051"), stated + Decimal("0.5")]
    assert _rounded_in(stated, others + near) == _former_rounded_in(stated, others + near)


@pytest.mark.parametrize("path", _FIXTURES + shared_reports()[:40], ids=lambda p: p.name)
def test_numbers_compared_with_one_evaluation_find_what_fresh_ones_find(path: Path) -> None:
    source = read_path(path)
    analysis = analyze_source(source)
    ctx = RuleContext.of(analysis.parsed, analysis.extraction)
    text, offsets = prose(ctx)
    for rule in builtin_rules():
        check = rule.check
        if not isinstance(check, Narrative):
            continue
        read = list(check.readings(text, lambda: prose_sentences(ctx), lambda: prose_numbers(ctx)))
        shared = check._evaluation(ctx)
        for phrase, m in read:
            fresh = ex.Evaluation(ctx.cells, ctx.known)
            assert check._compare(rule, ctx, shared, phrase, m, offsets) == check._compare(
                rule, ctx, fresh, phrase, m, offsets
            )
            assert list(shared.used.items()) == list(fresh.used.items())  # what a finding names
        assert check.run(rule, ctx) == [
            d
            for phrase, m in read
            if (d := check._compare(rule, ctx, ex.Evaluation(ctx.cells, ctx.known), phrase, m, offsets))
        ]
