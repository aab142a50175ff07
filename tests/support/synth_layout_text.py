"""Layout writers that lose cell boundaries: lines, spaced, pdf, flat.

lines = one cell a line (seed S002 for era A; corpus 2021_tianzhenxinfang_1 for eras B/C);
spaced = space-separated rows (corpus 2024_huaian_1 without the PDF damage); pdf = pypdf text of a
printed report (2024_huaian_1, 2023_hongze_1); flat = a whole report on one line (2020_pingtan_1).
None of them can show an empty cell, so a blank cell prints nothing.
"""

from __future__ import annotations

from .synth_model import (
    Block,
    Document,
    Heading,
    Para,
    Raw,
    Sign,
    Table,
    TableTitle,
    Title,
    half_enum,
    nfkc,
    present,
    space_digits,
    wrap,
)
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
    ARow,
    T3Row,
    t3_labelled,
    t4_ids,
)

Lines = list[str]


def _values(doc: Document, ids: tuple[str, ...]) -> Lines:
    return present([doc.value(i) for i in ids])


def _a_rows(doc: Document) -> list[ARow]:
    return [row for row in A_ROWS if row.id not in A_OPTIONAL_IDS or row.id in doc.cells]


def _t2_rows(doc: Document) -> list[tuple[str, tuple[str, ...], list[tuple[str, Lines]]]]:
    """(block title, column heads, [(row label, printed values)]) for each block of table 二."""
    return [
        (block.title, block.heads, [(label, _values(doc, block.ids(prefix))) for label, prefix in block.rows])
        for block in T2_BLOCKS[doc.era]
    ]


def _prose(block: Block, fold: bool) -> str | None:
    """The text of a prose block, or None for blocks that are not prose."""
    if isinstance(block, Para):
        text = block.head + block.text
    elif isinstance(block, (Heading, TableTitle)):
        text = block.text
    else:
        return None
    return nfkc(text) if fold else text


# --- lines ----------------------------------------------------------------------------------------

_LINES_A_INDENT = {0: "", 1: "", 2: "  ", 3: "      "}  # S002's visible indentation
_LINES_A_UNITS = ("万元", "人次")  # the only units that survived S002's extraction


def write_lines(doc: Document) -> str:
    """One cell a line. Era A as S002 (an empty line after every line); B/C as the pipe-terminated
    cells of 2021_tianzhenxinfang_1. Both NFKC-folded like the web copies they come from."""
    lines: Lines = []
    for block in doc.blocks:
        text = _prose(block, fold=True)
        if isinstance(block, TableTitle):
            lines.extend([" 政府信息公开情况统计表", f"({doc.year}年度)"])
        elif text is not None:
            lines.append(text)
        elif isinstance(block, Title):
            title = f"{block.agency}{block.year}年政府信息公开工作"
            lines.extend([title, "年度报告"] if doc.era == "A" else [title + "年度报告"])
        elif isinstance(block, Raw):
            lines.append(block.text)
        elif isinstance(block, Sign):
            lines.extend(filter(None, (block.agency, block.date)))
        elif isinstance(block, Table):
            lines.extend(_LINES_TABLES[block.kind](doc))
    return ("\n\n" if doc.era == "A" else "\n").join(lines) + "\n"


def _lines_a(doc: Document) -> Lines:
    lines = ["统 计 指 标", A_HEADER[1], A_HEADER[2]]
    for row in _a_rows(doc):
        lines.append(_LINES_A_INDENT[row.level] + nfkc(row.label))
        if row.note:
            lines.append(nfkc(row.note))  # S002 prints the row notes on a line of their own
        if row.unit in _LINES_A_UNITS:
            lines.append(row.unit)
        lines.extend(_values(doc, (row.id,)))
    return lines


def _cells(*labels: str) -> Lines:
    return [f"{nfkc(label)} |" for label in labels]


def _value_cells(values: Lines) -> Lines:
    return [f"{value} |" for value in values]


def _lines_t2(doc: Document) -> Lines:
    lines: Lines = []
    for title, heads, rows in _t2_rows(doc):
        padding = ["||"] if len(heads) < 3 else []
        lines.extend([*_cells(title), "|||", *_cells(T2_CONTENT_HEAD, *heads), *padding])
        for label, values in rows:
            # 2021_tianzhenxinfang_1 prints "行政规范性文件" and its bar on separate lines
            lines.extend([label, "|"] if label.endswith("文件") else _cells(label))
            lines.extend([*_value_cells(values), *padding])
    return lines


def _lines_t3(doc: Document) -> Lines:
    lines = _cells(T3_NOTE, T3_APPLICANT, T3_NATURAL, T3_ORGS, T3_TOTAL, *T3_ORG_HEADS)
    for row, labels in t3_labelled(doc.era):
        lines.extend([*_cells(*labels), *_value_cells(_values(doc, row.ids()))])
    return lines


def _lines_t4(doc: Document) -> Lines:
    heads = _cells(*T4_HEADS)
    return [
        *_cells(T4_REVIEW, T4_SUIT),
        *heads,
        *_cells(T4_SUIT_DIRECT, T4_SUIT_AFTER),
        *heads,
        *heads,
        *_value_cells(_values(doc, t4_ids())),
    ]


_LINES_TABLES = {"A": _lines_a, "t2": _lines_t2, "t3": _lines_t3, "t4": _lines_t4}


# --- spaced ---------------------------------------------------------------------------------------


def write_spaced(doc: Document) -> str:
    """Rows as space-separated cells, one paragraph a line (2024_huaian_1 without PDF damage)."""
    lines: Lines = []
    for block in doc.blocks:
        text = _prose(block, fold=False)
        if text is not None:
            lines.append(text)
        elif isinstance(block, Title):
            lines.extend([block.agency, f"{block.year}年政府信息公开工作年度报告"])
        elif isinstance(block, Raw):
            lines.append(block.text)
        elif isinstance(block, Sign):
            lines.extend(filter(None, (block.agency, block.date)))
        elif isinstance(block, Table):
            lines.extend(_SPACED_TABLES[block.kind](doc))
    return "\n".join(lines) + "\n"


def _spaced_a(doc: Document) -> Lines:
    rows = [" ".join([row.label, row.unit, *_values(doc, (row.id,))]) for row in _a_rows(doc)]
    return [" ".join(A_HEADER), *rows]


def _spaced_t2(doc: Document) -> Lines:
    lines: Lines = []
    for title, heads, rows in _t2_rows(doc):
        lines.extend([title, " ".join((T2_CONTENT_HEAD, *heads))])
        lines.extend(" ".join([label, *values]) for label, values in rows)
    return lines


def _spaced_t3(doc: Document) -> Lines:
    lines = [T3_NOTE, T3_APPLICANT, f"{T3_NATURAL} {T3_ORGS} {T3_TOTAL}", " ".join(T3_ORG_HEADS)]
    lines.extend(" ".join([*labels, *_values(doc, row.ids())]) for row, labels in t3_labelled(doc.era))
    return lines


def _spaced_t4(doc: Document) -> Lines:
    return [
        f"{T4_REVIEW} {T4_SUIT}",
        " ".join((*T4_HEADS, T4_SUIT_DIRECT, T4_SUIT_AFTER)),
        " ".join(T4_HEADS + T4_HEADS),
        " ".join(_values(doc, t4_ids())),
    ]


_SPACED_TABLES = {"A": _spaced_a, "t2": _spaced_t2, "t3": _spaced_t3, "t4": _spaced_t4}


# --- pdf ------------------------------------------------------------------------------------------

_PAGE_LINES = 45
_PROSE_WIDTH = 56  # columns: 28 CJK characters, ASCII counting half
_LABEL_WIDTH = 32
# Header cells broken by narrow PDF columns, as pypdf returns them (2024_huaian_1).
_PDF_T3_HEAD = (
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计商 业 企",
    "业",
    "科研机",
    "构",
    "社 会 公 益",
    "组织",
    "法 律 服 务",
    "机构",
    "其他",
)
_PDF_T4_HEADS = ("结 果", "维持", "结 果", "纠正", "其 他 结", "果", "尚 未", "审结", "总计")


def write_pdf(doc: Document) -> str:
    """pypdf text of a printed report: hard-wrapped prose, spaces around digits, page-number lines
    (also inside tables), a vertical row header one character a line, wrapped row labels."""
    body: Lines = []
    for block in doc.blocks:
        text = _prose(block, fold=False)
        if isinstance(block, Heading):
            body.append(block.text)
        elif text is not None:
            body.extend(wrap(space_digits(text), _PROSE_WIDTH))
        elif isinstance(block, Title):
            body.extend([block.agency, space_digits(f"{block.year}年政府信息公开工作年度报告")])
        elif isinstance(block, Raw):
            body.append(block.text)
        elif isinstance(block, Sign):
            body.extend(filter(None, (block.agency, space_digits(block.date))))
        elif isinstance(block, Table):
            body.extend(_PDF_TABLES[block.kind](doc))
    return "\n".join(_paginate(body)) + "\n"


def _paginate(body: Lines) -> Lines:
    lines: Lines = []
    for start in range(0, len(body), _PAGE_LINES):
        lines.append(f"- {start // _PAGE_LINES + 1} -")
        lines.extend(body[start : start + _PAGE_LINES])
    return lines


def _wrapped_row(label: str, values: Lines, width: int = _LABEL_WIDTH) -> Lines:
    """A long label over several lines; the numbers end its last line, or get their own line
    after a label of three lines or more (2024_huaian_1 （六）1–2)."""
    parts = wrap(label, width)
    numbers = " ".join(values)
    if not numbers:
        return parts
    if len(parts) >= 3:
        return [*parts, numbers]
    return [*parts[:-1], f"{parts[-1]} {numbers}"]


def _pdf_a(doc: Document) -> Lines:
    lines = [" ".join(A_HEADER)]
    for row in _a_rows(doc):
        lines.extend(_wrapped_row(row.label, [row.unit, *_values(doc, (row.id,))], width=40))
    return lines


def _pdf_t2(doc: Document) -> Lines:
    lines: Lines = []
    for title, heads, rows in _t2_rows(doc):
        lines.extend([title.replace("条第", "条 第"), " ".join((T2_CONTENT_HEAD, *heads))])
        lines.extend(" ".join([label, *values]) for label, values in rows)
    return lines


def _pdf_t3(doc: Document) -> Lines:
    cut = T3_NOTE.index("，") + 1
    lines = [T3_NOTE[:cut], T3_NOTE[cut:], *_PDF_T3_HEAD]
    for row, labels in t3_labelled(doc.era):
        lines.extend(_pdf_t3_row(row, labels, _values(doc, row.ids())))
    return lines


def _pdf_t3_row(row: T3Row, labels: tuple[str, ...], values: Lines) -> Lines:
    lines: Lines = []
    if row.group and labels[0] == row.top:
        lines.extend(row.top)  # the merged row header, one character a line
    if row.item and row.group in labels:
        # （四） fits its cell (2023_hongze_1); the other groups break after 4 characters (2024_huaian_1)
        lines.extend([row.group] if row.group.startswith("（四）") else [row.group[:4], row.group[4:]])
    if not row.group:
        return [" ".join([row.top, *values])]
    label = row.item or row.group
    if row.key.startswith("result.other."):
        label = label.replace(".", "、", 1)
    if row.key == "result.total":
        label = half_enum(label)  # the one half-width enumerator of this layout
    return lines + _wrapped_row(label, values)


def _pdf_t4(doc: Document) -> Lines:
    return [
        f"{T4_REVIEW} {T4_SUIT}",
        *_PDF_T4_HEADS,
        f"{T4_SUIT_DIRECT} {T4_SUIT_AFTER}",
        *_PDF_T4_HEADS,
        *_PDF_T4_HEADS,
        " ".join(_values(doc, t4_ids())),
    ]


_PDF_TABLES = {"A": _pdf_a, "t2": _pdf_t2, "t3": _pdf_t3, "t4": _pdf_t4}


# --- flat -----------------------------------------------------------------------------------------

# 2020_pingtan_1 keeps spaces between the numbers of these rows only.
_FLAT_SPACED_ROWS = ("result.other", "result.total", "carried_over")


def write_flat(doc: Document) -> str:
    """The whole report on one line: headings run into the text, tables lose their cell boundaries."""
    text = ""
    for block in doc.blocks:
        prose = _prose(block, fold=False)
        if isinstance(block, Table):
            text = f"{text.rstrip(' ')} {_FLAT_TABLES[block.kind](doc)} "
        elif isinstance(block, TableTitle):
            text = f"{text.rstrip(' ')} {block.text}"
        elif prose is not None:
            text += prose
        elif isinstance(block, Title):
            text += f"{block.agency}{block.year}年政府信息公开工作年度报告 "
        elif isinstance(block, Raw):
            text += block.text
        elif isinstance(block, Sign):
            text = f"{text.rstrip(' ')} {block.agency}{block.date}"
    return text.strip(" ") + "\n"


def _flat_a(doc: Document) -> str:
    rows = "".join(row.label + row.unit + "".join(_values(doc, (row.id,))) for row in _a_rows(doc))
    return "".join(A_HEADER) + rows


def _flat_t2(doc: Document) -> str:
    return "".join(
        title + T2_CONTENT_HEAD + "".join(heads) + "".join(label + "".join(values) for label, values in rows)
        for title, heads, rows in _t2_rows(doc)
    )


def _flat_t3(doc: Document) -> str:
    text = T3_NOTE + T3_APPLICANT + T3_NATURAL + T3_ORGS + T3_TOTAL + "".join(T3_ORG_HEADS)
    for row, labels in t3_labelled(doc.era):
        joiner = " " if row.key in _FLAT_SPACED_ROWS else ""
        text += "".join(labels) + joiner.join(_values(doc, row.ids()))
    return text


def _flat_t4(doc: Document) -> str:
    heads = "".join(T4_HEADS)
    return (
        T4_REVIEW
        + T4_SUIT
        + heads
        + T4_SUIT_DIRECT
        + T4_SUIT_AFTER
        + heads * 2
        + "".join(_values(doc, t4_ids()))
    )


_FLAT_TABLES = {"A": _flat_a, "t2": _flat_t2, "t3": _flat_t3, "t4": _flat_t4}
