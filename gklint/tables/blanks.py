"""Blank cells that a layout without separators still shows.

Two layouts keep a blank cell's place although they have no cell separator: one cell a line (an
empty line where the cell is) and space-separated rows (the run of spaces between two cells is one
gap wider where a cell between them is blank, and a blank last cell leaves spaces at the line's
end). The gaps are measured against the table's own: its usual number of empty lines between two
lines, and its narrowest run of spaces before a value; a line whose gaps are not all whole multiples
of that (columns padded to align) shows no blank. A blank found here is only a candidate: the
extractor uses them only when they make the row's count of cells exactly right.
"""

from __future__ import annotations

from collections import Counter

from gklint.tables.fit import Tok
from gklint.tables.region import Region
from gklint.tables.values import TOKEN


def shown_blanks(
    region: Region,
    per_line: list[tuple[int, list[Tok]]],
    stop: int,
    *,
    shared: bool = False,
    unlabelled: bool = False,
) -> tuple[Tok, ...]:
    """Candidate blank cells of one row zone: `per_line` holds (line index, value candidates) of
    the zone's lines, the label's line first; `stop` is where the next row's label starts;
    `shared`: another row's label stands on the label's line before it. In an `unlabelled` row
    (table 四's one row of numbers) spaces opening a line are blank cells too."""
    found: list[Tok] = []
    # the table's gap is measured (over the whole region) only for a zone with spaces to judge
    gap = _space_gap(region) if _spaced(region, per_line) else None
    if gap:
        for n, (index, toks) in enumerate(per_line):
            found.extend(_gap_blanks(region, index, toks, gap, stop, first=n == 0, lead=unlabelled))
    if all(not region.lines[index].explicit for index, _ in per_line[1:]):
        found.extend(_empty_line_blanks(region, _own_lines(region, per_line, stop, shared)))
    return tuple(sorted(found, key=lambda t: t.start))


def _own_lines(region: Region, per_line: list[tuple[int, list[Tok]]], stop: int, shared: bool) -> list[int]:
    """The zone's lines that hold no other row's text: only an empty line after one of those
    may be a blank cell of this row. A table flattened into one line holds every row on it: an
    empty line after it (a page number below the table) is no blank cell of any of them."""
    own = [index for index, _ in per_line if region.lines[index].end <= stop]  # (no later label on it)
    return own[1:] if shared and own and own[0] == per_line[0][0] else own


def _blank(at: int) -> Tok:
    return Tok("", at, at, True)


def _run_before(text: str, at: int, floor: int) -> int:
    """How many spaces end text[floor:at] (counted in C: a padded column's run can be long)."""
    return at - floor - len(text[floor:at].rstrip(" "))


def _spaced(region: Region, per_line: list[tuple[int, list[Tok]]]) -> bool:
    """Some running-text line of the zone has spaces before a value or at its end (else no gap
    shows a blank, whatever the table's gap)."""
    text = region.text
    for index, toks in per_line:
        line = region.lines[index]
        if line.explicit:
            continue
        if text[line.end - 1] == " " or any(text[t.start - 1] == " " for t in toks if t.start > line.start):
            return True
    return False


def _gap_blanks(
    region: Region, index: int, toks: list[Tok], gap: int, stop: int, *, first: bool, lead: bool
) -> list[Tok]:
    line = region.lines[index]
    if line.explicit:
        return []
    text = region.text
    runs = [_run_before(text, tok.start, line.start) for tok in toks]
    trailing = _run_before(text, line.end, line.start)
    if trailing % gap or any(run % gap for run in runs):
        return []  # gaps of other widths (columns padded to align): a wide gap says nothing
    found: list[Tok] = []
    for tok, run in zip(toks, runs, strict=True):
        if run and tok.start - run > line.start:  # spaces after a label or a value, not indentation
            found.extend(_blank(tok.start - run + gap * (k + 1)) for k in range(run // gap - 1))
        elif run and lead:
            found.extend(_blank(line.start + gap * k) for k in range(run // gap))
    # spaces ending the line: blank last cells, unless the next row's label is on this line
    if trailing and line.end <= stop and (toks or first) and line.end - trailing > line.start:
        found.extend(_blank(line.end - trailing + gap * k) for k in range(trailing // gap))
    return found


def _space_gap(region: Region) -> int | None:
    """The table's narrowest run of spaces before a number on a line of running text (once a region)."""
    if "gap" not in region.memo:
        region.memo["gap"] = _narrowest_gap(region)
    return region.memo["gap"]


def _narrowest_gap(region: Region) -> int | None:
    """Looked for line by line, and no further than a run of one space: none is narrower (a
    table's lines are mostly such, and the token pattern is slow on many lines)."""
    narrowest = None
    for line in region.lines:
        segment = region.text[line.start : line.end]
        if line.explicit or " " not in segment:  # else no run of spaces before a value
            continue
        for m in TOKEN.finditer(segment):
            if m.group("placeholder"):
                continue  # "本年增 / 减" in a spaced-out header is no gap
            run = _run_before(segment, m.start(), 0)
            if run == 1:
                return 1
            if run and (narrowest is None or run < narrowest):
                narrowest = run
    return narrowest


def _empty_lines(text: str, start: int, end: int) -> list[int]:
    """Offsets of the empty lines between offset `start` (a line's end) and `end`."""
    found, at = [], text.find("\n", start, end)
    while at != -1:
        nxt = text.find("\n", at + 1, end)
        if nxt == -1:
            break
        if not text[at + 1 : nxt].strip(" "):
            found.append(at + 1)
        at = nxt
    return found


def _line_gap(region: Region) -> int:
    """The table's usual number of empty lines between two of its lines (0 in a compact table)."""
    if "lines" not in region.memo:
        # the lines between two lines of a region are the empty ones it left out: counted in C
        text = region.text
        counts = Counter(
            text.count("\n", a.end, b.start) - 1 for a, b in zip(region.lines, region.lines[1:], strict=False)
        )
        region.memo["lines"] = counts.most_common(1)[0][0] if counts else 0
    return region.memo["lines"] or 0


def _empty_line_blanks(region: Region, indexes: list[int]) -> list[Tok]:
    """An empty line after each of the zone's lines, beyond the table's usual spacing, is a blank."""
    found: list[Tok] = []
    for index in indexes:
        end = region.lines[index].end
        after = index + 1
        limit = region.lines[after].start if after < len(region.lines) else _next_text(region.text, end)
        empties = _empty_lines(region.text, end, limit)
        if empties:  # the table's usual spacing is measured only when there are empty lines
            usual = _line_gap(region)
            found.extend(_blank(empties[k]) for k in range(usual, len(empties), usual + 1))
    return found


def _next_text(text: str, at: int) -> int:
    """The start of the first non-empty line after offset `at` (the end of the text if none)."""
    i = at
    while i < len(text) and text[i] in " \n":
        i += 1
    return text.rfind("\n", at, i) + 1 if i < len(text) else len(text)
