"""PositionMap: from an offset in the normalised text back to the line and column the user sees.

Normalisation deletes, inserts and replaces characters (spaces inside labels, page-number lines,
line breaks inserted into one-line reports). It records each change as a segment: a stretch of the
normalised text that is either a straight copy of the source (offsets shift linearly) or a
replacement (every character points at the start of what it replaced). Lookups bisect the
segments, so memory stays proportional to the number of edits, not to the size of the text.

This is the only module that counts lines (style: positions are never recomputed downstream).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, count
from operator import add

from gklint.model import Position, Span


@dataclass
class PositionMap:
    """Maps normalised offsets to source offsets, and source offsets to positions."""

    source: str
    _norm_starts: list[int] = field(default_factory=list)
    _src_starts: list[int] = field(default_factory=list)
    _linear: list[bool] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        # each line starts after the lines before it and their breaks (in C: no step a line)
        lines = self.source.split("\n")[:-1]
        self._line_starts = [0, *map(add, accumulate(map(len, lines)), count(1))]

    # -- building (used by normalize only) -------------------------------------------------
    def set_segments(self, norm_starts: list[int], src_starts: list[int], linear: list[bool]) -> None:
        """From each norm_start on (ascending), normalised text copies the source from src_start
        (linear) or stands for the source character at src_start (a replacement)."""
        self._norm_starts, self._src_starts, self._linear = norm_starts, src_starts, linear

    @property
    def line_starts(self) -> list[int]:
        """The source offsets at which its lines start (not to be changed)."""
        return self._line_starts

    # -- lookups ------------------------------------------------------------------------------
    def source_offset(self, offset: int) -> int:
        """The source offset that a normalised offset stands for."""
        if not self._norm_starts:
            return offset
        i = max(bisect_right(self._norm_starts, offset) - 1, 0)
        src = self._src_starts[i]
        if self._linear[i]:
            src += offset - self._norm_starts[i]
        return min(src, len(self.source))

    def position(self, offset: int) -> Position:
        """1-based line and column (code points) of a normalised offset."""
        return self.source_position(self.source_offset(offset))

    def source_position(self, src: int) -> Position:
        # clamped: a span computed before an edit may point before the start or past the end, and a
        # position outside the file breaks SARIF and GitHub annotations
        src = min(max(src, 0), len(self.source))
        line = bisect_right(self._line_starts, src)
        return Position(line, src - self._line_starts[line - 1] + 1)

    def span_positions(self, span: Span) -> tuple[Position, Position]:
        """Start and (exclusive) end position of a span."""
        start = self.position(span.start)
        if span.end <= span.start:
            return start, start
        end_src = self.source_offset(span.end - 1) + 1
        return start, self.source_position(end_src)

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_text(self, line: int) -> str:
        """The source text of a 1-based line, without its line break."""
        if not 1 <= line <= len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self.source.find("\n", start)
        return self.source[start : end if end >= 0 else len(self.source)]
