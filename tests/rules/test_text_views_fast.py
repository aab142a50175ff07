"""Issue 15 made the text-side views and the sums kind faster: boundaries found by splitting, and
breakdown searches passed over where they cannot find anything. These tests hold each shortcut
to what the plain form gives on random text of the pieces such sentences are made of."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gklint.rules.kinds import sums
from gklint.rules.kinds.narrative import _SHORT_CLAUSE, Narrative, _Clauses
from gklint.rules.regex import _INDEXED, Scope
from gklint.rules.views import CLAUSE_END, SENTENCE_END, Boundaries
from tests.rules.harness import rule_by_code

# pieces of sentences that state a whole and its parts ("全年共收到申请200件，其中网上申请106件，占53%。")
PIECES = [
    "200件",
    "106件",
    "53件",
    "41件",
    "30条",
    "1,520条",
    "1.2万件",
    "100余件",
    "8",
    "共",
    "全年共收到申请",
    "其中",
    "其中网上申请",
    "。其中,",
    "。其中网上申请",
    "合计",
    "分别为",
    "包括",
    "网站",
    "其他",
    "在已答复的申请中",
    "含",
    "一是",
    "办结",
    "(占47.2%)",
    ",占53%",
    "(12.5%)",
    ",占全部的50%",
    "、",
    ",",
    ";",
    ":",
    "。",
    "!",
    "\n",
    " ",
    "和",
    "等",
    "(",
    ")",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab。!?\n,;:中", max_size=60))
def test_boundaries_are_where_the_end_characters_are(text: str) -> None:
    for ends in (SENTENCE_END, CLAUSE_END):
        assert Boundaries.of(text, ends).at == [m.start() for m in re.finditer(f"[{ends}]", text)]


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sums kind with its shortcuts off: every pair of counts searched, every sentence read."""
    monkeypatch.setattr(sums, "_may_open_next", lambda *args: True)
    monkeypatch.setattr(sums, "_sentences_with_shares", lambda counts, sentence: set(sentence))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_breakdowns_are_found_as_without_the_shortcuts(text: str) -> None:
    for code in ("GK511", "GK512"):
        check = rule_by_code(code).check
        fast = check.breakdowns(text)
        with pytest.MonkeyPatch.context() as patch:
            _plain(patch)
            plain = check.breakdowns(text)
        assert fast == plain


# pieces of the sentences the narrative rules read ("全年制定发布行政规范性文件5件，废止1件")
PHRASE_PIECES = [
    *"0123456789",
    "件",
    "项",
    "规范性文件",
    "规章",
    "废止",
    "现行有效",
    "制发",
    "行政复议",
    "行政诉讼",
    "均获维持",
    "尚未审结",
    "收到",
    "政府信息公开申请",
    "办结",
    "结转下年度",
    "上年结转",
    "各乡镇",
    "各乡镇办理的事项较多",
    "收到政府信息公开申请5件",
    "行政复议3件",
    "其中",
    "去年",
    "区直",
    "网上",
    "下属",
    ",",
    ",",
    "。",
    ";",
    " ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PHRASE_PIECES), max_size=40).map("".join))
@example("各乡镇办理的事项较多,收到政府信息公开申请5件。其中,各乡镇收到3件;网上1件。")
def test_narrative_reads_as_its_plain_form(text: str) -> None:
    """The numbers read are those read with every phrase searched (no phrase passed over for words
    next to no number of the text) and the clause ends of the whole text at hand (not found one
    sentence at a time)."""
    for code in ("GK502", "GK503", "GK505", "GK510", "GK514"):
        check: Narrative = rule_by_code(code).check
        read = [(p.what, m.span()) for p, m in check.readings(text)]
        plain = dataclasses.replace(
            check,
            phrases=tuple(dataclasses.replace(p, around=None) for p in check.phrases),
        )
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_Clauses, "of", lambda self, sentence: Boundaries.of(self.text, CLAUSE_END))
            assert read == [(p.what, m.span()) for p, m in plain.readings(text)]
        assert any(p.around for p in check.phrases)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["本报告", "年报", "全文", "由", "共", "六个部分", "7个部分", "部分", "。", "\n", "等", "x"]
        )
    )
    .map("".join)
    .filter(bool)
)
@example("本报告。由六个部分组成。全文共七个部分")
def test_parts_count_is_found_as_from_the_text_start(text: str) -> None:
    """The count of parts is the pattern's first match in the preamble, searched from the start of
    the sentence holding the first of each word a match needs (no match holds 。)."""
    check = rule_by_code("GK509").check
    assert check.within == "。"
    plain = dataclasses.replace(check, within="")
    long = "x" * _INDEXED + text  # (a long text, as reports are)
    for searched, end in (
        (text, len(text)),
        (text, len(text) // 2),
        (long, len(long)),
        (long, len(long) - 3),
    ):
        found, expected = check.search(searched, end), plain.search(searched, end)
        assert (found and found.span()) == (expected and expected.span())
        assert expected is None or expected.span() == check.pattern.re.search(searched, 0, end).span()


def _is_part_searched_through(self: Narrative, text: str, at: int, scope: Scope, ends: _Clauses) -> bool:
    """Narrative._is_part without its first test (no scope word from the earliest start on)."""
    sentences = ends.sentences
    sentence = sentences.after_last(at)
    clauses = ends.of(sentence)
    clause = max(sentence, clauses.after_last(at))
    start = clause
    if self.refers_back is not None and self.refers_back.re.match(text, clause, at):
        start = sentence if clause > sentence else sentences.after_last(max(sentence - 1, 0))
    if scope.found(start, at):
        return True
    opening = clauses.first(sentence, at)
    return opening - sentence <= _SHORT_CLAUSE and scope.found(sentence, opening)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PHRASE_PIECES), max_size=40).map("".join))
@example("各乡镇办理的事项较多。其中收到政府信息公开申请5件。")
@example("网上收到政府信息公开申请5件。其中,收到政府信息公开申请5件")
@example("区直,行政复议3件")
def test_numbers_about_a_part_are_those_read_without_the_first_test(text: str) -> None:
    """A number is about a part exactly when it was before the test that no scope word stands
    between the earliest place a scope is looked for and the number."""
    for code in ("GK502", "GK503", "GK505", "GK506", "GK513"):
        check: Narrative = rule_by_code(code).check
        read = [(p.what, m.span()) for p, m in check.readings(text)]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Narrative, "_is_part", _is_part_searched_through)
            assert read == [(p.what, m.span()) for p, m in check.readings(text)]
