"""Rule expressions: parsed by grammars/expr.lark into our own nodes, evaluated in three values.

A term whose cell is absent, blank, a placeholder or text is *missing*: an arithmetic result or
comparison that needs it is missing too, so a rule reports "not assessable" instead of failing or
passing. Never `eval`; numbers are Decimals, so money adds up exactly.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache, reduce
from itertools import islice

from gklint import messages
from gklint.model import Cell


class ExprError(ValueError):
    """A bad expression; `column` is 1-based inside the expression text."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.column = column


# -- nodes -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Num:
    """A number literal."""

    value: Decimal


@dataclass(frozen=True)
class Ref:
    """A cell reference (a template that may name columns or hold "*")."""

    template: str  # "t3.new.{col}", may hold "*"


@dataclass(frozen=True)
class Name:
    """A name bound by `let` or `each`."""

    name: str


@dataclass(frozen=True)
class Call:
    """A call of a built-in function."""

    fn: str
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class Bin:
    """An arithmetic operation."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Neg:
    """A negation (unary minus)."""

    operand: Expr


@dataclass(frozen=True)
class Compare:
    """A comparison."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Logic:
    """`and` / `or` over several operands."""

    op: str  # "and" / "or"
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    """A logical `not`."""

    operand: Expr


@dataclass(frozen=True)
class Alt:
    """Alternatives: the value of an option whose cells the report has (_alt says which)."""

    options: tuple[Expr, ...]


Expr = Num | Ref | Name | Call | Bin | Neg | Compare | Logic | Not | Alt
FUNCTIONS = frozenset({"sum", "abs"})


MAX_DEPTH = 50  # brackets inside brackets; deeper nesting is refused, not a RecursionError


def parse_expr(text: str) -> Expr:
    """Parse an expression, or raise ExprError saying where it goes wrong."""
    depth = 0
    for column, char in enumerate(text, start=1):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth > MAX_DEPTH:
            raise ExprError(messages.text("expression-too-deep", limit=MAX_DEPTH), column)
    from gklint.rules.expr_syntax import syntax  # Lark only when rules are compiled, not at start-up

    return syntax(text)


# -- static checks -----------------------------------------------------------------------------
def refs(expr: Expr) -> Iterable[Ref]:
    """Every cell reference in an expression."""
    if isinstance(expr, Ref):
        yield expr
    for child in _children(expr):
        yield from refs(child)


def names(expr: Expr) -> Iterable[str]:
    if isinstance(expr, Name):
        yield expr.name
    for child in _children(expr):
        yield from names(child)


def calls(expr: Expr) -> Iterable[Call]:
    if isinstance(expr, Call):
        yield expr
    for child in _children(expr):
        yield from calls(child)


def _children(expr: Expr) -> tuple[Expr, ...]:
    if isinstance(expr, Call):
        return expr.args
    if isinstance(expr, (Bin, Compare)):
        return (expr.left, expr.right)
    if isinstance(expr, (Neg, Not)):
        return (expr.operand,)
    if isinstance(expr, Logic):
        return expr.items
    if isinstance(expr, Alt):
        return expr.options
    return ()


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, bindings: Mapping[str, str]) -> str:
    """Substitute {name} placeholders of a cell template."""
    if "{" not in template:
        return template
    return _PLACEHOLDER.sub(lambda m: bindings[m.group(1)], template)


def expand(template: str, known: frozenset[str]) -> list[str]:
    """The known cell ids a filled template names ("*" matches one segment), in sorted order."""
    if "*" not in template:
        return [template]
    return list(_expand(template, known))


@lru_cache(maxsize=4096)
def _expand(template: str, known: frozenset[str]) -> tuple[str, ...]:
    pattern = re.compile("^" + re.escape(template).replace(r"\*", r"[a-z0-9_]+") + "$")
    return tuple(sorted(c for c in known if pattern.match(c)))


# -- evaluation --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Missing:
    """A value that cannot be computed: these cells are absent, blank or not numbers."""

    cells: tuple[str, ...]


Result = Decimal | bool | Missing


@dataclass
class Evaluation:
    """Evaluates expressions against one report's cells, recording every cell it reads."""

    cells: Mapping[str, Cell]
    known: frozenset[str]
    bindings: Mapping[str, str] = field(default_factory=dict)
    lets: Mapping[str, Expr] = field(default_factory=dict)
    used: dict[str, Cell | None] = field(default_factory=dict)
    # id(expr) -> the expression compiled for these bindings, known ids and lets (each cell
    # template resolved once), shared by the evaluations that have the same: an equation keeps
    # one per instance for every report
    compiled: dict[int, tuple[Expr, Compiled]] = field(default_factory=dict, repr=False)
    # the last comparison made and its sides' values (an equation's sides, without evaluating again)
    compared: tuple[Compare, Result, Result] | None = field(default=None, repr=False, compare=False)

    def ids(self, template: str) -> list[str]:
        """The known cell ids a cell template names under this evaluation's bindings."""
        return expand(fill(template, self.bindings), self.known)

    def value(self, expr: Expr) -> Result:
        return self.code(expr)(self)

    def readable(self, expr: Expr) -> frozenset[str]:
        """Every cell id the expression may read under this evaluation's bindings and lets."""
        found: set[str] = set()
        todo = [expr]
        while todo:
            e = todo.pop()
            if isinstance(e, Ref):
                found.update(self.ids(e.template))
            elif isinstance(e, Name):
                todo.append(self.lets[e.name])
            else:
                todo.extend(_children(e))
        return frozenset(found)

    def code(self, expr: Expr) -> Compiled:
        """The expression compiled for this evaluation's bindings, known ids and lets."""
        found = self.compiled.get(id(expr))
        if found is None:  # the node is kept with its code: its id is not reused while cached
            found = self.compiled[id(expr)] = (expr, _COMPILERS[type(expr)](self, expr))
        return found[1]

    def cell_value(self, cell_id: str) -> Decimal | Missing:
        cell = self.cells.get(cell_id)
        self.used.setdefault(cell_id, cell)
        if cell is not None:
            value = cell.value
            number = value.number
            if value.kind == "number" and number is not None:
                return number if type(number) is Decimal else _decimal(number)
        return _missing(cell_id)


@lru_cache(maxsize=4096)
def _decimal(number: int) -> Decimal:
    """A cell's integer as a Decimal: a report's counts repeat (0, 1, …), each made once."""
    return Decimal(number)


@lru_cache(maxsize=4096)
def _missing(cell_id: str) -> Missing:
    return Missing((cell_id,))


# -- compiling: each node once into a closure over the evaluation ------------------------------
Compiled = Callable[[Evaluation], Result]


def _num(ev: Evaluation, expr: Num) -> Compiled:
    value = expr.value
    return lambda ev: value


def _ref(ev: Evaluation, expr: Ref) -> Compiled:
    ids = ev.ids(expr.template)
    if len(ids) != 1:
        missing = Missing(tuple(ids))
        return lambda ev: missing
    return operator.methodcaller("cell_value", ids[0])  # ev.cell_value(id), without a frame of ours


def _name(ev: Evaluation, expr: Name) -> Compiled:
    return ev.code(ev.lets[expr.name])


def _call(ev: Evaluation, expr: Call) -> Compiled:
    if expr.fn == "abs":
        arg = ev.code(expr.args[0])

        def absolute(ev: Evaluation) -> Result:
            v = arg(ev)
            return abs(v) if isinstance(v, Decimal) else v

        return absolute
    # a cell template adds every cell it names; another argument, its value
    args = [ev.ids(arg.template) if isinstance(arg, Ref) else ev.code(arg) for arg in expr.args]

    def total(ev: Evaluation) -> Result:
        out = Decimal(0)
        missing: list[str] = []
        for arg in args:
            if isinstance(arg, list):
                for number in _numbers(ev, arg, missing):
                    out += number
                continue
            term = arg(ev)
            if isinstance(term, Missing):
                missing.extend(term.cells)
            elif isinstance(term, Decimal):
                out += term
        return Missing(tuple(missing)) if missing else out

    return total


_ARITHMETIC: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}


def _bin(ev: Evaluation, expr: Bin) -> Compiled:
    """Bins nested to the left (`a + b - c …`, as an equation's side mostly is) in one closure
    folding the terms left to right, as the nested Bins would: one call a term, not two."""
    parts: list[tuple[str, Expr]] = []
    first: Expr = expr
    while isinstance(first, Bin):
        parts.append((first.op, first.right))
        first = first.left
    parts.reverse()
    if all(op == "+" for op, _ in parts) and (ids := _cell_ids(ev, [first, *(e for _, e in parts)])):
        return _cell_sum(ids)
    terms = [(_ARITHMETIC[op], ev.code(e)) for op, e in parts]
    first_code = ev.code(first)

    def binary(ev: Evaluation) -> Result:
        left = first_code(ev)
        rest = iter(terms)
        for op, code in rest:
            right = code(ev)
            if type(left) is not Decimal or type(right) is not Decimal:  # (rarely)
                if isinstance(left, Missing) or isinstance(right, Missing):
                    # missing from here on: the other terms are still read (their cells are used,
                    # in order), and only their missing cells count
                    return _merge(left, right, *[code(ev) for _, code in rest])
                assert isinstance(left, Decimal) and isinstance(right, Decimal)
            try:
                left = op(left, right)
            except (InvalidOperation, ZeroDivisionError):
                left = Missing(())
        return left

    return binary


def _cell_ids(ev: Evaluation, exprs: list[Expr]) -> list[str] | None:
    """The one cell each expression reads, when each is a cell (directly or by a `let` name)."""
    ids = []
    for e in exprs:
        while isinstance(e, Name):
            e = ev.lets[e.name]
        found = ev.ids(e.template) if isinstance(e, Ref) else []
        if len(found) != 1:
            return None
        ids.append(found[0])
    return ids


def _cell_sum(ids: list[str]) -> Compiled:
    """A sum of cells (`a + b + c …`, most equations' sides) in one closure, with no call a
    term: the fold's result (each cell read in order; the missing ones, each once, if any)."""

    def cell_sum(ev: Evaluation) -> Result:
        missing: list[str] = []
        numbers = _numbers(ev, ids, missing)
        return Missing(tuple(dict.fromkeys(missing))) if missing else reduce(operator.add, numbers)

    return cell_sum


def _numbers(ev: Evaluation, ids: list[str], missing: list[str]) -> list[Decimal]:
    """The numbers of these cells, read in order as `cell_value` reads each (inline: a sum reads
    many); the cells that have none are added to `missing`."""
    cells, used = ev.cells, ev.used
    out = []
    for cell_id in ids:
        cell = cells.get(cell_id)
        used.setdefault(cell_id, cell)
        if cell is not None:
            value = cell.value
            number = value.number
            if value.kind == "number" and number is not None:
                out.append(number if type(number) is Decimal else _decimal(number))
                continue
        missing.append(cell_id)
    return out


def _neg(ev: Evaluation, expr: Neg) -> Compiled:
    operand = ev.code(expr.operand)

    def negated(ev: Evaluation) -> Result:
        v = operand(ev)
        return -v if isinstance(v, Decimal) else v

    return negated


def _compare(ev: Evaluation, expr: Compare) -> Compiled:
    left_code, right_code = ev.code(expr.left), ev.code(expr.right)
    test = _COMPARISONS[expr.op]

    def comparison(ev: Evaluation) -> Result:
        left, right = left_code(ev), right_code(ev)
        ev.compared = (expr, left, right)
        if isinstance(left, Missing) or isinstance(right, Missing):
            return _merge(left, right)
        return test(left, right)  # type: ignore[arg-type]

    return comparison


def _logic(ev: Evaluation, expr: Logic) -> Compiled:
    decided = expr.op == "or"  # the value that settles it: False for "and", True for "or"
    items = [ev.code(item) for item in expr.items]

    def logic(ev: Evaluation) -> Result:
        values = [item(ev) for item in items]
        if any(v is decided for v in values):
            return decided
        missing = [v for v in values if isinstance(v, Missing)]
        return _merge(*missing) if missing else not decided

    return logic


def _not(ev: Evaluation, expr: Not) -> Compiled:
    operand = ev.code(expr.operand)

    def negation(ev: Evaluation) -> Result:
        v = operand(ev)
        return v if isinstance(v, Missing) else not v

    return negation


def _alt(ev: Evaluation, expr: Alt) -> Compiled:
    options = [ev.code(option) for option in expr.options]

    def alternative(ev: Evaluation) -> Result:
        best: Missing | None = None
        best_present = -1
        for option in options:
            before = dict(ev.used)
            v = option(ev)
            if not isinstance(v, Missing):
                return v
            # the cells the option read are those after the ones read before it: `used` only
            # grows (an inner alternative puts back a copy of what it began with), in order
            present = sum(1 for c in islice(ev.used.values(), len(before), None) if c is not None)
            if present > best_present:
                best, best_present = v, present
            ev.used = before  # an option not taken is not part of the equation
        assert best is not None
        return best

    return alternative


_COMPARISONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}


def compare(op: str, left: Decimal, right: Decimal) -> bool:
    """Only the one comparison asked for (values are finite: no NaN to make another raise)."""
    return _COMPARISONS[op](left, right)


# one compiler per node type
_COMPILERS: dict[type, Callable[..., Compiled]] = {
    Num: _num,
    Ref: _ref,
    Name: _name,
    Call: _call,
    Bin: _bin,
    Neg: _neg,
    Compare: _compare,
    Logic: _logic,
    Not: _not,
    Alt: _alt,
}


def _merge(*values: object) -> Missing:
    """The missing cells of the values, each once, in order."""
    return Missing(tuple(dict.fromkeys(c for v in values if isinstance(v, Missing) for c in v.cells)))
