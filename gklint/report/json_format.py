"""`--format json`: one document for the whole run (schema in docs/ci.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, Any

from gklint import __version__
from gklint.model import FileReport, Finding, Number, RuleMeta
from gklint.report import RenderOptions


def json_number(n: Number | None) -> int | float | None:
    """A cell's number as JSON: integers stay integers, decimals become floats."""
    if n is None or isinstance(n, int):
        return n
    return int(n) if n == n.to_integral_value() and "." not in str(n) else float(n)


def finding_dict(f: Finding) -> dict[str, Any]:
    d = f.diagnostic
    return {
        "rule": d.code,
        "name": d.name,
        "severity": d.severity,
        "outcome": d.outcome,
        "message": d.message,
        "line": f.start.line if f.start else None,
        "column": f.start.column if f.start else None,
        "end_line": f.end.line if f.end else None,
        "end_column": f.end.column if f.end else None,
        "location": f.location,
        "difference": json_number(d.difference) if d.difference is not None else None,
        "expected": json_number(d.expected) if d.expected is not None else None,
        "fix": None
        if d.fix is None
        else {"cell": d.fix.cell, "name": d.fix.name, "value": json_number(d.fix.value)},
        "hint": d.hint,
        "cells": [
            {
                "id": c.ref.id,
                "name": c.ref.name,
                "raw": c.ref.raw,
                "value": json_number(c.ref.number),
                "line": c.start.line if c.start else None,
                "column": c.start.column if c.start else None,
            }
            for c in f.cells
        ],
    }


def file_dict(r: FileReport) -> dict[str, Any]:
    """One file of the document (plain JSON types only)."""
    return {
        "path": r.path,
        "era": r.era,
        "year": r.year,
        "agency": r.agency,
        "previous": r.previous,
        "diagnostics": [finding_dict(f) for f in r.findings],
        "error": r.error,
        "skipped": r.skipped,
    }


def report_dict(reports: Sequence[FileReport]) -> dict[str, Any]:
    findings = [f for r in reports for f in r.findings if f.diagnostic.outcome != "not-assessable"]
    return {
        "gklint": __version__,
        "files": [file_dict(r) for r in reports],
        "summary": {
            "files": sum(1 for r in reports if r.checked),
            "unreadable": sum(1 for r in reports if r.error),
            "skipped": sum(1 for r in reports if r.skipped),
            "errors": sum(1 for f in findings if f.diagnostic.severity == "error"),
            "warnings": sum(1 for f in findings if f.diagnostic.severity == "warning"),
            "infos": sum(1 for f in findings if f.diagnostic.severity == "info"),
            "not_assessable": sum(
                1 for r in reports for f in r.findings if f.diagnostic.outcome == "not-assessable"
            ),
        },
    }


def render(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    json.dump(report_dict(reports), out, ensure_ascii=False, indent=2)
    out.write("\n")
