"""The report's own text with every positioned finding marked, and the note that explains each.

A line is cut at every start and end of the findings on it; each piece covered by findings is a
`<mark>` listing them (`data-f`, finding numbers) and coloured by the strongest; each finding also
gets one numbered badge (`a.pin`) at its start, the place the list of findings links to. The note
of a finding (message, the cells it reads with their values, how to fix it) follows the line where
the finding starts: hidden on screen until the badge is clicked (`:target`, no script needed) or the
mark is hovered (script), always shown in print.

Lines are the `\\n`-separated lines of `FileReport.text`, the same lines the positions count (the
reader unifies line breaks); nothing here computes a position, it only finds the given ones.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from gklint.model import CellRef, Diagnostic, Finding, Number
from gklint.report.html_common import Page, esc, kind_label, number, rule_anchor, strongest
from gklint.report.overview import kind


@dataclass(frozen=True)
class _Span:
    """A finding's mark within one line of the shown report."""

    k: int  # finding number (1-based, in the report's order)
    start: int  # 0-based columns within the line, [start, end)
    end: int
    kind: str


def pointed_cell(f: Finding) -> CellRef | None:
    """The cell the finding points at: the one whose place is the finding's own."""
    d = f.diagnostic
    for placed in f.cells:
        if d.span is not None and placed.ref.span == d.span:
            return placed.ref
    for placed in f.cells:
        if f.start is not None and placed.start == f.start:
            return placed.ref
    return None


def expectations(f: Finding) -> dict[str, Number]:
    """Cell id → the value it should have: the fix's cell, else the cell pointed at (expected)."""
    d = f.diagnostic
    if d.fix is not None:
        return {d.fix.cell: d.fix.value}
    pointed = pointed_cell(f)
    if d.expected is not None and pointed is not None:
        return {pointed.id: d.expected}
    return {}


def render_source(page: Page) -> str:
    """The text as numbered lines with marks, badges and notes (the report must have text)."""
    text = page.report.text or ""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the file's final line break does not start a line of its own
    spans: dict[int, list[_Span]] = defaultdict(list)
    pins: dict[int, list[_Span]] = defaultdict(list)
    for k, f in enumerate(page.report.findings, start=1):
        if f.start is not None:
            _place(k, f, lines, spans, pins)
    out = ['<div class="src">']
    for number_, line in enumerate(lines, start=1):
        out.append(f'<div id="{page.line_id(number_)}">')
        out.append(_line(line, spans.get(number_, []), pins.get(number_, []), page))
        out.append("</div>")
        starting = pins.get(number_)
        if starting:
            out.append('<aside class="notes">')
            out.extend(note(page, p.k, page.report.findings[p.k - 1], placed=True) for p in starting)
            out.append("</aside>")
    out.append("</div>")
    return "".join(out)


def _place(
    k: int, f: Finding, lines: list[str], spans: dict[int, list[_Span]], pins: dict[int, list[_Span]]
) -> None:
    """Record finding k's badge and its marked columns, line by line (clamped into the text)."""
    assert f.start is not None
    cls = kind(f.diagnostic)
    first = min(max(f.start.line, 1), len(lines))
    start = min(max(f.start.column - 1, 0), len(lines[first - 1]))
    last, end = first, start
    if f.end is not None and (f.end.line, f.end.column) > (f.start.line, f.start.column):
        last = min(max(f.end.line, first), len(lines))
        end = min(max(f.end.column - 1, 0), len(lines[last - 1]))
    if last == first and end <= start:
        # An empty span (a blank cell, a missing item): mark the character there, if any.
        end = min(start + 1, len(lines[first - 1]))
    pins[first].append(_Span(k, start, start, cls))
    for line in range(first, last + 1):
        a = start if line == first else 0
        b = end if line == last else len(lines[line - 1])
        if a < b:
            spans[line].append(_Span(k, a, b, cls))


def _line(line: str, spans: list[_Span], pins: list[_Span], page: Page) -> str:
    if not spans and not pins:
        return esc(line)
    cuts = sorted(
        {0, len(line), *(s.start for s in spans), *(s.end for s in spans), *(p.start for p in pins)}
    )
    out: list[str] = []
    for a, b in zip(cuts, [*cuts[1:], None], strict=True):
        out.extend(_pin(p, page) for p in pins if p.start == a)
        if b is None:
            break
        cover = [s for s in spans if s.start <= a and b <= s.end]
        piece = esc(line[a:b])
        if cover:
            ks = " ".join(str(s.k) for s in cover)
            out.append(f'<mark class="m {strongest([s.kind for s in cover])}" data-f="{ks}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def _pin(p: _Span, page: Page) -> str:
    return (
        f'<a class="pin {p.kind}" id="{page.mark_id(p.k)}" href="#{page.finding_id(p.k)}" '
        f'data-f="{p.k}">{p.k}</a>'
    )


def note(page: Page, k: int, f: Finding, *, placed: bool) -> str:
    """The card of finding k: what is wrong, the numbers involved, how to fix it, where to read more."""
    d, ui = f.diagnostic, page.ui
    cls = kind(d)
    meta = page.rules.get(d.code)
    code = esc(d.code)
    rule = (
        f'<a class="code" href="#{rule_anchor(d.code)}">{code}</a>' if meta else f'<b class="code">{code}</b>'
    )
    title = f" {esc(meta.title)}" if meta else ""
    out = [
        f'<div class="note {cls}" id="{page.finding_id(k)}">',
        f'<p class="nh"><span class="num {cls}">{k}</span> <b class="sev">{kind_label(d, ui)}</b> {rule}{title}</p>',
        f'<p class="msg">{esc(d.message)}</p>',
    ]
    if f.location:
        out.append(f'<p class="loc">{ui("location", location=f.location)}</p>')
    out.append(_cells(page, f))
    fix = _how_to_fix(page, f)
    if fix:
        out.append(f'<p class="fix"><b>{ui("how_to_fix")}：</b>{fix}</p>')
    links = []
    if meta:
        links.append(f'<a href="#{rule_anchor(d.code)}">{ui("to_rule")}</a>')
    if placed:
        links.append(f'<a href="#{page.item_id(k)}">{ui("back_to_list")}</a>')
    if links:
        out.append(f'<p class="more">{" · ".join(links)}</p>')
    out.append("</div>")
    return "".join(out)


def _cells(page: Page, f: Finding) -> str:
    if not f.cells:
        return ""
    ui = page.ui
    expected = expectations(f)
    items = []
    for placed in f.cells:
        ref = placed.ref
        if ref.raw is None:
            value = f'<span class="absent">{ui("cell_absent")}</span>'
        elif ref.raw.strip() == "":
            value = f'<span class="absent">{ui("cell_blank")}</span>'
        else:
            value = f"<b>{esc(ref.raw)}</b>"
        if placed.start is not None and page.report.text is not None:
            value = f'<a href="#{page.line_id(placed.start.line)}">{value}</a>'
        if ref.id in expected:
            value += f' <span class="exp">{ui("expected", value=number(expected[ref.id]))}</span>'
        items.append(f"<li>{esc(ref.name)}：{value}</li>")
    return f'<div class="cells"><span>{ui("cells_title")}：</span><ul>{"".join(items)}</ul></div>'


def _how_to_fix(page: Page, f: Finding) -> str:
    d: Diagnostic = f.diagnostic
    ui = page.ui
    parts = []
    if d.outcome == "not-assessable":
        parts.append(ui("not_assessable_fix"))
    if d.hint:
        parts.append(esc(d.hint))
    elif d.fix is not None:
        parts.append(ui("fix", name=d.fix.name, value=number(d.fix.value), equations=d.fix.equations))
    else:
        pointed = pointed_cell(f)
        if d.expected is not None and pointed is not None:
            parts.append(ui("expected_fix", name=pointed.name, value=number(d.expected)))
    return " ".join(parts)
