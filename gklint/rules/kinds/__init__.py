"""The closed set of rule kinds: name → (its fields, its required fields, its compiler).

A new kind needs a module here, an entry in KINDS, a section in docs/rules.md and tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from gklint.model import RuleMeta
from gklint.rules.kinds import (
    cellvalue,
    equation,
    meta,
    narrative,
    pattern,
    period,
    series,
    structure,
    sums,
)
from gklint.rules.kinds.base import Check
from gklint.rules.schema import RuleFile


@dataclass(frozen=True)
class Kind:
    """A rule kind: the fields its rule files may have and how it compiles them."""

    fields: Mapping[str, type | tuple[type, ...]]
    required: tuple[str, ...]
    compile: Callable[[RuleFile, RuleMeta], Check]


KINDS: dict[str, Kind] = {
    "equation": Kind(equation.FIELDS, equation.REQUIRED, equation.compile_check),
    "value": Kind(cellvalue.FIELDS, ("cells", "flag"), cellvalue.compile_check),
    "required": Kind(cellvalue.FIELDS, cellvalue.REQUIRED, cellvalue.compile_required),
    "pattern": Kind(pattern.FIELDS, pattern.REQUIRED, pattern.compile_check),
    "structure": Kind(structure.FIELDS, structure.REQUIRED, structure.compile_check),
    "period": Kind(period.FIELDS, period.REQUIRED, period.compile_period),
    "date": Kind(period.FIELDS, period.REQUIRED, period.compile_date),
    "narrative": Kind(narrative.NARRATIVE_FIELDS, ("phrases",), narrative.compile_narrative),
    "percentage": Kind(narrative.PERCENT_FIELDS, ("check", "pattern"), narrative.compile_percentage),
    "parts": Kind(narrative.PARTS_FIELDS, ("pattern",), narrative.compile_parts),
    "sums": Kind(sums.FIELDS, sums.REQUIRED, sums.compile_sums),
    "meta": Kind(meta.FIELDS, (), meta.compile_check),
    "series": Kind(series.SERIES_FIELDS, equation.REQUIRED, series.compile_series),
    "copied": Kind(series.COPIED_FIELDS, (), series.compile_copied),
    "duplicate": Kind({}, (), series.compile_duplicate),
}
SERIES_KINDS = frozenset({"series", "copied", "duplicate"})  # run only in the cross-year post-pass
