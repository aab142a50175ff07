"""Normalise decoded text for parsing, recording every change in a PositionMap.

Three kinds of change, all described in gklint/data/normalize.yaml:
1. folding, one character for one (full-width forms, odd spaces, traditional characters): offsets
   do not move, so it needs no map;
2. regex edits (spaces inside labels, Markdown marks, page-number lines, pinyin annotations);
3. segmentation of reports flattened to one line: line breaks inserted before headings and table
   anchors, so the grammar sees the report's structure.
Edits are collected on the folded text and applied in one pass; where two overlap, the first in
order of precedence wins (segmentation first, then the `edits` list in file order).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from gklint.read.posmap import PositionMap
from gklint.resources import data_path
from gklint.yamlfile import load_file

# Characters between which spaces are layout, not content (CJK ideographs, CJK punctuation, and
# the ASCII punctuation that full-width forms fold to).
CJK = "\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff“”‘’《》,:;()"


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    precedence: int


@dataclass(frozen=True)
class _Rules:
    fold: dict[int, str]
    edits: tuple[tuple[re.Pattern[str], str | dict[str, str]], ...]
    segment_min_length: int
    segment_min_headings: int
    segment_heading: re.Pattern[str]
    segment_anchors: tuple[re.Pattern[str], ...]
    title_end: re.Pattern[str]


@cache
def _rules() -> _Rules:
    data = load_file(data_path("normalize.yaml"))
    fold = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    fold.update({ord(k): v for k, v in data["fold"].items()})
    fold.update(_t2s())
    edits = tuple(
        (re.compile(e["pattern"].replace("{cjk}", CJK), re.M), e.get("map", e.get("replace", "")))
        for e in data["edits"]
    )
    seg = data["segment"]
    return _Rules(
        fold=fold,
        edits=edits,
        segment_min_length=int(seg["min_length"]),
        segment_min_headings=int(seg["min_headings"]),
        segment_heading=re.compile(seg["heading"]),
        segment_anchors=tuple(re.compile(p) for p in seg["anchors"]),
        title_end=re.compile(seg["title_end"]),
    )


def simplified(text: str) -> str:
    """Traditional characters as simplified ones (for names compared outside a report's text)."""
    return text.translate(_rules().fold)


def _t2s() -> dict[int, str]:
    table = {}
    for line in data_path("t2s.txt").read_text(encoding="utf-8").splitlines():
        if len(line) == 2 and not line.startswith("#"):
            table[ord(line[0])] = line[1]
    return table


def normalize(source: str) -> tuple[str, PositionMap]:
    """The normalised text of `source` and the map from its offsets back to `source`."""
    rules = _rules()
    folded = source.translate(rules.fold)
    edits = sorted(_collect(folded, rules), key=lambda e: (e.start, e.precedence))
    return _apply(source, folded, edits)


def _collect(text: str, rules: _Rules) -> Iterator[_Edit]:
    yield from _segment_edits(text, rules)
    for precedence, (pattern, replacement) in enumerate(rules.edits, start=1):
        for m in pattern.finditer(text):
            new = replacement.get(m.group(), "") if isinstance(replacement, dict) else replacement
            if m.start() != m.end() or new:
                yield _Edit(m.start(), m.end(), new, precedence)


def _segment_edits(text: str, rules: _Rules) -> Iterator[_Edit]:
    start = 0
    for line in text.split("\n"):
        if len(line) >= rules.segment_min_length and _is_flattened(line, rules):
            yield from _line_breaks(text, start, line, rules)
        start += len(line) + 1


def _is_flattened(line: str, rules: _Rules) -> bool:
    matches = rules.segment_heading.finditer(line)
    return (
        sum(1 for _ in zip(range(rules.segment_min_headings), matches, strict=False))
        >= rules.segment_min_headings
    )


def _line_breaks(text: str, base: int, line: str, rules: _Rules) -> Iterator[_Edit]:
    points: set[int] = set()
    m = rules.title_end.search(line)
    if m:
        points.add(m.start(1))
    for anchor in rules.segment_anchors:
        for m in anchor.finditer(line):
            points.add(m.start(1) if m.re.groups else m.start())
    for p in sorted(points):
        if p <= 0:
            continue
        at = base + p
        if text[at] in " \t":
            yield _Edit(at, at + 1, "\n", 0)
        elif text[at - 1] in " \t":
            yield _Edit(at - 1, at, "\n", 0)
        else:
            yield _Edit(at, at, "\n", 0)


def _apply(source: str, folded: str, edits: list[_Edit]) -> tuple[str, PositionMap]:
    posmap = PositionMap(source)
    parts: list[str] = []
    out = 0  # length of normalised text so far
    pos = 0  # position in folded (= source) text
    for edit in edits:
        if edit.start < pos:
            continue  # overlaps an edit already applied
        if edit.start > pos:
            posmap.add_copy(out, pos)
            parts.append(folded[pos : edit.start])
            out += edit.start - pos
        if edit.text:
            posmap.add_replacement(out, edit.start)
            parts.append(edit.text)
            out += len(edit.text)
        pos = edit.end
    posmap.add_copy(out, pos)
    parts.append(folded[pos:])
    return "".join(parts), posmap
