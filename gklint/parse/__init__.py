"""Parse layer: a Source's normalised text → the report AST and its facts.

The only place Lark exceptions are caught: a text the grammar cannot place is still a report
(every line kept as text) with a problem saying so, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from gklint.model import Problem, Span
from gklint.parse.ast import Line, Node, Paragraph, Report, Signature
from gklint.parse.facts import Facts, find_signature_parts, find_title, read_facts
from gklint.read import Source

__all__ = ["Parsed", "parse_report", "parse_text"]


@dataclass(frozen=True)
class Parsed:
    """What parsing a report yields: its AST, the facts read from it, and parse problems."""

    report: Report
    facts: Facts
    problems: tuple[Problem, ...]


def parse_report(source: Source) -> Parsed:
    """Parse a Source into its AST and facts."""
    return parse_text(source.text)


def parse_text(text: str) -> Parsed:
    # Lark is imported on the first parse, not with the package: a re-run answered from the
    # result cache never parses
    from lark import UnexpectedInput

    from gklint.parse.build import group_paragraphs
    from gklint.parse.grammar import report_parser

    problems: list[Problem] = []
    padded = text if text.endswith("\n") else text + "\n"
    try:
        body = tuple(cast("list[Node]", report_parser().parse(padded)))  # ToAst builds it inline
    except UnexpectedInput as e:
        problems.append(Problem.make("parse-failed", Span(e.pos_in_stream or 0, (e.pos_in_stream or 0) + 1)))
        body = tuple(group_paragraphs([_plain_lines(text)]))  # one run of lines
    lines = [line for node in body if isinstance(node, Paragraph) for line in node.lines]
    title = find_title(lines)
    parts = find_signature_parts(body)
    signature = Signature(parts[0], parts[1]) if parts else None
    report = Report(title, body, signature, text)
    return Parsed(report, read_facts(report), tuple(problems))


def _plain_lines(text: str) -> list[Line]:
    lines, start = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            lines.append(Line("text", raw, Span(start, start + len(raw))))
        start += len(raw) + 1
    return lines
