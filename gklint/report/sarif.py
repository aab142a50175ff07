"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other viewers.

Rule metadata goes in tool.driver.rules (from the rule files); each finding is a result with its
region, the other cells of an equation as relatedLocations, and partialFingerprints that stay
stable across runs (gklint.suppress.fingerprints). Columns count Unicode code points. A finding in
a Word, web or PDF report has no region: its place in the document leads the message.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import IO, Any

from gklint import __version__
from gklint.model import FileReport, Finding, RuleMeta
from gklint.report import RenderOptions
from gklint.report.fingerprint import fingerprints
from gklint.report.ruledoc import rule_markdown

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/gklint/gklint"


def _uri(path: str) -> str:
    return PurePath(path).as_posix()


def _region(f: Finding) -> dict[str, Any]:
    assert f.start is not None
    region: dict[str, Any] = {"startLine": f.start.line, "startColumn": f.start.column}
    if f.end:
        region.update(endLine=f.end.line, endColumn=max(f.end.column, 1))
    return region


def _rule(meta: RuleMeta) -> dict[str, Any]:
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.doc.what},
        "help": {
            "text": f"{meta.doc.what}\n\n{meta.doc.why}",
            "markdown": rule_markdown(meta, heading="###"),
        },
        "defaultConfiguration": {"level": LEVEL[meta.severity]},
        "properties": {"tags": [f"era-{e}" for e in meta.eras], "kind": meta.kind},
    }


def _result(path: str, f: Finding, index: dict[str, int], fingerprint: str) -> dict[str, Any]:
    d = f.diagnostic
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": "note" if d.outcome == "not-assessable" else LEVEL[d.severity],
        "message": {
            "text": (f"{f.location}：" if f.location else "") + d.message + (f"\n{d.hint}" if d.hint else "")
        },
        "partialFingerprints": {"gklint/v1": fingerprint},
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    location: dict[str, Any] = {"artifactLocation": {"uri": _uri(path)}}
    result["locations"] = [{"physicalLocation": location}]
    if f.location:
        # a Word, web or PDF report: lines count gklint's conversion, not the document's (as in
        # the github format, the place in the document leads the message instead)
        return result
    if f.start:
        location["region"] = _region(f)
    related = [
        {
            "id": i,
            "message": {"text": f"{c.ref.name}：{c.ref.raw if c.ref.raw is not None else '（缺）'}"},
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(path)},
                "region": {"startLine": c.start.line, "startColumn": c.start.column},
            },
        }
        for i, c in enumerate(f.cells)
        if c.start is not None
    ]
    if related:
        result["relatedLocations"] = related
    return result


def sarif_log(reports: Sequence[FileReport], rules: Sequence[RuleMeta]) -> dict[str, Any]:
    index = {meta.code: i for i, meta in enumerate(rules)}
    results = [
        _result(r.path, f, index, p)
        for r in reports
        for f, p in zip(r.findings, fingerprints(r), strict=True)
    ]
    notifications = [  # files not checked: unreadable (error) or of a kind gklint cannot read
        {
            "level": "error" if r.error else "warning",
            "message": {"text": r.error or r.skipped or ""},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}],
        }
        for r in reports
        if r.error or r.skipped
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gklint",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(m) for m in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not any(r.error for r in reports),
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }


def render(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    json.dump(sarif_log(reports, rules), out, ensure_ascii=False, indent=2)
    out.write("\n")
