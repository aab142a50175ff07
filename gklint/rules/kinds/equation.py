"""kind: equation — an arithmetic assertion over cells, for each column (or block) in `each`.

    each:   {col: [natural, commercial, …]}      # optional: one instance per value (per combination)
    each:   [{part: x.y, whole: x}, …]           #   or: one instance per listed set of values
    let:    {a: t3.new.{col}, …}                 # optional names for terms
    assert: a + b == c + d                       # any comparison, and/or/not
    when:   a > 0                                # optional: the instance is checked only if true
    anchor: c                                    # where the diagnostic points (a let name)
    solve:  c                                    # optional: a failure's hint gives the value of
                                                 #   this cell that makes the equation hold
    tables: [a]                                  # optional: only when the report has one of these
                                                 #   tables (a, a0, t2, t3, t4)

Three outcomes: holds; fails (the rule's severity, every cell with its value and the
difference); or cannot be assessed because a term is absent, blank or not a number (one info
diagnostic per rule naming the missing cells). An instance whose cells are all absent (the table
is not in the report) is skipped.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from gklint import messages
from gklint.model import Cell, Diagnostic, Number, RuleMeta, Value
from gklint.rules import expr as ex
from gklint.rules.context import RuleContext
from gklint.rules.kinds.base import Rule, Shown, cell_refs, diagnostic, listed_cells, number_text, shown_cell
from gklint.rules.schema import RuleFile, check_template
from gklint.tables.labels import all_cell_ids, column_name, table_defs

FIELDS: dict[str, type | tuple[type, ...]] = {
    "each": (dict, list),
    "let": dict,
    "assert": str,
    "when": str,
    "anchor": str,
    "solve": str,
    "tables": list,
}
REQUIRED = ("assert",)
MAX_EXPRESSION = 4000  # characters; a 10 000-term expression is refused when loaded
Bindings = tuple[Mapping[str, str], ...]  # one mapping of `each` names to values per instance


class Instance(NamedTuple):
    """One equation of a rule with its `each` values filled in (a named tuple: a report makes a
    few dozen, and a frozen dataclass costs four times as much to make)."""

    bindings: Mapping[str, str]
    evaluation: ex.Evaluation
    outcome: bool | ex.Missing
    left: Decimal | None
    right: Decimal | None


ASSESSED = "equations-assessed"  # RuleContext.shared key of the report's list of Outcomes


class Outcomes(NamedTuple):
    """What one equation rule found in a report, for the culprit finder: the failed instances
    with their diagnostics (Equation.report's pairs). The instances that held are not kept:
    the finder needs them only to check a suggestion (rarely), and assesses them again then
    (the same cells, the same values) instead of every report making them."""

    equation: Equation
    source: Cells
    reported: list[tuple[Diagnostic, Instance | None]]

    def held(self) -> Iterator[Instance]:
        return (inst for inst in self.equation.assess(self.source) if inst.outcome is True)


class Cells(NamedTuple):
    """What an equation reads of a report's context (RuleContext.cells, .known, .tables)."""

    cells: Mapping[str, Cell]
    known: frozenset[str]
    tables: frozenset[str]


@dataclass(frozen=True)
class Equation:
    """The equation kind: an assertion over cells, for each binding of its templates."""

    each: Bindings
    lets: Mapping[str, ex.Expr]
    assertion: ex.Expr
    when: ex.Expr | None
    anchor: str | None
    solve: str | None = None
    tables: frozenset[str] = frozenset()
    # known ids -> each instance's expressions compiled (ex.Evaluation.code): the same for every
    # report, so each instance's templates are filled and expanded, and its expressions
    # compiled, once per process, not once per report
    _code: dict[frozenset[str], list[dict[int, tuple[ex.Expr, ex.Compiled]]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # known ids -> the cells each instance's assertion may read (likewise once per process)
    _reads: dict[frozenset[str], list[frozenset[str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_code": {}, "_reads": {}}  # worked out again, not pickled

    def instances(self, ctx: RuleContext) -> list[Instance]:
        """Every instance assessed (held, failed, or not assessable)."""
        return self.assess(Cells(ctx.cells, ctx.known, ctx.tables))

    def assess(self, source: Cells, held: bool = True) -> list[Instance]:
        """The instances assessed; without those that held when not `held` (run() needs only the
        others: most instances hold, and each would be an object made for nothing)."""
        # The era-A cell ids are shared by the national table and the older local tables (a0),
        # whose rows differ (formats.md §3.4); `tables` keeps a rule to the layout it was written
        # for. A context that lists no tables (cells given directly) is not filtered.
        if self.tables and source.tables and not source.tables & self.tables:
            return []
        found = []
        known = source.known
        codes = self._code.get(known)
        if codes is None:
            codes = self._code[known] = [{} for _ in self.each]
        reads = self._reads.get(known)
        if reads is None:
            reads = self._reads[known] = [
                ex.Evaluation({}, known, bindings, self.lets).readable(self.assertion)
                for bindings in self.each
            ]
        present = source.cells.keys()
        evaluation: ex.Evaluation | None = None  # one not kept is used again for the next instance
        for bindings, code, cells in zip(self.each, codes, reads, strict=True):
            if present.isdisjoint(cells):
                continue  # the table is not in the report: no cell it would read is there (as below)
            if evaluation is None:
                evaluation = ex.Evaluation(source.cells, known, bindings, self.lets, compiled=code)
            else:
                evaluation.bindings, evaluation.compiled, evaluation.compared = bindings, code, None
            if self.when is not None and evaluation.value(self.when) is not True:
                continue  # the condition is false, or cannot be known
            evaluation.used.clear()
            outcome = evaluation.value(self.assertion)
            if not any(evaluation.used.values()):
                continue  # the table is not in the report: no cell read is there
            if outcome is True and not held:
                continue
            left, right = self.sides(evaluation)
            found.append(Instance(bindings, evaluation, outcome, left, right))  # type: ignore[arg-type]
            evaluation = None
        return found

    def sides(self, evaluation: ex.Evaluation) -> tuple[Decimal | None, Decimal | None]:
        if not isinstance(self.assertion, ex.Compare):
            return None, None
        last = evaluation.compared
        if last is not None and last[0] is self.assertion:  # just evaluated: its sides are known
            left, right = last[1], last[2]
        else:
            left, right = evaluation.value(self.assertion.left), evaluation.value(self.assertion.right)
        return (left if isinstance(left, Decimal) else None, right if isinstance(right, Decimal) else None)

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        """The diagnostics; the failed instances are also recorded in the report's context for the
        culprit finder (rules/culprit.py), which runs after all rules, with what it needs to
        assess the held ones again."""
        source = Cells(ctx.cells, ctx.known, ctx.tables)
        pairs = self.report(rule, self.assess(source, held=False))
        outcomes: list[Outcomes] = ctx.shared(ASSESSED, list)
        outcomes.append(Outcomes(self, source, pairs))
        return [d for d, _ in pairs]

    def report(self, rule: Rule, instances: list[Instance]) -> list[tuple[Diagnostic, Instance | None]]:
        """Diagnostics for failed and unassessable instances, each with its instance (None for
        the summary of unassessable ones)."""
        out: list[tuple[Diagnostic, Instance | None]] = []
        missing: list[Instance] = []
        for inst in instances:
            if inst.outcome is True:
                continue
            if isinstance(inst.outcome, ex.Missing):
                missing.append(inst)
                continue
            out.append((self._failure(rule, inst), inst))
        if missing:
            out.append((_not_assessable(rule, missing), None))
        return out

    def residual(self, inst: Instance, overrides: Mapping[str, Decimal]) -> Decimal | None:
        """left − right of an `==` instance with some cells changed, or None if not computable."""
        if not isinstance(self.assertion, ex.Compare) or self.assertion.op != "==":
            return None
        cells = dict(inst.evaluation.cells)
        for cid, value in overrides.items():
            old = cells.get(cid)
            if old is not None:
                cells[cid] = replace(old, value=Value("number", str(value), value))
        done = inst.evaluation  # same bindings, known ids and lets: its compiled code serves
        evaluation = ex.Evaluation(cells, done.known, inst.bindings, self.lets, compiled=done.compiled)
        left, right = evaluation.value(self.assertion.left), evaluation.value(self.assertion.right)
        if isinstance(left, Decimal) and isinstance(right, Decimal):
            return left - right
        return None

    def _failure(self, rule: Rule, inst: Instance) -> Diagnostic:
        used = inst.evaluation.used
        values: dict[str, object] = {name: self._shown(name, inst) for name in self.lets}
        for key, value in inst.bindings.items():
            values[key] = Shown(column_name(value), column_name(value), value)
        diff = inst.left - inst.right if inst.left is not None and inst.right is not None else None
        values.update(
            lhs=number_text(inst.left), rhs=number_text(inst.right), diff=number_text(diff), gap=_gap(diff)
        )
        anchor = self._anchor(inst)
        span = anchor.span if anchor else next((c.span for c in used.values() if c), None)
        expected = self._solve_for(inst, self.anchor)
        found = diagnostic(
            rule,
            rule.message.format(**values),
            span,
            cells=cell_refs(used),
            difference=diff,
            expected=expected[1] if expected else None,
        )
        solution = expected if self.solve == self.anchor else self._solve_for(inst, self.solve)
        if solution is None:
            return found
        # A hint, not a Fix: with one equation any of its cells may be the wrong one. The culprit
        # finder (culprit.py) replaces it when several equations point to one cell, or when two
        # cells look like one number split in two.
        note = messages.text("equation-solution", cell=solution[0], value=number_text(solution[1]))
        return replace(found, hint=f"{note}{rule.hint}" if rule.hint else note)

    def _solve_for(self, inst: Instance, name: str | None) -> tuple[str, Decimal] | None:
        """The name of the cell `name` (a let) and the value that makes a failed `==` instance hold."""
        ref = self.lets.get(name) if name else None
        if not isinstance(ref, ex.Ref):
            return None
        cell_id = ex.fill(ref.template, inst.bindings)
        cell = inst.evaluation.cells.get(cell_id)
        if cell is None or not cell.value.is_number or cell.value.number is None:
            return None
        x0 = Decimal(cell.value.number)
        f0, f1 = self.residual(inst, {}), self.residual(inst, {cell_id: x0 + 1})
        if f0 is None or f1 is None or f1 == f0:
            return None
        value = x0 - f0 / (f1 - f0)  # residuals are linear in one cell
        if value < 0 or value != value.to_integral_value():
            return None
        return shown_cell(cell_id, cell).name, value

    def _shown(self, name: str, inst: Instance) -> Shown:
        expr = self.lets[name]
        if isinstance(expr, ex.Ref):
            cell_id = ex.fill(expr.template, inst.bindings)
            return shown_cell(cell_id, inst.evaluation.cells.get(cell_id))
        value = inst.evaluation.value(expr)
        return Shown(number_text(value) if isinstance(value, Decimal) else "（缺）")

    def _anchor(self, inst: Instance):  # noqa: ANN202 - Cell | None
        if self.anchor and isinstance(self.lets.get(self.anchor), ex.Ref):
            ref = self.lets[self.anchor]
            return inst.evaluation.cells.get(ex.fill(ref.template, inst.bindings))  # type: ignore[union-attr]
        return None


def _not_assessable(rule: Rule, missing: list[Instance]) -> Diagnostic:
    """One info diagnostic for all instances that could not be checked."""
    cells: dict[str, None] = {}  # each missing cell once, in the order first met
    used: dict = {}
    for inst in missing:
        assert isinstance(inst.outcome, ex.Missing)
        cells.update(dict.fromkeys(inst.outcome.cells))
        used.update(inst.evaluation.used)
    order = _table_order()
    last = len(order)
    ids = sorted(cells, key=lambda c: order.get(c, last))  # as the cells stand in the tables
    first = next((used[c].span for c in ids if used.get(c)), None) or next(
        (c.span for c in used.values() if c), None
    )
    names = listed_cells(ids)
    message = messages.text("not-assessable", title=rule.meta.title, cells=names, count=len(missing))
    return diagnostic(
        rule,
        message,
        first,
        cells=cell_refs({c: used.get(c) for c in ids}),
        outcome="not-assessable",
        severity="info",
    )


@cache
def _table_order() -> dict[str, int]:
    """Cell id → its place in the printed tables, row by row (ids from glob sums come sorted by
    name, which reads oddly in a message)."""
    order: dict[str, int] = {}
    for table in table_defs().values():
        for row in table.rows:
            for column in table.columns_of(row):
                order.setdefault(table.cell_id(row.id, column), len(order))
    return order


def compile_check(rule: RuleFile, meta: RuleMeta, known: frozenset[str] | None = None) -> Equation:
    """`known`: the cell ids the expressions may name (default: every table's cells)."""
    d = rule.data
    each = _each(rule, d.get("each", {}))
    lets = {str(k): parse_field(rule, str(v), "let", str(k)) for k, v in d.get("let", {}).items()}
    assertion = parse_field(rule, d["assert"], "assert")
    when = parse_field(rule, d["when"], "when") if "when" in d else None
    anchor = d.get("anchor")
    if anchor is not None and anchor not in lets:
        raise rule.fail("rule-unknown-name", "anchor", key="anchor", name=anchor)
    solve = d.get("solve")
    if solve is not None and not isinstance(lets.get(solve), ex.Ref):
        raise rule.fail("rule-solve-not-cell", "solve", name=solve)
    tables = [str(t) for t in d.get("tables", [])]
    kinds = tuple(table_defs())  # the table kinds of every format (gklint/registry.py)
    for i, table in enumerate(tables):
        if table not in kinds:
            raise rule.fail("rule-bad-choice", "tables", str(i), key="tables", choices=", ".join(kinds))
    exprs = {
        "assert": assertion,
        **({"when": when} if when else {}),
        **{f"let.{k}": v for k, v in lets.items()},
    }
    check_expressions(rule, exprs, lets, each, known)
    names = list(each[0]) if each else []
    check_template(rule, "message", d["message"], [*lets, *names, "lhs", "rhs", "diff", "gap"])
    return Equation(each, lets, assertion, when, anchor, solve, frozenset(tables))


MAX_INSTANCES = 10_000  # `each` combinations; the built-in rules have at most a few dozen


def _each(rule: RuleFile, each: dict | list) -> Bindings:
    """The instances' bindings: every combination of a mapping of lists, or the listed mappings."""
    if isinstance(each, list):
        if len(each) > MAX_INSTANCES:
            raise rule.fail("rule-each-too-many", "each", count=len(each), limit=MAX_INSTANCES)
        out = []
        for i, item in enumerate(each or [None]):
            if not isinstance(item, dict) or not item or set(item) != set(each[0]):
                raise rule.fail("rule-each-entries", "each", *([str(i)] if each else []), index=i + 1)
            out.append({str(k): str(v) for k, v in item.items()})
        return tuple(out)
    lists = []
    for name, values in each.items():
        if not isinstance(values, list) or not values:
            raise rule.fail("rule-each-values", "each", str(name), name=name)
        lists.append((str(name), tuple(str(v) for v in values)))
    count = math.prod(len(v) for _, v in lists)
    if count > MAX_INSTANCES:  # 10⁸ combinations would hang the loader and every check
        raise rule.fail("rule-each-too-many", "each", count=count, limit=MAX_INSTANCES)
    keys = [k for k, _ in lists]
    return tuple(dict(zip(keys, combo, strict=True)) for combo in itertools.product(*(v for _, v in lists)))


def parse_field(rule: RuleFile, text: str, *keys: str) -> ex.Expr:
    key = ".".join(keys)
    if len(text) > MAX_EXPRESSION:
        raise rule.fail("rule-expression-size", *keys, key=key, size=len(text), limit=MAX_EXPRESSION)
    try:
        return ex.parse_expr(text)
    except ex.ExprError as e:
        raise rule.fail("rule-expression", *keys, key=key, reason=e) from e


def check_expressions(
    rule: RuleFile,
    exprs: Mapping[str, ex.Expr],
    lets: Mapping[str, ex.Expr],
    each: Bindings,
    known: frozenset[str] | None = None,
) -> None:
    """Names, functions and cell ids of the expressions are known, for every instance of `each`."""
    known = known or all_cell_ids()
    variables = {k for bindings in each for k in bindings}
    used_vars: set[str] = set()
    for key, expr in exprs.items():
        for name in ex.names(expr):
            if name not in lets:
                raise rule.fail("rule-unknown-name", *key.split("."), key=key, name=name)
        for call in ex.calls(expr):
            if call.fn not in ex.FUNCTIONS:
                raise rule.fail(
                    "rule-unknown-function",
                    *key.split("."),
                    key=key,
                    name=call.fn,
                    functions=", ".join(sorted(ex.FUNCTIONS)),
                )
        globbed = {id(a) for call in ex.calls(expr) if call.fn == "sum" for a in call.args}
        for ref in ex.refs(expr):
            used_vars.update(v for v in variables if "{" + v + "}" in ref.template)
            if "*" in ref.template and id(ref) not in globbed:
                raise rule.fail("rule-glob-outside-sum", *key.split("."), key=key, cell=ref.template)
            _check_ref(rule, key, ref.template, each, known)
    for name in variables - used_vars:
        raise rule.fail("rule-each-unused", "each", name, name=name)
    _check_let_cycles(rule, lets)


def _check_let_cycles(rule: RuleFile, lets: Mapping[str, ex.Expr]) -> None:
    """A `let:` name must not depend on itself (evaluation would recurse without end)."""
    uses = {name: [n for n in ex.names(expr) if n in lets] for name, expr in lets.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in uses:
        stack = [(start, iter(uses[start]))]
        state.setdefault(start, 1)
        while stack and state[start] != 2:
            name, following = stack[-1]
            nxt = next(following, None)
            if nxt is None:
                state[name] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                raise rule.fail("rule-let-cycle", "let", nxt, name=nxt)
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(uses[nxt])))


def _check_ref(rule: RuleFile, key: str, template: str, each: Bindings, known: frozenset[str]) -> None:
    for bindings in each or ({},):
        try:
            filled = ex.fill(template, bindings)
        except KeyError as e:
            raise rule.fail(
                "rule-unknown-name", *key.split("."), key=key, name="{" + str(e.args[0]) + "}"
            ) from e
        if not ex.expand(filled, known) or ("*" not in filled and filled not in known):
            raise rule.fail("rule-unknown-cell", *key.split("."), key=key, cell=filled)


def _gap(diff: Number | None) -> str:
    """The right side against the left in words ("多 1", "少 2"): a reader never meets "相差 -1"."""
    if diff is None or diff == 0:
        return ""
    return f"多 {number_text(-diff)}" if diff < 0 else f"少 {number_text(diff)}"
