"""The real Pingtan series (../shared/corpus, 2011 2013 2016 2020 2021 2022): no cross-year error
where the figures carry over (2020 → 2021 → 2022, across the 2021 switch), and the 2013 report's
text copied from 2011's is found with its share, its unchanged counts and the defect it carries."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from gklint.cli import app
from tests.conftest import SHARED, needs_shared

runner = CliRunner()
PINGTAN = [SHARED / "corpus" / f"{y}_pingtan_1.txt" for y in (2011, 2013, 2016, 2020, 2021, 2022)]


def _series() -> dict[str, list[dict]]:
    result = runner.invoke(app, ["check", "--format", "json", "--no-config", *map(str, PINGTAN)])
    return {f["path"].rsplit("/", 1)[-1][:4]: f["diagnostics"] for f in json.loads(result.stdout)["files"]}


@needs_shared
def test_no_cross_year_finding_where_figures_carry_over() -> None:
    found = _series()
    for year in ("2021", "2022"):
        failing = [d for d in found[year] if d["rule"].startswith("GK7") and d["outcome"] == "fail"]
        assert failing == [], year


@needs_shared
def test_2013_copied_from_2011_with_its_share_and_stale_details() -> None:
    copied = [d for d in _series()["2013"] if d["rule"] == "GK710"]
    assert copied, "2013 repeats most of 2011's text"
    share = int(copied[0]["message"].split("全文约 ")[1].split("%")[0])
    assert share >= 60
    messages = " ".join(d["message"] for d in copied)
    assert "“12期”" in messages  # 刊出政务公开栏12期, both years
    assert "GK609" in messages  # the wrong law title, carried along


@needs_shared
def test_missing_years_are_not_assessable_never_errors() -> None:
    found = _series()
    gap = [d for d in found["2013"] if d["rule"] == "GK705"]
    assert [d["outcome"] for d in gap] == ["not-assessable"]
    assert "缺 2012 年度" in gap[0]["message"]


@needs_shared
def test_compare_two_real_years() -> None:
    result = runner.invoke(app, ["compare", "--format", "json", str(PINGTAN[4]), str(PINGTAN[5])])
    doc = json.loads(result.stdout)
    assert result.exit_code == 0
    figures = {f["cell"]: f for f in doc["figures"]}
    assert figures["t3.carried_over.total"]["old"] == figures["t3.carried_in.total"]["new"] == "1"
    assert [f for f in doc["findings"] if f["severity"] == "error"] == []
