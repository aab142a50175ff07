"""Views of one report's text that several rule kinds read, each computed once per report
(RuleContext.shared): the prose, the narrative text, and sentence boundaries."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, chain, count
from operator import add

from gklint.parse.ast import Paragraph, Section, Table, walk
from gklint.rules.context import RuleContext

SENTENCE_END = "。!?\n"
CLAUSE_END = ",;:"
_NOT_NEWLINE = re.compile(r"[^\n]")
_SHARED_INTS = 1 << 15  # offsets below this are taken from one list made once (see _ints)


def prose(ctx: RuleContext) -> tuple[str, list[int]]:
    """The narrative text (headings and paragraphs, not tables), each paragraph's wrapped lines
    joined, with each character's offset in ctx.text."""
    return ctx.shared("prose", lambda: _prose(ctx))


def _prose(ctx: RuleContext) -> tuple[str, list[int]]:
    chars: list[str] = []
    offsets: list[int] = []
    report = ctx.report
    if report is None:
        return "", []
    for node in walk(report.body):
        if isinstance(node, Section):
            lines = [node.heading]
        elif isinstance(node, Paragraph):
            lines = list(node.lines)
        else:
            continue
        for line in lines:
            chars.append(line.text.strip())
            start = line.span.start + (len(line.text) - len(line.text.lstrip()))
            offsets.extend(_run(start, len(chars[-1])))
        chars.append("\n")
        offsets.append(lines[-1].span.end)
    return "".join(chars), offsets


@cache
def _ints() -> list[int]:
    return list(range(_SHARED_INTS))


def _run(start: int, n: int) -> list[int] | range:
    """start, start + 1, … (n numbers): a slice of one list of ints made once, so that a report's
    offsets (one a character) are references copied rather than as many new ints."""
    return _ints()[start : start + n] if start + n <= _SHARED_INTS else range(start, start + n)


def narrative_text(ctx: RuleContext) -> str:
    """The report's text with its tables blanked out (same length, line breaks kept), so that
    offsets into it are offsets into ctx.text and one search covers the whole narrative."""
    return ctx.shared("narrative-text", lambda: _narrative(ctx))


def _narrative(ctx: RuleContext) -> str:
    report = ctx.report
    if report is None:
        return ctx.text
    parts, at = [], 0
    for node in walk(report.body):
        if isinstance(node, Table):
            parts.append(ctx.text[at : node.span.start])
            parts.append(_NOT_NEWLINE.sub(" ", ctx.text[node.span.start : node.span.end]))
            at = node.span.end
    parts.append(ctx.text[at:])
    return "".join(parts)


@dataclass(frozen=True)
class Boundaries:
    """The offsets of a set of characters in a text (sentence or clause ends), found once and
    looked up by bisection: a long sentence is never searched again for each number in it."""

    at: list[int]

    @staticmethod
    def of(text: str, ends: str) -> Boundaries:
        """Each end character's places from the lengths of the pieces the text splits into at it
        (all in C: no match object an end), merged."""
        places = [list(map(add, accumulate(map(len, text.split(end)[:-1])), count())) for end in ends]
        return Boundaries(sorted(chain.from_iterable(places)))

    def after_last(self, at: int) -> int:
        """The offset just after the last end before `at` (0 if none)."""
        i = bisect_left(self.at, at)
        return self.at[i - 1] + 1 if i else 0

    def first(self, start: int, at: int) -> int:
        """The offset of the first end in [start, at) (`at` if none)."""
        i = bisect_left(self.at, start)
        return self.at[i] if i < len(self.at) and self.at[i] < at else at


def prose_sentences(ctx: RuleContext) -> Boundaries:
    """The sentence ends of the prose."""
    return ctx.shared("prose-sentences", lambda: Boundaries.of(prose(ctx)[0], SENTENCE_END))
