"""A new table format is a folder and its rules, not code: a format that does not exist (test
format D, tests/fixtures/formats/D: a 2030 table of open data) is recognised, read and checked
with nothing but $GKLINT_FORMATS naming its folder and --rules naming its rule."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORT = (
    "某某县2031年政府信息公开工作年度报告\n五、政务数据开放情况\n数据类别\t数量\t下载次数\n"
    "开放数据集数量\t12\t0\n开放接口数量\t3\t55\n"
)


def _gklint(tmp_path: Path, *args: str, formats: bool = True) -> subprocess.CompletedProcess[str]:
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    env = {**os.environ, "GKLINT_NO_CACHE": "1"}
    env.pop("GKLINT_FORMATS", None)
    if formats:
        env["GKLINT_FORMATS"] = str(FIXTURES / "formats")
    return subprocess.run(
        [sys.executable, "-m", "gklint", *args, str(report)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_the_test_format_is_recognised_and_its_table_read(tmp_path: Path) -> None:
    out = _gklint(tmp_path, "parse", "--format", "json")
    assert out.returncode == 0, out.stderr
    (report,) = json.loads(out.stdout)["files"]
    assert report["era"] == "D"
    cells = {cid: c["value"] for cid, c in report["cells"].items()}
    assert cells == {
        "d5.datasets.count": 12,
        "d5.datasets.downloads": 0,
        "d5.apis.count": 3,
        "d5.apis.downloads": 55,
    }


def test_a_rule_for_the_test_format_runs_and_no_rule_of_other_formats_does(tmp_path: Path) -> None:
    out = _gklint(tmp_path, "check", "--format", "json", "--rules", str(FIXTURES / "format_rules"))
    assert out.returncode == 1, out.stderr
    (report,) = json.loads(out.stdout)["files"]
    assert [(d["rule"], d["line"]) for d in report["diagnostics"]] == [("GK131", 4)]


def test_without_the_folder_the_format_is_unknown(tmp_path: Path) -> None:
    out = _gklint(tmp_path, "check", "--rules", str(FIXTURES / "format_rules"), formats=False)
    assert out.returncode == 2
    assert "eras" in out.stderr + out.stdout


def test_the_format_is_named_by_its_folder(tmp_path: Path) -> None:
    out = _gklint(tmp_path, "check", "--quiet", "--rules", str(FIXTURES / "format_rules"))
    assert "2031 年度 · 测试格式 · " in out.stdout, out.stdout + out.stderr
    page = tmp_path / "r.html"
    _gklint(tmp_path, "check", "-o", str(page), "--rules", str(FIXTURES / "format_rules"))
    assert "测试格式（数据开放）" in page.read_text(encoding="utf-8")
