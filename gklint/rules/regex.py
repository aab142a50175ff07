"""Regular expressions of rules: compiled on first use, with what is known of them in advance.

A rule file is validated (compiled once) when the rules are built; the built rules are cached
(gklint.cache) and loaded at start-up, and a loaded `Regex` compiles only when a report needs it.
These facts are worked out from the parsed pattern when the rule is built:

- `literals`: strings one of which every match contains. When none occurs in a text, the pattern
  cannot match it and its (costly) search is skipped; 97–99% of (pattern, report) pairs never match.
  `also`: the other such sets, each tested after it.
- `reach`: the longest match, when it is bounded and the pattern looks at nothing after its match
  (no lookahead, `$`, `\\b`); `Scope` uses it to search a growing range incrementally.
- `shape`: for the shape `([^…]{m,n}t)\\1` (a sentence written twice), a linear search (`Doubled`);
  for `(x{m,n})\\1` (a word written twice), a search of the places where two characters recur
  (`Repeated`); for a pattern of whole lines (`(?m)^…`), opening with lookbehinds, or opening
  with one of a few strings, a search of the places where it can start by patterns re skips
  through by themselves (`Guided`).
- `latin`: every match holds a character of U+0080-U+00FF (mojibake: "æ”¿", "ÕþÎñ"), which
  the normalised text of a report almost never has: one test of the text rules them all out.
- `direct`: for a pattern re skips through by itself (opening with a string) and whose tries
  fail within a few characters, no prefilter: re's one scan costs less than its questions.
- `anchors`: for a pattern re cannot skip through by itself, the strings near which alone a match
  can be (`Anchors`); a long text is indexed once for all patterns (`_Occurrences`).

Each shortcut gives exactly re's matches (tests/rules/test_regex.py compares them with re's).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from itertools import accumulate, compress, count, islice
from re import _compiler as sre_compile  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, cast

from gklint import codecache

try:
    from _sre import unicode_iscased as _iscased  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - another implementation: treat every letter as cased

    def _iscased(ch: int) -> bool:
        return chr(ch).isalpha()


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
REPEATS = tuple(  # the parsed repeat operators (also read by gklint/rules/numbers.py)
    op
    for op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None))
    if op
)
_ATOMIC = getattr(sre_parse, "ATOMIC_GROUP", None)
_MANY_WORDS = 32  # alternatives ("索引号|发布机构|…") looked for one by one at most
_COPIES = 4  # a character repeated at least this often is looked for as so many copies ("----")
_UNBOUNDED = 1 << 16
_WIDE_SET = 256  # a larger set of strings or characters to look for (Anchors) is looked for as one
_PER_TRY = 32  # one call of re's search or match costs about as much as scanning this many characters
_PER_TRY_SET = 256  # …as re's scan for a set of characters (faster than trying a pattern everywhere)


class Regex:
    """A pattern, its flags, and the facts above; picklable as plain data (the compiled pattern
    is made again on first use after loading)."""

    __slots__ = (
        "_compiled",
        "also",
        "anchors",
        "direct",
        "flags",
        "latin",
        "literals",
        "reach",
        "shape",
        "source",
    )

    def __init__(
        self,
        source: str,
        flags: int = 0,
        literals: tuple[str, ...] | None = None,
        reach: int | None = None,
        shape: Doubled | Repeated | Guided | None = None,
        anchors: Anchors | None = None,
        also: tuple[tuple[str, ...], ...] = (),
        direct: bool = False,
        latin: bool = False,
    ) -> None:
        self.source, self.flags, self.literals, self.reach = source, flags, literals, reach
        self.shape, self.anchors, self.also, self.direct = shape, anchors, also, direct
        self.latin = latin
        self._compiled: re.Pattern[str] | None = None

    @staticmethod
    def of(source: str, flags: int = 0) -> Regex:
        """Compile (raises re.error for a bad pattern) and work out the facts."""
        compiled = re.compile(source, flags)
        parsed = sre_parse.parse(source, flags)
        nocase = bool(parsed.state.flags & re.IGNORECASE)
        sets = _candidates(list(parsed), nocase, parsed.state)
        best = _best(sets)
        chosen = best.strings if best else ()
        literals = _asked_first(chosen) if best else None
        also = tuple(dict.fromkeys(_asked_first(c.strings) for c in sets if c.strings != chosen))
        shape = Doubled.of(parsed) or Repeated.of(parsed) or Guided.of(parsed)
        # searched for each of its few opening strings in turn, a pattern costs a few fast scans:
        # looking for where its strings are (to search near them) costs about as much, and pays
        # less often
        wide = _candidates(list(parsed), nocase, parsed.state, wide=True)
        anchors = None if isinstance(shape, Guided) and shape.opening else Anchors.of(parsed, wide)
        # re finds the matches of such a pattern in about one scan: the prefilter's words cost
        # more (one scan each when absent; single characters are found faster than re scans)
        asks_words = literals is not None and any(len(s) > 1 for s in literals)
        direct = asks_words and _scan(parsed) == "string" and _fails_fast(list(parsed))
        latin = any(
            all(any("\x80" <= c <= "\xff" for c in s) for s in near.strings) for near in [*sets, *wide]
        )
        regex = Regex(source, flags, literals, _reach(parsed), shape, anchors, also, direct, latin)
        regex._compiled = compiled
        return regex

    def __reduce__(self) -> tuple[type[Regex], tuple[object, ...]]:
        fields = (
            self.source,
            self.flags,
            self.literals,
            self.reach,
            self.shape,
            self.anchors,
            self.also,
            self.direct,
            self.latin,
        )
        return (Regex, fields)

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

    def may_match(self, text: str) -> bool:
        """False when the text holds none of the literals every match needs, or none of one of
        the other sets of strings (`also`: "截至" and "发布" in "截至…发布之日"), or no character
        of U+0080-U+00FF where every match holds one (`latin`)."""
        if self.latin and not (_occurrences(text).latin() if len(text) >= _INDEXED else _latin(text)):
            return False
        if self.literals is None:
            return True
        if len(text) >= _INDEXED:
            has = _occurrences(text).has
            return any(map(has, self.literals)) and all(any(map(has, s)) for s in self.also)
        return all(any(lit in text for lit in strings) for strings in (self.literals, *self.also))

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None, prefilter: bool = True
    ) -> Iterator[_Match[str]]:
        """re's finditer, skipped outright where the pattern cannot match. A caller that knows
        the pattern's strings are very likely in the text (a narrative phrase whose number guard
        held) passes prefilter=False: the same matches, without the questions that would not
        spare a search."""
        whole = pos == 0 and endpos is None
        shape = self.shape
        if whole and isinstance(shape, Guided) and not shape.opening:
            return shape.finditer(self.re, text)
        if self.direct:
            return self.re.finditer(text, pos, len(text) if endpos is None else endpos)
        if prefilter and not self.may_match(text):
            return iter(())
        if whole:
            if shape is not None:
                return shape.finditer(self.re, text)
            if self.anchors is not None:
                found = self.anchors.finditer(self.re, text)
                if found is not None:
                    return found
        return self.re.finditer(text, pos, len(text) if endpos is None else endpos)


def _twice(parsed: sre_parse.SubPattern) -> list[Any] | None:
    """The items of X in a pattern `(X)\\1` (group 1, case sensitive), or None."""
    items = list(parsed)
    if len(items) != 2 or items[1] != (sre_parse.GROUPREF, 1) or items[0][0] is not sre_parse.SUBPATTERN:
        return None
    group, add, remove, sub = items[0][1]  # type: ignore[misc]
    if group != 1 or add or remove or parsed.state.flags & re.IGNORECASE:
        return None
    return list(sub)


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
        body = _twice(parsed)
        if body is None or len(body) != 2:
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
        # the piece between two consecutive t ending the piece before it: its two copies (found
        # by str.endswith over all pairs in one pass, in C; such pairs are rare)
        pieces = text.split(self.end)
        pairs = compress(count(), map(str.endswith, pieces, islice(pieces, 1, len(pieces) - 1)))
        found = [i for i in pairs if self.low < len(pieces[i + 1]) + 1 <= self.high + 1]
        if not found:
            return
        stops = [at - 1 for at in accumulate(len(piece) + 1 for piece in pieces)]  # each t
        bad = re.compile(f"[{re.escape(self.ends)}]")
        cursor = 0
        for q1, q2 in ((stops[i], stops[i + 1]) for i in found):
            size = q2 - q1  # the run and its end
            start = q1 + 1 - size
            if start < cursor:
                continue
            if bad.search(text, start, q1):
                continue
            m = pattern.match(text, start)
            if m is not None:  # always, by the reasoning above; re has the last word
                cursor = m.end()
                yield m


@dataclass(frozen=True)
class Repeated:
    """A pattern `(x{low,high})\\1` (x one character, low >= 2) — a word written twice ("资金资金").
    re tries it at every position, taking up to `high` characters and comparing each length
    with what follows. A match at s of length k has text[s:s+k] == text[s+k:s+2k]: for each k,
    the places where k consecutive characters recur k later are found in C (the characters'
    low bytes, compared k apart by one XOR of two big integers; equal characters give a run of
    k zero bytes), and only those places are tried, in order, with re's own match — the same
    matches as re.finditer (tests/rules/test_regex.py)."""

    low: int
    high: int

    @staticmethod
    def of(parsed: sre_parse.SubPattern) -> Repeated | None:
        body = _twice(parsed)
        if body is None or len(body) != 1:
            return None
        op, av = body[0]
        if op not in REPEATS:
            return None
        low, high, run = av
        if len(run) != 1 or list(run)[0][0] not in _ONE_CHARACTER or not 2 <= low <= high <= _MOST_REPEATED:
            return None
        return Repeated(low, high)

    def finditer(self, pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
        marks = bytearray(len(text))  # 1: a match may start here
        for block in range(0, len(text), _BLOCK):  # a block at a time: little memory on a long text
            self._mark(text[block : block + _BLOCK + 2 * self.high], marks, block)
        at = marks.find(1)
        while at >= 0:
            m = pattern.match(text, at)
            if m is None:
                at = marks.find(1, at + 1)
            else:
                yield m
                at = marks.find(1, m.end())

    def _mark(self, text: str, marks: bytearray, offset: int) -> None:
        """Mark (at offset + i) each i < _BLOCK where, for a k in low..high, text[i:i+k] may
        recur k later."""
        low_bytes = text.encode("utf-32-le", "surrogatepass")[::4]  # one byte a character
        whole = int.from_bytes(low_bytes, "little")
        for k in range(self.low, self.high + 1):
            # byte i: low byte of character i XOR that of character i+k (past the end: of none,
            # which marks too much at worst: re has the last word)
            apart = (whole ^ (whole >> (8 * k))).to_bytes(len(text), "little").decode("latin-1")
            for run in _equal_runs(k).finditer(apart, 0, _BLOCK + self.high):
                start = offset + run.start()
                end = min(offset + run.end() - k + 1, offset + _BLOCK, len(marks))  # k equal from each
                marks[start:end] = b"\x01" * (end - start)


class Guided:
    """A pattern re would try at every position, or at every one of a set of characters, searched
    through guides re skips through by themselves (each opening with a string), in three shapes:

    - whole lines, `(?m)^X`: re tries "^" everywhere. A match starts at the text's start or
      after a newline, so the guide is `\\nX` (the "^" turned into a newline to take), and a
      match is tried one character after each place the guide matches;
    - looks first, `(?<!a)(?=b)X` (lookbehinds and lookaheads, then X opening with a string or
      a set of characters): the guide is X, which matches wherever the pattern does; X opening
      with one of a few strings or characters is one guide for each (`_split`);
    - opening with one of a few strings or characters, `《\\s*《|》\\s*》`: re scans for the set,
      testing every character against it (5-10 times slower than its scan for one string); the
      guides are the pattern opening with each of them in turn (`_split`), and try it exactly
      where re would.

    Each place the guide finds, in order, is matched with re's own pattern, which matches
    nowhere else: the same matches as re.finditer (tests/rules/test_regex.py), only where the
    guide matches. Patterns that may match nothing or refer back to a group are left to re
    (re's rules for the next search after an empty match differ; a dropped look may hold the
    group).

    The guide tries X where the pattern's looks would have failed at once: so that this costs
    time linear in the text, X opens with one of a few characters and repeats at length only
    characters other than those (`\\s*`, `-{2,}`): a try then scans past no more than the few
    openers X itself takes (no `.*` or `[^。]{0,200}` running over the text after each)."""

    __slots__ = ("_guides", "count", "lines", "looks")

    def __init__(self, looks: int, count: int = 1, lines: bool = False) -> None:
        self.looks = looks  # the looks dropped
        self.count = count  # guides (_parts)
        self.lines = lines  # whole lines: "^" is the newline before
        self._guides: list[re.Pattern[str]] | None = None  # compiled on first use

    def __reduce__(self) -> tuple[type[Guided], tuple[int, int, bool]]:
        return (Guided, (self.looks, self.count, self.lines))

    @property
    def opening(self) -> bool:
        """The third shape: searched after the prefilter (the other two are searched at once:
        re would try them everywhere, at more cost than the prefilter's)."""
        return not self.looks and not self.lines

    @staticmethod
    def of(parsed: sre_parse.SubPattern) -> Guided | None:
        items = list(parsed)
        if parsed.getwidth()[0] == 0 or _refers_back(items):
            return None
        if parsed.state.flags & re.MULTILINE and items[:1] == [(sre_parse.AT, sre_parse.AT_BEGINNING)]:
            return Guided(0, lines=True)
        looks = next((i for i, (op, av) in enumerate(items) if not _is_look(op, av)), len(items))
        if not looks:
            return Guided._opening_set(parsed)
        rest = sre_parse.SubPattern(parsed.state, items[looks:])
        if _skips_itself(parsed) or not _skips_itself(rest):
            return None
        flags = parsed.state.flags
        openers = _openers(items[looks:], bool(flags & re.IGNORECASE))
        if not openers or not _runs_avoid(items[looks:], openers, flags):
            return None
        return Guided(looks, len(_each(items[looks:], flags)))

    @staticmethod
    def _opening_set(parsed: sre_parse.SubPattern) -> Guided | None:
        """The third shape: re scans for one of a set of openers, and the pattern opening with
        each of a few (at most _FEW) is one that re skips to by itself (opens with a string)."""
        if _scan(parsed) != "set" or parsed.state.flags & re.IGNORECASE:
            return None
        each = _split(list(parsed))
        if not each or len(each) > _FEW:
            return None
        if any(_scan(sre_parse.SubPattern(parsed.state, guide)) != "string" for guide in each):
            return None
        return Guided(0, len(each))

    def finditer(self, pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
        guides = self._guides if self._guides is not None else self._compile(pattern)
        lines = 1 if self.lines else 0  # a line starts one character after its newline
        m = pattern.match(text) if lines else None  # the first line starts at the text's start
        at = 0
        found = [-1] * len(guides)  # each guide's first match at or after a place asked before
        while True:
            if m is not None:
                yield m
                at = m.end()
            start = _next_start(guides, found, text, max(at - lines, 0))
            if start < 0:
                return
            m = pattern.match(text, start + lines)
            if m is None:
                at = start + lines + 1

    def _compile(self, pattern: re.Pattern[str]) -> list[re.Pattern[str]]:
        """The guides: `\\nX` for whole lines; else X, or, when X opens with one of a few strings
        or characters ("(?:19|20)", "[【(]"), X with each in turn: re skips to a string fast, but
        to one of several slowly (each character tested against a set)."""
        parts: list[sre_parse.SubPattern] = []

        def part(i: int) -> sre_parse.SubPattern:  # parsed only when a guide is not kept
            if not parts:
                parts.extend(self._parts(pattern))
            return parts[i]

        name = f"guide of {pattern.pattern!r} past {'lines' if self.lines else self.looks} looks,"
        self._guides = [
            codecache.compile_parsed(f"{name} {i}", partial(part, i), pattern.flags)
            for i in range(self.count)
        ]
        return self._guides

    def _parts(self, pattern: re.Pattern[str]) -> list[sre_parse.SubPattern]:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        items = list(parsed)
        if self.lines:
            each = [[(sre_parse.LITERAL, ord("\n")), *items[1:]]]
        else:
            each = _each(items[self.looks :], pattern.flags)
        return [sre_parse.SubPattern(parsed.state, g) for g in each]


def _each(rest: list[tuple[object, object]], flags: int) -> list[list[tuple[object, object]]]:
    """The guides past the looks: the rest, or the rest with each of its few openers in turn."""
    return (None if flags & re.IGNORECASE else _split(rest)) or [rest]


def _next_start(guides: list[re.Pattern[str]], found: list[int], text: str, at: int) -> int:
    """The first place at or after `at` where one of the guides matches (-1: none). `found` keeps
    each guide's answer to an earlier, smaller `at`: still the answer unless before `at`."""
    for i, guide in enumerate(guides):
        if found[i] < at:
            m = guide.search(text, at)
            found[i] = len(text) + 1 if m is None else m.start()
    first = min(found)
    return first if first <= len(text) else -1


def _split(items: list[tuple[object, object]]) -> list[list[tuple[object, object]]] | None:
    """The sequence as several, one for each string or character it may open with (a match of
    the sequence is one of one of them), when those are a few and each opens with a character."""
    op, av = items[0]
    if op is sre_parse.SUBPATTERN:
        _, add, remove, sub = cast(tuple[object, int, int, sre_parse.SubPattern], av)
        return None if add or remove else _split([*sub, *items[1:]])  # (no group is referred to)
    if op is sre_parse.BRANCH:
        branches = [list(b) for b in av[1]]  # type: ignore[index]
        if all(b and b[0][0] is sre_parse.LITERAL for b in branches):
            return [[*b, *items[1:]] for b in branches]
    if op is sre_parse.IN:
        chars = class_chars(av, False, _FEW)  # type: ignore[arg-type]
        if chars and len(chars) > 1:
            return [[(sre_parse.LITERAL, ord(c)), *items[1:]] for c in sorted(chars)]
    return None


def _is_look(op: object, av: object) -> bool:
    """Whether a parsed item takes no character: a lookbehind or lookahead, "^", "\\b", or a
    group of alternatives each of those ("(?:^|(?<=。))")."""
    if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.AT):
        return True
    if op is sre_parse.SUBPATTERN:
        group, add, remove, sub = cast(tuple[object, int, int, sre_parse.SubPattern], av)
        return group is None and not add and not remove and all(_is_look(o, a) for o, a in sub)
    if op is sre_parse.BRANCH:
        return all(all(_is_look(o, a) for o, a in branch) for branch in av[1])  # type: ignore[index]
    return False


def _inside(av: object) -> Iterator[list[tuple[object, object]]]:
    """The sequences inside a parsed item (a group's, a repeat's, a branch's alternatives…)."""
    for x in av if isinstance(av, tuple | list) else (av,):
        for sub in x if isinstance(x, list) else [x]:
            if isinstance(sub, sre_parse.SubPattern):
                yield list(sub)


def _refers_back(items: list[tuple[object, object]]) -> bool:
    """Whether a parsed pattern holds a backreference (or a test of whether a group matched)."""
    for op, av in items:
        if op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS):
            return True
        if any(_refers_back(sub) for sub in _inside(av)):
            return True
    return False


_SHORT_RUN = 16  # a repeat this short may take the openers too: a try scans a few more at most


def _openers(items: list[tuple[object, object]], nocase: bool) -> set[str] | None:
    """The characters a match of these items starts with, when they are few and known."""
    if not items:
        return None
    op, av = items[0]
    if op is sre_parse.LITERAL:
        return None if nocase and _iscased(av) else {chr(av)}  # type: ignore[arg-type]
    if op is sre_parse.IN:
        return class_chars(av, nocase, _SMALL_SET)  # type: ignore[arg-type]
    if op is sre_parse.SUBPATTERN:
        _, add, remove, sub = cast(tuple[object, int, int, sre_parse.SubPattern], av)
        return None if add or remove else _openers(list(sub), nocase)
    if op is sre_parse.BRANCH:
        out: set[str] = set()
        for branch in av[1]:  # type: ignore[index]
            found = _openers(list(branch), nocase)
            if found is None:
                return None
            out |= found
        return out
    return None


def _runs_avoid(items: list[tuple[object, object]], chars: set[str], flags: int) -> bool:
    """Whether every long repeat (without bound, or of more than _SHORT_RUN) in these items
    repeats one character that is none of `chars`."""
    for op, av in items:
        if op in REPEATS and av[1] > _SHORT_RUN:  # type: ignore[index,operator]
            body = list(av[2])  # type: ignore[index]
            one = _one(*body[0]) if len(body) == 1 else None
            if one is None or any(re.fullmatch(one, c, flags) for c in chars):
                return False
        elif not all(_runs_avoid(sub, chars, flags) for sub in _inside(av)):
            return False
    return True


_BLOCK = 1 << 16
_ONE_CHARACTER = {sre_parse.IN, sre_parse.LITERAL, sre_parse.NOT_LITERAL, sre_parse.ANY, sre_parse.CATEGORY}
_MOST_REPEATED = 64  # a longer word repeated is searched by re (one pass over the text per length)


@cache
def _equal_runs(k: int) -> re.Pattern[str]:
    """Runs of at least k zero bytes, read as Latin-1 (a str pattern, as the others kept by
    gklint.codecache; opening with a string: re skips to it)."""
    return re.compile("\\x00" * k + "\\x00*")


@dataclass(frozen=True)
class Anchors:
    """Where a pattern can match: near its required strings. re.finditer tries a pattern at every
    position of the text; most rule patterns need a string ("@", "号", "《") that occurs a few
    times in a report, and a match holding one starts at most `lead` characters before it, or
    (where nothing bounds that) after a stretch of characters only of those the pattern allows
    before it (`back`, "[a-z0-9._-]" and "\\s" for "[a-z0-9._-]{1,64}\\s+@"). So only those windows
    are searched, in order, with re's own search or match: the same matches as re.finditer
    (tests/rules/test_regex.py), in time proportional to the occurrences.

    With a bounded `horizon` (no match examines more than that many characters from its start,
    lookaheads included), one search per occurrence p over [p - lead, p + horizon) finds the
    first match starting at or before p exactly as in the whole text; otherwise each start in
    [p - lead, p] is tried with re's match. A pattern is searched whole where its strings are
    too common for this to pay, or where re skips to its possible starts by itself (opening
    with a string); one opening with a set of characters re skips through more slowly, so the
    windows must be fewer to pay (`per_try`)."""

    sets: tuple[Near, ...]  # the likeliest rarest first
    horizon: int | None
    flags: int  # the pattern's, for the `back` of its sets
    per_try: int = _PER_TRY  # a window's search costs as much as re's scan of this many characters
    # every match starts at the text's start or after one of these, none of which any set's
    # `back` admits ("(?:^|(?<=[。;\n》]))…": "。;\n》"): before a string, only the start of the
    # stretch of `back` may be a match's start
    after: str | None = None
    # patterns of one character, one of which every match's first character matches (a digit
    # for GK503's "(?<![\\d.])(\\d{1,12})\\s*件…行政复议"): without a horizon, only those
    # places of a window are tried
    opens: str | None = None

    @staticmethod
    def of(parsed: sre_parse.SubPattern, candidates: list[Near]) -> Anchors | None:
        scan = _scan(parsed)
        if scan == "string":
            return None
        usable = [c.fewest() for c in candidates if c.lead < _UNBOUNDED or c.back is not None]
        usable.sort(key=lambda c: (-min(map(len, c.strings)), len(c.strings), c.lead))
        sets = tuple(c for i, c in enumerate(usable) if c.strings not in [u.strings for u in usable[:i]])
        if not sets:
            return None
        horizon = _horizon(list(parsed), parsed.state)
        flags = parsed.state.flags & ~re.VERBOSE
        per_try = _PER_TRY_SET if scan == "set" else _PER_TRY
        after = _opens_after(list(parsed), flags)
        backs = [re.compile(one, flags) for near in sets for one in near.back or ()]
        if after is not None and any(one.fullmatch(c) for one in backs for c in after):
            after = None
        first, empty = _first(list(parsed))
        opens = "|".join(sorted(first)) if first and not empty else None
        return Anchors(sets, horizon if horizon < _UNBOUNDED else None, flags, per_try, after, opens)

    def finditer(self, pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]] | None:
        """The matches, or None when a search of the whole text is cheaper."""
        index = _occurrences(text)
        for near in self.sets:  # the first set whose windows cost less than a whole search
            lead = min(near.lead, _TYPICAL_RUN) if near.back is not None else near.lead
            tries = 1 + (lead + self.horizon) / _PER_TRY if self.horizon is not None else lead + 1
            # (places looked for only up to a little more than the most that pay)
            places = index.places(near.strings, int(len(text) / (tries * self.per_try)) + 1)
            if places is not None and tries * len(places) * self.per_try <= len(text):
                return self._near(pattern, index, places, near)
        return None

    def _near(
        self, pattern: re.Pattern[str], index: _Occurrences, places: list[int], near: Near
    ) -> Iterator[re.Match[str]]:
        text, back = index.text, _run(near.back, self.flags) if near.back is not None else None
        # windows reaching back over prose ("[^,;:。、\\d()]{0,20}?") hold few places a match may
        # start at; the others (over digits, spaces, a few words) are tried at each place
        opener = _opener(self.opens, self.flags) if self.opens and _over_prose(near.back) else None
        low = 0  # every match starts here or later
        for p in places:
            if p < low:
                continue
            start = max(low, p - near.lead) if near.lead < _UNBOUNDED else low
            if back is not None and start < p:  # back from p over what may come before the string
                at = len(text) - p  # (in the reversed text: each stretch read once, as low rises)
                start = p - (back.match(index.reversed(), at, len(text) - start).end() - at)  # type: ignore[union-attr]
            if back is not None and self.after is not None and start and text[start - 1] not in self.after:
                low = p + 1  # (no match starts inside the stretch, nor at its start: see `after`)
                continue
            if self.horizon is not None:
                m = pattern.search(text, start, min(len(text), p + self.horizon))
                found = m if m is not None and m.start() <= p else None
            else:
                found = _first_match(pattern, opener, text, start, p)
            if found is None:
                low = p + 1  # no match starts at or before p
            else:
                low = found.end()
                yield found


def _first_match(
    pattern: re.Pattern[str], opener: re.Pattern[str] | None, text: str, start: int, p: int
) -> re.Match[str] | None:
    """re's match at the first start in [start, p] where there is one, or None. In a long
    window, only the places where a match's first character may be (`opener`) are tried (the
    digits of "…办理1,234件，其中3件行政复议": one scan instead of a try at every place)."""
    if opener is None or p - start < _FEW_STARTS:
        starts: Iterator[int] | range = range(start, p + 1)
    else:
        starts = (m.start() for m in opener.finditer(text, start, p + 1))
    return next(filter(None, (pattern.match(text, s) for s in starts)), None)


@cache  # (asked once a pattern and report, of sets of up to some 30 patterns)
def _over_prose(back: frozenset[str] | None) -> bool:
    return back is not None and any(one.startswith("[^") for one in back)


_FEW_STARTS = 4  # a window of fewer places is tried at each: a scan for the first characters costs more


@cache
def _opener(opens: str, flags: int) -> re.Pattern[str]:
    return re.compile(opens, flags)


def _opens_after(items: list[tuple[object, object]], flags: int) -> str | None:
    """The characters one of which comes just before every match that does not start the text,
    when the pattern opens with lookbehinds of them or "^" ("(?:^|(?<=[。;\n》])|(?<=概述))":
    "。;\n》述"), or None."""
    op, av = items[0] if items else (None, None)
    if op is sre_parse.BRANCH:
        alternatives = [list(b) for b in av[1]]  # type: ignore[index]
    elif op is sre_parse.ASSERT:
        alternatives = [[(op, av)]]
    else:
        return None
    out: set[str] = set()
    for alternative in alternatives:
        if alternative == [(sre_parse.AT, sre_parse.AT_BEGINNING)]:
            out |= {"\n"} if flags & re.MULTILINE else set()  # (else only at the text's start)
            continue
        if len(alternative) != 1 or alternative[0][0] is not sre_parse.ASSERT:
            return None
        direction, look = alternative[0][1]  # type: ignore[misc]
        last = list(look)[-1:] if direction == -1 else []  # the character just before a match
        one_character = bool(last) and last[0][0] in (sre_parse.LITERAL, sre_parse.IN)
        chars = _openers(last, False) if one_character else None
        if not chars or flags & re.IGNORECASE:
            return None
        out |= chars
    return "".join(sorted(out))


@dataclass(frozen=True)
class Near:
    """Strings one of which every match holds, starting at most `lead` characters after the
    match's start (_UNBOUNDED: any number), and after characters only of `back`."""

    strings: tuple[str, ...]
    lead: int
    back: frozenset[str] | None  # patterns of one character: all a match holds before the string

    def fewest(self) -> Near:
        """The same, without strings holding another of them ("关闭窗口" holds "关闭"): where
        the longer occurs, so does the shorter, a little later."""
        kept = [s for s in self.strings if not any(t != s and t in s for t in self.strings)]
        heads = [s[: s.index(t)] for s in self.strings for t in kept if t in s]
        lead = min(self.lead + max(map(len, heads)), _UNBOUNDED)
        return Near(tuple(kept), lead, _union(self.back, frozenset(re.escape(c) for c in "".join(heads))))


def _skips_itself(parsed: sre_parse.SubPattern) -> bool:
    """Whether re itself skips to the places where a match can start (see _scan)."""
    return _scan(parsed) is not None


def _scan(parsed: sre_parse.SubPattern) -> str | None:
    """How re skips to the places where a match can start: "string" for a pattern opening with
    a string (as fast as str.find), or one failing at once elsewhere (opening with "^"); "set"
    for one opening with one of a set of characters or strings ("《|》": each character tested,
    5-50 times slower); None: re tries the whole pattern everywhere. Under re.M (every pattern
    kind's flag) "^" is parsed the same but matches after every newline: re tries everywhere."""
    opens_text = not parsed.state.flags & re.MULTILINE
    if opens_text and list(parsed)[:1] == [(sre_parse.AT, sre_parse.AT_BEGINNING)]:
        return "string"
    try:
        code = sre_compile._code(parsed, parsed.state.flags)
    except Exception:  # noqa: BLE001 - re's internals: when they differ, assume no skipping  # pragma: no cover
        return None
    if code[0] != sre_compile.INFO:
        return None  # pragma: no cover - re always opens with INFO
    if code[2] & sre_compile.SRE_INFO_PREFIX:
        return "string"
    return "set" if code[2] & sre_compile.SRE_INFO_CHARSET else None


def _fails_fast(items: list[tuple[object, object]]) -> bool:
    """Whether a try of a pattern opening with a string fails within a few characters where
    the text goes on otherwise: past its opening string and short optional pieces ("(?:的)?",
    "\\s*"), it takes one of a few characters ("[至止]", "(?:日期|时间)", "\\d"). re then finds
    its matches in about one scan for that string, which costs less than the prefilter's
    questions (several words, each a scan when absent); not so for a pattern trying a long run
    after each place ("规范性文件(?:(?!规章)[^。;]){0,30}?…")."""
    rest = _flat(items)
    opening = next((i for i, (op, _) in enumerate(rest) if op is not sre_parse.LITERAL), len(rest))
    for op, av in rest[opening:] if opening else ():
        if _takes_few(op, av):
            return True
        if op not in REPEATS or not _short(cast(tuple[int, int, sre_parse.SubPattern], av)):
            return False
    return False


def _flat(items: list[tuple[object, object]]) -> list[tuple[object, object]]:
    """The items with the groups among them (without flags) opened."""
    out: list[tuple[object, object]] = []
    for op, av in items:
        if op is sre_parse.SUBPATTERN and not av[1] and not av[2]:  # type: ignore[index]
            out += _flat(list(av[3]))  # type: ignore[index]
        else:
            out.append((op, av))
    return out


def _takes_few(op: object, av: object) -> bool:
    """Whether a parsed item takes a character of only a few (a digit counts as one of a few)."""
    if op is sre_parse.LITERAL or (op is sre_parse.IN and class_chars(av, False, _SMALL_SET)):  # type: ignore[arg-type]
        return True
    if op is sre_parse.IN and av == [(sre_parse.CATEGORY, sre_parse.CATEGORY_DIGIT)]:
        return True
    if op is sre_parse.BRANCH:
        return all(_opens_with_few(list(b)) for b in av[1])  # type: ignore[index]
    if op in REPEATS and av[0]:  # type: ignore[index]
        return _opens_with_few(list(av[2]))  # type: ignore[index]
    return False


def _opens_with_few(items: list[tuple[object, object]]) -> bool:
    first = _flat(items)[:1]
    return bool(first) and _takes_few(*first[0])


def _short(repeat: tuple[int, int, sre_parse.SubPattern]) -> bool:
    """Whether a repeat is an optional piece and short: a few characters, or spaces."""
    low, high, repeated = repeat
    if low:
        return False
    spaces = list(repeated) == [(sre_parse.IN, [(sre_parse.CATEGORY, sre_parse.CATEGORY_SPACE)])]
    return spaces or high * repeated.getwidth()[1] <= _SHORT_PIECE


_SHORT_PIECE = 4


_TYPICAL_RUN = 8  # characters before a string a match starts, where only `back` bounds it


@cache
def _run(back: frozenset[str], flags: int) -> re.Pattern[str]:
    """A pattern matching (in the reversed text) what may come before a required string."""
    return re.compile(f"(?:{'|'.join(sorted(back))})*" if back else "", flags)


def _union(*backs: frozenset[str] | None) -> frozenset[str] | None:
    return None if any(b is None for b in backs) else frozenset().union(*backs)  # type: ignore[arg-type]


_CATEGORIES = {
    sre_parse.CATEGORY_DIGIT: r"\d",
    sre_parse.CATEGORY_NOT_DIGIT: r"\D",
    sre_parse.CATEGORY_SPACE: r"\s",
    sre_parse.CATEGORY_NOT_SPACE: r"\S",
    sre_parse.CATEGORY_WORD: r"\w",
    sre_parse.CATEGORY_NOT_WORD: r"\W",
}


def _alphabet(items: list[tuple[object, object]]) -> frozenset[str] | None:
    """Patterns of one character that together match every character a match of these items
    holds (None: not known)."""
    out: frozenset[str] = frozenset()
    for op, av in items:
        if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.AT):
            continue  # takes no character
        if op is sre_parse.SUBPATTERN:
            _, add, remove, sub = cast(tuple[object, int, int, list[tuple[object, object]]], av)
            inner = None if add or remove else _alphabet(list(sub))
        elif op in REPEATS:
            inner = _alphabet(list(av[2]))  # type: ignore[index]
        elif op is _ATOMIC and op is not None:
            inner = _alphabet(list(av))  # type: ignore[call-overload]
        elif op is sre_parse.BRANCH:
            inner = _union(*(_alphabet(list(b)) for b in av[1]))  # type: ignore[index]
        else:
            leaf = _one(op, av)
            inner = None if leaf is None else frozenset([leaf])
        if inner is None:
            return None
        out |= inner
    return out


def _one(op: object, av: object) -> str | None:
    """A pattern of one character, the source of a parsed one (None: none of those)."""
    if op is sre_parse.LITERAL:
        return re.escape(chr(av))  # type: ignore[arg-type]
    if op is sre_parse.NOT_LITERAL:
        return f"[^{re.escape(chr(av))}]"  # type: ignore[arg-type]
    if op is sre_parse.ANY:
        return "."
    if op is sre_parse.CATEGORY:
        return _CATEGORIES.get(av)  # type: ignore[call-overload]
    if op is not sre_parse.IN:
        return None
    parts = []
    for o, a in av:  # type: ignore[attr-defined]
        if o is sre_parse.NEGATE:
            parts.append("^")
        elif o is sre_parse.LITERAL:
            parts.append(re.escape(chr(a)))
        elif o is sre_parse.RANGE:
            parts.append(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
        elif o is sre_parse.CATEGORY and a in _CATEGORIES:
            parts.append(_CATEGORIES[a])
        else:
            return None
    return f"[{''.join(parts)}]"


_NO_BOUND = sys.maxsize - 1  # places: as many as there are


class _Occurrences:
    """Which strings occur in one long text, and where (overlapping occurrences too): found once
    for all the patterns that search it. A string none of whose characters is absent is looked
    for whole, by re (in a Chinese text, str.find of an absent word scans slowly; of a
    character, fast; re finds a word 3-4 times faster than str.find)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._has: dict[str, bool] = {}
        self._places: dict[tuple[str, ...], list[int]] = {}
        self._more_than: dict[tuple[str, ...], int] = {}  # strings -> a count they start more often than
        self._reversed: str | None = None
        self._latin: bool | None = None

    def latin(self) -> bool:
        if self._latin is None:
            self._latin = _latin(self.text)
        return self._latin

    def has(self, s: str) -> bool:
        found = self._has.get(s)
        if found is None:
            text, known = self.text, self._has
            for c in s if len(s) > 1 else ():
                if c not in known:
                    known[c] = c in text
                if not known[c]:
                    found = False
                    break
            else:
                found = s in text if len(s) == 1 else _alternation((s,)).search(text) is not None
            known[s] = found
        return found

    def reversed(self) -> str:
        if self._reversed is None:
            self._reversed = self.text[::-1]
        return self._reversed

    def places(self, strings: tuple[str, ...], most: int = _NO_BOUND) -> list[int] | None:
        """Where any of the strings starts, in order; None if in more than `most` places (then
        only so many are looked for: a set too common to pay is not found whole)."""
        found = self._places.get(strings)
        if found is None:
            if most <= self._more_than.get(strings, -1):
                return None
            found = _find_all(self.text, strings, most)
            if found is None:
                self._more_than[strings] = most
                return None
            self._places[strings] = found
        return found if len(found) <= most else None


def _find_all(text: str, strings: tuple[str, ...], most: int = _NO_BOUND) -> list[int] | None:
    """Each start of one of the strings in text, overlapping ones too; None if more than `most`.
    A few strings are looked for one by one: re's scan for one of several strings tests every
    character against a set, 5-50 times slower than its scan for one string or str.find's for
    one character."""
    if len(strings) > _FEW:
        return _search_all(text, strings, most)
    each = [_starts(text, s, most) for s in strings]
    found = [f for f in each if f is not None]
    if len(found) < len(each):
        return None  # one string alone starts in too many places
    out = found[0] if len(found) == 1 else sorted(set().union(*found))
    return out if len(out) <= most else None


_FEW = 8  # more strings are looked for in one scan


def _starts(text: str, string: str, most: int = _NO_BOUND) -> list[int] | None:
    """Each start of the string in text, overlapping ones too; None if more than `most`."""
    if len(string) == 1:  # str.find: memchr's speed
        out: list[int] = []
        at = text.find(string)
        while at >= 0 and len(out) <= most:
            out.append(at)
            at = text.find(string, at + 1)
    elif _overlaps(string):
        return _search_all(text, (string,), most)  # two occurrences may overlap ("为为为")
    else:  # a word: re, faster than str.find
        out = [m.start() for m in islice(_alternation((string,)).finditer(text), most + 1)]
    return out if len(out) <= most else None


@cache
def _overlaps(string: str) -> bool:
    """Whether two occurrences of the string may overlap ("为为" in "为为为")."""
    return any(string[:k] == string[-k:] for k in range(1, len(string)))


def _search_all(text: str, strings: tuple[str, ...], most: int = _NO_BOUND) -> list[int] | None:
    pattern = _alternation(strings)
    out: list[int] = []
    m = pattern.search(text)
    while m is not None:
        if len(out) == most:
            return None
        out.append(m.start())
        m = pattern.search(text, m.start() + 1)
    return out


@cache
def _alternation(strings: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, strings)))


_INDEXED = 1000  # a text this long is indexed (_Occurrences) once for every pattern searching it
_last: list[_Occurrences] = []  # the texts indexed last (the rules of one report search a few)


def _latin(text: str) -> bool:
    """Whether the text has a character of U+0080-U+00FF: those are what is left, not ASCII,
    when every other character is dropped (in C: 4 us for 6 000 characters; re's scan for a set
    of characters costs 5 times as much)."""
    return not text.encode("latin-1", "ignore").isascii()


def occurs(text: str) -> Callable[[str], bool]:
    """Whether a string occurs in the text: for a long text, answered once for every pattern."""
    return _occurrences(text).has if len(text) >= _INDEXED else text.__contains__


def _occurrences(text: str) -> _Occurrences:
    for index in _last:
        if index.text is text:
            return index
    index = _Occurrences(text)
    _last[:] = [index, *_last[:3]]
    return index


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


def class_chars(items: list[tuple[object, object]], nocase: bool, most: int) -> set[str] | None:
    """The characters of a parsed character class of at most `most` characters, or None (also
    read by gklint/rules/numbers.py)."""
    out: set[str] = set()
    for op, av in items:
        if op is sre_parse.LITERAL:
            out.add(chr(av))  # type: ignore[arg-type]
        elif op is sre_parse.RANGE and av[1] - av[0] < most:  # type: ignore[index,operator]
            out.update(chr(c) for c in range(av[0], av[1] + 1))  # type: ignore[index,operator]
        else:
            return None
    if len(out) > most or (nocase and any(_iscased(ord(c)) for c in out)):
        return None
    return out


def _asked_first(strings: tuple[str, ...]) -> tuple[str, ...]:
    """The strings in the order the prefilter asks for them (any one present will do): those
    holding another of them left out (where the longer occurs, so does the shorter), single
    characters first (str.find's fast scan, and far likelier to occur than a word), then the
    shorter words."""
    kept = [s for s in strings if not any(t != s and t in s for t in strings)]
    return tuple(sorted(kept, key=len))


def _best(candidates: list[Near]) -> Near | None:
    """The longest shortest string; on a tie the earliest (a pattern usually opens with its most
    telling part: "X" before "年" in "X年")."""
    return max(candidates, key=lambda c: min(map(len, c.strings))) if candidates else None


def _nearest(candidates: list[Near]) -> Near | None:
    """Of the sets at a bounded distance from the start, the one of the longest shortest string."""
    return max(candidates, key=lambda c: (c.lead < _UNBOUNDED, min(map(len, c.strings))), default=None)


def _candidates(
    items: list[tuple[object, object]], nocase: bool, state: sre_parse.State, wide: bool = False
) -> list[Near]:
    """Each set of strings one of which every match of this sequence holds (see Near). `wide`:
    for Anchors, larger sets, and of the alternatives of a branch those nearest its start."""
    out: list[Near] = []
    run, run_at = "", 0
    for k, (op, av) in enumerate([*items, (None, None)]):
        if op is sre_parse.LITERAL and not (nocase and _iscased(av)):  # type: ignore[arg-type]
            run_at = run_at if run else k
            run += chr(av)  # type: ignore[arg-type]
            continue
        if run:
            out.append(Near((run,), _width(items[:run_at], state), _alphabet(items[:run_at])))
            run = ""
        inside = _item(op, av, nocase, state, wide) if op is not None else []
        if inside:
            width, before = _width(items[:k], state), _alphabet(items[:k])
            out += [Near(n.strings, min(width + n.lead, _UNBOUNDED), _union(before, n.back)) for n in inside]
    return out


def _width(items: list[tuple[object, object]], state: sre_parse.State) -> int:
    """The longest match of a sequence of parsed items (_UNBOUNDED or more: no limit)."""
    return int(sre_parse.SubPattern(state, items).getwidth()[1])


def _item(op: object, av: object, nocase: bool, state: sre_parse.State, wide: bool) -> list[Near]:
    """What one parsed item requires (see Near), each set a match of it holds."""
    if op is sre_parse.IN:
        chars = class_chars(av, nocase, _WIDE_SET if wide else _SMALL_SET)  # type: ignore[arg-type]
        return [Near(tuple(sorted(chars)), 0, frozenset())] if chars else []
    if op is sre_parse.SUBPATTERN:
        _, add, remove, group = cast(tuple[object, int, int, list[tuple[object, object]]], av)
        inner = (nocase or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
        return _candidates(list(group), inner, state, wide)
    if op in REPEATS:
        low, _, repeated = cast(tuple[int, object, list[tuple[object, object]]], av)
        items = list(repeated)
        if (
            low >= 2
            and len(items) == 1
            and items[0][0] is sre_parse.LITERAL
            and not (nocase and _iscased(items[0][1]))
        ):  # type: ignore[arg-type]
            # "-{3,}": "---", rarer than "-" (every match holds `low` copies; a few are enough)
            return [Near((chr(items[0][1]) * min(low, _COPIES),), 0, frozenset())]  # type: ignore[arg-type]
        return _candidates(items, nocase, state, wide) if low >= 1 else []  # in the first copy
    if op is _ATOMIC and op is not None:
        return _candidates(list(av), nocase, state, wide)  # type: ignore[call-overload]
    if op is sre_parse.BRANCH:
        pick = _nearest if wide else _best
        each = [_candidates(list(b), nocase, state, wide) for b in av[1]]  # type: ignore[index]
        found = [pick(candidates) for candidates in each]
        if not all(found):
            return []
        common = _held_by_all(each)  # "492" of "国务院令…492…|第…492…号令": rarer than the union
        strings = {s for near in found if near for s in near.strings}
        if len(strings) > (_WIDE_SET if wide else _MANY_WORDS):
            return common
        lead = max(near.lead for near in found if near)
        return [Near(tuple(sorted(strings)), lead, _union(*(near.back for near in found if near))), *common]
    return []


def _held_by_all(each: list[list[Near]]) -> list[Near]:
    """The strings every alternative of a branch holds (each alone a set of its candidates), as
    sets of their own: at most `lead` after the branch's start in any alternative (the nearest
    place it is known to be in each), after characters of any of their `back`s."""
    alone = [
        {c.strings[0]: c for c in sorted(cands, key=lambda c: -c.lead) if len(c.strings) == 1}
        for cands in each
    ]
    shared = set.intersection(*(set(a) for a in alone)) if alone else set()
    return [
        Near((s,), max(a[s].lead for a in alone), _union(*(a[s].back for a in alone))) for s in sorted(shared)
    ]


def _horizon(items: list[tuple[object, object]], state: sre_parse.State) -> int:
    """How many characters from its start a match of this sequence examines at most, lookaheads
    and end and boundary tests included (_UNBOUNDED or more: any number)."""
    at = far = 0  # the longest width so far; the farthest character examined
    for op, av in items:
        if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            far = max(far, at + _horizon(list(av[1]), state))  # type: ignore[index]
            continue  # a lookbehind looks back: counted as if it looked ahead
        if op is sre_parse.AT:
            far = max(far, at + 2)  # "$" looks at the next character and at the one after
            continue
        width = _width([(op, av)], state)
        if op is sre_parse.SUBPATTERN:
            reach = _horizon(list(av[3]), state)  # type: ignore[index]
        elif op is _ATOMIC and op is not None:
            reach = _horizon(list(av), state)  # type: ignore[call-overload]
        elif op in REPEATS:
            _, high, sub = cast(tuple[int, int, sre_parse.SubPattern], av)
            one = _width(list(sub), state)
            reach = max(0, high - 1) * one + _horizon(list(sub), state) if high else 0
        elif op is sre_parse.BRANCH:
            reach = max(_horizon(list(b), state) for b in av[1])  # type: ignore[index]
        elif op is sre_parse.GROUPREF_EXISTS:
            no = av[2]  # type: ignore[index]
            reach = max(_horizon(list(av[1]), state), _horizon(list(no), state) if no else 0)  # type: ignore[index]
        else:
            reach = width
        far = max(far, at + reach, at + width)
        at += width
        if far >= _UNBOUNDED:
            return _UNBOUNDED
    return max(far, at)


def required(source: str, flags: int = 0) -> list[tuple[str, ...]]:
    """Sets of strings, each such that every match holds one of its strings (see Near)."""
    parsed = sre_parse.parse(source, flags)
    nocase = bool(parsed.state.flags & re.IGNORECASE)
    return [c.strings for c in _candidates(list(parsed), nocase, parsed.state)]


def never_held(source: str, flags: int, chars: str) -> str:
    """Those of `chars` that no match of the pattern holds ("。" for "报告[^。]{0,300}?部分")."""
    parsed = sre_parse.parse(source, flags)
    alphabet = _alphabet(list(parsed))
    if alphabet is None:
        return ""
    held = [re.compile(one, parsed.state.flags & ~re.VERBOSE) for one in alphabet]
    return "".join(c for c in chars if not any(one.fullmatch(c) for one in held))


def guarded(source: str, flags: int = 0) -> str:
    """`source` behind a lookahead for the characters a match may start with, when they are
    known (`(?=[其包分:])…`), for a pattern searched in many short ranges (the sums kind's, between
    every two counts): re then rejects every other place at once instead of trying the whole
    pattern there. The matches are the same: the lookahead only rejects places where no match
    can start."""
    first, empty = _first(list(sre_parse.parse(source, flags)))
    if not first or empty:
        return source
    wrapped = f"(?={'|'.join(sorted(first))})(?:{source})"
    try:
        re.compile(wrapped, flags)  # a pattern opening with global flags ("(?i)…") cannot be wrapped
    except re.error:
        return source
    return wrapped


def opening_characters(source: str, flags: int = 0) -> set[str] | None:
    """The characters one of which every match of the pattern opens with, when they are a few
    known ones and the pattern never matches nothing (counts.py: can a unit start with a
    digit?); else None."""
    try:
        parsed = sre_parse.parse(source, flags)
    except re.error:
        return None
    first, empty = _first(list(parsed))
    if not first or empty:
        return None
    flags = parsed.state.flags  # (with those the pattern sets itself: "(?i)")
    out: set[str] = set()
    for one in first:
        items = list(sre_parse.parse(one, flags))
        chars = _openers(items, bool(flags & re.IGNORECASE)) if len(items) == 1 else None
        if chars is None:
            return None
        out |= chars
    return out


def last_character(source: str, flags: int = 0) -> str | None:
    """A pattern of one character that the last character of every match matches, when known
    and the pattern never matches nothing (completeness.py's page chrome, searched only where
    the text's last character may end it)."""
    last, empty = _first(list(sre_parse.parse(source, flags)), last=True)
    return "|".join(sorted(last)) if last and not empty else None


def _first(items: list[tuple[object, object]], last: bool = False) -> tuple[set[str] | None, bool]:
    """Patterns of one character one of which the first character (or with `last`, the last)
    of every match of this sequence matches (None: not known, or any), and whether the
    sequence may match nothing."""
    out: set[str] = set()
    for op, av in reversed(items) if last else items:
        if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.AT):
            continue  # looks, takes no character
        if op is sre_parse.SUBPATTERN:
            _, add, remove, sub = cast(tuple[object, int, int, list[tuple[object, object]]], av)
            inner, empty = (None, False) if add or remove else _first(list(sub), last)
        elif op is sre_parse.BRANCH:
            found = [_first(list(b), last) for b in av[1]]  # type: ignore[index]
            known = [f for f, _ in found if f is not None]
            inner = set().union(*known) if len(known) == len(found) else None
            empty = any(e for _, e in found)
        elif op in REPEATS:
            inner, empty = _first(list(av[2]), last)  # type: ignore[index]
            empty = empty or av[0] == 0  # type: ignore[index]
        else:
            leaf = _one(op, av)
            if leaf is None or leaf == "." or leaf.startswith("[^"):
                return None, False
            inner, empty = {leaf}, False
        if inner is None:
            return None, False
        out |= inner
        if not empty:
            return out, False
    return out, True


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
