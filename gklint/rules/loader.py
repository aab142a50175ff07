"""Loads rule files (rules/<group>/GKnnn.yaml and user folders) into compiled rules.

A rule's code is its file name; codes and names must be unique across all folders.
Errors are RuleFileErrors naming the file and line; nothing is loaded with `yaml.load`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gklint import messages
from gklint.errors import RuleFileError
from gklint.files import describe, read_text_capped
from gklint.rules.kinds import KINDS
from gklint.rules.kinds.base import Rule
from gklint.rules.schema import COMMON_FIELDS, COMMON_REQUIRED, RuleFile, check_fields, read_meta
from gklint.rules.yamlsrc import Located, load_located

RULE_FILE_CAP = 1 << 20  # bytes: the longest built-in rule file is a few KB


def load_rule(path: Path) -> Rule | None:
    """Compile one rule file; None for a rule whose status is `removed`."""
    import yaml  # only when rules are compiled, not on a start with cached rules

    name = str(path)
    try:
        src = load_located(read_text_capped(path, RULE_FILE_CAP))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise RuleFileError(
            name, messages.text("rule-yaml", reason=getattr(e, "problem", e)), mark.line + 1 if mark else None
        ) from e
    except OSError as e:
        raise RuleFileError(name, messages.text("input-os-error", reason=describe(e))) from e
    except (UnicodeDecodeError, ValueError) as e:  # not UTF-8; a number past the int-string limit
        raise RuleFileError(name, messages.text("rule-yaml", reason=e)) from e
    try:
        return _compile(name, path, src)
    except RecursionError as e:  # an expression or `let:` chain nested past what is checked
        raise RuleFileError(name, messages.text("rule-too-complex", reason=type(e).__name__)) from e
    except (ValueError, OverflowError, MemoryError) as e:
        raise RuleFileError(name, messages.text("rule-too-complex", reason=e)) from e


def _compile(name: str, path: Path, src: Located) -> Rule | None:
    if not isinstance(src.data, dict):
        raise RuleFileError(name, messages.text("rule-not-mapping"), 1)
    rule = RuleFile(name, path.stem, src)
    kind_name = src.data.get("kind")
    kind = KINDS.get(str(kind_name))
    if kind is None:
        raise rule.fail("rule-unknown-kind", "kind", kind=kind_name, kinds=", ".join(KINDS))
    check_fields(rule, {**COMMON_FIELDS, **kind.fields}, (*COMMON_REQUIRED, *kind.required))
    meta = read_meta(rule)
    if meta.status == "removed":
        return None
    return Rule(meta, src.data["message"], src.data.get("hint"), kind.compile(rule, meta))


def load_rules(folders: Iterable[Path]) -> list[Rule]:
    """Every rule in the folders (recursively), sorted by code."""
    rules: list[Rule] = []
    by_code: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for folder in folders:
        if not Path(folder).is_dir():
            raise RuleFileError(str(folder), messages.text("rules-folder-missing", folder=folder))
        for path in sorted(Path(folder).rglob("GK*.yaml")):
            rule = load_rule(path)
            code, rule_name = path.stem, (rule.meta.name if rule else None)
            if code in by_code:
                raise RuleFileError(
                    str(path), messages.text("rule-duplicate", code=code, other=by_code[code])
                )
            by_code[code] = str(path)
            if rule is None:
                continue
            if rule_name in by_name:
                raise RuleFileError(
                    str(path),
                    messages.text("rule-duplicate-name", name=rule_name, other=by_name[rule_name]),
                    rule.meta and 1,
                )
            by_name[rule_name] = str(path)  # type: ignore[index]
            rules.append(rule)
    return sorted(rules, key=lambda r: r.meta.code)
