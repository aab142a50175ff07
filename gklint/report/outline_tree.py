"""`gklint parse --format tree`: a report's outline (from gklint.outline) as a rich tree."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.tree import Tree


def render_outline_tree(files: list[dict[str, Any]], console: Console) -> None:
    for f in files:
        console.print(_tree(f))


def _tree(f: dict[str, Any]) -> Tree:
    if f.get("error"):
        return Tree(f"[bold]{escape(f['path'])}[/]  [red]{escape(f['error'])}[/]")
    head = f"[bold]{escape(f['path'])}[/]  年份 {f['year'] or '?'} · 格式 {f['era']} · {escape(f['agency'] or '发布机关未识别')}"
    tree = Tree(head)
    period = f["period"]
    if period:
        tree.add(
            f"统计期限 第{period['line']}行: {escape(period['raw'])}"
            + (" [yellow](日期有缺损)[/]" if period["damaged"] else "")
        )
    if f["published"]:
        tree.add(f"落款日期 第{f['published']['line']}行: {escape(f['published']['raw'])}")
    sections = tree.add("章节")
    for s in f["sections"]:
        _add_section(sections, s)
    tables = tree.add(f"表格（{len(f['tables'])} 个，{len(f['cells'])} 个单元格）")
    for t in f["tables"]:
        tables.add(f"{t['kind']}: 第{t['line']}–{t['end_line']}行")
    if f["problems"]:
        problems = tree.add("[yellow]问题[/]")
        for p in f["problems"]:
            where = f"第{p['line']}行: " if p["line"] else ""
            problems.add(escape(where + p["message"]))
    return tree


def _add_section(parent: Tree, s: dict[str, Any]) -> None:
    node = parent.add(f"{escape(s['number'])} {escape(s['title'])}  [dim]第{s['line']}行[/]")
    for child in s["children"]:
        _add_section(node, child)
