"""Unit tests of the rule expression language (three-valued: a term that is not a number makes
the result missing, never true or false) and of --select / --ignore."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gklint.model import Cell, RuleDoc, RuleMeta, Span
from gklint.rules.expr import Evaluation, ExprError, Missing, parse_expr
from gklint.rules.select import is_selected, unknown_selectors
from gklint.tables.values import parse_value


def _cells(**values: str) -> dict[str, Cell]:
    return {
        cid.replace("_", "."): Cell(cid.replace("_", "."), parse_value(raw), Span(0, 0))
        for cid, raw in values.items()
    }


def _eval(expr: str, **values: str):  # noqa: ANN202 - Decimal | bool | Missing
    cells = _cells(**values)
    return Evaluation(cells, frozenset(cells)).value(parse_expr(expr))


@pytest.mark.parametrize(
    ("expr", "result"),
    [
        ("t3.a + t3.b == 5", True),
        ("t3.a + t3.b == 6", False),
        ("t3.a * 2 - t3.b", Decimal(1)),
        ("abs(t3.b - t3.a)", Decimal(1)),
        ("t3.b > t3.a and not t3.b == 0", True),
        ("t3.a < t3.b or t3.b == 3", True),
    ],
)
def test_arithmetic_comparison_and_logic(expr: str, result: object) -> None:
    assert _eval(expr, t3_a="2", t3_b="3") == result


@pytest.mark.parametrize("raw", ["", "/", "无"])
def test_a_blank_placeholder_or_text_term_makes_the_result_missing_not_false(raw: str) -> None:
    result = _eval("t3.a + t3.b == 5", t3_a="2", t3_b=raw)
    assert isinstance(result, Missing) and result.cells == ("t3.b",)


def test_an_absent_cell_is_missing_and_money_adds_up_exactly() -> None:
    assert isinstance(_eval("t3.a + t3.zz == 1", t3_a="1"), Missing)
    assert _eval("t2.x + t2.y == 0.3", t2_x="0.1", t2_y="0.2") is True


@pytest.mark.parametrize("bad", ["t3.a +", "t3.a == == 1", "__import__('os')", "t3.a ; 1"])
def test_a_bad_expression_is_refused_when_parsed(bad: str) -> None:
    with pytest.raises(ExprError):
        parse_expr(bad)


def _meta(code: str, name: str, aliases: tuple[str, ...] = ()) -> RuleMeta:
    doc = RuleDoc(what="", why="", bad="", good="")
    return RuleMeta(code, name, "error", ("A", "B", "C"), "", "equation", doc, aliases=aliases)


T3 = _meta("GK201", "t3-balance", ("t3-sum",))
OTHER = _meta("GK218", "t4-balance")


@pytest.mark.parametrize(
    ("select", "ignore", "t3", "other"),
    [
        ((), (), True, True),  # no --select: every rule
        (("GK2",), ("GK218",), True, False),  # the most specific selector decides
        (("GK201",), ("GK2",), True, False),
        (("t3-balance",), (), True, False),  # by name
        (("t3-sum",), (), True, False),  # by alias
        (("gk201",), (), True, False),  # codes in any case
        ((), ("GK2",), False, False),
        (("GK2",), ("GK2",), False, False),  # at equal specificity, ignore wins
    ],
)
def test_select_and_ignore(select: tuple[str, ...], ignore: tuple[str, ...], t3: bool, other: bool) -> None:
    assert (is_selected(T3, select, ignore), is_selected(OTHER, select, ignore)) == (t3, other)


def test_a_selector_that_names_no_rule_is_reported() -> None:
    assert unknown_selectors(["GK2", "t3-balance", "GK9", "no-such-rule"], [T3, OTHER]) == [
        "GK9",
        "no-such-rule",
    ]
