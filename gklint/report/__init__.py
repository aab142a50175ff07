"""Report layer: findings → output, one module per --format, dispatched from one table.

Renderers take plain data (FileReport, RuleMeta) and never import the layers before them.
Human formats (text, html) may use colour and summaries; machine formats never mix them in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import IO

from gklint.model import FileReport, RuleMeta


@dataclass(frozen=True)
class RenderOptions:
    """How the findings are written out (the output options of `check`)."""

    color: bool = False
    statistics: bool = False
    quiet: bool = False
    width: int | None = None
    # html: write each report on its own page in this folder and make `out` the index (large runs)
    pages: Path | None = None


Renderer = Callable[[Sequence[FileReport], IO[str], Sequence[RuleMeta], RenderOptions], None]

# --format name -> the module of this package that writes it; each defines `render`, a Renderer.
# Imported only when chosen, so that a text check never loads the html or sarif code.
FORMAT_MODULES = {
    "text": "text",
    "json": "json_format",
    "github": "github",
    "sarif": "sarif",
    "junit": "junit",
    "html": "html",
    "concise": "concise",
    "csv": "csv_format",
    "xlsx": "xlsx",
}


def _lazy(module: str) -> Renderer:
    def render(
        reports: Sequence[FileReport], out: IO[str], rules: Sequence[RuleMeta], options: RenderOptions
    ) -> None:
        import_module(f"gklint.report.{module}").render(reports, out, rules, options)

    return render


RENDERERS: dict[str, Renderer] = {fmt: _lazy(module) for fmt, module in FORMAT_MODULES.items()}
HUMAN = frozenset({"text", "html"})
# formats that show the report's text or tables, not only findings (xlsx: the key totals)
SHOWS_SOURCE = frozenset({"html", "xlsx"})


def is_human(fmt: str) -> bool:
    return fmt in HUMAN
