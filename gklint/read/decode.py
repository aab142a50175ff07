"""Bytes → text: byte-order marks, UTF-8, GB18030/GBK, UTF-16; binary content refused.

Offices save .txt files from Windows in GBK, so GB18030 (a superset of GBK and GB2312) is the
first fallback, not an edge case. A file that is neither decodes with replacement characters and
a problem, never an exception; a file that is not text at all (NUL bytes, a PDF or Word file,
binary noise) is an InputError naming the file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

from gklint import messages
from gklint.errors import InputError
from gklint.resources import data_path
from gklint.yamlfile import load_file

BOMS = (  # longest first: a UTF-32-LE mark begins like a UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Containers that are not plain text; each has a message key naming what to do instead (a .png is
# not a text file with NUL bytes). An old Office (OLE) file is named by its suffix where
# gklint/data/skipped.yaml knows it: a .wps is not "旧版 Word（.doc）".
_MAGIC = (
    (b"%PDF-", "input-pdf"),
    (b"PK\x03\x04", "input-zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "input-doc"),
    (b"\x89PNG\r\n\x1a\n", "skipped-image"),
    (b"\xff\xd8\xff", "skipped-image"),
    (b"GIF8", "skipped-image"),
    (b"II*\x00", "skipped-image"),
    (b"MM\x00*", "skipped-image"),
)
# An old Office file's suffix says which program wrote it (the bytes begin alike).
_OLE_BY_SUFFIX = frozenset({"skipped-doc", "skipped-wps", "skipped-sheet", "skipped-slides"})
# Control bytes that do not occur in text files (tab, LF, FF, CR and ESC excepted).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_SNIFF = 8192
_HEAD = 4096  # bytes of a file that fails as UTF-8 decoded to see whether it is GBK
_MAX_CONTROL_SHARE = 0.02


@cache
def skipped_kinds() -> dict[str, str]:
    """Suffix → the message key (messages.d/skipped.yaml) naming a kind of file gklint cannot read."""
    return {
        suffix: key for key, suffixes in load_file(data_path("skipped.yaml")).items() for suffix in suffixes
    }


@dataclass(frozen=True)
class Decoded:
    """Decoded text with line breaks unified to LF, and how it was decoded."""

    text: str
    encoding: str
    replaced: int  # characters that could not be decoded and became U+FFFD


def decode(data: bytes, path: str) -> Decoded:
    """Decode a report's bytes, or raise InputError saying why it is not a text report."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _finish(data[len(bom) :], encoding, path)
    for magic, code in _MAGIC:
        if data.startswith(magic):
            kind = skipped_kinds().get(PurePath(path).suffix.lower())
            if code == "input-doc" and kind in _OLE_BY_SUFFIX:
                code = kind
            raise InputError(path, messages.text(code))
    _refuse_binary(data, path)
    return _finish(data, None, path)


def _refuse_binary(data: bytes, path: str) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(path, messages.text("input-nul", offset=nul), line)
    head = data[:_SNIFF]
    if head and (len(head) - len(head.translate(None, _CONTROL))) / len(head) > _MAX_CONTROL_SHARE:
        raise InputError(path, messages.text("input-binary"))


def _finish(data: bytes, encoding: str | None, path: str) -> Decoded:
    if encoding is not None:
        text, replaced = _decode_as(data, encoding)
    else:
        encoding, text, replaced = _guess(data)
    if "\x00" in text:
        raise InputError(path, messages.text("input-nul", offset=text.index("\x00")))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():  # (strip would copy the whole text)
        raise InputError(path, messages.text("input-empty"))
    return Decoded(text, encoding, replaced)


def _decode_as(data: bytes, encoding: str) -> tuple[str, int]:
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        return text, text.count("\ufffd")


def _guess(data: bytes) -> tuple[str, str, int]:
    """UTF-8 if it decodes, or nearly does; else GB18030; else the one with fewer bad bytes.

    GBK text read as UTF-8 fails on almost every character, while a UTF-8 file with a few damaged
    bytes fails on a few: GB18030 would "decode" the latter into mojibake without an error, so a
    handful of UTF-8 failures means damaged UTF-8, not GBK. When the file's head already fails
    more than that, GB18030 is tried first: a GBK file is not decoded whole as UTF-8 for nothing.
    """
    try:
        return "utf-8", data.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    handful = max(2, _non_ascii(data) // 200)
    gb = _decode_as(data, "gb18030") if _head_fails_more_than(data, handful) else None
    if gb is not None and gb[1] == 0:
        return "gb18030", *gb
    text, replaced = _decode_as(data, "utf-8")
    if replaced <= handful:
        return "utf-8", text, replaced
    gb_text, gb_replaced = gb or _decode_as(data, "gb18030")
    if gb_replaced <= replaced:
        return "gb18030", gb_text, gb_replaced
    return "utf-8", text, replaced


def _head_fails_more_than(data: bytes, limit: int) -> bool:
    """Whether decoding `data` as UTF-8 replaces more than `limit` characters, as its head shows:
    the head's count, less one for a character cut at its end, is never more than the file's."""
    return data[:_HEAD].decode("utf-8", errors="replace").count("\ufffd") - 1 > limit


def _non_ascii(data: bytes) -> int:
    return len(data) - len(data.translate(None, bytes(range(128, 256))))
