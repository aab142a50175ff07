"""Normalise decoded text for parsing, recording every change in a PositionMap.

Three kinds of change, all described in gklint/data/normalize.yaml:
1. folding, one character for one (full-width forms, odd spaces, traditional characters): offsets
   do not move, so it needs no map. A report holds few distinct characters to fold (",", "(",
   ")" …): they are found by one regex and replaced, not every character looked up;
2. regex edits (spaces inside labels, Markdown marks, page-number lines, pinyin annotations);
3. segmentation of reports flattened to one line: line breaks inserted before headings and table
   anchors, so the grammar sees the report's structure.
Edits are collected on the folded text and applied in one pass; where two overlap, the first in
order of precedence wins (segmentation first, then the `edits` list in file order). An edit with
`needs` runs only on a text holding one of those strings: most reports need few of the edits.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any

from gklint import codecache
from gklint.read.posmap import PositionMap
from gklint.resources import data_path
from gklint.yamlfile import load_file

# Characters between which spaces are layout, not content (CJK ideographs, CJK punctuation, and
# the ASCII punctuation that full-width forms fold to).
CJK = "\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff“”‘’《》,:;()"


# Above this many distinct characters to fold, one translate pass beats a replace pass each.
_FEW_FOLDED = 24


_Edit = tuple[int, int, str, int]  # start, end, new text, precedence (plain tuples: made by the thousand)
_ORDER = itemgetter(0, 3)  # start, then precedence (a stable sort keeps the order of equals)


@dataclass(frozen=True)
class _Search:
    """A pattern (MULTILINE) and its matches as `finditer` finds them: start, end, text.

    A pattern anchored at line starts ("^…") is also compiled as "\n…": `re` tries "^" at every
    character, but skips ahead to each "\n" (such a pattern must not match a line break itself)."""

    pattern: re.Pattern[str]
    after_break: re.Pattern[str] | None

    @classmethod
    def of(cls, pattern: str) -> _Search:
        after_break = re.compile("\n(?:" + pattern[1:] + ")", re.M) if pattern.startswith("^") else None
        return cls(re.compile(pattern, re.M), after_break)

    def matches(self, text: str) -> Iterator[tuple[int, int, str]]:
        if self.after_break is None:
            for m in self.pattern.finditer(text):
                yield m.start(), m.end(), m.group()
            return
        first = self.pattern.match(text)
        if first:
            yield first.start(), first.end(), first.group()
        for m in self.after_break.finditer(text, first.end() if first else 0):
            yield m.start() + 1, m.end(), m.group()[1:]


@dataclass(frozen=True)
class _EditRule:
    """One of normalize.yaml's edits: a pattern, its replacement, the strings it needs."""

    search: _Search
    replacement: str | dict[str, str]
    needs: tuple[str, ...]

    @classmethod
    def of(cls, entry: dict[str, Any]) -> _EditRule:
        search = _Search.of(entry["pattern"].replace("{cjk}", CJK))
        return cls(search, entry.get("map", entry.get("replace", "")), tuple(entry.get("needs", ())))


@dataclass(frozen=True)
class _Rules:
    """normalize.yaml compiled: folding tables, edits and segmentation patterns."""

    fold_found: re.Pattern[str]  # a character of the Basic Multilingual Plane that folds, or any beyond it
    fold_few: dict[str, str]  # each character that folds → what it folds to, but the traditional ones
    # The ~4 000 traditional characters, and the simplified one of each at the same index: every
    # process loads these rules, and two strings load at once (dictionaries of them took ~1.5 ms).
    fold_traditional: tuple[str, str]
    edits: tuple[_EditRule, ...]
    segment_min_length: int
    segment_min_headings: int
    segment_heading: re.Pattern[str]
    segment_anchors: tuple[re.Pattern[str], ...]
    title_end: re.Pattern[str]
    heading_with_table: re.Pattern[str]
    heading_with_table_needs: str
    heading_with_table_line: _Search


@cache
def _rules() -> _Rules:
    return codecache.derived("normalize", _build_rules)  # ~4 300 folded characters: kept between runs


def _build_rules() -> _Rules:
    data = load_file(data_path("normalize.yaml"))
    fold = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    fold.update({ord(k): v for k, v in data["fold"].items()})
    traditional = _t2s()
    fold.update(traditional)
    by_char = {chr(c): v for c, v in fold.items() if chr(c) != v}
    if any(c in by_char for v in by_char.values() for c in v):
        raise ValueError("normalize.yaml: a folded character folds again")  # replace ≠ translate
    edits = tuple(_EditRule.of(e) for e in data["edits"])
    seg = data["segment"]
    many = [(c, v) for c, v in by_char.items() if ord(c) in traditional]
    return _Rules(
        fold_found=re.compile(
            "[" + re.escape("".join(c for c in by_char if c <= "\uffff")) + "\U00010000-\U0010ffff]"
        ),
        fold_few={c: v for c, v in by_char.items() if ord(c) not in traditional},
        fold_traditional=("".join(c for c, _ in many), "".join(v for _, v in many)),
        edits=edits,
        segment_min_length=int(seg["min_length"]),
        segment_min_headings=int(seg["min_headings"]),
        segment_heading=re.compile(seg["heading"]),
        segment_anchors=tuple(re.compile(p) for p in seg["anchors"]),
        title_end=re.compile(seg["title_end"]),
        heading_with_table=re.compile(seg["heading_with_table"]),
        heading_with_table_needs=seg["heading_with_table_needs"],
        heading_with_table_line=_Search.of("^(?:" + seg["heading_with_table"] + ")"),
    )


def simplified(text: str) -> str:
    """Traditional characters as simplified ones (for names compared outside a report's text)."""
    return text.translate(fold_table())


@cache
def fold_table() -> dict[int, str]:
    """`str.translate`'s table of every character that folds (made when a text needs it)."""
    rules = _rules()
    traditional, simple = rules.fold_traditional
    table = {ord(c): folded for c, folded in rules.fold_few.items()}
    table.update(zip(map(ord, traditional), simple, strict=True))
    return table


def _t2s() -> dict[int, str]:
    table = {}
    for line in data_path("t2s.txt").read_text(encoding="utf-8").splitlines():
        if len(line) == 2 and not line.startswith("#"):
            table[ord(line[0])] = line[1]
    return table


def normalize(source: str) -> tuple[str, PositionMap]:
    """The normalised text of `source` and the map from its offsets back to `source`."""
    rules = _rules()
    posmap = PositionMap(source)
    folded = _fold(source, rules)  # (one character for one: the lines start where the source's do)
    edits = _collect(folded, posmap.line_starts, rules)
    edits.sort(key=_ORDER)
    return _apply(posmap, folded, edits)


def _fold(text: str, rules: _Rules) -> str:
    """`text.translate(fold_table())`: a replace pass for each distinct character that folds, found
    where the search for the previous one stopped (a translate pass looks up every character),
    unless there are many of them or one outside the Basic Multilingual Plane (too many of those
    fold to list in the search's class: one range stands for them all)."""
    at, distinct = 0, 0
    while (m := rules.fold_found.search(text, at)) is not None:
        char = m.group()
        distinct += 1
        if distinct > _FEW_FOLDED or char > "\uffff":
            return text.translate(fold_table())
        folded = rules.fold_few.get(char)
        if folded is None:
            traditional, simple = rules.fold_traditional
            folded = simple[traditional.index(char)]
        text = text.replace(char, folded)  # folded characters never fold again
        at = m.end()
    return text


def _collect(text: str, line_starts: list[int], rules: _Rules) -> list[_Edit]:
    edits = list(_segment_edits(text, line_starts, rules))
    for precedence, rule in enumerate(rules.edits, start=1):
        if rule.needs and not any(needle in text for needle in rule.needs):
            continue
        replacement = rule.replacement
        for start, end, match in rule.search.matches(text):
            new = replacement.get(match, "") if isinstance(replacement, dict) else replacement
            if start != end or new:
                edits.append((start, end, new, precedence))
    return edits


def _segment_edits(text: str, line_starts: list[int], rules: _Rules) -> Iterator[_Edit]:
    # the lines that may be cut: the long ones (told by where the next line starts) and those
    # that may hold a heading with its table (found by searching the whole text)
    ends = itertools.chain(line_starts[1:], (len(text) + 1,))  # (one past each line's end)
    longer = rules.segment_min_length
    starts = {start for start, end in zip(line_starts, ends, strict=True) if end - start > longer}
    if rules.heading_with_table_needs in text:
        starts.update(start for start, _, _ in rules.heading_with_table_line.matches(text))
    for start in sorted(starts):
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)]
        if (len(line) >= rules.segment_min_length and _is_flattened(line, rules)) or (
            rules.heading_with_table.match(line)
        ):
            yield from _line_breaks(text, start, line, rules)


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
            yield at, at + 1, "\n", 0
        elif text[at - 1] in " \t":
            # the whole run of spaces becomes the break ("。　　二、"): an edit of the spaces that
            # starts before the break would otherwise win and the break would be lost
            run = at - 1
            while run > base and text[run - 1] in " \t":
                run -= 1
            yield run, at, "\n", 0
        else:
            yield at, at, "\n", 0


def _apply(posmap: PositionMap, folded: str, edits: list[_Edit]) -> tuple[str, PositionMap]:
    parts: list[str] = []
    norm_starts, src_starts, linear = [], [], []  # the position map's segments (see posmap.py)
    out = 0  # length of normalised text so far
    pos = 0  # position in folded (= source) text
    for start, end, new, _ in edits:
        if start < pos:
            continue  # overlaps an edit already applied
        if start > pos:
            norm_starts.append(out)
            src_starts.append(pos)
            linear.append(True)
            parts.append(folded[pos:start])
            out += start - pos
        if new:
            norm_starts.append(out)
            src_starts.append(start)
            linear.append(False)
            parts.append(new)
            out += len(new)
        pos = end
    norm_starts.append(out)
    src_starts.append(pos)
    linear.append(True)
    parts.append(folded[pos:])
    posmap.set_segments(norm_starts, src_starts, linear)
    return "".join(parts), posmap
