"""Measure the incomplete-input and table-less checks on the real reports in ../shared.

    .venv/bin/python scripts/eval_completeness.py [../shared]

For each report: the MANIFEST's completeness column (seeds count as full), how many GK111 findings
it got, and how many section- or table-missing errors (GK103, GK105, GK106, GK112 with outcome
"fail"). A partial capture should have exactly one GK111 and no such error; a full report no GK111.
Also lists every finding of the rules given with --rules (default: this change's rules) so each
can be read and judged by hand. With --cuts N, each complete report is also cut N times at random
places (between a fifth and nine tenths of its text, fixed seed) and the cut copies are counted the
same way: how many are said to stop once, and how many still get a section- or table-missing error.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

MISSING = {"GK103", "GK105", "GK106", "GK112"}
DEFAULT_RULES = "GK111,GK112,GK407,GK408,GK605"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("shared", nargs="?", default="../shared")
    ap.add_argument("--rules", default=DEFAULT_RULES)
    ap.add_argument("--cuts", type=int, default=0)
    args = ap.parse_args()
    shared = Path(args.shared)
    manifest = shared / "corpus" / "MANIFEST.tsv"
    with manifest.open(encoding="utf-8") as f:
        completeness = {row["file"]: row["completeness"] for row in csv.DictReader(f, delimiter="\t")}
    paths = sorted((shared / "corpus").glob("*.txt")) + sorted((shared / "seeds").glob("*.txt"))
    gklint = Path(sys.executable).parent / "gklint"
    out = subprocess.run(
        [str(gklint), "check", "--format", "json", *map(str, paths)], capture_output=True, text=True
    )
    files = json.loads(out.stdout)["files"]
    tally = {
        "partial flagged once": 0,
        "partial missed": 0,
        "partial flagged twice": 0,
        "partial with section/table error": 0,
        "full flagged": 0,
        "full": 0,
        "partial": 0,
    }
    listed = set(args.rules.split(","))
    print("file\tcompleteness\tGK111\tsection/table errors")
    for f in files:
        name = Path(f["path"]).name
        kind = completeness.get(name, "full")
        diags = f["diagnostics"]
        cuts = sum(d["rule"] == "GK111" for d in diags)
        missing = sum(d["rule"] in MISSING and d["outcome"] == "fail" for d in diags)
        print(f"{name}\t{kind}\t{cuts}\t{missing}")
        tally[kind] += 1
        if kind == "partial":
            key = {0: "partial missed", 1: "partial flagged once"}.get(cuts, "partial flagged twice")
            tally[key] += 1
            tally["partial with section/table error"] += bool(missing)
        elif cuts:
            tally["full flagged"] += 1
    print()
    for key, value in tally.items():
        print(f"{key}: {value}")
    print("\nfindings of", ", ".join(sorted(listed)))
    for f in files:
        for d in f["diagnostics"]:
            if d["rule"] in listed:
                print(
                    f"{Path(f['path']).name}:{d['line']}:{d['column']} {d['rule']} {d['outcome']} {d['message'][:90]}"
                )
    if args.cuts:
        _cut_copies([p for p in paths if completeness.get(p.name, "full") == "full"], args.cuts)
    return 0


def _cut_copies(paths: list[Path], per_report: int) -> None:
    """Cut each complete report at random places and count what the cut copies get."""
    import random

    from gklint.read import read_path, read_text
    from gklint.rules import builtin_rules
    from gklint.runner import CheckOptions, check_source

    options = CheckOptions(tuple(builtin_rules()))
    rng = random.Random(7)
    once = piled = total = 0
    for path in paths:
        text = read_path(path).raw
        for _ in range(per_report):
            at = rng.randint(len(text) // 5, len(text) * 9 // 10)
            found = [f.diagnostic for f in check_source(read_text(text[:at], path.name), options).findings]
            total += 1
            once += sum(d.code == "GK111" for d in found) == 1
            piled += any(d.code in MISSING and d.outcome == "fail" for d in found)
    print(
        f"\ncut copies of {len(paths)} complete reports: {total}; said to stop once: {once}; "
        f"with a section/table-missing error: {piled}"
    )


if __name__ == "__main__":
    sys.exit(main())
