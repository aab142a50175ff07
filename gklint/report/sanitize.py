"""Text from a report (or a file name) on its way to a terminal, a log or an XML/HTML document.

Control characters other than tab and line break (C0, DEL, C1) and the bidirectional overrides
and isolates are replaced by visible escapes (`\\x1b`, `\\u202e`): raw, an ESC sequence can clear
the screen, set the window title or write the clipboard (OSC 52), a bidi override can make a line
read differently from what it says, and XML 1.0 forbids most C0 characters outright (an invalid
JUnit file). File names additionally lose raw line breaks, which could forge output lines.
"""

from __future__ import annotations

import re
from dataclasses import replace

from gklint.model import FileReport, Finding, TableView

_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
_UNSAFE_NAME = re.compile(_UNSAFE.pattern[:-1] + r"\n\t]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every unsafe character shown as an escape (tab and line break kept)."""
    return _UNSAFE.sub(_escape, text)


def visible_name(name: str) -> str:
    """A file name for output: unsafe characters, tabs and line breaks shown as escapes."""
    return _UNSAFE_NAME.sub(_escape, name)


def _opt(text: str | None) -> str | None:
    return visible(text) if text else text


def _safe(*texts: str | None) -> bool:
    """Nothing to escape in any of them: most findings, whose copy would cost more than the test."""
    return not _UNSAFE.search("\n".join(t for t in texts if t))


def _finding(f: Finding) -> Finding:
    d = f.diagnostic
    if _safe(d.message, d.hint, f.line_text, f.location, *(c.ref.raw for c in f.cells)):
        return f
    diagnostic = replace(d, message=visible(d.message), hint=_opt(d.hint))
    cells = tuple(replace(c, ref=replace(c.ref, raw=_opt(c.ref.raw))) for c in f.cells)
    return replace(
        f, diagnostic=diagnostic, line_text=visible(f.line_text), cells=cells, location=_opt(f.location)
    )


def sanitized(report: FileReport) -> FileReport:
    """The report with every text a renderer writes made safe."""
    return replace(
        report,
        path=visible_name(report.path),
        error=_opt(report.error),
        agency=_opt(report.agency),
        period=_opt(report.period),
        text=_opt(report.text),
        findings=tuple(_finding(f) for f in report.findings),
        tables=tuple(
            t if _safe(*(c.raw for r in t.rows for c in r.cells)) else _table(t) for t in report.tables
        ),
    )


def _table(t: TableView) -> TableView:
    rows = tuple(replace(r, cells=tuple(replace(c, raw=visible(c.raw)) for c in r.cells)) for r in t.rows)
    return replace(t, rows=rows)
