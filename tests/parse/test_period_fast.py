"""The period found without searching the whole narrative is the one the full search found.

`find_period` searched every date range of the text before the first table, then took the first
one within reach after a period word; it now searches on only as far as the words need
(facts._Ranges). Checked against the old way on random text made of the pieces that matter
(period words, whole and damaged dates, joins, filler) and on the fixtures.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gklint.model import Span
from gklint.parse.facts import PeriodFact, _date_from, _patterns, _period_from, find_period
from gklint.read import read_path
from tests.conftest import FIXTURES


def _old_find_period(text: str, limit: int) -> PeriodFact | None:
    """find_period as it was (main 8b53ef1)."""
    p = _patterns()
    head = text[:limit]
    ranges = list(p.range.finditer(head))
    for word in p.words.finditer(head):
        for m in ranges:
            if 0 <= m.start() - word.end() <= p.window:
                return _period_from(m)
    if ranges:
        return _period_from(ranges[0])
    point = p.point.search(head)
    if point:
        end, damaged = _date_from(point, "b", None)
        return PeriodFact(point.group("b"), None, end, Span(point.start("b"), point.end("b")), damaged)
    return None


WORDS = ["统计期限", "数据统计", "统计数据", "所列数据", "期间的", "期限", "统计", "数据", "截至", ""]
DATES = ["2020年1月1日", "2020 年 12 月 31 日", "20181月1日", "12月31日", "2019年13月1日", ""]
JOINS = ["至", "到", "—", "-", "起至", "。", "\n", ""]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    """Words, gaps of 0–120 characters around the period window (80), dates and joins."""
    parts = draw(
        st.lists(
            st.tuples(
                st.sampled_from(WORDS),
                st.integers(0, 120),
                st.sampled_from(DATES),
                st.sampled_from(JOINS),
                st.sampled_from(DATES),
            ),
            max_size=8,
        )
    )
    return "".join(word + "叙" * gap + a + join + b for word, gap, a, join, b in parts)


@given(_texts(), st.integers(0, 1200))
def test_same_period_as_the_full_search(text: str, limit: int) -> None:
    assert find_period(text, limit) == _old_find_period(text, limit)


def test_same_period_on_the_fixtures() -> None:
    paths = sorted((FIXTURES / "reports").glob("*.txt"))
    assert paths
    for path in paths:
        text = read_path(path).text
        for limit in (len(text), len(text) // 2, 300):
            assert find_period(text, limit) == _old_find_period(text, limit), path.name


def test_a_later_word_next_to_its_range_wins_over_the_first_range() -> None:
    text = "2019年1月1日至2019年3月1日。" + "叙述" * 100 + "统计期限为2020年1月1日至2020年12月31日。"
    period = find_period(text, len(text))
    assert period is not None and period.raw.startswith("2020")
