"""Read layer: a report file's bytes → a Source (decoded text, normalised text, position map).

Must not know anything about report structure; that is the parser's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gklint import messages
from gklint.errors import InputError
from gklint.model import Problem, Span
from gklint.read.decode import decode
from gklint.read.normalize import normalize
from gklint.read.posmap import PositionMap

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """A report as text: `raw` is what the user sees (line breaks unified), `text` is normalised."""

    path: str
    raw: str
    text: str
    posmap: PositionMap
    encoding: str
    problems: tuple[Problem, ...] = field(default_factory=tuple)


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read a report file; raise InputError if it cannot be read as a text report."""
    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(name, messages.text("input-too-large", size=size, limit=max_bytes))
        data = p.read_bytes()
    except IsADirectoryError as e:
        raise InputError(name, messages.text("input-directory")) from e
    except FileNotFoundError as e:
        raise InputError(name, messages.text("input-missing")) from e
    except OSError as e:
        raise InputError(name, messages.text("input-os-error", reason=e.strerror or e)) from e
    return read_bytes(data, name, max_bytes)


def read_bytes(data: bytes, path: str = "<stdin>", max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Decode and normalise a report given as bytes."""
    if len(data) > max_bytes:
        raise InputError(path, messages.text("input-too-large", size=len(data), limit=max_bytes))
    decoded = decode(data, path)
    return read_text(decoded.text, path, decoded.encoding, decoded.replaced)


def read_text(raw: str, path: str = "<text>", encoding: str = "utf-8", replaced: int = 0) -> Source:
    """A Source from text that is already decoded (tests, other containers)."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    text, posmap = normalize(raw)
    problems: list[Problem] = []
    if replaced:
        first = text.find("\ufffd")
        problems.append(
            Problem.make("decode-replaced", Span(first, first + 1), count=replaced, encoding=encoding)
        )
    return Source(path, raw, text, posmap, encoding, tuple(problems))
