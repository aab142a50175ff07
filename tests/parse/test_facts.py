"""Report facts: year, agency, statistics period (damage tolerated and flagged), signature date."""

from __future__ import annotations

import datetime as dt

import pytest

from gklint.parse import parse_report, parse_text
from gklint.parse.ast import Table, walk
from gklint.parse.facts import Facts, _first_table, find_period, parse_date
from gklint.read import read_path, read_text
from tests.conftest import FIXTURES

D = dt.date


@pytest.mark.parametrize(
    ("sentence", "start", "end", "damaged"),
    [
        ("本报告所列数据统计期限为2017年1月1日至2017年12月31日。", D(2017, 1, 1), D(2017, 12, 31), False),
        ("统计期限自2020 年 1 月 1 日起至 12 月 31 日止。", D(2020, 1, 1), D(2020, 12, 31), False),
        (
            "本报告所列政府信息公开数据统计期限为20181月1日至201812月31日。",
            D(2018, 1, 1),
            D(2018, 12, 31),
            True,
        ),
        ("统计期限为:2016年1月1日——2016年12月31日。", D(2016, 1, 1), D(2016, 12, 31), False),
        ("统计期限自202111日至20211231日。", D(2021, 1, 1), D(2021, 12, 31), True),
        ("报告中所涉及的数据核定时间点为2022年12月31日。", None, D(2022, 12, 31), False),
    ],
)
def test_period_forms(sentence: str, start, end, damaged: bool) -> None:
    period = find_period(sentence, len(sentence))
    assert period is not None
    assert (period.start, period.end, period.damaged) == (start, end, damaged)


def test_no_period_stated() -> None:
    assert find_period("本报告由某局编制。", 100) is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2018 年 3 月 26 日", D(2018, 3, 26)),
        ("二○一四年一月十日", D(2014, 1, 10)),
        ("二〇二二年十二月三十一日", D(2022, 12, 31)),
    ],
)
def test_dates_in_arabic_and_chinese_numerals(text: str, date) -> None:
    assert parse_date(text) == (date, False)


def test_report_facts_from_title_and_signature() -> None:
    parsed = parse_text(
        "青山镇人民政府\n2022 年政府信息公开工作年度报告\n"
        "本报告所列数据统计期限为2022年1月1日至2022年12月31日。\n"
        "一、总体情况\n全年主动公开信息12条。\n"
        "青山镇人民政府\n2023年1月20日\n"
    )
    facts = parsed.facts
    assert facts.year == 2022
    assert facts.agency == "青山镇人民政府"
    assert facts.published is not None and facts.published.date == D(2023, 1, 20)
    assert facts.period is not None and facts.period.start == D(2022, 1, 1)


def test_year_falls_back_to_the_period_when_the_title_has_none() -> None:
    parsed = parse_text("政府信息公开工作年度报告\n本报告统计期限从2021年1月1日起到2021年12月31日止。\n")
    assert parsed.facts.year == 2021


def test_without_a_title_the_opening_years_outweigh_a_wrong_period() -> None:
    parsed = parse_text(
        "本报告根据条例编制。统计期限为2021年1月1日至2021年12月31日。\n"
        "2022年，我区深入推进政务公开。2022年全年主动公开信息12条。\n"
    )
    assert parsed.facts.year == 2022


def test_a_saved_page_title_label_is_not_part_of_the_agency() -> None:
    parsed = parse_text(
        "标题: 示例县人民政府2022年政府信息公开工作年度报告\n一、总体情况\n全年主动公开信息12条。\n"
    )
    assert parsed.facts.agency == "示例县人民政府"


def _facts(text: str) -> Facts:
    return parse_text(read_text(text).text).facts


def test_a_period_whose_end_leaves_the_year_out_ends_in_the_start_year() -> None:
    period = find_period("本报告统计期限自2018年1月1日起至12月31日止。", 100)
    assert period is not None and (period.start, period.end) == (D(2018, 1, 1), D(2018, 12, 31))


@pytest.mark.parametrize(
    ("text", "year", "agency"),
    [
        # the year and the agency only in the sentence that publishes the report
        (
            "政府信息公开\n根据《条例》要求，现公布某某市人民政府2018年政府信息公开工作年度报告。\n"
            "一、总体情况\n全年公开信息12条。\n",
            2018,
            "某某市人民政府",
        ),
        (
            "某某市人民政府政府信息公开工作年度报告\n一、总体情况\n2018年全年公开信息12条。\n",
            2018,
            "某某市人民政府",
        ),
        # a saved page: its breadcrumb is taken for the title, the agency is in the metadata
        (
            "首页 政务公开 政府信息公开年度报告\n发布机构: 某某县人民政府\n根据《条例》编制2021年度报告。\n"
            "一、总体情况\n全年公开。\n",
            2021,
            "某某县人民政府",
        ),
        # a mirror site's domain or a site's column name glued to the title
        ("example.com某某镇2018年政府信息公开工作年度报告\n一、总体情况\n全年公开。\n", 2018, "某某镇"),
        ("政府信息公开某某区2018年政府信息公开工作年度报告\n一、总体情况\n全年公开。\n", 2018, "某某区"),
        (
            "www.example.gov.cn某某县人民政府2019年政府信息公开工作年度报告\n一、总体情况\n全年公开。\n",
            2019,
            "某某县人民政府",
        ),
    ],
)
def test_year_and_agency_from_what_a_saved_page_leaves(text: str, year: int, agency: str) -> None:
    facts = _facts(text)
    assert (facts.year, facts.agency) == (year, agency)
    assert facts.agency_span is not None


def test_first_table_is_the_first_one_walk_lists() -> None:
    for path in sorted(FIXTURES.glob("reports/*.txt")):
        body = parse_report(read_path(path)).report.body
        assert _first_table(body) is next((n for n in walk(body) if isinstance(n, Table)), None)
