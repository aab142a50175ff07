"""The required sections found in a report (kinds/structure.py, Sections._find): a section already
found is not searched for again, which finds what searching every pattern at every heading did."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.rules import builtin_rules
from gklint.rules.kinds.structure import Sections

WORDS = [
    "总体情况",
    "主动公开政府信息",
    "依申请公开",
    "行政复议",
    "行政诉讼",
    "主要问题",
    "问题及改进",
    "其他需要报告",
    "其他",
    "情况",
]


def _reference(sections: Sections, headings: list[str]) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for i, text in enumerate(headings):
        for name, pattern in sections.sections:
            if pattern.re.search(text) and name not in (n for n, _ in found):
                found.append((name, i))
                break
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=3).map("、".join), max_size=10))
def test_sections_found_are_those_of_every_pattern_searched_at_every_heading(headings: list[str]) -> None:
    nodes = [SimpleNamespace(heading=SimpleNamespace(text=t)) for t in headings]
    ctx = SimpleNamespace(report=SimpleNamespace(sections=nodes))
    checks = [r.check for r in builtin_rules() if isinstance(r.check, Sections)]
    assert checks
    for check in checks:
        found = [(name, next(i for i, n in enumerate(nodes) if n is node)) for name, node in check._find(ctx)]  # type: ignore[arg-type]
        assert found == _reference(check, headings)
