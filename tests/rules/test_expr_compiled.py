"""Expressions compiled once per equation instance (gklint.rules.expr, issue 15) give what the
node-by-node interpreter they replaced gave: the value, the cells read in the same order, the
last comparison's sides, and the same exceptions."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.model import Cell, Span, Value
from gklint.rules import expr as ex

KNOWN = frozenset({"t.a.x", "t.a.y", "t.b.x", "t.b.y", "t.c.x"})


def _merge(*values: object) -> ex.Missing:
    """The missing cells of the values, each once, in order (as written before issue 15)."""
    cells: list[str] = []
    for v in values:
        if isinstance(v, ex.Missing):
            cells.extend(c for c in v.cells if c not in cells)
    return ex.Missing(tuple(cells))


class Interpreter:
    """The evaluation as written before it was compiled (a reference, kept in the test only)."""

    def __init__(self, cells: Mapping[str, Cell], bindings: Mapping[str, str], lets: Mapping[str, ex.Expr]):
        self.cells, self.bindings, self.lets = cells, bindings, lets
        self.used: dict[str, Cell | None] = {}
        self.compared: tuple[object, ...] | None = None

    def ids(self, template: str) -> list[str]:
        return ex.expand(ex.fill(template, self.bindings), KNOWN)

    def cell_value(self, cell_id: str) -> ex.Result:
        cell = self.cells.get(cell_id)
        self.used.setdefault(cell_id, cell)
        if cell is None or not cell.value.is_number or cell.value.number is None:
            return ex.Missing((cell_id,))
        return Decimal(cell.value.number)

    def value(self, e: ex.Expr) -> ex.Result:  # noqa: C901, PLR0911, PLR0912 - one branch per node
        if isinstance(e, ex.Num):
            return e.value
        if isinstance(e, ex.Ref):
            ids = self.ids(e.template)
            return ex.Missing(tuple(ids)) if len(ids) != 1 else self.cell_value(ids[0])
        if isinstance(e, ex.Name):
            return self.value(self.lets[e.name])
        if isinstance(e, ex.Call):
            if e.fn == "abs":
                v = self.value(e.args[0])
                return abs(v) if isinstance(v, Decimal) else v
            total, missing = Decimal(0), []
            for arg in e.args:
                terms = (
                    [self.cell_value(c) for c in self.ids(arg.template)]
                    if isinstance(arg, ex.Ref)
                    else [self.value(arg)]
                )
                for term in terms:
                    if isinstance(term, ex.Missing):
                        missing.extend(term.cells)
                    elif isinstance(term, Decimal):
                        total += term
            return ex.Missing(tuple(missing)) if missing else total
        if isinstance(e, ex.Bin):
            left, right = self.value(e.left), self.value(e.right)
            if isinstance(left, ex.Missing) or isinstance(right, ex.Missing):
                return _merge(left, right)
            assert isinstance(left, Decimal) and isinstance(right, Decimal)
            try:
                return (
                    {"+": left + right, "-": left - right, "*": left * right}[e.op]
                    if e.op != "/"
                    else left / right
                )
            except (InvalidOperation, ZeroDivisionError):
                return ex.Missing(())
        if isinstance(e, ex.Neg):
            v = self.value(e.operand)
            return -v if isinstance(v, Decimal) else v
        if isinstance(e, ex.Compare):
            left, right = self.value(e.left), self.value(e.right)
            self.compared = (e, left, right)
            if isinstance(left, ex.Missing) or isinstance(right, ex.Missing):
                return _merge(left, right)
            return ex.compare(e.op, left, right)  # type: ignore[arg-type]
        if isinstance(e, ex.Logic):
            values = [self.value(item) for item in e.items]
            decided = e.op == "or"
            if any(v is decided for v in values):
                return decided
            missing = [v for v in values if isinstance(v, ex.Missing)]
            return _merge(*missing) if missing else not decided
        if isinstance(e, ex.Not):
            v = self.value(e.operand)
            return v if isinstance(v, ex.Missing) else not v
        assert isinstance(e, ex.Alt)
        best, best_present = None, -1
        for option in e.options:
            before = dict(self.used)
            v = self.value(option)
            if not isinstance(v, ex.Missing):
                return v
            present = sum(1 for cid in self.used if cid not in before and self.used[cid] is not None)
            if present > best_present:
                best, best_present = v, present
            self.used = before
        return best  # type: ignore[return-value]


numbers = st.sampled_from(["0", "1", "2", "-3", "2.5", "1e3"]).map(Decimal)
refs = st.sampled_from(["t.a.x", "t.a.{col}", "t.{row}.y", "t.b.{col}", "t.c.x", "t.*.x"]).map(ex.Ref)
plain_leaves = numbers.map(ex.Num) | refs
leaves = plain_leaves | st.sampled_from(["p", "q"]).map(ex.Name)


def _extend(children: st.SearchStrategy[ex.Expr]) -> st.SearchStrategy[ex.Expr]:
    ops = st.sampled_from(["+", "-", "*", "/"])
    cmps = st.sampled_from(["==", "!=", "<=", ">=", "<", ">"])
    some = st.lists(children, min_size=1, max_size=3).map(tuple)
    return (
        st.builds(ex.Bin, ops, children, children)
        | st.builds(ex.Neg, children)
        | st.builds(ex.Compare, cmps, children, children)
        | st.builds(ex.Logic, st.sampled_from(["and", "or"]), some)
        | st.builds(ex.Not, children)
        | st.builds(ex.Alt, some)
        | st.builds(ex.Call, st.just("sum"), some)
        | st.builds(ex.Call, st.just("abs"), children.map(lambda c: (c,)))
    )


exprs = st.recursive(leaves, _extend, max_leaves=10)
lets_p = st.recursive(plain_leaves | st.just(ex.Name("q")), _extend, max_leaves=6)  # p may use q
values = st.sampled_from(
    [Value("number", "1", Decimal(1)), Value("number", "4", 4), Value("blank", ""), Value("text", "无")]
)
cell_maps = st.dictionaries(st.sampled_from(sorted(KNOWN)), values).map(
    lambda d: {cid: Cell(cid, v, Span(i, i + 1)) for i, (cid, v) in enumerate(sorted(d.items()))}
)


def _run(evaluate, e: ex.Expr) -> tuple[object, ...]:  # noqa: ANN001
    try:
        return ("value", evaluate.value(e), list(evaluate.used.items()), evaluate.compared)
    except Exception as error:  # noqa: BLE001 - the same exception is part of the behaviour
        return ("raised", type(error).__name__)


@settings(max_examples=800, deadline=None)
@given(exprs, lets_p, plain_leaves, cell_maps, st.sampled_from(["x", "y"]), st.sampled_from(["a", "b"]))
def test_compiled_evaluation_is_the_interpreters(
    e: ex.Expr, p: ex.Expr, q: ex.Expr, cells: dict[str, Cell], col: str, row: str
) -> None:
    lets = {"p": p, "q": q}
    bindings = {"col": col, "row": row}
    code: dict = {}
    for _ in range(2):  # the second time with the code compiled the first time
        compiled = ex.Evaluation(cells, KNOWN, bindings, lets, compiled=code)
        assert _run(compiled, e) == _run(Interpreter(cells, bindings, lets), e)


cell_terms = st.sampled_from(["t.a.x", "t.a.{col}", "t.{row}.y", "t.b.{col}", "t.c.x"]).map(ex.Ref) | st.just(
    ex.Name("p")
)


@settings(max_examples=400, deadline=None)
@given(st.lists(cell_terms, min_size=2, max_size=6), refs, cell_maps, st.sampled_from(["x", "y"]))
def test_a_sum_of_cells_in_one_closure_is_the_interpreters(
    terms: list[ex.Expr], p: ex.Expr, cells: dict[str, Cell], col: str
) -> None:
    """`a + b + …` of single cells (directly or by a let) is read in one closure (_cell_sum);
    p may name several cells (t.*.x), which leaves the sum to the general fold."""
    e = terms[0]
    for term in terms[1:]:
        e = ex.Bin("+", e, term)
    lets, bindings = {"p": p}, {"col": col, "row": "a"}
    compiled = ex.Evaluation(cells, KNOWN, bindings, lets)
    assert _run(compiled, e) == _run(Interpreter(cells, bindings, lets), e)
    assert _run(compiled, ex.Call("sum", tuple(terms))) == _run(
        Interpreter(cells, bindings, lets), ex.Call("sum", tuple(terms))
    )


# options that cannot be computed, reading different numbers of cells the report has (blank or
# text: present, no number), some holding alternatives of their own
missing_refs = st.sampled_from(["t.a.x", "t.a.y", "t.b.x", "t.b.y", "t.c.x", "t.*.x", "t.{row}.y"]).map(
    ex.Ref
)
options = st.recursive(
    missing_refs,
    lambda children: (
        st.builds(ex.Call, st.just("sum"), st.lists(children, min_size=1, max_size=4).map(tuple))
        | st.builds(ex.Alt, st.lists(children, min_size=2, max_size=3).map(tuple))
    ),
    max_leaves=8,
)
unnumbered = st.sampled_from([Value("blank", ""), Value("text", "无"), Value("number", "2", 2)])
unnumbered_maps = st.dictionaries(st.sampled_from(sorted(KNOWN)), unnumbered).map(
    lambda d: {cid: Cell(cid, v, Span(i, i + 1)) for i, (cid, v) in enumerate(sorted(d.items()))}
)


@settings(max_examples=600, deadline=None)
@given(st.lists(options, min_size=2, max_size=4), unnumbered_maps, st.sampled_from(["a", "b"]))
def test_an_alternative_of_options_not_computed_is_the_interpreters(
    opts: list[ex.Expr], cells: dict[str, Cell], row: str
) -> None:
    """The option an alternative gives when none can be computed is the one reading most cells
    the report has (counted from the cells read after those read before it): as the interpreter,
    which compared the cells read with a copy taken before."""
    e = ex.Bin("+", ex.Ref("t.c.x"), ex.Alt(tuple(opts)))
    bindings = {"col": "x", "row": row}
    compiled = ex.Evaluation(cells, KNOWN, bindings, {})
    assert _run(compiled, e) == _run(Interpreter(cells, bindings, {}), e)
