"""PDF reports → the text layout the parser reads, through pdfplumber (the optional `gklint[pdf]`).

Each page is read as text lines and ruled tables, in their order on the page. Tables are found by
their ruling lines (pdfplumber's default "lines" strategy), which PDFs printed from Word and WPS
always have; each table row becomes one line of tab-separated cells, so the statistics tables keep
their columns instead of the run-together numbers of plain text extraction. A cell spanning
several columns is one cell; a position covered by a cell from the row above is an empty cell
(render.py). A "table" of one column is a framed text box and is read as lines.

A PDF with no text at all is a scan: that is an InputError ("nothing to check"), not an empty
report, because rules that find nothing would read as a clean report. Pages without text in a
PDF that has some are reported as a problem, so the cells missing from them are explained.

pdfplumber is imported only when a PDF is read; without it, reading a PDF is an InputError that
says how to install it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import TYPE_CHECKING, Any

from gklint import messages
from gklint.errors import InputError
from gklint.model import Problem
from gklint.read.render import GridCell, Rendering
from gklint.read.source import Source, read_text

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.table import Table

_TOLERANCE = 1.0  # points: cell edges closer than this are the same edge
# A glyph whose font has no map to Unicode comes out as "(cid:1234)": the PDF has a text layer
# that cannot be read. Mostly such glyphs is an InputError, a few are a problem.
_UNMAPPED = re.compile(r"\(cid:\d+\)")
_UNMAPPED_LENGTH = 9  # characters of a typical "(cid:1234)"
_UNMAPPED_SHARE = 0.5
_MAX_PAGES = 300
Box = tuple[float, float, float, float]


def read_pdf(data: bytes, path: str) -> Source:
    """A PDF's Source, or InputError (pdfplumber missing, damaged, encrypted, scanned)."""
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
        from pdfminer.pdfexceptions import PDFException
        from pdfminer.psexceptions import PSException
        from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException
    except ImportError as e:
        raise InputError(path, messages.text("input-pdf-extra-missing")) from e
    out = Rendering()
    scanned: list[int] = []
    try:
        with _quiet_pdfminer(), pdfplumber.open(BytesIO(data)) as pdf:
            pages = len(pdf.pages)
            if pages > _MAX_PAGES:  # 2 000 pages took 132 s and 8 GB; a report has a few dozen
                raise InputError(
                    path, messages.text("input-pdf-too-many-pages", pages=pages, limit=_MAX_PAGES)
                )
            for number, page in enumerate(pdf.pages, start=1):
                if not _read_page(page, number, out) and page.images:
                    scanned.append(number)
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if isinstance(cause, PDFPasswordIncorrect):
            raise InputError(path, messages.text("input-pdf-encrypted")) from e
        raise InputError(path, messages.text("input-pdf-damaged", reason=cause)) from e
    except (MalformedPDFException, PDFException, PSException) as e:
        raise InputError(path, messages.text("input-pdf-damaged", reason=e)) from e
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError) as e:
        # pdfminer and pdfplumber trip over damaged page dictionaries (a MediaBox of None, a
        # keyword where a number belongs) with plain Python errors: those are a damaged file;
        # the same errors raised in gklint's own code are bugs and go on
        if not _raised_in_library(e):
            raise
        raise InputError(path, messages.text("input-pdf-damaged", reason=f"{type(e).__name__}: {e}")) from e
    raw = out.raw
    if not raw.strip():
        raise InputError(path, messages.text("input-pdf-scanned", pages=pages))
    unmapped = len(_UNMAPPED.findall(raw))
    if unmapped * _UNMAPPED_LENGTH > _UNMAPPED_SHARE * len(raw):
        raise InputError(path, messages.text("input-pdf-unmapped", count=unmapped))
    problems: list[Problem] = []
    if scanned:
        problems.append(Problem.make("pdf-pages-without-text", None, pages="、".join(map(str, scanned))))
    if unmapped:
        problems.append(Problem.make("pdf-unmapped-glyphs", None, count=unmapped))
    return read_text(raw, path, "", format="pdf", origins=tuple(out.origins), problems=tuple(problems))


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs every repair it makes to a damaged file as a warning; they are not the user's
    business (a file it cannot read is an InputError), so they are silenced while reading."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _raised_in_library(error: BaseException) -> bool:
    """Whether an exception was raised inside pdfminer or pdfplumber (its innermost frame)."""
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    module = tb.tb_frame.f_globals.get("__name__", "") if tb is not None else ""
    return module.split(".", 1)[0] in ("pdfminer", "pdfplumber")


def _read_page(page: Page, number: int, out: Rendering) -> bool:
    """Render one page's lines and tables in reading order; whether it had any text."""
    if not page.chars:
        return False
    tables = [t for t in page.find_tables() if _columns(t) > 1]
    boxes = [t.bbox for t in tables]
    text_page = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
    items: list[tuple[float, int, Any]] = [
        (line["top"], 0, line["text"]) for line in text_page.extract_text_lines(return_chars=False)
    ]
    items.extend((t.bbox[1], 1, t) for t in tables)
    line = 0
    for _top, kind, item in sorted(items, key=lambda i: (i[0], i[1])):
        if kind == 0:
            line += 1
            out.page_line(item, number, line)
        else:
            _read_table(item, number, out)
    return True


def _inside(obj: dict[str, Any], boxes: list[Box]) -> bool:
    """Whether a character's centre lies in one of the tables (other objects are kept)."""
    if obj.get("object_type") != "char":
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _columns(table: Table) -> int:
    return max((len(row.cells) for row in table.rows), default=0)


def _read_table(table: Table, page: int, out: Rendering) -> None:
    number = out.start_table()
    texts = table.extract()
    width = _columns(table)
    lefts: list[float | None] = [None] * width  # each column's left edge, from the cells starting there
    for row in table.rows:
        for c, box in enumerate(row.cells):
            if box is not None:
                edge = lefts[c]
                lefts[c] = box[0] if edge is None else min(edge, box[0])
    above: list[Box | None] = [None] * width  # the cell covering each column in the row above
    for index, (row, text) in enumerate(zip(table.rows, texts, strict=False), start=1):
        cells: list[GridCell] = []
        covering: list[Box | None] = [None] * width
        right: float | None = None  # right edge of what covers the previous position of this row
        for c, box in enumerate(row.cells):
            if box is not None:
                cells.append(GridCell(text[c] or "", c + 1))
                covering[c], right = box, box[2]
                continue
            left = lefts[c]
            if right is not None and (left is None or right > left + _TOLERANCE):
                covering[c] = covering[c - 1]  # the cell to the left spans this column too
                continue
            # a cell from a row above spans down to here: one empty cell, however wide it is
            from_above = above[c]
            covering[c] = from_above
            right = from_above[2] if from_above is not None else None
            cells.append(GridCell("", c + 1))
        above = covering
        out.row(cells, table=number, number=index, page=page)
