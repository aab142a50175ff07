"""A forgiving HTML tree built with the standard library's html.parser, and the text sizes on it.

Government pages are often hand-edited or exported from Word: unclosed <p> and <td>, stray end
tags, conditional comments. html.parser tokenises anything; this builder adds the few implied
end tags that matter for layout (a block closes an open <p>, a cell closes the previous cell, a
row the previous row) and drops what is never shown (scripts, styles, hidden elements). No
library is needed for that, so web pages are read without any extra dependency; what a full
HTML5 parser (html5lib) would add is exact recovery from rare malformations, which does not
change the text a report's tables yield.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Never shown, or not part of the page's text.
_DROP = frozenset(
    "script style noscript template iframe object embed svg canvas math button select textarea "
    "input option audio video map head".split()
)
BLOCK = frozenset(
    "address article aside blockquote caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul body html".split()
)
# Start tags that end an open <p> (HTML's "closes a p element" list, shortened to what occurs).
_CLOSES_P = frozenset(
    "address article aside blockquote center div dl fieldset figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr main nav ol p pre section table ul".split()
)
_CELL = frozenset(("td", "th"))
_ROW_GROUP = frozenset(("thead", "tbody", "tfoot"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space (not NBSP)
# Deeper elements are flattened into their ancestor (pathological pages; rendering recurses).
MAX_DEPTH = 200


@dataclass(eq=False, slots=True)
class Node:
    """An element: tag, attributes, children (elements and text strings), and text sizes."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None
    size: int = 0  # characters of text, whitespace excluded
    link_size: int = 0  # of which inside links

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]

    def walk(self) -> list[Node]:
        """This element and all below it, in document order."""
        out: list[Node] = []
        stack = [self]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.elements()))
        return out

    def text(self) -> str:
        """All text below, whitespace collapsed (for labels and titles, not for rendering)."""
        parts: list[str] = []
        stack: list[Node | str] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                parts.append(item)
            else:
                if item.tag == "br" or item.tag in BLOCK:
                    parts.append(" ")
                stack.extend(reversed(item.children))
        return SPACE.sub(" ", "".join(parts)).strip()

    def ancestors(self) -> list[Node]:
        out, at = [], self.parent
        while at is not None:
            out.append(at)
            at = at.parent
        return out


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]
        # Inside a dropped element: its tag, and how many of that tag are open. Only that tag is
        # counted, so unclosed children (<option>, <li>) cannot swallow the rest of the page.
        self.drop_tag: str | None = None
        self.drop_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, tag not in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, False)  # <div/>: an element with nothing in it

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], opens: bool) -> None:
        if self.drop_tag is not None:
            if tag == self.drop_tag:
                self.drop_depth += opens
                return
            if not (self.drop_tag == "head" and tag == "body"):  # </head> may be left out
                return
            self.drop_tag = None
        values = {k: v or "" for k, v in attrs}
        if tag in _DROP or "hidden" in values or _HIDDEN_STYLE.search(values.get("style", "")):
            if opens:
                self.drop_tag, self.drop_depth = tag, 1
            return
        self._imply_end(tag)
        if len(self.stack) >= MAX_DEPTH and opens:
            return
        node = Node(tag, values, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if opens:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if self.drop_tag is not None:
            if tag == self.drop_tag:
                self.drop_depth -= 1
                if self.drop_depth == 0:
                    self.drop_tag = None
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[depth].tag
            if open_tag == tag:
                del self.stack[depth:]
                return
            if open_tag in ("table", "td", "th") and tag not in ("table", "td", "th", "tr"):
                return  # a stray end tag must not close the table it sits in
        # an end tag nothing opened: ignored, as browsers do

    def handle_data(self, data: str) -> None:
        if self.drop_tag is None:
            self.stack[-1].children.append(data)

    def _imply_end(self, tag: str) -> None:
        if tag in _CLOSES_P:
            self._close_within("p", stop=("td", "th", "table", "li", "div", "body"))
        if tag == "li":
            self._close_within("li", stop=("ul", "ol", "table"))
        elif tag in _CELL:
            self._close_within(*_CELL, stop=("tr", "table"))
        elif tag == "tr":
            self._close_within("tr", stop=("table", *_ROW_GROUP))
        elif tag in _ROW_GROUP:
            self._close_within(*_ROW_GROUP, stop=("table",))
        elif tag in ("dt", "dd"):
            self._close_within("dt", "dd", stop=("dl",))

    def _close_within(self, *tags: str, stop: tuple[str, ...]) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[depth].tag
            if open_tag in tags:
                del self.stack[depth:]
                return
            if open_tag in stop:
                return


def parse_html(text: str) -> Node:
    """The page as a tree, with text sizes counted."""
    builder = _Builder()
    builder.feed(_close_tail(text))
    builder.close()
    _count(builder.root)
    return builder.root


def _close_tail(text: str) -> str:
    """The page with every "<" after its last ">" escaped: there no tag, comment or CDATA section
    can end, and html.parser rescans the rest of the page for each of them (quadratic on a page
    ending in a flood of "<a " or "<!--")."""
    last = text.rfind(">")
    tail = text[last + 1 :]
    return text if "<" not in tail else text[: last + 1] + tail.replace("<", "&lt;")


def _count(root: Node) -> None:
    """Set `size` and `link_size` bottom-up (iteratively: pages can nest deeply)."""
    order = root.walk()
    for node in reversed(order):
        size = link = 0
        for child in node.children:
            if isinstance(child, str):
                n = len(child) - sum(1 for c in child if c.isspace())
                size += n
            else:
                size += child.size
                link += child.link_size
        node.size = size
        node.link_size = size if node.tag == "a" else link
