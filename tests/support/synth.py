"""Synthetic 政府信息公开工作年度报告 for tests, fixtures and benchmarks.

`render(Spec(...))` writes a complete report whose tables hold exactly `spec.cells`, in one of the
layouts that real conversions produce (Word, web page, PDF, Markdown, one line). Tests parse the
text and compare the extracted cells with `spec.cells`: the expectation is the input, never parser
output. Everything here is invented; table labels and headings are the national formats' wording
(shared/spec/formats.md, shared/spec/cells.md). Real report text must never be copied in.

Layouts (writers in synth_layout_grid.py and synth_layout_text.py; each names the real file it mimics):
  tabs      Word -> text, tab-separated cells with Word's stray empty cells    (eras A, B, C)
  pipes     web page -> text, `cell | cell |` rows, NFKC-folded                (B, C)
  markdown  PDF -> Markdown, `##` headings, pipe tables, table 三 cut up       (B, C)
  lines     one cell a line                                                    (A, B, C)
  spaced    space-separated rows                                               (A, B, C)
  pdf       pypdf text: wrapped prose, page numbers, broken labels            (A, B, C)
  flat      the whole report on one line, cell boundaries lost                (A, B, C)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from .synth_cells import make_cells
from .synth_layout_grid import write_markdown, write_pipes, write_tabs
from .synth_layout_text import write_flat, write_lines, write_pdf, write_spaced
from .synth_model import Block, Document, Heading, Para, Raw, Sign, Table, TableTitle, Title
from .synth_prose import (
    BASIS,
    CONTACT,
    OTHER_MATTERS,
    PREAMBLE_PARTS,
    PROSE_A,
    PROSE_BC,
    SECTIONS,
    Paragraph,
    self_name,
)
from .synth_tables import A_OPTIONAL_IDS, a_table_title, table_ids

Layout = Literal["tabs", "pipes", "markdown", "lines", "spaced", "pdf", "flat"]
Era = Literal["A", "B", "C"]

LAYOUTS: dict[str, tuple[Layout, ...]] = {
    "A": ("tabs", "lines", "spaced", "pdf", "flat"),
    "B": ("tabs", "pipes", "markdown", "lines", "spaced", "pdf", "flat"),
    "C": ("tabs", "pipes", "markdown", "lines", "spaced", "pdf", "flat"),
}

_WRITERS: dict[str, Callable[[Document], str]] = {
    "tabs": write_tabs,
    "pipes": write_pipes,
    "markdown": write_markdown,
    "lines": write_lines,
    "spaced": write_spaced,
    "pdf": write_pdf,
    "flat": write_flat,
}

# Tables of eras B and C sit inside their sections (formats.md §4.1).
_SECTION_TABLES: dict[str, Table] = {"二": Table("t2"), "三": Table("t3"), "四": Table("t4")}


@dataclass(frozen=True)
class Spec:
    """What to render. See the module docstring; `cells` values: int | Decimal | str | None."""

    era: Era
    year: int
    layout: Layout = "tabs"
    agency: str = "某某县青山镇人民政府"
    cells: Mapping[str, object] = field(default_factory=dict)
    period: str | None = None  # the whole period sentence
    published: str | None = None  # the date under the signature; "" = none
    narrative: Mapping[str, str] = field(default_factory=dict)  # section number -> sentence(s)
    extra_lines: Mapping[int, str] = field(default_factory=dict)  # 0 = preamble, 1..6 = sections

    def period_sentence(self) -> str:
        if self.period is not None:
            return self.period
        return f"本报告所列数据统计期限为{self.year}年1月1日至{self.year}年12月31日。"

    def published_date(self) -> str:
        if self.published is not None:
            return self.published
        month = 3 if self.era == "A" else 1  # old 条例 art. 31 deadline 3月31日; new art. 49 1月31日
        return f"{self.year + 1}年{month}月20日"


def default_cells(era: str, seed: int = 0, *, zero: bool = False) -> dict[str, object]:
    """A complete, internally consistent set of cells for the era's tables (formats.md §3.3, §4.5, §5.3).

    Numbers vary with `seed`; `zero=True` gives the all-zero table of a township with no applications.
    Era A heading rows are present with None (blank).
    """
    return make_cells(era, seed, zero)


def render(spec: Spec) -> str:
    """The whole report in `spec.layout`, ending with a newline."""
    if spec.layout not in LAYOUTS[spec.era]:
        raise ValueError(f"layout {spec.layout!r} is not supported for era {spec.era}")
    return _WRITERS[spec.layout](build_document(spec))


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based number of the nth line containing `needle`."""
    seen = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise ValueError(f"{needle!r} occurs on fewer than {nth} lines")


def build_document(spec: Spec) -> Document:
    """Spec -> the layout-independent block list."""
    _check_keys(spec)
    blocks: list[Block] = [Title(spec.agency, spec.year), *_preamble(spec)]
    blocks.extend(_extra(spec, 0))
    for index, (number, title) in enumerate(SECTIONS["A" if spec.era == "A" else "BC"], start=1):
        blocks.append(Heading(f"{number}、{title}"))
        if number in spec.narrative:
            blocks.append(Para(spec.narrative[number]))
        blocks.extend(_section_body(spec, number))
        blocks.extend(_extra(spec, index))
    blocks.extend(_closing(spec))
    return Document(
        era=spec.era,
        year=spec.year,
        agency=spec.agency,
        published=spec.published_date(),
        cells=spec.cells,
        blocks=tuple(blocks),
    )


def _check_keys(spec: Spec) -> None:
    """A misspelt key would silently drop the sentence or the cell a test relies on."""
    unknown = set(spec.narrative) - {number for number, _ in SECTIONS["BC"]}
    if unknown:
        raise ValueError(f"narrative keys must be section numbers 一…六, got {sorted(unknown)}")
    stray = set(spec.cells) - set(table_ids(spec.era)) - set(A_OPTIONAL_IDS if spec.era == "A" else ())
    if stray:
        raise ValueError(f"cells that era {spec.era} tables cannot hold: {sorted(stray)}")
    if not set(spec.extra_lines) <= set(range(7)):
        raise ValueError(f"extra_lines keys must be 0 (preamble) … 6, got {sorted(spec.extra_lines)}")


def _fill(text: str, spec: Spec) -> str:
    return text.format(me=self_name(spec.agency), agency=spec.agency, year=spec.year)


def _preamble(spec: Spec) -> list[Block]:
    parts = PREAMBLE_PARTS["A" if spec.era == "A" else "BC"]
    basis = f"本报告根据{BASIS[spec.era]}要求，由{spec.agency}办公室编制。{parts}"
    return [Para(basis), Para(spec.period_sentence() + _fill(CONTACT, spec))]


def _section_body(spec: Spec, number: str) -> list[Block]:
    if spec.era == "A":
        return _paragraphs(spec, PROSE_A.get(number, ()))
    if number == "六":
        return [Para(_fill(OTHER_MATTERS[spec.era], spec))]
    if number in _SECTION_TABLES:
        return [_SECTION_TABLES[number]]
    return _paragraphs(spec, PROSE_BC.get(number, ()))


def _paragraphs(spec: Spec, paragraphs: tuple[Paragraph, ...]) -> list[Block]:
    blocks: list[Block] = []
    heads = 0
    for head, text in paragraphs:
        heads += bool(head)
        blocks.append(Para(_fill(text, spec), head=head, index=heads if head else 0))
    return blocks


def _extra(spec: Spec, index: int) -> list[Block]:
    return [Raw(spec.extra_lines[index])] if index in spec.extra_lines else []


def _closing(spec: Spec) -> list[Block]:
    sign = Sign(spec.agency, spec.published_date())
    if spec.era != "A":
        return [sign]
    # Era A: the table is an attachment after the signature (formats.md §3.2 notes, S000).
    title = a_table_title(spec.agency, spec.year)
    return [Para(f"附件：{title}"), sign, TableTitle(title), Table("A")]
