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
    "corpus": r"corpus: (\d+) reports of 10-40 KB",
    "per report": r"per report, whole check with text format: median ([\d.]+) ms, p95 ([\d.]+) ms CPU",
    "layers": r"median per layer: read ([\d.]+) ms, parse ([\d.]+) ms, tables ([\d.]+) ms, rules ([\d.]+) ms, "
    r"render ([\d.]+) ms",
    "floor": r"floor \(read, decode, split\): median ([\d.]+) ms; gklint / floor (\d+)x",
    "cold": r"single-file check, cold \(empty cache\): best ([\d.]+) s, median ([\d.]+) s CPU",
    "warm": r"single-file check, warm \(rules cached, file new\): best ([\d.]+) s",
    "re-run": r"single-file check, re-run \(result cached\): best ([\d.]+) s",
    "many re-run": r"--jobs 2, \d+ files, first run: parent ([\d.]+) s, workers ([\d.]+) s CPU; "
    r"re-run \(unchanged\): ([\d.]+) s CPU",
    "jobs 2": r"--jobs 2, \d+ files, text format: parent ([\d.]+) s CPU, workers ([\d.]+) s CPU",
    "speed-up": r"speed-up --jobs 2 on two idle cores \(CPU accounting\): ([\d.]+)x",
    "memory": r"parent peak memory, \d+ files \(--jobs 2\): (\d+) MB",
    "series": r"series batch, 18 years a body \(\d+ files, --jobs 2\): parent ([\d.]+) s, workers ([\d.]+) s CPU",
    "size curve": r"input\s+0\.5 MB: ([\d.]+) s CPU",
    "list": r"one sentence listing 行政复议8件、…, \d+ KB: ([\d.]+) s CPU",
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
        assert all(float(n) >= 0 for n in match.groups()), match.group(0)
        assert "[load " in done.stdout.split(match.group(0))[1].splitlines()[0]  # every figure says the load
    assert len(list((tmp_path / "corpus").glob("*.txt"))) == int(re.search(LINES["corpus"], done.stdout)[1])
