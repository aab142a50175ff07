"""Report layer: findings → output, one module per --format, dispatched from one table.

Renderers take plain data (FileReport, RuleMeta) and never import the layers before them.
Human formats (text, html) may use colour and summaries; machine formats never mix them in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO

from gklint.model import FileReport, RuleMeta


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    width: int | None = None


Renderer = Callable[[Sequence[FileReport], IO[str], Sequence[RuleMeta], RenderOptions], None]


def _text(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    from rich.console import Console

    from gklint.report.text import render_text

    console = Console(
        file=out, soft_wrap=True, force_terminal=options.color, no_color=not options.color, highlight=False
    )
    render_text(reports, console, findings=not options.quiet, statistics=options.statistics)


def _json(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    from gklint.report.json_format import render_json

    render_json(reports, out)


def _github(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    from gklint.report.github import render_github

    render_github(reports, out)


def _sarif(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    from gklint.report.sarif import render_sarif

    render_sarif(reports, out, rules)


def _junit(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    from gklint.report.junit import render_junit

    render_junit(reports, out)


def _html(
    reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
) -> None:
    from gklint.report.html import render_html

    render_html(reports, out, rules, options)


RENDERERS: dict[str, Renderer] = {
    "text": _text,
    "json": _json,
    "github": _github,
    "sarif": _sarif,
    "junit": _junit,
    "html": _html,
}
HUMAN = frozenset({"text", "html"})


def is_human(fmt: str) -> bool:
    return fmt in HUMAN
