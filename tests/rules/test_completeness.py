"""GK111 on web pages: a page whose markup never closes was saved half-way, even where the cut
fell between two paragraphs; the same page closed is complete."""

from __future__ import annotations

from gklint.read import read_bytes
from gklint.rules import builtin_rules
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
