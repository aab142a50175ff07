"""Every problem code the read, parse and tables layers can emit reaches the user through a rule.

A problem reaches `gklint check` only when a rule lists its code (`params.problems`) or a rule kind
reads it in its code (the cut-text check reads the table cuts): any other code is silently dropped,
which is how `cell-duplicate` (the sign of a mis-read cell) went unseen.
The codes are collected from the source itself, so a new `Problem.make("…")` without a rule fails
here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

from gklint import messages

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("read", "parse", "tables")
# Functions that take a problem code as their first argument.
MAKERS = {"make", "_row_problem"}


def _emitted() -> dict[str, str]:
    """Problem code -> the file that emits it (a literal, a conditional of literals, or a name
    bound to those in the same function, as the first argument of a problem maker)."""
    found: dict[str, str] = {}
    for layer in LAYERS:
        for path in sorted((ROOT / "gklint" / layer).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Module))]:
                bound = _bound_strings(function)
                for node in ast.walk(function):
                    if not (isinstance(node, ast.Call) and node.args):
                        continue
                    func = node.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    if name in MAKERS:
                        for code in _strings(node.args[0], bound):
                            found.setdefault(code, str(path.relative_to(ROOT)))
    return found


def _strings(node: ast.expr, bound: dict[str, set[str]]) -> set[str]:
    if isinstance(node, ast.Name):
        return bound.get(node.id, set())
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _bound_strings(function: ast.AST) -> dict[str, set[str]]:
    """Names assigned a string or a conditional of strings in `function` ("code = 'a' if x else 'b'")."""
    bound: dict[str, set[str]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if isinstance(node.value, (ast.Constant, ast.IfExp)):
                bound.setdefault(node.targets[0].id, set()).update(_strings(node.value, {}))
    return bound


def _listed() -> dict[str, list[str]]:
    """Problem code -> the rules that list it in params.problems (the table-problems check)."""
    routed: dict[str, list[str]] = {}
    for path in sorted((ROOT / "rules").rglob("GK*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for code in (data.get("params") or {}).get("problems") or ():
            routed.setdefault(code, []).append(path.stem)
    return routed


def _read_by_rule_code() -> set[str]:
    """Codes a rule kind reads in its own code (the cut-text check reads the table cuts)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "gklint" / "rules").rglob("*.py")))
    return {code for code in _emitted() if f'"{code}"' in text}


def test_the_scan_finds_the_problem_codes_of_every_layer() -> None:
    emitted = _emitted()
    assert {"decode-replaced", "parse-failed", "row-unaligned", "row-truncated", "cell-duplicate"} <= set(
        emitted
    )


def test_every_emitted_problem_code_has_a_rule_that_reports_it() -> None:
    routed = set(_listed()) | _read_by_rule_code()
    unrouted = {code: where for code, where in _emitted().items() if code not in routed}
    assert unrouted == {}, "problem codes no rule lists or reads (dropped silently)"


def test_a_listed_code_has_one_rule_and_every_code_a_message() -> None:
    assert {code: rules for code, rules in _listed().items() if len(rules) != 1} == {}
    assert [code for code in _emitted() if not messages.has(code)] == []


def test_no_rule_lists_a_problem_code_nothing_emits() -> None:
    assert sorted(set(_listed()) - set(_emitted())) == []
