"""kind: meta — findings about gklint's own use, emitted by the runner, not by reading a report
(e.g. a suppression in the configuration that matched nothing). The rule file gives them their
code, severity, message and documentation, so they are selected and documented like any rule."""

from __future__ import annotations

from dataclasses import dataclass

from gklint.model import Diagnostic, RuleMeta
from gklint.rules.context import RuleContext
from gklint.rules.kinds.base import Rule
from gklint.rules.schema import RuleFile, check_template

FIELDS: dict[str, type] = {}


@dataclass(frozen=True)
class Meta:
    """A rule about gklint itself (its findings are made by the runner, not by a check)."""

    def run(self, rule: Rule, ctx: RuleContext) -> list[Diagnostic]:
        return []


def compile_check(rule: RuleFile, meta: RuleMeta) -> Meta:
    check_template(rule, "message", rule.data["message"], ["entry"])
    return Meta()
