"""Layout writers that keep cell boundaries: tabs (Word), pipes (web page), markdown (PDF->Markdown).

Each mimics a conversion seen in shared/: tabs = seeds S000 (era A) and S003 (era B); pipes =
corpus 2021_zhashuifenghuang_1 / 2021_baokangnyj_1; markdown = corpus 2025_shuyang_1. These layouts
can show an empty cell, so a blank cell is printed as an empty one.
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
    blank_as_empty,
    enum_gap,
    half_brackets,
    half_enum,
    nfkc,
    space_chars,
    split_half,
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
    T3Row,
    t3_labelled,
    t3_rows,
    t4_ids,
)


def _row_values(doc: Document, ids: tuple[str, ...]) -> list[str]:
    return blank_as_empty([doc.value(i) for i in ids])


# --- tabs -----------------------------------------------------------------------------------------

_TAB = "\t"  # a name, because f-string expressions cannot hold a backslash before Python 3.12
# Stray empty paragraphs that Word leaves inside tables (S000 after 网络申请数 and 被依法纠错数).
_TABS_A_GAPS = ("a.apply.received.online", "a.review.corrected")


def write_tabs(doc: Document) -> str:
    """Word -> text: paragraphs separated by empty lines, table cells by tabs (S000, S003)."""
    return "\n\n" + "\n\n".join(_tabs_block(doc, block) for block in doc.blocks) + "\n"


def _tabs_block(doc: Document, block: Block) -> str:
    if isinstance(block, Title):
        if doc.era == "A":  # S000 breaks the title over two paragraphs
            return f"{block.agency} {block.year} 年政府信息公开\n\n工作年度报告"
        return f"{block.agency} {block.year} 年 政府信息公开工作年度报告"
    if isinstance(block, Para):
        # S003 mixes （一） and (二) in its run-in subheadings; do the same, deterministically.
        head = half_enum(block.head, gap=True) if block.index % 4 in (2, 3) else block.head
        return head + block.text
    if isinstance(block, (Heading, Raw, TableTitle)):
        return block.text
    if isinstance(block, Sign):
        return f"{block.agency}\n\n{block.date}" if block.date else block.agency
    if isinstance(block, Table):
        return "\n".join(_TABS_TABLES[block.kind](doc))
    raise TypeError(block)


def _tabs_a(doc: Document) -> list[str]:
    lines = ["\t".join(A_HEADER)]
    for row in A_ROWS:
        if row.id in A_OPTIONAL_IDS and row.id not in doc.cells:
            continue
        value = doc.value(row.id) or ""
        lines.append(f"{enum_gap(half_enum(row.label, gap=True))}\t{row.unit}\t{value}")
        if row.id in _TABS_A_GAPS:
            lines.append("")
    return lines


def _tabs_t2(doc: Document) -> list[str]:
    lines: list[str] = []
    for number, block in enumerate(T2_BLOCKS[doc.era]):
        if number == 3:
            lines.append("")  # S003: an empty paragraph before the （八） block
        lines.append(block.title + "\t" * len(block.heads))
        lines.append("\t".join((T2_CONTENT_HEAD, *block.heads)))
        for label, prefix in block.rows:
            lines.append("\t".join((label, *_row_values(doc, block.ids(prefix)))))
    return lines


def _tabs_t3(doc: Document) -> list[str]:
    orgs = "\t".join(split_half(head) for head in T3_ORG_HEADS[:4])
    lines = [
        f"{half_brackets(T3_NOTE)}\t\t{T3_APPLICANT}{_TAB * 6}{T3_TOTAL}\t",
        f"\t\t{space_chars(T3_NATURAL)}\t{T3_ORGS}{_TAB * 6}",
        f"\t\t\t{orgs}\t{T3_ORG_HEADS[4]}\t\t",
    ]
    prev: T3Row | None = None
    for row in t3_rows(doc.era):
        lines.extend(_tabs_t3_row(row, prev, "\t".join(_row_values(doc, row.ids()))))
        prev = row
    return lines


def _tabs_t3_row(row: T3Row, prev: T3Row | None, values: str) -> list[str]:
    """One row in S003's irregular cell alignment (leading/trailing empty cells as in the seed)."""
    if not row.group:
        if row.key == "carried_over":
            return [f"{row.top}\t\t\t{values}"]
        number, rest = row.top.split("、", 1)
        return [f"{number}、\t{rest}\t{values}\t"]
    if not row.item:
        if row.key in ("result.other", "result.total"):
            return [f"\t{half_enum(row.group)}\t\t{values}\t"]
        number, rest = row.top.split("、", 1)
        lead = f"{number}、 {space_chars(rest)}" if prev is None or prev.top != row.top else ""
        return [f"{lead}\t{half_enum(row.group, gap=True)}\t{values}\t"]
    item = enum_gap(row.item) if row.key.startswith("result.refused.") and row.item[0] in "1234" else row.item
    if prev is None or prev.group != row.group:
        group = half_enum(row.group, gap=True)
        number, name = group.split(" ", 1)
        return [f"\t{number} {split_half(name)}\t{item}\t{values}"]
    if row.key == "result.refused.third_party":
        return [f"{item}\t\t{values}\t", ""]  # S003: a row that lost its leading cells, then an empty line
    return [f"\t\t{item}\t{values}"]


def _tabs_t4(doc: Document) -> list[str]:
    spaced = [space_chars(head) for head in T4_HEADS]
    return [
        f"{T4_REVIEW}{_TAB * 5}{T4_SUIT}{_TAB * 9}",
        "\t".join(spaced) + f"\t{T4_SUIT_DIRECT}{_TAB * 5}{T4_SUIT_AFTER}{_TAB * 4}",
        "\t" * 5 + "\t".join(spaced + spaced),
        "\t".join(_row_values(doc, t4_ids())),
    ]


_TABS_TABLES = {"A": _tabs_a, "t2": _tabs_t2, "t3": _tabs_t3, "t4": _tabs_t4}


# --- pipes ----------------------------------------------------------------------------------------


def write_pipes(doc: Document) -> str:
    """Web page -> text: one paragraph a line, NFKC-folded, table rows as `cell | cell |` with padding."""
    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Title):
            lines.append(nfkc(f"{block.agency}{block.year}年政府信息公开工作年度报告"))
        elif isinstance(block, Para):
            lines.append(nfkc(block.head + block.text))
        elif isinstance(block, Heading):
            lines.append(nfkc(block.text))
        elif isinstance(block, Raw):
            lines.append(block.text)
        elif isinstance(block, Sign):
            lines.extend(filter(None, (block.agency, block.date)))
        elif isinstance(block, Table):
            lines.extend(_PIPES_TABLES[block.kind](doc))
        else:
            raise TypeError(block)
    return "\n".join(lines) + "\n"


def _pipe_row(cells: list[str], width: int, pad: bool = True) -> str:
    """`a | b |` followed by one `|` per missing cell, as HTML tables flatten (e.g. `行政许可 | 0 | ||`).

    Callers fold labels with nfkc(); values are printed as given."""
    line = " | ".join(cells) + " |"
    missing = width - len(cells)
    return f"{line} {'|' * missing}" if pad and missing > 0 else line


def _pipes_t2(doc: Document) -> list[str]:
    lines: list[str] = []
    for block in T2_BLOCKS[doc.era]:
        lines.append(_pipe_row([nfkc(block.title)], 4))
        lines.append(_pipe_row([nfkc(head) for head in (T2_CONTENT_HEAD, *block.heads)], 4))
        for label, prefix in block.rows:
            lines.append(_pipe_row([label, *_row_values(doc, block.ids(prefix))], 4))
    lines[-1] = lines[-1].rstrip(" |") + " |"  # the page's last row carries no padding
    return lines


def _pipes_t3(doc: Document) -> list[str]:
    lines = [
        _pipe_row([nfkc(T3_NOTE), T3_APPLICANT], 10),
        _pipe_row([T3_NATURAL, T3_ORGS, T3_TOTAL], 10),
        _pipe_row(list(T3_ORG_HEADS), 10),
    ]
    for row, labels in t3_labelled(doc.era):
        lines.append(_pipe_row([*map(nfkc, labels), *_row_values(doc, row.ids())], 10))
    return lines


def _pipes_t4(doc: Document) -> list[str]:
    return [
        _pipe_row([T4_REVIEW, T4_SUIT], 15),
        _pipe_row([*T4_HEADS, T4_SUIT_DIRECT, T4_SUIT_AFTER], 15),
        _pipe_row([*T4_HEADS, *T4_HEADS], 15),
        _pipe_row(_row_values(doc, t4_ids()), 15, pad=False),
    ]


_PIPES_TABLES = {"t2": _pipes_t2, "t3": _pipes_t3, "t4": _pipes_t4}


# --- markdown -------------------------------------------------------------------------------------

# C-SY25's converter renamed the six applicant columns 数据1…数据6 (formats.md §7, parsing hazards).
_MD_T3_HEAD = ("类别", "数据1", "数据2", "数据3", "数据4", "数据5", "数据6", "总计")
_MD_PLACEHOLDERS = (
    f"### {T3_APPLICANT} ({T3_NATURAL})\n| (数据项目) | 数量 |\n|---|---|\n| - | - |",
    f"### {T3_APPLICANT} ({T3_ORGS})\n{'| ' + ' | '.join(T3_ORG_HEADS) + ' |'}\n|---|---|---|---|---|\n"
    "| - | - | - | - | - |",
    f"### {T3_APPLICANT} ({T3_TOTAL})\n| (数据项目) | 数量 |\n|---|---|\n| - | - |",
)


def write_markdown(doc: Document) -> str:
    """PDF -> Markdown (C-SY25): #/##/### headings, pipe tables, table 三 cut into one table per group."""
    chunks: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Title):
            chunks.append(f"# {block.agency} {block.year} 年 政府信息公开工作年度报告")
            chunks.append(f"{block.agency}\n({doc.published})" if doc.published else block.agency)
        elif isinstance(block, Heading):
            # C-SY25's converter missed the last section heading: it stays a plain line.
            chunks.append(block.text if block.text.startswith("六、") else f"## {block.text}")
        elif isinstance(block, Para):
            promoted = block.head and block.index <= 2  # C-SY25 promotes some run-in heads to ###
            chunks.append(
                f"### {half_enum(block.head, gap=True)}\n{block.text}"
                if promoted
                else block.head + block.text
            )
        elif isinstance(block, Raw):
            chunks.append(block.text)
        elif isinstance(block, Sign):
            chunks.append("\n".join(filter(None, (block.agency, block.date))))
        elif isinstance(block, Table):
            chunks.extend(_MD_TABLES[block.kind](doc))
        else:
            raise TypeError(block)
    return "\n\n".join(chunks) + "\n"


def _md_table(head: tuple[str, ...] | list[str], rows: list[list[str]], rule: str = "---") -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(rule for _ in head) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def _md_t2(doc: Document) -> list[str]:
    chunks = []
    for block in T2_BLOCKS[doc.era]:
        rows = [[label, *_row_values(doc, block.ids(prefix))] for label, prefix in block.rows]
        chunks.append(f"### {block.title}\n" + _md_table((T2_CONTENT_HEAD, *block.heads), rows))
    return chunks


def _md_t3(doc: Document) -> list[str]:
    chunks = [nfkc(T3_NOTE), *_MD_PLACEHOLDERS]
    results_top = ""
    groups: dict[str, list[list[str]]] = {}  # group heading -> its rows, in printed order
    for row in t3_rows(doc.era):
        values = _row_values(doc, row.ids())
        if row.key in ("new", "carried_in"):
            name = row.top.split("、", 1)[1]
            chunks.append(f"### {row.top}\n" + _md_table(_MD_T3_HEAD, [[name, *values]]))
        elif row.key in ("result.total", "carried_over"):
            # C-SY25 appends （七）总计 and 四、结转下年度继续办理 to the last group's table.
            list(groups.values())[-1].append([row.group or row.top, *values])
        else:
            results_top = row.top
            group = half_enum(row.group, gap=True)
            label = enum_gap(row.item) if row.item else group.split(" ", 1)[1]
            groups.setdefault(group, []).append([label, *values])
    chunks.append(f"### {results_top}")
    chunks.extend(f"### {group}\n" + _md_table(_MD_T3_HEAD, rows) for group, rows in groups.items())
    return chunks


def _md_t4(doc: Document) -> list[str]:
    values = _row_values(doc, t4_ids())
    titles = (T4_REVIEW, f"{T4_SUIT}（{T4_SUIT_DIRECT}）", f"{T4_SUIT}（{T4_SUIT_AFTER}）")
    return [
        f"### {title}\n" + _md_table(T4_HEADS, [values[5 * n : 5 * n + 5]], rule="----------")
        for n, title in enumerate(titles)
    ]


_MD_TABLES = {"t2": _md_t2, "t3": _md_t3, "t4": _md_t4}
