"""A fuzz target for the whole pipeline (read → parse → tables → rules), kept in the repository.

Coverage-guided with atheris (pip install atheris), run as long as you like:

    .venv/bin/pip install atheris
    .venv/bin/python bench/fuzz.py -max_total_time=3600 bench/out/fuzz-corpus

Without atheris it falls back to random mutations of the seeds and generated reports:

    .venv/bin/python bench/fuzz.py --minutes 10
    .venv/bin/python bench/fuzz.py --count 100000 --seed 1     # a fixed number of inputs

Any exception, any finding positioned outside the file, and any input taking more than
TIME_BOUND seconds is a failure: the input is saved under bench/out/crashes/ and the run stops.
"""

from __future__ import annotations

import io
import random
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gklint.errors import InputError  # noqa: E402
from gklint.read import read_bytes  # noqa: E402
from gklint.report import RenderOptions  # noqa: E402
from gklint.report.junit import render as render_junit  # noqa: E402
from gklint.report.sanitize import sanitized  # noqa: E402
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
        for at in (f.start, f.end):
            if at:
                assert 1 <= at.line <= lines, f"line {at.line} of {lines}"
                assert 1 <= at.column <= len(source.posmap.line_text(at.line)) + 1, f"column {at.column}"
    out = io.StringIO()
    render_junit([sanitized(report)], out, (), RenderOptions())
    ElementTree.fromstring(out.getvalue())  # well-formed XML whatever the report holds


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
    found += [as_html(text) for text in found[-6:]]  # the web-page reader too
    return found


def as_html(text: bytes) -> bytes:
    """A text report as a web page: lines as paragraphs, tab-separated lines as table rows."""
    from html import escape

    rows = []
    for line in text.decode("utf-8", "replace").splitlines():
        cells = line.split("\t")
        rows.append(
            "<table><tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr></table>"
            if len(cells) > 1
            else f"<p>{escape(line)}</p>"
        )
    return ("<html><head><meta charset='utf-8'></head><body>" + "".join(rows) + "</body></html>").encode()


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


def fallback(minutes: float, count: int = 0, seed: int | None = None) -> int:
    rng = random.Random(seed)
    pool = seeds()
    deadline = time.time() + minutes * 60
    runs = 0
    while (runs < count) if count else (time.time() < deadline):
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
        if runs % 10000 == 0:
            print(f"{runs} inputs …", flush=True)
    print(f"{runs} inputs, no failure")
    return 0


def _arg(name: str, default: float) -> float:
    return float(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def main() -> int:
    try:
        import atheris  # type: ignore[import-not-found]
    except ImportError:
        return fallback(
            _arg("--minutes", 1.0),
            int(_arg("--count", 0)),
            int(_arg("--seed", -1)) if "--seed" in sys.argv else None,
        )
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
