"""The command line: typer commands parse options, call the runner, render, return the exit code.

Each command imports what it needs inside its body: a single-file `gklint check` must start fast
(docs/performance.md), so `check` does not pay for the outline, JSON or tree code of `parse`.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gklint import __version__
from gklint.cli_zh import ChineseCommand, ChineseGroup

if TYPE_CHECKING:  # imported when the command runs: start-up stays light
    from gklint.runner import Analysis

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    cls=ChineseGroup,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # help and parser errors come from gklint.cli_zh, in Chinese
    context_settings={"help_option_names": ["-h", "--help"]},
    help="gklint：政府信息公开工作年度报告检查工具 (a linter for government information disclosure annual reports).",
)


class InputChoice(StrEnum):
    auto = "auto"
    text = "text"
    docx = "docx"
    html = "html"
    pdf = "pdf"


class ParseFormat(StrEnum):
    json = "json"
    tree = "tree"


def report_files(paths: list[Path]) -> list[Path]:
    """The files to parse: the files given, and report files found in the folders given."""
    from gklint.checking import REPORT_SUFFIXES

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            )
        else:
            found.append(path)
    return found


@app.command("parse", cls=ChineseCommand)
def parse_command(
    files: Annotated[list[Path], typer.Argument(help="报告文件（.txt、.docx、.html、.pdf）或文件夹")],
    format: Annotated[
        ParseFormat, typer.Option("--format", "-f", help="输出格式：tree 或 json")
    ] = ParseFormat.tree,
    input_format: Annotated[
        InputChoice, typer.Option("--input-format", help="文件格式（默认按内容识别）")
    ] = InputChoice.auto,
    explain: Annotated[
        str | None,
        typer.Option("--explain", metavar="CELL_ID", help="说明这个单元格是怎样读出的，或为什么没有读出"),
    ] = None,
) -> None:
    """解析报告，显示识别出的年份、格式、章节和表格单元格。"""
    import json

    from gklint.batch import outline_files

    if explain:
        raise typer.Exit(_explain_files(report_files(files), input_format.value, explain))
    results = list(outline_files([str(p) for p in report_files(files)], input_format.value))
    failed = any(r.get("error") for r in results)
    if format is ParseFormat.json:
        json.dump({"files": results}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from rich.console import Console

        from gklint.report.outline_tree import render_outline_tree

        render_outline_tree(results, Console(emoji=False))
    raise typer.Exit(EXIT_ERROR if failed else EXIT_CLEAN)


def _explain_files(paths: list[Path], input_format: str, cell_id: str) -> int:
    """`parse --explain`: each file's explanation of one cell; a file that cannot be read says so."""
    from gklint.errors import GklintError
    from gklint.runner import analyze_path

    failed = False
    for path in paths:
        try:
            _print_explanation(path, analyze_path(path, input_format=input_format), cell_id)
        except GklintError as e:
            failed = True
            print(f"{path}: {e.message}")
    return EXIT_ERROR if failed else EXIT_CLEAN


def _print_explanation(path: Path, analysis: Analysis, cell_id: str) -> None:
    """`parse --explain`: each step with the line and text it points at."""
    from gklint.tables import explain_cell

    posmap = analysis.source.posmap
    print(f"{path}  {cell_id}")
    for text, span in explain_cell(analysis.parsed, cell_id):
        if span is None:
            print(f"  {text}")
            continue
        start = posmap.position(span.start)
        end = posmap.position(max(span.end - 1, span.start))
        where = f"第{start.line}行" if start.line == end.line else f"第{start.line}–{end.line}行"
        quoted = analysis.source.text[span.start : span.end].replace("\n", "⏎")
        quoted = quoted if len(quoted) <= 60 else quoted[:57] + "…"
        print(f"  {where}  {text}" + (f"  「{quoted}」" if quoted and not text.startswith("值") else ""))


class FormatChoice(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    html = "html"
    concise = "concise"
    csv = "csv"
    xlsx = "xlsx"


class SeverityChoice(StrEnum):
    info = "info"
    warning = "warning"
    error = "error"


def _known_era(value: str | None) -> str | None:
    """--era takes the id of a format gklint knows (gklint/registry.py)."""
    from gklint.registry import format_ids

    if value is not None and value not in format_ids():
        raise typer.BadParameter(f"表格版本只能是：{'、'.join(format_ids())}")
    return value


@app.command("check", cls=ChineseCommand)
def check_command(
    paths: Annotated[list[Path], typer.Argument(help="报告文件或文件夹；- 表示从标准输入读取")],
    format: Annotated[
        FormatChoice | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式。text：按文件列出问题和原文；concise：每个问题一行“文件:行:列: 规则 说明”；"
            "json、sarif、junit：给程序读；github：GitHub 标注；html：网页报告；csv、xlsx：表格"
            "（xlsx 需要 openpyxl）。不指定时按 -o 文件的扩展名选择，在 GitHub Actions 中为 github，否则为 text",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="把结果写到这个文件（终端上仍显示汇总）")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option("--select", help="只检查这些规则（编号、前缀如 GK2、或名称），可重复")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="不检查这些规则，可重复")] = None,
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="另外加载这个文件夹中的规则，可重复")
    ] = None,
    severity: Annotated[
        SeverityChoice | None, typer.Option("--severity", help="只显示这个级别及以上的问题")
    ] = None,
    fail_on: Annotated[
        SeverityChoice | None,
        typer.Option("--fail-on", help="有这个级别及以上的问题时退出码为 1（默认 error）"),
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="指定报告年度，不从报告中识别")] = None,
    era: Annotated[
        str | None,
        typer.Option(
            "--era", metavar="<A|B|C>", help="指定表格版本 A/B/C，不从表格识别", callback=_known_era
        ),
    ] = None,
    statistics: Annotated[bool, typer.Option("--statistics", help="按规则统计问题数量")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="不列出问题，每个文件一行：识别出的年度、格式、机关和问题数")
    ] = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="发现问题时退出码也为 0（有文件无法检查时仍为 2）")
    ] = False,
    config: Annotated[Path | None, typer.Option("--config", help="使用这个配置文件")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="不读取任何配置文件")] = False,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="基线文件：不存在时记录本次问题，存在时只报告新问题")
    ] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="并行进程数（默认为 CPU 数）")] = None,
    include: Annotated[
        list[str] | None, typer.Option("--include", help="从文件夹中选取的文件（通配符），可重复")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="从文件夹中排除的文件（通配符），可重复")
    ] = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="文件大小上限（字节，默认 20 MB）")
    ] = None,
    input_format: Annotated[
        InputChoice, typer.Option("--input-format", help="文件格式（默认按内容识别）")
    ] = InputChoice.auto,
    previous: Annotated[
        Path | None, typer.Option("--previous", help="同一机关上一年度的报告：与它作跨年度比较")
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", help="每份文件的检查时间上限（秒，默认 30；0 表示不限）", min=0),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="不读也不写缓存（默认缓存每个文件的检查结果，文件和规则不变时直接使用）"
        ),
    ] = False,
) -> None:
    """检查报告，列出发现的问题。"""
    from gklint.checking import CheckRequest, run_check

    request = CheckRequest(
        paths=tuple(paths),
        fmt=format.value if format else None,
        output=output,
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        rules=tuple(rules or ()),
        severity=severity.value if severity else None,
        fail_on=fail_on.value if fail_on else None,
        year=year,
        era=era,
        statistics=statistics,
        quiet=quiet,
        config=config,
        no_config=no_config,
        baseline=baseline,
        exit_zero=exit_zero,
        jobs=jobs,
        include=tuple(include or ()),
        exclude=tuple(exclude or ()),
        max_bytes=max_bytes,
        input_format=input_format.value,
        previous=previous,
        timeout=timeout,
        no_cache=no_cache,
    )
    raise typer.Exit(run_check(request))


class CompareFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


@app.command("compare", cls=ChineseCommand)
def compare_command(
    old: Annotated[Path, typer.Argument(help="上一年度的报告")],
    new: Annotated[Path, typer.Argument(help="本年度的报告")],
    format: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="输出格式：text、json 或 html")
    ] = CompareFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="把结果写到这个文件")] = None,
) -> None:
    """同一机关两个年度的报告对比：主要数字、跨年度检查、照搬上年的段落。"""
    from gklint.checking import run_compare_command

    raise typer.Exit(run_compare_command(old, new, format.value, output))


@app.command("rules", cls=ChineseCommand)
def rules_command(
    rules: Annotated[list[Path] | None, typer.Option("--rules", help="另外加载这个文件夹中的规则")] = None,
) -> None:
    """列出全部规则。"""
    from gklint.checking import list_rules

    raise typer.Exit(list_rules(rules or []))


@app.command("explain", cls=ChineseCommand)
def explain_command(
    rule: Annotated[str, typer.Argument(help="规则编号或名称，如 GK201 或 t3-balance")],
    rules: Annotated[list[Path] | None, typer.Option("--rules", help="另外加载这个文件夹中的规则")] = None,
) -> None:
    """显示一条规则的说明和示例。"""
    from gklint.checking import explain_rule

    raise typer.Exit(explain_rule(rule, rules or []))


@app.command("serve")
def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="监听的地址（默认 127.0.0.1，只有本机能打开）")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    open_browser: Annotated[bool, typer.Option("--open", help="启动后打开浏览器")] = False,
) -> None:
    """启动网页：在浏览器中上传报告、查看检查结果（需要安装 serve 组件，见 docs/serve.md）。"""
    from gklint.serve.cli import run_serve

    raise typer.Exit(run_serve(host, port, open_browser))


@app.callback(invoke_without_command=True)
def _main(version: Annotated[bool, typer.Option("--version", help="显示版本号")] = False) -> None:
    if version:
        typer.echo(f"gklint {__version__}")
        raise typer.Exit()


def main() -> None:
    app()
