"""A fuzz target for the whole pipeline (read → parse → tables → rules), kept in the repository.

Coverage-guided with atheris (pip install atheris), run as long as you like:

    .venv/bin/pip install atheris
    .venv/bin/python bench/fuzz.py -max_total_time=3600 bench/out/fuzz-corpus

Without atheris it falls back to random mutations of the seeds and generated reports:

    .venv/bin/python bench/fuzz.py --minutes 10

Any exception, any finding positioned outside the file, and any input taking more than
TIME_BOUND seconds is a failure: the input is saved under bench/out/crashes/ and the run stops.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gklint.errors import InputError  # noqa: E402
from gklint.read import read_bytes  # noqa: E402
from gklint.rules import builtin_rules  # noqa: E402
from gklint.runner import CheckOptions, check_source  # noqa: E402

OPTIONS = CheckOptions(tuple(builtin_rules()))
CRASHES = ROOT / "bench" / "out" / "crashes"
TIME_BOUND = 10.0


def one(data: bytes) -> None:
    """Check one input; raise AssertionError on anything that is not a clean outcome."""
    try:
        source = read_bytes(data, "fuzz.txt")
    except InputError:
        return
    start = time.perf_counter()
    report = check_source(source, OPTIONS)
    assert time.perf_counter() - start < TIME_BOUND, "too slow"
    lines = source.posmap.line_count
    for f in report.findings:
        assert f.diagnostic.outcome != "internal", f.diagnostic.message
        if f.start:
            assert 1 <= f.start.line <= lines


def seeds() -> list[bytes]:
    from tests.support import synth

    found = [p.read_bytes() for p in sorted((ROOT.parent / "shared").glob("*/*.txt"))]
    for era, layouts in synth.LAYOUTS.items():
        for layout in layouts:
            spec = synth.Spec(
                era=era,
                year={"A": 2017, "B": 2020, "C": 2022}[era],
                layout=layout,
                cells=synth.default_cells(era, 1),
            )
            found.append(synth.render(spec).encode())
    return found


def mutate(data: bytes, rng: random.Random, pool: list[bytes]) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(5)
        at = rng.randrange(len(b) + 1)
        if op == 0 and b:
            del b[at : at + rng.randint(1, 64)]
        elif op == 1:
            b[at:at] = rng.choice(pool)[rng.randrange(1000) :][: rng.randint(1, 200)]
        elif op == 2 and b:
            b[min(at, len(b) - 1)] = rng.randrange(256)
        elif op == 3:
            b[at:at] = rng.choice(
                [b"\t", b"|", b"\n", "一、".encode(), "(七)总计".encode(), b"0" * rng.randint(1, 50)]
            )
        elif b:
            b[at:] = b[at:][::-1][: len(b) - at]
    return bytes(b)


def fallback(minutes: float) -> int:
    rng = random.Random()
    pool = seeds()
    deadline = time.time() + minutes * 60
    runs = 0
    while time.time() < deadline:
        data = mutate(rng.choice(pool), rng, pool)
        try:
            one(data)
        except Exception:
            CRASHES.mkdir(parents=True, exist_ok=True)
            path = CRASHES / f"crash-{runs}.bin"
            path.write_bytes(data)
            print(f"failure after {runs} inputs, saved to {path}")
            raise
        runs += 1
    print(f"{runs} inputs, no failure")
    return 0


def main() -> int:
    try:
        import atheris  # type: ignore[import-not-found]
    except ImportError:
        minutes = float(sys.argv[sys.argv.index("--minutes") + 1]) if "--minutes" in sys.argv else 1.0
        return fallback(minutes)
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
