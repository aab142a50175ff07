"""The facts worked out from a rule's pattern (gklint.rules.regex) never change what it finds."""

from __future__ import annotations

import dataclasses
import pickle
import re
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gklint.rules import builtin_rules
from gklint.rules import regex as regex_module
from gklint.rules.regex import Guided, Regex, Repeated, Scope, _occurrences

FIXTURES = Path(__file__).parent.parent / "fixtures" / "reports"

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
    "收[^。]{0,3}(?:申请|件)",  # sets of strings, each of which a match needs one of (also)
    "(?:《|年)[ab]*(?:各|直)x?X",
    "收到申请8|直8件|8x年|(?:a|b)8\\s*各",  # "8" held by every alternative (a set of its own)
    "x{2,}a|b{3}|年{2,}",
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
        ("(?:锟斤拷)+|烫{3,}|屯{3,}", ("屯屯屯", "烫烫烫", "锟斤拷")),
        ("(?i)abc", None),  # letters under IGNORECASE: no literal is safe
        ("(?i)a@b", ("@",)),
        ("x*y?", None),
        ("(?:a|)b", ("b",)),
        ("x-{3,}|年{2}", ("年年", "---")),  # a character repeated: so many copies of it
        ("(?i)a{3}", None),
    ],
)
def test_literals(source: str, literals: tuple[str, ...] | None) -> None:
    assert Regex.of(source).literals == literals


def test_a_string_every_alternative_holds_is_a_set_of_its_own() -> None:
    regex = Regex.of("国务院令\\s*第?\\s*492\\s*号|国令\\s*第?\\s*492\\s*号|第\\s*492\\s*号(?:国务院)?令")
    assert regex.literals == ("492", "国务院令") and ("492",) in regex.also
    assert not regex.may_match("根据国务院令第711号")
    assert Regex.of("ab|cb|b").also == () and Regex.of("ab|cd").also == ()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["甲", "丙", "乙", "a", "b", "ab", "x", "z" * 300]), max_size=16))
def test_a_string_every_alternative_holds_anchors_the_search_as_far_back_as_it_may_be(
    pieces: list[str],
) -> None:
    """Searched near "乙" (its own set, the rarest), up to 4 characters back (甲ab乙) in one
    alternative, 2 (丙a乙) in the other: the same matches as re's."""
    source = "(?<!x)(?:甲[ab]{0,3}乙|丙[ab]乙)"
    regex = Regex.of(source)
    assert regex.anchors is not None and regex.anchors.sets[0].strings == ("乙",)
    assert regex.anchors.sets[0].lead == 4
    text = "z" * 2000 + "".join(pieces)
    assert [m.span() for m in regex.finditer(text)] == [m.span() for m in re.finditer(source, text)]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATTERNS), st.text(alphabet=ALPHABET, max_size=40))
def test_a_text_without_the_literals_has_no_match(source: str, text: str) -> None:
    regex = Regex.of(source)
    if regex.re.search(text):
        assert regex.may_match(text)
    assert [m.span() for m in regex.finditer(text)] == [m.span() for m in re.finditer(source, text)]
    long = text + "z" * 1000  # a long text: its strings looked for once (_Occurrences)
    assert [m.span() for m in regex.finditer(long)] == [m.span() for m in re.finditer(source, long)]
    for searched in (text, long):  # without the prefilter: the same matches
        expected = [m.span() for m in re.finditer(source, searched)]
        assert [m.span() for m in regex.finditer(searched, prefilter=False)] == expected


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
    "GK613 unclosed": (r"(《[^《》。;\n]{1,10})[^《》。;\n]{0,80}(?=[。;\n《]|$)", 2),
}


@pytest.mark.parametrize("code", sorted(REWRITES))
@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="甲乙。;\n《》Xx×a.@ 年月日件%", max_size=120))
def test_rewritten_rule_patterns_match_as_their_plain_form(code: str, text: str) -> None:
    plain, index = REWRITES[code]
    rule = next(r for r in builtin_rules() if r.meta.code == code.split()[0])
    rewritten = rule.check.patterns[index].re  # type: ignore[attr-defined]
    assert [m.regs for m in rewritten.finditer(text)] == [m.regs for m in re.finditer(plain, text, re.M)]


# Looks written after the opening word they stand before (GK602): re skips to the word itself.
LOOKS_AFTER = {
    ("GK602", 0): r"(?:^|(?<=[。:\n\s]))(包括[^。\n]{2,60}?(?:情况介绍|统计分析|情况说明))。",
    ("GK602", 1): r"(?:^|(?<=[。:\n\s])|(?<=概述)|(?<=情况))(对[^。\n]{2,200}?进行(?:简要)?介绍)。",
}
_LOOKS_PIECES = [
    *("对", "对甲甲进行介绍。", "对甲进行简要介绍。", "对" + "甲" * 200 + "进行介绍。", "进行", "介绍"),
    *("包括", "包括甲甲情况介绍。", "包括甲统计分析。", "包括" + "甲" * 60 + "情况说明。", "情况", "概述"),
    *("甲", "甲" * 60, "。", ":", "\n", " ", "\t"),
]


@pytest.mark.parametrize("key", sorted(LOOKS_AFTER))
@settings(max_examples=600, deadline=None)
@given(pieces=st.lists(st.sampled_from(_LOOKS_PIECES), max_size=30))
def test_looks_written_after_the_opening_word_match_as_before_it(
    key: tuple[str, int], pieces: list[str]
) -> None:
    code, index = key
    rule = next(r for r in builtin_rules() if r.meta.code == code)
    rewritten: Regex = rule.check.patterns[index]  # type: ignore[attr-defined]
    plain = re.compile(LOOKS_AFTER[key], re.M)
    reports = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))[:3]]
    for text in ["".join(pieces), *reports]:
        expected = [m.regs for m in plain.finditer(text)]
        assert [m.regs for m in rewritten.re.finditer(text)] == expected
        assert [m.regs for m in rewritten.finditer(text)] == expected  # the engine's shortcuts too


LATIN = [  # GK608's: every match holds a character of U+0080-U+00FF
    "(?:[äåæçèé][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]{2})+",
    'â€[\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"]?|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|ï¼[\u0080-\u00bf]',
    "[\u00a1-\u00ff]{4,}",
    "(?i)¿[a-z]",  # ¿ has no case
]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="甲。aA€ÕþÎñæ”¿åŠ¡Ã©·×\u00a0\u0178", max_size=60), pad=st.sampled_from([0, 1200])
)
def test_patterns_needing_latin_characters_find_what_re_finds(text: str, pad: int) -> None:
    """Ruled out at once in a text with no character of U+0080-U+00FF (short, or indexed when long)."""
    full = "甲" * pad + text
    for source in LATIN:
        regex = Regex.of(source, re.M)
        assert regex.latin
        assert [m.regs for m in regex.finditer(full)] == [m.regs for m in re.finditer(source, full, re.M)]


def test_only_patterns_every_match_of_which_holds_a_latin_character_are_ruled_out_so() -> None:
    assert not Regex.of("[a-z×]{2}").latin  # "ab"
    assert not Regex.of("(?i)[à-ÿ]{2}").latin and re.fullmatch("(?i)[à-ÿ]{2}", "\u0178\u0178")  # Ÿ is ÿ
    assert not Regex.of("(?:é|e)x").latin
    assert Regex.of("(?:é|ü)x").latin
    wide = Regex.of("[\u00a1-\u00ff]{4,}")  # no literals: too many characters to ask for
    assert wide.literals is None
    for pad in (10, 2000):
        assert not wide.may_match("甲" * pad) and wide.may_match("甲" * pad + "Õ")


_ENDS = [("《", "。"), ("《", "》"), ("。", "》"), ("\n", "》"), ("《", ""), ("", "》"), ("》", "《")]


@pytest.mark.parametrize("code", sorted(REWRITES))
@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(["《", "》", "甲", "甲" * 9, "乙" * 40, "。", ";", "\n", "X年"]), max_size=24
    )
)
def test_rewritten_rule_patterns_match_as_their_plain_form_on_long_runs(code: str, pieces: list[str]) -> None:
    """Runs near the bounds (10, 70, 80, 90 characters) and the fixtures' real reports."""
    plain, index = REWRITES[code]
    rule = next(r for r in builtin_rules() if r.meta.code == code.split()[0])
    rewritten = rule.check.patterns[index].re  # type: ignore[attr-defined]
    bounds = [
        f"{a}{'甲' * n}{b}" for n in (0, 1, 9, 10, 11, 69, 70, 71, 79, 80, 81, 89, 90, 91) for a, b in _ENDS
    ]
    reports = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))[:3]]
    texts = ["".join(pieces), *bounds, *reports]
    for text in texts:
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
    assert regex.shape is not None
    text = "".join(pieces)
    assert [m.regs for m in regex.finditer(text)] == [m.regs for m in re.finditer(source, text, re.M)]


def test_only_that_shape_is_searched_that_way() -> None:
    assert isinstance(Regex.of(r"([\u4e00-\u9fff]{2,10})\1").shape, Repeated)  # no end character
    assert Regex.of(r"(?i)([a-z]{2,10})\1").shape is None  # \1 ignores case: other bytes
    assert Regex.of(r"([a-z]{1,10})\1").shape is None  # one character repeated: any pair
    assert Regex.of(r"(?i)([^x]{1,3}x)\1").shape is None
    assert Regex.of(r"([^。]{1,3}。)\1").shape is not None
    assert Regex.of(r"([^a]{1,3}。)\1").shape is None  # the run may hold its end: re decides


# Anchors (issue 15): a pattern searched only near the strings every match holds. Each set of
# strings is tried on its own (the cost model would search these short texts whole).
ANCHORED = [
    r"(?<![a-z0-9._-])[a-z0-9._-]{1,4}@[a-z0-9-]{1,3}(?![a-z0-9.-]|\s*[.。])",
    r"(?i)(?<![a-z])[a-z]{1,3} ?@ ?[a-z]{1,3}",
    r"(?m)(?<!x)[ \t]{0,3}(分享到[ \t]*:?|相关(?:文档|链接)[ \t]*$)",
    r"(?m)(?<!x)[ \t]?(?:[(]?[一二\d]{1,3}[)、.][ \t]?)?(2021[ \t]*年(?:度)?)[ \t]*(?:工作)?(?:计划|打算)",
    r"(?<=[一-鿿])([\[【(]\s*(?:19|20)\d{2}\s*[\]】)])\s*\d{1,4}\s*号",
    r"(?<![\d.])(?:19|20)\d{2}(?:1[0-2]|0?[1-9])月",
    r"(?<!于)((?:截至|截止)(?:到)?(?:目前|当前))(?=[^。;\n]{0,4}?\d)",
    r"(?<!c)(?:aa(?=b)|a\b)",
    r"(?<!c)(ab)\1a",
    r"(?<!x)(?:关闭窗口|关闭|本站已启用无障碍|无障碍$)",
    r"(?<!z)x[^\n]{0,3}y$",
    r"[¡-ÿ]{2,}",
    r"(?s)(?<!c)a.{0,3}b",
    r"(?m)(?<=\n)a[^\n]*b",
    # no bound on how far before its string a match starts: found back over what may come before
    r"(?i)(?<![a-z0-9._-])(?:[a-z0-9._-]{1,4}\s+@\s*|[a-z0-9._-]{1,4}@\s+)[a-z0-9-]{1,3}",
    r"(?<!x)\s*关闭",
    r"(?s)(?<!c).*?2021",
    r"(?<!x)[^。\n]*(?:截至|截止)",
    r"(?i)(?<!q)[kq]+ *@",
    r"(?<!z)(-{3,})(?:[^\n]*?-{3,})*",  # anchored on "---"
    # matches start only after one of a few characters (or a line's start): `after`
    r"(?:^|(?<=[。;\n》]))(?=[^《》。;\n]{0,8}》)[^《》。;\n]{0,7}?([^《》。;\n]{1,2}》)",
    r"(?:^|(?<=[。x])|(?<=概述))[^。x述\n]{0,5}关闭",
    r"(?<=[。;])[^。;\n]*关闭",
]
ANCHOR_TEXT = "KkſQab@12 x.y 分享到:\n相关文档\n 2021年工作计划(2020]3号 截至目前5 关闭窗口无障碍\naab·é 201912月 (一)2021年打算 ¡é\tQ@ q"
ANCHOR_TEXT += "《》。;概述--"


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from(ANCHORED),
    st.lists(st.sampled_from([*ANCHOR_TEXT, "ab", "@", "\n", "aa", "关闭", "2021年"]), max_size=60),
)
def test_anchored_search_finds_what_re_finds(source: str, pieces: list[str]) -> None:
    regex = Regex.of(source, re.M)
    text = "".join(pieces)
    expected = [m.regs for m in re.finditer(source, text, re.M)]
    assert [m.regs for m in regex.finditer(text)] == expected
    assert regex.anchors is not None
    places = _occurrences(text)
    for near in regex.anchors.sets:
        found = regex.anchors._near(regex.re, places, places.places(near.strings) or [], near)
        assert [m.regs for m in found] == expected, near


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(ANCHORED[-3:]),
    st.lists(
        st.sampled_from(["《", "》", "。", ";", "\n", "x", "概述", "甲", "甲乙丙", "关闭", "z" * 40]),
        max_size=30,
    ),
)
def test_matches_opening_after_a_few_characters_are_found_as_re_finds_them(
    source: str, pieces: list[str]
) -> None:
    """Before a string, only the start of the stretch `back` admits is tried (Anchors.after)."""
    regex = Regex.of(source, re.M)
    assert regex.anchors is not None and regex.anchors.after
    text = "".join(pieces)
    expected = [m.regs for m in re.finditer(source, text, re.M)]
    places = _occurrences(text)
    for near in regex.anchors.sets:
        found = regex.anchors._near(regex.re, places, places.places(near.strings) or [], near)
        assert [m.regs for m in found] == expected, near


def test_every_builtin_pattern_finds_on_reports_what_re_finds() -> None:
    """The real reports of the fixtures, long enough for the windows to be chosen."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    assert len(texts) > 10
    for regex in _all_patterns():
        for text in texts:
            assert [m.regs for m in regex.finditer(text)] == [m.regs for m in regex.re.finditer(text)], regex


def test_what_anchors_know_of_a_pattern() -> None:
    email = Regex.of(r"(?<![a-z])[a-z]{1,64}@[a-z]{1,9}")
    assert email.anchors is not None
    rarest_first = [(("@",), 64), (("a", "b"), 0)]
    assert [(n.strings[:2], n.lead) for n in email.anchors.sets] == rarest_first
    assert email.anchors.horizon == 74
    assert Regex.of(r"abc[^x]*").anchors is None  # re itself skips to "abc"
    assert Regex.of(r"(?<!a)b\s*c").anchors.horizon is None  # type: ignore[union-attr]
    near = Regex.of(r"(?<!x)(?:关闭窗口|关闭)").anchors.sets[0]  # type: ignore[union-attr]
    assert near.strings == ("关闭",) and near.lead == 0
    near = Regex.of(r"(?<!x)\s*关").anchors.sets[0]  # type: ignore[union-attr]
    assert near.back == frozenset([r"[\s]"])  # at any distance from the start, after white space only
    assert Regex.of(r"(?<!x)(a?)\1*关").anchors is None  # nothing known of what comes before
    opens = Regex.of(r"(?:^|(?<=[。;\n》])|(?<=概述))[^《》。;\n述]{0,9}》", re.M).anchors
    assert opens is not None and opens.after == "\n;。》述"
    assert Regex.of(r"(?:^|(?<=[。;\n》])|(?<=概述))[^《》。;\n]{0,9}》", re.M).anchors.after is None  # type: ignore[union-attr]
    assert Regex.of(r"(?:^|(?<=[。;\n》]))[^《。;\n]{0,9}》", re.M).anchors.after is None  # type: ignore[union-attr]
    assert Regex.of(r"(?:^|(?<![。;\n》]))[^《》。;\n]{0,9}》", re.M).anchors.after is None  # type: ignore[union-attr]


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from([r"([\u4e00-\u9fff]{2,10})\1", r"([甲乙a]{2,3})\1", r"(.{2,4})\1", r"(\d{2,5}?)\1"]),
    st.lists(
        st.sampled_from(["甲", "乙", "丙", "a", "1", "\n", "甲乙", "乙甲乙甲", "12", "\ud800", "\U00020000"]),
        max_size=40,
    ),
)
def test_repeated_words_are_found_as_re_finds_them(source: str, pieces: list[str]) -> None:
    """The search of `(x{m,n})\\1` at the places where two characters recur gives re.finditer's
    matches (characters beyond the 16-bit range and lone surrogates included)."""
    regex = Regex.of(source, re.M)
    assert isinstance(regex.shape, Repeated)
    text = "".join(pieces)
    expected = [m.regs for m in re.finditer(source, text, re.M)]
    assert [m.regs for m in regex.finditer(text)] == expected
    with mock.patch.object(regex_module, "_BLOCK", 3):  # a long text is marked a block at a time
        assert [m.regs for m in regex.finditer(text)] == expected


def test_a_repeated_word_across_a_block_end_is_found() -> None:
    """A word written twice starting at a block's last character: both copies are read past the
    block (its marks need 2 × high characters after its start)."""
    regex = Regex.of(r"([甲乙a]{2,3})\1", re.M)
    text = "bb甲乙a甲乙a"
    with mock.patch.object(regex_module, "_BLOCK", 3):
        assert [m.span() for m in regex.finditer(text)] == [(2, 8)]


GUIDED = [
    r"(?m)^[ \t]*(分享到[ \t]*:?|相关(?:文档|链接)[ \t]*$)",
    r"^\s*(?:[(]?[一二\d]{1,3}[)、.]\s*)?(2021\s*年(?:度)?)\s*(?:工作)?(?:计划|打算)",
    r"(?m)^a*b",
    r"(?m)^(?:a\n)+",  # a match may end with a newline: the next line starts where it ends
    r"(?m)^(a)(?<=\na)b?",  # looks back at the newline before
    # looks first
    r"(?<=[一-鿿])([\[【(]\s*(?:19|20)\d{2}\s*[\]】)])\s*\d{1,4}\s*号",
    r"(?<![\d.])(?:19|20)\d{2}(?:1[0-2]|0?[1-9])月",
    r"(?<!a)(?=ab)a[ab]{0,9}",
    r"(?<!b)(?!ab)a[ab]{0,2}",
    r"(?<=a)(?<!ba)a(b)",
    r"(?:^|(?<=[。:\n\s])|(?<=概述))(对[^。\n]{2,8}?进行)。",  # alternatives that take nothing
    r"(?:\b|(?<=a))(?:(?<!甲)|$)b",
    # opening with one of a few strings or characters
    r"\((\s*)\)|甲\s*甲|x\s*x",
    r"(?:对|进行)[^。\n]{0,6}?(?:a|b)",
    r"[ab甲]\s*:",
    r"ab(?=x)|甲。|2005",
]


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(GUIDED),
    st.lists(
        st.sampled_from(
            [
                *"ab\n x甲。:对",
                "分享到",
                "相关文档",
                "2021年计划",
                "(一)",
                "【2021】",
                "(2020]",
                "[1999)",
                "3号",
                "201912月",
                "19",
                "2005",
                "9月",
                "进行",
                "概述",
            ]
        ),
        max_size=40,
    ),
)
def test_guided_search_finds_what_re_finds(source: str, pieces: list[str]) -> None:
    """A pattern searched only where its guide matches gives re.finditer's matches."""
    regex = Regex.of(source, re.M)
    assert isinstance(regex.shape, Guided)
    text = "".join(pieces)
    assert [m.regs for m in regex.finditer(text)] == [m.regs for m in re.finditer(source, text, re.M)]
    again = pickle.loads(pickle.dumps(regex))  # loaded from the rule cache: compiled on first use
    assert [m.regs for m in again.finditer(text)] == [m.regs for m in re.finditer(source, text, re.M)]


def test_a_guide_opening_with_one_of_a_few_is_each_of_them() -> None:
    """A guide opening with one of a few strings or characters ("(?:19|20)", "[【(]") is searched
    as one guide a string: every one of them still guides."""
    text = "甲(2020]3号,甲[1999)4号,甲【2021】5号;200512月,19991月,20081月"
    for source in GUIDED[5:7]:
        regex = Regex.of(source, re.M)
        expected = [m.regs for m in re.finditer(source, text, re.M)]
        assert len(expected) >= 3
        assert [m.regs for m in regex.finditer(text)] == expected
        assert isinstance(regex.shape, Guided) and len(regex.shape._guides or ()) >= 2


def test_only_patterns_re_would_try_everywhere_are_guided() -> None:
    assert Regex.of(r"^a", re.M).shape is not None
    assert Regex.of(r"^a").shape is None  # without re.M "^" is the text's start: re fails fast
    assert Regex.of(r"^a*", re.M).shape is None  # may match nothing
    assert Regex.of(r"a^b", re.M).shape is None
    assert Regex.of(r"(?<!x)ab").shape is not None
    assert Regex.of(r"(?<!x)a*b").shape is None  # its rest does not open with a string: no guide
    assert Regex.of(r"(?<=(a))b\1").shape is None  # refers to a group of the look
    assert Regex.of(r"(?<!x)(?=a)").shape is None  # nothing but looks
    assert Regex.of(r"(?:^|(?<=a))b").shape is not None
    assert Regex.of(r"(?:(?<=a)|b)c").shape is None  # an alternative takes a character
    assert Regex.of(r"(?:(?<=a))b").shape is not None
    # tried where the looks would have failed: only when a try cannot run over other openers
    assert Regex.of(r"(?<!x)a\s*b").shape is not None
    assert Regex.of(r"(?<!x)a[^\n]*b").shape is None  # from each "a" to the line's end
    assert Regex.of(r"(?<!x)a[ab]{0,40}c").shape is None
    assert Regex.of(r"(?<!x)a[ab]{0,4}c").shape is not None
    assert Regex.of(r"(?<!x)[\u4e00-\u9fff]b").shape is None  # too many openers to know
    # re scans for one of a set: searched for each of a few in turn, after the prefilter
    opening = Regex.of(r"《\s*《|》\s*》", re.M).shape
    assert isinstance(opening, Guided) and opening.opening and opening.count == 2
    assert Regex.of(r"(?i)[ab]c").shape is None  # "A" too: not one string a guide
    assert Regex.of(r"a|b|c|d|e|f|g|h|i").shape is None  # too many to scan for one by one
    assert Regex.of(r"[a-z]x").shape is None
    assert Regex.of(r"ab|cd").shape is None or Regex.of(r"ab|cd").shape.opening


def test_patterns_failing_fast_past_their_opening_string_are_searched_without_prefilter() -> None:
    """re skips to the opening string itself and a try there ends within a few characters: the
    prefilter's questions (words, each a scan when absent) would cost more than the search."""
    assert Regex.of(r"((?:截至|截止)(?:到)?(?:目前|当前|现在))", re.M).direct
    assert Regex.of(r"重复申请(?:的)?(?:共|为|有)?\s*(\d{1,12})\s*件", re.M).direct
    assert Regex.of(r"发布(?:日期|时间)\s*:", re.M).direct
    assert not Regex.of(r"规范性文件(?:(?!规章)[^。;]){0,30}?废止", re.M).direct  # a long run tried
    assert not Regex.of(r"公开(?:了|的)?(?:[^,;:。]{0,10}?)规范性文件", re.M).direct
    assert not Regex.of(r"&(?:nbsp|#\d+);", re.M).direct  # one character asked: faster than re
    assert not Regex.of(r"[ab]cd(?:e|f)", re.M).direct  # re scans for a set: not one string
    assert not Regex.of(r"收到申请", re.M).direct  # nothing after the string
    direct = Regex.of(r"甲乙(?:的)?\s*[丙丁]", re.M)
    text = "甲乙 丙" + "戊" * 1000 + "甲乙的丁"
    assert direct.direct and [m.span() for m in direct.finditer(text)] == [(0, 4), (1004, 1008)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "ab", "ba", "aba", "甲", "甲乙", "乙甲乙"]), min_size=1, max_size=6)
)
def test_strings_asked_first_occur_where_the_strings_do(strings: list[str]) -> None:
    """The prefilter asks the strings in another order, without those holding another of them:
    one of them occurs in a text exactly when one of all of them does."""
    asked = regex_module._asked_first(tuple(strings))
    assert [len(s) for s in asked] == sorted(len(s) for s in asked)
    for text in ("", "a", "b", "ab", "ba", "甲", "乙甲乙", "甲乙a", "xyz"):
        assert any(s in text for s in asked) == any(s in text for s in strings)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "b", "aa", "ab", "aba", "甲", "甲乙", "为为", "《"]), min_size=1, max_size=5
    ),
    st.text(alphabet="ab甲乙为《", max_size=60),
    st.integers(min_value=0, max_value=12),
    st.sampled_from([0, regex_module._FEW]),
)
def test_every_start_of_the_strings_is_found(strings: list[str], text: str, most: int, few: int) -> None:
    """Where a pattern's strings start (Anchors' windows), overlapping occurrences included,
    whether the strings are looked for one by one or in one scan; None when more than `most`."""
    expected = sorted({i for s in strings for i in range(len(text)) if text.startswith(s, i)})
    unique = tuple(dict.fromkeys(strings))
    with mock.patch.object(regex_module, "_FEW", few):
        assert regex_module._find_all(text, unique) == expected
        assert regex_module._find_all(text, unique, most) == (expected if len(expected) <= most else None)
        index = regex_module._Occurrences(text)  # a count too large remembered, the places kept
        assert index.places(unique, most) == (expected if len(expected) <= most else None)
        assert index.places(unique, most - 1) == (expected if len(expected) < most else None)
        assert index.places(unique) == expected


def test_a_pattern_opening_with_a_set_is_searched_near_its_strings_when_they_are_rare() -> None:
    """re skips slowly to one of a set of characters ("《|》"): windows pay when few. (With a
    few, case sensitive, the pattern is searched for each in turn instead: a fast scan each.)"""
    regex = Regex.of(r"(?i)《\s*《|》\s*》")
    assert regex.anchors is not None and regex.anchors.per_try > regex_module._PER_TRY
    assert Regex.of(r"《\s*《").anchors is None  # opening with a string: re is as fast
    assert Regex.of(r"《\s*《|》\s*》").anchors is None  # each of the two strings in turn
    rare = "甲" * 3000 + "《 《" + "乙" * 3000
    assert regex.anchors.finditer(regex.re, rare) is not None
    assert [m.span() for m in regex.finditer(rare)] == [m.span() for m in regex.re.finditer(rare)]
    common = "《》" * 300
    assert regex.anchors.finditer(regex.re, common) is None  # everywhere: one whole search


def test_narrative_phrases_whose_number_guard_held_are_searched_without_prefilter() -> None:
    """Their words are nearly always there (the guard found them next to a number): not asked
    again; the same numbers are read as with every phrase asked."""
    from gklint.rules.kinds.narrative import Narrative
    from tests.rules.harness import load_cases

    texts = [c.spec["text"] for c in load_cases() if isinstance(c.spec.get("text"), str)]
    texts.append("\n".join(texts))  # (a long text: its strings asked of the index)
    narratives = [r.check for r in builtin_rules() if isinstance(r.check, Narrative)]
    guarded = {id(p.pattern) for n in narratives for p in n.phrases if p.around is not None}
    assert guarded
    asked: list[int] = []
    may_match = Regex.may_match

    def counted(self: Regex, text: str) -> bool:
        asked.append(id(self))
        return may_match(self, text)

    def read(prefilter: bool | None) -> list[tuple[str, tuple[int, int]]]:
        finditer = Regex.finditer
        with (
            mock.patch.object(Regex, "may_match", counted),
            mock.patch.object(
                Regex,
                "finditer",
                finditer
                if prefilter is None
                else lambda self, text, **_: finditer(self, text, prefilter=prefilter),
            ),
        ):
            return [(p.what, m.span()) for n in narratives for t in texts for p, m in n.readings(t)]

    found = read(None)
    assert found and not guarded & set(asked)
    assert found == read(True)


_UNBOUNDED_PATTERNS = [  # searched near their strings without a horizon (Anchors._near tries each start)
    r"(?<![\d.])(\d{1,12})\s*[件起宗个份](?:[^,;:。、\d()]{0,20}?)行政复议",
    r"(?<![\d.])(\d{1,12})\s*件(?:申请)?(?:因[^,;。\d]{0,16}?)?(?:已|均|全部|作)*无法提供",
    r"(?i)(?<![a-z0-9._-])[a-z0-9._-]{1,64}\s*＠\s*[a-z0-9-]{1,63}",
    r"(?m)^[ \t]*(\d{4}-\d{1,2}-\d{1,2}[ \t]+\d{1,2}:\d{2})",
    r"\s*其中",
    r"(?:\d{1,2}\s*[-至]\s*\d{1,2}\s*月|上半年|年初至今)[^。;\n]{0,20}?截至",
    r"(?<=[。x])a[^。]*b|b",  # (a match may start at the string itself, after a long stretch)
]


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(_UNBOUNDED_PATTERNS),
    st.lists(
        st.sampled_from(
            [
                "1",
                "23",
                "2021-3-4 ",
                "12:30",
                ".",
                " ",
                "\n",
                "件",
                "个",
                "行政复议",
                "无法提供",
                "因",
                "已",
                "其中",
                "，",
                "、",
                "A",
                "b",
                "＠",
                "x.y",
                "上半年",
                "至",
                "月",
                "截至",
                "甲乙丙丁戊",
            ]
        ),
        max_size=40,
    ),
)
@example(_UNBOUNDED_PATTERNS[0], ["1", "1", "1", "件", "行政复议"])
@example(_UNBOUNDED_PATTERNS[-1], ["a", "a", "a", "a", "b"])
def test_only_the_places_a_match_may_start_at_are_tried(source: str, pieces: list[str]) -> None:
    """Without a horizon, a window is tried only where a match's first character may be
    (Anchors.opens): the same matches as trying every place of it, and as re's."""
    regex = Regex.of(source)
    assert regex.anchors is not None and regex.anchors.horizon is None and regex.anchors.opens
    every = dataclasses.replace(regex.anchors, opens=None)
    text = "".join(pieces)
    expected = [m.regs for m in re.finditer(source, text)]
    places = _occurrences(text)
    for near in regex.anchors.sets:
        at = places.places(near.strings) or []
        assert [m.regs for m in regex.anchors._near(regex.re, places, at, near)] == expected, near
        assert [m.regs for m in every._near(regex.re, places, at, near)] == expected, near


def test_what_a_match_may_open_with() -> None:
    assert Regex.of(_UNBOUNDED_PATTERNS[0]).anchors.opens == "[\\d]"  # type: ignore[union-attr]
    assert Regex.of(r"\s*其中").anchors.opens == "[\\s]|其"  # type: ignore[union-attr]
    assert Regex.of(r"(?:a|b*)行政复议\d+").anchors.opens == "a|b|行"  # type: ignore[union-attr]
    assert Regex.of(r"[^。]*行政复议\d").anchors.opens is None  # type: ignore[union-attr]  # any character
