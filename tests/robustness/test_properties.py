"""Property-based tests: bad input never crashes gklint, hangs it, or points outside the file.

Bounded for CI (a few seconds each). A longer run:
    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/robustness -q
(and bench/fuzz.py for a coverage-guided fuzzer).
"""

from __future__ import annotations

import os
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gklint.errors import InputError
from gklint.parse import parse_text
from gklint.parse.ast import Paragraph, Section, Table, walk
from gklint.read import read_bytes, read_text
from gklint.rules import RuleContext, builtin_rules
from gklint.rules.views import prose
from gklint.runner import CheckOptions, check_source
from tests.support import synth

settings.register_profile("ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
# Whole generated reports are slower to check than the short random texts: fewer of them in CI.
MUTATED_EXAMPLES = 30 if PROFILE == "ci" else 1000

OPTIONS = CheckOptions(tuple(builtin_rules()))
TIME_BOUND = 10.0  # seconds for one report of these sizes; a hang or quadratic blow-up fails
PIECES = [
    "一、",
    "二、总体情况",
    "(一)",
    "（二）",
    "1.",
    "一是",
    "三、本年度办理结果",
    "四、结转下年度继续办理",
    "第二十条第(一)项",
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
    "本年新收",
    "予以公开",
    "总计",
    "行政复议",
    "行政诉讼",
    "统计指标",
    "单位",
    "统计数",
    "条",
    "——",
    "/",
    "增 4",
    "减 5",
    "\t",
    "|",
    " ",
    "\n",
    "\r\n",
    "0",
    "7",
    "12",
    "-18",
    "9(县级)",
    "251000元",
    "2022年1月1日至12月31日",
    "2023年1月20日",
    "附件:",
    "统计表",
    "年度报告",
    "政",
    "府",
    "公",
    "开",
    "。",
    "，",
    "(",
    ")",
    "《",
    "》",
    "\u3000",
    "\u00a0",
    "\ufeff",
    "\x0c",
    "１２",
    "﹝2019﹞",
    "- 3 -",
    "#",
    "**",
    "<script>",
    "\ufffd",
]
text_pieces = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=300).map("".join)


def _assert_findings_inside(source, report) -> None:
    lines = source.posmap.line_count
    for f in report.findings:
        assert f.diagnostic.outcome != "internal", f.diagnostic.message
        for pos in (f.start, f.end):
            if pos is not None:
                assert 1 <= pos.line <= lines
                assert 1 <= pos.column <= len(source.posmap.line_text(pos.line)) + 1
        for cell in f.cells:
            if cell.start is not None:
                assert 1 <= cell.start.line <= lines


def _check(text: str) -> None:
    source = read_text(text, "p.txt")
    # CPU time of this process, not wall time: on a shared CI machine (2 cores, many jobs) the wall
    # clock measures the neighbours; a quadratic reader still needs the CPU and fails the bound
    start = time.process_time()
    report = check_source(source, OPTIONS)
    assert time.process_time() - start < TIME_BOUND
    _assert_findings_inside(source, report)


@given(st.binary(max_size=4000))
def test_random_bytes_are_read_or_refused(data: bytes) -> None:
    try:
        source = read_bytes(data, "x.txt")
    except InputError as e:
        assert e.path == "x.txt" and e.message
        return
    for offset in range(0, len(source.text), 97):
        pos = source.posmap.position(offset)
        assert 1 <= pos.line <= source.posmap.line_count


@given(text_pieces)
def test_random_report_like_text_is_checked_without_crashing(text: str) -> None:
    _check(text)


@given(text_pieces)
def test_no_line_is_dropped_by_the_grammar(text: str) -> None:
    parsed = parse_text(read_text(text).text)
    kept = 0
    for node in walk(parsed.report.body):
        if isinstance(node, Section):
            kept += 1
        elif isinstance(node, (Paragraph, Table)):
            kept += len(node.lines)
        else:
            kept += 1
    assert kept == sum(1 for line in parsed.report.text.split("\n") if line.strip(" "))


@given(text_pieces)
def test_prose_offsets_increase(text: str) -> None:
    """Each character of the prose lies after the one before it in the source: the parts kind
    finds where the first section starts in the prose by bisection."""
    parsed = parse_text(read_text(text).text)
    offsets = prose(RuleContext(cells={}, era="C", era_source="", year=None, report=parsed.report))[1]
    assert all(a < b for a, b in zip(offsets, offsets[1:], strict=False))


@given(text_pieces)
def test_prose_offsets_are_each_characters_place(text: str) -> None:
    """The prose's offsets, kept a piece a line and looked up by bisection, are those of one list
    of an offset a character: each line's characters, then its paragraph's end."""
    report = parse_text(read_text(text).text).report
    joined, offsets = prose(RuleContext(cells={}, era="C", era_source="", year=None, report=report))
    plain: list[int] = []
    for node in walk(report.body):
        if isinstance(node, Section | Paragraph):
            lines = [node.heading] if isinstance(node, Section) else list(node.lines)
            for line in lines:
                start = line.span.start + len(line.text) - len(line.text.lstrip())
                plain += range(start, start + len(line.text.strip()))
            plain.append(lines[-1].span.end)
    assert len(offsets) == len(plain) == len(joined)
    assert list(offsets) == plain
    assert offsets[-1:] == plain[-1:] and offsets[::7] == plain[::7]
    assert all(report.text[at] == c for at, c in zip(offsets, joined, strict=True) if c != "\n")
    with pytest.raises(IndexError):
        offsets[len(plain)]


CASES = [(era, layout) for era, layouts in synth.LAYOUTS.items() for layout in layouts]


@given(st.sampled_from(CASES), st.integers(0, 10_000), st.data())
@settings(max_examples=MUTATED_EXAMPLES)
def test_mutated_reports_never_crash(case, seed: int, data) -> None:
    era, layout = case
    text = synth.render(
        synth.Spec(
            era=era,
            year={"A": 2017, "B": 2020, "C": 2022}[era],
            layout=layout,
            cells=synth.default_cells(era, seed),
        )
    )
    rng = random.Random(seed)
    lines = text.split("\n")
    mutation = data.draw(st.sampled_from(["cut", "shuffle", "delete", "duplicate", "huge", "text", "splice"]))
    if mutation == "cut":
        text = text[: rng.randrange(len(text) + 1)]
    elif mutation == "shuffle":
        rng.shuffle(lines)
        text = "\n".join(lines)
    elif mutation == "delete":
        text = "\n".join(line for line in lines if rng.random() > 0.2)
    elif mutation == "duplicate":
        text = "\n".join(x for line in lines for x in ([line, line] if rng.random() < 0.2 else [line]))
    elif mutation == "huge":
        text = "".join(str(10**40) if c.isdigit() and rng.random() < 0.1 else c for c in text)
    elif mutation == "text":
        text = "".join("无" if c.isdigit() and rng.random() < 0.1 else c for c in text)
    else:
        cut = rng.randrange(len(text) + 1)
        text = text[:cut] + data.draw(text_pieces) + text[cut:]
    _check(text)


def test_seeds_cut_at_random_points(tmp_path) -> None:
    from tests.conftest import shared_reports

    reports = shared_reports()[:10]
    rng = random.Random(7)
    for path in reports:
        raw = path.read_text(encoding="utf-8")
        for _ in range(5):
            _check(raw[: rng.randrange(len(raw) + 1)])


def test_pathological_lines_stay_fast() -> None:
    t3 = "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n一、本年新收政府信息公开申请数量"
    for text in (
        "a" * 1_000_000,
        "政" * 1_000_000,
        t3 + "1" * 100_000,
        t3 + " 1" * 50_000,
        "(" * 100_000,
        "一、\n(一)\n1.\n(1)\n一是\n" * 20_000,
    ):
        _check(text)
