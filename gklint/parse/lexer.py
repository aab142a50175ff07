"""The report grammar's lexer: Lark's contextual lexer, cut down to what a grammar of lines needs.

Like Lark's contextual lexer, it offers the parser, in each state, only the terminals that state
accepts, in Lark's order (priority first: the grammar's priorities are all distinct), as one
regex, compiled once for each set of terminals. It leaves out what this grammar never needs and
costs a step per token: line and column counting (a Line has an offset span; PositionMap counts
lines), ignored terminals, lexer callbacks, and the checks Lark adds for string terminals that a
regex terminal also matches (the grammar's terminals are all regexes). Plugged in through Lark's
public custom-lexer option (`Lark(lexer=LineLexer)`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lark import Token
from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer, LexerState, TerminalDef


class LineLexer(Lexer):
    __future_interface__ = 2  # Lark passes the lexer and parser states (and a TextSlice since 1.2)

    def __init__(self, conf: Any) -> None:
        if conf.ignore or conf.callbacks or any(t.pattern.type != "re" for t in conf.terminals):
            raise ValueError("LineLexer: the grammar ignores terminals, has callbacks or string terminals")
        self._terminals: dict[str, TerminalDef] = {t.name: t for t in conf.terminals}
        self._re = conf.re_module
        self._flags = conf.g_regex_flags
        self._scanners: dict[Any, re.Pattern[str]] = {}  # parser state → its terminals as one regex
        self._compiled: dict[frozenset[str], re.Pattern[str]] = {}  # terminals → that regex

    def lex(self, lexer_state: LexerState, parser_state: Any) -> Iterator[Token]:
        given: Any = lexer_state.text
        text: str = getattr(given, "text", given)  # a TextSlice since Lark 1.2
        pos, end = lexer_state.line_ctr.char_pos, len(text)
        scanners = self._scanners
        while pos < end:
            state = parser_state.position
            scanner = scanners.get(state) or self._scanner(state, parser_state.parse_conf.states[state])
            m = scanner.match(text, pos)
            if m is None:
                line = text.count("\n", 0, pos) + 1
                column = pos - text.rfind("\n", 0, pos)
                raise UnexpectedCharacters(text, pos, line, column, state=parser_state)
            value = m.group()
            start, pos = pos, m.end()
            lexer_state.line_ctr.char_pos = pos
            yield Token(m.lastgroup, value, start, end_pos=pos)  # type: ignore[arg-type]

    def _scanner(self, state: Any, actions: dict[str, Any]) -> re.Pattern[str]:
        accepts = frozenset(name for name in actions if name in self._terminals)
        scanner = self._compiled.get(accepts)
        if scanner is None:
            terminals = sorted(
                (self._terminals[name] for name in accepts),
                key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
            )
            pattern = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)
            scanner = self._compiled[accepts] = self._re.compile(pattern, self._flags)
        self._scanners[state] = scanner
        return scanner
