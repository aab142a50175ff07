"""Run every adversarial class (tests/robustness/adversarial.py) at given sizes through the
guarded check, and print time, outcome and the workers' peak memory (docs/robustness.md).

    .venv/bin/python bench/adversarial.py                 # the CI sizes (small, large)
    .venv/bin/python bench/adversarial.py --size 10       # every class at 10× its large size
    .venv/bin/python bench/adversarial.py --only html_    # classes whose name contains html_
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gklint.guard import BUDGET_CODE, Budget, check_file_guarded  # noqa: E402
from gklint.rules import builtin_rules  # noqa: E402
from gklint.runner import CheckOptions  # noqa: E402
from tests.robustness.adversarial import CLASSES  # noqa: E402


def outcome(report) -> str:  # noqa: ANN001
    if report.error:
        return "error: " + report.error[:50]
    if any(f.diagnostic.code == BUDGET_CODE for f in report.findings):
        return "BUDGET"
    internal = [f for f in report.findings if f.diagnostic.outcome == "internal"]
    return (
        "INTERNAL: " + internal[0].diagnostic.message[:60]
        if internal
        else f"ok ({len(report.findings)} findings)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=float, default=0, help="one run at this multiple of the large size")
    parser.add_argument("--only", default="")
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    options = CheckOptions(tuple(builtin_rules()))
    budget = Budget(args.timeout)
    for name, (make, small, large) in CLASSES.items():
        if args.only not in name:
            continue
        sizes = [int(large * args.size)] if args.size else [small, large]
        cells = []
        for n in sizes:
            file_name, data = make(n)
            start = time.perf_counter()
            report = check_file_guarded(data, options, budget, file_name)
            cells.append(f"n={n} {len(data)}B {time.perf_counter() - start:.2f}s {outcome(report)}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        print(f"{name:36} {' | '.join(cells)}  peak≤{peak}MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
