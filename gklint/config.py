"""Configuration: gklint.toml, or [tool.gklint] in pyproject.toml, found from the checked file's
folder upwards; command-line options win over it. An unknown key is a ConfigError naming it.

    select = ["GK"]                  # rules to run (codes, prefixes, names); default: all
    ignore = ["GK604"]
    rules = ["my-rules"]             # extra rule folders, relative to the config file
    severity = "warning"             # show findings of this severity and above
    fail-on = "error"                # exit 1 when a finding of this severity or above is shown
    include = ["**/*.txt"]           # files taken from folders (default: .txt .docx .html .htm .pdf)
    exclude = ["drafts/**"]
    max-bytes = 20000000
    timeout = 30                     # seconds per file (0: no limit); a file over it gets GK002
    max-memory = 1024                # megabytes per file (0: no limit)

    [deadlines]                      # publication deadlines, month-day of the following year
    default = "01-31"
    government = "03-31"

    [rule-severity]                  # change a rule's severity
    GK406 = "info"

    [[overrides]]                    # settings for some paths (globs relative to the config file)
    paths = ["2018/**"]
    year = 2018
    ignore = ["GK105"]

    [[series]]                       # one body's reports, when their titles name it differently
    name = "平潭综合实验区"
    paths = ["平潭/*.txt"]

    [[suppress]]                     # a known, explained exception (official documents cannot carry lint comments)
    path = "青山镇2022.txt"
    rules = ["GK305"]
    cells = ["t2.fees.amount"]       # optional: only findings about these cells
    reason = "收费金额按元填报，已向上级说明"
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, TypeGuard

from gklint import messages
from gklint.errors import ConfigError
from gklint.files import DEFAULT_MAX_BYTES, describe, read_text_capped
from gklint.guard import DEFAULT_MEMORY, DEFAULT_SECONDS
from gklint.registry import format_ids

SEVERITIES = ("info", "warning", "error")
CONFIG_FILES = ("gklint.toml", "pyproject.toml")


@dataclass(frozen=True)
class Suppression:
    """A config file's `ignore` entry: rules (or cells) not reported for the files it names."""

    path: str  # glob, relative to the config file's folder
    rules: tuple[str, ...]
    cells: tuple[str, ...] = ()
    reason: str = ""
    origin: str = ""  # the config file and entry, for "unused" reports


@dataclass(frozen=True)
class Settings:
    """Effective settings for one file."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules: tuple[Path, ...] = ()
    severity: str = "info"
    fail_on: str = "error"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    deadlines: tuple[tuple[str, str], ...] = ()
    rule_severity: tuple[tuple[str, str], ...] = ()
    year: int | None = None
    era: str | None = None
    suppress: tuple[Suppression, ...] = ()
    root: Path = field(default_factory=Path.cwd)
    source: str | None = None  # the config file, if any
    input_format: str = "auto"
    series: str | None = None  # the [[series]] this file belongs to, by its name
    timeout: float = DEFAULT_SECONDS  # per file (guard.py); 0: none
    max_memory: int = DEFAULT_MEMORY  # bytes per worker


CONFIG_CAP = 1 << 20  # bytes: a configuration is a page of settings


@dataclass(frozen=True)
class Kind:
    """What a setting's value must be: a check, and its name for the user's message."""

    check: Callable[[object], bool]
    name: str


def _is_str_list(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _is_int(v: object) -> TypeGuard[int]:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_table_of(check: Callable[[object], bool]) -> Callable[[object], bool]:
    return lambda v: isinstance(v, dict) and all(check(x) for x in v.values())


STR_LIST = Kind(_is_str_list, '字符串列表，如 ["GK201"]')
STR = Kind(lambda v: isinstance(v, str), "字符串")
SEVERITY = Kind(lambda v: v in SEVERITIES, "info、warning 或 error 之一")
ERA = Kind(lambda v: v in format_ids(), "表格格式编号之一（A、B、C，见 gklint/data/formats）")
YEAR = Kind(lambda v: _is_int(v) and 1990 <= v <= 2100, "1990 到 2100 之间的整数年份")
POSITIVE = Kind(lambda v: _is_int(v) and 0 < v < 1 << 62, "正整数")
SECONDS = Kind(
    lambda v: (_is_int(v) or isinstance(v, float)) and 0 <= v <= 86400, "0 到 86400 之间的秒数（0 表示不限）"
)
MEGABYTES = Kind(lambda v: _is_int(v) and 0 <= v <= 1 << 20, "0 到 1048576 之间的兆字节数（0 表示不限）")
DEADLINES = Kind(_is_table_of(lambda v: isinstance(v, str)), '表，每项为 "月-日" 字符串')
RULE_SEVERITY = Kind(_is_table_of(lambda v: v in SEVERITIES), "表，每项为 info、warning 或 error")
TABLES = Kind(lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v), "表的数组（[[…]]）")

_KEYS: dict[str, Kind] = {
    "select": STR_LIST,
    "ignore": STR_LIST,
    "rules": STR_LIST,
    "severity": SEVERITY,
    "fail-on": SEVERITY,
    "include": STR_LIST,
    "exclude": STR_LIST,
    "max-bytes": POSITIVE,
    "timeout": SECONDS,
    "max-memory": MEGABYTES,
    "deadlines": DEADLINES,
    "rule-severity": RULE_SEVERITY,
    "overrides": TABLES,
    "suppress": TABLES,
    "series": TABLES,
    "year": YEAR,
    "era": ERA,
}
_OVERRIDE_KEYS = {
    "paths": STR_LIST,
    **{k: _KEYS[k] for k in ("select", "ignore", "severity", "year", "era", "deadlines", "rule-severity")},
}
_SUPPRESS_KEYS = {"path": STR, "rules": STR_LIST, "cells": STR_LIST, "reason": STR}
_SERIES_KEYS = {"name": STR, "paths": STR_LIST}


@dataclass(frozen=True)
class ConfigFile:
    """A config file found or named, and its parsed contents."""

    path: Path
    data: dict[str, Any]

    @property
    def root(self) -> Path:
        return self.path.parent


def find_config(start: Path) -> ConfigFile | None:
    """The nearest gklint.toml, or pyproject.toml with [tool.gklint], from `start` upwards."""
    folder = start if start.is_dir() else start.parent
    return _find(folder.resolve())


@cache
def _find(folder: Path) -> ConfigFile | None:
    for name in CONFIG_FILES:
        candidate = folder / name
        if candidate.is_file():
            config = load_config(candidate)
            if config is not None:
                return config
    return None if folder.parent == folder else _find(folder.parent)


def load_config(path: Path) -> ConfigFile | None:
    """Read and validate a config file (None for a pyproject.toml without [tool.gklint]).

    Only a regular file under CONFIG_CAP bytes is read; every value's type is checked, and a wrong
    one is a ConfigError naming the file, the line and the type wanted."""
    try:
        text = read_text_capped(path, CONFIG_CAP)
    except UnicodeDecodeError as e:
        raise ConfigError(str(path), messages.text("config-not-utf8", reason=e)) from e
    except OSError as e:
        raise ConfigError(str(path), messages.text("config-unreadable", reason=describe(e))) from e
    import tomllib  # imported here: a run without a config file needs no TOML

    try:
        data: object = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(str(path), messages.text("config-unreadable", reason=e)) from e
    except (ValueError, RecursionError, MemoryError) as e:  # a 5000-digit number, 50 000 nested arrays
        reason = type(e).__name__ if isinstance(e, RecursionError | MemoryError) else e
        raise ConfigError(str(path), messages.text("config-unreadable", reason=reason)) from e
    if path.name == "pyproject.toml":
        tool = data.get("tool") if isinstance(data, dict) else None
        data = tool.get("gklint") if isinstance(tool, dict) else None
        if data is None:
            return None
    where = _Lines(str(path), text)
    checked = _validate(where, data, _KEYS, "")
    for i, item in enumerate(checked.get("overrides", [])):
        _validate(where, item, _OVERRIDE_KEYS, f"overrides[{i}].")
    for i, item in enumerate(checked.get("suppress", [])):
        _validate(where, item, _SUPPRESS_KEYS, f"suppress[{i}].")
        if "path" not in item or "rules" not in item:
            raise where.error(f"suppress[{i}].path", messages.text("config-suppress-incomplete", index=i + 1))
    for i, item in enumerate(checked.get("series", [])):
        _validate(where, item, _SERIES_KEYS, f"series[{i}].")
        if set(item) != set(_SERIES_KEYS):
            raise where.error(f"series[{i}].name", messages.text("config-series-incomplete", index=i + 1))
    return ConfigFile(path, checked)


class _Lines:
    """Finds the line of a setting in the config text, for messages (tomllib gives no positions)."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, key: str) -> int | None:
        """The line of `key`; for "overrides[2].year", the first `year =` after the third [[overrides]]."""
        table, _, name = key.rpartition(".")
        first = 0
        m = re.fullmatch(r"([\w-]+)\[(\d+)\]", table)
        if m:
            headers = [i for i, line in enumerate(self.lines) if line.strip() == f"[[{m.group(1)}]]"]
            first = headers[int(m.group(2))] if int(m.group(2)) < len(headers) else 0
        for number, line in enumerate(self.lines[first:], first + 1):
            stripped = line.strip().strip("[]").strip()
            if stripped.split("=", 1)[0].strip().strip('"') == name or stripped.endswith(f".{name}"):
                return number
        return None

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.path, message, self.line_of(key))


def _type_name(value: object) -> str:
    names = {bool: "布尔值", int: "整数", float: "小数", str: "字符串", list: "数组", dict: "表"}
    return names.get(type(value), type(value).__name__)


def _validate(where: _Lines, data: object, keys: dict[str, Kind], prefix: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        key = prefix.rstrip(".") or "gklint"
        raise where.error(key, messages.text("config-not-table", key=key))
    for key, value in data.items():
        if key not in keys:
            allowed = ", ".join(sorted(keys))
            raise where.error(
                prefix + key, messages.text("config-unknown-key", key=prefix + key, allowed=allowed)
            )
        if not keys[key].check(value):
            message = messages.text(
                "config-bad-type", key=prefix + key, expected=keys[key].name, actual=_describe(value)
            )
            raise where.error(prefix + key, message)
    return data


def _describe(value: object) -> str:
    shown = repr(value)
    return f"{_type_name(value)} {shown if len(shown) <= 40 else shown[:37] + '…'}"


def base_settings(config: ConfigFile | None) -> Settings:
    if config is None:
        return Settings()
    d, root = config.data, config.root
    return Settings(
        select=tuple(d.get("select", ())),
        ignore=tuple(d.get("ignore", ())),
        rules=tuple((root / r).resolve() for r in d.get("rules", ())),
        severity=d.get("severity", "info"),
        fail_on=d.get("fail-on", "error"),
        include=tuple(d.get("include", ())),
        exclude=tuple(d.get("exclude", ())),
        max_bytes=int(d.get("max-bytes", DEFAULT_MAX_BYTES)),
        timeout=float(d.get("timeout", DEFAULT_SECONDS)),
        max_memory=int(d.get("max-memory", DEFAULT_MEMORY >> 20)) << 20,
        deadlines=tuple(sorted(d.get("deadlines", {}).items())),
        rule_severity=tuple(sorted(d.get("rule-severity", {}).items())),
        year=d.get("year"),
        era=d.get("era"),
        suppress=tuple(
            Suppression(
                str(s["path"]),
                tuple(s["rules"]),
                tuple(s.get("cells", ())),
                str(s.get("reason", "")),
                f"{config.path} 第 {i + 1} 项（path = {s['path']}）",
            )
            for i, s in enumerate(d.get("suppress", ()))
        ),
        root=root,
        source=str(config.path),
    )


def for_file(settings: Settings, config: ConfigFile | None, path: Path) -> Settings:
    """The settings with the config's [[overrides]] whose paths match this file applied."""
    if config is None:
        return settings
    relative = _relative(path, config.root)
    for item in config.data.get("series", ()):
        if any(fnmatch.fnmatch(relative, pattern) for pattern in item["paths"]):
            settings = replace(settings, series=item["name"])
    for item in config.data.get("overrides", ()):
        if any(fnmatch.fnmatch(relative, pattern) for pattern in item.get("paths", ())):
            settings = replace(
                settings,
                select=tuple(item.get("select", settings.select)),
                ignore=(*settings.ignore, *item.get("ignore", ())),
                severity=item.get("severity", settings.severity),
                year=item.get("year", settings.year),
                era=item.get("era", settings.era),
                deadlines=tuple(sorted({**dict(settings.deadlines), **item.get("deadlines", {})}.items())),
                rule_severity=tuple(
                    sorted({**dict(settings.rule_severity), **item.get("rule-severity", {})}.items())
                ),
            )
    return settings


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def matches(path: Path, root: Path, patterns: tuple[str, ...]) -> bool:
    relative = _relative(path, root)
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(path.name, p) for p in patterns)
