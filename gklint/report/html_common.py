"""Shared pieces of the HTML report: the UI strings, escaping, severity classes, counts, ids.

Every piece of text that reaches the page passes through `esc` (html.escape with quotes), report
text and fixed strings alike; ids and class names are built here from numbers and fixed letters
only, never from report text. The Chinese UI strings live in gklint/data/html_report.yaml; this
module only loads them (report layer: no import from the layers before it but gklint.model).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from gklint.model import Diagnostic, FileReport, Number, RuleMeta, number_text
from gklint.report.overview import KINDS
from gklint.resources import data_path
from gklint.yamlfile import load_file


def esc(value: object) -> str:
    """Text for an HTML element or a quoted attribute: <, >, &, " and ' escaped."""
    return html.escape(str(value), quote=True)


def data_text(name: str) -> str:
    """A file shipped in gklint/data (the page's CSS and script)."""
    return data_path(name).read_text(encoding="utf-8")


class Ui:
    """The page's fixed strings (html_report.yaml); `ui("key.sub", x=1)` is escaped, ready for HTML."""

    def __init__(self, strings: Mapping[str, object]) -> None:
        self._strings = strings

    def plain(self, key: str, /, **args: object) -> str:
        node: object = self._strings
        for part in key.split("."):
            if not isinstance(node, Mapping):
                raise KeyError(key)
            node = node[part]
        return str(node).format(**args) if args else str(node)

    def __call__(self, key: str, /, **args: object) -> str:
        return esc(self.plain(key, **args))


@cache
def load_ui() -> Ui:
    return Ui(load_file(data_path("html_report.yaml")))


def strongest(kinds: list[str]) -> str:
    return min(kinds, key=KINDS.index)


def kind_label(d: Diagnostic, ui: Ui) -> str:
    if d.outcome == "not-assessable":
        return ui("not_assessable")
    if d.outcome == "internal":
        return ui("internal")
    return ui(f"severity.{d.severity}")


def number(value: Number) -> str:
    """As the messages write it: no "3.0" or "1E+2" beside a message saying 3 or 100."""
    return number_text(value)


@dataclass(frozen=True)
class Page:
    """What every part of one report's section needs: its id prefix and the rules by code."""

    rid: str  # "r1", "r2" …: prefix of every id in the report's section
    report: FileReport
    ui: Ui
    rules: Mapping[str, RuleMeta]

    def finding_id(self, k: int) -> str:  # the finding's note (in the text, or in the list)
        return f"{self.rid}f{k}"

    def mark_id(self, k: int) -> str:  # the numbered mark in the text
        return f"{self.rid}m{k}"

    def item_id(self, k: int) -> str:  # the entry in the list of findings
        return f"{self.rid}i{k}"

    def line_id(self, line: int) -> str:
        return f"{self.rid}L{line}"


def rule_anchor(code: str) -> str:
    return "rule-" + esc(code)
