"""The numbers of a text and what is written right around them, read once for every pattern.

A narrative phrase reads a number written right after certain words and before a unit
("规范性文件共12件"; "结转下年度3件"). Its pattern tells which few strings the text right before
the number ends with and which the text right after its digits opens with (`Around`, worked out
when the rule is built). A report's numbers are read once (`Numbers`): what is written right
around each, a few characters on each side, spaces next to the number aside. A phrase none of
whose strings stands next to any number of the report cannot match it, and its search (costly:
its opening words are common and it looks tens of characters ahead for the rest) is spared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import chain, product
from operator import itemgetter
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import cast

from gklint import codecache
from gklint.rules.regex import REPEATS, class_chars

_SIDE = 3  # characters kept on each side of a number
_WINDOW = 8  # characters read before a number: after more spaces, what stands before them is unseen
_PAD = "\x00" * _WINDOW  # before the text: a number at its start has a full window (no pattern holds it)
# Each run of digits (\d, as the patterns read them), with the window before it and what follows
# the spaces after it
_RUNS = rf"(?<!\d\d)(?<=(.{{{_WINDOW}}})\d)\d*\s*(?=(.{{0,{_SIDE}}}))"
_DIGIT = re.compile(r"\d")
_MOST_WORDS = 64  # more strings an item may match are not listed
_MOST_REPEATS = 4  # a repeat of more is not listed either (its ends are)
_ZERO_WIDTH = (sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.AT)
_Item = tuple[object, object]
_Edges = tuple[frozenset[str], frozenset[str]]  # (whole matches shorter than _SIDE, ends of others)


@dataclass(frozen=True)
class Around:
    """Strings one of which ends the text right before a pattern's number (spaces between aside),
    and one of which opens the text right after its digits, each at most _SIDE characters; None:
    not known (anything may stand there)."""

    before: frozenset[str] | None
    after: frozenset[str] | None

    @staticmethod
    def union(arounds: list[Around | None]) -> Around | None:
        """What any of the patterns' numbers is written between (None: none is known)."""
        known = [a for a in arounds if a is not None]
        if not known:
            return None
        befores, afters = [a.before for a in known], [a.after for a in known]
        return Around(_joined(befores), _joined(afters))


def _joined(sides: list[frozenset[str] | None]) -> frozenset[str] | None:
    return None if None in sides else frozenset().union(*cast(list[frozenset[str]], sides))


@dataclass(frozen=True)
class Numbers:
    """What is written right around the numbers of a text: every ending of 1 to _SIDE characters
    of the text before a number (spaces right before it stripped), and every opening of the text
    after its digits (spaces right after them skipped); `before` is None when a number stands
    after so many spaces that its window shows too little."""

    before: frozenset[str] | None
    after: frozenset[str]

    @staticmethod
    def of(text: str) -> Numbers:
        found = _runs().findall(_PAD + text)
        if not found:
            return Numbers(frozenset(), frozenset())
        befores, afters = (set(side) for side in zip(*found, strict=True))
        before = set(map(str.rstrip, befores))
        known = min(map(len, before)) >= _SIDE
        return Numbers(_pieces(before, last=True) if known else None, _pieces(afters, last=False))

    def admits(self, around: Around) -> bool:
        """Whether some number of the text may be the pattern's (False: the pattern cannot match)."""
        wanted, present = around.before, self.before  # (written out: asked ~50 times a report)
        if wanted is not None and present is not None and wanted.isdisjoint(present):
            return False
        return around.after is None or not around.after.isdisjoint(self.after)


@cache
def _runs() -> re.Pattern[str]:
    return re.compile(digit() + _RUNS, re.DOTALL)


@cache
def digit() -> str:
    """A pattern of one character matching what \\d matches, that re finds about twice as fast:
    re tests each character against \\d by its Unicode category, against a set by a table. The
    set is the decimal digits of the Basic Multilingual Plane (as this Python's Unicode data has
    them; worked out once and kept) and every character beyond it, which the lookbehind then
    tests as \\d."""
    return codecache.derived(f"decimal digits {unicodedata.unidata_version}", _digit)


def _digit() -> str:
    ranges: list[list[str]] = []  # runs of consecutive digits
    for c in filter(str.isdecimal, map(chr, range(0x10000))):  # what \d matches (re tests isdecimal)
        if ranges and ord(ranges[-1][1]) + 1 == ord(c):
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    listed = "".join(f"{re.escape(a)}-{re.escape(b)}" for a, b in ranges)
    return f"[{listed}\\U00010000-\\U0010ffff](?<=\\d)"


def _pieces(strings: set[str], last: bool) -> frozenset[str]:
    """The ends (last) or openings of 1 to _SIDE characters of the strings."""
    cuts = [slice(-k, None) if last else slice(k) for k in range(1, _SIDE + 1)]
    return frozenset(chain.from_iterable(map(itemgetter(cut), strings) for cut in cuts))


def around(source: str, flags: int, group: int | str) -> Around | None:
    """What the pattern's number (the group) is written between; None when nothing is known."""
    parsed = sre_parse.parse(source, flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    index = parsed.state.groupdict.get(group) if isinstance(group, str) else group
    found = _split_at(list(parsed), index)
    if found is None:
        return None
    before, inside, after = found
    result = Around(
        _before(before) if _opens_with_digit(inside) else None,
        _after(after) if _only_digits(inside) else None,
    )
    return None if result.before is None and result.after is None else result


def _split_at(items: list[_Item], index: object) -> tuple[list[_Item], list[_Item], list[_Item]] | None:
    """The items before the group, the group's, and those after it, reading through groups
    (None: the group is inside a repeat, an alternative, or under other flags)."""
    for i, (op, av) in enumerate(items):
        if op is not sre_parse.SUBPATTERN:
            continue
        group, add, remove, sub = cast(tuple[object, int, int, sre_parse.SubPattern], av)
        if group == index:
            return items[:i], list(sub), items[i + 1 :]
        if add or remove:
            continue
        inner = _split_at(list(sub), index)
        if inner is not None:
            return items[:i] + inner[0], inner[1], inner[2] + items[i + 1 :]
    return None


def _is_digit(op: object, av: object) -> bool:
    return op is sre_parse.IN and list(av) == [(sre_parse.CATEGORY, sre_parse.CATEGORY_DIGIT)]  # type: ignore[call-overload]


def _digits(op: object, av: object) -> bool:
    """Whether the item is \\d, or \\d repeated at least once."""
    if op in REPEATS:
        low, _, body = cast(tuple[int, int, sre_parse.SubPattern], av)
        return low >= 1 and len(body) == 1 and _is_digit(*body[0])
    return _is_digit(op, av)


def _opens_with_digit(items: list[_Item]) -> bool:
    return bool(items) and _digits(*items[0])


def _only_digits(items: list[_Item]) -> bool:
    """The group is digits alone: it ends where the run of digits ends (when no digit follows)."""
    return len(items) == 1 and _digits(*items[0])


def _before(items: list[_Item]) -> frozenset[str] | None:
    """Strings one of which ends the text before a number these items are written before."""
    items = _past_spaces(items[::-1])[::-1]
    return _usable(_edges(items, last=True), last=True)


def _after(items: list[_Item]) -> frozenset[str] | None:
    """Strings one of which opens the text after a number's digits, when these items follow."""
    return _usable(_edges(_past_spaces(items), last=False), last=False)


def _usable(edges: _Edges, last: bool) -> frozenset[str] | None:
    """The strings, when they tell something: none empty, none with a space or the index's pad,
    and none with a digit next to the number (the number then starts or ends inside a run);
    without those that end (open) with another of them, which says as much."""
    strings = edges[0] | edges[1]
    for s in strings:
        if not s or _DIGIT.match(s[-1 if last else 0]) or any(c.isspace() or c == "\x00" for c in s):
            return None
    return frozenset(s for s in strings if not any(t != s and _edge_of(t, s, last) for t in strings))


def _edge_of(t: str, s: str, last: bool) -> bool:
    return s.endswith(t) if last else s.startswith(t)


def _past_spaces(items: list[_Item]) -> list[_Item]:
    """The items after the spaces the sequence opens with (taking spaces only, or none)."""
    items = [(op, av) for op, av in items if op not in _ZERO_WIDTH]
    k = 0
    while k < len(items) and _spaces(*items[k]):
        k += 1
    return items[k:]


def _spaces(op: object, av: object) -> bool:
    """Whether the item takes spaces only (\\s*, " +", …)."""
    if op in REPEATS:
        body = list(cast(tuple[int, int, sre_parse.SubPattern], av)[2])
        return len(body) == 1 and _spaces(*body[0])
    if op is sre_parse.LITERAL:
        return chr(cast(int, av)).isspace()
    if op is sre_parse.IN:
        return all(
            (o is sre_parse.CATEGORY and a is sre_parse.CATEGORY_SPACE)
            or (o is sre_parse.LITERAL and chr(a).isspace())
            for o, a in cast(list[tuple[object, int]], av)
        )
    return False


def _edges(items: list[_Item], last: bool) -> _Edges:
    """The ends (last) or openings of what a sequence matches: whole matches shorter than _SIDE
    (they take in what stands next to them), and the _SIDE characters at the edge of longer ones,
    or fewer where what stands further in is not known."""
    partial = {""}  # shorter than _SIDE so far: what stands further in is read next
    done: set[str] = set()
    for op, av in items[::-1] if last else items:
        whole, cut = _item_edges(op, av, last)
        grown = set()
        for p, w in product(partial, whole):
            s = w + p if last else p + w
            if len(s) < _SIDE:
                grown.add(s)
            else:
                done.add(s[-_SIDE:] if last else s[:_SIDE])
        done.update((w + p)[-_SIDE:] if last else (p + w)[:_SIDE] for p, w in product(partial, cut))
        partial = grown
        if not partial:
            break
    return frozenset(partial), frozenset(done)


def _item_edges(op: object, av: object, last: bool) -> _Edges:
    """An item's edges (see _edges)."""
    words = _words(op, av)
    if words is not None:
        return _edges_of(words)
    if op is sre_parse.SUBPATTERN:
        _, add, remove, sub = cast(tuple[object, int, int, sre_parse.SubPattern], av)
        return _unknown() if add or remove else _edges(list(sub), last)
    if op is sre_parse.BRANCH:
        found = [_edges(list(b), last) for b in cast(tuple[object, list[sre_parse.SubPattern]], av)[1]]
        return frozenset().union(*(w for w, _ in found)), frozenset().union(*(c for _, c in found))
    if op in REPEATS:
        low, _, body = cast(tuple[int, int, sre_parse.SubPattern], av)
        whole, cut = _edges(list(body), last)
        # a repeated match ends with one of the body's, preceded by others or not: taken as cut
        return (frozenset([""]) if low == 0 else frozenset()), whole | cut
    return _unknown()


def _unknown() -> _Edges:
    return frozenset(), frozenset([""])


def _edges_of(words: set[str]) -> _Edges:
    return frozenset(words), frozenset()


def _words(op: object, av: object) -> set[str] | None:
    """Every string the item matches, when they are few (None: not listed)."""
    if op in _ZERO_WIDTH:
        return {""}
    if op is sre_parse.LITERAL:
        return {chr(cast(int, av))}
    if op is sre_parse.IN:
        return class_chars(cast(list[tuple[object, object]], av), False, _MOST_WORDS)
    if op is sre_parse.SUBPATTERN:
        _, add, remove, sub = cast(tuple[object, int, int, sre_parse.SubPattern], av)
        return None if add or remove else _sequence_words(list(sub))
    if op is sre_parse.BRANCH:
        out: set[str] = set()
        for branch in cast(tuple[object, list[sre_parse.SubPattern]], av)[1]:
            words = _sequence_words(list(branch))
            if words is None:
                return None
            out |= words
        return out if len(out) <= _MOST_WORDS else None
    if op in REPEATS:
        low, high, body = cast(tuple[int, int, sre_parse.SubPattern], av)
        words = _sequence_words(list(body))
        if words is None or high > _MOST_REPEATS:
            return None
        return _sequence_words_of([words] * low + [words | {""}] * (high - low))
    return None


def _sequence_words(items: list[_Item]) -> set[str] | None:
    found = [_words(op, av) for op, av in items]
    return None if any(w is None for w in found) else _sequence_words_of(cast(list[set[str]], found))


def _sequence_words_of(parts: list[set[str]]) -> set[str] | None:
    out = {""}
    for words in parts:
        out = {a + b for a in out for b in words}
        if len(out) > _MOST_WORDS:
            return None
    return out
