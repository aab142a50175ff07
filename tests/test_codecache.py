"""The kept code (gklint/codecache.py): a pattern or a dataclass made from it behaves exactly as
one compiled afresh, and nothing is kept without the cache."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint import cache, codecache
from gklint.read import normalize
from gklint.resources import rules_dir
from gklint.rules import builtin_rules
from gklint.rules.kinds import pattern as pattern_kind
from gklint.rules.regex import Guided, Regex
from gklint.runner import CheckOptions, check_path
from gklint.tables import labels

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """codecache installed over a fresh cache folder; the stdlib hooks and tables restored after."""
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GKLINT_NO_CACHE", raising=False)
    cache.cache_dir.cache_clear()
    cache._secret.cache_clear()
    plain = re._compiler.compile  # type: ignore[attr-defined]
    for name, value in (
        ("_CODE", {}),
        ("_REGEX", {}),
        ("_DERIVED", {}),
        ("_KEPT_DERIVED", None),
        ("_used", set()),
        ("_new", False),
        ("_new_derived", False),
        ("_installed", False),
    ):
        monkeypatch.setattr(codecache, name, value)
    try:
        yield tmp_path / "cache"
    finally:
        re._compiler.compile = plain  # type: ignore[attr-defined]
        vars(dataclasses).pop("exec", None)
        cache.cache_dir.cache_clear()
        cache._secret.cache_clear()


def _fresh_process_tables() -> None:
    """As a new process that loads what the last one kept."""
    codecache._CODE.clear()
    codecache._REGEX.clear()
    codecache._DERIVED.clear()
    codecache._KEPT_DERIVED = None
    codecache._installed = False
    codecache.install()


def _rule_patterns() -> list[str]:
    """Patterns as the rule files write them (single-quoted YAML scalars after `pattern:` and the like)."""
    found = []
    for path in sorted(rules_dir().rglob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, value = line.strip().partition(": ")
            if key.endswith(("pattern", "unless")) and value.startswith("'") and value.endswith("'"):
                found.append(value[1:-1].replace("''", "'"))
    return found


def _same(a: re.Pattern[Any], b: re.Pattern[Any], texts: list[str]) -> None:
    assert (a.pattern, a.flags, a.groups, dict(a.groupindex)) == (
        b.pattern,
        b.flags,
        b.groups,
        dict(b.groupindex),
    )
    for text in texts:
        assert [(m.span(), m.groups()) for m in a.finditer(text)] == [
            (m.span(), m.groups()) for m in b.finditer(text)
        ]


def test_kept_patterns_match_as_fresh_ones(kept: Path) -> None:
    """Every pattern a check compiles (the grammar's lexer, the normaliser's, the rules') and the
    rule files' own."""
    reports = sorted((ROOT / "tests/fixtures/reports").glob("*.txt"))[:6]
    texts = [p.read_text(encoding="utf-8") for p in reports]
    codecache.install()
    re.purge()  # so that every pattern goes through the kept code, not re's own cache
    builtin_rules.cache_clear()  # rules compiled by an earlier test would compile nothing here
    check_path(reports[0], CheckOptions(builtin_rules()), cached=False)
    rule_patterns = _rule_patterns()
    for pattern in rule_patterns:
        re._compiler.compile(pattern, 0)  # type: ignore[attr-defined]
    sources = [key for key in codecache._REGEX if len(key) == 2]  # not the guides' parse trees
    first = {key: re._compiler.compile(*key) for key in sources}  # type: ignore[attr-defined]
    assert len(first) > len(set(rule_patterns)) > 20
    codecache.save()
    _fresh_process_tables()
    assert {key for key in codecache._REGEX if len(key) == 2} == set(first)  # loaded, not compiled again
    for (pattern, flags), before in first.items():
        again = re._compiler.compile(pattern, flags)  # type: ignore[attr-defined]
        _same(again, before, texts)
        _same(again, codecache._plain_compile(pattern, flags), texts)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "b", "年", "(", ")", "|", "*", "?", "[ab]", "(?P<n>x)", r"\d", "{1,3}"]),
        max_size=8,
    ),
    st.sampled_from([0, re.IGNORECASE, re.MULTILINE | re.DOTALL]),
    st.text(alphabet="ab年x1\n", max_size=30),
)
def test_random_patterns_compile_as_re_does(parts: list[str], flags: int, text: str) -> None:
    pattern = "".join(parts)
    try:
        expected = codecache._plain_compile(pattern, flags)
    except re.error:
        return
    codecache._REGEX.pop((pattern, flags), None)
    made = codecache._regex(pattern, flags)  # compiled and kept
    kept = codecache._regex(pattern, flags)  # from the table
    for p in (made, kept):
        _same(p, expected, [text])


def test_kept_dataclass_methods_behave_as_fresh_ones(kept: Path) -> None:
    def make() -> type:
        @dataclasses.dataclass(frozen=True, order=True)
        class Point:
            x: int
            y: str = "a"
            tags: tuple[str, ...] = ()

        return Point

    codecache.install()
    make()
    codecache.save()
    _fresh_process_tables()
    compiled = codecache._new
    point = make()
    assert not codecache._new and not compiled  # every method came from the kept code
    p = point(1, "b")
    assert p == point(1, "b") and p != point(2) and p < point(2)
    assert hash(p) == hash(point(1, "b")) and repr(p).endswith(".Point(x=1, y='b', tags=())")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 3  # type: ignore[misc]


def test_nothing_kept_without_the_cache(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKLINT_NO_CACHE", "1")
    cache.cache_dir.cache_clear()
    codecache.install()
    assert not codecache._installed and "exec" not in vars(dataclasses)
    codecache.save()
    assert not kept.exists()


def test_derived_data_is_kept_until_the_package_changes(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []

    def make() -> dict[str, list[int]]:
        made.append(1)
        return {"x": [1, 2]}

    codecache.install()
    assert codecache.derived("t", make) == {"x": [1, 2]}
    codecache.derived("other", lambda: ["another entry, not unpickled until used"])
    codecache.derived("none", lambda: None)
    codecache.save()
    _fresh_process_tables()
    assert codecache.derived("t", make) == {"x": [1, 2]} and len(made) == 1  # loaded, not made
    assert codecache.derived("none", lambda: None) is None and "other" not in codecache._DERIVED
    monkeypatch.setattr(cache, "package_digest", lambda: "another build")
    _fresh_process_tables()
    assert codecache.derived("t", make) == {"x": [1, 2]} and len(made) == 2


def _plain(value: object) -> object:
    """A value as nested plain data, to compare two object graphs field by field."""
    if isinstance(value, re.Pattern):
        return ("re", value.pattern, value.flags)
    if isinstance(value, dict):
        return sorted((repr(k), _plain(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_plain(v)) for v in value)
    if isinstance(value, str | bytes | int | float | bool | type(None)):
        return value
    slots = [n for c in type(value).__mro__ for n in getattr(c, "__slots__", ())]
    fields = {n: getattr(value, n) for n in slots if hasattr(value, n) and n != "_compiled"}
    fields.update(getattr(value, "__dict__", {}))  # a Regex's compiled pattern is made on first use
    return (type(value).__qualname__, _plain(fields))


def test_derived_check_data_loads_as_made_afresh(kept: Path) -> None:
    """The normaliser's tables, the table labels and the facts of patterns naming the year, as a
    check keeps them, equal those worked out anew (pickled alike: same fields, same patterns)."""
    report = sorted((ROOT / "tests/fixtures/reports").glob("*.txt"))[0]

    def check() -> object:
        for cached in (normalize._rules, labels.table_defs, pattern_kind._compiled):
            cached.cache_clear()
        pattern_kind._BY_YEAR.clear()  # (each rule's patterns for a year, kept with them)
        check_path(report, CheckOptions(builtin_rules()), cached=False)
        return _plain(codecache._DERIVED)

    codecache.install()
    made = check()
    assert {"normalize", "table_defs"} <= set(codecache._DERIVED) and any(
        k.startswith("pattern ") for k in codecache._DERIVED
    )
    codecache.save()
    _fresh_process_tables()
    assert check() == made and not codecache._new_derived


def test_code_of_another_build_of_gklint_is_not_loaded(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After an upgrade (or any change to the package), what the older code compiled is neither
    loaded nor kept: the table holds what this gklint compiles."""
    codecache.install()
    codecache._regex("年度报告(?:表)?", 0)
    codecache.save()
    _fresh_process_tables()
    assert ("年度报告(?:表)?", 0) in codecache._REGEX
    monkeypatch.setattr(cache, "package_digest", lambda: "another build")
    _fresh_process_tables()
    assert not codecache._REGEX and not codecache._CODE


def test_kept_guides_match_as_fresh_ones(kept: Path) -> None:
    """A pattern's guides (parse trees, no source text: gklint/rules/regex.py Guided) kept and
    loaded find what freshly compiled ones find."""
    texts = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures/reports").glob("*.txt"))[:4]
    ]
    sources = [
        "^（[一二三四五六七八九十]+）.{0,20}",
        r"(?<!\d)(?:19|20)\d{2}\s*年",
        r"(?<=[一-鿿])[【(]\s*\d+",
    ]
    fresh = []
    for source in sources:
        regex = Regex.of(source, re.M)
        assert isinstance(regex.shape, Guided)
        fresh.append(regex.shape._parts(regex.re))
    codecache.install()
    made = [Regex.of(s, re.M) for s in sources]
    for regex in made:
        regex.shape._compile(regex.re)  # type: ignore[union-attr]
    codecache.save()
    _fresh_process_tables()
    assert len([key for key in codecache._REGEX if len(key) == 3]) == sum(map(len, fresh))
    for source, parts in zip(sources, fresh, strict=True):
        regex = Regex.of(source, re.M)
        guides = regex.shape._compile(regex.re)  # type: ignore[union-attr]
        assert len(guides) == len(parts) and not codecache._new  # loaded, not compiled
        for guide, part in zip(guides, parts, strict=True):
            plain = re._compiler.compile(part, regex.re.flags)  # type: ignore[attr-defined]
            for text in texts:
                assert [m.span() for m in guide.finditer(text)] == [m.span() for m in plain.finditer(text)]
