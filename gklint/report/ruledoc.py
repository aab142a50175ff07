"""A rule's documentation as Markdown (Chinese), from its RuleMeta: used by `gklint explain`,
the generated docs/rules/GKnnn.md pages and SARIF help text. Written once, from the rule file."""

from __future__ import annotations

from functools import cache
from typing import Any

from gklint.model import RuleMeta
from gklint.resources import data_path
from gklint.yamlfile import load_file

SEVERITY_NAME = {"error": "错误（error）", "warning": "警告（warning）", "info": "提示（info）"}
ERA_NAME = {"A": "A（2014—2018 年度统计表）", "B": "B（2019 格式）", "C": "C（2021 格式）"}


@cache
def words() -> dict[str, Any]:
    return load_file(data_path("ruledoc.yaml"))


def rule_markdown(meta: RuleMeta, *, heading: str = "#") -> str:
    doc = meta.doc
    lines = [
        f"{heading} {meta.code} {meta.name}：{meta.title}",
        "",
        f"- 级别：{SEVERITY_NAME[meta.severity]}",
        f"- 适用格式：{'、'.join(ERA_NAME[e] for e in meta.eras)}",
        f"- 检查类型：{words()['kinds'].get(meta.kind, meta.kind)}（`{meta.kind}`）",
    ]
    if meta.aliases:
        lines.append(f"- 别名：{'、'.join(meta.aliases)}")
    if doc.references:
        lines.append(f"- 依据：{'；'.join(words()['references'].get(r, r) for r in doc.references)}")
    lines += [
        "",
        f"{heading}# 检查什么",
        "",
        doc.what,
        "",
        f"{heading}# 为什么",
        "",
        doc.why,
        "",
    ]
    if doc.previous:  # a cross-year rule: both examples are compared with this report
        lines += [
            f"{heading}# 上年报告（两个示例都与它比较）",
            "",
            "```text",
            doc.previous.rstrip(),
            "```",
            "",
        ]
    lines += [
        f"{heading}# 错误示例",
        "",
        "```text",
        doc.bad.rstrip(),
        "```",
        "",
        f"{heading}# 正确示例",
        "",
        "```text",
        doc.good.rstrip(),
        "```",
        "",
    ]
    return "\n".join(lines)
