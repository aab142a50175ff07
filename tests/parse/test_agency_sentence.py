"""The agency sentence pattern, rewritten so that `re` skips ahead to its first characters, finds
what the old spelling found (facts.yaml's agency_in_sentence: the optional prefix `现|特|予以` is
spelt out with each verb). Checked on random text made of the pieces that matter and on the
fixtures."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from gklint.parse.facts import _patterns
from gklint.read import read_path
from tests.conftest import FIXTURES

_OLD = re.compile(
    "(?:现|特|予以)?(?:公布|发布|印发)(?P<agency>[^,。;:“”《》]{2,30}?)(?:19|20)\\d\\d\\s*年度?(?:政府)?信息公开"
)
PIECES = [
    "现",
    "特",
    "予以",
    "予",
    "以",
    "公布",
    "发布",
    "印发",
    "公",
    "发",
    "印",
    "布",
    "现公布",
    "特发布",
    "某某县人民政府",
    "镇",
    ",",
    "。",
    "《",
    "2020",
    "1999",
    "2020 年",
    "年度",
    "政府",
    "信息公开",
    " ",
    "\n",
]


def _same(text: str) -> None:
    old, new = _OLD.search(text), _patterns().agency_sentence.search(text)
    assert (old and (old.span(), old.span("agency"))) == (new and (new.span(), new.span("agency")))


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_random_texts(text: str) -> None:
    _same(text)


def test_fixtures() -> None:
    for path in sorted(FIXTURES.glob("reports/*.txt")):
        _same(read_path(path).text)


def test_prefix_and_verb() -> None:
    for text, agency in [
        ("现公布某某县人民政府2020年信息公开", "某某县人民政府"),
        ("予以印发某某镇2019年度政府信息公开", "某某镇"),
    ]:
        m = _patterns().agency_sentence.search("开头," + text)
        assert m is not None and m.group("agency") == agency and m.start() == 3
        _same(text)
