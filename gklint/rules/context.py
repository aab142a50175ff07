"""What a rule sees of one report: its cells, facts, text and AST, as one frozen object."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from gklint.model import Cell, Problem
from gklint.parse import Parsed
from gklint.parse.ast import Report
from gklint.parse.facts import Facts
from gklint.tables import Extraction
from gklint.tables.labels import all_cell_ids

T = TypeVar("T")


@dataclass(frozen=True)
class RuleContext:
    """What the rules see of one report: cells, era, year, text, AST, facts, settings."""

    cells: Mapping[str, Cell]
    era: str
    era_source: str
    year: int | None
    text: str = ""
    report: Report | None = None
    facts: Facts | None = None
    problems: tuple[Problem, ...] = ()
    tables: frozenset[str] = frozenset()  # kinds of the tables found (t2, t3, t4, a, a0)
    settings: Mapping[str, object] = field(default_factory=dict)
    known: frozenset[str] = field(default_factory=all_cell_ids)
    # derived views several rules share (the narrative text, …), computed once per report; not
    # an init field, so that dataclasses.replace() starts a new context with an empty one
    memo: dict[str, object] = field(default_factory=dict, init=False, compare=False, repr=False)

    def shared(self, key: str, make: Callable[[], T]) -> T:
        """`make()` computed once per report and shared by the rules that need it."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]  # type: ignore[return-value]

    @staticmethod
    def of(
        parsed: Parsed,
        extraction: Extraction,
        settings: Mapping[str, object] | None = None,
        read_problems: tuple[Problem, ...] = (),
    ) -> RuleContext:
        return RuleContext(
            cells=extraction.cells,
            era=extraction.era,
            era_source=extraction.era_source,
            year=parsed.facts.year,
            text=parsed.report.text,
            report=parsed.report,
            facts=parsed.facts,
            problems=(*read_problems, *parsed.problems, *extraction.problems),
            tables=frozenset(t.kind for t in extraction.tables),
            settings=settings or {},
        )
