"""Every problem code the read, parse and tables layers can emit reaches the user through a rule.

A problem reaches `gklint check` only when a rule lists its code (`params.problems`): an unlisted
code is silently dropped, which is how `cell-duplicate` (the sign of a mis-read cell) went unseen.
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
    """Problem code -> the file that emits it."""
    found: dict[str, str] = {}
    for layer in LAYERS:
        for path in sorted((ROOT / "gklint" / layer).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                first = node.args[0]
                if name in MAKERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.setdefault(first.value, str(path.relative_to(ROOT)))
    return found


def _routed() -> dict[str, list[str]]:
    """Problem code -> the rules that report it."""
    routed: dict[str, list[str]] = {}
    for path in sorted((ROOT / "rules").rglob("GK*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for code in (data.get("params") or {}).get("problems") or ():
            routed.setdefault(code, []).append(path.stem)
    return routed


def test_the_scan_finds_the_problem_codes_of_every_layer() -> None:
    emitted = _emitted()
    assert {"decode-replaced", "parse-failed", "row-unaligned", "cell-duplicate"} <= set(emitted)


def test_every_emitted_problem_code_has_a_rule_that_reports_it() -> None:
    routed = _routed()
    unrouted = {code: where for code, where in _emitted().items() if code not in routed}
    assert unrouted == {}, "problem codes no rule lists in params.problems (dropped silently)"


def test_every_problem_code_is_reported_by_exactly_one_rule_and_has_a_message() -> None:
    routed = _routed()
    assert {code: rules for code, rules in routed.items() if len(rules) != 1} == {}
    assert [code for code in _emitted() if not messages.has(code)] == []


def test_no_rule_lists_a_problem_code_nothing_emits() -> None:
    assert sorted(set(_routed()) - set(_emitted())) == []
