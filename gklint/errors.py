"""User errors: unreadable input, bad configuration, bad rule files.

These are the only exceptions gklint raises on purpose. Each names the file (and line where there
is one); `cli` catches them once and exits with status 2. Defects *in a report* are never
exceptions: they are problems and diagnostics.
"""

from __future__ import annotations


class GklintError(Exception):
    """Base class: a message for the user about a file, optionally at a line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class InputError(GklintError):
    """A report file that cannot be read as text (missing, binary, undecodable, too large)."""


class ConfigError(GklintError):
    """A configuration file that is invalid (unknown key, wrong type)."""


class RuleFileError(GklintError):
    """A rule file that is invalid (unknown key, bad expression, unknown cell id)."""
