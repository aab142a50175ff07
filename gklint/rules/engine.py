"""Runs the rules on one report. A rule that crashes becomes one internal diagnostic naming it,
and the other rules still run (this is one of the two places bugs are caught; runner is the other)."""

from __future__ import annotations

from gklint import messages
from gklint.model import Diagnostic
from gklint.registry import format_ids
from gklint.rules.context import RuleContext
from gklint.rules.culprit import annotate
from gklint.rules.kinds.base import Rule, diagnostic


def applies(rule: Rule, ctx: RuleContext) -> bool:
    """A rule runs on reports of its eras; on a report of unknown era only if it is for all eras."""
    eras = rule.meta.eras
    return ctx.era in eras or (ctx.era == "unknown" and set(eras) == set(format_ids()))


def run_rules(rules: list[Rule], ctx: RuleContext) -> list[Diagnostic]:
    """Every diagnostic of the rules that apply, in document order."""
    found: list[Diagnostic] = []
    for rule in rules:
        if not applies(rule, ctx):
            continue
        try:
            found.extend(rule.check.run(rule, ctx))
        except MemoryError:  # the file's budget (guard.py), not this rule's bug
            raise
        except Exception as e:  # noqa: BLE001 - the rule boundary: a bug in one rule must not stop the others
            message = messages.text("rule-crashed", code=rule.meta.code, error=f"{type(e).__name__}: {e}")
            found.append(diagnostic(rule, message, None, outcome="internal", severity="error"))
    found = annotate(found, ctx)  # which one cell would make the failing equations hold
    return sorted(found, key=lambda d: (d.span.start if d.span else -1, d.code))
