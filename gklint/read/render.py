"""Paragraphs and table rows of a container (.docx, web page, PDF) → text lines with origins.

Every container reader renders into the layout the parser already reads from Word's "save as
text" (shared seed S003): one paragraph a line, one table row a line with its cells separated by
tabs. A cell spanning several columns is one cell (as Word writes it); a position covered by a cell
from a row above (a vertical merge, `rowspan`) is an empty cell, so the cells after it keep their
places. Each line keeps its Origin, so a diagnostic can point into the original document.

Must not know anything about reports: it only lays out text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gklint.model import Origin

# Inside one cell, tabs and line breaks are layout; they would split the cell or the row.
_CELL_BREAKS = re.compile(r"[\t\n\r\v\f\u2028\u2029]+")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\u2028\u2029]")


@dataclass(frozen=True)
class GridCell:
    """One cell of a table row as the container holds it: its text and first grid column (1-based)."""

    text: str
    column: int


def cell_text(text: str) -> str:
    """A cell's text on one line: breaks inside the cell become spaces."""
    return _CELL_BREAKS.sub(" ", text).strip()


@dataclass
class Rendering:
    """The growing text of one document and the origin of each of its lines."""

    lines: list[str] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0

    def paragraph(self, text: str, page: int = 0) -> None:
        """A paragraph (Word, web page): numbered if it has text; a line break in it starts a line."""
        if not text.strip():
            return
        self.paragraphs += 1
        for line in _LINE_BREAKS.split(text):
            if line.strip():
                self.lines.append(line.rstrip())
                self.origins.append(Origin("paragraph", self.paragraphs, page=page))

    def page_line(self, text: str, page: int, number: int) -> None:
        """A line of a PDF page (`number` counts the page's text lines, tables excluded)."""
        self.lines.append(_LINE_BREAKS.sub(" ", text.replace("\t", " ")).rstrip())  # a tab would make a cell
        self.origins.append(Origin("line", number, page=page))

    def start_table(self) -> int:
        """Number the next table (1-based, in document order) and return its number."""
        self.tables += 1
        return self.tables

    def row(self, cells: list[GridCell], table: int, number: int, page: int = 0) -> None:
        """A table row: its cells' texts joined by tabs (`number` is the row's, 1-based)."""
        self.lines.append("\t".join(cell_text(c.text) for c in cells))
        self.origins.append(Origin("row", number, table, page, tuple(c.column for c in cells)))

    @property
    def raw(self) -> str:
        return "\n".join(self.lines)
