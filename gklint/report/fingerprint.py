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
        cells = ",".join(sorted(c.ref.id for c in f.cells))
        if not cells and f.line_key is not None:  # made when placed (text_prints below)
            seen[f.line_key] += 1
            out.append(f.line_prints[seen[f.line_key] - 1])
            continue
        key = f"{d.code}|{PurePath(report.path).name}|{cells or ''.join(f.line_text.split())}"
        seen[key] += 1
        out.append(_print(hashlib.sha256(key.encode()), seen[key]))
    return out


def text_prints(code: str, name: str, anchor: str, count: int) -> tuple[str, tuple[str, ...]]:
    """The group and the fingerprints of the 1st … `count`th finding of rule `code` on a line
    (`anchor`: its text without white space) of the file named `name` (its path's last part):
    what fingerprints() would make from the whole line."""
    key = hashlib.sha256(f"{code}|{name}|{anchor}".encode())  # (a line may be a whole one-line report:
    # its text is encoded and hashed once, each fingerprint hashing on from a copy: the same digest)
    group = "line:" + key.hexdigest()[:32]
    return group, tuple(_print(key, n) for n in range(1, count + 1))


def _print(key: hashlib._Hash, n: int) -> str:
    """The fingerprint of the `n`th finding with this (hashed) key: the hash of "key|n"."""
    h = key.copy()  # (the key's hash goes on from a copy: the same digest as hashing "key|n")
    h.update(f"|{n}".encode())
    return h.hexdigest()[:20]
