"""gklint benchmark: the whole check of full-size reports, start-up, re-runs, scaling, memory and
input shapes, all in CPU time (the machine may be shared: wall time would measure the neighbours).

    .venv/bin/python bench/bench.py            # the full run recorded in docs/performance.md
    .venv/bin/python bench/bench.py --small    # a quick run (CI runs it so the script cannot rot)
    .venv/bin/python bench/bench.py --out DIR  # build the corpora in DIR (default bench/out)

Every figure is the best (per report: the fastest of several rounds) or the median of several
runs, and every line carries the machine's load average when it was taken. It measures
1. per full-size report (10-40 KB: the real ones in ../shared, and generated ones of the same
   size and shape), inside one process after start-up: read, parse, tables, rules and the text
   format, median and p95 of CPU time; the layers; the floor (read, decode, split lines);
2. a single-file `gklint check` as a user runs it: cold (empty cache), warm (rules cached, the
   file new), and a re-run (its result cached); and a re-run over 1 000 unchanged files;
3. `--jobs 1` and `--jobs 2` with the text format, in CPU accounting: the parent's CPU (serial:
   reading results, rendering) and the workers' CPU, giving the speed-up an idle machine with
   two free cores would see, T1 / (parent + workers / 2); the wall-clock ratio is printed too;
4. the parent's peak memory at 1 000 and 10 000 files (copies of 33 reports: a series batch,
   so the cross-year pass runs), and two more shapes of series batch: 1 000 bodies with one
   report each, 56 bodies with 18 years each;
5. CPU time against input size (0.5-20 MB) and for the pathological shapes: one sentence
   listing counts ("收到申请8件、…", "行政复议8件、…") and such a list with a finding per item.
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gklint.model import FileReport  # noqa: E402
from gklint.parse import parse_report  # noqa: E402
from gklint.read import read_path, read_text  # noqa: E402
from gklint.report import RENDERERS, RenderOptions  # noqa: E402
from gklint.rules import RuleContext, builtin_rules, run_rules  # noqa: E402
from gklint.runner import CheckOptions, check_source, place_all  # noqa: E402
from gklint.tables import extract_cells  # noqa: E402
from tests.support import synth  # noqa: E402

OUT = ROOT / "bench" / "out"
SHARED = ROOT.parent / "shared"
GKLINT = str(Path(sys.executable).parent / "gklint")  # the gklint installed beside this Python
YEARS = {"A": 2017, "B": 2020, "C": 2022}
FULL_SIZE = (10_000, 40_000)  # bytes: a full-size report


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def say(text: str) -> None:
    print(f"{text}  [{load()}]", flush=True)


# -- corpora ----------------------------------------------------------------------------------
_TOPICS = (
    "规范性文件",
    "重大行政决策",
    "财政预决算",
    "政策解读",
    "政务新媒体",
    "公开栏",
    "依申请公开",
    "网站专栏",
)
_VERBS = ("更新", "发布", "梳理", "调整", "完善", "公开")
_UNITS = ("条", "项", "篇", "次", "期")


def _prose(rng: random.Random, size: int) -> str:
    """Invented narrative sentences (no real report text) until `size` bytes."""
    parts, total = [], 0
    while total < size:
        topic, verb, unit = rng.choice(_TOPICS), rng.choice(_VERBS), rng.choice(_UNITS)
        n = rng.randint(1, 400)
        sentence = f"在{topic}方面，{verb}相关信息{n}{unit}，并按要求做好{rng.choice(_TOPICS)}的衔接工作。"
        parts.append(sentence)
        total += len(sentence.encode())
    return "".join(parts)


def shaped_reports(count: int) -> list[str]:
    """Generated reports of real size and shape: the synthetic tables of every era and layout,
    with narrative grown to 10-40 KB."""
    rng = random.Random(15)
    out = []
    layouts = [(era, layout) for era, ls in synth.LAYOUTS.items() for layout in ls]
    for i in range(count):
        era, layout = layouts[i % len(layouts)]
        target = rng.randint(*FULL_SIZE) - 6_000
        narrative = {n: _prose(rng, target // 4) for n in ("一", "二", "五", "六")}
        spec = synth.Spec(
            era=era, year=YEARS[era], layout=layout, cells=synth.default_cells(era, i), narrative=narrative
        )
        out.append(synth.render(spec))
    return out


def build_corpus(folder: Path, shaped: int) -> list[Path]:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    paths = []
    if SHARED.is_dir():
        for src in sorted(SHARED.glob("seeds/*.txt")) + sorted(SHARED.glob("corpus/*.txt")):
            if FULL_SIZE[0] <= src.stat().st_size <= FULL_SIZE[1]:
                paths.append(folder / f"real-{src.name}")
                paths[-1].write_bytes(src.read_bytes())
    for i, text in enumerate(shaped_reports(shaped)):
        paths.append(folder / f"shaped-{i:02d}.txt")
        paths[-1].write_text(text, encoding="gbk" if i % 3 == 0 else "utf-8")
    return paths


def copies(folder: Path, paths: list[Path], count: int) -> Path:
    """`count` files made from the corpus, each a little different (so none shares a result)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    texts = [p.read_bytes() for p in paths]
    for i in range(count):
        text = texts[i % len(texts)]
        mark = f"\n（副本 {_letters(i)}）\n".encode("utf-8" if _is_utf8(text) else "gb18030")
        (folder / f"{i:05d}.txt").write_bytes(text + mark)
    return folder


def _letters(i: int) -> str:
    """A copy's mark without digits: a number alone on the last line is read as the value of a
    table's last row (one cell a line), which made hundreds of reports of one body and year with
    other figures, a shape no real batch has (the cross-year pass compares those pairwise)."""
    mark = ""
    while True:
        mark, i = chr(ord("a") + i % 26) + mark, i // 26
        if not i:
            return mark


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# -- 1. per report ----------------------------------------------------------------------------
def _render(report: FileReport) -> None:
    RENDERERS["text"]([report], io.StringIO(), [], RenderOptions())


def per_report(paths: list[Path], rounds: int) -> dict[Path, float]:
    """The fastest of `rounds` whole checks of each report (CPU seconds), text format included."""
    options = CheckOptions(tuple(builtin_rules()))
    _render(check_source(read_path(paths[0]), options))  # warm: grammars, rules, caches
    best: dict[Path, float] = {}
    for _ in range(rounds):
        for p in paths:
            start = time.process_time()
            _render(check_source(read_path(p), options))
            best[p] = min(best.get(p, 1e9), time.process_time() - start)
    return best


def layers(paths: list[Path], rounds: int) -> dict[str, float]:
    """Median CPU milliseconds per report of each layer (each report's fastest round)."""
    rules = list(builtin_rules())
    best: dict[str, dict[Path, float]] = {k: {} for k in ("read", "parse", "tables", "rules", "render")}
    for _ in range(rounds):
        for p in paths:
            t = [time.process_time()]
            source = read_path(p)
            t.append(time.process_time())
            parsed = parse_report(source)
            t.append(time.process_time())
            extraction = extract_cells(parsed)
            t.append(time.process_time())
            found = run_rules(rules, RuleContext.of(parsed, extraction, {}, source.problems))
            t.append(time.process_time())
            _render(FileReport(p.name, place_all(found, source)))
            t.append(time.process_time())
            for name, a, b in zip(best, t, t[1:], strict=False):
                best[name][p] = min(best[name].get(p, 1e9), b - a)
    return {name: statistics.median(v.values()) * 1e3 for name, v in best.items()}


def floor(paths: list[Path], rounds: int) -> float:
    best: dict[Path, float] = {}
    for _ in range(rounds):
        for p in paths:
            start = time.process_time()
            data = p.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("gb18030", errors="replace")
            text.splitlines()
            best[p] = min(best.get(p, 1e9), time.process_time() - start)
    return statistics.median(best.values())


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# -- 2-4. whole processes ---------------------------------------------------------------------
# Runs `gklint` in a child process and prints its own CPU (parent) and its workers' CPU and the
# parent's peak memory, so the parent's serial work is seen apart from the workers'.
_PROBE = """
import resource, sys
from gklint.fastcli import main
sys.argv = ["gklint", *sys.argv[1:]]
try:
    main()
except SystemExit as e:
    code = e.code or 0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, me.ru_maxrss, code, file=sys.stderr)
"""


class Run:
    def __init__(self, parent: float, workers: float, peak_kb: int, wall: float) -> None:
        self.parent, self.workers, self.peak_kb, self.wall = parent, workers, peak_kb, wall

    @property
    def cpu(self) -> float:
        return self.parent + self.workers


def gklint(args: list[str], env: dict[str, str]) -> Run:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - start
    *_, last = done.stderr.decode().strip().splitlines() or ["?"]
    try:
        parent, workers, peak, code = last.split()
    except ValueError:
        sys.exit(f"gklint {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    if int(code) > 1:  # 1: findings; 2: a file could not be checked
        sys.exit(f"gklint {' '.join(args)} ended with {code}")
    return Run(float(parent), float(workers), int(peak), wall)


def process_cpu(args: list[str], env: dict[str, str]) -> float:
    """CPU seconds of the whole `gklint` process (start-up included), as the OS counts it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [GKLINT, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def runs(make: Callable[[], float], times: int) -> tuple[float, float]:
    values = [make() for _ in range(times)]
    return min(values), statistics.median(values)


def start_up(sample: Path, work: Path, times: int) -> None:
    env = {**os.environ}
    env.pop("GKLINT_NO_CACHE", None)

    def cold() -> float:
        env["GKLINT_CACHE_DIR"] = tempfile.mkdtemp(dir=work)
        return process_cpu(["check", "--no-config", str(sample)], env)

    best, median = runs(cold, times)
    say(f"single-file check, cold (empty cache): best {best:.3f} s, median {median:.3f} s CPU")
    env["GKLINT_CACHE_DIR"] = tempfile.mkdtemp(dir=work)  # new each run: no result of an earlier run
    process_cpu(["check", "--no-config", str(sample)], env)
    fresh = [work / f"fresh-{i}.txt" for i in range(times)]
    for i, path in enumerate(fresh):  # a new file each time: rules and data cached, no result
        path.write_bytes(sample.read_bytes() + f"\n{_letters(i)}\n".encode())
    runs_ = iter(fresh)
    best, median = runs(lambda: process_cpu(["check", "--no-config", str(next(runs_))], env), times)
    say(f"single-file check, warm (rules cached, file new): best {best:.3f} s, median {median:.3f} s CPU")
    best, median = runs(lambda: process_cpu(["check", "--no-config", str(sample)], env), times)
    say(f"single-file check, re-run (result cached): best {best:.3f} s, median {median:.3f} s CPU")


def rerun(folder: Path, work: Path, count: int) -> None:
    """A first run and re-runs over `count` unchanged files (a series batch: the cross-year pass
    runs), the parent's CPU apart from the workers'."""
    env = {**os.environ, "GKLINT_CACHE_DIR": str(work / "rerun-cache")}
    env.pop("GKLINT_NO_CACHE", None)
    shutil.rmtree(work / "rerun-cache", ignore_errors=True)
    for jobs in ("1", "2"):
        args = ["check", "--no-config", "--jobs", jobs, str(folder)]
        first = gklint(args, env)
        again = min((gklint(args, env) for _ in range(3)), key=lambda r: r.cpu)
        say(
            f"--jobs {jobs}, {count} files, first run: parent {first.parent:.2f} s, workers {first.workers:.2f} s CPU; "
            f"re-run (unchanged): {again.cpu:.2f} s CPU (parent {again.parent:.2f}, workers {again.workers:.2f})"
        )
        shutil.rmtree(work / "rerun-cache")


def scaling(folder: Path, count: int, work: Path) -> None:
    """--jobs 1 against --jobs 2 over `count` new files, twice: with no cache at all (the rules
    compiled in the parent), and on a warm install (rules, grammar and code cached by an earlier
    check of another file; the files' results are new, so every file is checked and stored)."""
    warm = work / "scaling-warm"
    shutil.rmtree(warm, ignore_errors=True)
    env = {**os.environ, "GKLINT_CACHE_DIR": str(warm)}
    env.pop("GKLINT_NO_CACHE", None)
    gklint(["check", "--no-config", str(next(folder.iterdir()))], env)  # warms the install, then:
    shutil.rmtree(warm / "results", ignore_errors=True)  # its one result goes
    for name, extra in (("no cache", {"GKLINT_NO_CACHE": "1"}), ("warm install", {})):
        out: dict[int, Run] = {}
        for jobs in (1, 2):
            run_env = {**env, **extra}
            if not extra:  # a fresh copy of the warm cache: neither run finds the other's results
                run_env["GKLINT_CACHE_DIR"] = tempfile.mkdtemp(dir=work)
                shutil.copytree(warm, run_env["GKLINT_CACHE_DIR"], dirs_exist_ok=True)
            out[jobs] = gklint(
                ["check", "--no-config", "--format", "text", "--jobs", str(jobs), str(folder)], run_env
            )
            r = out[jobs]
            say(
                f"{name}: --jobs {jobs}, {count} files, text format: parent {r.parent:.2f} s CPU, "
                f"workers {r.workers:.2f} s CPU, wall {r.wall:.2f} s"
            )
        idle = out[1].cpu / (out[2].parent + out[2].workers / 2)
        say(
            f"{name}: speed-up --jobs 2 on two idle cores (CPU accounting): {idle:.2f}x "
            f"(wall clock here: {out[1].wall / out[2].wall:.2f}x)"
        )


_NAME = "青山河湖松柏桃李杨柳东南北中安平和兴福"  # no 市/县/省: each name one body of its own


def body_name(i: int) -> str:
    n = len(_NAME)
    return f"某某县{_NAME[i // n // n % n]}{_NAME[i // n % n]}{_NAME[i % n]}镇人民政府"


def series_folders(work: Path, count: int) -> dict[str, Path]:
    """Two shapes of a batch against the cross-year pass: `count` bodies with one report each
    (nothing to pair), and bodies with a report for each of 18 years, each year's narrative
    partly taken over from the year before (a real pair check for nearly every report)."""
    from tests.support.synth_series import era_of, series_cells

    rng = random.Random(13)
    years = list(range(2008, 2026))
    cells = series_cells(years)
    folders = {"distinct bodies": work / "series-distinct", "18 years a body": work / "series-years"}
    for folder in folders.values():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for i in range(count):
        narrative = {"一": _prose(rng, 12_000)}
        spec = synth.Spec(era="C", year=2022, agency=body_name(i), cells=cells[2022], narrative=narrative)
        (folders["distinct bodies"] / f"{i:05d}.txt").write_text(synth.render(spec), encoding="utf-8")
    for body in range(count // len(years)):
        kept = _prose(rng, 8_000)
        for year in years:
            kept = kept[len(kept) // 3 :] + _prose(rng, 4_000)  # a third new each year
            era = era_of(year)
            spec = synth.Spec(
                era=era, year=year, agency=body_name(body), cells=cells[year], narrative={"一": kept}
            )
            path = folders["18 years a body"] / f"{body:04d}-{year}.txt"
            path.write_text(synth.render(spec), encoding="utf-8")
    return folders


def series_shapes(work: Path, count: int) -> None:
    env = {**os.environ, "GKLINT_NO_CACHE": "1"}
    for name, folder in series_folders(work, count).items():
        files = len(list(folder.iterdir()))
        r = gklint(["check", "--no-config", "--format", "text", "--jobs", "2", str(folder)], env)
        say(
            f"series batch, {name} ({files} files, --jobs 2): parent {r.parent:.2f} s, workers {r.workers:.2f} s CPU, "
            f"parent peak {r.peak_kb / 1024:.0f} MB"
        )
        shutil.rmtree(folder)


def memory(paths: list[Path], work: Path, counts: list[int]) -> None:
    env = {**os.environ, "GKLINT_NO_CACHE": "1"}
    for count in counts:
        folder = copies(work / f"mem-{count}", paths, count)
        r = gklint(["check", "--no-config", "--format", "text", "--jobs", "2", str(folder)], env)
        say(f"parent peak memory, {count} files (--jobs 2): {r.peak_kb / 1024:.0f} MB")
        shutil.rmtree(folder)


# -- 5. input shapes --------------------------------------------------------------------------
def size_curve(sizes_mb: list[float], lists_kb: list[int]) -> None:
    options = CheckOptions(tuple(builtin_rules()))
    unit = synth.render(synth.Spec(era="C", year=2022, layout="tabs", cells=synth.default_cells("C", 1)))

    def cpu(text: str) -> tuple[float, int]:
        start = time.process_time()
        report = check_source(read_text(text, "big.txt"), options)
        return time.process_time() - start, len(report.findings)

    for mb in sizes_mb:
        secs, _ = cpu(unit * max(1, int(mb * 1e6 / len(unit.encode()))))
        say(f"input {mb:>4} MB: {secs:.2f} s CPU ({secs / mb:.2f} s/MB)")
    head, _, tail = unit.partition("二、")
    for item in ("收到申请8件、", "行政复议8件、", "收到政府信息公开申请8件、"):
        for kb in lists_kb:
            sentence = "本年度" + item * (kb * 1000 // len(item.encode())) + "办结9件。\n"
            secs, found = cpu(head + sentence + "二、" + tail)
            say(
                f"one sentence listing {item}…, {kb} KB: {secs:.2f} s CPU ({secs * 1000 / kb:.2f} s/MB), {found} findings"
            )


PARTS = ("per-report", "start-up", "rerun", "scaling", "memory", "series", "sizes")


def per_report_part(paths: list[Path], rounds: int) -> None:
    real = [p for p in paths if p.name.startswith("real-")]
    best = per_report(paths, rounds)
    times_all = list(best.values())
    med, p95 = statistics.median(times_all), quantile(times_all, 0.95)
    say(f"per report, whole check with text format: median {med * 1e3:.2f} ms, p95 {p95 * 1e3:.2f} ms CPU")
    if real:
        r = [best[p] for p in real]
        say(
            f"per real report: median {statistics.median(r) * 1e3:.2f} ms, p95 {quantile(r, 0.95) * 1e3:.2f} ms CPU"
        )
    say("median per layer: " + ", ".join(f"{k} {v:.2f} ms" for k, v in layers(paths, rounds).items()))
    f = floor(paths, rounds)
    say(f"floor (read, decode, split): median {f * 1e3:.3f} ms; gklint / floor {med / f:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="a quick run for CI")
    parser.add_argument("--out", type=Path, default=OUT, help="where to build the corpora")
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"the parts to measure, comma-separated ({', '.join(PARTS)})"
    )
    args = parser.parse_args()
    parts = set(args.only.split(","))
    small = args.small
    rounds, times = (1, 2) if small else (5, 7)
    work = args.out
    work.mkdir(parents=True, exist_ok=True)
    # A pip install byte-compiles the package; an editable one would compile at every start-up.
    compileall.compile_dir(str(ROOT / "gklint"), quiet=1)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; every figure is CPU time")

    paths = build_corpus(work / "corpus", 4 if small else 24)
    real = [p for p in paths if p.name.startswith("real-")]
    say(
        f"corpus: {len(paths)} reports of 10-40 KB ({len(real)} real, {len(paths) - len(real)} generated), "
        f"median {statistics.median(p.stat().st_size for p in paths) / 1e3:.1f} KB"
    )
    if "per-report" in parts:
        per_report_part(paths, rounds)
    if "start-up" in parts:
        start_up(paths[0], work, times)
    count = 50 if small else 1000
    if parts & {"rerun", "scaling"}:
        folder = copies(work / "many", paths, count)
        if "rerun" in parts:
            rerun(folder, work, count)
        if "scaling" in parts:
            scaling(folder, count, work)
    if "memory" in parts:
        memory(paths, work, [100] if small else [1000, 10_000])
    if "series" in parts:
        series_shapes(work, 72 if small else 1008)
    if "sizes" in parts:
        size_curve([0.5, 1] if small else [0.5, 1, 2, 5, 10, 20], [50] if small else [191, 376, 746])


if __name__ == "__main__":
    main()
