"""GK111 on web pages: a page whose markup never closes was saved half-way, even where the cut
fell between two paragraphs; the same page closed is complete."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.read import read_bytes
from gklint.rules import builtin_rules, completeness
from gklint.rules.regex import last_character
from gklint.runner import CheckOptions, check_source

BODY = (
    "<h1>示例县人民政府2022年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
    "<p>本年度主动公开政府信息120条。</p><p>二、主动公开政府信息情况</p><p>详见下表。</p>"
    "<p>三、收到和处理政府信息公开申请情况</p><p>详见下表。</p>"
    "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>无。</p>"
    "<p>五、存在的主要问题及改进情况</p><p>人员力量不足。</p><p>六、其他需要报告的事项</p><p>无。</p>"
)


def _codes(markup: str) -> list[tuple[str, str, int | None]]:
    source = read_bytes(markup.encode("utf-8"), "r.html")
    report = check_source(source, CheckOptions(tuple(builtin_rules())))
    return [
        (f.diagnostic.code, f.diagnostic.outcome, f.start.line if f.start else None)
        for f in report.findings
        if f.diagnostic.code in ("GK103", "GK111", "GK112")
    ]


def test_a_page_saved_between_paragraphs_is_cut_where_its_text_ends() -> None:
    found = _codes(f'<html><head><meta charset="utf-8"></head><body>{BODY}<div><p>')
    assert ("GK111", "fail", 13) in found
    assert not [f for f in found if f[0] != "GK111" and f[1] == "fail"]


def test_the_same_page_closed_is_complete() -> None:
    found = _codes(f'<html><head><meta charset="utf-8"></head><body>{BODY}</body></html>')
    assert "GK111" not in [f[0] for f in found]
    assert ("GK112", "fail", 1) in found


_CHROME = [
    "附件下载",
    "分享到:",
    "分享到",
    "扫一扫在手机打开当前页",
    "相关文档",
    "【打印】",
    "打印本页",
    "关闭",
    "【 关闭窗口 】",
]
_CHROME += [
    "返回顶部",
    "收藏",
    "第 3 页 共 5 页",
    "第2页",
    " | ",
    "|",
    " ",
    "\n",
    "。",
    "日",
    "甲",
    "页",
    "印",
    ":",
    "到",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CHROME), max_size=14))
def test_page_chrome_is_searched_only_where_the_last_character_may_end_it(pieces: list[str]) -> None:
    """The end of a text without its page chrome is the same with the shortcut (a text whose
    last character ends no chrome has none) as with a search at every end."""
    text = "报告正文。" + "".join(pieces)
    evidence = completeness._evidence()
    assert evidence.trailing_last is not None
    expected = completeness._content_end(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(completeness, "_evidence", lambda: replace(evidence, trailing_last=None))
        assert completeness._content_end(text) == expected


def test_the_last_character_of_every_match_is_known_only_when_it_is() -> None:
    last = last_character("ab?|c\\s*")
    assert last is not None
    assert [c for c in "abc \n甲" if re.fullmatch(last, c)] == ["a", "b", "c", " ", "\n"]
    assert last_character("a|") is None  # may match nothing
    assert last_character("a.") is None  # any character
    assert last_character("a(?:b|[^c])") is None
