"""An upload (multipart/form-data) → the files in memory, within the limits; nothing touches disk.

Files come in the field `file` (one or more), pasted text in the field `text`. The body is counted
while it streams: past the request limit the upload is refused at once (413) instead of being read
to the end; one file past the file limit is kept as a name and size only, so the other files are
still checked and that one is reported as too large. File names lose any folder part: they are
only ever shown (escaped), never used as paths.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

if TYPE_CHECKING:  # the library declares its callback type for type checkers only
    from python_multipart.multipart import MultipartCallbacks

from gklint import messages
from gklint.serve.limits import Limits

FILE_FIELD, TEXT_FIELD = "file", "text"
MAX_NAME = 120  # characters of a file name kept for display
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Upload:
    """One uploaded file (or pasted text)."""

    name: str  # the file's own name, no folder (display only)
    data: bytes  # empty when too_large
    size: int  # bytes received
    too_large: bool = False
    pasted: bool = False  # text typed or pasted into the page, not a file


class UploadError(Exception):
    """The whole upload is refused: an HTTP status and a Chinese message for the person."""

    def __init__(self, status: int, key: str, /, **args: object) -> None:
        self.status = status
        self.message = messages.text(key, **args)
        super().__init__(self.message)


def safe_name(raw: str) -> str:
    """The last part of an uploaded name (either slash), without control characters, not too long."""
    name = _CONTROL.sub("", re.split(r"[/\\]", raw)[-1]).strip()
    if name in ("", ".", ".."):
        return messages.text("serve-unnamed")
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"


def mb(n: int) -> str:
    """A byte limit as the page says it: MB with at most one decimal."""
    return f"{n / 1024 / 1024:.1f}".removesuffix(".0")


@dataclass
class _Part:
    """A multipart part as it is received."""

    field_name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)
    size: int = 0


class _Collector:
    """python-multipart's callbacks: parts gathered in memory, the limits applied as bytes come."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.uploads: list[Upload] = []
        self.part = _Part()
        self.header_name = b""
        self.header_value = b""
        self.disposition = b""

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self.begin,
            "on_part_data": self.data,
            "on_part_end": self.end,
            "on_header_field": self.header_field,
            "on_header_value": self.header_val,
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_done,
        }

    def begin(self) -> None:
        self.part, self.disposition = _Part(), b""

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def header_val(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name = self.header_value = b""

    def headers_done(self) -> None:
        _, options = parse_options_header(self.disposition)
        self.part.field_name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            self.part.filename = options[b"filename"].decode("utf-8", "replace")
            if self.part.field_name == FILE_FIELD and self._files() >= self.limits.files:
                raise UploadError(413, "serve-too-many-files", limit=self.limits.files)

    def data(self, data: bytes, start: int, end: int) -> None:
        part = self.part
        part.size += end - start
        if part.size <= self.limits.file_bytes and part.field_name in (FILE_FIELD, TEXT_FIELD):
            part.data += data[start:end]
        elif part.data:
            part.data = bytearray()  # past the limit: keep counting, drop what came

    def end(self) -> None:
        part = self.part
        if part.field_name == FILE_FIELD and part.filename is not None:
            if part.filename == "" and part.size == 0:
                return  # the browser's empty part for "no file chosen"
            self.uploads.append(self._upload(safe_name(part.filename), part))
        elif part.field_name == TEXT_FIELD and part.filename is None and bytes(part.data).strip():
            self.uploads.append(self._upload(messages.text("serve-pasted-name"), part, pasted=True))

    def _upload(self, name: str, part: _Part, pasted: bool = False) -> Upload:
        too_large = part.size > self.limits.file_bytes
        return Upload(name, b"" if too_large else bytes(part.data), part.size, too_large, pasted)

    def _files(self) -> int:
        return sum(1 for u in self.uploads if not u.pasted)


async def read_uploads(
    content_type: str, length: str | None, body: AsyncIterator[bytes], limits: Limits
) -> list[Upload]:
    """The uploaded files and pasted text, in the order sent; UploadError when refused as a whole
    (also when the body takes longer than `upload_seconds`: a trickling client cannot hold a turn)."""
    receiving = _read(content_type, length, body, limits)
    try:
        return await asyncio.wait_for(receiving, limits.upload_seconds)
    except TimeoutError as e:  # (asyncio.wait_for raises the builtin one since Python 3.11)
        raise UploadError(408, "serve-upload-timeout", seconds=f"{limits.upload_seconds:g}") from e


async def _read(
    content_type: str, length: str | None, body: AsyncIterator[bytes], limits: Limits
) -> list[Upload]:
    kind, options = parse_options_header(content_type)
    if kind != b"multipart/form-data" or b"boundary" not in options:
        raise UploadError(415, "serve-not-multipart")
    if length and length.isdigit() and int(length) > limits.request_bytes:
        raise UploadError(413, "serve-request-too-large", limit=mb(limits.request_bytes))
    collector = _Collector(limits)
    parser = MultipartParser(options[b"boundary"], collector.callbacks())
    received = 0
    try:
        async for chunk in body:
            received += len(chunk)
            if received > limits.request_bytes:
                raise UploadError(413, "serve-request-too-large", limit=mb(limits.request_bytes))
            parser.write(chunk)
        parser.finalize()
    except FormParserError as e:
        raise UploadError(400, "serve-bad-form") from e
    if not collector.uploads:
        raise UploadError(400, "serve-no-file")
    return collector.uploads
