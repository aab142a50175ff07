"""What `gklint parse` shows of a report: its facts, sections and cells as plain, positioned data.

Turns the AST and cells (offsets into the normalised text) into JSON-ready dicts with the line
and column the user sees, through the source's PositionMap. Renderers take these dicts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gklint import messages
from gklint.model import Problem, Span, Value
from gklint.parse import Parsed
from gklint.parse.ast import Section
from gklint.read import Source
from gklint.report.json_format import json_number
from gklint.tables import Extraction


def outline(source: Source, parsed: Parsed, extraction: Extraction) -> dict[str, Any]:
    """The `gklint parse --format json` object for one file."""
    facts = parsed.facts
    pos = source.posmap
    period = facts.period
    published = facts.published
    return {
        "path": source.path,
        "encoding": source.encoding,
        "era": extraction.era,
        "era_source": extraction.era_source,
        "year": facts.year,
        "agency": facts.agency,
        "title": facts.title or None,
        "period": None
        if period is None
        else {
            "raw": period.raw,
            "start": _date(period.start),
            "end": _date(period.end),
            "damaged": period.damaged,
            "line": pos.position(period.span.start).line,
        },
        "published": None
        if published is None
        else {
            "raw": published.raw,
            "date": _date(published.date),
            "line": pos.position(published.span.start).line,
        },
        "sections": [_section(n, source) for n in parsed.report.body if isinstance(n, Section)],
        "tables": [
            {
                "kind": t.kind,
                "line": pos.position(t.span.start).line,
                "end_line": pos.position(max(t.span.end - 1, 0)).line,
            }
            for t in extraction.tables
        ],
        "cells": {cid: _cell(c.value, c.span, source) for cid, c in sorted(extraction.cells.items())},
        "unmapped_rows": [
            {
                "label": u.label,
                "values": [json_number(v.number) for v in u.values],
                "line": pos.position(u.span.start).line,
            }
            for u in extraction.unmapped
        ],
        "problems": [problem(p, source) for p in (*source.problems, *parsed.problems, *extraction.problems)],
    }


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _section(section: Section, source: Source) -> dict[str, Any]:
    return {
        "number": section.number,
        "title": section.title,
        "line": source.posmap.position(section.heading.span.start).line,
        "children": [_section(n, source) for n in section.children if isinstance(n, Section)],
    }


def _cell(value: Value, span: Span, source: Source) -> dict[str, Any]:
    at = source.posmap.position(span.start)
    return {
        "value": json_number(value.number) if value.is_number else None,
        "raw": value.raw,
        "kind": value.kind,
        "line": at.line,
        "column": at.column,
    }


def problem(p: Problem, source: Source) -> dict[str, Any]:
    line = source.posmap.position(p.span.start).line if p.span else None
    return {"code": p.code, "message": messages.text(p.code, **dict(p.args)), "line": line}
