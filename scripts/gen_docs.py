"""Regenerate the documentation that is derived from data, never written twice:

- docs/rules/GKnnn.md and docs/rules/index.md (规则说明) from the rule files in rules/;
- docs/cells.md (单元格编号) from the table label files in gklint/tables/labels/.

Usage: python scripts/gen_docs.py [--check]   (--check: exit 1 if a file on disk differs)
"""

from __future__ import annotations

import sys
from pathlib import Path

from gklint.report.ruledoc import SEVERITY_NAME, rule_markdown
from gklint.rules import builtin_rules
from gklint.tables.labels import all_cell_ids, cell_name, table_defs

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GROUPS = {
    "1": "结构",
    "2": "算术（表内勾稽关系）",
    "3": "单元格",
    "4": "统计期限与日期",
    "5": "正文与表格",
    "6": "文字",
    "7": "跨年度（与同一机关上一年度的报告比较）",
}
GENERATED = "<!-- 本文件由 scripts/gen_docs.py 生成，请勿手工修改。 -->\n\n"


def rule_pages() -> dict[Path, str]:
    pages: dict[Path, str] = {}
    rules = [r.meta for r in builtin_rules()]
    for meta in rules:
        pages[DOCS / "rules" / f"{meta.code}.md"] = GENERATED + rule_markdown(meta)
    lines = [
        GENERATED + "# 规则说明",
        "",
        "每条规则一页，内容来自 `rules/` 中的规则文件。`gklint explain GK201` 在命令行显示同样的内容。",
        "",
    ]
    for group, title in GROUPS.items():
        members = [m for m in rules if m.code[2] == group]
        if not members:
            continue
        lines += [
            f"## GK{group}xx {title}",
            "",
            "| 编号 | 名称 | 级别 | 适用格式 | 说明 |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| [{m.code}]({m.code}.md) | `{m.name}` | {SEVERITY_NAME[m.severity]} | {''.join(m.eras)} | {m.title} |"
            for m in members
        ]
        lines.append("")
    pages[DOCS / "rules" / "index.md"] = "\n".join(lines)
    return pages


def cells_page() -> str:
    lines = [
        GENERATED + "# 单元格编号",
        "",
        "gklint 把报告中每张统计表的每个数字读成一个“单元格编号”。规则文件、`gklint parse` 的输出和检查结果都使用这些编号。",
        "编号与 shared/spec/cells.md 一致。",
        "",
    ]
    ids = sorted(all_cell_ids())
    for table in table_defs().values():
        prefix = table.prefix + "."
        mine = [i for i in ids if i.startswith(prefix)]
        if table.kind == "a0" or not mine:
            continue
        lines += [f"## {table.title}", "", "| 编号 | 名称 |", "|---|---|"]
        lines += [f"| `{i}` | {cell_name(i)} |" for i in mine]
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    pages = {**rule_pages(), DOCS / "cells.md": cells_page()}
    check = "--check" in sys.argv
    stale = [p for p, text in pages.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    known = set(pages)
    extra = [p for p in (DOCS / "rules").glob("GK*.md") if p not in known]
    if check:
        for p in stale + extra:
            print(f"out of date: {p.relative_to(ROOT)}")
        return 1 if stale or extra else 0
    for p in extra:
        p.unlink()
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(pages[p], encoding="utf-8")
    print(f"{len(stale)} written, {len(extra)} removed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
