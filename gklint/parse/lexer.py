"""The report grammar's lexer: Lark's contextual lexer, cut down to what a grammar of lines needs.

Like Lark's contextual lexer, it offers the parser, in each state, only the terminals that state
accepts, in Lark's order (priority first: the grammar's priorities are all distinct), as one
regex, compiled once for each set of terminals. It leaves out what this grammar never needs and
costs a step per token: line and column counting (a Line has an offset span; PositionMap counts
lines), ignored terminals, lexer callbacks, and the checks Lark adds for string terminals that a
regex terminal also matches (the grammar's terminals are all regexes). Plugged in through Lark's
public custom-lexer option (`Lark(lexer=...)`, a subclass naming its `runs`).

Runs. The parser's cost is per token, and most lines follow a line of the same kind: a paragraph's
lines, a table's lines. A subclass names groups of terminals (`runs`) whose lines, following each
other, are one token: the token has the terminal of its first line and holds all of them (the AST
cuts it into its lines: a paragraph's as it is built, a table's when they are read). This leaves the parse unchanged when what may follow a line
depends only on the line's terminal, the same for every terminal of the group, and when the
grammar takes each group's lines one after another in one repetition, so that a run is one item
of it or, for a table's header lines, starts tables the builder joins. The lexer checks the first
condition in the parse table the first time it lexes (ValueError otherwise); the second is the
grammar's shape (see its comments).

Heads. A subclass may also name terminals (`heads`) whose token takes the lines of a run group
that follow it: a heading and the paragraph under it are one token, the builder cutting the
heading's line off. This leaves the parse unchanged under the same conditions, what may follow a
head being what may follow the group's lines (checked), and the grammar taking the group's lines
after a head as items of a repetition that may be empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from lark import Token
from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer, LexerState, TerminalDef
from lark.parsers.lalr_analysis import Shift

from gklint import codecache


class LineLexer(Lexer):
    __future_interface__ = 2  # Lark passes the lexer and parser states (and a TextSlice since 1.2)
    runs: ClassVar[tuple[frozenset[str], ...]] = ()  # groups of terminals whose lines join a token
    heads: ClassVar[dict[str, frozenset[str]]] = {}  # terminal → the run group whose lines it takes
    refused_last: ClassVar[frozenset[str]] = frozenset()  # refused last in a run (dear to refuse)

    def __init__(self, conf: Any) -> None:
        if conf.ignore or conf.callbacks or any(t.pattern.type != "re" for t in conf.terminals):
            raise ValueError("LineLexer: the grammar ignores terminals, has callbacks or string terminals")
        self._terminals: dict[str, TerminalDef] = {t.name: t for t in conf.terminals}
        self._re = conf.re_module
        self._flags = conf.g_regex_flags
        self._scanners: dict[Any, re.Pattern[str]] = {}  # parser state → its terminals as one regex
        self._compiled: dict[frozenset[str], re.Pattern[str]] = {}  # terminals → that regex
        self._runs: dict[str, re.Pattern[str]] | None = None  # terminal → the rest of its run
        self._width: dict[str, int] | None = None

    def lex(self, lexer_state: LexerState, parser_state: Any) -> Iterator[Token]:
        given: Any = lexer_state.text
        text: str = getattr(given, "text", given)  # a TextSlice since Lark 1.2
        pos, end = lexer_state.line_ctr.char_pos, len(text)
        states = parser_state.parse_conf.states
        if self._runs is None:
            self._runs = self._find_runs(states)
        runs, scanners = self._runs, self._scanners
        while pos < end:
            state = parser_state.position
            scanner = scanners.get(state) or self._scanner(state, states[state])
            m = scanner.match(text, pos)
            if m is None:
                line = text.count("\n", 0, pos) + 1
                column = pos - text.rfind("\n", 0, pos)
                raise UnexpectedCharacters(text, pos, line, column, state=parser_state)
            kind: str = m.lastgroup  # type: ignore[assignment]
            start, pos = pos, m.end()
            run = runs.get(kind)
            if run is not None:
                pos = run.match(text, pos).end()  # type: ignore[union-attr]  # (matches "" too)
            lexer_state.line_ctr.char_pos = pos
            yield Token(kind, text[start:pos], start)  # (no end: nothing reads it)

    def _scanner(self, state: Any, actions: dict[str, Any]) -> re.Pattern[str]:
        scanner = self._scanners[state] = self._compile(frozenset(actions))
        return scanner

    def _compile(self, names: frozenset[str]) -> re.Pattern[str]:
        """The terminals among `names` as one regex, in Lark's order of precedence."""
        accepts = frozenset(name for name in names if name in self._terminals)
        scanner = self._compiled.get(accepts)
        if scanner is None:
            pattern = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in self._ordered(accepts))
            scanner = self._compiled[accepts] = self._re.compile(pattern, self._flags)
        return scanner

    def _ordered(self, names: frozenset[str]) -> list[TerminalDef]:
        """The terminals among `names` in Lark's order of precedence."""
        return sorted(
            (self._terminals[name] for name in names if name in self._terminals),
            key=lambda t: (-t.priority, -self._widths()[t.name], -len(t.pattern.value), t.name),
        )

    def _widths(self) -> dict[str, int]:
        """Each terminal's longest match, which Lark works out with re's parser (~1 ms a process):
        kept between runs, under the terminals' patterns."""
        if self._width is None:
            terminals = sorted(self._terminals.values(), key=lambda t: t.name)
            key = "lexer widths " + "\n".join(f"{t.name}={t.pattern.to_regexp()}" for t in terminals)
            self._width = codecache.derived(key, lambda: {t.name: t.pattern.max_width for t in terminals})
        return self._width

    def _find_runs(self, states: dict[Any, dict[str, tuple[Any, Any]]]) -> dict[str, re.Pattern[str]]:
        """For each terminal of a group in `runs`: the regex of the rest of its run, made from the
        one set of terminals the parser accepts after any of the group's terminals, whatever the
        state it was shifted in."""
        targets: dict[str, set[Any]] = {}  # terminal → the states the parser goes to on it
        for actions in states.values():
            for name, (action, target) in actions.items():
                if action is Shift and name in self._terminals:
                    targets.setdefault(name, set()).add(target)
        found: dict[str, re.Pattern[str]] = {}
        for group in self.runs:
            names = group | {name for name, run in self.heads.items() if run == group}
            after = {
                frozenset(name for name in states[target] if name in self._terminals or name == "$END")
                for target in set().union(*(targets.get(name, ()) for name in names))
            }
            if len(after) != 1:
                raise ValueError(f"LineLexer: what follows {sorted(names)} depends on more than the line")
            run = self._run(group, after.pop())
            found.update((name, run) for name in names)
        return found

    def _run(self, group: frozenset[str], after: frozenset[str]) -> re.Pattern[str]:
        """The lines that follow, each for as long as the parser's scanner would take the next
        line with a terminal of `group`: one match, not a step per line. The scanner takes the
        first terminal, in order of precedence, that matches: so does this regex, trying them in
        that order, a terminal outside the group as a negative lookahead (the line ends the run)."""
        line = ""
        refused: list[TerminalDef] = []  # terminals between two of the group's (or before the first)
        for terminal in reversed(self._ordered(after)):
            if terminal.name in group:
                regex = terminal.pattern.to_regexp()
                line = self._refusing(refused, line)
                line = f"{regex}|{line}" if line else regex
            elif line:  # (terminals after the group's last one are never tried)
                refused.append(terminal)
        return self._re.compile(f"(?:{self._refusing(refused, line)})*+", self._flags)

    def _refusing(self, terminals: list[TerminalDef], line: str) -> str:
        """`line` where none of `terminals` matches (emptying the list): negative lookaheads at the
        line's start, whose order changes nothing but the cost; those of `refused_last` are tried
        last, the others in order of precedence."""
        for terminal in sorted(terminals, key=lambda t: t.name not in self.refused_last):
            line = f"(?!{terminal.pattern.to_regexp()})(?:{line})"
        terminals.clear()
        return line
