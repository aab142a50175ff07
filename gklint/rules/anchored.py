"""Searching a rule pattern only where the words every match holds near its start occur.

re tries a pattern at every position of a text; a pattern that opens with a lookbehind, an
optional word or a number ("(?<![后经])(?:行政)?复议…", "(\\d{1,12})\\s*[件起宗](?:…){0,20}?行政诉讼")
gets none of re's own shortcuts, and most rule patterns are like that. Yet each such match holds a
word (复议, 行政诉讼) a bounded distance after its start: at most `high` characters, not counting
those an unbounded run of one character class (`\\s*`) may add. So the words are found with
str.find, and re is asked to match only at the few starts each occurrence allows, in order,
resuming after each match as re.finditer does: the same matches, found in a fraction of the time.
A text where the words are so frequent that trying every allowed start would cost more is
searched by re as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from gklint.rules.sre import iscased as _iscased
from gklint.rules.sre import sre_parse

_MIN_WORD = 2  # a one-character word (件, 条) is too common to be worth it
_MANY_WORDS = 32
_COST = 16  # trying one start costs about as much as re's scan over this many characters
_REPEATS = tuple(
    op
    for op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None))
    if op
)
_CATEGORIES = {
    sre_parse.CATEGORY_DIGIT: r"\d",
    sre_parse.CATEGORY_NOT_DIGIT: r"\D",
    sre_parse.CATEGORY_SPACE: r"\s",
    sre_parse.CATEGORY_NOT_SPACE: r"\S",
    sre_parse.CATEGORY_WORD: r"\w",
    sre_parse.CATEGORY_NOT_WORD: r"\W",
}
Item = tuple[object, object]


@dataclass(frozen=True)
class Anchor:
    """Every match holds one of `words` starting `low` to `high` characters after the match's
    start, plus any number of characters of the class `free` (a regex source; None: none)."""

    words: tuple[str, ...]
    low: int
    high: int
    free: str | None = None
    first: str | None = None  # a class every match's first character is in (None: not known)

    @staticmethod
    def of(parsed: sre_parse.SubPattern) -> Anchor | None:
        """The anchor with the longest shortest word (the earliest on a tie), if any."""
        nocase = bool(parsed.state.flags & re.IGNORECASE)
        items = _flat(list(parsed))
        if not items or _scanned(items[0]):
            return None  # re finds the places where it may start by itself
        best: Anchor | None = None
        low = high = 0
        free: list[str] = []
        chars, empty = _first(items)
        first = f"[{''.join(sorted(chars))}]" if chars and not empty else None
        for i, (op, av) in enumerate(items):
            words = _words(items, i, nocase)
            if words and (best is None or min(map(len, words)) > min(map(len, best.words))):
                source = "|".join(free) if free else None
                best = Anchor(tuple(sorted(words)), low, high, source, first)
            width = _width(parsed.state, (op, av))
            if width is not None:
                low, high = low + width[0], high + width[1]
                continue
            cls = _free_class(op, av)
            if cls is None:
                break  # an unbounded stretch: no later word is a bounded distance from the start
            low += av[0]  # type: ignore[index]
            free.append(cls)
        return best

    def finditer(self, pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
        """re.finditer(pattern, text), trying only the starts the words allow, in order. The
        classes are compiled with the pattern's flags, its inline ones ("(?i)") included."""
        flags = pattern.flags
        windows = self._windows(text, flags)
        if windows is None:
            yield from pattern.finditer(text)
            return
        untried = 0  # every start before it was tried, or lies inside a match found
        may_start = re.compile(self.first, flags).search if self.first else None
        for first, last in windows:
            start = max(first, untried)
            while start <= last:
                if may_start is not None:  # skip to a character a match may start with
                    found = may_start(text, start, last + 1)
                    if found is None:
                        break
                    start = found.start()
                m = pattern.match(text, start)
                untried = start = start + 1 if m is None else m.end()  # a match holds a word: not empty
                if m is not None:
                    yield m

    def _windows(self, text: str, flags: int) -> list[tuple[int, int]] | None:
        """The ranges of starts a match may have, by their first start; None when trying them
        all would cost more than re's own scan of the text."""
        budget = len(text) // _COST
        free = re.compile(self.free, flags).match if self.free else None
        out = []
        for word in self.words:
            for at in _occurrences(text, word):
                first = at - self.high
                if free is not None:  # step back over the free characters as well
                    first, cost = at, 0
                    while first > 0 and (free(text, first - 1) or cost < self.high):
                        cost += not free(text, first - 1)
                        first -= 1
                first, last = max(first, 0), at - self.low
                if last < first:
                    continue
                budget -= last + 1 - first
                if budget < 0:
                    return None
                out.append((first, last))
        return sorted(out)


def required(source: str, flags: int = 0) -> tuple[tuple[str, ...], ...]:
    """Sets of words, each such that every match holds one of its words: a text's rarest set
    tells which stretches of it can hold a match."""
    parsed = sre_parse.parse(source, flags)
    nocase = bool(parsed.state.flags & re.IGNORECASE)
    items = _flat(list(parsed))
    found = (_words(items, i, nocase, shortest=1) for i in range(len(items)))
    return tuple(tuple(sorted(words)) for words in found if words)


def guarded(source: str, flags: int = 0) -> str:
    """`source` behind a lookahead for the characters a match may start with, when they are a
    known class (`(?=[其包分:])…`): re then rejects every other place at once instead of trying
    the whole pattern there. The matches are the same: the lookahead only rejects places where
    no match can start."""
    try:
        first, empty = _first(_flat(list(sre_parse.parse(source, flags))))
        wrapped = f"(?=[{''.join(sorted(first))}])(?:{source})" if first and not empty else source
        re.compile(wrapped, flags)  # a pattern opening with global flags ("(?i)…") cannot be wrapped
    except re.error:
        return source
    return wrapped


def _first(items: list[Item]) -> tuple[set[str] | None, bool]:
    """Class sources one of which the first character of every match of this sequence matches
    (None: not known), and whether the sequence may match nothing."""
    out: set[str] = set()
    for op, av in items:
        if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.AT):
            continue  # looks, takes no character
        if op is sre_parse.LITERAL:
            return out | {re.escape(chr(av))}, False  # type: ignore[arg-type]
        if op is sre_parse.IN:
            parts = _class_parts(av)  # type: ignore[arg-type]
            return (None, False) if parts is None or "^" in parts else (out | set(parts), False)
        if op is sre_parse.SUBPATTERN and not av[1] and not av[2]:  # type: ignore[index]
            inner, empty = _first(_flat(list(av[3])))  # type: ignore[index]
        elif op is sre_parse.BRANCH:
            found = [_first(_flat(list(b))) for b in av[1]]  # type: ignore[index]
            if any(f is None for f, _ in found):
                return None, False
            inner, empty = set().union(*(f for f, _ in found)), any(e for _, e in found)  # type: ignore[arg-type]
        elif op in _REPEATS:
            inner, empty = _first(_flat(list(av[2])))  # type: ignore[index]
            empty = empty or av[0] == 0  # type: ignore[index]
        else:
            return None, False
        if inner is None:
            return None, False
        out |= inner
        if not empty:
            return out, False
    return out, True


def _occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _flat(items: list[Item]) -> list[Item]:
    """The sequence with its plain groups opened: a group changes no width, only what is kept."""
    out: list[Item] = []
    for op, av in items:
        if op is sre_parse.SUBPATTERN and not av[1] and not av[2]:  # type: ignore[index]
            out += _flat(list(av[3]))  # type: ignore[index]
        else:
            out.append((op, av))
    return out


def _scanned(item: Item) -> bool:
    """Whether re scans for a pattern's possible starts itself: it opens with a character, a
    class, or alternatives each opening with a character."""
    op, av = item
    if op is sre_parse.BRANCH:
        return all(branch and list(branch)[0][0] is sre_parse.LITERAL for branch in av[1])  # type: ignore[index]
    return op in (sre_parse.LITERAL, sre_parse.IN)


def _words(items: list[Item], i: int, nocase: bool, shortest: int = _MIN_WORD) -> set[str] | None:
    """The words one of which starts at items[i] in every match (None: none, or some shorter
    than `shortest`)."""
    op, av = items[i]
    if op is sre_parse.LITERAL:
        if i and items[i - 1][0] is sre_parse.LITERAL:
            return None  # inside a run: its start was the candidate
        words = {_run(items[i:])}
    elif op is sre_parse.BRANCH:
        words = {_run(_flat(list(branch))) for branch in av[1]}  # type: ignore[index]
    else:
        return None
    if min(map(len, words)) < shortest or len(words) > _MANY_WORDS:
        return None
    if nocase and any(_iscased(ord(c)) for w in words for c in w):
        return None
    return words


def _run(items: list[Item]) -> str:
    """The literal characters a sequence opens with."""
    out = []
    for op, av in items:
        if op is not sre_parse.LITERAL:
            break
        out.append(chr(av))  # type: ignore[arg-type]
    return "".join(out)


def _width(state: sre_parse.State, item: Item) -> tuple[int, int] | None:
    low, high = sre_parse.SubPattern(state, [item]).getwidth()
    return (low, high) if high < sre_parse.MAXREPEAT else None


def _free_class(op: object, av: object) -> str | None:
    """For an unbounded repeat (`\\s*`, `(?:已|均|全部)*`), the source of a class holding every
    character it may take, or None."""
    if op not in _REPEATS:
        return None
    classes = _taken(_flat(list(av[2])))  # type: ignore[index]
    return "|".join(sorted(classes)) if classes else None


def _taken(items: list[Item]) -> set[str] | None:
    """Sources of character classes holding every character the sequence may take (None: not known)."""
    out: set[str] = set()
    for op, av in items:
        if op is sre_parse.LITERAL:
            out.add(re.escape(chr(av)))  # type: ignore[arg-type]
        elif op is sre_parse.NOT_LITERAL:
            out.add(f"[^{re.escape(chr(av))}]")  # type: ignore[arg-type]
        elif op is sre_parse.IN:
            parts = _class_parts(av)  # type: ignore[arg-type]
            if parts is None:
                return None
            out.add(f"[{''.join(parts)}]")
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.AT):
            continue  # takes nothing
        else:
            inner = (
                [_flat(list(b)) for b in av[1]]  # type: ignore[index]
                if op is sre_parse.BRANCH
                else [_flat(list(av[2]))]  # type: ignore[index]
                if op in _REPEATS
                else [_flat(list(av[3]))]  # type: ignore[index]
                if op is sre_parse.SUBPATTERN and not av[1] and not av[2]  # type: ignore[index]
                else None
            )
            if inner is None:
                return None
            for sub in inner:
                found = _taken(sub)
                if found is None:
                    return None
                out |= found
    return out


def _class_parts(items: list[Item]) -> list[str] | None:
    """The sources of a character class's items ("^" for its negation), or None."""
    parts = []
    for what, value in items:
        if what is sre_parse.NEGATE:
            parts.append("^")
        elif what is sre_parse.LITERAL:
            parts.append(re.escape(chr(value)))  # type: ignore[arg-type]
        elif what is sre_parse.RANGE:
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")  # type: ignore[index]
        elif what is sre_parse.CATEGORY and value in _CATEGORIES:
            parts.append(_CATEGORIES[value])  # type: ignore[index]
        else:
            return None
    return parts
