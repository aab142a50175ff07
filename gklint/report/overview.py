"""What every format says about a run as a whole: one line per report (what was recognised and the
counts), the totals, the statistics by rule, and the key totals of the tables. Plain strings and
rows; text, CSV, spreadsheet and the CLI lay them out. The words are in gklint/data/overview.yaml."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from gklint.model import Diagnostic, FileReport, Finding, Number, RuleMeta
from gklint.registry import format_name
from gklint.resources import data_path
from gklint.yamlfile import load_file

# Severity (or outcome) → the one-letter class the stylesheet colours: e error, w warning,
# i info, n not assessable. Strongest first, for a place several findings share.
KINDS = ("e", "w", "i", "n")
_SEVERITY_KIND = {"error": "e", "warning": "w", "info": "i"}


def kind(d: Diagnostic) -> str:
    return "n" if d.outcome == "not-assessable" else _SEVERITY_KIND[d.severity]


@dataclass(frozen=True)
class Counts:
    """Findings by severity, "not assessable" apart (as the text summary counts them)."""

    errors: int = 0
    warnings: int = 0
    infos: int = 0
    unassessed: int = 0

    @staticmethod
    def of(findings: tuple[Finding, ...] | list[Finding]) -> Counts:
        kinds = [kind(f.diagnostic) for f in findings]
        return Counts(kinds.count("e"), kinds.count("w"), kinds.count("i"), kinds.count("n"))

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.errors + other.errors,
            self.warnings + other.warnings,
            self.infos + other.infos,
            self.unassessed + other.unassessed,
        )

    def items(self) -> tuple[tuple[str, str, int], ...]:
        """(field, kind class, count) in display order."""
        return (
            ("errors", "e", self.errors),
            ("warnings", "w", self.warnings),
            ("infos", "i", self.infos),
            ("unassessed", "n", self.unassessed),
        )


@cache
def words() -> dict[str, Any]:
    return load_file(data_path("overview.yaml"))


def era_name(era: str | None) -> str:
    return format_name(era, "short") or words()["era_unknown"]


def facts(report: FileReport) -> str:
    """Year, format and agency as recognised: "2022 年度 · 2021 格式 · 青山镇人民政府"."""
    w = words()
    year = w["year"].format(year=report.year) if report.year else w["year_unknown"]
    return " · ".join((year, era_name(report.era), report.agency or w["agency_unknown"]))


def counts_text(counts: Counts) -> str:
    w = words()
    names = (w["severity"]["error"], w["severity"]["warning"], w["severity"]["info"], w["unassessed"])
    return "，".join(f"{name} {value}" for name, (_, _, value) in zip(names, counts.items(), strict=True))


def status(report: FileReport) -> str:
    """A report's state in a word or a sentence: why it was not checked, or its counts."""
    w = words()
    if report.skipped:
        return f"{w['skipped']}：{report.skipped}"
    if report.error:
        return f"{w['unreadable']}：{report.error}"
    if not report.findings:
        return w["clean"]
    return counts_text(Counts.of(report.findings))


def report_line(report: FileReport) -> str:
    """One line for a report: its path, what was recognised, and its counts or state."""
    if not report.checked or report.error:
        where = f":{report.error_line}" if report.error_line else ""  # the line of a NUL byte, say
        return f"{report.path}{where}  {status(report)}"
    return f"{report.path}  {facts(report)}  {status(report)}"


def totals_line(reports: Sequence[FileReport]) -> str:
    w = words()
    checked = [r for r in reports if r.checked]
    total = sum((Counts.of(r.findings) for r in reports), Counts())
    parts = [f"{w['checked'].format(count=len(checked))}：{counts_text(total)}"]
    if unreadable := sum(1 for r in checked if r.error):
        parts.append(w["unreadable_files"].format(count=unreadable))
    if skipped := sum(1 for r in reports if r.skipped):
        parts.append(w["skipped_files"].format(count=skipped))
    return "；".join(parts) + "。"


def statistics_rows(reports: Sequence[FileReport], rules: Sequence[RuleMeta]) -> list[tuple[str, ...]]:
    """Per rule that produced something: code, title, level, findings, not assessable, files."""
    metas = {m.code: m for m in rules}
    by_code: dict[str, list[tuple[str, Diagnostic]]] = {}
    for r in reports:
        for f in r.findings:
            by_code.setdefault(f.diagnostic.code, []).append((r.path, f.diagnostic))
    out = []
    for code, found in sorted(by_code.items()):
        fails = [d for _, d in found if d.outcome != "not-assessable"]
        meta = metas.get(code)
        # the level the findings were given (configuration may change it), else the rule's own
        level = fails[0].severity if fails else (meta.severity if meta else found[0][1].severity)
        counts = (len(fails), len(found) - len(fails), len({path for path, _ in found}))
        title = meta.title if meta else found[0][1].name
        out.append((code, title, words()["severity"][level], *map(str, counts)))
    return out


def key_totals(report: FileReport) -> dict[str, Number | str | None]:
    """The key totals of tables 二/三/四 (words()["key_totals"]), as numbers where they are numbers."""
    cells = {c.id: c for t in report.tables for row in t.rows for c in row.cells}
    out: dict[str, Number | str | None] = {}
    for cell_id in words()["key_totals"]:
        cell = cells.get(cell_id)
        out[cell_id] = None if cell is None else (cell.number if cell.number is not None else cell.raw)
    return out
