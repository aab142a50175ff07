"""The faster normalisation finds exactly what the plain one did.

The patterns of gklint/data/normalize.yaml were rewritten to start with a character they consume
(a leading lookbehind made `re` try it at every character), edits got `needs`, folding replaces
the few characters present instead of translating every one, and the lines to segment are found
by searching the whole text. Each is checked here against the old way on random text built from
the characters that matter to the patterns, and on the real-shaped fixtures.
"""

from __future__ import annotations

import re
from functools import cache

from hypothesis import example, given
from hypothesis import strategies as st

from gklint.read.normalize import (
    CJK,
    _fold,
    _line_breaks,
    _rules,
    _Search,
    _segment_edits,
    fold_table,
    normalize,
    simplified,
)
from gklint.read.posmap import PositionMap
from gklint.resources import data_path
from gklint.yamlfile import load_file
from tests.conftest import FIXTURES

# The patterns as they were before the rewrite (main 6834fc3).
OLD_EDITS = {
    "pinyin-annotation": r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,6}\)",
    "spaced-numbering": r"(?= )(?:(?<=(?<![\d.,])\d)|(?<=(?<![\d.,])\d\d)) +(?=[.、] *[{cjk}])|(?= )"
    r"(?:(?<=(?<![\d.,])\d[.、])|(?<=(?<![\d.,])\d [.、])|(?<=(?<![\d.,])\d  [.、])|(?<=(?<![\d.,])\d\d[.、])"
    r"|(?<=(?<![\d.,])\d\d [.、])|(?<=(?<![\d.,])\d\d  [.、])) +(?=[{cjk}])",
    "spaced-label": r"(?<=[{cjk}]) {1,2}(?=[{cjk}])",
    "tab-run": r"(?:\t[ \u3000]*+){50,}+",  # (main 5cd3da7; now starting with the tab re finds fast)
}
OLD_HEADING = r'(?<=[。;:!?\s\d”"）)])[一二三四五六七八九十]{1,2}、'
OLD_ANCHORS = [
    r"(?<![\n一二三四五六七八九十、])[一二三四五六七八九十]{1,2}、(?![一二三四五六七八九十])",
    r"(?<![\n第])\([一二三四五六七八九十]{1,2}\)",
    r"(?<!\n)第二十条第",
    r"(?<!\n)(?:附件|附表)\d*[:：]",
    r"(?<!\n)(?:指标名称|统计指标)",
    r"(?<!\n)\(本列数据的勾稽关系",
    r"(?<!\n)行政复议 ?行政诉讼",
    r"(?<=\s)(?:二[○〇0零O]|20)\S{2}年\S{1,3}月\S{1,3}日( )",
    r"(?<=\s)((?:二[○〇0零O]|20)\S{2}年\S{1,3}月\S{1,3}日)",
    r"(?<=[\u4e00-\u9fff。;:!?”\"）)])( {2,})(?=[\u4e00-\u9fff(（])",
    r"(?<=\|)( {2,})(?=[^\s|])",
]

PIECES = [
    *'0123456789.,、 \t|()（）:：;。!?”"#*-—–页第共/\u3000\u00a0',
    *"一二三四五六七八九十是○〇零O年月日附件表名称统计指标政府信息公开自然人",
    *"jùéa㈠㈢\u200b國體，",
    "第二十条第",
    "本列数据的勾稽关系",
    "行政复议 行政诉讼",
    "指标名称",
    "2020年3月1日",
    "二〇二一年一月十日",
    "年度报告",
    "  ",
    "|---|---|",
    "## ",
    "- 4 -",
    "第 3 页 共 7 页",
    "1 . ",
    "12 、 ",
    "\U00020000",
]
text_st = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
line_st = text_st.map(lambda t: t.replace("\n", ""))
texts_st = st.lists(st.sampled_from([*PIECES, "\n", "\n\n", "\t" * 24]), max_size=80).map("".join)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, int | None]]:
    return [(m.start(), m.end(), m.start(1) if m.re.groups else None) for m in pattern.finditer(text)]


def _real_texts() -> list[str]:
    return [
        _fold(p.read_text(encoding="utf-8"), _rules()) for p in sorted((FIXTURES / "reports").glob("*.txt"))
    ]


def _edit(name: str) -> _Search:
    rules = _rules()
    names = [e["name"] for e in _edit_entries()]
    return rules.edits[names.index(name)].search


def _edit_entries() -> list[dict[str, str]]:
    from gklint.resources import data_path
    from gklint.yamlfile import load_file

    return list(load_file(data_path("normalize.yaml"))["edits"])


@given(texts_st)
def test_rewritten_edits_match_what_the_old_patterns_matched(text: str) -> None:
    for name, old in OLD_EDITS.items():
        before = re.compile(old.replace("{cjk}", CJK), re.M)
        assert _spans(_edit(name).pattern, text) == _spans(before, text), name


@given(line_st)
@example("。二十、年 三、二十一、 5十、")  # headings of one and two numerals; three are none
def test_rewritten_segment_patterns_match_what_the_old_ones_matched_in_a_line(line: str) -> None:
    rules = _rules()
    # the heading pattern is only counted: it matches the 、 of what the old one matched
    assert [m.end() for m in rules.segment_heading.finditer(line)] == [
        m.end() for m in re.finditer(OLD_HEADING, line)
    ]
    for new, old in zip(rules.segment_anchors, OLD_ANCHORS, strict=True):
        assert _spans(new, line) == _spans(re.compile(old), line), old


def test_the_rewritten_patterns_agree_on_real_reports() -> None:
    rules = _rules()
    for text in _real_texts():
        for name, old in OLD_EDITS.items():
            assert _spans(_edit(name).pattern, text) == _spans(
                re.compile(old.replace("{cjk}", CJK), re.M), text
            )
        for line in text.split("\n"):
            for new, old in zip(rules.segment_anchors, OLD_ANCHORS, strict=True):
                assert _spans(new, line) == _spans(re.compile(old), line)


@given(texts_st)
def test_every_match_of_an_edit_holds_one_of_its_needs(text: str) -> None:
    for rule in _rules().edits:
        if rule.needs:
            for _, _, match in rule.search.matches(text):
                assert any(needle in match for needle in rule.needs), (rule.search.pattern.pattern, match)


@given(texts_st)
def test_line_start_search_finds_what_finditer_finds(text: str) -> None:
    for rule in _rules().edits:
        search = rule.search
        expected = [(m.start(), m.end(), m.group()) for m in search.pattern.finditer(text)]
        assert list(search.matches(text)) == expected, search.pattern.pattern


@cache
def _translate_table() -> dict[int, str]:
    """The fold table as it was built and kept whole (main 8b53ef1): full-width forms, then
    normalize.yaml's `fold`, then t2s.txt, each overriding the one before."""
    table = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    table.update({ord(k): v for k, v in load_file(data_path("normalize.yaml"))["fold"].items()})
    for line in data_path("t2s.txt").read_text(encoding="utf-8").splitlines():
        if len(line) == 2 and not line.startswith("#"):
            table[ord(line[0])] = line[1]
    return table


_FOLDING = sorted(chr(c) for c, folded in _translate_table().items() if chr(c) != folded)


@given(st.lists(st.sampled_from([*PIECES, "\n"]), max_size=80).map("".join))
def test_fold_is_the_translate_table(text: str) -> None:
    assert _fold(text, _rules()) == text.translate(_translate_table())


@given(st.text(st.sampled_from([*_FOLDING[::97], "\U00020000", "\U0002f800", "a"])))
def test_fold_of_any_mix_of_folding_characters_is_the_translate_table(text: str) -> None:
    assert _fold(text, _rules()) == text.translate(_translate_table())


def test_fold_with_many_distinct_characters_is_the_translate_table() -> None:
    text = "".join(_FOLDING[:200]) * 3 + "，。"
    assert _fold(text, _rules()) == text.translate(_translate_table())


def test_each_folding_character_folds_as_the_table_says() -> None:
    text = "".join(_FOLDING)
    assert "".join(_fold(c, _rules()) for c in text) == text.translate(_translate_table())
    assert text.translate(fold_table()) == text.translate(_translate_table())
    assert simplified("機關") == "机关"


def _old_segment_edits(text: str) -> list[tuple[int, int, str, int]]:
    """The line-by-line loop the whole-text search replaced."""
    rules = _rules()
    out: list[tuple[int, int, str, int]] = []
    start = 0
    for line in text.split("\n"):
        headings = len(rules.segment_heading.findall(line))
        if (len(line) >= rules.segment_min_length and headings >= rules.segment_min_headings) or (
            rules.heading_with_table.match(line)
        ):
            out.extend(_line_breaks(text, start, line, rules))
        start += len(line) + 1
    return out


@given(
    st.lists(
        st.sampled_from([*PIECES, "\n", "本报告根据条例编制。" * 8, "  三、主动公开 | 1 | 2 |"]), max_size=80
    )
)
def test_segmentation_cuts_the_lines_the_line_by_line_loop_cut(pieces: list[str]) -> None:
    text = _fold("".join(pieces), _rules())
    line_starts = PositionMap(text).line_starts
    assert list(_segment_edits(text, line_starts, _rules())) == _old_segment_edits(text)


def test_a_flattened_report_is_still_cut() -> None:
    prose = "本报告根据条例编制。" * 40
    text, _ = normalize(f"{prose}一、总体情况。二、主动公开 第二十条第(一)项")
    assert text.split("\n")[1:] == ["一、总体情况。", "二、主动公开", "第二十条第(一)项"]


def _old_line_starts(source: str) -> list[int]:
    """PositionMap's line starts as they were found: one `find` a line."""
    starts = [0]
    at = source.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = source.find("\n", at + 1)
    return starts


@given(st.text(alphabet="\na 一\r\t", max_size=60))
def test_line_starts_from_the_line_lengths_are_those_found_line_by_line(source: str) -> None:
    assert PositionMap(source).line_starts == _old_line_starts(source)
