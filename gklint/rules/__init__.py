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

__all__ = ["Rule", "RuleContext", "builtin_rules", "load_rules", "rule_set", "rules_digest", "run_rules"]


@cache
def _builtin_key() -> str:
    """A digest of everything the built-in rules compile from. Compiled rules hold cell ids,
    messages and the model's classes: any of the package's code or data (table labels,
    messages) may change what they compile to, or what a check finds."""
    package = Path(__file__).parent.parent
    return user_cache.files_digest(
        [
            *rules_dir().rglob("*.yaml"),
            *package.rglob("*.py"),
            *package.rglob("*.yaml"),
            *grammar_path("expr.lark").parent.glob("*.lark"),
        ]
    )


@cache
def builtin_rules() -> tuple[Rule, ...]:
    """The built-in rules, compiled once per installation and cached (see gklint.cache): loading
    and compiling every rule file is most of a single-file check's start-up time."""
    key = _builtin_key()
    found = user_cache.load("rules", key)
    if isinstance(found, tuple) and all(isinstance(r, Rule) for r in found):
        return found
    rules = tuple(load_rules([rules_dir()]))
    user_cache.store("rules", key, rules)
    return rules


_DIGESTS: dict[int, tuple[tuple[Rule, ...], str]] = {}


def rules_digest(rules: tuple[Rule, ...]) -> str:
    """A digest of a set of rules (for keys of cached results): the code and data of the package
    and each rule file's name, size and time; worked out once per set of rules in a process."""
    known = _DIGESTS.get(id(rules))
    if known is None or known[0] is not rules:
        paths = sorted({Path(r.meta.path) for r in rules if r.meta.path})
        own = rules_dir().resolve()
        extra = [p for p in paths if own not in p.resolve().parents]
        parts = [_builtin_key(), user_cache.files_digest(extra), *(r.meta.code for r in rules)]
        known = _DIGESTS[id(rules)] = (rules, user_cache.digest(parts))
    return known[1]


def rule_set(extra: Iterable[Path] = ()) -> list[Rule]:
    """The built-in rules plus those of the user's folders (codes must not repeat)."""
    extra = list(extra)
    if not extra:
        return list(builtin_rules())
    return load_rules([rules_dir(), *extra])
