"""Safe YAML loading for gklint's data files, with libyaml's C loader when it is installed
(several times faster). Never `yaml.load` with a full loader.

Start-up reads a dozen data files (messages, table labels, normalisation): they are parsed once
and kept in the user's cache (gklint.cache), keyed by each file's name, size and time, so a
warm start does not import yaml at all."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml


def safe_loader() -> type[yaml.SafeLoader]:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # type: ignore[no-any-return]


def load_text(text: str) -> Any:  # noqa: ANN401 - YAML data
    import yaml

    return yaml.load(text, Loader=safe_loader())  # noqa: S506 - a safe loader (C or Python)


def load_file(path: Path) -> Any:  # noqa: ANN401 - YAML data
    from gklint import cache

    name, key = f"data-{path.stem}", cache.files_digest([path])
    found = cache.load(name, key)
    if isinstance(found, tuple) and len(found) == 1:
        return found[0]
    with path.open(encoding="utf-8") as f:
        data = load_text(f.read())
    cache.store(name, key, (data,))
    return data
