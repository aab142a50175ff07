"""gklint benchmark: speed, scaling and memory, against a floor that only reads the files.

    .venv/bin/python bench/bench.py            # the full run recorded in docs/performance.md
    .venv/bin/python bench/bench.py --small    # a quick run (CI runs it so the script cannot rot)

It builds a corpus in bench/out/corpus/: the real reports from ../shared (when present) and
generated reports of every era and layout (tests/support/synth.py), then measures
1. per-report time inside one process (after start-up): median, 90th percentile, reports/s;
2. the floor: a plain Python pass that reads, decodes and splits the same files into lines;
3. a single-file `gklint check` as a user runs it (start-up included), warm cache;
4. `gklint check --jobs N` on the whole corpus for N = 1, 2 (scaling);
5. peak memory of `gklint check` on 1x, 2x and 4x the corpus (should stay flat);
6. time against input size, 0.5 to 10 MB (should be linear).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gklint.read import read_path  # noqa: E402
from gklint.rules import builtin_rules  # noqa: E402
from gklint.runner import CheckOptions, check_source  # noqa: E402
from tests.support import synth  # noqa: E402

OUT = ROOT / "bench" / "out"
SHARED = ROOT.parent / "shared"
GKLINT = str(ROOT / ".venv" / "bin" / "gklint")
YEARS = {"A": 2017, "B": 2020, "C": 2022}


def build_corpus(variants: int) -> list[Path]:
    folder = OUT / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    paths = []
    if SHARED.is_dir():
        for src in sorted(SHARED.glob("seeds/*.txt")) + sorted(SHARED.glob("corpus/*.txt")):
            dst = folder / f"real-{src.name}"
            dst.write_bytes(src.read_bytes())
            paths.append(dst)
    for seed in range(variants):
        for era, layouts in synth.LAYOUTS.items():
            for layout in layouts:
                text = synth.render(
                    synth.Spec(era=era, year=YEARS[era], layout=layout, cells=synth.default_cells(era, seed))
                )
                dst = folder / f"synth-{era}-{layout}-{seed}.txt"
                dst.write_text(text, encoding="gbk" if seed % 3 == 0 else "utf-8")
                paths.append(dst)
    return paths


def in_process(paths: list[Path], rounds: int) -> list[float]:
    options = CheckOptions(tuple(builtin_rules()))
    check_source(read_path(paths[0]), options)  # warm: grammars, rules, caches
    times = []
    for _ in range(rounds):
        for p in paths:
            start = time.perf_counter()
            check_source(read_path(p), options)
            times.append(time.perf_counter() - start)
    return times


def floor(paths: list[Path], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for p in paths:
            start = time.perf_counter()
            data = p.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("gb18030", errors="replace")
            text.splitlines()
            times.append(time.perf_counter() - start)
    return times


def run(args: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of a gklint command."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([GKLINT, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before)


def peak_of(args: list[str]) -> int:
    """Peak RSS (KB) of one gklint run, measured with /usr/bin/time when available."""
    timer = "/usr/bin/time"
    if os.path.exists(timer):
        result = subprocess.run(
            [timer, "-f", "%M", GKLINT, *args], capture_output=True, text=True, check=False
        )
        return int(result.stderr.strip().splitlines()[-1])
    return run(args)[1]


def size_curve(sizes_mb: list[float]) -> list[tuple[float, float]]:
    options = CheckOptions(tuple(builtin_rules()))
    from gklint.read import read_text

    unit = synth.render(synth.Spec(era="C", year=2022, layout="tabs", cells=synth.default_cells("C", 1)))
    curve = []
    for mb in sizes_mb:
        text = unit * max(1, int(mb * 1e6 / len(unit.encode())))
        start = time.perf_counter()
        check_source(read_text(text, "big.txt"), options)
        curve.append((mb, time.perf_counter() - start))
    return curve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="a quick run for CI")
    args = parser.parse_args()
    variants, rounds = (1, 1) if args.small else (6, 3)
    paths = build_corpus(variants)
    sizes = sum(p.stat().st_size for p in paths)
    print(
        f"corpus: {len(paths)} reports, {sizes / 1e6:.2f} MB, median {statistics.median(p.stat().st_size for p in paths) / 1e3:.1f} KB"
    )

    t = in_process(paths, rounds)
    f = floor(paths, rounds)
    med, p90 = statistics.median(t), statistics.quantiles(t, n=10)[-1]
    print(f"in process: median {med * 1e3:.2f} ms, p90 {p90 * 1e3:.2f} ms, {len(t) / sum(t):.0f} reports/s")
    print(
        f"floor (read, decode, split): median {statistics.median(f) * 1e3:.3f} ms, {len(f) / sum(f):.0f} reports/s"
    )
    print(f"ratio gklint / floor (median): {med / statistics.median(f):.0f}x")

    sample = str(ROOT / "examples" / "sample-2021.txt")
    run(["check", sample])  # warm the per-user cache
    singles = sorted(run(["check", sample])[0] for _ in range(3 if args.small else 7))
    print(f"single-file gklint check (start-up included): median {statistics.median(singles):.3f} s")

    folder = str(OUT / "corpus")
    for jobs in (1, 2):
        wall, _ = run(["check", "--format", "json", "--jobs", str(jobs), folder])
        print(f"gklint check --jobs {jobs} on the corpus: {wall:.2f} s, {len(paths) / wall:.0f} reports/s")

    if not args.small:
        for factor in (1, 2, 4):
            extra = [folder] * factor
            print(
                f"peak memory, {factor}x corpus ({factor * len(paths)} files, --jobs 1): {peak_of(['check', '--format', 'json', '--jobs', '1', *extra]) / 1024:.0f} MB"
            )
    curve = size_curve([0.5, 1] if args.small else [0.5, 1, 2, 5, 10])
    for mb, secs in curve:
        print(f"input {mb:>4} MB: {secs:.2f} s ({secs / mb:.2f} s/MB)")


if __name__ == "__main__":
    main()
