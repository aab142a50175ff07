"""Read layer: a report file's bytes → a Source (decoded text, normalised text, position map).

Plain text is decoded and normalised; Word documents, web pages and PDFs are first rendered into
the same text layout (one paragraph a line, table rows as tab-separated cells) with, for each
line, where it came from in the original. The container is chosen by content (detect.py), unless
the caller names it. Must not know anything about report structure; that is the parser's job.
"""

from __future__ import annotations

from pathlib import Path

from gklint import messages
from gklint.errors import InputError
from gklint.files import DEFAULT_MAX_BYTES, TooLarge, describe, read_capped
from gklint.read.decode import decode
from gklint.read.detect import FORMAT_CHOICES, FormatChoice, check_choice, detect_format
from gklint.read.source import InputFormat, Source, read_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMAT_CHOICES",
    "FormatChoice",
    "InputFormat",
    "Source",
    "file_bytes",
    "detect_format",
    "read_bytes",
    "read_path",
    "read_text",
]


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, input_format: str = "auto") -> Source:
    """Read a report file; raise InputError if it cannot be read as a report.

    `input_format` is "auto" (decide by content) or one of "text", "docx", "html", "pdf"."""
    choice = check_choice(input_format, str(path))
    return read_bytes(file_bytes(path, max_bytes), str(path), max_bytes, choice)


def file_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A report file's bytes; raise InputError if it cannot be read or is too large."""
    name = str(path)
    p = Path(path)
    try:
        data = read_capped(p, max_bytes)
    except TooLarge as e:
        size = p.stat().st_size
        raise InputError(name, messages.text("input-too-large", size=size, limit=max_bytes)) from e
    except IsADirectoryError as e:
        raise InputError(name, messages.text("input-directory")) from e
    except FileNotFoundError as e:
        raise InputError(name, messages.text("input-missing")) from e
    except OSError as e:
        raise InputError(name, messages.text("input-os-error", reason=describe(e))) from e
    return data


def read_bytes(
    data: bytes, path: str = "<stdin>", max_bytes: int = DEFAULT_MAX_BYTES, input_format: str = "auto"
) -> Source:
    """Decode (or convert) and normalise a report given as bytes."""
    if len(data) > max_bytes:
        raise InputError(path, messages.text("input-too-large", size=len(data), limit=max_bytes))
    choice = check_choice(input_format, path)
    kind = detect_format(data, path) if choice == "auto" else choice
    # Container readers are imported when a file needs them: most runs read only text.
    if kind == "docx":
        from gklint.read.docx import read_docx

        return read_docx(data, path)
    if kind == "html":
        from gklint.read.html import read_html

        return read_html(data, path)
    if kind == "pdf":
        from gklint.read.pdf import read_pdf  # pdfplumber (gklint[pdf]) is imported only inside

        return read_pdf(data, path)
    decoded = decode(data, path)
    return read_text(decoded.text, path, decoded.encoding, decoded.replaced)
