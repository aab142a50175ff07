"""Views of one report's text that several rule kinds read, each computed once per report
(RuleContext.shared): the prose, the narrative text, sentence boundaries, and what stands around
the prose's numbers."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, chain, count
from operator import add

from gklint.parse.ast import Line, Paragraph, Section, Table, walk
from gklint.rules.context import RuleContext
from gklint.rules.numbers import Numbers
from gklint.tables.region import Offsets

SENTENCE_END = "。!?\n"
CLAUSE_END = ",;:"


def prose(ctx: RuleContext) -> tuple[str, Offsets]:
    """The narrative text (headings and paragraphs, not tables), each paragraph's wrapped lines
    joined, with each character's offset in ctx.text."""
    return ctx.shared("prose", lambda: _prose(ctx))


def _prose(ctx: RuleContext) -> tuple[str, Offsets]:
    chars: list[str] = []
    starts: list[int] = []  # where each piece (a line, a paragraph's end) starts in the prose
    sources: list[int] = []  # …and in ctx.text
    at = 0
    report = ctx.report
    if report is None:
        return "", Offsets([], [], 0)
    for node in walk(report.body):
        if isinstance(node, Section):
            lines: tuple[Line, ...] = (node.heading,)
        elif isinstance(node, Paragraph):
            lines = node.lines
        else:
            continue
        for line in lines:
            text = line.text
            stripped = text.strip()
            chars.append(stripped)
            starts.append(at)
            sources.append(line.span.start + len(text) - len(text.lstrip()))
            at += len(stripped)
        chars.append("\n")
        starts.append(at)
        sources.append(lines[-1].span.end)
        at += 1
    return "".join(chars), Offsets(starts, sources, at)


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
            parts.append(_blank(ctx.text[node.span.start : node.span.end]))
            at = node.span.end
    parts.append(ctx.text[at:])
    return "".join(parts)


def _blank(text: str) -> str:
    """The text with every character but line breaks a space (each line's spaces made in C,
    not a substitution a character)."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


@dataclass(frozen=True)
class Boundaries:
    """The offsets of a set of characters in a text (sentence or clause ends), found once and
    looked up by bisection: a long sentence is never searched again for each number in it."""

    at: list[int]

    @staticmethod
    def of(text: str, ends: str) -> Boundaries:
        """Each end character's places from the lengths of the pieces the text splits into at it
        (all in C: no match object an end), merged."""
        present = [end for end in ends if end in text]  # ("!" and "?" are rare: no split for them)
        places = [list(map(add, accumulate(map(len, text.split(end)[:-1])), count())) for end in present]
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


def prose_numbers(ctx: RuleContext) -> Numbers:
    """What stands around the numbers of the prose."""
    return ctx.shared("prose-numbers", lambda: Numbers.of(prose(ctx)[0]))
