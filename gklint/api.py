"""The library API: check a report held in memory, for systems that embed gklint.

    import gklint
    result = gklint.check_bytes(data, "2021年报.txt", select=["GK2"], year=2021)
    result["diagnostics"]   # the same dict as one file of `gklint check --format json`

`check_bytes` is pure: it reads no configuration file and writes no cache of results (the
compiled built-in rules may be loaded from the user's cache, which changes nothing found). Its
arguments and its result are plain, picklable data, so it can run in a process pool. Bad input
never raises: the result's "error" says why the report could not be checked. A bad option
(an unknown rule, severity or era) raises ValueError.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from gklint.config import SEVERITIES
from gklint.errors import GklintError
from gklint.read import DEFAULT_MAX_BYTES
from gklint.registry import format_ids
from gklint.report.json_format import file_dict
from gklint.rules import rule_set
from gklint.rules.select import is_selected, unknown_selectors
from gklint.runner import CheckOptions, check_path

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def check_bytes(
    data: bytes,
    name: str = "<bytes>",
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    rules: Iterable[str | Path] = (),
    severity: str = "info",
    year: int | None = None,
    era: str | None = None,
    deadlines: Mapping[str, str] | None = None,
    input_format: str = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, Any]:
    """Check one report's bytes; `name` is its file name (shown in the result, and its suffix
    helps tell the format). Options as on the command line: `select`/`ignore` rule codes,
    prefixes or names, extra rule folders, the lowest `severity` kept, `year` and `era`
    overrides, the `deadlines` of the configuration file, the `input_format`."""
    folders = tuple(Path(r).resolve() for r in rules)
    select, ignore = tuple(select), tuple(ignore)
    try:
        every = rule_set(folders)
    except GklintError as e:
        raise ValueError(str(e)) from e
    bad = unknown_selectors([*select, *ignore], [r.meta for r in every])
    if bad:
        raise ValueError(f"unknown rules: {', '.join(bad)}")
    if severity not in SEVERITY_RANK or (era is not None and era not in format_ids()):
        raise ValueError(
            f"severity must be one of {', '.join(SEVERITIES)}; era one of {', '.join(format_ids())}"
        )
    options = CheckOptions(
        rules=tuple(r for r in every if is_selected(r.meta, select, ignore)),
        max_bytes=max_bytes,
        settings=(("deadlines", dict(sorted(deadlines.items()))),) if deadlines else (),
        year=year,
        era=era,
        input_format=input_format,
    )
    report = check_path(name, options, data, cached=False)
    floor = SEVERITY_RANK[severity]
    out = file_dict(report)
    out["diagnostics"] = [d for d in out["diagnostics"] if SEVERITY_RANK[d["severity"]] >= floor]
    return out
