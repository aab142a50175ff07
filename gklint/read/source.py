"""Source: a report as text, whatever container it came in, and where each of its lines came from.

`raw` is the text as the user sees it (for a .txt file, the file; for a Word document, web page or
PDF, the reader's rendering: one paragraph a line, table rows with tab-separated cells), `text` is
the normalised text the parser reads, and `posmap` leads from one to the other. Containers other
than plain text also carry `origins`, one per line of `raw`, so a diagnostic can say where to look
in the original ("第12段", "第2个表格第3行第4列") when line numbers of a rendering mean nothing to the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from gklint import messages
from gklint.model import Location, Origin, Problem, Span
from gklint.read.normalize import normalize
from gklint.read.posmap import PositionMap

InputFormat = Literal["text", "docx", "html", "pdf"]


@dataclass(frozen=True)
class Source:
    """A report as text: `raw` is what the user sees (line breaks unified), `text` is normalised."""

    path: str
    raw: str
    text: str
    posmap: PositionMap
    encoding: str
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    format: InputFormat = "text"
    origins: tuple[Origin, ...] | None = None  # one per line of `raw`; None for plain text

    def location(self, offset: int) -> Location | None:
        """Where a normalised offset lies in the original document, or None for plain text."""
        if self.origins is None:
            return None
        position = self.posmap.position(offset)
        if not 1 <= position.line <= len(self.origins):
            return None
        origin = self.origins[position.line - 1]
        column = 0
        if origin.kind == "row":
            line = self.posmap.line_text(position.line)
            cell = line.count("\t", 0, position.column - 1)
            column = origin.columns[cell] if cell < len(origin.columns) else 0
        return Location(origin.kind, origin.number, origin.table, origin.page, column)

    def locate(self, offset: int) -> str | None:
        """`location` in words for the user ("第12段", "第2个表格第3行第4列", "第3页第7行"), or None."""
        at = self.location(offset)
        if at is None:
            return None
        if at.kind == "paragraph":
            where = messages.text("locate-paragraph", number=at.number)
        elif at.kind == "line":
            where = messages.text("locate-line", number=at.number)
        elif at.column:
            where = messages.text("locate-cell", table=at.table, row=at.number, column=at.column)
        else:
            where = messages.text("locate-row", table=at.table, row=at.number)
        return messages.text("locate-page", page=at.page, where=where) if at.page else where


def read_text(
    raw: str,
    path: str = "<text>",
    encoding: str = "utf-8",
    replaced: int = 0,
    *,
    format: InputFormat = "text",
    origins: tuple[Origin, ...] | None = None,
    problems: tuple[Problem, ...] = (),
) -> Source:
    """A Source from text that is already decoded (the text path, tests, other containers).

    Other containers pass `origins`, one per line of `raw`."""
    if "\r" in raw:  # (looking for a character is fast, a replace pass is slow even finding nothing)
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    text, posmap = normalize(raw)
    if origins is not None and len(origins) != posmap.line_count:
        raise ValueError(f"{len(origins)} origins for {posmap.line_count} lines")  # a reader's bug
    found: list[Problem] = list(problems)
    first = text.find("\ufffd")
    if replaced:
        found.append(
            Problem.make("decode-replaced", Span(first, first + 1), count=replaced, encoding=encoding)
        )
    elif first >= 0:  # lost before it reached us: an earlier conversion could not decode something
        found.append(
            Problem.make("text-replacement-chars", Span(first, first + 1), count=text.count("\ufffd"))
        )
    return Source(path, raw, text, posmap, encoding, tuple(found), format, origins)
