"""The facts worked out from a rule's pattern (gklint.rules.regex) never change what it finds."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.rules import builtin_rules
from gklint.rules.regex import Regex, Scope

ALPHABET = "ab收到申请8件、，。;\n《》X年x各直"
PATTERNS = [
    "收到申请",
    "(?:收到|受理)申请(\\d+)件",
    "a+b|b{2,}",
    "[ab]x?《",
    "(?i)ab|年",
    "(?<![各])直|各(?:a|b)",
    "x*",
    "(?:a|)b",
    "《[^》]{0,3}》",
]


def _all_patterns() -> list[Regex]:
    found: list[Regex] = []
    for rule in builtin_rules():
        for value in vars(rule.check).values():
            items = value if isinstance(value, tuple) else (value,)
            found += [x for x in items if isinstance(x, Regex)]
            found += [
                getattr(x, "pattern", None) for x in items if isinstance(getattr(x, "pattern", None), Regex)
            ]
    return found


@pytest.mark.parametrize(
    ("source", "literals"),
    [
        ("收到申请(\\d+)件", ("收到申请",)),
        ("(?:锟斤拷)+|烫{3,}|屯{3,}", ("屯", "烫", "锟斤拷")),
        ("(?i)abc", None),  # letters under IGNORECASE: no literal is safe
        ("(?i)a@b", ("@",)),
        ("x*y?", None),
        ("(?:a|)b", ("b",)),
    ],
)
def test_literals(source: str, literals: tuple[str, ...] | None) -> None:
    assert Regex.of(source).literals == literals


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATTERNS), st.text(alphabet=ALPHABET, max_size=40))
def test_a_text_without_the_literals_has_no_match(source: str, text: str) -> None:
    regex = Regex.of(source)
    if regex.re.search(text):
        assert regex.may_match(text)
    assert [m.span() for m in regex.finditer(text)] == [m.span() for m in re.finditer(source, text)]


def test_every_builtin_pattern_is_filtered_soundly() -> None:
    """Each built-in rule pattern, on texts made of its own literals' neighbours, agrees with re."""
    texts = ["", "本年度收到申请8件、办结9件。", "XX年X月X日，《条例》》，0827--3101848，abc @163.com。"]
    patterns = _all_patterns()
    assert len(patterns) > 60  # the rules' patterns, exclusions, phrases and scopes are all Regex
    for regex in patterns:
        for text in texts:
            if regex.re.search(text):
                assert regex.may_match(text), regex.source


def test_pickled_regex_is_plain_data_and_compiles_again() -> None:
    regex = Regex.of("收到(\\d+)件")
    loaded = pickle.loads(pickle.dumps(regex))
    assert loaded == regex and loaded._compiled is None
    assert loaded.re.search("收到8件").group(1) == "8"


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["各直", "(?<!本)部门|下属", "各(?:乡|镇)", "a\\s*b", "直$", "(?=a)b|a"]),
    st.text(alphabet="各直本部门下属乡镇ab \n", max_size=30),
    st.lists(st.integers(0, 30), max_size=8),
    st.integers(0, 10),
)
def test_scope_answers_as_a_fresh_search(source: str, text: str, ats: list[int], start: int) -> None:
    """Scope's incremental answer equals re's search of text[start:at], in any order of asking."""
    regex = Regex.of(source)
    scope = Scope(regex, text)
    start = min(start, len(text))
    for at in ats:
        at = max(start, min(at, len(text)))
        assert scope.found(start, at) == (regex.re.search(text, start, at) is not None)


# Rewrites of costly rule patterns (issue 15): a lookahead that only rejects places where no match
# can start, so the matches are the same as the plain form's.
REWRITES = {
    "GK601": (
        r"(?<![A-Za-z0-9@._%+-])(?:(?:[X×]{1,4}|x{1,4})\s*年(?:\s*[X×x]{1,2}\s*月)?(?:\s*[X×x]{1,2}\s*日)?"
        r"|[X×x]{1,2}\s*月(?:\s*[X×x]{1,2}\s*日)?|[X×x]{1,2}\s*日|(?:[X×]{2,}|x{2,})(?![A-Za-z0-9@._-])"
        r"|[X×x]\s*(?:件|条|项|个|人次|人|万元|元|%))",
        1,
    ),
    "GK613": (r"(?:^|(?<=[。;\n》]))[^《》。;\n]{0,70}?([^《》。;\n]{1,10}》)", 1),
}


@pytest.mark.parametrize("code", sorted(REWRITES))
@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="甲乙。;\n《》Xx×a.@ 年月日件%", max_size=120))
def test_rewritten_rule_patterns_match_as_their_plain_form(code: str, text: str) -> None:
    plain, index = REWRITES[code]
    rule = next(r for r in builtin_rules() if r.meta.code == code)
    rewritten = rule.check.patterns[index].re  # type: ignore[attr-defined]
    assert [m.regs for m in rewritten.finditer(text)] == [m.regs for m in re.finditer(plain, text, re.M)]


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from([r"([^。\n]{4,80}。)\1", r"([^。\n]{1,3}。)\1", r"([^x]{0,2}x)\1", r"([^。;]{2,5};)\1"]),
    st.lists(
        st.sampled_from(["甲", "乙", "。", "\n", "x", ";", "甲乙。", "甲乙。甲乙。", "乙x乙x"]), max_size=40
    ),
)
def test_doubled_runs_are_found_as_re_finds_them(source: str, pieces: list[str]) -> None:
    """The linear search for `(run ending at t)\\1` gives re.finditer's matches, in order."""
    regex = Regex.of(source, re.M)
    assert regex.doubled is not None
    text = "".join(pieces)
    assert [m.regs for m in regex.finditer(text)] == [m.regs for m in re.finditer(source, text, re.M)]


def test_only_that_shape_is_searched_that_way() -> None:
    assert Regex.of(r"([\u4e00-\u9fff]{2,10})\1").doubled is None  # no end character
    assert Regex.of(r"(?i)([^x]{1,3}x)\1").doubled is None
    assert Regex.of(r"([^。]{1,3}。)\1").doubled is not None
    assert Regex.of(r"([^a]{1,3}。)\1").doubled is None  # the run may hold its end: re decides


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PATTERNS), max_size=6), st.text(alphabet=ALPHABET, max_size=40))
def test_literals_seen_by_other_patterns_answer_as_a_fresh_look(sources: list[str], text: str) -> None:
    """Patterns searching one text share what they learnt of its literals, with the same answers."""
    seen: dict[str, bool] = {}
    for source in sources:
        regex = Regex.of(source)
        assert regex.may_match(text, seen) == regex.may_match(text)
        assert [m.span() for m in regex.finditer(text, seen=seen)] == [
            m.span() for m in re.finditer(source, text)
        ]
    assert all(found == (lit in text) for lit, found in seen.items())
