"""`gklint check` over synthetic series: silent where figures carry over (across the 2019 and
2021 format switches), one finding at the right line for each planted cross-year defect."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gklint.cli import app
from tests.support import synth
from tests.support.synth_series import local_table_report, series_cells, series_texts

runner = CliRunner()
CROSS_YEAR = ("GK701", "GK702", "GK703", "GK704", "GK705", "GK706")


def _write(folder: Path, texts: dict[int, str], name: str = "{year}.txt") -> list[Path]:
    paths = []
    for year, text in texts.items():
        path = folder / name.format(year=year)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _check(*args: str) -> tuple[int, dict[str, list[dict]]]:
    result = runner.invoke(app, ["check", "--format", "json", "--no-config", *args])
    doc = json.loads(result.stdout)
    return result.exit_code, {Path(f["path"]).name: f["diagnostics"] for f in doc["files"]}


def _failing(found: dict[str, list[dict]], codes: tuple[str, ...] = CROSS_YEAR) -> list[tuple[str, str, int]]:
    return [
        (name, d["rule"], d["line"])
        for name, ds in found.items()
        for d in ds
        if d["rule"] in codes and d["outcome"] == "fail"
    ]


def test_figures_that_carry_over_are_silent_across_both_format_switches(tmp_path: Path) -> None:
    _write(tmp_path, series_texts([2018, 2019, 2020, 2021, 2022]))
    code, found = _check(str(tmp_path))
    assert _failing(found) == []
    # what cannot be compared across a switch is said, never guessed
    infos = {(n, d["rule"]) for n, ds in found.items() for d in ds if d["outcome"] == "not-assessable"}
    assert {("2019.txt", "GK701"), ("2021.txt", "GK702")} <= infos
    assert ("2021.txt", "GK701") not in infos  # table 三 is the same in both formats: compared


def test_carried_in_that_does_not_match_last_year_is_an_error_at_its_line(tmp_path: Path) -> None:
    cells = series_cells([2021, 2022])
    wrong = int(cells[2021]["t3.carried_over.total"]) + 2  # type: ignore[call-overload]
    texts = series_texts([2021, 2022], edits={2022: {"t3.carried_in.total": wrong}})
    _write(tmp_path, texts)
    code, found = _check(str(tmp_path), "--select", "GK701")
    line = synth.line_of(texts[2022], "上年结转政府信息公开申请数量")
    assert _failing(found) == [("2022.txt", "GK701", line)]
    assert code == 1


def test_carried_in_is_compared_across_the_2021_switch(tmp_path: Path) -> None:
    cells = series_cells([2020, 2021])
    wrong = int(cells[2020]["t3.carried_over.natural"]) + 1  # type: ignore[call-overload]
    texts = series_texts([2020, 2021], edits={2021: {"t3.carried_in.natural": wrong}})
    _write(tmp_path, texts)
    _, found = _check(str(tmp_path), "--select", "GK701")
    assert _failing(found) == [
        ("2021.txt", "GK701", synth.line_of(texts[2021], "上年结转政府信息公开申请数量"))
    ]


def test_in_force_that_does_not_carry_over_is_a_warning(tmp_path: Path) -> None:
    cells = series_cells([2021, 2022])
    texts = series_texts(
        [2021, 2022],
        edits={2022: {"t2.normative.in_force": int(cells[2022]["t2.normative.in_force"]) + 9}},  # type: ignore[call-overload]
    )
    _write(tmp_path, texts)
    code, found = _check(str(tmp_path), "--select", "GK702")
    assert _failing(found) == [("2022.txt", "GK702", synth.line_of(texts[2022], "行政规范性文件\t"))]
    assert code == 0  # a warning


def test_item_count_that_does_not_carry_over_2019_to_2020(tmp_path: Path) -> None:
    cells = series_cells([2019, 2020])
    texts = series_texts(
        [2019, 2020], edits={2020: {"t2.penalty.prev": int(cells[2020]["t2.penalty.prev"]) + 4}}
    )  # type: ignore[call-overload]
    _write(tmp_path, texts)
    _, found = _check(str(tmp_path), "--select", "GK703")
    assert _failing(found) == [("2020.txt", "GK703", synth.line_of(texts[2020], "行政处罚"))]


def test_published_total_that_decreases(tmp_path: Path) -> None:
    edits: dict[int, dict[str, object]] = {2019: {"t2.normative.total_published": 50}}
    edits[2020] = {"t2.normative.total_published": 10}
    texts = series_texts([2019, 2020], edits=edits)
    _write(tmp_path, texts)
    _, found = _check(str(tmp_path), "--select", "GK704")
    assert _failing(found) == [("2020.txt", "GK704", synth.line_of(texts[2020], "规范性文件\t"))]


def test_previous_option_pairs_explicitly_and_is_not_reported_itself(tmp_path: Path) -> None:
    cells = series_cells([2021, 2022])
    wrong = int(cells[2021]["t3.carried_over.total"]) + 2  # type: ignore[call-overload]
    texts = series_texts([2021, 2022], edits={2022: {"t3.carried_in.total": wrong}})
    old, new = _write(tmp_path, texts)
    old.rename(tmp_path / "去年.txt")
    _, found = _check(str(new), "--previous", str(tmp_path / "去年.txt"), "--select", "GK701")
    assert list(found) == ["2022.txt"]
    assert [c for _, c, _ in _failing(found)] == ["GK701"]


def test_previous_that_is_also_an_input_is_reported_too(tmp_path: Path) -> None:
    old, new = _write(tmp_path, series_texts([2021, 2022]))
    _, found = _check(str(new), str(old), "--previous", str(old))
    assert list(found) == ["2022.txt", "2021.txt"]
    assert "GK710" in {d["rule"] for d in found["2022.txt"]}


def test_previous_that_cannot_be_read_is_a_clear_error(tmp_path: Path) -> None:
    new = _write(tmp_path, series_texts([2022]))[0]
    result = runner.invoke(app, ["check", "--no-config", str(new), "--previous", str(tmp_path / "无.txt")])
    assert result.exit_code == 2
    assert "无.txt" in result.stderr and "Traceback" not in result.stderr


def test_json_names_the_report_each_one_was_compared_with(tmp_path: Path) -> None:
    _write(tmp_path, series_texts([2020, 2022]))
    result = runner.invoke(app, ["check", "--format", "json", "--no-config", str(tmp_path)])
    previous = {Path(f["path"]).name: f["previous"] for f in json.loads(result.stdout)["files"]}
    assert previous == {"2020.txt": None, "2022.txt": str(tmp_path / "2020.txt")}


def test_html_report_names_the_previous_report(tmp_path: Path) -> None:
    _write(tmp_path, series_texts([2021, 2022]))
    out = tmp_path / "r.html"
    runner.invoke(app, ["check", "--format", "html", "-o", str(out), "--no-config", str(tmp_path)])
    page = out.read_text(encoding="utf-8")
    assert page.count("上年报告（跨年度比较）") == 1 and str(tmp_path / "2021.txt") in page


def test_different_bodies_are_never_compared(tmp_path: Path) -> None:
    town = series_texts([2021], agency="某某县青山镇人民政府")
    county = series_texts([2022], agency="某某县人民政府")
    _write(tmp_path, town, "镇{year}.txt")
    _write(tmp_path, county, "县{year}.txt")
    _, found = _check(str(tmp_path))
    assert [d for ds in found.values() for d in ds if d["rule"].startswith("GK7")] == []


def test_config_series_pairs_reports_whose_titles_differ(tmp_path: Path) -> None:
    _write(tmp_path, series_texts([2021], agency="某某县青山镇人民政府"), "a{year}.txt")
    _write(tmp_path, series_texts([2022], agency="某某县青山乡人民政府"), "b{year}.txt")
    (tmp_path / "gklint.toml").write_text('[[series]]\nname = "青山"\npaths = ["*.txt"]\n', encoding="utf-8")
    result = runner.invoke(
        app, ["check", "--format", "json", "--config", str(tmp_path / "gklint.toml"), str(tmp_path)]
    )
    doc = json.loads(result.stdout)
    rules = {d["rule"] for f in doc["files"] for d in f["diagnostics"]}
    assert "GK710" in rules  # the synthetic prose is the same every year: compared, so found copied


def test_a_republished_copy_is_reported_once(tmp_path: Path) -> None:
    text = series_texts([2022])[2022]
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    _, found = _check(str(tmp_path))
    assert [(n, d["rule"]) for n, ds in found.items() for d in ds if d["rule"].startswith("GK7")] == [
        ("b.txt", "GK711")
    ]


def test_an_unreadable_file_in_a_series_does_not_stop_the_others(tmp_path: Path) -> None:
    _write(tmp_path, series_texts([2021, 2022]))
    (tmp_path / "2020.txt").write_bytes(b"\x00\x01\x02" * 100)
    code, found = _check(str(tmp_path))
    assert code == 2
    assert "GK710" in {d["rule"] for d in found["2022.txt"]}


def test_previous_that_is_not_earlier_is_not_compared(tmp_path: Path) -> None:
    old, new = _write(tmp_path, series_texts([2021, 2022], edits={2022: {"t3.carried_in.total": 99}}))
    _, found = _check(str(old), "--previous", str(new), "--select", "GK701")
    assert [(d["outcome"], "不早于" in d["message"]) for d in found["2021.txt"]] == [("not-assessable", True)]


def test_series_entry_without_paths_is_a_config_error(tmp_path: Path) -> None:
    _write(tmp_path, series_texts([2022]))
    (tmp_path / "gklint.toml").write_text('[[series]]\nname = "青山"\n', encoding="utf-8")
    result = runner.invoke(
        app, ["check", "--config", str(tmp_path / "gklint.toml"), str(tmp_path / "2022.txt")]
    )
    assert result.exit_code == 2
    assert "series" in result.stderr and "Traceback" not in result.stderr


def test_rule_severity_applies_to_cross_year_findings(tmp_path: Path) -> None:
    _write(tmp_path, series_texts([2021, 2022], edits={2022: {"t3.carried_in.total": 99}}))
    (tmp_path / "gklint.toml").write_text('[rule-severity]\nGK701 = "warning"\n', encoding="utf-8")
    args = ["check", "--format", "json", "--select", "GK701", "--config", str(tmp_path / "gklint.toml")]
    result = runner.invoke(app, [*args, str(tmp_path)])
    found = [d for f in json.loads(result.stdout)["files"] for d in f["diagnostics"]]
    assert [(d["rule"], d["severity"]) for d in found] == [("GK701", "warning")]
    assert result.exit_code == 0


def test_cumulative_figures_of_old_local_tables(tmp_path: Path) -> None:
    reports = {
        2010: local_table_report(2010, {"主动公开信息数": (300, 1000)}),
        2011: local_table_report(2011, {"主动公开信息数": (425, 1425)}),  # carries over
        2012: local_table_report(2012, {"主动公开信息数": (500, 2100)}),  # 1425 + 500 = 1925
        2014: local_table_report(2014, {"主动公开信息数": (80, 2000)}),  # 2012 missing: ≥ 2100 + 80
    }
    _write(tmp_path, reports)
    _, found = _check(str(tmp_path), "--select", "GK705", "--select", "GK706")
    line = synth.line_of(reports[2012], "主动公开信息数")
    assert _failing(found) == [("2012.txt", "GK705", line), ("2014.txt", "GK706", line)]
    gap = [d["outcome"] for d in found["2014.txt"] if d["rule"] == "GK705"]
    assert gap == ["not-assessable"]
