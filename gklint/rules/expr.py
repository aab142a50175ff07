"""Rule expressions: parsed by grammars/expr.lark into our own nodes, evaluated in three values.

A term whose cell is absent, blank, a placeholder or text is *missing*: an arithmetic result or
comparison that needs it is missing too, so a rule reports "not assessable" instead of failing or
passing. Never `eval`; numbers are Decimals, so money adds up exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

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
    value: Decimal


@dataclass(frozen=True)
class Ref:
    template: str  # "t3.new.{col}", may hold "*"


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Call:
    fn: str
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class Bin:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Neg:
    operand: Expr


@dataclass(frozen=True)
class Compare:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Logic:
    op: str  # "and" / "or"
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    operand: Expr


@dataclass(frozen=True)
class Alt:
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
    # template -> cell ids: one instance evaluates its terms several times (when, assert)
    _ids: dict[str, list[str]] = field(default_factory=dict, repr=False)
    # the last comparison made and its sides' values (an equation's sides, without evaluating again)
    compared: tuple[Compare, Result, Result] | None = field(default=None, repr=False, compare=False)

    def ids(self, template: str) -> list[str]:
        """The known cell ids a cell template names under this evaluation's bindings."""
        found = self._ids.get(template)
        if found is None:
            found = self._ids[template] = expand(fill(template, self.bindings), self.known)
        return found

    def value(self, expr: Expr) -> Result:
        method: Callable[[Evaluation, Expr], Result] = _EVALUATORS[type(expr)]
        return method(self, expr)

    def cell_value(self, cell_id: str) -> Decimal | Missing:
        cell = self.cells.get(cell_id)
        self.used.setdefault(cell_id, cell)
        if cell is None or not cell.value.is_number or cell.value.number is None:
            return Missing((cell_id,))
        return Decimal(cell.value.number)

    def _num(self, expr: Num) -> Result:
        return expr.value

    def _ref(self, expr: Ref) -> Result:
        ids = self.ids(expr.template)
        if len(ids) != 1:
            return Missing(tuple(ids))
        return self.cell_value(ids[0])

    def _name(self, expr: Name) -> Result:
        return self.value(self.lets[expr.name])

    def _call(self, expr: Call) -> Result:
        if expr.fn == "abs":
            v = self.value(expr.args[0])
            return abs(v) if isinstance(v, Decimal) else v
        total = Decimal(0)
        missing: list[str] = []
        for arg in expr.args:
            terms = (
                [self.cell_value(c) for c in self.ids(arg.template)]
                if isinstance(arg, Ref)
                else [self.value(arg)]
            )
            for term in terms:
                if isinstance(term, Missing):
                    missing.extend(term.cells)
                elif isinstance(term, Decimal):
                    total += term
        return Missing(tuple(missing)) if missing else total

    def _bin(self, expr: Bin) -> Result:
        left, right = self.value(expr.left), self.value(expr.right)
        if isinstance(left, Missing) or isinstance(right, Missing):
            return _merge(left, right)
        assert isinstance(left, Decimal) and isinstance(right, Decimal)
        try:
            return (
                {"+": left + right, "-": left - right, "*": left * right}[expr.op]
                if expr.op != "/"
                else left / right
            )
        except (InvalidOperation, ZeroDivisionError):
            return Missing(())

    def _neg(self, expr: Neg) -> Result:
        v = self.value(expr.operand)
        return -v if isinstance(v, Decimal) else v

    def _compare(self, expr: Compare) -> Result:
        left, right = self.value(expr.left), self.value(expr.right)
        self.compared = (expr, left, right)
        if isinstance(left, Missing) or isinstance(right, Missing):
            return _merge(left, right)
        return compare(expr.op, left, right)  # type: ignore[arg-type]

    def _logic(self, expr: Logic) -> Result:
        values = [self.value(item) for item in expr.items]
        decided = expr.op == "or"  # the value that settles it: False for "and", True for "or"
        if any(v is decided for v in values):
            return decided
        missing = [v for v in values if isinstance(v, Missing)]
        return _merge(*missing) if missing else not decided

    def _not(self, expr: Not) -> Result:
        v = self.value(expr.operand)
        return v if isinstance(v, Missing) else not v

    def _alt(self, expr: Alt) -> Result:
        best: Missing | None = None
        best_present = -1
        for option in expr.options:
            before = dict(self.used)
            v = self.value(option)
            if not isinstance(v, Missing):
                return v
            present = sum(1 for cid in self.used if cid not in before and self.used[cid] is not None)
            if present > best_present:
                best, best_present = v, present
            self.used = before  # an option not taken is not part of the equation
        assert best is not None
        return best


def compare(op: str, left: Decimal, right: Decimal) -> bool:
    return {
        "==": left == right,
        "!=": left != right,
        "<=": left <= right,
        ">=": left >= right,
        "<": left < right,
        ">": left > right,
    }[op]


# one evaluator per node type (a dict lookup: evaluation is the inner loop of the arithmetic rules)
_EVALUATORS: dict[type, Callable[..., Result]] = {
    node: getattr(Evaluation, "_" + node.__name__.lower())
    for node in (Num, Ref, Name, Call, Bin, Neg, Compare, Logic, Not, Alt)
}


def _merge(*values: object) -> Missing:
    cells: list[str] = []
    for v in values:
        if isinstance(v, Missing):
            cells.extend(c for c in v.cells if c not in cells)
    return Missing(tuple(cells))
