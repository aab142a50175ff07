"""`gklint parse`: the documented JSON shape, the tree view, and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gklint.cli import app
from tests.support import synth

runner = CliRunner()


def _report(tmp_path: Path, name: str = "r.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    text = synth.render(synth.Spec(era="C", year=2022, layout="tabs", cells=synth.default_cells("C", 3)))
    path.write_bytes(text.encode(encoding))
    return path


def test_json_has_the_documented_shape(tmp_path: Path) -> None:
    path = _report(tmp_path)
    result = runner.invoke(app, ["parse", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    (f,) = doc["files"]
    assert {"path", "era", "year", "agency", "period", "published", "sections", "cells", "problems"} <= set(f)
    assert set(f["period"]) >= {"raw", "start", "end", "line"}
    assert set(f["published"]) == {"raw", "date", "line"}
    assert all(set(s) == {"number", "title", "line", "children"} for s in f["sections"])
    assert [s["number"] for s in f["sections"]] == ["一", "二", "三", "四", "五", "六"]
    cell = f["cells"]["t3.new.total"]
    assert {"value", "raw", "line", "column"} <= set(cell)
    assert (f["era"], f["year"], f["period"]["start"]) == ("C", 2022, "2022-01-01")


def test_blank_cells_appear_with_null_value(tmp_path: Path) -> None:
    cells = synth.default_cells("B", 1)
    cells["t4.review.total"] = None
    path = tmp_path / "b.txt"
    path.write_text(
        synth.render(synth.Spec(era="B", year=2020, layout="tabs", cells=cells)), encoding="utf-8"
    )
    doc = json.loads(runner.invoke(app, ["parse", "-f", "json", str(path)]).stdout)
    assert doc["files"][0]["cells"]["t4.review.total"]["value"] is None


def test_unreadable_file_is_reported_and_the_others_still_parsed(tmp_path: Path) -> None:
    good = _report(tmp_path, "good.txt", "gbk")
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(
        app, ["parse", "-f", "json", str(binary), str(tmp_path / "missing.txt"), str(good)]
    )
    assert result.exit_code == 2
    files = json.loads(result.stdout)["files"]
    assert [("error" in f) for f in files] == [True, True, False]
    assert files[2]["era"] == "C"
    assert "Traceback" not in result.output


def test_tree_format_names_sections_and_tables(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(_report(tmp_path))])
    assert result.exit_code == 0
    assert "收到和处理政府信息公开申请情况" in result.stdout
    assert "t3" in result.stdout
