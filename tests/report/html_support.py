"""Reports and page readers for the tests of the HTML report (tests/report/test_html.py).

Reports come from the real pipeline (the bundled synthetic sample, synthetic fixtures, reports
written by tests/support/synth.py, and the seeds of ../shared when present) and from FileReports
built here to hold every character that could break out of the markup.
"""

from __future__ import annotations

import io
from collections import Counter
from functools import cache
from pathlib import Path

from gklint.model import (
    CellRef,
    CellView,
    Diagnostic,
    FileReport,
    Finding,
    Fix,
    PlacedCell,
    Position,
    RowView,
    RuleMeta,
    Span,
    TableView,
)
from gklint.report import RENDERERS, RenderOptions
from gklint.rules import builtin_rules
from gklint.runner import CheckOptions, check_path
from tests.conftest import FIXTURES, ROOT, SHARED
from tests.report.html_dom import Element, parse
from tests.support import synth

SAMPLE = ROOT / "examples" / "sample-2021.txt"
SEEDS = sorted(SHARED.glob("seeds/*.txt")) if SHARED.is_dir() else []
SCRIPT_JS = (ROOT / "gklint" / "data" / "html_report.js").read_text(encoding="utf-8")

# Report text that would act if it were not escaped: in the DOM it would add #pwned and set
# body[data-pwned]; as text it must show exactly as written.
EVIL_SCRIPT = (
    "<script>document.body.setAttribute('data-pwned','1');"
    "var d=document.createElement('div');d.id='pwned';document.body.appendChild(d);</script>"
)
EVIL_IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">"
NASTY = f"{EVIL_SCRIPT} \"引号\" '单引号' & &amp; </pre></div> ::error::x {EVIL_IMG}"


@cache
def all_rules() -> tuple[RuleMeta, ...]:
    return tuple(r.meta for r in builtin_rules())


def check(path: Path, *, readable: bool = True) -> FileReport:
    report = check_path(path, CheckOptions(rules=builtin_rules(), keep_text=True))
    assert (report.error is None) == readable, report.error
    return report


def render(reports: list[FileReport], rules: tuple[RuleMeta, ...] | None = None) -> str:
    out = io.StringIO()
    RENDERERS["html"](reports, out, all_rules() if rules is None else rules, RenderOptions())
    return out.getvalue()


def synthetic_defects(tmp: Path) -> Path:
    """A synthetic 2021-format report with table defects, a template residue and hostile text."""
    cells = synth.default_cells("C", 5)
    cells["t3.result.total.total"] = int(cells["t3.result.total.total"]) + 2  # type: ignore[call-overload]
    cells["t4.review.pending"] = None  # a blank cell
    spec = synth.Spec(
        era="C",
        year=2022,
        cells=cells,
        extra_lines={
            0: f"附：{EVIL_SCRIPT}{EVIL_IMG}",  # a line without findings
            1: f"{EVIL_SCRIPT}我镇将于XX年XX月XX日前完成梳理。",
            5: f"{NASTY} 仍有XX月XX日未填。",
        },
    )
    path = tmp / "synthetic-defects.txt"
    path.write_text(synth.render(spec), encoding="utf-8")
    return path


def pipeline_reports(tmp: Path) -> list[FileReport]:
    paths = [SAMPLE, *sorted(FIXTURES.glob("reports/*.txt")), synthetic_defects(tmp), *SEEDS]
    return [check(p) for p in paths]


def nasty_report() -> FileReport:
    """Hostile text in every field, findings that overlap, span lines, are empty or unplaced."""
    text = f"第一行 {EVIL_SCRIPT} 尾\n{NASTY}\n\n<b>粗</b>&nbsp;\t末尾\n"
    line2 = text.split("\n")[1]
    cell = CellRef("t3.new.total", '表三"一、本年新收"<总计>', "<i>3</i>", 3, Span(0, 1))
    blank = CellRef("t4.review.pending", "表四 & 复议", "", None, Span(5, 5))
    d = [
        Diagnostic("GK601", "template-residue", "error", f'消息 {EVIL_IMG} & "q"', Span(4, 9), (cell,)),
        Diagnostic(
            "GK201",
            "t3-balance",
            "warning",
            "</pre>重叠",
            Span(6, 12),
            (cell, blank),
            fix=Fix("t3.new.total", "<名>", 4, 2),
            expected=5,
        ),
        Diagnostic("GK204", "t4-block-total", "info", "空白", Span(5, 5), (blank,), outcome="not-assessable"),
        Diagnostic("GK501", "x", "info", "跨行", Span(1, 2)),
        Diagnostic(
            "GK999", "unknown-rule", "error", f"没有位置 {EVIL_SCRIPT}", None, (cell,), hint="<b>改</b>"
        ),
    ]
    findings = (
        Finding(d[0], Position(1, 5), Position(1, 20), "", (PlacedCell(cell, Position(2, 3)),)),
        Finding(
            d[1],
            Position(1, 10),
            Position(2, 8),
            "",
            (PlacedCell(cell, Position(1, 10)), PlacedCell(blank, None)),
        ),
        Finding(
            d[2],
            Position(4, 7),
            Position(4, 7),
            "",
            (PlacedCell(blank, Position(4, 7)),),
            location="表4 第2行",
        ),
        Finding(d[3], Position(2, len(line2) + 1), Position(2, len(line2) + 1), ""),
        Finding(d[4], None, None, "", (PlacedCell(cell, None),)),
    )
    table = TableView(
        "<表三>&",
        ("自然人", "<总计>"),
        (
            RowView('一、"本年新收"', (CellView("t3.new.total", "<总计>", "<i>3</i>", 3, Position(1, 10)),)),
            RowView("<td>", (CellView("t4.review.pending", "自然人", "", None, Position(4, 7)),)),
        ),
    )
    return FileReport(
        path=f'报告/"{EVIL_SCRIPT}".txt',
        findings=findings,
        era="C",
        year=2022,
        agency="A&B <机关>",
        period=f"2022年 {EVIL_IMG}",
        text=text,
        tables=(table,),
    )


# -- reading the page -------------------------------------------------------------------------------


def sections(root: Element) -> list[Element]:
    return [s for s in root.all("section", "report")]


def is_pin(e: Element) -> bool:
    return "pin" in e.classes


def lines(section: Element) -> list[Element]:
    (src,) = section.all("div", "src")
    return [c for c in src.children if isinstance(c, Element) and c.tag == "div"]


def shown_text(section: Element) -> str:
    """The report's text as the page shows it (badges left out)."""
    return "\n".join(line.text(skip=is_pin) for line in lines(section))


def expected_text(report: FileReport) -> str:
    text = report.text or ""
    return text[:-1] if text.endswith("\n") else text


def marked_columns(section: Element, k: int) -> dict[int, str]:
    """Line number → the characters of that line inside marks of finding k."""
    out: dict[int, str] = {}
    for number, line in enumerate(lines(section), start=1):
        got = "".join(m.text() for m in line.all("mark") if str(k) in (m.attrs.get("data-f") or "").split())
        if got:
            out[number] = got
    return out


def check_page(page: str, reports: list[FileReport]) -> Element:
    """Structure every page must have; returns the parsed page for more checks."""
    root = parse(page)
    found = sections(root)
    assert len(found) == len(reports)
    for i, (section, report) in enumerate(zip(found, reports, strict=True), start=1):
        rid = f"r{i}"
        assert section.id == rid
        assert section.all("h2")[0].text() == report.path
        if report.error:
            assert report.error in section.text()
            continue
        pins = {p.id for p in section.all("a", "pin")}
        placed = [
            k for k, f in enumerate(report.findings, 1) if f.start is not None and report.text is not None
        ]
        assert pins == {f"{rid}m{k}" for k in placed}, report.path
        assert section.attrs["data-placed"] == str(len(placed))
        for k, f in enumerate(report.findings, start=1):
            item = section.by_id(f"{rid}i{k}")
            assert item is not None and item.tag == "li", (report.path, k)
            assert f.diagnostic.message in item.text()
            note = section.by_id(f"{rid}f{k}")
            assert note is not None and "note" in note.classes
            if k in placed:
                (link,) = item.all("a", "where")
                assert link.attrs["href"] == f"#{rid}m{k}"
                pin = section.by_id(f"{rid}m{k}")
                assert any("src" in a.classes for a in pin.ancestors())
                assert pin.attrs["href"] == f"#{rid}f{k}"
                assert any("notes" in a.classes for a in note.ancestors())
            else:
                assert "unplaced" in item.classes and note in list(item.iter())
        if report.text is not None:
            assert shown_text(section) == expected_text(report), report.path
        assert len(section.all("table", "tv")) == len(report.tables)
        cells = {td.attrs["data-cell"] for td in section.all("td") if "data-cell" in td.attrs}
        assert cells == {c.id for t in report.tables for r in t.rows for c in r.cells}
        check_counts(section, report)
    return root


def check_counts(section: Element, report: FileReport) -> None:
    counts = Counter(
        "无法判断" if f.diagnostic.outcome == "not-assessable" else f.diagnostic.severity
        for f in report.findings
    )
    (chips,) = section.all("p", "counts")
    shown = {c.text().split()[0]: int(c.all("b")[0].text()) for c in chips.all("span", "chip")}
    assert shown == {
        "错误": counts["error"],
        "警告": counts["warning"],
        "提示": counts["info"],
        "无法判断": counts["无法判断"],
    }
