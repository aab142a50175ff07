"""Safe YAML loading that remembers the line of every key, so rule-file errors name their line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gklint.yamlfile import load_text, safe_loader

if TYPE_CHECKING:
    import yaml


@dataclass
class Located:
    """Loaded data plus the 1-based line of each key path ("assert", "doc.bad", "let.a")."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, *path: str) -> int | None:
        while path:
            key = ".".join(path)
            if key in self.lines:
                return self.lines[key]
            path = path[:-1]
        return self.lines.get("")


MAX_DEPTH = 64  # nesting of mappings and lists; rule files use fewer than ten


def _check_shape(text: str) -> None:
    """Refuse aliases (a few lines of them can stand for 10⁹ nodes) and deep nesting, before the
    document is built: both are linear checks over the parser's events."""
    import yaml

    from gklint import messages

    depth = 0
    for event in yaml.parse(text, Loader=safe_loader()):
        if isinstance(event, yaml.AliasEvent):
            problem = messages.text("rule-yaml-alias")
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            problem = messages.text("rule-yaml-deep", limit=MAX_DEPTH) if depth > MAX_DEPTH else ""
        else:
            depth -= isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent)
            problem = ""
        if problem:
            raise yaml.MarkedYAMLError(problem=problem, problem_mark=event.start_mark)


def load_located(text: str) -> Located:
    """yaml.safe_load with lines; raises yaml.YAMLError (with a problem_mark) on bad YAML, on
    aliases and on nesting deeper than MAX_DEPTH."""
    import yaml

    _check_shape(text)
    node = yaml.compose(text, Loader=safe_loader())
    located = Located(load_text(text))
    if node is not None:
        located.lines[""] = node.start_mark.line + 1
        _walk(node, "", located.lines)
    return located


def _walk(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = f"{prefix}.{key.value}" if prefix else str(key.value)
            lines[path] = key.start_mark.line + 1
            _walk(value, path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = f"{prefix}.{i}"
            lines[path] = item.start_mark.line + 1
            _walk(item, path, lines)
