"""Findings a user has accepted: suppressions from the configuration (per file and rule, and per
cell id), and a baseline file of today's findings so that only new ones are reported.

Baselines compare findings by fingerprint (gklint.report.fingerprint), not by line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from gklint import __version__, messages
from gklint.config import Settings, Suppression, matches
from gklint.errors import ConfigError
from gklint.files import describe, read_text_capped
from gklint.model import FileReport, Finding
from gklint.report.fingerprint import fingerprints

BASELINE_CAP = 256 << 20  # bytes: far above a baseline of every finding of thousands of reports


def _suppressed(f: Finding, path: Path, entry: Suppression, root: Path) -> bool:
    if not matches(path, root, (entry.path,)):
        return False
    code = f.diagnostic.code
    if not any(
        code == r.upper() or f.diagnostic.name == r or code.startswith(r.upper()) for r in entry.rules
    ):
        return False
    return not entry.cells or any(c.ref.id in entry.cells for c in f.cells)


def apply_suppressions(report: FileReport, settings: Settings, used: set[str]) -> FileReport:
    """The report without the findings its settings suppress; records which entries were used."""
    if not settings.suppress:
        return report
    path = Path(report.path)
    kept = []
    for f in report.findings:
        hit = next((s for s in settings.suppress if _suppressed(f, path, s, settings.root)), None)
        if hit is None:
            kept.append(f)
        else:
            used.add(hit.origin)
    return replace(report, findings=tuple(kept))


@dataclass(frozen=True)
class Baseline:
    """A baseline file: the fingerprints of findings already known."""

    path: Path
    prints: frozenset[str]

    @staticmethod
    def load(path: Path) -> Baseline | None:
        if not path.exists():
            return None
        try:
            import json  # for baselines only: a check without one need not import it

            data = json.loads(read_text_capped(path, BASELINE_CAP))
            return Baseline(path, frozenset(str(item["fingerprint"]) for item in data["findings"]))
        except OSError as e:
            raise ConfigError(str(path), messages.text("baseline-unreadable", reason=describe(e))) from e
        except (ValueError, KeyError, TypeError, RecursionError) as e:
            raise ConfigError(str(path), messages.text("baseline-unreadable", reason=e)) from e

    def new_only(self, report: FileReport) -> FileReport:
        prints = fingerprints(report)
        kept = tuple(f for f, p in zip(report.findings, prints, strict=True) if p not in self.prints)
        return replace(report, findings=kept)


def write_baseline(path: Path, reports: list[FileReport]) -> int:
    import json

    items = [
        {"path": r.path, "rule": f.diagnostic.code, "fingerprint": p, "message": f.diagnostic.message}
        for r in reports
        for f, p in zip(r.findings, fingerprints(r), strict=True)
    ]
    path.write_text(
        json.dumps({"gklint": __version__, "findings": items}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    return len(items)
