"""Loads the label knowledge of each table kind (the table files of the formats, gklint/registry.py)
into typed definitions.

The YAML files say which words identify a table, which key phrase identifies each row, how many
columns a row has (per era for table 二), and which ids result. No label or column list is
written in code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import dropwhile, takewhile
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from gklint import codecache, messages
from gklint.registry import table_files
from gklint.yamlfile import load_file


@dataclass(frozen=True)
class RowDef:
    """A row of a table definition (gklint/data/formats): its label pattern and columns."""

    id: str
    pattern: re.Pattern[str]
    name: str = ""
    number: str | None = None
    group: bool = False
    after: tuple[str, ...] = ()
    under: str | None = None
    heading: bool = False
    text: bool = False
    group_if_followed_by: tuple[str, ...] = ()
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # era -> columns (table 二)
    mapped: bool = True  # False for local rows kept only as unmapped rows
    literal: str | None = None  # the pattern, when it is plain text (found with str.find)
    behind: str | None = None  # else the text its matches start with after a lookbehind (`behind_prefix`)


@dataclass(frozen=True)
class TableDef:
    """A table definition (gklint/data/formats): its rows, columns and how it is detected."""

    kind: str
    title: str
    short: str
    detect: tuple[str, ...]
    prefix: str
    rows: tuple[RowDef, ...]
    columns: tuple[str, ...] = ()
    column_heads: dict[str, str] = field(default_factory=dict)  # printed heads, also column names
    header_words: re.Pattern[str] | None = None
    eras: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # whether each era pattern reads only what it matches and before (see `reads_left_only`)
    eras_read_left: bool = False
    unit_column: bool = False
    value_columns: int = 1
    value_columns_from_header: tuple[tuple[re.Pattern[str], int], ...] = ()
    units: frozenset[str] = frozenset()
    money: frozenset[str] = frozenset()
    signed: frozenset[str] = frozenset()
    # Totals within a row (or a table-四 block): (total column, its part columns).
    row_sums: tuple[tuple[str, tuple[str, ...]], ...] = ()
    layout: str = "rows"  # "rows": row labels; "blocks": one unlabelled row in blocks (table 四)
    # The era a group row says by being split into sub-rows ("split") or not ("single").
    shape_eras: dict[str, str] = field(default_factory=dict)
    # The rows a complete table ends with: a table the text stops in before one of them was cut.
    last_rows: tuple[str, ...] = ()

    def sums_for(self, columns: tuple[str, ...], repeat: int = 1) -> tuple[tuple[int, tuple[int, ...]], ...]:
        """`row_sums` as column indexes into `columns` repeated `repeat` times (table 四's blocks)."""
        return _sums(self.row_sums, columns, repeat) if self.row_sums else ()

    def columns_of(self, row: RowDef) -> tuple[str | None, ...]:
        """The columns a row has cells in, in printed order: its own (table 二, every era's), else
        the table's, else one (None: the row's id is the cell's)."""
        own = tuple(dict.fromkeys(c for cols in row.columns.values() for c in cols))
        return own or self.columns or (None,)

    def cell_id(self, row: str, column: str | None = None) -> str:
        return f"{self.prefix}.{row}.{column}" if column else f"{self.prefix}.{row}"


@cache  # asked for each row of a table, with the few column lists the tables have
def _sums(
    row_sums: tuple[tuple[str, tuple[str, ...]], ...], columns: tuple[str, ...], repeat: int
) -> tuple[tuple[int, tuple[int, ...]], ...]:
    width = len(columns)
    return tuple(
        (block * width + columns.index(total), tuple(block * width + columns.index(p) for p in parts))
        for block in range(repeat)
        for total, parts in row_sums
        if total in columns and all(p in columns for p in parts)
    )


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value)


def _row(d: dict[str, Any]) -> RowDef:  # YAML data: checked by the loader's tests
    columns = d.get("columns") or {}
    assert isinstance(columns, dict)
    pattern, literal, behind = _label(str(d["match"]))
    return RowDef(
        id=str(d["id"]),
        pattern=pattern,
        literal=literal,
        behind=behind,
        name=str(d.get("name", d["id"])),
        number=str(d["number"]) if "number" in d else None,
        group=bool(d.get("group", False)),
        after=_names(d.get("after")),
        under=d.get("under"),
        heading=bool(d.get("heading", False)),
        text=bool(d.get("text", False)),
        group_if_followed_by=tuple(d.get("group_if_followed_by", ())),
        columns={era: tuple(cols) for era, cols in columns.items()},
    )


def reads_left_only(pattern: re.Pattern[str]) -> bool:
    """Whether no match of `pattern` is empty or looks past its end (no lookahead, no anchor or
    word boundary; no atomic group or possessive repeat, whose choice a longer text could change).
    Then its matches in a text cut short are those in the whole text up to the cut, as long as no
    match in the whole text runs across the cut: each attempt reads only the characters it matches
    and those before them, so one that succeeds in the cut text succeeds in the whole, and tries
    its choices in the same order."""
    tree = sre_parse.parse(pattern.pattern, pattern.flags)
    return tree.getwidth()[0] > 0 and _reads_left(tree)


# (atomic groups and possessive repeats are Python 3.11's)
_BLIND = {
    getattr(sre_parse, op, None) for op in ("AT", "GROUPREF_EXISTS", "ATOMIC_GROUP", "POSSESSIVE_REPEAT")
}


def _reads_left(tree: Any) -> bool:  # a parsed pattern (re's parser's SubPattern)
    for op, av in tree:
        if op in _BLIND:
            return False
        if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            if av[0] >= 0:  # a lookahead (a lookbehind's direction is -1)
                return False
        elif op is sre_parse.BRANCH:
            if not all(_reads_left(branch) for branch in av[1]):
                return False
        elif op is sre_parse.SUBPATTERN:
            if not _reads_left(av[3]):
                return False
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and not _reads_left(av[2]):
            return False
    return True


def behind_prefix(pattern: re.Pattern[str]) -> str | None:
    """The text every match of `pattern` starts with, when the pattern opens with a lookbehind
    (which matches no character) and then a literal; else None. re searches such a pattern by
    trying it at every place (it looks for a literal prefix only when the pattern opens with one),
    so its matches are looked for where str.find finds that text."""
    items = list(sre_parse.parse(pattern.pattern, pattern.flags))
    if pattern.flags & re.IGNORECASE or not items or not _is_lookbehind(items[0]):
        return None
    rest = list(dropwhile(_is_lookbehind, items))
    prefix = "".join(chr(av) for _, av in takewhile(lambda item: item[0] is sre_parse.LITERAL, rest))
    return prefix or None


def _is_lookbehind(item: tuple[Any, Any]) -> bool:
    op, av = item
    return op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT) and av[0] < 0


def find_spans(pattern: re.Pattern[str], prefix: str | None, text: str) -> list[tuple[int, int]]:
    """The spans of `pattern.finditer(text)`'s matches; with `prefix` (`behind_prefix`), tried only
    where that text is: no match starts anywhere else, and the match tried at a place is the one
    a search reaching that place tries (a lookbehind sees the text before the place)."""
    if prefix is None:
        return [m.span() for m in pattern.finditer(text)]
    spans = []
    at = text.find(prefix)
    while at != -1:
        m = pattern.match(text, at)
        if m is None:
            at = text.find(prefix, at + 1)
        else:
            spans.append(m.span())
            at = text.find(prefix, m.end())  # past `at`: the match holds the prefix
    return spans


def _label(source: str) -> tuple[re.Pattern[str], str | None, str | None]:
    """A row label's pattern, and how it is found faster: its text when plain (`_literal`), or
    the text after its opening lookbehind (`behind_prefix`)."""
    pattern = re.compile(source)
    return pattern, _literal(source), behind_prefix(pattern)


def _literal(pattern: str) -> str | None:
    """The pattern's text when it has no special character (re.escape leaves it as it is)."""
    return pattern if pattern and re.escape(pattern) == pattern else None


def _table(d: dict[str, Any]) -> TableDef:
    rows = [_row(r) for r in d.get("rows", d.get("blocks", []))]
    for i, source in enumerate(d.get("unmapped", [])):
        pattern, literal, behind = _label(source)
        rows.append(RowDef(id=f"unmapped{i}", pattern=pattern, mapped=False, literal=literal, behind=behind))
    header = d.get("header_words")
    eras = {k: re.compile(str(v)) for k, v in dict(d.get("eras", {})).items()}
    from_header = d.get("value_columns_from_header") or {}
    assert isinstance(from_header, dict)
    return TableDef(
        kind=str(d["kind"]),
        title=str(d["title"]),
        short=str(d.get("short", d["title"])),
        detect=tuple(d["detect"]),
        prefix=str(d["prefix"]),
        rows=tuple(rows),
        columns=tuple(d.get("columns", ())),
        column_heads=dict(d.get("column_heads", d.get("column_names", {}))),
        header_words=re.compile(str(header)) if header else None,
        eras=eras,
        eras_read_left=all(reads_left_only(p) for p in eras.values()),
        unit_column=bool(d.get("unit_column", False)),
        value_columns=int(d.get("value_columns", 1)),
        value_columns_from_header=tuple((re.compile(str(k)), int(v)) for k, v in from_header.items()),
        units=frozenset(d.get("units", ())),
        money=frozenset(d.get("money", ())),
        signed=frozenset(d.get("signed", ())),
        layout=str(d.get("layout", "rows")),
        shape_eras={str(k): str(v) for k, v in d.get("shape_eras", {}).items()},
        row_sums=tuple((str(r["total"]), tuple(r["parts"])) for r in d.get("row_sums", ())),
        last_rows=tuple(d.get("last_rows", ())),
    )


@cache
def table_defs() -> dict[str, TableDef]:
    """Every table kind, by kind name ("a", "a0", "t2", "t3", "t4")."""
    return codecache.derived("table_defs", _table_defs)


def _table_defs() -> dict[str, TableDef]:
    defs = {}
    for path in table_files():
        table = _table(load_file(path))
        defs[table.kind] = table
    return defs


@cache
def all_cell_ids() -> frozenset[str]:
    """Every canonical cell id any table can produce (shared/spec/cells.md)."""
    ids: set[str] = set()
    for table in table_defs().values():
        for row in table.rows:
            if not row.mapped or (row.group and not row.group_if_followed_by):
                continue
            ids.update(table.cell_id(row.id, c) for c in table.columns_of(row))
    return frozenset(ids)


@cache
def _cell_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for table in table_defs().values():
        for row in table.rows:
            if not row.mapped:
                continue
            names.setdefault(table.cell_id(row.id), f"{table.short}“{row.name}”")
            for col in filter(None, table.columns_of(row)):
                head = table.column_heads.get(col, col)
                names.setdefault(table.cell_id(row.id, col), f"{table.short}“{row.name}”{head}")
    return names


SCOPES = {"prev.": "cell-previous", "cum.": "cell-cumulative"}  # cross-year ids (rules/series/)


def cell_name(cell_id: str) -> str:
    """A reader's name for a cell: 表三“一、本年新收政府信息公开申请数量”自然人."""
    name = _cell_names().get(cell_id)
    if name is not None:
        return name
    for prefix, key in SCOPES.items():
        if cell_id.startswith(prefix):
            return messages.text(key, name=cell_name(cell_id[len(prefix) :]))
    return cell_id


@cache
def _column_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for table in table_defs().values():
        names.update(table.column_heads)
        if table.layout == "blocks":
            names.update({row.id: row.name for row in table.rows})
    return names


def column_name(key: str) -> str:
    """A reader's name for a column or block key used in rules ("natural" → 自然人)."""
    return _column_names().get(key, key)
