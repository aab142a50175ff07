"""`gklint compare OLD NEW` on synthetic reports: figures side by side, findings, three formats."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gklint.cli import app
from tests.support import synth
from tests.support.synth_series import series_cells, series_texts

runner = CliRunner()


def _pair(tmp_path: Path, **edits: object) -> tuple[Path, Path, dict[int, dict[str, object]]]:
    cells = series_cells([2021, 2022])
    texts = series_texts([2021, 2022], edits={2022: dict(edits)} if edits else None)
    old, new = tmp_path / "2021.txt", tmp_path / "2022.txt"
    old.write_text(texts[2021], encoding="utf-8")
    new.write_text(texts[2022], encoding="utf-8")
    return old, new, cells


def test_json_has_figures_with_changes_and_the_cross_year_findings(tmp_path: Path) -> None:
    old, new, cells = _pair(tmp_path, **{"t3.carried_in.total": 99})
    result = runner.invoke(app, ["compare", "--format", "json", str(old), str(new)])
    doc = json.loads(result.stdout)
    figures = {f["cell"]: f for f in doc["figures"]}
    expected = int(cells[2022]["t3.new.total"]) - int(cells[2021]["t3.new.total"])  # type: ignore[call-overload]
    assert figures["t3.new.total"]["change"] == (f"+{expected}" if expected > 0 else str(expected))
    assert figures["t3.carried_in.total"]["new"] == "99"
    rules = [f["rule"] for f in doc["findings"]]
    assert "GK701" in rules and "GK710" in rules  # the synthetic prose is the same each year
    assert doc["old"]["year"] == 2021 and doc["new"]["year"] == 2022
    assert result.exit_code == 1  # GK701 is an error


def test_text_and_printable_html(tmp_path: Path) -> None:
    old, new, _ = _pair(tmp_path)
    text = runner.invoke(app, ["compare", str(old), str(new)])
    assert text.exit_code == 0
    assert "主要数字" in text.stdout and "2021 年度" in text.stdout
    out = tmp_path / "对比.html"
    html = runner.invoke(app, ["compare", "--format", "html", "-o", str(out), str(old), str(new)])
    assert html.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<table>" in page and "@media print" in page


def test_an_unreadable_report_is_named(tmp_path: Path) -> None:
    old, _, _ = _pair(tmp_path)
    result = runner.invoke(app, ["compare", str(old), str(tmp_path / "无.txt")])
    assert result.exit_code == 2
    assert "无.txt" in result.stderr


def test_same_figures_show_no_change(tmp_path: Path) -> None:
    text = synth.render(synth.Spec(era="C", year=2022, cells=synth.default_cells("C", 1)))
    (tmp_path / "a.txt").write_text(text.replace("2022", "2021"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    doc = json.loads(
        runner.invoke(app, ["compare", "-f", "json", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]).stdout
    )
    assert {f["change"] for f in doc["figures"]} == {"0"}


def test_reports_given_newest_first_are_compared_forward(tmp_path: Path) -> None:
    old, new, _ = _pair(tmp_path)
    doc = json.loads(runner.invoke(app, ["compare", "-f", "json", str(new), str(old)]).stdout)
    assert (doc["old"]["year"], doc["new"]["year"]) == (2021, 2022)
