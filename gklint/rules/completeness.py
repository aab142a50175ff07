"""Where the text of a report stops part-way (an excerpt, a web page saved half-way), from evidence
at its end: a table cut before its last rows, a tag cut off or a web page whose markup never
closes, a date with only its year, a bracket
left open, a last heading with no body, a sentence with no end. A report that ends (a finished
sentence, a signature, a date, the rows a table ends with) has no cut, even when it lacks a
section: that stays a missing section. The patterns are data (gklint/data/completeness.yaml).

Computed once per report (RuleContext.shared) for rule GK111, which says it, and for the
structure checks that hold back what a cut explains (missing sections and tables after it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gklint import codecache, messages
from gklint.model import Span
from gklint.parse.ast import Node, Paragraph, Section
from gklint.registry import formats
from gklint.resources import data_path
from gklint.rules.context import RuleContext
from gklint.rules.regex import last_character
from gklint.yamlfile import load_file

_CHROME_REACH = 200  # characters at the end searched for page chrome
_SENTENCE_REACH = 2000  # characters at the end searched for the last sentence
_NUMBERING = re.compile(r"^\s*(?:\([^()]{1,4}\)|[^、.\s]{1,4}[、.])")
# table problems raised only where the text ends inside a table
TABLE_CUTS = ("row-truncated", "table-cut", "table-cut-head", "table-cut-short")


@dataclass(frozen=True)
class Cut:
    """Where the text stops, and why that is a cut (a sentence for the message)."""

    span: Span
    reason: str


@dataclass(frozen=True)
class _Evidence:
    """completeness.yaml compiled: the signs of a report cut short."""

    trailing: re.Pattern[str]
    trailing_last: re.Pattern[str] | None  # what the last character of its every match is
    terminators: str
    pauses: str
    sentence_min: int
    pairs: dict[str, str]
    bracket_reach: int
    html_tail: re.Pattern[str]
    date_end: re.Pattern[str]
    date_cut: re.Pattern[str]
    headings: tuple[str, ...]
    key_value: re.Pattern[str]
    final_section: re.Pattern[str]
    later_sections: re.Pattern[str]
    six_parts_from: int
    first_line_min: int
    labelled_line: re.Pattern[str]
    heading_cut_level: int


@cache
def _evidence() -> _Evidence:
    d = load_file(data_path("completeness.yaml"))
    trailing = "|".join(f"(?:{p})" for p in d["trailing"])
    return _Evidence(
        trailing=re.compile(f"(?:{trailing})$"),
        trailing_last=_last_character(trailing),
        terminators=str(d["terminators"]),
        pauses=str(d["pauses"]),
        sentence_min=int(d["sentence_min"]),
        pairs={str(k): str(v) for k, v in d["pairs"].items()},
        bracket_reach=int(d["bracket_reach"]),
        html_tail=re.compile(d["html_tail"]),
        date_end=re.compile(d["date_end"]),
        date_cut=re.compile(d["date_cut"]),
        headings=tuple(str(h) for h in d["headings"]),
        key_value=re.compile(d["key_value"]),
        final_section=re.compile(d["final_section"]),
        later_sections=re.compile(d["later_sections"]),
        six_parts_from=int(d["six_parts_from"]),
        first_line_min=int(d["first_line_min"]),
        labelled_line=re.compile(d["labelled_line"]),
        heading_cut_level=int(d["heading_cut_level"]),
    )


def find_cut(ctx: RuleContext) -> Cut | None:
    """The place the report's text stops part-way, or None when it ends as a report ends."""
    return ctx.shared("cut", lambda: _find(ctx))


def _last_character(trailing: str) -> re.Pattern[str] | None:
    """The characters page chrome may end with (worked out from the parsed patterns once, not
    in every process: parsing them is half a millisecond)."""
    last = codecache.derived(f"completeness trailing last {trailing}", lambda: last_character(trailing))
    return re.compile(last) if last else None


def _find(ctx: RuleContext) -> Cut | None:
    end = _content_end(ctx.text)
    if ctx.report is None or end == 0:
        return None
    line_start = ctx.text.rfind("\n", 0, end) + 1
    for problem in ctx.problems:
        if problem.code in TABLE_CUTS and problem.span is not None:
            # at the text's last line (a table cut after a row may run on over header lines),
            # or at the row in a page flattened to one line
            start = min(max(problem.span.start, line_start), end)
            said = messages.text(problem.code, **dict(problem.args)).rstrip("。")
            return Cut(Span(start, end), said)
    ev = _evidence()
    line = ctx.text[line_start:end]
    if m := ev.html_tail.search(line):
        return Cut(Span(line_start + m.start(), end), messages.text("cut-html"))
    if ev.date_end.search(line.strip()):
        return None
    if any(p.code == "html-unclosed" for p in ctx.problems):
        return Cut(Span(line_start, end), messages.text("cut-html-unclosed"))
    if ev.date_cut.match(line):
        return Cut(Span(line_start, end), messages.text("cut-date", date=line.strip()))
    return _end_cut(ctx, end) or _tail_missing(ctx, Span(line_start, end))


def _end_cut(ctx: RuleContext, end: int) -> Cut | None:
    """A cut the last node shows: a heading with no body, a sentence that never ends."""
    assert ctx.report is not None
    ev = _evidence()
    node, parent = _last_node(ctx.report.body, end)
    sections = ctx.report.sections
    final = bool(sections) and ev.final_section.search(sections[-1].heading.text) is not None
    if isinstance(node, Section):
        return _heading_cut(node, ctx.text, end, final)
    if not isinstance(node, Paragraph):
        return None  # a table's last row, a date or attachment line: nothing says it was cut
    # the first words under a heading are its body, not a signature: a shorter run will do
    opens = parent is not None and parent.children[:1] == (node,)
    run = ev.first_line_min if opens else ev.sentence_min
    return _sentence_cut(ctx.text, node.span.start, end, final, run)


@cache
def _sectioned_formats() -> frozenset[str]:
    """The formats whose reports have the fixed sections (the registry's `sections`)."""
    return frozenset(f.id for f in formats() if f.sections is not None)


def _tail_missing(ctx: RuleContext, span: Span) -> Cut | None:
    """A report of the fixed six-part formats that stops in its first four parts, with neither of
    the last two nor a signature after it, was cut after a finished sentence."""
    report = ctx.report
    ev = _evidence()
    six_parts = ctx.era in _sectioned_formats() or (
        ctx.era == "unknown" and (ctx.year or 0) >= ev.six_parts_from
    )
    if not six_parts or report is None or not report.sections:
        return None
    signature = report.signature
    if signature and signature.date.span.start > report.sections[-1].heading.span.start:
        return None  # signed under the last part (a date above the title signs nothing after it)
    if any(ev.later_sections.search(s.heading.text) for s in report.sections):
        return None
    return Cut(span, messages.text("cut-tail", section=report.sections[-1].heading.text.strip()[:24]))


def _content_end(text: str) -> int:
    """The end of the text without the page chrome a saved page leaves after it."""
    ev = _evidence()
    pattern, last = ev.trailing, ev.trailing_last
    end = len(text.rstrip())
    # chrome is short: look at the last characters only, so a long text is not searched again;
    # a match ends at `end` (text[end - 1] is no space: no "$" before a last "\n"), with a
    # character `last` says, or none is there (most texts end with "。" or a date)
    while (
        end
        and (last is None or last.match(text, end - 1))
        and (m := pattern.search(text, max(0, end - _CHROME_REACH), end))
        and m.end() > m.start()
    ):
        end = len(text[: m.start()].rstrip())
    return end


def _last_node(body: tuple[Node, ...], end: int) -> tuple[Node | None, Section | None]:
    """The innermost node the text ends in, and the section it is the child of: down from the
    last node that starts before the end (not a walk of the whole tree)."""
    node: Node | None = None
    parent: Section | None = None
    nodes = body
    while True:
        last = next((n for n in reversed(nodes) if n.span.start < end), None)
        if last is None:
            return node, parent
        if node is not None and isinstance(node, Section):
            parent = node
        node = last
        if not isinstance(node, Section) or not node.children or node.children[0].span.start >= end:
            return node, parent
        nodes = node.children


def _heading_cut(node: Section, text: str, end: int, final: bool) -> Cut | None:
    """A last heading with nothing after it lost its body, unless the body runs on its line (a
    sentence after the heading, or after a section title as the formats write it)."""
    ev = _evidence()
    start = node.heading.span.start
    words = _NUMBERING.sub("", node.heading.text, count=1)  # "(三)" holds a ")" that ends nothing
    if node.level > ev.heading_cut_level or any(c in words for c in ev.terminators):
        # "2.…情况表" in a list of attachments, "一是…": read as a line of text
        return _sentence_cut(text, start, end, final)
    title = re.sub(r"\s+", "", node.title)
    for known in ev.headings:
        if title.startswith(known) and len(title) > len(known):
            spaced = re.search(r"\s*".join(map(re.escape, known)), node.heading.text)
            body = start + spaced.end() if spaced else start
            return _sentence_cut(text, min(body, end), end, final)
    if final and title in ev.headings:
        return None  # the format's last section left empty: nothing after it to lose
    return Cut(Span(start, end), messages.text("cut-heading", heading=text[start:end].strip()))


def _sentence_cut(text: str, start: int, end: int, final: bool = False, run: int = 0) -> Cut | None:
    """The last sentence of a paragraph [start, end): cut if a bracket in it never closes, or
    (outside the format's last section) if it never ends."""
    ev = _evidence()
    start = max(start, end - _SENTENCE_REACH)  # a page flattened to one line is one long paragraph
    body = text[start:end]
    if body.rstrip()[-1:] in (*ev.terminators, "."):
        # a stray bracket earlier in a finished paragraph is another matter (GK613); an ASCII
        # full stop ends a text, though inside it "." is a decimal point more often than an end
        return None
    last = _last_sentence_end(body)
    tail = body[last + 1 :]
    flat = re.sub(r"\s+", "", tail)
    if not flat:
        return None
    at = start + last + 1 + (len(tail) - len(tail.lstrip()))
    span = Span(at, end)
    for opening, closing in ev.pairs.items():
        if flat.count(opening) > flat.count(closing):
            return Cut(span, messages.text("cut-bracket", bracket=opening))
    if final or ev.key_value.match(flat):
        return None
    own_line = last < 0 or "\n" in tail[: len(tail) - len(tail.lstrip())]
    if own_line and ev.labelled_line.match(flat):
        return None
    # words run on after a finished sentence on its line that never end: a cut. Words that begin
    # a line of their own are cut only when they read as a sentence (a pause, or a long run), not
    # as a line such as an agency's name or "特此报告"
    longest = run if run and last < 0 else ev.sentence_min  # `run`: for a paragraph's first words
    if not own_line or any(c in flat for c in ev.pauses) or len(flat) > longest:
        return Cut(span, messages.text("cut-sentence", tail=_tail(flat)))
    return None


def _last_sentence_end(body: str) -> int:
    """Index of the last terminator outside brackets ("！" in 《奋斗吧！青春》 ends no sentence), or -1."""
    ev = _evidence()
    closing = {c: o for o, c in ev.pairs.items()}
    depth = {o: 0 for o in ev.pairs}
    plain = max(body.rfind(c) for c in ev.terminators)
    last = -1
    for i, c in enumerate(body):
        if c in depth and ev.pairs[c] != c:
            depth[c] += 1
        elif c in closing and depth[closing[c]] > 0:
            depth[closing[c]] -= 1
            last = i if c in ev.terminators and not any(depth.values()) else last
        elif c in ev.terminators and not any(depth.values()):
            last = i
    # a bracket left open long before the end is a stray one (a damaged 〔2021〕), not a cut
    return last if len(body) - last <= ev.bracket_reach else plain


def _tail(flat: str) -> str:
    return flat if len(flat) <= 12 else "…" + flat[-12:]
