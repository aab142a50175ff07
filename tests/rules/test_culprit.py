"""Fix suggestions for failing equations (gklint/rules/culprit.py): the cell that, changed to one
value, makes several failing equations hold."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from gklint.api import check_bytes
from gklint.read.source import read_text
from gklint.rules import RuleContext, builtin_rules, culprit, run_rules
from gklint.rules.engine import applies
from gklint.rules.kinds.equation import ASSESSED, Equation, Instance
from gklint.runner import analyze_source

REPORT = (Path(__file__).parents[1] / "fixtures" / "reports" / "c_tabs.txt").read_text(encoding="utf-8")
GRANTED = "(一) 予以公开\t3\t0\t0\t1"


def _fixes(text: str) -> dict[str, object]:
    found = check_bytes(text.encode(), "report.txt")["diagnostics"]
    return {d["rule"]: d["fix"] for d in found if d["outcome"] == "fail"}


def test_a_cell_two_failing_equations_share_is_named_with_its_value() -> None:
    fixes = _fixes(REPORT.replace(GRANTED, "(一) 予以公开\t8\t0\t0\t1", 1))
    wanted = {"cell": "t3.result.granted.natural", "name": "表三“（一）予以公开”自然人", "value": 3}
    assert fixes == {"GK202": wanted, "GK203": wanted}


def _reference_culprits(failed, held):  # noqa: ANN001, ANN202 - the search before it skipped cells
    """Every numeric cell of every failing equation tried (the code before only shared cells were)."""
    solutions: dict[str, list] = defaultdict(list)
    for a in failed:
        f0 = a.equation.residual(a.instance, {})
        if f0 is None:
            continue
        for cid, cell in a.instance.evaluation.used.items():
            if cell is None or not cell.value.is_number or cell.value.number is None:
                continue
            x0 = Decimal(cell.value.number)
            f1 = a.equation.residual(a.instance, {cid: x0 + 1})
            if f1 is None or f1 == f0:
                continue
            solutions[cid].append((a, x0 - f0 / (f1 - f0)))
    best = None
    for cid, found in solutions.items():
        values = {v for _, v in found}
        if len(found) < 2 or len(values) != 1:
            continue
        value = values.pop()
        if value < 0 or value != value.to_integral_value() or not culprit._keeps(held, cid, value):
            continue
        if best is None or len(found) > len(best[2]):
            best = (cid, value, [a for a, _ in found])
    if best:
        yield best


def _mutated(rng: random.Random) -> str:
    """The report with one to three of table 三's numbers changed."""
    start = REPORT.index("三、收到和处理")
    end = REPORT.index("四、政府信息公开行政复议")
    places = [m for m in re.finditer(r"(?<=\t)\d+(?=\t|$)", REPORT[start:end], re.M)]
    text = REPORT
    for m in sorted(rng.sample(places, rng.randint(1, 3)), key=lambda m: -m.start()):
        at = start + m.start()
        text = text[:at] + str(rng.randint(0, 30)) + text[start + m.end() :]
    return text


@pytest.mark.parametrize("seed", range(40))
def test_suggestions_are_those_of_trying_every_cell(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _mutated(random.Random(seed))
    found = check_bytes(text.encode(), "report.txt")["diagnostics"]
    monkeypatch.setattr(culprit, "_culprits", _reference_culprits)
    assert check_bytes(text.encode(), "report.txt")["diagnostics"] == found


@pytest.mark.parametrize("seed", range(6))
def test_the_instances_that_held_are_assessed_again_as_the_rules_found_them(seed: int) -> None:
    """The culprit finder checks a suggestion on the instances that held, which the equation
    rules do not keep: assessed again, they are those the rules' instances() give, in order."""
    text = REPORT if seed == 0 else _mutated(random.Random(seed))
    analysis = analyze_source(read_text(text, "report.txt"))
    ctx = RuleContext.of(analysis.parsed, analysis.extraction)
    rules = list(builtin_rules())
    run_rules(rules, ctx)
    equations = [r.check for r in rules if isinstance(r.check, Equation) and applies(r, ctx)]

    def seen(equation: Equation, inst: Instance) -> tuple[object, ...]:
        return (
            equation,
            inst.bindings,
            inst.outcome,
            inst.left,
            inst.right,
            list(inst.evaluation.used.items()),
        )

    again = [seen(a.equation, a.instance) for a in culprit._Held(ctx.memo[ASSESSED])]  # type: ignore[arg-type]
    found = [seen(e, i) for e in equations for i in e.instances(ctx) if i.outcome is True]
    assert again == found
    assert len(found) > 20
