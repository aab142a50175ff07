"""One report's SeriesData, made in the worker while its source is at hand."""

from __future__ import annotations

import re

from gklint.model import Cell, Placed, SeriesCell, SeriesData, SeriesSentence, Span
from gklint.read import Source
from gklint.rules import RuleContext
from gklint.rules.kinds.narrative import prose
from gklint.tables import Extraction

CUMULATIVE = "cum."  # 历年累计 figures: cum.<row's cell id>
SENTENCE_END = re.compile(r"[。；;！!？?\n]")
MIN_SENTENCE = 6  # characters; shorter pieces (headings' numbers, "无。") are not compared


def series_data(ctx: RuleContext, extraction: Extraction, source: Source, agency: str | None) -> SeriesData:
    lines: dict[int, str] = {}

    def placed(span: Span) -> Placed:
        start, end = source.posmap.span_positions(span)
        lines.setdefault(start.line, source.posmap.line_text(start.line))
        return Placed(span, start, end, source.locate(span.start))

    cells = [_carried(c.id, c, placed) for c in ctx.cells.values()]
    cells += [_carried(CUMULATIVE + cid, c, placed) for cid, c in extraction.cumulative.items()]
    sentences = [SeriesSentence(text, placed(span)) for text, span in sentences_of(ctx)]
    facts = ctx.facts
    agency_at = placed(facts.agency_span) if facts and facts.agency_span else None
    return SeriesData(
        agency=agency,
        year=ctx.year,
        era=ctx.era,
        tables=tuple(sorted(ctx.tables)),
        cells=tuple(cells),
        sentences=tuple(sentences),
        lines=tuple(sorted(lines.items())),
        title=facts.title if facts else "",
        agency_at=agency_at,
    )


def _carried(cid: str, cell: Cell, placed) -> SeriesCell:  # noqa: ANN001 - Span -> Placed
    return SeriesCell(cid, cell.value.kind, cell.value.raw, cell.value.number, placed(cell.span))


def sentences_of(ctx: RuleContext) -> list[tuple[str, Span]]:
    """The narrative's sentences, whitespace removed, with their spans in the report's text."""
    text, offsets = prose(ctx)
    found: list[tuple[str, Span]] = []
    start = 0
    for m in [*SENTENCE_END.finditer(text), None]:
        end = m.end() if m else len(text)
        piece = text[start:end]
        compact = re.sub(r"\s+", "", piece)
        if len(compact) >= MIN_SENTENCE:
            first = start + (len(piece) - len(piece.lstrip()))
            last = start + len(piece.rstrip()) - 1
            found.append((compact, Span(offsets[first], offsets[last] + 1)))
        start = end
    return found
