"""The benchmark script must keep running: CI runs its small version (numbers are not judged here,
they are recorded in docs/performance.md by the full run)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Every measurement the script prints, as (name, pattern of its numbers).
LINES = {
    "corpus": r"corpus: (\d+) reports, ([\d.]+) MB",
    "in process": r"in process: median ([\d.]+) ms, p90 ([\d.]+) ms, (\d+) reports/s",
    "floor": r"floor \(read, decode, split\): median ([\d.]+) ms",
    "ratio": r"ratio gklint / floor \(median\): (\d+)x",
    "single file": r"single-file gklint check \(start-up included\): median ([\d.]+) s",
    "jobs 1": r"gklint check --jobs 1 on the corpus x\d+: ([\d.]+) s",
    "jobs 2": r"gklint check --jobs 2 on the corpus x\d+: ([\d.]+) s",
    "speed-up": r"speed-up --jobs 2 / --jobs 1: ([\d.]+)x",
    "layers": r"median per layer: read ([\d.]+) ms, parse ([\d.]+) ms, tables ([\d.]+) ms, rules ([\d.]+) ms",
    "size curve": r"input\s+0\.5 MB: ([\d.]+) s",
}


def test_small_benchmark_runs_and_reports_every_measurement(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench.py"), "--small", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name, pattern in LINES.items():
        match = re.search(pattern, done.stdout)
        assert match, f"{name} missing from:\n{done.stdout}"
        assert all(float(n) > 0 for n in match.groups()), match.group(0)
    assert len(list((tmp_path / "corpus").glob("*.txt"))) == int(re.search(LINES["corpus"], done.stdout)[1])
