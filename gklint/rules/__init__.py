"""Rules layer: YAML rule files → compiled rules → diagnostics for one report.

Rules are data (rules/<group>/GKnnn.yaml); this package only knows the closed set of kinds.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from gklint import cache as user_cache
from gklint.resources import grammar_path, rules_dir
from gklint.rules.context import RuleContext
from gklint.rules.engine import run_rules
from gklint.rules.kinds.base import Rule
from gklint.rules.loader import load_rules

__all__ = ["Rule", "RuleContext", "builtin_rules", "load_rules", "rule_set", "run_rules"]


@cache
def builtin_rules() -> tuple[Rule, ...]:
    """The built-in rules, compiled once per installation and cached (see gklint.cache): loading
    and compiling every rule file is most of a single-file check's start-up time."""
    folder = rules_dir()
    # Compiled rules hold cell ids, messages and the model's classes: any of the package's code or
    # data (table labels, messages) may change what they compile to.
    package = Path(__file__).parent.parent
    key = user_cache.files_digest(
        [
            *folder.rglob("*.yaml"),
            *package.rglob("*.py"),
            *package.rglob("*.yaml"),
            *grammar_path("expr.lark").parent.glob("*.lark"),
        ]
    )
    found = user_cache.load("rules", key)
    if isinstance(found, tuple) and all(isinstance(r, Rule) for r in found):
        return found
    rules = tuple(load_rules([folder]))
    user_cache.store("rules", key, rules)
    return rules


def rule_set(extra: Iterable[Path] = ()) -> list[Rule]:
    """The built-in rules plus those of the user's folders (codes must not repeat)."""
    extra = list(extra)
    if not extra:
        return list(builtin_rules())
    return load_rules([rules_dir(), *extra])
