"""The same report as .txt, .docx, a web page (UTF-8 and GBK) and .pdf: the same cells, the same
facts, the same diagnostics apart from positions, and every cell findable in the original.

Reports come from the synthetic generator (its cells are the expectation) and from the seeds that
have tables (../shared/seeds 000, 002, 003; their hand-checked cells are tests/expected/), written
into real Word tables, HTML tables and PDF tables by tests/read/documents.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.util import find_spec
from io import BytesIO
from pathlib import Path

import pytest
import yaml

from gklint.model import Cell, Location
from gklint.read import Source, read_bytes, read_path, read_text
from gklint.read.normalize import normalize
from gklint.rules import rule_set
from gklint.runner import Analysis, CheckOptions, analyze_source, check_source
from gklint.tables.values import parse_value
from tests.conftest import ROOT, SHARED
from tests.read import documents
from tests.read.documents import Doc
from tests.support import synth

HAVE_PDF = find_spec("pdfplumber") is not None and find_spec("reportlab") is not None
PDF = pytest.param("pdf", marks=pytest.mark.skipif(not HAVE_PDF, reason="needs gklint[pdf] and reportlab"))
FORMATS = ["docx", "html", "html-gbk", PDF]
ERAS = {"A": 2017, "B": 2020, "C": 2023}
SEEDS = ("000", "002", "003")  # the seeds with tables


def _build(doc: Doc, fmt: str) -> bytes:
    if fmt == "docx":
        return documents.docx_bytes(doc)
    if fmt == "html":
        return documents.html_bytes(doc)
    if fmt == "html-gbk":
        return documents.html_bytes(doc, "gbk", title_outside=False)
    return documents.pdf_bytes(doc)


def _spec(era: str, *, defects: bool = False) -> synth.Spec:
    cells = synth.default_cells(era, seed=len(era) + ERAS[era])
    if defects:  # a sum that does not add up, and a blank cell where a number belongs
        if era == "A":
            cells["a.apply.received"] = int(cells["a.apply.received"] or 0) + 3
            cells["a.review.upheld"] = None
        else:
            cells["t3.result.total.total"] = int(cells["t3.result.total.total"]) + 1
            cells["t3.new.legal"] = None
    return synth.Spec(era=era, year=ERAS[era], cells=cells)


@dataclass(frozen=True)
class Case:
    doc: Doc
    data: bytes
    analysis: Analysis


def _case(doc: Doc, fmt: str) -> Case:
    data = _build(doc, fmt)
    return Case(doc, data, analyze_source(read_bytes(data, f"report.{fmt.split('-')[0]}")))


@cache
def _synthetic(era: str, fmt: str, defects: bool = False) -> Case:
    return _case(documents.synthetic(_spec(era, defects=defects)), fmt)


@cache
def _synthetic_text(era: str, defects: bool = False) -> Analysis:
    return analyze_source(read_text(synth.render(_spec(era, defects=defects)), "report.txt"))


def _seed_path(seed: str) -> Path:
    found = sorted((SHARED / "seeds").glob(f"{seed}_*.txt"))
    if not found:
        pytest.skip(f"../shared/seeds/{seed}_*.txt is not present")
    return found[0]


@cache
def _seed(seed: str, fmt: str) -> Case:
    return _case(documents.from_text(read_path(_seed_path(seed)).raw), fmt)


def _cells(analysis: Analysis) -> dict[str, tuple[str, Decimal | int | None]]:
    return {cid: (c.value.kind, c.value.number) for cid, c in analysis.extraction.cells.items()}


def _facts(analysis: Analysis) -> tuple[object, ...]:
    f = analysis.parsed.facts
    period = (f.period.start, f.period.end, f.period.damaged) if f.period else None
    return (analysis.extraction.era, f.year, period, f.published.date if f.published else None, f.agency)


# --- cells and facts --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("era", ERAS)
def test_a_synthetic_report_gives_the_written_cells_in_every_format(era: str, fmt: str) -> None:
    analysis = _synthetic(era, fmt).analysis
    written = _spec(era).cells
    cells = analysis.extraction.cells
    wrong = {
        cid: cells[cid].value.raw if cid in cells else "absent"
        for cid, v in written.items()
        if not _same(v, cid, cells)
    }
    assert wrong == {}
    assert [cid for cid, c in cells.items() if c.value.is_number and cid not in written] == []
    assert _cells(analysis) == _cells(_synthetic_text(era))
    assert _facts(analysis) == _facts(_synthetic_text(era))
    assert [p.code for p in analysis.extraction.problems] == []


def _same(written: object, cid: str, cells: dict[str, Cell]) -> bool:
    if cid not in cells:
        return False
    value = cells[cid].value
    if written is None:
        return not value.is_number
    expected = parse_value(str(written))
    return (
        value.is_number and value.number == expected.number
        if expected.is_number
        else value.raw == str(written)
    )


@pytest.mark.shared
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_seed_gives_the_cells_and_facts_of_its_text_version(seed: str, fmt: str) -> None:
    analysis = _seed(seed, fmt).analysis
    text = analyze_source(read_path(_seed_path(seed)))
    assert _cells(analysis) == _cells(text)
    assert _facts(analysis)[:4] == _facts(text)[:4]
    want = yaml.safe_load((ROOT / "tests" / "expected" / f"seed_{seed}.yaml").read_text(encoding="utf-8"))
    expected = {cid: None if v is None else Decimal(str(v)) for cid, v in (want["cells"] or {}).items()}
    got = analysis.extraction.cells
    assert {cid: got[cid].value.number if cid in got else "absent" for cid in expected} == expected


# --- locations ----------------------------------------------------------------------------------------


def _assert_findable(case: Case, fmt: str) -> None:
    """Every number's location names a table, row and column whose cell holds that number."""
    analysis, source = case.analysis, case.analysis.source
    placed = {(t, p.row + 1, p.column + 1): p.cell.text for t, p in documents.cells_of(case.doc)}
    pdf_cells = _pdf_cells(case) if fmt == "pdf" else {}
    checked = 0
    for cid, cell in analysis.extraction.cells.items():
        if not cell.value.is_number:
            continue
        at = source.location(cell.span.start)
        assert at is not None and at.kind == "row", (cid, at)
        where = (
            (at.page, at.table, at.number, at.column) if fmt == "pdf" else (at.table, at.number, at.column)
        )
        text = pdf_cells.get(where) if fmt == "pdf" else placed.get(where)
        assert text is not None, (cid, source.locate(cell.span.start))
        assert normalize(text)[0].strip() == cell.value.raw, (cid, source.locate(cell.span.start), text)
        checked += 1
    assert checked > 0


def _pdf_cells(case: Case) -> dict[tuple[int, int, int, int], str]:
    """(page, table, row, column) → text, read with pdfplumber straight from the PDF."""
    import pdfplumber

    source = case.analysis.source
    pages = {o.page for o in source.origins or () if o.kind == "row"}
    tables = {(o.page, o.table) for o in source.origins or () if o.kind == "row"}
    out: dict[tuple[int, int, int, int], str] = {}
    with pdfplumber.open(BytesIO(case.data)) as pdf:
        for page in sorted(pages):
            numbers = sorted(t for p, t in tables if p == page)
            found = [t for t in pdf.pages[page - 1].find_tables() if max(len(r.cells) for r in t.rows) > 1]
            for number, table in zip(numbers, found, strict=True):
                for r, row in enumerate(table.extract(), start=1):
                    for c, text in enumerate(row, start=1):
                        if text is not None:
                            out[(page, number, r, c)] = text.replace("\n", " ")
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("era", ERAS)
def test_every_cell_of_a_synthetic_report_is_findable_in_the_document(era: str, fmt: str) -> None:
    _assert_findable(_synthetic(era, fmt), fmt)


@pytest.mark.shared
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_every_cell_of_a_seed_is_findable_in_the_document(seed: str, fmt: str) -> None:
    _assert_findable(_seed(seed, fmt), fmt)


def test_paragraphs_are_located_by_their_number() -> None:
    case = _synthetic("C", "docx")
    doc, analysis = case.doc, case.analysis
    paragraphs = [b for b in doc.blocks if isinstance(b, str)]
    number = paragraphs.index("四、政府信息公开行政复议、行政诉讼情况") + 1
    offset = analysis.source.text.index("四、政府信息公开行政复议")
    assert analysis.source.location(offset) == Location("paragraph", number)
    assert analysis.source.locate(offset) == f"第{number}段"


# --- diagnostics --------------------------------------------------------------------------------------


@cache
def _rules() -> tuple:
    return tuple(rule_set())


def _diagnostics(source: Source) -> list[tuple[str, str, str]]:
    report = check_source(source, CheckOptions(rules=_rules()))
    return sorted((f.diagnostic.code, f.diagnostic.outcome, f.diagnostic.message) for f in report.findings)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("era", ERAS)
def test_the_same_defects_give_the_same_diagnostics_in_every_format(era: str, fmt: str) -> None:
    analysis = _synthetic(era, fmt, defects=True).analysis
    expected = _diagnostics(_synthetic_text(era, defects=True).source)
    assert [d for d in expected if d[1] == "fail"], "the planted defects must be found in the text version"
    assert _diagnostics(analysis.source) == expected
