"""gklint benchmark: speed, scaling and memory, against a floor that only reads the files.

    .venv/bin/python bench/bench.py            # the full run recorded in docs/performance.md
    .venv/bin/python bench/bench.py --small    # a quick run (CI runs it so the script cannot rot)
    .venv/bin/python bench/bench.py --out DIR  # build the corpus in DIR (default bench/out)

It builds a corpus in bench/out/corpus/: the real reports from ../shared (when present) and
generated reports of every era and layout (tests/support/synth.py), then measures
1. per-report time inside one process (after start-up): median, 90th percentile, reports/s;
2. the floor: a plain Python pass that reads, decodes and splits the same files into lines;
3. a single-file `gklint check` as a user runs it (start-up included), warm cache;
4. `gklint check --jobs N` on 4x the corpus for N = 1, 2 (scaling);
5. peak memory of `gklint check` on 1x, 2x and 4x the corpus (should stay flat);
6. time against input size, 0.5 to 10 MB (should be linear).
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gklint.parse import parse_report  # noqa: E402
from gklint.read import read_path  # noqa: E402
from gklint.rules import RuleContext, builtin_rules, run_rules  # noqa: E402
from gklint.runner import CheckOptions, check_source  # noqa: E402
from gklint.tables import extract_cells  # noqa: E402
from tests.support import synth  # noqa: E402

OUT = ROOT / "bench" / "out"
SHARED = ROOT.parent / "shared"
# The gklint installed beside the interpreter running the benchmark (the project venv).
GKLINT = str(Path(sys.executable).parent / "gklint")
YEARS = {"A": 2017, "B": 2020, "C": 2022}


def build_corpus(folder: Path, variants: int) -> list[Path]:
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


def stages(paths: list[Path]) -> dict[str, float]:
    """Median milliseconds per report of each layer: where the time goes."""
    rules = list(builtin_rules())
    times: dict[str, list[float]] = {"read": [], "parse": [], "tables": [], "rules": []}
    for p in paths:
        t0 = time.perf_counter()
        source = read_path(p)
        t1 = time.perf_counter()
        parsed = parse_report(source)
        t2 = time.perf_counter()
        extraction = extract_cells(parsed)
        t3 = time.perf_counter()
        run_rules(rules, RuleContext.of(parsed, extraction, {}, source.problems))
        t4 = time.perf_counter()
        for name, dt in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            times[name].append(dt * 1e3)
    return {name: statistics.median(ts) for name, ts in times.items()}


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
    done = subprocess.run([GKLINT, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    if done.returncode > 1:  # 1 means findings; 2 means a file could not be checked
        sys.exit(f"gklint {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
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
    parser.add_argument("--out", type=Path, default=OUT, help="where to build the corpus")
    args = parser.parse_args()
    variants, rounds = (1, 1) if args.small else (6, 3)
    folder = args.out / "corpus"
    paths = build_corpus(folder, variants)
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
    real = [dt for p, dt in zip(paths * rounds, t, strict=True) if p.name.startswith("real-")]
    if real:
        print(f"in process, real reports only: median {statistics.median(real) * 1e3:.2f} ms")
    print("median per layer: " + ", ".join(f"{k} {v:.2f} ms" for k, v in stages(paths).items()))

    # A pip install byte-compiles the package; an editable one (and PYTHONDONTWRITEBYTECODE, set on
    # some CI machines) would leave every start-up compiling gklint's sources again.
    compileall.compile_dir(str(ROOT / "gklint"), quiet=1)
    sample = str(ROOT / "examples" / "sample-2021.txt")
    run(["check", sample])  # warm the per-user cache
    singles = sorted(run(["check", sample])[0] for _ in range(3 if args.small else 7))
    print(f"single-file gklint check (start-up included): median {statistics.median(singles):.3f} s")

    # Scaling is measured on 4x the corpus so that start-up and pool set-up do not hide it.
    factor = 1 if args.small else 4
    walls = {}
    for jobs in (1, 2):
        walls[jobs], _ = run(["check", "--format", "json", "--jobs", str(jobs), *[str(folder)] * factor])
        print(
            f"gklint check --jobs {jobs} on the corpus x{factor}: {walls[jobs]:.2f} s, {factor * len(paths) / walls[jobs]:.0f} reports/s"
        )
    print(f"speed-up --jobs 2 / --jobs 1: {walls[1] / walls[2]:.2f}x")

    if not args.small:
        for factor in (1, 2, 4):
            extra = [str(folder)] * factor
            print(
                f"peak memory, {factor}x corpus ({factor * len(paths)} files, --jobs 1): {peak_of(['check', '--format', 'json', '--jobs', '1', *extra]) / 1024:.0f} MB"
            )
    curve = size_curve([0.5, 1] if args.small else [0.5, 1, 2, 5, 10])
    for mb, secs in curve:
        print(f"input {mb:>4} MB: {secs:.2f} s ({secs / mb:.2f} s/MB)")


if __name__ == "__main__":
    main()
