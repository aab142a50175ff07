"""The command line's help and parser errors in Chinese, wrapped (never cut) to the terminal.

typer draws help in rich panels that cut Chinese help with "…" on an 80-column console, and the
option parser (click, or the copy typer ≥ 0.25 carries) writes its errors in English. The command
classes here replace both: help is laid out in plain text, wrapped by display width (a Chinese
character takes two columns), and a usage error is shown with its message translated by the
patterns in gklint/data/cli.yaml. Used for every command through `cls=` in gklint/cli.py.
"""

from __future__ import annotations

import importlib
import re
import shutil
import sys
import unicodedata
from functools import cache
from typing import Any

import typer.core

# typer ≥ 0.25 carries its own copy of click; older typer uses click itself.
_click: Any = getattr(typer.core, "_click", None) or importlib.import_module("click")
UsageError: Any = importlib.import_module(f"{_click.__name__}.exceptions").UsageError

MAX_WIDTH = 100  # wider help lines are hard to read
MIN_WIDTH = 40
_OPENING = "（“‘《〈【"
_CLOSING = "，。、；：？！）”’》〉】"


@cache
def words() -> dict[str, Any]:
    from gklint.resources import data_path
    from gklint.yamlfile import load_file

    return load_file(data_path("cli.yaml"))


def width_of(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _tokens(text: str) -> list[str]:
    """Pieces a line may break between: runs of ASCII, single wide characters (with the
    punctuation that must not start a line kept on the character before it), spaces."""
    tokens: list[str] = []
    for piece in re.findall(r"\s+|[!-~]+|.", text):
        if tokens and (piece[0] in _CLOSING or (tokens[-1][-1] in _OPENING and not piece.isspace())):
            tokens[-1] += piece
        else:
            tokens.append(piece)
    return tokens


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns (a longer unbreakable piece gets its own line)."""
    lines: list[str] = []
    line = ""
    for token in _tokens(" ".join(text.split())):
        if width_of(line) + width_of(token) > width and line.strip():
            lines.append(line.rstrip())
            line = "" if token.isspace() else token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def terminal_width() -> int:
    return max(MIN_WIDTH, min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns - 1))


def _argument_name(param: Any) -> str:
    name = words()["arguments"].get(param.name, param.name.upper())
    return f"{name}..." if param.nargs == -1 else name


def _metavar(param: Any) -> str:
    if param.is_flag or param.count:
        return ""
    choices = getattr(param.type, "choices", None)
    if choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in choices) + "]"
    return words()["metavars"].get(param.type.name, param.type.name.upper())


def usage(command: Any, ctx: Any) -> str:
    pieces = [ctx.command_path, words()["options_suffix"]]
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            pieces.append(_argument_name(param))
    if isinstance(command, typer.core.TyperGroup):
        pieces.append(words()["command_suffix"])
    return words()["usage"] + " ".join(pieces)


def _rows(command: Any, ctx: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(arguments, options) as (what to type, what it does)."""
    arguments, options = [], []
    help_option = command.get_help_option(ctx)
    for param in command.get_params(ctx):
        help_text = getattr(param, "help", None) or ""
        if param is help_option:
            help_text = words()["help_option"]
        if param.param_type_name == "argument":
            required = words()["required"] if param.required else ""
            arguments.append((_argument_name(param), help_text + required))
        elif not getattr(param, "hidden", False):
            names = ", ".join(sorted(param.opts + param.secondary_opts, key=len))
            options.append((f"{names} {_metavar(param)}".rstrip(), help_text))
    return arguments, options


def _section(title: str, rows: list[tuple[str, str]], width: int) -> list[str]:
    if not rows:
        return []
    first = min(max(width_of(name) for name, _ in rows), 26) + 4
    out = ["", title]
    for name, text in rows:
        lines = wrap(text, max(width - first, 20))
        if width_of(name) + 4 > first:
            out.append(f"  {name}")
            out.extend(" " * first + line for line in lines)
            continue
        out.append(f"  {name}" + " " * (first - width_of(name) - 2) + lines[0])
        out.extend(" " * first + line for line in lines[1:])
    return out


def help_text(command: Any, ctx: Any) -> str:
    width = terminal_width()
    out = wrap(usage(command, ctx), width)
    if command.help:
        out.append("")
        for paragraph in command.help.split("\n\n"):
            out.extend("  " + line for line in wrap(paragraph, width - 2))
    arguments, options = _rows(command, ctx)
    out += _section(words()["arguments_title"], arguments, width)
    out += _section(words()["options_title"], options, width)
    if isinstance(command, typer.core.TyperGroup):
        commands = [
            (name, (sub.help or "").split("\n")[0])
            for name in command.list_commands(ctx)
            if (sub := command.get_command(ctx, name)) is not None and not sub.hidden
        ]
        out += _section(words()["commands_title"], commands, width)
    return "\n".join(out) + "\n"


def _tidy(value: str) -> str:
    """A name or list from an English message as Chinese text shows it: no quotes, 、 between."""
    value = value.replace("'", "").replace(" / ", "/").replace(", ", "、")
    return words()["arguments"].get(value.lower(), value)


def translate(message: str) -> str:
    """The parser's English message in Chinese (as it was, when no pattern knows it)."""
    for entry in words()["errors"]:
        match = re.fullmatch(entry["pattern"], message.strip(), flags=re.DOTALL)
        if match is None:
            continue
        groups = {k: _tidy(v) for k, v in match.groupdict().items() if v is not None}
        text = entry["text"].format_map(groups)
        alt = groups.get("alt") or groups.get("alt2")
        if alt and "more" in entry:
            text += entry["more"].format(alt=alt)
        return text
    return message


class ChineseUsageError(UsageError):
    """A usage error shown in Chinese: the usage line, the message, where to find help."""

    def show(self, file: Any = None) -> None:
        out = file or sys.stderr
        if self.ctx is not None:
            out.write(usage(self.ctx.command, self.ctx) + "\n")
        out.write(words()["error"] + self.message + "\n")
        if self.ctx is not None:
            out.write(words()["help_hint"].format(command=self.ctx.command_path) + "\n")


def _chinese(error: Any) -> Any:
    if isinstance(error, ChineseUsageError) or type(error).__name__ == "NoArgsIsHelpError":
        return error  # already ours, or "no arguments: show the help", which is Chinese already
    return ChineseUsageError(translate(error.format_message()), error.ctx)


class _ChineseMixin:
    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(help_text(self, ctx))

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write(usage(self, ctx) + "\n")

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except UsageError as e:
            raise _chinese(e) from None


class ChineseCommand(_ChineseMixin, typer.core.TyperCommand):
    pass


class ChineseGroup(_ChineseMixin, typer.core.TyperGroup):
    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as e:
            raise _chinese(e) from None
