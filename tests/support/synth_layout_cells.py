"""Clean tables in the four layouts that keep every cell's place, with blank cells where they fall.

Unlike the writers of synth_layout_text.py (which mimic one real file each and let a blank cell
vanish), these print every cell of every table, so a blank cell shows where it is:
  tsv     cells separated by tabs; a blank is an empty cell
  pipe    `| cell | cell |` rows; a blank is `|  |`
  lines   one cell a line; a blank is an empty line
  spaced  labels with a space between every character ("1 . 政 府 公 报 …"), cells separated by a
          run of spaces of one width for the whole table; a blank doubles the gap (trailing spaces
          after the last cell when it is blank, as after a heading row's "——")
  bars    one cell a line with a "|" line between cells, column heads split into words on lines of
          their own ("商业" / "企业") and group labels split after their numbering ("(三)" / "不予公开"),
          as web pages saved cell by cell
`write_cells(doc, layout, gap)` renders a synth.Document; `blank_lines(...)` gives the 1-based
line of each blank cell, for tests that assert where a blank is reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .synth_model import Document, Heading, Para, Raw, Sign, Table, TableTitle, Title
from .synth_tables import (
    A_HEADER,
    A_OPTIONAL_IDS,
    A_ROWS,
    T2_BLOCKS,
    T2_CONTENT_HEAD,
    T3_APPLICANT,
    T3_NATURAL,
    T3_NOTE,
    T3_ORG_HEADS,
    T3_ORGS,
    T3_TOTAL,
    T4_HEADS,
    T4_REVIEW,
    T4_SUIT,
    T4_SUIT_AFTER,
    T4_SUIT_DIRECT,
    t3_labelled,
    t4_ids,
)

CELL_LAYOUTS = ("tsv", "pipe", "lines", "spaced", "bars")


@dataclass(frozen=True)
class Row:
    """A printed table row: label cells, then value cells as (cell id, printed text or None)."""

    labels: tuple[str, ...]
    values: tuple[tuple[str, str | None], ...] = ()


def table_rows(doc: Document, kind: str) -> Iterator[Row]:
    """The rows of one table, header rows included (they have no values)."""
    if kind == "A":
        yield Row(A_HEADER)
        for row in A_ROWS:
            if row.id not in A_OPTIONAL_IDS or row.id in doc.cells:
                yield Row((row.label, row.unit), ((row.id, doc.value(row.id)),))
    elif kind == "t2":
        for block in T2_BLOCKS[doc.era]:
            yield Row((block.title,))
            yield Row((T2_CONTENT_HEAD, *block.heads))
            for label, prefix in block.rows:
                yield Row((label,), tuple((i, doc.value(i)) for i in block.ids(prefix)))
    elif kind == "t3":
        yield Row((T3_NOTE, T3_APPLICANT))
        yield Row((T3_NATURAL, T3_ORGS, T3_TOTAL))
        yield Row(T3_ORG_HEADS)
        for row, labels in t3_labelled(doc.era):
            yield Row(labels, tuple((i, doc.value(i)) for i in row.ids()))
    else:
        yield Row((T4_REVIEW, T4_SUIT))
        yield Row((*T4_HEADS, T4_SUIT_DIRECT, T4_SUIT_AFTER))
        yield Row(T4_HEADS + T4_HEADS)
        yield Row((), tuple((i, doc.value(i)) for i in t4_ids()))


def _spaced(label: str) -> str:
    """A label spaced out character by character; a unit or placeholder ("——", "条") is not."""
    return " ".join(label) if len(label) > 1 and label.strip("—") else label


def _render_row(row: Row, layout: str, gap: int) -> list[tuple[str, list[str]]]:
    """The row's printed lines, each with the ids of the blank cells it shows."""
    values = [("" if text is None else text) for _, text in row.values]
    blanks = [cid for cid, text in row.values if text is None]
    if layout == "tsv":
        return [("\t".join([*row.labels, *values]), blanks)]
    if layout == "pipe":
        return [("| " + " | ".join([*row.labels, *values]) + " |", blanks)]
    if layout == "spaced":
        return [((" " * gap).join([*map(_spaced, row.labels), *values]), blanks)]
    labels = [piece for label in row.labels for piece in _split_label(label, layout == "bars")]
    lines: list[tuple[str, list[str]]] = [(label, []) for label in labels]
    lines.extend((text or "", [cid] if text is None else []) for cid, text in row.values)
    if layout == "bars":
        return [part for line in lines for part in (line, ("|", []))]
    return lines


def _split_label(label: str, split: bool) -> list[str]:
    """A label as printed one cell a line: "商业企业" -> "商业", "企业"; "（三）不予公开" -> "（三）",
    "不予公开" (when `split`)."""
    if split and label in T3_ORG_HEADS[:4]:
        return [label[:2], label[2:]]
    if split and label.startswith("（") and label.index("）") < 4 and len(label) > 4:
        cut = label.index("）") + 1
        return [label[:cut], label[cut:]]
    return [label]


def write_cells(doc: Document, layout: str, gap: int = 3) -> str:
    return "\n".join(text for text, _ in _lines(doc, layout, gap)) + "\n"


def blank_lines(doc: Document, layout: str, gap: int = 3) -> dict[str, int]:
    """Cell id -> 1-based line of each blank cell as printed."""
    return {cid: n for n, (_, blanks) in enumerate(_lines(doc, layout, gap), start=1) for cid in blanks}


def _lines(doc: Document, layout: str, gap: int) -> list[tuple[str, list[str]]]:
    if layout not in CELL_LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    lines: list[tuple[str, list[str]]] = []
    for block in doc.blocks:
        if isinstance(block, Title):
            lines.append((f"{block.agency}{block.year}年政府信息公开工作年度报告", []))
        elif isinstance(block, Para):
            lines.append((block.head + block.text, []))
        elif isinstance(block, (Heading, Raw, TableTitle)):
            lines.append((block.text, []))
        elif isinstance(block, Sign):
            lines.extend((text, []) for text in (block.agency, block.date) if text)
        elif isinstance(block, Table):
            for row in table_rows(doc, block.kind):
                lines.extend(_render_row(row, layout, gap))
    return lines
