"""Regular expressions of rules: compiled on first use, with what is known of them in advance.

A rule file is validated (compiled once) when the rules are built; the built rules are cached
(gklint.cache) and loaded at start-up, and a loaded `Regex` compiles only when a report needs it.
Three facts are worked out from the parsed pattern when the rule is built:

- `literals`: strings one of which every match contains. When none occurs in a text, the pattern
  cannot match it and its (costly) search is skipped; 97–99% of (pattern, report) pairs never match.
- `reach`: the longest match, when it is bounded and the pattern looks at nothing after its match
  (no lookahead, `$`, `\\b`); `Scope` uses it to search a growing range incrementally.
- `doubled`: for the shape `([^…]{m,n}t)\\1` (a sentence written twice), a linear search (`Doubled`).
- `anchor`: words every match holds a bounded distance from its start; a whole-text search tries
  only the starts near them (gklint.rules.anchored).

Each shortcut gives exactly re's matches (tests/rules/test_regex.py compares them with re's).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from gklint.rules.anchored import Anchor
from gklint.rules.sre import iscased as _iscased
from gklint.rules.sre import sre_parse

_Match = re.Match  # inside Regex, the name `re` is its compiled-pattern property
_SMALL_SET = 16  # a character class larger than this is no useful filter
_LOOKS_AHEAD = {
    sre_parse.AT_END,
    sre_parse.AT_END_LINE,
    sre_parse.AT_END_STRING,
    sre_parse.AT_BOUNDARY,
    sre_parse.AT_NON_BOUNDARY,
    sre_parse.AT_UNI_BOUNDARY,
    sre_parse.AT_UNI_NON_BOUNDARY,
    sre_parse.AT_LOC_BOUNDARY,
    sre_parse.AT_LOC_NON_BOUNDARY,
}
# possessive repeats and atomic groups exist from Python 3.11 on
_REPEATS = tuple(
    op
    for op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None))
    if op
)
_ATOMIC = getattr(sre_parse, "ATOMIC_GROUP", None)
_MANY_WORDS = 32  # alternatives ("索引号|发布机构|…") looked for one by one at most
_UNBOUNDED = 1 << 16


class Regex:
    """A pattern, its flags, and the facts above; picklable as plain data (the compiled pattern
    is made again on first use after loading)."""

    __slots__ = ("_compiled", "anchor", "doubled", "flags", "literals", "reach", "source")

    def __init__(
        self,
        source: str,
        flags: int = 0,
        literals: tuple[str, ...] | None = None,
        reach: int | None = None,
        doubled: Doubled | None = None,
        anchor: Anchor | None = None,
    ) -> None:
        self.source, self.flags, self.literals, self.reach = source, flags, literals, reach
        self.doubled, self.anchor = doubled, anchor
        self._compiled: re.Pattern[str] | None = None

    @staticmethod
    def of(source: str, flags: int = 0) -> Regex:
        """Compile (raises re.error for a bad pattern) and work out the facts."""
        compiled = re.compile(source, flags)
        parsed = sre_parse.parse(source, flags)
        literals = _required(list(parsed), bool(parsed.state.flags & re.IGNORECASE))
        found = tuple(sorted(literals)) if literals else None
        regex = Regex(source, flags, found, _reach(parsed), Doubled.of(parsed), Anchor.of(parsed))
        regex._compiled = compiled
        return regex

    def __reduce__(self) -> tuple[type[Regex], tuple[object, ...]]:
        return (Regex, (self.source, self.flags, self.literals, self.reach, self.doubled, self.anchor))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Regex) and (self.source, self.flags) == (other.source, other.flags)

    def __hash__(self) -> int:
        return hash((self.source, self.flags))

    def __repr__(self) -> str:
        return f"Regex({self.source!r})"

    @property
    def re(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return self._compiled

    def may_match(self, text: str, seen: dict[str, bool] | None = None) -> bool:
        """False when the text holds none of the literals every match needs. `seen`: whether
        the text holds each literal looked for so far, shared by the patterns searching it."""
        if self.literals is None or seen is None:
            return self.literals is None or any(lit in text for lit in self.literals)
        for lit in self.literals:
            found = seen.get(lit)
            if found is None:
                found = seen[lit] = lit in text
            if found:
                return True
        return False

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None, seen: dict[str, bool] | None = None
    ) -> Iterator[_Match[str]]:
        """re's finditer, skipped outright where the pattern cannot match (`seen`: as above)."""
        if not self.may_match(text, seen):
            return iter(())
        if self.doubled is not None and pos == 0 and endpos is None:
            return self.doubled.finditer(self.re, text)
        if self.anchor is not None and pos == 0 and endpos is None:
            return self.anchor.finditer(self.re, text)
        return self.re.finditer(text, pos, len(text) if endpos is None else endpos)


@dataclass(frozen=True)
class Doubled:
    """A pattern `([^E]{low,high}t)\\1` — a run ending at the character t (one of E), written twice
    ("……情况。……情况。"). re tries it at every position, scanning up to `high` characters each
    time. Every match ends at a t and its first copy at the t before, so its start follows from
    two consecutive t: only those places are tried, in order, with re's own match — the same
    matches as re.finditer, found in time linear in the text."""

    ends: str  # E, the characters the run may not hold (t among them)
    end: str  # t
    low: int
    high: int

    @staticmethod
    def of(parsed: sre_parse.SubPattern) -> Doubled | None:
        items = list(parsed)
        if len(items) != 2 or items[1] != (sre_parse.GROUPREF, 1) or items[0][0] is not sre_parse.SUBPATTERN:
            return None
        group, add, remove, sub = items[0][1]  # type: ignore[misc]
        body = list(sub)
        if group != 1 or add or remove or parsed.state.flags & re.IGNORECASE or len(body) != 2:
            return None
        (repeat, (low, high, run)), (literal, end) = body
        if repeat is not sre_parse.MAX_REPEAT or literal is not sre_parse.LITERAL or len(run) != 1:
            return None
        op, av = list(run)[0]
        if op is sre_parse.NOT_LITERAL:  # [^x]
            ends = chr(av)
        elif op is sre_parse.IN and av[:1] == [(sre_parse.NEGATE, None)]:  # [^xy]
            if any(o is not sre_parse.LITERAL for o, _ in av[1:]):
                return None
            ends = "".join(chr(c) for _, c in av[1:])
        else:
            return None
        return Doubled(ends, chr(end), low, high) if chr(end) in ends else None

    def finditer(self, pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
        stops = [m.start() for m in re.finditer(re.escape(self.end), text)]
        bad = re.compile(f"[{re.escape(self.ends)}]")
        cursor = 0
        for q1, q2 in zip(stops, stops[1:], strict=False):
            size = q2 - q1  # the run and its end
            start = q1 + 1 - size
            if not self.low < size <= self.high + 1 or start < cursor:
                continue
            if text[start : q1 + 1] != text[q1 + 1 : q2 + 1] or bad.search(text, start, q1):
                continue
            m = pattern.match(text, start)
            if m is not None:  # always, by the reasoning above; re has the last word
                cursor = m.end()
                yield m


class Scope:
    """Whether a pattern matches within text[start:at], asked for many `at` after one `start`
    (the numbers of one long clause): each range searched once, so a clause listing n numbers
    costs O(n) instead of O(n²). Patterns without a bounded `reach` are searched afresh."""

    def __init__(self, regex: Regex, text: str) -> None:
        self.regex, self.text = regex, text
        self._known: dict[int, tuple[int, bool]] = {}  # start -> (searched up to, found)

    def found(self, start: int, at: int) -> bool:
        pattern, reach = self.regex.re, self.regex.reach
        if reach is None:
            return pattern.search(self.text, start, at) is not None
        upto, found = self._known.get(start, (start, False))
        if at >= upto and found:
            return True  # a match inside a range stays one inside a longer range
        if at <= upto and not found:
            return False
        if at > upto:  # a new match must end after `upto`, so it starts at most `reach` before
            found = pattern.search(self.text, max(start, upto - reach), at) is not None
        else:
            found = pattern.search(self.text, start, at) is not None
        self._known[start] = (at, found)
        return found


def _chars(items: list[tuple[object, object]], nocase: bool) -> set[str] | None:
    """The characters of a small character class, or None."""
    out: set[str] = set()
    for op, av in items:
        if op is sre_parse.LITERAL:
            out.add(chr(av))  # type: ignore[arg-type]
        elif op is sre_parse.RANGE and av[1] - av[0] < _SMALL_SET:  # type: ignore[index,operator]
            out.update(chr(c) for c in range(av[0], av[1] + 1))  # type: ignore[index,operator]
        else:
            return None
    if len(out) > _SMALL_SET or (nocase and any(_iscased(ord(c)) for c in out)):
        return None
    return out


def _required(items: list[tuple[object, object]], nocase: bool) -> set[str] | None:
    """Strings one of which every match of this sequence contains (None: nothing known)."""
    candidates: list[set[str]] = []
    run = ""
    for op, av in [*items, (None, None)]:
        if op is sre_parse.LITERAL and not (nocase and _iscased(av)):  # type: ignore[arg-type]
            run += chr(av)  # type: ignore[arg-type]
            continue
        if run:
            candidates.append({run})
            run = ""
        found = _item(op, av, nocase) if op is not None else None
        if found:
            candidates.append(found)
    if not candidates:
        return None
    # the longest shortest string; on a tie the earliest (a pattern usually opens with its most
    # telling part: "X" before "年" in "X年")
    return max(candidates, key=lambda s: min(map(len, s)))


def _item(op: object, av: object, nocase: bool) -> set[str] | None:
    if op is sre_parse.IN:
        return _chars(av, nocase)  # type: ignore[arg-type]
    if op is sre_parse.SUBPATTERN:
        _, add, remove, group = cast(tuple[object, int, int, list[tuple[object, object]]], av)
        inner = (nocase or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
        return _required(list(group), inner)
    if op in _REPEATS:
        low, _, repeated = cast(tuple[int, object, list[tuple[object, object]]], av)
        return _required(list(repeated), nocase) if low >= 1 else None
    if op is _ATOMIC and op is not None:
        return _required(list(av), nocase)  # type: ignore[call-overload]
    if op is sre_parse.BRANCH:
        out: set[str] = set()
        for branch in av[1]:  # type: ignore[index]
            found = _required(list(branch), nocase)
            if not found:
                return None
            out |= found
        return out if len(out) <= _MANY_WORDS else None
    return None


def _reach(parsed: sre_parse.SubPattern) -> int | None:
    """The longest match, when bounded and when nothing after the match is looked at."""
    if _looks_ahead(list(parsed)):
        return None
    high = parsed.getwidth()[1]
    return high if high < _UNBOUNDED else None


def _looks_ahead(items: list[tuple[object, object]]) -> bool:
    for op, av in items:
        if op is sre_parse.AT and av in _LOOKS_AHEAD:
            return True
        if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            if av[0] == 1 or _looks_ahead(list(av[1])):  # type: ignore[index]
                return True
        elif op is sre_parse.GROUPREF_EXISTS:
            return True  # conservative
        elif isinstance(av, tuple | list):
            subs = [x for x in av if isinstance(x, sre_parse.SubPattern)]
            subs += [b for x in av if isinstance(x, list) for b in x if isinstance(b, sre_parse.SubPattern)]
            if any(_looks_ahead(list(s)) for s in subs):
                return True
        elif isinstance(av, sre_parse.SubPattern) and _looks_ahead(list(av)):
            return True
    return False
