"""The command line: typer commands parse options, call the runner, render, return the exit code."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from gklint import __version__
from gklint.errors import GklintError
from gklint.outline import outline
from gklint.runner import analyze_path

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="gklint：政府信息公开工作年度报告检查工具 (a linter for government information disclosure annual reports).",
)


class ParseFormat(str, Enum):
    json = "json"
    tree = "tree"


@app.command("parse")
def parse_command(
    files: Annotated[list[Path], typer.Argument(help="报告文件（.txt）")],
    format: Annotated[
        ParseFormat, typer.Option("--format", "-f", help="输出格式：tree 或 json")
    ] = ParseFormat.tree,
) -> None:
    """解析报告，显示识别出的年份、格式、章节和表格单元格。"""
    results: list[dict[str, Any]] = []
    failed = False
    for path in files:
        try:
            a = analyze_path(path)
            results.append(outline(a.source, a.parsed, a.extraction))
        except GklintError as e:
            failed = True
            results.append({"path": str(path), "error": e.message, "line": e.line})
    if format is ParseFormat.json:
        json.dump({"files": results}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from gklint.report.outline_tree import render_outline_tree

        render_outline_tree(results, Console())
    raise typer.Exit(EXIT_ERROR if failed else EXIT_CLEAN)


@app.callback(invoke_without_command=True)
def _main(version: Annotated[bool, typer.Option("--version", help="显示版本号")] = False) -> None:
    if version:
        typer.echo(f"gklint {__version__}")
        raise typer.Exit()


def main() -> None:
    app()
