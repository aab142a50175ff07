"""The table formats gklint knows, from their folders: the one place every layer asks.

A format is a folder with a format.yaml (id, years, the cues that recognise it, the lexer's row
words) and its table files under tables/ (rows, columns, labels, value cells); a format may use
another's tables (`tables_from`). The built-in formats are in gklint/data/formats/; folders named
in $GKLINT_FORMATS (separated like PATH) are added, so a new format is a new folder, not code.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gklint.resources import data_path
from gklint.yamlfile import load_file


@dataclass(frozen=True)
class Format:
    """One report format (era) of gklint/data/formats: its years, tables and cues."""

    id: str
    names: dict[str, str]  # what users read: short, long, message (format.yaml says where each is used)
    years: tuple[int, int]  # first and last report year the format applies to
    text_cue: re.Pattern[str] | None  # the narrative's sign of it when the tables are missing
    table_files: tuple[Path, ...]
    sections: re.Pattern[str] | None = None  # section headings shared with others of its years
    sections_min: int = 0
    row_words: tuple[str, ...] = ()  # table rows that look like section headings
    table_starts: tuple[str, ...] = ()  # regular expressions: lines that open one of its tables

    @property
    def tables(self) -> tuple[str, ...]:
        """The table kinds (file names without .yaml)."""
        return tuple(path.stem for path in self.table_files)

    def covers(self, year: int) -> bool:
        return self.years[0] <= year <= self.years[1]


def _folders() -> list[Path]:
    builtin = sorted(p for p in data_path("formats").iterdir() if (p / "format.yaml").is_file())
    extra = [Path(p) for p in os.environ.get("GKLINT_FORMATS", "").split(os.pathsep) if p]
    return builtin + [p for root in extra for p in sorted(root.iterdir()) if (p / "format.yaml").is_file()]


@cache
def formats() -> tuple[Format, ...]:
    """Every format, oldest first (by first year)."""
    raw = {folder.name: (folder, load_file(folder / "format.yaml")) for folder in _folders()}
    found = [_format(folder, d, raw) for folder, d in raw.values()]
    return tuple(sorted(found, key=lambda f: (f.years, f.id)))


def _format(folder: Path, d: dict, raw: dict[str, tuple[Path, dict]]) -> Format:  # type: ignore[type-arg]
    source, base = raw[d["tables_from"]] if "tables_from" in d else (folder, {})
    files = sorted((source / "tables").glob("*.yaml"))
    if "tables" in d:  # the order the format lists them in
        files = [source / "tables" / f"{kind}.yaml" for kind in d["tables"]]
    first, last = d["years"]
    return Format(
        id=str(d["id"]),
        names={str(k): str(v) for k, v in d["names"].items()},
        years=(int(first), int(last)),
        text_cue=re.compile(d["text_cue"]) if d.get("text_cue") else None,
        table_files=tuple(files),
        sections=re.compile(d["sections"]) if d.get("sections") else None,
        sections_min=int(d.get("sections_min", 0)),
        row_words=tuple(d.get("row_words", base.get("row_words", ()))),
        table_starts=tuple(d.get("table_starts", base.get("table_starts", ()))),
    )


def format_name(fmt_id: str | None, form: str) -> str | None:
    """The format's name in `form` (short, long, message); None for an unknown format."""
    found = next((f for f in formats() if f.id == fmt_id), None)
    return found.names.get(form) if found else None


def format_ids() -> tuple[str, ...]:
    return tuple(f.id for f in formats())


def table_files() -> tuple[Path, ...]:
    """Each table file once, in the order of the formats that use it."""
    return tuple(dict.fromkeys(path for f in formats() for path in f.table_files))


def formats_of_table(kind: str) -> tuple[str, ...]:
    """The ids of the formats whose tables include `kind`."""
    return tuple(f.id for f in formats() if kind in f.tables)


def format_for_year(year: int | None, among: tuple[str, ...] | None = None) -> str | None:
    """The format a report of `year` is in, among `among` (all by default)."""
    for f in formats():
        if year is not None and (among is None or f.id in among) and f.covers(year):
            return f.id
    return None


def row_words() -> tuple[str, ...]:
    """Every format's row words, each once (the lexer's TROW)."""
    return tuple(dict.fromkeys(w for f in formats() for w in f.row_words))


def table_starts() -> tuple[str, ...]:
    """Every format's table-opening patterns, each once (the lexer's TABLE_START)."""
    return tuple(dict.fromkeys(p for f in formats() for p in f.table_starts))
