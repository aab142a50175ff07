"""A single-file `gklint check` must not import what only other inputs or commands need.

Start-up time is measured by bench/bench.py, not here; this test only keeps the lazy imports that
the measurement depends on from being undone by a stray top-level import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample-2021.txt"

# Modules a plain-text check has no use for: container readers, the parse outline, the process
# pool (one file), the HTML report, pydantic (pulled in by typer 0.29+ coercion); and, on a warm
# cache, the command-line and terminal libraries (the fast path reads `check`'s options, the text
# format writes plain text off a terminal) and yaml (the data files come from the cache).
NOT_FOR_TEXT_CHECK = (
    "typer",
    "click",
    "rich",
    "yaml",
    "gklint.read.docx",
    "gklint.read.html",
    "gklint.read.pdf",
    "zipfile",  # the container formats only
    "gklint.outline",
    "gklint.report.html",
    "html",  # html.escape: the HTML outputs only
    "concurrent.futures.process",
    "pydantic",
    "gklint.serve",  # gklint serve's web stack is for that command only
    "gklint.series.copied",  # the cross-year comparison of sentences only
    "difflib",
    "starlette",
    "uvicorn",
)

_PROBE = """
import contextlib, io, json, sys
from gklint.fastcli import main
sys.argv = ["gklint", "check", "--no-config", sys.argv[1]]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
print(json.dumps(sorted(name for name, module in sys.modules.items() if module is not None)))
"""


# What a re-run of an unchanged file does not need: its result is found in the parent process
# (gklint/results.py), so neither the layers nor the rule kinds are loaded and no worker is forked.
NOT_FOR_CACHED_RERUN = (
    *NOT_FOR_TEXT_CHECK,
    "lark",
    "gklint.read.detect",
    "gklint.parse",
    "gklint.tables",
    "gklint.rules.kinds",
    "gklint.rules.engine",
    "gklint.runner",
    "tomllib",  # no configuration file
    "secrets",  # the cache's key exists: nothing is created
    "tempfile",  # nothing is written
)


def _loaded(path: Path, env: dict[str, str], probe: str = _PROBE) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_text_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    env = {**os.environ, "GKLINT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("GKLINT_NO_CACHE", None)
    _loaded(SAMPLE, env)  # fills the cache: rules, data files, this file's result
    fresh = tmp_path / "fresh.txt"
    fresh.write_bytes(SAMPLE.read_bytes() + b"\n")
    results = tmp_path / "cache" / "results"
    stored = len(list(results.rglob("*")))
    loaded = _loaded(fresh, env)  # warm, but a new file: checked in a worker
    assert len(list(results.rglob("*"))) > stored  # the worker checked it and stored its result
    assert sorted(m for m in NOT_FOR_TEXT_CHECK if m in loaded) == []
    # One file's worker loads the layers, the rules and the parser itself: the parent does not
    assert sorted(m for m in NOT_FOR_CACHED_RERUN if m in loaded) == []


def test_cached_rerun_loads_no_layer(tmp_path: Path) -> None:
    env = {**os.environ, "GKLINT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("GKLINT_NO_CACHE", None)
    _loaded(SAMPLE, env)
    loaded = _loaded(SAMPLE, env)
    assert "gklint.results" in loaded  # the probe really looked its result up
    assert sorted(m for m in NOT_FOR_CACHED_RERUN if m in loaded) == []


def test_lark_grammar_checker_not_loaded(tmp_path: Path) -> None:
    """lark imports interegular, when installed (the test extra), only to check a grammar in
    strict mode; the parser a check builds (in the worker) must not load it."""
    env = {**os.environ, "GKLINT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("GKLINT_NO_CACHE", None)
    then_parser = _PROBE.replace(
        "print(", "from gklint.parse.grammar import report_parser\nreport_parser()\nprint(", 1
    )
    loaded = _loaded(SAMPLE, env, then_parser)
    assert "lark" in loaded and "interegular" not in loaded


def test_entry_module_imports_nothing_heavy_before_raising_the_gc_threshold() -> None:
    """The console entry raises the collector's threshold before its first heavy imports (the
    collector's passes over what they make cost start-up ~2 ms): importing the entry module and
    the package must not import them already."""
    probe = "import sys, gklint.fastcli; print(sorted(m for m in ('typing', 'dataclasses', 'pathlib', 'gklint.codecache') if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
