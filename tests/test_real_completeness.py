"""Incomplete captures among the real reports (../shared/corpus/MANIFEST.tsv, column completeness):
each partial capture is said to stop once (GK111), with no section- or table-missing error piled on
it; no complete report is said to stop. docs/evaluation-completeness.md records the same counts."""

from __future__ import annotations

import csv
from functools import cache

import pytest

from gklint.model import FileReport
from gklint.read import read_path
from gklint.rules import builtin_rules
from gklint.runner import CheckOptions, check_source
from tests.conftest import SHARED, needs_shared, shared_reports

pytestmark = [needs_shared, pytest.mark.shared]
MISSING = {"GK103", "GK105", "GK106", "GK112"}
# Partial captures with no evidence of the cut at their end (documented in the evaluation page):
# 2010_beijingdizhen_1 stops after a finished sentence of its last numbered part.
NO_EVIDENCE = {"2010_beijingdizhen_1.txt"}


@cache
def _completeness() -> dict[str, str]:
    with (SHARED / "corpus" / "MANIFEST.tsv").open(encoding="utf-8") as f:
        return {row["file"]: row["completeness"] for row in csv.DictReader(f, delimiter="\t")}


def _check(name: str) -> FileReport:
    path = next(p for p in shared_reports() if p.name == name)
    return check_source(read_path(path), CheckOptions(tuple(builtin_rules())))


def _reports(kind: str) -> list[str]:
    if not SHARED.is_dir():
        return []
    names = [p.name for p in shared_reports()]
    return [n for n in names if _completeness().get(n, "full") == kind]


@pytest.mark.parametrize("name", _reports("partial"))
def test_a_partial_capture_is_said_to_stop_once_and_nothing_is_piled_on(name: str) -> None:
    diags = [f.diagnostic for f in _check(name).findings]
    cuts = [d for d in diags if d.code == "GK111"]
    assert len(cuts) == (0 if name in NO_EVIDENCE else 1), [d.message for d in cuts]
    piled = [d.message for d in diags if d.code in MISSING and d.outcome == "fail"]
    assert not piled


@pytest.mark.parametrize("name", _reports("full"))
def test_a_complete_report_is_never_said_to_stop(name: str) -> None:
    assert not [f.diagnostic.message for f in _check(name).findings if f.diagnostic.code == "GK111"]
