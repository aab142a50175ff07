"""Which reader a file needs, decided by its content (magic bytes), the extension only breaking ties.

A report called "报告.doc" is often a web page or a .docx renamed by a website's export, and a
".txt" may be anything, so the bytes decide: "%PDF-" near the start is a PDF, a zip holding
word/document.xml is a Word document, markup starting with <html, <!DOCTYPE html or an HTML head
is a web page, and a MIME "single file web page" (.mht) is a web page too. Everything else goes to
the text reader, which refuses what is not text with its own messages (old .doc, binary noise).
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import PurePath
from typing import Literal, get_args

from gklint import messages
from gklint.errors import InputError
from gklint.read.decode import BOMS
from gklint.read.source import InputFormat

FormatChoice = Literal["auto", "text", "docx", "html", "pdf"]
FORMAT_CHOICES: tuple[str, ...] = get_args(FormatChoice)

_PDF_WINDOW = 1024  # the PDF header may follow some junk (PDF 32000-1, annex H)
_HTML_WINDOW = 4096
# Markup that only a web page starts with (after a BOM, blank space, an XML declaration or comments,
# which _skip_prologue passes over without a regex: `(?:<!--.*?-->)*` backtracks exponentially).
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|meta\s|body[\s>])", re.I)
_HTML_INSIDE = re.compile(rb"<(?:html|head|body|meta|div|p|table|title)[\s>]", re.I)
# MIME headers (a name without a colon, a value, folded lines) up to Content-Type: multipart/related.
_MHTML = re.compile(
    rb"^(?:[\x21-\x39\x3b-\x7e]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?content-type:\s*multipart/related",
    re.I,
)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml")


def detect_format(data: bytes, path: str = "") -> InputFormat:
    """The reader for these bytes: "pdf", "docx", "html" or "text" (InputError for other containers)."""
    if b"%PDF-" in data[:_PDF_WINDOW]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, path)
    head = data[:_HTML_WINDOW]
    for bom, encoding in BOMS:
        if head.startswith(bom):  # the ASCII of the text, enough to see markup
            head = head[len(bom) :].decode(encoding, "ignore").encode("ascii", "ignore")
            break
    if _HTML_START.match(head, _skip_prologue(head)) or is_mhtml(head):
        return "html"
    if PurePath(path).suffix.lower() in _HTML_SUFFIXES and _HTML_INSIDE.search(head):
        return "html"  # a page fragment saved without <html>
    return "text"


def _skip_prologue(head: bytes) -> int:
    """Where the first tag after blank space, `<?xml …>` and comments starts (linear: each step
    moves past one piece)."""
    at = 0
    while True:
        while at < len(head) and head[at : at + 1].isspace():
            at += 1
        end = -1
        if head.startswith(b"<?xml", at):
            end = head.find(b">", at)
            end = end + 1 if end >= 0 else -1
        elif head.startswith(b"<!--", at):
            end = head.find(b"-->", at + 4)
            end = end + 3 if end >= 0 else -1
        if end < 0:
            return at
        at = end


def is_mhtml(data: bytes) -> bool:
    """Whether the bytes are a MIME "single file web page" (.mht): headers, then multipart/related."""
    return _MHTML.match(data[:_HTML_WINDOW]) is not None


def check_choice(choice: str, path: str) -> FormatChoice:
    """`choice` as a FormatChoice, or InputError naming the choices."""
    if choice not in FORMAT_CHOICES:
        raise InputError(path, messages.text("input-format-unknown", name=choice))
    return choice  # type: ignore[return-value]


def _zip_format(data: bytes, path: str) -> InputFormat:
    import zipfile  # only when a zip comes (a text file's check need not import it)

    from gklint.read.docx import ZIP_ERRORS, is_docx  # the Word reader too

    try:
        package = zipfile.ZipFile(BytesIO(data))
        if is_docx(package):
            return "docx"
        odt = "mimetype" in package.namelist() and package.read("mimetype").startswith(
            b"application/vnd.oasis"
        )
    except ZIP_ERRORS:
        return "docx"  # a damaged zip: the Word reader says it is damaged
    if odt:
        raise InputError(path, messages.text("input-odt"))
    raise InputError(path, messages.text("input-zip-not-word"))
