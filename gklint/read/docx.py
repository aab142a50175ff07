"""Word documents (.docx, also as saved by WPS) → the text layout the parser reads, with origins.

Reads the package with the standard library (zipfile, ElementTree) rather than python-docx: what
matters here sits below python-docx's API (merged cells as `gridSpan`/`vMerge`, list numbering,
tracked changes, hidden text), so the XML is read directly and gklint needs no extra dependency
to read Word files. ElementTree neither fetches external entities nor expands nested ones without
limit (expat ≥ 2.4 guards against "billion laughs").

Rendering (see render.py): body paragraphs one a line, numbered in document order when they have
text; each table row one line with its cells separated by tabs. A horizontally merged cell is one
cell; a vertically merged one keeps its text in its first row and is an empty cell below, as
Word's own "save as text" writes it. Deleted revisions, hidden text, field codes, text boxes,
headers and footers are left out; inserted revisions and field results are kept.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from io import BytesIO
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from gklint import messages
from gklint.errors import InputError
from gklint.model import Problem
from gklint.read.docx_numbering import Numbering, W, int_attr, is_on
from gklint.read.render import GridCell, Rendering
from gklint.read.source import Source, read_text

_VAL = f"{W}val"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_TRANSITIONAL = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# What zipfile raises on a damaged archive: a bad header or directory, a corrupt or truncated
# stream (zlib.error, OSError, EOFError), a compression method or version it does not have
# (NotImplementedError), an impossible offset (ValueError), an encrypted member (RuntimeError).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    NotImplementedError,
    ValueError,
    RuntimeError,
)
_MAX_XML = 16 * 1024 * 1024  # no report's document.xml comes near (real ones: under 1 MB); a zip bomb
_MAX_NESTING = 64  # element depth kept; Word nests a few levels, the walks below recurse per level

# Elements whose content is not part of the document's running text.
_SKIP = frozenset(
    f"{W}{tag}"
    for tag in ("del", "moveFrom", "pPr", "rPr", "drawing", "pict", "object", "txbxContent", "delText")
    + ("instrText", "delInstrText", "footnoteReference", "endnoteReference", "commentReference")
) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
# Block-level wrappers whose children are paragraphs, tables or rows.
_WRAPPERS = frozenset(f"{W}{tag}" for tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo"))


def read_docx(data: bytes, path: str) -> Source:
    """A Word document's Source, or InputError if it is not a readable .docx."""
    package = _open(data, path)
    main = _main_part(package, path)
    document = _xml(package, main, path)
    if document is None:
        raise InputError(path, messages.text("input-docx-not-word"))
    body = document.find(f"{W}body")
    rels = _relations(package, main, path)
    doc = _Document(
        Numbering.parse(_xml(package, rels.get("numbering", ""), path)),
        _style_numbering(_xml(package, rels.get("styles", ""), path)),
    )
    if body is not None:
        doc.blocks(body)
    raw = doc.out.raw
    if not raw.strip():
        raise InputError(path, messages.text("input-docx-no-text"))
    problems = (Problem.make("docx-altchunk", None, count=doc.alt_chunks),) if doc.alt_chunks else ()
    return read_text(raw, path, "utf-8", format="docx", origins=tuple(doc.out.origins), problems=problems)


def is_docx(package: zipfile.ZipFile) -> bool:
    """Whether a zip archive is a Word document (it has a WordprocessingML main part)."""
    # Word names it word/document.xml, sometimes word/document2.xml; the package's rels say which
    return any(
        n.startswith("word/document") and n.endswith(".xml") and n.count("/") == 1 for n in package.namelist()
    )


def _open(data: bytes, path: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(BytesIO(data))
    except ZIP_ERRORS as e:
        raise InputError(path, messages.text("input-docx-damaged", reason=e)) from e


def _main_part(package: zipfile.ZipFile, path: str) -> str:
    rels = _xml(package, "_rels/.rels", path)
    if rels is not None:
        for rel in rels.iter(_REL):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _relations(package: zipfile.ZipFile, part: str, path: str) -> dict[str, str]:
    """The parts a part refers to, by relationship type ("numbering", "styles")."""
    folder, name = posixpath.split(part)
    rels = _xml(package, posixpath.join(folder, "_rels", name + ".rels"), path)
    found: dict[str, str] = {}
    for rel in rels.iter(_REL) if rels is not None else ():
        target = rel.get("Target", "")
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if rel.get("TargetMode") != "External" and target:
            found[kind] = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return found


def _xml(package: zipfile.ZipFile, name: str, path: str) -> Element | None:
    """A part of the package parsed, or None when the package has no such part."""
    try:
        info = package.getinfo(posixpath.normpath(name)) if name else None
    except KeyError:
        return None
    if info is None:
        return None
    if info.file_size > _MAX_XML:
        raise InputError(path, messages.text("input-docx-part-too-large", part=name, size=info.file_size))
    try:
        with package.open(info) as member:  # read with a cap: the declared size may lie
            data = member.read(_MAX_XML + 1)
        if len(data) > _MAX_XML:
            raise InputError(path, messages.text("input-docx-part-too-large", part=name, size=len(data)))
        root = ElementTree.fromstring(data.replace(_STRICT, _TRANSITIONAL))
    except (*ZIP_ERRORS, ElementTree.ParseError) as e:
        raise InputError(path, messages.text("input-docx-damaged", reason=e)) from e
    except LookupError as e:  # an XML declaration naming an encoding Python does not know
        raise InputError(path, messages.text("input-docx-damaged", reason=e)) from e
    _prune(root)
    return root


def _prune(root: Element) -> None:
    """Cut elements nested deeper than _MAX_NESTING (their text is kept as one run), so the
    recursive walks below stay far from Python's recursion limit. Iterative."""
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth < _MAX_NESTING:
            stack.extend((child, depth + 1) for child in element)
            continue
        text = "".join(element.itertext())
        element.clear()
        element.tag = f"{W}r"
        ElementTree.SubElement(element, f"{W}t").text = text


def _style_numbering(styles: Element | None) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs (a heading style tied to a list): id → (numId, ilvl)."""
    if styles is None:
        return {}
    own: dict[str, tuple[str | None, int] | None] = {}
    based: dict[str, str] = {}
    for style in styles.iter(f"{W}style"):
        sid = style.get(f"{W}styleId", "")
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based[sid] = parent.get(_VAL, "")
        num = style.find(f"{W}pPr/{W}numPr")
        if num is not None:
            own[sid] = (_child_val(num, "numId"), int_attr(_child_val(num, "ilvl"), 0))
    resolved: dict[str, tuple[str, int]] = {}
    done: dict[str, tuple[str | None, int] | None] = {}  # a style's numbering, through its chain
    for sid in set(own) | set(based):
        chain, at = [], sid
        while at and at not in own and at not in done and at not in chain:
            chain.append(at)
            at = based.get(at, "")
        found = own.get(at) if at in own else done.get(at)
        for step in chain:  # each style is walked once: a basedOn chain of 20 000 stays linear
            done[step] = found
        if found and found[0]:
            resolved[sid] = (found[0], found[1])
    return resolved


def _child_val(element: Element, tag: str) -> str | None:
    child = element.find(f"{W}{tag}")
    return child.get(_VAL) if child is not None else None


class _Document:
    """Walks the body once, rendering paragraphs and tables in document order."""

    def __init__(self, numbering: Numbering, style_numbers: dict[str, tuple[str, int]]) -> None:
        self.numbering = numbering
        self.style_numbers = style_numbers
        self.out = Rendering()
        self.alt_chunks = 0

    def blocks(self, parent: Element) -> None:
        for child in parent:
            if child.tag == f"{W}p":
                self.out.paragraph(self.paragraph(child))
            elif child.tag == f"{W}tbl":
                self.table(child)
            elif child.tag in _WRAPPERS:
                self.blocks(child)
            elif child.tag == f"{W}altChunk":
                self.alt_chunks += 1

    def paragraph(self, p: Element) -> str:
        return self.number(p.find(f"{W}pPr")) + _text(p)

    def number(self, props: Element | None) -> str:
        """The list number Word shows before the paragraph, if it is in a list."""
        num = props.find(f"{W}numPr") if props is not None else None
        if num is not None:
            num_id, ilvl = _child_val(num, "numId"), _child_val(num, "ilvl")
        else:
            style = props.find(f"{W}pStyle") if props is not None else None
            num_id, level = self.style_numbers.get(
                style.get(_VAL, "") if style is not None else "", (None, 0)
            )
            ilvl = str(level)
        if num_id is None:
            return ""
        return self.numbering.label(num_id, int_attr(ilvl, 0))

    def table(self, tbl: Element) -> None:
        number = self.out.start_table()
        for index, tr in enumerate(_children(tbl, "tr"), start=1):
            props = tr.find(f"{W}trPr")
            if props is not None and props.find(f"{W}del") is not None:
                continue  # a row deleted in tracked changes
            before = props.find(f"{W}gridBefore") if props is not None else None
            column = 1 + (int_attr(before.get(_VAL), 0) if before is not None else 0)
            cells: list[GridCell] = []
            for tc in _children(tr, "tc"):
                tc_props = tc.find(f"{W}tcPr")
                span, vmerge, hmerge = 1, None, None
                if tc_props is not None:
                    grid = tc_props.find(f"{W}gridSpan")
                    span = max(int_attr(grid.get(_VAL), 1), 1) if grid is not None else 1
                    v, h = tc_props.find(f"{W}vMerge"), tc_props.find(f"{W}hMerge")
                    vmerge = v.get(_VAL, "continue") if v is not None else None
                    hmerge = h.get(_VAL, "continue") if h is not None else None
                if hmerge == "continue":  # the old way of merging across: part of the cell before
                    column += span
                    continue
                text = "" if vmerge == "continue" else self.cell(tc)
                cells.append(GridCell(text, column))
                column += span
            self.out.row(cells, number, index)

    def cell(self, tc: Element) -> str:
        """A cell's paragraphs (and any table nested in it) as one line of text."""
        parts: list[str] = []
        for child in tc:
            if child.tag == f"{W}p":
                parts.append(self.paragraph(child))
            elif child.tag == f"{W}tbl":
                parts.extend(self.cell(tc2) for tr in _children(child, "tr") for tc2 in _children(tr, "tc"))
            elif child.tag in _WRAPPERS:
                parts.append(self.cell(child))
        return " ".join(part for part in parts if part.strip())


def _children(parent: Element, tag: str) -> Iterator[Element]:
    """Rows of a table or cells of a row, looking through content controls and custom XML."""
    for child in parent:
        if child.tag == f"{W}{tag}":
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _text(element: Element) -> str:
    """The visible text of a paragraph (or part of one), in order."""
    out: list[str] = []
    _collect(element, out)
    return "".join(out)


def _collect(element: Element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == f"{W}r":
            _run(child, out)
        elif tag == f"{W}p":  # a paragraph inside an inline content control
            out.append(" ")
            _collect(child, out)
        else:  # hyperlink, ins, moveTo, smartTag, sdt, fldSimple, customXml …
            _collect(child, out)


def _run(run: Element, out: list[str]) -> None:
    props = run.find(f"{W}rPr")
    if props is not None and (is_on(props.find(f"{W}vanish")) or is_on(props.find(f"{W}webHidden"))):
        return
    for child in run:
        tag = child.tag
        if tag == f"{W}t":
            out.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            out.append("\t")
        elif tag == f"{W}br":
            if child.get(f"{W}type", "textWrapping") == "textWrapping":
                out.append("\n")
        elif tag == f"{W}cr":
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}sym":
            code = int(child.get(f"{W}char", "0"), 16) if _is_hex(child.get(f"{W}char", "")) else 0
            # symbol-font glyphs are private-use codes; past U+10FFFF or a surrogate is damage
            if 0 < code <= 0x10FFFF and not 0xE000 <= code <= 0xF8FF and not 0xD800 <= code <= 0xDFFF:
                out.append(chr(code))
        elif tag not in _SKIP:
            _collect(child, out)


def _is_hex(text: str) -> bool:
    return bool(text) and all(c in "0123456789abcdefABCDEF" for c in text)
