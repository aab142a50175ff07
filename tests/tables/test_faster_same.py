"""The tables layer's faster ways of doing things give what the plain ways gave (round 3, issue 15).

Each test keeps the plain way (the one the layer used before) and compares it with the layer's on
random and report-shaped input: compact text and its offsets, cells of a separated line, plain-text
labels found with str.find, parse_value's cache, the last Chinese character of a line, and an
extraction without its trace against one with it.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import replace
from itertools import accumulate, compress
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.parse import parse_text
from gklint.read import read_text
from gklint.tables import Extraction, classify, extract_cells
from gklint.tables.blanks import _empty_lines, _line_gap, _narrowest_gap, _run_before
from gklint.tables.extract import (
    _TOKEN_CHAR,
    _after_last_word,
    _block_eras,
    _digit_runs,
    _text_tokens,
    _token_matches,
)
from gklint.tables.fit import Tok, _fit_cells, _split_by_sums
from gklint.tables.labels import RowDef, TableDef, behind_prefix, find_spans, reads_left_only, table_defs
from gklint.tables.region import (
    Anchor,
    Region,
    _cells,
    _cells_holding,
    _compact_parts,
    _header_lines,
    _pieces,
    compact_joined,
    compact_text,
    find_anchors,
    make_region,
)
from gklint.tables.values import _SYNTAX, TOKEN, _parse, parse_value
from tests.support import synth
from tests.support.synth_layout_cells import CELL_LAYOUTS, write_cells

FIXTURES = Path(__file__).parent.parent / "fixtures" / "reports"
# characters of report text, with every kind of space the reader may leave (\u3000, \x1c-\x1f, \xa0)
ALPHABET = "数 \t\n|政府信息公开12０(（)）.、/—\u3000\xa0\x1c\x1f "
TEXT = st.text(alphabet=ALPHABET, max_size=80)


def _plain_compact(text: str, start: int, end: int) -> tuple[str, list[int]]:
    chars, offsets = [], []
    for m in re.finditer(r"\S+", text[start:end]):
        chars.append(m.group())
        offsets.extend(range(start + m.start(), start + m.end()))
    return "".join(chars), offsets


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(0, 5), st.integers(0, 5))
def test_compact_text_maps_every_character_as_the_plain_way(text: str, cut: int, tail: int) -> None:
    start, end = min(cut, len(text)), max(min(cut, len(text)), len(text) - tail)
    flat, offsets = compact_text(text, start, end)
    plain, where = _plain_compact(text, start, end)
    assert flat == plain
    assert [offsets[i] for i in range(len(flat))] == where


# table text whose only whitespace is spaces, tabs and newlines (compact_text's counted way), with
# now and then another kind (its part-finding way)
TABLE_TEXT = (
    st.text(alphabet="数 \t\n|12０.、", max_size=80) | st.text(alphabet="数  \n1", max_size=80) | TEXT
)


@settings(max_examples=500, deadline=None)
@given(TABLE_TEXT, st.integers(0, 5), st.integers(0, 5))
def test_compact_text_is_the_part_finding_ways(text: str, cut: int, tail: int) -> None:
    start, end = min(cut, len(text)), max(min(cut, len(text)), len(text) - tail)
    flat, offsets = compact_text(text, start, end)
    plain_flat, plain_offsets = _compact_parts(text, start, text[start:end].split())
    assert flat == plain_flat
    assert vars(offsets) == vars(plain_offsets)  # the same pieces, not only the same mapping


def _summed_sources(segment: str, start: int) -> list[int]:
    """Each part's place as round 6 first counted it: each item of a split at each space starts
    where the item before it and its space end."""
    items = segment.replace("\n", " ").replace("\t", " ").split(" ")
    return list(compress(accumulate((len(i) + 1 for i in items), initial=start), items))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["| ", " |", "\t", "\n", "\n\n", "  ", "数据1", "0", "713"]), max_size=40))
def test_a_parts_place_is_its_compact_offset_and_its_items_index(pieces: list[str]) -> None:
    text = "前" + "".join(pieces)
    flat, offsets = compact_text(text, 1, len(text))
    if len(text) - 1 - len(flat) < 2 * len(text[1:].split()):  # (the counted way's text)
        assert offsets._sources == _summed_sources(text[1:], 1)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(0, 5), st.integers(0, 5))
def test_a_compact_span_is_where_its_first_and_last_characters_are(text: str, cut: int, tail: int) -> None:
    start, end = min(cut, len(text)), max(min(cut, len(text)), len(text) - tail)
    flat, offsets = compact_text(text, start, end)
    for a in range(len(flat)):
        for b in range(a + 1, len(flat) + 1):
            assert offsets.span(a, b) == (offsets[a], offsets[b - 1] + 1)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789 ", max_size=40), st.integers(0, 100))
def test_digit_runs_are_what_the_token_pattern_finds(segment: str, begin: int) -> None:
    assert _digit_runs(segment, begin) == _token_matches(segment, begin)


def _plain_run_before(text: str, at: int, floor: int) -> int:
    i = at
    while i > floor and text[i - 1] == " ":
        i -= 1
    return at - i


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="数1  \t", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_a_run_of_spaces_is_counted_as_by_walking_back(text: str, a: int, b: int) -> None:
    floor, at = min(a, b, len(text)), min(max(a, b), len(text))
    assert _run_before(text, at, floor) == _plain_run_before(text, at, floor)


REGION_LINE = st.sampled_from(
    ["", " ", "  ", "\t", "条 158", "增 4  5", "1  2 3", "— 7", " 8 (其中 3)", "数量   12 1"]
)


def _plain_space_gap(region: Region) -> int | None:
    segments = (region.text[line.start : line.end] for line in region.lines if not line.explicit)
    runs = [
        _plain_run_before(segment, m.start(), 0)
        for segment in segments
        if " " in segment
        for m in TOKEN.finditer(segment)
        if not m.group("placeholder")
    ]
    inner = [r for r in runs if r]
    return min(inner) if inner else None


def _plain_line_gap(region: Region) -> int:
    counts = Counter(
        len(_empty_lines(region.text, a.end, b.start))
        for a, b in zip(region.lines, region.lines[1:], strict=False)
    )
    return counts.most_common(1)[0][0] if counts else 0


@settings(max_examples=300, deadline=None)
@given(st.lists(REGION_LINE, min_size=1, max_size=12), st.sampled_from(["", "序言\n"]))
def test_a_regions_gaps_are_measured_as_over_every_line(lines: list[str], before: str) -> None:
    text = before + "\n".join(lines) + "\n结尾"
    region = make_region(text, len(before), len(text) - 2)
    if region.lines:
        assert _narrowest_gap(region) == _plain_space_gap(region)
        assert _line_gap(region) == _plain_line_gap(region)


def _plain_cells(line: str, start: int) -> list[tuple[str, int, int, bool, bool]]:
    """Each cell's text stripped, at the cell's place, as a separated value candidate."""
    pieces, at = [], 0
    for m in re.finditer(r"[\t|]", line):
        pieces.append((line[at : m.start()].strip(), start + at, start + m.start(), True, False))
        at = m.end()
    pieces.append((line[at:].strip(), start + at, start + len(line), True, False))
    return pieces


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="数1 \t|\u3000", max_size=40), st.integers(0, 100))
def test_cells_of_a_line_are_split_as_by_the_separator_pattern(line: str, start: int) -> None:
    assert [tuple(p) for p in _cells(line, start)] == _plain_cells(line, start)


def _plain_pieces(line: str, stripped: str, start: int) -> tuple[Tok, ...]:
    """The cells of the whole line, less the empty one before an opening pipe and after a closing one."""
    pieces = _cells(line, start)
    if stripped.startswith("|") and not pieces[0].text:
        pieces = pieces[1:]
    if stripped.endswith("|") and pieces and not pieces[-1].text:
        pieces = pieces[:-1]
    return tuple(pieces)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="数1 \t|\u3000", max_size=40), st.integers(0, 100))
def test_a_lines_cells_leave_out_its_edge_pipes_as_cut_from_all_its_cells(line: str, start: int) -> None:
    for text in (line, f"| {line} |", f"  |{line}|  ", f"|{line}"):
        if "\t" in text or "|" in text:  # (make_region asks only of such lines)
            stripped = text.strip(" ")
            assert _pieces(text, stripped, start) == _plain_pieces(text, stripped, start)


LITERALS = sorted({r.literal for t in table_defs().values() for r in t.rows if r.literal})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*LITERALS[:12], "数", "情况", "1"]), max_size=12), st.sampled_from(LITERALS))
def test_a_plain_text_label_is_found_where_its_pattern_is(words: list[str], label: str) -> None:
    flat = "".join(words) + label + label  # a label twice in a row: non-overlapping places
    found, at = [], flat.find(label)
    while at != -1:
        found.append((at, at + len(label)))
        at = flat.find(label, at + len(label))
    assert found == [m.span() for m in re.finditer(label, flat)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 ,.-+()增减件条万元/—无", max_size=20))
def test_parse_value_cached_is_parse_value(text: str) -> None:
    assert parse_value(text) == _parse(text)
    assert parse_value(text) == _parse(text)  # the second time from the cache


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="数据12 a.一\u9fff\u4e00\u3400", max_size=30), st.integers(0, 5))
def test_after_last_word_is_the_end_of_the_last_chinese_character(text: str, cut: int) -> None:
    start = min(cut, len(text))
    plain = max((start + m.end() for m in re.finditer(r"[\u4e00-\u9fff]", text[start:])), default=start)
    assert _after_last_word(text, start, len(text)) == plain


def _without_trace(e: Extraction) -> Extraction:
    return replace(e, tables=tuple(replace(t, trace=[], traced=False) for t in e.tables))


def _same_with_and_without_trace(text: str) -> None:
    parsed = parse_text(read_text(text).text)
    traced, plain = extract_cells(parsed, trace=True), extract_cells(parsed)
    assert all(not t.trace for t in plain.tables)
    assert _without_trace(traced) == plain


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
def test_a_fixture_is_read_the_same_without_its_trace(path: Path) -> None:
    _same_with_and_without_trace(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("layout", CELL_LAYOUTS)
def test_a_table_with_blank_cells_is_read_the_same_without_its_trace(layout: str) -> None:
    """The blank cells a layout shows are looked for only when a row lacks cells, or for a trace."""
    for seed in range(6):
        rng = random.Random(seed)
        era = "ABC"[seed % 3]
        cells = synth.default_cells(era, seed)
        for cid in rng.sample(sorted(c for c, v in cells.items() if v is not None), 1 + seed):
            cells[cid] = None
        doc = synth.build_document(
            synth.Spec(era=era, year={"A": 2016, "B": 2019, "C": 2022}[era], cells=cells)
        )
        text = write_cells(doc, layout, rng.choice((2, 3, 4)))
        _same_with_and_without_trace(text)
        _same_with_and_without_trace(text[: rng.randrange(len(text))])  # cut anywhere


def _splits(text: str, width: int) -> list[list[str]]:
    """Every cut of a digit run into `width` numbers without a leading zero (the plain way)."""
    if width == 0:
        return [[]] if not text else []
    return [
        [text[:j], *rest]
        for j in range(1, min(len(text), 12) + 1)
        if j == 1 or text[0] != "0"
        for rest in _splits(text[j:], width - 1)
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123", min_size=1, max_size=11), st.integers(2, 6))
def test_a_digit_run_split_by_its_total_is_the_one_split_that_adds_up(run: str, width: int) -> None:
    sums = ((width - 1, tuple(range(width - 1))),)  # the last cell is the total of the others
    fitting = [s for s in _splits(run, width) if int(s[-1]) == sum(int(x) for x in s[:-1])]
    got = _split_by_sums([Tok(run, 0, len(run), False)], width, sums)
    assert (got and [t.text for t in got]) == (fitting[0] if len(fitting) == 1 else None)


def _plain_fit_windows(cells: list[Tok], width: int) -> list[list[Tok]]:
    blank = [not c.text.strip() for c in cells]
    return [
        cells[s : s + width]
        for s in range(len(cells) - width + 1)
        if all(blank[:s]) and all(blank[s + width :])
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "\u3000", "5", "12", "无"]), max_size=14), st.integers(1, 6))
def test_fit_cells_takes_the_windows_the_plain_way_takes(texts: list[str], width: int) -> None:
    cells = [Tok(t, i * 3, i * 3 + len(t), True) for i, t in enumerate(texts)]
    windows = _plain_fit_windows(cells, width)
    if len(cells) < width or not windows:
        assert _fit_cells(cells, width) is None
        return
    first = [c.text.strip() for c in windows[0]]
    same = all([c.text.strip() for c in w] == first for w in windows[1:])
    assert _fit_cells(cells, width) == (windows[0] if same else None)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="数增减加少 \t/—-－+.(（)）万元%0159０٣年月日", max_size=30))
def test_a_segment_without_a_digit_or_placeholder_character_holds_no_token(segment: str) -> None:
    if not _TOKEN_CHAR.search(segment):
        assert TOKEN.search(segment) is None
        assert _text_tokens(segment, 0, len(segment)) == []


def _plain_classify(flat: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for order, definition in enumerate(table_defs().values()):
        score = sum(map(flat.__contains__, definition.detect))
        if score and (best is None or (score, -order) > (best[0], best[1])):
            best = (score, -order, definition.kind)
    return best[2] if best else None


_DETECT = sorted({w for d in table_defs().values() for w in d.detect})


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*_DETECT, "数", "表", "12"]), max_size=14))
def test_a_table_is_classified_as_by_counting_every_kinds_words(words: list[str]) -> None:
    flat = "".join(words)
    assert classify(flat) == _plain_classify(flat)


def test_every_placeholder_is_spotted_by_the_characters_a_token_needs() -> None:
    # the placeholders are data (values.yaml): one made of other characters would be missed
    for alternative in _SYNTAX["token_placeholder"].split("|"):
        placeholder = alternative[0]
        assert TOKEN.search(f" {placeholder} ") is not None
        assert _TOKEN_CHAR.search(placeholder) is not None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab表 \n\t\u3000|1", max_size=40), st.data())
def test_a_joined_tables_compact_text_is_the_whole_spans(text: str, data: st.DataObject) -> None:
    # two tables the grammar cut apart are joined: their compact texts and the text between them
    # put together are what compacting the joined span gives (anew when a join cuts a word)
    a, b, c, d = sorted(data.draw(st.lists(st.integers(0, len(text)), min_size=4, max_size=4)))
    joined = compact_joined(text, (a, b, compact_text(text, a, b)), (c, d, compact_text(text, c, d)))
    whole = compact_text(text, a, d)
    assert joined[0] == whole[0]
    assert vars(joined[1]) == vars(whole[1])


# pieces of table 二's text: its era headers, parts of them, row labels, separators
_T2_PIECES = [
    *(w for p in table_defs()["t2"].eras.values() for w in p.pattern.split("|")),
    "本年增/减", "本年增减", "本年处理决定数量", "处理决定", "本年", "数量", "/", "减", "规章", "行政许可", "\t", "\n", " ", "0",
]  # fmt: skip


def _plain_block_eras(region: Region, table: TableDef, anchors: list[Anchor]) -> dict[int, str | None]:
    eras: dict[int, str | None] = {}
    for anchor in anchors:
        above = region.text[region.start : anchor.start]
        best: tuple[int, str] | None = None
        for era, pattern in table.eras.items():
            for m in pattern.finditer(above):
                if best is None or m.start() > best[0]:
                    best = (m.start(), era)
        eras[anchor.start] = best[1] if best else None
    return eras


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_T2_PIECES), min_size=1, max_size=30), st.data())
def test_table_2s_eras_are_as_searched_above_each_row(pieces: list[str], data: st.DataObject) -> None:
    text = "头\n" + "".join(pieces) + "\n尾"
    region = make_region(text, 2, len(text) - 2)
    if not region.lines:
        return
    starts = sorted(set(data.draw(st.lists(st.integers(region.start, region.end), min_size=1, max_size=8))))
    row = table_defs()["t2"].rows[0]
    anchors = [Anchor(row, s, s, region.line_index(s), s) for s in starts]
    t2 = table_defs()["t2"]
    lookahead = {"B": re.compile("本年(?!新)"), "C": re.compile("数量")}
    # a match cut by a row's start hides another that a search above the row finds ("处理决定")
    hiding = {"B": re.compile("本年处理决定数量|处理决定"), "C": re.compile("本年增/?减|增")}
    for table in (t2, replace(t2, eras=lookahead, eras_read_left=False), replace(t2, eras=hiding)):
        assert _block_eras(region, table, anchors) == _plain_block_eras(region, table, anchors)


@pytest.mark.parametrize(
    ("pattern", "left"),
    [("ab|cd", True), ("(?<!x)ab", True), (r"(?:ab)+c?\d*", True), ("a(?!b)", False), ("a(?=b)", False),
     (r"a\b", False), ("a$", False), ("a*", False), ("(?:a|)", False), ("(?>ab)", False), ("a++", False)],
)  # fmt: skip
def test_a_pattern_reads_left_only_without_lookahead_anchors_or_empty_matches(
    pattern: str, left: bool
) -> None:
    assert reads_left_only(re.compile(pattern)) is left


_BEHIND = [r for t in table_defs().values() for r in t.rows if r.behind]


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(_BEHIND),
    st.lists(st.sampled_from(["其他", "他", "1.", "、", "处理", "法律", "不", "部分", "3"]), max_size=14),
)
def test_a_label_opening_with_a_lookbehind_is_found_where_finditer_finds_it(
    row: RowDef, words: list[str]
) -> None:
    # the row's own label among pieces of it and of what its lookarounds look for
    pieces = [*words, row.pattern.pattern.split(")")[-1][:6], row.behind or ""]
    text = "".join(random.Random(len(words)).sample(pieces, len(pieces)) * 2)
    assert find_spans(row.pattern, row.behind, text) == [m.span() for m in row.pattern.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "prefix"),
    [(r"(?<=\d[.、])其他(?!处理)", "其他"), ("(?<!不)(?<!a)同意公开", "同意公开"), ("其他处理", None),
     ("(?<!a)(?:b|c)", None), ("(?<!a)b+", None), ("(?<!a)bc+", "b"), ("(?i)(?<!a)b", None), ("(?=a)b", None)],
)  # fmt: skip
def test_the_text_after_a_lookbehind_is_what_every_match_starts_with(
    pattern: str, prefix: str | None
) -> None:
    assert behind_prefix(re.compile(pattern)) == prefix


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab \t|", max_size=30), st.lists(st.integers(0, 40), max_size=5), st.integers(0, 9))
def test_the_cells_holding_offsets_are_those_whose_span_holds_one(
    line: str, offsets: list[int], at: int
) -> None:
    pieces = tuple(_cells(line, at))
    held = {n for n, p in enumerate(pieces) if any(p.start <= k < p.end for k in offsets)}
    assert _cells_holding(pieces, offsets) == held


def _plain_header_lines(region: Region, table: TableDef, anchors: list[Anchor]) -> set[int]:
    """_header_lines as round 6 first had it: every separated line with a label grouped, then a
    number looked for in its cells (before the line's count of labels and header words)."""
    by_line: dict[int, list[Anchor]] = {}
    for a in anchors:
        if region.lines[a.line].explicit:
            by_line.setdefault(a.line, []).append(a)
    headers = set()
    for index, found in by_line.items():
        line = region.lines[index]
        if len(found) < 2 and not table.header_words:
            continue
        if any(p.text and parse_value(p.text).is_number for p in reversed(line.pieces)):
            continue
        words = sum(1 for a in found if not (a.row.group or a.row.group_if_followed_by))
        if words < 2 and table.header_words:
            held = _cells_holding(line.pieces, [a.key for a in found])
            words += sum(
                1 for n, p in enumerate(line.pieces) if n not in held and table.header_words.search(p.text)
            )
        if words >= 2:
            headers.add(index)
    return headers


_T3_CELLS = [
    "类别",
    "数据1",
    "总计",
    "予以公开",
    "部分公开",
    "本年新收",
    "自然人",
    "0",
    "713",
    "",
    " ",
    "无",
    "增 4",
    "-",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_T3_CELLS), min_size=1, max_size=6), min_size=1, max_size=8),
    st.sampled_from([" | ", "\t"]),
    st.sampled_from(["t2", "t3"]),
)
def test_header_lines_are_those_the_plain_way_finds(rows: list[list[str]], sep: str, kind: str) -> None:
    table = table_defs()[kind]
    text = "表\n" + "\n".join(("| " if sep == " | " else "") + sep.join(r) for r in rows) + "\n"
    region = make_region(text, 2, len(text))
    dropped: list[Anchor] = []
    anchors = find_anchors(region, table, None, dropped)
    every = sorted([*anchors, *dropped], key=lambda a: a.start)
    assert _header_lines(region, table, every) == _plain_header_lines(region, table, every)
