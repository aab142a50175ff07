"""Web pages (.html, .htm, single-file .mht) → the report's text without the site around it.

1. Bytes → text: a byte-order mark, else the page's own `<meta charset>` (GBK and GB2312 are read
   as GB18030, their superset), else the text reader's guess (UTF-8, then GB18030). A page whose
   declared charset garbles it while UTF-8 reads it cleanly is read as UTF-8: sites re-encode
   pages and forget the meta.
2. The article: the element holding most of the page's text outside links, found by descending
   from <body> while one child holds most of it (gklint/data/html.yaml); then the title line that
   sits just before it (a short block with "年度报告"), and inside it site chrome is removed:
   menus and share bars (mostly links), blocks named like navigation or footers, and short
   banners such as "无障碍" or "【打印】【关闭】".
3. Rendering (render.py): blocks one a line; a data table one row a line with tab-separated cells,
   `colspan` as one cell, positions under a `rowspan` as empty cells. A table used for page
   layout (a cell holding a table, or a long text) is read as blocks.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import html
import re
from dataclasses import dataclass, replace
from email.message import Message
from functools import cache

from gklint import messages
from gklint.errors import InputError
from gklint.model import Problem, Span
from gklint.read.decode import BOMS, decode
from gklint.read.detect import is_mhtml
from gklint.read.html_tree import BLOCK, SPACE, Node, parse_html
from gklint.read.render import GridCell, Rendering
from gklint.read.source import Source, read_text
from gklint.resources import data_path
from gklint.yamlfile import load_file

_META_CHARSET = re.compile(rb"""<meta[^>]{1,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
_LINE_EDGE = re.compile(r" *\n *")
_CELL_PARTS = frozenset(("td", "th", "tr", "thead", "tbody", "tfoot", "caption"))
_MAX_SPAN = 1000  # colspan/rowspan beyond this are typing errors ("colspan=9999")
_MAX_MIME_PARTS = 100  # multipart sections of a .mht; a saved page has one or two
_MAX_COLUMNS = 60  # grid columns; report tables have about ten, a wider grid is damage or an attack
_TITLE_LEVELS = 3  # how far up from the article a title above it is looked for
_LAYOUT_CELL = 400  # a cell with more text than this is page layout, not a statistics cell


@dataclass(frozen=True)
class _Rules:
    """html.yaml's patterns and limits, compiled."""

    descend_share: float
    title: re.Pattern[str]
    title_max: int
    declared_title: tuple[re.Pattern[str], ...]
    title_cut: re.Pattern[str]
    chrome_names: re.Pattern[str]
    chrome_text: re.Pattern[str]
    chrome_max: int
    chrome_text_max: int
    link_share: float


@cache
def _rules() -> _Rules:
    data = load_file(data_path("html.yaml"))
    return _Rules(
        descend_share=float(data["descend_share"]),
        title=re.compile(data["title"]),
        title_max=int(data["title_max"]),
        declared_title=tuple(re.compile(p, re.I | re.S) for p in data["declared_title"]),
        title_cut=re.compile(data["title_cut"]),
        chrome_names=re.compile(data["chrome_names"]),
        chrome_text=re.compile(data["chrome_text"]),
        chrome_max=int(data["chrome_max"]),
        chrome_text_max=int(data["chrome_text_max"]),
        link_share=float(data["link_share"]),
    )


def read_html(data: bytes, path: str) -> Source:
    """A web page's Source: its article's paragraphs and tables, or InputError if it has none."""
    data, declared = _unwrap_mhtml(data, path)
    text, encoding, replaced = _decode(data, declared, path)
    root = parse_html(text)
    body = next((n for n in root.walk() if n.tag == "body"), root)
    rules = _rules()
    article = _article(body, rules)
    line = None
    if not _opens_with_title(article, rules):
        title = _title_before(article, body, rules)
        # no title on the page around the article: the one its head declares
        line = title.text() if title is not None else _declared_title(text, rules)
    _remove_chrome(article, rules)
    out = Rendering()
    if line:
        out.paragraph(line)
    _Renderer(out).block(article)
    raw = out.raw
    if not raw.strip():
        raise InputError(path, messages.text("input-html-no-text"))
    source = read_text(raw, path, encoding, replaced, format="html", origins=tuple(out.origins))
    if _CLOSED.search(text):
        return source
    # a page saved half-way: its markup never closes (rule GK111 weighs this with the text's end)
    end = len(source.text.rstrip())
    return replace(source, problems=(*source.problems, Problem.make("html-unclosed", Span(end, end))))


_CLOSED = re.compile(r"</(?:body|html)\s*>", re.I)


# -- bytes → text ------------------------------------------------------------------------------


def _unwrap_mhtml(data: bytes, path: str) -> tuple[bytes, str | None]:
    """The HTML part of a MIME "single file web page" (.mht), or the data itself."""
    if not is_mhtml(data):
        return data, None
    if data.lower().count(b"multipart/") > _MAX_MIME_PARTS:  # the parser recurses per nested part
        raise InputError(path, messages.text("input-mhtml-too-nested", limit=_MAX_MIME_PARTS))
    # compat32: the default policy's header parser is quadratic or worse in a header's parameters
    # (20 000 of them: 45 s); the old one splits them in linear time and reads the same fields
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in _parts(message):
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    raise InputError(path, messages.text("input-mhtml-no-html"))


def _parts(message: Message) -> list[Message]:
    """Every part of a MIME message in document order (iterative: Message.walk recurses per level)."""
    found: list[Message] = []
    stack = [message]
    while stack:
        part = stack.pop()
        found.append(part)
        if part.is_multipart():
            stack.extend(reversed([p for p in part.get_payload() if isinstance(p, Message)]))
    return found


def _decode(data: bytes, declared: str | None, path: str) -> tuple[str, str, int]:
    """(text, encoding, characters replaced)."""
    if data.startswith(tuple(bom for bom, _ in BOMS)):
        marked = decode(data, path)  # a byte-order mark outranks any meta
        return marked.text, marked.encoding, marked.replaced
    found = _META_CHARSET.search(data[:8192])
    name = declared or (found.group(1).decode("ascii") if found else None)
    encoding = _codec(name) if name else None
    if encoding is not None:
        text, encoding, replaced = _decode_as(data, encoding)
        if replaced and encoding != "utf-8":
            utf8 = _decode_as(data, "utf-8")
            if utf8[2] == 0:
                return utf8  # the meta is stale: the page was re-encoded as UTF-8
        return text, encoding, replaced
    guessed = decode(data, path)
    return guessed.text, guessed.encoding, guessed.replaced


def _codec(name: str) -> str | None:
    name = _CHARSET_ALIASES.get(name.lower(), name.lower())
    try:
        b"a".decode(name, "replace")  # unknown names, and transforms such as "rot13" or "zlib", fail
    except (LookupError, UnicodeError):
        return None
    return codecs.lookup(name).name


def _decode_as(data: bytes, encoding: str) -> tuple[str, str, int]:
    try:
        text = data.decode(encoding, errors="replace")
    except UnicodeError:  # punycode and idna raise whatever `errors` says: read as UTF-8 instead
        text, encoding = data.decode("utf-8", errors="replace"), "utf-8"
    return text, encoding, text.count("\ufffd")


# -- the article -------------------------------------------------------------------------------


def _own(node: Node) -> int:
    """Text outside links: what makes an element the article rather than a menu."""
    return node.size - node.link_size


def _article(body: Node, rules: _Rules) -> Node:
    """The element holding the report: descend while one child holds most of the text."""
    node = body
    while True:
        children = node.elements()
        if not children:
            return node
        best = max(children, key=_own)
        if (
            _own(best) <= 0
            or _own(best) < rules.descend_share * _own(node)
            or _is_data_table(best)
            or not any(c.tag in BLOCK and c.size for c in best.elements())
        ):
            return node  # (a long paragraph is not the article: its siblings are the report too)
        node = best


def _opens_with_title(article: Node, rules: _Rules) -> bool:
    first = _first_block(article)
    return first is not None and first.size <= rules.title_max and bool(rules.title.search(first.text()))


def _declared_title(page: str, rules: _Rules) -> str | None:
    """The title in the page's head (<meta name="ArticleTitle">, else <title> up to the site's
    name), when it is a report's title."""
    for pattern in rules.declared_title:
        m = pattern.search(page)
        if m:
            title = rules.title_cut.split(html.unescape(m.group(1)).strip())[0].strip()
            if 0 < len(title) <= rules.title_max and rules.title.search(title):
                return title
    return None


def _title_before(article: Node, body: Node, rules: _Rules) -> Node | None:
    """The report's title when it sits outside the article (a heading above the text)."""
    near = article.ancestors()[:_TITLE_LEVELS]
    scope = near[-1] if near else body  # titles sit beside the article, not in a far-off column
    found: Node | None = None
    for node in scope.walk():
        if node is article:
            break
        if (
            0 < node.size <= rules.title_max
            and node.link_size * 2 < node.size
            and not any(c.tag in BLOCK for c in node.elements())
            and node.tag not in ("a", "li")
            and rules.title.search(node.text())
            and not any(
                a.tag in ("a", "nav", "li") or _named_chrome(a, rules) for a in (node, *node.ancestors())
            )
        ):
            found = node
    return found


def _first_block(node: Node) -> Node | None:
    """The first element with text that holds no block of its own (the article's first line)."""
    for inner in node.walk():
        if inner.size and not any(c.tag in BLOCK and c.size for c in inner.elements()):
            return inner
    return None


def _named_chrome(node: Node, rules: _Rules) -> bool:
    names = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')}"
    return bool(names.strip()) and rules.chrome_names.search(names) is not None


def _remove_chrome(article: Node, rules: _Rules) -> None:
    """Take the site's menus, banners, share bars and footers out of the article."""
    tables = [n for n in article.walk() if _is_data_table(n)]
    # found once: asking each element whether it holds a data table walked the page per element
    holders = frozenset(id(a) for t in tables for a in (t, *t.ancestors()))
    _prune(article, rules, frozenset(id(t) for t in tables), holders)


def _prune(node: Node, rules: _Rules, data_tables: frozenset[int], holders: frozenset[int]) -> None:
    for child in node.elements():
        if id(child) in data_tables:
            continue  # a statistics table is never chrome, whatever its cells say
        if child.tag not in _CELL_PARTS and id(child) not in holders and _is_chrome(child, rules):
            node.children.remove(child)
        else:
            _prune(child, rules, data_tables, holders)  # (inside a table that lays out the page too)


def _is_chrome(node: Node, rules: _Rules) -> bool:
    if node.size == 0:
        return False
    if node.tag in BLOCK:
        if node.link_size > rules.link_share * node.size:
            return True
        if node.size < rules.chrome_max and (
            node.tag in ("nav", "aside", "footer") or _named_chrome(node, rules)
        ):
            return True
    if node.size < rules.chrome_text_max:
        text = node.text()
        return "。" not in text and rules.chrome_text.search(text) is not None
    return False


def _is_data_table(node: Node) -> bool:
    """A table of cells rather than a table used to lay out the page."""
    if node.tag != "table":
        return False
    for inner in node.walk()[1:]:
        if inner.tag == "table" or (inner.tag in ("td", "th") and inner.size > _LAYOUT_CELL):
            return False
    return True


# -- rendering ---------------------------------------------------------------------------------


class _Renderer:
    """Renders an element's blocks and tables as lines, in document order."""

    def __init__(self, out: Rendering) -> None:
        self.out = out
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = _LINE_EDGE.sub("\n", "".join(self.buffer)).strip(" ")
        self.buffer = []
        self.out.paragraph(text)

    def block(self, node: Node, pre: bool = False) -> None:
        if node.tag == "br":
            self.buffer.append("\n")
            return
        if node.tag == "table":
            self.flush()
            if _is_data_table(node):
                self.table(node)
            else:
                self.layout(node)
            return
        is_block = node.tag in BLOCK
        if is_block:
            self.flush()
        for child in node.children:
            if isinstance(child, str):
                self.buffer.append(child if pre else SPACE.sub(" ", child))
            else:
                self.block(child, pre or child.tag == "pre")
        if is_block:
            self.flush()

    def layout(self, table: Node) -> None:
        for row in _rows(table):
            for cell in row.elements():
                self.block(cell)
                self.flush()

    def table(self, table: Node) -> None:
        for caption in (c for c in table.elements() if c.tag == "caption"):
            self.out.paragraph(caption.text())
        number = self.out.start_table()
        below: dict[int, tuple[int, int]] = {}  # first column -> (rows still covered, width)
        rows = _rows(table)
        for index, row in enumerate(rows, start=1):
            cells: list[GridCell] = []
            column = 1
            starting: dict[int, tuple[int, int]] = {}
            for cell in (c for c in row.elements() if c.tag in ("td", "th")):
                column = _covered(below, column, cells)
                if column > _MAX_COLUMNS:
                    break  # the grid stays bounded: rows × _MAX_COLUMNS cells at most
                # a rowspan ends with the table (as in browsers), so it cannot widen rows below it
                width, height = _span(cell, "colspan"), min(_span(cell, "rowspan"), len(rows) - index + 1)
                cells.append(GridCell(cell.text(), column))
                if height > 1:
                    starting[column] = (height - 1, width)
                column += width
            for first in sorted(c for c in below if c >= column):
                cells.append(GridCell("", first))
            below = {c: (n - 1, w) for c, (n, w) in below.items() if n > 1}
            below.update(starting)
            self.out.row(cells, number, index)


def _covered(below: dict[int, tuple[int, int]], column: int, cells: list[GridCell]) -> int:
    """Add an empty cell for each position a cell from a row above covers; the next free column."""
    while column in below:
        cells.append(GridCell("", column))
        column += below[column][1]
    return column


def _span(cell: Node, name: str) -> int:
    value = cell.attrs.get(name, "1").strip()
    # isdecimal, not isdigit: "²" and "①" are digits int() refuses; a long run is damage too
    return min(int(value), _MAX_SPAN) if value.isdecimal() and len(value) <= 6 and int(value) > 0 else 1


def _rows(table: Node) -> list[Node]:
    rows: list[Node] = []
    for child in table.elements():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child.elements() if c.tag == "tr")
    return rows
