"""Stable fingerprints of findings (for baselines and SARIF partialFingerprints).

A fingerprint identifies a finding across runs without its line number, so an edit elsewhere in
the report does not make old findings look new: rule, file name, and the cells the finding is
about (or, for text findings, the text of its line), plus an occurrence count for repeats.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import PurePath

from gklint.model import FileReport


def fingerprints(report: FileReport) -> list[str]:
    """A stable fingerprint for each finding of a file, in order."""
    seen: Counter[str] = Counter()
    out = []
    for f in report.findings:
        d = f.diagnostic
        anchor = ",".join(sorted(c.ref.id for c in f.cells)) or (
            f.anchor if f.anchor is not None else "".join(f.line_text.split())
        )
        key = f"{d.code}|{PurePath(report.path).name}|{anchor}"
        seen[key] += 1
        out.append(hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()[:20])
    return out
