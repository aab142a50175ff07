"""Rules layer: YAML rule files → compiled rules → diagnostics for one report.

Rules are data (rules/<group>/GKnnn.yaml); this package only knows the closed set of kinds.
The kinds, the engine and the context are imported on first use (PEP 562), so that a re-run whose
results are all cached, which needs only `gklint.rules.select`, does not load them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gklint import cache as user_cache
from gklint.resources import rules_dir
from gklint.results import metas_digest, store_builtin_metas

if TYPE_CHECKING:
    from gklint.rules.context import RuleContext
    from gklint.rules.engine import run_rules
    from gklint.rules.kinds.base import Rule
    from gklint.rules.loader import load_rules

__all__ = ["Rule", "RuleContext", "builtin_rules", "load_rules", "rule_set", "rules_digest", "run_rules"]

_LAZY = {
    "Rule": "gklint.rules.kinds.base",
    "RuleContext": "gklint.rules.context",
    "load_rules": "gklint.rules.loader",
    "run_rules": "gklint.rules.engine",
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - the lazily imported names above
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gklint.rules' has no attribute {name!r}")


@cache
def builtin_rules() -> tuple[Rule, ...]:
    """The built-in rules, compiled once per installation and cached (see gklint.cache): loading
    and compiling every rule file is most of a single-file check's start-up time. Their metadata
    is cached beside them (gklint/results.py: a re-run needs only that)."""
    from gklint.rules.kinds.base import Rule
    from gklint.rules.loader import load_rules

    key = user_cache.package_digest()
    found = user_cache.load("rules", key)
    if isinstance(found, tuple) and all(isinstance(r, Rule) for r in found):
        return found
    rules = tuple(load_rules([rules_dir()]))
    user_cache.store("rules", key, rules)
    store_builtin_metas(tuple(r.meta for r in rules))
    return rules


_DIGESTS: dict[int, tuple[tuple[Rule, ...], str]] = {}


def rules_digest(rules: tuple[Rule, ...]) -> str:
    """A digest of a set of rules (for keys of cached results, gklint/results.py), worked out
    once per set of rules in a process."""
    known = _DIGESTS.get(id(rules))
    if known is None or known[0] is not rules:
        known = _DIGESTS[id(rules)] = (rules, metas_digest(tuple(r.meta for r in rules)))
    return known[1]


def rule_set(extra: Iterable[Path] = ()) -> list[Rule]:
    """The built-in rules plus those of the user's folders (codes must not repeat)."""
    from gklint.rules.loader import load_rules

    extra = list(extra)
    if not extra:
        return list(builtin_rules())
    return load_rules([rules_dir(), *extra])
