"""Rule files are validated when loaded: every mistake is a RuleFileError naming file and line,
never a traceback; the limits hold against hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.errors import RuleFileError
from gklint.rules.loader import load_rule, load_rules

GOOD = """\
name: my-rule
severity: error
eras: [C]
title: 示例
kind: equation
assert: t3.new.total >= 0
message: "{lhs}"
doc: {what: w, why: y, bad: b, good: g}
"""


def _rule(tmp_path: Path, text: str, name: str = "GK901.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_rule_loads(tmp_path: Path) -> None:
    rule = load_rule(_rule(tmp_path, GOOD))
    assert rule is not None and rule.meta.code == "GK901"


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("severity: error", "severity: fatal"), 2, "severity"),
        (("kind: equation", "kind: sum"), 5, "sum"),
        (("assert: t3.new.total >= 0", "assert: t3.new.total >="), 6, "表达式"),
        (("assert: t3.new.total >= 0", "assert: t3.neww.total >= 0"), 6, "t3.neww.total"),
        (("assert: t3.new.total >= 0", "assert: x >= 0"), 6, "x"),
        (("assert: t3.new.total >= 0", "assert: summ(t3.new.total) >= 0"), 6, "summ"),
        (('message: "{lhs}"', 'message: "{lhs.__class__}"'), 7, "__class__"),
        (("title: 示例", "title: 示例\nwhatever: 1"), 5, "whatever"),
        (("name: my-rule", "name: My Rule"), 1, "My Rule"),
        (("doc: {what: w, why: y, bad: b, good: g}", "doc: {what: w, why: y, bad: b}"), 8, "good"),
        (("eras: [C]", "eras: [D]"), 3, "eras"),
        (("assert: t3.new.total >= 0", "assert: t3.*.total >= 0"), 6, "sum"),
    ],
)
def test_mistakes_name_the_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    path = _rule(tmp_path, GOOD.replace(*change))
    with pytest.raises(RuleFileError) as e:
        load_rule(path)
    assert e.value.path == str(path)
    assert e.value.line == line
    assert words in e.value.message


def test_bad_yaml_is_a_rule_file_error(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as e:
        load_rule(_rule(tmp_path, "name: [unclosed\n"))
    assert e.value.line == 2


def test_file_name_must_be_a_code(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="GK"):
        load_rule(_rule(tmp_path, GOOD, "GK9x1.yaml"))


def test_a_ten_thousand_term_expression_is_refused_not_parsed(tmp_path: Path) -> None:
    expression = " + ".join(["t3.new.total"] * 10_000) + " >= 0"
    with pytest.raises(RuleFileError, match="过长"):
        load_rule(_rule(tmp_path, GOOD.replace("t3.new.total >= 0", expression)))


def test_deeply_nested_brackets_are_refused(tmp_path: Path) -> None:
    expression = "(" * 500 + "t3.new.total" + ")" * 500 + " >= 0"
    with pytest.raises(RuleFileError, match="嵌套"):
        load_rule(_rule(tmp_path, GOOD.replace("t3.new.total >= 0", expression)))


def test_codes_and_names_are_unique_across_folders(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    _rule(a, GOOD)
    _rule(b, GOOD)
    with pytest.raises(RuleFileError, match="GK901"):
        load_rules([a, b])
    _rule(b, GOOD, "GK902.yaml").rename(b / "GK902.yaml")
    (b / "GK901.yaml").unlink()
    with pytest.raises(RuleFileError, match="my-rule"):
        load_rules([a, b])


def test_a_replaced_context_does_not_inherit_the_shared_views() -> None:
    from dataclasses import replace

    from gklint.rules import RuleContext

    ctx = RuleContext(cells={}, era="C", era_source="table", year=2022)
    assert ctx.shared("view", lambda: "old") == "old"
    assert replace(ctx, year=2021).shared("view", lambda: "new") == "new"


STRUCTURE = """\
name: my-structure
severity: error
eras: [C]
title: 示例
kind: structure
check: {check}
params: {params}
message: "{{year}}"
doc: {{what: w, why: y, bad: b, good: g}}
"""


@pytest.mark.parametrize(
    ("check", "params", "words"),
    [
        ("era-mismatch", "{names: {A: x}}", "by_year"),
        ("era-mismatch", "{by_year: {A: 2014}}", "by_year.A"),
        ("table-missing", "{tables: [t2]}", "tables"),
        ("table-missing", "{tables: {C: [t2]}, years: [2019]}", "years"),
        ("table-problems", "{problems: row-unaligned}", "problems"),
        ("sections-order", "{sections: [{name: 一}]}", "sections"),
        ("no-such-check", "{}", "not-a-report"),
    ],
)
def test_structure_parameters_are_checked_when_loaded(
    tmp_path: Path, check: str, params: str, words: str
) -> None:
    path = _rule(tmp_path, STRUCTURE.format(check=check, params=params))
    with pytest.raises(RuleFileError, match=words) as e:
        load_rule(path)
    assert e.value.line in (6, 7)
