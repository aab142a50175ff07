"""Which reports are one body's, and which report is each one's predecessor."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.model import Placed, Position, SeriesCell, SeriesData, SeriesSentence, Span
from gklint.series.names import body_key, fallback_agency, merge_parents
from gklint.series.pairing import pair


def _data(agency: str | None, year: int, text: str = "", era: str = "C") -> SeriesData:
    here = Placed(Span(0, 1), Position(1, 1), Position(1, 2))
    sentences = tuple(SeriesSentence(s, here) for s in text.split("。") if s)
    return SeriesData(agency, year, era, (), (), sentences, ())


def test_names_of_one_body_are_one_key() -> None:
    keys = {
        body_key(n)
        for n in ("某某县人民政府", "某某县政府", "某某县人民政府办公室", "某某县 人民政府", "某某縣人民政府")
    }
    assert keys == {"某某县"}
    assert body_key("平潭综合实验区管委会") == body_key("平潭综合实验区管理委员会") == "平潭综合实验区"


def test_a_town_is_not_its_county_and_two_departments_are_two_bodies() -> None:
    assert body_key("某某县青山镇人民政府") != body_key("某某县人民政府")
    assert body_key("某某市教育局") != body_key("某某市体育局")
    merged = merge_parents(["某某县青山镇", "某某县", "某某市教育局", "某某市"])
    assert len(set(merged.values())) == 4


def test_a_parent_before_a_name_is_the_same_body_unless_two_parents_share_it() -> None:
    assert merge_parents(["淮安市洪泽区", "洪泽区"]) == {"淮安市洪泽区": "洪泽区", "洪泽区": "洪泽区"}
    merged = merge_parents(["南京市鼓楼区", "福州市鼓楼区", "鼓楼区"])
    assert len(set(merged.values())) == 3  # which 鼓楼区 is meant cannot be known


def test_each_report_is_paired_with_the_nearest_earlier_year() -> None:
    reports = [_data("某某县人民政府", 2022), _data("某某县政府", 2019), _data("某某县人民政府", 2020)]
    assert pair(reports).previous == {2: 1, 0: 2}


def test_other_bodies_and_unknown_years_are_not_paired() -> None:
    reports = [
        _data("某某县人民政府", 2021),
        _data("某某县青山镇人民政府", 2022),
        _data(None, 2022),
        _data("某某县人民政府", None),  # type: ignore[arg-type]
    ]
    assert pair(reports).previous == {}


def test_a_republished_copy_is_reported_and_never_last_years() -> None:
    text = "我县坚持以公开为常态、不公开为例外，全年主动公开政府信息3200条。办理依申请公开52件，均按期答复。"
    reports = [
        _data("某某县人民政府", 2021, text),
        _data("某某县人民政府", 2021, text),
        _data("某某县", 2022),
    ]
    result = pair(reports)
    assert result.duplicates == {1: (0,)}
    assert result.previous == {2: 0}


def test_same_year_reports_that_differ_are_not_copies() -> None:
    reports = [
        _data("某某县人民政府", 2021, "全年主动公开政府信息3200条，办理依申请公开52件。"),
        _data("某某县人民政府", 2021, "本年度围绕营商环境新增公开办事指南130件，互动回应更加及时。"),
    ]
    assert pair(reports).duplicates == {}


def test_configured_series_and_explicit_previous() -> None:
    reports = [_data("某某县人民政府", 2020), _data("某县政府信息公开办", 2021), _data("某某县", 2022)]
    assert pair(reports, groups={0: "某某县", 1: "某某县"}).previous == {1: 0}
    assert pair(reports, explicit={2: 0}).previous == {2: 0}


def test_a_report_without_a_title_names_its_body_in_the_preamble() -> None:
    assert (
        fallback_agency("本报告根据《条例》要求，汇总某某县各有关单位政府信息公开工作情况编制而成。")
        == "某某县"
    )
    assert fallback_agency("一、总体情况 本年度……") is None


NAMES = st.sampled_from(
    [
        "某某县人民政府",
        "某某县政府",
        "某某縣人民政府",
        "某某县青山镇人民政府",
        "某某市",
        "淮安市某某县",
        "某某市教育局",
        "",
        "政府",
        None,
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(NAMES, st.integers(2008, 2025) | st.none()), max_size=8))
def test_pairing_is_always_backwards_in_time_and_within_one_body(items: list) -> None:
    reports = [_data(name, year) if year is not None else None for name, year in items]  # type: ignore[arg-type]
    result = pair(reports)
    for i, j in result.previous.items():
        a, b = reports[i], reports[j]
        assert a is not None and b is not None and b.year < a.year  # type: ignore[operator]
        keys = merge_parents([body_key(a.agency or ""), body_key(b.agency or "")])  # type: ignore[arg-type]
        assert keys[body_key(a.agency or "")] == keys[body_key(b.agency or "")]
    for i, earlier in result.duplicates.items():
        assert all(reports[j].year == reports[i].year and j < i for j in earlier)  # type: ignore[union-attr]


def test_one_template_with_other_figures_is_not_a_copy() -> None:
    text = "我县坚持以公开为常态、不公开为例外，全年主动公开政府信息3200条。办理依申请公开52件，均按期答复。"
    here = Placed(Span(0, 1), Position(1, 1), Position(1, 2))
    a, b = _data("某某县人民政府", 2021, text), _data("某某县人民政府", 2021, text)
    a = replace(a, cells=(SeriesCell("t3.new.total", "number", "5", 5, here),))
    b = replace(b, cells=(SeriesCell("t3.new.total", "number", "7", 7, here),))
    assert pair([a, b]).duplicates == {}
    assert pair([a, replace(b, cells=a.cells)]).duplicates == {1: (0,)}
