"""The report grammar: LALR, linear, sections and tables never confused, no line ever dropped."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lark import Lark

from gklint.parse import parse_text
from gklint.parse.ast import AttachmentLine, DateLine, Paragraph, Section, Table, walk
from gklint.parse.grammar import report_grammar
from tests.support import synth


def _lines_in_tree(parsed) -> list[str]:
    out: list[str] = []
    for node in walk(parsed.report.body):
        if isinstance(node, Section):
            out.append(node.heading.text)
        elif isinstance(node, (Paragraph, Table)):
            out.extend(line.text for line in node.lines)
        elif isinstance(node, (DateLine, AttachmentLine)):
            out.append(node.line.text)
    return out


def test_grammar_builds_in_strict_mode_without_conflicts() -> None:
    assert "@" not in report_grammar()
    Lark(
        report_grammar(),
        parser="lalr",
        lexer="contextual",
        strict=True,
    )


def test_table_rows_that_look_like_headings_stay_in_the_table() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n"
        "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n"
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
        "三、本年度办理结果\n"
        "(一)予以公开 3 0 0 0 0 0 3\n"
        "四、结转下年度继续办理 0 0 0 0 0 0 0\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "行政复议 行政诉讼\n"
        "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
        "五、存在的主要问题及改进情况\n"
        "人员不足。\n"
    )
    parsed = parse_text(text)
    sections = parsed.report.sections
    assert [(s.number, s.title) for s in sections] == [
        ("三", "收到和处理政府信息公开申请情况"),
        ("四", "政府信息公开行政复议、行政诉讼情况"),
        ("五", "存在的主要问题及改进情况"),
    ]
    table = sections[0].children[0]
    assert isinstance(table, Table)
    assert [line.text.split(" ")[0] for line in table.lines][-1] == "四、结转下年度继续办理"


def test_the_same_line_outside_a_table_is_a_heading() -> None:
    parsed = parse_text("一、主动公开情况\n全年主动公开信息12条。\n")
    assert [s.title for s in parsed.report.sections] == ["主动公开情况"]


def test_heading_levels_nest() -> None:
    parsed = parse_text("一、总体情况\n(一)主动公开\n1.网站\n文字。\n(二)依申请公开\n二、其他\n")
    first = parsed.report.sections[0]
    assert [c.number for c in first.children if isinstance(c, Section)] == ["(一)", "(二)"]
    sub = first.children[0]
    assert isinstance(sub, Section) and sub.children[0].number == "1"  # type: ignore[union-attr]


def test_no_line_is_ever_dropped_in_any_layout() -> None:
    for era, layouts in synth.LAYOUTS.items():
        for layout in layouts:
            year = {"A": 2017, "B": 2020, "C": 2022}[era]
            text = synth.render(
                synth.Spec(era=era, year=year, layout=layout, cells=synth.default_cells(era, 3))
            )
            parsed = parse_text(text)
            kept = _lines_in_tree(parsed)
            expected = [line for line in parsed.report.text.split("\n") if line.strip(" ")]
            assert kept == expected, (era, layout)


def test_every_node_carries_its_place() -> None:
    text = synth.render(synth.Spec(era="B", year=2020, layout="tabs", cells=synth.default_cells("B", 1)))
    parsed = parse_text(text)
    for node in walk(parsed.report.body):
        assert 0 <= node.span.start < node.span.end <= len(text) + 1


def test_parsing_stays_linear_on_long_input() -> None:
    import gc
    import time

    unit = synth.render(synth.Spec(era="C", year=2022, layout="tabs", cells=synth.default_cells("C", 2)))
    timings = []
    gc.disable()  # a collection landing in one run is noise, not the parser's growth
    try:
        for copies in (10, 40):
            text = unit * copies
            runs = []
            for _ in range(3):  # the best of three CPU times: a busy machine only ever adds time
                start = time.process_time()
                parse_text(text)
                runs.append((time.process_time() - start) / copies)
            timings.append(min(runs))
    finally:
        gc.enable()
    # per-copy cost may not grow with the input (allow noise): no quadratic blow-up
    assert timings[1] < timings[0] * 3


# NUMS before it was made linear: the lazy prefix tried every digit of a long run as the start of
# the last number, and each try ran to the end of the run.
OLD_NUMS = r"[^\n]*?[-+]?\d[\d.,%元)]*[ \t]*(?=\n)"


@settings(max_examples=500)
@given(st.lists(st.sampled_from([*"0123456789.,%元)(-+ \t年a|", "二、", "12.5%"]), max_size=20).map("".join))
@example("元5")
@example("-5 ")
@example("12年5")
@example("1.5%)年")
def test_the_linear_nums_terminal_claims_the_lines_the_old_one_claimed(line: str) -> None:
    from gklint.parse.grammar import report_parser

    nums = next(t for t in report_parser().terminals if t.name == "NUMS")
    new = re.compile(nums.pattern.to_regexp())
    text = line.replace("\n", "") + "\n"
    assert bool(new.fullmatch(text)) == bool(re.match(OLD_NUMS + r"\n$", text)), text


# Terminals as they were before their runs were made possessive (one scan of a line, not one
# from each character back); @TABLE_STARTS@ is filled in as parse/grammar.py does.
_EOL = r"\n(?:[ ]*\n)*"
BACKTRACKING = {
    "TABLE_START": r"[ \t|#]*(?:@TABLE_STARTS@)[^\n]*"
    + _EOL
    + r"|[^\n]{0,40}统计表[^\n。]{0,20}"
    + _EOL
    + r"|[^\n]*[\t|][^\n]*[\t|][^\n]*"
    + _EOL,
    "CELLS": r"[^\n]*[\t|][^\n]*" + _EOL,
    "NUMS": r"(?:[^\n]*[^\d.,%元)\n])?(?=[\d.,%元)]*\d)[\d.,%元)]*+[ \t]*+" + _EOL,
}
_TABLE_LINE_PIECES = [*"0123456789.,%元)(-+ \t\n|年a二、。", "统计表", "12.5%", "\u3000"]


@settings(max_examples=1000)
@given(
    st.sampled_from(sorted(BACKTRACKING)),
    st.lists(st.sampled_from(_TABLE_LINE_PIECES), max_size=24).map("".join),
    st.integers(0, 24),
)
def test_possessive_terminals_match_what_the_backtracking_ones_matched(name: str, text: str, at: int) -> None:
    from gklint.parse.grammar import report_parser
    from gklint.registry import table_starts

    terminal = next(t for t in report_parser().terminals if t.name == name)
    old = re.compile(BACKTRACKING[name].replace("@TABLE_STARTS@", "|".join(table_starts())))
    new = re.compile(terminal.pattern.to_regexp())
    text += "\n"
    pos = min(at, len(text))
    before, after = old.match(text, pos), new.match(text, pos)
    assert (before and before.span()) == (after and after.span()), (text, pos)
