"""The syntax of rule expressions: grammars/expr.lark → the nodes of gklint.rules.expr. Imported
only when rule files are compiled: the cached rules hold the nodes, so a start with a warm cache
never imports Lark for expressions."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from lark import Lark, Token, Transformer, UnexpectedInput

from gklint import messages
from gklint.cache import lark_cache_path
from gklint.resources import grammar_path
from gklint.rules.expr import Alt, Bin, Call, Compare, Expr, ExprError, Logic, Name, Neg, Not, Num, Ref


def syntax(text: str) -> Expr:
    """The expression's nodes, or ExprError saying where it goes wrong."""
    try:
        return _Build().transform(_parser().parse(text))
    except UnexpectedInput as e:
        raise ExprError(messages.text("expression-syntax", column=e.column), e.column) from e


class _Build(Transformer[Token, Expr]):
    def number(self, c: list[Token]) -> Expr:
        return Num(Decimal(str(c[0])))

    def cell(self, c: list[Token]) -> Expr:
        return Ref(str(c[0]))

    def name(self, c: list[Token]) -> Expr:
        return Name(str(c[0]))

    def call(self, c: list[object]) -> Expr:
        fn = str(c[0])
        return Call(fn, tuple(a for a in c[1:] if a is not None))  # type: ignore[misc]

    def sum(self, c: list[object]) -> Expr:
        return _fold(c)

    def product(self, c: list[object]) -> Expr:
        return _fold(c)

    def neg(self, c: list[Expr]) -> Expr:
        return Neg(c[0])

    def comparison(self, c: list[object]) -> Expr:
        return Compare(str(c[1]), c[0], c[2])  # type: ignore[arg-type]

    def alternative(self, c: list[Expr]) -> Expr:
        return Alt(_flat(Alt, c, lambda e: e.options))  # type: ignore[arg-type]

    def and_(self, c: list[Expr]) -> Expr:
        return Logic("and", _flat(Logic, c, lambda e: e.items if e.op == "and" else (e,)))  # type: ignore[arg-type]

    def or_(self, c: list[Expr]) -> Expr:
        return Logic("or", _flat(Logic, c, lambda e: e.items if e.op == "or" else (e,)))  # type: ignore[arg-type]

    def not_(self, c: list[Expr]) -> Expr:
        return Not(c[0])


def _flat(kind: type, children: list[Expr], parts) -> tuple[Expr, ...]:  # noqa: ANN001
    """Binary nodes of one kind ("a | b | c", "x and y and z") as one flat list."""
    out: list[Expr] = []
    for child in children:
        out.extend(parts(child) if isinstance(child, kind) else (child,))
    return tuple(out)


def _fold(children: list[object]) -> Expr:
    expr = children[0]
    for op, right in zip(children[1::2], children[2::2], strict=True):
        expr = Bin(str(op), expr, right)  # type: ignore[arg-type]
    return expr  # type: ignore[return-value]


@cache
def _parser() -> Lark:
    cache_path = lark_cache_path("expr")
    return Lark(
        grammar_path("expr.lark").read_text(encoding="utf-8"), parser="lalr", cache=cache_path or False
    )
