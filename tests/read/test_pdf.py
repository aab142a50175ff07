"""PDF reports: tables by their ruling lines, scans said to be scans, the optional extra explained.

PDFs are made here with reportlab (the test extra) and its standard CJK font, so no file is
stored; the three real PDFs in ../shared are checked against the hand-checked cells of their
text versions (tests/expected/).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from io import BytesIO

import pytest
import yaml

from gklint.errors import InputError
from gklint.model import Location
from gklint.read import read_bytes
from gklint.runner import analyze_source
from tests.conftest import ROOT, SHARED

pytest.importorskip("pdfplumber", reason="PDF support is the optional extra gklint[pdf]")
reportlab = pytest.importorskip("reportlab", reason="the PDFs are generated with reportlab (test extra)")

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
REAL = ("2023_hongze", "2024_hongze", "2024_huaian")


def pdf(pages: list[list[str] | None], *, encrypt: str | None = None) -> bytes:
    """A PDF with the given lines on each page (None: a page with only a picture)."""
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4, encrypt=encrypt)
    for lines in pages:
        if lines is None:
            from PIL import Image
            from reportlab.lib.utils import ImageReader

            canvas.drawImage(ImageReader(Image.new("RGB", (40, 40), "gray")), 100, 600, 200, 200)
        canvas.setFont(FONT, 12)
        for i, line in enumerate(lines or ()):
            canvas.drawString(72, 760 - 20 * i, line)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_text_lines_are_read_with_their_page_and_line() -> None:
    source = read_bytes(
        pdf([["示例县2022年政府信息公开工作年度报告", "一、总体情况"], ["二、主动公开政府信息情况"]]), "r.pdf"
    )
    assert source.raw == "示例县2022年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况"
    assert source.format == "pdf"
    assert source.locate(source.text.index("一、")) == "第1页第2行"
    assert source.locate(source.text.index("二、")) == "第2页第1行"


def test_ruled_tables_keep_their_cells_and_merged_cells_their_columns() -> None:
    style = ParagraphStyle("cjk", fontName=FONT, fontSize=8, leading=10, wordWrap="CJK")
    data = [
        [Paragraph("三、本年度办理结果", style), Paragraph("（一）予以公开", style), "", "12", "3"],
        ["", Paragraph("（三）不予公开", style), Paragraph("1.属于国家秘密", style), "0", "1"],
        [Paragraph("四、结转下年度继续办理", style), "", "", "2", "0"],
    ]
    table = Table(data, colWidths=[110, 110, 110, 60, 60])
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (0, 1)),
                ("SPAN", (1, 0), (2, 0)),
                ("SPAN", (0, 2), (2, 2)),
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("FONT", (0, 0), (-1, -1), FONT, 8),
            ]
        )
    )
    out = BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph("表三", style), table])
    source = read_bytes(out.getvalue(), "r.pdf")
    assert source.raw.split("\n") == [
        "表三",
        "三、本年度办理结果\t（一）予以公开\t12\t3",
        "\t（三）不予公开\t1.属于国家秘密\t0\t1",
        "四、结转下年度继续办理\t2\t0",
    ]
    assert source.location(source.text.index("\t0\t") + 1) == Location("row", 2, table=1, page=1, column=4)
    assert source.locate(source.text.index("2\t0")) == "第1页第1个表格第3行第4列"


def test_a_scanned_pdf_says_it_has_no_text() -> None:
    with pytest.raises(InputError, match="没有文字层") as e:
        read_bytes(pdf([None, None]), "scan.pdf")
    assert "共 2 页" in e.value.message


def test_scanned_pages_among_text_pages_are_reported() -> None:
    source = read_bytes(pdf([["一、总体情况"], None, ["二、主动公开政府信息情况"], None]), "r.pdf")
    assert [(p.code, dict(p.args)) for p in source.problems] == [
        ("pdf-pages-without-text", {"pages": "2、4"})
    ]


def test_a_pdf_whose_font_has_no_unicode_map_says_it_cannot_be_read() -> None:
    """pdfminer writes glyphs it cannot map as "(cid:N)"; drawn here literally to stand for them."""
    with pytest.raises(InputError, match="字体没有到 Unicode 的映射"):
        read_bytes(pdf([["(cid:1234)(cid:1235)(cid:1236)", "(cid:77)(cid:78)"]]), "r.pdf")
    source = read_bytes(
        pdf([["一、总体情况，本年收到政府信息公开申请12件，全部按期答复。", "(cid:9)"]]), "r.pdf"
    )
    assert [(p.code, dict(p.args)) for p in source.problems] == [("pdf-unmapped-glyphs", {"count": "1"})]


def test_an_encrypted_pdf_says_so() -> None:
    with pytest.raises(InputError, match="密码"):
        read_bytes(pdf([["一、总体情况"]], encrypt="secret"), "locked.pdf")


def test_a_damaged_pdf_is_an_input_error_naming_pdf() -> None:
    data = pdf([["一、总体情况"]])
    with pytest.raises(InputError, match="PDF"):
        read_bytes(data[:200], "cut.pdf")


def test_without_pdfplumber_the_message_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # import pdfplumber → ImportError
    with pytest.raises(InputError, match=r"python -m pip install pdfplumber") as e:
        read_bytes(pdf([["一、总体情况"]]), "r.pdf")
    assert e.value.path == "r.pdf"


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "corpus" / "pdf").is_dir(), reason="../shared/corpus/pdf is not present")
@pytest.mark.parametrize("name", REAL)
def test_real_pdfs_give_the_hand_checked_cells_and_facts_of_their_text_versions(name: str) -> None:
    want = yaml.safe_load((ROOT / "tests" / "expected" / f"{name}_1.yaml").read_text(encoding="utf-8"))
    analysis = analyze_source(
        read_bytes((SHARED / "corpus" / "pdf" / f"{name}.pdf").read_bytes(), f"{name}.pdf")
    )
    cells = analysis.extraction.cells
    expected = {cid: None if v is None else Decimal(str(v)) for cid, v in (want["cells"] or {}).items()}
    assert {cid: cells[cid].value.number if cid in cells else "absent" for cid in expected} == expected
    assert [cid for cid, c in cells.items() if c.value.is_number and cid not in expected] == []
    assert analysis.extraction.era == want["era_by_table"]
    facts = analysis.parsed.facts
    assert facts.year == want["year"]
    assert (facts.period.start, facts.period.end) == (want["period"]["start"], want["period"]["end"])
    # every number is findable: a page, a table, a row and a column
    for cell in cells.values():
        if cell.value.is_number:
            at = analysis.source.location(cell.span.start)
            assert at is not None and at.kind == "row" and min(at.page, at.table, at.number, at.column) >= 1


def test_damaged_pdfs_are_read_or_refused_quietly(caplog: pytest.LogCaptureFixture) -> None:
    """Random damage to a good PDF: a Source or an InputError, and none of pdfminer's repair chatter."""
    import random

    base = pdf([["一、总体情况，本年收到政府信息公开申请12件。", "二、主动公开政府信息情况"], ["三、表格"]])
    rng = random.Random(7)
    outcomes = set()
    for _ in range(60):
        data = bytearray(base)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            read_bytes(bytes(data[: rng.randrange(len(data) // 2, len(data) + 1)]), "damaged.pdf")
            outcomes.add("read")
        except InputError as e:
            assert e.path == "damaged.pdf"
            outcomes.add("refused")
    assert outcomes == {"read", "refused"}
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pdfminer")] == []
