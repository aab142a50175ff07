"""A small DOM for tests of the HTML report: html.parser events → a tree of elements and text.

Enough to select elements by tag, id and class and to read their text the way a browser would
(character references decoded); not a full HTML5 tree builder, which the page does not need: it
closes every element it opens (checked by `parse`, which fails on a stray or unclosed tag).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = None
    _ids: dict[str, Element] | None = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self) -> Iterator[Element]:
        """This element and all below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [e for e in self.iter() if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)]

    def by_id(self, id_: str) -> Element | None:
        """The element below this one with that id (the tree is not changed after parsing)."""
        if self._ids is None:
            self._ids = {}
            for e in self.iter():
                if e.id is not None:
                    self._ids.setdefault(e.id, e)
        return self._ids.get(id_)

    def text(self, skip: Callable[[Element], bool] = lambda e: False) -> str:
        """The text below this element, leaving out elements for which `skip` is true."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not skip(child):
                parts.append(child.text(skip))
        return "".join(parts)

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), parent=self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, dict(attrs), parent=self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1].tag}> at {self.getpos()}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Element:
    """The page as a tree; fails the test on a mismatched or unclosed element."""
    builder = _Builder()
    builder.feed(page)
    builder.close()
    assert not builder.errors, builder.errors[:5]
    assert [e.tag for e in builder.stack] == ["#document"], [e.tag for e in builder.stack]
    return builder.root
