"""Which single cell is wrong? Suggestions for failing equations of one report.

When several `==` equations fail and they share a cell (a row total and a column total crossing,
say), the cell that, changed to one value, makes them all hold — while every equation that holds
still holds — is named with that value. A failing sum that holds when two neighbouring cells are
read as one number ("1" and "2" → 12) is marked as a conversion artefact.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from gklint import messages
from gklint.model import Diagnostic, Fix
from gklint.rules.context import RuleContext
from gklint.rules.kinds.equation import ASSESSED, Equation, Instance, Outcomes
from gklint.tables.labels import cell_name


@dataclass(frozen=True)
class Assessed:
    """An assessed equation instance, with the position of its diagnostic in the report's list
    if it failed."""

    equation: Equation
    instance: Instance
    index: int | None


def annotate(diagnostics: list[Diagnostic], ctx: RuleContext) -> list[Diagnostic]:
    """The diagnostics with fixes and split-number hints added where they are certain, from the
    equation instances the rules assessed (recorded in the context by the equation kind)."""
    outcomes: list[Outcomes] = ctx.memo.get(ASSESSED, [])  # type: ignore[assignment]
    recorded = [(o.equation, inst, d) for o in outcomes for d, inst in o.reported if inst is not None]
    if not recorded:
        return diagnostics
    at = {id(d): i for i, d in enumerate(diagnostics)}
    failed = [Assessed(e, inst, at[id(d)]) for e, inst, d in recorded if id(d) in at]
    if not failed:  # (a rule that crashed half-way left none)
        return diagnostics  # no failing equation among them: nothing to suggest
    return _annotate(diagnostics, failed, _Held(outcomes), ctx.text)


class _Held:
    """The instances that held, as Assessed records (in the rules' order), assessed again when
    first asked for: only a suggestion that makes failing equations hold is checked on them."""

    def __init__(self, outcomes: list[Outcomes]) -> None:
        self._outcomes = outcomes
        self._found: list[Assessed] | None = None

    def __iter__(self) -> Iterator[Assessed]:
        if self._found is None:
            self._found = [Assessed(o.equation, inst, None) for o in self._outcomes for inst in o.held()]
        return iter(self._found)


def _annotate(
    diagnostics: list[Diagnostic], failed: list[Assessed], held: Iterable[Assessed], text: str
) -> list[Diagnostic]:
    out = list(diagnostics)
    for cell, value, group in _culprits(failed, held):
        fix = Fix(cell, cell_name(cell), value, len(group))
        note = messages.text("fix-suggestion", cell=cell_name(cell), value=_text(value), count=len(group))
        for a in group:
            assert a.index is not None
            out[a.index] = replace(out[a.index], fix=fix, hint=note)
    for a in failed:
        assert a.index is not None
        if out[a.index].fix is None and (split := _split(a, text)):
            out[a.index] = replace(out[a.index], hint=split)
    return out


def _culprits(failed: list[Assessed], held: Iterable[Assessed]):  # noqa: ANN202 - iterator of (cell, value, group)
    solutions: dict[str, list[tuple[Assessed, Decimal]]] = defaultdict(list)
    residuals = [(a, f0) for a in failed if (f0 := a.equation.residual(a.instance, {})) is not None]
    # only a cell two failing equations share can be named (see below): the others are not tried
    shared = Counter(cid for a, _ in residuals for cid in a.instance.evaluation.used)
    for a, f0 in residuals:
        for cid, cell in a.instance.evaluation.used.items():
            if shared[cid] < 2 or cell is None or not cell.value.is_number or cell.value.number is None:
                continue
            x0 = Decimal(cell.value.number)
            f1 = a.equation.residual(a.instance, {cid: x0 + 1})
            if f1 is None or f1 == f0:
                continue
            solutions[cid].append((a, x0 - f0 / (f1 - f0)))
    best: tuple[str, Decimal, list[Assessed]] | None = None
    for cid, found in solutions.items():
        values = {v for _, v in found}
        if len(found) < 2 or len(values) != 1:
            continue
        value = values.pop()
        if value < 0 or value != value.to_integral_value() or not _keeps(held, cid, value):
            continue
        if best is None or len(found) > len(best[2]):
            best = (cid, value, [a for a, _ in found])
    if best:
        yield best


def _keeps(held: Iterable[Assessed], cid: str, value: Decimal) -> bool:
    for a in held:
        if cid in a.instance.evaluation.used and a.equation.residual(a.instance, {cid: value}) not in (
            None,
            Decimal(0),
        ):
            return False
    return True


def _split(a: Assessed, text: str) -> str | None:
    used = [(cid, c) for cid, c in a.instance.evaluation.used.items() if c is not None and c.value.is_number]
    for (id1, c1), (id2, c2) in zip(used, used[1:], strict=False):
        n1, n2 = c1.value.number, c2.value.number
        if not (isinstance(n1, int) and isinstance(n2, int)) or n1 < 0 or n2 < 0:
            continue
        if c1.span.end > c2.span.start or "\n" in text[c1.span.end : c2.span.start]:
            continue
        joined = Decimal(f"{n1}{n2}")
        if a.equation.residual(a.instance, {id1: joined, id2: Decimal(0)}) == 0:
            return messages.text(
                "split-suggestion", first=cell_name(id1), second=cell_name(id2), joined=_text(joined)
            )
    return None


def _text(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
