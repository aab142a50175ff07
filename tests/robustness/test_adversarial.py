"""Every adversarial class of issue 14 (tests/robustness/adversarial.py) at two sizes: the large
one is where the readers before the fix took 20 s to minutes, ran out of memory or raised
(measured: docs/robustness.md). Each is checked under the per-file guard, so a regression costs
the budget, not a hung CI job. The check: no internal error, no budget breach, and time growing
at most about linearly (a generous factor over the size ratio, or a few seconds in all)."""

from __future__ import annotations

import time

import pytest

from gklint.guard import BUDGET_CODE, Budget, check_file_guarded
from gklint.rules import builtin_rules
from gklint.runner import CheckOptions
from tests.robustness.adversarial import CLASSES

OPTIONS = CheckOptions(tuple(builtin_rules()))
BUDGET = Budget(seconds=60)
SLACK = 3  # times the size ratio: a quadratic reader exceeds it by the ratio again
FLOOR = 8.0  # seconds: below this the large size passes whatever the ratio (noise on small times)


def _run(name: str, n: int) -> float:
    make = CLASSES[name][0]
    file_name, data = make(n)
    start = time.perf_counter()
    report = check_file_guarded(data, OPTIONS, BUDGET, file_name)
    took = time.perf_counter() - start
    assert "内部出错" not in (report.error or ""), report.error
    for f in report.findings:
        assert f.diagnostic.code != BUDGET_CODE, f"{name} n={n}: over the budget"
        assert f.diagnostic.outcome != "internal", f.diagnostic.message
    return took


@pytest.mark.parametrize("name", list(CLASSES))
def test_cost_grows_linearly(name: str) -> None:
    _, small, large = CLASSES[name]
    t_small = _run(name, small)
    t_large = _run(name, large)
    ratio = min(large / small, 100)
    assert t_large < max(FLOOR, SLACK * ratio * t_small), f"{name}: {t_small:.2f}s → {t_large:.2f}s"
