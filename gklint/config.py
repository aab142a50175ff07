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

    [deadlines]                      # publication deadlines, month-day of the following year
    default = "01-31"
    government = "03-31"

    [rule-severity]                  # change a rule's severity
    GK406 = "info"

    [[overrides]]                    # settings for some paths (globs relative to the config file)
    paths = ["2018/**"]
    year = 2018
    ignore = ["GK105"]

    [[suppress]]                     # a known, explained exception (official documents cannot carry lint comments)
    path = "青山镇2022.txt"
    rules = ["GK305"]
    cells = ["t2.fees.amount"]       # optional: only findings about these cells
    reason = "收费金额按元填报，已向上级说明"
"""

from __future__ import annotations

import fnmatch
import sys
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from gklint import messages
from gklint.errors import ConfigError
from gklint.read import DEFAULT_MAX_BYTES
from gklint.registry import format_ids

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SEVERITIES = ("info", "warning", "error")
CONFIG_FILES = ("gklint.toml", "pyproject.toml")


@dataclass(frozen=True)
class Suppression:
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


_KEYS = {
    "select": list,
    "ignore": list,
    "rules": list,
    "severity": str,
    "fail-on": str,
    "include": list,
    "exclude": list,
    "max-bytes": int,
    "deadlines": dict,
    "rule-severity": dict,
    "overrides": list,
    "suppress": list,
    "year": int,
    "era": str,
}
_OVERRIDE_KEYS = {"paths", "select", "ignore", "severity", "year", "era", "deadlines", "rule-severity"}
_SUPPRESS_KEYS = {"path", "rules", "cells", "reason"}


@dataclass(frozen=True)
class ConfigFile:
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
    """Read and validate a config file (None for a pyproject.toml without [tool.gklint])."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(str(path), messages.text("config-unreadable", reason=e)) from e
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("gklint")
        if data is None:
            return None
    _validate(path, data, _KEYS, "")
    for i, item in enumerate(data.get("overrides", [])):
        _validate(path, item, {k: object for k in _OVERRIDE_KEYS}, f"overrides[{i}].")
    for i, item in enumerate(data.get("suppress", [])):
        _validate(path, item, {k: object for k in _SUPPRESS_KEYS}, f"suppress[{i}].")
        if "path" not in item or "rules" not in item:
            raise ConfigError(str(path), messages.text("config-suppress-incomplete", index=i + 1))
    return ConfigFile(path, data)


def _validate(path: Path, data: object, keys: dict[str, type], prefix: str) -> None:
    if not isinstance(data, dict):
        raise ConfigError(str(path), messages.text("config-not-table", key=prefix.rstrip(".") or "gklint"))
    for key, value in data.items():
        if key not in keys:
            raise ConfigError(
                str(path),
                messages.text("config-unknown-key", key=prefix + key, allowed=", ".join(sorted(keys))),
            )
        if keys[key] is not object and not isinstance(value, keys[key]):
            raise ConfigError(
                str(path), messages.text("config-bad-value", key=prefix + key, expected=keys[key].__name__)
            )
    for key, choices in (("severity", SEVERITIES), ("fail-on", SEVERITIES), ("era", format_ids())):
        if key in data and data[key] not in choices:
            raise ConfigError(
                str(path), messages.text("config-bad-choice", key=prefix + key, choices=", ".join(choices))
            )


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
