"""What a rule file may say, checked when it is loaded.

Every rule file holds one rule: the common fields below plus those of its `kind` (a closed set,
each kind module declares its own fields). An unknown key, a missing field, a bad value, a bad
expression or an unknown cell id is a RuleFileError naming the file and line.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from gklint import messages
from gklint.errors import RuleFileError
from gklint.model import RuleDoc, RuleMeta
from gklint.rules.yamlsrc import Located

CODE = re.compile(r"^GK\d{3}$")  # GK0xx: about gklint itself (configuration)
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
SEVERITIES = ("error", "warning", "info")
ERAS = ("A", "B", "C")
STATUSES = ("stable", "preview", "deprecated", "removed")
COMMON_FIELDS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "severity": str,
    "eras": list,
    "title": str,
    "kind": str,
    "message": str,
    "doc": dict,
    "status": str,
    "aliases": list,
    "hint": str,
}
COMMON_REQUIRED = ("name", "severity", "eras", "title", "kind", "message", "doc")
DOC_FIELDS = ("what", "why", "bad", "good", "references", "previous")  # previous: cross-year rules
DOC_REQUIRED = ("what", "why", "bad", "good")
# Attributes a message template may use on a value ({a.name}: the cell's name).
TEMPLATE_ATTRIBUTES = frozenset({"name", "raw"})


@dataclass(frozen=True)
class RuleFile:
    """A loaded rule file: its path, located data, and code (from the file name)."""

    path: str
    code: str
    src: Located

    def fail(self, message: str, /, *keys: str, **args: object) -> RuleFileError:
        """A RuleFileError with the text of `message` (a key of messages.yaml), at the line of `keys`."""
        return RuleFileError(self.path, messages.text(message, **args), self.src.line(*keys))

    @property
    def data(self) -> dict[str, Any]:
        return self.src.data  # type: ignore[no-any-return]


def check_fields(
    rule: RuleFile, allowed: Mapping[str, type | tuple[type, ...]], required: Iterable[str]
) -> None:
    """Unknown keys, missing keys and wrong types are errors."""
    data = rule.data
    for key, value in data.items():
        if key not in allowed:
            raise rule.fail("rule-unknown-field", key, key=key, allowed=", ".join(sorted(allowed)))
        expected = allowed[key]
        if not isinstance(value, expected) or isinstance(value, bool) and expected is not bool:
            names = (
                expected.__name__ if isinstance(expected, type) else "/".join(t.__name__ for t in expected)
            )
            raise rule.fail("rule-field-type", key, key=key, expected=names, actual=type(value).__name__)
    for key in required:
        if key not in data:
            raise rule.fail("rule-missing-field", key=key)


def read_meta(rule: RuleFile) -> RuleMeta:
    """The common fields of a rule, validated."""
    d = rule.data
    if not CODE.match(rule.code):
        raise rule.fail("rule-bad-code", code=rule.code)
    if not NAME.match(d["name"]):
        raise rule.fail("rule-bad-name", "name", name=d["name"])
    if d["severity"] not in SEVERITIES:
        raise rule.fail("rule-bad-choice", "severity", key="severity", choices=", ".join(SEVERITIES))
    eras = tuple(str(e) for e in d["eras"])
    if not eras or any(e not in ERAS for e in eras):
        raise rule.fail("rule-bad-choice", "eras", key="eras", choices=", ".join(ERAS))
    status = d.get("status", "stable")
    if status not in STATUSES:
        raise rule.fail("rule-bad-choice", "status", key="status", choices=", ".join(STATUSES))
    doc = d["doc"]
    for key in doc:
        if key not in DOC_FIELDS:
            raise rule.fail(
                "rule-unknown-field", "doc", str(key), key=f"doc.{key}", allowed=", ".join(DOC_FIELDS)
            )
    for key in DOC_REQUIRED:
        if not isinstance(doc.get(key), str) or not doc[key].strip():
            raise rule.fail("rule-doc-missing", "doc", key=key)
    return RuleMeta(
        code=rule.code,
        name=d["name"],
        severity=d["severity"],
        eras=eras,
        title=d["title"],
        kind=d["kind"],
        doc=RuleDoc(
            doc["what"].strip(),
            doc["why"].strip(),
            doc["bad"],
            doc["good"],
            tuple(doc.get("references", ())),
            str(doc.get("previous", "")),
        ),
        path=rule.path,
        status=status,
        aliases=tuple(str(a) for a in d.get("aliases", ())),
    )


def check_template(rule: RuleFile, key: str, template: str, fields: Iterable[str]) -> None:
    """A message template may only name the fields its kind provides ({a}, {a.name}, {lhs} …)."""
    allowed = set(fields)
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as e:
        raise rule.fail("rule-template-syntax", key, key=key, reason=e) from e
    for _, field_name, spec, conversion in parsed:
        if field_name is None:
            continue
        base, _, attr = field_name.partition(".")
        if (
            base not in allowed
            or (attr and attr not in TEMPLATE_ATTRIBUTES)
            or "[" in field_name
            or conversion
        ):
            usable = ", ".join("{" + f + "}" for f in sorted(allowed))
            raise rule.fail("rule-template-field", key, key=key, field="{" + field_name + "}", usable=usable)
        if spec:
            raise rule.fail(
                "rule-template-field",
                key,
                key=key,
                field="{" + field_name + ":" + spec + "}",
                usable="（不支持格式说明）",
            )
