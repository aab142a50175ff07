"""The entry point, with a fast path for the everyday `gklint check FILE… [options]`.

Importing typer (and with it click and rich) costs more CPU than checking a report from the
cache. A `check` command line made only of the options below, with valid values, is read here
into the same CheckRequest that gklint.cli builds (tests/cli/test_fastcli.py compares the two
over many command lines). Anything else — help, a bad value, an option this table does not know
(a new one added to cli.py only) — goes to typer, which handles and explains it.

Everything else is imported inside the functions: _main raises the garbage collector's threshold
first (see there), and the collector's passes over the objects the first imports make (typing,
dataclasses, inspect, re …) cost ~2 ms of a single-file check.
"""

from __future__ import annotations

import gc
import os
import sys

FORMATS = ("text", "json", "github", "sarif", "junit", "html", "concise", "csv", "xlsx")
SEVERITIES = ("info", "warning", "error")
INPUTS = ("auto", "text", "docx", "html", "pdf")

# option -> (CheckRequest field, kind); kind: flag, int, seconds, path, text, era (a format id of
# gklint/registry.py), or a tuple of choices
OPTIONS: dict[str, tuple[str, object]] = {
    "--format": ("fmt", FORMATS),
    "-f": ("fmt", FORMATS),
    "--output": ("output", "path"),
    "-o": ("output", "path"),
    "--select": ("select", "text"),
    "--ignore": ("ignore", "text"),
    "--rules": ("rules", "path"),
    "--severity": ("severity", SEVERITIES),
    "--fail-on": ("fail_on", SEVERITIES),
    "--year": ("year", "int"),
    "--era": ("era", "era"),
    "--statistics": ("statistics", "flag"),
    "--quiet": ("quiet", "flag"),
    "-q": ("quiet", "flag"),
    "--exit-zero": ("exit_zero", "flag"),
    "--config": ("config", "path"),
    "--no-config": ("no_config", "flag"),
    "--baseline": ("baseline", "path"),
    "--jobs": ("jobs", "int"),
    "-j": ("jobs", "int"),
    "--include": ("include", "text"),
    "--exclude": ("exclude", "text"),
    "--max-bytes": ("max_bytes", "int"),
    "--input-format": ("input_format", INPUTS),
    "--previous": ("previous", "path"),
    "--timeout": ("timeout", "seconds"),
    "--no-cache": ("no_cache", "flag"),
}
REPEATED = frozenset({"select", "ignore", "rules", "include", "exclude"})
_INT = r"[+-]?\d+"
_SECONDS = r"\d+(?:\.\d*)?|\.\d+"  # a float >= 0 (typer: FloatRange(min=0))


def check_arguments(args: list[str]) -> dict[str, object] | None:
    """The fields of a CheckRequest for the arguments after `check`, or None: leave it to typer."""
    from pathlib import Path

    fields: dict[str, object] = {}
    paths: list[Path] = []
    rest = iter(args)
    for arg in rest:
        if arg == "-" or not arg.startswith("-"):
            paths.append(Path(arg))
            continue
        name, eq, value = arg.partition("=")
        if name not in OPTIONS:
            return None  # "--" and everything unknown included
        field, kind = OPTIONS[name]
        if kind == "flag":
            if eq:
                return None
            fields[field] = True
            continue
        if not eq:
            value = next(rest, None)  # type: ignore[assignment]
            if value is None:
                return None
        converted = _convert(kind, value)
        if converted is None:
            return None
        if field in REPEATED:
            fields[field] = (*fields.get(field, ()), converted)  # type: ignore[misc]
        else:
            fields[field] = converted
    if not paths:
        return None
    return {"paths": tuple(paths), **fields}


def _convert(kind: object, value: str) -> object | None:
    import re
    from pathlib import Path

    if isinstance(kind, tuple):
        return value if value in kind else None
    if kind == "int":
        return int(value) if re.fullmatch(_INT, value) else None
    if kind == "seconds":
        return float(value) if re.fullmatch(_SECONDS, value) else None
    if kind == "era":
        from gklint.registry import format_ids  # only when --era is given

        return value if value in format_ids() else None
    return Path(value) if kind == "path" else value


def main() -> None:
    """The entry for `python -m gklint` and for callers that expect SystemExit."""
    status = _main()
    if status is not None:
        sys.exit(status)


def run() -> None:
    """The console entry: after the fast `check`, an exit that skips tearing the interpreter down
    (as mypy's entry does): freeing every module, class, compiled pattern and cached rule one
    object at a time costs ~8 ms of a single-file check. Output is flushed first; a check leaves
    no temporary file or atexit work behind (its output file is closed by then)."""
    status = _main()
    if status is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def _main() -> int | None:
    """The fast `check`'s exit status; other commands go to typer (which exits by itself)."""
    # Start-up makes ~50 000 long-lived objects (classes, rules, tables, the parser): at the
    # default threshold the collector scans them again and again (~6 ms of a single-file check).
    # The few cycles a check leaves are still collected. mypy's entry point does the same.
    gc.set_threshold(200_000, 30, 30)
    from gklint import codecache

    args = sys.argv[1:]
    fields = check_arguments(args[1:]) if args[:1] == ["check"] else None
    if "--no-cache" not in args:
        codecache.install()  # before the imports whose classes and patterns it keeps
    if "lark" not in sys.modules:
        # lark imports interegular when it is installed (gklint's test extra), only to check a
        # grammar in strict mode, which a check never asks for: ~4 ms of every start-up
        sys.modules.setdefault("interegular", None)  # type: ignore[arg-type]
    if fields is None:
        from gklint.cli import main as typer_main

        try:
            typer_main()
        finally:
            codecache.save()
        return None
    from gklint.checking import CheckRequest, run_check

    try:
        status = run_check(CheckRequest(**fields))  # type: ignore[arg-type]
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into `head`: stop quietly, as click does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    except KeyboardInterrupt:
        sys.stderr.write("Aborted!\n")
        status = 1
    codecache.save()
    return status
