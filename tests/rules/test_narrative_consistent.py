"""A synthetic report whose prose restates its tables in many common phrasings, every number
right: no narrative rule (GK5xx) may say anything, in any layout (false alarms are bugs)."""

from __future__ import annotations

import pickle

import pytest

from gklint.read import read_text
from gklint.rules import RuleContext, builtin_rules, run_rules
from gklint.runner import analyze_source
from tests.support import synth


def _total(cells: dict, prefix: str) -> int:
    return sum(int(v) for k, v in cells.items() if k.startswith(prefix) and k.endswith(".total"))


def _prose(c: dict) -> dict[str, str]:
    t = {k: int(v) for k, v in c.items() if k.startswith(("t3.", "t4.")) and k.endswith(".total")}
    web, weibo, wechat = 310, 125, 65
    active = web + weibo + wechat
    review = [int(c[f"t4.review.{x}"]) for x in ("upheld", "corrected", "other", "pending")]
    results = (
        f"予以公开{t['t3.result.granted.total']}件，部分公开{t['t3.result.partial.total']}件，"
        f"不予公开{_total(c, 't3.result.refused.')}件，无法提供{_total(c, 't3.result.unable.')}件，"
        f"不予处理{_total(c, 't3.result.not_processed.')}件，其他处理{_total(c, 't3.result.other.')}件"
    )
    return {
        "一": (
            f"全年共主动公开政府信息{active}条，其中政府网站{web}条（占{web * 100 / active:.1f}%）、"
            f"政务微博{weibo}条、政务微信{wechat}条。依据《条例》第20条和国办公开办函〔2021〕30号，"
            f"本机关于2023年1月20日前发布本报告，咨询电话0591-12345678，10个工作日内答复。"
            f"全年举办培训6次：一是面向机关干部2次；二是面向乡镇4次。"
        ),
        "二": (
            f"全年制发行政规范性文件{c['t2.normative.issued']}件，废止{c['t2.normative.repealed']}件，"
            f"现行有效行政规范性文件{c['t2.normative.in_force']}件。全年作出行政许可决定"
            f"{c['t2.license.decisions']}件，行政处罚决定{c['t2.penalty.decisions']}件，"
            f"行政事业性收费金额为{c['t2.fees.amount']}万元。"
        ),
        "三": (
            f"本年度共收到政府信息公开申请{t['t3.new.total']}件，上年结转{t['t3.carried_in.total']}件，"
            f"办结{t['t3.result.total.total']}件，结转下年度继续办理{t['t3.carried_over.total']}件。"
            f"办理结果：{results}，共计{t['t3.result.total.total']}件。"
        ),
        "四": (
            f"全年发生政府信息公开行政复议{t['t4.review.total']}件，其中结果维持{review[0]}件，"
            f"结果纠正{review[1]}件，其他结果{review[2]}件，尚未审结{review[3]}件。"
        ),
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("layout", ["tabs", "pdf", "flat"])
def test_no_narrative_finding_where_the_prose_is_right(seed: int, layout: str) -> None:
    cells = synth.default_cells("C", seed)
    spec = synth.Spec(era="C", year=2022, layout=layout, cells=cells, narrative=_prose(cells))
    analysis = analyze_source(read_text(synth.render(spec)))
    rules = [r for r in builtin_rules() if r.meta.code.startswith("GK5")]
    found = run_rules(rules, RuleContext.of(analysis.parsed, analysis.extraction))
    assert [(d.code, d.message) for d in found if d.outcome == "fail"] == []


def test_narrative_code_kept_across_reports_finds_what_fresh_rules_find() -> None:
    """The phrases' values are compiled once per process (per known ids), not once per report:
    one rule object checking reports in turn finds what a fresh copy finds for each, and its
    compiled code is not pickled with it (the rule cache)."""
    rules = [r for r in builtin_rules() if r.meta.kind == "narrative"]
    contexts = []
    for seed in (1, 2, 3):
        cells = synth.default_cells("C", seed)
        prose = _prose(cells)
        prose["三"] = prose["三"].replace("件，上年结转", "1件，上年结转")  # a wrong number: findings
        spec = synth.Spec(era="C", year=2022, layout="tabs", cells=cells, narrative=prose)
        analysis = analyze_source(read_text(synth.render(spec)))
        contexts.append(lambda a=analysis: RuleContext.of(a.parsed, a.extraction))
    kept = [[d.message for d in run_rules(rules, make())] for make in contexts]
    fresh = [
        [d.message for d in run_rules([pickle.loads(pickle.dumps(r)) for r in rules], make())]
        for make in contexts
    ]
    assert kept == fresh
    assert any(kept)
    assert all(not pickle.loads(pickle.dumps(r.check))._code for r in rules)
