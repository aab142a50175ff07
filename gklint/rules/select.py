"""Which rules run: --select and --ignore by code (GK201), prefix (GK2), name or alias.

As in ruff, the most specific selector decides: `--select GK2 --ignore GK218` runs every GK2xx
rule but GK218, and `--ignore GK2 --select GK201` runs GK201 alone of them. At equal
specificity, ignore wins. With no --select, every rule is selected.
"""

from __future__ import annotations

from collections.abc import Iterable

from gklint.model import RuleMeta

ALL = "GK"


def _specificity(selector: str, meta: RuleMeta) -> int:
    """How closely a selector names a rule: 0 if it does not name it at all."""
    s = selector.strip()
    if s in (meta.name, *meta.aliases) or s.upper() == meta.code:
        return 10
    if meta.code.startswith(s.upper()) and s.upper().startswith("GK"):
        return len(s)
    return 0


def is_selected(meta: RuleMeta, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> bool:
    chosen = list(select) or [ALL]
    best_on = max((_specificity(s, meta) for s in chosen), default=0)
    best_off = max((_specificity(s, meta) for s in ignore), default=0)
    return best_on > 0 and best_on > best_off


def unknown_selectors(selectors: Iterable[str], metas: Iterable[RuleMeta]) -> list[str]:
    """Selectors that name no rule (so a typo is reported, not silently ignored)."""
    metas = list(metas)
    return [s for s in selectors if not any(_specificity(s, m) for m in metas)]
