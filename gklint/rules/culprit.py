"""Which single cell is wrong? Suggestions for failing equations of one report.

When several `==` equations fail and they share a cell (a row total and a column total crossing,
say), the cell that, changed to one value, makes them all hold — while every equation that holds
still holds — is named with that value. A failing sum that holds when two neighbouring cells are
read as one number ("1" and "2" → 12) is marked as a conversion artefact.
"""

from __future__ import annotations

from collections import Counter, defaultdict
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
    if not any(True for o in outcomes for _ in o.failed()):
        return diagnostics
    at = {id(d): i for i, d in enumerate(diagnostics)}
    if not any(id(d) in at for o in outcomes for d in o.failed()):
        return diagnostics  # no failing equation among them: nothing to suggest
    assessed = [
        Assessed(r.equation, r.instance, None if r.diagnostic is None else at[id(r.diagnostic)])
        for o in outcomes
        for r in o.assessed()
        if r.diagnostic is None or id(r.diagnostic) in at  # a rule that crashed half-way left none
    ]
    return _annotate(diagnostics, assessed, ctx.text)


def _annotate(diagnostics: list[Diagnostic], assessed: list[Assessed], text: str) -> list[Diagnostic]:
    out = list(diagnostics)
    failed = [a for a in assessed if a.index is not None]
    for cell, value, group in _culprits(failed, [a for a in assessed if a.index is None]):
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


def _culprits(failed: list[Assessed], held: list[Assessed]):  # noqa: ANN202 - iterator of (cell, value, group)
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


def _keeps(held: list[Assessed], cid: str, value: Decimal) -> bool:
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
