"""`--format html`: the page's structure, its escaping, and (in headless Chromium) that it marks
every finding, that its script works and that a report's own `<script>` never runs.
The reports and the page readers are in html_support.py.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gklint.cli import app
from gklint.model import Diagnostic, FileReport, Finding, Position, RuleDoc, RuleMeta, Span
from tests.conftest import FIXTURES, ROOT
from tests.report import html_support as H
from tests.report.html_dom import parse

# -- structure ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> list[FileReport]:
    return H.pipeline_reports(tmp_path_factory.mktemp("html"))


def test_every_finding_is_marked_listed_and_the_text_shown_verbatim(pipeline: list[FileReport]) -> None:
    reports = pipeline
    assert sum(1 for r in reports for f in r.findings if f.start) >= 15  # the inputs do have findings
    H.check_page(H.render(reports), reports)


def test_marks_cover_exactly_the_span_of_their_finding() -> None:
    report = H.check(H.SAMPLE)
    section = H.sections(parse(H.render([report])))[0]
    lines = H.expected_text(report).split("\n")
    for k, f in enumerate(report.findings, start=1):
        assert f.start and f.end
        if f.end.line != f.start.line:
            continue
        line = lines[f.start.line - 1]
        end = f.end.column if f.end.column > f.start.column else f.start.column + 1  # empty: one character
        assert H.marked_columns(section, k) == {f.start.line: line[f.start.column - 1 : end - 1]}, (
            f.diagnostic.code
        )


def test_sample_tables_show_the_cells_in_error_with_the_value_they_should_have() -> None:
    report = H.check(H.SAMPLE)
    section = H.sections(parse(H.render([report])))[0]
    cells = {td.attrs["data-cell"]: td for td in section.all("td") if "data-cell" in td.attrs}
    fixed = cells["t3.carried_over.total"]  # GK201/GK203 suggest changing this cell to 3
    assert {"bad", "e"} <= fixed.classes
    assert fixed.all("span", "exp")[0].text() == "应为 3"
    assert {"bad", "e"} <= cells["t3.result.total.total"].classes  # GK201 points here
    assert "inv" in cells["t3.new.total"].classes  # read by GK201, not in error
    assert "bad" in cells["t4.suit_direct.pending"].classes  # the blank cell (GK301)
    assert not cells["t3.new.natural"].classes
    assert [t.all("caption")[0].text() for t in section.all("table", "tv")] == [
        t.title for t in report.tables
    ]


def test_hostile_report_text_is_escaped_everywhere() -> None:
    report = H.nasty_report()
    metas = (
        *H.all_rules(),
        RuleMeta(
            "GK998",
            "evil-doc",
            "error",
            ("C",),
            f"标题{H.EVIL_SCRIPT}",
            "pattern",
            RuleDoc(f"检查 {H.EVIL_IMG}", '为什么 & "', f"</pre>{H.EVIL_SCRIPT}", "<b>好</b>"),
        ),
    )
    used = FileReport(
        path="second.txt",
        findings=(
            Finding(
                Diagnostic("GK998", "evil-doc", "error", "m", Span(0, 1)), Position(1, 1), Position(1, 2), ""
            ),
        ),
        text="x\n",
    )
    page = H.render([report, used], metas)
    assert len(re.findall(r"<script", page, flags=re.IGNORECASE)) == 1
    assert len(re.findall(r"<img", page, flags=re.IGNORECASE)) == 0
    root = H.check_page(page, [report, used])
    (script,) = root.all("script")
    assert script.text().strip() == H.SCRIPT_JS.strip()
    for element in root.iter():  # no report text reaches an attribute
        for name, value in element.attrs.items():
            assert not set(value or "") & set("<>\"'"), (element.tag, name, value)
    section = H.sections(root)[0]
    assert section.all("h2")[0].text() == report.path
    assert "A&B <机关>" in section.all("dl", "facts")[0].text()
    assert f"消息 {H.EVIL_IMG}" in section.by_id("r1f1").text()
    assert "<b>改</b>" in section.by_id("r1f5").text()
    assert H.marked_columns(section, 2) == {1: report.text.split("\n")[0][9:], 2: H.NASTY[:7]}
    assert section.by_id("r1m4") is not None  # an empty span at the end of a line still gets its badge
    rule = root.by_id("rule-GK998")
    assert rule is not None and f"</pre>{H.EVIL_SCRIPT}" in rule.text()


def test_findings_without_a_place_are_only_in_the_list() -> None:
    report = H.nasty_report()
    section = H.sections(parse(H.render([report])))[0]
    item = section.by_id("r1i5")
    assert "unplaced" in item.classes and item.all("span", "where")[0].text() == "无具体位置"
    assert section.by_id("r1m5") is None
    assert not any(str(5) in (m.attrs.get("data-f") or "").split() for m in section.all("mark"))


def test_report_without_text_lists_its_findings() -> None:
    report = FileReport(
        "gklint.toml", (Finding(Diagnostic("GK001", "x", "warning", "未用", None), None, None, ""),)
    )
    root = H.check_page(H.render([report]), [report])
    assert "本页没有保存报告正文" in root.text()


def test_index_has_one_row_per_report_with_counts_and_unreadable_files(tmp_path: Path) -> None:
    reports = [
        H.check(H.SAMPLE),
        H.check(FIXTURES / "reports" / "c_tabs.txt"),
        H.check(tmp_path / "missing.txt", readable=False),
    ]
    root = H.check_page(H.render(reports), reports)
    (table,) = root.all("table", "idx")
    rows = table.all("tbody")[0].all("tr")
    assert [r.all("a")[0].attrs["href"] for r in rows] == ["#r1", "#r2", "#r3"]
    heads = [th.text() for th in table.all("th")]
    errors = heads.index("错误")
    assert [r.all("td")[errors].attrs["data-v"] for r in rows] == [
        str(
            sum(
                1
                for f in reports[0].findings
                if f.diagnostic.severity == "error" and f.diagnostic.outcome == "fail"
            )
        ),
        "0",
        "-1",
    ]
    assert reports[2].error in rows[2].text()
    assert "data-sort" in table.all("th")[errors].attrs


def test_one_report_has_no_index() -> None:
    assert not parse(H.render([H.check(H.SAMPLE)])).all("table", "idx")


def test_each_rule_that_fired_is_explained_once(pipeline: list[FileReport]) -> None:
    reports = pipeline
    root = parse(H.render(reports))
    fired = {f.diagnostic.code for r in reports for f in r.findings}
    articles = Counter(a.id for a in root.all("article", "rule"))
    assert articles == Counter(f"rule-{c}" for c in fired)
    for a in root.all("a", "code"):
        assert root.by_id(a.attrs["href"][1:]) is not None


def test_page_needs_no_network() -> None:
    page = H.render([H.check(H.SAMPLE)])
    assert not re.search(r"<(link|iframe|object|embed|img)\b", page)
    assert not re.search(r"(src|href)=\"(?!#)", page)
    assert (
        "@import" not in page
        and "url(" not in page
        and "http" not in page.split("<style>")[1].split("</style>")[0]
    )


def test_page_strings_come_from_the_data_file() -> None:
    """No Chinese in the renderer's string literals (docstrings aside): it is all in html_report.yaml."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for path in sorted((ROOT / "gklint" / "report").glob("html*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                assert not cjk.search(node.value), f"{path.name}:{node.lineno}: {node.value!r}"


def test_cli_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["check", "--format", "html", "--output", str(out), str(H.SAMPLE)])
    assert result.exit_code == 1, result.output  # the sample has errors
    report = H.check(H.SAMPLE)
    root = H.check_page(out.read_text(encoding="utf-8"), [report])
    assert len(root.all("a", "pin")) == len(report.findings)


@pytest.mark.shared
@pytest.mark.skipif(not H.SEEDS, reason="../shared/seeds (the real reports) is not present")
def test_seed_pages_mark_every_finding() -> None:
    reports = [H.check(p) for p in H.SEEDS]
    root = H.check_page(H.render(reports), reports)
    assert len(root.all("a", "pin")) == sum(1 for r in reports for f in r.findings if f.start)


# -- in a browser ------------------------------------------------------------------------------------


def _chromium() -> str | None:
    for candidate in (os.environ.get("GKLINT_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


CHROMIUM = _chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium binary (Debian: apt-get install chromium; `make test` in CI does it)",
)

# Appended by the test only: drives the page's own script the way a user would, and writes what
# happened into attributes that --dump-dom shows.
PROBE = """<script>
(function () {
  var b = document.body, tip = document.getElementById("tip");
  var mark = document.querySelector("#r1 .src mark.m");
  mark.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
  b.setAttribute("data-probe-hover", tip.hidden ? "hidden" : tip.querySelectorAll(".note").length);
  mark.click();
  var ids = mark.getAttribute("data-f").split(" ");
  b.setAttribute("data-probe-click", ids.filter(function (k) {
    return document.getElementById("r1f" + k).offsetParent !== null; }).length + "/" + ids.length);
  var th = Array.prototype.filter.call(document.querySelectorAll("table.idx th"), function (h) {
    return h.textContent.indexOf("\u9519\u8bef") === 0; })[0];
  th.click();
  b.setAttribute("data-probe-sorted", Array.prototype.map.call(
    document.querySelectorAll("table.idx tbody tr"), function (r) { return r.cells[0].textContent; }).join(","));
})();
</script>"""


def _dump_dom(page: Path, profile: Path) -> str:
    assert CHROMIUM is not None
    args = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@needs_chromium
def test_in_chromium_every_finding_is_marked_and_report_scripts_do_not_run(tmp_path: Path) -> None:
    reports = [
        H.check(H.SAMPLE),
        H.check(H.synthetic_defects(tmp_path)),
        H.nasty_report(),
        *(H.check(p) for p in H.SEEDS),
    ]
    page = H.render(reports)
    path = tmp_path / "page.html"
    path.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    started = time.monotonic()
    root = parse(_dump_dom(path, tmp_path / "profile"))
    assert time.monotonic() - started < 60
    (body,) = root.all("body")
    placed = [sum(1 for f in r.findings if f.start is not None and r.text is not None) for r in reports]
    assert sum(placed[:3]) >= 15
    assert body.attrs.get("data-marks-rendered") == str(sum(placed))  # our script ran and counted
    assert root.by_id("pwned") is None and "data-pwned" not in body.attrs
    assert not root.all("img")
    assert len(root.all("script")) == 2  # the page's and the probe
    for section, count, report in zip(H.sections(root), placed, reports, strict=True):
        assert section.attrs.get("data-marks-rendered") == str(count)
        assert H.shown_text(section) == H.expected_text(report)  # the browser read the text we wrote
    errors = [
        1 + i
        for i, r in sorted(
            enumerate(reports),
            key=lambda x: (
                -sum(
                    f.diagnostic.severity == "error" and f.diagnostic.outcome != "not-assessable"
                    for f in x[1].findings
                ),
                x[0],
            ),
        )
    ]
    first = reports[0].findings
    marks = body.attrs.get("data-probe-hover")
    assert marks is not None and marks != "hidden" and int(marks) >= 1  # hover shows the note(s)
    opened, total = body.attrs["data-probe-click"].split("/")
    assert opened == total and int(total) >= 1 and first  # click opens them under the line
    assert body.attrs["data-probe-sorted"] == ",".join(map(str, errors))


def test_numbers_on_the_page_are_written_as_the_messages_write_them() -> None:
    from decimal import Decimal

    from gklint.report.html_common import number

    assert [number(Decimal("3.0")), number(Decimal("1E+2")), number(Decimal("2.50")), number(7)] == [
        "3",
        "100",
        "2.5",
        "7",
    ]
